"""Broken content: every problem of every file, at its line and column, all at once.

Each ``tests/sites/invalid-*/`` folder is laid over a copy of ``tests/sites/minimal``;
its ``expected.txt`` is the complete output of ``atlasgen validate`` for it, in German (the
default: the site's first language), ``expected.en.txt`` with ``--lang en``.
Regenerate with ``pytest --update-expected`` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import SITES, run_atlasgen

INVALID = sorted(p.name for p in SITES.glob("invalid-*"))


def _lay_over(overlay: Path, root: Path) -> None:
    for path in sorted(overlay.rglob("*")):
        rel = path.relative_to(overlay)
        if path.is_dir() or rel.name.startswith("expected."):
            continue
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, root / rel)


def _add_generated_files(name: str, root: Path) -> None:
    """Files that should not be committed as they are: too large, or a symlink."""
    if name != "invalid-encoding":
        return
    members = root / "content/members"
    body = "Sehr lange Beschreibung. " * 45_000
    (members / "zu-gross.md").write_text(f"---\nname: Gross\n---\n{body}\n", encoding="utf-8")
    os.symlink("../../atlas.yaml", members / "verlinkt.md")


def test_there_are_invalid_sites() -> None:
    assert len(INVALID) >= 4


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", INVALID)
def test_invalid_site_reports_every_problem(
    name: str, lang: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    root = tmp_path / name
    shutil.copytree(SITES / "minimal", root)
    _lay_over(SITES / name, root)
    _add_generated_files(name, root)

    result = run_atlasgen(
        "validate", "--warnings", "--project", root, *(["--lang", "en"] if lang == "en" else [])
    )

    assert result.code == 1
    assert "Traceback" not in result.stderr
    expected_file = SITES / name / ("expected.txt" if lang == "de" else "expected.en.txt")
    if request.config.getoption("--update-expected"):
        expected_file.write_text(result.stderr, encoding="utf-8")
    assert result.stderr == expected_file.read_text(encoding="utf-8")
