#!/usr/bin/env bash
# The benchmark suite, all in one run, on generated corpora of 1,000 and 10,000 members:
#
#   bash bench/run.sh        (or: make bench, which first installs the bench extras)
#
# What it measures, each the median of RUNS timed runs after one untimed warm-up run,
# wall time around the process (interpreter start included), peak RSS from
# /usr/bin/time -v (largest single process):
#   1. `atlasgen validate --project DIR`                     bench/run_validate.sh
#   2. full build from scratch, `atlasgen build --project DIR --out DIR/out-atlasgen
#      --date DATE` after deleting DIR/out-atlasgen and the cache DIR/.atlasgen-cache,
#      then `sync` (all untimed), alternating with Hugo on the same members; the ratio
#      atlasgen/Hugo of the medians; peak RSS; then the page weight of a profile page
#                                                            bench/run_build.sh
#   3. no-change rebuild: the same `atlasgen build` again, cache and output in place
#   4. one-file rebuild as a fresh process: the first member file of content/members/
#      gets a new last paragraph "Benchmark-Änderung <n>." before each run, then the
#      same `atlasgen build`
#   5. one-file rebuild inside `atlasgen serve --port 0`: the same change, timed until
#      the server's `reload` event on /_atlasgen/events (the server's own rebuild time,
#      and the wall time from the write, file watcher included)
#                                                 3.-5.: bench/timerebuild.py
#   6. search against Pagefind in a headless browser, --repeat 3    bench/search.py
# The member file is restored at the end (also on an error or Ctrl-C). timerebuild.py
# prints the table of 1.-5. with the targets, each marked met or missed (the summary
# judges them at 10,000 members): full build <= 1.0 x Hugo, no-change rebuild <= 0.5 s,
# one-file rebuild <= 0.3 s inside serve and <= 1.0 s as a fresh `atlasgen build`, peak
# RSS of a full build <= 1 GB (10^9 bytes). A missed target does not fail the run; a
# profile page over the page-weight budget does (exit 1, after all steps).
#
# Settings, all optional (passed on to the scripts above):
#   RUNS=3          timed runs per measurement and corpus
#   SEED=42         seed of bench/gen_corpus.py
#   SIZES="1000 10000"
#   REGENERATE=1    regenerate the corpora even if present (once, here)
#   DATE=2026-06-01 atlasgen build/serve --date
#   BUDGET_KB=50    page weight budget (bench/run_build.sh)
#   SERIAL=1        also time validate with the worker processes disabled
#   SEARCH=0        skip the search benchmark (6.)
#   KEEP_OUTPUT=1   keep the built sites and atlasgen's cache in bench/corpus-<N>/
#                   (otherwise removed at the end)
#   VENV=.venv      the virtual environment with atlasgen installed
#   HUGO=hugo       the hugo executable
# The corpora are bench/corpus-<N>/ (git-ignored, made by bench/gen_corpus.py when
# missing, see bench/corpora.sh). Results go to bench/results/ (git-ignored), all named
# with the same <stamp>: validate-, build-, page-weight-…-, rebuild- and search-<stamp>.json;
# rebuild-<stamp>.json holds the figures of 1.-5. and the targets together.
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
# shellcheck source=bench/corpora.sh
source "$bench/corpora.sh"
bench_settings run hugo
# One benchmark at a time (bench/run_build.sh, below, skips the lock then).
bench_lock run
stamp="$(date +%Y%m%dT%H%M%S)"

projects=()
for n in "${sizes[@]}"; do
    projects+=("$(ensure_corpus "$n")")
done

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
    if [[ "${KEEP_OUTPUT:-0}" != 1 ]]; then
        for dir in "${projects[@]}"; do
            rm -rf "$dir/out-atlasgen" "$dir/.atlasgen-cache" "$dir/out-hugo" \
                "$dir/hugo-site/resources"
        done
    fi
}
trap cleanup EXIT

# The settings as resolved here, for the scripts below; the corpora are made already.
export RUNS="$runs" SEED="$seed" SIZES="${sizes[*]}" DATE="$day" VENV="$venv" HUGO="$hugo"
export REGENERATE=0 BENCH_STAMP="$stamp" BENCH_LOCK_HELD=1

bash "$bench/run_validate.sh"

# KEEP_OUTPUT=1: the rebuilds start from the output and cache of the last full build.
status=0
KEEP_OUTPUT=1 bash "$bench/run_build.sh" || status=$?
if [[ ! -f "$results/build-$stamp.json" ]]; then
    exit "$status" # the full build failed; a page over budget comes after the JSON
fi

echo
"$python" "$bench/timerebuild.py" --runs "$runs" --atlasgen "$atlasgen" --date "$day" \
    --validate-json "$results/validate-$stamp.json" --build-json "$results/build-$stamp.json" \
    --json "$results/rebuild-$stamp.json" "${projects[@]}"

if [[ "${SEARCH:-1}" != 0 ]]; then
    echo
    "$python" "$bench/search.py" --repeat 3 --corpora "$(IFS=,; echo "${sizes[*]}")" \
        --json "$results/search-$stamp.json"
fi
exit "$status"
