//! The `transaudit` binary: parse arguments, run, map the outcome to an exit
//! code. Everything else lives in the library.

use clap::Parser;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use transaudit::check::{self, CheckOptions};
use transaudit::cli::{Cli, ColorChoice, Command};
use transaudit::commands;
use transaudit::fix::FixMode;

/// Names the file being linted when memory runs out ([`transaudit::oom`]).
#[global_allocator]
static ALLOCATOR: transaudit::oom::NamingAllocator = transaudit::oom::NamingAllocator;

/// Exit codes (DESIGN.md): why each exists.
mod exit {
    /// No finding at or above the fail level (or `--exit-zero`).
    pub const CLEAN: u8 = 0;
    /// Findings at or above the fail level: the gate closes.
    pub const FINDINGS: u8 = 1;
    /// Usage, config, rule-file or I/O error: the result cannot be trusted.
    pub const ERROR: u8 = 2;
}

fn main() -> ExitCode {
    ExitCode::from(run(Cli::parse()))
}

/// Runs a parsed command line and returns the exit code. Public so that
/// the Python package's `transaudit` command (python/src/lib.rs includes
/// this file) runs the same code on `sys.argv`.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let opts = CheckOptions {
                paths: args.paths,
                select: args.select,
                ignore: args.ignore,
                fail_on: args.fail_on.map(Into::into),
                config: args.config,
                lang: args.lang,
                messages: args.messages,
                stdin_filename: args.stdin_filename,
                include: args.include,
                exclude: args.exclude,
                force_exclude: args.force_exclude,
                format: args.format,
                color,
                fix: if args.diff {
                    FixMode::Diff
                } else if args.fix {
                    FixMode::Write
                } else {
                    FixMode::Off
                },
                unsafe_fixes: args.unsafe_fixes,
                fingerprints: args.write_baseline.is_some()
                    || matches!(
                        args.format,
                        transaudit::report::Format::Sarif | transaudit::report::Format::Gitlab
                    ),
                baseline: args.baseline,
                timings: args.timings,
                statistics: args.statistics
                    && matches!(
                        args.format,
                        transaudit::report::Format::Text | transaudit::report::Format::Concise
                    ),
            };
            if args.fix && opts.paths.iter().any(|p| p.as_os_str() == "-") {
                eprintln!(
                    "error: --fix cannot write to standard input; use --diff to see the fixes"
                );
                return exit::ERROR;
            }
            if args.show_files {
                let (files, errors) = check::list_files(&opts);
                let mut out = std::io::stdout().lock();
                for f in files {
                    let _ = writeln!(out, "{f}");
                }
                for e in &errors {
                    eprint!("{}", e.render(false));
                }
                return if errors.is_empty() {
                    exit::CLEAN
                } else {
                    exit::ERROR
                };
            }
            let prepared = check::prepare(&opts);
            // The command exits after this run: the OS frees the rule pack.
            prepared.keep_rule_sets_until_exit();
            for w in &prepared.outcome().warnings {
                eprintln!("warning: {w}");
            }
            if let Some(file) = &args.write_baseline {
                let outcome = prepared.collect(&opts);
                return write_baseline(&outcome, file, color);
            }
            let stdout = std::io::stdout();
            let stderr = std::io::stderr();
            let style = transaudit::report::Style {
                color,
                quiet: args.quiet,
                statistics: args.statistics,
                fix: opts.fix,
            };
            let pieces = transaudit::report::PieceStyle::new(
                opts.format,
                color,
                opts.statistics,
                opts.fix,
                &prepared.outcome().rules,
            );
            // Each file's report is written as soon as it is linted: the
            // findings of a run are never all in memory.
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            let mut err = stderr.lock();
            let mut reporter = transaudit::report::Reporter::start(
                opts.format,
                style,
                prepared.outcome(),
                &mut out,
                &mut err,
            );
            let outcome = prepared.stream(&opts, &pieces, &mut |event| {
                match event {
                    check::Event::Piece(piece) => reporter.piece(std::mem::take(piece)),
                    check::Event::File(f) => reporter.file(f),
                }
                !reporter.failed()
            });
            let written = reporter.finish(&outcome);
            drop(err);
            drop(out);
            if let Err(e) = written
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                let _ = writeln!(std::io::stderr(), "error: cannot write the report: {e}");
                return exit::ERROR;
            }
            if args.timings {
                let _ = std::io::stderr()
                    .lock()
                    .write_all(transaudit::report::timings(&outcome).as_bytes());
            }
            if outcome.has_errors() {
                exit::ERROR
            } else if outcome.failing() > 0 && !args.exit_zero {
                exit::FINDINGS
            } else {
                exit::CLEAN
            }
        }
        Command::Rules(args) => report_command(commands::list_rules(
            args.lang.as_deref(),
            args.messages,
            args.config.as_deref(),
            args.json,
        )),
        Command::Rule(args) => report_command(commands::explain_rule(
            &args.id,
            args.lang.as_deref(),
            args.messages,
            args.config.as_deref(),
        )),
        Command::Init(args) => report_command(commands::init(args.force)),
        Command::Lsp(_) => commands::lsp(),
        Command::Corpus(args) => corpus(args),
        Command::Server(args) => report_command(commands::server(&args).map(|()| String::new())),
    }
}

/// `--write-baseline FILE`: records the run's findings; refuses when an
/// input could not be checked (its findings would be missing).
fn write_baseline(outcome: &check::Outcome, file: &std::path::Path, color: bool) -> u8 {
    let mut err = std::io::stderr().lock();
    if outcome.has_errors() {
        let _ = transaudit::report::write_errors(outcome, color, &mut err);
        let _ = writeln!(
            err,
            "error: baseline {} not written: some inputs could not be checked",
            file.display()
        );
        return exit::ERROR;
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    match transaudit::baseline::write(outcome, file, &cwd) {
        Ok(n) => {
            let files = outcome
                .files
                .iter()
                .filter(|f| !f.diagnostics.is_empty())
                .count();
            let _ = writeln!(
                std::io::stdout().lock(),
                "wrote baseline {}: {n} finding{} in {files} file{}; `transaudit check --baseline {}` reports only new ones",
                file.display(),
                if n == 1 { "" } else { "s" },
                if files == 1 { "" } else { "s" },
                file.display()
            );
            exit::CLEAN
        }
        Err(e) => {
            let _ = err.write_all(e.render(color).as_bytes());
            exit::ERROR
        }
    }
}

/// `transaudit corpus`: exit 2 when a record or an input failed, else 0
/// whatever the verdicts (they are the output, not a gate).
fn corpus(args: transaudit::cli::CorpusArgs) -> u8 {
    let cwd = std::env::current_dir().ok();
    let lang = args.lang.clone();
    let opts = transaudit::corpus::linter::LinterOptions {
        lang: lang.as_deref(),
        config: args.config.as_deref(),
        discover_from: cwd.as_deref(),
        select: args.select,
        ignore: args.ignore,
        review_density: args.review_density,
        reject_density: args.reject_density,
        min_findings: args.min_findings,
        kind: args.markup.into(),
    };
    let linter = match transaudit::corpus::CorpusLinter::new(&opts) {
        Ok(l) => l,
        Err(errors) => return report_command(Err(errors)),
    };
    let run_opts = transaudit::corpus::CorpusOptions {
        paths: args.paths,
        text_field: args.text_field,
        id_field: args.id_field,
        progress: !args.no_progress && std::io::stderr().is_terminal(),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    // Unlocked: the progress bar's thread draws on stderr too; holding the
    // lock for the whole run would deadlock it.
    let result = transaudit::corpus::run(&run_opts, &linter, &mut out, &mut std::io::stderr());
    drop(out);
    if args.summary {
        let _ = std::io::stderr()
            .lock()
            .write_all(result.summary.render().as_bytes());
    }
    if result.failed() {
        exit::ERROR
    } else {
        exit::CLEAN
    }
}

fn report_command(result: Result<String, Vec<transaudit::error::Error>>) -> u8 {
    match result {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            exit::CLEAN
        }
        Err(errors) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut err = std::io::stderr().lock();
            for e in errors {
                let _ = err.write_all(e.render(color).as_bytes());
            }
            exit::ERROR
        }
    }
}
