"""Building the public site: pages, languages, untrusted text, determinism, atomic writes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, SITES, file_tree, run_atlasgen

from atlasgen.build import build_site
from atlasgen.content.dates import months_before

DAY = date(2026, 6, 1)


def _html(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in folder.rglob("*.html")}


@pytest.fixture
def built(site: Callable[..., Path], tmp_path: Path) -> Callable[..., Path]:
    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        root = site("minimal", files)
        result, problems = build_site(root, root / "_site", today=DAY)
        assert result is not None, problems
        return root / "_site"

    return make


def test_every_page_kind_exists_in_both_languages(built: Callable[..., Path]) -> None:
    out = built()
    for path in [
        "index.html",
        "mitglieder/index.html",
        "mitglieder/alpha-software/index.html",
        "kompetenzen/index.html",
        "kompetenzen/webentwicklung/index.html",
        "regionen/stadtkreis-heilbronn/index.html",
        "kooperationen/index.html",
        "statistik/index.html",
        "impressum/index.html",
        "datenschutz/index.html",
        "en/index.html",
        "en/members/alpha-software/index.html",
        "en/competences/webentwicklung/index.html",
        "en/regions/stadtkreis-heilbronn/index.html",
        "en/cooperation/index.html",
        "en/statistics/index.html",
        "en/impressum/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "feed.xml",
        "en/feed.xml",
        "api/members.json",
        "api/competences.json",
        "api/members.csv",
        "logos/alpha-software.svg",
    ]:
        assert (out / path).is_file(), path


def test_unlisted_member_appears_nowhere(built: Callable[..., Path]) -> None:
    out = built()
    for path in out.rglob("*"):
        if path.is_file():
            assert b"beta-security" not in path.read_bytes(), path
            assert b"Beta Security" not in path.read_bytes(), path


def test_profile_links_languages_and_describes_itself(built: Callable[..., Path]) -> None:
    out = built()
    de = (out / "mitglieder/alpha-software/index.html").read_text("utf-8")
    en = (out / "en/members/alpha-software/index.html").read_text("utf-8")
    assert '<html lang="de">' in de and '<html lang="en">' in en
    alternate = 'hreflang="en" href="https://atlas.example.org/en/members/alpha-software/"'
    assert alternate in de and alternate in en
    assert (
        '<link rel="canonical" href="https://atlas.example.org/mitglieder/alpha-software/">' in de
    )
    assert 'href="/en/members/alpha-software/" hreflang="en" lang="en">English</a>' in de
    assert "Web applications for mid-sized companies" in en  # English tagline
    assert "Alpha Software GmbH builds web applications." in en
    assert 'href="/kompetenzen/webentwicklung/"' in de and 'href="/en/competences/' in en
    edit = "https://github.com/example/kompetenzatlas/edit/main/content/members/alpha-software.md"
    assert edit not in de  # the minimal site has no edit_url
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', de, re.S)[1])
    assert ld["@type"] == "Organization" and ld["name"] == "Alpha Software GmbH"
    assert ld["address"]["addressRegion"] == "Stadtkreis Heilbronn"


def test_every_profile_links_its_file_in_the_github_editor(built: Callable[..., Path]) -> None:
    config = (SITES / "minimal/atlas.yaml").read_text("utf-8")
    pattern = "https://github.com/example/atlas/edit/main/{path}"
    out = built({"atlas.yaml": config + f"edit_url: {pattern}\n"})
    members = json.loads((out / "api/members.json").read_bytes())["members"]
    slugs = [member["id"] for member in members]  # the listed members
    assert slugs
    for slug in slugs:
        link = pattern.format(path=f"content/members/{slug}.md")
        for profile in (f"mitglieder/{slug}", f"en/members/{slug}"):
            assert f'<a href="{link}">' in (out / profile / "index.html").read_text("utf-8")


def test_german_text_on_english_pages_is_marked(built: Callable[..., Path]) -> None:
    out = built({"content/members/alpha-software.en.md": None})
    en = (out / "en/members/alpha-software/index.html").read_text("utf-8")
    assert '<section class="description" lang="de">' in en
    assert '<span lang="de">Webanwendungen für den Mittelstand</span>' in en


HOSTILE = """---
name: "Evil </script><script>alert(1)</script> GmbH"
type: company
tagline: "<img src=x onerror=alert(2)> {{ 7*7 }} \\" onmouseover=\\"alert(3)"
website: https://evil.example.com/?q="><script>alert(4)</script>
email: info@evil.example.com
address:
  street: "<b>Weg</b> 1"
  postal_code: "74072"
  city: Heilbronn
competences: [webentwicklung]
needs:
  - competence: isms
    note: "</script><svg onload=alert(5)>"
---
# Überschrift

[click](javascript:alert(6)) [data](data:text/html;base64,PHNjcmlwdD4=)
<script>alert(7)</script><iframe src="https://evil.example.com"></iframe>
<a href="https://ok.example.com" onclick="alert(8)">ok</a> {{ 7*7 }} {% raw %}
<style>body{display:none}</style>
"""


class _Dangers(HTMLParser):
    """Collects what could run in a browser: scripts, handlers, script URLs, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        # Ours: JSON-LD data, and script files from the site's own /assets/ (the profile
        # editor links them relative to the page, ../assets/, and its data editor-data.js).
        own = values.get("type") == "application/ld+json" or bool(
            re.fullmatch(r"(/|(\.\./)+)assets/.*|editor-data\.js", values.get("src") or "")
        )
        if tag == "script" and not own:
            self.found.append("script")
        if tag in ("iframe", "object", "embed", "style", "base"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action") and re.match(
                r"\s*(javascript|data|vbscript):", value or "", re.I
            ):
                self.found.append(f"{tag} {name}={value}")


def _dangers(html: str) -> list[str]:
    parser = _Dangers()
    parser.feed(html)
    return parser.found


def test_hostile_member_text_is_inert_everywhere(built: Callable[..., Path]) -> None:
    out = built({"content/members/evil.md": HOSTILE})
    for path, html in _html(out).items():
        assert _dangers(html) == [], path
    profile = (out / "mitglieder/evil/index.html").read_text("utf-8")
    lead = re.search(r'<p class="lead">(.*?)</p>', profile, re.S)[1]
    assert "{{ 7*7 }}" in lead and "49" not in lead  # template syntax stays text
    ld_text = re.search(r'<script type="application/ld\+json">(.*?)</script>', profile, re.S)[1]
    assert json.loads(ld_text)["name"].startswith("Evil </script>")
    assert profile.count("<h1") == 1 and "<h2>Überschrift</h2>" in profile
    assert 'rel="nofollow ugc noopener"' in profile


def test_offers_after_their_until_date_are_hidden(built: Callable[..., Path]) -> None:
    text = (SITES / "minimal/content/members/alpha-software.md").read_text("utf-8")
    text = text.replace(
        "last_verified:",
        "offers:\n  internships:\n    note: Altes Praktikum\n    until: 2026-05-31\n"
        "  theses:\n    note: Aktuelle Abschlussarbeit\n    until: 2026-06-01\nlast_verified:",
    )
    out = built({"content/members/alpha-software.md": text})
    profile = (out / "mitglieder/alpha-software/index.html").read_text("utf-8")
    assert "Aktuelle Abschlussarbeit" in profile
    assert "Altes Praktikum" not in profile


def test_interface_strings_exist_in_both_languages() -> None:
    import yaml

    de = yaml.safe_load((REPO / "theme/i18n/de.yaml").read_text("utf-8"))
    en = yaml.safe_load((REPO / "theme/i18n/en.yaml").read_text("utf-8"))
    assert set(de) == set(en)


def test_a_theme_folder_overrides_single_templates(site: Callable[..., Path]) -> None:
    root = site("minimal")
    shutil.copytree(REPO / "theme", root / "theme")
    (root / "theme-local/templates").mkdir(parents=True)
    (root / "theme-local/templates/statistics.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Eigene Statistik</h1>{% endblock %}\n'
    )
    config = (root / "atlas.yaml").read_text("utf-8") + "theme: theme-local\n"
    (root / "atlas.yaml").write_text(config, "utf-8")
    result, problems = build_site(root, root / "_site", today=DAY)
    assert result is not None, problems
    assert "Eigene Statistik" in (root / "_site/statistik/index.html").read_text("utf-8")
    assert "Eigene Statistik" not in (root / "_site/index.html").read_text("utf-8")


def test_two_builds_are_byte_identical_across_folders_and_time_zones(tmp_path: Path) -> None:
    outs = []
    for i, tz in enumerate(("UTC", "Pacific/Kiritimati")):
        env = {**os.environ, "TZ": tz, "SOURCE_DATE_EPOCH": "1780000000"}
        out = tmp_path / f"out{i}"
        proc = subprocess.run(
            [sys.executable, "-m", "atlasgen", "build", "--project", str(REPO), "--out", str(out)],
            cwd=tmp_path if i else REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        outs.append(file_tree(out))
    assert outs[0] == outs[1]
    assert len(outs[0]) > 400


def test_invalid_content_writes_nothing_and_keeps_the_old_site(site: Callable[..., Path]) -> None:
    root = site("minimal")
    old = root / "_site"
    old.mkdir()
    (old / "index.html").write_text("old site")
    broken = (
        (root / "content/members/alpha-software.md")
        .read_text("utf-8")
        .replace("email: info@alpha.example.com", "email: kaputt")
    )
    (root / "content/members/alpha-software.md").write_text(broken, "utf-8")
    result = run_atlasgen("build", "--project", root)
    assert result.code == 1
    assert "email: 'kaputt' ist keine E-Mail-Adresse" in result.stderr
    assert "nichts wurde geschrieben" in result.stderr
    assert file_tree(old) == {"index.html": hashlib.sha256(b"old site").hexdigest()}
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("._site")) == []


def test_a_build_killed_while_writing_leaves_the_old_site(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "bench/gen_corpus.py"),
            "--members",
            "1500",
            "--seed",
            "7",
            "--out",
            str(corpus),
        ],
        check=True,
        capture_output=True,
    )
    out = corpus / "_site"
    out.mkdir()
    (out / "index.html").write_text("old site")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "atlasgen",
            "build",
            "--project",
            str(corpus),
            "--date",
            "2026-06-01",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list(corpus.glob("._site.tmp-*")) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    proc.kill()
    proc.wait()
    assert proc.returncode != 0, "the build finished before it could be killed"
    assert (out / "index.html").read_text() == "old site"
    assert len(list(out.rglob("*"))) == 1
    again = run_atlasgen("build", "--project", corpus, "--date", "2026-06-01")
    assert again.code == 0, again.stderr
    assert not list(corpus.glob("._site.*"))
    assert (out / "mitglieder/index.html").is_file()


def test_a_german_only_atlas_has_no_english_pages(site: Callable[..., Path]) -> None:
    root = site("minimal")
    config = (root / "atlas.yaml").read_text("utf-8") + "languages: [de]\n"
    (root / "atlas.yaml").write_text(config, "utf-8")
    result, problems = build_site(root, root / "_site", today=DAY)
    assert result is not None, problems
    assert not (root / "_site/en").exists()
    home = (root / "_site/index.html").read_text("utf-8")
    assert 'hreflang="en"' not in home and "lang-switch" not in home


def _member_file(name: str, competence: str) -> str:
    return (
        f"---\nname: {name}\ntype: company\ntagline: Software aus Heilbronn\n"
        'address:\n  street: Bahnhofstraße 1\n  postal_code: "74072"\n  city: Heilbronn\n'
        f"employees: 10-49\ncompetences: [{competence}]\n---\nText.\n"
    )


def _card_links(html: str) -> list[str]:
    return re.findall(r'<h[23] class="card-title"><a href="(/[^"]+)"', html)


def test_long_lists_are_split_into_numbered_pages(site: Callable[..., Path]) -> None:
    names = [f"Zeta {n} Software GmbH" for n in range(1, 6)]
    files: dict[str, str | bytes | None] = {
        f"content/members/zeta-{n}.md": _member_file(name, "webentwicklung")
        for n, name in enumerate(names, 1)
    }
    root = site("minimal", files)
    config = root / "atlas.yaml"
    config.write_text(config.read_text("utf-8") + "page_size: 2\n", "utf-8")
    result, problems = build_site(root, root / "_site", today=DAY)
    assert result is not None, problems
    out = root / "_site"

    # Six listed members (alpha and five Zeta), two per page: three pages, no fourth.
    pages = ["mitglieder/index.html", "mitglieder/seite/2/index.html"]
    pages.append("mitglieder/seite/3/index.html")
    assert not (out / "mitglieder/seite/4").exists()
    html = [(out / p).read_text("utf-8") for p in pages]
    cards = [_card_links(h) for h in html]
    assert [len(c) for c in cards] == [2, 2, 2]
    shown = [url for page in cards for url in page]
    assert len(set(shown)) == 6 and "/mitglieder/zeta-5/" in shown
    # Every page says the total, links its neighbours and marks itself.
    for number, page in enumerate(html, 1):
        assert "6 Mitglieder" in page
        assert re.search(rf'<a href="[^"]*" aria-current="page">{number}</a>', page)
    assert 'href="/mitglieder/seite/2/" rel="next"' in html[0]
    assert 'href="/mitglieder/" rel="prev"' in html[1]
    assert "<title>Mitglieder (Seite 2 von 3)" in html[1]
    # The English pages pair up with the German ones.
    english = (out / "en/members/page/2/index.html").read_text("utf-8")
    assert 'hreflang="de" href="https://atlas.example.org/mitglieder/seite/2/"' in english
    assert _card_links(english) == [u.replace("/mitglieder/", "/en/members/") for u in cards[1]]
    # District and competence pages are split the same way.
    assert (out / "regionen/stadtkreis-heilbronn/seite/3/index.html").is_file()
    assert (out / "kompetenzen/webentwicklung/seite/3/index.html").is_file()
    # With JavaScript, the filters search every member: cards.json has all of them.
    data = json.loads((out / "mitglieder/cards.json").read_text("utf-8"))
    rows = [dict(zip(data["fields"], row, strict=True)) for row in data["cards"]]
    assert sorted(r["url"] for r in rows) == sorted(shown)
    zeta = next(r for r in rows if r["url"] == "/mitglieder/zeta-1/")
    assert zeta["name"] == "Zeta 1 Software GmbH"
    assert zeta["competences"] == "webentwicklung"
    assert zeta["district"] == "08121"


@pytest.mark.parametrize(
    ("path", "slug"),
    [("content/members/seite.md", "seite"), ("content/pages/mitglieder.md", "mitglieder")],
)
def test_file_names_the_site_needs_are_refused(
    site: Callable[..., Path], path: str, slug: str
) -> None:
    member = "members" in path
    text = _member_file("Seite GmbH", "webentwicklung") if member else "---\ntitle: X\n---\nT\n"
    root = site("minimal", {path: text})
    result = run_atlasgen("validate", "--project", root)
    assert result.code == 1
    output = result.stdout + result.stderr
    assert f"{path}:1:1: Dateiname '{slug}' ist reserviert" in output


@pytest.mark.parametrize(
    ("verified", "config", "marked"),
    [
        ("2024-12-01", "", False),  # exactly 18 months before the build day 2026-06-01
        ("2024-11-30", "", True),
        ("2024-12-02", "", False),
        ("2024-11-30", "stale_after_months: 24\n", False),
        (None, "", True),
    ],
)
def test_profiles_not_confirmed_for_long_are_marked(
    built: Callable[..., Path], verified: str | None, config: str, marked: bool
) -> None:
    text = (SITES / "minimal/content/members/alpha-software.md").read_text("utf-8")
    line = "last_verified: 2026-01-15\n"
    assert line in text
    text = text.replace(line, f"last_verified: {verified}\n" if verified else "")
    atlas = (SITES / "minimal/atlas.yaml").read_text("utf-8") + config
    out = built({"content/members/alpha-software.md": text, "atlas.yaml": atlas})
    de = (out / "mitglieder/alpha-software/index.html").read_text("utf-8")
    en = (out / "en/members/alpha-software/index.html").read_text("utf-8")
    assert ('class="stale"' in de) is marked and ('class="stale"' in en) is marked
    if marked and verified:
        assert "seit mehr als 18 Monaten nicht bestätigt" in de
        assert "not been confirmed for more than 18 months" in en
    if marked and not verified:
        assert "noch nicht bestätigt" in de and "not been confirmed yet" in en


def test_months_before_keeps_to_the_calendar() -> None:
    assert months_before(date(2026, 6, 1), 18) == date(2024, 12, 1)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)
