"""What the search page shows besides the member cards: the competences and careers pages a
query matches, and the words of a card that say why a member matched.

* :func:`competence_results` takes the atlas and returns one :class:`Result` per competence
  of the taxonomy (in taxonomy order) with its labels, the number of listed members
  offering it and its index terms (label and synonyms, both languages).
* :func:`career_results` takes the atlas and a day and returns one per careers group
  (``content.careers.career_groups``: a kind of offer, or one training occupation or study
  programme of it), with the number of offers and its index terms (the kind's words, the
  titles in both languages and the other spellings of an occupation).
* :func:`card_extras` takes a member and returns what its result card adds: the positions
  of its competences in :func:`competence_results`, its offers today as short lines and
  its needs, in one language.

Design decisions:

* **Terms, not texts.** Each result carries the index terms of its words (the pipeline
  of the member index, compounds expanded by the same dictionary), so the browser needs
  no text analysis of its own to match them: a result matches a query word when one of
  its terms is among the index terms the query matched (exact, typo, prefix or compound
  part; ``matched`` of ``ShardedSearch.find``). The same for the card extras, whose words
  are marked in the browser by their query terms.
* **Small.** A competence is a position in the card (the labels are in the results file,
  loaded once); offers and needs are short lines the member wrote (a need's note is one
  sentence).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from ..content.careers import KIND_NAMES, career_groups
from ..content.model import Atlas, Member
from ..content.professions import profession
from .compounds import expand_compounds
from .documents import OFFER_WORDS
from .lunr_de import STOP_WORDS, stem, tokenize, trim

__all__ = ["Result", "card_extras", "career_results", "competence_results", "terms_of"]


@dataclass(frozen=True)
class Result:
    """A competence or careers page as a search result."""

    kind: str
    """``competence`` or an offer kind (``apprenticeships`` …)."""
    key: str | None
    """The competence id, or the occupation or programme of a careers page (``None``: the
    kind's own page)."""
    labels: dict[str, str]
    count: int
    """Listed members offering the competence, or offers on the careers page."""
    terms: tuple[str, ...]

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["de"]


def terms_of(texts: Collection[str], dictionary: frozenset[str]) -> tuple[str, ...]:
    """The index terms of ``texts`` (compounds expanded), sorted, each once."""
    found: set[str] = set()
    for text in texts:
        for token in tokenize(expand_compounds(text.replace("/", " "), dictionary)):
            word = trim(token)
            if word and word not in STOP_WORDS:
                found.add(stem(word))
    return tuple(sorted(found))


def competence_results(atlas: Atlas, dictionary: frozenset[str]) -> list[Result]:
    """Every competence of the taxonomy (module docstring)."""
    counts: dict[str, int] = {}
    for member in atlas.listed_members:
        for cid in member.data.competences:
            counts[cid] = counts.get(cid, 0) + 1
    results = []
    for cid, competence in atlas.competences.items():
        entry = competence.entry
        texts = [entry.label.de, entry.label.en]
        if entry.synonyms:
            texts += [*entry.synonyms.de, *entry.synonyms.en]
        labels = {"de": entry.label.de, "en": entry.label.en}
        results.append(
            Result("competence", cid, labels, counts.get(cid, 0), terms_of(texts, dictionary))
        )
    return results


def career_results(atlas: Atlas, today: date, dictionary: frozenset[str]) -> list[Result]:
    """Every careers group with offers on ``today`` (module docstring)."""
    results = []
    for group in career_groups(atlas, today):
        texts = [OFFER_WORDS[group.kind], *KIND_NAMES[group.kind].values(), *group.labels.values()]
        if group.key is not None and group.kind == "apprenticeships":
            texts += profession(group.key).also
        results.append(
            Result(
                group.kind,
                group.key,
                dict(group.labels),
                len(group.entries),
                terms_of(texts, dictionary),
            )
        )
    return results


def card_extras(
    member: Member, atlas: Atlas, today: date, lang: str, positions: dict[str, int]
) -> list[object]:
    """What a result card adds (module docstring): [competence positions, offer lines,
    need lines]; ``positions``: competence id → its position among the competences."""
    offers = []
    for kind, offer in member.offers_on(today).items():
        items = member.offer_items(offer, lang)
        name = KIND_NAMES[kind][lang if lang in KIND_NAMES[kind] else "de"]
        offers.append(f"{name}: {', '.join(items)}" if items else name)
    needs = [need.note for need in member.data.needs]
    return [[positions[cid] for cid in member.data.competences], offers, needs]
