//! Embeds every rule file under `lints/<lang>/*.toml` into the binary, so
//! `transaudit` works from any directory with no set-up (DESIGN.md).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=lints");
    // Read when the script runs, not with `env!` when it is compiled: a build
    // script compiled in another checkout (a copied or shared target/) would
    // otherwise embed that checkout's rule files instead of this one's.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join("lints");
    let mut files = Vec::new();
    if let Ok(langs) = std::fs::read_dir(&root) {
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
                    files.push((lang_name, rel, p));
                }
            }
        }
    }
    files.sort();
    let mut out = String::from(
        "/// Built-in rule files: (language, path in the repository, text).\npub static BUILTIN: &[(&str, &str, &str)] = &[\n",
    );
    for (lang, rel, abs) in &files {
        let _ = writeln!(
            out,
            "    ({lang:?}, {rel:?}, include_str!({:?})),",
            abs.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_lints.rs");
    std::fs::write(dest, out).expect("write builtin_lints.rs");
}
