//! `--format gitlab`: GitLab Code Quality JSON (an array of issues with
//! `description`, `check_name`, `fingerprint`, `severity` and `location`),
//! shown in merge-request widgets. Fingerprints come from
//! [`crate::fingerprint`], so an issue keeps its identity when lines move.

use crate::diagnostic::{Diagnostic, Severity};
use serde_json::json;

/// The issues of one chunk of a file's findings, each pretty-printed as an
/// element of the report's array, separated by `,\n` (the report's
/// brackets are written by [`super::Reporter`]). `fingerprints` matches
/// `diags` (GitLab runs compute them).
pub fn render_issues(diags: &[Diagnostic], fingerprints: &[String]) -> String {
    let mut out = String::new();
    for (i, d) in diags.iter().enumerate() {
        let severity = match d.severity {
            Severity::Error => "major",
            Severity::Warning => "minor",
            Severity::Info => "info",
        };
        let fingerprint = fingerprints.get(i).cloned().unwrap_or_default();
        let issue = json!({
            "type": "issue",
            "description": format!("{} [{}]", d.message, d.rule),
            "check_name": d.rule,
            "categories": ["Style"],
            "fingerprint": format!("{fingerprint}{:016x}", crate::fingerprint::fnv1a(d.path.as_bytes())),
            "severity": severity,
            "location": {
                "path": d.path.strip_prefix("./").unwrap_or(&d.path),
                "positions": {
                    "begin": {"line": d.line, "column": d.column},
                    "end": {"line": d.end_line, "column": d.end_column},
                },
            },
        });
        if i > 0 {
            out.push_str(",\n");
        }
        super::sarif::push_indented(&mut out, &issue, "  ");
    }
    out
}
