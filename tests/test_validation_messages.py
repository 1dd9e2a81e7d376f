"""What ``validate`` says about a value, in German and English: what is wrong, and a hint
with the expected form and an example; did-you-mean across languages (German and English
field names, the labels of values); a misspelt required key is one problem, not two."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated

import pytest
import yaml
from conftest import REPO, SITES, run_atlasgen
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from atlasgen.common import i18n
from atlasgen.content.fields import WebUrl
from atlasgen.content.internal_schema import InternalFile
from atlasgen.content.load import RawDocument
from atlasgen.content.messages import validate_model
from atlasgen.content.problems import Problem
from atlasgen.content.schema import (
    CategoryFile,
    MemberFile,
    MemberTranslation,
    MemberType,
    PageFile,
    SiteConfig,
    SizeClass,
)
from atlasgen.content.stages import validate_project
from atlasgen.content.suggest import did_you_mean, field_name, normalise, value_label

ALPHA = (SITES / "minimal/content/members/alpha-software.md").read_text("utf-8")
BASE = ALPHA.replace("name: Alpha Software GmbH", "name: Muster Test GmbH")
"""A valid member file (another name than Alpha Software's)."""
PATH = "content/members/muster-test.md"


@pytest.fixture
def german() -> Iterator[None]:
    i18n.use("de")
    try:
        yield
    finally:
        i18n.use("en")


def member(*replacements: tuple[str, str]) -> str:
    """``BASE`` with ``(old, new)`` replaced."""
    text = BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


Check = Callable[[str], list[Problem]]


@pytest.fixture
def check(site: Callable[..., Path]) -> Check:
    """The errors ``validate`` reports about a member file ``text`` in the minimal site."""
    root = site("minimal")

    def problems(text: str) -> list[Problem]:
        (root / PATH).write_text(text, "utf-8")
        return [
            p
            for p in validate_project(root).problems
            if p.path == PATH and p.severity.value == "error"
        ]

    return problems


def only(problems: list[Problem], field: str) -> tuple[str, str]:
    found = [p for p in problems if p.field == field]
    assert len(found) == 1, problems
    return found[0].message, found[0].hint


# ------------------------------------------------------------------------------ values

SHORT_POSTAL_CODE = member(('postal_code: "74072"', 'postal_code: "7454"'))


def test_a_postal_code_of_four_digits_says_five_digits_with_an_example(
    check: Check,
) -> None:
    problems = check(SHORT_POSTAL_CODE)
    assert only(problems, "address.postal_code") == (
        "'7454' is not a postal code",
        "a postal code has 5 digits, e.g. 74072",
    )


def test_a_postal_code_of_four_digits_in_german(check: Check, german: None) -> None:
    problems = check(SHORT_POSTAL_CODE)
    assert only(problems, "address.postal_code") == (
        "'7454' ist keine Postleitzahl",
        "Postleitzahl: 5 Ziffern, z. B. 74072",
    )


BAD_EMAIL = member(("email: info@alpha.example.com", "email: info(at)alpha.example.com"))


def test_a_bad_email_address_in_both_languages(check: Check) -> None:
    assert only(check(BAD_EMAIL), "email") == (
        "'info(at)alpha.example.com' is not an e-mail address",
        "write it as name@domain.de, without 'mailto:' or spaces",
    )
    i18n.use("de")
    try:
        assert only(check(BAD_EMAIL), "email") == (
            "'info(at)alpha.example.com' ist keine E-Mail-Adresse",
            "Schreiben Sie sie als name@domain.de, ohne 'mailto:' und ohne Leerzeichen",
        )
    finally:
        i18n.use("en")


def test_a_german_date_is_shown_written_as_iso(check: Check) -> None:
    text = member(("last_verified: 2026-01-15", "last_verified: 15.01.2026"))
    assert only(check(text), "last_verified") == (
        "expected a date, not '15.01.2026'",
        "write it as 2026-01-15 (YYYY-MM-DD: year, month, day)",
    )


def test_bad_dates_in_german(check: Check, german: None) -> None:
    text = member(("last_verified: 2026-01-15", "last_verified: 15.01.2026"))
    assert only(check(text), "last_verified") == (
        "Datum erwartet, nicht '15.01.2026'",
        "Schreiben Sie 2026-01-15 (JJJJ-MM-TT: Jahr, Monat, Tag)",
    )
    text = member(("last_verified: 2026-01-15", "last_verified: 2026-02-30"))
    assert only(check(text), "last_verified") == (
        "'2026-02-30' ist kein Tag im Kalender",
        "Prüfen Sie Tag und Monat: JJJJ-MM-TT, z. B. 2026-03-31",
    )
    text = member(("last_verified: 2026-01-15", "last_verified: Januar"))
    assert only(check(text), "last_verified") == (
        "Datum erwartet, nicht 'Januar'",
        "Schreiben Sie Daten als JJJJ-MM-TT, z. B. 2026-03-31",
    )


def test_every_pattern_says_the_form_with_an_example(check: Check, german: None) -> None:
    text = member(
        ("logo: alpha-software.svg", "logo: logo.gif"),
        ("employees: 10-49", "languages: [deutsch]"),
    )
    problems = check(text)
    assert only(problems, "logo") == (
        "'logo.gif' ist kein Dateiname für ein Logo",
        "Dateiname des Logos: Kleinbuchstaben, Ziffern, '-', '_' oder '.', Endung .svg, .png, "
        ".webp oder .jpg, z. B. muster-gmbh.svg",
    )
    assert only(problems, "languages[0]") == (
        "'deutsch' ist kein Sprachcode",
        "Sprachcode: 2 Kleinbuchstaben (ISO 639-1), z. B. de für Deutsch, en für Englisch",
    )


def test_numbers_say_their_range_with_an_example(check: Check, german: None) -> None:
    problems = check(member(("founded: 1998", "founded: 98,5")))
    assert only(problems, "founded") == (
        "ganze Zahl erwartet, nicht '98,5'",
        "Gründungsjahr: eine ganze Zahl von 1500 bis 2100, z. B. 1998",
    )
    problems = check(member(("founded: 1998", "founded: 1200")))
    assert only(problems, "founded") == (
        "'1200' liegt außerhalb des erlaubten Bereichs: mindestens 1500",
        "Gründungsjahr: eine ganze Zahl von 1500 bis 2100, z. B. 1998",
    )


def test_lengths_say_the_limit_and_how_to_fix(check: Check, german: None) -> None:
    long_tagline = "Webanwendungen " * 11 + "für alle"
    text = member(("tagline: Webanwendungen für den Mittelstand", f"tagline: {long_tagline}"))
    assert only(check(text), "tagline") == (
        f"höchstens 160 Zeichen erlaubt (es sind {len(long_tagline)})",
        "Kürzen Sie den Text auf höchstens 160 Zeichen",
    )
    text = member(("competences: [webentwicklung, cloud-migration]", "competences: []"))
    assert only(check(text), "competences") == (
        "mindestens 1 Eintrag nötig (es sind 0)",
        "Ergänzen Sie mindestens 1 Eintrag, z. B. competences: [cloud-migration]",
    )


def test_a_text_for_a_list_shows_the_list_to_write(check: Check) -> None:
    text = member(("competences: [webentwicklung, cloud-migration]", "competences: isms"))
    assert only(check(text), "competences") == (
        "expected a list, not 'isms'",
        "write a list, competences: [isms], or one '- isms' per line below the key",
    )


# --------------------------------------------------------------- keys and did you mean


def test_a_german_key_suggests_the_field(check: Check) -> None:
    text = member(("founded: 1998", "gegruendet: 1998"))
    assert only(check(text), "gegruendet") == (
        "unknown field 'gegruendet'",
        "did you mean 'founded'? (year founded)",
    )


def test_german_keys_in_german(check: Check, german: None) -> None:
    text = member(
        ("founded: 1998", "Gründungsjahr: 1998"),
        ("phone:", "Telefon:"),
        ("  city: Heilbronn", "  ort: Heilbronn"),
    )
    problems = check(text)
    assert only(problems, "Gründungsjahr") == (
        "unbekanntes Feld 'Gründungsjahr'",
        "Meinten Sie 'founded'? (Gründungsjahr)",
    )
    assert only(problems, "Telefon") == (
        "unbekanntes Feld 'Telefon'",
        "Meinten Sie 'phone'? (Telefonnummer)",
    )
    message, hint = only(problems, "address.ort")
    assert (message, hint) == (
        "unbekanntes Feld 'ort'",
        "Meinten Sie 'city'? (Ort) Das ist ein Pflichtfeld: Benennen Sie 'ort' in 'city' um",
    )
    text = member(("founded: 1998", "gegruendet: 1998"))
    assert only(check(text), "gegruendet")[1] == ("Meinten Sie 'founded'? (Gründungsjahr)")


def test_a_word_only_like_a_fields_name_suggests_nothing(check: Check) -> None:
    # 'intern' (internal notes do not belong in a member file) is close to the name
    # 'Internetseite' of 'website', but not close enough to send the author there
    text = member(("founded: 1998", "intern: Rechnung offen"))
    message, hint = only(check(text), "intern")
    assert message == "unknown field 'intern'"
    assert hint.startswith("allowed here: ") and "did you mean" not in hint


def test_an_unknown_key_without_a_match_lists_the_fields_with_their_names(
    check: Check, german: None
) -> None:
    text = member(("  city: Heilbronn", "  city: Heilbronn\n  qwertz: 1"))
    assert only(check(text), "address.qwertz") == (
        "unbekanntes Feld 'qwertz'",
        "Erlaubt sind hier: street (Straße und Hausnummer), postal_code (Postleitzahl), "
        "city (Ort), district (Landkreis), coordinates (Koordinaten)",
    )


def test_a_german_label_of_a_type_suggests_its_value(check: Check) -> None:
    problems = check(member(("type: company", "type: Unternehmen")))
    assert only(problems, "type") == (
        "'Unternehmen' is not one of the allowed values",
        "did you mean 'company'? allowed: company, startup, freelancer, university, research, "
        "school, association, public-body",
    )


def test_labels_of_values_in_german(check: Check, german: None) -> None:
    problems = check(member(("type: company", "type: Unternehmen")))
    message, hint = only(problems, "type")
    assert message == "'Unternehmen' ist keiner der erlaubten Werte"
    assert hint.startswith("Meinten Sie 'company'? Erlaubt: company (Unternehmen), startup, ")
    assert "university (Hochschule)" in hint
    problems = check(member(("employees: 10-49", "employees: 10–49 Beschäftigte")))
    assert only(problems, "employees")[1].startswith("Meinten Sie '10-49'? Erlaubt: 1-9, 10-49")
    problems = check(member(("type: company", "type: Company")))
    assert only(problems, "type")[1].startswith("Meinten Sie 'company'?")


def test_every_label_the_site_shows_leads_to_its_value() -> None:
    theme = REPO / "theme/i18n"
    for lang in i18n.LANGUAGES:
        strings = yaml.safe_load((theme / f"{lang}.yaml").read_text("utf-8"))
        for kind, values in (("type", list(MemberType)), ("size", list(SizeClass))):
            for value in values:
                label = strings[f"{kind}_{value.value}"]
                others = [v.value for v in values]
                assert did_you_mean(label, others, aliases=_labels(others)) == (
                    f"did you mean '{value.value}'?"
                ), label


def _labels(values: list[str]) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    for lang in i18n.LANGUAGES:
        i18n.use(lang)
        for v in values:
            labels.setdefault(v, []).append(value_label(v))
    i18n.use("en")
    return labels


def test_a_misspelt_required_key_is_one_problem(check: Check) -> None:
    text = member(('postal_code: "74072"', 'postcode: "74072"'))
    problems = check(text)
    assert [p.field for p in problems] == ["address.postcode"]
    assert (problems[0].message, problems[0].hint) == (
        "unknown field 'postcode'",
        "did you mean 'postal_code'? It is a required field: rename 'postcode' to 'postal_code'",
    )


def test_a_misspelt_required_key_is_one_problem_in_german(check: Check, german: None) -> None:
    text = member(('postal_code: "74072"', 'PLZ: "74072"'), ("name:", "Firmenname:"))
    problems = check(text)
    assert [p.field for p in problems] == ["Firmenname", "address.PLZ"]
    assert problems[1].hint == (
        "Meinten Sie 'postal_code'? (Postleitzahl) Das ist ein Pflichtfeld: "
        "Benennen Sie 'PLZ' in 'postal_code' um"
    )


def test_a_missing_field_says_what_to_write(check: Check, german: None) -> None:
    text = member(
        ("name: Muster Test GmbH\n", ""),
        ("type: company\n", ""),
        ('  postal_code: "74072"\n', ""),
    )
    problems = check(text)
    assert only(problems, "name") == (
        "Pflichtfeld fehlt",
        "Ergänzen Sie das Feld, z. B. name: Muster Software GmbH",
    )
    message, hint = only(problems, "type")
    assert message == "Pflichtfeld fehlt: Art der Organisation"
    assert hint.startswith("Ergänzen Sie das Feld, z. B. type: company; erlaubt: company ")
    assert only(problems, "address.postal_code") == (
        "Pflichtfeld fehlt: Postleitzahl",
        "Postleitzahl: 5 Ziffern, z. B. postal_code: 74072",
    )


def test_a_missing_block_names_its_fields(check: Check) -> None:
    text = member(
        ('address:\n  street: Bahnhofstraße 1\n  postal_code: "74072"\n  city: Heilbronn\n', "")
    )
    assert only(check(text), "address") == (
        "required field is missing",
        "add 'address:' with these fields below it, indented by two spaces: "
        "street (street and number), postal_code, city (town or city)",
    )


def test_atlas_yaml_in_german(site: Callable[..., Path], german: None) -> None:
    root = site("minimal")
    config = root / "atlas.yaml"
    text = config.read_text("utf-8").replace('"08128"]', '"08128", "08999", "8125"]')
    config.write_text(text.replace("imprint: impressum", "imprint: Impressum"), "utf-8")
    problems = {p.field: p for p in validate_project(root).problems if p.path == "atlas.yaml"}
    assert problems["legal.imprint"].message == "'Impressum' ist keine gültige Kennung"
    assert problems["legal.imprint"].hint == (
        "Kennung: 2 bis 64 Kleinbuchstaben a–z, Ziffern und Bindestriche, z. B. impressum"
    )
    assert problems["region.districts[6]"].message == "'8125' ist kein Kreisschlüssel"
    assert problems["region.districts[6]"].hint == "Kreisschlüssel: 5 Ziffern, z. B. 08121"


# ---------------------------------------------------------------- names, did_you_mean


def _models(model: type[BaseModel]) -> Iterator[tuple[type[BaseModel], str, typing.Any]]:
    for key, info in model.model_fields.items():
        yield model, key, info.annotation
        stack = [info.annotation]
        while stack:
            ann = stack.pop()
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                yield from _models(ann)
            else:
                stack += list(typing.get_args(ann))


ROOTS = (MemberFile, MemberTranslation, PageFile, CategoryFile, SiteConfig, InternalFile)


def test_every_field_has_a_name_in_both_languages() -> None:
    keys = {key for root in ROOTS for _, key, _ in _models(root)}
    assert "postal_code" in keys and "withdrawn" in keys
    for lang in i18n.LANGUAGES:
        assert sorted(k for k in keys if f"names.{k}" not in i18n.catalogue(lang)) == [], lang


def test_every_value_of_a_choice_has_a_label_in_both_languages() -> None:
    values: set[str] = set()
    for root in ROOTS:
        for _, _, annotation in _models(root):
            stack = [annotation]
            while stack:
                ann = stack.pop()
                if isinstance(ann, type) and issubclass(ann, Enum):
                    values |= {str(m.value) for m in ann}
                elif typing.get_origin(ann) is typing.Literal:
                    values |= {str(a) for a in typing.get_args(ann)}
                else:
                    stack += list(typing.get_args(ann))
    assert "company" in values and "with_internal_file" in values
    i18n.use("de")  # (every German label reads differently from its value)
    try:
        assert sorted(v for v in values if value_label(v) == v) == []
    finally:
        i18n.use("en")
    assert value_label("public-body") == "public body"


def test_field_names(german: None) -> None:
    assert field_name("founded") == "Gründungsjahr"
    assert field_name("address.postal_code") == "Postleitzahl"
    assert field_name("contacts") == "Ansprechpartner"
    assert field_name("contacts[0].email") == "E-Mail-Adresse"
    assert field_name("competences[0].esco.type") == "ESCO-Typ"
    assert field_name("type") == "Art der Organisation"
    assert field_name("mascot") == "mascot"
    i18n.use("en")
    assert field_name("founded") == "year founded"
    assert field_name("contacts") == "contact persons"


def test_did_you_mean_keeps_its_signature() -> None:
    assert did_you_mean("cloud-migraton", ["cloud-migration", "isms"]) == (
        "did you mean 'cloud-migration'?"
    )
    assert did_you_mean("Cloud Migration", ["cloud-migration"]) == (
        "did you mean 'cloud-migration'?"
    )
    assert did_you_mean("xyz", ["cloud-migration"]) == ""
    i18n.use("de")
    try:
        assert did_you_mean("isns", ["isms"]) == "Meinten Sie 'isms'?"
        names = {"08125": "Landkreis Heilbronn"}
        assert did_you_mean("8125", ["08125"], names=names) == (
            "Meinten Sie '08125'? (Landkreis Heilbronn)"
        )
    finally:
        i18n.use("en")


def test_normalise() -> None:
    assert normalise(" Gründungsjahr ") == "gruendungsjahr"
    assert normalise("Straße und Hausnummer") == "strasse_und_hausnummer"
    assert normalise("E-Mail") == "e_mail"


# ------------------------------------------------------------------------ command line


def test_the_command_line_speaks_german_by_default(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(i18n.ENV, raising=False)
    root = site("minimal", {PATH: SHORT_POSTAL_CODE})
    german = run_atlasgen("validate", "--project", root)
    assert german.code == 1
    assert (
        f"{PATH}:11:16: address.postal_code: '7454' ist keine Postleitzahl\n"
        "    Tipp: Postleitzahl: 5 Ziffern, z. B. 74072\n"
    ) in german.stderr
    english = run_atlasgen("validate", "--project", root, "--lang", "en")
    assert (
        f"{PATH}:11:16: address.postal_code: '7454' is not a postal code\n"
        "    hint: a postal code has 5 digits, e.g. 74072\n"
    ) in english.stderr


class _Coded(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), Field(examples=["ABC"])]
    uri: Annotated[WebUrl, StringConstraints(pattern=r"^http://data\.europa\.eu/esco/")]


def test_a_pattern_without_a_form_still_shows_the_example(german: None) -> None:
    doc = RawDocument("x.yaml", {"code": "abcd", "uri": "https://example.com/esco"})
    _, problems = validate_model(_Coded, doc)
    assert [(p.field, p.message, p.hint) for p in problems] == [
        ("code", "'abcd' hat nicht die erwartete Form", "z. B. ABC (die Form: ^[A-Z]{3}$)"),
        (
            "uri",
            "'https://example.com/esco' ist keine ESCO-Adresse",
            "Die Adresse eines ESCO-Begriffs beginnt mit http://data.europa.eu/esco/, z. B. "
            "http://data.europa.eu/esco/skill/0458f6a0-cb54-4ff5-a543-b2c5354e17c0",
        ),
    ]
