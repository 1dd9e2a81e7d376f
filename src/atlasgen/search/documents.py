"""What the site search indexes: the listed members as search documents, the compound
dictionary, and the index shards made of them (``index_shards``).

Design (at 10,000 members one lunr index is 60 MB; a browser should fetch a few
hundred kB before its first result):

* **One index for both languages**, built with ``search.shards`` (lunr's weights, German
  pipeline of ``lunr_de``, sharded) over the listed members. A member is one document;
  its ref is its position in the directory order (``"0"``, ``"1"`` …), which is also its
  document number in the shards. Fields and boosts (:data:`FIELDS`): the name counts
  most, then the competences (labels *and synonyms* of the taxonomy in both languages,
  so KI, Künstliche Intelligenz and AI all find the members offering it), the place (town,
  postal code, district), tagline, visible offers (kinds and items: "Ausbildung
  Fachinformatiker"), industries, certifications, and the description.
* **Compound words**: every word of the taxonomy (labels, synonyms, descriptions; both
  languages) is the dictionary by which ``search.compounds`` splits compounds, in documents
  ("Informationssicherheit" is also indexed as its parts) and in queries (in the
  browser, from the dictionary in the manifest).
* **Shards**: term-range shards of the index with a manifest (``search.shards``); the
  site adds the facet values and result cards and writes them all below
  ``search-index/`` (``site.searchfiles``).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from ..content.model import Atlas, Member
from ..content.professions import profession
from .compounds import expand_compounds
from .lunr_de import tokenize
from .shards import build_shards

__all__ = [
    "FIELDS",
    "OFFER_WORDS",
    "SHARD_BYTES",
    "TokenMemo",
    "compound_dictionary",
    "documents",
    "index_shards",
]

FIELDS: tuple[tuple[str, float], ...] = (
    ("name", 10),
    ("competences", 5),
    ("place", 4),
    ("tagline", 3),
    ("offers", 6),
    ("industries", 2),
    ("description", 1),
    ("needs", 1),
)
"""Indexed fields and their boosts. ``needs`` (what a member looks for) never ranks a
member among the members offering something: the search shows those members apart, as
looking for it (``ShardedSearch.find`` in ``search-core.js``)."""

SHARD_BYTES = 100_000
"""Target size of one index shard (JSON, before compression)."""

_WORD = re.compile(r"[^\W\d_]{3,}")


def compound_dictionary(atlas: Atlas) -> list[str]:
    """The words compounds are split into: every word of three or more letters in the
    taxonomy's labels, synonyms and descriptions, in both languages, lower case."""
    texts: list[str | None] = []
    entries: list[Any] = [c.entry for c in atlas.categories]
    entries += [c.entry for c in atlas.competences.values()]
    for entry in entries:
        texts += [entry.label.de, entry.label.en]
        if entry.description:
            texts += [entry.description.de, entry.description.en]
        synonyms = getattr(entry, "synonyms", None)
        if synonyms:
            texts += [*synonyms.de, *synonyms.en]
    return sorted({word.lower() for text in texts if text for word in _WORD.findall(text)})


def _member_text(member: Member, atlas: Atlas, today: date) -> dict[str, str]:
    data = member.data
    competences: list[str] = []
    for cid in data.competences:
        entry = atlas.competences[cid].entry
        competences += [entry.label.de, entry.label.en]
        if entry.synonyms:
            competences += [*entry.synonyms.de, *entry.synonyms.en]
    offers: list[str] = []
    for kind, offer in member.offers_on(today).items():
        offers.append(OFFER_WORDS[kind])
        for lang in ("de", "en"):
            offers += [i for i in member.offer_items(offer, lang) if i not in offers]
        for item in getattr(offer, "professions", None) or ():
            offers += profession(item).also
        offers += getattr(offer, "topics", None) or ()
        if offer.note:
            offers.append(offer.note)
    needs: list[str] = []
    for need in data.needs:
        label = atlas.competences[need.competence].entry.label
        needs += [label.de, label.en, need.note]
    location = member.location
    return {
        "name": data.name,
        "competences": " ".join(competences),
        "place": f"{location.city} {location.postal_code} {location.district}",
        "tagline": " ".join(t for t in (data.tagline, member.tagline_en) if t),
        "offers": " ".join(offers),
        "industries": " ".join([*data.industries, *data.certifications]),
        "description": "\n".join(d for d in (member.description_de, member.description_en) if d),
        "needs": " ".join(needs),
    }


OFFER_WORDS = {
    "jobs": "Jobs Stellen Stellenangebote",
    "apprenticeships": "Ausbildung Ausbildungsplätze Apprenticeship",
    "dual_study": "Duales Studium Dual Study",
    "internships": "Praktikum Praktika Internship",
    "theses": "Abschlussarbeit Bachelorarbeit Masterarbeit Thesis",
    "working_students": "Werkstudent Werkstudentin Werkstudium Working Student",
}
"""Words for the offer kinds, so that "Ausbildung" or "Praktikum" finds the offers."""


def documents(atlas: Atlas, today: date) -> list[dict[str, str]]:
    """One document per listed member, in directory order; ``id`` is the ref. The texts
    are as written: ``TokenMemo.tokens`` expands compounds when it splits them."""
    result = []
    for position, member in enumerate(atlas.listed_members):
        document = _member_text(member, atlas, today)
        document["id"] = str(position)
        result.append(document)
    return result


class TokenMemo:
    """A field's text → its tokens, compounds expanded: what indexing a member costs most.

    ``known`` comes from the build cache (``{dictionary digest: {text: tokens}}``);
    ``save``, when given, stores what this build used (the search index is made in a
    worker process, so the worker saves it itself). Without ``save`` the memo keeps what
    it used for the next index made in this process (``atlasgen serve``).
    """

    def __init__(
        self,
        known: dict[str, dict[str, tuple[str, ...]]] | None = None,
        save: Callable[[dict[str, dict[str, tuple[str, ...]]]], None] | None = None,
        *,
        keep: bool = True,
    ) -> None:
        self.known = known or {}
        self.save = save
        self.keep = keep
        """Whether to remember the texts of this index (no: a build without the cache)."""
        self.hits = 0

    def tokenizer(
        self, dictionary: Sequence[str]
    ) -> tuple[Callable[[str], Sequence[str]], Callable[[], None]]:
        """(tokens of a text, done): call ``done`` when the index is made."""
        words = frozenset(dictionary)
        digest = hashlib.sha256("\n".join(sorted(words)).encode("utf-8")).hexdigest()
        known = self.known.get(digest, {})
        used: dict[str, tuple[str, ...]] = {}

        def tokens(text: str) -> Sequence[str]:
            found = known.get(text)
            if found is None:
                # "/" separates words ("Fachinformatiker/in", "SAP/ERP"), as in queries.
                # Interned: a memo of 10,000 members holds 3 million tokens of some
                # 100,000 distinct words.
                words_of = tokenize(expand_compounds(text.replace("/", " "), words))
                found = tuple(map(sys.intern, words_of))
            else:
                self.hits += 1
            if self.keep:
                used[text] = found
            return found

        def done() -> None:
            self.known = {digest: used}
            if self.save is not None:
                self.save(self.known)

        return tokens, done


def index_shards(
    atlas: Atlas, today: date, memo: TokenMemo | None = None
) -> tuple[dict[str, Any], list[bytes]]:
    """The index of the listed members as term-range shards: (manifest, shard contents in
    the manifest's ``files`` order). ``memo``: the tokens of texts indexed before (the
    build cache, ``atlasgen serve``)."""
    dictionary = compound_dictionary(atlas)
    tokens, done = (memo or TokenMemo(keep=False)).tokenizer(dictionary)
    manifest, shards = build_shards(
        documents(atlas, today), FIELDS, "id", SHARD_BYTES, dictionary, tokens
    )
    done()
    return manifest, shards
