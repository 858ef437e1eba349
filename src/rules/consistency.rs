//! `consistency` rules: one article, one spelling. When an article uses two
//! or more variants of a group (`Kiev`/`Kyiv`), every occurrence of the less
//! frequent ones is reported with the most frequent one as the fix. Ties go
//! to the variant listed first, which is the house preference.
//!
//! Why count instead of always preferring the first variant: the article's
//! own majority is what an editor harmonises to; a fixed house preference is
//! the `name-variant` engine's job (it reads the config's `[names]`).

use crate::diagnostic::{Applicability, Finding, Fix, Scope};
use crate::document::Document;
use std::ops::Range;

/// A compiled consistency rule.
pub struct ConsistencyRule {
    /// Groups of variants of one thing.
    pub groups: Vec<Vec<String>>,
}

impl ConsistencyRule {
    /// Every variant of every group, flattened in order (the automaton's items).
    pub fn variants(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().flatten().map(String::as_str)
    }

    /// (group, index in group) of a flattened variant index.
    fn locate(&self, mut item: usize) -> (usize, usize) {
        for (g, group) in self.groups.iter().enumerate() {
            if item < group.len() {
                return (g, item);
            }
            item -= group.len();
        }
        (0, 0)
    }

    pub(super) fn report(
        &self,
        rule: usize,
        _doc: &Document,
        hits: &[(usize, usize, Range<usize>)],
        out: &mut Vec<Finding>,
    ) {
        for (g, group) in self.groups.iter().enumerate() {
            let mut counts = vec![0usize; group.len()];
            for (_, item, _) in hits {
                let (hg, v) = self.locate(*item);
                if hg == g {
                    counts[v] += 1;
                }
            }
            if counts.iter().filter(|&&n| n > 0).count() < 2 {
                continue;
            }
            // max_by_key keeps the last maximum; iterate reversed so ties go to the first listed.
            let Some((major, _)) = counts.iter().enumerate().rev().max_by_key(|&(_, n)| *n) else {
                continue;
            };
            for (_, item, span) in hits {
                let (hg, v) = self.locate(*item);
                if hg == g && v != major {
                    out.push(Finding {
                        rule,
                        span: span.clone(),
                        message: None,
                        fix: Some(Fix {
                            replacement: group[major].clone(),
                            applicability: Applicability::Unsafe,
                        }),
                        scope: Scope::Span,
                    });
                }
            }
        }
    }
}
