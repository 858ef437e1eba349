//! The rule files shipped inside the binary (`lints/<lang>/*.toml`,
//! checked and embedded by `build.rs`, each with its packed form: see
//! [`super::packed`]).

use super::RuleSource;

include!(concat!(env!("OUT_DIR"), "/builtin_lints.rs"));

/// Languages that have a built-in rule pack.
pub fn languages() -> Vec<&'static str> {
    let mut langs: Vec<&str> = BUILTIN.iter().map(|(l, ..)| *l).collect();
    langs.dedup();
    langs
}

/// The built-in rule files of one language, in path order.
pub fn sources(lang: &str) -> Vec<RuleSource> {
    BUILTIN
        .iter()
        .filter(|(l, ..)| *l == lang)
        .map(|(_, path, text, ..)| RuleSource {
            path: (*path).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}

/// True when `src` is one of the embedded files, byte for byte (a user file
/// with the same path but other text is not): see [`packed`].
pub fn is_builtin(src: &RuleSource) -> bool {
    packed(src).is_some()
}

/// The packed form of `src` (node tree, string table) when it is one of the embedded files, byte for
/// byte (a user file with the same path but other text is not): what
/// [`super::RuleSet::load`] reads instead of parsing the TOML. Why only
/// then: the test suite compiles every regex of the built-in files, so
/// loading them can also skip the checks that only user files need.
pub fn packed(src: &RuleSource) -> Option<(&'static [u8], &'static str)> {
    BUILTIN
        .iter()
        .find(|(_, path, text, ..)| *path == src.path && *text == src.text)
        .map(|(.., tree, strings)| (*tree, *strings))
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
