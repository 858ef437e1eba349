//! The language the server speaks to the editor: rule messages, rule
//! explanations and the titles of its code actions. One parameter, decided
//! at `initialize`: the `messages` initialization option (`fr` or `en`),
//! else the client's `locale` (`fr…` gives French), else English.

impl From<Lang> for crate::messages::MessageLang {
    fn from(l: Lang) -> Self {
        match l {
            Lang::En => crate::messages::MessageLang::En,
            Lang::Fr => crate::messages::MessageLang::Fr,
        }
    }
}

/// The language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// French, for the editors who read the articles.
    Fr,
}

impl Lang {
    /// The language from the `messages` initialization option, else the
    /// client's locale. Anything unknown is English.
    pub fn choose(option: Option<&str>, locale: Option<&str>) -> Lang {
        let is_fr = |s: &str| s.trim().to_ascii_lowercase().starts_with("fr");
        match option {
            Some(o) if is_fr(o) => Lang::Fr,
            Some(o) if o.trim().to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => {
                if locale.is_some_and(is_fr) {
                    Lang::Fr
                } else {
                    Lang::En
                }
            }
        }
    }

    /// Title of the code action that replaces `old` by `new`.
    pub fn fix_title(self, old: &str, new: &str) -> String {
        let (old, new) = (shorten(old), shorten(new));
        match (self, new.is_empty()) {
            (Lang::En, true) => format!("Delete “{old}”"),
            (Lang::En, false) => format!("Replace “{old}” with “{new}”"),
            (Lang::Fr, true) => format!("Supprimer « {old} »"),
            (Lang::Fr, false) => format!("Remplacer « {old} » par « {new} »"),
        }
    }

    /// Title of the action applying every safe fix of a document.
    pub fn fix_all_title(self, n: usize) -> String {
        match (self, n) {
            (Lang::En, 1) => "Apply transaudit's safe fix".to_owned(),
            (Lang::En, _) => format!("Apply transaudit's {n} safe fixes"),
            (Lang::Fr, 1) => "Appliquer la correction sûre de transaudit".to_owned(),
            (Lang::Fr, _) => format!("Appliquer les {n} corrections sûres de transaudit"),
        }
    }

    /// How hover names a fix's applicability.
    pub fn applicability(self, safe: bool) -> &'static str {
        match (self, safe) {
            (Lang::En, true) => "safe fix",
            (Lang::En, false) => "suggested fix (check it: it may change the meaning)",
            (Lang::Fr, true) => "correction sûre",
            (Lang::Fr, false) => "correction proposée (à vérifier : elle peut changer le sens)",
        }
    }
}

/// At most 40 characters of `s`, on one line, for a menu entry.
fn shorten(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > 40 {
        let cut: String = one_line.chars().take(39).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_then_locale_then_english() {
        assert_eq!(Lang::choose(Some("fr"), Some("en-US")), Lang::Fr);
        assert_eq!(Lang::choose(Some("en"), Some("fr-FR")), Lang::En);
        assert_eq!(Lang::choose(None, Some("fr-CA")), Lang::Fr);
        assert_eq!(Lang::choose(Some("de"), Some("fr")), Lang::Fr);
        assert_eq!(Lang::choose(None, None), Lang::En);
    }

    #[test]
    fn titles_are_short_and_on_one_line() {
        let t = Lang::En.fix_title("a\nb", "");
        assert_eq!(t, "Delete “a b”");
        assert!(Lang::Fr.fix_title(&"x".repeat(100), "y").chars().count() < 70);
    }
}
