//! # `typography`: house style against the article's own consistency
//!
//! French typography has several accepted house styles. Le Monde puts a
//! no-break space before `:` and inside « »; AFP wire copy and many sites
//! set `:` and `?` glued, straight `"` quotes and straight apostrophes;
//! Québec (OQLF) spaces `:` but not `; ! ?`. None of these is an error. What
//! an editor fixes is an article that is *inconsistent with itself* (a
//! `déclaré:` among ten `déclaré :`), which is what machine translation and
//! copy-paste from several sources leave behind.
//!
//! So every check of this engine counts the article's occurrences of one
//! typographic choice, and reports:
//!
//! - with the house style `"consistent"` (the default): the occurrences in
//!   the minority style, with the majority style as the fix. A tie goes to
//!   the standard French style (space before `:`, `;`, `!`, `?` and `%`,
//!   spaces inside « », the typographic apostrophe ’). An article that is
//!   consistent is never reported, whatever its style;
//! - with a named house style (`[typography]` in `.auditrc.toml`, see
//!   README §Configuration): every occurrence that departs from it;
//! - with `"off"`: nothing.
//!
//! | `check` | what is counted | `[typography]` key |
//! |---|---|---|
//! | `colon` | the space before `:` (followed by a space, a quote or the line end: `10:30`, `https://` do not count) | `colon-space` |
//! | `high-punctuation` | the space before `;`, `!`, `?` (the first of a run such as `?!`; `page?id=3` does not count) | `high-punctuation-space` |
//! | `guillemet-open` | the space after `«` | `guillemet-space` |
//! | `guillemet-close` | the space before `»` (only on lines with a `«`: breadcrumbs `Accueil » Monde` do not count) | `guillemet-space` |
//! | `percent` | the space between a digit and `%` | `percent-space` |
//! | `apostrophe` | `'` against `’` between two letters | `apostrophe` |
//! | `ordinal` | `2ème`, `3è`, `1ère`, `XIXème` against `2e`, `1re`, `XIXe`; only the long forms are ever reported (with `"consistent"`, when the article writes the short form at least as often) | `ordinal` |
//! | `double-hyphen` | `--` standing for a dash between words (machine-translated articles only) | — |
//! | `thousands-dot` | `1.448.655`: dots grouping thousands, two groups or more (machine-translated articles only) | — |
//!
//! Spacing styles (`colon-space`, `high-punctuation-space`,
//! `guillemet-space`, `percent-space`): `"consistent"`, `"nbsp"` (U+00A0
//! or U+202F required; a plain space is reported too), `"space"` (any
//! space), `"none"`, `"off"`. In `"consistent"` mode a plain space and a
//! no-break space are the same style: scraped text often loses no-break
//! spaces.
//!
//! ## Options
//!
//! - `check` (required): one of the checks above.
//! - `machine-translation` (default `false`; spacing checks, and required
//!   by `double-hyphen` and `thousands-dot`): see below.
//!
//! ## Machine-translated articles
//!
//! A translation engine working from English glues `:`, `!`, `?`, `;` and
//! the guillemets *consistently*, so the consistency count above sees a
//! house style and stays quiet. A rule with `machine-translation = true`
//! runs after every other rule and, only when the article carries a
//! `disclosure` finding (the residue-density verdict of
//! `disclosure/unreviewed-machine-translation`, or a machine-translation
//! disclaimer), reports every glued occurrence, title included, with the
//! French spacing as the fix. It stays quiet where the consistency rule
//! already speaks (an inconsistent article, or spaced guillemets for
//! colons) and under a named house style. Edited French in a glued house
//! style (wire copy, Swiss and Québec papers) carries no such verdict and
//! is never reported. Lines in another language (an English caption) are
//! skipped, as for every French typography rule.
//!
//! `double-hyphen` and `thousands-dot` exist only in this mode: edited
//! French writes both (Belgian papers group thousands with dots, converted
//! encyclopaedic text keeps `--` for dashes), so only the article-level
//! verdict makes them residue.
//!
//! ## Fixes
//!
//! Unsafe: insert a no-break space (U+00A0 before `:`, `%` and inside « »;
//! U+202F before `; ! ?`), delete the space, or swap the apostrophe; safe
//! for ordinals (`2ème` → `2e`).
//!
//! ## Traps avoided
//!
//! Times and scores (`10:30`, `3:1`), URLs (`https://`, `page?id=3`),
//! combined marks (`?!`), breadcrumbs with `»`, proper names containing a
//! long ordinal (`La 1ère`), the consistent styles of wire copy, Québec and
//! Swiss houses, and treebank or encyclopaedic text tokenised with spaces
//! before every mark.

use super::tokens::next_marked;
use super::{Engine, EngineContext, Prior};
use crate::config::{ApostropheStyle, OrdinalStyle, Spacing, Typography};
use crate::diagnostic::{Applicability, Category, Finding, Fix, Scope};
use crate::document::Document;
use crate::messages::Localized;
use serde::Deserialize;
use std::ops::Range;

/// What a rule built on this engine counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Check {
    Colon,
    HighPunctuation,
    GuillemetOpen,
    GuillemetClose,
    Percent,
    Apostrophe,
    Ordinal,
    /// `--` between words: English plain-text copy's dash (machine-translated
    /// articles only).
    DoubleHyphen,
    /// `1.448.655`: dots as thousands separators (machine-translated
    /// articles only).
    ThousandsDot,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    check: Check,
    #[serde(default)]
    machine_translation: bool,
}

/// The engine.
pub struct TypographyEngine {
    check: Check,
    /// Report the glued style of a consistent article, but only in an
    /// article that other rules judged machine-translated (see the module
    /// docs, "Machine-translated articles").
    machine_translation: bool,
}

/// Builds the engine from its options.
pub fn build(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    let o: Options = super::options(table)?;
    let spacing = matches!(
        o.check,
        Check::Colon | Check::HighPunctuation | Check::GuillemetOpen | Check::GuillemetClose
    );
    let mt_only = matches!(o.check, Check::DoubleHyphen | Check::ThousandsDot);
    if o.machine_translation && !spacing && !mt_only {
        return Err(
            "machine-translation = true works with check = \"colon\", \"high-punctuation\", \"guillemet-open\", \"guillemet-close\", \"double-hyphen\" or \"thousands-dot\""
                .to_owned(),
        );
    }
    if mt_only && !o.machine_translation {
        return Err(
            "check = \"double-hyphen\" and \"thousands-dot\" need machine-translation = true (edited French uses both: Belgian thousands, encyclopaedic dashes)"
                .to_owned(),
        );
    }
    Ok(Box::new(TypographyEngine {
        check: o.check,
        machine_translation: o.machine_translation,
    }))
}

/// How one occurrence is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Set {
    /// No space.
    Glued,
    /// A plain space (or tab).
    Space,
    /// A no-break space.
    Nbsp,
}

/// One occurrence of a spacing choice: the mark, the space run next to it
/// (empty when glued) and how it is set.
#[derive(Debug, Clone)]
struct Spaced {
    mark: Range<usize>,
    space: Range<usize>,
    set: Set,
}

fn is_nbsp(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

fn is_hspace(c: char) -> bool {
    c == ' ' || c == '\t' || is_nbsp(c)
}

/// The run of horizontal spaces ending at `end`, and how it is set.
fn space_before(text: &str, end: usize) -> (Range<usize>, Set) {
    let before = &text[..end];
    let trimmed = before.trim_end_matches(is_hspace);
    let run = trimmed.len()..end;
    let set = if run.is_empty() {
        Set::Glued
    } else if text[run.clone()].chars().any(is_nbsp) {
        Set::Nbsp
    } else {
        Set::Space
    };
    (run, set)
}

/// The run of horizontal spaces starting at `start`, and how it is set.
fn space_after(text: &str, start: usize) -> (Range<usize>, Set) {
    let after = &text[start..];
    let trimmed = after.trim_start_matches(is_hspace);
    let run = start..start + (after.len() - trimmed.len());
    let set = if run.is_empty() {
        Set::Glued
    } else if text[run.clone()].chars().any(is_nbsp) {
        Set::Nbsp
    } else {
        Set::Space
    };
    (run, set)
}

/// A character that may end the word before a spaced mark.
fn word_end(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '»' | '”' | '"' | ')' | ']' | '%' | '’' | '\'')
}

/// Is the mark at `at..at+len` followed by a space, a quote or the line end?
fn ends_clause(text: &str, end: usize) -> bool {
    text[end..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || is_nbsp(c) || matches!(c, '"' | '“' | '”' | '«' | '»'))
}

/// The character before the space run ending at `start`.
fn char_before_run(text: &str, run_start: usize) -> Option<char> {
    text[..run_start].chars().next_back()
}

/// Occurrences of a spaced punctuation mark (`:`, or `;!?`). The marks
/// are found with `memchr` (SIMD): the bytes between them are never
/// looked at one by one.
fn punctuation(text: &str, marks: &[u8]) -> Vec<Spaced> {
    let bytes = text.as_bytes();
    let next_mark = |from: usize| -> Option<usize> {
        let hay = &bytes[from..];
        let k = match *marks {
            [a] => memchr::memchr(a, hay),
            [a, b] => memchr::memchr2(a, b, hay),
            [a, b, c] => memchr::memchr3(a, b, c, hay),
            _ => hay.iter().position(|b| marks.contains(b)),
        };
        k.map(|k| from + k)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(start) = next_mark(i) {
        // The first mark of a run (`?!`, `!!!`), the run as one mark.
        let mut end = start + 1;
        while end < bytes.len() && matches!(bytes[end], b';' | b'!' | b'?' | b':') {
            end += 1;
        }
        i = end;
        if start > 0 && matches!(bytes[start - 1], b';' | b'!' | b'?' | b':') {
            continue;
        }
        if !ends_clause(text, end) {
            continue;
        }
        let (space, set) = space_before(text, start);
        // Only a mark after a word counts (not one opening a line, nor one
        // after a dash or another mark).
        if !char_before_run(text, space.start).is_some_and(word_end) {
            continue;
        }
        // A newline in between is not a space before the mark.
        out.push(Spaced {
            mark: start..start + 1,
            space,
            set,
        });
    }
    out
}

/// Occurrences of « and of » (on lines holding a «). Only the lines
/// holding a « are visited (found with `memmem`), and in them only the
/// mark looked for.
fn guillemets(text: &str, open: bool) -> Vec<Spaced> {
    let bytes = text.as_bytes();
    let mark = if open { "«" } else { "»" };
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(k) = memchr::memmem::find(&bytes[pos..], "«".as_bytes()) {
        let first = pos + k;
        let line_start = memchr::memrchr(b'\n', &bytes[..first]).map_or(0, |i| i + 1);
        let line_end = memchr::memchr(b'\n', &bytes[first..]).map_or(text.len(), |i| first + i);
        pos = line_end;
        for k in memchr::memmem::find_iter(&bytes[line_start..line_end], mark.as_bytes()) {
            let at = line_start + k;
            if open {
                let (space, set) = space_after(text, at + 2);
                if text[space.end..line_end].is_empty() || text[space.end..].starts_with('»') {
                    continue;
                }
                out.push(Spaced {
                    mark: at..at + 2,
                    space,
                    set,
                });
            } else {
                let (space, set) = space_before(text, at);
                if space.start <= line_start || text[..space.start].ends_with('«') {
                    continue;
                }
                out.push(Spaced {
                    mark: at..at + 2,
                    space,
                    set,
                });
            }
        }
    }
    out
}

/// Occurrences of `%` after a number.
fn percents(text: &str) -> Vec<Spaced> {
    let mut out = Vec::new();
    for at in memchr::memchr_iter(b'%', text.as_bytes()) {
        let (space, set) = space_before(text, at);
        if text[..space.start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit())
        {
            out.push(Spaced {
                mark: at..at + 1,
                space,
                set,
            });
        }
    }
    out
}

/// Is `set` acceptable under the named style?
fn accepted(style: Spacing, set: Set) -> bool {
    match style {
        Spacing::Nbsp => set == Set::Nbsp,
        Spacing::Space => set != Set::Glued,
        Spacing::None => set == Set::Glued,
        Spacing::Consistent | Spacing::Off => true,
    }
}

/// The style occurrences must follow: named, or the article's majority
/// (`None`: the article is consistent, the split is too even to name a
/// house style, or the check is off). `strict`: the majority must be at
/// least twice the minority (colons, `; ! ?`, `%`: edited copy mixes them
/// when several hands wrote it); otherwise a tie goes to the space
/// (guillemets: no house sets one side of a pair glued and the other
/// spaced). `spaced_elsewhere`: the article spaces its guillemets, so it is
/// set in French typography and a glued colon is the slip.
fn expected(
    style: Spacing,
    found: &[Spaced],
    strict: bool,
    spaced_elsewhere: bool,
) -> Option<Spacing> {
    match style {
        Spacing::Off => None,
        Spacing::Consistent => {
            let glued = found.iter().filter(|s| s.set == Set::Glued).count();
            let spaced = found.len() - glued;
            if spaced_elsewhere && glued > 0 {
                return Some(Spacing::Space);
            }
            if glued == 0 || spaced == 0 {
                None
            } else if strict {
                if spaced >= 2 * glued {
                    Some(Spacing::Space)
                } else if glued >= 2 * spaced {
                    Some(Spacing::None)
                } else {
                    None
                }
            } else if spaced >= glued {
                Some(Spacing::Space)
            } else {
                Some(Spacing::None)
            }
        }
        named => Some(named),
    }
}

impl TypographyEngine {
    #[allow(clippy::too_many_arguments)]
    fn spacing(
        &self,
        text: &str,
        found: Vec<Spaced>,
        census: &[Spaced],
        style: Spacing,
        what: &str,
        space: char,
        spaced_elsewhere: bool,
        rule: usize,
        out: &mut Vec<Finding>,
    ) {
        let strict = !matches!(self.check, Check::GuillemetOpen | Check::GuillemetClose);
        let Some(want) = expected(style, census, strict, spaced_elsewhere) else {
            return;
        };
        let total = census.len();
        let majority = census.iter().filter(|s| accepted(want, s.set)).count();
        let why = match style {
            Spacing::Consistent if spaced_elsewhere && want == Spacing::Space => {
                "the article spaces its guillemets: French typography".to_owned()
            }
            Spacing::Consistent if want == Spacing::None => {
                format!("{majority} of the article's {total} {what} have none")
            }
            Spacing::Consistent => format!("{majority} of the article's {total} {what} have one"),
            _ => "house style in .auditrc.toml [typography]".to_owned(),
        };
        let what_fr = match what {
            "colons" => "deux-points",
            "marks ; ! ?" => "signes ; ! ?",
            "percent signs" => "signes %",
            other => other,
        };
        let why_fr = match style {
            Spacing::Consistent if spaced_elsewhere && want == Spacing::Space => {
                "l’article espace ses guillemets : typographie française".to_owned()
            }
            Spacing::Consistent if want == Spacing::None => {
                format!("{majority} des {total} {what_fr} de l’article n’en ont pas")
            }
            Spacing::Consistent => {
                format!("{majority} des {total} {what_fr} de l’article en ont une")
            }
            _ => "style maison de .auditrc.toml [typography]".to_owned(),
        };
        let after = matches!(self.check, Check::GuillemetOpen);
        for s in found.iter().filter(|s| !accepted(want, s.set)) {
            let mark = &text[s.mark.clone()];
            let (span, replacement, message) = match want {
                Spacing::None => {
                    let span = if after {
                        s.mark.start..s.space.end
                    } else {
                        s.space.start..s.mark.end
                    };
                    (
                        span,
                        mark.to_owned(),
                        Localized::new(
                            format!("space {} “{mark}”: no space ({why})", side(after)),
                            format!(
                                "espace {} « {mark} » : pas d’espace ici ({why_fr})",
                                side_fr(after)
                            ),
                        ),
                    )
                }
                _ => {
                    let nb = space.to_string();
                    let (span, replacement) = if after {
                        (s.mark.start..s.space.end, format!("{mark}{nb}"))
                    } else {
                        (s.space.start..s.mark.end, format!("{nb}{mark}"))
                    };
                    let message = if s.set == Set::Glued {
                        Localized::new(
                            format!("no space {} “{mark}” ({why})", side(after)),
                            format!("pas d’espace {} « {mark} » ({why_fr})", side_fr(after)),
                        )
                    } else {
                        Localized::new(
                            format!(
                                "plain space {} “{mark}”: no-break space ({why})",
                                side(after)
                            ),
                            format!(
                                "espace ordinaire {} « {mark} » : mettez une espace insécable ({why_fr})",
                                side_fr(after)
                            ),
                        )
                    };
                    (span, replacement, message)
                }
            };
            out.push(Finding {
                rule,
                span,
                message: Some(message),
                fix: Some(Fix {
                    replacement,
                    applicability: Applicability::Unsafe,
                }),
                scope: Scope::Span,
            });
        }
    }

    /// Every glued occurrence of a machine-translated article whose
    /// consistency count names no style (see the module docs).
    fn machine_translated(&self, text: &str, t: &Typography, rule: usize, out: &mut Vec<Finding>) {
        let (style, marks, after): (Spacing, &[char], bool) = match self.check {
            Check::Colon => (t.colon_space, &[':'], false),
            Check::HighPunctuation => (t.high_punctuation_space, &[';', '!', '?'], false),
            Check::GuillemetOpen => (t.guillemet_space, &['«'], true),
            Check::GuillemetClose => (t.guillemet_space, &['«'], false),
            Check::DoubleHyphen => return double_hyphens(text, rule, out),
            Check::ThousandsDot => return thousands_dots(text, rule, out),
            Check::Percent | Check::Apostrophe | Check::Ordinal => return,
        };
        if style != Spacing::Consistent || !text.contains(marks) {
            return;
        }
        let (found, census, strict, elsewhere) = match self.check {
            Check::Colon => {
                let found = punctuation(text, b":");
                let census = body(text, &found, style);
                let elsewhere = text.contains('«') && {
                    let g = guillemets(text, true);
                    let spaced = g.iter().filter(|s| s.set != Set::Glued).count();
                    spaced > g.len() - spaced
                };
                (found, census, true, elsewhere)
            }
            Check::HighPunctuation => {
                let found = punctuation(text, b";!?");
                let census = body(text, &found, style);
                (found, census, true, false)
            }
            _ => {
                let open = self.check == Check::GuillemetOpen;
                let found = guillemets(text, open);
                let mut census = guillemets(text, !open);
                census.extend(found.iter().cloned());
                (found, census, false, false)
            }
        };
        if expected(style, &census, strict, elsewhere).is_some() {
            return;
        }
        let nb = if self.check == Check::HighPunctuation {
            '\u{202f}'
        } else {
            '\u{a0}'
        };
        for s in found.iter().filter(|s| s.set == Set::Glued) {
            let mark = &text[s.mark.clone()];
            let (span, replacement) = if after {
                (s.mark.start..s.space.end, format!("{mark}{nb}"))
            } else {
                (s.space.start..s.mark.end, format!("{nb}{mark}"))
            };
            out.push(Finding {
                rule,
                span,
                message: Some(Localized::new(
                    format!(
                        "no space {} “{mark}” in a machine-translated article: French typography puts a no-break space there",
                        side(after)
                    ),
                    format!(
                        "pas d’espace {} « {mark} » dans un article traduit par machine : la typographie française y met une espace insécable",
                        side_fr(after)
                    ),
                )),
                fix: Some(Fix {
                    replacement,
                    applicability: Applicability::Unsafe,
                }),
                scope: Scope::Span,
            });
        }
    }

    fn apostrophe(&self, text: &str, style: ApostropheStyle, rule: usize, out: &mut Vec<Finding>) {
        if style == ApostropheStyle::Off {
            return;
        }
        let found = apostrophes(text);
        let straight = found.iter().filter(|(_, s)| *s).count();
        let curly = found.len() - straight;
        let want_straight = match style {
            ApostropheStyle::Straight => true,
            ApostropheStyle::Typographic => false,
            ApostropheStyle::Off => return,
            ApostropheStyle::Consistent => {
                if straight == 0 || curly == 0 {
                    return;
                }
                straight > curly
            }
        };
        let (want, count) = if want_straight {
            ("'", straight)
        } else {
            ("’", curly)
        };
        let (why, why_fr) = if style == ApostropheStyle::Consistent {
            (
                format!(
                    "this article uses {want} in {count} of its {} elisions",
                    found.len()
                ),
                format!(
                    "cet article emploie {want} dans {count} de ses {} élisions",
                    found.len()
                ),
            )
        } else {
            (
                "house style in .auditrc.toml [typography]".to_owned(),
                "style maison de .auditrc.toml [typography]".to_owned(),
            )
        };
        for (span, is_straight) in found {
            if is_straight == want_straight {
                continue;
            }
            let got = &text[span.clone()];
            out.push(Finding {
                rule,
                span,
                message: Some(Localized::new(
                    format!("apostrophe {got}: write {want} ({why})"),
                    format!("apostrophe {got} : écrivez {want} ({why_fr})"),
                )),
                fix: Some(Fix {
                    replacement: want.to_owned(),
                    applicability: Applicability::Unsafe,
                }),
                scope: Scope::Span,
            });
        }
    }

    fn ordinal(&self, text: &str, style: OrdinalStyle, rule: usize, out: &mut Vec<Finding>) {
        if style == OrdinalStyle::Off {
            return;
        }
        let words = suffixed_numbers(text);
        let long = long_ordinals(text, &words);
        if long.is_empty() {
            return;
        }
        if style == OrdinalStyle::Consistent && short_ordinals(&words) < long.len() {
            return;
        }
        for (span, fix) in long {
            let got = &text[span.clone()];
            out.push(Finding {
                rule,
                span,
                message: Some(Localized::new(
                    format!("ordinal “{got}”: French abbreviates it “{fix}”"),
                    format!("ordinal « {got} » : l’abréviation française est « {fix} »"),
                )),
                fix: Some(Fix {
                    replacement: fix,
                    applicability: Applicability::Safe,
                }),
                scope: Scope::Span,
            });
        }
    }
}

/// Apostrophes between two letters, and whether each is straight. The
/// candidates are found with `memchr2` on `'` and on the last byte of `’`
/// (E2 80 99), so only the characters next to one are decoded.
fn apostrophes(text: &str) -> Vec<(Range<usize>, bool)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for i in memchr::memchr2_iter(b'\'', 0x99, bytes) {
        let (start, straight) = if bytes[i] == b'\'' {
            (i, true)
        } else if i >= 2 && bytes[i - 2] == 0xE2 && bytes[i - 1] == 0x80 {
            (i - 2, false)
        } else {
            continue;
        };
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
            && text[i + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
        {
            found.push((start..i + 1, straight));
        }
    }
    found
}

/// `--` standing for a dash between two words (`tir--il`, `points)--mais`):
/// not `---` nor a line of hyphens, nor `--option`.
fn double_hyphens(text: &str, rule: usize, out: &mut Vec<Finding>) {
    for (at, _) in text.match_indices("--") {
        let before = text[..at].chars().next_back();
        let after = text[at + 2..].chars().next();
        if !before.is_some_and(|c| c.is_alphanumeric() || matches!(c, ')' | '»' | '"' | '’'))
            || !after.is_some_and(|c| c.is_alphabetic() || c == '(')
        {
            continue;
        }
        out.push(Finding {
            rule,
            span: at..at + 2,
            message: None,
            fix: Some(Fix {
                replacement: " – ".to_owned(),
                applicability: Applicability::Unsafe,
            }),
            scope: Scope::Span,
        });
    }
}

/// Numbers grouped by dots in thousands, at least two groups (`1.448.655`;
/// not `1.500`, which may be a decimal, nor dates `02.03.2019`).
fn thousands_dots(text: &str, rule: usize, out: &mut Vec<Finding>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0
                && (bytes[i - 1].is_ascii_alphanumeric()
                    || matches!(bytes[i - 1], b'.' | b',' | b'/')))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i - start > 3 {
            continue;
        }
        let mut groups = 0;
        while i + 3 < bytes.len()
            && bytes[i] == b'.'
            && bytes[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && !bytes.get(i + 4).is_some_and(u8::is_ascii_digit)
        {
            groups += 1;
            i += 4;
        }
        let end = i;
        let glued = bytes.get(end).is_some_and(|&b| {
            b.is_ascii_alphanumeric()
                || (b == b'.' && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
        });
        if groups < 2 || glued {
            continue;
        }
        out.push(Finding {
            rule,
            span: start..end,
            message: None,
            fix: Some(Fix {
                replacement: text[start..end].replace('.', "\u{202f}"),
                applicability: Applicability::Unsafe,
            }),
            scope: Scope::Span,
        });
    }
}

/// Byte end of the title: the first non-blank line when it is short (a
/// headline). Headlines often follow another typography than the body
/// (`Coronavirus: …`).
fn title_end(text: &str) -> usize {
    let lead = text.len() - text.trim_start().len();
    let end = text[lead..].find('\n').map_or(text.len(), |i| lead + i);
    if text[end..].trim().is_empty() {
        return 0;
    }
    if text[lead..end].chars().count() <= 150 {
        end
    } else {
        0
    }
}

/// The occurrences that count in `"consistent"` mode: those after the
/// title (every occurrence under a named house style).
fn body(text: &str, found: &[Spaced], style: Spacing) -> Vec<Spaced> {
    if style != Spacing::Consistent {
        return found.to_vec();
    }
    let t = title_end(text);
    found
        .iter()
        .filter(|s| s.mark.start >= t)
        .cloned()
        .collect()
}

fn side(after: bool) -> &'static str {
    if after { "after" } else { "before" }
}

/// [`side`] in French.
fn side_fr(after: bool) -> &'static str {
    if after { "après" } else { "avant" }
}

/// The word (letters and digits) starting at `start`.
fn word_at(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    // ASCII letters and digits first, then characters one by one.
    let ascii = rest
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let end = rest[ascii..]
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(i, _)| ascii + i);
    &rest[..end]
}

/// Splits a word such as `12ème` into its number (digits or a Roman
/// numeral) and suffix.
fn split_number(word: &str) -> Option<(&str, &str)> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        return Some((&word[..digits], &word[digits..]));
    }
    let roman = word.len() - word.trim_start_matches(['I', 'V', 'X', 'L', 'C']).len();
    (roman > 0).then(|| (&word[..roman], &word[roman..]))
}

/// Word starts (after a non-alphanumeric character) of words starting with
/// a digit or a capital Roman numeral letter. The candidates are found
/// eight bytes at a time ([`next_marked`]); the character before one is
/// decoded only when it is not ASCII, and the rest of a word returned is
/// skipped (no word starts inside it).
fn number_words(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    const START: [bool; 256] = {
        let mut t = [false; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = matches!(i as u8, b'0'..=b'9' | b'I' | b'V' | b'X' | b'L' | b'C');
            i += 1;
        }
        t
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(at) = next_marked(&START, bytes, i) {
            i = at + 1;
            if at > 0 {
                let p = bytes[at - 1];
                let alnum = if p.is_ascii() {
                    p.is_ascii_alphanumeric()
                } else {
                    text[..at]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                };
                if alnum {
                    continue;
                }
            }
            let word = word_at(text, at);
            i = at + word.len().max(1);
            return Some((at, word));
        }
        None
    })
}

/// The [`number_words`] that may be ordinals, long or short: a number
/// followed by a suffix starting with `e`, `E`, `i`, `I`, `r` or `è`, `È`
/// (lead byte C3). Found in one pass for [`long_ordinals`] and
/// [`short_ordinals`]; the others (`2019`, `Le`, `Ce`) match neither.
fn suffixed_numbers(text: &str) -> Vec<(usize, &str)> {
    number_words(text)
        .filter(|(_, word)| {
            split_number(word).is_some_and(|(_, suffix)| {
                suffix
                    .as_bytes()
                    .first()
                    .is_some_and(|b| matches!(b, b'e' | b'E' | b'i' | b'I' | b'r' | 0xC3))
            })
        })
        .collect()
}

/// Long ordinal forms and their short fix.
fn long_ordinals(text: &str, words: &[(usize, &str)]) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    for &(at, word) in words {
        let Some((num, suffix)) = split_number(word) else {
            continue;
        };
        // Every long form's suffix lowercases to one starting with `e`,
        // `è` or `i`: only `e`, `E`, `i`, `I` and `è`, `È` (lead byte C3)
        // can give one, so no other suffix is lowercased.
        if !suffix
            .as_bytes()
            .first()
            .is_some_and(|b| matches!(b, b'e' | b'E' | b'i' | b'I' | 0xC3))
        {
            continue;
        }
        let roman = !num.as_bytes()[0].is_ascii_digit();
        let lower = suffix.to_lowercase();
        let (stem, plural) = match lower.strip_suffix('s') {
            Some(s) if !s.is_empty() => (s, "s"),
            _ => (lower.as_str(), ""),
        };
        let fix = match stem {
            "ème" | "ieme" | "ième" | "eme" => format!("{num}e{plural}"),
            "è" if !roman => format!("{num}e{plural}"),
            "ère" | "ere" if num == "1" => format!("1re{plural}"),
            "ier" if num == "1" => format!("1er{plural}"),
            _ => continue,
        };
        // A proper name: La 1ère (the overseas television network).
        let before = text[..at].trim_end_matches([' ', '\u{a0}']);
        if num == "1" && stem.starts_with(['è', 'e']) && before.ends_with("La") {
            continue;
        }
        out.push((at..at + word.len(), fix));
    }
    out
}

/// Number of short ordinal forms (`2e`, `1er`, `1re`, `XXe`).
fn short_ordinals(words: &[(usize, &str)]) -> usize {
    words
        .iter()
        .filter(|(_, word)| {
            split_number(word).is_some_and(|(num, suffix)| {
                let roman = !num.as_bytes()[0].is_ascii_digit();
                match suffix {
                    "e" | "es" => !roman || num.len() >= 2,
                    "er" | "re" | "ers" | "res" => num == "1" || num == "I",
                    _ => false,
                }
            })
        })
        .count()
}

impl Engine for TypographyEngine {
    fn needs_findings(&self) -> bool {
        self.machine_translation
    }

    fn check(
        &self,
        doc: &Document,
        cx: &EngineContext<'_>,
        rule: usize,
        prior: Prior<'_>,
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text();
        let t: &Typography = &cx.policy.typography;
        if self.machine_translation {
            if prior.kinds().any(|(_, cat, _)| cat == Category::Disclosure) {
                // Late rules run after the pass that drops French typography
                // on lines in another language: apply it here.
                let mut own = Vec::new();
                self.machine_translated(text, t, rule, &mut own);
                crate::lexicon::language::retain_native(doc, cx.lang, &mut own, |_| {
                    Category::Typography
                });
                out.append(&mut own);
            }
            return;
        }
        match self.check {
            Check::Colon => {
                if t.colon_space == Spacing::Off || !text.contains(':') {
                    return;
                }
                let found = punctuation(text, b":");
                let census = body(text, &found, t.colon_space);
                // Spaced guillemets: the article is set in French typography.
                let elsewhere = t.colon_space == Spacing::Consistent && text.contains('«') && {
                    let g = guillemets(text, true);
                    let spaced = g.iter().filter(|s| s.set != Set::Glued).count();
                    spaced > g.len() - spaced
                };
                let what = "colons";
                self.spacing(
                    text,
                    census.clone(),
                    &census,
                    t.colon_space,
                    what,
                    '\u{a0}',
                    elsewhere,
                    rule,
                    out,
                );
            }
            Check::HighPunctuation => {
                let s = t.high_punctuation_space;
                if s == Spacing::Off || memchr::memchr3(b';', b'!', b'?', text.as_bytes()).is_none()
                {
                    return;
                }
                let found = punctuation(text, b";!?");
                let census = body(text, &found, s);
                self.spacing(
                    text,
                    census.clone(),
                    &census,
                    s,
                    "marks ; ! ?",
                    '\u{202f}',
                    false,
                    rule,
                    out,
                );
            }
            Check::GuillemetOpen | Check::GuillemetClose => {
                let s = t.guillemet_space;
                if s == Spacing::Off || !text.contains('«') {
                    return;
                }
                let open = self.check == Check::GuillemetOpen;
                let found = guillemets(text, open);
                let mut census = guillemets(text, !open);
                census.extend(found.iter().cloned());
                self.spacing(
                    text,
                    found,
                    &census,
                    s,
                    "guillemets",
                    '\u{a0}',
                    false,
                    rule,
                    out,
                );
            }
            Check::Percent => {
                if t.percent_space == Spacing::Off || !text.contains('%') {
                    return;
                }
                let found = percents(text);
                let census = body(text, &found, t.percent_space);
                let what = "percent signs";
                self.spacing(
                    text,
                    census.clone(),
                    &census,
                    t.percent_space,
                    what,
                    '\u{a0}',
                    false,
                    rule,
                    out,
                );
            }
            Check::Apostrophe => self.apostrophe(text, t.apostrophe, rule, out),
            Check::Ordinal => self.ordinal(text, t.ordinal, rule, out),
            // Built only with `machine-translation = true` (see `build`).
            Check::DoubleHyphen | Check::ThousandsDot => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;
    use crate::engines::testing::run_engine;

    fn engine(check: &str) -> Box<dyn Engine> {
        let t: toml::Table = toml::from_str(&format!("check = \"{check}\"")).unwrap();
        build(&t).unwrap()
    }

    /// The scans before the byte-level fast paths, character by
    /// character: the reference the fast ones must agree with.
    mod slow {
        use super::super::*;

        pub fn punctuation(text: &str, marks: &[u8]) -> Vec<(Range<usize>, Range<usize>, Set)> {
            let bytes = text.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                if !marks.contains(&b) {
                    i += 1;
                    continue;
                }
                let start = i;
                let mut end = i + 1;
                while end < bytes.len() && matches!(bytes[end], b';' | b'!' | b'?' | b':') {
                    end += 1;
                }
                i = end;
                if start > 0 && matches!(bytes[start - 1], b';' | b'!' | b'?' | b':') {
                    continue;
                }
                if !ends_clause(text, end) {
                    continue;
                }
                let (space, set) = space_before(text, start);
                if !char_before_run(text, space.start).is_some_and(word_end) {
                    continue;
                }
                out.push((start..start + 1, space, set));
            }
            out
        }

        fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
            let mut pos = 0;
            std::iter::from_fn(move || {
                if pos >= text.len() {
                    return None;
                }
                let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
                let r = pos..end;
                pos = end + 1;
                Some(r)
            })
        }

        pub fn guillemets(text: &str, open: bool) -> Vec<(Range<usize>, Range<usize>, Set)> {
            let mut out = Vec::new();
            for line in lines(text) {
                let l = &text[line.clone()];
                if !l.contains('«') {
                    continue;
                }
                for (k, c) in l.char_indices() {
                    let at = line.start + k;
                    if open && c == '«' {
                        let (space, set) = space_after(text, at + 2);
                        if text[space.end..line.end].is_empty()
                            || text[space.end..].starts_with('»')
                        {
                            continue;
                        }
                        out.push((at..at + 2, space, set));
                    } else if !open && c == '»' {
                        let (space, set) = space_before(text, at);
                        if space.start <= line.start || text[..space.start].ends_with('«') {
                            continue;
                        }
                        out.push((at..at + 2, space, set));
                    }
                }
            }
            out
        }

        pub fn apostrophes(text: &str) -> Vec<(Range<usize>, bool)> {
            let mut found = Vec::new();
            let mut prev: Option<char> = None;
            let mut iter = text.char_indices().peekable();
            while let Some((i, c)) = iter.next() {
                if (c == '\'' || c == '’')
                    && prev.is_some_and(char::is_alphabetic)
                    && iter.peek().is_some_and(|&(_, n)| n.is_alphabetic())
                {
                    found.push((i..i + c.len_utf8(), c == '\''));
                }
                prev = Some(c);
            }
            found
        }

        pub fn number_words(text: &str) -> Vec<(usize, String)> {
            let bytes = text.as_bytes();
            (0..bytes.len())
                .filter_map(|i| {
                    let b = bytes[i];
                    if !(b.is_ascii_digit() || matches!(b, b'I' | b'V' | b'X' | b'L' | b'C')) {
                        return None;
                    }
                    if i > 0
                        && text[..i]
                            .chars()
                            .next_back()
                            .is_some_and(char::is_alphanumeric)
                    {
                        return None;
                    }
                    let rest = &text[i..];
                    let end = rest
                        .char_indices()
                        .find(|&(_, c)| !c.is_alphanumeric())
                        .map_or(rest.len(), |(k, _)| k);
                    Some((i, rest[..end].to_owned()))
                })
                .collect()
        }
    }

    #[test]
    fn fast_scans_agree_with_the_character_scans() {
        let pieces = [
            "a", "é", "Z", " ", "\u{a0}", "\u{202f}", "\t", "\n", ":", ";", "!", "?", "«", "»",
            "%", "'", "’", "\"", ")", "-", "2", "19", "ème", "e", "er", "XIX", "I", "C", "re",
            "ÈME", "ß", "٣", "ⅷ", "™", "ę", "\u{2019}", "http://x", "10:30",
        ];
        for s in crate::engines::testing::mixed_texts(&pieces, 4000, 30, 0x5eed_cafe_f00d_0001) {
            for marks in [&b":"[..], &b";!?"[..]] {
                let got: Vec<_> = punctuation(&s, marks)
                    .into_iter()
                    .map(|x| (x.mark, x.space, x.set))
                    .collect();
                assert_eq!(got, slow::punctuation(&s, marks), "{s:?}");
            }
            for open in [true, false] {
                let got: Vec<_> = guillemets(&s, open)
                    .into_iter()
                    .map(|x| (x.mark, x.space, x.set))
                    .collect();
                assert_eq!(got, slow::guillemets(&s, open), "{s:?} {open}");
            }
            assert_eq!(apostrophes(&s), slow::apostrophes(&s), "{s:?}");
            let got: Vec<_> = number_words(&s).map(|(i, w)| (i, w.to_owned())).collect();
            assert_eq!(got, slow::number_words(&s), "{s:?}");
        }
    }

    fn found(check: &str, policy: &Policy, text: &str) -> Vec<String> {
        let e = engine(check);
        let (doc, f) = run_engine(e.as_ref(), policy, text);
        f.into_iter()
            .map(|f| doc.text()[f.span].to_owned())
            .collect()
    }

    #[test]
    fn consistent_styles_are_quiet() {
        let p = Policy::default();
        let glued = "Il a dit: non. Elle a dit: oui. Pourquoi? Enfin!";
        assert!(found("colon", &p, glued).is_empty());
        assert!(found("high-punctuation", &p, glued).is_empty());
        let spaced = "Il a dit : non. Elle a dit\u{a0}: oui. Pourquoi ? Enfin !";
        assert!(found("colon", &p, spaced).is_empty());
        assert!(found("high-punctuation", &p, spaced).is_empty());
        let g = "Le «projet» et la «réforme» avancent.";
        assert!(found("guillemet-open", &p, g).is_empty());
        assert!(found("guillemet-close", &p, g).is_empty());
    }

    #[test]
    fn the_minority_is_reported() {
        let p = Policy::default();
        let t = "Il a dit : non. Elle a dit : oui. Le maire a dit: peut-être.";
        assert_eq!(found("colon", &p, t), [":"]);
        let t = "Il a dit: non. Elle a dit: oui. Le maire a dit : peut-être.";
        assert_eq!(found("colon", &p, t), [" :"]);
        // Too even a split names no house style.
        assert!(found("colon", &p, "A : b. C: d.").is_empty());
        // The title may follow its own style.
        let t = "Grève: le point\n\nIl a dit : non. Elle a dit : oui.";
        assert!(found("colon", &p, t).is_empty());
        // Spaced guillemets: French typography, a glued colon is a slip.
        let t = "Il a répondu: « Non. » Puis: « Jamais. »";
        assert_eq!(found("colon", &p, t), [":", ":"]);
        let t = "Le « projet » et la «réforme » avancent.";
        assert_eq!(found("guillemet-open", &p, t), ["«"]);
        assert!(found("guillemet-close", &p, t).is_empty());
        assert_eq!(found("percent", &p, "De 2 % à 3 %, puis 1% en mai."), ["%"]);
        let t = "L’homme d’État n’a pas dit l'inverse.";
        assert_eq!(found("apostrophe", &p, t), ["'"]);
    }

    #[test]
    fn a_named_house_style_reports_every_departure() {
        let mut p = Policy::default();
        p.typography.colon_space = Spacing::Nbsp;
        assert_eq!(
            found("colon", &p, "Il a dit: non. Elle a dit : oui."),
            [":", " :"]
        );
        p.typography.colon_space = Spacing::None;
        assert_eq!(
            found("colon", &p, "Il a dit: non. Elle a dit : oui."),
            [" :"]
        );
        p.typography.colon_space = Spacing::Off;
        assert!(found("colon", &p, "Il a dit: non. Elle a dit : oui.").is_empty());
        p.typography.apostrophe = ApostropheStyle::Typographic;
        assert_eq!(found("apostrophe", &p, "l'homme"), ["'"]);
    }

    #[test]
    fn times_urls_and_runs_do_not_count() {
        let p = Policy::default();
        let t = "À 10:30, voir https://exemple.fr et page?id=3. Quoi ?! Vraiment : oui.";
        assert!(found("colon", &p, t).is_empty());
        assert!(found("high-punctuation", &p, t).is_empty());
        let t = "Accueil » Monde » Europe\nIl a dit « oui ».";
        assert!(found("guillemet-close", &p, t).is_empty());
    }

    #[test]
    fn double_hyphens_and_dotted_thousands() {
        let spans = |f: fn(&str, usize, &mut Vec<Finding>), t: &str| {
            let mut out = Vec::new();
            f(t, 0, &mut out);
            out.into_iter()
                .map(|f| t[f.span].to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            spans(double_hyphens, "tirs--il a raté (deux)--mais"),
            ["--", "--"]
        );
        assert!(spans(double_hyphens, "--aide, ----, a -- b").is_empty());
        assert_eq!(
            spans(thousands_dots, "Il y a 1.448.655 voitures."),
            ["1.448.655"]
        );
        assert!(
            spans(
                thousands_dots,
                "Le 02.03.2019, 1.500 euros, 10.0.0.1, v2.100.300.4"
            )
            .is_empty()
        );
    }

    #[test]
    fn ordinals_follow_the_article() {
        let p = Policy::default();
        assert!(found("ordinal", &p, "Il a fini 3ème, puis 2ème.").is_empty());
        assert_eq!(
            found("ordinal", &p, "Au XXe siècle, il a fini 3ème, puis 2e."),
            ["3ème"]
        );
        let mut p = Policy::default();
        p.typography.ordinal = OrdinalStyle::Short;
        assert_eq!(
            found("ordinal", &p, "Elle a fini 1ère, sur La 1ère."),
            ["1ère"]
        );
        assert!(found("ordinal", &p, "Ce Ce Le 3e").is_empty());
    }
}
