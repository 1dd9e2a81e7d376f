"""``atlasgen new member "Name GmbH"``: a valid member file with German comments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..content.project import MEMBERS_DIR, slugify
from ..content.schema import MemberType, SizeClass

__all__ = ["member_template", "write_member"]


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def member_template(name: str, *, postal_code: str, city: str, competence: str, today: date) -> str:
    """The text of a new member file; every value is a valid placeholder."""
    types = ", ".join(t.value for t in MemberType)
    sizes = ", ".join(s.value for s in SizeClass)
    return f"""---
# yaml-language-server: $schema=../../schema/member.schema.json
# Profil im Kompetenzatlas. Zeilen mit '#' sind Kommentare und können bleiben oder
# gelöscht werden. Alle Felder sind in docs/content-format.md erklärt.

# Offizieller Name der Organisation.
name: {_yaml_text(name)}
# Art der Organisation, eine von: {types}
type: company
# Ein Satz, was Sie tun (höchstens 160 Zeichen).
tagline: Kurzbeschreibung in einem Satz – bitte ersetzen
# Webseite, mit https:// am Anfang.
# website: https://www.beispiel.example.com/
# Allgemeine E-Mail-Adresse und Telefonnummer (Nummer in Anführungszeichen).
# email: info@beispiel.example.com
# phone: "+49 7131 123456"
# Anschrift des Standorts in der Region. Landkreis und Kartenposition werden aus
# der Postleitzahl bestimmt (Postleitzahl in Anführungszeichen).
address:
  street: Musterstraße 1
  postal_code: "{postal_code}"
  city: {city}
# Gründungsjahr.
# founded: 2000
# Beschäftigte an diesem Standort (nicht in der ganzen Gruppe), eine von: {sizes}
# employees: 10-49
# 1 bis 15 Kompetenzen aus content/competences/*.yaml (das Feld 'id'),
# die wichtigste zuerst.
competences: [{competence}]
# Was Sie suchen: Kompetenz und ein Satz dazu.
# needs:
#   - competence: isms
#     note: Partner für die Einführung eines ISMS nach ISO 27001 gesucht
# Branchen, für die Sie arbeiten; Zertifizierungen; Arbeitssprachen (ISO-Codes).
# industries: [Maschinenbau, Handel]
# certifications: [ISO 9001]
# languages: [de, en]
# Angebote für Fachkräfte und Studierende; 'until' (JJJJ-MM-TT) blendet ein
# Angebot nach diesem Tag aus.
# offers:
#   jobs:
#     url: https://www.beispiel.example.com/karriere/
#   apprenticeships:
#     professions: [Fachinformatiker/in für Anwendungsentwicklung]
#     until: 2027-08-31
#   dual_study:
#     programs: [Wirtschaftsinformatik (DHBW Mosbach)]
#   internships:
#     note: Pflichtpraktika, drei bis sechs Monate
#   theses:
#     note: Abschlussarbeiten im Bereich Cloud
# Ansprechpersonen (nur mit deren Einverständnis).
# contacts:
#   - name: Vorname Nachname
#     role: Geschäftsführung
#     email: vorname.nachname@beispiel.example.com
#     phone: "+49 7131 123457"
# Profile in sozialen Netzwerken.
# social:
#   linkedin: https://www.linkedin.com/company/beispiel
# Dateiname des Logos in content/members/logos/ (svg, png, webp oder jpg).
# logo: beispiel.svg
# Datum, an dem das Profil zuletzt geprüft wurde.
last_verified: {today.isoformat()}
# Erst auf true setzen, wenn das Profil vollständig ist: dann erscheint es im Atlas.
listed: false
# GitHub-Benutzernamen der Personen, die dieses Profil per Pull Request ändern
# dürfen (ohne @; wird nicht veröffentlicht). Legen Sie die Datei selbst an,
# muss Ihr eigener Name dabei sein.
# maintainers: [ihr-github-name]
---
Beschreiben Sie hier in einigen Absätzen, was Ihre Organisation anbietet.
Sie können Markdown verwenden: **fett**, *kursiv*, Listen mit `-` und
Zwischenüberschriften mit `##`.
"""


def write_member(
    root: Path,
    name: str,
    *,
    postal_code: str,
    city: str,
    competence: str,
    today: date,
    slug: str | None = None,
) -> Path:
    """Write ``content/members/<slug>.md``; refuses to overwrite."""
    path = root / MEMBERS_DIR / f"{slug or slugify(name)}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = member_template(
        name, postal_code=postal_code, city=city, competence=competence, today=today
    )
    with path.open("x", encoding="utf-8") as fh:
        fh.write(text)
    return path
