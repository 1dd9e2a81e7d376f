// atlasgen's search under Node, from disk: what the search page does after it has loaded,
// without the browser. Written for bench/search.py (which runs it and reports the figures);
// runs on its own too:
//
//   node bench/search_node.mjs SITE QUERIES.json [REPEAT]    the figures of every query
//   node bench/search_node.mjs --cold SITE QUERY LANG        one query in a fresh process
//
// SITE is a built site (atlasgen build --out SITE); QUERIES.json a JSON array of
// [query, lang] pairs (lang "de" or "en": which result cards are read). The code is the
// site's own: the vendored lunr scripts and search-core.js named by SITE/suche/index.html
// (the search page), run as the browser runs them (lunr scripts as classic scripts in the
// global scope, search-core.js as an ES module); the index files are SITE/search-index/.
//
// A "first result" is what search.js does for a query on page load: read and JSON.parse
// manifest.json, a new ShardedSearch (which reads and parses the shards the query needs and
// builds their token sets), search(query, Infinity), then read and parse the result-card chunks of
// the first PAGE results (in the query's language). Prints one JSON object:
//
//   default   {scriptsMs, queries: [{q, lang, firstMs, total, refs, shards, warmMs: [...]}]}
//             scriptsMs: reading and running the lunr scripts and importing search-core.js
//             (once); firstMs per query with fresh state (nothing of earlier queries kept
//             but the scripts, and the JIT warmed by them); warmMs: REPEAT (default 20)
//             more searches of the same query with its shards loaded (search only).
//   --cold    {scriptsMs, firstMs, totalMs, total}: in this process nothing ran before,
//             totalMs = scriptsMs + firstMs is "from page load to first result".

import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import vm from "node:vm";

const PAGE = 20; // results search.js shows at a time (their cards are read)
const SEARCH_PAGE = join("suche", "index.html");
const LUNR_SCRIPTS = ["lunr.min.js", "lunr.stemmer.support.min.js", "lunr.de.min.js"];

/** The site-relative paths of the lunr scripts and of search-core.js of the search page. */
function scriptsOf(site) {
  const html = readFileSync(join(site, SEARCH_PAGE), "utf8");
  const sources = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
  const lunr = LUNR_SCRIPTS.map((name) => {
    const stem = name.replace(/\.min\.js$/, "");
    const found = sources.find((src) => src.split("/").pop().startsWith(stem + "."));
    if (!found) throw new Error(`${SEARCH_PAGE}: no <script> for ${name}`);
    return found;
  });
  const core = html.match(/data-core="([^"]+)"/);
  if (!core) throw new Error(`${SEARCH_PAGE}: no data-core`);
  return { lunr, core: core[1] };
}

async function loadCode(site) {
  const { lunr, core } = scriptsOf(site);
  for (const src of lunr) {
    const path = join(site, src);
    vm.runInThisContext(readFileSync(path, "utf8"), { filename: path });
  }
  if (!globalThis.lunr || !globalThis.lunr.de) throw new Error("lunr.de did not load");
  // a data: URL makes Node read the file as an ES module whatever its name
  const source = readFileSync(join(site, core), "utf8");
  return import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));
}

const readJson = async (path) => JSON.parse(await readFile(path, "utf8"));

/** First result of `query` with fresh state: {ms, total, refs, shards, search}. */
async function first(core, site, query, lang) {
  const started = performance.now();
  const dir = join(site, "search-index");
  const manifest = await readJson(join(dir, "manifest.json"));
  const shards = new Map();
  const search = new core.ShardedSearch(manifest, (name) => {
    if (!shards.has(name)) shards.set(name, readJson(join(dir, name)));
    return shards.get(name);
  });
  const found = (await search.find(query)).results; // as search.js: ShardedSearch.find
  const refs = found.slice(0, PAGE).map(([ref]) => ref);
  const per = manifest.cards_per_file;
  const chunks = [...new Set(refs.map((ref) => Math.floor(Number(ref) / per)))];
  const cards = await Promise.all(chunks.map((n) => readJson(join(dir, manifest.cards[lang][n]))));
  const byChunk = new Map(chunks.map((n, i) => [n, cards[i]]));
  const urls = refs.map((ref) => byChunk.get(Math.floor(Number(ref) / per))[Number(ref) % per][0]);
  const ms = performance.now() - started;
  return { ms, total: found.length, refs, urls, shards: [...shards.keys()], search };
}

async function main(args) {
  const started = performance.now();
  if (args[0] === "--cold") {
    const [, site, query, lang] = args;
    const core = await loadCode(site);
    const scriptsMs = performance.now() - started;
    const result = await first(core, site, query, lang);
    const totalMs = performance.now() - started;
    return { scriptsMs, firstMs: result.ms, totalMs, total: result.total };
  }
  const [site, queriesFile, repeatText] = args;
  if (!site || !queriesFile) {
    throw new Error("usage: search_node.mjs SITE QUERIES.json [REPEAT] | --cold SITE QUERY LANG");
  }
  const repeat = repeatText === undefined ? 20 : Number(repeatText);
  const core = await loadCode(site);
  const scriptsMs = performance.now() - started;
  const queries = [];
  for (const [q, lang] of await readJson(queriesFile)) {
    const result = await first(core, site, q, lang);
    const warmMs = [];
    for (let i = 0; i < repeat; i++) {
      const again = performance.now();
      await result.search.find(q);
      warmMs.push(performance.now() - again);
    }
    queries.push({
      q,
      lang,
      firstMs: result.ms,
      total: result.total,
      urls: result.urls.slice(0, 10),
      shards: result.shards,
      warmMs,
    });
  }
  return { scriptsMs, queries };
}

process.stdout.write(JSON.stringify(await main(process.argv.slice(2))) + "\n");
