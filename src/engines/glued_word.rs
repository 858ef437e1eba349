//! `glued-word`: two words joined by a lost space.
//!
//! # What it catches
//!
//! Machine translation and scraping lose the space at the edge of a link, a
//! bracket or a quotation mark, and the article ends up with tokens such as
//! `Zelenskyqui` (*Zelensky qui*), `Bakhmutthéâtre` (*Bakhmut théâtre*),
//! `Peskova qualifié` (*Peskov a qualifié*), `le25 mars`,
//! `samediDésemparés` or `[these talks]des`. A reader stumbles on them, a
//! search engine indexes a word that does not exist, and a spell checker
//! shrugs because it does not know the names.
//!
//! The engine has several *signals*, each precise on its own; a rule chooses
//! the signals it reports with the `signals` option. The built-in rules are
//! `glued-word/bracket` (the `bracket` signal, a byte scan) and
//! `glued-word/lost-space` (`digit`, `case`, `lexicon`, `name-auxiliary`,
//! which share one pass over the words); a project can split them further
//! to give each signal its own id and severity, at the cost of one pass
//! each.
//!
//! | signal | catches | evidence required |
//! |---|---|---|
//! | `bracket` | `[these talks]des`, `»de`, `”et`, `(AFP)Le`, `de«`, `mot“Texte` | a closing bracket or quotation mark directly followed by a letter, or an opening one directly preceded by one |
//! | `digit` | `le25 mars`, `25mars`, `2020la`, `2022Le`, `Dupont45 ans`, `Journal24/04/2025` | a French function word glued to a number, or a number glued to a French word of three letters or more that is not a unit or an ordinal suffix, or a year or number glued to a capitalised function word; or a capitalised word glued to an age (`45 ans`) or a date `jj/mm/aaaa` |
//! | `case` | `samediDésemparés`, `àMayotte`, `KyivLe`, `JeanDupont`, `Le JournalLe Journal` | a lowercase French word followed, inside the token, by a capitalised word or name; or a known name followed by a capitalised function word (`Le`, `Selon`…) that starts the next sentence; or two capitalised words glued when the article also writes them apart (`Jean Dupont`; not two common words such as `EnfantBleu`, not after a particle `Mc`, `Mac`, `De`, `Le`, `La`, `Di`…), or a title printed twice with the space lost between the copies |
//! | `lexicon` | `Zelenskyqui`, `Bakhmutthéâtre`, `Poutinedes`, `Zelenskyl'a` | the token is not a word; its left part is a name *known from the article* (the same capitalised token appears elsewhere) or from the name list, and its right part a French function word (`qui`, `des`, `dans`…), a frequent French word of five letters or more, or an elided word (`l'a`, `d'un`, `qu'il`); a lowercase token needs a frequent French word of five letters or more plus a function word (`russequi`) |
//! | `lexicon` (names) | `Oleksiy Kovalenkoqui` | a capitalised token after a first name, unknown to the lexicon, ending with a function word that no name ends with (`qui`, `dans`, `avec`, `selon`, `depuis`, `après`, `était`; not `-que`, `-des`, `-ont`, `-pour`: `Monique`, `Dumont`, `Jahanpour`) |
//! | `name-auxiliary` | `Peskova qualifié` | a capitalised token that is not a word, equal to a known name plus `a`, directly followed by a past participle (`qualifié`, `dit`, `pris`, `ouvert`…): *Peskov a qualifié* |
//! | `lowercase` | `lesbénévoles`, `dela`, `surle`, `unepartie` | a lowercase token made of a French function word (`les`, `de`, `sur`, `une`…) and either another one (`de`+`la`) or a word of three letters or more with zipf ≥ `min-glue-zipf`, that is not a real word: not in `lexicon/fr-glue-quiet.txt` (every Hunspell form that splits so, with and without accents: `dessert`, `surtout`, `lequel`, `debut`), not English (`online`) nor a known foreign word (`desde`, `parla`) |
//! | `punctuation` | `lui.Selon`, `maillot,Eh`, `ville..site.de` | a full stop or comma between a word of two letters or more (with a lowercase letter) and a capitalised word of lowercase letters; or a doubled full stop between a word and a web address |
//! | `lexicon-weak` | `Macrondes` in an article that never mentions Macron alone | like `lexicon`, but the left part is only known to the lexicon and the right part must be a function word; uncertain (foreign names end in `-des`, `-que`…), so no built-in rule uses it: add an `info` rule with `signals = ["lexicon-weak"]` to get it |
//!
//! Each finding names the split (`“Zelenskyqui” looks like “Zelensky qui”
//! glued together`) and offers a fix that inserts the space. The fix is
//! `unsafe`: a human should look at it.
//!
//! # Options
//!
//! | option | default | meaning |
//! |---|---|---|
//! | `signals` | all but `lexicon-weak` | the signals this rule reports (see above) |
//! | `min-left` | 4 | minimum length, in letters, of the left part of a lexicon split |
//! | `min-content-zipf` | 4.3 | minimum zipf frequency of a right part that is not a function word (`théâtre` is 4.9) |
//! | `min-content-len` | 5 | minimum length of such a right part |
//! | `names` | `[]` | extra known names (stems), e.g. the house list of people the publication covers |
//! | `min-glue-zipf` | 4.0 | minimum zipf frequency of the right part of a `lowercase` split that is not a function word; at least 3.5, the frequency `lexicon/fr-glue-quiet.txt` was generated for |
//!
//! The publication's house names (`[names]` in `.auditrc.toml`) are known
//! stems too, as are the news names of `lexicon/extra-fr.txt`.
//!
//! # Traps it avoids
//!
//! - A token that is itself in the lexicon is never split, and only tokens
//!   made of letters are split (`porte-parole`, `aujourd’hui` never are).
//! - Rare real words and foreign names split into two words by accident
//!   (`Grésilles` = `Grésil|les`, `Jahanpour` = `Jahan|pour`): the left part
//!   must be a name that the article itself uses on its own (or a listed
//!   name), which is what glue at a link boundary looks like; measured on
//!   2.7 MB of edited French, the `lexicon` signal is almost silent.
//! - CamelCase brands and names (`iPhone`, `YouTube`, `TikTok`, `McDonald`,
//!   `PowerPoint`, `LinkedIn`, `eBay`, `StopCovid`, `bioMérieux`): the `case`
//!   signal needs a token that *starts* in lower case with a French word of
//!   three letters or more (or a one-letter preposition such as `à`) that is
//!   not a prefix, and a right part that is a word or a name.
//! - Codes and numbers: `COVID-19`, `U17`, `G7`, `A380`, `4x4`, `3D`, `5G`,
//!   `10h30`, `1er`, `2e`, `1ère`, `XXIe`, `mp3`, `41m2`: the `digit` signal
//!   fires only on a lowercase function word before the digits (`le25`) or a
//!   dictionary word of three letters or more after them (`25mars`).
//! - Inclusive and optional letters in brackets (`ami(e)s`,
//!   `personne(s)`, `(re)découvrir`), Wikipedia reference marks
//!   (`Paris[1]`), and an ASCII `"` whose side cannot be told (a line with
//!   an odd number of them) are left alone.
//! - A capitalised token with an inner capital is glue only when its left
//!   part is a name known from the article and its right part a capitalised
//!   function word (`KyivLe`); `LaLiga`, `PlayStation` are not. A number
//!   before a capitalised word is glue only for a year or a function word
//!   (`2022Le`), not for brands (`4Runner`, `3Com`).
//! - An elided word glued to a name (`Zelenskyl'a`) must go on in lower
//!   case: `Jeand'Heurs` (a place), `D'Alembert`, `O'Neill` and the English
//!   possessive `Macron's` are left alone.
//! - Hashtags (`#JeSuisCharlie`), `@handles`, URLs and e-mail addresses are
//!   skipped.
//! - `Peskova` alone is a real name (Peskov's daughter): the
//!   `name-auxiliary` signal needs the participle right after it, which a
//!   feminine name does not take without an auxiliary.
//!
//! Not caught on purpose: glue inside hyphenated tokens, two lowercase
//! content words glued together (`guerretotale`: French morphology makes
//! this too noisy), and glue whose left part is unknown to both the article
//! and the lexicon.
//!
//! # Cost
//!
//! One pass shapes every token and keeps the few candidates; the
//! article's capitalised words and the verdict on each distinct candidate
//! are kept in per-article maps keyed by the word's bytes for words of at
//! most 15 bytes (no string comparison against the first occurrence).

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::LazyLock;

use serde::Deserialize;

use super::tokens::{Fx, next_marked, short_key, tokens};
use super::{Engine, EngineContext, Prior};
use crate::diagnostic::{Applicability, Finding, Fix, Scope};
use crate::document::Document;
use crate::lexicon::{Lexicon, english_score};
use crate::messages::Localized;

/// The sub-signals of the engine (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signal {
    /// Closing bracket or quote followed by a letter, or the reverse.
    Bracket,
    /// Function word glued to a number, or a number to a word.
    Digit,
    /// Lowercase word followed by a capitalised one inside a token.
    Case,
    /// Known name + French word, from the lexicon and the article.
    Lexicon,
    /// Known name + `a` before a past participle.
    NameAuxiliary,
    /// Lexicon-only stem + function word (uncertain).
    LexiconWeak,
    /// Full stop or comma glued to the next sentence (`lui.Selon`), or a
    /// doubled full stop glued to a web address (`ville..site.fr`).
    Punctuation,
    /// Lowercase function word glued to a word (`lesbénévoles`, `dela`).
    Lowercase,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    #[serde(default = "default_signals")]
    signals: Vec<Signal>,
    #[serde(default = "default_min_left")]
    min_left: usize,
    #[serde(default = "default_min_content_zipf")]
    min_content_zipf: f32,
    #[serde(default = "default_min_content_len")]
    min_content_len: usize,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default = "default_min_glue_zipf")]
    min_glue_zipf: f32,
}

fn default_signals() -> Vec<Signal> {
    vec![
        Signal::Bracket,
        Signal::Digit,
        Signal::Case,
        Signal::Lexicon,
        Signal::NameAuxiliary,
    ]
}
fn default_min_left() -> usize {
    4
}
fn default_min_content_zipf() -> f32 {
    4.3
}
fn default_min_content_len() -> usize {
    5
}
fn default_min_glue_zipf() -> f32 {
    4.0
}

/// The lowest `min-glue-zipf` accepted: `lexicon/fr-glue-quiet.txt` lists
/// the real words that split at this frequency (see
/// `tools/build-glue-quiet.py`); below it, real words would be reported.
const GLUE_ZIPF_FLOOR: f32 = 3.5;

/// The engine, built from a rule's options.
#[derive(Debug)]
pub struct GluedWord {
    signals: Vec<Signal>,
    min_left: usize,
    min_content_zipf: f32,
    min_content_len: usize,
    /// Extra known stems, capitalised (`Zelensky`).
    names: HashSet<String, BuildHasherDefault<Fx>>,
    min_glue_zipf: f32,
}

/// Builds the engine from its options table.
pub fn build(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    let o: Options = super::options(table)?;
    if o.signals.is_empty() {
        return Err("`signals` must name at least one signal".into());
    }
    if o.min_left == 0 || o.min_content_len == 0 {
        return Err("`min-left` and `min-content-len` must be at least 1".into());
    }
    if o.min_glue_zipf < GLUE_ZIPF_FLOOR {
        return Err(format!(
            "`min-glue-zipf` must be at least {GLUE_ZIPF_FLOOR}"
        ));
    }
    Ok(Box::new(GluedWord {
        signals: o.signals,
        min_left: o.min_left,
        min_content_zipf: o.min_content_zipf,
        min_content_len: o.min_content_len,
        names: o.names.iter().map(|n| capitalise(n)).collect(),
        min_glue_zipf: o.min_glue_zipf,
    }))
}

/// French function words that follow a glued name (`Zelenskyqui`,
/// `Poutinedes`): frequent, and rarely the end of a real word that the
/// lexicon does not know. The engine matches them with
/// `is_function_right`; this list is its reference in tests.
#[cfg(test)]
const FUNCTION_RIGHT: &[&str] = &[
    "après", "aux", "avant", "avec", "comme", "dans", "depuis", "des", "dont", "elle", "est",
    "les", "mais", "ont", "par", "pour", "que", "qui", "selon", "sont", "sur", "une", "était",
];

/// The subset of the function words (`is_function_right`) trusted with a stem known only to the
/// lexicon (`lexicon-weak`): name endings such as `-les`, `-une`, `-pour`
/// (`Grésilles`, `Jahanpour`) are left out.
const FUNCTION_RIGHT_WEAK: &[&str] = &[
    "avec", "dans", "des", "dont", "est", "ont", "que", "qui", "sont", "était",
];

/// Lowercase words that may be glued before a number (`le25 mars`).
const DIGIT_LEFT: &[&str] = &[
    "au", "aux", "avant", "avec", "dans", "de", "depuis", "des", "du", "dès", "en", "entre", "et",
    "jusqu", "la", "le", "les", "par", "pour", "sous", "sur", "vers", "à",
];

/// Letters after a number that are units, ordinal or time suffixes rather
/// than a glued word (`1ère`, `10h30`, `41m2`, `5km`).
const DIGIT_RIGHT_OK: &[&str] = &[
    "ans", "bis", "cal", "cts", "eme", "emes", "ers", "gbps", "ghz", "hab", "ieme", "iemes",
    "ième", "ièmes", "kbps", "kcal", "khz", "kmh", "kms", "kwh", "mah", "mbps", "mhz", "min",
    "mph", "nde", "ndes", "res", "sec", "ter", "tonnes", "ème", "èmes", "ère", "ères",
];

/// Function words that no name ends with, for surnames glued after a first
/// name (`Oleksiy Kovalenkoqui`). `-que`, `-des`, `-ont`, `-pour` are left
/// out: `Monique`, `Nasrides`, `Dumont`, `Jahanpour`.
const NAME_GLUE_RIGHT: &[&str] = &["après", "avec", "dans", "depuis", "qui", "selon", "était"];

/// Does a token ending like [`NAME_GLUE_RIGHT`] end the candidate?
fn ends_name_glue(w: &str) -> bool {
    NAME_GLUE_RIGHT.iter().any(|r| w.ends_with(r))
}

/// Is the capitalised token starting at `at` a first name, not the first
/// word of a sentence or a line (`Selon Kovalenko…`)?
fn after_first_name(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\u{a0}']);
    !(before.is_empty()
        || before.ends_with(['.', '!', '?', '\n', '«', '“', '"', ':', '(', '[', '—', '–']))
}

/// Capitalised French function words that start a sentence, for names
/// glued to the next sentence (`KyivLe`). Sorted.
const CAP_FUNCTION: &[&str] = &[
    "Après", "Au", "Aux", "Avant", "Avec", "Ce", "Ces", "Cette", "Dans", "De", "Depuis", "Des",
    "Du", "Elle", "Elles", "En", "Et", "Il", "Ils", "La", "Le", "Les", "Leur", "Lors", "Mais",
    "Nous", "On", "Par", "Pour", "Sa", "Selon", "Ses", "Son", "Sur", "Un", "Une", "Vous",
];

/// Short French words allowed as the left part of a case split (`àMayotte`).
const CASE_SHORT_LEFT: &[&str] = &[
    "a", "au", "ce", "de", "du", "en", "et", "il", "la", "le", "ne", "on", "ou", "où", "sa", "se",
    "un", "y", "à",
];

/// Left parts of a case split that are prefixes or brand particles
/// (`bioMérieux`, `ecoBoost`, `macOS`).
const CASE_PREFIXES: &[&str] = &[
    "anti", "auto", "bio", "co", "cyber", "eco", "euro", "giga", "hyper", "info", "iso", "mac",
    "maxi", "mega", "micro", "mini", "multi", "méga", "néo", "post", "pro", "super", "techno",
    "télé", "ultra", "web", "éco",
];

/// Words ending like a past participle that are not one (`qui`, `lui`).
const NOT_PARTICIPLE: &[&str] = &[
    "aujourd'hui",
    "aussi",
    "depuis",
    "dessous",
    "dessus",
    "du",
    "ici",
    "jusqu'ici",
    "lui",
    "ni",
    "oui",
    "parmi",
    "puis",
    "qui",
    "si",
    "sous",
    "tu",
    "voici",
];

/// Past participles ending in `-ait` (the imperfect `-ait` is excluded).
const PARTICIPLE_AIT: &[&str] = &[
    "distrait",
    "extrait",
    "fait",
    "refait",
    "satisfait",
    "soustrait",
];

/// News names shipped with the lexicon (`lexicon/extra-fr.txt`), written
/// capitalised as in text (`Zelensky`): known stems even when the article
/// does not use them on their own.
static LIST_NAMES: LazyLock<HashSet<String, BuildHasherDefault<Fx>>> = LazyLock::new(|| {
    include_str!("../../lexicon/extra-fr.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .map(capitalise)
        .collect()
});

/// `zelensky` → `Zelensky` (the form a stem has inside a capitalised token).
fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// A per-article map of words: those of at most 15 bytes keyed by their
/// bytes ([`short_key`]), so that a lookup compares numbers in the table
/// instead of following a `&str` to its first occurrence in the article
/// (a cache miss and a `memcmp` call, on every capitalised and every
/// glue-shaped token); longer words by their text.
struct WordMap<'a, V> {
    short: HashMap<u128, V, BuildHasherDefault<Fx>>,
    long: HashMap<&'a str, V, BuildHasherDefault<Fx>>,
}

impl<'a, V: Copy> WordMap<'a, V> {
    fn new() -> Self {
        WordMap {
            short: HashMap::default(),
            long: HashMap::default(),
        }
    }

    fn get(&self, w: &str) -> Option<V> {
        match short_key(w) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(w).copied(),
        }
    }

    fn contains(&self, w: &str) -> bool {
        self.get(w).is_some()
    }

    /// The value of `w`, computed by `f` the first time.
    fn get_or_insert_with(&mut self, w: &'a str, f: impl FnOnce() -> V) -> V {
        match short_key(w) {
            Some(k) => *self.short.entry(k).or_insert_with(f),
            None => *self.long.entry(w).or_insert_with(f),
        }
    }
}

impl Engine for GluedWord {
    fn check(
        &self,
        doc: &Document,
        cx: &EngineContext<'_>,
        rule: usize,
        _prior: Prior<'_>,
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text();
        if text.is_empty() {
            return;
        }
        let has = |s: Signal| self.signals.contains(&s);
        if has(Signal::Bracket) {
            bracket_signal(text, rule, out);
        }
        if has(Signal::Punctuation) {
            punctuation_signal(text, rule, out);
        }
        let french = Lexicon::for_lang(cx.lang).filter(|l| l.lang() == "fr");
        let Some(lex) = french else {
            return;
        };
        let (digit, case, strong, weak, name_aux) = (
            has(Signal::Digit),
            has(Signal::Case),
            has(Signal::Lexicon),
            has(Signal::LexiconWeak),
            has(Signal::NameAuxiliary),
        );
        let lower = has(Signal::Lowercase);
        if !(digit || case || strong || weak || name_aux || lower) {
            return;
        }
        // One pass: shape every token, keep the few candidates.
        let mut caps: Vec<Range<usize>> = Vec::new();
        let mut splits: Vec<Range<usize>> = Vec::new();
        let mut cases: Vec<Range<usize>> = Vec::new();
        let mut auxes: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        // Lowercase glue found (`lesbénévoles`), with its split: judged in
        // the pass, once per distinct token, so that the many tokens of
        // that shape (`depuis`, `leurs`) are not kept.
        let mut glues: Vec<(Range<usize>, usize)> = Vec::new();
        let mut seen_glue: WordMap<'_, Option<usize>> = WordMap::new();
        // Capitalised words written apart (`Sam Altman`), for `name_pair`.
        let mut apart: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let mut last_cap: Option<Range<usize>> = None;
        let mut elisions: Vec<Range<usize>> = Vec::new();
        let mut pending_aux: Option<Range<usize>> = None;
        // Tokens that follow a first name (`Oleksiy Kovalenkoqui`).
        let mut in_names: Vec<Range<usize>> = Vec::new();
        let mut prev_name: Option<Range<usize>> = None;
        for t in tokens(text) {
            if let Some(prev) = pending_aux.take()
                && t.first_lower
            {
                auxes.push((prev, t.range.clone()));
            }
            let w = &text[t.range.clone()];
            if let Some(p) = prev_name.take()
                && strong
                && t.first_upper
                && t.rest_lower
                && t.chars >= 7
                && text.get(p.end..t.range.start) == Some(" ")
                && ends_name_glue(w)
                && after_first_name(text, p.start)
            {
                in_names.push(t.range.clone());
            }
            if t.first_upper && t.rest_lower && t.chars >= 2 {
                if case
                    && let Some(p) = last_cap.take()
                    && matches!(text.get(p.end..t.range.start), Some(" " | "\u{a0}"))
                {
                    apart.push((p, t.range.clone()));
                }
                last_cap = Some(t.range.clone());
                prev_name = Some(t.range.clone());
            } else {
                last_cap = None;
            }
            if t.digit {
                if digit
                    && t.alpha
                    && !t.joiner
                    && let Some(at) = self
                        .digit(lex, w)
                        .or_else(|| name_number(text, t.range.clone()))
                {
                    push_split(text, out, rule, t.range.clone(), at);
                }
                continue;
            }
            if t.first_upper {
                if t.rest_lower || t.chars <= 6 {
                    caps.push(t.range.clone());
                }
                if t.inner_upper && case {
                    cases.push(t.range.clone());
                }
                if t.joiner && strong && t.chars >= 6 {
                    elisions.push(t.range.clone());
                }
                if t.rest_lower {
                    if (strong || weak) && t.chars >= 6 {
                        splits.push(t.range.clone());
                    }
                    if name_aux && t.chars >= 4 && w.ends_with('a') {
                        pending_aux = Some(t.range.clone());
                    }
                }
            } else if t.first_lower {
                if t.inner_upper {
                    if case {
                        cases.push(t.range.clone());
                    }
                } else if strong && t.rest_lower && t.chars >= 8 && ends_weak_function(w) {
                    splits.push(t.range.clone());
                }
                if lower
                    && t.rest_lower
                    && !t.joiner
                    && (4..=24).contains(&t.chars)
                    && starts_glue_left(w)
                    && let Some(at) = seen_glue
                        .get_or_insert_with(w, || lowercase_split(lex, w, self.min_glue_zipf))
                {
                    glues.push((t.range.clone(), at));
                }
            }
        }
        if splits.is_empty()
            && cases.is_empty()
            && auxes.is_empty()
            && elisions.is_empty()
            && in_names.is_empty()
            && glues.is_empty()
        {
            return;
        }
        let mut stems: WordMap<'_, ()> = WordMap::new();
        for r in &caps {
            stems.get_or_insert_with(&text[r.clone()], || ());
        }
        let house: Vec<String> = cx
            .policy
            .names
            .iter()
            .flat_map(|(k, vs)| std::iter::once(k).chain(vs))
            .map(|n| capitalise(n))
            .collect();
        let apart: HashSet<(&str, &str), BuildHasherDefault<Fx>> = if cases.is_empty() {
            HashSet::default()
        } else {
            apart
                .iter()
                .map(|(a, b)| (&text[a.clone()], &text[b.clone()]))
                .collect()
        };
        let ctx = Ctx {
            text,
            lex,
            apart: &apart,
            stems: &stems,
            house: &house,
            engine: self,
        };
        for r in cases {
            if let Some(at) = ctx
                .case(&text[r.clone()])
                .or_else(|| ctx.name_pair(r.clone()))
            {
                push_split(text, out, rule, r, at);
            }
        }
        for r in elisions {
            if let Some(at) = ctx.elision(&text[r.clone()]) {
                push_split(text, out, rule, r, at);
            }
        }
        // Articles repeat their words: judge each distinct token once.
        let mut seen: WordMap<'_, Option<usize>> = WordMap::new();
        for r in splits {
            let w = &text[r.clone()];
            if let Some(at) = seen.get_or_insert_with(w, || ctx.split(w, strong, weak)) {
                push_split(text, out, rule, r, at);
            }
        }
        for r in in_names {
            let w = &text[r.clone()];
            if matches!(seen.get(w), Some(Some(_))) {
                continue; // already reported as a split
            }
            if let Some(at) = ctx.name_glue(w) {
                push_split(text, out, rule, r, at);
            }
        }
        for (r, at) in glues {
            push_split(text, out, rule, r, at);
        }
        for (tok, next) in auxes {
            if let Some(f) = ctx.name_auxiliary(tok, next, rule) {
                out.push(f);
            }
        }
    }
}

/// Does the lowercase token end with one of [`FUNCTION_RIGHT_WEAK`]? The
/// last three bytes are matched first (this runs on every long word), and
/// the suffix `-ique` (`politique`) is morphology, not glue.
fn ends_weak_function(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 3
        && matches!(
            &b[b.len() - 3..],
            b"vec" | b"ans" | b"des" | b"ont" | b"est" | b"que" | b"qui" | b"ait"
        )
        && !w.ends_with("ique")
        && FUNCTION_RIGHT_WEAK.iter().any(|f| w.ends_with(f))
}

/// Is `right` a French function word that follows glued names? A `match` (length first, then
/// bytes): this is on the hot path.
#[inline]
fn is_function_right(right: &str) -> bool {
    matches!(
        right,
        "après"
            | "aux"
            | "avant"
            | "avec"
            | "comme"
            | "dans"
            | "depuis"
            | "des"
            | "dont"
            | "elle"
            | "est"
            | "les"
            | "mais"
            | "ont"
            | "par"
            | "pour"
            | "que"
            | "qui"
            | "selon"
            | "sont"
            | "sur"
            | "une"
            | "était"
    )
}

/// Reports the token `span` split at byte `at` (relative to the token),
/// unless it sits in a hashtag, a handle, a URL or an e-mail address.
fn push_split(text: &str, out: &mut Vec<Finding>, rule: usize, span: Range<usize>, at: usize) {
    if skipped_token(text, span.clone()) {
        return;
    }
    let w = &text[span.clone()];
    let (left, right) = w.split_at(at);
    out.push(Finding {
        rule,
        span,
        message: Some(Localized::new(
            format!("“{w}” looks like “{left} {right}” glued together"),
            format!("« {w} » semble être « {left} {right} » sans l’espace"),
        )),
        fix: Some(Fix {
            replacement: format!("{left} {right}"),
            applicability: Applicability::Unsafe,
        }),
        scope: Scope::Span,
    });
}

impl GluedWord {
    /// `le25`, `25mars`: the byte index of the split.
    fn digit(&self, lex: &Lexicon, w: &str) -> Option<usize> {
        let b = w.as_bytes();
        let first_digit = w.find(|c: char| c.is_ascii_digit())?;
        if first_digit > 0 {
            // letters then digits, nothing after the digits
            let (l, d) = w.split_at(first_digit);
            if d.bytes().all(|x| x.is_ascii_digit())
                && l.chars().all(char::is_lowercase)
                && DIGIT_LEFT.binary_search(&l).is_ok()
            {
                return Some(first_digit);
            }
            return None;
        }
        let end = b.iter().position(|x| !x.is_ascii_digit())?;
        let l = &w[end..];
        let mut lc = l.chars();
        if lc.next().is_some_and(char::is_uppercase) && lc.as_str().chars().all(char::is_lowercase)
        {
            // `2022Le président`: a year or a number before a capitalised
            // function word (`4Runner`, `3Com` are brands).
            let year = end == 4 && matches!(&w[..2], "18" | "19" | "20");
            let func = CAP_FUNCTION.binary_search(&l).is_ok();
            return (func || (year && l.chars().count() >= 2 && lex.contains(l))).then_some(end);
        }
        if l.chars().count() < 3 || !l.chars().all(char::is_lowercase) {
            return None;
        }
        if DIGIT_RIGHT_OK.binary_search(&l).is_ok() {
            return None;
        }
        let z = lex.zipf(l)?;
        (z >= 3.0).then_some(end)
    }
}

struct Ctx<'a> {
    text: &'a str,
    lex: &'static Lexicon,
    /// Pairs of capitalised words written apart (`Sam Altman`).
    apart: &'a HashSet<(&'a str, &'a str), BuildHasherDefault<Fx>>,
    /// Capitalised tokens of the article, as written.
    stems: &'a WordMap<'a, ()>,
    /// House names from the policy, capitalised.
    house: &'a [String],
    engine: &'a GluedWord,
}

impl Ctx<'_> {
    /// Is `stem` (capitalised, as inside a token) a name known from the
    /// article, the options, the house list or the shipped name list?
    fn known_stem(&self, stem: &str) -> bool {
        self.stems.contains(stem)
            || LIST_NAMES.contains(stem)
            || (!self.engine.names.is_empty() && self.engine.names.contains(stem))
            || self.house.iter().any(|h| h == stem)
    }

    /// `samediDésemparés`: lowercase French word + capitalised word.
    fn case(&self, w: &str) -> Option<usize> {
        let mut chars = w.char_indices();
        let (_, c0) = chars.next()?;
        if c0.is_uppercase() {
            return self.pascal(w);
        }
        if !c0.is_lowercase() {
            return None;
        }
        let mut at = None;
        let mut prev_lower = true;
        for (i, c) in chars {
            if !c.is_alphabetic() {
                return None;
            }
            if c.is_uppercase() && prev_lower && at.is_none() {
                at = Some(i);
            }
            prev_lower = c.is_lowercase();
        }
        let at = at?;
        let (left, right) = w.split_at(at);
        let left_len = left.chars().count();
        if CASE_PREFIXES.binary_search(&left).is_ok() {
            return None;
        }
        if left_len < 3 && CASE_SHORT_LEFT.binary_search(&left).is_err() {
            return None;
        }
        let zl = self.lex.zipf(left)?;
        if zl < 3.0 || (left_len >= 3 && english_score(left) >= 0.0) {
            return None;
        }
        let mut rc = right.chars();
        rc.next();
        let rest = rc.as_str();
        let capitalised = !rest.is_empty() && rest.chars().all(char::is_lowercase);
        let acronym = !rest.is_empty() && rest.chars().all(char::is_uppercase);
        if capitalised {
            (self.lex.contains(right) || self.stems.contains(right)).then_some(at)
        } else if acronym {
            self.stems.contains(right).then_some(at)
        } else {
            None
        }
    }

    /// `KyivLe`, `PoutineSelon`: a name known from the article glued to a
    /// capitalised function word that starts the next sentence. CamelCase
    /// brands (`YouTube`, `PowerPoint`) do not end with one.
    fn pascal(&self, w: &str) -> Option<usize> {
        let mut prev_lower = false;
        let at = w.char_indices().find_map(|(i, c)| {
            let hit = c.is_uppercase() && prev_lower;
            prev_lower = c.is_lowercase();
            hit.then_some(i)
        })?;
        let (left, right) = w.split_at(at);
        if left.chars().count() < 3
            || !left.chars().skip(1).all(char::is_lowercase)
            || CAP_FUNCTION.binary_search(&right).is_err()
            || !self.known_stem(left)
            || self.lex.contains(w)
        {
            return None;
        }
        Some(at)
    }

    /// `SamAltman`, `TrịBáo`: two capitalised words glued together, when
    /// the article itself shows them apart: the same two words with a space
    /// (`Sam Altman`), or a title printed twice with the space between the
    /// copies lost (`Le Journal du SoirLe Journal du Soir`). CamelCase
    /// brands and names (`YouTube`, `PlayStation`, `McDonald`, `DeSantis`,
    /// `LeBron`, `MacBook`) are never written apart in the same article;
    /// name particles (`Mc`, `Mac`, `De`, `Le`, `La`, `Di`…) are skipped all
    /// the same.
    fn name_pair(&self, r: Range<usize>) -> Option<usize> {
        let w = self.text.get(r.clone())?;
        let mut prev_lower = false;
        let at = w.char_indices().find_map(|(i, c)| {
            let hit = c.is_uppercase() && prev_lower;
            prev_lower = c.is_lowercase();
            hit.then_some(i)
        })?;
        let (left, right) = w.split_at(at);
        let mut lc = left.chars();
        let mut rc = right.chars();
        if !lc.next().is_some_and(char::is_uppercase)
            || !lc.all(char::is_lowercase)
            || !rc.next().is_some_and(char::is_uppercase)
            || !rc.all(char::is_lowercase)
            || left.chars().count() < 2
            || right.chars().count() < 2
            || NAME_PARTICLES.binary_search(&left).is_ok()
            || self.lex.contains(w)
        {
            return None;
        }
        let text = self.text;
        // The two words apart, elsewhere in the article; not for two common
        // words (`EnfantBleu`, a charity that writes itself both ways).
        let common = |p: &str| self.lex.zipf(p).is_some_and(|z| z >= 4.0);
        if self.apart.contains(&(left, right)) && !(common(left) && common(right)) {
            return Some(at);
        }
        // A title printed twice: `X Y` + `X Y` with the space lost at the
        // junction; the copy must hold a space and start a word.
        let j = r.start + at;
        let b = text.as_bytes();
        let mut n = right.len() + 2;
        while n <= 80 && n <= j && j + n <= b.len() {
            if text.is_char_boundary(j - n)
                && text.is_char_boundary(j + n)
                && b[j - n..j] == b[j..j + n]
                && b[j..j + n].contains(&b' ')
                && text[..j - n]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            {
                return Some(at);
            }
            n += 1;
        }
        None
    }

    /// `Oleksiy Kovalenkoqui`: a surname after a first name, unknown to the
    /// article and the lexicon, glued to a function word that never ends a
    /// name (`qui`, `dans`, `avec`…).
    fn name_glue(&self, w: &str) -> Option<usize> {
        let right = NAME_GLUE_RIGHT.iter().find(|r| w.ends_with(*r))?;
        let at = w.len() - right.len();
        let stem = &w[..at];
        if stem.chars().count() < self.engine.min_left.max(4) || self.lex.contains(w) {
            return None;
        }
        // If the whole glued form is known (from the article, e.g. used
        // again, or from the lexicon), it is a name, not glue.
        if LIST_NAMES.contains(w) || self.engine.names.contains(w) {
            return None;
        }
        Some(at)
    }

    /// `Zelenskyl'a`, `Poutined'un`: a known name glued to an elided word;
    /// the byte index where the elided word starts.
    fn elision(&self, w: &str) -> Option<usize> {
        let apo = w.find(['\'', '’'])?;
        let head = &w[..apo];
        let tail = &w[apo..];
        let after: &str = tail.get(tail.chars().next().map_or(1, char::len_utf8)..)?;
        // `Macron's` is an English possessive; `Jeand'Heurs` a place name:
        // the elided word must go on in lower case (`l'a`, `qu'il`).
        if after == "s" || !after.chars().next().is_some_and(char::is_lowercase) {
            return None;
        }
        if !head.chars().skip(1).all(char::is_lowercase) {
            return None;
        }
        let elided = ELIDED
            .iter()
            .filter(|e| e.len() < head.len() && head.ends_with(*e))
            .max_by_key(|e| e.len())?;
        let at = head.len() - elided.len();
        let stem = &head[..at];
        if stem.chars().count() < self.engine.min_left
            || !self.known_stem(stem)
            || self.lex.contains(head)
            || self.lex.contains(w)
        {
            return None;
        }
        Some(at)
    }

    /// `Zelenskyqui`, `Bakhmutthéâtre`: the byte index of the split. The
    /// token is capitalised (first letter upper case, the rest lower case)
    /// or all lower case.
    fn split(&self, w: &str, strong: bool, weak: bool) -> Option<usize> {
        let n = w.chars().count();
        let capitalised = w.chars().next().is_some_and(char::is_uppercase);
        let min_left = self.engine.min_left;
        let min_content_len = self.engine.min_content_len;
        // Cheap checks first: (byte index, stem known) of plausible splits.
        let mut candidates: [(usize, bool); 4] = [(0, false); 4];
        let mut nc = 0;
        for (k, (i, _)) in w.char_indices().enumerate() {
            if k < min_left || n - k < 2 {
                continue;
            }
            let right = &w[i..];
            let func = is_function_right(right);
            if !func && n - k < min_content_len {
                continue;
            }
            let left = &w[..i];
            let entry = if capitalised && strong && self.known_stem(left) {
                Some((i, true))
            } else if ((weak && capitalised) || (strong && !capitalised))
                && FUNCTION_RIGHT_WEAK.binary_search(&right).is_ok()
            {
                Some((i, false))
            } else {
                None
            };
            if let Some(e) = entry
                && nc < candidates.len()
            {
                candidates[nc] = e;
                nc += 1;
            }
        }
        if nc == 0 || self.lex.contains(w) {
            return None;
        }
        let mut best: Option<(usize, f32)> = None;
        for &(i, known) in &candidates[..nc] {
            let (left, right) = w.split_at(i);
            let Some(zr) = self.lex.zipf(right) else {
                continue;
            };
            let func = is_function_right(right);
            let ok = if known {
                func || (zr >= self.engine.min_content_zipf && english_score(right) <= -1.0)
            } else if capitalised {
                // lexicon-weak: a lexicon stem of five letters or more
                left.chars().count() >= 5 && self.lex.zipf(left).is_some_and(|z| z >= 3.0)
            } else {
                // lowercase token: a frequent French word + a function word
                left.chars().count() >= 5
                    && self.lex.zipf(left).is_some_and(|z| z >= 3.5)
                    && english_score(left) < 0.0
            };
            if !ok {
                continue;
            }
            // Prefer function-word splits, then the more frequent parts.
            let score = zr + if func { 10.0 } else { 0.0 };
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((i, score));
            }
        }
        // The lexicon's own preferred reading must agree: it refuses
        // morphology (`combiner|ont` is the future `combineront`, `Super|…`
        // a prefix).
        let (at, _) = best?;
        if self.lex.best_split(w, 1).map(|(i, _)| i) != Some(at) {
            return None;
        }
        // A lexicon-weak candidate must not be reported by a strong-only
        // rule and vice versa.
        let known = capitalised && self.known_stem(&w[..at]);
        match (capitalised, known) {
            (true, true) if strong => Some(at),
            (true, false) if weak => Some(at),
            (false, _) if strong => Some(at),
            _ => None,
        }
    }

    /// `Peskova qualifié` → `Peskov a qualifié`.
    fn name_auxiliary(
        &self,
        tok: Range<usize>,
        next: Range<usize>,
        rule: usize,
    ) -> Option<Finding> {
        let w = &self.text[tok.clone()];
        let stem = w.strip_suffix('a')?;
        if self.text.get(tok.end..next.start) != Some(" ") {
            return None;
        }
        let p = &self.text[next.clone()];
        if !is_participle_shape(p) || NOT_PARTICIPLE.binary_search(&p).is_ok() {
            return None;
        }
        if self.lex.zipf(p).is_none_or(|z| z < 2.5) || self.lex.contains(w) {
            return None;
        }
        if !(self.known_stem(stem) || self.lex.zipf(stem).is_some_and(|z| z >= 2.0)) {
            return None;
        }
        if skipped_token(self.text, tok.clone()) {
            return None;
        }
        Some(Finding {
            rule,
            span: tok,
            message: Some(Localized::new(
                format!(
                    "“{w} {p}” looks like “{stem} a {p}”: the space before the auxiliary “a” is lost"
                ),
                format!(
                    "« {w} {p} » semble être « {stem} a {p} » : l’espace avant l’auxiliaire « a » a disparu"
                ),
            )),
            fix: Some(Fix {
                replacement: format!("{stem} a"),
                applicability: Applicability::Unsafe,
            }),
            scope: Scope::Span,
        })
    }
}

/// Lowercase word shaped like a French past participle (`qualifié`, `dit`,
/// `pris`, `ouvert`, `craint`, `vendu`).
fn is_participle_shape(p: &str) -> bool {
    if !p.chars().next().is_some_and(char::is_lowercase)
        || !p.chars().all(char::is_alphabetic)
        || p.chars().count() < 2
    {
        return false;
    }
    if p.ends_with("ait") {
        return PARTICIPLE_AIT.binary_search(&p).is_ok();
    }
    if p.ends_with("ai") || p.ends_with("ais") || (p.ends_with("ui") && p.len() <= 4) {
        return false;
    }
    ["é", "i", "u", "û", "is", "it", "ert", "aint", "eint", "ort"]
        .iter()
        .any(|e| p.ends_with(e))
}

/// Tokens inside hashtags, @handles, URLs and e-mail addresses.
fn skipped_token(text: &str, r: Range<usize>) -> bool {
    let before = &text[..r.start];
    if before.ends_with(['#', '@']) {
        return true;
    }
    let chunk_start = before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let after = &text[r.end..];
    let chunk_end = after
        .find(char::is_whitespace)
        .map_or(text.len(), |i| r.end + i);
    let chunk = &text[chunk_start..chunk_end];
    chunk.contains("://")
        || chunk.contains("www.")
        || chunk.contains('@')
        || chunk.contains('#')
        || (chunk.contains('/') && chunk.contains('.'))
}

/// Elided words that a stray quote may stand for the apostrophe of.
const ELIDED: &[&str] = &[
    "c", "d", "j", "jusqu", "l", "lorsqu", "m", "n", "puisqu", "qu", "s", "t",
];

/// Bytes that start a bracket, a quotation mark or a line.
const MARK_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let marks = [b'\n', b']', b')', b'[', b'(', b'"', 0xC2, 0xE2];
    let mut i = 0;
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    t
};

/// French function words that start a glued lowercase token
/// (`lesbénévoles`, `dela`, `etle`), longest first so that `des|` wins over
/// `de|`. Keep in sync with `tools/build-glue-quiet.py`.
const GLUE_LEFT: &[&str] = &[
    "cette", "dans", "elles", "leurs", "avec", "elle", "leur", "pour", "sont", "aux", "ces", "des",
    "est", "ils", "les", "par", "que", "qui", "ses", "son", "sur", "une", "au", "ce", "de", "du",
    "en", "et", "il", "la", "le", "ne", "on", "qu", "sa", "se", "un",
];

/// Left and right parts of a glue of two function words (`dela`,
/// `surle`, `dansles`). Sorted.
const GLUE_PAIR_LEFT: &[&str] = &[
    "dans", "de", "des", "du", "en", "et", "par", "pour", "que", "qui", "sur",
];
const GLUE_PAIR_RIGHT: &[&str] = &["des", "du", "la", "le", "les", "un", "une"];

/// Foreign words that split like French glue (`desde`, `parla`, `sede`).
/// Sorted.
const GLUE_FOREIGN: &[&str] = &[
    "aula", "desde", "ense", "illa", "parla", "quien", "quique", "sede", "sela",
];

/// Real French words that the `lowercase` signal would split
/// (`dessert`, `surtout`, `lequel`), generated by
/// `tools/build-glue-quiet.py`; sorted by bytes.
static GLUE_QUIET: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../../lexicon/fr-glue-quiet.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Does `w` start with a function word of [`GLUE_LEFT`]? A byte test
/// first: this runs on every lowercase word.
#[inline]
fn starts_glue_left(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() < 4 {
        return false;
    }
    // Exactly "starts with a shorter word of GLUE_LEFT" (`w` has four
    // bytes or more): two bytes where a two-letter word starts them all,
    // more where only a longer word does (`pa` is `par`, `po` is `pour`).
    let long = b.len() >= 5;
    match (b[0], b[1]) {
        (b'a', b'u')
        | (b'c', b'e')
        | (b'd', b'e' | b'u')
        | (b'e', b'n' | b't')
        | (b'i', b'l')
        | (b'l', b'a' | b'e')
        | (b'n', b'e')
        | (b'o', b'n')
        | (b'q', b'u')
        | (b's', b'a' | b'e')
        | (b'u', b'n') => true,
        (b'e', b's') => b[2] == b't',
        (b'p', b'a') | (b's', b'u') => b[2] == b'r',
        (b's', b'o') => b[2] == b'n',
        (b'a', b'v') => long && &b[2..4] == b"ec",
        (b'd', b'a') => long && &b[2..4] == b"ns",
        (b'e', b'l') => long && &b[2..4] == b"le",
        (b'p', b'o') => long && &b[2..4] == b"ur",
        _ => false,
    }
}

/// `lesbénévoles` → `les|bénévoles`, `dela` → `de|la`: a lowercase token
/// made of a function word and either another function word or a frequent
/// word of three letters or more, that is not a real word (not in
/// [`GLUE_QUIET`]), English (`online`) or a known foreign word. The byte
/// index of the split.
fn lowercase_split(lex: &Lexicon, w: &str, min_zipf: f32) -> Option<usize> {
    if !w.chars().all(char::is_lowercase)
        || GLUE_QUIET.binary_search(&w).is_ok()
        || GLUE_FOREIGN.binary_search(&w).is_ok()
    {
        return None;
    }
    let left = GLUE_LEFT
        .iter()
        .find(|l| w.len() > l.len() && w.starts_with(*l))?;
    let right = &w[left.len()..];
    let pair = GLUE_PAIR_LEFT.binary_search(left).is_ok()
        && GLUE_PAIR_RIGHT.binary_search(&right).is_ok()
        && right != *left;
    let content =
        !pair && right.chars().count() >= 3 && lex.zipf(right).is_some_and(|z| z >= min_zipf);
    if !(pair || content) || Lexicon::english().zipf(w).is_some_and(|z| z >= 3.0) {
        return None;
    }
    Some(left.len())
}

/// Name particles and prefixes of CamelCase names (`McDonald`, `DeSantis`,
/// `LeBron`, `MacBook`, `DiCaprio`, `VanDyke`), never split by `name_pair`.
/// Sorted.
const NAME_PARTICLES: &[&str] = &[
    "Abu", "Al", "Ben", "Bin", "Da", "Das", "De", "Del", "Della", "Des", "Di", "Do", "Dos", "Du",
    "El", "Fitz", "La", "Las", "Le", "Les", "Lo", "Los", "Mac", "Mc", "San", "St", "Ste", "Ten",
    "Ter", "Van", "Von",
];

/// `Dupont45 ans`, `Quotidien24/04/2025`: a capitalised word glued to an
/// age (a number followed by `ans`) or to a date `jj/mm/aaaa`; the byte
/// index of the split inside the token. Brand codes (`Europe1`,
/// `France24`, `Ligue1`) are not followed by `ans` nor by a date.
fn name_number(text: &str, r: Range<usize>) -> Option<usize> {
    let w = text.get(r.clone())?;
    let p = w.find(|c: char| c.is_ascii_digit())?;
    let (left, digits) = w.split_at(p);
    let mut lc = left.chars();
    if p == 0
        || !lc.next().is_some_and(char::is_uppercase)
        || !lc.all(char::is_lowercase)
        || left.chars().count() < 2
        || !digits.bytes().all(|x| x.is_ascii_digit())
    {
        return None;
    }
    let after = &text[r.end..];
    let age = digits.len() <= 3 && {
        let rest = after.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
        rest.len() < after.len()
            && rest.starts_with("ans")
            && !rest[3..].chars().next().is_some_and(char::is_alphanumeric)
    };
    let date = digits.len() <= 2 && {
        let a = after.as_bytes();
        let run = |i: usize| {
            a[i.min(a.len())..]
                .iter()
                .take_while(|x| x.is_ascii_digit())
                .count()
        };
        let m = if a.first() == Some(&b'/') { run(1) } else { 0 };
        let y = if (1..=2).contains(&m) && a.get(1 + m) == Some(&b'/') {
            run(2 + m)
        } else {
            0
        };
        y == 2 || y == 4
    };
    (age || date).then_some(p)
}

/// Common abbreviations written with a full stop, which may be followed by
/// a capitalised name without a space in sloppy but edited copy
/// (`St.Louis`, `Dr.House`): never reported by the punctuation signal.
/// Compared case-insensitively. Sorted.
const ABBREVIATIONS: &[&str] = &[
    "adj", "al", "ap", "apr", "art", "av", "bd", "boul", "capt", "cdt", "cf", "chap", "cie", "co",
    "col", "corp", "dr", "ed", "etc", "ex", "fig", "gal", "gen", "gov", "gén", "hon", "ibid",
    "inc", "jr", "lt", "ltd", "me", "mgr", "mlle", "mm", "mme", "mr", "mrs", "ms", "mt", "no",
    "op", "ph", "pr", "prof", "pt", "rep", "rev", "sen", "sgt", "sr", "st", "ste", "vol", "vs",
];

/// Top-level domains written after a full stop with a capital (`Lemonde.Fr`).
const TLDS: &[&str] = &[
    "Be", "Ca", "Ch", "Com", "De", "Es", "Eu", "Fr", "Info", "Io", "It", "Lu", "Net", "Org", "Tv",
    "Uk",
];

/// `lui.Selon`, `Maillot,Eh`: a full stop or a comma glued to the next
/// word, a capitalised word of lowercase letters; and `ville..site.fr`, a
/// doubled full stop glued to a web address (a caption glued to its
/// credit). Skipped: a left part of one letter (initials `J.P.Morgan`,
/// `U.S.Army`) or without a lowercase letter (`ASP.Net`), abbreviations
/// (`St.Louis`), decimal numbers, domains (`Lemonde.Fr`), code
/// (`Console.WriteLine`, `Math.Round(`), URLs, e-mails, hashtags, paths.
fn punctuation_signal(text: &str, rule: usize, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let Some(k) = b[i..].iter().position(|&x| x == b'.' || x == b',') else {
            break;
        };
        let at = i + k;
        i = at + 1;
        if at == 0 {
            continue;
        }
        // The word before: letters only, back to a non-letter.
        let before = &text[..at];
        let left_start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphabetic())
            .last()
            .map_or(at, |(s, _)| s);
        let left = &text[left_start..at];
        if left.is_empty() {
            continue;
        }
        // `ville..site.fr`: doubled full stop before a web address.
        if b[at] == b'.' && b.get(at + 1) == Some(&b'.') {
            if b.get(at + 2).is_some_and(u8::is_ascii_lowercase)
                && left.chars().any(char::is_lowercase)
                && b.get(at.wrapping_sub(left.len() + 1)) != Some(&b'.')
            {
                let s = at + 2;
                let host = b[s..]
                    .iter()
                    .take_while(|x| x.is_ascii_alphanumeric() || **x == b'-' || **x == b'.')
                    .count();
                let h = text[s..s + host].trim_end_matches('.');
                let tld = h.rsplit('.').next().unwrap_or("");
                if h.contains('.')
                    && !h.contains("..")
                    && (2..=6).contains(&tld.len())
                    && tld.bytes().all(|x| x.is_ascii_lowercase())
                {
                    let span = left_start..s + h.len();
                    out.push(Finding {
                        rule,
                        span,
                        message: Some(Localized::new(
                            format!(
                                "“{left}..{h}”: text glued to a web address (a caption glued to its credit?)"
                            ),
                            format!(
                                "« {left}..{h} » : texte collé à une adresse web (une légende collée à son crédit ?)"
                            ),
                        )),
                        fix: Some(Fix {
                            replacement: format!("{left}. {h}"),
                            applicability: Applicability::Unsafe,
                        }),
                        scope: Scope::Span,
                    });
                }
            }
            i = at + 2;
            continue;
        }
        // The word after: a capital, then lowercase letters only.
        let after = &text[at + 1..];
        let mut chars = after.char_indices();
        if !chars.next().is_some_and(|(_, c)| c.is_uppercase()) {
            continue;
        }
        let mut end = after.len();
        let mut inner_ok = true;
        let mut n = 1;
        for (j, c) in chars {
            if c.is_lowercase() {
                n += 1;
                continue;
            }
            if c.is_alphanumeric() || matches!(c, '_' | '(' | '.' | '/' | '@' | '\\' | '=') {
                inner_ok = false;
            }
            end = j;
            break;
        }
        let right = &after[..end];
        let lower_left = left.to_lowercase();
        if !inner_ok
            || n < 2
            || left.chars().count() < 2
            || !left.chars().any(char::is_lowercase)
            || (b[at] == b'.' && ABBREVIATIONS.binary_search(&lower_left.as_str()).is_ok())
            || (b[at] == b'.' && TLDS.binary_search(&right).is_ok())
        {
            continue;
        }
        // The character before the word: not part of a code, path or name.
        if text[..left_start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '@' | '#' | '/' | '\\'))
        {
            continue;
        }
        let span = left_start..at + 1 + end;
        if skipped_token(text, span.clone()) {
            continue;
        }
        let p = b[at] as char;
        out.push(Finding {
            rule,
            span,
            message: Some(Localized::new(
                format!("no space after “{p}”: “{left}{p}{right}” joins two words"),
                format!("pas d’espace après « {p} » : « {left}{p}{right} » colle deux mots"),
            )),
            fix: Some(Fix {
                replacement: format!("{left}{p} {right}"),
                applicability: Applicability::Unsafe,
            }),
            scope: Scope::Span,
        });
    }
}

/// `[these talks]des`, `»de`, `de«`: a bracket or quotation mark glued to a
/// word on its outer side. One pass over the bytes; the line around a mark
/// is only looked at when a mark is found.
fn bracket_signal(text: &str, rule: usize, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    let mut line_start = 0;
    // ASCII quotes of the current line: total (computed on the first one)
    // and how many were seen so far.
    let mut line_quotes: Option<usize> = None;
    let mut seen_quotes = 0usize;
    let mut i = 0;
    while i < b.len() {
        // skip to the next byte that can start a mark or a line
        let Some(next) = next_marked(&MARK_BYTE, b, i) else {
            break;
        };
        i = next;
        let here = i;
        i += 1;
        let i = here;
        let c = match b[i] {
            b'\n' => {
                line_start = i + 1;
                line_quotes = None;
                seen_quotes = 0;
                continue;
            }
            b']' => ']',
            b')' => ')',
            b'[' => '[',
            b'(' => '(',
            b'"' => '"',
            0xC2 => match b.get(i + 1) {
                Some(0xAB) => '«',
                Some(0xBB) => '»',
                _ => continue,
            },
            0xE2 => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(0x9C)) => '“',
                (Some(0x80), Some(0x9D)) => '”',
                _ => continue,
            },
            _ => continue,
        };
        let prev = text[line_start..i].chars().next_back();
        let after = i + c.len_utf8();
        let next = text[after..].chars().next();
        let (is_open, is_close) = match c {
            '"' => {
                seen_quotes += 1;
                let total = *line_quotes.get_or_insert_with(|| {
                    let end = text[i..].find('\n').map_or(text.len(), |e| i + e);
                    seen_quotes - 1 + text[i..end].matches('"').count()
                });
                // An ASCII quote is glued only with a letter on both sides
                // (`la"voie`, `royale"et`); which side is the glue depends
                // on whether it opens or closes.
                if !total.is_multiple_of(2)
                    || !prev.is_some_and(char::is_alphabetic)
                    || !next.is_some_and(char::is_alphabetic)
                {
                    continue;
                }
                (
                    !seen_quotes.is_multiple_of(2),
                    seen_quotes.is_multiple_of(2),
                )
            }
            '[' | '(' | '«' | '“' => (true, false),
            _ => (false, true),
        };
        // `»` and `]` always close; `”` after a space is an opening mark
        // of the wrong kind (a `quotes` matter), not glue.
        let closes = match c {
            '”' | '"' => prev.is_some_and(|p| !p.is_whitespace()),
            _ => true,
        };
        if is_close && closes && next.is_some_and(char::is_alphabetic) {
            let word_end = text[after..]
                .find(|x: char| !x.is_alphabetic())
                .map_or(text.len(), |e| after + e);
            let word = &text[after..word_end];
            if c == ')' && !paren_glue_ok(text, line_start, i, word) {
                continue;
            }
            if c == ']' && !bracket_content_ok(text, line_start, i) {
                continue;
            }
            if skipped_token(text, after..word_end) {
                continue;
            }
            out.push(Finding {
                rule,
                span: i..word_end,
                message: Some(Localized::new(
                    format!(
                        "“{c}{word}” looks like “{c} {word}” glued together: a space is missing after “{c}”"
                    ),
                    format!(
                        "« {c}{word} » semble être « {c} {word} » : il manque une espace après « {c} »"
                    ),
                )),
                fix: Some(Fix {
                    replacement: format!("{c} {word}"),
                    applicability: Applicability::Unsafe,
                }),
                scope: Scope::Span,
            });
        } else if is_open && prev.is_some_and(char::is_alphabetic) {
            // `«` may be followed by a space; the others start their
            // content at once
            let ok_next = match c {
                '«' => next.is_some(),
                _ => next.is_some_and(char::is_alphanumeric),
            };
            if !ok_next || (matches!(c, '(' | '[') && !multiword_content(text, i)) {
                continue;
            }
            let word_start = text[line_start..i]
                .char_indices()
                .rev()
                .take_while(|(_, x)| x.is_alphabetic())
                .last()
                .map_or(i, |(j, _)| line_start + j);
            let word = &text[word_start..i];
            // `d"Inovallée"`: a quote typed for an apostrophe (typography)
            if ELIDED.binary_search(&word.to_lowercase().as_str()).is_ok()
                || skipped_token(text, word_start..i)
            {
                continue;
            }
            out.push(Finding {
                rule,
                span: word_start..after,
                message: Some(Localized::new(
                    format!(
                        "“{word}{c}” looks like “{word} {c}” glued together: a space is missing before “{c}”"
                    ),
                    format!(
                        "« {word}{c} » semble être « {word} {c} » : il manque une espace avant « {c} »"
                    ),
                )),
                fix: Some(Fix {
                    replacement: format!("{word} {c}"),
                    applicability: Applicability::Unsafe,
                }),
                scope: Scope::Span,
            });
        }
    }
}

/// The content of the bracket group that closes at `close_at`, opened by
/// `open` earlier on the same line (which starts at `line_start`).
fn group_before(
    text: &str,
    line_start: usize,
    close_at: usize,
    open: char,
) -> Option<(usize, &str)> {
    let o = line_start + text[line_start..close_at].rfind(open)?;
    Some((o, &text[o + open.len_utf8()..close_at]))
}

/// `(AFP)Le` is glue, `ami(e)s` and `(re)découvrir` are not: the group must
/// start a word and hold several words or a name (`AFP`, `Reuters`).
fn paren_glue_ok(text: &str, line_start: usize, close_at: usize, word: &str) -> bool {
    let Some((o, content)) = group_before(text, line_start, close_at, '(') else {
        return false;
    };
    let starts_word = text[line_start..o]
        .chars()
        .next_back()
        .is_none_or(|p| !p.is_alphanumeric());
    let multi = content.trim().contains(char::is_whitespace);
    let named = content.chars().next().is_some_and(char::is_uppercase);
    starts_word && (multi || named) && word.chars().count() >= 2
}

/// `[these talks]des` and `[…]et` are glue; a reference mark (`[1]`, `[a]`)
/// closing before a word is left alone.
fn bracket_content_ok(text: &str, line_start: usize, close_at: usize) -> bool {
    let Some((_, content)) = group_before(text, line_start, close_at, '[') else {
        return false;
    };
    let letters = content.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 || content.contains('…') || content.contains("...")
}

/// A bracket group opening at `open_at` whose content, on the same line,
/// holds a space: `mot(selon l’AFP)` is glue, `ami(e)s` and `Paris[1]` are
/// not.
fn multiword_content(text: &str, open_at: usize) -> bool {
    let close = if text.as_bytes()[open_at] == b'[' {
        ']'
    } else {
        ')'
    };
    let rest = &text[open_at + 1..];
    let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
    rest.find(close)
        .is_some_and(|e| rest[..e].trim().contains(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;
    use crate::rules::RuleSet;

    fn engine(signals: &[&str]) -> GluedWord {
        let list = signals
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let table: toml::Table = toml::from_str(&format!("signals = [{list}]")).unwrap();
        let o: Options = super::super::options(&table).unwrap();
        GluedWord {
            signals: o.signals,
            min_left: o.min_left,
            min_content_zipf: o.min_content_zipf,
            min_content_len: o.min_content_len,
            names: HashSet::default(),
            min_glue_zipf: o.min_glue_zipf,
        }
    }

    fn run(e: &GluedWord, text: &str) -> Vec<(String, Option<String>)> {
        let (doc, out) = crate::engines::testing::run_engine(e, &Policy::default(), text);
        out.into_iter()
            .map(|f| (doc.text()[f.span].to_owned(), f.fix.map(|x| x.replacement)))
            .collect()
    }

    fn spans(e: &GluedWord, text: &str) -> Vec<String> {
        run(e, text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn lexicon_split_with_article_stem() {
        let e = engine(&["lexicon"]);
        let t = "Le président Zelensky a parlé. Plus tard, Volodymyr Zelenskyqui était à Kyiv, a répété son appel.";
        assert_eq!(
            run(&e, t),
            [("Zelenskyqui".to_owned(), Some("Zelensky qui".to_owned()))]
        );
        let t = "Les combats continuent à Soledar. Dans la ville de Soledarthéâtre des combats, rien ne bouge.";
        assert_eq!(spans(&e, t), ["Soledarthéâtre"]);
        // The listed name is known even when the article never uses it alone.
        let t = "Les troupes tenaient bon à Bakhmutthéâtre des combats les plus durs.";
        assert_eq!(spans(&e, t), ["Bakhmutthéâtre"]);
    }

    #[test]
    fn lexicon_split_stays_quiet_on_names_and_words() {
        let e = engine(&["lexicon"]);
        for t in [
            // rare names that split by accident, stem not in the article
            "Le quartier des Grésilles à Dijon a connu des violences.",
            "L'ambassadeur Jahanpour a été convoqué.",
            // a real word
            "La connaissance du théâtre progresse.",
            // hyphenated and apostrophes
            "Le porte-parole est arrivé aujourd'hui.",
            // a name seen alone, but the glued form is a real name too
            "Pierre est venu avec Pierrejean.",
            // infinitive + future ending, prefix + word
            "Les deux équipes combineront leurs efforts.",
            "La Super Cinq et la Supersportive sont là.",
        ] {
            assert!(spans(&e, t).is_empty(), "{t}: {:?}", spans(&e, t));
        }
    }

    #[test]
    fn names_glued_to_the_next_sentence_or_an_elided_word() {
        let e = engine(&["lexicon", "case", "digit"]);
        assert_eq!(
            run(
                &e,
                "Le président Zelensky a parlé. Ensuite Zelenskyl'a répété."
            ),
            [("Zelenskyl'a".to_owned(), Some("Zelensky l'a".to_owned()))]
        );
        assert_eq!(
            spans(
                &e,
                "Kyiv est visée. Les frappes ont touché KyivLe maire a réagi."
            ),
            ["KyivLe"]
        );
        assert_eq!(
            spans(&e, "Publié le 14 mars 2022Le président a parlé."),
            ["2022Le"]
        );
        for t in [
            "YouTube, PowerPoint et LaLiga. Tube et Point sont des mots.",
            "Le 4Runner et 3Com. Runner et Com.",
            "Macron a parlé. Macron's speech. O'Neill et D'Alembert, N'Golo.",
            "Aujourd'hui, Zelensky parle.",
            "Jean est venu à l'abbaye de Jeand'Heurs.",
        ] {
            assert!(spans(&e, t).is_empty(), "{t}: {:?}", spans(&e, t));
        }
    }

    #[test]
    fn surname_after_a_first_name() {
        let e = engine(&["lexicon"]);
        assert_eq!(
            run(
                &e,
                "a précisé le porte-parole Oleksiy Kovalenkoqui coordonne les secours."
            ),
            [("Kovalenkoqui".to_owned(), Some("Kovalenko qui".to_owned()))]
        );
        for t in [
            "L'ambassadeur Ali Jahanpour a été convoqué.",
            "Marie Dumont et Anne Beraque sont venues.",
            "Il a vu. Kovalenkoqui coordonne.",
            "Selon Kovalenkoqui, rien.",
        ] {
            assert!(spans(&e, t).is_empty(), "{t}: {:?}", spans(&e, t));
        }
    }

    #[test]
    fn name_auxiliary() {
        let e = engine(&["name-auxiliary"]);
        let t = "Le porte-parole du Kremlin, Dmitry Peskova qualifié ces informations de stupides.";
        assert_eq!(
            run(&e, t),
            [("Peskova".to_owned(), Some("Peskov a".to_owned()))]
        );
        for t in [
            "Elizaveta Peskova, la fille du porte-parole, vit à Paris.",
            "Elizaveta Peskova allait souvent à Paris.",
            "Maria Zakharova qualifié", // a name in the lexicon: not glue
            "Dmitry Peskova qui",
        ] {
            assert!(spans(&e, t).is_empty(), "{t}: {:?}", spans(&e, t));
        }
    }

    #[test]
    fn bracket_glue() {
        let e = engine(&["bracket"]);
        let t = "“Durant [these talks]des questions seront posées », a-t-il dit.";
        assert_eq!(run(&e, t), [("]des".to_owned(), Some("] des".to_owned()))]);
        assert_eq!(spans(&e, "Il a dit « non »de façon nette."), ["»de"]);
        assert_eq!(spans(&e, "Il a dit “non”et il est parti."), ["”et"]);
        assert_eq!(spans(&e, "Il a parlé de« paix » hier."), ["de«"]);
        assert_eq!(spans(&e, "(AFP)Le président est arrivé."), [")Le"]);
        assert_eq!(spans(&e, "Il a dit \"non\"et il est parti."), ["\"et"]);
        for t in [
            "Les ami(e)s et les personne(s) responsable(s) sont là.",
            "Il faut (re)découvrir la ville.",
            "Paris[1] est la capitale.",
            "Il a dit « non » de façon nette.",
            "Il a dit \"non et il est parti.",
            "Un parc au cœur d\"Technopole\", près de la gare.",
            "Ses films (\"Le titre\", Autre titre) et \"un autre\".",
            "Voir https://exemple.fr/a(b)c et #Paris(2024)x.",
            "»", // a lone mark
            "[",
        ] {
            assert!(spans(&e, t).is_empty(), "{t}: {:?}", spans(&e, t));
        }
    }

    #[test]
    fn digit_glue() {
        let e = engine(&["digit"]);
        assert_eq!(spans(&e, "Il est arrivé le25 mars."), ["le25"]);
        assert_eq!(spans(&e, "Il est arrivé le 25mars."), ["25mars"]);
        for t in [
            "Le COVID-19 et l'équipe U17 au G7 avec un A380.",
            "Un 4x4 en 3D sur la 5G à 10h30, le 1er, le 2e, la 1ère et le XXIe siècle.",
            "Un fichier mp3 de 41m2 et 5km.",
            "Europe1 et France24.",
        ] {
            assert!(spans(&e, t).is_empty(), "{t}: {:?}", spans(&e, t));
        }
    }

    #[test]
    fn case_glue() {
        let e = engine(&["case"]);
        assert_eq!(
            run(&e, "Publié samediDésemparés, les habitants attendent."),
            [(
                "samediDésemparés".to_owned(),
                Some("samedi Désemparés".to_owned())
            )]
        );
        assert_eq!(spans(&e, "Il est arrivé àMayotte hier."), ["àMayotte"]);
        for t in [
            "Son iPhone, YouTube, TikTok et McDonald.",
            "PowerPoint, LinkedIn, eBay, StopCovid et bioMérieux.",
            "Le xDrive de la voiture et l'iPhoneAddict.",
        ] {
            assert!(spans(&e, t).is_empty(), "{t}: {:?}", spans(&e, t));
        }
    }

    #[test]
    fn no_panic_on_odd_input() {
        let e = engine(&[
            "bracket",
            "digit",
            "case",
            "lexicon",
            "name-auxiliary",
            "lexicon-weak",
        ]);
        for t in [
            "",
            "\"",
            "«",
            "a]",
            "]é",
            "Ωa qualifié",
            "x\u{301}]y",
            "Zelenskyqui",
            "e\u{301}tait\"",
            "(((((",
            "))))é",
        ] {
            let _ = run(&e, t);
        }
    }

    #[test]
    fn function_word_match_is_the_list() {
        for w in FUNCTION_RIGHT {
            assert!(is_function_right(w), "{w}");
        }
        for w in ["qu", "quid", "Qui", "théâtre", "", "d"] {
            assert!(!is_function_right(w), "{w}");
        }
    }

    /// Random strings of awkward characters through both lexicon engines
    /// and all their signals: no panic, every span on char boundaries.
    #[test]
    fn random_input_never_panics() {
        let alphabet: Vec<char> = "aeiouqstzAEQZéÉèàçÀœŒß'’-‑ \u{a0}\u{202f}\n\r\t.,;:!?«»“”\"()[]{}#@/012345٣\u{301}\u{200b}😀ǅ"
            .chars()
            .collect();
        let glued = GluedWord {
            signals: vec![
                Signal::Bracket,
                Signal::Digit,
                Signal::Case,
                Signal::Lexicon,
                Signal::NameAuxiliary,
                Signal::LexiconWeak,
                Signal::Punctuation,
                Signal::Lowercase,
            ],
            min_left: 1,
            min_content_zipf: 0.0,
            min_content_len: 1,
            names: HashSet::default(),
            min_glue_zipf: GLUE_ZIPF_FLOOR,
        };
        let untranslated =
            crate::engines::untranslated::build(&toml::Table::new()).expect("defaults build");
        let policy = Policy::default();
        let cx = EngineContext {
            policy: &policy,
            lang: "fr",
        };
        let set = RuleSet::load(&[]).unwrap();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..20_000 {
            let len = 1 + round % 80;
            let text: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            let doc = Document::from_text(&text);
            let mut out = Vec::new();
            let prior = Prior {
                findings: &[],
                rules: &set,
            };
            glued.check(&doc, &cx, 0, prior, &mut out);
            untranslated.check(&doc, &cx, 0, prior, &mut out);
            for f in out {
                assert!(doc.text().get(f.span.clone()).is_some(), "{text:?} {f:?}");
            }
        }
    }

    #[test]
    fn lowercase_glue() {
        let e = engine(&["lowercase"]);
        assert_eq!(spans(&e, "Il parle dela crise."), ["dela"]);
        assert_eq!(spans(&e, "Merci à tous lesbénévoles."), ["lesbénévoles"]);
        for t in [
            "Le portefeuille, le dessert, surtout, lequel, parfois, dessous.",
            "Au-delà, le debut (sans accent), desde et parla, online.",
        ] {
            assert!(spans(&e, t).is_empty(), "{t}: {:?}", spans(&e, t));
        }
        for l in GLUE_LEFT {
            assert!(starts_glue_left(&format!("{l}xyz")), "{l}");
        }
        // The byte test is exactly "a shorter GLUE_LEFT word starts it".
        let letters = [
            "a", "c", "d", "e", "i", "l", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "é",
        ];
        let mut words: Vec<String> = vec![String::new()];
        for _ in 0..5 {
            words = words
                .iter()
                .flat_map(|w| letters.iter().map(move |l| format!("{w}{l}")))
                .collect();
            for w in &words {
                let exact = w.len() >= 4
                    && GLUE_LEFT
                        .iter()
                        .any(|l| w.len() > l.len() && w.starts_with(l));
                assert_eq!(starts_glue_left(w), exact, "{w}");
            }
        }
    }

    #[test]
    fn punctuation_glue() {
        let e = engine(&["punctuation"]);
        assert_eq!(
            spans(&e, "Il a parlé à lui.Selon la police, non."),
            ["lui.Selon"]
        );
        assert_eq!(spans(&e, "Le maillot,Eh bien."), ["maillot,Eh"]);
        assert_eq!(
            spans(&e, "dans la ville..exemple.de"),
            ["ville..exemple.de"]
        );
        for t in [
            "J.P.Morgan, U.S.Army, St.Louis, 3,5 %, Lemonde.Fr, www.Site.com.",
            "Console.WriteLine et Math.Round(x), jean.Dupont@exemple.fr.",
            "Il hésita... Puis. art. L. 123-4, J.-P. Sartre.",
        ] {
            assert!(spans(&e, t).is_empty(), "{t}: {:?}", spans(&e, t));
        }
    }

    #[test]
    fn names_glued_together_or_to_an_age() {
        let e = engine(&["case", "digit"]);
        assert_eq!(
            spans(&e, "Lena Kowalczyk parle. Le départ de LenaKowalczyk."),
            ["LenaKowalczyk"]
        );
        assert_eq!(spans(&e, "sa fille Léa27 ans et son fils"), ["Léa27"]);
        assert_eq!(
            spans(&e, "Gazette du NordGazette du Nord12/03/2024"),
            ["Nord12", "NordGazette"]
        );
        for t in [
            "YouTube, PlayStation, McDonald, DeSantis, LeBron, MacBook. Play Station.",
            "Europe1 et France24 depuis 12 ans. Enfant Bleu et EnfantBleu.",
        ] {
            assert!(spans(&e, t).is_empty(), "{t}: {:?}", spans(&e, t));
        }
    }

    #[test]
    fn lists_are_sorted() {
        for list in [
            GLUE_PAIR_LEFT,
            GLUE_PAIR_RIGHT,
            GLUE_FOREIGN,
            NAME_PARTICLES,
            ABBREVIATIONS,
            TLDS,
            FUNCTION_RIGHT,
            FUNCTION_RIGHT_WEAK,
            DIGIT_LEFT,
            DIGIT_RIGHT_OK,
            CASE_SHORT_LEFT,
            CASE_PREFIXES,
            CAP_FUNCTION,
            NAME_GLUE_RIGHT,
            NOT_PARTICIPLE,
            PARTICIPLE_AIT,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }
}
