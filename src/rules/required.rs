//! Literals a pattern cannot match without: derived from the regex's syntax
//! tree, they confirm a rule's own `prefilter` lines before its regex is
//! compiled and run there.
//!
//! Why: a rule's `prefilter` is written by hand and is often a short word
//! stem shared by many alternatives (`vid`, `compte`, `non`), so on a long
//! article most pattern rules see a line holding one, compile their regex
//! (about 10 M instructions each, Unicode classes folded for `(?i)`) and find
//! nothing. The regex itself usually names longer literals: every match of
//! `(?i)\b(?:compte|chef)s? d['’]accusation` holds `d'accusation` or
//! `d’accusation`. A rule runs only on the lines that hold both one of its
//! prefilter literals and one of the derived ones, so a regex whose literal
//! never occurs is never compiled. The set is derived the first time the
//! rule's prefilter hits (parsing ~200 patterns at load would cost a third
//! of a short article's start-up).
//!
//! How it stays exact: the derived set is a *necessary* condition (every
//! match of the regex, searched within one line, contains one of the
//! literals), so checking it removes only lines where the regex cannot
//! match. It is derived from the syntax tree ([`regex_syntax::ast`], no
//! Unicode tables), and soundly: a literal run is cut wherever the tree is
//! not a plain character (classes, repetitions, assertions), alternations
//! give the union of their branches, and any optional part gives nothing.
//! The literals are lowercased and searched in the lowercased line
//! ([`fold`]); under `(?i)` a literal keeps only the characters whose
//! case variants all lowercase to the same character: ASCII, the Latin-1 and
//! Latin Extended-A letters (`é` matches `É`; `k` the Kelvin sign, `s` the
//! long s, which [`fold`] maps to `s`) and characters without case.

use crate::document::Document;
use regex_syntax::ast::{
    Ast, Flag, FlagsItemKind, GroupKind, RepetitionKind, RepetitionRange, parse::Parser,
};

/// Shortest literal worth confirming with (bytes): shorter ones occur on
/// nearly every line and only cost the literal pass time.
const MIN_LEN: usize = 4;

/// Most literals one rule may add to the literal pass.
const MAX_LITERALS: usize = 64;

/// Sets of literals such that every match of `pattern` contains one
/// literal of *each* set, lowercased (search them in [`fold`]ed text); empty
/// when the syntax tree gives no useful set (too short, too many, or the
/// pattern does not parse: its rule then runs as before). At most 64 sets.
pub fn literals(pattern: &str) -> Vec<Vec<String>> {
    let Ok(ast) = Parser::new().parse(pattern) else {
        return Vec::new();
    };
    let fold_case = case_insensitive_anywhere(&ast);
    let mut out: Vec<Vec<String>> = Vec::new();
    for set in all_required(&ast, fold_case) {
        if min_len(&set) < MIN_LEN || set.len() > MAX_LITERALS || out.len() == 64 {
            continue;
        }
        let mut low_set: Vec<String> = Vec::new();
        for lit in set {
            let mut low = String::new();
            fold(&lit, &mut low);
            if !low_set.contains(&low) {
                low_set.push(low);
            }
        }
        if !out.contains(&low_set) {
            out.push(low_set);
        }
    }
    out
}

/// Every set of literals the node requires (a match holds one literal of
/// each): the literal runs and the requirements of a concatenation's parts,
/// or the one best set of [`required`] for other nodes.
fn all_required(ast: &Ast, fold_case: bool) -> Vec<Vec<String>> {
    match ast {
        Ast::Group(g) => all_required(&g.ast, fold_case),
        Ast::Concat(c) => {
            let mut out = Vec::new();
            let mut run = String::new();
            for item in &c.asts {
                match item {
                    Ast::Literal(l) if literal_char(l.c, fold_case) => run.push(l.c),
                    Ast::Flags(_) => {}
                    _ => {
                        if !run.is_empty() {
                            out.push(vec![std::mem::take(&mut run)]);
                        }
                        out.extend(all_required(item, fold_case));
                    }
                }
            }
            if !run.is_empty() {
                out.push(vec![run]);
            }
            out
        }
        Ast::Repetition(r)
            if !matches!(
                &r.op.kind,
                RepetitionKind::ZeroOrOne
                    | RepetitionKind::ZeroOrMore
                    | RepetitionKind::Range(
                        RepetitionRange::Exactly(0)
                            | RepetitionRange::AtLeast(0)
                            | RepetitionRange::Bounded(0, _)
                    )
            ) =>
        {
            all_required(&r.ast, fold_case)
        }
        _ => required(ast, fold_case).into_iter().collect(),
    }
}

/// Appends `s` lowercased to `out`, the long s as `s`: the form in which a
/// line is searched for the derived literals. Every case variant of a
/// literal character (see the module docs) lowercases to the literal's own
/// lowercase here.
pub fn fold(s: &str, out: &mut String) {
    if s.is_ascii() {
        let from = out.len();
        out.push_str(s);
        out[from..].make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c == 'ſ' {
            out.push('s');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// The document's lines, [`fold`]ed, computed once per document (shared by
/// every rule that confirms its lines; a [`Document::memo`]).
pub struct FoldedLines {
    text: String,
    /// Per line: its start in the document, and its range in `text`.
    lines: Vec<(usize, std::ops::Range<usize>)>,
}

impl FoldedLines {
    /// Folds every line of `doc`.
    pub fn new(doc: &Document) -> FoldedLines {
        let src = doc.text();
        let mut text = String::with_capacity(src.len() + 64);
        let mut lines = Vec::new();
        for line in doc.lines() {
            let from = text.len();
            fold(&src[line.clone()], &mut text);
            lines.push((line.start, from..text.len()));
        }
        FoldedLines { text, lines }
    }

    /// The folded text of the line that starts at `start` and is `len`
    /// bytes long, `None` if the document has no such line.
    pub fn line(&self, start: usize, len: usize) -> Option<&str> {
        let i = self.lines.binary_search_by_key(&start, |(s, _)| *s).ok()?;
        let (_, range) = self.lines.get(i)?;
        let next = self.lines.get(i + 1).map_or(usize::MAX, |(s, _)| *s);
        // Same line only if the next one starts after its end.
        (next > start + len).then(|| self.text.get(range.clone()))?
    }
}

/// Does any flag group turn on `i`? (Checked once for the whole pattern:
/// treating every literal as case-folded is the safe side.)
fn case_insensitive_anywhere(ast: &Ast) -> bool {
    let has_i = |items: &[regex_syntax::ast::FlagsItem]| {
        items
            .iter()
            .any(|i| matches!(i.kind, FlagsItemKind::Flag(Flag::CaseInsensitive)))
    };
    match ast {
        Ast::Flags(f) => has_i(&f.flags.items),
        Ast::Group(g) => {
            matches!(&g.kind, GroupKind::NonCapturing(f) if has_i(&f.items))
                || case_insensitive_anywhere(&g.ast)
        }
        Ast::Repetition(r) => case_insensitive_anywhere(&r.ast),
        Ast::Alternation(a) => a.asts.iter().any(case_insensitive_anywhere),
        Ast::Concat(c) => c.asts.iter().any(case_insensitive_anywhere),
        _ => false,
    }
}

/// Can `c` stay in a literal? Line breaks never do (a rule's regex runs on
/// one line); under case folding, only characters all of whose case
/// variants [`fold`] lowercases alike (see the module docs).
fn literal_char(c: char, fold_case: bool) -> bool {
    if c == '\n' || c == '\r' {
        return false;
    }
    !fold_case || c.is_ascii() || !c.is_alphabetic() || ('\u{C0}'..='\u{17E}').contains(&c)
}

/// The shortest literal of a set (bytes).
fn min_len(set: &[String]) -> usize {
    set.iter().map(String::len).min().unwrap_or(0)
}

/// The better of two candidate sets: the longer shortest literal, then the
/// fewer literals.
fn better(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    match (a, b) {
        (Some(a), Some(b)) => {
            let key = |s: &Vec<String>| (min_len(s), std::cmp::Reverse(s.len()));
            Some(if key(&b) > key(&a) { b } else { a })
        }
        (a, None) => a,
        (None, b) => b,
    }
}

/// A set of literals one of which every match of `ast` contains, `None`
/// when there is none (the node can match without any literal).
fn required(ast: &Ast, fold: bool) -> Option<Vec<String>> {
    match ast {
        Ast::Literal(l) => literal_char(l.c, fold).then(|| vec![l.c.to_string()]),
        Ast::Group(g) => required(&g.ast, fold),
        Ast::Repetition(r) => {
            let min = match &r.op.kind {
                RepetitionKind::ZeroOrOne | RepetitionKind::ZeroOrMore => 0,
                RepetitionKind::OneOrMore => 1,
                RepetitionKind::Range(
                    RepetitionRange::Exactly(m)
                    | RepetitionRange::AtLeast(m)
                    | RepetitionRange::Bounded(m, _),
                ) => *m,
            };
            if min == 0 {
                None
            } else {
                required(&r.ast, fold)
            }
        }
        Ast::Alternation(a) => {
            let mut all: Vec<String> = Vec::new();
            for branch in &a.asts {
                for lit in required(branch, fold)? {
                    if !all.iter().any(|x| x.eq_ignore_ascii_case(&lit)) {
                        all.push(lit);
                    }
                }
                if all.len() > MAX_LITERALS {
                    return None;
                }
            }
            Some(all)
        }
        Ast::Concat(c) => {
            let mut best = None;
            let mut run = String::new();
            for item in &c.asts {
                match item {
                    Ast::Literal(l) if literal_char(l.c, fold) => run.push(l.c),
                    // Zero-width and matching nothing: the literals on
                    // either side stay adjacent in the text.
                    Ast::Flags(_) => {}
                    _ => {
                        if !run.is_empty() {
                            best = better(best, Some(vec![std::mem::take(&mut run)]));
                        }
                        best = better(best, required(item, fold));
                    }
                }
            }
            if !run.is_empty() {
                best = better(best, Some(vec![run]));
            }
            best
        }
        Ast::Empty(_)
        | Ast::Flags(_)
        | Ast::Dot(_)
        | Ast::Assertion(_)
        | Ast::ClassUnicode(_)
        | Ast::ClassPerl(_)
        | Ast::ClassBracketed(_) => None,
    }
}

/// A cheaper stand-in for `pattern` that matches in every haystack where
/// `pattern` matches (and maybe in more): each character class becomes its
/// ASCII part plus every non-ASCII character, and word-boundary assertions
/// are dropped. `None` when nothing would change or the pattern uses flags
/// this does not model (`x`, `u`).
///
/// Why: nearly all the cost of compiling a rule's regex is its Unicode
/// classes (`(?i)[^\p{L}]` alone is ~90% of a typical calque pattern: the
/// class is case folded, then compiled to UTF-8 automata forwards and
/// backwards). On a clean article almost no rule's regex matches, so a
/// line is first tested with the widened regex (~15 times cheaper to
/// compile), and the real one is compiled and run only where it passes.
///
/// Why it is exact: every change widens the set of strings a node matches
/// (a class by a superset of it, an assertion by the empty string), and
/// a regex built from wider parts matches wherever the original does. A
/// class's ASCII part is taken from regex-syntax's own translation of the
/// class, with and without case folding (their union: the flags in force
/// at the class are not tracked); whether it holds a line break is thus
/// kept, so a pattern that cannot match one still cannot.
pub fn widened(pattern: &str) -> Option<String> {
    let ast = Parser::new().parse(pattern).ok()?;
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    widen_node(&ast, pattern, &mut edits)?;
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(pattern.len());
    let mut at = 0;
    for (start, end, with) in edits {
        if start < at || end > pattern.len() {
            return None;
        }
        out.push_str(pattern.get(at..start)?);
        out.push_str(&with);
        at = end;
    }
    out.push_str(pattern.get(at..)?);
    Some(out)
}

/// Collects the edits of [`widened`] for `ast`; `None` to give up.
fn widen_node(ast: &Ast, pattern: &str, edits: &mut Vec<(usize, usize, String)>) -> Option<()> {
    use regex_syntax::ast::AssertionKind;
    let flags_ok = |items: &[regex_syntax::ast::FlagsItem]| {
        !items.iter().any(|i| {
            matches!(
                i.kind,
                FlagsItemKind::Flag(Flag::IgnoreWhitespace | Flag::Unicode)
            )
        })
    };
    let span = |s: &regex_syntax::ast::Span| (s.start.offset, s.end.offset);
    match ast {
        Ast::Flags(f) => flags_ok(&f.flags.items).then_some(()),
        Ast::Group(g) => {
            if let GroupKind::NonCapturing(f) = &g.kind
                && !flags_ok(&f.items)
            {
                return None;
            }
            widen_node(&g.ast, pattern, edits)
        }
        Ast::Repetition(r) => widen_node(&r.ast, pattern, edits),
        Ast::Alternation(a) => a
            .asts
            .iter()
            .try_for_each(|x| widen_node(x, pattern, edits)),
        Ast::Concat(c) => c
            .asts
            .iter()
            .try_for_each(|x| widen_node(x, pattern, edits)),
        Ast::ClassUnicode(_) | Ast::ClassPerl(_) | Ast::ClassBracketed(_) => {
            let (s, e) = span(ast.span());
            let wide = widened_class(pattern.get(s..e)?)?;
            edits.push((s, e, wide));
            Some(())
        }
        Ast::Assertion(a) => {
            if !matches!(
                a.kind,
                AssertionKind::StartLine
                    | AssertionKind::EndLine
                    | AssertionKind::StartText
                    | AssertionKind::EndText
            ) {
                let (s, e) = span(&a.span);
                edits.push((s, e, "(?:)".to_owned()));
            }
            Some(())
        }
        Ast::Empty(_) | Ast::Literal(_) | Ast::Dot(_) => Some(()),
    }
}

/// The widened form of one class (its source text), memoised: a rule pack
/// repeats the same few classes hundreds of times, and translating
/// `(?i)[^\p{L}]` costs as much as the rest of a pattern.
fn widened_class(class: &str) -> Option<String> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static MEMO: OnceLock<Mutex<HashMap<String, Option<String>>>> = OnceLock::new();
    let memo = MEMO.get_or_init(Default::default);
    let lock = || match memo.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(w) = lock().get(class) {
        return w.clone();
    }
    let w = widen_class_now(class);
    lock().insert(class.to_owned(), w.clone());
    w
}

/// [`widened_class`] without the memo.
fn widen_class_now(class: &str) -> Option<String> {
    use regex_syntax::hir::{Class, HirKind};
    let mut ascii = [false; 128];
    let mut non_ascii = false;
    for flags in ["(?i:", "(?-i:"] {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(&format!("{flags}{class})"))
            .ok()?;
        let mut add = |lo: u32, hi: u32| {
            for c in lo..=hi.min(127) {
                ascii[c as usize] = true;
            }
            non_ascii |= hi > 127;
        };
        match hir.kind() {
            HirKind::Class(Class::Unicode(c)) => {
                for r in c.ranges() {
                    add(r.start() as u32, r.end() as u32);
                }
            }
            HirKind::Literal(lit) => {
                for c in std::str::from_utf8(&lit.0).ok()?.chars() {
                    add(c as u32, c as u32);
                }
            }
            _ => return None,
        }
    }
    let mut out = String::from("(?-i:[");
    let mut c = 0;
    let mut any = false;
    while c < 128 {
        if !ascii[c] {
            c += 1;
            continue;
        }
        let from = c;
        while c < 128 && ascii[c] {
            c += 1;
        }
        any = true;
        out.push_str(&format!("\\x{{{from:X}}}-\\x{{{:X}}}", c - 1));
    }
    if non_ascii {
        any = true;
        out.push_str("\\x{80}-\\x{10FFFF}");
    }
    if !any {
        // Matches nothing, as the class does.
        out.push_str("^\\x{0}-\\x{10FFFF}");
    }
    out.push_str("])");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(p: &str) -> Vec<Vec<String>> {
        literals(p)
    }

    fn sets(v: &[&[&str]]) -> Vec<Vec<String>> {
        v.iter()
            .map(|s| s.iter().map(|l| l.to_string()).collect())
            .collect()
    }

    #[test]
    fn concatenations_require_each_part() {
        assert_eq!(
            lits(r"(?i)\b(?:compte|chef)s? d['’]accusation\b"),
            sets(&[&["compte", "chef"], &["accusation"]])
        );
        assert_eq!(lits(r"\bDéclaré mort\b"), sets(&[&["déclaré mort"]]));
        // Under (?i), Greek letters cut the run (`σ` also matches `ς`).
        assert_eq!(lits(r"(?i)\bμέσα στο σπίτι\b"), sets(&[]));
        assert_eq!(lits(r"(?i)Tweeté"), sets(&[&["tweeté"]]));
        assert_eq!(
            lits(r"(?i)\b(?:premier|dernier) en \d+ ans"),
            sets(&[&["premier", "dernier"], &[" en "], &[" ans"]])
        );
    }

    #[test]
    fn folding_lowercases_case_variants_alike() {
        let mut out = String::new();
        fold("ÉTÉ \u{212A}elvin ſoir Ÿ", &mut out);
        assert_eq!(out, "été kelvin soir ÿ");
    }

    #[test]
    fn alternations_are_unions_and_optional_parts_give_nothing() {
        assert_eq!(lits(r"(?:abcd)?efg"), sets(&[]));
        assert_eq!(lits(r"abcd|e"), sets(&[]));
        assert_eq!(lits(r"(?:abcd|efgh)+"), sets(&[&["abcd", "efgh"]]));
        assert_eq!(lits(r"(?:abcd|efgh){0,2}xy"), sets(&[]));
        // A flag group in the middle keeps the run.
        assert_eq!(lits(r"aB(?i)cdef"), sets(&[&["abcdef"]]));
        assert_eq!(lits(r"(unclosed"), sets(&[]));
        assert_eq!(lits("abcd\nefgh"), sets(&[&["abcd"], &["efgh"]]));
    }

    #[test]
    fn widened_classes_keep_their_ascii_part_and_line_breaks() {
        let w = widened(r"(?i)(?:^|[^\p{L}])(agents?\s+libres?)\b").unwrap();
        let re = regex::Regex::new(&w).unwrap();
        for yes in ["agent libre", "Des agents\u{A0}libres.", "«agents libres»"] {
            assert!(re.is_match(yes), "{yes:?} for {w}");
        }
        // The ASCII part of `[^\p{L}]` holds no letter, that of `\s` no
        // letter either, and neither lost its line break.
        assert!(!re.is_match("agentsxlibres"), "{w}");
        assert!(
            widened(r"a[^\p{L}]b")
                .unwrap()
                .contains("[\\x{0}-\\x{40}\\x{5B}")
        );
        assert!(
            widened(r"a[^\p{L}\n]b")
                .unwrap()
                .contains("[\\x{0}-\\x{9}\\x{B}-\\x{40}")
        );
        // Nothing to widen, or flags not modelled.
        assert_eq!(widened(r"(?i)abc|d"), None);
        assert_eq!(widened(r"(?x)a \s b"), None);
        assert_eq!(widened(r"(?-u:\w)"), None);
    }

    /// Every built-in pattern and exception matches, widened, every example
    /// text its own regex matches (and every line of them).
    #[test]
    fn builtin_widened_patterns_match_where_their_regex_does() {
        let set = super::super::RuleSet::load(&super::super::builtin::sources("fr")).unwrap();
        let mut widened_count = 0;
        for rule in set.rules() {
            let mut texts: Vec<&str> = rule.examples.fire.iter().map(|f| f.text.as_str()).collect();
            texts.extend(rule.examples.quiet.iter().map(String::as_str));
            for lazy in rule.regexes() {
                let Some(w) = widened(lazy.pattern()) else {
                    continue;
                };
                widened_count += 1;
                let wide = regex::Regex::new(&w).unwrap();
                let real = regex::Regex::new(lazy.pattern()).unwrap();
                for text in texts
                    .iter()
                    .flat_map(|t| std::iter::once(*t).chain(t.lines()))
                {
                    if real.is_match(text) {
                        assert!(wide.is_match(text), "{}: {w} misses {text:?}", rule.id);
                    }
                }
            }
        }
        assert!(widened_count > 200, "{widened_count}");
    }

    /// Each set derived from a built-in pattern has a literal in each of the
    /// rule's fire examples (folded): the derivation is a necessary
    /// condition (the examples test then checks the findings themselves).
    #[test]
    fn builtin_fire_examples_hold_a_derived_literal() {
        let set = super::super::RuleSet::load(&super::super::builtin::sources("fr")).unwrap();
        let mut derived = 0;
        for rule in set.rules() {
            let super::super::Matcher::Pattern(p) = &rule.matcher else {
                continue;
            };
            let sets = literals(p.pattern());
            if sets.is_empty() {
                continue;
            }
            derived += 1;
            for (ex, lits) in rule
                .examples
                .fire
                .iter()
                .flat_map(|e| sets.iter().map(move |s| (e, s)))
            {
                let mut text = String::new();
                fold(&ex.text, &mut text);
                assert!(
                    lits.iter().any(|l| text.contains(l.as_str())),
                    "{}: {lits:?} not in {:?}",
                    rule.id,
                    ex.text
                );
            }
        }
        assert!(derived > 100, "{derived}");
    }
}
