//! CLI behaviour as data (typos' trycmd style, without the dependency): each
//! `tests/cmd/<case>.toml` names the files to create in a scratch directory,
//! the arguments, optional stdin, the exit status and what stdout/stderr
//! must and must not contain. Add a case by adding a file.

use assert_cmd::Command;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Case {
    /// What the case proves.
    about: String,
    args: Vec<String>,
    #[serde(default)]
    stdin: Option<String>,
    status: i32,
    #[serde(default)]
    files: BTreeMap<String, String>,
    #[serde(default)]
    stdout_contains: Vec<String>,
    #[serde(default)]
    stdout_lacks: Vec<String>,
    #[serde(default)]
    stderr_contains: Vec<String>,
    #[serde(default)]
    stdout_is_json: bool,
    /// Environment variables set for the run. The locale variables
    /// (`LC_ALL`, `LC_MESSAGES`, `LANG`) are cleared first, so a case runs
    /// the same whatever the machine's locale (they pick the language of
    /// messages).
    #[serde(default)]
    env: BTreeMap<String, String>,
}

fn run_case(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let case: Case = toml::from_str(&text).map_err(|e| format!("bad case file: {e}"))?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    for (name, content) in &case.files {
        let p = dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        // `\x..` escapes are not TOML; a `.hex` suffix means "write these hex bytes to the name without .hex".
        if let Some(real) = name.strip_suffix(".hex") {
            let bytes: Vec<u8> = content
                .split_whitespace()
                .map(|h| u8::from_str_radix(h, 16).map_err(|e| e.to_string()))
                .collect::<Result<_, _>>()?;
            std::fs::remove_file(&p).ok();
            std::fs::write(dir.path().join(real), bytes).map_err(|e| e.to_string())?;
        } else {
            std::fs::write(&p, content).map_err(|e| e.to_string())?;
        }
    }
    let mut cmd = Command::cargo_bin("transaudit").map_err(|e| e.to_string())?;
    cmd.current_dir(dir.path())
        .args(&case.args)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .envs(&case.env);
    if let Some(input) = &case.stdin {
        cmd.write_stdin(input.as_bytes());
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let ctx = || {
        format!(
            "\n--- about: {}\n--- stdout:\n{stdout}\n--- stderr:\n{stderr}",
            case.about
        )
    };
    if out.status.code() != Some(case.status) {
        return Err(format!(
            "exit status {:?}, expected {}{}",
            out.status.code(),
            case.status,
            ctx()
        ));
    }
    for s in &case.stdout_contains {
        if !stdout.contains(s.as_str()) {
            return Err(format!("stdout lacks {s:?}{}", ctx()));
        }
    }
    for s in &case.stdout_lacks {
        if stdout.contains(s.as_str()) {
            return Err(format!("stdout contains {s:?}{}", ctx()));
        }
    }
    for s in &case.stderr_contains {
        if !stderr.contains(s.as_str()) {
            return Err(format!("stderr lacks {s:?}{}", ctx()));
        }
    }
    if case.stdout_is_json {
        serde_json::from_str::<serde_json::Value>(&stdout)
            .map_err(|e| format!("stdout is not JSON: {e}{}", ctx()))?;
    }
    Ok(())
}

#[test]
fn cli_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cmd")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    paths.sort();
    assert!(paths.len() >= 10, "expected the CLI cases under tests/cmd");
    let failures: Vec<String> = paths
        .iter()
        .filter_map(|p| {
            run_case(p).err().map(|e| {
                format!(
                    "{}: {e}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing CLI cases:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
