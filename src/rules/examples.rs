//! Runs the examples every rule carries (harper's "rules carry their own
//! tests"): each `fire` text must produce a finding of the rule covering
//! exactly the expected text (and fix, when given), each `quiet` text none.
//! `cargo test` runs them for every rule file (`tests/rule_examples.rs`).

use super::RuleSet;
use crate::config::Policy;
use crate::document::Document;
use crate::engines::EngineContext;
use crate::markup::InputKind;

/// One example that does not behave as its rule file says.
#[derive(Debug, Clone)]
pub struct ExampleFailure {
    /// The rule's id.
    pub rule: String,
    /// What went wrong, with the example text.
    pub problem: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.rule, self.problem)
    }
}

/// Runs the examples of rule `index`, with only that rule enabled (every
/// rule, for an engine that judges the others' findings, such as residue
/// density), under the rule's `examples.policy`. Only the rule's own
/// findings count.
pub fn check_rule(set: &mut RuleSet, index: usize) -> Vec<ExampleFailure> {
    let saved: Vec<bool> = set.rules().iter().map(|r| r.enabled).collect();
    let all = set.rules()[index].needs_findings();
    for (i, r) in set.rules_mut().iter_mut().enumerate() {
        r.enabled = all || i == index;
    }
    set.reindex();
    let policy: Policy = set.rules()[index].examples.policy.clone();
    let cx = EngineContext {
        policy: &policy,
        lang: "fr",
    };
    let rule = &set.rules()[index];
    let id = rule.id.clone();
    let examples = rule.examples.clone();
    let mut failures = Vec::new();
    let mut fail = |problem: String| {
        failures.push(ExampleFailure {
            rule: id.clone(),
            problem,
        })
    };
    if rule.kind == "builtin" {
        // Unused suppressions: Markdown examples, through the suppression pass.
        let run = |text: &str| {
            let doc = Document::from_text_as(text, InputKind::Markdown);
            let findings = set.check(&doc, &cx);
            let (kept, unused) = crate::suppress::apply(&doc, findings, set, &|i| i == index);
            let found: Vec<(String, Option<String>)> = unused
                .iter()
                .map(|u| {
                    (
                        doc.source().get(u.span.clone()).unwrap_or("").to_owned(),
                        u.fix.as_ref().map(|f| f.replacement.clone()),
                    )
                })
                .collect();
            (kept.len(), found)
        };
        for ex in &examples.fire {
            let (_, found) = run(&ex.text);
            match found.iter().find(|(m, _)| *m == ex.matched) {
                None => fail(format!(
                    "should report “{}” in {:?}; reported {:?}",
                    ex.matched, ex.text, found
                )),
                Some((_, fix)) => {
                    if ex.fix.is_some() && *fix != ex.fix {
                        fail(format!(
                            "fix for “{}” in {:?} should be {:?}, is {:?}",
                            ex.matched, ex.text, ex.fix, fix
                        ));
                    }
                }
            }
        }
        for text in &examples.quiet {
            let (kept, found) = run(text);
            if kept > 0 || !found.is_empty() {
                fail(format!("should stay quiet on {text:?}; reported {found:?}"));
            }
        }
        for (r, e) in set.rules_mut().iter_mut().zip(saved) {
            r.enabled = e;
        }
        return failures;
    }
    for ex in &examples.fire {
        let doc = Document::from_text(&ex.text);
        let mut found = set.check(&doc, &cx);
        found.retain(|f| f.rule == index);
        let texts: Vec<&str> = found.iter().map(|f| &doc.text()[f.span.clone()]).collect();
        match found
            .iter()
            .find(|f| doc.text()[f.span.clone()] == ex.matched)
        {
            None => fail(format!(
                "should report “{}” in {:?}; reported {:?}",
                ex.matched, ex.text, texts
            )),
            Some(f) => {
                if let Some(want) = &ex.fix {
                    let got = f.fix.as_ref().map(|x| x.replacement.as_str());
                    if got != Some(want.as_str()) {
                        fail(format!(
                            "fix for “{}” in {:?} should be {:?}, is {:?}",
                            ex.matched, ex.text, want, got
                        ));
                    }
                }
            }
        }
    }
    for text in &examples.quiet {
        let doc = Document::from_text(text);
        let mut found = set.check(&doc, &cx);
        found.retain(|f| f.rule == index);
        if !found.is_empty() {
            let texts: Vec<&str> = found.iter().map(|f| &doc.text()[f.span.clone()]).collect();
            fail(format!("should stay quiet on {text:?}; reported {texts:?}"));
        }
    }
    for (r, e) in set.rules_mut().iter_mut().zip(saved) {
        r.enabled = e;
    }
    set.reindex();
    failures
}

/// Runs the examples of every rule of the set.
pub fn check_all(set: &mut RuleSet) -> Vec<ExampleFailure> {
    (0..set.rules().len())
        .flat_map(|i| check_rule(set, i))
        .collect()
}
