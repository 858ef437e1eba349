//! `--format gitlab`: GitLab Code Quality JSON (an array of issues with
//! `description`, `check_name`, `fingerprint`, `severity` and `location`),
//! shown in merge-request widgets. Fingerprints come from
//! [`crate::fingerprint`], so an issue keeps its identity when lines move.

use crate::diagnostic::Severity;
use crate::outcome::Outcome;
use serde_json::json;

/// Renders the whole outcome as one Code Quality report.
pub fn render(outcome: &Outcome) -> String {
    let mut issues = Vec::new();
    for f in &outcome.files {
        for (i, d) in f.diagnostics.iter().enumerate() {
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            };
            let fingerprint = f.fingerprints.get(i).cloned().unwrap_or_default();
            issues.push(json!({
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
            }));
        }
    }
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_owned()) + "\n"
}
