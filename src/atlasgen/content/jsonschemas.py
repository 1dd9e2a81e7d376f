"""JSON Schemas of the content files, generated from the pydantic models.

Editors use them (``# yaml-language-server: $schema=…`` lines, ``yaml.schemas``) to
complete and check fields while a member types. ``atlasgen schema`` writes them to
``schema/``; ``atlasgen schema --check`` fails when the committed ones are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .internal_schema import InternalFile
from .schema import (
    CategoryFile,
    MemberFile,
    MemberTranslation,
    PageFile,
    SiteConfig,
)

__all__ = ["SCHEMAS", "SCHEMA_DIR", "render_schemas", "stale_schemas", "write_schemas"]

SCHEMA_DIR = "schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "member.schema.json": MemberFile,
    "member-translation.schema.json": MemberTranslation,
    "competences.schema.json": CategoryFile,
    "atlas.schema.json": SiteConfig,
    "page.schema.json": PageFile,
    "internal.schema.json": InternalFile,
}


def _schema(name: str, model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, **schema}


def render_schemas() -> dict[str, str]:
    """File name → JSON text, deterministic."""
    return {
        name: json.dumps(_schema(name, model), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        for name, model in SCHEMAS.items()
    }


def write_schemas(root: Path) -> list[Path]:
    folder = root / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(root: Path) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    stale = []
    for name, text in render_schemas().items():
        path = root / SCHEMA_DIR / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
