#!/usr/bin/env bash
# Benchmark a full `atlasgen build` side by side with Hugo on the same members,
# and measure the page weight of a typical profile page.
#
#   bash bench/run_build.sh        (or: make bench)
#
# Needs Hugo (Debian: apt-get install hugo, 0.111.x). The corpora are generated into
# bench/corpus-<N>/ (git-ignored) exactly as bench/run_validate.sh does, unless they
# are there already for the same seed. For each corpus the Hugo site is assembled in
# bench/corpus-<N>/hugo-site/ from bench/hugo/ (config and layouts, no theme or
# module: Hugo fetches nothing) and bench/hugo_content.py (content); the builds go to
# bench/corpus-<N>/out-atlasgen/ and out-hugo/. Settings, all optional:
#   RUNS=3          timed runs per tool and corpus (after one untimed warm-up run)
#   SEED=42         seed of bench/gen_corpus.py
#   SIZES="1000 10000"
#   REGENERATE=1    regenerate the corpora even if present
#   DATE=2026-06-01 atlasgen build --date
#   BUDGET_KB=50    page weight budget, gzip -9, kB of 1000 bytes
#   KEEP_OUTPUT=1   keep the built sites and atlasgen's cache (otherwise removed at the
#                   end; 10,000 members make some 800 MB of atlasgen output)
#   VENV=.venv      the virtual environment with atlasgen installed
#   HUGO=hugo       the hugo executable
# Results are also written as JSON to bench/results/ (git-ignored).
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
# shellcheck source=bench/corpora.sh
source "$bench/corpora.sh"
bench_settings run_build hugo
budget="${BUDGET_KB:-50}"
# One benchmark at a time: two runs at once would slow each other down, and would
# delete each other's output folders. bench/run.sh holds this lock already and says so
# with BENCH_LOCK_HELD=1; it also passes its BENCH_STAMP for the names of the results.
if [[ "${BENCH_LOCK_HELD:-0}" != 1 ]]; then
    bench_lock run_build
fi
stamp_time="${BENCH_STAMP:-$(date +%Y%m%dT%H%M%S)}"

projects=()
for n in "${sizes[@]}"; do
    dir="$(ensure_corpus "$n")"
    # The Hugo site: always rebuilt from bench/hugo/ and the corpus (a few seconds, untimed).
    site="$dir/hugo-site"
    rm -rf "$site"
    mkdir -p "$site"
    cp -R "$bench/hugo/." "$site/"
    "$python" "$bench/hugo_content.py" --project "$dir" --out "$site/content"
    projects+=("$dir")
done

echo
"$python" "$bench/timebuild.py" --runs "$runs" --atlasgen "$atlasgen" --hugo "$hugo" \
    --date "$day" --json "$results/build-$stamp_time.json" "${projects[@]}"

# Page weight of a typical profile: the largest corpus just built, and the bundled
# example content of the repository (built into a temporary folder).
echo
status=0
largest="${projects[${#projects[@]}-1]}"
"$python" "$bench/page_weight.py" --site "$largest/out-atlasgen" --project "$largest" \
    --budget-kb "$budget" --label "$(basename "$largest")" \
    --json "$results/page-weight-$stamp_time-$(basename "$largest").json" || status=$?

example_out="$(mktemp -d "${TMPDIR:-/tmp}/atlasgen-example.XXXXXX")"
trap 'rm -rf "$example_out"' EXIT
"$atlasgen" build --project "$root" --out "$example_out/site" --date "$day" >/dev/null 2>&1
echo
"$python" "$bench/page_weight.py" --site "$example_out/site" --project "$root" \
    --budget-kb "$budget" --label "example content" \
    --json "$results/page-weight-$stamp_time-example.json" || status=$?

if [[ "${KEEP_OUTPUT:-0}" != 1 ]]; then
    for dir in "${projects[@]}"; do
        rm -rf "$dir/out-atlasgen" "$dir/.atlasgen-cache" "$dir/out-hugo" \
            "$dir/hugo-site/resources"
    done
fi
if [[ $status -ne 0 ]]; then
    echo "run_build: a profile page is over the ${budget} kB budget (gzip -9)" >&2
fi
exit "$status"
