//! What `check` produced: one [`FileResult`] per input and the
//! [`Outcome`] of the run, which the exit code, the summary and every
//! output format read. Why its own module: the formats (`report`) read it
//! and `check` renders the formats; kept in check.rs the two imported each
//! other.

use crate::diagnostic::{Category, Diagnostic, Scope, Severity};
use crate::error::Error;
use crate::messages::MessageLang;
use std::collections::BTreeMap;

/// The result of linting one input.
#[derive(Debug, Default)]
pub struct FileResult {
    /// Path as displayed.
    pub path: String,
    /// Findings, in position order: kept only when the caller collects
    /// them ([`crate::check::run`]); a streamed run
    /// ([`crate::check::Prepared::stream`]) renders them as they are located
    /// and keeps only their [`Counts`].
    pub diagnostics: Vec<Diagnostic>,
    /// How many findings of each severity, and of residue, the file has
    /// (whether or not `diagnostics` keeps them).
    pub counts: Counts,
    /// Findings at or above the profile's fail level.
    pub failing: usize,
    /// One fingerprint per diagnostic (same order); empty unless
    /// the findings are collected and [`crate::check::CheckOptions::fingerprints`]
    /// or a baseline asked for them.
    pub fingerprints: Vec<String>,
    /// Why the file could not be linted.
    pub error: Option<Error>,
    /// Skipped silently (a binary file met while walking).
    pub skipped: bool,
    /// Words in the article (for residue density).
    pub words: usize,
    /// Fixes applied (or shown, with `--diff`).
    pub fixed: usize,
    /// Findings left with an applicable fix.
    pub fixable: usize,
    /// Findings not reported because the baseline records them.
    pub baselined: usize,
}

/// A file's findings counted by severity, and those that count as residue
/// ([`is_residue`]): what the summary line needs, kept instead of the
/// findings themselves (40 million findings of one file would not fit).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// `error` findings.
    pub errors: usize,
    /// `warning` findings.
    pub warnings: usize,
    /// `info` findings.
    pub infos: usize,
    /// Findings counted by [`Outcome::density`].
    pub residue: usize,
}

impl Counts {
    /// Counts `d`.
    pub fn add(&mut self, d: &Diagnostic) {
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
        if is_residue(d) {
            self.residue += 1;
        }
    }

    /// Every finding counted.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.residue += other.residue;
    }
}

/// What `check` did, for the summary and the exit code.
#[derive(Debug, Default)]
pub struct Outcome {
    /// One result per input, in input order.
    pub files: Vec<FileResult>,
    /// Errors not tied to one input (config, rule files, walk).
    pub errors: Vec<Error>,
    /// Warnings that do not change the exit code (printed on stderr).
    pub warnings: Vec<String>,
    /// Metadata of every enabled rule of every profile used, by id (for
    /// formats that describe the rules, such as SARIF).
    pub rules: BTreeMap<String, RuleMeta>,
    /// Time per rule and shared pass, summed over profiles, slowest first
    /// (only with `--timings`).
    pub timings: Vec<(String, std::time::Duration)>,
    /// Rule sets compiled: one per distinct set of rules, however many
    /// configs share it (shown by `--timings`).
    pub rule_sets: usize,
    /// The language of the summary: the first linted file's profile's (a
    /// run with one config, the usual case, has one language).
    pub messages: MessageLang,
}

/// What output formats need to know about a rule besides its findings.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// Category.
    pub category: Category,
    /// Effective severity.
    pub severity: Severity,
    /// Message template.
    pub message: String,
    /// Why it matters.
    pub explanation: String,
}

impl Outcome {
    /// Files actually linted.
    pub fn linted(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.error.is_none() && !f.skipped)
            .count()
    }

    /// Any error at all (exit 2).
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.files.iter().any(|f| f.error.is_some())
    }

    /// Every file's [`Counts`] added up.
    pub fn counts(&self) -> Counts {
        let mut all = Counts::default();
        for f in &self.files {
            all.merge(f.counts);
        }
        all
    }

    /// Findings at or above the fail level.
    pub fn failing(&self) -> usize {
        self.files.iter().map(|f| f.failing).sum()
    }

    /// The residue density an editor compares between articles, defined
    /// once (the `disclosure/…` density check counts the same way):
    /// warning and error findings on a span of the text per 1,000 words,
    /// over every linted file. Policy findings are not residue: whole-article
    /// findings (a missing byline or source, the density verdict itself) and
    /// the `disclosure` category are left out.
    pub fn density(&self) -> f64 {
        let words: usize = self.files.iter().map(|f| f.words).sum();
        let residue: usize = self.files.iter().map(|f| f.counts.residue).sum();
        if words == 0 {
            0.0
        } else {
            residue as f64 * 1000.0 / words as f64
        }
    }
}

/// Does this finding count in the residue density ([`Outcome::density`])?
pub fn is_residue(d: &Diagnostic) -> bool {
    d.severity >= Severity::Warning && d.scope == Scope::Span && d.category != Category::Disclosure
}
