//! `transaudit corpus`: JSON Lines in, one verdict per record out, for
//! corpus builders filtering machine-translated and scraped pages out of a
//! crawl (issue 12).
//!
//! One module per concern: [`reader`] turns a (possibly compressed) JSON
//! Lines stream into bounded chunks of raw lines; [`linter`] lints one
//! record's text and assesses it (also the engine of the Python module);
//! [`writer`] serialises one output object per record; [`run`] ties them
//! together: a reader thread, each chunk linted in parallel, results written
//! in input order, so memory is bounded by a few chunks, not by the shard.

pub mod linter;
pub mod reader;
pub mod run;
pub mod summary;
pub mod writer;

pub use linter::{CorpusLinter, RecordResult};
pub use run::{CorpusOptions, run};
