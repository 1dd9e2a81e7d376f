"""The member directory in a real browser: the filters of theme/static/js/directory.js on a
built site, and the directory without JavaScript and on a phone.

The site is tests/sites/minimal plus the members in ``MEMBERS``, three cards per page, so
that filter results span several numbered pages. Expected results are computed from
``MEMBERS``, never read back from the built site.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from browser import OpenPage, require_playwright, serve
from conftest import SITES

from atlasgen.build import build_site

require_playwright()
from playwright.sync_api import Locator, Page, expect  # noqa: E402 (after the check)

PAGE_SIZE = 3
DISTRICT = {  # postal code → district key (src/atlasgen/data/plz_bw.csv)
    "74072": "08121",
    "74172": "08125",
    "74653": "08126",
    "74523": "08127",
    "97941": "08128",
}
CITY = {
    "74072": "Heilbronn",
    "74172": "Neckarsulm",
    "74653": "Künzelsau",
    "74523": "Schwäbisch Hall",
    "97941": "Tauberbischofsheim",
}
CATEGORY = {
    "webentwicklung": "software",
    "cloud-migration": "software",
    "kuenstliche-intelligenz": "software",
    "isms": "software",
    "it-beratung": "beratung",
    "datenschutz-beratung": "beratung",
}
MARKUP_NAME = "Juliett <i>Apps</i> UG"
MARKUP_TAGLINE = "<b>fett</b> &lt;script&gt; & Apps"
"""A name and a tagline that look like HTML: pages must show them as these very characters."""


@dataclass(frozen=True)
class Member:
    """A member of the test site: what its file says, and so what the directory shows."""

    slug: str
    name: str
    type: str
    postal_code: str
    competences: tuple[str, ...]
    employees: str = "1-9"
    offers: tuple[str, ...] = ()
    """Kinds of offers: ``apprenticeships``, ``dual_study``, ``jobs``."""
    tagline: str = "Software aus der Region"
    listed: bool = True

    @property
    def district(self) -> str:
        return DISTRICT[self.postal_code]

    @property
    def training(self) -> bool:
        return bool({"apprenticeships", "dual_study"} & set(self.offers))

    @property
    def jobs(self) -> bool:
        return "jobs" in self.offers

    @property
    def categories(self) -> set[str]:
        return {CATEGORY[c] for c in self.competences}


# alpha-software and beta-security (not listed) come with tests/sites/minimal.
MEMBERS = [
    Member(
        "alpha-software",
        "Alpha Software GmbH",
        "company",
        "74072",
        ("webentwicklung", "cloud-migration"),
        employees="10-49",
        tagline="Webanwendungen für den Mittelstand",
    ),
    Member("beta-security", "Beta Security e. K.", "freelancer", "74653", ("isms",), listed=False),
    Member("cirrus-cloud", "Cirrus Cloud GmbH", "startup", "74072", ("cloud-migration",)),
    Member(
        "delta-daten",
        "Delta Daten AG",
        "company",
        "74523",
        ("kuenstliche-intelligenz", "it-beratung"),
        employees="50-249",
        offers=("apprenticeships", "jobs"),
    ),
    Member("echo-web", "Echo Web e. K.", "freelancer", "97941", ("webentwicklung",)),
    Member(
        "foxtrot-ki",
        "Foxtrot KI GmbH",
        "startup",
        "74072",
        ("kuenstliche-intelligenz", "webentwicklung"),
    ),
    Member(
        "golf-beratung",
        "Golf Beratung GmbH",
        "company",
        "74653",
        ("it-beratung", "datenschutz-beratung"),
        employees="10-49",
        offers=("dual_study",),
    ),
    Member(
        "hotel-hochschule",
        "Hotel Hochschule",
        "university",
        "74072",
        ("webentwicklung", "kuenstliche-intelligenz"),
        employees="250-999",
        offers=("jobs", "dual_study"),
    ),
    Member(
        "india-systems",
        "India Systems GmbH",
        "company",
        "74172",
        ("webentwicklung", "it-beratung"),
        employees="10-49",
    ),
    Member(
        "juliett-apps",
        MARKUP_NAME,
        "startup",
        "74523",
        ("webentwicklung",),
        tagline=MARKUP_TAGLINE,
    ),
]
LISTED = [m for m in MEMBERS if m.listed]  # directory order: by slug

CATEGORY_FILE = """\
id: beratung
label:
  de: IT-Beratung
  en: IT consulting
competences:
  - id: it-beratung
    label:
      de: IT-Beratung
      en: IT consulting
  - id: datenschutz-beratung
    label:
      de: Datenschutzberatung
      en: Data protection consulting
"""


def _member_file(m: Member) -> str:
    offers = "offers:\n" if m.offers else ""
    if "jobs" in m.offers:
        offers += f"  jobs:\n    url: https://www.{m.slug}.example.com/jobs/\n"
    if "apprenticeships" in m.offers:
        offers += "  apprenticeships:\n    professions: [Fachinformatiker/in]\n"
        offers += "    until: 2027-08-31\n"
    if "dual_study" in m.offers:
        offers += "  dual_study:\n    programs: [Wirtschaftsinformatik (DHBW Mosbach)]\n"
    tagline = m.tagline.replace('"', '\\"')
    return (
        f'---\nname: {m.name}\ntype: {m.type}\ntagline: "{tagline}"\n'
        f'address:\n  street: Marktplatz 1\n  postal_code: "{m.postal_code}"\n'
        f"  city: {CITY[m.postal_code]}\nemployees: {m.employees}\n"
        f"competences: [{', '.join(m.competences)}]\n{offers}---\n{m.name} in der Region.\n"
    )


def _matching(**wanted: str | bool) -> list[Member]:
    """The listed members a filter should show, in directory order."""

    def fits(m: Member) -> bool:
        checks: dict[str, Callable[[str | bool], bool]] = {
            "competence": lambda v: v in m.competences,
            "category": lambda v: v in m.categories,
            "district": lambda v: v == m.district,
            "type": lambda v: v == m.type,
            "training": lambda v: m.training,
            "jobs": lambda v: m.jobs,
        }
        return all(checks[name](value) for name, value in wanted.items())

    return [m for m in LISTED if fits(m)]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test site, built once for this module and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("browser") / "site"
    shutil.copytree(SITES / "minimal", root)
    (root / "atlas.yaml").write_text(
        (root / "atlas.yaml").read_text("utf-8") + f"page_size: {PAGE_SIZE}\n", "utf-8"
    )
    (root / "content/competences/beratung.yaml").write_text(CATEGORY_FILE, "utf-8")
    for m in MEMBERS:
        if m.slug not in ("alpha-software", "beta-security"):
            (root / f"content/members/{m.slug}.md").write_text(_member_file(m), "utf-8")
    out = root / "_site"
    result, problems = build_site(root, out, today=date(2026, 6, 1))
    assert result is not None, problems
    with serve(out) as url:
        yield url


TYPE_LABEL = {
    "de": {
        "company": "Unternehmen",
        "startup": "Start-up",
        "freelancer": "Freiberufler/in",
        "university": "Hochschule",
    },
    "en": {
        "company": "Company",
        "startup": "Start-up",
        "freelancer": "Freelancer",
        "university": "University",
    },
}
DIRECTORY = {"de": "/mitglieder/", "en": "/en/members/"}


def _cards(page: Page) -> Locator:
    """The links of the directory's cards, in the order shown."""
    return page.locator("#member-list .card-title a")


def expect_members(page: Page, members: list[Member], lang: str = "de") -> None:
    """The directory shows exactly ``members``, in this order: names, links, places."""
    links = _cards(page)
    expect(links).to_have_text([m.name for m in members])
    hrefs = links.evaluate_all("links => links.map((a) => a.getAttribute('href'))")
    assert hrefs == [f"{DIRECTORY[lang]}{m.slug}/" for m in members]
    places = [f"{CITY[m.postal_code]} · {TYPE_LABEL[lang][m.type]}" for m in members]
    expect(page.locator("#member-list .card-meta")).to_have_text(places)


def expect_unfiltered(page: Page, lang: str = "de") -> None:
    """Page 1 of the directory as built: its own cards, the total and the page links."""
    expect_members(page, LISTED[:PAGE_SIZE], lang)
    total = {"de": "{n} Mitglieder", "en": "{n} members"}[lang].format(n=len(LISTED))
    expect(page.locator("#result-count")).to_have_text(total)
    expect(page.locator("nav.pager")).to_be_visible()
    expect(page.locator("#more-cards")).to_be_hidden()


def _competence(page: Page) -> Locator:
    return page.locator("#filters select[name=competence]")


def test_a_competence_filter_searches_every_page_and_lives_in_the_url(
    page: Page, base_url: str
) -> None:
    wanted = _matching(competence="kuenstliche-intelligenz")
    # The test data: the matches are spread over all three numbered pages.
    assert len(wanted) == PAGE_SIZE
    assert {LISTED.index(m) // PAGE_SIZE for m in wanted} == {0, 1, 2}
    page.goto(f"{base_url}/mitglieder/")
    expect(page.locator("#filters")).to_be_visible()
    expect_unfiltered(page)

    _competence(page).select_option(label="Künstliche Intelligenz")
    expect_members(page, wanted)
    expect(page.locator("#result-count")).to_have_text("3 Mitglieder")
    expect(page.locator("nav.pager")).to_be_hidden()
    expect(page.locator("#more-cards")).to_be_hidden()
    expect(page).to_have_url(f"{base_url}/mitglieder/?competence=kuenstliche-intelligenz")

    # Back: the unfiltered first page and its page links; forward: the filter again.
    page.go_back()
    expect(page).to_have_url(f"{base_url}/mitglieder/")
    expect_unfiltered(page)
    expect(_competence(page)).to_have_value("")
    page.go_forward()
    expect_members(page, wanted)
    expect(_competence(page)).to_have_value("kuenstliche-intelligenz")

    # The URL can be reloaded (or shared): same form, same result.
    page.reload()
    expect(_competence(page)).to_have_value("kuenstliche-intelligenz")
    expect_members(page, wanted)
    expect(page.locator("#result-count")).to_have_text("3 Mitglieder")
    expect(page.locator("nav.pager")).to_be_hidden()


@pytest.mark.parametrize(
    "filters",
    [
        [("competence", "webentwicklung"), ("district", "08121")],
        [("category", "beratung"), ("training", True)],
    ],
    ids=["competence-and-district", "category-and-training"],
)
def test_filters_combine(page: Page, base_url: str, filters: list[tuple[str, str | bool]]) -> None:
    wanted = _matching(**dict(filters))
    # Each filter alone finds more: the result shows both apply (AND, not OR).
    for name, value in filters:
        assert len(_matching(**{name: value})) > len(wanted) > 0
    page.goto(f"{base_url}/mitglieder/")
    # One filter after the other, as a person does, each result seen before the next.
    chosen: dict[str, str | bool] = {}
    for name, value in filters:
        field = page.locator(f"#filters [name={name}]")
        if isinstance(value, bool):
            field.check()
        else:
            field.select_option(value)
        chosen[name] = value
        expect(page.locator("#result-count")).to_have_text(f"{len(_matching(**chosen))} Mitglieder")
    expect_members(page, wanted)
    query = "&".join(f"{name}={'1' if value is True else value}" for name, value in filters)
    expect(page).to_have_url(f"{base_url}/mitglieder/?{query}")


def test_show_more_reveals_the_rest_and_member_text_stays_text(page: Page, base_url: str) -> None:
    wanted = _matching(competence="webentwicklung")
    assert PAGE_SIZE < len(wanted) <= 2 * PAGE_SIZE
    assert wanted[-1].tagline == MARKUP_TAGLINE  # among the cards "Mehr anzeigen" reveals
    page.goto(f"{base_url}/mitglieder/")
    _competence(page).select_option("webentwicklung")
    expect(page.locator("#result-count")).to_have_text(f"{len(wanted)} Mitglieder")
    expect_members(page, wanted[:PAGE_SIZE])
    more = page.get_by_role("button", name="Mehr anzeigen")
    expect(more).to_be_visible()

    more.click()
    expect_members(page, wanted)
    expect(more).to_be_hidden()
    # The script's cards look like the page's: logo, tagline, competence tags.
    alpha = page.locator("#member-list > li").filter(has_text="Alpha Software GmbH")
    expect(alpha.locator("img.card-logo")).to_have_attribute("src", "/logos/alpha-software.svg")
    expect(alpha.locator(".card-tagline")).to_have_text("Webanwendungen für den Mittelstand")
    expect(alpha.locator(".tags li")).to_have_text(["Webentwicklung", "Cloud-Migration"])
    # A name and a tagline that look like markup are shown as the characters typed, without
    # elements, on the script's cards and on the built pages alike.
    expect_literal_text(page)
    page.goto(f"{base_url}/mitglieder/seite/3/")
    expect_literal_text(page)


def expect_literal_text(page: Page) -> None:
    """The card with ``MARKUP_NAME`` and ``MARKUP_TAGLINE`` shows their characters, and no
    element made of them."""
    card = page.locator("#member-list > li").filter(has_text=MARKUP_NAME)
    expect(card.locator(".card-title a")).to_have_text(MARKUP_NAME)
    expect(card.locator(".card-tagline")).to_have_text(MARKUP_TAGLINE)
    expect(card.locator(".card-title a *, .card-tagline *")).to_have_count(0)


def test_reset_restores_the_first_page(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/mitglieder/?competence=webentwicklung&district=08121&jobs=1")
    expect_members(page, _matching(competence="webentwicklung", district="08121", jobs=True))
    page.goto(f"{base_url}/mitglieder/?competence=webentwicklung")
    expect(page.get_by_role("button", name="Mehr anzeigen")).to_be_visible()
    page.locator("#filters select[name=type]").select_option("company")
    page.locator("#filters input[name=jobs]").check()
    expect(page).to_have_url(
        f"{base_url}/mitglieder/?competence=webentwicklung&type=company&jobs=1"
    )

    page.get_by_role("button", name="Filter zurücksetzen").click()
    expect(page).to_have_url(f"{base_url}/mitglieder/")
    expect_unfiltered(page)
    for name in ("competence", "category", "district", "type", "size"):
        expect(page.locator(f"#filters select[name={name}]")).to_have_value("")
    expect(page.locator("#filters input[name=jobs]")).not_to_be_checked()


def test_without_javascript_the_built_pages_do_the_filtering(
    open_page: OpenPage, base_url: str
) -> None:
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}/mitglieder/")
    expect(page.locator("#filters")).to_be_hidden()
    expect_unfiltered(page)
    pager = page.locator("nav.pager")
    expect(pager.get_by_role("link")).to_have_text(["1", "2", "3", "Nächste Seite →"])
    pager.get_by_role("link", name="2", exact=True).click()
    expect(page).to_have_url(f"{base_url}/mitglieder/seite/2/")
    expect_members(page, LISTED[PAGE_SIZE : 2 * PAGE_SIZE])

    # The filter pages, linked below the (hidden) form.
    page.get_by_text("Filterseiten").click()
    page.get_by_role("link", name="Start-up", exact=True).click()
    expect(page).to_have_url(f"{base_url}/mitglieder/art/startup/")
    startups = _matching(type="startup")
    expect_members(page, startups)
    expect(page.locator("#result-count")).to_have_text(f"{len(startups)} Mitglieder")
    page.goto(f"{base_url}/mitglieder/ausbildung/")
    expect_members(page, _matching(training=True))


PHONE = 320
SCROLL_WIDTH = "document.scrollingElement.scrollWidth"


def _too_wide(page: Page) -> list[str]:
    """The elements that reach past the right edge of a phone's screen."""
    elements: list[str] = page.evaluate(
        """(limit) => Array.from(document.body.querySelectorAll("*"))
            .map((e) => [e, e.getBoundingClientRect()])
            .filter(([e, box]) => box.right > limit)
            .map(([e, box]) => `<${e.localName} class="${e.className}" name="${e.name || ""}">`
                + ` ${Math.round(box.left)}-${Math.round(box.right)}px`)""",
        PHONE,
    )
    return elements


@pytest.mark.parametrize(
    "javascript",
    [True, False],
    ids=["js", "no-js"],
)
def test_a_phone_needs_no_horizontal_scrolling(
    open_page: OpenPage, base_url: str, javascript: bool
) -> None:
    page = open_page(viewport={"width": PHONE, "height": 640}, java_script_enabled=javascript)
    page.goto(f"{base_url}/mitglieder/")
    expect_members(page, LISTED[:PAGE_SIZE])
    if javascript:
        expect(page.locator("#filters")).to_be_visible()
    else:
        page.get_by_text("Filterseiten").click()
    assert page.evaluate(SCROLL_WIDTH) <= PHONE, _too_wide(page)
    if javascript:
        _competence(page).select_option("webentwicklung")
        page.get_by_role("button", name="Mehr anzeigen").click()
        expect_members(page, _matching(competence="webentwicklung"))
        assert page.evaluate(SCROLL_WIDTH) <= PHONE, _too_wide(page)


def test_the_english_directory_filters_in_english(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/en/members/")
    expect_unfiltered(page, "en")
    _competence(page).select_option(label="Cloud migration")
    wanted = _matching(competence="cloud-migration")
    expect_members(page, wanted, "en")
    expect(page.locator("#result-count")).to_have_text(f"{len(wanted)} members")
    expect(page).to_have_url(f"{base_url}/en/members/?competence=cloud-migration")
    # English tagline where there is one; else the German one, marked as German.
    taglines = page.locator("#member-list .card-tagline")
    expect(taglines).to_have_text(
        ["Web applications for mid-sized companies", "Software aus der Region"]
    )
    expect(taglines.nth(0)).not_to_have_attribute("lang", "de")
    expect(taglines.nth(1)).to_have_attribute("lang", "de")
    expect(page.locator("#member-list .tags").nth(1).locator("li")).to_have_text(
        ["Cloud migration"]
    )
