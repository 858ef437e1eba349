//! The documents the client has open: their text as the client last sent
//! it, how to read it (plain text, Markdown or HTML), and where it lives on
//! disk (for config discovery).

use super::position::{Encoding, LineIndex};
use crate::markup::InputKind;
use lsp_types::Range;
use std::path::{Path, PathBuf};

/// One open document.
#[derive(Debug, Clone)]
pub struct OpenDocument {
    /// The client's URI for it, as the client wrote it.
    pub uri: String,
    /// Its full text.
    pub text: String,
    /// The client's version number (echoed in published diagnostics).
    pub version: i32,
    /// How its prose is extracted.
    pub kind: InputKind,
    /// Its file, when the URI is a `file:` URI.
    pub path: Option<PathBuf>,
    /// Line starts of `text`.
    pub lines: LineIndex,
}

impl OpenDocument {
    /// A document opened with `language_id` (the client's name for its
    /// language; the URI's extension decides when the id says nothing).
    pub fn new(
        uri: String,
        language_id: &str,
        text: String,
        version: i32,
        encoding: Encoding,
    ) -> OpenDocument {
        let path = file_path(&uri);
        let kind = kind_of(language_id, &uri);
        let lines = LineIndex::new(&text, encoding);
        OpenDocument {
            uri,
            text,
            version,
            kind,
            path,
            lines,
        }
    }

    /// Applies one change: the whole text when `range` is `None`, else the
    /// replacement of `range` (positions clamped to the text).
    pub fn apply_change(&mut self, range: Option<Range>, new_text: &str, encoding: Encoding) {
        match range {
            None => self.text = new_text.to_owned(),
            Some(r) => {
                let start = self.lines.offset(&self.text, r.start);
                let end = self.lines.offset(&self.text, r.end).max(start);
                self.text.replace_range(start..end, new_text);
            }
        }
        self.lines = LineIndex::new(&self.text, encoding);
    }
}

/// How to read a document: by the client's language id (`markdown`,
/// `html`, `plaintext`…), else by the URI's extension as `check` does.
pub fn kind_of(language_id: &str, uri: &str) -> InputKind {
    match language_id.to_ascii_lowercase().as_str() {
        "markdown" | "md" | "mdx" | "quarto" | "rmd" => InputKind::Markdown,
        "html" | "xhtml" | "htm" => InputKind::Html,
        "plaintext" | "text" | "txt" => InputKind::Plain,
        _ => {
            let name = uri.rsplit('/').next().unwrap_or(uri);
            let name = name.split(['?', '#']).next().unwrap_or(name);
            InputKind::from_path(Path::new(name))
        }
    }
}

/// The file a `file:` URI names (percent-decoded), or `None` for other
/// schemes (`untitled:`…) and URIs that do not decode to UTF-8.
pub fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri
        .strip_prefix("file://")
        .or_else(|| uri.strip_prefix("FILE://"))?;
    // `file://localhost/x` and `file:///x` name the same file.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let decoded = percent_decode(rest)?;
    // `file:///C:/x` on Windows.
    let decoded = if cfg!(windows) {
        decoded.trim_start_matches('/').to_owned()
    } else {
        decoded
    };
    Some(PathBuf::from(decoded))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Position;

    #[test]
    fn file_uris_decode_to_paths() {
        assert_eq!(
            file_path("file:///tmp/un%20article%C3%A9.md"),
            Some(PathBuf::from("/tmp/un articleé.md"))
        );
        assert_eq!(
            file_path("file://localhost/a.txt"),
            Some(PathBuf::from("/a.txt"))
        );
        assert_eq!(file_path("untitled:Untitled-1"), None);
        assert_eq!(file_path("file:///bad%zz"), None);
    }

    #[test]
    fn language_id_then_extension_decide_the_kind() {
        assert_eq!(kind_of("markdown", "file:///a.txt"), InputKind::Markdown);
        assert_eq!(kind_of("html", "untitled:1"), InputKind::Html);
        assert_eq!(kind_of("", "file:///a/b.HTM"), InputKind::Html);
        assert_eq!(kind_of("unknown", "file:///a/b.md?x"), InputKind::Markdown);
        assert_eq!(kind_of("plaintext", "file:///a/b.md"), InputKind::Plain);
    }

    #[test]
    fn incremental_changes_apply_in_client_units() {
        let mut d = OpenDocument::new(
            "file:///a.txt".into(),
            "plaintext",
            "😀 ab".into(),
            1,
            Encoding::Utf16,
        );
        let at = |character| Position { line: 0, character };
        d.apply_change(
            Some(Range {
                start: at(3),
                end: at(4),
            }),
            "X",
            Encoding::Utf16,
        );
        assert_eq!(d.text, "😀 Xb");
        // Out of range: clamped, no panic.
        d.apply_change(
            Some(Range {
                start: Position {
                    line: 9,
                    character: 0,
                },
                end: at(0),
            }),
            "!",
            Encoding::Utf16,
        );
        assert_eq!(d.text, "😀 Xb!");
    }
}
