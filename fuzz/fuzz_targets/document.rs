//! The document model on any bytes: decoding, the NFC view and its offset
//! map, lines, paragraphs, sentences, words, and `locate` on spans that
//! fall on char boundaries of the NFC view.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use transaudit::document::{Document, words};

#[derive(Debug, Arbitrary)]
struct Input {
    bytes: Vec<u8>,
    spans: Vec<(u16, u16)>,
}

/// Rounds `i` down to a char boundary of `s`.
fn floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fuzz_target!(|input: Input| {
    let Ok(doc) = Document::from_bytes(&input.bytes) else {
        return;
    };
    let text = doc.text();
    let source = doc.source();
    let bom = doc.bom_len();
    assert!(bom == 0 || bom == 3);

    // Every span of the NFC view maps to a span of the original that lies on
    // char boundaries and whose line/column agree with the byte offsets.
    let mut spans: Vec<(usize, usize)> = vec![(0, text.len()), (0, 0), (text.len(), text.len())];
    if !text.is_empty() {
        spans.extend(input.spans.iter().map(|&(a, b)| {
            let a = floor(text, a as usize % (text.len() + 1));
            let b = floor(text, b as usize % (text.len() + 1));
            (a.min(b), a.max(b))
        }));
    }
    for (a, b) in spans {
        let src = doc.to_source(a..b);
        assert!(
            src.start <= src.end && src.end <= source.len(),
            "{a}..{b} -> {src:?}"
        );
        assert!(source.is_char_boundary(src.start) && source.is_char_boundary(src.end));
        let loc = doc.locate(a..b);
        assert_eq!(
            (loc.byte_start, loc.byte_end),
            (src.start + bom, src.end + bom)
        );
        assert!(loc.start.line >= 1 && loc.start.column >= 1);
        assert!((loc.start.line, loc.start.column) <= (loc.end.line, loc.end.column));
        // The line/column must point at the same byte: recount from the source.
        let before = &source[..src.start];
        let line = 1 + before.matches('\n').count();
        let col = 1 + before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count();
        assert_eq!((loc.start.line, loc.start.column), (line, col));
        // `line_at` (line index or scan) agrees with a plain scan.
        let start = text[..a].rfind('\n').map_or(0, |i| i + 1);
        let mut end = text[a..].find('\n').map_or(text.len(), |i| a + i);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        assert_eq!(doc.line_at(a), start..end);
    }

    // Lines: in order, within the text, on char boundaries, no newline inside.
    let mut last = 0;
    for line in doc.lines() {
        assert!(line.start >= last && line.start <= line.end && line.end <= text.len());
        assert!(!text[line.clone()].contains('\n'));
        last = line.end;
    }
    // Paragraphs and sentences: in order and within the text.
    let mut last = 0;
    for p in doc.paragraphs() {
        assert!(
            p.start >= last && p.start < p.end && p.end <= text.len(),
            "{p:?}"
        );
        let _ = &text[p.clone()];
        last = p.end;
    }
    let mut last = 0;
    for s in doc.sentences() {
        assert!(
            s.start >= last && s.start <= s.end && s.end <= text.len(),
            "{s:?}"
        );
        let _ = &text[s.clone()];
        last = s.end;
    }
    for w in words(text) {
        assert!(w.start < w.end && w.end <= text.len());
        let _ = &text[w];
    }
    // The same text through `from_text` gives the same view.
    if let Ok(s) = std::str::from_utf8(&input.bytes) {
        assert_eq!(Document::from_text(s).text(), text);
    }
});
