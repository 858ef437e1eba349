//! The language findings are written in for the reader: French for a
//! French newsroom, English otherwise (issue 11 §4).
//!
//! Chosen, first match wins: `check --messages fr|en`, the `messages` key
//! of `.auditrc.toml`, the locale (`LC_ALL`, then `LC_MESSAGES`, then
//! `LANG`; a value starting with `fr` gives French), else English. This is
//! the POSIX order for message catalogues, so an editor whose desktop is in
//! French reads French without configuring anything.
//!
//! The language of messages is not the language of the article (`--lang`,
//! which picks the rule pack): a bilingual desk may check French articles
//! and read English messages.
//!
//! Front-ends that choose per request (a server answering in the client's
//! `motherTongue`, a language server) pass a [`MessageLang`] explicitly:
//! [`crate::rules::RuleSet::message_in`], [`crate::rules::Rule::message_in`]
//! and [`crate::rules::Rule::explanation_in`].

/// The language of messages, explanations and the text report's labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, clap::ValueEnum)]
pub enum MessageLang {
    /// English (the default when nothing says otherwise).
    #[default]
    En,
    /// French.
    Fr,
}

impl MessageLang {
    /// The accepted spellings, for error messages and `--help`.
    pub const VALUES: &'static str = "fr or en";

    /// `fr` or `en` (also a language tag such as `fr-FR`, `fr_CA`, `en-GB`,
    /// as a LanguageTool client sends in `motherTongue`). `None` for any
    /// other language: the caller decides whether that is an error (a
    /// config) or means the default (a client's mother tongue).
    pub fn parse(s: &str) -> Option<MessageLang> {
        let primary = s
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(MessageLang::Fr),
            "en" => Some(MessageLang::En),
            _ => None,
        }
    }

    /// The language the locale asks for: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty decides (as POSIX
    /// says); French when it starts with `fr`, English otherwise.
    pub fn from_env() -> MessageLang {
        Self::from_locale(|k| std::env::var(k).ok())
    }

    /// [`MessageLang::from_env`] over any variable lookup (testable without
    /// touching the process environment).
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> MessageLang {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| var(k))
            .find(|v| !v.is_empty());
        match value {
            Some(v) if v.to_ascii_lowercase().starts_with("fr") => MessageLang::Fr,
            _ => MessageLang::En,
        }
    }

    /// The language chosen by a front-end's explicit setting, else the
    /// config's, else the locale's.
    pub fn resolve(flag: Option<MessageLang>, config: Option<MessageLang>) -> MessageLang {
        flag.or(config).unwrap_or_else(MessageLang::from_env)
    }

    /// `fr` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageLang::En => "en",
            MessageLang::Fr => "fr",
        }
    }

    /// `en` when English, `fr` when French: picks one of two texts.
    pub fn pick<'a>(self, en: &'a str, fr: &'a str) -> &'a str {
        match self {
            MessageLang::En => en,
            MessageLang::Fr => fr,
        }
    }
}

impl std::fmt::Display for MessageLang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message computed by code (an engine's converted value, a suppression
/// comment's rules) in both languages, so the report can be written in
/// either without running the rules again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized {
    /// English.
    pub en: String,
    /// French.
    pub fr: String,
}

impl Localized {
    /// The message in both languages.
    pub fn new(en: impl Into<String>, fr: impl Into<String>) -> Localized {
        Localized {
            en: en.into(),
            fr: fr.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: MessageLang) -> &str {
        lang.pick(&self.en, &self.fr)
    }
}

/// The French name of a language given by its English name (as language
/// detection gives it), lower-case as French writes it; the English name
/// when the language is not in the list (an unusual language stays
/// readable, if in English).
pub fn language_name_fr(english: &str) -> &str {
    match english {
        "English" => "anglais",
        "French" => "français",
        "Italian" => "italien",
        "Spanish" => "espagnol",
        "Portuguese" => "portugais",
        "German" => "allemand",
        "Dutch" => "néerlandais",
        "Catalan" => "catalan",
        "Romanian" => "roumain",
        "Polish" => "polonais",
        "Czech" => "tchèque",
        "Slovak" => "slovaque",
        "Slovene" => "slovène",
        "Croatian" => "croate",
        "Serbian" => "serbe",
        "Hungarian" => "hongrois",
        "Finnish" => "finnois",
        "Estonian" => "estonien",
        "Latvian" => "letton",
        "Lithuanian" => "lituanien",
        "Swedish" => "suédois",
        "Danish" => "danois",
        "Norwegian" => "norvégien",
        "Bokmal" => "norvégien",
        "Nynorsk" => "norvégien",
        "Icelandic" => "islandais",
        "Greek" => "grec",
        "Turkish" => "turc",
        "Russian" => "russe",
        "Ukrainian" => "ukrainien",
        "Belarusian" => "biélorusse",
        "Bulgarian" => "bulgare",
        "Macedonian" => "macédonien",
        "Arabic" => "arabe",
        "Hebrew" => "hébreu",
        "Persian" => "persan",
        "Hindi" => "hindi",
        "Bengali" => "bengali",
        "Urdu" => "ourdou",
        "Chinese" | "Mandarin" => "chinois",
        "Japanese" => "japonais",
        "Korean" => "coréen",
        "Vietnamese" => "vietnamien",
        "Thai" => "thaï",
        "Indonesian" => "indonésien",
        "Malay" => "malais",
        "Tagalog" => "tagalog",
        "Latin" => "latin",
        "Esperanto" => "espéranto",
        "Afrikaans" => "afrikaans",
        "Swahili" => "swahili",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(vars: &[(&str, &str)]) -> MessageLang {
        MessageLang::from_locale(|k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn parse_accepts_tags_and_refuses_other_languages() {
        assert_eq!(MessageLang::parse("fr"), Some(MessageLang::Fr));
        assert_eq!(MessageLang::parse("fr-CA"), Some(MessageLang::Fr));
        assert_eq!(MessageLang::parse("EN_gb"), Some(MessageLang::En));
        assert_eq!(MessageLang::parse("de"), None);
        assert_eq!(MessageLang::parse(""), None);
        assert_eq!(MessageLang::parse("french"), None);
    }

    #[test]
    fn locale_follows_posix_precedence() {
        assert_eq!(locale(&[]), MessageLang::En);
        assert_eq!(locale(&[("LANG", "fr_FR.UTF-8")]), MessageLang::Fr);
        assert_eq!(locale(&[("LANG", "C.UTF-8")]), MessageLang::En);
        assert_eq!(
            locale(&[("LC_MESSAGES", "en_US.UTF-8"), ("LANG", "fr_FR.UTF-8")]),
            MessageLang::En
        );
        assert_eq!(
            locale(&[
                ("LC_ALL", "fr_BE.UTF-8"),
                ("LC_MESSAGES", "en_US.UTF-8"),
                ("LANG", "en_US")
            ]),
            MessageLang::Fr
        );
        // An empty variable does not count (POSIX).
        assert_eq!(
            locale(&[("LC_ALL", ""), ("LANG", "fr_FR")]),
            MessageLang::Fr
        );
    }

    #[test]
    fn explicit_choice_beats_config_and_locale() {
        assert_eq!(
            MessageLang::resolve(Some(MessageLang::En), Some(MessageLang::Fr)),
            MessageLang::En
        );
        assert_eq!(
            MessageLang::resolve(None, Some(MessageLang::Fr)),
            MessageLang::Fr
        );
    }
}
