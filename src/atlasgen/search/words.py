"""The words of a query: which query terms stand for which typed word, and what a search
tries for a word the index does not hold.

* :func:`query_words` takes a typed query and the compound dictionary and returns the
  query terms with their clauses (exactly ``compounds.term_queries``) and one
  :class:`Word` per typed word: its own term and the terms of its compound parts.
* :func:`typo_cuts` takes a typed word and returns the beginnings a typo search tries.
* :func:`split_candidates` takes a typed word and the dictionary and returns the splits
  into two parts, one of them known to the dictionary, that the index may confirm.

``queryWords``, ``typoCuts`` and ``splitCandidates`` in ``search-core.js`` do the same
(tested under Node by ``tests/test_search_words.py``); ``ShardedSearch.find`` there (and in
``tests/searchkit.py``) uses them.

Design decisions:

* **All words.** A document matches a typed word when it holds the word's own term (exact,
  one edit away, or, for the last word, as a prefix) or every part of the compound. The
  search ranks the documents matching every word that matches anywhere; only when none
  matches all of them does it fall back to any word (OR), most words first
  (``ShardedSearch.find``).
* **Typos at the end of a word.** The index holds stems: "Lagerverwaltung" is
  "lagerverwalt", so "Lagerverwaltumg" (not stemmed: no suffix) is three edits away and a
  one-edit fuzzy clause misses it. For a word whose term the index does not hold, the
  search also runs fuzzy clauses on the word without its last one, two and three letters
  (:data:`MAX_CUT`), umlauts and ß folded as the stemmer folds them, if at least
  :data:`~atlasgen.search.lunr_de.MIN_FUZZY_CHARS` letters remain: one of them is one
  edit from the stem of the word meant.
* **Compounds the dictionary cannot split.** The dictionary is the taxonomy's words;
  "Ladeparksoftware" has "software" but not "ladepark". For a word of at least
  :data:`~atlasgen.search.compounds.MIN_COMPOUND_CHARS` letters that the dictionary does not
  split and whose term the index does not hold, :func:`split_candidates` lists the splits
  into two parts of at least :data:`MIN_UNKNOWN_CHARS` letters each (a linking element
  allowed between them) of which one is a dictionary word or splits by the dictionary and
  the other is not: the longest first part first, at most :data:`MAX_SPLITS`. The search
  takes the first whose unknown part's term the index holds (in its shard, so this works
  with sharding: at most one more shard per candidate, fetched only for such a word).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .compounds import LINKING_ELEMENTS, MIN_COMPOUND_CHARS, MIN_PART_CHARS, _clauses, _decompound
from .lunr_de import MIN_FUZZY_CHARS, STOP_WORDS, Clause, query_terms, stem, tokenize, trim

__all__ = [
    "MAX_CUT",
    "MAX_SPLITS",
    "MIN_UNKNOWN_CHARS",
    "Word",
    "fold",
    "part_term",
    "query_words",
    "split_candidates",
    "typo_cuts",
]

MAX_CUT: Final = 3
"""A typo search cuts up to this many letters off the end of a word."""
MIN_UNKNOWN_CHARS: Final = 4
"""The part of a split that the dictionary does not know has at least this many letters."""
MAX_SPLITS: Final = 6
"""At most this many splits of a word are checked against the index."""


@dataclass(frozen=True)
class Word:
    """A typed word of a query."""

    text: str
    """As typed, lower case and trimmed."""
    own: int
    """The position of its term in the query terms."""
    parts: tuple[int, ...] = ()
    """The positions of its compound parts' terms."""


def part_term(part: str) -> str:
    """The query term of a compound part ('' for a stop word or nothing)."""
    trimmed = trim(part)
    if not trimmed or trimmed in STOP_WORDS:
        return ""
    return stem(trimmed)


def query_words(
    text: str, dictionary: frozenset[str]
) -> tuple[list[tuple[str, list[Clause]]], list[Word]]:
    """The query terms of ``text`` with their clauses (``compounds.term_queries``) and
    its words, in typing order, each once."""
    typed = query_terms(text)
    terms = [(t, _clauses(t, wildcard=i == len(typed) - 1)) for i, t in enumerate(typed)]
    position = {t: i for i, t in enumerate(typed)}
    words: list[Word] = []
    owns: set[int] = set()
    for token in tokenize(text.replace("*", " ").replace("/", " ")):
        word = trim(token)
        if not word or word in STOP_WORDS:
            continue
        own = position.get(stem(word))
        if own is None:
            continue
        parts: list[int] = []
        for part in _decompound(word, dictionary) if dictionary else ():
            term = part_term(part)
            if not term:
                continue
            if term not in position:
                position[term] = len(terms)
                terms.append((term, _clauses(term, wildcard=False)))
            parts.append(position[term])
        if own not in owns:
            owns.add(own)
            words.append(Word(word, own, tuple(parts)))
    return terms, words


_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


def fold(word: str) -> str:
    """``word`` with ß as ss and umlauts without their dots, as the stemmer writes stems."""
    return word.replace("ß", "ss").translate(_FOLD)


def typo_cuts(word: str) -> list[str]:
    """The folded ``word`` without its last 1 to :data:`MAX_CUT` code points, each with at
    least ``MIN_FUZZY_CHARS`` left, without duplicates."""
    chars = list(fold(word))
    cuts: list[str] = []
    for cut in range(1, MAX_CUT + 1):
        if len(chars) - cut >= MIN_FUZZY_CHARS:
            text = "".join(chars[: len(chars) - cut])
            if text not in cuts:
                cuts.append(text)
    return cuts


def _known(part: str, dictionary: frozenset[str]) -> tuple[str, ...]:
    """The dictionary's parts of ``part`` (itself if it is a word), or ``()``."""
    if part in dictionary:
        return (part,)
    return _decompound(part, dictionary)


def split_candidates(word: str, dictionary: frozenset[str]) -> list[tuple[tuple[str, ...], int]]:
    """Splits of ``word`` into parts, one part unknown to the dictionary: ``(parts,
    position of the unknown part)``, in the order of trial (module docstring). None for a
    short word or one the dictionary splits."""
    chars = list(word)
    if len(chars) < MIN_COMPOUND_CHARS or not dictionary or _decompound(word, dictionary):
        return []
    found: list[tuple[tuple[str, ...], int]] = []
    for end in range(len(chars) - MIN_PART_CHARS, MIN_PART_CHARS - 1, -1):
        head = "".join(chars[:end])
        for link in ("", *LINKING_ELEMENTS):
            if "".join(chars[end : end + len(link)]) != link:
                continue
            tail = "".join(chars[end + len(link) :])
            if len(tail) < MIN_UNKNOWN_CHARS or end < MIN_UNKNOWN_CHARS:
                continue
            head_parts, tail_parts = _known(head, dictionary), _known(tail, dictionary)
            if head_parts and not tail_parts:
                found.append(((*head_parts, tail), len(head_parts)))
            elif tail_parts and not head_parts:
                found.append(((head, *tail_parts), 0))
            if len(found) == MAX_SPLITS:
                return found
    return found
