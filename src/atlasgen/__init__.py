"""atlasgen: the static site generator of a regional IT network's competence atlas."""

from __future__ import annotations

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
