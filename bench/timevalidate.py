"""Time ``atlasgen validate --project DIR`` a few times per project and print the medians.

    python bench/timevalidate.py --runs 3 --atlasgen .venv/bin/atlasgen bench/corpus-1000 ...

Wall time is measured with ``time.perf_counter`` around the subprocess. When
``/usr/bin/time`` (GNU time) exists, each run is wrapped in ``/usr/bin/time -v`` to
read the peak resident set size; that is the RSS of the largest single process
(the parent or one worker), not the sum over worker processes.

``--serial`` adds a second row per project with the worker processes disabled
(``PARALLEL_THRESHOLD`` raised in ``atlasgen.content.stages`` or
``atlasgen.content.project``), to show what the parallelism buys.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchlib import GNU_TIME, Runs, count_members, fmt_rss, timed_run

_SERIAL = """
import importlib, sys
found = False
for name in ("atlasgen.content.stages", "atlasgen.content.project"):  # wherever the threshold lives
    module = importlib.import_module(name)
    if hasattr(module, "PARALLEL_THRESHOLD"):
        module.PARALLEL_THRESHOLD = 10**9
        found = True
if not found:
    sys.exit("timevalidate --serial: atlasgen has no PARALLEL_THRESHOLD any more")
from atlasgen.cli import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass
class Case(Runs):
    label: str
    project: str
    members: int
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)


def print_table(cases: Sequence[Case], runs: int, measure_rss: bool) -> None:
    heads = ["corpus", "members", *(f"run {i + 1}" for i in range(runs)), "median", "peak RSS"]
    rows = [
        [
            c.label,
            f"{c.members:,}",
            *(f"{s:.3f} s" for s in c.seconds),
            f"{c.median:.3f} s",
            fmt_rss(c.peak_rss_kib),
        ]
        for c in cases
    ]
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

    print()
    print(line(heads))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
    if measure_rss:
        print("peak RSS: largest single process (parent or one worker), from /usr/bin/time -v")
    else:
        print("peak RSS: skipped, /usr/bin/time (GNU time) not found")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time atlasgen validate on project folders.")
    parser.add_argument("projects", nargs="+", type=Path, metavar="DIR")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--atlasgen", default="atlasgen", help="the atlasgen executable")
    parser.add_argument("--serial", action="store_true", help="also time without workers")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results here")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    measure_rss = GNU_TIME.is_file() and os.access(GNU_TIME, os.X_OK)
    python = str(Path(args.atlasgen).parent / "python")

    cases: list[Case] = []
    for project in args.projects:
        target = ["validate", "--project", str(project)]
        members = count_members(project)
        cases.append(Case(project.name, str(project), members, [args.atlasgen, *target]))
        if args.serial:
            serial = [python, "-c", _SERIAL, *target]
            cases.append(Case(f"{project.name} (1 process)", str(project), members, serial))

    print(
        f"atlasgen validate: {args.runs} timed runs (+{args.warmup} warm-up) per corpus; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    for case in cases:
        for _ in range(args.warmup):
            timed_run(case.command, False, "timevalidate")
        for i in range(args.runs):
            seconds, rss = timed_run(case.command, measure_rss, "timevalidate")
            case.seconds.append(seconds)
            if rss is not None:
                case.rss_kib.append(rss)
            print(f"  {case.label:<28} run {i + 1}/{args.runs}  {seconds:7.3f} s  {fmt_rss(rss)}")
    print_table(cases, args.runs, measure_rss)

    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        result = {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "runs": args.runs,
            "warmup": args.warmup,
            "cases": [
                {**asdict(c), "median": c.median, "peak_rss_kib": c.peak_rss_kib} for c in cases
            ],
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
