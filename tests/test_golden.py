"""Golden site: building tests/sites/small gives exactly tests/golden/small.

Regenerate with ``pytest tests/test_golden.py --update-golden`` and review the diff in
the pull request: every change of the output is visible there.
"""

from __future__ import annotations

import difflib
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import SITES

from atlasgen.build import build_site

GOLDEN = Path(__file__).parent / "golden" / "small"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_small_site_matches_the_golden_tree(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    result, problems = build_site(SITES / "small", tmp_path / "out", today=date(2026, 6, 1))
    assert result is not None, problems
    built = _files(tmp_path / "out")
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(tmp_path / "out", GOLDEN)
    golden = _files(GOLDEN)
    assert sorted(built) == sorted(golden), "files added or removed: run --update-golden"
    for name, content in built.items():
        if content != golden[name]:
            diff = difflib.unified_diff(
                golden[name].decode("utf-8", "replace").splitlines(),
                content.decode("utf-8", "replace").splitlines(),
                f"golden/{name}",
                f"built/{name}",
                lineterm="",
                n=2,
            )
            pytest.fail(f"{name} differs from the golden file:\n" + "\n".join(list(diff)[:60]))
