//! The article being linted: its original text, a line index, and the
//! *view* rules match on, with an offset map back to the original.
//!
//! The view is built in two steps, each with an [`OffsetMap`], composed into
//! one map from the view to the file:
//!
//! 1. **markup extraction** ([`crate::markup`]): for Markdown and HTML files,
//!    the prose only (tags, attributes, comments, code and front matter
//!    skipped, character references decoded, skipped regions replaced by the
//!    separators that keep words and paragraphs apart);
//! 2. **NFC normalisation**, so that a phrase written with a composed `é`
//!    also matches a decomposed one.
//!
//! Rules match on the view ([`Document::text`]); every reported span is
//! mapped back to the original bytes ([`Document::locate`]). For a plain-text
//! file already in NFC (nearly always), the view *is* the original and the
//! map is the identity: no copy, no table.

use crate::markup::{self, Comment, FrontMatter, InputKind};
use crate::offset_map::{MapBuilder, OffsetMap};
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
    line_starts: LineStarts,
    /// How the file was read.
    kind: InputKind,
    /// The view, when it differs from `source`.
    view: Option<View>,
    /// HTML comments of a Markdown or HTML file (suppression directives).
    comments: Vec<Comment>,
    /// Front matter of a Markdown file.
    front_matter: Option<FrontMatter>,
    /// Whitespace-separated words, counted on first use.
    word_count: std::sync::OnceLock<usize>,
    /// Results that several rules compute alike, kept for the others.
    memo: Memo,
}

/// Per-document results shared between rules: several rules run one
/// engine with the same input (six `quotes` rules and `attribution` each
/// pair the quotation marks of the whole text), and the first to need a
/// result computes it for all. A document's text never changes once
/// built, so an entry never goes stale; a cloned document starts empty.
#[derive(Default)]
struct Memo(std::sync::Mutex<Vec<std::sync::Arc<dyn std::any::Any + Send + Sync>>>);

impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

/// The text rules see and the map from it to `source`.
#[derive(Debug, Clone)]
struct View {
    text: String,
    map: OffsetMap,
    /// Byte offset of the start of every line of `text`.
    line_starts: LineStarts,
}

impl View {
    fn new(text: String, map: OffsetMap) -> View {
        let line_starts = LineStarts::new(&text);
        View {
            text,
            map,
            line_starts,
        }
    }
}

/// `text.split_whitespace().count()`, eight bytes at a time. Only the lead
/// bytes of characters that may be whitespace (U+0085, U+00A0: C2; U+1680:
/// E1; U+2000–U+205F: E2; U+3000: E3) stop the word-parallel count; the
/// bytes before such a character are counted in the same step, and the
/// character alone is decoded. The bytes of every other non-ASCII
/// character are word bytes. Why: the previous version left the eight-byte
/// path at every accented letter and went on one byte at a time, a few
/// percent of a run on a large file.
fn count_words(text: &str) -> usize {
    let b = text.as_bytes();
    let mut words = 0;
    // 0x80 when the byte before `i` is whitespace (or the text starts).
    let mut before: u64 = 0x80;
    let mut i = 0;
    while i < b.len() {
        let x = load8(b, i);
        if x & swar::HIGH == 0 {
            let space = swar::equal(x, b' ') | swar::ascii_within(x, b'\t', b'\r');
            words += swar::count(!space & ((space << 8) | before) & swar::HIGH);
            before = space >> 56;
            i += 8;
            continue;
        }
        let maybe_space = swar::equal(x, 0xC2)
            | swar::equal(x, 0xE1)
            | swar::equal(x, 0xE2)
            | swar::equal(x, 0xE3);
        // Bytes before the first such lead byte (the padding past the end
        // is spaces, never one).
        let k = if maybe_space == 0 {
            8
        } else {
            (maybe_space.trailing_zeros() / 8) as usize
        };
        if k > 0 {
            let space = swar::ascii_space(x);
            let word = !space & swar::HIGH & swar::first_bytes(k);
            words += swar::count(word & ((space << 8) | before));
            before = (space >> (8 * k - 8)) & 0x80;
            i += k;
        }
        if k < 8 {
            // A lead byte: `i` is a char boundary.
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            if c.is_whitespace() {
                before = 0x80;
            } else {
                words += usize::from(before != 0);
                before = 0;
            }
            i += c.len_utf8();
        }
    }
    words
}

/// The eight bytes of `b` from `i`, little-endian, padded with spaces
/// past the end.
fn load8(b: &[u8], i: usize) -> u64 {
    let mut w = [b' '; 8];
    match b.get(i..i + 8) {
        Some(eight) => w.copy_from_slice(eight),
        None => {
            let rest = b.get(i..).unwrap_or(&[]);
            let n = rest.len().min(8);
            w[..n].copy_from_slice(&rest[..n]);
        }
    }
    u64::from_le_bytes(w)
}

/// Byte-parallel tests on eight bytes held in a `u64` (SWAR): each returns
/// 0x80 in the bytes that pass, 0 in the others, with no carry between
/// bytes.
mod swar {
    pub const ONES: u64 = 0x0101_0101_0101_0101;
    pub const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

    /// Bytes equal to `c` (any byte values).
    pub fn equal(x: u64, c: u8) -> u64 {
        let y = x ^ (u64::from(c) * ONES);
        !(((y & LOW7) + LOW7) | y) & HIGH
    }

    /// Bytes within `lo..=hi` (`hi` < 0x80), when every byte of `x` is
    /// ASCII.
    pub fn ascii_within(x: u64, lo: u8, hi: u8) -> u64 {
        (x + u64::from(0x80 - lo) * ONES) & !(x + u64::from(0x7f - hi) * ONES) & HIGH
    }

    /// ASCII bytes within `lo..=hi` (`hi` < 0x80); non-ASCII bytes never.
    pub fn within(x: u64, lo: u8, hi: u8) -> u64 {
        ascii_within(x & LOW7, lo, hi) & !x
    }

    /// ASCII whitespace: space, and tab to carriage return.
    pub fn ascii_space(x: u64) -> u64 {
        equal(x, b' ') | within(x, b'\t', b'\r')
    }

    /// Number of bytes with 0x80 set in a mask of these tests. Why not
    /// `count_ones`: the build targets baseline x86-64, without the
    /// `popcnt` instruction, where it is a dozen operations; here each
    /// byte's bit moves to its low bit and one multiplication sums the
    /// bytes into the top one (at most 8: no overflow).
    pub fn count(mask: u64) -> usize {
        (((mask >> 7) & ONES).wrapping_mul(ONES) >> 56) as usize
    }

    /// All bits of the first `k` bytes (`k` in 1..=8).
    pub fn first_bytes(k: usize) -> u64 {
        u64::MAX >> (64 - 8 * k)
    }
}

/// The error for `body` (the bytes after a BOM of `bom` bytes), not valid
/// UTF-8: the line and file offset of the first bad byte.
fn invalid_utf8(body: &[u8], e: std::str::Utf8Error, bom: usize) -> InputError {
    let offset = e.valid_up_to();
    InputError::InvalidUtf8 {
        line: 1 + body[..offset].iter().filter(|&&b| b == b'\n').count(),
        offset: offset + bom,
    }
}

/// Offsets of the start of every line of a text (0, and after each
/// `\n`), in 32 bits when the text is under 4 GiB (nearly always). Why:
/// on a 100 MB file of short paragraphs the table held a million `usize`
/// in a vector grown by doubling (8 MB, up to 16); counted first and held
/// in `u32`, it takes 4 MB.
#[derive(Debug, Clone)]
enum LineStarts {
    /// Texts under 4 GiB.
    Narrow(Vec<u32>),
    /// Larger texts.
    Wide(Vec<usize>),
}

impl LineStarts {
    fn new(text: &str) -> LineStarts {
        let b = text.as_bytes();
        let lines = 1 + memchr::memchr_iter(b'\n', b).count();
        let starts = std::iter::once(0).chain(memchr_iter(b'\n', b).map(|i| i + 1));
        if u32::try_from(b.len()).is_ok() {
            let mut v = Vec::with_capacity(lines);
            // Every offset is at most `b.len()`, which fits.
            v.extend(starts.map(|i| i as u32));
            LineStarts::Narrow(v)
        } else {
            let mut v = Vec::with_capacity(lines);
            v.extend(starts);
            LineStarts::Wide(v)
        }
    }

    /// Number of lines (at least 1).
    fn len(&self) -> usize {
        match self {
            LineStarts::Narrow(v) => v.len(),
            LineStarts::Wide(v) => v.len(),
        }
    }

    /// Start of the 0-based line `i`.
    fn get(&self, i: usize) -> Option<usize> {
        match self {
            LineStarts::Narrow(v) => v.get(i).map(|&s| s as usize),
            LineStarts::Wide(v) => v.get(i).copied(),
        }
    }

    /// Number of line starts at or before `offset` (the 1-based line
    /// holding it, for an offset inside the text).
    fn count_up_to(&self, offset: usize) -> usize {
        match self {
            LineStarts::Narrow(v) => match u32::try_from(offset) {
                Ok(o) => v.partition_point(|&s| s <= o),
                Err(_) => v.len(),
            },
            LineStarts::Wide(v) => v.partition_point(|&s| s <= offset),
        }
    }
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
    /// Decodes a plain-text file's bytes: see [`Document::from_bytes_as`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Document, InputError> {
        Document::from_bytes_as(bytes, InputKind::Plain)
    }

    /// Decodes a file's bytes read as `kind`: strips a UTF-8 BOM, rejects
    /// empty, binary, UTF-16 and invalid UTF-8 input with a reason the user
    /// can act on, then builds the view.
    pub fn from_bytes_as(bytes: &[u8], kind: InputKind) -> Result<Document, InputError> {
        let (bom, text) = Document::decode(bytes)?;
        Ok(Document::build(text.to_owned(), bom, kind))
    }

    /// [`Document::from_bytes_as`] taking ownership of the bytes: the
    /// document keeps them as its source instead of copying them. Why: on a
    /// 100 MB file the copy doubled peak memory.
    pub fn from_vec_as(mut bytes: Vec<u8>, kind: InputKind) -> Result<Document, InputError> {
        let bom = Document::precheck(&bytes)?;
        bytes.drain(..bom);
        // The one UTF-8 validation of the bytes (a 50 MB file is not
        // validated twice).
        let source = String::from_utf8(bytes)
            .map_err(|e| invalid_utf8(e.as_bytes(), e.utf8_error(), bom))?;
        if source.contains('\0') {
            return Err(InputError::Binary);
        }
        Ok(Document::build(source, bom, kind))
    }

    /// The checks shared by the constructors: the BOM's length and the text
    /// after it, or why the bytes are not a UTF-8 article.
    fn decode(bytes: &[u8]) -> Result<(usize, &str), InputError> {
        let bom = Document::precheck(bytes)?;
        let body = &bytes[bom..];
        let text = std::str::from_utf8(body).map_err(|e| invalid_utf8(body, e, bom))?;
        if text.contains('\0') {
            return Err(InputError::Binary);
        }
        Ok((bom, text))
    }

    /// The checks made before UTF-8 validation: UTF-16, empty and binary
    /// input. Returns the length of the UTF-8 BOM (0 or 3).
    fn precheck(bytes: &[u8]) -> Result<usize, InputError> {
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
        Ok(bom)
    }

    /// A plain-text document from text already in memory (tests, rule
    /// examples).
    pub fn from_text(text: &str) -> Document {
        Document::from_text_as(text, InputKind::Plain)
    }

    /// A document from text already in memory, read as `kind`.
    pub fn from_text_as(text: &str, kind: InputKind) -> Document {
        match text.strip_prefix('\u{FEFF}') {
            Some(rest) => Document::build(rest.to_owned(), 3, kind),
            None => Document::build(text.to_owned(), 0, kind),
        }
    }

    fn build(source: String, bom: usize, kind: InputKind) -> Document {
        let line_starts = LineStarts::new(&source);
        let (view, comments, front_matter) = match kind {
            InputKind::Plain => (
                nfc_view(&source).map(|(text, map)| View::new(text, map)),
                Vec::new(),
                None,
            ),
            InputKind::Markdown | InputKind::Html => {
                let x = markup::extract(&source, kind);
                let view = match nfc_view(&x.text) {
                    Some((text, nfc)) => View::new(text, nfc.compose(&x.map)),
                    None => View::new(x.text, x.map),
                };
                (Some(view), x.comments, x.front_matter)
            }
        };
        Document {
            source,
            bom,
            line_starts,
            kind,
            view,
            comments,
            front_matter,
            word_count: std::sync::OnceLock::new(),
            memo: Memo::default(),
        }
    }

    /// The view every rule matches on: the prose (Markdown, HTML), in NFC.
    pub fn text(&self) -> &str {
        match &self.view {
            Some(v) => &v.text,
            None => &self.source,
        }
    }

    /// Number of whitespace-separated words (what residue densities are
    /// per 1,000 of; the same count as `str.split()` in the evaluation
    /// tools). Computed once, on first use.
    pub fn word_count(&self) -> usize {
        *self.word_count.get_or_init(|| count_words(self.text()))
    }

    /// A result derived from this document's text alone, shared between
    /// the rules that need it: the first stored `T` for which `same` holds
    /// (an engine compares its options there), else `make()`, stored for
    /// the next rule. `make` runs without the lock held, so it may itself
    /// call `memo`.
    pub fn memo<T: std::any::Any + Send + Sync>(
        &self,
        same: impl Fn(&T) -> bool,
        make: impl FnOnce() -> T,
    ) -> std::sync::Arc<T> {
        let lock = || match self.memo.0.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        for entry in lock().iter() {
            if let Ok(t) = entry.clone().downcast::<T>()
                && same(&t)
            {
                return t;
            }
        }
        let t = std::sync::Arc::new(make());
        lock().push(t.clone());
        t
    }

    /// How the file was read (plain text, Markdown, HTML).
    pub fn kind(&self) -> InputKind {
        self.kind
    }

    /// HTML comments in a Markdown or HTML file, in source order (source
    /// offsets); empty for plain text.
    pub fn comments(&self) -> &[Comment] {
        &self.comments
    }

    /// The front matter of a Markdown file: the provenance fields `author`,
    /// `source`, `source_url`, `translated_from` and `translation`
    /// ([`FrontMatter`] says how to report on them). `None` for other files
    /// and Markdown without front matter.
    pub fn front_matter(&self) -> Option<&FrontMatter> {
        self.front_matter.as_ref()
    }

    /// The original text (without BOM); what reports quote.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Bytes stripped before [`Document::source`] (a UTF-8 BOM).
    pub fn bom_len(&self) -> usize {
        self.bom
    }

    /// Maps a byte range of the view to a byte range of [`Document::source`].
    /// A start inside a replaced piece (an NFC-composed character, a decoded
    /// `&eacute;`, a separator standing for a tag) moves to the piece's
    /// start, an end inside one to its end, so the reported span always
    /// covers the matched text; skipped markup is covered only when the span
    /// crosses it. An empty span (an insertion point) stays empty.
    pub fn to_source(&self, span: Range<usize>) -> Range<usize> {
        match &self.view {
            Some(v) => v.map.map(span),
            None => {
                let len = self.source.len();
                let start = span.start.min(len);
                start..span.end.clamp(start, len)
            }
        }
    }

    /// True when the source bytes of the view range `span` are the view's
    /// own bytes (up to NFC): no markup, reference or separator inside, so
    /// a fix replacing them in the file replaces exactly what was matched.
    pub fn maps_verbatim(&self, span: Range<usize>) -> bool {
        let src = self.to_source(span.clone());
        match (self.text().get(span), self.source.get(src)) {
            (Some(view), Some(source)) => {
                view == source || self.kind == InputKind::Plain || source.nfc().eq(view.chars())
            }
            _ => false,
        }
    }

    /// Byte range in [`Document::source`] of the 1-based line `line`,
    /// without its terminator (empty past the end).
    pub fn source_line(&self, line: usize) -> Range<usize> {
        let Some(start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return self.source.len()..self.source.len();
        };
        let mut end = self
            .line_starts
            .get(line)
            .map_or(self.source.len(), |next| next - 1);
        if end > start && self.source.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Line and column of a byte offset of [`Document::source`].
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.source.len());
        let line = self.line_starts.count_up_to(offset).max(1);
        let start = self.line_starts.get(line - 1).unwrap_or(0);
        let column = 1 + self.source[start..offset].chars().count();
        LineCol { line, column }
    }

    /// Locates a byte range of the view in the original file.
    pub fn locate(&self, span: Range<usize>) -> Located {
        self.locate_source(self.to_source(span))
    }

    /// Locates a byte range of [`Document::source`] (markup the view does not
    /// hold, such as a suppression comment) in the original file.
    pub fn locate_source(&self, src: Range<usize>) -> Located {
        let len = self.source.len();
        let start = src.start.min(len);
        let end = src.end.clamp(start, len);
        Located {
            start: self.line_col(start),
            end: self.line_col(end),
            byte_start: start + self.bom,
            byte_end: end + self.bom,
        }
    }

    /// Locates many NFC-view spans at once. Why: [`Document::locate`]
    /// counts characters from the start of the line, so a thousand findings
    /// on one huge line (a scraped page without newlines) would cost a
    /// thousand scans of it; here the offsets are sorted and the columns
    /// counted in one sweep.
    pub fn locate_many(&self, spans: &[Range<usize>]) -> Vec<Located> {
        let src: Vec<Range<usize>> = spans.iter().map(|s| self.to_source(s.clone())).collect();
        let mut offsets: Vec<usize> = src.iter().flat_map(|r| [r.start, r.end]).collect();
        offsets.sort_unstable();
        offsets.dedup();
        let mut cols: Vec<LineCol> = Vec::with_capacity(offsets.len());
        let mut prev: Option<(usize, LineCol)> = None;
        for &off in &offsets {
            let off = off.min(self.source.len());
            let line = self.line_starts.count_up_to(off).max(1);
            let lc = match prev {
                Some((p, plc)) if plc.line == line && p <= off => LineCol {
                    line,
                    column: plc.column + self.source[p..off].chars().count(),
                },
                _ => self.line_col(off),
            };
            cols.push(lc);
            prev = Some((off, lc));
        }
        let find = |o: usize| {
            let i = offsets.partition_point(|&x| x < o);
            cols.get(i).copied().unwrap_or_else(|| self.line_col(o))
        };
        src.iter()
            .map(|r| Located {
                start: find(r.start),
                end: find(r.end),
                byte_start: r.start + self.bom,
                byte_end: r.end + self.bom,
            })
            .collect()
    }

    /// Byte range (in the NFC view) of the line holding `offset`, without its
    /// line terminator (`\n` or `\r\n`).
    /// Logarithmic in the number of lines (a line index, not a scan), so
    /// engines may call it per finding even on a one-line 100 MB page.
    pub fn line_at(&self, offset: usize) -> Range<usize> {
        let text = self.text();
        let starts = self.view_line_starts();
        let offset = offset.min(text.len());
        let i = starts.count_up_to(offset).max(1);
        let start = starts.get(i - 1).unwrap_or(0);
        let mut end = starts.get(i).map_or(text.len(), |next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Byte ranges (NFC view) of every line, without terminators (none
    /// after a final `\n`). Read from the line table built with the view:
    /// the many engines walking the lines do not search for newlines again.
    pub fn lines(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let text = self.text();
        let starts = self.view_line_starts();
        let count = starts.len() - usize::from(text.ends_with('\n'));
        (0..count).map(move |k| {
            let start = starts.get(k).unwrap_or(text.len());
            let mut stop = starts.get(k + 1).map_or(text.len(), |next| next - 1);
            if stop > start && text.as_bytes()[stop - 1] == b'\r' {
                stop -= 1;
            }
            start..stop
        })
    }

    /// The line table of the view.
    fn view_line_starts(&self) -> &LineStarts {
        match &self.view {
            Some(v) => &v.line_starts,
            None => &self.line_starts,
        }
    }

    /// Byte ranges (NFC view) of paragraphs: runs of non-blank lines, or
    /// single lines when the article puts one paragraph per line
    /// ([`lines_are_paragraphs`]).
    pub fn paragraphs(&self) -> Vec<Range<usize>> {
        let text = self.text();
        let per_line = lines_are_paragraphs(text);
        let mut out = Vec::new();
        let mut current: Option<Range<usize>> = None;
        for line in self.lines() {
            if text[line.clone()].trim().is_empty() {
                if let Some(p) = current.take() {
                    out.push(p);
                }
            } else if per_line {
                out.extend(current.take());
                current = Some(line);
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

/// [`words`]`(text).count()`, without building the ranges (the article
/// topics divide by it on every document). A word starts at an
/// alphanumeric character that follows neither a word character nor a
/// single joiner (`'`, `’`, `-`, U+2011) inside a word.
///
/// Eight bytes at a time: ASCII letters and digits, the two ASCII joiners
/// and the letters À–ÿ (two bytes, C3 and a continuation byte, × and ÷
/// excepted) are classified word-parallel; the bytes before the first
/// other non-ASCII character are counted in the same step and that
/// character alone is decoded. Why: French has an accented letter or an
/// apostrophe every few words, and the previous version left its
/// eight-byte path at each of them.
pub fn word_token_count(text: &str) -> usize {
    let b = text.as_bytes();
    let mut count = 0;
    // The two characters before `i`, as 0x80 bits: the last is a word
    // character (`w1`), a joiner (`j1`); the one before it a word
    // character (`w2`). A joiner after a word character keeps the word.
    let (mut w1, mut j1, mut w2) = (0u64, 0u64, 0u64);
    let mut i = 0;
    while i < b.len() {
        let x = load8(b, i);
        let ascii = x & swar::HIGH == 0;
        let (accented, k) = if ascii {
            (0, 8)
        } else {
            // À–ÿ but × (C3 97) and ÷ (C3 B7), when both bytes are here.
            let high = x & swar::HIGH;
            let cont = high & !(x << 1);
            let lead = swar::equal(x, 0xC3);
            let letter2 = cont & (lead << 8) & !(swar::equal(x, 0x97) | swar::equal(x, 0xB7));
            let accented = letter2 | (letter2 >> 8);
            let other = high & !accented;
            let k = if other == 0 {
                8
            } else {
                (other.trailing_zeros() / 8) as usize
            };
            (accented, k)
        };
        if k > 0 {
            let keep = swar::first_bytes(k);
            let alnum = if ascii {
                swar::ascii_within(x | 0x2020_2020_2020_2020, b'a', b'z')
                    | swar::ascii_within(x, b'0', b'9')
            } else {
                swar::within(x | 0x2020_2020_2020_2020, b'a', b'z')
                    | swar::within(x, b'0', b'9')
                    | accented
            };
            let w = alnum & keep;
            let j = (swar::equal(x, b'\'') | swar::equal(x, b'-')) & keep;
            // A word character not continuing a word: after neither a
            // word character nor a joiner that follows one.
            let prev_w = (w << 8) | w1;
            let prev_j = (j << 8) | j1;
            let prev2_w = (w << 16) | (w1 << 8) | w2;
            count += swar::count(w & !(prev_w | (prev_j & prev2_w)));
            let last = 8 * k - 8;
            w2 = if k >= 2 { (w >> (last - 8)) & 0x80 } else { w1 };
            w1 = (w >> last) & 0x80;
            j1 = (j >> last) & 0x80;
            i += k;
        }
        if k < 8 {
            // A non-ASCII character: `i` is a char boundary.
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            let in_word = w1 != 0 || (j1 != 0 && w2 != 0);
            let joiner = j1 != 0 && w2 != 0;
            (w1, j1, w2) = if c.is_alphanumeric() {
                count += usize::from(!in_word);
                (0x80, 0, 0)
            } else if matches!(c, '’' | '\u{2011}') && in_word && !joiner {
                (0, 0x80, 0x80)
            } else {
                (0, 0, 0)
            };
        }
    }
    count
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

/// The NFC form of `source` and its map back, or `None` when `source` is
/// already NFC. A segment is a starter and the combining marks that follow
/// it; NFC never composes across segments, so a segment NFC leaves alone is
/// a copy and one it changes maps as a whole.
/// `is_nfc_quick(s) == Yes`, skipping ASCII eight bytes at a time (and
/// runs of characters below U+0300 without a table lookup). Why:
/// the check looks every character up in Unicode tables, and French news
/// is ~97% ASCII. Exact: an ASCII character is a starter (combining class
/// 0) with quick-check Yes, so after one the check starts afresh, and each
/// run of non-ASCII characters can be checked on its own.
fn is_nfc_fast(s: &str) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // The next byte ≥ 0xCC: the lead byte of a character from U+0300
        // (continuation bytes are below 0xC0; characters below U+0300
        // have lead bytes 0xC2..=0xCB). Eight bytes at a time: for a byte
        // with its high bit set, `(byte & 0x7f) + 0x34` reaches 0x80
        // exactly when the byte is ≥ 0xCC, without carrying out of it.
        let j = loop {
            if i + 8 <= b.len() {
                let mut w = [0u8; 8];
                w.copy_from_slice(&b[i..i + 8]);
                let x = u64::from_le_bytes(w);
                let high = x & ((x & LOW7) + 0x3434_3434_3434_3434) & HIGH;
                if high == 0 {
                    i += 8;
                    continue;
                }
                break i + (high.trailing_zeros() / 8) as usize;
            }
            match b[i..].iter().position(|&x| x >= 0xCC) {
                Some(p) => break i + p,
                None => return true,
            }
        };
        // General punctuation and currency signs (`’`, `…`, `€`):
        // starters with quick-check Yes, which leave the check as an
        // ASCII character does (`quick_yes_punctuation_is_like_ascii`).
        if let [0xE2, b1, b2, ..] = b[j..] {
            let c = 0x2000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            if is_quick_yes_punctuation(c) {
                i = j + 3;
                continue;
            }
        }
        // Any other character: check its run of non-ASCII characters
        // (ASCII bytes never belong to a multibyte character).
        let start = b[..j].iter().rposition(u8::is_ascii).map_or(0, |p| p + 1);
        let end = b[j..]
            .iter()
            .position(u8::is_ascii)
            .map_or(b.len(), |p| j + p);
        if !matches!(is_nfc_quick(s[start..end].chars()), IsNormalized::Yes) {
            return false;
        }
        i = end;
    }
    true
}

/// U+2002–U+206F and U+20A0–U+20CF: starters (combining class 0) with NFC
/// quick-check Yes (U+2000 and U+2001 decompose to U+2002 and U+2003).
fn is_quick_yes_punctuation(c: u32) -> bool {
    (0x2002..=0x206F).contains(&c) || (0x20A0..=0x20CF).contains(&c)
}

fn nfc_view(source: &str) -> Option<(String, OffsetMap)> {
    if is_nfc_fast(source) {
        return None;
    }
    let mut text = String::with_capacity(source.len());
    let mut map = MapBuilder::default();
    let mut seg_start = 0;
    {
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
            let v = text.len();
            let seg = &source[seg_start..end];
            if seg.len() == 1 {
                text.push_str(seg);
            } else {
                text.extend(seg.nfc());
            }
            let same = &text[v..] == seg;
            map.push(v, text.len(), seg_start, seg.len(), same);
            seg_start = end;
        }
    }
    if text == source {
        return None;
    }
    let len = text.len();
    Some((text, map.finish(len)))
}

/// Abbreviations after which a full stop does not end a French sentence
/// (`M. Poutine`, `Mme Dati`, `av. J.-C.`), and single-letter initials.
const ABBREVIATIONS: &[&str] = &[
    "M", "MM", "Mme", "Mmes", "Mlle", "Dr", "Pr", "Me", "Mgr", "St", "Ste", "av", "apr", "J.-C",
    "cf", "env", "etc", "ex", "fig", "p", "pp", "vol", "éd", "art", "chap", "n°", "no", "op",
    "cit", "ibid", "id", "Inc", "Co", "Ltd", "Jr", "Sr", "Mr", "Mrs", "Ms", "vs",
];

/// Is the text before a full stop ending with an abbreviation or an initial?
/// Does the text put one paragraph per line, with no blank line between
/// them (as many web pages and scrapers do)? Then each line is a
/// paragraph. The test, on the lines directly followed by another
/// non-blank line:
///
/// - at least two such lines;
/// - the text is not hard-wrapped: fewer than half of them stop
///   mid-sentence (a hard-wrapped paragraph breaks lines anywhere);
/// - the lines are paragraphs, not sentences: at least 15% of those of 60
///   characters or more hold a sentence break inside (`… fin. Puis …`).
///   One sentence per line (treebanks, subtitles, verse) keeps the
///   blank-line rule: a quotation there may run over several lines.
///
/// Blank lines always separate paragraphs.
pub fn lines_are_paragraphs(text: &str) -> bool {
    let mut followed = 0usize;
    let mut mid_sentence = 0usize;
    let mut long = 0usize;
    let mut multi = 0usize;
    let mut prev: Option<&str> = None;
    // `text.split('\n')`, with one SIMD newline search over the text
    // instead of one search per line.
    let mut pos = 0;
    let ends = memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for end in ends {
        let line = text.get(pos..end).unwrap_or("");
        pos = end + 1;
        let line = line.trim_end_matches(['\r', ' ', '\t', '\u{a0}']);
        let blank = line.trim().is_empty();
        if let Some(p) = prev
            && !blank
        {
            followed += 1;
            let end = p.trim_end_matches(['»', '”', '"', ')', ']', '’', '\'', ' ', '\u{a0}']);
            if !end.ends_with(['.', '!', '?', '…', ':', ';']) {
                mid_sentence += 1;
            }
            if p.len() >= 60 {
                long += 1;
                multi += usize::from(has_inner_sentence_break(p));
            }
        }
        prev = (!blank).then_some(line);
    }
    followed >= 2 && mid_sentence * 2 < followed && long > 0 && multi * 100 >= long * 15
}

/// Does `line` hold a sentence break before its end: a lower-case letter
/// or digit, `.` `!` `?` or `…`, optional closing marks, a space, then a
/// capital or an opening mark (`M. Dupont` does not count)?
fn has_inner_sentence_break(line: &str) -> bool {
    let mut prev: Option<char> = None;
    for (i, c) in line.char_indices() {
        if matches!(c, '.' | '!' | '?' | '…')
            && prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit())
        {
            let rest = line[i + c.len_utf8()..].trim_start_matches(['»', '”', '"', ')', '’']);
            let after = rest.trim_start_matches([' ', '\u{a0}', '\t']);
            if after.len() < rest.len()
                && after
                    .trim_start_matches(['«', '"', '“', ' ', '\u{a0}'])
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            {
                return true;
            }
        }
        prev = Some(c);
    }
    false
}

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

/// Positions of `needle` in `haystack` (SIMD, via the `memchr` crate).
fn memchr_iter(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(needle, haystack)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_token_count_is_words_count() {
        let pieces = [
            "a",
            "mot",
            " ",
            "'",
            "’",
            "-",
            "\u{2011}",
            "--",
            "''",
            "é",
            "É",
            "12",
            ",",
            ".",
            "×",
            "÷",
            "ÿ",
            "À",
            "\u{bf}",
            "œ",
            "ab-cd",
            "abcdefghij",
            "  ",
            "Zz09",
            "@[`{/:",
            "\u{a0}",
            "日本",
            "😀",
            "«",
            "\u{301}",
            "ß",
            "Σ",
            "_",
            "\n",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20000 {
            let mut s = String::new();
            for _ in 0..(seed % 40) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(word_token_count(&s), words(&s).count(), "{s:?}");
        }
    }

    #[test]
    fn nfc_fast_check_agrees_with_the_full_one() {
        for s in [
            "",
            "abc",
            "Le café est là.",
            "Le cafe\u{301} est la\u{300}.",
            "\u{301}début",
            "fin\u{301}",
            "a\u{323}\u{301}b",
            "a\u{301}\u{323}b",
            "한국어 ᄒ\u{1161}",
            "Ω Å ﬁ ½ 𝐀",
            "12345678é12345678\u{301}",
        ] {
            assert_eq!(
                is_nfc_fast(s),
                matches!(is_nfc_quick(s.chars()), IsNormalized::Yes),
                "{s:?}"
            );
        }
    }

    /// The claim `is_nfc_fast` skips runs on: every character from U+0080
    /// to U+02FF is a starter with NFC quick-check Yes, alone and after
    /// any other of them.
    #[test]
    fn below_u0300_is_like_ascii() {
        use unicode_normalization::char::canonical_combining_class;
        let all: String = ('\u{80}'..'\u{300}').collect();
        for c in all.chars() {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            let one = c.to_string();
            assert!(
                matches!(is_nfc_quick(one.chars()), IsNormalized::Yes),
                "{c:?}"
            );
        }
        assert!(matches!(is_nfc_quick(all.chars()), IsNormalized::Yes));
        assert!(all.bytes().all(|b| b < 0xCC));
        assert!(is_nfc_fast(&all));
        assert!(!is_nfc_fast("caf\u{e9}\u{301}"));
    }

    /// The claim `is_nfc_fast` skips punctuation on.
    #[test]
    fn quick_yes_punctuation_is_like_ascii() {
        use unicode_normalization::char::canonical_combining_class;
        for c in ('\u{2000}'..='\u{20ff}').filter(|&c| is_quick_yes_punctuation(c as u32)) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            let one = c.to_string();
            assert!(
                matches!(is_nfc_quick(one.chars()), IsNormalized::Yes),
                "{c:?}"
            );
        }
        assert!(!is_quick_yes_punctuation(0x2000) && !is_quick_yes_punctuation(0x20D0));
    }

    /// Random mixes of ASCII, accented letters, punctuation, combining
    /// marks and other scripts: the fast check agrees with the full one.
    #[test]
    fn nfc_fast_check_agrees_on_random_text() {
        let pieces = [
            "a",
            "abcdefgh",
            " ",
            "é",
            "e",
            "\u{301}",
            "\u{323}",
            "’",
            "…",
            "€",
            "\u{2000}",
            "\u{2001}",
            "«\u{a0}",
            "ᄒ",
            "\u{1161}",
            "한",
            "Ω",
            "\u{2126}",
            "ﬁ",
            "日本",
            "😀",
            "\u{340}",
            "ǅ",
            "Å",
            "\u{212b}",
            "x\u{20d0}",
            "\u{20ac}",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20000 {
            let mut s = String::new();
            for _ in 0..(seed % 24) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(
                is_nfc_fast(&s),
                matches!(is_nfc_quick(s.chars()), IsNormalized::Yes),
                "{s:?}"
            );
        }
    }

    #[test]
    fn lines_come_from_the_line_table() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\n",
            "a\n\n",
            "\r\n\r\nb\r",
            "un\ndeux\r\ntrois",
        ] {
            let doc = Document::from_text(text);
            let mut expected = Vec::new();
            let mut pos = 0;
            while pos <= text.len() && !(pos == text.len() && pos != 0 && text.ends_with('\n')) {
                let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
                let stop = if text[pos..end].ends_with('\r') {
                    end - 1
                } else {
                    end
                };
                expected.push(pos..stop);
                pos = end + 1;
            }
            assert_eq!(doc.lines().collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn count_words_is_split_whitespace() {
        for s in [
            "",
            " ",
            "un",
            "  deux mots  ",
            "a\tb\nc\rd\u{b}e\u{c}f",
            "\u{1c}\u{1f} x",
            "l’été\u{a0}: 3\u{202f}%\u{2009}ou\u{3000}plus\u{85}fin\u{2028}",
            "éàü œ Σ\u{feff}zwnbsp\u{200b}",
        ] {
            assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
        }
    }

    #[test]
    fn count_words_matches_split_whitespace_on_mixed_text() {
        // Every alignment of words, ASCII whitespace, control bytes and
        // multibyte characters (whitespace or not) against the 8-byte path.
        let pieces = [
            "a",
            "mot",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u{b}",
            "\u{c}",
            "\u{1f}",
            "é",
            "l’été",
            "\u{a0}",
            "\u{2009}",
            "\u{3000}",
            "\u{85}",
            "x-y",
            "12,5",
            "~",
            "\u{7f}",
            "üœ",
            "Σ",
            "日本",
            "😀",
            "«",
            "\u{1680}",
            "\u{2028}",
            "\u{200b}",
            "\u{feff}",
            "e\u{301}",
            "\u{e9}\u{e0}\u{e8}\u{ea}",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..6000 {
            let mut s = String::new();
            for _ in 0..(seed % 40) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(count_words(&s), s.split_whitespace().count(), "{s:?}");
        }
    }

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
    fn locate_many_agrees_with_locate() {
        let doc = Document::from_text("é à ù\nline two é é é\nthree");
        let t = doc.text();
        let at = |needle: &str, nth: usize| {
            let i = t.match_indices(needle).nth(nth).unwrap().0;
            i..i + needle.len()
        };
        let spans: Vec<Range<usize>> = vec![
            at("é", 0),
            at("two é", 0),
            at("à", 0),
            at("é", 2),
            at("three", 0),
            0..t.len(),
        ];
        let many = doc.locate_many(&spans);
        for (s, l) in spans.iter().zip(many) {
            assert_eq!(doc.locate(s.clone()), l, "{s:?}");
        }
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
    fn owned_bytes_decode_like_borrowed_ones() {
        let cases: [&[u8]; 7] = [
            b"",
            b"\xEF\xBB\xBF",
            b"a\0b",
            b"\xFF\xFEa\0",
            b"ok\nok\n\xE9t\xE9",
            b"\xEF\xBB\xBFok\n\xE9",
            "\u{FEFF}Le café\r\nest là.\n".as_bytes(),
        ];
        for bytes in cases {
            let borrowed = Document::from_bytes_as(bytes, InputKind::Plain);
            let owned = Document::from_vec_as(bytes.to_vec(), InputKind::Plain);
            match (borrowed, owned) {
                (Ok(b), Ok(o)) => {
                    assert_eq!(b.source(), o.source());
                    assert_eq!(b.bom_len(), o.bom_len());
                    assert_eq!(b.text(), o.text());
                }
                (Err(b), Err(o)) => assert_eq!(b, o, "{bytes:?}"),
                (b, o) => panic!("{bytes:?}: {:?} vs {:?}", b.is_ok(), o.is_ok()),
            }
        }
    }

    #[test]
    fn one_paragraph_per_line() {
        let para = "Le maire a parlé lundi devant le conseil réuni. Il a annoncé un plan.";
        let text = format!("Titre court\n{para}\n{para}\n{para}\n");
        assert!(lines_are_paragraphs(&text));
        assert_eq!(Document::from_text(&text).paragraphs().len(), 4);
        // One sentence per line (a treebank): blank lines only.
        let sent = "Le maire a parlé lundi devant le conseil municipal réuni en séance.";
        let text = format!("{sent}\n{sent}\n{sent}\n");
        assert!(!lines_are_paragraphs(&text));
        // Hard-wrapped prose: blank lines only.
        let text = "Le maire a parlé lundi devant le conseil. Il a\nannoncé un plan pour la ville et ses\nhabitants. Le vote aura lieu mardi.\n\nSuite.";
        assert!(!lines_are_paragraphs(text));
        assert_eq!(Document::from_text(text).paragraphs().len(), 2);
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
    fn markdown_spans_locate_in_the_original_file() {
        let md = "---\nauthor: A\n---\n# Titre\n\nUn `code` et **Leave** a Reply.\n";
        let doc = Document::from_text_as(md, InputKind::Markdown);
        assert_eq!(doc.kind(), InputKind::Markdown);
        let at = doc.text().find("Leave a Reply").unwrap_or(0);
        let loc = doc.locate(at..at + "Leave a Reply".len());
        assert_eq!((loc.start.line, loc.start.column), (6, 16));
        assert_eq!((loc.end.line, loc.end.column), (6, 31));
        assert_eq!(&md[loc.byte_start..loc.byte_end], "Leave** a Reply");
        assert!(!doc.maps_verbatim(at..at + "Leave a Reply".len()));
        assert_eq!(
            doc.front_matter()
                .and_then(|f| f.author.as_ref())
                .map(|a| a.value.as_str()),
            Some("A")
        );
        // Whole-document findings point at the first prose.
        assert_eq!(doc.locate(0..0).start.line, 4);
    }

    #[test]
    fn nfc_composes_with_markup_extraction() {
        // A decomposed é in the prose, a BOM, an entity and a tag before it.
        let html = "\u{FEFF}<p>&laquo;<i>Be\u{301}larus</i>&raquo;</p>";
        let doc = Document::from_bytes_as(html.as_bytes(), InputKind::Html).unwrap();
        assert_eq!(doc.text(), "«Bélarus»");
        let at = doc.text().find("Bélarus").unwrap_or(0);
        let span = at..at + "Bélarus".len();
        assert_eq!(&doc.source()[doc.to_source(span.clone())], "Be\u{301}larus");
        assert!(
            doc.maps_verbatim(span.clone()),
            "NFC differences alone keep fixes"
        );
        let loc = doc.locate(span);
        assert_eq!((loc.start.column, loc.end.column), (14, 22));
        assert_eq!(loc.byte_start, 3 + "<p>&laquo;<i>".len());
        let guillemet = doc.text().find('«').unwrap_or(0);
        let src = doc.to_source(guillemet..guillemet + '«'.len_utf8());
        assert_eq!(&doc.source()[src], "&laquo;");
    }

    /// Random markup soup: extraction never panics, and every view range
    /// maps to a range of the source, on character boundaries, in order.
    #[test]
    fn random_markup_maps_inside_the_source() {
        const TOKENS: &[&str] = &[
            "<",
            ">",
            "/",
            "!",
            "-",
            "&",
            ";",
            "#",
            "x",
            "e",
            "é",
            "\u{301}",
            "`",
            "*",
            "_",
            "[",
            "]",
            "(",
            ")",
            "\n",
            " ",
            "\"",
            "'",
            "=",
            "p",
            "b",
            "script",
            "code",
            "pre",
            "---",
            "+++",
            "\\",
            "|",
            "amp",
            "eacute",
            "#233",
            "\r\n",
            "<!--",
            "-->",
            "```",
            "    ",
            "> ",
            "- ",
            "1. ",
            "![",
            "](",
            "transaudit-disable",
            "\u{A0}",
            "Ω",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2000 {
            let n = (next() % 48) as usize;
            let s: String = (0..n)
                .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
                .collect();
            for kind in [InputKind::Markdown, InputKind::Html, InputKind::Plain] {
                let doc = Document::from_text_as(&s, kind);
                let text = doc.text();
                let bounds: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect();
                let mut last = 0;
                for (k, &a) in bounds.iter().enumerate() {
                    let b = bounds[(k + 1 + (next() % 4) as usize).min(bounds.len() - 1)];
                    let src = doc.to_source(a..b);
                    assert!(
                        src.start <= src.end && src.end <= doc.source().len(),
                        "{s:?}"
                    );
                    assert!(doc.source().get(src.clone()).is_some(), "{s:?} {kind:?}");
                    let at = doc.to_source(a..a).start;
                    assert!(at >= last, "insertion points go forward: {s:?} {kind:?}");
                    last = at;
                    let _ = doc.locate(a..b);
                }
            }
        }
    }

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        let t = "L’aujourd’hui porte-parole, COVID-19 - fin'";
        let w: Vec<_> = words(t).map(|r| &t[r]).collect();
        assert_eq!(w, ["L’aujourd’hui", "porte-parole", "COVID-19", "fin"]);
    }
}
