#!/usr/bin/env bash
# Builds the benchmark inputs from ../shared/corpus/clean at run time (the
# corpus is evaluation data: it is never copied into the repository).
#
#   bench/inputs.sh [OUT_DIR]      default: target/bench/inputs
#
# Outputs (rebuilt only when missing):
#   one-line.txt        one short clean sentence (start-up)
#   article-5k.txt      a ~5 KB clean news article (start-up + one article)
#   large.txt           the clean corpus concatenated to >= 100 MB
#   large-1mb.txt       its first ~1 MB (for the slow peers)
#   large-100k.txt      its first ~100 KB (for the slowest peer)
#   one-line-100mb.txt  large.txt on a single line (no newline at all)
#   articles/           2,000 articles, one file each (the corpus split)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${CORPUS:-$root/../shared/corpus/clean}"
out="${1:-$root/target/bench/inputs}"
[ -d "$corpus/orangesum" ] || { echo "bench: no corpus at $corpus (set CORPUS=)" >&2; exit 2; }
mkdir -p "$out"
cd "$out"

# The corpus text files, in a fixed order: the 934 news articles, then the
# three treebank files (licences, manifest and SOURCES.md excluded).
sources() {
  find "$corpus/orangesum" -name '[0-9]*.txt' | LC_ALL=C sort
  find "$corpus/ud" -name '*.txt' ! -name 'LICENSE*' | LC_ALL=C sort
}

if [ ! -s one-line.txt ]; then
  printf 'Le conseil municipal a voté le budget mardi soir.\n' > one-line.txt
fi

if [ ! -s article-5k.txt ]; then
  # Whole articles appended until the file reaches 5,000 bytes.
  : > article-5k.tmp
  for f in $(sources | head -n 40); do
    [ "$(stat -c %s article-5k.tmp)" -ge 5000 ] && break
    cat "$f" >> article-5k.tmp; printf '\n' >> article-5k.tmp
  done
  head -c 5200 article-5k.tmp | python3 -c 'import sys; b=sys.stdin.buffer.read(); sys.stdout.buffer.write(b[:b.rfind(b"\n")+1])' > article-5k.txt
  rm -f article-5k.tmp
fi

if [ ! -s large.txt ]; then
  : > corpus-once.tmp
  for f in $(sources); do cat "$f" >> corpus-once.tmp; printf '\n' >> corpus-once.tmp; done
  : > large.tmp
  while [ "$(stat -c %s large.tmp)" -lt 100000000 ]; do cat corpus-once.tmp >> large.tmp; done
  mv large.tmp large.txt
  rm -f corpus-once.tmp
fi

if [ ! -s large-1mb.txt ]; then
  head -c 1000000 large.txt | python3 -c 'import sys; b=sys.stdin.buffer.read(); sys.stdout.buffer.write(b[:b.rfind(b"\n")+1])' > large-1mb.txt
fi

if [ ! -s large-100k.txt ]; then
  head -c 100000 large.txt | python3 -c 'import sys; b=sys.stdin.buffer.read(); sys.stdout.buffer.write(b[:b.rfind(b"\n")+1])' > large-100k.txt
fi

if [ ! -s one-line-100mb.txt ]; then
  tr '\n' ' ' < large.txt > one-line-100mb.txt
fi

if [ ! -f articles/.done ]; then
  rm -rf articles; mkdir articles
  # Each news file is an article; each treebank file is cut into ~2.5 KB
  # articles at line boundaries; the list is cycled to reach 2,000 files.
  python3 - "$corpus" <<'PY'
import pathlib, sys
corpus = pathlib.Path(sys.argv[1])
arts = [p.read_bytes() for p in sorted((corpus / "orangesum").glob("[0-9]*.txt"))]
for p in sorted((corpus / "ud").glob("*.txt")):
    if p.name.startswith("LICENSE"):
        continue
    chunk = b""
    for line in p.read_bytes().splitlines(keepends=True):
        chunk += line
        if len(chunk) >= 2500:
            arts.append(chunk); chunk = b""
    if chunk:
        arts.append(chunk)
out = pathlib.Path("articles")
for i in range(2000):
    (out / f"{i:04d}.txt").write_bytes(arts[i % len(arts)])
PY
  touch articles/.done
fi
du -sb one-line.txt article-5k.txt large.txt large-1mb.txt large-100k.txt one-line-100mb.txt articles | sed 's/^/bench input: /' >&2
