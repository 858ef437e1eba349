//! `--summary`: totals per verdict and per category, printed on stderr at
//! the end of a corpus run (stdout stays one object per record).

use super::linter::RecordResult;
use crate::verdict::Verdict;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Running totals of a corpus run.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    /// Records read (linted or not).
    pub records: usize,
    /// Records that could not be linted.
    pub errors: usize,
    /// Linted records per verdict: clean, review, reject.
    pub verdicts: [usize; 3],
    /// Findings per category, over all records.
    pub categories: BTreeMap<&'static str, usize>,
    /// Bytes read (decompressed).
    pub bytes: usize,
}

impl Summary {
    /// Counts one linted record.
    pub fn add(&mut self, r: &RecordResult) {
        self.records += 1;
        let i = match r.assessment.verdict {
            Verdict::Clean => 0,
            Verdict::Review => 1,
            Verdict::Reject => 2,
        };
        self.verdicts[i] += 1;
        for (c, n) in &r.assessment.categories {
            *self.categories.entry(c).or_insert(0) += n;
        }
    }

    /// Counts one record that failed.
    pub fn add_error(&mut self) {
        self.records += 1;
        self.errors += 1;
    }

    /// The text printed by `--summary`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let [clean, review, reject] = self.verdicts;
        let _ = writeln!(
            out,
            "{} records: {clean} clean, {review} review, {reject} reject, {} error{}",
            self.records,
            self.errors,
            if self.errors == 1 { "" } else { "s" }
        );
        let mut by_count: Vec<(&&str, &usize)> = self.categories.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        for (c, n) in by_count {
            let _ = writeln!(out, "  {n:>9}  {c}");
        }
        out
    }
}
