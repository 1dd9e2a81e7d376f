"""A lunr-compatible index builder: search documents in, exactly the index lunr.py writes out.

* :func:`build_serialized` takes documents (field name → text), the fields with their boosts
  and the ref field and returns exactly – byte for byte after
  ``json.dumps(…, sort_keys=True, separators=(",", ":"))`` – what
  ``lunr_de.serialize(lunr_de.build_index(documents, fields, ref))`` gives, 5–18 times
  faster (about 2 s instead of 37 s for 10,000 synthetic members, in one process).
* ``analyse`` takes the same arguments and returns lunr's numbers before either format is
  written (the terms, their ``_index``, the weights per document and field):
  :func:`build_serialized` and :func:`atlasgen.search.shards.build_shards` both write from
  it, so the shards' weights are those of the index.
* :func:`canonical_json` (data → canonical compact JSON bytes) and ``js_sorted``
  (JavaScript's string order), which the shards use too.

At 10,000 members one lunr index of the whole atlas is 60 MB of JSON (11–12 MB gzip), and
lunr.py needs 37 s to build it; lunr.js's ``Index#query`` then needs 60–140 ms for a
common word (it collects match metadata per field and document). The member search
therefore keeps lunr's analysis, weights and ranking (so that lunr.js 2.3.9 with lunr.de in
the browser, ``theme/static/js/search-core.js`` and :mod:`atlasgen.search.lunr_de` stay the
one definition of the German search) and changes how the index is built (this module),
shipped and scored (:mod:`atlasgen.search.shards`); German compound words are split by
:mod:`atlasgen.search.compounds`.

Design decision:

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
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from lunr import __TARGET_JS_VERSION__

from ..common.workers import paused_gc
from .lunr_de import STOP_WORDS, stem, tokenize, trim

__all__ = ["PIPELINE", "build_serialized", "canonical_json"]

K1: Final = 1.2
"""lunr's BM25 term-frequency saturation."""
B: Final = 0.75
"""lunr's BM25 field-length normalisation."""
PIPELINE: Final = ("trimmer-de", "stemmer-de")
"""The search pipeline a ``lunr_de`` index names (see :mod:`atlasgen.search.lunr_de`)."""

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def canonical_json(data: Any) -> bytes:
    """Canonical compact JSON (sorted keys, no spaces, UTF-8) of ``data``."""
    return dumps(data).encode()


def dumps(data: Any) -> str:
    """The text of :func:`canonical_json` (``data`` must not contain itself: not checked,
    for speed)."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, check_circular=False
    )


def utf16_key(text: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units)."""
    return text.encode("utf-16-be", "surrogatepass")


def js_sorted(texts: Iterable[str]) -> list[str]:
    """``texts`` in JavaScript's string order."""
    result = sorted(texts)
    if any(_ASTRAL.search(text) for text in result):
        result.sort(key=utf16_key)
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
        return _serialized_of(analyse(documents, fields, ref))


@dataclass
class Analysis:
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


def analyse(
    documents: Sequence[Mapping[str, str]],
    fields: Sequence[tuple[str, float]],
    ref: str,
    tokenize: Callable[[str], Sequence[str]] = tokenize,
) -> Analysis:
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
        return Analysis(names, refs, term_index, scored)

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
    return Analysis(names, refs, term_index, scored)


def _serialized_of(analysis: Analysis) -> dict[str, Any]:
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
    for term in js_sorted(analysis.term_index):
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
