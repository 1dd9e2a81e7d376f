"""Share cards (og:image) and favicons, as a visitor or a crawler would get them."""

from __future__ import annotations

import io
import struct
import time
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from atlasgen.common.colour import contrast_ratio
from atlasgen.site.ogimage import (
    HEIGHT,
    LEVELS,
    WIDTH,
    favicon_ico,
    favicon_png,
    favicon_svg,
    initials,
    og_image,
    text_colour,
)

SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BLUE = "#0b5cad"
YELLOW = "#f2c94c"
TITLE = "Müller & Söhne Digitalisierungsberatung GmbH – IT-Sicherheit für den Mittelstand"
TAGLINE = "Cloud-Migration, Datenschutz und Softwareentwicklung aus Schwäbisch Hall – „persönlich“"
SITE = "Kompetenzatlas connect.IT Heilbronn-Franken"

TITLE_AREA = (0, 100, WIDTH, 480)
"""Where the title and the subtitle are drawn (above the band with the site name)."""
BAND = (0, 520, WIDTH, HEIGHT)
LEFT_MARGIN = (0, 0, 60, HEIGHT)
RIGHT_MARGIN = (WIDTH - 60, 0, WIDTH, HEIGHT)

HOSTILE = {
    "long word": "x" * 10_000,
    "long words with spaces": " ".join(["Donaudampfschifffahrtsgesellschaft"] * 500),
    "controls": "\x00\x07\x08\x1b[31mRot\x7f\x85\x9b Ende\r\n\t",
    "bidi": "\u202eevil\u202c \u200fשלום\u200e مرحبا \u2066iso\u2069",
    "emoji": "😀 👩‍👩‍👧 🇩🇪 ❤️ Emoji",
    "empty": "",
    "only spaces": " \u00a0\u2003\u3000 " * 100,
    "combining": "Z\u0351\u0352\u0353\u0354a\u0300\u0301\u0302" * 200,
    "lone surrogate": "\ud800 \udfff text",
    "hyphens": "-" * 3000,
    "slashes": "/".join(["a"] * 4000),
    "unassigned and private use": "\U000e0001\uf8ff\U0010fffd\ufffe\uffff",
}


def ink(image: Image.Image, box: tuple[int, int, int, int], band: bool = False) -> int:
    """Pixels in ``box`` that are (partly) text: palette index other than the background."""
    histogram = image.crop(box).histogram()
    start = LEVELS if band else 0
    return sum(histogram[start + 1 : start + LEVELS])


def card(title: str = TITLE, subtitle: str = TAGLINE, site: str = SITE, **kw: str) -> Image.Image:
    image = Image.open(io.BytesIO(og_image(title, subtitle, site, kw.pop("colour", BLUE), **kw)))
    image.load()
    return image


def chunks(png: bytes) -> list[str]:
    """The chunk types of a PNG file, in order."""
    types, pos = [], len(PNG_SIGNATURE)
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        types.append(png[pos + 4 : pos + 8].decode("ascii"))
        pos += 12 + length
    return types


# --- share cards -------------------------------------------------------------------------


def test_card_is_a_1200_by_630_palette_png() -> None:
    png = og_image(TITLE, TAGLINE, SITE, BLUE)
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)
    assert image.mode == "P"
    assert len(image.getpalette() or []) // 3 == 2 * LEVELS


def test_card_has_no_metadata_chunks() -> None:
    types = chunks(og_image(TITLE, TAGLINE, SITE, BLUE))
    assert types[0] == "IHDR" and types[-1] == "IEND"
    assert set(types) == {"IHDR", "PLTE", "IDAT", "IEND"}


def test_same_input_gives_the_same_bytes() -> None:
    assert og_image(TITLE, TAGLINE, SITE, BLUE) == og_image(TITLE, TAGLINE, SITE, BLUE)
    assert og_image(TITLE, TAGLINE, SITE, BLUE) != og_image(TITLE + "!", TAGLINE, SITE, BLUE)


def test_title_subtitle_and_site_are_drawn() -> None:
    blank = card("", "", "")
    assert ink(blank, TITLE_AREA) == 0
    assert ink(blank, BAND, band=True) == 0
    title_only = card(TITLE, "", "")
    assert ink(title_only, TITLE_AREA) > 20_000
    with_subtitle = card(TITLE, TAGLINE, "")
    assert ink(with_subtitle, TITLE_AREA) > ink(title_only, TITLE_AREA) + 5_000
    assert ink(card(), BAND, band=True) > 3_000


def test_german_letters_and_dashes_have_glyphs() -> None:
    # Characters without a glyph are left out, so a title of only those would be blank.
    for text in ("ÄÖÜäöüß", "– „“ …", "ẞ €", "İĞŞ ČŘŽ ŁŃ ő"):
        assert ink(card(text, "", ""), TITLE_AREA) > 500, text


def test_missing_glyphs_are_left_out_not_drawn_as_boxes() -> None:
    assert og_image("😀👩‍👩‍👧 Ab", "", "", BLUE) == og_image("Ab", "", "", BLUE)
    assert ink(card("😀🇩🇪中文", "", ""), TITLE_AREA) == 0


def first_line_height(image: Image.Image) -> int:
    """Height in pixels of the first run of rows with text in the title area."""
    mask = image.crop(TITLE_AREA).point(lambda i: 255 if 0 < i < LEVELS else 0)
    rows = [mask.crop((0, y, mask.width, y + 1)).getbbox() is not None for y in range(mask.height)]
    start = rows.index(True)
    end = rows.index(False, start)
    return end - start


def test_a_long_title_is_shrunk_before_it_is_cut() -> None:
    # "Hallo" has no descenders: the ink of its line is the height of the "H" and "ll".
    one_line = first_line_height(card("Hallo", "", ""))
    # 25 words take 5 lines at the largest size, 3 at a smaller one.
    shrunk = first_line_height(card("Hallo " * 25, "", ""))
    assert shrunk < 0.9 * one_line
    assert shrunk > 0.5 * one_line


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_neither_crashes_nor_overflows(text: str) -> None:
    started = time.perf_counter()
    image = card(text, text, text)
    assert time.perf_counter() - started < 2
    assert image.size == (WIDTH, HEIGHT)
    # Nothing is drawn into the margins, however long the words.
    assert ink(image, LEFT_MARGIN) == 0
    assert ink(image, RIGHT_MARGIN) == 0
    assert ink(image, (0, BAND[1], 60, HEIGHT), band=True) == 0
    assert ink(image, (WIDTH - 60, BAND[1], WIDTH, HEIGHT), band=True) == 0


def test_lines_break_long_words_and_end_in_an_ellipsis() -> None:
    # Internals: the line breaking behind the cards.
    from atlasgen.site.ogimage import _BOLD, _TEXT_WIDTH, _clean, _font, _wrap

    font = _font(_BOLD, 46)
    lines, complete = _wrap(_clean("x" * 10_000, _BOLD), font, _TEXT_WIDTH, 3)
    assert not complete and len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(font.getlength(line) <= _TEXT_WIDTH for line in lines)
    lines, complete = _wrap("IT-Sicherheit Heilbronn-Franken", font, 420, 3)
    assert complete and lines == ["IT-Sicherheit", "Heilbronn-Franken"]
    assert _clean("a\x00b\u200d\u202ec \t\n d\u00a0e", _BOLD) == "abc d e"


def test_control_and_bidi_characters_are_stripped() -> None:
    assert og_image("\x00A\u202eb\u200f\x1b", "", "", BLUE) == og_image("Ab", "", "", BLUE)
    assert og_image("A\tb\n\nc", "", "", BLUE) == og_image("A b c", "", "", BLUE)


def test_text_contrasts_with_dark_and_light_colours() -> None:
    assert text_colour(BLUE) == "#ffffff"
    assert text_colour(YELLOW) == "#111111"
    assert text_colour("#ffffff") == "#111111"
    assert text_colour("#000000") == "#ffffff"
    for colour in (BLUE, YELLOW):
        assert contrast_ratio(colour, text_colour(colour)) >= 4.5


def test_text_colour_reaches_4_5_to_1_for_every_background() -> None:
    steps = range(0, 256, 15)
    for r in steps:
        for g in steps:
            for b in steps:
                colour = f"#{r:02x}{g:02x}{b:02x}"
                assert contrast_ratio(colour, text_colour(colour)) >= 4.5, colour


@pytest.mark.parametrize(("colour", "ink_rgb"), [(BLUE, (255, 255, 255)), (YELLOW, (17, 17, 17))])
def test_card_uses_the_colour_and_the_contrasting_text_colour(
    colour: str, ink_rgb: tuple[int, int, int]
) -> None:
    image = card(colour=colour).convert("RGB")
    assert image.getpixel((WIDTH - 20, 20)) == tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    colours = {rgb for _, rgb in image.crop(TITLE_AREA).getcolors(256) or []}
    assert ink_rgb in colours


def test_band_takes_the_dark_colour() -> None:
    image = card(colour=YELLOW, dark="#333333").convert("RGB")
    assert image.getpixel((WIDTH - 20, HEIGHT - 20)) == (0x33, 0x33, 0x33)
    # White text on the dark band, near-black on the yellow.
    assert (255, 255, 255) in {rgb for _, rgb in image.crop(BAND).getcolors(256) or []}


def test_default_band_is_darker_than_the_colour() -> None:
    image = card().convert("RGB")
    top = image.getpixel((WIDTH - 20, 20))
    band = image.getpixel((WIDTH - 20, HEIGHT - 20))
    assert isinstance(top, tuple) and isinstance(band, tuple)
    assert sum(band) < sum(top)


@pytest.mark.parametrize("colour", ["0b5cad", "#0b5cadff", "blue", "#gggggg", ""])
def test_invalid_colours_are_refused(colour: str) -> None:
    with pytest.raises(ValueError, match="colour"):
        og_image(TITLE, TAGLINE, SITE, colour)
    with pytest.raises(ValueError, match="colour"):
        favicon_svg("CI", colour)


def test_short_colour_form_is_accepted() -> None:
    assert og_image("A", "", "", "#fff") == og_image("A", "", "", "#ffffff")


def test_typical_card_is_small() -> None:
    sizes = [
        len(og_image(TITLE, TAGLINE, SITE, BLUE)),
        len(og_image("Weiß & Groß IT-Systemhaus", "Hohenlohekreis", "Kompetenzatlas", YELLOW)),
        len(og_image(TITLE * 3, TAGLINE * 3, SITE * 3, "#7a1f5c")),
    ]
    assert max(sizes) < 60_000, sizes


# --- favicons -----------------------------------------------------------------------------


def svg_root(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    assert root.attrib["viewBox"] == "0 0 64 64"
    return root


def test_favicon_svg_is_well_formed_with_letters_on_the_colour() -> None:
    data = favicon_svg("CI", BLUE)
    root = svg_root(data)
    rect = root.find(f"{SVG}rect")
    text = root.find(f"{SVG}text")
    assert rect is not None and rect.attrib["fill"] == BLUE
    assert text is not None and text.text == "CI" and text.attrib["fill"] == "#ffffff"
    assert favicon_svg("CI", BLUE) == data
    dark_text = svg_root(favicon_svg("K", YELLOW)).find(f"{SVG}text")
    assert dark_text is not None and dark_text.attrib["fill"] == "#111111"


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("<&", "<&"),
        ("\"'", "\"'"),
        ("]]>", "]]"),
        ("\x00\x1bA\u202e", "A"),
        ("\ud800B", "B"),
        ("ABCDEF", "AB"),
        ("Ö ß", "Öß"),
    ],
)
def test_favicon_svg_escapes_and_cleans_the_letters(given: str, shown: str) -> None:
    text = svg_root(favicon_svg(given, BLUE)).find(f"{SVG}text")
    assert text is not None and text.text == shown


def test_favicon_svg_without_letters_is_a_plain_square() -> None:
    root = svg_root(favicon_svg("", BLUE))
    assert root.find(f"{SVG}text") is None
    assert root.find(f"{SVG}rect") is not None


@pytest.mark.parametrize("size", [16, 32, 48, 180, 512])
def test_favicon_png_has_the_requested_size(size: int) -> None:
    data = favicon_png("CI", BLUE, size)
    assert data.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(data))
    assert image.size == (size, size)
    assert image.mode == "RGBA"
    assert data == favicon_png("CI", BLUE, size)
    assert set(chunks(data)) == {"IHDR", "IDAT", "IEND"}


def test_favicon_png_draws_the_letters_and_rounds_the_corners() -> None:
    rounded = Image.open(io.BytesIO(favicon_png("CI", BLUE, 180))).convert("RGBA")
    square = Image.open(io.BytesIO(favicon_png("CI", BLUE, 180, rounded=False))).convert("RGBA")
    blank = Image.open(io.BytesIO(favicon_png("", BLUE, 180))).convert("RGBA")
    corner = rounded.getpixel((0, 0))
    assert isinstance(corner, tuple) and corner[3] == 0
    assert square.getpixel((0, 0)) == (0x0B, 0x5C, 0xAD, 255)
    assert blank.getpixel((90, 90)) == (0x0B, 0x5C, 0xAD, 255)
    colours = {rgba for _, rgba in rounded.getcolors(180 * 180) or []}
    assert (255, 255, 255, 255) in colours


def test_favicon_png_refuses_odd_sizes() -> None:
    for size in (0, -1, 5000):
        with pytest.raises(ValueError, match="size"):
            favicon_png("CI", BLUE, size)


def test_favicon_ico_holds_three_sizes() -> None:
    data = favicon_ico("CI", BLUE)
    image = Image.open(io.BytesIO(data))
    assert image.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= set(image.info["sizes"])
    assert data == favicon_ico("CI", BLUE)


# --- initials -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("connect.IT Heilbronn-Franken", "CI"),
        ("Kompetenzatlas", "K"),
        ("IT-Netzwerk Hohenlohe", "IN"),
        ("  öffentliche  über  ", "ÖÜ"),
        ("42 Digital", "D"),
        ("1&1", "1"),
        ("", ""),
        ("!!! ???", ""),
        ("straße ßtudio", "Sß"),
        ("e\u0301cole", "É"),
        ("\x00\u202eAbc def", "AD"),
        ("_under_score", "US"),
    ],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected
