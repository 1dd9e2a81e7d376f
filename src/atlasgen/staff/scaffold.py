"""``atlasgen new member "Name GmbH"``: a member file with German comments to fill in.

Its placeholders (``content.placeholders``: the tagline, the street, the description and
the examples in the comments) are valid values, but ``atlasgen validate`` reports each one
left in the file as an error until the member has replaced it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..content import placeholders as ph
from ..content.project import MEMBERS_DIR, slugify
from ..content.schema import MemberType, SizeClass

__all__ = ["member_template", "write_member"]


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def member_template(name: str, *, postal_code: str, city: str, competence: str, today: date) -> str:
    """The text of a new member file: every value is valid, the placeholders
    (``content.placeholders``) are errors until replaced."""
    types = ", ".join(t.value for t in MemberType)
    sizes = ", ".join(s.value for s in SizeClass)
    description = "\n".join(ph.DESCRIPTION)
    return f"""---
# yaml-language-server: $schema=../../schema/member.schema.json
# Profil im Kompetenzatlas. Zeilen mit '#' sind Kommentare und können bleiben oder
# gelöscht werden. Alle Felder sind in docs/content-format.md erklärt.
# Ersetzen Sie die Platzhalter (Kurzbeschreibung, Straße und den Text unter dem
# zweiten '---'): Bis dahin meldet 'atlasgen validate' sie als Fehler.

# Offizieller Name der Organisation.
name: {_yaml_text(name)}
# Art der Organisation, eine von: {types}
type: company
# Ein Satz, was Sie tun (höchstens 160 Zeichen).
tagline: {ph.TAGLINE}
# Webseite, mit https:// am Anfang.
# website: {ph.WEBSITE}
# Allgemeine E-Mail-Adresse und Telefonnummer (Nummer in Anführungszeichen).
# email: {ph.EMAIL}
# phone: "{ph.PHONE}"
# Anschrift des Standorts in der Region. Landkreis und Kartenposition werden aus
# der Postleitzahl bestimmt (Postleitzahl in Anführungszeichen). Vorausgefüllt sind
# Postleitzahl und Ort des Netzwerks: Bitte prüfen.
address:
  street: {ph.STREET}
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
#     url: {ph.JOBS_URL}
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
#   - name: {ph.CONTACT_NAME}
#     role: Geschäftsführung
#     email: {ph.CONTACT_EMAIL}
#     phone: "{ph.CONTACT_PHONE}"
# Profile in sozialen Netzwerken.
# social:
#   linkedin: {ph.LINKEDIN}
# Dateiname des Logos in content/members/logos/ (svg, png, webp oder jpg).
# logo: {ph.LOGO}
# Datum, an dem das Profil zuletzt geprüft wurde.
last_verified: {today.isoformat()}
# Erst auf true setzen, wenn das Profil vollständig ist: dann erscheint es im Atlas.
listed: false
# GitHub-Benutzernamen der Personen, die dieses Profil per Pull Request ändern
# dürfen (ohne @; wird nicht veröffentlicht). Legen Sie die Datei selbst an,
# muss Ihr eigener Name dabei sein.
# maintainers: [{ph.MAINTAINER}]
---
{description}
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
