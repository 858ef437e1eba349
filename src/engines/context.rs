//! Article-level topic: is this article about the weather, aviation, sport,
//! a police or court case?
//!
//! Some checks depend on what the whole article is about, not on the
//! sentence they look at: `104 degrés` is a Fahrenheit air temperature in a
//! weather story even when its sentence names no weather word (`Phoenix a
//! atteint 104 degrés mardi`), `deux pieds` is snow depth in a blizzard story
//! and a body part elsewhere. A sentence is too small a window to decide, so
//! engines ask this module, once per article, which topics it has.
//!
//! # How a topic is decided
//!
//! Each topic has a curated list of French words and phrases (and a few
//! English proper names that translated copy keeps, such as `National
//! Weather Service`). One case-insensitive Aho-Corasick pass over the article
//! counts whole-word hits of every list. A topic holds when its hits are
//!
//! - at least [`MIN_HITS`] (3), of at least [`MIN_DISTINCT`] (2) different
//!   entries (one word repeated is not a topic: a `tempête` of criticism), and
//! - at least one per [`WORDS_PER_HIT`] (250) words of the article, so a long
//!   essay with three metaphorical `tempête`, `pluie`, `chaleur` does not
//!   become a weather story.
//!
//! The lists favour words that are unambiguous in news copy (`neige`,
//! `météo`, `blizzard`, not `temps` or `froid`); the thresholds make a single
//! figurative use harmless.
//!
//! # Use from an engine
//!
//! ```ignore
//! let topics = context::topics(doc.text());
//! if topics.has(Topic::Weather) { … }
//! ```
//!
//! It costs one automaton pass over the article; call it lazily (only when a
//! candidate needs it) and at most once per article. Engine options name
//! topics with [`Topic::from_name`]: `weather`, `aviation`, `sport`,
//! `police`.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::sync::OnceLock;

/// A topic an article can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// Weather: snow, storms, heat waves, forecasts.
    Weather,
    /// Aviation: flights, airports, aircraft.
    Aviation,
    /// Sport: matches, teams, scores.
    Sport,
    /// Police and courts: arrests, charges, investigations.
    Police,
}

/// Every topic, in the order of [`Topics`]' bits.
pub const ALL: [Topic; 4] = [Topic::Weather, Topic::Aviation, Topic::Sport, Topic::Police];

impl Topic {
    /// The name used in rule options (`weather`, `aviation`, `sport`, `police`).
    pub fn name(self) -> &'static str {
        match self {
            Topic::Weather => "weather",
            Topic::Aviation => "aviation",
            Topic::Sport => "sport",
            Topic::Police => "police",
        }
    }

    /// The topic of an option value, if it names one.
    pub fn from_name(name: &str) -> Option<Topic> {
        ALL.into_iter().find(|t| t.name() == name)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The topics of one article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Topics(u8);

impl Topics {
    /// Does the article have this topic?
    pub fn has(self, t: Topic) -> bool {
        self.0 & t.bit() != 0
    }

    /// Does the article have any of these topics?
    pub fn any(self, ts: &[Topic]) -> bool {
        ts.iter().any(|&t| self.has(t))
    }
}

/// Fewest hits for a topic.
pub const MIN_HITS: usize = 3;
/// Fewest different entries among the hits.
pub const MIN_DISTINCT: usize = 2;
/// At least one hit per this many words of the article.
pub const WORDS_PER_HIT: usize = 250;

const WEATHER: &[&str] = &[
    "neige",
    "neiges",
    "enneigé",
    "enneigée",
    "enneigés",
    "enneigées",
    "chute de neige",
    "chutes de neige",
    "tempête de neige",
    "tempête hivernale",
    "tempêtes hivernales",
    "tempête",
    "tempêtes",
    "blizzard",
    "blizzards",
    "chasse-neige",
    "verglas",
    "grésil",
    "pluie verglaçante",
    "pluies verglaçantes",
    "météo",
    "météorologique",
    "météorologiques",
    "météorologue",
    "météorologues",
    "météorologiste",
    "météorologistes",
    "prévisionniste",
    "prévisionnistes",
    "prévisions météo",
    "national weather service",
    "accuweather",
    "canicule",
    "canicules",
    "vague de chaleur",
    "vagues de chaleur",
    "dôme de chaleur",
    "chaleur extrême",
    "chaleur record",
    "indice de chaleur",
    "températures",
    "température",
    "thermomètre",
    "mercure",
    "ouragan",
    "ouragans",
    "tornade",
    "tornades",
    "orage",
    "orages",
    "orageux",
    "averses",
    "précipitations",
    "rafales",
    "vents violents",
    "inondations",
    "crue",
    "crues",
    "sécheresse",
    "humidité",
    "gel",
    "gelées",
    "vague de froid",
    "froid polaire",
    "vortex polaire",
    "tempête tropicale",
    "alerte météo",
    "avertissement de tempête",
    "veille de tempête",
];

const AVIATION: &[&str] = &[
    "avion",
    "avions",
    "vol",
    "vols",
    "aéroport",
    "aéroports",
    "décollage",
    "décollé",
    "atterrissage",
    "atterri",
    "pilote",
    "pilotes",
    "équipage",
    "cockpit",
    "piste",
    "compagnie aérienne",
    "compagnies aériennes",
    "boeing",
    "airbus",
    "faa",
    "federal aviation administration",
    "ntsb",
    "aviation",
    "altitude",
    "hélicoptère",
    "appareil",
    "passagers",
    "aéronef",
    "contrôleurs aériens",
    "tour de contrôle",
];

const SPORT: &[&str] = &[
    "touchdown",
    "touchdowns",
    "verges",
    "receveur",
    "receveurs",
    "passes",
    "match",
    "matchs",
    "matches",
    "équipe",
    "équipes",
    "entraîneur",
    "entraîneurs",
    "saison",
    "championnat",
    "joueur",
    "joueurs",
    "victoire",
    "défaite",
    "score",
    "but",
    "buts",
    "points",
    "ligue",
    "tournoi",
    "finale",
    "nba",
    "nfl",
    "mlb",
    "nhl",
    "premier league",
    "quart-arrière",
    "quarterback",
    "touché",
    "touchés",
    "marqué",
    "mi-temps",
    "prolongation",
    "coup d’envoi",
    "coup d'envoi",
];

const POLICE: &[&str] = &[
    "police",
    "policier",
    "policiers",
    "shérif",
    "suspect",
    "suspects",
    "arrêté",
    "arrêtée",
    "arrestation",
    "inculpé",
    "inculpée",
    "accusé",
    "accusée",
    "meurtre",
    "homicide",
    "enquête",
    "enquêteurs",
    "procureur",
    "tribunal",
    "prison",
    "détention",
    "caution",
    "victime",
    "victimes",
    "fusillade",
    "tiré",
    "plainte",
    "gendarmes",
    "gendarmerie",
];

struct Lists {
    /// `None` only if the constant lists could not be compiled (never).
    ac: Option<AhoCorasick>,
    /// Pattern index → (topic index, entry index within all entries).
    topic_of: Vec<usize>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut pats: Vec<&str> = Vec::new();
        let mut topic_of = Vec::new();
        for (t, list) in [WEATHER, AVIATION, SPORT, POLICE].into_iter().enumerate() {
            for p in list {
                pats.push(p);
                topic_of.push(t);
            }
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // A DFA: the default for this many patterns is an NFA, about
            // twice as slow over a whole article; the table stays small.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pats)
            .ok();
        Lists { ac, topic_of }
    })
}

/// The topics of the article `text`.
pub fn topics(text: &str) -> Topics {
    let l = lists();
    let Some(ac) = &l.ac else {
        return Topics::default();
    };
    let mut hits = [0usize; 4];
    // Distinct entries per topic: a small bitset over pattern indices.
    let mut seen: Vec<u64> = vec![0; l.topic_of.len().div_ceil(64)];
    let mut distinct = [0usize; 4];
    for m in ac.find_iter(text) {
        let before_ok = text[..m.start()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = text[m.end()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        // ASCII case folding leaves accented capitals alone; that is fine
        // for these lower-case words.
        if !before_ok || !after_ok {
            continue;
        }
        let p = m.pattern().as_usize();
        let t = l.topic_of[p];
        hits[t] += 1;
        if seen[p / 64] & (1 << (p % 64)) == 0 {
            seen[p / 64] |= 1 << (p % 64);
            distinct[t] += 1;
        }
    }
    // The word count, only when a topic needs it: a word takes at least
    // two bytes but for the last, so a topic with a hit per `len / 2`
    // words or more holds whatever the count (a short article's count is
    // never taken).
    let bound = text.len().div_ceil(2).max(1);
    let mut words = None;
    let mut out = Topics::default();
    for (i, t) in ALL.into_iter().enumerate() {
        if hits[i] < MIN_HITS || distinct[i] < MIN_DISTINCT {
            continue;
        }
        let enough = hits[i] * WORDS_PER_HIT >= bound
            || hits[i] * WORDS_PER_HIT
                >= *words.get_or_insert_with(|| crate::document::word_token_count(text).max(1));
        if enough {
            out.0 |= t.bit();
        }
    }
    out
}

/// The topics of `doc`'s text, computed once per document and shared by
/// every rule and engine that asks (the automaton pass and the word count
/// cover the whole article: on a 10 MB file, each rule computing its own
/// copy cost more than the rest of the unit checks).
pub fn doc_topics(doc: &crate::document::Document) -> Topics {
    /// The memo entry: a type of this module's own.
    struct DocTopics(Topics);
    doc.memo(|_: &DocTopics| true, || DocTopics(topics(doc.text())))
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snow_story_is_weather() {
        let t = topics(
            "Une tempête hivernale a traversé la région dimanche. La neige est tombée \
             toute la nuit et les chasse-neige sont sortis. Les météorologues prévoient \
             encore de la neige mardi.",
        );
        assert!(t.has(Topic::Weather));
        assert!(!t.has(Topic::Aviation));
    }

    #[test]
    fn one_figurative_word_is_not_a_topic() {
        let t = topics(
            "Une tempête politique a secoué le gouvernement. La tempête ne faiblit pas, \
             et la tempête gagne le Parlement.",
        );
        assert!(!t.has(Topic::Weather), "one entry repeated");
        let mut long = String::from("Une pluie de critiques et une tempête de réactions. ");
        long.push_str("Le débat a porté sur la chaleur humaine. ");
        long.push_str(&"Le ministre a présenté son projet de loi aux députés. ".repeat(120));
        assert!(
            !topics(&long).has(Topic::Weather),
            "too rare for the length"
        );
    }

    #[test]
    fn names_round_trip() {
        for t in ALL {
            assert_eq!(Topic::from_name(t.name()), Some(t));
        }
        assert_eq!(Topic::from_name("cooking"), None);
        assert!(topics("").0 == 0);
    }
}
