"""The tools speak German and English from one catalogue (``src/atlasgen/data/messages``).

A message that exists in one language only, with other placeholders or another plural
shape, a key the code asks for that the catalogue lacks, or a catalogue text nothing uses:
each fails here. The command line speaks the project's first language, ``--lang`` and
``ATLASGEN_LANG`` switch it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import REPO, file_tree, run_atlasgen

from atlasgen.common import i18n

SRC = REPO / "src/atlasgen"
MESSAGES = SRC / "data/messages"

SAME_IN_BOTH = {
    # texts that read the same in German and English
    "commands.validate_ok",
    "commands.warning_kind",
    "diff.label_logo",
    "diff.label_website",
    "problems.summary",
    "problems.summary_warnings",
}
"""Keys whose German text may equal the English one; any other equal pair is a text that
was copied and not translated."""


def _string_literals() -> Iterator[tuple[Path, str]]:
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield path, node.value


def test_both_languages_have_the_same_files() -> None:
    de = sorted(p.name for p in (MESSAGES / "de").glob("*.yaml"))
    en = sorted(p.name for p in (MESSAGES / "en").glob("*.yaml"))
    assert de == en
    assert len(de) >= 5


def test_every_message_exists_in_both_languages_with_the_same_placeholders() -> None:
    de, en = i18n.catalogue("de"), i18n.catalogue("en")
    assert sorted(set(de) - set(en)) == [], "German only"
    assert sorted(set(en) - set(de)) == [], "English only"
    for key in de:
        assert i18n.placeholders(de[key]) == i18n.placeholders(en[key]), key
        shape_de = sorted(de[key]) if isinstance(de[key], dict) else "text"
        shape_en = sorted(en[key]) if isinstance(en[key], dict) else "text"
        assert shape_de == shape_en, key
        if isinstance(de[key], dict):
            assert shape_de == sorted(i18n.PLURAL_FORMS), key
        for text in de[key].values() if isinstance(de[key], dict) else [de[key]]:
            assert isinstance(text, str) and text.strip(), key


def test_german_texts_are_translated() -> None:
    de, en = i18n.catalogue("de"), i18n.catalogue("en")
    copied = sorted(k for k in de if de[k] == en[k] and k not in SAME_IN_BOTH)
    assert copied == []


def test_every_key_the_code_asks_for_exists_and_every_text_is_used() -> None:
    keys = set(i18n.catalogue("en"))
    literals = {value for _, value in _string_literals()}
    calls = set()
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        calls |= set(re.findall(r"\bt\(\s*\"([a-z0-9_]+\.[a-z0-9_.]+)\"", text))
    assert sorted(calls - keys) == [], "asked for, but not in the catalogue"
    assert sorted(keys - literals) == [], "in the catalogue, but nothing uses it"


def test_a_placeholder_is_filled_and_a_plural_chosen() -> None:
    try:
        i18n.use("de")
        assert i18n.t("problems.files", n=1) == "1 Datei"
        assert i18n.t("problems.files", n=2) == "2 Dateien"
        i18n.use("en")
        assert i18n.t("problems.files", n=2) == "2 files"
    finally:
        i18n.use("en")


# --- the command line -----------------------------------------------------------------


@pytest.fixture
def no_lang_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.ENV, raising=False)


def test_the_tools_speak_the_projects_first_language(no_lang_env: None) -> None:
    german = run_atlasgen("validate", "--project", REPO)
    assert german.code == 0
    assert "ok: 50 Mitglieder" in german.stdout
    english = run_atlasgen("validate", "--project", REPO, "--lang", "en")
    assert "ok: 50 members" in english.stdout


def test_atlasgen_lang_switches_and_lang_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.ENV, "en")
    assert "ok: 50 members" in run_atlasgen("validate", "--project", REPO).stdout
    german = run_atlasgen("validate", "--project", REPO, "--lang", "de")
    assert "ok: 50 Mitglieder" in german.stdout


def test_an_unknown_language_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.ENV, "fr")
    result = run_atlasgen("validate", "--project", REPO)
    assert result.code == 2
    assert "ATLASGEN_LANG='fr' is not a language" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_english_first_project_gets_english(
    site: Callable[..., Path], no_lang_env: None
) -> None:
    root = site("minimal")
    config = root / "atlas.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "languages: [en, de]\n", "utf-8")
    result = run_atlasgen("validate", "--project", root)
    assert result.code == 0, result.stderr
    assert "ok: 2 members, " in result.stdout


def test_the_language_of_the_tools_never_changes_the_site(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site("minimal")
    trees = []
    for lang in i18n.LANGUAGES:
        out = tmp_path / f"site-{lang}"
        args = ("--project", root, "--out", out, "--date", "2026-06-01", "--no-cache")
        result = run_atlasgen("build", "--lang", lang, *args)
        assert result.code == 0, result.stderr
        trees.append(file_tree(out))
    assert trees[0] == trees[1]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_message_can_be_filled_in(lang: str) -> None:
    """A stray brace in a text (``'}'`` for ``'}}'``) breaks only when the message is
    made, in the middle of a member's validation."""
    try:
        i18n.use(lang)
        for key, entry in i18n.catalogue(lang).items():
            params = {name: "x" for name in i18n.placeholders(entry)}
            for n in (1, 2):
                text = i18n.t(key, **{**params, "n": n})
                assert text.strip(), key
    finally:
        i18n.use("en")
