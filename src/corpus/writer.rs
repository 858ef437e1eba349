//! One output object per input record (`--format jsonl`), in the order of
//! the fields the README documents: `id`, `line`, then either `findings`,
//! `density`, `categories`, `verdict`, `words`, or `error`.

use super::linter::RecordResult;
use crate::report::json::render_array_without_path;
use serde_json::Value;

/// Densities are written to 4 decimals: enough to compare with a
/// threshold, and stable across platforms.
fn round(density: f64) -> f64 {
    (density * 10_000.0).round() / 10_000.0
}

/// The object of a linted record (no trailing newline).
pub fn record(id: &Value, line: usize, result: &RecordResult) -> String {
    let a = &result.assessment;
    let findings = render_array_without_path(&result.diagnostics);
    let categories = serde_json::to_string(&a.categories).unwrap_or_else(|_| "{}".into());
    let density = serde_json::to_string(&round(a.density)).unwrap_or_else(|_| "0.0".into());
    format!(
        "{{\"id\":{},\"line\":{line},\"findings\":{findings},\"density\":{density},\"categories\":{categories},\"verdict\":\"{}\",\"words\":{}}}",
        json(id),
        a.verdict.as_str(),
        result.words
    )
}

/// The object of a record that could not be linted (no trailing newline).
pub fn error(id: &Value, line: usize, message: &str) -> String {
    format!(
        "{{\"id\":{},\"line\":{line},\"error\":{}}}",
        json(id),
        json(&Value::String(message.to_owned()))
    )
}

fn json(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::{Assessment, Verdict};

    #[test]
    fn objects_parse_back_with_their_fields() {
        let result = RecordResult {
            diagnostics: Vec::new(),
            assessment: Assessment {
                density: 2.0 / 3.0,
                categories: [("unit", 2)].into_iter().collect(),
                verdict: Verdict::Review,
            },
            words: 3000,
        };
        let v: Value = serde_json::from_str(&record(&Value::from(7), 3, &result)).unwrap();
        assert_eq!(v["id"], 7);
        assert_eq!(v["line"], 3);
        assert_eq!(v["findings"], Value::Array(vec![]));
        assert_eq!(v["density"], 0.6667);
        assert_eq!(v["categories"]["unit"], 2);
        assert_eq!(v["verdict"], "review");
        let e: Value = serde_json::from_str(&error(&Value::Null, 9, "bad \"x\"")).unwrap();
        assert_eq!(e["error"], "bad \"x\"");
        assert_eq!(e["id"], Value::Null);
    }
}
