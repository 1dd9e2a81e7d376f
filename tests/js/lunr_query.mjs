// Runs the browser search code under Node for tests/test_lunr_parity.py.
//
// Loads the vendored lunr.min.js, lunr.stemmer.support.min.js and lunr.de.min.js as classic
// scripts into the global scope (as <script> tags would) and then
// theme/static/js/search-core.js as an ES module, and prints one JSON object:
//
//   node lunr_query.mjs INDEX.json QUERIES.json [LIMIT]
//       {query: [[ref, score], ...]}   search(lunr.Index.load(index), query, LIMIT=1000)
//   node lunr_query.mjs --terms QUERIES.json
//       {query: [term, ...]}            queryTerms(query)
//   node lunr_query.mjs --analyse TOKENS.json
//       {trimmed, stopped, stemmed, wordCharacters, whitespace, separator}: for each token
//       lunr.de's trimmer result, whether lunr.de's stop-word filter drops it, lunr.de's
//       stem; lunr.de.wordCharacters; the BMP code points that match /\s/; the source of
//       lunr.tokenizer.separator.
//
// QUERIES.json and TOKENS.json hold a JSON array of strings.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const VENDOR = join(ROOT, "theme", "static", "vendor", "lunr");
const SCRIPTS = ["lunr.min.js", "lunr.stemmer.support.min.js", "lunr.de.min.js"];
const SEARCH_CORE = join(ROOT, "theme", "static", "js", "search-core.js");

function loadLunr() {
  for (const name of SCRIPTS) {
    const path = join(VENDOR, name);
    vm.runInThisContext(readFileSync(path, "utf8"), { filename: path });
  }
  if (!globalThis.lunr || !globalThis.lunr.de) throw new Error("lunr.de did not load");
  return globalThis.lunr;
}

async function loadSearchCore() {
  // A data: URL makes Node read the file as an ES module whatever package.json says.
  const source = readFileSync(SEARCH_CORE, "utf8");
  return import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));
}

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

function applyToString(lunr, fn, text) {
  const result = fn(new lunr.Token(text, {}), 0, []);
  return result === undefined || result === null ? null : result.toString();
}

function analyse(lunr, tokens) {
  const whitespace = [];
  for (let code = 0; code <= 0xffff; code++) {
    if (/\s/.test(String.fromCharCode(code))) whitespace.push(code);
  }
  return {
    trimmed: tokens.map((t) => applyToString(lunr, lunr.de.trimmer, t)),
    stopped: tokens.map((t) => applyToString(lunr, lunr.de.stopWordFilter, t) === null),
    stemmed: tokens.map((t) => applyToString(lunr, lunr.de.stemmer, t)),
    wordCharacters: lunr.de.wordCharacters,
    whitespace,
    separator: lunr.tokenizer.separator.source,
  };
}

async function main(args) {
  const lunr = loadLunr();
  const core = await loadSearchCore();
  let output;
  if (args[0] === "--terms") {
    output = Object.fromEntries(readJson(args[1]).map((q) => [q, core.queryTerms(q)]));
  } else if (args[0] === "--analyse") {
    output = analyse(lunr, readJson(args[1]));
  } else if (args.length >= 2) {
    const index = lunr.Index.load(readJson(args[0]));
    const limit = args[2] === undefined ? 1000 : Number(args[2]);
    output = Object.fromEntries(readJson(args[1]).map((q) => [q, core.search(index, q, limit)]));
  } else {
    throw new Error("usage: lunr_query.mjs INDEX.json QUERIES.json [LIMIT] | --terms QUERIES.json | --analyse TOKENS.json");
  }
  process.stdout.write(JSON.stringify(output));
}

await main(process.argv.slice(2));
