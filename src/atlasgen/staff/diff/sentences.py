"""What ``atlasgen diff`` says, in German and English.

The sentences and labels are in the tools' catalogue (``data/messages/<lang>/diff.yaml``,
``common.i18n``). Takes a sentence key (``diff.…``) or a label name (``LABELS``) and
the values quoted from content; returns the sentence in the language in use for one
output format (``Say``), with every quoted value escaped: control and invisible
characters are written out, and for Markdown every ASCII punctuation character is
backslash-escaped. Values that are already rendered (``Raw``) go in as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from ...common import i18n
from ...common.i18n import t
from ...content.problems import markdown_literal, visible

__all__ = ["LABELS", "SOCIAL_NAMES", "Format", "Lang", "Raw", "Say"]

Format = Literal["text", "markdown"]
Lang = Literal["de", "en"]

LABELS: dict[str, str] = {
    # label name → its catalogue key (data/messages/<lang>/diff.yaml)
    "tagline": "diff.label_tagline",
    "website": "diff.label_website",
    "email": "diff.label_email",
    "phone": "diff.label_phone",
    "address": "diff.label_address",
    "type": "diff.label_type",
    "founded": "diff.label_founded",
    "employees": "diff.label_employees",
    "last_verified": "diff.label_last_verified",
    "logo": "diff.label_logo",
    "competence": "diff.label_competence",
    "category": "diff.label_category",
    "need": "diff.label_need",
    "industries": "diff.label_industries",
    "certifications": "diff.label_certifications",
    "languages": "diff.label_languages",
    "offer": "diff.label_offer",
    "contact": "diff.label_contact",
    "social": "diff.label_social",
    "file": "diff.label_file",
    "page": "diff.label_page",
    "en_version": "diff.label_en_version",
    "en_tagline": "diff.label_en_tagline",
    "unused_logo": "diff.label_unused_logo",
    "jobs": "diff.label_jobs",
    "apprenticeships": "diff.label_apprenticeships",
    "dual_study": "diff.label_dual_study",
    "internships": "diff.label_internships",
    "theses": "diff.label_theses",
    "working_students": "diff.label_working_students",
}
"""The things a sentence names (``{label}``): member fields with a sentence of their own,
list items and offers."""

SOCIAL_NAMES: dict[str, str] = {
    "linkedin": "LinkedIn",
    "xing": "XING",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "github": "GitHub",
    "gitlab": "GitLab",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "facebook": "Facebook",
    "x": "X",
}


class Raw(str):
    """Text that is already rendered (and escaped) and goes into a sentence as it is."""


class Say:
    """Renders sentences of the catalogue's ``diff`` domain in the language in use (read
    when the ``Say`` is made) for one output format."""

    def __init__(self, fmt: Format) -> None:
        self.lang: Lang = "de" if i18n.current() == "de" else "en"
        self.fmt = fmt

    def escape(self, text: str) -> str:
        text = visible(text)
        return markdown_literal(text) if self.fmt == "markdown" else text

    def __call__(self, key: str, n: int | None = None, **args: str) -> Raw:
        """The sentence ``key`` (``diff.…``); ``n`` chooses a plural entry's form."""
        values: dict[str, object] = {
            k: v if isinstance(v, Raw) else self.escape(v) for k, v in args.items()
        }
        if n is not None:
            values["n"] = n
        return Raw(t(key, **values))

    def label(self, key: str) -> Raw:
        return Raw(t(LABELS[key]))

    def named(self, name: str, file: str) -> Raw:
        """``Alpha Software GmbH (alpha-software.md)``: a member or page and its file."""
        return Raw(f"{self.escape(name)} ({self.escape(file)})")

    def join(self, items: Iterable[str]) -> Raw:
        return Raw(", ".join(x if isinstance(x, Raw) else self.escape(x) for x in items))
