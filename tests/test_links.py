"""Every internal link, image, script, stylesheet and data file of the built site points at a
file it wrote (and every #anchor at an id of its page); external links are not fetched.

Checked: in HTML, href, src, srcset (every candidate), poster, action, formaction,
xlink:href and the data attributes the site's scripts load (data-manifest, data-core,
data-cards); url(...) in CSS; the files the search manifest names, and the profile links in
the result cards and the directory's cards.json."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import REPO

from atlasgen.build import build_site

URL_ATTRIBUTES = {"href", "src", "poster", "action", "formaction", "xlink:href"}
SCRIPT_URL_ATTRIBUTES = {"data-manifest", "data-core", "data-cards"}
"""Data attributes whose value is a URL that the site's JavaScript fetches or imports."""


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if name in URL_ATTRIBUTES or name in SCRIPT_URL_ATTRIBUTES:
                self.urls.append(value)
            elif name == "srcset":  # "url 1x, url 640w": the URLs hold no spaces or commas
                self.urls += [
                    candidate.split()[0] for candidate in value.split(",") if candidate.strip()
                ]
            if name == "id":
                self.ids.add(value)


def _css_urls(css: str) -> list[str]:
    urls = re.findall(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", css)
    return [next(part for part in found if part) for found in urls if any(found)]


def _data_urls(out: Path) -> dict[Path, list[str]]:
    """The URLs the search and directory scripts take from JSON files: the files the search
    manifest names (relative to its base), and the profile and logo of every card (the
    first and sixth field of a row, as ``MemberView.card_row`` writes them)."""
    found: dict[Path, list[str]] = {}
    for manifest_path in out.rglob("search-index/manifest.json"):
        manifest = json.loads(manifest_path.read_bytes())
        base = manifest["base"]
        names = [*manifest["files"], manifest["facets"]]
        names += [name for cards in manifest["cards"].values() for name in cards]
        found[manifest_path] = [base + name for name in names]
        for cards in manifest["cards"].values():
            for name in cards:
                rows = json.loads((manifest_path.parent / name).read_bytes())
                found[manifest_path] += [url for row in rows for url in (row[0], row[5]) if url]
    for cards_path in out.rglob("cards.json"):
        data = json.loads(cards_path.read_bytes())
        url, logo = data["fields"].index("url"), data["fields"].index("logo")
        found[cards_path] = [u for row in data["cards"] for u in (row[url], row[logo]) if u]
    return found


def _broken(out: Path, base_path: str) -> list[str]:
    pages = {p: p.read_text("utf-8") for p in out.rglob("*.html")}
    ids: dict[Path, set[str]] = {}
    links: dict[Path, list[str]] = {}
    for path, html in pages.items():
        parser = _Links()
        parser.feed(html)
        ids[path], links[path] = parser.ids, parser.urls
    for path in out.rglob("*.css"):
        links[path] = _css_urls(path.read_text("utf-8"))
    links.update(_data_urls(out))
    broken = []
    for path, urls in links.items():
        page = base_path + path.relative_to(out).as_posix().removesuffix("index.html")
        for url in urls:
            if not url.startswith(("/", "#")) and not urlsplit(url).scheme:
                url = urljoin(page, url)  # relative to the page (the profile editor's scripts)
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue  # external links are not fetched
            if not parts.path:
                target = path
            else:
                assert parts.path.startswith(base_path), f"{path}: {url} outside {base_path}"
                rel = parts.path[len(base_path) :]
                target = out / (rel + "index.html" if rel.endswith("/") or not rel else rel)
            if not target.is_file():
                broken.append(f"{path.relative_to(out)}: {url}")
            elif parts.fragment and target.suffix == ".html":
                if target not in ids:
                    parser = _Links()
                    parser.feed(target.read_text("utf-8"))
                    ids[target] = parser.ids
                if parts.fragment not in ids[target]:
                    broken.append(f"{path.relative_to(out)}: {url} (no such anchor)")
    return broken


def test_example_site_has_no_broken_internal_link(tmp_path: Path) -> None:
    result, problems = build_site(REPO, tmp_path / "out", today=date(2026, 6, 1))
    assert result is not None, problems
    assert _broken(tmp_path / "out", "/") == []


def test_a_site_below_a_base_path_links_within_it(site: Callable[..., Path]) -> None:
    root = site("small")
    config = (
        (root / "atlas.yaml")
        .read_text("utf-8")
        .replace(
            "base_url: https://atlas.example.org/", "base_url: https://example.github.io/atlas/"
        )
    )
    (root / "atlas.yaml").write_text(config, "utf-8")
    result, problems = build_site(root, root / "_site", today=date(2026, 6, 1))
    assert result is not None, problems
    assert _broken(root / "_site", "/atlas/") == []
    home = (root / "_site/index.html").read_text("utf-8")
    assert 'href="/atlas/mitglieder/"' in home
    assert re.search(r'<link rel="canonical" href="https://example.github.io/atlas/">', home)


@pytest.mark.parametrize(
    "bad",
    [
        '<a href="/mitglieder/nobody/">x</a>',
        '<link rel="stylesheet" href="/assets/css/missing.css">',
        '<a href="#nowhere">x</a>',
        '<img src="/a.png" srcset="/a.png 1x, /missing@2x.png 2x" alt="">',
        '<form action="/gone/"></form>',
        '<svg><use xlink:href="/assets/map.svg#x"></use></svg>',
        '<form data-manifest="/search-index/missing.json"></form>',
    ],
)
def test_the_link_check_finds_broken_links(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "out"
    (out / "mitglieder").mkdir(parents=True)
    (out / "a.png").write_bytes(b"")
    (out / "index.html").write_text(f'{bad}<a id="here" href="#here">y</a><img src="/a.png">')
    assert len(_broken(out, "/")) == 1


def test_the_link_check_reads_css_and_the_scripts_data(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "search-index").mkdir(parents=True)
    (out / "a.png").write_bytes(b"")
    (out / "site.css").write_text(
        'a{background:url("/a.png")} b{background:url(/gone.png)} i{background:url(data:x)}'
    )
    (out / "search-index/c.json").write_text('[["/mitglieder/x/","X","","de","",""]]')
    manifest = {"base": "/search-index/", "files": ["s0.json"], "facets": "f.json"}
    manifest["cards"] = {"de": ["c.json"]}
    (out / "search-index/manifest.json").write_text(json.dumps(manifest))
    (out / "mitglieder").mkdir()
    (out / "mitglieder/cards.json").write_text(
        json.dumps({"fields": ["url", "logo"], "cards": [["/mitglieder/", "/logo.png"]]})
    )
    (out / "mitglieder/index.html").write_text("<p>ok</p>")
    assert sorted(_broken(out, "/")) == [
        "mitglieder/cards.json: /logo.png",
        "search-index/manifest.json: /mitglieder/x/",
        "search-index/manifest.json: /search-index/f.json",
        "search-index/manifest.json: /search-index/s0.json",
        "site.css: /gone.png",
    ]
