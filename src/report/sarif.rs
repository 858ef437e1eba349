//! `--format sarif`: SARIF 2.1.0, what GitHub code scanning and most CI
//! dashboards ingest. One run; the tool driver lists every enabled rule with
//! its description and default level; each result carries its region in
//! line/column (Unicode code points, declared with `columnKind`) and byte
//! offsets, a partial fingerprint, and the fix when there is one.

use super::ArrayFrame;
use crate::diagnostic::{Diagnostic, Severity};
use crate::outcome::RuleMeta;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The SARIF log around its results, for a run with these rules: the text
/// before the results array, the indentation of that array's closing
/// bracket, and the text after it. Why in pieces: the results are written
/// file by file as they are linted ([`super::Reporter`]), between the two,
/// exactly where `serde_json`'s pretty printer puts them in the whole log.
pub fn frame(rules: &BTreeMap<String, RuleMeta>) -> ArrayFrame {
    let described: Vec<Value> = rules
        .iter()
        .map(|(id, m)| {
            json!({
                "id": id,
                "name": id,
                "shortDescription": {"text": m.message.replace("{match}", "…").replace("{fix}", "…")},
                "fullDescription": {"text": m.explanation},
                "help": {"text": m.explanation},
                "defaultConfiguration": {"level": level(m.severity)},
                "properties": {"category": m.category.as_str(), "tags": [m.category.as_str()]},
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "transaudit",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": described,
            }},
            "columnKind": "unicodeCodePoints",
            "results": [],
        }],
    });
    let text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_owned()) + "\n";
    // `"results"` is a key only once: every other occurrence of the word
    // is inside a string, where its quotes are escaped.
    const KEY: &str = "\"results\": []";
    let Some(at) = text.find(KEY) else {
        return ArrayFrame {
            head: text,
            ..ArrayFrame::default()
        };
    };
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = text[line_start..at].len();
    ArrayFrame {
        head: text[..at + KEY.len() - 2].to_owned(),
        close: " ".repeat(indent),
        items: " ".repeat(indent + 2),
        tail: text[at + KEY.len()..].to_owned(),
    }
}

/// Where each rule id is in the run's rule list (the results' `ruleIndex`).
pub fn rule_indexes(rules: &BTreeMap<String, RuleMeta>) -> HashMap<String, usize> {
    rules
        .keys()
        .enumerate()
        .map(|(i, id)| (id.clone(), i))
        .collect()
}

/// The results of one chunk of a file's findings, each as the pretty
/// printer writes it at `indent` inside the log, separated by `,\n`
/// (`fingerprints` matches `diags`, or is empty).
pub fn render_results(
    diags: &[Diagnostic],
    fingerprints: &[String],
    rule_index: &HashMap<String, usize>,
    indent: &str,
) -> String {
    let mut out = String::new();
    for (i, d) in diags.iter().enumerate() {
        let region = json!({
            "startLine": d.line, "startColumn": d.column,
            "endLine": d.end_line, "endColumn": d.end_column,
            "byteOffset": d.byte_start, "byteLength": d.byte_end - d.byte_start,
        });
        let location = json!({"physicalLocation": {
            "artifactLocation": {"uri": uri(&d.path)},
            "region": region,
        }});
        let mut result = json!({
            "ruleId": d.rule,
            "level": level(d.severity),
            "message": {"text": d.message},
            "locations": [location],
            "properties": {"category": d.category.as_str(), "scope": d.scope},
        });
        if let Some(idx) = rule_index.get(&*d.rule) {
            result["ruleIndex"] = json!(idx);
        }
        if let Some(fp) = fingerprints.get(i) {
            result["partialFingerprints"] = json!({"transaudit/v1": fp});
        }
        if let Some(fix) = &d.fix {
            result["fixes"] = json!([{
                "description": {"text": format!("replace with “{}” ({})", fix.replacement,
                    if fix.applicability == crate::diagnostic::Applicability::Safe { "safe" } else { "unsafe" })},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri(&d.path)},
                    "replacements": [{
                        "deletedRegion": {"byteOffset": d.byte_start, "byteLength": d.byte_end - d.byte_start},
                        "insertedContent": {"text": fix.replacement},
                    }],
                }],
            }]);
        }
        if i > 0 {
            out.push_str(",\n");
        }
        push_indented(&mut out, &result, indent);
    }
    out
}

/// `value` pretty-printed as an element of an array whose elements are at
/// `indent`: each line indented by it (JSON strings hold no raw newline).
pub(super) fn push_indented(out: &mut String, value: &Value, indent: &str) {
    let Ok(text) = serde_json::to_string_pretty(value) else {
        return;
    };
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(indent);
        out.push_str(line);
    }
}

/// A relative URI reference for a path (forward slashes, spaces and `%`
/// escaped); SARIF consumers resolve it against the repository root.
/// The bytes of a file name shown by [`crate::walk::shown`]: each `\xNN`
/// of a byte of 0x80 or more (never valid UTF-8 on its own) is that byte.
fn unescape_name(p: &str) -> Vec<u8> {
    let b = p.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let byte = b
            .get(i..i + 4)
            .filter(|e| e[0] == b'\\' && e[1] == b'x')
            .and_then(|e| std::str::from_utf8(&e[2..]).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .filter(|&v| v >= 0x80);
        match byte {
            Some(v) => {
                out.push(v);
                i += 4;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    out
}

fn uri(path: &str) -> String {
    // `\\` is a separator only on Windows; elsewhere it is part of a
    // file name (percent-encoded below).
    let p = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    let p = p.strip_prefix("./").unwrap_or(&p);
    let mut out = String::with_capacity(p.len());
    for b in unescape_name(p) {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Category, Fix, Scope};

    fn diag(rule: &str, message: &str) -> Diagnostic {
        Diagnostic {
            path: "a b/c.txt".into(),
            rule: rule.into(),
            category: Category::Punctuation,
            severity: Severity::Warning,
            message: message.into(),
            line: 2,
            column: 3,
            end_line: 2,
            end_column: 5,
            byte_start: 10,
            byte_end: 12,
            scope: Scope::Span,
            fix: Some(Fix {
                replacement: ".".into(),
                applicability: crate::diagnostic::Applicability::Safe,
            }),
        }
    }

    /// The framed log, with results written in pieces, is what the pretty
    /// printer writes for the whole log at once.
    #[test]
    fn framed_results_are_the_whole_log_pretty_printed() {
        let mut rules = BTreeMap::new();
        for id in ["punctuation/doubled-period", "unit/imperial"] {
            rules.insert(
                id.to_owned(),
                RuleMeta {
                    category: Category::Punctuation,
                    severity: Severity::Warning,
                    message: "doubled “{match}” \"results\": []".into(),
                    explanation: "Why.".into(),
                },
            );
        }
        let frame = frame(&rules);
        let index = rule_indexes(&rules);
        let ds = [
            diag("unit/imperial", "un « é »\n"),
            diag("punctuation/doubled-period", "deux"),
            diag("other/rule", "trois"),
        ];
        let fps = vec!["0123456789abcdef".to_owned(); 3];
        let first = render_results(&ds[..2], &fps[..2], &index, &frame.items);
        let second = render_results(&ds[2..], &fps[2..], &index, &frame.items);
        let framed = format!(
            "{}[\n{first},\n{second}\n{}]{}",
            frame.head, frame.close, frame.tail
        );
        let mut whole: Value = serde_json::from_str(&framed).expect("valid JSON");
        assert_eq!(serde_json::to_string_pretty(&whole).unwrap() + "\n", framed);
        let results = whole["runs"][0]["results"].take();
        assert_eq!(results.as_array().map(Vec::len), Some(3));
        assert_eq!(results[0]["ruleIndex"], json!(1));
        assert!(results[2].get("ruleIndex").is_none());
        let empty = format!("{}[]{}", frame.head, frame.tail);
        let parsed: Value = serde_json::from_str(&empty).expect("valid JSON");
        assert_eq!(serde_json::to_string_pretty(&parsed).unwrap() + "\n", empty);
    }
}
