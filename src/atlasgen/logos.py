"""Logo files are untrusted: check that they are what they claim and carry nothing active.

Raster logos must start with the signature of their format. SVG logos are
rejected, not rewritten, when they contain scripts, event handlers, foreign
objects, entity declarations or references to anything outside the file: a
member can export a plain SVG, and a rejected file with a clear message is safer
than a sanitizer's guess. The site shows logos only through ``<img>``, never
inline, so even a missed construct could not run in the page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

__all__ = ["logo_problem"]

_SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video"}
_URL_FUNCTION = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _svg_problem(data: bytes) -> str | None:
    if b"<!ENTITY" in data or b"<!entity" in data:
        return "the SVG declares XML entities"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"the SVG is not well-formed XML ({exc})"
    if _local(root.tag) != "svg":
        return "the file is not an SVG image"
    for element in root.iter():
        tag = _local(element.tag)
        if tag in _FORBIDDEN_ELEMENTS:
            return f"the SVG contains a <{tag}> element"
        if (
            tag == "style"
            and (element.text or "")
            and (_URL_FUNCTION.search(element.text or "") or "@import" in (element.text or ""))
        ):
            return "the SVG's style loads something from outside the file"
        for attribute, value in element.attrib.items():
            name = _local(attribute)
            if name.startswith("on"):
                return f"the SVG has an event handler ({name})"
            if name == "href" and not value.startswith("#"):
                return "the SVG links or embeds something outside the file"
            if _URL_FUNCTION.search(value):
                return "the SVG loads something from outside the file"
    return None


def logo_problem(name: str, data: bytes) -> str | None:
    """What is wrong with the logo file ``name`` (by extension), or ``None``."""
    extension = name.rsplit(".", 1)[-1].lower()
    if extension == "svg":
        return _svg_problem(data)
    if extension == "webp":
        ok = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    else:
        ok = data.startswith(_SIGNATURES.get(extension, (b"\x00\x00\x00\x00",)))
    return None if ok else f"the file is not a {extension.upper()} image"
