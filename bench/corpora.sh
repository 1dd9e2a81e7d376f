# Sourced by the bench scripts: ensure_corpus N prints the folder of the N-member corpus
# (bench/corpus-N, git-ignored), generating it with bench/gen_corpus.py unless it is there
# for the same seed. Needs $bench, $python and $seed; REGENERATE=1 forces a new corpus.

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
