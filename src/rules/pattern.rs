//! `pattern` rules: one regular expression, an optional capture group to
//! report, `exceptions` that veto a finding, and a literal `prefilter`.
//!
//! Why the `regex` crate and no look-around: it guarantees linear time, so
//! no rule file (ours or a user's) can make the linter hang on a hostile
//! article. Look-around is replaced by `group` (report part of the match)
//! and `exceptions` (regexes that, when they match over the finding in its
//! line, drop it) — LanguageTool's antipatterns, in regex form.

use super::Rule;
use crate::diagnostic::{Applicability, Finding, Fix};
use crate::document::Document;
use regex_automata::meta::{self, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::Look;
use std::ops::Range;
use std::sync::OnceLock;
use toml::Spanned;

/// Exception regexes (compiled on first use).
pub type Exceptions = Vec<LazyRegex>;

/// A regex checked when the rule file is loaded and compiled the first time
/// it is needed. Why: compiling ~100 Unicode-aware regexes costs ~200 ms,
/// twenty times the start-up budget, while a 5 KB article needs only the few
/// whose prefilter literal it contains. Loading still parses every pattern
/// (regex-syntax), so a malformed one is reported with its line at once.
pub struct LazyRegex {
    pattern: String,
    compiled: OnceLock<Option<Compiled>>,
    /// The widened regex ([`super::required::widened`]) tested on a region
    /// before this one is compiled and run there; `None` when the pattern
    /// cannot be widened (it then runs directly).
    /// Boxed: the search-cache pool is large, and most regexes are
    /// never searched.
    filter: OnceLock<Option<Box<Filter>>>,
}

/// A compiled regex and what its syntax tree says about where it matches.
struct Compiled {
    regex: Regex,
    /// Every match starts at the start of a line (`(?m)^…`, `\A…`).
    line_start: bool,
}

impl LazyRegex {
    /// The compiled regex; `None` only if it exceeds the size limits (the
    /// rule then reports nothing; built-in rules are all compiled by the
    /// examples test).
    pub fn get(&self) -> Option<&Regex> {
        self.compiled().map(|c| &c.regex)
    }

    fn compiled(&self) -> Option<&Compiled> {
        self.compiled
            .get_or_init(|| build(&self.pattern).ok())
            .as_ref()
    }

    /// True when every match of the regex starts at the start of a line
    /// (or of the haystack). Why it matters: searched on one line, such a
    /// regex can only match at the line's first byte, so an anchored
    /// search decides in a few bytes what an unanchored one decides by
    /// reading the whole line (the boilerplate rules, on every line that
    /// holds one of their common words).
    pub fn starts_lines(&self) -> bool {
        self.compiled().is_some_and(|c| c.line_start)
    }

    /// A regex on `pattern`, compiled on first use.
    fn new(pattern: &str) -> LazyRegex {
        LazyRegex {
            pattern: pattern.to_owned(),
            compiled: OnceLock::new(),
            filter: OnceLock::new(),
        }
    }

    fn filter(&self) -> Option<&Filter> {
        self.filter
            .get_or_init(|| {
                super::required::widened(&self.pattern)
                    .and_then(|w| Filter::new(&w))
                    .map(Box::new)
            })
            .as_deref()
    }

    /// The regex's source.
    #[cfg(test)]
    pub(super) fn pattern(&self) -> &str {
        &self.pattern
    }

    /// Builds the widened regex now (for [`super::RuleSet::prepare`]);
    /// false when there is none.
    pub fn prepare_filter(&self) -> bool {
        self.filter().is_some()
    }

    /// False when the regex cannot match in `input` (its widened regex does
    /// not); decided without compiling the regex itself. `one_line`: the
    /// input is one line holding no `\r` (so a regex whose matches all
    /// start a line can only match at its start).
    pub fn may_match(&self, input: Input<'_>, one_line: bool) -> bool {
        let Some(f) = self.filter() else {
            return true;
        };
        let input = if one_line && f.line_start {
            input.anchored(Anchored::Yes)
        } else {
            input
        };
        f.is_match(input)
    }

    /// Compiles now; the error says why the regex cannot be used (too big
    /// for the size limits). For tests and `rule` diagnostics: a regex
    /// that fails to compile would otherwise silently match nothing.
    pub fn compile_now(&self) -> Result<(), String> {
        match self.get() {
            Some(_) => Ok(()),
            None => build(&self.pattern)
                .map(|_| ())
                .map_err(|e| format!("{e} in `{}`", self.pattern)),
        }
    }
}

impl PatternRule {
    /// The pattern, when the rule has no prefilter (for
    /// [`super::unfiltered`]).
    pub(super) fn unfiltered_pattern(&self) -> Option<&str> {
        self.prefilter
            .is_empty()
            .then_some(self.regex.pattern.as_str())
    }

    /// The regex's source.
    #[cfg(test)]
    pub(super) fn pattern(&self) -> &str {
        &self.regex.pattern
    }

    /// The searcher of the literals derived from the regex (built on first
    /// use), `None` when there are none.
    fn confirm(&self) -> Option<&Confirm> {
        self.confirm
            .get_or_init(|| Confirm::new(&super::required::literals(&self.regex.pattern)))
            .as_ref()
    }

    /// The rule's regex and its exceptions.
    pub fn regexes(&self) -> impl Iterator<Item = &LazyRegex> {
        std::iter::once(&self.regex).chain(&self.exceptions)
    }
}

/// Compiles with the `regex` crate's engine (regex-automata's meta regex),
/// minus its literal prefilters. Why: extracting literals from our long
/// case-insensitive alternations was a third of the compile time, and a
/// rule's regex mostly runs on the few lines the rule's own `prefilter`
/// already picked, where a literal scan saves little.
///
/// The pattern is parsed here (the same syntax defaults as
/// `meta::Builder::build`) so that the syntax tree also tells whether
/// every match starts a line ([`LazyRegex::starts_lines`]).
fn build(pattern: &str) -> Result<Compiled, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    let prefix = hir.properties().look_set_prefix();
    let line_start = prefix.contains(Look::Start)
        || prefix.contains(Look::StartLF)
        || prefix.contains(Look::StartCRLF);
    let regex = meta::Builder::new()
        .configure(
            meta::Config::new()
                .auto_prefilter(false)
                .nfa_size_limit(Some(16 << 20))
                .dfa_size_limit(Some(16 << 20))
                .hybrid_cache_capacity(16 << 20),
        )
        .build_from_hir(&hir)
        .map_err(|e| e.to_string())?;
    Ok(Compiled { regex, line_start })
}

/// A compiled `pattern` rule.
pub struct PatternRule {
    regex: LazyRegex,
    group: usize,
    exceptions: Exceptions,
    replacement: Option<String>,
    applicability: Applicability,
    /// Literals one of which must be on a line for the regex to run there.
    prefilter: Vec<String>,
    /// The literals derived from the regex, one of which a line must also
    /// hold ([`super::required`]): searched in the folded line, derived the
    /// first time the prefilter hits; `None` when the regex names no useful
    /// literal.
    confirm: OnceLock<Option<Confirm>>,
}

/// A widened regex ([`super::required::widened`]) compiled for one
/// question, "is there a match here?": a forward lazy DFA without
/// captures. Why not a meta regex: the reverse automaton, the one-pass DFA
/// and the capture states it also builds cost more than the DFA itself,
/// and are never used for this question.
struct Filter {
    dfa: regex_automata::hybrid::dfa::DFA,
    /// Search caches (the DFA's states), one per thread that needs one.
    caches: regex_automata::util::pool::Pool<FilterCache, FilterCacheFn>,
    /// Every match starts a line (as for [`Compiled::line_start`]).
    line_start: bool,
}

type FilterCache = regex_automata::hybrid::dfa::Cache;
type FilterCacheFn = Box<dyn Fn() -> FilterCache + Send + Sync>;

impl Filter {
    /// Compiles a widened pattern; `None` if it does not build (the rule's
    /// regex then runs without a filter).
    fn new(pattern: &str) -> Option<Filter> {
        use regex_automata::hybrid::dfa::DFA;
        use regex_automata::nfa::thompson;
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .ok()?;
        let prefix = hir.properties().look_set_prefix();
        let line_start = prefix.contains(Look::Start)
            || prefix.contains(Look::StartLF)
            || prefix.contains(Look::StartCRLF);
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(16 << 20)),
            )
            .build_from_hir(&hir)
            .ok()?;
        let dfa = DFA::builder()
            .configure(DFA::config().cache_capacity(2 << 20))
            .build_from_nfa(nfa)
            .ok()?;
        let for_cache = dfa.clone();
        let make: FilterCacheFn = Box::new(move || for_cache.create_cache());
        Some(Filter {
            dfa,
            caches: regex_automata::util::pool::Pool::new(make),
            line_start,
        })
    }

    /// Is there a match in `input`? True also when the DFA gives up.
    fn is_match(&self, input: Input<'_>) -> bool {
        let mut cache = self.caches.get();
        !matches!(
            self.dfa.try_search_fwd(&mut cache, &input.earliest(true)),
            Ok(None)
        )
    }
}

/// The literal sets derived from a rule's regex, searched together: a line
/// holds what the regex needs when each set has a literal in it.
struct Confirm {
    searcher: aho_corasick::AhoCorasick,
    /// For each literal of the searcher, the sets it belongs to (bit i:
    /// set i).
    sets_of: Vec<u64>,
    /// The bits of every set.
    all: u64,
}

impl Confirm {
    fn new(sets: &[Vec<String>]) -> Option<Confirm> {
        let mut literals: Vec<&str> = Vec::new();
        let mut sets_of: Vec<u64> = Vec::new();
        for (i, set) in sets.iter().enumerate().take(64) {
            for lit in set {
                let k = match literals.iter().position(|l| l == lit) {
                    Some(k) => k,
                    None => {
                        literals.push(lit);
                        sets_of.push(0);
                        literals.len() - 1
                    }
                };
                sets_of[k] |= 1 << i;
            }
        }
        let n = sets.len().min(64);
        if n == 0 {
            return None;
        }
        let all = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        // The NFA as first built: a rule's few literals are searched in a
        // few lines, where a DFA's construction costs more than it saves.
        let searcher = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(&literals)
            .ok()?;
        Some(Confirm {
            searcher,
            sets_of,
            all,
        })
    }

    /// Does the folded line hold a literal of every set?
    fn holds(&self, folded_line: &str) -> bool {
        let mut seen = 0u64;
        for m in self.searcher.find_overlapping_iter(folded_line) {
            seen |= self
                .sets_of
                .get(m.pattern().as_usize())
                .copied()
                .unwrap_or(0);
            if seen == self.all {
                return true;
            }
        }
        false
    }
}

/// The prefilter literals of every enabled pattern rule: the single
/// literal pass ([`super::literals`]) tells each rule which lines to run on.
pub struct PrefilterIndex {
    /// Distinct literals (ASCII case folded).
    literals: Vec<String>,
    /// For each distinct literal, the rules that listed it.
    owners: Vec<Vec<usize>>,
}

impl PrefilterIndex {
    /// Collects the literals of the enabled pattern rules.
    pub(super) fn build(rules: &[Rule]) -> PrefilterIndex {
        let mut literals: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for (i, r) in rules.iter().enumerate().filter(|(_, r)| r.enabled) {
            if let super::Matcher::Pattern(p) = &r.matcher {
                for lit in &p.prefilter {
                    let k = *seen.entry(lit.to_ascii_lowercase()).or_insert_with(|| {
                        literals.push(lit.clone());
                        owners.push(Vec::new());
                        literals.len() - 1
                    });
                    if !owners[k].contains(&i) {
                        owners[k].push(i);
                    }
                }
            }
        }
        PrefilterIndex { literals, owners }
    }

    /// The distinct literals.
    pub(super) fn literals(&self) -> &[String] {
        &self.literals
    }

    /// A collector of the lines each rule runs on, fed the occurrences
    /// of the literals by the literal pass, in text order.
    /// `rules` = how many rules the set has.
    pub(super) fn collector(&self, rules: usize) -> PrefilterLines<'_> {
        PrefilterLines {
            owners: &self.owners,
            out: vec![Vec::new(); rules],
            line: None,
        }
    }
}

/// For each rule index, the lines (NFC-view ranges, in order, without
/// duplicates) holding one of its prefilter literals. Fed one occurrence at
/// a time: on a large file the occurrences run to millions, and are not
/// kept.
pub struct PrefilterLines<'a> {
    owners: &'a [Vec<usize>],
    out: Vec<Vec<Range<usize>>>,
    /// The line of the last occurrence.
    line: Option<Range<usize>>,
}

impl PrefilterLines<'_> {
    /// Literal `literal` occurs at `start`.
    pub(super) fn add(&mut self, doc: &Document, literal: usize, start: usize) {
        let line = match &self.line {
            Some(l) if l.start <= start && start <= l.end => l.clone(),
            _ => {
                let l = doc.line_at(start);
                self.line = Some(l.clone());
                l
            }
        };
        for &rule in self.owners.get(literal).map_or(&[][..], Vec::as_slice) {
            let Some(lines) = self.out.get_mut(rule) else {
                continue;
            };
            if lines.last() != Some(&line) {
                lines.push(line.clone());
            }
        }
    }

    /// The lines, indexed by rule.
    pub(super) fn finish(self) -> Vec<Vec<Range<usize>>> {
        self.out
    }
}

/// Checks a user regex's syntax and returns it ready to compile on first
/// use, with its number of capture groups (group 0 included). Only the
/// syntax tree is built here (microseconds); translating Unicode classes and
/// compiling is what costs, and waits until a document needs the regex.
///
/// `trusted` (a built-in rule file, whose regexes the test suite compiles)
/// skips the parse; the group count is then not known and reported as
/// `usize::MAX`.
fn compile_regex(
    pattern: &Spanned<String>,
    trusted: bool,
) -> Result<(LazyRegex, usize), (Range<usize>, String)> {
    let lazy = LazyRegex::new(pattern.get_ref());
    if trusted {
        return Ok((lazy, usize::MAX));
    }
    let ast = regex_syntax::ast::parse::Parser::new()
        .parse(pattern.get_ref())
        .map_err(|e| (pattern.span(), format!("invalid regex: {e}")))?;
    let captures = 1 + count_captures(&ast);
    // Compiled now: a regex over the size limits would otherwise match
    // nothing, silently.
    let compiled = build(pattern.get_ref()).map_err(|e| {
        (
            pattern.span(),
            format!("regex cannot be compiled: {e}; simplify it or split the rule"),
        )
    })?;
    let _ = lazy.compiled.set(Some(compiled));
    Ok((lazy, captures))
}

/// Checks the `$1`, `$name`, `${1}`, `${name}` references of a replacement
/// against the pattern's groups. Why: the regex crate reads `$1e` as the
/// group named `1e` and expands a missing group to nothing, so a typo
/// turns a safe fix into a deletion.
pub fn check_replacement(pattern: &str, replacement: &str) -> Result<(), String> {
    let Ok(ast) = regex_syntax::ast::parse::Parser::new().parse(pattern) else {
        return Ok(()); // the pattern's own error is reported
    };
    let captures = 1 + count_captures(&ast);
    let mut names = Vec::new();
    capture_names(&ast, &mut names);
    let b = replacement.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        let (name, braced, next) = match b.get(i + 1) {
            Some(b'$') => {
                i += 2;
                continue;
            }
            Some(b'{') => match replacement[i + 2..].find('}') {
                Some(end) => (&replacement[i + 2..i + 2 + end], true, i + 3 + end),
                None => {
                    i += 1;
                    continue;
                }
            },
            _ => {
                let len = b[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                    .count();
                (&replacement[i + 1..i + 1 + len], false, i + 1 + len)
            }
        };
        i = next;
        if name.is_empty() {
            continue;
        }
        let ok = match name.parse::<usize>() {
            Ok(n) => n < captures,
            Err(_) => names.iter().any(|n| n == name),
        };
        if !ok {
            let digits = name.bytes().take_while(u8::is_ascii_digit).count();
            let hint = if !braced && digits > 0 && digits < name.len() {
                format!(
                    " (`${name}` is read as the group named `{name}`; write `${{{}}}{}`)",
                    &name[..digits],
                    &name[digits..]
                )
            } else {
                String::new()
            };
            return Err(format!(
                "replacement refers to group `{name}`, which the pattern does not have \
                 ({} capture group{}{}){hint}",
                captures - 1,
                if captures == 2 { "" } else { "s" },
                if names.is_empty() {
                    String::new()
                } else {
                    format!("; named: {}", names.join(", "))
                }
            ));
        }
    }
    Ok(())
}

/// Names of the named capture groups in a syntax tree.
fn capture_names(ast: &regex_syntax::ast::Ast, out: &mut Vec<String>) {
    use regex_syntax::ast::{Ast, GroupKind};
    match ast {
        Ast::Group(g) => {
            if let GroupKind::CaptureName { name, .. } = &g.kind {
                out.push(name.name.clone());
            }
            capture_names(&g.ast, out);
        }
        Ast::Repetition(r) => capture_names(&r.ast, out),
        Ast::Alternation(a) => a.asts.iter().for_each(|x| capture_names(x, out)),
        Ast::Concat(c) => c.asts.iter().for_each(|x| capture_names(x, out)),
        _ => {}
    }
}

/// Capture groups in a syntax tree.
fn count_captures(ast: &regex_syntax::ast::Ast) -> usize {
    use regex_syntax::ast::{Ast, GroupKind};
    match ast {
        Ast::Group(g) => {
            let own = usize::from(!matches!(g.kind, GroupKind::NonCapturing(_)));
            own + count_captures(&g.ast)
        }
        Ast::Repetition(r) => count_captures(&r.ast),
        Ast::Alternation(a) => a.asts.iter().map(count_captures).sum(),
        Ast::Concat(c) => c.asts.iter().map(count_captures).sum(),
        _ => 0,
    }
}

/// Compiles the `exceptions` list of a rule.
/// `trusted` as for [`compile_regex`].
pub fn compile_exceptions(
    raw: &[Spanned<String>],
    trusted: bool,
) -> Result<Exceptions, (Range<usize>, String)> {
    raw.iter()
        .map(|p| compile_regex(p, trusted).map(|c| c.0))
        .collect()
}

/// Bytes of the finding's line searched by exceptions on each side.
pub const EXCEPTION_CONTEXT: usize = 1024;

/// True when an exception regex matches, in the finding's line, a region
/// overlapping the finding.
///
/// Only [`EXCEPTION_CONTEXT`] bytes on each side of the finding are
/// searched, so a page scraped into one enormous line costs a window per
/// finding, not the whole line.
pub fn overlaps_exception(exceptions: &Exceptions, doc: &Document, span: &Range<usize>) -> bool {
    if exceptions.is_empty() {
        return false;
    }
    let text = doc.text();
    let line = doc.line_at(span.start);
    let start =
        text.floor_char_boundary(span.start.saturating_sub(EXCEPTION_CONTEXT).max(line.start));
    let end = text.ceil_char_boundary((span.end + EXCEPTION_CONTEXT).min(line.end.max(span.end)));
    let region = start..end;
    let hay = &text[region.clone()];
    exceptions
        .iter()
        .filter(|re| re.may_match(Input::new(hay), false))
        .filter_map(LazyRegex::get)
        .any(|re| {
            re.find_iter(hay).any(|m| {
                let (s, e) = (region.start + m.start(), region.start + m.end());
                s < span.end && e > span.start || (s == e && s == span.start)
            })
        })
}

impl PatternRule {
    /// Compiles a pattern rule; errors carry the TOML span to point at.
    pub fn new(
        pattern: &Spanned<String>,
        group: Option<&Spanned<usize>>,
        exceptions: Exceptions,
        replacement: Option<String>,
        applicability: Applicability,
        prefilter: &[String],
        trusted: bool,
    ) -> Result<PatternRule, (Range<usize>, String)> {
        let (regex, captures) = compile_regex(pattern, trusted)?;
        let g = group.map_or(0, |g| *g.get_ref());
        if let Some(gs) = group
            && g >= captures
        {
            return Err((
                gs.span(),
                format!(
                    "group {g} does not exist: the pattern has {} capture groups",
                    captures - 1
                ),
            ));
        }

        let prefilter = prefilter
            .iter()
            .filter(|l| !l.is_empty())
            .cloned()
            .collect();
        Ok(PatternRule {
            regex,
            group: g,
            exceptions,
            replacement,
            applicability,
            prefilter,
            confirm: OnceLock::new(),
        })
    }

    /// Runs the regex over the document and reports each match (or group).
    /// `lines` are the lines holding a prefilter literal (from
    /// [`PrefilterIndex::lines`]); a rule without a prefilter scans the whole
    /// text, or, when `unfiltered` is given, only the lines where the
    /// combined scan of [`super::unfiltered`] found a candidate match
    /// (with the whole text as context: same findings, a fraction of the
    /// work). Why per line: on a large file this is the difference between
    /// scanning every byte with the regex and scanning a few lines.
    pub(super) fn run(
        &self,
        rule: usize,
        r: &Rule,
        doc: &Document,
        lines: &[Range<usize>],
        unfiltered: Option<&[Range<usize>]>,
        out: &mut Vec<Finding>,
    ) {
        if self.prefilter.is_empty() {
            match unfiltered {
                Some(lines) => {
                    for line in lines {
                        self.run_in_context(rule, r, doc, line.clone(), out);
                    }
                }
                None => self.run_on(rule, r, doc, 0..doc.text().len(), false, out),
            }
            return;
        }
        // The derived literals are checked on documents under 1 MB only:
        // there the regex's compilation is most of the rule's cost, while
        // on a large file nearly every regex finds a line to run on, and
        // folding the text costs more than the few compilations it saves.
        let confirm = if lines.is_empty() || doc.text().len() >= super::automaton::LARGE_TEXT {
            None
        } else {
            self.confirm()
        };
        let Some(confirm) = confirm else {
            for line in lines {
                self.run_on(rule, r, doc, line.clone(), true, out);
            }
            return;
        };
        let folded = doc.memo(
            |_: &super::required::FoldedLines| true,
            || super::required::FoldedLines::new(doc),
        );
        let mut own = String::new();
        for line in lines {
            let folded_line = match folded.line(line.start, line.end - line.start) {
                Some(l) => l,
                None => {
                    // Not a line of the document's line list (cannot
                    // happen; folded here rather than skipped).
                    own.clear();
                    super::required::fold(&doc.text()[line.clone()], &mut own);
                    own.as_str()
                }
            };
            if confirm.holds(folded_line) {
                self.run_on(rule, r, doc, line.clone(), true, out);
            }
        }
    }

    /// Runs the regex on `region` of the document's text; `whole_line`
    /// when the region is one whole line without its terminator.
    fn run_on(
        &self,
        rule: usize,
        r: &Rule,
        doc: &Document,
        region: Range<usize>,
        whole_line: bool,
        out: &mut Vec<Finding>,
    ) {
        let base = region.start;
        let hay = &doc.text()[region.clone()];
        let one_line = whole_line && memchr::memchr(b'\r', hay.as_bytes()).is_none();
        if !self.regex.may_match(Input::new(hay), one_line) {
            return;
        }
        let Some(regex) = self.regex.get() else {
            return;
        };
        let needs_captures =
            self.group != 0 || self.replacement.as_deref().is_some_and(|s| s.contains('$'));
        if one_line && self.regex.starts_lines() {
            // One line, no `\r` or `\n` in it: its only line start is its
            // first byte, where the one possible match must begin.
            let input = Input::new(hay).anchored(Anchored::Yes);
            if !needs_captures {
                if let Some(m) = regex.search(&input) {
                    self.push(rule, r, doc, base + m.start()..base + m.end(), None, out);
                }
                return;
            }
            let mut caps = regex.create_captures();
            regex.search_captures(&input, &mut caps);
            if let Some(m) = caps.get_group(self.group) {
                let fix = self.expand(&caps, hay);
                self.push(rule, r, doc, base + m.start..base + m.end, fix, out);
            }
            return;
        }
        if !needs_captures {
            for m in regex.find_iter(hay) {
                self.push(rule, r, doc, base + m.start()..base + m.end(), None, out);
            }
            return;
        }
        for caps in regex.captures_iter(hay) {
            let Some(m) = caps.get_group(self.group) else {
                continue;
            };
            let fix = self.expand(&caps, hay);
            self.push(rule, r, doc, base + m.start..base + m.end, fix, out);
        }
    }

    /// Reports the matches that start in `line`, searching the whole text
    /// from the line's start (so `^`, `$` and the character before the
    /// line are seen as in a whole-text scan). Only for patterns that
    /// cannot match a line break or the empty string
    /// ([`super::unfiltered`]), whose matches never leave their line.
    fn run_in_context(
        &self,
        rule: usize,
        r: &Rule,
        doc: &Document,
        line: Range<usize>,
        out: &mut Vec<Finding>,
    ) {
        // The haystack ends with the line's terminator: the search never
        // runs on into the rest of the text, and a match (which cannot hold
        // a line break) sees the same context as in the whole text.
        let text = doc.text();
        let rest = &text[line.end..];
        let end = line.end
            + if rest.starts_with("\r\n") {
                2
            } else {
                usize::from(rest.starts_with('\n'))
            };
        let text = &text[..end];
        if !self
            .regex
            .may_match(Input::new(text).span(line.start..text.len()), false)
        {
            return;
        }
        let Some(regex) = self.regex.get() else {
            return;
        };
        let mut caps = regex.create_captures();
        let mut pos = line.start;
        while pos <= line.end {
            regex.search_captures(&Input::new(text).span(pos..text.len()), &mut caps);
            let Some(whole) = caps.get_match() else {
                break;
            };
            if whole.start() > line.end {
                break;
            }
            // Never empty (see `unfiltered::line_local`), so this advances.
            pos = whole.end().max(pos + 1);
            let Some(m) = caps.get_group(self.group) else {
                continue;
            };
            let fix = self.expand(&caps, text);
            self.push(rule, r, doc, m.start..m.end, fix, out);
        }
    }

    /// The replacement with `$1`, `${name}`… filled in from a match of
    /// `haystack`.
    fn expand(&self, caps: &Captures, haystack: &str) -> Option<String> {
        self.replacement.as_ref().map(|tpl| {
            let mut s = String::new();
            caps.interpolate_string_into(haystack, tpl, &mut s);
            s
        })
    }

    fn push(
        &self,
        rule: usize,
        r: &Rule,
        doc: &Document,
        span: Range<usize>,
        fix: Option<String>,
        out: &mut Vec<Finding>,
    ) {
        if span.is_empty() || overlaps_exception(&self.exceptions, doc, &span) {
            return;
        }
        let fix = fix
            .or_else(|| self.replacement.clone())
            .map(|replacement| Fix {
                replacement,
                applicability: self.applicability,
            });
        out.push(Finding {
            rule,
            span,
            message: None,
            fix,
            scope: r.scope,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engines::EngineContext;
    use crate::rules::{RuleSet, RuleSource};

    fn lazy(pattern: &str) -> LazyRegex {
        LazyRegex::new(pattern)
    }

    #[test]
    fn line_start_regexes_are_recognised_from_their_syntax_tree() {
        for p in [
            r"(?m)^abc",
            r"(?mR)^[ \t]*(?:lire|voir) aussi",
            r"\Afoo",
            r"(?m)^(?:a|b)c",
        ] {
            assert!(lazy(p).starts_lines(), "{p}");
        }
        for p in [r"abc", r"(?m)^a|b", r"(?m)a^", r"(?m)(?:^)?a", r"(?m)$"] {
            assert!(!lazy(p).starts_lines(), "{p}");
        }
    }

    /// A rule file with one pattern rule, with or without a prefilter.
    fn rule_file(pattern: &str, prefilter: bool) -> RuleSource {
        let prefilter = if prefilter {
            "prefilter = [\"aussi\", \"lire\"]\n"
        } else {
            ""
        };
        RuleSource {
            path: "t.toml".into(),
            text: format!(
                "[[rule]]\nid = \"boilerplate/t\"\ncategory = \"boilerplate\"\n\
                 severity = \"warning\"\nkind = \"pattern\"\nmessage = \"m\"\n\
                 explanation = \"e\"\npattern = '''{pattern}'''\ngroup = 1\n{prefilter}\
                 examples.fire = [{{ text = \"lire aussi x\", match = \"aussi\" }}]\n\
                 examples.quiet = [\"b\"]\n"
            ),
        }
    }

    /// The anchored search on prefiltered lines finds what the
    /// unprefiltered scan (the whole text as context) finds, on lines with
    /// and without a lone `\r`, CRLF endings and indented or mid-line
    /// occurrences.
    #[test]
    fn anchored_line_search_matches_the_whole_text_search() {
        let pattern = r"(?miR)^[ \t]*(?:à )?lire (aussi)\b";
        let anchored = RuleSet::load(&[rule_file(pattern, true)]).unwrap();
        let reference = RuleSet::load(&[rule_file(pattern, false)]).unwrap();
        let policy = crate::config::Policy::default();
        let cx = EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let texts = [
            "Lire aussi : la suite\nDu texte. Lire aussi le reste\n",
            "  lire aussi\r\nà lire aussi\r\nx lire aussi\n",
            "début\rlire aussi\nfin lire aussi\rlire aussi",
            "lire aussi\n\nlire aussi",
            "aucun\n",
        ];
        for text in texts {
            let doc = Document::from_text(text);
            let a = anchored.check(&doc, &cx);
            let b = reference.check(&doc, &cx);
            let spans = |f: &[Finding]| f.iter().map(|f| f.span.clone()).collect::<Vec<_>>();
            assert_eq!(spans(&a), spans(&b), "{text:?}");
            assert_eq!(
                a.is_empty(),
                !text.to_lowercase().contains("lire aussi"),
                "{text:?}"
            );
        }
    }
}
