"""The member search at scale: a fast index builder, German compound words, and an index split
into term-range shards that the browser fetches only as a query needs them.

At 10,000 members one lunr index of the whole atlas is 60 MB of JSON (11–12 MB gzip), and
lunr.py needs 37 s to build it; lunr.js's ``Index#query`` then needs 60–140 ms for a
common word (it collects match metadata per field and document). This module keeps lunr's
analysis, weights and ranking (so that lunr.js 2.3.9 with lunr.de in the browser,
``theme/static/js/search-core.js`` and :mod:`atlasgen.search.lunr_de` stay the one definition of
the German search) and changes how the index is built, shipped and scored:

* :func:`build_serialized` ``(documents, fields, ref)`` gives exactly – byte for byte after
  ``json.dumps(…, sort_keys=True, separators=(",", ":"))`` – what
  ``lunr_de.serialize(lunr_de.build_index(documents, fields, ref))`` gives, 5–18 times
  faster (about 2 s instead of 37 s for 10,000 synthetic members, in one process).
* :func:`decompound` splits a German compound by a dictionary; :func:`expand_compounds`
  (and :func:`expand_documents`) append the parts of every compound to a text before it is
  indexed. A query word that is a compound adds its parts as query terms
  (:func:`term_queries`; ``termQueries`` in ``search-core.js``).
* :func:`build_shards` gives the same index as term-range shards: each the postings with
  their lunr weights of a contiguous range of terms, and a small manifest that tells which
  shard holds which terms.
* :class:`ShardedSearch` (Python) and ``ShardedSearch`` in ``search-core.js`` (the browser)
  answer a query from the few shards it needs, with identical results; tested under Node by
  ``tests/test_search_index.py`` and ``tests/js/sharded_query.mjs``.

Design decisions:

* **Builder.** lunr.py's ``Builder`` is replicated step by step, not approximated: tokens
  from ``lunr_de.tokenize`` (the same tokens as lunr.py gets after ``lunr_de`` has replaced
  JavaScript white space), each distinct token trimmed, stop-word filtered and stemmed once
  (a per-build cache); term ``_index`` numbers given in order of first occurrence (documents,
  then fields in order, then tokens); BM25 with k1 = 1.2 and b = 0.75, the average length
  per field over all documents, the field boost, document boost 1 (``lunr_de.build_index``
  gives none), ``idf = log(1 + |(N − df + 0.5) / (df + 0.5)|)`` with df counted over every
  field's postings; every score rounded with Python's ``round(score, 3)`` as lunr.py does
  (lunr.js would use ``Math.round(score * 1000) / 1000``; the index must equal lunr.py's),
  computed with the same floating-point operations in the same order. ``fieldVectors`` are
  in lunr.py's order (documents, then fields), ``invertedIndex`` in JavaScript's string
  order (:func:`lunr_de.serialize`). Deliberate differences: two documents with the same
  ref, and a field named like the ref, are refused (lunr.py would mix them up), and no
  documents give an empty index (lunr.py divides by zero). Garbage collection is paused
  while building (millions of long-lived objects, no cycles).
* **Compound words.** :func:`decompound`: a lower-case word of at least
  :data:`MIN_COMPOUND_CHARS` characters (code points) is split into two or more
  dictionary words of at least :data:`MIN_PART_CHARS` characters,
  with an optional linking element (:data:`LINKING_ELEMENTS`) between two parts. Of all
  splits the one with the fewest parts wins, then the longest first part, then no linking
  element before one (tried in the order of :data:`LINKING_ELEMENTS`), then the same rules
  for the rest of the word. A word of the dictionary is split too when it is a compound of
  other dictionary words (the taxonomy lists "Informationssicherheit"; a member using it
  must be found by "Sicherheit"). Documents: :func:`expand_compounds` writes the parts,
  separated by spaces, right after the token (lunr's: between white space and hyphens) that
  is the compound ("Informationssicherheit, Cloud" → "Informationssicherheit, information
  sicherheit Cloud" if "information" and "sicherheit" are dictionary words), so they go
  through the normal pipeline, count towards the field length and rank a document that has
  the compound above one that has a part only. Queries: each typed word that decompounds
  adds its parts, after trimmer, stop words and stemmer like every term, after the typed
  terms and without duplicates; parts get an exact and a fuzzy clause but never the
  trailing wildcard, which stays on the last typed term.
* **Shards.** A shard holds a contiguous range of terms in JavaScript string order:
  ``{"terms": [[term, _index, postings of field 0, field 1, …], …]}``; a field's postings
  alternate the gap to the previous document number (documents numbered in index order;
  the manifest lists the refs unless they are the numbers themselves, as atlasgen's are)
  and the term's weight in that document's field, exactly the field-vector element of the
  lunr index (lunr.py's ``round(score, 3)``, written as ``json.dumps`` writes it). That is
  all lunr 2.3.9 (lunr.js and lunr.py alike) scores with: a field scores the dot product
  of query and field vector divided by the magnitude of the *query* vector, so only the
  elements of query terms count, and they are the postings' weights. Field-ref strings,
  per-document metadata objects and whole field vectors, two thirds of a lunr index, are
  left out: at 10,000 members the shards are 26 MB instead of 111 MB, a frequent word's
  shard 150 kB instead of 650 kB. Both formats come from one analysis (``_analyse``), so
  the shards' weights are those of :func:`build_serialized` (tested). A shard is
  canonical compact JSON (UTF-8) of at most ``max_bytes`` unless it holds a single term
  that is larger. Files are named ``s<number>.<sha256[:10]>.json``, so they can be cached
  forever.
* **Searching shards.** The query terms are the typed terms of ``lunr_de.query_terms`` plus
  compound parts; each term gets the clauses ``lunr_de.clauses`` gives it (exact, fuzzy, and
  for the last typed term the trailing wildcard). A term's clauses run as one query on
  the shard whose range holds the term (the last whose first term is ≤ the term, or the
  first shard); the wildcard-only clause runs on each following shard whose first term
  starts with the term: those, and only those, can hold longer terms with that prefix
  (comparing with "term + U+FFFF" instead would miss terms that continue with U+FFFF). A
  query expands each clause as lunr does (lunr's ``TokenSet`` of the shard's terms,
  intersected with the clause's; lunr.py here, lunr.js in the browser) and adds each
  expanded term's summed clause boosts to the query vector; every posting of an expanded
  term adds boost × weight to its document. Over all queries, that sum divided by the
  magnitude of the whole query vector is the score *one* lunr query of all these clauses
  over the whole index gives (up to the order of floating-point additions, which
  ``lunr_de.round_score`` absorbs). Python and JavaScript add in the same order (queries in
  plan order, terms by ``_index``, fields and postings in file order), so their scores are
  bit for bit equal. Summing lunr's per-query scores instead would weight each term by
  ``1 / |q_i|`` – a term whose wildcard expands to many words would count less – and differ
  from ``lunr_de.search`` on the whole index. The sum is rounded with
  ``lunr_de.round_score`` and the results sorted by score, then ref (UTF-16 order). So the
  sharded results are those of ``lunr_de.search`` over the whole index, with one
  exception: a fuzzy clause only finds the one-edit variants of a term in the shards it
  runs on. A typo sorts apart from the word meant ("digitalisir" after "digitalisier…"),
  often across a shard boundary, especially when that word is frequent enough to have a
  shard of its own. Therefore :meth:`ShardedSearch.typo_plan`: a term that its own shard
  does not hold (not even as a prefix; then it is likely a typo) gets its fuzzy clause run
  on the two neighbouring shards as well. Correctly typed terms fetch nothing more; a typo
  whose word sorts further away than the next shard is still missed.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from lunr import __TARGET_JS_VERSION__
from lunr.token_set import TokenSet

from atlasgen.common.workers import paused_gc
from atlasgen.search import lunr_de
from atlasgen.search.lunr_de import (
    JS_WHITESPACE,
    STOP_WORDS,
    Clause,
    query_terms,
    round_score,
    stem,
    tokenize,
    trim,
)

__all__ = [
    "DEFAULT_SHARD_BYTES",
    "LINKING_ELEMENTS",
    "MANIFEST_VERSION",
    "MIN_COMPOUND_CHARS",
    "MIN_PART_CHARS",
    "PIPELINE",
    "Shard",
    "ShardQuery",
    "ShardedSearch",
    "build_serialized",
    "build_shards",
    "canonical_json",
    "decompound",
    "expand_compounds",
    "expand_documents",
    "term_queries",
]

K1: Final = 1.2
"""lunr's BM25 term-frequency saturation."""
B: Final = 0.75
"""lunr's BM25 field-length normalisation."""
PIPELINE: Final = ("trimmer-de", "stemmer-de")
"""The search pipeline a ``lunr_de`` index names (see :mod:`atlasgen.search.lunr_de`)."""

MIN_COMPOUND_CHARS: Final = 8
"""Words shorter than this are never split."""
MIN_PART_CHARS: Final = 3
"""Every part of a split compound has at least this many characters."""
LINKING_ELEMENTS: Final = ("s", "es", "n", "en", "e")
"""German linking elements (Fugenelemente) allowed between two parts, in order of trial."""

MANIFEST_VERSION: Final = 2
"""Version of the shard manifest format."""
DEFAULT_SHARD_BYTES: Final = 100_000
"""Default ``max_bytes`` of :func:`build_shards`. With the postings format, at 10,000
synthetic members: 246 shards, median 92 kB, the largest (one frequent term) 180 kB; a
first query fetches 106 KiB gzip of search files (median of 20 queries,
bench/search.py). Measured with lunr-index shards before: what a query fetches hardly
changed from 25 to 100 kB but grew above; larger shards mean fewer files and a smaller
manifest."""

_LONG_RUN = re.compile(rf"[^{JS_WHITESPACE}\-]{{{MIN_COMPOUND_CHARS},}}")
"""A token (lunr's: between white space and hyphens) that may be a compound."""
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def canonical_json(data: Any) -> bytes:
    """Canonical compact JSON (sorted keys, no spaces, UTF-8) of ``data``."""
    return _dumps(data).encode()


def _dumps(data: Any) -> str:
    """The text of :func:`canonical_json` (``data`` must not contain itself: not checked,
    for speed)."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, check_circular=False
    )


def _utf16_key(text: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units)."""
    return text.encode("utf-16-be", "surrogatepass")


def _js_sorted(texts: Iterable[str]) -> list[str]:
    """``texts`` in JavaScript's string order."""
    result = sorted(texts)
    if any(_ASTRAL.search(text) for text in result):
        result.sort(key=_utf16_key)
    return result


# --- Fast builder ------------------------------------------------------------------------


def build_serialized(
    documents: Sequence[Mapping[str, str]], fields: Sequence[tuple[str, float]], ref: str
) -> dict[str, Any]:
    """The serialized lunr index of ``documents`` over ``fields`` ((name, boost) pairs),
    keyed by ``ref``: the same as ``lunr_de.serialize(lunr_de.build_index(...))``.

    A missing field counts as empty text. Raises ``ValueError`` if ``ref`` is also a field
    or two documents have the same ref.
    """
    with paused_gc():  # millions of long-lived objects, no cycles (see atlasgen.common.workers)
        return _serialized_of(_analyse(documents, fields, ref))


def build_shards(
    documents: Sequence[Mapping[str, str]],
    fields: Sequence[tuple[str, float]],
    ref: str,
    max_bytes: int = DEFAULT_SHARD_BYTES,
    dictionary: Iterable[str] = (),
    tokens: Callable[[str], Sequence[str]] = tokenize,
) -> tuple[dict[str, Any], list[bytes]]:
    """The manifest and the shard files (canonical JSON) of the index
    :func:`build_serialized` gives for the same arguments (see the module docstring).

    ``max_bytes`` is the size a shard does not exceed unless it holds a single larger term;
    ``dictionary`` the compound dictionary queries will use (the manifest carries it). The
    manifest names the files (``manifest["files"][i]`` holds ``shards[i]``); where they go
    is the caller's business. ``tokens`` splits a field's text into lunr's tokens (it may
    also expand compounds first, and remember what it did).
    """
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    with paused_gc():
        return _shards_of(_analyse(documents, fields, ref, tokens), max_bytes, dictionary)


@dataclass
class _Analysis:
    """An index before it is written out: lunr's numbers, either format's source."""

    names: list[str]
    """The field names, in order."""
    refs: list[str]
    """The documents' refs, in document order."""
    term_index: dict[str, int]
    """Each term's lunr ``_index``."""
    scored: list[tuple[int, list[int], list[float]]]
    """Per document and field, in that order: (field number, term indexes ascending,
    their weights)."""


def _analyse(
    documents: Sequence[Mapping[str, str]],
    fields: Sequence[tuple[str, float]],
    ref: str,
    tokenize: Callable[[str], Sequence[str]] = tokenize,
) -> _Analysis:
    boosts = dict(fields)  # as lunr.py: first position and last boost of a repeated name
    names = list(boosts)
    if ref in boosts:
        raise ValueError(f"the ref {ref!r} cannot also be an indexed field")
    # Terms are numbered from 0 in order of first occurrence (lunr's _index); "codes" are
    # those numbers + 1, so that 0 can stand for a token that gives no term.
    code_of: dict[str, int] = {}  # token → code, 0: trimmed away or a stop word
    term_index: dict[str, int] = {}
    document_frequency: Counter[int] = Counter()  # code → number of field refs with the term
    analysed: list[tuple[int, Counter[int], int]] = []  # field, codes, length
    refs: list[str] = []
    seen: set[str] = set()

    for document in documents:
        doc_ref = str(document[ref])
        if doc_ref in seen:
            raise ValueError(f"two documents have the ref {doc_ref!r}")
        seen.add(doc_ref)
        refs.append(doc_ref)
        for number, name in enumerate(names):
            tokens = tokenize(document.get(name, ""))
            if not code_of.keys() >= set(tokens):
                for token in tokens:  # in order: new terms are numbered as they come
                    if token not in code_of:
                        code_of[token] = _code(token, term_index)
            codes = list(filter(None, map(code_of.__getitem__, tokens)))
            counts = Counter(codes)
            document_frequency.update(counts.keys())
            analysed.append((number, counts, len(codes)))

    scored: list[tuple[int, list[int], list[float]]] = []
    if not refs:
        return _Analysis(names, refs, term_index, scored)

    totals = [0] * len(names)
    with_field = [0] * len(names)
    for number, _counts, length in analysed:
        totals[number] += length
        with_field[number] += 1
    averages = [total / count for total, count in zip(totals, with_field, strict=True)]

    document_count = len(refs)
    idf = [0.0] * (len(term_index) + 1)
    for code, df in document_frequency.items():
        x = (document_count - df + 0.5) / (df + 0.5)
        idf[code] = math.log(1 + abs(x))

    k1_plus_1 = K1 + 1
    for number, counts, length in analysed:
        if not counts:
            scored.append((number, [], []))
            continue
        items = sorted(counts.items())
        # the same floating-point operations in the same order as lunr.py's Builder:
        # score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * length / average) + tf),
        # times the field boost (and the document boost 1), rounded to 3 places
        norm = K1 * (1 - B + B * (length / averages[number]))
        boost = boosts[names[number]]
        scored.append(
            (
                number,
                [code - 1 for code, _tf in items],
                [
                    round(idf[code] * (k1_plus_1 * tf) / (norm + tf) * boost, 3)
                    for code, tf in items
                ],
            )
        )
    return _Analysis(names, refs, term_index, scored)


def _serialized_of(analysis: _Analysis) -> dict[str, Any]:
    """The lunr.py serialization of ``analysis``."""
    names, refs = analysis.names, analysis.refs
    if not refs:
        return _serialized(names, [], [])
    # postings[number][term index]: the refs of the term in that field
    postings: list[list[list[str]]] = [[[] for _ in analysis.term_index] for _ in names]
    field_vectors: list[list[Any]] = []
    for position, (number, indexes, weights) in enumerate(analysis.scored):
        doc_ref = refs[position // len(names)]
        elements: list[Any] = [0.0] * (2 * len(indexes))
        elements[0::2] = indexes
        elements[1::2] = weights
        field_postings = postings[number]
        for index in indexes:
            field_postings[index].append(doc_ref)
        field_vectors.append([names[number] + "/" + doc_ref, elements])

    inverted_index: list[list[Any]] = []
    for term in _js_sorted(analysis.term_index):
        term_index = analysis.term_index[term]
        entry: dict[str, Any] = {
            name: {doc_ref: {} for doc_ref in postings[number][term_index]}
            for number, name in enumerate(names)
        }
        entry["_index"] = term_index
        inverted_index.append([term, entry])
    return _serialized(names, field_vectors, inverted_index)


def _code(token: str, term_index: dict[str, int]) -> int:
    """The code (term index + 1, or 0 for none) of a token not seen before; a new term gets
    the next index."""
    word = trim(token)
    if not word or word in STOP_WORDS:
        return 0
    term = stem(word)
    if not term:  # impossible with the Snowball stemmer (it keeps ≥ 3 characters or all)
        raise RuntimeError(f"the stemmer gave an empty term for {word!r}")
    index = term_index.get(term)
    if index is None:
        index = term_index[term] = len(term_index)
    return index + 1


def _serialized(
    names: list[str], field_vectors: list[list[Any]], inverted_index: list[list[Any]]
) -> dict[str, Any]:
    return {
        "version": __TARGET_JS_VERSION__,
        "fields": names,
        "fieldVectors": field_vectors,
        "invertedIndex": inverted_index,
        "pipeline": list(PIPELINE),
    }


# --- Compound words ----------------------------------------------------------------------


def decompound(word: str, dictionary: Collection[str]) -> list[str]:
    """The parts of the compound ``word`` (lower case) by ``dictionary`` (lower-case words),
    or ``[]`` if it is short or has no split (module docstring). A word that is in the
    dictionary itself is split too: "Informationssicherheit" is a synonym in the taxonomy,
    and a member who writes it must still be found by "Sicherheit".
    """
    if len(word) < MIN_COMPOUND_CHARS:
        return []
    return list(_decompound(word, frozenset(dictionary)))


@functools.lru_cache(maxsize=65536)
def _decompound(word: str, dictionary: frozenset[str]) -> tuple[str, ...]:
    if len(word) < MIN_COMPOUND_CHARS:
        return ()
    memo: dict[tuple[int, int], tuple[str, ...] | None] = {}

    def split(start: int, count: int) -> tuple[str, ...] | None:
        """The preferred split of ``word[start:]`` into exactly ``count`` parts."""
        key = (start, count)
        if key in memo:
            return memo[key]
        result: tuple[str, ...] | None = None
        if count == 1:
            rest = word[start:]
            if len(rest) >= MIN_PART_CHARS and rest in dictionary:
                result = (rest,)
        else:
            last_end = len(word) - MIN_PART_CHARS * (count - 1)
            for end in range(last_end, start + MIN_PART_CHARS - 1, -1):
                part = word[start:end]
                if part not in dictionary:
                    continue
                for link in ("", *LINKING_ELEMENTS):
                    if word.startswith(link, end):
                        tail = split(end + len(link), count - 1)
                        if tail is not None:
                            result = (part, *tail)
                            break
                if result is not None:
                    break
        memo[key] = result
        return result

    for count in range(2, len(word) // MIN_PART_CHARS + 1):
        parts = split(0, count)
        if parts is not None:
            return parts
    return ()


def expand_compounds(text: str, dictionary: Collection[str]) -> str:
    """``text`` with the parts of each compound word written right after it.

    Words are lunr's tokens (the runs between white space and hyphens) of at least
    :data:`MIN_COMPOUND_CHARS` characters, lower-cased and trimmed as the index does before
    :func:`decompound` sees them; the parts follow the token, separated by spaces.
    """
    if not dictionary:
        return text
    return _LONG_RUN.sub(_expander(frozenset(dictionary)), text)


@functools.lru_cache(maxsize=8)
def _expander(dictionary: frozenset[str]) -> Callable[[re.Match[str]], str]:
    """The replacement function of :func:`expand_compounds` for ``dictionary``, with the
    expansion of every token it has seen."""
    seen: dict[str, str] = {}

    def expand(match: re.Match[str]) -> str:
        token = match.group()
        expanded = seen.get(token)
        if expanded is None:
            parts = _decompound(trim(token.lower()), dictionary)
            expanded = seen[token] = token + " " + " ".join(parts) if parts else token
        return expanded

    return expand


def expand_documents(
    documents: Iterable[Mapping[str, str]], fields: Iterable[str], dictionary: Collection[str]
) -> list[dict[str, str]]:
    """Copies of ``documents`` with :func:`expand_compounds` applied to ``fields``."""
    names = list(fields)
    words = frozenset(dictionary)
    result = []
    for document in documents:
        copy = dict(document)
        for name in names:
            if name in copy:
                copy[name] = expand_compounds(copy[name], words)
        result.append(copy)
    return result


# --- Queries -----------------------------------------------------------------------------


def term_queries(text: str, dictionary: Collection[str]) -> list[tuple[str, list[Clause]]]:
    """The terms of the typed query ``text`` with the clauses of each: the typed terms
    (``lunr_de.query_terms``), then the parts of typed compounds (module docstring)."""
    typed = query_terms(text)
    result = []
    for position, term in enumerate(typed):
        result.append((term, _clauses(term, wildcard=position == len(typed) - 1)))
    seen = set(typed)
    words = frozenset(dictionary)
    if words:
        for token in tokenize(text.replace("*", " ").replace("/", " ")):
            word = trim(token)
            if not word or word in STOP_WORDS:
                continue
            for part in _decompound(word, words):
                trimmed = trim(part)
                if not trimmed or trimmed in STOP_WORDS:
                    continue
                term = stem(trimmed)
                if term and term not in seen:
                    seen.add(term)
                    result.append((term, _clauses(term, wildcard=False)))
    return result


def _clauses(term: str, *, wildcard: bool) -> list[Clause]:
    """The clauses ``lunr_de.clauses`` gives ``term`` as the last term, without the
    wildcard unless ``wildcard``."""
    return [c for c in lunr_de.clauses([term]) if wildcard or not c.trailing_wildcard]


def _magnitude(vector: Mapping[int, int]) -> float:
    """Magnitude of a query vector of integer boosts (exact until the square root)."""
    return math.sqrt(sum(value * value for value in vector.values()))


# --- Shards ------------------------------------------------------------------------------


def _shards_of(
    analysis: _Analysis, max_bytes: int, dictionary: Iterable[str]
) -> tuple[dict[str, Any], list[bytes]]:
    names, refs = analysis.names, analysis.refs
    field_count = len(names)
    # Per term _index and field (at term * fields + field): document numbers and weights,
    # alternating, in ascending document order.
    postings: list[list[Any]] = [[] for _ in range(len(analysis.term_index) * field_count)]
    for position, (number, indexes, weights) in enumerate(analysis.scored):
        document = position // field_count
        for index, weight in zip(indexes, weights, strict=True):
            found = postings[index * field_count + number]
            found.append(document)
            found.append(weight)

    # Each term's entry as JSON text: [term, _index, postings of field 0, field 1, ...],
    # postings as document-number gaps and weights, alternating (weights as json.dumps
    # writes them: repr).
    terms = _js_sorted(analysis.term_index)
    texts = []
    for term in terms:
        term_index = analysis.term_index[term]
        lists = []
        for found in postings[term_index * field_count : (term_index + 1) * field_count]:
            if found:
                documents = found[0::2]
                found[0::2] = [b - a for a, b in zip([0, *documents[:-1]], documents, strict=True)]
                # str of an int or float is its repr, as json.dumps writes them
                lists.append("[" + ",".join(map(str, found)) + "]")
            else:
                lists.append("[]")
        texts.append(f"[{_dumps(term)},{term_index},{','.join(lists)}]")
    del postings

    # Contiguous ranges of terms, each closed before it would grow beyond max_bytes.
    opening, closing = '{"terms":[', "]}"
    blobs: list[bytes] = []
    firsts: list[str] = []
    current: list[str] = []
    size = len(opening) + len(closing)
    for term, text in zip(terms, texts, strict=True):
        grow = len(text.encode()) + (1 if current else 0)
        if current and size + grow > max_bytes:
            blobs.append((opening + ",".join(current) + closing).encode())
            current, size = [], len(opening) + len(closing)
            grow -= 1
        if not current:
            firsts.append(term)
        current.append(text)
        size += grow
    if current:
        blobs.append((opening + ",".join(current) + closing).encode())

    width = max(3, len(str(len(blobs) - 1)))
    files = [
        f"s{number:0{width}d}.{hashlib.sha256(blob).hexdigest()[:10]}.json"
        for number, blob in enumerate(blobs)
    ]
    manifest: dict[str, Any] = {
        "version": MANIFEST_VERSION,
        "lunr": __TARGET_JS_VERSION__,
        "fields": list(names),
        "documents": len(refs),
        "firsts": firsts,
        "files": files,
        "dictionary": _js_sorted(set(dictionary)),
    }
    if refs != [str(number) for number in range(len(refs))]:
        manifest["refs"] = refs
    return manifest, blobs


# --- Searching shards --------------------------------------------------------------------


@dataclass(frozen=True)
class ShardQuery:
    """One query of a search: ``clauses`` on shard number ``shard``."""

    shard: int
    clauses: tuple[Clause, ...]
    term: str = ""
    """The query term, on the query of the term's own shard (else empty)."""


class ShardedSearch:
    """Search over the shards of a manifest, exactly as ``ShardedSearch`` in
    ``search-core.js``: loaded shards are kept."""

    def __init__(
        self, manifest: Mapping[str, Any], load_shard: Callable[[str], Mapping[str, Any]]
    ) -> None:
        if manifest.get("version") != MANIFEST_VERSION:
            raise ValueError(f"unknown shard manifest version {manifest.get('version')!r}")
        self.manifest = manifest
        self.files: list[str] = list(manifest["files"])
        self.firsts: list[str] = list(manifest["firsts"])
        self.dictionary = frozenset(manifest.get("dictionary", ()))
        self.documents: int = manifest["documents"]
        self.refs: list[str] | None = manifest.get("refs")
        self._keys = [_utf16_key(first) for first in self.firsts]
        self._load_shard = load_shard
        self._shards: dict[int, Shard] = {}

    def shard_for(self, term: str) -> int:
        """Number of the shard whose range holds ``term``."""
        return max(0, bisect.bisect_right(self._keys, _utf16_key(term)) - 1)

    def plan(self, text: str) -> list[ShardQuery]:
        """The queries a search for ``text`` runs, in order."""
        result: list[ShardQuery] = []
        if not self.files:
            return result
        for term, clauses in term_queries(text, self.dictionary):
            own = self.shard_for(term)
            result.append(ShardQuery(own, tuple(clauses), term))
            wildcard = tuple(c for c in clauses if c.trailing_wildcard)
            if wildcard:
                following = own + 1
                while following < len(self.firsts) and self.firsts[following].startswith(term):
                    result.append(ShardQuery(following, wildcard))
                    following += 1
        return result

    def typo_plan(self, text: str) -> list[ShardQuery]:
        """More queries for likely typos: a term with a fuzzy clause that its own shard
        does not hold (not even as the start of a term) gets its fuzzy clause run on the
        two neighbouring shards too, where a word one edit away often sorts. Terms that
        exist cost nothing more."""
        return self._typo_queries(self.plan(text))

    def _typo_queries(self, plan: Sequence[ShardQuery]) -> list[ShardQuery]:
        """:meth:`typo_plan` of the queries of :meth:`plan`."""
        result: list[ShardQuery] = []
        for query in plan:
            fuzzy = tuple(c for c in query.clauses if c.edit_distance)
            if not query.term or not fuzzy:
                continue
            following = query.shard + 1
            if following < len(self.firsts) and self.firsts[following].startswith(query.term):
                continue  # the next shard starts with it: a known word (prefix)
            if any(known.startswith(query.term) for known in self.shard(query.shard).entries):
                continue
            for neighbour in (query.shard - 1, query.shard + 1):
                if 0 <= neighbour < len(self.files):
                    result.append(ShardQuery(neighbour, fuzzy))
        return result

    def shards_for(self, text: str) -> list[str]:
        """The files a search for ``text`` needs, in the order of first use (without those
        of :meth:`typo_plan`, which depend on what these hold)."""
        return list(dict.fromkeys(self.files[query.shard] for query in self.plan(text)))

    def shard(self, number: int) -> Shard:
        """Shard ``number`` (loaded once)."""
        if number not in self._shards:
            self._shards[number] = Shard(self._load_shard(self.files[number]))
        return self._shards[number]

    def ref(self, document: int) -> str:
        """The ref of document number ``document``."""
        return self.refs[document] if self.refs is not None else str(document)

    def search(self, text: str, limit: int) -> list[tuple[str, float]]:
        """The best ``limit`` documents for the typed query ``text``: (ref, score) pairs, by
        score (highest first), then ref (see the module docstring)."""
        if limit <= 0:
            return []
        totals: dict[int, float] = {}
        combined: dict[int, int] = {}
        plan = self.plan(text)
        for query in plan + self._typo_queries(plan):
            self.shard(query.shard).score(query.clauses, totals, combined)
        if not totals:
            return []
        magnitude = _magnitude(combined)
        ranked = [
            (self.ref(document), round_score(total / magnitude))
            for document, total in totals.items()
        ]
        ranked.sort(key=lambda pair: (-pair[1], _utf16_key(pair[0])))
        return ranked[:limit]


class Shard:
    """A loaded shard: its term entries and their token set (for wildcard and fuzzy
    expansion, as in ``lunr.Index``)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.entries: dict[str, list[Any]] = {entry[0]: entry for entry in data["terms"]}
        # lunr.py's builder wants Python's string order (JavaScript's may differ)
        self.token_set = TokenSet.from_list(sorted(self.entries))

    def expand(self, clause: Clause) -> list[str]:
        """The shard's terms ``clause`` matches (lunr's ``TokenSet.fromClause`` of the
        clause as ``lunr.Query#term`` makes it, intersected with the token set)."""
        term = clause.term + "*" if clause.trailing_wildcard else clause.term
        if clause.edit_distance:
            wanted = TokenSet.from_fuzzy_string(term, clause.edit_distance)
        else:
            wanted = TokenSet.from_string(term)
        found: list[str] = self.token_set.intersect(wanted).to_list()
        return found

    def score(
        self, clauses: Iterable[Clause], totals: dict[int, float], combined: dict[int, int]
    ) -> None:
        """Add what ``clauses`` score here to ``totals`` (document number → sum of boost ×
        weight) and their boosts to the query vector ``combined`` (term _index → summed
        boost). Terms go by _index, fields and documents in file order (as in
        ``search-core.js``, so that both sum in the same order)."""
        boosts: dict[str, int] = {}
        for clause in clauses:
            for term in self.expand(clause):
                boosts[term] = boosts.get(term, 0) + int(clause.boost)
        for term in sorted(boosts, key=lambda known: int(self.entries[known][1])):
            entry = self.entries[term]
            boost = boosts[term]
            combined[entry[1]] = combined.get(entry[1], 0) + boost
            for postings in entry[2:]:
                document = 0
                for i in range(0, len(postings), 2):
                    document += postings[i]
                    totals[document] = totals.get(document, 0.0) + boost * postings[i + 1]
