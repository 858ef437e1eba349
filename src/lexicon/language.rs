//! The language of each line of an article: which stretches are not in the
//! configured language (an Italian article in a French feed, a Vietnamese
//! headline, an English caption).
//!
//! Two users: the `untranslated/other-language` rule
//! ([`crate::engines::untranslated`]) reports those stretches, one finding
//! per stretch or per article; and [`crate::rules::RuleSet::check`] drops
//! the findings of the language's own rules (typography, elision, calques,
//! glued words, name variants…) inside them, through [`retain_native`]:
//! French elision rules have nothing to say about Spanish `la oficina`.
//!
//! # How
//!
//! A line is a paragraph (pages often put one paragraph per line). Each line
//! of at least [`MIN_WORDS`] words, quotations and text in brackets left
//! out, goes through two steps:
//!
//! 1. A cheap gate, one pass over its bytes: it counts function words that
//!    exist only in French (`les`, `des`, `est`, `qui`, `dans`, `qu'`…) and
//!    function words of the usual other languages that French lacks
//!    (English `the`, `was`; Italian `della`, `che`; Spanish `los`, `dijo`;
//!    German `und`, `der`; Portuguese `não`…), and letters of other scripts
//!    (Vietnamese `ạ`, Cyrillic, CJK…). A line goes on only when it has
//!    letters of another script, or two foreign function words and more of
//!    them than French ones. On edited French about one line in 800 does.
//! 2. [whatlang](https://crates.io/crates/whatlang) (trigram profiles of 69
//!    languages, MIT, static tables: no start-up cost) names the language;
//!    the line is foreign when the answer is *reliable* and is not the
//!    configured language.
//!
//! Why both, and why whatlang rather than the embedded lexicons alone
//! (measured on the lines of five words or more of the development set,
//! 280 lines, 42 articles in French, Italian, Spanish and German, and on
//! the 12,955 such lines of the clean corpus):
//!
//! - whatlang alone named the right language on 265 of 280 dev lines; all
//!   15 others were short chrome or caption lines, the 8 French ones among
//!   them (`Joe Raedle | Getty Images` read as Afrikaans) all flagged
//!   unreliable. Keeping only reliable answers: no French line read as
//!   another language, every Italian, Spanish and German paragraph and the
//!   two Vietnamese lines found. On the clean corpus, 3 reliable non-French
//!   answers, all English reference titles (`(en)` or in quotation marks),
//!   which the quotation rule below removes.
//! - The lexicons (share of a line's words with a French zipf ≥ 3) put the
//!   other-language lines at 0.21–0.64 and French ones from 0.69 up: a
//!   margin too thin for short paragraphs, and they cannot say *which*
//!   language a line is in (only French and English are embedded).
//! - whatlang reads about 0.7 MB/s; on every line it would have tripled the
//!   linter's time. The gate sends it about 0.1 % of edited French, so the
//!   cost is the gate's pass (a few hundred MB/s).
//!
//! Traps: a quotation or a title in quotation marks (`« I can't breathe »`,
//! `"The disinformation campaign", The Guardian`) is left out before the
//! line is judged, and so is bracketed text; a line announcing its language
//! (`(en)`, `en anglais`) is not judged; lines of fewer than [`MIN_WORDS`]
//! words (names, captions, credits) are not judged. Only French has a gate;
//! for another configured language nothing is detected.

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostic::{Category, Finding};
use crate::document::Document;

/// Words a line needs (outside quotations) to be judged.
pub const MIN_WORDS: usize = 5;

/// One line (paragraph) that is not in the configured language.
#[derive(Debug, Clone)]
pub struct ForeignLine {
    /// The line, in the document's NFC text, without its end of line.
    pub span: Range<usize>,
    /// Its language, English name (`Italian`).
    pub name: &'static str,
    /// Its language, ISO 639-3 code (`ita`).
    pub code: &'static str,
    /// Words judged (quotations left out).
    pub words: usize,
    lang: whatlang::Lang,
}

/// The foreign lines of a document, and how many words were judged in all
/// (to tell an article in another language from a stray paragraph).
#[derive(Debug, Default)]
pub struct ForeignText {
    native: String,
    /// Foreign lines, in order.
    pub lines: Vec<ForeignLine>,
    /// Words of every judged line, foreign or not.
    pub judged_words: usize,
    /// The language of the whole article (English name), when its foreign
    /// lines hold at least [`ARTICLE_SHARE`] of the judged words, and are
    /// three or more or the other judged lines have no French function
    /// word: then the
    /// language's own rules are dropped everywhere in it.
    pub article: Option<&'static str>,
}

/// Share of the judged words in foreign lines from which the article as a
/// whole is in another language.
pub const ARTICLE_SHARE: f32 = 0.6;

impl ForeignText {
    /// Is `span` inside one of the foreign lines (or the article foreign)?
    pub fn contains(&self, span: &Range<usize>) -> bool {
        if self.article.is_some() {
            return true;
        }
        let i = self.lines.partition_point(|l| l.span.end < span.end);
        self.lines
            .get(i)
            .is_some_and(|l| l.span.start <= span.start && span.end <= l.span.end)
    }
}

/// The foreign lines of `doc` for the configured language `native` (a
/// code such as `fr`, `fr-CA`), computed once per document.
pub fn foreign_text(doc: &Document, native: &str) -> Arc<ForeignText> {
    doc.memo(|f: &ForeignText| f.native == native, || find(doc, native))
}

/// Drops the findings of language-specific rules (every category but
/// `untranslated`, `boilerplate`, `provenance`, `disclosure`, `encoding`)
/// that lie inside a line in another language; in an article foreign as a
/// whole, drops them all, and the `untranslated` findings of span scope
/// too (the article's one document-scope finding says it all). `category` gives a
/// finding's rule's category.
pub fn retain_native(
    doc: &Document,
    native: &str,
    out: &mut Vec<Finding>,
    category: impl Fn(usize) -> Category,
) {
    if out.is_empty() {
        return;
    }
    let foreign = foreign_text(doc, native);
    if foreign.lines.is_empty() {
        return;
    }
    // In an article that is foreign as a whole, its one finding (document
    // scope) is the only `untranslated` one: English tokens inside an
    // Italian article are part of what must be translated.
    // (only once that finding is there: with the rule disabled, the other
    // findings stay)
    let article = foreign.article.is_some()
        && out.iter().any(|f| {
            f.scope == crate::diagnostic::Scope::Document
                && category(f.rule) == Category::Untranslated
        });
    out.retain(|f| {
        let c = category(f.rule);
        if article && c == Category::Untranslated {
            return f.scope != crate::diagnostic::Scope::Span;
        }
        !language_specific(c) || !foreign.contains(&f.span)
    });
}

/// Categories whose rules assume text in the configured language.
fn language_specific(c: Category) -> bool {
    !matches!(
        c,
        Category::Untranslated
            | Category::Boilerplate
            | Category::Provenance
            | Category::Disclosure
            | Category::Encoding
    )
}

fn is_french(native: &str) -> bool {
    let primary = native.split(['-', '_']).next().unwrap_or("").trim();
    ["fr", "fra", "fre"]
        .iter()
        .any(|c| primary.eq_ignore_ascii_case(c))
}

fn find(doc: &Document, native: &str) -> ForeignText {
    let mut out = ForeignText {
        native: native.to_owned(),
        ..ForeignText::default()
    };
    if !is_french(native) {
        return out;
    }
    let text = doc.text();
    let mut judged = String::new();
    // Lines the gate let through, and lines it did not but that have no
    // French function word: the second pass looks at those when the first
    // found another language.
    let mut second: Vec<Range<usize>> = Vec::new();
    // Judged lines holding a French function word, foreign or not.
    let mut with_french = Vec::new();
    for line in doc.lines() {
        let s = &text[line.clone()];
        let gate = Gate::scan(s);
        if gate.words < MIN_WORDS {
            continue;
        }
        out.judged_words += gate.words;
        if gate.french > 0 {
            with_french.push(line.start);
        }
        if announced(s) {
            continue;
        }
        if !gate.suspect() {
            if gate.french == 0 {
                second.push(line);
            }
            continue;
        }
        judged.clear();
        let words = unquoted(s, &mut judged);
        if words < MIN_WORDS {
            second.push(line);
            continue;
        }
        match whatlang::detect(&judged) {
            Some(info) if info.is_reliable() && info.lang() != whatlang::Lang::Fra => {
                out.lines.push(foreign_line(line, info.lang(), words));
            }
            _ => second.push(line),
        }
    }
    if out.lines.is_empty() {
        return out;
    }
    // Second pass, only in an article where another language was found:
    // lines without French function words (a headline, a quotation, a
    // short paragraph) are judged whole, and an answer that is not
    // reliable still counts when it names a language already found, with
    // some confidence (a Spanish headline in a Spanish article).
    let found: Vec<whatlang::Lang> = out.lines.iter().map(|l| l.lang).collect();
    for line in second {
        let s = &text[line.clone()];
        let Some(info) = whatlang::detect(s) else {
            continue;
        };
        let lang = info.lang();
        if lang == whatlang::Lang::Fra {
            continue;
        }
        if info.is_reliable() || (found.contains(&lang) && info.confidence() >= 0.5) {
            let words = s
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
            out.lines.push(foreign_line(line, lang, words));
        }
    }
    out.lines.sort_by_key(|l| l.span.start);
    let words: usize = out.lines.iter().map(|l| l.words).sum();
    // A French page whose two long English captions outweigh its one
    // French paragraph is not an English article: the article verdict
    // needs three foreign paragraphs, or no French word in the others.
    let french_left = with_french
        .iter()
        .any(|&start| !out.lines.iter().any(|l| l.span.start == start));
    if words as f32 >= ARTICLE_SHARE * out.judged_words as f32
        && (out.lines.len() >= 3 || !french_left)
    {
        // the language with the most words
        let mut by_lang: Vec<(&'static str, usize)> = Vec::new();
        for l in &out.lines {
            match by_lang.iter_mut().find(|(n, _)| *n == l.name) {
                Some((_, w)) => *w += l.words,
                None => by_lang.push((l.name, l.words)),
            }
        }
        out.article = by_lang.iter().max_by_key(|(_, w)| *w).map(|(n, _)| *n);
    }
    out
}

fn foreign_line(span: Range<usize>, lang: whatlang::Lang, words: usize) -> ForeignLine {
    ForeignLine {
        span,
        name: lang.eng_name(),
        code: lang.code(),
        lang,
        words,
    }
}

/// A line that says which language its text is in (a reference marked
/// `(en)`, `en anglais`): not reported.
fn announced(s: &str) -> bool {
    s.contains("(en)") || s.contains("(in English)") || s.contains("en anglais")
}

/// The line without quotations and bracketed text, into `out`; its word
/// count.
fn unquoted(s: &str, out: &mut String) -> usize {
    let mut depth = 0usize;
    let mut straight = false;
    for c in s.chars() {
        match c {
            '«' | '“' | '[' | '„' => depth += 1,
            '»' | '”' | ']' => depth = depth.saturating_sub(1),
            '"' => straight = !straight,
            _ if depth == 0 && !straight => out.push(c),
            _ => {}
        }
    }
    // An unbalanced mark would hide the rest of the line: then judge it all.
    if depth > 0 || straight {
        out.clear();
        out.push_str(s);
    }
    out.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
}

/// What the gate counts on one line.
#[derive(Debug, Default, PartialEq)]
struct Gate {
    words: usize,
    french: usize,
    foreign: usize,
    /// Letters of another script than Latin (or Vietnamese letters).
    script: usize,
}

impl Gate {
    fn suspect(&self) -> bool {
        self.script >= 3 || (self.foreign >= 2 && self.foreign > self.french)
    }

    /// One pass over the bytes: words are runs of letters (ASCII letters
    /// and any non-ASCII character that is alphabetic) and apostrophes.
    fn scan(s: &str) -> Gate {
        let mut g = Gate::default();
        let mut start: Option<usize> = None;
        let mut ascii = true;
        let b = s.as_bytes();
        let mut i = 0;
        while i <= b.len() {
            let (is_letter, len) = match b.get(i) {
                None => (false, 1),
                Some(&c) if c < 0x80 => (c.is_ascii_alphabetic() || c == b'\'', 1),
                Some(_) => {
                    let ch = s[i..].chars().next().unwrap_or(' ');
                    let letter = ch.is_alphabetic() || ch == '’';
                    if letter && ch as u32 > 0x24F && ch != '’' {
                        g.script += 1;
                    }
                    (letter, ch.len_utf8())
                }
            };
            if is_letter {
                if start.is_none() {
                    start = Some(i);
                    ascii = true;
                }
                if len > 1 {
                    ascii = false;
                }
            } else if let Some(a) = start.take() {
                g.word(&s[a..i], ascii);
            }
            i += len;
        }
        g
    }

    fn word(&mut self, w: &str, ascii: bool) {
        let w = w.trim_matches(['\'', '’']);
        if w.is_empty() {
            return;
        }
        self.words += 1;
        if w.len() > 8 {
            return;
        }
        let mut buf = [0u8; 8];
        let lower: &str = if ascii {
            let l = &mut buf[..w.len()];
            l.copy_from_slice(w.as_bytes());
            l.make_ascii_lowercase();
            std::str::from_utf8(l).unwrap_or("")
        } else {
            // a few non-ASCII markers; compare them as they are, lower case
            w
        };
        if let Some(head) = lower.split(['\'', '’']).next()
            && head.len() < lower.len()
        {
            if matches!(head, "qu" | "n" | "j" | "d" | "lorsqu" | "puisqu") {
                self.french += 1;
            }
            return;
        }
        match function_word(lower) {
            Some(Class::French) => self.french += 1,
            Some(Class::Foreign) => self.foreign += 1,
            None => {}
        }
    }
}

/// Which list a function word is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    French,
    Foreign,
}

/// A word of at most 8 bytes (no NUL byte) as one integer: its bytes,
/// zero-padded.
fn word_key(w: &str) -> Option<u64> {
    let b = w.as_bytes();
    if b.len() > 8 {
        return None;
    }
    let mut buf = [0u8; 8];
    buf[..b.len()].copy_from_slice(b);
    Some(u64::from_le_bytes(buf))
}

/// The class of a word on [`FRENCH`] (first) or [`FOREIGN`]. Why a sorted
/// table of integers: the gate looks up every word of every line, and a
/// linear scan of both lists with string comparisons was most of the
/// gate's time on a large file.
fn function_word(w: &str) -> Option<Class> {
    static TABLE: std::sync::OnceLock<Vec<(u64, Class)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: Vec<(u64, Class)> = Vec::new();
        for (list, class) in [(FRENCH, Class::French), (FOREIGN, Class::Foreign)] {
            for w in list {
                if let Some(k) = word_key(w)
                    && !t.iter().any(|(x, _)| *x == k)
                {
                    t.push((k, class));
                }
            }
        }
        t.sort_unstable_by_key(|(k, _)| *k);
        t
    });
    let key = word_key(w)?;
    table
        .binary_search_by_key(&key, |(k, _)| *k)
        .ok()
        .map(|i| table[i].1)
}

/// Function words of French that the usual other languages of machine
/// translation (English, Italian, Spanish, Portuguese, German) do not use.
const FRENCH: &[&str] = &[
    "les", "des", "est", "une", "du", "au", "aux", "qui", "pour", "dans", "avec", "sur", "pas",
    "ont", "sont", "cette", "ces", "mais", "elle", "et", "à", "été", "leur", "leurs", "très", "où",
    "nous", "vous", "ils", "elles", "était", "être", "avait", "aussi", "après", "selon", "entre",
];

/// Function words of those languages that French does not use (words French
/// shares, such as `la`, `de`, `en`, `il`, `non`, `y`, `su`, `con`, `or`,
/// `an`, `es`, `os`, `las`, are left out).
const FOREIGN: &[&str] = &[
    // English
    "the", "of", "and", "is", "was", "were", "with", "that", "this", "for", "from", "have", "has",
    "are", "said", "will", "would", "which", "who", "his", "her", "their", "they", "been", "it",
    "by", "at", "be", "to", "we", "you", // Italian
    "della", "delle", "dello", "degli", "dei", "gli", "che", "è", "nel", "nella", "per", "sono",
    "alla", "alle", "questo", "questa", "anche", "hanno", "stato", "stata", "più", "ha", "di",
    "dal", "dalla", // Spanish
    "el", "los", "del", "por", "para", "fue", "dijo", "según", "pero", "más", "está", "una",
    "como", "han", "sido", // German
    "der", "die", "das", "und", "ist", "nicht", "mit", "ein", "eine", "sich", "auf", "für", "dem",
    "den", "von", "zu", "im", "wurde", "sagte", "auch", "er", "sie", "wir", // Portuguese
    "não", "em", "com", "um", "uma", "do", "da", "dos", "das", "foi", "ao", "é", "são", "pelo",
    "pela",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn foreign(text: &str) -> Vec<(String, &'static str)> {
        let doc = Document::from_text(text);
        foreign_text(&doc, "fr")
            .lines
            .iter()
            .map(|l| (doc.text()[l.span.clone()].to_owned(), l.code))
            .collect()
    }

    #[test]
    fn names_the_language_of_foreign_paragraphs() {
        let it = "Gli investigatori hanno trovato la barca vicino alla riva del lago, secondo la polizia della contea.";
        let es = "Los agentes de la oficina del alguacil dijeron que el sospechoso fue detenido por la policía.";
        let de = "Der Präsident sagte am Dienstag, dass er die Gespräche mit dem Minister fortsetzen werde.";
        let fr = "Les enquêteurs ont retrouvé la barque près de la rive du lac, selon la police du comté.";
        let text = format!("{fr}\n{it}\n{es}\n{de}\n");
        let got = foreign(&text);
        assert_eq!(
            got,
            [
                (it.to_owned(), "ita"),
                (es.to_owned(), "spa"),
                (de.to_owned(), "deu")
            ]
        );
    }

    #[test]
    fn french_quotations_titles_and_short_lines_stay_french() {
        for t in [
            "Les manifestants scandaient « we want to breathe, we want to live » devant le palais de justice.",
            "- Jean Dupont, \"The history of the war and of the peace that was signed\", The Guardian, 2001.",
            "The Guardian, The Economist",
            "Il a cité un article (en) : The story of the year that was written by the editors.",
            "Le conseil municipal a voté le budget, malgré l'opposition de plusieurs élus de la ville.",
        ] {
            assert_eq!(foreign(t), [], "{t}");
        }
    }

    #[test]
    fn function_word_table_agrees_with_the_lists() {
        for w in FRENCH
            .iter()
            .chain(FOREIGN)
            .chain(&["le", "x", "thee", "dellas", "", "été2"])
        {
            let expected = if FRENCH.contains(w) {
                Some(Class::French)
            } else if FOREIGN.contains(w) {
                Some(Class::Foreign)
            } else {
                None
            };
            assert_eq!(function_word(w), expected, "{w}");
        }
    }

    #[test]
    fn the_gate_counts_function_words_and_scripts() {
        let g = Gate::scan("Le chat qu'il a vu est dans la rue, the cat of the house");
        assert_eq!(g.words, 14);
        assert_eq!((g.french, g.foreign, g.script), (3, 3, 0));
        assert!(Gate::scan("Bộ Ngoại giao lên tiếng về thông tin").script >= 3);
    }
}
