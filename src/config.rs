//! `.auditrc.toml`: discovery, parsing and validation.
//!
//! The nearest `.auditrc.toml` walking up from a linted file wins (no
//! merging across levels: what you read in one file is what applies);
//! `--config` overrides discovery. Every key is documented in README.md
//! §Configuration; unknown keys are errors with their line, because a
//! misspelt key that silently does nothing is the worst kind of config bug.
//!
//! A config is data a pull request can change, so it is not a way in:
//! discovery stops at the repository root (the first ancestor holding
//! `.git`), `extend-rules` files must lie inside the directory that holds
//! the config (no absolute path, no `..` escaping it, symlinks resolved),
//! errors quote a rule file's text only once it parsed as a rule file, and
//! config, rule-file and baseline reads are bounded ([`MAX_CONFIG_BYTES`],
//! [`MAX_RULE_FILE_BYTES`]) and refuse anything but a regular file.

use crate::diagnostic::Severity;
use crate::error::TomlError;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The config file name looked for in every ancestor directory.
pub const FILE_NAME: &str = ".auditrc.toml";

/// Largest config file read (a config is a few kilobytes).
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Largest rule file read (a house list of names can be large).
pub const MAX_RULE_FILE_BYTES: u64 = 16 << 20;

/// Reads a regular file of at most `limit` bytes. A FIFO, a device or a
/// directory is refused before it is opened (a FIFO would hang, `/dev/zero`
/// never ends), and a file that grows past `limit` while read is refused.
pub fn read_regular(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let too_big = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("over the {} KiB limit for this kind of file", limit >> 10),
        )
    };
    if meta.len() > limit {
        return Err(too_big());
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(buf)
}

/// [`read_regular`] as UTF-8 text.
pub fn read_regular_text(path: &Path, limit: u64) -> std::io::Result<String> {
    String::from_utf8(read_regular(path, limit)?).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        )
    })
}

/// Whether machine-translated articles must, must not, or may carry a
/// disclosure (EU AI Act art. 50 asks for one unless a human reviewed the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DisclosurePolicy {
    /// No requirement (default): only disclaimers found are reported.
    #[default]
    Off,
    /// Articles showing machine-translation residue must carry a disclosure.
    Required,
    /// No article may carry a machine-translation disclaimer.
    Forbidden,
}

/// Whether a whole-article element (byline, source) is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Requirement {
    /// Not checked (default): only positive evidence, such as a placeholder
    /// byline, is reported.
    #[default]
    Off,
    /// The article must have it.
    Required,
}

/// The publication's policy, read by the whole-article engines.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Policy {
    /// Machine-translation disclosure policy.
    #[serde(default)]
    pub disclosure: DisclosurePolicy,
    /// Whether a byline is required.
    #[serde(default)]
    pub byline: Requirement,
    /// Whether a named and linked source is required.
    #[serde(default)]
    pub source: Requirement,
    /// House spellings: preferred spelling → variants to replace
    /// (from the config's `[names]` table).
    #[serde(skip)]
    pub names: BTreeMap<String, Vec<String>>,
    /// House typography (from the config's `[typography]` table).
    #[serde(skip)]
    pub typography: Typography,
}

/// The spacing a publication puts before a mark (`:`, `; ! ?`, `%`) or
/// inside guillemets, in `[typography]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Spacing {
    /// Whatever the article does most (default): only the minority
    /// occurrences are reported, with the majority as the fix.
    #[default]
    Consistent,
    /// A no-break space (U+00A0 or U+202F) is required.
    Nbsp,
    /// Any space (plain or no-break) is required.
    Space,
    /// No space.
    None,
    /// Not checked.
    Off,
}

/// The apostrophe a publication uses, in `[typography]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApostropheStyle {
    /// The article's majority (default).
    #[default]
    Consistent,
    /// ’ (U+2019).
    Typographic,
    /// ' (U+0027).
    Straight,
    /// Not checked.
    Off,
}

/// The top-level quotation marks a publication uses, in `[typography]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteStyle {
    /// « » or straight " (wire copy), the article's majority for
    /// `quotes/mixed-style`; English “ ” are reported (default).
    #[default]
    Consistent,
    /// « » only.
    Guillemets,
    /// “ ” (accepted at top level; not reported).
    Curly,
    /// Straight " (and « »).
    Straight,
    /// Top-level quotation style is not checked.
    Off,
}

/// Ordinal abbreviations (`2e` against `2ème`), in `[typography]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrdinalStyle {
    /// Long forms are reported only in an article that mostly uses the
    /// short ones (default).
    #[default]
    Consistent,
    /// Every long form (`2ème`, `1ère`) is reported.
    Short,
    /// Not checked.
    Off,
}

/// The `[typography]` table: the publication's house typography. Every
/// key defaults to `"consistent"`: a style is reported only where the
/// article departs from what it does most.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Typography {
    /// Space before `:`.
    #[serde(default)]
    pub colon_space: Spacing,
    /// Space before `;`, `!` and `?`.
    #[serde(default)]
    pub high_punctuation_space: Spacing,
    /// Space inside « ».
    #[serde(default)]
    pub guillemet_space: Spacing,
    /// Space before `%`.
    #[serde(default)]
    pub percent_space: Spacing,
    /// Apostrophe character.
    #[serde(default)]
    pub apostrophe: ApostropheStyle,
    /// Top-level quotation marks.
    #[serde(default)]
    pub quotes: QuoteStyle,
    /// Ordinal abbreviations.
    #[serde(default)]
    pub ordinal: OrdinalStyle,
}

/// A rule's setting in `[rules]`: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    /// Turn the rule off.
    Off,
    /// Report with this severity.
    Severity(Severity),
}

/// The file as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    lang: Option<Spanned<String>>,
    messages: Option<Spanned<String>>,
    extend_rules: Option<Vec<Spanned<String>>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    fail_on: Option<Spanned<String>>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    rules: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    policy: Option<Policy>,
    names: Option<BTreeMap<String, Vec<String>>>,
    typography: Option<Typography>,
    per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    corpus: Option<Spanned<RawCorpus>>,
}

/// The `[corpus]` table as written (thresholds of `transaudit corpus`).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCorpus {
    review_density: Option<Spanned<f64>>,
    reject_density: Option<Spanned<f64>>,
    min_findings: Option<usize>,
}

/// `[corpus]`: the verdict thresholds of `transaudit corpus` and the Python
/// module, in residue findings per 1,000 words (`None`: the built-in
/// default of [`crate::verdict::Thresholds`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CorpusSettings {
    /// `review-density`.
    pub review_density: Option<f64>,
    /// `reject-density`.
    pub reject_density: Option<f64>,
    /// `min-findings`: residue findings a density verdict needs.
    pub min_findings: Option<usize>,
}

/// A value from the config with where it was written, so later validation
/// (a rule id that does not exist) can point at the line.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Byte span in the config file.
    pub span: std::ops::Range<usize>,
}

/// One `[per-file-ignores]` entry: files matching `glob` (relative to the
/// config file's directory) skip the rules the selectors name.
#[derive(Debug, Clone)]
pub struct PerFileIgnore {
    /// The glob as written, with its place in the file.
    pub glob: Located<String>,
    /// The compiled glob.
    pub matcher: globset::GlobMatcher,
    /// Rule ids, id prefixes or categories (validated against the rule set
    /// when the profile is built, with their lines).
    pub selectors: Vec<Located<String>>,
}

/// A parsed, validated configuration. [`Config::default`] is what applies
/// when no file is found.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from (`None`: built-in defaults).
    pub path: Option<PathBuf>,
    /// The file's text, to locate late validation errors.
    pub text: String,
    /// Article language (`fr` by default).
    pub lang: Option<String>,
    /// The language of messages (`messages = "fr"`); `None`: the locale's
    /// ([`crate::messages`]).
    pub messages: Option<crate::messages::MessageLang>,
    /// Extra rule files, resolved relative to the config's directory.
    pub extend_rules: Vec<Located<PathBuf>>,
    /// Rules, prefixes or categories to enable (empty: all).
    pub select: Vec<Located<String>>,
    /// Rules, prefixes or categories to disable.
    pub ignore: Vec<Located<String>>,
    /// Lowest severity that makes the exit code 1.
    pub fail_on: Option<Severity>,
    /// Globs a walked file must match to be linted (empty: the text extensions).
    pub include: Vec<String>,
    /// Globs of walked files to skip.
    pub exclude: Vec<String>,
    /// Per-rule severity or `off`.
    pub rules: Vec<(Located<String>, RuleSetting)>,
    /// The publication's policy.
    pub policy: Policy,
    /// `[per-file-ignores]`: rules skipped in files matching a glob.
    pub per_file_ignores: Vec<PerFileIgnore>,
    /// `[corpus]`: verdict thresholds for corpus runs.
    pub corpus: CorpusSettings,
}

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, crate::error::Error> {
        let text =
            read_regular_text(path, MAX_CONFIG_BYTES).map_err(|error| crate::error::Error::Io {
                path: path.display().to_string(),
                error,
            })?;
        Ok(Config::parse(path, &text)?)
    }

    /// Parses config text; `path` names the file in errors and anchors
    /// relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Config, TomlError> {
        let name = path.display().to_string();
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| TomlError::from_toml(&name, text, &e))?;
        let err = |span: std::ops::Range<usize>, msg: String| {
            TomlError::new(&name, text, Some(span), msg)
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        let located = |v: Option<Vec<Spanned<String>>>| -> Vec<Located<String>> {
            v.unwrap_or_default()
                .into_iter()
                .map(|s| Located {
                    span: s.span(),
                    value: s.into_inner(),
                })
                .collect()
        };
        let fail_on = match raw.fail_on {
            None => None,
            Some(s) => Some(Severity::parse(s.get_ref()).ok_or_else(|| {
                err(
                    s.span(),
                    format!(
                        "unknown `fail-on` value `{}`; expected error, warning or info",
                        s.get_ref()
                    ),
                )
            })?),
        };
        let mut rules = Vec::new();
        for (id, setting) in raw.rules.unwrap_or_default() {
            let value = match setting.get_ref().as_str() {
                "off" => RuleSetting::Off,
                s => RuleSetting::Severity(Severity::parse(s).ok_or_else(|| {
                    err(
                        setting.span(),
                        format!("unknown rule setting `{s}`; expected off, info, warning or error"),
                    )
                })?),
            };
            rules.push((
                Located {
                    span: id.span(),
                    value: id.into_inner(),
                },
                value,
            ));
        }
        let globs = |v: Option<Vec<Spanned<String>>>| -> Result<Vec<String>, TomlError> {
            v.unwrap_or_default()
                .into_iter()
                .map(|g| match globset::Glob::new(g.get_ref()) {
                    Ok(_) => Ok(g.into_inner()),
                    Err(e) => Err(err(g.span(), format!("invalid glob: {e}"))),
                })
                .collect()
        };
        let lang = match raw.lang {
            None => None,
            Some(l) => {
                let langs = crate::rules::builtin::languages();
                if !langs.contains(&l.get_ref().as_str()) {
                    return Err(err(
                        l.span(),
                        format!(
                            "no rule pack for language `{}`; available: {}",
                            l.get_ref(),
                            langs.join(", ")
                        ),
                    ));
                }
                Some(l.into_inner())
            }
        };
        let messages = match raw.messages {
            None => None,
            Some(m) => Some(match m.get_ref().as_str() {
                "fr" => crate::messages::MessageLang::Fr,
                "en" => crate::messages::MessageLang::En,
                other => {
                    return Err(err(
                        m.span(),
                        format!(
                            "unknown `messages` value `{other}`; expected {} (or remove the key \
                             to follow the locale)",
                            crate::messages::MessageLang::VALUES
                        ),
                    ));
                }
            }),
        };
        let mut per_file_ignores = Vec::new();
        for (glob, selectors) in raw.per_file_ignores.unwrap_or_default() {
            let matcher = globset::Glob::new(glob.get_ref())
                .map_err(|e| err(glob.span(), format!("invalid glob: {e}")))?
                .compile_matcher();
            per_file_ignores.push(PerFileIgnore {
                glob: Located {
                    span: glob.span(),
                    value: glob.into_inner(),
                },
                matcher,
                selectors: located(Some(selectors)),
            });
        }
        let mut policy = raw.policy.unwrap_or_default();
        policy.names = raw.names.unwrap_or_default();
        policy.typography = raw.typography.unwrap_or_default();
        let mut extend_rules = Vec::new();
        for s in raw.extend_rules.unwrap_or_default() {
            let rel = Path::new(s.get_ref());
            if let Some(why) = escapes_project(rel) {
                return Err(err(
                    s.span(),
                    format!(
                        "rule file `{}` {why}; rule files must be inside the directory that \
                         holds this config (a relative path without `..` leaving it)",
                        s.get_ref()
                    ),
                ));
            }
            extend_rules.push(Located {
                span: s.span(),
                value: dir.join(rel),
            });
        }
        let corpus = match raw.corpus {
            None => CorpusSettings::default(),
            Some(table) => {
                let span = table.span();
                let table = table.into_inner();
                let density = |v: Option<Spanned<f64>>, key: &str| match v {
                    Some(d) if !(d.get_ref().is_finite() && *d.get_ref() >= 0.0) => Err(err(
                        d.span(),
                        format!("`{key}` must be a number of findings per 1,000 words, 0 or more"),
                    )),
                    v => Ok(v.map(Spanned::into_inner)),
                };
                let settings = CorpusSettings {
                    review_density: density(table.review_density, "review-density")?,
                    reject_density: density(table.reject_density, "reject-density")?,
                    min_findings: table.min_findings,
                };
                if let (Some(review), Some(reject)) =
                    (settings.review_density, settings.reject_density)
                    && review > reject
                {
                    return Err(err(
                        span,
                        format!(
                            "`review-density` ({review}) is above `reject-density` ({reject}); \
                             review must come first"
                        ),
                    ));
                }
                settings
            }
        };
        Ok(Config {
            corpus,
            path: Some(path.to_path_buf()),
            text: text.to_owned(),
            lang,
            messages,
            extend_rules,
            select: located(raw.select),
            ignore: located(raw.ignore),
            fail_on,
            include: globs(raw.include)?,
            exclude: globs(raw.exclude)?,
            rules,
            policy,
            per_file_ignores,
        })
    }

    /// The `[per-file-ignores]` selectors that apply to the file at `path`
    /// (absolute, or relative to the current directory `cwd`). Globs match
    /// the path relative to the config file's directory.
    pub fn ignored_for(&self, path: &Path, cwd: &Path) -> Vec<&str> {
        if self.per_file_ignores.is_empty() {
            return Vec::new();
        }
        let abs = normalize(&cwd.join(path));
        let base = self
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map_or_else(|| normalize(cwd), |d| normalize(&cwd.join(d)));
        let rel = abs.strip_prefix(&base).unwrap_or(&abs);
        self.per_file_ignores
            .iter()
            .filter(|p| p.matcher.is_match(rel))
            .flat_map(|p| p.selectors.iter().map(|s| s.value.as_str()))
            .collect()
    }

    /// A located error in this config file.
    pub fn error_at(&self, span: std::ops::Range<usize>, message: String) -> TomlError {
        let name = self
            .path
            .as_ref()
            .map_or_else(|| "<defaults>".to_owned(), |p| p.display().to_string());
        TomlError::new(&name, &self.text, Some(span), message)
    }
}

/// `path` with `.` and `..` components resolved lexically (no file system
/// access: the file may be standard input's name).
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Why a relative rule-file path written in a config would leave the
/// config's directory (lexically; symlinks are checked when it is read).
fn escapes_project(rel: &Path) -> Option<&'static str> {
    use std::path::Component;
    let mut depth: usize = 0;
    for c in rel.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => return Some("is an absolute path"),
            Component::ParentDir => {
                let Some(up) = depth.checked_sub(1) else {
                    return Some("leaves the config's directory through `..`");
                };
                depth = up;
            }
            Component::CurDir => {}
            Component::Normal(_) => depth += 1,
        }
    }
    None
}

/// Where a rule file named by a config may be read from: `file` (the
/// config's directory joined with what it wrote), with symlinks resolved,
/// must still lie inside the config's directory. Returns the resolved path.
pub fn confine_rule_file(config: &Path, file: &Path) -> Result<PathBuf, String> {
    let dir = match config.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let root = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let real = std::fs::canonicalize(file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        _ => e.to_string(),
    })?;
    if !real.starts_with(&root) {
        return Err(
            "resolves (through a symbolic link) outside the directory that holds this config; \
             rule files must be inside it"
                .to_owned(),
        );
    }
    Ok(real)
}

/// The config a command runs with: the file `--config` names, else the one
/// [`discover`]ed from the current directory, else none (the defaults).
/// Shared by the commands that build one profile up front (`rule`, `rules`,
/// `server`), so they find the same config as `check`.
pub fn load_or_discover(path: Option<&Path>) -> Result<Option<Config>, crate::error::Error> {
    let found = match path {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_dir().ok().and_then(|d| discover(&d)),
    };
    found.map(|p| Config::load(&p)).transpose()
}

/// The nearest `.auditrc.toml` in `dir` or its ancestors, up to the
/// repository root: the search stops at the first directory holding `.git`
/// (a config above the repository is not the project's), as ruff and typos
/// do. `--config` names a file anywhere.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    for d in dir.ancestors() {
        let p = d.join(FILE_NAME);
        if p.is_file() {
            return Some(p);
        }
        if d.join(".git").exists() {
            return None;
        }
    }
    None
}

/// The commented config `transaudit init` could write; also documents the
/// keys in one place for tests.
pub const EXAMPLE: &str = include_str!("../.auditrc.toml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_has_its_line() {
        let e = Config::parse(
            Path::new("x/.auditrc.toml"),
            "lang = \"fr\"\n\nfail_on = \"error\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line(), Some(3));
        assert!(e.message.contains("fail_on"), "{}", e.message);
    }

    #[test]
    fn bad_values_have_their_line() {
        let e =
            Config::parse(Path::new("c.toml"), "[rules]\n\"calque/x\" = \"loud\"\n").unwrap_err();
        assert_eq!(e.line(), Some(2));
        let e =
            Config::parse(Path::new("c.toml"), "[policy]\ndisclosure = \"maybe\"\n").unwrap_err();
        assert_eq!(e.line(), Some(2), "{e}");
        let e = Config::parse(Path::new("c.toml"), "lang = \"xx\"\n").unwrap_err();
        assert!(e.message.contains("no rule pack"), "{e}");
    }

    #[test]
    fn typography_table_is_validated_with_lines() {
        let c = Config::parse(
            Path::new("c.toml"),
            "[typography]\ncolon-space = \"none\"\napostrophe = \"straight\"\n",
        )
        .unwrap();
        assert_eq!(c.policy.typography.colon_space, Spacing::None);
        assert_eq!(c.policy.typography.apostrophe, ApostropheStyle::Straight);
        assert_eq!(c.policy.typography.quotes, QuoteStyle::Consistent);
        let e = Config::parse(
            Path::new("c.toml"),
            "[typography]\ncolon-space = \"wide\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line(), Some(2), "{e}");
        let e =
            Config::parse(Path::new("c.toml"), "\n[typography]\ncolon = \"none\"\n").unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
    }

    #[test]
    fn corpus_thresholds_are_read_and_validated_with_lines() {
        let ok = "[corpus]\nreview-density = 0.5\nreject-density = 4\nmin-findings = 2\n";
        let c = Config::parse(Path::new("c.toml"), ok).unwrap();
        assert_eq!(c.corpus.review_density, Some(0.5));
        assert_eq!(c.corpus.reject_density, Some(4.0));
        assert_eq!(c.corpus.min_findings, Some(2));
        let unknown = "lang = \"fr\"\n[corpus]\nreject = 4\n";
        let e = Config::parse(Path::new("c.toml"), unknown).unwrap_err();
        assert_eq!(e.line(), Some(3), "{e:?}");
        let negative = "[corpus]\n\nreview-density = -1\n";
        let e = Config::parse(Path::new("c.toml"), negative).unwrap_err();
        assert_eq!(e.line(), Some(3), "{e:?}");
        let crossed = "[corpus]\nreview-density = 6\nreject-density = 2\n";
        let e = Config::parse(Path::new("c.toml"), crossed).unwrap_err();
        assert!(e.message.contains("above"), "{e:?}");
    }

    #[test]
    fn the_shipped_example_parses() {
        let c = Config::parse(Path::new("repo/.auditrc.toml"), EXAMPLE).unwrap();
        assert_eq!(c.lang.as_deref(), Some("fr"));
    }

    #[test]
    fn per_file_ignores_match_relative_to_the_config() {
        let c = Config::parse(
            Path::new("/news/.auditrc.toml"),
            "[per-file-ignores]\n\"archive/**\" = [\"boilerplate\", \"typography/\"]\n\"*.html\" = [\"encoding\"]\n",
        )
        .unwrap();
        let cwd = Path::new("/news/sub");
        assert_eq!(
            c.ignored_for(Path::new("../archive/2020/a.md"), cwd),
            ["boilerplate", "typography/"]
        );
        assert!(c.ignored_for(Path::new("a.md"), cwd).is_empty());
        assert_eq!(
            c.ignored_for(Path::new("/news/x/b.html"), cwd),
            ["encoding"]
        );
        let e = Config::parse(
            Path::new("c.toml"),
            "[per-file-ignores]\n\"a/[\" = [\"x\"]\n",
        )
        .unwrap_err();
        assert_eq!(e.line(), Some(2), "{e}");
        let e =
            Config::parse(Path::new("c.toml"), "[per-file-ignores]\n\"a\" = \"x\"\n").unwrap_err();
        assert_eq!(e.line(), Some(2), "{e}");
    }

    #[test]
    fn relative_rule_files_resolve_against_the_config() {
        let c = Config::parse(
            Path::new("/news/.auditrc.toml"),
            "extend-rules = [\"house/names.toml\"]\n",
        )
        .unwrap();
        assert_eq!(c.extend_rules[0].value, Path::new("/news/house/names.toml"));
    }
}
