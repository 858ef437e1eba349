//! The language the server speaks to the editor: rule messages, rule
//! explanations and the titles of its code actions. One parameter, decided
//! at `initialize`: the `messages` initialization option (`fr` or `en`),
//! else the client's `locale` (`fr…` gives French), else English.

use crate::rules::Rule;

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

    /// The rule's explanation in this language (English when the rule has
    /// no French one).
    pub fn explanation(self, rule: &Rule) -> &str {
        match (self, &rule.explanation_fr) {
            (Lang::Fr, Some(fr)) => fr,
            _ => &rule.explanation,
        }
    }

    /// A finding's message in this language. The linter writes messages in
    /// English from the rule's template (`{match}`, `{fix}`); in French the
    /// same values fill the rule's French template. A message the template
    /// did not make (an engine's own wording) stays as it is.
    pub fn message(self, rule: &Rule, message: &str) -> String {
        let (Lang::Fr, Some(fr)) = (self, &rule.message_fr) else {
            return message.to_owned();
        };
        match fill_back(&rule.message, message) {
            Some(values) => values
                .iter()
                .fold(fr.clone(), |t, (name, value)| t.replace(name, value)),
            None => message.to_owned(),
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

/// The values of `{match}` and `{fix}` that turn `template` into
/// `message`, or `None` when the template did not make this message.
fn fill_back(template: &str, message: &str) -> Option<Vec<(&'static str, String)>> {
    const HOLES: [&str; 2] = ["{match}", "{fix}"];
    let mut pattern = String::from("^");
    let mut names = Vec::new();
    let mut rest = template;
    while let Some((at, hole)) = HOLES
        .iter()
        .filter_map(|h| rest.find(h).map(|i| (i, *h)))
        .min()
    {
        pattern.push_str(&regex::escape(&rest[..at]));
        pattern.push_str("(.*?)");
        names.push(hole);
        rest = &rest[at + hole.len()..];
    }
    pattern.push_str(&regex::escape(rest));
    pattern.push('$');
    let re = regex::RegexBuilder::new(&pattern)
        .dot_matches_new_line(true)
        .build()
        .ok()?;
    let caps = re.captures(message)?;
    Some(
        names
            .iter()
            .enumerate()
            .map(|(i, name)| (*name, caps.get(i + 1).map_or("", |m| m.as_str()).to_owned()))
            .collect(),
    )
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
    fn template_values_are_recovered() {
        let v = fill_back("doubled “{match}”: write {fix}", "doubled “..”: write .");
        assert_eq!(
            v,
            Some(vec![
                ("{match}", "..".to_owned()),
                ("{fix}", ".".to_owned())
            ])
        );
        assert_eq!(fill_back("scraped text", "something else"), None);
    }

    #[test]
    fn titles_are_short_and_on_one_line() {
        let t = Lang::En.fix_title("a\nb", "");
        assert_eq!(t, "Delete “a b”");
        assert!(Lang::Fr.fix_title(&"x".repeat(100), "y").chars().count() < 70);
    }
}
