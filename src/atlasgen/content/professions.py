"""The bundled list of training occupations (``data/professions.yaml``) and what member
files write for them.

A member lists its apprenticeships as ``offers.apprenticeships.professions``: each item is
the id of a listed occupation (``fachinformatiker-systemintegration``) or its title, in
any of the spellings the list knows (``Fachinformatiker/in für Systemintegration``,
``Fachinformatiker Systemintegration``). ``profession(item)`` finds the occupation;
an item it does not know is shown as written. ``profession_problems`` reports, at link
time, an item that looks like a listed one but is not quite (an error, with the right
spelling) and one that the list does not know at all (a warning: the occupation is shown
as written, but not grouped with the same occupation written differently).
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from ..common.i18n import t
from .project import slugify

__all__ = ["Profession", "profession", "profession_problems", "professions"]


@dataclass(frozen=True)
class Profession:
    """A training occupation: from the list, or as a member wrote it (``listed`` false)."""

    id: str
    de: str
    en: str
    field: str
    listed: bool = True
    also: tuple[str, ...] = ()
    """Other spellings of the title that the list knows (``Kaufmann/-frau für …``)."""

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.de


_FILLER = re.compile(r"\b(fuer|fur|im|in|r|frau|mann|m-w-d|w-m-d|m-w|d)\b")


def _fold(text: str) -> str:
    """A spelling-insensitive key: ``Fachinformatiker/in für Systemintegration`` and
    ``fachinformatiker systemintegration`` fold alike."""
    words = _FILLER.sub(" ", slugify(text).replace("-", " "))
    return " ".join(words.split())


@functools.cache
def professions() -> dict[str, Profession]:
    """The bundled list by id, in the list's order."""
    text = resources.files("atlasgen").joinpath("data/professions.yaml").read_text("utf-8")
    return {
        row["id"]: Profession(
            row["id"], row["de"], row["en"], row["field"], also=tuple(row.get("also", ()))
        )
        for row in yaml.safe_load(text)
    }


@functools.cache
def _spellings() -> dict[str, str]:
    """Folded title or alternative spelling → id."""
    table: dict[str, str] = {}
    for job in professions().values():
        for name in [job.id, job.de, job.en, *job.also]:
            table[_fold(name)] = job.id
    return table


def profession(item: str) -> Profession:
    """The occupation a member file's item names; not listed: the item as written, with
    its slug as id."""
    found = _spellings().get(_fold(item))
    if found is not None:
        return professions()[found]
    return Profession(slugify(item) or "beruf", item, item, "other", listed=False)


def profession_problems(item: str) -> tuple[str, str, bool] | None:
    """``(message, hint, is_error)`` for an item the list does not know, else ``None``: an
    error when it is a near miss of a listed spelling (a typo), else a warning."""
    folded = _fold(item)
    spellings = _spellings()
    if folded in spellings:
        return None
    close = difflib.get_close_matches(folded, list(spellings), n=1, cutoff=0.85)
    if close:
        wanted = professions()[spellings[close[0]]]
        return (
            t("careers.occupation_typo", item=item),
            t("careers.occupation_typo_hint", title=wanted.de, id=wanted.id),
            True,
        )
    return (
        t("careers.occupation_unknown", item=item),
        t("careers.occupation_unknown_hint"),
        False,
    )
