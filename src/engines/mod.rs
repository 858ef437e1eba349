//! Engines: checks that need code (a lexicon, pairing, counting), configured
//! from a rule file's `[rule.options]` table. One engine per file; each file
//! documents what it catches, its options and its traps.
//!
//! To add an engine: write `src/engines/<name>.rs` with a type implementing
//! [`Engine`] and a `build(options)` constructor, register it in [`ENGINES`],
//! and add a `kind = "engine"` rule with examples in `lints/<lang>/`.

use crate::config::Policy;
use crate::diagnostic::{Category, Finding, Severity};
use crate::document::Document;

pub mod attribution;
pub mod chrome;
pub mod context;
pub mod context_calque;
pub mod disclosure;
pub mod glued_word;
pub mod name_variant;
pub mod numbers;
pub(crate) mod numeric;
pub mod provenance;
pub mod quotes;
pub mod reporting;
mod tokens;
pub mod typography;
pub mod units;
pub mod untranslated;

/// What an engine may read besides the document.
#[derive(Debug, Clone, Copy)]
pub struct EngineContext<'a> {
    /// The publication's policy from `.auditrc.toml` (disclosure, byline,
    /// house spellings…).
    pub policy: &'a Policy,
    /// The article's language code (`fr`).
    pub lang: &'a str,
}

/// What an engine may know about the rule behind a prior finding. The rule
/// set implements it (`crate::rules::RuleSet`); engines see only this, so
/// `engines` does not depend on `rules` (the rule set builds engines, not the
/// other way round).
pub trait RuleFacts: Sync {
    /// The rule's id (`boilerplate/repeated-line`).
    fn id(&self, rule: usize) -> &str;
    /// The rule's category.
    fn category(&self, rule: usize) -> Category;
    /// The rule's severity, after the configuration's overrides.
    fn severity(&self, rule: usize) -> Severity;
    /// True when the rule is itself a whole-article judge that reads prior
    /// findings (its findings are not residue evidence).
    fn needs_findings(&self, rule: usize) -> bool;
}

/// The findings of the other rules, for engines that judge the whole
/// article from them (residue density).
#[derive(Clone, Copy)]
pub struct Prior<'a> {
    /// Findings so far (empty unless [`Engine::needs_findings`]).
    pub findings: &'a [Finding],
    /// The rules, to read each finding's rule.
    pub rules: &'a dyn RuleFacts,
}

impl Prior<'_> {
    /// Category and severity of each prior finding.
    pub fn kinds(&self) -> impl Iterator<Item = (&Finding, Category, Severity)> + '_ {
        self.findings
            .iter()
            .map(|f| (f, self.rules.category(f.rule), self.rules.severity(f.rule)))
    }
}

/// A check implemented in Rust.
pub trait Engine: Send + Sync {
    /// Appends findings for rule `rule` (the index to put in each
    /// [`Finding`]). `prior.findings` holds the findings of every other rule
    /// when [`Engine::needs_findings`] is true (whole-article checks such as
    /// residue density), else it is empty.
    fn check(
        &self,
        doc: &Document,
        cx: &EngineContext<'_>,
        rule: usize,
        prior: Prior<'_>,
        out: &mut Vec<Finding>,
    );

    /// True for engines that must run after every other rule and read their
    /// findings.
    fn needs_findings(&self) -> bool {
        false
    }

    /// Does now what the engine defers to its first use (compiling its
    /// regexes), so that a rule file the user wrote fails at load, with its
    /// file and line, instead of matching nothing later. Called for rule
    /// files other than the built-in pack, which `build.rs` checked.
    fn validate(&self) -> Result<(), String> {
        Ok(())
    }
}

/// Why an engine could not be built from its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// No engine of that name.
    UnknownEngine,
    /// The options table is wrong; the message says how.
    Options(String),
}

/// Constructor of an engine from its options table.
type Constructor = fn(&toml::Table) -> Result<Box<dyn Engine>, String>;

/// The engine registry: name (as written in `engine = "…"`) → constructor.
const ENGINES: &[(&str, Constructor)] = &[
    ("attribution", attribution::build),
    ("chrome", chrome::build),
    ("context-calque", context_calque::build),
    ("disclosure", disclosure::build),
    ("glued-word", glued_word::build),
    ("language", untranslated::build_language),
    ("name-variant", name_variant::build),
    ("numbers", numbers::build),
    ("provenance", provenance::build),
    ("quotes", quotes::build),
    ("typography", typography::build),
    ("units", units::build),
    ("untranslated", untranslated::build),
];

/// Builds the engine `name` from its options.
pub fn build(name: &str, options: &toml::Table) -> Result<Box<dyn Engine>, BuildError> {
    let (_, ctor) = ENGINES
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or(BuildError::UnknownEngine)?;
    ctor(options).map_err(BuildError::Options)
}

/// Names of every registered engine (for error messages).
pub fn names() -> Vec<&'static str> {
    ENGINES.iter().map(|(n, _)| *n).collect()
}

/// Deserialises an engine's options into its own strict struct: unknown
/// options are errors, as everywhere else in rule files.
pub fn options<T: serde::de::DeserializeOwned>(table: &toml::Table) -> Result<T, String> {
    T::deserialize(toml::Value::Table(table.clone())).map_err(|e| e.to_string().trim().to_owned())
}

/// Helpers for engine unit tests: run one engine, or one built-in rule, on
/// a text (written once here rather than in every engine's tests).
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::rules::{RuleSet, builtin};

    /// Runs `engine` alone (no other rule, no prior findings) on `text`
    /// under `policy`; the document and the findings.
    pub fn run_engine(
        engine: &dyn Engine,
        policy: &Policy,
        text: &str,
    ) -> (Document, Vec<Finding>) {
        let doc = Document::from_text(text);
        let set = RuleSet::load(&[]).expect("an empty rule set loads");
        let cx = EngineContext { policy, lang: "fr" };
        let mut out = Vec::new();
        let prior = Prior {
            findings: &[],
            rules: &set,
        };
        engine.check(&doc, &cx, 0, prior, &mut out);
        (doc, out)
    }

    /// Runs the built-in rule `id` alone on `text`, with the default policy.
    pub fn run_builtin(id: &str, text: &str) -> (Document, Vec<Finding>) {
        let mut set = RuleSet::load(&builtin::sources("fr")).expect("built-in rules load");
        for r in set.rules_mut() {
            r.enabled = r.id == id;
        }
        set.reindex();
        let doc = Document::from_text(text);
        let policy = Policy::default();
        let cx = EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let found = set.check(&doc, &cx);
        (doc, found)
    }

    /// `count` pseudo-random texts of up to `max_pieces - 1` pieces each,
    /// reproducible from `seed` (xorshift): the inputs on which a fast
    /// path is compared with the slow scan it replaces.
    pub fn mixed_texts(pieces: &[&str], count: usize, max_pieces: u64, seed: u64) -> Vec<String> {
        let mut seed = seed;
        (0..count)
            .map(|_| {
                let mut s = String::new();
                for _ in 0..(seed % max_pieces) {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
                }
                s
            })
            .collect()
    }

    /// [`run_builtin`] as (matched text, fix) pairs, no-break spaces in
    /// fixes shown as plain spaces (what the unit and number tests compare).
    pub fn builtin_matches(id: &str, text: &str) -> Vec<(String, String)> {
        let (doc, found) = run_builtin(id, text);
        found
            .into_iter()
            .map(|f| {
                (
                    doc.text()[f.span].to_owned(),
                    f.fix
                        .map(|x| x.replacement.replace('\u{A0}', " "))
                        .unwrap_or_default(),
                )
            })
            .collect()
    }
}
