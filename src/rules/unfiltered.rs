//! Pattern rules without a `prefilter`, scanned together.
//!
//! A pattern with no literal to look for (the elision rules start with a
//! class: "a non-letter, then `de`, `le`…") must scan the whole text, and
//! each one costs a full regex pass. Matches are rare, so almost all of that
//! work finds nothing. Here one lazy DFA built from all those patterns scans
//! the text once and reports the lines where one of the patterns matches; the
//! rules' own regexes (with captures, group and fix) then run only on those
//! lines.
//!
//! The result is exactly what a whole-text scan gives, for the patterns
//! admitted here: those that cannot match a line break (so a match never
//! leaves its line) nor the empty string. The regex runs with the whole text
//! as context (`find_at`), so `^`, `$` and the character before the line
//! mean what they mean in a whole-text scan. Other patterns, and every
//! pattern when the DFA gives up (its cache thrashing on hostile input),
//! scan the whole text as before.

use super::{Matcher, Rule};
use crate::document::Document;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::{Input, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

/// Size limit of the combined automaton (as for a rule's own regex).
const NFA_SIZE_LIMIT: usize = 16 << 20;

/// The combined scan of the enabled pattern rules that have no prefilter.
pub struct UnfilteredScan {
    /// (rule index, pattern) of every candidate rule.
    candidates: Vec<(usize, String)>,
    /// Built on first use: the rules admitted and their automaton.
    compiled: OnceLock<Option<Compiled>>,
}

struct Compiled {
    /// Rule index of each pattern of the DFA (pattern id = position).
    members: Vec<usize>,
    dfa: DFA,
    /// Search caches (the lazy DFA's states), reused from one document to
    /// the next. Why: a fresh cache rebuilds every state it needs, which
    /// cost more than the scan itself on a directory of short articles.
    /// One per thread at most; the lock is taken twice per document.
    caches: Mutex<Vec<Cache>>,
}

impl UnfilteredScan {
    /// Collects the enabled pattern rules without a prefilter.
    pub(super) fn build(rules: &[Rule]) -> UnfilteredScan {
        let candidates = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.enabled)
            .filter_map(|(i, r)| match &r.matcher {
                Matcher::Pattern(p) => p.unfiltered_pattern().map(|s| (i, s.to_owned())),
                _ => None,
            })
            .collect();
        UnfilteredScan {
            candidates,
            compiled: OnceLock::new(),
        }
    }

    fn compiled(&self) -> Option<&Compiled> {
        self.compiled
            .get_or_init(|| {
                let (members, patterns): (Vec<usize>, Vec<&str>) = self
                    .candidates
                    .iter()
                    .filter(|(_, p)| line_local(p))
                    .map(|(i, p)| (*i, p.as_str()))
                    .unzip();
                if members.is_empty() {
                    return None;
                }
                let dfa = DFA::builder()
                    .configure(
                        DFA::config()
                            .match_kind(MatchKind::LeftmostFirst)
                            .cache_capacity(8 << 20),
                    )
                    .thompson(
                        thompson::Config::new()
                            .which_captures(thompson::WhichCaptures::None)
                            .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
                    )
                    .build_many(&patterns)
                    .ok()?;
                Some(Compiled {
                    members,
                    dfa,
                    caches: Mutex::new(Vec::new()),
                })
            })
            .as_ref()
    }

    /// The lines where one of the covered patterns matches, the same for
    /// every covered rule ([`Lines::get`]); `None` when no rule is covered
    /// or the DFA gave up (every rule then scans the whole text).
    pub(super) fn lines(&self, doc: &Document) -> Option<Lines<'_>> {
        if self.candidates.is_empty() {
            return None;
        }
        let c = self.compiled()?;
        let reused = c.caches.lock().ok().and_then(|mut v| v.pop());
        let mut cache = reused.unwrap_or_else(|| c.dfa.create_cache());
        let lines = scan(c, doc, &mut cache);
        if let Ok(mut v) = c.caches.lock() {
            v.push(cache);
        }
        Some(Lines {
            members: &c.members,
            lines: lines?,
        })
    }
}

/// What [`UnfilteredScan::lines`] found in one document.
pub(super) struct Lines<'a> {
    /// The covered rules, in increasing order.
    members: &'a [usize],
    lines: Vec<Range<usize>>,
}

impl Lines<'_> {
    /// The lines to run `rule` on, or `None` when the scan does not cover
    /// it (it then scans the whole text).
    pub(super) fn get(&self, rule: usize) -> Option<&[Range<usize>]> {
        self.members
            .binary_search(&rule)
            .is_ok()
            .then_some(self.lines.as_slice())
    }
}

/// The scan: the lines where a pattern matches, in order; `None` when the
/// DFA gave up.
///
/// A plain forward search (leftmost-first), not an overlapping one: it is
/// several times cheaper per byte. A match it reports can hide another
/// pattern's match that overlaps it, but that match is on the same line
/// (matches never leave their line), so a line where any pattern matches is
/// given to every rule of the scan, and the search goes on at the next line.
fn scan(c: &Compiled, doc: &Document, cache: &mut Cache) -> Option<Vec<Range<usize>>> {
    let text = doc.text();
    let mut lines = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let input = Input::new(text).range(pos..);
        let Some(m) = c.dfa.try_search_fwd(cache, &input).ok()? else {
            break;
        };
        // The last byte of the match is on the match's line.
        let line = doc.line_at(m.offset().saturating_sub(1));
        pos = (line.end + 1).max(m.offset());
        lines.push(line);
    }
    Some(lines)
}

/// Can the pattern only match within one line, and never the empty string?
/// (Then the lines where it ends a match hold all of its matches.) `false`
/// when the pattern does not parse: it then scans the whole text, where its
/// rule reports the error as before.
fn line_local(pattern: &str) -> bool {
    let Ok(hir) = regex_syntax::parse(pattern) else {
        return false;
    };
    hir.properties().minimum_len().is_some_and(|n| n > 0) && !can_match_newline(&hir)
}

/// Does any part of the pattern match a `\n`?
fn can_match_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Repetition(r) => can_match_newline(&r.sub),
        HirKind::Capture(c) => can_match_newline(&c.sub),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().any(can_match_newline),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_local_patterns() {
        assert!(line_local(r"(?m)(?:^|[^\p{L}\n])de[ \u00A0]+[aeiou]"));
        assert!(line_local(r"foo"));
        // A class that holds the line break, `\s`, `.` in (?s), `\n` itself.
        assert!(!line_local(r"(?:^|[^\p{L}])de"));
        assert!(!line_local(r"de\s+a"));
        assert!(!line_local(r"(?s)a.b"));
        assert!(!line_local("a\nb"));
        // Can match the empty string.
        assert!(!line_local(r"a*"));
        // Does not parse.
        assert!(!line_local(r"(unclosed"));
        // `.` without (?s) does not match \n.
        assert!(line_local(r"a.b"));
    }

    /// Every built-in pattern without a prefilter takes the combined scan
    /// (a pattern that cannot would silently cost a whole-text pass).
    #[test]
    fn builtin_unfiltered_patterns_are_line_local() {
        let set =
            super::super::RuleSet::load(&super::super::builtin::sources("fr")).expect("loads");
        assert!(!set.unfiltered.candidates.is_empty());
        for (i, p) in &set.unfiltered.candidates {
            assert!(line_local(p), "{}: {p}", set.rules()[*i].id);
        }
    }

    #[test]
    fn finds_what_a_whole_text_scan_finds() {
        use crate::config::Policy;
        use crate::engines::EngineContext;
        // The same rule with and without a prefilter (the prefiltered one
        // runs per line on its own; the other through the combined scan).
        let rule = |id: &str, prefilter: &str| {
            format!(
                r#"
[[rule]]
id = "typography/{id}"
category = "typography"
severity = "warning"
kind = "pattern"
message = "m"
explanation = "A test rule for the combined scan of unprefiltered patterns."
pattern = '''(?m)(?:^|[^\p{{L}}\n])((?:[dD]e|[lL]e)[ \u00A0]+[aeiou]\p{{L}}*)'''
group = 1
{prefilter}
examples.fire = [{{ text = "de avion", match = "de avion" }}]
examples.quiet = ["d’avion"]
"#
            )
        };
        let text = format!("{}{}", rule("a", ""), rule("b", r#"prefilter = ["e "]"#));
        let set = super::super::RuleSet::load(&[super::super::RuleSource {
            path: "test.toml".into(),
            text,
        }])
        .expect("loads");
        let doc = Document::from_text("Le avion de elle.\nde ami, le usage\r\nxle a\n\nLe oiseau");
        let policy = Policy::default();
        let cx = EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let found = set.check(&doc, &cx);
        let spans = |rule: usize| -> Vec<&str> {
            found
                .iter()
                .filter(|f| f.rule == rule)
                .map(|f| &doc.text()[f.span.clone()])
                .collect()
        };
        assert_eq!(
            spans(0),
            ["Le avion", "de elle", "de ami", "le usage", "Le oiseau"]
        );
        assert_eq!(spans(0), spans(1));
    }
}
