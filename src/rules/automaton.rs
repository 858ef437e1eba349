//! Aho-Corasick automata built lazily, in the form that suits the text.
//!
//! Why: a DFA searches several times faster than the default NFA, but
//! building one for the whole rule pack costs ~10 ms — the entire start-up
//! budget of a pre-commit hook linting one article. So the automaton is
//! built on first use, as a DFA only when a text is large enough for the
//! faster search to repay its construction.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::sync::OnceLock;

/// Texts at least this long (bytes) are searched with the DFA.
pub const LARGE_TEXT: usize = 1 << 20;

/// A set of literals and the automata built from them on demand.
pub struct LazyAutomaton {
    patterns: Vec<String>,
    fold: bool,
    kind: MatchKind,
    small: OnceLock<Option<AhoCorasick>>,
    large: OnceLock<Option<AhoCorasick>>,
}

impl LazyAutomaton {
    /// Literals to match, ASCII-case-insensitively when `fold`; `None` when
    /// there are none.
    pub fn new(patterns: Vec<String>, fold: bool, kind: MatchKind) -> Option<LazyAutomaton> {
        (!patterns.is_empty()).then(|| LazyAutomaton {
            patterns,
            fold,
            kind,
            small: OnceLock::new(),
            large: OnceLock::new(),
        })
    }

    /// The automaton to search a text of `len` bytes with.
    pub fn for_text(&self, len: usize) -> Option<&AhoCorasick> {
        let build = |dfa: bool| {
            let mut b = AhoCorasickBuilder::new();
            b.match_kind(self.kind).ascii_case_insensitive(self.fold);
            // A small text is searched with the NFA as first built: the
            // contiguous NFA (the default) searches faster but its
            // conversion costs more than an article's search.
            b.kind(Some(if dfa {
                AhoCorasickKind::DFA
            } else {
                AhoCorasickKind::NoncontiguousNFA
            }));
            b.build(&self.patterns)
                .or_else(|_| {
                    AhoCorasickBuilder::new()
                        .match_kind(self.kind)
                        .ascii_case_insensitive(self.fold)
                        .build(&self.patterns)
                })
                .ok()
        };
        if len >= LARGE_TEXT {
            self.large.get_or_init(|| build(true)).as_ref()
        } else {
            self.small.get_or_init(|| build(false)).as_ref()
        }
    }
}
