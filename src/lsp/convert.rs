//! From the linter's findings to what the protocol carries: diagnostics
//! (severity, rule id as `code`, source `transaudit`), code actions (one
//! per fix; safe fixes preferred; one action for all safe fixes) and hover
//! text (the rule's explanation). Positions go through the document's
//! [`LineIndex`](super::position::LineIndex), so they count what the client
//! counts.

use super::documents::OpenDocument;
use super::language::Lang;
use crate::check::Profile;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use lsp_types::{DiagnosticSeverity, NumberOrString, Range, TextEdit};
use serde_json::{Value, json};
use std::ops::Range as Span;

/// What the server says in `source`.
pub const SOURCE: &str = "transaudit";

/// The code action kind of the action applying every safe fix.
pub const FIX_ALL_KIND: &str = "source.fixAll.transaudit";

/// The protocol's severity for a linter severity.
pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The byte span of a finding in the document's text.
pub fn span(d: &Diagnostic) -> Span<usize> {
    d.byte_start..d.byte_end.max(d.byte_start)
}

/// One finding as a protocol diagnostic (its message is already in the
/// server's language: the document was linted in it).
pub fn diagnostic(doc: &OpenDocument, d: &Diagnostic) -> lsp_types::Diagnostic {
    let message = d.message.clone();
    lsp_types::Diagnostic {
        range: doc.lines.range(&doc.text, span(d)),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.to_string())),
        source: Some(SOURCE.to_owned()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}

/// The diagnostic saying a document could not be linted (its configuration
/// is broken): on the first line, so the editor shows why it is silent.
pub fn config_problem(reason: &str) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("config".to_owned())),
        source: Some(SOURCE.to_owned()),
        message: format!("transaudit cannot lint this document: {reason}"),
        ..lsp_types::Diagnostic::default()
    }
}

/// Do byte spans `a` and `b` touch (an empty span touches what contains it)?
pub fn touches(a: &Span<usize>, b: &Span<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The code actions for the findings touching `wanted` (a byte span of the
/// document): one quick fix per finding with a fix (preferred when safe),
/// and, when `fix_all` and there is at least one safe fix in the document,
/// one action applying all of them. `only` filters by kind prefix, as the
/// client asks.
pub fn code_actions(
    doc: &OpenDocument,
    findings: &[Diagnostic],
    lang: Lang,
    wanted: &Span<usize>,
    only: Option<&[String]>,
) -> Vec<Value> {
    let allowed = |kind: &str| {
        only.is_none_or(|o| {
            o.iter()
                .any(|k| kind == k || kind.starts_with(&format!("{k}.")))
        })
    };
    let mut out = Vec::new();
    if allowed("quickfix") {
        for d in findings.iter().filter(|d| touches(&span(d), wanted)) {
            let Some(fix) = &d.fix else { continue };
            let old = doc.text.get(span(d)).unwrap_or("");
            let edit = TextEdit {
                range: doc.lines.range(&doc.text, span(d)),
                new_text: fix.replacement.clone(),
            };
            out.push(json!({
                "title": lang.fix_title(old, &fix.replacement),
                "kind": "quickfix",
                "diagnostics": [diagnostic(doc, d)],
                "isPreferred": fix.applicability == Applicability::Safe,
                "edit": workspace_edit(&doc.uri, &[edit]),
            }));
        }
    }
    if allowed(FIX_ALL_KIND) {
        let edits = safe_edits(doc, findings);
        if !edits.is_empty() {
            out.push(json!({
                "title": lang.fix_all_title(edits.len()),
                "kind": FIX_ALL_KIND,
                "edit": workspace_edit(&doc.uri, &edits),
            }));
        }
    }
    out
}

/// Every safe fix of the document as non-overlapping edits (the first of
/// two overlapping fixes wins; the next lint offers the other again).
pub fn safe_edits(doc: &OpenDocument, findings: &[Diagnostic]) -> Vec<TextEdit> {
    let mut safe: Vec<(&Diagnostic, &str)> = findings
        .iter()
        .filter_map(|d| {
            d.fix
                .as_ref()
                .filter(|f| f.applicability == Applicability::Safe)
                .map(|f| (d, f.replacement.as_str()))
        })
        .collect();
    safe.sort_by_key(|(d, _)| (d.byte_start, d.byte_end));
    let mut end = 0;
    let mut edits = Vec::new();
    for (d, replacement) in safe {
        let s = span(d);
        if !edits.is_empty() && s.start < end {
            continue;
        }
        end = s.end;
        edits.push(TextEdit {
            range: doc.lines.range(&doc.text, s),
            new_text: replacement.to_owned(),
        });
    }
    edits
}

/// A `WorkspaceEdit` changing the document at `uri` (the URI exactly as the
/// client sent it, so the client finds its document).
fn workspace_edit(uri: &str, edits: &[TextEdit]) -> Value {
    let mut changes = serde_json::Map::new();
    changes.insert(uri.to_owned(), json!(edits));
    json!({ "changes": changes })
}

/// The hover text for the findings touching byte `offset`: each rule's id,
/// category and severity, the message, the explanation and the fix, in
/// Markdown. `None` when no finding is there.
pub fn hover(
    doc: &OpenDocument,
    findings: &[Diagnostic],
    profile: &Profile,
    lang: Lang,
    offset: usize,
) -> Option<Value> {
    let here: Vec<&Diagnostic> = findings
        .iter()
        .filter(|d| touches(&span(d), &(offset..offset)))
        .collect();
    let first = here.first()?;
    let mut parts = Vec::new();
    for d in &here {
        let rule = profile.rules.find(&d.rule).map(|(_, r)| r);
        let message = &d.message;
        let mut text = format!(
            "**transaudit** `{}` · {} · {}\n\n{}",
            d.rule,
            d.category,
            d.severity,
            escape_markdown(message)
        );
        if let Some(r) = rule {
            text.push_str("\n\n");
            text.push_str(r.explanation_in(lang.into()));
        }
        if let Some(fix) = &d.fix {
            let shown = if fix.replacement.is_empty() {
                "∅".to_owned()
            } else {
                escape_markdown(&fix.replacement)
            };
            text.push_str(&format!(
                "\n\n{}: “{shown}”",
                lang.applicability(fix.applicability == Applicability::Safe)
            ));
        }
        parts.push(text);
    }
    Some(json!({
        "contents": { "kind": "markdown", "value": parts.join("\n\n---\n\n") },
        "range": doc.lines.range(&doc.text, span(first)),
    }))
}

/// `s` with Markdown's punctuation escaped, so a quoted match is shown as
/// written.
fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_{}[]<>()#+-.!|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
