//! The whole pipeline on any UTF-8 text: the built-in French rules (every
//! phrase, pattern and engine), under each policy, then every finding
//! located, its message and fingerprint built, and the text and JSON
//! reports rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use transaudit::check::{CheckOptions, Profile, build_profile, lint_document_with_fingerprints};
use transaudit::config::{Config, DisclosurePolicy, Requirement};
use transaudit::document::Document;
use transaudit::report::{self, Format};

fn profiles() -> &'static [Profile] {
    static P: OnceLock<Vec<Profile>> = OnceLock::new();
    P.get_or_init(|| {
        let opts = CheckOptions::default();
        let mut strict = Config::default();
        strict.policy.disclosure = DisclosurePolicy::Required;
        strict.policy.byline = Requirement::Required;
        strict.policy.source = Requirement::Required;
        strict
            .policy
            .names
            .insert("Kyiv".into(), vec!["Kiev".into(), "Kyïv".into()]);
        let mut forbidden = Config::default();
        forbidden.policy.disclosure = DisclosurePolicy::Forbidden;
        [None, Some(strict), Some(forbidden)]
            .into_iter()
            .map(|c| build_profile(c, &opts).expect("built-in rules load"))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let profile = &profiles()[which as usize % profiles().len()];
    let doc = Document::from_text(text);
    let (diags, fingerprints) = lint_document_with_fingerprints("fuzz.txt", &doc, profile);
    assert_eq!(diags.len(), fingerprints.len());
    for d in &diags {
        assert!(d.byte_start <= d.byte_end && d.byte_end <= doc.bom_len() + doc.source().len());
        assert!(d.line >= 1 && d.column >= 1);
        assert!((d.line, d.column) <= (d.end_line, d.end_column), "{d:?}");
    }
    if which & 0x80 != 0 {
        let _ = report::render_file(
            Format::Text,
            "fuzz.txt",
            &doc,
            &diags,
            &profile.rules,
            false,
            transaudit::messages::MessageLang::Fr,
        );
        let _ = report::render_file(
            Format::Json,
            "fuzz.txt",
            &doc,
            &diags,
            &profile.rules,
            false,
            transaudit::messages::MessageLang::En,
        );
    }
});
