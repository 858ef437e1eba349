//! Applying fixes: `--fix` (safe fixes), `--unsafe-fixes` (all), `--diff`
//! (show, write nothing).
//!
//! Fixes carry their own safety ([`crate::diagnostic::Applicability`]).
//! Overlapping fixes are resolved deterministically: by start offset, then
//! the earlier-reported finding wins; the loser is left for the next pass.
//! The file is re-linted after each pass (a fix can reveal or resolve other
//! findings) until nothing applicable is left, so a second `--fix` run
//! changes nothing. Writes are atomic: a temporary file in the same
//! directory, permissions copied, then a rename over the original.

use crate::diagnostic::{Applicability, Diagnostic};
use std::io::Write;
use std::path::Path;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    /// Report only.
    #[default]
    Off,
    /// Apply and write.
    Write,
    /// Apply in memory and print a unified diff.
    Diff,
}

/// True when the diagnostic's fix may be applied under this policy.
pub fn applicable(d: &Diagnostic, unsafe_fixes: bool) -> bool {
    d.fix
        .as_ref()
        .is_some_and(|f| unsafe_fixes || f.applicability == Applicability::Safe)
}

/// Applies the non-overlapping applicable fixes of `diags` to `bytes` (the
/// original file). Returns the new bytes and how many fixes were applied.
pub fn apply(bytes: &[u8], diags: &[Diagnostic], unsafe_fixes: bool) -> (Vec<u8>, usize) {
    let mut edits: Vec<(usize, usize, &str)> = diags
        .iter()
        .filter(|d| {
            applicable(d, unsafe_fixes) && d.byte_start <= d.byte_end && d.byte_end <= bytes.len()
        })
        .filter_map(|d| {
            d.fix
                .as_ref()
                .map(|f| (d.byte_start, d.byte_end, f.replacement.as_str()))
        })
        .collect();
    // Stable: equal starts keep report order.
    edits.sort_by_key(|e| e.0);
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    let mut applied = 0;
    let mut last_insertion = None;
    for (start, end, replacement) in edits {
        // Overlaps an applied fix, or a second insertion at the same point:
        // left for the next pass, after re-linting.
        if start < pos || (start == end && last_insertion == Some(start)) {
            continue;
        }
        if start == end {
            last_insertion = Some(start);
        }
        out.extend_from_slice(&bytes[pos..start]);
        out.extend_from_slice(replacement.as_bytes());
        pos = end;
        applied += 1;
    }
    out.extend_from_slice(&bytes[pos..]);
    (out, applied)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory (same filesystem, so the rename is atomic), with the original's
/// permissions, renamed over the original.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let perms = std::fs::metadata(path)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".transaudit-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), perms)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A unified diff of a file before and after fixing, for `--diff`.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Category, Fix, Scope, Severity};

    fn diag(start: usize, end: usize, rep: &str, safe: bool) -> Diagnostic {
        Diagnostic {
            path: "a".into(),
            rule: "punctuation/x".into(),
            category: Category::Punctuation,
            severity: Severity::Warning,
            message: String::new(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            byte_start: start,
            byte_end: end,
            scope: Scope::Span,
            fix: Some(Fix {
                replacement: rep.into(),
                applicability: if safe {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
            }),
        }
    }

    #[test]
    fn safe_only_unless_asked() {
        let d = [diag(0, 1, "X", true), diag(2, 3, "Y", false)];
        assert_eq!(apply(b"a b c", &d, false), (b"X b c".to_vec(), 1));
        assert_eq!(apply(b"a b c", &d, true), (b"X Y c".to_vec(), 2));
    }

    #[test]
    fn overlapping_fixes_first_wins() {
        let d = [diag(0, 3, "X", true), diag(1, 4, "Y", true)];
        assert_eq!(apply(b"abcdef", &d, false), (b"Xdef".to_vec(), 1));
    }

    #[test]
    fn atomic_write_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left behind"
        );
    }
}
