"""The profile editor: a page per language where a member fills in or loads their file and
gets the member file to paste in GitHub's editor (issue 18). The site stays static: the
page works from ``file://`` and any host, asks no third party, and git review stays the
one way in (the file comes back as a normal pull request).

``editor_page(planner)`` is the page of one language (``/profil-bearbeiten/``,
``/en/edit-profile/``, template ``editor.html``); ``editor_files(root, atlas, urls, theme,
languages)`` the data scripts beside each page, classic scripts so that ``file://`` works:

* ``editor-data.js``: ``window.atlasEditorData = {…};`` – the editor's interface strings
  (theme ``editor_*``), the tools' messages (catalogue domains ``MESSAGE_DOMAINS``), the
  member file's fields (``editorfields``), the checks as regular expressions, the
  competences (labels and synonyms in both languages), the region's postal codes, the
  listed members' slugs and names, limits, the description sanitizer's allowlist and the
  links to GitHub's editor;
* ``m/<slug>.js`` per listed member: ``window.atlasEditorMember = {…};`` – its front matter
  as written (every scalar its literal text, as ``content.load`` reads it) without
  ``maintainers``, its public description (without the authors' notes) and whether the
  file has maintainers.

Nothing internal is written: no unlisted member, no ``maintainers``, no comment. The JSON is
deterministic (fixed key order) and cannot end its script or start markup (``<``, ``>``,
``&``, U+2028 and U+2029 escaped).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..common import i18n
from ..content.load import load_markdown_document
from ..content.model import MAX_DESCRIPTION_CHARS, MAX_LOGO_BYTES, Atlas, Member
from ..content.names import Lang
from ..content.project import MEMBERS_DIR
from ..content.refdata import postal_codes
from .editorfields import RULES, editor_fields
from .markup import _ATTRIBUTES, _SCHEMES, ALLOWED_TAGS
from .theme import Theme
from .urls import Urls
from .views import localized

if TYPE_CHECKING:
    from .pages import Page, Planner

__all__ = [
    "DATA_SCRIPT",
    "MESSAGE_DOMAINS",
    "SCHEMA_LINE",
    "editor_data",
    "editor_files",
    "editor_page",
    "member_data",
    "script",
]

DATA_SCRIPT = "editor-data.js"
MESSAGE_DOMAINS = ("fields", "validation", "names", "links", "scaffold", "problems")
"""The catalogue domains the editor's messages come from (those ``atlasgen validate`` uses
for a member file)."""
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/member.schema.json"
LOGO_TYPES = ("image/svg+xml", "image/png", "image/webp", "image/jpeg")
_GITHUB_EDIT = re.compile(r"^(https://github\.com/[^/?#]+/[^/?#]+)/edit/([^/?#]+)/\{path\}$")


@contextlib.contextmanager
def _speaking(lang: str) -> Iterator[None]:
    """The catalogue's texts in ``lang`` for a while; the language in use is restored."""
    before = i18n.current()
    i18n.use(lang)
    try:
        yield
    finally:
        i18n.use(before)


_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_ESCAPED = re.compile("[<>&\u2028\u2029]")


def script(variable: str, value: Any) -> bytes:
    """``window.<variable> = <JSON>;`` for a classic script: the JSON cannot close the
    script element or start markup, and reads the same in every JavaScript engine."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = _ESCAPED.sub(lambda m: _ESCAPES[m[0]], text)
    return f"window.{variable} = {text};\n".encode()


def _new_url(edit_url: str | None) -> str | None:
    """GitHub's "new file" page in the members' folder, from an edit pattern of GitHub
    (``https://github.com/OWNER/REPO/edit/BRANCH/{path}``); ``None`` for another host."""
    match = _GITHUB_EDIT.match(edit_url or "")
    if match is None:
        return None
    return f"{match[1]}/new/{match[2]}/{MEMBERS_DIR}?filename={{name}}&value={{value}}"


def _competences(atlas: Atlas, lang: Lang) -> list[dict[str, Any]]:
    other: Lang = "en" if lang == "de" else "de"
    out = []
    for category in atlas.categories:
        category_label = localized(category.entry.label, lang).value
        for cid in category.competences:
            entry = atlas.competences[cid].entry
            out.append(
                {
                    "id": cid,
                    "label": getattr(entry.label, lang),
                    "category": category_label,
                    "category_id": category.id,
                    "synonyms": list(getattr(entry.synonyms, lang)),
                    "also": {
                        "label": getattr(entry.label, other),
                        "synonyms": list(getattr(entry.synonyms, other)),
                    },
                }
            )
    return out


def _places(atlas: Atlas) -> dict[str, list[list[str]]]:
    """The region's postal codes → their places and districts (those in the region)."""
    region = set(atlas.config.region.districts)
    found = {
        code: [[p.place, p.district] for p in places if p.district_key in region]
        for code, places in sorted(postal_codes().items())
    }
    return {code: places for code, places in found.items() if places}


def _limits(fields: list[dict[str, Any]]) -> dict[str, Any]:
    by_key = {f["key"]: f for f in fields}
    offers = {f["key"]: f for f in by_key["offers"]["fields"]}
    topics = next(f for f in offers["internships"]["fields"] if f["key"] == "topics")
    return {
        "max_competences": by_key["competences"]["maxItems"],
        "min_competences": by_key["competences"]["minItems"],
        "max_needs": by_key["needs"]["maxItems"],
        "max_contacts": by_key["contacts"]["maxItems"],
        "max_topics": topics["maxItems"],
        "logo_max_bytes": MAX_LOGO_BYTES,
        "logo_types": list(LOGO_TYPES),
        "logo_max_width": None,
        "description_max_chars": MAX_DESCRIPTION_CHARS,
        "name_max": by_key["name"]["maxLength"],
        "tagline_max": by_key["tagline"]["maxLength"],
        "line_max": by_key["address"]["fields"][0]["maxLength"],
        "text_max": offers["jobs"]["fields"][0]["maxLength"],
        "url_max": by_key["website"]["maxLength"],
        "email_max": 254,
    }


def editor_data(atlas: Atlas, theme: Theme, lang: Lang) -> dict[str, Any]:
    """What ``editor-data.js`` holds for ``lang`` (see the module's docstring)."""
    strings = theme.strings[lang]
    with _speaking(lang):
        fields = editor_fields()
        messages = {
            key: entry
            for key, entry in sorted(i18n.catalogue(lang).items())
            if key.split(".", 1)[0] in MESSAGE_DOMAINS
        }
    edit_url = atlas.config.edit_url
    return {
        "lang": lang,
        "texts": {k: v for k, v in sorted(strings.items()) if k.startswith("editor_")},
        "messages": messages,
        "fields": fields,
        "rules": RULES,
        "competences": _competences(atlas, lang),
        "places": _places(atlas),
        "members": [[m.slug, m.name] for m in atlas.listed_members],
        "limits": _limits(fields),
        "sanitize": {
            "tags": sorted(ALLOWED_TAGS),
            "attributes": {tag: sorted(names) for tag, names in sorted(_ATTRIBUTES.items())},
            "url_schemes": sorted(_SCHEMES),
        },
        "edit_url": edit_url,
        "new_url": _new_url(edit_url),
        "members_dir": MEMBERS_DIR,
        "schema_line": SCHEMA_LINE,
    }


def member_data(root: Path, member: Member) -> dict[str, Any]:
    """What ``m/<slug>.js`` holds: the member's front matter as written, without
    ``maintainers``, and its public description."""
    doc, _ = load_markdown_document(root / member.source_path, member.source_path)
    written: dict[str, Any] = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    return {
        "slug": member.slug,
        "data": {k: v for k, v in written.items() if k != "maintainers"},
        "description": member.description_de,
        "has_maintainers": bool(member.data.maintainers),
    }


def editor_files(
    root: Path, atlas: Atlas, urls: Urls, theme: Theme, languages: list[Lang]
) -> dict[str, bytes]:
    """The data scripts beside the editor page of every language: output path → bytes."""
    files: dict[str, bytes] = {}
    for lang in languages:
        folder = urls.output_path(urls.editor(lang)).removesuffix("index.html")
        files[folder + DATA_SCRIPT] = script("atlasEditorData", editor_data(atlas, theme, lang))
    shared = urls.output_path(_member_folder(urls, atlas)).removesuffix("index.html")
    for m in atlas.listed_members:  # one script per member, for the pages of every language
        files[f"{shared}{m.slug}.js"] = script("atlasEditorMember", member_data(root, m))
    return files


def _member_folder(urls: Urls, atlas: Atlas) -> str:
    """Where the members' scripts are: ``m/`` beside the editor of the site's first
    language (the same script serves every language)."""
    return urls.editor(atlas.config.languages[0]) + "m/"


EDITOR_SCRIPTS = (
    "js/editor-core.js",
    "js/editor-check.js",
    "js/editor-doc.js",
    "js/editor-form.js",
    "js/editor-picker.js",
    "js/editor-main.js",
    "js/editor.js",
)
"""The editor's scripts in the order they run (``editor.js``, last, starts it)."""


def editor_scripts(theme: Theme) -> list[str]:
    """:data:`EDITOR_SCRIPTS` that the theme has (a theme may leave the editor out)."""
    return [name for name in EDITOR_SCRIPTS if name in theme.static]


def editor_page(planner: Planner) -> Page:
    """The editor page of the planner's language. Its scripts are linked relative to the
    page (``../assets/…``, ``editor-data.js``, ``m/``), so that it works from ``file://``."""
    lang, urls = planner.lang, planner.urls
    section = urls.editor(lang)
    edit = planner.atlas.config.edit_url
    depth = section[len(urls.base_path) :].count("/")
    return planner.page(
        lambda lg: urls.editor(lg),
        (),
        "editor.html",
        planner.t["editor_title"],
        up="../" * depth,
        base_length=len(urls.base_path),
        data_script=DATA_SCRIPT,
        member_scripts="../" * depth + _member_folder(urls, planner.atlas)[len(urls.base_path) :],
        editor_scripts=editor_scripts(planner.theme),
        members_url=edit.replace("{path}", MEMBERS_DIR) if edit else None,
    )
