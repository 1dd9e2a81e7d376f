"""Layout gate: what a person sees break on a phone or a desktop, in real Chromium.

vnu, axe and the link checks pass pages whose layout is broken for a reader. This gate loads
one page of every kind, in German and in English (tests/pagekinds.py, the same catalogue as
the accessibility gate), at 375 × 740 and at 1280 × 800 CSS px, waits until the page's
scripts are done and its fonts are loaded, and runs ``LAYOUT_CHECKS`` (one JavaScript
function) in it. Every finding of every page and width is listed in one failure:

- ``small-text``: visible text smaller than ``MIN_FONT_PX`` (12 CSS px): HTML text by its
  computed font size, SVG ``<text>`` by its computed font size times the vertical scale of
  its screen CTM (the size it is drawn at), form fields by theirs. Visible: rendered, with a
  box of more than 1 × 1 px, not ``visibility: hidden``, not inside a closed ``<details>``
  (its ``<summary>`` is visible), not visually hidden (``.visually-hidden``, or inside a
  box of at most 1 × 1 px).
- ``broken-word``: a word broken letter by letter. A word is what stands between spaces
  (``IT-Sicherheit``, ``www.example.com``); it counts when its block's content box is
  narrower than the word needs on one line (else a break is by choice) and one of its runs
  of letters is torn: onto 3 or more lines, or with a piece of at most ``MAX_PIECE_LETTERS``
  (3) letters on a line (``Kompet|enz``, ``example.co|m``). A break after ``-`` or ``/``
  lies between runs and is fine; so is a hyphenation (``hyphens: auto``) onto 2 lines
  with at least ``MIN_HYPHENATED_LETTERS`` (2) letters on each (``Stu-dium``). The known
  case: a checkbox label "Bildet aus oder bietet duales Studium" drawn one letter per
  line, ~400 px tall.
- ``header-height``: the header (``header.site-header``, else the page's first
  ``<header>``) taller than ``MAX_HEADER_SHARE`` (20 %) of the window's height.
- ``sideways-scroll``: the page is wider than the window
  (``document.documentElement.scrollWidth > window.innerWidth``); the outermost elements
  sticking out on the right are listed, widest first.
- ``contact-card`` (member profiles only): the profile's contact box, ``[data-contact-card]``,
  is missing or does not begin in the first screen: its top edge must be visible without
  scrolling (0 ≤ top < window height).

``test_the_gate_bites`` injects one fault per rule into a profile and shows that exactly
that finding is reported, so that a passing gate means something.

``pytest --layout-project=DIR`` builds and checks another project instead of the
repository's example, e.g. the benchmark corpus (``python bench/gen_corpus.py --members
1000 --seed 42 --out bench/corpus-1000``): still one page per kind, not every page, and
only the kinds and sorts of profile it has. (Write it with ``=``: pytest loads a
``conftest.py`` from a folder given as a separate argument before it knows the option.)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from browser import OpenPage, Site, require_playwright
from pagekinds import PROFILES, Target, catalogue

require_playwright()
from playwright.sync_api import Page  # noqa: E402 (after the check)

VIEWPORTS = [{"width": 375, "height": 740}, {"width": 1280, "height": 800}]
"""A phone and a desktop window (CSS px). No mobile emulation: the layout viewport is then
exactly the window, and a page too wide is not zoomed out to fit."""
MIN_FONT_PX = 12
MAX_PIECE_LETTERS = 3
"""A run of letters broken with a piece this short (or onto 3 lines) is torn apart…"""
MIN_HYPHENATED_LETTERS = 2
"""… unless hyphenated (``hyphens: auto``) onto 2 lines with at least this many letters on
each (``Stu-dium``, ``Da-ten``: what hyphenation dictionaries give)."""
MAX_HEADER_SHARE = 0.2
MAX_STICKING_OUT = 5
"""Elements listed per page that makes the window scroll sideways."""

LAYOUT_CHECKS = r"""
async ({ minFontPx, maxPieceLetters, minHyphenatedLetters, maxHeaderShare, maxStickingOut,
         profile }) => {
  await document.fonts.ready;
  window.scrollTo(0, 0); // the first screen, as a visitor sees it on arrival
  const findings = [];
  const report = (rule, element, text, detail) =>
    findings.push({ rule, selector: selectorOf(element), text: snippet(text), detail });
  const px = (value) => Math.round(value * 10) / 10;

  // --- Helpers -----------------------------------------------------------------------

  // A short CSS path to the element: up to an id, <main>/<body>, or 6 steps.
  function selectorOf(element) {
    if (!element) return "";
    const steps = [];
    for (let e = element; e && e.nodeType === 1; e = e.parentElement) {
      let step = e.localName;
      if (e.hasAttribute("data-contact-card")) step += "[data-contact-card]";
      if (e.id) {
        steps.unshift(`${step}#${CSS.escape(e.id)}`);
        break;
      }
      const classes = [...e.classList].slice(0, 2);
      if (classes.length) step += "." + classes.map((c) => CSS.escape(c)).join(".");
      const parent = e.parentElement;
      const twins = parent ? [...parent.children].filter((c) => c.localName === e.localName) : [];
      if (twins.length > 1 && !classes.length) step += `:nth-of-type(${twins.indexOf(e) + 1})`;
      steps.unshift(step);
      if (["main", "body", "html"].includes(e.localName) || steps.length >= 6) break;
    }
    return steps.join(" > ");
  }

  function snippet(text) {
    const t = (text || "").replace(/\s+/g, " ").trim();
    return t.length > 60 ? t.slice(0, 59) + "…" : t;
  }

  // Is the element drawn where a reader sees it? Rendered (not display: none, not in a
  // closed <details> unless in its <summary>), not visibility: hidden, and not clipped
  // visually-hidden text (.visually-hidden, or an ancestor-or-self box of at most 1 × 1 px).
  const shownCache = new Map();
  function shown(element) {
    if (shownCache.has(element)) return shownCache.get(element);
    let result = element.checkVisibility({ visibilityProperty: true });
    if (result && element.closest(".visually-hidden")) result = false;
    for (let d = element.closest("details:not([open])"); result && d;
         d = d.parentElement && d.parentElement.closest("details:not([open])")) {
      const summary = d.querySelector(":scope > summary");
      if (!summary || !summary.contains(element)) result = false;
    }
    if (result) result = !tinyBox(element);
    shownCache.set(element, result);
    return result;
  }
  const tinyCache = new Map();
  // A box of at most 1 × 1 px, here or above (display: contents has no box of its own).
  function tinyBox(element) {
    if (!element || element === document.documentElement) return false;
    if (tinyCache.has(element)) return tinyCache.get(element);
    const r = element.getBoundingClientRect();
    const tiny = (getComputedStyle(element).display !== "contents" && r.width <= 1 && r.height <= 1)
      || tinyBox(element.parentElement);
    tinyCache.set(element, tiny);
    return tiny;
  }
  const drawn = (rects) => [...rects].some((r) => r.width > 0 && r.height > 0);

  // Every text node with more than white space, below <body>.
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.data.trim() && n.parentElement) texts.push(n);
  }
  const range = document.createRange();

  // --- small-text: visible text under minFontPx CSS px ---------------------------------

  const small = new Set();
  function checkSize(element, size, text) {
    if (size < minFontPx - 0.01 && !small.has(element)) {
      small.add(element);
      report("small-text", element, text, `${px(size)} px (at least ${minFontPx} px)`);
    }
  }
  for (const node of texts) {
    const element = node.parentElement;
    if (!shown(element)) continue;
    const fontSize = parseFloat(getComputedStyle(element).fontSize);
    if (element instanceof SVGElement) {
      // Drawn at the computed size times the scale from the SVG's user units to CSS px:
      // the length of the CTM's y unit vector (font size is a height; rotation-proof).
      const ctm = element.getScreenCTM();
      if (!ctm || !drawn([element.getBoundingClientRect()])) continue;
      checkSize(element, fontSize * Math.hypot(ctm.c, ctm.d), node.data);
    } else {
      range.selectNodeContents(node);
      if (drawn(range.getClientRects())) checkSize(element, fontSize, node.data);
    }
  }
  // Text that is no text node: the value or placeholder of a form field.
  for (const field of document.querySelectorAll("input, select, textarea")) {
    const text = field.localName === "select"
      ? field.selectedOptions[0]?.text : field.value || field.placeholder;
    if (!text || ["checkbox", "radio", "hidden", "range", "color"].includes(field.type)) continue;
    if (shown(field) && drawn([field.getBoundingClientRect()])) {
      checkSize(field, parseFloat(getComputedStyle(field).fontSize), text);
    }
  }

  // --- broken-word: a word broken letter by letter -----------------------------------

  // The box whose content width the text's lines get: the nearest ancestor that is not
  // an inline box (a flex or grid item is blockified; inline-block has a box of its own).
  function blockOf(element) {
    for (let e = element; e; e = e.parentElement) {
      const display = getComputedStyle(e).display;
      if (display !== "inline" && display !== "contents") return e;
    }
    return document.body;
  }
  function contentWidth(e) {
    const s = getComputedStyle(e);
    return e.getBoundingClientRect().width - ["paddingLeft", "paddingRight",
      "borderLeftWidth", "borderRightWidth"].reduce((sum, p) => sum + parseFloat(s[p]), 0);
  }
  // The width the text's lines get: the block's content box; but text right inside a flex
  // or grid container is an (anonymous) item of its own, as wide as its lines.
  function widthFor(node, block) {
    if (!/flex|grid/.test(getComputedStyle(block).display)) return contentWidth(block);
    range.selectNodeContents(node);
    return range.getBoundingClientRect().width;
  }
  // Where the word's characters are drawn: each visible character with its line (0, 1, …),
  // and the width the word needs on one line (the sum of its characters' widths).
  function layOut(node, start, word) {
    const chars = [];
    let line = -1, lineTop = null, width = 0;
    for (let i = 0; i < word.length; i++) {
      range.setStart(node, start + i);
      range.setEnd(node, start + i + 1);
      const r = range.getBoundingClientRect();
      if (!r.width) continue; // a soft hyphen, a zero-width space
      width += r.width;
      if (lineTop === null || Math.abs(r.top - lineTop) > r.height / 2) {
        line += 1;
        lineTop = r.top;
      }
      chars.push({ char: word[i], line });
    }
    return { chars, width };
  }
  // Is a run of letters (and digits) torn apart? Its letters per line ("pieces"): on 3 or
  // more lines, or with a piece of at most maxPieceLetters letters; except a hyphenation
  // (hyphens: auto) onto 2 lines with at least minHyphenatedLetters letters on each.
  function torn(pieces, hyphenates) {
    if (pieces.length < 2) return false;
    if (pieces.length >= 3) return true;
    if (hyphenates && Math.min(...pieces) >= minHyphenatedLetters) return false;
    return Math.min(...pieces) <= maxPieceLetters;
  }
  const isLetter = (c) => /[\p{L}\p{N}]/u.test(c);
  const broken = new Map(); // block → what is broken in it
  for (const node of texts) {
    const element = node.parentElement;
    if (element instanceof SVGElement || !shown(element)) continue;
    range.selectNodeContents(node);
    if (range.getClientRects().length < 2) continue; // all on one line: nothing broken
    const hyphenates = getComputedStyle(element).hyphens === "auto";
    // A word: what stands between spaces ("www.example.com", "IT-Sicherheit").
    for (const match of node.data.matchAll(/\S+/g)) {
      const word = match[0];
      range.setStart(node, match.index);
      range.setEnd(node, match.index + word.length);
      if ([...range.getClientRects()].filter((r) => r.width > 0).length < 2) continue;
      const { chars, width } = layOut(node, match.index, word);
      if (!chars.length || chars[chars.length - 1].line === 0) continue; // on one line
      const block = blockOf(element);
      const box = widthFor(node, block);
      if (box >= width - 0.5) continue; // it would fit: a break by choice (hyphenation)
      // Its runs of letters: a break after "-" or "/" lies between runs, and is fine.
      let pieces = [], torn_ = false;
      chars.forEach(({ char, line }, i) => {
        if (isLetter(char)) {
          if (!pieces.length || line !== chars[i - 1].line) pieces.push(0);
          pieces[pieces.length - 1] += 1;
        }
        const last = i === chars.length - 1 || !isLetter(chars[i + 1].char);
        if (last && isLetter(char)) {
          torn_ ||= torn(pieces, hyphenates);
          pieces = [];
        }
      });
      if (torn_) {
        const asDrawn = chars.map(({ char, line }, i) =>  // "Kompet|enz": | ends a line
          (i && line !== chars[i - 1].line ? "|" : "") + char).join("");
        if (!broken.has(block)) broken.set(block, []);
        broken.get(block).push(
          `"${asDrawn}" on ${chars[chars.length - 1].line + 1} lines:`
          + ` content box ${px(box)} px wide, the word needs ${px(width)} px`);
      }
    }
  }
  for (const [block, words] of broken) {
    const more = words.length > 3 ? ` … and ${words.length - 3} more word(s)` : "";
    report("broken-word", block, block.textContent, words.slice(0, 3).join("; ") + more);
  }

  // --- header-height: the header takes at most maxHeaderShare of the window's height ---

  const header = document.querySelector("header.site-header") || document.querySelector("header");
  if (header) { // (the 404 page has none)
    const height = header.getBoundingClientRect().height;
    const limit = maxHeaderShare * window.innerHeight;
    if (height > limit) {
      report("header-height", header, header.textContent,
        `${px(height)} px tall, more than ${Math.round(maxHeaderShare * 100)} % of the`
        + ` window's ${window.innerHeight} px (${px(limit)} px)`);
    }
  }

  // --- sideways-scroll: nothing wider than the window ----------------------------------

  const pageWidth = document.documentElement.scrollWidth;
  if (pageWidth > window.innerWidth) {
    // Does an ancestor (below <body>) clip or scroll horizontal overflow? Then what sticks
    // out of it does not widen the page. (Nor does what is not shown, e.g. the content of
    // a closed <details>, which Chromium lays out all the same.)
    const contained = (e) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== "visible") return true;
      }
      return false;
    };
    const out = new Set();
    for (const e of document.body.querySelectorAll("*")) {
      const r = e.getBoundingClientRect();
      if (r.width > 0 && r.right > window.innerWidth + 0.5 && !contained(e) && shown(e)) {
        out.add(e);
      }
    }
    // the outermost ones (their descendants stick out with them), widest first
    const outermost = [...out].filter((e) => !out.has(e.parentElement))
      .sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width);
    for (const e of outermost.slice(0, maxStickingOut)) {
      const r = e.getBoundingClientRect();
      report("sideways-scroll", e, e.textContent,
        `sticks out to ${px(r.right)} px, ${px(r.width)} px wide (page ${pageWidth} px wide`
        + ` in a ${window.innerWidth} px window)`);
    }
    if (outermost.length > maxStickingOut) {
      findings[findings.length - 1].detail +=
        ` … and ${outermost.length - maxStickingOut} more element(s) sticking out`;
    }
    if (!outermost.length) {
      report("sideways-scroll", document.documentElement, "",
        `page ${pageWidth} px wide in a ${window.innerWidth} px window (no element sticks`
        + " out: margins or pseudo-elements?)");
    }
  }

  // --- contact-card: on a profile, the contact box begins in the first screen ----------

  if (profile) {
    const card = document.querySelector("[data-contact-card]");
    if (!card) {
      report("contact-card", null, "", "the profile has no [data-contact-card] (its contact box)");
    } else {
      const top = card.getBoundingClientRect().top;
      if (!shown(card) || !drawn([card.getBoundingClientRect()])) {
        report("contact-card", card, card.textContent, "not shown");
      } else if (top < 0 || top >= window.innerHeight) {
        report("contact-card", card, card.textContent,
          `top edge at ${px(top)} px, not within the first ${window.innerHeight} px`
          + " (visible without scrolling)");
      }
    }
  }
  return findings;
}
"""
"""The layout rules (see the module's docstring), as one function run in the page: it takes
the limits and whether the page is a member profile, and returns its findings as
``{rule, selector, text, detail}``."""


# --- Running the checks ----------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    rule: str
    selector: str
    text: str
    detail: str

    @property
    def identity(self) -> tuple[str, str, str]:
        """What the finding is about (the detail holds measurements, which may change)."""
        return (self.rule, self.selector, self.text)

    def describe(self) -> str:
        text = f" {self.text!r}" if self.text else ""
        return f"{self.rule}: {self.selector or '-'}{text}: {self.detail}"


def find(page: Page, *, profile: bool) -> list[Finding]:
    """Run ``LAYOUT_CHECKS`` on the page as it is now."""
    found: list[dict[str, Any]] = page.evaluate(
        LAYOUT_CHECKS,
        {
            "minFontPx": MIN_FONT_PX,
            "maxPieceLetters": MAX_PIECE_LETTERS,
            "minHyphenatedLetters": MIN_HYPHENATED_LETTERS,
            "maxHeaderShare": MAX_HEADER_SHARE,
            "maxStickingOut": MAX_STICKING_OUT,
            "profile": profile,
        },
    )
    return [Finding(**f) for f in found]


def is_profile(target: Target) -> bool:
    return target.kind in PROFILES


def load(page: Page, base_url: str, target: Target) -> None:
    response = page.goto(base_url + target.url)
    assert response is not None, target
    assert response.status == 200, f"{target}: HTTP {response.status}"
    if target.ready:
        target.ready(page)


@pytest.fixture(scope="module")
def targets(checked_site: Site) -> list[Target]:
    # another project need not have every kind of page, nor every sort of profile
    return catalogue(checked_site.folder, checked_site.members, complete=not checked_site.other)


# --- Tests -----------------------------------------------------------------------------------


FAULTS: dict[str, tuple[str, str, str, str]] = {
    # name: (JavaScript that injects the fault, rule, selector, text in the detail)
    "9 px text": (
        """() => document.body.insertAdjacentHTML('beforeend',
            '<p id="gate-small" style="font-size: 9px">Neun Pixel klein</p>')""",
        "small-text",
        "p#gate-small",
        "9 px",
    ),
    "SVG text scaled down": (
        # 24 user units in a viewBox drawn at a quarter of its size: 6 CSS px
        """() => document.body.insertAdjacentHTML('beforeend',
            '<svg id="gate-svg" width="200" height="50" viewBox="0 0 800 200">'
            + '<text x="0" y="100" font-size="24">Verkleinert</text></svg>')""",
        "small-text",
        "svg#gate-svg > text",
        "6 px",
    ),
    "long word in a 20 px box": (
        """() => document.body.insertAdjacentHTML('beforeend',
            '<div id="gate-narrow" style="width: 20px; overflow-wrap: anywhere">'
            + 'Ausbildungsbetrieb</div>')""",
        "broken-word",
        "div#gate-narrow",
        "lines: content box 20 px wide",
    ),
    "the known case: a checkbox label one letter per line": (
        # the checkbox takes the label's width, the text (an anonymous flex item) shrinks
        """() => document.body.insertAdjacentHTML('beforeend',
            '<label id="gate-label" style="display: flex; width: 300px; overflow-wrap: anywhere">'
            + '<input type="checkbox" style="flex: 0 0 290px; margin: 0">'
            + 'Bildet aus oder bietet duales Studium</label>')""",
        "broken-word",
        "label#gate-label",
        "… and 3 more word(s)",  # all six words
    ),
    "300 px header": (
        """() => {
            const header = document.querySelector('header.site-header')
                || document.querySelector('header');
            header.style.boxSizing = 'border-box';
            header.style.height = '300px';
        }""",
        "header-height",
        "header",
        "300 px tall",
    ),
    "2000 px wide element": (
        """() => document.body.insertAdjacentHTML('beforeend',
            '<div id="gate-wide" style="width: 2000px; height: 10px"></div>')""",
        "sideways-scroll",
        "div#gate-wide",
        "2000 px wide",
    ),
    "contact card below a 2000 px spacer": (
        """() => document.querySelector('[data-contact-card]').insertAdjacentHTML(
            'beforebegin', '<div id="gate-spacer" style="height: 2000px"></div>')""",
        "contact-card",
        "[data-contact-card]",
        "not within the first",
    ),
}
"""One fault per rule, injected into a profile: each must be reported, and nothing else."""

ENSURE_CARD = """() => {
    // Until the theme marks its contact box, the test puts a card of its own on top of
    // <main> (the first screen), so that there is a card to push down.
    if (!document.querySelector('[data-contact-card]')) {
        document.querySelector('main').insertAdjacentHTML('afterbegin',
            '<div data-contact-card id="gate-card">Kontakt: gate@example.org</div>');
    }
}"""


HIDDEN_SMALL_TEXT = """() => document.body.insertAdjacentHTML('beforeend',
    '<details><summary>Mehr</summary><p style="font-size: 9px">Zugeklappt</p></details>'
    + '<p class="visually-hidden" style="font-size: 9px">Nur für Screenreader</p>'
    + '<p style="position: absolute; width: 1px; height: 1px; overflow: hidden;'
    + ' clip-path: inset(50%); font-size: 9px">Ausgeblendet ohne Klasse</p>'
    + '<p style="visibility: hidden; font-size: 9px">Unsichtbar</p>'
    + '<p hidden style="font-size: 9px">Versteckt</p>')"""
"""Small text a reader does not see: in a closed <details> (its summary is large enough),
visually hidden (with the class and without), ``visibility: hidden``, ``hidden``."""


def test_the_gate_bites(open_page: OpenPage, checked_site: Site, targets: list[Target]) -> None:
    """Each rule reports the fault injected for it into a profile (375 × 740), as exactly
    one finding about the injected element, and no other finding appears; a profile
    without ``[data-contact-card]`` is a finding too, and small text a reader cannot see
    is none. Or the gates prove nothing.

    The contact card's rule depends on where the card is, which a taller header moves: it
    runs in its own cases only."""
    profile = next(t for t in targets if t.kind in PROFILES and t.lang == "de")
    page = open_page(viewport=VIEWPORTS[0])
    problems = []
    for name, (inject, rule, selector, detail) in FAULTS.items():
        card = rule == "contact-card"
        load(page, checked_site.url, profile)
        if card:
            page.evaluate(ENSURE_CARD)
        before = {f.identity for f in find(page, profile=card)}
        page.evaluate(inject)
        after = find(page, profile=card)
        hits = [f for f in after if f.rule == rule and selector in f.selector]
        new = [f for f in after if f.identity not in before and f not in hits]
        if len(hits) != 1 or detail not in hits[0].detail or new:
            problems.append(
                f"{name}: expected one {rule} finding on {selector} ({detail!r}), got "
                f"{[h.describe() for h in hits]}; other new findings: "
                f"{[f.describe() for f in new]}"
            )
    # no card at all
    load(page, checked_site.url, profile)
    page.evaluate(
        "() => document.querySelectorAll('[data-contact-card]')"
        ".forEach((e) => e.removeAttribute('data-contact-card'))"
    )
    missing = [f for f in find(page, profile=True) if f.rule == "contact-card"]
    if [f.detail for f in missing] != ["the profile has no [data-contact-card] (its contact box)"]:
        problems.append(f"a profile without a contact card: {[f.describe() for f in missing]}")
    # what a reader does not see is no finding, however small
    load(page, checked_site.url, profile)
    before = {f.identity for f in find(page, profile=False)}
    page.evaluate(HIDDEN_SMALL_TEXT)
    new = [f for f in find(page, profile=False) if f.identity not in before]
    if new:
        problems.append(f"hidden text reported: {[f.describe() for f in new]}")
    assert not problems, "\n".join(problems)


def test_no_layout_breaks_on_any_kind_of_page(
    open_page: OpenPage, checked_site: Site, targets: list[Target]
) -> None:
    """Every page of the catalogue, both languages, on a phone and a desktop: no text
    under 12 px, no word broken letter by letter, no header over 20 % of the window's
    height, no sideways scrolling, and a profile's contact card in the first screen."""
    found: list[tuple[Target, str, Finding]] = []
    for viewport in VIEWPORTS:
        size = f"{viewport['width']}×{viewport['height']}"
        page = open_page(viewport=viewport)
        for target in targets:
            load(page, checked_site.url, target)
            found += [(target, size, f) for f in find(page, profile=is_profile(target))]
    if found:
        pytest.fail(failure(found, len(targets) * len(VIEWPORTS)), pytrace=False)


_NTH = re.compile(r":nth-of-type\(\d+\)")


def failure(found: list[tuple[Target, str, Finding]], checked: int) -> str:
    """The failure message: a to-do list (each rule and element, on how many pages), then
    every finding by page and width; findings that differ only in their text (the bars of
    a chart) share a line that lists the texts."""
    rules = Counter(f.rule for _, _, f in found)
    todo: dict[tuple[str, str], set[tuple[str, str]]] = {}
    by_page: dict[tuple[Target, str], dict[tuple[str, str, str], list[str]]] = {}
    for target, size, f in found:
        todo.setdefault((f.rule, _NTH.sub("", f.selector)), set()).add((target.url, size))
        texts = by_page.setdefault((target, size), {}).setdefault(
            (f.rule, f.selector, f.detail), []
        )
        texts.append(f.text)
    lines = [
        f"{len(found)} layout finding(s) on {len(by_page)} of {checked} page × width(s) "
        f"({', '.join(f'{rule} {n}' for rule, n in rules.most_common())})",
        "",
        "By rule and element (pages × widths):",
    ]
    lines += [
        f"    {rule}: {selector or '-'} ({len(pages)})"
        for (rule, selector), pages in sorted(todo.items(), key=lambda kv: (kv[0][0], -len(kv[1])))
    ]
    for (target, size), groups in by_page.items():
        lines += ["", f"{target} at {size}:"]
        for (rule, selector, detail), texts in groups.items():
            shown = ", ".join(repr(t) for t in texts if t)
            count = f" ×{len(texts)}" if len(texts) > 1 else ""
            lines.append(
                f"    {rule}: {selector or '-'}{count}{f' {shown}' if shown else ''}: {detail}"
            )
    return "\n".join(lines)
