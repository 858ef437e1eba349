//! Markdown front matter: YAML between `---` lines or TOML between `+++`
//! lines at the very top of the file. It is not prose (it is skipped), but
//! its provenance fields are read: [`FrontMatter`].
//!
//! YAML is read by a deliberately small parser: top-level `key: value`
//! pairs, quoted or plain scalars, `[a, b]` and `- item` lists, `|`/`>`
//! block scalars; nested maps are skipped. That is all provenance fields
//! need, and it keeps a YAML library (and its edge cases) out of the binary.
//! TOML is read with the `toml` crate.

use std::ops::Range;
use toml::Spanned;

/// Which syntax the front matter uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    /// `---` … `---` (or `...`).
    Yaml,
    /// `+++` … `+++`.
    Toml,
}

/// One field's value, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterField {
    /// The value (lists are joined with `, `).
    pub value: String,
    /// Source byte range of the value as written (quotes included).
    pub span: Range<usize>,
}

/// What the `translation` field says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Translation {
    /// `machine`: machine-translated, not reviewed.
    Machine,
    /// `human`: translated by a person.
    Human,
    /// `post-edited` (or `post_edited`, `postedited`): machine-translated,
    /// then reviewed by a person.
    PostEdited,
    /// Anything else, as written.
    Other(String),
}

/// The provenance fields of a Markdown article's front matter, exposed on
/// the document ([`crate::document::Document::front_matter`]) for
/// whole-article checks, e.g. `translation: machine` without a disclosure
/// in the text, or a `source` without a `source_url`.
///
/// Findings about these fields are whole-article findings: an engine reports
/// them with `scope = "document"` (the view, which rules see, does not hold
/// the front matter). Field spans are source byte offsets, for messages.
/// Other keys (`title`, `date`, `tags`…) belong to the site generator and
/// are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// YAML or TOML.
    pub format: FrontMatterFormat,
    /// Source byte range of the whole block, delimiters included.
    pub span: Range<usize>,
    /// `author` (or `authors`; a list is joined with `, `).
    pub author: Option<FrontMatterField>,
    /// `source`: the publication the article comes from.
    pub source: Option<FrontMatterField>,
    /// `source_url` (or `source-url`): the link to the original.
    pub source_url: Option<FrontMatterField>,
    /// `translated_from` (or `translated-from`): the original's language.
    pub translated_from: Option<FrontMatterField>,
    /// `translation`: `machine`, `human` or `post-edited`.
    pub translation: Option<FrontMatterField>,
    /// Why the block could not be read (TOML syntax error): the fields may
    /// then be missing.
    pub error: Option<String>,
}

impl FrontMatter {
    /// The `translation` field, interpreted.
    pub fn translation_kind(&self) -> Option<Translation> {
        let v = self.translation.as_ref()?.value.trim().to_ascii_lowercase();
        Some(match v.as_str() {
            "machine" => Translation::Machine,
            "human" => Translation::Human,
            "post-edited" | "post_edited" | "postedited" | "post edited" => Translation::PostEdited,
            _ => Translation::Other(self.translation.as_ref()?.value.clone()),
        })
    }

    fn set(&mut self, key: &str, field: FrontMatterField) {
        let slot = match key.to_ascii_lowercase().replace('-', "_").as_str() {
            "author" | "authors" => &mut self.author,
            "source" => &mut self.source,
            "source_url" => &mut self.source_url,
            "translated_from" => &mut self.translated_from,
            "translation" => &mut self.translation,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(field);
        }
    }
}

/// Splits `source` into lines with their start offsets (terminators
/// excluded, `\r` too).
fn lines_from(source: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= source.len() {
            return None;
        }
        let rest = source.get(pos..)?;
        let len = rest.find('\n').unwrap_or(rest.len());
        let line = &rest[..len];
        let start = pos;
        pos += len + 1;
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    })
}

/// Finds front matter at the top of `source`: its format, the block's range
/// (delimiters included, with the closing line's terminator) and the body's.
pub fn detect(source: &str) -> Option<(FrontMatterFormat, Range<usize>, Range<usize>)> {
    let mut lines = lines_from(source, 0);
    let (_, first) = lines.next()?;
    let (format, closers): (_, &[&str]) = match first.trim_end() {
        "---" => (FrontMatterFormat::Yaml, &["---", "..."]),
        "+++" => (FrontMatterFormat::Toml, &["+++"]),
        _ => return None,
    };
    let body_start = source.find('\n')? + 1;
    for (start, line) in lines {
        if closers.contains(&line.trim_end()) {
            let end = source[start..]
                .find('\n')
                .map_or(source.len(), |i| start + i + 1);
            return Some((format, 0..end, body_start..start));
        }
    }
    None
}

/// Reads the front matter at the top of `source`, if any.
pub fn parse(source: &str) -> Option<FrontMatter> {
    let (format, span, body) = detect(source)?;
    let mut fm = FrontMatter {
        format,
        span,
        author: None,
        source: None,
        source_url: None,
        translated_from: None,
        translation: None,
        error: None,
    };
    match format {
        FrontMatterFormat::Yaml => parse_yaml(source, body, &mut fm),
        FrontMatterFormat::Toml => parse_toml(source, body, &mut fm),
    }
    Some(fm)
}

fn parse_toml(source: &str, body: Range<usize>, fm: &mut FrontMatter) {
    let text = source.get(body.clone()).unwrap_or("");
    let table: std::collections::BTreeMap<String, Spanned<toml::Value>> = match toml::from_str(text)
    {
        Ok(t) => t,
        Err(e) => {
            fm.error = Some(e.message().trim().to_owned());
            return;
        }
    };
    for (key, value) in table {
        let span = value.span();
        let span = body.start + span.start..body.start + span.end;
        let value = match value.into_inner() {
            toml::Value::String(s) => s,
            toml::Value::Array(items) => items
                .iter()
                .filter_map(|v| match v {
                    toml::Value::String(s) => Some(s.clone()),
                    toml::Value::Table(t) => {
                        t.get("name").and_then(|n| n.as_str()).map(str::to_owned)
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(", "),
            toml::Value::Table(t) => match t.get("name").and_then(|n| n.as_str()) {
                Some(n) => n.to_owned(),
                None => continue,
            },
            other => other.to_string(),
        };
        fm.set(&key, FrontMatterField { value, span });
    }
}

/// A YAML scalar as written after `key:` (`rest` starts at `at`): its value
/// and the span of what was written.
fn yaml_scalar(rest: &str, at: usize) -> (String, Range<usize>) {
    let lead = rest.len() - rest.trim_start().len();
    let r = rest.trim_start();
    let start = at + lead;
    if let Some(inner) = r.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = inner.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return (out, start..start + 1 + i + 1),
                '\\' => match chars.next().map(|(_, e)| e) {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(e) => out.push(e),
                    None => break,
                },
                c => out.push(c),
            }
        }
        return (out, start..at + rest.len());
    }
    if let Some(inner) = r.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = inner.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                    out.push('\'');
                    continue;
                }
                return (out, start..start + 1 + i + 1);
            }
            out.push(c);
        }
        return (out, start..at + rest.len());
    }
    // A plain scalar ends at ` #` (a comment).
    let end = r.find(" #").unwrap_or(r.len());
    let v = r[..end].trim_end();
    (v.to_owned(), start..start + v.len())
}

fn parse_yaml(source: &str, body: Range<usize>, fm: &mut FrontMatter) {
    let text = source.get(..body.end).unwrap_or("");
    let lines: Vec<(usize, &str)> = lines_from(text, body.start).collect();
    let mut i = 0;
    while i < lines.len() {
        let (at, line) = lines[i];
        i += 1;
        if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
            continue;
        }
        let Some(colon) = line.find(':') else {
            continue;
        };
        let key = line[..colon].trim().trim_matches(['"', '\'']);
        let rest = &line[colon + 1..];
        let rest_at = at + colon + 1;
        let trimmed = rest.trim();
        // The indented lines that follow (a list, a block scalar, a nested map).
        let mut block = Vec::new();
        while i < lines.len()
            && (lines[i].1.starts_with([' ', '\t']) || lines[i].1.trim().is_empty())
        {
            block.push(lines[i]);
            i += 1;
        }
        let field = if trimmed.is_empty() || trimmed.starts_with('#') {
            // `- item` lines: a list.
            let items: Vec<(String, Range<usize>)> = block
                .iter()
                .filter_map(|&(lat, l)| {
                    let lead = l.len() - l.trim_start().len();
                    let item = l.trim_start().strip_prefix('-')?;
                    Some(yaml_scalar(item, lat + lead + 1))
                })
                .filter(|(v, _)| !v.is_empty())
                .collect();
            match (items.first(), items.last()) {
                (Some(first), Some(last)) => FrontMatterField {
                    value: items
                        .iter()
                        .map(|(v, _)| v.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    span: first.1.start..last.1.end,
                },
                _ => continue,
            }
        } else if trimmed.starts_with('|') || trimmed.starts_with('>') {
            let folded = trimmed.starts_with('>');
            let parts: Vec<&str> = block.iter().map(|(_, l)| l.trim()).collect();
            let value = parts
                .join(if folded { " " } else { "\n" })
                .trim()
                .to_owned();
            let span = match (block.first(), block.last()) {
                (Some(f), Some(l)) => f.0..l.0 + l.1.len(),
                _ => rest_at..rest_at + rest.len(),
            };
            FrontMatterField { value, span }
        } else if let Some(inner) = trimmed.strip_prefix('[') {
            let inner = inner.trim_end().trim_end_matches(']');
            let value = inner
                .split(',')
                .map(|s| s.trim().trim_matches(['"', '\'']))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            let lead = rest.len() - rest.trim_start().len();
            FrontMatterField {
                value,
                span: rest_at + lead..rest_at + rest.trim_end().len(),
            }
        } else {
            let (value, span) = yaml_scalar(rest, rest_at);
            FrontMatterField { value, span }
        };
        fm.set(key, field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_fields_with_their_spans() {
        let src = "---\ntitle: \"Un titre\"\nauthor: Marie Dupont # rédaction\nsource: 'Le Monde d''hier'\nsource_url: https://example.org/a?b=1\ntranslated-from: en\ntranslation: machine\ntags:\n  - a\n  - b\n---\nTexte.\n";
        let fm = parse(src).expect("front matter");
        assert_eq!(fm.format, FrontMatterFormat::Yaml);
        assert_eq!(
            &src[fm.span.clone()],
            &src[..src.find("Texte").unwrap_or(0)]
        );
        let author = fm.author.clone().expect("author");
        assert_eq!(author.value, "Marie Dupont");
        assert_eq!(&src[author.span], "Marie Dupont");
        let source = fm.source.clone().expect("source");
        assert_eq!(source.value, "Le Monde d'hier");
        assert_eq!(&src[source.span], "'Le Monde d''hier'");
        assert_eq!(
            fm.source_url.as_ref().map(|f| f.value.as_str()),
            Some("https://example.org/a?b=1")
        );
        assert_eq!(
            fm.translated_from.as_ref().map(|f| f.value.as_str()),
            Some("en")
        );
        assert_eq!(fm.translation_kind(), Some(Translation::Machine));
    }

    #[test]
    fn yaml_lists_and_block_scalars() {
        let src = "---\nauthors:\n  - Anne\n  - \"Bruno\"\nsource: >\n  Agence\n  France\ntranslation: Post-Edited\n...\n";
        let fm = parse(src).expect("front matter");
        assert_eq!(
            fm.author.clone().map(|f| f.value),
            Some("Anne, Bruno".to_owned())
        );
        assert_eq!(
            fm.source.clone().map(|f| f.value),
            Some("Agence France".to_owned())
        );
        assert_eq!(fm.translation_kind(), Some(Translation::PostEdited));
        let fm = parse("---\nauthor: [A, 'B']\ntranslation: robot\n---\n").expect("fm");
        assert_eq!(fm.author.clone().map(|f| f.value), Some("A, B".to_owned()));
        assert_eq!(
            fm.translation_kind(),
            Some(Translation::Other("robot".into()))
        );
    }

    #[test]
    fn toml_fields_and_errors() {
        let src = "+++\ntitle = \"T\"\nauthor = \"Marie\"\nsource_url = \"https://x\"\ntranslation = \"human\"\n+++\nTexte.\n";
        let fm = parse(src).expect("front matter");
        assert_eq!(fm.format, FrontMatterFormat::Toml);
        let a = fm.author.clone().expect("author");
        assert_eq!(a.value, "Marie");
        assert_eq!(&src[a.span], "\"Marie\"");
        assert_eq!(fm.translation_kind(), Some(Translation::Human));
        let bad = parse("+++\nauthor = \n+++\n").expect("still front matter");
        assert!(bad.error.is_some());
    }

    #[test]
    fn only_a_closed_block_at_the_top_is_front_matter() {
        assert!(parse("---\nauthor: x\n").is_none(), "not closed");
        assert!(
            parse("Texte\n---\nauthor: x\n---\n").is_none(),
            "not at the top"
        );
        assert!(parse("----\nx\n----\n").is_none());
        assert!(parse("---\r\nauthor: x\r\n---\r\nTexte").is_some(), "CRLF");
        assert!(parse("---").is_none());
        assert!(parse("").is_none());
    }
}
