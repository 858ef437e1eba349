#!/usr/bin/env bash
# transaudit's own benchmark: start-up, throughput on a ~100 MB file and on
# 2,000 articles, 100 MB on one line, peak memory, 1 vs 2 threads, full
# pack vs one rule. Inputs are built at run time from ../shared/corpus/clean
# (never committed). Medians of several runs; see BENCHMARKS.md.
#
#   bench/run.sh [RUNS]            default 5 (start-up: 20)
#   BEFORE=REF_BIN bench/run.sh    also the reference binary, round by round,
#                                  with a before/after table and the ratios
#   BIG=1 bench/run.sh             also a 1 GB file (memory goal)
#   PROFILE=1 bench/run.sh         also an instruction-count profile (callgrind)
#
# ripgrep (`rg`, Debian package ripgrep) is the start-up yardstick of the
# targets table; without it those two targets are not judged.
#
# Results: the tables on stdout, target/bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
out="$CARGO_TARGET_DIR/bench"
mkdir -p "$out"

cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/transaudit"
bench/inputs.sh "$out/inputs"

# Run from / : from inside the repository, its .auditrc.toml (`exclude =
# ["target/**"]`) would make the walk of target/bench/inputs/articles lint
# nothing.
(cd / && python3 "$OLDPWD/bench/bench.py" transaudit --bin "$bin" ${BEFORE:+--before "$BEFORE"} --inputs "$out/inputs" --runs "$runs" \
  --startup-runs $((runs * 4)) --json "$out/results.json")

if command -v hyperfine >/dev/null; then
  echo; echo "### hyperfine (wall clock, same machine, cross-check)"; echo
  RAYON_NUM_THREADS=1 hyperfine -N --warmup 5 --runs 50 --style basic \
    --export-markdown "$out/hyperfine-startup.md" \
    "$bin check $out/inputs/one-line.txt" \
    "$bin check $out/inputs/article-5k.txt" >/dev/null
  sed "s#$out/inputs#\$IN#g; s#$bin#transaudit#g" "$out/hyperfine-startup.md"
fi

if [ "${PROFILE:-0}" = 1 ]; then
  bench/profile.sh
fi
