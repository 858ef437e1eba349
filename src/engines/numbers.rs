//! # `numbers`: English number and currency formats in French text
//!
//! One engine, six checks (`check = "…"`), each used by its own rule:
//!
//! ## `check = "grouping"` — `200,000`
//!
//! English separates thousands with a comma; French with a space (U+202F or
//! U+00A0) and uses the comma for decimals. A translation that kept `200,000`
//! tells a French reader "two hundred point zero".
//!
//! Precision trade-off: `3,141` is a good French decimal, so a single comma
//! group is reported only when it cannot be a decimal:
//! - two groups or more: `1,000,000` (never a French number);
//! - a group followed by a decimal point: `1,234.56`;
//! - a currency symbol before it: `$200,500`;
//! - the group is `000` (`200,000`: nobody writes three zero decimals), unless
//!   a magnitude word follows (`3,000 milliards` is left to the reader);
//! - a count noun follows (`count-nouns`: `1,500 soldats` — soldiers come
//!   whole), or a currency word after a number of 10 or more (`25,500
//!   euros`; `1,459 euro` is a fuel price with three decimals and stays quiet).
//!
//! A leading `0` (`0,125`) is always a decimal. The fix replaces the commas
//! by `thousands-separator` (and an English decimal point by a comma); it is
//! safe for two groups or more, unsafe otherwise.
//!
//! ## `check = "magnitude"` — `1.5 million`, `5 million de`
//!
//! A number before `million(s)`/`milliard(s)` written the English way:
//! - a decimal point (`1.5 million`) when the article also writes decimal
//!   commas elsewhere (mixed styles: the points are residue), or when one of
//!   the English signals below is present. An article written throughout with
//!   decimal points (a house style some French outlets keep) is left alone:
//!   that is a typography question, not translation residue;
//! - English agreement: `million` left singular after 2 or more (`5 million
//!   de personnes`);
//! - English construction: no `de` before a count noun (`3 millions
//!   personnes`).
//!
//! `billion`/`trillion` are left to `check = "billion"`. The fix writes
//! `1,5 million de personnes`.
//!
//! ## `check = "billion"` — `2 billion`, `1.5 trillion`
//!
//! False friends: English *billion* (10⁹) is French *milliard*; English
//! *trillion* (10¹²) is French *billion*, usually written *mille milliards*.
//! `2 billion` → `2 milliards`, `1.5 trillion` → `1 500 milliards`. A number
//! (digits or words, `un`) or `des` must come before the word. French
//! *billion* (10¹²) is correct and rare: the fix is unsafe, and an editor
//! who meant 10¹² keeps it. A currency symbol before the number is left to
//! `check = "currency"`, which rewrites the whole amount.
//!
//! ## `check = "currency"` — `$10 million`
//!
//! French writes the amount first, the currency after: `10 millions de
//! dollars`, `200 dollars`, `20 euros` (or `20 €`). The symbols and their
//! French names are data (`currencies`: `"$" = ["dollar", "dollars"]`,
//! `"US$" = ["dollar américain", "dollars américains"]`); a symbol glued to
//! letters not in the table (`R$`, `$AAPL`) is left alone.
//!
//! ## `check = "us-date"` — `12/20/2022`
//!
//! American dates put the month first. French puts the day first, so a date
//! whose first number is a month (1–12) and whose second cannot be one
//! (13–31) is certainly American: `12/20/2022` → `20/12/2022`. `05/06/2022`
//! is ambiguous and left alone; ISO dates (`2022-12-20`) are fine.
//!
//! ## `check = "clock"` — `3:30 p.m.`
//!
//! French uses the 24-hour clock: `3:30 p.m.` → `15 h 30`, `10 a.m.` →
//! `10 h`, `12 p.m.` → `12 h`, `12 a.m.` → `0 h`. Only lowercase `a.m.`,
//! `p.m.`, `am`, `pm` after an hour from 1 to 12 are read (`PM` is too often
//! an acronym).
//!
//! ## Options
//!
//! | option | default | what |
//! |---|---|---|
//! | `check` | required | `grouping`, `magnitude`, `billion`, `currency`, `us-date` or `clock` |
//! | `count-nouns` | `[]` | nouns that prove a count (grouping, magnitude); `soldat*` is a prefix |
//! | `currency-words` | `[]` | currency nouns (grouping) |
//! | `currencies` | `{}` | symbol → `[singular, plural]` French name (currency) |
//! | `thousands-separator` | U+00A0 | digit-group separator in fixes |
//! | `unit-space` | U+00A0 | space around `h` in clock fixes (`15 h 30`) |

use super::numeric::{
    self, char_at, char_before, eq_ci, is_hspace, number_before, parse_digits, skip_hspace,
    skip_hspace_back, starts_ci, word_at, word_before,
};
use super::{Engine, EngineContext, Prior};
use crate::diagnostic::{Applicability, Finding, Fix, Scope};
use crate::document::Document;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Check {
    Grouping,
    Magnitude,
    Billion,
    Currency,
    UsDate,
    Clock,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    check: Check,
    #[serde(default)]
    count_nouns: Vec<String>,
    #[serde(default)]
    currency_words: Vec<String>,
    #[serde(default)]
    currencies: BTreeMap<String, [String; 2]>,
    #[serde(default = "nbsp")]
    thousands_separator: String,
    #[serde(default = "nbsp")]
    unit_space: String,
}

fn nbsp() -> String {
    "\u{A0}".into()
}

/// A lowercase word, or a prefix when it ended with `*`.
#[derive(Debug)]
struct Pat {
    word: String,
    prefix: bool,
}

fn compile(list: &[String], what: &str) -> Result<Vec<Pat>, String> {
    list.iter()
        .map(|w| {
            let w = w.trim();
            if w.is_empty() || w == "*" || w.contains(char::is_whitespace) {
                return Err(format!("`{what}`: `{w}` must be one word"));
            }
            let (word, prefix) = match w.strip_suffix('*') {
                Some(p) => (p, true),
                None => (w, false),
            };
            Ok(Pat {
                word: word.chars().flat_map(char::to_lowercase).collect(),
                prefix,
            })
        })
        .collect()
}

fn matches_any(w: &str, pats: &[Pat]) -> bool {
    pats.iter().any(|p| {
        if p.prefix {
            starts_ci(w, &p.word)
        } else {
            eq_ci(w, &p.word)
        }
    })
}

/// The engine: see the module documentation.
#[derive(Debug)]
pub struct Numbers {
    check: Check,
    count_nouns: Vec<Pat>,
    currency_words: Vec<Pat>,
    /// (symbol as written, singular, plural), longest symbols first.
    currencies: Vec<(String, String, String)>,
    sep: String,
    space: String,
}

/// Builds the engine from its options (see the module documentation).
pub fn build(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    let o: Options = super::options(table)?;
    let mut currencies: Vec<(String, String, String)> = o
        .currencies
        .into_iter()
        .map(|(k, [one, many])| (k, one, many))
        .collect();
    if o.check == Check::Currency {
        if currencies.is_empty() {
            return Err("`check = \"currency\"` needs a `currencies` table".into());
        }
        for (sym, one, many) in &currencies {
            if !sym.ends_with(['$', '€', '£', '¥']) {
                return Err(format!(
                    "`currencies`: `{sym}` must end with a currency sign ($, €, £, ¥)"
                ));
            }
            if one.trim().is_empty() || many.trim().is_empty() {
                return Err(format!("`currencies`: empty name for `{sym}`"));
            }
        }
    }
    currencies.sort_by_key(|(s, _, _)| std::cmp::Reverse(s.len()));
    Ok(Box::new(Numbers {
        check: o.check,
        count_nouns: compile(&o.count_nouns, "count-nouns")?,
        currency_words: compile(&o.currency_words, "currency-words")?,
        currencies,
        sep: o.thousands_separator,
        space: o.unit_space,
    }))
}

/// `million`, `millions`, `milliard`, `milliards` → (value, plural?).
fn magnitude(w: &str) -> Option<(f64, bool)> {
    [
        ("million", 1e6, false),
        ("millions", 1e6, true),
        ("milliard", 1e9, false),
        ("milliards", 1e9, true),
    ]
    .iter()
    .find(|(n, _, _)| eq_ci(w, n))
    .map(|&(_, v, p)| (v, p))
}

/// `billion(s)`, `trillion(s)` → factor in milliards.
fn false_friend(w: &str) -> Option<f64> {
    [
        ("billion", 1.0),
        ("billions", 1.0),
        ("trillion", 1000.0),
        ("trillions", 1000.0),
    ]
    .iter()
    .find(|(n, _)| eq_ci(w, n))
    .map(|&(_, f)| f)
}

/// End of the digit token starting at `start`: digits, and `,`/`.` (and,
/// when `spaces`, horizontal spaces) that sit between two digits.
fn digit_token_end(bytes: &[u8], text: &str, start: usize, spaces: bool) -> usize {
    let mut j = start;
    loop {
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        let Some(c) = char_at(text, j) else { break };
        let sep = c == ',' || c == '.' || (spaces && is_hspace(c));
        let k = j + c.len_utf8();
        if sep && k < bytes.len() && bytes[k].is_ascii_digit() {
            j = k;
        } else {
            break;
        }
    }
    j
}

/// Does the text use decimal commas somewhere (`3,5`, `12,75`; not `1,500`)?
fn has_decimal_comma(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 1;
    while i + 1 < b.len() {
        if b[i] == b',' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit() {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j - i - 1 != 3 {
                return true;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    false
}

/// Is the text just before `start` a currency sign (`$`, `$ `, `US$`)?
fn currency_before(text: &str, start: usize) -> bool {
    let p = skip_hspace_back(text, start);
    matches!(char_before(text, p), Some('$' | '€' | '£' | '¥'))
}

/// French plural agreement: 2 and more take the plural.
fn plural(value: f64) -> bool {
    value.abs() >= 2.0
}

/// `de ` or `d’` before `word`.
fn de(word: &str) -> &'static str {
    if word.starts_with([
        'a', 'e', 'é', 'è', 'ê', 'h', 'i', 'o', 'u', 'y', 'A', 'E', 'É', 'I', 'O', 'U',
    ]) {
        "d’"
    } else {
        "de "
    }
}

impl Numbers {
    fn fix(
        &self,
        out: &mut Vec<Finding>,
        rule: usize,
        span: std::ops::Range<usize>,
        replacement: String,
        safe: bool,
    ) {
        out.push(Finding {
            rule,
            span,
            message: None,
            fix: Some(Fix {
                replacement,
                applicability: if safe {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
            }),
            scope: Scope::Span,
        });
    }
}

/// Starts of the maximal runs of ASCII digits of a document, found once
/// and shared through [`Document::memo`] by the number rules: four of them
/// walked every byte of the text looking for digits.
struct DigitRuns(Vec<usize>);

impl DigitRuns {
    fn new(text: &str) -> DigitRuns {
        let bytes = text.as_bytes();
        let mut starts = Vec::new();
        let mut from = 0;
        while let Some(i) = numeric::next_digit(bytes, from) {
            starts.push(i);
            from = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        }
        DigitRuns(starts)
    }
}

/// Digit tokens that are numbers: not glued to a word or another number.
/// `runs` are the text's [`DigitRuns`]. A token starts at the first digit
/// at or after the end of the previous one, and a token ends before a
/// non-digit: so every token starts a digit run, and the runs starting
/// inside a token are skipped.
fn tokens<'a>(
    text: &'a str,
    runs: &'a [usize],
    spaces: bool,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut runs = runs.iter();
    std::iter::from_fn(move || {
        for &start in runs.by_ref() {
            if start < i {
                continue;
            }
            let end = digit_token_end(bytes, text, start, spaces);
            i = end.max(start + 1);
            if !glued_number(text, start, end) {
                return Some((start, end));
            }
        }
        None
    })
}

/// Is the digit token `start..end` glued to a word or another number?
fn glued_number(text: &str, start: usize, end: usize) -> bool {
    let glued_before = match char_before(text, start) {
        Some(c) if c.is_alphanumeric() || c == '_' || c == '.' || c == ',' => true,
        Some('-' | '\u{2011}') => char_before(text, start - 1).is_some_and(char::is_alphanumeric),
        _ => false,
    };
    glued_before || char_at(text, end).is_some_and(|c| c.is_alphanumeric() || c == '_')
}

impl Numbers {
    fn grouping(&self, text: &str, runs: &[usize], rule: usize, out: &mut Vec<Finding>) {
        for (s, e) in tokens(text, runs, false) {
            let tok = &text[s..e];
            if !tok.contains(',') {
                continue;
            }
            // `\d{1,3}(,\d{3})+(\.\d+)?`
            let (int, frac) = match tok.split_once('.') {
                Some((i, f)) if !f.contains(['.', ',']) => (i, Some(f)),
                Some(_) => continue,
                None => (tok, None),
            };
            let mut groups = int.split(',');
            let first = groups.next().unwrap_or("");
            if first.is_empty() || first.len() > 3 || first.starts_with('0') {
                continue;
            }
            let rest: Vec<&str> = groups.collect();
            if rest.iter().any(|g| g.len() != 3) {
                continue;
            }
            let certain = rest.len() >= 2 || frac.is_some() || currency_before(text, s);
            let fire = certain || {
                let next = word_at(text, skip_hspace(text, e)).map(|w| &text[w]);
                let int_value: u32 = first.parse().unwrap_or(0);
                match next {
                    Some(w) if magnitude(w).is_some() || false_friend(w).is_some() => false,
                    _ if rest.first() == Some(&"000") => true,
                    Some(w) => {
                        matches_any(w, &self.count_nouns)
                            || (int_value >= 10 && matches_any(w, &self.currency_words))
                    }
                    None => false,
                }
            };
            if !fire {
                continue;
            }
            let mut fixed = String::with_capacity(tok.len() + 8);
            for c in int.chars() {
                if c == ',' {
                    fixed.push_str(&self.sep);
                } else {
                    fixed.push(c);
                }
            }
            if let Some(f) = frac {
                fixed.push(',');
                fixed.push_str(f);
            }
            self.fix(out, rule, s..e, fixed, rest.len() >= 2);
        }
    }

    fn magnitude(&self, text: &str, runs: &[usize], rule: usize, out: &mut Vec<Finding>) {
        let mut mixed: Option<bool> = None;
        for (_, e) in tokens(text, runs, true) {
            let m_start = skip_hspace(text, e);
            if m_start == e {
                continue;
            }
            let Some(mw) = word_at(text, m_start) else {
                continue;
            };
            let Some((_, is_plural)) = magnitude(&text[mw.clone()]) else {
                continue;
            };
            // The longest well-formed suffix of the token (`en 2020 1.5 million`).
            let Some(n) = numeric::digits_before(text, e) else {
                continue;
            };
            let Some(p) = parse_digits(&text[n.start..e]) else {
                continue;
            };
            if currency_before(text, n.start) {
                continue; // the currency check rewrites the whole amount
            }
            let point = p.decimal_sep == Some('.');
            let singular_after_two = !is_plural && plural(p.value);
            // `3 millions personnes`: a count noun with no `de`.
            let noun = word_at(text, skip_hspace(text, mw.end))
                .filter(|w| mw.end < w.start && matches_any(&text[w.clone()], &self.count_nouns));
            let english = singular_after_two || noun.is_some();
            let fire = english || (point && *mixed.get_or_insert_with(|| has_decimal_comma(text)));
            if !fire {
                continue;
            }
            let mag_word = &text[mw.clone()];
            let base = mag_word.trim_end_matches(['s', 'S']);
            let agreed = if plural(p.value) {
                format!("{base}s")
            } else {
                base.to_owned()
            };
            let number = numeric::format_fr(p.value, p.decimals as usize, &self.sep);
            let (end, replacement) = match noun {
                Some(w) => {
                    let nw = &text[w.clone()];
                    (w.end, format!("{number} {agreed} {}{nw}", de(nw)))
                }
                None => (mw.end, format!("{number} {agreed}")),
            };
            self.fix(out, rule, n.start..end, replacement, false);
        }
    }

    fn billion(&self, text: &str, rule: usize, out: &mut Vec<Finding>) {
        let mut from = 0;
        // memmem's vectorised search finds the same first occurrence as
        // `str::find` (the needle is ASCII, so it starts a character).
        let illion = memchr::memmem::Finder::new("illion");
        while let Some(k) = illion.find(&text.as_bytes()[from..]).map(|k| k + from) {
            from = k + "illion".len();
            // The whole word around `illion`.
            let Some(ws) = word_before(text, from) else {
                continue;
            };
            let Some(w) = word_at(text, ws.start) else {
                continue;
            };
            let word = &text[w.clone()];
            let Some(factor) = false_friend(word) else {
                continue;
            };
            from = w.end.max(from);
            let before = skip_hspace_back(text, w.start);
            if before == w.start {
                continue;
            }
            // `des billions`
            if let Some(d) = word_before(text, before)
                && eq_ci(&text[d.clone()], "des")
            {
                let repl = if factor == 1.0 {
                    "milliards"
                } else {
                    "milliers de milliards"
                };
                let d_word = &text[d.clone()];
                self.fix(out, rule, d.start..w.end, format!("{d_word} {repl}"), false);
                continue;
            }
            let Some(n) = number_before(text, before) else {
                continue;
            };
            if currency_before(text, n.start) {
                continue;
            }
            let written = &text[n.start..n.end];
            let replacement = if n.spelled {
                if factor == 1.0 {
                    let m = if plural(n.value) {
                        "milliards"
                    } else {
                        "milliard"
                    };
                    format!("{written} {m}")
                } else {
                    format!("{written} mille milliards")
                }
            } else {
                let v = n.value * factor;
                let decimals = if factor == 1.0 {
                    n.decimals
                } else {
                    n.decimals.saturating_sub(3)
                };
                let number = numeric::format_fr(v, decimals as usize, &self.sep);
                let m = if plural(v) { "milliards" } else { "milliard" };
                format!("{number} {m}")
            };
            self.fix(out, rule, n.start..w.end, replacement, false);
        }
    }

    fn currency(&self, text: &str, rule: usize, out: &mut Vec<Finding>) {
        let bytes = text.as_bytes();
        // `$`, and the UTF-8 of `€` (E2 82 AC), `£` (C2 A3), `¥` (C2 A5).
        // (memchr3 finds the candidate bytes; a byte-by-byte filter over
        // the whole text cost more than the check itself.)
        let signs = memchr::memchr3_iter(b'$', 0xE2, 0xC2, bytes).filter_map(|i| match bytes[i] {
            b'$' => Some(i + 1),
            0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x82, 0xAC]) => Some(i + 3),
            0xC2 if matches!(bytes.get(i + 1), Some(0xA3 | 0xA5)) => Some(i + 2),
            _ => None,
        });
        for sym_end in signs {
            // The longest symbol of the table that ends here (`US$` before `$`).
            let Some((sym, one, many)) = self
                .currencies
                .iter()
                .find(|(s, _, _)| text[..sym_end].ends_with(s.as_str()))
            else {
                continue;
            };
            let start = sym_end - sym.len();
            if char_before(text, start).is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `R$` not in the table, `AU$` when only `$` is
            }
            let ns = skip_hspace(text, sym_end);
            if ns >= bytes.len() || !bytes[ns].is_ascii_digit() {
                continue;
            }
            let mut ne = digit_token_end(bytes, text, ns, true);
            if char_at(text, ne).is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            // The longest well-formed prefix (`$5 2022`: `$5`).
            let p = loop {
                if let Some(p) = parse_digits(&text[ns..ne]) {
                    break Some(p);
                }
                match text[ns..ne].rfind(|c: char| !c.is_ascii_digit()) {
                    Some(k) if k > 0 => ne = ns + k,
                    _ => break None,
                }
            };
            let Some(p) = p else { continue };
            let mut value = p.value;
            let mut end = ne;
            let mut mag = None;
            let ms = skip_hspace(text, ne);
            if ms > ne
                && let Some(w) = word_at(text, ms)
            {
                let word = &text[w.clone()];
                if let Some((m, _)) = magnitude(word) {
                    mag = Some(if m == 1e6 { "million" } else { "milliard" });
                    end = w.end;
                } else if let Some(f) = false_friend(word) {
                    mag = Some("milliard");
                    value *= f;
                    end = w.end;
                }
            }
            let decimals = if value != p.value {
                p.decimals.saturating_sub(3)
            } else {
                p.decimals
            };
            let number = numeric::format_fr(value, decimals as usize, &self.sep);
            let replacement = match mag {
                Some(m) => {
                    let m = if plural(value) {
                        format!("{m}s")
                    } else {
                        m.to_owned()
                    };
                    format!("{number} {m} {}{many}", de(many))
                }
                None => {
                    let name = if plural(value) { many } else { one };
                    format!("{number} {name}")
                }
            };
            self.fix(out, rule, start..end, replacement, false);
        }
    }
}

/// Reads 1 to `max` ASCII digits at `i`: (value, end).
fn read_digits(bytes: &[u8], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut v: u32 = 0;
    while j < bytes.len() && bytes[j].is_ascii_digit() {
        if j - i == max {
            return None; // too many digits
        }
        v = v * 10 + u32::from(bytes[j] - b'0');
        j += 1;
    }
    (j > i).then_some((v, j))
}

/// Starts of digit runs that are not glued to a word, a number or a date;
/// `runs` are the text's [`DigitRuns`] (a digit inside a run follows a
/// digit, so only run starts can qualify).
fn run_starts<'a>(text: &'a str, runs: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    runs.iter()
        .copied()
        .filter(|&i| match char_before(text, i) {
            None => true,
            Some(c) => !(c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | ',' | ':' | '_')),
        })
}

impl Numbers {
    fn us_date(&self, text: &str, runs: &[usize], rule: usize, out: &mut Vec<Finding>) {
        let bytes = text.as_bytes();
        for i in run_starts(text, runs) {
            let Some((month, a)) = read_digits(bytes, i, 2) else {
                continue;
            };
            let Some(&sep) = bytes.get(a) else { continue };
            if sep != b'/' && sep != b'-' {
                continue;
            }
            let Some((day, b)) = read_digits(bytes, a + 1, 2) else {
                continue;
            };
            if bytes.get(b) != Some(&sep) {
                continue;
            }
            let Some((_, c)) = read_digits(bytes, b + 1, 4) else {
                continue;
            };
            if !matches!(c - b - 1, 2 | 4) {
                continue;
            }
            let glued = char_at(text, c).is_some_and(|x| x.is_alphanumeric() || x == '_')
                || (matches!(bytes.get(c), Some(&x) if x == sep || x == b'.' || x == b',')
                    && bytes.get(c + 1).is_some_and(u8::is_ascii_digit));
            // Month first is certain only when the second number cannot be a month.
            if glued || !(1..=12).contains(&month) || !(13..=31).contains(&day) {
                continue;
            }
            let sep = sep as char;
            let year = &text[b + 1..c];
            self.fix(
                out,
                rule,
                i..c,
                format!("{:02}{sep}{:02}{sep}{year}", day, month),
                false,
            );
        }
    }

    fn clock(&self, text: &str, runs: &[usize], rule: usize, out: &mut Vec<Finding>) {
        let bytes = text.as_bytes();
        for i in run_starts(text, runs) {
            let Some((hour, a)) = read_digits(bytes, i, 2) else {
                continue;
            };
            let (minutes, b) = if bytes.get(a) == Some(&b':') {
                match read_digits(bytes, a + 1, 2) {
                    Some((m, b)) if b - a - 1 == 2 && m < 60 => (Some(m), b),
                    _ => continue,
                }
            } else {
                (None, a)
            };
            if !(1..=12).contains(&hour) {
                continue;
            }
            let ms = skip_hspace(text, b);
            let rest = &text[ms..];
            let (pm, len) = if rest.starts_with("p.m.") {
                (true, 4)
            } else if rest.starts_with("a.m.") {
                (false, 4)
            } else if rest.starts_with("p.m") {
                (true, 3)
            } else if rest.starts_with("a.m") {
                (false, 3)
            } else if rest.starts_with("pm") {
                (true, 2)
            } else if rest.starts_with("am") {
                (false, 2)
            } else {
                continue;
            };
            let end = ms + len;
            if char_at(text, end).is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let h24 = hour % 12 + if pm { 12 } else { 0 };
            let sp = &self.space;
            let replacement = match minutes {
                Some(m) => format!("{h24}{sp}h{sp}{m:02}"),
                None => format!("{h24}{sp}h"),
            };
            self.fix(out, rule, i..end, replacement, false);
        }
    }
}

impl Engine for Numbers {
    fn check(
        &self,
        doc: &Document,
        _cx: &EngineContext<'_>,
        rule: usize,
        _prior: Prior<'_>,
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text();
        let runs = || doc.memo(|_: &DigitRuns| true, || DigitRuns::new(text));
        match self.check {
            Check::Grouping => self.grouping(text, &runs().0, rule, out),
            Check::Magnitude => self.magnitude(text, &runs().0, rule, out),
            Check::Billion => self.billion(text, rule, out),
            Check::Currency => self.currency(text, rule, out),
            Check::UsDate => self.us_date(text, &runs().0, rule, out),
            Check::Clock => self.clock(text, &runs().0, rule, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digit scans before [`DigitRuns`]: the reference of the
    /// shared-runs versions.
    /// Digit tokens that are numbers: not glued to a word or another number.
    fn tokens_scan(text: &str, spaces: bool) -> impl Iterator<Item = (usize, usize)> + '_ {
        let bytes = text.as_bytes();
        let mut i = 0;
        std::iter::from_fn(move || {
            while i < bytes.len() {
                let Some(start) = numeric::next_digit(bytes, i) else {
                    i = bytes.len();
                    break;
                };
                i = start;
                let end = digit_token_end(bytes, text, start, spaces);
                i = end.max(start + 1);
                let glued_before = match char_before(text, start) {
                    Some(c) if c.is_alphanumeric() || c == '_' || c == '.' || c == ',' => true,
                    Some('-' | '\u{2011}') => {
                        char_before(text, start - 1).is_some_and(char::is_alphanumeric)
                    }
                    _ => false,
                };
                let glued_after =
                    char_at(text, end).is_some_and(|c| c.is_alphanumeric() || c == '_');
                if !glued_before && !glued_after {
                    return Some((start, end));
                }
            }
            None
        })
    }

    /// Starts of digit runs that are not glued to a word, a number or a date.
    fn run_starts_scan(text: &str) -> impl Iterator<Item = usize> + '_ {
        let bytes = text.as_bytes();
        let mut from = 0;
        std::iter::from_fn(move || {
            while let Some(i) = numeric::next_digit(bytes, from) {
                from = i + 1;
                let starts = match char_before(text, i) {
                    None => true,
                    Some(c) => {
                        !(c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | ',' | ':' | '_'))
                    }
                };
                if starts {
                    return Some(i);
                }
            }
            from = bytes.len();
            None
        })
    }

    #[test]
    fn shared_digit_runs_give_the_scanned_tokens() {
        let pieces = [
            "1", "23", "456", ",", ".", " ", "\u{a0}", "-", "\u{2011}", "a", "é", "_", "/", ":",
            "€", "h", "x", "\n",
        ];
        for s in crate::engines::testing::mixed_texts(&pieces, 3000, 24, 0x0123_4567_89ab_cdef) {
            let runs = DigitRuns::new(&s).0;
            for spaces in [false, true] {
                let got: Vec<_> = tokens(&s, &runs, spaces).collect();
                let want: Vec<_> = tokens_scan(&s, spaces).collect();
                assert_eq!(got, want, "{s:?} {spaces}");
            }
            let got: Vec<_> = run_starts(&s, &runs).collect();
            let want: Vec<_> = run_starts_scan(&s).collect();
            assert_eq!(got, want, "{s:?}");
        }
    }

    /// Runs the built-in rule `id` alone on `text`: (matched text, fix).
    fn run(id: &str, text: &str) -> Vec<(String, String)> {
        crate::engines::testing::builtin_matches(id, text)
    }

    fn pair(a: &str, b: &str) -> Vec<(String, String)> {
        vec![(a.to_owned(), b.to_owned())]
    }

    #[test]
    fn grouping() {
        let g = |t| run("number/en-grouping", t);
        assert_eq!(
            g("Il y a 1,000,000 de morts."),
            pair("1,000,000", "1 000 000")
        );
        assert_eq!(g("Il y a 200,000 soldats."), pair("200,000", "200 000"));
        assert_eq!(g("Il y a 3,500 soldats."), pair("3,500", "3 500"));
        assert_eq!(g("Il y a 7,000."), pair("7,000", "7 000"));
        assert_eq!(g("Il coûte 12,500 euros."), pair("12,500", "12 500"));
        for t in [
            "Le taux est de 3,141.",
            "Il coûte 1,459 euro.",
            "Il y a 0,500 soldats.",
            "Il y a 3,000 milliards.",
            "Le score est 2,123 points.",
            "La version 1,000a",
            "a1,000",
            "1,00",
            ",000",
            "1,",
        ] {
            assert_eq!(g(t), vec![], "{t:?}");
        }
    }

    #[test]
    fn magnitude() {
        let m = |t| run("number/en-magnitude", t);
        assert_eq!(
            m("soit 2,5 % et 1.2 million de morts"),
            pair("1.2 million", "1,2 million")
        );
        assert_eq!(
            m("en 2020 3 million de morts"),
            pair("3 million", "3 millions")
        );
        assert_eq!(
            m("avec 4 millions habitants"),
            pair("4 millions habitants", "4 millions d’habitants")
        );
        for t in [
            "entre 1.2 et 1.4 million de dollars",
            "1,5 million de personnes",
            "2 millions de personnes",
            "1 million",
            "million",
            "3 millions.",
            "2.5 billion",
        ] {
            assert_eq!(m(t), vec![], "{t:?}");
        }
    }

    #[test]
    fn billion() {
        let b = |t| run("number/billion", t);
        assert_eq!(
            b("soit 2 billion de dollars"),
            pair("2 billion", "2 milliards")
        );
        assert_eq!(b("soit 1,5 billion"), pair("1,5 billion", "1,5 milliard"));
        assert_eq!(
            b("soit 1.25 trillion"),
            pair("1.25 trillion", "1 250 milliards")
        );
        assert_eq!(
            b("soit deux trillions"),
            pair("deux trillions", "deux mille milliards")
        );
        assert_eq!(
            b("soit deux billions"),
            pair("deux billions", "deux milliards")
        );
        for t in [
            "billion",
            "Le billion",
            "$2 billion",
            "2 millions",
            "trillionaire 5",
            "2billion",
        ] {
            assert_eq!(b(t), vec![], "{t:?}");
        }
    }

    #[test]
    fn currency() {
        let c = |t| run("number/currency-symbol", t);
        assert_eq!(
            c("pour $1 million."),
            pair("$1 million", "1 million de dollars")
        );
        assert_eq!(c("pour $ 12.50."), pair("$ 12.50", "12,5 dollars"));
        assert_eq!(c("pour $1."), pair("$1", "1 dollar"));
        assert_eq!(
            c("pour $2 trillion."),
            pair("$2 trillion", "2 000 milliards de dollars")
        );
        assert_eq!(c("pour C$5."), pair("C$5", "5 dollars canadiens"));
        assert_eq!(c("pour £3.5bn."), vec![]);
        for t in ["10 $", "$", "$$", "R$5", "$5a", "€", "£ ", "US$"] {
            assert_eq!(c(t), vec![], "{t:?}");
        }
    }

    #[test]
    fn bad_options_are_explained() {
        let err = |s: &str| {
            let t: toml::Table = toml::from_str(s).expect("test options parse");
            build(&t).err().unwrap_or_default()
        };
        assert_eq!(err("check = \"grouping\""), "");
        assert!(err("check = \"currency\"").contains("currencies"));
        assert!(
            err("check = \"currency\"\ncurrencies = { \"X\" = [\"a\", \"b\"] }")
                .contains("currency sign")
        );
        assert!(err("check = \"nope\"").contains("nope"));
        assert!(err("check = \"grouping\"\ncount-nouns = [\"a b\"]").contains("one word"));
    }
}

#[cfg(test)]
mod robustness {
    use crate::config::Policy;
    use crate::document::Document;
    use crate::engines::EngineContext;
    use crate::rules::{RuleSet, builtin};

    /// Every unit and number rule on pseudo-random joins of tricky fragments:
    /// no panic, and every span on char boundaries.
    #[test]
    fn no_panic_on_fragment_soup() {
        let mut set = RuleSet::load(&builtin::sources("fr")).expect("built-in rules load");
        for r in set.rules_mut() {
            r.enabled = r.id.starts_with("unit/") || r.id.starts_with("number/");
        }
        let policy = Policy::default();
        let cx = EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let frags = [
            "55",
            " ",
            "\u{A0}",
            "\u{202F}",
            "miles",
            "mile",
            "pieds",
            "°F",
            "° F",
            "°",
            "degrés",
            ",",
            ".",
            "-",
            "−",
            "–",
            "1,000",
            "1.5",
            "million",
            "millions",
            "de",
            "d’",
            "d'",
            "billion",
            "trillions",
            "$",
            "US$",
            "€",
            "£",
            "é",
            "\u{301}",
            "(",
            ")",
            "«",
            "»",
            "\n",
            "chaleur",
            "pèse",
            "livres",
            "une",
            "douzaine",
            "des",
            "centaines",
            "et",
            "vingt",
            "cinq",
            "à",
            "entre",
            "12/20/2022",
            "3:30",
            "p.m.",
            "pm",
            "x",
            "🙂",
            "0",
            "9",
            "00",
            "carrés",
            "mph",
            "écran",
            "pouces",
            "soit",
            "km",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..3000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 12) as usize + 1;
            for k in 0..n {
                let x = seed.rotate_left((k * 5) as u32);
                text.push_str(frags[(x % frags.len() as u64) as usize]);
            }
            let doc = Document::from_text(&text);
            for f in set.check(&doc, &cx) {
                assert!(doc.text().is_char_boundary(f.span.start), "{text:?}");
                assert!(doc.text().is_char_boundary(f.span.end), "{text:?}");
            }
        }
    }
}
