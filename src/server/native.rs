//! The web page's own endpoint, `POST /api/check`: transaudit's native
//! finding records (DESIGN.md's JSON, fix applicability included) plus
//! what the page shows beside them: UTF-16 offsets (JavaScript's string
//! indices), the explanation, a summary per category and the residue
//! density.

use super::decode::{CheckRequest, MessageLang};
use super::lint::Linted;
use super::messages;
use super::offsets::to_utf16;
use crate::check::{Profile, is_residue};
use crate::diagnostic::{Category, Diagnostic, Severity};
use serde::Serialize;

/// The answer.
#[derive(Debug, Serialize)]
pub struct NativeResponse {
    /// How the text was read: `plain`, `markdown` or `html`.
    pub kind: &'static str,
    /// Words in the article.
    pub words: usize,
    /// Residue findings per 1,000 words (as `transaudit check` counts).
    pub density: f64,
    /// The findings, in position order.
    pub findings: Vec<NativeFinding>,
    /// Counts per category, most findings first.
    pub summary: Vec<CategoryCount>,
}

/// A finding: the contract's record plus what the page needs.
#[derive(Debug, Serialize)]
pub struct NativeFinding {
    /// DESIGN.md's fields (`rule`, `category`, `severity`, `message` in
    /// the asked language, `line`, …, `fix` with its applicability).
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
    /// Why it matters.
    pub explanation: String,
    /// The category's name for an editor.
    pub category_name: &'static str,
    /// UTF-16 offset of the start in the text sent.
    pub start16: usize,
    /// UTF-16 offset of the end.
    pub end16: usize,
    /// Counted in the residue density.
    pub residue: bool,
}

/// Findings of one category.
#[derive(Debug, Serialize)]
pub struct CategoryCount {
    /// The category.
    pub category: Category,
    /// Its name for an editor.
    pub name: &'static str,
    /// All its findings.
    pub count: usize,
    /// Of which errors.
    pub errors: usize,
    /// Of which warnings.
    pub warnings: usize,
}

/// Builds the page's answer.
pub fn response(req: &CheckRequest, linted: Linted, profile: &Profile) -> NativeResponse {
    let lang: MessageLang = req.messages;
    let bytes: Vec<usize> = linted
        .diagnostics
        .iter()
        .flat_map(|d| [d.byte_start, d.byte_end])
        .collect();
    let units = to_utf16(&req.text, &bytes);
    let residue = linted.diagnostics.iter().filter(|d| is_residue(d)).count();
    let density = if linted.words == 0 {
        0.0
    } else {
        residue as f64 * 1000.0 / linted.words as f64
    };
    let mut summary: Vec<CategoryCount> = Vec::new();
    for d in &linted.diagnostics {
        let at = match summary.iter().position(|c| c.category == d.category) {
            Some(i) => i,
            None => {
                summary.push(CategoryCount {
                    category: d.category,
                    name: messages::category_name(d.category, lang),
                    count: 0,
                    errors: 0,
                    warnings: 0,
                });
                summary.len() - 1
            }
        };
        let c = &mut summary[at];
        c.count += 1;
        match d.severity {
            Severity::Error => c.errors += 1,
            Severity::Warning => c.warnings += 1,
            Severity::Info => {}
        }
    }
    summary.sort_by(|a, b| b.count.cmp(&a.count).then(a.category.cmp(&b.category)));
    let findings = linted
        .diagnostics
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let rule = profile.rules.find(&d.rule).map(|(_, r)| r);
            NativeFinding {
                explanation: rule
                    .map(|r| r.explanation_in(lang).to_owned())
                    .unwrap_or_default(),
                category_name: messages::category_name(d.category, lang),
                start16: units[2 * i],
                end16: units[2 * i + 1],
                residue: is_residue(&d),
                diagnostic: d,
            }
        })
        .collect();
    NativeResponse {
        kind: req.kind.as_str(),
        words: linted.words,
        density: (density * 100.0).round() / 100.0,
        findings,
        summary,
    }
}
