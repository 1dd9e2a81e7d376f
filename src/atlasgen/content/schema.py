"""What authors write: pydantic models of member, competence and site-config files.

These models are the single source of truth for the content format: validation,
the JSON Schemas in ``schema/`` (``atlasgen schema``) and the field list that
``docs/content-format.md`` must document all come from them.

Values arrive as the literal text of the YAML file (see ``load``), so a text field
never receives a silently converted number or boolean; number, date and boolean
fields parse that text here. A model takes that data (``model_validate``) and returns
itself, frozen, or raises pydantic's ``ValidationError``. The field types and their
checks are in :mod:`.fields`; the internal member data (``internal/<slug>.yaml``) in
:mod:`.internal_schema`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from .fields import (
    CompetenceId,
    DistrictKey,
    Email,
    GithubLogins,
    HexColour,
    LanguageCode,
    Line,
    LogoFile,
    Name,
    Phone,
    PostalCode,
    Slug,
    Tagline,
    Text,
    WebUrl,
    WzCode,
    YamlBool,
    check_edit_url,
    unique_items,
)

__all__ = [
    "CategoryFile",
    "CompetenceEntry",
    "MemberFile",
    "MemberTranslation",
    "MemberType",
    "PageFile",
    "SiteConfig",
    "SizeClass",
]


class StrictModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, validate_default=False
    )


# --------------------------------------------------------------------------- members


class MemberType(StrEnum):
    """What kind of organisation the member is."""

    COMPANY = "company"
    STARTUP = "startup"
    FREELANCER = "freelancer"
    UNIVERSITY = "university"
    RESEARCH = "research"
    SCHOOL = "school"
    ASSOCIATION = "association"
    PUBLIC_BODY = "public-body"


class SizeClass(StrEnum):
    """Headcount at this site (not the whole group), in EU SME classes."""

    MICRO = "1-9"
    SMALL = "10-49"
    MEDIUM = "50-249"
    LARGE = "250-999"
    VERY_LARGE = "1000+"


class Coordinates(StrictModel):
    lat: Annotated[float, Field(ge=47.0, le=55.1, examples=[49.1427])]
    """Latitude in degrees (WGS84)."""
    lon: Annotated[float, Field(ge=5.8, le=15.1, examples=[9.2109])]
    """Longitude in degrees (WGS84)."""


class Address(StrictModel):
    street: Line = Field(examples=["Bildungscampus 3"])
    """Street and house number."""
    postal_code: PostalCode
    """Five-digit German postal code, in quotes. District and map position come from it."""
    city: Line = Field(examples=["Heilbronn"])
    """Town or city."""
    district: Line | None = None
    """Only needed when the postal code spans two districts: the district's name."""
    coordinates: Coordinates | None = None
    """Overrides the map position derived from the postal code."""


class Need(StrictModel):
    competence: CompetenceId
    """Id of the competence the member is looking for."""
    note: Line = Field(examples=["Partner für ein ISO-27001-Audit gesucht"])
    """What exactly is needed, in one sentence."""


class Contact(StrictModel):
    name: Name = Field(examples=["Dr. Anna Beispiel"])
    """Full name of the contact person."""
    role: Line | None = None
    """Role or position, e.g. 'Geschäftsführerin'."""
    email: Email | None = None
    """Direct e-mail address."""
    phone: Phone | None = None
    """Direct phone number with country code."""


class ApplicationContact(StrictModel):
    name: Name | None = None
    """Who receives applications, e.g. 'Julia Beispiel, Ausbildungsleitung'."""
    email: Email | None = None
    """E-mail address for applications."""
    phone: Phone | None = None
    """Phone number for questions about applying, with country code."""


class Offer(StrictModel):
    note: Text | None = None
    """A short description of the offer."""
    url: WebUrl | None = None
    """Page with details or how to apply."""
    until: date | None = None
    """Last day the offer is shown (YYYY-MM-DD); empty for open-ended offers."""
    start: date | None = None
    """When it starts (YYYY-MM-DD), e.g. the first day of the training year; empty: any time."""
    contact: ApplicationContact | None = None
    """Whom to contact for applications, if not the member's general contact."""


class JobsOffer(Offer):
    url: WebUrl
    """The member's jobs or careers page."""


class Apprenticeships(Offer):
    professions: Annotated[list[Line], Field(min_length=1), AfterValidator(unique_items)]
    """Training occupations (Ausbildungsberufe): ids or titles from the list of training
    occupations, e.g. 'fachinformatiker-systemintegration'."""


class DualStudy(Offer):
    programs: Annotated[list[Line], Field(min_length=1), AfterValidator(unique_items)]
    """Dual study programmes with the university in brackets, e.g. 'Wirtschaftsinformatik
    (DHBW Mosbach)'."""


class TopicOffer(Offer):
    topics: Annotated[list[Line], Field(max_length=12), AfterValidator(unique_items)] = Field(
        default_factory=list
    )
    """Subjects or fields, e.g. 'Cloud-Architekturen', 'Testautomatisierung'."""


class Offers(StrictModel):
    jobs: JobsOffer | None = None
    """Open positions for skilled workers."""
    apprenticeships: Apprenticeships | None = None
    """Vocational training (Ausbildung)."""
    dual_study: DualStudy | None = None
    """Dual study places (duales Studium)."""
    internships: TopicOffer | None = None
    """Internships (Praktika)."""
    theses: TopicOffer | None = None
    """Bachelor's and master's theses supervised at the member."""
    working_students: TopicOffer | None = None
    """Jobs for students alongside their studies (Werkstudententätigkeit)."""


class Social(StrictModel):
    linkedin: WebUrl | None = None
    """LinkedIn page."""
    xing: WebUrl | None = None
    """XING page."""
    mastodon: WebUrl | None = None
    """Mastodon profile."""
    bluesky: WebUrl | None = None
    """Bluesky profile."""
    github: WebUrl | None = None
    """GitHub organisation."""
    gitlab: WebUrl | None = None
    """GitLab group."""
    instagram: WebUrl | None = None
    """Instagram profile."""
    youtube: WebUrl | None = None
    """YouTube channel."""
    facebook: WebUrl | None = None
    """Facebook page."""
    x: WebUrl | None = None
    """X (Twitter) profile."""


class MemberFile(StrictModel):
    """The front matter of ``content/members/<slug>.md``."""

    name: Name = Field(examples=["Muster Software GmbH"])
    """Official name of the organisation."""
    type: MemberType
    """Kind of organisation."""
    tagline: Tagline = Field(examples=["Individualsoftware für den Mittelstand"])
    """One sentence on what the member does (at most 160 characters)."""
    website: WebUrl | None = None
    """Home page, starting with https:// (or http://)."""
    email: Email | None = None
    """General e-mail address."""
    phone: Phone | None = None
    """General phone number with country code, in quotes."""
    address: Address
    """Postal address of the site in the region."""
    founded: Annotated[int, Field(ge=1500, le=2100, examples=[1998])] | None = None
    """Year the organisation was founded."""
    employees: SizeClass | None = None
    """Size class: headcount at this site, not of the whole group."""
    competences: Annotated[
        list[CompetenceId], Field(min_length=1, max_length=15), AfterValidator(unique_items)
    ]
    """1 to 15 competence ids from the taxonomy that the member offers, most important first."""
    needs: list[Need] = Field(default_factory=list, max_length=10)
    """Competences the member is looking for in partners."""
    industries: Annotated[list[Line], AfterValidator(unique_items)] = Field(default_factory=list)
    """Industries served, e.g. 'Maschinenbau'."""
    certifications: Annotated[list[Line], AfterValidator(unique_items)] = Field(
        default_factory=list
    )
    """Certifications held, e.g. 'ISO/IEC 27001'."""
    languages: Annotated[list[LanguageCode], AfterValidator(unique_items)] = Field(
        default_factory=list
    )
    """Languages the member works in, as ISO 639-1 codes (de, en, fr …)."""
    offers: Offers | None = None
    """Offers for skilled workers and students."""
    contacts: list[Contact] = Field(default_factory=list, max_length=10)
    """Public contact persons (each must have agreed to be listed)."""
    social: Social | None = None
    """Links to social media profiles."""
    logo: LogoFile | None = None
    """File name of the logo in content/members/logos/ (svg, png, webp or jpg)."""
    last_verified: date | None = None
    """Date the member last confirmed the profile (YYYY-MM-DD)."""
    listed: YamlBool = True
    """false hides the member from the public site (the file stays validated)."""
    maintainers: GithubLogins = Field(default_factory=list)
    """GitHub user names of the people who may change this file by pull request; internal,
    never shown on the site."""


class MemberTranslation(StrictModel):
    """Optional front matter of ``content/members/<slug>.en.md``."""

    tagline: Tagline | None = None
    """English tagline; the German one is used when empty."""


class PageFile(StrictModel):
    """The front matter of a free page, ``content/pages/<slug>.md`` (or ``.en.md``)."""

    title: Line = Field(examples=["Impressum"])
    """Page title, shown as its heading and in the browser tab."""


# ------------------------------------------------------------------------ competences


class Labels(StrictModel):
    de: Line
    """German."""
    en: Line
    """English."""


class Descriptions(StrictModel):
    de: Text
    """German."""
    en: Text | None = None
    """English (German is shown when empty)."""


class Synonyms(StrictModel):
    de: Annotated[list[Line], AfterValidator(unique_items)] = Field(default_factory=list)
    """German search terms (and terms used in both languages)."""
    en: Annotated[list[Line], AfterValidator(unique_items)] = Field(default_factory=list)
    """English search terms (and terms used in both languages)."""


class Esco(StrictModel):
    uri: Annotated[WebUrl, StringConstraints(pattern=r"^http://data\.europa\.eu/esco/")]
    """ESCO concept URI (closest match)."""
    label: Line | None = None
    """ESCO's English preferred label, kept for traceability."""
    type: Literal["skill", "occupation", "skill-group"]
    """Kind of ESCO concept."""


class CompetenceEntry(StrictModel):
    id: Slug
    """Stable id (a-z, 0-9, -), used in member files and URLs."""
    label: Labels
    """Display name in German and English."""
    description: Descriptions | None = None
    """One or two sentences on what the competence covers."""
    synonyms: Synonyms = Field(default_factory=Synonyms)
    """Other words people search for."""
    related: Annotated[list[Slug], AfterValidator(unique_items)] = Field(default_factory=list)
    """Ids of related competences."""
    esco: Esco | None = None
    """Closest ESCO concept."""
    wz2008: Annotated[list[WzCode], AfterValidator(unique_items)] = Field(default_factory=list)
    """Codes of the German classification of economic activities WZ 2008."""


class CategoryFile(StrictModel):
    """``content/competences/<category>.yaml``: one category and its competences."""

    id: Slug
    """Category id; must equal the file name without .yaml."""
    label: Labels
    """Display name in German and English."""
    description: Descriptions | None = None
    """What the category covers."""
    wz2008: Annotated[list[WzCode], AfterValidator(unique_items)] = Field(default_factory=list)
    """WZ 2008 codes typical of the category."""
    esco: Esco | None = None
    """Closest ESCO skill group."""
    competences: list[CompetenceEntry] = Field(default_factory=list)
    """The competences of this category."""


# ------------------------------------------------------------------------ site config


class LocalizedLine(StrictModel):
    de: Line
    """German."""
    en: Line | None = None
    """English (German is shown when empty)."""


class PostalAddress(StrictModel):
    street: Line
    """Street and house number."""
    postal_code: PostalCode
    """Postal code."""
    city: Line
    """Town or city."""


class Network(StrictModel):
    name: Name
    """Name of the network that publishes the atlas."""
    address: PostalAddress
    """Postal address (shown in the footer and the Impressum)."""
    email: Email
    """Contact e-mail address."""
    phone: Phone | None = None
    """Contact phone number."""
    website: WebUrl | None = None
    """The network's own website."""


class Branding(StrictModel):
    color: HexColour = "#0b5cad"
    """The network's primary colour: links, buttons, the header's accent (a lighter shade
    is derived for the dark colour scheme)."""
    logo: LogoFile | None = None
    """The network's logo in the header, a file in content/branding/."""


class Legal(StrictModel):
    imprint: Slug
    """Page in content/pages/ that is the Impressum (required by German law)."""
    privacy: Slug
    """Page in content/pages/ that is the privacy policy (Datenschutzerklärung)."""


class Region(StrictModel):
    name: Line
    """Name of the region, e.g. 'Heilbronn-Franken'."""
    districts: Annotated[list[DistrictKey], Field(min_length=1), AfterValidator(unique_items)]
    """Five-digit keys (Kreisschlüssel) of the districts that belong to the region."""


_LANGUAGES: tuple[Literal["de", "en"], ...] = ("de", "en")


class SiteConfig(StrictModel):
    """``atlas.yaml``: settings of one atlas."""

    title: LocalizedLine
    """Site title."""
    description: LocalizedLine | None = None
    """One sentence on what the atlas is (home page, search engines)."""
    base_url: WebUrl
    """Public address of the site, ending with /."""
    languages: Annotated[
        list[Literal["de", "en"]], Field(min_length=1), AfterValidator(unique_items)
    ] = Field(default_factory=lambda: list(_LANGUAGES))
    """Languages of the site; the first is the default, served at /."""
    network: Network
    """Who publishes the atlas."""
    legal: Legal
    """Legal pages."""
    about: Slug | None = None
    """The free page about the atlas and the network, linked from the footer and the home
    page."""
    region: Region
    """The region the members must be located in."""
    branding: Branding = Field(default_factory=Branding)
    """The network's colour and logo on the site."""
    theme: str = "theme"
    """Theme folder, relative to atlas.yaml."""
    edit_url: Annotated[str, AfterValidator(check_edit_url)] | None = None
    """Pattern for 'edit this file' links; {path} is the file's path in the repository."""
    page_size: Annotated[int, Field(ge=2, le=500)] = 48
    """Member cards per page of the directory, filter and district pages (2 to 500);
    longer lists are split into numbered pages."""
    staff: GithubLogins = Field(default_factory=list)
    """GitHub user names of the network's staff: they review pull requests and may change
    every file; internal, never shown on the site."""
    internal_dir: Line = "internal"
    """Folder of the internal member data (one ``<slug>.yaml`` per member), relative to
    the project folder; keep it out of the public repository, e.g. as a clone of a private
    one (see docs/member-management.md)."""
    consents_required: Literal["with_internal_file", "all"] = "with_internal_file"
    """Whose published contact persons need a consent in the internal data:
    'with_internal_file' (default) those of members that have an internal file – for the
    others one warning, so an office can start with a few members; 'all' every listed
    member's, a member without an internal file is an error too. Without any internal
    data the consents are one warning either way."""
    stale_after_months: Annotated[int, Field(ge=1, le=120)] = 18
    """A profile whose last_verified date is older than this many months is marked as
    not recently confirmed (1 to 120)."""
