//! Baselines: `--write-baseline` records today's findings (atomically, in a
//! diff-friendly file), `--baseline` reports only new ones, and a finding
//! stays baselined when lines are inserted above it.

use assert_cmd::Command;
use std::path::Path;

const RULES: &str = r#"
[[rule]]
id = "boilerplate/test-reply"
category = "boilerplate"
severity = "warning"
kind = "phrase"
message = "test “{match}”"
explanation = "A test rule that fires on Leave a Reply, used by the baseline tests."
phrases = ["Leave a Reply", "Source link"]
examples.fire = [{ text = "a Leave a Reply b", match = "Leave a Reply" }]
examples.quiet = ["a b"]
"#;

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("house.toml"), RULES).expect("rules");
    std::fs::write(
        dir.path().join(".auditrc.toml"),
        "extend-rules = [\"house.toml\"]\nselect = [\"boilerplate/test-\"]\n",
    )
    .expect("config");
    std::fs::create_dir(dir.path().join("articles")).expect("dir");
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("transaudit")
        .expect("binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // English messages whatever the machine's locale.
        .env("LC_ALL", "C")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn baseline_accepts_old_findings_even_when_lines_move() {
    let dir = setup();
    let a = dir.path().join("articles/a.txt");
    let b = dir.path().join("articles/b.md");
    std::fs::write(&a, "Titre.\n\nLeave a Reply\n").expect("a");
    std::fs::write(&b, "# Titre\n\nTexte. Leave a Reply\n").expect("b");

    let (code, out, err) = run(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "articles"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 findings in 2 files"), "{out}");
    let text = std::fs::read_to_string(dir.path().join("baseline.json")).expect("written");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(json["version"], 1);
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 2);
    assert_eq!(findings[0]["path"], "articles/a.txt", "relative, sorted");
    assert_eq!(findings[1]["path"], "articles/b.md");
    assert_eq!(findings[0]["rule"], "boilerplate/test-reply");
    // One finding per line: diffs stay readable.
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("\"fingerprint\""))
            .count(),
        2,
        "{text}"
    );
    // No temporary file left behind.
    let leftovers = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .count();
    assert_eq!(leftovers, 0);

    // Same files: nothing new.
    let (code, out, _) = run(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--baseline",
            "baseline.json",
            "articles",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("0 findings") && out.contains("2 findings baselined"),
        "{out}"
    );

    // Lines inserted above both findings: still baselined.
    std::fs::write(
        &a,
        "Titre.\n\nUn paragraphe ajouté.\n\nUn autre.\n\nLeave a Reply\n",
    )
    .expect("a");
    std::fs::write(
        &b,
        "---\nauthor: Anne\n---\n# Titre\n\nIntro.\n\nTexte. Leave a Reply\n",
    )
    .expect("b");
    let (code, out, _) = run(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--baseline",
            "baseline.json",
            "articles",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 findings baselined"), "{out}");

    // A new finding is reported, the old ones stay baselined; from another
    // directory too (paths are relative to the baseline file).
    std::fs::write(
        &a,
        "Titre.\n\nUn paragraphe ajouté.\n\nSource link\n\nLeave a Reply\n",
    )
    .expect("a");
    let (code, out, _) = run(
        &dir.path().join("articles"),
        &[
            "check",
            "--format",
            "concise",
            "--baseline",
            "../baseline.json",
            ".",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("a.txt:5:1:"), "{out}");
    assert!(!out.contains("a.txt:7:1:"), "{out}");
    assert!(
        out.contains("1 finding in 2 files") && out.contains("2 findings baselined"),
        "{out}"
    );
}

#[test]
fn write_baseline_refuses_when_an_input_fails() {
    let dir = setup();
    std::fs::write(dir.path().join("articles/a.txt"), "Leave a Reply\n").expect("a");
    let (code, _, err) = run(
        dir.path(),
        &[
            "check",
            "--write-baseline",
            "b.json",
            "articles/a.txt",
            "missing.txt",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("missing.txt") && err.contains("not written"),
        "{err}"
    );
    assert!(!dir.path().join("b.json").exists());
}
