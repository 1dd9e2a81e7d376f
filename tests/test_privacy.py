"""Internal data canary: what the network keeps internal appears in no published file.

``tests/sites/private/`` is a complete project in which every internal channel that
exists carries the canary ``CANARY-q7f3x9z``:

- a member with ``listed: false`` (file name, every field, English text, logo);
- the fields that are internal by definition: ``maintainers`` of a member and ``staff``
  in ``atlas.yaml`` (GitHub user names). No other field is internal: everything else in
  the member schema is shown or exported;
- YAML comments: before the front matter, inside it, after a value, in ``atlas.yaml`` and
  in the taxonomy;
- the authors' notes in descriptions and pages: HTML comments (one line, several lines,
  in a list item, a conditional comment, one left open) and ``[//]: # (…)`` lines;
- the internal member data, ``internal/<slug>.yaml`` (valid files: membership, billing,
  contacts, consents, notes, tags, log; the build reads the status and the consents);
- files that are not content: ``notes.txt`` beside members, logos and the taxonomy, a
  logo no member names, and an editor's backup, swap and autosave files
  (``EDITOR_FILES``, made by the tests).

The built site must not contain the canary's distinctive part (``q7f3x9z``, which also
survives the search index's tokenizer) in any file's bytes or path. Files that would
make the canary public but cannot be built (a hidden ``.draft.md``, an unknown
front-matter key) must stop the build, with a located message, before anything is
written.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SITES, run_atlasgen

PRIVATE = SITES / "private"
CANARY = "CANARY-q7f3x9z"
TOKEN = b"q7f3x9z"
"""The canary's distinctive part: search for it, in any case, in every output."""
DAY = "2026-06-01"

CHANNELS = {
    "atlas.yaml": 3,  # comments, staff
    "content/competences/software.yaml": 1,
    "content/competences/notes.txt": 1,
    "content/pages/impressum.md": 3,
    "content/members/alpha-software.md": 10,  # comments, maintainers, HTML comments
    "content/members/alpha-software.en.md": 2,
    "content/members/notes.txt": 1,
    "content/members/canary-q7f3x9z.md": 30,  # listed: false
    "content/members/canary-q7f3x9z.en.md": 2,
    "content/members/logos/canary-q7f3x9z.svg": 1,
    "content/members/logos/verwaist.svg": 1,
    "content/members/logos/notes.txt": 1,
    "internal/alpha-software.yaml": 12,
    "internal/canary-q7f3x9z.yaml": 5,
}
"""Files of the private site → how often (at least) they hold the canary."""
EDITOR_FILES = {
    "content/members/alpha-software.md~": f"---\nname: Alter Stand {CANARY}\n---\n",
    "content/members/.alpha-software.md.swp": f"b0VIM 9.0 {CANARY}\n",
    "content/pages/#impressum.md#": f"Entwurf {CANARY}\n",
}
"""An editor's backup, swap and autosave files, made by the tests (a global gitignore
could keep them out of the repository)."""


def _private_site(folder: Path) -> Path:
    """A copy of the private site, with the editor's files."""
    root = folder / "project"
    shutil.copytree(PRIVATE, root)
    for rel, text in EDITOR_FILES.items():
        (root / rel).write_text(text, "utf-8")
    return root


def test_the_private_site_feeds_every_channel() -> None:
    for rel, count in CHANNELS.items():
        text = (PRIVATE / rel).read_text("utf-8")
        assert text.count(CANARY) + text.count(CANARY.lower()) >= count, rel
    unlisted = (PRIVATE / "content/members/canary-q7f3x9z.md").read_text("utf-8")
    assert "\nlisted: false\n" in unlisted


def _build(root: Path, out: Path) -> str:
    result = run_atlasgen("build", "--lang", "en", "--project", root, "--out", out, "--date", DAY)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.code in (0, 1), output
    return output if result.code else ""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _private_site(tmp_path_factory.mktemp("private"))
    out = root.parent / "site"
    problems = _build(root, out)
    assert not problems, f"the private site does not build:\n{problems}"
    return out


def _leaks(out: Path) -> list[str]:
    """Every output file whose path or bytes hold the canary, with some context."""
    leaks = []
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if TOKEN in rel.lower().encode():
            leaks.append(f"{rel}: in the file name")
        if not path.is_file():
            continue
        data = path.read_bytes()
        at = data.lower().find(TOKEN)
        if at >= 0:
            context = data[max(0, at - 80) : at + 40].decode("utf-8", "replace")
            leaks.append(f"{rel}: …{context!r}…")
    return leaks


def test_internal_data_appears_in_no_published_file(built: Path) -> None:
    leaks = _leaks(built)
    assert not leaks, "internal data was published:\n" + "\n".join(leaks)


def test_the_public_profile_around_the_notes_is_published(built: Path) -> None:
    """The channels sit in a profile that is published: the check above is not vacuous."""
    profile = (built / "mitglieder/alpha-software/index.html").read_text("utf-8")
    assert "Alpha Software GmbH" in profile
    for text in ("entwickelt Webanwendungen.", "Cloud-Migration", "Portale für den Mittelstand"):
        assert text in profile, text
    assert "Alpha Software GmbH builds web applications." in (
        built / "en/members/alpha-software/index.html"
    ).read_text("utf-8")
    assert b"entwickelt Webanwendungen." in (built / "api/members.json").read_bytes()
    assert len([p for p in built.rglob("*") if p.is_file()]) > 50


def _with_unknown_key(root: Path) -> str:
    path = root / "content/members/alpha-software.md"
    text = path.read_text("utf-8").replace("founded:", f"intern: {CANARY}\nfounded:", 1)
    path.write_text(text, "utf-8")
    line = _line_of(text, "intern:")
    return rf"content/members/alpha-software\.md:{line}:\d+: intern: unknown field 'intern'"


def _with_file(rel: str) -> Callable[[Path], str]:
    def add(root: Path) -> str:
        source = (root / "content/members/canary-q7f3x9z.md").read_text("utf-8")
        (root / rel).write_text(source.replace("listed: false\n", ""), "utf-8")
        return re.escape(f"{rel}:1:1: file name '{Path(rel).stem}' is not a valid slug")

    return add


def _line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


@pytest.mark.parametrize(
    "change",
    [
        _with_unknown_key,
        _with_file("content/members/.draft.md"),
        _with_file("content/pages/.entwurf.md"),
    ],
    ids=["unknown-key", "hidden-member-draft", "hidden-page-draft"],
)
def test_content_that_cannot_be_built_stops_the_build_before_writing(
    tmp_path: Path, change: Callable[[Path], str]
) -> None:
    """``change`` adds the canary where it cannot be built; it returns the message (a
    regular expression) that must locate the problem."""
    root = _private_site(tmp_path)
    expected = change(root)
    out = tmp_path / "site"
    problems = _build(root, out)
    assert re.search(expected, problems), problems
    assert not out.exists(), "a failed build wrote files"
