"""Logo files are untrusted: check that they are what they claim and carry nothing active.

Raster logos must start with the signature of their format. SVG logos are
rejected, not rewritten, when they contain scripts, event handlers, foreign
objects, HTML elements, entity declarations, script URLs (also in animations),
style sheet processing instructions or references to anything outside the file
(CSS escapes and ``@IMPORT`` in any case included): a member can export a plain
SVG, and a rejected file with a clear message is safer than a sanitizer's guess.
The site shows logos only through ``<img>``, never inline, so a missed construct
could not run in the page; it could when someone opens the logo's own address,
which is why the check is strict.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.parsers import expat

from ..common.i18n import t

__all__ = ["logo_problem"]

_SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
_FORBIDDEN_ELEMENTS = {
    "script", "foreignobject", "iframe", "embed", "object", "audio", "video", "handler",
    "listener",
}  # fmt: skip
_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
_HTML_NAMESPACE = "{http://www.w3.org/1999/xhtml}"
_URL_FUNCTION = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)
_CSS_LOADS = re.compile(r"@import|image-set\(", re.I)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.S)
_SCRIPT_URL = re.compile(r"(?:java|vb)script:", re.I)
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
"""What a browser's URL parser drops or skips (tabs and new lines anywhere)."""


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _css(text: str) -> str:
    """CSS with its escapes resolved (``u\\72l(`` is ``url(``, ``@im\\port`` is ``@import``)."""

    def char(m: re.Match[str]) -> str:
        if m[2] is not None:
            return m[2]
        code = int(m[1], 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _CSS_ESCAPE.sub(char, text)


def _prolog_problem(data: bytes) -> str | None:
    """Entity declarations and style sheet processing instructions, in any encoding
    (ElementTree drops processing instructions before the root element)."""
    found: list[str] = []

    def entity(*_: object) -> None:
        found.append(t("logos.svg_entities"))

    def instruction(target: str, _: str) -> None:
        if target.lower() == "xml-stylesheet":
            found.append(t("logos.svg_stylesheet"))

    parser = expat.ParserCreate()
    parser.EntityDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return None  # reported with the parse error below
    return found[0] if found else None


def _svg_problem(data: bytes) -> str | None:
    if b"<!ENTITY" in data or b"<!entity" in data:
        return t("logos.svg_entities")
    if problem := _prolog_problem(data):
        return problem
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return t("logos.svg_not_xml", error=exc)
    if _local(root.tag) != "svg":
        return t("logos.not_svg")
    for element in root.iter():
        tag = _local(element.tag)
        if tag in _FORBIDDEN_ELEMENTS:
            return t("logos.svg_element", tag=tag)
        if isinstance(element.tag, str) and element.tag.startswith(_HTML_NAMESPACE):
            return t("logos.svg_html", tag=tag)
        css = _css(element.text or "") if tag == "style" else ""
        if _URL_FUNCTION.search(css) or _CSS_LOADS.search(css):
            return t("logos.svg_style_loads")
        for attribute, value in element.attrib.items():
            name = _local(attribute)
            if name.startswith("on"):
                return t("logos.svg_event_handler", name=name)
            if name == "href" and not value.startswith("#"):
                return t("logos.svg_external_link")
            if _SCRIPT_URL.search(_URL_IGNORED.sub("", value)):
                return t("logos.svg_script_url")
            if (
                tag in _ANIMATIONS
                and name == "attributename"
                and value.strip().rsplit(":", 1)[-1].lower() == "href"  # also xlink:href
            ):
                return t("logos.svg_animated_link")
            css = _css(value)
            if _URL_FUNCTION.search(css) or _CSS_LOADS.search(css):
                return t("logos.svg_loads")
    return None


def logo_problem(name: str, data: bytes) -> str | None:
    """What is wrong with the logo file ``name`` (by extension), or ``None``: a clause
    in the language in use (``the SVG contains a <script> element``), for callers to
    put after ``logo file 'name': ``."""
    extension = name.rsplit(".", 1)[-1].lower()
    if extension == "svg":
        return _svg_problem(data)
    if extension == "webp":
        ok = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    else:
        ok = data.startswith(_SIGNATURES.get(extension, (b"\x00\x00\x00\x00",)))
    return None if ok else t("logos.wrong_format", kind=extension.upper())
