"""The names the site uses for its own pages: languages and URL segments.

Content may not take them: a member file named ``seite.md`` would collide with the
directory's numbered pages, a free page ``suche.md`` with the search. The linking stage
rejects such file names (``RESERVED_MEMBER_SLUGS``, ``RESERVED_PAGE_SLUGS``); the site
builds its URLs from the same ``SECTIONS`` (``site.urls``).
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "CAREER_SEGMENTS",
    "LANGUAGES",
    "RESERVED_CAREER_KEYS",
    "RESERVED_MEMBER_SLUGS",
    "RESERVED_PAGE_SLUGS",
    "SECTIONS",
    "Lang",
]

Lang = Literal["de", "en"]
LANGUAGES: tuple[Lang, ...] = ("de", "en")

SECTIONS: dict[str, dict[Lang, str]] = {
    "members": {"de": "mitglieder", "en": "members"},
    "competences": {"de": "kompetenzen", "en": "competences"},
    "regions": {"de": "regionen", "en": "regions"},
    "cooperation": {"de": "kooperationen", "en": "cooperation"},
    "statistics": {"de": "statistik", "en": "statistics"},
    "search": {"de": "suche", "en": "search"},
    "careers": {"de": "karriere", "en": "careers"},
    "editor": {"de": "profil-bearbeiten", "en": "edit-profile"},
    # filter pages below the directory
    "category": {"de": "kategorie", "en": "category"},
    "type": {"de": "art", "en": "type"},
    "size": {"de": "groesse", "en": "size"},
    "training": {"de": "ausbildung", "en": "training"},
    # filter pages below the cooperation page
    "district": {"de": "landkreis", "en": "district"},
    # numbered pages of a long list: /mitglieder/seite/2/
    "page": {"de": "seite", "en": "page"},
}

_FILTER_SEGMENTS = ("category", "type", "size", "training", "page")
_TOP_SECTIONS = (
    "members",
    "competences",
    "regions",
    "cooperation",
    "statistics",
    "search",
    "careers",
    "editor",
)

CAREER_SEGMENTS: dict[str, dict[Lang, str]] = {
    "apprenticeships": {"de": "ausbildung", "en": "apprenticeships"},
    "dual_study": {"de": "duales-studium", "en": "dual-study"},
    "internships": {"de": "praktikum", "en": "internships"},
    "theses": {"de": "abschlussarbeit", "en": "theses"},
    "working_students": {"de": "werkstudium", "en": "working-students"},
    "jobs": {"de": "stellen", "en": "jobs"},
}
"""The careers pages' segment of each kind of offer: ``/karriere/ausbildung/``."""

RESERVED_CAREER_KEYS = frozenset(
    SECTIONS[key][lang] for key in ("district", "page") for lang in LANGUAGES
)
"""Segments an occupation or programme page cannot have (they follow a kind's segment)."""

RESERVED_MEMBER_SLUGS = frozenset(
    SECTIONS[key][lang] for key in _FILTER_SEGMENTS for lang in LANGUAGES
)
"""File names a member cannot have: the directory's own pages use these segments."""

RESERVED_PAGE_SLUGS = frozenset(
    [SECTIONS[key][lang] for key in _TOP_SECTIONS for lang in LANGUAGES]
    + [*LANGUAGES, "api", "assets", "logos", "search-index"]
)
"""File names a free page cannot have: sections, languages and file folders at the root."""
