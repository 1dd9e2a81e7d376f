"""Every URL of the site, decided in one place.

Templates and exports never build a URL by hand: they call ``Urls``, so links
cannot rot and the link checker has one source of truth. German is served at
the site root, English under ``en/``, with translated path segments. All URLs
are root-relative and include the base path of ``base_url`` (a site published at
``https://example.github.io/atlas/`` has URLs starting with ``/atlas/``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..content.names import CAREER_SEGMENTS, SECTIONS, Lang
from ..content.project import slugify

__all__ = ["Urls"]


def _segment(value: str) -> str:
    """A URL segment for a value such as a size class (``1000+`` → ``1000-plus``)."""
    return slugify(value.replace("+", "-plus"))


@dataclass(frozen=True)
class Urls:
    """URL builder for one site."""

    base_url: str
    """The public address of the site, ending with ``/``."""

    @functools.cached_property
    def base_path(self) -> str:
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def _join(self, lang: Lang, *parts: str) -> str:
        prefix = self.base_path + ("" if lang == "de" else f"{lang}/")
        return prefix + "".join(f"{p}/" for p in parts)

    def home(self, lang: Lang) -> str:
        return self._join(lang)

    def section(self, lang: Lang, section: str) -> str:
        return self._join(lang, SECTIONS[section][lang])

    def member(self, lang: Lang, slug: str) -> str:
        return self._join(lang, SECTIONS["members"][lang], slug)

    def competence(self, lang: Lang, competence_id: str) -> str:
        return self._join(lang, SECTIONS["competences"][lang], competence_id)

    def region(self, lang: Lang, district_name: str) -> str:
        return self._join(lang, SECTIONS["regions"][lang], slugify(district_name))

    def member_filter(self, lang: Lang, kind: str, value: str | None = None) -> str:
        """Static directory pages: by ``category``, ``type``, ``size`` or ``training``."""
        parts = [SECTIONS["members"][lang], SECTIONS[kind][lang]]
        if value is not None:
            parts.append(_segment(value))
        return self._join(lang, *parts)

    def cooperation_filter(self, lang: Lang, kind: str, value: str) -> str:
        """Static cooperation pages: the needs of one competence field (``category``) or
        of the members of one district (``district``, ``value`` its name's slug)."""
        return self._join(lang, SECTIONS["cooperation"][lang], SECTIONS[kind][lang], value)

    def careers(self, lang: Lang, kind: str | None = None, key: str | None = None) -> str:
        """The careers hub (``/karriere/``), a kind of offer (``/karriere/ausbildung/``) or
        one training occupation or study programme of it (``.../<key>/``)."""
        parts = [SECTIONS["careers"][lang]]
        if kind is not None:
            parts.append(CAREER_SEGMENTS[kind][lang])
            if key is not None:
                parts.append(key)
        return self._join(lang, *parts)

    def careers_district(self, lang: Lang, district_name: str, kind: str | None = None) -> str:
        """The offers in one district (``/karriere/landkreis/<district>/``), optionally of
        one kind (``/karriere/ausbildung/landkreis/<district>/``)."""
        parts = [SECTIONS["careers"][lang]]
        if kind is not None:
            parts.append(CAREER_SEGMENTS[kind][lang])
        return self._join(lang, *parts, SECTIONS["district"][lang], slugify(district_name))

    def editor(self, lang: Lang, slug: str | None = None) -> str:
        """The profile editor (``/profil-bearbeiten/``), started from the member ``slug``'s
        public data (``?member=<slug>``)."""
        url = self._join(lang, SECTIONS["editor"][lang])
        return f"{url}?member={slug}" if slug else url

    def numbered(self, lang: Lang, url: str, number: int) -> str:
        """Page ``number`` of the list at ``url``: page 1 is ``url`` itself."""
        return url if number == 1 else f"{url}{SECTIONS['page'][lang]}/{number}/"

    def page(self, lang: Lang, slug: str) -> str:
        return self._join(lang, slug)

    def asset(self, name: str) -> str:
        return f"{self.base_path}assets/{name}"

    def logo(self, name: str) -> str:
        """A member's logo file, published as it was uploaded."""
        return self.file(f"logos/{name}")

    def file(self, name: str) -> str:
        """A file at the site root, such as ``sitemap.xml`` or ``api/members.json``."""
        return self.base_path + name

    def absolute(self, url: str) -> str:
        """``/mitglieder/x/`` → ``https://atlas.example.org/mitglieder/x/``."""
        return self.base_url.rstrip("/") + "/" + url[len(self.base_path) :]

    def output_path(self, url: str) -> str:
        """Where a URL is written below the output folder: ``mitglieder/x/index.html``."""
        rel = url[len(self.base_path) :]
        return rel + "index.html" if rel.endswith("/") or not rel else rel
