"""The atlasgen command as members and CI use it: output formats, exit codes, scaffolding."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import REPO, run_atlasgen

BAD_EMAIL = (
    "---\nname: Kaputt GmbH\ntype: company\ntagline: T\nemail: nope\naddress:\n"
    '  street: Weg 1\n  postal_code: "74072"\n  city: Heilbronn\ncompetences: [isms]\n---\nText\n'
)


def test_valid_site_exits_0_and_says_what_it_checked(site: Callable[..., Path]) -> None:
    root = site()
    result = run_atlasgen("validate", "--project", root)
    assert result.code == 0, result.stderr
    assert "ok: 2 Mitglieder, 4 Kompetenzen in 1 Kategorie" in result.stdout
    english = run_atlasgen("validate", "--project", root, "--lang", "en")
    assert "ok: 2 members, 4 competences in 1 category" in english.stdout


def test_github_format_annotates_the_members_own_line(site: Callable[..., Path]) -> None:
    root = site(files={"content/members/kaputt.md": BAD_EMAIL})
    result = run_atlasgen("validate", "--format", "github", "--project", root, "--lang", "en")
    assert result.code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        "::error file=content/members/kaputt.md,line=5,col=8,title=email::"
        "email: 'nope' is not an e-mail address%0AHint: "
    )
    assert result.stdout.rstrip().endswith("1 problem in 1 file")


def test_markdown_format_lists_every_problem_as_literal_text(site: Callable[..., Path]) -> None:
    # for the job summary of a pull request: a table, and member text never becomes markup
    hostile = BAD_EMAIL.replace("email: nope", "email: '<img src=x>|[a](b)'")
    files = {
        f"content/members/kaputt-{n}.md": hostile.replace("Kaputt GmbH", f"Kaputt {n} GmbH")
        for n in range(12)
    }
    root = site(files=files)
    result = run_atlasgen("validate", "--format", "markdown", "--project", root, "--lang", "en")
    assert result.code == 1
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ❌")]
    assert len(rows) == 12  # all of them: annotations would stop at 10
    assert rows[0].startswith(
        "| ❌ error | content/members/kaputt-0.md | 5:8 | email | "
        "'&lt;img src=x&gt;\\|\\[a\\](b)' is not an e-mail address"
    )
    assert "<img" not in result.stdout
    assert "12 problems in 12 files" in result.stdout


def test_json_format_lists_every_problem(site: Callable[..., Path]) -> None:
    root = site(files={"content/members/kaputt.md": BAD_EMAIL})
    result = run_atlasgen("validate", "--format", "json", "--project", root)
    data = json.loads(result.stdout)
    assert data["errors"] == 1
    problem = data["problems"][0]
    assert (problem["path"], problem["line"], problem["column"], problem["field"]) == (
        "content/members/kaputt.md",
        5,
        8,
        "email",
    )
    assert data["warnings"] >= 1  # the same file has no logo


def test_strict_turns_warnings_into_errors(site: Callable[..., Path]) -> None:
    root = site(
        files={
            "content/members/logos/alpha-software.svg": None,
            "content/members/alpha-software.md": (
                REPO / "tests/sites/minimal/content/members/alpha-software.md"
            )
            .read_text("utf-8")
            .replace("logo: alpha-software.svg\n", ""),
        }
    )
    assert run_atlasgen("validate", "--project", root).code == 0
    strict = run_atlasgen("validate", "--strict", "--project", root)
    assert strict.code == 1
    assert "content/members/alpha-software.md:3:1: Profil hat kein Logo" in strict.stderr


def test_hostile_numbers_and_nesting_never_give_a_traceback(site: Callable[..., Path]) -> None:
    huge = BAD_EMAIL.replace("email: nope\n", "founded: " + "9" * 5000 + "\n")
    deep = "---\nname: " + "[" * 3000 + "\n---\n"
    root = site(files={"content/members/huge.md": huge, "content/members/deep.md": deep})
    result = run_atlasgen("validate", "--project", root)
    assert result.code == 1
    assert "Traceback" not in result.stderr
    assert "content/members/huge.md:5:10: founded:" in result.stderr
    assert "content/members/deep.md:" in result.stderr


def test_usage_error_exits_2(site: Callable[..., Path]) -> None:
    assert run_atlasgen("validate", "--format", "xml").code == 2
    assert run_atlasgen("frobnicate").code == 2


def test_missing_config_is_a_located_problem(tmp_path: Path) -> None:
    result = run_atlasgen("validate", "--project", tmp_path)
    assert result.code == 1
    assert result.stderr.startswith("atlas.yaml:1:1: site configuration not found")


def test_new_member_writes_a_valid_commented_file(site: Callable[..., Path]) -> None:
    root = site()
    result = run_atlasgen("new", "member", "Müller & Söhne IT GmbH", "--project", root)
    assert result.code == 0, result.stderr
    path = root / "content/members/mueller-soehne-it-gmbh.md"
    text = path.read_text("utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=../../schema/member.schema.json\n")
    assert "# Beschäftigte an diesem Standort" in text
    # the placeholders are errors until the member replaces them, each at its line
    check = run_atlasgen("validate", "--project", root)
    assert check.code == 1
    fields = re.findall(
        r"^content/members/mueller-soehne-it-gmbh\.md:\d+:\d+: (\S+)", check.stderr, re.M
    )
    assert fields == ["tagline:", "address.street:", "die"]  # the description has no field
    assert check.stderr.count("Platzhaltertext von 'atlasgen new member'") == 3
    text = text.replace(
        "Kurzbeschreibung in einem Satz – bitte ersetzen", "Software für Handwerker"
    )
    text = text.replace("Musterstraße 1", "Bahnhofstraße 12")
    front, fence, _ = text.rpartition("\n---\n")
    text = front + fence + "Wir entwickeln Software für Handwerksbetriebe.\n"
    path.write_text(text, "utf-8")
    check = run_atlasgen("validate", "--project", root)
    assert check.code == 0, check.stderr
    again = run_atlasgen("new", "member", "Müller & Söhne IT GmbH", "--project", root)
    assert again.code == 2 and "gibt es schon" in again.stderr


def test_build_py_and_python_m_are_the_same_command(site: Callable[..., Path]) -> None:
    root = site(files={"content/members/kaputt.md": BAD_EMAIL})
    via_build_py = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--project", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    via_cli = run_atlasgen("build", "--project", root)
    assert via_build_py.returncode == via_cli.code == 1
    assert via_build_py.stderr == via_cli.stderr
