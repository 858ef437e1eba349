//! `--format junit`: JUnit XML, which every CI system shows as a test
//! report. One test case per linted file; one `<failure>` per finding.

use crate::diagnostic::Diagnostic;
use std::fmt::Write;

/// Escapes text for XML attributes and content.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The `<testsuites>` header: JUnit counts test cases, `failures` the
/// files with at least one `<failure>`, `errors` those with an `<error>`.
/// Written last but placed first ([`super::Reporter`] keeps the test cases
/// aside until the counts are known).
pub fn header(tests: usize, failures: usize, errors: usize) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<testsuites name=\"transaudit\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    );
    let _ = writeln!(
        s,
        "  <testsuite name=\"transaudit\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    );
    s
}

/// The end of the document.
pub const FOOTER: &str = "  </testsuite>\n</testsuites>\n";

/// The opening of a file's test case (`/>` closes a file without findings).
pub fn open_case(path: &str, close: &str) -> String {
    format!(
        "    <testcase name=\"{}\" classname=\"transaudit\"{close}\n",
        xml(path)
    )
}

/// The test case of a file that could not be linted.
pub fn error_case(path: &str, error: &str) -> String {
    format!(
        "{}      <error message=\"{}\"/>\n    </testcase>\n",
        open_case(path, ">"),
        xml(error)
    )
}

/// The end of a file's test case with failures.
pub const CLOSE_CASE: &str = "    </testcase>\n";

/// One `<failure>` per finding of a chunk of a file's findings, opening
/// the file's test case first when `open` (its first findings).
pub fn render_failures(path: &str, diags: &[Diagnostic], open: bool) -> String {
    let mut s = String::new();
    if diags.is_empty() {
        return s;
    }
    if open {
        s.push_str(&open_case(path, ">"));
    }
    for d in diags {
        let _ = writeln!(
            s,
            "      <failure message=\"{}\" type=\"{}\">{}:{}:{}: {}[{}] {}</failure>",
            xml(&d.message),
            xml(&d.rule),
            xml(&d.path),
            d.line,
            d.column,
            d.severity,
            xml(&d.rule),
            xml(&d.message)
        );
    }
    s
}
