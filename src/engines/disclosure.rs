//! `disclosure`: machine-translation disclosure, judged on the whole article.
//!
//! # What it catches
//!
//! The EU AI Act (Regulation 2024/1689, art. 50(4)) asks deployers who
//! publish AI-generated or AI-manipulated text "with the purpose of informing
//! the public on matters of public interest" to disclose it, unless the text
//! "has undergone a process of human review or editorial control" under
//! someone's editorial responsibility. Whether machine translation counts is
//! not settled (rules catalogue §4.2), so the linter leaves the rule to the
//! publication (`[policy] disclosure` in `.auditrc.toml`) and reports the
//! evidence either way. Each rule of `lints/fr/disclosure-policy.toml` runs one
//! check of this engine (`check = "…"`), after every other rule, from their
//! findings:
//!
//! | check | reports | needs config |
//! |---|---|---|
//! | `residue-density` | the article's residue density (warning and error findings per 1,000 words) is high enough to say it reads like unreviewed machine translation | no |
//! | `missing` | the article shows machine-translation residue and carries no disclosure | `disclosure = "required"` |
//! | `forbidden` | the article carries a machine-translation disclaimer | `disclosure = "forbidden"` |
//!
//! `residue-density` and `missing` are whole-article findings pointing at
//! the first non-blank line; `forbidden` points at each disclaimer.
//!
//! # What counts
//!
//! Residue: the span findings of every other rule at severity `warning` or
//! `error`, except the categories in `exclude` (by default `disclosure`
//! itself); whole-article findings (a missing byline) are policy, not
//! residue. A disclaimer: a finding of any `disclosure` phrase rule, or one of
//! the `disclaimers` phrases of the rule (case-insensitive, whole words,
//! `'` and `’` alike).
//!
//! # Options
//!
//! | option | default | what |
//! |---|---|---|
//! | `check` | (required) | `residue-density`, `missing` or `forbidden` |
//! | `threshold` | `5.0` | residue findings per 1,000 words from which the article counts as machine-translation residue |
//! | `min-findings` | `4` | …and at least this many findings |
//! | `min-categories` | `2` | …in at least this many categories (one rule firing repeatedly is not a verdict on the article) |
//! | `exclude` | `["disclosure"]` | categories not counted as residue |
//! | `disclaimers` | `[]` | phrases that disclose machine translation |
//!
//! # Traps it avoids
//!
//! - A short clean text, or a long article with a couple of findings, is
//!   below `min-findings`: density alone on a 50-word text means nothing.
//! - One noisy rule (a car review quoting `miles` eight times) is one
//!   category: below `min-categories`.
//! - The findings of this engine's own rules are never counted (a density
//!   finding is not a disclaimer, nor residue).

use super::provenance::first_line;
use super::{Engine, EngineContext, Prior, options};
use crate::config::DisclosurePolicy;
use crate::diagnostic::{Category, Finding, Scope, Severity};
use crate::document::Document;
use crate::messages::Localized;
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Check {
    ResidueDensity,
    Missing,
    Forbidden,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    check: Check,
    #[serde(default = "default_threshold")]
    threshold: f64,
    #[serde(default = "default_min_findings")]
    min_findings: usize,
    #[serde(default = "default_min_categories")]
    min_categories: usize,
    #[serde(default = "default_exclude")]
    exclude: Vec<String>,
    #[serde(default)]
    disclaimers: Vec<String>,
}

fn default_threshold() -> f64 {
    5.0
}
fn default_min_findings() -> usize {
    4
}
fn default_min_categories() -> usize {
    2
}
fn default_exclude() -> Vec<String> {
    vec!["disclosure".into()]
}

/// Builds the engine from its options.
pub fn build(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    let o: Options = options(table)?;
    if !(o.threshold.is_finite() && o.threshold >= 0.0) {
        return Err("`threshold` must be a number ≥ 0".into());
    }
    let mut exclude = Vec::new();
    for c in &o.exclude {
        exclude.push(Category::parse(c).ok_or_else(|| {
            format!(
                "unknown category `{c}` in `exclude`; expected one of: {}",
                Category::ALL.map(|c| c.as_str()).join(", ")
            )
        })?);
    }
    if o.disclaimers.iter().any(|d| d.trim().is_empty()) {
        return Err("`disclaimers` must not hold empty phrases".into());
    }
    if o.check == Check::ResidueDensity && !o.disclaimers.is_empty() {
        return Err("`disclaimers` applies to `missing` and `forbidden` only".into());
    }
    // Both apostrophes, so that a phrase written with one matches the other.
    let mut phrases: Vec<String> = Vec::new();
    for d in &o.disclaimers {
        let d = d.trim().to_lowercase();
        for v in [d.replace('’', "'"), d.replace('\'', "’")] {
            if !phrases.contains(&v) {
                phrases.push(v);
            }
        }
    }
    let disclaimers = if phrases.is_empty() {
        None
    } else {
        Some(
            // A contiguous NFA, not the default DFA: the DFA cost ~10
            // million instructions to build at every start, for a search
            // that runs only on articles judged machine-translated (or
            // under a disclosure policy), where the NFA is fast enough.
            AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&phrases)
                .map_err(|e| format!("`disclaimers`: {e}"))?,
        )
    };
    Ok(Box::new(Disclosure {
        check: o.check,
        threshold: o.threshold,
        min_findings: o.min_findings.max(1),
        min_categories: o.min_categories.max(1),
        exclude,
        disclaimers,
    }))
}

struct Disclosure {
    check: Check,
    threshold: f64,
    min_findings: usize,
    min_categories: usize,
    exclude: Vec<Category>,
    disclaimers: Option<AhoCorasick>,
}

/// What the other rules found, summed up.
struct Residue {
    findings: usize,
    categories: BTreeSet<Category>,
    words: usize,
}

impl Residue {
    fn density(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.findings as f64 * 1000.0 / self.words as f64
        }
    }
}

impl Disclosure {
    fn residue(&self, doc: &Document, prior: &Prior<'_>) -> Residue {
        let mut findings = 0;
        let mut categories = BTreeSet::new();
        for (f, cat, sev) in prior.kinds() {
            if sev < Severity::Warning
                || f.scope == Scope::Document
                || self.exclude.contains(&cat)
                || prior.rules.needs_findings(f.rule)
            {
                continue;
            }
            findings += 1;
            categories.insert(cat);
        }
        // Counting words costs a pass over the text: only when it can matter.
        let words = if findings >= self.min_findings {
            doc.word_count()
        } else {
            0
        };
        Residue {
            findings,
            categories,
            words,
        }
    }

    /// Is the residue enough to call the article machine-translation output?
    fn is_mt(&self, r: &Residue) -> bool {
        r.findings >= self.min_findings
            && r.categories.len() >= self.min_categories
            && r.density() >= self.threshold
    }

    /// Spans of the disclaimers: this rule's phrases, then the findings of
    /// `disclosure` phrase rules that do not overlap them.
    fn disclaimers(&self, doc: &Document, prior: &Prior<'_>) -> Vec<Range<usize>> {
        let text = doc.text();
        let mut spans: Vec<Range<usize>> = Vec::new();
        if let Some(ac) = &self.disclaimers {
            for m in ac.find_iter(text) {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                if !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
                {
                    spans.push(m.start()..m.end());
                }
            }
        }
        for (f, cat, _) in prior.kinds() {
            if cat == Category::Disclosure
                && !prior.rules.needs_findings(f.rule)
                && !spans
                    .iter()
                    .any(|s| s.start < f.span.end && f.span.start < s.end)
            {
                spans.push(f.span.clone());
            }
        }
        spans.sort_by_key(|s| (s.start, s.end));
        spans
    }
}

/// A density written the French way (`2,5`).
fn decimal_fr(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

fn category_list(c: &BTreeSet<Category>) -> String {
    c.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
}

impl Engine for Disclosure {
    fn needs_findings(&self) -> bool {
        true
    }

    fn check(
        &self,
        doc: &Document,
        cx: &EngineContext<'_>,
        rule: usize,
        prior: Prior<'_>,
        out: &mut Vec<Finding>,
    ) {
        match self.check {
            Check::ResidueDensity => {
                let r = self.residue(doc, &prior);
                if self.is_mt(&r) {
                    out.push(Finding {
                        rule,
                        span: first_line(doc),
                        message: Some(Localized::new(
                            format!(
                                "residue density {:.1} per 1,000 words ({} findings: {}): this reads like unreviewed machine translation; have an editor review it, or disclose it (EU AI Act art. 50)",
                                r.density(),
                                r.findings,
                                category_list(&r.categories)
                            ),
                            format!(
                                "densité de résidus de {} pour 1 000 mots ({} signalements : {}) : cela ressemble à une traduction automatique non relue ; faites-la relire, ou signalez-la au lecteur (règlement européen sur l’IA, art. 50)",
                                decimal_fr(r.density()),
                                r.findings,
                                category_list(&r.categories)
                            ),
                        )),
                        fix: None,
                        scope: Scope::Document,
                    });
                }
            }
            Check::Missing => {
                if cx.policy.disclosure != DisclosurePolicy::Required {
                    return;
                }
                let r = self.residue(doc, &prior);
                if self.is_mt(&r) && self.disclaimers(doc, &prior).is_empty() {
                    out.push(Finding {
                        rule,
                        span: first_line(doc),
                        message: Some(Localized::new(
                            format!(
                                "machine-translation residue (density {:.1} per 1,000 words: {}) and no disclosure; the publication requires machine-translated articles to say so",
                                r.density(),
                                category_list(&r.categories)
                            ),
                            format!(
                                "résidus de traduction automatique (densité de {} pour 1 000 mots : {}) sans mention ; la publication exige que les articles traduits automatiquement le signalent",
                                decimal_fr(r.density()),
                                category_list(&r.categories)
                            ),
                        )),
                        fix: None,
                        scope: Scope::Document,
                    });
                }
            }
            Check::Forbidden => {
                if cx.policy.disclosure != DisclosurePolicy::Forbidden {
                    return;
                }
                for span in self.disclaimers(doc, &prior) {
                    out.push(Finding {
                        rule,
                        span,
                        message: None,
                        fix: None,
                        scope: Scope::Span,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;
    use crate::rules::{RuleSet, RuleSource};

    /// A rule set with two span rules to stand for the other rules' findings
    /// (a phrase rule per category) and the engine under test.
    fn rules(engine_opts: &str) -> RuleSet {
        let text = format!(
            r#"
[[rule]]
id = "glued-word/test"
category = "glued-word"
severity = "warning"
kind = "phrase"
message = "m"
explanation = "e"
phrases = ["GLUED"]
examples.fire = [{{ text = "GLUED", match = "GLUED" }}]
examples.quiet = ["x"]

[[rule]]
id = "quotes/test"
category = "quotes"
severity = "warning"
kind = "phrase"
message = "m"
explanation = "e"
phrases = ["QUOTE"]
examples.fire = [{{ text = "QUOTE", match = "QUOTE" }}]
examples.quiet = ["x"]

[[rule]]
id = "disclosure/phrase"
category = "disclosure"
severity = "warning"
kind = "phrase"
message = "m"
explanation = "e"
phrases = ["DISCLAIMER"]
examples.fire = [{{ text = "DISCLAIMER", match = "DISCLAIMER" }}]
examples.quiet = ["x"]

[[rule]]
id = "disclosure/under-test"
category = "disclosure"
severity = "warning"
kind = "engine"
engine = "disclosure"
message = "m"
explanation = "e"
examples.fire = [{{ text = "x", match = "x" }}]
examples.quiet = ["x"]
[rule.options]
{engine_opts}
"#
        );
        RuleSet::load(&[RuleSource {
            path: "t.toml".into(),
            text,
        }])
        .unwrap_or_else(|e| panic!("{}", e[0]))
    }

    fn run(set: &RuleSet, policy: &Policy, text: &str) -> Vec<(String, Scope)> {
        let doc = Document::from_text(text);
        let cx = EngineContext { policy, lang: "fr" };
        set.check(&doc, &cx)
            .into_iter()
            .filter(|f| set.rules()[f.rule].id == "disclosure/under-test")
            .map(|f| (doc.text()[f.span.clone()].to_owned(), f.scope))
            .collect()
    }

    fn article(residue: &str) -> String {
        format!(
            "Le titre\n\nUn texte de vingt mots environ, écrit pour le test, {residue} et encore quelques mots pour finir la phrase.\n"
        )
    }

    #[test]
    fn density_fires_on_dense_varied_residue() {
        let set = rules("check = \"residue-density\"\n");
        let p = Policy::default();
        let got = run(&set, &p, &article("GLUED GLUED QUOTE QUOTE"));
        assert_eq!(got, [("Le titre".to_owned(), Scope::Document)]);
        // Too few findings, one category only, or diluted: quiet.
        assert!(run(&set, &p, &article("GLUED QUOTE")).is_empty());
        assert!(run(&set, &p, &article("GLUED GLUED GLUED GLUED GLUED")).is_empty());
        let long = format!(
            "{}{}",
            article("GLUED GLUED QUOTE QUOTE"),
            "mot ".repeat(2000)
        );
        assert!(run(&set, &p, &long).is_empty());
        // Disclaimers are not residue.
        assert!(
            run(
                &set,
                &p,
                &article("GLUED QUOTE DISCLAIMER DISCLAIMER DISCLAIMER")
            )
            .is_empty()
        );
    }

    #[test]
    fn missing_disclosure_needs_policy_residue_and_no_disclaimer() {
        let set = rules(
            "check = \"missing\"\ndisclaimers = [\"traduit automatiquement\", \"l’aide d’un outil\"]\n",
        );
        let mut p = Policy::default();
        let dense = article("GLUED GLUED QUOTE QUOTE");
        assert!(run(&set, &p, &dense).is_empty());
        p.disclosure = DisclosurePolicy::Required;
        assert_eq!(
            run(&set, &p, &dense),
            [("Le titre".to_owned(), Scope::Document)]
        );
        assert!(
            run(
                &set,
                &p,
                &format!("{dense}\nCet article a été TRADUIT automatiquement.\n")
            )
            .is_empty()
        );
        assert!(
            run(
                &set,
                &p,
                &format!("{dense}\nTraduit à l'aide d'un outil.\n")
            )
            .is_empty()
        );
        assert!(run(&set, &p, &format!("{dense}\nDISCLAIMER\n")).is_empty());
        assert!(run(&set, &p, &article("rien")).is_empty());
    }

    #[test]
    fn forbidden_reports_each_disclaimer() {
        let set = rules("check = \"forbidden\"\ndisclaimers = [\"traduit automatiquement\"]\n");
        let mut p = Policy::default();
        let text = "Titre\n\nTexte traduit automatiquement.\n\nDISCLAIMER\n";
        assert!(run(&set, &p, text).is_empty());
        p.disclosure = DisclosurePolicy::Forbidden;
        assert_eq!(
            run(&set, &p, text),
            [
                ("traduit automatiquement".to_owned(), Scope::Span),
                ("DISCLAIMER".to_owned(), Scope::Span)
            ]
        );
        assert!(run(&set, &p, "Titre\n\nNon traduit automatiquementXYZ.\n").is_empty());
    }

    #[test]
    fn bad_options_are_errors() {
        for bad in [
            "",
            "check = \"density\"\n",
            "check = \"residue-density\"\nthreshold = -1.0\n",
            "check = \"residue-density\"\nexclude = [\"nope\"]\n",
            "check = \"residue-density\"\ndisclaimers = [\"x\"]\n",
            "check = \"missing\"\ndisclaimers = [\"\"]\n",
            "check = \"missing\"\nthreshhold = 3.0\n",
        ] {
            let t: toml::Table = toml::from_str(bad).unwrap();
            assert!(build(&t).is_err(), "{bad}");
        }
    }

    #[test]
    fn no_panic_on_odd_input() {
        let mut p = Policy::default();
        for (opts, policy) in [
            (
                "check = \"residue-density\"\nmin-findings = 1\nmin-categories = 1\nthreshold = 0.0\n",
                DisclosurePolicy::Off,
            ),
            (
                "check = \"missing\"\nmin-findings = 1\nmin-categories = 1\nthreshold = 0.0\n",
                DisclosurePolicy::Required,
            ),
            (
                "check = \"forbidden\"\ndisclaimers = [\"é\"]\n",
                DisclosurePolicy::Forbidden,
            ),
        ] {
            let set = rules(opts);
            p.disclosure = policy;
            for text in ["", " ", "\n", "GLUED", "é", "GLUEDé", "\n\nQUOTE"] {
                let _ = run(&set, &p, text);
            }
        }
    }
}
