//! Suppression comments in Markdown and HTML articles:
//!
//! ```html
//! <!-- transaudit-disable boilerplate, calque/realiser-que -->
//! … nothing of those rules is reported here …
//! <!-- transaudit-enable boilerplate, calque/realiser-que -->
//!
//! <!-- transaudit-disable-next-line typography -- a quoted title -->
//! A line whose typography findings are not reported.
//! ```
//!
//! - A selector is a rule id, an id prefix or a category (as `--select`);
//!   several are separated by commas or spaces; none means every rule.
//!   Text after `--` is a free reason, ignored.
//! - `transaudit-disable` runs to the matching `transaudit-enable` (same
//!   selector as written), to a bare `transaudit-enable` (which closes every
//!   open region), or to the end of the file.
//! - `transaudit-disable-next-line` covers the line after the comment's last
//!   line.
//! - A finding is suppressed when it *starts* in a region whose selector
//!   matches its rule.
//!
//! A suppression that suppresses nothing is itself reported, by the
//! built-in rule [`UNUSED_ID`] (info): stale suppressions hide the next real
//! finding. Only selectors that match a rule running on the file are judged
//! (a disabled rule cannot use its suppression); a selector that matches no
//! rule at all is reported as such (a typo). The rule can be selected,
//! ignored and re-levelled like any other; its own findings cannot be
//! suppressed by comments.
//!
//! Why `boilerplate/`: ids must be `category/name` with one of the 15
//! categories of the contract, and none is about the linter itself. A stale
//! directive is markup left in the article that is not part of it — what
//! the `boilerplate` category is about (text that came along with the
//! article and is not the article) — so it belongs there, rather than
//! inventing a 16th category that every consumer of the JSON would have to
//! learn.

use crate::diagnostic::{Applicability, Category, Finding, Fix};
use crate::document::Document;
use crate::messages::Localized;
use crate::rules::RuleSet;
use std::ops::Range;

/// Id of the built-in rule reporting unused suppressions.
pub const UNUSED_ID: &str = "boilerplate/unused-suppression";

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `transaudit-disable`: opens a region.
    Disable,
    /// `transaudit-enable`: closes regions.
    Enable,
    /// `transaudit-disable-next-line`.
    DisableNextLine,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// What it does.
    pub action: Action,
    /// Rule ids, prefixes or categories; empty = every rule.
    pub selectors: Vec<String>,
    /// Source byte range of the comment.
    pub span: Range<usize>,
}

/// Reads a comment's body as a directive.
pub fn parse_directive(body: &str) -> Option<(Action, Vec<String>)> {
    let body = body.trim();
    let (word, rest) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
    let action = match word {
        "transaudit-disable" => Action::Disable,
        "transaudit-enable" => Action::Enable,
        "transaudit-disable-next-line" => Action::DisableNextLine,
        _ => return None,
    };
    let rest = rest.split_once("--").map_or(rest, |(before, _)| before);
    let selectors = rest
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    Some((action, selectors))
}

/// The directives of a document, in source order.
pub fn directives(doc: &Document) -> Vec<Directive> {
    doc.comments()
        .iter()
        .filter_map(|c| {
            let body = doc.source().get(c.body.clone())?;
            let (action, selectors) = parse_directive(body)?;
            Some(Directive {
                action,
                selectors,
                span: c.span.clone(),
            })
        })
        .collect()
}

/// Does `selector` (id, id prefix or category) name the rule?
pub fn selects(selector: &str, id: &str, category: Category) -> bool {
    id == selector || category.as_str() == selector || id.starts_with(selector)
}

/// An unused suppression, located in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Unused {
    /// Source byte range of the comment.
    pub span: Range<usize>,
    /// What is unused, in both languages.
    pub message: Localized,
    /// Deleting the comment, when none of it is used.
    pub fix: Option<Fix>,
}

#[derive(Debug)]
enum Extent {
    Bytes(Range<usize>),
    Line(usize),
}

#[derive(Debug)]
struct Region {
    directive: usize,
    /// Index in the directive's selectors; `None` = every rule.
    selector: Option<usize>,
    extent: Extent,
    used: bool,
}

/// Applies the document's suppression comments to `findings` (offsets in
/// the view). `active(i)` says whether rule `i` runs on this file. Returns
/// the findings left and the unused suppressions (empty when the
/// [`UNUSED_ID`] rule is not active).
pub fn apply(
    doc: &Document,
    findings: Vec<Finding>,
    rules: &RuleSet,
    active: &dyn Fn(usize) -> bool,
) -> (Vec<Finding>, Vec<Unused>) {
    let dirs = directives(doc);
    if dirs.is_empty() {
        return (findings, Vec::new());
    }
    let len = doc.source().len();
    let mut regions: Vec<Region> = Vec::new();
    // Open `disable` regions: index into `regions`.
    let mut open: Vec<usize> = Vec::new();
    // Per directive, per selector (or the directive itself when it has
    // none): an `enable` that closed something.
    let mut enable_used: Vec<Vec<bool>> = dirs
        .iter()
        .map(|d| vec![false; d.selectors.len().max(1)])
        .collect();
    for (di, d) in dirs.iter().enumerate() {
        let sels: Vec<Option<usize>> = if d.selectors.is_empty() {
            vec![None]
        } else {
            (0..d.selectors.len()).map(Some).collect()
        };
        match d.action {
            Action::Disable => {
                for selector in sels {
                    open.push(regions.len());
                    regions.push(Region {
                        directive: di,
                        selector,
                        extent: Extent::Bytes(d.span.end..len),
                        used: false,
                    });
                }
            }
            Action::DisableNextLine => {
                let line = doc.line_col(d.span.end).line + 1;
                for selector in sels {
                    regions.push(Region {
                        directive: di,
                        selector,
                        extent: Extent::Line(line),
                        used: false,
                    });
                }
            }
            Action::Enable => {
                let name = |r: &Region| {
                    r.selector
                        .and_then(|s| dirs[r.directive].selectors.get(s))
                        .map(String::as_str)
                };
                open.retain(|&ri| {
                    let r = &mut regions[ri];
                    let closes = match (d.selectors.is_empty(), name(r)) {
                        (true, _) => Some(0),
                        (false, n) => d.selectors.iter().position(|s| Some(s.as_str()) == n),
                    };
                    match closes {
                        Some(si) => {
                            if let Extent::Bytes(b) = &mut r.extent {
                                b.end = d.span.start.max(b.start);
                            }
                            enable_used[di][si] = true;
                            false
                        }
                        None => true,
                    }
                });
            }
        }
    }

    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        let rule = &rules.rules()[f.rule];
        let at = doc.to_source(f.span.clone()).start;
        let line = doc.line_col(at).line;
        let mut suppressed = false;
        for r in &mut regions {
            let inside = match &r.extent {
                Extent::Bytes(b) => b.contains(&at),
                Extent::Line(l) => *l == line,
            };
            let matches = match r.selector {
                None => true,
                Some(s) => dirs[r.directive]
                    .selectors
                    .get(s)
                    .is_some_and(|sel| selects(sel, &rule.id, rule.category)),
            };
            if inside && matches {
                r.used = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(f);
        }
    }

    let reports = rules.find(UNUSED_ID).is_some_and(|(i, _)| active(i));
    if !reports {
        return (kept, Vec::new());
    }
    let mut unused = Vec::new();
    for (di, d) in dirs.iter().enumerate() {
        let mut parts: Vec<(String, String)> = Vec::new();
        let mut judged = 0;
        match d.action {
            Action::Enable => {
                for (si, used) in enable_used[di].iter().enumerate() {
                    judged += 1;
                    if !used {
                        parts.push(match d.selectors.get(si) {
                            Some(s) => (
                                format!("`{s}` closes no `transaudit-disable {s}`"),
                                format!("`{s}` ne ferme aucun `transaudit-disable {s}`"),
                            ),
                            None => (
                                "`transaudit-enable` closes no `transaudit-disable`".to_owned(),
                                "`transaudit-enable` ne ferme aucun `transaudit-disable`"
                                    .to_owned(),
                            ),
                        });
                    }
                }
            }
            Action::Disable | Action::DisableNextLine => {
                for r in regions.iter().filter(|r| r.directive == di) {
                    let Some(sel) = r.selector.and_then(|s| d.selectors.get(s)) else {
                        judged += 1;
                        if !r.used {
                            parts.push((
                                "it suppressed nothing".to_owned(),
                                "elle ne masque rien".to_owned(),
                            ));
                        }
                        continue;
                    };
                    let mut any = false;
                    let mut running = false;
                    for (i, rule) in rules.rules().iter().enumerate() {
                        if rule.id != UNUSED_ID && selects(sel, &rule.id, rule.category) {
                            any = true;
                            running |= active(i);
                        }
                    }
                    if !any {
                        judged += 1;
                        parts.push((
                            format!("`{sel}` matches no rule (`transaudit rules` lists them)"),
                            format!(
                                "`{sel}` ne désigne aucune règle (`transaudit rules` les liste)"
                            ),
                        ));
                    } else if running {
                        judged += 1;
                        if !r.used {
                            parts.push((
                                format!("`{sel}` suppressed nothing"),
                                format!("`{sel}` ne masque rien"),
                            ));
                        }
                    }
                }
            }
        }
        if parts.is_empty() {
            continue;
        }
        let whole =
            parts.len() == judged && (d.selectors.is_empty() || parts.len() == d.selectors.len());
        unused.push(Unused {
            span: d.span.clone(),
            message: Localized::new(
                format!(
                    "unused suppression: {}",
                    parts
                        .iter()
                        .map(|p| p.0.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                format!(
                    "directive de suppression inutile : {}",
                    parts
                        .iter()
                        .map(|p| p.1.as_str())
                        .collect::<Vec<_>>()
                        .join(" ; ")
                ),
            ),
            fix: whole.then(|| Fix {
                replacement: String::new(),
                applicability: Applicability::Unsafe,
            }),
        });
    }
    (kept, unused)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::InputKind;
    use crate::rules::RuleSource;

    const RULES: &str = r#"
[[rule]]
id = "boilerplate/test-reply"
category = "boilerplate"
severity = "warning"
kind = "phrase"
message = "m"
explanation = "e"
phrases = ["Leave a Reply"]
examples.fire = [{ text = "Leave a Reply", match = "Leave a Reply" }]
examples.quiet = ["x"]

[[rule]]
id = "calque/test-realiser"
category = "calque"
severity = "warning"
kind = "phrase"
message = "m"
explanation = "e"
phrases = ["réaliser que"]
examples.fire = [{ text = "réaliser que", match = "réaliser que" }]
examples.quiet = ["x"]
"#;

    fn rules() -> RuleSet {
        RuleSet::load(&[RuleSource {
            path: "t.toml".into(),
            text: RULES.into(),
        }])
        .unwrap_or_else(|e| panic!("{e:?}"))
    }

    /// (matched texts left, unused messages) for a Markdown text.
    fn run(md: &str) -> (Vec<String>, Vec<String>) {
        let set = rules();
        let doc = Document::from_text_as(md, InputKind::Markdown);
        let policy = crate::config::Policy::default();
        let cx = crate::engines::EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let findings = set.check(&doc, &cx);
        let (kept, unused) = apply(&doc, findings, &set, &|_| true);
        (
            kept.iter()
                .map(|f| doc.text()[f.span.clone()].to_owned())
                .collect(),
            unused.into_iter().map(|u| u.message.en).collect(),
        )
    }

    #[test]
    fn directive_syntax() {
        assert_eq!(
            parse_directive(" transaudit-disable boilerplate, calque/x  typography -- titre cité "),
            Some((
                Action::Disable,
                vec!["boilerplate".into(), "calque/x".into(), "typography".into()]
            ))
        );
        assert_eq!(
            parse_directive("transaudit-enable"),
            Some((Action::Enable, vec![]))
        );
        assert_eq!(
            parse_directive("transaudit-disable-next-line\tcalque"),
            Some((Action::DisableNextLine, vec!["calque".into()]))
        );
        assert_eq!(parse_directive("transaudit-disabled x"), None);
        assert_eq!(parse_directive("just a comment"), None);
    }

    #[test]
    fn regions_and_next_line() {
        let md = "Leave a Reply\n\n<!-- transaudit-disable boilerplate -->\nLeave a Reply\n<!-- transaudit-enable boilerplate -->\n\nLeave a Reply\n\n<!-- transaudit-disable-next-line boilerplate/test- -->\nLeave a Reply et réaliser que\n";
        let (kept, unused) = run(md);
        assert_eq!(kept, ["Leave a Reply", "Leave a Reply", "réaliser que"]);
        assert!(unused.is_empty(), "{unused:?}");
    }

    #[test]
    fn no_selector_means_every_rule_and_runs_to_the_end() {
        let (kept, unused) =
            run("Un.\n\n<!-- transaudit-disable -->\n\nLeave a Reply, réaliser que.\n");
        assert!(kept.is_empty(), "{kept:?}");
        assert!(unused.is_empty(), "{unused:?}");
    }

    #[test]
    fn unused_suppressions_are_reported() {
        let (kept, unused) = run(
            "<!-- transaudit-disable-next-line calque -->\nLeave a Reply\n\n<!-- transaudit-disable-next-line boilerplate, calqe -->\nLeave a Reply\n\n<!-- transaudit-enable calque -->\n",
        );
        assert_eq!(kept, ["Leave a Reply"]);
        assert_eq!(unused.len(), 3, "{unused:?}");
        assert!(
            unused[0].contains("`calque` suppressed nothing"),
            "{unused:?}"
        );
        assert!(unused[1].contains("`calqe` matches no rule"), "{unused:?}");
        assert!(!unused[1].contains("boilerplate"), "{unused:?}");
        assert!(unused[2].contains("closes no"), "{unused:?}");
    }

    #[test]
    fn suppressions_of_rules_that_do_not_run_are_not_judged() {
        let set = rules();
        let doc = Document::from_text_as(
            "<!-- transaudit-disable-next-line calque -->\nTexte.\n",
            InputKind::Markdown,
        );
        let calque = set
            .find("calque/test-realiser")
            .map_or(usize::MAX, |(i, _)| i);
        let (_, unused) = apply(&doc, Vec::new(), &set, &|i| i != calque);
        assert!(unused.is_empty(), "{unused:?}");
        let (_, unused) = apply(&doc, Vec::new(), &set, &|_| true);
        assert_eq!(unused.len(), 1);
        assert!(
            unused[0].fix.is_some(),
            "a wholly unused comment can be deleted"
        );
    }

    #[test]
    fn plain_text_has_no_directives() {
        let doc = Document::from_text("<!-- transaudit-disable -->\nLeave a Reply\n");
        assert!(directives(&doc).is_empty());
    }
}
