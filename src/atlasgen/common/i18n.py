"""The messages of the tools (validate, build, report, export, import, diff) in German and
English, from one catalogue.

The catalogue has the same form as the site's (``theme/i18n/{de,en}.yaml``): YAML files of
``key: text`` with ``{name}`` placeholders, one folder per language,
``data/messages/<lang>/<domain>.yaml``; a key is ``<domain>.<key>``. A text that depends on
a number is a mapping ``{one: …, other: …}`` chosen by the parameter ``n``. Both languages
hold the same keys with the same placeholders (``tests/test_messages.py``).

``t(key, **params)`` gives the text in the language in use. The command line chooses it
once (``choose``: ``--lang``, then ``ATLASGEN_LANG``, then the first language of
``atlas.yaml``, else English) and sets it with ``use``; forked workers inherit it. The
Python API speaks English unless told otherwise.
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "ENV",
    "LANGUAGES",
    "catalogue",
    "choose",
    "current",
    "has",
    "placeholders",
    "t",
    "use",
]

LANGUAGES = ("de", "en")
ENV = "ATLASGEN_LANG"
PLURAL_FORMS = ("one", "other")

_current = "en"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Entry = str | dict[str, str]


def use(lang: str) -> None:
    """Speak ``lang`` (``de`` or ``en``) from now on, in this process and the workers it forks."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    _current = lang
    catalogue(lang)  # read now, before workers fork: each would read it again


def current() -> str:
    return _current


@cache
def catalogue(lang: str) -> dict[str, Entry]:
    """Every message of ``lang``: ``<domain>.<key>`` → text or plural forms."""
    folder = files("atlasgen").joinpath("data", "messages", lang)
    found: dict[str, Entry] = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".yaml"):
            continue
        domain = item.name.removesuffix(".yaml")
        data = yaml.load(item.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        for key, value in data.items():
            found[f"{domain}.{key}"] = value
    return found


def has(key: str) -> bool:
    return key in catalogue(_current)


def t(key: str, /, **params: Any) -> str:
    """The message ``key`` in the language in use, its placeholders filled in; a plural
    entry is chosen by ``n``."""
    entry = catalogue(_current)[key]
    if isinstance(entry, dict):
        entry = entry["one" if params["n"] == 1 else "other"]
    return entry.format_map(params)


_PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_][a-z0-9_]*)(?:[:!][^}]*)?\}")


def placeholders(entry: Entry) -> set[str]:
    """The names of the placeholders of one entry (all its forms)."""
    texts = entry.values() if isinstance(entry, dict) else [entry]
    return {m for text in texts for m in _PLACEHOLDER.findall(text)}


def _project_language(root: Path) -> str | None:
    """The first language of ``root/atlas.yaml``, read without validating the file (it may
    be the file that is wrong)."""
    try:
        data = yaml.safe_load((root / "atlas.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    langs = data.get("languages") if isinstance(data, dict) else None
    if langs is None and isinstance(data, dict):
        return LANGUAGES[0]  # the default languages of a site: German first
    if isinstance(langs, list) and langs and langs[0] in LANGUAGES:
        return str(langs[0])
    return None


def choose(flag: str | None, root: Path | None) -> str:
    """The language of the tools: ``flag`` (``--lang``), else ``$ATLASGEN_LANG``, else the
    first language of the project at ``root``, else English."""
    for wanted in (flag, os.environ.get(ENV, "").strip().lower() or None):
        if wanted in LANGUAGES:
            return wanted
    return (_project_language(root) if root is not None else None) or "en"
