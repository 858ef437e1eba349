//! The reporting lexicon: the words that name a speaker around a
//! quotation (`dit`, `déclar*`, `selon`…) and the inverted incise
//! (`affirme-t-il`). Shared by the `quotes` engine (a quotation followed by
//! a reporting clause is attributed) and the `attribution` engine (a
//! quotation with no reporting word near it has no speaker). It lives in
//! its own module so that the two engines do not import each other:
//! `attribution` uses the quotation scan of `quotes`, and `quotes` needs
//! only this lexicon.

use std::sync::{Arc, LazyLock};

/// Reporting verbs (forms and `*` prefixes) and attribution words: what
/// names a speaker around a quotation.
pub const DEFAULT_REPORTING: &[&str] = &[
    // dire
    "dit",
    "dis",
    "dire",
    "disait",
    "disaient",
    "disent",
    "dira",
    "diront",
    "dirait",
    "disant",
    "dites",
    "disons",
    // the usual introducers
    "déclar*",
    "affirm*",
    "ajout*",
    "estim*",
    "expliqu*",
    "soulign*",
    "indiqu*",
    "précis*",
    "assur*",
    "racont*",
    "confi*",
    "répond*",
    "répondu",
    "répliqu*",
    "rétorqu*",
    "lanc*",
    "lâch*",
    "gliss*",
    "martel*",
    "insist*",
    "poursui*",
    "conclu*",
    "résum*",
    "ironis*",
    "exclam*",
    "écri*",
    "tweet*",
    "twitt*",
    "annonc*",
    "rappel*",
    "prévien*",
    "préven*",
    "avert*",
    "alert*",
    "témoign*",
    "commente",
    "commenté",
    "commentait",
    "commentent",
    "commentant",
    "regrett*",
    "dénonc*",
    "déplor*",
    "interrog*",
    "demand*",
    "questionn*",
    "note",
    "noté",
    "notait",
    "notent",
    "notant",
    "relev*",
    "observ*",
    "juge",
    "jugé",
    "jugeait",
    "juger",
    "considèr*",
    "considér*",
    "pense",
    "pensé",
    "pensait",
    "pensent",
    "pensons",
    "croit",
    "croient",
    "croire",
    "croyait",
    "crois",
    "cru",
    "soutien*",
    "souten*",
    "soutenu",
    "plaid*",
    "argu*",
    "justifi*",
    "assén*",
    "tranch*",
    "renchér*",
    "enchaîn*",
    "complèt*",
    "complét*",
    "détaill*",
    "clam*",
    "proclam*",
    "promet*",
    "promis",
    "jure",
    "juré",
    "jurait",
    "jurent",
    "menac*",
    "s’emport*",
    "fulmin*",
    "indign*",
    "agac*",
    "amus*",
    "sourit",
    "souri",
    "plaisant*",
    "raill*",
    "reprend",
    "reprenait",
    "repris",
    "analys*",
    "décri*",
    "évoqu*",
    "cite",
    "cité",
    "citait",
    "citant",
    "citent",
    "rapport*",
    "relate",
    "relaté",
    "relatait",
    "signal*",
    "mention*",
    "recommand*",
    "conseill*",
    "suggér*",
    "suggèr*",
    "propos*",
    "exhort*",
    "appel*",
    "réclam*",
    "exig*",
    "implor*",
    "suppli*",
    "exprim*",
    "répét*",
    "répèt*",
    "souvien*",
    "souvenu",
    "abond*",
    "relèv*",
    "présent*",
    "achèv*",
    "soulèv*",
    "constat*",
    "inquièt*",
    "inquiét*",
    "alarm*",
    "félicit*",
    "salu*",
    "remerci*",
    "nuanc*",
    "tempère",
    "tempéré",
    "corrig*",
    "rectifi*",
    "dément*",
    "démenti",
    "nie",
    "nié",
    "niait",
    "contest*",
    "réfut*",
    "objecte",
    "objecté",
    "prédi*",
    "pronostiqu*",
    "espèr*",
    "espér*",
    "souhait*",
    "admet*",
    "admis",
    "reconn*",
    "avou*",
    "confess*",
    "murmur*",
    "crie",
    "crié",
    "criait",
    "crient",
    "hurl*",
    "s’écri*",
    "résonn*",
    "prié",
    "prévenu",
    "averti",
    "interpell*",
    "insiste",
    "résume",
    "accus*",
    "reproch*",
    "rassur*",
    "persist*",
    "maintien*",
    "maintenu",
    "certifi*",
    "garanti*",
    "atteste*",
    "attesté",
    "confirm*",
    "infirm*",
    "nuanç*",
    "concèd*",
    "concéd*",
    "admettant",
    // attribution words
    "selon",
    "d’après",
    "d'après",
    "source*",
    "communiqué*",
    "entretien*",
    "interview*",
    "déclaration*",
    "propos",
    "message*",
    "courrier*",
    "lettre*",
    "discours",
    "conférence*",
    "micro",
    "antenne",
    "plateau",
    "tribune*",
    "publication*",
    "vidéo*",
    "porte-parole",
    "interrogé*",
    "contacté*",
    "joint*",
    "auprès",
];

/// A reporting lexicon: exact word forms and `*` prefixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lexicon {
    exact: Vec<String>,
    prefixes: Vec<String>,
    /// First bytes of the entries: a word starting with another byte is
    /// no entry, without a binary search and a test of every prefix (this
    /// runs for every word around every quotation).
    first: [bool; 256],
}

impl Lexicon {
    /// Builds a lexicon from entries (`dit`, `déclar*`).
    pub fn new<S: AsRef<str>>(entries: &[S]) -> Result<Lexicon, String> {
        let mut exact = Vec::new();
        let mut prefixes = Vec::new();
        for e in entries {
            let e = e.as_ref().trim().replace('\'', "’").to_lowercase();
            if e.is_empty() || e == "*" {
                return Err("empty entry in `reporting-verbs`".into());
            }
            match e.strip_suffix('*') {
                Some(p) => prefixes.push(p.to_owned()),
                None => exact.push(e),
            }
        }
        exact.sort();
        exact.dedup();
        let mut first = [false; 256];
        for e in exact.iter().chain(&prefixes) {
            if let Some(&b) = e.as_bytes().first() {
                first[usize::from(b)] = true;
            }
        }
        Ok(Lexicon {
            exact,
            prefixes,
            first,
        })
    }

    /// The built-in lexicon, [`DEFAULT_REPORTING`].
    pub fn default_reporting() -> Lexicon {
        Lexicon::new(DEFAULT_REPORTING).unwrap_or(Lexicon {
            exact: Vec::new(),
            prefixes: Vec::new(),
            first: [false; 256],
        })
    }

    /// The built-in lexicon, built once and shared by every rule using it
    /// (rules with one lexicon share their quotation scan, see
    /// [`super::quotes::scan_shared`]; the pointer comparison there is then
    /// enough).
    pub fn shared_default() -> Arc<Lexicon> {
        static DEFAULT: LazyLock<Arc<Lexicon>> =
            LazyLock::new(|| Arc::new(Lexicon::default_reporting()));
        DEFAULT.clone()
    }

    /// Is `word` (a token of [`crate::document::words`]) a reporting form?
    pub fn is_reporting(&self, word: &str) -> bool {
        let lower;
        let mut w: &str = if word.chars().any(|c| c.is_uppercase() || c == '\'') {
            lower = word.to_lowercase().replace('\'', "’");
            &lower
        } else {
            word
        };
        if self.hit(w) {
            return true;
        }
        // Elided prefix: s’exclame, qu’affirme, l’assure.
        if let Some(i) = w.find('’')
            && i <= 3
        {
            w = &w[i + '’'.len_utf8()..];
            if self.hit(w) {
                return true;
            }
        }
        // Inverted incise: affirme-t-il, dit-elle.
        if let Some(i) = w.find("-t-").or_else(|| w.rfind('-'))
            && is_inverted(w)
        {
            return self.hit(&w[..i]);
        }
        false
    }

    fn hit(&self, w: &str) -> bool {
        // Entries are never empty: an empty word, or one starting with a
        // byte no entry starts with, is none of them.
        if !w
            .as_bytes()
            .first()
            .is_some_and(|&b| self.first[usize::from(b)])
        {
            return false;
        }
        self.exact.binary_search_by(|e| e.as_str().cmp(w)).is_ok()
            || self.prefixes.iter().any(|p| w.starts_with(p.as_str()))
    }
}

/// `a-t-il`, `dit-elle`, `explique-t-on`: an inverted verb, as in an incise.
pub fn is_inverted(word: &str) -> bool {
    ["-il", "-elle", "-ils", "-elles", "-on"]
        .iter()
        .any(|s| word.len() > s.len() + 1 && word.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_byte_test_drops_no_entry() {
        let lex = Lexicon::default_reporting();
        let custom = Lexicon::new(&["Dit", "s’exclam*", "é*"]).unwrap();
        let words = [
            "dit",
            "déclare",
            "déclarait",
            "affirme",
            "selon",
            "d’après",
            "s’exclame",
            "été",
            "",
            "x",
            "Dit",
            "maison",
            "ajoute",
            "a",
            "z",
            "’",
        ];
        for l in [&lex, &custom] {
            for w in words {
                let slow = l.exact.binary_search_by(|e| e.as_str().cmp(w)).is_ok()
                    || l.prefixes.iter().any(|p| w.starts_with(p.as_str()));
                assert_eq!(l.hit(w), slow, "{w:?}");
            }
        }
        assert!(lex.is_reporting("affirme-t-il") && is_inverted("dit-elle"));
    }
}
