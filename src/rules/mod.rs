//! Rules: loading rule files, compiling them, and running them on a
//! document.
//!
//! A rule is data (`lints/<lang>/*.toml`, schema in `lints/README.md`) with a
//! matcher of one *kind*; each kind lives in its own file:
//!
//! - [`phrase`]: literal phrases and substitution tables;
//! - [`pattern`]: a regex with exceptions and a literal prefilter;
//! - [`consistency`]: groups of variants, the minority variant is reported;
//! - engines ([`crate::engines`]): code configured from TOML.
//!
//! Two shared scans serve the rules: [`literals`], one Aho-Corasick pass
//! for every phrase and prefilter literal of the set, and [`unfiltered`],
//! one lazy DFA for the pattern rules without a prefilter.
//!
//! [`examples`] runs the examples every rule carries.

pub mod automaton;
pub mod builtin;
pub mod consistency;
pub mod examples;
pub mod literals;
pub mod packed;
pub mod pattern;
pub mod phrase;
pub mod required;
pub mod schema;
pub mod unfiltered;

use crate::diagnostic::{Applicability, Category, Finding, Fix, Scope, Severity};
use crate::document::Document;
use crate::engines::{self, Engine, EngineContext, Prior};
use crate::error::TomlError;
use crate::messages::MessageLang;
use schema::{RawRule, RawRuleFile};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// A rule file's text and the name to report errors with.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// Path shown in errors (`lints/fr/calques.toml`, or a user path).
    pub path: String,
    /// The TOML text.
    pub text: String,
}

/// Where a rule was defined, for `transaudit rule ID` and error messages.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The rule file's path.
    pub path: String,
    /// 1-based line of the `[[rule]]` table.
    pub line: usize,
}

/// A text that must fire, with the span it must report.
#[derive(Debug, Clone)]
pub struct FireExample {
    /// The example text.
    pub text: String,
    /// The exact text the finding must cover.
    pub matched: String,
    /// The expected replacement, if the example asserts one.
    pub fix: Option<String>,
}

/// The examples a rule carries: they document it and are its tests.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    /// Texts that must fire.
    pub fire: Vec<FireExample>,
    /// Texts that must not fire.
    pub quiet: Vec<String>,
    /// The policy the examples run under (`examples.policy`; default: none).
    pub policy: crate::config::Policy,
}

/// One compiled rule.
pub struct Rule {
    /// Stable id, `category/name`.
    pub id: String,
    /// Its category.
    pub category: Category,
    /// Severity after config overrides.
    pub severity: Severity,
    /// The severity the rule file gives.
    pub default_severity: Severity,
    /// `phrase`, `pattern`, `substitution`, `consistency` or `engine`.
    pub kind: String,
    /// Message template.
    pub message: String,
    /// Why it matters; the help note and `transaudit rule ID`.
    pub explanation: String,
    /// French message template (`fr.message`), when the rule file has one.
    pub message_fr: Option<String>,
    /// French explanation (`fr.explanation`), when the rule file has one.
    pub explanation_fr: Option<String>,
    /// Span or document scope.
    pub scope: Scope,
    /// Examples (tests).
    pub examples: Examples,
    /// Where it is defined.
    pub origin: Origin,
    /// False when selection or config turned it off.
    pub enabled: bool,
    matcher: Matcher,
}

impl Rule {
    /// The message template in `lang` (English when the rule file has no
    /// French text: a user's own rule file may be English only).
    pub fn message_in(&self, lang: MessageLang) -> &str {
        match (lang, &self.message_fr) {
            (MessageLang::Fr, Some(fr)) => fr,
            _ => &self.message,
        }
    }

    /// The explanation in `lang` (English when the rule file has no French
    /// text).
    pub fn explanation_in(&self, lang: MessageLang) -> &str {
        match (lang, &self.explanation_fr) {
            (MessageLang::Fr, Some(fr)) => fr,
            _ => &self.explanation,
        }
    }

    /// Every regex of the rule: a pattern rule's own and its exceptions, a
    /// phrase rule's exceptions.
    fn regexes(&self) -> Vec<&pattern::LazyRegex> {
        match &self.matcher {
            Matcher::Pattern(p) => p.regexes().collect(),
            Matcher::Phrase(p) => p.exceptions.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// True for engines that read the other rules' findings (they run last).
    pub fn needs_findings(&self) -> bool {
        matches!(&self.matcher, Matcher::Engine(e) if e.needs_findings())
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

enum Matcher {
    /// Phrase and substitution rules: matched through the shared index.
    Phrase(phrase::PhraseRule),
    Pattern(pattern::PatternRule),
    Consistency(consistency::ConsistencyRule),
    Engine(Box<dyn Engine>),
    /// A rule the pipeline reports itself (unused suppressions): matches nothing.
    Builtin,
}

/// All rules for one configuration, compiled once and shared by all files.
pub struct RuleSet {
    rules: Vec<Rule>,
    phrases: phrase::PhraseIndex,
    prefilters: pattern::PrefilterIndex,
    literals: literals::LiteralIndex,
    unfiltered: unfiltered::UnfilteredScan,
    /// Time spent per rule, when [`RuleSet::time_rules`] asked for it.
    timings: Option<Timings>,
}

/// Nanoseconds spent in each rule (index = rule index) plus the two shared
/// passes, summed over every document and thread. Why atomics: files are
/// linted in parallel against one shared rule set.
struct Timings {
    per_rule: Vec<AtomicU64>,
    phrases: AtomicU64,
    prefilters: AtomicU64,
}

/// Where `check --timings` says the time went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimingKey {
    /// One rule (pattern or engine), by id.
    Rule(String),
    /// Reporting the matches of every `phrase`, `substitution` and
    /// `consistency` rule (found by the literal pass).
    PhraseAutomaton,
    /// The shared scans: the automaton pass over every phrase and
    /// prefilter literal ([`literals`]), and the one over the pattern rules
    /// without a prefilter ([`unfiltered`]).
    PrefilterAutomaton,
}

impl std::fmt::Display for TimingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimingKey::Rule(id) => f.write_str(id),
            TimingKey::PhraseAutomaton => f.write_str("(phrase rules, from the literal pass)"),
            TimingKey::PrefilterAutomaton => f.write_str(
                "(shared scans: one automaton for all phrases and prefilters, one for unfiltered patterns)",
            ),
        }
    }
}

/// Documents at least this long (bytes) run their rules in parallel when
/// there are several threads. Why a threshold: below it, the files of a
/// walk keep every thread busy, and splitting an article's rules costs more
/// than it saves.
const PARALLEL_TEXT: usize = 1 << 20;

/// The single literal pass of a rule set: its phrases and prefilters.
fn literals_of(
    phrases: &phrase::PhraseIndex,
    prefilters: &pattern::PrefilterIndex,
) -> literals::LiteralIndex {
    literals::LiteralIndex::build(
        phrases.folded_literals(),
        phrases.exact_literals(),
        prefilters.literals(),
    )
}

/// Runs `f`, adding its duration to `slot` when timing is on.
fn timed<T>(slot: Option<&AtomicU64>, f: impl FnOnce() -> T) -> T {
    let Some(slot) = slot else {
        return f();
    };
    let start = std::time::Instant::now();
    let out = f();
    let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
    slot.fetch_add(ns, Ordering::Relaxed);
    out
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field("rules", &self.rules.len())
            .finish()
    }
}

impl RuleSet {
    /// Parses and compiles rule files. Returns every error found (not only
    /// the first), each located in its file. A built-in file is read from
    /// the packed form `build.rs` embedded ([`read_file`]), any other from
    /// its TOML.
    pub fn load(sources: &[RuleSource]) -> Result<RuleSet, Vec<TomlError>> {
        Self::load_with(sources, read_file)
    }

    /// [`RuleSet::load`] with `read` turning each file into its schema
    /// values and telling whether it is trusted (built in). Why a
    /// parameter: the tests load the built-in pack from its TOML too and
    /// compare.
    fn load_with(
        sources: &[RuleSource],
        read: impl Fn(&RuleSource) -> Result<(RawRuleFile, bool), TomlError>,
    ) -> Result<RuleSet, Vec<TomlError>> {
        let mut rules = Vec::new();
        let mut errors = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        seen.insert(
            crate::suppress::UNUSED_ID.to_owned(),
            BUILTIN_ORIGIN.to_owned(),
        );
        for src in sources {
            let (file, trusted) = match read(src) {
                Ok(f) => f,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let mut lines = Lines::new(&src.text);
            for raw in file.rule {
                let span = raw.span();
                let line = lines.at(span.start);
                let raw = raw.into_inner();
                let id_span = raw.id.span();
                match compile(src, span, line, raw, trusted) {
                    Ok(rule) => {
                        if let Some(prev) = seen.get(&rule.id) {
                            errors.push(TomlError::new(
                                &src.path,
                                &src.text,
                                Some(id_span),
                                format!(
                                    "duplicate rule id `{}` (already defined in {prev})",
                                    rule.id
                                ),
                            ));
                        } else {
                            seen.insert(rule.id.clone(), src.path.clone());
                            rules.push(rule);
                        }
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        rules.push(unused_suppression_rule());
        let phrases = phrase::PhraseIndex::build(&rules);
        let prefilters = pattern::PrefilterIndex::build(&rules);
        let literals = literals_of(&phrases, &prefilters);
        let unfiltered = unfiltered::UnfilteredScan::build(&rules);
        Ok(RuleSet {
            rules,
            phrases,
            prefilters,
            literals,
            unfiltered,
            timings: None,
        })
    }

    /// Measures from now on the time each rule takes (`check --timings`):
    /// what a rule author needs to see which rule makes a run slow. Costs
    /// two clock reads per rule and document.
    pub fn time_rules(&mut self) {
        self.timings = Some(Timings {
            per_rule: self.rules.iter().map(|_| AtomicU64::new(0)).collect(),
            phrases: AtomicU64::new(0),
            prefilters: AtomicU64::new(0),
        });
    }

    /// Time spent so far, per rule and shared pass, in no particular order
    /// (empty unless [`RuleSet::time_rules`] was called).
    pub fn timings(&self) -> Vec<(TimingKey, std::time::Duration)> {
        let Some(t) = &self.timings else {
            return Vec::new();
        };
        let ns = |a: &AtomicU64| std::time::Duration::from_nanos(a.load(Ordering::Relaxed));
        let mut out: Vec<(TimingKey, std::time::Duration)> = self
            .rules
            .iter()
            .zip(&t.per_rule)
            .filter(|(r, _)| r.enabled)
            .map(|(r, a)| (TimingKey::Rule(r.id.clone()), ns(a)))
            .collect();
        out.push((TimingKey::PhraseAutomaton, ns(&t.phrases)));
        out.push((TimingKey::PrefilterAutomaton, ns(&t.prefilters)));
        out
    }

    /// Every rule, enabled or not, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Mutable access for configuration (severity, enabling). Call
    /// [`RuleSet::reindex`] after changing which rules are enabled.
    pub fn rules_mut(&mut self) -> &mut [Rule] {
        &mut self.rules
    }

    /// Rebuilds the phrase automata from the enabled rules only, so that a
    /// disabled rule's phrase can never shadow an enabled one's.
    pub fn reindex(&mut self) {
        self.phrases = phrase::PhraseIndex::build(&self.rules);
        self.prefilters = pattern::PrefilterIndex::build(&self.rules);
        self.literals = literals_of(&self.phrases, &self.prefilters);
        self.unfiltered = unfiltered::UnfilteredScan::build(&self.rules);
    }

    /// Compiles now, in parallel (rayon), what the enabled pattern rules
    /// test every region with: their widened regexes
    /// ([`required::widened`]), or their own regex when they have none.
    /// Why: these are compiled on first use, and the first documents of a
    /// run all need the same ones, so on several threads the first to
    /// need one compiles it while the others wait: start-up work done on
    /// one core. The rules' own regexes (behind a widened one) and the
    /// exceptions are left to first use: on most text few are ever needed.
    /// `check` calls this when it has many files to lint.
    pub fn prepare(&self) {
        use rayon::prelude::*;
        let regexes: Vec<&pattern::LazyRegex> = self
            .rules
            .iter()
            .filter(|r| r.enabled)
            .filter_map(|r| match &r.matcher {
                Matcher::Pattern(p) => p.regexes().next(),
                _ => None,
            })
            .collect();
        regexes.par_iter().with_max_len(1).for_each(|re| {
            if !re.prepare_filter() {
                let _ = re.get();
            }
        });
    }

    /// Compiles every regex of every rule now (they are otherwise compiled
    /// on first use) and returns one message per regex that cannot be
    /// built. The test suite runs this on the built-in files, which is what
    /// lets loading them skip the regex checks.
    pub fn compile_regexes(&self) -> Vec<String> {
        let mut errors = Vec::new();
        for r in &self.rules {
            for re in r.regexes() {
                if let Err(e) = re.compile_now() {
                    errors.push(format!("{}: {e}", r.id));
                }
            }
        }
        errors
    }

    /// The rule with this id.
    pub fn find(&self, id: &str) -> Option<(usize, &Rule)> {
        self.rules.iter().enumerate().find(|(_, r)| r.id == id)
    }

    /// Runs every enabled rule on `doc`. Findings are sorted by position and
    /// deduplicated; offsets are into the NFC view.
    pub fn check(&self, doc: &Document, cx: &EngineContext<'_>) -> Vec<Finding> {
        let text = doc.text();
        let mut out = Vec::new();
        let t = self.timings.as_ref();
        // A large document on several threads runs its rules in parallel
        // (a directory of articles is already parallel, one file per task).
        let parallel = text.len() >= PARALLEL_TEXT && rayon::current_num_threads() > 1;
        let (phrases, prefiltered, unfiltered) = timed(t.map(|t| &t.prefilters), || {
            let literal_pass = || {
                let mut lines = self.prefilters.collector(self.rules.len());
                let phrases = self
                    .literals
                    .scan(doc, |literal, start| lines.add(doc, literal, start));
                (phrases, lines.finish())
            };
            let ((phrases, prefiltered), unfiltered) = if parallel {
                rayon::join(literal_pass, || self.unfiltered.lines(doc))
            } else {
                (literal_pass(), self.unfiltered.lines(doc))
            };
            (phrases, prefiltered, unfiltered)
        });
        timed(t.map(|t| &t.phrases), || {
            self.phrases.run(self, doc, &phrases, &mut out)
        });
        let mut late = Vec::new();
        let mut early = Vec::new();
        for (i, rule) in self.rules.iter().enumerate().filter(|(_, r)| r.enabled) {
            match &rule.matcher {
                Matcher::Engine(e) if e.needs_findings() => late.push(i),
                Matcher::Pattern(_) | Matcher::Engine(_) => early.push(i),
                Matcher::Phrase(_) | Matcher::Consistency(_) | Matcher::Builtin => {}
            }
        }
        let run = |i: usize, out: &mut Vec<Finding>| {
            let rule = &self.rules[i];
            timed(t.map(|t| &t.per_rule[i]), || match &rule.matcher {
                Matcher::Pattern(p) => p.run(
                    i,
                    rule,
                    doc,
                    &prefiltered[i],
                    unfiltered.as_ref().and_then(|u| u.get(i)),
                    out,
                ),
                Matcher::Engine(e) => e.check(
                    doc,
                    cx,
                    i,
                    Prior {
                        findings: &[],
                        rules: self,
                    },
                    out,
                ),
                Matcher::Phrase(_) | Matcher::Consistency(_) | Matcher::Builtin => {}
            });
        };
        if parallel {
            use rayon::prelude::*;
            // Collected in rule order: the same findings in the same order
            // as the sequential loop, so the engines that read them (and
            // the output) cannot tell the difference.
            let parts: Vec<Vec<Finding>> = early
                .par_iter()
                .map(|&i| {
                    let mut own = Vec::new();
                    run(i, &mut own);
                    own
                })
                .collect();
            for mut part in parts {
                out.append(&mut part);
            }
        } else {
            for &i in &early {
                run(i, &mut out);
            }
        }
        // Before the rules that judge the others' findings (residue
        // density) see them: see below.
        crate::lexicon::language::retain_native(doc, cx.lang, &mut out, |i| self.rules[i].category);
        for i in late {
            if let Matcher::Engine(e) = &self.rules[i].matcher {
                timed(t.map(|t| &t.per_rule[i]), || {
                    let mut own = Vec::new();
                    e.check(
                        doc,
                        cx,
                        i,
                        Prior {
                            findings: &out,
                            rules: self,
                        },
                        &mut own,
                    );
                    out.append(&mut own);
                });
            }
        }
        out.retain(|f| f.span.end <= text.len() && f.span.start <= f.span.end);
        // Text in another language than the article's (an Italian article,
        // a Vietnamese headline) gets one `untranslated` finding, not the
        // language's own rules (French elision on Spanish `la oficina`):
        // see `crate::lexicon::language`.
        crate::lexicon::language::retain_native(doc, cx.lang, &mut out, |i| self.rules[i].category);
        out.sort_by_key(|f| (f.span.start, f.span.end, f.rule));
        out.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
        out
    }

    /// The finding's message in English ([`RuleSet::message_in`]).
    pub fn message(&self, doc: &Document, f: &Finding) -> String {
        self.message_in(doc, f, MessageLang::En)
    }

    /// The finding's message in `lang`: the engine's own, or the rule's
    /// template with `{match}` and `{fix}` filled in. Front-ends that choose
    /// the language per request (a server, a language server) call this
    /// with their own choice; `check` passes its profile's.
    pub fn message_in(&self, doc: &Document, f: &Finding, lang: MessageLang) -> String {
        if let Some(m) = &f.message {
            return m.get(lang).to_owned();
        }
        let rule = &self.rules[f.rule];
        let matched = doc.text().get(f.span.clone()).unwrap_or("");
        let matched = if matched.chars().count() > 80 {
            let cut: String = matched.chars().take(77).collect();
            format!("{cut}…")
        } else {
            matched.to_owned()
        };
        let fix = f.fix.as_ref().map_or("", |x| x.replacement.as_str());
        rule.message_in(lang)
            .replace("{match}", matched.trim())
            .replace("{fix}", fix)
    }
}

/// Where built-in rules defined in code say they come from.
const BUILTIN_ORIGIN: &str = "<built-in> src/suppress.rs";

/// The rule reporting unused suppression comments ([`crate::suppress`]):
/// defined in code because the pipeline, not a matcher, finds them. Its
/// examples are Markdown, run through the suppression pass
/// ([`examples::check_rule`]).
fn unused_suppression_rule() -> Rule {
    Rule {
        id: crate::suppress::UNUSED_ID.to_owned(),
        category: Category::Boilerplate,
        severity: Severity::Info,
        default_severity: Severity::Info,
        kind: "builtin".to_owned(),
        message: "unused suppression".to_owned(),
        explanation: "A `transaudit-disable` comment that suppresses nothing (the text it \
            covered was fixed, or its rule was renamed or misspelt) is stale markup left in the \
            article: it will silently hide the next real finding written there. Delete it, or \
            narrow it to the rules that still fire. Only suppressions of rules that run on the \
            file are judged; a selector matching no rule at all is reported as a typo."
            .to_owned(),
        message_fr: Some("directive de suppression inutile".to_owned()),
        explanation_fr: Some(
            "Un commentaire `transaudit-disable` qui ne masque plus rien (le texte visé a été \
            corrigé, ou la règle a été renommée ou mal orthographiée) est un reste de balisage \
            oublié dans l’article : il cachera sans bruit le prochain vrai problème écrit à cet \
            endroit. Supprimez-le, ou limitez-le aux règles qui se déclenchent encore. Seules les \
            suppressions de règles actives sur le fichier sont jugées ; un nom qui ne désigne \
            aucune règle est signalé comme une faute de frappe."
                .to_owned(),
        ),
        scope: Scope::Span,
        examples: Examples {
            fire: vec![FireExample {
                text: "<!-- transaudit-disable-next-line -->\nUn paragraphe propre.\n".to_owned(),
                matched: "<!-- transaudit-disable-next-line -->".to_owned(),
                fix: Some(String::new()),
            }],
            quiet: vec!["Un paragraphe sans directive.\n".to_owned()],
            policy: crate::config::Policy::default(),
        },
        origin: Origin {
            path: BUILTIN_ORIGIN.to_owned(),
            line: 1,
        },
        enabled: true,
        matcher: Matcher::Builtin,
    }
}

/// Reads one rule file into its schema values, and whether it is trusted:
/// a built-in file from the packed form embedded at build time (no TOML
/// parsing: see [`packed`]), any other file from its TOML.
fn read_file(src: &RuleSource) -> Result<(RawRuleFile, bool), TomlError> {
    match builtin::packed(src) {
        Some((tree, strings)) => packed::from_parts(tree, strings)
            .map(|file| (file, true))
            .map_err(|e| {
                TomlError::new(
                    &src.path,
                    &src.text,
                    None,
                    format!(
                        "the packed copy of this built-in rule file cannot be read ({e}); \
                         rebuild transaudit from a clean checkout"
                    ),
                )
            }),
        None => toml::from_str(&src.text)
            .map(|file| (file, false))
            .map_err(|e| TomlError::from_toml(&src.path, &src.text, &e)),
    }
}

/// 1-based line numbers of byte offsets in one text, asked in increasing
/// order (a file's rules). Why: counting from the start of the file for
/// every rule cost a fifth of loading the built-in pack.
struct Lines<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The line holding byte `offset` (counted again from the start when
    /// asked out of order).
    fn at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.pos..offset]).count();
        self.pos = offset;
        self.line
    }
}

/// Compiles one rule, defined at `line` (1-based) of `src`. `trusted`:
/// `src` is a built-in file, whose regexes the test suite compiles, so
/// they are not parsed again here.
fn compile(
    src: &RuleSource,
    span: Range<usize>,
    line: usize,
    mut raw: RawRule,
    trusted: bool,
) -> Result<Rule, TomlError> {
    let err =
        |span: Range<usize>, msg: String| TomlError::new(&src.path, &src.text, Some(span), msg);
    let id = raw.id.get_ref().clone();
    let category = Category::parse(raw.category.get_ref()).ok_or_else(|| {
        err(
            raw.category.span(),
            format!(
                "unknown category `{}`; expected one of: {}",
                raw.category.get_ref(),
                Category::ALL.map(|c| c.as_str()).join(", ")
            ),
        )
    })?;
    if !valid_id(&id) {
        return Err(err(
            raw.id.span(),
            format!("rule id `{id}` must look like `category/name` (lowercase, digits, `-`)"),
        ));
    }
    let severity = Severity::parse(raw.severity.get_ref()).ok_or_else(|| {
        err(
            raw.severity.span(),
            format!(
                "unknown severity `{}`; expected error, warning or info",
                raw.severity.get_ref()
            ),
        )
    })?;
    let scope = match raw.scope.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
        None | Some(("span", _)) => Scope::Span,
        Some(("document", _)) => Scope::Document,
        Some((other, span)) => {
            return Err(err(
                span,
                format!("unknown scope `{other}`; expected span or document"),
            ));
        }
    };
    let applicability = match raw
        .applicability
        .as_ref()
        .map(|s| (s.get_ref().as_str(), s.span()))
    {
        None | Some(("unsafe", _)) => Applicability::Unsafe,
        Some(("safe", _)) => Applicability::Safe,
        Some((other, span)) => {
            return Err(err(
                span,
                format!("unknown applicability `{other}`; expected safe or unsafe"),
            ));
        }
    };
    let examples_span = raw.examples.span();
    // Moved, not copied: the examples are most of a rule's text.
    let ex = std::mem::take(raw.examples.get_mut());
    if ex.fire.is_empty() || ex.quiet.is_empty() {
        return Err(err(
            examples_span,
            format!(
                "rule `{id}` needs examples: at least one `fire` and one `quiet` (they are its tests)"
            ),
        ));
    }
    let examples = Examples {
        fire: ex
            .fire
            .into_iter()
            .map(|f| FireExample {
                text: f.text,
                matched: f.matched,
                fix: f.fix,
            })
            .collect(),
        quiet: ex.quiet,
        policy: ex.policy.unwrap_or_default(),
    };
    let kind = raw.kind.get_ref().clone();
    let allowed: &[&str] = match kind.as_str() {
        "phrase" => &[
            "phrases",
            "case-sensitive",
            "word-boundary",
            "extend-to-line",
            "replacement",
            "applicability",
            "exceptions",
        ],
        "pattern" => &[
            "pattern",
            "group",
            "exceptions",
            "replacement",
            "applicability",
            "prefilter",
        ],
        "substitution" => &[
            "replace",
            "case-sensitive",
            "word-boundary",
            "applicability",
            "exceptions",
        ],
        "consistency" => &["groups"],
        "engine" => &["engine", "options"],
        other => {
            return Err(err(
                raw.kind.span(),
                format!(
                    "unknown kind `{other}`; expected phrase, pattern, substitution, consistency or engine"
                ),
            ));
        }
    };
    let present: [(&str, bool); 14] = [
        ("phrases", raw.phrases.is_some()),
        ("case-sensitive", raw.case_sensitive.is_some()),
        ("word-boundary", raw.word_boundary.is_some()),
        ("extend-to-line", raw.extend_to_line.is_some()),
        ("replacement", raw.replacement.is_some()),
        ("applicability", raw.applicability.is_some()),
        ("exceptions", raw.exceptions.is_some()),
        ("pattern", raw.pattern.is_some()),
        ("group", raw.group.is_some()),
        ("prefilter", raw.prefilter.is_some()),
        ("replace", raw.replace.is_some()),
        ("groups", raw.groups.is_some()),
        ("engine", raw.engine.is_some()),
        ("options", raw.options.is_some()),
    ];
    if let Some((key, _)) = present.iter().find(|(k, p)| *p && !allowed.contains(k)) {
        return Err(err(
            span.clone(),
            format!("rule `{id}`: key `{key}` does not apply to kind `{kind}`"),
        ));
    }
    // A built-in file's regexes were all compiled by the test suite: loading
    // skips re-parsing them (a sixth of start-up).
    let exceptions = pattern::compile_exceptions(raw.exceptions.as_deref().unwrap_or(&[]), trusted)
        .map_err(|(span, msg)| err(span, msg))?;
    let matcher = match kind.as_str() {
        "phrase" => {
            let phrases = raw.phrases.as_ref().ok_or_else(|| {
                err(
                    span.clone(),
                    format!("rule `{id}`: kind phrase needs `phrases`"),
                )
            })?;
            if phrases.get_ref().is_empty() || phrases.get_ref().iter().any(|p| p.trim().is_empty())
            {
                return Err(err(
                    phrases.span(),
                    "`phrases` must be a non-empty list of non-empty strings".into(),
                ));
            }
            Matcher::Phrase(phrase::PhraseRule {
                phrases: phrases.get_ref().clone(),
                fixes: Vec::new(),
                case_sensitive: raw.case_sensitive.unwrap_or(false),
                word_boundary: raw.word_boundary.unwrap_or(true),
                extend_to_line: raw.extend_to_line.unwrap_or(false),
                replacement: raw.replacement.clone(),
                applicability,
                exceptions,
            })
        }
        "substitution" => {
            let table = raw.replace.as_ref().ok_or_else(|| {
                err(
                    span.clone(),
                    format!("rule `{id}`: kind substitution needs a `replace` table"),
                )
            })?;
            if table.get_ref().is_empty() || table.get_ref().keys().any(|k| k.trim().is_empty()) {
                return Err(err(
                    table.span(),
                    "`replace` must map non-empty phrases to their replacements".into(),
                ));
            }
            let (phrases, fixes) = table
                .get_ref()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .unzip();
            Matcher::Phrase(phrase::PhraseRule {
                phrases,
                fixes,
                case_sensitive: raw.case_sensitive.unwrap_or(false),
                word_boundary: raw.word_boundary.unwrap_or(true),
                extend_to_line: false,
                replacement: None,
                applicability,
                exceptions,
            })
        }
        "pattern" => {
            let pat = raw.pattern.as_ref().ok_or_else(|| {
                err(
                    span.clone(),
                    format!("rule `{id}`: kind pattern needs `pattern`"),
                )
            })?;
            if !trusted && let Some(tpl) = &raw.replacement {
                pattern::check_replacement(pat.get_ref(), tpl).map_err(|msg| {
                    // The `replacement` key's line, within the rule.
                    // (Spanned tables may span only their header: search
                    // from the table to the next one.)
                    let from = span.start.min(pat.span().start);
                    let at = src
                        .text
                        .get(from..)
                        .and_then(|rest| {
                            let end = rest
                                .get(1..)
                                .and_then(|r| r.find("\n[["))
                                .map_or(rest.len(), |e| e + 1);
                            rest[..end].find("\nreplacement")
                        })
                        .map_or(pat.span(), |o| from + o + 1..from + o + 12);
                    err(at, msg)
                })?;
            }
            Matcher::Pattern(
                pattern::PatternRule::new(
                    pat,
                    raw.group.as_ref(),
                    exceptions,
                    raw.replacement.clone(),
                    applicability,
                    raw.prefilter.as_deref().unwrap_or(&[]),
                    trusted,
                )
                .map_err(|(span, msg)| err(span, msg))?,
            )
        }
        "consistency" => {
            let groups = raw.groups.as_ref().ok_or_else(|| {
                err(
                    span.clone(),
                    format!("rule `{id}`: kind consistency needs `groups`"),
                )
            })?;
            if groups.get_ref().is_empty()
                || groups
                    .get_ref()
                    .iter()
                    .any(|g| g.len() < 2 || g.iter().any(|v| v.trim().is_empty()))
            {
                return Err(err(
                    groups.span(),
                    "every group needs two or more non-empty variants".into(),
                ));
            }
            Matcher::Consistency(consistency::ConsistencyRule {
                groups: groups.get_ref().clone(),
            })
        }
        _ => {
            let name = raw.engine.as_ref().ok_or_else(|| {
                err(
                    span.clone(),
                    format!("rule `{id}`: kind engine needs `engine`"),
                )
            })?;
            let no_options = toml::Table::new();
            let options = raw.options.as_ref().map_or(&no_options, |o| o.get_ref());
            let options_span = raw.options.as_ref().map_or(name.span(), |o| o.span());
            let engine = engines::build(name.get_ref(), options).map_err(|e| match e {
                engines::BuildError::UnknownEngine => err(
                    name.span(),
                    format!(
                        "unknown engine `{}`; known engines: {}",
                        name.get_ref(),
                        engines::names().join(", ")
                    ),
                ),
                engines::BuildError::Options(msg) => err(
                    options_span.clone(),
                    format!("engine `{}`: {msg}", name.get_ref()),
                ),
            })?;
            if !trusted {
                engine.validate().map_err(|msg| {
                    err(options_span, format!("engine `{}`: {msg}", name.get_ref()))
                })?;
            }
            Matcher::Engine(engine)
        }
    };
    Ok(Rule {
        id,
        category,
        severity,
        default_severity: severity,
        kind,
        message: raw.message,
        explanation: raw.explanation.trim().to_owned(),
        message_fr: raw.fr.as_ref().map(|t| t.message.clone()),
        explanation_fr: raw.fr.as_ref().map(|t| t.explanation.trim().to_owned()),
        scope,
        examples,
        origin: Origin {
            path: src.path.clone(),
            line,
        },
        enabled: true,
        matcher,
    })
}

/// `category/name` with lowercase ASCII letters, digits and `-` (ids are
/// typed on command lines and in CI configs: keep them plain).
fn valid_id(id: &str) -> bool {
    let ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    match id.split_once('/') {
        Some((a, b)) => ok(a) && b.split('/').all(ok),
        None => false,
    }
}

/// Builds a fix whose replacement keeps the capitalisation of the matched
/// text's first letter (`Réaliser que` → `Se rendre compte que`).
pub(crate) fn fix_with_case(matched: &str, replacement: &str, applicability: Applicability) -> Fix {
    let upper = matched.chars().next().is_some_and(char::is_uppercase);
    let replacement = if upper {
        let mut c = replacement.chars();
        match c.next() {
            Some(first) if first.is_lowercase() => first.to_uppercase().chain(c).collect(),
            _ => replacement.to_owned(),
        }
    } else {
        replacement.to_owned()
    };
    Fix {
        replacement,
        applicability,
    }
}

/// Engines read the rules behind prior findings through this (see
/// [`engines::RuleFacts`]); it keeps `engines` from depending on `rules`.
impl engines::RuleFacts for RuleSet {
    fn id(&self, rule: usize) -> &str {
        &self.rules()[rule].id
    }
    fn category(&self, rule: usize) -> crate::diagnostic::Category {
        self.rules()[rule].category
    }
    fn severity(&self, rule: usize) -> crate::diagnostic::Severity {
        self.rules()[rule].severity
    }
    fn needs_findings(&self, rule: usize) -> bool {
        self.rules()[rule].needs_findings()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> RuleSource {
        RuleSource {
            path: "test.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn ids_are_category_slash_name() {
        assert!(valid_id("calque/realiser-que"));
        assert!(valid_id("glued-word/lexicon"));
        assert!(!valid_id("Calque/x"));
        assert!(!valid_id("calque"));
        assert!(!valid_id("calque/"));
    }

    #[test]
    fn unknown_key_is_located() {
        let text = "[[rule]]\nid = \"calque/x\"\ncategory = \"calque\"\nseverity = \"info\"\nkind = \"phrase\"\nmessage = \"m\"\nexplanation = \"e\"\nphrases = [\"a\"]\nphrasse = [\"b\"]\nexamples.fire = [{ text = \"a\", match = \"a\" }]\nexamples.quiet = [\"b\"]\n";
        let errs = RuleSet::load(&[src(text)]).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line(), Some(9), "{}", errs[0]);
        assert!(errs[0].message.contains("phrasse"), "{}", errs[0].message);
    }

    #[test]
    fn bad_regex_is_located() {
        let text = "[[rule]]\nid = \"punctuation/x\"\ncategory = \"punctuation\"\nseverity = \"info\"\nkind = \"pattern\"\nmessage = \"m\"\nexplanation = \"e\"\npattern = '(unclosed'\nexamples.fire = [{ text = \"a\", match = \"a\" }]\nexamples.quiet = [\"b\"]\n";
        let errs = RuleSet::load(&[src(text)]).unwrap_err();
        assert_eq!(errs[0].line(), Some(8), "{}", errs[0]);
    }

    #[test]
    fn key_of_other_kind_and_missing_examples_are_errors() {
        let text = "[[rule]]\nid = \"calque/x\"\ncategory = \"calque\"\nseverity = \"info\"\nkind = \"phrase\"\nmessage = \"m\"\nexplanation = \"e\"\nphrases = [\"a\"]\npattern = \"a\"\nexamples.fire = [{ text = \"a\", match = \"a\" }]\nexamples.quiet = [\"b\"]\n\n[[rule]]\nid = \"calque/y\"\ncategory = \"calque\"\nseverity = \"info\"\nkind = \"phrase\"\nmessage = \"m\"\nexplanation = \"e\"\nphrases = [\"a\"]\nexamples.fire = []\nexamples.quiet = [\"b\"]\n";
        let errs = RuleSet::load(&[src(text)]).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(
            errs[0].message.contains("`pattern` does not apply"),
            "{}",
            errs[0].message
        );
        assert!(
            errs[1].message.contains("needs examples"),
            "{}",
            errs[1].message
        );
    }

    /// A large document on two threads (rules in parallel) gets exactly
    /// the findings, in the same order, that one thread gives.
    #[test]
    fn parallel_rules_on_a_large_document_find_the_same() {
        let set = RuleSet::load(&builtin::sources("fr")).unwrap();
        let article = format!(
            "{}\n{}\n",
            include_str!("../../examples/mt-residue.txt"),
            include_str!("../../examples/scraped-chrome.txt")
        );
        let text = article.repeat(PARALLEL_TEXT / article.len() + 2);
        assert!(text.len() >= PARALLEL_TEXT);
        let doc = Document::from_text(&text);
        let policy = crate::config::Policy::default();
        let cx = EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| set.check(&doc, &cx))
        };
        let key = |f: &Finding| {
            (
                f.rule,
                f.span.clone(),
                f.message.clone(),
                f.fix.as_ref().map(|x| x.replacement.clone()),
            )
        };
        let one: Vec<_> = on(1).iter().map(key).collect();
        let two: Vec<_> = on(2).iter().map(key).collect();
        assert!(one.len() > 1000, "{}", one.len());
        assert_eq!(one, two);
    }

    /// Each built-in file's packed form reads back as exactly what parsing
    /// its TOML gives: every value and every span (Debug shows both).
    #[test]
    fn packed_files_read_as_their_toml() {
        let sources = builtin::sources("fr");
        assert!(sources.len() > 10, "{}", sources.len());
        for src in &sources {
            let (tree, strings) = builtin::packed(src).expect("embedded");
            let packed: RawRuleFile = packed::from_parts(tree, strings).expect("packed reads");
            let parsed: RawRuleFile = toml::from_str(&src.text).expect("TOML parses");
            assert_eq!(
                format!("{packed:?}"),
                format!("{parsed:?}"),
                "{} reads differently packed",
                src.path
            );
        }
    }

    /// What a test can see of a compiled rule, matcher included.
    fn summary(r: &Rule) -> String {
        let matcher = match &r.matcher {
            Matcher::Phrase(p) => format!(
                "phrase {:?} {:?} {} {} {} {:?} {:?} {}",
                p.phrases,
                p.fixes,
                p.case_sensitive,
                p.word_boundary,
                p.extend_to_line,
                p.replacement,
                p.applicability,
                p.exceptions.len()
            ),
            Matcher::Pattern(_) => format!("pattern {} regexes", r.regexes().len()),
            Matcher::Consistency(c) => format!("consistency {:?}", c.groups),
            Matcher::Engine(e) => format!("engine late={}", e.needs_findings()),
            Matcher::Builtin => "builtin".to_owned(),
        };
        format!(
            "{} {:?} {:?} {:?} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {matcher}",
            r.id,
            r.category,
            r.severity,
            r.default_severity,
            r.kind,
            r.message,
            r.explanation,
            r.message_fr,
            r.explanation_fr,
            r.scope,
            r.examples,
            r.origin,
            r.enabled
        )
    }

    /// The built-in pack loaded from its packed form and from its TOML
    /// gives the same rules, in the same order, that find the same things.
    #[test]
    fn builtin_pack_loads_the_same_packed_and_parsed() {
        let sources = builtin::sources("fr");
        let packed = RuleSet::load(&sources).unwrap();
        let parsed = RuleSet::load_with(&sources, |src| {
            toml::from_str(&src.text)
                .map(|f| (f, builtin::packed(src).is_some()))
                .map_err(|e| TomlError::from_toml(&src.path, &src.text, &e))
        })
        .unwrap();
        assert_eq!(packed.rules().len(), parsed.rules().len());
        for (a, b) in packed.rules().iter().zip(parsed.rules()) {
            assert_eq!(summary(a), summary(b));
        }
        let text = format!(
            "{}\n{}\n",
            include_str!("../../examples/mt-residue.txt"),
            include_str!("../../examples/scraped-chrome.txt")
        );
        let doc = Document::from_text(&text);
        let policy = crate::config::Policy::default();
        let cx = EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let key = |f: &Finding| {
            (
                f.rule,
                f.span.clone(),
                f.message.clone(),
                f.fix.as_ref().map(|x| x.replacement.clone()),
            )
        };
        let a: Vec<_> = packed.check(&doc, &cx).iter().map(key).collect();
        let b: Vec<_> = parsed.check(&doc, &cx).iter().map(key).collect();
        assert!(a.len() > 10, "{}", a.len());
        assert_eq!(a, b);
    }

    /// A file that is not built in (a user's `extend-rules`) is still read
    /// from its TOML, with its errors located, even under a built-in path.
    #[test]
    fn edited_builtin_path_is_parsed_with_located_errors() {
        let mut edited = builtin::sources("fr").remove(0);
        let lines_before = edited.text.lines().count();
        edited
            .text
            .push_str("\n[[rule]]\nid = \"calque/z\"\nbogus = 1\n");
        let errs = RuleSet::load(std::slice::from_ref(&edited)).unwrap_err();
        assert!(!errs.is_empty());
        for e in &errs {
            assert_eq!(e.path, edited.path);
            assert!(e.line().is_some_and(|l| l > lines_before), "{e}");
        }
    }

    #[test]
    fn fix_keeps_initial_capital() {
        assert_eq!(
            fix_with_case("Réaliser", "se rendre compte", Applicability::Unsafe).replacement,
            "Se rendre compte"
        );
        assert_eq!(
            fix_with_case("réaliser", "se rendre compte", Applicability::Unsafe).replacement,
            "se rendre compte"
        );
    }
}
