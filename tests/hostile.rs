//! Hostile inputs: files a linter meets in the wild that must neither crash
//! it, hang it, nor make it write anything. Each case checks the exit code
//! and message DESIGN.md promises (0 clean, 1 findings, 2 error naming the
//! file), that nothing panicked, and that the directory is left as it was.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Every path under `dir` with its size and modification time (symlinks
/// are not followed): "nothing is written" is "this does not change".
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let meta = std::fs::symlink_metadata(e.path()).unwrap();
            if meta.is_dir() {
                stack.push(e.path());
            }
            out.insert(e.path(), (meta.len(), meta.modified().unwrap()));
        }
    }
    out
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `transaudit ARGS` in `dir` with a time limit, and checks that it
/// did not panic and wrote nothing in `dir`.
fn run(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let before = snapshot(dir);
    let out = Command::cargo_bin("transaudit")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .timeout(limit)
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        out.status.code().is_some(),
        "transaudit {args:?} was killed (time limit {limit:?}?)\nstderr: {}",
        run.stderr
    );
    assert_ne!(run.code, 101, "panic: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "panic: {}", run.stderr);
    assert_eq!(
        before,
        snapshot(dir),
        "transaudit {args:?} wrote in the directory"
    );
    run
}

const SHORT: Duration = Duration::from_secs(60);
const CLEAN: &str = "Le conseil municipal a voté le budget mardi soir.\n";

#[test]
fn file_over_the_size_limit_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    // Sparse: costs nothing on disk. Read, it would be 600 MiB of NUL
    // bytes, refused as binary; refused by size, it was never read.
    let big = std::fs::File::create(dir.path().join("big.txt")).unwrap();
    big.set_len(transaudit::check::MAX_FILE_BYTES + (88 << 20))
        .unwrap();
    drop(big);
    std::fs::write(dir.path().join("ok.txt"), "Leave a Reply\n").unwrap();
    let r = run(
        dir.path(),
        &["check", "--format", "concise", "big.txt", "ok.txt"],
        SHORT,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("big.txt") && r.stderr.contains("600 MiB, over the 512 MiB limit"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("NUL"), "the file was read: {}", r.stderr);
    // The other file is still linted.
    assert!(r.stdout.contains("ok.txt:1:1"), "{}", r.stdout);
}

#[test]
fn endless_device_is_refused_at_the_size_limit() {
    // A character device reports size 0: only a bounded read stops it.
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        dir.path(),
        &["check", "/dev/zero"],
        Duration::from_secs(120),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("/dev/zero") && r.stderr.contains("over the 512 MiB limit"),
        "{}",
        r.stderr
    );
}

#[test]
fn no_trailing_newline_reports_the_last_line_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Premier paragraphe.\n\nLe maire a réalisé que rien n’allait..";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let r = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--select",
            "calque/realiser-que,punctuation/doubled-period",
            "a.txt",
        ],
        SHORT,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let at = |d: &serde_json::Value, k: &str| d[k].as_u64().unwrap() as usize;
    let (calque, period) = (&v[0], &v[1]);
    assert_eq!(calque["rule"], "calque/realiser-que");
    assert_eq!((at(calque, "line"), at(calque, "column")), (3, 12));
    assert_eq!(
        &text[at(calque, "byte_start")..at(calque, "byte_end")],
        "réalisé que"
    );
    // The last finding ends at the last byte of the file.
    assert_eq!(period["rule"], "punctuation/doubled-period");
    assert_eq!(at(period, "byte_end"), text.len());
    assert_eq!(
        (at(period, "end_line"), at(period, "end_column")),
        (
            3,
            1 + "Le maire a réalisé que rien n’allait..".chars().count()
        )
    );
}

/// Clean filler with one chunk of residue every ~10 KB, on one line: the
/// shape of a minified HTML page. Per-finding work proportional to the line
/// (line search, column count, exception scan) made this quadratic: 1 MB
/// took 3.6 s of CPU, 4 MB over 30 s, 20 MB would take hours.
#[test]
fn large_single_line_is_linear_and_columns_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    let filler = "Le conseil municipal a voté le budget mardi soir. ".repeat(200);
    let chunk = "Il a réalisé que tout avançait.. Puis il partit. dans la nuit. ";
    let mut line = String::with_capacity(21 << 20);
    let mut expected_columns = Vec::new();
    let mut chars = 0;
    while line.len() < 20_000_000 {
        line.push_str(&filler);
        chars += filler.chars().count();
        let at = chunk.find("..").unwrap();
        expected_columns.push(1 + chars + chunk[..at].chars().count());
        line.push_str(chunk);
        chars += chunk.chars().count();
    }
    std::fs::write(dir.path().join("one-line.html"), &line).unwrap();
    drop(line);
    let r = run(
        dir.path(),
        &[
            "check",
            "--format",
            "jsonl",
            "--select",
            "punctuation/doubled-period,calque/realiser-que,sentence-break",
            "one-line.html",
        ],
        Duration::from_secs(300),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let mut columns = Vec::new();
    let mut rules: BTreeMap<String, usize> = BTreeMap::new();
    for l in r.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["line"], 1);
        *rules
            .entry(v["rule"].as_str().unwrap().to_owned())
            .or_default() += 1;
        if v["rule"] == "punctuation/doubled-period" {
            columns.push(v["column"].as_u64().unwrap() as usize);
        }
    }
    assert_eq!(
        columns, expected_columns,
        "columns count chars on a long line"
    );
    assert_eq!(
        rules["calque/realiser-que"],
        expected_columns.len(),
        "{rules:?}"
    );
    assert_eq!(
        rules["sentence-break/lowercase-after-period"],
        expected_columns.len(),
        "{rules:?}"
    );
}

#[test]
fn nul_bytes_are_refused_as_binary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("head.txt"), b"abc\0def\n").unwrap();
    // Past the first 8 KiB (where the walker's binary sniffing stops).
    let mut late = CLEAN.repeat(400).into_bytes();
    late.extend_from_slice(b"x\0y\n");
    std::fs::write(dir.path().join("late.txt"), late).unwrap();
    for name in ["head.txt", "late.txt"] {
        let r = run(dir.path(), &["check", name], SHORT);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(name) && r.stderr.contains("NUL bytes"),
            "{}",
            r.stderr
        );
    }
    // Walked: a binary-looking file is skipped; the late NUL is an error.
    std::fs::write(dir.path().join("ok.txt"), CLEAN).unwrap();
    let r = run(dir.path(), &["check", "--format", "concise", "."], SHORT);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!r.stderr.contains("head.txt"), "{}", r.stderr);
    assert!(r.stderr.contains("late.txt"), "{}", r.stderr);
}

#[test]
fn invalid_utf8_is_named_with_line_and_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = CLEAN.repeat(1000).into_bytes();
    let offset = bytes.len() + 3;
    bytes.extend_from_slice(b"Un \xE9t\xE9 chaud.\n");
    std::fs::write(dir.path().join("latin1.txt"), &bytes).unwrap();
    // A multi-byte sequence cut by the end of the file.
    std::fs::write(dir.path().join("cut.txt"), b"Le caf\xC3").unwrap();
    let r = run(dir.path(), &["check", "latin1.txt", "cut.txt"], SHORT);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "latin1.txt: invalid UTF-8 at line 1001 (byte {offset})"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("cut.txt: invalid UTF-8 at line 1 (byte 6)"),
        "{}",
        r.stderr
    );
}

#[test]
fn utf16_with_bom_asks_for_conversion() {
    let dir = tempfile::tempdir().unwrap();
    let utf16 = |big_endian: bool| -> Vec<u8> {
        let mut v: Vec<u8> = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in "Le maire a parlé.\n".encode_utf16() {
            v.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        v
    };
    std::fs::write(dir.path().join("le.txt"), utf16(false)).unwrap();
    std::fs::write(dir.path().join("be.txt"), utf16(true)).unwrap();
    let r = run(dir.path(), &["check", "le.txt", "be.txt"], SHORT);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for name in ["le.txt", "be.txt"] {
        assert!(
            r.stderr.contains(&format!("{name}: the file is UTF-16")) && r.stderr.contains("iconv"),
            "{}",
            r.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_neither_hang_nor_double_count() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("articles");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    symlink("..", root.join("sub/up")).unwrap();
    symlink(".", root.join("here")).unwrap();
    symlink("self.txt", root.join("self.txt")).unwrap();
    symlink("b.txt", root.join("a.txt")).unwrap();
    symlink("a.txt", root.join("b.txt")).unwrap();
    std::fs::write(root.join("sub/article.txt"), "Leave a Reply\n").unwrap();
    let r = run(
        dir.path(),
        &["check", "--format", "concise", "articles"],
        SHORT,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout.matches("article.txt:1:1").count(),
        1,
        "{}",
        r.stdout
    );
    // Named on the command line, a looping link is an I/O error naming it.
    let r = run(dir.path(), &["check", "articles/self.txt"], SHORT);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("articles/self.txt"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error_and_the_others_are_linted() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.txt");
    std::fs::write(&locked, "Leave a Reply\n").unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Leave a Reply\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything: then there is nothing to assert.
    let readable = std::fs::read(&locked).is_ok();
    let r = run(
        dir.path(),
        &["check", "--format", "concise", "locked.txt", "ok.txt"],
        SHORT,
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(r.stdout.contains("ok.txt:1:1"), "{}", r.stdout);
    if !readable {
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.contains("locked.txt: permission denied"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn catastrophic_backtracking_regex_finishes_fast() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.toml"),
        r#"[[rule]]
id = "punctuation/evil"
category = "punctuation"
severity = "warning"
kind = "pattern"
message = "evil"
explanation = "Exponential in a backtracking engine, linear in ours."
pattern = '(?m)(a+)+$'
exceptions = ['(x+x+)+y']
examples.fire = [{ text = "aaaa", match = "aaaa" }]
examples.quiet = ["b"]
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".auditrc.toml"),
        "extend-rules = [\"evil.toml\"]\nselect = [\"punctuation/evil\"]\n",
    )
    .unwrap();
    // Each line: 200,000 `a` then `b` — 2^200000 paths for a backtracker.
    let mut text = String::new();
    for _ in 0..10 {
        text.push_str(&"a".repeat(200_000));
        text.push_str("b\n");
    }
    text.push_str(&"x".repeat(100_000));
    text.push_str("\naaaa\n");
    std::fs::write(dir.path().join("evil.txt"), text).unwrap();
    let r = run(
        dir.path(),
        &["check", "--format", "concise", "evil.txt"],
        Duration::from_secs(30),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("evil.txt:12:1: warning[punctuation/evil]"),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stdout.matches("punctuation/evil").count(),
        1,
        "{}",
        r.stdout
    );
}

#[test]
fn config_extending_itself_is_an_error_not_a_loop() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".auditrc.toml"),
        "extend-rules = [\".auditrc.toml\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), CLEAN).unwrap();
    let r = run(dir.path(), &["check", "a.txt"], SHORT);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(".auditrc.toml:1"), "{}", r.stderr);
}

// ---- issue 13: a config must not be a way in -------------------------

/// A secret outside the project, and configs that try to read it.
#[cfg(unix)]
#[test]
fn extend_rules_cannot_read_or_echo_files_outside_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "token = \"SECRET-7f3a\"\nhttps://user:SECRET-7f3a@example.org\n";
    std::fs::write(dir.path().join("credentials"), secret).unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(project.join("a.txt"), CLEAN).unwrap();
    std::os::unix::fs::symlink("../credentials", project.join("link.toml")).unwrap();
    // Inside the project but not a rule file: TOML, and not TOML.
    std::fs::write(project.join("kv.toml"), "TOKEN = \"SECRET-7f3a\"\n").unwrap();
    std::fs::write(project.join("creds.toml"), "https://u:SECRET-7f3a@h\n").unwrap();
    let abs = dir.path().join("credentials").display().to_string();
    for target in [
        abs.as_str(),
        "../credentials",
        "sub/../../credentials",
        "link.toml",
        "kv.toml",
        "creds.toml",
    ] {
        std::fs::write(
            project.join(".auditrc.toml"),
            format!("extend-rules = [{target:?}]\n"),
        )
        .unwrap();
        let r = run(&project, &["check", "a.txt"], SHORT);
        assert_eq!(r.code, 2, "{target}: {}", r.stderr);
        assert!(
            r.stderr.contains(".auditrc.toml:1"),
            "{target}: {}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("SECRET") && !r.stdout.contains("SECRET"),
            "{target} leaked: {}",
            r.stderr
        );
    }
}

#[test]
fn config_discovery_stops_at_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    // Above the repository: would silence the rule.
    std::fs::write(
        dir.path().join(".auditrc.toml"),
        "[rules]\n\"boilerplate/comment-form\" = \"off\"\n",
    )
    .unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("news")).unwrap();
    std::fs::write(repo.join("news/a.txt"), "Leave a Reply\n").unwrap();
    let r = run(
        &repo.join("news"),
        &["check", "--format", "concise", "a.txt"],
        SHORT,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("boilerplate/comment-form"),
        "{}",
        r.stdout
    );
    // `rules` reads the same discovery.
    let r = run(&repo, &["rules"], SHORT);
    assert!(
        !r.stdout
            .lines()
            .any(|l| l.starts_with("boilerplate/comment-form ") && l.ends_with("(off)")),
        "{}",
        r.stdout
    );
    // Outside a repository the parent config applies (nearest wins).
    let plain = dir.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    std::fs::write(plain.join("a.txt"), "Leave a Reply\n").unwrap();
    let r = run(&plain, &["check", "--format", "concise", "a.txt"], SHORT);
    assert!(
        !r.stdout.contains("boilerplate/comment-form"),
        "{}",
        r.stdout
    );
}

#[cfg(unix)]
#[test]
fn config_rule_file_and_baseline_reads_are_bounded_and_regular() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), CLEAN).unwrap();
    let fifo = dir.path().join("fifo.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let big = std::fs::File::create(dir.path().join("big.toml")).unwrap();
    big.set_len(64 << 20).unwrap();
    drop(big);
    let mut cases: Vec<Vec<&str>> = vec![
        vec!["check", "--config", "/dev/zero", "a.txt"],
        vec!["check", "--config", "big.toml", "a.txt"],
        vec!["check", "--baseline", "/dev/zero", "a.txt"],
        vec!["rules", "--config", "/dev/zero"],
    ];
    if made {
        cases.push(vec!["check", "--config", "fifo.toml", "a.txt"]);
        cases.push(vec!["check", "--baseline", "fifo.toml", "a.txt"]);
    }
    for args in &cases {
        let r = run(dir.path(), args, Duration::from_secs(20));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("not a regular file") || r.stderr.contains("limit"),
            "{args:?}: {}",
            r.stderr
        );
    }
    // A rule file that is a FIFO or too big, named by a config.
    let sub = dir.path().join("p");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("a.txt"), CLEAN).unwrap();
    std::fs::rename(dir.path().join("big.toml"), sub.join("big.toml")).unwrap();
    std::fs::write(sub.join(".auditrc.toml"), "extend-rules = [\"big.toml\"]\n").unwrap();
    let r = run(&sub, &["check", "a.txt"], Duration::from_secs(20));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("limit"), "{}", r.stderr);
    if made {
        std::fs::rename(&fifo, sub.join("fifo.toml")).unwrap();
        std::fs::write(
            sub.join(".auditrc.toml"),
            "extend-rules = [\"fifo.toml\"]\n",
        )
        .unwrap();
        let r = run(&sub, &["check", "a.txt"], Duration::from_secs(20));
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
    }
}

// ---- issue 13: nothing lost -------------------------------------------

/// A rule with a safe fix (`..` → `.`) and the config selecting it.
fn fix_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("house.toml"),
        r#"[[rule]]
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
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".auditrc.toml"),
        "extend-rules = [\"house.toml\"]\nselect = [\"punctuation/test-\"]\n",
    )
    .unwrap();
    dir
}

fn raw(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("transaudit")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .timeout(SHORT)
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r
}

fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[cfg(unix)]
#[test]
fn fix_writes_through_a_symlink_and_refuses_what_it_cannot_rewrite() {
    use std::os::unix::fs::PermissionsExt;
    let dir = fix_project();
    let d = dir.path();
    std::fs::create_dir(d.join("real")).unwrap();
    std::fs::write(d.join("real/a.txt"), "Fin..\n").unwrap();
    std::fs::set_permissions(d.join("real/a.txt"), std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real/a.txt", d.join("link.txt")).unwrap();
    let r = raw(d, &["check", "--fix", "link.txt"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let link = std::fs::symlink_metadata(d.join("link.txt")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert_eq!(
        std::fs::read_to_string(d.join("real/a.txt")).unwrap(),
        "Fin.\n"
    );
    let mode = std::fs::metadata(d.join("real/a.txt"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);

    // Hard links: refused, both names keep the same (unfixed) file.
    std::fs::write(d.join("h1.txt"), "Fin..\n").unwrap();
    std::fs::hard_link(d.join("h1.txt"), d.join("h2.txt")).unwrap();
    let r = raw(d, &["check", "--fix", "h1.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("h1.txt") && r.stderr.contains("hard links"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(d.join("h2.txt")).unwrap(),
        "Fin..\n"
    );

    // Read-only: refused, untouched.
    std::fs::write(d.join("ro.txt"), "Fin..\n").unwrap();
    std::fs::set_permissions(d.join("ro.txt"), std::fs::Permissions::from_mode(0o444)).unwrap();
    let r = raw(d, &["check", "--fix", "ro.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("ro.txt") && r.stderr.contains("read-only"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(d.join("ro.txt")).unwrap(),
        "Fin..\n"
    );

    // A FIFO: refused, still a FIFO.
    let fifo = d.join("pipe.txt");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let writer = std::thread::spawn({
            let fifo = fifo.clone();
            move || std::fs::write(fifo, "Fin..\n")
        });
        let r = raw(d, &["check", "--fix", "pipe.txt"]);
        let _ = writer.join();
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.contains("pipe.txt") && r.stderr.contains("not a regular file"),
            "{}",
            r.stderr
        );
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo_like()
        );
    }
    assert!(temps(d).is_empty(), "{:?}", temps(d));
}

/// `is_fifo` lives in an extension trait; one name keeps the test short.
#[cfg(unix)]
trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}
#[cfg(unix)]
impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_fifo(self)
    }
}

#[test]
fn fix_leaves_a_file_edited_since_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    // Linted as "Fin..", then someone saved their own edit.
    std::fs::write(&p, "Fin.. et une phrase ajoutée.\n").unwrap();
    let e = transaudit::fix::write_fixed(&p, b"Fin..\n", b"Fin.\n").unwrap_err();
    assert!(e.to_string().contains("changed"), "{e}");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "Fin.. et une phrase ajoutée.\n"
    );
    assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
    transaudit::fix::write_fixed(&p, "Fin.. et une phrase ajoutée.\n".as_bytes(), b"Fin.\n")
        .unwrap();
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "Fin.\n");
}

#[test]
fn fix_removes_stale_temporary_files_of_dead_runs() {
    let dir = fix_project();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Fin..\n").unwrap();
    // Left by a run killed with SIGKILL (no such process id).
    std::fs::write(d.join(".transaudit-4000000000-0.tmp"), "Fin.\n").unwrap();
    // Not ours: kept.
    std::fs::write(d.join(".transaudit-notes.tmp"), "x").unwrap();
    let r = raw(d, &["check", "--fix", "a.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(temps(d), vec![".transaudit-notes.tmp".to_owned()]);
}

#[cfg(unix)]
#[test]
fn sigterm_during_fix_leaves_no_temporary_file() {
    let dir = fix_project();
    let d = dir.path();
    // Many files, so the signal lands while fixes are written.
    for i in 0..400 {
        std::fs::write(d.join(format!("a{i:03}.txt")), "Fin..\n".repeat(20_000)).unwrap();
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_transaudit"));
    for delay in [50, 150, 300] {
        let mut child = std::process::Command::new(bin)
            .current_dir(d)
            .args(["check", "--fix", "--quiet", "."])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let _ = child.wait();
        assert!(temps(d).is_empty(), "after {delay} ms: {:?}", temps(d));
    }
}

#[test]
fn write_baseline_refuses_an_input_and_non_regular_paths() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Leave a Reply\n").unwrap();
    let r = raw(d, &["check", "--write-baseline", "a.txt", "a.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("a.txt") && r.stderr.contains("inputs"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(d.join("a.txt")).unwrap(),
        "Leave a Reply\n"
    );
    // Walked, then named as the baseline.
    std::fs::create_dir(d.join("news")).unwrap();
    std::fs::write(d.join("news/b.txt"), "Leave a Reply\n").unwrap();
    let r = raw(d, &["check", "--write-baseline", "news/b.txt", "news"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(d.join("news/b.txt")).unwrap(),
        "Leave a Reply\n"
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("a.txt", d.join("base.json")).unwrap();
        let r = raw(d, &["check", "--write-baseline", "base.json", "news"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
        assert!(
            std::fs::symlink_metadata(d.join("base.json"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        if Path::new("/dev/null").exists() {
            let r = raw(d, &["check", "--write-baseline", "/dev/null", "news"]);
            assert_eq!(r.code, 2, "{}", r.stderr);
        }
    }
    // A new file is fine.
    let r = raw(d, &["check", "--write-baseline", "new.json", "news"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn diff_compares_with_the_bytes_linted_not_a_second_read() {
    let dir = fix_project();
    let out = Command::cargo_bin("transaudit")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--config", ".auditrc.toml", "--diff", "/dev/stdin"])
        .write_stdin("Fin..\n")
        .timeout(SHORT)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("-Fin..") && stdout.contains("+Fin."),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn written_files_respect_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Leave a Reply\n").unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_transaudit"));
    let script = format!(
        "umask 022 && {0:?} init && {0:?} check --write-baseline b.json a.txt",
        bin
    );
    let st = std::process::Command::new("sh")
        .current_dir(d)
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    for name in [".auditrc.toml", "b.json"] {
        let mode = std::fs::metadata(d.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o644, "{name}");
    }
}

// ---- issue 13: baselines ------------------------------------------------

#[test]
fn baseline_keeps_whole_article_findings_when_a_line_is_inserted_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join(".auditrc.toml"), "[policy]\nbyline = \"required\"\n").unwrap();
    std::fs::write(d.join("a.txt"), format!("Premier titre\n\n{CLEAN}")).unwrap();
    let r = raw(d, &["check", "--write-baseline", "base.json", "a.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let base = std::fs::read_to_string(d.join("base.json")).unwrap();
    assert!(base.contains("provenance/missing-byline"), "{base}");
    std::fs::write(
        d.join("a.txt"),
        format!("Nouveau titre\n\nPremier titre\n\n{CLEAN}"),
    )
    .unwrap();
    let r = raw(
        d,
        &[
            "check",
            "--format",
            "concise",
            "--baseline",
            "base.json",
            "a.txt",
        ],
    );
    assert!(!r.stdout.contains("missing-byline"), "{}", r.stdout);
}

/// 100,000 suppression regions, each around a finding, plus as many
/// `disable-next-line` comments: every finding was checked against every
/// region (20,000 regions took 3.6 s, this size over a minute); grouped by
/// selector and looked up by binary search it takes well under a second
/// in a release build.
#[test]
fn many_suppression_regions_are_not_quadratic() {
    let dir = tempfile::tempdir().unwrap();
    let mut md = String::from("# Titre\n\n");
    for i in 0..100_000 {
        if i % 2 == 0 {
            md.push_str(
                "<!-- transaudit-disable boilerplate -->\nLeave a Reply\n<!-- transaudit-enable boilerplate -->\n\n",
            );
        } else {
            md.push_str("<!-- transaudit-disable-next-line boilerplate/ -->\nLeave a Reply\n\n");
        }
    }
    // Outside every region: still reported, once.
    md.push_str("Leave a Reply\n");
    std::fs::write(dir.path().join("a.md"), &md).unwrap();
    let r = run(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--select",
            "boilerplate",
            "a.md",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().filter(|l| l.contains("a.md:")).collect();
    let last = 2 + 100_000 / 2 * 4 + 100_000 / 2 * 3 + 1;
    assert_eq!(lines.len(), 1, "{:?}", &lines[..lines.len().min(5)]);
    assert!(
        lines[0].starts_with(&format!("a.md:{last}:1")),
        "{}",
        lines[0]
    );
}

/// 200 directories, each with its own `.auditrc.toml` saying the same
/// thing, and one directory whose config selects other rules: the rules
/// compile twice (once per distinct set), not 201 times (each compile
/// costs ~13 MB and ~80 ms; 1,000 such directories took 138 s and 13 GB).
#[test]
fn identical_configs_share_one_compiled_rule_set() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let config = "[rules]\n\"calque/realiser-que\" = \"error\"\n";
    for i in 0..200 {
        let sub = dir.path().join(format!("d{i:03}"));
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join(".auditrc.toml"), config).unwrap();
        std::fs::write(sub.join("a.txt"), "Il a réalisé que tout allait bien.\n").unwrap();
    }
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join(".auditrc.toml"), "select = [\"calque\"]\n").unwrap();
    std::fs::write(other.join("a.txt"), CLEAN).unwrap();
    let r = run(
        dir.path(),
        &["check", "--timings", "--format", "concise", "."],
        Duration::from_secs(60),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("rule sets compiled: 2 "),
        "{}",
        r.stderr.lines().last().unwrap_or("")
    );
    // Each config still applies: the severity override of every directory.
    let errors = r
        .stdout
        .lines()
        .filter(|l| l.contains("error[calque/realiser-que]"))
        .count();
    assert_eq!(errors, 200, "{}", r.stdout);
}

/// Peak resident memory (VmHWM, KiB) of `transaudit ARGS` run in `dir`,
/// read from /proc while it runs; `None` where /proc is missing.
fn peak_kib(dir: &Path, args: &[&str]) -> Option<u64> {
    if !Path::new("/proc/self/status").exists() {
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("transaudit");
    let mut child = std::process::Command::new(bin)
        .current_dir(dir)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status)
            && let Some(v) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(v);
        }
        if child.try_wait().unwrap().is_some() {
            return Some(peak);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// 400,000 findings (`Le..` lines): each finding cost ~690 bytes (1.15 KB
/// with `--statistics`, which rendered the whole text report and threw it
/// away), so a 100 MB file died. Findings share their path and rule id,
/// and `--statistics` renders nothing: under 800 bytes per finding with
/// `--statistics`, the start-up included.
#[test]
fn findings_are_compact_and_statistics_render_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("le.txt"), "Le..\n".repeat(200_000)).unwrap();
    let findings = 400_000u64;
    let Some(peak) = peak_kib(dir.path(), &["check", "--statistics", "le.txt"]) else {
        return;
    };
    assert!(
        peak * 1024 < findings * 800,
        "peak {peak} KiB for {findings} findings: {} bytes each",
        peak * 1024 / findings
    );
}

/// A file's report is rendered and written a chunk of findings at a time
/// as the file is linted, never held whole: 300,000 findings (`Le..`
/// lines) took 600 bytes each with `--format json`, 550 with `concise`
/// and 1,220 with the text report (each rendered whole, then written), so
/// a 100 MB file of them needed 19 GB. What is left per finding is the
/// rules' own compact record (about 112 bytes, with the growth of its
/// vector): under 350 bytes each, the start-up left out. (`concise`, not
/// the text report, so that the test stays quick in a debug build; they
/// share the streaming.)
#[test]
fn reports_are_written_as_they_are_rendered_not_held() {
    let dir = tempfile::tempdir().unwrap();
    let lines = 150_000u64;
    std::fs::write(dir.path().join("le.txt"), "Le..\n".repeat(lines as usize)).unwrap();
    std::fs::write(dir.path().join("one.txt"), "Le..\n").unwrap();
    let Some(start) = peak_kib(dir.path(), &["check", "--format", "json", "one.txt"]) else {
        return;
    };
    let findings = 2 * lines;
    for format in ["json", "concise"] {
        let peak = peak_kib(dir.path(), &["check", "--format", format, "le.txt"]).unwrap();
        let each = peak.saturating_sub(start) * 1024 / findings;
        assert!(
            each < 350,
            "--format {format}: peak {peak} KiB (start-up {start} KiB) for {findings} findings: \
             {each} bytes each"
        );
    }
}

/// An allocation failure names the file being linted (it said only
/// "memory allocation of 26 bytes failed").
#[test]
fn out_of_memory_names_the_file() {
    if !Path::new("/bin/sh").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big-le.txt"), "Le..\n".repeat(3_000_000)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("transaudit");
    let out = std::process::Command::new("/bin/sh")
        .current_dir(dir.path())
        .arg("-c")
        .arg(format!(
            "ulimit -v 600000 && exec '{}' check --format concise big-le.txt",
            bin.display()
        ))
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("out of memory") && stderr.contains("while linting big-le.txt"),
        "{stderr}"
    );
}

/// A file name that is not UTF-8 (`caf\xe9.txt`, Latin-1) reached reports
/// as `caf\u{fffd}.txt`, a file that does not exist. Each format keeps it
/// losslessly: text and JSON write the byte as `\xe9`, SARIF's URI
/// percent-encodes the byte itself.
#[cfg(unix)]
#[test]
fn non_utf8_file_names_survive_in_reports() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    if std::fs::write(dir.path().join(name), "Leave a Reply\n").is_err() {
        return; // a file system that refuses such names
    }
    let r = run(dir.path(), &["check", "--format", "concise", "."], SHORT);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("caf\\xe9.txt:1:1"), "{}", r.stdout);
    assert!(!r.stdout.contains('\u{fffd}'), "{}", r.stdout);
    let r = run(dir.path(), &["check", "--format", "json", "."], SHORT);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        v[0]["path"].as_str().unwrap().ends_with("caf\\xe9.txt"),
        "{}",
        r.stdout
    );
    let r = run(dir.path(), &["check", "--format", "sarif", "."], SHORT);
    assert!(r.stdout.contains("caf%E9.txt"), "{}", r.stdout);
}
