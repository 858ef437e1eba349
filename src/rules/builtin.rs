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

/// True when `src` is one of the embedded files, byte for byte (a user file
/// with the same path but other text is not). Why: the test suite compiles
/// every regex of the built-in files, so loading them can skip the checks
/// that only user files need.
pub fn is_builtin(src: &RuleSource) -> bool {
    BUILTIN
        .iter()
        .any(|(_, path, text)| *path == src.path && *text == src.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_embedded_text_is_trusted() {
        let embedded = sources("fr");
        assert!(embedded.iter().all(is_builtin));
        let mut edited = embedded[0].clone();
        edited.text.push_str("\n# edited\n");
        assert!(!is_builtin(&edited));
    }
}
