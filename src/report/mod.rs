//! Output formats. Each format renders a file's diagnostics as they are
//! located, on the thread that lints the file ([`render_piece`]), a chunk at
//! a time; a [`Reporter`] writes the pieces in input order as they come,
//! between the opening and the closing of the formats that wrap the whole
//! run (a JSON array, a SARIF log, a JUnit document), and adds the summary.
//! Nothing of a file but its counts is kept once it is written. One file
//! per format.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::document::Document;
use crate::fix::FixMode;
use crate::messages::MessageLang;
use crate::outcome::{FileResult, Outcome, RuleMeta};
use crate::rules::RuleSet;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::Arc;

/// Is `c` a control character that must not reach a terminal raw (C0
/// but tab and line feed, DEL, C1)? An ESC or OSC sequence in an article
/// or a file name could set the terminal's title, move the cursor or hide
/// text.
fn is_terminal_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `s` with its control characters written as visible escapes (`\x1b`,
/// `\u{9b}`), for paths and messages in the human formats. Borrowed when
/// there is none (the usual case).
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_terminal_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_terminal_control(c) {
            if (c as u32) < 0x80 {
                out.push_str(&format!("\\x{:02x}", c as u32));
            } else {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `source` with each control character replaced by a printable one of the
/// same UTF-8 length (`?` for one byte, `¿` for two, `⍰` for three), so
/// byte spans and columns stay exact when the text report shows source
/// lines. A carriage return before a line feed is kept.
pub fn mask_controls(source: &str) -> std::borrow::Cow<'_, str> {
    let needs = source.char_indices().any(|(i, c)| {
        is_terminal_control(c) && !(c == '\r' && source.as_bytes().get(i + 1) == Some(&b'\n'))
    });
    if !needs {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    for (i, c) in source.char_indices() {
        if is_terminal_control(c) && !(c == '\r' && source.as_bytes().get(i + 1) == Some(&b'\n')) {
            out.push(match c.len_utf8() {
                1 => '?',
                2 => '¿',
                _ => '⍰',
            });
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Human report with the source line, a label and a help note (codespan-reporting).
    #[default]
    Text,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON array of diagnostics (fields: README.md §Output formats).
    Json,
    /// One JSON object per line.
    Jsonl,
    /// SARIF 2.1.0 (GitHub code scanning, CI dashboards).
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// JUnit XML: one test case per file, one failure per finding.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
}

/// Renders one file's diagnostics in `format`.
pub fn render_file(
    format: Format,
    path: &str,
    doc: &Document,
    diags: &[Diagnostic],
    rules: &RuleSet,
    color: bool,
    lang: MessageLang,
) -> String {
    match format {
        Format::Text => text::render(path, doc, diags, rules, color, lang),
        Format::Concise => concise::render(diags),
        Format::Json => json::render_items(diags),
        Format::Jsonl => json::render_lines(diags),
        Format::Github => github::render(diags),
        // Whole-run formats render their pieces in `render_piece`.
        Format::Sarif | Format::Junit | Format::Gitlab => String::new(),
    }
}

/// How the human formats present the outcome.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// No summary line.
    pub quiet: bool,
    /// Counts per rule instead of each finding.
    pub statistics: bool,
    /// Whether fixes were applied or shown.
    pub fix: FixMode,
}

/// What the threads that lint files need to render their findings
/// ([`render_piece`]): the same for every file of a run.
#[derive(Debug, Default)]
pub struct PieceStyle {
    /// Output format.
    pub format: Format,
    /// ANSI colours (text format).
    pub color: bool,
    /// `--statistics` (text and concise only): count, render nothing.
    pub statistics: bool,
    /// `--fix` / `--diff`: with `--diff` the per-file formats show the
    /// diff instead of the findings.
    pub fix: FixMode,
    /// SARIF: each rule's `ruleIndex`.
    pub rule_index: HashMap<String, usize>,
    /// SARIF: indentation of a result in the log.
    pub indent: String,
    /// Set once the report cannot be written (a closed pipe): files are
    /// still linted, so that the exit code counts them all, but no longer
    /// rendered.
    pub stopped: std::sync::atomic::AtomicBool,
}

impl PieceStyle {
    /// The style of a run in `format`, whose rules are `rules`.
    pub fn new(
        format: Format,
        color: bool,
        statistics: bool,
        fix: FixMode,
        rules: &BTreeMap<String, RuleMeta>,
    ) -> PieceStyle {
        let (rule_index, indent) = if format == Format::Sarif {
            (sarif::rule_indexes(rules), sarif::frame(rules).items)
        } else {
            (HashMap::new(), String::new())
        };
        PieceStyle {
            format,
            color,
            statistics,
            fix,
            rule_index,
            indent,
            stopped: std::sync::atomic::AtomicBool::new(false),
        }
    }
}

/// Findings per rule id, with the severity and category of the first one
/// seen (`--statistics`), in the order first seen.
pub type Tally = Vec<(Arc<str>, usize, Severity, Category)>;

/// One piece of a file's report: rendered text and, with `--statistics`,
/// its findings per rule.
#[derive(Debug, Default)]
pub struct Piece {
    /// Text for standard output (empty when the format shows nothing of it).
    pub text: String,
    /// Findings per rule (only with `--statistics`).
    pub tally: Tally,
}

/// What a file sends to the report.
#[derive(Debug)]
pub enum Shown<'a> {
    /// A chunk of its findings (with their fingerprints, or none), in order.
    Findings {
        /// The file as read (the text report quotes its lines).
        doc: &'a Document,
        /// The chunk.
        diagnostics: &'a [Diagnostic],
        /// Their fingerprints (same order), or empty.
        fingerprints: &'a [String],
    },
    /// `--diff`: the file's diff.
    Diff(String),
}

/// Renders what a file sends to the report, on the thread that lints it.
/// `first` is true until the file has sent findings (JUnit opens the test
/// case then); `rules` and `lang` are the file's profile's.
pub fn render_piece(
    style: &PieceStyle,
    path: &str,
    shown: Shown<'_>,
    rules: &RuleSet,
    lang: MessageLang,
    first: bool,
) -> Piece {
    if style.stopped.load(std::sync::atomic::Ordering::Relaxed) {
        return Piece::default();
    }
    let per_file = matches!(
        style.format,
        Format::Text | Format::Concise | Format::Json | Format::Jsonl | Format::Github
    );
    match shown {
        Shown::Diff(diff) => Piece {
            text: if per_file && !style.statistics {
                diff
            } else {
                String::new()
            },
            tally: Vec::new(),
        },
        Shown::Findings {
            doc,
            diagnostics,
            fingerprints,
        } => {
            let mut tally = Tally::new();
            if style.statistics {
                let mut at: HashMap<&str, usize> = HashMap::new();
                for d in diagnostics {
                    let i = *at.entry(&d.rule).or_insert_with(|| {
                        tally.push((Arc::clone(&d.rule), 0, d.severity, d.category));
                        tally.len() - 1
                    });
                    tally[i].1 += 1;
                }
            }
            let text = match style.format {
                _ if per_file && (style.fix == FixMode::Diff || style.statistics) => String::new(),
                Format::Sarif => sarif::render_results(
                    diagnostics,
                    fingerprints,
                    &style.rule_index,
                    &style.indent,
                ),
                Format::Gitlab => gitlab::render_issues(diagnostics, fingerprints),
                Format::Junit => junit::render_failures(path, diagnostics, first),
                format => render_file(format, path, doc, diagnostics, rules, style.color, lang),
            };
            Piece { text, tally }
        }
    }
}

/// The text around the elements of a run-wide array (JSON, SARIF results,
/// GitLab issues): `head`, then `[`, the elements each on its own line
/// after `items` (inside the pieces), `close` and `]`, then `tail`; `[]`
/// without elements. What `serde_json`'s pretty printer writes.
#[derive(Debug, Clone, Default)]
pub struct ArrayFrame {
    /// Before the array.
    pub head: String,
    /// Indentation of the closing bracket.
    pub close: String,
    /// Indentation of an element.
    pub items: String,
    /// After the array.
    pub tail: String,
}

/// Writes a run's report as its files are linted: the errors met before
/// linting, then each file's pieces and errors in input order
/// ([`Reporter::piece`], [`Reporter::file`]), then the closing and the
/// summary ([`Reporter::finish`]). It keeps no finding: only what the
/// closing needs (JUnit's test cases, whose header counts come first, are
/// kept aside, in a temporary file once large).
pub struct Reporter<'w> {
    format: Format,
    style: Style,
    out: &'w mut dyn Write,
    err: &'w mut dyn Write,
    frame: Option<ArrayFrame>,
    items: usize,
    junit: Option<JunitCases>,
    tally: Tally,
    tally_at: HashMap<Arc<str>, usize>,
    failed: Option<std::io::Error>,
}

/// JUnit's test cases, kept until the counts of the header are known.
struct JunitCases {
    spool: Spool,
    tests: usize,
    failures: usize,
    errors: usize,
}

/// Bytes kept aside: in memory up to [`SPOOL_MEMORY`], then in an
/// anonymous temporary file (or in memory still if none can be made).
struct Spool {
    memory: Vec<u8>,
    file: Option<std::fs::File>,
}

/// Bytes a [`Spool`] keeps in memory.
const SPOOL_MEMORY: usize = 8 << 20;

impl Spool {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if let Some(f) = &mut self.file {
            return f.write_all(bytes);
        }
        self.memory.extend_from_slice(bytes);
        if self.memory.len() > SPOOL_MEMORY
            && let Ok(mut f) = tempfile::tempfile()
        {
            f.write_all(&self.memory)?;
            self.memory = Vec::new();
            self.file = Some(f);
        }
        Ok(())
    }

    fn copy_to(mut self, out: &mut dyn Write) -> std::io::Result<()> {
        use std::io::{Seek, SeekFrom};
        match &mut self.file {
            Some(f) => {
                f.seek(SeekFrom::Start(0))?;
                std::io::copy(f, out).map(|_| ())
            }
            None => out.write_all(&self.memory),
        }
    }
}

impl<'w> Reporter<'w> {
    /// Starts the report of a run whose errors before linting, rules and
    /// language are `outcome`'s: writes those errors to `err` and the
    /// opening of the format to `out`.
    pub fn start(
        format: Format,
        style: Style,
        outcome: &Outcome,
        out: &'w mut dyn Write,
        err: &'w mut dyn Write,
    ) -> Reporter<'w> {
        let frame = match format {
            Format::Json | Format::Gitlab => Some(ArrayFrame {
                tail: "\n".to_owned(),
                ..ArrayFrame::default()
            }),
            Format::Sarif => Some(sarif::frame(&outcome.rules)),
            _ => None,
        };
        let mut r = Reporter {
            format,
            style,
            out,
            err,
            frame,
            items: 0,
            junit: (format == Format::Junit).then(|| JunitCases {
                spool: Spool {
                    memory: Vec::new(),
                    file: None,
                },
                tests: 0,
                failures: 0,
                errors: 0,
            }),
            tally: Tally::new(),
            tally_at: HashMap::new(),
            failed: None,
        };
        for e in &outcome.errors {
            let text = e.render(style.color);
            r.keep(|r| r.err.write_all(text.as_bytes()));
        }
        if let Some(frame) = &r.frame {
            let head = frame.head.clone();
            r.keep(|r| r.out.write_all(head.as_bytes()));
        }
        r
    }

    /// Runs a write unless one already failed; remembers the first failure.
    fn keep(&mut self, write: impl FnOnce(&mut Self) -> std::io::Result<()>) {
        if self.failed.is_none()
            && let Err(e) = write(self)
        {
            self.failed = Some(e);
        }
    }

    /// True once a write failed (a closed pipe): the run may stop linting.
    pub fn failed(&self) -> bool {
        self.failed.is_some()
    }

    /// Writes the next piece of the current file.
    pub fn piece(&mut self, piece: Piece) {
        for (rule, n, severity, category) in piece.tally {
            match self.tally_at.get(&rule) {
                Some(&i) => self.tally[i].1 += n,
                None => {
                    self.tally_at.insert(Arc::clone(&rule), self.tally.len());
                    self.tally.push((rule, n, severity, category));
                }
            }
        }
        if piece.text.is_empty() {
            return;
        }
        let text = piece.text;
        if let Some(junit) = &mut self.junit {
            if self.failed.is_none()
                && let Err(e) = junit.spool.write(text.as_bytes())
            {
                self.failed = Some(e);
            }
            return;
        }
        if self.frame.is_some() {
            let first = self.items == 0;
            self.items += 1;
            self.keep(|r| {
                r.out.write_all(if first { b"[\n" } else { b",\n" })?;
                r.out.write_all(text.as_bytes())
            });
            return;
        }
        self.keep(|r| r.out.write_all(text.as_bytes()));
    }

    /// Ends the current file: its error (to `err`) and, for JUnit, its
    /// test case.
    pub fn file(&mut self, f: &FileResult) {
        if let Some(e) = &f.error {
            let text = e.render(self.style.color);
            self.keep(|r| r.err.write_all(text.as_bytes()));
        }
        if let Some(junit) = &mut self.junit
            && !f.skipped
        {
            junit.tests += 1;
            let case = if let Some(e) = &f.error {
                junit.errors += 1;
                junit::error_case(&f.path, &e.to_string())
            } else if f.counts.total() > 0 {
                junit.failures += 1;
                junit::CLOSE_CASE.to_owned()
            } else {
                junit::open_case(&f.path, "/>")
            };
            if self.failed.is_none()
                && let Err(e) = junit.spool.write(case.as_bytes())
            {
                self.failed = Some(e);
            }
        }
        self.keep(|r| r.out.flush());
    }

    /// Closes the report and writes the summary (human formats), for the
    /// run's final `outcome`; the first write error, if any.
    pub fn finish(mut self, outcome: &Outcome) -> std::io::Result<()> {
        if let Some(frame) = self.frame.take() {
            let items = self.items;
            self.keep(|r| {
                if items == 0 {
                    r.out.write_all(b"[]")?;
                } else {
                    write!(r.out, "\n{}]", frame.close)?;
                }
                r.out.write_all(frame.tail.as_bytes())
            });
        }
        if let Some(junit) = self.junit.take() {
            self.keep(|r| {
                r.out.write_all(
                    junit::header(junit.tests, junit.failures, junit.errors).as_bytes(),
                )?;
                junit.spool.copy_to(r.out)?;
                r.out.write_all(junit::FOOTER.as_bytes())
            });
        }
        if matches!(self.format, Format::Text | Format::Concise) {
            if self.style.statistics {
                let table = statistics(std::mem::take(&mut self.tally));
                self.keep(|r| r.out.write_all(table.as_bytes()));
            }
            if !self.style.quiet {
                let line = summary_in(outcome, self.style.fix, outcome.messages);
                self.keep(|r| writeln!(r.out, "{line}"));
            }
        }
        self.keep(|r| r.out.flush());
        match self.failed {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Writes the errors of a run (before linting, then each file's) to `err`.
pub fn write_errors(outcome: &Outcome, color: bool, err: &mut dyn Write) -> std::io::Result<()> {
    for e in &outcome.errors {
        err.write_all(e.render(color).as_bytes())?;
    }
    for f in &outcome.files {
        if let Some(e) = &f.error {
            err.write_all(e.render(color).as_bytes())?;
        }
    }
    err.flush()
}

/// The `--timings` table: time per rule and shared pass, slowest first,
/// with its share of the total. Why stderr: the report on stdout stays
/// machine-readable whatever the format.
pub fn timings(outcome: &Outcome) -> String {
    let total: std::time::Duration = outcome.timings.iter().map(|(_, d)| *d).sum();
    let mut s = String::from("time (ms)  share  rule\n");
    for (name, d) in &outcome.timings {
        let share = if total.is_zero() {
            0.0
        } else {
            100.0 * d.as_secs_f64() / total.as_secs_f64()
        };
        s.push_str(&format!(
            "{:>9.2} {:>5.1}%  {name}\n",
            d.as_secs_f64() * 1000.0,
            share
        ));
    }
    s.push_str(&format!(
        "{:>9.2} 100.0%  total in rules (threads summed)\n",
        total.as_secs_f64() * 1000.0
    ));
    // Configs resolving to the same rules share one compiled set.
    s.push_str(&format!(
        "rule sets compiled: {} (one per distinct set of rules)\n",
        outcome.rule_sets
    ));
    s
}

/// Counts per rule, most frequent first (`--statistics`).
pub fn statistics(tally: Tally) -> String {
    let mut rows = tally;
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let mut s = String::new();
    for (rule, n, sev, cat) in rows {
        s.push_str(&format!(
            "{n:6}  {rule:width$}  {sev:7}  {}\n",
            cat.as_str()
        ));
    }
    s
}

/// `N findings in M files (E errors, W warnings, I info)`, plus the residue
/// density, fixes and inputs that could not be checked (in English).
pub fn summary(outcome: &Outcome, fix: FixMode) -> String {
    summary_in(outcome, fix, MessageLang::En)
}

/// [`summary`] in `lang`: the line an editor reads last, so it is in the
/// editor's language too.
pub fn summary_in(outcome: &Outcome, fix: FixMode, lang: MessageLang) -> String {
    let fr = lang == MessageLang::Fr;
    let counts = outcome.counts();
    let (e, w, i) = (counts.errors, counts.warnings, counts.infos);
    let n = e + w + i;
    let files = outcome.linted();
    // French plural: 0 and 1 take the singular.
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 || (fr && n == 0) {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let t = |en: &'static str, fr_text: &'static str| if fr { fr_text } else { en };
    let mut s = format!(
        "{} {} {} ({}, {}, {} info)",
        plural(
            n,
            t("finding", "signalement"),
            t("findings", "signalements")
        ),
        t("in", "dans"),
        plural(files, t("file", "fichier"), t("files", "fichiers")),
        plural(e, t("error", "erreur"), t("errors", "erreurs")),
        plural(
            w,
            t("warning", "avertissement"),
            t("warnings", "avertissements")
        ),
        i
    );
    if n > 0 {
        if fr {
            s.push_str(&format!(
                " ; densité de résidus {} pour 1 000 mots",
                format!("{:.1}", outcome.density()).replace('.', ",")
            ));
        } else {
            s.push_str(&format!(
                "; residue density {:.1} per 1,000 words",
                outcome.density()
            ));
        }
    }
    let fixed: usize = outcome.files.iter().map(|f| f.fixed).sum();
    let fixable: usize = outcome.files.iter().map(|f| f.fixable).sum();
    let fixes = |n: usize| plural(n, t("fix", "correction"), t("fixes", "corrections"));
    match (fix, fr) {
        (FixMode::Write, false) => s.push_str(&format!(
            "; {} applied, {fixable} fixable remaining",
            fixes(fixed)
        )),
        (FixMode::Write, true) => s.push_str(&format!(
            " ; {} appliquée(s), {fixable} encore corrigeable(s)",
            fixes(fixed)
        )),
        (FixMode::Diff, false) => {
            s.push_str(&format!("; {} shown above, not applied", fixes(fixed)))
        }
        (FixMode::Diff, true) => s.push_str(&format!(
            " ; {} montrée(s) ci-dessus, non appliquée(s)",
            fixes(fixed)
        )),
        (FixMode::Off, false) if fixable > 0 => {
            s.push_str(&format!("; {fixable} fixable with --fix (--diff previews)"))
        }
        (FixMode::Off, true) if fixable > 0 => s.push_str(&format!(
            " ; {fixable} corrigeable(s) avec --fix (--diff pour les voir)"
        )),
        (FixMode::Off, _) => {}
    }
    let baselined: usize = outcome.files.iter().map(|f| f.baselined).sum();
    if baselined > 0 {
        s.push_str(&format!(
            "{} {} {}",
            t("; ", " ; "),
            plural(
                baselined,
                t("finding", "signalement"),
                t("findings", "signalements")
            ),
            match (fr, baselined) {
                (false, _) => "baselined (not shown)",
                (true, 1) => "déjà dans la référence (non affiché)",
                (true, _) => "déjà dans la référence (non affichés)",
            }
        ));
    }
    let errors = outcome.errors.len() + outcome.files.iter().filter(|f| f.error.is_some()).count();
    if errors > 0 {
        s.push_str(&format!(
            "{}{} {}",
            t("; ", " ; "),
            plural(errors, t("input", "entrée"), t("inputs", "entrées")),
            match (fr, errors) {
                (false, _) => "could not be checked",
                (true, 1) => "n’a pas pu être vérifiée",
                (true, _) => "n’ont pas pu être vérifiées",
            }
        ));
    }
    s
}
