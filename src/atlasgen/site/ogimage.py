"""Build-time images: share cards (``og:image``) and favicons, drawn with Pillow.

All functions are pure and deterministic: the same arguments give byte-identical bytes
for the same Pillow (with its FreeType), font file and zlib. The first two are fixed by
the project's dependencies; zlib is the system's ``libz.so.1``, which Pillow's wheels link
against, so another zlib (e.g. zlib-ng) may compress the same pixels to other bytes. The
pixels themselves do not depend on it. Nothing is read from the network or from the
system's fonts.

* ``og_image(title, subtitle, site, colour, *, dark=None) -> bytes``: a 1200×630 PNG card
  (:data:`WIDTH` × :data:`HEIGHT`, the size Facebook, LinkedIn, Mastodon and X want).
  The upper part has the background ``colour`` (``#rrggbb``, the network's primary
  colour), a short accent bar, the ``title`` in bold (wrapped to at most 3 lines, shrunk
  from 76 to 46 px until it fits, the last line ending in "…" if it still does not) and
  the ``subtitle`` below it (a member's tagline or district; 34 px, at most 2 lines, may be
  empty). A band at the bottom has the colour ``dark`` (default: ``colour`` darkened to
  72 %) and the ``site`` name (one line). No logo: member logos may be SVG, which Pillow
  cannot draw.
* ``favicon_svg(text, colour) -> bytes``: a square SVG favicon (viewBox 64×64): a rounded
  square of ``colour`` with ``text`` (1–2 letters, e.g. :func:`initials` of the network's
  name; more are cut) in the middle, in the browser's sans-serif font.
* ``favicon_png(text, colour, size, *, rounded=True) -> bytes``: the same as an RGBA PNG of
  ``size`` × ``size`` pixels (32 for a favicon, 180 for ``apple-touch-icon``; pass
  ``rounded=False`` there: iOS rounds the corners itself and shows transparent corners
  as black).
* ``favicon_ico(text, colour) -> bytes``: the same as ``favicon.ico`` with 16, 32 and 48
  px images (PNG-compressed, as Pillow writes ICO files), for old browsers and tools that
  ask for ``/favicon.ico``.
* ``initials(name) -> str``: the upper-case first letters of the first two words of
  letters, e.g. "connect.IT Heilbronn-Franken" → "CI", "Kompetenzatlas" → "K"; without
  any letter the first digit ("1&1" → "1"), else "".
* ``text_colour(background) -> str``: white or near-black text, whichever contrasts more
  with the background (``common.colour.contrast_ratio``, WCAG 2); black when near-black
  would stay under 4.5 : 1. So text on the cards and favicons always has a contrast of
  at least 4.5 : 1.

Colours must be ``#rrggbb`` or ``#rgb`` (``ValueError`` otherwise); they come from
``atlas.yaml`` and are checked there. Texts are untrusted (member names and taglines):
they are NFC-normalised; control, format (bidi marks, zero-width joiners, soft hyphens),
private-use, unassigned and combining characters are removed; any kind of white space
becomes one space; characters the font has no glyph for (emoji, Hebrew, Arabic, CJK, …)
are left out rather than drawn as boxes. A word wider than a line is broken between
letters; lines also break after hyphens and slashes. Nothing is ever drawn outside the
canvas, whatever the input; a text longer than :data:`MAX_CHARS` characters is cut first,
so time stays bounded. Right-to-left text is not reordered (Pillow's basic layout is used
on purpose: Raqm, which would shape and reorder it, depends on a system library, FriBiDi,
and so would make the bytes differ between machines); such scripts are not in the font
anyway.

Font: **Source Sans Pro** (Regular and Bold) by Paul D. Hunt for Adobe, © 2010, 2012, 2014
Adobe Systems Incorporated, with Reserved Font Name "Source", under the **SIL Open Font
License 1.1**; it comes from the PyPI package ``font-source-sans-pro`` (the licence text is
``font_source_sans_pro/files/LICENSE.txt`` in it). The OFL does not restrict images made
with the font; credit it (name, copyright, licence) in the project's third-party notices.
Pillow's own scalable default font (``ImageFont.load_default(size=…)``, a subset of Aileron)
was checked first and has no glyphs for ä, ö, ü, ß, „ or –.

Why a palette PNG: a card has two background colours and one text colour on each, so
it is drawn as a coverage mask (how much of each pixel is text) and stored with a fixed
palette of :data:`LEVELS` steps from each background to its text colour: 16 colours, 4
bits per pixel. That keeps the anti-aliasing, needs no quantiser (no dithering, nothing
that depends on the image's content), is fast (about 10 ms a card, zlib level 6), and
gives cards of 10–20 kB; the same card as an RGB PNG with full anti-aliasing has 56 kB.
The PNG has no chunks besides IHDR, PLTE, IDAT and IEND: no time, no text, no resolution.
"""

from __future__ import annotations

import io
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from ..common.colour import RGB, contrast_ratio, hex_colour, rgb

__all__ = [
    "HEIGHT",
    "LEVELS",
    "MAX_CHARS",
    "WIDTH",
    "favicon_ico",
    "favicon_png",
    "favicon_svg",
    "initials",
    "og_image",
    "text_colour",
]

WIDTH = 1200
"""Width of a share card in pixels."""
HEIGHT = 630
"""Height of a share card in pixels."""
LEVELS = 8
"""Palette steps from a background to its text colour (anti-aliasing levels)."""
MAX_CHARS = 400
"""Texts are cut to this many characters (after cleaning) before they are laid out."""

WHITE = "#ffffff"
NEAR_BLACK = "#111111"
BLACK = "#000000"

_PAD_X = 80
_TEXT_WIDTH = WIDTH - 2 * _PAD_X
_ACCENT = (_PAD_X, 76, _PAD_X + 96, 84)
_TITLE_TOP = 116
_BAND_TOP = 510
_TEXT_BOTTOM = _BAND_TOP - 36
_TITLE_SIZES = (76, 68, 60, 52, 46)
_TITLE_LINES = 3
_TITLE_LEADING = 1.12
_SUBTITLE_SIZE = 34
_SUBTITLE_LINES = 2
_SUBTITLE_LEADING = 1.3
_GAP = 26
_SITE_SIZE = 34
_DARKEN = 0.72
_ELLIPSIS = "…"

_FONT_PACKAGE = "font_source_sans_pro"
_REGULAR = "SourceSansPro-Regular.ttf"
_BOLD = "SourceSansPro-Bold.ttf"

_SPACES = re.compile(r" {2,}")
# Break opportunities inside a word: after a hyphen, an en dash or a slash.
_PIECES = re.compile(r"[^-/–]*[-/–]+|[^-/–]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_REPLACE = {"\u2010": "-", "\u2011": "-"}  # hyphen, non-breaking hyphen (not in the font)


# --- colours -------------------------------------------------------------------------


def text_colour(background: str) -> str:
    """White or near-black, whichever contrasts more with ``background``; black where
    near-black would stay under 4.5 : 1 (then white does too). At least 4.5 : 1."""
    on_white = contrast_ratio(background, WHITE)
    on_dark = contrast_ratio(background, NEAR_BLACK)
    if on_white >= on_dark:
        return WHITE if on_white >= 4.5 else BLACK
    return NEAR_BLACK if on_dark >= 4.5 else BLACK


def _darken(rgb: RGB) -> RGB:
    return (round(rgb[0] * _DARKEN), round(rgb[1] * _DARKEN), round(rgb[2] * _DARKEN))


def _ramp(background: RGB, foreground: RGB) -> list[int]:
    """``LEVELS`` palette entries from ``background`` (coverage 0) to ``foreground``."""
    entries: list[int] = []
    for step in range(LEVELS):
        t = step / (LEVELS - 1)
        entries.extend(round(b + (f - b) * t) for b, f in zip(background, foreground, strict=True))
    return entries


# --- fonts and text --------------------------------------------------------------------


@lru_cache(maxsize=2)
def _font_bytes(name: str) -> bytes:
    return (resources.files(_FONT_PACKAGE) / "files" / name).read_bytes()


@lru_cache(maxsize=32)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    # Basic layout on purpose: Raqm's output depends on the system's FriBiDi (see above).
    return ImageFont.truetype(
        io.BytesIO(_font_bytes(name)), size, layout_engine=ImageFont.Layout.BASIC
    )


@lru_cache(maxsize=2)
def _notdef(name: str) -> bytes:
    # U+10FFFD (private use, plane 16) has no glyph in any normal font: the .notdef box.
    return bytes(_font(name, 32).getmask("\U0010fffd"))


@lru_cache(maxsize=8192)
def _has_glyph(name: str, char: str) -> bool:
    return bytes(_font(name, 32).getmask(char)) != _notdef(name)


def _clean(text: str, font: str, limit: int = MAX_CHARS) -> str:
    """``text`` without what cannot or must not be drawn (see the module docstring), white
    space collapsed, at most ``limit`` characters (then ending in "…")."""
    if not isinstance(text, str):
        return ""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        char = _REPLACE.get(char, char)
        if char.isspace():
            out.append(" ")
        elif unicodedata.category(char)[0] in "CM":
            continue  # controls, format, surrogates, private use, unassigned, combining
        elif _has_glyph(font, char):
            out.append(char)
        if len(out) > 2 * limit:  # enough to fill ``limit`` after collapsing spaces
            break
    cleaned = _SPACES.sub(" ", "".join(out)).strip()
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + _ELLIPSIS
    return cleaned


def _pieces(text: str) -> list[tuple[str, bool]]:
    """Unbreakable pieces of ``text`` and whether a space comes before each."""
    pieces: list[tuple[str, bool]] = []
    for word in text.split(" "):
        for i, piece in enumerate(_PIECES.findall(word)):
            pieces.append((piece, i == 0))
    return pieces


def _longest_fitting_prefix(text: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    """The largest ``k ≥ 1`` with ``text[:k]`` at most ``width`` wide (or 1)."""
    low, high = 1, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if font.getlength(text[:mid]) <= width:
            low = mid
        else:
            high = mid - 1
    return low


def _ellipsize(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    line = line.rstrip(" -/–")
    while line and font.getlength(line + _ELLIPSIS) > width:
        line = line[:-1].rstrip(" -/–")
    return line + _ELLIPSIS


def _wrap(
    text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int
) -> tuple[list[str], bool]:
    """Greedy line breaking: the lines (at most ``max_lines``, each at most ``width`` wide)
    and whether the text was complete. If not, the last line ends in "…"."""
    lines: list[str] = []
    current = ""

    def full() -> bool:
        return len(lines) >= max_lines

    for piece, space in _pieces(text):
        candidate = f"{current} {piece}" if space and current else current + piece
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
            if full():
                break
        while font.getlength(piece) > width:  # a word wider than a line
            cut = _longest_fitting_prefix(piece, font, width)
            lines.append(piece[:cut])
            piece = piece[cut:]
            if full():
                break
        if full():
            break
        current = piece
    else:
        if current:
            lines.append(current)
        return lines, True
    lines[-1] = _ellipsize(lines[-1], font, width)
    return lines, False


def _block_height(lines: list[str], size: int, leading: float) -> int:
    return round(size * leading * len(lines)) if lines else 0


def _draw_lines(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    font: ImageFont.FreeTypeFont,
    top: int,
    leading: float,
) -> None:
    size = round(font.size)
    ascent = font.getmetrics()[0]
    for i, line in enumerate(lines):
        baseline = top + min(ascent, size) + round(i * size * leading)
        draw.text((_PAD_X, baseline), line, fill=255, font=font, anchor="ls")


def _layout_title(title: str, subtitle_height: int) -> tuple[list[str], int]:
    room = _TEXT_BOTTOM - _TITLE_TOP - (subtitle_height + _GAP if subtitle_height else 0)
    for size in _TITLE_SIZES:
        lines, complete = _wrap(title, _font(_BOLD, size), _TEXT_WIDTH, _TITLE_LINES)
        if complete and _block_height(lines, size, _TITLE_LEADING) <= room:
            return lines, size
    size = _TITLE_SIZES[-1]
    return _wrap(title, _font(_BOLD, size), _TEXT_WIDTH, _TITLE_LINES)[0], size


# --- share card ------------------------------------------------------------------------


def og_image(
    title: str, subtitle: str, site: str, colour: str, *, dark: str | None = None
) -> bytes:
    """A 1200×630 PNG share card (see the module docstring)."""
    top_rgb = rgb(colour)
    band_rgb = rgb(dark) if dark is not None else _darken(top_rgb)
    top_ink = rgb(text_colour(hex_colour(top_rgb)))
    band_ink = rgb(text_colour(hex_colour(band_rgb)))

    title_text = _clean(title, _BOLD)
    subtitle_text = _clean(subtitle, _REGULAR)
    site_text = _clean(site, _BOLD)

    subtitle_font = _font(_REGULAR, _SUBTITLE_SIZE)
    subtitle_lines = (
        _wrap(subtitle_text, subtitle_font, _TEXT_WIDTH, _SUBTITLE_LINES)[0]
        if subtitle_text
        else []
    )
    subtitle_height = _block_height(subtitle_lines, _SUBTITLE_SIZE, _SUBTITLE_LEADING)
    title_lines, title_size = _layout_title(title_text, subtitle_height) if title_text else ([], 0)

    coverage = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(coverage)
    draw.rectangle(_ACCENT, fill=255)
    if title_lines:
        _draw_lines(draw, title_lines, _font(_BOLD, title_size), _TITLE_TOP, _TITLE_LEADING)
    if subtitle_lines:
        top = _TITLE_TOP
        if title_lines:
            top += _block_height(title_lines, title_size, _TITLE_LEADING) + _GAP
        _draw_lines(draw, subtitle_lines, subtitle_font, top, _SUBTITLE_LEADING)
    if site_text:
        site_font = _font(_BOLD, _SITE_SIZE)
        line = _wrap(site_text, site_font, _TEXT_WIDTH, 1)[0][0]
        middle = (_BAND_TOP + HEIGHT) // 2
        draw.text((_PAD_X, middle), line, fill=255, font=site_font, anchor="lm")

    # Coverage 0–255 → palette index: 0…LEVELS-1 above the band, LEVELS…2·LEVELS-1 in it.
    scale = (LEVELS - 1) / 255
    upper = coverage.point([round(v * scale) for v in range(256)])
    band = coverage.crop((0, _BAND_TOP, WIDTH, HEIGHT)).point(
        [LEVELS + round(v * scale) for v in range(256)]
    )
    upper.paste(band, (0, _BAND_TOP))
    card = Image.frombytes("P", (WIDTH, HEIGHT), upper.tobytes())
    card.putpalette(_ramp(top_rgb, top_ink) + _ramp(band_rgb, band_ink))
    # zlib level 6: 5 ms and 7 % larger; level 9 takes 50 ms for a card.
    return _png(card, compress_level=6, bits=4)


def _png(image: Image.Image, **params: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, **({"compress_level": 9} | params))
    return out.getvalue()


# --- favicons --------------------------------------------------------------------------


def _favicon_letters(text: str, font: str | None) -> str:
    """At most two characters of ``text``, cleaned as for the cards (``font=None``: no
    glyph check, for SVG, which the browser draws with its own fonts)."""
    if not isinstance(text, str):
        return ""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char.isspace() or unicodedata.category(char)[0] in "CMZ":
            continue
        if font is None or _has_glyph(font, char):
            out.append(char)
            if len(out) == 2:
                break
    return "".join(out)


def favicon_svg(text: str, colour: str) -> bytes:
    """A square SVG favicon: 1–2 letters of ``text`` on a rounded square of ``colour``."""
    fill = hex_colour(rgb(colour))
    ink = text_colour(fill)
    letters = _favicon_letters(text, None)
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">',
        f'<rect width="64" height="64" rx="14" fill="{fill}"/>',
    ]
    if letters:
        size = 38 if len(letters) == 1 else 30
        # Baseline at the middle plus half the cap height (about 0.7 em).
        baseline = 32 + round(size * 0.35)
        parts.append(
            f'<text x="32" y="{baseline}" text-anchor="middle" fill="{ink}" '
            f"font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" "
            f'font-size="{size}" font-weight="700">{escape(letters)}</text>'
        )
    parts.append("</svg>\n")
    return "".join(parts).encode("utf-8")


def _favicon_image(text: str, colour: str, size: int, rounded: bool) -> Image.Image:
    if not isinstance(size, int) or not 1 <= size <= 1024:
        raise ValueError(f"favicon size {size!r} is not between 1 and 1024 pixels")
    fill = rgb(colour)
    ink = rgb(text_colour(hex_colour(fill)))
    letters = _favicon_letters(text, _BOLD)
    scale = 4  # drawn 4× larger, then scaled down: smooth edges, also of the corners
    big = size * scale
    image = Image.new("RGBA", (big, big), (*fill, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(big * 14 / 64), fill=fill)
    else:
        draw.rectangle((0, 0, big - 1, big - 1), fill=fill)
    if letters:
        font = _font(_BOLD, round(big * (0.62 if len(letters) == 1 else 0.48)))
        left, top, right, bottom = draw.textbbox((0, 0), letters, font=font, anchor="ls")
        x = (big - (right - left)) / 2 - left
        y = (big - (bottom - top)) / 2 - top
        draw.text((x, y), letters, fill=ink, font=font, anchor="ls")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def favicon_png(text: str, colour: str, size: int, *, rounded: bool = True) -> bytes:
    """The favicon as a ``size`` × ``size`` RGBA PNG (see the module docstring)."""
    return _png(_favicon_image(text, colour, size, rounded))


def favicon_ico(text: str, colour: str) -> bytes:
    """The favicon as ``favicon.ico`` with 16, 32 and 48 px images."""
    out = io.BytesIO()
    _favicon_image(text, colour, 48, True).save(
        out,
        "ICO",
        sizes=[(16, 16), (32, 32), (48, 48)],
        append_images=[_favicon_image(text, colour, s, True) for s in (16, 32)],
    )
    return out.getvalue()


def initials(name: str) -> str:
    """The upper-case first letters of the first two words of letters in ``name``."""
    if not isinstance(name, str):
        return ""
    name = unicodedata.normalize("NFC", name)
    letters = [word[0] for word in _LETTERS.findall(name)[:2]]
    if not letters:
        digit = _DIGIT.search(name)
        return digit.group(0) if digit else ""
    # "ß".upper() is "SS": keep a letter whose upper case is more than one character.
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in letters)
