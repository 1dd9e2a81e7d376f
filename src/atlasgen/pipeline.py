"""The stages in order: read → validate → link (→ plan → render → write, to come).

``validate_project`` is what ``atlasgen validate`` runs and what every later
stage starts from.
"""

from __future__ import annotations

from pathlib import Path

from .model import Atlas, build_atlas
from .problems import Problem, Severity
from .project import load_sources

__all__ = ["validate_project"]


def _first_per_field(problems: list[Problem]) -> list[Problem]:
    """One problem per file and field: the first stage that found it explains it best
    (``'7407' does not have the expected format`` rather than also ``unknown postal code``)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for p in problems:
        if p.field:
            if (p.path, p.field) in seen:
                continue
            seen.add((p.path, p.field))
        kept.append(p)
    return kept


def validate_project(root: Path, *, strict: bool = False) -> tuple[Atlas | None, list[Problem]]:
    """Read and link every file of the project at ``root``.

    Returns the atlas (``None`` when there is any error) and all problems, sorted.
    With ``strict`` every warning counts as an error.
    """
    sources, problems = load_sources(root)
    atlas, more = build_atlas(sources)
    problems = sorted(_first_per_field(problems + more))
    if strict:
        problems = [p.as_error() for p in problems]
    if any(p.severity is Severity.ERROR for p in problems):
        atlas = None
    return atlas, problems
