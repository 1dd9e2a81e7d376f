"""Contracts between the code and what is committed beside it: schemas, docs, exports."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO
from pydantic import BaseModel

import atlasgen
import atlasgen.content.schema
from atlasgen.content.jsonschemas import SCHEMAS, render_schemas, stale_schemas
from atlasgen.content.load import load_markdown_document


def test_committed_json_schemas_match_the_models() -> None:
    assert stale_schemas(REPO) == [], "run 'atlasgen schema' and commit schema/"


def test_schemas_are_deterministic_and_valid_json_schema() -> None:
    first, second = render_schemas(), render_schemas()
    assert first == second
    for name, text in first.items():
        schema = jsonschema.Draft202012Validator.META_SCHEMA
        jsonschema.validate(__import__("json").loads(text), schema)
        assert name in SCHEMAS


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    paths = []
    for name, info in model.model_fields.items():
        is_list = typing.get_origin(info.annotation) is list or any(
            typing.get_origin(a) is list for a in typing.get_args(info.annotation)
        )
        path = f"{prefix}{name}"
        paths.append(path)
        for inner in _models_in(info.annotation):
            paths += _field_paths(inner, f"{path}[]." if is_list else f"{path}.")
    return paths


@pytest.mark.parametrize("model", sorted(set(SCHEMAS.values()), key=lambda m: m.__name__))
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    doc = (REPO / "docs/content-format.md").read_text("utf-8")
    missing = [p for p in _field_paths(model) if f"`{p}`" not in doc]
    assert missing == [], f"document these fields of {model.__name__} in docs/content-format.md"


def test_field_paths_walk_nested_models() -> None:
    paths = _field_paths(atlasgen.content.schema.MemberFile)
    assert "contacts[].email" in paths and "offers.apprenticeships.professions" in paths


def test_public_api_is_exported() -> None:
    for name in atlasgen.__all__:
        assert hasattr(atlasgen, name), name


def test_example_member_files_start_with_the_schema_line() -> None:
    files = [
        p for p in sorted((REPO / "content/members").glob("*.md")) if not p.name.endswith(".en.md")
    ]
    assert files
    for path in files:
        lines = path.read_text("utf-8").splitlines()
        assert lines[0] == "---", path.name
        assert lines[1] == "# yaml-language-server: $schema=../../schema/member.schema.json", (
            path.name
        )


def test_example_member_files_validate_against_the_json_schema() -> None:
    """What an editor checks (JSON Schema) agrees with atlasgen on the example content."""
    import json

    schema = json.loads((REPO / "schema/member.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = [
        p for p in sorted((REPO / "content/members").glob("*.md")) if not p.name.endswith(".en.md")
    ]
    assert len(files) >= 40
    for path in files:
        doc, problems = load_markdown_document(path, path.name)
        assert doc is not None and not problems
        model = atlasgen.content.schema.MemberFile.model_validate(doc.data)
        errors = list(validator.iter_errors(model.model_dump(mode="json", exclude_defaults=True)))
        assert errors == [], (path.name, errors[0].message)


def test_modeline_points_at_a_committed_schema() -> None:
    target = (REPO / "content/members" / "../../schema/member.schema.json").resolve()
    assert target.is_file()
    assert (
        Path(REPO / "content/competences/daten-ki.yaml")
        .read_text("utf-8")
        .startswith("# yaml-language-server: $schema=../../schema/competences.schema.json")
    )


def test_every_default_theme_file_ships_in_the_package() -> None:
    """An installed atlasgen (a network's own content repository) needs the default theme:
    ``theme/`` is the package ``atlasgen.default_theme``, its files package data."""
    import tomllib

    from atlasgen.site.theme import DEFAULT_THEME

    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    assert config["package-dir"]["atlasgen.default_theme"] == "theme"
    assert "atlasgen.default_theme" in config["packages"]
    patterns = config["package-data"]["atlasgen.default_theme"]
    theme = REPO / "theme"
    files = [p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.is_file()]
    data = [f for f in files if f != "__init__.py" and "__pycache__" not in f]
    shipped = {p.relative_to(theme).as_posix() for pattern in patterns for p in theme.glob(pattern)}
    assert data and sorted(set(data) - shipped) == []
    # The build finds the theme through the package, installed or editable.
    assert theme.resolve() == DEFAULT_THEME
