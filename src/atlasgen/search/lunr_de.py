"""German full-text search: the index is built here with lunr.py, queried in the browser
with lunr.js, and both sides give the same results.

The browser loads the vendored lunr.js 2.3.9 and lunr-languages 1.22.0 (``lunr.de``) from
``theme/static/vendor/lunr/`` and ``theme/static/js/search-core.js``;
``tests/test_lunr_parity.py`` runs that code under Node and checks it against this module.

* ``build_index(documents, fields, ref)`` indexes documents (mappings of field name → text)
  with the German pipeline below; ``fields`` are ``(name, boost)`` pairs.
* ``serialize(index)`` gives the dict that ``lunr.Index.load`` takes in the browser;
  ``to_json(index)`` its canonical JSON text, byte-identical for the same input;
  ``load(data)`` reads it back in Python.
* ``query_terms(text)`` normalises a typed query into index terms;
  ``search(index, text, limit)`` runs the ranked query built from them. ``search-core.js``
  exports ``queryTerms`` and ``search`` that do exactly the same.

Design decisions:

* **Pipeline names.** lunr.py's own German support needs an NLTK stop-word download (no
  network at build time) and its trimmer drops letters such as p, q, x, y and all digits
  (Python → "thon"). This module registers its own functions in lunr.py under the names
  that lunr.de uses in the browser – ``trimmer-de``, ``stopWordFilter-de``, ``stemmer-de``
  (replacing lunr.py's ``stemmer-de``) – so a serialized index names functions that lunr.de
  has registered by the time ``lunr.Index.load`` runs. The browser needs no registration
  of its own: the index pipeline never runs there and the query terms are prepared by
  ``queryTerms``, which uses lunr.de's own trimmer, stop-word filter and stemmer.
* **Tokens.** As lunr.js: the text is lower-cased and split on runs of ``\\s`` (in the
  JavaScript sense: :data:`JS_WHITESPACE`) and hyphens. lunr.py splits on fewer characters,
  so field texts have every JavaScript white-space character replaced by a space before
  lunr.py sees them. "IT-Sicherheit" gives the two tokens "it" and "sicherheit".
* **Trimmer.** lunr-languages 1.22.0 trims every character that is not one of
  ``lunr.de.wordCharacters`` (:data:`WORD_CHARACTERS`) *or an ASCII digit* from both ends of
  a token (its ``generateTrimmer`` adds ``0-9``): "ISO27001," → "iso27001", "(PHP)" → "php".
  This module does exactly that. A token that is trimmed to nothing ("–", "&") is dropped
  from the index (lunr.js would index an empty term; it cannot be searched anyway).
* **Stop words.** :data:`STOP_WORDS` is lunr.de's list of 231 words, copied verbatim.
* **Stemmer.** NLTK's Snowball ``GermanStemmer`` (code only, no data download), which agrees
  with lunr.de's stemmer (tested on every token of the example content). The stem of a word
  is a prefix of the word with ß → ss and umlauts folded (Lösungen → losung).
* **Queries.** lunr.js does not run the trimmer or stop-word filter on query strings, and a
  string query is parsed by a query language (``*``, ``~``, ``^``, ``+``, ``-``, ``:``).
  Neither side therefore passes the typed text to lunr: :func:`query_terms` (JS
  ``queryTerms``) turns it into terms – ``*`` and ``/`` count as separators (``search.py``
  splits documents at ``/`` too: "Fachinformatiker/in"), then tokens, trimmer, stop words,
  stemmer, duplicates removed (first occurrence kept) – and the query is built clause by
  clause, every clause with ``usePipeline: false`` (the terms are already
  stemmed, and the pipeline's trimmer would cut a wildcard ``*`` off). For each term, in
  order: an exact clause (boost :data:`EXACT_BOOST`); a fuzzy clause with edit distance 1
  (boost :data:`FUZZY_BOOST`) if the term has at least :data:`MIN_FUZZY_CHARS` characters,
  so a one-letter typo still finds, below exact matches; for the *last* term, if it has at
  least :data:`MIN_PREFIX_CHARS` characters, a trailing-wildcard clause (boost
  :data:`PREFIX_BOOST`) for search as you type. The wildcard is put on the stemmed term:
  since a stem is a prefix of the folded word, "Entwickle…" (stem "entwickl") still finds
  "Entwicklung" (stem "entwickl"), and "Lösu" (stem "losu") finds "losung". Clauses are
  optional (lunr's OR): more matching terms rank higher. Characters are counted in code
  points on both sides.
* **Ranking.** Scores are rounded to 6 decimal places (JavaScript ``Math.round`` semantics)
  and results sorted by score, highest first, then by ref (UTF-16 code-unit order, as
  JavaScript compares strings); lunr.js sorts by score only, so ``search-core.js`` applies
  the same tie-break. Rounding keeps last-bit float noise from reordering equal scores.
* **Serialization.** lunr.js rebuilds its token set from ``invertedIndex`` and requires the
  terms in JavaScript string order (UTF-16 code units), which differs from Python's code
  point order for characters above U+FFFF; :func:`serialize` sorts that way and
  :func:`load` re-sorts for lunr.py.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import Query
from lunr.token import Token
from nltk.stem.snowball import GermanStemmer

__all__ = [
    "EXACT_BOOST",
    "FUZZY_BOOST",
    "JS_WHITESPACE",
    "MIN_FUZZY_CHARS",
    "MIN_PREFIX_CHARS",
    "PREFIX_BOOST",
    "SCORE_DECIMALS",
    "STOP_WORDS",
    "WORD_CHARACTERS",
    "Clause",
    "Index",
    "build_index",
    "clauses",
    "load",
    "make_query",
    "query_terms",
    "round_score",
    "search",
    "serialize",
    "stem",
    "to_json",
    "tokenize",
    "trim",
]

WORD_CHARACTERS: Final = (
    "A-Za-z\xaa\xba\xc0-\xd6\xd8-\xf6\xf8-\u02b8\u02e0-\u02e4\u1d00-\u1d25\u1d2c-\u1d5c"
    "\u1d62-\u1d65\u1d6b-\u1d77\u1d79-\u1dbe\u1e00-\u1eff\u2071\u207f\u2090-\u209c\u212a"
    "\u212b\u2132\u214e\u2160-\u2188\u2c60-\u2c7f\ua722-\ua787\ua78b-\ua7ad\ua7b0-\ua7b7"
    "\ua7f7-\ua7ff\uab30-\uab5a\uab5c-\uab64\ufb00-\ufb06\uff21-\uff3a\uff41-\uff5a"
)
"""``lunr.de.wordCharacters`` of lunr-languages 1.22.0 (a regex character-class body)."""

JS_WHITESPACE: Final = "\t\n\v\f\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
"""The characters of JavaScript's ``\\s`` (a regex character-class body); Python's ``\\s``
differs (it has U+001C–U+001F and U+0085, but not U+FEFF)."""

_STOP_WORD_TEXT: Final = (
    "aber alle allem allen aller alles als also am an ander andere anderem anderen anderer "
    "anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann das "
    "dasselbe dazu daß dein deine deinem deinen deiner deines dem demselben den denn "
    "denselben der derer derselbe derselben des desselben dessen dich die dies diese dieselbe "
    "dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer "
    "eines einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure "
    "eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin "
    "hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem "
    "jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen "
    "keiner keines können könnte machen man manche manchem manchen mancher manches mein "
    "meine meinem meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun "
    "nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so "
    "solche solchem solchen solcher solches soll sollte sondern sonst um und uns unse unsem "
    "unsen unser unses unter viel vom von vor war waren warst was weg weil weiter welche "
    "welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo "
    "wollen wollte während würde würden zu zum zur zwar zwischen über"
)
STOP_WORDS: Final = frozenset(_STOP_WORD_TEXT.split(" "))
"""lunr.de's stop words (lunr-languages 1.22.0), checked against the vendored file by the
tests."""

EXACT_BOOST: Final = 10
"""Boost of the clause that matches a query term exactly."""
FUZZY_BOOST: Final = 1
"""Boost of the clause that matches a query term with one edit (typo)."""
PREFIX_BOOST: Final = 1
"""Boost of the trailing-wildcard clause of the last query term (search as you type)."""
MIN_FUZZY_CHARS: Final = 5
"""A query term gets a fuzzy clause from this many characters on."""
MIN_PREFIX_CHARS: Final = 3
"""The last query term gets a trailing-wildcard clause from this many characters on."""
SCORE_DECIMALS: Final = 6
"""Scores are rounded to this many decimal places before ranking."""

_KEEP = WORD_CHARACTERS + "0-9"
_TRIM_START = re.compile(rf"\A[^{_KEEP}]+")
_TRIM_END = re.compile(rf"[^{_KEEP}]+\Z")
_SPACES = re.compile(f"[{JS_WHITESPACE}]")
_SEPARATORS = re.compile(rf"[{JS_WHITESPACE}\-]+")
_STEMMER = GermanStemmer()


# --- Text analysis: the same steps as lunr.js + lunr.de ----------------------------------


def tokenize(text: str) -> list[str]:
    """Lower-case ``text`` and split it like ``lunr.tokenizer`` (on ``/[\\s\\-]+/``)."""
    return [token for token in _SEPARATORS.split(text.lower()) if token]


def trim(token: str) -> str:
    """``lunr.de.trimmer``: strip non-word characters (digits count as word characters)
    from both ends."""
    return _TRIM_END.sub("", _TRIM_START.sub("", token))


@functools.lru_cache(maxsize=65536)
def stem(term: str) -> str:
    """``lunr.de.stemmer``: the Snowball German stem of a lower-case term."""
    result: str = _STEMMER.stem(term)
    return result


def query_terms(text: str) -> list[str]:
    """The index terms a typed query stands for, in typing order, without duplicates."""
    terms: list[str] = []
    for token in tokenize(text.replace("*", " ").replace("/", " ")):
        word = trim(token)
        if not word or word in STOP_WORDS:
            continue
        term = stem(word)
        if term not in terms:
            terms.append(term)
    return terms


# --- lunr.py pipeline functions, registered under lunr.de's names -------------------------

_PipelineFunction = Callable[[Token, int, list[Token]], Token | None]


def _trimmer(token: Token, i: int, tokens: list[Token]) -> Token | None:
    token.update(lambda s, _metadata: trim(s))
    return token if str(token) else None


def _stop_word_filter(token: Token, i: int, tokens: list[Token]) -> Token | None:
    return None if str(token) in STOP_WORDS else token


def _stemmer(token: Token, i: int, tokens: list[Token]) -> Token | None:
    return token.update(lambda s, _metadata: stem(s))


def _register(fn: _PipelineFunction, label: str) -> None:
    """Register ``fn`` in lunr.py as ``label``, replacing lunr.py's own function of that
    name (it has a ``stemmer-de``) without the warning that overwriting logs."""
    Pipeline.registered_functions.pop(label, None)
    Pipeline.register_function(fn, label)


_register(_trimmer, "trimmer-de")
_register(_stop_word_filter, "stopWordFilter-de")
_register(_stemmer, "stemmer-de")


# --- Index building and serialization ----------------------------------------------------


def build_index(
    documents: Sequence[Mapping[str, str]], fields: Sequence[tuple[str, float]], ref: str
) -> Index:
    """A lunr index of ``documents`` over ``fields`` (name, boost), keyed by ``ref``.

    Pipeline as ``lunr.de``: trimmer, stop-word filter and stemmer for documents; trimmer
    and stemmer as the search pipeline (used only by string queries, which
    :func:`search` does not make). A missing field counts as empty text.
    """
    builder = Builder()
    builder.pipeline.add(_trimmer, _stop_word_filter, _stemmer)
    builder.search_pipeline.add(_trimmer, _stemmer)
    builder.ref(ref)
    for name, boost in fields:
        builder.field(name, boost=boost)
    for document in documents:
        prepared = {name: _SPACES.sub(" ", document.get(name, "")) for name, _boost in fields}
        prepared[ref] = document[ref]
        builder.add(prepared)
    return builder.build()


def _utf16_key(text: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units)."""
    return text.encode("utf-16-be", "surrogatepass")


def serialize(index: Index) -> dict[str, Any]:
    """The JSON-ready form of ``index`` that ``lunr.Index.load`` reads."""
    data: dict[str, Any] = index.serialize()
    data["invertedIndex"] = sorted(data["invertedIndex"], key=lambda entry: _utf16_key(entry[0]))
    return data


def to_json(index: Index) -> str:
    """Canonical JSON of :func:`serialize`: the same input gives the same bytes."""
    return json.dumps(serialize(index), sort_keys=True, separators=(",", ":"))


def load(data: Mapping[str, Any]) -> Index:
    """The index of serialized ``data`` (from :func:`serialize`), for lunr.py."""
    python_order = dict(data)
    python_order["invertedIndex"] = sorted(data["invertedIndex"], key=lambda entry: entry[0])
    return Index.load(python_order)


# --- Queries -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """One clause of a search query (mirrored by ``clauses`` in ``search-core.js``)."""

    term: str
    boost: int
    edit_distance: int = 0
    trailing_wildcard: bool = False


def clauses(terms: Sequence[str]) -> list[Clause]:
    """The clauses :func:`search` builds for ``terms`` (see the module docstring)."""
    result: list[Clause] = []
    for position, term in enumerate(terms):
        result.append(Clause(term, EXACT_BOOST))
        if len(term) >= MIN_FUZZY_CHARS:
            result.append(Clause(term, FUZZY_BOOST, edit_distance=1))
        if position == len(terms) - 1 and len(term) >= MIN_PREFIX_CHARS:
            result.append(Clause(term, PREFIX_BOOST, trailing_wildcard=True))
    return result


def _js_round(value: float) -> float:
    """JavaScript's ``Math.round``: to the nearest integer, halves up."""
    floor = math.floor(value)
    return float(floor + 1 if value - floor >= 0.5 else floor)


def round_score(score: float) -> float:
    """``score`` rounded to :data:`SCORE_DECIMALS` places exactly as ``search-core.js``."""
    scale = 10.0**SCORE_DECIMALS
    return _js_round(score * scale) / scale


def make_query(index: Index, query_clauses: Iterable[Clause]) -> Query:
    """The lunr query of ``query_clauses`` on ``index``, every clause without the pipeline
    (the terms are already analysed)."""
    query = index.create_query()
    for clause in query_clauses:
        query.term(
            clause.term,
            use_pipeline=False,
            boost=clause.boost,
            edit_distance=clause.edit_distance,
            wildcard=Query.WILDCARD_TRAILING if clause.trailing_wildcard else Query.WILDCARD_NONE,
        )
    return query


def search(index: Index, text: str, limit: int) -> list[tuple[str, float]]:
    """The best ``limit`` documents for the typed query ``text``: (ref, score) pairs, by
    score (highest first), then ref."""
    terms = query_terms(text)
    if not terms or limit <= 0:
        return []
    matches: list[dict[str, Any]] = index.query(make_query(index, clauses(terms)))
    ranked = [(str(match["ref"]), round_score(float(match["score"]))) for match in matches]
    ranked.sort(key=lambda pair: (-pair[1], _utf16_key(pair[0])))
    return ranked[:limit]
