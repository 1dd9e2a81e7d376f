/* Profile editor, part 2 of 6: the checks of atlasgen validate that can run in the browser
   (fields.py, schema.py, the cross-file checks of competences, postal codes and names),
   with the tools' messages (window.atlasEditorData.messages). */
(function () {
  "use strict";
  var E = window.atlasEditor;
  var D = E.D;
  /** A catalogue message; what fields.py says about a value is in fields.*, what
      messages.py says about a field's form (missing, lengths, ranges…) in validation.*. */
  function t(key, params) {
    if (!E.has(key) && key.indexOf("fields.") === 0) key = "validation." + key.slice(7);
    return E.t(key, params);
  }
  var rules = D.rules || {};
  var limits = D.limits || {};

  function re(source, fallback) {
    try {
      return new RegExp(source || fallback, "u");
    } catch (_e) {
      return new RegExp(fallback, "u");
    }
  }
  var R = {
    email: re(rules.email, "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"),
    phone: re(rules.phone, "^\\+?[0-9][0-9 ()/-]{4,22}[0-9]$"),
    url: re(rules.url, "^https?://[^\\s/?#@]+(?:[/?#][^\\s]*)?$"),
    github_login: re(rules.github_login, "^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$"),
    forbidden_line: re(rules.forbidden_line, "[\\u0000-\\u001f\\u007f-\\u009f\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff]"),
    forbidden_text: re(rules.forbidden_text, "[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\ufeff]"),
  };
  E.rules = R;

  var competenceIds = {};
  (D.competences || []).forEach(function (c) {
    competenceIds[c.id] = c;
  });
  E.competenceById = competenceIds;

  function form(field) {
    return field.form || (field.items && field.items.form) || null;
  }
  function example(field) {
    var f = form(field);
    return f ? f.example : field.example !== undefined && field.example !== null ? String(field.example) : field.examples ? field.examples[0] : "";
  }

  /** Checks one scalar (literal text) of field f; returns [message, hint] or null. */
  function checkScalar(value, f) {
    var v = String(value);
    var fm = form(f);
    if (f.type === "integer" || f.type === "number") {
      var ok = f.type === "integer" ? /^[-+]?[0-9]+$/.test(v) : /^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(v);
      var kind = f.type === "integer" ? "int" : "float";
      var ex = example(f) || (kind === "int" ? "1998" : "49.1427");
      // as messages.py's _number_hint: the range when the field has both bounds
      var bounded = f.minimum !== undefined && f.maximum !== undefined;
      var hint = bounded
        ? t("fields.range_" + kind + "_hint", { name: f.label, low: f.minimum, high: f.maximum, example: ex })
        : t("fields." + kind + "_hint", { example: ex });
      if (!ok) return [t("fields." + kind + "_parsing", { value: v }), hint];
      var num = Number(v);
      if (f.minimum !== undefined && num < f.minimum) return [t("fields.too_small", { value: v, limit: f.minimum }), hint];
      if (f.maximum !== undefined && num > f.maximum) return [t("fields.too_large", { value: v, limit: f.maximum }), hint];
      return null;
    }
    if (f.type === "boolean") {
      if (!/^(true|false)$/i.test(v)) return [t("fields.bool", { value: v }), t("fields.bool_hint")];
      return null;
    }
    if (f.type === "date") {
      var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(v);
      if (!m) return [t("fields.date", { value: v }), t("fields.date_hint", { example: "2026-05-19" })];
      var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      if (d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
        return [t("fields.date_impossible", { value: v }), t("fields.date_impossible_hint", { example: "2026-05-19" })];
      }
      return null;
    }
    if (f.type === "choice") {
      var allowed = (f.choices || []).map(function (c) { return c.value; });
      if (allowed.indexOf(v) < 0) {
        return [t("fields.not_allowed", { value: v }), t("fields.allowed_values", { allowed: allowed.join(", ") })];
      }
      return null;
    }
    // text of some kind
    var forbidden = f.type === "textarea" ? R.forbidden_text : R.forbidden_line;
    if (f.type === "url") {
      if (!R.url.test(v)) return [t("fields.url", { value: v }), t("fields.url_hint")];
      if (R.forbidden_line.test(v)) return [t("fields.url_control"), t("fields.url_control_hint")];
    } else {
      if (f.type !== "textarea" && v.indexOf("\n") >= 0) return [t("fields.multiple_lines"), t("fields.multiple_lines_hint")];
      var bad = forbidden.exec(v);
      if (bad) {
        var code = ("000" + bad[0].charCodeAt(0).toString(16).toUpperCase()).slice(-4);
        return [t("fields.forbidden_character", { code: code }), t("fields.forbidden_character_hint")];
      }
      if (v !== v.trim()) return [t("fields.surrounding_space"), t("fields.surrounding_space_hint")];
    }
    if (f.type === "email" && (!R.email.test(v) || v.length > 254)) return [t("fields.email", { value: v }), t("fields.email_hint")];
    if (f.type === "phone" && (!R.phone.test(v) || v.replace(/[^0-9]/g, "").length < 6)) {
      return [t("fields.phone", { value: v }), t("fields.phone_hint")];
    }
    if (f.key === "maintainers" && !R.github_login.test(v)) {
      var tail = v.replace(/\/+$/, "").split("/").pop().replace(/^@/, "");
      var lh = tail !== v && R.github_login.test(tail)
        ? t("fields.github_login_only_name", { login: tail })
        : t("fields.github_login_hint", { example: "mustermann-it" });
      return [t("fields.github_login", { value: v }), lh];
    }
    if (f.minLength !== undefined && v.length < f.minLength) {
      return [t("fields.text_too_short", { n: f.minLength, count: v.length }), ""];
    }
    if (f.maxLength !== undefined && v.length > f.maxLength) {
      return [t("fields.text_too_long", { n: f.maxLength, count: v.length }), t("fields.text_too_long_hint", { n: f.maxLength })];
    }
    if (f.pattern && !re(f.pattern, ".*").test(v)) {
      if (fm) return [t(fm.message, { value: v }), t(fm.hint, { example: fm.example })];
      return [t("fields.pattern", { value: v }), t("fields.pattern_only_hint", { pattern: f.pattern })];
    }
    return null;
  }

  function missing(f) {
    var ex = example(f);
    if (f.type === "choice") {
      var allowed = (f.choices || []).map(function (c) { return c.value; });
      return [t("fields.missing"), t("fields.missing_choice", { example: allowed[0], allowed: allowed.join(", ") })];
    }
    return [t("fields.missing"), ex ? t("fields.missing_example", { example: ex }) : ""];
  }

  function walk(value, f, path, out) {
    var add = function (p, mh, level) {
      out.push({ path: E.dotted(p), message: mh[0], hint: mh[1] || "", level: level || "error" });
    };
    if (value === undefined) {
      if (!f.required) return;
      if (f.type === "object") {
        f.fields.forEach(function (sub) { walk(undefined, sub, path.concat([sub.key]), out); });
        return;
      }
      if (f.type === "list" && !f.minItems) return;
      if (f.type === "list") {
        add(path, [t("fields.list_too_short", { n: f.minItems, count: 0 }),
          t("fields.list_too_short_hint", { n: f.minItems, example: example(f) })]);
        return;
      }
      add(path, missing(f));
      return;
    }
    if (f.type === "object") {
      if (!E.isObj(value)) return add(path, [t("fields.fields_type_other"), t("fields.fields_type_other_hint")]);
      f.fields.forEach(function (sub) { walk(value[sub.key], sub, path.concat([sub.key]), out); });
      return;
    }
    if (f.type === "list") {
      if (!Array.isArray(value)) return add(path, [t("fields.list_type_other"), t("fields.list_type_other_hint")]);
      if (f.maxItems !== undefined && value.length > f.maxItems) {
        add(path, [t("fields.list_too_long", { n: f.maxItems, count: value.length }),
          t("fields.list_too_long_hint", { n: value.length - f.maxItems })]);
      }
      if (f.minItems !== undefined && value.length < f.minItems) {
        add(path, [t("fields.list_too_short", { n: f.minItems, count: value.length }),
          t("fields.list_too_short_hint", { n: f.minItems - value.length, example: example(f) })]);
      }
      var seen = {};
      value.forEach(function (item, i) {
        var p = path.concat([i]);
        if (typeof item === "string") {
          var k = f.key === "maintainers" ? item.toLowerCase() : item;
          if (Object.prototype.hasOwnProperty.call(seen, k)) {
            var first = seen[k];
            add(p, first === item || f.key !== "maintainers"
              ? [t("fields.duplicate", { value: item }), t(f.key === "maintainers" ? "fields.duplicate_login_hint" : "fields.duplicate_hint")]
              : [t("fields.duplicate_login", { value: item, first: first }), t("fields.duplicate_login_hint")]);
            return;
          }
          seen[k] = item;
        }
        walk(item, f.items, p, out);
      });
      return;
    }
    if (typeof value !== "string") return add(path, [t("fields.text_type"), t("fields.text_type_other_hint")]);
    var problem = checkScalar(value, f);
    if (problem) return add(path, problem);
    if ((f.key === "competences" || f.key === "competence") && !competenceIds[value]) {
      add(path, [t("links.unknown_competence", { value: value }), t("links.competence_list", { folder: "content/competences" })]);
    }
  }

  function nameKey(name) {
    return E.fold(name).replace(/[^a-z0-9]+/g, "");
  }

  /** Every problem of the data (clean, as it goes into the file) and the description. */
  E.validate = function (clean, body, ownSlug) {
    var out = [];
    (D.fields || []).forEach(function (f) {
      walk(clean[f.key], f, [f.key], out);
    });
    var address = clean.address || {};
    var code = address.postal_code;
    var places = D.places || {};
    if (typeof code === "string" && /^[0-9]{5}$/.test(code) && Object.keys(places).length) {
      var rows = places[code];
      if (!rows) {
        out.push({ path: "address.postal_code", message: t("links.unknown_postal_code", { code: code }),
          hint: t("links.postal_code_form", { example: "74072" }), level: "error" });
      } else {
        var districts = unique(rows.map(function (r) { return r[1]; }));
        var towns = unique(rows.map(function (r) { return r[0]; }));
        if (address.district && districts.indexOf(address.district) < 0) {
          out.push({ path: "address.district", message: t("links.district_mismatch", { code: code, district: address.district }),
            hint: t("links.district_mismatch_hint", { code: code, districts: districts.join(", ") }), level: "error" });
        } else if (!address.district && districts.length > 1) {
          out.push({ path: "address.district", message: t("links.several_districts", { code: code }),
            hint: t("links.several_districts_hint", { districts: districts.join(", "), first: districts[0] }), level: "error" });
        }
        if (address.city && towns.indexOf(address.city) < 0) {
          out.push({ path: "address.city", message: t("links.city_mismatch", { city: address.city, code: code }),
            hint: t("links.city_mismatch_hint", { code: code, places: towns.join(", ") }), level: "warning" });
        }
      }
    }
    if (typeof clean.name === "string") {
      var key = nameKey(clean.name);
      (D.members || []).forEach(function (m) {
        if (m[0] !== ownSlug && key && nameKey(m[1]) === key) {
          out.push({ path: "name", message: t("links.similar_names", { name: clean.name, other: m[1],
            path: (D.members_dir || "content/members") + "/" + m[0] + ".md" }), hint: t("links.similar_names_hint"), level: "error" });
        }
      });
    }
    if (!ownSlug && typeof clean.name === "string") {
      var slug = E.slugify(clean.name);
      (D.members || []).forEach(function (m) {
        if (m[0] === slug) {
          out.push({ path: "name", message: E.text("editor_exists", { name: slug + ".md" }), hint: "", level: "error" });
        }
      });
    }
    var max = limits.description_max_chars;
    var text = String(body || "");
    if (max && text.length > max) {
      out.push({ path: "description", message: t("links.description_too_long", { n: text.length, limit: max }),
        hint: t("links.description_too_long_hint", { limit: max }), level: "error" });
    }
    var bad = R.forbidden_text.exec(text.replace(/\t/g, " "));
    if (bad) {
      out.push({ path: "description", message: t("fields.forbidden_character", { code: ("000" + bad[0].charCodeAt(0).toString(16).toUpperCase()).slice(-4) }),
        hint: t("fields.forbidden_character_hint"), level: "error" });
    }
    return out;
  };
  function unique(list) {
    return list.filter(function (v, i) { return list.indexOf(v) === i; });
  }
  E.unique = unique;
})();
