//! Positions as the client counts them. LSP positions are (line, character)
//! pairs whose `character` counts UTF-16 code units unless the client and
//! server agree on UTF-8 or UTF-32 (`positionEncoding`); the linter counts
//! bytes. This module converts between the two over one document's text,
//! never panicking on a position the client got wrong (it is clamped, as
//! the protocol asks).

use lsp_types::Position;

/// How the `character` of a position counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units: the protocol's default, which every client supports.
    #[default]
    Utf16,
    /// UTF-32 code units (Unicode scalar values).
    Utf32,
}

impl Encoding {
    /// The protocol's name: `utf-8`, `utf-16` or `utf-32`.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Utf32 => "utf-32",
        }
    }

    /// Parses a protocol name (case-insensitive; `utf8` without the dash,
    /// as some clients write it, too).
    pub fn parse(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().replace('-', "").as_str() {
            "utf8" => Some(Encoding::Utf8),
            "utf16" => Some(Encoding::Utf16),
            "utf32" => Some(Encoding::Utf32),
            _ => None,
        }
    }

    /// The encoding to use given what the client offers, in its order of
    /// preference. Why prefer UTF-8 then UTF-32 when offered: they convert
    /// from the linter's byte offsets without counting surrogates; UTF-16
    /// is the fallback the protocol guarantees.
    pub fn negotiate(offered: &[String]) -> Encoding {
        let offered: Vec<Encoding> = offered.iter().filter_map(|s| Encoding::parse(s)).collect();
        [Encoding::Utf8, Encoding::Utf32]
            .into_iter()
            .find(|e| offered.contains(e))
            .unwrap_or(Encoding::Utf16)
    }

    /// How many units `c` counts for.
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// The line starts of a text, for converting byte offsets to positions and
/// back. Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol says.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the first byte of each line.
    starts: Vec<usize>,
    encoding: Encoding,
}

impl LineIndex {
    /// Indexes `text` for positions counted in `encoding`.
    pub fn new(text: &str, encoding: Encoding) -> LineIndex {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts, encoding }
    }

    /// The position of byte `offset` of `text` (clamped to the text, and
    /// moved back to a character boundary when it falls inside one).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let character: usize = text[start..offset]
            .chars()
            .map(|c| self.encoding.width(c))
            .sum();
        Position {
            line: to_u32(line),
            character: to_u32(character),
        }
    }

    /// The byte offset of `pos` in `text`. A line past the end gives the
    /// end of the text; a character past the end of its line gives the end
    /// of the line (before its line break); a character inside a UTF-16
    /// surrogate pair or a UTF-8 sequence gives the start of that character.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let line = pos.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let content = text[start..end].trim_end_matches(['\n', '\r']);
        let want = pos.character as usize;
        let mut units = 0;
        for (i, c) in content.char_indices() {
            let w = self.encoding.width(c);
            if units + w > want {
                return start + i;
            }
            units += w;
        }
        start + content.len()
    }

    /// The range covering bytes `span` of `text`.
    pub fn range(&self, text: &str, span: std::ops::Range<usize>) -> lsp_types::Range {
        lsp_types::Range {
            start: self.position(text, span.start),
            end: self.position(text, span.end.max(span.start)),
        }
    }
}

/// A count as the protocol's `uinteger` (saturating: a 4-billion-line
/// document is not worth a panic).
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn utf16_counts_surrogate_pairs_twice() {
        let text = "a😀é x\nb";
        let idx = LineIndex::new(text, Encoding::Utf16);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(idx.position(text, x), pos(0, 5));
        assert_eq!(idx.offset(text, pos(0, 5)), x);
        // Inside the surrogate pair: the start of the emoji.
        assert_eq!(idx.offset(text, pos(0, 2)), 1);
        assert_eq!(idx.offset(text, pos(1, 0)), text.len() - 1);
    }

    #[test]
    fn utf8_and_utf32_count_their_units() {
        let text = "é😀x";
        let x = text.len() - 1;
        assert_eq!(
            LineIndex::new(text, Encoding::Utf8).position(text, x),
            pos(0, 6)
        );
        assert_eq!(
            LineIndex::new(text, Encoding::Utf32).position(text, x),
            pos(0, 2)
        );
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\r\ncd";
        let idx = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(idx.offset(text, pos(0, 99)), 2);
        assert_eq!(idx.offset(text, pos(7, 0)), text.len());
        assert_eq!(idx.position(text, 999), pos(1, 2));
    }

    #[test]
    fn lone_carriage_return_ends_a_line() {
        let text = "a\rb";
        let idx = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(idx.position(text, 2), pos(1, 0));
    }

    #[test]
    fn negotiation_prefers_byte_offsets_and_falls_back_to_utf16() {
        let offer = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            Encoding::negotiate(&offer(&["utf-16", "utf-8"])),
            Encoding::Utf8
        );
        assert_eq!(Encoding::negotiate(&offer(&["utf-32"])), Encoding::Utf32);
        assert_eq!(Encoding::negotiate(&offer(&["latin-1"])), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(&[]), Encoding::Utf16);
    }
}
