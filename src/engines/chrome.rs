//! `chrome`: site chrome that no fixed phrase list can spell in advance.
//!
//! # What it catches
//!
//! Phrase and pattern rules catch chrome spelled exactly as listed. Scraped
//! and machine-translated pages spell it every other way: in capitals
//! (`VOUS AIMEREZ AUSSI`), without accents, with a typo (`Partagez cet
//! aricle`), translated word for word from an English site (`PLUS :`,
//! `EN RELATION :`, `LIRE LA SUITE : <titre>`), and they repeat the title or a
//! caption. Each rule of `lints/fr/boilerplate.toml` that uses this engine runs
//! one check (`check = "…"`):
//!
//! | check | reports |
//! |---|---|
//! | `label-line` | a short line that is a chrome label, compared in a normalised form (case, accents, punctuation and spacing ignored; one or two typos allowed on long labels) |
//! | `repeated-line` | the title, a subtitle or a caption printed twice: a line repeated (verbatim or nearly) right after itself, a head line repeated a few lines further, or a run of three or more lines printed again (a byline and agency block at the foot) |
//! | `title-suffix` | a title that ends with the site's or the section's name: `… \| Monde`, `… – CBS News` |
//! | `site-banner` | a first line that is the site's name: `Nouvelles Du Monde` (English title case), `exemple.com - …` |
//!
//! # Options
//!
//! | option | default | check | what |
//! |---|---|---|---|
//! | `check` | (required) | all | one of the checks above |
//! | `labels` | `[]` | `label-line` | labels that are chrome when they are the whole line |
//! | `lead-labels` | `[]` | `label-line` | labels that are chrome at the start of a line when a colon follows them (`LIRE LA SUITE : <titre>`); the whole line is reported |
//! | `typos` | `true` | `label-line` | allow one edit on labels of 10 to 23 normalised characters, two from 24 |
//! | `near` | `0` | `label-line` | when above 0, a label fires only if a boilerplate or provenance finding of warning severity or above lies within this many non-blank lines (for words such as `Info` or `Discussion` that are chrome only among chrome) |
//! | `max-chars` | `160` | `label-line` | lines longer than this (bytes) are prose and never examined |
//! | `adjacent-min-chars` | `12` | `repeated-line` | a line repeated on the next non-blank line is reported from this many bytes (and two words) |
//! | `head-lines` | `15` | `repeated-line` | a repeat of one of the first three non-blank lines is looked for in this many non-blank lines from the top |
//! | `min-words` | `6` | `repeated-line` | a head line must have this many words to count as a title |
//! | `media-words` | `[]` | `title-suffix` | words that name a media outlet (`News`, `TV`, `Times`): a ` – Suffix` is reported only when it holds one (a ` \| Suffix` always is) |
//!
//! A label written in capitals in `labels` or `lead-labels` (`PLUS`) matches
//! only a line written in capitals: `PLUS : <titre>` is a translated
//! related-links label, `Plus : …` may be prose.
//!
//! # Traps it avoids
//!
//! - Running prose never matches: a label must be the whole (short) line, or
//!   a line start followed by `:`.
//! - A line already reported by another boilerplate rule is not reported
//!   again (one problem, one finding): the engine runs after the other rules
//!   and reads their findings.
//! - Repeats: short lines repeated far apart (list items, table rows, a
//!   refrain, `(Abrogé)` in a legal text, a section title used twice) are
//!   left alone. Only a line repeated on the very next non-blank line, or one
//!   of the first three lines (title, subtitle) repeated near the top, is
//!   reported, and table rows (`|`) never are. A short repeated line (under
//!   `min-words`) must look like a caption or a name: one that ends with
//!   `.`, `!`, `?` or a closing quote, or opens with a quote or a dash, is a
//!   chant or a line of dialogue. A line found three times or
//!   more, not all near the top, is a formula of the text and is left alone
//!   unless it belongs to a repeated run of three lines; a run counts only
//!   when printed again within 40 lines (a document pasted twice, or a file
//!   of concatenated articles, is not reported line by line). Lines over
//!   4,000 bytes are not compared.
//! - Titles: a ` – ` inside a title (`Nantes – Lyon : 2-1`) is not a site
//!   name unless the part after it names a media outlet.

use super::{Engine, EngineContext, Prior, options};
use crate::diagnostic::{Category, Finding, Scope, Severity};
use crate::document::Document;
use serde::Deserialize;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Maps keyed by line hashes: FxHash (SipHash showed in profiles).
type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<super::tokens::Fx>>;
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Check {
    LabelLine,
    RepeatedLine,
    TitleSuffix,
    SiteBanner,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    check: Check,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    lead_labels: Vec<String>,
    #[serde(default = "yes")]
    typos: bool,
    #[serde(default)]
    near: usize,
    #[serde(default = "default_max_chars")]
    max_chars: usize,
    #[serde(default = "default_adjacent")]
    adjacent_min_chars: usize,
    #[serde(default = "default_head_lines")]
    head_lines: usize,
    #[serde(default = "default_min_words")]
    min_words: usize,
    #[serde(default)]
    media_words: Vec<String>,
}

fn yes() -> bool {
    true
}
fn default_max_chars() -> usize {
    160
}
fn default_adjacent() -> usize {
    12
}
fn default_head_lines() -> usize {
    15
}
fn default_min_words() -> usize {
    6
}

/// One label: its normalised form, and whether it must be in capitals.
#[derive(Debug, Clone)]
struct Label {
    norm: Vec<char>,
    upper: bool,
}

fn label(s: &str) -> Result<Label, String> {
    let norm: Vec<char> = normalise(s).chars().collect();
    if norm.is_empty() {
        return Err(format!(
            "label “{s}” is empty once case, accents and punctuation are removed"
        ));
    }
    let upper = s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase);
    Ok(Label { norm, upper })
}

/// Builds the engine from its options.
pub fn build(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    let o: Options = options(table)?;
    let label_opts = !o.labels.is_empty() || !o.lead_labels.is_empty() || o.near > 0;
    if label_opts && o.check != Check::LabelLine {
        return Err(
            "`labels`, `lead-labels` and `near` apply to `check = \"label-line\"` only".into(),
        );
    }
    if o.check == Check::LabelLine && o.labels.is_empty() && o.lead_labels.is_empty() {
        return Err("`check = \"label-line\"` needs `labels` or `lead-labels`".into());
    }
    if !o.media_words.is_empty() && o.check != Check::TitleSuffix {
        return Err("`media-words` applies to `check = \"title-suffix\"` only".into());
    }
    if o.min_words == 0 || o.adjacent_min_chars == 0 {
        return Err("`min-words` and `adjacent-min-chars` must be at least 1".into());
    }
    // Sorted by first character (see `Chrome::matches`); never empty.
    let mut labels: Vec<Label> = o
        .labels
        .iter()
        .map(|s| label(s))
        .collect::<Result<_, _>>()?;
    labels.sort_by_key(|l| l.norm[0]);
    let mut lead: Vec<Label> = o
        .lead_labels
        .iter()
        .map(|s| label(s))
        .collect::<Result<_, _>>()?;
    lead.sort_by_key(|l| l.norm[0]);
    let longest = o.labels.iter().map(String::len).max().unwrap_or(0);
    Ok(Box::new(Chrome {
        longest,
        check: o.check,
        labels,
        lead,
        typos: o.typos,
        near: o.near,
        max_chars: o.max_chars,
        adjacent_min_chars: o.adjacent_min_chars,
        head_lines: o.head_lines,
        min_words: o.min_words,
        media_words: o.media_words,
    }))
}

struct Chrome {
    /// Bytes of the longest whole-line label as written.
    longest: usize,
    check: Check,
    labels: Vec<Label>,
    lead: Vec<Label>,
    typos: bool,
    near: usize,
    max_chars: usize,
    adjacent_min_chars: usize,
    head_lines: usize,
    min_words: usize,
    media_words: Vec<String>,
}

/// Case folded, accents removed, HTML entities (`&#039;`) and every run of
/// punctuation or spacing turned into one space, trimmed: the form in which
/// lines are compared.
pub(crate) fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalise_into(s, &mut out);
    out
}

/// The French accented letters, folded without a decomposition table (the
/// fast path of [`normalise_into`]).
fn fold_latin(c: char) -> Option<char> {
    Some(match c {
        'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' | 'á' | 'Á' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'î' | 'ï' | 'Î' | 'Ï' | 'í' | 'Í' => 'i',
        'ô' | 'ö' | 'Ô' | 'Ö' | 'ó' | 'Ó' => 'o',
        'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' | 'ú' | 'Ú' => 'u',
        'ç' | 'Ç' => 'c',
        'ÿ' | 'Ÿ' => 'y',
        'ñ' | 'Ñ' => 'n',
        _ => return None,
    })
}

/// [`normalise`] into a buffer the caller reuses (appends to `out`).
fn normalise_into(s: &str, out: &mut String) {
    let base = out.len();
    let mut space = true;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '&'
            && let Some(end) = rest[1..].find(';')
            && (1..=8).contains(&end)
            && rest[1..=end]
                .chars()
                .all(|c| c == '#' || c.is_ascii_alphanumeric())
        {
            rest = &rest[end + 2..];
            if !space {
                out.push(' ');
                space = true;
            }
            continue;
        }
        rest = &rest[c.len_utf8()..];
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            space = false;
        } else if let Some(f) = fold_latin(c) {
            out.push(f);
            space = false;
        } else if c.is_alphanumeric() {
            for d in c.to_lowercase().nfd().filter(|d| !is_combining_mark(*d)) {
                out.push(d);
            }
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.len() > base && out.ends_with(' ') {
        out.pop();
    }
}

/// [`normalise`] as characters, into buffers the caller reuses (`buf`
/// holds the string, `out` receives its characters).
fn normalise_chars(s: &str, buf: &mut String, out: &mut Vec<char>) {
    buf.clear();
    normalise_into(s, buf);
    out.clear();
    out.extend(buf.chars());
}

/// Is the Levenshtein distance between `a` and `b` at most `k`? Only the
/// diagonal band of width `2k + 1` is computed: linear in the length.
fn within<T: PartialEq>(a: &[T], b: &[T], k: usize) -> bool {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > k {
        return false;
    }
    let inf = k + 1;
    let mut prev = vec![inf; m + 1];
    for (j, p) in prev.iter_mut().enumerate().take(k.min(m) + 1) {
        *p = j;
    }
    let mut cur = vec![inf; m + 1];
    for i in 1..=n {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(m);
        cur[lo - 1] = if lo == 1 && i <= k { i } else { inf };
        let mut best = cur[lo - 1];
        for j in lo..=hi {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let v = sub.min(prev[j] + 1).min(cur[j - 1] + 1).min(inf);
            cur[j] = v;
            best = best.min(v);
        }
        if hi < m {
            cur[hi + 1] = inf;
        }
        if best > k {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m] <= k
}

/// Typos allowed on a label of `n` normalised characters.
fn tolerance(n: usize) -> usize {
    match n {
        0..=9 => 0,
        10..=23 => 1,
        _ => 2,
    }
}

/// `range` without its leading and trailing whitespace.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    start..end.max(start)
}

fn is_upper(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// [`trim_range`] with the ASCII whitespace at each end removed byte by
/// byte first; the characters are decoded only at a non-ASCII end.
fn trim_range_fast(text: &str, range: Range<usize>) -> Range<usize> {
    let b = text.as_bytes();
    // `char::is_whitespace` on ASCII: tab to carriage return, and space.
    let ws = |c: u8| matches!(c, b'\t'..=b'\r' | b' ');
    let (mut s, mut e) = (range.start, range.end);
    while s < e && ws(b[s]) {
        s += 1;
    }
    while e > s && ws(b[e - 1]) {
        e -= 1;
    }
    if s < e && (b[s] >= 0x80 || b[e - 1] >= 0x80) {
        return trim_range(text, s..e);
    }
    s..e
}

/// The non-blank lines of a document, trimmed (the memo entry).
struct NonBlank(Vec<Range<usize>>);

/// The non-blank lines of the document, trimmed; computed once per
/// document for every chrome rule (see [`Document::memo`]).
fn nonblank(doc: &Document) -> std::sync::Arc<NonBlank> {
    doc.memo(
        |_: &NonBlank| true,
        || {
            // The pieces between line feeds, trimmed: the non-blank lines
            // of `Document::lines` (the `\r` it drops is trimmed here).
            let text = doc.text();
            let mut lines = Vec::new();
            let mut start = 0;
            for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
                let l = trim_range_fast(text, start..end);
                if !l.is_empty() {
                    lines.push(l);
                }
                start = end + 1;
            }
            NonBlank(lines)
        },
    )
}

/// The first non-blank line, trimmed.
fn first_nonblank(doc: &Document) -> Option<Range<usize>> {
    let text = doc.text();
    doc.lines()
        .map(|l| trim_range(text, l))
        .find(|l| !l.is_empty())
}

/// Spans of the other rules' boilerplate findings (and provenance ones:
/// page metadata), sorted by start.
fn chrome_spans(prior: &Prior<'_>, provenance: bool) -> Vec<Range<usize>> {
    let mut v: Vec<Range<usize>> = prior
        .kinds()
        .filter(|(_, c, _)| {
            *c == Category::Boilerplate || (provenance && *c == Category::Provenance)
        })
        .map(|(f, _, _)| f.span.clone())
        .collect();
    v.sort_by_key(|s| s.start);
    v
}

/// The spans of `spans` (sorted by start) that overlap `line`. Spans are a
/// line or less, so only the few starting just before the line's end are
/// looked at.
fn overlapping<'a>(
    spans: &'a [Range<usize>],
    line: &Range<usize>,
) -> impl Iterator<Item = &'a Range<usize>> + 'a {
    let end = line.end.max(line.start + 1);
    let start = line.start;
    let upto = spans.partition_point(|s| s.start < end);
    spans[..upto]
        .iter()
        .rev()
        .take(64)
        .filter(move |s| s.end.max(s.start + 1) > start)
}

fn overlaps_any(spans: &[Range<usize>], line: &Range<usize>) -> bool {
    overlapping(spans, line).next().is_some()
}

/// The part of `line` a label check looks at: the whole line when no other
/// finding is on it; the rest of the line when a finding covers only its
/// start (`date 2023-01 Voir la galerie`: the metadata is reported, the
/// label after it is not yet); nothing otherwise.
fn candidate(text: &str, line: &Range<usize>, spans: &[Range<usize>]) -> Option<Range<usize>> {
    let mut first = usize::MAX;
    let mut last = 0;
    for s in overlapping(spans, line) {
        first = first.min(s.start);
        last = last.max(s.end);
    }
    if first == usize::MAX {
        return Some(line.clone());
    }
    if first < line.start || !text[line.start..first].trim().is_empty() || last >= line.end {
        return None;
    }
    let rest = trim_range(text, last..line.end);
    (!rest.is_empty()).then_some(rest)
}

/// Lines longer than this (bytes) are never compared as repeats.
const LONG_LINE: usize = 4000;

/// A line summarised: hash of its text (0 for a line not compared) and
/// length in bytes. Its words are counted by [`words`] only for the few
/// lines found repeated.
#[derive(Debug, Clone, Copy)]
struct Sig {
    hash: u64,
    len: usize,
}

/// Words of a line that hold a letter or digit.
fn words(line: &str) -> usize {
    line.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

impl Sig {
    const EMPTY: Sig = Sig { hash: 0, len: 0 };

    /// The summary of a line as written (exact repeats; near ones are
    /// compared in normalised form).
    fn of(line: &str) -> Sig {
        // FxHash, not SipHash: a line hash is computed for every line of
        // the article, and only equal lines must hash alike.
        Sig {
            hash: super::tokens::fx_hash(line.as_bytes()) | 1,
            len: line.len(),
        }
    }
}

/// Could two lines be near repeats (worth normalising both)? Similar
/// lengths, and the same first or last 8 bytes, ASCII case aside.
fn maybe_near(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (n, m) = (a.len(), b.len());
    n >= 8
        && m >= 8
        && n.abs_diff(m) <= n.max(m) / 8 + 4
        && (a[..8].eq_ignore_ascii_case(&b[..8]) || a[n - 8..].eq_ignore_ascii_case(&b[m - 8..]))
}

/// Two normalised lines that are the same, or nearly (from 60 bytes: one
/// edit per 30 bytes, at most 10, with the first or last 12 bytes equal).
fn near_same(a: &str, b: &str) -> bool {
    if a == b {
        return !a.is_empty();
    }
    let n = a.len().min(b.len());
    if n < 60 {
        return false;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    (a[..12] == b[..12] || a[a.len() - 12..] == b[b.len() - 12..]) && within(a, b, (n / 30).min(10))
}

/// Lines that belong to a run of three or more consecutive lines printed
/// again further down (a byline, agency and copyright block repeated at
/// the foot of the page): every line of the repeated run.
fn blocks(sigs: &[Sig]) -> Vec<bool> {
    const BLOCK_WINDOW: usize = 40;
    let mut seen: FxMap<u64, u32> = FxMap::with_capacity_and_hasher(sigs.len(), Default::default());
    for g in sigs.iter().filter(|g| g.hash != 0) {
        *seen.entry(g.hash).or_default() += 1;
    }
    let mut index: FxMap<u64, Vec<usize>> = FxMap::default();
    for (i, g) in sigs.iter().enumerate() {
        if g.hash != 0 && seen.get(&g.hash).is_some_and(|&n| n > 1) {
            index.entry(g.hash).or_default().push(i);
        }
    }
    let mut in_block = vec![false; sigs.len()];
    for i in 0..sigs.len() {
        let Some(earlier) = index.get(&sigs[i].hash) else {
            continue;
        };
        if in_block[i] {
            continue;
        }
        // Only a run printed again within `BLOCK_WINDOW` lines: a document
        // pasted twice, or a corpus of concatenated articles, is not chrome.
        let from = earlier.partition_point(|&j| j + BLOCK_WINDOW < i);
        for &j in earlier[from..].iter().take_while(|&&j| j < i).take(16) {
            let mut k = 0;
            while i + k < sigs.len()
                && j + k < i
                && sigs[i + k].hash != 0
                && sigs[i + k].hash == sigs[j + k].hash
            {
                k += 1;
            }
            if k >= 3 {
                in_block[i..i + k].iter_mut().for_each(|b| *b = true);
            }
        }
    }
    in_block
}

impl Engine for Chrome {
    fn needs_findings(&self) -> bool {
        true
    }

    fn check(
        &self,
        doc: &Document,
        _cx: &EngineContext<'_>,
        rule: usize,
        prior: Prior<'_>,
        out: &mut Vec<Finding>,
    ) {
        let spans = chrome_spans(&prior, self.check == Check::LabelLine);
        let found: Vec<Range<usize>> = match self.check {
            Check::LabelLine => {
                let strong = if self.near > 0 {
                    let mut v: Vec<Range<usize>> = prior
                        .kinds()
                        .filter(|(_, c, sev)| {
                            matches!(c, Category::Boilerplate | Category::Provenance)
                                && *sev >= Severity::Warning
                        })
                        .map(|(f, _, _)| f.span.clone())
                        .collect();
                    v.sort_by_key(|s| s.start);
                    v
                } else {
                    Vec::new()
                };
                self.label_lines(doc, &spans, &strong)
            }
            Check::RepeatedLine => self.repeats(doc, &spans),
            Check::TitleSuffix => self.title_suffix(doc, &spans).into_iter().collect(),
            Check::SiteBanner => site_banner(doc, &spans).into_iter().collect(),
        };
        out.extend(found.into_iter().map(|span| Finding {
            rule,
            span,
            message: None,
            fix: None,
            scope: Scope::Span,
        }));
    }
}

impl Chrome {
    /// Does `norm` (a normalised line or line start, `upper` if the original
    /// is in capitals) match one of `labels`?
    fn matches(&self, labels: &[Label], norm: &[char], upper: bool) -> bool {
        // Labels are sorted by first character, and both an exact match
        // and a near one need the same first character: only that run of
        // labels is compared.
        let Some(&first) = norm.first() else {
            return false;
        };
        let from = labels.partition_point(|l| l.norm[0] < first);
        let to = from + labels[from..].partition_point(|l| l.norm[0] == first);
        labels[from..to].iter().any(|l| {
            if l.upper && !upper {
                return false;
            }
            if l.norm == norm {
                return true;
            }
            let k = if self.typos {
                tolerance(l.norm.len())
            } else {
                0
            };
            // The first letter is never the typo: spares `Partager` ~ `Partages`
            // style near-words on short labels a second comparison.
            k > 0 && norm.first() == l.norm.first() && within(&l.norm, norm, k)
        })
    }

    /// `spans`: the other chrome findings (lines to skip); `strong`: those
    /// of warning severity or above (what a `near` label must be near).
    fn label_lines(
        &self,
        doc: &Document,
        spans: &[Range<usize>],
        strong: &[Range<usize>],
    ) -> Vec<Range<usize>> {
        let text = doc.text();
        let lines = nonblank(doc);
        let lines = &lines.0;
        let mut hits = Vec::new();
        // The normalised line, and its characters: buffers reused.
        let mut buf = String::new();
        let mut norm: Vec<char> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if line.len() > self.max_chars {
                continue;
            }
            let Some(part) = candidate(text, line, spans) else {
                continue;
            };
            let s = &text[part.clone()];
            // Normalising only shortens a line (two bytes per accented
            // letter at most): a line over twice the longest label is prose.
            let whole = !self.labels.is_empty() && s.len() <= 2 * self.longest + 8 && {
                normalise_chars(s, &mut buf, &mut norm);
                !norm.is_empty() && self.matches(&self.labels, &norm, is_upper(s))
            };
            let lead = !whole
                && !self.lead.is_empty()
                && s.as_bytes()[..s.len().min(41)].contains(&b':')
                && s.find(':').is_some_and(|c| {
                    c > 0 && c <= 40 && {
                        let head = &s[..c];
                        normalise_chars(head, &mut buf, &mut norm);
                        !norm.is_empty() && self.matches(&self.lead, &norm, is_upper(head))
                    }
                });
            if whole || lead {
                hits.push((i, part));
            }
        }
        if self.near == 0 {
            return hits.into_iter().map(|(_, l)| l).collect();
        }
        // Weak labels: only among other chrome lines.
        let chrome_lines: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| overlaps_any(strong, l))
            .map(|(i, _)| i)
            .collect();
        hits.into_iter()
            .filter(|(i, _)| chrome_lines.iter().any(|c| c.abs_diff(*i) <= self.near))
            .map(|(_, l)| l)
            .collect()
    }

    fn repeats(&self, doc: &Document, spans: &[Range<usize>]) -> Vec<Range<usize>> {
        let text = doc.text();
        let lines = nonblank(doc);
        let lines = &lines.0;
        // One pass: each line's hash, length and word count as written;
        // the normalised form (two reused buffers) only for the head lines
        // and for adjacent lines that may be near repeats.
        let mut sigs = Vec::with_capacity(lines.len());
        let mut head: Vec<String> = Vec::new();
        let mut prev = String::new();
        let mut cur = String::new();
        let mut adjacent_same = vec![false; lines.len()];
        let mut head_same = vec![false; lines.len()];
        let mut prev_raw = "";
        for (i, l) in lines.iter().enumerate() {
            let s = &text[l.clone()];
            // Table rows and pipe-separated cells repeat by design. Lines
            // over `LONG_LINE` bytes are not compared (a page on one line, a
            // data dump): a repeated paragraph is shorter.
            let usable = s.len() <= LONG_LINE
                && !(s.starts_with('|')
                    || memchr::memchr_iter(b'|', s.as_bytes()).nth(1).is_some())
                && s.chars().any(char::is_alphanumeric);
            let sig = if usable { Sig::of(s) } else { Sig::EMPTY };
            if usable && i > 0 && !prev_raw.is_empty() {
                adjacent_same[i] = s == prev_raw
                    || (maybe_near(prev_raw, s) && {
                        prev.clear();
                        cur.clear();
                        normalise_into(prev_raw, &mut prev);
                        normalise_into(s, &mut cur);
                        near_same(&prev, &cur)
                    });
            }
            if i < self.head_lines.max(3) {
                cur.clear();
                if usable {
                    normalise_into(s, &mut cur);
                }
                head_same[i] = i < self.head_lines
                    && !cur.is_empty()
                    && head
                        .iter()
                        .enumerate()
                        .any(|(j, h)| j + 1 != i && near_same(h, &cur));
                if i < 3 {
                    head.push(cur.clone());
                }
            }
            sigs.push(sig);
            prev_raw = if usable { s } else { "" };
        }
        let in_block = blocks(&sigs);
        // A line found three times or more, not all near the top, is a
        // formula of the text (`Dernier accès : …` in references, `(Abrogé)`),
        // not a title or a caption printed twice.
        let mut counts: FxMap<u64, (usize, usize)> = FxMap::default();
        for (i, g) in sigs.iter().enumerate() {
            let e = counts.entry(g.hash).or_insert((0, 0));
            e.0 += 1;
            e.1 = i;
        }
        let formula = |h: u64| {
            counts
                .get(&h)
                .is_some_and(|&(count, last)| count >= 3 && last >= self.head_lines)
        };
        let mut out = Vec::new();
        for i in 1..lines.len() {
            let g = sigs[i];
            if g.hash == 0
                || !(adjacent_same[i] || head_same[i] || in_block[i])
                || overlaps_any(spans, &lines[i])
                || (formula(g.hash) && !in_block[i])
            {
                continue;
            }
            let words = words(&text[lines[i].clone()]);
            // A short line repeated (under `min-words`) must look like a
            // caption or a name, not a sentence: a chant or a refrain ends
            // with punctuation or is quoted.
            let raw = text[lines[i].clone()].trim_end();
            let caption_like = words >= self.min_words
                || !(raw.ends_with(['.', '!', '?', '…', '»', '"', '”'])
                    || raw.starts_with(['«', '"', '“', '-', '–', '—']));
            let adjacent =
                adjacent_same[i] && g.len >= self.adjacent_min_chars && words >= 2 && caption_like;
            let head = head_same[i] && words >= self.min_words;
            if adjacent || head || in_block[i] {
                out.push(lines[i].clone());
            }
        }
        out
    }

    fn title_suffix(&self, doc: &Document, spans: &[Range<usize>]) -> Option<Range<usize>> {
        let text = doc.text();
        let line = first_nonblank(doc)?;
        if overlaps_any(spans, &line) || line.len() > 300 {
            return None;
        }
        let s = &text[line.clone()];
        let (at, sep_len, pipe) = [" | ", " – ", " — ", " - "]
            .iter()
            .filter_map(|sep| s.rfind(sep).map(|i| (i, sep.len(), *sep == " | ")))
            .max_by_key(|(i, _, _)| *i)?;
        let head = &s[..at];
        let tail = s[at + sep_len..].trim();
        let tail_words = tail.split_whitespace().count();
        if head.split_whitespace().count() < 4
            || !(1..=5).contains(&tail_words)
            || tail.len() > 40
            || tail.ends_with(['.', '?', '!', '»', '"', ')'])
            || !tail.chars().next().is_some_and(char::is_uppercase)
        {
            return None;
        }
        let media = tail
            .split_whitespace()
            .any(|w| self.media_words.iter().any(|m| m == w) || is_domain(w));
        (pipe || media).then(|| line.start + at + 1..line.end)
    }
}

/// `exemple.com`, `site.co.uk`, `Vietnam.vn`: a word that is a domain name.
fn is_domain(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    let Some((name, tld)) = w.rsplit_once('.') else {
        return false;
    };
    name.len() >= 2
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_lowercase())
}

/// The first line when it is the site's name rather than a title.
fn site_banner(doc: &Document, spans: &[Range<usize>]) -> Option<Range<usize>> {
    let text = doc.text();
    let line = first_nonblank(doc)?;
    if overlaps_any(spans, &line) || line.len() > 80 {
        return None;
    }
    let s = &text[line.clone()];
    let toks: Vec<&str> = s.split_whitespace().collect();
    if toks.is_empty() || s.ends_with(['.', '?', '!', ':', ';', ',', '»', '"']) {
        return None;
    }
    // A domain as the first word: `exemple.com - Le portail de …`.
    if is_domain(toks[0]) && toks[0].contains(|c: char| c.is_ascii_lowercase()) {
        return Some(line);
    }
    // English title case on French function words: `Nouvelles Du Monde`.
    const FUNCTION: &[&str] = &[
        "Du", "De", "Des", "La", "Le", "Les", "Et", "En", "Au", "Aux",
    ];
    let all_caps_initial = toks
        .iter()
        .all(|t| t.chars().next().is_some_and(char::is_uppercase));
    let not_shouting = toks.iter().any(|t| t.chars().any(char::is_lowercase));
    ((2..=5).contains(&toks.len())
        && all_caps_initial
        && not_shouting
        && toks[1..].iter().any(|t| FUNCTION.contains(t)))
    .then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_line_split_and_trim_agree_with_the_document_lines() {
        let pieces = [
            "a", "é", " ", "\t", "\r", "\n", "\u{a0}", "\u{2003}", "\u{b}", "\u{c}", "x y", "\r\n",
        ];
        for t in crate::engines::testing::mixed_texts(&pieces, 3000, 16, 0x0c47_0e11_0000_0007) {
            let doc = Document::from_text(&t);
            let want: Vec<_> = doc
                .lines()
                .map(|l| trim_range(doc.text(), l))
                .filter(|l| !l.is_empty())
                .collect();
            assert_eq!(nonblank(&doc).0, want, "{t:?}");
        }
    }

    #[test]
    fn normalise_folds_case_accents_punctuation_entities() {
        assert_eq!(normalise("  VOUS AIMEREZ AUSSI :"), "vous aimerez aussi");
        assert_eq!(normalise("Crédit d’image"), "credit d image");
        assert_eq!(normalise("l&#039;homme"), "l homme");
        assert_eq!(normalise("..."), "");
    }

    #[test]
    fn bounded_distance() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within(&c("article"), &c("aricle"), 1));
        assert!(!within(&c("article"), &c("arcle"), 1));
        assert!(within(&c("abc"), &c("abc"), 0));
        assert!(!within(&c("abc"), &c("abcdef"), 2));
    }

    #[test]
    fn banded_distance_agrees_with_the_full_table() {
        fn full(a: &[u8], b: &[u8]) -> usize {
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            for (i, x) in a.iter().enumerate() {
                let mut cur = vec![i + 1; b.len() + 1];
                for (j, y) in b.iter().enumerate() {
                    cur[j + 1] = (prev[j] + usize::from(x != y))
                        .min(prev[j + 1] + 1)
                        .min(cur[j] + 1);
                }
                prev = cur;
            }
            prev[b.len()]
        }
        let texts = crate::engines::testing::mixed_texts(&["a", "b", "ab", "ba", "c"], 60, 9, 7);
        for a in &texts {
            for b in &texts {
                for k in 0..4 {
                    assert_eq!(
                        within(a.as_bytes(), b.as_bytes(), k),
                        full(a.as_bytes(), b.as_bytes()) <= k,
                        "{a:?} {b:?} {k}"
                    );
                }
            }
        }
    }

    #[test]
    fn domains() {
        assert!(is_domain("exemple.com"));
        assert!(is_domain("site.co.uk"));
        assert!(!is_domain("M."));
        assert!(!is_domain("fin."));
        assert!(!is_domain("3.5"));
    }

    #[test]
    fn options_are_checked() {
        let t = |s: &str| build(&s.parse::<toml::Table>().unwrap()).err();
        assert!(t("check = \"label-line\"").is_some());
        assert!(t("check = \"repeated-line\"\nlabels = [\"x\"]").is_some());
        assert!(t("check = \"label-line\"\nlabels = [\"...\"]").is_some());
        assert!(t("check = \"label-line\"\nlabels = [\"x\"]\nbogus = 1").is_some());
        assert!(t("check = \"repeated-line\"").is_none());
    }
}
