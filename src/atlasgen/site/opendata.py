"""The machine-readable outputs of the public site (open data, sitemap, robots, feeds).

Every function here is pure: it takes the ``Atlas``, the ``Urls`` of the site and,
where dates matter, ``today`` as a parameter (there is no clock), and returns the
file's content as ``bytes``. The same input gives byte-identical output: JSON is
written with sorted keys, and every list is sorted or follows the order of the
content files. Only *listed* members (``Atlas.listed_members``) ever appear; a
member with ``listed: false`` is in no output. Member texts are untrusted: XML text
and attributes are escaped, CSV cells are neutralised against formula injection.

This docstring is the reference of the open data; ``docs/open-data.md`` explains the
same for users.

``api/members.json`` (``members_json``)::

    {
      "version": 1,                     # raised only on incompatible changes
      "generated": "2026-11-26",        # the build date
      "license": "…",                   # publisher and the GeoNames CC BY 4.0 attribution
      "source": "https://…/",           # the atlas's home page
      "members": [<member>, …]          # sorted by id
    }

    <member> = {
      "id": "alpha-software",           # slug: stable, also in the profile URL
      "name": str, "type": "company" | "startup" | "freelancer" | "university"
              | "research" | "school" | "association" | "public-body",
      "tagline": {"de": str, "en": str | null},
      "url": str,                       # absolute URL of the German profile
      "url_en": str | null,             # English profile (null if the site is German only)
      "website": str | null, "email": str | null, "phone": str | null,
      "address": {"street", "postal_code", "city", "district", "district_key",
                  "lat", "lon"},        # WGS84, rounded to 4 decimals
      "founded": int | null,
      "employees": "1-9" | "10-49" | "50-249" | "250-999" | "1000+" | null,
      "competences": [{"id", "label_de", "label_en", "category"}, …],  # member's order
      "needs": [{"competence", "note"}, …],
      "industries": [str], "certifications": [str], "languages": [str],
      "offers": {<kind>: {"note", "url", "until", …}},   # visible offers only
      "contacts": [{"name", "role", "email", "phone"}, …],
      "social": {<platform>: url},      # only the platforms given
      "logo": str | null,               # absolute URL
      "last_verified": "YYYY-MM-DD" | null,
      "description": {"de": markdown | null, "en": markdown | null}
    }

    <kind> is one of jobs, apprenticeships (+ "professions": [str]),
    dual_study (+ "programs": [str]), internships, theses; "until" is an ISO date
    or null. Offers whose "until" is before the build date are left out.

``api/competences.json`` (``competences_json``)::

    {
      "version": 1,
      "license": "…",                   # publisher and the ESCO attribution
      "categories": [                   # sorted by id
        {"id", "label": {"de", "en"}, "description": {"de", "en"},
         "competences": [               # in the order of the taxonomy file
           {"id", "label": {"de", "en"}, "description": {"de", "en"},
            "synonyms": {"de": [str], "en": [str]}, "related": [id],
            "esco_uri": str | null, "wz2008": [str],
            "url": str, "url_en": str | null,
            "offered_by": [member id], "needed_by": [member id]}   # listed members, sorted
         ]}
      ]
    }

``api/members.csv`` (``members_csv``): one row per listed member, sorted by id, with
the columns ``CSV_COLUMNS``; UTF-8 with byte order mark, comma-separated, CRLF line
ends, quoted as RFC 4180. Lists are joined with ``"; "``. Every cell passes through
``common.spreadsheet``: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab, a
carriage return or a line feed (or the full-width ``＝ ＋ － ＠``) gets a leading
apostrophe, so spreadsheets show it as text instead of running it as a formula
(OWASP, "CSV Injection"). Phone numbers therefore start with ``'+49``.

``sitemap.xml`` (``sitemap_xml``): a sitemaps.org ``urlset`` with ``xhtml:link
rel="alternate" hreflang`` children, sorted by URL.

``robots.txt`` (``robots_txt``): allows everything and names the sitemap.

``feed.xml`` / ``en/feed.xml`` (``atom_feed``): Atom 1.0, the 20 most recently
verified listed members.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final
from xml.sax.saxutils import escape, quoteattr

from ..common.spreadsheet import spreadsheet_csv
from ..content.model import Atlas, Competence, Member
from ..content.names import Lang
from ..content.professions import profession
from ..content.schema import Offer
from .urls import Urls

__all__ = [
    "CSV_COLUMNS",
    "FEED_SIZE",
    "FORMAT_VERSION",
    "GEONAMES_ATTRIBUTION",
    "FeedEntry",
    "SitemapEntry",
    "atom_feed",
    "atom_xml",
    "competences_json",
    "csv_cell",
    "has_english",
    "joined",
    "json_file",
    "license_text",
    "logo_url",
    "members_csv",
    "members_json",
    "public_member",
    "robots_txt",
    "sitemap_xml",
    "visible_offers",
]

FORMAT_VERSION: Final = 1
"""Version of the JSON formats; raised only when a field changes meaning or disappears."""

FEED_SIZE: Final = 20
"""Number of entries in the Atom feeds."""

GEONAMES_ATTRIBUTION: Final = (
    "Coordinates derived from postal codes: © GeoNames (www.geonames.org), CC BY 4.0, "
    "https://creativecommons.org/licenses/by/4.0/ (filtered and harmonised)"
)
ESCO_ATTRIBUTION: Final = (
    "This service uses the ESCO classification of the European Commission "
    "(© European Union, CC BY 4.0)"
)
ESCO_ATTRIBUTION_DE: Final = (
    "Dieser Dienst nutzt die ESCO-Klassifikation der Europäischen Kommission "
    "(© Europäische Union, CC BY 4.0)"
)
"""ESCO's attribution on German pages (the open data keep the English wording)."""

CSV_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "name",
    "type",
    "tagline",
    "website",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "district",
    "lat",
    "lon",
    "founded",
    "employees",
    "competences",
    "competence_labels",
    "needs",
    "industries",
    "certifications",
    "languages",
    "offers",
    "url",
    "last_verified",
)
"""The columns of ``members.csv``, in order (documented in docs/open-data.md)."""

_LIST_SEPARATOR: Final = "; "
_SITEMAP_LIMIT: Final = 50_000
_SITEMAP_NS: Final = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML_NS: Final = "http://www.w3.org/1999/xhtml"
_ATOM_NS: Final = "http://www.w3.org/2005/Atom"


# --------------------------------------------------------------------------- helpers


def json_file(data: Any) -> bytes:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)
    return (text + "\n").encode("utf-8")


def has_english(atlas: Atlas) -> bool:
    return "en" in atlas.config.languages


def license_text(atlas: Atlas, *extra: str) -> str:
    network = atlas.config.network
    publisher = network.name + (f" ({network.website})" if network.website else "")
    return " ".join([f"Published by {publisher}.", *(f"{e}." for e in extra)])


def _require_listed(member: Member) -> None:
    if not member.listed:
        raise ValueError(f"member '{member.slug}' is not listed and must not be exported")


def _sorted_members(atlas: Atlas) -> list[Member]:
    return sorted(atlas.listed_members, key=lambda m: m.slug)


def visible_offers(member: Member, today: date) -> dict[str, Offer]:
    """The member's offers by kind (``jobs``, ``apprenticeships`` …, in that order),
    without those whose ``until`` is before ``today`` (``until == today`` is shown)."""
    return member.offers_on(today)


def logo_url(file: str, urls: Urls) -> str:
    """The absolute URL of a member's logo file."""
    return urls.absolute(urls.logo(file))


# ------------------------------------------------------------------------------ JSON


def _competence_ref(comp: Competence) -> dict[str, Any]:
    label = comp.entry.label
    return {"id": comp.id, "label_de": label.de, "label_en": label.en, "category": comp.category}


def _public_offer(offer: Offer) -> dict[str, Any]:
    """An offer as written, training occupations by their German titles."""
    record = offer.model_dump(mode="json")
    if "professions" in record:
        record["professions"] = [profession(item).de for item in record["professions"]]
    return record


def public_member(member: Member, atlas: Atlas, urls: Urls, today: date) -> dict[str, Any]:
    """The public record of one listed member (see the module docstring).

    Raises ``ValueError`` for a member with ``listed: false``: it is never exported.
    """
    _require_listed(member)
    data = member.data
    loc = member.location
    return {
        "id": member.slug,
        "name": data.name,
        "type": data.type.value,
        "tagline": {"de": data.tagline, "en": member.tagline_en},
        "url": urls.absolute(urls.member("de", member.slug)),
        "url_en": (urls.absolute(urls.member("en", member.slug)) if has_english(atlas) else None),
        "website": data.website,
        "email": data.email,
        "phone": data.phone,
        "address": {
            "street": loc.street,
            "postal_code": loc.postal_code,
            "city": loc.city,
            "district": loc.district,
            "district_key": loc.district_key,
            "lat": round(loc.lat, 4),
            "lon": round(loc.lon, 4),
        },
        "founded": data.founded,
        "employees": data.employees.value if data.employees else None,
        "competences": [_competence_ref(atlas.competences[c]) for c in data.competences],
        "needs": [{"competence": n.competence, "note": n.note} for n in data.needs],
        "industries": list(data.industries),
        "certifications": list(data.certifications),
        "languages": list(data.languages),
        "offers": {
            kind: _public_offer(offer) for kind, offer in visible_offers(member, today).items()
        },
        "contacts": [
            {"name": c.name, "role": c.role, "email": c.email, "phone": c.phone}
            for c in data.contacts
        ],
        "social": data.social.model_dump(mode="json", exclude_none=True) if data.social else {},
        "logo": logo_url(data.logo, urls) if data.logo else None,
        "last_verified": data.last_verified.isoformat() if data.last_verified else None,
        "description": {"de": member.description_de or None, "en": member.description_en},
    }


def members_json(atlas: Atlas, urls: Urls, today: date) -> bytes:
    """``api/members.json``: every listed member, sorted by id."""
    return json_file(
        {
            "version": FORMAT_VERSION,
            "generated": today.isoformat(),
            "license": license_text(atlas, GEONAMES_ATTRIBUTION),
            "source": urls.absolute(urls.home("de")),
            "members": [public_member(m, atlas, urls, today) for m in _sorted_members(atlas)],
        }
    )


def competences_json(atlas: Atlas, urls: Urls) -> bytes:
    """``api/competences.json``: the taxonomy with the listed members offering or
    needing each competence."""
    offered: dict[str, list[str]] = {cid: [] for cid in atlas.competences}
    needed: dict[str, list[str]] = {cid: [] for cid in atlas.competences}
    for member in _sorted_members(atlas):
        for cid in member.data.competences:
            offered[cid].append(member.slug)
        for cid in sorted({n.competence for n in member.data.needs}):
            needed[cid].append(member.slug)
    english = has_english(atlas)

    def competence(comp: Competence) -> dict[str, Any]:
        entry = comp.entry
        return {
            "id": comp.id,
            "label": {"de": entry.label.de, "en": entry.label.en},
            "description": {
                "de": entry.description.de if entry.description else None,
                "en": entry.description.en if entry.description else None,
            },
            "synonyms": {"de": list(entry.synonyms.de), "en": list(entry.synonyms.en)},
            "related": list(entry.related),
            "esco_uri": entry.esco.uri if entry.esco else None,
            "wz2008": list(entry.wz2008),
            "url": urls.absolute(urls.competence("de", comp.id)),
            "url_en": urls.absolute(urls.competence("en", comp.id)) if english else None,
            "offered_by": offered[comp.id],
            "needed_by": needed[comp.id],
        }

    categories = []
    for cat in sorted(atlas.categories, key=lambda c: c.id):
        entry = cat.entry
        categories.append(
            {
                "id": cat.id,
                "label": {"de": entry.label.de, "en": entry.label.en},
                "description": {
                    "de": entry.description.de if entry.description else None,
                    "en": entry.description.en if entry.description else None,
                },
                "competences": [competence(atlas.competences[cid]) for cid in cat.competences],
            }
        )
    return json_file(
        {
            "version": FORMAT_VERSION,
            "license": license_text(atlas, ESCO_ATTRIBUTION),
            "categories": categories,
        }
    )


# ------------------------------------------------------------------------------- CSV


def csv_cell(value: str | int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def joined(values: Iterable[str]) -> str:
    return _LIST_SEPARATOR.join(values)


def _csv_row(member: Member, atlas: Atlas, urls: Urls, today: date) -> list[str]:
    data = member.data
    loc = member.location
    comps = [atlas.competences[c] for c in data.competences]
    values: dict[str, str | int | float | None] = {
        "id": member.slug,
        "name": data.name,
        "type": data.type.value,
        "tagline": data.tagline,
        "website": data.website,
        "email": data.email,
        "phone": data.phone,
        "street": loc.street,
        "postal_code": loc.postal_code,
        "city": loc.city,
        "district": loc.district,
        "lat": loc.lat,
        "lon": loc.lon,
        "founded": data.founded,
        "employees": data.employees.value if data.employees else None,
        "competences": joined(c.id for c in comps),
        "competence_labels": joined(c.entry.label.de for c in comps),
        "needs": joined(n.competence for n in data.needs),
        "industries": joined(data.industries),
        "certifications": joined(data.certifications),
        "languages": joined(data.languages),
        "offers": joined(visible_offers(member, today)),
        "url": urls.absolute(urls.member("de", member.slug)),
        "last_verified": data.last_verified.isoformat() if data.last_verified else None,
    }
    return [csv_cell(values[column]) for column in CSV_COLUMNS]


def members_csv(atlas: Atlas, urls: Urls, today: date) -> bytes:
    """``api/members.csv``: one row per listed member (:func:`spreadsheet_csv`)."""
    rows = (_csv_row(member, atlas, urls, today) for member in _sorted_members(atlas))
    return spreadsheet_csv([CSV_COLUMNS, *rows])


# ------------------------------------------------------------------------------- XML


def _xml_clean(value: str) -> str:
    """Drops characters that XML 1.0 cannot carry at all (escaping cannot help)."""
    return "".join(
        c
        for c in value
        if c in "\t\n\r"
        or "\x20" <= c <= "\ud7ff"
        or "\ue000" <= c <= "\ufffd"
        or c >= "\U00010000"
    )


def _text(value: str) -> str:
    """XML character data: ``&``, ``<`` and ``>`` escaped (so ``]]>`` is harmless)."""
    return escape(_xml_clean(value))


def _attr(value: str) -> str:
    """A quoted XML attribute value, quotes included."""
    return quoteattr(_xml_clean(value))


def _require_absolute(url: str) -> None:
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"sitemap URLs must be absolute, not '{url}'")


@dataclass(frozen=True)
class SitemapEntry:
    """One page of the sitemap, with its translations."""

    url: str
    """Absolute URL of the page."""
    lastmod: date | None = None
    """Date the page's content last changed, if known."""
    alternates: tuple[tuple[str, str], ...] = ()
    """``(hreflang, absolute url)`` of every language version, the page itself included."""

    def __post_init__(self) -> None:
        _require_absolute(self.url)
        for _, url in self.alternates:
            _require_absolute(url)


def sitemap_xml(entries: Sequence[SitemapEntry]) -> bytes:
    """``sitemap.xml``: a sitemaps.org urlset, sorted by URL, with hreflang alternates.

    Raises ``ValueError`` above the 50,000 URLs one sitemap file may hold.
    """
    if len(entries) > _SITEMAP_LIMIT:
        raise ValueError(f"a sitemap holds at most {_SITEMAP_LIMIT:,} URLs, not {len(entries):,}")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<urlset xmlns={_attr(_SITEMAP_NS)} xmlns:xhtml={_attr(_XHTML_NS)}>",
    ]
    for entry in sorted(entries, key=lambda e: (e.url, e.lastmod or date.min, e.alternates)):
        lines.append("  <url>")
        lines.append(f"    <loc>{_text(entry.url)}</loc>")
        if entry.lastmod is not None:
            lines.append(f"    <lastmod>{entry.lastmod.isoformat()}</lastmod>")
        for hreflang, url in sorted(entry.alternates):
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang={_attr(hreflang)} href={_attr(url)}/>'
            )
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(urls: Urls) -> bytes:
    """``robots.txt``: everything may be crawled; names the sitemap.

    Crawlers read ``robots.txt`` only at the root of a host: for a site published
    below a path (``https://example.github.io/atlas/``) the file has no effect.
    """
    sitemap = urls.absolute(urls.file("sitemap.xml"))
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _feed_order(member: Member) -> tuple[bool, int, str, str]:
    verified = member.data.last_verified
    return (verified is None, -(verified.toordinal() if verified else 0), member.name, member.slug)


@dataclass(frozen=True)
class FeedEntry:
    """One entry of an Atom feed."""

    title: str
    id: str
    """A permanent, unique IRI (an absolute URL)."""
    updated: date
    link: str
    summary: str


def atom_xml(
    *,
    lang: Lang,
    title: str,
    home: str,
    self_url: str,
    author: str,
    entries: Sequence[FeedEntry],
    updated: date,
) -> bytes:
    """An Atom 1.0 document: the feed's head and its entries in the given order."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<feed xmlns={_attr(_ATOM_NS)} xml:lang={_attr(lang)}>",
        f"  <title>{_text(title)}</title>",
        f"  <id>{_text(home)}</id>",
        f"  <updated>{_timestamp(updated)}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={_attr(self_url)}/>',
        f'  <link rel="alternate" type="text/html" href={_attr(home)}/>',
        f"  <author><name>{_text(author)}</name></author>",
    ]
    for entry in entries:
        lines += [
            "  <entry>",
            f"    <title>{_text(entry.title)}</title>",
            f"    <id>{_text(entry.id)}</id>",
            f"    <updated>{_timestamp(entry.updated)}</updated>",
            f'    <link rel="alternate" type="text/html" href={_attr(entry.link)}/>',
            f'    <summary type="text">{_text(entry.summary)}</summary>',
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def atom_feed(atlas: Atlas, urls: Urls, today: date, lang: Lang, title: str) -> bytes:
    """``feed.xml`` (German) or ``en/feed.xml``: Atom 1.0 feed of the ``FEED_SIZE`` most
    recently verified listed members (``last_verified`` newest first, then name;
    members never verified come last and carry ``today`` as their date)."""
    members = sorted(atlas.listed_members, key=_feed_order)[:FEED_SIZE]
    entries = []
    for member in members:
        url = urls.absolute(urls.member(lang, member.slug))
        summary = (member.tagline_en if lang == "en" else None) or member.data.tagline
        day = member.data.last_verified or today
        entries.append(FeedEntry(member.name, url, day, url, summary))
    return atom_xml(
        lang=lang,
        title=title,
        home=urls.absolute(urls.home(lang)),
        self_url=urls.absolute(urls.file("feed.xml" if lang == "de" else f"{lang}/feed.xml")),
        author=atlas.config.network.name,
        entries=entries,
        updated=max((e.updated for e in entries), default=today),
    )
