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
use std::collections::HashMap;
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

/// One suppressed extent: from a `disable` to its `enable` (or the end),
/// or the whole line after a `disable-next-line`, as a source byte range.
#[derive(Debug)]
struct Region {
    directive: usize,
    /// Index in the directive's selectors; `None` = every rule.
    selector: Option<usize>,
    /// Source bytes covered: a finding starting in it is suppressed.
    extent: Range<usize>,
    used: bool,
}

/// The rules a selector names (`None`: every rule), found without
/// scanning the rule set once per selector: ids sorted once, a selector's
/// rules are one contiguous run of ids it prefixes, plus its category.
struct Selection<'r> {
    /// (id, rule index), sorted by id.
    by_id: Vec<(&'r str, usize)>,
    rules: &'r RuleSet,
}

impl<'r> Selection<'r> {
    fn new(rules: &'r RuleSet) -> Selection<'r> {
        let mut by_id: Vec<(&str, usize)> = rules
            .rules()
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        by_id.sort_unstable();
        Selection { by_id, rules }
    }

    /// Indices of the rules `selector` selects, sorted, without duplicates.
    fn rules_of(&self, selector: Option<&str>) -> Vec<usize> {
        let Some(sel) = selector else {
            return (0..self.rules.rules().len()).collect();
        };
        let from = self.by_id.partition_point(|(id, _)| *id < sel);
        let mut out: Vec<usize> = self.by_id[from..]
            .iter()
            .take_while(|(id, _)| id.starts_with(sel))
            .map(|&(_, i)| i)
            .collect();
        if Category::ALL.iter().any(|c| c.as_str() == sel) {
            out.extend(
                self.rules
                    .rules()
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.category.as_str() == sel)
                    .map(|(i, _)| i),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Applies the document's suppression comments to `findings` (offsets in
/// the view). `active(i)` says whether rule `i` runs on this file. Returns
/// the findings left and the unused suppressions (empty when the
/// [`UNUSED_ID`] rule is not active).
///
/// O((d + f) log(d + f)) for d directives and f findings (times the
/// length of a rule id): regions are grouped by selector, each group's
/// regions merged and its findings sorted, then looked up by binary
/// search — never every region for every finding, which took seconds for
/// 20,000 regions.
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
    let source = doc.source();
    let len = source.len();
    // Offsets of line starts in the source (as `Document::line_col`
    // counts lines): a `disable-next-line` covers one line's bytes.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1))
        .collect();
    let mut regions: Vec<Region> = Vec::new();
    // First region of each directive (regions are pushed in directive order).
    let mut first_region: Vec<usize> = Vec::with_capacity(dirs.len() + 1);
    // Open `disable` regions by selector as written: index into `regions`.
    let mut open: HashMap<Option<&str>, Vec<usize>> = HashMap::new();
    // Per directive, per selector (or the directive itself when it has
    // none): an `enable` that closed something.
    let mut enable_used: Vec<Vec<bool>> = dirs
        .iter()
        .map(|d| vec![false; d.selectors.len().max(1)])
        .collect();
    for (di, d) in dirs.iter().enumerate() {
        first_region.push(regions.len());
        let sels: Vec<Option<usize>> = if d.selectors.is_empty() {
            vec![None]
        } else {
            (0..d.selectors.len()).map(Some).collect()
        };
        match d.action {
            Action::Disable => {
                for selector in sels {
                    let name = selector.map(|s| d.selectors[s].as_str());
                    open.entry(name).or_default().push(regions.len());
                    regions.push(Region {
                        directive: di,
                        selector,
                        extent: d.span.end..len,
                        used: false,
                    });
                }
            }
            Action::DisableNextLine => {
                // The line after the one holding the comment's end.
                let next = line_starts.partition_point(|&s| s <= d.span.end);
                let extent = match line_starts.get(next) {
                    Some(&start) => start..line_starts.get(next + 1).copied().unwrap_or(usize::MAX),
                    None => usize::MAX..usize::MAX,
                };
                for selector in sels {
                    regions.push(Region {
                        directive: di,
                        selector,
                        extent: extent.clone(),
                        used: false,
                    });
                }
            }
            Action::Enable => {
                let mut close = |ris: Vec<usize>| {
                    for ri in ris {
                        let e = &mut regions[ri].extent;
                        e.end = d.span.start.max(e.start);
                    }
                };
                if d.selectors.is_empty() {
                    let any = open.values().any(|v| !v.is_empty());
                    for (_, ris) in open.drain() {
                        close(ris);
                    }
                    enable_used[di][0] = any;
                } else {
                    for (si, sel) in d.selectors.iter().enumerate() {
                        if let Some(ris) = open.remove(&Some(sel.as_str())) {
                            enable_used[di][si] = !ris.is_empty();
                            close(ris);
                        }
                    }
                }
            }
        }
    }
    first_region.push(regions.len());

    // Regions grouped by selector as written.
    let mut groups: HashMap<Option<&str>, Vec<usize>> = HashMap::new();
    for (ri, r) in regions.iter().enumerate() {
        let name = r.selector.map(|s| dirs[r.directive].selectors[s].as_str());
        groups.entry(name).or_default().push(ri);
    }
    // Findings by rule, as (source start, index) sorted by start.
    let rule_count = rules.rules().len();
    let mut by_rule: Vec<Vec<(usize, usize)>> = vec![Vec::new(); rule_count];
    for (fi, f) in findings.iter().enumerate() {
        if let Some(list) = by_rule.get_mut(f.rule) {
            list.push((doc.to_source(f.span.clone()).start, fi));
        }
    }
    for list in &mut by_rule {
        list.sort_unstable();
    }
    let selection = Selection::new(rules);
    let mut selected: HashMap<Option<&str>, Vec<usize>> = HashMap::new();
    let mut suppressed = vec![false; findings.len()];
    for (name, ris) in &groups {
        let matching = selection.rules_of(*name);
        // The group's findings, sorted by start.
        let mut at: Vec<(usize, usize)> = matching
            .iter()
            .flat_map(|&i| by_rule[i].iter().copied())
            .collect();
        selected.insert(*name, matching);
        if at.is_empty() {
            continue;
        }
        at.sort_unstable();
        // Merged extents of the group.
        let mut extents: Vec<Range<usize>> = ris
            .iter()
            .map(|&ri| regions[ri].extent.clone())
            .filter(|e| e.start < e.end)
            .collect();
        extents.sort_unstable_by_key(|e| e.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(extents.len());
        for e in extents {
            match merged.last_mut() {
                Some(last) if e.start <= last.end => last.end = last.end.max(e.end),
                _ => merged.push(e),
            }
        }
        for &(pos, fi) in &at {
            let i = merged.partition_point(|e| e.start <= pos);
            if i > 0 && pos < merged[i - 1].end {
                suppressed[fi] = true;
            }
        }
        for &ri in ris {
            let r = &mut regions[ri];
            let i = at.partition_point(|&(pos, _)| pos < r.extent.start);
            r.used = at.get(i).is_some_and(|&(pos, _)| pos < r.extent.end);
        }
    }
    let kept: Vec<Finding> = findings
        .into_iter()
        .zip(&suppressed)
        .filter(|(_, s)| !**s)
        .map(|(f, _)| f)
        .collect();

    let reports = rules.find(UNUSED_ID).is_some_and(|(i, _)| active(i));
    if !reports {
        return (kept, Vec::new());
    }
    // Per selector: (it names a rule other than this one, one of them runs).
    let mut judged_selectors: HashMap<&str, (bool, bool)> = HashMap::new();
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
                for r in &regions[first_region[di]..first_region[di + 1]] {
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
                    let (any, running) =
                        *judged_selectors.entry(sel.as_str()).or_insert_with(|| {
                            let named = selected
                                .get(&Some(sel.as_str()))
                                .map_or(&[][..], Vec::as_slice);
                            let mut any = false;
                            let mut running = false;
                            for &i in named {
                                if rules.rules()[i].id != UNUSED_ID {
                                    any = true;
                                    running |= active(i);
                                }
                            }
                            (any, running)
                        });
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
