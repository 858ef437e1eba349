//! Embeds every rule file under `lints/<lang>/*.toml` into the binary, so
//! `transaudit` works from any directory with no set-up (DESIGN.md), and
//! does at build time what does not depend on the input:
//!
//! - each file is parsed and checked against the rule-file schema (unknown
//!   keys, wrong types, regexes that do not parse, duplicate ids): an error
//!   fails the build with the file and line;
//! - each file is embedded packed (`src/rules/packed.rs`), so loading the
//!   built-in pack parses no TOML at run time.
//!
//! What needs the crate's own code (categories, engine options, the rules'
//! examples) is checked by the test suite, which loads the built-in pack.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/rules/packed/encode.rs"]
mod encode;

#[allow(dead_code)] // the fields are read at run time, not here
#[path = "src/rules/schema.rs"]
mod schema;

/// What `schema.rs` names `crate::config::Policy`: any table here (the
/// policy of a rule's examples is checked by the test suite, which runs
/// them).
mod config {
    pub type Policy = toml::Table;
}

/// One built-in rule file.
struct RuleFile {
    lang: String,
    /// Path in the repository, as errors and `transaudit rule` show it.
    rel: String,
    abs: PathBuf,
}

fn main() {
    println!("cargo:rerun-if-changed=lints");
    println!("cargo:rerun-if-changed=src/rules/schema.rs");
    println!("cargo:rerun-if-changed=src/rules/packed/encode.rs");
    // Read when the script runs, not with `env!` when it is compiled: a build
    // script compiled in another checkout (a copied or shared target/) would
    // otherwise embed that checkout's rule files instead of this one's.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let files = rule_files(&Path::new(&manifest_dir).join("lints"));
    let packed_dir = out_dir.join("packed");
    std::fs::create_dir_all(&packed_dir).expect("create OUT_DIR/packed");

    let mut errors = Vec::new();
    // Rule ids per language: an id defined twice is an error at run time.
    let mut ids: std::collections::HashMap<(String, String), String> = Default::default();
    let mut out = String::from(
        "/// Built-in rule files: (language, path in the repository, text,\n\
         /// packed node tree, packed string table), read by `rules::packed`.\n\
         pub static BUILTIN: &[(&str, &str, &str, &[u8], &str)] = &[\n",
    );
    for (i, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(&file.abs)
            .unwrap_or_else(|e| panic!("read {}: {e}", file.abs.display()));
        let packed = match encode::encode(&text) {
            Ok(p) => p,
            Err(e) => {
                errors.push(located(file, &text, e.span(), e.message()));
                continue;
            }
        };
        check(file, &text, &mut ids, &mut errors);
        let tree = packed_dir.join(format!("{i}.tree"));
        let strings = packed_dir.join(format!("{i}.strings"));
        std::fs::write(&tree, packed.tree).expect("write a packed rule file");
        std::fs::write(&strings, packed.strings).expect("write a packed rule file");
        let _ = writeln!(
            out,
            "    ({:?}, {:?}, include_str!({:?}), include_bytes!({:?}), include_str!({:?})),",
            file.lang,
            file.rel,
            file.abs.display().to_string(),
            tree.display().to_string(),
            strings.display().to_string()
        );
    }
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("error: {e}");
        }
        eprintln!("fix the built-in rule files above (schema: lints/README.md)");
        std::process::exit(1);
    }
    out.push_str("];\n");
    std::fs::write(out_dir.join("builtin_lints.rs"), out).expect("write builtin_lints.rs");
}

/// Every `lints/<lang>/*.toml`, sorted by language then path.
fn rule_files(root: &Path) -> Vec<RuleFile> {
    let mut files = Vec::new();
    if let Ok(langs) = std::fs::read_dir(root) {
        for lang in langs.flatten() {
            if !lang.path().is_dir() {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(lang.path()) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "toml") {
                    let lang_name = lang.file_name().to_string_lossy().into_owned();
                    let rel = format!("lints/{}/{}", lang_name, e.file_name().to_string_lossy());
                    files.push(RuleFile {
                        lang: lang_name,
                        rel,
                        abs: p,
                    });
                }
            }
        }
    }
    files.sort_by(|a, b| (&a.lang, &a.rel).cmp(&(&b.lang, &b.rel)));
    files
}

/// Checks one parsed file against the schema, its regexes and the ids seen
/// so far; appends located errors.
fn check(
    file: &RuleFile,
    text: &str,
    ids: &mut std::collections::HashMap<(String, String), String>,
    errors: &mut Vec<String>,
) {
    let parsed: schema::RawRuleFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            errors.push(located(file, text, e.span(), e.message()));
            return;
        }
    };
    for rule in &parsed.rule {
        let rule = rule.get_ref();
        let regexes = rule.pattern.iter().chain(rule.exceptions.iter().flatten());
        for re in regexes {
            if let Err(e) = regex_syntax::ParserBuilder::new()
                .build()
                .parse(re.get_ref())
            {
                let msg = format!("invalid regex: {e}");
                errors.push(located(file, text, Some(re.span()), &msg));
            }
        }
        let key = (file.lang.clone(), rule.id.get_ref().clone());
        if let Some(prev) = ids.get(&key) {
            let msg = format!(
                "duplicate rule id `{}` (already defined in {prev})",
                rule.id.get_ref()
            );
            errors.push(located(file, text, Some(rule.id.span()), &msg));
        } else {
            ids.insert(key, file.rel.clone());
        }
    }
}

/// `path:line: message`, the line of `span` in `text` (the first line when
/// the span is unknown).
fn located(
    file: &RuleFile,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: &str,
) -> String {
    let at = span.map_or(0, |s| s.start.min(text.len()));
    let line = 1 + text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    format!("{}:{line}: {}", file.rel, message.trim_end())
}
