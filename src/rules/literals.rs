//! One Aho-Corasick pass over the text finds every literal the rules look
//! for: the phrases of `phrase`, `substitution` and `consistency` rules
//! ([`super::phrase`]) and the `prefilter` literals of `pattern` rules
//! ([`super::pattern`]).
//!
//! Why one pass: an automaton pass costs about the same per byte whatever
//! the number of literals, and on a large file the three passes this
//! replaces (phrases folded, phrases with exact case, prefilters) were a
//! tenth of the run.
//!
//! How it stays exact:
//! - The automaton matches ASCII-case-insensitively and reports every
//!   occurrence of every literal (overlapping search). Literals that must
//!   match their case are checked byte for byte after the match.
//! - Phrase rules were matched leftmost-longest, one automaton for the
//!   folded phrases and one for the exact ones. Each of those two groups
//!   gets the same selection here from the list of all its occurrences:
//!   the leftmost, then the longest, then the search resumes at its end
//!   ([`leftmost_longest`], tested against the automaton's own).
//! - Prefilter literals only need the lines they occur on: every
//!   occurrence counts.

use super::automaton::LazyAutomaton;
use crate::document::Document;
use aho_corasick::MatchKind;
use std::collections::HashMap;
use std::ops::Range;

/// Which phrase group a literal belongs to (see [`super::phrase`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Case-insensitive phrases (ASCII case folded by the automaton).
    Folded = 0,
    /// Case-sensitive phrases and consistency variants.
    Exact = 1,
}

/// What one automaton pattern stands for.
#[derive(Debug, Clone, Copy)]
enum Role {
    /// Literal `item` of a phrase group.
    Phrase(Group, usize),
    /// Prefilter literal `k` (index into the prefilter owners).
    Prefilter(usize),
}

/// The merged automaton and the roles of each of its patterns.
pub struct LiteralIndex {
    ac: Option<LazyAutomaton>,
    /// For each automaton pattern, what it stands for (a literal can be a
    /// phrase of both groups and a prefilter at once).
    roles: Vec<Vec<Role>>,
    /// The exact-group literals, to check the case of their matches.
    exact: Vec<String>,
}

/// The phrases found in one document: per phrase group, the selected
/// matches (literal index in the group, span), in text order, none
/// overlapping.
pub type PhraseHits = [Vec<(usize, Range<usize>)>; 2];

impl LiteralIndex {
    /// Builds the index from the two phrase groups' literals and the
    /// prefilter literals (each list holds distinct literals).
    pub fn build(folded: &[String], exact: &[String], prefilters: &[String]) -> LiteralIndex {
        let mut patterns: Vec<String> = Vec::new();
        let mut roles: Vec<Vec<Role>> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut add = |literal: &str, role: Role| {
            let id = *by_key
                .entry(literal.to_ascii_lowercase())
                .or_insert_with(|| {
                    patterns.push(literal.to_owned());
                    roles.push(Vec::new());
                    patterns.len() - 1
                });
            roles[id].push(role);
        };
        for (i, l) in folded.iter().enumerate() {
            add(l, Role::Phrase(Group::Folded, i));
        }
        for (i, l) in exact.iter().enumerate() {
            add(l, Role::Phrase(Group::Exact, i));
        }
        for (k, l) in prefilters.iter().enumerate() {
            add(l, Role::Prefilter(k));
        }
        LiteralIndex {
            ac: LazyAutomaton::new(patterns, true, MatchKind::Standard),
            roles,
            exact: exact.to_vec(),
        }
    }

    /// Finds every literal in the document's text: returns the phrase
    /// matches, and calls `prefilter(literal, start)` for every occurrence
    /// of a prefilter literal, in order of its end.
    pub fn scan(&self, doc: &Document, mut prefilter: impl FnMut(usize, usize)) -> PhraseHits {
        let mut hits = PhraseHits::default();
        let text = doc.text();
        let Some(ac) = self.ac.as_ref().and_then(|a| a.for_text(text.len())) else {
            return hits;
        };
        // Every occurrence of each phrase literal, before selection.
        let mut all: [Vec<(usize, usize, usize)>; 2] = [Vec::new(), Vec::new()];
        for m in ac.find_overlapping_iter(text) {
            for role in &self.roles[m.pattern().as_usize()] {
                match *role {
                    Role::Prefilter(k) => prefilter(k, m.start()),
                    Role::Phrase(Group::Exact, i) => {
                        if text.as_bytes()[m.start()..m.end()] == *self.exact[i].as_bytes() {
                            all[1].push((m.start(), m.end(), i));
                        }
                    }
                    Role::Phrase(Group::Folded, i) => all[0].push((m.start(), m.end(), i)),
                }
            }
        }
        for (group, occurrences) in all.iter_mut().enumerate() {
            hits[group] = leftmost_longest(occurrences);
        }
        hits
    }
}

/// The matches a leftmost-longest search reports, from every occurrence
/// (start, end, literal) of the literals: the one starting first, the
/// longest of those (then the first literal), then the same from its end
/// on. Sorts `occurrences`.
fn leftmost_longest(occurrences: &mut [(usize, usize, usize)]) -> Vec<(usize, Range<usize>)> {
    occurrences.sort_unstable_by_key(|&(s, e, i)| (s, std::cmp::Reverse(e), i));
    let mut out = Vec::new();
    let mut from = 0;
    for &(s, e, i) in occurrences.iter() {
        if s >= from {
            out.push((i, s..e));
            from = e;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    /// The selection agrees with aho-corasick's own leftmost-longest search
    /// on overlapping, nested and repeated literals, in both case modes.
    #[test]
    fn selection_is_the_automatons_leftmost_longest() {
        let literals: Vec<String> = [
            "a",
            "ab",
            "abc",
            "bc",
            "b",
            "cab",
            "lire",
            "lire aussi",
            "aussi",
            "si",
            "Kiev",
            "kiev",
            "Ki",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let texts = [
            "abcabc cab ab a b bc",
            "à lire aussi : lire, aussi, si lire aussi",
            "Kiev kiev KIEV Ki Kie",
            "aaaa abab cabc",
            "",
        ];
        for fold in [true, false] {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(fold)
                .build(&literals)
                .unwrap();
            let all = AhoCorasick::builder()
                .ascii_case_insensitive(fold)
                .build(&literals)
                .unwrap();
            for text in texts {
                let expected: Vec<(usize, Range<usize>)> = ac
                    .find_iter(text)
                    .map(|m| (m.pattern().as_usize(), m.start()..m.end()))
                    .collect();
                let mut occurrences: Vec<(usize, usize, usize)> = all
                    .find_overlapping_iter(text)
                    .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                    .collect();
                assert_eq!(leftmost_longest(&mut occurrences), expected, "{text:?}");
            }
        }
    }

    /// Exact literals match only their own case; a literal in several roles
    /// is reported in each.
    #[test]
    fn roles_and_case() {
        let folded = vec!["lire aussi".to_owned(), "kiev".to_owned()];
        let exact = vec!["Kiev".to_owned()];
        let prefilters = vec!["LIRE".to_owned(), "kiev".to_owned()];
        let index = LiteralIndex::build(&folded, &exact, &prefilters);
        let doc = Document::from_text("Lire aussi. KIEV, Kiev.");
        let mut prefilters = Vec::new();
        let hits = index.scan(&doc, |k, start| prefilters.push((k, start)));
        assert_eq!(hits[0], vec![(0, 0..10), (1, 12..16), (1, 18..22)]);
        assert_eq!(hits[1], vec![(0, 18..22)]);
        assert_eq!(prefilters, vec![(0, 0), (1, 12), (1, 18)]);
    }
}
