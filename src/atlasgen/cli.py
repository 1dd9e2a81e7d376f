"""The ``atlasgen`` command. Exit codes: 0 ok, 1 content problems, 2 usage errors."""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import __version__
from .jsonschemas import SCHEMA_DIR, stale_schemas, write_schemas
from .pipeline import validate_project
from .problems import Problem, format_problems, plural
from .project import read_categories, read_config, slugify
from .scaffold import write_member
from .site import build_site

__all__ = ["main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _print_problems(problems: list[Problem], fmt: str) -> None:
    if problems or fmt != "text":
        print(format_problems(problems, fmt), file=sys.stderr if fmt == "text" else sys.stdout)


def cmd_validate(args: argparse.Namespace) -> int:
    summary = validate_project(args.project, strict=args.strict)
    _print_problems(summary.problems, args.format)
    if summary.ok and args.format == "text":
        print(
            f"ok: {plural(summary.members, 'member')}, "
            f"{plural(summary.competences, 'competence')} "
            f"in {plural(summary.categories, 'category')}"
        )
    return EXIT_OK if summary.ok else EXIT_PROBLEMS


def cmd_build(args: argparse.Namespace) -> int:
    out: Path = args.out if args.out is not None else args.project / "_site"
    started = time.perf_counter()
    result, problems = build_site(args.project, out, today=args.date, strict=args.strict)
    _print_problems(problems, args.format)
    if result is None:
        print(
            f"atlasgen build: nothing was written; {out} is unchanged. Fix the problems above.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(
        f"built {plural(result.pages, 'page')} ({plural(result.files, 'file')}) into {out} "
        f"as of {result.today.isoformat()} in {time.perf_counter() - started:.1f} s",
        file=sys.stdout if args.format == "text" else sys.stderr,  # keep JSON output clean
    )
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    root: Path = args.project
    if args.check:
        stale = stale_schemas(root)
        for name in stale:
            print(f"{SCHEMA_DIR}/{name} is out of date; run 'atlasgen schema'", file=sys.stderr)
        return EXIT_PROBLEMS if stale else EXIT_OK
    for path in write_schemas(root):
        print(f"wrote {path.relative_to(root)}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    root = args.project.resolve()
    _, config, _ = read_config(root)
    categories, _ = read_categories(root)
    competences = [c.id for _, category in categories for c in category.competences]
    if config is None or not competences:
        print(
            "atlasgen new: atlas.yaml and content/competences/ must be valid first", file=sys.stderr
        )
        return EXIT_PROBLEMS
    address = config.network.address
    competence = competences[0]
    slug = args.slug or slugify(args.name)
    try:
        path = write_member(
            root,
            args.name,
            postal_code=address.postal_code,
            city=address.city,
            competence=competence,
            today=date.today(),
            slug=slug,
        )
    except FileExistsError:
        print(
            f"atlasgen new: content/members/{slug}.md exists already; choose --slug",
            file=sys.stderr,
        )
        return EXIT_USAGE
    print(f"wrote {path.relative_to(root)}: fill in the fields, then run 'atlasgen validate'")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="atlasgen",
        description="Build the competence atlas of a regional IT network from flat files.",
    )
    parser.add_argument("--version", action="version", version=f"atlasgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument(
            "--project",
            type=Path,
            default=Path("."),
            metavar="DIR",
            help="folder with atlas.yaml and content/ (default: current folder)",
        )
        return p

    builders: dict[str, argparse.ArgumentParser] = {}
    for name, func, help_text in (
        ("validate", cmd_validate, "check every content file and report all problems"),
        ("build", cmd_build, "validate and build the site into _site/"),
    ):
        p = builders[name] = command(name, help_text, f"atlasgen {name} --format github")
        p.add_argument(
            "--format",
            choices=("text", "github", "json"),
            default="text",
            help="text for people, github for workflow annotations, json for tools",
        )
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")
        p.set_defaults(func=func)

    builders["build"].add_argument(
        "--out", type=Path, metavar="DIR", help="output folder (default: _site in the project)"
    )
    builders["build"].add_argument(
        "--date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="build as of this day (default: SOURCE_DATE_EPOCH, the last commit, or the content)",
    )

    p = command(
        "schema", "write JSON Schemas of the content files to schema/", "atlasgen schema --check"
    )
    p.add_argument("--check", action="store_true", help="only check that schema/ is up to date")
    p.set_defaults(func=cmd_schema)

    p = command("new", "create a new content file", 'atlasgen new member "Muster Software GmbH"')
    p.add_argument("kind", choices=("member",), help="what to create")
    p.add_argument("name", help="the organisation's name")
    p.add_argument("--slug", help="file name without .md (default: derived from the name)")
    p.set_defaults(func=cmd_new)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in atlasgen, never bad content: say so plainly
        if os.environ.get("ATLASGEN_DEBUG"):
            traceback.print_exc()
        print(
            f"atlasgen: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in atlasgen, not in your content. Set ATLASGEN_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return 70
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
