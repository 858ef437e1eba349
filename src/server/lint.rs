//! Linting one request's text with the shared profile, and the request's
//! rule selection (LanguageTool's enabled/disabled rules and categories).
//!
//! Why the selection filters findings instead of building a profile: the
//! profile is compiled once at start-up and shared by every request; a
//! per-request profile would cost the compile on every check. A rule the
//! server's config turns off stays off (`enabledRules` cannot turn it on).

use super::decode::CheckRequest;
use crate::check::{Profile, lint_document_in};
use crate::diagnostic::{Category, Diagnostic};
use crate::document::Document;

/// What linting a request found.
pub struct Linted {
    /// The findings the request selects, in position order.
    pub diagnostics: Vec<Diagnostic>,
    /// Words in the article (residue density is per 1,000 of them).
    pub words: usize,
}

/// The path findings are reported under: a request has no file, and no
/// `[per-file-ignores]` glob of the config should match it by accident.
pub const REQUEST_PATH: &str = "<request>";

/// Lints the request's text with `profile`, keeping what it selects.
pub fn lint(req: &CheckRequest, profile: &Profile) -> Linted {
    if req.text.trim().is_empty() {
        return Linted {
            diagnostics: Vec::new(),
            words: 0,
        };
    }
    let doc = Document::from_text_as(&req.text, req.kind);
    let mut diagnostics = lint_document_in(REQUEST_PATH, &doc, profile, req.messages);
    diagnostics.retain(|d| selected(req, d));
    Linted {
        diagnostics,
        words: doc.word_count(),
    }
}

/// Does the request's selection keep this finding? `disabled*` drop;
/// with `enabledOnly` only `enabled*` are kept.
fn selected(req: &CheckRequest, d: &Diagnostic) -> bool {
    let rule = |sel: &String| crate::suppress::selects(sel, &d.rule, d.category);
    let category = |sel: &String| same_category(sel, d.category);
    if req.disabled_rules.iter().any(rule) || req.disabled_categories.iter().any(category) {
        return false;
    }
    !req.enabled_only
        || req.enabled_rules.iter().any(rule)
        || req.enabled_categories.iter().any(category)
}

/// A category as a client names it: ours (`glued-word`) or the
/// LanguageTool-style id the server sends (`GLUED_WORD`).
fn same_category(sel: &str, c: Category) -> bool {
    sel.trim().to_ascii_lowercase().replace('_', "-") == c.as_str()
}

/// LanguageTool-style category id (`GLUED_WORD`) of a category.
pub fn category_id(c: Category) -> String {
    c.as_str().to_ascii_uppercase().replace('-', "_")
}
