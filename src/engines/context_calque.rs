//! `context-calque`: a wording that is a calque only in one kind of article.
//!
//! # What it catches
//!
//! Some false friends are fine French in one setting and a translation error
//! in another: "les officiers" of an army are officers, but "des officiers
//! ont tiré" in a US police story are "des policiers"; "les députés" sit in
//! a parliament, but "les députés du shérif" are "les adjoints du shérif".
//! Whether the word is wrong depends on the article, not on the sentence:
//! the police may be named three paragraphs earlier. This engine reports
//! each match of `pattern` only when the article holds enough matches of
//! `context` (the setting that pins down the English sense), and none of
//! `unless` in the sentence of the match (a local sign of the French
//! sense).
//!
//! # Options
//!
//! | option | default | what |
//! |---|---|---|
//! | `pattern` | (required) | regex of the suspect wording (write `(?i)` for case-insensitive); one line at most |
//! | `group` | `0` | capture group to report |
//! | `prefilter` | `[]` | literals (ASCII case-insensitive); when given, `pattern` only runs on the lines holding one of them (so it must not span lines) |
//! | `context` | (required) | regex of the setting; searched in the whole article |
//! | `min-context` | `1` | matches of `context` the article needs (non-overlapping) |
//! | `window` | `0` | when not 0, the `context` matches must lie within this many bytes before or after the suspect match, not anywhere in the article (for texts that string many articles together) |
//! | `unless` | none | regex; a match whose sentence (cut at `.`, `!`, `?` within its line, at most 600 bytes each side) matches it is not reported |
//! | `unless-article` | none | regex; an article that matches it `min-unless-article` times is skipped entirely |
//! | `min-unless-article` | `1` | see `unless-article` |
//! | `replacement` | none | fix for every finding (`$1`-style references are expanded) |
//! | `applicability` | `unsafe` | `safe` or `unsafe` |
//!
//! # Traps it avoids
//!
//! - The prefilter's literal scan runs first: an article without the
//!   suspect word costs that scan only, and compiles none of the regexes
//!   (each is compiled on first use; options are checked at load). Write the
//!   context as plain alternatives without `\b` (Unicode word boundaries
//!   make the `regex` crate slow on long non-ASCII texts).
//! - A context match inside the suspect match itself ("députés du shérif"
//!   when the context is "shérif") counts: the neighbouring words are
//!   context too.
//! - The `unless` check looks at the sentence of the match only: a military
//!   paragraph elsewhere in a police story does not silence the police
//!   paragraph; use `unless-article` for signs that settle the whole
//!   article (a French parliament story mentioning a sheriff once).

use super::{Engine, EngineContext, Prior, options};
use crate::diagnostic::{Applicability, Finding, Fix, Scope};
use crate::document::Document;
use aho_corasick::AhoCorasick;
use regex::Regex;
use serde::Deserialize;
use std::ops::Range;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    pattern: String,
    #[serde(default)]
    group: usize,
    #[serde(default)]
    prefilter: Vec<String>,
    context: String,
    #[serde(default = "one")]
    min_context: usize,
    #[serde(default)]
    window: usize,
    #[serde(default)]
    unless: Option<String>,
    #[serde(default)]
    unless_article: Option<String>,
    #[serde(default = "one")]
    min_unless_article: usize,
    #[serde(default)]
    replacement: Option<String>,
    #[serde(default)]
    applicability: Option<String>,
}

fn one() -> usize {
    1
}

/// The engine: one suspect pattern and the article setting that makes it a
/// calque.
pub struct ContextCalque {
    prefilter: Option<AhoCorasick>,
    pattern: LazyRegex,
    group: usize,
    context: LazyRegex,
    min_context: usize,
    window: usize,
    unless: Option<LazyRegex>,
    unless_article: Option<LazyRegex>,
    min_unless_article: usize,
    replacement: Option<String>,
    applicability: Applicability,
}

/// A regex checked at load and compiled on first use. Why: the engine's
/// regexes cost 30 M instructions to compile, a tenth of linting one short
/// article, and most articles hold no prefilter literal and need none.
struct LazyRegex {
    src: String,
    re: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// The compiled regex; `None` only if it exceeds the size limits, which
    /// [`Engine::validate`] reports at load for user rule files (the
    /// built-in pack is checked by its tests).
    fn get(&self) -> Option<&Regex> {
        self.re.get_or_init(|| Regex::new(&self.src).ok()).as_ref()
    }

    /// Compiles the regex now; the `regex` crate's error (a size limit) if
    /// it cannot be.
    fn force(&self, what: &str) -> Result<(), String> {
        if self.re.get().is_some_and(Option::is_some) {
            return Ok(());
        }
        match Regex::new(&self.src) {
            Ok(re) => {
                let _ = self.re.set(Some(re));
                Ok(())
            }
            Err(e) => Err(format!("`{what}` cannot be compiled: {e}")),
        }
    }
}

/// Checks a regex option (with the `regex` crate's own parser and error
/// text) and returns it ready to compile, with its syntax tree.
fn compile(what: &str, src: &str) -> Result<(LazyRegex, regex_syntax::hir::Hir), String> {
    if src.is_empty() {
        return Err(format!("`{what}` must not be empty"));
    }
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(src)
        .map_err(|e| format!("`{what}` is not a valid regex: {e}"))?;
    let lazy = LazyRegex {
        src: src.to_owned(),
        re: OnceLock::new(),
    };
    Ok((lazy, hir))
}

/// Builds the engine from its options.
pub fn build(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    let o: Options = options(table)?;
    let (pattern, hir) = compile("pattern", &o.pattern)?;
    let captures_len = hir.properties().explicit_captures_len() + 1;
    if o.group >= captures_len {
        return Err(format!(
            "`group` {} does not exist: the pattern has {} capture groups",
            o.group,
            captures_len - 1
        ));
    }
    // Only a pattern whose shortest match is empty can match "": only that
    // one is compiled now to tell.
    if hir.properties().minimum_len() == Some(0) && pattern.get().is_some_and(|p| p.is_match("")) {
        return Err("`pattern` must not match the empty string".into());
    }
    if o.prefilter.iter().any(|p| p.is_empty()) {
        return Err("`prefilter` must not hold empty literals".into());
    }
    let prefilter = if o.prefilter.is_empty() {
        None
    } else {
        Some(
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&o.prefilter)
                .map_err(|e| format!("`prefilter`: {e}"))?,
        )
    };
    let (context, _) = compile("context", &o.context)?;
    if o.min_context == 0 {
        return Err("`min-context` must be at least 1 (else use a pattern rule)".into());
    }
    if o.min_unless_article == 0 {
        return Err("`min-unless-article` must be at least 1".into());
    }
    let unless = o
        .unless
        .as_deref()
        .map(|s| compile("unless", s).map(|c| c.0))
        .transpose()?;
    let unless_article = o
        .unless_article
        .as_deref()
        .map(|s| compile("unless-article", s).map(|c| c.0))
        .transpose()?;
    let applicability = match o.applicability.as_deref() {
        None | Some("unsafe") => Applicability::Unsafe,
        Some("safe") => Applicability::Safe,
        Some(other) => {
            return Err(format!(
                "unknown applicability `{other}`; expected `safe` or `unsafe`"
            ));
        }
    };
    Ok(Box::new(ContextCalque {
        prefilter,
        pattern,
        group: o.group,
        context,
        min_context: o.min_context,
        window: o.window,
        unless,
        unless_article,
        min_unless_article: o.min_unless_article,
        replacement: o.replacement,
        applicability,
    }))
}

/// The sentence holding `span`: cut at the last `.`, `!` or `?` followed by
/// a space before it and the first one after it, within its line and at
/// most [`SENTENCE_REACH`] bytes on each side (a one-line 20 MB page must
/// not make every finding scan the whole line).
fn sentence_around(doc: &Document, text: &str, span: &Range<usize>) -> Range<usize> {
    let line = doc.line_at(span.start);
    let lo = text.floor_char_boundary(span.start.saturating_sub(SENTENCE_REACH).max(line.start));
    let hi = text.ceil_char_boundary((span.end + SENTENCE_REACH).min(line.end.max(span.end)));
    let before = &text[lo..span.start];
    let start = before
        .rmatch_indices(['.', '!', '?'])
        .find(|(i, _)| before[i + 1..].starts_with([' ', '\u{A0}']))
        .map_or(lo, |(i, _)| lo + i + 1);
    let after = &text[span.end..hi];
    let end = after
        .match_indices(['.', '!', '?'])
        .find(|(i, _)| {
            after[i + 1..].is_empty() || after[i + 1..].starts_with([' ', '\u{A0}', '\n'])
        })
        .map_or(hi, |(i, _)| span.end + i + 1);
    start..end
}

/// How far [`sentence_around`] looks on each side of a match.
const SENTENCE_REACH: usize = 600;

/// True when `re` has at least `n` non-overlapping matches in `text`.
fn at_least(re: &LazyRegex, text: &str, n: usize) -> bool {
    re.get()
        .is_some_and(|re| re.find_iter(text).take(n).count() >= n)
}

impl Engine for ContextCalque {
    fn validate(&self) -> Result<(), String> {
        self.pattern.force("pattern")?;
        self.context.force("context")?;
        if let Some(u) = &self.unless {
            u.force("unless")?;
        }
        if let Some(u) = &self.unless_article {
            u.force("unless-article")?;
        }
        Ok(())
    }

    fn check(
        &self,
        doc: &Document,
        _cx: &EngineContext<'_>,
        rule: usize,
        _prior: Prior<'_>,
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text();
        // An article without a prefilter literal (most of them) is done
        // with after that search: no regex is compiled or run.
        if let Some(p) = &self.prefilter
            && p.find(text).is_none()
        {
            return;
        }
        // The article context next: without it nothing is reported, and
        // its search stops at the `min_context`-th match, while the
        // pattern's runs over every line holding a prefilter literal
        // (`député`, on hundreds of lines of a large file with no sheriff).
        if !at_least(&self.context, text, self.min_context) {
            return;
        }
        // The lines to scan: those holding a prefilter literal, or the
        // whole text when the rule has no prefilter.
        let mut regions: Vec<Range<usize>> = Vec::new();
        match &self.prefilter {
            Some(p) => {
                for m in p.find_iter(text) {
                    if regions.last().is_some_and(|r| m.start() < r.end) {
                        continue;
                    }
                    regions.push(doc.line_at(m.start()));
                }
            }
            None => regions.push(0..text.len()),
        }
        let Some(pattern) = self.pattern.get() else {
            return;
        };
        let mut hits = Vec::new();
        for region in regions {
            let hay = &text[region.clone()];
            for caps in pattern.captures_iter(hay) {
                if let Some(m) = caps.get(self.group) {
                    let fix = self.replacement.as_ref().map(|r| {
                        let mut s = String::new();
                        caps.expand(r, &mut s);
                        s
                    });
                    hits.push((region.start + m.start()..region.start + m.end(), fix));
                }
            }
        }
        if hits.is_empty() {
            return;
        }
        if self.window > 0 {
            hits.retain(|(span, _)| {
                let lo = text.floor_char_boundary(span.start.saturating_sub(self.window));
                let hi =
                    text.ceil_char_boundary(span.end.saturating_add(self.window).min(text.len()));
                at_least(&self.context, &text[lo..hi], self.min_context)
            });
        }
        if let Some(u) = &self.unless_article
            && at_least(u, text, self.min_unless_article)
        {
            return;
        }
        for (span, fix) in hits {
            if let Some(u) = &self.unless
                && u.get()
                    .is_none_or(|u| u.is_match(&text[sentence_around(doc, text, &span)]))
            {
                continue;
            }
            out.push(Finding {
                rule,
                span,
                message: None,
                fix: fix.map(|replacement| Fix {
                    replacement,
                    applicability: self.applicability,
                }),
                scope: Scope::Span,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;
    use crate::engines::testing::run_engine;

    fn engine(extra: &str) -> Box<dyn Engine> {
        let src = format!(
            "pattern = '(?i)\\bofficiers?\\b'\ncontext = '(?i)\\bpolic'\nunless = '(?i)armée'\n{extra}"
        );
        build(&toml::from_str(&src).unwrap()).unwrap()
    }

    fn spans(e: &dyn Engine, text: &str) -> Vec<String> {
        let (doc, found) = run_engine(e, &Policy::default(), text);
        found
            .into_iter()
            .map(|f| doc.text()[f.span].to_owned())
            .collect()
    }

    #[test]
    fn fires_only_with_article_context() {
        let e = engine("");
        assert_eq!(
            spans(&*e, "La police est arrivée.\n\nDes officiers ont tiré."),
            ["officiers"]
        );
        assert!(spans(&*e, "Des officiers ont défilé.").is_empty());
    }

    #[test]
    fn unless_is_local_and_unless_article_global() {
        let e = engine("");
        let text = "La police a bouclé le quartier. Des officiers de l’armée sont venus. Un officier a tiré.";
        assert_eq!(spans(&*e, text), ["officier"]);
        let e = engine("unless-article = '(?i)caserne'");
        assert!(spans(&*e, "La police et la caserne. Un officier a tiré.").is_empty());
    }

    #[test]
    fn min_context_counts_matches() {
        let e = engine("min-context = 2");
        assert!(spans(&*e, "La police. Un officier a tiré.").is_empty());
        assert_eq!(
            spans(&*e, "La police et les policiers. Un officier a tiré."),
            ["officier"]
        );
    }

    #[test]
    fn prefilter_skips_articles_without_the_literal() {
        let e = engine("prefilter = ['OFFICIER']");
        assert_eq!(spans(&*e, "La police. Un officier a tiré."), ["officier"]);
        let e = engine("prefilter = ['zzz']");
        assert!(spans(&*e, "La police. Un officier a tiré.").is_empty());
    }

    #[test]
    fn window_keeps_context_near() {
        let e = engine("window = 30");
        let far = format!(
            "La police arrive.{}Un officier a tiré.",
            " Texte.".repeat(20)
        );
        assert!(spans(&*e, &far).is_empty());
        assert_eq!(
            spans(&*e, "La police arrive. Un officier a tiré."),
            ["officier"]
        );
    }

    #[test]
    fn bad_options_are_errors() {
        for bad in [
            "pattern = 'a'\ncontext = 'b'\nzzz = 1",
            "pattern = '('\ncontext = 'b'",
            "pattern = 'a'\ncontext = 'b'\ngroup = 1",
            "pattern = 'a*'\ncontext = 'b'",
            "pattern = 'a'\ncontext = 'b'\nmin-context = 0",
            "pattern = 'a'\ncontext = 'b'\napplicability = 'maybe'",
            "pattern = 'a'\ncontext = 'b'\nprefilter = ['']",
        ] {
            assert!(build(&toml::from_str(bad).unwrap()).is_err(), "{bad}");
        }
    }
}
