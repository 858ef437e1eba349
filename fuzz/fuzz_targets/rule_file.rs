//! The rule-file parser and compiler on any TOML text; a rule file that
//! loads is then run on a few texts (a user's rule file must not be able to
//! crash or hang the linter).
#![no_main]

use libfuzzer_sys::fuzz_target;
use transaudit::config::Policy;
use transaudit::document::Document;
use transaudit::engines::EngineContext;
use transaudit::rules::{RuleSet, RuleSource};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = RuleSource {
        path: "fuzz.toml".into(),
        text: text.to_owned(),
    };
    let set = match RuleSet::load(&[src]) {
        Ok(set) => set,
        Err(errors) => {
            for e in errors {
                // Rendering locates the error in the text: must not panic.
                let _ = e.line();
                let _ = e.to_string();
                let _ = e.render(false);
            }
            return;
        }
    };
    let policy = Policy::default();
    let cx = EngineContext {
        policy: &policy,
        lang: "fr",
    };
    let mut texts: Vec<String> = vec![
        "Leave a Reply. Le Be\u{301}larus, 55 miles, « mal fermé”.\r\nfin".into(),
        text.to_owned(),
    ];
    for r in set.rules() {
        texts.extend(r.examples.fire.iter().map(|f| f.text.clone()));
        texts.extend(r.examples.quiet.iter().cloned());
    }
    for t in texts.iter().take(32) {
        let doc = Document::from_text(t);
        for f in set.check(&doc, &cx) {
            assert!(f.span.start <= f.span.end && f.span.end <= doc.text().len());
            let _ = doc.locate(f.span.clone());
            let _ = set.message(&doc, &f);
        }
    }
});
