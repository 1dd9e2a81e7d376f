"""The field types of what authors write: annotated ``str`` (and ``bool``) types with their
checks, shared by the models in :mod:`.schema` and :mod:`.internal_schema`.

Each type takes the literal text of a YAML value (see ``load``) and returns it unchanged
once checked (``YamlBool``: the boolean it spells), or raises a ``PydanticCustomError``
(``_error``: a kind, a message and a hint for the author). The validators of lists
(``unique_items``) and of the edit-link pattern (``check_edit_url``) are used by the models
directly; ``SLUG_PATTERN`` and ``GITHUB_LOGIN_PATTERN`` by the staff tools too.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from ..common.colour import contrast_ratio

__all__ = [
    "GITHUB_LOGIN_PATTERN",
    "SLUG_PATTERN",
    "CompetenceId",
    "DistrictKey",
    "Email",
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
def _check_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise _error(
            "colour",
            f"'{value}' is not a colour in the form #rrggbb",
            "write six hexadecimal digits after #, e.g. '#0b5cad'",
        )
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < 4.5:
        raise _error(
            "colour",
            f"'{value}' is too light for links and buttons on white: contrast "
            f"{ratio:.1f} : 1, at least 4.5 : 1 is needed (WCAG AA)",
            "choose a darker shade of the colour, e.g. '#0b5cad'",
        )
    return value.lower()


HexColour = Annotated[str, AfterValidator(_check_colour), Field(examples=["#0b5cad"])]
"""A ``#rrggbb`` colour dark enough for text on white (contrast at least 4.5 : 1)."""

LogoFile = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*\.(svg|png|webp|jpg|jpeg)$"),
    Field(examples=["muster-gmbh.svg"]),
]


def unique_items(values: list[Any]) -> list[Any]:
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


def check_edit_url(value: str) -> str:
    _check_url(value.replace("{path}", "x"))
    if "{path}" not in value:
        raise _error(
            "edit_url",
            "the pattern must contain {path}",
            "e.g. https://github.com/OWNER/REPO/edit/main/{path}",
        )
    return value
