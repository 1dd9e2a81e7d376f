// Runs the sharded browser search (ShardedSearch, decompound, termQueries of
// theme/static/js/search-core.js) under Node for tests/test_search_index.py, and times it.
//
// Loads the vendored lunr.min.js, lunr.stemmer.support.min.js and lunr.de.min.js as classic
// scripts into the global scope (as <script> tags would), then search-core.js as an ES
// module, and prints one JSON object:
//
//   node sharded_query.mjs --search DIR QUERIES.json [LIMIT]
//       {query: [[ref, score], ...]}   ShardedSearch over DIR/manifest.json and the shard
//                                      files beside it; LIMIT defaults to 1000
//   node sharded_query.mjs --plan DIR QUERIES.json
//       {query: [file, ...]}           shardsFor(query)
//   node sharded_query.mjs --load DIR
//       {file: number of terms}        the token set of every shard of DIR/manifest.json
//   node sharded_query.mjs --terms DICTIONARY.json QUERIES.json
//       {query: [{term, clauses}, ...]} termQueries(query, dictionary)
//   node sharded_query.mjs --decompound DICTIONARY.json WORDS.json
//       {word: [part, ...]}            decompound(word, dictionary)
//   node sharded_query.mjs --find DIR QUERIES.json
//       {query: {results, matched}}    ShardedSearch.find (matched: [term, bits] by term)
//   node sharded_query.mjs --words DICTIONARY.json QUERIES.json
//       {query: {terms, words}}        queryWords(query, dictionary)
//   node sharded_query.mjs --cuts WORDS.json
//       {word: [cut, ...]}             typoCuts(word)
//   node sharded_query.mjs --splits DICTIONARY.json WORDS.json
//       {word: [[parts, unknown], ...]} splitCandidates(word, dictionary)
//   node sharded_query.mjs --bench DIR QUERIES.json [REPEAT]
//       {scriptsMs, queries: {query: {firstMs, files, warmMs: [...]}}}: scriptsMs is the
//       time to read and run the lunr scripts and import search-core.js; firstMs, for
//       each query with a fresh ShardedSearch, the time from reading the manifest through
//       reading and loading (JSON.parse, token set) the shards it needs to its results;
//       warmMs the times of REPEAT (default 20) more searches with those shards loaded.
//
// DICTIONARY.json, QUERIES.json and WORDS.json hold a JSON array of strings.

import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const VENDOR = join(ROOT, "theme", "static", "vendor", "lunr");
const SCRIPTS = ["lunr.min.js", "lunr.stemmer.support.min.js", "lunr.de.min.js"];
const SEARCH_CORE = join(ROOT, "theme", "static", "js", "search-core.js");

async function loadSearchCore() {
  for (const name of SCRIPTS) {
    const path = join(VENDOR, name);
    vm.runInThisContext(readFileSync(path, "utf8"), { filename: path });
  }
  if (!globalThis.lunr || !globalThis.lunr.de) throw new Error("lunr.de did not load");
  // A data: URL makes Node read the file as an ES module whatever package.json says.
  const source = readFileSync(SEARCH_CORE, "utf8");
  return import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));
}

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

async function openShards(core, dir) {
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
  return new core.ShardedSearch(manifest, async (name) =>
    JSON.parse(await readFile(join(dir, name), "utf8")),
  );
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function bench(core, dir, queries, repeat) {
  const result = {};
  for (const query of queries) {
    const started = performance.now();
    const engine = await openShards(core, dir);
    await engine.search(query, 20);
    const firstMs = performance.now() - started;
    const warmMs = [];
    for (let i = 0; i < repeat; i++) {
      const again = performance.now();
      await engine.search(query, 20);
      warmMs.push(performance.now() - again);
    }
    const files = engine.shardsFor(query);
    result[query] = { firstMs, files, warmMs, warmMedianMs: median(warmMs) };
  }
  return result;
}

async function main(args) {
  const started = performance.now();
  const core = await loadSearchCore();
  const scriptsMs = performance.now() - started;
  const [mode, first, second, third] = args;
  const each = async (items, fn) => {
    const output = {};
    for (const item of items) output[item] = await fn(item);
    return output;
  };
  let output;
  if (mode === "--search") {
    const engine = await openShards(core, first);
    const limit = third === undefined ? 1000 : Number(third);
    output = await each(readJson(second), (q) => engine.search(q, limit));
  } else if (mode === "--plan") {
    const engine = await openShards(core, first);
    output = await each(readJson(second), (q) => engine.shardsFor(q));
  } else if (mode === "--load") {
    const manifest = readJson(join(first, "manifest.json"));
    output = await each(manifest.files, (name) => {
      const shard = new core.Shard(readJson(join(first, name)));
      return shard.tokenSet.toArray().length;
    });
  } else if (mode === "--terms") {
    const dictionary = new Set(readJson(first));
    output = await each(readJson(second), (q) => core.termQueries(q, dictionary));
  } else if (mode === "--decompound") {
    const dictionary = new Set(readJson(first));
    output = await each(readJson(second), (w) => core.decompound(w, dictionary));
  } else if (mode === "--find") {
    const engine = await openShards(core, first);
    output = await each(readJson(second), async (q) => {
      const { results, matched } = await engine.find(q);
      return { results, matched: [...matched].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
    });
  } else if (mode === "--words") {
    const dictionary = new Set(readJson(first));
    output = await each(readJson(second), (q) => core.queryWords(q, dictionary));
  } else if (mode === "--cuts") {
    output = await each(readJson(first), (w) => core.typoCuts(w));
  } else if (mode === "--splits") {
    const dictionary = new Set(readJson(first));
    output = await each(readJson(second), (w) => core.splitCandidates(w, dictionary));
  } else if (mode === "--bench") {
    const repeat = third === undefined ? 20 : Number(third);
    output = { scriptsMs, queries: await bench(core, first, readJson(second), repeat) };
  } else {
    throw new Error(
      "usage: sharded_query.mjs --search DIR QUERIES.json [LIMIT] | --plan DIR QUERIES.json" +
        " | --load DIR | --terms DICTIONARY.json QUERIES.json" +
        " | --decompound DICTIONARY.json WORDS.json | --find DIR QUERIES.json" +
        " | --words DICTIONARY.json QUERIES.json | --cuts WORDS.json" +
        " | --splits DICTIONARY.json WORDS.json | --bench DIR QUERIES.json [REPEAT]",
    );
  }
  process.stdout.write(JSON.stringify(output));
}

await main(process.argv.slice(2));
