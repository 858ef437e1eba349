//! Baselines: accept today's findings, report only new ones.
//!
//! Plain-text articles cannot carry suppression comments, and a corpus
//! adopting transaudit starts with findings nobody will fix at once. `check
//! --write-baseline FILE` records every finding of the run; `check
//! --baseline FILE` then reports only findings that are not in it, and the
//! summary says how many were baselined.
//!
//! A finding is identified by its file (the path relative to the baseline
//! file's directory, with `/`), its rule and its fingerprint
//! ([`crate::fingerprint`]: the rule, the matched text and its context on
//! the line, and an occurrence number) — not its line, so inserting or
//! deleting lines above a finding does not make it new. Editing the text
//! around it does: the edited finding is reported again.
//!
//! The file is JSON, one finding per line, sorted, so that it diffs and
//! merges well under version control:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {"path": "articles/a.txt", "rule": "boilerplate/comment-form", "fingerprint": "8c1f0e2a9b3d4c5e", "message": "scraped comment-form text: “Leave a Reply”"}
//!   ]
//! }
//! ```
//!
//! `message` is for the reader of the file; only `path`, `rule` and
//! `fingerprint` are compared. It is written atomically (a temporary file
//! renamed over the old one).

use crate::check::Outcome;
use crate::config::normalize;
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// The format version written and accepted.
pub const VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Path relative to the baseline file's directory, `/`-separated (`-`
    /// for standard input without `--stdin-filename`).
    pub path: String,
    /// Rule id.
    pub rule: String,
    /// The finding's fingerprint.
    pub fingerprint: String,
    /// The message when it was recorded (not compared).
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// A loaded baseline.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// Directory paths are relative to (absolute, normalised).
    dir: PathBuf,
    entries: HashSet<(String, String, String)>,
}

/// The absolute, normalised directory holding `file`.
fn dir_of(file: &Path, cwd: &Path) -> PathBuf {
    let abs = normalize(&cwd.join(file));
    abs.parent().map_or(abs.clone(), Path::to_path_buf)
}

/// `path` relative to `base` (both absolute and normalised), `/`-separated;
/// `..` where `path` is not under `base`.
fn relative(path: &Path, base: &Path) -> String {
    let p: Vec<Component> = path.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); b.len() - common];
    parts.extend(
        p[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The key of a linted file's path (as displayed, relative to `cwd` or
/// absolute) in a baseline stored in `dir`.
fn key(display_path: &str, dir: &Path, cwd: &Path) -> String {
    if display_path == "-" {
        return "-".to_owned();
    }
    relative(&normalize(&cwd.join(display_path)), dir)
}

impl Baseline {
    /// Reads a baseline file. A missing or malformed file is an error naming
    /// it (and the line, for bad JSON).
    pub fn load(path: &Path, cwd: &Path) -> Result<Baseline, Error> {
        let shown = path.display().to_string();
        let text = crate::config::read_regular_text(&cwd.join(path), crate::check::MAX_FILE_BYTES)
            .map_err(|error| Error::Io {
                path: shown.clone(),
                error,
            })?;
        let file: File = serde_json::from_str(&text).map_err(|e| Error::Input {
            path: shown.clone(),
            reason: format!(
                "not a transaudit baseline (line {}, column {}): {e}; `transaudit check --write-baseline {shown}` writes one",
                e.line(),
                e.column()
            ),
        })?;
        if file.version != VERSION {
            return Err(Error::Input {
                path: shown,
                reason: format!(
                    "baseline version {} is not supported (this transaudit reads version {VERSION})",
                    file.version
                ),
            });
        }
        Ok(Baseline {
            dir: dir_of(path, cwd),
            entries: file
                .findings
                .into_iter()
                .map(|e| (e.path, e.rule, e.fingerprint))
                .collect(),
        })
    }

    /// Number of accepted findings.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no finding is accepted.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Is this finding of the file displayed as `path` accepted?
    pub fn contains(&self, path: &str, rule: &str, fingerprint: &str, cwd: &Path) -> bool {
        self.entries.contains(&(
            key(path, &self.dir, cwd),
            rule.to_owned(),
            fingerprint.to_owned(),
        ))
    }
}

/// The entries of every finding of `outcome`, for a baseline stored at
/// `file`, sorted.
pub fn entries(outcome: &Outcome, file: &Path, cwd: &Path) -> Vec<Entry> {
    let dir = dir_of(file, cwd);
    let mut out: Vec<Entry> = outcome
        .files
        .iter()
        .flat_map(|f| {
            let path = key(&f.path, &dir, cwd);
            f.diagnostics
                .iter()
                .zip(&f.fingerprints)
                .map(move |(d, fp)| Entry {
                    path: path.clone(),
                    rule: d.rule.to_string(),
                    fingerprint: fp.clone(),
                    message: d.message.clone(),
                })
        })
        .collect();
    out.sort_by(|a, b| (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint)));
    out.dedup_by(|a, b| a.path == b.path && a.rule == b.rule && a.fingerprint == b.fingerprint);
    out
}

/// The baseline file's text: one entry per line.
pub fn render(entries: &[Entry]) -> String {
    let mut s = format!("{{\n  \"version\": {VERSION},\n  \"findings\": [");
    for (i, e) in entries.iter().enumerate() {
        s.push_str(if i == 0 { "\n    " } else { ",\n    " });
        s.push_str(&serde_json::to_string(e).unwrap_or_default());
    }
    s.push_str(if entries.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    s
}

/// Writes the baseline of `outcome` to `file` atomically; returns the
/// number of findings written.
pub fn write(outcome: &Outcome, file: &Path, cwd: &Path) -> Result<usize, Error> {
    let entries = entries(outcome, file, cwd);
    let io = |error: std::io::Error| Error::Io {
        path: file.display().to_string(),
        error,
    };
    let refuse = |reason: &str| Error::Input {
        path: file.display().to_string(),
        reason: format!("{reason}; the baseline was not written"),
    };
    let at = cwd.join(file);
    match std::fs::symlink_metadata(&at) {
        Ok(m) if !m.file_type().is_file() => {
            return Err(refuse(
                "not a regular file (a baseline replaces only a regular file, or is created)",
            ));
        }
        Ok(_) => {
            let real = std::fs::canonicalize(&at).map_err(io)?;
            let is_input = outcome.files.iter().any(|f| {
                f.path != "-" && std::fs::canonicalize(cwd.join(&f.path)).is_ok_and(|p| p == real)
            });
            if is_input {
                return Err(refuse("this file is one of the inputs linted"));
            }
        }
        Err(_) => {}
    }
    crate::fix::write_new(&at, render(&entries).as_bytes()).map_err(io)?;
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_baseline_directory() {
        let cwd = Path::new("/repo/sub");
        let dir = dir_of(Path::new("../.transaudit-baseline.json"), cwd);
        assert_eq!(dir, Path::new("/repo"));
        assert_eq!(key("a/b.txt", &dir, cwd), "sub/a/b.txt");
        assert_eq!(key("./a/../c.md", &dir, cwd), "sub/c.md");
        assert_eq!(key("/elsewhere/x.txt", &dir, cwd), "../elsewhere/x.txt");
        assert_eq!(key("-", &dir, cwd), "-");
    }

    #[test]
    fn renders_one_finding_per_line_and_reads_back() {
        let entries = vec![
            Entry {
                path: "a.txt".into(),
                rule: "boilerplate/x".into(),
                fingerprint: "00ff".into(),
                message: "m “q”".into(),
            },
            Entry {
                path: "b.txt".into(),
                rule: "calque/y".into(),
                fingerprint: "11ee".into(),
                message: String::new(),
            },
        ];
        let text = render(&entries);
        assert_eq!(text.lines().count(), 7, "{text}");
        let back: File = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back.findings, entries);
        let empty: File = serde_json::from_str(&render(&[])).unwrap_or_else(|e| panic!("{e}"));
        assert!(empty.findings.is_empty());
    }

    #[test]
    fn missing_and_malformed_files_are_named_errors() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let cwd = dir.path();
        let missing = Baseline::load(Path::new("nope.json"), cwd).unwrap_err();
        assert!(missing.to_string().contains("nope.json"), "{missing}");
        let bad = cwd.join("bad.json");
        std::fs::write(&bad, "{\n  \"version\": 1,\n  \"findings\": [oops]\n}\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let e = Baseline::load(&bad, cwd).unwrap_err().to_string();
        assert!(e.contains("bad.json") && e.contains("line 3"), "{e}");
        std::fs::write(&bad, "{\"version\": 9, \"findings\": []}")
            .unwrap_or_else(|e| panic!("{e}"));
        let e = Baseline::load(&bad, cwd).unwrap_err().to_string();
        assert!(e.contains("version 9"), "{e}");
    }
}
