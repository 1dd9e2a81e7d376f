"""Who may change which file: ``maintainers``, ``staff``, ``validate --author`` and CODEOWNERS.

The sites here are ``tests/sites/minimal`` with ``staff: [staff-anna, Staff-Ben]``,
``alpha-software`` maintained by ``mustermann-it`` (line 21 of its file) and
``beta-security`` by ``erika-beta`` (line 13). Deletions and ``--base`` run in a real
temporary git repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import REPO, SITES, Result, run_atlasgen

from atlasgen.common import i18n
from atlasgen.staff.ownership import (
    CODEOWNERS_FILE,
    OwnershipUsageError,
    check_changes,
    normalize_login,
    render_codeowners,
)

MEMBERS = SITES / "minimal/content/members"
ALPHA = "content/members/alpha-software.md"
ALPHA_EN = "content/members/alpha-software.en.md"
ALPHA_LOGO = "content/members/logos/alpha-software.svg"
BETA = "content/members/beta-security.md"
BETA_LOGO = "content/members/logos/beta-security.svg"

STAFF_HINT = "ask the staff (@staff-anna, @Staff-Ben) to review this pull request"
JOIN = " (if you work for this member, the staff can add you to its 'maintainers')"
ALPHA_ASK = (
    "ask its maintainer (@mustermann-it) to make this change, "
    "or the staff (@staff-anna, @Staff-Ben) to review this pull request"
)
ALPHA_HINT = ALPHA_ASK + JOIN


def front(text: str, *lines: str) -> str:
    """``text`` (a member file) with ``lines`` added at the end of its front matter."""
    head, fence, rest = text.partition("\n---\n")
    return head + "".join(f"\n{line}" for line in lines) + fence + rest


def member(name: str, *lines: str) -> str:
    return front((MEMBERS / f"{name}.md").read_text("utf-8"), *lines)


SpecialSite = Callable[..., Path]


@pytest.fixture
def owned(site: Callable[..., Path]) -> SpecialSite:
    """The minimal site with staff and maintainers, plus ``files`` laid over it."""

    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        return site(
            "minimal",
            {
                "atlas.yaml": (SITES / "minimal/atlas.yaml").read_text("utf-8")
                + "staff: [staff-anna, Staff-Ben]\n",
                ALPHA: member("alpha-software", "maintainers: [mustermann-it]"),
                BETA: member("beta-security", "maintainers:", "  - erika-beta"),
                **(files or {}),
            },
        )

    return make


def pr(root: Path, author: str, *files: str, base: str | None = None, fmt: str = "") -> Result:
    """``atlasgen validate`` in pull-request mode."""
    args: list[str | Path] = ["validate", "--lang", "en", "--project", root, "--author", author]
    args += ["--base", base] if base else []
    args += ["--format", fmt] if fmt else []
    return run_atlasgen(*args, "--changed-files", *files)


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    proc = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return proc.stdout


def commit_all(root: Path) -> str:
    """Make ``root`` a git repository with everything committed; the commit's id."""
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-gpg-sign", "-m", "base")
    return git(root, "rev-parse", "HEAD").strip()


# ------------------------------------------------------------------ the maintainers field


def test_maintainers_and_staff_must_be_github_user_names(owned: SpecialSite) -> None:
    root = owned(
        {
            ALPHA: member(
                "alpha-software",
                "maintainers:",
                "  - mustermann-it",
                '  - "@erika-beta"',
                "  - https://github.com/anna-b/",
                "  - -kaputt",
                "  - zu--viele-striche",
                "  - " + "x" * 40,
            ),
            BETA: member("beta-security", "maintainers: [Erika-Beta, erika-beta]"),
            "atlas.yaml": (SITES / "minimal/atlas.yaml").read_text("utf-8")
            + "staff: [anna_beispiel]\n",
        }
    )
    result = run_atlasgen("validate", "--lang", "en", "--project", root)
    assert result.code == 1
    format_hint = (
        "    hint: a GitHub user name has 1 to 39 letters, digits and single hyphens, "
        "not at the start or end, e.g. mustermann-it"
    )
    assert result.stderr.splitlines() == [
        "atlas.yaml:18:9: staff[0]: 'anna_beispiel' is not a GitHub user name",
        format_hint,
        f"{ALPHA}:23:5: maintainers[1]: '@erika-beta' is not a GitHub user name",
        "    hint: write only the user name, without '@' or a web address: erika-beta",
        f"{ALPHA}:24:5: maintainers[2]: 'https://github.com/anna-b/' is not a GitHub user name",
        "    hint: write only the user name, without '@' or a web address: anna-b",
        f"{ALPHA}:25:5: maintainers[3]: '-kaputt' is not a GitHub user name",
        format_hint,
        f"{ALPHA}:26:5: maintainers[4]: 'zu--viele-striche' is not a GitHub user name",
        format_hint,
        f"{ALPHA}:27:5: maintainers[5]: '{'x' * 40}' is not a GitHub user name",
        format_hint,
        f"{BETA}:13:1: maintainers: 'erika-beta' is listed twice (as 'Erika-Beta')",
        "    hint: remove the second entry; GitHub user names do not depend on upper or lower case",
        "",
        "7 problems in 3 files",
    ]


def test_the_longest_user_names_and_the_example_content_are_valid(owned: SpecialSite) -> None:
    longest = "a" + "-b" * 19  # 39 characters
    root = owned({ALPHA: member("alpha-software", f"maintainers: [{longest}, A1, x-y-z]")})
    assert run_atlasgen("validate", "--lang", "en", "--project", root).code == 0
    assert run_atlasgen("validate", "--lang", "en", "--project", REPO).code == 0


def test_new_member_template_mentions_maintainers(owned: SpecialSite) -> None:
    root = owned()
    assert run_atlasgen("new", "member", "Neu GmbH", "--project", root).code == 0
    text = (root / "content/members/neu-gmbh.md").read_text("utf-8")
    assert "\n# maintainers: [ihr-github-name]\n" in text
    (root / "content/members/neu-gmbh.md").write_text(
        text.replace("# maintainers: [ihr-github-name]", "maintainers: [neu-gmbh]"), "utf-8"
    )
    # the line is valid once uncommented (the file's other placeholders are errors until
    # the member replaces them)
    result = run_atlasgen("validate", "--project", root, "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    assert [p for p in problems if p["field"].startswith("maintainers")] == []
    assert {p["path"] for p in problems} <= {"content/members/neu-gmbh.md"}


# ------------------------------------------------------------- who may change what (no git)


def test_a_maintainer_may_change_the_file_its_english_text_and_logo(owned: SpecialSite) -> None:
    root = owned()
    result = pr(root, "mustermann-it", ALPHA, ALPHA_EN, ALPHA_LOGO)
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ok: 2 members, 4 competences in 1 category",
        "ok: @mustermann-it may make these changes",
    ]
    # GitHub user names do not depend on case; '@' in front is accepted
    assert pr(root, "@Mustermann-IT", ALPHA).code == 0


def test_another_member_may_not_change_the_file(owned: SpecialSite) -> None:
    root = owned()
    result = pr(root, "erika-beta", ALPHA, ALPHA_EN, ALPHA_LOGO, BETA)
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{ALPHA_EN}:1:1: you (@erika-beta) are not listed in 'maintainers' of {ALPHA}, "
        "so you may not change its English text",
        f"    hint: {ALPHA_HINT}",
        f"{ALPHA}:21:1: maintainers: you (@erika-beta) are not listed in 'maintainers' of "
        "this member file, so you may not change it",
        f"    hint: {ALPHA_HINT}",
        f"{ALPHA_LOGO}:1:1: you (@erika-beta) are not listed in 'maintainers' of {ALPHA}, "
        "which uses this logo, so you may not change it",
        f"    hint: {ALPHA_HINT}",
        "",
        "3 problems in 3 files",
    ]


def test_staff_may_change_everything(owned: SpecialSite) -> None:
    root = owned()
    changed = (ALPHA, BETA_LOGO, "content/competences/software.yaml", "theme/x.css", "gone.md")
    for author in ("staff-anna", "staff-ben", "@STAFF-ANNA"):
        result = pr(root, author, *changed)
        assert result.code == 0, (author, result.stderr)


def test_files_outside_member_files_need_the_staff(owned: SpecialSite) -> None:
    root = owned()
    (root / "theme").mkdir()
    (root / "theme/extra.css").write_text("body {}", "utf-8")
    result = pr(
        root,
        "mustermann-it",
        ALPHA,
        "content/competences/software.yaml",
        "./theme/extra.css",
        "src/atlasgen/gone.py",
        "content/members/README.txt",
    )
    assert result.code == 1
    change = "only the staff may change this file: it is not a member file"
    delete = "only the staff may delete this file: it is not a member file"
    hint = "    hint: ask the staff (@staff-anna, @Staff-Ben) to make or approve this change"
    assert result.stderr.splitlines() == [
        f"content/competences/software.yaml:1:1: {change}",
        hint,
        f"content/members/README.txt:1:1: {delete}",
        hint,
        f"src/atlasgen/gone.py:1:1: {delete}",
        hint,
        f"theme/extra.css:1:1: {change}",
        hint,
        "",
        "4 problems in 4 files",
    ]


def test_without_base_a_changed_atlas_yaml_cannot_make_anyone_staff(owned: SpecialSite) -> None:
    root = owned()
    result = pr(root, "staff-anna", "atlas.yaml")
    assert result.code == 1
    assert result.stderr.splitlines()[:2] == [
        "atlas.yaml:1:1: atlas.yaml is changed, so its 'staff' list cannot confirm that "
        "you (@staff-anna) are staff",
        "    hint: run the check with --base (the target branch, e.g. --base origin/main), "
        f"whose 'staff' list then decides; or {STAFF_HINT}",
    ]


def test_a_new_member_file_must_list_its_author(owned: SpecialSite) -> None:
    new = "content/members/gamma-neu.md"
    gamma = member("beta-security").replace("Beta Security e. K.", "Gamma Neu GmbH")
    root = owned({new: front(gamma, "maintainers: [gamma-neu]")})
    assert pr(root, "gamma-neu", new).code == 0

    (root / new).write_text(gamma, "utf-8")
    result = pr(root, "gamma-neu", new)
    assert result.code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{new}:1:1: you (@gamma-neu) are not listed in 'maintainers' of this member file, "
        "so you may not change it",
        "    hint: if this is a new file for your organisation, add the line "
        f"'maintainers: [gamma-neu]'; otherwise {STAFF_HINT}",
    ]


def test_without_base_only_the_staff_may_delete_member_files(owned: SpecialSite) -> None:
    root = owned({BETA: None})
    result = pr(root, "erika-beta", BETA)
    assert result.code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{BETA}:1:1: deleting a member file needs the staff's approval",
        f"    hint: {STAFF_HINT} (this check cannot see the deleted file's maintainers "
        "without --base)",
    ]
    assert pr(root, "staff-anna", BETA).code == 0


def test_a_logo_belongs_to_every_member_that_names_it(owned: SpecialSite) -> None:
    # erika points her own profile at alpha's logo and replaces the file
    root = owned({BETA: member("beta-security", "maintainers: [erika-beta]")})
    text = (root / BETA).read_text("utf-8").replace("beta-security.svg", "alpha-software.svg")
    (root / BETA).write_text(text, "utf-8")
    result = pr(root, "erika-beta", BETA, ALPHA_LOGO)
    assert result.code == 1
    assert result.stderr.splitlines()[0] == (
        f"{ALPHA_LOGO}:1:1: you (@erika-beta) are not listed in 'maintainers' of {ALPHA}, "
        "which uses this logo, so you may not change it"
    )
    # a logo no member names is for the staff
    orphan = "content/members/logos/herrenlos.svg"
    (root / orphan).write_text((root / BETA_LOGO).read_text("utf-8"), "utf-8")
    result = pr(root, "erika-beta", orphan)
    assert result.stderr.splitlines()[:2] == [
        f"{orphan}:1:1: no member file names this logo in 'logo', so only the staff may change it",
        "    hint: name the file in 'logo:' of your member file in the same change "
        "(e.g. logo: herrenlos.svg), or " + STAFF_HINT,
    ]


def test_changed_files_from_standard_input_and_a_file(owned: SpecialSite, tmp_path: Path) -> None:
    root = owned()
    listing = f"{ALPHA}\n\n./{ALPHA_EN}\n{ALPHA_LOGO}\n{BETA}\n"
    command = [sys.executable, "-m", "atlasgen", "validate", "--lang", "en", "--project", str(root)]
    proc = subprocess.run(
        [*command, "--author", "mustermann-it", "--changed-files-from", "-"],
        input=listing,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert [line for line in proc.stderr.splitlines() if not line.startswith(" ")] == [
        f"{BETA}:13:1: maintainers: you (@mustermann-it) are not listed in 'maintainers' of "
        "this member file, so you may not change it",
        "",
        "1 problem in 1 file",
    ]
    list_file = tmp_path / "changed.txt"
    list_file.write_text(listing.replace(f"{BETA}\n", ""), "utf-8")
    result = run_atlasgen(
        "validate", "--project", root, "--author", "mustermann-it",
        "--changed-files-from", list_file,
    )  # fmt: skip
    assert result.code == 0, result.stderr


def test_github_and_json_formats(owned: SpecialSite) -> None:
    root = owned()
    github = pr(root, "erika-beta", ALPHA, fmt="github")
    assert github.code == 1
    assert github.stdout.splitlines() == [
        f"::error file={ALPHA},line=21,col=1,title=maintainers::maintainers: you (@erika-beta) "
        "are not listed in 'maintainers' of this member file, so you may not change it"
        f"%0AHint: {ALPHA_HINT}",
        "1 problem in 1 file",
    ]
    data = json.loads(pr(root, "erika-beta", ALPHA, fmt="json").stdout)
    assert data["errors"] == 1
    assert data["problems"] == [
        {
            "path": ALPHA,
            "line": 21,
            "column": 1,
            "field": "maintainers",
            "message": "you (@erika-beta) are not listed in 'maintainers' of this member file, "
            "so you may not change it",
            "hint": ALPHA_HINT,
            "severity": "error",
        }
    ]


def test_content_problems_and_ownership_problems_come_together(owned: SpecialSite) -> None:
    text = member("alpha-software", "maintainers: [mustermann-it]").replace(
        "info@alpha.example.com", "info(at)alpha.example.com"
    )
    root = owned({ALPHA: text})
    result = pr(root, "erika-beta", ALPHA)
    assert result.code == 1
    assert [line for line in result.stderr.splitlines() if not line.startswith(" ")] == [
        f"{ALPHA}:7:8: email: 'info(at)alpha.example.com' is not an e-mail address",
        f"{ALPHA}:21:1: maintainers: you (@erika-beta) are not listed in 'maintainers' of "
        "this member file, so you may not change it",
        "",
        "2 problems in 1 file",
    ]


def test_usage_errors_exit_2(owned: SpecialSite) -> None:
    root = owned()
    only_author = run_atlasgen(
        "validate", "--lang", "en", "--project", root, "--author", "erika-beta"
    )
    assert only_author.code == 2
    assert "--author and --changed-files (or --changed-files-from) go together" in (
        only_author.stderr
    )
    only_files = run_atlasgen(
        "validate", "--lang", "en", "--project", root, "--changed-files", ALPHA
    )
    assert only_files.code == 2
    bad_author = pr(root, "erika beta", ALPHA)
    assert bad_author.code == 2
    assert "--author: 'erika beta' is not a GitHub user name" in bad_author.stderr
    no_repo = pr(root, "erika-beta", ALPHA, base="main")
    assert no_repo.code == 2 and "--base: 'main' is not a commit" in no_repo.stderr
    # the pull-request options belong to validate only
    assert (
        run_atlasgen("build", "--lang", "en", "--project", root, "--author", "erika-beta").code == 2
    )


# ------------------------------------------------------------------ --base, in a git repository


def test_with_base_the_target_branchs_maintainers_decide(owned: SpecialSite) -> None:
    root = owned()
    base = commit_all(root)
    # erika adds herself to alpha's maintainers and changes the file
    text = (root / ALPHA).read_text("utf-8")
    (root / ALPHA).write_text(text.replace("[mustermann-it]", "[mustermann-it, erika-beta]"))
    result = pr(root, "erika-beta", ALPHA, base=base)
    assert result.code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{ALPHA}:21:1: maintainers: you (@erika-beta) are not listed in 'maintainers' of "
        "this member file, so you may not change it",
        f"    hint: {ALPHA_ASK}; adding yourself to 'maintainers' counts only after the "
        "staff approved it",
    ]
    # without --base the changed file decides (which is why workflows pass --base)
    assert pr(root, "erika-beta", ALPHA).code == 0
    # a maintainer on the target branch may remove themselves
    (root / ALPHA).write_text(text.replace("[mustermann-it]", "[someone-else]"))
    assert pr(root, "mustermann-it", ALPHA, base="main").code == 0


def test_with_base_the_target_branchs_staff_decide(owned: SpecialSite) -> None:
    root = owned()
    base = commit_all(root)
    config = root / "atlas.yaml"
    config.write_text(config.read_text("utf-8").replace("Staff-Ben]", "Staff-Ben, erika-beta]"))
    result = pr(root, "erika-beta", "atlas.yaml", ALPHA, base=base)
    assert result.code == 1
    assert "2 problems in 2 files" in result.stderr
    assert pr(root, "staff-ben", "atlas.yaml", ALPHA, base=base).code == 0


def test_with_base_a_new_member_file_must_list_its_author(owned: SpecialSite) -> None:
    root = owned()
    base = commit_all(root)
    new = "content/members/gamma-neu.md"
    gamma = member("beta-security").replace("Beta Security e. K.", "Gamma Neu GmbH")
    (root / new).write_text(front(gamma, "maintainers: [jemand-anderes]"), "utf-8")
    result = pr(root, "gamma-neu", new, base=base)
    assert result.code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{new}:13:1: maintainers: a new member file must list you (@gamma-neu) in 'maintainers'",
        f"    hint: add gamma-neu to the list in 'maintainers', or {STAFF_HINT}",
    ]
    (root / new).write_text(front(gamma, "maintainers: [jemand-anderes, gamma-neu]"), "utf-8")
    assert pr(root, "gamma-neu", new, base=base).code == 0


def test_with_base_a_maintainer_of_the_old_version_may_delete(owned: SpecialSite) -> None:
    root = owned()
    base = commit_all(root)
    git(root, "rm", "-q", BETA, BETA_LOGO)
    assert pr(root, "erika-beta", BETA, BETA_LOGO, base=base).code == 0
    assert pr(root, "staff-anna", BETA, BETA_LOGO, base=base).code == 0
    result = pr(root, "mustermann-it", BETA, BETA_LOGO, base=base)
    assert result.code == 1
    hint = (
        "    hint: ask its maintainer (@erika-beta) to make this change, "
        "or the staff (@staff-anna, @Staff-Ben) to review this pull request" + JOIN
    )
    assert result.stderr.splitlines() == [
        f"{BETA}:1:1: you (@mustermann-it) are not listed in 'maintainers' of this member "
        "file, so you may not delete it",
        hint,
        f"{BETA_LOGO}:1:1: you (@mustermann-it) are not listed in 'maintainers' of {BETA}, "
        "which uses this logo, so you may not delete it",
        hint,
        "",
        "2 problems in 2 files",
    ]


# ------------------------------------------------------------------------------ CODEOWNERS

EXPECTED_CODEOWNERS = """\
# Generated by 'atlasgen codeowners' from 'maintainers' in content/members/*.md and
# 'staff' in atlas.yaml. Do not edit this file: change those fields, then run
# 'atlasgen codeowners' ('atlasgen codeowners --check' tells whether it is current).
#
# GitHub takes the last line that matches a file, so the staff's line for all files
# comes first. A member file, its English text and its logo belong to the member's
# maintainers and the staff; member files without maintainers belong to the staff.

* @staff-anna @Staff-Ben

/content/members/alpha-software.md @mustermann-it @anna-b @STAFF-BEN @staff-anna
/content/members/alpha-software.en.md @mustermann-it @anna-b @STAFF-BEN @staff-anna
/content/members/logos/alpha-software.svg @mustermann-it @anna-b @STAFF-BEN @staff-anna
/content/members/beta-security.md @erika-beta @staff-anna @Staff-Ben
/content/members/logos/beta-security.svg @erika-beta @gamma-dev @staff-anna @Staff-Ben
/content/members/gamma.md @gamma-dev @staff-anna @Staff-Ben
"""


def codeowners_site(owned: SpecialSite) -> Path:
    """alpha with an English text and a staff member among its maintainers; gamma shares
    beta's logo; delta has no maintainers."""
    beta = member("beta-security")
    return owned(
        {
            ALPHA: member("alpha-software", "maintainers: [mustermann-it, anna-b, STAFF-BEN]"),
            "content/members/gamma.md": front(
                beta.replace("Beta Security e. K.", "Gamma GmbH"), "maintainers: [gamma-dev]"
            ),
            "content/members/delta.md": beta.replace("Beta Security e. K.", "Delta GmbH"),
        }
    )


def test_codeowners_lists_the_staff_first_then_each_maintained_file(owned: SpecialSite) -> None:
    root = codeowners_site(owned)
    assert run_atlasgen("codeowners", "--lang", "en", "--check", "--project", root).code == 1
    result = run_atlasgen("codeowners", "--lang", "en", "--project", root)
    assert result.code == 0, result.stderr
    assert result.stdout == f"wrote {CODEOWNERS_FILE}\n"
    assert (root / CODEOWNERS_FILE).read_text("utf-8") == EXPECTED_CODEOWNERS
    assert render_codeowners(root) == (EXPECTED_CODEOWNERS, [])  # deterministic


def test_codeowners_check_fails_when_the_file_is_stale_or_missing(owned: SpecialSite) -> None:
    root = codeowners_site(owned)
    assert run_atlasgen("codeowners", "--lang", "en", "--project", root).code == 0
    current = run_atlasgen("codeowners", "--lang", "en", "--check", "--project", root)
    assert (current.code, current.stdout, current.stderr) == (0, "", "")

    delta = root / "content/members/delta.md"
    delta.write_text(front(delta.read_text("utf-8"), "maintainers: [delta-it]"), "utf-8")
    stale = run_atlasgen("codeowners", "--lang", "en", "--check", "--project", root)
    assert stale.code == 1
    assert stale.stderr == ".github/CODEOWNERS is out of date; run 'atlasgen codeowners'\n"
    (root / CODEOWNERS_FILE).unlink()
    missing = run_atlasgen("codeowners", "--lang", "en", "--check", "--project", root)
    assert missing.code == 1
    assert missing.stderr == ".github/CODEOWNERS is missing; run 'atlasgen codeowners'\n"


def test_codeowners_without_staff_and_with_unreadable_owners(owned: SpecialSite) -> None:
    root = owned({"atlas.yaml": (SITES / "minimal/atlas.yaml").read_text("utf-8")})
    text, problems = render_codeowners(root)
    assert problems == [] and text is not None
    assert text.splitlines()[8:] == [
        "# No 'staff' in atlas.yaml: files outside content/members/ have no owners.",
        "",
        f"/{ALPHA} @mustermann-it",
        f"/{ALPHA_EN} @mustermann-it",
        f"/{ALPHA_LOGO} @mustermann-it",
        f"/{BETA} @erika-beta",
        f"/{BETA_LOGO} @erika-beta",
    ]
    # a file whose owners cannot be read stops the command: no owner is dropped silently
    (root / BETA).write_text(member("beta-security", "maintainers: [erika beta]"), "utf-8")
    result = run_atlasgen("codeowners", "--lang", "en", "--project", root)
    assert result.code == 1
    assert result.stderr.splitlines()[0] == (
        f"{BETA}:13:15: maintainers[0]: 'erika beta' is not a GitHub user name"
    )
    assert result.stderr.endswith("\natlasgen codeowners: fix the problems above first\n")
    assert not (root / CODEOWNERS_FILE).exists()


def test_a_member_may_commit_the_regenerated_codeowners(owned: SpecialSite) -> None:
    root = owned()
    assert run_atlasgen("codeowners", "--lang", "en", "--project", root).code == 0
    base = commit_all(root)
    alpha = root / ALPHA
    alpha.write_text(alpha.read_text("utf-8").replace("[mustermann-it]", "[mustermann-it, a-b]"))
    assert run_atlasgen("codeowners", "--lang", "en", "--project", root).code == 0
    assert pr(root, "mustermann-it", ALPHA, CODEOWNERS_FILE, base=base).code == 0
    # by hand, it is for the staff
    with (root / CODEOWNERS_FILE).open("a", encoding="utf-8") as fh:
        fh.write("/content/members/beta-security.md @mustermann-it\n")
    result = pr(root, "mustermann-it", ALPHA, CODEOWNERS_FILE, base=base)
    assert result.code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{CODEOWNERS_FILE}:1:1: {CODEOWNERS_FILE} is generated: only the staff may change "
        "it by hand",
        "    hint: leave it out of your change, or run 'atlasgen codeowners' to regenerate it; "
        "ask the staff (@staff-anna, @Staff-Ben) to make or approve other changes",
    ]


def test_the_committed_codeowners_is_current() -> None:
    text, problems = render_codeowners(REPO)
    assert problems == []
    committed = (REPO / CODEOWNERS_FILE).read_text("utf-8")
    assert committed == text, "run 'atlasgen codeowners' and commit .github/CODEOWNERS"
    assert committed.splitlines()[8].startswith("* @")
    assert sum(1 for line in committed.splitlines() if line.startswith("/content/")) >= 5


# ------------------------------------------------------------------------- never published


def test_maintainers_and_staff_never_reach_the_built_site(
    owned: SpecialSite, tmp_path: Path
) -> None:
    secret_maintainer, secret_staff = "geheim-pflege-q7x", "geheim-stab-k3z"
    root = owned(
        {
            ALPHA: member("alpha-software", f"maintainers: [{secret_maintainer}]"),
            BETA: member("beta-security", f"maintainers: [{secret_maintainer}-b]").replace(
                "listed: false", "listed: true"
            ),
            "atlas.yaml": (SITES / "minimal/atlas.yaml").read_text("utf-8")
            + f"staff: [{secret_staff}]\n",
        }
    )
    out = tmp_path / "out"
    result = run_atlasgen(
        "build", "--lang", "en", "--project", root, "--out", out, "--date", "2026-03-01"
    )
    assert result.code == 0, result.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".html", ".json", ".csv", ".xml"} <= kinds
    assert any("search" in p.as_posix() for p in files)
    assert any(b"alpha-software" in p.read_bytes() for p in files)  # the members are there
    for path in files:
        data = path.read_bytes().lower()
        for secret in (secret_maintainer, secret_staff):
            assert secret.encode() not in data, (path.relative_to(out), secret)


# ------------------------------------------------------------------ in German (issue 17)


@pytest.fixture
def german() -> Iterator[None]:
    """The tools speak German for one test."""
    i18n.use("de")
    try:
        yield
    finally:
        i18n.use("en")


GERMAN_STAFF = "die Geschäftsstelle (@staff-anna, @Staff-Ben)"
GERMAN_JOIN = (
    " (wenn Sie für dieses Mitglied arbeiten, kann die Geschäftsstelle Sie in 'maintainers' "
    "eintragen)"
)


def test_refusals_in_german_say_who_may_change_the_file(owned: SpecialSite, german: None) -> None:
    root = owned({ALPHA: member("alpha-software", "maintainers: [mustermann-it, anna-b]")})
    (root / "theme").mkdir()
    (root / "theme/extra.css").write_text("body {}", "utf-8")
    changed = [ALPHA, ALPHA_EN, "theme/extra.css", "src/atlasgen/gone.py"]
    problems = check_changes(root, "erika-beta", changed)
    alpha_hint = (
        "Bitten Sie eine der Personen, die das Profil pflegen (@mustermann-it, @anna-b), die "
        f"Änderung vorzunehmen, oder {GERMAN_STAFF}, diesen Pull-Request zu prüfen" + GERMAN_JOIN
    )
    staff_hint = f"Bitten Sie {GERMAN_STAFF}, diese Änderung vorzunehmen oder freizugeben"
    assert [(p.path, p.field, p.message, p.hint) for p in problems] == [
        (
            ALPHA_EN,
            "",
            f"Sie (@erika-beta) stehen nicht in 'maintainers' von {ALPHA}, daher dürfen Sie den "
            "englischen Text nicht ändern",
            alpha_hint,
        ),
        (
            ALPHA,
            "maintainers",
            "Sie (@erika-beta) stehen nicht in 'maintainers' dieser Mitgliedsdatei, daher "
            "dürfen Sie sie nicht ändern",
            alpha_hint,
        ),
        (
            "src/atlasgen/gone.py",
            "",
            "nur die Geschäftsstelle darf diese Datei löschen: sie ist keine Mitgliedsdatei",
            staff_hint,
        ),
        (
            "theme/extra.css",
            "",
            "nur die Geschäftsstelle darf diese Datei ändern: sie ist keine Mitgliedsdatei",
            staff_hint,
        ),
    ]
    # one maintainer; a logo no member names
    orphan = "content/members/logos/herrenlos.svg"
    (root / orphan).write_text((root / BETA_LOGO).read_text("utf-8"), "utf-8")
    problems = check_changes(root, "mustermann-it", [BETA, orphan])
    assert [(p.message, p.hint) for p in problems] == [
        (
            "Sie (@mustermann-it) stehen nicht in 'maintainers' dieser Mitgliedsdatei, daher "
            "dürfen Sie sie nicht ändern",
            "Bitten Sie die Person, die das Profil pflegt (@erika-beta), die Änderung "
            f"vorzunehmen, oder {GERMAN_STAFF}, diesen Pull-Request zu prüfen" + GERMAN_JOIN,
        ),
        (
            "keine Mitgliedsdatei nennt dieses Logo in 'logo', daher darf nur die "
            "Geschäftsstelle es ändern",
            "Nennen Sie die Datei in derselben Änderung unter 'logo:' in Ihrer Mitgliedsdatei "
            f"(z. B. logo: herrenlos.svg), oder bitten Sie {GERMAN_STAFF}, diesen Pull-Request "
            "zu prüfen",
        ),
    ]


def test_usage_errors_in_german(owned: SpecialSite, german: None) -> None:
    with pytest.raises(OwnershipUsageError) as bad_author:
        normalize_login("erika beta")
    assert str(bad_author.value) == (
        "--author: 'erika beta' ist kein GitHub-Benutzername: Geben Sie den Benutzernamen der "
        "Person an, die den Pull-Request gestellt hat, z. B. --author mustermann-it"
    )
    root = owned()
    with pytest.raises(OwnershipUsageError) as bad_base:
        check_changes(root, "erika-beta", [ALPHA], base="-x")
    assert str(bad_base.value) == (
        "--base: '-x' ist keine Git-Revision: Geben Sie den Ziel-Branch oder einen Commit an, "
        "z. B. --base origin/main"
    )


def test_a_german_project_refuses_in_german_by_default(owned: SpecialSite) -> None:
    root = owned()  # languages: de first
    result = run_atlasgen(
        "validate", "--project", root, "--author", "erika-beta", "--changed-files", ALPHA
    )
    assert result.code == 1
    assert (
        f"{ALPHA}:21:1: maintainers: Sie (@erika-beta) stehen nicht in 'maintainers' dieser "
        "Mitgliedsdatei, daher dürfen Sie sie nicht ändern\n"
        "    Tipp: Bitten Sie die Person, die das Profil pflegt (@mustermann-it), die Änderung "
        f"vorzunehmen, oder {GERMAN_STAFF}, diesen Pull-Request zu prüfen{GERMAN_JOIN}\n"
    ) in result.stderr
