"""atlasgen: the static site generator of a regional IT network's competence atlas.

The names below are imported when first used, so that commands that need little
(``atlasgen build`` with nothing to do) start fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Atlas, Member
    from .pipeline import Summary, load_atlas, validate_project
    from .problems import AtlasError, Problem, Severity, format_problems

__all__ = [
    "Atlas",
    "AtlasError",
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
    "Atlas": "model",
    "Member": "model",
    "Summary": "pipeline",
    "load_atlas": "pipeline",
    "validate_project": "pipeline",
    "AtlasError": "problems",
    "Problem": "problems",
    "Severity": "problems",
    "format_problems": "problems",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
