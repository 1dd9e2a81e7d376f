"""An office adopts internal data member by member (docs/member-management.md, "The first
day of an office"): a missing consent is an error only for members with an internal file,
or for every member with ``consents_required: all``; ``docs/examples/internal/`` is valid
in a copy of the example project and nothing of it is published."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import REPO, file_tree, run_atlasgen

from atlasgen import Atlas, Severity, load_atlas

EXAMPLES = REPO / "docs/examples/internal"
DAY = "2026-06-01"


@pytest.fixture(scope="module")
def example() -> Atlas:
    atlas, problems = load_atlas(REPO)
    assert atlas is not None, [p for p in problems if p.severity is Severity.ERROR]
    return atlas


def published_contacts(atlas: Atlas) -> dict[str, list[str]]:
    """Member slug → the names of its published contact persons."""
    return {
        m.slug: [c.name for c in m.data.contacts]
        for m in atlas.members
        if m.data.listed and m.data.contacts
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository's example project, without internal data."""
    root = tmp_path / "atlas"
    root.mkdir()
    shutil.copy(REPO / "atlas.yaml", root)
    for folder in ("content", "theme", "schema"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def add_internal(root: Path, *names: str) -> None:
    (root / "internal").mkdir(exist_ok=True)
    for name in names:
        shutil.copy(EXAMPLES / name, root / "internal" / name)


def validate(root: Path) -> tuple[int, list[str]]:
    result = run_atlasgen("validate", "--warnings", "--lang", "en", "--project", root)
    return result.code, (result.stderr + result.stdout).splitlines()


def build(root: Path, out: str = "_site") -> int:
    return run_atlasgen("build", "--project", root, "--out", root / out, "--date", DAY).code


def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if re.match(r"\S+:\d+:\d+: (?!warning:)", line)]


def test_one_internal_file_never_makes_other_members_fail(project: Path, example: Atlas) -> None:
    contacts = published_contacts(example)
    add_internal(project, "greifwerk-robotics.yaml")
    code, lines = validate(project)
    assert code == 0 and errors(lines) == []
    others = {slug: names for slug, names in contacts.items() if slug != "greifwerk-robotics"}
    n = sum(map(len, others.values()))
    warnings = [line for line in lines if "not checked for consent yet" in line]
    assert warnings == [
        f"atlas.yaml:1:1: warning: consents_required: {n} published contact persons of "
        f"{len(others)} members not checked for consent yet: no internal file in internal/ for "
        + ", ".join(sorted(others)[:3])
        + f" and {len(others) - 3} more"
    ]
    # one summary, no contact person named: the warning is no list of personal data
    text = "\n".join(lines)
    assert not any(name in text for names in contacts.values() for name in names)
    assert build(project) == 0
    profile = project / "_site/mitglieder/greifwerk-robotics/index.html"
    assert contacts["greifwerk-robotics"][0] in profile.read_text("utf-8")


def test_a_member_with_an_internal_file_is_checked(project: Path, example: Atlas) -> None:
    contacts = published_contacts(example)
    add_internal(project, "greifwerk-robotics.yaml")
    assert build(project) == 0
    before = sorted(p.relative_to(project) for p in (project / "_site").rglob("*"))
    # a second public contact person without a consent in greifwerk-robotics.yaml
    member = project / "content/members/greifwerk-robotics.md"
    text = member.read_text("utf-8")
    first = f"  - name: {contacts['greifwerk-robotics'][0]}\n"
    member.write_text(text.replace(first, "  - name: Nina Neu\n" + first), "utf-8")
    code, lines = validate(project)
    line = text.splitlines().index(first.rstrip("\n")) + 1
    assert code == 1
    assert errors(lines) == [
        f"content/members/greifwerk-robotics.md:{line}:11: contacts[0].name: no recorded "
        "consent of 'Nina Neu' to be published"
    ]
    assert (
        "    hint: record it under consents in internal/greifwerk-robotics.yaml (contact, date, "
        "scope), or remove the contact person" in lines
    )
    assert build(project) == 1  # nothing written, the old site stays
    assert sorted(p.relative_to(project) for p in (project / "_site").rglob("*")) == before


def test_consents_required_all_checks_every_member(project: Path, example: Atlas) -> None:
    contacts = published_contacts(example)
    config = project / "atlas.yaml"
    config.write_text(config.read_text("utf-8") + "consents_required: all\n", "utf-8")
    # without any internal data (a public checkout) it stays one warning
    code, lines = validate(project)
    assert code == 0 and errors(lines) == []
    assert any("cannot be checked for consent: there is no internal data" in x for x in lines)
    add_internal(project, "greifwerk-robotics.yaml")
    code, lines = validate(project)
    assert code == 1
    found = errors(lines)
    others = {slug: names for slug, names in contacts.items() if slug != "greifwerk-robotics"}
    assert len(found) == sum(map(len, others.values()))
    for slug, names in others.items():
        for name in names:
            assert any(
                x.startswith(f"content/members/{slug}.md:")
                and x.endswith(
                    f"no recorded consent of '{name}' to be published: "
                    f"there is no internal/{slug}.yaml"
                )
                for x in found
            ), (slug, name)
    assert not any("not checked for consent yet" in x for x in lines)


def test_unknown_consents_required_value_is_located(project: Path) -> None:
    config = project / "atlas.yaml"
    text = config.read_text("utf-8") + "consents_required: alle\n"
    config.write_text(text, "utf-8")
    code, lines = validate(project)
    line = len(text.splitlines())
    assert code == 1
    assert any(x.startswith(f"atlas.yaml:{line}:") and "consents_required" in x for x in lines)


def test_the_examples_are_valid_and_stay_internal(project: Path, example: Atlas) -> None:
    names = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
    assert len(names) >= 2
    slugs = {m.slug for m in example.members}
    schema = json.loads((REPO / "schema/internal.schema.json").read_text("utf-8"))
    for name in names:
        text = (EXAMPLES / name).read_text("utf-8")
        assert text.startswith("# yaml-language-server: $schema=../schema/internal.schema.json")
        assert name.removesuffix(".yaml") in slugs, name
        # as an editor reads it (YAML 1.2: a date is a string)
        jsonschema.validate(yaml.load(text, Loader=yaml.BaseLoader), schema)
    assert build(project, "_public") == 0  # before the office's first internal file
    add_internal(project, *names)
    code, lines = validate(project)
    assert code == 0 and errors(lines) == []
    assert not any(x.startswith("internal/") for x in lines)
    assert build(project) == 0
    # every consented contact of the examples is published, no other internal value is
    contacts = published_contacts(example)
    secrets: list[str] = []
    for name in names:
        data = yaml.safe_load((EXAMPLES / name).read_text("utf-8"))
        slug = name.removesuffix(".yaml")
        for consent in data.get("consents", []):
            assert consent["contact"] in contacts[slug]
            page = project / f"_site/mitglieder/{slug}/index.html"
            assert consent["contact"] in page.read_text("utf-8")
            secrets.append(consent["scope"])
        secrets += [entry["text"] for entry in data.get("log", [])] + data.get("tags", [])
        if data.get("notes"):
            secrets.append(data["notes"])
        if data.get("billing", {}).get("email"):
            secrets.append(data["billing"]["email"])
    assert len(secrets) >= 5
    # the examples hide no one (active and prospect): the site is exactly the same
    assert file_tree(project / "_site") == file_tree(project / "_public")
    for path in (project / "_site").rglob("*"):
        if path.is_file():
            body = path.read_bytes()
            for secret in secrets:
                assert secret.encode() not in body, (path, secret)
