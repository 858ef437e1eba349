//! Decoding a `/v2/check` request: LanguageTool's form fields (from the
//! query string and an `application/x-www-form-urlencoded` body), the
//! `data` JSON annotation, and the native `/api/check` JSON body.
//!
//! Why a pure function of bytes: every byte here comes from the network,
//! so the decoding must refuse anything malformed with a reason (a 400)
//! and never panic; being pure, the fuzz target `server_decode` runs it
//! directly, without a socket.

use crate::markup::InputKind;
use serde::Deserialize;
use std::ops::Range;

/// Why a request cannot be checked; the reason is sent to the client as
/// plain text, so it says what to send instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// 400: a missing, malformed or contradictory parameter.
    BadRequest(String),
    /// 413: the text is longer than the server accepts.
    TooLarge(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::BadRequest(r) | DecodeError::TooLarge(r) => f.write_str(r),
        }
    }
}

/// Which language the messages are written in: the crate's
/// [`crate::messages::MessageLang`], chosen once per request (from
/// `motherTongue` or the page) so that every message, description and
/// category name follows it.
pub use crate::messages::MessageLang;

/// `fr`, `fr-FR`, `fr_CA`… give French; anything else English (an unknown
/// `motherTongue` is not an error: LanguageTool clients send many).
pub fn lang_from_tag(tag: &str) -> MessageLang {
    let t = tag.trim().to_ascii_lowercase();
    if t == "fr" || t.starts_with("fr-") || t.starts_with("fr_") {
        MessageLang::Fr
    } else {
        MessageLang::En
    }
}

/// LanguageTool's `level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// `default`.
    #[default]
    Default,
    /// `picky`: LanguageTool adds stricter rules; transaudit reports the
    /// same findings at both levels (every rule of the profile runs).
    Picky,
}

/// A part of the text whose offsets the client counts differently from the
/// linted text: with `data`, markup parts are in the client's offsets but
/// not in the text (or stand there as their `interpretAs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Bytes of the linted text this part produced.
    pub plain: Range<usize>,
    /// UTF-16 offsets of the part in the client's text (text and markup
    /// concatenated).
    pub original: Range<usize>,
    /// A text part (offsets inside it map one for one) rather than markup.
    pub is_text: bool,
}

/// A decoded check request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckRequest {
    /// The text to lint (with `data`: text parts and the `interpretAs` of
    /// markup parts, concatenated).
    pub text: String,
    /// With `data`: how the linted text maps back to the client's offsets.
    /// Empty for `text` (offsets are the text's own).
    pub segments: Vec<Segment>,
    /// The `language` asked for, as sent (`fr`, `fr-FR`, `auto`).
    pub language: String,
    /// `motherTongue`, when sent.
    pub mother_tongue: Option<String>,
    /// The language messages are written in.
    pub messages: MessageLang,
    /// `enabledRules`.
    pub enabled_rules: Vec<String>,
    /// `disabledRules`.
    pub disabled_rules: Vec<String>,
    /// `enabledCategories`.
    pub enabled_categories: Vec<String>,
    /// `disabledCategories`.
    pub disabled_categories: Vec<String>,
    /// `enabledOnly`: only the enabled rules and categories.
    pub enabled_only: bool,
    /// `level`.
    pub level: Level,
    /// How the text is read (always plain for the LanguageTool API; the
    /// native endpoint accepts Markdown and HTML).
    pub kind: InputKind,
}

/// Limits the decoding enforces.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest text accepted, in bytes of UTF-8.
    pub max_text_bytes: usize,
}

/// Decodes a LanguageTool `/v2/check` request from its query string and
/// body. The body is read as form fields unless `content_type` says JSON
/// or multipart (refused: LanguageTool clients send form fields).
pub fn decode_check(
    content_type: Option<&str>,
    query: Option<&str>,
    body: &[u8],
    limits: Limits,
) -> Result<CheckRequest, DecodeError> {
    let mut fields: Vec<(String, String)> = Vec::new();
    if let Some(q) = query {
        fields.extend(parse_form(q.as_bytes())?);
    }
    let mime = content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if !body.is_empty() {
        match mime.as_str() {
            "" | "application/x-www-form-urlencoded" => fields.extend(parse_form(body)?),
            other => {
                return Err(bad(&format!(
                    "unsupported Content-Type `{other}`; send the parameters as application/x-www-form-urlencoded form fields (text, language, …)"
                )));
            }
        }
    }
    from_fields(&fields, limits)
}

/// Decodes `application/x-www-form-urlencoded` bytes strictly: a name or
/// value whose percent-decoded bytes are not UTF-8 is refused (a lossy
/// decoding would lint replacement characters the client never sent).
pub fn parse_form(bytes: &[u8]) -> Result<Vec<(String, String)>, DecodeError> {
    let mut out = Vec::new();
    for pair in bytes.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &pair[..0]),
        };
        let name = percent_decode(name);
        let name = String::from_utf8(name).map_err(|_| {
            bad("a form field name is not UTF-8 once percent-decoded; encode the form as UTF-8")
        })?;
        let value = String::from_utf8(percent_decode(value)).map_err(|_| {
            bad(&format!(
                "form field `{}` is not UTF-8 once percent-decoded; encode the form as UTF-8",
                truncate(&name)
            ))
        })?;
        out.push((name, value));
    }
    Ok(out)
}

/// `+` is a space, `%XY` a byte; a `%` not followed by two hex digits is
/// kept as it is (as browsers and `form_urlencoded` do).
fn percent_decode(bytes: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let pair = (
                    bytes.get(i + 1).and_then(|&b| hex(b)),
                    bytes.get(i + 2).and_then(|&b| hex(b)),
                );
                if let (Some(h), Some(l)) = pair {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Builds a request from decoded form fields (LanguageTool's names).
pub fn from_fields(
    fields: &[(String, String)],
    limits: Limits,
) -> Result<CheckRequest, DecodeError> {
    let get = |name: &str| -> Result<Option<&str>, DecodeError> {
        let mut values = fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
        let first = values.next();
        if values.next().is_some() {
            return Err(bad(&format!(
                "parameter `{name}` is given twice; send it once"
            )));
        }
        Ok(first.map(String::as_str))
    };
    let list = |name: &str| -> Result<Vec<String>, DecodeError> {
        Ok(get(name)?
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default())
    };
    let language = match get("language")? {
        Some(l) if !l.trim().is_empty() => l.trim().to_owned(),
        _ => {
            return Err(bad(
                "missing `language` parameter; send language=fr (or fr-FR, or auto)",
            ));
        }
    };
    let (text, segments) = match (get("text")?, get("data")?) {
        (Some(_), Some(_)) => {
            return Err(bad(
                "send either `text` or `data`, not both (`data` is the JSON annotation of a rich text)",
            ));
        }
        (Some(t), None) => (t.to_owned(), Vec::new()),
        (None, Some(d)) => decode_annotation(d, limits)?,
        (None, None) => {
            return Err(bad(
                "missing `text` or `data` parameter; send the article as text=…",
            ));
        }
    };
    check_text(&text, limits)?;
    let mother_tongue = get("motherTongue")?
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let messages = mother_tongue
        .as_deref()
        .map(lang_from_tag)
        .unwrap_or_default();
    let enabled_only = match get("enabledOnly")? {
        None => false,
        Some(v) => parse_bool("enabledOnly", v)?,
    };
    let level = match get("level")? {
        None | Some("default") | Some("") => Level::Default,
        Some("picky") => Level::Picky,
        Some(other) => {
            return Err(bad(&format!(
                "unknown level `{}`; send level=default or level=picky",
                truncate(other)
            )));
        }
    };
    let req = CheckRequest {
        text,
        segments,
        language,
        mother_tongue,
        messages,
        enabled_rules: list("enabledRules")?,
        disabled_rules: list("disabledRules")?,
        enabled_categories: list("enabledCategories")?,
        disabled_categories: list("disabledCategories")?,
        enabled_only,
        level,
        kind: InputKind::Plain,
    };
    if req.enabled_only && req.enabled_rules.is_empty() && req.enabled_categories.is_empty() {
        return Err(bad(
            "enabledOnly=true needs enabledRules or enabledCategories (otherwise nothing would be checked)",
        ));
    }
    Ok(req)
}

/// The native `/api/check` body: `{"text": …, "kind": "plain"|"markdown"|
/// "html"|"auto", "messages": "en"|"fr"}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NativeBody {
    text: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    messages: Option<String>,
}

/// Decodes the native JSON request of the web page (`POST /api/check`).
pub fn decode_native(body: &[u8], limits: Limits) -> Result<CheckRequest, DecodeError> {
    let native: NativeBody = serde_json::from_slice(body).map_err(|e| {
        bad(&format!(
            "the body is not the JSON this endpoint reads ({e}); send {{\"text\": \"…\", \"kind\": \"auto\", \"messages\": \"fr\"}}"
        ))
    })?;
    check_text(&native.text, limits)?;
    let kind = match native.kind.as_deref().unwrap_or("auto") {
        "plain" | "text" => InputKind::Plain,
        "markdown" | "md" => InputKind::Markdown,
        "html" => InputKind::Html,
        "auto" => sniff_kind(&native.text),
        other => {
            return Err(bad(&format!(
                "unknown kind `{}`; send plain, markdown, html or auto",
                truncate(other)
            )));
        }
    };
    let messages = match native.messages.as_deref() {
        None | Some("en") => MessageLang::En,
        Some("fr") => MessageLang::Fr,
        Some(other) => {
            return Err(bad(&format!(
                "unknown messages language `{}`; send en or fr",
                truncate(other)
            )));
        }
    };
    Ok(CheckRequest {
        text: native.text,
        language: "fr".to_owned(),
        messages,
        kind,
        ..CheckRequest::default()
    })
}

/// Guesses how a pasted article is written: HTML when it starts with a
/// tag, Markdown when a line starts with Markdown syntax, else plain.
pub fn sniff_kind(text: &str) -> InputKind {
    let head = text.trim_start();
    let lower: String = head
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (head.starts_with('<') && head.contains("</"))
    {
        return InputKind::Html;
    }
    let markdown_line = |l: &str| {
        l.starts_with("# ")
            || l.starts_with("## ")
            || l.starts_with("### ")
            || l.starts_with("```")
            || l.starts_with("---")
            || l.starts_with("> ")
            || l.starts_with("* ")
            || l.starts_with("- ")
    };
    if text.lines().take(200).any(markdown_line) || text.contains("](") {
        InputKind::Markdown
    } else {
        InputKind::Plain
    }
}

/// One part of LanguageTool's `data` annotation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnotationPart {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    markup: Option<String>,
    #[serde(default, rename = "interpretAs")]
    interpret_as: Option<String>,
}

/// The `data` parameter.
#[derive(Debug, Deserialize)]
struct Annotation {
    annotation: Vec<AnnotationPart>,
}

/// Decodes `data`: the linted text is the text parts with each markup part
/// replaced by its `interpretAs` (or nothing); the segments map it back to
/// the client's offsets, which count the markup too (as LanguageTool does).
fn decode_annotation(data: &str, limits: Limits) -> Result<(String, Vec<Segment>), DecodeError> {
    let a: Annotation = serde_json::from_str(data).map_err(|e| {
        bad(&format!(
            "`data` is not LanguageTool's annotation JSON ({e}); send {{\"annotation\": [{{\"text\": \"…\"}}, {{\"markup\": \"<b>\"}}]}}"
        ))
    })?;
    let mut text = String::new();
    let mut segments = Vec::with_capacity(a.annotation.len());
    let mut original = 0usize;
    for (i, part) in a.annotation.into_iter().enumerate() {
        let (produced, counted, is_text) = match (part.text, part.markup, part.interpret_as) {
            (Some(t), None, None) => (t.clone(), utf16_len(&t), true),
            (None, Some(m), interpret) => (interpret.unwrap_or_default(), utf16_len(&m), false),
            _ => {
                return Err(bad(&format!(
                    "`data` part {i} must have either `text`, or `markup` (with an optional `interpretAs`)"
                )));
            }
        };
        let start = text.len();
        text.push_str(&produced);
        if text.len() > limits.max_text_bytes {
            return Err(too_large(limits));
        }
        segments.push(Segment {
            plain: start..text.len(),
            original: original..original + counted,
            is_text,
        });
        original += counted;
    }
    Ok((text, segments))
}

/// Length of `s` in UTF-16 code units (LanguageTool's offsets).
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

fn check_text(text: &str, limits: Limits) -> Result<(), DecodeError> {
    if text.len() > limits.max_text_bytes {
        return Err(too_large(limits));
    }
    if text.contains('\0') {
        return Err(bad(
            "the text holds NUL characters: it looks binary, not an article",
        ));
    }
    Ok(())
}

fn too_large(limits: Limits) -> DecodeError {
    DecodeError::TooLarge(format!(
        "your text exceeds the limit of {} bytes (UTF-8) this server accepts; check a shorter part, or start the server with a larger --max-text-bytes",
        limits.max_text_bytes
    ))
}

fn parse_bool(name: &str, v: &str) -> Result<bool, DecodeError> {
    match v.trim() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" | "" => Ok(false),
        other => Err(bad(&format!(
            "`{name}` must be true or false, not `{}`",
            truncate(other)
        ))),
    }
}

/// At most 40 characters of a value quoted back in an error.
fn truncate(v: &str) -> String {
    v.chars().take(40).collect()
}

fn bad(reason: &str) -> DecodeError {
    DecodeError::BadRequest(reason.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        max_text_bytes: 1000,
    };

    #[test]
    fn form_fields_decode() {
        let r = decode_check(
            Some("application/x-www-form-urlencoded; charset=UTF-8"),
            None,
            b"language=fr-FR&text=Caf%C3%A9+%F0%9F%98%80&motherTongue=fr&disabledRules=a,b&enabledOnly=false",
            LIMITS,
        )
        .unwrap();
        assert_eq!(r.text, "Café 😀");
        assert_eq!(r.language, "fr-FR");
        assert_eq!(r.messages, MessageLang::Fr);
        assert_eq!(r.disabled_rules, ["a", "b"]);
    }

    #[test]
    fn refusals_say_why() {
        let e = |body: &[u8]| decode_check(None, None, body, LIMITS).unwrap_err();
        assert!(matches!(e(b"text=x"), DecodeError::BadRequest(r) if r.contains("language")));
        assert!(matches!(e(b"language=fr"), DecodeError::BadRequest(r) if r.contains("text")));
        assert!(matches!(
            e(b"language=fr&text=a&data=b"),
            DecodeError::BadRequest(_)
        ));
        assert!(
            matches!(e(b"language=fr&data=%7B"), DecodeError::BadRequest(r) if r.contains("annotation"))
        );
        assert!(matches!(
            e(b"language=fr&text=a&level=x"),
            DecodeError::BadRequest(_)
        ));
        assert!(
            matches!(e(b"language=fr&text=a&text=b"), DecodeError::BadRequest(r) if r.contains("twice"))
        );
        let long = format!("language=fr&text={}", "a".repeat(1001));
        assert!(matches!(e(long.as_bytes()), DecodeError::TooLarge(_)));
        assert!(matches!(
            decode_check(Some("multipart/form-data"), None, b"x", LIMITS),
            Err(DecodeError::BadRequest(_))
        ));
    }

    #[test]
    fn annotation_maps_markup() {
        let data = r#"{"annotation":[{"text":"Un "},{"markup":"<b>"},{"text":"mot"},{"markup":"<p>","interpretAs":"\n\n"},{"text":"fin"}]}"#;
        let body = format!(
            "language=fr&data={}",
            data.replace('%', "%25")
                .replace('&', "%26")
                .replace('+', "%2B")
        );
        let r = decode_check(None, None, body.as_bytes(), LIMITS).unwrap();
        assert_eq!(r.text, "Un mot\n\nfin");
        assert_eq!(r.segments[1].original, 3..6);
        assert_eq!(r.segments[3].plain, 6..8);
        assert_eq!(r.segments[4].original, 12..15);
    }

    #[test]
    fn native_body() {
        let r = decode_native(
            br##"{"text":"# Titre\n\nTexte","kind":"auto","messages":"fr"}"##,
            LIMITS,
        )
        .unwrap();
        assert_eq!(r.kind, InputKind::Markdown);
        assert_eq!(r.messages, MessageLang::Fr);
        assert!(decode_native(b"{}", LIMITS).is_err());
        assert!(decode_native(br#"{"text":"a","kind":"pdf"}"#, LIMITS).is_err());
    }
}
