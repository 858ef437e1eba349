//! Offset maps: how byte offsets of a derived text (a *view*) map back to
//! the text it was derived from.
//!
//! A view is built left to right from pieces of its source, each one a
//! segment:
//!
//! - a **copy**: view bytes identical to source bytes, so every offset inside
//!   maps one to one (prose between tags, most of any article);
//! - a **replacement**: view bytes standing for a source range as a whole
//!   (`&eacute;` → `é`, an NFC-composed `e` + U+0301 → `é`, a block tag → a
//!   blank line, inline code → U+FFFC). An offset inside one maps to the
//!   whole source range: a span starting inside it starts at the range's
//!   start, one ending inside it ends at the range's end, so a reported span
//!   always covers what was matched.
//!
//! Source bytes no segment covers (tags, attributes, comments, code,
//! front matter) are simply skipped: they are the gaps between segments.
//! Segments are ordered by view offset and their source ranges never go
//! backwards, so mapping is a binary search.
//!
//! Maps compose ([`OffsetMap::compose`]): the markup view (source →
//! extracted prose) and the NFC view (extracted prose → NFC) become one map
//! from the NFC view to the original file.

use std::ops::Range;

/// One piece of the view. Its view length runs to the next segment's
/// `view` (or the end of the view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    /// View offset where the segment starts.
    view: usize,
    /// Source offset where the segment's source range starts.
    src: usize,
    /// Length of the source range. For a copy, equal to the view length.
    src_len: usize,
    /// Copy (offsets map one to one) or replacement (maps as a whole).
    copy: bool,
}

/// A map from a view's byte offsets to its source's. See the module
/// documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segs: Vec<Seg>,
    view_len: usize,
}

impl OffsetMap {
    /// Length of the view this map starts from.
    pub fn view_len(&self) -> usize {
        self.view_len
    }

    /// Number of segments (for tests and size checks).
    pub fn segments(&self) -> usize {
        self.segs.len()
    }

    fn seg_view_end(&self, i: usize) -> usize {
        self.segs.get(i + 1).map_or(self.view_len, |s| s.view)
    }

    /// Source offset of view offset `pos` taken as the start of a span.
    fn map_start(&self, pos: usize) -> usize {
        let Some(last) = self.segs.last() else {
            return 0;
        };
        if pos >= self.view_len {
            return last.src + last.src_len;
        }
        let i = self
            .segs
            .partition_point(|s| s.view <= pos)
            .saturating_sub(1);
        let s = self.segs[i];
        if s.copy {
            s.src + (pos - s.view).min(s.src_len)
        } else {
            s.src
        }
    }

    /// Source offset of view offset `pos` taken as the (exclusive) end of a
    /// non-empty span.
    fn map_end(&self, pos: usize) -> usize {
        let Some(last) = self.segs.last() else {
            return 0;
        };
        if pos == 0 {
            return self.segs[0].src;
        }
        let pos = pos.min(self.view_len);
        if pos == self.view_len {
            return if last.copy {
                last.src + (pos - last.view).min(last.src_len)
            } else {
                last.src + last.src_len
            };
        }
        // The segment holding the last byte of the span.
        let i = self
            .segs
            .partition_point(|s| s.view < pos)
            .saturating_sub(1);
        let s = self.segs[i];
        if s.copy {
            s.src + (pos - s.view).min(s.src_len)
        } else {
            s.src + s.src_len
        }
    }

    /// Maps a view byte range to the source byte range that covers it. An
    /// empty range (an insertion point) stays empty.
    pub fn map(&self, span: Range<usize>) -> Range<usize> {
        let start = self.map_start(span.start);
        if span.end <= span.start {
            return start..start;
        }
        let end = self.map_end(span.end);
        start..end.max(start)
    }

    /// The map from `self`'s view to `outer`'s source, where `self` maps
    /// into `outer`'s view: `a.compose(&b).map(r) == b.map(a.map(r))` for
    /// every range that starts and ends on segment boundaries of `a`, and
    /// covers at least that range otherwise.
    pub fn compose(&self, outer: &OffsetMap) -> OffsetMap {
        let mut b = MapBuilder::default();
        for (i, s) in self.segs.iter().enumerate() {
            let v0 = s.view;
            let v1 = self.seg_view_end(i);
            if v1 <= v0 {
                continue;
            }
            if !s.copy {
                let r = outer.map(s.src..s.src + s.src_len);
                b.push(v0, v1, r.start, r.end - r.start, false);
                continue;
            }
            // A copy: split it along `outer`'s segments.
            let (m0, m1) = (s.src, s.src + (v1 - v0));
            let mut j = outer
                .segs
                .partition_point(|o| o.view <= m0)
                .saturating_sub(1);
            while j < outer.segs.len() {
                let o = outer.segs[j];
                let o_end = outer.seg_view_end(j);
                if o.view >= m1 {
                    break;
                }
                let lo = m0.max(o.view);
                let hi = m1.min(o_end);
                if lo < hi {
                    let view = v0 + (lo - m0);
                    let view_end = v0 + (hi - m0);
                    if o.copy {
                        b.push(view, view_end, o.src + (lo - o.view), hi - lo, true);
                    } else {
                        b.push(view, view_end, o.src, o.src_len, false);
                    }
                }
                j += 1;
            }
        }
        b.finish(self.view_len)
    }
}

/// Builds an [`OffsetMap`] segment by segment, merging adjacent copies.
#[derive(Debug, Default)]
pub struct MapBuilder {
    segs: Vec<Seg>,
}

impl MapBuilder {
    /// Appends the view range `view..view_end`, standing for the source
    /// range `src..src + src_len` (byte for byte when `copy`). View ranges
    /// must be appended in order; empty ones are dropped.
    pub fn push(&mut self, view: usize, view_end: usize, src: usize, src_len: usize, copy: bool) {
        if view_end <= view {
            return;
        }
        if let Some(last) = self.segs.last_mut() {
            // A copy that continues the previous copy in both texts.
            if copy
                && last.copy
                && last.view + last.src_len == view
                && last.src + last.src_len == src
            {
                last.src_len += src_len;
                return;
            }
            // A replacement split by composition: the pieces map to the same range.
            if !copy && !last.copy && last.src == src && last.src_len == src_len {
                return;
            }
        }
        self.segs.push(Seg {
            view,
            src,
            src_len,
            copy,
        });
    }

    /// The map, for a view of `view_len` bytes.
    pub fn finish(self, view_len: usize) -> OffsetMap {
        OffsetMap {
            segs: self.segs,
            view_len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "ab" copied from 0..2, "é" (2 bytes) standing for `&eacute;` at
    /// 2..10, "cd" copied from 15..17 (5 bytes of a tag skipped).
    fn sample() -> OffsetMap {
        let mut b = MapBuilder::default();
        b.push(0, 2, 0, 2, true);
        b.push(2, 4, 2, 8, false);
        b.push(4, 6, 15, 2, true);
        b.finish(6)
    }

    #[test]
    fn copies_map_one_to_one_and_replacements_as_a_whole() {
        let m = sample();
        assert_eq!(m.map(0..2), 0..2);
        assert_eq!(m.map(1..2), 1..2);
        assert_eq!(m.map(2..4), 2..10);
        assert_eq!(m.map(3..4), 2..10, "inside a replacement: the whole of it");
        assert_eq!(m.map(0..6), 0..17);
        assert_eq!(m.map(4..5), 15..16);
        assert_eq!(m.map(5..6), 16..17);
    }

    #[test]
    fn skipped_source_is_covered_only_when_the_span_crosses_it() {
        let m = sample();
        // Ends just before the gap: the tag is not part of the span.
        assert_eq!(m.map(0..4), 0..10);
        // Starts just after it.
        assert_eq!(m.map(4..6), 15..17);
        // Insertion points map to the start of what follows.
        assert_eq!(m.map(4..4), 15..15);
        assert_eq!(m.map(6..6), 17..17);
        assert_eq!(m.map(0..0), 0..0);
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let m = sample();
        assert_eq!(m.map(100..200), 17..17);
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = 5..2;
        assert_eq!(m.map(backwards), 16..16);
        let empty = MapBuilder::default().finish(0);
        assert_eq!(empty.map(0..3), 0..0);
    }

    #[test]
    fn adjacent_copies_merge() {
        let mut b = MapBuilder::default();
        b.push(0, 3, 10, 3, true);
        b.push(3, 5, 13, 2, true);
        b.push(5, 5, 99, 0, true);
        let m = b.finish(5);
        assert_eq!(m.segments(), 1);
        assert_eq!(m.map(1..4), 11..14);
    }

    #[test]
    fn composition_equals_mapping_twice() {
        // Inner: a view of `sample()`'s view where "é" (2..4) is copied,
        // "ab" is replaced by "X" (1 byte), and "cd" copied.
        let outer = sample();
        let mut b = MapBuilder::default();
        b.push(0, 1, 0, 2, false); // "X" for "ab"
        b.push(1, 5, 2, 4, true); // "écd"
        let inner = b.finish(5);
        let both = inner.compose(&outer);
        for (s, e) in [
            (0, 1),
            (1, 3),
            (1, 5),
            (3, 4),
            (3, 5),
            (0, 5),
            (4, 4),
            (1, 1),
        ] {
            assert_eq!(
                both.map(s..e),
                outer.map(inner.map(s..e)),
                "composed map of {s}..{e}"
            );
        }
    }

    #[test]
    fn composition_splits_copies_across_replacements() {
        // Outer: "aXb" where X (1 byte) stands for 5 source bytes.
        let mut o = MapBuilder::default();
        o.push(0, 1, 0, 1, true);
        o.push(1, 2, 1, 5, false);
        o.push(2, 3, 6, 1, true);
        let outer = o.finish(3);
        // Inner: the identity over "aXb".
        let mut i = MapBuilder::default();
        i.push(0, 3, 0, 3, true);
        let inner = i.finish(3);
        let both = inner.compose(&outer);
        assert_eq!(both, outer);
    }
}
