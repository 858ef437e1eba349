//! A small HTML tokenizer for prose extraction: linear, allocation-light,
//! and it never panics (every index is checked; malformed markup degrades
//! the way browsers degrade it: an unterminated tag or comment runs to the
//! end of the input).
//!
//! It is not an HTML5 tree builder (html5ever would be): it only needs to
//! tell text from tags, comments and the contents of elements that are not
//! prose, and to know which tags separate blocks.

use super::{Comment, Sep, ViewBuilder};
use std::ops::Range;

/// Elements whose contents are raw text: skipped up to their end tag, with
/// no tag inside recognised.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "xmp", "iframe", "noembed", "noframes",
];

/// Elements whose contents are not prose (code, graphics, media, inert
/// templates): skipped up to the matching end tag, nesting counted.
const SKIP_CONTENT: &[&str] = &[
    "pre", "code", "kbd", "samp", "template", "svg", "math", "video", "audio", "canvas", "object",
];

/// Skipped elements that stand for an object inside a sentence (code, an
/// image, a player): one U+FFFC OBJECT REPLACEMENT CHARACTER.
const PLACEHOLDER: &[&str] = &[
    "code", "kbd", "samp", "math", "svg", "video", "audio", "canvas", "object", "iframe", "img",
    "embed",
];

/// Block-level elements: a paragraph break before and after.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "noscript",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements that break a line.
const LINE: &[&str] = &["br", "option", "optgroup"];

/// Form widgets and hidden elements: a word boundary.
const SPACE: &[&str] = &[
    "input", "button", "select", "textarea", "template", "script", "style", "noembed", "noframes",
    "xmp",
];

fn separator(name: &str) -> Sep {
    if BLOCK.contains(&name) {
        Sep::Paragraph
    } else if LINE.contains(&name) {
        Sep::Line
    } else if SPACE.contains(&name) {
        Sep::Boundary
    } else {
        Sep::None
    }
}

/// An element being skipped.
#[derive(Debug, Clone)]
struct Skip {
    name: String,
    depth: usize,
    /// Source offset of its start tag.
    start: usize,
}

/// The tokenizer's state, kept across [`Extractor::feed`] calls so that
/// Markdown can feed it one inline tag at a time.
#[derive(Debug, Default)]
pub struct Extractor {
    skip: Option<Skip>,
}

/// What a `<` starts.
enum Markup {
    /// `<!-- … -->`: its end, and the body's range.
    Comment(usize, Range<usize>),
    /// `<!DOCTYPE …>`, `<![CDATA[…]]>`, `<?…>`: its end.
    Other(usize),
    /// A start (`end == false`) or end tag: lowercase name, end of the tag.
    Tag {
        name: String,
        closing: bool,
        end: usize,
    },
}

fn find_from(s: &str, from: usize, end: usize, needle: &str) -> Option<usize> {
    s.get(from..end)?.find(needle).map(|i| from + i)
}

/// Parses the markup at `at` (a `<`), up to `end`; `None` when the `<` is
/// text (`a < b`, `<3`).
fn markup_at(s: &str, at: usize, end: usize) -> Option<Markup> {
    let b = s.as_bytes();
    let next = |k: usize| b.get(at + k).copied().filter(|_| at + k < end);
    match next(1)? {
        b'!' => {
            if s.get(at..end)?.starts_with("<!--") {
                let body_start = at + 4;
                // `<!-->` and `<!--->` are empty comments.
                for empty in ["<!-->", "<!--->"] {
                    if s.get(at..end)?.starts_with(empty) {
                        return Some(Markup::Comment(at + empty.len(), body_start..body_start));
                    }
                }
                return Some(match find_from(s, body_start, end, "-->") {
                    Some(close) => Markup::Comment(close + 3, body_start..close),
                    None => Markup::Comment(end, body_start..end),
                });
            }
            if s.get(at..end)?.starts_with("<![CDATA[") {
                return Some(Markup::Other(
                    find_from(s, at, end, "]]>").map_or(end, |i| i + 3),
                ));
            }
            Some(Markup::Other(
                find_from(s, at, end, ">").map_or(end, |i| i + 1),
            ))
        }
        b'?' => Some(Markup::Other(
            find_from(s, at, end, ">").map_or(end, |i| i + 1),
        )),
        c => {
            let closing = c == b'/';
            let name_start = at + 1 + usize::from(closing);
            if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) || name_start >= end {
                return None;
            }
            let mut i = name_start;
            while i < end
                && b.get(i).is_some_and(|c| {
                    !matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>')
                })
            {
                i += 1;
            }
            let name = s.get(name_start..i)?.to_ascii_lowercase();
            // Attributes: a quoted value may hold `>`.
            let mut after_eq = false;
            while i < end {
                match b.get(i) {
                    Some(b'>') => {
                        return Some(Markup::Tag {
                            name,
                            closing,
                            end: i + 1,
                        });
                    }
                    Some(&q @ (b'"' | b'\'')) if after_eq => {
                        i = b
                            .get(i + 1..end)
                            .and_then(|rest| rest.iter().position(|&x| x == q))
                            .map_or(end, |p| i + 1 + p);
                        after_eq = false;
                    }
                    Some(b'=') => after_eq = true,
                    Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0C') => {}
                    _ => after_eq = false,
                }
                i += 1;
            }
            Some(Markup::Tag { name, closing, end })
        }
    }
}

/// Where the end tag `</name` of a raw-text element starts, from `from`.
fn raw_text_end(s: &str, from: usize, end: usize, name: &str) -> usize {
    let b = s.as_bytes();
    let mut i = from;
    while let Some(lt) = find_from(s, i, end, "</") {
        let name_end = lt + 2 + name.len();
        let matches = s
            .get(lt + 2..name_end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name));
        let delimited = name_end >= end
            || matches!(
                b.get(name_end),
                Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0C') | None
            );
        if matches && delimited {
            return lt;
        }
        i = lt + 2;
    }
    end
}

impl Extractor {
    /// True while inside an element whose contents are skipped (Markdown
    /// then drops its own text events too).
    pub fn skipping(&self) -> bool {
        self.skip.is_some()
    }

    /// Tokenizes `range` of the builder's source, appending its prose.
    pub fn feed(
        &mut self,
        b: &mut ViewBuilder<'_>,
        range: Range<usize>,
        comments: &mut Vec<Comment>,
    ) {
        let s = b.source();
        let end = range.end.min(s.len());
        let mut pos = range.start.min(end);
        let mut text_start = pos;
        while pos < end {
            let Some(lt) = find_from(s, pos, end, "<") else {
                break;
            };
            let Some(markup) = markup_at(s, lt, end) else {
                pos = lt + 1;
                continue;
            };
            self.text(b, text_start..lt);
            pos = match markup {
                Markup::Comment(close, body) => {
                    if self.skip.is_none() {
                        comments.push(Comment {
                            span: lt..close,
                            body,
                        });
                    }
                    close
                }
                Markup::Other(close) => close,
                Markup::Tag {
                    name,
                    closing,
                    end: tag_end,
                } => self.tag(b, &name, closing, lt, tag_end, end),
            };
            pos = pos.max(lt + 1);
            text_start = pos;
        }
        self.text(b, text_start.min(end)..end);
    }

    /// Text between tags: decoded, or a separator when it is only
    /// whitespace, or nothing while skipping.
    fn text(&self, b: &mut ViewBuilder<'_>, range: Range<usize>) {
        if self.skip.is_some() || range.is_empty() {
            return;
        }
        let Some(t) = b.source().get(range.clone()) else {
            return;
        };
        // Whitespace at either end of a text run is a word boundary, not
        // text: it collapses with the markup around it (and its newlines
        // count toward the separator), as in a browser.
        let core = t.trim_matches(|c: char| c.is_ascii_whitespace());
        if core.is_empty() {
            b.separate(Sep::Space);
            return;
        }
        let lead = t.len()
            - t.trim_start_matches(|c: char| c.is_ascii_whitespace())
                .len();
        if lead > 0 {
            b.separate(Sep::Space);
        }
        let start = range.start + lead;
        b.push_html_text(start..start + core.len());
        if start + core.len() < range.end {
            b.separate(Sep::Space);
        }
    }

    /// Handles a tag; returns where tokenizing resumes.
    fn tag(
        &mut self,
        b: &mut ViewBuilder<'_>,
        name: &str,
        closing: bool,
        at: usize,
        tag_end: usize,
        end: usize,
    ) -> usize {
        let s = b.source();
        if let Some(skip) = &mut self.skip {
            if skip.name == name {
                if closing {
                    skip.depth -= 1;
                } else {
                    skip.depth += 1;
                }
            }
            if skip.depth == 0 {
                let start = skip.start;
                self.skip = None;
                Self::close_skipped(b, name, start..tag_end);
                return tag_end;
            }
            if !closing && RAW_TEXT.contains(&name) {
                return raw_text_end(s, tag_end, end, name);
            }
            return tag_end;
        }
        if !closing && RAW_TEXT.contains(&name) {
            // Contents and end tag are skipped as one region.
            let close = raw_text_end(s, tag_end, end, name);
            let after = find_from(s, close, end, ">").map_or(end, |i| i + 1);
            Self::close_skipped(b, name, at..after);
            return after;
        }
        if !closing && PLACEHOLDER.contains(&name) && !SKIP_CONTENT.contains(&name) {
            // A void element standing for an object (`<img>`, `<embed>`).
            b.replace(at..tag_end, "\u{FFFC}");
            return tag_end;
        }
        if !closing && SKIP_CONTENT.contains(&name) {
            let self_closing = s.get(at..tag_end).is_some_and(|t| t.ends_with("/>"));
            if !self_closing {
                self.skip = Some(Skip {
                    name: name.to_owned(),
                    depth: 1,
                    start: at,
                });
                return tag_end;
            }
        }
        b.separate(separator(name));
        tag_end
    }

    /// A skipped element is over: a placeholder or a separator for it.
    fn close_skipped(b: &mut ViewBuilder<'_>, name: &str, element: Range<usize>) {
        if PLACEHOLDER.contains(&name) {
            b.replace(element, "\u{FFFC}");
        } else {
            b.separate(separator(name).max(Sep::Boundary));
        }
    }

    /// Forgets an unclosed skipped element (the end of a Markdown block, or
    /// of the file): what followed its start tag stays skipped.
    pub fn finish(&mut self, b: &mut ViewBuilder<'_>) {
        if let Some(skip) = self.skip.take() {
            b.separate(separator(&skip.name).max(Sep::Boundary));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{InputKind, extract};

    fn view(html: &str) -> String {
        extract(html, InputKind::Html).text
    }

    #[test]
    fn tags_and_attributes_are_skipped_and_blocks_separate() {
        let html = "<p class=\"x\">Un <b>mot</b> ici.</p><p>Deux</p>";
        assert_eq!(view(html), "Un mot ici.\n\nDeux");
        let img = r#"<p>Voir <img alt="Leave a Reply" src="a.png"> ici</p>"#;
        assert_eq!(view(img), "Voir \u{FFFC} ici");
        assert_eq!(view("<p>Une image<img src=x>.</p>"), "Une image\u{FFFC}.");
        assert_eq!(
            view("<p>Voir <span>la</span> <i>suite</i> .</p>"),
            "Voir la suite ."
        );
        let gt_in_attr = r#"<a title="a > b">lien</a>"#;
        assert_eq!(view(gt_in_attr), "lien");
    }

    #[test]
    fn script_style_comments_and_code_are_skipped() {
        let html = "<head><title>Titre</title><style>p { x: '</p>' }</style></head>\
                    <body><script>var a = '<p>Leave a Reply</p>';</script>\
                    <p>Texte <code>Leave a Reply</code> fin.</p><!-- Leave a Reply -->\
                    <pre><code>Leave a Reply</code></pre><p>Après.</p></body>";
        let v = view(html);
        assert_eq!(v, "Titre\n\nTexte \u{FFFC} fin.\n\nAprès.");
        let e = extract(html, InputKind::Html);
        assert_eq!(e.comments.len(), 1);
        assert_eq!(&html[e.comments[0].body.clone()], " Leave a Reply ");
    }

    #[test]
    fn entities_are_decoded_and_map_back() {
        let html = "<p>&laquo;&nbsp;D&eacute;j&#224; vu&nbsp;&raquo; &amp; &#xE9;t&eacute;</p>";
        let e = extract(html, InputKind::Html);
        assert_eq!(e.text, "«\u{A0}Déjà vu\u{A0}» & été");
        let at = e.text.find("Déjà").unwrap_or(0);
        let src = e.map.map(at..at + "Déjà".len());
        assert_eq!(&html[src], "D&eacute;j&#224;");
    }

    #[test]
    fn inline_tags_do_not_separate_but_widgets_do() {
        assert_eq!(view("<span>Zelensky</span><span>qui</span>"), "Zelenskyqui");
        assert_eq!(
            view("<button>Partager</button><button>Tweeter</button>"),
            "Partager Tweeter"
        );
        assert_eq!(view("<button>Partager</button>."), "Partager.");
        assert_eq!(view("un<br>deux"), "un\ndeux");
        assert_eq!(view("a < b et c<3"), "a < b et c<3");
    }

    #[test]
    fn malformed_markup_does_not_panic() {
        for html in [
            "<",
            "<p",
            "<p class=\"x",
            "<!--",
            "<!-- x",
            "<!",
            "<?",
            "</",
            "</p",
            "<script>",
            "<script>x</scr",
            "<pre><pre>x</pre>",
            "&",
            "&#",
            "&#x",
            "<a href='>'>é</a",
            "<é>",
            "<p>é<",
            "<!--->x",
            "<!-->y",
            "<![CDATA[x",
            "<code/>z",
            "\u{FEFF}<p>",
        ] {
            let _ = extract(html, InputKind::Html);
        }
    }
}
