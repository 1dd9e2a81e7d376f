"""``atlasgen import``: member files from spreadsheets, run as a user would, with the files
read back by atlasgen's own loader and checked by ``atlasgen validate``."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run_atlasgen

from atlasgen.common import i18n
from atlasgen.content.load import load_markdown_document
from atlasgen.staff.importer.columns import ALIASES, FIELDS, IGNORED
from atlasgen.staff.importer.command import run_import
from atlasgen.staff.importer.messages import value_lines
from atlasgen.staff.importer.options import ImportOptions, ImportUsageError

DAY = "2026-06-01"

# A member with what spreadsheets and the CSV exports find hard: a formula-like tagline,
# separators inside values, a phone number with a '+', coordinates with more decimals than
# the export writes, a district the postal code gives anyway, a list item with ';'.
DELTA = """---
# yaml-language-server: $schema=../../schema/member.schema.json
name: Delta Daten & Co. KG
type: company
tagline: '=Rechnen, Zählen; Messen'
website: https://www.delta.example.com/a;b,c
email: info@delta.example.com
phone: "+49 (7131) 555-01/02"
address:
  street: 'Hauptstraße 5; Hinterhaus, 2. OG'
  postal_code: "74072"
  city: Heilbronn
  district: Stadtkreis Heilbronn
  coordinates:
    lat: 49.14861
    lon: 9.21172
founded: 2001
employees: 1000+
competences: [isms, webentwicklung]
needs:
  - competence: cloud-migration
    note: Partner für die Cloud gesucht
industries: ['+SUM(1;2)', 'Handel, Einzelhandel', '-Minus']
certifications: [ISO 9001]
languages: [de, en]
offers:
  jobs:
    url: https://www.delta.example.com/jobs/
contacts:
  - name: Dora Delta
    email: dora@delta.example.com
social:
  linkedin: https://www.linkedin.com/company/delta-example
logo: alpha-software.svg
last_verified: 2026-03-01
maintainers: [delta-admin]
---
Delta rechnet.
"""

# alpha-software as a member writes it: comments, a modeline, a description.
ALPHA = """---
# yaml-language-server: $schema=../../schema/member.schema.json
# Stammdaten
name: Alpha Software GmbH   # offizieller Name
type: company
tagline: Webanwendungen für den Mittelstand
website: https://www.alpha.example.com/
email: info@alpha.example.com   # allgemeine Adresse
phone: "+49 7131 5550100"
address:
  street: Bahnhofstraße 1
  postal_code: "74072"
  city: Heilbronn
founded: 1998
employees: 10-49
# das Wichtigste zuerst
competences: [webentwicklung, cloud-migration]
needs:
  - competence: isms
    note: Partner für ISO 27001 gesucht
logo: alpha-software.svg
last_verified: 2026-01-15
---
Die Alpha Software GmbH entwickelt Webanwendungen.
"""


def sheet(rows: list[list[str]], *, delimiter: str = ",", excel: bool = False) -> bytes:
    """A CSV file; ``excel``: with byte order mark and CRLF line ends, as Excel saves it."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if excel else "\n").writerows(
        rows
    )
    return buffer.getvalue().encode("utf-8-sig" if excel else "utf-8")


def front_matter(path: Path) -> dict[str, Any]:
    doc, problems = load_markdown_document(path, path.name)
    assert doc is not None and not problems, problems
    data: dict[str, Any] = doc.data
    return data


def body(path: Path) -> str:
    doc, _ = load_markdown_document(path, path.name)
    assert doc is not None
    return doc.body.strip()


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def assert_valid(root: Path) -> None:
    result = run_atlasgen("validate", "--project", root)
    assert result.code == 0, result.stderr


# --------------------------------------------------------------------- new members

CIVICRM = [
    "Organization Name",
    "Organization Type",
    "Tagline",
    "Street Address",
    "Postal Code",
    "City",
    "Email",
    "Phone",
    "Website",
    "Competences",
    "Industries",
    "Employees",
    "Year Founded",
]
HUBSPOT = [
    "Company name",
    "Organization type",
    "Description",  # HubSpot's company description is the tagline
    "Street address",
    "Postal code",
    "City",
    "Email",
    "Phone number",
    "Website URL",
    "Competences",
    "Industries",
    "Employees (size class)",
    "Year founded",
]
NEW_ROWS = [
    [
        "Epsilon IT GmbH",
        "company",
        "IT-Betreuung für Kanzleien",
        "Hauptstraße 5",
        "74072",
        "Heilbronn",
        "info@epsilon.example.com",
        "'+49 7131 123450",  # as the exports write it
        "https://www.epsilon.example.com/",
        "Webentwicklung; Informationssicherheits-Managementsystem",  # German labels
        "Handel; Öffentliche Verwaltung",
        "10-49",
        "2004",
    ],
    [
        "Müller & Söhne KG",
        "startup",
        "KI für Weinberge",
        "Kelterweg 9",
        "74189",
        "Weinsberg",
        "",
        "",
        "",
        "KI",  # a synonym
        "",
        "",
        "",
    ],
]


@pytest.mark.parametrize(("header", "delimiter"), [(CIVICRM, ";"), (HUBSPOT, ",")])
def test_new_members_from_a_crm_sheet_pass_validate(
    site: Callable[..., Path], tmp_path: Path, header: list[str], delimiter: str
) -> None:
    root = site("small")
    path = tmp_path / "members.csv"
    path.write_bytes(sheet([header, *NEW_ROWS], delimiter=delimiter, excel=True))
    result = run_atlasgen("import", "--lang", "en", path, "--project", root)
    assert result.code == 0, result.stderr
    assert f"{path}:2: new: epsilon-it-gmbh" in result.stdout
    assert f"{path}:3: new: mueller-soehne-kg" in result.stdout
    assert "imported 2 rows: 2 new, 0 changed, 0 unchanged" in result.stdout
    epsilon = root / "content/members/epsilon-it-gmbh.md"
    data = front_matter(epsilon)
    assert data == {
        "name": "Epsilon IT GmbH",
        "type": "company",
        "tagline": "IT-Betreuung für Kanzleien",
        "website": "https://www.epsilon.example.com/",
        "email": "info@epsilon.example.com",
        "phone": "+49 7131 123450",
        "address": {"street": "Hauptstraße 5", "postal_code": "74072", "city": "Heilbronn"},
        "founded": "2004",
        "employees": "10-49",
        "competences": ["webentwicklung", "isms"],
        "industries": ["Handel", "Öffentliche Verwaltung"],
        "listed": "false",  # as 'atlasgen new' writes it: listed once the profile is complete
    }
    text = epsilon.read_text("utf-8")
    assert 'phone: "+49 7131 123450"' in text and 'postal_code: "74072"' in text
    assert front_matter(root / "content/members/mueller-soehne-kg.md")["competences"] == [
        "kuenstliche-intelligenz"
    ]
    assert_valid(root)


# ------------------------------------------------------------------------ updates


def test_update_changes_only_the_given_fields_and_keeps_the_description(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site("small", {"content/members/alpha-software.md": ALPHA})
    path = tmp_path / "members.csv"
    path.write_bytes(
        sheet(
            [
                ["id", "name", "email", "phone", "tagline", "industries", "description"],
                [
                    "alpha-software",
                    "",
                    "neu@alpha.example.com",
                    "'+49 7131 5550199",
                    "",  # empty: keep
                    "Maschinenbau, Handel",
                    "Ein neuer Text.",
                ],
            ]
        )
    )
    result = run_atlasgen("import", "--lang", "en", path, "--project", root)
    assert result.code == 0, result.stderr
    assert f"{path}:2: change: alpha-software: email, phone, industries\n" in result.stdout
    assert "description kept: the file has one (--force replaces it)" in result.stdout
    file = root / "content/members/alpha-software.md"
    expected = (
        ALPHA.replace("info@alpha.example.com   #", "neu@alpha.example.com   #")
        .replace('"+49 7131 5550100"', '"+49 7131 5550199"')
        .replace(
            "  - competence: isms\n    note: Partner für ISO 27001 gesucht\n",
            "  - competence: isms\n    note: Partner für ISO 27001 gesucht\n"
            "industries: [Maschinenbau, Handel]\n",
        )
    )
    assert file.read_text("utf-8") == expected  # comments, order and the rest unchanged

    result = run_atlasgen("import", "--lang", "en", path, "--project", root, "--force")
    assert result.code == 0, result.stderr
    assert f"{path}:2: change: alpha-software: description\n" in result.stdout
    assert file.read_text("utf-8") == expected.replace(
        "Die Alpha Software GmbH entwickelt Webanwendungen.", "Ein neuer Text."
    )
    assert_valid(root)


def test_dry_run_prints_the_plan_and_writes_nothing(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site("small")
    before = snapshot(root)
    path = tmp_path / "members.csv"
    path.write_bytes(
        sheet(
            [
                ["name", "email", "phone", "type", "tagline", "street", "postal_code", "city"],
                # matched by name: case and the legal form's spelling do not count
                ["ALPHA SOFTWARE GMBH", "info@alpha.example.com", "+49 7131 5550111"],
                ["Gamma Daten UG (haftungsbeschränkt)", "hallo@gamma.example.net"],
                ["Zeta GmbH", "", "", "company", "Neu hier", "Weg 1", "74072", "Heilbronn"],
            ]
        )
    )
    result = run_atlasgen("import", "--lang", "en", path, "--project", root, "--dry-run")
    assert snapshot(root) == before
    assert result.code == 1  # Zeta has no competences
    assert f"{path}:2: change: alpha-software: name, phone\n" in result.stdout
    assert f"{path}:3: unchanged: gamma-daten\n" in result.stdout
    assert (
        "dry run: 0 new, 1 to change, 1 unchanged; 1 row with problems not imported; "
        "nothing was written"
    ) in result.stdout
    assert f"{path}:4: competences: a new member needs it, but it is empty\n" in result.stderr
    assert "hint: add a column 'competences' (or --map 'COLUMN=competences')" in result.stderr


# ------------------------------------------------------------------ row problems


def test_every_row_problem_is_reported_with_its_row_and_those_rows_are_not_written(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site("small")
    header = ["Firma", "Art", "Kurzbeschreibung", "Straße", "PLZ", "Ort", "E-Mail", "Kompetenzen"]
    good = ["Eta GmbH", "company", "Gut", "Weg 1", "74072", "Heilbronn", "a@eta.example.com"]
    path = tmp_path / "members.csv"
    path.write_bytes(
        sheet(
            [
                header,
                [*good, "isms"],
                ["Theta GmbH", *good[1:6], "info(at)theta.example.com", "isms"],
                ["Iota GmbH", *good[1:6], "", "Blockchain-Zauber"],
                ["", *good[1:], "isms"],
                ["Kappa GmbH", "company", "", *good[3:], "Web applications"],
            ],
            delimiter=";",
        )
    )
    result = run_atlasgen("import", "--lang", "en", path, "--project", root)
    assert result.code == 1
    assert result.stderr.endswith(
        f"{path}:3: E-Mail: 'info(at)theta.example.com' is not an e-mail address\n"
        "    hint: write it as name@domain.de, without 'mailto:' or spaces\n"
        f"{path}:4: Kompetenzen (competences[0]): unknown competence 'Blockchain-Zauber'\n"
        "    hint: write the id or the German or English name of a competence from "
        "content/competences/*.yaml, e.g. Web development (webentwicklung); separate several "
        "with ';'\n"
        f"{path}:5: Firma (name): the row has no name\n"
        "    hint: fill in the organisation's name, e.g. Muster Software GmbH (a new member also "
        "needs type, tagline, address and competences)\n"
        f"{path}:6: Kurzbeschreibung (tagline): a new member needs it, but it is empty\n"
        "    hint: fill in this cell, e.g. Individualsoftware für den Mittelstand\n"
        "\n"
        "4 problems in 4 rows\n"
    )
    assert f"{path}:2: new: eta-gmbh\n" in result.stdout
    assert "imported 1 row: 1 new, 0 changed, 0 unchanged; 4 rows with problems not imported" in (
        result.stdout
    )
    members = sorted(p.name for p in (root / "content/members").glob("*.md"))
    assert members == [
        "alpha-software.en.md",
        "alpha-software.md",
        "beta-security.md",
        "eta-gmbh.md",
        "gamma-daten.md",
    ]
    assert_valid(root)


def test_a_row_for_an_existing_name_under_another_id_is_refused(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site("small")
    path = tmp_path / "members.csv"
    path.write_bytes(
        sheet([["id", "name"], ["alpha-neu", "Alpha Software AG"], ["gamma-daten", "Gamma"]])
    )
    result = run_atlasgen("import", "--lang", "en", path, "--project", root, "--dry-run")
    assert result.code == 1
    assert (
        f"{path}:2: name: name 'Alpha Software AG' is the same as or very close to "
        "'Alpha Software GmbH' (content/members/alpha-software.md)\n"
        "    hint: each organisation has one file: give the id 'alpha-software' to update it, "
        "or make the names distinct\n"
    ) in result.stderr
    assert f"{path}:3: change: gamma-daten: name\n" in result.stdout


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "name\nMüller GmbH\n".encode("cp1252"),
            "the file is not UTF-8 (byte 0xfc on line 2 cannot be decoded; it was probably "
            "saved as Windows-1252 or Latin-1)",
        ),
        ("name\nMüller GmbH\n".encode("utf-16"), "the file is encoded as UTF-16, not UTF-8"),
    ],
)
def test_other_encodings_are_refused_at_row_1(
    site: Callable[..., Path], tmp_path: Path, data: bytes, message: str
) -> None:
    root = site("small")
    path = tmp_path / "members.csv"
    path.write_bytes(data)
    result = run_atlasgen("import", "--lang", "en", path, "--project", root)
    assert result.code == 1
    assert result.stderr.startswith(
        f"{path}:1: {message}\n    hint: save it as UTF-8 and import it again: in Excel "
        "'CSV UTF-8 (Comma delimited)'"
    )


# ---------------------------------------------------------------- column mapping


def test_map_and_mapping_file_name_other_columns(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site("small")
    path = tmp_path / "liste.csv"
    path.write_bytes(
        sheet(
            [
                ["Bezeichnung", "Kontakt-Mail", "Notiz", "Bemerkung"],
                ["Alpha Software GmbH", "neu@alpha.example.com", "intern", "x"],
            ]
        )
    )
    result = run_atlasgen("import", "--lang", "en", path, "--project", root, "--dry-run")
    assert result.code == 1
    assert (
        f"{path}:1: no column gives the members' names (or ids)\n"
        "    hint: name a column 'name' (or 'Organization Name', 'Firma' …), or map it: "
        "--map 'COLUMN=name', e.g. --map 'Bezeichnung=name'\n"
    ) in result.stderr

    maps = ("--map", "Bezeichnung=name", "--map", "kontakt mail=email", "--map", "Notiz=ignore")
    result = run_atlasgen("import", "--lang", "en", path, "--project", root, *maps)
    assert result.code == 0, result.stderr
    assert f"{path}:2: change: alpha-software: email\n" in result.stdout
    assert result.stderr == (
        "note: not imported: 'Bemerkung' (unknown column; map it with --map 'Bemerkung=FIELD', "
        "e.g. --map 'Bemerkung=email', or skip it with --map 'Bemerkung=ignore')\n"
    )
    assert front_matter(root / "content/members/alpha-software.md")["email"] == (
        "neu@alpha.example.com"
    )

    mapping = tmp_path / "spalten.yaml"
    mapping.write_text(
        "Bezeichnung: name\nKontakt-Mail: email\nNotiz: ignore\nBemerkung: ignore\n", "utf-8"
    )
    result = run_atlasgen("import", "--lang", "en", path, "--project", root, "--mapping", mapping)
    assert (result.code, result.stderr) == (0, "")
    assert f"{path}:2: unchanged: alpha-software\n" in result.stdout

    result = run_atlasgen("import", "--lang", "en", path, "--project", root, "--map", "Notiz=notes")
    assert result.code == 2
    assert result.stderr.startswith(
        "atlasgen import: --map 'Notiz=notes': unknown field 'notes'; fields: id, name, type"
    )
    # a misspelt field: the field it probably means
    result = run_atlasgen("import", "--lang", "en", path, "--project", root, "--map", "Notiz=emial")
    assert result.code == 2
    assert result.stderr.startswith(
        "atlasgen import: --map 'Notiz=emial': unknown field 'emial'; did you mean 'email'? "
        "Fields: id, name, type"
    )
    result = run_atlasgen("import", "--lang", "en", tmp_path / "fehlt.csv", "--project", root)
    assert (result.code, result.stderr) == (
        2,
        f"atlasgen import: '{tmp_path}/fehlt.csv' not found: give the path of the spreadsheet "
        "saved as CSV, e.g. atlasgen import mitglieder.csv\n",
    )


def test_spreadsheet_damage_is_undone(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site("small")
    path = tmp_path / "members.csv"
    path.write_bytes(
        sheet(
            [
                [
                    "name",
                    "type",
                    "tagline",
                    "street",
                    "postal_code",
                    "city",
                    "phone",
                    "competences",
                    "industries",
                    "last_verified",
                    "lat",
                    "lon",
                ],
                [
                    "'s Lädle GmbH",  # an apostrophe before no formula stays
                    "company",
                    "'=Rechnen mit Daten",
                    "'-Weg 1",
                    "74072",
                    "Heilbronn",
                    "'+49 7131 555",
                    "isms",
                    "'@Handel, Industrie",
                    "15.01.2026",  # a German Excel's date
                    "49,1500",  # and decimal comma
                    "9,2100",
                ],
                # a spreadsheet that read 07407 as a number wrote 7407
                ["Lambda GmbH", "company", "L", "Weg 2", "7407", "Heilbronn", "", "isms"],
            ],
            delimiter=";",
        )
    )
    result = run_atlasgen("import", "--lang", "en", path, "--project", root)
    assert result.code == 1
    data = front_matter(root / "content/members/s-laedle-gmbh.md")
    assert data["name"] == "'s Lädle GmbH"
    assert data["tagline"] == "=Rechnen mit Daten"
    assert data["address"] == {
        "street": "-Weg 1",
        "postal_code": "74072",
        "city": "Heilbronn",
        "coordinates": {"lat": "49.1500", "lon": "9.2100"},
    }
    assert data["phone"] == "+49 7131 555"
    assert data["industries"] == ["@Handel", "Industrie"]
    assert data["last_verified"] == "2026-01-15"
    # the leading zero is back (and the postal code is not in the region)
    assert f"{path}:3: postal_code: unknown postal code '07407'\n" in result.stderr
    assert_valid(root)


# -------------------------------------------------------------------- round trip


def built(root: Path, out: Path) -> Path:
    result = run_atlasgen("build", "--project", root, "--out", out, "--date", DAY)
    assert result.code == 0, result.stderr
    return out / "api/members.csv"


def test_importing_the_open_data_export_changes_nothing(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site("small", {"content/members/delta-daten.md": DELTA})
    exported = built(root, tmp_path / "out")
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    before = snapshot(copy)
    result = run_atlasgen("import", "--lang", "en", exported, "--project", copy)
    assert result.code == 0, result.stderr
    assert snapshot(copy) == before
    assert "imported 3 rows: 0 new, 0 changed, 3 unchanged" in result.stdout


@pytest.mark.parametrize("columns", ["civicrm", "hubspot"])
def test_importing_the_crm_export_changes_nothing(
    site: Callable[..., Path], tmp_path: Path, columns: str
) -> None:
    root = site("small", {"content/members/delta-daten.md": DELTA})
    before = snapshot(root)
    exported = tmp_path / "crm.csv"
    args = ("--format", "csv", "--all", "--columns", columns, "--delimiter", ";")
    result = run_atlasgen("export", "--project", root, *args, "--date", DAY, "--out", exported)
    assert result.code == 0, result.stderr
    result = run_atlasgen("import", "--lang", "en", exported, "--project", root)
    assert result.code == 0, result.stderr
    assert snapshot(root) == before
    assert "imported 4 rows: 0 new, 0 changed, 4 unchanged" in result.stdout


@pytest.mark.parametrize(("header", "columns"), [(CIVICRM, "civicrm"), (HUBSPOT, "hubspot")])
def test_import_export_import_round_trips(
    site: Callable[..., Path], tmp_path: Path, header: list[str], columns: str
) -> None:
    # a CRM sheet of new members → member files → the CRM export → imported again: no file
    # changes, and the export carries every value the sheet had
    root = site("small")
    sheet_path = tmp_path / "members.csv"
    sheet_path.write_bytes(sheet([header, *NEW_ROWS], delimiter=";", excel=True))
    assert run_atlasgen("import", "--lang", "en", sheet_path, "--project", root).code == 0
    before = snapshot(root)
    exported = tmp_path / "export.csv"
    args = ("--format", "csv", "--all", "--columns", columns, "--delimiter", ";")
    result = run_atlasgen("export", "--project", root, *args, "--date", DAY, "--out", exported)
    assert result.code == 0, result.stderr
    again = run_atlasgen("import", "--lang", "en", exported, "--project", root)
    assert again.code == 0, again.stderr
    assert snapshot(root) == before
    assert "0 new, 0 changed" in again.stdout
    rows = list(csv.DictReader(io.StringIO(exported.read_text("utf-8-sig")), delimiter=";"))
    by_name = {row[header[0]]: row for row in rows}
    for values in NEW_ROWS:
        row = by_name[values[0]]
        for column, value in zip(header, values, strict=True):
            if value and column in row:
                canonical = {  # synonym → label; a phone number needs no apostrophe
                    "KI": "Künstliche Intelligenz",
                    "'+49 7131 123450": "+49 7131 123450",
                }.get(value, value)
                assert row[column] == canonical, (values[0], column)


def leaves(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"address.city": "Heilbronn", …}``; lists count as one value."""
    if not isinstance(data, dict):
        return {prefix: data}
    out: dict[str, Any] = {}
    for key, value in data.items():
        out |= leaves(value, f"{prefix}.{key}" if prefix else key)
    return out


def test_what_the_open_data_export_cannot_bring_back(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """Re-creating the members from api/members.csv alone: the fields the open data does
    not carry (docs/member-management.md lists them) are all that is lost."""
    root = site("small", {"content/members/delta-daten.md": DELTA})
    exported = built(root, tmp_path / "out")
    originals = {}
    for slug in ("alpha-software", "delta-daten", "gamma-daten"):
        path = root / f"content/members/{slug}.md"
        originals[slug] = (front_matter(path), body(path))
        path.unlink()
    result = run_atlasgen("import", "--lang", "en", exported, "--project", root)
    assert result.code == 0, result.stderr
    assert "imported 3 rows: 3 new, 0 changed, 0 unchanged" in result.stdout
    lost = {}
    for slug, (data, _) in originals.items():
        path = root / f"content/members/{slug}.md"
        old, new = leaves(data), leaves(front_matter(path))
        lost[slug] = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
        assert body(path) == ""  # no description in the open data
    not_exported = {"needs", "offers.jobs.url", "contacts", "social.linkedin", "logo"}
    assert lost == {
        "alpha-software": {"needs", "logo", "listed"},
        "gamma-daten": {
            "needs",
            "offers.internships.note",
            "offers.theses.note",
            "offers.theses.until",
            "contacts",
            "listed",
        },
        "delta-daten": not_exported
        | {
            "maintainers",  # internal, never published
            "listed",  # a new member is not listed until its profile is complete
            "address.district",  # the postal code gives it: not written again
            "address.coordinates.lat",  # 4 decimals in the export
            "address.coordinates.lon",
            "industries",  # '+SUM(1;2)': an item with ';' splits
        },
    }
    assert_valid(root)


def test_the_docs_name_every_column_the_import_knows() -> None:
    text = (REPO / "docs/member-management.md").read_text("utf-8")
    section = text.split("\n## Importing member data from a spreadsheet\n")[1].split("\n## ")[0]
    rows = {line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| `")}
    names = [a for aliases in ALIASES.values() for a in aliases]
    names += [c for columns in IGNORED.values() for c in columns]
    assert [n for n in names if n not in section] == []
    fields = {f for f in FIELDS if not f.startswith(("social.", "address.coordinates."))}
    assert {f"`{f}`" for f in fields} <= {r.split(" ")[0] for r in rows}


# ------------------------------------------------------------ ids and labels (issue 17)

NEW_BY_LABELS = ["name", "type", "tagline", "street", "postal_code", "city", "competences"]


@pytest.mark.parametrize(
    ("kind", "employees", "competences", "expected"),
    [
        # the site's own German labels (theme/i18n/de.yaml, content/competences/*.yaml)
        ("Unternehmen", "10–49 Beschäftigte", "Webentwicklung", ("company", "10-49")),
        # the English labels, in any case
        ("company", "1000+ employees", "web development", ("company", "1000+")),
        # ids in another case
        ("STARTUP", "1-9", "WEBENTWICKLUNG", ("startup", "1-9")),
        ("Freiberufler/in", "ab 1000 Beschäftigte", "Webanwendungen", ("freelancer", "1000+")),
        ("Verein", "", "Web applications", ("association", None)),  # synonyms
    ],
)
def test_ids_and_labels_match_in_any_case_and_language(
    site: Callable[..., Path],
    tmp_path: Path,
    kind: str,
    employees: str,
    competences: str,
    expected: tuple[str, str | None],
) -> None:
    root = site("small")
    path = tmp_path / "members.csv"
    row = ["Omega GmbH", kind, "Neu", "Weg 1", "74072", "Heilbronn", competences, employees]
    path.write_bytes(sheet([[*NEW_BY_LABELS, "employees"], row]))
    result = run_atlasgen("import", "--lang", "en", path, "--project", root)
    assert result.code == 0, result.stderr
    data = front_matter(root / "content/members/omega-gmbh.md")
    assert (data["type"], data.get("employees")) == expected
    assert data["competences"] == ["webentwicklung"]
    assert_valid(root)


def test_a_member_id_matches_in_any_case(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site("small")
    path = tmp_path / "members.csv"
    path.write_bytes(
        sheet([["External Identifier", "Email"], ["Gamma-Daten", "neu@gamma.example"]])
    )
    result = run_atlasgen("import", "--lang", "en", path, "--project", root)
    assert result.code == 0, result.stderr
    assert f"{path}:2: change: gamma-daten: email\n" in result.stdout
    assert front_matter(root / "content/members/gamma-daten.md")["email"] == "neu@gamma.example"


SECURITY = """\
id: sicherheit
label: {de: Sicherheit, en: Security}
competences:
  - id: netzwerksicherheit
    label: {de: Netzwerksicherheit, en: Network security}
    synonyms: {de: [IT-Sicherheit], en: [Firewalls]}
  - id: anwendungssicherheit
    label: {de: Anwendungssicherheit, en: Application security}
    synonyms: {de: [IT-Sicherheit], en: []}
"""


def test_an_ambiguous_label_is_a_problem_that_lists_the_candidates(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site("small", {"content/competences/sicherheit.yaml": SECURITY})
    before = snapshot(root)
    path = tmp_path / "members.csv"
    path.write_bytes(
        sheet(
            [
                ["id", "competences"],
                ["beta-security", "it-sicherheit; Webentwicklung"],
                ["gamma-daten", "Firewalls"],  # one competence has it: no problem
            ]
        )
    )
    result = run_atlasgen("import", "--lang", "en", path, "--project", root, "--dry-run")
    assert result.code == 1
    assert (
        f"{path}:2: competences: 'it-sicherheit' is ambiguous: it can mean "
        "anwendungssicherheit (Application security), "
        "netzwerksicherheit (Network security)\n"
        "    hint: write the id of the one you mean, e.g. anwendungssicherheit\n"
    ) in result.stderr
    assert f"{path}:3: change: gamma-daten: competences\n" in result.stdout
    assert "    competences: ['kuenstliche-intelligenz', 'cloud-migration'] → " in result.stdout
    assert snapshot(root) == before


DRY_RUN_HEADER = ["id", "name", "type", "phone", "competences", "description", "website"]
DRY_RUN_SHEET = [
    [*DRY_RUN_HEADER, "tagline", "street", "postal_code", "city"],
    [
        "alpha-software",
        "",
        "Start-up",
        "'+49 7131 5550199",
        "Webentwicklung; isms",
        "",
        "https://www.alpha.example.com/",  # the same: not a change
        *([""] * 4),
    ],
    [
        *("ny-gmbh", "Ny GmbH", "Unternehmen", "", "KI", "Ny baut\nRoboter.", ""),
        *("Roboter", "Weg 1", "74072", "Heilbronn"),
    ],
]


def test_dry_run_prints_old_and_new_value_of_every_changed_field(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site("small", {"content/members/alpha-software.md": ALPHA})
    before = snapshot(root)
    path = tmp_path / "members.csv"
    path.write_bytes(sheet(DRY_RUN_SHEET))
    result = run_atlasgen("import", "--lang", "en", path, "--project", root, "--dry-run")
    assert snapshot(root) == before
    lines = result.stdout.splitlines()
    start = lines.index(f"{path}:2: change: alpha-software: type, phone, competences")
    assert lines[start + 1 : start + 4] == [
        "    type: 'company' → 'startup'",
        "    phone: '+49 7131 5550100' → '+49 7131 5550199'",
        "    competences: ['webentwicklung', 'cloud-migration'] → ['webentwicklung', 'isms']",
    ]
    assert lines[start + 4] == f"{path}:3: new: ny-gmbh"
    assert "    name: (none) → 'Ny GmbH'" in lines
    assert "    type: (none) → 'company'" in lines
    assert "    competences: (none) → ['kuenstliche-intelligenz']" in lines
    assert "    description: (none) → 'Ny baut\\nRoboter.'" in lines
    assert not any("website:" in line for line in lines)
    # without --dry-run the same rows print no values
    result = run_atlasgen("import", "--lang", "en", path, "--project", root)
    assert " → " not in result.stdout.replace("columns:", "").split("\n", 1)[1]


# ------------------------------------------------------------------ in German (issue 17)


@pytest.fixture
def german() -> Iterator[None]:
    """The tools speak German for one test."""
    i18n.use("de")
    try:
        yield
    finally:
        i18n.use("en")


def imported(path: Path, root: Path, *, dry_run: bool = False) -> tuple[int, str, str]:
    """``atlasgen import`` through the Python API: exit code, standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    code = run_import(ImportOptions(path, project=root, dry_run=dry_run), out, err)
    return code, out.getvalue(), err.getvalue()


GERMAN_TYPES = (
    "Unternehmen (company), Start-up (startup), Freiberufler/in (freelancer), "
    "Hochschule (university), Forschungseinrichtung (research), Schule (school), "
    "Verein oder Verband (association), Öffentliche Einrichtung (public-body)"
)
UNKNOWN_VALUES = [
    ["Firma", "Art", "Kurzbeschreibung", "Straße", "PLZ", "Ort", "Kompetenzen", "Mitarbeiter"],
    ["Omega GmbH", "Firmaa", "Neu", "Weg 1", "74072", "Heilbronn", "Webentwicklng", "zwölf"],
    ["Psi GmbH", "Kneipe", "", "Weg 2", "74072", "Heilbronn", "isms", ""],
]


def test_unknown_values_in_german_name_the_allowed_values_with_their_labels(
    site: Callable[..., Path], tmp_path: Path, german: None
) -> None:
    root = site("small")
    before = snapshot(root)
    path = tmp_path / "mitglieder.csv"
    path.write_bytes(sheet(UNKNOWN_VALUES, delimiter=";"))
    code, out, err = imported(path, root)
    assert code == 1
    assert snapshot(root) == before
    competence_hint = (
        "Schreiben Sie die ID oder den deutschen oder englischen Namen einer Kompetenz aus "
        "content/competences/*.yaml"
    )
    assert err.splitlines() == [
        f"{path}:2: Art (type): 'Firmaa' ist keine bekannte Art von Organisation",
        "    Tipp: Meinten Sie 'Firma' (company)? Schreiben Sie eine dieser Arten (oder die ID "
        f"in Klammern): {GERMAN_TYPES}",
        f"{path}:2: Mitarbeiter (employees): 'zwölf' ist keine Größenklasse",
        "    Tipp: Schreiben Sie die Zahl der Beschäftigten, z. B. 25, oder eine dieser Klassen "
        "(oder die ID in Klammern): 1–9 Beschäftigte (1-9), 10–49 Beschäftigte (10-49), "
        "50–249 Beschäftigte (50-249), 250–999 Beschäftigte (250-999), "
        "ab 1000 Beschäftigte (1000+)",
        f"{path}:2: Kompetenzen (competences[0]): unbekannte Kompetenz 'Webentwicklng'",
        f"    Tipp: Meinten Sie 'Webentwicklung' (webentwicklung)? {competence_hint}; trennen "
        "Sie mehrere mit ';'",
        f"{path}:3: Art (type): 'Kneipe' ist keine bekannte Art von Organisation",
        f"    Tipp: Schreiben Sie eine dieser Arten (oder die ID in Klammern): {GERMAN_TYPES}",
        f"{path}:3: Kurzbeschreibung (tagline): ein neues Mitglied braucht diesen Wert, aber "
        "die Zelle ist leer",
        "    Tipp: Füllen Sie diese Zelle aus, z. B. Individualsoftware für den Mittelstand",
        "",
        "5 Fehler in 2 Zeilen",
    ]
    assert out == (
        "0 Zeilen importiert: 0 neu, 0 geändert, 0 unverändert; "
        "2 Zeilen mit Fehlern nicht importiert\n"
    )


def test_unknown_values_in_english(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site("small")
    path = tmp_path / "members.csv"
    path.write_bytes(sheet(UNKNOWN_VALUES[:2], delimiter=";"))
    code, _, err = imported(path, root)
    assert code == 1
    assert err.splitlines()[:2] == [
        f"{path}:2: Art (type): 'Firmaa' is not a type of organisation",
        "    hint: did you mean 'Firma' (company)? Write one of these (or the id in brackets): "
        "Company (company), Start-up (startup), Freelancer (freelancer), University "
        "(university), Research institute (research), School (school), Association "
        "(association), Public body (public-body)",
    ]
    assert f"{path}:2: Mitarbeiter (employees): 'zwölf' is not a size class" in err


def test_dry_run_in_german_prints_old_and_new_values(
    site: Callable[..., Path], tmp_path: Path, german: None
) -> None:
    root = site("small", {"content/members/alpha-software.md": ALPHA})
    before = snapshot(root)
    path = tmp_path / "mitglieder.csv"
    path.write_bytes(sheet(DRY_RUN_SHEET))
    code, out, err = imported(path, root, dry_run=True)
    assert (code, err) == (0, "")
    assert snapshot(root) == before
    lines = out.splitlines()
    assert lines[0].startswith("Spalten: id → id, name → name, type → type, ")
    start = lines.index(f"{path}:2: zu ändern: alpha-software: type, phone, competences")
    assert lines[start + 1 : start + 5] == [
        "    type: 'company' → 'startup'",
        "    phone: '+49 7131 5550100' → '+49 7131 5550199'",
        "    competences: ['webentwicklung', 'cloud-migration'] → ['webentwicklung', 'isms']",
        f"{path}:3: neu: ny-gmbh",
    ]
    assert "    name: (leer) → 'Ny GmbH'" in lines
    assert "    description: (leer) → 'Ny baut\\nRoboter.'" in lines
    assert lines[-2:] == [
        "Probelauf: 1 neu, 1 zu ändern, 0 unverändert; nichts wurde geschrieben",
        "Das neue Mitglied hat 'listed: false': Setzen Sie 'listed: true', sobald sein Profil "
        "vollständig ist",
    ]
    long_text = "Wir entwickeln Software für Kanzleien, Praxen und Handwerksbetriebe in der Region."
    assert value_lines([("description", "", long_text)]) == [
        f"description: (leer) → '{long_text[:60].rstrip()}… ({len(long_text)} Zeichen)'"
    ]


def test_import_speaks_german_by_default_for_a_german_project(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site("small")  # languages: de first
    path = tmp_path / "mitglieder.csv"
    path.write_bytes(sheet([["id", "email"], ["gamma-daten", "neu@gamma.example"]]))
    result = run_atlasgen("import", path, "--project", root, "--dry-run")
    assert (result.code, result.stderr) == (0, "")
    assert f"{path}:2: zu ändern: gamma-daten: email\n" in result.stdout
    assert "Probelauf: 0 neu, 1 zu ändern, 0 unverändert; nichts wurde geschrieben" in (
        result.stdout
    )
    missing = run_atlasgen("import", tmp_path / "fehlt.csv", "--project", root)
    assert (missing.code, missing.stderr) == (
        2,
        f"atlasgen import: '{tmp_path}/fehlt.csv' nicht gefunden: Geben Sie den Pfad der als "
        "CSV gespeicherten Tabelle an, z. B. atlasgen import mitglieder.csv\n",
    )


def test_usage_errors_and_sheet_problems_in_german(
    site: Callable[..., Path], tmp_path: Path, german: None
) -> None:
    root = site("small")
    path = tmp_path / "liste.csv"
    path.write_bytes(sheet([["Bezeichnung", "Notiz"], ["Alpha Software GmbH", "x"]]))
    code, out, err = imported(path, root)
    assert (code, out) == (1, "")
    assert err == (
        f"{path}:1: keine Spalte enthält die Namen (oder IDs) der Mitglieder\n"
        "    Tipp: Nennen Sie eine Spalte 'name' (oder 'Firma', 'Firmenname', "
        "'Organization Name' …), oder ordnen Sie sie zu: --map 'SPALTE=name', "
        "z. B. --map 'Bezeichnung=name'\n"
        "\n"
        "1 Fehler in 1 Zeile\n"
    )
    with pytest.raises(ImportUsageError) as refused:
        run_import(ImportOptions(path, project=root, maps=("Notiz=emial",)), out, err)
    assert str(refused.value).startswith(
        "--map 'Notiz=emial': unbekanntes Feld 'emial'; meinten Sie 'email'? Felder: id, name, "
    )
    path.write_bytes("name\nMüller GmbH\n".encode("cp1252"))
    code, _, err = imported(path, root)
    assert code == 1
    assert err.splitlines()[:2] == [
        f"{path}:1: die Datei ist nicht UTF-8 (Byte 0xfc in Zeile 2 lässt sich nicht lesen; "
        "sie wurde wohl als Windows-1252 oder Latin-1 gespeichert)",
        "    Tipp: Speichern Sie die Datei als UTF-8 und importieren Sie sie erneut: in Excel als "
        "'CSV UTF-8 (durch Trennzeichen getrennt)', in LibreOffice als 'Text CSV' mit dem "
        "Zeichensatz 'Unicode (UTF-8)'",
    ]
