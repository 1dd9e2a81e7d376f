#!/usr/bin/env bash
# Benchmark `atlasgen validate` on generated corpora of 1,000 and 10,000 members.
#
#   bash bench/run_validate.sh        (or: make bench)
#
# The corpora are generated into bench/corpus-<N>/ (git-ignored) unless they are
# there already for the same seed. Settings, all optional:
#   RUNS=3          timed runs per corpus (after one untimed warm-up run)
#   SEED=42         seed of bench/gen_corpus.py
#   SIZES="1000 10000"
#   REGENERATE=1    regenerate the corpora even if present
#   SERIAL=1        also time each corpus with the worker processes disabled
#   VENV=.venv      the virtual environment with atlasgen installed
# Results are also written as JSON to bench/results/ (git-ignored).
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
# shellcheck source=bench/corpora.sh
source "$bench/corpora.sh"
bench_settings run_validate

projects=()
for n in "${sizes[@]}"; do
    dir="$(ensure_corpus "$n")"
    projects+=("$dir")
done

extra=()
if [[ "${SERIAL:-0}" == 1 ]]; then
    extra+=(--serial)
fi

echo
"$python" "$bench/timevalidate.py" --runs "$runs" --atlasgen "$atlasgen" "${extra[@]}" \
    --json "$bench/results/validate-${BENCH_STAMP:-$(date +%Y%m%dT%H%M%S)}.json" "${projects[@]}"
