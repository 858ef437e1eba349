//! `--format json` and `jsonl`: the machine contract of DESIGN.md. Field
//! names come from [`crate::diagnostic::Diagnostic`]'s serde derive.

use crate::diagnostic::Diagnostic;

/// One file's diagnostics as comma-separated JSON objects (the caller wraps
/// all files in one array).
pub fn render_items(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .filter_map(|d| serde_json::to_string(d).ok())
        .collect::<Vec<_>>()
        .join(",\n")
}

/// One JSON object per line.
pub fn render_lines(diags: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diags {
        if let Ok(line) = serde_json::to_string(d) {
            s.push_str(&line);
            s.push('\n');
        }
    }
    s
}
