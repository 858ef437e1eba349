//! Applying fixes: `--fix` (safe fixes), `--unsafe-fixes` (all), `--diff`
//! (show, write nothing).
//!
//! Fixes carry their own safety ([`crate::diagnostic::Applicability`]).
//! Overlapping fixes are resolved deterministically: by start offset, then
//! the earlier-reported finding wins; the loser is left for the next pass.
//! The file is re-linted after each pass (a fix can reveal or resolve other
//! findings) until nothing applicable is left, so a second `--fix` run
//! changes nothing. Writes are atomic and lose nothing: see
//! [`write_fixed`] (symlinks, hard links, owner, mode, extended
//! attributes, edits made meanwhile, temporary files on a signal).

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

/// Prefix of every temporary file transaudit writes; the process id
/// follows, so a later run can tell its own stale files from live ones.
pub const TEMP_PREFIX: &str = ".transaudit-";

/// Suffix of every temporary file transaudit writes.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Why a fixed file was not written (exit 2, the file named).
fn refuse(why: String) -> std::io::Error {
    std::io::Error::other(why)
}

/// Writes the fixed `bytes` over the file at `path`, whose content was
/// `original` when it was linted. Nothing is lost:
///
/// - a symbolic link is followed: its target is fixed, the link stays;
/// - what cannot be rewritten faithfully is refused: not a regular file
///   (FIFO, device), several hard links (a rename would split them), a
///   read-only file, a file whose owner cannot be kept;
/// - mode, owner and extended attributes are copied to the new file (an
///   attribute the OS does not let us set, other than `security.*`, refuses);
/// - just before the rename, the file must still hold `original`: an edit
///   made while transaudit ran is kept, and reported;
/// - the temporary file is removed on error and on SIGINT, SIGTERM or
///   SIGHUP; stale ones a killed run left are removed by the next run.
pub fn write_fixed(path: &Path, original: &[u8], bytes: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(refuse(
            "not a regular file; fixes are not written to it (use --diff)".to_owned(),
        ));
    }
    if meta.permissions().readonly() {
        return Err(refuse(
            "the file is read-only; fixes are not written to it".to_owned(),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(refuse(format!(
                "the file has {} hard links; rewriting it would split them, so fixes are not written",
                meta.nlink()
            )));
        }
    }
    replace_via_temp(&target, bytes, |f, tmp_path| {
        std::fs::set_permissions(tmp_path, meta.permissions())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let mine = f.metadata()?;
            if mine.uid() != meta.uid() || mine.gid() != meta.gid() {
                std::os::unix::fs::fchown(f, Some(meta.uid()), Some(meta.gid())).map_err(|e| {
                    refuse(format!(
                        "its owner or group cannot be kept ({e}); fixes are not written"
                    ))
                })?;
                // chown may clear set-id bits: set the mode again.
                std::fs::set_permissions(tmp_path, meta.permissions())?;
            }
        }
        copy_xattrs(&target, f)?;
        f.sync_all()?;
        // Unchanged since it was read? (Its size first: cheap.)
        let now = std::fs::metadata(&target)?;
        let same = now.len() == original.len() as u64
            && crate::config::read_regular(&target, crate::check::MAX_FILE_BYTES)? == original;
        if !same {
            return Err(refuse(
                "the file changed while transaudit ran; it was left as it is (run again)"
                    .to_owned(),
            ));
        }
        Ok(())
    })
}

/// Writes a new file (or replaces a regular one) atomically, created with
/// the umask's permissions as any editor's save (`init`, baselines).
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_via_temp(path, bytes, |f, _| f.sync_all())
}

/// The atomic write both writers share: `bytes` go to a temporary file
/// beside `dest` (stale ones of dead runs are removed first), `finish`
/// gets the written file and its path (to copy metadata, sync, or refuse),
/// then the temporary file is renamed over `dest`. On any error, or a
/// signal, the temporary file is removed.
fn replace_via_temp(
    dest: &Path,
    bytes: &[u8],
    finish: impl FnOnce(&std::fs::File, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    remove_stale_temps(&dir);
    let tmp = TempFile::create(&dir)?;
    let result = (|| {
        let mut f = tmp.file()?;
        f.write_all(bytes)?;
        finish(f, &tmp.path)?;
        std::fs::rename(&tmp.path, dest)
    })();
    if result.is_ok() {
        tmp.forget();
    }
    result
}

/// A temporary file `.transaudit-<pid>-<n>.tmp`, created with the umask's
/// permissions, removed when dropped (unless renamed) and on a signal.
struct TempFile {
    path: std::path::PathBuf,
    slot: Option<usize>,
    file: Option<std::fs::File>,
}

impl TempFile {
    fn create(dir: &Path) -> std::io::Result<TempFile> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let pid = std::process::id();
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!("{TEMP_PREFIX}{pid}-{n}{TEMP_SUFFIX}"));
            let slot = signals::register(&path);
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => {
                    return Ok(TempFile {
                        path,
                        slot,
                        file: Some(file),
                    });
                }
                Err(e) => {
                    signals::unregister(slot);
                    if e.kind() != std::io::ErrorKind::AlreadyExists {
                        return Err(e);
                    }
                }
            }
        }
    }

    fn file(&self) -> std::io::Result<&std::fs::File> {
        self.file
            .as_ref()
            .ok_or_else(|| std::io::Error::other("temporary file closed"))
    }

    /// Renamed into place: nothing to remove.
    fn forget(mut self) {
        signals::unregister(self.slot.take());
        self.path = std::path::PathBuf::new();
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        self.file = None;
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
        signals::unregister(self.slot.take());
    }
}

/// Removes, once per directory and run, the temporary files of transaudit
/// runs that are gone (killed with SIGKILL, or a power cut): their process
/// no longer exists, or (where that cannot be known) they are over an hour
/// old.
fn remove_stale_temps(dir: &Path) {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static DONE: Mutex<Option<HashSet<std::path::PathBuf>>> = Mutex::new(None);
    if let Ok(mut done) = DONE.lock()
        && !done
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf())
    {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    let proc_fs = Path::new("/proc/self").exists();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
            .and_then(|n| n.split_once('-'))
            .filter(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(meta) = e.path().symlink_metadata() else {
            continue;
        };
        if pid == me || !meta.is_file() {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        let dead = proc_fs && !Path::new(&format!("/proc/{pid}")).exists();
        if dead || old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Copies the extended attributes of `from` to `to` (Linux); one that
/// cannot be set refuses the write, except `security.*` (a label the
/// system gives the new file itself).
#[cfg(target_os = "linux")]
fn copy_xattrs(from: &Path, to: &std::fs::File) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;
    let Ok(c_from) = CString::new(from.as_os_str().as_bytes()) else {
        return Ok(());
    };
    // SAFETY: a null buffer of size 0 asks for the size of the list.
    let size = unsafe { libc::listxattr(c_from.as_ptr(), std::ptr::null_mut(), 0) };
    if size <= 0 {
        return Ok(()); // none, or not supported by the filesystem
    }
    let mut names = vec![0u8; size as usize];
    // SAFETY: `names` holds `size` bytes.
    let size = unsafe { libc::listxattr(c_from.as_ptr(), names.as_mut_ptr().cast(), names.len()) };
    if size < 0 {
        return Err(std::io::Error::last_os_error());
    }
    names.truncate(size as usize);
    for name in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let Ok(c_name) = CString::new(name) else {
            continue;
        };
        // SAFETY: size query, as above.
        let len =
            unsafe { libc::getxattr(c_from.as_ptr(), c_name.as_ptr(), std::ptr::null_mut(), 0) };
        if len < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let mut value = vec![0u8; len as usize];
        // SAFETY: `value` holds `len` bytes.
        let len = unsafe {
            libc::getxattr(
                c_from.as_ptr(),
                c_name.as_ptr(),
                value.as_mut_ptr().cast(),
                value.len(),
            )
        };
        if len < 0 {
            return Err(std::io::Error::last_os_error());
        }
        value.truncate(len as usize);
        // SAFETY: the fd is open; name and value are valid for their lengths.
        let r = unsafe {
            libc::fsetxattr(
                to.as_raw_fd(),
                c_name.as_ptr(),
                value.as_ptr().cast(),
                value.len(),
                0,
            )
        };
        if r != 0 && !name.starts_with(b"security.") {
            let e = std::io::Error::last_os_error();
            return Err(refuse(format!(
                "its extended attribute `{}` cannot be kept ({e}); fixes are not written",
                String::from_utf8_lossy(name)
            )));
        }
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn copy_xattrs(_from: &Path, _to: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// Removal of the temporary files being written when SIGINT, SIGTERM or
/// SIGHUP arrives: the handler only reads a fixed table of C strings and
/// calls `unlink` (async-signal-safe), then dies of the same signal.
mod signals {
    use std::path::Path;

    #[cfg(unix)]
    mod imp {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        use std::path::Path;
        use std::sync::Once;
        use std::sync::atomic::{AtomicPtr, Ordering};

        const SLOTS: usize = 256;
        static TABLE: [AtomicPtr<libc::c_char>; SLOTS] =
            [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];
        static INSTALL: Once = Once::new();

        extern "C" fn on_signal(sig: libc::c_int) {
            for slot in &TABLE {
                let p = slot.load(Ordering::SeqCst);
                if !p.is_null() {
                    // SAFETY: `p` is a leaked, NUL-terminated CString.
                    unsafe { libc::unlink(p) };
                }
            }
            // SAFETY: restore the default action and die of the signal.
            unsafe {
                libc::signal(sig, libc::SIG_DFL);
                libc::raise(sig);
            }
        }

        pub fn register(path: &Path) -> Option<usize> {
            INSTALL.call_once(|| {
                for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                    // SAFETY: installs a handler that only calls
                    // async-signal-safe functions.
                    unsafe {
                        libc::signal(sig, on_signal as extern "C" fn(libc::c_int) as usize);
                    }
                }
            });
            let c = CString::new(path.as_os_str().as_bytes()).ok()?;
            let raw = c.into_raw();
            for (i, slot) in TABLE.iter().enumerate() {
                if slot
                    .compare_exchange(
                        std::ptr::null_mut(),
                        raw,
                        Ordering::SeqCst,
                        Ordering::SeqCst,
                    )
                    .is_ok()
                {
                    return Some(i);
                }
            }
            // SAFETY: `raw` came from `into_raw` and was not stored.
            drop(unsafe { CString::from_raw(raw) });
            None
        }

        pub fn unregister(slot: Option<usize>) {
            let Some(i) = slot else { return };
            let p = TABLE[i].swap(std::ptr::null_mut(), Ordering::SeqCst);
            if !p.is_null() {
                // SAFETY: `p` came from `into_raw` in `register`.
                drop(unsafe { CString::from_raw(p) });
            }
        }
    }

    #[cfg(not(unix))]
    mod imp {
        pub fn register(_: &std::path::Path) -> Option<usize> {
            None
        }
        pub fn unregister(_: Option<usize>) {}
    }

    pub fn register(path: &Path) -> Option<usize> {
        imp::register(path)
    }

    pub fn unregister(slot: Option<usize>) {
        imp::unregister(slot)
    }
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
        write_fixed(&p, b"old", b"new").unwrap();
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
