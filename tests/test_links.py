"""Every internal link, image and stylesheet of the built site points at a file it wrote."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO

from atlasgen.site import build_site


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)
            if name == "id" and value:
                self.ids.add(value)


def _broken(out: Path, base_path: str) -> list[str]:
    pages = {p: p.read_text("utf-8") for p in out.rglob("*.html")}
    ids: dict[Path, set[str]] = {}
    links: dict[Path, list[str]] = {}
    for path, html in pages.items():
        parser = _Links()
        parser.feed(html)
        ids[path], links[path] = parser.ids, parser.urls
    broken = []
    for path, urls in links.items():
        for url in urls:
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


@pytest.mark.parametrize("bad", ["/mitglieder/nobody/", "/assets/css/missing.css", "#nowhere"])
def test_the_link_check_finds_broken_links(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "out"
    (out / "mitglieder").mkdir(parents=True)
    (out / "index.html").write_text(f'<a href="{bad}">x</a><a id="here" href="#here">y</a>')
    assert len(_broken(out, "/")) == 1
