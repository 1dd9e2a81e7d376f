"""The careers hub in a real browser: the filters of theme/static/js/careers.js (kind,
district, occupation, "near a town"), the hub without JavaScript and on a phone.

The site is test_careers.py's: tests/sites/minimal plus its ``MEMBERS``, built once for
this module. Expected results are computed from ``MEMBERS`` (``expected_entries``) and,
for distances, from the bundled postal-code positions, never read back from the site.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import pytest
from browser import OpenPage, require_playwright, serve
from test_careers import (
    DISTRICTS,
    HUB,
    KINDS,
    PAGE_SIZE,
    Entry,
    Member,
    district_url,
    expected_entries,
    kind_url,
    make_site,
)

from atlasgen.content.refdata import distance_km, postal_codes

require_playwright()
from playwright.sync_api import Locator, Page, expect  # noqa: E402 (after the check)

ALL = expected_entries()
COUNT = {"de": "{n} Angebote", "en": "{n} offers"}
KIND_LABEL = {
    "de": {
        "apprenticeships": "Ausbildung",
        "dual_study": "Duales Studium",
        "internships": "Praktika",
        "theses": "Abschlussarbeiten",
        "working_students": "Werkstudentenstellen",
        "jobs": "Offene Stellen",
    },
}
UNKNOWN_PLACE = "Diesen Ort kennt der Atlas nicht"


@pytest.fixture(scope="module")
def careers_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """test_careers.py's site, built once for this module and served on 127.0.0.1."""
    out = make_site(tmp_path_factory.mktemp("browser-careers") / "site")
    with serve(out) as url:
        yield url


def _of(kind: str | None = None, district: str | None = None) -> list[Entry]:
    return [
        e
        for e in ALL
        if (kind is None or e.kind == kind) and (district is None or e.member.district == district)
    ]


def _cards(page: Page) -> Locator:
    return page.locator("#careers-list .offer-card")


def expect_offers(page: Page, entries: list[Entry], lang: str = "de") -> None:
    """The list shows exactly ``entries``, in this order: member, title, place."""
    cards = _cards(page)
    expect(cards.locator(".offer-member")).to_have_text([e.member.name for e in entries])
    expect(cards.locator(".offer-title")).to_have_text([e.title(lang) for e in entries])
    places = [f"{e.member.city} · {DISTRICTS[e.member.district][0]}" for e in entries]
    expect(cards.locator(".offer-place")).to_have_text([re.compile(re.escape(p)) for p in places])


def expect_count(page: Page, n: int, lang: str = "de") -> None:
    text = ("1 Angebot" if lang == "de" else "1 offer") if n == 1 else COUNT[lang].format(n=n)
    expect(page.locator("#careers-count")).to_have_text(text)


def expect_unfiltered(page: Page) -> None:
    """The hub as built: its first page of offers and the total."""
    expect_offers(page, ALL[:PAGE_SIZE])
    expect_count(page, len(ALL))


def _field(page: Page, name: str) -> Locator:
    return page.locator(f"#careers-filters [name={name}]")


# ----------------------------------------------------------------- kind and district


def test_kind_and_district_filter_and_live_in_the_url(page: Page, careers_url: str) -> None:
    apprenticeships = _of("apprenticeships")
    in_hall = _of("apprenticeships", "08127")
    # The test data: the district narrows the kind, and both fit on one screen of cards.
    assert len(_of(district="08127")) > len(in_hall) > 1
    assert len(apprenticeships) > len(in_hall)
    assert len(apprenticeships) <= PAGE_SIZE
    hub = f"{careers_url}{HUB['de']}"
    page.goto(hub)
    expect(page.locator("#careers-filters")).to_be_visible()
    expect_unfiltered(page)

    _field(page, "kind").select_option(label=KIND_LABEL["de"]["apprenticeships"])
    expect_offers(page, apprenticeships)
    expect_count(page, len(apprenticeships))
    expect(page).to_have_url(f"{hub}?kind=apprenticeships")
    _field(page, "district").select_option(label="Landkreis Schwäbisch Hall")
    expect_offers(page, in_hall)
    expect_count(page, len(in_hall))
    expect(page).to_have_url(f"{hub}?kind=apprenticeships&district=08127")

    # The URL can be reloaded (or shared): same form, same list.
    page.reload()
    expect(_field(page, "kind")).to_have_value("apprenticeships")
    expect(_field(page, "district")).to_have_value("08127")
    expect_offers(page, in_hall)
    expect_count(page, len(in_hall))

    # Back: the kind alone, then the hub as built; forward: the kind again.
    page.go_back()
    expect(page).to_have_url(f"{hub}?kind=apprenticeships")
    expect(_field(page, "district")).to_have_value("")
    expect(_field(page, "kind")).to_have_value("apprenticeships")
    expect_offers(page, apprenticeships)
    page.go_back()
    expect(page).to_have_url(hub)
    expect(_field(page, "kind")).to_have_value("")
    expect_unfiltered(page)
    page.go_forward()
    expect_offers(page, apprenticeships)


def test_a_district_alone_shows_every_kind_there(page: Page, careers_url: str) -> None:
    wanted = _of(district="08126")
    assert len({e.kind for e in wanted}) > 2
    page.goto(f"{careers_url}{HUB['de']}?district=08126")
    expect(_field(page, "district")).to_have_value("08126")
    expect_offers(page, wanted)
    expect_count(page, len(wanted))


# ----------------------------------------------------------------------- near a town


def _position(member: Member) -> tuple[float, float]:
    place = next(p for p in postal_codes()[member.postal_code] if p.place == member.city)
    return place.lat, place.lon


def _town(name: str) -> tuple[float, float]:
    """A town's position as places.json gives it: the mean of its postal codes'."""
    points = [(p.lat, p.lon) for rows in postal_codes().values() for p in rows if p.place == name]
    assert points, name
    return (
        round(sum(p[0] for p in points) / len(points), 4),
        round(sum(p[1] for p in points) / len(points), 4),
    )


def _near(origin: tuple[float, float], radius: float) -> list[tuple[Entry, float]]:
    """The offers within ``radius`` km of ``origin``, nearest first (ties: list order)."""
    found = [(e, distance_km(*origin, *_position(e.member))) for e in ALL]
    # No member sits so close to the edge that rounding could decide.
    assert all(abs(d - radius) > 1 for _, d in found)
    return sorted([(e, d) for e, d in found if d <= radius], key=lambda pair: pair[1])


def _km(distance: float) -> str:
    return "< 1 km entfernt" if distance < 1 else f"{math.floor(distance + 0.5)} km entfernt"


def expect_near(page: Page, near: list[tuple[Entry, float]]) -> None:
    """The offers of ``near`` in this order, each with its distance (the first
    ``PAGE_SIZE``, then "Mehr anzeigen" shows the rest)."""
    shown = near[:PAGE_SIZE]
    expect_offers(page, [e for e, _ in shown])
    expect(_cards(page).locator(".offer-distance")).to_have_text([_km(d) for _, d in shown])
    expect_count(page, len(near))
    more = page.get_by_role("button", name="Mehr anzeigen")
    if len(near) <= PAGE_SIZE:
        expect(more).to_be_hidden()
        return
    more.click()
    expect_offers(page, [e for e, _ in near])
    expect(_cards(page).locator(".offer-distance")).to_have_text([_km(d) for _, d in near])
    expect(more).to_be_hidden()


def test_near_a_town_or_a_postal_code_shows_the_offers_within_the_radius(
    page: Page, careers_url: str
) -> None:
    crailsheim = _near(_town("Crailsheim"), 25)
    assert 3 < len(crailsheim) < len(ALL)
    assert {e.member.district for e, _ in crailsheim} == {"08127"}
    oehringen = _near(_position(next(e.member for e in ALL if e.member.postal_code == "74613")), 25)
    assert len({e.member.district for e, _ in oehringen}) > 1  # distance, not district
    hub = f"{careers_url}{HUB['de']}"
    page.goto(hub)
    expect(_field(page, "radius")).to_have_value("25")

    _field(page, "near").fill("Crailsheim")
    expect_near(page, crailsheim)
    expect(page).to_have_url(f"{hub}?near=Crailsheim&radius=25")
    expect(page.locator("#careers-near-problem")).to_be_hidden()

    _field(page, "near").fill("74613")
    expect_near(page, oehringen)
    expect(page).to_have_url(f"{hub}?near=74613&radius=25")

    # A wider radius finds more; the URL keeps it.
    wider = _near(_town("Crailsheim"), 50)
    assert len(wider) > PAGE_SIZE  # more than one screen of cards
    _field(page, "near").fill("Crailsheim")
    expect_near(page, crailsheim)
    _field(page, "radius").select_option("50")
    expect_near(page, wider)
    expect(page).to_have_url(f"{hub}?near=Crailsheim&radius=50")
    page.reload()
    expect(_field(page, "radius")).to_have_value("50")
    expect_near(page, wider)


def test_an_unknown_place_is_said_and_does_not_filter(page: Page, careers_url: str) -> None:
    page.goto(f"{careers_url}{HUB['de']}")
    problem = page.locator("#careers-near-problem")
    expect(problem).to_be_hidden()
    _field(page, "near").fill("Atlantis")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text(UNKNOWN_PLACE)
    expect_count(page, len(ALL))
    expect_offers(page, ALL[:PAGE_SIZE])
    expect(_cards(page).locator(".offer-distance")).to_have_count(0)
    # With a kind, the kind still filters.
    _field(page, "kind").select_option("internships")
    expect_offers(page, _of("internships"))
    expect(problem).to_be_visible()
    # A known place: the message goes.
    _field(page, "near").fill("Crailsheim")
    expect(problem).to_be_hidden()
    expect_offers(page, [e for e, _ in _near(_town("Crailsheim"), 25) if e.kind == "internships"])


# ------------------------------------------------------------------ occupation select


def _offered(select: Locator) -> list[str]:
    """The options a visitor can pick: not hidden themselves nor by their group."""
    labels: list[str] = select.evaluate(
        """(select) => Array.from(select.options)
            .filter((o) => getComputedStyle(o).display !== "none"
                && !(o.parentElement.localName === "optgroup"
                     && getComputedStyle(o.parentElement).display === "none"))
            .map((o) => o.textContent.trim())"""
    )
    return labels


def _groups(kind: str) -> list[str]:
    """The occupations or programmes of ``kind`` as the select names them, by title."""
    keys: dict[str, list[Entry]] = {}
    for e in _of(kind):
        keys.setdefault(e.title_de, []).append(e)
    return [f"{title} ({len(entries)})" for title, entries in keys.items()]


def test_the_occupation_select_offers_the_chosen_kinds_occupations(
    page: Page, careers_url: str
) -> None:
    page.goto(f"{careers_url}{HUB['de']}")
    key = _field(page, "key")
    every = _groups("apprenticeships") + _groups("dual_study")
    expect(key.locator("option")).to_have_count(1 + len(every))
    assert _offered(key) == ["Alle", *every]

    _field(page, "kind").select_option("dual_study")
    assert _groups("dual_study") == ["Informatik (2)", "Wirtschaftsinformatik (2)"]
    expect(page).to_have_url(re.compile(r"kind=dual_study"))
    assert _offered(key) == ["Alle", *_groups("dual_study")]
    _field(page, "kind").select_option("apprenticeships")
    expect_offers(page, _of("apprenticeships"))
    assert _offered(key) == ["Alle", *_groups("apprenticeships")]
    _field(page, "kind").select_option("internships")
    expect_offers(page, _of("internships"))
    assert _offered(key) == ["Alle"]

    # An occupation filters; another kind then shows that kind, not nothing.
    _field(page, "kind").select_option("apprenticeships")
    key.select_option("apprenticeships:mechatroniker")
    mechatronics = [e for e in ALL if e.key == "mechatroniker"]
    assert len(mechatronics) > 1
    expect_offers(page, mechatronics)
    expect(page).to_have_url(
        f"{careers_url}{HUB['de']}?kind=apprenticeships&key=apprenticeships%3Amechatroniker"
    )
    _field(page, "kind").select_option("internships")
    expect(key).to_have_value("")
    expect_offers(page, _of("internships"))
    expect_count(page, len(_of("internships")))


# ---------------------------------------------------------------------- no JavaScript


def test_without_javascript_the_static_pages_filter(open_page: OpenPage, careers_url: str) -> None:
    page = open_page(java_script_enabled=False)
    page.goto(f"{careers_url}{HUB['de']}")
    expect(page.locator("#careers-filters")).to_be_hidden()
    static = page.locator("#careers-pages")
    expect(static).to_be_visible()
    expect_unfiltered(page)
    kinds = [k for k in KINDS if _of(k)]
    expect(static.get_by_role("link")).to_have_text(
        [re.compile(r"^Alle")]
        + [re.compile(rf"^{KIND_LABEL['de'][k]} {len(_of(k))}$") for k in kinds]
        + [re.compile(rf"^{DISTRICTS[d][0]} {len(_of(district=d))}$") for d in DISTRICTS]
    )

    static.get_by_role("link", name=re.compile(r"^Ausbildung \d+$")).click()
    expect(page).to_have_url(f"{careers_url}{kind_url('de', 'apprenticeships')}")
    expect_offers(page, _of("apprenticeships"))
    expect_count(page, len(_of("apprenticeships")))

    page.locator("#careers-pages").get_by_role(
        "link", name=re.compile(r"^Landkreis Schwäbisch Hall \d+$")
    ).click()
    expect(page).to_have_url(f"{careers_url}{district_url('de', '08127', 'apprenticeships')}")
    wanted = _of("apprenticeships", "08127")
    expect_offers(page, wanted)
    expect_count(page, len(wanted))


# ---------------------------------------------------------------------------- phone

PHONE = {"width": 375, "height": 667}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_hub_fits_a_phone(open_page: OpenPage, careers_url: str, javascript: bool) -> None:
    page = open_page(viewport=PHONE, java_script_enabled=javascript)
    page.goto(f"{careers_url}{HUB['de']}")
    expect_unfiltered(page)
    if javascript:
        expect(page.locator("#careers-filters")).to_be_visible()
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{width} px wide: horizontal scrolling"
    top = _cards(page).first.evaluate("(card) => card.getBoundingClientRect().top + window.scrollY")
    assert top < 1.2 * PHONE["height"], f"the first offer starts at {top} px"
    if javascript:
        _field(page, "near").fill("Crailsheim")
        expect(_cards(page).locator(".offer-distance").first).to_be_visible()
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= PHONE["width"], f"{width} px wide with distances"


# -------------------------------------------------------------------------- English


def test_the_english_hub_filters_in_english(page: Page, careers_url: str) -> None:
    page.goto(f"{careers_url}{HUB['en']}")
    expect_offers(page, ALL[:PAGE_SIZE], "en")
    _field(page, "kind").select_option(label="Apprenticeships")
    wanted = _of("apprenticeships")
    expect_offers(page, wanted, "en")
    expect_count(page, len(wanted), "en")
    expect(page).to_have_url(f"{careers_url}{HUB['en']}?kind=apprenticeships")


def test_filters_on_the_last_numbered_page_show_a_full_batch(page: Page, careers_url: str) -> None:
    """The hub's last page holds fewer offers than a page can; a filter set there still
    shows ``PAGE_SIZE`` offers at a time, not as many as that page happened to hold."""
    pages = -(-len(ALL) // PAGE_SIZE)
    on_last = len(ALL) - (pages - 1) * PAGE_SIZE
    assert pages > 1 and on_last < PAGE_SIZE
    district = max(DISTRICTS, key=lambda d: len(_of(district=d)))
    wanted = _of(district=district)
    assert len(wanted) > on_last, "the test data: a district with more offers than the last page"
    page.goto(f"{careers_url}{HUB['de']}seite/{pages}/")
    expect(_cards(page)).to_have_count(on_last)
    _field(page, "district").select_option(district)
    expect_offers(page, wanted[:PAGE_SIZE])
