//! Location-independent fingerprints of findings (harper's context hashes):
//! a hash of the rule id, the matched text and a little context around it,
//! plus an occurrence number. Lines can move, the fingerprint stays; used by
//! the GitLab format, SARIF `partialFingerprints` and baselines.
//!
//! The hash is 64-bit FNV-1a, written out here because it must be stable
//! across Rust versions and platforms (std's `DefaultHasher` is not).

use crate::diagnostic::Finding;
use crate::document::Document;
use std::collections::HashMap;

/// Characters of context taken on each side of the match (within its line).
const CONTEXT_CHARS: usize = 24;

/// FNV-1a, 64 bits.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// FNV-1a fed piece by piece: the same hash as [`fnv1a`] of the pieces
/// concatenated.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// Writes `s` with its white space squashed: its words joined by one
    /// space. Why not build that string: a whole-article finding matches
    /// the whole text, and copying 50 MB to hash it cost more than linting.
    fn write_squashed(&mut self, s: &str) {
        for (i, w) in s.split_whitespace().enumerate() {
            if i > 0 {
                self.write(b" ");
            }
            self.write(w.as_bytes());
        }
    }
}

#[cfg(test)]
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One fingerprint per finding (same order), as 16 hex digits.
pub fn fingerprints(doc: &Document, rule_ids: &[&str], findings: &[Finding]) -> Vec<String> {
    let mut each = Fingerprinter::default();
    findings
        .iter()
        .zip(rule_ids)
        .map(|(f, id)| each.next(doc, id, f))
        .collect()
}

/// [`fingerprints`] one finding at a time, for a file whose findings are
/// located and written in chunks: it remembers how often each hash was
/// seen (the occurrence number), so the fingerprints of the chunks, in
/// order, are those of the whole list.
#[derive(Default)]
pub struct Fingerprinter {
    seen: HashMap<u64, usize>,
}

impl Fingerprinter {
    /// The fingerprint of `f` (reported by rule `id`), the findings before
    /// it in the file having been given to this fingerprinter in order.
    pub fn next(&mut self, doc: &Document, id: &str, f: &Finding) -> String {
        let text = doc.text();
        // A whole-article finding is about the article, not a place in
        // it: its rule alone (and its occurrence), so that inserting a
        // line at the top does not make it new.
        if f.scope == crate::diagnostic::Scope::Document {
            let mut h = Fnv::new();
            h.write(id.as_bytes());
            h.write(b"\0document");
            let base = h.0;
            let n = self.seen.entry(base).or_insert(0);
            *n += 1;
            return format!("{:016x}", fnv1a(format!("{base:x}:{n}").as_bytes()));
        }
        let matched = text.get(f.span.clone()).unwrap_or("");
        // Context stays within the finding's line, so inserting or
        // deleting other lines never changes the fingerprint.
        let line = doc.line_at(f.span.start);
        let start = f.span.start.clamp(line.start, text.len());
        let end = f.span.end.clamp(start, line.end.max(start));
        let before: String = {
            let b: Vec<char> = text[line.start..start]
                .chars()
                .rev()
                .take(CONTEXT_CHARS)
                .collect();
            b.into_iter().rev().collect()
        };
        let after: String = text[end..line.end.max(end)]
            .chars()
            .take(CONTEXT_CHARS)
            .collect();
        // fnv1a("{id}\0{matched}\0{before}\0{after}"), each squashed.
        let mut h = Fnv::new();
        h.write(id.as_bytes());
        h.write(b"\0");
        h.write_squashed(matched);
        h.write(b"\0");
        h.write_squashed(&before);
        h.write(b"\0");
        h.write_squashed(&after);
        let base = h.0;
        let n = self.seen.entry(base).or_insert(0);
        *n += 1;
        format!("{:016x}", fnv1a(format!("{base:x}:{n}").as_bytes()))
    }
}

/// The fingerprint of a finding about markup the view does not hold (an
/// unused suppression comment): the rule id and the markup's text, plus the
/// number of earlier identical ones.
pub fn markup_fingerprint(rule_id: &str, text: &str, occurrence: usize) -> String {
    let mut h = Fnv::new();
    h.write(rule_id.as_bytes());
    h.write(b"\0");
    h.write_squashed(text);
    let base = h.0;
    format!(
        "{:016x}",
        fnv1a(format!("{base:x}:{occurrence}").as_bytes())
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn streamed_hash_is_the_hash_of_the_squashed_key() {
        for (id, m, b, a) in [
            ("r/x", "a  b\n c", " d ", ""),
            ("", "", "", ""),
            ("cat/r", "l’été\u{a0}: 3", "x\ty", "  z  "),
        ] {
            let mut h = Fnv::new();
            h.write(id.as_bytes());
            h.write(b"\0");
            h.write_squashed(m);
            h.write(b"\0");
            h.write_squashed(b);
            h.write(b"\0");
            h.write_squashed(a);
            let key = format!("{id}\u{0}{}\u{0}{}\u{0}{}", squash(m), squash(b), squash(a));
            assert_eq!(h.0, fnv1a(key.as_bytes()));
        }
    }

    use super::*;
    use crate::diagnostic::Scope;

    fn finding(span: std::ops::Range<usize>) -> Finding {
        Finding {
            rule: 0,
            span,
            message: None,
            fix: None,
            scope: Scope::Span,
        }
    }

    #[test]
    fn stable_when_lines_move() {
        let a = Document::from_text("Un.\nLeave a Reply ici.");
        let b = Document::from_text("Un.\n\n\nAutre ligne.\n\nLeave a Reply ici.");
        let fa = fingerprints(&a, &["boilerplate/x"], &[finding(4..17)]);
        let at = b.text().find("Leave").unwrap();
        let fb = fingerprints(&b, &["boilerplate/x"], &[finding(at..at + 13)]);
        assert_eq!(fa, fb);
        let c = Document::from_text("Un.\nLeave a Reply là.");
        let fc = fingerprints(&c, &["boilerplate/x"], &[finding(4..17)]);
        assert_ne!(fa, fc, "the context on the line is part of the fingerprint");
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn repeated_findings_get_distinct_fingerprints() {
        let d = Document::from_text("x x");
        let f = fingerprints(&d, &["r/a", "r/a"], &[finding(0..1), finding(0..1)]);
        assert_ne!(f[0], f[1]);
    }

    /// Fingerprints taken a chunk at a time, in order, are those of the
    /// whole list (occurrence numbers carry over).
    #[test]
    fn chunked_fingerprints_are_the_whole_lists() {
        let d = Document::from_text("x x x\ny y");
        let fs = [
            finding(0..1),
            finding(0..1),
            finding(2..3),
            finding(6..7),
            finding(0..1),
        ];
        let ids = ["r/a"; 5];
        let whole = fingerprints(&d, &ids, &fs);
        let mut each = Fingerprinter::default();
        let chunked: Vec<String> = fs.iter().map(|f| each.next(&d, "r/a", f)).collect();
        assert_eq!(whole, chunked);
        assert_ne!(whole[0], whole[1]);
    }
}
