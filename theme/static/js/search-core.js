// Search core: German queries against a lunr index built by atlasgen (src/atlasgen/lunr_de.py).
//
// Plain ES module, no dependencies but the global `lunr` with lunr.de loaded, i.e. these
// classic scripts before it (theme/static/vendor/lunr/):
//   lunr.min.js, lunr.stemmer.support.min.js, lunr.de.min.js
// lunr.de registers the pipeline functions the serialized index names (trimmer-de,
// stemmer-de), so `lunr.Index.load(json)` works without further registration.
//
// queryTerms(text) and search(index, text, limit) mirror query_terms and search in
// lunr_de.py exactly; tests/test_lunr_parity.py runs both and compares. Change one, change
// the other. The typed text is never given to lunr's query parser (which would not trim
// or drop stop words, and reads * ~ ^ + - : as operators): the query is built clause by
// clause from the normalised terms, all with usePipeline: false.
//
// decompound, termQueries and the classes ShardedSearch and Shard mirror decompound,
// term_queries, ShardedSearch and Shard in search_index.py (see its docstring for the
// design): a search over an index split into term-range shards, fetched only as a query
// needs them, with the results of one lunr query over the whole index; lunr.js expands the
// query terms (TokenSet), the scores are summed from the shards' postings and lunr weights.
// tests/test_search_index.py compares them. The site's search uses ShardedSearch.find (all
// words first, then some, then needs; typo and compound rescue: src/atlasgen/search/words.py,
// mirrored with queryWords, typoCuts, splitCandidates; tests/test_search_words.py compares
// it with tests/searchkit.py); `search` (lunr.js's own Index#query on a whole index) is the
// reference the tests compare with.

/** Boost of the clause that matches a query term exactly. */
export const EXACT_BOOST = 10;
/** Boost of the clause that matches a query term with one edit (typo). */
export const FUZZY_BOOST = 1;
/** Boost of the trailing-wildcard clause of the last query term (search as you type). */
export const PREFIX_BOOST = 1;
/** A query term gets a fuzzy clause from this many characters (code points) on. */
export const MIN_FUZZY_CHARS = 5;
/** The last query term gets a wildcard clause from this many characters on. */
export const MIN_PREFIX_CHARS = 3;
/** Scores are rounded to this many decimal places before ranking. */
export const SCORE_DECIMALS = 6;
/** Words shorter than this (in code points) are never split as compounds. */
export const MIN_COMPOUND_CHARS = 8;
/** Every part of a split compound has at least this many characters. */
export const MIN_PART_CHARS = 3;
/** German linking elements allowed between two parts of a compound, in order of trial. */
export const LINKING_ELEMENTS = ["s", "es", "n", "en", "e"];
/** A typo search cuts up to this many letters off the end of a word (words.py). */
export const MAX_CUT = 3;
/** Each part of a split the index confirms has at least this many letters (words.py). */
export const MIN_UNKNOWN_CHARS = 4;
/** At most this many splits of a word are checked against the index (words.py). */
export const MAX_SPLITS = 6;
/** The shard manifest version this code reads. */
export const MANIFEST_VERSION = 2;

// lunr.tokenizer.separator: JavaScript's \s and the hyphen.
const SEPARATORS = /[\s\-]+/;

/** The global lunr with lunr.de, or an error that says what is missing. */
function lunrDe() {
  const lunr = globalThis.lunr;
  if (!lunr || !lunr.de) {
    throw new Error("search-core.js needs lunr.min.js, lunr.stemmer.support.min.js and lunr.de.min.js loaded first");
  }
  return lunr;
}

/** Apply a lunr pipeline function to one string. */
function applyToString(lunr, fn, text) {
  const result = fn(new lunr.Token(text, {}), 0, []);
  return result === undefined || result === null ? null : result.toString();
}

/** Number of code points (not UTF-16 units) of a string. */
function codePoints(text) {
  return Array.from(text).length;
}

/**
 * The index terms a typed query stands for, in typing order, without duplicates:
 * `*` and `/` count as separators; lower case; split like lunr.tokenizer; lunr.de's trimmer,
 * stop-word filter and stemmer.
 */
export function queryTerms(text) {
  const lunr = lunrDe();
  const terms = [];
  const tokens = String(text).replace(/[*/]/g, " ").toLowerCase().split(SEPARATORS);
  for (const token of tokens) {
    if (!token) continue;
    const word = applyToString(lunr, lunr.de.trimmer, token);
    if (!word) continue;
    if (applyToString(lunr, lunr.de.stopWordFilter, word) === null) continue;
    const term = applyToString(lunr, lunr.de.stemmer, word);
    if (term && !terms.includes(term)) terms.push(term);
  }
  return terms;
}

/**
 * The clauses `search` builds for `terms`: per term an exact clause, a fuzzy one
 * (edit distance 1) for long terms, and a trailing wildcard on the last term.
 */
export function clauses(terms) {
  const result = [];
  terms.forEach((term, position) => {
    result.push({ term, boost: EXACT_BOOST, editDistance: 0, trailingWildcard: false });
    if (codePoints(term) >= MIN_FUZZY_CHARS) {
      result.push({ term, boost: FUZZY_BOOST, editDistance: 1, trailingWildcard: false });
    }
    if (position === terms.length - 1 && codePoints(term) >= MIN_PREFIX_CHARS) {
      result.push({ term, boost: PREFIX_BOOST, editDistance: 0, trailingWildcard: true });
    }
  });
  return result;
}

/** `score` rounded to SCORE_DECIMALS places (as round_score in lunr_de.py). */
export function roundScore(score) {
  const scale = 10 ** SCORE_DECIMALS;
  return Math.round(score * scale) / scale;
}

function compareRefs(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The best `limit` documents of a loaded lunr index for the typed query `text`:
 * [ref, score] pairs, by score (highest first), then by ref. Runs lunr.js's own
 * Index#query (as lunr_de.search runs lunr.py's): the reference the sharded search below
 * is tested against.
 */
export function search(index, text, limit) {
  const terms = queryTerms(text);
  if (terms.length === 0 || limit <= 0) return [];
  const lunr = lunrDe();
  const found = index.query((query) => {
    for (const clause of clauses(terms)) {
      const options = { usePipeline: false, boost: clause.boost };
      // lunr.js makes a clause fuzzy whenever it *has* editDistance, even 0.
      if (clause.editDistance > 0) options.editDistance = clause.editDistance;
      if (clause.trailingWildcard) options.wildcard = lunr.Query.wildcard.TRAILING;
      query.term(clause.term, options);
    }
  });
  const ranked = found.map((match) => [match.ref, roundScore(match.score)]);
  ranked.sort((a, b) => b[1] - a[1] || compareRefs(a[0], b[0]));
  return ranked.slice(0, limit);
}

// --- Compound words and sharded search (search_index.py) --------------------------------

/**
 * The parts of the compound `word` (lower case) by `dictionary` (a Set of lower-case
 * words), or [] if the word is short, in the dictionary itself, or has no split: the
 * fewest parts (each in the dictionary, at least MIN_PART_CHARS long, optionally joined by
 * a linking element), then the longest first part, then no linking element before one
 * (in the order of LINKING_ELEMENTS), then the same for the rest of the word.
 */
export function decompound(word, dictionary) {
  const chars = Array.from(word);
  const length = chars.length;
  if (length < MIN_COMPOUND_CHARS) return [];
  const links = ["", ...LINKING_ELEMENTS];
  const memo = new Map();
  const split = (start, count) => {
    const key = `${start},${count}`;
    if (memo.has(key)) return memo.get(key);
    let result = null;
    if (count === 1) {
      const rest = chars.slice(start).join("");
      if (length - start >= MIN_PART_CHARS && dictionary.has(rest)) result = [rest];
    } else {
      const lastEnd = length - MIN_PART_CHARS * (count - 1);
      for (let end = lastEnd; end >= start + MIN_PART_CHARS && result === null; end--) {
        const part = chars.slice(start, end).join("");
        if (!dictionary.has(part)) continue;
        for (const link of links) {
          if (chars.slice(end, end + link.length).join("") !== link) continue;
          const tail = split(end + link.length, count - 1);
          if (tail !== null) {
            result = [part, ...tail];
            break;
          }
        }
      }
    }
    memo.set(key, result);
    return result;
  };
  for (let count = 2; count <= Math.floor(length / MIN_PART_CHARS); count++) {
    const parts = split(0, count);
    if (parts !== null) return parts;
  }
  return [];
}

/** The clauses `clauses` gives `term` as the last term; the wildcard only if `wildcard`. */
function termClauses(term, wildcard) {
  return clauses([term]).filter((clause) => wildcard || !clause.trailingWildcard);
}

/**
 * The terms of the typed query `text` with the clauses of each ({term, clauses}): the
 * typed terms (queryTerms, the last with the trailing wildcard), then the parts of typed
 * compounds (trimmed, without stop words, stemmed, without duplicates; no wildcard).
 */
export function termQueries(text, dictionary) {
  return queryWords(text, dictionary).terms;
}

/** The query term of a compound part ("" for a stop word or nothing); part_term in words.py. */
export function partTerm(part) {
  const lunr = lunrDe();
  const trimmed = applyToString(lunr, lunr.de.trimmer, part);
  if (!trimmed || applyToString(lunr, lunr.de.stopWordFilter, trimmed) === null) return "";
  return applyToString(lunr, lunr.de.stemmer, trimmed) || "";
}

/**
 * The query terms of `text` ({terms: termQueries, words}) and its typed words, each once:
 * {text (lower case, trimmed), own (position of its term), parts (positions of its
 * compound parts' terms)}. Mirrors query_words in words.py.
 */
export function queryWords(text, dictionary) {
  const lunr = lunrDe();
  const typed = queryTerms(text);
  const terms = typed.map((term, position) => ({
    term,
    clauses: termClauses(term, position === typed.length - 1),
  }));
  const position = new Map(typed.map((term, i) => [term, i]));
  const words = [];
  const owns = new Set();
  const hasDictionary = dictionary && dictionary.size > 0;
  const tokens = String(text).replace(/[*/]/g, " ").toLowerCase().split(SEPARATORS);
  for (const token of tokens) {
    if (!token) continue;
    const word = applyToString(lunr, lunr.de.trimmer, token);
    if (!word || applyToString(lunr, lunr.de.stopWordFilter, word) === null) continue;
    const own = position.get(applyToString(lunr, lunr.de.stemmer, word));
    if (own === undefined) continue;
    const parts = [];
    for (const part of hasDictionary ? decompound(word, dictionary) : []) {
      const term = partTerm(part);
      if (!term) continue;
      if (!position.has(term)) {
        position.set(term, terms.length);
        terms.push({ term, clauses: termClauses(term, false) });
      }
      parts.push(position.get(term));
    }
    if (!owns.has(own)) {
      owns.add(own);
      words.push({ text: word, own, parts });
    }
  }
  return { terms, words };
}

/** `word` with ß as ss and umlauts without their dots, as the stemmer writes stems. */
export function fold(word) {
  return word.replace(/ß/g, "ss").replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u");
}

/** The folded `word` without its last 1 to MAX_CUT code points (at least MIN_FUZZY_CHARS left). */
export function typoCuts(word) {
  const chars = Array.from(fold(word));
  const cuts = [];
  for (let cut = 1; cut <= MAX_CUT; cut++) {
    if (chars.length - cut >= MIN_FUZZY_CHARS) {
      const text = chars.slice(0, chars.length - cut).join("");
      if (!cuts.includes(text)) cuts.push(text);
    }
  }
  return cuts;
}

function knownParts(part, dictionary) {
  return dictionary.has(part) ? [part] : decompound(part, dictionary);
}

/**
 * Splits of `word` into parts with one part the dictionary does not know: [[parts,
 * position of the unknown part]], in the order of trial. Mirrors split_candidates in words.py.
 */
export function splitCandidates(word, dictionary) {
  const chars = Array.from(word);
  if (chars.length < MIN_COMPOUND_CHARS || !dictionary || dictionary.size === 0) return [];
  if (decompound(word, dictionary).length > 0) return [];
  const found = [];
  for (let end = chars.length - MIN_PART_CHARS; end >= MIN_PART_CHARS; end--) {
    const head = chars.slice(0, end).join("");
    for (const link of ["", ...LINKING_ELEMENTS]) {
      if (chars.slice(end, end + link.length).join("") !== link) continue;
      const tailChars = chars.slice(end + link.length);
      if (tailChars.length < MIN_UNKNOWN_CHARS || end < MIN_UNKNOWN_CHARS) continue;
      const tail = tailChars.join("");
      const headParts = knownParts(head, dictionary);
      const tailParts = knownParts(tail, dictionary);
      if (headParts.length > 0 && tailParts.length === 0) {
        found.push([[...headParts, tail], headParts.length]);
      } else if (tailParts.length > 0 && headParts.length === 0) {
        found.push([[head, ...tailParts], 0]);
      }
      if (found.length === MAX_SPLITS) return found;
    }
  }
  return found;
}

/** Magnitude of a query vector (a Map of integer boosts). */
function magnitudeOf(vector) {
  let sum = 0;
  for (const value of vector.values()) sum += value * value;
  return Math.sqrt(sum);
}

/**
 * Search over an index split into term-range shards (search_index.build_shards): the manifest
 * says which shard holds which terms; `fetchShard(fileName)` returns (a Promise of) the
 * parsed JSON of a shard. Loaded shards are kept. Results equal those of `search` over
 * the whole index (see search_index.py for the one exception, fuzzy matches in other
 * shards).
 */
export class ShardedSearch {
  constructor(manifest, fetchShard) {
    if (manifest.version !== MANIFEST_VERSION) {
      throw new Error(`unknown shard manifest version ${manifest.version}`);
    }
    this.manifest = manifest;
    this.files = manifest.files;
    this.firsts = manifest.firsts;
    this.dictionary = new Set(manifest.dictionary);
    this.documents = manifest.documents;
    this.refs = manifest.refs ?? null;
    this.fetchShard = fetchShard;
    this.shards = new Map();
  }

  /** Number of the shard whose range holds `term`. */
  shardFor(term) {
    let low = 0;
    let high = this.firsts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.firsts[middle] <= term) low = middle + 1;
      else high = middle;
    }
    return Math.max(0, low - 1);
  }

  /** The queries a search for `text` runs, in order: [{shard, clauses, term?, slot}]. */
  plan(text) {
    return this.planOf(termQueries(text, this.dictionary));
  }

  /** The queries of the query terms `terms` ({term, clauses}); `slot` is the term's position. */
  planOf(terms, first = 0) {
    const result = [];
    if (this.files.length === 0) return result;
    terms.forEach(({ term, clauses: termClauseList }, position) => {
      const slot = first + position;
      const own = this.shardFor(term);
      result.push({ shard: own, clauses: termClauseList, term, slot });
      const wildcard = termClauseList.filter((clause) => clause.trailingWildcard);
      if (wildcard.length === 0) return;
      let next = own + 1;
      while (next < this.firsts.length && this.firsts[next].startsWith(term)) {
        result.push({ shard: next, clauses: wildcard, slot });
        next++;
      }
    });
    return result;
  }

  /** Whether the index may hold `term` or longer terms starting with it (a Promise). */
  async holds(term) {
    const own = this.shardFor(term);
    const following = own + 1;
    if (following < this.firsts.length && this.firsts[following].startsWith(term)) return true;
    const shard = await this.shard(own);
    return [...shard.entries.keys()].some((known) => known.startsWith(term));
  }

  /**
   * More queries for likely typos (a Promise): a term with a fuzzy clause that its own
   * shard does not hold (not even as the start of a term) gets its fuzzy clause run on
   * the two neighbouring shards too. Mirrors typo_plan in search_index.py.
   */
  typoPlan(text) {
    return this.typoQueries(this.plan(text));
  }

  /** typoPlan of the queries of plan(text). */
  async typoQueries(plan) {
    const result = [];
    await Promise.all(plan.map((query) => this.shard(query.shard))); // in parallel
    for (const query of plan) {
      const fuzzy = query.clauses.filter((clause) => clause.editDistance > 0);
      if (!query.term || fuzzy.length === 0) continue;
      const following = query.shard + 1;
      if (following < this.firsts.length && this.firsts[following].startsWith(query.term)) {
        continue; // the next shard starts with it: a known word (prefix)
      }
      const shard = await this.shard(query.shard);
      if ([...shard.entries.keys()].some((known) => known.startsWith(query.term))) continue;
      for (const neighbour of [query.shard - 1, query.shard + 1]) {
        if (neighbour >= 0 && neighbour < this.files.length) {
          result.push({ shard: neighbour, clauses: fuzzy, slot: query.slot });
        }
      }
    }
    return result;
  }

  /**
   * What find() tries for the words whose term the index does not hold (a Promise of
   * {queries, terms, parts}): fuzzy clauses on the word without its last letters
   * (typoCuts) on their shards and the neighbours, and the first split of splitCandidates
   * whose unknown part the index holds: its parts' terms (appended to `terms`, their
   * queries added) become the word's parts (parts: word position -> term positions).
   * Mirrors _rescue in tests/searchkit.py.
   */
  async rescue(terms, words) {
    const queries = [];
    const parts = new Map();
    if (this.files.length === 0) return { queries, terms, parts };
    const all = [...terms];
    const position = new Map(all.map(({ term }, i) => [term, i]));
    for (const [index, word] of words.entries()) {
      if (await this.holds(all[word.own].term)) continue;
      for (const cut of typoCuts(word.text)) {
        const fuzzy = [{ term: cut, boost: FUZZY_BOOST, editDistance: 1, trailingWildcard: false }];
        const own = this.shardFor(cut);
        for (const shard of [own - 1, own, own + 1]) {
          if (shard >= 0 && shard < this.files.length) {
            queries.push({ shard, clauses: fuzzy, slot: word.own });
          }
        }
      }
      if (word.parts.length > 0) continue;
      for (const [candidate, unknown] of splitCandidates(word.text, this.dictionary)) {
        const term = partTerm(candidate[unknown]);
        if (!term) continue;
        const shard = await this.shard(this.shardFor(term));
        if (!shard.entries.has(term)) continue;
        const slots = [];
        for (const part of candidate) {
          const partStem = partTerm(part);
          if (!partStem) continue;
          if (!position.has(partStem)) {
            position.set(partStem, all.length);
            const added = { term: partStem, clauses: termClauses(partStem, false) };
            all.push(added);
            queries.push(...this.planOf([added], all.length - 1));
          }
          slots.push(position.get(partStem));
        }
        parts.set(index, slots);
        break;
      }
    }
    return { queries, terms: all, parts };
  }

  /**
   * The search of the site: a Promise of {results: [[ref, score, tier]], matched}. Tier 0:
   * the documents matching every word of `text` (a word: its own term or all its compound
   * parts; only words that match some document count); tier 1: those matching some of
   * the words (lunr's OR); both by their score without the needs
   * field. Tier 2: the documents that match only in their needs (what they look for), by
   * the needs field's score. Ties by ref. `matched`: every index term the query matched
   * (to mark words in the results) -> the bits of the query terms that matched it;
   * `words`: the words that count ({own, parts, some}: bits). Mirrors find in
   * tests/searchkit.py.
   */
  async find(text) {
    const { terms: typed, words } = queryWords(text, this.dictionary);
    const first = this.planOf(typed);
    const typo = await this.typoQueries(first);
    const { queries: more, terms, parts } = await this.rescue(typed, words);
    const plan = [...first, ...typo, ...more];
    const shards = await Promise.all(plan.map((query) => this.shard(query.shard)));
    const n = this.documents;
    const sums = {
      totals: new Float64Array(n),
      found: [],
      seen: new Uint8Array(n),
      own: new Float64Array(n),
      need: new Float64Array(n),
      masks: new Uint32Array(n),
      needMasks: new Uint32Array(n),
      needField: this.manifest.fields.indexOf("needs"),
      matched: new Map(terms.map(({ term }, slot) => [term, bitOf(slot)])),
    };
    const combined = new Map();
    plan.forEach((query, i) => shards[i].score(query.clauses, sums, combined, query.slot));
    if (sums.found.length === 0) return { results: [], matched: sums.matched, words: [] };
    const magnitude = magnitudeOf(combined);
    const wordBits = words.map((word, index) => {
      const slots = parts.get(index) ?? word.parts;
      return { own: bitOf(word.own), parts: slots.map(bitOf).reduce((a, b) => a | b, 0), some: slots.length > 0 };
    });
    const has = wordHas;
    const hasAll = (mask) => liveOwn.every((bits) => has(mask, bits));
    const ownDocs = sums.found.filter((document) => sums.masks[document] !== 0);
    const liveOwn = wordBits.filter((bits) => ownDocs.some((d) => has(sums.masks[d], bits)));
    const ranked = ownDocs.map((document) => [
      this.ref(document),
      roundScore(sums.own[document] / magnitude),
      hasAll(sums.masks[document]) ? 0 : 1,
    ]);
    for (const document of sums.found) {
      if (sums.masks[document] === 0) {
        ranked.push([this.ref(document), roundScore(sums.need[document] / magnitude), 2]);
      }
    }
    ranked.sort((a, b) => a[2] - b[2] || b[1] - a[1] || compareRefs(a[0], b[0]));
    return { results: ranked, matched: sums.matched, words: liveOwn };
  }

  /**
   * How many of the words of a find() result `found` the index terms `terms` match (a
   * competence's or careers page's terms): terms matched by a word's clauses count.
   */
  static wordsMatched(found, terms) {
    let mask = 0;
    for (const term of terms) mask |= found.matched.get(term) ?? 0;
    return found.words.filter((bits) => wordHas(mask, bits)).length;
  }

  /** The shard files a search for `text` needs, in the order of first use (without those of typoPlan). */
  shardsFor(text) {
    return [...new Set(this.plan(text).map((query) => this.files[query.shard]))];
  }

  /** A Promise of shard `number` (a Shard; fetched once). */
  shard(number) {
    if (!this.shards.has(number)) {
      const loading = Promise.resolve(this.fetchShard(this.files[number])).then(
        (data) => new Shard(data),
      );
      loading.catch(() => this.shards.delete(number)); // a failed fetch may be retried
      this.shards.set(number, loading);
    }
    return this.shards.get(number);
  }

  /** The ref of document number `document`. */
  ref(document) {
    return this.refs === null ? String(document) : this.refs[document];
  }

  /**
   * The best `limit` documents for the typed query `text`: a Promise of [ref, score]
   * pairs, by score (highest first), then by ref.
   */
  async search(text, limit) {
    if (limit <= 0) return [];
    const first = this.plan(text);
    const plan = [...first, ...(await this.typoQueries(first))];
    const shards = await Promise.all(plan.map((query) => this.shard(query.shard)));
    const sums = { totals: new Float64Array(this.documents), found: [], seen: new Uint8Array(this.documents) };
    const combined = new Map();
    plan.forEach((query, position) => shards[position].score(query.clauses, sums, combined));
    if (sums.found.length === 0) return [];
    const magnitude = magnitudeOf(combined);
    const ranked = sums.found.map((document) => [
      this.ref(document),
      roundScore(sums.totals[document] / magnitude),
    ]);
    ranked.sort((a, b) => b[1] - a[1] || compareRefs(a[0], b[0]));
    return ranked.slice(0, limit);
  }
}

/**
 * A loaded shard: its term entries ([term, _index, postings of each field]; postings
 * alternate document-number gaps and weights) and their lunr.TokenSet, for wildcard and
 * fuzzy expansion as in lunr.Index. Mirrors Shard in search_index.py.
 */
export class Shard {
  constructor(data) {
    const lunr = lunrDe();
    this.entries = new Map(data.terms.map((entry) => [entry[0], entry]));
    // the file has its terms in JavaScript's string order, as TokenSet.fromArray wants
    this.tokenSet = lunr.TokenSet.fromArray(data.terms.map((entry) => entry[0]));
  }

  /** The shard's terms `clause` matches (lunr's TokenSet.fromClause of the clause as lunr.Query#term makes it). */
  expand(clause) {
    const lunr = lunrDe();
    const term = clause.trailingWildcard ? `${clause.term}*` : clause.term;
    const wanted =
      clause.editDistance > 0
        ? lunr.TokenSet.fromFuzzyString(term, clause.editDistance)
        : lunr.TokenSet.fromString(term);
    return this.tokenSet.intersect(wanted).toArray();
  }

  /**
   * Add what `clauses` score here to `sums` ({totals: document number -> sum of boost ×
   * weight, found: the documents with a sum, seen: 1 for those}) and their boosts to the
   * query vector `combined` (term _index -> summed boost). Terms go by _index, fields and
   * documents in file order, as in search_index.py, so both sum in the same order.
   */
  score(clauses, sums, combined, slot = -1) {
    const boosts = new Map();
    for (const clause of clauses) {
      for (const term of this.expand(clause)) {
        boosts.set(term, (boosts.get(term) ?? 0) + clause.boost);
      }
    }
    const terms = [...boosts.keys()].sort((a, b) => this.entries.get(a)[1] - this.entries.get(b)[1]);
    const { totals, found, seen, own, need, masks, needMasks, needField, matched } = sums;
    const bit = bitOf(slot);
    for (const term of terms) {
      const entry = this.entries.get(term);
      const boost = boosts.get(term);
      combined.set(entry[1], (combined.get(entry[1]) ?? 0) + boost);
      if (matched !== undefined) matched.set(term, (matched.get(term) ?? 0) | bit);
      for (let field = 2; field < entry.length; field++) {
        const postings = entry[field];
        const needs = field - 2 === needField;
        let document = 0;
        for (let i = 0; i < postings.length; i += 2) {
          document += postings[i];
          if (seen[document] === 0) {
            seen[document] = 1;
            found.push(document);
          }
          const value = boost * postings[i + 1];
          totals[document] += value;
          if (masks === undefined) continue;
          if (needs) {
            need[document] += value;
            needMasks[document] |= bit;
          } else {
            own[document] += value;
            masks[document] |= bit;
          }
        }
      }
    }
  }
}

/** Whether a document (or result) with `mask` matches the word with `bits` ({own, parts, some}). */
function wordHas(mask, bits) {
  return bits.own === 0 || (mask & bits.own) !== 0 || (bits.some && (mask & bits.parts) === bits.parts);
}

/** The bit of query term `slot` in a document's mask (0: not tracked, beyond 31 terms). */
function bitOf(slot) {
  return slot >= 0 && slot < 31 ? 1 << slot : 0;
}
