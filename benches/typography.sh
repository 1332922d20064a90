#!/usr/bin/env bash
# The typesetter's typography in figures, from the layout's own pages (not timed): uneven
# spreads, long and short pages, widows, orphans, lines off the grid, hyphenated lines and
# runs of three, chapter endings under five lines, and the spread of word gaps.
# Usage: bash benches/typography.sh [MANUSCRIPT...]
# Without arguments: the sample book, and the Quijote from ../shared/corpora when present.
# The measures are tests/suite/measure.rs's, printed by examples/corpus_stats.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
export SOURCE_DATE_EPOCH=1700000000
manuscripts=("$@")
if [ ${#manuscripts[@]} -eq 0 ]; then
    manuscripts=(manuscript)
    corpus=../shared/corpora/quijote-es
    [ -d "$corpus" ] && manuscripts+=("$corpus")
fi
cargo build --release --quiet --example corpus_stats
for m in "${manuscripts[@]}"; do
    echo "== $m"
    "${CARGO_TARGET_DIR:-target}/release/examples/corpus_stats" "$m"
done
