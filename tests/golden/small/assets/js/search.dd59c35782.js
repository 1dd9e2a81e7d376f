// The search page: results as you type over the prebuilt, sharded lunr index
// (search-index/manifest.json, written by the build), facets that combine with the
// query, the URL reflecting both (shareable; back and forward work), keyboard operable
// and announced to screen readers. Needs lunr.js with lunr.de loaded as classic scripts
// first; search-core.js (the query logic, identical to the Python side) is imported
// from the URL in the form's data-core attribute (file names carry a content hash).
const form = document.getElementById("search");
const input = document.getElementById("search-input");
const results = document.getElementById("search-results");
const status = document.getElementById("search-status");
const more = document.getElementById("search-more");
const help = document.getElementById("search-help");
const facetBox = document.getElementById("search-facets");
const keys = document.getElementById("search-keys");

const FACETS = ["category", "district", "type", "size", "training"];
const PAGE = 10; // results shown at a time
const DEBOUNCE_MS = 150; // typing pause before searching
const SETTLE_MS = 800; // typing pause before the URL (and history) follows

const fetchJson = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
};

// Escape clears; arrows walk the results; Enter follows the focused link (native).
const links = () => Array.from(results.querySelectorAll("a.result-link"));
const onKey = (event) => {
  const all = links();
  const at = all.indexOf(document.activeElement);
  if (event.key === "ArrowDown" && all.length) {
    event.preventDefault();
    all[Math.min(at + 1, all.length - 1)].focus();
  } else if (event.key === "ArrowUp" && at >= 0) {
    event.preventDefault();
    if (at === 0) input.focus();
    else all[at - 1].focus();
  } else if (event.key === "Escape") {
    event.preventDefault();
    input.value = "";
    input.focus();
    form.dispatchEvent(new Event("input"));
  }
};

async function main() {
  const core = await import(form.dataset.core);
  const manifest = await fetchJson(form.dataset.manifest);
  const base = manifest.base;
  const lang = document.documentElement.lang;
  const shards = new Map();
  const engine = new core.ShardedSearch(manifest, (name) => {
    if (!shards.has(name)) shards.set(name, fetchJson(base + name));
    return shards.get(name);
  });
  const cardFiles = new Map();
  const cardsOf = async (refs) => {
    const per = manifest.cards_per_file;
    const files = [...new Set(refs.map((ref) => Math.floor(Number(ref) / per)))];
    await Promise.all(files.map((n) => {
      if (!cardFiles.has(n)) cardFiles.set(n, fetchJson(base + manifest.cards[lang][n]));
      return cardFiles.get(n);
    }));
    return Promise.all(refs.map(async (ref) => {
      const rows = await cardFiles.get(Math.floor(Number(ref) / per));
      const [url, name, tagline, taglineLang, place] = rows[Number(ref) % per];
      return { url, name, tagline, taglineLang, place };
    }));
  };
  let facets = null;
  const facetValues = async () => {
    if (!facets) facets = fetchJson(base + manifest.facets);
    return facets;
  };

  // Words of a shown text whose index term matches a query term get <mark>.
  const highlight = (element, text, terms, prefix) => {
    for (const part of text.split(/(\s+)/)) {
      const [term] = part.trim() ? core.queryTerms(part) : [];
      const hit = term !== undefined && (terms.includes(term)
        || (prefix !== undefined && term.startsWith(prefix)));
      if (hit) {
        const mark = document.createElement("mark");
        mark.textContent = part;
        element.append(mark);
      } else {
        element.append(document.createTextNode(part));
      }
    }
  };

  let matches = [];
  let shown = 0;
  let terms = [];
  let generation = 0;

  const showMore = async (mine = generation) => {
    const refs = matches.slice(shown, shown + PAGE);
    shown += refs.length; // before waiting: a second click takes the next batch
    const cards = await cardsOf(refs);
    if (mine !== generation) return; // a newer query replaced the list meanwhile
    const prefix = terms[terms.length - 1];
    for (const card of cards) {
      const item = document.createElement("li");
      item.className = "result";
      const link = document.createElement("a");
      link.className = "result-link";
      link.href = card.url;
      highlight(link, card.name, terms, prefix);
      const tagline = document.createElement("p");
      tagline.className = "card-tagline";
      if (card.taglineLang !== lang) tagline.lang = card.taglineLang;
      highlight(tagline, card.tagline, terms, prefix);
      const place = document.createElement("p");
      place.className = "card-meta";
      highlight(place, card.place, terms, prefix);
      item.append(link, tagline, place);
      results.append(item);
    }
    more.hidden = shown >= matches.length;
  };

  const read = () => {
    const wanted = {};
    for (const name of FACETS) {
      const field = form.elements[name];
      const value = field.type === "checkbox" ? (field.checked ? "1" : "") : field.value;
      if (value) wanted[name] = value;
    }
    return wanted;
  };

  const run = async () => {
    const mine = ++generation;
    const text = input.value.trim();
    const wanted = read();
    terms = text ? core.queryTerms(text) : [];
    let found = text ? await engine.search(text, Infinity) : [];
    const active = Object.entries(wanted);
    if (found.length && active.length) {
      const { facets: names, values } = await facetValues();
      found = found.filter(([ref]) => active.every(([name, value]) => {
        const own = values[Number(ref)][names.indexOf(name)];
        return own.split(" ").includes(value);
      }));
    }
    if (mine !== generation) return; // a newer query is under way
    matches = found.map(([ref]) => ref);
    shown = 0;
    results.replaceChildren();
    await showMore(mine);
    if (mine !== generation) return;
    if (!text) status.textContent = "";
    else if (matches.length === 0) status.textContent = status.dataset.none;
    else if (matches.length === 1) status.textContent = status.dataset.one;
    else status.textContent = status.dataset.many.replace("{n}", String(matches.length));
  };

  const toUrl = () => {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    for (const [name, value] of Object.entries(read())) params.set(name, value);
    const query = params.toString();
    const url = window.location.pathname + (query ? `?${query}` : "");
    if (url !== window.location.pathname + window.location.search) {
      window.history.pushState(null, "", url);
    }
  };

  const fromUrl = () => {
    const params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    for (const name of FACETS) {
      const field = form.elements[name];
      const value = params.get(name) || "";
      if (field.type === "checkbox") field.checked = value === "1";
      else field.value = value;
    }
  };

  const report = (error) => {
    console.error(error);
    status.textContent = status.dataset.error;
    help.hidden = false;
  };

  // Typing: results after a short pause; the URL gets a history entry once the query
  // has settled, not one per key (so "back" goes to the previous query).
  let typing = 0;
  let settle = 0;
  form.addEventListener("input", (event) => {
    if (event.target !== input && event.target !== form) return;
    clearTimeout(typing);
    clearTimeout(settle);
    typing = setTimeout(() => { run().catch(report); }, DEBOUNCE_MS);
    settle = setTimeout(() => { toUrl(); }, SETTLE_MS);
  });
  form.addEventListener("change", (event) => {
    if (event.target === input) return;
    toUrl();
    run().catch(report);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    toUrl();
    run().catch(report);
  });
  input.addEventListener("keydown", onKey); // not on the facet selects: arrows are theirs
  results.addEventListener("keydown", onKey);
  more.querySelector("button").addEventListener("click", () => { showMore().catch(report); });
  window.addEventListener("popstate", () => {
    fromUrl();
    run().catch(report);
  });

  help.hidden = true;
  facetBox.hidden = false;
  keys.hidden = false;
  // What was typed while the search loaded wins over the URL's query.
  const typed = input.value;
  fromUrl();
  if (typed.trim() && typed !== input.value) {
    input.value = typed;
    toUrl();
  }
  await run();
}

if (form && input && results && status) main().catch((error) => {
  console.error(error);
  if (status) status.textContent = status.dataset.error;
});
