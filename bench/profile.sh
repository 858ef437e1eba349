#!/usr/bin/env bash
# Where the time goes: instruction counts (valgrind callgrind: repeatable
# whatever the machine's load) of the release build, on the
# first 10 MB of the large benchmark file and on start-up + a 5 KB article.
# Prints the top functions by own cost and the cost of each part of the
# pipeline (inclusive), as in BENCHMARKS.md.
#
#   bench/profile.sh [MB]          default 10
set -euo pipefail
cd "$(dirname "$0")/.."
mb="${1:-10}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
out="$CARGO_TARGET_DIR/bench"
command -v valgrind >/dev/null || { echo "profile: valgrind not installed (apt-get install valgrind)" >&2; exit 2; }
# The release binary itself: its symbol table names every function that was
# not inlined (inlined code counts in its caller, which is what the parts
# below need).
cargo build --quiet --release
bin="$CARGO_TARGET_DIR/release/transaudit"
bench/inputs.sh "$out/inputs" 2>/dev/null
in="$out/inputs/large-${mb}mb.txt"
if [ ! -s "$in" ]; then
  head -c "${mb}000000" "$out/inputs/large.txt" | python3 -c 'import sys; b=sys.stdin.buffer.read(); sys.stdout.buffer.write(b[:b.rfind(b"\n")+1])' > "$in"
fi
export RAYON_NUM_THREADS=1
for run in "startup:$out/inputs/article-5k.txt:text" "large:$in:json"; do
  IFS=: read -r name file format <<<"$run"
  valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.$name.out" \
    "$bin" check --format "$format" "$file" >/dev/null 2>"$out/callgrind.$name.log" || true
  python3 bench/callgrind_summary.py "$out/callgrind.$name.out" "$name: check --format $format $(basename "$file") ($(stat -c %s "$file") bytes)"
done
