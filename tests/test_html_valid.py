"""Every generated HTML page passes the Nu Html Checker (vnu) with zero errors.

vnu comes from the npm registry (package.json; ``make test`` runs ``npm ci``) and needs a
Java runtime (.ci/run installs it). Without them the tests are skipped locally and fail
in CI (``CI=true``). Warnings are not checked, only errors.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from conftest import REPO

from atlasgen.build import build_site

DAY = date(2026, 6, 1)
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _java() -> str:
    """The java executable and the vnu jar are there, else skip (locally) or fail (CI)."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("java – install it (Debian: apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing.append(f"{VNU_JAR.relative_to(REPO)} – run 'make test' which installs it")
    if missing:
        reason = "HTML validation NOT RUN, missing: " + "; ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (.ci/run installs both)", pytrace=False)
        pytest.skip(reason)
    assert java is not None
    return java


def _vnu(files: Sequence[Path]) -> list[dict[str, Any]]:
    """Run vnu once over ``files``; return its error messages (warnings are not asked for)."""
    java = _java()
    proc = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            "--stdout",  # the JSON report goes to stderr unless told otherwise
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"vnu gave no JSON report (exit {proc.returncode}):\n"
            f"stdout: {proc.stdout[:2000]}\nstderr: {proc.stderr[:2000]}",
            pytrace=False,
        )
    messages: list[dict[str, Any]] = report["messages"]
    # "non-document-error": vnu could not read or parse a file at all.
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def _describe(errors: list[dict[str, Any]], root: Path) -> str:
    lines = []
    for m in errors:
        path = unquote(str(m.get("url", "?"))).removeprefix("file:")
        path = path.removeprefix(f"{root.as_posix()}/")
        line = m.get("lastLine", m.get("firstLine", "?"))
        lines.append(f"{path}:{line}: {m.get('message')}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html-valid") / "site"
    result, problems = build_site(REPO, out, today=DAY)
    assert result is not None, problems
    return out


def test_every_generated_page_is_valid_html(example_site: Path) -> None:
    pages = sorted(example_site.rglob("*.html"))
    assert len(pages) > 100, f"only {len(pages)} pages built"
    start = time.monotonic()
    errors = _vnu(pages)
    seconds = time.monotonic() - start
    print(f"vnu checked {len(pages)} pages in {seconds:.1f} s")
    assert not errors, f"{len(errors)} vnu error(s):\n" + _describe(errors, example_site)


def test_the_gate_bites(tmp_path: Path) -> None:
    """A deliberately invalid page must be reported, or the check above proves nothing."""
    bad = tmp_path / "invalid.html"
    bad.write_text(
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>x</title></head>\n"
        "<body><p><span><div>block in inline</div></span></p>\n"
        "<i id='twice'>a</i><i id='twice'>b</i></body></html>\n",
        encoding="utf-8",
    )
    errors = _vnu([bad])
    text = _describe(errors, tmp_path)
    assert errors, "vnu reported no error for an invalid page"
    assert "invalid.html:3:" in text
    assert "Duplicate ID" in text, text
