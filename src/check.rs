//! `transaudit check`: resolve the configuration of each input, compile one
//! rule set per configuration, lint the files in parallel, and render each
//! file's report as soon as it is linted (memory stays bounded by the
//! largest file, not the corpus).

use crate::baseline::Baseline;
use crate::config::{self, Config, RuleSetting};
use crate::diagnostic::{Category, Diagnostic, Scope, Severity};
use crate::document::{Document, looks_binary};
use crate::engines::EngineContext;
use crate::error::Error;
use crate::fix::{self, FixMode};
use crate::markup::InputKind;
use crate::messages::MessageLang;
use crate::report::{self, Format};
use crate::rules::{RuleSet, RuleSource, builtin};
use crate::walk::{self, Filter, Input};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are refused with a message rather than read into
/// memory (an article is kilobytes; a gigabyte "article" is a mistake).
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// What the command line asks of `check` (after clap).
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Files, directories, or `-`.
    pub paths: Vec<PathBuf>,
    /// `--select` (replaces the config's `select` when given).
    pub select: Option<Vec<String>>,
    /// `--ignore` (added to the config's `ignore`).
    pub ignore: Vec<String>,
    /// `--fail-on` (overrides the config).
    pub fail_on: Option<Severity>,
    /// `--config`.
    pub config: Option<PathBuf>,
    /// `--lang` (overrides the config).
    pub lang: Option<String>,
    /// `--messages` (overrides the config and the locale).
    pub messages: Option<MessageLang>,
    /// `--stdin-filename`.
    pub stdin_filename: Option<String>,
    /// `--include` globs.
    pub include: Vec<String>,
    /// `--exclude` globs.
    pub exclude: Vec<String>,
    /// `--force-exclude`: `exclude` applies to files named on the command
    /// line too.
    pub force_exclude: bool,
    /// Output format.
    pub format: Format,
    /// Colour in the text format.
    pub color: bool,
    /// `--fix` / `--diff`.
    pub fix: FixMode,
    /// `--unsafe-fixes`: also apply fixes marked unsafe.
    pub unsafe_fixes: bool,
    /// `--baseline`: report only findings not recorded in this file.
    pub baseline: Option<PathBuf>,
    /// `--timings`: measure the time each rule takes.
    pub timings: bool,
    /// Compute each finding's fingerprint ([`crate::fingerprint`]) for the
    /// consumers that need one: SARIF, GitLab, `--write-baseline`
    /// (`--baseline` computes them anyway). Why optional: on a large file
    /// with 100,000 findings hashing their contexts costs 5% of the run,
    /// for output formats that never show them.
    pub fingerprints: bool,
    /// `--statistics`: counts per rule are printed instead of the findings,
    /// so no file's report is rendered.
    pub statistics: bool,
}

/// Everything a configuration decides, compiled once.
pub struct Profile {
    /// The configuration.
    pub config: Config,
    /// Its rules, with selection and severities applied; shared with every
    /// profile whose config resolves to the same rules ([`RuleSetCache`]).
    pub rules: Arc<RuleSet>,
    /// Lowest severity that fails the run.
    pub fail_on: Severity,
    /// Article language.
    pub lang: String,
    /// The language messages, explanations and the text report are
    /// written in ([`crate::messages`]).
    pub messages: MessageLang,
}

// What a run produced lives in its own module, so that the report
// formats can read it without importing `check` (which renders them).
pub use crate::outcome::{FileResult, Outcome, RuleMeta, is_residue};

/// Compiled rule sets shared between configurations that resolve to the
/// same rules. Why: compiling the rules costs about 13 MB and 80 ms, and a
/// tree of 1,000 directories with their own (identical) `.auditrc.toml`
/// took 138 s and 13 GB when each config compiled its own; keyed by what
/// the rules are made of, it compiles one per distinct rule set.
#[derive(Default)]
pub struct RuleSetCache {
    sets: HashMap<RuleSetKey, Arc<RuleSet>>,
    /// How many rule sets were compiled (not found in the cache).
    pub built: usize,
}

/// What a compiled rule set depends on: the language's built-in pack, the
/// `extend-rules` files (path and text), the selection, the per-rule
/// settings and whether rules are timed. Policy, per-file ignores and globs
/// are not in it: they apply when a file is linted, not when rules compile.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct RuleSetKey {
    lang: String,
    extra: Vec<(String, String)>,
    select: Vec<String>,
    ignore: Vec<String>,
    settings: Vec<(String, Option<Severity>)>,
    timings: bool,
}

/// A rule set taken from the cache, or compiled for this config.
enum Compiled {
    Shared(Arc<RuleSet>),
    Fresh(Box<RuleSet>),
}

/// Builds the profile for a config (or the defaults when `config` is `None`).
pub fn build_profile(config: Option<Config>, opts: &CheckOptions) -> Result<Profile, Vec<Error>> {
    build_profile_shared(config, opts, &mut RuleSetCache::default())
}

/// [`build_profile`], taking the compiled rule set from `cache` when another
/// config resolved to the same rules, and adding it there otherwise.
pub fn build_profile_shared(
    config: Option<Config>,
    opts: &CheckOptions,
    cache: &mut RuleSetCache,
) -> Result<Profile, Vec<Error>> {
    let config = config.unwrap_or_default();
    let lang = opts
        .lang
        .clone()
        .or_else(|| config.lang.clone())
        .unwrap_or_else(|| "fr".to_owned());
    let langs = builtin::languages();
    if !langs.contains(&lang.as_str()) {
        return Err(vec![Error::Usage(format!(
            "no rule pack for language `{lang}`; available: {}",
            langs.join(", ")
        ))]);
    }
    let mut sources = builtin::sources(&lang);
    let builtin_count = sources.len();
    let mut errors: Vec<Error> = Vec::new();
    for file in &config.extend_rules {
        match read_rule_file(&config, &file.value) {
            Ok(text) => sources.push(RuleSource {
                path: file.value.display().to_string(),
                text,
            }),
            Err(e) => errors.push(
                config
                    .error_at(
                        file.span.clone(),
                        format!("cannot use rule file {}: {e}", file.value.display()),
                    )
                    .into(),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let key = RuleSetKey {
        lang: lang.clone(),
        extra: sources[builtin_count..]
            .iter()
            .map(|s| (s.path.clone(), s.text.clone()))
            .collect(),
        select: match &opts.select {
            Some(s) => s.clone(),
            None => config.select.iter().map(|s| s.value.clone()).collect(),
        },
        ignore: config
            .ignore
            .iter()
            .map(|s| s.value.clone())
            .chain(opts.ignore.iter().cloned())
            .collect(),
        settings: config
            .rules
            .iter()
            .map(|(id, setting)| {
                let sev = match setting {
                    RuleSetting::Off => None,
                    RuleSetting::Severity(s) => Some(*s),
                };
                (id.value.clone(), sev)
            })
            .collect(),
        timings: opts.timings,
    };
    let compiled = match cache.sets.get(&key) {
        Some(shared) => Compiled::Shared(Arc::clone(shared)),
        None => Compiled::Fresh(Box::new(
            RuleSet::load(&sources)
                .map_err(|es| es.into_iter().map(Error::from).collect::<Vec<_>>())?,
        )),
    };
    // The selection is checked against this config (its errors point into
    // it) even when the rules come from the cache.
    let rules: &RuleSet = match &compiled {
        Compiled::Shared(shared) => shared,
        Compiled::Fresh(fresh) => fresh,
    };

    // Selection: CLI --select replaces the config's; ignores add up.
    let matches = |sel: &str, id: &str, cat: Category| {
        id == sel || cat.as_str() == sel || id.starts_with(sel)
    };
    let check_selector = |sel: &str| {
        rules
            .rules()
            .iter()
            .any(|r| matches(sel, &r.id, r.category))
    };
    let (select, ignore): (Vec<String>, Vec<String>) = {
        let mut bad: Vec<Error> = Vec::new();
        let select = match &opts.select {
            Some(s) => {
                for sel in s.iter().filter(|s| !check_selector(s)) {
                    bad.push(Error::Usage(format!(
                        "--select `{sel}` matches no rule; `transaudit rules` lists them"
                    )));
                }
                s.clone()
            }
            None => {
                for sel in config.select.iter().filter(|s| !check_selector(&s.value)) {
                    bad.push(
                        config
                            .error_at(sel.span.clone(), format!("`{}` matches no rule", sel.value))
                            .into(),
                    );
                }
                config.select.iter().map(|s| s.value.clone()).collect()
            }
        };
        for sel in config.ignore.iter().filter(|s| !check_selector(&s.value)) {
            bad.push(
                config
                    .error_at(sel.span.clone(), format!("`{}` matches no rule", sel.value))
                    .into(),
            );
        }
        for entry in &config.per_file_ignores {
            for sel in entry.selectors.iter().filter(|s| !check_selector(&s.value)) {
                bad.push(
                    config
                        .error_at(
                            sel.span.clone(),
                            format!(
                                "`{}` (per-file-ignores for `{}`) matches no rule",
                                sel.value, entry.glob.value
                            ),
                        )
                        .into(),
                );
            }
        }
        for sel in opts.ignore.iter().filter(|s| !check_selector(s)) {
            bad.push(Error::Usage(format!(
                "--ignore `{sel}` matches no rule; `transaudit rules` lists them"
            )));
        }
        if !bad.is_empty() {
            return Err(bad);
        }
        (
            select,
            config
                .ignore
                .iter()
                .map(|s| s.value.clone())
                .chain(opts.ignore.iter().cloned())
                .collect(),
        )
    };
    let mut unknown: Vec<Error> = Vec::new();
    for (id, _) in &config.rules {
        if rules.find(&id.value).is_none() {
            unknown.push(
                config
                    .error_at(
                        id.span.clone(),
                        format!(
                            "unknown rule id `{}`; `transaudit rules` lists them",
                            id.value
                        ),
                    )
                    .into(),
            );
        }
    }
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let fail_on = opts.fail_on.or(config.fail_on).unwrap_or(Severity::Warning);
    let messages = MessageLang::resolve(opts.messages, config.messages);
    let mut rules = match compiled {
        Compiled::Shared(rules) => {
            return Ok(Profile {
                config,
                rules,
                fail_on,
                lang,
                messages,
            });
        }
        Compiled::Fresh(rules) => rules,
    };
    for rule in rules.rules_mut() {
        let selected =
            select.is_empty() || select.iter().any(|s| matches(s, &rule.id, rule.category));
        let ignored = ignore.iter().any(|s| matches(s, &rule.id, rule.category));
        rule.enabled = selected && !ignored;
        if let Some((_, setting)) = config.rules.iter().find(|(id, _)| id.value == rule.id) {
            match setting {
                RuleSetting::Off => rule.enabled = false,
                RuleSetting::Severity(s) => rule.severity = *s,
            }
        }
    }
    if rules.rules().iter().any(|r| !r.enabled) {
        rules.reindex();
    }
    if opts.timings {
        rules.time_rules();
    }
    let fail_on = opts.fail_on.or(config.fail_on).unwrap_or(Severity::Warning);
    let rules: Arc<RuleSet> = Arc::from(rules);
    cache.sets.insert(key, Arc::clone(&rules));
    cache.built += 1;
    Ok(Profile {
        config,
        rules,
        fail_on,
        lang,
        messages,
    })
}

/// Reads a rule file named by `config`'s `extend-rules`: confined to the
/// config's directory, bounded, regular, and TOML whose top level holds only
/// `[[rule]]` tables. The error never quotes the file's text (a config could
/// otherwise print any file it can name, secrets included); once it is a
/// rule file, [`RuleSet::load`] reports its errors with their lines.
fn read_rule_file(config: &Config, file: &Path) -> Result<String, String> {
    let Some(config_path) = &config.path else {
        return Err("rule files need a config file".to_owned());
    };
    let real = config::confine_rule_file(config_path, file)?;
    let text =
        config::read_regular_text(&real, config::MAX_RULE_FILE_BYTES).map_err(|e| e.to_string())?;
    let table: toml::Table = toml::from_str(&text).map_err(|_| {
        "not a TOML rule file (it does not parse as TOML); its text is not shown".to_owned()
    })?;
    let rule_tables =
        |v: &toml::Value| v.as_array().is_some_and(|a| a.iter().all(|t| t.is_table()));
    if table.iter().any(|(k, v)| k != "rule" || !rule_tables(v)) {
        return Err(
            "not a rule file (its top level must hold only [[rule]] tables); its text is not shown"
                .to_owned(),
        );
    }
    Ok(text)
}

/// Lints one document with a profile: the located diagnostics.
pub fn lint_document(path: &str, doc: &Document, profile: &Profile) -> Vec<Diagnostic> {
    lint_document_with_fingerprints(path, doc, profile).0
}

/// [`lint_document`] with messages in `lang` instead of the profile's
/// language: for front-ends that serve editors of both languages from one
/// compiled profile (the server picks the language per request).
pub fn lint_document_in(
    path: &str,
    doc: &Document,
    profile: &Profile,
    lang: MessageLang,
) -> Vec<Diagnostic> {
    lint_located(path, doc, profile, lang, false).0
}

/// [`lint_document`], plus one location-independent fingerprint per
/// diagnostic ([`crate::fingerprint`]).
///
/// After the rules run: `[per-file-ignores]` of the profile's config drop
/// the rules they name for this `path` (relative to the current
/// directory, or absolute), then the document's suppression comments
/// ([`crate::suppress`]) drop what they cover and report what they do not.
pub fn lint_document_with_fingerprints(
    path: &str,
    doc: &Document,
    profile: &Profile,
) -> (Vec<Diagnostic>, Vec<String>) {
    lint_located(path, doc, profile, profile.messages, true)
}

/// [`lint_document_with_fingerprints`], computing the fingerprints only
/// when `fingerprints` (the second vector is empty otherwise).
fn lint_located(
    path: &str,
    doc: &Document,
    profile: &Profile,
    lang: MessageLang,
    fingerprints: bool,
) -> (Vec<Diagnostic>, Vec<String>) {
    let mut diagnostics = Vec::new();
    let mut prints = Vec::new();
    lint_chunks(
        path,
        doc,
        profile,
        lang,
        fingerprints,
        usize::MAX,
        &mut |mut d, mut f| {
            if diagnostics.is_empty() {
                diagnostics = d;
                prints = f;
            } else {
                diagnostics.append(&mut d);
                prints.append(&mut f);
            }
        },
    );
    (diagnostics, prints)
}

/// Findings located, rendered and written at a time when a file's report
/// is streamed ([`lint_chunks`]). Why a chunk, not the file: a 100 MB file
/// of `Le..` lines holds 40 million findings; located and rendered at once
/// they took 19 GB. Large enough that the text report still draws a chunk
/// on several threads.
const CHUNK_FINDINGS: usize = 16 * 1024;

/// The rules' findings of `doc`, located, in the report's order, given to
/// `each` in chunks of at most `chunk` (with the fingerprints of the chunk
/// when `fingerprints`, else an empty vector): the same diagnostics, in the
/// same order, as one call with everything would get. Only the rules'
/// compact findings are held for the whole file; messages, positions and
/// diagnostics exist for one chunk at a time.
///
/// After the rules run: `[per-file-ignores]` of the profile's config drop
/// the rules they name for this `path`, then the document's suppression
/// comments ([`crate::suppress`]) drop what they cover and report what
/// they do not.
fn lint_chunks(
    path: &str,
    doc: &Document,
    profile: &Profile,
    lang: MessageLang,
    want_fingerprints: bool,
    chunk: usize,
    each: &mut dyn FnMut(Vec<Diagnostic>, Vec<String>),
) {
    let cx = EngineContext {
        policy: &profile.config.policy,
        lang: &profile.lang,
    };
    let rules = profile.rules.rules();
    let ignored: Vec<&str> = if profile.config.per_file_ignores.is_empty() {
        Vec::new()
    } else {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        profile.config.ignored_for(Path::new(path), &cwd)
    };
    let active = |i: usize| {
        let r = &rules[i];
        r.enabled
            && !ignored
                .iter()
                .any(|s| crate::suppress::selects(s, &r.id, r.category))
    };
    let mut findings = profile.rules.check(doc, &cx);
    findings.retain(|f| active(f.rule));
    let (mut findings, unused) = crate::suppress::apply(doc, findings, &profile.rules, &active);
    one_finding_per_problem(&mut findings, rules);
    let markup = doc.kind() != InputKind::Plain;
    // One allocation for the path and one per rule id, shared by every
    // finding: a finding costs its message and position, not three strings.
    let shared_path: Arc<str> = Arc::from(path);
    let mut ids: Vec<Option<Arc<str>>> = vec![None; rules.len()];
    let mut id_of = |i: usize| -> Arc<str> {
        ids[i]
            .get_or_insert_with(|| Arc::from(rules[i].id.as_str()))
            .clone()
    };
    // Unused suppression comments (a few): located and fingerprinted up
    // front; the report is then in position order.
    let sorted = profile.rules.find(crate::suppress::UNUSED_ID);
    let mut extra: Vec<(Diagnostic, String)> = Vec::new();
    if let Some((_, rule)) = sorted {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for u in &unused {
            let text = doc.source().get(u.span.clone()).unwrap_or("");
            let n = seen.entry(text).or_insert(0);
            *n += 1;
            let loc = doc.locate_source(u.span.clone());
            let d = Diagnostic {
                path: Arc::clone(&shared_path),
                rule: Arc::from(rule.id.as_str()),
                category: rule.category,
                severity: rule.severity,
                message: u.message.get(lang).to_owned(),
                line: loc.start.line,
                column: loc.start.column,
                end_line: loc.end.line,
                end_column: loc.end.column,
                byte_start: loc.byte_start,
                byte_end: loc.byte_end,
                scope: Scope::Span,
                fix: u.fix.clone(),
            };
            let fp = if want_fingerprints {
                crate::fingerprint::markup_fingerprint(&rule.id, text, *n)
            } else {
                String::new()
            };
            extra.push((d, fp));
        }
        extra.sort_by_key(|(d, _)| (d.byte_start, d.byte_end));
    }
    let mut elision = Elision::default();
    // The report is sorted by position (stably) when the unused-suppression
    // rule exists. The rules' findings almost always are in that order
    // already: then each chunk is merged with the unused comments before
    // it. Otherwise (spans mapped out of order from a markup view) the file
    // is located in one chunk and sorted, as a whole.
    let in_order = sorted.is_none() || positions_sorted(doc, &findings, &mut elision);
    let chunk = if in_order { chunk.max(1) } else { usize::MAX };
    let mut prints = crate::fingerprint::Fingerprinter::default();
    let mut extra = extra.into_iter().peekable();
    let total = findings.len();
    let mut done: usize = 0;
    loop {
        let end = total.min(done.saturating_add(chunk));
        let part = &mut findings[done..end];
        // Messages quote the match as found, before elision widens a fix.
        let messages: Vec<String> = part
            .iter()
            .map(|f| profile.rules.message_in(doc, f, lang))
            .collect();
        for f in part.iter_mut() {
            elision.apply(doc.text(), f);
        }
        let fps: Vec<String> = if want_fingerprints {
            part.iter()
                .map(|f| prints.next(doc, &rules[f.rule].id, f))
                .collect()
        } else {
            Vec::new()
        };
        let spans: Vec<std::ops::Range<usize>> = part.iter().map(|f| f.span.clone()).collect();
        let positions = doc.locate_many(&spans);
        drop(spans);
        let mut located: Vec<(Diagnostic, String)> = Vec::with_capacity(part.len());
        let mut fps = fps.into_iter();
        for ((f, loc), message) in part.iter_mut().zip(positions).zip(messages) {
            let rule = &rules[f.rule];
            // In markup, a fix is kept only when it replaces prose and only
            // prose with text that cannot be read as markup.
            let span = f.span.clone();
            let fix = f.fix.take().filter(|x| {
                !markup
                    || (doc.maps_verbatim(span.clone()) && !x.replacement.contains(MARKUP_CHARS))
            });
            let d = Diagnostic {
                path: Arc::clone(&shared_path),
                rule: id_of(f.rule),
                category: rule.category,
                severity: rule.severity,
                message,
                line: loc.start.line,
                column: loc.start.column,
                end_line: loc.end.line,
                end_column: loc.end.column,
                byte_start: loc.byte_start,
                byte_end: loc.byte_end,
                scope: f.scope,
                fix,
            };
            let key = (d.byte_start, d.byte_end);
            if in_order {
                // Stable order: an unused comment goes after the findings
                // at its position.
                while let Some(e) = extra.next_if(|(e, _)| (e.byte_start, e.byte_end) < key) {
                    located.push(e);
                }
            }
            located.push((d, fps.next().unwrap_or_default()));
        }
        done = end;
        let last = done >= total;
        if last {
            located.extend(extra.by_ref());
            if !in_order {
                located.sort_by_key(|(d, _)| (d.byte_start, d.byte_end));
            }
        }
        if want_fingerprints {
            let (d, f): (Vec<Diagnostic>, Vec<String>) = located.into_iter().unzip();
            each(d, f);
        } else {
            // Collected in place (same buffer): unzipping would hold a
            // second copy of every diagnostic at the peak.
            each(located.into_iter().map(|(d, _)| d).collect(), Vec::new());
        }
        if last {
            break;
        }
    }
}

/// Are the findings, once elided and located, in position order (start,
/// then end, in the source)? Checked without locating them (no line and
/// column is counted).
fn positions_sorted(
    doc: &Document,
    findings: &[crate::diagnostic::Finding],
    elision: &mut Elision,
) -> bool {
    let len = doc.source().len();
    let mut prev = (0, 0);
    for f in findings {
        let end = match elision.replacement(doc.text(), f) {
            Some(_) => f.span.end + 1,
            None => f.span.end,
        };
        let src = doc.to_source(f.span.start..end);
        let start = src.start.min(len);
        let key = (start, src.end.clamp(start, len));
        if key < prev {
            return false;
        }
        prev = key;
    }
    true
}

/// Which category's finding stands when two rules report the same span:
/// the one saying the most about what to do (delete chrome, restore a
/// source) before the mechanical symptoms (a space, a typographic rule).
fn category_rank(c: Category) -> u8 {
    match c {
        Category::Boilerplate => 15,
        Category::Disclosure => 14,
        Category::Attribution => 13,
        Category::Provenance => 12,
        Category::Untranslated => 11,
        Category::Encoding => 10,
        Category::SentenceBreak => 9,
        Category::Quotes => 8,
        Category::Calque => 7,
        Category::NameVariant => 6,
        Category::GluedWord => 5,
        Category::Unit => 4,
        Category::Number => 3,
        Category::Punctuation => 2,
        Category::Typography => 1,
    }
}

/// One problem, one finding. A span finding is dropped when another
/// rule's finding covers its span and
///
/// - both cover the same span: the higher severity, then the higher
///   [`category_rank`], then the rule loaded first stands;
/// - the cover has a higher severity and the finding sits at its edge (the
///   ` .` of `rapportés par .` is the attribution error, not a spacing
///   slip).
///
/// Not dropped (yet): a typography finding inside a chrome line (neither
/// by the edge rule). The dev labels count the typography of chrome lines
/// (`Lire aussi:`) as residue of its own; whether chrome should swallow it
/// is the lead's call.
///
/// Then a safe fix that touches the span of a higher-severity finding is
/// downgraded to unsafe: applied by `--fix` it would hide that finding
/// (`rapportés par .` → `rapportés par.`) without fixing it.
fn one_finding_per_problem(
    findings: &mut Vec<crate::diagnostic::Finding>,
    rules: &[crate::rules::Rule],
) {
    use std::cmp::Reverse;
    if findings.len() < 2 {
        return;
    }
    let sev = |i: usize| rules[findings[i].rule].severity;
    let rank = |i: usize| {
        let f = &findings[i];
        let r = &rules[f.rule];
        (r.severity, category_rank(r.category), Reverse(f.rule))
    };
    let mut order: Vec<usize> = (0..findings.len())
        .filter(|&i| findings[i].scope == Scope::Span && !findings[i].span.is_empty())
        .collect();
    order.sort_by_key(|&i| {
        let s = &findings[i].span;
        (s.start, Reverse(s.end), Reverse(rank(i)))
    });
    let mut keep = vec![true; findings.len()];
    let mut open: Vec<usize> = Vec::new();
    for &b in &order {
        let sb = findings[b].span.clone();
        open.retain(|&a| findings[a].span.end > sb.start);
        let beaten = open.iter().any(|&a| {
            let fa = &findings[a];
            let sa = &fa.span;
            if fa.rule == findings[b].rule || sa.start > sb.start || sa.end < sb.end {
                return false;
            }
            (sa == &sb && rank(a) > rank(b))
                || (sev(a) > sev(b)
                    && (sa.start == sb.start || sa.end == sb.end)
                    && rules[fa.rule].category != Category::Boilerplate)
        });
        if beaten {
            keep[b] = false;
        }
        open.push(b);
    }
    // Safe fixes under a higher-severity finding (among those kept).
    let kept: Vec<usize> = order.iter().copied().filter(|&i| keep[i]).collect();
    let mut downgrade = Vec::new();
    for (k, &b) in kept.iter().enumerate() {
        let safe = findings[b]
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe);
        if !safe {
            continue;
        }
        let sb = &findings[b].span;
        let overlaps = |a: usize| {
            let sa = &findings[a].span;
            sa.start < sb.end && sb.start < sa.end && sev(a) > sev(b)
        };
        let before = kept[..k].iter().rev().take(64).any(|&a| overlaps(a));
        let after = kept[k + 1..]
            .iter()
            .take_while(|&&a| findings[a].span.start < sb.end)
            .any(|&a| overlaps(a));
        if before || after {
            downgrade.push(b);
        }
    }
    for b in downgrade {
        if let Some(f) = &mut findings[b].fix {
            f.applicability = crate::diagnostic::Applicability::Unsafe;
        }
    }
    if keep.iter().all(|&k| k) {
        return;
    }
    let mut i = 0;
    findings.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// French words that elide before a vowel (`de Anna` → `d’Anna`).
const ELIDING: &[(&str, &str)] = &[
    ("de", "d"),
    ("De", "D"),
    ("que", "qu"),
    ("Que", "Qu"),
    ("le", "l"),
    ("Le", "L"),
    ("jusque", "jusqu"),
    ("lorsque", "lorsqu"),
    ("puisque", "puisqu"),
];

/// Elision for fixes that put an eliding word before a word starting with
/// a vowel: `reportage contribué par Anna` fixed to `avec la collaboration
/// de Anna` is written `avec la collaboration d’Anna` (the fix then also
/// takes the space). The apostrophe is the document's (`’` unless it uses
/// only `'`), looked for once per document. `h` and `y` are left alone
/// (aspirated `h`, `de Yannick`).
#[derive(Default)]
struct Elision {
    apostrophe: Option<char>,
}

impl Elision {
    /// The elided replacement of `f`'s fix, when it needs one.
    fn replacement(&mut self, text: &str, f: &crate::diagnostic::Finding) -> Option<String> {
        let fix = f.fix.as_ref()?;
        let next = text.get(f.span.end..)?.strip_prefix(' ')?;
        if !next
            .chars()
            .next()
            .is_some_and(|c| "aeiouâàäéèêëîïôöûùüæœAEIOUÂÀÄÉÈÊËÎÏÔÖÛÙÜÆŒ".contains(c))
        {
            return None;
        }
        let rep = &fix.replacement;
        let (word, stem) = ELIDING.iter().find(|(word, _)| {
            rep.strip_suffix(word)
                .is_some_and(|head| head.is_empty() || head.ends_with(' '))
        })?;
        let mark = *self.apostrophe.get_or_insert_with(|| {
            if !text.contains('’') && text.contains('\'') {
                '\''
            } else {
                '’'
            }
        });
        let mut new = rep[..rep.len() - word.len()].to_owned();
        new.push_str(stem);
        new.push(mark);
        Some(new)
    }

    /// Elides `f`'s fix when it needs it.
    fn apply(&mut self, text: &str, f: &mut crate::diagnostic::Finding) {
        if let Some(new) = self.replacement(text, f)
            && let Some(fix) = &mut f.fix
        {
            fix.replacement = new;
            f.span.end += 1; // the space the elision removes
        }
    }
}

/// Characters a fix must not insert into Markdown or HTML: they could be
/// read as markup (`<`, `&`, emphasis, code, links, escapes).
const MARKUP_CHARS: &[char] = &['<', '>', '&', '*', '_', '`', '[', ']', '\\'];

/// The inputs `check` would lint, the explicit config (`--config`), and
/// the errors met finding them.
fn discover_inputs(opts: &CheckOptions, cwd: &Path) -> (Vec<Input>, Option<Config>, Vec<Error>) {
    let mut errors = Vec::new();
    // Explicit --config: one profile for everything.
    let explicit = match &opts.config {
        Some(p) => match Config::load(p) {
            Ok(c) => Some(c),
            Err(e) => return (Vec::new(), None, vec![e]),
        },
        None => None,
    };
    // Globs: CLI plus the config that applies to the current directory.
    let base_config = match &explicit {
        Some(c) => Some(c.clone()),
        None => config::discover(cwd).and_then(|p| Config::load(&p).ok()),
    };
    let (mut include, mut exclude) = (opts.include.clone(), opts.exclude.clone());
    if let Some(c) = &base_config {
        include.extend(c.include.iter().cloned());
        exclude.extend(c.exclude.iter().cloned());
    }
    let filter = match Filter::new(&include, &exclude) {
        Ok(f) => f,
        Err(e) => return (Vec::new(), explicit, vec![e]),
    };
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let stdin_name = opts
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "-".to_owned());
    let (inputs, walk_errors) = walk::collect(&paths, &stdin_name, &filter, opts.force_exclude);
    errors.extend(walk_errors);
    (inputs, explicit, errors)
}

/// `--show-files`: the paths `check` would lint, in order.
pub fn list_files(opts: &CheckOptions) -> (Vec<String>, Vec<Error>) {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let (inputs, _, errors) = discover_inputs(opts, &cwd);
    let files = inputs
        .iter()
        .map(|i| match i {
            Input::File { path, .. } => walk::shown(path),
            Input::Stdin(name) => name.clone(),
        })
        .collect();
    (files, errors)
}

/// Runs `check` and collects every file's findings and fingerprints
/// (what `--write-baseline` records); nothing is rendered. A report is
/// written with [`prepare`] and [`Prepared::stream`] instead, which keep
/// no finding.
pub fn run(opts: &CheckOptions) -> Outcome {
    prepare(opts).collect(opts)
}

/// A `check` run ready to lint: its inputs, their profiles, and the
/// outcome so far (errors met before linting, warnings, the rules used).
pub struct Prepared {
    outcome: Outcome,
    inputs: Vec<Input>,
    assigned: Vec<Option<Arc<Profile>>>,
    stdin: Option<std::io::Result<Vec<u8>>>,
    baseline: Option<Baseline>,
    sets: Vec<Arc<RuleSet>>,
    cwd: PathBuf,
}

/// What a [`Prepared::stream`] run hands its caller, in input order.
pub enum Event {
    /// The next piece of the current file's report.
    Piece(report::Piece),
    /// The current file is done; the next event is about the next file.
    File(FileResult),
}

/// What the threads send to the one that writes: an [`Event`] of input `i`.
type Message = (usize, Event);

/// Finds the inputs, resolves their configs and compiles their rule sets.
pub fn prepare(opts: &CheckOptions) -> Prepared {
    let mut outcome = Outcome::default();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let (inputs, explicit, errors) = discover_inputs(opts, &cwd);
    let nothing = |outcome: Outcome, cwd: PathBuf| Prepared {
        outcome,
        inputs: Vec::new(),
        assigned: Vec::new(),
        stdin: None,
        baseline: None,
        sets: Vec::new(),
        cwd,
    };
    if inputs.is_empty() && errors.is_empty() {
        // Like ruff: a gate that silently lints nothing is a trap.
        let shown: Vec<String> = if opts.paths.is_empty() {
            vec![".".to_owned()]
        } else {
            opts.paths.iter().map(|p| p.display().to_string()).collect()
        };
        outcome.warnings.push(format!(
            "no file to lint under {}: walked files must be *.txt, *.md, *.markdown, *.html or \
             *.htm (or match `include`), and not be ignored by .gitignore or excluded by \
             `exclude` in .auditrc.toml; `--show-files` lists what would be linted",
            shown.join(", ")
        ));
    }
    outcome.errors.extend(errors);
    if opts.config.is_some() && explicit.is_none() {
        return nothing(outcome, cwd);
    }
    let baseline = match &opts.baseline {
        Some(p) => match Baseline::load(p, &cwd) {
            Ok(b) => Some(b),
            Err(e) => {
                outcome.errors.push(e);
                return nothing(outcome, cwd);
            }
        },
        None => None,
    };

    // One profile per distinct config file; one rule set per distinct
    // set of rules.
    let mut cache = RuleSetCache::default();
    let mut profiles: HashMap<Option<PathBuf>, Option<Arc<Profile>>> = HashMap::new();
    let mut dir_cache: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut assigned: Vec<Option<Arc<Profile>>> = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let key = if opts.config.is_some() {
            opts.config.clone()
        } else {
            let dir = match input {
                Input::File { path, .. } => absolute_parent(path, &cwd),
                Input::Stdin(name) => absolute_parent(Path::new(name), &cwd),
            };
            dir_cache
                .entry(dir.clone())
                .or_insert_with(|| config::discover(&dir))
                .clone()
        };
        let profile = profiles
            .entry(key.clone())
            .or_insert_with(|| {
                let config = match (&key, &explicit) {
                    (_, Some(c)) => Some(c.clone()),
                    (Some(p), None) => match Config::load(p) {
                        Ok(c) => Some(c),
                        Err(e) => {
                            outcome.errors.push(e);
                            return None;
                        }
                    },
                    (None, None) => None,
                };
                match build_profile_shared(config, opts, &mut cache) {
                    Ok(p) => Some(Arc::new(p)),
                    Err(es) => {
                        outcome.errors.extend(es);
                        None
                    }
                }
            })
            .clone();
        assigned.push(profile);
    }

    // Standard input is read up front (it cannot be read from two threads).
    let stdin: Option<std::io::Result<Vec<u8>>> = inputs
        .iter()
        .any(|i| matches!(i, Input::Stdin(_)))
        .then(|| {
            let mut buf = Vec::new();
            read_bounded(std::io::stdin().lock(), &mut buf).map(|_| buf)
        });

    outcome.messages = match assigned.iter().flatten().next() {
        Some(p) => p.messages,
        None => MessageLang::resolve(opts.messages, explicit.as_ref().and_then(|c| c.messages)),
    };
    for profile in profiles.values().flatten() {
        for r in profile.rules.rules().iter().filter(|r| r.enabled) {
            outcome
                .rules
                .entry(r.id.clone())
                .or_insert_with(|| RuleMeta {
                    category: r.category,
                    severity: r.severity,
                    message: r.message_in(profile.messages).to_owned(),
                    explanation: r.explanation_in(profile.messages).to_owned(),
                });
        }
    }
    outcome.rule_sets = cache.built;
    // Each distinct rule set once (profiles share them).
    let mut sets: Vec<Arc<RuleSet>> = Vec::new();
    for profile in profiles.values().flatten() {
        if !sets.iter().any(|s| Arc::ptr_eq(s, &profile.rules)) {
            sets.push(Arc::clone(&profile.rules));
        }
    }
    Prepared {
        outcome,
        inputs,
        assigned,
        stdin,
        baseline,
        sets,
        cwd,
    }
}

impl Prepared {
    /// The outcome before linting: errors met so far, warnings, the rules
    /// of every profile and the language of the summary.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// Keeps this run's compiled rule sets alive until the process exits,
    /// so that they are never freed. Why: freeing a compiled pack (hundreds
    /// of automata and regexes) costs more than linting a short article,
    /// and a command that exits right after the run would pay it for
    /// nothing; the operating system takes the memory back at exit. Only
    /// for a process that ends after this run (the command line), never for
    /// a server or a library caller, which would leak one pack per call.
    pub fn keep_rule_sets_until_exit(&self) {
        static KEPT: std::sync::Mutex<Vec<Arc<RuleSet>>> = std::sync::Mutex::new(Vec::new());
        let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
        kept.extend(self.sets.iter().cloned());
    }

    /// Lints every input and collects the findings (see [`run`]).
    pub fn collect(self, opts: &CheckOptions) -> Outcome {
        let mut files = Vec::new();
        let mut outcome = self.lint_all(opts, None, &mut |event| {
            if let Event::File(f) = event {
                files.push(f);
            }
            true
        });
        outcome.files = files;
        outcome
    }

    /// Lints every input, rendering each file's findings in `style` as they
    /// are located, and hands `handle` the pieces and then the result of
    /// each file in input order, as soon as they and everything before them
    /// are ready. The returned outcome has every file's result, without its
    /// findings (their counts only). Once `handle` returns false (the report
    /// cannot be written), the files are still linted (the exit code counts
    /// them) but no longer rendered.
    pub fn stream(
        self,
        opts: &CheckOptions,
        style: &report::PieceStyle,
        handle: &mut dyn FnMut(&mut Event) -> bool,
    ) -> Outcome {
        let mut files = Vec::new();
        let mut outcome = self.lint_all(opts, Some(style), &mut |mut event| {
            let go = handle(&mut event);
            if let Event::File(f) = event {
                files.push(f);
            }
            go
        });
        outcome.files = files;
        outcome
    }

    /// Lints every input; `style` renders (streaming), `None` collects.
    fn lint_all(
        self,
        opts: &CheckOptions,
        style: Option<&report::PieceStyle>,
        handle: &mut dyn FnMut(Event) -> bool,
    ) -> Outcome {
        let Prepared {
            mut outcome,
            inputs,
            assigned,
            stdin,
            baseline,
            sets,
            cwd,
        } = self;
        // Standard input's bytes go to the document of its one input
        // (a second copy of a 100 MB input was held for the whole run).
        let stdin_inputs = inputs
            .iter()
            .filter(|i| matches!(i, Input::Stdin(_)))
            .count();
        let stdin = std::sync::Mutex::new(stdin);
        let threads = rayon::current_num_threads();
        if inputs.len() >= PREPARE_FROM_FILES && threads > 1 {
            for set in &sets {
                set.prepare();
            }
        }
        let one = |i: usize, send: &mut dyn FnMut(Event)| {
            let input = &inputs[i];
            let Some(profile) = &assigned[i] else {
                // The config failed; its error is already reported.
                send(Event::File(FileResult {
                    skipped: true,
                    ..FileResult::default()
                }));
                return;
            };
            let bytes = match input {
                Input::Stdin(_) => {
                    let mut held = stdin.lock().unwrap_or_else(|e| e.into_inner());
                    match held.as_ref() {
                        Some(Ok(b)) if stdin_inputs > 1 => Some(Ok(b.clone())),
                        Some(Err(e)) => Some(Err(std::io::Error::new(e.kind(), e.to_string()))),
                        _ => held.take(),
                    }
                }
                Input::File { .. } => None,
            };
            let file = lint_input(
                input,
                profile,
                bytes,
                opts,
                baseline.as_ref(),
                &cwd,
                style,
                &mut |piece| send(Event::Piece(piece)),
            );
            send(Event::File(file));
        };
        let mut deliver = |event: Event| {
            if !handle(event)
                && let Some(style) = style
            {
                style
                    .stopped
                    .store(true, std::sync::atomic::Ordering::Relaxed);
            }
        };
        if threads < 2 || inputs.len() < 2 {
            for i in 0..inputs.len() {
                one(i, &mut deliver);
            }
        } else {
            // Files are linted on the pool, taken in input order; this
            // thread writes what they send, in input order, keeping aside
            // what comes early (the pieces of a file after one still
            // being linted).
            let (tx, rx) = std::sync::mpsc::sync_channel::<Message>(4 * threads);
            rayon::in_place_scope(|scope| {
                for i in 0..inputs.len() {
                    let tx = tx.clone();
                    let one = &one;
                    scope.spawn(move |_| {
                        one(i, &mut |event| {
                            let _ = tx.send((i, event));
                        })
                    });
                }
                drop(tx);
                let mut next = 0;
                let mut early: std::collections::BTreeMap<usize, Vec<Event>> = Default::default();
                for (i, event) in rx {
                    if i != next {
                        early.entry(i).or_default().push(event);
                        continue;
                    }
                    let mut done = matches!(event, Event::File(_));
                    deliver(event);
                    while done {
                        next += 1;
                        done = false;
                        let Some(events) = early.remove(&next) else {
                            break;
                        };
                        for event in events {
                            done = matches!(event, Event::File(_));
                            deliver(event);
                        }
                    }
                }
            });
        }
        if opts.timings {
            let mut total: HashMap<String, std::time::Duration> = HashMap::new();
            for set in &sets {
                for (key, d) in set.timings() {
                    *total.entry(key.to_string()).or_default() += d;
                }
            }
            outcome.timings = total.into_iter().collect();
            outcome
                .timings
                .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        outcome
    }
}

/// From this many inputs on, and with more than one thread, every regex is
/// compiled up front in parallel ([`RuleSet::prepare`]) instead of on first
/// use: that many articles need nearly all of them anyway.
const PREPARE_FROM_FILES: usize = 32;

fn absolute_parent(path: &Path, cwd: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    abs.parent()
        .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf)
}

/// Lints one input. With a `style` (a streamed report) its findings are
/// rendered and handed to `emit` a chunk at a time and only their counts
/// kept; without, they are collected in the result (with fingerprints when
/// asked) and nothing is rendered.
#[allow(clippy::too_many_arguments)]
fn lint_input(
    input: &Input,
    profile: &Profile,
    stdin: Option<std::io::Result<Vec<u8>>>,
    opts: &CheckOptions,
    baseline: Option<&Baseline>,
    cwd: &Path,
    style: Option<&report::PieceStyle>,
    emit: &mut dyn FnMut(report::Piece),
) -> FileResult {
    let (path, bytes) = match input {
        Input::Stdin(name) => match stdin {
            Some(Ok(b)) => (name.clone(), b),
            Some(Err(e)) => {
                let error = Error::Io {
                    path: name.clone(),
                    error: std::io::Error::new(e.kind(), e.to_string()),
                };
                return FileResult {
                    path: name.clone(),
                    error: Some(error),
                    ..FileResult::default()
                };
            }
            None => {
                return FileResult {
                    path: name.clone(),
                    skipped: true,
                    ..FileResult::default()
                };
            }
        },
        Input::File { path, explicit } => {
            let shown = walk::shown(path);
            match read_file(path) {
                Ok(b) if !explicit && looks_binary(&b) => {
                    return FileResult {
                        path: shown,
                        skipped: true,
                        ..FileResult::default()
                    };
                }
                Ok(b) => (shown, b),
                Err(error) => {
                    return FileResult {
                        path: shown,
                        error: Some(error),
                        ..FileResult::default()
                    };
                }
            }
        }
    };
    // An allocation failure from here on names this file.
    let _linting = crate::oom::Linting::enter(&path);
    let input_error = |path: &str, e: crate::document::InputError| Error::Input {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    // How to read it: by extension (for stdin, `--stdin-filename`'s).
    let kind = InputKind::from_path(Path::new(&path));
    let want_fingerprints = opts.fingerprints || baseline.is_some();
    // Drops the findings the baseline accepts; returns how many.
    let unbaselined = |diags: &mut Vec<Diagnostic>, fps: &mut Vec<String>| -> usize {
        let Some(b) = baseline else {
            return 0;
        };
        let before = diags.len();
        let (d, f): (Vec<_>, Vec<_>) = std::mem::take(diags)
            .into_iter()
            .zip(std::mem::take(fps))
            .filter(|(d, fp)| !b.contains(&path, &d.rule, fp, cwd))
            .unzip();
        *diags = d;
        *fps = f;
        before - diags.len()
    };
    // Without fixes the document takes the bytes over (no second copy of a
    // large file); fixes need the original bytes to edit.
    let (decoded, fix_bytes) = if opts.fix == FixMode::Off {
        (Document::from_vec_as(bytes, kind), None)
    } else {
        (Document::from_bytes_as(&bytes, kind), Some(bytes))
    };
    let mut doc = match decoded {
        Ok(d) => d,
        Err(e) => {
            return FileResult {
                error: Some(input_error(&path, e)),
                path,
                ..FileResult::default()
            };
        }
    };
    let mut result = FileResult {
        path: path.clone(),
        ..FileResult::default()
    };
    let mut first = true;
    // Counts a chunk of the final findings, then renders it (streaming) or
    // keeps it.
    let mut show = |doc: &Document,
                    mut diags: Vec<Diagnostic>,
                    mut fps: Vec<String>,
                    result: &mut FileResult,
                    diff: Option<String>| {
        if let (Some(style), Some(diff)) = (style, diff) {
            emit(report::render_piece(
                style,
                &path,
                report::Shown::Diff(diff),
                &profile.rules,
                profile.messages,
                true,
            ));
        }
        for d in &diags {
            result.counts.add(d);
            if fix::applicable(d, opts.unsafe_fixes) {
                result.fixable += 1;
            }
        }
        match style {
            Some(style) => {
                if diags.is_empty() {
                    return;
                }
                let piece = report::render_piece(
                    style,
                    &path,
                    report::Shown::Findings {
                        doc,
                        diagnostics: &diags,
                        fingerprints: &fps,
                    },
                    &profile.rules,
                    profile.messages,
                    first,
                );
                first = false;
                emit(piece);
            }
            None => {
                result.diagnostics.append(&mut diags);
                result.fingerprints.append(&mut fps);
            }
        }
    };

    let Some(original) = fix_bytes else {
        // No fixes: the findings are located, rendered and written a chunk
        // at a time.
        let chunk = if style.is_some() {
            CHUNK_FINDINGS
        } else {
            usize::MAX
        };
        lint_chunks(
            &path,
            &doc,
            profile,
            profile.messages,
            want_fingerprints,
            chunk,
            &mut |mut diags, mut fps| {
                result.baselined += unbaselined(&mut diags, &mut fps);
                result.failing += diags
                    .iter()
                    .filter(|d| d.severity >= profile.fail_on)
                    .count();
                show(&doc, diags, fps, &mut result, None);
            },
        );
        result.words = doc.word_count();
        return result;
    };

    // --fix / --diff: apply, re-lint, repeat until nothing applicable is
    // left. The findings of each pass are needed whole.
    let lint = |doc: &Document| {
        let (mut diags, mut fps) =
            lint_located(&path, doc, profile, profile.messages, want_fingerprints);
        let baselined = unbaselined(&mut diags, &mut fps);
        (diags, fps, baselined)
    };
    let (mut diagnostics, mut fingerprints, mut baselined) = lint(&doc);
    // --diff writes nothing, so the exit code follows the file as it is.
    let failing_before = diagnostics
        .iter()
        .filter(|d| d.severity >= profile.fail_on)
        .count();
    let mut fixed = 0;
    let mut diff = None;
    let mut current = original.clone();
    for _ in 0..MAX_FIX_PASSES {
        let (next, n) = fix::apply(&current, &diagnostics, opts.unsafe_fixes);
        if n == 0 {
            break;
        }
        let next_doc = match Document::from_bytes_as(&next, kind) {
            Ok(d) => d,
            Err(_) => break, // a fix that would break the file is not applied
        };
        fixed += n;
        current = next;
        doc = next_doc;
        (diagnostics, fingerprints, baselined) = lint(&doc);
    }
    if fixed > 0 {
        match (opts.fix, input) {
            (FixMode::Diff, _) => {
                // Against the bytes linted: a FIFO or `/dev/stdin`
                // cannot be read twice.
                let before = String::from_utf8_lossy(&original).into_owned();
                let after = String::from_utf8_lossy(&current).into_owned();
                diff = Some(fix::unified_diff(&path, &before, &after));
            }
            (FixMode::Write, Input::File { path: p, .. }) => {
                if let Err(error) = fix::write_fixed(p, &original, &current) {
                    return FileResult {
                        error: Some(Error::Io {
                            path: path.clone(),
                            error,
                        }),
                        path,
                        ..FileResult::default()
                    };
                }
            }
            _ => {}
        }
    }
    result.failing = if opts.fix == FixMode::Diff {
        failing_before
    } else {
        diagnostics
            .iter()
            .filter(|d| d.severity >= profile.fail_on)
            .count()
    };
    result.baselined = baselined;
    result.fixed = fixed;
    result.words = doc.word_count();
    show(&doc, diagnostics, fingerprints, &mut result, diff);
    result
}

/// Fix passes per file before giving up (each pass re-lints).
const MAX_FIX_PASSES: usize = 8;

fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    let shown = || walk::shown(path);
    let meta = std::fs::metadata(path).map_err(|error| Error::Io {
        path: shown(),
        error,
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::Input {
            path: shown(),
            reason: format!(
                "the file is {} MiB, over the {} MiB limit for one article; split it into articles",
                meta.len() >> 20,
                MAX_FILE_BYTES >> 20
            ),
        });
    }
    // Bounded: a device or a pipe reports size 0 (`/dev/zero` never ends).
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| read_bounded(f, &mut bytes))
        .map_err(|error| Error::Io {
            path: shown(),
            error,
        })?;
    Ok(bytes)
}

/// Reads at most [`MAX_FILE_BYTES`]; more is an error, not unbounded memory.
fn read_bounded(reader: impl Read, buf: &mut Vec<u8>) -> std::io::Result<()> {
    reader.take(MAX_FILE_BYTES + 1).read_to_end(buf)?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        buf.clear();
        buf.shrink_to_fit();
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the input is over the {} MiB limit for one article; split it into articles",
                MAX_FILE_BYTES >> 20
            ),
        ));
    }
    Ok(())
}
