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
 * `*` counts as a separator; lower case; split like lunr.tokenizer; lunr.de's trimmer,
 * stop-word filter and stemmer.
 */
export function queryTerms(text) {
  const lunr = lunrDe();
  const terms = [];
  const tokens = String(text).replace(/\*/g, " ").toLowerCase().split(SEPARATORS);
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
 * [ref, score] pairs, by score (highest first), then by ref.
 */
export function search(index, text, limit) {
  const lunr = lunrDe();
  const terms = queryTerms(text);
  if (terms.length === 0 || limit <= 0) return [];
  const matches = index.query((query) => {
    for (const clause of clauses(terms)) {
      const options = { usePipeline: false, boost: clause.boost };
      // lunr.js makes a clause fuzzy whenever it *has* editDistance, even 0.
      if (clause.editDistance > 0) options.editDistance = clause.editDistance;
      if (clause.trailingWildcard) options.wildcard = lunr.Query.wildcard.TRAILING;
      query.term(clause.term, options);
    }
  });
  const ranked = matches.map((match) => [match.ref, roundScore(match.score)]);
  ranked.sort((a, b) => b[1] - a[1] || compareRefs(a[0], b[0]));
  return ranked.slice(0, limit);
}
