"""atlasgen: the static site generator of a regional IT network's competence atlas.

The names below are imported when first used, so that commands that need little
(``atlasgen build`` with nothing to do) start fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .content.model import Atlas, Member
    from .content.problems import Problem, Severity, format_problems
    from .content.stages import Summary, load_atlas, validate_project

__all__ = [
    "Atlas",
    "Member",
    "Problem",
    "Severity",
    "Summary",
    "__version__",
    "format_problems",
    "load_atlas",
    "validate_project",
]

__version__ = "0.1.0"

_HOMES = {
    "Atlas": "content.model",
    "Member": "content.model",
    "Summary": "content.stages",
    "load_atlas": "content.stages",
    "validate_project": "content.stages",
    "Problem": "content.problems",
    "Severity": "content.problems",
    "format_problems": "content.problems",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
