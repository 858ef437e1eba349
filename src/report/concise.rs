//! `--format concise`: one line per finding, `path:line:col: severity[rule]
//! message` — what editors' quickfix lists and `grep` understand.

use crate::diagnostic::Diagnostic;
use std::fmt::Write;

/// Renders one file's diagnostics, one per line.
pub fn render(diags: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diags {
        let _ = writeln!(
            s,
            "{}:{}:{}: {}[{}] {}",
            d.path, d.line, d.column, d.severity, d.rule, d.message
        );
    }
    s
}
