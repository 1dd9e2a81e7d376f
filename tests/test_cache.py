"""The build cache (.atlasgen-cache/): a build with it writes exactly what a build
without it writes, skips what did not change, and forgets what did (content, templates,
configuration, taxonomy, logos)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, file_tree, run_atlasgen

from atlasgen.build import build_site
from atlasgen.common.progress import build_progress
from atlasgen.dev.cache import CACHE_DIR

DAY = date(2026, 6, 1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated atlas of 150 members (logos, needs, offers, English texts)."""
    out = tmp_path_factory.mktemp("corpus") / "atlas"
    generate = [sys.executable, str(REPO / "bench/gen_corpus.py")]
    subprocess.run(
        [*generate, "--members", "150", "--seed", "3", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture
def project(corpus: Path, tmp_path: Path) -> Path:
    root = tmp_path / "atlas"
    shutil.copytree(corpus, root)
    return root


def _build(root: Path, *args: str) -> str:
    result = run_atlasgen("build", "--lang", "en", "--project", root, "--date", "2026-06-01", *args)
    assert result.code == 0, result.stderr
    return result.stdout


def _fresh(root: Path, tmp_path: Path, day: str = "2026-06-01") -> dict[str, str]:
    """What a build from scratch, without any cache, writes for ``root`` now."""
    out = tmp_path / "fresh"
    shutil.rmtree(out, ignore_errors=True)
    result = run_atlasgen(
        "build", "--lang", "en", "--project", root, "--out", out, "--date", day, "--no-cache"
    )
    assert result.code == 0, result.stderr
    return file_tree(out)


def _members(root: Path) -> list[Path]:
    return sorted(p for p in (root / "content/members").glob("*.md") if ".en." not in p.name)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _unchanged_files(stdout: str) -> tuple[int, int]:
    found = re.search(r"(\d+) of (\d+) files unchanged", stdout)
    assert found, stdout
    return int(found[1]), int(found[2])


def test_a_rebuild_without_changes_writes_nothing(project: Path) -> None:
    _build(project)
    out = project / "_site"
    before = os.stat(out)
    tree = file_tree(out)
    said = _build(project)
    assert said.startswith("nothing changed since the last build"), said
    after = os.stat(out)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert file_tree(out) == tree


def test_a_rebuild_says_again_the_warnings_of_the_last_build(project: Path) -> None:
    args = ("--project", project, "--date", "2026-06-01", "--warnings")
    first = run_atlasgen("build", "--lang", "en", *args)
    again = run_atlasgen("build", "--lang", "en", *args)
    assert "nothing changed" in again.stdout

    def warnings(stderr: str, word: str = "warning:") -> list[str]:
        return [line for line in stderr.splitlines() if word in line]

    assert warnings(first.stderr) and warnings(again.stderr) == warnings(first.stderr)
    # the problems it kept are in English: in German the build says them in German
    german = run_atlasgen("build", "--lang", "de", *args)
    assert "nichts geändert" not in german.stdout and " gebaut, Stand " in german.stdout
    assert len(warnings(german.stderr, "Hinweis:")) == len(warnings(first.stderr))
    assert warnings(german.stderr) == []
    again = run_atlasgen("build", "--lang", "de", *args)
    assert again.stdout.startswith("seit dem letzten Build hat sich nichts geändert")


@pytest.mark.parametrize(
    "change",
    ["description", "name", "competences", "new member", "deleted member", "taxonomy", "logo"],
)
def test_a_cached_rebuild_writes_what_a_build_from_scratch_writes(
    project: Path, tmp_path: Path, change: str
) -> None:
    _build(project)
    members = _members(project)
    first, second = members[0], members[len(members) // 2]
    if change == "description":
        first.write_text(first.read_text("utf-8") + "\nEin neuer Absatz über *Cloud*.\n", "utf-8")
    elif change == "name":  # moves the member in the directory and its competence pages
        _edit(first, "\nname: ", "\nname: Zzz ")
    elif change == "competences":
        text = second.read_text("utf-8")
        line = next(ln for ln in text.splitlines() if ln.startswith("competences:"))
        first.write_text(
            re.sub(r"(?m)^competences:.*$", line, first.read_text("utf-8"), count=1), "utf-8"
        )
    elif change == "new member":
        (first.parent / "neues-mitglied-gmbh.md").write_text(
            first.read_text("utf-8").replace("\nname: ", "\nname: Neues Mitglied ", 1), "utf-8"
        )
    elif change == "deleted member":
        second.unlink()
        second.with_name(second.stem + ".en.md").unlink(missing_ok=True)
    elif change == "taxonomy":
        category = sorted((project / "content/competences").glob("*.yaml"))[0]
        _edit(category, "de: ", "de: Umbenannt ")
    elif change == "logo":
        logo = sorted((project / "content/members/logos").iterdir())[0]
        logo.write_bytes(logo.read_bytes().replace(b"</svg>", b"<!-- neu --></svg>"))
    said = _build(project)
    reused, total = _unchanged_files(said) if "unchanged" in said else (0, 0)
    assert file_tree(project / "_site") == _fresh(project, tmp_path)
    if change == "description":  # one profile (two languages) and the data made of all
        assert reused > total * 0.8, said


def test_a_template_change_invalidates_the_cache(project: Path, tmp_path: Path) -> None:
    _build(project)
    profile = project / "_site/mitglieder" / _members(project)[0].stem / "index.html"
    assert "Vorlage-geaendert" not in profile.read_text("utf-8")
    # the project's own theme folder overrides a template of the default theme
    templates = project / "theme/templates"
    templates.mkdir(parents=True)
    original = (REPO / "theme/templates/member.html").read_text("utf-8")
    changed = original.replace("{% block main %}", "{% block main %}<p>Vorlage-geaendert</p>", 1)
    assert changed != original
    (templates / "member.html").write_text(changed, "utf-8")
    said = _build(project)
    assert "nothing changed" not in said
    assert "Vorlage-geaendert" in profile.read_text("utf-8")
    assert file_tree(project / "_site") == _fresh(project, tmp_path)
    # and back: the override removed, the cache must not serve the changed pages
    shutil.rmtree(project / "theme")
    _build(project)
    assert "Vorlage-geaendert" not in profile.read_text("utf-8")
    assert file_tree(project / "_site") == _fresh(project, tmp_path)


def test_a_change_of_the_interface_strings_or_css_invalidates_the_cache(
    project: Path, tmp_path: Path
) -> None:
    _build(project)
    (project / "theme/i18n").mkdir(parents=True)
    (project / "theme/i18n/de.yaml").write_text("nav_members: Firmenliste\n", "utf-8")
    (project / "theme/static/css").mkdir(parents=True)
    css = (REPO / "theme/static/css/site.css").read_text("utf-8") + "\n/* geändert */\n"
    (project / "theme/static/css/site.css").write_text(css, "utf-8")
    _build(project)
    home = (project / "_site/index.html").read_text("utf-8")
    assert "Firmenliste" in home
    assert file_tree(project / "_site") == _fresh(project, tmp_path)


def test_the_date_and_the_options_are_part_of_the_key(project: Path, tmp_path: Path) -> None:
    _build(project)
    later = run_atlasgen("build", "--lang", "en", "--project", project, "--date", "2027-01-15")
    assert later.code == 0 and "nothing changed" not in later.stdout
    assert file_tree(project / "_site") == _fresh(project, tmp_path, "2027-01-15")
    out = tmp_path / "elsewhere"
    elsewhere = run_atlasgen(
        "build", "--lang", "en", "--project", project, "--date", "2027-01-15", "--out", out
    )
    assert "nothing changed" not in elsewhere.stdout and (out / "index.html").is_file()


def test_the_cache_is_safe_to_delete_or_damage(project: Path, tmp_path: Path) -> None:
    _build(project)
    _edit(_members(project)[0], "\nname: ", "\nname: Neu ")
    cache = project / CACHE_DIR
    for name in ("members.pickle", "texts.pickle", "state.pickle"):
        (cache / name).write_bytes(b"\x80\x04 kaputt")
    assert "built" in _build(project)
    assert file_tree(project / "_site") == _fresh(project, tmp_path)
    shutil.rmtree(cache)
    _edit(_members(project)[1], "\nname: ", "\nname: Auch neu ")
    assert "built" in _build(project)
    assert file_tree(project / "_site") == _fresh(project, tmp_path)


def test_a_replaced_or_deleted_output_folder_is_built_again(project: Path) -> None:
    _build(project)
    shutil.rmtree(project / "_site")
    said = _build(project)
    assert said.startswith("built"), said
    assert (project / "_site/index.html").is_file()
    # a build without the cache replaced the folder: the next one must not trust it
    run_atlasgen(
        "build", "--lang", "en", "--project", project, "--date", "2026-06-01", "--no-cache"
    )
    (project / "_site/index.html").write_text("von Hand", "utf-8")
    run_atlasgen(
        "build", "--lang", "en", "--project", project, "--date", "2026-06-01", "--no-cache"
    )
    said = _build(project)
    assert not said.startswith("nothing changed"), said


def test_no_cache_neither_reads_nor_writes_it(project: Path) -> None:
    _build(project, "--no-cache")
    assert not (project / CACHE_DIR).exists()
    _build(project)
    assert (project / CACHE_DIR / "state.pickle").is_file()
    assert (project / CACHE_DIR / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    said = _build(project, "--no-cache")
    assert said.startswith("built") and "from the cache" not in said


def test_a_broken_file_leaves_the_site_and_the_cache_as_they_were(project: Path) -> None:
    _build(project)
    tree = file_tree(project / "_site")
    member = _members(project)[0]
    good = member.read_text("utf-8")
    member.write_text(re.sub(r"(?m)^name: .*$", "name: [kaputt", good), "utf-8")
    result = run_atlasgen("build", "--lang", "en", "--project", project, "--date", "2026-06-01")
    assert result.code == 1 and f"content/members/{member.name}:" in result.stderr
    assert file_tree(project / "_site") == tree
    member.write_text(good, "utf-8")
    assert _build(project).startswith("nothing changed")


def test_the_library_build_uses_the_cache_only_when_asked(project: Path) -> None:
    result, _ = build_site(project, project / "_site", today=DAY)
    assert result is not None and not (project / CACHE_DIR).exists()
    result, _ = build_site(project, project / "_site", today=DAY, use_cache=True)
    assert result is not None and not result.unchanged
    result, _ = build_site(project, project / "_site", today=DAY, use_cache=True)
    assert result is not None and result.unchanged


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise(project: Path) -> None:
    terminal, log = _Terminal(), io.StringIO()
    with build_progress(terminal) as progress:
        result, _ = build_site(project, project / "a", today=DAY, progress=progress)
    assert result is not None
    assert "rendering pages" in terminal.getvalue() and "━" in terminal.getvalue()
    with build_progress(log) as progress:
        build_site(project, project / "b", today=DAY, progress=progress)
    lines = log.getvalue().splitlines()
    assert "rendering pages: 0 % (0 of " in log.getvalue()
    assert any(re.fullmatch(r"rendering pages: 50 % \(\d+ of \d+\)", line) for line in lines)
    assert re.fullmatch(r"rendering pages: \d+ done in \d+\.\d s", lines[-1]), lines
    assert "\x1b" not in log.getvalue()


def test_the_summary_line_names_pages_time_and_cache_hits(project: Path) -> None:
    first = _build(project)
    assert re.fullmatch(
        r"built \d+ pages \(\d+ files\) into .+_site as of 2026-06-01 in \d+\.\d s\n", first
    ), first
    _edit(_members(project)[0], "\nname: ", "\nname: Neu ")
    again = _build(project)
    assert re.search(
        r"; from the cache: 149 of 150 member files, \d+ of \d+ descriptions, "
        r"\d+ of \d+ files unchanged\n$",
        again,
    ), again


def test_an_update_cut_short_while_moving_files_is_followed_by_a_whole_build(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The changed files are moved into the output one by one; a build that stops among
    them leaves a site part old, part new, and the next build must write all of it."""
    import atlasgen.site.write

    result, _ = build_site(project, project / "_site", today=DAY, use_cache=True)
    assert result is not None
    _edit(_members(project)[0], "\nname: ", "\nname: Zzz ")  # many pages change
    moved = 0
    real_replace = os.replace

    def replace_then_fail(source: str | Path, target: str | Path) -> None:
        nonlocal moved
        if moved == 3:
            raise OSError("disk full")
        moved += 1
        real_replace(source, target)

    monkeypatch.setattr(atlasgen.site.write.os, "replace", replace_then_fail)
    with pytest.raises(OSError, match="disk full"):
        build_site(project, project / "_site", today=DAY, use_cache=True)
    monkeypatch.undo()
    assert moved == 3  # the site is part old, part new now
    result, _ = build_site(project, project / "_site", today=DAY, use_cache=True)
    assert result is not None and result.reused == 0  # written whole, not patched
    assert file_tree(project / "_site") == _fresh(project, tmp_path)


def test_a_build_that_fails_while_rendering_changes_neither_site_nor_cache(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import atlasgen.site.render

    build_site(project, project / "_site", today=DAY, use_cache=True)
    tree = file_tree(project / "_site")
    state = (project / CACHE_DIR / "state.pickle").read_bytes()
    _edit(_members(project)[0], "\nname: ", "\nname: Zzz ")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("template exploded")

    monkeypatch.setattr(atlasgen.site.render, "page_html", broken)
    with pytest.raises(RuntimeError, match="template exploded"):
        build_site(project, project / "_site", today=DAY, use_cache=True)
    assert file_tree(project / "_site") == tree
    assert (project / CACHE_DIR / "state.pickle").read_bytes() == state
    assert not list(project.glob("._site.*"))
