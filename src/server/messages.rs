//! The words the server shows an editor, in the language a request asks
//! for ([`MessageLang`]): rule messages and explanations (a rule file's
//! `fr.message`/`fr.explanation` when French is asked and the rule has
//! them), category names.
//!
//! The findings' own messages are rendered in the request's language by
//! the linter itself ([`crate::check::lint_document_in`]), from one shared
//! profile.

use super::decode::MessageLang;
use crate::diagnostic::Category;
use crate::rules::Rule;

/// A one-line description of a rule (its message template with the
/// placeholders elided), for LanguageTool's `rule.description`.
pub fn description(rule: &Rule, lang: MessageLang) -> String {
    let m = rule
        .message_in(lang)
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
