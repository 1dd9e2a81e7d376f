"""Check the relevance set of the search benchmark (bench/queries.yaml).

    python bench/check_queries.py [--queries bench/queries.yaml] [--project .]

Checks the format (see the header of queries.yaml), that every expected slug is a
member of the project (``content/members/<slug>.md``) that is listed (not
``listed: false``), that there are at least MIN_QUERIES queries and that every
required kind occurs at least MIN_PER_KIND times. Prints every problem at once and
exits with 1 if there is any, else prints a summary and exits with 0.

Also the loader of bench/search.py (:func:`load_queries`). Needs only PyYAML.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_QUERIES = REPO / "bench" / "queries.yaml"

TOP_K = 5
"""Expectations are about the first TOP_K results."""
MIN_QUERIES = 45
MIN_PER_KIND = 3
LANGS = ("de", "en")
REQUIRED_KINDS = (
    "german",
    "english",
    "synonym",
    "compound",
    "typo",
    "town",
    "district",
    "need",
    "jobseeker",
)
KINDS = (*REQUIRED_KINDS, "name", "allwords", "trap")
_KEYS = {"id", "q", "lang", "kind", "expect", "also", "note"}


@dataclass(frozen=True)
class Query:
    """One query of the relevance set."""

    id: str
    text: str
    lang: str
    kind: str
    expect: tuple[str, ...]
    """1 to TOP_K slugs that belong in the top TOP_K, the most relevant first."""
    also: tuple[str, ...] = ()
    """Further members exactly as right as ``expect`` (only when there are more than TOP_K)."""
    note: str = ""

    @property
    def relevant(self) -> frozenset[str]:
        return frozenset(self.expect) | frozenset(self.also)


class QueryFileError(Exception):
    """The file cannot be read as a relevance set at all; ``problems`` says why."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def _slugs(value: object, where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(s, str) and s for s in value):
        problems.append(f"{where}: must be a list of member slugs")
        return ()
    if len(set(value)) != len(value):
        problems.append(f"{where}: names a member twice")
    return tuple(value)


def parse_queries(data: object) -> tuple[list[Query], list[str]]:
    """The queries of a loaded queries.yaml and the format problems found on the way."""
    problems: list[str] = []
    if not isinstance(data, Mapping) or not isinstance(data.get("queries"), list):
        return [], ["the file must be a mapping with a list 'queries:'"]
    queries: list[Query] = []
    for number, entry in enumerate(data["queries"], start=1):
        where = f"query {number}"
        if not isinstance(entry, Mapping):
            problems.append(f"{where}: must be a mapping")
            continue
        if isinstance(entry.get("id"), str):
            where = f"query {number} ({entry['id']})"
        unknown = sorted(str(k) for k in entry if k not in _KEYS)
        if unknown:
            problems.append(f"{where}: unknown keys {', '.join(unknown)}")
        fields: dict[str, str] = {}
        for key in ("id", "q", "lang", "kind"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: '{key}' must be a non-empty string")
            else:
                fields[key] = value
        note = entry.get("note", "")
        if not isinstance(note, str):
            problems.append(f"{where}: 'note' must be a string")
            note = ""
        if fields.get("lang") not in (None, *LANGS):
            problems.append(f"{where}: lang must be one of {', '.join(LANGS)}")
        if fields.get("kind") not in (None, *KINDS):
            problems.append(f"{where}: kind must be one of {', '.join(KINDS)}")
        expect = _slugs(entry.get("expect"), f"{where}: expect", problems)
        if not 1 <= len(expect) <= TOP_K:
            problems.append(f"{where}: expect must name 1 to {TOP_K} members")
        also = _slugs(entry["also"], f"{where}: also", problems) if "also" in entry else ()
        if "also" in entry and len(expect) != TOP_K:
            problems.append(f"{where}: 'also' is only for queries with {TOP_K} members in expect")
        if set(expect) & set(also):
            problems.append(f"{where}: a member is in both expect and also")
        if len(fields) == 4:
            queries.append(
                Query(
                    id=fields["id"],
                    text=fields["q"],
                    lang=fields["lang"],
                    kind=fields["kind"],
                    expect=expect,
                    also=also,
                    note=note,
                )
            )
    return queries, problems


def load_queries(path: Path = DEFAULT_QUERIES) -> list[Query]:
    """The queries of ``path``; raises :class:`QueryFileError` on format problems."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise QueryFileError([f"{path}: {exc}"]) from exc
    queries, problems = parse_queries(data)
    if problems:
        raise QueryFileError(problems)
    return queries


def member_listing(project: Path) -> dict[str, bool]:
    """Every member slug of ``project`` and whether it is listed (``listed:`` not false)."""
    members: dict[str, bool] = {}
    for path in sorted((project / "content" / "members").glob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        text = path.read_text(encoding="utf-8")
        parts = text.split("---", 2)
        front: Any = yaml.safe_load(parts[1]) if len(parts) == 3 else None
        listed = front.get("listed", True) if isinstance(front, dict) else True
        members[path.stem] = listed is not False
    return members


def check(queries: Sequence[Query], members: Mapping[str, bool]) -> list[str]:
    """Problems of a parsed relevance set against the project's members."""
    problems: list[str] = []
    ids = Counter(q.id for q in queries)
    problems += [f"id {i!r} is used {n} times" for i, n in sorted(ids.items()) if n > 1]
    texts = Counter((q.lang, q.text.casefold()) for q in queries)
    problems += [
        f"query {t!r} ({lang}) occurs {n} times" for (lang, t), n in sorted(texts.items()) if n > 1
    ]
    for q in queries:
        for slug in (*q.expect, *q.also):
            if slug not in members:
                problems.append(f"{q.id}: {slug!r} is not a member")
            elif not members[slug]:
                problems.append(f"{q.id}: {slug!r} is not listed (listed: false)")
    if len(queries) < MIN_QUERIES:
        problems.append(f"{len(queries)} queries, at least {MIN_QUERIES} are needed")
    kinds = Counter(q.kind for q in queries)
    for kind in REQUIRED_KINDS:
        if kinds[kind] < MIN_PER_KIND:
            problems.append(f"kind {kind!r}: {kinds[kind]} queries, at least {MIN_PER_KIND}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check bench/queries.yaml.")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES, metavar="FILE")
    parser.add_argument("--project", type=Path, default=REPO, metavar="DIR")
    args = parser.parse_args(argv)
    try:
        data: Any = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        print(f"{args.queries}: {exc}", file=sys.stderr)
        return 1
    queries, problems = parse_queries(data)
    problems += check(queries, member_listing(args.project))
    if problems:
        for problem in problems:
            print(f"{args.queries}: {problem}", file=sys.stderr)
        print(f"{len(problems)} problems", file=sys.stderr)
        return 1
    kinds = Counter(q.kind for q in queries)
    langs = Counter(q.lang for q in queries)
    print(
        f"{args.queries}: {len(queries)} queries ok ("
        + ", ".join(f"{k} {kinds[k]}" for k in KINDS)
        + "; "
        + ", ".join(f"{lang} {langs[lang]}" for lang in LANGS)
        + ")"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
