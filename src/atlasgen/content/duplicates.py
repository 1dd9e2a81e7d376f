"""Two member files for the same organisation: names that differ only in case, accents,
punctuation or legal form (``Alpha Software GmbH``, ``ALPHA-Software AG``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..common.i18n import t
from .load import RawDocument, find_position
from .problems import Problem

__all__ = ["NameEntry", "check_names", "name_entry", "name_key"]

_LEGAL_FORMS = re.compile(
    r"\b(gmbh|ag|kg|ug|ohg|gbr|mbh|se|e ?v|e ?k|eg|co|haftungsbeschrankt|inc|ltd)\b"
)


def name_key(name: str) -> str:
    """Names that differ only in case, accents, punctuation or legal form share a key."""
    text = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(_LEGAL_FORMS.sub(" ", text).split())


@dataclass(frozen=True)
class NameEntry:
    """A member's name and where it is written, for the duplicate check."""

    key: str
    name: str
    path: str
    line: int
    column: int


def check_names(entries: Iterable[NameEntry]) -> list[Problem]:
    """Members whose names differ only in case, accents, punctuation or legal form."""
    first: dict[str, NameEntry] = {}
    problems = []
    for entry in sorted(entries, key=lambda e: e.path):
        if (other := first.setdefault(entry.key, entry)) is not entry:
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    entry.column,
                    "name",
                    t("links.similar_names", name=entry.name, other=other.name, path=other.path),
                    t("links.similar_names_hint"),
                )
            )
    return problems


def name_entry(doc: RawDocument) -> NameEntry | None:
    name = doc.data.get("name") if isinstance(doc.data, dict) else None
    if not isinstance(name, str):
        return None
    line, col = find_position(doc.positions, ("name",))
    return NameEntry(name_key(name), name, doc.path, line, col)
