//! Markup extraction: the prose of a Markdown or HTML article, as a text
//! view with an [`OffsetMap`] back to the file.
//!
//! What is kept: text a reader sees (paragraphs, headings, list items, link
//! text, table cells), with HTML character references decoded. What is
//! skipped: tags and their attributes (`alt="…"`, `href="…"`), comments,
//! `<script>`/`<style>` contents, code (fenced and indented blocks, inline
//! code, `<pre>`, `<code>`), image alt text and Markdown front matter.
//!
//! Skipped regions must not glue words together nor merge paragraphs, so
//! they are replaced lazily ([`ViewBuilder`]) by the separator the markup
//! implies: a block boundary (`</p>`, a heading, a code block) becomes a
//! blank line, a line break (`<br>`, a soft break) a newline, a form widget
//! a space (not before punctuation), an inline tag nothing at all
//! (`<b>Leave</b> a Reply` reads `Leave a Reply`, as a browser shows it);
//! whitespace on both sides of skipped markup collapses into one. Inline
//! code, an image, a media element or a Markdown autolink becomes one U+FFFC
//! OBJECT REPLACEMENT CHARACTER, so ``propos rapportés par `x`.`` does not
//! read as the dangling `propos rapportés par .`; it is neither a letter nor
//! punctuation, so rules see a word boundary. Separators reproduce the
//! newlines of the skipped source when there are more of them, so the
//! view's lines stay close to the file's (Markdown: the same lines).
//!
//! Every byte of the view maps back to the file ([`OffsetMap`]): copied prose
//! one to one, a decoded `&eacute;` to the whole reference, a separator to
//! the markup it replaces.

pub mod entities;
pub mod front_matter;
pub mod html;
pub mod markdown;

use crate::offset_map::{MapBuilder, OffsetMap};
use std::ops::Range;
use std::path::Path;

pub use front_matter::{FrontMatter, FrontMatterField, FrontMatterFormat, Translation};

/// How a file is read: its prose is the whole text, or what markup leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputKind {
    /// Plain text: every byte is prose.
    #[default]
    Plain,
    /// CommonMark (with GFM tables, strikethrough and footnotes), and YAML or
    /// TOML front matter.
    Markdown,
    /// HTML (a page or a fragment).
    Html,
}

impl InputKind {
    /// The kind a file's extension implies: `.md`, `.markdown` → Markdown;
    /// `.html`, `.htm` → HTML; anything else plain text.
    pub fn from_path(path: &Path) -> InputKind {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => InputKind::Markdown,
            "html" | "htm" => InputKind::Html,
            _ => InputKind::Plain,
        }
    }

    /// `plain`, `markdown` or `html`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Plain => "plain",
            InputKind::Markdown => "markdown",
            InputKind::Html => "html",
        }
    }
}

/// An HTML comment found in the prose part of a Markdown or HTML file
/// (suppression directives live in them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Source byte range of the whole comment, `<!--` to `-->`.
    pub span: Range<usize>,
    /// Source byte range of the text between the delimiters.
    pub body: Range<usize>,
}

/// What extraction produces.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The prose view.
    pub text: String,
    /// View offsets → source offsets.
    pub map: OffsetMap,
    /// HTML comments, in source order.
    pub comments: Vec<Comment>,
    /// Markdown front matter, when the file starts with one.
    pub front_matter: Option<FrontMatter>,
}

/// Extracts the prose of `source` read as `kind` (plain text is returned as
/// it is, with an identity map).
pub fn extract(source: &str, kind: InputKind) -> Extracted {
    match kind {
        InputKind::Plain => {
            let mut b = MapBuilder::default();
            b.push(0, source.len(), 0, source.len(), true);
            Extracted {
                text: source.to_owned(),
                map: b.finish(source.len()),
                ..Extracted::default()
            }
        }
        InputKind::Html => {
            let mut b = ViewBuilder::new(source);
            let mut comments = Vec::new();
            let mut html = html::Extractor::default();
            html.feed(&mut b, 0..source.len(), &mut comments);
            html.finish(&mut b);
            let (text, map) = b.finish();
            Extracted {
                text,
                map,
                comments,
                front_matter: None,
            }
        }
        InputKind::Markdown => markdown::extract(source),
    }
}

/// How strongly a skipped region separates the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sep {
    /// Not at all (inline tags): the text around it is joined.
    None,
    /// A word boundary implied by markup (a form widget): a space, unless
    /// whitespace is already there or punctuation follows.
    Boundary,
    /// Whitespace in the source (collapsed, as a browser does): a space,
    /// unless whitespace is already there.
    Space,
    /// A line break.
    Line,
    /// A paragraph break: a blank line.
    Paragraph,
}

/// Builds a view left to right from source ranges: copies, replacements
/// and lazy separators. Source ranges must come in order; a range that
/// goes backwards is clamped (never a panic), so a bug in an extractor
/// costs precision, not a crash.
#[derive(Debug)]
pub struct ViewBuilder<'s> {
    source: &'s str,
    text: String,
    map: MapBuilder,
    /// End of the source consumed by the last segment.
    src_end: usize,
    pending: Sep,
}

impl<'s> ViewBuilder<'s> {
    /// An empty view of `source`.
    pub fn new(source: &'s str) -> ViewBuilder<'s> {
        ViewBuilder {
            source,
            text: String::with_capacity(source.len()),
            map: MapBuilder::default(),
            src_end: 0,
            pending: Sep::None,
        }
    }

    /// The source text.
    pub fn source(&self) -> &'s str {
        self.source
    }

    /// Asks for (at least) this separator before the next text.
    pub fn separate(&mut self, sep: Sep) {
        self.pending = self.pending.max(sep);
    }

    /// Clamps `src` to the source, after what was consumed, on char
    /// boundaries; `None` when nothing is left.
    fn clamp(&self, src: Range<usize>) -> Option<Range<usize>> {
        let len = self.source.len();
        let mut start = src.start.max(self.src_end).min(len);
        let mut end = src.end.min(len).max(start);
        while !self.source.is_char_boundary(start) {
            start += 1;
        }
        while !self.source.is_char_boundary(end) {
            end += 1;
        }
        (start < end || src.start == src.end).then_some(start..end.max(start))
    }

    /// Emits the pending separator before text that starts at source
    /// offset `next` with the character `first`.
    fn flush(&mut self, next: usize, first: Option<char>) {
        let pending = std::mem::replace(&mut self.pending, Sep::None);
        if self.text.is_empty() || pending == Sep::None {
            return;
        }
        let gap = self.src_end.min(next)..next;
        let gap_text = self.source.get(gap.clone()).unwrap_or("");
        let gap_newlines = gap_text.bytes().filter(|&b| b == b'\n').count();
        let trailing = &self.text[self.text.trim_end().len()..];
        let have = trailing.bytes().filter(|&b| b == b'\n').count();
        let sep = match pending {
            Sep::None => return,
            Sep::Boundary | Sep::Space => {
                // No space where whitespace already is, nor before closing
                // or after opening punctuation (`![image](x).` reads `.`).
                let no_space_after = self.text.chars().next_back().is_some_and(|c| {
                    matches!(c, '(' | '[' | '«' | '“' | '‘' | '\u{A0}' | '\u{202F}')
                });
                let no_space_before = first.is_none_or(|c| {
                    c.is_whitespace()
                        || matches!(
                            c,
                            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '»' | '”' | '’' | '…'
                        )
                });
                let smart = pending == Sep::Boundary && (no_space_after || no_space_before);
                if !trailing.is_empty() || first.is_some_and(char::is_whitespace) || smart {
                    return;
                }
                if gap_newlines > 0 { "\n" } else { " " }.to_owned()
            }
            Sep::Line | Sep::Paragraph => {
                let want = if pending == Sep::Line { 1 } else { 2 };
                let n = want.max(gap_newlines).saturating_sub(have);
                if n == 0 {
                    return;
                }
                "\n".repeat(n)
            }
        };
        let v = self.text.len();
        self.text.push_str(&sep);
        self.map
            .push(v, self.text.len(), gap.start, gap.end - gap.start, false);
        self.src_end = gap.end;
    }

    /// Appends the source range `src` verbatim.
    pub fn copy(&mut self, src: Range<usize>) {
        let Some(src) = self.clamp(src) else { return };
        if src.is_empty() {
            return;
        }
        let after_gap = src.start > self.src_end;
        let piece = &self.source[src.clone()];
        self.flush(src.start, piece.chars().next());
        // Whitespace on both sides of skipped markup collapses, as a browser
        // shows it (`Voir <img> ici` reads `Voir ici`, not `Voir  ici`).
        let mut start = src.start;
        if after_gap && (self.text.is_empty() || self.text.ends_with([' ', '\t', '\n'])) {
            start += piece.len() - piece.trim_start_matches([' ', '\t']).len();
        }
        if start >= src.end {
            return;
        }
        let v = self.text.len();
        self.text.push_str(&self.source[start..src.end]);
        self.map
            .push(v, self.text.len(), start, src.end - start, true);
        self.src_end = src.end;
    }

    /// Appends `with`, standing for the source range `src` as a whole.
    pub fn replace(&mut self, src: Range<usize>, with: &str) {
        let Some(src) = self.clamp(src) else { return };
        if with.is_empty() {
            return;
        }
        self.flush(src.start, with.chars().next());
        let v = self.text.len();
        self.text.push_str(with);
        self.map
            .push(v, self.text.len(), src.start, src.len(), false);
        self.src_end = src.end;
    }

    /// Appends the source range `src` with its HTML character references
    /// decoded (HTML text).
    pub fn push_html_text(&mut self, src: Range<usize>) {
        let Some(src) = self.clamp(src) else { return };
        let text = &self.source[src.clone()];
        let mut copied = 0;
        let mut search = 0;
        while let Some(i) = text[search..].find('&').map(|i| search + i) {
            match entities::decode_at(&text[i..]) {
                Some((len, c)) => {
                    self.copy(src.start + copied..src.start + i);
                    let mut buf = [0u8; 4];
                    self.replace(src.start + i..src.start + i + len, c.encode_utf8(&mut buf));
                    copied = i + len;
                    search = copied;
                }
                None => search = i + 1,
            }
        }
        self.copy(src.start + copied..src.end);
    }

    /// Appends `decoded`, the text a parser made of the source range `src`
    /// (Markdown text with escapes and references resolved): runs equal to
    /// the source are copies, `\*` and `&eacute;` are replacements, and
    /// anything not understood maps as a whole.
    pub fn push_decoded(&mut self, src: Range<usize>, decoded: &str) {
        let Some(src) = self.clamp(src) else { return };
        let raw = &self.source[src.clone()];
        if raw == decoded {
            self.copy(src);
            return;
        }
        let (mut i, mut j) = (0, 0); // decoded, raw
        let mut run = 0; // start (raw) of the current copied run
        while i < decoded.len() {
            let Some(c) = decoded[i..].chars().next() else {
                break;
            };
            if raw[j..].starts_with(c) {
                i += c.len_utf8();
                j += c.len_utf8();
                continue;
            }
            // Something else: flush the run, then try an escape or a reference.
            self.copy(src.start + run..src.start + j);
            let rest = &raw[j..];
            let step = if rest.starts_with('\\') && rest[1..].starts_with(c) {
                Some(1 + c.len_utf8())
            } else if rest.starts_with('&') {
                entities::decode_at(rest)
                    .filter(|&(_, d)| d == c)
                    .map(|(len, _)| len)
            } else {
                None
            };
            match step {
                Some(len) => {
                    let mut buf = [0u8; 4];
                    self.replace(src.start + j..src.start + j + len, c.encode_utf8(&mut buf));
                    i += c.len_utf8();
                    j += len;
                    run = j;
                }
                None => {
                    // Not understood: the rest maps as a whole.
                    self.replace(src.start + j..src.end, &decoded[i..]);
                    return;
                }
            }
        }
        self.copy(src.start + run..src.start + j);
    }

    /// The view and its map.
    pub fn finish(self) -> (String, OffsetMap) {
        let len = self.text.len();
        (self.text, self.map.finish(len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_from_extension() {
        assert_eq!(
            InputKind::from_path(Path::new("a/b.md")),
            InputKind::Markdown
        );
        assert_eq!(
            InputKind::from_path(Path::new("b.MARKDOWN")),
            InputKind::Markdown
        );
        assert_eq!(InputKind::from_path(Path::new("b.htm")), InputKind::Html);
        assert_eq!(InputKind::from_path(Path::new("b.HTML")), InputKind::Html);
        assert_eq!(InputKind::from_path(Path::new("b.txt")), InputKind::Plain);
        assert_eq!(InputKind::from_path(Path::new("-")), InputKind::Plain);
    }

    #[test]
    fn separators_are_lazy_and_never_lead() {
        let src = "<p>un</p>  <p>deux <b>trois</b></p>";
        let mut b = ViewBuilder::new(src);
        b.separate(Sep::Paragraph);
        b.copy(3..5);
        b.separate(Sep::Paragraph);
        b.separate(Sep::Space);
        b.copy(14..19);
        b.copy(22..27);
        b.separate(Sep::Paragraph);
        let (text, map) = b.finish();
        assert_eq!(text, "un\n\ndeux trois");
        assert_eq!(map.map(4..8), 14..18);
        assert_eq!(map.map(9..14), 22..27);
        // The blank line stands for `</p>  <p>`.
        assert_eq!(map.map(2..4), 5..14);
    }

    #[test]
    fn decoded_text_aligns_escapes_and_references() {
        let src = "a\\*b &eacute;t&eacute; c";
        let mut b = ViewBuilder::new(src);
        b.push_decoded(0..src.len(), "a*b été c");
        let (text, map) = b.finish();
        assert_eq!(text, "a*b été c");
        let at = text.find("été").unwrap_or(0);
        assert_eq!(map.map(at..at + "été".len()), 5..22);
        assert_eq!(map.map(1..2), 1..3, "`*` stands for `\\*`");
        let c = text.len() - 1;
        assert_eq!(map.map(c..c + 1), 23..24);
    }

    #[test]
    fn decoded_text_that_does_not_align_maps_as_a_whole() {
        let src = "abc&weird;def";
        let mut b = ViewBuilder::new(src);
        b.push_decoded(0..src.len(), "abcXYdef");
        let (text, map) = b.finish();
        assert_eq!(text, "abcXYdef");
        assert_eq!(map.map(0..3), 0..3);
        assert_eq!(map.map(4..5), 3..13);
    }

    #[test]
    fn backwards_or_out_of_range_ranges_do_not_panic() {
        let src = "héllo";
        let mut b = ViewBuilder::new(src);
        b.copy(0..3);
        b.copy(1..2); // backwards: dropped
        b.copy(2..100); // clamped, and moved off the middle of `é`
        b.replace(50..60, "x");
        let (text, _) = b.finish();
        assert!(text.starts_with("hé"));
    }
}
