"""The bundled example content: valid, realistic, and covering what the site will show."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import REPO, run_atlasgen

from atlasgen import Atlas, Severity, load_atlas

EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    result, problems = load_atlas(REPO)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert errors == []
    assert result is not None
    return result


def test_validate_passes_on_the_example_content() -> None:
    result = run_atlasgen("validate", "--project", REPO)
    assert result.code == 0, result.stderr
    assert "problem" not in result.stdout


def test_members_of_every_kind_and_size_in_all_five_districts(atlas: Atlas) -> None:
    assert 40 <= len(atlas.members) <= 60
    districts = Counter(m.location.district_key for m in atlas.members)
    assert set(districts) == set(atlas.config.region.districts)
    assert min(districts.values()) >= 5
    kinds = {m.data.type.value for m in atlas.members}
    assert {"company", "startup", "freelancer", "university", "research", "association"} <= kinds
    sizes = {m.data.employees for m in atlas.members if m.data.employees}
    assert len(sizes) >= 4


def test_example_content_uses_much_of_the_taxonomy(atlas: Atlas) -> None:
    used = {c for m in atlas.members for c in m.data.competences}
    assert len(used) >= len(atlas.competences) * 2 // 3


def test_needs_are_answered_by_other_members_offers(atlas: Atlas) -> None:
    needs = [(m, n.competence) for m in atlas.members for n in m.data.needs]
    assert len(needs) >= 20
    for member, competence in needs:
        offers = [o for o in atlas.members if competence in o.data.competences and o is not member]
        assert offers, f"{member.slug} needs {competence}, which nobody offers"


def test_some_members_have_english_texts(atlas: Atlas) -> None:
    assert sum(1 for m in atlas.members if m.description_en) >= 5
    assert any(m.tagline_en for m in atlas.members)


def test_web_and_mail_addresses_use_reserved_example_domains(atlas: Atlas) -> None:
    for m in atlas.members:
        urls = [m.data.website, *(c.email for c in m.data.contacts), m.data.email]
        for value in filter(None, urls):
            host = value.split("@")[-1] if "@" in value else value.split("/")[2]
            assert host.endswith(EXAMPLE_DOMAINS), (m.slug, value)
