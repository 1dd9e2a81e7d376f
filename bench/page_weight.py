"""What a browser downloads for one member profile page of a built atlas.

    python bench/page_weight.py --site OUT --project DIR [--budget-kb 50] [--json FILE]

Counts the page's HTML plus every stylesheet (``<link rel="stylesheet" href>``) and
script (``<script src>``) it references, and any external SVG sprite an inline SVG
pulls in with ``<use href="/assets/….svg#id">`` (the district map, when the theme
keeps its paths in a shared file), each as raw bytes and as ``gzip -9`` bytes
(Python's gzip, compressed one file at a time as a server would send them). Images
(``<img>``: the logo) are not counted, nor is the search index (only the search page loads it),
nor anything a script might fetch later. A URL is looked up in the output folder at
the same path (``/assets/css/site.css`` → ``OUT/assets/css/site.css``); absolute URLs
count only when they point to the page's own host (from ``<link rel="canonical">``).

The "typical" profile is the one of median HTML size among all member profiles
(``mitglieder/<slug>/index.html`` for the members in ``DIR/content/members/``); the
largest profile is measured as well. Exit status 1 when the typical page is over the
budget. Standard library only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

PROFILE_DIR = "mitglieder"


class _References(HTMLParser):
    """Collects stylesheet and script URLs and the canonical URL of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.sprites: list[str] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link":
            rel = values.get("rel", "").lower().split()
            if "stylesheet" in rel and values.get("href"):
                self.stylesheets.append(values["href"])
            elif "canonical" in rel and values.get("href"):
                self.canonical = values["href"]
        elif tag == "script" and values.get("src"):
            self.scripts.append(values["src"])
        elif tag == "use":
            href = values.get("href") or values.get("xlink:href") or ""
            if href and not href.startswith("#"):  # an external SVG sprite, e.g. the map
                self.sprites.append(href)


@dataclass
class Resource:
    kind: str
    url: str
    path: str
    raw: int
    gzip: int


@dataclass
class PageWeight:
    page: str
    resources: list[Resource] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    @property
    def raw(self) -> int:
        return sum(r.raw for r in self.resources)

    @property
    def gzip(self) -> int:
        return sum(r.gzip for r in self.resources)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def url_of(site: Path, html_file: Path) -> str:
    rel = html_file.relative_to(site).as_posix()
    return "/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def file_for(site: Path, page_url: str, ref: str, host: str | None) -> Path | None:
    """The output file a referenced URL is served from, or None if it is elsewhere."""
    parts = urlsplit(urljoin(page_url, ref))
    if (parts.scheme or parts.netloc) and parts.netloc != host:
        return None
    path = unquote(parts.path)
    if path.endswith("/"):
        path += "index.html"
    rel = PurePosixPath(path.lstrip("/"))
    if ".." in rel.parts:
        return None
    return site / rel


def weigh(site: Path, html_file: Path) -> PageWeight:
    html = html_file.read_bytes()
    parser = _References()
    parser.feed(html.decode("utf-8"))
    parser.close()
    page_url = url_of(site, html_file)
    host = urlsplit(parser.canonical).netloc if parser.canonical else None
    result = PageWeight(page_url)
    result.resources.append(Resource("html", page_url, str(html_file), len(html), gzip_size(html)))
    seen: set[Path] = set()
    refs = [("css", u) for u in parser.stylesheets] + [("js", u) for u in parser.scripts]
    refs += [("svg", u) for u in parser.sprites]
    for kind, ref in refs:
        target = file_for(site, page_url, ref, host)
        if target is None:
            result.external.append(ref)
            continue
        if target in seen:
            continue
        seen.add(target)
        if not target.is_file():
            raise FileNotFoundError(f"{page_url} references {ref}, but {target} does not exist")
        data = target.read_bytes()
        result.resources.append(Resource(kind, ref, str(target), len(data), gzip_size(data)))
    return result


def profile_pages(site: Path, project: Path) -> list[Path]:
    """The profile page of every member that has one (listed members only)."""
    slugs = sorted(
        p.name.removesuffix(".md")
        for p in (project / "content" / "members").glob("*.md")
        if not p.name.endswith(".en.md")
    )
    pages = (site / PROFILE_DIR / slug / "index.html" for slug in slugs)
    return [p for p in pages if p.is_file()]


def fmt_kb(n: int) -> str:
    return f"{n / 1000:.1f} kB"


def report(label: str, weight: PageWeight, budget: int) -> list[str]:
    lines = [f"{label}: {weight.page}"]
    for r in weight.resources:
        lines.append(
            f"  {r.kind:<4} {r.url:<60} {fmt_kb(r.raw):>10} raw  {fmt_kb(r.gzip):>9} gzip -9"
        )
    verdict = "within" if weight.gzip <= budget else "OVER"
    lines.append(
        f"  {'sum':<65} {fmt_kb(weight.raw):>10} raw  {fmt_kb(weight.gzip):>9} gzip -9"
        f"  ({verdict} the {fmt_kb(budget)} budget)"
    )
    if weight.external:
        lines.append(f"  not counted (other hosts): {', '.join(weight.external)}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Page weight of a typical profile page.")
    parser.add_argument("--site", type=Path, required=True, help="the built output folder")
    parser.add_argument("--project", type=Path, required=True, help="the atlasgen project")
    parser.add_argument("--budget-kb", type=float, default=50.0, help="gzip budget, kB (1000 B)")
    parser.add_argument("--label", default="", help="a name for the report")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures here")
    args = parser.parse_args(argv)
    budget = round(args.budget_kb * 1000)

    pages = profile_pages(args.site, args.project)
    if not pages:
        print(f"page_weight: no profile pages under {args.site / PROFILE_DIR}", file=sys.stderr)
        return 2
    by_size = sorted(pages, key=lambda p: (p.stat().st_size, p.as_posix()))
    typical = weigh(args.site, by_size[(len(by_size) - 1) // 2])
    largest = weigh(args.site, by_size[-1])

    title = f"page weight{f' ({args.label})' if args.label else ''}"
    print(
        f"{title}: {len(pages):,} profile pages; HTML + CSS + JS + SVG sprites,"
        " logo and search index excluded"
    )
    for line in report("typical profile (median HTML size)", typical, budget):
        print(line)
    for line in report("largest profile", largest, budget):
        print(line)

    if args.json is not None:
        result = {
            "label": args.label,
            "site": str(args.site),
            "profiles": len(pages),
            "budget_gzip_bytes": budget,
            "typical": {**asdict(typical), "raw": typical.raw, "gzip": typical.gzip},
            "largest": {**asdict(largest), "raw": largest.raw, "gzip": largest.gzip},
            "within_budget": typical.gzip <= budget,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if typical.gzip <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
