"""Fixtures: a scratch copy of a test site, and running the CLI as a user would."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import (  # noqa: F401 (fixtures, for the browser tests)
    base_url,
    browser,
    checked_site,
    open_page,
    page,
    site_dir,
)

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="rewrite tests/sites/*/expected.txt from the current output (review the diff!)",
    )
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/small from the current build (review the diff!)",
    )
    parser.addoption(
        "--layout-project",
        metavar="DIR",
        default=None,
        help="test_layout_browser.py and test_accessibility.py: build and check the project "
        "in DIR (e.g. "
        "--layout-project=bench/corpus-1000) instead of the repository's example, one page "
        "per kind",
    )


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def file_tree(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (relative path) → the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_atlasgen(*args: str | Path, cwd: Path | None = None) -> Result:
    """Run ``python -m atlasgen`` in a subprocess, exactly as a user would."""
    proc = subprocess.run(
        [sys.executable, "-m", "atlasgen", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., Path]:
    """Copy a site from tests/sites/ into a scratch folder, then add or replace files.

    ``site("minimal", {"content/members/x.md": "..."})``; a value of ``None``
    deletes the file, ``bytes`` are written as they are.
    """

    def make(name: str = "minimal", files: dict[str, str | bytes | None] | None = None) -> Path:
        root = tmp_path / name
        shutil.copytree(SITES / name, root, symlinks=True)
        for rel, content in (files or {}).items():
            path = root / rel
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make
