//! Output formats. Each format renders one file's diagnostics as soon as the
//! file is linted ([`render_file`]); [`write_outcome`] stitches the files
//! together and adds the summary. One file per format.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::fix::FixMode;
use crate::messages::MessageLang;
use crate::outcome::Outcome;
use crate::rules::RuleSet;
use std::io::Write;

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
        // Whole-outcome formats are rendered by `write_outcome`.
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

/// Writes every file's report, then the summary (human formats only), to
/// `out`; errors go to `err`.
pub fn write_outcome(
    format: Format,
    outcome: &Outcome,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let color = style.color;
    for e in &outcome.errors {
        err.write_all(e.render(color).as_bytes())?;
    }
    for f in &outcome.files {
        if let Some(e) = &f.error {
            err.write_all(e.render(color).as_bytes())?;
        }
    }
    match format {
        Format::Json => {
            let items: Vec<&str> = outcome
                .files
                .iter()
                .map(|f| f.rendered.as_str())
                .filter(|s| !s.is_empty())
                .collect();
            if items.is_empty() {
                writeln!(out, "[]")?;
            } else {
                // Written piece by piece: joining first would copy the
                // whole report (tens of MB on a large file) once more.
                out.write_all(b"[\n")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.write_all(b",\n")?;
                    }
                    out.write_all(item.as_bytes())?;
                }
                out.write_all(b"\n]\n")?;
            }
        }
        Format::Jsonl | Format::Github => {
            for f in &outcome.files {
                out.write_all(f.rendered.as_bytes())?;
            }
        }
        Format::Sarif => out.write_all(sarif::render(outcome).as_bytes())?,
        Format::Junit => out.write_all(junit::render(outcome).as_bytes())?,
        Format::Gitlab => out.write_all(gitlab::render(outcome).as_bytes())?,
        Format::Text | Format::Concise => {
            if style.statistics {
                out.write_all(statistics(outcome).as_bytes())?;
            } else {
                for f in &outcome.files {
                    out.write_all(f.rendered.as_bytes())?;
                }
            }
            if !style.quiet {
                writeln!(out, "{}", summary_in(outcome, style.fix, outcome.messages))?;
            }
        }
    }
    out.flush()
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
pub fn statistics(outcome: &Outcome) -> String {
    let mut counts: std::collections::BTreeMap<&str, (usize, Severity, &str)> = Default::default();
    for d in outcome.files.iter().flat_map(|f| &f.diagnostics) {
        let e = counts
            .entry(&d.rule)
            .or_insert((0, d.severity, d.category.as_str()));
        e.0 += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let mut s = String::new();
    for (rule, (n, sev, cat)) in rows {
        s.push_str(&format!("{n:6}  {rule:width$}  {sev:7}  {cat}\n"));
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
    let all = outcome.files.iter().flat_map(|f| &f.diagnostics);
    let (mut e, mut w, mut i) = (0, 0, 0);
    for d in all {
        match d.severity {
            Severity::Error => e += 1,
            Severity::Warning => w += 1,
            Severity::Info => i += 1,
        }
    }
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
