//! The corpus run: a reader thread decompresses and splits each input into
//! chunks ([`super::reader`]); the main thread lints each chunk's records
//! in parallel (rayon) and writes their objects in input order. At most
//! two chunks wait in memory at a time (one in the channel, one being
//! read) besides the one being linted, so memory stays flat on any shard.

use super::linter::CorpusLinter;
use super::reader::{self, Chunk, ChunkReader, Line, MAX_RECORD_BYTES};
use super::summary::Summary;
use super::writer;
use rayon::prelude::*;
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

/// What `transaudit corpus` was asked (after clap).
#[derive(Debug, Clone)]
pub struct CorpusOptions {
    /// JSON Lines files (plain, `.gz`, `.zst`); `-` is standard input.
    pub paths: Vec<PathBuf>,
    /// The field holding the text to lint.
    pub text_field: String,
    /// The field copied to `id` in the output (`null` when absent).
    pub id_field: String,
    /// Show a progress bar (the caller checks that stderr is a terminal).
    pub progress: bool,
}

/// How a run went.
#[derive(Debug, Default)]
pub struct RunResult {
    /// Totals (for `--summary`).
    pub summary: Summary,
    /// Inputs that could not be opened or read to their end.
    pub io_errors: usize,
    /// Standard output was closed early (a `head` downstream): stopped.
    pub broken_pipe: bool,
    /// The output could not be written (disk full…): stopped.
    pub write_failed: bool,
}

impl RunResult {
    /// Something failed: exit 2.
    pub fn failed(&self) -> bool {
        self.summary.errors > 0 || self.io_errors > 0 || self.write_failed
    }
}

/// One record's output line, and its stderr message when it failed.
struct Done {
    object: String,
    error: Option<String>,
    result: Option<super::RecordResult>,
}

/// Lints one line into its output object.
fn process(line: &Line, linter: &CorpusLinter, opts: &CorpusOptions) -> Done {
    let failed = |id: &Value, message: String| Done {
        object: writer::error(id, line.number, &message),
        error: Some(message),
        result: None,
    };
    if line.too_long {
        return failed(
            &Value::Null,
            format!(
                "the record is over {} MiB; split the text",
                MAX_RECORD_BYTES >> 20
            ),
        );
    }
    let mut object = match serde_json::from_slice::<Value>(&line.bytes) {
        Ok(Value::Object(o)) => o,
        Ok(_) => return failed(&Value::Null, "the line is JSON but not an object".into()),
        Err(e) => return failed(&Value::Null, format!("invalid JSON: {e}")),
    };
    let id = object.remove(&opts.id_field).unwrap_or(Value::Null);
    let text = match object.remove(&opts.text_field) {
        Some(Value::String(s)) => s,
        Some(other) => {
            let kind = match other {
                Value::Null => "null",
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::Array(_) => "an array",
                Value::Object(_) => "an object",
                Value::String(_) => "a string",
            };
            return failed(
                &id,
                format!("the `{}` field is {kind}, not a string", opts.text_field),
            );
        }
        None => {
            return failed(
                &id,
                format!(
                    "no `{}` field; name the text field with --text-field",
                    opts.text_field
                ),
            );
        }
    };
    drop(object);
    match linter.assess(text) {
        Ok(result) => Done {
            object: writer::record(&id, line.number, &result),
            error: None,
            result: Some(result),
        },
        Err(e) => failed(
            &id,
            match e {
                crate::document::InputError::Binary => {
                    "the text holds NUL characters: not an article".to_owned()
                }
                other => other.to_string(),
            },
        ),
    }
}

/// Runs the corpus command, writing objects to `out` and messages to
/// `err`.
pub fn run(
    opts: &CorpusOptions,
    linter: &CorpusLinter,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> RunResult {
    let mut result = RunResult::default();
    if rayon::current_num_threads() > 1 {
        linter.prepare();
    }
    let progress = opts.progress.then(Progress::new);
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        opts.paths.clone()
    };
    for path in &paths {
        let shown = if path.as_os_str() == "-" {
            "<stdin>".to_owned()
        } else {
            path.display().to_string()
        };
        let source = match reader::open(path) {
            Ok(s) => s,
            Err(e) => {
                result.io_errors += 1;
                say(&progress, err, &format!("error: {shown}: {e}"));
                continue;
            }
        };
        let mut chunks = ChunkReader::new(source);
        let (tx, rx) = mpsc::sync_channel::<std::io::Result<Chunk>>(1);
        let read_error = std::thread::scope(|scope| {
            let reader = scope.spawn(move || {
                loop {
                    match chunks.next_chunk() {
                        Ok(Some(c)) => {
                            if tx.send(Ok(c)).is_err() {
                                return None;
                            }
                        }
                        Ok(None) => return None,
                        Err(e) => {
                            let line = chunks.line();
                            let _ = tx.send(Err(e));
                            return Some(line);
                        }
                    }
                }
            });
            let mut failure = None;
            for message in rx.iter() {
                let chunk = match message {
                    Ok(c) => c,
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                };
                let done: Vec<Done> = chunk
                    .lines
                    .par_iter()
                    .map(|l| process(l, linter, opts))
                    .collect();
                let mut buf = Vec::with_capacity(done.iter().map(|d| d.object.len() + 1).sum());
                for (d, line) in done.iter().zip(&chunk.lines) {
                    buf.extend_from_slice(d.object.as_bytes());
                    buf.push(b'\n');
                    match (&d.result, &d.error) {
                        (Some(r), _) => result.summary.add(r),
                        (None, Some(m)) => {
                            result.summary.add_error();
                            say(
                                &progress,
                                err,
                                &format!("error: {shown}:{}: {m}", line.number),
                            );
                        }
                        (None, None) => {}
                    }
                }
                result.summary.bytes += chunk.bytes;
                if let Err(e) = out.write_all(&buf) {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        result.broken_pipe = true;
                    } else {
                        result.write_failed = true;
                        say(
                            &progress,
                            err,
                            &format!("error: cannot write the output: {e}"),
                        );
                    }
                    break;
                }
                if let Some(p) = &progress {
                    p.update(&result.summary);
                }
            }
            // Dropping the receiver stops a reader still sending.
            drop(rx);
            let line = reader.join().ok().flatten();
            failure.map(|e| (e, line))
        });
        if let Some((e, line)) = read_error {
            result.io_errors += 1;
            let at = line.map(|l| format!(" near line {l}")).unwrap_or_default();
            say(
                &progress,
                err,
                &format!("error: {shown}: cannot read{at}: {e}; the records before were written"),
            );
        }
        if result.broken_pipe || result.write_failed {
            break;
        }
    }
    if let Err(e) = out.flush()
        && e.kind() != std::io::ErrorKind::BrokenPipe
        && !result.write_failed
    {
        result.write_failed = true;
        say(
            &progress,
            err,
            &format!("error: cannot write the output: {e}"),
        );
    }
    if let Some(p) = progress {
        p.finish(&result.summary);
    }
    result
}

/// Writes a message on stderr, above the progress bar when there is one.
fn say(progress: &Option<Progress>, err: &mut dyn Write, message: &str) {
    match progress {
        Some(p) => p.bar.suspend(|| {
            let _ = writeln!(err, "{message}");
        }),
        None => {
            let _ = writeln!(err, "{message}");
        }
    }
}

/// The progress line on a terminal: records, records/s, MB/s.
struct Progress {
    bar: indicatif::ProgressBar,
    start: Instant,
}

impl Progress {
    fn new() -> Progress {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
        bar.enable_steady_tick(std::time::Duration::from_millis(250));
        Progress {
            bar,
            start: Instant::now(),
        }
    }

    fn message(&self, s: &Summary) -> String {
        let secs = self.start.elapsed().as_secs_f64().max(1e-6);
        format!(
            "{} records ({} errors), {:.0} records/s, {:.1} MB/s",
            s.records,
            s.errors,
            s.records as f64 / secs,
            s.bytes as f64 / 1e6 / secs
        )
    }

    fn update(&self, s: &Summary) {
        self.bar.set_message(self.message(s));
    }

    fn finish(self, s: &Summary) {
        self.bar.finish_with_message(self.message(s));
    }
}
