"""Turn an atlasgen project into a Hugo content folder, for the build benchmark.

    python bench/hugo_content.py --project bench/corpus-1000 --out SITE/content

Writes, for every listed member ``content/members/<slug>.md`` (translations
``*.en.md`` are ignored, as are members with ``listed: false``, which atlasgen does
not publish either):

* ``mitglieder/<slug>.md``: front matter ``title``, ``tagline``, ``kompetenzen`` (the
  competence ids, Hugo's taxonomy), ``street``, ``postal_code``, ``city``; the body is
  the member's Markdown description, unchanged;
* ``kompetenzen/<id>/_index.md`` for every competence of ``content/competences/*.yaml``:
  ``title`` (the German label), ``category``; the body is the German description;
* ``mitglieder/_index.md`` and ``kompetenzen/_index.md`` with a title.

The members are read with a plain split at the ``---`` lines and PyYAML: no
validation (the corpus is valid; ``atlasgen validate`` is benchmarked separately).
Standard library and PyYAML only. ``--out`` must not exist or be empty.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)(.*)\Z",
    re.DOTALL | re.MULTILINE,
)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, Markdown body) of a member file."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise ValueError("no YAML front matter between '---' lines")
    data = yaml.load(match.group(1), Loader=_Loader)
    if not isinstance(data, dict):
        raise ValueError("the front matter is not a mapping")
    return data, match.group(2)


def _document(front: Mapping[str, Any], body: str) -> str:
    head = yaml.dump(dict(front), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)
    body = body.strip()
    return f"---\n{head}---\n{body}\n" if body else f"---\n{head}---\n"


def _german(value: Any) -> str:
    """The German text of a ``{de: …, en: …}`` mapping (or a plain string)."""
    if isinstance(value, Mapping):
        return str(value.get("de") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def member_document(front: Mapping[str, Any], body: str) -> str:
    address = front.get("address") or {}
    return _document(
        {
            "title": str(front["name"]),
            "tagline": _german(front.get("tagline")),
            "kompetenzen": [str(c) for c in front.get("competences") or []],
            "street": str(address.get("street", "")),
            "postal_code": str(address.get("postal_code", "")),
            "city": str(address.get("city", "")),
        },
        body,
    )


def competence_documents(folder: Path) -> dict[str, str]:
    """Competence id → ``_index.md`` text, from the category files."""
    docs: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        category = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        if not isinstance(category, dict):
            continue
        category_label = _german(category.get("label"))
        for comp in category.get("competences") or []:
            docs[str(comp["id"])] = _document(
                {"title": _german(comp.get("label")), "category": category_label},
                _german(comp.get("description")),
            )
    return docs


def convert(project: Path, out: Path) -> tuple[int, int]:
    """Write the Hugo content folder; returns (members, competences) written."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} exists and is not empty")
    members_dir = out / "mitglieder"
    members_dir.mkdir(parents=True, exist_ok=True)
    (members_dir / "_index.md").write_text(_document({"title": "Mitglieder"}, ""), "utf-8")
    members = 0
    for path in sorted((project / "content" / "members").glob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        try:
            front, body = split_front_matter(path.read_text(encoding="utf-8"))
        except (ValueError, yaml.YAMLError) as err:
            raise ValueError(f"{path}: {err}") from err
        if front.get("listed", True) is False:
            continue
        (members_dir / path.name).write_text(member_document(front, body), "utf-8")
        members += 1
    terms_dir = out / "kompetenzen"
    terms_dir.mkdir(exist_ok=True)
    (terms_dir / "_index.md").write_text(_document({"title": "Kompetenzen"}, ""), "utf-8")
    competences = competence_documents(project / "content" / "competences")
    for cid, text in competences.items():
        (terms_dir / cid).mkdir()
        (terms_dir / cid / "_index.md").write_text(text, "utf-8")
    return members, len(competences)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make a Hugo content folder of an atlas.")
    parser.add_argument("--project", type=Path, required=True, help="the atlasgen project")
    parser.add_argument("--out", type=Path, required=True, help="the content folder to write")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        members, competences = convert(args.project, args.out)
    except (OSError, ValueError) as err:
        print(f"hugo_content: {err}", file=sys.stderr)
        return 1
    print(
        f"hugo_content: {members} members, {competences} competences into {args.out} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
