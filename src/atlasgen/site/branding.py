"""The network's look on the site: its colour, logo, favicon and sharing images.

``brand_files(atlas, urls, logo)`` takes the atlas (``branding`` in atlas.yaml) and the
network logo's bytes and returns the ``Brand`` the templates get (URLs only) and the files
to write: ``assets/brand.<hash>.css`` (the colour as ``--brand`` and, for the dark colour
scheme, ``--brand-dark``: a lighter shade with at least 4.5 : 1 contrast on the dark
background), the favicon as SVG and PNG, the touch icon and the logo. ``og_images`` plans
the PNG cards that link previews show (``ogimage``): one for the site in each language,
one per listed member, one per competence; they are drawn while the pages render.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..common.colour import contrast_ratio, rgb
from ..content.model import Atlas
from ..content.names import Lang
from .urls import Urls
from .views import localized

__all__ = ["DARK_BG", "Brand", "OgCard", "brand_files", "dark_shade", "og_cards"]

DARK_BG = "#1e252d"
"""The lightest background of the dark colour scheme that links sit on (``--raised`` in
site.css; the page's own background, ``--bg``, is darker)."""


def dark_shade(colour: str, background: str = DARK_BG) -> str:
    """``colour`` mixed with white until it reads on ``background`` (contrast ≥ 4.6, a
    little above the 4.5 of WCAG AA, for the rounding of colours in browsers)."""
    r, g, b = rgb(colour)
    for step in range(0, 101, 5):
        mixed = tuple(round(c + (255 - c) * step / 100) for c in (r, g, b))
        shade = "#{:02x}{:02x}{:02x}".format(*mixed)
        if contrast_ratio(shade, background) >= 4.6:
            return shade
    return "#ffffff"


@dataclass(frozen=True)
class Brand:
    """What the templates get of the network's look: its colour and files' URLs."""

    color: str
    css: str
    logo: str | None
    favicon_svg: str
    favicon_png: str
    touch_icon: str
    og_image: str
    """The site's sharing image in the page's language is ``og_images[lang]``; this is
    the German one (the default of pages without their own)."""


def _hashed(stem: str, suffix: str, content: bytes) -> str:
    return f"assets/{stem}.{hashlib.sha256(content).hexdigest()[:10]}.{suffix}"


def brand_files(
    atlas: Atlas, urls: Urls, logo: tuple[str, bytes] | None
) -> tuple[Brand, dict[str, bytes]]:
    """The ``Brand`` and its files (output path → content); ``logo``: the network logo's
    file name and bytes (``branding.logo``), if any."""
    from .ogimage import favicon_png, favicon_svg, initials

    config = atlas.config
    colour = config.branding.color
    assert contrast_ratio(colour, "#ffffff") >= 4.5  # validated in the schema
    css = f":root{{--brand:{colour};--brand-dark:{dark_shade(colour)}}}\n".encode()
    letters = initials(config.network.name)
    css_path = _hashed("brand", "css", css)
    files = {
        css_path: css,
        "favicon.svg": favicon_svg(letters, colour),
        "favicon.png": favicon_png(letters, colour, 32),
        "apple-touch-icon.png": favicon_png(letters, colour, 180, rounded=False),
    }
    logo_url = None
    if logo is not None:
        name, content = logo
        suffix = Path(name).suffix.lstrip(".")
        path = _hashed("logo", suffix, content)
        files[path] = content
        logo_url = urls.file(path)
    brand = Brand(
        color=colour,
        css=urls.file(css_path),
        logo=logo_url,
        favicon_svg=urls.file("favicon.svg"),
        favicon_png=urls.file("favicon.png"),
        touch_icon=urls.file("apple-touch-icon.png"),
        og_image=urls.file(OG_DIR + "/site-de.png"),
    )
    return brand, files


OG_DIR = "og"
"""Folder of the sharing images below the site root."""


@dataclass(frozen=True)
class OgCard:
    """One sharing image to draw: its output path and what it shows."""

    path: str
    title: str
    subtitle: str
    site: str
    colour: str


def og_cards(atlas: Atlas, languages: list[Lang]) -> tuple[list[OgCard], dict[str, str]]:
    """The sharing images of the site (output paths ``og/…``), and member slug or
    ``competence:<id>`` or ``site:<lang>`` → path, for the pages to name them."""
    config = atlas.config
    colour = config.branding.color
    site = localized(config.title, "de").value
    cards: list[OgCard] = []
    names: dict[str, str] = {}
    for lang in languages:
        title = localized(config.title, lang).value
        description = config.description
        subtitle = localized(description, lang).value if description else ""
        path = f"{OG_DIR}/site-{lang}.png"
        cards.append(OgCard(path, title, subtitle, config.network.name, colour))
        names[f"site:{lang}"] = path
    for member in atlas.listed_members:
        path = f"{OG_DIR}/m/{member.slug}.png"
        subtitle = f"{member.data.tagline} · {member.location.city}"
        cards.append(OgCard(path, member.name, subtitle, site, colour))
        names[member.slug] = path
    for comp in atlas.competences.values():
        path = f"{OG_DIR}/c/{comp.id}.png"
        cards.append(OgCard(path, comp.entry.label.de, site, config.network.name, colour))
        names[f"competence:{comp.id}"] = path
    return cards, names
