//! `--format text`: the editor's report, rendered by codespan-reporting:
//! severity, rule id and message, the source line with the span underlined,
//! and a help note with the fix or why it matters.

use crate::diagnostic::{Applicability, Diagnostic, Scope, Severity};
use crate::document::Document;
use crate::messages::MessageLang;
use crate::rules::RuleSet;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files, SimpleFile};
use std::ops::Range;

/// Lines longer than this (bytes) are shown as an excerpt around the span.
/// Why: in prose a line is a paragraph. Shown whole, a 400-character
/// paragraph wraps over several terminal rows and the carets under it no
/// longer line up with the words they mark; it is also printed again for
/// every finding on it (on a page scraped into one line, the report would
/// grow with the square of the line), and printing it is most of the time
/// the text report takes.
const LONG_LINE: usize = 120;

/// Bytes of context shown on each side of a span on a long line (about six
/// words); the span itself is shown up to twice this. With the gutter, an
/// excerpt around a short span fits a 100-column terminal row, so the
/// carets stay under the span.
const EXCERPT_CONTEXT: usize = 36;

/// A one-line excerpt of a long source line, presented to codespan with the
/// real line number and columns.
struct Excerpt<'a> {
    name: &'a str,
    text: String,
    line: usize,
    /// Bytes of the leading "…" marker.
    prefix: usize,
    /// Real column of the excerpt's first source character.
    first_column: usize,
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, _: (), _: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, _: (), _: usize) -> Result<usize, FilesError> {
        Ok(self.line)
    }

    fn column_number(&'a self, _: (), _: usize, byte_index: usize) -> Result<usize, FilesError> {
        let at = byte_index.clamp(self.prefix, self.text.len());
        let chars = self
            .text
            .get(self.prefix..at)
            .map_or(0, |s| s.chars().count());
        Ok(self.first_column + chars)
    }

    fn line_range(&'a self, _: (), _: usize) -> Result<Range<usize>, FilesError> {
        Ok(0..self.text.len())
    }
}

/// The excerpt for a span starting on a long line, and the span within it;
/// `None` when the line is short enough to show whole.
fn excerpt<'a>(
    name: &'a str,
    doc: &Document,
    span: Range<usize>,
    line: usize,
    column: usize,
) -> Option<(Excerpt<'a>, Range<usize>)> {
    let source = doc.source();
    let Range { start: ls, end: le } = doc.source_line(line);
    if span.start < ls || span.start > le {
        return None;
    }
    if le - ls <= LONG_LINE {
        return None;
    }
    let ws = source.floor_char_boundary(span.start.saturating_sub(EXCERPT_CONTEXT).max(ls));
    let shown_end = span.end.min(le).min(span.start + 2 * EXCERPT_CONTEXT);
    let we = source.ceil_char_boundary((shown_end + EXCERPT_CONTEXT).min(le));
    let lead = if ws > ls { "…" } else { "" };
    let text = format!(
        "{lead}{}{}",
        super::mask_controls(&source[ws..we]),
        if we < le { "…" } else { "" }
    );
    let prefix = lead.len();
    let first_column = column - source[ws..span.start].chars().count();
    let local = prefix + (span.start - ws)..prefix + (shown_end.max(span.start) - ws);
    Some((
        Excerpt {
            name,
            text,
            line,
            prefix,
            first_column,
        },
        local,
    ))
}
use codespan_reporting::term::{self, termcolor::Buffer};

/// Renders one file's diagnostics.
///
/// Thousands of findings (a large file) are drawn in parallel, in as many
/// consecutive pieces as there are threads, joined in order: drawing is
/// most of the text report's time.
pub fn render(
    path: &str,
    doc: &Document,
    diags: &[Diagnostic],
    rules: &RuleSet,
    color: bool,
    lang: MessageLang,
) -> String {
    let threads = rayon::current_num_threads();
    if diags.len() < PARALLEL_FINDINGS || threads < 2 {
        return render_some(path, doc, diags, rules, color, lang);
    }
    use rayon::prelude::*;
    let parts: Vec<String> = diags
        .par_chunks(diags.len().div_ceil(threads))
        .map(|chunk| render_some(path, doc, chunk, rules, color, lang))
        .collect();
    parts.concat()
}

/// Findings from which [`render`] draws in parallel.
const PARALLEL_FINDINGS: usize = 4096;

/// Renders `diags` (some or all of one file's diagnostics), in order.
fn render_some(
    path: &str,
    doc: &Document,
    diags: &[Diagnostic],
    rules: &RuleSet,
    color: bool,
    lang: MessageLang,
) -> String {
    if diags.is_empty() {
        return String::new();
    }
    // Control characters of the article or its name never reach the
    // terminal raw (same-length stand-ins keep spans and columns).
    let shown_path = super::escape_controls(path);
    let path: &str = &shown_path;
    let shown_source = super::mask_controls(doc.source());
    let file = SimpleFile::new(path, &*shown_source);
    let config = term::Config::default();
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let bom = doc.bom_len();
    // The `why:` note of each rule, flattened once per file rather than
    // once per finding (a large file can hold 100,000 findings of a few
    // rules).
    let mut why: std::collections::HashMap<&str, Option<String>> = Default::default();
    for d in diags {
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
            Severity::Info => CsSeverity::Note,
        };
        let start = d.byte_start.saturating_sub(bom);
        let end = d.byte_end.saturating_sub(bom).max(start);
        let label = diag_label(d, lang);
        let mut notes = Vec::new();
        if let Some(fix) = &d.fix {
            let safety = match fix.applicability {
                Applicability::Safe => lang.pick("safe fix", "correction sûre"),
                Applicability::Unsafe => {
                    lang.pick("suggestion, check it", "suggestion, à vérifier")
                }
            };
            if fix.replacement.is_empty() {
                notes.push(format!(
                    "{} ({safety})",
                    lang.pick("help: delete this text", "aide : supprimer ce texte")
                ));
            } else {
                let (open, close) = (lang.pick("“", "« "), lang.pick("”", " »"));
                notes.push(format!(
                    "{} {open}{}{close} ({safety})",
                    lang.pick("help: replace with", "aide : remplacer par"),
                    super::escape_controls(&fix.replacement)
                ));
            }
        }
        let note = why.entry(&*d.rule).or_insert_with(|| {
            rules.find(&d.rule).map(|(_, rule)| {
                let explanation = rule.explanation_in(lang);
                let first = first_sentence(explanation);
                let whole =
                    explanation.split_whitespace().count() == first.split_whitespace().count();
                let why = lang.pick("why:", "pourquoi :");
                if whole {
                    format!("{why} {first}")
                } else {
                    format!(
                        "{why} {first} ({} `transaudit rule {}{}`)",
                        lang.pick("more:", "détails :"),
                        d.rule,
                        lang.pick("", " --messages fr")
                    )
                }
            })
        });
        if let Some(note) = note {
            notes.push(note.clone());
        }
        let diag = CsDiagnostic::new(severity)
            .with_code(&d.rule)
            .with_message(super::escape_controls(&d.message))
            .with_notes(notes);
        let emitted = match excerpt(path, doc, start..end, d.line, d.column) {
            Some((ex, local)) => {
                let diag = diag.with_labels(vec![Label::primary((), local).with_message(label)]);
                term::emit_to_write_style(&mut buf, &config, &ex, &diag)
            }
            None => {
                let diag =
                    diag.with_labels(vec![Label::primary((), start..end).with_message(label)]);
                term::emit_to_write_style(&mut buf, &config, &file, &diag)
            }
        };
        if emitted.is_err() {
            // A span the renderer cannot place (should not happen): fall back to one line.
            let _ = std::io::Write::write_all(
                &mut buf,
                format!(
                    "{}:{}:{}: {}[{}] {}\n",
                    path,
                    d.line,
                    d.column,
                    d.severity,
                    d.rule,
                    super::escape_controls(&d.message)
                )
                .as_bytes(),
            );
        }
    }
    let bytes = buf.into_inner();
    let out = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    info_headers(out)
}

/// codespan-reporting names its lowest severity `note`; the summary,
/// `concise` and JSON call it `info`. A header is the only line that starts
/// with the severity (after any colour codes): source lines start with the
/// gutter.
fn info_headers(report: String) -> String {
    if !report.contains("note[") {
        return report;
    }
    let mut out = String::with_capacity(report.len());
    for line in report.split_inclusive('\n') {
        let mut rest = line;
        let mut lead = 0;
        // Skip colour codes: ESC [ … m.
        while let Some(r) = rest.strip_prefix("\x1b[") {
            match r.find('m') {
                Some(m) => {
                    lead += 2 + m + 1;
                    rest = &r[m + 1..];
                }
                None => break,
            }
        }
        if rest.starts_with("note[") {
            out.push_str(&line[..lead]);
            out.push_str("info");
            out.push_str(&rest[4..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The label under the span: the category, or "this article". The
/// category stays its id in both languages (it is what `--select` takes).
fn diag_label(d: &Diagnostic, lang: MessageLang) -> String {
    match d.scope {
        Scope::Document => lang.pick("this article", "cet article").to_owned(),
        Scope::Span => d.category.to_string(),
    }
}

/// The first sentence of an explanation, for the one-line `why:` note: up
/// to the first full stop that ends a sentence (followed by a space and a
/// capital, outside quotation marks and brackets, not after an initial),
/// never cut inside the sentence; the note points to `transaudit rule ID`
/// when the explanation goes on.
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut depth = 0i32;
    let mut in_quotes = false;
    let mut end = None;
    for (i, c) in flat.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            '(' | '[' | '«' | '“' => depth += 1,
            ')' | ']' | '»' | '”' => depth -= 1,
            '.' | '?' | '!' if depth <= 0 && !in_quotes => {
                let rest = &flat[i + 1..];
                // Not after an initial or a one-letter abbreviation (`M.`).
                let word = flat[..i]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .count();
                if word != 1
                    && rest.starts_with(' ')
                    && rest[1..].starts_with(|c: char| c.is_uppercase())
                {
                    end = Some(i);
                    break;
                }
            }
            _ => {}
        }
        if i > 1200 {
            break;
        }
    }
    // Never cut inside a sentence: a long first sentence is shown whole.
    match end {
        Some(i) => flat[..=i].to_owned(),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_stops_at_a_sentence_end_outside_quotes() {
        let why = "A full stop, a space and another (\"le nord. . Puis\") is a slip. \
                   The second part is not shown.";
        assert_eq!(
            first_sentence(why),
            "A full stop, a space and another (\"le nord. . Puis\") is a slip."
        );
        assert_eq!(
            first_sentence("Uses \"e.g. this\" and M. Dupont wrote it. Next."),
            "Uses \"e.g. this\" and M. Dupont wrote it."
        );
        assert_eq!(first_sentence("No end at all"), "No end at all");
        // A long sentence is not cut in the middle.
        let long = format!("{}end. Next one.", "word ".repeat(100));
        assert_eq!(
            first_sentence(&long),
            format!("{}end.", "word ".repeat(100))
        );
    }

    fn doc(text: &str) -> Document {
        Document::from_text(text)
    }

    /// Thousands of findings drawn on two threads give the report one
    /// thread gives.
    #[test]
    fn parallel_drawing_is_the_sequential_report() {
        use crate::diagnostic::Category;
        let line = "Le maire a parcouru 55 miles. Il a dit.. Voilà « tout ».\n";
        let d = doc(&line.repeat(3000));
        let diags: Vec<Diagnostic> = (0..PARALLEL_FINDINGS + 500)
            .map(|i| {
                let start = (i % 3000) * line.len() + 20;
                Diagnostic {
                    path: "a.txt".into(),
                    rule: "unit/imperial".into(),
                    category: Category::Unit,
                    severity: Severity::Warning,
                    message: format!("finding {i}"),
                    line: i % 3000 + 1,
                    column: 21,
                    end_line: i % 3000 + 1,
                    end_column: 29,
                    byte_start: start,
                    byte_end: start + 8,
                    scope: Scope::Span,
                    fix: None,
                }
            })
            .collect();
        let rules = RuleSet::load(&[]).expect("empty rule set");
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool")
                .install(|| render("a.txt", &d, &diags, &rules, false, MessageLang::En))
        };
        let one = on(1);
        assert!(one.contains("finding 4500"));
        assert_eq!(one, on(2));
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let d = doc("Il a parcouru 55 miles.\n");
        assert!(excerpt("a.txt", &d, 14..22, 1, 15).is_none());
    }

    #[test]
    fn a_long_line_is_cut_around_the_span_with_real_columns() {
        let line = format!("{}55 miles{}", "é".repeat(150), " fin".repeat(60));
        let d = doc(&format!("{line}\n"));
        let start = line.find("55").expect("span");
        let (ex, local) = excerpt("a.txt", &d, start..start + 8, 1, 151).expect("excerpt");
        assert!(
            ex.text.starts_with('…') && ex.text.ends_with('…'),
            "{}",
            ex.text
        );
        assert_eq!(&ex.text[local.clone()], "55 miles");
        assert!(ex.text.len() <= 2 * EXCERPT_CONTEXT + 8 + 2 * '…'.len_utf8());
        assert_eq!(ex.column_number((), 0, local.start).ok(), Some(151));
    }
}
