//! Byte offsets (the linter's) to UTF-16 code units (LanguageTool's, and
//! JavaScript's): an emoji is 4 bytes, 1 `char` and 2 UTF-16 units, and a
//! client that counts otherwise highlights the wrong characters.

use super::decode::Segment;

/// UTF-16 offsets of byte offsets of `text`, in the order given, in one
/// pass over the text. A byte offset inside a character (never produced by
/// the linter) counts as the start of that character.
pub fn to_utf16(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let mut units = 0usize;
    let mut chars = text.char_indices().peekable();
    for i in order {
        let target = bytes[i].min(text.len());
        while let Some(&(at, c)) = chars.peek() {
            if at + c.len_utf8() > target {
                break;
            }
            units += c.len_utf16();
            chars.next();
        }
        out[i] = units;
    }
    out
}

/// Maps offsets of the linted text to the client's UTF-16 offsets: the
/// text's own with `text`, or through the `data` annotation's segments
/// (markup counts in the client's offsets).
pub struct ClientOffsets<'a> {
    text: &'a str,
    segments: &'a [Segment],
    /// UTF-16 offset, in the linted text, of each segment's start.
    starts16: Vec<usize>,
}

impl<'a> ClientOffsets<'a> {
    /// For the linted `text` and the annotation's `segments` (empty for a
    /// plain `text` request).
    pub fn new(text: &'a str, segments: &'a [Segment]) -> ClientOffsets<'a> {
        let starts: Vec<usize> = segments.iter().map(|s| s.plain.start).collect();
        ClientOffsets {
            text,
            segments,
            starts16: to_utf16(text, &starts),
        }
    }

    /// Client offset and length of the byte span `start..end` of the
    /// linted text.
    pub fn span(&self, start: usize, end: usize) -> (usize, usize) {
        let units = to_utf16(self.text, &[start, end]);
        if self.segments.is_empty() {
            return (units[0], units[1].saturating_sub(units[0]));
        }
        let a = self.map(start, units[0], true);
        let b = self.map(end, units[1], false).max(a);
        (a, b - a)
    }

    fn map(&self, byte: usize, unit: usize, is_start: bool) -> usize {
        let found = if is_start {
            self.segments
                .iter()
                .position(|s| byte < s.plain.end)
                .or(self.segments.len().checked_sub(1))
        } else {
            self.segments.iter().rposition(|s| s.plain.start < byte).or(
                if self.segments.is_empty() {
                    None
                } else {
                    Some(0)
                },
            )
        };
        let Some(k) = found else { return unit };
        let s = &self.segments[k];
        if s.is_text {
            let inside = unit.saturating_sub(self.starts16[k]);
            (s.original.start + inside).min(s.original.end)
        } else if is_start && byte <= s.plain.start {
            s.original.start
        } else {
            s.original.end
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astral_and_crlf() {
        let t = "é😀\r\nx";
        // é = 2 bytes/1 unit, 😀 = 4 bytes/2 units, \r\n = 2/2.
        assert_eq!(to_utf16(t, &[8, 0, 2, 6]), [5, 0, 1, 3]);
    }

    #[test]
    fn annotation_offsets_count_markup() {
        // "<b>" markup (3 units) then text "mot", then "<p>" as "\n\n".
        let segs = vec![
            Segment {
                plain: 0..0,
                original: 0..3,
                is_text: false,
            },
            Segment {
                plain: 0..3,
                original: 3..6,
                is_text: true,
            },
            Segment {
                plain: 3..5,
                original: 6..9,
                is_text: false,
            },
            Segment {
                plain: 5..8,
                original: 9..12,
                is_text: true,
            },
        ];
        let text = "mot\n\nfin";
        let m = ClientOffsets::new(text, &segs);
        assert_eq!(m.span(0, 3), (3, 3));
        assert_eq!(m.span(5, 8), (9, 3));
        assert_eq!(m.span(2, 6), (5, 5));
    }
}
