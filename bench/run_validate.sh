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
venv="${VENV:-$root/.venv}"
python="$venv/bin/python"
atlasgen="$venv/bin/atlasgen"
runs="${RUNS:-3}"
seed="${SEED:-42}"
read -r -a sizes <<<"${SIZES:-1000 10000}"

for exe in "$python" "$atlasgen"; do
    if [[ ! -x "$exe" ]]; then
        echo "run_validate: $exe not found; run 'make validate' once to set up $venv" >&2
        exit 2
    fi
done

now() { date +%s.%N; }

projects=()
for n in "${sizes[@]}"; do
    dir="$bench/corpus-$n"
    stamp="members=$n seed=$seed"
    if [[ "${REGENERATE:-0}" != 1 && -f "$dir/.generated" && "$(cat "$dir/.generated")" == "$stamp" ]]; then
        echo "using existing $(basename "$dir") ($stamp)"
    else
        rm -rf "$dir" "$dir.partial"
        start="$(now)"
        "$python" "$bench/gen_corpus.py" --members "$n" --seed "$seed" --out "$dir.partial"
        echo "$stamp" >"$dir.partial/.generated"
        mv "$dir.partial" "$dir"
        awk -v name="$(basename "$dir")" -v a="$start" -v b="$(now)" \
            'BEGIN { printf "generated %s in %.1f s (wall, incl. interpreter start)\n", name, b - a }'
    fi
    projects+=("$dir")
done

extra=()
if [[ "${SERIAL:-0}" == 1 ]]; then
    extra+=(--serial)
fi

echo
"$python" "$bench/timeit.py" --runs "$runs" --atlasgen "$atlasgen" "${extra[@]}" \
    --json "$bench/results/validate-$(date +%Y%m%dT%H%M%S).json" "${projects[@]}"
