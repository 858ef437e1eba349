//! `phrase` and `substitution` rules, and the one automaton that matches the
//! literals of every phrase, substitution and consistency rule at once.
//!
//! Why one automaton: a rule pack holds hundreds of phrases; scanning the
//! text once with Aho-Corasick costs the same for 10 or 10,000 phrases,
//! where a regex per rule would scan the text once per rule.
//!
//! Case-insensitive phrases match ASCII letters in any case, and accented
//! letters in the phrase's own case, all-lowercase or all-uppercase
//! (`Durée`, `durée`, `DURÉE`): the automaton is byte-based, and this covers
//! how chrome is written in practice without folding the whole text.

use super::pattern::{Exceptions, overlaps_exception};
use super::{Matcher, Rule, RuleSet, fix_with_case};
use crate::diagnostic::{Applicability, Finding, Fix};
use crate::document::Document;
use std::ops::Range;

/// A compiled `phrase` or `substitution` rule (a substitution is a phrase
/// rule with one fix per phrase).
pub struct PhraseRule {
    /// The literal phrases.
    pub phrases: Vec<String>,
    /// For substitutions: the replacement of each phrase (same order).
    pub fixes: Vec<String>,
    /// Match case exactly.
    pub case_sensitive: bool,
    /// Reject matches that start or end inside a word.
    pub word_boundary: bool,
    /// Report the whole line holding the phrase.
    pub extend_to_line: bool,
    /// One replacement for every phrase (phrase rules).
    pub replacement: Option<String>,
    /// Safety of the fixes.
    pub applicability: Applicability,
    /// Regexes that veto an overlapping finding.
    pub exceptions: Exceptions,
}

/// What an automaton pattern stands for.
#[derive(Debug, Clone, Copy)]
struct Entry {
    rule: usize,
    /// Phrase index (phrase/substitution) or variant index (consistency).
    item: usize,
    word_boundary: bool,
}

/// The literals of the phrase-like rules in two groups, matched
/// case-insensitively (ASCII) and case-sensitively; each literal is
/// distinct within its group, and the rules that use it are listed in its
/// entries. The matching itself is [`super::literals`]' single pass.
pub struct PhraseIndex {
    folded: Literals,
    exact: Literals,
}

/// Distinct literals and the entries of each, while building.
#[derive(Default)]
struct Literals {
    patterns: Vec<String>,
    entries: Vec<Vec<Entry>>,
    seen: std::collections::HashMap<String, usize>,
}

impl Literals {
    fn add(&mut self, pattern: String, key: String, entry: Entry) {
        let i = *self.seen.entry(key).or_insert_with(|| {
            self.patterns.push(pattern);
            self.entries.push(Vec::new());
            self.patterns.len() - 1
        });
        if !self.entries[i]
            .iter()
            .any(|e| e.rule == entry.rule && e.item == entry.item)
        {
            self.entries[i].push(entry);
        }
    }
}

impl PhraseIndex {
    /// Collects the literals of every enabled phrase-like rule.
    pub(super) fn build(rules: &[Rule]) -> PhraseIndex {
        let mut folded = Literals::default();
        let mut exact = Literals::default();
        for (rule, r) in rules.iter().enumerate().filter(|(_, r)| r.enabled) {
            match &r.matcher {
                Matcher::Phrase(p) => {
                    for (item, phrase) in p.phrases.iter().enumerate() {
                        let entry = Entry {
                            rule,
                            item,
                            word_boundary: p.word_boundary,
                        };
                        if p.case_sensitive {
                            exact.add(phrase.clone(), phrase.clone(), entry);
                        } else {
                            for variant in case_variants(phrase) {
                                let key = variant.to_ascii_lowercase();
                                folded.add(variant, key, entry);
                            }
                        }
                    }
                }
                Matcher::Consistency(c) => {
                    for (item, variant) in c.variants().enumerate() {
                        let entry = Entry {
                            rule,
                            item,
                            word_boundary: true,
                        };
                        exact.add(variant.to_owned(), variant.to_owned(), entry);
                    }
                }
                _ => {}
            }
        }
        PhraseIndex { folded, exact }
    }

    /// The literals of the case-insensitive group.
    pub(super) fn folded_literals(&self) -> &[String] {
        &self.folded.patterns
    }

    /// The literals of the case-sensitive group.
    pub(super) fn exact_literals(&self) -> &[String] {
        &self.exact.patterns
    }

    /// Turns the matches of every phrase (per group, leftmost-longest:
    /// when two phrases overlap, the longer, more specific one wins) into
    /// findings; consistency rules decide after counting.
    pub(super) fn run(
        &self,
        set: &RuleSet,
        doc: &Document,
        matches: &[Vec<(usize, Range<usize>)>; 2],
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text();
        // (rule, item, span) for every accepted match.
        let mut hits: Vec<(usize, usize, Range<usize>)> = Vec::new();
        for (literals, matches) in [&self.folded, &self.exact].into_iter().zip(matches) {
            let entries = &literals.entries;
            for (literal, span) in matches {
                for e in &entries[*literal] {
                    if !set.rules[e.rule].enabled {
                        continue;
                    }
                    if e.word_boundary && !at_word_boundaries(text, span) {
                        continue;
                    }
                    hits.push((e.rule, e.item, span.clone()));
                }
            }
        }
        // Per rule, keep the longest of overlapping matches (a phrase and a
        // longer phrase containing it are one finding).
        hits.sort_by_key(|h| (h.0, h.2.start, std::cmp::Reverse(h.2.end)));
        let mut kept: Vec<(usize, usize, Range<usize>)> = Vec::with_capacity(hits.len());
        for h in hits {
            if let Some(last) = kept.last()
                && last.0 == h.0
                && h.2.start < last.2.end
            {
                continue;
            }
            kept.push(h);
        }
        let mut start = 0;
        while start < kept.len() {
            let rule = kept[start].0;
            let end = start + kept[start..].iter().take_while(|h| h.0 == rule).count();
            let group = &kept[start..end];
            match &set.rules[rule].matcher {
                Matcher::Phrase(p) => p.report(rule, &set.rules[rule], doc, group, out),
                Matcher::Consistency(c) => c.report(rule, doc, group, out),
                _ => {}
            }
            start = end;
        }
    }
}

impl PhraseRule {
    fn report(
        &self,
        rule: usize,
        r: &Rule,
        doc: &Document,
        hits: &[(usize, usize, Range<usize>)],
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text();
        for (_, item, span) in hits {
            if overlaps_exception(&self.exceptions, doc, span) {
                continue;
            }
            let matched = &text[span.clone()];
            let fix = if let Some(right) = self.fixes.get(*item) {
                Some(fix_with_case(matched, right, self.applicability))
            } else {
                self.replacement.as_ref().map(|r| Fix {
                    replacement: r.clone(),
                    applicability: self.applicability,
                })
            };
            let span = if self.extend_to_line {
                let line = doc.line_at(span.start);
                let l = &text[line.clone()];
                let lead = l.len() - l.trim_start().len();
                line.start + lead..line.start + l.trim_end().len()
            } else {
                span.clone()
            };
            out.push(Finding {
                rule,
                span,
                message: None,
                fix,
                scope: r.scope,
            });
        }
    }
}

/// True when the match neither starts nor ends inside a word. Only sides
/// where the phrase itself begins or ends with a letter or digit are checked,
/// so `..` or `[]` phrases need no boundary.
pub(crate) fn at_word_boundaries(text: &str, span: &Range<usize>) -> bool {
    let inner_first = text[span.clone()]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric);
    let inner_last = text[span.clone()]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let glued_before = inner_first && before.is_some_and(char::is_alphanumeric);
    let glued_after = inner_last && after.is_some_and(char::is_alphanumeric);
    !(glued_before || glued_after)
}

/// The spellings a case-insensitive phrase is compiled as (ASCII case is
/// folded by the automaton itself).
fn case_variants(phrase: &str) -> Vec<String> {
    let mut v = vec![phrase.to_owned()];
    if !phrase.is_ascii() {
        let lower = phrase.to_lowercase();
        let upper = phrase.to_uppercase();
        let mut cap = String::new();
        let mut chars = lower.chars();
        if let Some(first) = chars.next() {
            cap.extend(first.to_uppercase());
            cap.extend(chars);
        }
        for s in [lower, upper, cap] {
            if !v.contains(&s) {
                v.push(s);
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries() {
        let t = "Partager sur Facebook, repartager";
        assert!(at_word_boundaries(t, &(0..8)));
        assert!(!at_word_boundaries(t, &(25..33)));
        assert!(at_word_boundaries("fin..", &(3..5)));
    }

    #[test]
    fn accented_variants() {
        let v = case_variants("Durée de la vidéo");
        assert!(v.contains(&"DURÉE DE LA VIDÉO".to_owned()));
        assert!(v.contains(&"durée de la vidéo".to_owned()));
        assert_eq!(case_variants("Leave a Reply"), ["Leave a Reply"]);
    }
}
