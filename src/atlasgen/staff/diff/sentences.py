"""What ``atlasgen diff`` says, in German and English.

Takes a sentence key (``MESSAGES``) or a label key (``LABELS``) and the values quoted
from content; returns the sentence in one language for one output format (``Say``),
with every quoted value escaped: control and invisible characters are written out,
and for Markdown every ASCII punctuation character is backslash-escaped. Values that
are already rendered (``Raw``) go in as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from ...content.problems import markdown_literal, visible

__all__ = ["LABELS", "MESSAGES", "SOCIAL_NAMES", "Format", "Lang", "Raw", "Say"]

Format = Literal["text", "markdown"]
Lang = Literal["de", "en"]

MESSAGES: dict[str, tuple[str, str]] = {
    # key: (German, English); {placeholders} are escaped unless already rendered
    "title": (
        "Inhaltliche Änderungen von {base} bis {head}",
        "Content changes from {base} to {head}",
    ),
    "nothing": ("Keine inhaltlichen Änderungen.", "No content changes."),
    "heading": ("{name} ({file})", "{name} ({file})"),
    "section_taxonomy": ("Kompetenzen", "Competences"),
    "section_other": ("Weitere Änderungen", "Other changes"),
    # members
    "member_added": ("Neues Mitglied", "New member"),
    "member_removed": ("Mitglied entfernt", "Member removed"),
    "member_competences": ("Kompetenzen: {items}", "Competences: {items}"),
    "not_listed": ("Nicht öffentlich gelistet", "Not listed publicly"),
    "unlisted": ("Nicht mehr öffentlich gelistet", "No longer listed publicly"),
    "relisted": ("Wieder öffentlich gelistet", "Listed publicly again"),
    "renamed": ("{label} umbenannt: {old} → {new}", "{label} renamed: {old} → {new}"),
    "name_changed": ("Name geändert: {old} → {new}", "Name changed: {old} → {new}"),
    "changed": ("{label} geändert", "{label} changed"),
    "added": ("{label} hinzugefügt", "{label} added"),
    "removed": ("{label} entfernt", "{label} removed"),
    "value_changed": ("{label} geändert: {old} → {new}", "{label} changed: {old} → {new}"),
    "value_added": ("{label} hinzugefügt: {new}", "{label} added: {new}"),
    "item_added": ("{label} hinzugefügt: {item}", "{label} added: {item}"),
    "item_removed": ("{label} entfernt: {item}", "{label} removed: {item}"),
    "item_changed": ("{label} geändert: {item}", "{label} changed: {item}"),
    "item_fields": (
        "{label} geändert: {item} (Felder: {fields})",
        "{label} changed: {item} (fields: {fields})",
    ),
    "item_moved": (
        "{label} verschoben: {item}: {old} → {new}",
        "{label} moved: {item}: {old} → {new}",
    ),
    "order_competences": ("Reihenfolge der Kompetenzen geändert", "Order of competences changed"),
    "order_contacts": (
        "Reihenfolge der Ansprechpartner geändert",
        "Order of contact persons changed",
    ),
    "field_changed": ("Feld »{field}« geändert", "Field “{field}” changed"),
    "field_added": ("Feld »{field}« hinzugefügt", "Field “{field}” added"),
    "field_removed": ("Feld »{field}« entfernt", "Field “{field}” removed"),
    "en_field_changed": (
        "Feld »{field}« der englischen Fassung geändert",
        "Field “{field}” of the English version changed",
    ),
    "logo_missing": ("Logo-Datei fehlt: {file}", "Logo file missing: {file}"),
    "logo_renamed": (
        "Logo-Datei umbenannt: {old} → {new} (Bild unverändert)",
        "Logo file renamed: {old} → {new} (same image)",
    ),
    "description": ("Beschreibung: {parts}", "Description: {parts}"),
    "en_description": ("Englische Beschreibung: {parts}", "English description: {parts}"),
    "paragraphs_changed": (
        "{n} Absatz geändert|{n} Absätze geändert",
        "{n} paragraph changed|{n} paragraphs changed",
    ),
    "paragraphs_added": (
        "{n} Absatz hinzugefügt|{n} Absätze hinzugefügt",
        "{n} paragraph added|{n} paragraphs added",
    ),
    "paragraphs_removed": (
        "{n} Absatz entfernt|{n} Absätze entfernt",
        "{n} paragraph removed|{n} paragraphs removed",
    ),
    "whitespace_only": (
        "nur Leerzeichen oder Zeilenumbrüche geändert",
        "only spaces or line breaks changed",
    ),
    "formatting_only": (
        "Nur Formatierung geändert, Inhalt gleich",
        "Only formatting changed, same content",
    ),
    "invalid": ("Ungültig: {where}", "Invalid: {where}"),
    "en_invalid": ("Englische Fassung ungültig: {where}", "English version invalid: {where}"),
    "file_invalid": ("{file} ungültig: {where}", "{file} invalid: {where}"),
    "where": (
        "Zeile {line}, Spalte {column}: {problem}",
        "line {line}, column {column}: {problem}",
    ),
    "more_problems": (
        " (+{n} weiteres Problem)| (+{n} weitere Probleme)",
        " (+{n} more problem)| (+{n} more problems)",
    ),
    "previously_invalid": (
        "War vorher ungültig; Felder nicht verglichen",
        "Was invalid before; fields not compared",
    ),
    # taxonomy
    "label_renamed": (
        "{label} umbenannt: {old} → {new} ({id})",
        "{label} renamed: {old} → {new} ({id})",
    ),
    "other_label_changed": (
        "Englische Bezeichnung geändert: {old} → {new} ({id})",
        "German label changed: {old} → {new} ({id})",
    ),
    # other files
    "config_changed": (
        "Einstellungen (atlas.yaml) geändert: {fields}",
        "Settings (atlas.yaml) changed: {fields}",
    ),
    "config_added": ("Einstellungen (atlas.yaml) hinzugefügt", "Settings (atlas.yaml) added"),
    "config_removed": ("Einstellungen (atlas.yaml) entfernt", "Settings (atlas.yaml) removed"),
    "config_formatting": (
        "Einstellungen (atlas.yaml): nur Formatierung geändert",
        "Settings (atlas.yaml): only formatting changed",
    ),
    "page": ("{title} ({file})", "{title} ({file})"),
    "other_files": ("Andere Dateien: {n} geändert ({files})", "Other files: {n} changed ({files})"),
}

LABELS: dict[str, tuple[str, str]] = {
    # member fields with a sentence of their own
    "tagline": ("Kurzbeschreibung", "Tagline"),
    "website": ("Website", "Website"),
    "email": ("E-Mail", "E-mail"),
    "phone": ("Telefon", "Phone"),
    "address": ("Anschrift", "Address"),
    "type": ("Art", "Type"),
    "founded": ("Gründungsjahr", "Year founded"),
    "employees": ("Größenklasse", "Size class"),
    "last_verified": ("Bestätigungsdatum", "Last verified"),
    "logo": ("Logo", "Logo"),
    # list items
    "competence": ("Kompetenz", "Competence"),
    "category": ("Kategorie", "Category"),
    "need": ("Bedarf", "Need"),
    "industries": ("Branche", "Industry"),
    "certifications": ("Zertifizierung", "Certification"),
    "languages": ("Sprache", "Language"),
    "offer": ("Angebot", "Offer"),
    "contact": ("Ansprechpartner", "Contact person"),
    "social": ("Social-Media-Profil", "Social media profile"),
    "file": ("Datei", "File"),
    "page": ("Seite", "Page"),
    "en_version": ("Englische Fassung", "English version"),
    "en_tagline": ("Englische Kurzbeschreibung", "English tagline"),
    "unused_logo": ("Logo-Datei ohne Mitglied", "Logo file not used by any member"),
    # offers
    "jobs": ("Stellenangebote", "Jobs"),
    "apprenticeships": ("Ausbildung", "Apprenticeships"),
    "dual_study": ("Duales Studium", "Dual study"),
    "internships": ("Praktika", "Internships"),
    "theses": ("Abschlussarbeiten", "Theses"),
    "working_students": ("Werkstudentenstellen", "Working student jobs"),
}

SOCIAL_NAMES: dict[str, str] = {
    "linkedin": "LinkedIn",
    "xing": "XING",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "github": "GitHub",
    "gitlab": "GitLab",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "facebook": "Facebook",
    "x": "X",
}


class Raw(str):
    """Text that is already rendered (and escaped) and goes into a sentence as it is."""


class Say:
    """Renders sentences from ``MESSAGES`` in one language for one output format."""

    def __init__(self, lang: Lang, fmt: Format) -> None:
        self.index = 0 if lang == "de" else 1
        self.lang = lang
        self.fmt = fmt

    def escape(self, text: str) -> str:
        text = visible(text)
        return markdown_literal(text) if self.fmt == "markdown" else text

    def __call__(self, key: str, n: int | None = None, **args: str) -> Raw:
        template = MESSAGES[key][self.index]
        if "|" in template:  # singular|plural
            template = template.split("|")[0 if n == 1 else 1]
        values = {k: v if isinstance(v, Raw) else self.escape(v) for k, v in args.items()}
        if n is not None:
            values["n"] = str(n)
        return Raw(template.format(**values))

    def label(self, key: str) -> Raw:
        return Raw(LABELS[key][self.index])

    def join(self, items: Iterable[str]) -> Raw:
        return Raw(", ".join(x if isinstance(x, Raw) else self.escape(x) for x in items))
