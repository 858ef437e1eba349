//! `provenance`: who wrote the article, and where it came from.
//!
//! # What it catches
//!
//! A publication must be able to say who wrote an article and, for a
//! translated or republished one, what it is based on (Trust Project
//! indicators, schema.org `author`/`isBasedOn`, the Charte de Munich's « origine
//! connue »). Scraped and machine-translated articles lose exactly that: the
//! byline becomes the CMS user name, the credit becomes a bare
//! `Source link` whose link was stripped, and the page's metadata is glued
//! into the first paragraph. Each rule of `lints/fr/provenance.toml` runs one
//! check of this engine (`check = "…"`):
//!
//! | check | reports | needs config |
//! |---|---|---|
//! | `placeholder-byline` | a byline that is a user handle or a CMS default: `By pfvz8`, `Par admin`, `Posted by user123` | no |
//! | `orphan-source` | a credit line with nothing behind it: `Source link`, `Lien source` alone on its line | no |
//! | `metadata-fragment` | page metadata left in the text: `date 2022-12` glued before the first sentence, `Publié le 12/03/2023 à 10h05` glued to the lead | no |
//! | `byline-required` | no byline anywhere (whole article) | `[policy] byline = "required"` |
//! | `source-required` | no source named with a link (whole article) | `[policy] source = "required"` |
//!
//! Without a config, only positive evidence is reported (a placeholder, an
//! orphan credit, a metadata fragment), so a short clean text passes.
//!
//! # What counts as a byline
//!
//! A short line (at most ten words) starting `Par`, `By`, `Posted by`,
//! `Publié par`, `Écrit par`, `Auteur :`… followed by a name, `la rédaction`
//! or an agency; a signature `— Marie Dupont`; `Marie Dupont, correspondante
//! à Kiev`; an agency dispatch (`(AFP)`, `avec AFP`, `© Reuters`). A
//! placeholder is a byline whose name is one token that is a handle: lower
//! case with a digit (`pfvz8`), an `_` or `@`, no vowel, or a CMS default
//! (`admin`, `user`, `webmaster`… option `placeholders`).
//!
//! A Markdown article's front matter counts too (it is what a site
//! generator prints as the byline): a non-empty `author` is a byline.
//!
//! # What counts as a source (for `source-required`)
//!
//! A link (`http://`, `https://`, `www.`) anywhere in the article, including
//! a Markdown or HTML link whose URL the prose view drops
//! (`[The Guardian](https://…)`, `<a href="https://…">`): a named, linked
//! source. In front matter, a non-empty `source_url` is a linked source. A
//! credit without a link (`Source : Le Monde`, `Publié dans L’Opinion`, or
//! a front-matter `source` without `source_url`) is reported as named but
//! not linked; a `translated_from` without any source says what the article
//! is translated from.
//!
//! # Options
//!
//! | option | default | what |
//! |---|---|---|
//! | `check` | (required) | one of the checks above |
//! | `placeholders` | `[]` | `placeholder-byline`: user names that are not authors (lower case) |
//! | `anchors` | `[]` | `orphan-source`: link texts that mean nothing without their link (`Source link`) |
//! | `head-lines` | `5` | `metadata-fragment`: how many non-blank lines from the top are examined |
//!
//! # Traps it avoids
//!
//! - `Par ailleurs, …`, `Par exemple` are prose, not bylines: a byline line
//!   is short and its name is capitalised (or a handle). `By TF1`, `Par AFP`
//!   are not handles (capitals).
//! - A bare `Source :` followed by the source on the next line is not an
//!   orphan; `Source link` followed by a URL line is not either.
//! - A date alone on its line (`Publié le 3 mars 2023`) is a dateline, not
//!   a fragment; only a technical field (`date 2022-12`) or a date glued to
//!   the following sentence is reported.

use super::{Engine, EngineContext, Prior, options};
use crate::config::Requirement;
use crate::diagnostic::{Finding, Scope};
use crate::document::{Document, words};
use crate::markup::{FrontMatterField, InputKind};
use crate::messages::Localized;
use regex::Regex;
use serde::Deserialize;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Check {
    PlaceholderByline,
    OrphanSource,
    MetadataFragment,
    BylineRequired,
    SourceRequired,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    check: Check,
    #[serde(default)]
    placeholders: Vec<String>,
    #[serde(default)]
    anchors: Vec<String>,
    #[serde(default = "default_head_lines")]
    head_lines: usize,
}

fn default_head_lines() -> usize {
    5
}

/// Builds the engine from its options.
pub fn build(table: &toml::Table) -> Result<Box<dyn Engine>, String> {
    let o: Options = options(table)?;
    if !o.placeholders.is_empty() && o.check != Check::PlaceholderByline {
        return Err("`placeholders` applies to `check = \"placeholder-byline\"` only".into());
    }
    if !o.anchors.is_empty() && o.check != Check::OrphanSource {
        return Err("`anchors` applies to `check = \"orphan-source\"` only".into());
    }
    if o.check == Check::OrphanSource && o.anchors.is_empty() {
        return Err("`check = \"orphan-source\"` needs `anchors`".into());
    }
    if o.anchors
        .iter()
        .chain(&o.placeholders)
        .any(|a| a.trim().is_empty())
    {
        return Err("`anchors` and `placeholders` must not hold empty strings".into());
    }
    Ok(Box::new(Provenance {
        check: o.check,
        placeholders: o.placeholders.iter().map(|p| fold(p)).collect(),
        anchors: o.anchors.iter().map(|a| fold(a)).collect(),
        head_lines: o.head_lines,
    }))
}

struct Provenance {
    check: Check,
    placeholders: Vec<String>,
    anchors: Vec<String>,
    head_lines: usize,
}

/// Lower case, `’` as `'`, inner whitespace single: how lines are compared
/// with the option lists.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('’', "'")
}

/// The first non-blank line of the article, trimmed: where whole-article
/// findings point (DESIGN.md: "the title or first line").
pub(crate) fn first_line(doc: &Document) -> Range<usize> {
    let text = doc.text();
    doc.lines()
        .find(|l| !text[l.clone()].trim().is_empty())
        .map(|l| trim_range(text, l))
        .unwrap_or(
            0..text
                .len()
                .min(text.chars().next().map_or(0, char::len_utf8)),
        )
}

/// `range` without its leading and trailing whitespace.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    start..end.max(start)
}

/// Lines longer than this are prose, never a byline or a credit.
const SHORT_LINE: usize = 160;

/// Byline markers, lower case, with the space that follows them.
const MARKERS: &[&str] = &[
    "par ",
    "by ",
    "posted by ",
    "written by ",
    "submitted by ",
    "publié par ",
    "publiée par ",
    "écrit par ",
    "rédigé par ",
    "auteur :",
    "auteur:",
    "auteure :",
    "auteure:",
    "author:",
    "author :",
    "texte :",
    "texte:",
];

/// The name part of a byline line (`By pfvz8` → `pfvz8`), if the line
/// starts with a byline marker.
fn byline_name(line: &str) -> Option<&str> {
    let t = line.trim();
    if t.len() > SHORT_LINE {
        return None;
    }
    // Every marker starts with `p`, `b`, `w`, `s`, `é`, `r`, `a` or `t`:
    // a line starting with another ASCII letter (or digit, or mark) is no
    // byline, whatever its case (no non-ASCII character lowercases to one
    // of these), without comparing the markers one by one.
    if t.as_bytes().first().is_some_and(|&b| {
        b.is_ascii()
            && !matches!(
                b.to_ascii_lowercase(),
                b'p' | b'b' | b'w' | b's' | b'r' | b'a' | b't'
            )
    }) {
        return None;
    }
    let name = MARKERS.iter().find_map(|m| strip_prefix_ci(t, m))?.trim();
    (!name.is_empty()).then_some(name)
}

/// `s` without `prefix`, compared case-insensitively char by char
/// (`prefix` is lower case).
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut it = s.char_indices();
    for p in prefix.chars() {
        let (_, c) = it.next()?;
        let same = c == p || (c.is_uppercase() && c.to_lowercase().eq(std::iter::once(p)));
        if !same {
            return None;
        }
    }
    Some(it.as_str())
}

/// One token that is a user handle rather than a person's name.
fn is_handle(token: &str, placeholders: &[String]) -> bool {
    let t = token.trim_end_matches(['.', ',', ';', ':', '!']);
    if t.is_empty() || t.contains(char::is_whitespace) {
        return false;
    }
    if placeholders.iter().any(|p| *p == fold(t)) {
        return true;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return false;
    }
    let lower = !t.chars().any(char::is_uppercase);
    let digit = t.chars().any(|c| c.is_ascii_digit());
    let odd = t.contains(['_', '@']);
    let vowels = t
        .chars()
        .any(|c| "aeiouyàâäéèêëîïôöùûüœæAEIOUY".contains(c));
    lower && (digit || odd || (!vowels && letters >= 3))
}

/// Is this line a byline (a real one or a placeholder)?
fn is_byline(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.len() > SHORT_LINE {
        return false;
    }
    if let Some(name) = byline_name(t) {
        let n = words(name).count();
        if n == 0 || n > 10 {
            return false;
        }
        let lname = name.to_lowercase();
        if lname.starts_with("la rédaction")
            || lname.starts_with("notre correspondant")
            || lname.starts_with("notre envoyé")
            || is_handle(name, &[])
        {
            return true;
        }
        // A name: its first word is capitalised.
        return name.chars().next().is_some_and(char::is_uppercase);
    }
    // `— Marie Dupont` signature.
    if let Some(rest) = t.strip_prefix(['—', '–']) {
        let rest = rest.trim();
        let n = words(rest).count();
        return (1..=5).contains(&n) && rest.chars().next().is_some_and(char::is_uppercase);
    }
    agency_credit(t)
        || (t.contains(',')
            && ["correspondant", "envoy", "journaliste", "reporter"]
                .iter()
                .any(|w| t.contains(w))
            && CORRESPONDENT.is_match(t))
}

/// [`AGENCY`], with a byte test first: every credit it matches holds `(`,
/// `©` or `avec` (any case). Why: most lines hold none, and this keeps the
/// regex from being compiled (a millisecond) for an article with no credit.
fn agency_credit(t: &str) -> bool {
    (t.contains(['(', '©'])
        || t.as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"avec")))
        && AGENCY.is_match(t)
}

/// The technical field names [`METADATA`] reports (group 1).
const METADATA_FIELDS: &str = "date|datePublished|dateModified|published|updated|pubdate";

/// The French and English labels [`METADATA`] reports (group 2).
const METADATA_LABELS: &str = "Date de publication|Date de mise à jour|Publié le|Publiée le|Mis à jour le|Modifié le|Publié|Mis à jour|Actualisé le|Posted on|Published on|Updated on|Last updated|Published|Updated|Date";

/// Does the line (after white space) start with a field or label, as
/// every line [`METADATA`] matches does? The test that spares compiling
/// the regex for most articles, derived from the same lists.
fn starts_like_metadata(line: &str) -> bool {
    let start = line.trim_start();
    METADATA_FIELDS
        .split('|')
        .chain(METADATA_LABELS.split('|'))
        .any(|w| start.starts_with(w))
}

/// A line that is only a person's name (`Marie Dupont`, `Jean de La Tour`):
/// two to four words, capitalised apart from particles, no punctuation.
fn is_name_line(line: &str) -> bool {
    let toks: Vec<&str> = line.split_whitespace().collect();
    (2..=5).contains(&toks.len())
        && toks.iter().all(|t| {
            t.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
                && (t.chars().next().is_some_and(char::is_uppercase)
                    || matches!(
                        *t,
                        "de" | "du" | "van" | "von" | "der" | "da" | "di" | "le" | "la"
                    ))
        })
        && toks
            .iter()
            .filter(|t| t.chars().next().is_some_and(char::is_uppercase))
            .count()
            >= 2
}

static AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\((?:AFP|Reuters|AP|ATS|Belga|ANSA|DPA|EFE|Xinhua|Anadolu)\)|(?i:\bavec (?:l['’])?(?:AFP|Reuters|AP)\b)|©\s*(?:AFP|Reuters|AP)\b",
    )
    .unwrap_or_else(|e| panic!("built-in regex: {e}"))
});

static CORRESPONDENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,3},\s+(?:notre\s+)?(?:correspondant|correspondante|envoyé spécial|envoyée spéciale|journaliste|reporter)\b",
    )
    .unwrap_or_else(|e| panic!("built-in regex: {e}"))
});

const MONTHS: &str = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";

/// A metadata field and its date: group 1 is a technical field name
/// (`date`, `published`…), group 2 a French label (`Publié le`…).
static METADATA: LazyLock<Regex> = LazyLock::new(|| {
    let date = format!(
        r"(?:\d{{4}}-\d{{2}}(?:-\d{{2}})?(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?)?|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|\d{{1,2}}(?:er)?\s+(?:{MONTHS})\.?\s+\d{{4}}|(?:{MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})(?:\s*(?:à|at|-|,)?\s*\d{{1,2}}\s*[:h]\s*\d{{2}})?"
    );
    let label = METADATA_LABELS;
    Regex::new(&format!(
        r"^\s*(?:({METADATA_FIELDS})|({label}))\s*:?\s*{date}(?:\s*[,|·–-]?\s*(?:{label})\s*:?\s*{date})*"
    ))
    .unwrap_or_else(|e| panic!("built-in regex: {e}"))
});

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bhttps?://\S|\bwww\.\S+\.\S|\]\(\S+\)|href\s*=")
        .unwrap_or_else(|e| panic!("built-in regex: {e}"))
});

/// A credit naming the source without a link.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i:\bsources?\s*:\s*|\b(?:publié|publiée|paru|parue)\s+(?:initialement\s+|d['’]abord\s+|à l['’]origine\s+)?(?:dans|sur|par)\s+|\btradu(?:it|ite|ction)\s+(?:de l['’]anglais\s+)?(?:d['’]un article\s+)?(?:de|du|depuis|d['’]après|par)\s+|\bd['’]après\s+(?:un article\s+(?:de|du|d['’])\s*)?)(?:le\s+|la\s+|les\s+|l['’])?\p{Lu}",
    )
    .unwrap_or_else(|e| panic!("built-in regex: {e}"))
});

impl Engine for Provenance {
    fn check(
        &self,
        doc: &Document,
        cx: &EngineContext<'_>,
        rule: usize,
        _prior: Prior<'_>,
        out: &mut Vec<Finding>,
    ) {
        match self.check {
            Check::PlaceholderByline => self.placeholder(doc, rule, out),
            Check::OrphanSource => self.orphan(doc, rule, out),
            Check::MetadataFragment => self.metadata(doc, rule, out),
            Check::BylineRequired => {
                if cx.policy.byline == Requirement::Required {
                    byline_required(doc, rule, out);
                }
            }
            Check::SourceRequired => {
                if cx.policy.source == Requirement::Required {
                    source_required(doc, rule, out);
                }
            }
        }
    }
}

impl Provenance {
    fn placeholder(&self, doc: &Document, rule: usize, out: &mut Vec<Finding>) {
        let text = doc.text();
        for line in doc.lines() {
            if line.len() > SHORT_LINE {
                continue;
            }
            let l = &text[line.clone()];
            let Some(name) = byline_name(l) else { continue };
            if is_handle(name, &self.placeholders) {
                out.push(Finding {
                    rule,
                    span: trim_range(text, line),
                    message: None,
                    fix: None,
                    scope: Scope::Span,
                });
            }
        }
    }

    fn orphan(&self, doc: &Document, rule: usize, out: &mut Vec<Finding>) {
        let text = doc.text();
        let lines: Vec<Range<usize>> = doc
            .lines()
            .filter(|l| !text[l.clone()].trim().is_empty())
            .collect();
        for (i, line) in lines.iter().enumerate() {
            if line.len() > 60 {
                continue;
            }
            let l = text[line.clone()]
                .trim()
                .trim_end_matches([':', '.', '»', '›', '→', '>', '…', ' ', '\u{a0}']);
            // A line starting with an ASCII character no anchor starts
            // with (in lower case) is not folded: folding keeps the first
            // character, lowercased.
            if l.as_bytes().first().is_some_and(|&b| {
                b.is_ascii()
                    && !self
                        .anchors
                        .iter()
                        .any(|a| a.as_bytes().first() == Some(&b.to_ascii_lowercase()))
            }) {
                continue;
            }
            let f = fold(l);
            if !self.anchors.contains(&f) {
                continue;
            }
            let next = lines.get(i + 1).map(|n| text[n.clone()].trim());
            let bare = f == "source" || f == "sources";
            let orphan = match next {
                None => true,
                Some(n) if URL.is_match(n) => false,
                Some(n) => !bare || is_byline(n),
            };
            if orphan {
                out.push(Finding {
                    rule,
                    span: trim_range(text, line.clone()),
                    message: None,
                    fix: None,
                    scope: Scope::Span,
                });
            }
        }
    }

    fn metadata(&self, doc: &Document, rule: usize, out: &mut Vec<Finding>) {
        let text = doc.text();
        let head = doc
            .lines()
            .filter(|l| !text[l.clone()].trim().is_empty())
            .take(self.head_lines);
        for line in head {
            let l = &text[line.clone()];
            if !starts_like_metadata(l) {
                continue;
            }
            let Some(c) = METADATA.captures(l) else {
                continue;
            };
            let (Some(m), Some(key)) = (c.get(0), c.get(1).or_else(|| c.get(2))) else {
                continue;
            };
            let technical = c.get(1).is_some();
            let rest = l[m.end()..].trim_start();
            let glued =
                rest.chars().next().is_some_and(char::is_uppercase) && words(rest).count() >= 3;
            if technical || glued {
                out.push(Finding {
                    rule,
                    span: line.start + key.start()..line.start + m.end(),
                    message: None,
                    fix: None,
                    scope: Scope::Span,
                });
            }
        }
    }
}

/// A front-matter field with a value (not blank).
fn front_matter_value(field: Option<&FrontMatterField>) -> Option<&str> {
    field.map(|f| f.value.trim()).filter(|v| !v.is_empty())
}

/// A link in the markup of a Markdown or HTML article (its URL is not in
/// the prose view): `[text](https://…)`, `<https://…>`, `href="https://…"`.
static MARKUP_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\]\(\s*<?(?:https?://|www\.)\S|<https?://\S|href\s*=\s*["']?(?:https?://|www\.)\S"#,
    )
    .unwrap_or_else(|e| panic!("built-in regex: {e}"))
});

/// Does the markup (after any front matter) hold a link?
fn markup_has_link(doc: &Document) -> bool {
    if doc.kind() == InputKind::Plain {
        return false;
    }
    let from = doc.front_matter().map_or(0, |fm| fm.span.end);
    doc.source()
        .get(from..)
        .is_some_and(|body| MARKUP_LINK.is_match(body))
}

fn byline_required(doc: &Document, rule: usize, out: &mut Vec<Finding>) {
    if front_matter_value(doc.front_matter().and_then(|fm| fm.author.as_ref())).is_some() {
        return;
    }
    let text = doc.text();
    let lines: Vec<&str> = doc
        .lines()
        .map(|l| text[l].trim())
        .filter(|l| !l.is_empty())
        .collect();
    let n = lines.len();
    let found = lines.iter().enumerate().any(|(i, s)| {
        is_byline(s)
            || (s.len() <= 400 && agency_credit(s))
            // An author box: the name alone on a line at the top or the bottom.
            || ((1..4).contains(&i) || i + 8 >= n) && is_name_line(s)
    });
    if !found {
        out.push(Finding {
            rule,
            span: first_line(doc),
            message: None,
            fix: None,
            scope: Scope::Document,
        });
    }
}

fn source_required(doc: &Document, rule: usize, out: &mut Vec<Finding>) {
    let fm = doc.front_matter();
    if front_matter_value(fm.and_then(|fm| fm.source_url.as_ref())).is_some() {
        return;
    }
    let text = doc.text();
    if URL.is_match(text) || markup_has_link(doc) {
        return;
    }
    let named = front_matter_value(fm.and_then(|fm| fm.source.as_ref())).map(|source| {
        Localized::new(
            format!(
                "the source is named in the front matter (`source: {source}`) but not linked; add `source_url` with the link to the original"
            ),
            format!(
                "la source est nommée dans l’en-tête (`source: {source}`) mais sans lien ; ajouter `source_url` avec le lien vers l’original"
            ),
        )
    });
    let from = front_matter_value(fm.and_then(|fm| fm.translated_from.as_ref())).map(|lang| {
        Localized::new(
            format!(
                "the front matter says the article is translated (`translated_from: {lang}`) but names no source; add `source` and `source_url`"
            ),
            format!(
                "l’en-tête indique un article traduit (`translated_from: {lang}`) mais ne nomme aucune source ; ajouter `source` et `source_url`"
            ),
        )
    });
    let message = named.or_else(|| CREDIT.find(text).map(|m| {
        let line = &text[doc.line_at(m.start())];
        let line = line.trim();
        let shown: String = line.chars().take(60).collect();
        let ell = if shown.len() < line.len() { "…" } else { "" };
        Localized::new(
            format!(
                "the source is named (“{shown}{ell}”) but not linked; the publication requires a link to it"
            ),
            format!(
                "la source est nommée (« {shown}{ell} ») mais sans lien ; la publication exige un lien vers elle"
            ),
        )
    })).or(from);
    out.push(Finding {
        rule,
        span: first_line(doc),
        message,
        fix: None,
        scope: Scope::Document,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;

    #[test]
    fn the_first_letter_test_drops_no_byline() {
        let lines = [
            "Par Jean Dupont",
            "PAR admin",
            "par",
            "By pfvz8",
            "BY x",
            "Posted by user1",
            "Écrit par Marie",
            "ÉCRIT PAR Marie",
            "écrit par x",
            "Rédigé par y",
            "Auteur : z",
            "AUTEUR: w",
            "Texte : v",
            "Texte: u",
            "Publié par t",
            "Submitted by s",
            "Written by r",
            "Author: q",
            "Kelvin",
            "Le maire",
            "1 par 2",
            "\u{212a}y x",
            "  Par espace",
            "",
        ];
        for l in lines {
            let t = l.trim();
            let slow = MARKERS
                .iter()
                .find_map(|m| strip_prefix_ci(t, m))
                .map(str::trim)
                .filter(|n| !n.is_empty());
            assert_eq!(byline_name(l), slow, "{l:?}");
        }
    }

    fn engine(opts: &str) -> Box<dyn Engine> {
        let t: toml::Table = toml::from_str(opts).unwrap();
        build(&t).unwrap()
    }

    fn run_with(e: &dyn Engine, policy: &Policy, text: &str) -> Vec<String> {
        let (doc, out) = crate::engines::testing::run_engine(e, policy, text);
        out.iter()
            .map(|f| doc.text()[f.span.clone()].to_owned())
            .collect()
    }

    fn run(e: &dyn Engine, text: &str) -> Vec<String> {
        run_with(e, &Policy::default(), text)
    }

    const PLACEHOLDER: &str =
        "check = \"placeholder-byline\"\nplaceholders = [\"admin\", \"user\", \"webmaster\"]\n";

    #[test]
    fn placeholder_bylines() {
        let e = engine(PLACEHOLDER);
        assert_eq!(
            run(&*e, "Texte.\n\nSource link\n\nBy pfvz8\n\nLeave a Reply\n"),
            ["By pfvz8"]
        );
        assert_eq!(run(&*e, "Par admin\n\nLe texte.\n"), ["Par admin"]);
        assert_eq!(run(&*e, "  Posted by user_42  \n"), ["Posted by user_42"]);
        assert_eq!(run(&*e, "Publié par Webmaster\n"), ["Publié par Webmaster"]);
        for quiet in [
            "Par Marie Dupont\n",
            "Par ailleurs, le gouvernement a tranché.\n",
            "Par exemple\n",
            "By TF1\n",
            "Par AFP\n",
            "Par la rédaction\n",
            "By pfvz8 and others went to the market yesterday to buy many things for the house and the garden, which took a long time indeed, and then more and more and more words until the line is far too long to be a byline at all in any article anywhere.\n",
        ] {
            assert!(run(&*e, quiet).is_empty(), "{quiet}");
        }
    }

    #[test]
    fn orphan_source_lines() {
        let e = engine(
            "check = \"orphan-source\"\nanchors = [\"Source link\", \"Lien source\", \"Source\"]\n",
        );
        assert_eq!(
            run(&*e, "Texte.\n\nSource link\n\nBy pfvz8\n"),
            ["Source link"]
        );
        assert_eq!(run(&*e, "Texte.\n\nLien source :\n"), ["Lien source :"]);
        assert_eq!(run(&*e, "Texte.\n\nSource\n"), ["Source"]);
        assert!(run(&*e, "Texte.\n\nSource :\nLe Monde\n").is_empty());
        assert!(run(&*e, "Texte.\n\nSource link\nhttps://example.org/a\n").is_empty());
        assert!(run(&*e, "La source link du projet.\n").is_empty());
    }

    #[test]
    fn metadata_fragments() {
        let e = engine("check = \"metadata-fragment\"\n");
        assert_eq!(
            run(
                &*e,
                " date 2022-12 Le président russe est arrivé lundi à Minsk.\n"
            ),
            ["date 2022-12"]
        );
        assert_eq!(
            run(
                &*e,
                "Titre\n\nPublié le 12/03/2023 à 10h05 Le président a parlé hier soir.\n"
            ),
            ["Publié le 12/03/2023 à 10h05"]
        );
        assert_eq!(
            run(
                &*e,
                "Publié le 3 mars 2023 à 10:05 Mis à jour le 4 mars 2023 Le maire a démissionné hier.\n"
            ),
            ["Publié le 3 mars 2023 à 10:05 Mis à jour le 4 mars 2023"]
        );
        assert_eq!(
            run(
                &*e,
                "Date de publication : 05.04.2023 Les députés ont adopté le texte.\n"
            ),
            ["Date de publication : 05.04.2023"]
        );
        for quiet in [
            "Publié le 3 mars 2023\n\nLe maire a démissionné.\n",
            "Publié le 3 mars 2023 à 10h05\n",
            "La date 2022-12 est retenue.\n",
            "Titre\n\nUn\n\nDeux\n\nTrois\n\nQuatre\n\ndate 2022-12 Le texte continue ici.\n",
        ] {
            assert!(run(&*e, quiet).is_empty(), "{quiet}");
        }
    }

    #[test]
    fn byline_required_only_with_policy() {
        let e = engine("check = \"byline-required\"\n");
        let text = "Titre de l’article\n\nLe maire a démissionné hier.\n";
        assert!(run(&*e, text).is_empty());
        let policy = Policy {
            byline: Requirement::Required,
            ..Policy::default()
        };
        assert_eq!(run_with(&*e, &policy, text), ["Titre de l’article"]);
        // A title in capitals at the top is not an author box.
        assert_eq!(
            run_with(
                &*e,
                &policy,
                "Le Maire Démissionne\n\nLe maire a démissionné hier, après dix ans.\n\nUn autre paragraphe, assez long pour compter.\n\nEt un troisième paragraphe.\n\nPuis un quatrième.\n\nPuis un cinquième.\n\nPuis un sixième.\n\nPuis un septième.\n\nPuis un huitième.\n\nEt la fin.\n"
            ),
            ["Le Maire Démissionne"]
        );
        for ok in [
            "Titre\n\nPar Marie Dupont\n\nLe maire a démissionné.\n",
            "Titre\n\nLe maire a démissionné.\n\n— Jean Martin\n",
            "Titre\n\nPARIS (AFP) - Le maire a démissionné.\n",
            "Titre\n\nJean Martin, correspondant à Kiev\n\nLe maire a démissionné.\n",
            "Titre\n\nPar la rédaction\n\nTexte.\n",
            "Titre\n\nLe maire a démissionné.\n\nMarie de La Tour\n\nJournaliste à Lyon.\n",
        ] {
            assert!(run_with(&*e, &policy, ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn source_required_only_with_policy() {
        let e = engine("check = \"source-required\"\n");
        let policy = Policy {
            source: Requirement::Required,
            ..Policy::default()
        };
        let text = "Titre\n\nLe maire a démissionné hier.\n";
        assert!(run(&*e, text).is_empty());
        assert_eq!(run_with(&*e, &policy, text), ["Titre"]);
        assert!(
            run_with(
                &*e,
                &policy,
                "Titre\n\nTexte.\n\nSource : https://example.org/article\n"
            )
            .is_empty()
        );
        assert_eq!(
            run_with(&*e, &policy, "  \n\nTitre\n\nTexte.\n\nSource : Le Monde\n"),
            ["Titre"]
        );
    }

    #[test]
    fn bad_options_are_errors() {
        for bad in [
            "",
            "check = \"bylines\"\n",
            "check = \"orphan-source\"\n",
            "check = \"metadata-fragment\"\nanchors = [\"Source\"]\n",
            "check = \"placeholder-byline\"\nplaceholders = [\" \"]\n",
            "check = \"placeholder-byline\"\nplaceholder = [\"admin\"]\n",
        ] {
            let t: toml::Table = toml::from_str(bad).unwrap();
            assert!(build(&t).is_err(), "{bad}");
        }
    }

    #[test]
    fn no_panic_on_odd_input() {
        let policy = Policy {
            byline: Requirement::Required,
            source: Requirement::Required,
            ..Policy::default()
        };
        for opts in [
            PLACEHOLDER,
            "check = \"orphan-source\"\nanchors = [\"Source\"]\n",
            "check = \"metadata-fragment\"\n",
            "check = \"byline-required\"\n",
            "check = \"source-required\"\n",
        ] {
            let e = engine(opts);
            for text in [
                "",
                " ",
                "\n\n",
                "By",
                "By ",
                "Par é",
                "Écrit par 9",
                "— ",
                "–",
                "date ",
                "date 2022-1",
                "Source\u{a0}:",
                "Publié le 1 mars 2023 É",
                "ÉCRIT PAR ÉÉ",
            ] {
                let _ = run_with(&*e, &policy, text);
                let _ = run(&*e, text);
            }
        }
    }
}
