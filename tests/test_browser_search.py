"""The search page in a real browser: theme/static/js/search.js over the sharded lunr index
of the repository's example site (content/, 50 members), built once for this module.

Expected results come from the member files (content/members/*.md), the taxonomy
(content/competences/*.yaml) and the postal code table (src/atlasgen/data/plz_bw.csv),
never from the built site. Where a query may also find members that merely mention a word,
the expectation is a lower bound: "every member offering competence X is among the results".

The tests at the end reproduce bugs found while writing these tests (fixed since).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import yaml
from browser import OpenPage, require_playwright
from conftest import REPO
from searchkit import ShardedSearch

from atlasgen.search.lunr_de import query_terms

require_playwright()
from playwright.sync_api import Locator, Page, Request, Route, expect  # noqa: E402 (after the check)

MEMBERS_DIR = REPO / "content" / "members"
PLZ = REPO / "src" / "atlasgen" / "data" / "plz_bw.csv"
SEARCH = {"de": "/suche/", "en": "/en/search/"}
PROFILES = {"de": "/mitglieder/", "en": "/en/members/"}
COUNT = {
    "de": re.compile(r"^(\d+ Treffer|\d+ Treffer, dazu \d+ weitere|Kein Treffer .* \d+ .*)$"),
    "en": re.compile(r"^(\d+ results?|\d+ results, and \d+ more|No result .* \d+ .*)$"),
}
_PAGE = re.search(
    r"^const PAGE = (\d+);", (REPO / "theme/static/js/search.js").read_text("utf-8"), re.M
)
assert _PAGE, "theme/static/js/search.js: no 'const PAGE = <n>;' (results shown at a time)"
BATCH = int(_PAGE[1])
"""Results shown at a time, then "Mehr anzeigen" (search.js: PAGE)."""
MAX_FIRST_RESULT_BYTES = 600_000
"""Generous bound on what a browser fetches from page load to a query's first result."""


@dataclass(frozen=True)
class Member:
    """A listed member of the example site, as its files say."""

    slug: str
    name: str
    city: str
    district: str
    """District key, e.g. ``08126`` (by the postal code)."""
    district_name: str
    competences: frozenset[str]
    tagline_de: str
    tagline_en: str | None
    text: str
    """Everything its files say (front matter and description, both languages), lower case."""
    needs_text: str = ""
    """The notes of its needs (what it looks for)."""


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def _front_matter(path: Path) -> dict[str, Any]:
    """The front matter of a member file (an English one may have none)."""
    match = _FRONT.match(path.read_text("utf-8"))
    assert match or path.name.endswith(".en.md"), f"{path}: no front matter"
    return (yaml.safe_load(match[1]) or {}) if match else {}


def _districts() -> dict[str, set[tuple[str, str]]]:
    """Postal code → its (district key, district name) pairs."""
    table: dict[str, set[tuple[str, str]]] = {}
    with PLZ.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            table.setdefault(row["postal_code"], set()).add((row["district_ags"], row["district"]))
    return table


def _load_members() -> dict[str, Member]:
    districts = _districts()
    members = {}
    for path in sorted(MEMBERS_DIR.glob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        front = _front_matter(path)
        if front.get("listed", True) is False:
            continue
        slug = path.stem
        english = path.with_name(f"{slug}.en.md")
        front_en = _front_matter(english) if english.exists() else {}
        address = front["address"]
        assert isinstance(address, dict)
        ((district, district_name),) = districts[str(address["postal_code"])]
        texts = [p.read_text("utf-8") for p in (path, english) if p.exists()]
        members[slug] = Member(
            slug=slug,
            name=str(front["name"]),
            city=str(address["city"]),
            district=district,
            district_name=district_name,
            competences=frozenset(front.get("competences") or ()),
            tagline_de=str(front["tagline"]),
            tagline_en=str(front_en["tagline"]) if front_en.get("tagline") else None,
            text="\n".join(texts).lower(),
            needs_text=" ".join(str(n.get("note", "")) for n in front.get("needs") or ()),
        )
    return members


MEMBERS = _load_members()


def offering(competence: str) -> set[str]:
    """The listed members that offer ``competence`` (not those that need it)."""
    found = {m.slug for m in MEMBERS.values() if competence in m.competences}
    assert found, f"no example member offers {competence}: the test data changed"
    return found


def located_in(city: str) -> set[str]:
    return {m.slug for m in MEMBERS.values() if m.city == city}


def mentioning(word: str) -> set[str]:
    return {m.slug for m in MEMBERS.values() if word.lower() in m.text}


# --- The site ------------------------------------------------------------------------------


# --- Helpers ---------------------------------------------------------------------------------


def _box(page: Page) -> Locator:
    return page.locator("#search-input")


def _status(page: Page) -> Locator:
    return page.locator("#search-status")


def _links(page: Page) -> Locator:
    return page.locator("#search-results li.result > a.result-link")


def _more(page: Page) -> Locator:
    return page.locator("#search-more button")


def open_search(page: Page, base_url: str, lang: str = "de", **params: str) -> None:
    """Open the search page and wait until its script has started (it hides the help
    for pages without JavaScript), so that what a test types next is not overwritten:
    see test_text_typed_while_the_search_loads_is_kept."""
    page.goto(_url(base_url, lang, **params))
    expect(page.locator("#search-help")).to_be_hidden()


def _url(base_url: str, lang: str, **params: str) -> str:
    return f"{base_url}{SEARCH[lang]}" + (f"?{urlencode(params)}" if params else "")


def _slug(href: str, lang: str = "de") -> str:
    assert href.startswith(PROFILES[lang]), href
    return href.removeprefix(PROFILES[lang]).strip("/")


def shown(page: Page, lang: str = "de") -> list[str]:
    """The slugs of the results shown, in order."""
    hrefs: list[str] = _links(page).evaluate_all(
        "links => links.map((a) => a.getAttribute('href'))"
    )
    return [_slug(h, lang) for h in hrefs]


def count(page: Page, lang: str = "de") -> int:
    """The number of results the status reports (after it shows a count): all of them
    ("3 Treffer, dazu 9 weitere": 12; "Kein Treffer mit allen Wörtern, 5 Treffer …": 5)."""
    expect(_status(page)).to_have_text(COUNT[lang])
    text = _status(page).text_content() or ""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    return sum(numbers) if re.search(r", (dazu|and) \d+", text) else numbers[-1]


def all_results(page: Page, lang: str = "de") -> set[str]:
    """Every result of the current search: "Mehr anzeigen" until all are shown."""
    total = count(page, lang)
    expect(_links(page)).to_have_count(min(total, BATCH))
    while _links(page).count() < total:
        expect(_more(page)).to_be_visible()
        before = _links(page).count()
        _more(page).click()
        expect(_links(page)).to_have_count(min(total, before + BATCH))
    expect(page.locator("#search-more")).to_be_hidden()
    slugs = shown(page, lang)
    assert len(slugs) == len(set(slugs)) == total, slugs
    return set(slugs)


def type_query(page: Page, base_url: str, text: str, lang: str = "de") -> set[str]:
    """Clear the field (Escape), type ``text`` key by key, wait until the query has
    settled (the URL follows it) and return all its results."""
    if _box(page).input_value():
        _box(page).press("Escape")
        expect(_box(page)).to_have_value("")
        expect(_status(page)).to_have_text("")
    _box(page).press_sequentially(text)
    expect(page).to_have_url(_url(base_url, lang, q=text))
    return all_results(page, lang)


def load_query(page: Page, base_url: str, text: str, lang: str = "de") -> set[str]:
    """Open the search page with ``?q=text`` (a shared link) and return all its results."""
    open_search(page, base_url, lang, q=text)
    expect(_box(page)).to_have_value(text)
    return all_results(page, lang)


# --- Tests -----------------------------------------------------------------------------------


def test_results_appear_as_you_type(page: Page, base_url: str) -> None:
    crailsheim = located_in("Crailsheim")
    # Only the members in Crailsheim mention it: the result is exactly them.
    assert len(crailsheim) >= 2
    assert mentioning("Crailsheim") == crailsheim
    open_search(page, base_url)
    expect(page.locator("#search-facets")).to_be_visible()
    expect(page.locator("#header-search")).to_have_count(0)  # the page's own form only

    _box(page).press_sequentially("Crailsheim")  # no Enter: results come from typing
    expect(_status(page)).to_have_text(f"{len(crailsheim)} Treffer")
    expect(_links(page)).to_have_count(len(crailsheim))
    assert set(shown(page)) == crailsheim
    expect(_links(page)).to_have_text([MEMBERS[s].name for s in shown(page)])
    # The town is marked in each card's place line, and only words of the query are marked.
    expect(page.locator("#search-results .card-meta mark")).to_have_text(
        ["Crailsheim"] * len(crailsheim)
    )
    marks: list[str] = page.locator("#search-results mark").all_text_contents()
    assert all(query_terms(m) == ["crailsheim"] for m in marks), marks
    # After the pause the URL holds the query.
    expect(page).to_have_url(_url(base_url, "de", q="Crailsheim"))

    # A word no member file holds: the status says so, no results.
    assert not mentioning("Xylophon")
    _box(page).press("Escape")
    _box(page).press_sequentially("Xylophon")
    expect(_status(page)).to_have_text(re.compile(r"^Keine Treffer"))
    expect(_links(page)).to_have_count(0)
    expect(page.locator("#search-more")).to_be_hidden()


def test_synonyms_find_the_same_members(page: Page, base_url: str) -> None:
    """KI, AI and Künstliche Intelligenz are label and synonyms of one competence."""
    ai = offering("kuenstliche-intelligenz")
    open_search(page, base_url)
    found = {q: type_query(page, base_url, q) for q in ("KI", "AI", "Künstliche Intelligenz")}
    for query, slugs in found.items():
        assert ai <= slugs, f"{query}: missing {ai - slugs}"
    assert found["KI"] == found["AI"]
    # Two words find the members with either (lunr: OR); those of KI are among them.
    assert found["KI"] <= found["Künstliche Intelligenz"]
    # The competence's members come first.
    expect(_links(page).first).to_be_visible()
    assert set(shown(page)[: len(ai)]) == ai
    # A member's name with the typed word has it marked: "Satzbau AI GmbH".
    type_query(page, base_url, "AI")
    satzbau = _links(page).filter(has_text=MEMBERS["satzbau-ai"].name)
    expect(satzbau.locator("mark")).to_have_text(["AI"])


def test_security_words_find_the_security_members(page: Page, base_url: str) -> None:
    security = offering("cyber-security")
    for query in ("IT-Sicherheit", "Cybersecurity", "Informationssicherheit"):
        found = load_query(page, base_url, query)
        assert security <= found, f"{query}: missing {security - found}"


def test_compounds_and_typos(page: Page, base_url: str, site_dir: Path) -> None:
    # A compound no member writes finds the members offering its parts' competence.
    assert not mentioning("Cloudmigrationsberatung")
    cloud = offering("cloud-migration")
    found = load_query(page, base_url, "Cloudmigrationsberatung")
    assert cloud <= found, f"missing {cloud - found}"

    # One wrong letter (not at the end, so not found as a prefix) in a word of ≥ 5
    # letters finds what the right word finds: fuzzy matching within the word's shard.
    manifest = json.loads((site_dir / "search-index/manifest.json").read_text("utf-8"))
    shards = ShardedSearch(manifest, lambda name: {})
    right, typo = "Crailsheim", "Crailshein"
    [right_term], [typo_term] = query_terms(right), query_terms(typo)
    assert right_term != typo_term and not right_term.startswith(typo_term)
    assert shards.shard_for(right_term) == shards.shard_for(typo_term), "not one shard"
    expected = load_query(page, base_url, right)
    assert expected == located_in(right)
    assert load_query(page, base_url, typo) == expected


def test_keyboard(page: Page, base_url: str) -> None:
    crailsheim = located_in("Crailsheim")
    open_search(page, base_url, q="Crailsheim")
    expect(_status(page)).to_have_text(f"{len(crailsheim)} Treffer")
    links = _links(page)
    box = _box(page)
    box.focus()
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()

    # Escape (here from a result) clears the field and the results.
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("Escape")
    expect(box).to_be_focused()
    expect(box).to_have_value("")
    expect(links).to_have_count(0)
    expect(_status(page)).to_have_text("")

    # Enter on a result opens its profile.
    page.keyboard.type("Crailsheim")
    expect(_status(page)).to_have_text(f"{len(crailsheim)} Treffer")
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    first = _slug(links.nth(0).get_attribute("href") or "")
    assert first in crailsheim
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}{PROFILES['de']}{first}/")
    expect(page.locator("h1")).to_have_text(MEMBERS[first].name)


def test_a_facet_narrows_the_results_and_lives_in_the_url(page: Page, base_url: str) -> None:
    district, district_name = "08126", "Hohenlohekreis"
    in_district = {m.slug for m in MEMBERS.values() if m.district == district}
    assert {MEMBERS[s].district_name for s in in_district} == {district_name}
    open_search(page, base_url)
    # Typed, not submitted: Enter right after typing may start a second search while the
    # first waits for its cards (test_a_second_search_while_cards_load_shows_no_duplicates).
    everywhere = type_query(page, base_url, "Software")  # a batch, then "Mehr anzeigen"
    total = len(everywhere)
    assert total > BATCH, "the test wants a query with more results than one batch"
    wanted = everywhere & in_district
    assert 0 < len(wanted) < len(everywhere)

    select = page.locator("#search-facets select[name=district]")
    expect(select.locator(f"option[value='{district}']")).to_have_text(district_name)
    select.select_option(district)
    expect(_status(page)).to_have_text(f"{len(wanted)} Treffer")
    expect(page).to_have_url(_url(base_url, "de", q="Software", district=district))
    assert all_results(page) == wanted

    # Reload (or a shared link): the same form, the same results.
    page.reload()
    expect(_box(page)).to_have_value("Software")
    expect(select).to_have_value(district)
    expect(_status(page)).to_have_text(f"{len(wanted)} Treffer")
    assert all_results(page) == wanted

    # Back: the query without the facet.
    page.go_back()
    expect(page).to_have_url(_url(base_url, "de", q="Software"))
    expect(select).to_have_value("")
    expect(_box(page)).to_have_value("Software")
    expect(_status(page)).to_have_text(f"{total} Treffer")
    assert all_results(page) == everywhere


def test_the_header_search_of_another_page_leads_to_the_results(page: Page, base_url: str) -> None:
    crailsheim = located_in("Crailsheim")
    page.goto(f"{base_url}/mitglieder/")
    header = page.locator("#header-search")
    header.press_sequentially("Crailsheim")
    header.press("Enter")
    expect(page).to_have_url(_url(base_url, "de", q="Crailsheim"))
    expect(_box(page)).to_have_value("Crailsheim")
    expect(_status(page)).to_have_text(f"{len(crailsheim)} Treffer")
    assert set(shown(page)) == crailsheim


def test_the_english_search_shows_english_results(page: Page, base_url: str) -> None:
    ai = offering("kuenstliche-intelligenz")
    english = {s for s in ai if MEMBERS[s].tagline_en}
    german = ai - english
    assert english and german, "the test wants members with and without an English tagline"
    open_search(page, base_url, "en")
    found = type_query(page, base_url, "AI", "en")  # checks every link is /en/members/…
    assert ai <= found
    n = len(found)
    expect(_status(page)).to_have_text(f"{n} results" if n != 1 else "1 result")
    for slug in ai:
        item = page.locator("#search-results li.result").filter(
            has=page.locator(f"a[href='{PROFILES['en']}{slug}/']")
        )
        tagline = item.locator(".card-tagline")
        member = MEMBERS[slug]
        if member.tagline_en:
            expect(tagline).to_have_text(member.tagline_en)
            expect(tagline).not_to_have_attribute("lang", "de")
        else:  # the German tagline, marked as German
            expect(tagline).to_have_text(member.tagline_de)
            expect(tagline).to_have_attribute("lang", "de")


def test_without_javascript_the_page_points_elsewhere(open_page: OpenPage, base_url: str) -> None:
    page = open_page(java_script_enabled=False)
    page.goto(_url(base_url, "de", q="KI"))
    help_box = page.locator("#search-help")
    expect(help_box).to_be_visible()
    expect(help_box).to_contain_text("braucht JavaScript")
    expect(help_box.get_by_role("link", name="Kompetenzen")).to_have_attribute(
        "href", "/kompetenzen/"
    )
    expect(help_box.get_by_role("link", name="Mitglieder")).to_have_attribute(
        "href", "/mitglieder/"
    )
    expect(help_box.get_by_role("link", name="Regionen")).to_have_attribute("href", "/regionen/")
    expect(page.locator("#search-keys")).to_be_hidden()
    expect(_links(page)).to_have_count(0)
    help_box.get_by_role("link", name="Kompetenzen").click()
    expect(page).to_have_url(f"{base_url}/kompetenzen/")


def test_a_query_fetches_only_a_part_of_the_index(
    open_page: OpenPage, base_url: str, site_dir: Path
) -> None:
    manifest = json.loads((site_dir / "search-index/manifest.json").read_text("utf-8"))
    files = [f"{manifest['base']}{name}" for name in manifest["files"]]
    query = "Crailsheim"
    needed = ShardedSearch(manifest, lambda name: {}).shards_for(query)
    page = open_page(viewport={"width": 1280, "height": 900})
    finished: list[Request] = []
    page.on("requestfinished", lambda request: finished.append(request))
    open_search(page, base_url)
    _box(page).fill(query)  # one input event: one search
    expect(_links(page).first).to_be_visible()

    sizes = {r.url: r.sizes()["responseBodySize"] for r in finished}
    total = sum(sizes.values())
    paths = [urlsplit(url).path for url in sizes]
    fetched = [p for p in paths if p in files]
    print(f"\nbytes from page load to the first result of {query!r}: {total:,} raw")
    for url, size in sorted(sizes.items(), key=lambda item: -item[1]):
        print(f"  {size:>8,}  {urlsplit(url).path}")
    print(f"shards fetched: {len(fetched)} of {len(files)}")
    assert total < MAX_FIRST_RESULT_BYTES
    assert fetched == [f"{manifest['base']}{name}" for name in needed]
    if len(files) > 2:
        assert len(fetched) < len(files)


# --- Bugs found while writing these tests, fixed since ---------------------------------------


def test_without_javascript_the_facets_stay_hidden(open_page: OpenPage, base_url: str) -> None:
    page = open_page(java_script_enabled=False)
    page.goto(_url(base_url, "de", q="KI"))
    expect(page.locator("#search-help")).to_be_visible()
    expect(page.locator("#search-facets")).to_be_hidden(timeout=1_000)


def test_text_typed_while_the_search_loads_is_kept(page: Page, base_url: str) -> None:
    held: list[Route] = []
    page.route("**/search-index/manifest.json", lambda route: held.append(route))
    with page.expect_request("**/search-index/manifest.json"):
        page.goto(_url(base_url, "de"))
    # A slow connection: the manifest is still on its way while the person types.
    _box(page).press_sequentially("Crailsheim")
    expect(_box(page)).to_have_value("Crailsheim")
    assert held, "the manifest request was not held"
    held[0].continue_()
    expect(page.locator("#search-help")).to_be_hidden()
    expect(_box(page)).to_have_value("Crailsheim", timeout=1_000)


def test_arrow_keys_still_change_a_facet_select(page: Page, base_url: str) -> None:
    open_search(page, base_url, q="Software")
    expect(_status(page)).to_have_text(COUNT["de"])
    select = page.locator("#search-facets select[name=district]")
    first_district = select.locator("option").nth(1).get_attribute("value")
    select.focus()
    page.keyboard.press("ArrowDown")  # a closed select (Chromium, Linux): the next option
    expect(select).to_be_focused(timeout=1_000)
    expect(select).to_have_value(first_district or "", timeout=1_000)


def test_a_second_search_while_cards_load_shows_no_duplicates(page: Page, base_url: str) -> None:
    held: list[Route] = []
    cards = "**/search-index/cards-de-*.json"
    page.route(cards, lambda route: held.append(route))
    open_search(page, base_url)
    # A slow connection: the result cards are still on their way …
    _box(page).press_sequentially("Software")
    expect(page).to_have_url(_url(base_url, "de", q="Software"))  # the typed search waits
    assert held, "the card request was not held"
    # … when the person presses Enter: a second search of the same words.
    _box(page).press("Enter")
    for route in held:
        route.continue_()
    page.unroute(cards)
    expect(_status(page)).to_have_text(COUNT["de"])
    expect(_links(page)).to_have_count(BATCH, timeout=2_000)


# --- Issue 16: all words, why it matched, competences and careers ------------------------


def test_members_matching_all_words_come_first_then_a_divider(page: Page, base_url: str) -> None:
    load_query(page, base_url, "Datenschutz Heilbronn")
    status = _status(page).text_content() or ""
    first, more = (int(n) for n in re.findall(r"\d+", status))
    assert first > 0 and more > 0, status
    items = page.locator("#search-results > li")
    # the first `first` items are results, then the divider of the partial matches
    classes = items.evaluate_all("items => items.map((item) => item.className)")
    assert classes[:first] == ["result"] * first
    assert classes[first] == "result-tier"
    expect(items.nth(first)).to_have_text("Treffer mit einigen der Wörter")
    # Only results take a number in the list (1, 2, 3 … with no gap at the divider).
    numbered = items.evaluate_all(
        "items => items.filter((i) => getComputedStyle(i).display === 'list-item')"
        ".map((i) => i.className)"
    )
    assert numbered == ["result"] * len(numbered) and len(numbered) >= first
    for slug in shown(page)[:first]:
        assert "datenschutz" in MEMBERS[slug].competences or "datenschutz" in MEMBERS[slug].text


def test_one_word_divides_whole_word_from_part_of_it(page: Page, base_url: str) -> None:
    """One typed compound: members with only a part of it follow under their own label."""
    load_query(page, base_url, "Datenschutz")
    expect(_status(page)).to_have_text(re.compile(r"^\d+ Treffer, dazu \d+ weitere$"))
    expect(page.locator("#search-results li.result-tier").first).to_have_text(
        "Treffer für einen Teil des Worts"
    )


def test_each_result_says_why_with_the_query_words_marked(page: Page, base_url: str) -> None:
    load_query(page, base_url, "Ausbildung Mediengestalter")
    first = page.locator("#search-results li.result").first
    why = first.locator(".result-why").filter(has_text="Angebot:")
    expect(why).to_have_count(1)
    marks = why.locator("mark").all_text_contents()
    assert marks and all(query_terms(m)[0] in {"ausbild", "mediengestalt"} for m in marks), marks
    # competence lines come once the results file is there; only lines with a query word
    load_query(page, base_url, "Robotik")
    lines = page.locator("#search-results li.result .result-why").filter(has_text="Kompetenzen:")
    expect(lines.first).to_be_visible()
    for text in lines.all_text_contents():
        assert "Robotik" in text


def test_competences_and_careers_pages_are_results_after_the_members(
    page: Page, base_url: str
) -> None:
    load_query(page, base_url, "Robotik")
    group = page.locator("#search-groups section").filter(has_text="Kompetenzen")
    link = group.locator("a.result-link").first
    expect(link).to_have_text("Robotik")
    # members first: the member list comes before the groups in the page
    order = page.evaluate(
        "() => document.getElementById('search-results').compareDocumentPosition("
        "document.getElementById('search-groups'))"
    )
    assert order & 4  # DOCUMENT_POSITION_FOLLOWING
    # the arrow keys walk on from the members into the groups
    _box(page).focus()
    for _ in range(len(shown(page)) + 1):
        page.keyboard.press("ArrowDown")
    expect(link).to_be_focused()
    link.click()
    expect(page.locator("h1")).to_have_text("Robotik")

    load_query(page, base_url, "Ausbildung Fachinformatiker Anwendungsentwicklung")
    careers = page.locator("#search-groups section").filter(has_text="Ausbildung, Studium")
    expect(careers.locator("a.result-link").first).to_have_text(
        "Fachinformatiker/in für Anwendungsentwicklung"
    )


def test_members_looking_for_it_come_last_with_their_need(page: Page, base_url: str) -> None:
    seekers = {s for s, m in MEMBERS.items() if "Zeitreihendatenbank" in m.needs_text}
    assert seekers and mentioning("Zeitreihendatenbank") == seekers  # only in their needs
    load_query(page, base_url, "Zeitreihendatenbank")
    expect(page.locator("#search-results li.result-tier")).to_have_text(
        ["Mitglieder, die das suchen"]
    )
    assert set(shown(page)) == seekers
    expect(page.locator(".result-why mark").first).to_have_text(re.compile("Zeitreihendatenbank"))
