"""The open data, sitemap, robots.txt and feeds: what a user downloading them sees."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SITES

from atlasgen import Atlas, load_atlas
from atlasgen.common.spreadsheet import spreadsheet_safe
from atlasgen.site.opendata import (
    CSV_COLUMNS,
    FEED_SIZE,
    SitemapEntry,
    atom_feed,
    competences_json,
    members_csv,
    members_json,
    public_member,
    robots_txt,
    sitemap_xml,
    visible_offers,
)
from atlasgen.site.urls import Urls

TODAY = date(2026, 11, 26)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

HOSTILE_NAME = '=HYPERLINK("http://evil.example")'
HOSTILE_TAGLINE = "<script>alert(1)</script> & ]]>"

HOSTILE_MEMBER = f"""---
name: '{HOSTILE_NAME}'
type: company
tagline: '{HOSTILE_TAGLINE}'
website: https://www.alpha.example.com/
phone: "+49 7131 5550100"
address:
  street: '@Bahnhofstraße 1'
  postal_code: "74072"
  city: Heilbronn
competences: [webentwicklung]
industries: ['-Maschinenbau', 'Handel']
offers:
  jobs:
    url: https://www.alpha.example.com/jobs/
    until: 2026-11-25
  internships:
    note: Praktika bis heute
    until: {TODAY.isoformat()}
  theses:
    note: Abschlussarbeiten ohne Frist
last_verified: 2026-03-01
---
Beschreibung mit <b>HTML</b>.
"""


def _load(root: Path) -> Atlas:
    atlas, problems = load_atlas(root)
    assert atlas is not None, [str(p) for p in problems]
    return atlas


@pytest.fixture(scope="module")
def minimal() -> Atlas:
    return _load(SITES / "minimal")


@pytest.fixture(scope="module")
def example() -> Atlas:
    return _load(REPO)


@pytest.fixture
def hostile(tmp_path: Path) -> Atlas:
    """The minimal site with alpha-software's file replaced by hostile content."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "minimal", root)
    (root / "content/members/alpha-software.md").write_text(HOSTILE_MEMBER, encoding="utf-8")
    (root / "content/members/alpha-software.en.md").unlink()
    return _load(root)


def _urls(atlas: Atlas) -> Urls:
    return Urls(atlas.config.base_url)


def _json(data: bytes) -> Any:
    return json.loads(data.decode("utf-8"))


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _all_outputs(atlas: Atlas) -> dict[str, bytes]:
    urls = _urls(atlas)
    return {
        "members.json": members_json(atlas, urls, TODAY),
        "competences.json": competences_json(atlas, urls),
        "members.csv": members_csv(atlas, urls, TODAY),
        "feed.xml": atom_feed(atlas, urls, TODAY, "de", "Neu im Atlas"),
        "en/feed.xml": atom_feed(atlas, urls, TODAY, "en", "New in the atlas"),
        "robots.txt": robots_txt(urls),
    }


# ------------------------------------------------------------------ listed members only


def test_unlisted_member_appears_in_no_output(minimal: Atlas) -> None:
    assert [m.slug for m in minimal.members if not m.listed] == ["beta-security"]
    for name, data in _all_outputs(minimal).items():
        text = data.decode("utf-8-sig")
        assert "beta-security" not in text, name
        assert "Beta Security" not in text, name


def test_public_member_refuses_an_unlisted_member(minimal: Atlas) -> None:
    beta = next(m for m in minimal.members if m.slug == "beta-security")
    with pytest.raises(ValueError, match="not listed"):
        public_member(beta, minimal, _urls(minimal), TODAY)


def test_competence_counts_come_from_listed_members_only(minimal: Atlas) -> None:
    data = _json(competences_json(minimal, _urls(minimal)))
    comps = {c["id"]: c for cat in data["categories"] for c in cat["competences"]}
    assert comps["webentwicklung"]["offered_by"] == ["alpha-software"]
    # beta-security (unlisted) offers isms; alpha-software needs it
    assert comps["isms"]["offered_by"] == []
    assert comps["isms"]["needed_by"] == ["alpha-software"]


# ------------------------------------------------------------------------------ JSON


def test_members_json_is_the_documented_public_record(minimal: Atlas) -> None:
    data = _json(members_json(minimal, _urls(minimal), TODAY))
    assert data["version"] == 1
    assert data["generated"] == "2026-11-26"
    assert data["source"] == "https://atlas.example.org/"
    assert "GeoNames" in data["license"]
    assert "CC BY 4.0" in data["license"]
    assert "Testnetz" in data["license"]
    [alpha] = data["members"]
    assert set(alpha) == {
        "id", "name", "type", "tagline", "url", "url_en", "website", "email", "phone",
        "address", "founded", "employees", "competences", "needs", "industries",
        "certifications", "languages", "offers", "contacts", "social", "logo",
        "last_verified", "description",
    }  # fmt: skip
    assert alpha["id"] == "alpha-software"
    assert alpha["type"] == "company"
    assert alpha["tagline"] == {
        "de": "Webanwendungen für den Mittelstand",
        "en": "Web applications for mid-sized companies",
    }
    assert alpha["url"] == "https://atlas.example.org/mitglieder/alpha-software/"
    assert alpha["url_en"] == "https://atlas.example.org/en/members/alpha-software/"
    assert alpha["logo"] == "https://atlas.example.org/logos/alpha-software.svg"
    assert alpha["needs"] == [{"competence": "isms", "note": "Partner für ISO 27001 gesucht"}]
    assert alpha["competences"][0] == {
        "id": "webentwicklung",
        "label_de": "Webentwicklung",
        "label_en": "Web development",
        "category": "software",
    }
    address = alpha["address"]
    assert address["district"] == "Stadtkreis Heilbronn"
    assert address["district_key"] == "08121"
    for coordinate in (address["lat"], address["lon"]):
        assert round(coordinate, 4) == coordinate
    assert alpha["last_verified"] == "2026-01-15"
    assert alpha["description"]["de"] == "Die Alpha Software GmbH entwickelt Webanwendungen."
    assert "source_path" not in json.dumps(data)


def test_json_is_utf8_with_sorted_keys_and_a_final_newline(minimal: Atlas) -> None:
    raw = members_json(minimal, _urls(minimal), TODAY)
    assert raw.endswith(b"}\n")
    assert "Bahnhofstraße".encode() in raw  # not \u00df
    data = json.loads(raw)
    assert list(data) == sorted(data)


def test_competences_json_lists_the_taxonomy_with_urls(minimal: Atlas) -> None:
    data = _json(competences_json(minimal, _urls(minimal)))
    assert data["version"] == 1
    [software] = data["categories"]
    assert software["label"] == {"de": "Softwareentwicklung", "en": "Software development"}
    web = software["competences"][0]
    assert web["id"] == "webentwicklung"
    assert web["synonyms"] == {"de": ["Webanwendungen", "Frontend"], "en": ["Web applications"]}
    assert web["related"] == ["cloud-migration"]
    assert web["url"] == "https://atlas.example.org/kompetenzen/webentwicklung/"
    assert web["url_en"] == "https://atlas.example.org/en/competences/webentwicklung/"


# ------------------------------------------------------------------------------ offers


def test_expired_offers_are_hidden_and_until_today_is_shown(hostile: Atlas) -> None:
    [alpha] = hostile.listed_members
    assert list(visible_offers(alpha, TODAY)) == ["internships", "theses"]
    # the day before, the jobs offer was still shown
    assert list(visible_offers(alpha, date(2026, 11, 25))) == ["jobs", "internships", "theses"]

    [member] = _json(members_json(hostile, _urls(hostile), TODAY))["members"]
    assert set(member["offers"]) == {"internships", "theses"}
    assert member["offers"]["internships"]["until"] == "2026-11-26"
    assert member["offers"]["theses"]["until"] is None

    header, row = _csv_rows(members_csv(hostile, _urls(hostile), TODAY))
    assert row[header.index("offers")] == "internships; theses"


# ------------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 7131", "+49 7131"),  # a phone number is data, not a formula
        ("-2", "-2"),  # so is a negative number
        ("+49 7131 =1", "'+49 7131 =1"),
        ("-Handel", "'-Handel"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),
        ("Alpha = Beta", "Alpha = Beta"),
        ("a-b", "a-b"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(value: str, expected: str) -> None:
    assert spreadsheet_safe(value) == expected


def test_csv_has_bom_crlf_and_the_documented_columns(minimal: Atlas) -> None:
    raw = members_csv(minimal, _urls(minimal), TODAY)
    assert raw.startswith(b'\xef\xbb\xbf"id","name",')
    assert raw.endswith(b"\r\n")
    header, *rows = _csv_rows(raw)
    assert tuple(header) == CSV_COLUMNS
    [alpha] = rows
    row = dict(zip(header, alpha, strict=True))
    assert row["id"] == "alpha-software"
    assert row["street"] == "Bahnhofstraße 1"
    assert row["competences"] == "webentwicklung; cloud-migration"
    assert row["competence_labels"] == "Webentwicklung; Cloud-Migration"
    # every field quoted: Excel opening the file with ';' as separator keeps
    # "Webentwicklung; Cloud-Migration" (or a tagline "x;=1+1") in one cell
    assert b'"webentwicklung; cloud-migration"' in raw
    assert row["needs"] == "isms"
    assert row["phone"] == "+49 7131 5550100"  # as in the member file: no formula
    assert row["url"] == "https://atlas.example.org/mitglieder/alpha-software/"


def test_csv_neutralises_formula_cells(hostile: Atlas) -> None:
    header, row = _csv_rows(members_csv(hostile, _urls(hostile), TODAY))
    cells = dict(zip(header, row, strict=True))
    assert cells["name"] == "'" + HOSTILE_NAME
    assert cells["street"] == "'@Bahnhofstraße 1"
    assert cells["industries"] == "'-Maschinenbau; Handel"
    assert cells["tagline"] == HOSTILE_TAGLINE
    for value in row:  # only a phone number or a number may start with '+' or '-'
        number = re.fullmatch(r"[+-][0-9 ()/.,-]*[0-9][0-9 ()/.,-]*", value)
        assert number or not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


# ------------------------------------------------------------------------------- XML


def test_feed_carries_hostile_text_as_text(hostile: Atlas) -> None:
    raw = atom_feed(hostile, _urls(hostile), TODAY, "de", "Neu im <Atlas> & mehr")
    assert b"<script>" not in raw
    feed = ET.fromstring(raw)
    assert feed.findtext(f"{ATOM}title") == "Neu im <Atlas> & mehr"
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == HOSTILE_NAME
    assert entry.findtext(f"{ATOM}summary") == HOSTILE_TAGLINE
    assert list(entry.iter("script")) == []
    assert entry.findtext(f"{ATOM}updated") == "2026-03-01T00:00:00Z"


def test_feed_links_and_ids(minimal: Atlas) -> None:
    urls = _urls(minimal)
    de = ET.fromstring(atom_feed(minimal, urls, TODAY, "de", "Neu"))
    en = ET.fromstring(atom_feed(minimal, urls, TODAY, "en", "New"))
    assert de.findtext(f"{ATOM}id") == "https://atlas.example.org/"
    assert en.findtext(f"{ATOM}id") == "https://atlas.example.org/en/"
    links = {link.get("rel"): link.get("href") for link in de.findall(f"{ATOM}link")}
    assert links["self"] == "https://atlas.example.org/feed.xml"
    en_links = {link.get("rel"): link.get("href") for link in en.findall(f"{ATOM}link")}
    assert en_links["self"] == "https://atlas.example.org/en/feed.xml"
    assert de.findtext(f"{ATOM}updated") == "2026-01-15T00:00:00Z"
    [entry] = en.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == "https://atlas.example.org/en/members/alpha-software/"
    assert entry.findtext(f"{ATOM}summary") == "Web applications for mid-sized companies"
    [de_entry] = de.findall(f"{ATOM}entry")
    assert de_entry.findtext(f"{ATOM}summary") == "Webanwendungen für den Mittelstand"


def test_feed_of_the_example_content_has_the_newest_verified_members(example: Atlas) -> None:
    feed = ET.fromstring(atom_feed(example, _urls(example), TODAY, "de", "Neu"))
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == min(FEED_SIZE, len(example.listed_members))
    dates = [e.findtext(f"{ATOM}updated") or "" for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == dates[0]
    newest = max(m.data.last_verified for m in example.listed_members if m.data.last_verified)
    assert dates[0] == f"{newest.isoformat()}T00:00:00Z"
    unlisted = {m.slug for m in example.members if not m.listed}
    for entry in entries:
        assert (entry.findtext(f"{ATOM}id") or "").split("/")[-2] not in unlisted


def test_sitemap_escapes_urls_and_lists_alternates_sorted() -> None:
    entries = [
        SitemapEntry(
            "https://atlas.example.org/z/?a=1&b=<2>",
            None,
            (("de", "https://atlas.example.org/z/?a=1&b=<2>"), ("en", 'https://x.example/"q"')),
        ),
        SitemapEntry("https://atlas.example.org/a/", date(2026, 1, 2)),
    ]
    raw = sitemap_xml(entries)
    assert raw == sitemap_xml(list(reversed(entries)))
    root = ET.fromstring(raw)
    assert root.tag == f"{SITEMAP}urlset"
    urls = root.findall(f"{SITEMAP}url")
    assert [u.findtext(f"{SITEMAP}loc") for u in urls] == [
        "https://atlas.example.org/a/",
        "https://atlas.example.org/z/?a=1&b=<2>",
    ]
    assert urls[0].findtext(f"{SITEMAP}lastmod") == "2026-01-02"
    assert urls[1].find(f"{SITEMAP}lastmod") is None
    alternates = [(a.get("hreflang"), a.get("href")) for a in urls[1].findall(f"{XHTML}link")]
    assert alternates == [
        ("de", "https://atlas.example.org/z/?a=1&b=<2>"),
        ("en", 'https://x.example/"q"'),
    ]


def test_sitemap_entries_need_absolute_urls() -> None:
    with pytest.raises(ValueError, match="absolute"):
        SitemapEntry("/mitglieder/")


def test_robots_txt_allows_all_and_names_the_sitemap(minimal: Atlas) -> None:
    text = robots_txt(_urls(minimal)).decode()
    assert "User-agent: *\nAllow: /\n" in text
    assert "Sitemap: https://atlas.example.org/sitemap.xml\n" in text


# ------------------------------------------------------------------------ determinism


def test_two_calls_give_identical_bytes(hostile: Atlas, minimal: Atlas) -> None:
    for atlas in (hostile, minimal):
        assert _all_outputs(atlas) == _all_outputs(atlas)
    assert _all_outputs(minimal) == _all_outputs(_load(SITES / "minimal"))


# -------------------------------------------------------------------- example content


@pytest.mark.parametrize(
    "export",
    [
        lambda a: _json(members_json(a, _urls(a), TODAY))["members"],
        lambda a: _csv_rows(members_csv(a, _urls(a), TODAY))[1:],
    ],
    ids=["json", "csv"],
)
def test_example_content_exports_every_listed_member(
    example: Atlas, export: Callable[[Atlas], list[Any]]
) -> None:
    listed = sorted(m.slug for m in example.listed_members)
    assert len(listed) < len(example.members)  # the example has unlisted members
    records = export(example)
    ids = [r["id"] if isinstance(r, dict) else r[0] for r in records]
    assert ids == listed


def test_example_content_exports_parse_and_name_no_unlisted_member(example: Atlas) -> None:
    outputs = _all_outputs(example)
    for name in ("feed.xml", "en/feed.xml"):
        ET.fromstring(outputs[name])
    unlisted = [m for m in example.members if not m.listed]
    for name, data in outputs.items():
        text = data.decode("utf-8-sig")
        for member in unlisted:
            assert f"/{member.slug}/" not in text, (name, member.slug)
            assert f'"{member.slug}"' not in text, (name, member.slug)
            assert member.name not in text, (name, member.slug)
