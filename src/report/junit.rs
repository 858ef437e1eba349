//! `--format junit`: JUnit XML, which every CI system shows as a test
//! report. One test case per linted file; one `<failure>` per finding.

use crate::outcome::Outcome;
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

/// Renders the whole outcome as one `<testsuites>` document.
pub fn render(outcome: &Outcome) -> String {
    let files: Vec<_> = outcome.files.iter().filter(|f| !f.skipped).collect();
    // JUnit counts test cases: `failures` is the number of files with at
    // least one `<failure>`, `errors` the number with an `<error>`.
    let errors = files.iter().filter(|f| f.error.is_some()).count();
    let failures = files
        .iter()
        .filter(|f| f.error.is_none() && !f.diagnostics.is_empty())
        .count();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<testsuites name=\"transaudit\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\">",
        files.len()
    );
    let _ = writeln!(
        s,
        "  <testsuite name=\"transaudit\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\">",
        files.len()
    );
    for f in files {
        let _ = write!(
            s,
            "    <testcase name=\"{}\" classname=\"transaudit\"",
            xml(&f.path)
        );
        if f.diagnostics.is_empty() && f.error.is_none() {
            s.push_str("/>\n");
            continue;
        }
        s.push_str(">\n");
        if let Some(e) = &f.error {
            let _ = writeln!(s, "      <error message=\"{}\"/>", xml(&e.to_string()));
        }
        for d in &f.diagnostics {
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
        s.push_str("    </testcase>\n");
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}
