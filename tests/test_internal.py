"""Internal member data (``internal/<slug>.yaml``): validated with located problems, and
applied to the public site only as the publication rules: paused and left members are not
listed, published contact persons need a recorded consent.

The command line speaks German on these sites (atlas.yaml's first language): the staff
read these messages; ``tests/test_link_messages.py`` has both languages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import SITES, run_atlasgen

ALPHA = (SITES / "minimal/content/members/alpha-software.md").read_text("utf-8")
WITH_CONTACT = ALPHA.replace(
    "competences:",
    "contacts:\n  - name: Dr. Anna Beispiel\n    role: Geschäftsführerin\ncompetences:",
)
ACTIVE = "membership:\n  status: active\n  since: 2019-03-01\n"
CONSENT = (
    "consents:\n  - contact: Dr. Anna Beispiel\n    date: 2025-11-03\n"
    "    scope: Name und Funktion im Kompetenzatlas\n"
)


def validate(root: Path, *options: str) -> tuple[int, str]:
    result = run_atlasgen("validate", "--project", root, *options)
    return result.code, result.stderr + result.stdout


def build(root: Path) -> tuple[int, Path]:
    out = root / "_site"
    result = run_atlasgen("build", "--project", root, "--out", out, "--date", "2026-06-01")
    return result.code, out


def test_valid_internal_data_passes_and_stays_internal(site: Callable[..., Path]) -> None:
    secret = "Umsatz 2,4 Mio. intern-7731"
    root = site(
        files={
            "content/members/alpha-software.md": WITH_CONTACT,
            "internal/alpha-software.yaml": ACTIVE
            + CONSENT
            + f"notes: {secret}\ntags: [Beirat]\n"
            + "log:\n  - date: 2026-02-10\n    kind: call\n    text: Profil besprochen\n",
        }
    )
    assert validate(root) == (0, "ok: 2 Mitglieder, 4 Kompetenzen in 1 Kategorie\n")
    assert validate(root, "--lang", "en") == (0, "ok: 2 members, 4 competences in 1 category\n")
    code, out = build(root)
    assert code == 0
    profile = (out / "mitglieder/alpha-software/index.html").read_text("utf-8")
    assert "Dr. Anna Beispiel" in profile  # the consented contact is published
    for path in out.rglob("*"):
        if path.is_file():
            assert b"intern-7731" not in path.read_bytes(), path


def test_internal_files_are_checked_with_located_problems(site: Callable[..., Path]) -> None:
    root = site(
        files={
            "internal/alpha-software.yaml": (
                "membership:\n  status: aktiv\n  since: 2019-13-01\n"
                "log:\n  - date: 2026-02-10\n    kind: anruf\n    text: x\n"
            ),
            "internal/alpha-softwar.yaml": ACTIVE,
            "internal/notizen.txt": "x",
        }
    )
    code, output = validate(root)
    assert code == 1
    lines = output.splitlines()
    assert "internal/alpha-softwar.yaml:1:1: keine Mitgliedsdatei 'alpha-softwar.md' dazu" in lines
    assert "    Tipp: Meinten Sie 'alpha-software'?" in lines
    assert any(
        line.startswith("internal/alpha-software.yaml:2:11: membership.status:") for line in lines
    )
    assert any(
        line.startswith("internal/alpha-software.yaml:3:10: membership.since:") for line in lines
    )
    assert any(line.startswith("internal/alpha-software.yaml:6:11: log[0].kind:") for line in lines)
    assert "internal/notizen.txt:1:1: keine interne Datendatei" in lines
    assert (
        "    Tipp: Eine interne Datendatei heißt wie ihre Mitgliedsdatei, mit .yaml: z. B. "
        "alpha-software.yaml zu content/members/alpha-software.md; benennen Sie sie um oder "
        "verschieben Sie sie aus internal/"
    ) in lines
    assert output.rstrip().endswith("5 Fehler in 3 Dateien")
    english = validate(root, "--lang", "en")[1].splitlines()
    assert "internal/alpha-softwar.yaml:1:1: no member file 'alpha-softwar.md' for it" in english
    assert "    hint: did you mean 'alpha-software'?" in english
    assert "internal/notizen.txt:1:1: not an internal data file" in english


def test_paused_and_left_members_are_not_listed(site: Callable[..., Path]) -> None:
    root = site()
    (root / "internal").mkdir()
    for status, listed in (
        ("active", True),
        ("prospect", True),
        ("paused", False),
        ("left", False),
    ):
        internal = f"membership:\n  status: {status}\n"
        (root / "internal/alpha-software.yaml").write_text(internal, "utf-8")
        code, out = build(root)
        assert code == 0, status
        ids = [m["id"] for m in json.loads((out / "api/members.json").read_bytes())["members"]]
        assert ("alpha-software" in ids) is listed, status
        assert (out / "mitglieder/alpha-software/index.html").is_file() is listed, status
        assert (b"Alpha Software" in (out / "api/members.csv").read_bytes()) is listed, status


def test_a_published_contact_needs_a_consent(site: Callable[..., Path]) -> None:
    # internal data present: an error at the contact's line, and nothing is built
    root = site(
        files={
            "content/members/alpha-software.md": WITH_CONTACT,
            "internal/alpha-software.yaml": ACTIVE,
        }
    )
    code, output = validate(root)
    assert code == 1
    assert (
        "content/members/alpha-software.md:16:11: contacts[0].name: keine erfasste Einwilligung "
        "von 'Dr. Anna Beispiel' zur Veröffentlichung\n"
        "    Tipp: Tragen Sie sie unter 'consents:' in internal/alpha-software.yaml ein (contact, "
        "date, scope; z. B. date: 2026-03-31, scope: Name und Funktion im Kompetenzatlas) oder "
        "entfernen Sie den Ansprechpartner\n" in output
    )
    code, output = validate(root, "--lang", "en")
    assert (
        "content/members/alpha-software.md:16:11: contacts[0].name: no recorded consent of "
        "'Dr. Anna Beispiel' to be published" in output
    )
    assert "hint: record it under consents in internal/alpha-software.yaml (contact, date" in output
    assert build(root)[0] == 1 and not (root / "_site").exists()
    # a withdrawn consent
    withdrawn = CONSENT + "    withdrawn: 2026-03-01\n"
    (root / "internal/alpha-software.yaml").write_text(ACTIVE + withdrawn, "utf-8")
    code, output = validate(root)
    assert code == 1
    assert (
        "contacts[0].name: 'Dr. Anna Beispiel' hat die Einwilligung zur Veröffentlichung "
        "widerrufen\n    Tipp: Entfernen Sie den Ansprechpartner aus der Mitgliedsdatei oder "
        "tragen Sie eine neue Einwilligung in internal/alpha-software.yaml ein\n" in output
    )
    code, output = validate(root, "--lang", "en")
    assert code == 1 and "'Dr. Anna Beispiel' withdrew the consent to be published" in output
    # a paused member's contacts do not matter: it is not published
    (root / "internal/alpha-software.yaml").write_text("membership:\n  status: paused\n", "utf-8")
    assert validate(root)[0] == 0


def test_without_internal_data_missing_consents_are_one_warning(
    site: Callable[..., Path],
) -> None:
    second = WITH_CONTACT.replace(
        "    role: Geschäftsführerin\n", "    role: Geschäftsführerin\n  - name: Bernd Zweit\n"
    )
    root = site(files={"content/members/alpha-software.md": second})
    code, output = validate(root, "--warnings")
    assert code == 0
    assert (
        "atlas.yaml:1:1: Hinweis: internal_dir: 2 veröffentlichte Ansprechpartner können nicht "
        "auf eine Einwilligung geprüft werden: Es gibt keine internen Daten (internal/)" in output
    )
    assert output.count("Hinweis:") == 1 and "Bernd Zweit" not in output
    code, output = validate(root, "--warnings", "--lang", "en")
    assert code == 0
    assert (
        "atlas.yaml:1:1: warning: internal_dir: 2 published contact persons cannot be checked "
        "for consent: there is no internal data (internal/)" in output
    )
    assert output.count("warning:") == 1 and "Bernd Zweit" not in output
    assert run_atlasgen("validate", "--strict", "--project", root).code == 1


def test_the_internal_folder_can_live_outside_the_project(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site(files={"content/members/alpha-software.md": WITH_CONTACT})
    private = tmp_path / "atlas-intern"
    private.mkdir()
    (private / "alpha-software.yaml").write_text(ACTIVE, "utf-8")
    config = (root / "atlas.yaml").read_text("utf-8")
    (root / "atlas.yaml").write_text(config + f"internal_dir: {private}\n", "utf-8")
    code, output = validate(root)
    assert code == 1 and "keine erfasste Einwilligung von 'Dr. Anna Beispiel'" in output
    (private / "alpha-software.yaml").write_text(ACTIVE + CONSENT, "utf-8")
    assert validate(root)[0] == 0


def test_members_without_an_internal_file_are_one_warning(site: Callable[..., Path]) -> None:
    # alpha has an internal file without the consent, beta has none: only alpha fails
    beta = (SITES / "minimal/content/members/beta-security.md").read_text("utf-8")
    beta = beta.replace("competences:", "contacts:\n  - name: Bernd Zweit\ncompetences:")
    beta = beta.replace("listed: false", "listed: true")
    root = site(
        files={
            "content/members/alpha-software.md": WITH_CONTACT,
            "content/members/beta-security.md": beta,
            "internal/alpha-software.yaml": ACTIVE,
        }
    )
    code, output = validate(root, "--warnings")
    assert code == 1
    assert "alpha-software.md:16:11: contacts[0].name: keine erfasste Einwilligung" in output
    assert "beta-security.md" not in output and "Bernd Zweit" not in output
    assert (
        "atlas.yaml:1:1: Hinweis: consents_required: 1 veröffentlichter Ansprechpartner von "
        "1 Mitglied noch nicht auf Einwilligung geprüft: keine interne Datei in internal/ für "
        "beta-security\n"
        "    Tipp: Legen Sie internal/beta-security.yaml mit der Mitgliedschaft und den "
        "Einwilligungen an (contact, date, scope) oder entfernen Sie die Ansprechpartner\n"
    ) in output
    code, output = validate(root, "--warnings", "--lang", "en")
    assert code == 1
    assert "alpha-software.md:16:11: contacts[0].name: no recorded consent" in output
    assert (
        "atlas.yaml:1:1: warning: consents_required: 1 published contact person of 1 member "
        "not checked for consent yet: no internal file in internal/ for beta-security" in output
    )
    assert "hint: create internal/beta-security.yaml with the membership and the consents" in output
    (root / "internal/alpha-software.yaml").write_text(ACTIVE + CONSENT, "utf-8")
    assert validate(root)[0] == 0 and build(root)[0] == 0
    # consents_required: all makes beta's missing file an error at its contact's line
    config = (root / "atlas.yaml").read_text("utf-8")
    (root / "atlas.yaml").write_text(config + "consents_required: all\n", "utf-8")
    code, output = validate(root, "--warnings")
    assert code == 1 and "noch nicht auf Einwilligung geprüft" not in output
    assert (
        "content/members/beta-security.md:11:11: contacts[0].name: keine erfasste Einwilligung "
        "von 'Bernd Zweit' zur Veröffentlichung: Es gibt keine Datei "
        "internal/beta-security.yaml\n" in output
    )
    code, output = validate(root, "--lang", "en")
    assert (
        "content/members/beta-security.md:11:11: contacts[0].name: no recorded consent of "
        "'Bernd Zweit' to be published: there is no internal/beta-security.yaml" in output
    )
