"""Reading files: literal YAML values, line positions, encodings, front matter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from atlasgen.common import i18n
from atlasgen.content.load import MAX_FILE_BYTES, load_markdown_document, load_yaml_document


def _write(tmp_path: Path, raw: bytes | str, name: str = "m.md") -> Path:
    path = tmp_path / name
    path.write_bytes(raw.encode("utf-8") if isinstance(raw, str) else raw)
    return path


def test_scalars_stay_literal_text_no_yaml_1_1_conversion(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "---\nanswer: no\nzip: 010\nphone: 07131555017\nday: 2024-01-01\nempty:\nv: 1.50\n---\n",
    )
    doc, problems = load_markdown_document(path, "m.md")
    assert problems == []
    assert doc is not None
    assert doc.data == {
        "answer": "no",
        "zip": "010",
        "phone": "07131555017",
        "day": "2024-01-01",
        "empty": None,
        "v": "1.50",
    }


def test_positions_count_file_lines_including_front_matter_and_comments(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "# yaml-language-server: $schema=x.json\n---\nname: A\naddress:\n  city: B\n"
        "tags:\n  - x\n  - y\n---\nBody line\n",
    )
    doc, problems = load_markdown_document(path, "m.md")
    assert problems == [] and doc is not None
    assert doc.positions[("name",)] == (3, 7)
    assert doc.positions[("address",)] == (4, 1)
    assert doc.positions[("address", "city")] == (5, 9)
    assert doc.positions[("tags", 1)] == (8, 5)
    assert doc.body == "Body line\n"
    assert doc.body_line == 10


def test_utf8_bom_and_crlf_are_accepted_with_the_same_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path, b"\xef\xbb\xbf---\r\nname: A\r\ncity: K\xc3\xbcnzelsau\r\n---\r\nText\r\n"
    )
    doc, problems = load_markdown_document(path, "m.md")
    assert problems == [] and doc is not None
    assert doc.data == {"name": "A", "city": "Künzelsau"}
    assert doc.positions[("city",)] == (3, 7)
    assert "\r" not in doc.body


def test_billion_laughs_is_reported_not_expanded(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    path = _write(tmp_path, "\n".join(lines) + "\n", "bomb.yaml")
    _doc, problems = load_yaml_document(path, "bomb.yaml")
    assert problems, "aliases must be reported"
    assert all("aliases" in p.message for p in problems)
    assert problems[0].line == 2


def test_deep_nesting_and_huge_integers_are_problems_not_crashes(tmp_path: Path) -> None:
    deep = _write(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")
    _, problems = load_yaml_document(deep, "deep.yaml")
    assert problems and problems[0].message.startswith("invalid YAML")
    huge = _write(tmp_path, "founded: " + "9" * 5000 + "\n", "huge.yaml")
    doc, problems = load_yaml_document(huge, "huge.yaml")
    assert problems == [] and doc is not None
    assert doc.data["founded"] == "9" * 5000


def test_translation_without_front_matter_is_all_body(tmp_path: Path) -> None:
    path = _write(tmp_path, "Just English text.\n", "m.en.md")
    doc, problems = load_markdown_document(path, "m.en.md", front_matter_required=False)
    assert problems == [] and doc is not None
    assert doc.data == {} and doc.body == "Just English text.\n"


@pytest.fixture
def german() -> Iterator[None]:
    i18n.use("de")
    try:
        yield
    finally:
        i18n.use("en")


def test_yaml_errors_in_english_are_the_readers_words(tmp_path: Path) -> None:
    path = _write(tmp_path, '---\nname: "Alpha\n---\n')
    _, problems = load_markdown_document(path, "m.md")
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (
            2,
            "invalid YAML: while scanning a quoted scalar found unexpected end of stream",
            "check the indentation and put text containing ': ' or ' #' in quotes, "
            'e.g. tagline: "IT: Beratung und Betrieb"',
        )
    ]


def test_yaml_errors_in_german(tmp_path: Path, german: None) -> None:
    path = _write(tmp_path, '---\nname: "Alpha\n---\n')
    _, problems = load_markdown_document(path, "m.md")
    assert [(p.message, p.hint) for p in problems] == [
        (
            "ungültiges YAML: in einem Text in Anführungszeichen: die Datei endet mitten im Wert "
            "(fehlt ein schließendes Anführungszeichen?)",
            "Prüfen Sie die Einrückung und setzen Sie Text mit ': ' oder ' #' in "
            'Anführungszeichen, z. B. tagline: "IT: Beratung und Betrieb"',
        )
    ]
    tabs = _write(tmp_path, "a:\n\tb: 1\n", "tabs.yaml")
    _, problems = load_yaml_document(tabs, "tabs.yaml")
    assert [(p.message, p.hint) for p in problems] == [
        (
            "ungültiges YAML: beim Lesen der Zeile: ein Zeichen, mit dem kein Wert beginnen "
            "darf (z. B. ein Tabulator, '@' oder '`')",
            "YAML erlaubt keine Tabulatoren zum Einrücken: Verwenden Sie Leerzeichen",
        )
    ]


def test_file_problems_in_german(tmp_path: Path, german: None) -> None:
    _, problems = load_markdown_document(_write(tmp_path, "name: A\n"), "m.md")
    assert [(p.message, p.hint) for p in problems] == [
        (
            "die Datei beginnt nicht mit dem Front Matter (den Feldern zwischen zwei Zeilen '---')",
            "Die erste Zeile muss '---' sein, danach folgen die Felder, dann wieder eine "
            "Zeile '---'",
        )
    ]
    utf16 = _write(tmp_path, "---\nname: A\n---\n".encode("utf-16"), "u.md")
    assert [p.message for p in load_markdown_document(utf16, "u.md")[1]] == [
        "Datei ist als UTF-16 gespeichert"
    ]
    big = _write(tmp_path, "---\nname: A\n---\n" + "x" * MAX_FILE_BYTES, "big.md")
    assert [p.message for p in load_markdown_document(big, "big.md")[1]] == [
        "Datei ist zu groß (1.000.016 Bytes; erlaubt sind höchstens 1.000.000)"
    ]
    twice = _write(tmp_path, "---\nname: A\nname: B\n---\n", "twice.md")
    assert [(p.field, p.message) for p in load_markdown_document(twice, "twice.md")[1]] == [
        ("name", "Schlüssel 'name' kommt zweimal vor (zuerst in Zeile 2)")
    ]
