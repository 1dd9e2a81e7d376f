"""The CRM round trip of issue 17: ``atlasgen export --format csv`` (each column set) →
``atlasgen import`` into a copy of the project without member files → export again: every
cell of every row is the same, and the phone numbers are the member files' own."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_atlasgen

from atlasgen.content.load import load_markdown_document

DAY = "2026-06-01"

# values a spreadsheet guard could damage: phone numbers with '+', a formula-like tagline
# and street, a negative-looking industry, German labels with commas
OMEGA = """---
name: Omega & Partner mbB
type: freelancer
tagline: "=Rechnen, Zählen: Messen"
website: https://www.omega.example.com/
email: info@omega.example.com
phone: "+49 (7131) 555-01/02"
address:
  street: "-Weg 1"
  postal_code: "74072"
  city: Heilbronn
founded: 2011
employees: 1000+
competences: [isms, webentwicklung, kuenstliche-intelligenz]
industries: ["@Handel", "-12", Öffentliche Verwaltung]
listed: false
last_verified: 2026-03-01
---
"""


def export(root: Path, out: Path, columns: str, delimiter: str) -> list[dict[str, str]]:
    args = ("--format", "csv", "--all", "--columns", columns, "--delimiter", delimiter)
    result = run_atlasgen("export", "--project", root, *args, "--date", DAY, "--out", out)
    assert result.code == 0, result.stderr
    text = out.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize(("columns", "delimiter"), [("civicrm", ","), ("hubspot", ";")])
def test_export_import_export_keeps_every_value(
    site: Callable[..., Path], tmp_path: Path, columns: str, delimiter: str
) -> None:
    root = site("small", {"content/members/omega-partner.md": OMEGA})
    first = export(root, tmp_path / "first.csv", columns, delimiter)
    assert len(first) == 4

    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    for member in (copy / "content/members").glob("*.md"):
        member.unlink()
    result = run_atlasgen("import", "--lang", "en", tmp_path / "first.csv", "--project", copy)
    assert result.code == 0, result.stderr
    assert "imported 4 rows: 4 new, 0 changed, 0 unchanged" in result.stdout
    assert run_atlasgen("validate", "--project", copy).code == 0

    second = export(copy, tmp_path / "second.csv", columns, delimiter)
    assert [list(row) for row in second] == [list(row) for row in first]  # the same columns
    differences = [
        (row["External Identifier" if columns == "civicrm" else "Atlas ID"], column, a, b)
        for before, row in zip(first, second, strict=True)
        for column, a, b in ((c, before[c], row[c]) for c in before)
        if a != b
    ]
    assert differences == []


@pytest.mark.parametrize("columns", ["civicrm", "hubspot"])
def test_the_crm_phone_column_is_the_member_files_phone(
    site: Callable[..., Path], tmp_path: Path, columns: str
) -> None:
    root = site("small", {"content/members/omega-partner.md": OMEGA})
    rows = export(root, tmp_path / "crm.csv", columns, ",")
    phone, ident = (
        ("Phone", "External Identifier")
        if columns == "civicrm"
        else (
            "Phone number",
            "Atlas ID",
        )
    )
    phones = {}
    for path in sorted((root / "content/members").glob("*.md")):
        if path.name.count(".") == 1:  # not the English texts (*.en.md)
            doc, _ = load_markdown_document(path, path.name)
            assert doc is not None
            phones[path.stem] = doc.data.get("phone", "")
    assert {row[ident]: row[phone] for row in rows} == phones
    assert phones["omega-partner"] == "+49 (7131) 555-01/02"
    # while a real formula is still neutralised
    omega = next(row for row in rows if row[ident] == "omega-partner")
    assert omega["Tagline" if columns == "civicrm" else "Description"].startswith("'=")
