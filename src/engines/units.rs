//! # `units`: imperial and US units left in a metric article
//!
//! ## What it catches
//!
//! A quantity (a number, then a unit) whose unit is imperial or US
//! customary, in an article whose readers use the metric system: `55 miles`,
//! `6 pieds`, `10 pouces de neige`, `200 livres` (in a weight context),
//! `5 000 acres`, `3 millions de gallons`, `60 mph`, `100 °F`,
//! `105-110 degrés Fahrenheit`. Each finding gets the converted value and an
//! unsafe fix: `55 miles` → `environ 89 km`.
//!
//! With a second unit table (rule `unit/fahrenheit-unmarked`), it also catches
//! temperatures that a translation left in Fahrenheit without saying so:
//! `105 degrés` in a weather sentence cannot be Celsius.
//!
//! ## Why it matters
//!
//! Machine translation translates `miles` and `feet` word for word and keeps
//! the number: the French reader gets a distance he cannot picture, and the
//! article shows at once that nobody edited it. The fix needs a conversion,
//! which is why this is an engine and not a substitution table.
//!
//! ## How it reads a quantity
//!
//! The unit names are found with one Aho-Corasick automaton (exact case: a
//! capitalised `Miles` is a name, as in *Miles Davis* or the *500 Miles
//! d'Indianapolis*). Then the number is read backwards from the unit:
//!
//! - digits with French or English separators: `1 500`, `1 500,5`, `1,500`,
//!   `1.5`, `4.048` (see [`super::numeric`]); a hyphen may join number and
//!   unit (`30-miles`);
//! - French number words: `cinq`, `cinquante-cinq`, `deux cent cinquante`;
//! - `une douzaine de`, `une centaine de`… (approximate nouns);
//! - a magnitude: `2 millions de gallons`, `1,5 milliard de livres`;
//! - a range: `10 à 15 miles`, `105-110 degrés`, `entre 10 et 20 miles`;
//! - a minus sign, for temperatures only: `-40 °F`.
//!
//! No number, no finding: `à pied`, `pieds nus`, `mettre les pieds`, `le
//! mile`, `pas une once de bon sens` are never reported. A vague quantity
//! (`des centaines de miles`, `quelques pieds`, `des millions de gallons`)
//! is reported with `vague-message` and no fix, since there is no value to
//! convert. Two units of one dimension in a row are read as one quantity:
//! `6 pieds 2 pouces` → `1,88 m`.
//!
//! ## The fix
//!
//! The value is converted (`(value + offset) × factor`), rescaled within the
//! metric system when it is very small or large (0.9 m → 91 cm, 12 000 kg →
//! 12 tonnes, 5 700 000 litres → 5,7 millions de litres) and rounded to the
//! precision of the source: as many significant digits as the number had
//! (trailing zeros of an integer do not count), at least 2 and at most 3.
//! `55 miles` → `89 km`, `200 miles` → `320 km`, `1 500 miles` →
//! `2 400 km`. Temperatures (`round = "integer"`) are rounded to the degree.
//! A single value gets `approx` (`environ`) in front, unless the word before
//! it already says so or would make it ungrammatical (`approx-words`:
//! `environ 55 miles` → `89 km`, `un mur de 6 pieds` → `1,8 m`). The fix is
//! always unsafe: an editor may prefer to keep the original unit and add the
//! metric value in parentheses.
//!
//! ## Traps it avoids
//!
//! - **A conversion already given**: `55 miles (89 km)`, `55 miles, soit
//!   89 km`, `250 miles en cycle WLTP (400 km)`, `89 km (55 miles)`: a metric
//!   quantity of the same dimension later in the same sentence, or the
//!   imperial value inside parentheses, silences the finding.
//! - **The nautical mile** (`milles nautiques`, `miles nautiques`) and knots
//!   are correct French: `quiet-after = ["nautiques", …]`. Bare `milles`
//!   (the numeral `mille` is invariable, so `250 milles` is a unit) is
//!   reported with digits only and never near a sea or air word (`navire`,
//!   `côtes`, `zone`, `@aviation`), where it is the nautical mile. Canadian
//!   French uses `milles` for the statute mile; a fr-CA house that accepts it
//!   turns the entry off.
//! - **Aviation**: altitudes in feet are the international norm (ICAO) and
//!   French aviation writing uses them (`à 35 000 pieds`): `pieds` is quiet
//!   when the sentence has an aviation word (`@aviation` context).
//! - **Screens and wheels**: `écran de 6,1 pouces`, `jantes de 19 pouces` are
//!   standard French: `pouces` is quiet near a screen or wheel word.
//! - **Old French units**: `pied`, `pouce`, `livre` and `once` were French
//!   units before the metric system; with a spelled-out number (`cent pieds
//!   de long`, `six pieds sous terre`, `deux pieds`, `deux livres de
//!   cerises`) they are literary, historical or idiomatic, so these units
//!   take digits only (`digits-only = true`); `miles` also takes words
//!   (`cinq miles`).
//! - **`pieds`** as plants (`950 pieds de cannabis`, `pieds de vigne`) and
//!   verse (`alexandrin`, `syllabes`).
//! - **`livres`** is books or pounds sterling far more often than weight:
//!   it is reported only when a weight word is in the sentence
//!   (`require-near`: `pèse`, `poids`…) and no money or book word is.
//! - **`onces` of gold** (the troy ounce is how gold is priced), **yards** in
//!   American football and golf, **car odometers** of British and American
//!   cars in auction reports (`37 000 miles au compteur`), and **air miles**
//!   (`cumuler 10 000 miles`) are quiet through `quiet-near` lists.
//! - `un pouce`, `un pied`, `une livre`: `un`/`une` is an article, never a
//!   quantity (`min-spelled` is at least 2), except through `spelled-near`
//!   after `environ`, `jusqu'à` or `d'` (`environ un pied de neige`).
//! - **Snow depths in words**: American weather copy gives snow in feet and
//!   inches, often spelled (`jusqu'à deux pieds de neige`, `six pouces`).
//!   A number in words counts for `pieds`/`pouces` only when the article is
//!   a weather story (decided on the whole article by [`super::context`],
//!   not on the sentence) and the sentence names snow, rain or ice; never
//!   after a determiner (`ses deux pieds`, `les deux pouces`).
//! - **Bare degrees** (`unit/fahrenheit-unmarked`) need a heat word in the
//!   sentence or a weather article (`require-topics`): `Phoenix a atteint
//!   112 degrés` in a heat-wave story. A value followed by another value in
//!   the sentence is not taken as a conversion unless the second one is a
//!   metric quantity of the same dimension.
//! - `pieds-noirs` and other hyphenated compounds are not units.
//!
//! ## Options
//!
//! | option | default | what |
//! |---|---|---|
//! | `units` | required | the unit table, below |
//! | `contexts` | `{}` | named word lists, used as `@name` in `quiet-near` / `require-near` |
//! | `window` | `200` | how far (bytes) around the quantity the sentence is searched for context words and conversions |
//! | `approx` | `"environ"` | put before a converted single value |
//! | `approx-words` | `[]` | words after which `approx` is not added (`environ`, `de`…) |
//! | `unit-space` | U+00A0 | between the number and the unit in the fix |
//! | `thousands-separator` | U+00A0 | digit-group separator in the fix |
//! | `vague-message` | see code | message for a vague quantity; `{match}` and `{unit}` (the target's long name) are filled in |
//! | `vague-message-fr` | see code | the same in French (`--messages fr`) |
//!
//! Each `[[rule.options.units]]` entry:
//!
//! | key | default | what |
//! |---|---|---|
//! | `names` | required | spellings, matched with exact case (`miles`, `mile`, `mph`, `°F`, `miles à l'heure`) |
//! | `to` | required | target metric unit: `km`, `m`, `cm`, `mm`, `kg`, `g`, `t`, `L`, `ha`, `km²`, `m²`, `km/h`, `°C` |
//! | `factor` | required | target units per source unit (`1.609344` for miles → km) |
//! | `offset` | `0` | added before multiplying (`-32` for °F, with `factor = 0.5555…`) |
//! | `round` | `"significant"` | or `"integer"` (temperatures) |
//! | `min-spelled` | `2` | smallest value accepted when the number is written in words |
//! | `digits-only` | `false` | ignore numbers written in words (abbreviations: `ft`, `lb`) |
//! | `min-value`, `max-value` | none | accepted range of the value (bare degrees: 60–135) |
//! | `quiet-after` | `[]` | phrases that, right after the unit, silence it (`nautiques`, `sous terre`) |
//! | `quiet-near` | `[]` | words (`écran`, prefix `écran*`, list `@aviation`) that silence it anywhere in the sentence |
//! | `require-near` | `[]` | when not empty, one of these words must be in the sentence… |
//! | `require-topics` | `[]` | …or the article must have one of these topics (`weather`, `aviation`, `sport`, `police`: see [`super::context`]) |
//! | `spelled-near` | `[]` | a number in words still counts for a `digits-only` unit (and `un` after `environ`, `jusqu'à`, `d'`) when one of these words is in the sentence… |
//! | `quiet-topics` | `[]` | topics of the article that silence the unit (`yards` in a `sport` article) |
//! | `spelled-topics` | `[]` | …and the article has one of these topics (`deux pieds de neige` in a snow story) |
//!
//! Words in `quiet-near` and `require-near` are single words, compared
//! without case with every part of every word of the sentence (`l'écran` and
//! `porte-avions` are split at the apostrophe and the hyphen).

use super::context::{self, Topic, Topics};
use super::numeric::{
    self, Number, char_at, char_before, eq_ci, number_before, skip_hspace, skip_hspace_back,
    starts_ci, word_before,
};
use super::{Engine, EngineContext, Prior};
use crate::diagnostic::{Applicability, Finding, Fix, Scope};
use crate::document::{self, Document};
use crate::messages::Localized;
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// Physical dimension of a metric unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dim {
    Length,
    Mass,
    Volume,
    Area,
    Speed,
    Temperature,
}

/// A metric unit a conversion can land in.
#[derive(Debug)]
struct Metric {
    /// Name in the options (`to = "km"`).
    key: &'static str,
    /// How the fix writes it after a number.
    write: &'static str,
    /// Plural long name, for `millions de …` (empty: not used that way).
    long: &'static str,
    dim: Dim,
    /// Below 1: use this unit, multiplying by the factor.
    down: Option<(&'static str, f64)>,
    /// At or above the threshold: use this unit, multiplying by the factor.
    up: Option<(f64, &'static str, f64)>,
}

const METRIC: &[Metric] = &[
    Metric {
        key: "km",
        write: "km",
        long: "kilomètres",
        dim: Dim::Length,
        down: Some(("m", 1000.0)),
        up: None,
    },
    Metric {
        key: "m",
        write: "m",
        long: "mètres",
        dim: Dim::Length,
        down: Some(("cm", 100.0)),
        up: None,
    },
    Metric {
        key: "cm",
        write: "cm",
        long: "centimètres",
        dim: Dim::Length,
        down: Some(("mm", 10.0)),
        up: Some((100.0, "m", 0.01)),
    },
    Metric {
        key: "mm",
        write: "mm",
        long: "millimètres",
        dim: Dim::Length,
        down: None,
        up: Some((10.0, "cm", 0.1)),
    },
    Metric {
        key: "kg",
        write: "kg",
        long: "kilos",
        dim: Dim::Mass,
        down: Some(("g", 1000.0)),
        up: Some((10_000.0, "t", 0.001)),
    },
    Metric {
        key: "g",
        write: "g",
        long: "grammes",
        dim: Dim::Mass,
        down: None,
        up: Some((1000.0, "kg", 0.001)),
    },
    Metric {
        key: "t",
        write: "tonnes",
        long: "tonnes",
        dim: Dim::Mass,
        down: Some(("kg", 1000.0)),
        up: None,
    },
    Metric {
        key: "L",
        write: "litres",
        long: "litres",
        dim: Dim::Volume,
        down: Some(("cl", 100.0)),
        up: None,
    },
    Metric {
        key: "cl",
        write: "cl",
        long: "centilitres",
        dim: Dim::Volume,
        down: None,
        up: Some((100.0, "L", 0.01)),
    },
    Metric {
        key: "ha",
        write: "hectares",
        long: "hectares",
        dim: Dim::Area,
        down: Some(("m²", 10_000.0)),
        up: None,
    },
    Metric {
        key: "km²",
        write: "km²",
        long: "kilomètres carrés",
        dim: Dim::Area,
        down: Some(("ha", 100.0)),
        up: None,
    },
    Metric {
        key: "m²",
        write: "m²",
        long: "mètres carrés",
        dim: Dim::Area,
        down: None,
        up: Some((100_000.0, "ha", 0.0001)),
    },
    Metric {
        key: "km/h",
        write: "km/h",
        long: "",
        dim: Dim::Speed,
        down: None,
        up: None,
    },
    Metric {
        key: "°C",
        write: "°C",
        long: "",
        dim: Dim::Temperature,
        down: None,
        up: None,
    },
];

/// Size of a metric unit in the base unit of its dimension.
fn si(key: &str) -> f64 {
    match key {
        "km" => 1000.0,
        "cm" | "cl" => 0.01,
        "mm" | "g" => 0.001,
        "t" => 1000.0,
        "ha" => 10_000.0,
        "km²" => 1e6,
        _ => 1.0,
    }
}

fn metric(key: &str) -> Option<&'static Metric> {
    METRIC.iter().find(|m| m.key == key)
}

/// Metric spellings recognised when looking for a conversion already given.
fn metric_word_dim(w: &str) -> Option<Dim> {
    Some(match w {
        "km" | "kilomètres" | "kilomètre" | "m" | "mètres" | "mètre" | "cm" | "centimètres"
        | "centimètre" | "mm" | "millimètres" | "millimètre" => Dim::Length,
        "kg" | "kilos" | "kilo" | "kilogrammes" | "kilogramme" | "g" | "grammes" | "gramme"
        | "t" | "tonnes" | "tonne" => Dim::Mass,
        "l" | "L" | "litres" | "litre" | "ml" | "mL" | "cl" | "cL" | "hl" | "hectolitres"
        | "m3" | "m³" => Dim::Volume,
        "ha" | "hectares" | "hectare" | "km2" | "km²" | "m2" | "m²" => Dim::Area,
        "Celsius" | "celsius" | "degrés" | "degré" => Dim::Temperature,
        _ => return None,
    })
}

/// How a converted value is rounded.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Round {
    /// As many significant digits as the source (2 to 3).
    #[default]
    Significant,
    /// To the unit (or to a tenth when the source has decimals).
    Integer,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    units: Vec<UnitOptions>,
    #[serde(default)]
    contexts: BTreeMap<String, Vec<String>>,
    #[serde(default = "default_window")]
    window: usize,
    #[serde(default = "default_approx")]
    approx: String,
    #[serde(default)]
    approx_words: Vec<String>,
    #[serde(default = "nbsp")]
    unit_space: String,
    #[serde(default = "nbsp")]
    thousands_separator: String,
    #[serde(default = "default_vague_message")]
    vague_message: String,
    #[serde(default = "default_vague_message_fr")]
    vague_message_fr: String,
}

fn default_vague_message() -> String {
    "imperial unit “{match}” in a metric article: give the value in {unit}".into()
}

fn default_vague_message_fr() -> String {
    "unité impériale « {match} » dans un article en système métrique : donnez la valeur en {unit}"
        .into()
}

fn default_window() -> usize {
    200
}
fn default_approx() -> String {
    "environ".into()
}
fn nbsp() -> String {
    "\u{A0}".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct UnitOptions {
    names: Vec<String>,
    to: String,
    factor: f64,
    #[serde(default)]
    offset: f64,
    #[serde(default)]
    round: Round,
    #[serde(default)]
    min_spelled: Option<u32>,
    #[serde(default)]
    digits_only: bool,
    #[serde(default)]
    min_value: Option<f64>,
    #[serde(default)]
    max_value: Option<f64>,
    #[serde(default)]
    quiet_after: Vec<String>,
    #[serde(default)]
    quiet_near: Vec<String>,
    #[serde(default)]
    require_near: Vec<String>,
    #[serde(default)]
    require_topics: Vec<String>,
    #[serde(default)]
    spelled_near: Vec<String>,
    #[serde(default)]
    spelled_topics: Vec<String>,
    #[serde(default)]
    quiet_topics: Vec<String>,
}

fn compile_topics(list: &[String], what: &str) -> Result<Vec<Topic>, String> {
    list.iter()
        .map(|n| {
            Topic::from_name(n).ok_or_else(|| {
                format!(
                    "`{what}`: unknown topic `{n}`; expected one of: {}",
                    context::ALL.map(Topic::name).join(", ")
                )
            })
        })
        .collect()
}

/// A context word: exact (case-insensitive) or a prefix (`écran*`).
#[derive(Debug, Clone)]
struct Pat {
    word: String,
    prefix: bool,
}

impl Pat {
    fn matches(&self, w: &str) -> bool {
        if self.prefix {
            starts_ci(w, &self.word)
        } else {
            eq_ci(w, &self.word)
        }
    }
}

#[derive(Debug)]
struct Unit {
    target: &'static Metric,
    factor: f64,
    offset: f64,
    round: Round,
    min_spelled: f64,
    digits_only: bool,
    min_value: Option<f64>,
    max_value: Option<f64>,
    quiet_after: Vec<String>,
    quiet_near: Vec<Pat>,
    require_near: Vec<Pat>,
    require_topics: Vec<Topic>,
    spelled_near: Vec<Pat>,
    spelled_topics: Vec<Topic>,
    quiet_topics: Vec<Topic>,
}

/// The engine: see the module documentation.
#[derive(Debug)]
pub struct Units {
    ac: AhoCorasick,
    /// One finder per name when there are only a few
    /// ([`FEW_NAMES`]): see [`few_matches`].
    few: Option<Vec<memchr::memmem::Finder<'static>>>,
    /// The names' prefixes, to find where a name may start (see
    /// [`prefix_searcher`]).
    prefixes: Option<aho_corasick::packed::Searcher>,
    /// Pattern index → unit index.
    unit_of: Vec<usize>,
    units: Vec<Unit>,
    window: usize,
    approx: String,
    approx_words: Vec<String>,
    unit_space: String,
    thousands: String,
    vague_message: String,
    vague_message_fr: String,
}

fn compile_words(
    list: &[String],
    contexts: &BTreeMap<String, Vec<String>>,
    what: &str,
) -> Result<Vec<Pat>, String> {
    let mut out = Vec::new();
    let mut push = |w: &str| -> Result<(), String> {
        let w = w.trim();
        if w.is_empty() || w.contains(char::is_whitespace) || w == "*" {
            return Err(format!(
                "`{what}`: `{w}` must be one word (optionally ending with `*` for a prefix)"
            ));
        }
        let (word, prefix) = match w.strip_suffix('*') {
            Some(p) => (p, true),
            None => (w, false),
        };
        out.push(Pat {
            word: word.chars().flat_map(char::to_lowercase).collect(),
            prefix,
        });
        Ok(())
    };
    for item in list {
        if let Some(name) = item.strip_prefix('@') {
            let words = contexts
                .get(name)
                .ok_or_else(|| format!("`{what}`: unknown context `@{name}`"))?;
            for w in words {
                push(w)?;
            }
        } else {
            push(item)?;
        }
    }
    // Sorted: `any_word` compares a word only with the words starting
    // with its first letter.
    out.sort_by(|a, b| a.word.cmp(&b.word));
    Ok(out)
}

/// Up to this many unit names, they are searched with one [`memmem`]
/// finder each rather than the automaton.
///
/// [`memmem`]: memchr::memmem
const FEW_NAMES: usize = 4;

/// The leftmost-longest, non-overlapping matches of `finders` in `text`, as
/// (start, end, name index): what the automaton's `find_iter` gives. Why:
/// with few names (`degrés`, `°`), the automaton's prefilter stops at every
/// `d` of French text, while each finder skips to a rare byte of its name.
fn few_matches<'a>(
    finders: &'a [memchr::memmem::Finder<'static>],
    text: &'a str,
) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
    let hay = text.as_bytes();
    let mut next: Vec<Option<usize>> = finders.iter().map(|f| f.find(hay)).collect();
    let mut at = 0;
    std::iter::from_fn(move || {
        // Names whose next occurrence overlaps the last match: search again.
        for (f, n) in finders.iter().zip(next.iter_mut()) {
            if n.is_some_and(|s| s < at) {
                *n = hay.get(at..).and_then(|h| f.find(h)).map(|i| at + i);
            }
        }
        let (k, start) = next
            .iter()
            .enumerate()
            .filter_map(|(k, s)| s.map(|s| (k, s)))
            .min_by_key(|&(k, s)| (s, std::cmp::Reverse(finders[k].needle().len())))?;
        let end = start + finders[k].needle().len();
        at = end;
        Some((start, end, k))
    })
}

/// Searches the first three bytes of the unit names (all of a shorter
/// name) with a vectorised searcher, for [`filtered_matches`]. Why: with
/// dozens of names starting with common letters (`pieds`, `livres`,
/// `onces`, `degrés Fahrenheit`), the automaton has no prefilter of its
/// own and walks every byte of the article, while few positions start one
/// of these prefixes. `None` when the searcher is unavailable (too many
/// prefixes, or no vector instructions on this machine).
fn prefix_searcher(names: &[String]) -> Option<aho_corasick::packed::Searcher> {
    let mut prefixes: Vec<&[u8]> = names
        .iter()
        .map(|n| &n.as_bytes()[..n.len().min(3)])
        .collect();
    prefixes.sort_unstable();
    prefixes.dedup();
    aho_corasick::packed::Config::new()
        .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
        .builder()
        .extend(prefixes)
        .build()
}

/// The automaton's leftmost-longest, non-overlapping matches in `text`
/// (what its `find_iter` gives), found by an anchored search at each
/// position where `prefixes` (see [`prefix_searcher`]) finds a name's
/// prefix. Exact: the leftmost match starts at the first position where
/// an anchored search matches, the anchored leftmost-longest search there
/// gives the longest name, and a name can only start where its prefix
/// does; the prefix search resumes one byte after each candidate, so
/// overlapping candidates are all tried.
fn filtered_matches<'a>(
    ac: &'a AhoCorasick,
    prefixes: &'a aho_corasick::packed::Searcher,
    text: &'a str,
) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
    let hay = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < hay.len() {
            let i = prefixes
                .find_in(hay, aho_corasick::Span::from(at..hay.len()))?
                .start();
            at = i + 1;
            let input = aho_corasick::Input::new(text)
                .span(i..text.len())
                .anchored(aho_corasick::Anchored::Yes);
            // Anchored searches are supported: the automaton is built with
            // `StartKind::Both`.
            if let Some(m) = ac.find(input) {
                at = m.end();
                return Some((m.start(), m.end(), m.pattern().as_usize()));
            }
        }
        None
    })
}

/// Builds the engine from its options (see the module documentation).
pub fn build(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    let o: Options = super::options(table)?;
    if o.units.is_empty() {
        return Err("`units` must list at least one unit".into());
    }
    let mut names: Vec<String> = Vec::new();
    let mut unit_of = Vec::new();
    let mut units = Vec::new();
    for (i, u) in o.units.iter().enumerate() {
        let target = metric(&u.to).ok_or_else(|| {
            format!(
                "unit {}: unknown target `{}`; expected one of: {}",
                i + 1,
                u.to,
                METRIC.iter().map(|m| m.key).collect::<Vec<_>>().join(", ")
            )
        })?;
        if !(u.factor.is_finite() && u.factor > 0.0 && u.offset.is_finite()) {
            return Err(format!(
                "unit {}: `factor` must be a positive number",
                i + 1
            ));
        }
        if u.names.is_empty() {
            return Err(format!("unit {}: `names` must not be empty", i + 1));
        }
        for n in &u.names {
            if n.trim().is_empty() {
                return Err(format!("unit {}: empty name", i + 1));
            }
            if names.contains(n) {
                return Err(format!("unit name `{n}` is listed twice"));
            }
            names.push(n.clone());
            unit_of.push(i);
        }
        units.push(Unit {
            target,
            factor: u.factor,
            offset: u.offset,
            round: u.round,
            min_spelled: f64::from(u.min_spelled.unwrap_or(2).max(2)),
            digits_only: u.digits_only,
            min_value: u.min_value,
            max_value: u.max_value,
            quiet_after: u
                .quiet_after
                .iter()
                .map(|p| p.trim().chars().flat_map(char::to_lowercase).collect())
                .filter(|p: &String| !p.is_empty())
                .collect(),
            quiet_near: compile_words(&u.quiet_near, &o.contexts, "quiet-near")?,
            require_near: compile_words(&u.require_near, &o.contexts, "require-near")?,
            require_topics: compile_topics(&u.require_topics, "require-topics")?,
            spelled_near: compile_words(&u.spelled_near, &o.contexts, "spelled-near")?,
            spelled_topics: compile_topics(&u.spelled_topics, "spelled-topics")?,
            quiet_topics: compile_topics(&u.quiet_topics, "quiet-topics")?,
        });
        let last = &units[units.len() - 1];
        if !last.spelled_topics.is_empty() && last.spelled_near.is_empty() {
            return Err(format!(
                "unit {}: `spelled-topics` needs `spelled-near`",
                i + 1
            ));
        }
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(aho_corasick::StartKind::Both)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&names)
        .map_err(|e| e.to_string())?;
    let few = (names.len() <= FEW_NAMES).then(|| {
        names
            .iter()
            .map(|n| memchr::memmem::Finder::new(n.as_bytes()).into_owned())
            .collect()
    });
    Ok(Box::new(Units {
        ac,
        prefixes: prefix_searcher(&names),
        few,
        unit_of,
        units,
        window: o.window.clamp(20, 2000),
        approx: o.approx,
        approx_words: o
            .approx_words
            .iter()
            .map(|w| w.chars().flat_map(char::to_lowercase).collect())
            .collect(),
        unit_space: o.unit_space,
        thousands: o.thousands_separator,
        vague_message: o.vague_message,
        vague_message_fr: o.vague_message_fr,
    }))
}

/// May a number in words (or `un`) count for this unit here? Only
/// where `spelled-near` names a word of the sentence (`neige`) and the
/// article has one of `spelled-topics`: `deux pieds de neige` in a snow
/// story. Never after a determiner that makes it a body part or an
/// object (`ses deux pieds`, `les deux pouces`); `un` only after
/// `environ`, `jusqu'à`, `d'` (`environ un pied de neige`).
fn spelled_allowed(
    text: &str,
    unit: &Unit,
    q: &Quantity,
    sent: Range<usize>,
    topics_of: &mut impl FnMut(&str) -> Topics,
) -> bool {
    if unit.spelled_near.is_empty() || q.value < 1.0 {
        return false;
    }
    let mut p = skip_hspace_back(text, q.start);
    if let Some(c @ ('\'' | '’')) = char_before(text, p) {
        p -= c.len_utf8(); // `d’un pied`
    }
    let prev = word_before(text, p);
    let prev = prev.as_ref().map_or("", |w| &text[w.clone()]);
    if DETERMINERS.iter().any(|d| eq_ci(prev, d)) {
        return false;
    }
    if q.value < 2.0 && !["environ", "à", "d"].iter().any(|d| eq_ci(prev, d)) {
        return false;
    }
    any_word(text, sent, &unit.spelled_near)
        && (unit.spelled_topics.is_empty() || topics_of(text).any(&unit.spelled_topics))
}

/// Words before a spelled number that make it a count of body parts or
/// things, not a measure: `ses deux pieds`, `les deux pouces`.
const DETERMINERS: &[&str] = &[
    "les", "des", "ses", "mes", "tes", "nos", "vos", "leurs", "ces", "aux", "leur",
];

/// A quantity read before a unit name.
#[derive(Debug, Clone, Copy)]
struct Quantity {
    start: usize,
    /// First value of a range.
    low: Option<f64>,
    /// The (last) value, magnitude applied.
    value: f64,
    sig: u32,
    decimals: u32,
    spelled: bool,
    /// Text between the two numbers of a range (` à `, `-`).
    connector: Option<(usize, usize)>,
    /// No value: `des centaines de miles`, `quelques miles`.
    vague: bool,
}

const MAGNITUDES: &[(&str, f64)] = &[
    ("million", 1e6),
    ("millions", 1e6),
    ("milliard", 1e9),
    ("milliards", 1e9),
];

/// Nouns of a vague quantity: `des centaines de miles`.
const VAGUE_NOUNS: &[&str] = &["dizaines", "centaines", "milliers", "millions", "milliards"];

/// Words before a vague quantity: `des`, `quelques`, `plusieurs`…
const VAGUE_ARTICLES: &[&str] = &["des", "quelques", "plusieurs", "les", "ces"];

/// Start of a vague quantity whose noun ends at `end` (`des centaines`,
/// `des dizaines de milliers`), if an article begins it.
fn vague_article_before(text: &str, end: usize) -> Option<usize> {
    let mut pos = end;
    for _ in 0..4 {
        let w = word_before(text, pos)?;
        let word = &text[w.clone()];
        if VAGUE_ARTICLES.iter().any(|a| eq_ci(word, a)) {
            return Some(w.start);
        }
        if !eq_ci(word, "de") {
            return None;
        }
        let n = word_before(text, skip_hspace_back(text, w.start))?;
        if !VAGUE_NOUNS.iter().any(|v| eq_ci(&text[n.clone()], v)) {
            return None;
        }
        pos = skip_hspace_back(text, n.start);
    }
    None
}

const APPROX_NOUNS: &[(&str, f64)] = &[
    ("dizaine", 10.0),
    ("douzaine", 12.0),
    ("quinzaine", 15.0),
    ("vingtaine", 20.0),
    ("trentaine", 30.0),
    ("quarantaine", 40.0),
    ("cinquantaine", 50.0),
    ("soixantaine", 60.0),
    ("centaine", 100.0),
    ("millier", 1000.0),
];

/// Position before a `de ` / `d'` that precedes the unit at `unit_start`.
fn before_de(text: &str, unit_start: usize) -> Option<usize> {
    if let Some(c @ ('\'' | '’')) = char_before(text, unit_start) {
        let q = unit_start - c.len_utf8();
        if matches!(char_before(text, q), Some('d' | 'D'))
            && !char_before(text, q - 1).is_some_and(char::is_alphabetic)
        {
            return Some(skip_hspace_back(text, q - 1));
        }
        return None;
    }
    let p = skip_hspace_back(text, unit_start);
    if p == unit_start {
        return None;
    }
    let w = word_before(text, p)?;
    eq_ci(&text[w.clone()], "de").then(|| skip_hspace_back(text, w.start))
}

/// Reads the quantity ending just before the unit name at `unit_start`.
fn quantity_before(text: &str, unit_start: usize, signed: bool) -> Option<Quantity> {
    // The unit must not be glued to a word.
    if char_before(text, unit_start).is_some_and(|c| c.is_alphabetic() || c == '_') {
        return None;
    }
    let mut p = skip_hspace_back(text, unit_start);
    if p == unit_start
        && let Some(c @ ('-' | '\u{2011}')) = char_before(text, p)
        && char_before(text, p - c.len_utf8()).is_some_and(|d| d.is_ascii_digit())
    {
        p -= c.len_utf8(); // `30-miles`
    }
    let mut magnitude = 1.0;
    // `2 millions de gallons`, `une douzaine de miles`, `2 million gallons`.
    if let Some(q) = before_de(text, unit_start) {
        let w = word_before(text, q)?;
        let word = &text[w.clone()];
        if let Some(&(_, m)) = MAGNITUDES.iter().find(|(n, _)| eq_ci(word, n)) {
            magnitude = m;
            p = skip_hspace_back(text, w.start);
        } else if let Some(&(_, v)) = APPROX_NOUNS.iter().find(|(n, _)| eq_ci(word, n)) {
            let art = word_before(text, skip_hspace_back(text, w.start))?;
            let a = &text[art.clone()];
            if !(eq_ci(a, "une") || eq_ci(a, "un")) {
                return None;
            }
            return Some(Quantity {
                start: art.start,
                low: None,
                value: v,
                sig: 2,
                decimals: 0,
                spelled: true,
                connector: None,
                vague: false,
            });
        } else if VAGUE_NOUNS.iter().any(|n| eq_ci(word, n)) {
            return Some(vague(vague_article_before(
                text,
                skip_hspace_back(text, w.start),
            )?));
        } else {
            return None;
        }
    } else if let Some(w) = word_before(text, p) {
        let word = &text[w.clone()];
        if let Some(&(_, m)) = MAGNITUDES.iter().find(|(n, _)| eq_ci(word, n)) {
            magnitude = m;
            p = skip_hspace_back(text, w.start);
        } else if eq_ci(word, "quelques") || eq_ci(word, "plusieurs") {
            return Some(vague(w.start));
        }
    }
    let Some(mut n) = number_before(text, p) else {
        // `des millions de gallons`
        return if magnitude > 1.0 {
            vague_article_before(text, p).map(vague)
        } else {
            None
        };
    };
    let mut value = n.value;
    if signed {
        value = signed_value(text, &mut n);
    }
    let mut q = Quantity {
        start: n.start,
        low: None,
        value: value * magnitude,
        sig: n.sig,
        decimals: n.decimals,
        spelled: n.spelled,
        connector: None,
        vague: false,
    };
    // A range: `10 à 15`, `10-15`, `10 – 15`, `entre 10 et 15`, `10 ou 15`.
    let r = skip_hspace_back(text, n.start);
    let mut first_end = None;
    let mut needs_entre = false;
    match char_before(text, r) {
        Some(c @ ('-' | '–' | '\u{2011}')) if !n.spelled => {
            let e = skip_hspace_back(text, r - c.len_utf8());
            // `-` right after a digit is a range; `10 -15` is not.
            if e == r - c.len_utf8() || r != n.start {
                first_end = Some(e);
            }
        }
        _ => {
            if let Some(w) = word_before(text, r) {
                let word = &text[w.clone()];
                if eq_ci(word, "à") || eq_ci(word, "ou") || eq_ci(word, "et") {
                    needs_entre = eq_ci(word, "et");
                    first_end = Some(skip_hspace_back(text, w.start));
                }
            }
        }
    }
    if let Some(e) = first_end
        && e < r
        && let Some(mut m) = number_before(text, e)
        && m.spelled == n.spelled
    {
        let entre_ok = !needs_entre
            || word_before(text, skip_hspace_back(text, m.start))
                .is_some_and(|w| eq_ci(&text[w], "entre"));
        if entre_ok {
            let low = if signed {
                signed_value(text, &mut m)
            } else {
                m.value
            };
            q.low = Some(low * magnitude);
            q.connector = Some((m.end, n.start));
            q.start = m.start;
            q.sig = q.sig.max(m.sig);
            q.decimals = q.decimals.max(m.decimals);
        }
    }
    Some(q)
}

/// A vague quantity starting at `start`.
fn vague(start: usize) -> Quantity {
    Quantity {
        start,
        low: None,
        value: f64::NAN,
        sig: 2,
        decimals: 0,
        spelled: true,
        connector: None,
        vague: true,
    }
}

/// Applies a minus sign written before `n` (moving its start), for
/// temperatures: `-40 °F`, `−5 °F`.
fn signed_value(text: &str, n: &mut Number) -> f64 {
    if n.spelled {
        return n.value;
    }
    if let Some(c @ ('-' | '−')) = char_before(text, n.start) {
        let s = n.start - c.len_utf8();
        if !char_before(text, s).is_some_and(|d| d.is_alphanumeric()) {
            n.start = s;
            return -n.value;
        }
    }
    n.value
}

/// Does `text[pos..]` (after spaces) start with `phrase` (lowercase), ending
/// at a word boundary? Straight and curly apostrophes are equal.
fn follows_ci(text: &str, pos: usize, phrase: &str) -> bool {
    let start = skip_hspace(text, pos);
    let Some(rest) = text.get(start..) else {
        return false;
    };
    let mut chars = rest.char_indices();
    let norm = |c: char| if c == '’' { '\'' } else { c };
    for p in phrase.chars() {
        let Some((_, c)) = chars.next() else {
            return false;
        };
        let mut lc = c.to_lowercase();
        let (Some(l), None) = (lc.next(), lc.next()) else {
            return false;
        };
        if norm(l) != norm(p) {
            return false;
        }
    }
    !chars.next().is_some_and(|(_, c)| c.is_alphanumeric())
}

/// Largest char boundary at or below `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary at or above `i`.
fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Ends a sentence: `\n`, `!`, `?`, `;`, or `.` followed by a space.
fn is_terminator(text: &str, i: usize, c: char) -> bool {
    match c {
        '\n' | '!' | '?' | ';' => true,
        '.' => char_at(text, i + 1).is_none_or(char::is_whitespace),
        _ => false,
    }
}

/// The sentence around `start..end`, at most `radius` bytes on each side.
fn sentence(text: &str, start: usize, end: usize, radius: usize) -> Range<usize> {
    let lo_limit = floor_boundary(text, start.saturating_sub(radius));
    let hi_limit = ceil_boundary(text, end.saturating_add(radius));
    let mut lo = lo_limit;
    for (i, c) in text[lo_limit..start].char_indices().rev() {
        if is_terminator(text, lo_limit + i, c) {
            lo = lo_limit + i + c.len_utf8();
            break;
        }
    }
    let mut hi = hi_limit;
    for (i, c) in text[end..hi_limit].char_indices() {
        if is_terminator(text, end + i, c) {
            hi = end + i;
            break;
        }
    }
    lo..hi
}

/// Does any part of any word of `text[range]` match one of `pats`
/// (sorted by word, as [`compile_words`] leaves them)? A part is compared
/// only with the patterns starting with its first letter, lowercased: an
/// exact and a prefix match both need it.
fn any_word(text: &str, range: Range<usize>, pats: &[Pat]) -> bool {
    let slice = &text[range];
    let first = |p: &Pat| p.word.chars().next();
    document::words(slice).any(|w| {
        slice[w].split(['\'', '’', '-', '\u{2011}']).any(|part| {
            let Some(c) = part.chars().next() else {
                return false;
            };
            let lower = c.to_lowercase().next();
            let from = pats.partition_point(|p| first(p) < lower);
            pats[from..]
                .iter()
                .take_while(|p| first(p) == lower)
                .any(|p| p.matches(part))
        })
    })
}

/// Is there a metric quantity of a dimension compatible with `dim` in
/// `text[range]`? (`89 km`, `environ deux mètres`, `40 °C`.)
fn metric_quantity_in(text: &str, range: Range<usize>, dim: Dim) -> bool {
    let base = range.start;
    let slice = &text[range];
    for w in document::words(slice) {
        let (s, e) = (base + w.start, base + w.end);
        let word = &text[s..e];
        let d = match word {
            "C" | "F" if char_before(text, skip_hspace_back(text, s)) == Some('°') => {
                // `40 °C`, not `40 °F`
                if word == "C" {
                    Dim::Temperature
                } else {
                    continue;
                }
            }
            _ => match metric_word_dim(word) {
                // `km/h`, `kilomètres à l'heure`; `mètres carrés`
                Some(Dim::Length)
                    if [
                        "/h",
                        "/heure",
                        "-heure",
                        " à l'heure",
                        " à l’heure",
                        " par heure",
                    ]
                    .iter()
                    .any(|x| text[e..].starts_with(x)) =>
                {
                    Dim::Speed
                }
                Some(Dim::Length)
                    if [" carrés", " carré"]
                        .iter()
                        .any(|x| text[e..].starts_with(x)) =>
                {
                    Dim::Area
                }
                Some(d) => d,
                None => continue,
            },
        };
        if d != dim {
            continue;
        }
        let mut p = skip_hspace_back(text, s);
        if word == "C" {
            p = skip_hspace_back(text, p.saturating_sub('°'.len_utf8()));
        }
        if number_before(text, p).is_some() {
            return true;
        }
    }
    // `38°` alone
    if dim == Dim::Temperature {
        for (i, c) in slice.char_indices() {
            if c == '°'
                && char_at(text, skip_hspace(text, base + i + c.len_utf8()))
                    .is_none_or(|n| n != 'F')
                && number_before(text, skip_hspace_back(text, base + i)).is_some()
            {
                return true;
            }
        }
    }
    false
}

impl Units {
    /// Writes converted values: each number, rescaled and rounded, and the
    /// unit suffix they share (`("89", "\u{A0}km")`, `("5,7", " millions de litres")`).
    fn write_values(&self, unit: &Unit, values: &[f64], q: &Quantity) -> (Vec<String>, String) {
        let mut target = unit.target;
        let mut scale = 1.0;
        let top = values.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        if top < 1.0
            && let Some((k, f)) = target.down
            && let Some(m) = metric(k)
        {
            target = m;
            scale = f;
        } else if let Some((th, k, f)) = target.up
            && top >= th
            && let Some(m) = metric(k)
        {
            target = m;
            scale = f;
        }
        let top = top * scale;
        let (big, big_word) = if !target.long.is_empty() && top >= 1e9 {
            (1e9, "milliard")
        } else if !target.long.is_empty() && top >= 1e6 {
            (1e6, "million")
        } else {
            (1.0, "")
        };
        let sig = q.sig.clamp(2, 3);
        let numbers = values
            .iter()
            .map(|v| {
                let x = v * scale / big;
                let (r, d) = match unit.round {
                    Round::Significant => numeric::round_sig(x, sig),
                    Round::Integer => {
                        let d = q.decimals.min(1) as i32;
                        let f = 10f64.powi(d);
                        ((x * f).round() / f, d as usize)
                    }
                };
                numeric::format_fr(r, d, &self.thousands)
            })
            .collect();
        let suffix = if big > 1.0 {
            let plural = if top / big >= 2.0 { "s" } else { "" };
            let de = if target.long.starts_with(['a', 'e', 'é', 'h', 'i', 'o', 'u']) {
                "d’"
            } else {
                "de "
            };
            format!(" {big_word}{plural} {de}{}", target.long)
        } else {
            format!("{}{}", self.unit_space, target.write)
        };
        (numbers, suffix)
    }
}

impl Units {
    /// A smaller unit of the same dimension right after the quantity that
    /// ends at `end` (`5 pieds 10 pouces`): its end and its value, in the
    /// target unit of `unit`.
    fn compound_after(&self, text: &str, end: usize, unit: &Unit) -> Option<(usize, f64)> {
        let bytes = text.as_bytes();
        let ns = skip_hspace(text, end);
        if ns == end || ns >= bytes.len() || !bytes[ns].is_ascii_digit() {
            return None;
        }
        let mut ne = ns;
        while ne < bytes.len()
            && (bytes[ne].is_ascii_digit() || bytes[ne] == b',' || bytes[ne] == b'.')
        {
            ne += 1;
        }
        while ne > ns && !bytes[ne - 1].is_ascii_digit() {
            ne -= 1;
        }
        let n = numeric::parse_digits(&text[ns..ne])?;
        let us = skip_hspace(text, ne);
        let input = aho_corasick::Input::new(text)
            .span(us..text.len())
            .anchored(aho_corasick::Anchored::Yes);
        let m = self.ac.find(input)?;
        if char_at(text, m.end()).is_some_and(|c| c.is_alphanumeric() || c == '-') {
            return None;
        }
        let second = &self.units[*self.unit_of.get(m.pattern().as_usize())?];
        if second.target.dim != unit.target.dim
            || second.offset != 0.0
            || unit.offset != 0.0
            || second.factor * si(second.target.key) >= unit.factor * si(unit.target.key)
        {
            return None;
        }
        let v = n.value * second.factor * si(second.target.key) / si(unit.target.key);
        Some((m.end(), v))
    }
}

impl Engine for Units {
    fn check(
        &self,
        doc: &Document,
        _cx: &EngineContext<'_>,
        rule: usize,
        _prior: Prior<'_>,
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text();
        let mut skip_until = 0;
        // The article's topics, computed at most once, when first needed.
        let mut topics: Option<Topics> = None;
        let matches: Box<dyn Iterator<Item = (usize, usize, usize)>> =
            match (&self.few, &self.prefixes) {
                (Some(finders), _) => Box::new(few_matches(finders, text)),
                (None, Some(prefixes)) => Box::new(filtered_matches(&self.ac, prefixes, text)),
                (None, None) => Box::new(
                    self.ac
                        .find_iter(text)
                        .map(|m| (m.start(), m.end(), m.pattern().as_usize())),
                ),
            };
        for (us, ue, pattern) in matches {
            if us < skip_until {
                continue; // the second unit of `5 pieds 10 pouces`
            }
            let Some(unit) = self.unit_of.get(pattern).map(|&i| &self.units[i]) else {
                continue;
            };
            // Word boundary after the unit (`pieds-noirs` is no unit).
            match char_at(text, ue) {
                Some(c) if c.is_alphanumeric() || c == '_' => continue,
                Some('-' | '\u{2011}')
                    if char_at(text, ue + 1).is_some_and(char::is_alphabetic) =>
                {
                    continue;
                }
                _ => {}
            }
            let Some(q) = quantity_before(text, us, unit.offset != 0.0) else {
                continue;
            };
            if q.vague && (unit.min_value.is_some() || unit.max_value.is_some()) {
                continue; // bare degrees need a value
            }
            let sent = sentence(text, q.start, ue, self.window);
            let mut topics_of = |_: &str| *topics.get_or_insert_with(|| context::doc_topics(doc));
            if !q.vague
                && q.spelled
                && (unit.digits_only || q.value < unit.min_spelled)
                && !spelled_allowed(text, unit, &q, sent.clone(), &mut topics_of)
            {
                continue;
            }
            let in_range = |v: f64| {
                unit.min_value.is_none_or(|lo| v >= lo) && unit.max_value.is_none_or(|hi| v <= hi)
            };
            if !q.vague && (!in_range(q.value) || !q.low.is_none_or(in_range)) {
                continue;
            }
            if unit.quiet_after.iter().any(|p| follows_ci(text, ue, p)) {
                continue;
            }
            let required = !unit.require_near.is_empty() || !unit.require_topics.is_empty();
            let near =
                !unit.require_near.is_empty() && any_word(text, sent.clone(), &unit.require_near);
            if required
                && !near
                && (unit.require_topics.is_empty() || !topics_of(text).any(&unit.require_topics))
            {
                continue;
            }
            if !unit.quiet_near.is_empty() && any_word(text, sent.clone(), &unit.quiet_near) {
                continue;
            }
            if !unit.quiet_topics.is_empty() && topics_of(text).any(&unit.quiet_topics) {
                continue;
            }
            // A conversion already given: the imperial value in parentheses,
            // or a metric quantity later in the sentence, or `soit`/`ou` after one.
            let before = &text[sent.start..q.start];
            if before
                .rfind('(')
                .is_some_and(|i| !before[i..].contains(')'))
            {
                continue;
            }
            let dim = unit.target.dim;
            if metric_quantity_in(text, ue..sent.end, dim) {
                continue;
            }
            let prev = word_before(text, skip_hspace_back(text, q.start));
            if let Some(w) = &prev
                && (eq_ci(&text[w.clone()], "soit") || eq_ci(&text[w.clone()], "ou"))
                && metric_quantity_in(text, sent.start..w.start, dim)
            {
                continue;
            }
            if q.vague {
                let name = if unit.target.long.is_empty() {
                    unit.target.write
                } else {
                    unit.target.long
                };
                out.push(Finding {
                    rule,
                    span: q.start..ue,
                    message: Some(Localized::new(
                        self.vague_message
                            .replace("{match}", &text[q.start..ue])
                            .replace("{unit}", name),
                        self.vague_message_fr
                            .replace("{match}", &text[q.start..ue])
                            .replace("{unit}", name),
                    )),
                    fix: None,
                    scope: Scope::Span,
                });
                continue;
            }
            // The fix.
            let convert = |v: f64| (v + unit.offset) * unit.factor;
            let mut values = Vec::with_capacity(2);
            if let Some(low) = q.low {
                values.push(convert(low));
            }
            values.push(convert(q.value));
            let mut q = q;
            let mut end = ue;
            if q.low.is_none()
                && let Some((e, more)) = self.compound_after(text, ue, unit)
            {
                // `5 pieds 10 pouces` = 1,78 m
                values[0] += more;
                end = e;
                skip_until = e;
                q.sig = 3;
                q.decimals = q.decimals.max(1);
            }
            let (numbers, suffix) = self.write_values(unit, &values, &q);
            let replacement = match (q.connector, &numbers[..]) {
                // A range keeps its connector as written (`-`, ` à `, ` et `).
                (Some((a, b)), [lo, hi]) => format!("{lo}{}{hi}{suffix}", &text[a..b]),
                _ => {
                    let number = numbers.concat();
                    let needs_approx = !self.approx.is_empty()
                        && !prev.as_ref().is_some_and(|w| {
                            let word = &text[w.clone()];
                            self.approx_words.iter().any(|a| eq_ci(word, a))
                        })
                        && !matches!(
                            char_before(text, skip_hspace_back(text, q.start)),
                            Some('\'' | '’')
                        );
                    if needs_approx {
                        format!("{} {number}{suffix}", self.approx)
                    } else {
                        format!("{number}{suffix}")
                    }
                }
            };
            out.push(Finding {
                rule,
                span: q.start..end,
                message: None,
                fix: Some(Fix {
                    replacement,
                    applicability: Applicability::Unsafe,
                }),
                scope: Scope::Span,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every unit name of the built-in rules.
    fn builtin_names() -> Vec<String> {
        let file: toml::Table =
            toml::from_str(include_str!("../../lints/fr/units.toml")).expect("units.toml parses");
        let mut names = Vec::new();
        for rule in file["rule"].as_array().expect("rules") {
            for unit in rule["options"]["units"].as_array().expect("units") {
                for n in unit["names"].as_array().expect("names") {
                    names.push(n.as_str().expect("a name").to_owned());
                }
            }
        }
        names
    }

    #[test]
    fn any_word_by_first_letter_agrees_with_every_pattern() {
        let list: Vec<String> = [
            "neige", "météo*", "Écran", "écran*", "golf", "or", "once*", "pèse", "poids", "x",
            "é*", "ßa", "ǅx",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let pats = compile_words(&list, &BTreeMap::new(), "test").unwrap();
        let pieces = [
            "neige", "NEIGE", "Météo", "écrans", "ÉCRAN", "golfeur", "Or", "onces", "Pèse", "x",
            "É", "ß", "ǆ", "Ǆx", " ", "'", "’", "-", "l'", "2", "é",
        ];
        for t in crate::engines::testing::mixed_texts(&pieces, 3000, 10, 0x0a11_0c0d_0000_0001) {
            let slow = document::words(&t).any(|w| {
                t[w].split(['\'', '’', '-', '\u{2011}'])
                    .any(|part| !part.is_empty() && pats.iter().any(|p| p.matches(part)))
            });
            assert_eq!(any_word(&t, 0..t.len(), &pats), slow, "{t:?}");
        }
    }

    #[test]
    fn filtered_matches_are_the_automaton_matches() {
        let mut names = builtin_names();
        names.extend(["ab".to_owned(), "abc".to_owned(), "bcd".to_owned()]);
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Both)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&names)
            .expect("automaton");
        let Some(prefixes) = prefix_searcher(&names) else {
            return; // no vector searcher on this machine: the automaton is used
        };
        let pieces = [
            "5 ",
            "miles",
            "mile",
            " carrés",
            "square",
            " ",
            "mph",
            "MPH",
            "pieds",
            "ft",
            "ft²",
            "yd",
            "yds",
            "lb",
            "oz",
            "fl",
            "°",
            "F",
            "º",
            "degrés",
            " Fahrenheit",
            "à l’heure",
            "ab",
            "c",
            "d",
            "x",
            "é",
            "\n",
            "onces",
            " liquides",
            "gallon",
            "s",
            "po",
            "li",
        ];
        let mut texts: Vec<String> = vec![String::new(), "ab".into(), "a".into()];
        texts.extend(crate::engines::testing::mixed_texts(
            &pieces,
            3000,
            20,
            0x9e37_79b9_7f4a_7c15,
        ));
        for text in &texts {
            let want: Vec<_> = ac
                .find_iter(text.as_str())
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            let got: Vec<_> = filtered_matches(&ac, &prefixes, text).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn few_matches_are_the_automaton_matches() {
        let names = ["°", "degrés", "deg", "grés"];
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names)
            .expect("automaton");
        let finders: Vec<_> = names
            .iter()
            .map(|n| memchr::memmem::Finder::new(n.as_bytes()).into_owned())
            .collect();
        for text in [
            "",
            "20 degrés, 30°, 5 deg et des degrégrés°°degdeg",
            "degrés°degrésgrés",
            "sans unité",
        ] {
            let want: Vec<_> = ac
                .find_iter(text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            assert_eq!(
                few_matches(&finders, text).collect::<Vec<_>>(),
                want,
                "{text}"
            );
        }
    }

    /// Runs the built-in rule `id` alone on `text`: (matched text, fix).
    fn run(id: &str, text: &str) -> Vec<(String, String)> {
        crate::engines::testing::builtin_matches(id, text)
    }

    fn imperial(text: &str) -> Vec<(String, String)> {
        run("unit/imperial", text)
    }

    fn one(text: &str) -> (String, String) {
        let mut v = imperial(text);
        assert_eq!(v.len(), 1, "{text:?}: {v:?}");
        v.remove(0)
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_owned(), b.to_owned())
    }

    #[test]
    fn converts_and_rounds_to_the_source_precision() {
        assert_eq!(one("à 55 miles de là"), pair("55 miles", "environ 89 km"));
        assert_eq!(
            one("à 200 miles de là"),
            pair("200 miles", "environ 320 km")
        );
        assert_eq!(
            one("à 1 500 miles de là"),
            pair("1 500 miles", "environ 2 400 km")
        );
        assert_eq!(
            one("à 1,500 miles de là"),
            pair("1,500 miles", "environ 2 400 km")
        );
        assert_eq!(one("à 0,5 mile de là"), pair("0,5 mile", "environ 800 m"));
        assert_eq!(one("un mur de 3 pieds."), pair("3 pieds", "91 cm"));
        assert_eq!(
            one("Il pèse 2 000 livres."),
            pair("2 000 livres", "environ 910 kg")
        );
        assert_eq!(
            one("Il pèse 50 000 livres."),
            pair("50 000 livres", "environ 23 tonnes")
        );
        assert_eq!(one("il fait 212 °F."), pair("212 °F", "environ 100 °C"));
        assert_eq!(one("il fait 98,6 °F."), pair("98,6 °F", "environ 37 °C"));
        assert_eq!(one("des vents de 75 mph."), pair("75 mph", "120 km/h"));
    }

    #[test]
    fn numbers_in_words_ranges_and_magnitudes() {
        assert_eq!(
            one("à cinquante-cinq miles"),
            pair("cinquante-cinq miles", "environ 89 km")
        );
        assert_eq!(
            one("à une vingtaine de miles"),
            pair("une vingtaine de miles", "environ 32 km")
        );
        assert_eq!(
            one("entre 10 et 20 miles"),
            pair("10 et 20 miles", "16 et 32 km")
        );
        assert_eq!(
            one("de 5 à 10 miles plus loin"),
            pair("5 à 10 miles", "8 à 16 km")
        );
        assert_eq!(
            one("une zone de 2 millions d’acres"),
            pair("2 millions d’acres", "810 000 hectares")
        );
        assert_eq!(one("un trou de 30-pieds"), pair("30-pieds", "9,1 m"));
        assert_eq!(
            one("un homme de 6 pieds 2 pouces."),
            pair("6 pieds 2 pouces", "1,88 m")
        );
        assert_eq!(one("il a fait -40 °F"), pair("-40 °F", "environ -40 °C"));
        assert_eq!(one("il a fait −13 °F"), pair("−13 °F", "environ -25 °C"));
    }

    #[test]
    fn vague_quantities_get_a_message_and_no_fix() {
        assert_eq!(
            one("à des centaines de miles"),
            pair("des centaines de miles", "")
        );
        assert_eq!(one("à quelques pieds du sol."), pair("quelques pieds", ""));
        assert_eq!(
            one("Des dizaines de milliers de gallons."),
            pair("Des dizaines de milliers de gallons", "")
        );
        assert_eq!(
            one("des millions d’acres"),
            pair("des millions d’acres", "")
        );
        assert_eq!(imperial("Les milliers de pieds de vigne."), vec![]);
    }

    #[test]
    fn traps_stay_quiet() {
        for text in [
            "Il marche à pied, pieds nus.",
            "Un pied, un pouce, une livre, un mile.",
            "le 12 mai, pieds joints",
            "Le F-35 pieds en l’air.",
            "La police a saisi 300 pieds de cannabis.",
            "Il a écrit 12 livres.",
            "Il a acheté 30 livres, dont un gros roman qui pèse lourd.",
            "Le salaire est de 4 000 livres par mois, un poids pour l’entreprise.",
            "L’appareil volait à 10 000 pieds.",
            "Un iPhone de 6,1 pouces.",
            "Le navire est à 30 milles marins, soit 55 km.",
            "à 55 miles, soit 89 km, de la frontière",
            "à 89 km, soit 55 miles, de la frontière",
            "à 55 miles nautiques",
            "Les 500 Miles d’Indianapolis",
            "Six pieds sous terre.",
            "Un million de pieds-noirs.",
            "",
            "miles",
            "55",
            "55 ",
            " miles 55",
        ] {
            assert_eq!(imperial(text), vec![], "{text:?}");
        }
    }

    #[test]
    fn unmarked_fahrenheit_needs_weather_and_a_plausible_value() {
        let r = run(
            "unit/fahrenheit-unmarked",
            "La température a atteint 100 degrés à Dallas.",
        );
        assert_eq!(r, vec![pair("100 degrés", "environ 38 °C")]);
        for text in [
            "La température a atteint 40 degrés à Séville.",
            "Un virage à 90 degrés par cette chaleur.",
            "La température du four atteint 250 degrés.",
            "Il a tourné de 90 degrés.",
            "La chaleur monte à 100 °C dans la chaudière.",
        ] {
            assert_eq!(run("unit/fahrenheit-unmarked", text), vec![], "{text:?}");
        }
    }

    #[test]
    fn spelled_snow_depths_need_a_weather_article() {
        let storm = "Une tempête hivernale arrive. Les météorologues annoncent jusqu’à deux pieds \
                     de neige, et six pouces sont déjà tombés sur la ville enneigée.";
        let got: Vec<String> = imperial(storm).into_iter().map(|(m, _)| m).collect();
        assert_eq!(got, ["deux pieds", "six pouces"]);
        assert!(imperial("Il a posé ses deux pieds dans la neige.").is_empty());
        assert!(imperial("Le mur mesurait deux pieds, disait le maçon.").is_empty());
        let body = "Une tempête hivernale arrive, la neige tombe, les météorologues s’inquiètent. \
                    Le skieur a tenu sur ses deux pieds dans la neige.";
        assert!(imperial(body).is_empty());
    }

    #[test]
    fn bare_degrees_follow_the_article_topic() {
        let heat = "Une vague de chaleur écrase l’Ouest, selon les météorologues. \
                    Mardi, Phoenix a atteint 112 degrés. La canicule doit durer.";
        assert_eq!(run("unit/fahrenheit-unmarked", heat).len(), 1);
        let not_weather = "Le ministre a parlé. Mardi, le skieur a tourné à 112 degrés.";
        assert!(run("unit/fahrenheit-unmarked", not_weather).is_empty());
    }

    #[test]
    fn topic_options_are_validated() {
        let err = build_err(
            "[[units]]\nnames = [\"pieds\"]\nto = \"m\"\nfactor = 0.3\nquiet-topics = [\"cooking\"]",
        );
        assert!(err.contains("unknown topic"), "{err}");
        let err = build_err(
            "[[units]]\nnames = [\"pieds\"]\nto = \"m\"\nfactor = 0.3\nspelled-topics = [\"weather\"]",
        );
        assert!(err.contains("spelled-near"), "{err}");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "é55 miles",
            "55\u{A0}miles",
            "55\u{202F}miles\u{301}",
            "(55 miles",
            "55 miles)",
            "−",
            "-°F",
            "°F",
            "1,5,5 miles",
            "99999999999999999999999 miles",
            "d’acres",
            "de miles",
            "une douzaine de",
            "millions de miles",
            "«55 miles»",
        ] {
            let _ = imperial(text);
            let _ = run("unit/fahrenheit-unmarked", text);
        }
    }

    fn build_err(options: &str) -> String {
        let t: toml::Table = toml::from_str(options).expect("test options parse");
        match build(&t) {
            Ok(_) => String::new(),
            Err(e) => e,
        }
    }

    #[test]
    fn bad_options_are_explained() {
        let ok = "[[units]]\nnames = [\"miles\"]\nto = \"km\"\nfactor = 1.609344\n";
        assert_eq!(build_err(ok), "");
        assert!(
            build_err("[[units]]\nnames = [\"miles\"]\nto = \"furlong\"\nfactor = 1.0\n")
                .contains("unknown target")
        );
        assert!(
            build_err("[[units]]\nnames = [\"miles\"]\nto = \"km\"\nfactor = 0.0\n")
                .contains("factor")
        );
        assert!(
            build_err("[[units]]\nnames = [\"miles\", \"miles\"]\nto = \"km\"\nfactor = 1.0\n")
                .contains("twice")
        );
        assert!(build_err("[[units]]\nnames = [\"miles\"]\nto = \"km\"\nfactor = 1.0\nquiet-near = [\"@nope\"]\n").contains("@nope"));
        assert!(build_err("[[units]]\nnames = [\"miles\"]\nto = \"km\"\nfactor = 1.0\nquiet-near = [\"two words\"]\n").contains("one word"));
        assert!(
            build_err("[[units]]\nnames = [\"miles\"]\nto = \"km\"\nfactor = 1.0\ncolour = 1\n")
                .contains("colour")
        );
        assert!(build_err("units = []\n").contains("at least one"));
    }
}
