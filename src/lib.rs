//! transaudit: a linter for articles that machine translation and scraped
//! republishing have passed through.
//!
//! The pipeline, one module each:
//! [`walk`] finds the files → [`document`] decodes one (line index; the
//! prose of Markdown and HTML from [`markup`]; NFC; an [`offset_map`] back)
//! → [`rules`] (data from `lints/`) and [`engines`] (code) produce
//! [`diagnostic::Finding`]s → [`check`] locates them as
//! [`diagnostic::Diagnostic`]s → [`report`] renders them.
//! [`config`] reads `.auditrc.toml`; [`error`] says what went wrong and where.
//! [`server`] serves the same pipeline over HTTP: LanguageTool's API and a
//! web page for editors.

pub mod baseline;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod corpus;
pub mod diagnostic;
pub mod document;
pub mod engines;
pub mod error;
pub mod fingerprint;
pub mod fix;
pub mod lexicon;
pub mod lsp;
pub mod markup;
pub mod messages;
pub mod offset_map;
pub mod oom;
pub mod outcome;
pub mod report;
pub mod rules;
pub mod server;
pub mod suppress;
pub mod verdict;
pub mod walk;
