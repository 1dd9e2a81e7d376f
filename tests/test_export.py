"""``atlasgen export``: member data for CRMs and address books, parsed back as a CRM or
an address book would (``csv``, the ``vobject`` vCard parser, ``json``) and compared with
the member files and the internal data they came from.

The test sites' first language is German: the command line speaks German unless ``--lang
en`` says otherwise (the exported data is the same in both); the Python API speaks English
unless told otherwise."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import vobject
import yaml
from conftest import SITES, run_atlasgen

from atlasgen.common import i18n
from atlasgen.common.spreadsheet import is_formula, spreadsheet_safe
from atlasgen.staff.export import (
    ExportRequest,
    ExportUsageError,
    Selection,
    fold,
    prepare_export,
    vcard_escape,
    write_export,
)

DAY = "2026-06-01"
CANARY = "canary-x7k2"
CANARY_TOKENS = (b"x7k2", b"9173911")
"""The canary in the internal data (any case), and the billing phone's digits."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

HOSTILE_NAME = r"Delta; Test, Backslash \ GmbH"
HOSTILE_TAGLINE = '=HYPERLINK("https://evil.example/";"Klick") Prüfung: €-Beträge über Länder'
LONG_ROLE = "Leiterin; Vertrieb, Süd \\ Nord – zuständig für Größenklassen, Häfen und Übersee €€€"
HOSTILE_CONTACT = "Dr. Änne Überlänge-Müller"

DELTA = f"""---
name: '{HOSTILE_NAME}'
type: company
tagline: '{HOSTILE_TAGLINE}'
website: https://www.delta.example.com/a;b,c
email: info@delta.example.com
phone: "+49 (7131) 555-01/02"
address:
  street: 'Hauptstraße 5; Hinterhaus, 2. OG'
  postal_code: "74072"
  city: Heilbronn
founded: 2001
employees: 50-249
competences: [webentwicklung, isms]
industries: ['+SUM(1;2)', '@Maschinenbau', '-Handel']
contacts:
  - name: {HOSTILE_CONTACT}
    role: '{LONG_ROLE}'
    email: aenne@delta.example.com
    phone: "+49 7131 5550199"
last_verified: 2026-03-01
---
Delta testet.
"""
EPSILON = """---
name: Epsilon Pause GmbH
type: company
tagline: Pausiert gerade
email: info@epsilon.example.com
address:
  street: Kelterweg 9
  postal_code: "74189"
  city: Weinsberg
competences: [isms]
---
Pausiert.
"""
ALPHA_INTERNAL = f"""membership:
  status: active
  since: 2019-03-01
  until: 2027-12-31
  fee_class: '=2+3 Klasse B {CANARY}'
billing:
  name: Buchhaltung {CANARY}
  role: Rechnung {CANARY}
  email: rechnung-{CANARY}@alpha.example.com
  phone: "+49 7131 9173911"
contacts:
  - name: Intern {CANARY}
    role: Ansprechpartner {CANARY}
    email: intern-{CANARY}@alpha.example.com
notes: "Zahlt pünktlich {CANARY}"
tags: ['=1+1 {CANARY}', Beirat]
log:
  - date: 2026-02-10
    kind: call
    text: Umsatz {CANARY}
"""
GAMMA_INTERNAL = """membership:
  status: prospect
billing:
  name: Petra Muster
  email: buchhaltung@gamma.example.net
consents:
  - contact: Jana Beispiel
    date: 2025-11-03
    scope: Name, Funktion und E-Mail im Kompetenzatlas
"""
DELTA_INTERNAL = f"""membership:
  status: active
  since: 2024-01-01
consents:
  - contact: {HOSTILE_CONTACT}
    date: 2026-01-10
    scope: Name und Kontakt
"""
FILES = {
    "content/members/delta-test.md": DELTA,
    "content/members/epsilon-pause.md": EPSILON,
    "internal/alpha-software.yaml": ALPHA_INTERNAL,
    "internal/gamma-daten.yaml": GAMMA_INTERNAL,
    "internal/delta-test.yaml": DELTA_INTERNAL,
    "internal/epsilon-pause.yaml": "membership:\n  status: paused\n",
}
LISTED = ["alpha-software", "delta-test", "gamma-daten"]
"""Listed members, by id: beta-security has ``listed: false``, epsilon-pause is paused."""
EVERYONE = ["alpha-software", "beta-security", "delta-test", "epsilon-pause", "gamma-daten"]


def make_project(root: Path, files: dict[str, str]) -> Path:
    shutil.copytree(SITES / "small", root)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("export") / "project", FILES)


def export(root: Path, *args: str) -> bytes:
    """Standard output of ``atlasgen export`` (bytes, as a pipe receives them)."""
    proc = subprocess.run(
        [sys.executable, "-m", "atlasgen", "export", "--project", str(root), "--date", DAY, *args],
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


_cache: dict[tuple[str, ...], bytes] = {}


@pytest.fixture(scope="module")
def exported(project: Path) -> Callable[..., bytes]:
    """``atlasgen export ARGS`` of the module's project, run once per argument list."""

    def run(*args: str) -> bytes:
        key = (str(project), *args)
        if key not in _cache:
            _cache[key] = export(project, *args)
        return _cache[key]

    return run


def front_matter(root: Path, slug: str) -> dict[str, Any]:
    text = (root / f"content/members/{slug}.md").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text.split("---\n")[1])
    return data


def internal_file(root: Path, slug: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((root / f"internal/{slug}.yaml").read_text("utf-8"))
    return data


def csv_rows(data: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark, for Excel
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")  # CRLF only
    field = r'"(?:[^"]|"")*"'
    for line in text.split("\r\n")[:-1]:  # every field quoted
        assert re.fullmatch(f"{field}(?:{re.escape(delimiter)}{field})*", line), line
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


NUMBER = re.compile(r"[+-][0-9 ()/.,-]*[0-9][0-9 ()/.,-]*")
"""A phone number or a negative number: data, even though it starts with ``+``/``-``."""


def unsafe(cell: str) -> str:
    """The value behind a neutralised cell; fails on a cell a spreadsheet would run."""
    if cell.startswith("'"):
        value = cell[1:]  # only formulas get an apostrophe
        assert value.startswith(FORMULA_START) and not NUMBER.fullmatch(value), cell
        return value
    assert not cell.startswith(FORMULA_START) or NUMBER.fullmatch(cell), cell
    return cell


def cards(data: bytes) -> list[Any]:
    return list(vobject.readComponents(data.decode("utf-8")))


def prop(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name.lower(), []))


def value(card: Any, name: str) -> Any:
    values = prop(card, name)
    assert len(values) == 1, (name, values)
    return values[0].value


def digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


LABELS = {
    "webentwicklung": "Webentwicklung",
    "cloud-migration": "Cloud-Migration",
    "kuenstliche-intelligenz": "Künstliche Intelligenz",
    "isms": "Informationssicherheits-Managementsystem",
}

# --------------------------------------------------------------------------------- CSV


def test_csv_has_the_listed_members_with_civicrm_columns(
    project: Path, exported: Callable[..., bytes]
) -> None:
    rows = csv_rows(exported("--format", "csv"))
    assert list(rows[0]) == [
        "External Identifier",
        "Organization Name",
        "Organization Type",
        "Tagline",
        "Street Address",
        "Postal Code",
        "City",
        "District",
        "Country",
        "Email",
        "Phone",
        "Website",
        "Competences",
        "Industries",
        "Employees",
        "Year Founded",
        "Profile URL",
        "Last Verified",
    ]
    assert [r["External Identifier"] for r in rows] == LISTED
    for row in rows:
        slug = row["External Identifier"]
        source = front_matter(project, slug)
        cell = {key: unsafe(text) for key, text in row.items()}
        assert cell["Organization Name"] == source["name"]
        assert cell["Organization Type"] == source["type"]
        assert cell["Tagline"] == source["tagline"]
        assert cell["Street Address"] == source["address"]["street"]
        assert cell["Postal Code"] == source["address"]["postal_code"]
        assert cell["City"] == source["address"]["city"]
        assert cell["Country"] == "DE"
        assert cell["Email"] == source.get("email", "")
        assert cell["Phone"] == source.get("phone", "")
        assert cell["Website"] == source.get("website", "")
        assert cell["Competences"] == "; ".join(LABELS[c] for c in source["competences"])
        assert cell["Industries"] == "; ".join(source.get("industries", []))
        assert cell["Employees"] == source.get("employees", "")
        assert cell["Year Founded"] == str(source.get("founded", ""))
        assert cell["Profile URL"] == f"https://atlas.example.org/mitglieder/{slug}/"
        verified = source.get("last_verified")
        assert cell["Last Verified"] == (verified.isoformat() if verified else "")
    alpha = rows[0]
    assert alpha["District"] == "Stadtkreis Heilbronn"
    assert alpha["Phone"] == "+49 7131 5550100"  # as in the member file, for the CRM


def test_csv_with_semicolons_and_hubspot_columns(exported: Callable[..., bytes]) -> None:
    civicrm = csv_rows(exported("--format", "csv"))
    hubspot = csv_rows(exported("--format", "csv", "--delimiter", ";", "--columns", "hubspot"), ";")
    assert list(hubspot[0]) == [
        "Atlas ID",
        "Company name",
        "Organization type",
        "Description",
        "Street address",
        "Postal code",
        "City",
        "District",
        "Country/Region",
        "Email",
        "Phone number",
        "Website URL",
        "Company domain name",
        "Competences",
        "Industries",
        "Employees (size class)",
        "Year founded",
        "Profile URL",
        "Last verified",
    ]
    for a, b in zip(civicrm, hubspot, strict=True):
        assert [v for k, v in b.items() if k != "Company domain name"] == list(a.values())
    domains = {r["Atlas ID"]: r["Company domain name"] for r in hubspot}
    assert domains == {
        "alpha-software": "alpha.example.com",
        "delta-test": "delta.example.com",
        "gamma-daten": "gamma.example.net",
    }
    # the same table, whatever the separator
    semicolons = exported("--format", "csv", "--delimiter", ";")
    assert csv_rows(semicolons, ";") == civicrm
    assert semicolons.replace(b'";"', b'","') != exported("--format", "csv")  # the tagline has ";"


def test_csv_cells_cannot_run_as_formulas(exported: Callable[..., bytes]) -> None:
    for args in (("--format", "csv"), ("--format", "csv", "--internal", "--all")):
        rows = csv_rows(exported(*args))
        for row in rows:
            for text in [*row, *row.values()]:
                unsafe(text)
        delta = next(r for r in rows if r["External Identifier"] == "delta-test")
        assert delta["Tagline"] == "'" + HOSTILE_TAGLINE
        assert delta["Industries"] == "'+SUM(1;2); @Maschinenbau; -Handel"
        assert delta["Organization Name"] == HOSTILE_NAME
    alpha = csv_rows(exported("--format", "csv", "--internal", "--all"))[0]
    assert alpha["Fee Class"] == f"'=2+3 Klasse B {CANARY}"
    assert alpha["Tags"] == f"'=1+1 {CANARY}; Beirat"


# ------------------------------------------------------------------------------- vCard


def test_vcard_cards_match_the_member_files(project: Path, exported: Callable[..., bytes]) -> None:
    parsed = cards(exported("--format", "vcard"))
    orgs = [c for c in parsed if value(c, "KIND") == "org"]
    people = [c for c in parsed if value(c, "KIND") == "individual"]
    assert [value(c, "UID") for c in orgs] == [f"urn:atlasgen:member:{s}" for s in LISTED]
    for card in parsed:
        assert value(card, "VERSION") == "4.0"
    for card in orgs:
        slug = value(card, "UID").removeprefix("urn:atlasgen:member:")
        source = front_matter(project, slug)
        assert value(card, "FN") == source["name"]
        assert value(card, "ORG") == [source["name"]]
        assert value(card, "NOTE") == source["tagline"]
        address = value(card, "ADR")
        assert (address.street, address.city, address.code, address.country) == (
            source["address"]["street"],
            source["address"]["city"],
            source["address"]["postal_code"],
            "Deutschland",
        )
        assert [e.value for e in prop(card, "EMAIL")] == [source["email"]]
        tels = [digits(t.value) for t in prop(card, "TEL")]
        assert tels == ([digits(source["phone"])] if "phone" in source else [])
        urls = [u.value for u in prop(card, "URL")]
        profile = f"https://atlas.example.org/mitglieder/{slug}/"
        assert urls == [*([source["website"]] if "website" in source else []), profile]
        assert value(card, "CATEGORIES") == [LABELS[c] for c in source["competences"]]
        verified = source.get("last_verified")
        assert [r.value for r in prop(card, "REV")] == (
            [verified.strftime("%Y%m%dT000000Z")] if verified else []
        )
        # one card per public contact person, linked from the organisation's card
        related = [r.value for r in prop(card, "RELATED")]
        mine = [p for p in people if value(p, "UID") in related]
        assert [value(p, "FN") for p in mine] == [c["name"] for c in source.get("contacts", [])]
        for person, contact in zip(mine, source.get("contacts", []), strict=True):
            assert value(person, "ORG") == [source["name"]]
            assert value(person, "TITLE") == contact["role"]
            assert value(person, "EMAIL") == contact["email"]
            assert [digits(t.value) for t in prop(person, "TEL")] == (
                [digits(contact["phone"])] if "phone" in contact else []
            )
            assert "CATEGORIES".lower() not in person.contents
    assert len(people) == 2  # Jana Beispiel (gamma), Dr. Änne Überlänge-Müller (delta)
    aenne = next(p for p in people if value(p, "FN") == HOSTILE_CONTACT)
    name = value(aenne, "N")
    assert (name.prefix, name.given, name.family) == ("Dr.", "Änne", "Überlänge-Müller")


def test_vcard_escapes_and_folds_hostile_values(exported: Callable[..., bytes]) -> None:
    data = exported("--format", "vcard")
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line  # folded at 75 octets …
        line.decode("utf-8")  # … never inside a character
    assert "\r\n " in text  # long lines were folded
    raw = text.replace("\r\n ", "")  # unfolded
    assert f"FN:{vcard_escape(HOSTILE_NAME)}\r\n" in raw
    assert "FN:Delta\\; Test\\, Backslash \\\\ GmbH\r\n" in raw
    assert (
        "ADR;TYPE=work:;;Hauptstraße 5\\; Hinterhaus\\, 2. OG;Heilbronn;;74072;Deutschland" in raw
    )
    delta = next(c for c in cards(data) if value(c, "UID") == "urn:atlasgen:member:delta-test")
    assert value(delta, "FN") == HOSTILE_NAME
    assert value(delta, "ORG") == [HOSTILE_NAME]
    assert value(delta, "NOTE") == HOSTILE_TAGLINE
    assert value(delta, "ADR").street == "Hauptstraße 5; Hinterhaus, 2. OG"
    assert prop(delta, "URL")[0].value == "https://www.delta.example.com/a;b,c"
    assert value(delta, "CATEGORIES") == [LABELS["webentwicklung"], LABELS["isms"]]
    tel = prop(delta, "TEL")[0]
    assert tel.value == "tel:+49-(7131)-555-01-02"
    assert tel.params == {"VALUE": ["uri"], "TYPE": ["work", "voice"]}
    aenne = next(c for c in cards(data) if value(c, "FN") == HOSTILE_CONTACT)
    assert value(aenne, "TITLE") == LONG_ROLE
    assert value(aenne, "ORG") == [HOSTILE_NAME]


@pytest.mark.parametrize(
    "text",
    [
        "eine Zeile\nzweite Zeile\r\ndritte\rvierte",
        "Komma, Semikolon; Backslash \\ und \\n wörtlich",
        "ü" * 100,
        "€" * 60 + "x" + "ä" * 30,
    ],
)
def test_vcard_escaping_and_folding_round_trip(text: str) -> None:
    line = fold(f"NOTE:{vcard_escape(text)}")
    for physical in line.encode("utf-8").split(b"\r\n")[:-1]:
        assert len(physical) <= 75
        physical.decode("utf-8")
    card = f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:x\r\n{line}END:VCARD\r\n"
    parsed = next(vobject.readComponents(card))
    assert value(parsed, "NOTE") == text.replace("\r\n", "\n").replace("\r", "\n")


def test_vcard_uids_stay_when_the_content_changes(tmp_path: Path) -> None:
    first = make_project(tmp_path / "a", FILES)
    changed = dict(FILES)
    changed["content/members/delta-test.md"] = DELTA.replace(HOSTILE_NAME, "Delta Neu GmbH")
    second = make_project(tmp_path / "b", changed)

    def uids(root: Path) -> dict[str, str]:
        return {value(c, "FN"): value(c, "UID") for c in cards(export(root, "--format", "vcard"))}

    before, after = uids(first), uids(second)
    assert (
        before.pop(HOSTILE_NAME)
        == after.pop("Delta Neu GmbH")
        == ("urn:atlasgen:member:delta-test")
    )
    assert before == after
    assert before[HOSTILE_CONTACT] == (
        "urn:atlasgen:member:delta-test:contact:dr-aenne-ueberlaenge-mueller"
    )
    # renaming the file is what changes the id
    (second / "content/members/delta-test.md").rename(second / "content/members/delta-neu.md")
    (second / "internal/delta-test.yaml").rename(second / "internal/delta-neu.yaml")
    assert uids(second)["Delta Neu GmbH"] == "urn:atlasgen:member:delta-neu"


def test_vcard_into_a_folder_writes_one_file_per_member(
    project: Path, tmp_path: Path, exported: Callable[..., bytes]
) -> None:
    out = tmp_path / "karten"
    result = run_atlasgen(
        "export", "--project", project, "--date", DAY, "--format", "vcard", "--out", f"{out}/"
    )
    assert result.code == 0, result.stderr
    assert result.stdout == f"3 Mitglieder in 3 Dateien im Ordner {out} geschrieben\n"
    files = sorted(p.name for p in out.iterdir())
    assert files == [f"{slug}.vcf" for slug in LISTED]
    joined = b"".join((out / name).read_bytes() for name in files)
    assert joined == exported("--format", "vcard")
    gamma = cards((out / "gamma-daten.vcf").read_bytes())
    assert [value(c, "FN") for c in gamma] == [
        "Gamma Daten UG (haftungsbeschränkt)",
        "Jana Beispiel",
    ]


# -------------------------------------------------------------------------------- JSON


def test_json_matches_the_member_files(project: Path, exported: Callable[..., bytes]) -> None:
    document = json.loads(exported("--format", "json"))
    assert document["version"] == 1
    assert document["generated"] == DAY
    assert document["source"] == "https://atlas.example.org/"
    members = document["members"]
    assert [m["id"] for m in members] == LISTED
    for member in members:
        source = front_matter(project, member["id"])
        assert "internal" not in member and "listed" not in member
        assert member["name"] == source["name"]
        assert member["type"] == source["type"]
        assert member["tagline"]["de"] == source["tagline"]
        assert member["website"] == source.get("website")
        assert member["email"] == source.get("email")
        assert member["phone"] == source.get("phone")
        address = member["address"]
        assert [address["street"], address["postal_code"], address["city"]] == [
            source["address"][k] for k in ("street", "postal_code", "city")
        ]
        assert [c["id"] for c in member["competences"]] == source["competences"]
        assert member["industries"] == source.get("industries", [])
        assert member["employees"] == source.get("employees")
        assert member["founded"] == source.get("founded")
        assert member["contacts"] == [
            {k: c.get(k) for k in ("name", "role", "email", "phone")}
            for c in source.get("contacts", [])
        ]
        verified = source.get("last_verified")
        assert member["last_verified"] == (verified.isoformat() if verified else None)


def test_internal_adds_the_internal_data(project: Path, exported: Callable[..., bytes]) -> None:
    members = json.loads(exported("--format", "json", "--internal"))["members"]
    for member in members:
        path = project / f"internal/{member['id']}.yaml"
        expected = yaml.safe_load(path.read_text("utf-8"))
        internal = member["internal"]
        assert internal["membership"]["status"] == expected["membership"]["status"]
        for key in ("billing", "notes"):
            assert internal[key] == (
                {"role": None, "phone": None, **expected[key]}
                if isinstance(expected.get(key), dict)
                else expected.get(key)
            )
        assert internal["tags"] == expected.get("tags", [])
        assert [c["contact"] for c in internal["consents"]] == [
            c["contact"] for c in expected.get("consents", [])
        ]
        assert internal["log"] == [
            {**entry, "date": entry["date"].isoformat()} for entry in expected.get("log", [])
        ]
    alpha = members[0]["internal"]
    assert alpha["membership"] == {
        "status": "active",
        "since": "2019-03-01",
        "until": "2027-12-31",
        "fee_class": f"=2+3 Klasse B {CANARY}",
    }
    assert alpha["contacts"] == [
        {
            "name": f"Intern {CANARY}",
            "role": f"Ansprechpartner {CANARY}",
            "email": f"intern-{CANARY}@alpha.example.com",
            "phone": None,
        }
    ]
    # CSV: the internal columns
    rows = csv_rows(exported("--format", "csv", "--internal"))
    assert list(rows[0])[-7:] == [
        "Membership Status",
        "Member Since",
        "Member Until",
        "Fee Class",
        "Billing Name",
        "Billing Email",
        "Tags",
    ]
    by_id = {r["External Identifier"]: r for r in rows}
    assert [by_id["alpha-software"][k] for k in ("Membership Status", "Member Since")] == [
        "active",
        "2019-03-01",
    ]
    assert by_id["alpha-software"]["Billing Email"] == f"rechnung-{CANARY}@alpha.example.com"
    assert by_id["gamma-daten"]["Membership Status"] == "prospect"
    assert by_id["gamma-daten"]["Billing Name"] == "Petra Muster"
    # vCard: the internal contacts and the billing person, marked in CATEGORIES
    parsed = cards(exported("--format", "vcard", "--internal"))
    marked = {value(c, "FN"): value(c, "CATEGORIES") for c in parsed if "categories" in c.contents}
    assert marked[f"Intern {CANARY}"] == ["internal"]
    assert marked[f"Buchhaltung {CANARY}"] == ["billing"]
    assert marked["Petra Muster"] == ["billing"]
    billing = next(c for c in parsed if value(c, "FN") == f"Buchhaltung {CANARY}")
    assert value(billing, "UID") == "urn:atlasgen:member:alpha-software:billing"
    assert value(billing, "ORG") == ["Alpha Software GmbH"]
    assert digits(value(billing, "TEL")) == "4971319173911"
    alpha = next(c for c in parsed if value(c, "UID") == "urn:atlasgen:member:alpha-software")
    assert [r.value for r in prop(alpha, "RELATED")] == [
        f"urn:atlasgen:member:alpha-software:internal:intern-{CANARY}",
        "urn:atlasgen:member:alpha-software:billing",
    ]


@pytest.mark.parametrize("fmt", ["csv", "vcard", "json"])
@pytest.mark.parametrize("everyone", [False, True])
def test_no_internal_value_without_internal(
    fmt: str, everyone: bool, exported: Callable[..., bytes]
) -> None:
    data = exported("--format", fmt, *(["--all"] if everyone else []))
    for token in CANARY_TOKENS:
        assert token not in data.lower()
    assert b"paused" not in data and b"Petra Muster" not in data
    assert any(token in exported("--format", fmt, "--internal").lower() for token in CANARY_TOKENS)


def test_all_adds_unlisted_and_withheld_members(exported: Callable[..., bytes]) -> None:
    rows = csv_rows(exported("--format", "csv", "--all"))
    assert [(r["External Identifier"], r["Listed"]) for r in rows] == [
        ("alpha-software", "yes"),
        ("beta-security", "no"),
        ("delta-test", "yes"),
        ("epsilon-pause", "no"),
        ("gamma-daten", "yes"),
    ]
    members = json.loads(exported("--format", "json", "--all", "--internal"))["members"]
    assert [(m["id"], m["listed"]) for m in members] == [
        (r["External Identifier"], r["Listed"] == "yes") for r in rows
    ]
    statuses = {m["id"]: m["internal"] and m["internal"]["membership"]["status"] for m in members}
    assert statuses == {
        "alpha-software": "active",
        "beta-security": None,
        "delta-test": "active",
        "epsilon-pause": "paused",
        "gamma-daten": "prospect",
    }
    uids = [value(c, "UID") for c in cards(exported("--format", "vcard", "--all"))]
    assert [u.removeprefix("urn:atlasgen:member:") for u in uids if u.count(":") == 3] == EVERYONE


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "csv", "--internal", "--all", "--delimiter", ";"),
        ("--format", "vcard", "--internal", "--all"),
        ("--format", "json", "--internal", "--all"),
    ],
)
def test_the_same_content_gives_the_same_bytes(
    project: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    first = export(project, *args)
    out = tmp_path / "export.out"
    result = run_atlasgen("export", "--project", project, "--date", DAY, *args, "--out", out)
    assert result.code == 0, result.stderr
    assert result.stdout == f"5 Mitglieder in {out} geschrieben\n"
    assert out.read_bytes() == first
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # internal data: for the owner only


# ------------------------------------------------------------------------------ errors


def test_internal_without_internal_data_is_a_usage_error(site: Callable[..., Path]) -> None:
    root = site("small")
    result = run_atlasgen("export", "--project", root, "--format", "csv", "--internal")
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "atlasgen export: --internal braucht die internen Mitgliederdaten, aber den Ordner "
        "'internal/' gibt es nicht (internal_dir in atlas.yaml): Legen Sie ihn mit einer "
        "<slug>.yaml je Mitglied an (siehe docs/examples/internal/ und "
        "docs/member-management.md) oder exportieren Sie ohne --internal\n"
    )
    english = run_atlasgen(
        "export", "--project", root, "--format", "csv", "--internal", "--lang", "en"
    )
    assert english.code == 2
    assert english.stderr == (
        "atlasgen export: --internal needs the internal member data, but the folder 'internal/' "
        "does not exist (internal_dir in atlas.yaml): create it with one <slug>.yaml per member "
        "(see docs/examples/internal/ and docs/member-management.md), or export without "
        "--internal\n"
    )
    # without --internal the same project exports (public contacts warn about consents)
    assert run_atlasgen("export", "--project", root, "--format", "csv").code == 0


def test_content_problems_stop_the_export(site: Callable[..., Path]) -> None:
    alpha = (SITES / "small/content/members/alpha-software.md").read_text("utf-8")
    root = site("small", {"content/members/alpha-software.md": alpha.replace("10-49", "10-50")})
    for fmt in ("csv", "vcard", "json"):
        result = run_atlasgen("export", "--project", root, "--format", fmt)
        assert result.code == 1
        assert result.stdout == ""
        assert "content/members/alpha-software.md:14:12: employees:" in result.stderr
        assert "atlasgen export: nichts wurde exportiert" in result.stderr
    english = run_atlasgen("export", "--project", root, "--format", "csv", "--lang", "en")
    assert english.code == 1
    assert "atlasgen export: nothing was exported" in english.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "vcard", "--delimiter", ";"), "--delimiter gilt nur für --format csv"),
        (("--format", "json", "--columns", "hubspot"), "--columns gilt nur für --format csv"),
        (
            ("--format", "csv", "--out", "folder/"),
            "'folder/' ist ein Ordner: Nur --format vcard schreibt eine Datei je Mitglied; "
            "geben Sie einen Dateinamen an, z. B. --out mitglieder.csv",
        ),
        (
            ("--format", "json", "--out", "fehlt/x.json"),
            "den Ordner von 'fehlt/x.json' gibt es nicht: Legen Sie ihn zuerst an oder geben "
            "Sie eine Datei in einem vorhandenen Ordner an",
        ),
        (
            ("--lang", "en", "--format", "vcard", "--delimiter", ";"),
            "--delimiter applies only to --format csv",
        ),
        (
            ("--lang", "en", "--format", "json", "--out", "folder/"),
            "'folder/' is a folder: only --format vcard writes one file per member; give a file "
            "name, e.g. --out members.json",
        ),
    ],
)
def test_usage_errors(project: Path, args: tuple[str, ...], message: str) -> None:
    result = run_atlasgen("export", "--project", project, *args, cwd=project)
    assert result.code == 2
    assert message in result.stderr


# ------------------------------------------------------------ the formula rule (issue 17)


@pytest.mark.parametrize(
    "value",
    [
        "+49 7131 5550100",
        "+49 (7131) 555-01/02",
        "-2",
        "-12,5",
        "+1.5",
        "-1 000",
        "＋49 7131",
        "Alpha = Beta",
        "1+1",
        "'s Lädle",
        " =1+1",
        "",
    ],
)
def test_data_is_not_a_formula(value: str) -> None:
    assert not is_formula(value)
    assert spreadsheet_safe(value) == value


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("https://evil.example/";"Klick")',
        "=1+1",
        "@SUM(1;2)",
        "+SUM(1;2)",
        "-Handel",
        "+A1",
        "-2+3",
        "+49 7131 =1",
        "+49 7131\n=1",
        "-cmd|' /C calc'!A0",
        "+cmd|' /C calc'!A0 Zauberwort",
        "-",
        "+",
        "+1e3",
        "+$A$1",
        "\t=1",
        "\r=1",
        "\n=1",
        "＝1+1",
        "＠SUM(1)",
        "－Handel",
    ],
)
def test_a_formula_is_neutralised(value: str) -> None:
    assert is_formula(value)
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("columns", ["civicrm", "hubspot"])
def test_crm_csv_phone_numbers_are_the_member_files(
    project: Path, exported: Callable[..., bytes], columns: str
) -> None:
    rows = csv_rows(exported("--format", "csv", "--all", "--columns", columns))
    ident, phone = (
        ("Atlas ID", "Phone number") if columns == "hubspot" else ("External Identifier", "Phone")
    )
    for row in rows:
        assert row[phone] == front_matter(project, row[ident]).get("phone", "")
    assert any(row[phone].startswith("+") for row in rows)


# ------------------------------------------------------------------------ the language


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "csv", "--internal", "--all"),
        ("--format", "csv", "--columns", "hubspot"),
        ("--format", "vcard", "--internal", "--all"),
        ("--format", "json", "--internal", "--all"),
    ],
)
def test_the_exported_data_is_the_same_in_both_languages(
    exported: Callable[..., bytes], args: tuple[str, ...]
) -> None:
    """Only what is said to the person is translated: CRMs import the columns by name."""
    assert exported(*args, "--lang", "en") == exported(*args, "--lang", "de")


@pytest.fixture
def german() -> Iterator[None]:
    i18n.use("de")
    try:
        yield
    finally:
        i18n.use("en")


def _selection(root: Path, request: ExportRequest) -> Selection:
    selection, problems = prepare_export(root, request)
    assert selection is not None, problems
    return selection


def test_the_api_says_what_it_wrote_in_english_by_default(project: Path, tmp_path: Path) -> None:
    request = ExportRequest("vcard", day=date(2026, 6, 1))
    selection = _selection(project, request)
    said = write_export(selection, request, f"{tmp_path / 'cards'}/", io.BytesIO())
    assert said == f"wrote 3 members into 3 files in {tmp_path / 'cards'}"
    one = dataclasses.replace(selection, members=selection.members[:1])
    said = write_export(one, request, str(tmp_path / "one.vcf"), io.BytesIO())
    assert said == f"wrote 1 member to {tmp_path / 'one.vcf'}"


def test_the_api_speaks_german(project: Path, tmp_path: Path, german: None) -> None:
    request = ExportRequest("vcard", day=date(2026, 6, 1))
    selection = _selection(project, request)
    said = write_export(selection, request, f"{tmp_path / 'karten'}/", io.BytesIO())
    assert said == f"3 Mitglieder in 3 Dateien im Ordner {tmp_path / 'karten'} geschrieben"
    one = dataclasses.replace(selection, members=selection.members[:1])
    said = write_export(one, request, str(tmp_path / "eins.vcf"), io.BytesIO())
    assert said == f"1 Mitglied in {tmp_path / 'eins.vcf'} geschrieben"
    folder_cards = write_export(one, request, f"{tmp_path / 'eine'}/", io.BytesIO())
    assert folder_cards == f"1 Mitglied in 1 Datei im Ordner {tmp_path / 'eine'} geschrieben"
    json_request = ExportRequest("json", day=date(2026, 6, 1))
    with pytest.raises(ExportUsageError) as error:
        write_export(selection, json_request, f"{tmp_path}/", io.BytesIO())
    assert str(error.value) == (
        f"'{tmp_path}/' ist ein Ordner: Nur --format vcard schreibt eine Datei je Mitglied; "
        "geben Sie einen Dateinamen an, z. B. --out mitglieder.json"
    )


def test_internal_without_internal_data_in_german_through_the_api(
    site: Callable[..., Path], german: None
) -> None:
    root = site("small")
    with pytest.raises(ExportUsageError) as error:
        prepare_export(root, ExportRequest("csv", internal=True))
    assert str(error.value).startswith(
        "--internal braucht die internen Mitgliederdaten, aber den Ordner 'internal/' gibt es "
        "nicht (internal_dir in atlas.yaml): "
    )
