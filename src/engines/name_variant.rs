//! `name-variant`: one entity spelled two ways in one article.
//!
//! # What it catches
//!
//! Machine translation from English, and articles stitched together from
//! several sources, leave one person or place spelled two ways:
//! `Loukachenko` in one paragraph and `Lukashenko` in the next, `Kiev` and
//! `Kyiv`, `Volodymir` and `Volodymyr`, `Zelenski` and `Zelensky`. A reader
//! notices, and it is a reliable sign that nobody edited the text. The engine
//! reports every occurrence of the minority spelling, with the spelling to
//! harmonise to as an *unsafe* fix (the editor picks the spelling; the
//! linter only points at the inconsistency).
//!
//! It works in two ways, both in one rule (`check = "mixed"`):
//!
//! - **The house list** (`groups`): known spellings of one entity,
//!   `preferred = [variants]`. When an article uses two spellings of one
//!   group, the others are reported with the preferred one as the fix if the
//!   article uses it, else with the article's majority spelling. A
//!   publication overrides or extends the list in `.auditrc.toml`:
//!   `[names] "Kyiv" = ["Kiev"]` makes `Kyiv` the house spelling (the
//!   built-in group holding `Kiev` is merged into it), and every occurrence
//!   of a variant the publication lists is reported, even in an article that
//!   uses only that variant: the publication asked for it.
//! - **Automatic detection** (`automatic = true`): capitalised names are
//!   compared through a transliteration-aware key (lower case, accents
//!   removed, `ou`→`u`, `sh`→`ch`, `tch`→`ch`, `zh`→`j`, `kh`→`h`,
//!   `gu`+e/i→`g`, `ks`→`x`, `w`→`v`, `y`→`i`, doubled letters single, so
//!   `Lukashenko` and `Loukachenko` share `lukachenko`, and `Zelenskiy`,
//!   `Zelenski` share `zelenski`). Two spellings with one key are reported
//!   when they differ by a transliteration and behave like one name (see the
//!   traps below). First names are compared only in front of the same
//!   surname (`Sergei Tarassov` / `Sergueï Tarassov`), where the English
//!   `-er` for the French `-re` also counts (`Alexander`/`Alexandre`).
//!
//! Five more checks of the `mixed` rule, each turned on by its option:
//!
//! - **One-letter slips** (`typos = true`): a name used once that is a
//!   neighbouring-key slip of a name the article uses at least twice
//!   (`Sbapchatters` beside `Snapchatters`), or with one letter doubled
//!   against a name used at least three times (`Bidden` beside `Biden`).
//! - **Lower-cased brands** (`lower-brands = true`): a brand with inner
//!   capitals (`OpenAI`, `TikTok`, `YouTube`) written all in lower case
//!   elsewhere in the article (`à openai`); addresses, handles and hashtags
//!   (`openai.com`, `@openai`, `#tiktok`) are left alone.
//! - **Swapped names** (`swapped = true`): `Styles Harry` once, beside
//!   `Harry Styles` at least twice.
//! - **Mixed terms** (`terms`): two words for one thing in one article,
//!   typically the Québec term and the English one France uses
//!   (`quart-arrière` and `quarterback`, `verges` and `yards`); matched
//!   without ASCII case, every occurrence of the non-preferred term is
//!   reported.
//! - **English generics** (`generics`): a place named with an English
//!   generic word (`Redondo Beach Pier`, `Hudson River`) where the article
//!   also names it the French way (`la jetée de Redondo Beach`, `le fleuve
//!   Hudson`); no fix (the editor rewrites the phrase).
//!
//! English exonyms (`Geneva`/`Genève`, `New Orleans`/`Nouvelle-Orléans`,
//! `White House`/`Maison Blanche`) are plain `groups` of the house list:
//! reported only when the article uses both names.
//!
//! A misspelt name used once with no other spelling in the article
//! (`Khloe` for `Khloé`, a dropped letter in a prosecutor's name) needs
//! outside knowledge and is not caught.
//!
//! The second rule in `lints/fr/names.toml` uses `check = "house"`: every
//! occurrence of a listed variant is reported (with the preferred spelling
//! as the fix), whether or not the article also uses another spelling. It
//! is meant for spellings that are plainly the source language's
//! (`Zelenskyy`, `Sergei Shoigu`, `Putin`: English transliterations no French
//! newsroom uses), at severity `info`. It stays quiet on a group the article
//! already mixes (the `mixed` rule reports that) and on any entity the
//! publication's `[names]` mentions (the publication decided).
//!
//! # Options
//!
//! | option | default | what |
//! |---|---|---|
//! | `check` | `"mixed"` | `mixed`: spellings mixed in one article (and the publication's `[names]`); `house`: every listed variant |
//! | `groups` | `{}` | table `preferred = [variants]`; a spelling is words separated by spaces (`"Volodymyr Zelensky"`), matched case-sensitively on whole words |
//! | `fixed` | `[]` | fixed expressions whose names are not variants (`"Dynamo Kiev"`, `"poulet à la Kiev"`) |
//! | `automatic` | `false` | also find variants with the transliteration key (`mixed` only) |
//! | `min-length` | `6` | shortest name, in letters, the automatic detection compares |
//! | `typos` | `false` | report one-letter slips of a recurring name (`mixed`, with `automatic`) |
//! | `lower-brands` | `false` | report `openai` beside `OpenAI` (`mixed` only) |
//! | `swapped` | `false` | report `Styles Harry` beside `Harry Styles` (`mixed`, with `automatic`) |
//! | `terms` | `{}` | table `preferred = [variants]` of terms (any case, phrases allowed) mixed in one article (`mixed` only) |
//! | `generics` | `{}` | table `English = [French words]` of place generics (`"Pier" = ["jetée"]`; `mixed` only) |
//!
//! # Traps it avoids
//!
//! - **Distinct real names.** Only the key decides, never a loose edit
//!   distance, so `Zelensky`/`Zelenska` (his wife), `Peskov`/`Peskova`,
//!   `Martin`/`Martine`, `Irlande`/`Islande`, `Marie`/`Maria` never meet.
//!   Names shorter than `min-length` (`Kim`, `Kiev`, `Putin`: the house list
//!   covers those) are not compared.
//! - **Typography and typos are not transliteration.** Spellings differing
//!   only by case, accents or a doubled letter (`TikTok`/`Tiktok`,
//!   `Taïwan`/`Taiwan`, `Rhône`/`Rhone`, `Mohammed`/`Mohamed`, who are often
//!   two people) are left alone: in edited French they are house style or
//!   a typo, not an unedited translation. Hence `Zelenskyy`/`Zelensky`
//!   (a doubled `y`) is found through the house list only. A final `y`/`i`
//!   counts only in Slavic endings (`-sky`/`-ski`, `-ny`/`-ni`), not in
//!   `Infinity`/`Infiniti` or `Henry`/`Henri`. Two surnames that each come with an
//!   incompatible first name (`Lautaro Martínez`, `Emiliano Martinez`) are
//!   two people. A token used only as a first name is never compared with
//!   one used only as a surname (`Henri Guaino`, `Thierry Henry`); first
//!   names are compared only in front of the same surname, so
//!   `Alexandre Dumas` and `Alexander Van der Bellen` are left alone.
//!   Roman ordinals (`XVIIIe`) are not names.
//! - **Only names.** A capitalised token counts as a name when it is
//!   capitalised mid-sentence somewhere in the article, or follows a first
//!   name; sentence-initial words, headings in capitals and title-case
//!   headlines are ignored. An accent dropped on an initial capital
//!   (`Etat`/`État`, AFP style) is typography, not a name variant.
//! - **Elision** is stripped (`l’Ukraine`, `d’Alexander`), titles are not
//!   first names (`M. Zelenski`, `Mme`).
//! - **Glosses**: `Kiev (Kyiv)` and `Kiev/Kyiv` name both spellings on
//!   purpose and are not reported.
//! - **Names of organisations and titles** keep their own spelling: a
//!   listed spelling directly followed by a capitalised word that the
//!   article never uses on its own (`Beijing News`, `Kyiv Post`) is not
//!   counted, nor are the `fixed` expressions (`Dynamo Kiev`). A first name
//!   is followed by a surname used elsewhere, and still counts.
//!
//! - **Slips are not names**: a slip must be a neighbouring key on a QWERTY
//!   or AZERTY keyboard, not the first letter nor one of the last two
//!   (`Christina`/`Christine`, `Andersen`/`Anderson`), not a vowel for a
//!   vowel (`Francesco`/`Francisco`, `François`/`Français`), not an accent
//!   (`Cédric`/`Cedric`: typography); a form with another first name, or a
//!   surname beside a first name (`le père Rolland`, `Roland Garros`), is
//!   another person.
//! - **Swapped names** need the usual order at least twice and the swapped
//!   one once: `Paul Martin` and `Martin Paul` once each may be two people.
//!
//! Glued tokens (`Zelenskyqui`) are the `glued-word` engine's business; a
//! spelling used only inside quotation marks is still reported (an official
//! name quoted verbatim is rare in translated news, and the fix is unsafe).
//!
//! # Cost
//!
//! One scan per document collects the capitalised tokens and interns their
//! forms (short forms keyed by their bytes); everything else works on the
//! distinct forms. The French words of `generics` are looked for just before
//! the scanned names rather than in the whole article (`rue`, `place`, `lac`
//! are everywhere). A form used once is compared, for slips, only with the
//! recurring forms of its first letter and length (or one less). `terms`
//! and lower-cased brands still take one automaton pass over the article
//! each.

use super::tokens::{ascii_alnum_run, is_alphabetic, is_alphanumeric, is_uppercase, short_key};
use super::{Engine, EngineContext, Prior, options};
use crate::diagnostic::{Applicability, Finding, Fix, Scope};
use crate::document::{Document, words};
use crate::messages::Localized;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{Arc, Mutex};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Which check a rule runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Check {
    /// Spellings mixed in one article, plus the publication's `[names]`.
    #[default]
    Mixed,
    /// Every occurrence of a listed variant.
    House,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    #[serde(default)]
    check: Check,
    #[serde(default)]
    groups: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    fixed: Vec<String>,
    #[serde(default)]
    automatic: bool,
    #[serde(default = "default_min_length")]
    min_length: usize,
    #[serde(default)]
    typos: bool,
    #[serde(default)]
    lower_brands: bool,
    #[serde(default)]
    terms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    swapped: bool,
    #[serde(default)]
    generics: BTreeMap<String, Vec<String>>,
}

/// Terms of one thing (`quart-arrière`, `quarterback`) found with one
/// case-insensitive automaton.
#[derive(Debug)]
struct Terms {
    ac: aho_corasick::AhoCorasick,
    /// Pattern index → (group, is the preferred term).
    of: Vec<(usize, bool)>,
    text: Vec<String>,
}

fn build_terms(terms: &BTreeMap<String, Vec<String>>) -> Result<Option<Terms>, String> {
    if terms.is_empty() {
        return Ok(None);
    }
    let mut text = Vec::new();
    let mut of = Vec::new();
    for (g, (preferred, variants)) in terms.iter().enumerate() {
        if variants.is_empty() {
            return Err(format!("term `{preferred}` needs at least one variant"));
        }
        for (k, t) in std::iter::once(preferred).chain(variants).enumerate() {
            let t = nfc(t);
            if t.is_empty() {
                return Err(format!("empty term in `{preferred}`"));
            }
            if text.iter().any(|x: &String| x.eq_ignore_ascii_case(&t)) {
                return Err(format!("term `{t}` is listed twice"));
            }
            text.push(t);
            of.push((g, k == 0));
        }
    }
    let ac = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&text)
        .map_err(|e| e.to_string())?;
    Ok(Some(Terms { ac, of, text }))
}

fn default_min_length() -> usize {
    6
}

/// Builds the engine from its options.
pub fn build(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    let o: Options = options(table)?;
    if o.check == Check::House && o.automatic {
        return Err("`automatic` applies to `check = \"mixed\"` only".into());
    }
    if o.check == Check::House && (o.typos || o.lower_brands || !o.terms.is_empty()) {
        return Err("`typos`, `lower-brands` and `terms` apply to `check = \"mixed\"` only".into());
    }
    if (o.typos || o.swapped) && !o.automatic {
        return Err("`typos` and `swapped` need `automatic = true`".into());
    }
    if o.check == Check::House && (o.swapped || !o.generics.is_empty()) {
        return Err("`swapped` and `generics` apply to `check = \"mixed\"` only".into());
    }
    for (en, fr) in &o.generics {
        if !en.chars().next().is_some_and(char::is_uppercase) || en.contains(' ') {
            return Err(format!("generic `{en}` must be one capitalised word"));
        }
        if fr.is_empty() || fr.iter().any(|f| f.trim().is_empty()) {
            return Err(format!("generic `{en}` needs its French words"));
        }
    }
    let terms = build_terms(&o.terms)?;
    if o.min_length < 2 {
        return Err("`min-length` must be at least 2".into());
    }
    let mut groups = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for (preferred, variants) in &o.groups {
        let preferred = nfc(preferred);
        let mut members = vec![preferred.clone()];
        for v in variants {
            let v = nfc(v);
            if !members.contains(&v) {
                members.push(v);
            }
        }
        if members.len() < 2 {
            return Err(format!("group `{preferred}` needs at least one variant"));
        }
        for m in &members {
            check_spelling(m)?;
            if let Some(other) = seen.insert(m.clone(), preferred.clone()) {
                return Err(format!(
                    "`{m}` is in two groups (`{other}` and `{preferred}`)"
                ));
            }
        }
        groups.push(RawGroup {
            preferred,
            variants: members[1..].to_vec(),
            enforced: false,
        });
    }
    let fixed: Vec<String> = o.fixed.iter().map(|f| nfc(f)).collect();
    if fixed.iter().any(|f| f.trim().is_empty()) {
        return Err("`fixed` expressions must not be empty".into());
    }
    let base = Arc::new(Table::new(&groups, &fixed));
    Ok(Box::new(NameVariant {
        check: o.check,
        automatic: o.automatic,
        min_length: o.min_length,
        typos: o.typos,
        lower_brands: o.lower_brands,
        terms,
        swapped: o.swapped,
        generic_words: build_generic_words(&o.generics),
        generics: o.generics,
        groups,
        fixed,
        base,
        cache: Mutex::new(None),
    }))
}

fn nfc(s: &str) -> String {
    s.trim().nfc().collect()
}

/// A spelling must be words separated by single spaces, so that it can be
/// matched token by token.
fn check_spelling(s: &str) -> Result<(), String> {
    let toks: Vec<&str> = words(s).map(|r| &s[r]).collect();
    let spaced: Vec<&str> = s.split_whitespace().collect();
    if toks.is_empty() || toks != spaced {
        return Err(format!(
            "spelling `{s}` must be words separated by spaces (letters, inner `-` and `’`)"
        ));
    }
    Ok(())
}

#[derive(Debug, Clone)]
struct RawGroup {
    preferred: String,
    variants: Vec<String>,
    /// From the publication's `[names]`: every variant is reported.
    enforced: bool,
}

/// One spelling of the compiled table.
#[derive(Debug)]
struct Spelling {
    text: String,
    tokens: Vec<String>,
    group: usize,
    /// Fixed expressions holding this spelling, with its byte offset in them.
    fixed: Vec<(String, usize)>,
}

#[derive(Debug)]
struct Group {
    /// Spelling indices; the first is the preferred one.
    members: Vec<usize>,
    enforced: bool,
}

/// The house list compiled for lookups by first token.
#[derive(Debug)]
struct Table {
    spellings: Vec<Spelling>,
    groups: Vec<Group>,
    /// First token → spellings starting with it, longest first.
    by_first: HashMap<String, Vec<usize>, FastState>,
    /// Some spelling starts with a lowercase letter (`al-Assad`): every
    /// token must be looked up, not only capitalised ones.
    lower_start: bool,
}

impl Table {
    fn new(groups: &[RawGroup], fixed: &[String]) -> Table {
        let mut t = Table {
            spellings: Vec::new(),
            groups: Vec::new(),
            by_first: HashMap::default(),
            lower_start: false,
        };
        let mut seen: HashMap<String, ()> = HashMap::new();
        for g in groups {
            let mut members = Vec::new();
            for text in std::iter::once(&g.preferred).chain(&g.variants) {
                if seen.insert(text.clone(), ()).is_some() {
                    continue;
                }
                let tokens: Vec<String> = words(text).map(|r| text[r].to_owned()).collect();
                if tokens.is_empty() {
                    continue;
                }
                let fixed = fixed
                    .iter()
                    .filter_map(|f| find_word(f, text).map(|at| (f.clone(), at)))
                    .collect();
                if tokens[0].chars().next().is_some_and(|c| !c.is_uppercase()) {
                    t.lower_start = true;
                }
                let id = t.spellings.len();
                t.by_first.entry(tokens[0].clone()).or_default().push(id);
                t.spellings.push(Spelling {
                    text: text.clone(),
                    tokens,
                    group: t.groups.len(),
                    fixed,
                });
                members.push(id);
            }
            if members.len() >= 2 || (g.enforced && !members.is_empty()) {
                t.groups.push(Group {
                    members,
                    enforced: g.enforced,
                });
            } else {
                // A group reduced to one spelling cannot be mixed: forget it.
                for id in members {
                    t.spellings[id].group = usize::MAX;
                }
            }
        }
        let spellings = &t.spellings;
        for ids in t.by_first.values_mut() {
            ids.retain(|&i| spellings[i].group != usize::MAX);
            ids.sort_by_key(|&i| std::cmp::Reverse(spellings[i].tokens.len()));
        }
        t.by_first.retain(|_, ids| !ids.is_empty());
        t
    }
}

/// Byte offset of `word` as a whole word inside `hay`.
fn find_word(hay: &str, word: &str) -> Option<usize> {
    hay.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A publication's `[names]` and the table merged with it.
type Cached = (BTreeMap<String, Vec<String>>, Arc<Table>);

/// The engine.
struct NameVariant {
    check: Check,
    automatic: bool,
    min_length: usize,
    typos: bool,
    lower_brands: bool,
    terms: Option<Terms>,
    swapped: bool,
    generics: BTreeMap<String, Vec<String>>,
    /// The letter-only French words of `generics`, found from the names.
    generic_words: Option<GenericWords>,
    groups: Vec<RawGroup>,
    fixed: Vec<String>,
    base: Arc<Table>,
    /// The table merged with the last publication `[names]` seen (configs
    /// rarely differ between the files of one run).
    cache: Mutex<Option<Cached>>,
}

impl NameVariant {
    /// The table for this publication: the built-in groups with its
    /// `[names]` merged in.
    fn table(&self, names: &BTreeMap<String, Vec<String>>) -> Arc<Table> {
        if names.is_empty() {
            return self.base.clone();
        }
        let mut cache = match self.cache.lock() {
            Ok(c) => c,
            Err(p) => p.into_inner(),
        };
        if let Some((key, t)) = cache.as_ref()
            && key == names
        {
            return t.clone();
        }
        let t = Arc::new(Table::new(
            &merge(&self.groups, names, self.check),
            &self.fixed,
        ));
        *cache = Some((names.clone(), t.clone()));
        t
    }
}

/// Merges the publication's `[names]` into the built-in groups. A built-in
/// group sharing a spelling with a publication group is folded into it
/// (`mixed`) or dropped (`house`: the publication decided that entity).
fn merge(
    builtin: &[RawGroup],
    names: &BTreeMap<String, Vec<String>>,
    check: Check,
) -> Vec<RawGroup> {
    let mut groups: Vec<RawGroup> = builtin.to_vec();
    let mut added = Vec::new();
    for (preferred, variants) in names {
        let preferred = nfc(preferred);
        let mut members: Vec<String> = vec![preferred.clone()];
        for v in variants {
            let v = nfc(v);
            if !v.is_empty() && !members.contains(&v) {
                members.push(v);
            }
        }
        let overlaps = |g: &RawGroup| {
            members.contains(&g.preferred) || g.variants.iter().any(|v| members.contains(v))
        };
        let mut extra = Vec::new();
        groups.retain(|g| {
            if overlaps(g) {
                extra.push(g.preferred.clone());
                extra.extend(g.variants.iter().cloned());
                false
            } else {
                true
            }
        });
        for e in extra {
            if !members.contains(&e) {
                members.push(e);
            }
        }
        added.push(RawGroup {
            preferred,
            variants: members[1..].to_vec(),
            enforced: true,
        });
    }
    if check == Check::Mixed {
        // Publication groups first: their spellings win over any leftover.
        added.extend(groups);
        added
    } else {
        groups
    }
}

/// One word token of a line.
#[derive(Debug, Clone, Copy)]
struct Tok {
    /// Byte range in the document text, elision stripped (`l’Ukraine` → `Ukraine`).
    start: usize,
    end: usize,
    /// First letter uppercase.
    upper: bool,
    /// Preceded by an elided article or preposition (`l’`, `d’`).
    elided: bool,
    /// Its surface form's id in [`Forms`].
    form: u32,
}

/// A house-list spelling found in the text.
#[derive(Debug, Clone)]
struct HouseHit {
    spelling: usize,
    span: Range<usize>,
    /// The capitalised word right after it, if any (`Beijing News`).
    next: Option<u32>,
}

/// What the automatic detection knows about one surface form.
#[derive(Debug, Default)]
struct Form {
    /// Occurrences of the form.
    count: u32,
    /// Seen capitalised mid-sentence.
    mid: bool,
    /// Occurrences as a surname or standalone name (not followed by a name).
    last: Vec<usize>,
    /// Forms seen right before it as a first name.
    prev_first: Vec<u32>,
    /// Occurrences as a first name: (surname form, start).
    first: Vec<(u32, usize)>,
}

/// What a surface form is, computed once per distinct form.
#[derive(Debug, Clone, Copy, Default)]
struct Kind {
    /// A title (`M`, `Mme`): never a first name.
    title: bool,
    /// Holds a letter.
    alpha: bool,
    /// May be a name: capitalised, a lower-case letter, not a title or a
    /// Roman ordinal.
    name: bool,
    /// Starts some house-list spelling.
    house: bool,
}

/// The distinct surface forms of the article, each with an id (from
/// [`NameScan`]), with what this rule learns about them.
struct Forms<'t> {
    text: Vec<&'t str>,
    kind: Vec<Kind>,
    data: Vec<Form>,
}

/// One line of a [`NameScan`] holding at least one token.
#[derive(Debug, Clone)]
struct ScanLine {
    /// The line's byte range in the document text.
    range: Range<usize>,
    /// Its tokens in [`NameScan::toks`].
    toks: Range<usize>,
    /// Number of its capitalised tokens.
    upper: usize,
}

/// The tokens of a document that may be names, each with its surface form
/// interned, computed once per document for every `name-variant` rule that
/// scans the same way (`all`): the `mixed` and `house` rules would
/// otherwise tokenise and hash the same capitalised words twice. What
/// depends on a rule's table (which forms start a house-list spelling) is
/// left to each rule.
#[derive(Debug)]
struct NameScan {
    /// Scanned with every word, not only capitalised ones (see [`scan_line`]).
    all: bool,
    toks: Vec<Tok>,
    lines: Vec<ScanLine>,
    /// First occurrence of each form (the form's text).
    forms: Vec<Range<usize>>,
    /// What each form is (`house` unset).
    kinds: Vec<Kind>,
    /// Occurrences of each form.
    counts: Vec<u32>,
}

impl NameScan {
    fn new(doc: &Document, all: bool) -> NameScan {
        let text = doc.text();
        // Forms of at most 15 bytes (nearly all names) keyed by their
        // bytes (see `short_key`), the others by their text.
        let mut short_ids: HashMap<u128, u32, FastState> = HashMap::default();
        let mut ids: HashMap<&str, u32, FastState> = HashMap::default();
        let mut scan = NameScan {
            all,
            toks: Vec::new(),
            lines: Vec::new(),
            forms: Vec::new(),
            kinds: Vec::new(),
            counts: Vec::new(),
        };
        for line in doc.lines() {
            let first = scan.toks.len();
            let upper = scan_line(text, line.clone(), all, &mut scan.toks);
            if scan.toks.len() == first {
                continue;
            }
            for t in &mut scan.toks[first..] {
                let s = &text[t.start..t.end];
                let key = short_key(s);
                let known = match key {
                    Some(k) => short_ids.get(&k),
                    None => ids.get(s),
                };
                let id = match known {
                    Some(&id) => id,
                    None => {
                        let title = TITLES.contains(&s);
                        scan.kinds.push(Kind {
                            title,
                            alpha: s.chars().any(char::is_alphabetic),
                            name: !title && looks_like_name(s),
                            house: false,
                        });
                        scan.forms.push(t.start..t.end);
                        scan.counts.push(0);
                        let id = (scan.forms.len() - 1) as u32;
                        match key {
                            Some(k) => short_ids.insert(k, id),
                            None => ids.insert(s, id),
                        };
                        id
                    }
                };
                t.form = id;
                let c = &mut scan.counts[id as usize];
                *c = c.saturating_add(1);
            }
            scan.lines.push(ScanLine {
                range: line,
                toks: first..scan.toks.len(),
                upper,
            });
        }
        scan
    }
}

/// FxHash (the multiply-rotate hash of rustc), seeded once per process:
/// names are short and hashed once per capitalised word, where SipHash
/// showed in profiles.
#[derive(Clone, Copy)]
struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

#[derive(Clone)]
struct FastState(u64);

impl Default for FastState {
    fn default() -> FastState {
        static SEED: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| {
            std::hash::BuildHasher::hash_one(&std::hash::RandomState::new(), 0x5eed_u64)
        });
        FastState(*SEED)
    }
}

impl std::hash::BuildHasher for FastState {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(self.0)
    }
}

impl Engine for NameVariant {
    fn check(
        &self,
        doc: &Document,
        cx: &EngineContext<'_>,
        rule: usize,
        _prior: Prior<'_>,
        out: &mut Vec<Finding>,
    ) {
        let table = self.table(&cx.policy.names);
        let text = doc.text();
        let automatic = self.automatic && self.check == Check::Mixed;
        let extras = self.check == Check::Mixed
            && (self.terms.is_some() || self.lower_brands || !self.generics.is_empty());
        if table.groups.is_empty() && !automatic && !extras {
            return;
        }
        let all = table.lower_start;
        let scan = doc.memo(|s: &NameScan| s.all == all, || NameScan::new(doc, all));
        let mut forms = Forms {
            text: scan.forms.iter().map(|r| &text[r.clone()]).collect(),
            kind: scan.kinds.clone(),
            data: scan
                .counts
                .iter()
                .map(|&count| Form {
                    count,
                    ..Form::default()
                })
                .collect(),
        };
        for (k, s) in forms.kind.iter_mut().zip(&forms.text) {
            k.house = table.by_first.contains_key(*s);
        }
        let mut hits: Vec<HouseHit> = Vec::new();
        let mut covered: Vec<bool> = Vec::new();
        for l in &scan.lines {
            let line = &l.range;
            let toks = &scan.toks[l.toks.clone()];
            covered.clear();
            covered.resize(toks.len(), false);
            // House list: the longest spelling starting at each token.
            for i in 0..toks.len() {
                let t = toks[i];
                if !forms.kind[t.form as usize].house {
                    continue;
                }
                let Some(ids) = table.by_first.get(&text[t.start..t.end]) else {
                    continue;
                };
                let Some((id, end)) = ids.iter().find_map(|&id| {
                    let sp = &table.spellings[id];
                    match_rest(text, t.end, line.end, &sp.tokens[1..]).map(|e| (id, e))
                }) else {
                    continue;
                };
                let span = t.start..end;
                if !in_fixed(text, &span, &table.spellings[id]) {
                    let next = toks[i..]
                        .iter()
                        .find(|u| u.start >= end)
                        .filter(|u| u.upper && is_space(&text[end..u.start]))
                        .map(|u| u.form);
                    hits.push(HouseHit {
                        spelling: id,
                        span: span.clone(),
                        next,
                    });
                }
                for (c, u) in covered[i..].iter_mut().zip(&toks[i..]) {
                    if u.start >= span.end {
                        break;
                    }
                    *c = true;
                }
            }
            if automatic && !is_headline(text, line, l.upper) {
                self.collect(text, line, toks, &covered, &mut forms);
            }
        }
        let mut found = Vec::new();
        self.report_house(text, &table, &hits, &forms, rule, &mut found);
        if automatic {
            self.report_automatic(text, &forms, rule, &mut found);
        }
        if self.check == Check::Mixed && self.typos {
            report_typos(&scan, &forms, self.min_length, rule, &mut found);
        }
        if self.check == Check::Mixed && self.lower_brands {
            report_lower_brands(text, &forms, rule, &mut found);
        }
        if let Some(terms) = &self.terms {
            report_terms(text, terms, rule, &mut found);
        }
        if self.check == Check::Mixed && self.swapped {
            report_swapped(&forms, rule, &mut found);
        }
        if self.check == Check::Mixed && !self.generics.is_empty() {
            report_generics(
                text,
                &scan,
                &forms,
                &self.generics,
                self.generic_words.as_ref(),
                rule,
                &mut found,
            );
        }
        // Keep the widest finding where one contains another
        // (`Alexander Lukashenko` over `Lukashenko`).
        found.sort_by_key(|f: &Finding| (f.span.start, std::cmp::Reverse(f.span.end)));
        let mut last_end = 0;
        for f in found {
            if f.span.end <= last_end {
                continue;
            }
            last_end = f.span.end;
            out.push(f);
        }
    }
}

impl NameVariant {
    /// Records the capitalised tokens of one line for the automatic detection.
    fn collect(
        &self,
        text: &str,
        line: &Range<usize>,
        toks: &[Tok],
        covered: &[bool],
        forms: &mut Forms<'_>,
    ) {
        for (i, t) in toks.iter().enumerate() {
            let id = t.form;
            if !t.upper || !forms.kind[id as usize].name {
                continue;
            }
            let mid = t.elided || is_mid_sentence(&text[line.start..t.start]);
            if mid {
                forms.data[id as usize].mid = true;
            }
            // A name directly followed by a capitalised name is a first name.
            let next = toks.get(i + 1).filter(|n| {
                let k = forms.kind[n.form as usize];
                n.upper && !n.elided && !k.title && k.alpha && is_space(&text[t.end..n.start])
            });
            if covered[i] {
                continue;
            }
            match next {
                Some(n) => {
                    if forms.kind[n.form as usize].name {
                        forms.data[id as usize].first.push((n.form, t.start));
                    }
                }
                None => {
                    let prev = i.checked_sub(1).map(|p| toks[p]).filter(|p| {
                        p.upper
                            && forms.kind[p.form as usize].name
                            && is_space(&text[p.end..t.start])
                    });
                    if let Some(p) = prev {
                        let pid = p.form;
                        let f = &mut forms.data[id as usize];
                        if f.prev_first.len() < 8 && !f.prev_first.contains(&pid) {
                            f.prev_first.push(pid);
                        }
                    }
                    forms.data[id as usize].last.push(t.start);
                }
            }
        }
    }

    fn report_house(
        &self,
        text: &str,
        table: &Table,
        hits: &[HouseHit],
        forms: &Forms<'_>,
        rule: usize,
        out: &mut Vec<Finding>,
    ) {
        // A spelling followed by a capitalised word that the article never
        // uses on its own (`Beijing News`, `Kyiv Post`) is part of the name of
        // a newspaper or an organisation, which keeps its own spelling. A
        // first name is followed by a surname used elsewhere too
        // (`Volodymir Zelensky`, then `M. Zelensky`), or by a listed one.
        // Looked up once per hit, so with the fast hasher (no iteration:
        // the order of the map does not matter).
        let mut pairs: HashMap<(usize, u32), u32, FastState> = HashMap::default();
        for h in hits {
            if let Some(w) = h.next {
                *pairs.entry((h.spelling, w)).or_default() += 1;
            }
        }
        let compound = |h: &HouseHit| {
            h.next.is_some_and(|w| {
                !forms.kind[w as usize].house
                    && forms.data[w as usize].count <= pairs[&(h.spelling, w)]
            })
        };
        let hits: Vec<&HouseHit> = hits.iter().filter(|h| !compound(h)).collect();
        if hits.is_empty() {
            return;
        }
        let mut counts: HashMap<usize, usize, FastState> = HashMap::default();
        for h in &hits {
            *counts.entry(h.spelling).or_default() += 1;
        }
        for (gi, g) in table.groups.iter().enumerate() {
            let used: Vec<usize> = g
                .members
                .iter()
                .copied()
                .filter(|m| counts.contains_key(m))
                .collect();
            if used.is_empty() {
                continue;
            }
            let preferred = g.members[0];
            let mixed = used.len() >= 2;
            let (target, why) = match self.check {
                Check::Mixed if g.enforced => (preferred, Why::Enforced),
                Check::Mixed if !mixed => continue,
                Check::Mixed if used.contains(&preferred) => (preferred, Why::House),
                Check::Mixed => {
                    // Majority; ties go to the spelling listed first.
                    let best = used
                        .iter()
                        .copied()
                        .rev()
                        .max_by_key(|m| counts[m])
                        .unwrap_or(preferred);
                    (best, Why::Majority)
                }
                // `house`: the article mixes spellings (the mixed rule's
                // business) or the publication decided this entity.
                Check::House if mixed || g.enforced => continue,
                Check::House => (preferred, Why::Template),
            };
            let target_text = &table.spellings[target].text;
            for h in &hits {
                let sp = &table.spellings[h.spelling];
                if sp.group != gi || h.spelling == target {
                    continue;
                }
                if glossed(text, &h.span, target_text) {
                    continue;
                }
                let n = counts[&h.spelling];
                let m = counts.get(&target).copied().unwrap_or(0);
                let message = match why {
                    Why::Template => None,
                    Why::Enforced => Some(Localized::new(
                        format!(
                            "house spelling is “{target_text}”, not “{}” ([names] in .auditrc.toml)",
                            sp.text
                        ),
                        format!(
                            "l’orthographe maison est « {target_text} », pas « {} » ([names] dans .auditrc.toml)",
                            sp.text
                        ),
                    )),
                    Why::House => Some(Localized::new(
                        format!(
                            "“{}” is spelled “{target_text}” elsewhere in this article; “{target_text}” is the house spelling",
                            sp.text
                        ),
                        format!(
                            "« {} » s’écrit « {target_text} » ailleurs dans cet article ; « {target_text} » est l’orthographe maison",
                            sp.text
                        ),
                    )),
                    Why::Majority => Some(Localized::new(
                        format!(
                            "“{}” is spelled “{target_text}” elsewhere in this article ({m}× against {n}×)",
                            sp.text
                        ),
                        format!(
                            "« {} » s’écrit « {target_text} » ailleurs dans cet article ({m} fois contre {n})",
                            sp.text
                        ),
                    )),
                };
                out.push(Finding {
                    rule,
                    span: h.span.clone(),
                    message,
                    fix: Some(Fix {
                        replacement: target_text.clone(),
                        applicability: Applicability::Unsafe,
                    }),
                    scope: Scope::Span,
                });
            }
        }
    }

    fn report_automatic(&self, text: &str, forms: &Forms<'_>, rule: usize, out: &mut Vec<Finding>) {
        let n = forms.text.len();
        if n < 2 {
            return;
        }
        let long = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count() >= self.min_length;
        // Keys only for forms seen as names (most capitalised words are not).
        let mut needed: Vec<bool> = forms
            .data
            .iter()
            .map(|f| !f.last.is_empty() || !f.first.is_empty())
            .collect();
        for f in &forms.data {
            for &(sid, _) in &f.first {
                needed[sid as usize] = true;
            }
        }
        let keys: Vec<Option<String>> = forms
            .text
            .iter()
            .zip(&needed)
            .map(|(s, &n)| (n && long(s)).then(|| key(s)))
            .collect();
        // A form is a name when capitalised mid-sentence somewhere.
        let is_name = |i: usize| forms.data[i].mid;
        // A first name is usable as context when it is a name or recurs.
        let is_first_name = |i: u32| {
            let f = &forms.data[i as usize];
            f.mid || f.first.len() >= 2
        };

        // (a) Surnames and standalone names, clustered by key.
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            if let Some(k) = k
                && !forms.data[i].last.is_empty()
            {
                by_key.entry(k.as_str()).or_default().push(i);
            }
        }
        let mut clusters: Vec<Vec<usize>> = by_key.into_values().filter(|c| c.len() >= 2).collect();
        clusters.sort();
        for cluster in clusters {
            let named =
                |i: usize| is_name(i) || forms.data[i].prev_first.iter().any(|&p| is_first_name(p));
            let members: Vec<usize> = cluster.into_iter().filter(|&i| named(i)).collect();
            if members.len() < 2 {
                continue;
            }
            let count = |i: usize| forms.data[i].last.len();
            let target = pick_target(
                &members,
                count,
                |i| forms.text[i],
                |i| forms.data[i].last[0],
            );
            let t = forms.text[target];
            for &i in &members {
                let s = forms.text[i];
                if i == target || !same_name(s, t) {
                    continue;
                }
                let firsts = |j: usize| -> Vec<&str> {
                    forms.data[j]
                        .prev_first
                        .iter()
                        .filter(|&&p| is_first_name(p))
                        .map(|&p| forms.text[p as usize])
                        .collect()
                };
                let (a, b) = (firsts(i), firsts(target));
                if !a.is_empty()
                    && !b.is_empty()
                    && !a.iter().any(|x| b.iter().any(|y| first_compatible(x, y)))
                {
                    continue; // two people sharing a surname
                }
                for &start in &forms.data[i].last {
                    let span = start..start + s.len();
                    if glossed(text, &span, t) {
                        continue;
                    }
                    out.push(auto_finding(rule, span, s, t, count(target), count(i)));
                }
            }
        }

        // (b) First names in front of the same surname.
        let mut by_surname: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for (i, f) in forms.data.iter().enumerate() {
            for &(sid, start) in &f.first {
                let sk = match &keys[sid as usize] {
                    Some(k) => k.as_str(),
                    None => forms.text[sid as usize],
                };
                by_surname.entry(sk).or_default().push((i, start));
            }
        }
        let mut groups: Vec<Vec<(usize, usize)>> = by_surname.into_values().collect();
        groups.sort();
        for occ in groups {
            let mut firsts: Vec<usize> = occ.iter().map(|o| o.0).collect();
            firsts.sort_unstable();
            firsts.dedup();
            firsts.retain(|&i| keys[i].is_some() && is_first_name(i as u32));
            if firsts.len() < 2 {
                continue;
            }
            let count = |i: usize| occ.iter().filter(|o| o.0 == i).count();
            let first_at = |i: usize| occ.iter().find(|o| o.0 == i).map_or(usize::MAX, |o| o.1);
            let target = pick_target(&firsts, count, |i| forms.text[i], first_at);
            let t = forms.text[target];
            for &i in &firsts {
                let s = forms.text[i];
                if i == target || !first_compatible(s, t) {
                    continue;
                }
                for &(_, start) in occ.iter().filter(|o| o.0 == i) {
                    let span = start..start + s.len();
                    out.push(auto_finding(rule, span, s, t, count(target), count(i)));
                }
            }
        }
    }
}

/// Is `minor` a one-letter slip of `major`? Either one inner letter
/// replaced (`Sbapchat` for `Snapchat`: not the first letter, nor one of
/// the last two, where real names differ: `Christina`/`Christine`,
/// `Andersen`/`Anderson`), or one letter doubled (`Bidden` for `Biden`,
/// when `doubled` allows it).
fn one_letter_slip(minor: &[char], major: &[char], doubled: bool) -> bool {
    if minor.first() != major.first() {
        return false;
    }
    if minor.len() == major.len() {
        let mut diff = minor
            .iter()
            .zip(major)
            .enumerate()
            .filter(|(_, (a, b))| a != b);
        let Some((k, (a, b))) = diff.next() else {
            return false;
        };
        return diff.next().is_none()
            && k >= 1
            && k + 2 < minor.len()
            && a.is_ascii_lowercase()
            && b.is_ascii_lowercase()
            && !(is_vowel(*a) && is_vowel(*b))
            && keyboard_neighbours(*a, *b);
    }
    if doubled && minor.len() == major.len() + 1 {
        // The first position where they differ must be a doubled letter.
        let k = minor
            .iter()
            .zip(major)
            .position(|(a, b)| a != b)
            .unwrap_or(major.len());
        return k >= 1 && minor[k] == minor[k - 1] && minor[k + 1..] == major[k..];
    }
    false
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Are two lower-case ASCII letters next to each other on a QWERTY or an
/// AZERTY keyboard (same row, or the row above or below, staggered)? A
/// typing slip hits a neighbouring key (`Sbapchat`); two real names differ
/// by any letter (`Basque`/`Banque`, `Marius`/`Marcus`).
fn keyboard_neighbours(a: char, b: char) -> bool {
    const LAYOUTS: [[&str; 3]; 2] = [
        ["qwertyuiop", "asdfghjkl", "zxcvbnm"],
        ["azertyuiop", "qsdfghjklm", "wxcvbn"],
    ];
    let pos = |rows: &[&str; 3], c: char| {
        rows.iter()
            .enumerate()
            .find_map(|(r, row)| row.find(c).map(|col| (r as i32, col as i32)))
    };
    LAYOUTS.iter().any(|rows| {
        let (Some((ra, ca)), Some((rb, cb))) = (pos(rows, a), pos(rows, b)) else {
            return false;
        };
        match rb - ra {
            0 => (ca - cb).abs() == 1,
            1 => cb == ca || cb == ca - 1,
            -1 => cb == ca || cb == ca + 1,
            _ => false,
        }
    })
}

/// A name used once that is a one-letter slip of a name the article uses
/// several times (`Sbapchatters` beside two `Snapchatters`, `Bidden`
/// beside three `Biden`). See the module documentation for its traps.
fn report_typos(
    scan: &NameScan,
    forms: &Forms<'_>,
    min_length: usize,
    rule: usize,
    out: &mut Vec<Finding>,
) {
    let n = forms.text.len();
    let chars: Vec<Option<Vec<char>>> = (0..n)
        .map(|i| {
            let s = forms.text[i];
            let long = s.chars().count() >= min_length.max(6);
            (forms.kind[i].name && long && s.chars().all(char::is_alphabetic))
                .then(|| s.chars().collect())
        })
        .collect();
    let major: Vec<usize> = (0..n)
        .filter(|&i| chars[i].is_some() && forms.data[i].count >= 2 && forms.data[i].mid)
        .collect();
    if major.is_empty() {
        return;
    }
    // A slip has the first letter of its major spelling and the same
    // length or one more (`one_letter_slip`): the majors by that shape,
    // each list in the order of `major`, so that a form used once is
    // compared with a few majors instead of all of them.
    let mut by_shape: HashMap<(char, usize), Vec<usize>, FastState> = HashMap::default();
    for &j in &major {
        if let Some(jc) = &chars[j]
            && let Some(&c0) = jc.first()
        {
            by_shape.entry((c0, jc.len())).or_default().push(j);
        }
    }
    for m in 0..n {
        let Some(mc) = &chars[m] else { continue };
        if forms.data[m].count != 1 {
            continue;
        }
        let Some(&c0) = mc.first() else { continue };
        let first_slip = |len: usize| {
            by_shape.get(&(c0, len)).and_then(|js| {
                js.iter().copied().find(|&j| {
                    chars[j]
                        .as_ref()
                        .is_some_and(|jc| one_letter_slip(mc, jc, forms.data[j].count >= 3))
                })
            })
        };
        // The first major in `major` order that `mc` is a slip of.
        let Some(t) = [Some(mc.len()), mc.len().checked_sub(1)]
            .into_iter()
            .flatten()
            .filter_map(first_slip)
            .min()
        else {
            continue;
        };
        // Another person: a first name the majority spelling never has
        // (`Romain Rolland` beside `Roland Garros`).
        let (pm, pt) = (&forms.data[m].prev_first, &forms.data[t].prev_first);
        if !pm.is_empty() && !pm.iter().any(|p| pt.contains(p)) {
            continue;
        }
        // A first name and a surname are two names (`Roland Garros`, `le
        // père Rolland`): the slip must play the majority's part.
        let first = |i: usize| !forms.data[i].first.is_empty();
        let last = |i: usize| !forms.data[i].last.is_empty();
        if first(t) != first(m) && (first(t) || last(m) != last(t)) {
            continue;
        }
        let (s, target) = (forms.text[m], forms.text[t]);
        for tok in scan.toks.iter().filter(|k| k.form as usize == m) {
            out.push(Finding {
                rule,
                span: tok.start..tok.end,
                message: Some(Localized::new(
                    format!(
                        "“{s}” looks like a slip for “{target}”, used {}× in this article",
                        forms.data[t].count
                    ),
                    format!(
                        "« {s} » semble une coquille pour « {target} », employé {} fois dans cet article",
                        forms.data[t].count
                    ),
                )),
                fix: Some(Fix {
                    replacement: target.to_owned(),
                    applicability: Applicability::Unsafe,
                }),
                scope: Scope::Span,
            });
        }
    }
}

/// A two-word name written in both orders (`Harry Styles` and `Styles
/// Harry`): an order used once, against the other used at least twice, is
/// reported.
fn report_swapped(forms: &Forms<'_>, rule: usize, out: &mut Vec<Finding>) {
    for (a, f) in forms.data.iter().enumerate() {
        for &(b, start) in &f.first {
            let b = b as usize;
            if a == b {
                continue;
            }
            let Some(first_ba) = forms.data[b]
                .first
                .iter()
                .find(|x| x.0 as usize == a)
                .map(|x| x.1)
            else {
                continue;
            };
            let ab = f.first.iter().filter(|x| x.0 as usize == b).count();
            let ba = forms.data[b]
                .first
                .iter()
                .filter(|x| x.0 as usize == a)
                .count();
            // Two people may share the two names (`Paul Martin`, `Martin
            // Paul`): only a single slip against a recurring order counts.
            let _ = first_ba;
            if ab != 1 || ba < 2 {
                continue;
            }
            let (sa, sb) = (forms.text[a], forms.text[b]);
            if sa.chars().count() < 3 || sb.chars().count() < 3 {
                continue;
            }
            out.push(Finding {
                rule,
                span: start..start + sa.len(),
                message: Some(Localized::new(
                    format!(
                        "“{sa} {sb}” is written “{sb} {sa}” elsewhere in this article: first and last name swapped"
                    ),
                    format!(
                        "« {sa} {sb} » s’écrit « {sb} {sa} » ailleurs dans cet article : prénom et nom inversés ?"
                    ),
                )),
                fix: None,
                scope: Scope::Span,
            });
        }
    }
}

/// The French words of `generics` that hold only letters and digits: found
/// from the scanned names that follow them (see [`french_before_name`])
/// rather than by a search of the article.
#[derive(Debug)]
struct GenericWords {
    word: Vec<String>,
}

fn build_generic_words(generics: &BTreeMap<String, Vec<String>>) -> Option<GenericWords> {
    let mut words: Vec<String> = Vec::new();
    for fr in generics.values().flatten() {
        if !fr.is_empty() && fr.chars().all(char::is_alphanumeric) && !words.contains(fr) {
            words.push(fr.clone());
        }
    }
    if words.is_empty() {
        return None;
    }
    Some(GenericWords { word: words })
}

/// The leading run of letters and digits of `s`.
fn alnum_run(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// Links between a French generic and the name it introduces.
const GENERIC_LINKS: [&str; 6] = ["de ", "d’", "d'", "du ", "de la ", ""];

/// A place named with an English generic word (`Redondo Beach Pier`,
/// `Hudson River`) where the article also names it the French way (`la
/// jetée de Redondo Beach`, `le fleuve Hudson`).
fn report_generics(
    text: &str,
    scan: &NameScan,
    forms: &Forms<'_>,
    generics: &BTreeMap<String, Vec<String>>,
    gw: Option<&GenericWords>,
    rule: usize,
    out: &mut Vec<Finding>,
) {
    // The French words of each form that is an English generic, looked up
    // once per distinct form rather than once per token.
    let generic_of: Vec<Option<&Vec<String>>> =
        forms.text.iter().map(|s| generics.get(*s)).collect();
    if generic_of.iter().all(Option::is_none) {
        return;
    }
    let mut by_name = NameStarts::default();
    // Per French word (the general search, see `french_ends`): the name's
    // first run of letters after each end and link → those ends (a name
    // must begin with that run to follow).
    let mut index: HashMap<&str, HashMap<&str, Vec<usize>>> = HashMap::new();
    for l in &scan.lines {
        let toks = &scan.toks[l.toks.clone()];
        for (i, t) in toks.iter().enumerate() {
            let Some(frs) = generic_of[t.form as usize] else {
                continue;
            };
            let g = forms.text[t.form as usize];
            // The name before it: up to three capitalised words.
            let mut j = i;
            while j > 0 && i - j < 3 {
                let p = toks[j - 1];
                let k = forms.kind[p.form as usize];
                if !(p.upper && k.name && is_space(&text[p.end..toks[j].start])) {
                    break;
                }
                j -= 1;
            }
            if j == i {
                continue;
            }
            let name = &text[toks[j].start..toks[i - 1].end];
            let mut french = None;
            for fr in frs {
                // A letter-only French word (all the built-in ones) is
                // found from the name's occurrences, which the scan holds
                // (see `french_before_name`); the others by a search of
                // the article.
                let found = if !scan.all && gw.is_some_and(|gw| gw.word.iter().any(|w| w == fr)) {
                    french_before_name(text, scan, forms, &mut by_name, fr, name, g)
                } else {
                    let by_run = index
                        .entry(fr.as_str())
                        .or_insert_with(|| french_ends(text, fr));
                    by_run
                        .get(alnum_run(name))
                        .is_some_and(|ends| ends.iter().any(|&e| french_after(text, e, name, g)))
                };
                if found {
                    french = Some(fr);
                    break;
                }
            }
            let Some(fr) = french else { continue };
            out.push(Finding {
                rule,
                span: toks[j].start..t.end,
                message: Some(Localized::new(
                    format!(
                        "“{name} {g}” keeps the English “{g}”; this article also says “{fr}” for it"
                    ),
                    format!(
                        "« {name} {g} » garde l’anglais « {g} » ; cet article dit aussi « {fr} »"
                    ),
                )),
                fix: None,
                scope: Scope::Span,
            });
        }
    }
}

/// Is the character before byte `k` of `text` not a letter or digit (a
/// word may start at `k`)?
fn word_boundary(text: &str, k: usize) -> bool {
    !text[..k]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// Where the French word `fr` (or its capitalised form) ends in the
/// article at a word start and before a space, grouped by the first run
/// of letters after each end and link ([`GENERIC_LINKS`]): the general
/// search, one pass over the article per word.
fn french_ends<'t>(text: &'t str, fr: &str) -> HashMap<&'t str, Vec<usize>> {
    let cap = capitalise(fr);
    let ends: Vec<usize> = text
        .match_indices(fr)
        .chain(text.match_indices(cap.as_str()))
        .filter(|(k, _)| word_boundary(text, *k))
        .map(|(k, w)| k + w.len())
        .collect();
    let mut by_run: HashMap<&str, Vec<usize>> = HashMap::new();
    for e in ends {
        let Some(rest) = text[e..].strip_prefix(' ') else {
            continue;
        };
        for link in GENERIC_LINKS {
            if let Some(r) = rest.strip_prefix(link) {
                let run = alnum_run(r);
                if !run.is_empty() {
                    by_run.entry(run).or_default().push(e);
                }
            }
        }
    }
    by_run
}

/// The starts of the scanned tokens, by the first run of letters and
/// digits of their form (`Saint` for `Saint-Louis`), built on first use.
#[derive(Default)]
struct NameStarts<'t> {
    built: bool,
    /// First run → the forms starting with it.
    forms_by_run: HashMap<&'t str, Vec<u32>, FastState>,
    /// Form → the starts of its tokens.
    starts: Vec<Vec<usize>>,
}

/// Is `fr` written before `name` somewhere in the article, as `fr de
/// Name`, `fr d’Name`, `fr Name`… (see [`french_after`])? Such a name is
/// capitalised and starts a word after a space or an elided `d’`, so the
/// scan (capitalised tokens, `scan.all` unset) holds each of its starts:
/// looking back from those finds every such `fr` without a pass over the
/// article, where the French words (`rue`, `place`, `lac`) are everywhere.
fn french_before_name<'t>(
    text: &'t str,
    scan: &NameScan,
    forms: &Forms<'t>,
    by_name: &mut NameStarts<'t>,
    fr: &str,
    name: &str,
    generic: &str,
) -> bool {
    if !by_name.built {
        by_name.built = true;
        for (f, s) in forms.text.iter().enumerate() {
            by_name
                .forms_by_run
                .entry(alnum_run(s))
                .or_default()
                .push(f as u32);
        }
        by_name.starts = vec![Vec::new(); forms.text.len()];
        for t in &scan.toks {
            by_name.starts[t.form as usize].push(t.start);
        }
    }
    let Some(fs) = by_name.forms_by_run.get(alnum_run(name)) else {
        return false;
    };
    let cap = capitalise(fr);
    let b = text.as_bytes();
    let ends_french = |e: usize| {
        [fr, cap.as_str()]
            .iter()
            .any(|w| b[..e].ends_with(w.as_bytes()) && word_boundary(text, e - w.len()))
    };
    fs.iter()
        .flat_map(|&f| &by_name.starts[f as usize])
        .any(|&p| {
            GENERIC_LINKS.iter().any(|link| {
                let Some(e) = p.checked_sub(link.len() + 1) else {
                    return false;
                };
                b[e] == b' '
                    && &b[e + 1..p] == link.as_bytes()
                    && ends_french(e)
                    && french_after(text, e, name, generic)
            })
        })
}

/// After a French generic ending at `at`: ` de Name`, ` d’Name`, ` Name`…,
/// as whole words, not followed by the English generic (`le parc Hyde
/// Park` is the English name with a French gloss).
fn french_after(text: &str, at: usize, name: &str, generic: &str) -> bool {
    let Some(rest) = text[at..].strip_prefix(' ') else {
        return false;
    };
    GENERIC_LINKS.iter().any(|link| {
        let Some(r) = rest.strip_prefix(link).and_then(|r| r.strip_prefix(name)) else {
            return false;
        };
        !r.chars().next().is_some_and(char::is_alphanumeric) && !r.trim_start().starts_with(generic)
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Two terms of one group in one article (`quart-arrière` and
/// `quarterback`, `verges` and `yards`): every occurrence of the terms other
/// than the preferred one (or, without it, the most frequent) is reported.
fn report_terms(text: &str, terms: &Terms, rule: usize, out: &mut Vec<Finding>) {
    if !terms_may_mix(text.as_bytes(), terms) {
        return;
    }
    let mut hits: Vec<(usize, Range<usize>)> = Vec::new();
    for m in terms.ac.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
        if word(before) || word(after) {
            continue;
        }
        hits.push((m.pattern().as_usize(), m.range()));
    }
    if hits.len() < 2 {
        return;
    }
    let mut count = vec![0usize; terms.text.len()];
    for (p, _) in &hits {
        count[*p] += 1;
    }
    for (p, r) in &hits {
        let (g, _) = terms.of[*p];
        let members = || (0..terms.of.len()).filter(|&q| terms.of[q].0 == g);
        if members().filter(|&q| count[q] > 0).count() < 2 {
            continue;
        }
        let preferred = members().find(|&q| terms.of[q].1 && count[q] > 0);
        let target = preferred.unwrap_or_else(|| {
            members()
                .max_by_key(|&q| (count[q], std::cmp::Reverse(q)))
                .unwrap_or(*p)
        });
        if target == *p {
            continue;
        }
        let t = &terms.text[target];
        out.push(Finding {
            rule,
            span: r.clone(),
            message: Some(Localized::new(
                format!(
                    "“{}” and “{t}” name one thing in this article: use one term",
                    &text[r.clone()]
                ),
                format!(
                    "« {} » et « {t} » désignent la même chose dans cet article : choisissez un seul terme",
                    &text[r.clone()]
                ),
            )),
            fix: Some(Fix {
                replacement: t.clone(),
                applicability: Applicability::Unsafe,
            }),
            scope: Scope::Span,
        });
    }
}

/// Does the article hold, without ASCII case, two terms of one group?
/// Otherwise [`report_terms`] finds nothing (it needs two terms of a group
/// used), and its case-insensitive automaton, which has no prefilter and
/// reads every byte, is not run: most articles hold none of the terms.
/// The article is lowercased by chunks (ASCII only, as the automaton
/// folds) and each term looked for with a substring search until found.
fn terms_may_mix(text: &[u8], terms: &Terms) -> bool {
    const CHUNK: usize = 1 << 16;
    let lower: Vec<Vec<u8>> = terms
        .text
        .iter()
        .map(|t| t.as_bytes().to_ascii_lowercase())
        .collect();
    let finders: Vec<memchr::memmem::Finder<'_>> =
        lower.iter().map(memchr::memmem::Finder::new).collect();
    let overlap = lower
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .saturating_sub(1);
    let mut found = vec![false; lower.len()];
    let mut group_found = vec![0usize; terms.of.iter().map(|&(g, _)| g + 1).max().unwrap_or(0)];
    let mut buf = Vec::with_capacity(CHUNK + overlap);
    let mut start = 0;
    while start < text.len() {
        let end = (start + CHUNK + overlap).min(text.len());
        buf.clear();
        buf.extend(text[start..end].iter().map(u8::to_ascii_lowercase));
        for (p, finder) in finders.iter().enumerate() {
            if !found[p] && finder.find(&buf).is_some() {
                found[p] = true;
                let g = terms.of[p].0;
                group_found[g] += 1;
                if group_found[g] >= 2 {
                    return true;
                }
            }
        }
        start += CHUNK;
    }
    false
}

/// A brand written with inner capitals (`OpenAI`, `TikTok`, `YouTube`)
/// and, elsewhere in the article, all in lower case (`openai`): each
/// lower-case occurrence is reported, except in an address, a handle or a
/// hashtag (`openai.com`, `@openai`, `#tiktok`).
fn report_lower_brands(text: &str, forms: &Forms<'_>, rule: usize, out: &mut Vec<Finding>) {
    let brands: Vec<&str> = forms
        .text
        .iter()
        .enumerate()
        .filter(|&(i, s)| {
            forms.kind[i].name
                && s.chars().filter(|c| c.is_alphabetic()).count() >= 4
                && s.chars().all(char::is_alphanumeric)
                && s.chars()
                    .zip(s.chars().skip(1))
                    .any(|(a, b)| a.is_lowercase() && b.is_uppercase())
        })
        .map(|(_, s)| *s)
        .collect();
    if brands.is_empty() {
        return;
    }
    let lowers: Vec<String> = brands.iter().map(|s| s.to_lowercase()).collect();
    let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&lowers)
    else {
        return;
    };
    for m in ac.find_iter(text) {
        let s = brands[m.pattern().as_usize()];
        {
            let (at, end) = (m.start(), m.end());
            let before = text[..at].chars().next_back();
            let after = text[end..].chars().next();
            let after2 = text[end..].chars().nth(1);
            if before.is_some_and(|c| c.is_alphanumeric() || "@#/._-".contains(c))
                || after.is_some_and(|c| c.is_alphanumeric() || "_/@-".contains(c))
                || (after == Some('.') && after2.is_some_and(char::is_alphanumeric))
            {
                continue;
            }
            // Part of an address: `https://…/openai`, `www.…`.
            let word_start = text[..at].rfind(char::is_whitespace).map_or(0, |p| p + 1);
            let word = &text[word_start..at];
            if word.contains("://") || word.starts_with("www") {
                continue;
            }
            out.push(Finding {
                rule,
                span: at..end,
                message: Some(Localized::new(
                    format!(
                        "“{}” is written “{s}” elsewhere in this article",
                        &text[at..end]
                    ),
                    format!(
                        "« {} » s’écrit « {s} » ailleurs dans cet article",
                        &text[at..end]
                    ),
                )),
                fix: Some(Fix {
                    replacement: (*s).to_owned(),
                    applicability: Applicability::Unsafe,
                }),
                scope: Scope::Span,
            });
        }
    }
}

#[derive(Clone, Copy)]
enum Why {
    Enforced,
    House,
    Majority,
    Template,
}

fn auto_finding(rule: usize, span: Range<usize>, s: &str, t: &str, m: usize, n: usize) -> Finding {
    Finding {
        rule,
        span,
        message: Some(Localized::new(
            format!(
                "“{s}” looks like another spelling of “{t}”, used elsewhere in this article ({m}× against {n}×)"
            ),
            format!(
                "« {s} » semble une autre graphie de « {t} », employée ailleurs dans cet article ({m} fois contre {n})"
            ),
        )),
        fix: Some(Fix {
            replacement: t.to_owned(),
            applicability: Applicability::Unsafe,
        }),
        scope: Scope::Span,
    }
}

/// The spelling to harmonise to: the most frequent; ties go to the more
/// French transliteration, then to the first seen.
fn pick_target<'a>(
    members: &[usize],
    count: impl Fn(usize) -> usize,
    text: impl Fn(usize) -> &'a str,
    first_at: impl Fn(usize) -> usize,
) -> usize {
    members
        .iter()
        .copied()
        .max_by_key(|&i| {
            (
                count(i),
                frenchness(text(i)),
                std::cmp::Reverse(first_at(i)),
            )
        })
        .unwrap_or(0)
}

/// How French a transliteration looks (`ou`, `ch`, `ï`, `j` against `sh`,
/// `zh`, `w`, `yy`): only breaks ties.
fn frenchness(s: &str) -> i32 {
    let l = s.to_lowercase();
    let mut score = 0;
    for (pat, w) in [
        ("ou", 1),
        ("ï", 1),
        ("tch", 1),
        ("sh", -1),
        ("zh", -1),
        ("w", -1),
        ("yy", -1),
    ] {
        score += w * l.matches(pat).count() as i32;
    }
    if l.ends_with("iy") || l.ends_with("yi") {
        score -= 1;
    }
    score
}

/// Two surface forms with one key that may be reported as variants: they
/// must differ by a transliteration (`ou`/`u`, `sh`/`ch`, `y`/`i`…), not
/// only by case, accents or a doubled letter (`TikTok`/`Tiktok`,
/// `Taïwan`/`Taiwan`, `Mohammed`/`Mohamed`: house style, typos, or two
/// people), and a final `y`/`i` only counts in Slavic endings
/// (`-sky`/`-ski`, `-ny`/`-ni`): `Henry`/`Henri`, `Infinity`/`Infiniti` are
/// not transliterations.
fn same_name(a: &str, b: &str) -> bool {
    if weak_key(a) == weak_key(b) {
        return false;
    }
    let (x, y): (Vec<char>, Vec<char>) = (key(a).chars().collect(), key(b).chars().collect());
    if x != y {
        return false;
    }
    let (la, lb) = (weak_key(a), weak_key(b));
    let (ca, cb): (Vec<char>, Vec<char>) = (la.chars().collect(), lb.chars().collect());
    if ca.len() == cb.len() && ca.len() >= 2 {
        let n = ca.len();
        let diff: Vec<usize> = (0..n).filter(|&i| ca[i] != cb[i]).collect();
        if diff == [n - 1] && !matches!(ca[n - 2], 'k' | 'n') {
            return false;
        }
    }
    true
}

/// Lower case, accents removed, doubled letters single: what two spellings
/// share when they differ only typographically.
fn weak_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = None;
    for c in s.chars().flat_map(char::to_lowercase) {
        for d in std::iter::once(c)
            .flat_map(|c| c.nfd())
            .filter(|d| !is_combining_mark(*d))
        {
            if Some(d) != last || !d.is_alphabetic() {
                out.push(d);
            }
            last = Some(d);
        }
    }
    out
}

/// First names of one person in front of one surname: one key through a
/// transliteration (`Sergei`/`Sergueï`), or the English `-er` for the
/// French `-re` (`Alexander`/`Alexandre`). A changed final vowel
/// (`Alexandra`) is someone else, and so is anything looser
/// (`Sebastian`/`Sébastien` may be a translated name or two people).
fn first_compatible(a: &str, b: &str) -> bool {
    if same_name(a, b) {
        return true;
    }
    let (x, y) = (weak_key(a), weak_key(b));
    let swap = |p: &str, q: &str| {
        p.len() >= 6
            && p.strip_suffix("er")
                .zip(q.strip_suffix("re"))
                .is_some_and(|(s, t)| s == t)
    };
    swap(&x, &y) || swap(&y, &x)
}

/// The transliteration-aware key: lower case, accents removed, French and
/// English transcriptions of one Cyrillic letter folded together, doubled
/// letters single. See the module documentation.
/// An ASCII name (most of them) is lowered byte by byte: `char::to_lowercase`
/// and the decomposition tables cost more than the rest of the key.
pub(crate) fn key(s: &str) -> String {
    let mut chars: Vec<char> = Vec::with_capacity(s.len());
    if s.is_ascii() {
        chars.extend(
            s.bytes()
                .filter(|&b| b != b'\'')
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
    } else {
        fold_chars(s, &mut chars);
    }
    transcribe(&chars)
}

/// The second half of [`key`], on folded characters: French and English
/// transcriptions of one Cyrillic letter folded together, doubled letters
/// single.
fn transcribe(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut last: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let n1 = chars.get(i + 1).copied();
        let n2 = chars.get(i + 2).copied();
        let (push, step): (&[char], usize) = match (c, n1, n2) {
            ('t', Some('c'), Some('h')) => (&['c', 'h'], 3),
            ('s', Some('h'), _) => (&['c', 'h'], 2),
            ('z', Some('h'), _) => (&['j'], 2),
            ('k', Some('h'), _) => (&['h'], 2),
            ('o', Some('u'), _) => (&['u'], 2),
            ('g', Some('u'), Some('e' | 'i' | 'y')) => (&['g'], 2),
            ('k', Some('s'), _) => (&['x'], 2),
            ('w', _, _) => (&['v'], 1),
            ('y', _, _) => (&['i'], 1),
            _ => (std::slice::from_ref(&chars[i]), 1),
        };
        for &p in push {
            if last != Some(p) || !p.is_alphabetic() {
                out.push(p);
                last = Some(p);
            }
        }
        i += step;
    }
    out
}

/// The characters of `s` for [`key`]: lower case, accents removed,
/// ligatures split, apostrophes dropped.
fn fold_chars(s: &str, chars: &mut Vec<char>) {
    for c in s.chars() {
        for l in c.to_lowercase() {
            match l {
                'ß' => chars.extend(['s', 's']),
                'æ' => chars.extend(['a', 'e']),
                'œ' => chars.extend(['o', 'e']),
                'ø' => chars.push('o'),
                'ł' => chars.push('l'),
                'đ' => chars.push('d'),
                '’' | '\'' | 'ʼ' => {}
                _ if l.is_ascii() => chars.push(l),
                _ => chars.extend(l.nfd().filter(|d| !is_combining_mark(*d))),
            }
        }
    }
}

/// Titles that precede a name without being a first name.
const TITLES: &[&str] = &[
    "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Pr", "Me", "Mgr", "Mr", "Mrs", "Ms", "Sir",
    "Lord", "Lady", "St", "Ste",
];

/// Elided articles and prepositions before a name (`l’`, `d’`, `qu’`).
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
];

/// A capitalised token that may be a name: letters (and inner `-`, `’`),
/// at least one lowercase letter (not an acronym or a heading in capitals).
fn looks_like_name(s: &str) -> bool {
    // `XVIIIe`, `IIIe` (ordinals in Roman numerals) are not names.
    let numeral = ["ème", "ère", "er", "es", "e"]
        .iter()
        .find_map(|suf| s.strip_suffix(suf))
        .unwrap_or(s);
    if !numeral.is_empty() && numeral.chars().all(|c| "IVXLCDM".contains(c)) {
        return false;
    }
    s.chars().any(char::is_lowercase)
        && s.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '\u{2011}'))
}

/// Whitespace only (the gap between two words of one name).
fn is_space(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 8
        && s.chars()
            .all(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\t'))
}

/// A title-case line (`Putin Visits Minsk And Presses Lukashenko`): every
/// capitalised word there is a headline convention, not a name. `upper`
/// is the number of capitalised words of the line.
fn is_headline(text: &str, line: &Range<usize>, upper: usize) -> bool {
    // Seven in ten words capitalised: at least three, in a short line.
    if upper < 3 || line.len() > upper * 16 {
        return false;
    }
    let n = words(&text[line.clone()]).count();
    n >= 4 && upper * 10 >= n * 7
}

/// Pushes the words of `line` that may be names, elision stripped
/// (`l’Ukraine` → `Ukraine`): those starting with an uppercase letter, or
/// every word when `all`. Returns the number of capitalised ones. Lower-case
/// ASCII and Latin-1 letters are skipped byte by byte without decoding: this
/// is the engine's hot loop.
fn scan_line(text: &str, line: Range<usize>, all: bool, toks: &mut Vec<Tok>) -> usize {
    let bytes = text.as_bytes();
    let mut upper = 0;
    let mut i = line.start;
    while i < line.end {
        // Eight bytes of lower-case ASCII, digits and punctuation at a time;
        // in a chunk holding a capital or a non-ASCII byte, straight to the
        // first such byte (the test is exact for each byte), rather than
        // byte by byte up to it: French has an accent every few words.
        if !all && let Some(chunk) = bytes.get(i..i + 8).filter(|_| i + 8 <= line.end) {
            let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
            let flagged = upper_or_non_ascii(w);
            if flagged == 0 {
                i += 8;
                continue;
            }
            let skip = (flagged.trailing_zeros() / 8) as usize;
            if skip > 0 {
                i += skip;
                continue;
            }
        }
        let b = bytes[i];
        let (is_up, len, alpha) = if b < 0x80 {
            (b.is_ascii_uppercase(), 1, b.is_ascii_alphabetic())
        } else if b == 0xC3 && !all {
            // Latin-1 letters: U+00C0..U+00DE (but ×) are uppercase.
            let n = bytes.get(i + 1).copied().unwrap_or(0);
            ((0x80..=0x9E).contains(&n) && n != 0x97, 2, true)
        } else {
            match text[i..].chars().next() {
                Some(c) => (is_uppercase(c), c.len_utf8(), is_alphabetic(c)),
                None => break,
            }
        };
        if !(is_up || (all && alpha)) {
            i += len;
            continue;
        }
        match word_start(text, i) {
            Some(elided) => {
                let end = word_end(text, i, line.end);
                toks.push(Tok {
                    start: i,
                    end,
                    upper: is_up,
                    elided,
                    form: u32::MAX,
                });
                upper += usize::from(is_up);
                i = end.max(i + len);
            }
            None => i += len,
        }
    }
    upper
}

/// Does the 8-byte word hold a byte ≥ 0x80 or an ASCII capital (0x41–0x5A)?
/// (SWAR: "determine if a word has a byte between m and n", Bit Twiddling
/// Hacks.)
#[cfg(test)]
fn has_upper_or_non_ascii(w: u64) -> bool {
    upper_or_non_ascii(w) != 0
}

/// The high bit of each byte of `w` that is ≥ 0x80 or an ASCII capital,
/// the others clear (each byte's test is exact: no carry or borrow
/// crosses bytes, so the lowest set bit marks the first such byte).
fn upper_or_non_ascii(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = w & (ONES * 127);
    // Bytes between 0x40 and 0x5B exclusive: 'A'..='Z'.
    let upper = (ONES * (127 + 0x5B) - low) & !w & (low + ONES * (127 - 0x40)) & HIGH;
    (w & HIGH) | upper
}

/// Does a word start at `i`? `Some(elided)` when it does, `elided` when it
/// follows an elided article or preposition (`l’`, `d’`, `qu’`); `None`
/// inside a word (`McDonald`, `Saint-Pétersbourg`).
fn word_start(text: &str, i: usize) -> Option<bool> {
    let before = &text[..i];
    let mut back = before.chars().rev();
    let Some(p) = back.next() else {
        return Some(false);
    };
    if is_alphanumeric(p) {
        return None;
    }
    match p {
        '-' | '\u{2011}' => match back.next() {
            Some(q) if is_alphanumeric(q) => None,
            _ => Some(false),
        },
        '’' | '\'' => {
            let head = &before[..before.len() - p.len_utf8()];
            let w_start = head
                .char_indices()
                .rev()
                .take_while(|&(_, c)| is_alphabetic(c))
                .last()
                .map_or(head.len(), |(j, _)| j);
            let w = &head[w_start..];
            if w.is_empty() {
                Some(false)
            } else if w.len() <= 6 && ELISIONS.iter().any(|e| e.eq_ignore_ascii_case(w)) {
                Some(true)
            } else {
                None
            }
        }
        _ => Some(false),
    }
}

/// End of the word starting at `start`: letters and digits, with single
/// inner `’`, `'`, `-` (as [`crate::document::words`]), at most `limit`.
fn word_end(text: &str, start: usize, limit: usize) -> usize {
    let b = text.as_bytes();
    let mut end = start;
    let mut joiner = false;
    let mut j = start;
    while j < limit {
        // A run of ASCII letters and digits at once (the bulk of a name).
        let run = ascii_alnum_run(&b[..limit], j);
        if run > 0 {
            j += run;
            end = j;
            joiner = false;
            continue;
        }
        // ASCII without decoding; Latin-1 letters (`é`, `ï`) without the
        // Unicode tables.
        let x = b[j];
        let (alnum, joins, len) = if x < 0x80 {
            (x.is_ascii_alphanumeric(), x == b'\'' || x == b'-', 1)
        } else {
            let Some(c) = text[j..limit].chars().next() else {
                break;
            };
            let latin1_letter = ('\u{C0}'..='\u{FF}').contains(&c) && c != '×' && c != '÷';
            (
                latin1_letter || is_alphanumeric(c),
                matches!(c, '’' | '\u{2011}'),
                c.len_utf8(),
            )
        };
        if alnum {
            end = j + len;
            joiner = false;
        } else if joins && !joiner && j > start {
            joiner = true;
        } else {
            break;
        }
        j += len;
    }
    end
}

/// Matches the words after the first of a multi-word spelling: each after
/// whitespace only, ending on a word boundary. Returns the end.
fn match_rest(text: &str, mut pos: usize, limit: usize, rest: &[String]) -> Option<usize> {
    for w in rest {
        let gap = text[pos..limit]
            .char_indices()
            .find(|&(_, c)| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\t'))
            .map_or(limit - pos, |(j, _)| j);
        if gap == 0 || gap > 8 {
            return None;
        }
        pos += gap;
        if !text[pos..limit].starts_with(w.as_str()) || word_end(text, pos, limit) != pos + w.len()
        {
            return None;
        }
        pos += w.len();
    }
    Some(pos)
}

/// Is a token preceded by `before` (its line up to the token) in the middle
/// of a sentence? After a letter, digit or comma, or after `M.`; not at the
/// start of a line, after a full stop, colon, dash or opening quote.
fn is_mid_sentence(before: &str) -> bool {
    let trimmed = before.trim_end_matches([' ', '\t', '\u{a0}', '\u{202f}']);
    let Some(p) = trimmed.chars().next_back() else {
        return false;
    };
    if p.is_alphanumeric() || matches!(p, ',' | '’' | '\'') {
        return true;
    }
    if p == '.' {
        let head = &trimmed[..trimmed.len() - 1];
        let word_start = head
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &head[word_start..];
        let mut cs = word.chars();
        let initial = matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
        return initial || TITLES.contains(&word);
    }
    false
}

/// Is the occurrence inside one of its spelling's fixed expressions?
fn in_fixed(text: &str, span: &Range<usize>, sp: &Spelling) -> bool {
    sp.fixed.iter().any(|(f, at)| {
        span.start >= *at
            && text
                .get(span.start - at..span.start - at + f.len())
                .is_some_and(|s| s == f)
    })
}

/// `Kiev (Kyiv)`, `Kyiv/Kiev`, `Kiev ou Kyiv`: both spellings named on
/// purpose, side by side.
fn glossed(text: &str, span: &Range<usize>, other: &str) -> bool {
    let seps = [" (", "(", "/", " / ", " ou ", " or ", ", ou "];
    let after = &text[span.end..];
    let before = &text[..span.start];
    seps.iter().any(|sep| {
        after
            .strip_prefix(sep)
            .is_some_and(|r| r.starts_with(other))
            || before.strip_suffix(sep).is_some_and(|r| r.ends_with(other))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;

    fn engine(toml_opts: &str) -> Box<dyn Engine> {
        let t: toml::Table = toml::from_str(toml_opts).unwrap();
        build(&t).unwrap()
    }

    fn run_with(e: &dyn Engine, policy: &Policy, text: &str) -> Vec<(String, String)> {
        let (doc, out) = crate::engines::testing::run_engine(e, policy, text);
        out.iter()
            .map(|f| {
                (
                    doc.text()[f.span.clone()].to_owned(),
                    f.fix
                        .as_ref()
                        .map(|x| x.replacement.clone())
                        .unwrap_or_default(),
                )
            })
            .collect()
    }

    fn run(e: &dyn Engine, text: &str) -> Vec<(String, String)> {
        run_with(e, &Policy::default(), text)
    }

    const HOUSE: &str = r#"
check = "mixed"
automatic = true
fixed = ["Dynamo Kiev"]
[groups]
"Kiev" = ["Kyiv", "Kyïv"]
"Loukachenko" = ["Lukashenko"]
"Biélorussie" = ["Bélarus", "Belarus"]
"Sergueï Choïgou" = ["Sergei Shoigu"]
"#;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    /// [`key`] without its ASCII fast path (every name folded through the
    /// Unicode tables): the reference the fast path is tested against.
    fn key_before(s: &str) -> String {
        let mut chars: Vec<char> = Vec::new();
        fold_chars(s, &mut chars);
        transcribe(&chars)
    }

    #[test]
    fn key_is_unchanged_by_its_ascii_fast_path() {
        for s in [
            "Lukashenko",
            "Loukachenko",
            "Zelenskyy",
            "O'Neill",
            "O’Neill",
            "Tchaikovsky",
            "Guillaume",
            "KSENIA",
            "Mohammed",
            "Al-Assad",
            "x",
            "",
            "''",
            "Shh",
            "Sergueï",
            "Straße",
            "Œdipe",
            "Łódź",
            "Zhukov",
            "Kharkiv",
            "a1-b2",
        ] {
            assert_eq!(key(s), key_before(s), "{s}");
        }
    }

    #[test]
    fn keys_fold_transliterations() {
        assert_eq!(key("Lukashenko"), key("Loukachenko"));
        assert_eq!(key("Zelenskyy"), key("Zelenski"));
        assert_eq!(key("Zelenskiy"), key("Zelensky"));
        assert_eq!(key("Volodymir"), key("Volodymyr"));
        assert_eq!(key("Sergueï"), key("Sergei"));
        assert_eq!(key("Choïgou"), key("Shoigu"));
        assert_eq!(key("Khrouchtchev"), key("Khrushchev"));
        assert_eq!(key("SkyNews"), key("Skynews"));
        assert_ne!(key("Zelensky"), key("Zelenska"));
        assert_ne!(key("Peskov"), key("Peskova"));
        assert_ne!(key("Marie"), key("Maria"));
        assert_ne!(key("Irlande"), key("Islande"));
    }

    #[test]
    fn house_group_mixed_reports_the_non_house_spelling() {
        let e = engine(HOUSE);
        let got = run(
            &*e,
            "Le président Alexander Lukashenko est arrivé.\nLe pays de Loukachenko est proche.\nSelon Lukashenko, rien.\n",
        );
        assert_eq!(
            got,
            pairs(&[("Lukashenko", "Loukachenko"), ("Lukashenko", "Loukachenko")])
        );
    }

    #[test]
    fn house_group_majority_when_house_spelling_absent() {
        let e = engine(HOUSE);
        let got = run(&*e, "À Kyiv, le maire. Puis à Kyiv encore, et à Kyïv.\n");
        assert_eq!(got, pairs(&[("Kyïv", "Kyiv")]));
    }

    /// `report_typos` compares a form only with the majors of its first
    /// letter and of its length or one less: no other pair is a slip.
    #[test]
    fn slips_share_the_first_letter_and_a_close_length() {
        let words: Vec<Vec<char>> = random_texts(&["a", "s", "n", "b", "bb", "é", "q"], 400, 8)
            .iter()
            .map(|w| w.chars().collect())
            .collect();
        for a in &words {
            for b in &words {
                for doubled in [false, true] {
                    if one_letter_slip(a, b, doubled) {
                        assert_eq!(a.first(), b.first(), "{a:?} {b:?}");
                        assert!(a.len() == b.len() || a.len() == b.len() + 1, "{a:?} {b:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn slips_are_neighbouring_keys_only() {
        let c = |s: &str| s.chars().collect::<Vec<char>>();
        assert!(one_letter_slip(&c("Sbapchat"), &c("Snapchat"), false));
        assert!(one_letter_slip(&c("Bidden"), &c("Biden"), true));
        assert!(!one_letter_slip(&c("Bidden"), &c("Biden"), false));
        assert!(
            !one_letter_slip(&c("Basque"), &c("Banque"), false),
            "s/n are far apart"
        );
        assert!(
            !one_letter_slip(&c("Francisco"), &c("Francesco"), false),
            "vowels"
        );
        assert!(
            !one_letter_slip(&c("Christina"), &c("Christine"), false),
            "ending"
        );
        assert!(
            !one_letter_slip(&c("Cedric"), &c("Cédric"), false),
            "accent"
        );
        assert!(keyboard_neighbours('q', 'a') && keyboard_neighbours('m', 'l'));
        assert!(!keyboard_neighbours('a', 'p'));
    }

    #[test]
    fn slips_brands_swaps_terms_and_generics() {
        let e = engine(
            r#"
check = "mixed"
automatic = true
typos = true
lower-brands = true
swapped = true
[terms]
"quart-arrière" = ["quarterback"]
[generics]
"Pier" = ["jetée"]
"#,
        );
        let got = run(
            &*e,
            "Les Snapchatters aiment les filtres, et les Snapchatters paient. Des Sbapchatters aussi.\n",
        );
        assert_eq!(got, pairs(&[("Sbapchatters", "Snapchatters")]));
        let got = run(
            &*e,
            "OpenAI a publié un modèle. Chez openai, et sur openai.com ou @openai.\n",
        );
        assert_eq!(got, pairs(&[("openai", "OpenAI")]));
        let got = run(
            &*e,
            "Le chanteur Harry Styles chante. Puis Styles Harry danse. Enfin Harry Styles part.\n",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "Styles");
        let got = run(&*e, "Le quart-arrière lance. Le Quarterback court.\n");
        assert_eq!(got, pairs(&[("Quarterback", "quart-arrière")]));
        let got = run(
            &*e,
            "La jetée de Santa Monica ferme. Santa Monica Pier rouvre.\n",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "Santa Monica Pier");
        assert!(run(&*e, "Le quarterback lance. Le quarterback court.\n").is_empty());
        assert!(
            run(
                &*e,
                "Le pape François reçoit les Français et les Français.\n"
            )
            .is_empty()
        );
    }

    /// The quick test of `report_terms` says yes whenever two terms of a
    /// group occur in any ASCII case, across chunk edges too, and no when
    /// one term of each group alone does.
    #[test]
    fn terms_may_mix_only_with_two_terms_of_a_group() {
        let t: toml::Table =
            toml::from_str("[terms]\n\"verges\" = [\"yards\"]\n\"botteur\" = [\"kicker\"]\n")
                .unwrap();
        let o: Options = options(&t).unwrap();
        let terms = build_terms(&o.terms).unwrap().unwrap();
        let pad = "é".repeat(40_000);
        assert!(terms_may_mix(b"10 VERGES et 3 yArDs", &terms));
        assert!(terms_may_mix(
            format!("{pad}Verges{pad}xyardsx").as_bytes(),
            &terms
        ));
        // A term cut by the edge of the first chunk (65,536 bytes).
        let edge = format!("{}KICK{}er botteur", "a".repeat(65_534), "");
        assert!(terms_may_mix(edge.as_bytes(), &terms));
        assert!(!terms_may_mix(b"10 verges et un botteur", &terms));
        assert!(!terms_may_mix(b"", &terms));
        assert!(!terms_may_mix(
            format!("{pad}yard verge").as_bytes(),
            &terms
        ));
    }

    #[test]
    fn new_options_are_validated() {
        let t: toml::Table = toml::from_str("check = \"house\"\ntypos = true").unwrap();
        assert!(build(&t).is_err());
        let t: toml::Table = toml::from_str("swapped = true").unwrap();
        assert!(build(&t).is_err());
        let t: toml::Table = toml::from_str("[generics]\n\"pier\" = [\"jetée\"]").unwrap();
        assert!(build(&t).is_err());
        let t: toml::Table = toml::from_str("[terms]\n\"verges\" = []").unwrap();
        assert!(build(&t).is_err());
    }

    #[test]
    fn one_spelling_is_quiet_without_config() {
        let e = engine(HOUSE);
        assert!(run(&*e, "Le Belarus et la Russie. Le Belarus encore.\n").is_empty());
        assert!(run(&*e, "À Kyiv, puis à Kyiv.\n").is_empty());
    }

    #[test]
    fn fixed_expressions_and_glosses_are_quiet() {
        let e = engine(HOUSE);
        assert!(run(&*e, "Le Dynamo Kiev a battu une équipe de Kyiv.\n").is_empty());
        assert!(run(&*e, "La capitale, Kiev (Kyiv en ukrainien), est calme.\n").is_empty());
        assert!(run(&*e, "La capitale Kiev/Kyiv est calme.\n").is_empty());
        assert!(
            run(
                &*e,
                "Le journal Kyiv Independent écrit que Kiev est calme.\n"
            )
            .is_empty()
        );
        assert!(run(&*e, "Selon Kyiv Post, le maire de Kiev est rentré.\n").is_empty());
        // A first name is followed by a surname the article uses alone too.
        let e = engine("[groups]\n\"Volodymyr\" = [\"Volodymir\"]\n");
        assert_eq!(
            run(
                &*e,
                "Le président Volodymyr Zelensky parle. Puis Volodymir Zelensky répond, et M. Zelensky conclut.\n"
            ),
            pairs(&[("Volodymir", "Volodymyr")])
        );
    }

    #[test]
    fn config_names_override_and_enforce() {
        let e = engine(HOUSE);
        let mut policy = Policy::default();
        policy.names.insert("Kyiv".into(), vec!["Kiev".into()]);
        let got = run_with(&*e, &policy, "Il est à Kiev. Il reste à Kiev.\n");
        assert_eq!(got, pairs(&[("Kiev", "Kyiv"), ("Kiev", "Kyiv")]));
        // The merged group keeps the built-in variant Kyïv.
        let got = run_with(&*e, &policy, "Il est à Kyïv.\n");
        assert_eq!(got, pairs(&[("Kyïv", "Kyiv")]));
        // A new entity from the config.
        policy.names.insert(
            "Volodymyr Zelensky".into(),
            vec!["Volodymyr Zelenskyy".into()],
        );
        let got = run_with(&*e, &policy, "Le président Volodymyr Zelenskyy parle.\n");
        assert_eq!(got, pairs(&[("Volodymyr Zelenskyy", "Volodymyr Zelensky")]));
    }

    #[test]
    fn house_mode_reports_every_variant_unless_mixed_or_configured() {
        let e = engine(
            "check = \"house\"\n[groups]\n\"Zelensky\" = [\"Zelenskyy\"]\n\"Sergueï Choïgou\" = [\"Sergei Shoigu\"]\n",
        );
        assert_eq!(
            run(&*e, "Le ministre Sergei Shoigu et M. Zelenskyy.\n"),
            pairs(&[
                ("Sergei Shoigu", "Sergueï Choïgou"),
                ("Zelenskyy", "Zelensky")
            ])
        );
        assert!(run(&*e, "M. Zelenskyy, puis M. Zelensky.\n").is_empty());
        let mut policy = Policy::default();
        policy
            .names
            .insert("Zelenskyy".into(), vec!["Zelensky".into()]);
        assert!(run_with(&*e, &policy, "M. Zelenskyy parle.\n").is_empty());
    }

    #[test]
    fn automatic_finds_transliteration_variants() {
        let e = engine("automatic = true\n");
        let got = run(
            &*e,
            "Le président Volodymyr Zelensky a parlé. Selon M. Zelensky, tout va bien.\nMais M. Zelenski a ajouté un mot.\n",
        );
        assert_eq!(got, pairs(&[("Zelenski", "Zelensky")]));
        let got = run(
            &*e,
            "Le général Oleksandr Syrsky commande. Selon le général Syrsky, tout tient ; le commandant Syrskyi confirme.\n",
        );
        assert_eq!(got, pairs(&[("Syrskyi", "Syrsky")]));
        let got = run(
            &*e,
            "Le député Boris Gryzlov parle. Selon M. Gryzlov, puis selon Gryzlov encore, et enfin M. Gryslov.\n",
        );
        assert!(got.is_empty(), "s/z is not a transliteration pair: {got:?}");
        let got = run(
            &*e,
            "Le colonel Andreï Khoudiakov, puis le colonel Khoudiakov et M. Khudyakov.\n",
        );
        assert_eq!(got, pairs(&[("Khudyakov", "Khoudiakov")]));
    }

    #[test]
    fn automatic_compares_first_names_before_one_surname() {
        let e = engine("automatic = true\n");
        let got = run(
            &*e,
            "Le président Alexandre Bortnikov est venu. Puis Alexandre Bortnikov a dit. Enfin Alexander Bortnikov est parti.\n",
        );
        assert_eq!(got, pairs(&[("Alexander", "Alexandre")]));
        // Different people: different surnames.
        assert!(
            run(
                &*e,
                "Le romancier Alexandre Dumas et le président Alexander Van der Bellen.\n"
            )
            .is_empty()
        );
        // Alexandra is someone else.
        assert!(
            run(
                &*e,
                "Selon Alexandra Bortnikova et Alexandre Bortnikova, les deux.\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn automatic_avoids_distinct_names() {
        let e = engine("automatic = true\n");
        for text in [
            "Le président Zelensky et son épouse Olena Zelenska sont venus.\n",
            "Le porte-parole Peskov et la chanteuse Peskova.\n",
            "Selon Martin et Martine, rien.\n",
            "Entre l’Irlande et l’Islande, la mer.\n",
            "Le joueur Thierry Henry et le roi Henri IV.\n",
            "Le joueur Lautaro Martínez et le gardien Emiliano Martinez.\n",
            "Selon Rémy et Rémi, rien.\n",
            "Le chef de l’Etat et le chef de l’État.\n",
            "Marie et Maria sont venues, avec Kim et Kin.\n",
            // Typography and typos, not transliteration.
            "La chaîne SkyNews a diffusé, puis Skynews a repris.\n",
            "Selon Taïwan, puis selon Taiwan encore.\n",
            "Le neveu Mohamed parle ; son voisin Mohammed aussi.\n",
            "La marque Infiniti et le groupe Infinity.\n",
            "Au XVIIIe siècle, puis au XVIIe siècle.\n",
            "La vallée du Rhône et la Rhone Valley.\n",
            // Sentence-initial words are not names.
            "Sommes-nous prêts ? Il parle de la Somme.\n",
        ] {
            assert!(run(&*e, text).is_empty(), "{text}: {:?}", run(&*e, text));
        }
    }

    #[test]
    fn headlines_and_capitals_are_ignored() {
        let e = engine("automatic = true\n");
        assert!(
            run(
                &*e,
                "Putin Visits Minsk And Presses Lukashenka Hard\n\nLe président Lukashenko parle.\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn bad_options_are_errors() {
        for bad in [
            "chek = \"mixed\"\n",
            "check = \"house\"\nautomatic = true\n",
            "[groups]\n\"Kiev\" = []\n",
            "[groups]\n\"Kiev\" = [\"Kyiv\"]\n\"Kyïv\" = [\"Kyiv\"]\n",
            "[groups]\n\"Kiev (ville)\" = [\"Kyiv\"]\n",
        ] {
            let t: toml::Table = toml::from_str(bad).unwrap();
            assert!(build(&t).is_err(), "{bad}");
        }
    }

    #[test]
    fn swar_finds_capitals_and_non_ascii() {
        for (bytes, want) in [
            (*b"abcdefgh", false),
            (*b"abc defg", false),
            (*b"abcdefgZ", true),
            (*b"Abcdefgh", true),
            (*b"@[`{,.19", false),
            (*b"abc\xC3\xA9efg", true),
        ] {
            assert_eq!(
                has_upper_or_non_ascii(u64::from_le_bytes(bytes)),
                want,
                "{bytes:?}"
            );
        }
        for b in 0u8..=255 {
            let w = u64::from_le_bytes([b'a', b'a', b'a', b, b'a', b'a', b'a', b'a']);
            assert_eq!(
                has_upper_or_non_ascii(w),
                b >= 0x80 || b.is_ascii_uppercase(),
                "{b}"
            );
        }
        // Each byte's flag is exact, wherever the other flagged bytes are.
        for b in 0u8..=255 {
            for c in [b'a', b'Z', b'@', b'[', 0x80, 0xFF, 0x7F] {
                for at in 0..8 {
                    let mut bytes = [c; 8];
                    bytes[at] = b;
                    let flags = upper_or_non_ascii(u64::from_le_bytes(bytes));
                    for (k, &x) in bytes.iter().enumerate() {
                        let want = x >= 0x80 || x.is_ascii_uppercase();
                        assert_eq!(flags >> (8 * k + 7) & 1 == 1, want, "{bytes:?} {k}");
                    }
                }
            }
        }
    }

    #[test]
    fn word_end_is_the_word_tokenizer_end() {
        let texts = [
            "Saint-Pétersbourg l’Ukraine d'Alembert Zelensky’ A--B Ärzte× x÷y Ωmega 12e Mc'Donald- ’a",
            "Oleksandr\u{a0}Syrskyi Kovalenkoqui «Macron» 2024Le ª²x Abc\u{2011}Def-ghi’jk'l",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz-é-ж中\u{301}",
        ];
        for text in texts {
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for &start in &bounds {
                for &limit in bounds.iter().filter(|&&l| l >= start) {
                    let mut want = start;
                    let mut joiner = false;
                    for (j, c) in text[start..limit].char_indices() {
                        if c.is_alphanumeric() {
                            want = start + j + c.len_utf8();
                            joiner = false;
                        } else if matches!(c, '\'' | '’' | '-' | '\u{2011}') && !joiner && j > 0 {
                            joiner = true;
                        } else {
                            break;
                        }
                    }
                    assert_eq!(word_end(text, start, limit), want, "{start}..{limit}");
                }
            }
        }
    }

    /// The `mixed` and `house` rules share one [`NameScan`] per document:
    /// together on one document they find what each finds alone, and the
    /// scan holds the tokens [`scan_line`] gives line by line.
    #[test]
    fn shared_scan_changes_no_finding() {
        use crate::rules::{RuleSet, builtin};
        let text = "Le président Volodymyr Zelenskyy a parlé à Kyiv.\n\
                    Puis Zelensky est revenu à Kiev avec Sergei Shoigu.\n\
                    Alexander Lukashenko et M. Loukachenko, à Minsk. Lukashenko a dit non.\n\
                    Putin Visits Minsk And Presses Lukashenko\n";
        let ids = [
            "name-variant/inconsistent",
            "name-variant/english-transliteration",
        ];
        let policy = Policy::default();
        let cx = EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let run_ids = |enabled: &[&str], doc: &Document| {
            let mut set = RuleSet::load(&builtin::sources("fr")).expect("built-in rules load");
            for r in set.rules_mut() {
                r.enabled = enabled.contains(&r.id.as_str());
            }
            set.reindex();
            let mut found: Vec<(String, (usize, usize), Option<String>)> = set
                .check(doc, &cx)
                .into_iter()
                .map(|f| {
                    let span = (f.span.start, f.span.end);
                    (
                        set.rules()[f.rule].id.clone(),
                        span,
                        f.message.map(|m| m.en),
                    )
                })
                .collect();
            found.sort();
            found
        };
        let together = run_ids(&ids, &Document::from_text(text));
        let mut alone: Vec<_> = ids
            .iter()
            .flat_map(|id| run_ids(&[id], &Document::from_text(text)))
            .collect();
        alone.sort();
        assert_eq!(together, alone);
        assert!(together.iter().any(|f| f.0 == ids[0]), "{together:?}");
        assert!(together.iter().any(|f| f.0 == ids[1]), "{together:?}");

        let doc = Document::from_text(text);
        let scan = NameScan::new(&doc, false);
        let mut want = Vec::new();
        for line in doc.lines() {
            scan_line(doc.text(), line, false, &mut want);
        }
        let got: Vec<(usize, usize)> = scan.toks.iter().map(|t| (t.start, t.end)).collect();
        let want: Vec<(usize, usize)> = want.iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(got, want);
        for t in &scan.toks {
            let form = &scan.forms[t.form as usize];
            assert_eq!(&doc.text()[form.clone()], &doc.text()[t.start..t.end]);
        }
    }

    /// A tiny xorshift generator of awkward texts for the equivalence
    /// tests below.
    fn random_texts(alphabet: &[&str], count: usize, len: usize) -> Vec<String> {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        (0..count)
            .map(|round| {
                (0..1 + round % len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[(seed % alphabet.len() as u64) as usize]
                    })
                    .collect()
            })
            .collect()
    }

    /// Looking back from the scanned names finds the French generic words
    /// that the search of the article finds.
    #[test]
    fn french_before_name_is_the_article_search() {
        let alphabet = [
            "parc ",
            "Parc ",
            "parce ",
            "rue ",
            "place ",
            "de ",
            "du ",
            "de la ",
            "d’",
            "d'",
            "Hudson",
            "Hyde",
            "Hyde-Park",
            " Park",
            " River",
            "Saint-Louis",
            "Saint",
            "x",
            " ",
            "\n",
            ". ",
            "é",
            "l’",
        ];
        for text in random_texts(&alphabet, 3000, 14) {
            let doc = Document::from_text(&text);
            let scan = NameScan::new(&doc, false);
            let t = doc.text();
            let forms = Forms {
                text: scan.forms.iter().map(|r| &t[r.clone()]).collect(),
                kind: scan.kinds.clone(),
                data: Vec::new(),
            };
            let mut by_name = NameStarts::default();
            for name in ["Hudson", "Hyde", "Hyde-Park", "Saint-Louis", "Saint"] {
                for (fr, generic) in [("parc", "Park"), ("rue", "Street"), ("place", "River")] {
                    let want = french_ends(t, fr).get(alnum_run(name)).is_some_and(|ends| {
                        ends.iter().any(|&e| french_after(t, e, name, generic))
                    });
                    let got = french_before_name(t, &scan, &forms, &mut by_name, fr, name, generic);
                    assert_eq!(got, want, "{text:?} {name} {fr}");
                }
            }
        }
    }

    #[test]
    fn no_panic_on_odd_input() {
        let e = engine(HOUSE);
        for text in [
            "",
            "’",
            "l’",
            "L’É",
            "Kiev",
            "Kyiv/",
            "(Kyiv",
            "M.",
            "É é É",
            "Zelenskyy\u{301}",
            "a\u{a0}Kyiv\u{a0}(Kiev",
            "Dynamo",
            "Kyïv Kiev Kyiv\r\n",
        ] {
            let _ = run(&*e, text);
        }
    }
}
