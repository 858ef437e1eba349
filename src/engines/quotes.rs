//! # `quotes`: pairing quotation marks
//!
//! Pairs the double quotation marks of a French article, paragraph by
//! paragraph, and reports the marks that machine translation and careless
//! pasting leave broken. One engine serves several rules; the rule's
//! `check` option says which problems it reports:
//!
//! | `check` | what it reports | example |
//! |---|---|---|
//! | `unbalanced` | an opening mark never closed in its paragraph (named with the reporting clause it runs into), a closing mark with nothing open | `« Sommes-nous prêts ? a déclaré le ministre.` |
//! | `mismatched` | a pair opened with one style and closed with another | `“Durant les pourparlers … sur le terrain »` |
//! | `misplaced` | a closing mark after a colon and before a capitalised word (it should open); an opening mark glued after a word and before punctuation (it should close); a closing `”` glued before a word (it should open) | `dira:” Ça y est`, `possibles“.`, `a dit ”Oui` |
//! | `empty` | an empty pair | `“”`, `« »`, `""` |
//! | `mixed-style` | once per article: the first top-level quotation written in a minority style (« » against `"`; “ ” too when the house style is `curly` or `off`) | `« … »` everywhere, then `"Quatre missiles…"` |
//! | `top-level-style` | every top-level quotation in English “ ” (or, with a named house style, in any other style than the house's) | `il a dit “nous partirons”` |
//! | `single-quotes` | every English single quotation mark ‘ opening a quotation | `il a répondu ‘D’accord’` |
//!
//! ## Why it matters
//!
//! A quotation whose marks are lost or displaced changes who says what: the
//! reader cannot tell where the speaker's words stop and the journalist's
//! begin. MT systems move marks across segment boundaries (`dira:” Ça`),
//! leave empty pairs where the quoted words were, and stitch blocks quoted
//! in different styles into one article.
//!
//! ## How the pairing works
//!
//! - Marks: `«` `»` (guillemets), `“` `”` and `„` (curly), `"` (straight).
//!   Single marks (`‘ ’ ' ‹ ›`) are never reported: `’` and `'` are
//!   mostly apostrophes, and `‘…’` only nest inside double quotes.
//! - Straight `"` is ambiguous: after a space or the start of a line and
//!   before a non-space it opens; after a non-space and before a space or
//!   punctuation it closes; otherwise it closes an open `"` or opens one.
//!   A `"` right after `=` is markup (`href="…"`) and is skipped with its
//!   partner; a `"` after a digit with nothing open is an inch or second sign.
//! - Nesting is legitimate (`« … “ … ” … »`, `« … "…" … »`): a closing mark
//!   closes the innermost open mark of its own style, and the marks opened
//!   inside it and left open are reported as unclosed.
//! - The unit is the paragraph: lines up to a blank line, or each line
//!   when the article puts one paragraph per line with no blank line
//!   between (long lines holding several sentences, not hard-wrapped: see
//!   `document::lines_are_paragraphs`). A quotation
//!   still open when a paragraph ends continues into the next one when that
//!   one starts with `«` or `»` (the French convention for quotations
//!   spanning paragraphs), `“` or `"`, or when its first mark closes the
//!   open one (across a blank line, only a mark clearly in closing
//!   position); otherwise it is reported as unclosed.
//! - Inside a paragraph, a line that stops mid-sentence (hard-wrapped text)
//!   continues on the next line. A quotation left open at a line that ends
//!   a sentence is *not* reported (with one sentence per line, as in
//!   treebanks, it may go on in the next sentence), nor is a closing mark
//!   with nothing open on a later line of a paragraph: only a paragraph end
//!   is certain.
//! - An opening mark of a style already open, with a reporting clause
//!   (`, a déclaré`, `? a-t-il dit`) in between, means the first quotation
//!   was never closed: it is reported at once, naming the clause.
//! - When a paragraph has a misplaced or empty mark, its pairing is
//!   unreliable: the `unbalanced` and `mismatched` findings of that paragraph
//!   are left out (the misplaced mark is the one to fix).
//!
//! ## Mixed styles
//!
//! Only top-level quotations of at least `min-words` words, one of them in
//! lower case, count: nested quotes, one-word terms such as `"Sport"` and
//! names such as `"Iconic Sounds Electric"` legitimately use another style.
//! Quotations in the title (the first line), headings (a quotation that is
//! a whole line, without final punctuation) and on scraped ticker lines
//! (headlines separated by runs of spaces) do not count either. The
//! majority style wins (ties go to « », then `"`); the first quotation in
//! another style is reported, once per article.
//!
//! ## House style (`[typography]` in `.auditrc.toml`)
//!
//! `quotes = "consistent"` (default): « » and straight `"` (wire copy) are
//! both accepted at top level, and `mixed-style` reports an article that
//! mixes them; English “ ” at top level are reported on every occurrence
//! by `top-level-style` (French nests “ ” inside « », it never opens a
//! quotation with them), with « » as the fix, spaced the way the article
//! (or `guillemet-space`) spaces its guillemets. `quotes = "guillemets"`,
//! `"straight"` or `"curly"` names the only top-level style accepted;
//! `"off"` turns `top-level-style` and `single-quotes` off and lets “ ”
//! count in `mixed-style`.
//!
//! Not reported by `top-level-style` and `single-quotes`: an article that
//! is not mostly French (its function words), and a quotation that is
//! English (a quoted English title or phrase) or a run of capitalised
//! words (a title, a name).
//!
//! ## Fixes
//!
//! `mismatched` suggests (unsafe) closing with the opening mark's style.
//! The other checks suggest nothing: which mark is wrong, or what the lost
//! words were, needs the original.
//!
//! ## Options
//!
//! - `check` (required): `unbalanced`, `mismatched`, `misplaced`, `empty`,
//!   `mixed-style`, `top-level-style` or `single-quotes`.
//! - `styles` (`unbalanced` only, default all three): which marks to
//!   report, among `guillemets`, `curly` and `straight`. Straight `"` can
//!   only be paired by guessing, so a publication may report its broken
//!   pairs at a lower severity in a second rule.
//! - `min-words` (`mixed-style` only, default 4): shortest quotation that
//!   counts for the style census.
//! - `reporting-verbs` (`unbalanced` only): the reporting lexicon used to
//!   name the clause an unclosed quotation runs into (default: the built-in
//!   list of [`super::reporting`], which the `attribution` engine uses too;
//!   see the `attribution` engine for the syntax).
//!
//! ## Traps avoided
//!
//! Apostrophes (`l’homme`, `aujourd'hui`), nested quotes, spaced straight
//! quotes (`" texte "`), inch signs (`27"`), HTML attributes, quotations
//! continued over paragraphs, hard-wrapped text, treebank one-sentence-per-
//! line files.

use super::reporting::{Lexicon, is_inverted};
use super::{Engine, EngineContext, Prior};
use crate::config::{QuoteStyle, Spacing, Typography};
use crate::diagnostic::{Applicability, Finding, Fix, Scope};
use crate::document::{self, Document};
use crate::messages::Localized;
use serde::Deserialize;
use std::ops::Range;
use std::sync::Arc;

/// A quotation-mark style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// « »
    Guillemet,
    /// “ ” (and „)
    Curly,
    /// "
    Straight,
}

impl Style {
    fn pair(self) -> &'static str {
        match self {
            Style::Guillemet => "« »",
            Style::Curly => "“ ”",
            Style::Straight => "\" \"",
        }
    }
}

/// A well-formed (or mismatched) pair of marks.
#[derive(Debug, Clone)]
pub struct Quotation {
    /// The opening mark.
    pub open: Range<usize>,
    /// The closing mark.
    pub close: Range<usize>,
    /// Style of the opening mark.
    pub style: Style,
    /// Number of quotations open around this one.
    pub depth: usize,
    /// Opened with one style and closed with another.
    pub mismatched: bool,
}

/// What is wrong with a mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// An opening mark never closed; `clause` is the reporting clause it
    /// runs into, if one was seen before the paragraph ended.
    Unclosed {
        /// The opening mark.
        open: Range<usize>,
        /// Its style.
        style: Style,
        /// The reporting clause after it, if any.
        clause: Option<Range<usize>>,
    },
    /// A closing mark with nothing open.
    Stray {
        /// The closing mark.
        close: Range<usize>,
        /// Its style.
        style: Style,
    },
    /// A pair whose two marks have different styles.
    Mismatch {
        /// The opening mark.
        open: Range<usize>,
        /// Its style.
        open_style: Style,
        /// The closing mark.
        close: Range<usize>,
    },
    /// A closing mark after a colon, before a capitalised word.
    ColonCloser {
        /// The mark.
        mark: Range<usize>,
    },
    /// An opening mark glued after a word and before punctuation or a space.
    GluedOpener {
        /// The mark.
        mark: Range<usize>,
        /// The mark it closes, if one was open.
        pairs_with: Option<Range<usize>>,
    },
    /// A closing `”` used as an opening mark (`”Oui`).
    Reversed {
        /// The mark.
        mark: Range<usize>,
    },
    /// An empty pair.
    Empty {
        /// Both marks and what is between them.
        span: Range<usize>,
    },
}

/// The marks of a document, paired.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every pair, in order of their closing mark.
    pub quotations: Vec<Quotation>,
    /// Every problem, in text order of discovery.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open(Style),
    Close(Style),
    Straight,
}

fn mark_at(bytes: &[u8], j: usize) -> Option<(Mark, usize)> {
    match bytes[j] {
        b'"' => Some((Mark::Straight, 1)),
        0xC2 => match bytes.get(j + 1) {
            Some(0xAB) => Some((Mark::Open(Style::Guillemet), 2)),
            Some(0xBB) => Some((Mark::Close(Style::Guillemet), 2)),
            _ => None,
        },
        0xE2 if bytes.get(j + 1) == Some(&0x80) => match bytes.get(j + 2) {
            Some(0x9C) | Some(0x9E) => Some((Mark::Open(Style::Curly), 3)),
            Some(0x9D) => Some((Mark::Close(Style::Curly), 3)),
            _ => None,
        },
        _ => None,
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

/// A character after which a mark is in opening position.
fn opens_after(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        is_space(c) || matches!(c, '(' | '[' | '{' | '—' | '–' | '«' | '“' | '„' | '/' | '"')
    })
}

/// A character before which a mark is in closing position.
fn closes_before(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        is_space(c)
            || matches!(
                c,
                '.' | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | ')'
                    | ']'
                    | '}'
                    | '…'
                    | '»'
                    | '”'
                    | '—'
                    | '–'
                    | '"'
            )
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Opening,
    Closing,
    Unknown,
}

fn position(prev: Option<char>, next: Option<char>) -> Position {
    match (opens_after(prev), closes_before(next)) {
        (true, false) => Position::Opening,
        (false, true) => Position::Closing,
        _ => Position::Unknown,
    }
}

/// Deepest nesting kept on the stack.
const MAX_DEPTH: usize = 16;

#[derive(Debug, Clone)]
struct Open {
    at: Range<usize>,
    style: Style,
}

/// The line holding byte `at` (without its terminator).
fn line_around(text: &str, at: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    line_from(text, start)
}

/// The line starting at byte `start` (without its terminator).
fn line_from(text: &str, start: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut end = memchr::memchr(b'\n', &bytes[start..]).map_or(text.len(), |i| start + i);
    if end > start && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    start..end
}

/// Start of the line after the line `line` (None at the end of the text).
fn next_line_start(text: &str, line: &Range<usize>) -> Option<usize> {
    let bytes = text.as_bytes();
    let nl = line.end + usize::from(bytes.get(line.end) == Some(&b'\r'));
    (nl < text.len()).then_some(nl + 1)
}

fn is_blank(text: &str, line: &Range<usize>) -> bool {
    text[line.clone()].trim().is_empty()
}

/// Is the line starting at `start` the first of its paragraph (the line
/// before it is blank, or there is none)?
fn starts_paragraph(text: &str, start: usize) -> bool {
    if start == 0 {
        return true;
    }
    // text[start - 1] is the '\n' ending the previous line.
    let before = text[..start - 1].trim_end_matches([' ', '\t', '\r', '\u{a0}']);
    before.is_empty() || before.ends_with('\n')
}

/// Is the line holding byte `at` a scraped ticker (headlines separated by
/// runs of spaces)? Quotations there are headlines, not the article's.
pub fn on_ticker_line(text: &str, at: usize) -> bool {
    is_ticker(&text[near_line(text, at)])
}

/// Is this line a scraped ticker (headlines separated by runs of spaces)?
fn is_ticker(line: &str) -> bool {
    // Byte scan: runs of three or more spaces, tabs or no-break spaces.
    let b = line.trim().as_bytes();
    // Without a tab or a no-break space, a run is three plain spaces, so
    // a line without two spaces in a row has none (three SIMD searches
    // instead of the loop over every byte, for nearly every line).
    if memchr::memchr(b'\t', b).is_none()
        && memchr::memmem::find(b, "\u{a0}".as_bytes()).is_none()
        && memchr::memmem::find(b, b"  ").is_none()
    {
        return false;
    }
    let mut runs = 0;
    let mut spaces = 0;
    let mut i = 0;
    while i < b.len() {
        let w = match b[i] {
            b' ' | b'\t' => 1,
            0xC2 if b.get(i + 1) == Some(&0xA0) => 2,
            _ => 0,
        };
        if w == 0 {
            spaces = 0;
            i += 1;
            continue;
        }
        spaces += 1;
        i += w;
        if spaces == 3 {
            runs += 1;
            if runs >= 2 {
                return true;
            }
        }
    }
    false
}

/// First non-space character of `text[range]` and its offset.
fn first_char(text: &str, range: Range<usize>) -> Option<(usize, char)> {
    text[range.clone()]
        .char_indices()
        .find(|&(_, c)| !is_space(c))
        .map(|(i, c)| (range.start + i, c))
}

/// The first double quotation mark of a line, with its position class.
fn first_mark(text: &str, range: Range<usize>) -> Option<(Mark, Position)> {
    let bytes = text.as_bytes();
    let mut j = range.start;
    while j < range.end {
        if let Some((m, len)) = mark_at(bytes, j) {
            let prev = text[range.start..j].chars().next_back();
            let next = text[j + len..range.end].chars().next();
            return Some((m, position(prev, next)));
        }
        j += 1;
    }
    None
}

struct Scanner<'a> {
    text: &'a str,
    lex: &'a Lexicon,
    stack: Vec<Open>,
    /// Pairing problems of the current unit, committed when it ends.
    pending: Vec<Problem>,
    /// The current unit has a misplaced or empty mark.
    mangled: bool,
    /// The current line starts a paragraph.
    para_start: bool,
    out: Scan,
}

impl Scanner<'_> {
    fn push_open(&mut self, at: Range<usize>, style: Style) {
        // The same style already open with a reporting clause in between:
        // the first quotation was never closed (`« A ? a déclaré X. « B. »`).
        if let Some(top) = self.stack.last()
            && top.style == style
            && style != Style::Straight
            && let Some(clause) = reporting_clause(self.text, top.at.end..at.start, self.lex)
        {
            let top = self.stack.pop().map(|o| o.at).unwrap_or(at.clone());
            self.pending.push(Problem::Unclosed {
                open: top,
                style,
                clause: Some(clause),
            });
        }
        // No text nests quotations this deep: the oldest one was never
        // closed (and a bounded stack keeps closing marks cheap).
        if self.stack.len() >= MAX_DEPTH {
            let o = self.stack.remove(0);
            self.pending.push(Problem::Unclosed {
                open: o.at,
                style: o.style,
                clause: None,
            });
        }
        self.stack.push(Open { at, style });
    }

    fn close(&mut self, at: Range<usize>, style: Style, clear: bool) {
        let depth_of = self.stack.iter().rposition(|o| o.style == style);
        match depth_of {
            Some(d) => {
                while self.stack.len() > d + 1 {
                    if let Some(inner) = self.stack.pop() {
                        self.pending.push(Problem::Unclosed {
                            open: inner.at,
                            style: inner.style,
                            clause: None,
                        });
                    }
                }
                if let Some(o) = self.stack.pop() {
                    self.out.quotations.push(Quotation {
                        open: o.at,
                        close: at,
                        style,
                        depth: d,
                        mismatched: false,
                    });
                }
            }
            None if style == Style::Straight && !clear => {
                // An ambiguous straight mark with nothing of its style open: it opens.
                self.push_open(at, style);
            }
            None => match self.stack.pop() {
                Some(o) => {
                    self.pending.push(Problem::Mismatch {
                        open: o.at.clone(),
                        open_style: o.style,
                        close: at.clone(),
                    });
                    let depth = self.stack.len();
                    self.out.quotations.push(Quotation {
                        open: o.at,
                        close: at,
                        style: o.style,
                        depth,
                        mismatched: true,
                    });
                }
                // On a later line of a paragraph, the quotation may have
                // opened in an earlier sentence (a sentence per line).
                None if self.para_start => self.pending.push(Problem::Stray { close: at, style }),
                None => {}
            },
        }
    }

    /// Ends a unit: what is still open is unclosed; pairing problems are
    /// kept unless a misplaced mark explains them.
    fn flush(&mut self, unit_end: usize, certain: bool) {
        let opens: Vec<Open> = self.stack.drain(..).collect();
        // Inside a paragraph (a sentence per line), the quotation may go on
        // in the next sentence: only a paragraph end is certain.
        if certain {
            let ends: Vec<usize> = opens
                .iter()
                .skip(1)
                .map(|o| o.at.start)
                .chain([unit_end])
                .collect();
            for (o, end) in opens.into_iter().zip(ends) {
                // The clause right after the opening mark, before the next one.
                let end = floor_boundary(self.text, end.min(o.at.end + WINDOW)).max(o.at.end);
                let clause = reporting_clause(self.text, o.at.end..end, self.lex);
                self.pending.push(Problem::Unclosed {
                    open: o.at,
                    style: o.style,
                    clause,
                });
            }
        }
        if !self.mangled {
            self.out.problems.append(&mut self.pending);
        }
        self.pending.clear();
        self.mangled = false;
    }

    fn line(&mut self, range: Range<usize>, skip: Option<usize>) {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut j = range.start;
        let mut skip_until = skip.map_or(0, |s| s + 1);
        while j < range.end {
            let Some(k) = memchr::memchr3(b'"', 0xC2, 0xE2, &bytes[j..range.end]) else {
                break;
            };
            j += k;
            let Some((mark, len)) = mark_at(bytes, j) else {
                j += 1;
                continue;
            };
            let at = j..j + len;
            j += len;
            if at.start < skip_until {
                continue;
            }
            let prev = text[range.start..at.start].chars().next_back();
            let next = text[at.end..range.end].chars().next();
            let pos = position(prev, next);
            match mark {
                Mark::Straight => {
                    if prev == Some('=') {
                        // Markup attribute: skip it and its partner.
                        let lim = floor_boundary(text, (at.end + 256).min(range.end));
                        if let Some(k) = memchr::memchr(b'"', &bytes[at.end..lim]) {
                            skip_until = at.end + k + 1;
                        }
                        continue;
                    }
                    if next == Some('"')
                        && opens_after(prev)
                        && closes_before(text[at.end + 1..range.end].chars().next())
                    {
                        self.out.problems.push(Problem::Empty {
                            span: at.start..at.end + 1,
                        });
                        self.mangled = true;
                        j += 1;
                        continue;
                    }
                    match pos {
                        Position::Opening => self.push_open(at, Style::Straight),
                        Position::Closing => {
                            let open = self.stack.iter().any(|o| o.style == Style::Straight);
                            if !open && prev.is_some_and(|c| c.is_ascii_digit()) {
                                continue; // 27" (inches), 12'30" (seconds)
                            }
                            self.close(at, Style::Straight, true)
                        }
                        Position::Unknown => self.close(at, Style::Straight, false),
                    }
                }
                Mark::Open(style) => {
                    // Empty pair: an opening mark, optional spaces, a closing mark.
                    let after = &text[at.end..range.end];
                    let inner = after.len() - after.trim_start_matches(is_space).len();
                    let k = at.end + inner;
                    if let Some((m2, len2)) = (k < range.end).then(|| mark_at(bytes, k)).flatten()
                        && (matches!(m2, Mark::Close(_))
                            || m2 == Mark::Straight && style == Style::Curly
                            // „“, the German pair
                            || &text[at.clone()] == "„" && text[k..].starts_with('“'))
                    {
                        self.out.problems.push(Problem::Empty {
                            span: at.start..k + len2,
                        });
                        self.mangled = true;
                        j = k + len2;
                        continue;
                    }
                    // Glued after a word and followed by punctuation (or, for
                    // curly marks, a space): it is in closing position.
                    let glued = prev.is_some_and(char::is_alphanumeric)
                        && match style {
                            Style::Guillemet => next.is_none_or(|c| {
                                matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '…')
                            }),
                            _ => closes_before(next),
                        };
                    if glued {
                        let pairs_with = match self.stack.last() {
                            Some(o) if o.style == style => {
                                let o = self.stack.pop();
                                o.map(|o| {
                                    let depth = self.stack.len();
                                    self.out.quotations.push(Quotation {
                                        open: o.at.clone(),
                                        close: at.clone(),
                                        style,
                                        depth,
                                        mismatched: true,
                                    });
                                    o.at
                                })
                            }
                            _ => None,
                        };
                        self.out.problems.push(Problem::GluedOpener {
                            mark: at,
                            pairs_with,
                        });
                        self.mangled = true;
                        continue;
                    }
                    self.push_open(at, style);
                }
                Mark::Close(style) => {
                    // After a colon, before a capitalised word: it should open.
                    let before = text[range.start..at.start].trim_end_matches(is_space);
                    let after = text[at.end..range.end].trim_start_matches(is_space);
                    if before.ends_with(':') && after.chars().next().is_some_and(char::is_uppercase)
                    {
                        self.out
                            .problems
                            .push(Problem::ColonCloser { mark: at.clone() });
                        self.mangled = true;
                        self.stack.push(Open { at, style });
                        continue;
                    }
                    // `”Oui`: a closing curly mark in opening position.
                    if style == Style::Curly
                        && opens_after(prev)
                        && next.is_some_and(char::is_alphanumeric)
                        && !self.stack.iter().any(|o| o.style == Style::Curly)
                    {
                        self.out
                            .problems
                            .push(Problem::Reversed { mark: at.clone() });
                        self.mangled = true;
                        self.stack.push(Open { at, style });
                        continue;
                    }
                    self.close(at, style, true);
                }
            }
        }
    }
}

/// Pairs the double quotation marks of `text` (see the module docs).
/// `lex` is the reporting lexicon used to name the clause an unclosed
/// quotation runs into.
pub fn scan(text: &str, lex: &Lexicon) -> Scan {
    let mut s = Scanner {
        text,
        lex,
        stack: Vec::new(),
        pending: Vec::new(),
        mangled: false,
        para_start: true,
        out: Scan::default(),
    };
    let bytes = text.as_bytes();
    let per_line = document::lines_are_paragraphs(text);
    let mut pos = 0;
    let mut skip: Option<usize> = None;
    let mut carried: Option<Range<usize>> = None;
    loop {
        // The carried line, or the next line with a candidate mark.
        let line = match carried.take() {
            Some(l) => l,
            None => {
                let Some(k) = memchr::memchr3(b'"', 0xC2, 0xE2, &bytes[pos..]) else {
                    break;
                };
                let j = pos + k;
                if mark_at(bytes, j).is_none() {
                    pos = j + 1;
                    continue;
                }
                line_around(text, j)
            }
        };
        s.para_start = per_line || starts_paragraph(text, line.start);
        s.line(line.clone(), skip.take());
        pos = next_line_start(text, &line).unwrap_or(text.len());
        if s.stack.is_empty() {
            s.flush(line.end, true);
            continue;
        }
        // Still open at the end of the line: does the quotation go on?
        let mut next: Option<Range<usize>> = None;
        let mut para_end = false;
        let mut at = next_line_start(text, &line);
        while let Some(st) = at {
            let l = line_from(text, st);
            if !is_blank(text, &l) {
                next = Some(l);
                break;
            }
            para_end = true;
            at = next_line_start(text, &l);
        }
        // With one paragraph per line, every line break ends a paragraph
        // (a soft one: no blank line).
        let blank_between = para_end;
        let para_end = para_end || next.is_none() || per_line;
        let mut carry = false;
        if let (Some(next), Some(top)) = (next.clone(), s.stack.last()) {
            let style = top.style;
            if let Some((at, c)) = first_char(text, next.clone()) {
                // The French convention: each paragraph of a long quotation
                // reopens with « (or »).
                let reopens = match style {
                    Style::Guillemet => c == '«' || c == '»',
                    Style::Curly => c == '“' || c == '„',
                    Style::Straight => c == '"',
                };
                if reopens && para_end {
                    carry = true;
                    skip = Some(at);
                }
            }
            if !carry && !para_end {
                // A hard-wrapped line (it stops mid-sentence).
                let end = text[line.clone()].trim_end();
                carry = !end.ends_with(['.', '!', '?', '…', ':', ';']);
            }
            if !carry {
                // The next line or paragraph's first mark closes it. Across
                // a blank line the mark must be clearly in closing position.
                carry = match first_mark(text, next.clone()) {
                    Some((Mark::Close(st), p)) => {
                        st == style && (!blank_between || p == Position::Closing)
                    }
                    Some((Mark::Straight, p)) => {
                        style == Style::Straight
                            && if blank_between {
                                p == Position::Closing
                            } else {
                                p != Position::Opening
                            }
                    }
                    _ => false,
                };
            }
            if carry {
                carried = Some(next);
            }
        }
        if !carry {
            s.flush(line.end, para_end);
        }
    }
    s.flush(text.len(), true);
    s.out
}

/// A document's [`scan`] with the lexicon it was made with.
pub struct SharedScan {
    lex: Arc<Lexicon>,
    /// The scan.
    pub scan: Scan,
}

/// [`scan`] of the document's text, computed once per document for every
/// rule scanning with an equal lexicon: the six `quotes` rules and the
/// `attribution` quote-speaker rule would otherwise pair the same marks
/// seven times.
pub fn scan_shared(doc: &Document, lex: &Arc<Lexicon>) -> Arc<SharedScan> {
    doc.memo(
        |s: &SharedScan| Arc::ptr_eq(&s.lex, lex) || *s.lex == **lex,
        || SharedScan {
            lex: lex.clone(),
            scan: scan(doc.text(), lex),
        },
    )
}

/// The first reporting clause in `text[range]`: a reporting form right
/// after punctuation (`? a déclaré`, `, affirme-t-il`, `, selon`), possibly
/// after an auxiliary. Returns its span.
pub fn reporting_clause(text: &str, range: Range<usize>, lex: &Lexicon) -> Option<Range<usize>> {
    let seg = text.get(range.clone())?;
    let mut after_punct = false;
    let mut last_end = 0;
    let mut pending_aux: Option<usize> = None;
    for w in document::words(seg) {
        let gap = &seg[last_end..w.start];
        if gap.chars().any(|c| {
            matches!(
                c,
                ',' | '.' | '?' | '!' | '…' | ';' | '—' | '–' | '»' | '”' | '"'
            )
        }) {
            after_punct = true;
            pending_aux = None;
        }
        last_end = w.end;
        let word = &seg[w.clone()];
        if pending_aux.is_some() || after_punct {
            if lex.is_reporting(word) || is_inverted(word) {
                let start = pending_aux.unwrap_or(w.start);
                return Some(range.start + start..range.start + w.end);
            }
            if pending_aux.is_none() && is_auxiliary(word) {
                pending_aux = Some(w.start);
                after_punct = false;
                continue;
            }
        }
        after_punct = false;
        pending_aux = None;
    }
    None
}

fn is_auxiliary(word: &str) -> bool {
    const AUX: &[&str] = &[
        "a", "ont", "avait", "avaient", "aurait", "auraient", "avons", "avez", "ai", "as",
    ];
    AUX.iter().any(|a| word.eq_ignore_ascii_case(a))
}

/// What a rule built on this engine reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Check {
    Unbalanced,
    Mismatched,
    Misplaced,
    Empty,
    MixedStyle,
    TopLevelStyle,
    SingleQuotes,
}

/// A style name in the `styles` option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum StyleName {
    Guillemets,
    Curly,
    Straight,
}

impl StyleName {
    fn style(self) -> Style {
        match self {
            StyleName::Guillemets => Style::Guillemet,
            StyleName::Curly => Style::Curly,
            StyleName::Straight => Style::Straight,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    check: Check,
    styles: Option<Vec<StyleName>>,
    min_words: Option<usize>,
    reporting_verbs: Option<Vec<String>>,
}

/// The engine.
pub struct Quotes {
    check: Check,
    styles: Vec<Style>,
    min_words: usize,
    lex: Arc<Lexicon>,
}

/// Builds the engine from its options.
pub fn build(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    let o: Options = super::options(table)?;
    if o.min_words.is_some() && o.check != Check::MixedStyle {
        return Err("`min-words` applies only to `check = \"mixed-style\"`".into());
    }
    if o.reporting_verbs.is_some() && o.check != Check::Unbalanced {
        return Err("`reporting-verbs` applies only to `check = \"unbalanced\"`".into());
    }
    if o.styles.is_some() && o.check != Check::Unbalanced {
        return Err("`styles` applies only to `check = \"unbalanced\"`".into());
    }
    let styles: Vec<Style> = match &o.styles {
        Some(v) if v.is_empty() => return Err("`styles` must name at least one style".into()),
        Some(v) => v.iter().map(|s| s.style()).collect(),
        None => vec![Style::Guillemet, Style::Curly, Style::Straight],
    };
    let lex = match &o.reporting_verbs {
        Some(list) => Arc::new(Lexicon::new(list)?),
        None => Lexicon::shared_default(),
    };
    Ok(Box::new(Quotes {
        check: o.check,
        styles,
        min_words: o.min_words.unwrap_or(4),
        lex,
    }))
}

/// `text[at]` plus the word after it (an opening mark) or before it (a
/// closing mark), so the editor sees which quotation is meant.
fn with_word_after(text: &str, at: &Range<usize>, line_end: usize) -> Range<usize> {
    let rest = &text[at.end..line_end];
    let lead = rest.len() - rest.trim_start_matches(is_space).len();
    match document::words(&rest[lead..]).next() {
        Some(w) if w.start == 0 => at.start..at.end + lead + w.end,
        _ => at.clone(),
    }
}

fn with_word_before(text: &str, at: &Range<usize>, line_start: usize) -> Range<usize> {
    let before = &text[line_start..at.start];
    let trimmed = before.trim_end_matches(is_space);
    let word_start = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '-' || c == '’' || c == '\'')
        .last()
        .map(|(i, _)| i);
    match word_start {
        Some(i) if i < trimmed.len() => line_start + i..at.end,
        _ => at.clone(),
    }
}

/// A short excerpt of `text` from `at` (for messages).
fn excerpt(text: &str, start: usize, max_chars: usize) -> String {
    let s = &text[start..near_line(text, start).end.max(start)];
    let mut out: String = s.chars().take(max_chars).collect();
    if s.chars().count() > max_chars {
        out.push('…');
    }
    out.trim_end().to_owned()
}

fn line_bounds(text: &str, at: usize) -> Range<usize> {
    near_line(text, at)
}

/// How far a finding's context may reach on each side of a mark: findings
/// only need a few words around it, and a bounded window keeps a document
/// made of one enormous line linear.
const WINDOW: usize = 2048;

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The line holding byte `at`, clipped to [`WINDOW`] bytes on each side.
pub fn near_line(text: &str, at: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let at = floor_boundary(text, at);
    let lo = floor_boundary(text, at.saturating_sub(WINDOW));
    let hi = floor_boundary(text, at.saturating_add(WINDOW));
    let start = memchr::memrchr(b'\n', &bytes[lo..at]).map_or(lo, |i| lo + i + 1);
    let mut end = memchr::memchr(b'\n', &bytes[at..hi]).map_or(hi, |i| at + i);
    if end > start && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    start..end.max(start)
}

fn finding(rule: usize, span: Range<usize>, message: Localized) -> Finding {
    Finding {
        rule,
        span,
        message: Some(message),
        fix: None,
        scope: Scope::Span,
    }
}

fn mark_str(text: &str, r: &Range<usize>) -> String {
    text.get(r.clone()).unwrap_or("").to_owned()
}

impl Engine for Quotes {
    fn check(
        &self,
        doc: &Document,
        cx: &EngineContext<'_>,
        rule: usize,
        _prior: Prior<'_>,
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text();
        if !text.bytes().any(|b| b == b'"' || b == 0xC2 || b == 0xE2) {
            return;
        }
        let house = cx.policy.typography.quotes;
        if self.check == Check::SingleQuotes {
            if house != QuoteStyle::Off && is_french_doc(doc) {
                single_quotes(text, rule, out);
            }
            return;
        }
        let shared = scan_shared(doc, &self.lex);
        let scan = &shared.scan;
        if self.check == Check::MixedStyle {
            // English “ ” are reported on every occurrence by the
            // top-level-style check unless the house uses them.
            let curly_counts = matches!(house, QuoteStyle::Curly | QuoteStyle::Off);
            self.mixed_style(text, scan, curly_counts, rule, out);
            return;
        }
        if self.check == Check::TopLevelStyle {
            if house != QuoteStyle::Off && is_french_doc(doc) {
                top_level_style(text, scan, &cx.policy.typography, rule, out);
            }
            return;
        }
        for p in &scan.problems {
            match (self.check, p) {
                (
                    Check::Unbalanced,
                    Problem::Unclosed { style, .. } | Problem::Stray { style, .. },
                ) if !self.styles.contains(style) => {}
                (Check::Unbalanced, Problem::Unclosed { open, clause, .. }) => {
                    let lb = line_bounds(text, open.start);
                    let span = with_word_after(text, open, lb.end);
                    let m = mark_str(text, open);
                    let msg = match clause {
                        Some(c) => Localized::new(
                            format!(
                                "quotation opened with {m} is never closed before the reporting clause “{}”; close it before the clause",
                                &text[c.clone()]
                            ),
                            format!(
                                "citation ouverte par {m} jamais fermée avant l’incise « {} » ; fermez-la avant l’incise",
                                &text[c.clone()]
                            ),
                        ),
                        None => Localized::new(
                            format!("quotation opened with {m} is never closed in this paragraph"),
                            format!("citation ouverte par {m} jamais fermée dans ce paragraphe"),
                        ),
                    };
                    out.push(finding(rule, span, msg));
                }
                (Check::Unbalanced, Problem::Stray { close, .. }) => {
                    let lb = line_bounds(text, close.start);
                    let span = with_word_before(text, close, lb.start);
                    let m = mark_str(text, close);
                    out.push(finding(
                        rule,
                        span,
                        Localized::new(
                            format!("closing {m} with no opening mark before it in this paragraph"),
                            format!(
                                "{m} fermant sans guillemet ouvrant avant lui dans ce paragraphe"
                            ),
                        ),
                    ));
                }
                (
                    Check::Mismatched,
                    Problem::Mismatch {
                        open,
                        open_style,
                        close,
                    },
                ) => {
                    let lb = line_bounds(text, close.start);
                    let span = with_word_before(text, close, lb.start.max(open.end));
                    let c = mark_str(text, close);
                    // The fix: the closing mark of the opening one's style,
                    // spaced the way that style is.
                    let word = text[span.start..close.start].trim_end_matches(is_space);
                    let replacement = match open_style {
                        Style::Guillemet => {
                            let gap = &text[span.start + word.len()..close.start];
                            format!("{word}{}»", if gap.is_empty() { "\u{a0}" } else { gap })
                        }
                        Style::Curly => format!("{word}”"),
                        Style::Straight => format!("{word}\""),
                    };
                    let mut f = finding(
                        rule,
                        span,
                        Localized::new(
                            format!(
                                "quotation opened with {} (“{}”) is closed with {c}; use {} on both sides",
                                mark_str(text, open),
                                excerpt(text, open.start, 24),
                                open_style.pair()
                            ),
                            format!(
                                "citation ouverte par {} (« {} ») et fermée par {c} ; utilisez {} des deux côtés",
                                mark_str(text, open),
                                excerpt(text, open.start, 24),
                                open_style.pair()
                            ),
                        ),
                    );
                    f.fix = Some(Fix {
                        replacement,
                        applicability: Applicability::Unsafe,
                    });
                    out.push(f);
                }
                (Check::Misplaced, Problem::ColonCloser { mark }) => {
                    let lb = line_bounds(text, mark.start);
                    let start = text[lb.start..mark.start]
                        .trim_end_matches(is_space)
                        .len()
                        .saturating_sub(1)
                        + lb.start;
                    let start = if text[start..].starts_with(':') {
                        start
                    } else {
                        mark.start
                    };
                    let span = with_word_before(text, &(start..mark.end), lb.start);
                    let m = mark_str(text, mark);
                    out.push(finding(
                        rule,
                        span,
                        Localized::new(
                            format!(
                                "closing {m} after a colon, before a capitalised word: the quotation seems to open here; use an opening mark"
                            ),
                            format!(
                                "{m} fermant après un deux-points, devant une majuscule : la citation semble s’ouvrir ici ; mettez un guillemet ouvrant"
                            ),
                        ),
                    ));
                }
                (Check::Misplaced, Problem::GluedOpener { mark, pairs_with }) => {
                    let lb = line_bounds(text, mark.start);
                    let span = with_word_before(text, mark, lb.start);
                    let m = mark_str(text, mark);
                    let msg = match pairs_with {
                        Some(o) => Localized::new(
                            format!(
                                "opening {m} used as a closing mark (it ends the quotation “{}”)",
                                excerpt(text, o.start, 24)
                            ),
                            format!(
                                "{m} ouvrant employé comme guillemet fermant (il termine la citation « {} »)",
                                excerpt(text, o.start, 24)
                            ),
                        ),
                        None => Localized::new(
                            format!(
                                "opening {m} glued after a word, before punctuation: it opens nothing; a misplaced closing mark?"
                            ),
                            format!(
                                "{m} ouvrant collé après un mot, devant une ponctuation : il n’ouvre rien ; un guillemet fermant mal placé ?"
                            ),
                        ),
                    };
                    out.push(finding(rule, span, msg));
                }
                (Check::Misplaced, Problem::Reversed { mark }) => {
                    let lb = line_bounds(text, mark.start);
                    let span = with_word_after(text, mark, lb.end);
                    let m = mark_str(text, mark);
                    out.push(finding(
                        rule,
                        span,
                        Localized::new(
                            format!("closing {m} used as an opening mark; write “"),
                            format!("{m} fermant employé comme guillemet ouvrant ; écrivez “"),
                        ),
                    ));
                }
                (Check::Empty, Problem::Empty { span }) => {
                    out.push(finding(
                        rule,
                        span.clone(),
                        Localized::new(
                            format!(
                                "empty quotation marks {}: the quoted words are missing",
                                mark_str(text, span)
                            ),
                            format!(
                                "guillemets vides {} : les mots cités manquent",
                                mark_str(text, span)
                            ),
                        ),
                    ));
                }
                _ => {}
            }
        }
    }
}

impl Quotes {
    fn mixed_style(
        &self,
        text: &str,
        scan: &Scan,
        curly_counts: bool,
        rule: usize,
        out: &mut Vec<Finding>,
    ) {
        // The title (first line, when more follows) is often styled by
        // another desk or the CMS.
        let title_end = text
            .char_indices()
            .find(|&(_, c)| !c.is_whitespace())
            .map(|(i, _)| text[i..].find('\n').map_or(text.len(), |j| i + j))
            .filter(|&e| !text[e..].trim().is_empty())
            .unwrap_or(0);
        // One style only (the usual case): nothing to weigh.
        let mut top = scan
            .quotations
            .iter()
            .filter(|q| q.depth == 0 && !q.mismatched && (curly_counts || q.style != Style::Curly));
        let Some(first_style) = top.next().map(|q| q.style) else {
            return;
        };
        // A guillemet (or curly quote) opened and never closed still shows
        // the article's style (MT often drops the closing mark of a
        // quotation running over several paragraphs); a straight one is
        // ambiguous.
        let unclosed = |s: Style| {
            scan.problems
                .iter()
                .filter(|p| {
                    matches!(p, Problem::Unclosed { open, style, .. }
                        if *style == s && s != Style::Straight && open.start >= title_end
                            && (curly_counts || s != Style::Curly))
                })
                .count()
        };
        let other_unclosed = [Style::Guillemet, Style::Curly]
            .into_iter()
            .any(|s| s != first_style && unclosed(s) > 0);
        if top.all(|q| q.style == first_style) && !other_unclosed {
            return;
        }
        let mut ticker_cache: Option<(Range<usize>, bool)> = None;
        let mut on_ticker = |at: usize| match &ticker_cache {
            Some((r, t)) if r.contains(&at) => *t,
            _ => {
                let r = near_line(text, at);
                let t = is_ticker(&text[r.clone()]);
                ticker_cache = Some((r.start..r.end + 1, t));
                t
            }
        };
        let counted: Vec<&Quotation> = scan
            .quotations
            .iter()
            .filter(|q| {
                if q.depth > 0
                    || q.mismatched
                    || q.open.start < title_end
                    || !curly_counts && q.style == Style::Curly
                {
                    return false;
                }
                let inner = &text[q.open.end..q.close.start.max(q.open.end)];
                // A heading: the quotation is the whole line.
                let line_start = line_bounds(text, q.open.start).start;
                let line_end = line_bounds(text, q.close.start).end.max(q.close.end);
                if text[line_start..q.open.start].trim().is_empty()
                    && text[q.close.end..line_end]
                        .trim_matches(|c: char| is_space(c) || c == '.')
                        .is_empty()
                    && !inner.trim_end().ends_with(['.', '!', '?', '…'])
                {
                    return false;
                }
                let mut n = 0;
                let mut lower = false;
                for w in document::words(inner) {
                    n += 1;
                    lower |= inner[w].chars().next().is_some_and(char::is_lowercase);
                    if lower && n >= self.min_words {
                        break;
                    }
                }
                // Long enough, and not a name or title (`"BMW Iconic Sounds"`).
                n >= self.min_words && lower && !on_ticker(q.open.start)
            })
            .collect();
        let order = [Style::Guillemet, Style::Straight, Style::Curly];
        let counts = order.map(|s| counted.iter().filter(|q| q.style == s).count() + unclosed(s));
        if counts.iter().filter(|&&n| n > 0).count() < 2 {
            return;
        }
        let mut major = 0;
        for k in 1..3 {
            if counts[k] > counts[major] {
                major = k;
            }
        }
        let Some(first) = counted
            .iter()
            .filter(|q| q.style != order[major])
            .min_by_key(|q| q.open.start)
        else {
            return;
        };
        let lb = line_bounds(text, first.open.start);
        let span = with_word_after(text, &first.open, lb.end);
        let n_minor = counted.iter().filter(|q| q.style == first.style).count();
        out.push(finding(
            rule,
            span,
            Localized::new(
                format!(
                    "quotation in {} while the article's other quotations use {} ({} against {}); use one style",
                    first.style.pair(),
                    order[major].pair(),
                    counts[major],
                    n_minor
                ),
                format!(
                    "citation entre {} alors que les autres citations de l’article sont entre {} ({} contre {}) ; choisissez un seul style",
                    first.style.pair(),
                    order[major].pair(),
                    counts[major],
                    n_minor
                ),
            ),
        ));
    }
}

/// Common function words of French and English, to tell which language a
/// text (or a quotation) is in.
const FRENCH_WORDS: &[&str] = &[
    "le", "la", "les", "de", "des", "du", "et", "un", "une", "est", "que", "qui", "pour", "dans",
    "pas", "je", "il", "elle", "nous", "vous", "ce", "au", "aux", "sur", "avec", "son", "sa",
    "ses", "ne", "se", "mais", "plus", "très", "été", "sont", "cette", "tout", "ça", "moi", "mon",
    "ma",
];
const ENGLISH_WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "you", "that", "it", "for", "with", "was", "are", "be",
    "this", "have", "i", "my", "we", "your", "not", "but", "at", "by", "from", "or", "will", "all",
    "can", "they", "our", "me", "just", "what", "so", "he", "she", "his", "her", "love",
];

/// French and English function words in `text`.
fn language_votes(text: &str) -> (usize, usize) {
    let (mut fr, mut en) = (0, 0);
    for w in document::words(text) {
        let w = &text[w];
        if w.len() > 5 {
            continue;
        }
        // ASCII words (nearly all) lowered in a buffer, not allocated.
        let mut buf = [0u8; 5];
        let owned;
        let lower = if w.is_ascii() {
            let b = &mut buf[..w.len()];
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).unwrap_or("")
        } else {
            owned = w.to_lowercase();
            owned.as_str()
        };
        fr += usize::from(FRENCH_WORDS.contains(&lower));
        en += usize::from(ENGLISH_WORDS.contains(&lower));
    }
    (fr, en)
}

/// Is the article (mostly) French? English quotation marks are the
/// English article's own (its language is another rule's finding).
fn is_french(text: &str) -> bool {
    let sample = &text[..floor_boundary(text, 20_000)];
    let (fr, en) = language_votes(sample);
    fr >= en
}

/// The memo entry of [`is_french_doc`].
struct French(bool);

/// [`is_french`] of the document's text, computed once for the rules
/// that ask (see [`Document::memo`]).
fn is_french_doc(doc: &Document) -> bool {
    doc.memo(|_: &French| true, || French(is_french(doc.text())))
        .0
}

/// Is a quotation English (a quoted English title or phrase, whose marks
/// an editor may keep), or a title in capitals (`“Empire State Of Mind”`)?
fn is_english_or_title(inner: &str) -> bool {
    let (fr, en) = language_votes(inner);
    if en > fr {
        return true;
    }
    let mut n = 0;
    for w in document::words(inner) {
        n += 1;
        if !inner[w]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        {
            return false;
        }
    }
    n >= 2
}

/// Every top-level quotation in another style than the house's: English
/// “ ” in French text by default.
fn top_level_style(text: &str, scan: &Scan, t: &Typography, rule: usize, out: &mut Vec<Finding>) {
    let allowed = |s: Style| match t.quotes {
        QuoteStyle::Consistent => s != Style::Curly,
        QuoteStyle::Guillemets => s == Style::Guillemet,
        QuoteStyle::Curly => s == Style::Curly,
        QuoteStyle::Straight => s == Style::Straight,
        QuoteStyle::Off => true,
    };
    // Guillemets in the fix are spaced the house's way, or the article's.
    let glued = match t.guillemet_space {
        Spacing::None => true,
        Spacing::Nbsp | Spacing::Space | Spacing::Off => false,
        Spacing::Consistent => {
            let (mut g, mut sp) = (0, 0);
            for i in memchr::memmem::find_iter(text.as_bytes(), "«".as_bytes()) {
                match text[i + 2..].chars().next() {
                    Some(c) if is_space(c) => sp += 1,
                    Some(_) => g += 1,
                    None => {}
                }
            }
            g > sp
        }
    };
    let pad = if glued { "" } else { "\u{a0}" };
    for q in &scan.quotations {
        if q.depth > 0 || q.mismatched || allowed(q.style) {
            continue;
        }
        let inner = &text[q.open.end..q.close.start.max(q.open.end)];
        if q.style == Style::Curly && is_english_or_title(inner) {
            continue;
        }
        let same_line = !text[q.open.start..q.close.end].contains('\n');
        let (span, fix) = if same_line {
            let fix = match t.quotes {
                QuoteStyle::Consistent | QuoteStyle::Guillemets => {
                    Some(format!("«{pad}{}{pad}»", inner.trim_matches(is_space)))
                }
                QuoteStyle::Curly => Some(format!("“{}”", inner.trim_matches(is_space))),
                QuoteStyle::Straight => Some(format!("\"{}\"", inner.trim_matches(is_space))),
                QuoteStyle::Off => None,
            };
            (q.open.start..q.close.end, fix)
        } else {
            let lb = line_bounds(text, q.open.start);
            (with_word_after(text, &q.open, lb.end), None)
        };
        let want = match t.quotes {
            QuoteStyle::Consistent | QuoteStyle::Guillemets => "« »",
            QuoteStyle::Curly => "“ ”",
            QuoteStyle::Straight => "\" \"",
            QuoteStyle::Off => continue,
        };
        let msg = if q.style == Style::Curly && t.quotes == QuoteStyle::Consistent {
            Localized::new(
                "English quotation marks “ ” in French text; write « »",
                "guillemets anglais “ ” dans un texte français ; écrivez « »",
            )
        } else {
            Localized::new(
                format!(
                    "quotation in {} where the house style is {want}",
                    q.style.pair()
                ),
                format!(
                    "citation entre {} alors que le style maison est {want}",
                    q.style.pair()
                ),
            )
        };
        let mut f = finding(rule, span, msg);
        f.fix = fix.map(|replacement| Fix {
            replacement,
            applicability: Applicability::Unsafe,
        });
        out.push(f);
    }
}

/// English single quotation marks (‘…’) in French text: each opening ‘
/// before a word (a ’ is mostly an apostrophe, so only the opening mark is
/// certain).
fn single_quotes(text: &str, rule: usize, out: &mut Vec<Finding>) {
    for (i, _) in text.match_indices('‘') {
        let prev = text[..i].chars().next_back();
        let next = text[i + 3..].chars().next();
        if !opens_after(prev) || !next.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let lb = line_bounds(text, i);
        let span = with_word_after(text, &(i..i + 3), lb.end);
        // An English phrase in English marks is quoted English, not a French slip.
        let rest = &text[i + 3..floor_boundary(text, (i + 3 + 80).min(lb.end))];
        // The closing ’: not followed by a letter (else an apostrophe).
        let end = rest
            .match_indices('’')
            .map(|(k, _)| k)
            .find(|&k| {
                !rest[k + 3..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
            })
            .unwrap_or(rest.len());
        if is_english_or_title(&rest[..end]) {
            continue;
        }
        out.push(finding(
            rule,
            span,
            Localized::new(
                "English single quotation mark ‘ in French text; a quotation inside « » is written “ ”",
                "apostrophe ouvrante anglaise ‘ dans un texte français ; une citation dans une citation s’écrit “ ”",
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ticker_prefilter_agrees_with_the_byte_scan() {
        fn slow(line: &str) -> bool {
            let b = line.trim().as_bytes();
            let (mut runs, mut spaces, mut i) = (0, 0, 0);
            while i < b.len() {
                let w = match b[i] {
                    b' ' | b'\t' => 1,
                    0xC2 if b.get(i + 1) == Some(&0xA0) => 2,
                    _ => 0,
                };
                if w == 0 {
                    spaces = 0;
                    i += 1;
                    continue;
                }
                spaces += 1;
                i += w;
                if spaces == 3 {
                    runs += 1;
                    if runs >= 2 {
                        return true;
                    }
                }
            }
            false
        }
        let pieces = ["a", " ", "  ", "\t", "\u{a0}", "«", "é", "Titre"];
        for s in crate::engines::testing::mixed_texts(&pieces, 4000, 16, 0x007a_c4e7_0001) {
            assert_eq!(is_ticker(&s), slow(&s), "{s:?}");
        }
    }

    #[test]
    fn one_paragraph_per_line_ends_quotations_at_each_line() {
        let t = "Le maire a parlé lundi soir. Il a annoncé un plan pour la ville.\n« Nous ferons tout pour les familles. Le budget suivra.\nLe conseil votera mardi. Les élus restent partagés, dit-on.\nRien n’est joué. » Le vote est prévu.";
        let p = problems(t);
        assert!(matches!(p[0], Problem::Unclosed { .. }), "{p:?}");
        assert!(matches!(p[1], Problem::Stray { .. }), "{p:?}");
        assert_eq!(p.len(), 2);
        // The French convention still carries a quotation over lines.
        let t = "Le maire a parlé lundi soir. Il a annoncé un plan pour la ville.\n« Nous ferons tout pour les familles. Le budget suivra.\n« Le conseil votera mardi. Les élus restent partagés. »\nRien n’est joué. Le vote est prévu.";
        assert!(problems(t).is_empty(), "{:?}", problems(t));
    }

    fn problems(text: &str) -> Vec<Problem> {
        scan(text, &Lexicon::default_reporting()).problems
    }

    fn spans<'a>(text: &'a str, p: &[Problem]) -> Vec<&'a str> {
        p.iter()
            .map(|p| match p {
                Problem::Unclosed { open, .. } => &text[open.clone()],
                Problem::Stray { close, .. } => &text[close.clone()],
                Problem::Mismatch { close, .. } => &text[close.clone()],
                Problem::ColonCloser { mark }
                | Problem::GluedOpener { mark, .. }
                | Problem::Reversed { mark } => &text[mark.clone()],
                Problem::Empty { span } => &text[span.clone()],
            })
            .collect()
    }

    #[test]
    fn balanced_text_is_quiet() {
        for t in [
            "« Nous sommes prêts », a-t-il dit. Il parle d’« opération ».",
            "Il a cité « le “grand” projet » hier.",
            "Le mot \"dégagisme\" et \" l'espace \" sont là.",
            "L'« oasis de vie » est riche ; aujourd'hui c'est l'été.",
            "Un écran de 27\" et un \"vrai\" succès.",
            "<a href=\"https://x.fr\">lien</a> et \"citation\".",
            "« Premier paragraphe d’une longue citation.\n\n« Suite de la citation. »",
            "« Premier paragraphe.\n\n» Suite de la citation. »",
            "Une ligne coupée « qui continue\nsur la ligne suivante » et finit.",
            "",
            "\"",
            "«",
        ] {
            let p = problems(t);
            assert!(
                p.iter().all(|p| matches!(p, Problem::Unclosed { .. }))
                    || !p.is_empty() && t.len() < 3,
                "{t:?}: {p:?}"
            );
            if t.len() > 3 {
                assert!(p.is_empty(), "{t:?}: {p:?}");
            }
        }
    }

    #[test]
    fn unclosed_before_reporting_clause() {
        let t = "« Sommes-nous prêts à tout ? a déclaré le ministre. « Non, pas du tout. »";
        let p = problems(t);
        assert_eq!(p.len(), 1, "{p:?}");
        match &p[0] {
            Problem::Unclosed {
                open,
                clause: Some(c),
                ..
            } => {
                assert_eq!(open.start, 0);
                assert_eq!(&t[c.clone()], "a déclaré");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn mismatched_pair() {
        let t = "“Pendant ces pourparlers, rien ne sera décidé », a dit le général.";
        let p = problems(t);
        assert_eq!(spans(t, &p), ["»"]);
        assert!(matches!(p[0], Problem::Mismatch { .. }));
    }

    #[test]
    fn colon_closer_and_empty_pair() {
        let t = "“Tout le monde dira:” C’est fini, ils sont partis “”, a déclaré le président.";
        let p = problems(t);
        assert_eq!(spans(t, &p), ["”", "“”"], "{p:?}");
    }

    #[test]
    fn glued_opener() {
        let t = "Elle se prépare “pour tous”. les cas possibles“. Il a rappelé “la règle”.";
        let p = problems(t);
        assert_eq!(spans(t, &p), ["“"]);
        assert!(matches!(
            p[0],
            Problem::GluedOpener {
                pairs_with: None,
                ..
            }
        ));
    }

    #[test]
    fn reversed_curly() {
        let t = "Il a répondu ”Jamais de la vie” devant la presse.";
        assert_eq!(spans(t, &problems(t)), ["”"]);
    }

    #[test]
    fn stray_and_treebank_lines() {
        let t = "Il dit « non.\nUne autre phrase » sans rien.\n";
        // the next line's first mark closes: wrapped text, balanced
        assert!(problems(t).is_empty());
        // One sentence per line: the quotation may go on in the next sentence.
        let t = "Une phrase « jamais fermée.\nUne autre « bien fermée ».\n» Suite.\n";
        assert!(problems(t).is_empty());
        // At the end of a paragraph it is certainly unclosed.
        let t = "Une phrase « jamais fermée.\n\nUne autre « bien fermée ».\n";
        let p = problems(t);
        assert_eq!(spans(t, &p), ["«"]);
        let t = "Texte sans ouverture » ici.";
        assert_eq!(spans(t, &problems(t)), ["»"]);
    }

    #[test]
    fn reporting_clause_forms() {
        let lex = Lexicon::default_reporting();
        let t = "A, affirme-t-il. B";
        assert_eq!(
            reporting_clause(t, 0..t.len(), &lex).map(|r| &t[r]),
            Some("affirme-t-il")
        );
        let t = "Le chat a déclaré";
        assert_eq!(reporting_clause(t, 0..t.len(), &lex), None);
    }

    #[test]
    fn no_panic_on_generated_text() {
        // A small deterministic generator over the characters that matter.
        let alphabet: Vec<char> = "aÉé «»“”„\"'’‘:.,?!\n\n\u{a0}\u{202f}=27selon par àa-t-il dit "
            .chars()
            .collect();
        let lex = Lexicon::default_reporting();
        let engines: Vec<Box<dyn Engine>> = [
            "unbalanced",
            "mismatched",
            "misplaced",
            "empty",
            "mixed-style",
        ]
        .iter()
        .map(|c| build(&toml::from_str(&format!("check = \"{c}\"")).unwrap()).unwrap())
        .chain([
            super::super::attribution::build(
                &toml::from_str("check = \"quote-speaker\"\nmin-words = 1").unwrap(),
            )
            .unwrap(),
            super::super::attribution::build(
                &toml::from_str(
                    "check = \"orphan\"\nheads = [\"selon\", \"par\"]\nverbs = [\"dit\"]\nlinks = [\"à\"]\ndeterminers = [\"a\"]",
                )
                .unwrap(),
            )
            .unwrap(),
        ])
        .collect();
        let policy = crate::config::Policy::default();
        let cx = EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let rules = crate::rules::RuleSet::load(&[]).unwrap();
        let prior = Prior {
            findings: &[],
            rules: &rules,
        };
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut found = 0;
        for _ in 0..3000 {
            let len = (next() % 60) as usize;
            let t: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            for e in &engines {
                let doc = Document::from_text(&t);
                let mut out = Vec::new();
                e.check(&doc, &cx, 0, prior, &mut out);
                for f in &out {
                    assert!(doc.text().get(f.span.clone()).is_some(), "{t:?}");
                }
                found += out.len();
            }
            let sc = scan(&t, &lex);
            for q in &sc.quotations {
                assert!(t.is_char_boundary(q.open.start) && t.is_char_boundary(q.close.end));
            }
            let _ = reporting_clause(&t, 0..t.len(), &lex);
        }
        assert!(found > 100, "the generator should exercise the checks");
    }

    #[test]
    fn ticker_lines() {
        assert!(is_ticker("Titre un    Titre deux    Titre trois"));
        assert!(is_ticker("Un\u{a0}\u{a0}\u{a0}deux\t\t\ttrois"));
        assert!(!is_ticker("Une phrase  normale, avec   un seul trou."));
    }

    #[test]
    fn no_panic_on_edges() {
        for t in [
            "«",
            "»",
            "\"",
            "“”",
            "« »",
            "a«",
            "é”É",
            ":”",
            ":” É",
            "“\n\n«",
            "\u{a0}«\u{a0}»",
        ] {
            let _ = problems(t);
        }
    }
}
