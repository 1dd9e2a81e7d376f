"""The index as term-range shards with a manifest: the browser fetches only the shards a
query needs.

:func:`build_shards` takes what :func:`atlasgen.search.lunr_index.build_serialized` takes
(documents, fields with boosts, the ref field), the largest shard size and the compound
dictionary, and returns the manifest and the shard files (canonical JSON): each shard the
postings with their lunr weights of a contiguous range of terms, the manifest which shard
holds which terms (and the dictionary queries use). Where the files go is the caller's
business (:mod:`atlasgen.search.documents`). ``ShardedSearch`` in ``search-core.js`` (the
browser) answers a query from the few shards it needs, with the results of one lunr query
over the whole index; ``ShardedSearch`` in ``tests/searchkit.py`` does the same in Python,
with identical results (tested under Node by ``tests/test_search_index.py`` and
``tests/js/sharded_query.mjs``).

Design decisions:

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
  shard 150 kB instead of 650 kB. Both formats come from one analysis (``analyse`` in
  :mod:`atlasgen.search.lunr_index`), so the shards' weights are those of
  :func:`~atlasgen.search.lunr_index.build_serialized` (tested). A shard is canonical
  compact JSON (UTF-8) of at most ``max_bytes`` unless it holds a single term that is
  larger. Files are named ``s<number>.<sha256[:10]>.json``, so they can be cached
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
  shard of its own. Therefore ``typo_plan`` (of either ``ShardedSearch``): a term that its
  own shard does not hold (not even as a prefix; then it is likely a typo) gets its fuzzy
  clause run on the two neighbouring shards as well. Correctly typed terms fetch nothing
  more; a typo whose word sorts further away than the next shard is still missed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

from lunr import __TARGET_JS_VERSION__

from ..common.workers import paused_gc
from .lunr_de import tokenize
from .lunr_index import Analysis, analyse, dumps, js_sorted

__all__ = ["DEFAULT_SHARD_BYTES", "MANIFEST_VERSION", "build_shards"]

MANIFEST_VERSION: Final = 2
"""Version of the shard manifest format."""
DEFAULT_SHARD_BYTES: Final = 100_000
"""Default ``max_bytes`` of :func:`build_shards`. With the postings format, at 10,000
synthetic members: 246 shards, median 92 kB, the largest (one frequent term) 180 kB; a
first query fetches 106 KiB gzip of search files (median of 20 queries,
bench/search.py). Measured with lunr-index shards before: what a query fetches hardly
changed from 25 to 100 kB but grew above; larger shards mean fewer files and a smaller
manifest."""


def build_shards(
    documents: Sequence[Mapping[str, str]],
    fields: Sequence[tuple[str, float]],
    ref: str,
    max_bytes: int = DEFAULT_SHARD_BYTES,
    dictionary: Iterable[str] = (),
    tokens: Callable[[str], Sequence[str]] = tokenize,
) -> tuple[dict[str, Any], list[bytes]]:
    """The manifest and the shard files (canonical JSON) of the index
    :func:`~atlasgen.search.lunr_index.build_serialized` gives for the same arguments (see
    the module docstring).

    ``max_bytes`` is the size a shard does not exceed unless it holds a single larger term;
    ``dictionary`` the compound dictionary queries will use (the manifest carries it). The
    manifest names the files (``manifest["files"][i]`` holds ``shards[i]``); where they go
    is the caller's business. ``tokens`` splits a field's text into lunr's tokens (it may
    also expand compounds first, and remember what it did).
    """
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    with paused_gc():
        return _shards_of(analyse(documents, fields, ref, tokens), max_bytes, dictionary)


def _shards_of(
    analysis: Analysis, max_bytes: int, dictionary: Iterable[str]
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
    terms = js_sorted(analysis.term_index)
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
        texts.append(f"[{dumps(term)},{term_index},{','.join(lists)}]")
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
        "dictionary": js_sorted(set(dictionary)),
    }
    if refs != [str(number) for number in range(len(refs))]:
        manifest["refs"] = refs
    return manifest, blobs
