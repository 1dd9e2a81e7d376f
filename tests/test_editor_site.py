"""The profile editor's build side (issue 18): its pages, links and data scripts.

- Both languages have the editor page (``/profil-bearbeiten/``, ``/en/edit-profile/``) with
  the shell editor.js works in, linked from every profile (``?member=<slug>``) and the home
  page.
- ``editor-data.js`` is a classic script of one JSON value holding every key of the
  contract; its ``fields`` are ``MemberFile``'s, in its order; it cannot end its script.
- Each listed member has ``m/<slug>.js`` with its front matter as ``content.load`` reads it,
  without ``maintainers``, and its public description.
- No unlisted member and no maintainer's login appears in any file of the built site.
- Two builds write the same bytes.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SITES, file_tree

from atlasgen.build import build_site
from atlasgen.content.comments import public_markdown
from atlasgen.content.load import load_markdown_document
from atlasgen.content.schema import MemberFile
from atlasgen.site.editorfields import RULES

DAY = date(2026, 6, 1)
EDITOR = {"de": "profil-bearbeiten", "en": "en/edit-profile"}
PROFILES = {"de": "mitglieder", "en": "en/members"}
HOME = {"de": "index.html", "en": "en/index.html"}
KEYS = [
    "lang",
    "texts",
    "messages",
    "fields",
    "rules",
    "competences",
    "places",
    "members",
    "limits",
    "sanitize",
    "edit_url",
    "new_url",
    "members_dir",
    "schema_line",
]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    result, problems = build_site(REPO, out, today=DAY)
    assert result is not None, problems
    return out


def _value(path: Path, variable: str) -> Any:
    text = path.read_text("utf-8")
    prefix = f"window.{variable} = "
    assert text.startswith(prefix) and text.endswith(";\n"), path
    return json.loads(text[len(prefix) : -2])


def _members(root: Path) -> list[tuple[str, dict[str, Any], str]]:
    """(slug, front matter as content.load reads it, body) of every member file."""
    found = []
    for path in sorted((root / "content/members").glob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        doc, problems = load_markdown_document(path, path.name)
        assert doc is not None, problems
        found.append((path.stem, doc.data, doc.body))
    return found


def _listed(data: dict[str, Any]) -> bool:
    return str(data.get("listed", "true")).lower() != "false"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_editor_page_has_the_shell_editor_js_works_in(example: Path, lang: str) -> None:
    html = (example / EDITOR[lang] / "index.html").read_text("utf-8")
    assert f'<html lang="{lang}">' in html
    for marker in (
        '<form class="editor-form" id="editor" data-editor novalidate',
        "<div data-editor-fields></div>",
        "data-editor-input",
        'type="file" data-editor-file accept=".md,text/markdown,text/plain"',
        "data-editor-load",
        'data-editor-problems role="status" aria-live="polite"',
        "data-editor-output readonly",
        "data-editor-copy",
        "data-editor-github",
        "data-editor-download download",
        'type="submit" class="button" data-editor-make',
        "data-editor-preview",
        'data-editor-logo accept="image/svg+xml,image/png,image/webp,image/jpeg"',
        "data-editor-logo-result",
        "<noscript>",
        'class="site-header"',
        'class="site-footer"',
    ):
        assert marker in html, marker
    # the load panel comes before the form; the three steps are explained
    assert html.index("data-editor-input") < html.index("data-editor-fields")
    assert html.count("<li>", html.index("editor-steps"), html.index("</ol>")) == 3
    # the scripts in order, relative to the page (file://), nothing from another site
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert [Path(s).name.split(".")[0] for s in scripts] == [
        "yaml",
        "markdown-it",
        "purify",
        "editor-data",
        "load-editor",
    ]
    assert all(not s.startswith(("/", "http")) for s in scripts), scripts
    assert "https://" not in "".join(re.findall(r"<(?:script|link)[^>]*>", html)).replace(
        "https://atlas.example.org/", ""
    )
    loader = re.search(r'data-scripts="([^"]+)"', html)
    assert loader and loader[1].split()[-1].split("/")[-1].startswith("editor.")
    for script in [*scripts, *loader[1].split()]:
        assert (example / EDITOR[lang] / script).is_file(), script


def test_every_profile_and_the_home_page_link_the_editor(example: Path) -> None:
    for lang in ("de", "en"):
        editor = f"/{EDITOR[lang]}/"
        home = (example / HOME[lang]).read_text("utf-8")
        assert f'href="{editor}"' in home
        members = {slug for slug, data, _ in _members(REPO) if _listed(data)}
        assert members
        for slug in members:
            html = (example / PROFILES[lang] / slug / "index.html").read_text("utf-8")
            text = "Dieses Profil bearbeiten" if lang == "de" else "Edit this profile"
            assert f'<a href="{editor}?member={slug}">{text}</a>' in html, slug


@pytest.mark.parametrize("lang", ["de", "en"])
def test_editor_data_holds_every_key_of_the_contract(example: Path, lang: str) -> None:
    data = _value(example / EDITOR[lang] / "editor-data.js", "atlasEditorData")
    assert list(data) == KEYS
    assert data["lang"] == lang
    assert data["texts"] and all(k.startswith("editor_") for k in data["texts"])
    domains = {key.split(".")[0] for key in data["messages"]}
    assert domains == {"fields", "validation", "names", "links", "scaffold", "problems"}
    postal = "'{value}' ist keine Postleitzahl" if lang == "de" else "'{value}' is not a postal"
    assert data["messages"]["fields.postal_code"].startswith(postal)
    assert set(RULES) == set(data["rules"])
    for pattern in data["rules"].values():
        re.compile(pattern)
    assert data["members_dir"] == "content/members"
    assert data["schema_line"] == "# yaml-language-server: $schema=../../schema/member.schema.json"
    assert data["edit_url"] == "https://github.com/example/kompetenzatlas/edit/main/{path}"
    assert data["new_url"] == (
        "https://github.com/example/kompetenzatlas/new/main/content/members"
        "?filename={name}&value={value}"
    )
    assert data["limits"]["max_competences"] == 15
    assert data["limits"]["logo_max_bytes"] == 300_000
    assert "a" in data["sanitize"]["tags"] and data["sanitize"]["attributes"]["a"]
    assert data["places"]["74072"] == [["Heilbronn", "Stadtkreis Heilbronn"]]
    ki = next(c for c in data["competences"] if c["id"] == "kuenstliche-intelligenz")
    assert ki["label"] == ("Künstliche Intelligenz" if lang == "de" else "Artificial intelligence")
    assert ki["also"]["label"] and ki["synonyms"] is not None
    listed = [[slug, data_["name"]] for slug, data_, _ in _members(REPO) if _listed(data_)]
    assert data["members"] == listed


def test_fields_cover_every_key_of_the_member_file(example: Path) -> None:
    data = _value(example / EDITOR["de"] / "editor-data.js", "atlasEditorData")
    fields = data["fields"]
    assert [f["key"] for f in fields] == list(MemberFile.model_fields)
    by_key = {f["key"]: f for f in fields}
    address = {f["key"]: f for f in by_key["address"]["fields"]}
    assert list(address) == ["street", "postal_code", "city", "district", "coordinates"]
    assert address["postal_code"] == {
        "key": "postal_code",
        "path": "address.postal_code",
        "label": "Postleitzahl",
        "help": address["postal_code"]["help"],
        "required": True,
        "type": "text",
        "pattern": "^[0-9]{5}$",
        "form": {
            "message": "fields.postal_code",
            "hint": "fields.postal_code_hint",
            "example": "74072",
        },
        "example": "74072",
        "editor": None,
    }
    assert by_key["type"]["choices"][0] == {"value": "company", "label": "Unternehmen"}
    assert by_key["competences"]["editor"] == "competences"
    assert by_key["competences"]["maxItems"] == 15
    assert by_key["founded"]["type"] == "integer" and by_key["founded"]["minimum"] == 1500
    assert by_key["listed"]["type"] == "boolean"
    assert by_key["last_verified"]["type"] == "date"
    assert by_key["website"]["type"] == "url" and by_key["email"]["type"] == "email"
    assert by_key["phone"]["type"] == "phone"
    contacts = by_key["contacts"]
    assert contacts["type"] == "list" and contacts["items"]["type"] == "object"
    assert contacts["items"]["fields"][0]["path"] == "contacts[].name"
    jobs = next(f for f in by_key["offers"]["fields"] if f["key"] == "jobs")
    note = next(f for f in jobs["fields"] if f["key"] == "note")
    assert note["type"] == "textarea" and note["maxLength"] == 600
    assert "maintainers" in by_key and by_key["maintainers"]["help"]

    def walk(items: list[dict[str, Any]]) -> None:
        for f in items:
            assert f["label"] and f["type"], f["path"]
            assert f["help"] or f["path"].endswith("[]"), f["path"]
            walk(f.get("fields", []))
            if "items" in f:
                walk([f["items"]])

    walk(fields)


def test_each_listed_member_has_its_data_as_written(example: Path) -> None:
    # one script per member, beside the editor of the site's first language, for both
    folder = example / EDITOR["de"] / "m"
    assert not (example / EDITOR["en"] / "m").exists()
    members = _members(REPO)
    listed = {slug for slug, data, _ in members if _listed(data)}
    assert {p.stem for p in folder.glob("*.js")} == listed
    for slug, data, body in members:
        if slug not in listed:
            continue
        value = _value(folder / f"{slug}.js", "atlasEditorMember")
        assert value["slug"] == slug
        assert value["data"] == {k: v for k, v in data.items() if k != "maintainers"}
        assert value["has_maintainers"] == bool(data.get("maintainers"))
        assert value["description"] == public_markdown(body).strip("\n"), slug
    for lang in ("de", "en"):
        page = (example / EDITOR[lang] / "index.html").read_text("utf-8")
        where = re.search(r'data-member-scripts="([^"]+)"', page)
        assert where is not None
        assert (example / EDITOR[lang] / where[1]).resolve() == folder.resolve()


def test_the_data_cannot_end_its_script() -> None:
    from atlasgen.site.editor import script

    text = script("x", {"a": "</script><!-- & \u2028\u2029 >"}).decode()
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text.removeprefix("window.x = ").rstrip().removesuffix(";")) == {
        "a": "</script><!-- & \u2028\u2029 >"
    }


def test_nothing_internal_reaches_the_private_site(tmp_path: Path) -> None:
    root = SITES / "private"
    out = tmp_path / "site"
    result, problems = build_site(root, out, today=DAY)
    assert result is not None, problems
    members = _members(root)
    unlisted = [slug for slug, data, _ in members if not _listed(data)]
    logins = {login for _, data, _ in members for login in data.get("maintainers") or []}
    assert unlisted and logins
    for path in sorted(out.rglob("*")):
        if path.is_file():
            blob = path.read_bytes().lower()
            rel = path.relative_to(out).as_posix()
            for word in [*unlisted, *logins]:
                assert word.lower().encode() not in blob, f"{word} in {rel}"
                assert word.lower() not in rel.lower(), rel
    editor = out / "profil-bearbeiten"
    assert (editor / "editor-data.js").is_file()
    assert not any((editor / "m" / f"{slug}.js").exists() for slug in unlisted)


def test_two_builds_write_the_same_editor_data(tmp_path: Path) -> None:
    trees = []
    for i in range(2):
        out = tmp_path / f"site{i}"
        result, problems = build_site(SITES / "small", out, today=DAY)
        assert result is not None, problems
        trees.append(file_tree(out))
    assert trees[0] == trees[1]
    assert any(k.endswith("profil-bearbeiten/editor-data.js") for k in trees[0])
