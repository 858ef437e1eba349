//! Aho-Corasick automata built lazily, in the form that suits the text.
//!
//! Why: a DFA searches faster than an NFA, but building one for the whole
//! rule pack costs ~10 ms (0.43 G instructions) — the entire start-up
//! budget of a pre-commit hook linting one article, and a fifth of a 2 MB
//! file's run. So the automaton is built on first use, in one of three
//! forms by the text's size: the NFA as first built for an article, the
//! contiguous NFA (a tenth of the DFA's construction, a little slower per
//! byte) up to [`DFA_TEXT`], and the DFA only for texts large enough for
//! its faster search to repay its construction (the contiguous NFA costs
//! ~40 instructions more per byte: the DFA's 0.43 G pay off from ~11 MB).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::sync::OnceLock;

/// Texts at least this long (bytes) are large: searched with the
/// contiguous NFA, and with the DFA from [`DFA_TEXT`] on.
pub const LARGE_TEXT: usize = 1 << 20;

/// Texts at least this long (bytes) are searched with the DFA.
pub const DFA_TEXT: usize = 12 << 20;

/// A set of literals and the automata built from them on demand.
pub struct LazyAutomaton {
    patterns: Vec<String>,
    fold: bool,
    kind: MatchKind,
    small: OnceLock<Option<AhoCorasick>>,
    medium: OnceLock<Option<AhoCorasick>>,
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
            medium: OnceLock::new(),
            large: OnceLock::new(),
        })
    }

    /// The automaton to search a text of `len` bytes with.
    pub fn for_text(&self, len: usize) -> Option<&AhoCorasick> {
        let build = |kind: AhoCorasickKind| {
            let mut b = AhoCorasickBuilder::new();
            b.match_kind(self.kind).ascii_case_insensitive(self.fold);
            // A small text is searched with the NFA as first built: the
            // contiguous NFA searches faster but its conversion costs more
            // than an article's search.
            b.kind(Some(kind));
            b.build(&self.patterns)
                .or_else(|_| {
                    AhoCorasickBuilder::new()
                        .match_kind(self.kind)
                        .ascii_case_insensitive(self.fold)
                        .build(&self.patterns)
                })
                .ok()
        };
        if len >= DFA_TEXT {
            self.large
                .get_or_init(|| build(AhoCorasickKind::DFA))
                .as_ref()
        } else if len >= LARGE_TEXT {
            self.medium
                .get_or_init(|| build(AhoCorasickKind::ContiguousNFA))
                .as_ref()
        } else {
            self.small
                .get_or_init(|| build(AhoCorasickKind::NoncontiguousNFA))
                .as_ref()
        }
    }
}
