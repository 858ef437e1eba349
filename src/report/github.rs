//! `--format github`: GitHub Actions workflow commands, which GitHub shows
//! as annotations on the pull request's changed lines:
//! `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use crate::diagnostic::{Diagnostic, Severity};
use std::fmt::Write;

/// Escapes a command's message (`%`, CR, LF), per the runner's rules.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation per finding.
pub fn render(diags: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diags {
        let cmd = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let _ = writeln!(
            s,
            "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&d.path),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            property(&format!("transaudit {}", d.rule)),
            data(&d.message)
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(data("x\ny"), "x%0Ay");
    }
}
