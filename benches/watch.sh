#!/usr/bin/env bash
# The live preview, timed: from saving a chapter to `imprenta watch` telling the browser
# its pages changed (and the e-book), over EDITS saves, with the server's memory every 10
# saves; then Typst's own watch after the same kind of edit, from the save to its PDF
# being rewritten. Usage: bash benches/watch.sh [EDITS]   (default 100)
#
# The book: the Quijote from ../shared/corpora when present, else the sample book.
# Typst (PyPI's `typst` package, whose Compiler.watch is `typst watch`) when installed.
set -euo pipefail
cd "$(dirname "$0")/.."
edits=${1:-100}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

cargo build --release --quiet --bin imprenta --example watch_latency
corpus=../shared/corpora/quijote-es
if [ -d "$corpus" ]; then
    name="the Quijote"
    cp -r "$corpus" "$work/book"
else
    name="the sample book"
    cp -r manuscript "$work/book"
    cp -r fonts "$work/fonts"
fi
# A chapter in the middle of the book: the ones after it are renumbered, not set again.
chapters=("$work"/book/*.md)
chapter=${chapters[$(( ${#chapters[@]} / 3 ))]}

target/release/imprenta watch -q --port 0 --manuscript "$work/book" >"$work/url" 2>"$work/log" &
pid=$!
until [ -s "$work/url" ]; do sleep 0.1; done
url=$(head -1 "$work/url")
until curl -s "${url}state.json" | grep -q '"pages":{'; do sleep 0.2; done
echo "imprenta watch, $name, editing $(basename "$chapter"):"
target/release/examples/watch_latency "$url" "$chapter" "$edits" "$pid"
kill "$pid"
pid=

if python3 -c 'import typst' 2>/dev/null; then
    python3 benches/md2typ.py "$work/book" "$work/book.typ"
    python3 - "$work/book.typ" "$work/typst.pdf" "$(( edits < 20 ? edits : 20 ))" <<'EOF'
import os, statistics, subprocess, sys, time
typ, pdf, edits = sys.argv[1], sys.argv[2], int(sys.argv[3])
watcher = subprocess.Popen(
    [sys.executable, "-c", f"import typst; typst.Compiler({typ!r}).watch({pdf!r})"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    def written_after(since, timeout=60):
        # Typst writes the PDF when a compilation ends: its modification time says when.
        while time.monotonic() - since < timeout:
            try:
                if os.stat(pdf).st_mtime_ns > last[0]:
                    last[0] = os.stat(pdf).st_mtime_ns
                    return time.monotonic()
            except FileNotFoundError:
                pass
            time.sleep(0.002)
        raise SystemExit("typst wrote nothing within a minute")
    last = [0]
    written_after(time.monotonic(), 120)
    original = open(typ, encoding="utf-8").read()
    times = []
    for i in range(1, edits + 1):
        time.sleep(0.5)
        saved = time.monotonic()
        with open(typ, "w", encoding="utf-8") as f:
            f.write(original + f"\nUna frase añadida para medir, la número {i}.\n")
        times.append((written_after(saved) - saved) * 1000)
    times.sort()
    print(f"typst watch: save → PDF written: min {times[0]:.0f} ms, median {statistics.median(times):.0f} ms, "
          f"max {times[-1]:.0f} ms ({edits} edits)")
finally:
    watcher.kill()
EOF
else
    echo "typst (PyPI) not installed: no comparison"
fi
