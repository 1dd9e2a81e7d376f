"""Colours as ``#rrggbb`` (or ``#rgb``) text, and their WCAG 2 contrast.

``rgb(colour)`` takes the text and returns the three channels (``ValueError`` for
anything else), ``hex_colour(rgb)`` goes back, ``contrast_ratio(a, b)`` is the WCAG 2
contrast ratio of two colours (1 to 21). The one place atlasgen computes contrast: the
check of ``branding.color`` in atlas.yaml, the dark shade of the site's colour and the text
colour of the sharing images all use it.
"""

from __future__ import annotations

import re

__all__ = ["RGB", "contrast_ratio", "hex_colour", "rgb"]

RGB = tuple[int, int, int]

_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\Z")


def rgb(colour: str) -> RGB:
    """The channels of ``#rrggbb`` or ``#rgb``."""
    match = _HEX.match(colour) if isinstance(colour, str) else None
    if match is None:
        raise ValueError(f"{colour!r} is not a colour in the form #rrggbb")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def hex_colour(channels: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*channels)


def _luminance(channels: RGB) -> float:
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (v / 255 for v in channels)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    la, lb = _luminance(rgb(a)), _luminance(rgb(b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
