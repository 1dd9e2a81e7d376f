"""Checks of ``atlas.yaml`` against the rest of the project.

``check_config(doc, config, pages, branding_dir)`` takes the validated settings, the
slugs of the free pages and the folder of the network's own files and returns the
problems, each located in ``atlas.yaml``: unknown district keys, missing legal and about
pages, a missing or unsafe network logo. The texts come from the catalogue
(``validation.config_*``) in the language in use.
"""

from __future__ import annotations

from pathlib import Path

from ..common.i18n import t
from .load import RawDocument
from .logos import logo_problem
from .model import Collector
from .problems import Problem
from .project import BRANDING_DIR, PAGES_DIR
from .refdata import district_names
from .schema import SiteConfig
from .suggest import did_you_mean

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
            else t("validation.config_logo_missing")
        )
        if problem is not None:
            out.add(
                doc,
                ("branding", "logo"),
                t("validation.config_logo", logo=logo, problem=problem),
                t("validation.config_logo_hint", folder=BRANDING_DIR, example="netzwerk.svg"),
            )
    names = district_names()
    for i, key in enumerate(config.region.districts):
        if key not in names:
            out.add(
                doc,
                ("region", "districts", i),
                t("validation.config_unknown_district", key=key),
                did_you_mean(key, names, names=names) or _district_hint(names),
            )
    for field in ("imprint", "privacy"):
        page = getattr(config.legal, field)
        if page not in pages:
            out.add(
                doc,
                ("legal", field),
                t("validation.config_page_missing", page=page, folder=PAGES_DIR),
                t("validation.config_legal_hint", folder=PAGES_DIR, page=page),
            )
    if config.about is not None and config.about not in pages:
        out.add(
            doc,
            ("about",),
            t("validation.config_page_missing", page=config.about, folder=PAGES_DIR),
            t("validation.config_about_hint", folder=PAGES_DIR, page=config.about),
        )
    return out.problems


_DISTRICT_EXAMPLE = "08125"


def _district_hint(names: dict[str, str]) -> str:
    """``Kreisschlüssel: 5 Ziffern, z. B. 08125 (Landkreis Heilbronn)``."""
    example = _DISTRICT_EXAMPLE
    if example in names:
        example = f"{example} ({names[example]})"
    return t("fields.district_key_hint", example=example)
