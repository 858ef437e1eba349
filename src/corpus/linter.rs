//! One compiled rule set and its verdict thresholds, applied to record
//! texts: the engine of `transaudit corpus` and of the Python module's
//! `Linter` (compiled once, shared by every thread).

use crate::check::{CheckOptions, Profile, build_profile, lint_document};
use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, InputError};
use crate::error::Error;
use crate::markup::InputKind;
use crate::verdict::{Assessment, Thresholds, assess};
use std::path::Path;

/// A rule set compiled once for many texts.
pub struct CorpusLinter {
    profile: Profile,
    thresholds: Thresholds,
    kind: InputKind,
}

/// What one text gets: its findings (offsets into the text; `path` empty)
/// and its assessment.
#[derive(Debug, Clone)]
pub struct RecordResult {
    /// The located findings.
    pub diagnostics: Vec<Diagnostic>,
    /// Density, counts per category, verdict.
    pub assessment: Assessment,
    /// Whitespace-separated words of the text.
    pub words: usize,
}

/// How to build a [`CorpusLinter`]; every field optional.
#[derive(Debug, Clone, Default)]
pub struct LinterOptions<'a> {
    /// Language of the rule pack (default: the config's, else `fr`).
    pub lang: Option<&'a str>,
    /// Config file; `None` discovers `.auditrc.toml` upwards from `discover_from`.
    pub config: Option<&'a Path>,
    /// Where to start discovering a config (`None` with no `config`: none is read).
    pub discover_from: Option<&'a Path>,
    /// `--select`.
    pub select: Option<Vec<String>>,
    /// `--ignore`.
    pub ignore: Vec<String>,
    /// `--review-density`.
    pub review_density: Option<f64>,
    /// `--reject-density`.
    pub reject_density: Option<f64>,
    /// `--min-findings`.
    pub min_findings: Option<usize>,
    /// How record texts are read (plain, Markdown or HTML).
    pub kind: InputKind,
}

impl CorpusLinter {
    /// Loads the config, compiles the rules and resolves the thresholds.
    /// Errors name the config or rule file and the line.
    pub fn new(opts: &LinterOptions) -> Result<CorpusLinter, Vec<Error>> {
        let config_path = match opts.config {
            Some(p) => Some(p.to_path_buf()),
            None => opts.discover_from.and_then(config::discover),
        };
        let config = match &config_path {
            Some(p) => Some(Config::load(p).map_err(|e| vec![e])?),
            None => None,
        };
        let settings = config.as_ref().map(|c| c.corpus).unwrap_or_default();
        let thresholds = Thresholds::resolve(
            &settings,
            opts.review_density,
            opts.reject_density,
            opts.min_findings,
        )
        .map_err(|m| vec![Error::Usage(m)])?;
        let check = CheckOptions {
            lang: opts.lang.map(str::to_owned),
            select: opts.select.clone(),
            ignore: opts.ignore.clone(),
            ..CheckOptions::default()
        };
        let profile = build_profile(config, &check)?;
        Ok(CorpusLinter {
            profile,
            thresholds,
            kind: opts.kind,
        })
    }

    /// Compiles every lazily compiled regex now, in parallel: worth it
    /// before linting many texts on several threads.
    pub fn prepare(&self) {
        self.profile.rules.prepare();
    }

    /// The thresholds in use.
    pub fn thresholds(&self) -> Thresholds {
        self.thresholds
    }

    /// The rule pack's language.
    pub fn lang(&self) -> &str {
        &self.profile.lang
    }

    /// Lints one text. An empty text has no findings; a text holding NUL
    /// bytes is refused (it is not an article).
    pub fn check(&self, text: String) -> Result<(Vec<Diagnostic>, usize), InputError> {
        if text.trim_start_matches('\u{FEFF}').is_empty() {
            return Ok((Vec::new(), 0));
        }
        let doc = Document::from_vec_as(text.into_bytes(), self.kind)?;
        let diagnostics = lint_document("", &doc, &self.profile);
        Ok((diagnostics, doc.word_count()))
    }

    /// Lints one text and gives its verdict.
    pub fn assess(&self, text: String) -> Result<RecordResult, InputError> {
        let (diagnostics, words) = self.check(text)?;
        let assessment = assess(&diagnostics, words, &self.thresholds);
        Ok(RecordResult {
            diagnostics,
            assessment,
            words,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::Verdict;

    #[test]
    fn an_empty_text_is_clean_and_a_nul_is_refused() {
        let l = CorpusLinter::new(&LinterOptions::default()).unwrap();
        let r = l.assess(String::new()).unwrap();
        assert_eq!(r.assessment.verdict, Verdict::Clean);
        assert!(r.diagnostics.is_empty());
        assert_eq!(l.assess("a\0b".into()).unwrap_err(), InputError::Binary);
    }

    #[test]
    fn findings_have_offsets_into_the_text_and_no_path() {
        let l = CorpusLinter::new(&LinterOptions::default()).unwrap();
        let text = "Le randonneur a parcouru 55 miles hier.";
        let (ds, words) = l.check(text.into()).unwrap();
        assert_eq!(words, 7);
        let unit = ds.iter().find(|d| d.rule.starts_with("unit/")).unwrap();
        assert_eq!(&text[unit.byte_start..unit.byte_end], "55 miles");
        assert_eq!(&*unit.path, "");
    }

    #[test]
    fn flag_thresholds_are_checked() {
        let opts = LinterOptions {
            review_density: Some(7.0),
            reject_density: Some(2.0),
            ..LinterOptions::default()
        };
        assert!(CorpusLinter::new(&opts).is_err());
    }
}
