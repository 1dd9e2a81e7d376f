"""The field types of what authors write: annotated ``str`` (and ``bool``) types with their
checks, shared by the models in :mod:`.schema` and :mod:`.internal_schema`.

Each type takes the literal text of a YAML value (see ``load``) and returns it unchanged
once checked (``YamlBool``: the boolean it spells), or raises a ``PydanticCustomError``
(``_error``: a kind, a message and a hint for the author, in the language in use: the
texts come from the catalogue, ``fields.*``, when the check runs). A type with a fixed
form carries a ``Form``: how :mod:`.messages` describes the form, with an example, when a
value does not match its pattern or is missing. The validators of lists
(``unique_items``) and of the edit-link pattern (``check_edit_url``) are used by the models
directly; ``SLUG_PATTERN`` and ``GITHUB_LOGIN_PATTERN`` by the staff tools too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from ..common.colour import contrast_ratio
from ..common.i18n import t

__all__ = [
    "GITHUB_LOGIN_PATTERN",
    "SLUG_PATTERN",
    "CompetenceId",
    "DistrictKey",
    "Email",
    "Form",
    "GithubLogin",
    "GithubLogins",
    "HexColour",
    "LanguageCode",
    "Line",
    "LogoFile",
    "Name",
    "Phone",
    "PostalCode",
    "Slug",
    "Tagline",
    "Text",
    "WebUrl",
    "WzCode",
    "YamlBool",
]

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$"
"""Member slugs and competence ids: a-z, 0-9 and ``-``, 2 to 64 characters."""

# Characters that must never appear in a single line of text: C0/C1 controls,
# bidi embeddings/overrides/isolates, zero-width characters and the BOM.
_FORBIDDEN_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Form:
    """What the values of a field type look like, for the messages: the catalogue keys of
    the message for a value of another form (placeholder ``value``) and of the hint that
    describes the form (placeholder ``example``), and an example value. Pydantic ignores
    it (it changes neither validation nor the JSON Schemas)."""

    message: str
    hint: str
    example: str


def _error(kind: str, message: str, hint: str = "") -> PydanticCustomError:
    """``message`` and ``hint`` are final texts. Pydantic fills the template's
    placeholders one after the other, in the context's order: the message comes last, so
    that braces in it (from the author's value) stay as they are."""
    context: dict[str, str] = {"hint": hint} if hint else {}
    context["message"] = message
    return PydanticCustomError(kind, "{message}", context)


def _decimal(number: float) -> str:
    """``4.5`` in English, ``4,5`` in German."""
    return f"{number:.1f}".replace(".", t("fields.decimal_mark"))


def _clean_text(pattern: re.Pattern[str]) -> AfterValidator:
    def check(value: str) -> str:
        if "\n" in value and pattern is _FORBIDDEN_IN_LINE:
            raise _error(
                "multiple_lines", t("fields.multiple_lines"), t("fields.multiple_lines_hint")
            )
        if (m := pattern.search(value)) is not None:
            raise _error(
                "forbidden_character",
                t("fields.forbidden_character", code=f"{ord(m.group()):04X}"),
                t("fields.forbidden_character_hint"),
            )
        if value != value.strip():
            raise _error(
                "surrounding_space",
                t("fields.surrounding_space"),
                t("fields.surrounding_space_hint"),
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
        raise _error("url", t("fields.url", value=value), t("fields.url_hint"))
    if _FORBIDDEN_IN_LINE.search(value):
        raise _error("url", t("fields.url_control"), t("fields.url_control_hint"))
    return value


_URL_FORM = Form("fields.url", "fields.url_hint", "https://www.example.com/")
WebUrl = Annotated[str, StringConstraints(max_length=500), AfterValidator(_check_url), _URL_FORM]

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


def _check_email(value: str) -> str:
    if not _EMAIL.match(value) or len(value) > 254:
        raise _error("email", t("fields.email", value=value), t("fields.email_hint"))
    return value


Email = Annotated[
    str,
    AfterValidator(_check_email),
    Form("fields.email", "fields.email_hint", "info@muster-software.de"),
]

_PHONE = re.compile(r"^\+?[0-9][0-9 ()/-]{4,22}[0-9]$")


def _check_phone(value: str) -> str:
    if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 6:
        raise _error("phone", t("fields.phone", value=value), t("fields.phone_hint"))
    return value


Phone = Annotated[
    str,
    AfterValidator(_check_phone),
    Form("fields.phone", "fields.phone_hint", '"+49 7131 123456"'),
]


def _yaml_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _error("bool", t("fields.bool", value=value), t("fields.bool_hint"))


YamlBool = Annotated[bool, BeforeValidator(_yaml_bool)]

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN),
    Form("fields.slug", "fields.slug_hint", "muster-software"),
]
CompetenceId = Annotated[
    str,
    Field(examples=["cloud-migration"]),
    Form("fields.slug", "fields.competence_id_hint", "cloud-migration"),
]
"""Checked against the taxonomy when files are linked (with a did-you-mean)."""
PostalCode = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{5}$"),
    Field(examples=["74072"]),
    Form("fields.postal_code", "fields.postal_code_hint", "74072"),
]
DistrictKey = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{5}$"),
    Field(examples=["08121"]),
    Form("fields.district_key", "fields.district_key_hint", "08121"),
]
LanguageCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2}$"),
    Field(examples=["de"]),
    Form("fields.language", "fields.language_hint", "de"),
]
WzCode = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{2}(\.[0-9]{1,2})?$"),
    Form("fields.wz_code", "fields.wz_code_hint", "62.01"),
]


def _check_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise _error("colour", t("fields.colour", value=value), t("fields.colour_hint"))
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < 4.5:
        raise _error(
            "colour",
            t("fields.colour_contrast", value=value, ratio=_decimal(ratio)),
            t("fields.colour_contrast_hint"),
        )
    return value.lower()


HexColour = Annotated[
    str,
    AfterValidator(_check_colour),
    Field(examples=["#0b5cad"]),
    Form("fields.colour", "fields.colour_hint", "'#0b5cad'"),
]
"""A ``#rrggbb`` colour dark enough for text on white (contrast at least 4.5 : 1)."""

LogoFile = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*\.(svg|png|webp|jpg|jpeg)$"),
    Field(examples=["muster-gmbh.svg"]),
    Form("fields.logo_file", "fields.logo_file_hint", "muster-gmbh.svg"),
]


def unique_items(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    for v in values:
        if v in seen:
            raise _error("duplicate", t("fields.duplicate", value=v), t("fields.duplicate_hint"))
        seen.add(v)
    return values


GITHUB_LOGIN_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$"
"""A GitHub user name: 1 to 39 letters, digits and single hyphens, no hyphen at either end."""
_GITHUB_LOGIN = re.compile(GITHUB_LOGIN_PATTERN)
_LOGIN_FORM = Form("fields.github_login", "fields.github_login_hint", "mustermann-it")


def _check_login(value: str) -> str:
    if _GITHUB_LOGIN.fullmatch(value):
        return value
    tail = value.rstrip("/").rsplit("/", 1)[-1].removeprefix("@")
    if tail != value and _GITHUB_LOGIN.fullmatch(tail):
        hint = t("fields.github_login_only_name", login=tail)
    else:
        hint = t("fields.github_login_hint", example=_LOGIN_FORM.example)
    raise _error("github_login", t("fields.github_login", value=value), hint)


def _unique_logins(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for v in values:
        if (first := seen.get(v.lower())) is not None:
            message = (
                t("fields.duplicate", value=v)
                if first == v
                else t("fields.duplicate_login", value=v, first=first)
            )
            raise _error("duplicate", message, t("fields.duplicate_login_hint"))
        seen[v.lower()] = v
    return values


GithubLogin = Annotated[
    str,
    AfterValidator(_check_login),
    Field(
        examples=["mustermann-it"],
        json_schema_extra={"pattern": GITHUB_LOGIN_PATTERN, "maxLength": 39},
    ),
    _LOGIN_FORM,
]
GithubLogins = Annotated[list[GithubLogin], AfterValidator(_unique_logins)]
"""GitHub user names, each at most once (compared regardless of case)."""


def check_edit_url(value: str) -> str:
    _check_url(value.replace("{path}", "x"))
    if "{path}" not in value:
        raise _error(
            "edit_url",
            t("fields.edit_url_path", placeholder="{path}"),
            t("fields.edit_url_path_hint", placeholder="{path}"),
        )
    return value
