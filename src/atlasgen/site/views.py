"""What templates see: per-language views of members and competences.

Templates get these small frozen objects, never raw content: every URL comes
from ``Urls``, every member text is either plain (escaped by Jinja) or HTML from
``markup`` (sanitized), and texts that fall back to German carry
``lang="de"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..content.careers import offer_anchor
from ..content.dates import months_before
from ..content.model import Atlas, Competence, Member
from ..content.names import Lang
from ..content.schema import MemberType
from .urls import Urls

__all__ = [
    "Link",
    "MemberView",
    "OfferView",
    "Text",
    "ViewContext",
    "localized",
    "member_view",
]

CARD_TAGS = 3
"""How many competences a directory card shows."""


@dataclass(frozen=True)
class Text:
    """A text and the language it is actually written in."""

    value: str
    lang: str


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class OfferView:
    kind: str
    label: str
    items: tuple[str, ...]
    note: str | None
    url: str | None
    until: date | None
    start: date | None = None
    contact: Any = None
    """Whom to contact for applications (``ApplicationContact``), or ``None``."""

    @property
    def anchor(self) -> str:
        """The id of the offer on the profile (``offer-dual-study``)."""
        return offer_anchor(self.kind)


@dataclass(frozen=True)
class NeedView:
    competence_id: str
    competence: Link
    note: str


@dataclass(frozen=True)
class MemberView:
    """One member as shown in one language."""

    slug: str
    name: str
    url: str
    type: str
    type_label: str
    tagline: Text
    description: str
    """The Markdown source; the profile shows it rendered (``markup.Descriptions``)."""
    description_lang: str
    street: str
    postal_code: str
    city: str
    district: Link
    district_key: str
    lat: float
    lon: float
    logo_url: str | None
    competences: tuple[Link, ...]
    needs: tuple[NeedView, ...]
    offers: tuple[OfferView, ...]
    contacts: tuple[Any, ...]
    website: str | None
    email: str | None
    phone: str | None
    social: tuple[Link, ...]
    industries: tuple[str, ...]
    certifications: tuple[str, ...]
    languages: tuple[str, ...]
    founded: int | None
    size: str | None
    size_label: str | None
    last_verified: date | None
    stale: bool
    """Not confirmed within the config's ``stale_after_months`` (or never)."""
    edit_url: str | None
    filters: Mapping[str, str]
    """Filter values (space-separated) of the directory: static filter pages, cards.json."""
    json_ld: dict[str, Any]

    @property
    def card_tags(self) -> tuple[Link, ...]:
        """The competences a directory card shows."""
        return self.competences[:CARD_TAGS]

    @property
    def place_line(self) -> str:
        """The line under a card's tagline: town and type."""
        return f"{self.city} · {self.type_label}"

    def card_row(self) -> list[str]:
        """A card as data, for the scripts (directory filters, search results): URL, name,
        tagline and its language, place line, logo URL (or '')."""
        return [
            self.url,
            self.name,
            self.tagline.value,
            self.tagline.lang,
            self.place_line,
            self.logo_url or "",
        ]


@dataclass(frozen=True)
class ViewContext:
    """What building views needs besides the member itself."""

    atlas: Atlas
    urls: Urls
    lang: Lang
    strings: Mapping[str, str]
    today: date
    links: dict[str, Link] = field(default_factory=dict, compare=False)
    """Competence id → its link (made once: tens of thousands of views show them)."""


def localized(value: Any, lang: Lang) -> Text:
    """The ``de``/``en`` field of a label-like model, falling back to German."""
    english = getattr(value, "en", None)
    if lang == "en" and english:
        return Text(english, "en")
    return Text(value.de, "de")


def competence_link(comp: Competence, ctx: ViewContext) -> Link:
    link = ctx.links.get(comp.id)
    if link is None:
        label = localized(comp.entry.label, ctx.lang).value
        link = ctx.links[comp.id] = Link(label, ctx.urls.competence(ctx.lang, comp.id))
    return link


_SCHEMA_TYPES = {
    MemberType.UNIVERSITY: "CollegeOrUniversity",
    MemberType.SCHOOL: "EducationalOrganization",
    MemberType.RESEARCH: "ResearchOrganization",
    MemberType.PUBLIC_BODY: "GovernmentOrganization",
    MemberType.ASSOCIATION: "NGO",
}


def visible_offers(member: Member, ctx: ViewContext) -> tuple[OfferView, ...]:
    """Offers whose ``until`` date is not past."""
    views = []
    for kind, offer in member.offers_on(ctx.today).items():
        items = member.offer_items(offer, ctx.lang)
        views.append(
            OfferView(
                kind,
                ctx.strings[f"offer_{kind}"],
                items,
                offer.note,
                offer.url,
                offer.until,
                offer.start,
                offer.contact,
            )
        )
    return tuple(views)


def _json_ld(
    member: Member, view_url: str, logo_url: str | None, ctx: ViewContext
) -> dict[str, Any]:
    data = member.data
    loc = member.location
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": _SCHEMA_TYPES.get(data.type, "Organization"),
        "name": data.name,
        "description": data.tagline,
        "url": data.website or ctx.urls.absolute(view_url),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": loc.street,
            "postalCode": loc.postal_code,
            "addressLocality": loc.city,
            "addressRegion": loc.district,
            "addressCountry": "DE",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": loc.lat, "longitude": loc.lon},
        "knowsAbout": [ctx.atlas.competences[c].entry.label.de for c in data.competences],
    }
    optional = {
        "email": data.email,
        "telephone": data.phone,
        "foundingDate": str(data.founded) if data.founded else None,
        "logo": ctx.urls.absolute(logo_url) if logo_url else None,
    }
    ld.update({k: v for k, v in optional.items() if v})
    if data.social is not None:
        same_as = [v for v in data.social.model_dump().values() if v]
        if same_as:
            ld["sameAs"] = sorted(same_as)
    return ld


def member_view(member: Member, ctx: ViewContext) -> MemberView:
    data, loc, lang, urls = member.data, member.location, ctx.lang, ctx.urls
    english = lang == "en" and member.description_en is not None
    description = member.description_en if english else member.description_de
    tagline = (
        Text(member.tagline_en, "en")
        if lang == "en" and member.tagline_en
        else Text(data.tagline, "de")
    )
    competences = [ctx.atlas.competences[c] for c in data.competences]
    url = urls.member(lang, member.slug)
    logo_url = urls.logo(data.logo) if data.logo else None
    offers = visible_offers(member, ctx)
    edit = ctx.atlas.config.edit_url
    size = data.employees.value if data.employees else None
    return MemberView(
        slug=member.slug,
        name=data.name,
        url=url,
        type=data.type.value,
        type_label=ctx.strings[f"type_{data.type.value}"],
        tagline=tagline,
        description=description or "",
        description_lang="en" if english else "de",
        street=loc.street,
        postal_code=loc.postal_code,
        city=loc.city,
        district=Link(loc.district, urls.region(lang, loc.district)),
        district_key=loc.district_key,
        lat=loc.lat,
        lon=loc.lon,
        logo_url=logo_url,
        competences=tuple(competence_link(c, ctx) for c in competences),
        needs=tuple(
            NeedView(
                n.competence, competence_link(ctx.atlas.competences[n.competence], ctx), n.note
            )
            for n in data.needs
        ),
        offers=offers,
        contacts=tuple(data.contacts),
        website=data.website,
        email=data.email,
        phone=data.phone,
        social=tuple(
            Link(ctx.strings[f"social_{k}"], v)
            for k, v in (data.social.model_dump().items() if data.social else ())
            if v
        ),
        industries=tuple(data.industries),
        certifications=tuple(data.certifications),
        languages=tuple(data.languages),
        founded=data.founded,
        size=size,
        size_label=ctx.strings[f"size_{size}"] if size else None,
        last_verified=data.last_verified,
        stale=data.last_verified is None
        or data.last_verified < months_before(ctx.today, ctx.atlas.config.stale_after_months),
        edit_url=edit.replace("{path}", member.source_path) if edit else None,
        filters={
            "competences": " ".join(data.competences),
            "categories": " ".join(sorted({c.category for c in competences})),
            "district": loc.district_key,
            "type": data.type.value,
            "size": size or "",
            "training": "1"
            if any(o.kind in ("apprenticeships", "dual_study") for o in offers)
            else "0",
            "jobs": "1" if any(o.kind == "jobs" for o in offers) else "0",
        },
        json_ld=_json_ld(member, url, logo_url, ctx),
    )
