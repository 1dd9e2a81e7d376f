"""Checks of ``atlas.yaml`` against the rest of the project.

``check_config(doc, config, pages, branding_dir)`` takes the validated settings, the
slugs of the free pages and the folder of the network's own files and returns the
problems, each located in ``atlas.yaml``: unknown district keys, missing legal and about
pages, a missing or unsafe network logo.
"""

from __future__ import annotations

from pathlib import Path

from .load import RawDocument
from .logos import logo_problem
from .messages import did_you_mean
from .model import Collector
from .problems import Problem
from .project import BRANDING_DIR, PAGES_DIR
from .refdata import district_names
from .schema import SiteConfig

__all__ = ["check_config"]


def check_config(
    doc: RawDocument, config: SiteConfig, pages: frozenset[str], branding_dir: Path
) -> list[Problem]:
    """Region district keys, legal pages and the network's logo named in atlas.yaml
    exist (the logo in ``branding_dir``, checked like members' logos)."""
    out = Collector()
    if (logo := config.branding.logo) is not None:
        path = branding_dir / logo
        problem = (
            logo_problem(logo, path.read_bytes())
            if path.is_file() and not path.is_symlink()
            else "no such file"
        )
        if problem is not None:
            out.add(
                doc,
                ("branding", "logo"),
                f"logo file '{logo}': {problem}",
                f"put the network's logo into {BRANDING_DIR}/ (SVG, PNG, WebP or JPEG)",
            )
    names = district_names()
    for i, key in enumerate(config.region.districts):
        if key not in names:
            out.add(
                doc,
                ("region", "districts", i),
                f"unknown district key '{key}'",
                did_you_mean(key, names) or "use the five-digit Kreisschlüssel, e.g. 08121",
            )
    for field in ("imprint", "privacy"):
        page = getattr(config.legal, field)
        if page not in pages:
            out.add(
                doc,
                ("legal", field),
                f"page '{page}' not found in {PAGES_DIR}/",
                f"create {PAGES_DIR}/{page}.md "
                "(German law requires an Impressum and a privacy policy)",
            )
    if config.about is not None and config.about not in pages:
        out.add(
            doc,
            ("about",),
            f"page '{config.about}' not found in {PAGES_DIR}/",
            f"create {PAGES_DIR}/{config.about}.md or remove 'about'",
        )
    return out.problems
