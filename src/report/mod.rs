//! Output formats. Each format renders one file's diagnostics as soon as the
//! file is linted ([`render_file`]); [`write_outcome`] stitches the files
//! together and adds the summary. One file per format.

pub mod concise;
pub mod json;
pub mod text;

use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::RuleSet;
use std::io::Write;

/// The `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Human report with the source line, a label and a help note (codespan-reporting).
    #[default]
    Text,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON array of diagnostics (the contract of DESIGN.md).
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// Renders one file's diagnostics in `format`.
pub fn render_file(
    format: Format,
    path: &str,
    doc: &Document,
    diags: &[Diagnostic],
    rules: &RuleSet,
    color: bool,
) -> String {
    match format {
        Format::Text => text::render(path, doc, diags, rules, color),
        Format::Concise => concise::render(diags),
        Format::Json => json::render_items(diags),
        Format::Jsonl => json::render_lines(diags),
    }
}

/// Writes every file's report, then the summary (human formats only), to
/// `out`; errors go to `err`.
pub fn write_outcome(
    format: Format,
    outcome: &Outcome,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    for e in &outcome.errors {
        err.write_all(e.render(color).as_bytes())?;
    }
    for f in &outcome.files {
        if let Some(e) = &f.error {
            err.write_all(e.render(color).as_bytes())?;
        }
    }
    match format {
        Format::Json => {
            let items: Vec<&str> = outcome
                .files
                .iter()
                .map(|f| f.rendered.as_str())
                .filter(|s| !s.is_empty())
                .collect();
            if items.is_empty() {
                writeln!(out, "[]")?;
            } else {
                writeln!(out, "[\n{}\n]", items.join(",\n"))?;
            }
        }
        Format::Jsonl => {
            for f in &outcome.files {
                out.write_all(f.rendered.as_bytes())?;
            }
        }
        Format::Text | Format::Concise => {
            for f in &outcome.files {
                out.write_all(f.rendered.as_bytes())?;
            }
            writeln!(out, "{}", summary(outcome))?;
        }
    }
    out.flush()
}

/// `N findings in M files (E errors, W warnings, I info)`.
pub fn summary(outcome: &Outcome) -> String {
    let all = outcome.files.iter().flat_map(|f| &f.diagnostics);
    let (mut e, mut w, mut i) = (0, 0, 0);
    for d in all {
        match d.severity {
            Severity::Error => e += 1,
            Severity::Warning => w += 1,
            Severity::Info => i += 1,
        }
    }
    let n = e + w + i;
    let files = outcome.linted();
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut s = format!(
        "{} in {} ({}, {}, {} info)",
        plural(n, "finding", "findings"),
        plural(files, "file", "files"),
        plural(e, "error", "errors"),
        plural(w, "warning", "warnings"),
        i
    );
    if n > 0 {
        s.push_str(&format!(
            "; residue density {:.1} per 1,000 words",
            outcome.density()
        ));
    }
    let errors = outcome.errors.len() + outcome.files.iter().filter(|f| f.error.is_some()).count();
    if errors > 0 {
        s.push_str(&format!(
            "; {} could not be checked",
            plural(errors, "input", "inputs")
        ));
    }
    s
}
