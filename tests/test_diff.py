"""``atlasgen diff``: what staff read when they review a pull request, in real git histories.

Every test builds a git repository in a scratch folder from ``tests/sites/minimal``,
commits changes as a member or the staff would, and compares the exact sentences.
Git runs without the user's configuration and with fixed dates, so commit ids (and
the short ids in the title) are the same on every run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from conftest import SITES, run_atlasgen

from atlasgen.cli import main
from atlasgen.common import i18n
from atlasgen.content.schema import MemberFile
from atlasgen.staff.diff import DiffError, semantic_diff

MEMBERS = "content/members"
ALPHA = f"{MEMBERS}/alpha-software.md"
BETA = f"{MEMBERS}/beta-security.md"
ALPHA_TEXT = (SITES / "minimal" / ALPHA).read_text("utf-8")
BETA_TEXT = (SITES / "minimal" / BETA).read_text("utf-8")
ALPHA_BODY = "Die Alpha Software GmbH entwickelt Webanwendungen.\n"
THREE_PARAGRAPHS = (
    "Die Alpha Software GmbH entwickelt Webanwendungen.\n\n"
    "Wir arbeiten seit 1998 in Heilbronn.\n\n"
    "Kontakt gern per E-Mail.\n"
)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<rect width="10" height="10"/></svg>\n'
)
SVG_NEW = SVG.replace("<rect", '<circle r="5" cx="5" cy="5"/><rect')


def member(name: str, competences: str = "[isms]", extra: str = "", body: str = "Text.\n") -> str:
    return (
        f"---\nname: {name}\ntype: company\ntagline: Testfirma\naddress:\n"
        '  street: Weg 1\n  postal_code: "74072"\n  city: Heilbronn\n'
        f"competences: {competences}\n{extra}---\n{body}"
    )


DELTA = """---
name: Delta Daten GmbH
type: research
tagline: Datenanalyse für Kommunen
email: post@delta.example.org
address:
  street: Am Markt 7
  postal_code: "74653"
  city: Künzelsau
competences: [kuenstliche-intelligenz]
---
Die Delta Daten GmbH wertet Verwaltungsdaten aus.
"""


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user or system git configuration, fixed names and dates (for atlasgen's git too)."""
    for name, value in {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
        "GIT_AUTHOR_NAME": "Geschäftsstelle",
        "GIT_AUTHOR_EMAIL": "staff@example.org",
        "GIT_COMMITTER_NAME": "Geschäftsstelle",
        "GIT_COMMITTER_EMAIL": "staff@example.org",
        "GIT_AUTHOR_DATE": "2026-03-01T12:00:00+01:00",
        "GIT_COMMITTER_DATE": "2026-03-01T12:00:00+01:00",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """``main`` chooses the language for the whole process: back to the API's English."""
    yield
    i18n.use("en")


class Repo:
    """A git repository holding a copy of a test site (in ``project``, maybe a subfolder)."""

    def __init__(self, root: Path, subfolder: str = "") -> None:
        self.root = root
        self.project = root / subfolder if subfolder else root
        shutil.copytree(SITES / "minimal", self.project)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, check=True
        )
        return proc.stdout.strip()

    def write(self, files: dict[str, str | bytes | None]) -> None:
        """Paths relative to the project; ``None`` deletes the file."""
        for rel, content in files.items():
            path = self.project / rel
            if content is None:
                path.unlink()
            elif isinstance(content, bytes):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")

    def commit(self, message: str, files: dict[str, str | bytes | None] | None = None) -> str:
        self.write(files or {})
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "--short", "HEAD")

    def move(self, old: str, new: str) -> None:
        (self.project / new).write_bytes((self.project / old).read_bytes())
        (self.project / old).unlink()


def diff(project: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> str:
    """``atlasgen diff`` in this process (the CLI tests below run it as a subprocess)."""
    code = main(["diff", "--project", str(project), *args])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return out


def lines_of(output: str, heading: str) -> list[str]:
    """The bullets below ``heading`` in text output."""
    block = output.split(f"\n{heading}\n", 1)[1].split("\n\n", 1)[0]
    return [line.removeprefix("  - ") for line in block.splitlines()]


# ------------------------------------------------------------------ the main case


@pytest.fixture
def feature(tmp_path: Path) -> tuple[Repo, str, str]:
    """main: the minimal site plus Delta and a longer description; a feature branch with
    the changes of a typical review. Returns the repo and the short ids of both ends."""
    repo = Repo(tmp_path / "atlas")
    base = repo.commit(
        "Start",
        {
            ALPHA: ALPHA_TEXT.replace(ALPHA_BODY, THREE_PARAGRAPHS),
            f"{MEMBERS}/delta-daten.md": DELTA,
            f"{MEMBERS}/logos/alpha-software.svg": SVG,
        },
    )
    repo.git("checkout", "-q", "-b", "feature")
    alpha = (
        ALPHA_TEXT.replace(ALPHA_BODY, THREE_PARAGRAPHS)
        .replace("[webentwicklung, cloud-migration]", "[webentwicklung, kuenstliche-intelligenz]")
        .replace("email: info@alpha.example.com", "email: hallo@alpha.example.com")
        .replace("seit 1998 in Heilbronn", "seit 1998 in Heilbronn und Würzburg")
        .replace("Kontakt gern per E-Mail.", "Kontakt gern per Telefon.")
    )
    taxonomy = (SITES / "minimal/content/competences/software.yaml").read_text("utf-8")
    taxonomy = taxonomy.replace("de: Cloud-Migration", "de: Cloud-Umzug") + (
        "  - id: datenbanken\n    label:\n      de: Datenbanken\n      en: Databases\n"
    )
    repo.move(BETA, f"{MEMBERS}/beta.md")
    head = repo.commit(
        "Review",
        {
            ALPHA: alpha,
            f"{MEMBERS}/alpha-software.en.md": "---\ntagline: Web apps for SMEs\n---\n"
            "Alpha Software GmbH builds web applications.\n",
            f"{MEMBERS}/logos/alpha-software.svg": SVG_NEW,
            f"{MEMBERS}/gamma-it.md": member("Gamma IT GmbH", "[webentwicklung, datenbanken]"),
            f"{MEMBERS}/gamma-it.en.md": "---\ntagline: IT for everyone\n---\n",
            f"{MEMBERS}/delta-daten.md": None,
            "content/competences/software.yaml": taxonomy,
            "content/pages/impressum.md": "---\ntitle: Impressum\n---\nTestnetz, Heilbronn.\n\n"
            "Vertreten durch den Vorstand.\n",
            "atlas.yaml": (SITES / "minimal/atlas.yaml")
            .read_text("utf-8")
            .replace("de: Testatlas", "de: Kompetenzatlas"),
            "README.md": "# Atlas\n",
            "theme/extra.css": "body { color: black }\n",
        },
    )
    return repo, base, head


EXPECTED = {
    ("text", "de"): """\
Inhaltliche Änderungen von {base} bis {head}

Alpha Software GmbH (alpha-software.md)
  - E-Mail geändert
  - Kompetenz hinzugefügt: Künstliche Intelligenz
  - Kompetenz entfernt: Cloud-Umzug
  - Logo geändert
  - Beschreibung: 2 Absätze geändert
  - Englische Kurzbeschreibung geändert

Beta Security e. K. (beta.md)
  - Datei umbenannt: beta-security.md → beta.md

Delta Daten GmbH (delta-daten.md)
  - Mitglied entfernt

Gamma IT GmbH (gamma-it.md)
  - Neues Mitglied
  - Kompetenzen: Webentwicklung, Datenbanken
  - Englische Fassung hinzugefügt

Kompetenzen
  - Kompetenz hinzugefügt: Datenbanken (datenbanken)
  - Kompetenz umbenannt: Cloud-Migration → Cloud-Umzug (cloud-migration)

Weitere Änderungen
  - Einstellungen (atlas.yaml) geändert: title.de
  - Seite geändert: Impressum (impressum.md)
  - Andere Dateien: 2 geändert (README.md, theme/extra.css)
""",
    ("text", "en"): """\
Content changes from {base} to {head}

Alpha Software GmbH (alpha-software.md)
  - E-mail changed
  - Competence added: Artificial intelligence
  - Competence removed: Cloud migration
  - Logo changed
  - Description: 2 paragraphs changed
  - English tagline changed

Beta Security e. K. (beta.md)
  - File renamed: beta-security.md → beta.md

Delta Daten GmbH (delta-daten.md)
  - Member removed

Gamma IT GmbH (gamma-it.md)
  - New member
  - Competences: Web development, Databases
  - English version added

Competences
  - Competence added: Databases (datenbanken)
  - German label changed: Cloud-Migration → Cloud-Umzug (cloud-migration)

Other changes
  - Settings (atlas.yaml) changed: title.de
  - Page changed: Impressum (impressum.md)
  - Other files: 2 changed (README.md, theme/extra.css)
""",
    ("markdown", "de"): """\
## Inhaltliche Änderungen von {base} bis {head}

### Alpha Software GmbH (alpha-software.md)

- E-Mail geändert
- Kompetenz hinzugefügt: Künstliche Intelligenz
- Kompetenz entfernt: Cloud-Umzug
- Logo geändert
- Beschreibung: 2 Absätze geändert
- Englische Kurzbeschreibung geändert

### Beta Security e. K. (beta.md)

- Datei umbenannt: beta-security.md → beta.md

### Delta Daten GmbH (delta-daten.md)

- Mitglied entfernt

### Gamma IT GmbH (gamma-it.md)

- Neues Mitglied
- Kompetenzen: Webentwicklung, Datenbanken
- Englische Fassung hinzugefügt

### Kompetenzen

- Kompetenz hinzugefügt: Datenbanken (datenbanken)
- Kompetenz umbenannt: Cloud-Migration → Cloud-Umzug (cloud-migration)

### Weitere Änderungen

- Einstellungen (atlas.yaml) geändert: title.de
- Seite geändert: Impressum (impressum.md)
- Andere Dateien: 2 geändert (README.md, theme/extra.css)
""",
    ("markdown", "en"): """\
## Content changes from {base} to {head}

### Alpha Software GmbH (alpha-software.md)

- E-mail changed
- Competence added: Artificial intelligence
- Competence removed: Cloud migration
- Logo changed
- Description: 2 paragraphs changed
- English tagline changed

### Beta Security e. K. (beta.md)

- File renamed: beta-security.md → beta.md

### Delta Daten GmbH (delta-daten.md)

- Member removed

### Gamma IT GmbH (gamma-it.md)

- New member
- Competences: Web development, Databases
- English version added

### Competences

- Competence added: Databases (datenbanken)
- German label changed: Cloud-Migration → Cloud-Umzug (cloud-migration)

### Other changes

- Settings (atlas.yaml) changed: title.de
- Page changed: Impressum (impressum.md)
- Other files: 2 changed (README.md, theme/extra.css)
""",
}


@pytest.mark.parametrize(("fmt", "lang"), sorted(EXPECTED))
def test_a_review_in_words(
    feature: tuple[Repo, str, str], fmt: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, base, head = feature
    output = diff(repo.project, "main", "feature", "--format", fmt, "--lang", lang, capsys=capsys)
    assert output == EXPECTED[fmt, lang].format(base=base, head=head)


def test_defaults_are_text_german_and_the_branch_against_main(
    feature: tuple[Repo, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, base, head = feature
    assert diff(repo.project, capsys=capsys) == EXPECTED["text", "de"].format(base=base, head=head)


# ------------------------------------------------------------------ members in detail


def test_every_member_field_is_put_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.commit(
        "Start",
        {
            ALPHA: ALPHA_TEXT.replace(
                "founded: 1998\n",
                "founded: 1998\nindustries: [Handel, Logistik]\n"
                "contacts:\n  - name: Anna Alt\n    role: Vertrieb\n  - name: Bert Bau\n",
            )
        },
    )
    alpha = (
        ALPHA_TEXT.replace("name: Alpha Software GmbH", "name: Alpha Soft GmbH")
        .replace("type: company", "type: startup")
        .replace("Webanwendungen für den Mittelstand", "Web-Apps für den Mittelstand")
        .replace("https://www.alpha.example.com/", "https://alpha.example.com/")
        .replace('phone: "+49 7131 5550100"\n', "")
        .replace("city: Heilbronn", "city: Heilbronn-Böckingen")
        .replace(
            "founded: 1998\n",
            "founded: 1999\nindustries: [Logistik, Handel, Bau]\n"
            "contacts:\n  - name: Anna Alt\n    role: Leitung\n  - name: Cora Neu\n",
        )
        .replace("employees: 10-49", "employees: 50-249")
        .replace("[webentwicklung, cloud-migration]", "[cloud-migration, webentwicklung]")
        .replace("    note: Partner für ISO 27001 gesucht\n", "    note: Auditor gesucht\n")
        .replace(
            "logo: alpha-software.svg\n",
            "offers:\n  apprenticeships:\n    professions: [Fachinformatiker/in]\n"
            "social:\n  linkedin: https://www.linkedin.com/company/alpha\n"
            "logo: alpha-software.svg\nlisted: false\nmascot: Eule\n",
        )
        .replace("last_verified: 2026-01-15", "last_verified: 2026-02-20")
        .replace(ALPHA_BODY, "Neu.\n\n" + ALPHA_BODY)
    )
    repo.commit("Alles", {ALPHA: alpha, f"{MEMBERS}/logos/alpha-software.svg": None})
    output = diff(repo.project, "HEAD~1", "HEAD", capsys=capsys)
    assert lines_of(output, "Alpha Soft GmbH (alpha-software.md)") == [
        "Ungültig: Zeile 30, Spalte 9: mascot: unbekanntes Feld 'mascot'",
        "Name geändert: Alpha Software GmbH → Alpha Soft GmbH",
        "Art geändert: company → startup",
        "Kurzbeschreibung geändert",
        "Website geändert",
        "Telefon entfernt",
        "Anschrift geändert",
        "Gründungsjahr geändert: 1998 → 1999",
        "Größenklasse geändert: 10-49 → 50-249",
        "Reihenfolge der Kompetenzen geändert",
        "Bedarf geändert: Informationssicherheits-Managementsystem",
        "Branche hinzugefügt: Bau",
        "Angebot hinzugefügt: Ausbildung",
        "Ansprechpartner hinzugefügt: Cora Neu",
        "Ansprechpartner entfernt: Bert Bau",
        "Ansprechpartner geändert: Anna Alt",
        "Social-Media-Profil hinzugefügt: LinkedIn",
        "Logo-Datei fehlt: alpha-software.svg",
        "Bestätigungsdatum geändert: 2026-01-15 → 2026-02-20",
        "Nicht mehr öffentlich gelistet",
        "Feld 'mascot' hinzugefügt",
        "Beschreibung: 1 Absatz hinzugefügt",
    ]


@pytest.mark.parametrize("field", list(MemberFile.model_fields))
def test_no_field_change_goes_unmentioned(
    field: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever a member writes into any field of the schema, the diff says something
    about it besides 'invalid' (a value of the wrong kind gets the generic sentence)."""
    repo = Repo(tmp_path / "atlas")
    repo.commit("Start")
    text = re.sub(rf"^{field}:.*\n(?: .*\n)*", "", ALPHA_TEXT, flags=re.M)
    text = text.replace("---\nDie", f"{field}: ganz anders\n---\nDie")
    repo.commit("Feld", {ALPHA: text})
    output = diff(repo.project, "HEAD~1", "HEAD", capsys=capsys)
    name = "ganz anders" if field == "name" else "Alpha Software GmbH"  # the new name
    said = lines_of(output, f"{name} (alpha-software.md)")
    assert [line for line in said if not line.startswith("Ungültig")], output


def test_renamed_file_with_edits_shows_the_rename_and_the_edits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.commit("Start")
    repo.move(BETA, f"{MEMBERS}/beta-sicherheit.md")
    repo.commit(
        "Umbenannt",
        {
            f"{MEMBERS}/beta-sicherheit.md": BETA_TEXT.replace(
                "Beta Security e. K.", "Beta Sicherheit e. K."
            ).replace("listed: false\n", "")
        },
    )
    output = diff(repo.project, "HEAD~1", capsys=capsys)
    assert lines_of(output, "Beta Sicherheit e. K. (beta-sicherheit.md)") == [
        "Datei umbenannt: beta-security.md → beta-sicherheit.md",
        "Name geändert: Beta Security e. K. → Beta Sicherheit e. K.",
        "Wieder öffentlich gelistet",
    ]


def test_a_replaced_logo_belongs_to_its_member_and_unused_logos_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.commit("Start")
    repo.commit(
        "Logos",
        {
            f"{MEMBERS}/logos/beta-security.svg": SVG_NEW,
            f"{MEMBERS}/logos/niemand.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    output = diff(repo.project, "HEAD~1", capsys=capsys)
    assert lines_of(output, "Beta Security e. K. (beta-security.md)") == ["Logo geändert"]
    assert lines_of(output, "Weitere Änderungen") == [
        "Logo-Datei ohne Mitglied hinzugefügt: niemand.png"
    ]


def test_english_text_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.commit("Start")
    repo.commit(
        "Englisch",
        {
            f"{MEMBERS}/alpha-software.en.md": "---\ntagline: Web apps\n---\n"
            "Alpha Software GmbH builds web apps.\n\nSince 1998.\n",
            f"{MEMBERS}/gamma.en.md": "---\ntagline: No German file\n---\n",
        },
    )
    output = diff(repo.project, "HEAD~1", "--lang", "en", capsys=capsys)
    assert lines_of(output, "Alpha Software GmbH (alpha-software.md)") == [
        "English tagline changed",
        "English description: 1 paragraph changed, 1 paragraph added",
    ]
    assert lines_of(output, "gamma.en.md") == ["English version added"]


def test_comments_and_quotes_only_are_formatting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.commit("Start")
    repo.commit(
        "Kommentar",
        {ALPHA: ALPHA_TEXT.replace("founded: 1998", '# gegründet\nfounded: "1998"')},
    )
    output = diff(repo.project, "HEAD~1", "--lang", "en", capsys=capsys)
    assert lines_of(output, "Alpha Software GmbH (alpha-software.md)") == [
        "Only formatting changed, same content"
    ]


def test_taxonomy_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.commit("Start")
    path = repo.project / "content/competences/software.yaml"
    taxonomy = path.read_text("utf-8")
    isms = taxonomy[taxonomy.index("  - id: isms") :]
    taxonomy = (
        taxonomy.replace(isms, "")
        .replace("de: Softwareentwicklung", "de: Software")
        .replace("en: Web development", "en: Web engineering")
        .replace("de: [KI]", "de: [KI, Maschinelles Lernen]")
    )
    repo.commit(
        "Taxonomie",
        {
            "content/competences/software.yaml": taxonomy,
            "content/competences/sicherheit.yaml": "id: sicherheit\nlabel:\n  de: Sicherheit\n"
            "  en: Security\ncompetences:\n" + isms,
            "content/competences/kaputt.yaml": "id: kaputt\nlabel: [de\n",
        },
    )
    output = diff(repo.project, "HEAD~1", capsys=capsys)
    assert lines_of(output, "Kompetenzen") == [
        "content/competences/kaputt.yaml ungültig: Zeile 3, Spalte 1: ungültiges YAML: in einer "
        "Liste in [ ]: ',' oder ']' fehlt",
        "Kategorie hinzugefügt: Sicherheit (sicherheit)",
        "Kategorie umbenannt: Softwareentwicklung → Software (software)",
        "Kompetenz verschoben: Informationssicherheits-Managementsystem (isms): "
        "Softwareentwicklung → Sicherheit",
        "Englische Bezeichnung geändert: Web development → Web engineering (webentwicklung)",
        "Kompetenz geändert: Künstliche Intelligenz (kuenstliche-intelligenz) (Felder: synonyms)",
    ]
    english = diff(repo.project, "HEAD~1", "--lang", "en", capsys=capsys)
    assert "Competence renamed: Web development → Web engineering (webentwicklung)" in english


# ------------------------------------------------------------------ invalid files


def test_invalid_files_are_reported_and_the_diff_goes_on(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.commit("Start")
    head = repo.commit(
        "Kaputt",
        {
            ALPHA: ALPHA_TEXT.replace("info@alpha.example.com", "info at alpha"),
            f"{MEMBERS}/kaputt.md": "---\nname: Kaputt GmbH\ntagline: [offen\n---\nText\n",
            f"{MEMBERS}/alpha-software.en.md": "---\ntagline: |\n  two\n  lines\n---\n",
            "atlas.yaml": "title: {de: Test\n",
        },
    )
    # atlas.yaml is broken at HEAD, so it cannot choose the language: --lang does
    result = run_atlasgen("diff", "HEAD~1", "--project", repo.project, "--lang", "de")
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    base = repo.git("rev-parse", "--short", "HEAD~1")
    assert result.stdout == (
        f"Inhaltliche Änderungen von {base} bis {head}\n\n"
        "Alpha Software GmbH (alpha-software.md)\n"
        "  - Ungültig: Zeile 7, Spalte 8: email: 'info at alpha' ist keine E-Mail-Adresse\n"
        "  - E-Mail geändert\n"
        "  - Englische Fassung ungültig: Zeile 2, Spalte 10: tagline: muss in einer Zeile stehen\n"
        "  - Englische Kurzbeschreibung geändert\n"
        "  - Englische Beschreibung: 1 Absatz entfernt\n\n"
        "kaputt.md\n"
        "  - Neues Mitglied\n"
        "  - Ungültig: Zeile 4, Spalte 1: ungültiges YAML: in einer Liste in [ ]: ',' oder ']' "
        "fehlt\n\n"
        "Weitere Änderungen\n"
        "  - atlas.yaml ungültig: Zeile 2, Spalte 1: ungültiges YAML: in Feldern in { }: ',' "
        "oder '}' fehlt\n"
    )
    # the problems are in the language of the diff
    english = run_atlasgen("diff", "HEAD~1", "--project", repo.project, "--lang", "en")
    assert (
        "  - Invalid: line 7, column 8: email: 'info at alpha' is not an e-mail address\n"
    ) in english.stdout


# ------------------------------------------------------------------ hostile content


def test_member_text_cannot_inject_markdown_or_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.commit("Start")
    name = '"<script>alert(1)</script> **fett** [x](y) | a\\nb @staff www.example.com"'
    repo.commit(
        "Böse",
        {
            f"{MEMBERS}/gamma.md": member(name, "[isms, '**x**']"),
            "README <b>.md": "x\n",
        },
    )
    output = diff(repo.project, "HEAD~1", "--format", "markdown", capsys=capsys)
    assert output.split("\n", 2)[2] == (
        "### &lt;script&gt;alert(1)&lt;/script&gt; \\*\\*fett\\*\\* \\[x\\](y) \\| a\\\\nb "
        "\\@staff www\\.example.com (gamma.md)\n\n"
        "- Neues Mitglied\n"
        "- Kompetenzen: Informationssicherheits-Managementsystem, \\*\\*x\\*\\*\n"
        "- Ungültig: Zeile 2, Spalte 7: name: muss in einer Zeile stehen\n\n"
        "### Weitere Änderungen\n\n"
        "- Andere Dateien: 1 geändert (README &lt;b&gt;.md)\n"
    )
    html = markdown.markdown(output)
    for tag in ("<script", "<a ", "<strong", "<em", "<b>", "<img", "<table", "<code"):
        assert tag not in html
    text = diff(repo.project, "HEAD~1", capsys=capsys)
    assert "a\\nb @staff" in text  # the line break is shown, not made
    assert len(text.splitlines()) == 9


def test_terminal_control_characters_are_shown_not_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.commit("Start")
    repo.commit("Escape", {f"{MEMBERS}/gamma.md": member('"Gamma\\e[31m \\u202eGmbH"')})
    output = diff(repo.project, "HEAD~1", capsys=capsys)
    assert "\x1b" not in output and "\u202e" not in output
    assert "Gamma\\u001B[31m \\u202EGmbH (gamma.md)" in output


# ------------------------------------------------------------------ revisions


def test_default_base_is_where_the_branch_left_main(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "atlas")
    fork = repo.commit("Start")
    repo.git("checkout", "-q", "-b", "gamma")
    head = repo.commit("Gamma", {f"{MEMBERS}/gamma.md": member("Gamma GmbH")})
    repo.git("checkout", "-q", "main")
    repo.commit("Main geht weiter", {f"{MEMBERS}/delta.md": DELTA})
    repo.git("checkout", "-q", "gamma")
    repo.write({f"{MEMBERS}/epsilon.md": member("Noch nicht committet")})  # not in HEAD
    output = diff(repo.project, capsys=capsys)
    assert output == (
        f"Inhaltliche Änderungen von {fork} bis {head}\n\n"
        "Gamma GmbH (gamma.md)\n"
        "  - Neues Mitglied\n"
        "  - Kompetenzen: Informationssicherheits-Managementsystem\n"
    )
    # on main itself there is nothing to review
    repo.git("checkout", "-q", "main")
    assert diff(repo.project, capsys=capsys).endswith("\n\nKeine inhaltlichen Änderungen.\n")


def test_default_base_falls_back_to_master(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.git("branch", "-m", "master")
    fork = repo.commit("Start")
    repo.git("checkout", "-q", "-b", "gamma")
    repo.commit("Gamma", {f"{MEMBERS}/gamma.md": member("Gamma GmbH")})
    output = diff(repo.project, "--lang", "en", capsys=capsys)
    assert output.startswith(f"Content changes from {fork} to ")
    assert "Gamma GmbH (gamma.md)\n  - New member\n" in output


def test_without_main_or_master_the_base_must_be_named(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.git("branch", "-m", "trunk")
    repo.commit("Start")
    result = run_atlasgen("diff", "--project", repo.project)
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "atlasgen diff: keine Basis-Revision: Es gibt keinen Branch main, origin/main oder "
        "master; geben Sie BASE ausdrücklich an, z. B. 'atlasgen diff origin/develop'\n"
    )
    english = run_atlasgen("diff", "--project", repo.project, "--lang", "en")
    assert english.code == 2
    assert english.stderr == (
        "atlasgen diff: no base revision: there is no branch main, origin/main or master; "
        "name BASE explicitly, e.g. 'atlasgen diff origin/develop'\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["gibtsnicht"],
            "unbekannte Revision 'gibtsnicht' (kein Commit, Branch oder Tag dieses Namens)",
        ),
        (
            ["main", "HEAD~5"],
            "unbekannte Revision 'HEAD~5' (kein Commit, Branch oder Tag dieses Namens)",
        ),
        (
            ["--", "--output=x"],
            "unbekannte Revision '--output=x' (kein Commit, Branch oder Tag dieses Namens)",
        ),
        (
            ["--lang", "en", "gibtsnicht"],
            "unknown revision 'gibtsnicht' (no such commit, branch or tag)",
        ),
    ],
)
def test_a_bad_revision_is_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.commit("Start")
    result = run_atlasgen("diff", "--project", repo.project, *args)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"atlasgen diff: {message}\n"
    assert not (repo.project / "x").exists()


def test_outside_a_git_repository_is_a_usage_error(tmp_path: Path) -> None:
    project = tmp_path / "plain"
    shutil.copytree(SITES / "minimal", project)
    result = run_atlasgen("diff", "--project", project)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        f"atlasgen diff: {project} liegt in keinem git-Repository: atlasgen diff vergleicht "
        "git-Revisionen; führen Sie es in einem Klon des Atlas-Repositorys aus\n"
    )
    english = run_atlasgen("diff", "--project", project, "--lang", "en")
    assert english.stderr == (
        f"atlasgen diff: {project} is not inside a git repository: atlasgen diff compares git "
        "revisions; run it in a clone of the atlas repository\n"
    )


def test_project_in_a_subfolder_of_the_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "repo", subfolder="atlas")
    (repo.root / "README.md").write_text("Repository\n", encoding="utf-8")
    base = repo.commit("Start")
    repo.git("checkout", "-q", "-b", "gamma")
    head = repo.commit(
        "Gamma",
        {
            f"{MEMBERS}/gamma.md": member("Gamma GmbH"),
            f"{MEMBERS}/logos/alpha-software.svg": SVG_NEW,
            "../README.md": "Repository, geändert\n",
            "../tools/check.py": "print('hi')\n",
            "Makefile": "all:\n",
        },
    )
    output = diff(repo.project, capsys=capsys)
    assert output == (
        f"Inhaltliche Änderungen von {base} bis {head}\n\n"
        "Alpha Software GmbH (alpha-software.md)\n"
        "  - Logo geändert\n\n"
        "Gamma GmbH (gamma.md)\n"
        "  - Neues Mitglied\n"
        "  - Kompetenzen: Informationssicherheits-Managementsystem\n\n"
        "Weitere Änderungen\n"
        "  - Andere Dateien: 1 geändert (Makefile)\n"
    )


# ------------------------------------------------------------------ the language


def test_the_python_api_speaks_the_language_in_use(feature: tuple[Repo, str, str]) -> None:
    repo, base, head = feature
    english = EXPECTED["text", "en"].format(base=base, head=head)
    german = EXPECTED["text", "de"].format(base=base, head=head)
    assert semantic_diff(repo.project, "main", "feature") == english  # the API's default
    i18n.use("de")
    assert semantic_diff(repo.project, "main", "feature") == german
    # lang= chooses for this diff only
    assert semantic_diff(repo.project, "main", "feature", lang="en") == english
    assert i18n.current() == "de"
    i18n.use("en")
    assert semantic_diff(repo.project, "main", "feature", lang="de") == german
    assert i18n.current() == "en"


def test_german_plurals_and_problem_counts(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.commit("Start", {ALPHA: ALPHA_TEXT.replace(ALPHA_BODY, THREE_PARAGRAPHS)})
    broken = (
        ALPHA_TEXT.replace(ALPHA_BODY, "Neu.\n")
        .replace("founded: 1998\n", "founded: 1998\nmascot: Eule\nmotto: Hallo\n")
        .replace("type: company", "type: firma")
    )
    repo.commit("Kaputt", {ALPHA: broken})
    i18n.use("de")
    lines = lines_of(
        semantic_diff(repo.project, "HEAD~1"), "Alpha Software GmbH (alpha-software.md)"
    )
    assert lines[0].startswith("Ungültig: Zeile ")
    assert lines[0].endswith(" (+2 weitere Probleme)")
    assert lines[1:] == [
        "Art geändert: company → firma",
        "Feld 'mascot' hinzugefügt",
        "Feld 'motto' hinzugefügt",
        "Beschreibung: 1 Absatz geändert, 2 Absätze entfernt",
    ]
    english = semantic_diff(repo.project, "HEAD~1", lang="en")
    assert " (+2 more problems)\n" in english
    assert "  - Type changed: company → firma\n" in english
    assert "  - Field 'motto' added\n" in english
    assert "  - Description: 1 paragraph changed, 2 paragraphs removed\n" in english


def test_usage_errors_in_german_through_the_api(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "atlas")
    repo.commit("Start")
    i18n.use("de")
    with pytest.raises(DiffError) as error:
        semantic_diff(repo.project, "gibtsnicht")
    assert str(error.value) == (
        "unbekannte Revision 'gibtsnicht' (kein Commit, Branch oder Tag dieses Namens)"
    )
    with pytest.raises(DiffError) as error:
        semantic_diff(tmp_path / "fehlt")
    assert str(error.value) == (
        f"{tmp_path / 'fehlt'} ist kein Ordner: Geben Sie mit --project den Ordner mit "
        "atlas.yaml an"
    )
    with pytest.raises(DiffError, match=r"^unknown revision 'gibtsnicht'"):
        semantic_diff(repo.project, "gibtsnicht", lang="en")
    assert i18n.current() == "de"
