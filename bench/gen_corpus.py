"""Generate a large, valid, realistic atlas project for benchmarking ``atlasgen validate``.

    python bench/gen_corpus.py --members 10000 --seed 42 --out bench/corpus-10000

Copies ``atlas.yaml``, ``content/competences/*.yaml``, ``content/pages/*.md``,
``content/branding/*`` and ``schema/*.json`` from the repository this script lives in
and writes N synthetic member files (``content/members/<slug>.md``), about 10 % with an English
``<slug>.en.md``, and logos for about 60 % of them (``content/members/logos/``).

Besides atlasgen itself (for slugs and the duplicate-name rule) only the standard
library is used, and all randomness comes from one
``random.Random(seed)``: the same seed and N give byte-identical output. Members
are drawn one after another without looking at N, so the first k members of a
larger corpus equal a corpus of k members with the same seed.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import struct
import sys
import time
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import TypeVar

from atlasgen.content.duplicates import name_key
from atlasgen.content.project import slugify

T = TypeVar("T")

REPO = Path(__file__).resolve().parent.parent
REGION_DISTRICTS = ("08121", "08125", "08126", "08127", "08128")
MODELINE = "# yaml-language-server: $schema=../../schema/member.schema.json"
MODELINE_EN = "# yaml-language-server: $schema=../../schema/member-translation.schema.json"
TODAY = date(2026, 2, 1)
"""Fixed reference date, so that the output never depends on the day it is generated."""

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$")

# ----------------------------------------------------------------------------- pools
# fmt: off

SURNAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner",
    "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann",
    "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller",
    "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank",
    "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster",
    "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein",
    "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber", "Graf",
    "Dietrich", "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Thomas",
    "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "Häußler", "Eberle", "Rapp", "Knapp", "Gräter",
    "Dürr", "Kächele", "Wüst", "Bühler", "Haag", "Ebert", "Schwab", "Hägele", "Yılmaz", "Kaya",
    "Nowak", "Kowalski", "Popović", "Rossi", "Papadopoulos", "Nguyen",
)
FIRST_NAMES = (
    "Anna", "Julia", "Laura", "Lena", "Sarah", "Katharina", "Sophie", "Marie", "Lisa", "Hannah",
    "Johanna", "Franziska", "Miriam", "Jana", "Sabine", "Claudia", "Andrea", "Stefanie", "Birgit",
    "Petra", "Özlem", "Zeynep", "Elena", "Agnieszka", "Michael", "Thomas", "Andreas", "Stefan",
    "Christian", "Markus", "Martin", "Tobias", "Jan", "Felix", "Lukas", "Jonas", "Florian",
    "Sebastian", "Matthias", "Daniel", "Alexander", "Jürgen", "Klaus", "Uwe", "Björn", "Jörg",
    "Mehmet", "Dimitrios", "Luca", "Nikola", "Tim", "Philipp", "Simon", "Benedikt", "Moritz",
    "Niklas",
)
REGION_WORDS = (
    "Neckar", "Kocher", "Jagst", "Tauber", "Hohenlohe", "Zabergäu", "Kraichgau", "Unterland",
    "Franken", "Limes", "Bühler", "Sulm", "Brettach", "Lein", "Heuchelberg", "Stromberg",
    "Löwenstein", "Mainhardt", "Taubertal", "Schozach", "Ohrn", "Ette", "Wartberg", "Hällisch",
)
COMPANY_WORDS = (
    "IT", "Software", "Systemhaus", "Digital", "Informatik", "Datentechnik", "Netzwerke",
    "IT-Service", "IT-Solutions", "Consulting", "Data", "Cloud", "Security", "Media",
    "Softwareentwicklung", "Computertechnik", "IT-Systeme", "Datenverarbeitung", "Technologies",
)
COMPOUND_HEADS = (
    "Daten", "Code", "Bit", "Netz", "Pixel", "Logik", "Wolken", "Server", "Byte", "Cyber", "Klick",
    "Web", "Sicher", "Kraft", "Nord", "Süd", "Takt", "Funk", "Lötkolben", "Quell",
)
COMPOUND_TAILS = (
    "werk", "schmiede", "fabrik", "werkstatt", "hafen", "brücke", "manufaktur", "labor", "kontor",
    "haus", "zentrale", "garten", "turm", "quelle", "gießerei", "mühle",
)
STARTUP_HEADS = (
    "Nex", "Quan", "Lum", "Vire", "Data", "Syn", "Opti", "Zen", "Kova", "Tel", "Arc", "Novi", "Sol",
    "Flux", "Veri", "Aeri", "Kin", "Myra", "Orbi", "Pax", "Tera", "Yuno",
)
STARTUP_TAILS = (
    "ora", "ivo", "io", "ix", "ly", "able", "ana", "eon", "ra", "tec", "labs", "mind", "byte",
    "bit", "sense", "flow", "grid", "loop", "scale", "nest",
)
STARTUP_WORDS = ("", "", "", " Labs", " Technologies", " AI", " Analytics", " Robotics", " Health")
FREELANCE_PATTERNS = (
    "{p} IT-Beratung", "Softwareentwicklung {p}", "{p} Webdesign", "IT-Service {p}",
    "{p} Datenschutzberatung", "{p} – Informatik und Beratung", "Büro für Digitalisierung {p}",
)
RESEARCH_TOPICS = (
    "Angewandte Informatik", "Künstliche Intelligenz", "Cybersicherheit", "Datenwissenschaft",
    "Produktionstechnik", "Digitale Transformation", "Robotik", "Mobilität", "Energiesysteme",
    "Medizininformatik", "Logistik", "Eingebettete Systeme", "Softwaretechnik",
    "Mensch-Technik-Interaktion",
)
ASSOCIATION_PATTERNS = (
    "IT-Netzwerk {c}", "Förderverein Informatik {c}", "Digitalforum {c}", "Makerspace {c}",
    "Freifunk {c}", "Computerclub {c}", "Jugend forscht Förderkreis {c}",
    "Initiative Digitale Bildung {c}",
)
RESEARCH_PATTERNS = (
    "Institut für {t} {c}", "Forschungszentrum {t} {c}", "{s}-Institut für {t}",
    "Transferzentrum {t} {c}",
)
UNIVERSITY_PATTERNS = (
    "Hochschule {c}", "Hochschule für {t} {c}", "Campus {c} für {t}", "Akademie für {t} {c}",
)
SCHOOL_PATTERNS = (
    "Gewerbliche Schule {c}", "Kaufmännische Schule {c}", "Berufliches Schulzentrum {c}",
    "Technisches Gymnasium {c}", "{s}-Schule {c}", "Elektronikschule {c}",
)
PUBLIC_PATTERNS = (
    "Stadtwerke {c}", "Kommunales Rechenzentrum {c}", "Wirtschaftsförderung {c}",
    "Zweckverband Breitband {c}", "Stadtverwaltung {c} – Digitalisierung",
    "Gemeindeverwaltungsverband {c}",
)
COMPANY_FORMS = (
    ("GmbH", 50), ("GmbH & Co. KG", 10), ("AG", 5), ("UG (haftungsbeschränkt)", 10), ("e. K.", 10),
    ("OHG", 3), ("KG", 4), ("SE", 1),
)
STARTUP_FORMS = (("GmbH", 70), ("UG (haftungsbeschränkt)", 30))
FREELANCE_FORMS = (("e. K.", 55), ("", 45))
TYPES = (
    ("company", 70), ("startup", 12), ("freelancer", 10), ("association", 3), ("research", 2),
    ("university", 1), ("school", 1), ("public-body", 1),
)
EMPLOYEES = {
    "company": (("1-9", 30), ("10-49", 40), ("50-249", 22), ("250-999", 6), ("1000+", 2)),
    "startup": (("1-9", 60), ("10-49", 35), ("50-249", 5)),
    "freelancer": (("1-9", 100),),
    "association": (("1-9", 80), ("10-49", 20)),
    "research": (("10-49", 40), ("50-249", 50), ("250-999", 10)),
    "university": (("250-999", 50), ("1000+", 50)),
    "school": (("50-249", 70), ("250-999", 30)),
    "public-body": (("50-249", 50), ("250-999", 40), ("1000+", 10)),
}
FOUNDED = {
    "company": (1960, 2024),
    "startup": (2016, 2025),
    "freelancer": (1995, 2025),
    "association": (1975, 2024),
    "research": (1970, 2022),
    "university": (1961, 2010),
    "school": (1890, 1990),
    "public-body": (1900, 2005),
}
STREETS = (
    "Bahnhofstraße", "Hauptstraße", "Industriestraße", "Gewerbestraße", "Max-Eyth-Straße",
    "Robert-Bosch-Straße", "Carl-Benz-Straße", "Daimlerstraße", "Siemensstraße",
    "Lise-Meitner-Straße", "Friedrich-Ebert-Straße", "Kaiserstraße", "Marktplatz", "Am Wollhaus",
    "Im Zukunftspark", "Weipertstraße", "Ferdinand-Braun-Straße", "Schillerstraße", "Goethestraße",
    "Mühlweg", "Kelterstraße", "Weinsberger Straße", "Heilbronner Straße", "Haller Straße",
    "Würzburger Straße", "Stuttgarter Straße", "Gartenstraße", "Lindenstraße", "Am Technologiepark",
    "Innovationsallee", "Zeppelinstraße", "Uhlandstraße", "Neckarstraße", "Kocherstraße",
    "Tauberstraße", "Am Güterbahnhof", "Lerchenstraße", "Wilhelmstraße", "Karlsruher Straße",
    "Schloßstraße", "Bildungscampus", "Europaplatz", "Hafenstraße",
)
AREA_CODES = {
    "08121": ("7131",),
    "08125": ("7131", "7132", "7133", "7134", "7135", "7138", "7062", "7063", "7066", "7264"),
    "08126": ("7941", "7940", "7942", "7943", "7944", "7946"),
    "08127": ("791", "7951", "7904", "7907", "7971", "7973", "7955"),
    "08128": ("9341", "9342", "7931", "9343", "7933", "7934", "7936"),
}
TARGETS = (
    "den Mittelstand", "Handwerksbetriebe", "Kommunen und Verwaltungen", "Industrieunternehmen",
    "Arztpraxen und Kliniken", "den Handel", "Steuerkanzleien", "Start-ups", "Maschinenbauer",
    "Schulen und Bildungsträger", "Logistikunternehmen", "Weingüter und Genossenschaften",
    "kleine und mittlere Unternehmen", "Automobilzulieferer", "Vereine und Verbände",
)
TARGETS_EN = (
    "small and mid-sized companies", "manufacturers", "public authorities", "retailers",
    "healthcare providers", "start-ups", "logistics companies", "schools and universities",
)
TAGLINES = (
    "{l} für {t}", "{l} und {l2} für {t}", "Ihr Partner für {l} in {r}",
    "{l} aus {c} – persönlich, schnell und zuverlässig",
    "Wir machen {t} fit für die Digitalisierung", "{l} und {l2} aus einer Hand",
    "Spezialisiert auf {l} seit {f}",
)
TAGLINES_EN = (
    "{l} for {t}", "{l} and {l2} for {t}", "Your partner for {l} in Heilbronn-Franken",
    "{l} from {c}",
)
INDUSTRIES = (
    "Maschinenbau", "Automobilzulieferer", "Handel", "Logistik", "Gesundheitswesen",
    "Öffentliche Verwaltung", "Energieversorgung", "Lebensmittelindustrie", "Weinbau", "Handwerk",
    "Finanzdienstleistungen", "Versicherungen", "Bildung", "Tourismus", "Chemie", "Bauwesen",
    "Medizintechnik", "Landwirtschaft", "Verpackungsindustrie", "Elektrotechnik",
    "Kunststofftechnik", "Immobilienwirtschaft", "Steuerberatung", "Medien", "Non-Profit",
    "Schraubenhandel und Befestigungstechnik", "Anlagenbau", "Pflege und Soziales",
)
CERTIFICATIONS = (
    "ISO/IEC 27001", "ISO 9001", "ISO 14001", "TISAX", "BSI IT-Grundschutz",
    "Microsoft Solutions Partner", "AWS Partner", "SAP Gold Partner", "ITIL 4", "Cisco Partner",
    "VdS 10000", "DATEV Solution Partner", "ISO 22301", "Google Partner", "Sophos Gold Partner",
    "ISO 50001", "Kaspersky Gold Partner", "Shopware Partner",
    "Zertifizierter Ausbildungsbetrieb (IHK)", "CISSP", "PRINCE2",
)
LANGUAGES = ("fr", "it", "es", "tr", "pl", "ru", "ro", "hr", "el", "zh", "nl", "cs")
PROFESSIONS = (
    "Fachinformatiker/in für Anwendungsentwicklung", "Fachinformatiker/in für Systemintegration",
    "Fachinformatiker/in für Daten- und Prozessanalyse",
    "Fachinformatiker/in für digitale Vernetzung", "Kaufmann/-frau für Digitalisierungsmanagement",
    "Kaufmann/-frau für IT-System-Management", "IT-System-Elektroniker/in",
    "Mediengestalter/in Digital und Print", "Elektroniker/in für Geräte und Systeme",
    "Kaufmann/-frau für Büromanagement",
)
PROGRAMS = (
    "Informatik (DHBW Mosbach)", "Wirtschaftsinformatik (DHBW Mosbach)",
    "Elektrotechnik (DHBW Mosbach)", "Onlinemedien (DHBW Mosbach)",
    "BWL – Digital Commerce Management (DHBW Heilbronn)", "Wirtschaftsinformatik (DHBW Heilbronn)",
    "Informatik (DHBW Stuttgart, Campus Horb)",
    "Data Science und Künstliche Intelligenz (DHBW Mannheim)",
    "Mechatronik (DHBW Mosbach, Campus Bad Mergentheim)",
)
JOB_NOTES = (
    "Wir suchen Verstärkung in Entwicklung, Beratung und Support.",
    "Offene Stellen für Softwareentwickler/innen (m/w/d) und IT-Administrator/innen.",
    "Quereinsteiger/innen mit IT-Erfahrung sind willkommen.",
    "Stellen in Voll- und Teilzeit, auch mit mobilem Arbeiten.",
    "Wir wachsen und suchen Kolleg/innen für Projekte im Mittelstand.",
)
INTERNSHIP_NOTES = (
    "Pflichtpraktika im Studium, drei bis sechs Monate.",
    "Schülerpraktika in den Ferien, jeweils ein bis zwei Wochen.",
    "Praktika in der Softwareentwicklung und im IT-Support.",
    "Orientierungspraktika für Studieninteressierte.",
    "Praktika im Online-Marketing und in der Webentwicklung.",
)
THESIS_NOTES = (
    "Bachelor- und Masterarbeiten zu Cloud, Daten und Sicherheit.",
    "Abschlussarbeiten in Kooperation mit der Hochschule Heilbronn.",
    "Themen rund um künstliche Intelligenz in der Produktion.",
    "Abschlussarbeiten im Bereich Softwarearchitektur und Testautomatisierung.",
    "Masterarbeiten zu Datenschutz und Informationssicherheit.",
)
NEED_NOTES = (
    "Partner für gemeinsame Projekte gesucht",
    "Wir suchen einen Dienstleister für ein Projekt im kommenden Jahr",
    "Kooperationspartner für Kundenprojekte im Mittelstand gesucht",
    "Unterstützung bei einem laufenden Projekt gesucht",
    "Freiberufliche Verstärkung für einige Monate gesucht",
    "Erfahrungsaustausch mit anderen Mitgliedern erwünscht",
)
ROLES = (
    "Geschäftsführung", "Vertriebsleitung", "Personalabteilung", "Ausbildungsleitung", "Leitung IT",
    "Projektleitung", "Teamleitung Softwareentwicklung", "Kundenbetreuung",
    "Informationssicherheit und Datenschutz", "Marketing", "Vorstand", "Hochschulkontakte",
)
SOCIAL = (
    "linkedin", "xing", "github", "mastodon", "instagram", "youtube", "facebook", "bluesky", "x",
    "gitlab",
)
SOCIAL_WEIGHTS = (40, 25, 12, 4, 10, 6, 8, 3, 4, 2)

INTRO_OTHER = (
    "{n} in {c} ist Mitglied im Netzwerk und bringt Erfahrung aus Bildung, Forschung und "
    "Verwaltung ein.",
    "Seit {f} ist {n} in {c} eine feste Größe, wenn es um Digitalisierung in der Region geht.",
    "{n} verbindet in {c} Menschen, die sich für Informatik und digitale Technik begeistern.",
)
INTRO = (
    "{n} ist ein IT-Dienstleister mit Sitz in {c} und betreut Kundinnen und Kunden in ganz "
    "Heilbronn-Franken.",
    "Seit {f} entwickelt {n} in {c} Lösungen, die den Arbeitsalltag spürbar erleichtern.",
    "Von {c} aus unterstützt {n} Unternehmen, Verwaltungen und Vereine bei der Digitalisierung.",
    "{n} wurde {f} gegründet und gehört heute zu den gefragten Ansprechpartnern für IT im Raum "
    "{c}.",
    "Bei {n} in {c} arbeiten Menschen, die Technik verständlich machen und pragmatisch umsetzen.",
)
SENTENCES = (
    "Unser Schwerpunkt liegt auf der Softwareentwicklung für mittelständische Unternehmen.",
    "Wir begleiten Projekte von der ersten Idee über die Konzeption bis zum stabilen Betrieb.",
    "Dabei setzen wir auf offene Standards, saubere Schnittstellen und nachvollziehbare "
    "Dokumentation.",
    "Unsere Kundinnen und Kunden schätzen kurze Wege und feste Ansprechpartner.",
    "Für den sicheren Betrieb nutzen wir zertifizierte Rechenzentren in Deutschland.",
    "Datenschutz und Informationssicherheit sind für uns keine Zusatzleistung, sondern Grundlage "
    "jeder Lösung.",
    "Im Support reagieren wir schnell und lösen die meisten Anfragen noch am selben Tag.",
    "Gemeinsam mit unseren Kunden analysieren wir Geschäftsprozesse und finden "
    "Verbesserungspotenziale.",
    "Wir modernisieren gewachsene IT-Landschaften Schritt für Schritt, ohne den laufenden Betrieb "
    "zu gefährden.",
    "Viele unserer Lösungen laufen heute in der Cloud, manche bewusst weiterhin im eigenen "
    "Serverraum.",
    "Bei der Auswahl der Werkzeuge entscheiden wir herstellerunabhängig und nach dem "
    "tatsächlichen Bedarf.",
    "Unsere Teams arbeiten agil in kurzen Iterationen und stimmen Zwischenergebnisse regelmäßig "
    "ab.",
    "Schulungen und verständliche Anleitungen sorgen dafür, dass neue Systeme auch genutzt werden.",
    "Wir bilden selbst aus und geben unser Wissen gern an die nächste Generation weiter.",
    "Mit Hochschulen der Region arbeiten wir in Forschungsprojekten und Abschlussarbeiten "
    "zusammen.",
    "Für Handwerksbetriebe bieten wir schlanke Pakete mit festen monatlichen Preisen.",
    "Unsere Netzwerkspezialisten planen Glasfaser, WLAN und Firewalls für Standorte jeder Größe.",
    "Im Bereich Datenanalyse helfen wir, aus vorhandenen Daten belastbare Entscheidungen "
    "abzuleiten.",
    "Bei Sicherheitsvorfällen stehen wir rund um die Uhr bereit und helfen bei der "
    "Wiederherstellung.",
    "Wir legen großen Wert auf barrierefreie Oberflächen und eine klare Nutzerführung.",
    "Unsere Onlineshops sind an Warenwirtschaft, Zahlungsanbieter und Versanddienstleister "
    "angebunden.",
    "Für produzierende Unternehmen verbinden wir Maschinen, Sensoren und ERP-Systeme miteinander.",
    "Regelmäßige Sicherheitsüberprüfungen und Penetrationstests decken Schwachstellen frühzeitig "
    "auf.",
    "Wir übernehmen den kompletten IT-Betrieb oder ergänzen gezielt die interne IT-Abteilung.",
    "Unsere Beraterinnen und Berater kennen die Anforderungen von Förderprogrammen wie "
    "Digitalisierungsprämien.",
    "Nachhaltigkeit ist uns wichtig: Wir setzen auf energieeffiziente Hardware und Ökostrom.",
    "Die Zufriedenheit unserer Kunden messen wir an langfristigen Partnerschaften, nicht an "
    "Einzelaufträgen.",
    "In Workshops entwickeln wir gemeinsam mit Fachabteilungen passgenaue Anforderungen.",
    "Unsere Entwicklerinnen und Entwickler arbeiten mit modernen Programmiersprachen und "
    "Frameworks.",
    "Automatisierte Tests und kontinuierliche Auslieferung sichern die Qualität unserer Software.",
    "Für Behörden und Kommunen setzen wir Onlinezugangsgesetz und E-Government-Projekte um.",
    "Wir migrieren Altanwendungen auf zeitgemäße Plattformen und übernehmen dabei die "
    "Datenmigration.",
    "Unser Team verbindet technisches Know-how mit einem guten Verständnis für "
    "betriebswirtschaftliche Abläufe.",
    "Wir sind in der Region verwurzelt und engagieren uns in Vereinen und Netzwerken.",
    "Mit Partnern aus dem Netzwerk decken wir auch große Projekte vollständig ab.",
    "Gerade kleine Unternehmen profitieren von unserer Erfahrung aus vielen vergleichbaren "
    "Projekten.",
    "Unsere Rechenzentrumsleistungen umfassen Hosting, Datensicherung und "
    "Notfallwiederherstellung.",
    "Wir beraten unabhängig zu Lizenzen, Verträgen und der Auswahl geeigneter Software.",
    "Künstliche Intelligenz setzen wir dort ein, wo sie einen messbaren Nutzen bringt.",
    "Für Weingüter und landwirtschaftliche Betriebe haben wir eigene Branchenlösungen entwickelt.",
    "Große Datenmengen verarbeiten wir zuverlässig, performant und datenschutzkonform.",
    "Wir dokumentieren jede Änderung, damit Ihre IT auch in Jahren noch nachvollziehbar bleibt.",
    "Ein wichtiger Teil unserer Arbeit ist die Schulung von Mitarbeiterinnen und Mitarbeitern.",
    "Unsere Büros sind gut mit Bus und Stadtbahn erreichbar, Besprechungen sind auch per Video "
    "möglich.",
    "Bei der Einführung neuer Systeme begleiten wir den Wandel auch organisatorisch.",
    "Wir entwickeln Apps für iOS und Android, die sich nahtlos in bestehende Abläufe einfügen.",
    "Mit Monitoring und Wartungsverträgen sorgen wir für einen störungsfreien Geschäftsbetrieb.",
    "Unsere Spezialistinnen für Informationssicherheit begleiten Sie bis zur Zertifizierung nach "
    "ISO 27001.",
    "Im Maschinenbau unterstützen wir bei Steuerungssoftware, Fernwartung und Datenerfassung.",
    "Wir glauben an Open Source und geben Verbesserungen an die Gemeinschaft zurück.",
    "Flexible Arbeitszeiten und mobiles Arbeiten gehören bei uns selbstverständlich dazu.",
    "Die Größe unseres Teams erlaubt persönliche Betreuung ohne lange Wartezeiten.",
    "Für außergewöhnliche Anforderungen entwickeln wir maßgeschneiderte Individualsoftware.",
    "Jedes Projekt beginnt bei uns mit einer gründlichen Bestandsaufnahme vor Ort.",
    "Wir übernehmen Verantwortung für die Ergebnisse und halten, was wir versprechen.",
    "Unsere Lösungen sind skalierbar und wachsen mit den Anforderungen unserer Kunden.",
    "Fragen zu Förderungen, Ausschreibungen und Vergaberecht beantworten wir gern.",
)
HEADINGS_1 = ("## Leistungen", "## Was wir anbieten", "## Unsere Schwerpunkte")
HEADINGS_2 = ("## Über uns", "## Arbeitsweise", "## Warum wir", "## Zusammenarbeit")
OUTRO = (
    "Sprechen Sie uns an – wir freuen uns auf Ihr Projekt.",
    "Melden Sie sich gern für ein unverbindliches Erstgespräch.",
    "Besuchen Sie uns in {c} oder vereinbaren Sie einen Termin per Video.",
    "Wir freuen uns auf den Austausch mit anderen Mitgliedern des Netzwerks.",
)
SENTENCES_EN = (
    "We develop software for small and mid-sized companies in the region.",
    "Our team accompanies projects from the first idea to stable operation.",
    "We rely on open standards, clean interfaces and clear documentation.",
    "Our customers value short distances and personal contacts.",
    "Data protection and information security are the basis of every solution we build.",
    "We run our services in certified data centres in Germany.",
    "We train apprentices and work closely with the universities of the region.",
    "Many of our solutions run in the cloud, some deliberately on premises.",
    "We modernise grown IT landscapes step by step without disrupting daily business.",
    "Workshops with our customers help us to find requirements that really fit.",
    "Automated tests and continuous delivery keep the quality of our software high.",
    "We are rooted in the region and active in local associations and networks.",
    "Small companies benefit from our experience with many comparable projects.",
    "We document every change so that your IT stays traceable for years.",
)
OUTRO_EN = (
    "Get in touch with us – we look forward to your project.",
    "Contact us for a first conversation without obligation.",
)

# fmt: on

# ----------------------------------------------------------------------------- helpers


def ascii_fold(text: str) -> str:
    """``Müller & Söhne`` → ``mueller & soehne`` (lower case, German transliteration)."""
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


_PLAIN_START = re.compile(r"[A-Za-zÄÖÜäöüß0-9(]")
_LOOKS_TYPED = re.compile(r"[-+]?[0-9][0-9._:eE+-]*|[0-9]{4}-[0-9]{2}-[0-9]{2}.*")
_YAML_WORDS = {"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"}


def yaml_str(value: str) -> str:
    """``value`` as a YAML scalar that stays a string: plain when safe, else double-quoted."""
    plain = (
        _PLAIN_START.match(value) is not None
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and value.lower() not in _YAML_WORDS
        and _LOOKS_TYPED.fullmatch(value) is None
        and value == value.strip()
    )
    return value if plain else quoted(value)


def quoted(value: str) -> str:
    """A double-quoted YAML scalar (postal codes and phone numbers are always quoted)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Place:
    postal_code: str
    place: str
    district_key: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Competence:
    id: str
    label_de: str
    label_en: str


def load_places(csv_path: Path) -> list[Place]:
    """Region rows of postal codes that lie in exactly one district (sorted, deterministic)."""
    rows: dict[str, list[dict[str, str]]] = {}
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.setdefault(row["postal_code"], []).append(row)
    places = []
    for code in sorted(rows):
        districts = {r["district_ags"] for r in rows[code]}
        if len(districts) != 1 or not districts <= set(REGION_DISTRICTS):
            continue
        for r in sorted(rows[code], key=lambda r: r["place"]):
            places.append(
                Place(code, r["place"], r["district_ags"], float(r["lat"]), float(r["lon"]))
            )
    if not places:
        raise SystemExit(f"gen_corpus: no postal codes of the region found in {csv_path}")
    return places


_ID_LINE = re.compile(r"^  - id: *['\"]?([a-z0-9-]+)['\"]? *$")
_LABEL_LINE = re.compile(r"^      (de|en): *(.+?) *$")


def load_competences(folder: Path) -> list[Competence]:
    """Competence ids and labels, read line by line (the files follow one layout)."""
    found: list[Competence] = []
    for path in sorted(folder.glob("*.yaml")):
        current: str | None = None
        labels: dict[str, str] = {}
        in_label = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if (m := _ID_LINE.match(line)) is not None:
                if current is not None:
                    found.append(_competence(current, labels))
                current, labels, in_label = m.group(1), {}, False
            elif current is not None and line == "    label:":
                in_label = True
            elif in_label and (m := _LABEL_LINE.match(line)) is not None:
                labels.setdefault(m.group(1), m.group(2).strip("'\""))
            elif not line.startswith("      "):
                in_label = False
        if current is not None:
            found.append(_competence(current, labels))
    if len(found) < 10:
        raise SystemExit(f"gen_corpus: found only {len(found)} competences in {folder}")
    return found


def _competence(cid: str, labels: dict[str, str]) -> Competence:
    return Competence(cid, labels.get("de", cid), labels.get("en", labels.get("de", cid)))


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A tiny solid-colour PNG (deterministic bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


# --------------------------------------------------------------------------- generator


@dataclass
class Member:
    slug: str
    text: str
    translation: str | None = None
    logo: tuple[str, bytes] | None = None


@dataclass
class Generator:
    rng: Random
    places: list[Place]
    competences: list[Competence]
    name_keys: set[str] = field(default_factory=set)
    slugs: set[str] = field(default_factory=set)

    # -- small random helpers

    def weighted(self, options: Sequence[tuple[str, int]]) -> str:
        values = [v for v, _ in options]
        weights = [w for _, w in options]
        return self.rng.choices(values, weights)[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq: Sequence[T]) -> T:
        return self.rng.choice(seq)

    def some(self, seq: Sequence[T], low: int, high: int) -> list[T]:
        return self.rng.sample(list(seq), self.rng.randint(low, min(high, len(seq))))

    def day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    # -- names

    def _base_name(self, kind: str, place: Place) -> str:
        rng, c = self.rng, place.place
        if kind == "company":
            w = self.pick(COMPANY_WORDS)
            variant = rng.randrange(7)
            if variant == 0:
                return f"{self.pick(SURNAMES)} {w}"
            if variant == 1:
                a, b = rng.sample(SURNAMES, 2)
                return f"{a} & {b} {w}"
            if variant == 2:
                return f"{self.pick(REGION_WORDS)} {w}"
            if variant == 3:
                return f"{w} {self.pick(REGION_WORDS)}"
            if variant == 4:
                head, tail = self.pick(COMPOUND_HEADS), self.pick(COMPOUND_TAILS)
                return f"{head}{tail}" + (f" {w}" if self.chance(0.5) else "")
            if variant == 5:
                abbr = "AG"
                while not name_key(abbr):  # not 'AG IT', 'GBR Software'
                    size = rng.randint(2, 3)
                    abbr = "".join(rng.choice("ABCDEFGHIKLMNPRSTVWZ") for _ in range(size))
                return f"{abbr} {w}"
            return f"{self.pick(SURNAMES)} {w} {c}"
        if kind == "startup":
            return f"{self.pick(STARTUP_HEADS)}{self.pick(STARTUP_TAILS)}{self.pick(STARTUP_WORDS)}"
        if kind == "freelancer":
            person = f"{self.pick(FIRST_NAMES)} {self.pick(SURNAMES)}"
            return self.pick(FREELANCE_PATTERNS).replace("{p}", person)
        pattern = self.pick(
            {
                "association": ASSOCIATION_PATTERNS,
                "research": RESEARCH_PATTERNS,
                "university": UNIVERSITY_PATTERNS,
                "school": SCHOOL_PATTERNS,
            }.get(kind, PUBLIC_PATTERNS)
        )
        return (
            pattern.replace("{c}", c)
            .replace("{t}", self.pick(RESEARCH_TOPICS))
            .replace("{s}", self.pick(SURNAMES))
        )

    def _legal_form(self, kind: str) -> str:
        if kind == "company":
            return self.weighted(COMPANY_FORMS)
        if kind == "startup":
            return self.weighted(STARTUP_FORMS)
        if kind == "freelancer":
            return self.weighted(FREELANCE_FORMS)
        if kind == "association":
            return "e. V."
        return ""

    def name_and_place(self, kind: str) -> tuple[str, str, Place]:
        """(full name, name without legal form, site); the name's ``name_key`` is new.

        Names of schools, associations etc. contain the town, so a name that is
        taken is retried with another site as well.
        """
        for _ in range(40):
            place = self.pick(self.places)
            base, form = self._base_name(kind, place), self._legal_form(kind)
            if name_key(f"{base} {form}") not in self.name_keys:
                break
        else:  # the pools are (nearly) exhausted: qualify the last candidate
            qualifiers = [place.place] if place.place not in base else []
            qualifiers += ["Nord", "Süd", "Ost", "West", "Mitte"]
            candidates = [f"{base} {q}" for q in qualifiers]
            counter = 2
            while name_key(f"{candidates[0]} {form}") in self.name_keys:
                candidates.pop(0)
                if not candidates:
                    candidates.append(f"{base} {counter}")
                    counter += 1
            base = candidates[0]
        name = f"{base} {form}" if form else base
        self.name_keys.add(name_key(name))
        return name, base, place

    def slug(self, name: str) -> str:
        base = slugify(name) or "mitglied"
        slug, counter = base, 2
        while slug in self.slugs or not SLUG_RE.match(slug):
            suffix = f"-{counter}"
            slug = base[: 64 - len(suffix)].rstrip("-") + suffix
            counter += 1
        self.slugs.add(slug)
        return slug

    # -- one member

    def member(self) -> Member:
        rng = self.rng
        kind = self.weighted(TYPES)
        name, base, place = self.name_and_place(kind)
        slug = self.slug(name)
        host = slugify(base) or slug
        if len(host) > 40:  # cut at a word boundary
            host = host[:41].rsplit("-", 1)[0] if "-" in host[:41] else host[:40]
        domain = f"{host}.example.com"
        area = self.pick(AREA_CODES[place.district_key])
        phone_base = f"+49 {area} {rng.randint(2000, 99999)}"
        founded = rng.randint(*FOUNDED[kind])
        comps = self.some(self.competences, 3, 10)
        own = {c.id for c in comps}
        lines = ["---", MODELINE, f"name: {yaml_str(name)}", f"type: {kind}"]

        label, label2 = comps[0].label_de, comps[1].label_de
        tagline = (
            self.pick(TAGLINES)
            .replace("{l2}", label2)
            .replace("{l}", label)
            .replace("{t}", self.pick(TARGETS))
            .replace("{r}", "Heilbronn-Franken")
            .replace("{c}", place.place)
            .replace("{f}", str(founded))
        )
        lines.append(f"tagline: {yaml_str(tagline[:160].rstrip())}")
        if self.chance(0.95):
            lines.append(f"website: https://www.{domain}/")
        if self.chance(0.9):
            lines.append(f"email: {self.pick(('info', 'kontakt', 'hallo', 'office'))}@{domain}")
        if self.chance(0.85):
            lines.append(f"phone: {quoted(phone_base + '0')}")
        lines += [
            "address:",
            f"  street: {yaml_str(self._street())}",
            f"  postal_code: {quoted(place.postal_code)}",
            f"  city: {yaml_str(place.place)}",
        ]
        if self.chance(0.05):
            lat = place.lat + rng.uniform(-0.01, 0.01)
            lon = place.lon + rng.uniform(-0.01, 0.01)
            lines += ["  coordinates:", f"    lat: {lat:.4f}", f"    lon: {lon:.4f}"]
        if self.chance(0.85):
            lines.append(f"founded: {founded}")
        if self.chance(0.9):
            lines.append(f"employees: {self.weighted(EMPLOYEES[kind])}")
        lines.append(f"competences: [{', '.join(c.id for c in comps)}]")

        needs = [c for c in self.some(self.competences, 0, 3) if c.id not in own]
        if needs:
            lines.append("needs:")
            for need in needs:
                note = self.pick(NEED_NOTES) if self.chance(0.5) else f"{need.label_de} gesucht"
                lines += [f"  - competence: {need.id}", f"    note: {yaml_str(note)}"]
        self._list(lines, "industries", self.some(INDUSTRIES, 1 if self.chance(0.85) else 0, 5))
        self._list(lines, "certifications", self.some(CERTIFICATIONS, 0, 3))
        langs = ["de"] + (["en"] if self.chance(0.7) else [])
        langs += self.some(LANGUAGES, 0, 2) if self.chance(0.2) else []
        lines.append(f"languages: [{', '.join(langs)}]")
        lines += self._offers(kind, domain)
        lines += self._contacts(domain, phone_base)
        lines += self._social(slug)
        logo: tuple[str, bytes] | None = None
        if self.chance(0.6):
            logo = self._logo(slug, name)
            lines.append(f"logo: {logo[0]}")
        if self.chance(0.85):
            lines.append(f"last_verified: {self.day(date(2024, 6, 1), TODAY).isoformat()}")
        lines.append(f"listed: {'true' if self.chance(0.93) else 'false'}")
        lines.append("---")
        lines.append(self._description(kind, name, place, founded, comps))
        translation = self._translation(place, comps) if self.chance(0.1) else None
        return Member(slug, "\n".join(lines) + "\n", translation, logo)

    def _street(self) -> str:
        number = str(self.rng.randint(1, 180))
        if self.chance(0.1):
            number += self.pick("abc")
        return f"{self.pick(STREETS)} {number}"

    @staticmethod
    def _list(lines: list[str], key: str, values: Sequence[str], indent: str = "") -> None:
        if values:
            lines.append(f"{indent}{key}:")
            lines += [f"{indent}  - {yaml_str(v)}" for v in values]

    def _until(self, p: float, indent: str) -> list[str]:
        if not self.chance(p):
            return []
        return [f"{indent}until: {self.day(date(2026, 3, 1), date(2027, 9, 30)).isoformat()}"]

    def _offers(self, kind: str, domain: str) -> list[str]:
        hires = kind not in ("association", "freelancer")
        out: list[str] = []
        if hires and self.chance(0.55):
            out += ["  jobs:", f"    url: https://www.{domain}/karriere/"]
            if self.chance(0.5):
                out.append(f"    note: {yaml_str(self.pick(JOB_NOTES))}")
            out += self._until(0.2, "    ")
        if hires and self.chance(0.35):
            out.append("  apprenticeships:")
            self._list(out, "professions", self.some(PROFESSIONS, 1, 3), "    ")
            if self.chance(0.4):
                out.append(f"    url: https://www.{domain}/ausbildung/")
            out += self._until(0.3, "    ")
        if hires and self.chance(0.25):
            out.append("  dual_study:")
            self._list(out, "programs", self.some(PROGRAMS, 1, 2), "    ")
            out += self._until(0.3, "    ")
        if self.chance(0.3):
            out += ["  internships:", f"    note: {yaml_str(self.pick(INTERNSHIP_NOTES))}"]
            out += self._until(0.15, "    ")
        if self.chance(0.2):
            out += ["  theses:", f"    note: {yaml_str(self.pick(THESIS_NOTES))}"]
            if self.chance(0.3):
                out.append(f"    url: https://www.{domain}/abschlussarbeiten/")
            out += self._until(0.25, "    ")
        return ["offers:", *out] if out else []

    def _contacts(self, domain: str, phone_base: str) -> list[str]:
        count = self.weighted((("0", 25), ("1", 40), ("2", 25), ("3", 10)))
        out: list[str] = []
        for i in range(int(count)):
            first, last = self.pick(FIRST_NAMES), self.pick(SURNAMES)
            title = "Dr. " if self.chance(0.08) else ""
            out.append(f"  - name: {yaml_str(title + first + ' ' + last)}")
            if self.chance(0.85):
                out.append(f"    role: {yaml_str(self.pick(ROLES))}")
            if self.chance(0.8):
                local = re.sub(r"[^a-z0-9]+", ".", ascii_fold(f"{first} {last}")).strip(".")
                out.append(f"    email: {local}@{domain}")
            if self.chance(0.5):
                out.append(f"    phone: {quoted(f'{phone_base}{i + 1}{self.rng.randint(0, 9)}')}")
        return ["contacts:", *out] if out else []

    def _social(self, slug: str) -> list[str]:
        if not self.chance(0.7):
            return []
        handle = slug.replace("-", "")[:30]
        urls = {
            "linkedin": f"https://www.linkedin.com/company/{slug}/",
            "xing": f"https://www.xing.com/pages/{slug}",
            "github": f"https://github.com/{slug}",
            "mastodon": f"https://mastodon.social/@{handle}",
            "instagram": f"https://www.instagram.com/{handle}/",
            "youtube": f"https://www.youtube.com/@{handle}",
            "facebook": f"https://www.facebook.com/{handle}",
            "bluesky": f"https://bsky.app/profile/{handle}.bsky.social",
            "x": f"https://x.com/{handle[:15]}",
            "gitlab": f"https://gitlab.com/{slug}",
        }
        chosen: set[str] = set()
        for _ in range(self.rng.randint(1, 4)):
            chosen.add(self.rng.choices(SOCIAL, SOCIAL_WEIGHTS)[0])
        return ["social:", *(f"  {k}: {urls[k]}" for k in SOCIAL if k in chosen)]

    def _logo(self, slug: str, name: str) -> tuple[str, bytes]:
        rgb = (self.rng.randint(0, 200), self.rng.randint(0, 200), self.rng.randint(0, 200))
        if self.chance(0.2):
            return f"{slug}.png", _png(32, 32, rgb)
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", ascii_fold(name))[:2]).upper()
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60">'
            f'<rect width="120" height="60" rx="8" fill="#{rgb[0]:02x}{rgb[1]:02x}{rgb[2]:02x}"/>'
            '<text x="60" y="40" font-family="sans-serif" font-size="28" fill="#fff" '
            f'text-anchor="middle">{initials or "IT"}</text></svg>\n'
        )
        return f"{slug}.svg", svg.encode("utf-8")

    def _fill(self, pool: Sequence[str], words: int, place: Place) -> list[str]:
        """Sentences from ``pool`` (no repeats) until about ``words`` words."""
        out: list[str] = []
        count = 0
        for sentence in self.rng.sample(list(pool), len(pool)):
            if count >= words:
                break
            out.append(sentence.replace("{c}", place.place))
            count += len(sentence.split())
        return out

    def _description(
        self, kind: str, name: str, place: Place, founded: int, comps: list[Competence]
    ) -> str:
        rng = self.rng
        target = rng.randint(200, 300)
        intros = INTRO if kind in ("company", "startup", "freelancer") else INTRO_OTHER
        intro = self.pick(intros).replace("{n}", name).replace("{c}", place.place)
        intro = intro.replace("{f}", str(founded))
        first = [intro, *self._fill(SENTENCES, rng.randint(25, 45), place)]
        bullets = [f"- {c.label_de}" for c in comps[: rng.randint(3, 5)]]
        used = sum(len(s.split()) for s in first) + sum(len(b.split()) for b in bullets) + 4
        rest = [s for s in SENTENCES if s not in first]
        body = self._fill(rest, max(40, target - used - 12), place)
        split = max(1, len(body) // 2)
        parts = [
            " ".join(first),
            self.pick(HEADINGS_1),
            "\n".join(bullets),
            self.pick(HEADINGS_2),
            " ".join(body[:split]),
            " ".join(body[split:]),
            self.pick(OUTRO).replace("{c}", place.place),
        ]
        return "\n\n".join(p for p in parts if p)

    def _translation(self, place: Place, comps: list[Competence]) -> str:
        tagline = (
            self.pick(TAGLINES_EN)
            .replace("{l2}", comps[1].label_en)
            .replace("{l}", comps[0].label_en)
            .replace("{t}", self.pick(TARGETS_EN))
            .replace("{c}", place.place)
        )
        sentences = self.rng.sample(list(SENTENCES_EN), self.rng.randint(6, 10))
        return "\n".join(
            [
                "---",
                MODELINE_EN,
                f"tagline: {yaml_str(tagline[:160].rstrip())}",
                "---",
                " ".join(sentences[: len(sentences) // 2]),
                "",
                " ".join(sentences[len(sentences) // 2 :]),
                "",
                self.pick(OUTRO_EN),
                "",
            ]
        )


# -------------------------------------------------------------------------------- main


def copy_static(repo: Path, out: Path) -> None:
    """The project's own configuration, taxonomy, pages and JSON Schemas."""
    (out / "content" / "competences").mkdir(parents=True, exist_ok=True)
    (out / "content" / "pages").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(repo / "atlas.yaml", out / "atlas.yaml")
    for path in sorted((repo / "content" / "competences").glob("*.yaml")):
        shutil.copyfile(path, out / "content" / "competences" / path.name)
    for path in sorted((repo / "content" / "pages").glob("*.md")):
        shutil.copyfile(path, out / "content" / "pages" / path.name)
    if (repo / "content" / "branding").is_dir():
        (out / "content" / "branding").mkdir(exist_ok=True)
        for path in sorted((repo / "content" / "branding").iterdir()):
            shutil.copyfile(path, out / "content" / "branding" / path.name)
    if (repo / "schema").is_dir():
        (out / "schema").mkdir(exist_ok=True)
        for path in sorted((repo / "schema").glob("*.json")):
            shutil.copyfile(path, out / "schema" / path.name)


def generate(members: int, seed: int, out: Path, repo: Path = REPO) -> tuple[int, int, int]:
    """Write the corpus; returns (member files, English files, logos)."""
    places = load_places(repo / "src" / "atlasgen" / "data" / "plz_bw.csv")
    competences = load_competences(repo / "content" / "competences")
    copy_static(repo, out)
    members_dir = out / "content" / "members"
    logos_dir = members_dir / "logos"
    logos_dir.mkdir(parents=True, exist_ok=True)
    gen = Generator(Random(seed), places, competences)
    translations = logos = 0
    for _ in range(members):
        m = gen.member()
        (members_dir / f"{m.slug}.md").write_text(m.text, encoding="utf-8", newline="\n")
        if m.translation is not None:
            (members_dir / f"{m.slug}.en.md").write_text(
                m.translation, encoding="utf-8", newline="\n"
            )
            translations += 1
        if m.logo is not None:
            (logos_dir / m.logo[0]).write_bytes(m.logo[1])
            logos += 1
    return members, translations, logos


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--members", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument(
        "--force", action="store_true", help="replace atlas.yaml, content/ and schema/ in DIR"
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    if args.members < 0:
        parser.error("--members must be >= 0")
    if out.exists() and any(out.iterdir()):
        if not args.force:
            parser.error(f"{out} is not empty (pass --force to replace the generated files)")
        for sub in ("content", "schema"):
            shutil.rmtree(out / sub, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    count, translations, logos = generate(args.members, args.seed, out)
    print(
        f"wrote {count} members ({translations} English texts, {logos} logos) to {out} "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
