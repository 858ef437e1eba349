//! The rule files shipped inside the binary (`lints/<lang>/*.toml`,
//! embedded by `build.rs`).

use super::RuleSource;

include!(concat!(env!("OUT_DIR"), "/builtin_lints.rs"));

/// Languages that have a built-in rule pack.
pub fn languages() -> Vec<&'static str> {
    let mut langs: Vec<&str> = BUILTIN.iter().map(|(l, _, _)| *l).collect();
    langs.dedup();
    langs
}

/// The built-in rule files of one language, in path order.
pub fn sources(lang: &str) -> Vec<RuleSource> {
    BUILTIN
        .iter()
        .filter(|(l, _, _)| *l == lang)
        .map(|(_, path, text)| RuleSource {
            path: (*path).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}
