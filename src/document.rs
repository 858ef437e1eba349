//! The article being linted: its original text, a line index, and an NFC view
//! with an offset map back to the original.
//!
//! Rules match on the NFC view ([`Document::text`]) so that a phrase written
//! with a composed `é` also matches a decomposed one; every reported span is
//! mapped back to the original bytes ([`Document::locate`]). When the input is
//! already NFC (nearly always), the view *is* the original and the map is the
//! identity: no copy, no table.

use std::ops::Range;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Why a file's bytes cannot be linted as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// The file has no bytes (or only a byte-order mark).
    Empty,
    /// NUL bytes: a binary file, not an article.
    Binary,
    /// A UTF-16 byte-order mark: the article must be converted to UTF-8.
    Utf16,
    /// Bytes that are not UTF-8, at this 1-based line and byte offset.
    InvalidUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Empty => write!(f, "the file is empty: nothing to lint"),
            InputError::Binary => write!(
                f,
                "the file holds NUL bytes: it looks binary, not an article"
            ),
            InputError::Utf16 => write!(
                f,
                "the file is UTF-16 (byte-order mark); convert it to UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`"
            ),
            InputError::InvalidUtf8 { line, offset } => write!(
                f,
                "invalid UTF-8 at line {line} (byte {offset}); transaudit reads UTF-8 only, convert the file first (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"
            ),
        }
    }
}

/// Returns true when `bytes` look binary (a NUL in the first 8 KiB), the same
/// test git and ripgrep use. Used to skip binary files while walking.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    head.contains(&0) && !head.starts_with(&[0xFF, 0xFE]) && !head.starts_with(&[0xFE, 0xFF])
}

/// One linted article. See the module documentation.
#[derive(Debug, Clone)]
pub struct Document {
    /// Original text, UTF-8, without the byte-order mark.
    source: String,
    /// Bytes stripped before `source` (3 for a UTF-8 BOM, else 0).
    bom: usize,
    /// Byte offset of the start of every line of `source`.
    line_starts: Vec<usize>,
    /// The NFC view, when it differs from `source`.
    nfc: Option<NfcView>,
    /// Whitespace-separated words, counted on first use.
    word_count: std::sync::OnceLock<usize>,
    /// Chars of `source` before each [`CHAR_BLOCK`]-byte block, built on
    /// the first column asked for far from its line's start (a long line).
    chars_before_block: std::sync::OnceLock<Vec<usize>>,
}

/// Block size of the char-count index: a column further than this from its
/// line's start is counted from the index, not from the line's start (which
/// is quadratic over the findings of a long line, e.g. minified HTML).
const CHAR_BLOCK: usize = 4096;

/// The NFC text and a table of segment starts `(nfc offset, source offset)`.
/// A segment is a starter and the combining marks that follow it; NFC never
/// composes across segments, so offsets map exactly at segment boundaries.
#[derive(Debug, Clone)]
struct NfcView {
    text: String,
    segments: Vec<(usize, usize)>,
}

/// Line and column of a position; both 1-based, columns in Unicode scalar
/// values (what editors and DESIGN.md's JSON use).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
}

/// A span located in the original file: what a diagnostic reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// Start position.
    pub start: LineCol,
    /// End position (exclusive).
    pub end: LineCol,
    /// Byte offset into the original file bytes (BOM included).
    pub byte_start: usize,
    /// Exclusive end byte offset into the original file bytes.
    pub byte_end: usize,
}

impl Document {
    /// Decodes a file's bytes: strips a UTF-8 BOM, rejects empty, binary,
    /// UTF-16 and invalid UTF-8 input with a reason the user can act on.
    pub fn from_bytes(bytes: &[u8]) -> Result<Document, InputError> {
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(InputError::Utf16);
        }
        let (bom, body) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            Some(rest) => (3, rest),
            None => (0, bytes),
        };
        if body.is_empty() {
            return Err(InputError::Empty);
        }
        if looks_binary(body) {
            return Err(InputError::Binary);
        }
        let text = match std::str::from_utf8(body) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.valid_up_to();
                let line = 1 + body[..offset].iter().filter(|&&b| b == b'\n').count();
                return Err(InputError::InvalidUtf8 {
                    line,
                    offset: offset + bom,
                });
            }
        };
        if text.contains('\0') {
            return Err(InputError::Binary);
        }
        Ok(Document::build(text.to_owned(), bom))
    }

    /// A document from text already in memory (tests, stdin after decoding).
    pub fn from_text(text: &str) -> Document {
        match text.strip_prefix('\u{FEFF}') {
            Some(rest) => Document::build(rest.to_owned(), 3),
            None => Document::build(text.to_owned(), 0),
        }
    }

    fn build(source: String, bom: usize) -> Document {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1));
        let nfc = match is_nfc_quick(source.chars()) {
            IsNormalized::Yes => None,
            _ => {
                let view = NfcView::new(&source);
                (view.text != source).then_some(view)
            }
        };
        Document {
            source,
            bom,
            line_starts,
            nfc,
            word_count: std::sync::OnceLock::new(),
            chars_before_block: std::sync::OnceLock::new(),
        }
    }

    /// The NFC view every rule matches on.
    pub fn text(&self) -> &str {
        match &self.nfc {
            Some(v) => &v.text,
            None => &self.source,
        }
    }

    /// Number of whitespace-separated words (what residue densities are
    /// per 1,000 of; the same count as `str.split()` in the evaluation
    /// tools). Computed once, on first use.
    pub fn word_count(&self) -> usize {
        *self
            .word_count
            .get_or_init(|| self.text().split_whitespace().count())
    }

    /// The original text (without BOM); what reports quote.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Bytes stripped before [`Document::source`] (a UTF-8 BOM).
    pub fn bom_len(&self) -> usize {
        self.bom
    }

    /// Maps a byte range of the NFC view to a byte range of [`Document::source`].
    /// A start inside a segment moves to the segment's start, an end inside
    /// one to its end, so the reported span always covers the matched text.
    pub fn to_source(&self, span: Range<usize>) -> Range<usize> {
        let Some(view) = &self.nfc else {
            return span;
        };
        let segs = &view.segments;
        // Start: last segment starting at or before `span.start`.
        let i = segs
            .partition_point(|&(n, _)| n <= span.start)
            .saturating_sub(1);
        let start = segs.get(i).map_or(0, |s| s.1);
        // End: first segment starting at or after `span.end`.
        let j = segs.partition_point(|&(n, _)| n < span.end);
        let end = segs.get(j).map_or(self.source.len(), |s| s.1);
        start..end.max(start)
    }

    /// Line and column of a byte offset of [`Document::source`].
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.source.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = 1 + if offset - start <= CHAR_BLOCK {
            self.source[start..offset].chars().count()
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        LineCol { line, column }
    }

    /// Chars of `source` before byte `offset` (a char boundary), in
    /// `O(CHAR_BLOCK)` once the index is built.
    fn chars_before(&self, offset: usize) -> usize {
        let is_lead = |b: &u8| (*b as i8) >= -0x40;
        let index = self.chars_before_block.get_or_init(|| {
            let mut n = 0;
            let mut index = vec![0];
            for block in self.source.as_bytes().chunks(CHAR_BLOCK) {
                n += block.iter().filter(|b| is_lead(b)).count();
                index.push(n);
            }
            index
        });
        let block = offset / CHAR_BLOCK;
        let from = block * CHAR_BLOCK;
        index[block]
            + self.source.as_bytes()[from..offset]
                .iter()
                .filter(|b| is_lead(b))
                .count()
    }

    /// Locates a byte range of the NFC view in the original file.
    pub fn locate(&self, span: Range<usize>) -> Located {
        let src = self.to_source(span);
        Located {
            start: self.line_col(src.start),
            end: self.line_col(src.end),
            byte_start: src.start + self.bom,
            byte_end: src.end + self.bom,
        }
    }

    /// Byte range (in the NFC view) of the line holding `offset`, without its
    /// line terminator (`\n` or `\r\n`).
    pub fn line_at(&self, offset: usize) -> Range<usize> {
        let text = self.text();
        let offset = offset.min(text.len());
        let (start, mut end) = if self.nfc.is_none() {
            // The view is the source: the line index answers without
            // scanning the line (a scan per finding is quadratic on a long line).
            let i = self.line_starts.partition_point(|&s| s <= offset) - 1;
            let next = self.line_starts.get(i + 1).map_or(text.len(), |&n| n - 1);
            (self.line_starts[i], next)
        } else {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            (
                start,
                text[offset..].find('\n').map_or(text.len(), |i| offset + i),
            )
        };
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Byte ranges (NFC view) of every line, without terminators.
    pub fn lines(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let text = self.text();
        let mut pos = 0;
        std::iter::from_fn(move || {
            if pos > text.len() || (pos == text.len() && pos != 0 && text.ends_with('\n')) {
                return None;
            }
            let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
            let mut stop = end;
            if stop > pos && text.as_bytes()[stop - 1] == b'\r' {
                stop -= 1;
            }
            let line = pos..stop;
            pos = end + 1;
            Some(line)
        })
    }

    /// Byte ranges (NFC view) of paragraphs: runs of non-blank lines.
    pub fn paragraphs(&self) -> Vec<Range<usize>> {
        let text = self.text();
        let mut out = Vec::new();
        let mut current: Option<Range<usize>> = None;
        for line in self.lines() {
            if text[line.clone()].trim().is_empty() {
                if let Some(p) = current.take() {
                    out.push(p);
                }
            } else {
                match &mut current {
                    Some(p) => p.end = line.end,
                    None => current = Some(line),
                }
            }
        }
        out.extend(current);
        out
    }

    /// Byte ranges (NFC view) of sentences: a paragraph is cut after `.`, `!`,
    /// `?` or `…` (and any closing quotes or brackets) followed by whitespace
    /// and an uppercase letter, a digit or an opening quote. Good enough for
    /// rules that look at "the same or the neighbouring sentence"; the
    /// `sentence-break` rules exist precisely because MT output breaks this.
    pub fn sentences(&self) -> Vec<Range<usize>> {
        let text = self.text();
        let mut out = Vec::new();
        for para in self.paragraphs() {
            let p = &text[para.clone()];
            let mut start = 0;
            let mut chars = p.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if !matches!(c, '.' | '!' | '?' | '…') {
                    continue;
                }
                if c == '.' && is_abbreviation(&p[..i]) {
                    continue;
                }
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if matches!(d, '.' | '!' | '?' | '…' | '»' | '”' | '"' | ')' | ']' | '’')
                    {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let rest = &p[end..];
                let trimmed = rest.trim_start();
                if trimmed.len() == rest.len() {
                    continue;
                }
                let next = trimmed.chars().next();
                if next.is_some_and(|n| {
                    n.is_uppercase()
                        || n.is_numeric()
                        || matches!(n, '«' | '“' | '"' | '—' | '–' | '-')
                }) {
                    out.push(para.start + start..para.start + end);
                    start = end + (rest.len() - trimmed.len());
                }
            }
            if start < p.len() {
                out.push(para.start + start..para.end);
            }
        }
        out
    }
}

/// Iterates the word tokens of `text` from byte `offset`: runs of letters and
/// digits, with inner apostrophes and hyphens kept (`aujourd’hui`,
/// `porte-parole`). Yields byte ranges relative to `text`.
pub fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = iter.next()?;
            if c.is_alphanumeric() {
                break i;
            }
        };
        let mut end = start;
        let mut last_was_joiner = false;
        while let Some(&(i, c)) = iter.peek() {
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
                last_was_joiner = false;
            } else if matches!(c, '\'' | '’' | '-' | '\u{2011}') && !last_was_joiner {
                last_was_joiner = true;
            } else {
                break;
            }
            iter.next();
        }
        // `end` stops at the last letter, so a trailing joiner is not part of the word.
        Some(start..end.max(start + text[start..].chars().next().map_or(1, char::len_utf8)))
    })
}

impl NfcView {
    fn new(source: &str) -> NfcView {
        let mut text = String::with_capacity(source.len());
        let mut segments = Vec::new();
        let mut seg_start = 0;
        let mut indices = source.char_indices().peekable();
        while let Some((i, _)) = indices.next() {
            // A segment runs until the next starter that cannot compose
            // backwards (Hangul medial/final jamo compose with the syllable before).
            let end = loop {
                match indices.peek() {
                    Some(&(j, d)) if !is_segment_start(d) => {
                        let _ = j;
                        indices.next();
                    }
                    Some(&(j, _)) => break j,
                    None => break source.len(),
                }
            };
            debug_assert_eq!(i, seg_start);
            segments.push((text.len(), seg_start));
            let seg = &source[seg_start..end];
            if seg.len() == 1 {
                text.push_str(seg);
            } else {
                text.extend(seg.nfc());
            }
            seg_start = end;
        }
        NfcView { text, segments }
    }
}

/// Abbreviations after which a full stop does not end a French sentence
/// (`M. Poutine`, `Mme Dati`, `av. J.-C.`), and single-letter initials.
const ABBREVIATIONS: &[&str] = &[
    "M", "MM", "Mme", "Mmes", "Mlle", "Dr", "Pr", "Me", "Mgr", "St", "Ste", "av", "apr", "J.-C",
    "cf", "env", "etc", "ex", "fig", "p", "pp", "vol", "éd", "art", "chap", "n°", "no", "op",
    "cit", "ibid", "id", "Inc", "Co", "Ltd", "Jr", "Sr", "Mr", "Mrs", "Ms", "vs",
];

/// Is the text before a full stop ending with an abbreviation or an initial?
fn is_abbreviation(before: &str) -> bool {
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '°' || c == '.' || c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    let mut chars = word.chars();
    let single_initial =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    single_initial || ABBREVIATIONS.contains(&word)
}

fn is_segment_start(c: char) -> bool {
    canonical_combining_class(c) == 0
        && !matches!(c, '\u{1161}'..='\u{1175}' | '\u{11A8}'..='\u{11C2}')
}

/// Positions of `needle` in `haystack` (a tiny `memchr` so the document
/// model has no extra dependency).
fn memchr_iter(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    haystack
        .iter()
        .enumerate()
        .filter(move |&(_, &b)| b == needle)
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_input_maps_back_to_original_bytes() {
        // "Bélarus" with a decomposed é (e + U+0301).
        let doc = Document::from_bytes("Le Be\u{301}larus.".as_bytes()).unwrap();
        assert_eq!(doc.text(), "Le Bélarus.");
        let start = doc.text().find("Bélarus").unwrap();
        let span = start..start + "Bélarus".len();
        let src = doc.to_source(span.clone());
        assert_eq!(&doc.source()[src], "Be\u{301}larus");
        let loc = doc.locate(span);
        assert_eq!((loc.start.line, loc.start.column), (1, 4));
        // 8 scalar values in the original: B e ◌́ l a r u s
        assert_eq!(loc.end.column, 12);
    }

    #[test]
    fn crlf_lines_and_columns() {
        let doc = Document::from_bytes(b"un\r\ndeux trois\r\n").unwrap();
        let at = doc.text().find("trois").unwrap();
        let loc = doc.locate(at..at + 5);
        assert_eq!(
            (loc.start.line, loc.start.column, loc.end.column),
            (2, 6, 11)
        );
        assert_eq!(&doc.text()[doc.line_at(at)], "deux trois");
        let lines: Vec<_> = doc.lines().map(|r| &doc.text()[r]).collect();
        assert_eq!(lines, ["un", "deux trois"]);
    }

    #[test]
    fn multibyte_columns_count_scalar_values() {
        let doc = Document::from_bytes("« Déjà » vu".as_bytes()).unwrap();
        let at = doc.text().find("vu").unwrap();
        let loc = doc.locate(at..at + 2);
        assert_eq!(loc.start.column, 10);
        assert_eq!(loc.byte_start, at);
    }

    #[test]
    fn bom_is_stripped_but_counted_in_byte_offsets() {
        let doc = Document::from_bytes(b"\xEF\xBB\xBFabc def").unwrap();
        assert_eq!(doc.text(), "abc def");
        let loc = doc.locate(4..7);
        assert_eq!((loc.byte_start, loc.byte_end), (7, 10));
        assert_eq!(loc.start.column, 5);
    }

    #[test]
    fn bad_input_is_named() {
        assert_eq!(Document::from_bytes(b"").unwrap_err(), InputError::Empty);
        assert_eq!(
            Document::from_bytes(b"\xEF\xBB\xBF").unwrap_err(),
            InputError::Empty
        );
        assert_eq!(
            Document::from_bytes(b"a\0b").unwrap_err(),
            InputError::Binary
        );
        assert_eq!(
            Document::from_bytes(b"\xFF\xFEa\0").unwrap_err(),
            InputError::Utf16
        );
        assert_eq!(
            Document::from_bytes(b"ok\nok\n\xE9t\xE9").unwrap_err(),
            InputError::InvalidUtf8 { line: 3, offset: 6 }
        );
    }

    #[test]
    fn paragraphs_and_sentences() {
        let doc = Document::from_text("Une phrase. Une autre !\n\nM. Dupont arrive. fin");
        let paras: Vec<_> = doc
            .paragraphs()
            .into_iter()
            .map(|r| &doc.text()[r])
            .collect();
        assert_eq!(paras, ["Une phrase. Une autre !", "M. Dupont arrive. fin"]);
        let sents: Vec<_> = doc
            .sentences()
            .into_iter()
            .map(|r| &doc.text()[r])
            .collect();
        assert_eq!(
            sents,
            ["Une phrase.", "Une autre !", "M. Dupont arrive. fin"]
        );
    }

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        let t = "L’aujourd’hui porte-parole, COVID-19 - fin'";
        let w: Vec<_> = words(t).map(|r| &t[r]).collect();
        assert_eq!(w, ["L’aujourd’hui", "porte-parole", "COVID-19", "fin"]);
    }
}
