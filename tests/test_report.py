"""``atlasgen report``: the staff's tables, with exact figures on a small project of five
members with known gaps, expired offers, stale dates, needs and internal data.

The test site's first language is German, so the command line reports in German unless
``--lang en`` says otherwise; the Python API speaks English unless told otherwise."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import SITES, run_atlasgen

from atlasgen.common import i18n
from atlasgen.content.stages import load_atlas
from atlasgen.staff.report import build_report, render_csv, render_markdown, render_text

DAY = "2026-06-01"

ALPHA = (
    (SITES / "minimal/content/members/alpha-software.md")
    .read_text("utf-8")
    .replace(
        "competences:",
        "contacts:\n  - name: Dr. Anna Beispiel\n  - name: Max Muster\ncompetences:",
    )
    .replace(
        "logo:",
        "offers:\n"
        "  jobs:\n    url: https://www.alpha.example.com/jobs\n    until: 2026-03-31\n"
        "  internships:\n    until: 2026-06-01\n"
        "logo:",
    )
)

GAMMA = """---
name: Gamma Daten GmbH
type: startup
tagline: Datenplattformen und Sicherheit
email: info@gamma.example.org
address:
  street: Schlossplatz 2
  postal_code: "74653"
  city: Künzelsau
employees: 1-9
competences: [isms, cloud-migration, webentwicklung]
needs:
  - competence: kuenstliche-intelligenz
    note: KI-Partner für Prognosen gesucht
offers:
  theses:
    until: 2025-12-31
  apprenticeships:
    professions: [Fachinformatiker/in]
    until: 2026-05-31
last_verified: 2024-01-10
---
"""

DELTA = """---
name: Delta Web GmbH
type: company
tagline: Websites aus Heilbronn
website: https://delta.example.org/
phone: "+49 7131 5550200"
address:
  street: Allee 10
  postal_code: "74076"
  city: Heilbronn
competences: [webentwicklung]
needs:
  - competence: cloud-migration
    note: =1+1 Partner | Cloud gesucht
contacts:
  - name: Eva Weg
---
Delta baut Websites.
"""

EPSILON = """---
name: Epsilon Verein e. V.
type: association
tagline: Ehemaliges Mitglied
email: info@epsilon.example.org
address:
  street: Am Markt 1
  postal_code: "74523"
  city: Schwäbisch Hall
competences: [kuenstliche-intelligenz]
contacts:
  - name: Otto Ohne
last_verified: 2026-01-01
---
Gibt es nicht mehr.
"""

INTERNAL = {
    "internal/alpha-software.yaml": (
        "membership:\n  status: active\n  since: 2019-03-01\n"
        "consents:\n  - contact: Dr. Anna Beispiel\n    date: 2025-11-03\n    scope: Name\n"
    ),
    "internal/beta-security.yaml": "membership:\n  status: paused\n  since: 2020-01-01\n",
    "internal/gamma-daten.yaml": "membership:\n  status: prospect\n",
    "internal/delta-web.yaml": (
        "membership:\n  status: active\n  since: 2021-05-10\n"
        "consents:\n  - contact: Eva Weg\n    date: 2024-02-01\n    scope: Name\n"
        "    withdrawn: 2026-02-01\n"
    ),
    "internal/epsilon-verein.yaml": (
        "membership:\n  status: left\n  since: 2015-01-01\n  until: 2025-12-31\n"
    ),
}

MEMBERS = {
    "content/members/alpha-software.md": ALPHA,
    "content/members/gamma-daten.md": GAMMA,
    "content/members/delta-web.md": DELTA,
    "content/members/epsilon-verein.md": EPSILON,
}


@pytest.fixture
def project(site: Callable[..., Path]) -> Path:
    return site(files={**MEMBERS, **INTERNAL})


def report(root: Path, *args: str) -> str:
    result = run_atlasgen("report", "--project", root, "--date", DAY, *args)
    assert result.code == 0, result.stderr
    return result.stdout


def markdown_table(text: str, title: str) -> list[list[str]]:
    """The rows (without the header) of the pipe table below ``## title``."""
    lines = text.splitlines()
    start = lines.index(f"## {title}")
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("| "):
            rows.append([cell.strip() for cell in line[2:-2].split(" | ")])
    return rows[2:]  # header and alignment line


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    for line in text.splitlines():  # every field quoted
        assert line.startswith('"') and line.endswith('"'), line
    return list(csv.reader(io.StringIO(text, newline="")))


def section_csv(root: Path, section: str, *args: str) -> list[list[str]]:
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "atlasgen", "report", "--project", str(root), "--date", DAY),
            *("--format", "csv", "--section", section, *args),
        ],
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return csv_rows(proc.stdout)


COMPLETENESS = "Vollständigkeit je gelistetem Mitglied (unvollständigste zuerst)"


def test_completeness_lists_listed_members_worst_first(project: Path) -> None:
    text = report(project, "--format", "markdown")
    assert (
        "Empfohlene Angaben: Logo, Beschreibung, Kurzbeschreibung, Ansprechpartner, Website, "
        "E-Mail, Telefon, 3+ Kompetenzen, englischer Text, Bestätigungsdatum."
    ) in text
    assert markdown_table(text, COMPLETENESS) == [
        [
            "Gamma Daten GmbH",
            "40",
            "4",
            "Logo, Beschreibung, Ansprechpartner, Website, Telefon, englischer Text",
        ],
        [
            "Delta Web GmbH",
            "50",
            "5",
            "Logo, E-Mail, 3+ Kompetenzen, englischer Text, Bestätigungsdatum",
        ],
        ["Alpha Software GmbH", "90", "9", "3+ Kompetenzen"],
    ]
    assert section_csv(project, "completeness")[0] == [
        "Mitglied",
        "Vollständig %",
        "Ausgefüllt",
        "Fehlt",
    ]
    english = report(project, "--format", "markdown", "--lang", "en")
    assert markdown_table(english, "Completeness per listed member (worst first)") == [
        [
            "Gamma Daten GmbH",
            "40",
            "4",
            "logo, description, contacts, website, phone, English text",
        ],
        ["Delta Web GmbH", "50", "5", "logo, email, 3+ competences, English text, last\\_verified"],
        ["Alpha Software GmbH", "90", "9", "3+ competences"],
    ]
    assert section_csv(project, "completeness", "--lang", "en") == [
        ["member", "complete %", "filled", "missing"],
        [
            "Gamma Daten GmbH",
            "40",
            "4",
            "logo, description, contacts, website, phone, English text",
        ],
        ["Delta Web GmbH", "50", "5", "logo, email, 3+ competences, English text, last_verified"],
        ["Alpha Software GmbH", "90", "9", "3+ competences"],
    ]


def test_stale_profiles_by_last_verified_without_git(project: Path) -> None:
    text = report(project, "--format", "markdown")
    assert (
        "Keine git-Historie gefunden: Die letzte Änderung der Mitgliedsdateien konnte nicht "
        "geprüft werden."
    ) in text
    assert markdown_table(text, "Veraltete Profile (älter als 18 Monate)") == [
        ["Delta Web GmbH", "nie", "–"],
        ["Gamma Daten GmbH", "2024-01-10", "28"],
    ]
    # --months overrides stale_after_months of atlas.yaml
    assert section_csv(project, "stale", "--months", "30") == [
        ["Mitglied", "Zuletzt bestätigt", "Monate"],
        ["Delta Web GmbH", "nie", ""],
    ]
    english = report(project, "--format", "markdown", "--lang", "en")
    assert "No git history found: the last change of each member file could not be checked." in (
        english
    )
    assert markdown_table(english, "Stale profiles (older than 18 months)") == [
        ["Delta Web GmbH", "never", "–"],
        ["Gamma Daten GmbH", "2024-01-10", "28"],
    ]
    assert section_csv(project, "stale", "--months", "30", "--lang", "en") == [
        ["member", "last verified", "months"],
        ["Delta Web GmbH", "never", ""],
    ]


def test_stale_after_months_comes_from_the_config(site: Callable[..., Path]) -> None:
    config = (SITES / "minimal/atlas.yaml").read_text("utf-8") + "stale_after_months: 4\n"
    root = site(files={**MEMBERS, **INTERNAL, "atlas.yaml": config})
    assert section_csv(root, "stale")[1:] == [
        ["Delta Web GmbH", "nie", ""],
        ["Gamma Daten GmbH", "2024-01-10", "28"],
        ["Alpha Software GmbH", "2026-01-15", "4"],
    ]


def git(root: Path, *args: str, day: str = "") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": f"{day}T12:00:00",
        "GIT_COMMITTER_DATE": f"{day}T12:00:00",
    }
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


def test_stale_profiles_by_the_last_git_change(project: Path) -> None:
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "all members", day="2023-01-05")
    gamma = project / "content/members/gamma-daten.md"
    gamma.write_text(GAMMA.replace("Datenplattformen", "Datenplattformen,"), encoding="utf-8")
    git(project, "commit", "-q", "-am", "gamma changed", day="2026-05-01")
    (project / "content/members/zeta-neu.md").write_text(
        DELTA.replace("Delta Web", "Zeta Neu").replace("Eva Weg", "Dr. Anna Beispiel"),
        encoding="utf-8",
    )  # never committed: no git date
    text = report(project, "--format", "markdown")
    assert "Keine git-Historie" not in text
    assert (
        "Gelistete Profile, die seit mehr als 18 Monaten nicht bestätigt wurden "
        "('last\\_verified') oder deren Datei in git zuletzt vor mehr als 18 Monaten geändert "
        "wurde."
    ) in text
    assert markdown_table(text, "Veraltete Profile (älter als 18 Monate)") == [
        ["Delta Web GmbH", "nie", "–", "2023-01-05", "40"],
        ["Zeta Neu GmbH", "nie", "–", "nicht in git", "–"],
        ["Alpha Software GmbH", "2026-01-15", "4", "2023-01-05", "40"],
        ["Gamma Daten GmbH", "2024-01-10", "28", "2026-05-01", "1"],
    ]
    assert section_csv(project, "stale")[0] == [
        "Mitglied",
        "Zuletzt bestätigt",
        "Monate",
        "Letzte Änderung (git)",
        "Monate seitdem",
    ]
    english = section_csv(project, "stale", "--lang", "en")
    assert english[2] == ["Zeta Neu GmbH", "never", "", "not committed", ""]
    assert english[0] == [
        "member",
        "last verified",
        "months",
        "last change (git)",
        "months since",
    ]


def test_expired_offers_before_the_report_date(project: Path) -> None:
    text = report(project, "--format", "markdown")
    assert (
        "Angebote gelisteter Mitglieder, deren Enddatum ('until') vor dem 2026-06-01 liegt; die "
        "Website zeigt sie nicht mehr: Bitten Sie das Mitglied, sie zu verlängern oder zu "
        "entfernen."
    ) in text
    assert markdown_table(text, "Abgelaufene Angebote") == [
        ["Gamma Daten GmbH", "Abschlussarbeiten", "2025-12-31", "152"],
        ["Alpha Software GmbH", "Stellenangebote", "2026-03-31", "62"],
        ["Gamma Daten GmbH", "Ausbildung", "2026-05-31", "1"],
    ]  # Alpha's internships end on the report date: still shown, not expired
    later = section_csv(project, "expired", "--date", "2026-06-02")
    assert later[0] == ["Mitglied", "Angebot", "Bis", "Tage seitdem"]
    assert [row[:2] for row in later[1:]] == [
        ["Gamma Daten GmbH", "Abschlussarbeiten"],
        ["Alpha Software GmbH", "Stellenangebote"],
        ["Gamma Daten GmbH", "Ausbildung"],
        ["Alpha Software GmbH", "Praktika"],
    ]
    english = section_csv(project, "expired", "--date", "2026-06-02", "--lang", "en")
    assert english[0] == ["member", "offer", "until", "days ago"]
    assert [row[1] for row in english[1:]] == ["theses", "jobs", "apprenticeships", "internships"]


def test_consent_gaps_are_reported_not_refused(project: Path) -> None:
    # validate refuses the missing and the withdrawn consent; the report lists them
    assert run_atlasgen("validate", "--project", project).code == 1
    rows = markdown_table(report(project, "--format", "markdown"), "Fehlende Einwilligungen")
    assert rows == [
        [
            "Alpha Software GmbH",
            "Max Muster",
            "keine Einwilligung erfasst",
            "Tragen Sie sie unter 'consents\\:' in internal/alpha-software.yaml ein (contact, "
            "date, scope; z. B. date: 2026-03-31, scope: Name und Funktion im Kompetenzatlas) "
            "oder entfernen Sie den Ansprechpartner",
        ],
        [
            "Delta Web GmbH",
            "Eva Weg",
            "Einwilligung widerrufen",
            "Entfernen Sie den Ansprechpartner aus der Mitgliedsdatei oder tragen Sie eine neue "
            "Einwilligung in internal/delta-web.yaml ein",
        ],
    ]  # Epsilon's contact is not published: the membership has ended
    english = section_csv(project, "consents", "--lang", "en")
    assert english[0] == ["member", "contact person", "problem", "to do"]
    assert [row[:3] for row in english[1:]] == [
        ["Alpha Software GmbH", "Max Muster", "no consent recorded"],
        ["Delta Web GmbH", "Eva Weg", "consent withdrawn"],
    ]


FIGURES = [
    ["Status", "prospect", "1"],
    ["Status", "active", "2"],
    ["Status", "paused", "1"],
    ["Status", "left", "1"],
    ["Listung", "gelistet", "3"],
    ["Listung", "nicht gelistet", "2"],
    ["Beitrittsjahr", "2019", "1"],
    ["Beitrittsjahr", "2020", "1"],
    ["Beitrittsjahr", "2021", "1"],
    ["Beitrittsjahr", "unbekannt", "1"],
    ["Kreis", "Hohenlohekreis", "2"],
    ["Kreis", "Stadtkreis Heilbronn", "2"],
    ["Beschäftigte", "1-9", "1"],
    ["Beschäftigte", "10-49", "1"],
    ["Beschäftigte", "nicht angegeben", "2"],
    ["Art", "company", "2"],
    ["Art", "startup", "1"],
    ["Art", "freelancer", "1"],
]
"""The figures in German; the values of the content (status, size class, type) as written."""

FIGURES_EN = [
    ["status", "prospect", "1"],
    ["status", "active", "2"],
    ["status", "paused", "1"],
    ["status", "left", "1"],
    ["listing", "listed", "3"],
    ["listing", "not listed", "2"],
    ["year joined", "2019", "1"],
    ["year joined", "2020", "1"],
    ["year joined", "2021", "1"],
    ["year joined", "unknown", "1"],
    ["district", "Hohenlohekreis", "2"],
    ["district", "Stadtkreis Heilbronn", "2"],
    ["employees", "1-9", "1"],
    ["employees", "10-49", "1"],
    ["employees", "not given", "2"],
    ["type", "company", "2"],
    ["type", "startup", "1"],
    ["type", "freelancer", "1"],
]


def test_membership_figures(project: Path) -> None:
    assert markdown_table(report(project, "--format", "markdown"), "Mitgliederzahlen") == FIGURES
    assert section_csv(project, "figures") == [["Kennzahl", "Wert", "Mitglieder"], *FIGURES]
    english = section_csv(project, "figures", "--lang", "en")
    assert english == [["figure", "value", "members"], *FIGURES_EN]


MATCHES = "Bedarf ↔ Angebote: wen mit wem bekannt machen"


def test_needs_are_matched_with_the_nearest_listed_offers(project: Path) -> None:
    text = report(project, "--format", "markdown", "--section", "matches")
    assert "## Vollständigkeit" not in text
    assert markdown_table(text, MATCHES) == [
        [
            "Alpha Software GmbH",
            "Informationssicherheits-Managementsystem",
            "Partner für ISO 27001 gesucht",
            "Gamma Daten GmbH",
            "37",
        ],
        [
            "Delta Web GmbH",
            "Cloud-Migration",
            "=1+1 Partner \\| Cloud gesucht",
            "Alpha Software GmbH",
            "2",
        ],
        [
            "Delta Web GmbH",
            "Cloud-Migration",
            "=1+1 Partner \\| Cloud gesucht",
            "Gamma Daten GmbH",
            "36",
        ],
        # Epsilon offers it, but its membership has ended
        [
            "Gamma Daten GmbH",
            "Künstliche Intelligenz",
            "KI-Partner für Prognosen gesucht",
            "–",
            "–",
        ],
    ]
    rows = section_csv(project, "matches")
    assert rows[0] == ["Mitglied mit Bedarf", "Bedarf", "Notiz", "Angeboten von", "km"]
    # a spreadsheet must not read member text as a formula
    assert rows[2] == [
        "Delta Web GmbH",
        "Cloud-Migration",
        "'=1+1 Partner | Cloud gesucht",
        "Alpha Software GmbH",
        "2",
    ]
    assert rows[4][3:] == ["", ""]
    # in English the competences have their English labels
    english = section_csv(project, "matches", "--lang", "en")
    assert english[0] == ["member with the need", "needs", "note", "offered by", "km"]
    assert [row[1] for row in english[1:]] == [
        "Information security management system",
        "Cloud migration",
        "Cloud migration",
        "Artificial intelligence",
    ]


def test_at_most_three_matches_per_need(site: Callable[..., Path]) -> None:
    offerers = {
        f"content/members/anbieter-{i}.md": DELTA.replace("Delta Web", f"Anbieter {i}")
        .replace("[webentwicklung]", "[cloud-migration]")
        .replace(
            "needs:\n  - competence: cloud-migration\n    note: =1+1 Partner | Cloud gesucht\n", ""
        )
        .replace("contacts:\n  - name: Eva Weg\n", "")
        for i in range(5)
    }
    root = site(files={**MEMBERS, **offerers})
    rows = [row for row in section_csv(root, "matches")[1:] if row[0] == "Delta Web GmbH"]
    assert len(rows) == 3
    assert [row[4] for row in rows] == ["0", "0", "0"]  # the same postal code


def test_without_internal_data_consents_are_not_checked_and_figures_fall_back(
    site: Callable[..., Path],
) -> None:
    root = site(files=MEMBERS)
    text = report(root, "--format", "markdown")
    consents = text.split("## Fehlende Einwilligungen")[1].split("## ")[0]
    assert (
        "Keine internen Daten (den Ordner internal/ gibt es nicht): Die Einwilligungen können "
        "nicht geprüft werden."
    ) in consents
    assert "_nicht geprüft_" in consents
    assert "|" not in consents
    assert (
        "Keine internen Daten (den Ordner internal/ gibt es nicht): kein Mitgliedsstatus und kein "
        "Beitrittsjahr; die Kennzahlen zählen jede Mitgliedsdatei."
    ) in text
    assert markdown_table(text, "Mitgliederzahlen") == [
        ["Listung", "gelistet", "4"],  # without internal data Epsilon is listed
        ["Listung", "nicht gelistet", "1"],
        ["Kreis", "Hohenlohekreis", "2"],
        ["Kreis", "Stadtkreis Heilbronn", "2"],
        ["Kreis", "Landkreis Schwäbisch Hall", "1"],
        ["Beschäftigte", "1-9", "1"],
        ["Beschäftigte", "10-49", "1"],
        ["Beschäftigte", "nicht angegeben", "3"],
        ["Art", "company", "2"],
        ["Art", "startup", "1"],
        ["Art", "freelancer", "1"],
        ["Art", "association", "1"],
    ]
    result = run_atlasgen(
        "report", "--project", root, "--date", DAY, "--format", "csv", "--section", "consents"
    )
    assert result.code == 0
    assert "consents: Keine internen Daten" in result.stderr
    english = report(root, "--format", "markdown", "--lang", "en")
    consents = english.split("## Consent gaps")[1].split("## ")[0]
    assert "No internal data (internal/ does not exist): consents cannot be checked." in consents
    assert "_not checked_" in consents
    assert markdown_table(english, "Membership figures")[:2] == [
        ["listing", "listed", "4"],
        ["listing", "not listed", "1"],
    ]


def test_text_format_renders_tables_without_escape_codes_in_a_pipe(project: Path) -> None:
    # in a pipe the tables are 120 characters wide (COLUMNS, when set, decides)
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.run(
        [sys.executable, "-m", "atlasgen", "report", "--project", str(project), "--date", DAY],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "\x1b" not in text
    lines = text.splitlines()
    assert lines[:2] == [
        "Mitgliederbericht: Testnetz",
        "Stand 2026-06-01; Profile gelten nach 18 Monaten als veraltet.",
    ]
    for title in (COMPLETENESS, "Abgelaufene Angebote", MATCHES):
        assert title in lines
    row = next(
        line for line in lines if line.startswith("Gamma Daten GmbH") and "Abschluss" in line
    )
    assert row.split() == ["Gamma", "Daten", "GmbH", "Abschlussarbeiten", "2025-12-31", "152"]
    # member text is never read as rich markup
    assert "=1+1 Partner | Cloud gesucht" in text


def test_text_format_has_colours_on_a_terminal(project: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    atlas, _ = load_atlas(project, check_consents=False)
    assert atlas is not None
    out = Terminal()
    render_text(build_report(project, atlas, day=date(2026, 6, 1)), out)
    assert "\x1b[" in out.getvalue()
    assert "Gamma Daten GmbH" in out.getvalue()


def test_csv_out_writes_one_file_per_section(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = run_atlasgen(
        "report", "--project", project, "--date", DAY, "--format", "csv", "--out", out
    )
    assert result.code == 0, result.stderr
    names = ["completeness", "stale", "expired", "consents", "figures", "matches"]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.csv" for n in names)
    assert csv_rows((out / "figures.csv").read_bytes())[1:] == FIGURES
    assert result.stdout.splitlines() == [f"{out / name}.csv geschrieben" for name in names]


def test_output_is_the_same_on_every_run(project: Path) -> None:
    first = report(project, "--format", "markdown")
    assert report(project, "--format", "markdown") == first


def test_usage_errors_exit_2(project: Path) -> None:
    for args in (
        ("--format", "csv"),  # which section?
        ("--format", "markdown", "--out", "x"),
        ("--section", "nonsense"),
        ("--months", "0"),
        ("--date", "2026-13-01"),
    ):
        result = run_atlasgen("report", "--project", project, *args)
        assert result.code == 2, args
        assert "atlasgen report" in result.stderr, args


def test_content_errors_exit_1_and_are_printed_like_validate(site: Callable[..., Path]) -> None:
    root = site(
        files={**MEMBERS, "content/members/gamma-daten.md": GAMMA.replace("[isms,", "[isms2,")}
    )
    result = run_atlasgen("report", "--project", root, "--date", DAY, "--lang", "en")
    assert result.code == 1
    assert result.stdout == ""
    assert "content/members/gamma-daten.md:11:15: competences[0]: unknown competence 'isms2'" in (
        result.stderr
    )
    assert "atlasgen report: fix the problems above first" in result.stderr


# ---------------------------------------------------------------- the Python API, languages


@pytest.fixture
def german() -> Iterator[None]:
    i18n.use("de")
    try:
        yield
    finally:
        i18n.use("en")


def test_the_api_reports_in_english_by_default(project: Path) -> None:
    atlas, _ = load_atlas(project, check_consents=False)
    assert atlas is not None
    text = render_markdown(build_report(project, atlas, day=date(2026, 6, 1), months=1))
    assert text.startswith(
        "# Member report: Testnetz\n\nAs of 2026-06-01; profiles count as stale after 1 month.\n"
    )
    assert "## Stale profiles (older than 1 month)\n" in text
    assert "## Consent gaps\n" in text


def test_the_api_reports_in_german(project: Path, german: None) -> None:
    atlas, _ = load_atlas(project, check_consents=False)
    assert atlas is not None
    report = build_report(project, atlas, day=date(2026, 6, 1), months=1)
    text = render_markdown(report)
    assert text.startswith(
        "# Mitgliederbericht: Testnetz\n\n"
        "Stand 2026-06-01; Profile gelten nach 1 Monat als veraltet.\n"
    )
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        f"## {COMPLETENESS}",
        "## Veraltete Profile (älter als 1 Monat)",
        "## Abgelaufene Angebote",
        "## Fehlende Einwilligungen",
        "## Mitgliederzahlen",
        f"## {MATCHES}",
    ]
    assert (
        "Für jeden Bedarf eines gelisteten Mitglieds die 3 nächstgelegenen gelisteten "
        "Mitglieder, die die Kompetenz anbieten (Luftlinie); '–': niemand bietet sie an."
    ) in text
    figures = next(table for table in report.tables if table.section == "figures")
    assert csv_rows(render_csv(figures)) == [["Kennzahl", "Wert", "Mitglieder"], *FIGURES]


def test_empty_tables_say_so_in_german(site: Callable[..., Path], german: None) -> None:
    root = site()  # the minimal site: nothing expired, no needs with internal data
    atlas, _ = load_atlas(root, check_consents=False)
    assert atlas is not None
    text = render_markdown(
        build_report(root, atlas, day=date(2026, 6, 1), sections=("expired", "stale"))
    )
    assert "_keine abgelaufenen Angebote_" in text
    out = io.StringIO()
    render_text(build_report(root, atlas, day=date(2026, 6, 1), sections=("expired",)), out)
    assert "keine abgelaufenen Angebote" in out.getvalue()
