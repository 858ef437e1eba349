//! Markdown prose extraction with pulldown-cmark (CommonMark, plus GFM
//! tables, strikethrough and footnotes), whose offset iterator gives the
//! source range of every event.
//!
//! Kept: text events (paragraphs, headings, list items, link text, table
//! cells), with escapes and references resolved. Skipped: code blocks,
//! inline code, images and autolinks (`<https://…>`) (each one U+FFFC),
//! link destinations and titles, emphasis markers, list and quote markers,
//! front matter. Raw HTML (blocks and
//! inline tags) goes through the HTML extractor, so `<!-- … -->` comments
//! and `<b>` tags behave as in an HTML file.

use super::html;
use super::{Comment, Extracted, Sep, ViewBuilder, front_matter};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// Extracts the prose of a Markdown file.
pub fn extract(source: &str) -> Extracted {
    let fm = front_matter::parse(source);
    let body_start = fm.as_ref().map_or(0, |f| f.span.end.min(source.len()));
    let body = source.get(body_start..).unwrap_or("");
    let mut b = ViewBuilder::new(source);
    let mut comments: Vec<Comment> = Vec::new();
    let mut html = html::Extractor::default();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    // Depths of the regions whose text is not prose.
    let mut code = 0usize;
    let mut image = 0usize;
    let mut image_start = 0usize;
    // Start of an autolink (`<https://…>`): a URL, not prose.
    let mut autolink: Option<usize> = None;
    let mut html_block = 0usize;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        let quiet = code > 0 || image > 0 || autolink.is_some();
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) => {
                    code += 1;
                    b.separate(Sep::Paragraph);
                }
                Tag::Image { .. } => {
                    if image == 0 {
                        image_start = range.start;
                    }
                    image += 1;
                }
                Tag::HtmlBlock => {
                    html_block += 1;
                    b.separate(Sep::Paragraph);
                    if !quiet {
                        html.feed(&mut b, range, &mut comments);
                        html.finish(&mut b);
                    }
                    b.separate(Sep::Paragraph);
                }
                Tag::Link {
                    link_type: LinkType::Autolink | LinkType::Email,
                    ..
                } => autolink = autolink.or(Some(range.start)),
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. } => {}
                _ => b.separate(Sep::Paragraph),
            },
            Event::End(end) => match end {
                TagEnd::CodeBlock => {
                    code = code.saturating_sub(1);
                    b.separate(Sep::Paragraph);
                }
                TagEnd::Image => {
                    image = image.saturating_sub(1);
                    if image == 0 && code == 0 && html_block == 0 && !html.skipping() {
                        b.replace(image_start..range.end, "\u{FFFC}");
                    }
                }
                TagEnd::HtmlBlock => html_block = html_block.saturating_sub(1),
                TagEnd::Link => {
                    if let Some(start) = autolink.take()
                        && code == 0
                        && image == 0
                        && html_block == 0
                        && !html.skipping()
                    {
                        b.replace(start..range.end, "\u{FFFC}");
                    }
                }
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript => {}
                _ => {
                    // A block ends: an inline `<code>` left open ends with it.
                    html.finish(&mut b);
                    b.separate(Sep::Paragraph);
                }
            },
            Event::Text(text) => {
                if !quiet && html_block == 0 && !html.skipping() {
                    b.push_decoded(range, &text);
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                if !quiet && html_block == 0 && !html.skipping() {
                    b.replace(range, "\u{FFFC}");
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                if !quiet && html_block == 0 {
                    html.feed(&mut b, range, &mut comments);
                }
            }
            Event::SoftBreak | Event::HardBreak => b.separate(Sep::Line),
            Event::Rule => b.separate(Sep::Paragraph),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }
    html.finish(&mut b);
    let (text, map) = b.finish();
    Extracted {
        text,
        map,
        comments,
        front_matter: fm,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{InputKind, extract};

    fn view(md: &str) -> String {
        extract(md, InputKind::Markdown).text
    }

    #[test]
    fn prose_keeps_its_lines_and_code_is_skipped() {
        let md = "# Titre\n\nUn **mot** et `du code` ici.\nSuite.\n\n```\nLeave a Reply\n```\n\n    Leave a Reply\n\nFin [lien](https://leave-a-reply.example) ![Leave a Reply](x.png).\n";
        let v = view(md);
        assert_eq!(
            v,
            "Titre\n\nUn mot et \u{FFFC} ici.\nSuite.\n\n\n\n\n\n\n\nFin lien \u{FFFC}."
        );
        // Lines of the view are the lines of the file.
        let line_of =
            |s: &str, needle: &str| s[..s.find(needle).unwrap_or(0)].matches('\n').count();
        assert_eq!(line_of(&v, "Fin"), line_of(md, "Fin"));
    }

    #[test]
    fn entities_and_escapes_map_back_to_the_source() {
        let md = "Il a dit &laquo;&nbsp;d&eacute;j&#224;&nbsp;&raquo; \\*vraiment\\*.\n";
        let e = extract(md, InputKind::Markdown);
        assert_eq!(e.text, "Il a dit «\u{A0}déjà\u{A0}» *vraiment*.");
        let at = e.text.find("déjà").unwrap_or(0);
        assert_eq!(&md[e.map.map(at..at + "déjà".len())], "d&eacute;j&#224;");
        // `\*` is one character of the view: the span covers its source.
        let at = e.text.find("*vraiment*").unwrap_or(0);
        assert!(md[e.map.map(at..at + 10)].ends_with("*vraiment\\*"));
    }

    #[test]
    fn front_matter_is_skipped_and_read() {
        let md = "---\nauthor: Anne\ntranslation: machine\n---\nTexte ici.\n";
        let e = extract(md, InputKind::Markdown);
        assert_eq!(e.text, "Texte ici.");
        assert_eq!(e.map.map(0..5), 42..47);
        assert_eq!(&md[42..47], "Texte");
        assert_eq!(
            e.front_matter.and_then(|f| f.author).map(|a| a.value),
            Some("Anne".to_owned())
        );
        let toml = "+++\nauthor = \"A\"\n+++\n\nTexte.\n";
        assert_eq!(view(toml), "Texte.");
    }

    #[test]
    fn html_in_markdown_goes_through_the_html_extractor() {
        let md = "<!-- transaudit-disable boilerplate -->\n<div class=\"share\">\nPartager <img alt=\"Leave a Reply\">\n</div>\n\nUn <b>mot</b> <code>Leave a Reply</code> ici.\n";
        let e = extract(md, InputKind::Markdown);
        assert_eq!(e.comments.len(), 1);
        assert_eq!(e.text, "Partager \u{FFFC}\n\n\nUn mot \u{FFFC} ici.");
    }

    #[test]
    fn lists_quotes_and_tables_separate_paragraphs() {
        let md = "- un\n- deux\n\n> cité\n> suite\n\n| a | b |\n|---|---|\n| c | d |\n";
        let v = view(md);
        for part in ["un", "deux", "cité\nsuite"] {
            assert!(v.contains(part), "{v:?}");
        }
        assert!(!v.contains('|'), "{v:?}");
        assert!(!v.contains("ab"), "cells are not glued: {v:?}");
    }

    #[test]
    fn autolinks_are_objects_not_prose() {
        assert_eq!(
            view("Source : <https://leave-a-reply.example/x>.\n"),
            "Source : \u{FFFC}."
        );
        assert_eq!(view("Voir [le site](https://x.example)."), "Voir le site.");
    }

    #[test]
    fn odd_markdown_does_not_panic() {
        for md in [
            "",
            "---",
            "---\n",
            "+++\n+++\n",
            "`",
            "```",
            "<",
            "<!--",
            "&",
            "\\",
            "[x]:",
            "![",
            "*a **b",
            "- <code>x",
            "<pre>\n\nx",
            "| a |\n|-|\n| \u{301} |",
            "\r\n\r\n",
            "a\u{301}&#769;",
            "<script>",
            "[^1]\n\n[^1]: note",
        ] {
            let _ = extract(md, InputKind::Markdown);
        }
    }
}
