//! Which files to lint: explicit files as given, directories walked with
//! `.gitignore` respected (the `ignore` crate, as ripgrep and ruff do).

use crate::error::Error;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// Extensions of the files linted when walking a directory (DESIGN.md).
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file path; `explicit` when named on the command line.
    File {
        /// The path.
        path: PathBuf,
        /// Named on the command line (linted whatever its extension).
        explicit: bool,
    },
    /// Standard input, reported under this name.
    Stdin(String),
}

/// Include/exclude globs applied to walked files.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Filter {
    /// Compiles the globs; an invalid glob is a usage error.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Filter, Error> {
        let set = |globs: &[String]| -> Result<Option<GlobSet>, Error> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut b = GlobSetBuilder::new();
            for g in globs {
                b.add(Glob::new(g).map_err(|e| Error::Usage(format!("invalid glob `{g}`: {e}")))?);
            }
            b.build()
                .map(Some)
                .map_err(|e| Error::Usage(format!("invalid globs: {e}")))
        };
        Ok(Filter {
            include: set(include)?,
            exclude: set(exclude)?,
        })
    }

    /// Is a file named on the command line excluded (`--force-exclude`)?
    /// The globs match the path as given, without a leading `./`, or the
    /// file's name (`README.md` excludes it in every directory).
    pub fn excludes_named(&self, path: &Path) -> bool {
        let Some(ex) = &self.exclude else {
            return false;
        };
        let trimmed = path.strip_prefix(".").unwrap_or(path);
        ex.is_match(path)
            || ex.is_match(trimmed)
            || path.file_name().is_some_and(|n| ex.is_match(Path::new(n)))
    }

    /// Should a walked file at `path` (relative to the walk root, or as
    /// found) be linted?
    pub fn accepts(&self, path: &Path, rel: &Path) -> bool {
        let matches = |s: &GlobSet| s.is_match(rel) || s.is_match(path);
        if self.exclude.as_ref().is_some_and(matches) {
            return false;
        }
        match &self.include {
            Some(inc) => matches(inc),
            None => path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| TEXT_EXTENSIONS.iter().any(|t| t.eq_ignore_ascii_case(e))),
        }
    }
}

/// Expands the command-line paths into inputs, in a stable order (paths in
/// the order given, each directory sorted by name). Missing paths and walk
/// errors are returned beside the inputs: the other files are still linted.
///
/// With `force_exclude`, a file named on the command line that `exclude`
/// matches is skipped too (a pre-commit hook names every staged file).
pub fn collect(
    paths: &[PathBuf],
    stdin_name: &str,
    filter: &Filter,
    force_exclude: bool,
) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    // A file named twice (or named and walked) is linted and counted once.
    let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut first =
        |p: &Path| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin(stdin_name.to_owned()));
            continue;
        }
        match std::fs::metadata(p) {
            Err(error) => errors.push(Error::Io {
                path: shown(p),
                error,
            }),
            Ok(m) if m.is_dir() => {
                let walker = ignore::WalkBuilder::new(p)
                    .require_git(false)
                    .sort_by_file_name(|a, b| a.cmp(b))
                    .follow_links(false)
                    .build();
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                            let path = e.into_path();
                            let rel = path.strip_prefix(p).unwrap_or(&path).to_path_buf();
                            if filter.accepts(&path, &rel) && first(&path) {
                                inputs.push(Input::File {
                                    path,
                                    explicit: false,
                                });
                            }
                        }
                        Ok(_) => {}
                        Err(err) => errors.push(Error::Usage(format!("{}: {err}", p.display()))),
                    }
                }
            }
            Ok(_) if force_exclude && filter.excludes_named(p) => {}
            Ok(_) if !first(p) => {}
            Ok(_) => inputs.push(Input::File {
                path: p.clone(),
                explicit: true,
            }),
        }
    }
    (inputs, errors)
}

/// A path as reports show it, losslessly: valid UTF-8 as it is, each byte
/// of a file name that is not UTF-8 as `\xNN` (always a byte of 0x80 or
/// more, since ASCII is valid UTF-8). `caf\xe9.txt` names the Latin-1 file
/// `café.txt`; `Path::display` showed `caf�.txt`, a file that does not
/// exist. SARIF turns the escapes back into the bytes (`caf%E9.txt`).
pub fn shown(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let mut out = String::with_capacity(bytes.len());
        for chunk in bytes.utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}
