"""Names of fields and values in the language in use, and did-you-mean across languages.

A written key is compared with the fields' German and English names (``field_name``,
catalogue ``names.*``; ``gegruendet`` → ``founded``), a value of a choice with the values'
labels (``value_label``; ``Unternehmen`` → ``company``), all in any case and spelling of
umlauts (``normalise``). ``messages`` uses them for the problems of pydantic errors, the
other checks for their did-you-mean.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from pydantic import BaseModel

from ..common import i18n
from ..common.i18n import t
from .load import KeyPath, dotted

__all__ = [
    "VALUE_KEYS",
    "closest",
    "did_you_mean",
    "field_name",
    "in_every_language",
    "key_list",
    "key_suggestion",
    "loose",
    "named_suggestion",
    "normalise",
    "value_label",
    "value_list",
]

# ------------------------------------------------------------------ names of fields, values

_NAME_KEYS = (
    "names.about",
    "names.address",
    "names.apprenticeships",
    "names.base_url",
    "names.billing",
    "names.bluesky",
    "names.branding",
    "names.certifications",
    "names.city",
    "names.color",
    "names.competence",
    "names.competences",
    "names.consents",
    "names.consents_required",
    "names.contact",
    "names.contacts",
    "names.coordinates",
    "names.date",
    "names.de",
    "names.description",
    "names.district",
    "names.districts",
    "names.dual_study",
    "names.edit_url",
    "names.email",
    "names.employees",
    "names.en",
    "names.esco",
    "names.facebook",
    "names.fee_class",
    "names.founded",
    "names.github",
    "names.gitlab",
    "names.id",
    "names.imprint",
    "names.industries",
    "names.instagram",
    "names.internal_dir",
    "names.internships",
    "names.jobs",
    "names.kind",
    "names.label",
    "names.languages",
    "names.last_verified",
    "names.lat",
    "names.legal",
    "names.linkedin",
    "names.listed",
    "names.log",
    "names.logo",
    "names.lon",
    "names.maintainers",
    "names.mastodon",
    "names.membership",
    "names.name",
    "names.needs",
    "names.network",
    "names.note",
    "names.notes",
    "names.offers",
    "names.page_size",
    "names.phone",
    "names.postal_code",
    "names.privacy",
    "names.professions",
    "names.programs",
    "names.region",
    "names.related",
    "names.role",
    "names.scope",
    "names.since",
    "names.social",
    "names.staff",
    "names.stale_after_months",
    "names.start",
    "names.status",
    "names.street",
    "names.synonyms",
    "names.tagline",
    "names.tags",
    "names.text",
    "names.theme",
    "names.theses",
    "names.title",
    "names.topics",
    "names.type",
    "names.until",
    "names.uri",
    "names.url",
    "names.website",
    "names.withdrawn",
    "names.working_students",
    "names.wz2008",
    "names.x",
    "names.xing",
    "names.youtube",
    # a key below a certain parent: <parent>_<key>
    "names.esco_type",
    "names.esco_label",
    "names.membership_until",
    "names.region_name",
    "names.network_name",
)
_NAMES = {key.removeprefix("names."): key for key in _NAME_KEYS}
"""Field key (or ``<parent>_<key>``) → the catalogue key of its human name."""

VALUE_KEYS = {
    # MemberType
    "company": "names.value_company",
    "startup": "names.value_startup",
    "freelancer": "names.value_freelancer",
    "university": "names.value_university",
    "research": "names.value_research",
    "school": "names.value_school",
    "association": "names.value_association",
    "public-body": "names.value_public_body",
    # SizeClass
    "1-9": "names.value_size_1_9",
    "10-49": "names.value_size_10_49",
    "50-249": "names.value_size_50_249",
    "250-999": "names.value_size_250_999",
    "1000+": "names.value_size_1000",
    # Esco.type
    "skill": "names.value_skill",
    "occupation": "names.value_occupation",
    "skill-group": "names.value_skill_group",
    # SiteConfig.languages, consents_required
    "de": "names.value_de",
    "en": "names.value_en",
    "with_internal_file": "names.value_with_internal_file",
    "all": "names.value_all",
    # MembershipStatus
    "prospect": "names.value_prospect",
    "active": "names.value_active",
    "paused": "names.value_paused",
    "left": "names.value_left",
    # InteractionKind
    "call": "names.value_call",
    "email": "names.value_email",
    "meeting": "names.value_meeting",
    "event": "names.value_event",
    "visit": "names.value_visit",
    "note": "names.value_note",
}
"""Value of a choice (``type``, ``employees``, …) → the catalogue key of its label (the
member types' and size classes' as the site shows them, theme ``type_*``, ``size_*``)."""

_KEY_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "postal_code": ("PLZ", "zip", "zip code", "zipcode", "postcode", "post code"),
    "founded": ("gegründet", "Gründung", "Gründungsdatum", "established", "founded in"),
    "street": ("Straße", "Hausnummer", "street address"),
    "city": ("Stadt", "Gemeinde", "town", "place"),
    "address": ("Anschrift", "Adresse", "Standort"),
    "website": ("Webseite", "Homepage", "Internetseite", "web", "url"),
    "email": ("E-Mail", "Mail", "e-mail address"),
    "phone": ("Telefon", "Tel", "Telefonnummer", "telephone"),
    "employees": ("Mitarbeiter", "Mitarbeitende", "Beschäftigte", "Größe", "size"),
    "competences": ("Kompetenz", "Skills", "Leistungen"),
    "contacts": ("Kontakt", "Kontakte", "Ansprechpartnerin", "contact"),
    "tagline": ("Slogan", "Claim", "Untertitel"),
    "name": ("Firma", "Firmenname", "Organisation"),
    "type": ("Typ", "Art", "Organisationsform"),
    "certifications": ("Zertifikate",),
    "role": ("Rolle", "Position"),
}
"""Further words (German and English) an author may write for a key; the fields' names
in both languages count too."""


def normalise(text: str) -> str:
    """What keys, names and values are compared by: lower case, ``ä`` → ``ae``, ``ö`` →
    ``oe``, ``ü`` → ``ue``, ``ß`` → ``ss``, spaces and hyphens → ``_``."""
    return text.strip().lower().translate(_FOLD)


_FOLD = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "_", "-": "_", "–": "_", "—": "_"}
)


def loose(text: str) -> str:
    """Letters and digits only: ``Start-up`` is ``startup``."""
    return re.sub(r"[^a-z0-9]", "", normalise(text))


def _parts(path: str) -> list[str]:
    """The keys of a dotted path, without list positions: ``contacts[0].email`` →
    ``contacts``, ``email``."""
    return [p for p in re.split(r"[.\[\]]", path) if p and not p.isdigit()]


def _name_key(parts: list[str]) -> str | None:
    if not parts:
        return None
    if len(parts) > 1 and (key := _NAMES.get(f"{parts[-2]}_{parts[-1]}")) is not None:
        return key
    return _NAMES.get(parts[-1])


def field_name(key: str) -> str:
    """The human name of a field in the language in use: ``founded`` → "Gründungsjahr"
    / "year founded". ``key`` may be a dotted path (``esco.type``, ``contacts[0].email``):
    its last key is named (some by their parent, ``esco.type`` → "ESCO-Typ"). A key the
    catalogue does not know stands for itself."""
    parts = _parts(key)
    name_key = _name_key(parts)
    return t(name_key) if name_key is not None else (parts[-1] if parts else key)


def value_label(value: str) -> str:
    """The label of a value of a choice in the language in use: ``company`` →
    "Unternehmen" / "company"; an unknown value stands for itself."""
    key = VALUE_KEYS.get(value)
    return t(key) if key is not None else value


def in_every_language(key: str | None) -> list[str]:
    if key is None:
        return []
    return [str(i18n.catalogue(lang)[key]) for lang in i18n.LANGUAGES]


# ------------------------------------------------------------------------ did you mean


ALIAS_CUTOFF = 0.8
"""How close a written word must be to a name or label (not the choice itself) to be
suggested: names are long and many, so a looser match suggests the wrong field."""


def closest(
    value: str,
    choices: Iterable[str],
    *,
    aliases: Mapping[str, Iterable[str]] | None = None,
) -> str | None:
    """The choice ``value`` most likely means, or ``None``: the same after ``normalise``
    (so in any case), else the closest spelling. ``aliases`` gives further words for a
    choice (its names, its labels in every language)."""
    own: dict[str, str] = {}
    for choice in choices:
        own.setdefault(normalise(choice), choice)
    words: dict[str, str] = {}
    for choice, names in (aliases or {}).items():
        for word in names:
            if word.strip():
                words.setdefault(normalise(word), choice)
    key = normalise(value)
    if (found := own.get(key) or words.get(key)) is not None:
        return found
    # a misspelt choice; a misspelt name only when it is very close ('intern' is not
    # 'Internetseite')
    for pool, cutoff in ((own, 0.6), (words, ALIAS_CUTOFF)):
        close = difflib.get_close_matches(key, list(pool), n=1, cutoff=cutoff)
        if close:
            return pool[close[0]]
    return None


def did_you_mean(
    value: str,
    choices: Iterable[str],
    *,
    aliases: Mapping[str, Iterable[str]] | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """``did you mean 'competences'?`` (German: ``Meinten Sie 'competences'?``) or ''
    when nothing is close (``closest``). ``names`` gives a choice's name, shown after it
    (``Meinten Sie 'founded'? (Gründungsjahr)``) unless it reads like the choice."""
    choice = closest(value, choices, aliases=aliases)
    return "" if choice is None else named_suggestion(choice, (names or {}).get(choice, ""))


def named_suggestion(choice: str, name: str) -> str:
    if name and loose(name) != loose(choice):
        return t("validation.did_you_mean_named", choice=choice, name=name)
    return t("validation.did_you_mean", choice=choice)


def _key_words(owner: type[BaseModel], parent: KeyPath) -> dict[str, list[str]]:
    """Every field of ``owner`` → its names in every language and its synonyms."""
    above = [str(p) for p in parent if isinstance(p, str)][-1:]
    return {
        key: [*in_every_language(_name_key([*above, key])), *_KEY_SYNONYMS.get(key, ())]
        for key in owner.model_fields
    }


def key_suggestion(key: str, owner: type[BaseModel] | None, parent: KeyPath) -> str | None:
    if owner is None:
        return None
    return closest(key, owner.model_fields, aliases=_key_words(owner, parent))


def key_list(keys: Iterable[str], parent: KeyPath) -> str:
    """``street (Straße und Hausnummer), postal_code (Postleitzahl), …``: a key with its
    name where the name reads differently."""
    out = []
    for key in keys:
        name = field_name(dotted((*parent, key)))
        out.append(f"{key} ({name})" if loose(name) != loose(key) else key)
    return ", ".join(out)


def value_list(values: Iterable[str]) -> str:
    """``company (Unternehmen), startup (Start-up), …``."""
    out = []
    for value in values:
        label = value_label(value)
        same = loose(label).startswith(loose(value))  # 1-9 is "1–9 employees"
        out.append(value if same else f"{value} ({label})")
    return ", ".join(out)
