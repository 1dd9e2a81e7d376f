"""German compound words, split by a dictionary: in documents before they are indexed, and
in queries.

* :func:`decompound` takes a lower-case word and a dictionary (lower-case words) and
  returns the parts of the compound, or none.
* :func:`expand_compounds` takes a text (:func:`expand_documents`: documents and the fields
  to expand) and returns it with the parts of every compound appended after it, before it
  is indexed.
* :func:`term_queries` takes a typed query and the dictionary and returns the query terms
  with the lunr clauses of each: the typed terms, then the parts of typed compounds
  (``termQueries`` in ``search-core.js``).

Design decision:

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
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Final

from . import lunr_de
from .lunr_de import (
    JS_WHITESPACE,
    STOP_WORDS,
    Clause,
    query_terms,
    stem,
    tokenize,
    trim,
)

__all__ = [
    "LINKING_ELEMENTS",
    "MIN_COMPOUND_CHARS",
    "MIN_PART_CHARS",
    "decompound",
    "expand_compounds",
    "expand_documents",
    "term_queries",
]

MIN_COMPOUND_CHARS: Final = 8
"""Words shorter than this are never split."""
MIN_PART_CHARS: Final = 3
"""Every part of a split compound has at least this many characters."""
LINKING_ELEMENTS: Final = ("s", "es", "n", "en", "e")
"""German linking elements (Fugenelemente) allowed between two parts, in order of trial."""

_LONG_RUN = re.compile(rf"[^{JS_WHITESPACE}\-]{{{MIN_COMPOUND_CHARS},}}")
"""A token (lunr's: between white space and hyphens) that may be a compound."""


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
