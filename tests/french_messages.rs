//! Every rule of the built-in packs has its message and explanation in
//! French too (issue 11 §4): `--messages fr` must never fall back to English
//! for a shipped rule. The French texts are for an editor, so they keep the
//! English message's placeholders and say nothing of the rule's machinery.

use transaudit::rules::{RuleSet, builtin};

/// The `{match}` / `{fix}` placeholders of a message template, sorted.
fn placeholders(template: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = ["{match}", "{fix}"]
        .into_iter()
        .filter(|p| template.contains(p))
        .collect();
    out.sort_unstable();
    out
}

/// Words that belong to the rule's machinery, not to an editor's French.
const INTERNALS: &[&str] = &["regex", "span", "prefilter", "matcher"];

#[test]
fn every_builtin_rule_has_french_message_and_explanation() {
    let mut problems = Vec::new();
    for lang in builtin::languages() {
        let set = RuleSet::load(&builtin::sources(lang)).unwrap_or_else(|_| panic!("{lang} loads"));
        for r in set.rules() {
            let where_ = format!("{} ({}:{})", r.id, r.origin.path, r.origin.line);
            match (&r.message_fr, &r.explanation_fr) {
                (Some(m), Some(e)) => {
                    if m.trim().is_empty() || e.trim().is_empty() {
                        problems.push(format!("{where_}: empty French text"));
                    }
                    if placeholders(m) != placeholders(&r.message) {
                        problems.push(format!(
                            "{where_}: fr.message placeholders {:?} differ from message's {:?}",
                            placeholders(m),
                            placeholders(&r.message)
                        ));
                    }
                    let words: Vec<String> = format!("{m} {e}")
                        .split(|c: char| !c.is_alphanumeric())
                        .map(str::to_lowercase)
                        .collect();
                    for w in INTERNALS {
                        if words.iter().any(|x| x == w) {
                            problems.push(format!(
                                "{where_}: French text mentions `{w}` (write for an editor)"
                            ));
                        }
                    }
                }
                (None, None) => {
                    problems.push(format!("{where_}: no fr.message, no fr.explanation"))
                }
                (None, Some(_)) => problems.push(format!("{where_}: no fr.message")),
                (Some(_), None) => problems.push(format!("{where_}: no fr.explanation")),
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} rules lack French texts or have bad ones:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}
