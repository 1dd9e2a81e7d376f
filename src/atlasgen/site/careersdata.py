"""The careers offers as open data: ``api/offers.json``, ``api/offers.csv`` and the Atom
feeds ``karriere/feed.xml`` / ``en/careers/feed.xml`` (documented in docs/open-data.md).

One record per current offer (``content.careers.career_entries``: an apprenticeship per
occupation, a dual study place per programme, one internship, thesis, working-student and
jobs entry per member), in the careers pages' order; expired offers are left out. The
careers page's filters read ``api/offers.json`` too.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from ..common.spreadsheet import spreadsheet_csv
from ..content.careers import GROUPED_KINDS, KIND_NAMES, CareerEntry, career_entries, offer_anchor
from ..content.model import Atlas
from ..content.names import Lang
from .opendata import (
    FORMAT_VERSION,
    GEONAMES_ATTRIBUTION,
    FeedEntry,
    atom_xml,
    csv_cell,
    has_english,
    joined,
    json_file,
    license_text,
)
from .urls import Urls

__all__ = ["OFFER_CSV_COLUMNS", "careers_feed", "feed_path", "offers_csv", "offers_json"]

OFFER_CSV_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "kind",
    "key",
    "title",
    "title_en",
    "university",
    "topics",
    "note",
    "url",
    "start",
    "until",
    "contact_name",
    "contact_email",
    "contact_phone",
    "member",
    "member_name",
    "city",
    "postal_code",
    "district",
    "district_key",
    "lat",
    "lon",
    "profile_url",
)
"""The columns of ``offers.csv``, in order."""


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _record(entry: CareerEntry, atlas: Atlas, urls: Urls) -> dict[str, Any]:
    member, loc = entry.member, entry.member.location
    english = has_english(atlas)
    contact = entry.contact
    grouped = entry.kind in GROUPED_KINDS and entry.key is not None

    def page(lang: Lang) -> str:
        return urls.absolute(urls.careers(lang, entry.kind, entry.key))

    return {
        "id": entry.anchor,
        "kind": entry.kind,
        "key": entry.key,
        "title": {"de": entry.title("de"), "en": entry.title("en")},
        "university": entry.university,
        "topics": list(entry.topics),
        "note": entry.note,
        "url": entry.url,
        "start": _iso(entry.start),
        "until": _iso(entry.until),
        "contact": contact.model_dump(mode="json") if contact is not None else None,
        "member": {
            "id": member.slug,
            "name": member.name,
            "url": urls.absolute(urls.member("de", member.slug)),
            "url_en": urls.absolute(urls.member("en", member.slug)) if english else None,
        },
        "city": loc.city,
        "postal_code": loc.postal_code,
        "district": loc.district,
        "district_key": loc.district_key,
        "lat": round(loc.lat, 4),
        "lon": round(loc.lon, 4),
        "page": page("de") if grouped else None,
        "page_en": page("en") if grouped and english else None,
    }


def offers_json(
    atlas: Atlas, urls: Urls, today: date, entries: list[CareerEntry] | None = None
) -> bytes:
    """``api/offers.json``: every current offer (see docs/open-data.md). ``entries``:
    ``career_entries(atlas, today)``, if the caller has them (as for the functions below)."""
    entries = career_entries(atlas, today) if entries is None else entries
    return json_file(
        {
            "version": FORMAT_VERSION,
            "generated": today.isoformat(),
            "license": license_text(atlas, GEONAMES_ATTRIBUTION),
            "source": urls.absolute(urls.careers("de")),
            "kinds": KIND_NAMES,
            "offers": [_record(e, atlas, urls) for e in entries],
        }
    )


def offers_csv(
    atlas: Atlas, urls: Urls, today: date, entries: list[CareerEntry] | None = None
) -> bytes:
    """``api/offers.csv``: one row per current offer, the columns of
    :data:`OFFER_CSV_COLUMNS` (spreadsheet-safe cells, as ``members.csv``)."""
    rows = []
    for entry in career_entries(atlas, today) if entries is None else entries:
        record = _record(entry, atlas, urls)
        contact = record["contact"] or {}
        values = {
            **record,
            "title": record["title"]["de"],
            "title_en": record["title"]["en"],
            "topics": joined(entry.topics),
            "contact_name": contact.get("name"),
            "contact_email": contact.get("email"),
            "contact_phone": contact.get("phone"),
            "member": entry.member.slug,
            "member_name": entry.member.name,
            "profile_url": record["member"]["url"],
        }
        rows.append([csv_cell(values[column]) for column in OFFER_CSV_COLUMNS])
    return spreadsheet_csv([OFFER_CSV_COLUMNS, *rows])


def feed_path(urls: Urls, lang: Lang) -> str:
    """Where the careers feed of ``lang`` is written: ``karriere/feed.xml``."""
    return urls.output_path(urls.careers(lang)).removesuffix("index.html") + "feed.xml"


def careers_feed(
    atlas: Atlas,
    urls: Urls,
    today: date,
    lang: Lang,
    title: str,
    entries: list[CareerEntry] | None = None,
) -> bytes:
    """The careers feed of ``lang``: every current offer, newest confirmed first (the
    member's ``last_verified``, else the build date), then in the careers pages' order.
    An entry's id is the careers hub's URL with the offer's id as fragment; its link the
    offer on the member's profile."""
    entries = career_entries(atlas, today) if entries is None else entries
    dated = sorted(
        enumerate(entries),
        key=lambda pair: (-(pair[1].member.data.last_verified or today).toordinal(), pair[0]),
    )
    hub = urls.absolute(urls.careers(lang))
    feed_entries = []
    for _, entry in dated:
        kind = KIND_NAMES[entry.kind][lang]
        title_of = entry.title(lang)
        heading = f"{kind}: {title_of}" if title_of != kind else kind
        place = entry.member.location
        summary = [f"{entry.member.name}, {place.city} ({place.district})"]
        if entry.university:
            summary.append(entry.university)
        if entry.topics:
            summary.append(", ".join(entry.topics))
        if entry.note:
            summary.append(entry.note)
        profile = urls.absolute(urls.member(lang, entry.member.slug))
        feed_entries.append(
            FeedEntry(
                f"{heading} – {entry.member.name}",
                f"{hub}#{entry.anchor}",
                entry.member.data.last_verified or today,
                f"{profile}#{offer_anchor(entry.kind)}",
                " · ".join(summary),
            )
        )
    return atom_xml(
        lang=lang,
        title=title,
        home=hub,
        self_url=urls.absolute(urls.file(feed_path(urls, lang))),
        author=atlas.config.network.name,
        entries=feed_entries,
        updated=max((e.updated for e in feed_entries), default=today),
    )
