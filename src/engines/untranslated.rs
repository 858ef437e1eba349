//! `untranslated`: source-language text (English by default) left in an
//! article.
//!
//! # What it catches
//!
//! Machine translation leaves English where it met markup or a construction
//! it could not handle, and scraping brings English site text along: a
//! bracketed editorial insertion (`Durant [these talks]des questions…`), a
//! headline in a list of links, a sentence, a whole paragraph (an author bio
//! such as `Chairman of the board of directors responsible for…`, a theme
//! notice such as `… License is not validated, Go to the theme options
//! page…`). Readers see a half-translated article; editors must translate or
//! cut it.
//!
//! # How
//!
//! Each word is scored by how much more frequent it is in the source
//! language than in the article's (zipf difference from the embedded
//! lexicons, see [`crate::lexicon::english_score`]: `these` +2.7, `talks`
//! +2.1, `des` −2.9, `questions` 0). The engine finds maximal *runs* of
//! source-language words on one line, allowing short neutral gaps (numbers,
//! names, words common to both languages) and breaking at a clearly French
//! word, and reports **one finding per run** with its text, not one per word.
//! A run is reported when it has at least `min-words` source-language words
//! summing to `min-score`, one of them a lowercase content word; a run that
//! fills a pair of brackets needs only `bracket-min-words` (two). A run that
//! covers most of its line (a whole paragraph in English) is reported by the
//! rule whose `report` is `paragraph` (an error), the others by the rule
//! whose `report` is `span`.
//!
//! Only lines holding an English function word (`the`, `of`, `these`,
//! `is`…) are scored, which keeps the engine fast; as a consequence an
//! English headline made only of content words (`Moroccan students secure
//! scholarships`) is not caught.
//!
//! # Options
//!
//! | option | default | meaning |
//! |---|---|---|
//! | `source` | `"en"` | the source language (a language with an embedded lexicon) |
//! | `report` | `"span"` | `span`: runs inside a paragraph; `paragraph`: runs covering most of it |
//! | `word-threshold` | 1.0 | zipf difference from which a word counts as source language |
//! | `native-threshold` | −0.5 | zipf difference at or below which a word is the article's language and ends a run |
//! | `min-words` | 3 | source-language words a run needs |
//! | `min-score` | 5.0 | sum of their scores a run needs |
//! | `bracket-min-words` | 2 | the same, for a run that fills a pair of brackets |
//! | `bracket-min-score` | 3.0 | the same, for a bracketed run |
//! | `max-gap` | 3 | neutral words allowed in a row inside a run |
//! | `paragraph-share` | 0.8 | share of the line's words a run must cover to be a paragraph |
//! | `paragraph-min-words` | 12 | words a paragraph run needs |
//! | `loanwords` | `[]` | words to treat as neutral, added to the built-in list (`week-end`, `start-up`, `leader`, `podcast`…) |
//!
//! # Traps it avoids
//!
//! - Names of organisations, titles of works and brands (`Institute for the
//!   Study of War`, `The Economist`, `New York Times`, `Gone with the Wind`):
//!   a run whose content words are all capitalised is a name or a title,
//!   unless it fills a pair of square brackets (an editor's insertion left
//!   in English: `[Former Senate Majority Leader] Dupont`).
//! - English the article presents as a quotation (`l'inscription “I can't
//!   breathe”`, `« The king of comedy »`): a run inside quotation marks that
//!   makes up two thirds of the quotation is left alone. English inside a longer
//!   French quotation (`“Durant [these talks]des questions… »`) is not.
//! - Established loanwords (`week-end`, `start-up`, `leader`, `football`):
//!   most score near zero in the lexicons anyway, and a list makes them
//!   neutral.
//! - URLs, e-mail addresses, hashtags and `@handles` end a run; acronyms and
//!   numbers are neutral.
//! - English the article announces: a reference marked `(en)`, a text
//!   introduced by `en anglais`, `titre original`, `version originale`.
//! - Text another rule reports as site chrome or a disclaimer
//!   (`boilerplate`, `disclosure`: a theme notice, a comment form) is not
//!   reported again: the engine runs after the other rules and skips runs
//!   that such a finding covers for the most part (except a line printed
//!   twice, `boilerplate/repeated-line`: a repeated English caption is
//!   still English).
//! - Single English words (`le best`, `un must`) and pairs (`made in
//!   France`): a run needs three source-language words unless it is
//!   bracketed.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::ops::Range;

use serde::Deserialize;

use super::tokens::{Fx, fx_hash, is_uppercase, tokens};
use super::{Engine, EngineContext, Prior};
use crate::diagnostic::{Category, Finding, Scope};
use crate::document::Document;
use crate::lexicon::{Lexicon, MISSING_ZIPF};
use crate::messages::Localized;

/// The rule that reports a line printed twice: its findings do not make a
/// line chrome for this engine (see `check`).
const REPEATED_LINE: &str = "boilerplate/repeated-line";

/// Which runs a rule reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Report {
    /// Runs inside a paragraph of the article's language.
    Span,
    /// Runs that make up (most of) a paragraph.
    Paragraph,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    #[serde(default = "default_source")]
    source: String,
    #[serde(default = "default_report")]
    report: Report,
    #[serde(default = "default_word_threshold")]
    word_threshold: f32,
    #[serde(default = "default_native_threshold")]
    native_threshold: f32,
    #[serde(default = "default_min_words")]
    min_words: usize,
    #[serde(default = "default_min_score")]
    min_score: f32,
    #[serde(default = "default_bracket_min_words")]
    bracket_min_words: usize,
    #[serde(default = "default_bracket_min_score")]
    bracket_min_score: f32,
    #[serde(default = "default_max_gap")]
    max_gap: usize,
    #[serde(default = "default_paragraph_share")]
    paragraph_share: f32,
    #[serde(default = "default_paragraph_min_words")]
    paragraph_min_words: usize,
    #[serde(default)]
    loanwords: Vec<String>,
}

fn default_source() -> String {
    "en".into()
}
fn default_report() -> Report {
    Report::Span
}
fn default_word_threshold() -> f32 {
    1.0
}
fn default_native_threshold() -> f32 {
    -0.5
}
fn default_min_words() -> usize {
    3
}
fn default_min_score() -> f32 {
    5.0
}
fn default_bracket_min_words() -> usize {
    2
}
fn default_bracket_min_score() -> f32 {
    3.0
}
fn default_max_gap() -> usize {
    3
}
fn default_paragraph_share() -> f32 {
    0.8
}
fn default_paragraph_min_words() -> usize {
    12
}

/// The engine, built from a rule's options.
#[derive(Debug)]
pub struct Untranslated {
    source: &'static Lexicon,
    report: Report,
    word_threshold: f32,
    native_threshold: f32,
    min_words: usize,
    min_score: f32,
    bracket_min_words: usize,
    bracket_min_score: f32,
    max_gap: usize,
    paragraph_share: f32,
    paragraph_min_words: usize,
    /// Extra loanwords, lower case.
    loanwords: HashSet<String>,
    /// A fingerprint of every option but `report`: rules with the same
    /// scoring share their runs (see [`SharedRuns`]).
    scoring_id: u64,
}

/// Builds the engine from its options table.
pub fn build(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    let o: Options = super::options(table)?;
    let source = Lexicon::for_lang(&o.source).ok_or_else(|| {
        format!(
            "`source = {:?}`: no lexicon for that language (available: en, fr)",
            o.source
        )
    })?;
    if o.min_words == 0 || o.bracket_min_words == 0 {
        return Err("`min-words` and `bracket-min-words` must be at least 1".into());
    }
    if !(0.0..=1.0).contains(&o.paragraph_share) {
        return Err("`paragraph-share` must be between 0 and 1".into());
    }
    let mut loanwords: Vec<String> = o.loanwords.iter().map(|w| w.to_lowercase()).collect();
    loanwords.sort();
    let fingerprint = format!(
        "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{:?}",
        source.lang(),
        o.word_threshold,
        o.native_threshold,
        o.min_words,
        o.min_score,
        o.bracket_min_words,
        o.bracket_min_score,
        o.max_gap,
        o.paragraph_share,
        o.paragraph_min_words,
        loanwords
    );
    Ok(Box::new(Untranslated {
        scoring_id: fx_hash(fingerprint.as_bytes()),
        source,
        report: o.report,
        word_threshold: o.word_threshold,
        native_threshold: o.native_threshold,
        min_words: o.min_words,
        min_score: o.min_score,
        bracket_min_words: o.bracket_min_words,
        bracket_min_score: o.bracket_min_score,
        max_gap: o.max_gap,
        paragraph_share: o.paragraph_share,
        paragraph_min_words: o.paragraph_min_words,
        loanwords: o.loanwords.iter().map(|w| w.to_lowercase()).collect(),
    }))
}

/// English function words that are not French words: a line without one
/// is not scored (sorted, lower case, at most 8 bytes).
const EN_MARKERS: &[&str] = &[
    "about", "after", "against", "also", "any", "are", "at", "be", "because", "been", "being",
    "between", "by", "can", "could", "did", "does", "during", "each", "for", "from", "had", "has",
    "have", "he", "her", "here", "him", "his", "how", "if", "into", "is", "it", "its", "many",
    "more", "most", "much", "my", "not", "of", "only", "other", "our", "over", "said", "says",
    "she", "should", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "through", "to", "told", "under", "upon", "very", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "within", "without", "would", "you", "your",
];

/// Words scored on each side of an English function word.
const WINDOW: usize = 12;

/// Brackets and quotation marks: a run does not cross them.
const CUTS: &[char] = &['(', ')', '[', ']', '«', '»', '“', '”', '"'];

/// For each length and first letter of [`EN_MARKERS`], the set of last
/// letters (bit `i` = letter `a + i`).
const MARKER_SHAPES: [[u32; 26]; 9] = {
    let mut t = [[0u32; 26]; 9];
    let mut i = 0;
    while i < EN_MARKERS.len() {
        let w = EN_MARKERS[i].as_bytes();
        let n = w.len();
        t[n][(w[0] - b'a') as usize] |= 1 << (w[n - 1] - b'a');
        i += 1;
    }
    t
};

/// Small words that names and titles of works are made of besides their
/// capitalised words (`Institute for the Study of War`).
const NAME_GLUE: &[&str] = &[
    "&", "a", "an", "and", "at", "by", "de", "des", "du", "for", "from", "in", "la", "le", "of",
    "on", "the", "to", "with",
];

/// Established loanwords and English words used as French (sorted).
const LOANWORDS: &[&str] = &[
    "basket",
    "best",
    "blues",
    "business",
    "buzz",
    "casting",
    "coach",
    "design",
    "email",
    "fake",
    "fan",
    "fans",
    "football",
    "hashtag",
    "jazz",
    "leader",
    "live",
    "look",
    "low",
    "made",
    "manager",
    "marketing",
    "must",
    "news",
    "people",
    "podcast",
    "rock",
    "rugby",
    "shopping",
    "show",
    "smartphone",
    "sport",
    "star",
    "start-up",
    "startup",
    "stop",
    "streaming",
    "team",
    "top",
    "tweet",
    "week-end",
    "weekend",
];

/// Elided French words: a token starting with one is French (`l’homme`).
const ELIDED: &[&str] = &[
    "c", "d", "j", "jusqu", "l", "lorsqu", "m", "n", "presqu", "puisqu", "qu", "quoiqu", "s", "t",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    /// Source-language word (lower case, or capitalised at a sentence start).
    Source(f32),
    /// Capitalised source-language word inside a sentence (a name's word),
    /// with its score.
    Capital(f32),
    /// Neither: numbers, acronyms, names, words of both languages.
    Neutral,
    /// Clearly the article's language: ends a run.
    Native,
    /// URL, e-mail, hashtag: ends a run.
    Break,
    /// Not scored (far from any English function word): ends a run.
    Far,
}

struct Tok {
    range: Range<usize>,
    class: Class,
    /// Starts with a capital letter.
    capital: bool,
    /// A small word of names and titles (`of`, `the`).
    glue: bool,
    /// A segment break (tab, three spaces) or a bracket precedes it: runs
    /// do not cross it.
    segment: bool,
    /// Punctuation precedes it: a run's trailing words stop there.
    punct: bool,
}

impl Engine for Untranslated {
    /// Runs after the other rules, to leave alone what they report as
    /// boilerplate or disclosure.
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
        let Some(native) = Lexicon::for_lang(cx.lang) else {
            return;
        };
        if std::ptr::eq(native, self.source) {
            return;
        }
        let text = doc.text();
        // The span and paragraph rules find the same runs: the first one to
        // look at a document computes them for both.
        let shared = doc.memo(
            |r: &SharedRuns| r.scoring == self.scoring_id && r.native == native.lang(),
            || SharedRuns {
                scoring: self.scoring_id,
                native: native.lang(),
                runs: self.find_runs(doc, native),
            },
        );
        let language = match self.source.lang() {
            "en" => "English",
            "fr" => "French",
            other => other,
        };
        // Text already reported as site chrome or a disclaimer (a theme
        // notice, a comment form) is to be deleted, not translated: one
        // finding is enough. A line printed twice is not chrome by nature:
        // an English caption repeated is still English to translate.
        let chrome = Chrome::new(
            prior
                .kinds()
                .filter(|(f, c, _)| {
                    matches!(c, Category::Boilerplate | Category::Disclosure)
                        && prior.rules.id(f.rule) != REPEATED_LINE
                })
                .map(|(f, _, _)| f.span.clone())
                .collect(),
        );
        for (span, paragraph) in shared.runs.iter().cloned() {
            if paragraph != (self.report == Report::Paragraph) {
                continue;
            }
            let covered = chrome.covered(&span);
            if covered * 2 >= span.len() {
                continue;
            }
            let shown = excerpt(&text[span.clone()], 60);
            let language_fr = crate::messages::language_name_fr(language);
            let message = if paragraph {
                Localized::new(
                    format!("paragraph left in {language}: “{shown}”"),
                    format!("paragraphe resté en {language_fr} : « {shown} »"),
                )
            } else {
                Localized::new(
                    format!("{language} left untranslated: “{shown}”"),
                    format!("passage resté en {language_fr}, non traduit : « {shown} »"),
                )
            };
            out.push(Finding {
                rule,
                span,
                message: Some(message),
                fix: None,
                scope: Scope::Span,
            });
        }
    }
}

/// Spans reported as site chrome or a disclaimer, sorted by start, to
/// measure how much of a run they cover without going through all of
/// them for each run (a long file has thousands of each).
struct Chrome {
    spans: Vec<Range<usize>>,
    /// `max_end[i]`: the largest end among `spans[..=i]`.
    max_end: Vec<usize>,
}

impl Chrome {
    fn new(mut spans: Vec<Range<usize>>) -> Chrome {
        spans.sort_by_key(|c| c.start);
        let max_end = spans
            .iter()
            .scan(0, |m, c| {
                *m = c.end.max(*m);
                Some(*m)
            })
            .collect();
        Chrome { spans, max_end }
    }

    /// Bytes of `span` covered by the chrome spans, a byte counted once per
    /// span covering it: the sum over every span of its overlap with
    /// `span`. Exact: a span starting at or after `span.end`, or ending at
    /// or before `span.start`, overlaps it by nothing; the walk goes back
    /// from the last span starting before `span.end` and stops where no
    /// earlier span ends after `span.start` (`max_end` says so).
    fn covered(&self, span: &Range<usize>) -> usize {
        let upto = self.spans.partition_point(|c| c.start < span.end);
        let mut sum = 0;
        for i in (0..upto).rev() {
            if self.max_end[i] <= span.start {
                break;
            }
            let c = &self.spans[i];
            sum += c.end.min(span.end).saturating_sub(c.start.max(span.start));
        }
        sum
    }
}

/// Scores of the words already seen in the article.
type ScoreCache<'a> = HashMap<&'a str, f32, BuildHasherDefault<Fx>>;

/// A run: its byte span in the document's NFC text, and whether it makes up
/// a paragraph.
type Runs = Vec<(Range<usize>, bool)>;

/// The runs of a document for one scoring (the fingerprint of the options
/// and the article's language), shared through [`Document::memo`] by the
/// rules that score alike. Why there rather than in a per-thread cache
/// keyed by a hash of the text: each rule hashed every byte of the text to
/// find its key.
struct SharedRuns {
    scoring: u64,
    native: &'static str,
    runs: Runs,
}

impl Untranslated {
    /// Every reportable run of the document, span and paragraph alike.
    fn find_runs(&self, doc: &Document, native: &Lexicon) -> Runs {
        let english = self.source.lang() == "en";
        let text = doc.text();
        let mut runs = Vec::new();
        let mut cache = ScoreCache::default();
        // A line up to `MAX_PIECE` bytes is its own piece: no vector.
        let mut cut = Vec::new();
        for l in doc.lines() {
            cut.clear();
            if l.len() > MAX_PIECE {
                cut.extend(pieces(text, l));
            } else {
                cut.push(l);
            }
            for line in cut.drain(..) {
                let s = &text[line.clone()];
                // A line without English function words is still scored when it
                // has square brackets: an editor's insertion left in English
                // (`[Former Senate Majority Leader]`) may have none.
                if english && !has_marker(s) && memchr::memchr(b'[', s.as_bytes()).is_none() {
                    continue;
                }
                self.check_line(text, line, native, &mut cache, &mut runs);
            }
        }
        runs
    }

    /// Source-language zipf minus the article language's, each 1.0 when
    /// missing; memoised per article (English text repeats its words, and
    /// a lookup costs a binary search in each lexicon).
    fn score<'a>(&self, native: &Lexicon, w: &'a str, cache: &mut ScoreCache<'a>) -> f32 {
        *cache.entry(w).or_insert_with(|| {
            let z = |l: &Lexicon| l.zipf(w).unwrap_or(MISSING_ZIPF);
            z(self.source) - z(native)
        })
    }

    fn is_loanword(&self, w: &str) -> bool {
        if let Some(hit) = with_ascii_lower(w, |lower| {
            LOANWORDS.binary_search(&lower).is_ok() || self.loanwords.contains(lower)
        }) {
            return hit;
        }
        let lower = w.to_lowercase().replace('’', "'");
        LOANWORDS.binary_search(&lower.as_str()).is_ok() || self.loanwords.contains(&lower)
    }

    fn classify<'a>(
        &self,
        line: &'a str,
        r: &Range<usize>,
        initial: bool,
        native: &Lexicon,
        cache: &mut ScoreCache<'a>,
    ) -> Class {
        let w = &line[r.clone()];
        if in_link(line, r.clone()) {
            return Class::Break;
        }
        if w.chars().any(|c| c.is_numeric()) {
            return Class::Neutral;
        }
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2 && !w.chars().any(char::is_lowercase) {
            return Class::Neutral; // acronym
        }
        if let Some(i) = w.find(['\'', '’'])
            && lower_in(&w[..i], ELIDED)
        {
            return Class::Native;
        }
        if self.is_loanword(w) {
            return Class::Neutral;
        }
        let s = self.score(native, w, cache);
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        if capital && !initial {
            return if s >= self.word_threshold {
                Class::Capital(s)
            } else {
                Class::Neutral
            };
        }
        if s >= self.word_threshold {
            Class::Source(s)
        } else if s <= self.native_threshold {
            Class::Native
        } else {
            Class::Neutral
        }
    }

    fn check_line<'a>(
        &self,
        text: &'a str,
        line: Range<usize>,
        native: &Lexicon,
        cache: &mut ScoreCache<'a>,
        out: &mut Runs,
    ) {
        let s = &text[line.clone()];
        // Only words near an English function word are scored: English
        // prose is dense in them, and lookups are the cost of this engine.
        // A lone function word (`Ferrari at 24 Heures`) is not enough: a
        // marker counts when another one is near, or inside brackets.
        let ranges: Vec<Range<usize>> = tokens(s).map(|t| t.range).collect();
        let markers: Vec<usize> = (0..ranges.len())
            .filter(|&i| is_marker(s[ranges[i].clone()].as_bytes()))
            .collect();
        let mut near = vec![false; ranges.len()];
        for (k, &i) in markers.iter().enumerate() {
            let paired = (k > 0 && i - markers[k - 1] <= WINDOW)
                || markers.get(k + 1).is_some_and(|&j| j - i <= WINDOW);
            if !paired && !in_brackets(s, ranges[i].start) {
                continue;
            }
            let lo = i.saturating_sub(WINDOW);
            let hi = (i + WINDOW + 1).min(ranges.len());
            near[lo..hi].iter_mut().for_each(|x| *x = true);
        }
        if s.contains('[') {
            // words inside square brackets are scored (see `find_runs`)
            let mut open = false;
            let mut k = 0;
            for (i, c) in s.char_indices() {
                match c {
                    '[' => open = true,
                    ']' => open = false,
                    _ => {}
                }
                while k < ranges.len() && ranges[k].start <= i {
                    if ranges[k].start == i && open {
                        near[k] = true;
                    }
                    k += 1;
                }
            }
        }
        let mut toks: Vec<Tok> = Vec::with_capacity(ranges.len());
        let mut prev_end = 0;
        for (r, near) in ranges.into_iter().zip(near) {
            let gap = &s[prev_end..r.start];
            let (segment, initial, punct) = if prev_end > 0 && gap == " " {
                // One space, the usual gap: no break, cut or punctuation.
                (false, false, false)
            } else {
                let brk = is_segment_break(gap);
                (
                    prev_end > 0 && (brk || gap.contains(CUTS)),
                    prev_end == 0
                        || brk
                        || gap
                            .contains(['.', '!', '?', ':', ';', '«', '“', '"', '(', '[', '—', '–']),
                    gap.contains(|c: char| !c.is_whitespace()),
                )
            };
            let w = &s[r.clone()];
            let (class, glue) = if near {
                (
                    self.classify(s, &r, initial, native, cache),
                    lower_in(w, NAME_GLUE),
                )
            } else {
                (Class::Far, false)
            };
            toks.push(Tok {
                capital: w.chars().next().is_some_and(is_uppercase),
                glue,
                range: r.clone(),
                class,
                segment,
                punct,
            });
            prev_end = r.end;
        }
        let counted = toks.iter().filter(|t| t.class != Class::Break).count();
        let quotes = quote_regions(s);
        let mut start: Option<usize> = None;
        let mut last = 0;
        let mut gap = 0;
        let mut runs: Vec<(usize, usize)> = Vec::new();
        // A run closed by a French word, a break or the end of the line
        // keeps its trailing neutral lowercase words (`resume next week`).
        let close = |a: usize, last: usize, upto: usize, runs: &mut Vec<(usize, usize)>| {
            let mut end = last;
            while end + 1 < upto
                && toks[end + 1].class == Class::Neutral
                && !toks[end + 1].capital
                && !toks[end + 1].punct
            {
                end += 1;
            }
            runs.push((a, end));
        };
        for (i, t) in toks.iter().enumerate() {
            if t.segment
                && let Some(a) = start.take()
            {
                close(a, last, i, &mut runs);
            }
            match t.class {
                Class::Source(_) | Class::Capital(_) => {
                    if start.is_none() {
                        start = Some(i);
                    }
                    last = i;
                    gap = 0;
                }
                Class::Neutral => {
                    if start.is_some() {
                        gap += 1;
                        if gap > self.max_gap {
                            runs.extend(start.take().map(|a| (a, last)));
                        }
                    }
                }
                Class::Native | Class::Break | Class::Far => {
                    if let Some(a) = start.take() {
                        close(a, last, i, &mut runs);
                    }
                }
            }
        }
        if let Some(a) = start {
            close(a, last, toks.len(), &mut runs);
        }
        for (a, b) in runs {
            let run = &toks[a..=b];
            let (n_src, sum) = run.iter().fold((0, 0.0f32), |(n, s), t| match t.class {
                Class::Source(x) => (n + 1, s + x),
                _ => (n, s),
            });
            if n_src == 0 && !run.iter().all(|t| t.capital || t.glue) {
                continue;
            }
            let span = run[0].range.start..run[run.len() - 1].range.end;
            // A name or title: every word but the small ones is capitalised.
            // Except in square brackets, where an editor's insertion left in
            // English is capitalised like a title (`[Former Senate Majority
            // Leader] Dupont`): there its capitalised words count.
            let title = run.iter().all(|t| t.capital || t.glue);
            if title {
                // the whole content of the square brackets, when the run
                // lies in them and all their words are capitalised or glue
                let content = s[..span.start]
                    .rfind('[')
                    .filter(|&o| !s[o..span.start].contains(']'))
                    .zip(
                        s[span.end..]
                            .find(']')
                            .map(|c| span.end + c)
                            .filter(|&c| !s[span.end..c].contains('[')),
                    )
                    .map(|(o, c)| {
                        let inner = &s[o + 1..c];
                        let lead = inner.len() - inner.trim_start().len();
                        o + 1 + lead..o + 1 + inner.trim_end().len()
                    });
                let square = content.as_ref().is_some_and(|c| {
                    toks.iter()
                        .filter(|t| t.range.start >= c.start && t.range.end <= c.end)
                        .all(|t| t.capital || t.glue)
                });
                let span = content.filter(|_| square).unwrap_or(span);
                // three English content words: `[Arctic Monkeys]`, `[The
                // New York Times]` stay names
                let (n, sum) = run.iter().fold((0, 0.0f32), |(n, s), t| match t.class {
                    Class::Source(x) | Class::Capital(x) if !t.glue => (n + 1, s + x),
                    _ => (n, s),
                });
                if square
                    && n >= 3
                    && n >= self.bracket_min_words
                    && sum >= self.bracket_min_score
                    && !is_quotation(&quotes, &span, &toks, run.len())
                {
                    out.push((line.start + span.start..line.start + span.end, false));
                }
                continue;
            }
            let lower_content = run
                .iter()
                .any(|t| matches!(t.class, Class::Source(_)) && !t.capital && !t.glue);
            let bracketed = is_bracketed(s, &span);
            let ok = if bracketed {
                n_src >= self.bracket_min_words && sum >= self.bracket_min_score
            } else {
                n_src >= self.min_words && sum >= self.min_score && lower_content
            };
            if !ok {
                continue;
            }
            if is_quotation(&quotes, &span, &toks, run.len()) || announced(s, span.start) {
                continue;
            }
            let paragraph = run.len() >= self.paragraph_min_words
                && run.len() as f32 >= self.paragraph_share * counted as f32;
            out.push((line.start + span.start..line.start + span.end, paragraph));
        }
    }
}

/// `f(w.to_lowercase())` without allocating, for an ASCII `w` of at most
/// 32 bytes (where `to_lowercase` is the ASCII lowering, and there is no
/// `’`); `None` for other words, left to the caller's slow path. Why: the
/// engine lowers each word it classifies two or three times.
fn with_ascii_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> Option<R> {
    let mut buf = [0u8; 32];
    let lower = buf.get_mut(..w.len()).filter(|_| w.is_ascii())?;
    lower.copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).ok().map(f)
}

/// Is `w`, lowercased, in the sorted `list`?
fn lower_in(w: &str, list: &[&str]) -> bool {
    with_ascii_lower(w, |lower| list.binary_search(&lower).is_ok())
        .unwrap_or_else(|| list.binary_search(&w.to_lowercase().as_str()).is_ok())
}

/// Is this ASCII word (any case) one of [`EN_MARKERS`]? A `match` on
/// bytes: this runs on every short ASCII word of every article.
fn is_marker(word: &[u8]) -> bool {
    let n = word.len();
    if !(2..=8).contains(&n) {
        return false;
    }
    // (length, first letter, last letter) first: rejects almost every
    // French word with two table reads.
    let (f, l) = (word[0] | 0x20, word[n - 1] | 0x20);
    if !f.is_ascii_lowercase()
        || !l.is_ascii_lowercase()
        || MARKER_SHAPES[n][usize::from(f - b'a')] & (1 << (l - b'a')) == 0
    {
        return false;
    }
    let mut buf = [0u8; 8];
    for (d, s) in buf.iter_mut().zip(word) {
        *d = s.to_ascii_lowercase();
    }
    matches!(
        &buf[..word.len()],
        b"about"
            | b"after"
            | b"against"
            | b"also"
            | b"any"
            | b"are"
            | b"at"
            | b"be"
            | b"because"
            | b"been"
            | b"being"
            | b"between"
            | b"by"
            | b"can"
            | b"could"
            | b"did"
            | b"does"
            | b"during"
            | b"each"
            | b"for"
            | b"from"
            | b"had"
            | b"has"
            | b"have"
            | b"he"
            | b"her"
            | b"here"
            | b"him"
            | b"his"
            | b"how"
            | b"if"
            | b"into"
            | b"is"
            | b"it"
            | b"its"
            | b"many"
            | b"more"
            | b"most"
            | b"much"
            | b"my"
            | b"not"
            | b"of"
            | b"only"
            | b"other"
            | b"our"
            | b"over"
            | b"said"
            | b"says"
            | b"she"
            | b"should"
            | b"some"
            | b"such"
            | b"than"
            | b"that"
            | b"the"
            | b"their"
            | b"them"
            | b"then"
            | b"there"
            | b"these"
            | b"they"
            | b"this"
            | b"those"
            | b"through"
            | b"to"
            | b"told"
            | b"under"
            | b"upon"
            | b"very"
            | b"was"
            | b"we"
            | b"were"
            | b"what"
            | b"when"
            | b"where"
            | b"which"
            | b"while"
            | b"who"
            | b"whom"
            | b"why"
            | b"will"
            | b"with"
            | b"within"
            | b"without"
            | b"would"
            | b"you"
            | b"your"
    )
}

/// Is the line worth scoring: does it hold two English function words
/// close together, or one inside brackets? Case-insensitive, no
/// allocation; this runs on every line of every article, so the ASCII
/// letters of each 64 bytes are found first as a bit mask (see
/// [`letter_bits`]), and words are read off the mask, rather than byte by
/// byte.
fn has_marker(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    let mut last: Option<usize> = None;
    // A word that a block ended inside: where it started.
    let mut open: Option<usize> = None;
    let mut base = 0;
    while base < n {
        let bits = letter_bits(b, base);
        let mut pos = 0u32;
        loop {
            let start = match open {
                Some(start) => start,
                None => {
                    let rest = bits.checked_shr(pos).unwrap_or(0);
                    if rest == 0 {
                        break;
                    }
                    pos += rest.trailing_zeros();
                    base + pos as usize
                }
            };
            let rest = (!bits).checked_shr(pos).unwrap_or(0);
            if rest == 0 {
                open = Some(start); // the word goes on in the next block
                break;
            }
            pos += rest.trailing_zeros();
            open = None;
            if word_is_marker(s, start, base + pos as usize, &mut last) {
                return true;
            }
        }
        base += 64;
    }
    open.is_some_and(|start| word_is_marker(s, start, n, &mut last))
}

/// The step of [`has_marker`] for the run of ASCII letters `start..end`:
/// true when it is a marker near the previous one (`last`, updated) or
/// inside brackets.
#[inline]
fn word_is_marker(s: &str, start: usize, end: usize, last: &mut Option<usize>) -> bool {
    let b = s.as_bytes();
    // a word glued to a non-ASCII letter is not an ASCII word
    if end - start >= 2
        && (start == 0 || b[start - 1] < 0x80)
        && (end == b.len() || b[end] < 0x80)
        && is_marker(&b[start..end])
    {
        if last.is_some_and(|l| start - l <= MARKER_REACH) || in_brackets(s, start) {
            return true;
        }
        *last = Some(start);
    }
    false
}

/// Bit `k` set when byte `base + k` of `b` is an ASCII letter (bytes past
/// the end are not).
#[inline]
fn letter_bits(b: &[u8], base: usize) -> u64 {
    let mut bits = 0u64;
    for k in 0..8 {
        let m = letter_bytes(load8(b, base + 8 * k));
        // gather the eight high bits into one byte (the multiplier puts
        // byte j's bit 7 at bit 56 + j, without carries)
        bits |= (m.wrapping_mul(0x0002_0408_1020_4081) >> 56) << (8 * k);
    }
    bits
}

/// The high bit of each byte.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `b` from `i` (little-endian), zeros past the end.
#[inline(always)]
fn load8(b: &[u8], i: usize) -> u64 {
    match b.get(i..i + 8) {
        Some(c) => u64::from_le_bytes(c.try_into().unwrap_or([0; 8])),
        None => {
            let mut buf = [0u8; 8];
            let rest = b.get(i..).unwrap_or(&[]);
            buf[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(buf)
        }
    }
}

/// The high bit of each byte of `w` that is an ASCII letter, the others
/// clear. Exact for each byte (no carry or borrow crosses bytes): with the
/// case bit set and the high bit cleared, a letter is 0x61..=0x7A.
#[inline(always)]
fn letter_bytes(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let l = (w | (ONES * 0x20)) & (ONES * 0x7F);
    (l + ONES * (0x80 - 0x61)) & (ONES * (0x80 + 0x7A) - l) & !w & HIGH_BITS
}

/// Bytes within which two English function words make a line worth
/// scoring (about [`WINDOW`] words).
const MARKER_REACH: usize = 80;

/// Longest stretch of a line checked as one unit (bytes).
const MAX_PIECE: usize = 8 * 1024;

/// The line cut into pieces of at most [`MAX_PIECE`] bytes, after a
/// sentence end when there is one, else after a space. Why: the checks of a
/// line compare its runs with its quotations, which is quadratic in the
/// length of the line; a page scraped into one 30 MB line took minutes. No
/// real paragraph is that long, and a cut between sentences loses nothing.
fn pieces(text: &str, line: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = line.start;
    while line.end - start > MAX_PIECE {
        let limit = text.floor_char_boundary(start + MAX_PIECE);
        let window = &text.as_bytes()[start..limit];
        let sentence = window
            .windows(2)
            .rposition(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ')
            .map(|i| start + i + 2);
        let space = window
            .iter()
            .rposition(|&b| b == b' ')
            .map(|i| start + i + 1);
        let cut = sentence
            .or(space)
            .filter(|&c| c > start + MAX_PIECE / 2)
            .unwrap_or(limit);
        out.push(start..cut);
        start = cut;
    }
    out.push(start..line.end);
    out
}

/// Tab, three spaces (of any kind) or a bar between two words: the boundary of a
/// flattened list item (a ticker of headlines).
fn is_segment_break(gap: &str) -> bool {
    gap.contains(['\t', '|', '•']) || gap.chars().filter(|c| c.is_whitespace()).count() >= 3
}

/// Is the token part of a URL, an e-mail address, a hashtag or a handle?
fn in_link(s: &str, r: Range<usize>) -> bool {
    let before = &s[..r.start];
    if before.ends_with(['#', '@']) {
        return true;
    }
    let chunk_start = before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let chunk_end = s[r.end..]
        .find(char::is_whitespace)
        .map_or(s.len(), |i| r.end + i);
    let chunk = &s[chunk_start..chunk_end];
    chunk.contains("://")
        || chunk.contains("www.")
        || chunk.contains('@')
        || (chunk.contains('/') && chunk.contains('.'))
}

/// Is byte `at` of the line inside square brackets or parentheses?
fn in_brackets(s: &str, at: usize) -> bool {
    // ASCII bytes: a byte search finds the same characters as
    // `rfind(['[', '('])`, without decoding the line backwards.
    let before = &s.as_bytes()[..at];
    let open = memchr::memrchr2(b'[', b'(', before);
    let close = memchr::memrchr2(b']', b')', before);
    match (open, close) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Is `span` the whole content of a pair of brackets or parentheses?
fn is_bracketed(s: &str, span: &Range<usize>) -> bool {
    let before = s[..span.start].trim_end();
    let after = s[span.end..].trim_start();
    (before.ends_with('[') && after.starts_with(']'))
        || (before.ends_with('(') && after.starts_with(')'))
}

/// Byte ranges of the line's quotations (between the marks). `«` and `“`
/// open, `»` and `”` close (any opener: MT mixes them); ASCII `"` alternate
/// when the line has an even number of them. An unclosed quotation runs to
/// the end of the line.
fn quote_regions(s: &str) -> Vec<Range<usize>> {
    let ascii_even = s.matches('"').count().is_multiple_of(2);
    let mut out = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut ascii_open: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match c {
            '«' | '“' => stack.push(i + c.len_utf8()),
            '»' | '”' => {
                if let Some(o) = stack.pop() {
                    out.push(o..i);
                }
            }
            '"' if ascii_even => match ascii_open.take() {
                Some(o) => out.push(o..i),
                None => ascii_open = Some(i + 1),
            },
            _ => {}
        }
    }
    out.extend(stack.into_iter().map(|o| o..s.len()));
    out
}

/// A run inside a quotation that makes up two thirds of it or more:
/// English the article quotes on purpose.
fn is_quotation(
    quotes: &[Range<usize>],
    span: &Range<usize>,
    toks: &[Tok],
    run_len: usize,
) -> bool {
    quotes.iter().any(|q| {
        if q.start > span.start || q.end < span.end {
            return false;
        }
        let inside = toks
            .iter()
            .filter(|t| t.range.start >= q.start && t.range.end <= q.end)
            .count();
        run_len * 3 >= inside * 2
    })
}

/// Does the article say, just before the run, that what follows is
/// English on purpose: a reference marked `(en)`, `en anglais`, `titre
/// original`?
fn announced(s: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(80);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    let before = s[from..start].to_lowercase();
    ANNOUNCERS.iter().any(|a| before.contains(a))
}

/// What introduces English on purpose (see [`announced`]).
const ANNOUNCERS: &[&str] = &[
    "(en)",
    "[en]",
    "en anglais",
    "titre original",
    "version originale",
    "titre anglais",
];

/// The first `max` characters of `s`, with `…` when cut.
fn excerpt(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
        None => s.to_owned(),
    }
}

/// The `language` engine: paragraphs, stretches of paragraphs or a whole
/// article in another language than the configured one (an Italian or
/// Spanish translation published in a French feed, a Vietnamese headline,
/// an English caption). How lines are judged, what the measurements were
/// and the traps avoided: [`crate::lexicon::language`].
///
/// One finding per problem: when the foreign lines hold at least 60 % of
/// the words of the article's judged lines
/// ([`crate::lexicon::language::ARTICLE_SHARE`]), one finding with
/// document scope names the language ("this article is in Italian, not
/// French"), spanning the whole text; otherwise one finding per stretch of
/// consecutive foreign lines of one language. Lines that another
/// `untranslated`, `boilerplate` or `disclosure` finding covers for the
/// most part (an English paragraph, a comment form, a prompt) are not
/// reported again. The language's own rules do not run inside foreign lines,
/// nor anywhere in a foreign article (see
/// [`crate::lexicon::language::retain_native`]). No options.
#[derive(Debug)]
pub struct Language;

/// Builds the `language` engine (it takes no options).
pub fn build_language(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct NoOptions {}
    let _: NoOptions = super::options(table)?;
    Ok(Box::new(Language))
}

impl Engine for Language {
    /// Runs after the other rules, to leave alone the lines they report.
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
        let foreign = crate::lexicon::language::foreign_text(doc, cx.lang);
        if foreign.lines.is_empty() {
            return;
        }
        let native = match cx.lang.split(['-', '_']).next().unwrap_or("") {
            "fr" | "fra" | "fre" => "French",
            other => other,
        };
        let text = doc.text();
        let lines = &foreign.lines;
        if let Some(name) = foreign.article {
            // The finding is about the article: it spans all of its text.
            let start = text.len() - text.trim_start().len();
            let end = text.trim_end().len().max(start);
            out.push(Finding {
                rule,
                span: start..end,
                message: Some(Localized::new(
                    format!(
                        "this article is in {name}, not {native}: translate it or leave it out"
                    ),
                    format!(
                        "cet article est en {}, pas en {} : traduisez-le ou retirez-le",
                        crate::messages::language_name_fr(name),
                        crate::messages::language_name_fr(native)
                    ),
                )),
                fix: None,
                scope: Scope::Document,
            });
            return;
        }
        let reported = Chrome::new(
            prior
                .kinds()
                .filter(|(_, c, _)| {
                    matches!(
                        c,
                        Category::Untranslated | Category::Boilerplate | Category::Disclosure
                    )
                })
                .map(|(f, _, _)| f.span.clone())
                .collect(),
        );
        let mut stretch: Option<(Range<usize>, &str, usize)> = None;
        let flush = |st: Option<(Range<usize>, &str, usize)>, out: &mut Vec<Finding>| {
            if let Some((span, name, n)) = st {
                let shown = excerpt(&text[span.clone()], 60);
                let (name_fr, native_fr) = (
                    crate::messages::language_name_fr(name),
                    crate::messages::language_name_fr(native),
                );
                let message = if n == 1 {
                    Localized::new(
                        format!("paragraph in {name}, not {native}: “{shown}”"),
                        format!("paragraphe en {name_fr}, pas en {native_fr} : « {shown} »"),
                    )
                } else {
                    Localized::new(
                        format!("{n} paragraphs in {name}, not {native}: “{shown}”"),
                        format!("{n} paragraphes en {name_fr}, pas en {native_fr} : « {shown} »"),
                    )
                };
                out.push(Finding {
                    rule,
                    span,
                    message: Some(message),
                    fix: None,
                    scope: Scope::Span,
                });
            }
        };
        for l in lines.iter() {
            if reported.covered(&l.span) * 2 >= l.span.len() {
                flush(stretch.take(), out);
                continue;
            }
            stretch = match stretch.take() {
                Some((span, name, n))
                    if name == l.name && text[span.end..l.span.start].trim().is_empty() =>
                {
                    Some((span.start..l.span.end, name, n + 1))
                }
                other => {
                    flush(other, out);
                    Some((l.span.clone(), l.name, 1))
                }
            };
        }
        flush(stretch, out);
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn long_lines_are_cut_after_sentences() {
        let sentence = "Le maire a présenté le budget de la ville aux habitants. ";
        let text = sentence.repeat(1000);
        let cuts = pieces(&text, 0..text.len());
        assert!(cuts.len() > 1);
        assert_eq!(cuts.first().map(|r| r.start), Some(0));
        assert_eq!(cuts.last().map(|r| r.end), Some(text.len()));
        for w in cuts.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        for r in &cuts {
            assert!(r.len() <= MAX_PIECE);
            assert!(text[r.clone()].starts_with("Le maire"), "{r:?}");
        }
        // No space at all: cut at a character boundary.
        let solid = "é".repeat(10_000);
        let cuts = pieces(&solid, 0..solid.len());
        assert!(
            cuts.iter()
                .all(|r| solid.is_char_boundary(r.start) && r.len() <= MAX_PIECE)
        );
        // A short line is one piece.
        assert_eq!(pieces("court", 0..5), vec![0..5]);
    }

    use super::*;
    use crate::config::Policy;
    use crate::rules::RuleSet;

    fn engine(opts: &str) -> Box<dyn Engine> {
        let table: toml::Table = toml::from_str(opts).unwrap();
        build(&table).unwrap()
    }

    fn spans(e: &dyn Engine, text: &str) -> Vec<String> {
        let (doc, out) = crate::engines::testing::run_engine(e, &Policy::default(), text);
        out.into_iter()
            .map(|f| doc.text()[f.span].to_owned())
            .collect()
    }

    #[test]
    fn bracketed_english() {
        let e = engine("");
        assert_eq!(
            spans(
                &*e,
                "« Pendant [these meetings]des questions seront posées », a-t-il dit."
            ),
            ["these meetings"]
        );
        assert_eq!(
            spans(&*e, "Le ministre (who was not available) a refusé."),
            ["who was not available"]
        );
    }

    #[test]
    fn english_sentence_in_french_paragraph() {
        let e = engine("");
        let t = "Le texte est clair. The minister said that the talks would resume next week. Il a ajouté qu'il attendait.";
        assert_eq!(
            spans(&*e, t),
            ["The minister said that the talks would resume next week"]
        );
    }

    #[test]
    fn ticker_items_are_separate_runs() {
        let e = engine("");
        let nb = "\u{a0}\u{a0}\u{a0}\u{a0}";
        let t = format!(
            "Le maire inaugure la nouvelle piscine{nb}Students win a prize for the best essay{nb}Pluie attendue en Bretagne{nb}Rugby : victoire à Toulouse"
        );
        assert_eq!(spans(&*e, &t), ["Students win a prize for the best essay"]);
    }

    #[test]
    fn english_paragraph_goes_to_the_paragraph_rule() {
        let span = engine("");
        let para = engine("report = \"paragraph\"");
        let t = "Titre\nDirector of the agency responsible for planning and managing the general policy of the site.\nLa suite.";
        assert!(spans(&*span, t).is_empty());
        assert_eq!(
            spans(&*para, t),
            [
                "Director of the agency responsible for planning and managing the general policy of the site"
            ]
        );
    }

    #[test]
    fn quiet_on_names_titles_quotes_loanwords() {
        let e = engine("");
        for t in [
            "Selon l'Institute for the Study of War, les troupes avancent.",
            "Le New York Times et le Wall Street Journal citent The Economist.",
            "Le roman Gone with the Wind a été adapté.",
            "Les manifestants portaient l'inscription \"we want to breathe\" sur leurs t-shirts.",
            "On l'appelait « The master of the game » à Hollywood.",
            "Un week-end de shopping pour le leader de la start-up, un vrai one man show.",
            "Le best of de l'année, un must, made in France.",
            "Voir https://example.com/the-best-of-the-year-is-here pour le détail.",
            "- (en) Jean Dupont, How the press lost its way, The Review, 2003.",
            "Le film (titre original : Waiting for the rain to stop) sort mercredi.",
            "Il a publié #ThisIsTheEnd et écrit à the.editor@example.com avec le lien.",
            "",
            "the",
            "«",
            "[the]",
        ] {
            assert!(spans(&*e, t).is_empty(), "{t}: {:?}", spans(&*e, t));
        }
    }

    #[test]
    fn english_inside_a_french_quotation_is_reported() {
        let e = engine("");
        let t = "« Nous avons parlé [of these talks] avec les autres délégations pendant toute la semaine », a-t-il dit.";
        assert_eq!(spans(&*e, t), ["of these talks"]);
    }

    #[test]
    fn shared_runs_never_leak_between_documents() {
        let span = engine("");
        let para = engine("report = \"paragraph\"");
        let en = "Le texte. The minister said that the talks would resume next week. Fin.";
        let fr = "Le texte. Le ministre a dit que les pourparlers reprendraient lundi. Fin.";
        let en_line = "Director of the agency responsible for planning and managing the general policy of the site.";
        for _ in 0..2 {
            assert_eq!(spans(&*span, en).len(), 1);
            assert!(spans(&*para, en).is_empty());
            assert!(spans(&*span, fr).is_empty());
            assert!(spans(&*para, fr).is_empty());
            assert!(spans(&*span, en_line).is_empty());
            assert_eq!(spans(&*para, en_line).len(), 1);
        }
        // different scoring options do not share runs
        let strict = engine("min-words = 20");
        assert!(spans(&*strict, en).is_empty());
        assert_eq!(spans(&*span, en).len(), 1);
    }

    #[test]
    fn site_chrome_reported_by_another_rule_is_not_reported_again() {
        let rules = r#"
[[rule]]
id = "boilerplate/test-notice"
category = "boilerplate"
severity = "error"
kind = "phrase"
message = "notice"
explanation = "A scraped theme notice used by this test only."
phrases = ["The plugin license is not active, please go to the settings page"]
extend-to-line = true
examples.fire = [{ text = "The plugin license is not active, please go to the settings page", match = "The plugin license is not active, please go to the settings page" }]
examples.quiet = ["Rien."]

[[rule]]
id = "untranslated/test-paragraph"
category = "untranslated"
severity = "error"
kind = "engine"
engine = "untranslated"
message = "english"
explanation = "English paragraphs, for this test only."
examples.fire = [{ text = "x", match = "x" }]
examples.quiet = ["Rien."]
[rule.options]
report = "paragraph"
"#;
        let set = RuleSet::load(&[crate::rules::RuleSource {
            path: "test.toml".into(),
            text: rules.into(),
        }])
        .unwrap();
        let policy = Policy::default();
        let cx = EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let text = "Un article.\nThe plugin license is not active, please go to the settings page to activate the license.\nShe has been writing about the region for many years and is the author of three books.\n";
        let doc = Document::from_text(text);
        let ids: Vec<(&str, &str)> = set
            .check(&doc, &cx)
            .iter()
            .map(|f| (set.rules()[f.rule].id.as_str(), &doc.text()[f.span.clone()]))
            .collect();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert_eq!(ids[0].0, "boilerplate/test-notice");
        assert_eq!(ids[1].0, "untranslated/test-paragraph");
        assert!(ids[1].1.starts_with("She has been"));
    }

    #[test]
    fn options_are_checked() {
        let bad = |s: &str| {
            let table: toml::Table = toml::from_str(s).unwrap();
            build(&table).is_err()
        };
        assert!(bad("source = \"de\""));
        assert!(bad("report = \"everything\""));
        assert!(bad("min-words = 0"));
        assert!(bad("unknown = 1"));
        assert!(!bad("loanwords = [\"briefing\"]"));
    }

    #[test]
    fn lists_are_sorted() {
        for list in [EN_MARKERS, NAME_GLUE, LOANWORDS, ELIDED] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        assert!(EN_MARKERS.iter().all(|m| m.len() <= 8));
    }

    /// The old byte-by-byte `has_marker`, the reference of the fast one.
    fn has_marker_bytewise(s: &str) -> bool {
        let b = s.as_bytes();
        let n = b.len();
        let mut i = 0;
        let mut last: Option<usize> = None;
        while i < n {
            while i < n && !b[i].is_ascii_alphabetic() {
                i += 1;
            }
            let start = i;
            while i < n && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i - start >= 2
                && (start == 0 || b[start - 1] < 0x80)
                && (i == n || b[i] < 0x80)
                && is_marker(&b[start..i])
            {
                let before = &s[..start];
                let open = before.rfind(['[', '(']);
                let close = before.rfind([']', ')']);
                let bracketed = match (open, close) {
                    (Some(o), Some(c)) => o > c,
                    (Some(_), None) => true,
                    _ => false,
                };
                if last.is_some_and(|l| start - l <= MARKER_REACH) || bracketed {
                    return true;
                }
                last = Some(start);
            }
        }
        false
    }

    #[test]
    fn letter_bytes_is_exact() {
        for x in 0..=255u8 {
            for pos in 0..8 {
                // the byte among every neighbour that might carry into it
                for fill in [0u8, 0x40, 0x5B, 0x60, 0x7B, 0x7F, 0x80, 0xFF, b'a', b'Z'] {
                    let mut bytes = [fill; 8];
                    bytes[pos] = x;
                    let m = letter_bytes(u64::from_le_bytes(bytes));
                    for (k, &y) in bytes.iter().enumerate() {
                        let set = m & (0x80 << (8 * k)) != 0;
                        assert_eq!(set, y.is_ascii_alphabetic(), "{bytes:?} {k}");
                    }
                    assert_eq!(m & !HIGH_BITS, 0);
                }
            }
        }
    }

    #[test]
    fn letter_bits_match_the_bytes() {
        let text = "The «talks» of [these] été X1 ".repeat(7);
        let b = text.as_bytes();
        for base in [0, 3, 64, 128, b.len() - 5] {
            let bits = letter_bits(b, base);
            for k in 0..64 {
                let want = b.get(base + k).is_some_and(u8::is_ascii_alphabetic);
                assert_eq!((bits >> k) & 1 == 1, want, "{base} {k}");
            }
        }
    }

    #[test]
    fn fast_has_marker_agrees_with_the_bytewise_one() {
        let words = [
            "the",
            "The",
            "of",
            "OF",
            "talks",
            "à",
            "é",
            "théâtre",
            "[",
            "]",
            "(",
            ")",
            "is",
            "x",
            "  ",
            "\n",
            "from",
            "at",
            "24",
            "’",
            "these",
            "a",
            "thé",
            "€",
            "it",
        ];
        // a small deterministic generator (no dependency)
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let mut s = String::new();
            for _ in 0..len {
                s.push_str(words[(next() % words.len() as u64) as usize]);
                match next() % 4 {
                    0 => {}
                    1 => s.push(' '),
                    2 => s.push_str(&" ".repeat((next() % 90) as usize)),
                    _ => s.push(','),
                }
            }
            assert_eq!(has_marker(&s), has_marker_bytewise(&s), "{s:?}");
        }
    }

    #[test]
    fn fast_lowering_is_to_lowercase() {
        let words = [
            "The",
            "OF",
            "and",
            "L",
            "l",
            "Qu",
            "jusqu",
            "JUSQU",
            "É",
            "été",
            "İ",
            "\u{212a}",
            "",
            "Week-End",
            "WEEK-END",
            "start-up",
            "Start’up",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "Football",
            "ß",
            "Σ",
        ];
        for w in words {
            // the string `is_loanword` looks up, both ways
            if let Some(lower) = with_ascii_lower(w, str::to_owned) {
                assert_eq!(lower, w.to_lowercase().replace('’', "'"), "{w:?}");
            }
            for list in [NAME_GLUE, ELIDED, LOANWORDS] {
                assert_eq!(
                    lower_in(w, list),
                    list.binary_search(&w.to_lowercase().as_str()).is_ok(),
                    "{w:?}"
                );
            }
        }
    }

    #[test]
    fn chrome_coverage_is_the_sum_of_overlaps() {
        let mut seed = 0x1234_5678_9abc_def1u64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m) as usize
        };
        for _ in 0..500 {
            let spans: Vec<Range<usize>> = (0..next(12))
                .map(|_| {
                    let a = next(100);
                    a..a + next(40)
                })
                .collect();
            let chrome = Chrome::new(spans.clone());
            for _ in 0..20 {
                let a = next(120);
                let span = a..a + next(50);
                let want: usize = spans
                    .iter()
                    .map(|c| c.end.min(span.end).saturating_sub(c.start.max(span.start)))
                    .sum();
                assert_eq!(chrome.covered(&span), want, "{spans:?} {span:?}");
            }
        }
    }

    #[test]
    fn markers() {
        assert!(has_marker("talks of the peace"));
        assert!(has_marker("THE END OF IT"));
        assert!(has_marker("durant [these talks] des"));
        assert!(!has_marker("la Ferrari at 24 Heures du Mans"));
        assert!(!has_marker("le thé est chaud"));
        assert!(!has_marker("théâtre"));
        assert!(!has_marker(""));
    }
}

/// Throughput of the lexicon engines on a large file named by
/// `TRANSAUDIT_BENCH_FILE` (not a timed test: it prints, never fails).
/// `cargo test --release --lib bench_lexicon_engines -- --ignored --nocapture`
#[cfg(test)]
mod bench {
    use super::*;
    use crate::config::Policy;
    use crate::rules::RuleSet;

    #[test]
    #[ignore = "benchmark; needs TRANSAUDIT_BENCH_FILE"]
    fn bench_lexicon_engines() {
        let Ok(path) = std::env::var("TRANSAUDIT_BENCH_FILE") else {
            return;
        };
        let text = std::fs::read_to_string(path).expect("readable UTF-8");
        let doc = Document::from_text(&text);
        let policy = Policy::default();
        let cx = EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let set = RuleSet::load(&[]).expect("empty rule set");
        let prior = Prior {
            findings: &[],
            rules: &set,
        };
        let t: toml::Table = toml::from_str("").expect("toml");
        let bracket: toml::Table = toml::from_str("signals = [\"bracket\"]").expect("toml");
        let lost: toml::Table =
            toml::from_str("signals = [\"digit\", \"case\", \"lexicon\", \"name-auxiliary\"]")
                .expect("toml");
        let engines: Vec<(&str, Box<dyn Engine>)> = vec![
            (
                "glued bracket",
                super::super::glued_word::build(&bracket).expect("ok"),
            ),
            (
                "glued lost-space",
                super::super::glued_word::build(&lost).expect("ok"),
            ),
            ("untranslated", build(&t).expect("ok")),
        ];
        let mb = text.len() as f64 / 1e6;
        for (name, e) in &engines {
            let mut best = f64::MAX;
            let mut n = 0;
            for _ in 0..5 {
                let mut out = Vec::new();
                let start = std::time::Instant::now();
                e.check(&doc, &cx, 0, prior, &mut out);
                best = best.min(start.elapsed().as_secs_f64());
                n = out.len();
            }
            println!(
                "{name}: {:.1} ms, {:.0} MB/s, {n} findings",
                best * 1e3,
                mb / best
            );
        }
        let start = std::time::Instant::now();
        let n = doc
            .lines()
            .filter(|l| has_marker(&doc.text()[l.clone()]))
            .count();
        println!(
            "has_marker alone: {:.1} ms ({n} lines)",
            start.elapsed().as_secs_f64() * 1e3
        );
        let start = std::time::Instant::now();
        let n = super::super::tokens::tokens(doc.text()).count();
        println!(
            "tokens alone: {:.1} ms ({n} tokens)",
            start.elapsed().as_secs_f64() * 1e3
        );
        let start = std::time::Instant::now();
        let words = crate::document::words(doc.text()).count();
        println!(
            "reference: document::words over the text: {:.1} ms ({words} words)",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
}
