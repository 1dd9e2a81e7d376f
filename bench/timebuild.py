"""Time a full ``atlasgen build`` and a full Hugo build of the same members, side by side.

    python bench/timebuild.py --runs 3 --atlasgen .venv/bin/atlasgen --hugo hugo \\
        --date 2026-06-01 --json bench/results/build.json bench/corpus-1000 ...

For every corpus folder DIR (an atlasgen project; bench/run_build.sh prepares the
Hugo site in ``DIR/hugo-site`` with bench/hugo_content.py) it runs, after one
untimed warm-up of each, RUNS times in turn:

* ``atlasgen build --project DIR --out DIR/out-atlasgen --date DATE``
* ``hugo --quiet --source DIR/hugo-site --destination DIR/out-hugo``

Before every run (warm-up included) the output folder is deleted, for atlasgen also
its build cache ``DIR/.atlasgen-cache/`` and for Hugo ``hugo-site/resources/``, so each
is a full build from scratch that writes to disk;
then ``sync`` (untimed), so that the write-back of the previous run's hundreds of MB
does not land in this run's time.
Runs of the two tools alternate, so that a slow phase of the machine hits both.

The approach is bench/timevalidate.py's (shared helpers in bench/benchlib.py): wall
time with ``time.perf_counter`` around the subprocess (interpreter or binary start
included), peak RSS from ``/usr/bin/time -v``
(Maximum resident set size: the largest single process, so for atlasgen with worker
processes the parent or one worker, not their sum). After the last run the output is
counted: ``*.html`` files (for pages per second), all files, bytes. The outputs stay
in place (for bench/page_weight.py). Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchlib import GNU_TIME, Runs, count_members, fmt_rss, timed_run

TOOLS = ("atlasgen", "hugo")


@dataclass
class Output:
    html: int = 0
    files: int = 0
    bytes: int = 0


@dataclass
class Case(Runs):
    tool: str
    corpus: str
    members: int
    command: list[str]
    clean: list[str]
    out: str
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    output: Output = field(default_factory=Output)

    @property
    def pages_per_second(self) -> float:
        return self.output.html / self.median


def count_output(out: Path) -> Output:
    result = Output()
    for dirpath, _dirs, names in os.walk(out):
        for name in names:
            result.files += 1
            result.bytes += os.stat(os.path.join(dirpath, name)).st_size
            if name.endswith(".html"):
                result.html += 1
    return result


def clean(paths: Sequence[str]) -> None:
    for path in paths:
        if os.path.lexists(path):
            shutil.rmtree(path)


def run_once(case: Case, measure_rss: bool) -> tuple[float, int | None]:
    """(wall seconds, peak RSS in KiB or None) of one full build; exits when it fails."""
    clean(case.clean)
    os.sync()  # flush what earlier runs wrote, so that its write-back does not slow this one
    return timed_run(case.command, measure_rss, "timebuild")


def fmt_bytes(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def table(heads: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """Aligned text table; the first ``left`` columns left-aligned, the others right."""
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(heads), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def version(command: Sequence[str]) -> str:
    try:
        proc = subprocess.run(command, capture_output=True, text=True, check=False, timeout=30)
    except OSError:
        return "unknown"
    return (proc.stdout.strip().splitlines() or ["unknown"])[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time atlasgen build against Hugo.")
    parser.add_argument("corpora", nargs="+", type=Path, metavar="DIR")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--atlasgen", default="atlasgen", help="the atlasgen executable")
    parser.add_argument("--hugo", default="hugo", help="the hugo executable")
    parser.add_argument("--date", default="2026-06-01", help="atlasgen build --date")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results here")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    measure_rss = GNU_TIME.is_file() and os.access(GNU_TIME, os.X_OK)

    cases: dict[tuple[str, str], Case] = {}
    for corpus in (c.resolve() for c in args.corpora):
        site = corpus / "hugo-site"
        if not (site / "content").is_dir():
            parser.error(f"{site}/content missing: run bench/hugo_content.py first")
        members = count_members(corpus)
        a_out, h_out = corpus / "out-atlasgen", corpus / "out-hugo"
        a_cmd = [args.atlasgen, "build", "--project", str(corpus), "--out", str(a_out)]
        cases[(corpus.name, "atlasgen")] = Case(
            "atlasgen",
            corpus.name,
            members,
            [*a_cmd, "--date", args.date],
            [str(a_out), str(corpus / ".atlasgen-cache")],
            str(a_out),
        )
        h_cmd = [args.hugo, "--quiet", "--source", str(site), "--destination", str(h_out)]
        cases[(corpus.name, "hugo")] = Case(
            "hugo", corpus.name, members, h_cmd, [str(h_out), str(site / "resources")], str(h_out)
        )

    hugo_version = version([args.hugo, "version"])
    print(
        f"full build: {args.runs} timed runs (+{args.warmup} warm-up) per tool and corpus, "
        f"alternating; Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{platform.machine()}; {hugo_version}"
    )
    for corpus in args.corpora:
        pair = [cases[(corpus.resolve().name, tool)] for tool in TOOLS]
        for _ in range(args.warmup):
            for case in pair:
                run_once(case, False)
        for i in range(args.runs):
            for case in pair:
                seconds, rss = run_once(case, measure_rss)
                case.seconds.append(seconds)
                if rss is not None:
                    case.rss_kib.append(rss)
                print(
                    f"  {case.corpus:<14} {case.tool:<9} run {i + 1}/{args.runs}"
                    f"  {seconds:8.3f} s  {fmt_rss(rss)}",
                    flush=True,
                )
        for case in pair:
            case.output = count_output(Path(case.out))

    print()
    heads = ["corpus", "tool", *(f"run {i + 1}" for i in range(args.runs)), "median"]
    heads += ["HTML pages", "pages/s", "peak RSS", "files", "output"]
    rows = [
        [
            c.corpus,
            c.tool,
            *(f"{s:.2f} s" for s in c.seconds),
            f"{c.median:.2f} s",
            f"{c.output.html:,}",
            f"{c.pages_per_second:,.0f}",
            fmt_rss(c.peak_rss_kib),
            f"{c.output.files:,}",
            fmt_bytes(c.output.bytes),
        ]
        for c in cases.values()
    ]
    for line in table(heads, rows, left=2):
        print(line)

    print()
    comparisons = []
    rows = []
    for corpus in args.corpora:
        a, h = (cases[(corpus.resolve().name, tool)] for tool in TOOLS)
        ratio = a.median / h.median
        pps_ratio = h.pages_per_second / a.pages_per_second
        comparisons.append(
            {
                "corpus": a.corpus,
                "members": a.members,
                "atlasgen_median": a.median,
                "hugo_median": h.median,
                "ratio_atlasgen_hugo": ratio,
                "atlasgen_pages_per_second": a.pages_per_second,
                "hugo_pages_per_second": h.pages_per_second,
                "ratio_pages_per_second_hugo_atlasgen": pps_ratio,
                "atlasgen_peak_rss_kib": a.peak_rss_kib,
                "hugo_peak_rss_kib": h.peak_rss_kib,
                "atlasgen_output": asdict(a.output),
                "hugo_output": asdict(h.output),
            }
        )
        rows.append(
            [
                f"{a.members:,}",
                f"{a.median:.2f} s",
                f"{h.median:.2f} s",
                f"{ratio:.1f}×",
                f"{a.pages_per_second:,.0f}",
                f"{h.pages_per_second:,.0f}",
                f"{pps_ratio:.1f}×",
                fmt_rss(a.peak_rss_kib),
                fmt_rss(h.peak_rss_kib),
                f"{fmt_bytes(a.output.bytes)} / {fmt_bytes(h.output.bytes)}",
            ]
        )
    heads = ["N", "atlasgen", "Hugo", "ratio a/H", "a pages/s", "H pages/s", "H/a p/s"]
    heads += ["a RSS", "H RSS", "output a / H"]
    for line in table(heads, rows):
        print(line)
    print(
        "medians of wall time; ratio = atlasgen median / Hugo median. atlasgen builds every page"
        " in German and English plus directory, region and statistics pages, maps and exports;"
        " the Hugo site only one page per member and per competence (German), so compare"
        " pages/s as well."
    )
    if measure_rss:
        print("peak RSS: largest single process (atlasgen: parent or one worker), /usr/bin/time -v")
    else:
        print("peak RSS: skipped, /usr/bin/time (GNU time) not found")

    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        result = {
            "python": platform.python_version(),
            "hugo": hugo_version,
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
            "runs": args.runs,
            "warmup": args.warmup,
            "date": args.date,
            "cases": [
                {
                    **asdict(c),
                    "median": c.median,
                    "peak_rss_kib": c.peak_rss_kib,
                    "pages_per_second": c.pages_per_second,
                }
                for c in cases.values()
            ],
            "comparisons": comparisons,
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
