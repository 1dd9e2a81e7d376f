# Sourced by the bench scripts (after setting $bench and $root).
#
# bench_settings NAME [hugo]: the settings every script takes from the environment
# (VENV, RUNS, SEED, DATE, SIZES, HUGO), as $venv, $python, $atlasgen, $runs, $seed,
# $day, the array $sizes and $hugo, and $results (made); exits 2 with a message naming the
# script NAME when atlasgen (or, with "hugo", Hugo) is missing.
#
# bench_lock NAME: one benchmark at a time (two at once would slow each other down and
# delete each other's output): waits for the lock in $results, saying so as NAME.
#
# ensure_corpus N prints the folder of the N-member corpus (bench/corpus-N, git-ignored),
# generating it with bench/gen_corpus.py unless it is there for the same seed. Needs
# $python and $seed; REGENERATE=1 forces a new corpus.

bench_settings() {
    local who="$1" exe
    venv="${VENV:-$root/.venv}"
    python="$venv/bin/python"
    atlasgen="$venv/bin/atlasgen"
    hugo="${HUGO:-hugo}"
    runs="${RUNS:-3}"
    seed="${SEED:-42}"
    day="${DATE:-2026-06-01}"
    read -r -a sizes <<<"${SIZES:-1000 10000}"
    for exe in "$python" "$atlasgen"; do
        if [[ ! -x "$exe" ]]; then
            echo "$who: $exe not found; run 'make validate' once to set up $venv" >&2
            exit 2
        fi
    done
    if [[ "${2:-}" == hugo ]] && ! command -v "$hugo" >/dev/null; then
        echo "$who: $hugo not found; install it with 'apt-get install hugo'" >&2
        exit 2
    fi
    results="$bench/results"
    mkdir -p "$results"
}

bench_lock() {
    exec 9>"$results/.run_build.lock"
    if ! flock -n 9; then
        echo "$1: another benchmark is running; waiting for it to finish" >&2
        flock 9
    fi
}

ensure_corpus() {
    local n="$1" dir="$bench/corpus-$1" stamp="members=$1 seed=$seed" start
    if [[ "${REGENERATE:-0}" != 1 && -f "$dir/.generated" && "$(cat "$dir/.generated")" == "$stamp" ]]; then
        echo "using existing $(basename "$dir") ($stamp)" >&2
    else
        rm -rf "$dir" "$dir.partial"
        start="$(date +%s.%N)"
        "$python" "$bench/gen_corpus.py" --members "$n" --seed "$seed" --out "$dir.partial" >&2
        echo "$stamp" >"$dir.partial/.generated"
        mv "$dir.partial" "$dir"
        awk -v name="$(basename "$dir")" -v a="$start" -v b="$(date +%s.%N)" \
            'BEGIN { printf "generated %s in %.1f s (wall, incl. interpreter start)\n", name, b - a }' >&2
    fi
    echo "$dir"
}
