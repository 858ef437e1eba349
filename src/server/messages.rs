//! The words the server shows an editor, in the language a request asks
//! for ([`MessageLang`]): rule messages and explanations (a rule file's
//! `fr.message`/`fr.explanation` when French is asked and the rule has
//! them), category names.
//!
//! Why here and not in the linter: a diagnostic's message is rendered in
//! English once, by the shared profile; the server re-renders it in French
//! per request without building a second profile.

use super::decode::MessageLang;
use crate::diagnostic::{Category, Diagnostic};
use crate::rules::Rule;

/// The message of `d` in `lang`. A rule-template message is re-rendered
/// from the rule's French template with the same `{match}` and `{fix}`
/// values; a message an engine computed (it does not follow the template)
/// is left as it came.
pub fn message(d: &Diagnostic, rule: Option<&Rule>, lang: MessageLang) -> String {
    let (MessageLang::Fr, Some(rule)) = (lang, rule) else {
        return d.message.clone();
    };
    let Some(fr) = &rule.message_fr else {
        return d.message.clone();
    };
    match capture(&rule.message, &d.message) {
        Some(values) => render(fr, &values),
        None => d.message.clone(),
    }
}

/// The explanation of a rule in `lang` (English when the rule has no
/// French text).
pub fn explanation(rule: &Rule, lang: MessageLang) -> &str {
    match (lang, &rule.explanation_fr) {
        (MessageLang::Fr, Some(fr)) => fr,
        _ => &rule.explanation,
    }
}

/// A one-line description of a rule (its message template with the
/// placeholders elided), for LanguageTool's `rule.description`.
pub fn description(rule: &Rule, lang: MessageLang) -> String {
    let template = match (lang, &rule.message_fr) {
        (MessageLang::Fr, Some(fr)) => fr.as_str(),
        _ => rule.message.as_str(),
    };
    let m = template
        .replace("“{match}”", "…")
        .replace("« {match} »", "…")
        .replace("{match}", "…")
        .replace("{fix}", "…");
    m.trim_end_matches([':', ' ']).to_owned()
}

/// A category's name for an editor.
pub fn category_name(c: Category, lang: MessageLang) -> &'static str {
    let (en, fr) = match c {
        Category::Boilerplate => ("Scraped site text", "Texte de site aspiré"),
        Category::Disclosure => ("Translation disclosure", "Mention de traduction"),
        Category::Untranslated => ("Untranslated text", "Texte non traduit"),
        Category::GluedWord => ("Glued words", "Mots collés"),
        Category::Unit => ("Units", "Unités"),
        Category::Number => ("Numbers and dates", "Nombres et dates"),
        Category::Attribution => ("Attribution", "Attribution"),
        Category::Provenance => ("Byline and source", "Signature et source"),
        Category::Punctuation => ("Punctuation", "Ponctuation"),
        Category::SentenceBreak => ("Broken sentence", "Phrase coupée"),
        Category::Quotes => ("Quotation marks", "Guillemets"),
        Category::Typography => ("Typography", "Typographie"),
        Category::Calque => ("Literal translation", "Calque"),
        Category::NameVariant => ("Name spellings", "Graphies des noms"),
        Category::Encoding => ("Encoding", "Encodage"),
    };
    match lang {
        MessageLang::En => en,
        MessageLang::Fr => fr,
    }
}

/// Named values of a template's placeholders.
type Values = Vec<(&'static str, String)>;

/// Splits `template` on `{match}`/`{fix}` and reads the placeholders'
/// values off `message`; `None` when `message` does not follow the
/// template (an engine's own message).
fn capture(template: &str, message: &str) -> Option<Values> {
    let mut literals: Vec<&str> = Vec::new();
    let mut names: Vec<&'static str> = Vec::new();
    let mut rest = template;
    loop {
        let next = ["{match}", "{fix}"]
            .iter()
            .filter_map(|p| rest.find(p).map(|i| (i, *p)))
            .min();
        match next {
            Some((i, p)) => {
                literals.push(&rest[..i]);
                names.push(if p == "{match}" { "match" } else { "fix" });
                rest = &rest[i + p.len()..];
            }
            None => {
                literals.push(rest);
                break;
            }
        }
    }
    if names.is_empty() {
        return (message == template).then(Vec::new);
    }
    let last = literals.last().copied().unwrap_or("");
    let mut body = message.strip_prefix(literals[0])?;
    body = body.strip_suffix(last)?;
    let mut values: Values = Vec::new();
    for (k, name) in names.iter().enumerate() {
        let value = if k + 1 < names.len() {
            let sep = literals[k + 1];
            if sep.is_empty() {
                return None; // two adjacent placeholders: ambiguous
            }
            let i = body.find(sep)?;
            let v = &body[..i];
            body = &body[i + sep.len()..];
            v
        } else {
            let v = body;
            body = "";
            v
        };
        match values.iter().find(|(n, _)| n == name) {
            Some((_, seen)) if seen != value => return None,
            Some(_) => {}
            None => values.push((name, value.to_owned())),
        }
    }
    Some(values)
}

fn render(template: &str, values: &Values) -> String {
    let get = |name: &str| {
        values
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    template
        .replace("{match}", get("match"))
        .replace("{fix}", get("fix"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_placeholders() {
        let v = capture("“{match}”: write {fix}", "“de ami”: write d’ami").unwrap();
        assert_eq!(
            render("« {match} » : écrire {fix}", &v),
            "« de ami » : écrire d’ami"
        );
        assert!(capture("“{match}”: write {fix}", "an engine's own words").is_none());
        assert_eq!(capture("plain message", "plain message"), Some(Vec::new()));
        assert!(capture("plain message", "other").is_none());
    }
}
