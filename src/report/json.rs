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

/// The objects as one JSON array, without `path`: what a corpus record's
/// `findings` holds (a record has no file; offsets are into its text).
/// Each object is [`render`]'s, with the leading `"path":"…",` member cut:
/// `path` is the first field of the derive, so the other fields keep the
/// contract's order.
pub fn render_array_without_path(diags: &[Diagnostic]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(2 + diags.len() * 300);
    out.push(b'[');
    let mut first = true;
    for d in diags {
        let Ok(object) = serde_json::to_vec(d) else {
            continue;
        };
        let Ok(path) = serde_json::to_vec(&d.path) else {
            continue;
        };
        // `{"path":` is 8 bytes, then the path, then a comma.
        let prefix = 8 + path.len();
        if !(object.starts_with(b"{\"path\":") && object.get(prefix) == Some(&b',')) {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        out.push(b'{');
        out.extend_from_slice(&object[prefix + 1..]);
    }
    out.push(b']');
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

    #[test]
    fn without_path_is_the_object_minus_its_path_in_contract_order() {
        let ds = [diag("un « é »"), diag("deux")];
        let rendered = render_array_without_path(&ds);
        let parsed: Vec<serde_json::Value> = serde_json::from_str(&rendered).unwrap();
        assert_eq!(parsed.len(), 2);
        for (p, d) in parsed.iter().zip(&ds) {
            let mut full = serde_json::to_value(d).unwrap();
            full.as_object_mut().unwrap().remove("path");
            assert_eq!(p, &full);
        }
        assert!(rendered.starts_with("[{\"rule\":"), "{rendered}");
        assert_eq!(render_array_without_path(&[]), "[]");
    }
}
