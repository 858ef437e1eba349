//! # `attribution`: who said it, according to whom
//!
//! Two checks, chosen by the rule's `check` option.
//!
//! ## `check = "orphan"`: an attribution whose source is gone
//!
//! Scraping drops hyperlinks, and a hyperlinked outlet or agency is usually
//! the object of the attribution: `dans des propos rapportés par [TASS].`
//! becomes `rapportés par .`. The engine finds a reporting preposition or a
//! reporting participle with its preposition, followed directly by
//! punctuation (optionally through a determiner): `selon .`, `d'après ,`,
//! `rapportés par .`, `cité par ,`, `a déclaré à ,`, `a indiqué le .`.
//! The name is missing: the reader cannot check the claim. Restore the
//! source from the original article, or rewrite the sentence.
//!
//! Options (all lists are data, matched case-insensitively with word
//! boundaries; `'` and `’` are interchangeable; `(e)`, `(s)`… mark optional
//! endings, so `rapporté(e)(s) par` stands for four forms):
//!
//! - `heads`: phrases that need an object (`selon`, `d'après`,
//!   `rapporté(e)(s) par`, `au micro de`…).
//! - `verbs`: reporting participles that need an object when followed by
//!   one of `links` (`déclaré` + `à` → `déclaré à`).
//! - `links`: prepositions and determiners after `verbs` (`à`, `au`, `le`…).
//! - `determiners`: optional between a head and the punctuation
//!   (`selon le .`).
//! - `punctuation`: the characters that show the object is missing
//!   (default `.,;)]»”`; `:` and `?` are left out: `selon :` may introduce a
//!   list, `Selon ?` is a question).
//! - `skip-after-word`: heads that are also adjectives after a noun
//!   (`le monde d'après.`); they are reported only after punctuation or at
//!   the start of a line.
//! - `exceptions`: phrases ending with a head that are idioms (`c'est
//!   selon.`).
//! - `gap-words` (default 3): a head followed by up to this many words and
//!   then a *spaced* full stop or comma (`a-t-il dit au journal .`,
//!   `selon l’agence de presse ,`) is reported too: the space is where a
//!   hyperlinked name was cut out (clean French never spaces `.` or `,`).
//!   Personal pronouns (`selon lui ,`) and capitalised words (`selon Le
//!   Parisien .`: the source is named) make it a stray space, not a
//!   missing source. `0` turns this off.
//!
//! A head at the very end of a paragraph is reported too; a line break
//! inside a paragraph is not (hard-wrapped text continues on the next line).
//! A comma followed by a capitalised name (`Selon, le Collectif …`) is a
//! stray comma, not a missing source.
//!
//! The check is anchored on punctuation: only a word before `.`/`,`/… that
//! ends a head or is a determiner triggers the comparison with the heads,
//! so the cost does not grow with the number of heads.
//!
//! ## `check = "quote-speaker"`: a quotation nobody said
//!
//! A direct quotation of a full sentence or more, standing as its own
//! sentence, with no speaker: no reporting verb (`dire`, `déclarer`,
//! `affirmer`, `ajouter`, `estimer`…, inverted incises such as
//! `affirme-t-il`, `selon`, `d'après`) in the same sentence, the sentences
//! around it or the rest of its line, and no colon introducing it. MT
//! often drops the reporting clause (`, a-t-il déclaré`) or moves it to the
//! wrong sentence.
//!
//! It is conservative (precision first, human news quotes a lot): a
//! quotation embedded in a sentence (`Il a promis « … »`), followed by a
//! comma (the incise that follows is the attribution), introduced by a
//! colon, shorter than `min-words` words, starting with a lower-case word
//! (a fragment), nested, on a ticker line, in the title, or standing alone
//! as a heading (a whole line without final punctuation) is never
//! reported. Nor is one with an incise inside (`« Le problème, a-t-il
//! estimé, … »`), one following a sentence that quotes too (the same
//! speaker goes on), or one after a sentence naming someone (a capitalised
//! word inside the sentence: `Jenny Baese, 44 ans, a commandé un curry.
//! « … »`). On the clean news corpus it reports about one quotation per
//! 100,000 words, hence its `info` severity.
//!
//! Options: `min-words` (default 6); `reporting-verbs`: the reporting
//! lexicon, one entry per word form; an entry ending in `*` is a prefix
//! (`déclar*` covers `déclare`, `déclaré`, `déclarait`…). Elided prefixes
//! (`s’`, `l’`, `qu’`) are stripped before matching. The default list is
//! [`DEFAULT_REPORTING`](super::reporting::DEFAULT_REPORTING).

use super::quotes::{self, Quotation};
use super::reporting::{self, Lexicon};
use super::tokens::{Fx, is_alphabetic, is_uppercase, next_marked, tokens};
use super::{Engine, EngineContext, Prior};
use crate::diagnostic::{Finding, Scope};
use crate::document::Document;
use crate::messages::Localized;
use serde::Deserialize;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Check {
    Orphan,
    QuoteSpeaker,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    check: Check,
    heads: Option<Vec<String>>,
    verbs: Option<Vec<String>>,
    links: Option<Vec<String>>,
    determiners: Option<Vec<String>>,
    punctuation: Option<String>,
    skip_after_word: Option<Vec<String>>,
    exceptions: Option<Vec<String>>,
    gap_words: Option<usize>,
    min_words: Option<usize>,
    reporting_verbs: Option<Vec<String>>,
}

/// Expands optional groups: `rapporté(e)(s) par` → four forms.
fn expand(entry: &str) -> Result<Vec<String>, String> {
    let mut forms = vec![String::new()];
    let mut rest = entry.trim();
    while let Some(open) = rest.find('(') {
        let close = rest[open..]
            .find(')')
            .map(|i| open + i)
            .ok_or_else(|| format!("unbalanced `(` in `{entry}`"))?;
        let (fixed, opt) = (&rest[..open], &rest[open + 1..close]);
        let mut next = Vec::with_capacity(forms.len() * 2);
        for f in &forms {
            next.push(format!("{f}{fixed}"));
            next.push(format!("{f}{fixed}{opt}"));
        }
        forms = next;
        rest = &rest[close + 1..];
    }
    if rest.contains(')') {
        return Err(format!("unbalanced `)` in `{entry}`"));
    }
    Ok(forms
        .into_iter()
        .map(|f| format!("{f}{rest}").replace('\'', "’"))
        .filter(|f| !f.trim().is_empty())
        .collect())
}

/// The normalised lowercase form used for comparisons.
fn norm(s: &str) -> String {
    s.trim().replace('\'', "’").to_lowercase()
}

struct Orphan {
    /// Every head, as normalised words (`["rapportés", "par"]`).
    heads: Vec<Vec<String>>,
    /// Heads by their last word (normalised): the only words after which
    /// the expensive check runs. Looked up for every word before
    /// punctuation, hence the fast hasher.
    by_final: HashMap<String, Vec<usize>, BuildHasherDefault<Fx>>,
    determiners: Vec<String>,
    /// First bytes of the punctuation characters, for the byte scan.
    trigger: [bool; 256],
    /// Shapes of the heads' final words and of the determiners (see
    /// [`Orphan::may_be_key`]).
    shapes: Box<Shapes>,
    punctuation: Vec<char>,
    skip_after_word: Vec<String>,
    exceptions: Vec<String>,
    /// Words allowed between a head and a spaced punctuation mark.
    gap_words: usize,
}

/// Keys (heads' final words, determiners) shorter than this many bytes
/// have their shape in [`Shapes`].
const SHAPE_LEN: usize = 32;

/// The shapes of the keys an orphan check compares words with: by length,
/// which first and which last bytes occur (normalised forms: lowercase,
/// `’`). A word of another shape is no key.
struct Shapes {
    first: [[bool; 256]; SHAPE_LEN],
    last: [[bool; 256]; SHAPE_LEN],
    /// A key is `SHAPE_LEN` bytes or longer (every long word may be one).
    long: bool,
}

struct QuoteSpeaker {
    min_words: usize,
    lex: Arc<Lexicon>,
}

enum Mode {
    Orphan(Box<Orphan>),
    QuoteSpeaker(QuoteSpeaker),
}

/// The engine.
pub struct Attribution {
    mode: Mode,
}

fn required(v: Option<Vec<String>>, name: &str) -> Result<Vec<String>, String> {
    match v {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(format!(
            "`check = \"orphan\"` needs a non-empty `{name}` list"
        )),
    }
}

/// Builds the engine from its options.
pub fn build(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    Ok(Box::new(attribution(table)?))
}

/// [`build`], the engine itself (tests look inside it).
fn attribution(table: &toml::Table) -> Result<Attribution, String> {
    let o: Options = super::options(table)?;
    let mode = match o.check {
        Check::Orphan => {
            if o.min_words.is_some() || o.reporting_verbs.is_some() {
                return Err(
                    "`min-words` and `reporting-verbs` apply only to `check = \"quote-speaker\"`"
                        .into(),
                );
            }
            let mut phrases: Vec<String> = Vec::new();
            for h in required(o.heads, "heads")? {
                phrases.extend(expand(&h)?);
            }
            let links = o.links.unwrap_or_default();
            for v in o.verbs.unwrap_or_default() {
                for form in expand(&v)? {
                    for l in &links {
                        phrases.push(format!("{form} {}", norm(l)));
                    }
                }
            }
            let heads: Vec<Vec<String>> = phrases
                .iter()
                .map(|p| norm(p).split_whitespace().map(str::to_owned).collect())
                .filter(|w: &Vec<String>| !w.is_empty())
                .collect();
            let determiners: Vec<String> = o
                .determiners
                .unwrap_or_default()
                .iter()
                .map(|d| norm(d))
                .filter(|d| !d.is_empty())
                .collect();
            let mut by_final: HashMap<String, Vec<usize>, BuildHasherDefault<Fx>> =
                HashMap::default();
            for (i, h) in heads.iter().enumerate() {
                if let Some(last) = h.last() {
                    by_final.entry(last.clone()).or_default().push(i);
                }
            }
            let punctuation: Vec<char> = o
                .punctuation
                .unwrap_or_else(|| ".,;)]»”".to_owned())
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let mut trigger = [false; 256];
            trigger[usize::from(b'\n')] = true;
            for c in &punctuation {
                let mut buf = [0u8; 4];
                trigger[usize::from(c.encode_utf8(&mut buf).as_bytes()[0])] = true;
            }
            let mut shapes = Box::new(Shapes {
                first: [[false; 256]; SHAPE_LEN],
                last: [[false; 256]; SHAPE_LEN],
                long: false,
            });
            for k in by_final.keys().chain(&determiners) {
                let b = k.as_bytes();
                match (b.first(), b.last()) {
                    (Some(&f), Some(&l)) if b.len() < SHAPE_LEN => {
                        shapes.first[b.len()][usize::from(f)] = true;
                        shapes.last[b.len()][usize::from(l)] = true;
                    }
                    _ => shapes.long = true,
                }
            }
            Mode::Orphan(Box::new(Orphan {
                shapes,
                gap_words: o.gap_words.unwrap_or(3),
                heads,
                by_final,
                determiners,
                trigger,
                punctuation,
                skip_after_word: o
                    .skip_after_word
                    .unwrap_or_default()
                    .iter()
                    .map(|s| norm(s))
                    .collect(),
                exceptions: o
                    .exceptions
                    .unwrap_or_default()
                    .iter()
                    .map(|s| norm(s))
                    .collect(),
            }))
        }
        Check::QuoteSpeaker => {
            if o.heads.is_some()
                || o.verbs.is_some()
                || o.links.is_some()
                || o.determiners.is_some()
                || o.punctuation.is_some()
                || o.skip_after_word.is_some()
                || o.exceptions.is_some()
                || o.gap_words.is_some()
            {
                return Err(
                    "`heads`, `verbs`, `links`, `determiners`, `punctuation`, `skip-after-word`, `exceptions` and `gap-words` apply only to `check = \"orphan\"`"
                        .into(),
                );
            }
            let lex = match &o.reporting_verbs {
                Some(v) => Arc::new(Lexicon::new(v)?),
                None => Lexicon::shared_default(),
            };
            Mode::QuoteSpeaker(QuoteSpeaker {
                min_words: o.min_words.unwrap_or(6).max(1),
                lex,
            })
        }
    };
    Ok(Attribution { mode })
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{00A0}' || c == '\u{202F}' || c == '\u{2009}'
}

/// Lowercase `s` ends with the normalised `suffix` (apostrophes unified)?
fn ends_with_norm(s: &str, suffix: &str) -> bool {
    let n = suffix.chars().count();
    let tail: String = {
        let chars: Vec<char> = s.chars().rev().take(n).collect();
        chars.into_iter().rev().collect()
    };
    tail.chars().count() == n && norm(&tail) == suffix && {
        // word boundary before the suffix
        let before = &s[..s.len() - tail.len()];
        !before
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    }
}

/// Objects that complete a head (`selon lui ,` is a stray space, not a
/// missing source).
const PRONOUNS: &[&str] = &[
    "lui", "elle", "eux", "elles", "moi", "toi", "nous", "vous", "soi", "il", "ils", "on",
];

/// The word ending at `end` (letters and apostrophes, after spaces on the
/// same line): its start and text.
fn word_before(text: &str, end: usize) -> Option<(usize, &str)> {
    // ASCII fast path: spaces then letters and `'`, byte by byte; any
    // non-ASCII byte where a walk stops sends the word to the walk by
    // characters below (a no-break space, an accented letter, `’`).
    let b = text.as_bytes();
    let mut e = end;
    while e > 0 && matches!(b[e - 1], b' ' | b'\t' | b'\r') {
        e -= 1;
    }
    let mut s = e;
    while s > 0 && (b[s - 1].is_ascii_alphabetic() || b[s - 1] == b'\'') {
        s -= 1;
    }
    if s == 0 || b[s - 1] < 0x80 {
        return (s < e).then(|| (s, &text[s..e]));
    }
    word_before_chars(text, end)
}

/// [`word_before`] character by character.
fn word_before_chars(text: &str, end: usize) -> Option<(usize, &str)> {
    let before = text[..end].trim_end_matches(|c| is_space(c) || c == '\r');
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_alphabetic(c) || c == '\'' || c == '’')
        .last()
        .map(|(i, _)| i)?;
    Some((start, &before[start..]))
}

/// `word` equals the normalised `want` (case and apostrophes aside)?
fn same_word(word: &str, want: &str) -> bool {
    if word.len() == want.len() && word.eq_ignore_ascii_case(want) {
        return true;
    }
    needs_fold(word) && norm_eq(word, want)
}

/// May `norm_eq(word, want)` hold when `word.eq_ignore_ascii_case(want)`
/// does not? Only for a word with an apostrophe, or one holding a capital
/// that is non-ASCII or trimmed of whitespace: a plain ASCII word is
/// compared by `norm_eq` as its ASCII-lowered bytes, which the
/// case-insensitive test already did. Why: this decides, for every word
/// before a comma or full stop, whether to walk every determiner char by
/// char.
fn needs_fold(word: &str) -> bool {
    if word.contains('\'') {
        return true;
    }
    let plain_ascii = word.is_ascii() && word.trim().len() == word.len();
    !plain_ascii && word.chars().any(is_uppercase)
}

/// `norm(word) == want`, without building `norm(word)`: this runs for every
/// capitalised word before punctuation against every determiner, where the
/// allocation showed in profiles. `str::to_lowercase` lowercases char by
/// char except for a final `Σ`, left to [`norm`].
fn norm_eq(word: &str, want: &str) -> bool {
    let word = word.trim();
    if word.is_ascii() {
        // Byte by byte: `'` stands for `’`, capitals for their lowercase.
        let mut rest = want.as_bytes();
        for &b in word.as_bytes() {
            let next = if b == b'\'' {
                rest.strip_prefix("’".as_bytes())
            } else {
                rest.split_first()
                    .filter(|(w, _)| **w == b.to_ascii_lowercase())
                    .map(|(_, r)| r)
            };
            match next {
                Some(r) => rest = r,
                None => return false,
            }
        }
        return rest.is_empty();
    }
    if word.contains('Σ') {
        return norm(word) == want;
    }
    word.trim()
        .chars()
        .map(|c| if c == '\'' { '’' } else { c })
        .flat_map(char::to_lowercase)
        .eq(want.chars())
}

impl Orphan {
    /// May `word` (a word of [`word_before`]) be a determiner or end a
    /// head? False when an ASCII word, normalised as the keys are (capitals
    /// lowered, `'` read as `’`), has a length, first byte and last byte
    /// that no key has together: both comparisons are then skipped, for
    /// most words before punctuation. Non-ASCII words are always compared.
    fn may_be_key(&self, word: &str) -> bool {
        let b = word.as_bytes();
        if !word.is_ascii() {
            return true;
        }
        let (Some(&f), Some(&l)) = (b.first(), b.last()) else {
            return true;
        };
        // `'` is read as `’` (three bytes, E2 80 99), capitals lowered.
        let len = b.len() + 2 * b.iter().filter(|&&c| c == b'\'').count();
        let byte = |c: u8, quote: u8| {
            usize::from(if c == b'\'' {
                quote
            } else {
                c.to_ascii_lowercase()
            })
        };
        if len >= SHAPE_LEN {
            return self.shapes.long;
        }
        self.shapes.first[len][byte(f, 0xE2)] && self.shapes.last[len][byte(l, 0x99)]
    }

    /// The heads ending with `word`.
    fn ending_with(&self, word: &str) -> Option<&[usize]> {
        if word.len() > 24 {
            return None;
        }
        let found = if word.contains('\'') {
            self.by_final.get(&norm(word))
        } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
            // The keys are lowercase (`norm`), so the one key equal to `word`
            // up to ASCII case is `word` with its ASCII capitals lowered: a
            // lookup, not a walk through every key for each capitalised word.
            let mut buf = [0u8; 24];
            let lower = &mut buf[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            std::str::from_utf8(lower)
                .ok()
                .and_then(|k| self.by_final.get(k))
        } else {
            self.by_final.get(word)
        };
        found.map(Vec::as_slice)
    }

    fn is_determiner(&self, word: &str) -> bool {
        if word.len() > 8 {
            return false;
        }
        // `same_word` against each determiner, with the case and apostrophe
        // test done once for the word rather than once per determiner.
        let fold = needs_fold(word);
        self.determiners.iter().any(|d| {
            (word.len() == d.len() && word.eq_ignore_ascii_case(d)) || (fold && norm_eq(word, d))
        })
    }

    /// The start of the head ending at `end`, if one does.
    fn head_before(&self, text: &str, end: usize) -> Option<usize> {
        let (_, last) = word_before(text, end)?;
        let mut best: Option<usize> = None;
        'heads: for &i in self.ending_with(last)? {
            let mut at = end;
            let mut start = end;
            for w in self.heads[i].iter().rev() {
                match word_before(text, at) {
                    Some((s, word)) if same_word(word, w) => {
                        start = s;
                        at = s;
                    }
                    _ => continue 'heads,
                }
            }
            // Longest head wins.
            if best.is_none_or(|b| start < b) {
                best = Some(start);
            }
        }
        best
    }

    fn run(&self, text: &str, rule: usize, out: &mut Vec<Finding>) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let Some(p) = next_marked(&self.trigger, bytes, i) else {
                break;
            };
            i = p + 1;
            if !text.is_char_boundary(p) {
                continue;
            }
            let Some(c) = text[p..].chars().next() else {
                break;
            };
            if c != '\n' && !self.punctuation.contains(&c) {
                continue;
            }
            // The word before the punctuation: a determiner or a head's end.
            let Some((ws, word)) = word_before(text, p) else {
                continue;
            };
            let key = self.may_be_key(word);
            let determiner = key && self.is_determiner(word);
            let mut s = None;
            let mut e = p;
            if determiner || (key && self.ending_with(word).is_some()) {
                s = self.head_before(text, p);
                if s.is_none() && determiner {
                    s = self.head_before(text, ws);
                    e = ws;
                }
            }
            // `a-t-il dit au journal .`, `selon l’agence de presse ,`: a
            // space before the punctuation where a link was cut out, a few
            // words after a head.
            let spaced = matches!(c, '.' | ',') && text[..p].ends_with([' ', '\u{a0}']);
            let mut gap = false;
            if s.is_none() && spaced && !PRONOUNS.iter().any(|w| same_word(word, w)) {
                let mut at = ws;
                for _ in 0..self.gap_words {
                    if let Some(h) = self.head_before(text, at) {
                        // `selon Le Parisien .`: a capitalised word names
                        // the source; only a stray space is left.
                        if !text[at..p].chars().any(char::is_uppercase) {
                            s = Some(h);
                            e = at;
                            gap = true;
                        }
                        break;
                    }
                    match word_before(text, at) {
                        Some((w0, _)) => at = w0,
                        None => break,
                    }
                }
            }
            let Some(s) = s else { continue };
            if c == '\n' && !paragraph_ends(text, p) {
                continue;
            }
            let head_end = text[..e].trim_end_matches(is_space).len();
            let head = norm(&text[s..head_end]);
            let before = text[..s].trim_end_matches(is_space);
            if self.skip_after_word.contains(&head)
                && before
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let upto = &text[..head_end];
            if self.exceptions.iter().any(|x| ends_with_norm(upto, x)) {
                continue;
            }
            let end = if c == '\n' { p } else { p + c.len_utf8() };
            // `Selon, le Collectif …`: a stray comma, the source follows.
            if c == ',' {
                let after = text[end..].trim_start_matches(is_space);
                let after = self
                    .determiners
                    .iter()
                    .find_map(|d| {
                        after
                            .get(..d.len())
                            .filter(|h| norm(h) == *d)
                            .map(|_| after[d.len()..].trim_start_matches(is_space))
                    })
                    .unwrap_or(after);
                if after.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
            }
            let (what, what_fr) = match c {
                '\n' => (
                    "the end of the paragraph".to_owned(),
                    "la fin du paragraphe".to_owned(),
                ),
                c if gap => {
                    let cut = text[head_end..p].trim();
                    (
                        format!("“{cut}” and a space before “{c}”, where a link was cut out"),
                        format!(
                            "« {cut} » et d’une espace avant « {c} », là où un lien a été coupé"
                        ),
                    )
                }
                c => (format!("“{c}”"), format!("« {c} »")),
            };
            let span_end = if c == '\n' {
                text[..p]
                    .trim_end_matches([' ', '\t', '\r', '\u{a0}'])
                    .len()
            } else {
                end
            };
            out.push(Finding {
                rule,
                span: s..span_end,
                message: Some(Localized::new(
                    format!(
                        "attribution “{}” is followed by {what}: the source's name is missing",
                        &text[s..head_end]
                    ),
                    format!(
                        "attribution « {} » suivie de {what_fr} : le nom de la source manque",
                        &text[s..head_end]
                    ),
                )),
                fix: None,
                scope: Scope::Span,
            });
        }
        // A head at the very end of the text.
        let trimmed = text.trim_end().len();
        if trimmed > 0
            && !text[trimmed..].contains('\n')
            && let Some(s) = self.head_before(text, trimmed)
        {
            let head = &text[s..trimmed];
            out.push(Finding {
                rule,
                span: s..trimmed,
                message: Some(Localized::new(
                    format!(
                        "attribution “{head}” is followed by the end of the text: the source's name is missing"
                    ),
                    format!("attribution « {head} » en fin de texte : le nom de la source manque"),
                )),
                fix: None,
                scope: Scope::Span,
            });
        }
    }
}

/// Is the newline at `p` the end of a paragraph (a blank line or the end of
/// the text follows)?
fn paragraph_ends(text: &str, p: usize) -> bool {
    let rest = &text[p + 1..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    rest[..line_end].trim().is_empty()
}

impl QuoteSpeaker {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Finding>) {
        let text = doc.text();
        if !text.bytes().any(|b| b == b'"' || b == 0xC2 || b == 0xE2) {
            return;
        }
        let shared = quotes::scan_shared(doc, &self.lex);
        let scan = &shared.scan;
        let mut candidates: Vec<&Quotation> = scan
            .quotations
            .iter()
            .filter(|q| {
                q.depth == 0
                    && self.sentence_like(text, q)
                    && !quotes::on_ticker_line(text, q.open.start)
            })
            .collect();
        if candidates.is_empty() {
            return;
        }
        candidates.sort_by_key(|q| q.open.start);
        // The title: the first non-blank line, when more text follows.
        let title_end = text
            .char_indices()
            .find(|&(_, c)| !c.is_whitespace())
            .map(|(i, _)| text[i..].find('\n').map_or(text.len(), |j| i + j))
            .filter(|&e| !text[e..].trim().is_empty());
        for q in candidates {
            let line = quotes::near_line(text, q.open.start);
            if title_end.is_some_and(|e| q.open.start < e) {
                continue;
            }
            let sentences = local_sentences(text, q);
            if self.attributed(text, &sentences, q, &line) {
                continue;
            }
            let n_words = words(&text[q.open.end..q.close.start]).count();
            let lb = line.clone();
            let rest = &text[q.open.end..lb.end.max(q.open.end)];
            let lead = rest.len() - rest.trim_start_matches(is_space).len();
            let span = match words(&rest[lead..]).next() {
                Some(w) if w.start == 0 => q.open.start..q.open.end + lead + w.end,
                _ => q.open.clone(),
            };
            out.push(Finding {
                rule,
                span,
                message: Some(Localized::new(
                    format!(
                        "quotation of {n_words} words with no speaker: no reporting verb, colon or attribution in this sentence or the ones around it"
                    ),
                    format!(
                        "citation de {n_words} mots sans locuteur : ni verbe de parole, ni deux-points, ni attribution dans cette phrase ou autour"
                    ),
                )),
                fix: None,
                scope: Scope::Span,
            });
        }
    }

    /// A full sentence quoted on its own: long enough, capitalised, not
    /// embedded in a sentence, not followed by an incise.
    fn sentence_like(&self, text: &str, q: &Quotation) -> bool {
        if q.open.end > q.close.start {
            return false;
        }
        let content = text[q.open.end..q.close.start].trim_matches(|c: char| is_space(c));
        // The capital first: one character, where counting words walks
        // several.
        if !content.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        if words(content).nth(self.min_words - 1).is_none() {
            return false;
        }
        let line_start = quotes::near_line(text, q.open.start).start;
        let line_end = quotes::near_line(text, q.close.end).end.max(q.close.end);
        let before = text[line_start..q.open.start].trim_end_matches(|c: char| is_space(c));
        let after = text[q.close.end..line_end].trim_start_matches(|c: char| is_space(c));
        let ends_sentence = content.ends_with(['.', '!', '?', '…']);
        // Starts a sentence.
        let starts = before.is_empty()
            || before.ends_with(['.', '!', '?', '…', '»', '”', '"']) && !before.ends_with("...\"");
        if !starts {
            return false;
        }
        // A heading: the whole line, no final punctuation.
        if before.is_empty() && after.trim().is_empty() && !ends_sentence {
            return false;
        }
        let mut a = after.chars();
        match a.next() {
            None => ends_sentence || !before.is_empty(),
            Some('.' | '!' | '?' | '…') => a.next().is_none_or(char::is_whitespace),
            Some(c) => {
                ends_sentence && (c.is_uppercase() || matches!(c, '«' | '“' | '"' | '—' | '–'))
            }
        }
    }

    /// Is there a speaker around the quotation?
    fn attributed(
        &self,
        text: &str,
        sentences: &[Range<usize>],
        q: &Quotation,
        line: &Range<usize>,
    ) -> bool {
        // A colon just before the opening mark, or ending the previous line.
        let before = text[..q.open.start].trim_end_matches(char::is_whitespace);
        if before.ends_with(':') {
            return true;
        }
        // An incise inside the quotation (« Le problème, a-t-il estimé, … »).
        if quotes::reporting_clause(text, q.open.end..q.close.start, &self.lex).is_some() {
            return true;
        }
        let i = sentences.partition_point(|s| s.end <= q.open.start);
        let j = sentences.partition_point(|s| s.end < q.close.end);
        let prev = sentences
            .get(i.wrapping_sub(1))
            .filter(|_| i > 0)
            .cloned()
            .unwrap_or(q.open.start..q.open.start);
        // The previous sentence quotes too: the same speaker goes on.
        if text[prev.clone()]
            .bytes()
            .any(|b| b == b'"' || b == 0xC2 || b == 0xE2)
            && text[prev.clone()].contains(['"', '«', '»', '“', '”'])
        {
            return true;
        }
        let start = prev.start.min(line.start).min(q.open.start);
        let end = sentences
            .get(j + 1)
            .or_else(|| sentences.get(j))
            .map_or(text.len(), |s| s.end)
            .max(line.end)
            .min(text.len())
            .max(q.close.end);
        let reporting = |r: Range<usize>| {
            let seg = text.get(r).unwrap_or("");
            words(seg).any(|w| {
                let word = &seg[w];
                self.lex.is_reporting(word) || reporting::is_inverted(word)
            })
        };
        if reporting(start..q.open.start) || reporting(q.close.end..end) {
            return true;
        }
        // A speaker named before the quotation (`Jenny, 44 ans, a commandé
        // un curry. « … »`): a capitalised word inside a sentence.
        names_someone(text.get(start..q.open.start).unwrap_or(""))
    }
}

/// The sentences around a quotation: those of its line(s) and of the
/// non-blank lines just before and after (a local, cheap version of
/// [`Document::sentences`]).
fn local_sentences(text: &str, q: &Quotation) -> Vec<Range<usize>> {
    let line_start = |at: usize| quotes::near_line(text, at).start;
    let line_end = |at: usize| {
        let l = quotes::near_line(text, at);
        // Up to the line terminator, so that `line_end + 1` starts a line.
        if text.as_bytes().get(l.end) == Some(&b'\r') {
            l.end + 1
        } else {
            l.end
        }
    };
    // One non-blank line back and forth.
    let mut start = line_start(q.open.start);
    let mut back = start;
    // (A clipped window does not start at a line: stop there.)
    while back > 0 && text.as_bytes()[back - 1] == b'\n' {
        let s = line_start(back - 1);
        if !text[s..back - 1].trim().is_empty() {
            start = s;
            break;
        }
        back = s;
    }
    let mut end = line_end(q.close.end);
    let mut fwd = end;
    while fwd < text.len() && text.as_bytes()[fwd] == b'\n' {
        let e = line_end(fwd + 1);
        if !text[fwd + 1..e].trim().is_empty() {
            end = e;
            break;
        }
        fwd = e;
    }
    let mut out = Vec::new();
    let mut sent = start;
    let region = &text[start..end];
    let mut chars = region.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = start + i;
        if c == '\n' {
            // A line break ends a paragraph-like unit.
            if !text[sent..at].trim().is_empty() {
                out.push(sent..at);
            }
            sent = at + 1;
            continue;
        }
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        if c == '.' {
            let w = text[sent..at]
                .rsplit(|ch: char| !ch.is_alphanumeric())
                .next()
                .unwrap_or("");
            if matches!(w, "M" | "MM" | "Mme" | "Dr" | "Mgr" | "St" | "Me")
                || w.chars().count() == 1 && w.chars().all(char::is_uppercase)
            {
                continue;
            }
        }
        let mut e = at + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if matches!(d, '.' | '!' | '?' | '…' | '»' | '”' | '"' | ')' | ']') {
                e = start + j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = text[e..end].trim_start_matches([' ', '\t', '\u{a0}', '\u{202f}']);
        if rest.len() == end - e {
            continue;
        }
        if rest.chars().next().is_some_and(|n| {
            n.is_uppercase() || n.is_numeric() || matches!(n, '«' | '“' | '"' | '—' | '–' | '-')
        }) {
            out.push(sent..e);
            sent = end - rest.len();
        }
    }
    if !text[sent..end].trim().is_empty() {
        out.push(sent..end);
    }
    out
}

/// The word ranges of `s`: those of [`crate::document::words`] (the tests of the
/// tokenizer check that they are the same), from the faster tokenizer of
/// the lexicon engines. Why: the quotation checks count and scan the
/// words around every quotation.
fn words(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    tokens(s).map(|t| t.range)
}

/// Does `seg` hold a capitalised word that does not start a sentence?
fn names_someone(seg: &str) -> bool {
    words(seg).any(|w| {
        let first = seg[w.clone()].chars().next();
        if !first.is_some_and(char::is_uppercase) || w.end - w.start < 2 {
            return false;
        }
        let before = seg[..w.start].trim_end();
        !(before.is_empty()
            || before.ends_with(['.', '!', '?', '…', '«', '“', '"', '—', '–', '-', ':', '(']))
    })
}

impl Engine for Attribution {
    fn check(
        &self,
        doc: &Document,
        _cx: &EngineContext<'_>,
        rule: usize,
        _prior: Prior<'_>,
        out: &mut Vec<Finding>,
    ) {
        match &self.mode {
            Mode::Orphan(o) => o.run(doc.text(), rule, out),
            Mode::QuoteSpeaker(q) => q.run(doc, rule, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_before_fast_path_agrees_with_the_character_walk() {
        let pieces = [
            "a", "Selon", "l'", "l’", "é", " ", "\u{a0}", "\t", "\r", "\n", ".", ",", "1", "-",
            "ÉTÉ", "ß", "'",
        ];
        for s in crate::engines::testing::mixed_texts(&pieces, 3000, 12, 0x0a77_1b07_0000_0013) {
            for end in (0..=s.len()).filter(|&e| s.is_char_boundary(e)) {
                assert_eq!(
                    word_before(&s, end),
                    word_before_chars(&s, end),
                    "{s:?} {end}"
                );
            }
        }
    }

    #[test]
    fn the_shape_filter_drops_no_key() {
        let t = orphan_table();
        let Mode::Orphan(o) = attribution(&t).unwrap().mode else {
            panic!("an orphan rule");
        };
        let words = [
            "rapportés",
            "RAPPORTÉS",
            "cité",
            "Cités",
            "déclaré",
            "L",
            "LES",
            "d'",
            "D'",
            "D'APRÈS",
            "LA",
            "Le",
            "selon",
            "Selon",
            "SELON",
            "par",
            "PAR",
            "Par",
            "d'après",
            "D’APRÈS",
            "l'",
            "L'",
            "l’",
            "le",
            "LE",
            "La",
            "les",
            "du",
            "Au",
            "maison",
            "dit",
            "x",
            "'",
            "à",
            "À",
        ];
        for w in words {
            if !o.may_be_key(w) {
                assert!(!o.is_determiner(w) && o.ending_with(w).is_none(), "{w:?}");
            }
        }
        // The filter does filter: an ordinary word is not compared.
        assert!(!o.may_be_key("maison") && !o.may_be_key("Paris"));
    }

    #[test]
    fn norm_eq_is_norm_then_eq() {
        let words = [
            "le", "Le", "LE", "l'", "L'", "l’", "L’", "d'", "D’", "les", "Les", " le ", "Éric",
            "ÉTÉ", "été", "ΣΑΣ", "σας", "İl", "x'y'", "'", "",
        ];
        let wants = ["le", "l’", "d’", "les", "été", "σας", "i̇l", "x’y’", "’", ""];
        for w in words {
            for want in wants {
                assert_eq!(norm_eq(w, want), norm(w) == want, "{w:?} {want:?}");
            }
        }
    }

    #[test]
    fn same_word_skips_no_fold_it_needs() {
        let words = [
            "le", "Le", "LE", "l'", "L'", "l’", "L’", "d'", "D’", "les", "Les", " le ", " Le",
            "Éric", "ÉTÉ", "été", "ΣΑΣ", "σας", "İl", "x'y'", "'", "", "Selon", "SELON", "selon",
            "Agence", "AFP", "Dé", "dÉ", "Le\u{a0}", "\tLa",
        ];
        let wants = [
            "le", "l’", "d’", "les", "été", "σας", "i̇l", "x’y’", "’", "", "selon", "Le", "afp",
            "dé", "la",
        ];
        for w in words {
            for want in wants {
                // the test before the fast fold test
                let slow = (w.len() == want.len() && w.eq_ignore_ascii_case(want))
                    || ((w.contains('\'') || w.chars().any(char::is_uppercase))
                        && norm_eq(w, want));
                assert_eq!(same_word(w, want), slow, "{w:?} {want:?}");
            }
        }
    }

    use crate::config::Policy;
    use crate::rules::RuleSet;

    fn orphan_table() -> toml::Table {
        toml::from_str(
            r#"
            check = "orphan"
            heads = ["selon", "d'après", "rapporté(e)(s) par", "cité(e)(s) par"]
            verbs = ["déclaré", "indiqué"]
            links = ["à", "le", "la"]
            determiners = ["le", "la", "les", "l'"]
            skip-after-word = ["d'après"]
            exceptions = ["c'est selon"]
            "#,
        )
        .unwrap()
    }

    fn run(table: &toml::Table, text: &str) -> Vec<String> {
        let engine = build(table).unwrap();
        let doc = Document::from_text(text);
        let policy = Policy::default();
        let cx = EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let rules = RuleSet::load(&[]).unwrap();
        let mut out = Vec::new();
        engine.check(
            &doc,
            &cx,
            0,
            Prior {
                findings: &[],
                rules: &rules,
            },
            &mut out,
        );
        out.iter()
            .map(|f| doc.text()[f.span.clone()].to_owned())
            .collect()
    }

    #[test]
    fn expand_optional_groups() {
        assert_eq!(
            expand("rapporté(e)(s) par").unwrap(),
            [
                "rapporté par",
                "rapportés par",
                "rapportée par",
                "rapportées par"
            ]
        );
        assert!(expand("a(b").is_err());
    }

    #[test]
    fn orphans_fire() {
        let t = orphan_table();
        assert_eq!(
            run(&t, "Des propos rapportés par . Ensuite"),
            ["rapportés par ."]
        );
        assert_eq!(run(&t, "Il l’a dit, selon .\n"), ["selon ."]);
        assert_eq!(run(&t, "Il a déclaré à , hier"), ["déclaré à ,"]);
        assert_eq!(run(&t, "comme l’a indiqué le ."), ["indiqué le ."]);
        assert_eq!(run(&t, "Selon la ."), ["Selon la ."]);
        assert_eq!(run(&t, "Elle est partie, d’après ."), ["d’après ."]);
        assert_eq!(run(&t, "cité par\n\nSuite"), ["cité par"]);
    }

    #[test]
    fn orphans_quiet() {
        let t = orphan_table();
        for q in [
            "Selon l’AFP, il est parti.",
            "C’est selon.",
            "le monde d’après.",
            "Il a déclaré : « Oui ».",
            "rapportés par\nl’agence Reuters.",
            "Il l’a indiqué.",
            "Le président a déclaré le 3 mai qu’il partirait.",
            "",
        ] {
            assert!(run(&t, q).is_empty(), "{q:?}");
        }
    }

    fn speaker_table() -> toml::Table {
        toml::from_str("check = \"quote-speaker\"").unwrap()
    }

    #[test]
    fn quote_without_speaker() {
        let t = speaker_table();
        let text = "Titre\n\nLa ville est calme. « Nous ne céderons jamais devant ces menaces venues de loin. » Le marché a rouvert.";
        assert_eq!(run(&t, text), ["« Nous"]);
    }

    #[test]
    fn attributed_quotes_are_quiet() {
        let t = speaker_table();
        for q in [
            "Titre\n\n« Nous ne céderons jamais devant ces menaces venues de loin », a-t-il déclaré.",
            "Titre\n\nLe ministre s’est exprimé hier. « Nous ne céderons jamais devant ces menaces venues de loin. »",
            "Titre\n\nIl a lancé : « Nous ne céderons jamais devant ces menaces venues de loin. »",
            "Titre\n\nIl a promis « que nous ne céderons jamais devant ces menaces ».",
            "Titre\n\n« Nous ne céderons jamais devant ces menaces venues de loin »\n\nLe marché.",
            "Titre\n\n« Nous ne céderons pas. » Le marché a rouvert.",
            "Titre\n\nJean Dupont, 44 ans, a commandé un curry. « Je suis ravie que quelqu’un d’autre cuisine pour moi ! »",
            "Titre\n\n« Le problème, a-t-il estimé, ce n’est même plus lui ni son équipe. »",
            "Titre\n\nIl parle : « Nous partirons. » « Nous ne céderons jamais devant ces menaces venues de loin. »",
        ] {
            assert!(run(&t, q).is_empty(), "{q:?}: {:?}", run(&t, q));
        }
    }

    #[test]
    fn engines_survive_odd_input() {
        let tables = [orphan_table(), speaker_table()];
        for text in [
            "",
            "selon",
            "selon\n",
            "d'après",
            "« »",
            "Titre\n\n« A B C D E F G. »",
            "\u{a0}selon\u{a0}.",
            "Cité par\r\n\r\n",
            "« Nous ne partirons jamais d’ici, jamais. »\n",
        ] {
            for t in &tables {
                let _ = run(t, text);
            }
        }
    }

    #[test]
    fn lexicon_forms() {
        let l = Lexicon::default_reporting();
        for w in [
            "déclare",
            "Déclaré",
            "affirme-t-il",
            "s’exclame",
            "s'exclame",
            "dit-elle",
            "selon",
        ] {
            assert!(l.is_reporting(w), "{w}");
        }
        for w in ["maison", "chat", "Paris"] {
            assert!(!l.is_reporting(w), "{w}");
        }
    }
}
