#!/usr/bin/env python3
"""Build the word lists embedded by src/lexicon.rs (lexicon/fr.tsv, lexicon/en.tsv).

Usage (from anywhere; paths default relative to the repository root):

    python3 tools/build-lexicon.py [SOURCE_DIR] [--out DIR] [--check]

SOURCE_DIR defaults to ../shared/lexicon (next to the repository), the
read-only copy described in its own README.md. The script needs only the
Python 3 standard library (3.8 or later), no network, and its output is
deterministic: the same inputs give byte-identical files. `--check` rebuilds
in memory and exits 1 if the committed files differ (useful in CI).

What it does (see lexicon/README.md for the why):

* reads wordfreq 3.1.1 frequency dumps (`word<TAB>zipf`, CC BY-SA 4.0);
* normalises every word: NFC, lower case, typographic apostrophe -> ASCII `'`;
  keeps only words made of letters, with inner apostrophes or hyphens;
* keeps a word if its zipf >= --min-zipf (2.0), or if its zipf >= the
  language's --min-zipf-valid-* (fr 1.7, en 1.5) *and* a spelling dictionary
  accepts it (French: Hunspell fr "classique" 7.0 expanded with its suffix
  rules; English: SCOWL size 50 american + british lists). The dictionaries
  are used only as a yes/no filter: no word that is not in wordfreq is added
  from them, so the output contains wordfreq data only;
* French only: merges lexicon/extra-fr.txt (hand-curated news proper nouns);
* writes one file per language: '#' header lines (the last one is
  `# entries: N`), then `word<TAB>zipf x 10` lines sorted by code point
  (= UTF-8 byte order), so that src/lexicon.rs can binary-search the
  embedded text without parsing it at start-up.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import unicodedata
from collections import defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A word: letters, optionally joined by single inner apostrophes or hyphens.
WORD_RE = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")

APOSTROPHES = {"\u2019": "'", "\u02bc": "'"}


def normalise(word: str) -> str:
    """NFC, lower case, typographic apostrophes -> ASCII (same rule as src/lexicon.rs)."""
    word = unicodedata.normalize("NFC", word)
    for a, b in APOSTROPHES.items():
        word = word.replace(a, b)
    return unicodedata.normalize("NFC", word.lower())


def parse_hundredths(text: str) -> int:
    """'3.05' -> 305, exactly (no float rounding surprises)."""
    whole, _, frac = text.strip().partition(".")
    frac = (frac + "00")[:2]
    return int(whole) * 100 + int(frac)


def zipf10(hundredths: int) -> int:
    """Zipf x 10 rounded half up, from an exact value in hundredths."""
    return (hundredths + 5) // 10


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_wordfreq(path: str) -> dict[str, int]:
    """word -> zipf in hundredths, normalised; keeps the max on collisions."""
    out: dict[str, int] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            word, _, z = line.rstrip("\n").partition("\t")
            w = normalise(word)
            if not WORD_RE.fullmatch(w):
                continue
            h = parse_hundredths(z)
            if h > out.get(w, -1):
                out[w] = h
    return out


# --- Hunspell (French) -------------------------------------------------------

def hunspell_forms(aff_path: str, dic_path: str) -> set[str]:
    """All forms of a Hunspell dictionary reachable by one suffix rule.

    Minimal "unmunch" for the Grammalecte/Dicollecte dictionary (FLAG long).
    Prefix rules are ignored: in this dictionary they only add elided
    articles and pronouns (l', d', qu'...), which wordfreq splits off anyway.
    Stems flagged NEEDAFFIX are not added alone; FORBIDDENWORD stems are
    skipped. Continuation flags on suffixes only name prefix classes here.
    """
    with open(aff_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    flag_long = any(l.split()[:2] == ["FLAG", "long"] for l in lines if l.startswith("FLAG"))
    needaffix = forbidden = None
    for l in lines:
        p = l.split()
        if len(p) >= 2 and p[0] == "NEEDAFFIX":
            needaffix = p[1]
        elif len(p) >= 2 and p[0] == "FORBIDDENWORD":
            forbidden = p[1]

    def flags_of(s: str) -> list[str]:
        if flag_long:
            return [s[i:i + 2] for i in range(0, len(s), 2)]
        return list(s)

    suffixes: dict[str, list[tuple[str, str, re.Pattern]]] = defaultdict(list)
    i = 0
    while i < len(lines):
        p = lines[i].split()
        if len(p) == 4 and p[0] in ("SFX", "PFX") and p[2] in ("Y", "N") and p[3].isdigit():
            n = int(p[3])
            if p[0] == "SFX":
                for rule in lines[i + 1:i + 1 + n]:
                    q = rule.split()
                    strip = "" if q[2] == "0" else q[2]
                    add = q[3].split("/", 1)[0]
                    add = "" if add == "0" else add
                    cond = q[4] if len(q) > 4 else "."
                    suffixes[p[1]].append((strip, add, re.compile("(?:" + cond + ")$")))
            i += n + 1
        else:
            i += 1

    forms: set[str] = set()
    with open(dic_path, encoding="utf-8") as f:
        next(f)  # declared entry count
        for line in f:
            line = line.rstrip("\n")
            if not line or line[0] in " \t":
                continue
            entry = line.split(None, 1)[0]
            word, _, fl = entry.partition("/")
            flags = flags_of(fl) if fl else []
            if forbidden in flags:
                continue
            if needaffix not in flags:
                forms.add(word)
            for flag in flags:
                for strip, add, cond in suffixes.get(flag, ()):
                    if word.endswith(strip) and cond.search(word):
                        forms.add(word[:len(word) - len(strip)] + add)
    return {normalise(w) for w in forms}


def plain_list(paths: list[str]) -> set[str]:
    out: set[str] = set()
    for p in paths:
        with open(p, encoding="utf-8") as f:
            out.update(normalise(l.strip()) for l in f if l.strip())
    return out


def read_extra(path: str) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            w = normalise(parts[0])
            if not WORD_RE.fullmatch(w) or len(parts) > 2:
                sys.exit(f"{path}:{n}: bad line {line!r}")
            out[w] = parse_hundredths(parts[1]) if len(parts) == 2 else None
    return out


# --- output ------------------------------------------------------------------

def render(words: dict[str, int], header: list[str]) -> str:
    out = ["# " + l if l else "#" for l in header]
    out.append("# entries: %d" % len(words))
    # Sorted by code point, which is also UTF-8 byte order: src/lexicon.rs
    # binary-searches the embedded text directly, without parsing it.
    out.extend("%s\t%d" % (w, zipf10(words[w])) for w in sorted(words))
    return "\n".join(out) + "\n"


HEADER_COMMON = [
    "Generated by tools/build-lexicon.py -- do not edit; see lexicon/README.md.",
    "Licence: CC BY-SA 4.0. Derived from wordfreq 3.1.1 data by Robyn Speer",
    "(https://github.com/rspeer/wordfreq), which includes data from Google Books",
    "Ngrams, SUBTLEX, OpenSubtitles 2018, Wikipedia, ParaCrawl and the Leeds",
    "Internet Corpus; full attribution in lexicon/README.md and",
    "lexicon/licenses/wordfreq-data-license-section.md.",
    "Format: word<TAB>zipf x 10 (rounded half up), one word per line, sorted by",
    "code point; zipf = log10 of the frequency per 10^9 words. Words are NFC,",
    "lower case, with ASCII apostrophes. The last header line gives the count.",
]


def build(src: str, out_dir: str, args) -> dict[str, str]:
    fr_tsv = os.path.join(src, "fr", "wordfreq_large_fr.tsv")
    en_tsv = os.path.join(src, "en", "wordfreq_large_en.tsv")
    aff = os.path.join(src, "fr", "hunspell-fr-classical", "fr.aff")
    dic = os.path.join(src, "fr", "hunspell-fr-classical", "fr.dic")
    scowl = [os.path.join(src, "en", "scowl", n) for n in ("american-english.txt", "british-english.txt")]
    extra_path = os.path.join(out_dir, "extra-fr.txt")

    min_all = parse_hundredths(args.min_zipf)
    files: dict[str, str] = {}

    # French
    wf = read_wordfreq(fr_tsv)
    valid = hunspell_forms(aff, dic)
    min_v = parse_hundredths(args.min_zipf_valid_fr)
    fr = {w: h for w, h in wf.items() if h >= min_all or (h >= min_v and w in valid)}
    n_freq = sum(1 for h in fr.values() if h >= min_all)
    n_valid = len(fr) - n_freq
    extra = read_extra(extra_path) if os.path.exists(extra_path) else {}
    default_extra = parse_hundredths(args.extra_zipf)
    n_extra_new = 0
    for w, given in sorted(extra.items()):
        value = given if given is not None else max(wf.get(w, 0), default_extra)
        if w not in fr:
            n_extra_new += 1
        fr[w] = max(fr.get(w, 0), value)
    files["fr.tsv"] = render(fr, [
        "transaudit French lexicon: %d words." % len(fr),
        *HEADER_COMMON,
        "Selection: wordfreq large_fr zipf >= %s (%d words), or zipf >= %s and accepted"
        % (args.min_zipf, n_freq, args.min_zipf_valid_fr),
        "by Hunspell fr 'classique' 7.0 used as a filter (%d words), plus %d names from"
        % (n_valid, n_extra_new),
        "lexicon/extra-fr.txt (zipf = max(wordfreq, %s) unless given)." % args.extra_zipf,
        "Inputs (sha256): wordfreq_large_fr.tsv %s" % sha256(fr_tsv)[:16],
        "fr.aff %s fr.dic %s extra-fr.txt %s" % (
            sha256(aff)[:16], sha256(dic)[:16],
            sha256(extra_path)[:16] if os.path.exists(extra_path) else "-"),
    ])

    # English
    wf = read_wordfreq(en_tsv)
    valid = plain_list(scowl)
    min_v = parse_hundredths(args.min_zipf_valid_en)
    en = {w: h for w, h in wf.items() if h >= min_all or (h >= min_v and w in valid)}
    n_freq = sum(1 for h in en.values() if h >= min_all)
    files["en.tsv"] = render(en, [
        "transaudit English lexicon: %d words." % len(en),
        *HEADER_COMMON,
        "Selection: wordfreq large_en zipf >= %s (%d words), or zipf >= %s and in the"
        % (args.min_zipf, n_freq, args.min_zipf_valid_en),
        "SCOWL size-50 american/british lists (Debian wamerican/wbritish 2020.12.07)",
        "used as a filter (%d words)." % (len(en) - n_freq),
        "Inputs (sha256): wordfreq_large_en.tsv %s" % sha256(en_tsv)[:16],
        "american-english.txt %s british-english.txt %s" % (sha256(scowl[0])[:16], sha256(scowl[1])[:16]),
    ])
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", nargs="?", default=os.path.join(REPO, "..", "shared", "lexicon"),
                    help="shared lexicon directory (default: ../shared/lexicon next to the repo)")
    ap.add_argument("--out", default=os.path.join(REPO, "lexicon"), help="output directory (default: lexicon/)")
    ap.add_argument("--min-zipf", default="2.0", help="keep every word at or above this zipf (default 2.0)")
    ap.add_argument("--min-zipf-valid-fr", default="1.7",
                    help="keep French words down to this zipf if Hunspell accepts them (default 1.7)")
    ap.add_argument("--min-zipf-valid-en", default="1.5",
                    help="keep English words down to this zipf if SCOWL has them (default 1.5)")
    ap.add_argument("--extra-zipf", default="2.0", help="default zipf floor for lexicon/extra-fr.txt (default 2.0)")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the committed files differ")
    args = ap.parse_args()

    src = os.path.normpath(args.source)
    files = build(src, args.out, args)
    stale = []
    for name, text in files.items():
        path = os.path.join(args.out, name)
        data = text.encode("utf-8")
        if args.check:
            try:
                with open(path, "rb") as f:
                    same = f.read() == data
            except FileNotFoundError:
                same = False
            if not same:
                stale.append(name)
        else:
            with open(path, "wb") as f:
                f.write(data)
        entries = sum(1 for l in text.split("\n") if l and l[0] != "#")
        print(f"{path}: {entries} words, {len(data)} bytes", file=sys.stderr)
    if stale:
        print("out of date: " + ", ".join(stale) + " (rerun tools/build-lexicon.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
