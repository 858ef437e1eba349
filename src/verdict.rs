//! One verdict per document, for corpus builders who filter scraped or
//! machine-translated articles out of a crawl (`transaudit corpus`, the
//! Python module, the Spark and datatrove examples all call [`assess`], so a
//! document gets the same verdict whichever door it came through).
//!
//! The verdict reads the residue density defined once in
//! [`crate::check::is_residue`] (warning and error findings on a span, per
//! 1,000 words; policy findings left out) against two thresholds. An
//! error-severity residue finding (an auto-translation disclaimer, a prompt
//! left in a title) makes a document at least `review` whatever its length:
//! one such line in a 3,000-word article is still a page nobody edited.

use crate::check::is_residue;
use crate::diagnostic::{Diagnostic, Severity};
use std::collections::BTreeMap;

/// Density thresholds (residue findings per 1,000 words).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// At or above this density a document needs a human look.
    pub review: f64,
    /// At or above this density a document is rejected.
    pub reject: f64,
}

impl Default for Thresholds {
    /// Edited French sits near 0.06 residue findings per 1,000 words and
    /// unedited machine translation at several: 1 and 5 leave a wide margin
    /// on both sides.
    fn default() -> Self {
        Thresholds {
            review: 1.0,
            reject: 5.0,
        }
    }
}

/// What to do with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Keep it.
    Clean,
    /// Keep it only after a human look.
    Review,
    /// Drop it.
    Reject,
}

impl Verdict {
    /// The name used in JSON output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Clean => "clean",
            Verdict::Review => "review",
            Verdict::Reject => "reject",
        }
    }
}

/// A document's figures and verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Residue findings per 1,000 words.
    pub density: f64,
    /// Findings per category name (every finding, policy included).
    pub categories: BTreeMap<&'static str, usize>,
    /// The verdict.
    pub verdict: Verdict,
}

/// Assesses one document from its located findings and its word count.
pub fn assess(diagnostics: &[Diagnostic], words: usize, thresholds: &Thresholds) -> Assessment {
    let mut categories = BTreeMap::new();
    for d in diagnostics {
        *categories.entry(d.category.as_str()).or_insert(0) += 1;
    }
    let residue: Vec<&Diagnostic> = diagnostics.iter().filter(|d| is_residue(d)).collect();
    let density = if words == 0 {
        0.0
    } else {
        residue.len() as f64 * 1000.0 / words as f64
    };
    let verdict = if density >= thresholds.reject {
        Verdict::Reject
    } else if density >= thresholds.review || residue.iter().any(|d| d.severity == Severity::Error)
    {
        Verdict::Review
    } else {
        Verdict::Clean
    };
    Assessment {
        density,
        categories,
        verdict,
    }
}
