"""The profile editor (``/profil-bearbeiten/``, ``/en/edit-profile/``) in real Chromium.

- Every example member, pasted into the editor and made into a file without a change,
  gives a file that ``atlasgen validate`` accepts and that parses to the same data and
  description.
- A change made in the form (a competence added, the phone changed) is exactly that
  change in ``atlasgen diff``.
- A value the build rejects is rejected in the form, with the field and message of
  ``atlasgen validate``; nothing is produced then.
- A new member made in the form validates.
- Hostile member text loaded into the editor executes nothing.
- The page works from ``file://``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import OpenPage, require_playwright, serve
from conftest import REPO, SITES, run_atlasgen
from test_hostile import SINKS

from atlasgen.build import build_site
from atlasgen.common import i18n
from atlasgen.content.load import load_markdown_document
from atlasgen.content.stages import validate_project

require_playwright()
from playwright.sync_api import Page, expect  # noqa: E402 (after the check)

EDITOR = {"de": "profil-bearbeiten/", "en": "en/edit-profile/"}
MEMBER_FILES = sorted(
    p for p in (REPO / "content/members").glob("*.md") if not p.name.endswith(".en.md")
)


def _copy_project(to: Path) -> None:
    """The example project: its configuration, content and theme."""
    to.mkdir(parents=True)
    shutil.copy2(REPO / "atlas.yaml", to / "atlas.yaml")
    for folder in ("content", "theme", "schema"):
        shutil.copytree(REPO / folder, to / folder)


def _front_matter(path: Path) -> tuple[object, str]:
    doc, problems = load_markdown_document(path, path.name)
    assert doc is not None, problems
    return doc.data, doc.body.strip()


@pytest.fixture(scope="module")
def example_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("editor") / "_site"
    result, problems = build_site(REPO, out)
    assert result is not None, problems
    with serve(out) as url:
        yield url.rstrip("/") + "/"


@pytest.fixture
def editor(open_page: OpenPage, example_url: str) -> Page:
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(example_url + EDITOR["de"])
    return page


def _ready(page: Page) -> None:
    expect(page.locator("form[data-editor-ready=true]")).to_have_count(1)


def _load_text(page: Page, text: str) -> None:
    _ready(page)
    page.locator("[data-editor-input]").fill(text)
    page.locator("[data-editor-load]").click()


def _make(page: Page) -> str:
    page.locator("[data-editor-make]").click()
    return page.locator("[data-editor-output]").input_value()


def test_every_example_member_round_trips_unchanged(editor: Page, tmp_path: Path) -> None:
    project = tmp_path / "project"
    _copy_project(project)
    differ = []
    for path in MEMBER_FILES:
        editor.goto(editor.url.split("?")[0])
        _load_text(editor, path.read_text("utf-8"))
        output = _make(editor)
        assert output.startswith("---\n# yaml-language-server: $schema="), path.name
        made = project / "content/members" / path.name
        made.write_text(output, "utf-8")
        if _front_matter(made) != _front_matter(path):
            differ.append(path.name)
    assert differ == [], "parsed to other data or another description"
    summary = validate_project(project)
    assert summary.ok, [str(p) for p in summary.problems if p.severity == "error"]


def test_a_member_link_starts_from_the_members_public_data(
    open_page: OpenPage, example_url: str
) -> None:
    page = open_page(viewport={"width": 1280, "height": 900})
    slug = MEMBER_FILES[0].stem
    page.goto(f"{example_url}{EDITOR['de']}?member={slug}")
    data, _ = _front_matter(MEMBER_FILES[0])
    assert isinstance(data, dict)
    expect(page.locator('[name="name"]')).to_have_value(str(data["name"]))
    output = _make(page)
    assert f"name: {data['name']}" in output or f'name: "{data["name"]}"' in output


BAD_VALUES = [
    ("email", "email: info@abrechnungszentrum-taubergrund.example.com", "info(at)example.com"),
    ("website", "website: https://www.abrechnungszentrum-taubergrund.example.com/", "www.x.de"),
    ("phone", 'phone: "+49 9346 5555000"', "Ruf uns an"),
    ("founded", "founded: 2002", "1998.5"),
    ("address.postal_code", '  postal_code: "97947"', "7454"),
]


@pytest.mark.parametrize(("field", "line", "value"), BAD_VALUES, ids=[b[0] for b in BAD_VALUES])
def test_the_form_says_what_validate_says(
    editor: Page, tmp_path: Path, field: str, line: str, value: str
) -> None:
    """The message the form shows for a bad value is the one ``atlasgen validate`` gives
    for the same value in the file, in German, at the same field."""
    original = (REPO / "content/members/abrechnungszentrum-taubergrund.md").read_text("utf-8")
    assert line in original
    project = tmp_path / "project"
    _copy_project(project)
    key = line.split(":", 1)[0]
    broken = original.replace(line, f'{key}: "{value}"')
    (project / "content/members/abrechnungszentrum-taubergrund.md").write_text(broken, "utf-8")
    try:
        i18n.use("de")
        summary = validate_project(project)
    finally:
        i18n.use("en")
    expected = [p for p in summary.problems if p.field == field and p.severity == "error"]
    assert len(expected) == 1, summary.problems
    _load_text(editor, original)
    editor.locator(f'[name="{field}"]').fill(value)
    assert _make(editor) == ""
    shown = editor.locator(f'[data-editor-problems] li[data-field="{field}"]')
    expect(shown).to_have_count(1)
    expect(shown).to_contain_text(expected[0].message)
    expect(shown).to_contain_text(expected[0].hint)


def test_a_value_the_build_rejects_is_rejected_with_the_same_field(editor: Page) -> None:
    path = REPO / "content/members" / MEMBER_FILES[0].name
    _load_text(editor, path.read_text("utf-8"))
    editor.locator('[name="address.postal_code"]').fill("7454")
    assert _make(editor) == ""
    problem = editor.locator('[data-editor-problems] li[data-field="address.postal_code"]')
    expect(problem).to_have_count(1)
    try:
        i18n.use("de")
        expected = i18n.t("fields.postal_code", value="7454")
    finally:
        i18n.use("en")
    expect(problem).to_contain_text(expected)
    control = editor.locator('[name="address.postal_code"]')
    expect(control).to_have_attribute("aria-invalid", "true")


def test_a_new_member_made_in_the_form_validates(editor: Page, tmp_path: Path) -> None:
    editor.locator('[name="name"]').fill("Neckar Pixel GmbH")
    editor.locator('[name="type"]').select_option("company")
    editor.locator('[name="tagline"]').fill("Webanwendungen für Handwerk und Handel")
    editor.locator('[name="address.street"]').fill("Bahnhofstraße 12")
    editor.locator('[name="address.postal_code"]').fill("74072")
    expect(editor.locator('[name="address.city"]')).to_have_value("Heilbronn")
    search = editor.locator("[data-editor-competence-search]")
    search.fill("KI")
    editor.get_by_role("option", name="Künstliche Intelligenz").click()
    editor.locator('[name="description"]').fill("Wir entwickeln Webanwendungen.")
    output = _make(editor)
    assert output, editor.locator("[data-editor-problems]").inner_text()
    project = tmp_path / "minimal"
    shutil.copytree(SITES / "minimal", project)
    (project / "content/members/neckar-pixel-gmbh.md").write_text(output, "utf-8")
    result = run_atlasgen("validate", "--project", project, "--lang", "de")
    assert result.code == 0, result.stderr


def test_a_change_in_the_form_is_exactly_that_change_in_the_diff(
    editor: Page, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    _copy_project(repo)
    git = ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Start"], check=True)
    path = repo / "content/members" / MEMBER_FILES[0].name
    _load_text(editor, path.read_text("utf-8"))
    editor.locator('[name="phone"]').fill("+49 7131 999000")
    search = editor.locator("[data-editor-competence-search]")
    search.fill("Penetrationstest")
    editor.locator("#ed-competence-options [role=option]").first.click()
    path.write_text(_make(editor), "utf-8")
    subprocess.run([*git, "commit", "-q", "-am", "Edit"], check=True)
    diff = subprocess.run(
        [sys.executable, "-m", "atlasgen", "diff", "HEAD~1", "HEAD", "--lang", "de"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    changes = [line.strip() for line in diff.splitlines() if line.lstrip().startswith("- ")]
    assert changes == [
        "- Telefon geändert",  # the diff does not quote contact data
        "- Kompetenz hinzugefügt: Penetrationstests & Schwachstellenanalyse",
    ], diff


def test_hostile_member_text_in_the_editor_executes_nothing(
    open_page: OpenPage, tmp_path: Path
) -> None:
    out = tmp_path / "_site"
    result, problems = build_site(SITES / "hostile", out)
    assert result is not None, problems
    page = open_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(SINKS)
    with serve(out) as served:
        url = served.rstrip("/") + "/"
        for path in sorted((SITES / "hostile/content/members").glob("*.md")):
            if path.name.endswith(".en.md"):
                continue
            page.goto(f"{url}{EDITOR['de']}?member={path.stem}")
            _make(page)
            page.goto(url + EDITOR["de"])
            _load_text(page, path.read_text("utf-8"))
            _make(page)
            assert page.evaluate("window.__xss") == [], path.name


def test_the_editor_works_from_a_file_url(browser: object, tmp_path: Path) -> None:
    out = tmp_path / "_site"
    result, problems = build_site(REPO, out)
    assert result is not None, problems
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto((out / EDITOR["de"] / "index.html").as_uri() + f"?member={MEMBER_FILES[0].stem}")
        output = _make(page)
        assert output.startswith("---\n"), errors
        assert errors == []
    finally:
        context.close()


def test_the_form_is_usable_without_a_mouse(editor: Page) -> None:
    """Tab to the competence search, type, choose with the arrow keys and Enter."""
    _ready(editor)
    editor.locator('[name="name"]').focus()
    search = editor.locator("[data-editor-competence-search]")
    for _ in range(60):  # Tab through the fields up to the search box
        if search.evaluate("el => el === document.activeElement"):
            break
        editor.keyboard.press("Tab")
    else:
        pytest.fail("the competence search cannot be reached with Tab")
    editor.keyboard.type("KI")
    expect(search).to_have_attribute("aria-expanded", "true")
    editor.keyboard.press("Enter")
    chips = editor.locator(".editor-chip-label")
    expect(chips).to_have_text(["Künstliche Intelligenz"])
    expect(search).to_be_focused()


def test_the_english_editor_speaks_english(open_page: OpenPage, example_url: str) -> None:
    page = open_page(viewport={"width": 375, "height": 800})
    page.goto(example_url + EDITOR["en"])
    _ready(page)
    expect(page.locator("label[for]", has_text="Postal code")).to_have_count(1)
    page.locator('[name="address.postal_code"]').fill("7454")
    page.locator("[data-editor-make]").click()
    problem = page.locator('[data-editor-problems] li[data-field="address.postal_code"]')
    expect(problem).to_contain_text("'7454' is not a postal code")
