"""The theme: Jinja2 templates, static files and interface strings.

atlasgen's own ``theme/`` folder (beside ``src/`` in this repository, installed
as the package ``atlasgen.default_theme``) is the default theme. The folder that
``atlas.yaml`` names (``theme:``, default ``theme``, relative to the project)
overrides it file by file: templates, static files and single interface strings in
``i18n/{de,en}.yaml``. A project without
such a folder gets the default theme.

Templates run with ``StrictUndefined`` (a typo in a template fails the build)
and autoescaping; member HTML comes only from ``markup.render_markdown``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import yaml

from ..common.buildinfo import default_theme
from ..content.names import LANGUAGES

__all__ = ["DEFAULT_THEME", "Theme", "load_theme"]


DEFAULT_THEME = default_theme()
"""The default theme: inside the installed package, or ``theme/`` of this repository."""


@dataclass(frozen=True)
class Theme:
    env: jinja2.Environment
    strings: dict[str, dict[str, str]]
    """Language → key → interface string."""
    static: dict[str, bytes]
    """Static files (path below ``static/`` → content), overrides applied."""

    def fingerprinted(self, name: str) -> str:
        """``css/site.css`` → ``css/site.1a2b3c4d.css`` (content hash in the name)."""
        digest = hashlib.sha256(self.static[name]).hexdigest()[:10]
        stem, dot, ext = name.rpartition(".")
        return f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"


_BREAK_AFTER = re.compile(r"([/.@-]+)")


def breakable(value: str) -> markupsafe.Markup:
    """``value`` escaped, with a line-break opportunity (``<wbr>``) after each ``/``, ``.``,
    ``@`` and ``-``: a long web or e-mail address then wraps between its parts, never
    letter by letter."""
    parts = _BREAK_AFTER.split(str(value))
    return markupsafe.Markup("").join(
        markupsafe.Markup(f"{markupsafe.escape(part)}<wbr>")
        if i % 2 and i < len(parts) - 1 and parts[i + 1]
        else markupsafe.escape(part)
        for i, part in enumerate(parts)
    )


def _tojson_script(value: Any) -> str:
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>``, ``&`` escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=None)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text


class _CardCache:
    """``card_once(m, lang, t, level)``: the ``card`` macro of ``macros.html``, rendered
    once per member, language and heading level. A member's card appears on many list
    pages (directory, filter pages, competence and district pages)."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self.cards: dict[tuple[str, str, int], str] = {}

    def __call__(self, member: Any, lang: str, strings: Any, level: int = 3) -> markupsafe.Markup:
        key = (member.slug, lang, level)
        if key not in self.cards:
            macro = self.env.get_template("macros.html").module.card  # type: ignore[attr-defined]
            self.cards[key] = str(macro(member, lang, strings, level))
        return markupsafe.Markup(self.cards[key])


def _folders(root: Path, name: str) -> list[Path]:
    """Theme folders, most specific first."""
    project = (root / name).resolve()
    return (
        [project, DEFAULT_THEME]
        if project != DEFAULT_THEME and project.is_dir()
        else [DEFAULT_THEME]
    )


def _strings(folders: list[Path]) -> dict[str, dict[str, str]]:
    strings: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        merged: dict[str, str] = {}
        for folder in reversed(folders):
            path = folder / "i18n" / f"{lang}.yaml"
            if path.is_file():
                data = yaml.safe_load(path.read_text("utf-8")) or {}
                merged.update({str(k): str(v) for k, v in data.items()})
        strings[lang] = merged
    return strings


def _static(folders: list[Path]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for folder in reversed(folders):
        static = folder / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    files[path.relative_to(static).as_posix()] = path.read_bytes()
    return files


def load_theme(root: Path, name: str) -> Theme:
    """The theme named in the config, over the default theme of the project."""
    folders = _folders(root, name)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f / "templates") for f in folders]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["ldjson"] = _tojson_script
    env.filters["breakable"] = breakable
    env.globals["card_once"] = _CardCache(env)
    return Theme(env, _strings(folders), _static(folders))
