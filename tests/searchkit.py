"""What the search tests share: member files as search documents, Node.js, and the
comparison of Python and JavaScript results (test_lunr_parity.py, test_search_index.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_text(item) for item in value)
    return str(value)


def read_members(folder: Path) -> list[dict[str, str]]:
    """The German member profiles in ``folder`` as search documents (ref = file slug)."""
    documents = []
    for path in sorted(folder.glob("*.md")):
        if path.name.count(".") > 1:  # a translation such as name.en.md
            continue
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        documents.append(
            {
                "slug": path.stem,
                "name": _text(data.get("name")),
                "tagline": _text(data.get("tagline")),
                "competences": _text(data.get("competences")),
                "city": _text((data.get("address") or {}).get("city")),
                "industries": _text(data.get("industries")),
                "certifications": _text(data.get("certifications")),
                "description": body,
            }
        )
    return documents


def find_node(what: str) -> str:
    """The ``node`` executable; without it the tests of ``what`` skip (fail on CI)."""
    path = shutil.which("node")
    if path is None:
        message = f"Node.js is not installed: the {what} cannot run"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(f"!!! {message} (they fail on CI) !!!")
    return path


def run_node_script(
    node: str, script: Path, tmp_path: Path, *args: str | Path | Sequence[str] | dict[str, Any]
) -> Any:
    """Run ``script`` and return its JSON output; strings and paths are passed as they are,
    other arguments as temporary JSON files."""
    argv: list[str] = []
    for i, arg in enumerate(args):
        if isinstance(arg, str | Path):
            argv.append(str(arg))
        else:
            path = tmp_path / f"arg{i}.json"
            data = arg if isinstance(arg, dict) else list(arg)
            path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
            argv.append(str(path))
    proc = subprocess.run([node, str(script), *argv], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def assert_same_results(
    expected: Mapping[str, Sequence[tuple[str, float]]],
    actual: Mapping[str, Sequence[Sequence[Any]]],
) -> None:
    """The same queries, the same refs in the same order, scores equal within 1e-6."""
    assert sorted(actual) == sorted(expected)
    for query, results in expected.items():
        got = actual[query]
        assert [ref for ref, _ in got] == [ref for ref, _ in results], query
        for (ref, score), (_, other) in zip(results, got, strict=True):
            assert abs(score - other) <= 1e-6, (query, ref, score, other)
