/* Profile editor, part 6 of 6: loading a profile (?member= or the pasted file), the problems
   list, making the file (copy, download, GitHub link), the description preview, the logo. */
(function () {
  "use strict";
  var E = window.atlasEditor;
  var D = E.D;
  var el = E.el;
  var $ = function (sel) { return document.querySelector(sel); };
  E.state = { data: {}, body: "", loaded: null, slug: null, original: {}, notes: [] };
  var timer = null;

  E.changed = function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (E.state.shown) check(false);
      clearOutput();
    }, 250);
  };

  function clearOutput() {
    var out = $("[data-editor-output]");
    if (out && out.value) out.value = "";
    setLinks(null);
  }

  // ------------------------------------------------------------------ problems

  function showProblems(problems, summary) {
    var box = $("[data-editor-problems]");
    box.textContent = "";
    Array.prototype.forEach.call(E.form.querySelectorAll("[aria-invalid]"), function (c) { c.removeAttribute("aria-invalid"); });
    Array.prototype.forEach.call(E.form.querySelectorAll("[data-editor-error]"), function (m) { m.textContent = ""; m.hidden = true; });
    var notes = E.state.notes.map(function (n) { return { path: "", message: n, hint: "", level: "note" }; });
    var all = problems.concat(notes);
    if (!all.length) {
      if (summary) box.appendChild(el("p", {}, summary));
      return;
    }
    var errors = problems.filter(function (p) { return p.level === "error"; });
    box.appendChild(el("p", { class: "editor-problems-title" }, errors.length ? E.text("editor_problems") : summary || E.text("editor_warnings")));
    var ul = el("ul", {});
    all.forEach(function (p) {
      var li = el("li", { "data-field": p.path, "data-level": p.level });
      li.appendChild(el("span", { class: "editor-problem-message" }, (p.path ? p.path + ": " : "") + p.message));
      if (p.hint) li.appendChild(el("span", { class: "editor-problem-hint" }, " – " + p.hint));
      ul.appendChild(li);
      if (!p.path) return;
      var msg = findMessage(p.path);
      if (msg) {
        msg.textContent = msg.textContent ? msg.textContent + " " + p.message : p.message + (p.hint ? " – " + p.hint : "");
        msg.hidden = false;
      }
      if (p.level === "error") {
        var control = E.form.querySelector('[name="' + p.path + '"]') || (p.path.indexOf("competences") === 0 ? E.form.querySelector("[data-editor-competence-search]") : null);
        if (control) control.setAttribute("aria-invalid", "true");
      }
    });
    box.appendChild(ul);
  }
  function findMessage(path) {
    var p = path;
    while (p) {
      var m = E.form.querySelector('[data-editor-error="' + p + '"]');
      if (m) return m;
      var cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      p = cut > 0 ? p.slice(0, cut) : "";
    }
    return null;
  }
  function check(final) {
    var clean = E.cleanAll(E.state.data);
    var problems = E.validate(clean, E.state.body, E.state.slug);
    showProblems(problems, final ? E.text("editor_made") : E.text("editor_no_problems"));
    return { clean: clean, ok: !problems.some(function (p) { return p.level === "error"; }) };
  }

  // ------------------------------------------------------------------ output

  function fileName() {
    var slug = E.state.slug || E.slugify(E.state.data.name || "");
    return slug + ".md";
  }
  var blobUrl = null;
  function setLinks(text) {
    var download = $("[data-editor-download]");
    var github = $("[data-editor-github]");
    var copy = $("[data-editor-copy]");
    if (blobUrl) { URL.revokeObjectURL(blobUrl); blobUrl = null; }
    if (copy) copy.disabled = !text;
    if (download) {
      if (text) {
        blobUrl = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
        download.href = blobUrl;
        download.setAttribute("download", fileName());
        download.hidden = false;
        download.removeAttribute("aria-disabled");
      } else {
        download.removeAttribute("href");
        download.setAttribute("aria-disabled", "true");
      }
    }
    if (github) {
      var url = null;
      if (text && E.state.slug && D.edit_url) {
        url = D.edit_url.replace("{path}", (D.members_dir || "content/members") + "/" + E.state.slug + ".md");
      } else if (text && !E.state.slug && D.new_url) {
        url = D.new_url.replace("{name}", encodeURIComponent(fileName())).replace("{value}", encodeURIComponent(text));
      }
      if (url) { github.href = url; github.hidden = false; }
      else {
        github.removeAttribute("href");
        github.hidden = !(D.edit_url || D.new_url) || !text;
      }
    }
  }
  function make(ev) {
    if (ev) ev.preventDefault();
    E.state.shown = true;
    var result = check(true);
    var out = $("[data-editor-output]");
    if (!result.ok) {
      out.value = "";
      setLinks(null);
      var first = E.form.querySelector('[aria-invalid="true"]');
      if (first) first.focus();
      return;
    }
    var text = E.state.loaded ? E.docText(E.state.loaded, result.clean, E.state.body) : E.fileText(result.clean, E.state.body);
    out.value = text;
    setLinks(text);
  }
  function copy() {
    var out = $("[data-editor-output]");
    var note = function (key) {
      var status = $("[data-editor-copy-status]") || $("[data-editor-problems]");
      if (status) { status.textContent = ""; status.appendChild(el("p", {}, E.text(key))); }
    };
    var select = function () { out.focus(); out.select(); note("editor_copy_select"); };
    if (!out.value) return;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(out.value).then(function () { note("editor_copied"); }, select);
    } else select();
  }

  // ------------------------------------------------------------------ description

  var md = null;
  var purifyConfig = null;
  function preview() {
    var box = $("[data-editor-preview]");
    if (!box) return;
    if (!md && window.markdownit) {
      md = window.markdownit({ html: false, linkify: false });
      var s = D.sanitize || {};
      var attrs = [];
      Object.keys(s.attributes || {}).forEach(function (tag) { attrs = attrs.concat(s.attributes[tag]); });
      var schemes = (s.url_schemes || ["http", "https", "mailto"]).map(function (x) { return x.replace(/[^a-z0-9+.-]/gi, ""); });
      purifyConfig = {
        ALLOWED_TAGS: s.tags || ["p", "a", "strong", "em", "ul", "ol", "li"], ALLOWED_ATTR: E.unique(attrs),
        ALLOWED_URI_REGEXP: new RegExp("^(?:(?:" + schemes.join("|") + "):|[^a-z]|[a-z+.-]+(?:[^a-z+.\\-:]|$))", "i"),
      };
      var allowedFor = s.attributes || {};
      window.DOMPurify.addHook("uponSanitizeAttribute", function (node, data) {
        var allowed = allowedFor[node.nodeName.toLowerCase()] || [];
        if (allowed.indexOf(data.attrName) < 0) data.keepAttr = false;
      });
    }
    if (!md || !window.DOMPurify) { box.textContent = E.state.body; return; }
    // the one place member text becomes HTML: markdown-it without HTML, then DOMPurify
    box.innerHTML = window.DOMPurify.sanitize(md.render(E.state.body || ""), purifyConfig);
  }
  function descriptionField() {
    var box = el("div", { class: "editor-field editor-description", "data-editor-field": "description" });
    var id = "ed-description";
    box.appendChild(el("label", { for: id }, E.text("editor_description")));
    box.appendChild(el("p", { class: "editor-help", id: id + "-help" }, E.text("editor_description_help")));
    var area = el("textarea", { id: id, name: "description", rows: 12, "aria-describedby": id + "-help " + id + "-error" });
    area.value = E.state.body;
    area.addEventListener("input", function () { E.state.body = area.value; preview(); E.changed(); });
    box.appendChild(area);
    box.appendChild(el("p", { class: "editor-error", id: id + "-error", hidden: true, "data-editor-error": "description" }));
    return box;
  }

  // ------------------------------------------------------------------ loading

  function show() {
    E.buildForm();
    var fields = E.form.querySelector("[data-editor-fields]");
    fields.appendChild(descriptionField());
    preview();
    clearOutput();
    if (E.state.shown) check(false);
    else showProblems([], "");
  }
  function loadData(data, body, loaded, slug) {
    E.state.data = JSON.parse(JSON.stringify(data || {}));
    E.state.original = JSON.parse(JSON.stringify(data || {}));
    E.state.body = String(body || "").replace(/\s+$/, "");
    E.state.loaded = loaded;
    E.state.slug = slug;
    show();
  }
  function loadText(text, name) {
    var parsed = E.parseFile(text);
    if (parsed.error) {
      E.state.notes = [];
      showProblems([{ path: "", message: parsed.error, hint: "", level: "error" }], "");
      return false;
    }
    var slug = name ? name.replace(/^.*[\\/]/, "").replace(/(\.en)?\.md$/, "") : null;
    var member = null;
    (D.members || []).forEach(function (m) {
      if (m[0] === slug || (!slug && m[1] === parsed.data.name)) member = m[0];
    });
    if (!member && E.state.slug && parsed.data.name === E.state.data.name) member = E.state.slug;
    if (!member && E.state.slug && !name) member = E.state.slug;
    E.state.notes = [E.text("editor_loaded", { name: name || parsed.data.name || "" })];
    loadData(parsed.data, parsed.body, parsed, member);
    return true;
  }
  function memberFromUrl() {
    var slug = new URLSearchParams(window.location.search).get("member");
    if (!slug) return Promise.resolve(false);
    var ready = function () {
      var m = window.atlasEditorMember;
      if (m && m.slug === slug) {
        E.state.notes = m.has_maintainers ? [E.text("editor_maintainers_kept")] : [];
        loadData(m.data, m.description, null, m.slug);
      } else {
        E.state.notes = [E.text("editor_member_not_found", { slug: slug })];
        showProblems([], "");
      }
      return true;
    };
    if (window.atlasEditorMember || document.readyState === "complete") return Promise.resolve(ready());
    return new Promise(function (resolve) { window.addEventListener("load", function () { resolve(ready()); }); });
  }

  // ------------------------------------------------------------------ logo

  function logo(file) {
    var out = $("[data-editor-logo-result]");
    var limits = D.limits || {};
    var say = function (lines) {
      out.textContent = "";
      lines.forEach(function (l) { out.appendChild(el("p", {}, l)); });
    };
    if (!file) return say([]);
    var types = limits.logo_types || ["image/svg+xml", "image/png", "image/webp", "image/jpeg"];
    var name = E.slugify(fileName().replace(/\.md$/, "")) + "." + ({ "image/svg+xml": "svg", "image/png": "png", "image/webp": "webp", "image/jpeg": "jpg" }[file.type] || "png");
    if (types.indexOf(file.type) < 0) return say([E.text("editor_logo_type")]);
    if (limits.logo_max_bytes && file.size > limits.logo_max_bytes) {
      return say([E.text("editor_logo_size", { size: file.size, limit: limits.logo_max_bytes })]);
    }
    var done = function (extra) { say(extra.concat([E.text("editor_logo_upload", { name: name })])); };
    if (file.type === "image/svg+xml" || !limits.logo_max_width) return done([E.text("editor_logo_ok")]);
    var url = URL.createObjectURL(file);
    var img = new Image();
    img.addEventListener("load", function () {
      URL.revokeObjectURL(url);
      if (img.naturalWidth > limits.logo_max_width) say([E.text("editor_logo_width", { width: img.naturalWidth, limit: limits.logo_max_width })]);
      else done([E.text("editor_logo_ok")]);
    });
    img.addEventListener("error", function () { URL.revokeObjectURL(url); say([E.text("editor_logo_type")]); });
    img.src = url;
  }

  // ------------------------------------------------------------------ start

  E.start = function () {
    E.form = $("[data-editor]");
    if (!E.form || !window.YAML) return;
    E.form.addEventListener("submit", make);
    var loadButton = $("[data-editor-load]");
    var input = $("[data-editor-input]");
    var fileInput = $("[data-editor-file]");
    if (loadButton) loadButton.addEventListener("click", function () { loadText(input.value, null); });
    if (fileInput) {
      fileInput.addEventListener("change", function () {
        var f = fileInput.files && fileInput.files[0];
        if (!f) return;
        f.text().then(function (text) {
          if (input) input.value = text;
          loadText(text, f.name);
        });
      });
    }
    var copyButton = $("[data-editor-copy]");
    if (copyButton) copyButton.addEventListener("click", copy);
    var logoInput = $("[data-editor-logo]");
    if (logoInput) logoInput.addEventListener("change", function () { logo(logoInput.files && logoInput.files[0]); });
    E.form.addEventListener("change", function () { if (E.state.shown) check(false); });
    show();
    memberFromUrl();
    E.form.setAttribute("data-editor-ready", "true");
  };
})();
