//! Command-line definitions (clap). The commands and flags are the contract
//! of DESIGN.md; `transaudit --help` is generated from the doc comments here.

use crate::diagnostic::Severity;
use crate::messages::MessageLang;
use crate::report::Format;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A linter for machine-translated and scraped articles: finds what machine
/// translation and scraped republishing leave behind.
#[derive(Debug, Parser)]
#[command(name = "transaudit", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// `transaudit <command>`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint articles: files, directories (walked, .gitignore respected) or `-` for stdin.
    Check(CheckArgs),
    /// List every rule: id, category, severity, one line.
    Rules(RulesArgs),
    /// Explain one rule, with its examples.
    Rule(RuleArgs),
    /// Write a commented `.auditrc.toml` in the current directory.
    Init(InitArgs),
    /// Serve the Language Server Protocol on stdin/stdout (for VS Code, Neovim, Helix, Zed…).
    Lsp(LspArgs),
    /// Lint the text field of JSON Lines records (.jsonl, .jsonl.gz, .jsonl.zst or `-`):
    /// one object per record, in input order, with its findings and verdict.
    Corpus(CorpusArgs),
    /// Serve LanguageTool's HTTP API (`/v2/check`) and a web page (`/`) for editors.
    Server(ServerArgs),
}

/// Options of `transaudit lsp`.
#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Accepted and ignored: the server always talks over stdin/stdout
    /// (some editor clients pass `--stdio` to every server).
    #[arg(long)]
    pub stdio: bool,
}

/// How `transaudit corpus` reads each record's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Markup {
    /// Plain text.
    #[default]
    Plain,
    /// Markdown: only the prose is linted.
    Md,
    /// HTML: only the prose is linted.
    Html,
}

impl From<Markup> for crate::markup::InputKind {
    fn from(m: Markup) -> Self {
        match m {
            Markup::Plain => crate::markup::InputKind::Plain,
            Markup::Md => crate::markup::InputKind::Markdown,
            Markup::Html => crate::markup::InputKind::Html,
        }
    }
}

/// Output formats of `transaudit corpus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CorpusFormat {
    /// One JSON object per input record, one per line.
    #[default]
    Jsonl,
}

/// Options of `transaudit corpus`.
#[derive(Debug, clap::Args)]
pub struct CorpusArgs {
    /// JSON Lines files, plain or gzip/zstd-compressed; `-` (the default) reads standard input.
    pub paths: Vec<PathBuf>,
    /// The record field holding the text to lint.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// The record field copied to `id` in the output (`null` when absent).
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// How the text field is written.
    #[arg(long, value_enum, default_value_t = Markup::Plain)]
    pub markup: Markup,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CorpusFormat::Jsonl)]
    pub format: CorpusFormat,
    /// Print totals per verdict and per category on stderr at the end.
    #[arg(long)]
    pub summary: bool,
    /// Residue findings per 1,000 words from which a record is `review`
    /// [default: the config's `[corpus]` review-density, else 1].
    #[arg(long, value_name = "DENSITY")]
    pub review_density: Option<f64>,
    /// Residue findings per 1,000 words from which a record is `reject`
    /// [default: the config's `[corpus]` reject-density, else 5].
    #[arg(long, value_name = "DENSITY")]
    pub reject_density: Option<f64>,
    /// Residue findings a record needs before its density makes it `review` or `reject`
    /// [default: the config's `[corpus]` min-findings, else 3].
    #[arg(long, value_name = "N")]
    pub min_findings: Option<usize>,
    /// Only these rules: ids, id prefixes or categories (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Skip these rules: ids, id prefixes or categories (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Use this config file instead of discovering `.auditrc.toml` from the current directory.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Article language (picks the rule pack) [default: fr, or the config's `lang`].
    #[arg(long)]
    pub lang: Option<String>,
    /// Never show the progress bar (it shows only when stderr is a terminal).
    #[arg(long)]
    pub no_progress: bool,
}

/// Options of `transaudit server`.
#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    /// Address to listen on. Loopback by default: put a reverse proxy in
    /// front to expose it (README, "Editors").
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one and prints it).
    #[arg(long, default_value_t = 8081)]
    pub port: u16,
    /// Use this config file instead of discovering `.auditrc.toml` from the current directory.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Largest text accepted, in bytes (larger requests get 413).
    #[arg(long, default_value_t = 1 << 20)]
    pub max_text_bytes: usize,
    /// Seconds a request may take, body upload included (then 408 or 503).
    #[arg(long, default_value_t = 20)]
    pub timeout: u64,
    /// Texts checked at once [default: the number of CPUs].
    #[arg(long)]
    pub workers: Option<usize>,
    /// Requests that may wait for a worker; more get 503 at once.
    #[arg(long, default_value_t = 1024)]
    pub max_waiting: usize,
    /// Connections served at once; more wait in the kernel's backlog.
    #[arg(long, default_value_t = 1024)]
    pub max_connections: usize,
}

/// Options of `transaudit init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Overwrite an existing `.auditrc.toml`.
    #[arg(long)]
    pub force: bool,
}

/// When to colour the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `--fail-on` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only errors fail the run.
    Error,
    /// Warnings and errors fail the run (default).
    Warning,
    /// Any finding fails the run.
    Info,
}

impl From<FailOn> for Severity {
    fn from(f: FailOn) -> Severity {
        match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// Options of `transaudit check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` reads standard input. Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Only these rules: ids, id prefixes or categories (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Skip these rules: ids, id prefixes or categories (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Lowest severity that makes the exit code 1 [default: warning, or the config's `fail-on`].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Exit 0 even when there are findings (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Use this config file instead of discovering `.auditrc.toml`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Article language (picks the rule pack) [default: fr, or the config's `lang`].
    #[arg(long)]
    pub lang: Option<String>,
    /// Language of messages and explanations [default: the config's `messages`, else the
    /// locale (LC_ALL, LC_MESSAGES, LANG starting with `fr`: French), else English].
    #[arg(long, value_enum)]
    pub messages: Option<MessageLang>,
    /// Name to report standard input as (and to find its config from).
    #[arg(long)]
    pub stdin_filename: Option<String>,
    /// Lint only walked files matching these globs (replaces the extension filter).
    #[arg(long, value_delimiter = ',')]
    pub include: Vec<String>,
    /// Skip walked files matching these globs.
    #[arg(long, value_delimiter = ',')]
    pub exclude: Vec<String>,
    /// Apply `exclude` (config and --exclude) to files named on the command
    /// line too, as a pre-commit hook needs (it names every staged file).
    #[arg(long)]
    pub force_exclude: bool,
    /// Colour in the text report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Apply safe fixes to the files (atomically), then report what remains.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Also apply fixes marked unsafe (with --fix or --diff).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of the fixes instead of writing them.
    #[arg(long)]
    pub diff: bool,
    /// Print counts per rule instead of each finding.
    #[arg(long)]
    pub statistics: bool,
    /// Print findings only: no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// After the report, print to stderr the time each rule took (slowest first).
    #[arg(long)]
    pub timings: bool,
    /// List the files that would be linted, then exit.
    #[arg(long)]
    pub show_files: bool,
    /// Report only findings not recorded in this baseline file (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every finding of this run in FILE (JSON, atomically), report nothing, exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "fix", "diff"])]
    pub write_baseline: Option<PathBuf>,
}

/// Options of `transaudit rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Rule pack language [default: fr, or the config's `lang`].
    #[arg(long)]
    pub lang: Option<String>,
    /// Language of messages and explanations [default: the config's `messages`, else the
    /// locale, else English].
    #[arg(long, value_enum)]
    pub messages: Option<MessageLang>,
    /// Include the rule files of this config.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Print JSON (id, category, severity, kind, message) instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Options of `transaudit rule`.
#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// The rule id (`transaudit rules` lists them).
    pub id: String,
    /// Rule pack language [default: fr, or the config's `lang`].
    #[arg(long)]
    pub lang: Option<String>,
    /// Language of messages and explanations [default: the config's `messages`, else the
    /// locale, else English].
    #[arg(long, value_enum)]
    pub messages: Option<MessageLang>,
    /// Include the rule files of this config.
    #[arg(long)]
    pub config: Option<PathBuf>,
}
