//! `--fix`: applies safe fixes atomically, is idempotent, leaves files it
//! could not lint untouched; `--unsafe-fixes` adds the rest.

use assert_cmd::Command;
use std::path::Path;

const RULES: &str = r#"
[[rule]]
id = "punctuation/test-dots"
category = "punctuation"
severity = "warning"
kind = "pattern"
message = "doubled full stop"
explanation = "A test rule: two full stops after a letter become one (safe fix)."
pattern = '\p{L}(\.\.)(?:[^.]|$)'
group = 1
replacement = "."
applicability = "safe"
examples.fire = [{ text = "fin..", match = "..", fix = "." }]
examples.quiet = ["fin..."]

[[rule]]
id = "calque/test-realiser"
category = "calque"
severity = "warning"
kind = "substitution"
message = "calque"
explanation = "A test rule with an unsafe substitution, to check --unsafe-fixes."
[rule.replace]
"réaliser que" = "se rendre compte que"
[rule.examples]
fire = [{ text = "Il a réalisé. Réaliser que x.", match = "Réaliser que", fix = "Se rendre compte que" }]
quiet = ["Il réalise un film."]
"#;

fn setup(article: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("house.toml"), RULES).unwrap();
    std::fs::write(
        dir.path().join(".auditrc.toml"),
        "extend-rules = [\"house.toml\"]\nselect = [\"punctuation/test-\", \"calque/test-\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), article).unwrap();
    dir
}

fn check(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("transaudit")
        .unwrap()
        .current_dir(dir)
        // English messages whatever the machine's locale (the summary is read below).
        .env("LC_ALL", "C")
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn fix_applies_safe_fixes_and_is_idempotent() {
    let dir = setup("Fin des hostilités.. Il faut réaliser que tout change.\n");
    let out = check(dir.path(), &["--fix", "a.txt"]);
    assert_eq!(out.status.code(), Some(1), "the unsafe finding remains");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 fix applied"), "{stdout}");
    let fixed = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert_eq!(
        fixed,
        "Fin des hostilités. Il faut réaliser que tout change.\n"
    );
    let again = check(dir.path(), &["--fix", "a.txt"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 fixes applied"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        fixed
    );
}

#[test]
fn unsafe_fixes_apply_the_rest() {
    let dir = setup("Fin.. Réaliser que tout change.\n");
    let out = check(dir.path(), &["--fix", "--unsafe-fixes", "a.txt"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "Fin. Se rendre compte que tout change.\n"
    );
}

#[test]
fn diff_writes_nothing_and_bad_files_are_untouched() {
    let dir = setup("Fin des hostilités..\n");
    let out = check(dir.path(), &["--diff", "a.txt"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("+Fin des hostilités."));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "Fin des hostilités..\n"
    );
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"Fin.. \xff\n").unwrap();
    let out = check(dir.path(), &["--fix", "bad.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&bad).unwrap(), b"Fin.. \xff\n");
}

#[test]
fn fix_refuses_stdin() {
    let out = Command::cargo_bin("transaudit")
        .unwrap()
        .args(["check", "--fix", "-"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
