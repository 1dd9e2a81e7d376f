/* Profile editor (issue 18), part 1 of 6: texts, YAML text of the member file, validation.
   A classic script (no ES module: it must load from file://). Reads window.atlasEditorData;
   puts its functions on window.atlasEditor. Member text is never inserted as HTML. */
(function () {
  "use strict";
  var E = (window.atlasEditor = window.atlasEditor || {});
  var D = window.atlasEditorData || {};
  E.D = D;

  // ------------------------------------------------------------------ texts and messages

  var FALLBACK = {
    editor_required: "required",
    editor_add: "Add",
    editor_remove: "Remove",
    editor_up: "Move up",
    editor_down: "Move down",
    editor_choose: "— choose —",
    editor_competence_search: "Search competences",
    editor_competence_none: "No competence matches",
    editor_competence_limit: "At most {max} competences",
    editor_competence_unknown: "unknown id",
    editor_need_add: "Add a need",
    editor_contact_add: "Add a contact person",
    editor_item_add: "Add an entry",
    editor_entry: "Entry {n}",
    editor_contact: "Contact person {n}",
    editor_need: "Need {n}",
    editor_description: "Description (Markdown)",
    editor_description_help: "A few paragraphs on what the organisation offers.",
    editor_preview: "Preview",
    editor_problems: "Please correct:",
    editor_no_problems: "No problems found.",
    editor_warnings: "Please check:",
    editor_made: "The file is ready below: copy it or download it, then propose it on GitHub.",
    editor_copied: "Copied.",
    editor_copy_select: "Selected: press Ctrl+C to copy.",
    editor_loaded: "Loaded: {name}",
    editor_parse_error: "Line {line}: {detail}",
    editor_no_front_matter: "The file does not start with a line '---' (the front matter).",
    editor_not_closed: "The front matter is not closed by a line '---'.",
    editor_not_fields: "The front matter holds no fields of the form 'key: value'.",
    editor_member_not_found: "The member '{slug}' was not found: start a new profile or paste your file.",
    editor_maintainers_kept:
      "The public data does not contain the maintainers: paste your current file to keep them.",
    editor_exists: "A member file '{name}' exists already: edit that member instead.",
    editor_logo_type: "The logo must be an SVG, PNG, WebP or JPEG file.",
    editor_logo_size: "The logo is too large ({size} bytes; at most {limit}).",
    editor_logo_width: "The logo is {width} pixels wide; at most {limit}.",
    editor_logo_ok: "The logo fits.",
    editor_logo_upload:
      "Upload the file in the pull request to content/members/logos/ and enter its name under 'logo': {name}",
    editor_places: "Places of this postal code: {places}",
  };

  function fmt(template, params) {
    params = params || {};
    return String(template).replace(/\{\{|\}\}|\{([a-z_][a-z0-9_]*)\}/g, function (m, name) {
      if (m === "{{") return "{";
      if (m === "}}") return "}";
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m;
    });
  }
  /** An interface string (theme/i18n, keys editor_*), with an English fallback. */
  E.text = function (key, params) {
    var texts = D.texts || {};
    var s = texts[key] !== undefined ? texts[key] : FALLBACK[key] !== undefined ? FALLBACK[key] : key;
    return fmt(s, params);
  };
  /** A catalogue message (domain.key) as atlasgen.common.i18n.t fills it in. */
  E.t = function (key, params) {
    var entry = (D.messages || {})[key];
    if (entry === undefined) return key;
    if (entry && typeof entry === "object") entry = params && params.n === 1 ? entry.one : entry.other;
    return fmt(entry, params);
  };
  E.has = function (key) {
    return (D.messages || {})[key] !== undefined;
  };

  // ------------------------------------------------------------------ small helpers

  /** Case-, accent- and punctuation-insensitive form for searching. */
  E.fold = function (s) {
    return String(s)
      .toLowerCase()
      .replace(/ß/g, "ss")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
  };
  /** The slug atlasgen new member makes from a name (content/project.py slugify). */
  E.slugify = function (name) {
    var s = String(name).toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue");
    s = s.replace(/ß/g, "ss").normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    s = s.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64).replace(/-+$/, "");
    return s.length >= 2 ? s : (s + "-mitglied").replace(/^-+/, "");
  };
  /** "contacts[0].email" from ["contacts", 0, "email"]. */
  E.dotted = function (path) {
    var out = "";
    path.forEach(function (p) {
      out += typeof p === "number" ? "[" + p + "]" : (out ? "." : "") + p;
    });
    return out;
  };
  E.fieldByKey = function (list, key) {
    for (var i = 0; i < (list || []).length; i++) if (list[i].key === key) return list[i];
    return null;
  };
  E.isObj = function (v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  };
  E.getIn = function (obj, path) {
    for (var i = 0; i < path.length; i++) {
      if (obj === null || obj === undefined) return undefined;
      obj = obj[path[i]];
    }
    return obj;
  };
  E.setIn = function (obj, path, value) {
    for (var i = 0; i < path.length - 1; i++) {
      if (obj[path[i]] === null || typeof obj[path[i]] !== "object") {
        obj[path[i]] = typeof path[i + 1] === "number" ? [] : {};
      }
      obj = obj[path[i]];
    }
    var last = path[path.length - 1];
    if (value === undefined) {
      if (Array.isArray(obj)) obj[last] = undefined;
      else delete obj[last];
    } else obj[last] = value;
  };
  function isEmpty(v) {
    if (v === undefined || v === null || v === "") return true;
    if (Array.isArray(v)) return v.length === 0;
    if (E.isObj(v)) return Object.keys(v).length === 0;
    return false;
  }
  /** The data as it goes into the file: fields in schema order, empty values left out. */
  E.clean = function (value, field) {
    if (field.type === "object") {
      if (!E.isObj(value)) return undefined;
      var out = {};
      field.fields.forEach(function (f) {
        var v = E.clean(value[f.key], f);
        if (!isEmpty(v)) out[f.key] = v;
      });
      return isEmpty(out) ? undefined : out;
    }
    if (field.type === "list") {
      if (!Array.isArray(value)) return isEmpty(value) ? undefined : value;
      var items = [];
      value.forEach(function (item) {
        var v = E.clean(item, field.items);
        if (!isEmpty(v)) items.push(v);
      });
      return items.length ? items : undefined;
    }
    if (typeof value === "string") return value === "" ? undefined : value;
    return isEmpty(value) ? undefined : value;
  };
  E.cleanAll = function (data) {
    return E.clean(data, { type: "object", fields: D.fields || [] }) || {};
  };

  // ------------------------------------------------------------------ YAML text (yamltext.py)

  var PLAIN_FORMATS = {
    founded: /^[0-9]{1,4}$/,
    lat: /^-?[0-9]{1,3}(\.[0-9]+)?$/,
    lon: /^-?[0-9]{1,3}(\.[0-9]+)?$/,
    listed: /^(true|false|True|False|TRUE|FALSE)$/,
    last_verified: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/,
  };
  var ALWAYS_QUOTED = { phone: true, postal_code: true };
  var YAML12_SPECIAL =
    /^(?:[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;
  // What PyYAML's resolver (YAML 1.1) reads as something other than text.
  var YAML11_IMPLICIT = [
    /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    /^(?:~|null|Null|NULL|)$/,
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?)$/,
    /^(?:<<|=)$/,
  ];
  var NOT_PRINTABLE = /[\p{C}\p{Z}]/u;
  // Characters PyYAML's emitter does not write plain (outside its printable set, or the BOM).
  var PYYAML_SPECIAL = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]|\uFEFF/u;

  /** A YAML double-quoted scalar: JSON's escapes plus \u for every invisible character. */
  E.quoted = function (value) {
    var text = JSON.stringify(value);
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      var code = ch.charCodeAt(0);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        out += ch + text[++i];
      } else if (ch !== " " && NOT_PRINTABLE.test(ch)) {
        out += "\\u" + ("000" + code.toString(16)).slice(-4);
      } else out += ch;
    }
    return out;
  };
  /** Whether PyYAML would write the text plain (its emitter's analysis, allow_unicode). */
  function plainOk(value, flow) {
    if (!value || YAML12_SPECIAL.test(value)) return false;
    if (flow && /[,[\]{}]/.test(value)) return false;
    for (var r = 0; r < YAML11_IMPLICIT.length; r++) if (YAML11_IMPLICIT[r].test(value)) return false;
    if (/^(---|\.\.\.)/.test(value)) return false;
    if (/^[\s]|[\s]$/.test(value)) return false;
    if (/^[#,[\]{}&*!|>'"%@`]/.test(value)) return false;
    if (/^[-?:](\s|$)/.test(value)) return false;
    if (/:(\s|$)/.test(value) || /\s#/.test(value)) return false;
    if (/[\n\r\t\u0085\u2028\u2029]/.test(value)) return false;
    return !PYYAML_SPECIAL.test(value);
  }
  E.isQuoted = function (value, path, flow) {
    var leaf = path.length ? path[path.length - 1] : "";
    if (typeof leaf === "number") leaf = path[path.length - 2];
    if (ALWAYS_QUOTED[leaf]) return true;
    var plain = PLAIN_FORMATS[leaf];
    if (plain && plain.test(value)) return false;
    return !plainOk(value, flow);
  };
  E.scalar = function (value, path, flow) {
    return E.isQuoted(value, path, flow) ? E.quoted(value) : value;
  };
  var FLOW_WIDTH = 100;
  E.flowLine = function (pad, key, list, path) {
    return (
      pad + key + ": [" + list.map(function (v) { return E.scalar(v, path, true); }).join(", ") + "]"
    );
  };
  /** The lines of key: value at indent (yamltext.render). */
  E.render = function (key, value, indent, path) {
    var pad = new Array(indent + 1).join(" ");
    if (value === null || value === undefined) return [pad + key + ":"];
    if (typeof value === "string") return [pad + key + ": " + E.scalar(value, path)];
    var lines;
    if (E.isObj(value)) {
      var keys = Object.keys(value);
      if (!keys.length) return [pad + key + ": {}"];
      lines = [pad + key + ":"];
      keys.forEach(function (k) {
        lines = lines.concat(E.render(k, value[k], indent + 2, path.concat([k])));
      });
      return lines;
    }
    if (!value.length) return [pad + key + ": []"];
    if (value.every(function (v) { return typeof v === "string"; })) {
      var flow = E.flowLine(pad, key, value, path);
      if (flow.length <= FLOW_WIDTH) return [flow];
    }
    lines = [pad + key + ":"];
    value.forEach(function (item) {
      if (E.isObj(item) && Object.keys(item).length) {
        var sub = [];
        Object.keys(item).forEach(function (k) {
          sub = sub.concat(E.render(k, item[k], indent + 4, path.concat([k])));
        });
        sub[0] = pad + "  - " + sub[0].replace(/^\s+/, "");
        lines = lines.concat(sub);
      } else if (typeof item === "string") lines.push(pad + "  - " + E.scalar(item, path));
      else lines.push(pad + "  - " + JSON.stringify(item));
    });
    return lines;
  };
  /** The whole member file from clean data (no loaded text to keep). */
  E.fileText = function (clean, body) {
    var lines = ["---", D.schema_line || "# yaml-language-server: $schema=../../schema/member.schema.json"];
    Object.keys(clean).forEach(function (k) {
      lines = lines.concat(E.render(k, clean[k], 0, [k]));
    });
    lines.push("---");
    return lines.join("\n") + "\n" + E.bodyText(body);
  };
  E.bodyText = function (body) {
    var b = String(body || "").replace(/\r\n?/g, "\n").replace(/\s+$/, "");
    return b ? b + "\n" : "";
  };
})();
