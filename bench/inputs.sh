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
#   seeds-50mb.txt      the five machine-translated seeds repeated to >= 50 MB
#                       (residue-dense text: many findings per line)
#   patterns-50.txt     50 literal patterns for the ripgrep yardstick
#   large-1gb.txt       large.txt ten times (only with BIG=1: 1 GB of disk)
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
seeds="${SEEDS:-$root/../shared/corpus/seeds}"
if [ ! -s seeds-50mb.txt ] && [ -d "$seeds" ]; then
  : > seeds-once.tmp
  for f in $(find "$seeds" -name '*.txt' | LC_ALL=C sort); do cat "$f" >> seeds-once.tmp; printf '\n' >> seeds-once.tmp; done
  : > seeds.tmp
  while [ "$(stat -c %s seeds.tmp)" -lt 50000000 ]; do cat seeds-once.tmp >> seeds.tmp; done
  mv seeds.tmp seeds-50mb.txt
  rm -f seeds-once.tmp
fi

if [ ! -s patterns-50.txt ]; then
  # What a grep-based residue check would look for: English chrome, calque
  # stems, units. Written here, not taken from any corpus.
  printf '%s\n' 'Leave a Reply' 'Source link' 'Read more' 'Share this' 'Click here' \
    'Related Posts' 'Subscribe' 'Sign up' 'newsletter' 'cookies' 'miles' 'pieds' \
    'livres' 'pouces' 'gallons' 'Fahrenheit' 'acres' 'verges' 'onces' 'degrés' \
    'a tweeté' 'dans un poste' 'reportage contribué' 'en développement' 'officiers' \
    'député du shérif' 'faire du sens' 'prendre place' 'réaliser que' 'opportunité' \
    'dramatiquement' 'éventuellement' 'supporter' 'définitivement' 'agressif' \
    'administration' 'compte tenu' 'au final' 'impacter' 'initier' 'adresser' \
    'basé sur' 'en charge de' 'être en charge' 'digital' 'challenge' 'deadline' \
    'traduit automatiquement' 'machine translation' 'Getty Images' > patterns-50.txt
fi

if [ "${BIG:-0}" = 1 ] && [ ! -s large-1gb.txt ]; then
  for _ in 1 2 3 4 5 6 7 8 9 10; do cat large.txt; done > large-1gb.tmp
  mv large-1gb.tmp large-1gb.txt
fi

du -sb one-line.txt article-5k.txt large.txt large-1mb.txt large-100k.txt one-line-100mb.txt articles $(ls seeds-50mb.txt large-1gb.txt 2>/dev/null) | sed 's/^/bench input: /' >&2
