"""What the commands print by default: the author's own problems in full, everything else
in one line each.

- Warnings are one line that counts them by kind (``9 Hinweise: 5 × … – 'atlasgen validate
  --warnings' zeigt alle``); ``--warnings`` shows each.
- ``report`` and ``export`` print no warnings: they are for ``validate``.
- In pull-request mode (``--changed-files``) the problems and warnings of the changed
  files are shown in full, in every format; those of other files are one line for the
  staff, and the exit code still says whether the content is valid.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, SITES, run_atlasgen

from atlasgen.common import i18n

MEMBERS = SITES / "minimal/content/members"
ALPHA = "content/members/alpha-software.md"
BETA = "content/members/beta-security.md"
GAMMA = "content/members/gamma.md"

BAD_EMAIL = (
    "---\nname: Gamma GmbH\ntype: company\ntagline: T\nemail: nope\naddress:\n"
    '  street: Weg 1\n  postal_code: "74072"\n  city: Heilbronn\ncompetences: [isms]\n---\nText\n'
)
WARNING_LINE = re.compile(r"^\S+:\d+:\d+: Hinweis: ", re.MULTILINE)


@pytest.fixture(autouse=True)
def _german_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.ENV, raising=False)


def _warning_count(*args: str | Path) -> int:
    data = json.loads(run_atlasgen("validate", "--format", "json", *args).stdout)
    count: int = data["warnings"]
    return count


def test_warnings_are_one_line_unless_asked_for() -> None:
    expected = _warning_count("--project", REPO)
    assert expected >= 3  # the example has profiles without logo or description

    folded = run_atlasgen("validate", "--project", REPO)
    assert folded.code == 0
    assert WARNING_LINE.findall(folded.stderr) == []
    digest = [line for line in folded.stderr.splitlines() if "Hinweise:" in line]
    assert len(digest) == 1
    assert digest[0].startswith(f"{expected} Hinweise: ")
    assert digest[0].endswith("'atlasgen validate --warnings' zeigt alle")
    assert re.search(r": \d+ × ", digest[0])  # counted by kind
    assert len(digest[0]) <= 250  # one line: each kind by its headline, not its details
    assert len(folded.stderr.strip().splitlines()) == 2  # the digest and the summary line

    shown = run_atlasgen("validate", "--project", REPO, "--warnings")
    assert len(WARNING_LINE.findall(shown.stderr)) == expected
    english = run_atlasgen("validate", "--project", REPO, "--lang", "en")
    assert f"{expected} warnings: " in english.stderr
    assert "'atlasgen validate --warnings' shows all" in english.stderr


def test_strict_shows_every_warning_as_an_error() -> None:
    strict = run_atlasgen("validate", "--project", REPO, "--strict")
    assert strict.code == 1
    assert "Hinweise:" not in strict.stderr
    assert f"{_warning_count('--project', REPO)} Fehler" in strict.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("export", "--format", "json"),
        ("export", "--format", "csv", "--out", "{tmp}/m.csv"),
        ("report", "--section", "completeness"),
    ],
    ids=["export-json", "export-csv", "report"],
)
def test_reports_and_exports_print_no_warnings(command: tuple[str, ...], tmp_path: Path) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = run_atlasgen(*args, "--project", REPO)
    assert result.code == 0, result.stderr
    assert "Hinweis" not in result.stderr
    assert "warning" not in result.stderr.lower()


@pytest.fixture
def review_site(site: Callable[..., Path]) -> Path:
    """The minimal site with staff; alpha (maintained by mustermann-it) without its logo,
    beta without its logo (a warning elsewhere, besides the staff's consent summary on
    atlas.yaml), gamma with a wrong e-mail (an error elsewhere)."""
    alpha = (MEMBERS / "alpha-software.md").read_text("utf-8")
    alpha = alpha.replace("logo: alpha-software.svg\n", "")
    alpha = alpha.replace("\n---\n", "\nmaintainers: [mustermann-it]\n---\n", 1)
    beta = (MEMBERS / "beta-security.md").read_text("utf-8")
    return site(
        "minimal",
        {
            "atlas.yaml": (SITES / "minimal/atlas.yaml").read_text("utf-8")
            + "staff: [staff-anna]\n",
            ALPHA: alpha,
            BETA: beta.replace("logo: beta-security.svg\n", ""),
            GAMMA: BAD_EMAIL,
        },
    )


def _pr(root: Path, *extra: str) -> tuple[int, str]:
    result = run_atlasgen(
        "validate", "--project", root, "--author", "mustermann-it", *extra, "--changed-files", ALPHA
    )
    return result.code, result.stdout + result.stderr


def test_pull_request_mode_shows_the_author_only_their_files(review_site: Path) -> None:
    code, text = _pr(review_site)
    assert code == 1  # gamma's error still makes the content invalid
    assert ALPHA in text
    assert WARNING_LINE.search(text)  # alpha's own warning in full, without --warnings
    assert BETA not in text and GAMMA not in text
    elsewhere = [line for line in text.splitlines() if line.startswith("Nicht Teil")]
    assert elsewhere == [
        "Nicht Teil dieser Änderung: 1 Fehler in 1 Datei und 2 Hinweise in anderen Dateien "
        "(für die Geschäftsstelle; 'atlasgen validate' ohne --changed-files zeigt sie)"
    ]
    assert text.rstrip().endswith("0 Fehler in 0 Dateien, 1 Hinweis")


@pytest.mark.parametrize("fmt", ["github", "markdown"])
def test_pull_request_mode_in_the_workflow_formats(review_site: Path, fmt: str) -> None:
    code, text = _pr(review_site, "--format", fmt)
    assert code == 1
    assert ALPHA in text
    assert BETA not in text and GAMMA not in text
    assert "Nicht Teil dieser Änderung: 1 Fehler in 1 Datei und 2 Hinweise" in text.replace(
        "\\", ""
    )
    if fmt == "github":
        assert "::notice::Nicht Teil dieser Änderung" in text
        assert "::warning file=content/members/alpha-software.md," in text


def test_pull_request_mode_json_keeps_everything(review_site: Path) -> None:
    code, text = _pr(review_site, "--format", "json")
    data = json.loads(text)
    paths = {p["path"] for p in data["problems"]}
    assert {ALPHA, BETA, GAMMA} <= paths
    assert code == 1
