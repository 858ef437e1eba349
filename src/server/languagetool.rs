//! LanguageTool's JSON: the `/v2/check` answer and the `/v2/languages`
//! list, built from transaudit's findings.
//!
//! Field names and shapes are LanguageTool's (clients such as the browser
//! extensions, LTeX and `language_tool_python` read them); offsets and
//! lengths count UTF-16 code units, as LanguageTool's Java strings do.

use super::decode::{CheckRequest, MessageLang, utf16_len};
use super::lint::{Linted, category_id};
use super::messages;
use super::offsets::ClientOffsets;
use crate::check::Profile;
use crate::diagnostic::{Applicability, Category, Diagnostic, Severity};
use serde::Serialize;

/// The answer to `/v2/check`.
#[derive(Debug, Serialize)]
pub struct CheckResponse {
    /// Who answered.
    pub software: Software,
    /// LanguageTool's warnings block.
    pub warnings: Warnings,
    /// The language checked and the one detected.
    pub language: LanguageInfo,
    /// The findings.
    pub matches: Vec<Match>,
}

/// `software`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Software {
    /// `transaudit`.
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
    /// Not recorded (empty).
    pub build_date: &'static str,
    /// LanguageTool's API version (1).
    pub api_version: u32,
    /// Always false.
    pub premium: bool,
    /// Empty.
    pub status: &'static str,
}

/// `warnings`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warnings {
    /// Always false: the whole text is checked or the request fails.
    pub incomplete_results: bool,
}

/// `language`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LanguageInfo {
    /// English name.
    pub name: String,
    /// The code checked (`fr`, `fr-FR`).
    pub code: String,
    /// What the text looks like.
    pub detected_language: DetectedLanguage,
}

/// `language.detectedLanguage`.
#[derive(Debug, Serialize)]
pub struct DetectedLanguage {
    /// English name.
    pub name: String,
    /// Code.
    pub code: String,
    /// 0 to 1.
    pub confidence: f64,
    /// How it was detected.
    pub source: &'static str,
}

/// One finding, LanguageTool's way.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Match {
    /// What is wrong (in the request's message language).
    pub message: String,
    /// A short title: the category's name.
    pub short_message: String,
    /// The fix, if any (one replacement; its `shortDescription` says
    /// whether it is safe to apply without reading).
    pub replacements: Vec<Replacement>,
    /// UTF-16 offset in the client's text.
    pub offset: usize,
    /// UTF-16 length.
    pub length: usize,
    /// Text around the finding.
    pub context: Context,
    /// The sentence holding the finding.
    pub sentence: String,
    /// `typeName`: `Other`, or `Hint` for info findings.
    #[serde(rename = "type")]
    pub kind: MatchType,
    /// The rule.
    pub rule: RuleInfo,
    /// LanguageTool field; always false.
    pub ignore_for_incomplete_sentence: bool,
    /// LanguageTool field; always 0.
    pub context_for_sure_match: i32,
}

/// `replacements[]`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Replacement {
    /// The replacement text.
    pub value: String,
    /// Safe or to be read first.
    pub short_description: String,
}

/// `context`.
#[derive(Debug, Serialize)]
pub struct Context {
    /// Up to 40 characters either side, newlines as spaces, `...` where cut.
    pub text: String,
    /// UTF-16 offset of the finding in `text`.
    pub offset: usize,
    /// UTF-16 length of the finding.
    pub length: usize,
}

/// `type`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchType {
    /// `Other` or `Hint`.
    pub type_name: &'static str,
}

/// `rule`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    /// transaudit's rule id (`typography/…`).
    pub id: String,
    /// One line about the rule.
    pub description: String,
    /// An ITS 2.0 issue type, which LanguageTool clients colour by.
    pub issue_type: &'static str,
    /// The category.
    pub category: CategoryInfo,
}

/// `rule.category`.
#[derive(Debug, Serialize)]
pub struct CategoryInfo {
    /// `GLUED_WORD`, … (accepted back in `enabledCategories`).
    pub id: String,
    /// Its name for an editor.
    pub name: String,
}

/// One entry of `/v2/languages`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Language {
    /// English name.
    pub name: String,
    /// Short code.
    pub code: String,
    /// Code with a variant.
    pub long_code: String,
}

/// The `/v2/languages` list for the rule packs the server has.
pub fn languages(packs: &[String]) -> Vec<Language> {
    let mut out = Vec::new();
    for code in packs {
        let name = language_name(code);
        out.push(Language {
            name: name.to_owned(),
            code: code.clone(),
            long_code: code.clone(),
        });
        for (variant, region) in variants(code) {
            out.push(Language {
                name: format!("{name} ({region})"),
                code: code.clone(),
                long_code: (*variant).to_owned(),
            });
        }
    }
    out
}

/// Regional variants a pack answers for (all checked the same way).
fn variants(code: &str) -> &'static [(&'static str, &'static str)] {
    match code {
        "fr" => &[
            ("fr-FR", "France"),
            ("fr-BE", "Belgium"),
            ("fr-CH", "Switzerland"),
            ("fr-CA", "Canada"),
        ],
        _ => &[],
    }
}

fn language_name(code: &str) -> &'static str {
    match code {
        "fr" => "French",
        "en" => "English",
        _ => "Unknown",
    }
}

/// The pack a `language` parameter names (`fr`, `fr-FR`, `FR_ca`), or for
/// `auto` the only pack (or French when there are several).
pub fn pack_for<'p>(language: &str, packs: &'p [String]) -> Option<&'p String> {
    let l = language.trim().to_ascii_lowercase().replace('_', "-");
    if l == "auto" {
        return packs.iter().find(|p| *p == "fr").or(packs.first());
    }
    let base = l.split('-').next().unwrap_or("");
    packs.iter().find(|p| p.as_str() == base)
}

/// The answer to a `/v2/check` request.
pub fn response(req: &CheckRequest, linted: &Linted, profile: &Profile) -> CheckResponse {
    let lang = req.messages;
    let offsets = ClientOffsets::new(&req.text, &req.segments);
    let matches = linted
        .diagnostics
        .iter()
        .map(|d| to_match(req, d, profile, &offsets, lang))
        .collect();
    let code = if req.language.eq_ignore_ascii_case("auto") {
        profile.lang.clone()
    } else {
        req.language.clone()
    };
    CheckResponse {
        software: Software {
            name: "transaudit",
            version: env!("CARGO_PKG_VERSION"),
            build_date: "",
            api_version: 1,
            premium: false,
            status: "",
        },
        warnings: Warnings {
            incomplete_results: false,
        },
        language: LanguageInfo {
            name: language_name(&profile.lang).to_owned(),
            code,
            detected_language: detect(&req.text),
        },
        matches,
    }
}

fn to_match(
    req: &CheckRequest,
    d: &Diagnostic,
    profile: &Profile,
    offsets: &ClientOffsets<'_>,
    lang: MessageLang,
) -> Match {
    let text = &req.text;
    let (start, end) = clamp(text, d.byte_start, d.byte_end);
    let (offset, length) = offsets.span(start, end);
    let rule = profile.rules.find(&d.rule).map(|(_, r)| r);
    let replacements = d
        .fix
        .iter()
        .map(|f| Replacement {
            value: f.replacement.clone(),
            short_description: match (f.applicability, lang) {
                (Applicability::Safe, MessageLang::En) => "safe fix".to_owned(),
                (Applicability::Safe, MessageLang::Fr) => "correction sûre".to_owned(),
                (Applicability::Unsafe, MessageLang::En) => "check before applying".to_owned(),
                (Applicability::Unsafe, MessageLang::Fr) => "à relire avant d’appliquer".to_owned(),
            },
        })
        .collect();
    Match {
        message: d.message.clone(),
        short_message: messages::category_name(d.category, lang).to_owned(),
        replacements,
        offset,
        length,
        context: context(text, start, end),
        sentence: sentence(text, start, end),
        kind: MatchType {
            type_name: if d.severity == Severity::Info {
                "Hint"
            } else {
                "Other"
            },
        },
        rule: RuleInfo {
            id: d.rule.to_string(),
            description: rule
                .map(|r| messages::description(r, lang))
                .unwrap_or_else(|| d.message.clone()),
            issue_type: issue_type(d.category),
            category: CategoryInfo {
                id: category_id(d.category),
                name: messages::category_name(d.category, lang).to_owned(),
            },
        },
        ignore_for_incomplete_sentence: false,
        context_for_sure_match: 0,
    }
}

/// The ITS 2.0 localization-quality issue type closest to a category
/// (LanguageTool's `issueType` vocabulary).
pub fn issue_type(c: Category) -> &'static str {
    match c {
        Category::Boilerplate => "addition",
        Category::Disclosure => "legal",
        Category::Untranslated => "untranslated",
        Category::GluedWord => "whitespace",
        Category::Unit | Category::Number => "locale-violation",
        Category::Attribution | Category::Provenance => "omission",
        Category::Punctuation | Category::Quotes | Category::Typography => "typographical",
        Category::SentenceBreak => "grammar",
        Category::Calque => "mistranslation",
        Category::NameVariant => "inconsistency",
        Category::Encoding => "characters",
    }
}

/// `start..end` clamped into `text` and onto char boundaries.
fn clamp(text: &str, start: usize, end: usize) -> (usize, usize) {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let s = floor(start);
    (s, floor(end).max(s))
}

/// How far (bytes) context and sentence look either side of a finding:
/// bounds the work per finding on a text with no line breaks.
const WINDOW: usize = 600;

/// LanguageTool's context: up to 40 characters either side.
fn context(text: &str, start: usize, end: usize) -> Context {
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(39)
        .map_or(0, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .nth(40)
        .map_or(text.len(), |(i, _)| end + i);
    let pre = if from > 0 { "..." } else { "" };
    let post = if to < text.len() { "..." } else { "" };
    let flat = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    Context {
        text: format!("{pre}{}{post}", flat(&text[from..to])),
        offset: utf16_len(pre) + utf16_len(&text[from..start]),
        length: utf16_len(&text[start..end]),
    }
}

/// The sentence around a finding: from the last sentence end or line
/// break before it to the next one after it.
fn sentence(text: &str, start: usize, end: usize) -> String {
    let lo = {
        let mut i = start.saturating_sub(WINDOW);
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let hi = {
        let mut i = (end + WINDOW).min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i.max(end)
    };
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '…' | '\n');
    let s = text[lo..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_end(c))
        .map_or(lo, |(i, c)| lo + i + c.len_utf8());
    let e = text[end..hi]
        .char_indices()
        .find(|&(_, c)| is_end(c))
        .map_or(hi, |(i, c)| {
            end + i + if c == '\n' { 0 } else { c.len_utf8() }
        });
    text[s..e].trim().to_owned()
}

/// What language the text looks like (whatlang's trigram model).
fn detect(text: &str) -> DetectedLanguage {
    let sample: String = text.chars().take(2000).collect();
    match whatlang::detect(&sample) {
        Some(info) => {
            let (name, code) = match info.lang() {
                whatlang::Lang::Fra => ("French".to_owned(), "fr".to_owned()),
                whatlang::Lang::Eng => ("English".to_owned(), "en".to_owned()),
                other => (other.eng_name().to_owned(), other.code().to_owned()),
            };
            DetectedLanguage {
                name,
                code,
                confidence: (info.confidence() * 100.0).round() / 100.0,
                source: "whatlang",
            }
        }
        None => DetectedLanguage {
            name: "French".to_owned(),
            code: "fr".to_owned(),
            confidence: 0.0,
            source: "default",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_marks_cuts_and_counts_utf16() {
        let text = format!("{}😀 mot{}", "a".repeat(50), "b".repeat(50));
        let s = text.find("mot").unwrap();
        let c = context(&text, s, s + 3);
        assert!(c.text.starts_with("...") && c.text.ends_with("..."));
        let units: Vec<u16> = c.text.encode_utf16().collect();
        assert_eq!(
            String::from_utf16_lossy(&units[c.offset..c.offset + c.length]),
            "mot"
        );
    }

    #[test]
    fn sentence_is_bounded_by_stops() {
        let t = "Une phrase. La deuxième ici ! Fin";
        let s = t.find("deuxième").unwrap();
        assert_eq!(sentence(t, s, s + 3), "La deuxième ici !");
    }

    #[test]
    fn packs_by_code() {
        let packs = vec!["fr".to_owned()];
        assert_eq!(pack_for("fr-FR", &packs).map(String::as_str), Some("fr"));
        assert_eq!(pack_for("auto", &packs).map(String::as_str), Some("fr"));
        assert_eq!(pack_for("de", &packs), None);
    }
}
