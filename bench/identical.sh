#!/usr/bin/env bash
# Byte-identical output check for speed work: runs a reference binary and the
# current release build with `--format json` on every file of the seeds, the
# dev set and the clean corpus (../shared/corpus), one file list per set, and
# compares the outputs byte for byte. Exit 0 when all are identical.
#
#   bench/identical.sh REFERENCE_BIN [CANDIDATE_BIN] [EXTRA_FILE...]
#
# The runs start from / so that the repository's own .auditrc.toml does not
# apply; outputs go to target/bench/identical/ (never committed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ref="$(realpath "${1:?usage: bench/identical.sh REFERENCE_BIN [CANDIDATE_BIN] [EXTRA_FILE...]}")"
cand="$(realpath "${2:-$root/target/release/transaudit}")"
shift $(( $# >= 2 ? 2 : 1 ))
corpus="$(realpath "${CORPUS_ROOT:-$root/../shared/corpus}")"
out="$root/target/bench/identical"
mkdir -p "$out"
status=0
run_set() {
  local name="$1"; shift
  (cd / && "$ref" check --format json --exit-zero "$@" >"$out/$name.ref.json" 2>"$out/$name.ref.err") || true
  (cd / && "$cand" check --format json --exit-zero "$@" >"$out/$name.new.json" 2>"$out/$name.new.err") || true
  if cmp -s "$out/$name.ref.json" "$out/$name.new.json" && cmp -s "$out/$name.ref.err" "$out/$name.new.err"; then
    echo "identical: $name ($# files, $(wc -c <"$out/$name.ref.json") bytes of json)"
  else
    echo "DIFFERENT: $name (diff $out/$name.ref.json $out/$name.new.json)"
    status=1
  fi
}
for set in seeds dev clean; do
  mapfile -t files < <(find "$corpus/$set" -type f | LC_ALL=C sort)
  run_set "$set" "${files[@]}"
done
for extra in "$@"; do
  run_set "extra-$(basename "$extra")" "$(realpath "$extra")"
done
exit "$status"
