#!/usr/bin/env bash
# Times imprenta against pandoc and Typst on the same manuscripts, whole process, release
# build. Usage: bash benches/run.sh [RUNS]   (default 3 runs each; the median is reported)
#
# Manuscripts: the sample book; the Quijote from ../shared/corpora when present (and the
# Quijote doubled, for the scaling figure), else a generated large manuscript.
# pandoc (Debian's) and Typst (PyPI's `typst` package) are timed when installed.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# IMPRENTA_BIN times another build of imprenta (an earlier commit's) on the same inputs.
if [ -z "${IMPRENTA_BIN:-}" ]; then
    cargo build --release --quiet
fi
bin=${IMPRENTA_BIN:-${CARGO_TARGET_DIR:-target}/release/imprenta}
export SOURCE_DATE_EPOCH=1700000000

# measure LABEL CMD...: median wall time (s) and largest peak RSS (MB) over $runs runs.
measure() {
    local label=$1; shift
    local times=() peak=0
    for _ in $(seq "$runs"); do
        /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
            echo "| $label | failed: $(tail -1 "$work/err") | | |"; return; }
        read -r t m <"$work/time"
        times+=("$t"); (( m > peak )) && peak=$m
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    printf '| %s | %s s | %d MB |\n' "$label" "$median" $(( peak / 1024 ))
    echo "$median" >"$work/last"
}

manuscripts=("sample:manuscript")
corpus=../shared/corpora/quijote-es
if [ -d "$corpus" ]; then
    manuscripts+=("quijote:$corpus")
    doubled=$work/quijote-x2
    mkdir -p "$doubled"
    cp "$corpus/book.toml" "$doubled/"
    for f in "$corpus"/*.md; do
        name=$(basename "$f" .md)
        cp "$f" "$doubled/$name-a.md"
        cp "$f" "$doubled/$name-b.md"
    done
    manuscripts+=("quijote×2:$doubled")
else
    generated=$work/generated
    mkdir -p "$generated"
    printf '[book]\ntitle = "Generado"\n' >"$generated/book.toml"
    for i in $(seq -w 1 100); do
        { echo "# Capítulo $i"; echo
          for p in $(seq 1 60); do
              echo "Párrafo $p del capítulo $i: «el año en que la canción del pingüino llegó a la ciudad», dijo él —¿verdad?— mientras la niña miraba el teleférico, que subía y bajaba sin cesar entre El Alto y La Paz, con su carga de vergüenza, prisa y esperanza."
              echo
          done; } >"$generated/$i.md"
    done
    manuscripts+=("generated:$generated")
fi

echo "| run | wall time (median of $runs) | peak memory |"
echo "|---|---|---|"
for entry in "${manuscripts[@]}"; do
    name=${entry%%:*}; dir=${entry#*:}
    measure "$name: imprenta epub" "$bin" epub -q --manuscript "$dir" -o "$work/out.epub"
    measure "$name: imprenta pdf" "$bin" pdf -q --manuscript "$dir" -o "$work/out.pdf"
    # The screen PDF (an earlier build's only PDF) beside the print interior.
    # (The help read whole first: `grep -q` would stop the pipe early, and pipefail with it.)
    if [[ $("$bin" pdf --help) == *--screen* ]]; then
        measure "$name: imprenta pdf --screen" "$bin" pdf -q --screen --manuscript "$dir" -o "$work/screen.pdf"
    fi
    # The cover: the interior set to learn its page count, then the one-page wrap.
    if [[ $("$bin" --help) == *cover* ]]; then
        measure "$name: imprenta cover" "$bin" cover -q --manuscript "$dir" -o "$work/cover.pdf"
    fi
    measure "$name: imprenta build" "$bin" build -q --manuscript "$dir" --out-dir "$work/both"
    measure "$name: imprenta check" "$bin" check -q --manuscript "$dir"
    if command -v pandoc >/dev/null; then
        mapfile -t chapters < <(find "$dir" -maxdepth 1 -name '*.md' | LC_ALL=C sort)
        measure "$name: pandoc epub" pandoc -f markdown -o "$work/pandoc.epub" \
            --metadata title=Libro --metadata lang=es "${chapters[@]}"
    fi
    if python3 -c 'import typst' 2>/dev/null; then
        python3 benches/md2typ.py "$dir" "$work/book.typ"
        measure "$name: typst pdf" python3 -c \
            "import typst; typst.compile('$work/book.typ', output='$work/typst.pdf')"
    fi
done

# Hostile inputs: each must finish in bounded time and memory, with a placeholder (SVG),
# a refusal (the pixel bomb: exit 1 is expected) or the book (Markdown).
echo
echo "| hostile input (imprenta build) | wall time (median of $runs) | peak memory |"
echo "|---|---|---|"
python3 benches/hostile.py "$work/hostile" >"$work/hostile.list"
while read -r dir; do
    name=$(basename "$dir")
    measure "$name" sh -c '"$0" build -q --manuscript "$1" --out-dir "$2" 2>/dev/null || [ "$3" = png-6300 ]' \
        "$bin" "$dir" "$work/hostile-out" "$name"
done <"$work/hostile.list"
