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
const groups = document.getElementById("search-groups");

const FACETS = ["category", "district", "type", "size", "training"];
const PAGE = 10; // results shown at a time
const DEBOUNCE_MS = 150; // typing pause before searching
const SETTLE_MS = 800; // typing pause before the URL (and history) follows

const fetchJson = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
};

// Escape clears; arrows walk the results (members, then competences and careers pages);
// Enter follows the focused link (native).
const links = () => Array.from(document.querySelectorAll("#search-results a.result-link, #search-groups a.result-link"));
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
      const [url, name, tagline, taglineLang, place, , competences, offers, needs] =
        rows[Number(ref) % per];
      return { url, name, tagline, taglineLang, place, competences, offers, needs };
    }));
  };
  let facets = null;
  const facetValues = async () => {
    if (!facets) facets = fetchJson(base + manifest.facets);
    return facets;
  };

  // The competences and careers pages (labels, links, index terms), loaded once.
  let pages = null;
  const pagesOf = async () => {
    if (!pages) pages = fetchJson(base + manifest.results[lang]);
    return pages;
  };

  // Words of a shown text whose index terms the query matched get <mark> (built as DOM
  // nodes: member text is never parsed as HTML).
  const wordTerms = new Map();
  const termsOfWord = (word) => {
    if (!wordTerms.has(word)) {
      wordTerms.set(word, core.termQueries(word, engine.dictionary).map(({ term }) => term));
    }
    return wordTerms.get(word);
  };
  const hit = (part) => part.trim() !== "" && termsOfWord(part).some((t) => found.matched.has(t));
  const highlight = (element, text) => {
    for (const part of String(text).split(/([\s,;:()]+)/)) {
      if (hit(part)) {
        const mark = document.createElement("mark");
        mark.textContent = part;
        element.append(mark);
      } else if (part) {
        element.append(document.createTextNode(part));
      }
    }
    return element;
  };
  const marked = (text) => String(text).split(/[\s,;:()]+/).some(hit);
  // "Kompetenzen: …", "Angebot: …", "Sucht: …": the card's lines with a matched word.
  const why = (label, lines) => {
    const shown = lines.filter(marked).slice(0, 3);
    if (shown.length === 0) return null;
    const line = document.createElement("p");
    line.className = "result-why";
    const name = document.createElement("span");
    name.className = "result-why-label";
    name.textContent = `${label} `;
    line.append(name);
    shown.forEach((text, i) => {
      if (i > 0) line.append(document.createTextNode(" · "));
      highlight(line, text);
    });
    return line;
  };

  let matches = [];
  let shown = 0;
  let found = { results: [], matched: new Map(), words: [] };
  let generation = 0;
  let lastTier = 0;
  const tierLabels = [null, results.dataset.some, results.dataset.needs];

  const showMore = async (mine = generation) => {
    const page = matches.slice(shown, shown + PAGE);
    shown += page.length; // before waiting: a second click takes the next batch
    const cards = await cardsOf(page.map(([ref]) => ref));
    if (mine !== generation) return; // a newer query replaced the list meanwhile
    const later = []; // competence lines: their labels come with the pages file
    cards.forEach((card, i) => {
      const tier = page[i][1];
      if (tier !== lastTier) {
        lastTier = tier; // members matching some of the words, or looking for it
        const divider = document.createElement("li");
        divider.className = "result-tier";
        // One typed word: the second tier holds members with a part of the compound.
        divider.textContent = tier === 1 && found.words.length <= 1 ? results.dataset.part : tierLabels[tier];
        results.append(divider);
      }
      const item = document.createElement("li");
      item.className = "result";
      const link = highlight(document.createElement("a"), card.name);
      link.className = "result-link";
      link.href = card.url;
      const tagline = highlight(document.createElement("p"), card.tagline);
      tagline.className = "card-tagline";
      if (card.taglineLang !== lang) tagline.lang = card.taglineLang;
      const place = highlight(document.createElement("p"), card.place);
      place.className = "card-meta";
      item.append(link, tagline, place);
      const line = tier === 2
        ? why(results.dataset.seeks, card.needs ?? [])
        : why(results.dataset.offers, card.offers ?? []);
      if (line) item.append(line);
      if (tier !== 2) later.push([item, card.competences ?? [], line]);
      results.append(item);
    });
    more.hidden = shown >= matches.length;
    const labels = await pagesOf();
    if (mine !== generation) return;
    for (const [item, competences, before] of later) {
      const line = why(results.dataset.competences, competences.map((n) => labels.competences[n][0]));
      if (line) item.insertBefore(line, before);
    }
  };

  // Competences and careers pages the query matches: those matching the most words.
  const showPages = async (mine) => {
    const labels = await pagesOf();
    if (mine !== generation) return;
    const lists = [];
    for (const [name, rows] of [["competences", labels.competences], ["careers", labels.careers]]) {
      const scored = rows
        .map((row) => [row, core.ShardedSearch.wordsMatched(found, row[row.length - 1])])
        .filter(([row, words]) => words > 0 && row[2] > 0);
      const best = Math.max(0, ...scored.map(([, words]) => words));
      const top = scored.filter(([, words]) => words === best).sort((a, b) => b[0][2] - a[0][2]).slice(0, 5);
      if (top.length === 0) continue;
      const section = document.createElement("section");
      section.className = "result-group";
      const heading = document.createElement("h2");
      heading.textContent = groups.dataset[name];
      const list = document.createElement("ol");
      list.className = "results";
      for (const [[label, url, count]] of top) {
        const item = document.createElement("li");
        item.className = "result";
        const link = highlight(document.createElement("a"), label);
        link.className = "result-link";
        link.href = url;
        const meta = document.createElement("p");
        meta.className = "card-meta";
        meta.textContent = groups.dataset[`${name}Count`].replace("{n}", String(count));
        item.append(link, meta);
        list.append(item);
      }
      section.append(heading, list);
      lists.push(section);
    }
    groups.replaceChildren(...lists);
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
    const result = text ? await engine.find(text) : { results: [], matched: new Map(), words: [] };
    let list = result.results;
    const active = Object.entries(wanted);
    if (list.length && active.length) {
      const { facets: names, values } = await facetValues();
      list = list.filter(([ref]) => active.every(([name, value]) => {
        const own = values[Number(ref)][names.indexOf(name)];
        return own.split(" ").includes(value);
      }));
    }
    if (mine !== generation) return; // a newer query is under way
    found = result;
    matches = list.map(([ref, , tier]) => [ref, tier]);
    shown = 0;
    lastTier = 0;
    results.replaceChildren();
    groups.replaceChildren();
    await showMore(mine);
    if (mine !== generation) return;
    const all = matches.filter(([, tier]) => tier === 0).length;
    if (!text) status.textContent = "";
    else if (matches.length === 0) status.textContent = status.dataset.none;
    else if (all === 0) status.textContent = status.dataset.some.replace("{n}", String(matches.length));
    else if (all < matches.length) {
      status.textContent = status.dataset.partial
        .replace("{m}", String(all)).replace("{k}", String(matches.length - all));
    } else if (all === 1) status.textContent = status.dataset.one;
    else status.textContent = status.dataset.many.replace("{n}", String(all));
    if (text) await showPages(mine);
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
  groups.addEventListener("keydown", onKey);
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

if (form && input && results && status && groups) main().catch((error) => {
  console.error(error);
  if (status) status.textContent = status.dataset.error;
});
