#!/usr/bin/env bash
# Fuzzes every target for SECONDS each (default 300), one after the other.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). With no nightly toolchain,
# RUSTC_BOOTSTRAP=1 lets stable build the libFuzzer targets. Seed corpora
# come from the repository (rule files, config, examples); ../shared/corpus
# seeds are added read-only when present. New inputs go to fuzz/corpus/ and
# crashes to fuzz/artifacts/ (both ignored by git). Exit 1 on a crash, 3 when
# the targets do not build.
# SANITIZER=address fuzz/run.sh ... builds with AddressSanitizer instead.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-300}"; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(document rule_file config check markup server_decode)

toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  export RUSTC_BOOTSTRAP=1
fi
unset CARGO_TARGET_DIR   # fuzz/target, built with sanitizer flags

seed() { # seed TARGET FILES...
  local dir="fuzz/corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp -n "$f" "$dir/seed-$(basename "$f")" || true; done
}
seed document examples/*.txt
seed rule_file lints/*/*.toml
seed config .auditrc.toml
# check: first byte picks the policy profile.
mkdir -p fuzz/corpus/check
for f in examples/*.txt; do
  for p in 0 1 130; do
    out="fuzz/corpus/check/seed-$p-$(basename "$f")"
    [ -f "$out" ] || { printf "\\$(printf %03o $p)" > "$out"; cat "$f" >> "$out"; }
  done
done
# markup: first byte picks Markdown (even) or HTML (odd), bit 2 unsafe fixes;
# seeds are the examples wrapped in a little of each markup, with
# suppression comments.
mkdir -p fuzz/corpus/markup
for f in examples/*.txt; do
  b=$(basename "$f" .txt)
  out="fuzz/corpus/markup/seed-md-$b"
  [ -f "$out" ] || { printf '\002---\nauthor: A. Auteur\nsource_url: https://example.org/a\n---\n# Titre\n\n<!-- transaudit-disable boilerplate -->\n' > "$out"; cat "$f" >> "$out"; printf '\n<!-- transaudit-enable -->\n[La source](https://example.org) *fin*\n' >> "$out"; }
  out="fuzz/corpus/markup/seed-html-$b"
  [ -f "$out" ] || { printf '\003<html><head><style>p{}</style></head><body><!-- transaudit-disable-next-line typography -->\n<p>' > "$out"; sed 's/&/\&amp;/g; s/$/<br>/' "$f" >> "$out"; printf '</p><script>x<y</script></body></html>\n' >> "$out"; }
done
# server_decode: structured input (arbitrary); two form bodies (text, data)
# as raw bytes give it a start.
mkdir -p fuzz/corpus/server_decode
[ -f fuzz/corpus/server_decode/seed-form ] || printf 'application/x-www-form-urlencoded\0language=fr&text=Il+a+parcouru+55+miles.&motherTongue=fr' > fuzz/corpus/server_decode/seed-form
[ -f fuzz/corpus/server_decode/seed-data ] || printf 'language=fr&data=%%7B%%22annotation%%22%%3A%%5B%%7B%%22text%%22%%3A%%22Bonjour+%%22%%7D%%2C%%7B%%22markup%%22%%3A%%22%%3Cb%%3E%%22%%7D%%5D%%7D' > fuzz/corpus/server_decode/seed-data
extra=()
[ -d ../shared/corpus/seeds ] && extra=(../shared/corpus/seeds)

# Build first: a toolchain that cannot build the targets is not a crash.
cargo "${toolchain[@]}" fuzz build -O -a -s "${SANITIZER:-none}" || { echo "fuzz: build failed" >&2; exit 3; }

status=0
for t in "${targets[@]}"; do
  args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1)
  case "$t" in
    document) args+=(-max_len=65536) ;;          # long lines reach the column index
    check|markup) args+=(-max_len=16384) ;;
    rule_file|config) args+=(-dict=fuzz/dict/toml.dict) ;;
  esac
  mkdir -p "fuzz/corpus/$t"   # a target without seeds starts from nothing
  dirs=("fuzz/corpus/$t")
  case "$t" in document|check) dirs+=("${extra[@]}") ;; esac
  echo "==> fuzz $t for ${secs}s"
  # -s none: the crate's only `unsafe` forwards to the system allocator
  # (src/oom.rs, not used by the fuzz targets), so AddressSanitizer finds
  # nothing that a panic would not; without it the targets run 2-3x more inputs.
  # -a: debug assertions, so an arithmetic overflow is a crash too.
  cargo "${toolchain[@]}" fuzz run -O -a -s "${SANITIZER:-none}" "$t" "${dirs[@]}" -- "${args[@]}" || status=1
done
exit $status
