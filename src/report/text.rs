//! `--format text`: the editor's report, rendered by codespan-reporting:
//! severity, rule id and message, the source line with the span underlined,
//! and a help note with the fix or why it matters.

use crate::diagnostic::{Applicability, Diagnostic, Scope, Severity};
use crate::document::Document;
use crate::rules::RuleSet;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Buffer};

/// Renders one file's diagnostics.
pub fn render(
    path: &str,
    doc: &Document,
    diags: &[Diagnostic],
    rules: &RuleSet,
    color: bool,
) -> String {
    if diags.is_empty() {
        return String::new();
    }
    let file = SimpleFile::new(path, doc.source());
    let config = term::Config::default();
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let bom = doc.bom_len();
    for d in diags {
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
            Severity::Info => CsSeverity::Note,
        };
        let start = d.byte_start.saturating_sub(bom);
        let end = d.byte_end.saturating_sub(bom).max(start);
        let label = match d.scope {
            Scope::Document => "this article".to_owned(),
            Scope::Span => d.category.to_string(),
        };
        let mut notes = Vec::new();
        if let Some(fix) = &d.fix {
            let safety = match fix.applicability {
                Applicability::Safe => "safe fix",
                Applicability::Unsafe => "suggestion, check it",
            };
            if fix.replacement.is_empty() {
                notes.push(format!("help: delete this text ({safety})"));
            } else {
                notes.push(format!(
                    "help: replace with “{}” ({safety})",
                    fix.replacement
                ));
            }
        }
        if let Some((_, rule)) = rules.find(&d.rule) {
            notes.push(format!("why: {}", first_sentence(&rule.explanation)));
        }
        let diag = CsDiagnostic::new(severity)
            .with_code(&d.rule)
            .with_message(&d.message)
            .with_labels(vec![Label::primary((), start..end).with_message(label)])
            .with_notes(notes);
        if term::emit_to_write_style(&mut buf, &config, &file, &diag).is_err() {
            // A span the renderer cannot place (should not happen): fall back to one line.
            let _ = std::io::Write::write_all(
                &mut buf,
                format!(
                    "{}:{}:{}: {}[{}] {}\n",
                    d.path, d.line, d.column, d.severity, d.rule, d.message
                )
                .as_bytes(),
            );
        }
    }
    String::from_utf8_lossy(buf.as_slice()).into_owned()
}

/// The first sentence of an explanation, for the one-line `why:` note.
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(i) if i < 300 => flat[..=i].to_owned(),
        _ if flat.chars().count() > 300 => {
            format!("{}…", flat.chars().take(297).collect::<String>())
        }
        _ => flat,
    }
}
