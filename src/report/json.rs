//! `--format json` and `jsonl`: the machine contract of DESIGN.md. Field
//! names come from [`crate::diagnostic::Diagnostic`]'s serde derive.
//!
//! Each file's objects are serialised straight into one buffer: a large
//! file has 100,000 findings, and a string per object, joined afterwards,
//! copied the report twice.

use crate::diagnostic::Diagnostic;

/// One file's diagnostics as comma-separated JSON objects (the caller wraps
/// all files in one array).
pub fn render_items(diags: &[Diagnostic]) -> String {
    render(diags, b",\n", b"")
}

/// One JSON object per line.
pub fn render_lines(diags: &[Diagnostic]) -> String {
    render(diags, b"", b"\n")
}

/// The objects, with `between` between two of them and `after` after each.
fn render(diags: &[Diagnostic], between: &[u8], after: &[u8]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(diags.len() * 320);
    for (i, d) in diags.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(between);
        }
        let before = out.len();
        if serde_json::to_writer(&mut out, d).is_err() {
            // Not expected (plain data); drop the partial object.
            out.truncate(before);
            continue;
        }
        out.extend_from_slice(after);
    }
    // serde_json writes valid UTF-8 (the fields are `String`s).
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Category, Scope, Severity};

    fn diag(message: &str) -> Diagnostic {
        Diagnostic {
            path: "a \"b\".txt".into(),
            rule: "calque/x".into(),
            category: Category::Calque,
            severity: Severity::Warning,
            message: message.into(),
            line: 1,
            column: 2,
            end_line: 1,
            end_column: 3,
            byte_start: 1,
            byte_end: 2,
            scope: Scope::Span,
            fix: None,
        }
    }

    #[test]
    fn items_and_lines_are_what_serde_json_gives_each_object() {
        let ds = [diag("un « é »\n"), diag("deux"), diag("\u{0}trois")];
        let each: Vec<String> = ds
            .iter()
            .map(|d| serde_json::to_string(d).unwrap())
            .collect();
        assert_eq!(render_items(&ds), each.join(",\n"));
        assert_eq!(render_lines(&ds), format!("{}\n", each.join("\n")));
        assert_eq!(render_items(&[]), "");
        assert_eq!(render_lines(&[]), "");
    }
}
