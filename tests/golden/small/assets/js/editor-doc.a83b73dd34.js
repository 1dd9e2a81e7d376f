/* Profile editor, part 3 of 6: reading a member file's text (front matter and body, as
   content/load.py splits them) with the vendored yaml library, and writing the changed
   values back into the parsed Document so that comments and the author's layout stay. */
(function () {
  "use strict";
  var E = window.atlasEditor;
  var D = E.D;

  /** {prefix, yaml, body, firstLine} or {error, line}. */
  E.split = function (text) {
    var lines = String(text).replace(/^\ufeff/, "").replace(/\r\n?/g, "\n").split("\n");
    var start = 0;
    while (start < lines.length && lines[start].charAt(0) === "#") start++;
    if (start >= lines.length || !/^---[ \t]*$/.test(lines[start])) {
      return { error: E.text("editor_no_front_matter"), line: start + 1 };
    }
    var end = -1;
    for (var i = start + 1; i < lines.length; i++) {
      if (/^(---|\.\.\.)[ \t]*$/.test(lines[i])) { end = i; break; }
    }
    if (end < 0) return { error: E.text("editor_not_closed"), line: start + 1 };
    return {
      prefix: lines.slice(0, start),
      yaml: lines.slice(start + 1, end).join("\n"),
      body: lines.slice(end + 1).join("\n"),
      firstLine: start + 2,
    };
  };

  /** The node's value as load.py keeps it: scalars as literal text, null as null. */
  function literal(node) {
    if (YAML.isMap(node)) {
      var out = {};
      node.items.forEach(function (pair) {
        var k = YAML.isScalar(pair.key) ? String(pair.key.source !== undefined ? pair.key.source : pair.key.value) : String(pair.key);
        out[k] = literal(pair.value);
      });
      return out;
    }
    if (YAML.isSeq(node)) return node.items.map(literal);
    if (YAML.isScalar(node)) {
      var src = node.source !== undefined ? node.source : node.value === null ? null : String(node.value);
      if (node.type === "PLAIN" && (src === "" || src === "~" || /^(null|Null|NULL)$/.test(src))) return null;
      return src;
    }
    if (YAML.isAlias(node)) throw new Error("alias");
    return null;
  }
  E.literal = literal;

  /** Parses a member file's text: {doc, data, body, prefix} or {error, line}. */
  E.parseFile = function (text) {
    var parts = E.split(text);
    if (parts.error) return parts;
    var doc = YAML.parseDocument(parts.yaml, { uniqueKeys: true, prettyErrors: true, keepSourceTokens: false });
    if (doc.errors.length) {
      var err = doc.errors[0];
      var line = err.linePos && err.linePos[0] ? err.linePos[0].line : 1;
      var detail = String(err.message).split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
      return { error: E.text("editor_parse_error", { line: line + parts.firstLine - 1, detail: detail }), line: line + parts.firstLine - 1 };
    }
    var data;
    try {
      data = literal(doc.contents);
    } catch (_e) {
      return { error: E.text("editor_parse_error", { line: parts.firstLine, detail: "anchors and aliases (&, *) are not allowed" }), line: parts.firstLine };
    }
    if (!E.isObj(data)) return { error: E.text("editor_not_fields"), line: parts.firstLine };
    return { doc: doc, data: data, body: parts.body, prefix: parts.prefix };
  };

  function equal(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  function scalarNode(value, path) {
    var node = new YAML.Scalar(value);
    node.type = E.isQuoted(value, path, false) ? "QUOTE_DOUBLE" : "PLAIN";
    return node;
  }
  /** A new node for value, styled as yamltext.render writes it. */
  function makeNode(doc, value, path, indent) {
    if (typeof value === "string") return scalarNode(value, path);
    if (Array.isArray(value)) {
      var seq = new YAML.YAMLSeq();
      var strings = value.every(function (v) { return typeof v === "string"; });
      value.forEach(function (v) {
        var n = makeNode(doc, v, path, indent + 4);
        if (strings) n.type = E.isQuoted(v, path, true) ? "QUOTE_DOUBLE" : "PLAIN";
        seq.items.push(n);
      });
      var pad = new Array(indent + 1).join(" ");
      if (strings && E.flowLine(pad, path[path.length - 1], value, path).length <= 100) seq.flow = true;
      return seq;
    }
    var map = new YAML.YAMLMap();
    Object.keys(value).forEach(function (k) {
      map.items.push(new YAML.Pair(new YAML.Scalar(k), makeNode(doc, value[k], path.concat([k]), indent + 2)));
    });
    return map;
  }
  function keyOf(pair) {
    return YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
  }
  /** Writes the clean value of the fields into map (a YAMLMap), keeping what did not change. */
  function syncMap(doc, map, value, fields, path, indent) {
    var known = {};
    fields.forEach(function (f, i) { known[f.key] = i; });
    map.items = map.items.filter(function (pair) {
      var k = keyOf(pair);
      return !(k in known) || value[k] !== undefined;
    });
    fields.forEach(function (f) {
      var v = value[f.key];
      if (v === undefined) return;
      var pair = null;
      map.items.forEach(function (p) { if (keyOf(p) === f.key) pair = p; });
      var p = path.concat([f.key]);
      if (!pair) {
        map.items.push(new YAML.Pair(new YAML.Scalar(f.key), makeNode(doc, v, p, indent)));
        return;
      }
      pair.value = syncNode(doc, pair.value, v, f, p, indent);
    });
    var order = function (pair) {
      var k = keyOf(pair);
      return k in known ? known[k] : fields.length;
    };
    var indexed = map.items.map(function (pair, i) { return [order(pair), i, pair]; });
    indexed.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    map.items = indexed.map(function (x) { return x[2]; });
  }
  function syncNode(doc, node, v, f, path, indent) {
    var old;
    try { old = literal(node); } catch (_e) { old = undefined; }
    if (equal(old, v)) return node;
    if (f.type === "object" && YAML.isMap(node) && E.isObj(v)) {
      syncMap(doc, node, v, f.fields, path, indent + 2);
      return node;
    }
    if (f.type === "list" && YAML.isSeq(node) && Array.isArray(v)) {
      var items = [];
      v.forEach(function (item, i) {
        var cur = node.items[i];
        if (cur !== undefined && E.isObj(item) && YAML.isMap(cur) && f.items.type === "object") {
          syncMap(doc, cur, item, f.items.fields, path, indent + 4);
          items.push(cur);
        } else if (cur !== undefined && equal(literalSafe(cur), item)) items.push(cur);
        else {
          var n = makeNode(doc, item, path, indent + 4);
          if (node.flow && YAML.isScalar(n)) n.type = E.isQuoted(item, path, true) ? "QUOTE_DOUBLE" : "PLAIN";
          items.push(n);
        }
      });
      node.items = items;
      return node;
    }
    if (typeof v === "string" && YAML.isScalar(node)) {
      var n2 = scalarNode(v, path);
      n2.comment = node.comment;
      n2.commentBefore = node.commentBefore;
      return n2;
    }
    return makeNode(doc, v, path, indent);
  }
  function literalSafe(n) {
    try { return literal(n); } catch (_e) { return undefined; }
  }

  /** The member file text from a parsed Document with the clean data written into it. */
  E.docText = function (loaded, clean, body) {
    var doc = loaded.doc;
    if (!YAML.isMap(doc.contents)) doc.contents = new YAML.YAMLMap();
    syncMap(doc, doc.contents, clean, D.fields || [], [], 0);
    var yaml = doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: true });
    var head = (loaded.prefix || []).concat(["---"]).join("\n");
    return head + "\n" + yaml.replace(/\n*$/, "\n") + "---\n" + E.bodyText(body);
  };
})();
