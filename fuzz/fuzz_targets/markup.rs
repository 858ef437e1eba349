//! Markdown and HTML on any bytes: extraction (the prose view, its offset
//! map, comments, front matter), suppression comments, and the fixes
//! (safe and unsafe) written back into the markup. The first byte picks
//! the kind (even: Markdown, odd: HTML) and whether unsafe fixes apply.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use transaudit::check::{CheckOptions, Profile, build_profile, lint_document};
use transaudit::document::Document;
use transaudit::markup::InputKind;

fn profile() -> &'static Profile {
    static P: OnceLock<Profile> = OnceLock::new();
    P.get_or_init(|| build_profile(None, &CheckOptions::default()).expect("built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let kind = if which & 1 == 0 {
        InputKind::Markdown
    } else {
        InputKind::Html
    };
    let unsafe_fixes = which & 2 != 0;
    let Ok(doc) = Document::from_bytes_as(rest, kind) else {
        return;
    };
    let text = doc.text();
    let source = doc.source();
    // Every line of the view maps into the source on char boundaries.
    for line in doc.lines() {
        let src = doc.to_source(line.clone());
        assert!(src.start <= src.end && src.end <= source.len(), "{line:?} -> {src:?}");
        assert!(source.is_char_boundary(src.start) && source.is_char_boundary(src.end));
    }
    let whole = doc.to_source(0..text.len());
    assert!(whole.end <= source.len());
    // Comments lie within the source, bodies inside their comment.
    for c in doc.comments() {
        assert!(c.span.start <= c.body.start && c.body.end <= c.span.end);
        assert!(c.span.end <= source.len());
        let _ = &source[c.span.clone()];
    }
    let _ = transaudit::suppress::directives(&doc);

    // The whole pipeline, suppression comments included.
    let diags = lint_document("fuzz.md", &doc, profile());
    let bytes_len = doc.bom_len() + source.len();
    for d in &diags {
        assert!(d.byte_start <= d.byte_end && d.byte_end <= bytes_len, "{d:?}");
        assert!((d.line, d.column) <= (d.end_line, d.end_column), "{d:?}");
    }
    // Fixes keep the file valid UTF-8 and re-lint without a panic.
    let (fixed, _) = transaudit::fix::apply(rest, &diags, unsafe_fixes);
    if let Ok(again) = Document::from_bytes_as(&fixed, kind) {
        let _ = lint_document("fuzz.md", &again, profile());
    } else {
        assert!(std::str::from_utf8(&fixed).is_ok(), "a fix broke UTF-8");
    }
});
