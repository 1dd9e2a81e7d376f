"""Hostile content gate: attack payloads in every field stay inert in every output.

``tests/sites/hostile/`` is a complete project whose members, taxonomy and pages carry
payloads from the OWASP XSS Filter Evasion Cheat Sheet and the OWASP CSV Injection page
(sources and markers: its README.md). It must build, and then:

- every HTML page holds no script, event handler, script URL, frame, form, style or
  refresh that content put there, its JSON-LD parses and cannot end its script block,
  and each member's fields appear on its profile as the very text the author wrote;
- every JSON file parses, every CSV cell that a spreadsheet would read as a formula is
  neutralised with a leading ``'``, the sitemap and Atom feeds parse and carry the
  payloads only as text, template syntax was never evaluated;
- in Chromium, no page (both languages, the search page with results for the hostile
  members, the directory after filter changes, the logos opened on their own) shows a
  dialog, calls a wrapped sink (``alert`` … ``document.write``) or has an event handler,
  a script URL or a foreign script in its DOM.

``tests/sites/hostile-rejected/`` (laid over ``tests/sites/minimal``) holds what must not
validate: script URLs in URL fields, markup in e-mail and phone fields, invisible and
control characters, active or disguised logos. ``atlasgen validate`` must reject each at
its file, line and field; its complete output is ``expected.txt`` (``pytest
--update-expected`` rewrites it; review the diff).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import pytest
import yaml
from browser import TIMEOUT_MS, OpenPage, serve
from conftest import REPO, SITES, run_atlasgen

from atlasgen.content.schema import MemberFile

if TYPE_CHECKING:
    from playwright.sync_api import Dialog, Page, Request

HOSTILE = SITES / "hostile"
REJECTED = SITES / "hostile-rejected"
DAY = "2026-06-01"
BASE_URL = "https://atlas.example.org/"
MEMBERS_DIR = HOSTILE / "content" / "members"

EVALUATED = (b"54439", b"7777777")
"""What ``{{ 7*7777 }}`` / ``${7*7777}`` and ``{{7*'7'}}`` would become if evaluated."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
"""Cell starts a spreadsheet reads as a formula (OWASP CSV Injection, plus full-width)."""
NUMBER = re.compile(r"[+-][0-9 ()/.,-]*[0-9][0-9 ()/.,-]*")
"""A phone number or a number: ``+``/``-`` and no letter, no operator, no reference – data
that the CSVs keep as it is."""
SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data",
        "background", "lowsrc", "dynsrc", "ping", "cite", "codebase", "longdesc",
        "manifest", "icon", "usemap",
    }
)  # fmt: skip
FORBIDDEN_TAGS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "style"}
)
"""Elements the theme never writes (a ``<style>`` included: its CSS is a file)."""
THEME_FORMS = frozenset(
    re.findall(
        r'<form class="([^"]+)"',
        "".join(p.read_text("utf-8") for p in sorted((REPO / "theme/templates").glob("*.html"))),
    )
)
"""The classes of the theme's own forms (search, filters); content forms have none."""


# ------------------------------------------------------------------ the site's content


_FRONT = re.compile(r"\A(?:#[^\n]*\n)*---\n(.*?)\n---\n", re.S)


def _front_matter(path: Path) -> dict[str, Any]:
    """Front matter as the author wrote it: every scalar a string (YAML BaseLoader)."""
    match = _FRONT.match(path.read_text("utf-8"))
    assert match, f"{path}: no front matter"
    data = yaml.load(match[1], Loader=yaml.BaseLoader)
    assert isinstance(data, dict)
    return data


@dataclass(frozen=True)
class Member:
    """A listed member of the hostile site, as its files say."""

    slug: str
    data: dict[str, Any]
    tagline_en: str | None

    @property
    def name(self) -> str:
        return str(self.data["name"])

    def texts(self, lang: str) -> list[str]:
        """Every value its profile in ``lang`` shows as text."""
        d = self.data
        tagline = (self.tagline_en if lang == "en" else None) or d["tagline"]
        values = [d["name"], tagline, d["address"]["street"], d["address"]["city"]]
        values += [d[k] for k in ("email", "phone", "website") if k in d]
        values += [n["note"] for n in d.get("needs", [])]
        values += d.get("industries", []) + d.get("certifications", [])
        for offer in (d.get("offers") or {}).values():
            values += offer.get("professions", []) + offer.get("programs", [])
            values += [offer["note"]] if "note" in offer else []
        for contact in d.get("contacts", []):
            values += [contact[k] for k in ("name", "role", "email", "phone") if k in contact]
        return values

    def links(self) -> list[str]:
        """Every URL its profile must link to, exactly as written."""
        d = self.data
        urls = [d["website"]] if "website" in d else []
        urls += [o["url"] for o in (d.get("offers") or {}).values() if "url" in o]
        urls += list((d.get("social") or {}).values())
        urls += [f"mailto:{c['email']}" for c in d.get("contacts", []) if "email" in c]
        return urls + ([f"mailto:{d['email']}"] if "email" in d else [])


def _members() -> list[Member]:
    members = []
    for path in sorted(MEMBERS_DIR.glob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        data = _front_matter(path)
        if data.get("listed", "true").lower() == "false":
            continue
        english = path.with_name(f"{path.stem}.en.md")
        tagline_en = _front_matter(english).get("tagline") if english.exists() else None
        members.append(Member(path.stem, data, tagline_en))
    return members


MEMBERS = _members()
NAMES = {m.name for m in MEMBERS}


def _category_members() -> dict[str, set[str]]:
    """Category id → names of the members offering one of its competences."""
    category_of = {}
    for path in sorted((HOSTILE / "content/competences").glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        category_of.update({c["id"]: data["id"] for c in data["competences"]})
    members: dict[str, set[str]] = {}
    for m in MEMBERS:
        for competence in m.data["competences"]:
            members.setdefault(category_of[competence], set()).add(m.name)
    return members


def _squash(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------------- the build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile site, built once for this module, as a user would build it."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(HOSTILE, root)
    out = root / "_site"
    result = run_atlasgen("build", "--project", root, "--out", out, "--date", DAY)
    output = result.stdout + result.stderr
    assert result.code == 0, f"the hostile site does not build:\n{output}"
    assert "Traceback" not in output, output
    return out


def _outputs(out: Path) -> dict[str, Path]:
    return {p.relative_to(out).as_posix(): p for p in sorted(out.rglob("*")) if p.is_file()}


def test_the_hostile_site_covers_every_member_field() -> None:
    """Each field of the member schema carries a payload in some listed member (except
    ``listed``, and ``maintainers``: GitHub user names, which no payload passes, see
    ``REJECTED_FIELDS``, and which are never published, see ``test_privacy.py``)."""
    written = {key for m in MEMBERS for key in m.data}
    without = set(MemberFile.model_fields) - written
    assert without <= {"listed", "maintainers"}, f"fields without a payload: {without}"
    assert len(MEMBERS) >= 4 and all("Zauberwort" in str(m.data) for m in MEMBERS)


# ---------------------------------------------------------------- static: HTML pages


_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def _script_url(value: str) -> bool:
    """Whether a browser would read ``value`` (attribute text, entities decoded) as a
    javascript:, data: or vbscript: URL: it strips leading and trailing controls and
    spaces and drops tabs and new lines anywhere."""
    cleaned = re.sub(r"[\t\n\r]", "", value.strip(_C0_AND_SPACE))
    return cleaned.lower().startswith(SCRIPT_SCHEMES)


EDITOR_DATA = re.compile(
    r"/(?:en/)?(?:profil-bearbeiten|edit-profile)/(?:editor-data|m/[a-z0-9-]+)\.js"
)
"""The profile editor's data scripts: content as JSON in a classic script (checked by
``test_editor_data_scripts_are_json_that_cannot_end_their_script``)."""


def _theme_script(path: str) -> bool:
    """A script of the theme (``/assets/``) or the editor's data (``EDITOR_DATA``)."""
    return path.startswith("/assets/") or EDITOR_DATA.fullmatch(path) is not None


class _Scan(HTMLParser):
    """Parses one page: what could run (``problems``), its text, links and JSON-LD."""

    def __init__(self, url: str = "/") -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        """The page's root-relative URL: script addresses are resolved against it."""
        self.problems: list[str] = []
        self.text: list[str] = []
        self.links: list[str] = []
        self.ld_json: list[str] = []
        self.script: tuple[str, list[str]] | None = None
        """The open ``<script>``: its kind (``ld`` or ``file``) and its text."""
        self.glued = False
        """After a ``<wbr>`` (a line-break opportunity, no text): the next text continues
        the word before it."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.glued = tag == "wbr" and bool(self.text)
        values = {name: value or "" for name, value in attrs}
        shown = f"<{tag}{''.join(f' {n}={v!r}' for n, v in attrs)}>"
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name}: {shown}")
            if name == "srcdoc":
                self.problems.append(f"srcdoc: {shown}")
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                candidates = (
                    [c.split()[0] for c in value.split(",") if c.strip()]
                    if name == "srcset"
                    else [value]
                )
                if any(_script_url(c) for c in candidates):
                    self.problems.append(f"script URL in {name}: {shown}")
            if name == "style" and re.search(r"url\(|expression\(|@import", value, re.I):
                self.problems.append(f"style that loads or runs something: {shown}")
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element: {shown}")
        if tag == "meta" and "http-equiv" in values:
            self.problems.append(f"<meta http-equiv>: {shown}")
        if tag == "link" and not values.get("href", "").startswith(("/", BASE_URL)):
            self.problems.append(f"<link> to another site: {shown}")
        if tag == "form" and (
            values.get("class") not in THEME_FORMS
            or not re.match(r"/(?!/)", values.get("action", "/"))
        ):
            self.problems.append(f"<form> that is not the theme's: {shown}")
        if tag == "script":
            src = values.get("src")
            if values.get("type") == "application/ld+json" and src is None:
                self.script = ("ld", [])
            elif src is not None and _theme_script(urljoin(self.url, src)):
                self.script = ("file", [])
            else:
                self.problems.append(f"<script> that is not the theme's: {shown}")
                self.script = ("foreign", [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            kind, parts = self.script
            text = "".join(parts)
            if kind == "ld":
                self.ld_json.append(text)
            elif kind == "file" and text.strip():
                self.problems.append(f"a <script src> with inline code: {text[:80]!r}")
            self.script = None

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script[1].append(data)
        elif self.glued:
            self.text[-1] += data
        else:
            self.text.append(data)
        self.glued = False


def _scan(path: Path) -> _Scan:
    rel = path.as_posix().split("/_site/", 1)[-1]
    scan = _Scan("/" + rel.removesuffix("index.html"))
    scan.feed(path.read_text("utf-8"))
    scan.close()
    return scan


def test_no_page_holds_anything_that_could_run(built: Path) -> None:
    pages = {rel: p for rel, p in _outputs(built).items() if rel.endswith(".html")}
    assert len(pages) > 50
    problems = [f"{rel}: {problem}" for rel, p in pages.items() for problem in _scan(p).problems]
    assert not problems, "content became active markup:\n" + "\n".join(problems)


def test_json_ld_parses_and_cannot_leave_its_script_block(built: Path) -> None:
    for rel, path in _outputs(built).items():
        if not rel.endswith(".html"):
            continue
        for block in _scan(path).ld_json:
            for danger in ("</script", "<!--", "<script"):
                assert danger not in block.lower(), f"{rel}: {danger!r} in JSON-LD: {block}"
            json.loads(block)  # raises, with the position, if a payload broke it
    for m in MEMBERS:
        for profile in (f"mitglieder/{m.slug}", f"en/members/{m.slug}"):
            (block,) = _scan(built / profile / "index.html").ld_json
            assert json.loads(block)["name"] == m.name, profile


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_field_shows_as_the_text_the_author_wrote(built: Path, lang: str) -> None:
    section = "mitglieder" if lang == "de" else "en/members"
    for m in MEMBERS:
        scan = _scan(built / f"{section}/{m.slug}/index.html")
        text = _squash(" ".join(scan.text))
        missing = [v for v in m.texts(lang) if _squash(v) not in text]
        assert not missing, f"{section}/{m.slug}: not shown as written: {missing}"
        links = [v for v in m.links() if v not in scan.links]
        assert not links, f"{section}/{m.slug}: not linked as written: {links}"


def test_template_syntax_is_never_evaluated(built: Path) -> None:
    for rel, path in _outputs(built).items():
        data = path.read_bytes()
        for result in EVALUATED:
            assert result not in data, f"{rel}: template syntax was evaluated ({result!r})"
    profile = _squash(" ".join(_scan(built / "mitglieder/vorlage-angriff/index.html").text))
    assert "{{ 7*7777 }}" in profile and "{% include 'base.html' %}" in profile


# ---------------------------------------------------------- static: data and feeds


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_every_json_file_parses_and_carries_the_names_verbatim(built: Path) -> None:
    files = {rel: p for rel, p in _outputs(built).items() if rel.endswith(".json")}
    parsed = {rel: json.loads(p.read_bytes()) for rel, p in files.items()}
    with_names = [
        "api/members.json",
        "mitglieder/cards.json",
        "en/members/cards.json",
        *(rel for rel in files if rel.startswith("search-index/cards-")),
    ]
    assert len(with_names) >= 5
    for rel in with_names:
        missing = NAMES - set(_strings(parsed[rel]))
        assert not missing, f"{rel}: names missing or altered: {missing}"


def _csv_rows(built: Path) -> list[dict[str, str]]:
    text = (built / "api/members.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_no_csv_cell_can_start_a_formula(built: Path) -> None:
    rows = _csv_rows(built)
    assert {r["id"] for r in rows} == {m.slug for m in MEMBERS}
    formulas = [
        f"row {n} ({row['id']}), column {column}: {cell!r}"
        for n, row in enumerate(rows, 2)
        for column, cell in row.items()
        if cell.startswith(FORMULA_START) and not NUMBER.fullmatch(cell)
    ]
    assert not formulas, "cells a spreadsheet would run as formulas:\n" + "\n".join(formulas)


def test_formula_cells_keep_their_text_behind_an_apostrophe(built: Path) -> None:
    (member,) = (m for m in MEMBERS if m.slug == "formel-angriff")
    (row,) = (r for r in _csv_rows(built) if r["id"] == member.slug)
    d = member.data
    for column, value in [
        ("name", d["name"]),
        ("tagline", d["tagline"]),
        ("email", d["email"]),
        ("street", d["address"]["street"]),
        ("city", d["address"]["city"]),
        ("industries", "; ".join(d["industries"])),
        ("certifications", "; ".join(d["certifications"])),
    ]:
        assert value.startswith(FORMULA_START), f"the payload of {column} is no formula"
        assert row[column] == "'" + value, f"{column}: {row[column]!r}"
    assert row["competence_labels"].startswith("'=HYPERLINK(")
    assert NUMBER.fullmatch(d["phone"]) and row["phone"] == d["phone"]  # a number stays


ATOM = "{http://www.w3.org/2005/Atom}"


def _atom_text_only(built: Path, feed: str) -> ET.Element:
    """The parsed feed, checked: Atom elements only, titles and summaries plain text."""
    root = ET.fromstring((built / feed).read_bytes())
    for element in root.iter():
        assert element.tag.startswith(ATOM), f"{feed}: foreign element {element.tag}"
        if element.tag in (f"{ATOM}title", f"{ATOM}summary", f"{ATOM}content"):
            assert element.get("type", "text") == "text", f"{feed}: {element.tag} as markup"
            assert len(element) == 0, f"{feed}: markup inside {element.tag}"
    return root


@pytest.mark.parametrize("feed", ["feed.xml", "en/feed.xml"])
def test_feeds_parse_and_carry_the_payloads_as_text(built: Path, feed: str) -> None:
    root = _atom_text_only(built, feed)
    titles = {e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")}
    assert titles == NAMES
    summaries = {e.findtext(f"{ATOM}summary") for e in root.iter(f"{ATOM}entry")}
    english = feed.startswith("en/")
    assert summaries == {(english and m.tagline_en) or m.data["tagline"] for m in MEMBERS}


@pytest.mark.parametrize("feed", ["karriere/feed.xml", "en/careers/feed.xml"])
def test_careers_feeds_carry_the_offers_as_text(built: Path, feed: str) -> None:
    root = _atom_text_only(built, feed)
    summaries = " ".join(e.findtext(f"{ATOM}summary") or "" for e in root.iter(f"{ATOM}entry"))
    for payload in ("<img src=x onerror=alert(701)>", "<script>alert(705)</script> Werkstudium"):
        assert payload in summaries, f"{feed}: {payload!r} not carried as text"
    titles = [e.findtext(f"{ATOM}title") or "" for e in root.iter(f"{ATOM}entry")]
    assert all(any(name in title for name in NAMES) for title in titles)


def test_sitemap_parses_and_lists_only_the_site(built: Path) -> None:
    root = ET.fromstring((built / "sitemap.xml").read_bytes())
    locations = [
        e.text or "" for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert len(locations) > 50
    assert all(re.fullmatch(re.escape(BASE_URL) + r"[a-z0-9/.-]*", u) for u in locations)


def test_published_logos_are_passive(built: Path) -> None:
    logos = {rel: p for rel, p in _outputs(built).items() if rel.startswith("logos/")}
    assert {Path(rel).stem for rel in logos} == {m.slug for m in MEMBERS if "logo" in m.data}, (
        "logos published for other than the listed members' own"
    )
    for rel, path in logos.items():
        if rel.endswith(".svg"):
            for element in ET.fromstring(path.read_bytes()).iter():
                tag = element.tag.rsplit("}", 1)[-1].lower()
                assert tag not in ("script", "foreignobject", "a", "set", "animate"), rel
                for name, value in element.attrib.items():
                    assert not name.rsplit("}", 1)[-1].lower().startswith("on"), rel
                    assert not _script_url(value), rel
        else:
            assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), rel


def test_every_output_file_was_checked(built: Path) -> None:
    """The checks above cover every kind of file the build writes; the theme's own
    assets carry no content."""
    kinds = {".html", ".json", ".csv", ".xml", ".svg", ".png", ".txt"}
    for rel, path in _outputs(built).items():
        if rel.startswith("assets/"):
            assert b"alert(" not in path.read_bytes(), f"{rel}: content in a theme asset"
        elif EDITOR_DATA.fullmatch("/" + rel):
            continue  # test_editor_data_scripts_are_json_that_cannot_end_their_script
        else:
            assert path.suffix in kinds, f"{rel}: a kind of output this gate does not check"
    robots = (built / "robots.txt").read_text("utf-8")
    assert "alert(" not in robots and "Zauberwort" not in robots


def test_editor_data_scripts_are_json_that_cannot_end_their_script(built: Path) -> None:
    """The profile editor's data scripts are one JSON value each, assigned to a global; no
    ``<``, ``>`` or ``&`` (escaped as ``\\u003c`` …), and the members' texts verbatim."""
    scripts = {rel: p for rel, p in _outputs(built).items() if EDITOR_DATA.fullmatch("/" + rel)}
    assert len(scripts) == 2 + len(MEMBERS)  # the data of each language, one per member
    for rel, path in scripts.items():
        text = path.read_text("utf-8")
        assert not re.search("[<>&\u2028\u2029]", text), rel
        match = re.fullmatch(r"window\.(atlasEditorData|atlasEditorMember) = (.*);\n", text, re.S)
        assert match, rel
        value = json.loads(match[2])
        if match[1] == "atlasEditorMember":
            member = next(m for m in MEMBERS if m.slug == value["slug"])
            assert value["data"]["name"] == member.name, rel
    text = (built / "profil-bearbeiten/editor-data.js").read_text("utf-8")
    data = json.loads(text.removeprefix("window.atlasEditorData = ").removesuffix(";\n"))
    assert {name for _, name in data["members"]} == NAMES


# -------------------------------------------------------------------- validate rejects


REJECTED_FIELDS = {
    "url-schemata.md": [
        "website",
        "offers.jobs.url",
        "offers.apprenticeships.url",
        "offers.dual_study.url",
        "offers.internships.url",
        "offers.theses.url",
        *(f"social.{s}" for s in ("linkedin", "xing", "mastodon", "bluesky", "github")),
        *(f"social.{s}" for s in ("gitlab", "instagram", "youtube", "facebook", "x")),
    ],
    "unsichtbar.md": [
        "name",
        "tagline",
        "address.street",
        "address.city",
        "needs[0].note",
        "industries[0]",
        "certifications[0]",
        "contacts[0].name",
        "contacts[0].role",
        "",  # the bidi override in the description
    ],
    "kontakt-felder.md": [
        "type",
        "email",
        "phone",
        "contacts[0].email",
        "contacts[0].phone",
        "contacts[1].email",
        "contacts[1].phone",
        "maintainers[0]",
        "maintainers[1]",
    ],
    **{
        f"logo-{name}.md": ["logo"]
        for name in (
            "animate",
            "animate-href",
            "stylesheet",
            "xhtml",
            "css-escape",
            "css-case",
            "image-set",
            "html-jpg",
            "html-webp",
            "svg-png",
            "name",
            "traversal",
        )
    },
}
"""Rejected files → the fields ``atlasgen validate`` must name, each with an error."""


@pytest.fixture(scope="module")
def rejected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rejected") / "project"
    shutil.copytree(SITES / "minimal", root)
    for path in sorted(REJECTED.rglob("*")):
        rel = path.relative_to(REJECTED)
        if path.is_file() and rel.as_posix() != "expected.txt":
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, root / rel)
    return root


def test_validate_rejects_each_payload_at_its_line_and_field(rejected: Path) -> None:
    result = run_atlasgen("validate", "--project", rejected, "--format", "json")
    assert result.code == 1 and "Traceback" not in result.stderr, result.stderr
    errors = [p for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"]
    found = {(Path(p["path"]).name, p["field"]) for p in errors if p["line"] > 1}
    files = {p.name for p in (REJECTED / "content/members").glob("*.md")}
    assert files == set(REJECTED_FIELDS), "every rejected file is listed here"
    missing = [
        f"content/members/{name}: {field or '(description)'}"
        for name, fields in REJECTED_FIELDS.items()
        for field in fields
        if (name, field) not in found
    ]
    assert not missing, "accepted, or not located at its line:\n" + "\n".join(missing)
    assert {Path(p["path"]).name for p in errors} == set(REJECTED_FIELDS)


def test_validate_output_for_rejected_payloads(
    rejected: Path, request: pytest.FixtureRequest
) -> None:
    """The complete text output: located, readable messages; no raw control character
    from the content reaches the terminal."""
    result = run_atlasgen("validate", "--warnings", "--project", rejected)
    assert result.code == 1
    raw = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    lines = [repr(line) for line in result.stderr.split("\n") if raw.search(line)]
    assert not lines, "raw control characters in the output:\n" + "\n".join(lines)
    expected = REJECTED / "expected.txt"
    if request.config.getoption("--update-expected"):
        expected.write_text(result.stderr, encoding="utf-8")
    assert result.stderr == expected.read_text(encoding="utf-8")


# ------------------------------------------------------------------- in the browser

SINKS = r"""
(() => {
  const calls = [];
  Object.defineProperty(window, "__xss", { value: calls });
  const record = (name, args) =>
    calls.push(`${name}(${Array.from(args, (a) => String(a).slice(0, 200)).join(", ")})`);
  for (const name of ["alert", "confirm", "prompt"]) {
    const original = window[name];
    window[name] = function (...args) { record(name, args); return original.apply(this, args); };
  }
  window.print = function (...args) { record("print", args); };
  // Playwright's page.evaluate() and locators go through eval themselves.
  const byPlaywright = () => /UtilityScript|InjectedScript/.test(new Error().stack);
  const originalEval = window.eval;
  window.eval = function (code) {
    if (!byPlaywright()) record("eval", [code]);
    return originalEval(code);
  };
  const OriginalFunction = window.Function;
  const WrappedFunction = function (...args) {
    record("Function", args);
    return OriginalFunction.apply(this, args);
  };
  WrappedFunction.prototype = OriginalFunction.prototype;
  window.Function = WrappedFunction;
  for (const name of ["setTimeout", "setInterval"]) {
    const original = window[name];
    window[name] = function (handler, ...rest) {
      if (typeof handler !== "function") record(name, [handler]);
      return original.call(this, handler, ...rest);
    };
  }
  for (const name of ["write", "writeln"]) {
    const original = Document.prototype[name];
    Document.prototype[name] = function (...args) {
      record(`document.${name}`, args);
      return original.apply(this, args);
    };
  }
  const open = window.open;
  window.open = function (...args) { record("open", args); return null; };
})();
"""
"""Wraps the sinks a payload would call, recording each call in ``window.__xss``."""

DOM_CHECK = """
(themeForms) => {
  const EDITOR_DATA =
    /^\\/(?:en\\/)?(?:profil-bearbeiten|edit-profile)\\/(?:editor-data|m\\/[a-z0-9-]+)\\.js$/;
  const problems = [];
  const scriptUrl = (value) => /^(javascript|data|vbscript):/i.test(
    value.replace(/^[\\u0000-\\u0020]+|[\\u0000-\\u0020]+$/g, "").replace(/[\\t\\n\\r]/g, ""));
  const urlAttributes = new Set(["href", "src", "action", "formaction", "xlink:href",
    "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "ping", "cite"]);
  const html = document.contentType === "text/html";
  const show = (el) => el.outerHTML.slice(0, 200);
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      const tag = el.localName;
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on")) problems.push(`event handler ${name}: ${show(el)}`);
        if (urlAttributes.has(name) || name.endsWith(":href")) {
          const values = name === "srcset"
            ? attr.value.split(",").map((c) => c.trim().split(/\\s+/)[0]) : [attr.value];
          if (values.some(scriptUrl)) problems.push(`script URL in ${name}: ${show(el)}`);
        }
      }
      if (tag === "script") {
        const src = el.getAttribute("src");
        const ours = src === null
          ? el.getAttribute("type") === "application/ld+json"
          : new URL(src, location.href).origin === location.origin
            && (new URL(src, location.href).pathname.startsWith("/assets/")
              || EDITOR_DATA.test(new URL(src, location.href).pathname))
            && !el.textContent.trim();
        if (!ours) problems.push(`foreign script: ${show(el)}`);
      }
      if (["iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"]
          .includes(tag) || (html && tag === "style")) problems.push(`<${tag}>: ${show(el)}`);
      if (tag === "meta" && el.hasAttribute("http-equiv")) problems.push(`http-equiv: ${show(el)}`);
      if (tag === "form" && !themeForms.includes(el.getAttribute("class")))
        problems.push(`foreign form: ${show(el)}`);
      if (tag === "template") walk(el.content);
    }
  };
  walk(document);
  return problems;
}
"""
"""What in the live DOM could run: handlers, script URLs, foreign scripts, frames, …"""


@dataclass
class Watch:
    """What ran in the pages of one test; the test fails if anything did."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)
    judged: bool = False
    pending: set[Request] = field(default_factory=set)
    """Requests of the page still under way."""

    def visit(self, url: str) -> None:
        """Open ``url`` and wait until it has loaded everything it asks for (the search
        page: its index), so that leaving it cancels nothing."""
        self.page.goto(url)
        if self.page.locator("#search").count():
            self.page.locator("#search-facets").wait_for(state="visible")
        waited = 0
        while self.pending and waited < TIMEOUT_MS:
            self.page.wait_for_timeout(20)
            waited += 20
        assert not self.pending, f"{url}: requests without an end: {self.pending}"

    def check(self, where: str) -> None:
        """Record what the current document ran or holds that could run."""
        calls = self.page.evaluate("window.__xss")
        assert isinstance(calls, list), f"{where}: the sinks were not wrapped"
        self.fired += [f"{where}: {call}" for call in calls]
        problems = self.page.evaluate(DOM_CHECK, sorted(THEME_FORMS))
        self.fired += [f"{where}: {problem}" for problem in problems]

    def verdict(self) -> None:
        """Fail if anything ran or is armed (each test ends with this)."""
        self.judged = True
        ran = [f"dialog: {d}" for d in self.dialogs] + self.fired
        assert not ran, "a payload ran or is armed in the browser:\n" + "\n".join(ran)


@pytest.fixture
def watch(open_page: OpenPage) -> Iterator[Watch]:
    page = open_page(viewport={"width": 1280, "height": 900})
    page.context.add_init_script(SINKS)
    watch = Watch(page)
    page.on("request", lambda request: watch.pending.add(request))
    page.on("requestfinished", lambda request: watch.pending.discard(request))
    page.on("requestfailed", lambda request: watch.pending.discard(request))

    def on_dialog(dialog: Dialog) -> None:
        watch.dialogs.append(f"{dialog.type}({dialog.message}) on {page.url}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("popup", lambda popup: watch.fired.append(f"popup: {popup.url}"))
    yield watch
    if not watch.judged:  # the test stopped early: what ran may be why
        watch.verdict()


def _url(rel: str) -> str:
    return "/" + rel.removesuffix("index.html")


def test_no_page_runs_a_payload(built: Path, watch: Watch) -> None:
    """Every page and every logo, opened on its own."""
    rels = [rel for rel in _outputs(built) if rel.endswith(".html") or rel.startswith("logos/")]
    with serve(built) as base:
        for rel in rels:
            watch.visit(base + _url(rel))
            watch.check(rel)
    assert len(rels) > 50
    watch.verdict()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_search_results_for_the_hostile_members_stay_text(
    built: Path, watch: Watch, lang: str
) -> None:
    from playwright.sync_api import expect

    search = "/suche/" if lang == "de" else "/en/search/"
    with serve(built) as base:
        watch.visit(f"{base}{search}?q=zauberwort")
        links = watch.page.locator("#search-results a.result-link")
        expect(links).to_have_count(len(MEMBERS))
        assert set(links.all_text_contents()) == NAMES
        watch.check(f"{search}?q=zauberwort")
    watch.verdict()


def test_search_snippets_of_the_hostile_members_stay_text(built: Path, watch: Watch) -> None:
    """The lines that say why a member matched (its offers, with the query words marked)
    carry the payloads as text: no element of theirs but the marks."""
    from playwright.sync_api import expect

    with serve(built) as base:
        watch.visit(f"{base}/suche/?q=Ausbildung")
        lines = watch.page.locator("#search-results .result-why")
        expect(lines.first).to_be_visible()
        texts = " ".join(lines.all_text_contents())
        assert "<svg><script>alert(118)</script></svg>" in texts
        tags = lines.evaluate_all(
            "lines => lines.flatMap((l) => [...l.querySelectorAll('*')].map((e) => e.tagName))"
        )
        assert set(tags) <= {"SPAN", "MARK"}, tags
        watch.check("/suche/?q=Ausbildung")
    watch.verdict()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_careers_cards_from_offers_json_stay_text(built: Path, watch: Watch, lang: str) -> None:
    """The careers filters draw cards from api/offers.json: every payload stays text."""
    from playwright.sync_api import expect

    careers = "/karriere/" if lang == "de" else "/en/careers/"
    offers = json.loads((built / "api/offers.json").read_text("utf-8"))["offers"]
    kinds = sorted({o["kind"] for o in offers})
    assert {"theses", "working_students", "dual_study"} <= set(kinds)
    with serve(built) as base:
        for kind in kinds:
            watch.visit(f"{base}{careers}?kind={kind}")
            expected = [o for o in offers if o["kind"] == kind]
            cards = watch.page.locator("#careers-list .offer-card")
            expect(cards).to_have_count(len(expected))
            members = set(watch.page.locator("#careers-list .offer-member a").all_text_contents())
            assert members == {o["member"]["name"] for o in expected}, kind
            watch.check(f"{careers}?kind={kind}")
    watch.verdict()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_directory_cards_from_cards_json_stay_text(built: Path, watch: Watch, lang: str) -> None:
    from playwright.sync_api import expect

    directory = "/mitglieder/" if lang == "de" else "/en/members/"
    by_category = _category_members()
    assert len(by_category) >= 2
    with serve(built) as base:
        watch.visit(base + directory)
        category = watch.page.locator("#filters select[name=category]")
        titles = watch.page.locator("#member-list .card-title a")
        for value, names in sorted(by_category.items()):
            category.select_option(value)
            expect(titles).to_have_count(len(names))
            assert set(titles.all_text_contents()) == names, value
            watch.check(f"{directory}?category={value}")
    watch.verdict()
