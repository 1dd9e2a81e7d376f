"""The member file's fields as the profile editor's form needs them, from the pydantic models.

``editor_fields()`` walks ``MemberFile.model_fields`` (their annotations, the ``Form``
markers of :mod:`atlasgen.content.fields`, ``StringConstraints`` and ``annotated_types``
bounds) and returns one object per field, in the order the model declares them: its key,
dotted path (``address.postal_code``; a list's items ``contacts[].email``), human name
(``suggest.field_name``), help text (catalogue ``editor.*``), whether it is required, its
kind of input and bounds, the choices of an enum with their labels (``suggest.value_label``),
and the fields of an object or the item of a list. The texts are in the language in use.
One source of truth with the JSON Schema (``content.jsonschemas``) and ``atlasgen validate``.

``RULES`` are the checks of :mod:`atlasgen.content.fields` that are no pattern of a field
(web address, e-mail, phone, GitHub login, slug, the forbidden invisible characters) as
regular expressions JavaScript reads the same way.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from enum import Enum
from typing import Any

import annotated_types
from pydantic import BaseModel, StringConstraints
from pydantic.fields import FieldInfo

from ..common.i18n import t
from ..content import fields
from ..content.schema import MemberFile
from ..content.suggest import field_name, value_label

__all__ = ["EDITOR_WIDGETS", "HELP_KEYS", "RULES", "editor_fields", "js_regex"]

EDITOR_WIDGETS = {
    "competences": "competences",
    "needs": "needs",
    "contacts": "contacts",
    "offers": "offers",
    "social": "social",
    "address": "address",
}
"""Top-level key → the special widget the editor draws for it."""

HELP_KEYS = {
    "MemberFile.name": "editor.name",
    "MemberFile.type": "editor.type",
    "MemberFile.tagline": "editor.tagline",
    "MemberFile.website": "editor.website",
    "MemberFile.email": "editor.email",
    "MemberFile.phone": "editor.phone",
    "MemberFile.address": "editor.address",
    "MemberFile.founded": "editor.founded",
    "MemberFile.employees": "editor.employees",
    "MemberFile.competences": "editor.competences",
    "MemberFile.needs": "editor.needs",
    "MemberFile.industries": "editor.industries",
    "MemberFile.certifications": "editor.certifications",
    "MemberFile.languages": "editor.languages",
    "MemberFile.offers": "editor.offers",
    "MemberFile.contacts": "editor.contacts",
    "MemberFile.social": "editor.social",
    "MemberFile.logo": "editor.logo",
    "MemberFile.last_verified": "editor.last_verified",
    "MemberFile.listed": "editor.listed",
    "MemberFile.maintainers": "editor.maintainers",
    "Address.street": "editor.address_street",
    "Address.postal_code": "editor.address_postal_code",
    "Address.city": "editor.address_city",
    "Address.district": "editor.address_district",
    "Address.coordinates": "editor.address_coordinates",
    "Coordinates.lat": "editor.coordinates_lat",
    "Coordinates.lon": "editor.coordinates_lon",
    "Need.competence": "editor.need_competence",
    "Need.note": "editor.need_note",
    "Contact.name": "editor.contact_name",
    "Contact.role": "editor.contact_role",
    "Contact.email": "editor.contact_email",
    "Contact.phone": "editor.contact_phone",
    "ApplicationContact.name": "editor.application_contact_name",
    "ApplicationContact.email": "editor.application_contact_email",
    "ApplicationContact.phone": "editor.application_contact_phone",
    "Offer.note": "editor.offer_note",
    "Offer.url": "editor.offer_url",
    "Offer.until": "editor.offer_until",
    "Offer.start": "editor.offer_start",
    "Offer.contact": "editor.offer_contact",
    "JobsOffer.url": "editor.jobs_url",
    "Apprenticeships.professions": "editor.apprenticeships_professions",
    "DualStudy.programs": "editor.dual_study_programs",
    "TopicOffer.topics": "editor.offer_topics",
    "Offers.jobs": "editor.offers_jobs",
    "Offers.apprenticeships": "editor.offers_apprenticeships",
    "Offers.dual_study": "editor.offers_dual_study",
    "Offers.internships": "editor.offers_internships",
    "Offers.theses": "editor.offers_theses",
    "Offers.working_students": "editor.offers_working_students",
    "Social.linkedin": "editor.social_linkedin",
    "Social.xing": "editor.social_xing",
    "Social.mastodon": "editor.social_mastodon",
    "Social.bluesky": "editor.social_bluesky",
    "Social.github": "editor.social_github",
    "Social.gitlab": "editor.social_gitlab",
    "Social.instagram": "editor.social_instagram",
    "Social.youtube": "editor.social_youtube",
    "Social.facebook": "editor.social_facebook",
    "Social.x": "editor.social_x",
}
"""``<model>.<field>`` → the catalogue key of its help text; a field a subclass inherits
(``JobsOffer.note``) takes its base class's (``Offer.note``)."""


def js_regex(pattern: str) -> str:
    """``pattern`` (Python ``re``) as JavaScript reads it: every character outside printable
    ASCII written as ``\\uXXXX`` (the same in both). The patterns used here need nothing
    else: no named groups, no ``\\A``/``\\Z``, no possessive quantifiers."""
    return "".join(c if " " <= c <= "~" else f"\\u{ord(c):04x}" for c in pattern)


RULES: dict[str, str] = {
    "email": js_regex(fields._EMAIL.pattern),
    "phone": js_regex(fields._PHONE.pattern),
    "url": js_regex(fields._WEB_URL.pattern),
    "github_login": js_regex(fields.GITHUB_LOGIN_PATTERN),
    "slug": js_regex(fields.SLUG_PATTERN),
    "forbidden_line": js_regex(fields._FORBIDDEN_IN_LINE.pattern),
    "forbidden_text": js_regex(fields._FORBIDDEN_IN_TEXT.pattern),
}

_FORM_TYPES = {"fields.url": "url", "fields.email": "email", "fields.phone": "phone"}
_TEXT_CHECK = typing.get_args(fields.Text)[2]
"""The check of multi-line texts (``fields.Text``): a textarea."""


def _unwrap(tp: Any) -> tuple[Any, list[Any]]:
    """The type below ``Annotated`` and ``| None``, and the metadata collected on the way
    (a nested ``Field(...)``'s own metadata included)."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp, *more = typing.get_args(tp)
            metadata += more
        elif origin in (typing.Union, types.UnionType):
            (tp,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        else:
            break
    flat: list[Any] = []
    for item in metadata:
        flat.append(item)
        if isinstance(item, FieldInfo):
            flat += item.metadata
    return tp, flat


def _help(owner: type[BaseModel], key: str) -> str:
    for cls in owner.__mro__:
        help_key = HELP_KEYS.get(f"{cls.__name__}.{key}")
        if help_key is not None:
            return t(help_key)
    raise KeyError(f"no help text for {owner.__name__}.{key} (editorfields.HELP_KEYS)")


def _bounds(metadata: list[Any], is_list: bool) -> dict[str, Any]:
    """``minLength``/``maxLength``/``pattern`` (text), ``minItems``/``maxItems`` (list),
    ``minimum``/``maximum`` (number) of the metadata of one level."""
    out: dict[str, Any] = {}
    lengths = ("minItems", "maxItems") if is_list else ("minLength", "maxLength")
    for item in metadata:
        if isinstance(item, StringConstraints):
            if item.min_length is not None:
                out["minLength"] = item.min_length
            if item.max_length is not None:
                out["maxLength"] = item.max_length
            if isinstance(item.pattern, str):
                out["pattern"] = js_regex(item.pattern)
        elif isinstance(item, annotated_types.MinLen):
            out[lengths[0]] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            out[lengths[1]] = item.max_length
        elif isinstance(item, annotated_types.Ge):
            out["minimum"] = item.ge
        elif isinstance(item, annotated_types.Le):
            out["maximum"] = item.le
        elif isinstance(item, FieldInfo) and isinstance(item.json_schema_extra, dict):
            extra = item.json_schema_extra
            if isinstance(extra.get("pattern"), str):
                out["pattern"] = js_regex(str(extra["pattern"]))
            if isinstance(extra.get("maxLength"), int):
                out["maxLength"] = extra["maxLength"]
    return out


def _example(metadata: list[Any]) -> str | None:
    for item in metadata:
        if isinstance(item, fields.Form):
            return item.example
    for item in metadata:
        if isinstance(item, FieldInfo) and item.examples:
            return str(item.examples[0])
    return None


def _label(name: str) -> str:
    """A field's name as a form label: the catalogue writes English names for the middle
    of a sentence ("postal code"), a label starts with a capital ("Postal code")."""
    return name[:1].upper() + name[1:]


def _describe(
    key: str, path: str, tp: Any, metadata: list[Any], required: bool, help_text: str
) -> dict[str, Any]:
    """One field object (see the module's docstring)."""
    inner, more = _unwrap(tp)
    metadata = metadata + more
    out: dict[str, Any] = {
        "key": key,
        "path": path,
        "label": _label(field_name(path)),
        "help": help_text,
        "required": required,
    }
    form = next((m for m in metadata if isinstance(m, fields.Form)), None)
    if typing.get_origin(inner) is list:
        (item_tp,) = typing.get_args(inner)
        out["type"] = "list"
        out.update(_bounds(metadata, is_list=True))
        out["items"] = _describe(key, f"{path}[]", item_tp, [], True, "")
    elif isinstance(inner, type) and issubclass(inner, BaseModel):
        out["type"] = "object"
        out["fields"] = _model_fields(inner, f"{path}.")
    elif isinstance(inner, type) and issubclass(inner, Enum):
        out["type"] = "choice"
        out["choices"] = [{"value": m.value, "label": _label(value_label(m.value))} for m in inner]
    elif inner is bool:
        out["type"] = "boolean"
    elif inner is int:
        out["type"] = "integer"
    elif inner is float:
        out["type"] = "number"
    elif inner is date:
        out["type"] = "date"
    elif inner is str:
        if form is not None and form.message in _FORM_TYPES:
            out["type"] = _FORM_TYPES[form.message]
        elif any(m is _TEXT_CHECK for m in metadata):
            out["type"] = "textarea"
        else:
            out["type"] = "text"
    else:  # pragma: no cover - a new kind of field needs a kind of input
        raise TypeError(f"{path}: no kind of input for {inner!r}")
    if out["type"] not in ("list", "object"):
        out.update(_bounds(metadata, is_list=False))
    if form is not None:
        out["form"] = {"message": form.message, "hint": form.hint, "example": form.example}
    example = _example(metadata)
    if example is not None and out["type"] not in ("list", "object"):
        out["example"] = example
    out["editor"] = EDITOR_WIDGETS.get(key) if "." not in path and "[" not in path else None
    return out


def _model_fields(model: type[BaseModel], prefix: str) -> list[dict[str, Any]]:
    found = []
    for key, info in model.model_fields.items():
        item = _describe(
            key,
            prefix + key,
            info.annotation,
            [info, *info.metadata],
            info.is_required(),
            _help(model, key),
        )
        found.append(item)
    return found


def editor_fields() -> list[dict[str, Any]]:
    """Every field of the member file, in ``MemberFile``'s order, in the language in use;
    the top-level ones with their widget hint (``editor``)."""
    return _model_fields(MemberFile, "")
