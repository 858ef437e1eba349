//! What a rule reports: categories, severities, fixes and the diagnostic
//! record every output format serialises.
//!
//! The field names of [`Diagnostic`] are the JSON contract of DESIGN.md; do
//! not rename them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// The fixed category taxonomy of DESIGN.md. Every diagnostic has exactly
/// one, so that `--select`/`--ignore` and CI dashboards can group findings
/// without knowing individual rule ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Scraped site chrome: theme notices, comment forms, share/nav text.
    Boilerplate,
    /// Machine-translation disclaimers and the disclosure policy.
    Disclosure,
    /// Source-language text left in the article.
    Untranslated,
    /// Two words joined by a lost space.
    GluedWord,
    /// Units not localised for the article's language.
    Unit,
    /// Number, date or currency formats of the source language.
    Number,
    /// Dangling or empty attribution; a quote with no speaker.
    Attribution,
    /// Byline, source, dateline: missing, placeholder or unlinked.
    Provenance,
    /// Doubled or stray punctuation, empty brackets.
    Punctuation,
    /// A sentence cut by a stray full stop.
    SentenceBreak,
    /// Unbalanced, misplaced, mismatched or mixed quotation marks.
    Quotes,
    /// The language's typographic rules.
    Typography,
    /// Literal translation of a source-language idiom; false friends.
    Calque,
    /// One entity spelled several ways in one article.
    NameVariant,
    /// Mojibake, invisible or control characters.
    Encoding,
}

impl Category {
    /// Every category, in the order of DESIGN.md.
    pub const ALL: [Category; 15] = [
        Category::Boilerplate,
        Category::Disclosure,
        Category::Untranslated,
        Category::GluedWord,
        Category::Unit,
        Category::Number,
        Category::Attribution,
        Category::Provenance,
        Category::Punctuation,
        Category::SentenceBreak,
        Category::Quotes,
        Category::Typography,
        Category::Calque,
        Category::NameVariant,
        Category::Encoding,
    ];

    /// The kebab-case name used in ids, JSON and config.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Boilerplate => "boilerplate",
            Category::Disclosure => "disclosure",
            Category::Untranslated => "untranslated",
            Category::GluedWord => "glued-word",
            Category::Unit => "unit",
            Category::Number => "number",
            Category::Attribution => "attribution",
            Category::Provenance => "provenance",
            Category::Punctuation => "punctuation",
            Category::SentenceBreak => "sentence-break",
            Category::Quotes => "quotes",
            Category::Typography => "typography",
            Category::Calque => "calque",
            Category::NameVariant => "name-variant",
            Category::Encoding => "encoding",
        }
    }

    /// Parses a category name; `None` when it is not one of the 15.
    pub fn parse(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is. Ordered so that `Info < Warning < Error`, which
/// is what `--fail-on` compares against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; editors may accept it (French typography on scraped text).
    Info,
    /// Very likely residue an editor should fix before publishing.
    Warning,
    /// Certain residue, or a policy violation.
    Error,
}

impl Severity {
    /// The lowercase name used in JSON, config and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(name: &str) -> Option<Severity> {
        match name {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix can be applied without a human looking at it (ruff's model:
/// the fix carries its own safety, `--fix` applies only safe ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Meaning-preserving; `--fix` may apply it.
    Safe,
    /// Probably right, but may change meaning; needs `--unsafe-fixes`.
    #[default]
    Unsafe,
}

/// A suggested replacement of the diagnostic's span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// The text that replaces `byte_start..byte_end` of the original file.
    pub replacement: String,
    /// Whether the replacement may be applied automatically.
    pub applicability: Applicability,
}

/// Whether a finding is about a span of text or about the whole article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// A precise span of text.
    #[default]
    Span,
    /// The whole article (a missing byline…); points at the first line.
    Document,
}

/// What a rule finds in a document, before it is located: offsets are into
/// the document's NFC view ([`crate::document::Document::text`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Index of the reporting rule in the [`crate::rules::RuleSet`].
    pub rule: usize,
    /// Byte range in the NFC view.
    pub span: Range<usize>,
    /// A message that replaces the rule's message template (engines that
    /// compute something, such as a converted value), in both languages.
    pub message: Option<crate::messages::Localized>,
    /// The suggested fix, if any.
    pub fix: Option<Fix>,
    /// Span or whole-document finding.
    pub scope: Scope,
}

/// One located finding: the record every output format writes. Field names
/// are the JSON contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The path as given on the command line (or walked to). Shared by
    /// every finding of the file (a 100 MB file can hold 40 million).
    pub path: Arc<str>,
    /// Stable rule id, `category/name`; shared by the rule's findings.
    pub rule: Arc<str>,
    /// One of the 15 categories.
    pub category: Category,
    /// Severity after config overrides.
    pub severity: Severity,
    /// One-line message.
    pub message: String,
    /// 1-based line of the first character.
    pub line: usize,
    /// 1-based column of the first character, in Unicode scalar values.
    pub column: usize,
    /// 1-based line of the end (exclusive end position).
    pub end_line: usize,
    /// 1-based column just past the last character, in Unicode scalar values.
    pub end_column: usize,
    /// Byte offset of the first byte in the original file.
    pub byte_start: usize,
    /// Byte offset just past the last byte in the original file.
    pub byte_end: usize,
    /// `span` or `document`.
    pub scope: Scope,
    /// Suggested replacement, or `null`.
    pub fix: Option<Fix>,
}
