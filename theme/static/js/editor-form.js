/* Profile editor, part 4 of 6: the form built from window.atlasEditorData.fields. Every
   control's name is the dotted path (contacts[0].email); values go to E.state.data. */
(function () {
  "use strict";
  var E = window.atlasEditor;
  var D = E.D;
  var uid = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) node.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  E.el = el;
  function idFor(name) {
    return "ed-" + name.replace(/[^A-Za-z0-9]+/g, "-") + "-" + ++uid;
  }
  function button(label, cls, onClick, extra) {
    var b = el("button", Object.assign({ type: "button", class: cls }, extra || {}), label);
    b.addEventListener("click", onClick);
    return b;
  }

  /** Re-renders the top-level field of path, keeping the focus on the same control. */
  function refresh(path) {
    var top = path[0];
    var wrap = E.form.querySelector('[data-editor-field="' + top + '"]');
    var f = E.fieldByKey(D.fields, top);
    if (!wrap || !f) return;
    var active = document.activeElement;
    var name = active && active.getAttribute ? active.getAttribute("name") : null;
    var fresh = renderField(f, [top]);
    wrap.replaceWith(fresh);
    if (name) {
      var again = fresh.querySelector('[name="' + name.replace(/"/g, '\\"') + '"]');
      if (again) again.focus();
    }
    E.changed();
  }
  E.refresh = refresh;

  function setValue(path, value) {
    E.setIn(E.state.data, path, value === "" ? undefined : value);
    E.changed();
  }
  function labelled(f, path, control) {
    var name = E.dotted(path);
    var id = control.id || (control.id = idFor(name));
    var box = el("div", { class: "editor-control", "data-editor-path": name });
    var label = el("label", { for: id }, f.label || f.key);
    if (f.required) {
      label.appendChild(document.createTextNode(" "));
      label.appendChild(el("span", { class: "editor-required", title: E.text("editor_required") }, "*"));
    }
    box.appendChild(label);
    var described = [];
    if (f.help) {
      var help = el("p", { class: "editor-help", id: id + "-help" }, f.help);
      described.push(help.id);
      box.appendChild(help);
    }
    box.appendChild(control);
    var msg = el("p", { class: "editor-error", id: id + "-error", hidden: true, "data-editor-error": name });
    described.push(msg.id);
    box.appendChild(msg);
    control.setAttribute("aria-describedby", described.join(" "));
    if (f.required) control.setAttribute("aria-required", "true");
    return box;
  }

  function scalarControl(f, path, value) {
    var name = E.dotted(path);
    var control;
    var v = value === undefined || value === null ? "" : String(value);
    if (f.type === "choice") {
      control = el("select", { name: name });
      control.appendChild(el("option", { value: "" }, E.text("editor_choose")));
      var known = false;
      (f.choices || []).forEach(function (c) {
        var loose = function (x) { return E.fold(x).replace(/[^a-z0-9]/g, ""); };  // "Start-up" is "startup"
        var o = el("option", { value: c.value }, c.label + (loose(c.label) !== loose(c.value) ? " (" + c.value + ")" : ""));
        if (c.value === v) { o.selected = true; known = true; }
        control.appendChild(o);
      });
      if (v && !known) {
        var o = el("option", { value: v }, v);
        o.selected = true;
        control.appendChild(o);
      }
      control.addEventListener("change", function () { setValue(path, control.value); });
      return control;
    }
    if (f.type === "boolean") {
      control = el("input", { type: "checkbox", name: name });
      var original = E.getIn(E.state.original || {}, path);
      control.checked = v === "" ? f.key === "listed" : /^true$/i.test(v);
      control.addEventListener("change", function () {
        var keep = typeof original === "string" && /^(true|false)$/i.test(original) && /^true$/i.test(original) === control.checked;
        setValue(path, keep ? original : control.checked ? (f.key === "listed" ? "" : "true") : "false");
      });
      return control;
    }
    if (f.type === "textarea") {
      control = el("textarea", { name: name, rows: 3 });
    } else {
      var type = { url: "url", email: "email", phone: "tel", date: "text" }[f.type] || "text";
      control = el("input", { type: type, name: name });
      if (f.type === "integer" || f.type === "number") control.setAttribute("inputmode", f.type === "integer" ? "numeric" : "decimal");
      if (f.type === "date") control.setAttribute("placeholder", "JJJJ-MM-TT".replace(/J/g, D.lang === "en" ? "Y" : "J").replace(/TT/, D.lang === "en" ? "DD" : "TT"));
      if (f.key === "postal_code") { control.setAttribute("inputmode", "numeric"); control.setAttribute("autocomplete", "postal-code"); }
    }
    if (f.maxLength) control.setAttribute("maxlength", String(f.maxLength + 50));
    control.value = v;
    control.addEventListener("input", function () {
      setValue(path, control.value);
      if (f.key === "postal_code" && path[0] === "address") E.postalCodeChanged(control.value);
    });
    return control;
  }

  function listField(f, path, value) {
    var list = Array.isArray(value) ? value : [];
    var box = el("fieldset", { class: "editor-list", "data-editor-path": E.dotted(path) });
    var legend = el("legend", {}, f.label || f.key);
    if (f.required) legend.appendChild(el("span", { class: "editor-required" }, " *"));
    box.appendChild(legend);
    if (f.help) box.appendChild(el("p", { class: "editor-help" }, f.help));
    box.appendChild(el("p", { class: "editor-error", hidden: true, "data-editor-error": E.dotted(path) }));
    var items = list.length || !f.minItems ? list : [""];
    items.forEach(function (item, i) {
      var p = path.concat([i]);
      var row = el("div", { class: "editor-item" });
      var sub = Object.assign({}, f.items, { label: (f.items.label || f.label) + " – " + E.text("editor_entry").replace("{n}", String(i + 1)), help: "", required: false });
      if (f.items.type === "object") {
        var group = objectField(sub, p, item);
        row.appendChild(group);
      } else row.appendChild(labelled(sub, p, scalarControl(sub, p, item)));
      row.appendChild(button(E.text("editor_remove"), "editor-remove", function () {
        var arr = E.getIn(E.state.data, path) || [];
        arr.splice(i, 1);
        refresh(path);
      }, { "aria-label": E.text("editor_remove") + ": " + sub.label }));
      box.appendChild(row);
    });
    if (f.maxItems === undefined || list.length < f.maxItems) {
      var addLabel = f.editor === "contacts" ? E.text("editor_contact_add") : f.editor === "needs" ? E.text("editor_need_add") : E.text("editor_item_add");
      box.appendChild(button(addLabel, "editor-add", function () {
        var arr = E.getIn(E.state.data, path);
        if (!Array.isArray(arr)) { arr = items.slice(); E.setIn(E.state.data, path, arr); }
        arr.push(f.items.type === "object" ? {} : "");
        refresh(path);
        var all = E.form.querySelectorAll('[data-editor-path="' + E.dotted(path) + '"] input, [data-editor-path="' + E.dotted(path) + '"] select');
        if (all.length) all[all.length - (f.items.type === "object" ? Math.max(1, f.items.fields.length) : 1)].focus();
      }));
    }
    return box;
  }

  function needControl(f, path, value) {
    // a competence of the taxonomy, grouped by category
    var control = el("select", { name: E.dotted(path) });
    control.appendChild(el("option", { value: "" }, E.text("editor_choose")));
    var groups = {};
    var known = false;
    (D.competences || []).forEach(function (c) {
      var g = groups[c.category];
      if (!g) { g = groups[c.category] = el("optgroup", { label: c.category }); control.appendChild(g); }
      var o = el("option", { value: c.id }, c.label);
      if (c.id === value) { o.selected = true; known = true; }
      g.appendChild(o);
    });
    if (value && !known) {
      var o = el("option", { value: value }, value + " (" + E.text("editor_competence_unknown") + ")");
      o.selected = true;
      control.appendChild(o);
    }
    control.addEventListener("change", function () { setValue(path, control.value); });
    return control;
  }

  function objectField(f, path, value) {
    var obj = E.isObj(value) ? value : {};
    var box = el(path.length > 1 && f.type === "object" && path[0] === "offers" ? "details" : "fieldset", { class: "editor-group", "data-editor-path": E.dotted(path) });
    var title;
    if (box.tagName === "DETAILS") {
      title = el("summary", {}, f.label || f.key);
      if (Object.keys(obj).length) box.open = true;
      box.appendChild(title);
      var inner = el("fieldset", { class: "editor-group" });
      inner.appendChild(el("legend", { class: "editor-visually-hidden" }, f.label || f.key));
      box.appendChild(inner);
    } else {
      title = el("legend", {}, f.label || f.key);
      if (f.required) title.appendChild(el("span", { class: "editor-required" }, " *"));
      box.appendChild(title);
    }
    var target = box.tagName === "DETAILS" ? box.lastChild : box;
    if (f.help) target.appendChild(el("p", { class: "editor-help" }, f.help));
    target.appendChild(el("p", { class: "editor-error", hidden: true, "data-editor-error": E.dotted(path) }));
    (f.fields || []).forEach(function (sub) {
      var p = path.concat([sub.key]);
      target.appendChild(renderInner(sub, p, obj[sub.key]));
    });
    return box;
  }

  function renderInner(f, path, value) {
    if (f.key === "competences" && path.length === 1) return E.competencePicker(f, path, value);
    if (f.type === "list") return listField(f, path, value);
    if (f.type === "object") return objectField(f, path, value);
    if (f.key === "competence" && path[0] === "needs") return labelled(f, path, needControl(f, path, value));
    if (f.key === "district" && path[0] === "address") return E.districtControl(f, path, value, labelled, scalarControl);
    return labelled(f, path, scalarControl(f, path, value));
  }

  function renderField(f, path) {
    var wrap = el("div", { class: "editor-field", "data-editor-field": f.key });
    wrap.appendChild(renderInner(f, path, E.getIn(E.state.data, path)));
    return wrap;
  }

  /** Builds the whole form into [data-editor-fields] from E.state.data. */
  E.buildForm = function () {
    var box = E.form.querySelector("[data-editor-fields]");
    box.textContent = "";
    (D.fields || []).forEach(function (f) {
      box.appendChild(renderField(f, [f.key]));
    });
  };
  E.labelled = labelled;
  E.scalarControl = scalarControl;
  E.button = button;
})();
