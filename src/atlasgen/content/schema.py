"""What authors write: pydantic models of member, competence and site-config files.

These models are the single source of truth for the content format: validation,
the JSON Schemas in ``schema/`` (``atlasgen schema``) and the field list that
``docs/content-format.md`` must document all come from them.

Values arrive as the literal text of the YAML file (see ``load``), so a text field
never receives a silently converted number or boolean; number, date and boolean
fields parse that text here.
"""

from __future__ import annotations

import datetime as _dt
import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

__all__ = [
    "GITHUB_LOGIN_PATTERN",
    "SLUG_PATTERN",
    "CategoryFile",
    "CompetenceEntry",
    "GithubLogins",
    "InternalFile",
    "MemberFile",
    "MemberTranslation",
    "MemberType",
    "MembershipStatus",
    "PageFile",
    "SiteConfig",
    "SizeClass",
]

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$"
"""Member slugs and competence ids: a-z, 0-9 and ``-``, 2 to 64 characters."""

# Characters that must never appear in a single line of text: C0/C1 controls,
# bidi embeddings/overrides/isolates, zero-width characters and the BOM.
_FORBIDDEN_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


def _error(kind: str, message: str, hint: str = "") -> PydanticCustomError:
    return PydanticCustomError(kind, message, {"hint": hint} if hint else None)


def _clean_text(pattern: re.Pattern[str]) -> AfterValidator:
    def check(value: str) -> str:
        if "\n" in value and pattern is _FORBIDDEN_IN_LINE:
            raise _error(
                "multiple_lines",
                "must be a single line",
                "write it on one line (with '>' or '|' YAML keeps the line break)",
            )
        if (m := pattern.search(value)) is not None:
            raise _error(
                "forbidden_character",
                f"contains the invisible or control character U+{ord(m.group()):04X}",
                "retype the text; such characters can hide or reorder what is displayed",
            )
        if value != value.strip():
            raise _error(
                "surrounding_space",
                "starts or ends with spaces",
                "remove the spaces around the text",
            )
        return value

    return AfterValidator(check)


_LINE_CHECK = _clean_text(_FORBIDDEN_IN_LINE)
Name = Annotated[str, StringConstraints(min_length=1, max_length=120), _LINE_CHECK]
Line = Annotated[str, StringConstraints(min_length=1, max_length=200), _LINE_CHECK]
Tagline = Annotated[str, StringConstraints(min_length=1, max_length=160), _LINE_CHECK]
Text = Annotated[
    str, StringConstraints(min_length=1, max_length=600), _clean_text(_FORBIDDEN_IN_TEXT)
]


_WEB_URL = re.compile(r"^https?://[^\s/?#@]+(?:[/?#][^\s]*)?$")
"""http(s), a host, then anything but white space (``javascript:`` and ``data:`` fail)."""


def _check_url(value: str) -> str:
    if not _WEB_URL.match(value):
        raise _error(
            "url",
            f"'{value}' is not a web address",
            "write the full address starting with https://, e.g. https://www.example.com/",
        )
    if _FORBIDDEN_IN_LINE.search(value):
        raise _error("url", "the web address contains control characters", "retype it")
    return value


WebUrl = Annotated[str, StringConstraints(max_length=500), AfterValidator(_check_url)]

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


def _check_email(value: str) -> str:
    if not _EMAIL.match(value) or len(value) > 254:
        raise _error(
            "email",
            f"'{value}' is not an e-mail address",
            "write it as name@domain.de, without 'mailto:' or spaces",
        )
    return value


Email = Annotated[str, AfterValidator(_check_email)]

_PHONE = re.compile(r"^\+?[0-9][0-9 ()/-]{4,22}[0-9]$")


def _check_phone(value: str) -> str:
    if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 6:
        raise _error(
            "phone",
            f"'{value}' is not a phone number",
            'write it with the country code and in quotes, e.g. "+49 7131 123456"',
        )
    return value


Phone = Annotated[str, AfterValidator(_check_phone)]


def _yaml_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _error(
        "bool",
        f"'{value}' is not true or false",
        "write exactly true or false (yes/no/on/off are ambiguous in YAML)",
    )


YamlBool = Annotated[bool, BeforeValidator(_yaml_bool)]

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
CompetenceId = Annotated[str, Field(examples=["cloud-migration"])]
"""Checked against the taxonomy when files are linked (with a did-you-mean)."""
PostalCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$"), Field(examples=["74072"])]
DistrictKey = Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$"), Field(examples=["08121"])]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$"), Field(examples=["de"])]
WzCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}(\.[0-9]{1,2})?$")]
LogoFile = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*\.(svg|png|webp|jpg|jpeg)$"),
    Field(examples=["muster-gmbh.svg"]),
]


def _unique(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    for v in values:
        if v in seen:
            raise _error("duplicate", f"'{v}' is listed twice", "remove the second entry")
        seen.add(v)
    return values


GITHUB_LOGIN_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$"
"""A GitHub user name: 1 to 39 letters, digits and single hyphens, no hyphen at either end."""
_GITHUB_LOGIN = re.compile(GITHUB_LOGIN_PATTERN)
_LOGIN_HINT = (
    "a GitHub user name has 1 to 39 letters, digits and single hyphens, "
    "not at the start or end, e.g. mustermann-it"
)


def _check_login(value: str) -> str:
    if _GITHUB_LOGIN.fullmatch(value):
        return value
    hint = _LOGIN_HINT
    tail = value.rstrip("/").rsplit("/", 1)[-1].removeprefix("@")
    if tail != value and _GITHUB_LOGIN.fullmatch(tail):
        hint = f"write only the user name, without '@' or a web address: {tail}"
    raise _error("github_login", f"'{value}' is not a GitHub user name", hint)


def _unique_logins(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for v in values:
        if (first := seen.get(v.lower())) is not None:
            also = "" if first == v else f" (as '{first}')"
            raise _error(
                "duplicate",
                f"'{v}' is listed twice{also}",
                "remove the second entry; GitHub user names do not depend on upper or lower case",
            )
        seen[v.lower()] = v
    return values


GithubLogin = Annotated[
    str,
    AfterValidator(_check_login),
    Field(
        examples=["mustermann-it"],
        json_schema_extra={"pattern": GITHUB_LOGIN_PATTERN, "maxLength": 39},
    ),
]
GithubLogins = Annotated[list[GithubLogin], AfterValidator(_unique_logins)]
"""GitHub user names, each at most once (compared regardless of case)."""


class _Model(BaseModel):
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


class Coordinates(_Model):
    lat: Annotated[float, Field(ge=47.0, le=55.1, examples=[49.1427])]
    """Latitude in degrees (WGS84)."""
    lon: Annotated[float, Field(ge=5.8, le=15.1, examples=[9.2109])]
    """Longitude in degrees (WGS84)."""


class Address(_Model):
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


class Need(_Model):
    competence: CompetenceId
    """Id of the competence the member is looking for."""
    note: Line = Field(examples=["Partner für ein ISO-27001-Audit gesucht"])
    """What exactly is needed, in one sentence."""


class Contact(_Model):
    name: Name = Field(examples=["Dr. Anna Beispiel"])
    """Full name of the contact person."""
    role: Line | None = None
    """Role or position, e.g. 'Geschäftsführerin'."""
    email: Email | None = None
    """Direct e-mail address."""
    phone: Phone | None = None
    """Direct phone number with country code."""


class Offer(_Model):
    note: Text | None = None
    """A short description of the offer."""
    url: WebUrl | None = None
    """Page with details or how to apply."""
    until: date | None = None
    """Last day the offer is shown (YYYY-MM-DD); empty for open-ended offers."""


class JobsOffer(Offer):
    url: WebUrl
    """The member's jobs or careers page."""


class Apprenticeships(Offer):
    professions: Annotated[list[Line], Field(min_length=1), AfterValidator(_unique)]
    """Training professions (Ausbildungsberufe), e.g. 'Fachinformatiker/in'."""


class DualStudy(Offer):
    programs: Annotated[list[Line], Field(min_length=1), AfterValidator(_unique)]
    """Dual study programmes, e.g. 'Wirtschaftsinformatik (DHBW Mosbach)'."""


class Offers(_Model):
    jobs: JobsOffer | None = None
    """Open positions for skilled workers."""
    apprenticeships: Apprenticeships | None = None
    """Vocational training (Ausbildung)."""
    dual_study: DualStudy | None = None
    """Dual study places (duales Studium)."""
    internships: Offer | None = None
    """Internships (Praktika)."""
    theses: Offer | None = None
    """Bachelor's and master's theses supervised at the member."""


class Social(_Model):
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


class MemberFile(_Model):
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
        list[CompetenceId], Field(min_length=1, max_length=15), AfterValidator(_unique)
    ]
    """1 to 15 competence ids from the taxonomy that the member offers, most important first."""
    needs: list[Need] = Field(default_factory=list, max_length=10)
    """Competences the member is looking for in partners."""
    industries: Annotated[list[Line], AfterValidator(_unique)] = Field(default_factory=list)
    """Industries served, e.g. 'Maschinenbau'."""
    certifications: Annotated[list[Line], AfterValidator(_unique)] = Field(default_factory=list)
    """Certifications held, e.g. 'ISO/IEC 27001'."""
    languages: Annotated[list[LanguageCode], AfterValidator(_unique)] = Field(default_factory=list)
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


class MemberTranslation(_Model):
    """Optional front matter of ``content/members/<slug>.en.md``."""

    tagline: Tagline | None = None
    """English tagline; the German one is used when empty."""


class PageFile(_Model):
    """The front matter of a free page, ``content/pages/<slug>.md`` (or ``.en.md``)."""

    title: Line = Field(examples=["Impressum"])
    """Page title, shown as its heading and in the browser tab."""


# ------------------------------------------------------------------------ competences


class Labels(_Model):
    de: Line
    """German."""
    en: Line
    """English."""


class Descriptions(_Model):
    de: Text
    """German."""
    en: Text | None = None
    """English (German is shown when empty)."""


class Synonyms(_Model):
    de: Annotated[list[Line], AfterValidator(_unique)] = Field(default_factory=list)
    """German search terms (and terms used in both languages)."""
    en: Annotated[list[Line], AfterValidator(_unique)] = Field(default_factory=list)
    """English search terms (and terms used in both languages)."""


class Esco(_Model):
    uri: Annotated[WebUrl, StringConstraints(pattern=r"^http://data\.europa\.eu/esco/")]
    """ESCO concept URI (closest match)."""
    label: Line | None = None
    """ESCO's English preferred label, kept for traceability."""
    type: Literal["skill", "occupation", "skill-group"]
    """Kind of ESCO concept."""


class CompetenceEntry(_Model):
    id: Slug
    """Stable id (a-z, 0-9, -), used in member files and URLs."""
    label: Labels
    """Display name in German and English."""
    description: Descriptions | None = None
    """One or two sentences on what the competence covers."""
    synonyms: Synonyms = Field(default_factory=Synonyms)
    """Other words people search for."""
    related: Annotated[list[Slug], AfterValidator(_unique)] = Field(default_factory=list)
    """Ids of related competences."""
    esco: Esco | None = None
    """Closest ESCO concept."""
    wz2008: Annotated[list[WzCode], AfterValidator(_unique)] = Field(default_factory=list)
    """Codes of the German classification of economic activities WZ 2008."""


class CategoryFile(_Model):
    """``content/competences/<category>.yaml``: one category and its competences."""

    id: Slug
    """Category id; must equal the file name without .yaml."""
    label: Labels
    """Display name in German and English."""
    description: Descriptions | None = None
    """What the category covers."""
    wz2008: Annotated[list[WzCode], AfterValidator(_unique)] = Field(default_factory=list)
    """WZ 2008 codes typical of the category."""
    esco: Esco | None = None
    """Closest ESCO skill group."""
    competences: list[CompetenceEntry] = Field(default_factory=list)
    """The competences of this category."""


# ------------------------------------------------------------------------ site config


class LocalizedLine(_Model):
    de: Line
    """German."""
    en: Line | None = None
    """English (German is shown when empty)."""


class PostalAddress(_Model):
    street: Line
    """Street and house number."""
    postal_code: PostalCode
    """Postal code."""
    city: Line
    """Town or city."""


class Network(_Model):
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


class Legal(_Model):
    imprint: Slug
    """Page in content/pages/ that is the Impressum (required by German law)."""
    privacy: Slug
    """Page in content/pages/ that is the privacy policy (Datenschutzerklärung)."""


class Region(_Model):
    name: Line
    """Name of the region, e.g. 'Heilbronn-Franken'."""
    districts: Annotated[list[DistrictKey], Field(min_length=1), AfterValidator(_unique)]
    """Five-digit keys (Kreisschlüssel) of the districts that belong to the region."""


def _check_edit_url(value: str) -> str:
    _check_url(value.replace("{path}", "x"))
    if "{path}" not in value:
        raise _error(
            "edit_url",
            "the pattern must contain {path}",
            "e.g. https://github.com/OWNER/REPO/edit/main/{path}",
        )
    return value


_LANGUAGES: tuple[Literal["de", "en"], ...] = ("de", "en")


class SiteConfig(_Model):
    """``atlas.yaml``: settings of one atlas."""

    title: LocalizedLine
    """Site title."""
    description: LocalizedLine | None = None
    """One sentence on what the atlas is (home page, search engines)."""
    base_url: WebUrl
    """Public address of the site, ending with /."""
    languages: Annotated[
        list[Literal["de", "en"]], Field(min_length=1), AfterValidator(_unique)
    ] = Field(default_factory=lambda: list(_LANGUAGES))
    """Languages of the site; the first is the default, served at /."""
    network: Network
    """Who publishes the atlas."""
    legal: Legal
    """Legal pages."""
    region: Region
    """The region the members must be located in."""
    theme: str = "theme"
    """Theme folder, relative to atlas.yaml."""
    edit_url: Annotated[str, AfterValidator(_check_edit_url)] | None = None
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
    stale_after_months: Annotated[int, Field(ge=1, le=120)] = 18
    """A profile whose last_verified date is older than this many months is marked as
    not recently confirmed (1 to 120)."""


# --- Internal member data (internal/<slug>.yaml) ------------------------------------------


class MembershipStatus(StrEnum):
    PROSPECT = "prospect"
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class Membership(_Model):
    status: MembershipStatus
    """prospect, active, paused or left; paused and left members are not listed."""
    since: date | None = None
    """First day of the membership (YYYY-MM-DD)."""
    until: date | None = None
    """Last day of the membership, if it ended or will end (YYYY-MM-DD)."""
    fee_class: Line | None = None
    """Fee class as the network's fee schedule names it, e.g. 'B (10–49 Beschäftigte)'."""


class InternalPerson(Contact):
    """A person at the member the staff deal with (billing, internal contacts)."""


class Consent(_Model):
    contact: Name = Field(examples=["Dr. Anna Beispiel"])
    """The contact person, exactly as named under contacts in the member file."""
    date: _dt.date
    """Day the person agreed (YYYY-MM-DD)."""
    scope: Line = Field(examples=["Name, Funktion, E-Mail und Telefon im Kompetenzatlas"])
    """What the person agreed to."""
    withdrawn: _dt.date | None = None
    """Day the person withdrew the consent; then the contact may not be published."""


class InteractionKind(StrEnum):
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    EVENT = "event"
    VISIT = "visit"
    NOTE = "note"


class Interaction(_Model):
    date: _dt.date
    """Day of the interaction (YYYY-MM-DD)."""
    kind: InteractionKind
    """call, email, meeting, event, visit or note."""
    text: Text
    """What happened or was agreed."""


class InternalFile(_Model):
    """``internal/<slug>.yaml``: what the network's staff keep about a member. Never
    published; ``atlasgen build`` reads only the membership status and the consents."""

    membership: Membership
    """The membership."""
    billing: InternalPerson | None = None
    """Who receives invoices."""
    contacts: list[InternalPerson] = Field(default_factory=list)
    """People at the member the staff deal with (not the public contacts)."""
    consents: list[Consent] = Field(default_factory=list)
    """Consents of the public contact persons to be published."""
    notes: Text | None = None
    """Free notes of the staff."""
    tags: list[Line] = Field(default_factory=list)
    """Tags for the staff's own lists, e.g. 'Beirat', 'Messe 2026'."""
    log: list[Interaction] = Field(default_factory=list)
    """Interactions with the member, oldest first."""
