//! `--format concise`: one line per finding, `path:line:col: severity[rule]
//! message` — what editors' quickfix lists and `grep` understand. Control
//! characters of a file name or a quoted match are escaped.

use crate::diagnostic::Diagnostic;
use std::fmt::Write;

/// Renders one file's diagnostics, one per line.
pub fn render(diags: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diags {
        let _ = writeln!(
            s,
            "{}:{}:{}: {}[{}] {}",
            super::escape_controls(&d.path),
            d.line,
            d.column,
            d.severity,
            d.rule,
            super::escape_controls(&d.message)
        );
    }
    s
}
