"""The whole example site in a real browser, end to end: every page on a phone (no sideways
scrolling, no console errors, no failed requests, no request to another host), from the
directory to a profile and on to a competence, the language switch, the 404 page, and the
header search on a phone.

The site is the repository's example project (content/, 50 members), built once for this
module. Expected names, labels and paths come from the content files, the i18n files and
``atlasgen.site.urls.SECTIONS``, never from the built site. The directory's filters and the
search page have tests of their own (test_browser_directory.py, test_browser_search.py).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser import TIMEOUT_MS, OpenPage, require_playwright
from conftest import REPO

from atlasgen.content.names import LANGUAGES, SECTIONS, Lang

require_playwright()
from playwright.sync_api import Locator, Page, Request, expect  # noqa: E402 (after the check)

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
STRINGS = {
    lang: yaml.safe_load((REPO / f"theme/i18n/{lang}.yaml").read_text("utf-8"))
    for lang in ("de", "en")
}
MEMBER = "abrechnungszentrum-taubergrund"
"""A listed member of the example site."""
MAX_REPORTED_PAGES = 40
"""Pages reported in full when the crawl fails; the rest are only named."""


def section(lang: Lang, key: str, *rest: str) -> str:
    """A path of the site, e.g. ``section("en", "members", "x")`` → ``/en/members/x/``."""
    parts = ([] if lang == "de" else [lang]) + [SECTIONS[key][lang], *rest]
    return "/" + "".join(f"{part}/" for part in parts)


def home(lang: Lang) -> str:
    return "/" if lang == "de" else f"/{lang}/"


# --- What the content files say ------------------------------------------------------------


def _front_matter(path: Path) -> dict[str, Any]:
    _, front, _ = path.read_text("utf-8").split("---\n", 2)
    data: dict[str, Any] = yaml.safe_load(front)
    return data


@dataclass(frozen=True)
class Competence:
    id: str
    label: dict[str, str]


def _competences() -> dict[str, Competence]:
    found = {}
    for path in sorted((REPO / "content/competences").glob("*.yaml")):
        category = yaml.safe_load(path.read_text("utf-8"))
        for c in category["competences"]:
            found[c["id"]] = Competence(c["id"], c["label"])
    return found


COMPETENCES = _competences()


def member_name(slug: str) -> str:
    return str(_front_matter(REPO / "content/members" / f"{slug}.md")["name"])


def member_competences(slug: str) -> list[str]:
    return list(_front_matter(REPO / "content/members" / f"{slug}.md")["competences"])


def listed_members() -> dict[str, dict[str, Any]]:
    """Slug → front matter of every listed member (the others have no pages)."""
    found = {}
    for path in sorted((REPO / "content/members").glob("*.md")):
        if path.name.count(".") > 1:  # a translation such as x.en.md
            continue
        data = _front_matter(path)
        if data.get("listed", True):
            found[path.stem] = data
    return found


def offering(competence: str) -> set[str]:
    """The slugs of the listed members offering ``competence``."""
    return {slug for slug, data in listed_members().items() if competence in data["competences"]}


def pages_wanted() -> set[str]:
    """Pages the site must have: home, every profile and competence, in both languages."""
    wanted = {"/404.html"}
    for lang in LANGUAGES:
        wanted.add(home(lang))
        wanted |= {section(lang, "members", slug) for slug in listed_members()}
        wanted |= {section(lang, "competences", c) for c in COMPETENCES}
    return wanted


# --- The site ------------------------------------------------------------------------------


def html_pages(site: Path) -> list[str]:
    """The path of every HTML page of the built site (a folder's ``index.html`` as the
    folder, the way links name it)."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if file.name == "index.html":
            rel = rel.removesuffix("index.html")
        paths.append("/" + rel)
    return paths


# --- Every page on a phone -----------------------------------------------------------------

_LOAD_IMAGES = """async () => {
  // Lazy images below the fold count too: load them all, so a missing one is reported.
  const images = [...document.images];
  for (const image of images) image.loading = "eager";
  await Promise.all(images.map((image) => image.complete ? null : new Promise((done) => {
    image.addEventListener("load", done, {once: true});
    image.addEventListener("error", done, {once: true});
  })));
}"""

_OVERFLOW = """() => {
  // Null when the page fits its width; else the element reaching furthest to the right
  // (the outermost of equals), not counting elements inside a box that scrolls or clips.
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  const inBox = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (element) => element.tagName.toLowerCase()
    + (element.id ? `#${element.id}` : "")
    + [...element.classList].map((c) => `.${c}`).join("");
  let worst = null;
  let right = width;
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right > right + 0.5 && !inBox(element)) {
      worst = element;
      right = box.right;
    }
  }
  let path = "";
  if (worst) {
    const names = [];
    for (let up = worst; up && up !== document.body && names.length < 5; up = up.parentElement) {
      names.unshift(name(up));
    }
    const box = worst.getBoundingClientRect();
    const html = worst.outerHTML.replace(/\\s+/g, " ").slice(0, 120);
    path = `${names.join(" > ")} (${Math.round(box.width)} px wide, right edge at `
      + `${Math.round(box.right)} px): ${html}`;
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, element: path};
}"""


def _report(problems: dict[str, list[str]], visited: int) -> str:
    lines = [f"{len(problems)} of {visited} pages have problems (375 px wide, JavaScript on):"]
    for path, found in list(problems.items())[:MAX_REPORTED_PAGES]:
        lines.append(f"{path}")
        lines += [f"    {p}" for p in found]
    if len(problems) > MAX_REPORTED_PAGES:
        rest = list(problems)[MAX_REPORTED_PAGES:]
        lines.append(f"… and {len(rest)} more pages: {', '.join(rest)}")
    return "\n".join(lines)


def test_every_page_fits_a_phone_and_loads_cleanly(
    open_page: OpenPage, base_url: str, site_dir: Path
) -> None:
    """Every HTML page of the site, at 375 × 740 px with JavaScript: no sideways scrolling,
    no console error or uncaught exception, no failed request, no request to another host."""
    pages = html_pages(site_dir)
    missing = pages_wanted() - set(pages)
    assert not missing, f"pages not found in {site_dir}: {sorted(missing)}"
    page = open_page(viewport=PHONE)
    pending: set[Request] = set()
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", lambda request: pending.discard(request))
    problems: dict[str, list[str]] = {}
    for path in pages:
        found = []
        response = page.goto(base_url + path, wait_until="load")
        if response is None or response.status != 200:
            found.append(f"status {response.status if response else 'none'}")
        page.evaluate(_LOAD_IMAGES)
        # Let the requests the page's scripts started end here, not in the next page.
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while pending and time.monotonic() < deadline:
            page.wait_for_timeout(20)
        found += [f"request still open after {TIMEOUT_MS} ms: {r.url}" for r in pending]
        pending.clear()
        overflow = page.evaluate(_OVERFLOW)
        if overflow:
            found.append(
                f"scrolls sideways: {overflow['scrollWidth']} px wide in a "
                f"{overflow['clientWidth']} px viewport; furthest right: "
                f"{overflow['element'] or '(no element found)'}"
            )
        found += open_page.watch.take()
        if found:
            problems[path] = found
    if problems:
        pytest.fail(_report(problems, len(pages)), pytrace=False)


# --- Profile navigation --------------------------------------------------------------------


def find_on_numbered_pages(page: Page, link: Locator, what: str) -> None:
    """Follow a list's "next" links until ``link`` is on the page (the first, as a rule)."""
    while not link.count():
        following = page.locator(".pager a[rel=next]")
        assert following.count(), f"{what}: on no page of the list"
        following.click()
        expect(page.locator("main")).to_be_visible()


def test_from_the_directory_to_a_profile_and_back(page: Page, base_url: str) -> None:
    name = member_name(MEMBER)
    directory = section("de", "members")
    page.goto(base_url + directory)
    card = page.locator("#member-list .card-title").get_by_role("link", name=name, exact=True)
    find_on_numbered_pages(page, card, f"{name} in the directory")
    card.click()
    expect(page).to_have_url(base_url + section("de", "members", MEMBER))
    expect(page.locator("h1")).to_have_text(name)
    expect(page).to_have_title(re.compile(f"^{re.escape(name)} – "))
    # The way back: the navigation marks the section the profile belongs to.
    back = page.get_by_role("navigation", name=STRINGS["de"]["nav_label"]).get_by_role(
        "link", name=STRINGS["de"]["nav_members"], exact=True
    )
    expect(back).to_have_attribute("aria-current", "page")
    back.click()
    expect(page).to_have_url(base_url + directory)
    expect(page.locator("h1")).to_have_text(STRINGS["de"]["nav_members"])


def test_a_competence_of_a_profile_lists_the_member(page: Page, base_url: str) -> None:
    name = member_name(MEMBER)
    competence = COMPETENCES[member_competences(MEMBER)[0]]
    assert MEMBER in offering(competence.id)
    page.goto(base_url + section("de", "members", MEMBER))
    offered = page.get_by_role("region", name=STRINGS["de"]["profile_competences"])
    offered.get_by_role("link", name=competence.label["de"], exact=True).click()
    expect(page).to_have_url(base_url + section("de", "competences", competence.id))
    expect(page.locator("h1")).to_have_text(competence.label["de"])
    profile = page.locator("#member-list").get_by_role("link", name=name, exact=True)
    find_on_numbered_pages(page, profile, f"{name} in {competence.id}")
    expect(profile).to_have_attribute("href", section("de", "members", MEMBER))
    profile.click()
    expect(page.locator("h1")).to_have_text(name)


# --- Language switch -----------------------------------------------------------------------

_COMPETENCE = member_competences(MEMBER)[0]
SWITCHES = {
    "home": (home("de"), home("en")),
    "profile": (section("de", "members", MEMBER), section("en", "members", MEMBER)),
    "competence": (
        section("de", "competences", _COMPETENCE),
        section("en", "competences", _COMPETENCE),
    ),
}
HEADINGS: dict[str, dict[str, str]] = {
    "home": yaml.safe_load((REPO / "atlas.yaml").read_text("utf-8"))["title"],
    "profile": {"de": member_name(MEMBER), "en": member_name(MEMBER)},
    "competence": COMPETENCES[_COMPETENCE].label,
}
"""What the ``<h1>`` of each page says, per language."""


def _alternates(page: Page) -> dict[str, str]:
    """hreflang → path of the ``<link rel="alternate">`` elements in the head."""
    links: list[list[str]] = page.locator('head link[rel="alternate"][hreflang]').evaluate_all(
        "links => links.map((l) => [l.hreflang, new URL(l.href).pathname])"
    )
    return dict((lang, path) for lang, path in links)


@pytest.mark.parametrize("kind", SWITCHES)
def test_the_language_switch_leads_to_the_same_page(page: Page, base_url: str, kind: str) -> None:
    paths = dict(zip(("de", "en"), SWITCHES[kind], strict=True))
    page.goto(base_url + paths["de"])
    expect(page.locator("h1")).to_have_text(HEADINGS[kind]["de"])
    for lang, other in (("de", "en"), ("en", "de")):
        expect(page).to_have_url(base_url + paths[lang])
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert _alternates(page) == {"de": paths["de"], "en": paths["en"], "x-default": paths["de"]}
        switch = page.get_by_role("banner").get_by_role(
            "link", name=STRINGS[lang]["other_language"], exact=True
        )
        expect(switch).to_have_attribute("hreflang", other)
        switch.click()
        expect(page).to_have_url(base_url + paths[other])
        expect(page.locator("html")).to_have_attribute("lang", other)
        expect(page.locator("h1")).to_have_text(HEADINGS[kind][other])


# --- 404 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["/gibt-es-nicht/", "/en/members/niemand/"])
def test_a_missing_page_shows_the_404_page(
    open_page: OpenPage, base_url: str, missing: str
) -> None:
    open_page.allow_missing(missing)
    page = open_page(viewport=DESKTOP)
    response = page.goto(base_url + missing)
    assert response is not None and response.status == 404
    de, en = STRINGS["de"], STRINGS["en"]
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("h1")).to_have_text(de["not_found_title"])
    english = page.locator('[lang="en"]')
    expect(english.get_by_role("heading")).to_have_text(en["not_found_title"])
    links = {
        (de["not_found_home"], home("de")),
        (de["not_found_search"], section("de", "search")),
        (en["not_found_home"], home("en")),
        (en["not_found_search"], section("en", "search")),
    }
    for name, href in links:
        expect(page.get_by_role("link", name=name, exact=True)).to_have_attribute("href", href)
    # The page is styled (its stylesheet's path does not depend on the missing URL's).
    expect(page.locator("body")).not_to_have_css("margin", "8px")

    page.get_by_role("link", name=de["not_found_home"], exact=True).click()
    expect(page).to_have_url(base_url + home("de"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.go_back()
    expect(page).to_have_url(base_url + missing)
    page.get_by_role("link", name=en["not_found_search"], exact=True).click()
    expect(page).to_have_url(base_url + section("en", "search"))
    expect(page.locator("#search-input")).to_be_visible()


# --- Header on a phone ---------------------------------------------------------------------


def test_the_header_search_and_navigation_work_on_a_phone(
    open_page: OpenPage, base_url: str
) -> None:
    page = open_page(viewport=PHONE)
    page.goto(base_url + section("de", "competences"))
    # On a phone the navigation and the search are in the menu, which opens without JS.
    menu = page.locator("details.menu > summary")
    expect(menu).to_be_in_viewport(ratio=1)
    menu.click()
    nav = page.get_by_role("navigation", name=STRINGS["de"]["nav_label"]).get_by_role("link")
    nav_labels = [v for k, v in STRINGS["de"].items() if k.startswith("nav_") and k != "nav_label"]
    expect(nav).to_have_count(len(nav_labels))
    boxes = []
    for i in range(nav.count()):
        expect(nav.nth(i)).to_be_in_viewport(ratio=1)
        box = nav.nth(i).bounding_box()
        assert box is not None
        boxes.append((nav.nth(i).text_content(), box))
    for i, (a, one) in enumerate(boxes):  # no link covers another
        for b, two in boxes[i + 1 :]:
            apart = (
                one["x"] + one["width"] <= two["x"]
                or two["x"] + two["width"] <= one["x"]
                or one["y"] + one["height"] <= two["y"]
                or two["y"] + two["height"] <= one["y"]
            )
            assert apart, f"navigation links {a!r} and {b!r} overlap: {one} {two}"

    field = page.locator("#menu-search")
    expect(field).to_be_in_viewport(ratio=1)
    box = field.bounding_box()
    assert box is not None and box["width"] >= 120, f"header search field too narrow: {box}"
    expect(page.locator(".menu-search button")).to_be_in_viewport(ratio=1)
    field.click()  # fails if another element covers the field
    field.press_sequentially("Datenschutz")
    field.press("Enter")
    expect(page).to_have_url(base_url + section("de", "search") + "?q=Datenschutz")
    expect(page.locator("#search-input")).to_have_value("Datenschutz")
    wanted = offering("datenschutz")
    status = page.locator("#search-status")
    # "6 Treffer" or, with members that have only a part of the word, "6 Treffer, dazu 17 weitere"
    expect(status).to_have_text(re.compile(r"^\d+ Treffer(, dazu \d+ weitere)?$"))
    assert int((status.text_content() or "0").split()[0]) >= len(wanted) > 0
    expect(page.locator("#search-results a.result-link").first).to_be_visible()

    # The last navigation link works too.
    menu.click()
    last = nav.last
    label = last.text_content()
    last.click()
    expect(page.locator("h1")).to_have_text(label or "")
