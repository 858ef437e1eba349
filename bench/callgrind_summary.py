#!/usr/bin/env python3
"""Summarises a callgrind profile of `transaudit check`: total instructions,
the cost of each part of the pipeline (inclusive), and the top functions by
own cost with the part they belong to. Reads `callgrind_annotate` output, so
it needs valgrind installed. Standard library only.

    bench/callgrind_summary.py callgrind.out [TITLE]
"""

import re
import subprocess
import sys


def annotate(path, inclusive):
    out = subprocess.run(
        ["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}", "--threshold=100", path],
        capture_output=True, text=True, check=True).stdout
    costs, total = {}, 0
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$", line)
        if not m:
            continue
        ir, rest = int(m.group(1).replace(",", "")), m.group(2)
        if rest.startswith("PROGRAM TOTALS"):
            total = ir
            continue
        rest = re.sub(r" \[[^\]]*\]$", "", rest)
        fn = rest.split(":", 1)[1] if ":" in rest and not rest.startswith("<") else rest
        if rest.startswith("???:") or rest.startswith("./") or rest.startswith("/"):
            fn = rest.split(":", 1)[1]
        costs[fn] = max(costs.get(fn, 0), ir)
    return total, costs


# (part, what it is) → the functions whose inclusive cost is that part.
def parts(inc):
    get = lambda name: inc.get(name, 0)
    engines = sorted(
        ((re.search(r"engines::(\w+)::", f).group(1), c) for f, c in inc.items()
         if re.match(r"<transaudit::engines::\w+::\w+ as transaudit::engines::Engine>::check$", f)),
        key=lambda x: -x[1])
    # Regexes compile on first use, nearly all of them inside the pattern
    # rules' run (their own and their exceptions'; an engine's one or two
    # are counted in both rows, a negligible double count).
    regex_compile = max(get("regex::builders::string::RegexBuilder::build"),
                        get("transaudit::rules::pattern::build"))
    rows = [
        ("rule loading (TOML, phrase lists, regex syntax check)", get("transaudit::check::build_profile")),
        ("document building (UTF-8 check, line index, NFC view)",
         max(get("transaudit::document::Document::from_bytes"), get("transaudit::document::Document::from_vec_as"))),
        ("literal automaton (every phrase and prefilter literal, one pass)", get("transaudit::rules::literals::LiteralIndex::scan")),
        ("phrase rules: reporting their matches", get("transaudit::rules::phrase::PhraseIndex::run")),
        ("prefilter lines (which lines each pattern rule runs on)", get("transaudit::rules::pattern::PrefilterIndex::lines")),
        ("regexes: compiling on first use", regex_compile),
        ("pattern regexes: searching (exceptions included; ≈ run − compiling)",
         get("transaudit::rules::pattern::PatternRule::run_on") - regex_compile),
    ]
    rows += [(f"engine `{name}`", c) for name, c in engines]
    rows += [
        ("locating findings, messages, fingerprints",
         max(get("transaudit::check::lint_document_with_fingerprints"), get("transaudit::check::lint_located"))
         - get("transaudit::rules::RuleSet::check")),
        ("output (report rendering and writing)",
         get("transaudit::report::render_file") + get("transaudit::report::write_outcome")),
    ]
    return rows


def owner(fn):
    rules = [
        (r"aho_corasick", "Aho-Corasick automata (phrases, prefilter)"),
        (r"regex_automata::util::determinize", "regex search (lazy DFA states built while searching)"),
        (r"regex_automata::(nfa|meta::(regex::Builder|strategy::new))|regex_syntax|regex::builders", "regex compilation"),
        (r"regex_automata|regex::", "regex search"),
        (r"Once::call_once_force", "lazy values (OnceLock): mostly `Document::word_count` (split_whitespace)"),
        (r"transaudit::engines::(\w+)", None),
        (r"unicode_normalization|transaudit::document", "document building"),
        (r"transaudit::rules::phrase", "phrase rules"),
        (r"transaudit::rules::pattern", "pattern rules"),
        (r"serde_json|transaudit::report", "output"),
        (r"malloc|free|memcpy|memmove|__rust_(de)?alloc|realloc", "allocation / copying"),
        (r"memchr", "byte search (memchr)"),
        (r"toml|serde", "rule loading"),
    ]
    for pat, name in rules:
        m = re.search(pat, fn)
        if m:
            return name or f"engine `{m.group(1)}`"
    return ""


def main():
    path = sys.argv[1]
    title = sys.argv[2] if len(sys.argv) > 2 else path
    total, inc = annotate(path, True)
    _, own = annotate(path, False)
    print(f"\n#### {title}\n\nTotal: {total:,} instructions.\n")
    print("| part of the pipeline | instructions (inclusive) | share |\n|---|---:|---:|")
    accounted = 0
    for name, c in parts(inc):
        if c <= 0:
            continue
        accounted += c
        print(f"| {name} | {c:,} | {100 * c / total:.1f}% |")
    rest = total - accounted
    print(f"| everything else (process start, walk, config, word count, allocation freed at exit…) | {rest:,} | {100 * rest / total:.1f}% |")
    print("\nTop functions by own cost (inlined code counts in its caller):\n")
    print("| function | instructions (self) | share | belongs to |\n|---|---:|---:|---|")
    for fn, c in sorted(own.items(), key=lambda x: -x[1])[:15]:
        short = fn if len(fn) <= 90 else fn[:87] + "…"
        print(f"| `{short}` | {c:,} | {100 * c / total:.1f}% | {owner(fn)} |")


if __name__ == "__main__":
    main()
