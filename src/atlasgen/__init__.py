"""atlasgen: the static site generator of a regional IT network's competence atlas."""

from __future__ import annotations

from .model import Atlas, Member, build_atlas
from .pipeline import validate_project
from .problems import AtlasError, Problem, Severity, format_problems

__all__ = [
    "Atlas",
    "AtlasError",
    "Member",
    "Problem",
    "Severity",
    "__version__",
    "build_atlas",
    "format_problems",
    "validate_project",
]

__version__ = "0.1.0"
