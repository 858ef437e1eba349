//! Errors that stop a file, a config or a rule file from being used. Each
//! names the file (and, for TOML, the line) and says what to do; they map to
//! exit code 2.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Buffer};
use std::fmt;
use std::ops::Range;

/// A problem that is the user's to fix before linting can be trusted.
#[derive(Debug)]
pub enum Error {
    /// A file or directory could not be read.
    Io {
        /// The path as the user gave it.
        path: String,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// A file was read but is not lintable text (empty, binary, not UTF-8).
    Input {
        /// The path as the user gave it.
        path: String,
        /// What is wrong with it, and what to do.
        reason: String,
    },
    /// A TOML file (config or rule file) that does not parse or validate.
    Toml(TomlError),
    /// A bad command-line argument that clap cannot check by itself.
    Usage(String),
}

/// A located error in a TOML file, rendered with codespan-reporting so the
/// user sees the offending line.
#[derive(Debug, Clone)]
pub struct TomlError {
    /// The file's path (or `<built-in>/lints/fr/x.toml` for embedded files).
    pub path: String,
    /// The file's text, to show the offending line.
    pub source: String,
    /// Byte range of the offending TOML, when known.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
}

impl TomlError {
    /// An error at `span` of the TOML file `path` whose text is `source`.
    pub fn new(
        path: &str,
        source: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> TomlError {
        TomlError {
            path: path.to_owned(),
            source: source.to_owned(),
            span,
            message: message.into(),
        }
    }

    /// Converts a `toml` parse or deserialisation error, keeping its span.
    pub fn from_toml(path: &str, source: &str, err: &toml::de::Error) -> TomlError {
        TomlError::new(
            path,
            source,
            err.span(),
            err.message().trim_end().to_owned(),
        )
    }

    /// 1-based line of the error, if located.
    pub fn line(&self) -> Option<usize> {
        self.span.as_ref().map(|s| {
            let at = s.start.min(self.source.len());
            1 + self.source.as_bytes()[..at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
        })
    }

    /// Renders the error with the offending line, in colour when asked.
    pub fn render(&self, color: bool) -> String {
        let file = SimpleFile::new(&self.path, &self.source);
        let mut diag = CsDiagnostic::error().with_message(format!(
            "{}{}: {}",
            self.path,
            self.line().map(|l| format!(":{l}")).unwrap_or_default(),
            self.message
        ));
        if let Some(span) = &self.span {
            let end = span.end.min(self.source.len());
            let start = span.start.min(end);
            diag = diag.with_labels(vec![
                Label::primary((), start..end).with_message(&self.message),
            ]);
        }
        let mut buf = if color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        let config = term::Config::default();
        if term::emit_to_write_style(&mut buf, &config, &file, &diag).is_err() {
            return format!("error: {self}\n");
        }
        String::from_utf8_lossy(buf.as_slice()).into_owned()
    }
}

impl fmt::Display for TomlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line() {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl Error {
    /// Renders the error for stderr; TOML errors show the offending line.
    pub fn render(&self, color: bool) -> String {
        match self {
            Error::Toml(t) => t.render(color),
            other => format!("error: {other}\n"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, error } => match error.kind() {
                std::io::ErrorKind::NotFound => write!(f, "{path}: no such file or directory"),
                std::io::ErrorKind::PermissionDenied => write!(f, "{path}: permission denied"),
                _ => write!(f, "{path}: {error}"),
            },
            Error::Input { path, reason } => write!(f, "{path}: {reason}"),
            Error::Toml(t) => t.fmt(f),
            Error::Usage(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for Error {}

impl From<TomlError> for Error {
    fn from(e: TomlError) -> Error {
        Error::Toml(e)
    }
}
