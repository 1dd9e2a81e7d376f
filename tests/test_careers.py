"""The careers hub (issue 16): its pages, static filter pages, open data and feeds, as a
pupil, student or job seeker (or a job board reusing the data) meets them.

The site is tests/sites/minimal plus the members in ``MEMBERS``, built as of ``TODAY``.
Every expectation is computed from ``MEMBERS`` (``expected_entries``), never read back
from the built site. test_browser_careers.py uses the same members.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SITES, run_atlasgen

from atlasgen import Severity, load_atlas
from atlasgen.build import build_site
from atlasgen.content.project import slugify
from atlasgen.site.careersdata import OFFER_CSV_COLUMNS, offers_json
from atlasgen.site.urls import Urls

TODAY = date(2026, 6, 1)
YESTERDAY = TODAY - timedelta(days=1)
BASE = "https://atlas.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
PAGE_SIZE = 24
"""Offers per careers page."""

# ------------------------------------------------------------------------- test data

PLACES = {  # postal code → (town, district key); src/atlasgen/data/plz_bw.csv
    "74072": ("Heilbronn", "08121"),
    "74172": ("Neckarsulm", "08125"),
    "74653": ("Künzelsau", "08126"),
    "74613": ("Öhringen", "08126"),
    "74564": ("Crailsheim", "08127"),
    "74589": ("Satteldorf", "08127"),
    "74532": ("Ilshofen", "08127"),
    "74572": ("Blaufelden", "08127"),
    "74592": ("Kirchberg an der Jagst", "08127"),
    "97980": ("Bad Mergentheim", "08128"),
    "97941": ("Tauberbischofsheim", "08128"),
}
DISTRICTS = {  # key → (name, slug in URLs)
    "08121": ("Stadtkreis Heilbronn", "stadtkreis-heilbronn"),
    "08125": ("Landkreis Heilbronn", "landkreis-heilbronn"),
    "08126": ("Hohenlohekreis", "hohenlohekreis"),
    "08127": ("Landkreis Schwäbisch Hall", "landkreis-schwaebisch-hall"),
    "08128": ("Main-Tauber-Kreis", "main-tauber-kreis"),
}
KINDS = ("apprenticeships", "dual_study", "internships", "theses", "working_students", "jobs")
"""In the order the careers pages list them."""
GROUPED = ("apprenticeships", "dual_study")
SEGMENT = {  # kind → URL segment per language
    "apprenticeships": {"de": "ausbildung", "en": "apprenticeships"},
    "dual_study": {"de": "duales-studium", "en": "dual-study"},
    "internships": {"de": "praktikum", "en": "internships"},
    "theses": {"de": "abschlussarbeit", "en": "theses"},
    "working_students": {"de": "werkstudium", "en": "working-students"},
    "jobs": {"de": "stellen", "en": "jobs"},
}
HUB = {"de": "/karriere/", "en": "/en/careers/"}
DISTRICT_SEGMENT = {"de": "landkreis", "en": "district"}
PAGE_SEGMENT = {"de": "seite", "en": "page"}
KIND_TITLE = {  # the title of an entry of a kind without occupations or programmes
    "internships": ("Praktikum", "Internship"),
    "theses": ("Abschlussarbeit", "Thesis"),
    "working_students": ("Werkstudentenstelle", "Working student job"),
    "jobs": ("Stellenangebote", "Jobs"),
}
FISI = ("fachinformatiker-systemintegration", "Fachinformatiker/in für Systemintegration")
OCCUPATIONS = {  # as written in a member file → (id, German title, English title)
    "fachinformatiker-systemintegration": (*FISI, "IT specialist for system integration"),
    "Fachinformatiker/in für Systemintegration": (*FISI, "IT specialist for system integration"),
    "Fachinformatiker Systemintegration": (*FISI, "IT specialist for system integration"),
    "fachinformatiker-anwendungsentwicklung": (
        "fachinformatiker-anwendungsentwicklung",
        "Fachinformatiker/in für Anwendungsentwicklung",
        "IT specialist for application development",
    ),
    "kaufleute-digitalisierungsmanagement": (
        "kaufleute-digitalisierungsmanagement",
        "Kaufleute für Digitalisierungsmanagement",
        "Digitalisation management assistant",
    ),
    "Elektroniker/in für Geräte und Systeme": (
        "elektroniker-geraete-systeme",
        "Elektroniker/in für Geräte und Systeme",
        "Electronics technician for devices and systems",
    ),
    "Mechatroniker/in": ("mechatroniker", "Mechatroniker/in", "Mechatronics technician"),
    "Drohnenpilot/in": ("drohnenpilot-in", "Drohnenpilot/in", "Drohnenpilot/in"),  # not listed
}
PROGRAMMES = {  # as written → (key, programme, university)
    "Wirtschaftsinformatik (DHBW Mosbach)": (
        "wirtschaftsinformatik",
        "Wirtschaftsinformatik",
        "DHBW Mosbach",
    ),
    "Wirtschaftsinformatik (DHBW Heilbronn)": (
        "wirtschaftsinformatik",
        "Wirtschaftsinformatik",
        "DHBW Heilbronn",
    ),
    "Informatik (DHBW Mosbach)": ("informatik", "Informatik", "DHBW Mosbach"),
}
SECRET = "wartung-x7k2q9"
"""A maintainer's user name (internal): in no output."""


@dataclass(frozen=True)
class Offer:
    kind: str
    items: tuple[str, ...] = ()
    """Occupations (as written) or programmes."""
    topics: tuple[str, ...] = ()
    until: date | None = None
    start: date | None = None
    contact: tuple[str, str] | None = None
    """Name and e-mail address for applications."""
    note: str | None = None

    def url(self, slug: str) -> str | None:
        segment = SEGMENT[self.kind]["de"]
        return f"https://www.{slug}.example.com/{segment}/" if self.kind != "theses" else None


@dataclass(frozen=True)
class Member:
    slug: str
    name: str
    postal_code: str
    offers: tuple[Offer, ...]
    listed: bool = True

    @property
    def city(self) -> str:
        return PLACES[self.postal_code][0]

    @property
    def district(self) -> str:
        return PLACES[self.postal_code][1]


CONTACT = ("Julia Beispiel, Ausbildungsleitung", "ausbildung@dora-daten.example.com")
MEMBERS = [
    Member(
        "anton-apps",
        "Anton Apps GmbH",
        "74072",
        (
            Offer(
                "apprenticeships",
                ("fachinformatiker-systemintegration", "Mechatroniker/in"),
                start=date(2026, 9, 1),
            ),
            Offer(
                "internships", topics=("Cloud-Architekturen", "Testautomatisierung"), until=TODAY
            ),
            Offer("jobs", until=YESTERDAY),
        ),
    ),
    Member(
        "berta-bits",
        "Berta Bits AG",
        "74172",
        (
            Offer(
                "apprenticeships",
                (
                    "Fachinformatiker/in für Systemintegration",
                    "fachinformatiker-anwendungsentwicklung",
                ),
            ),
            Offer("dual_study", ("Wirtschaftsinformatik (DHBW Mosbach)",)),
            Offer("theses", topics=("Compilerbau",), until=YESTERDAY),
            Offer("working_students", topics=("Backend",)),
            Offer("jobs", note="Entwicklerinnen und Entwickler gesucht"),
        ),
    ),
    Member(
        "caesar-cloud",
        "Caesar Cloud GmbH",
        "74653",
        (
            Offer("apprenticeships", ("Fachinformatiker Systemintegration", "Drohnenpilot/in")),
            Offer(
                "dual_study",
                ("Wirtschaftsinformatik (DHBW Heilbronn)", "Informatik (DHBW Mosbach)"),
            ),
            Offer("internships"),
        ),
    ),
    Member(
        "dora-daten",
        "Dora Daten GmbH",
        "74564",
        (
            Offer(
                "apprenticeships",
                ("kaufleute-digitalisierungsmanagement",),
                start=date(2026, 9, 1),
                contact=CONTACT,
                until=date(2026, 8, 31),
            ),
            Offer("internships", topics=("Datenbanken",)),
            Offer("working_students", start=date(2026, 10, 1)),
            Offer("jobs"),
        ),
    ),
    Member(
        "emil-edv",
        "Emil EDV e. K.",
        "74589",
        (
            Offer("theses", topics=("Künstliche Intelligenz", "Datenbanken")),
            Offer("jobs"),
            Offer("dual_study", ("Informatik (DHBW Mosbach)",), until=YESTERDAY),
        ),
    ),
    Member(
        "frida-funk",
        "Frida Funk GmbH",
        "74532",
        (
            Offer(
                "apprenticeships", ("Elektroniker/in für Geräte und Systeme", "Mechatroniker/in")
            ),
            Offer("internships"),
        ),
    ),
    Member(
        "gustav-systems",
        "Gustav Systems GmbH",
        "74572",
        (
            Offer("internships"),
            Offer("jobs"),
            Offer("apprenticeships", ("fachinformatiker-anwendungsentwicklung",)),
        ),
    ),
    Member(
        "hanna-hub",
        "Hanna Hub GmbH",
        "97980",
        (
            Offer("dual_study", ("Informatik (DHBW Mosbach)",)),
            Offer("apprenticeships", ("fachinformatiker-anwendungsentwicklung",)),
            Offer("internships", until=YESTERDAY),
            Offer("working_students"),
        ),
    ),
    Member(
        "ida-intern",
        "Ida Intern GmbH",
        "97941",
        (
            Offer("jobs"),
            Offer("apprenticeships", ("fachinformatiker-systemintegration",)),
        ),
        listed=False,
    ),
    Member(
        "jakob-jagst",
        "Jakob Jagst GmbH",
        "74592",
        (
            Offer("theses", until=TODAY + timedelta(days=30)),
            Offer("working_students"),
            Offer("apprenticeships", ("Mechatroniker/in",)),
        ),
    ),
    Member(
        "karl-kocher",
        "Karl Kocher KG",
        "74613",
        (Offer("internships"), Offer("jobs")),
    ),
]
LISTED = [m for m in MEMBERS if m.listed]


def _yaml_list(items: tuple[str, ...], indent: str) -> str:
    return "".join(f'{indent}- "{item}"\n' for item in items)


def offer_yaml(slug: str, offer: Offer) -> str:
    text = f"  {offer.kind}:\n"
    if offer.kind == "apprenticeships":
        text += "    professions:\n" + _yaml_list(offer.items, "      ")
    elif offer.kind == "dual_study":
        text += "    programs:\n" + _yaml_list(offer.items, "      ")
    if offer.topics:
        text += "    topics:\n" + _yaml_list(offer.topics, "      ")
    if url := offer.url(slug):
        text += f"    url: {url}\n"
    if offer.note:
        text += f"    note: {offer.note}\n"
    if offer.start:
        text += f"    start: {offer.start.isoformat()}\n"
    if offer.until:
        text += f"    until: {offer.until.isoformat()}\n"
    if offer.contact:
        name, email = offer.contact
        text += f"    contact:\n      name: {name}\n      email: {email}\n"
    return text


def member_file(m: Member) -> str:
    offers = "".join(offer_yaml(m.slug, o) for o in m.offers)
    return (
        f"---\nname: {m.name}\ntype: company\ntagline: Software aus der Region\n"
        f"email: info@{m.slug}.example.com\n"
        f'address:\n  street: Marktplatz 1\n  postal_code: "{m.postal_code}"\n'
        f"  city: {m.city}\ncompetences: [webentwicklung]\n"
        f"listed: {'true' if m.listed else 'false'}\nmaintainers: [{SECRET}]\n"
        f"offers:\n{offers}---\n{m.name} in der Region.\n"
    )


@dataclass(frozen=True)
class Entry:
    """One offer as the careers pages should list it."""

    member: Member
    offer: Offer
    key: str | None
    title_de: str
    title_en: str
    university: str | None = None

    @property
    def kind(self) -> str:
        return self.offer.kind

    @property
    def id(self) -> str:
        """As docs/open-data.md defines it: ``<member>--<kind>[--<key>[--<university>]]``."""
        parts = [self.member.slug, self.kind.replace("_", "-"), *([self.key] if self.key else [])]
        if self.university:
            parts.append(slugify(self.university))
        return "--".join(parts)

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_de


def entries_of(m: Member, offer: Offer) -> list[Entry]:
    if offer.kind == "apprenticeships":
        return [Entry(m, offer, *OCCUPATIONS[item]) for item in offer.items]
    if offer.kind == "dual_study":
        return [
            Entry(m, offer, key, name, name, university)
            for key, name, university in (PROGRAMMES[item] for item in offer.items)
        ]
    return [Entry(m, offer, None, *KIND_TITLE[offer.kind])]


def expected_entries(today: date = TODAY, members: list[Member] = MEMBERS) -> list[Entry]:
    """The current offers of the listed members, in the careers pages' order: kind, then
    title, then member name."""
    found = [
        e
        for m in members
        if m.listed
        for o in m.offers
        if o.until is None or o.until >= today
        for e in entries_of(m, o)
    ]
    return sorted(
        found,
        key=lambda e: (KINDS.index(e.kind), e.title_de.casefold(), e.member.name.casefold()),
    )


def write_members(root: Path, members: list[Member] = MEMBERS) -> None:
    for m in members:
        (root / f"content/members/{m.slug}.md").write_text(member_file(m), "utf-8")


def make_site(root: Path) -> Path:
    """tests/sites/minimal plus ``MEMBERS`` in ``root``, built as of ``TODAY``: the output."""
    shutil.copytree(SITES / "minimal", root)
    write_members(root)
    out = root / "_site"
    result, problems = build_site(root, out, today=TODAY)
    assert result is not None, [str(p) for p in problems]
    return out


# ------------------------------------------------------------------------ reading pages


@dataclass
class Card:
    """What an offer card shows."""

    id: str
    texts: dict[str, list[str]] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)

    def text(self, cls: str) -> str:
        return " ".join(self.texts.get(cls, []))


class _Cards(HTMLParser):
    """The ``li.offer-card`` elements of a page, with the text of their parts."""

    VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[Card] = []
        self.stack: list[tuple[str, list[str]]] = []
        self.buffers: list[tuple[int, str, list[str]]] = []
        self.card_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        self.stack.append((tag, classes))
        if tag == "li" and "offer-card" in classes and self.card_depth is None:
            self.cards.append(Card(values.get("id") or ""))
            self.card_depth = len(self.stack)
            return
        if self.card_depth is None:
            return
        if tag == "a" and values.get("href"):
            self.cards[-1].links.append(values["href"] or "")
        for cls in classes:
            if cls.startswith("offer-"):
                self.buffers.append((len(self.stack), cls, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or not self.stack:
            return
        depth = len(self.stack)
        for _, cls, parts in [b for b in self.buffers if b[0] == depth]:
            text = " ".join("".join(parts).split())
            self.cards[-1].texts.setdefault(cls, []).append(text)
        self.buffers = [b for b in self.buffers if b[0] != depth]
        if self.card_depth == depth:
            self.card_depth = None
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for _, _, parts in self.buffers:
            parts.append(data)


def cards(html: str) -> list[Card]:
    parser = _Cards()
    parser.feed(html)
    return parser.cards


def page_file(out: Path, url: str) -> Path:
    return out / url.lstrip("/") / "index.html"


def listing(out: Path, url: str, lang: str = "de") -> list[Card]:
    """The cards of the list at ``url`` and of its numbered pages, in order."""
    found = cards(page_file(out, url).read_text("utf-8"))
    number = 2
    while (next_page := page_file(out, f"{url}{PAGE_SEGMENT[lang]}/{number}/")).is_file():
        found += cards(next_page.read_text("utf-8"))
        number += 1
    return found


def kind_url(lang: str, kind: str, key: str | None = None) -> str:
    return f"{HUB[lang]}{SEGMENT[kind][lang]}/" + (f"{key}/" if key else "")


def district_url(lang: str, district: str, kind: str | None = None) -> str:
    base = kind_url(lang, kind) if kind else HUB[lang]
    return f"{base}{DISTRICT_SEGMENT[lang]}/{DISTRICTS[district][1]}/"


def careers_html(out: Path) -> dict[str, str]:
    """Every careers page: URL → HTML."""
    return {
        "/" + p.relative_to(out).as_posix().removesuffix("index.html"): p.read_text("utf-8")
        for folder in ("karriere", "en/careers")
        for p in sorted((out / folder).rglob("index.html"))
    }


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("careers") / "site")


@pytest.fixture(scope="module")
def offers(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "api/offers.json").read_text("utf-8"))
    return data


def test_the_test_data_covers_what_it_should() -> None:
    entries = expected_entries()
    assert {e.kind for e in entries} == set(KINDS)
    assert len(entries) > PAGE_SIZE  # the hub has a second page
    assert {e.member.district for e in entries} == set(DISTRICTS)
    expired = [o for m in LISTED for o in m.offers if o.until and o.until < TODAY]
    assert {o.kind for o in expired} == {"jobs", "theses", "dual_study", "internships"}


# ------------------------------------------------------------------------ 1. expiry


def test_expired_offers_appear_nowhere_and_an_offer_ending_today_does(out: Path) -> None:
    current = expected_entries(TODAY)
    earlier = expected_entries(YESTERDAY)
    expired = {e.id for e in earlier} - {e.id for e in current}
    assert expired == {
        "anton-apps--jobs",
        "berta-bits--theses",
        "emil-edv--dual-study--informatik--dhbw-mosbach",
        "hanna-hub--internships",
    }
    ending_today = "anton-apps--internships"
    assert ending_today in {e.id for e in current}
    wanted = {e.id for e in current}

    # Pages: every card of every careers page is a current offer, each is on some page.
    shown = {c.id for html in careers_html(out).values() for c in cards(html)}
    assert shown == wanted
    # The Informatik page lists its current places only; the theses page has no Berta.
    informatik = listing(out, kind_url("de", "dual_study", "informatik"))
    assert [c.text("offer-member") for c in informatik] == ["Caesar Cloud GmbH", "Hanna Hub GmbH"]
    theses = listing(out, kind_url("de", "theses"))
    assert "Berta Bits AG" not in [c.text("offer-member") for c in theses]

    # The open data and the feeds.
    data = json.loads((out / "api/offers.json").read_text("utf-8"))
    assert {o["id"] for o in data["offers"]} == wanted
    rows = list(csv.DictReader(io.StringIO((out / "api/offers.csv").read_text("utf-8-sig"))))
    assert {r["id"] for r in rows} == wanted
    for feed, lang in (("karriere/feed.xml", "de"), ("en/careers/feed.xml", "en")):
        ids = {e.findtext(f"{ATOM}id") for e in ET.parse(out / feed).iter(f"{ATOM}entry")}
        assert ids == {f"{BASE}{HUB[lang]}#{i}" for i in wanted}, feed
    everything = "\n".join(
        p.read_text("utf-8-sig") for p in out.rglob("*") if p.suffix in (".html", ".json", ".csv")
    )
    for offer_id in expired:
        assert offer_id not in everything

    # The day before, the same content showed the expired offers: the date decides.
    atlas, problems = load_atlas(out.parent)
    assert atlas is not None, problems
    before = json.loads(offers_json(atlas, Urls(f"{BASE}/"), YESTERDAY))
    assert {o["id"] for o in before["offers"]} == {e.id for e in earlier}


# -------------------------------------------------------------- 2. training occupations


def test_one_occupation_written_three_ways_has_one_page(out: Path) -> None:
    spellings = {
        item
        for m in LISTED
        for o in m.offers
        for item in o.items
        if OCCUPATIONS.get(item, ("",))[0] == FISI[0]
    }
    assert len(spellings) == 3  # id, title and another spelling
    wanted = [e for e in expected_entries() if e.key == FISI[0]]
    assert [e.member.slug for e in wanted] == ["anton-apps", "berta-bits", "caesar-cloud"]
    for lang in ("de", "en"):
        found = listing(out, kind_url(lang, "apprenticeships", FISI[0]), lang)
        assert [c.id for c in found] == [e.id for e in wanted], lang
        assert [c.text("offer-member") for c in found] == [e.member.name for e in wanted]
        assert {c.text("offer-title") for c in found} == {wanted[0].title(lang)}
    # No other page for the same occupation, under another spelling's name.
    pages = {url for url in careers_html(out) if url.startswith(kind_url("de", "apprenticeships"))}
    keys = {url.split("/")[3] for url in pages} - {"", DISTRICT_SEGMENT["de"], "seite"}
    assert keys == {e.key for e in expected_entries() if e.kind == "apprenticeships"}


def test_an_unknown_occupation_has_its_own_page_and_a_warning(out: Path) -> None:
    [entry] = [e for e in expected_entries() if e.key == "drohnenpilot-in"]
    [card] = listing(out, kind_url("de", "apprenticeships", "drohnenpilot-in"))
    assert card.id == entry.id
    assert card.text("offer-title") == "Drohnenpilot/in"
    assert card.text("offer-member") == "Caesar Cloud GmbH"

    text = (out.parent / "content/members/caesar-cloud.md").read_text("utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "Drohnenpilot/in" in t)
    column = text.splitlines()[line - 1].index('"Drohnenpilot/in"') + 1
    field_name = "offers.apprenticeships.professions[1]: "
    for lang, warning, message in (
        ("de", "Hinweis", "'Drohnenpilot/in' steht nicht auf der Liste der Ausbildungsberufe"),
        ("en", "warning", "'Drohnenpilot/in' is not on the list of training occupations"),
    ):
        result = run_atlasgen("validate", "--project", out.parent, "--warnings", "--lang", lang)
        assert result.code == 0, result.stdout + result.stderr
        where = f"content/members/caesar-cloud.md:{line}:{column}: {warning}: "
        warnings = [w for w in result.stderr.splitlines() if "Drohnenpilot" in w]
        assert warnings == [f"{where}{field_name}{message}"], lang


TYPO_MEMBER = """\
---
name: Tippfehler GmbH
type: company
tagline: Software aus der Region
email: info@tippfehler.example.com
address:
  street: Marktplatz 1
  postal_code: "74072"
  city: Heilbronn
competences: [webentwicklung]
offers:
  apprenticeships:
    professions:
      - Mechatroniker/in
      - Fachinformatiker/in für Systemintegratoin
---
Text.
"""


def test_a_typo_in_an_occupation_is_an_error_with_the_right_title(
    site: Callable[..., Path],
) -> None:
    root = site("minimal", {"content/members/tippfehler.md": TYPO_MEMBER})
    result = run_atlasgen("validate", "--project", root)
    assert result.code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = TYPO_MEMBER.splitlines()
    line = next(n for n, t in enumerate(lines, 1) if "Systemintegratoin" in t)
    column = lines[line - 1].index("Fachinformatiker") + 1
    output = (result.stdout + result.stderr).splitlines()
    where = (
        f"content/members/tippfehler.md:{line}:{column}: offers.apprenticeships.professions[1]: "
    )
    [error] = [i for i, text in enumerate(output) if text.startswith(where)]
    assert output[error] == (
        f"{where}'Fachinformatiker/in für Systemintegratoin' ist nicht der Titel eines "
        "Ausbildungsberufs der Liste"
    )
    hint = output[error + 1].strip()
    assert hint == (
        "Tipp: Meinten Sie 'Fachinformatiker/in für Systemintegration'? Schreiben Sie seine ID "
        f"'{FISI[0]}' oder den Titel wie in der Liste (docs/content-format.md, "
        "'Training occupations')"
    )
    english = run_atlasgen("validate", "--project", root, "--lang", "en").stderr.splitlines()
    [error] = [i for i, text in enumerate(english) if text.startswith(where)]
    assert "'Fachinformatiker/in für Systemintegratoin' is not the title" in english[error]
    hint = english[error + 1].strip()
    assert hint.startswith(
        f"hint: did you mean 'Fachinformatiker/in für Systemintegration'? Write its id '{FISI[0]}'"
    )
    # Nothing is built from a file with an error.
    built = run_atlasgen("build", "--project", root, "--date", TODAY.isoformat())
    assert built.code == 1
    assert not (root / "_site/karriere").exists()


def test_one_occupation_listed_twice_by_one_member_is_one_offer(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """Two spellings of the same occupation in one file: either the file is refused with
    a located problem, or the member is listed once for it (never two offers with one id)."""
    twice = Member(
        "doppelt",
        "Doppelt GmbH",
        "74072",
        (Offer("apprenticeships", ("fachinformatiker-systemintegration", FISI[1])),),
    )
    root = site("minimal", {"content/members/doppelt.md": member_file(twice)})
    result, problems = build_site(root, tmp_path / "out", today=TODAY)
    if result is None:
        fields = [p.field for p in problems if p.severity is Severity.ERROR]
        assert any(f.startswith("offers.apprenticeships.professions") for f in fields), problems
        return
    data = json.loads((tmp_path / "out/api/offers.json").read_text("utf-8"))
    assert [o["id"] for o in data["offers"]] == [f"doppelt--apprenticeships--{FISI[0]}"]
    page = listing(tmp_path / "out", kind_url("de", "apprenticeships", FISI[0]))
    assert [c.text("offer-member") for c in page] == ["Doppelt GmbH"]


# ------------------------------------------------------------------------ 3. dual study


def test_a_programme_at_two_universities_has_one_page_showing_each(out: Path) -> None:
    wanted = [e for e in expected_entries() if e.key == "wirtschaftsinformatik"]
    assert {(e.member.slug, e.university) for e in wanted} == {
        ("berta-bits", "DHBW Mosbach"),
        ("caesar-cloud", "DHBW Heilbronn"),
    }
    for lang in ("de", "en"):
        found = listing(out, kind_url(lang, "dual_study", "wirtschaftsinformatik"), lang)
        assert [(c.text("offer-member"), c.text("offer-detail")) for c in found] == [
            (e.member.name, e.university) for e in wanted
        ]
        assert {c.text("offer-title") for c in found} == {"Wirtschaftsinformatik"}
    # The dual study page's filter links: one per programme, whatever the university.
    html = page_file(out, kind_url("de", "dual_study")).read_text("utf-8")
    chips = html.split('id="careers-pages"', 1)[1].split("</nav>", 1)[0]
    programmes = [u for u in re.findall(r'href="([^"]+)"', chips) if "/landkreis/" not in u]
    keys = sorted({e.key or "" for e in expected_entries() if e.kind == "dual_study"})
    assert keys == ["informatik", "wirtschaftsinformatik"]
    below = kind_url("de", "dual_study")
    assert sorted(u for u in programmes if u.startswith(below) and u != below) == [
        kind_url("de", "dual_study", key) for key in keys
    ]


def test_one_member_offering_a_programme_at_two_universities_has_two_offers(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    both = Member(
        "zwei-standorte",
        "Zwei Standorte GmbH",
        "74072",
        (
            Offer(
                "dual_study",
                ("Wirtschaftsinformatik (DHBW Mosbach)", "Wirtschaftsinformatik (DHBW Heilbronn)"),
            ),
        ),
    )
    root = site("minimal", {"content/members/zwei-standorte.md": member_file(both)})
    out = tmp_path / "out"
    result, problems = build_site(root, out, today=TODAY)
    assert result is not None, problems
    found = listing(out, kind_url("de", "dual_study", "wirtschaftsinformatik"))
    assert sorted(c.text("offer-detail") for c in found) == ["DHBW Heilbronn", "DHBW Mosbach"]
    # Each offer has its own id: on the page (HTML ids), in the open data and in the feed.
    ids = [c.id for c in found]
    assert len(set(ids)) == 2, f"two offers, one id: {ids}"
    data = json.loads((out / "api/offers.json").read_text("utf-8"))
    assert len({o["id"] for o in data["offers"]}) == 2
    feed = ET.parse(out / "karriere/feed.xml")
    assert len({e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry")}) == 2


# ---------------------------------------------------------------- 4. open data and feeds


def documented_offer_fields() -> set[str]:
    """The fields of an offer record in docs/open-data.md's table for api/offers.json."""
    doc = (REPO / "docs/open-data.md").read_text("utf-8")
    section = doc.split("## `api/offers.json`", 1)[1].split("\n## ", 1)[0]
    table = section.split("| field | type | meaning |", 1)[1].split("\n\n", 1)[0]
    names: set[str] = set()
    for row in table.strip().splitlines()[1:]:
        first = row.split("|")[1]
        names |= set(re.findall(r"`([a-z_]+)`", first))
    return names


def documented_csv_columns() -> list[str]:
    doc = (REPO / "docs/open-data.md").read_text("utf-8")
    section = doc.split("## `api/offers.json`", 1)[1].split("\n## ", 1)[0]
    prose = section.split("`api/offers.csv` has the same records", 1)[1].split("\n\n", 1)[0]
    columns = prose.split("columns", 1)[1]
    return [name for name in re.findall(r"`([^`]+)`", columns) if re.fullmatch(r"[a-z_]+", name)]


def _absolute(url: str | None, out: Path) -> None:
    """An absolute URL of the site, of a page that exists."""
    assert url is not None and url.startswith(f"{BASE}/"), url
    path = url.removeprefix(BASE).split("#")[0]
    assert page_file(out, path).is_file(), url


def test_offers_json_has_one_documented_record_per_offer(out: Path, offers: dict[str, Any]) -> None:
    assert set(offers) == {"version", "generated", "license", "source", "kinds", "offers"}
    assert offers["version"] == 1
    assert offers["generated"] == TODAY.isoformat()
    assert offers["source"] == f"{BASE}/karriere/"
    assert "GeoNames" in offers["license"]
    assert set(offers["kinds"]) == set(KINDS)
    fields = documented_offer_fields()
    assert "university" in fields and "page_en" in fields and "district_key" in fields
    wanted = expected_entries()
    records = offers["offers"]
    assert [r["id"] for r in records] == [e.id for e in wanted]  # one each, in page order
    for record, entry in zip(records, wanted, strict=True):
        assert set(record) == fields, entry.id
        m, o = entry.member, entry.offer
        assert record["kind"] == entry.kind
        assert record["key"] == entry.key
        assert record["title"] == {"de": entry.title_de, "en": entry.title_en}
        assert record["university"] == entry.university
        assert record["topics"] == list(o.topics)
        assert record["note"] == o.note
        assert record["url"] == o.url(m.slug)
        assert record["start"] == (o.start.isoformat() if o.start else None)
        assert record["until"] == (o.until.isoformat() if o.until else None)
        contact = (
            {"name": o.contact[0], "email": o.contact[1], "phone": None} if o.contact else None
        )
        assert record["contact"] == contact
        assert record["member"]["id"] == m.slug
        assert record["member"]["name"] == m.name
        assert record["city"] == m.city
        assert record["postal_code"] == m.postal_code
        assert record["district_key"] == m.district
        assert record["district"] == DISTRICTS[m.district][0]
        _absolute(record["member"]["url"], out)
        _absolute(record["member"]["url_en"], out)
        if entry.kind in GROUPED:
            assert record["page"] == f"{BASE}{kind_url('de', entry.kind, entry.key)}"
            assert record["page_en"] == f"{BASE}{kind_url('en', entry.kind, entry.key)}"
            _absolute(record["page"], out)
            _absolute(record["page_en"], out)
        else:
            assert record["page"] is None and record["page_en"] is None
    # Nothing internal, nothing of the unlisted member.
    for name in ("api/offers.json", "api/offers.csv", "karriere/feed.xml", "en/careers/feed.xml"):
        text = (out / name).read_text("utf-8-sig")
        assert SECRET not in text, name
        assert "source_path" not in text and "maintainers" not in text, name
        assert "ida-intern" not in text and "Ida Intern" not in text, name


def test_offers_csv_has_the_documented_columns_and_a_row_per_offer(out: Path) -> None:
    assert documented_csv_columns() == list(OFFER_CSV_COLUMNS)
    raw = (out / "api/offers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(header) == OFFER_CSV_COLUMNS
    wanted = expected_entries()
    assert len(rows) == len(wanted)
    for row, entry in zip(rows, wanted, strict=True):
        cells = dict(zip(header, row, strict=True))
        assert cells["id"] == entry.id
        assert cells["kind"] == entry.kind
        assert cells["title"] == entry.title_de
        assert cells["title_en"] == entry.title_en
        assert cells["university"] == (entry.university or "")
        assert cells["topics"] == "; ".join(entry.offer.topics)
        assert cells["member"] == entry.member.slug
        assert cells["member_name"] == entry.member.name
        assert cells["district_key"] == entry.member.district
        assert cells["profile_url"] == f"{BASE}/mitglieder/{entry.member.slug}/"
        contact = entry.offer.contact
        assert cells["contact_email"] == (contact[1] if contact else "")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_careers_feed_is_atom_with_one_entry_per_offer(out: Path, lang: str) -> None:
    path = {"de": "karriere/feed.xml", "en": "en/careers/feed.xml"}[lang]
    feed = ET.parse(out / path).getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == f"{BASE}{HUB[lang]}"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == f"{BASE}/{path}"
    wanted = expected_entries()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(wanted)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    assert set(ids) == {f"{BASE}{HUB[lang]}#{e.id}" for e in wanted}
    by_id = {e.id: e for e in wanted}
    profiles = {"de": "/mitglieder/", "en": "/en/members/"}[lang]
    for item in entries:
        entry = by_id[(item.findtext(f"{ATOM}id") or "").split("#")[1]]
        title = item.findtext(f"{ATOM}title") or ""
        assert entry.member.name in title and entry.title(lang) in title
        for tag in ("updated", "summary"):
            assert item.findtext(f"{ATOM}{tag}"), tag
        link = item.find(f"{ATOM}link")
        assert link is not None
        anchor = "offer-" + entry.kind.replace("_", "-")
        assert link.get("href") == f"{BASE}{profiles}{entry.member.slug}/#{anchor}"
        # The link leads to that offer on the profile.
        profile = page_file(out, f"{profiles}{entry.member.slug}/").read_text("utf-8")
        assert f'id="{anchor}"' in profile


def test_profiles_show_the_start_and_the_contact_of_an_offer(out: Path) -> None:
    dora = next(m for m in MEMBERS if m.slug == "dora-daten")
    training = dora.offers[0]
    assert training.start is not None and training.contact is not None
    html = page_file(out, "/mitglieder/dora-daten/").read_text("utf-8")
    offer = html.split('id="offer-apprenticeships"', 1)[1].split("</li>\n", 1)[0]
    assert training.start.strftime("%d.%m.%Y") in offer
    assert training.contact[0] in offer
    assert f'href="mailto:{training.contact[1]}"' in offer
    assert "Kaufleute für Digitalisierungsmanagement" in offer
    # The careers card shows them too.
    [card] = [
        c
        for c in listing(out, kind_url("de", "apprenticeships"))
        if c.id == "dora-daten--apprenticeships--kaufleute-digitalisierungsmanagement"
    ]
    assert training.start.strftime("%d.%m.%Y") in card.text("offer-dates")
    assert training.contact[0] in card.text("offer-contact")
    assert f"mailto:{training.contact[1]}" in card.links


# ------------------------------------------------------------------ 5. structured data


def json_ld(html: str) -> list[Any]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_careers_pages_have_an_item_list_of_their_offers(out: Path) -> None:
    names = {m.name for m in LISTED}
    pages = careers_html(out)
    assert len(pages) > 20
    for url, html in pages.items():
        shown = cards(html)
        lists = [d for d in json_ld(html) if d.get("@type") == "ItemList"]
        assert len(lists) == 1, url
        [item_list] = lists
        assert item_list["url"] == f"{BASE}{url}"
        assert item_list["numberOfItems"] == len(shown) == len(item_list["itemListElement"]), url
        for position, (item, card) in enumerate(
            zip(item_list["itemListElement"], shown, strict=True), start=1
        ):
            assert item["@type"] == "ListItem" and item["position"] == position
            kind = card.id.split("--")[1].replace("-", "_")
            if kind in GROUPED:
                program = item["item"]
                assert program["@type"] == "EducationalOccupationalProgram", (url, card.id)
                assert program["provider"]["name"] == card.text("offer-member"), (url, card.id)
            else:
                assert "item" not in item or item["item"]["@type"] != "JobPosting"
                assert any(name in item["name"] for name in names), (url, item)
    # The hub: 24 offers a page, all offers over its pages.
    hub = cards(page_file(out, HUB["de"]).read_text("utf-8"))
    assert len(hub) == PAGE_SIZE
    assert [c.id for c in listing(out, HUB["de"])] == [e.id for e in expected_entries()]


def test_no_file_of_the_site_claims_a_job_posting(out: Path) -> None:
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".csv"):
            assert b"JobPosting" not in path.read_bytes(), path


# -------------------------------------------------------------------- 6. navigation


def _nav_hrefs(html: str) -> list[list[str]]:
    """The links of each main navigation of a page (header and menu)."""
    label = r'aria-label="(?:Hauptnavigation|Main navigation)"'
    navs = re.findall(rf"<nav[^>]*{label}[^>]*>(.*?)</nav>", html, re.S)
    return [re.findall(r'href="([^"]+)"', nav) for nav in navs]


def test_every_page_of_the_example_links_to_the_careers_hub(site_dir: Path) -> None:
    # 404.html is the one page without the site's navigation (home and search only).
    pages = sorted(p for p in site_dir.rglob("*.html") if p.name != "404.html")
    assert len(pages) > 100
    for path in pages:
        html = path.read_text("utf-8")
        lang = re.search(r'<html lang="([a-z]+)"', html)
        assert lang is not None, path
        navs = _nav_hrefs(html)
        assert navs, path
        for hrefs in navs:
            assert HUB[lang[1]] in hrefs, path


def test_the_home_page_leads_to_the_hub_and_each_kind(site_dir: Path) -> None:
    atlas, _ = load_atlas(REPO)
    assert atlas is not None
    kinds = {k for m in atlas.listed_members for k in m.offers_on(date(2026, 6, 1))}
    assert kinds == set(KINDS)  # the example has offers of every kind
    for lang, home in (("de", "index.html"), ("en", "en/index.html")):
        html = (site_dir / home).read_text("utf-8")
        main = html.split('id="main"', 1)[1]
        hrefs = set(re.findall(r'href="([^"]+)"', main))
        assert HUB[lang] in hrefs, lang
        for kind in KINDS:
            assert kind_url(lang, kind) in hrefs, (lang, kind)


def test_the_home_teaser_counts_the_current_offers(out: Path) -> None:
    wanted = expected_entries()
    html = (out / "index.html").read_text("utf-8")
    teaser = html.split('class="careers-teaser"', 1)[1].split("</section>", 1)[0]
    assert f"{len(wanted)} aktuelle Angebote" in teaser
    chips = re.findall(r'<a href="([^"]+)">[^<]*<span class="count">(\d+)</span>', teaser)
    assert chips == [
        (kind_url("de", kind), str(sum(1 for e in wanted if e.kind == kind))) for kind in KINDS
    ]


# ------------------------------------------------------------ 7. static filter pages


@pytest.mark.parametrize("lang", ["de", "en"])
def test_kind_and_district_pages_list_exactly_their_offers(out: Path, lang: str) -> None:
    wanted = expected_entries()
    pages = careers_html(out)
    checked = 0
    for kind in KINDS:
        of_kind = [e for e in wanted if e.kind == kind]
        assert [c.id for c in listing(out, kind_url(lang, kind), lang)] == [e.id for e in of_kind]
        for district in DISTRICTS:
            url = district_url(lang, district, kind)
            here = [e for e in of_kind if e.member.district == district]
            if not here:
                assert url not in pages, f"{url}: a page without offers"
                continue
            found = listing(out, url, lang)
            assert [c.id for c in found] == [e.id for e in here], url
            assert [c.text("offer-member") for c in found] == [e.member.name for e in here]
            assert {c.text("offer-place") for c in found} <= {
                f"{m.city} · {DISTRICTS[district][0]}" for m in LISTED
            }
            checked += 1
    assert checked >= 12
    # Per district, all kinds.
    for district in DISTRICTS:
        here = [e for e in wanted if e.member.district == district]
        found = listing(out, district_url(lang, district), lang)
        assert [c.id for c in found] == [e.id for e in here], district
    # And there is no other kind × district page.
    made = {url for url in pages if f"/{DISTRICT_SEGMENT[lang]}/" in url}
    expected = {district_url(lang, e.member.district, e.kind) for e in wanted} | {
        district_url(lang, e.member.district) for e in wanted
    }
    assert {url for url in made if f"/{PAGE_SEGMENT[lang]}/" not in url} == expected


def test_the_kind_pages_link_their_district_pages(out: Path) -> None:
    wanted = expected_entries()
    for kind in KINDS:
        html = page_file(out, kind_url("de", kind)).read_text("utf-8")
        chips = html.split('id="careers-pages"', 1)[1].split("</nav>", 1)[0]
        hrefs = set(re.findall(r'href="([^"]+)"', chips))
        districts = {e.member.district for e in wanted if e.kind == kind}
        assert {u for u in hrefs if "/landkreis/" in u} == {
            district_url("de", d, kind) for d in districts
        }, kind


# ------------------------------------------------------------- 8. the example content


def test_the_example_names_its_occupations_as_the_list_does() -> None:
    """The example's training occupations are all on the bundled list (no warning), and
    its dual study programmes name their university."""
    atlas, problems = load_atlas(REPO)
    assert atlas is not None
    occupations = [p for p in problems if p.field.startswith("offers.apprenticeships")]
    assert occupations == []
    programmes = [
        item
        for m in atlas.listed_members
        if m.data.offers and m.data.offers.dual_study
        for item in m.data.offers.dual_study.programs
    ]
    assert programmes
    assert [p for p in programmes if not re.search(r"\S \([^()]+\)$", p)] == []


def test_an_occupation_or_programme_named_like_a_page_segment_gets_its_own_page(
    tmp_path: Path,
) -> None:
    """An occupation or programme whose slug is one of the careers pages' own segments
    ("Landkreis", "Seite") must not collide with the district or numbered pages."""
    root = tmp_path / "project"
    shutil.copytree(SITES / "minimal", root)
    member = root / "content/members/alpha-software.md"
    text = member.read_text("utf-8")
    extra = (
        "offers:\n  apprenticeships:\n    professions: [Landkreis]\n"
        "  dual_study:\n    programs: [Seite (Hochschule Heilbronn)]\n"
    )
    assert "\noffers:" not in text
    head, body = text.split("\n---\n", 1)
    member.write_text(f"{head}\n{extra}---\n{body}", "utf-8")
    out = root / "_site"
    result, problems = build_site(root, out, today=TODAY)
    assert result is not None, [str(p) for p in problems]
    occupation = out / "karriere/ausbildung/landkreis-1/index.html"
    programme = out / "karriere/duales-studium/seite-1/index.html"
    assert "Landkreis" in occupation.read_text("utf-8")
    assert "Hochschule Heilbronn" in programme.read_text("utf-8")
