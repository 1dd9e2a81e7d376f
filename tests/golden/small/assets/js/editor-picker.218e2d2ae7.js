/* Profile editor, part 5 of 6: the competence picker (search in both languages, chips in
   order of importance) and the address helpers (postal code → town and district). */
(function () {
  "use strict";
  var E = window.atlasEditor;
  var D = E.D;
  var el = E.el;

  function terms(c) {
    var also = c.also || {};
    return [c.label, c.id].concat(c.synonyms || [], also.label ? [also.label] : [], also.synonyms || []).map(E.fold);
  }
  var index = (D.competences || []).map(function (c) { return { c: c, terms: terms(c) }; });

  /** The competences matching a query, best first (label start, word start, anywhere). */
  E.searchCompetences = function (query, exclude) {
    var q = E.fold(query).trim();
    if (!q) return [];
    var hits = [];
    index.forEach(function (entry) {
      if (exclude.indexOf(entry.c.id) >= 0) return;
      var best = 9;
      entry.terms.forEach(function (term, i) {
        // whole term, start of the term, start of a word; inside a word (German compounds:
        // "sicherheit" in "Informationssicherheit") only from 3 letters on ("KI" is not "Tracking")
        var rank = term === q ? 0 : term.indexOf(q) === 0 ? 1 : (" " + term).indexOf(" " + q) >= 0 ? 2 : q.length >= 3 && term.indexOf(q) >= 0 ? 3 : 9;
        if (rank < 9 && i > 0) rank += 0.5;
        if (rank < best) best = rank;
      });
      if (best < 9) hits.push([best, entry.c]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1].label.localeCompare(b[1].label); });
    return hits.slice(0, 12).map(function (h) { return h[1]; });
  };

  E.competencePicker = function (f, path, value) {
    var chosen = Array.isArray(value) ? value : [];
    var max = (D.limits || {}).max_competences || f.maxItems || 15;
    var name = E.dotted(path);
    var box = el("fieldset", { class: "editor-competences", "data-editor-path": name });
    var legend = el("legend", {}, f.label);
    if (f.required) legend.appendChild(el("span", { class: "editor-required" }, " *"));
    box.appendChild(legend);
    var helpId = "ed-competences-help";
    if (f.help) box.appendChild(el("p", { class: "editor-help", id: helpId }, f.help));
    var err = el("p", { class: "editor-error", id: "ed-competences-error", hidden: true, "data-editor-error": name });
    box.appendChild(err);

    var chips = el("ol", { class: "editor-chips" });
    chosen.forEach(function (id, i) {
      var c = E.competenceById[id];
      var li = el("li", { class: "editor-chip", "data-editor-path": name + "[" + i + "]", "data-value": id });
      li.appendChild(el("span", { class: "editor-chip-label" }, c ? c.label : id + " (" + E.text("editor_competence_unknown") + ")"));
      var hidden = el("input", { type: "hidden", name: name + "[" + i + "]" });
      hidden.value = id;
      li.appendChild(hidden);
      var label = c ? c.label : id;
      var move = function (delta) {
        return function () {
          var arr = E.getIn(E.state.data, path);
          var j = i + delta;
          if (j < 0 || j >= arr.length) return;
          var tmp = arr[i]; arr[i] = arr[j]; arr[j] = tmp;
          E.refresh(path);
          var again = E.form.querySelector('[data-editor-path="' + name + "[" + j + ']"] .editor-' + (delta < 0 ? "up" : "down"));
          if (again && !again.disabled) again.focus();
          else if ((again = E.form.querySelector('[data-editor-path="' + name + "[" + j + ']"] button'))) again.focus();
        };
      };
      li.appendChild(E.button("↑", "editor-up", move(-1), { "aria-label": E.text("editor_up") + ": " + label, disabled: i === 0 }));
      li.appendChild(E.button("↓", "editor-down", move(1), { "aria-label": E.text("editor_down") + ": " + label, disabled: i === chosen.length - 1 }));
      li.appendChild(E.button("×", "editor-remove", function () {
        E.getIn(E.state.data, path).splice(i, 1);
        E.refresh(path);
        var search = E.form.querySelector("[data-editor-competence-search]");
        if (search) search.focus();
      }, { "aria-label": E.text("editor_remove") + ": " + label }));
      chips.appendChild(li);
    });
    box.appendChild(chips);

    var listId = "ed-competence-options";
    var input = el("input", {
      type: "text", id: "ed-competence-search", role: "combobox", "aria-autocomplete": "list",
      "aria-expanded": "false", "aria-controls": listId, autocomplete: "off",
      "data-editor-competence-search": true, "aria-describedby": (f.help ? helpId + " " : "") + err.id,
    });
    var searchLabel = el("label", { for: input.id }, E.text("editor_competence_search"));
    var options = el("ul", { id: listId, role: "listbox", class: "editor-options", hidden: true, "aria-label": f.label });
    var status = el("p", { class: "editor-help", "aria-live": "polite" });
    var hits = [];
    var active = -1;
    function close() {
      options.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(i) {
      active = i;
      Array.prototype.forEach.call(options.children, function (li, j) {
        li.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      if (i >= 0 && options.children[i]) input.setAttribute("aria-activedescendant", options.children[i].id);
      else input.removeAttribute("aria-activedescendant");
    }
    function choose(c) {
      var arr = E.getIn(E.state.data, path);
      if (!Array.isArray(arr)) { arr = []; E.setIn(E.state.data, path, arr); }
      if (arr.length >= max || arr.indexOf(c.id) >= 0) return;
      arr.push(c.id);
      E.refresh(path);
      var again = E.form.querySelector("[data-editor-competence-search]");
      if (again) again.focus();
    }
    function update() {
      hits = E.searchCompetences(input.value, chosen);
      options.textContent = "";
      hits.forEach(function (c, i) {
        var li = el("li", { role: "option", id: listId + "-" + i, "aria-selected": "false", "data-value": c.id });
        li.appendChild(el("span", {}, c.label));
        li.appendChild(el("span", { class: "editor-option-category" }, " – " + c.category));
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(c); });
        options.appendChild(li);
      });
      var open = hits.length > 0;
      options.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      status.textContent = input.value.trim() && !open ? E.text("editor_competence_none") : "";
      highlight(open ? 0 : -1);
    }
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") {
        ev.preventDefault();
        if (options.hidden) update();
        else highlight(Math.min(active + 1, hits.length - 1));
      } else if (ev.key === "ArrowUp") {
        ev.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (ev.key === "Enter") {
        ev.preventDefault();
        if (!options.hidden && hits[active]) choose(hits[active]);
      } else if (ev.key === "Escape") {
        if (!options.hidden) { ev.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", close);
    if (chosen.length >= max) {
      input.disabled = true;
      status.textContent = E.text("editor_competence_limit", { max: max });
    }
    box.appendChild(searchLabel);
    box.appendChild(input);
    box.appendChild(options);
    box.appendChild(status);
    return box;
  };

  // ------------------------------------------------------------------ address

  function placesOf(code) {
    return (D.places || {})[code] || null;
  }
  /** district: a select of the postal code's districts when it has several. */
  E.districtControl = function (f, path, value, labelled, scalarControl) {
    var code = E.getIn(E.state.data, ["address", "postal_code"]);
    var rows = placesOf(code);
    var districts = rows ? E.unique(rows.map(function (r) { return r[1]; })) : [];
    if (districts.length > 1) {
      var choice = Object.assign({}, f, { type: "choice", choices: districts.map(function (d) { return { value: d, label: d }; }) });
      return labelled(choice, path, scalarControl(choice, path, value));
    }
    return labelled(f, path, scalarControl(f, path, value));
  };
  /** Fills in the town (and offers the districts) as the member types the postal code. */
  E.postalCodeChanged = function (code) {
    var rows = placesOf(code);
    var address = E.getIn(E.state.data, ["address"]) || {};
    var towns = rows ? E.unique(rows.map(function (r) { return r[0]; })) : [];
    var city = E.form.querySelector('[name="address.city"]');
    if (rows && city && (!address.city || towns.indexOf(address.city) < 0 || E.state.autoCity === address.city)) {
      E.setIn(E.state.data, ["address", "city"], towns[0]);
      E.state.autoCity = towns[0];
      city.value = towns[0];
    }
    var list = document.getElementById("ed-city-places");
    if (!list && city) {
      list = el("datalist", { id: "ed-city-places" });
      city.parentNode.appendChild(list);
      city.setAttribute("list", list.id);
    }
    if (list) {
      list.textContent = "";
      towns.forEach(function (t) { list.appendChild(el("option", { value: t })); });
    }
    var districts = rows ? E.unique(rows.map(function (r) { return r[1]; })) : [];
    var current = E.getIn(E.state.data, ["address", "district"]);
    var districtSelect = E.form.querySelector('select[name="address.district"]');
    if (districts.length > 1 || districtSelect) {
      if (current && districts.indexOf(current) < 0 && districtSelect) E.setIn(E.state.data, ["address", "district"], undefined);
      E.refresh(["address"]);
    }
  };
})();
