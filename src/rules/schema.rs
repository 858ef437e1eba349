//! The serde shape of a rule file (`lints/<lang>/*.toml`). Strict on purpose:
//! an unknown key is an error with its line, so a misspelt option never
//! silently weakens a rule. The user manual for this schema is
//! `lints/README.md`.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A whole rule file: a list of `[[rule]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRuleFile {
    /// The rules, in file order.
    #[serde(default)]
    pub rule: Vec<Spanned<RawRule>>,
}

/// One `[[rule]]` table as written. Kind-specific keys are optional here and
/// checked against `kind` by [`super::compile`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRule {
    /// Stable id, `category/name`.
    pub id: Spanned<String>,
    /// One of the 15 categories.
    pub category: Spanned<String>,
    /// `error`, `warning` or `info`.
    pub severity: Spanned<String>,
    /// `phrase`, `pattern`, `substitution`, `consistency` or `engine`.
    pub kind: Spanned<String>,
    /// One-line message template (`{match}`, `{fix}`).
    pub message: String,
    /// Why it matters and how to fix it.
    pub explanation: String,
    /// The same two texts in French, for `--messages fr` (written for an
    /// editor: no regex, no rule internals). Dotted keys in the file:
    /// `fr.message = "…"`, `fr.explanation = """…"""`.
    pub fr: Option<RawLocalText>,
    /// `span` (default) or `document`.
    pub scope: Option<Spanned<String>>,
    /// Texts that must and must not fire.
    pub examples: Spanned<RawExamples>,

    /// phrase: the literal phrases.
    pub phrases: Option<Spanned<Vec<String>>>,
    /// phrase/substitution: match case exactly (default false).
    pub case_sensitive: Option<bool>,
    /// phrase/substitution: require word boundaries (default true).
    pub word_boundary: Option<bool>,
    /// phrase: report the whole line holding the phrase.
    pub extend_to_line: Option<bool>,
    /// phrase/pattern: the fix's replacement text.
    pub replacement: Option<String>,
    /// Fix safety: `safe` or `unsafe` (default).
    pub applicability: Option<Spanned<String>>,
    /// phrase/pattern: regexes that veto an overlapping finding.
    pub exceptions: Option<Vec<Spanned<String>>>,

    /// pattern: the regular expression.
    pub pattern: Option<Spanned<String>>,
    /// pattern: report this capture group instead of the whole match.
    pub group: Option<Spanned<usize>>,
    /// pattern: literals one of which must occur for the regex to run.
    pub prefilter: Option<Vec<String>>,

    /// substitution: wrong → right.
    pub replace: Option<Spanned<BTreeMap<String, String>>>,

    /// consistency: groups of variants of one thing.
    pub groups: Option<Spanned<Vec<Vec<String>>>>,

    /// engine: the engine's name.
    pub engine: Option<Spanned<String>>,
    /// engine: its options, validated by the engine.
    pub options: Option<Spanned<toml::Table>>,
}

/// A rule's message and explanation in one more language.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawLocalText {
    /// One-line message template (`{match}`, `{fix}`), as `message`.
    pub message: String,
    /// Why it matters and how to fix it, as `explanation`.
    pub explanation: String,
}

/// The `examples` table of a rule.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    /// Texts that must fire, with the exact expected span.
    #[serde(default)]
    pub fire: Vec<RawFire>,
    /// Texts on which the rule must stay silent.
    #[serde(default)]
    pub quiet: Vec<String>,
    /// The publication policy the examples run under (rules that apply only
    /// when `.auditrc.toml` asks for a byline, a source, a disclosure).
    #[serde(default)]
    pub policy: Option<crate::config::Policy>,
}

/// One text that must fire.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawFire {
    /// The example text.
    pub text: String,
    /// The exact text the finding must cover.
    #[serde(rename = "match")]
    pub matched: String,
    /// The expected replacement, when the rule suggests one.
    pub fix: Option<String>,
}
