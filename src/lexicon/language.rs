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
    // found another language. With each, whether it holds a French
    // function word.
    let mut second: Vec<(Range<usize>, bool)> = Vec::new();
    // Judged lines holding a French function word, foreign or not, and
    // how many of them were found foreign (a line is found foreign at most
    // once, so the others are French lines left).
    let mut with_french = 0usize;
    let mut foreign_with_french = 0usize;
    for line in doc.lines() {
        let s = &text[line.clone()];
        let gate = Gate::scan(s);
        if gate.words < MIN_WORDS {
            continue;
        }
        out.judged_words += gate.words;
        let french = gate.french > 0;
        with_french += usize::from(french);
        let suspect = gate.suspect();
        // Neither suspect nor without French words: nothing to do, whether
        // the line announces its language or not (the search for an
        // announcement is left for the few lines where it matters).
        if !suspect && french {
            continue;
        }
        if announced(s) {
            continue;
        }
        if !suspect {
            second.push((line, french));
            continue;
        }
        judged.clear();
        let words = unquoted(s, &mut judged);
        if words < MIN_WORDS {
            second.push((line, french));
            continue;
        }
        match whatlang::detect(&judged) {
            Some(info) if info.is_reliable() && info.lang() != whatlang::Lang::Fra => {
                out.lines.push(foreign_line(line, info.lang(), words));
                foreign_with_french += usize::from(french);
            }
            _ => second.push((line, french)),
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
    for (line, french) in second {
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
            foreign_with_french += usize::from(french);
        }
    }
    out.lines.sort_by_key(|l| l.span.start);
    let words: usize = out.lines.iter().map(|l| l.words).sum();
    // A French page whose two long English captions outweigh its one
    // French paragraph is not an English article: the article verdict
    // needs three foreign paragraphs, or no French word in the others.
    let french_left = with_french > foreign_with_french;
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
    /// ASCII bytes are classified by a table and the letters of French
    /// (U+00C0–U+024F, `’`) recognised from their bytes; only other
    /// characters are decoded and looked up. Why: the gate reads every line
    /// of every article, and decoding each character was most of its time.
    fn scan(s: &str) -> Gate {
        let table = function_words();
        let mut g = Gate::default();
        let b = s.as_bytes();
        let n = b.len();
        let mut i = 0;
        loop {
            // Between words: skip ASCII that is not a letter.
            while i < n && BYTE_CLASS[usize::from(b[i])] == 0 {
                i += 1;
            }
            if i >= n {
                break;
            }
            let start = i;
            let mut ascii = true;
            if b[i] >= 0x80 {
                let (letter, len) = non_ascii(s, i, &mut g.script);
                i += len;
                if !letter {
                    continue;
                }
                ascii = false;
            } else {
                i += 1;
            }
            // In a word: up to the first byte that is not part of one.
            loop {
                while i < n && BYTE_CLASS[usize::from(b[i])] == 1 {
                    i += 1;
                }
                if i < n && b[i] >= 0x80 {
                    let (letter, len) = non_ascii(s, i, &mut g.script);
                    if letter {
                        ascii = false;
                        i += len;
                        continue;
                    }
                    g.word(b, start..i, ascii, table);
                    i += len;
                    break;
                }
                g.word(b, start..i, ascii, table);
                // An ASCII byte that is not a letter, or the end.
                i += 1;
                break;
            }
        }
        g
    }

    /// Counts the word at `range` of `line` (the bytes of a run of
    /// letters; `ascii` when they are all ASCII) and classifies it: the
    /// same as trimming `'` and `’`, lower-casing an ASCII word, then
    /// looking the word (or its part before an apostrophe) up in the lists.
    fn word(&mut self, line: &[u8], range: Range<usize>, ascii: bool, table: &FunctionWords) {
        let w = trim_apostrophes(&line[range.clone()]);
        if w.is_empty() {
            return;
        }
        self.words += 1;
        if w.len() > 8 {
            return;
        }
        // The word as one integer, its bytes zero-padded: eight bytes read
        // at once when the line has them (a copy of a variable length was
        // a call to `memcpy` per word).
        let at = range.start + (range.len() - trim_apostrophes_start(&line[range]).len());
        let mut key = match line.get(at..at + 8) {
            Some(eight) => {
                let mut buf = [0u8; 8];
                buf.copy_from_slice(eight);
                u64::from_le_bytes(buf) & (u64::MAX >> (64 - 8 * w.len()))
            }
            None => {
                let mut key = 0u64;
                for (k, &x) in w.iter().enumerate() {
                    key |= u64::from(x) << (8 * k);
                }
                key
            }
        };
        if ascii {
            // The bytes of an ASCII word are letters and `'` (0x27, whose
            // 0x20 bit is set): setting 0x20 lower-cases the letters alone.
            key |= 0x2020_2020_2020_2020 & (u64::MAX >> (64 - 8 * w.len()));
            // The first `'` byte, word-parallel (the zero padding never
            // matches).
            let y = key ^ 0x2727_2727_2727_2727;
            let quote = !(((y & LOW7) + LOW7) | y) & HIGH;
            if quote != 0 {
                let bytes = key.to_le_bytes();
                self.elided(&bytes[..(quote.trailing_zeros() / 8) as usize]);
                return;
            }
        } else if let Some(head) = before_apostrophe(w) {
            self.elided(head);
            return;
        }
        match table.get(key) {
            Some(Class::French) => self.french += 1,
            Some(Class::Foreign) => self.foreign += 1,
            None => {}
        }
    }

    /// Counts a word with an apostrophe by its part before it: a French
    /// elision (`qu'`, `n'`, `j'`, `d'`, `lorsqu'`, `puisqu'`) or nothing.
    fn elided(&mut self, head: &[u8]) {
        if matches!(head, b"qu" | b"n" | b"j" | b"d" | b"lorsqu" | b"puisqu") {
            self.french += 1;
        }
    }
}

/// Byte classes of the gate: 0 for ASCII that is not part of a word, 1 for
/// ASCII letters and `'`, 2 for the bytes of other characters.
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b >= 0x80 {
            2
        } else if b.is_ascii_alphabetic() || b == b'\'' {
            1
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Is the non-ASCII character at byte `i` of `s` part of a word (alphabetic,
/// or `’`), and its length; counts it in `script` when it is a letter of
/// another script than Latin (above U+024F). U+0080–U+024F and `’` are
/// told from their bytes (`non_ascii_agrees_with_unicode` checks each);
/// other characters are decoded.
fn non_ascii(s: &str, i: usize, script: &mut usize) -> (bool, usize) {
    let b = s.as_bytes();
    let lead = b[i];
    if (0xC2..=0xC9).contains(&lead)
        && let Some(&next) = b.get(i + 1)
    {
        let c = (u32::from(lead & 0x1F) << 6) | u32::from(next & 0x3F);
        if c <= 0x24F {
            let letter = if c < 0xC0 {
                matches!(c, 0xAA | 0xB5 | 0xBA)
            } else {
                c != 0xD7 && c != 0xF7
            };
            return (letter, 2);
        }
    }
    if b[i..].starts_with("’".as_bytes()) {
        return (true, 3);
    }
    let Some(ch) = s[i..].chars().next() else {
        return (false, 1);
    };
    let letter = ch.is_alphabetic();
    if letter && ch as u32 > 0x24F {
        *script += 1;
    }
    (letter, ch.len_utf8())
}

/// `w` without leading `'` and `’`.
fn trim_apostrophes_start(mut w: &[u8]) -> &[u8] {
    while let [b'\'', rest @ ..] | [0xE2, 0x80, 0x99, rest @ ..] = w {
        w = rest;
    }
    w
}

/// `w` without leading and trailing `'` and `’`.
fn trim_apostrophes(w: &[u8]) -> &[u8] {
    let mut w = trim_apostrophes_start(w);
    while let [rest @ .., b'\''] | [rest @ .., 0xE2, 0x80, 0x99] = w {
        w = rest;
    }
    w
}

/// The part of `w` before its first apostrophe (`'` or `’`), when it has
/// one.
fn before_apostrophe(w: &[u8]) -> Option<&[u8]> {
    (0..w.len())
        .find(|&k| w[k] == b'\'' || w[k..].starts_with("’".as_bytes()))
        .map(|k| &w[..k])
}

/// The high bit of every byte of a `u64`.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of every byte of a `u64`.
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

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

/// Slots of [`FunctionWords`]: a power of two, about four times the words.
const SLOTS: usize = 512;

/// [`FRENCH`] and [`FOREIGN`] (French first, when a word is on both) as an
/// open-addressing hash table of [`word_key`]s. Why: the gate looks up
/// every short word of every line; one multiplication and usually one
/// comparison replace a binary search over both lists.
struct FunctionWords {
    /// Keys (0: empty slot; no word has key 0).
    keys: Vec<u64>,
    classes: Vec<Option<Class>>,
}

impl FunctionWords {
    fn slot(key: u64) -> usize {
        // The top bits of a multiplicative hash (Fibonacci hashing).
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
    }

    fn get(&self, key: u64) -> Option<Class> {
        let mut i = FunctionWords::slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return self.classes[i];
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) % SLOTS;
        }
    }

    fn insert(&mut self, key: u64, class: Class) {
        let mut i = FunctionWords::slot(key);
        while self.keys[i] != 0 {
            if self.keys[i] == key {
                return;
            }
            i = (i + 1) % SLOTS;
        }
        self.keys[i] = key;
        self.classes[i] = Some(class);
    }
}

/// The function word table, built on first use.
fn function_words() -> &'static FunctionWords {
    static TABLE: std::sync::OnceLock<FunctionWords> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = FunctionWords {
            keys: vec![0; SLOTS],
            classes: vec![None; SLOTS],
        };
        for (list, class) in [(FRENCH, Class::French), (FOREIGN, Class::Foreign)] {
            for w in list {
                if let Some(k) = word_key(w) {
                    t.insert(k, class);
                }
            }
        }
        t
    })
}

/// The class of a word on [`FRENCH`] (first) or [`FOREIGN`].
#[cfg(test)]
fn function_word(w: &str) -> Option<Class> {
    function_words().get(word_key(w)?)
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

    /// The gate as it was written first (one character at a time, a binary
    /// search over the lists): the fast one must count the same.
    fn reference_scan(s: &str) -> Gate {
        fn word(g: &mut Gate, w: &str, ascii: bool) {
            let w = w.trim_matches(['\'', '’']);
            if w.is_empty() {
                return;
            }
            g.words += 1;
            if w.len() > 8 {
                return;
            }
            let lower = if ascii {
                w.to_ascii_lowercase()
            } else {
                w.to_owned()
            };
            if let Some(head) = lower.split(['\'', '’']).next()
                && head.len() < lower.len()
            {
                if matches!(head, "qu" | "n" | "j" | "d" | "lorsqu" | "puisqu") {
                    g.french += 1;
                }
                return;
            }
            if FRENCH.contains(&lower.as_str()) {
                g.french += 1;
            } else if FOREIGN.contains(&lower.as_str()) {
                g.foreign += 1;
            }
        }
        let mut g = Gate::default();
        let mut start: Option<usize> = None;
        let mut ascii = true;
        for (i, ch) in s.char_indices().chain([(s.len(), ' ')]) {
            let letter = if ch.is_ascii() {
                ch.is_ascii_alphabetic() || ch == '\''
            } else {
                let letter = ch.is_alphabetic() || ch == '’';
                if letter && ch as u32 > 0x24F && ch != '’' {
                    g.script += 1;
                }
                letter
            };
            if letter {
                if start.is_none() {
                    start = Some(i);
                    ascii = true;
                }
                if !ch.is_ascii() {
                    ascii = false;
                }
            } else if let Some(a) = start.take() {
                word(&mut g, &s[a..i], ascii);
            }
        }
        g
    }

    #[test]
    fn the_gate_counts_like_the_reference() {
        let pieces = [
            "le",
            "Les",
            "DES",
            "the",
            "The",
            "of",
            "qu'",
            "Qu’",
            "qu’",
            "l'",
            "d’",
            "lorsqu'",
            "puisqu’",
            "'",
            "’",
            "''",
            " ",
            "  ",
            ",",
            ".",
            "\n",
            "-",
            "é",
            "été",
            "À",
            "à",
            "Très",
            "più",
            "è",
            "È",
            "não",
            "für",
            "según",
            "×",
            "÷",
            "ª",
            "µ",
            "º",
            "«",
            "»",
            "\u{a0}",
            "\u{202f}",
            "ạ",
            "Бог",
            "日本",
            "😀",
            "ɐ",
            "ǅ",
            "ȳ",
            "abcdefgh",
            "abcdefghi",
            "x",
            "1",
            "2024",
            "a\u{301}",
            "«\u{a0}",
            "Ω",
            "ß",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20000 {
            let mut s = String::new();
            for _ in 0..(seed % 30) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(Gate::scan(&s), reference_scan(&s), "{s:?}");
        }
    }

    /// The claim `non_ascii` decides on: below U+0250, the letters are
    /// those Unicode calls alphabetic, and none counts as another script.
    #[test]
    fn non_ascii_agrees_with_unicode() {
        for c in ('\u{80}'..='\u{2ff}').chain(['’', '‘', '€', 'ạ', 'Ж', '日', '\u{2019}'])
        {
            let s = format!("{c}x");
            let mut script = 0;
            let (letter, len) = non_ascii(&s, 0, &mut script);
            assert_eq!(letter, c.is_alphabetic() || c == '’', "{c:?}");
            assert_eq!(len, c.len_utf8(), "{c:?}");
            let other = usize::from(c.is_alphabetic() && c as u32 > 0x24F && c != '’');
            assert_eq!(script, other, "{c:?}");
        }
    }
}
