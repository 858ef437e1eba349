//! `pattern` rules: one regular expression, an optional capture group to
//! report, `exceptions` that veto a finding, and a literal `prefilter`.
//!
//! Why the `regex` crate and no look-around: it guarantees linear time, so
//! no rule file (ours or a user's) can make the linter hang on a hostile
//! article. Look-around is replaced by `group` (report part of the match)
//! and `exceptions` (regexes that, when they match over the finding in its
//! line, drop it) — LanguageTool's antipatterns, in regex form.

use super::Rule;
use crate::diagnostic::{Applicability, Finding, Fix};
use crate::document::Document;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use regex::{Regex, RegexBuilder};
use std::ops::Range;
use toml::Spanned;

/// Compiled exception regexes.
pub type Exceptions = Vec<Regex>;

/// A compiled `pattern` rule.
pub struct PatternRule {
    regex: Regex,
    group: usize,
    exceptions: Exceptions,
    replacement: Option<String>,
    applicability: Applicability,
    prefilter: Option<AhoCorasick>,
}

/// Compiles a user regex with limits that keep compile time and memory small.
fn compile_regex(pattern: &Spanned<String>) -> Result<Regex, (Range<usize>, String)> {
    RegexBuilder::new(pattern.get_ref())
        .size_limit(8 << 20)
        .dfa_size_limit(8 << 20)
        .build()
        .map_err(|e| (pattern.span(), format!("invalid regex: {e}")))
}

/// Compiles the `exceptions` list of a rule.
pub fn compile_exceptions(raw: &[Spanned<String>]) -> Result<Exceptions, (Range<usize>, String)> {
    raw.iter().map(compile_regex).collect()
}

/// True when an exception regex matches, in the finding's line, a region
/// overlapping the finding.
pub fn overlaps_exception(exceptions: &Exceptions, doc: &Document, span: &Range<usize>) -> bool {
    if exceptions.is_empty() {
        return false;
    }
    let line = doc.line_at(span.start);
    let region = line.start..line.end.max(span.end);
    let hay = &doc.text()[region.clone()];
    exceptions.iter().any(|re| {
        re.find_iter(hay).any(|m| {
            let (s, e) = (region.start + m.start(), region.start + m.end());
            s < span.end && e > span.start || (s == e && s == span.start)
        })
    })
}

impl PatternRule {
    /// Compiles a pattern rule; errors carry the TOML span to point at.
    pub fn new(
        pattern: &Spanned<String>,
        group: Option<&Spanned<usize>>,
        exceptions: Exceptions,
        replacement: Option<String>,
        applicability: Applicability,
        prefilter: &[String],
    ) -> Result<PatternRule, (Range<usize>, String)> {
        let regex = compile_regex(pattern)?;
        let g = group.map_or(0, |g| *g.get_ref());
        if let Some(gs) = group
            && g >= regex.captures_len()
        {
            return Err((
                gs.span(),
                format!(
                    "group {g} does not exist: the pattern has {} capture groups",
                    regex.captures_len() - 1
                ),
            ));
        }
        if regex.is_match("") {
            return Err((
                pattern.span(),
                "the pattern matches the empty string: it would fire everywhere".into(),
            ));
        }
        let prefilter = if prefilter.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .build(prefilter)
                .ok()
        };
        Ok(PatternRule {
            regex,
            group: g,
            exceptions,
            replacement,
            applicability,
            prefilter,
        })
    }

    /// Runs the regex over the document and reports each match (or group).
    pub(super) fn run(&self, rule: usize, r: &Rule, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        if let Some(pf) = &self.prefilter
            && !pf.is_match(text)
        {
            return;
        }
        let needs_captures =
            self.group != 0 || self.replacement.as_deref().is_some_and(|s| s.contains('$'));
        if !needs_captures {
            for m in self.regex.find_iter(text) {
                self.push(rule, r, doc, m.range(), None, out);
            }
            return;
        }
        for caps in self.regex.captures_iter(text) {
            let Some(m) = caps.get(self.group) else {
                continue;
            };
            let fix = self.replacement.as_ref().map(|tpl| {
                let mut s = String::new();
                caps.expand(tpl, &mut s);
                s
            });
            self.push(rule, r, doc, m.range(), fix, out);
        }
    }

    fn push(
        &self,
        rule: usize,
        r: &Rule,
        doc: &Document,
        span: Range<usize>,
        fix: Option<String>,
        out: &mut Vec<Finding>,
    ) {
        if span.is_empty() || overlaps_exception(&self.exceptions, doc, &span) {
            return;
        }
        let fix = fix
            .or_else(|| self.replacement.clone())
            .map(|replacement| Fix {
                replacement,
                applicability: self.applicability,
            });
        out.push(Finding {
            rule,
            span,
            message: None,
            fix,
            scope: r.scope,
        });
    }
}
