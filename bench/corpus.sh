#!/usr/bin/env bash
# `transaudit corpus` figures for BENCHMARKS.md (issue 12): throughput on one
# and two threads against `check` on the same texts as files, and peak RSS
# as the input grows (flat memory). The evaluation texts are only read from
# ../shared at run time, never copied into the repository.
#   bench/corpus.sh [GB for the memory run, default 2]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/target/release/transaudit
shared=${SHARED:-../shared}
gb=${1:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$shared" "$work" <<'PY'
import json, pathlib, sys
shared, work = map(pathlib.Path, sys.argv[1:])
files = sorted((shared / "corpus/clean").rglob("*.txt")) + sorted((shared / "corpus/seeds").glob("*.txt"))
texts = work / "texts"; texts.mkdir()
with open(work / "corpus.jsonl", "w", encoding="utf-8") as out:
    for i, f in enumerate(files):
        t = f.read_text(encoding="utf-8")
        (texts / f"{i:05}.txt").write_text(t, encoding="utf-8")
        out.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
PY
records=$(wc -l <"$work/corpus.jsonl")
bytes=$(stat -c %s "$work/corpus.jsonl")
echo "input: $records records, $bytes bytes of JSON Lines"

timed() { # label, command…: median CPU time (user + sys) of 3 runs, and its wall time
  local runs=()
  for _ in 1 2 3; do
    /usr/bin/time -f "%U %S %e" -o "$work/t.txt" "${@:2}" >/dev/null 2>&1 || true
    runs+=("$(awk '{printf "%.3f %.3f", $1 + $2, $3}' "$work/t.txt")")
  done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p | python3 -c "
import sys; cpu, wall = map(float, sys.stdin.read().split())
print(f'{\"$1\":44} CPU {cpu:6.2f} s (wall {wall:6.2f} s)  {$records / cpu:6.0f} records/s  {$bytes / 1e6 / cpu:5.2f} MB/s')"
}
for t in 1 2; do
  timed "corpus, $t thread(s)" env RAYON_NUM_THREADS=$t "$bin" corpus "$work/corpus.jsonl"
  timed "check --format jsonl on files, $t thread(s)" env RAYON_NUM_THREADS=$t "$bin" check --format jsonl --exit-zero "$work/texts"
done

# Memory: the same records repeated up to 50 MB, 500 MB and the size asked.
for target in 50 500 $((gb * 1000)); do
  big=$work/big.jsonl
  : >"$big"
  while [ "$(stat -c %s "$big")" -lt $((target * 1000000)) ]; do cat "$work/corpus.jsonl" >>"$big"; done
  size=$(stat -c %s "$big")
  /usr/bin/time -v "$bin" corpus "$big" >/dev/null 2>"$work/time.txt"
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
  echo "peak RSS on $((size / 1000000)) MB: ${rss} KB (wall $wall, 2 threads)"
  rm -f "$big"
done
