"""Member Markdown becomes safe HTML with headings below the page's h1."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from atlasgen.site.markup import render_markdown


@pytest.mark.parametrize(
    ("markdown", "headings"),
    [
        ("# A\n\n### B\n\n# C", ["h2", "h3", "h2"]),
        ("### Nur drei\n\n#### vier", ["h2", "h3"]),
        ("## Leistungen\n\ntext", ["h2"]),
        ("#### tief\n\n# hoch\n\n## mitte", ["h2", "h2", "h3"]),
    ],
)
def test_headings_start_at_h2_and_never_skip_a_level(markdown: str, headings: list[str]) -> None:
    html = render_markdown(markdown)
    import re

    assert re.findall(r"<(h\d)>", html) == headings
    assert re.findall(r"</(h\d)>", html) == headings


@pytest.mark.parametrize(
    "payload",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="vbscript:msgbox(1)">x</a>',
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<svg><script>alert(1)</script></svg>",
        '<iframe src="https://evil.example.com"></iframe>',
        "<style>*{display:none}</style>",
        '<a href="https://ok.example.com" onclick="alert(1)">ok</a>',
        "[x](https://ok.example.com){: onclick=alert(1)}",
    ],
)
def test_active_content_is_removed(payload: str) -> None:
    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "iframe", "style", "img", "svg", "object", "embed"):
                found.append(tag)
            for name, value in attrs:
                if name.startswith("on") or (value or "").lower().startswith(
                    ("javascript:", "vbscript:", "data:")
                ):
                    found.append(f"{name}={value}")

    Parser().feed(render_markdown(payload))
    assert found == [], payload


def test_links_keep_safe_urls_and_get_rel() -> None:
    html = render_markdown("[Web](https://example.com/) und [Mail](mailto:a@example.com)")
    assert '<a href="https://example.com/" rel="nofollow ugc noopener">Web</a>' in html
    assert 'href="mailto:a@example.com"' in html


def test_empty_text_gives_no_html() -> None:
    assert render_markdown("  \n") == ""
