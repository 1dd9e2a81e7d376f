"""The messages of the cross-file checks in German and English (issue 17): unknown
competences and postal codes, duplicates, consents, and the placeholders of ``atlasgen new
member``, which are errors until replaced. Each message says what is wrong, its hint the
expected form with an example."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, SITES

from atlasgen.common import i18n
from atlasgen.content import placeholders
from atlasgen.content.problems import Problem, Severity
from atlasgen.content.stages import validate_project
from atlasgen.staff.scaffold import write_member

ALPHA = (SITES / "minimal/content/members/alpha-software.md").read_text("utf-8")
Site = Callable[..., Path]


@pytest.fixture
def german() -> Iterator[None]:
    i18n.use("de")
    try:
        yield
    finally:
        i18n.use("en")


def member(**changes: str) -> str:
    """Alpha's file with some lines replaced: ``member(competences="[KI]")``."""
    text = ALPHA
    for key, value in changes.items():
        text, count = re.subn(rf"^(\s*){key}: .*$", rf"\g<1>{key}: {value}", text, flags=re.M)
        assert count == 1, key
    return text


def problems(root: Path, path: str = "") -> list[Problem]:
    """The problems of the project at ``root`` (of the file ``path`` if given)."""
    found = validate_project(root).problems
    return [p for p in found if not path or p.path == path]


def only(root: Path, path: str, field: str) -> Problem:
    [problem] = [p for p in problems(root, path) if p.field == field]
    return problem


X = "content/members/xenon.md"


# ---------------------------------------------------------------- unknown competence


@pytest.mark.parametrize(
    ("lang", "message", "hint"),
    [
        (
            "en",
            "unknown competence 'cloud-migraton'",
            "did you mean 'cloud-migration' (Cloud migration)? Write the id as in "
            "content/competences/*.yaml",
        ),
        (
            "de",
            "unbekannte Kompetenz 'cloud-migraton'",
            "Meinten Sie 'cloud-migration' (Cloud-Migration)? Schreiben Sie die ID wie in "
            "content/competences/*.yaml",
        ),
    ],
)
def test_an_unknown_competence_says_which_was_meant(
    site: Site, lang: str, message: str, hint: str
) -> None:
    text = member(name="Xenon GmbH", competences="[cloud-migraton, webentwicklung]")
    root = site(files={X: text})
    i18n.use(lang)
    try:
        found = only(root, X, "competences[0]")
    finally:
        i18n.use("en")
    where = (line_of(text, "cloud-migraton"), len("competences: [") + 1)
    assert ((found.line, found.column), found.message, found.hint) == (where, message, hint)
    assert found.severity is Severity.ERROR


def test_a_competence_written_by_its_name_or_unknown(site: Site, german: None) -> None:
    root = site(files={X: member(name="Xenon GmbH", competences="[KI, kubernetes]")})
    by_name = only(root, X, "competences[0]")
    assert by_name.message == "unbekannte Kompetenz 'KI'"
    assert by_name.hint == (
        "Meinten Sie 'kuenstliche-intelligenz' (Künstliche Intelligenz)? Schreiben Sie die ID "
        "wie in content/competences/*.yaml"
    )
    unknown = only(root, X, "competences[1]")
    assert unknown.message == "unbekannte Kompetenz 'kubernetes'"
    assert unknown.hint == (
        "Kompetenzen werden mit ihrer ID angegeben, die IDs stehen in content/competences/*.yaml"
    )
    i18n.use("en")
    by_name = only(root, X, "competences[0]")
    assert by_name.hint.startswith("did you mean 'kuenstliche-intelligenz' (Artificial intell")
    assert only(root, X, "competences[1]").hint == "see the ids in content/competences/*.yaml"


# ---------------------------------------------------------------- postal codes


def test_an_unknown_postal_code(site: Site, german: None) -> None:
    root = site(
        files={
            X: member(name="Xenon GmbH", postal_code='"74999"'),
            "content/members/yttrium.md": member(
                name="Yttrium GmbH", postal_code='"74998"', city="Nirgendwo"
            ),
        }
    )
    same_city = only(root, X, "address.postal_code")
    assert same_city.message == "unbekannte Postleitzahl '74999'"
    assert (
        same_city.hint == "Postleitzahlen von Heilbronn: 74072, 74074, 74076, 74078, 74080, 74081"
    )
    # no place of that name: the form, with the network's postal code as the example
    elsewhere = only(root, "content/members/yttrium.md", "address.postal_code")
    assert elsewhere.message == "unbekannte Postleitzahl '74998'"
    assert elsewhere.hint == (
        "Postleitzahl: 5 Ziffern eines Orts in Baden-Württemberg, z. B. 74076 (Heilbronn); "
        "prüfen Sie die Anschrift"
    )
    i18n.use("en")
    assert only(root, X, "address.postal_code").message == "unknown postal code '74999'"
    assert only(root, "content/members/yttrium.md", "address.postal_code").hint == (
        "a postal code has 5 digits and belongs to a place in Baden-Württemberg, e.g. "
        "74076 (Heilbronn); check the address"
    )


def test_a_postal_code_outside_the_region(site: Site, german: None) -> None:
    root = site(files={X: member(name="Xenon GmbH", postal_code='"70173"', city="Stuttgart")})
    found = only(root, X, "address.postal_code")
    assert found.message == (
        "Postleitzahl 70173 liegt außerhalb der Region Heilbronn-Franken (Stadtkreis Stuttgart)"
    )
    assert found.hint.startswith("Landkreise der Region: Stadtkreis Heilbronn, Landkreis ")
    assert found.hint.endswith("; geben Sie die Anschrift Ihres Standorts in der Region an")


def test_a_large_number_in_german_style(site: Site, german: None) -> None:
    front = member(name="Xenon GmbH").rsplit("---\n", 1)[0]
    root = site(files={X: front + "---\n" + "Text. " * 4_000})
    [found] = [p for p in problems(root, X) if "zu lang" in p.message]
    assert found.message == "die Beschreibung ist zu lang (24.000 Zeichen; erlaubt sind 20.000)"
    assert found.hint == (
        "Kürzen Sie sie auf höchstens 20.000 Zeichen; Einzelheiten gehören auf die eigene "
        "Webseite des Mitglieds"
    )


# ---------------------------------------------------------------- duplicates


def test_a_duplicate_member(site: Site, german: None) -> None:
    root = site(files={"content/members/alpha-software-ag.md": member(name="ALPHA-Software AG")})
    found = only(root, "content/members/alpha-software.md", "name")
    assert found.message == (
        "Name 'Alpha Software GmbH' ist gleich oder sehr ähnlich wie 'ALPHA-Software AG' "
        "(content/members/alpha-software-ag.md)"
    )
    assert found.hint == (
        "Jede Organisation hat eine Datei: Führen Sie die beiden zusammen oder machen Sie die "
        "Namen unterscheidbar (der vollständige offizielle Name)"
    )
    i18n.use("en")
    found = only(root, "content/members/alpha-software.md", "name")
    assert found.message == (
        "name 'Alpha Software GmbH' is the same as or very close to 'ALPHA-Software AG' "
        "(content/members/alpha-software-ag.md)"
    )
    assert found.hint.startswith("each organisation has one file; merge the two")


def test_a_duplicate_competence_id(site: Site, german: None) -> None:
    more = "id: mehr\nlabel: {de: Mehr, en: More}\ncompetences:\n"
    more += "  - id: isms\n    label: {de: ISMS, en: ISMS}\n"
    root = site(files={"content/competences/mehr.yaml": more})
    found = only(root, "content/competences/software.yaml", "competences[3].id")
    assert found.message == (
        "Kompetenz-ID 'isms' ist bereits in content/competences/mehr.yaml vergeben"
    )
    assert found.hint == (
        "Geben Sie jeder Kompetenz eine eigene ID (a-z, 0-9 und '-', z. B. 'isms-2') oder "
        "löschen Sie einen der beiden Einträge"
    )


def test_an_occupation_listed_twice(site: Site, german: None) -> None:
    offers = (
        "offers:\n  apprenticeships:\n    professions:\n"
        "      - fachinformatiker-systemintegration\n"
        "      - Fachinformatiker/in für Systemintegration\n"
    )
    root = site(files={X: member(name="Xenon GmbH").replace("logo:", offers + "logo:")})
    found = only(root, X, "offers.apprenticeships.professions[1]")
    assert found.message == (
        "'Fachinformatiker/in für Systemintegration' ist derselbe Ausbildungsberuf wie "
        "'fachinformatiker-systemintegration'"
    )
    assert found.hint == (
        "Nennen Sie jeden Ausbildungsberuf nur einmal: Löschen Sie "
        "'Fachinformatiker/in für Systemintegration'"
    )


# ---------------------------------------------------------------- consents

WITH_CONTACT = ALPHA.replace(
    "competences:", "contacts:\n  - name: Dr. Anna Beispiel\n    role: Inhaberin\ncompetences:"
)
ACTIVE = "membership:\n  status: active\n  since: 2019-03-01\n"
WITHDRAWN = (
    "consents:\n  - contact: Dr. Anna Beispiel\n    date: 2025-11-03\n"
    "    scope: Name und Funktion im Kompetenzatlas\n    withdrawn: 2026-03-01\n"
)


@pytest.mark.parametrize(
    ("internal", "lang", "message", "hint"),
    [
        (
            ACTIVE,
            "de",
            "keine erfasste Einwilligung von 'Dr. Anna Beispiel' zur Veröffentlichung",
            "Tragen Sie sie unter 'consents:' in internal/alpha-software.yaml ein (contact, date, "
            "scope; z. B. date: 2026-03-31, scope: Name und Funktion im Kompetenzatlas) oder "
            "entfernen Sie den Ansprechpartner",
        ),
        (
            ACTIVE,
            "en",
            "no recorded consent of 'Dr. Anna Beispiel' to be published",
            "record it under consents in internal/alpha-software.yaml (contact, date, scope), "
            "or remove the contact person",
        ),
        (
            ACTIVE + WITHDRAWN,
            "de",
            "'Dr. Anna Beispiel' hat die Einwilligung zur Veröffentlichung widerrufen",
            "Entfernen Sie den Ansprechpartner aus der Mitgliedsdatei oder tragen Sie eine neue "
            "Einwilligung in internal/alpha-software.yaml ein",
        ),
        (
            ACTIVE + WITHDRAWN,
            "en",
            "'Dr. Anna Beispiel' withdrew the consent to be published",
            "remove the contact person from the member file, or record a new consent in "
            "internal/alpha-software.yaml",
        ),
    ],
)
def test_a_consent_problem(site: Site, internal: str, lang: str, message: str, hint: str) -> None:
    root = site(
        files={
            "content/members/alpha-software.md": WITH_CONTACT,
            "internal/alpha-software.yaml": internal,
        }
    )
    i18n.use(lang)
    try:
        found = only(root, "content/members/alpha-software.md", "contacts[0].name")
    finally:
        i18n.use("en")
    assert (found.line, found.column, found.message, found.hint) == (16, 11, message, hint)


def test_the_consent_warnings_count_in_german(site: Site, german: None) -> None:
    root = site(files={"content/members/alpha-software.md": WITH_CONTACT})
    [found] = [p for p in problems(root) if p.field == "internal_dir"]
    assert found.severity is Severity.WARNING
    assert found.message == (
        "1 veröffentlichter Ansprechpartner kann nicht auf eine Einwilligung geprüft werden: "
        "Es gibt keine internen Daten (internal/)"
    )
    (root / "internal").mkdir()
    beta = (SITES / "minimal/content/members/beta-security.md").read_text("utf-8")
    beta = beta.replace("listed: false", "contacts:\n  - name: B. Zwei\n  - name: C. Drei")
    (root / "content/members/beta-security.md").write_text(beta, "utf-8")
    [found] = [p for p in problems(root) if p.field == "consents_required"]
    assert found.message == (
        "3 veröffentlichte Ansprechpartner von 2 Mitgliedern noch nicht auf Einwilligung "
        "geprüft: keine interne Datei in internal/ für alpha-software, beta-security"
    )
    assert found.hint.startswith("Legen Sie für diese Mitglieder internal/<name>.yaml mit den")


# ---------------------------------------------------------------- placeholders


def new_member(root: Path) -> Path:
    return write_member(
        root,
        "Neu GmbH",
        postal_code="74076",
        city="Heilbronn",
        competence="webentwicklung",
        today=date(2026, 3, 31),
    )


def line_of(text: str, part: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if part in line)


NEW = "content/members/neu-gmbh.md"


def test_the_placeholders_of_a_new_member_are_errors(site: Site) -> None:
    root = site()
    text = new_member(root).read_text("utf-8")
    found = [p for p in problems(root, NEW) if p.severity is Severity.ERROR]
    assert [(p.line, p.field) for p in found] == [
        (line_of(text, "tagline:"), "tagline"),
        (line_of(text, "  street:"), "address.street"),
        (line_of(text, placeholders.DESCRIPTION[0]), ""),
    ]
    tagline, street, description = found
    assert tagline.message == (
        "the tagline still holds the placeholder text of 'atlasgen new member': "
        "'Kurzbeschreibung in einem Satz – bitte ersetzen'"
    )
    assert tagline.hint == (
        "write one sentence on what your organisation does (at most 160 characters), "
        "e.g. 'Webanwendungen und IT-Betreuung für den Mittelstand'"
    )
    assert street.message == (
        "the street still holds the placeholder text of 'atlasgen new member': 'Musterstraße 1'"
    )
    assert street.hint.startswith("write the street and house number of your location, e.g. '")
    assert description.message.startswith(
        "the description still holds the placeholder text of 'atlasgen new member': "
        "'Beschreiben Sie hier"
    )
    assert not validate_project(root).ok


def test_the_placeholders_in_german(site: Site, german: None) -> None:
    root = site()
    new_member(root)
    tagline, street, description = [p for p in problems(root, NEW) if p.severity is Severity.ERROR]
    assert tagline.message == (
        "die Kurzbeschreibung enthält noch den Platzhaltertext von 'atlasgen new member': "
        "'Kurzbeschreibung in einem Satz – bitte ersetzen'"
    )
    assert tagline.hint == (
        "Schreiben Sie in einem Satz, was Ihre Organisation tut (höchstens 160 Zeichen), "
        "z. B. 'Webanwendungen und IT-Betreuung für den Mittelstand'"
    )
    assert street.message == (
        "die Straße enthält noch den Platzhaltertext von 'atlasgen new member': 'Musterstraße 1'"
    )
    assert street.hint == (
        "Tragen Sie Straße und Hausnummer Ihres Standorts ein, z. B. 'Bahnhofstraße 12'; "
        "prüfen Sie auch Postleitzahl und Ort (die neue Datei enthält die des Netzwerks)"
    )
    assert description.message == (
        "die Beschreibung enthält noch den Platzhaltertext von 'atlasgen new member': "
        "'Beschreiben Sie hier in einigen Absätzen, was Ihre Organisation anbietet.'"
    )
    assert description.hint.startswith(
        "Beschreiben Sie unter der schließenden Zeile '---' in einigen Absätzen, was Ihre "
        "Organisation anbietet, z. B. '"
    )


def test_the_examples_in_the_comments_are_placeholders_too(site: Site, german: None) -> None:
    root = site()
    path = new_member(root)
    text = path.read_text("utf-8")
    for key in ("website", "email", "phone", "contacts", "logo", "maintainers", "social"):
        text = re.sub(rf"^# ({key}:)", r"\1", text, count=1, flags=re.M)
    for key in ("- name", "role", "email", "phone", "linkedin"):
        text = re.sub(rf"^#( +{key}:)", r"\1", text, count=1, flags=re.M)
    text = text.replace(
        "competences: [webentwicklung]",
        "competences: [webentwicklung]\nindustries: [Bitte ersetzen]",
    )
    path.write_text(text, "utf-8")
    found = {p.field: p for p in problems(root, NEW) if p.severity is Severity.ERROR}
    assert sorted(found) == [
        "",
        "address.street",
        "contacts[0].email",
        "contacts[0].name",
        "contacts[0].phone",
        "email",
        "industries[0]",
        "logo",
        "maintainers[0]",
        "phone",
        "social.linkedin",
        "tagline",
        "website",
    ]
    assert found["logo"].message == (
        "das Logo enthält noch den Platzhaltertext von 'atlasgen new member': 'beispiel.svg'"
    )
    assert found["logo"].hint == (
        "Laden Sie Ihr Logo nach content/members/logos/ hoch und tragen Sie seinen Dateinamen "
        "ein, z. B. logo: neu-gmbh.svg, oder löschen Sie die Zeile"
    )
    assert found["contacts[0].name"].message == (
        "der Name des Ansprechpartners enthält noch den Platzhaltertext von "
        "'atlasgen new member': 'Vorname Nachname'"
    )
    assert found["industries[0]"].message == (
        "das Feld enthält noch den Platzhaltertext von 'atlasgen new member': 'Bitte ersetzen'"
    )
    assert found["industries[0]"].hint.startswith("Ersetzen Sie den Platzhaltertext durch")
    for field, problem in found.items():
        assert problem.line == line_of(text, problem.message.rsplit(": '", 1)[1][:-1]), field


def test_replaced_placeholders_validate(site: Site) -> None:
    root = site()
    path = new_member(root)
    text = path.read_text("utf-8")
    text = text.replace(placeholders.TAGLINE, "Webanwendungen für den Mittelstand")
    text = text.replace(placeholders.STREET, "Bahnhofstraße 12")
    text = text.replace("\n".join(placeholders.DESCRIPTION), "Wir entwickeln Webanwendungen.")
    path.write_text(text, "utf-8")
    summary = validate_project(root)
    assert summary.ok, [p for p in summary.problems if p.severity is Severity.ERROR]
    assert {p.message for p in summary.problems if p.path == NEW} == {
        "profile has no logo",
        "profile has no contact",
    }


def test_real_content_has_no_placeholders() -> None:
    summary = validate_project(REPO)
    assert not [p for p in summary.problems if "placeholder" in p.message]
    for path in sorted((REPO / "content/members").glob("*.md")):
        text = path.read_text("utf-8")
        assert placeholders.description_placeholder(text) is None, path
