//! `transaudit rules` and `transaudit rule ID`: the rule documentation, read
//! from the same rule files the linter runs (ruff's `ruff rule CODE`).

use crate::check::{CheckOptions, Profile, build_profile};
use crate::config;
use crate::error::Error;
use crate::messages::MessageLang;
use crate::rules::Rule;
use crate::rules::examples;
use std::fmt::Write;
use std::path::Path;

fn profile(
    lang: Option<&str>,
    messages: Option<MessageLang>,
    config_path: Option<&Path>,
) -> Result<Profile, Vec<Error>> {
    let config = config::load_or_discover(config_path).map_err(|e| vec![e])?;
    let opts = CheckOptions {
        lang: lang.map(str::to_owned),
        messages,
        ..CheckOptions::default()
    };
    build_profile(config, &opts)
}

/// The table printed by `transaudit rules` (or JSON with `json`).
pub fn list_rules(
    lang: Option<&str>,
    messages: Option<MessageLang>,
    config_path: Option<&Path>,
    json: bool,
) -> Result<String, Vec<Error>> {
    let p = profile(lang, messages, config_path)?;
    let rules = p.rules.rules();
    if json {
        let items: Vec<serde_json::Value> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "category": r.category, "severity": r.severity, "kind": r.kind,
                    "enabled": r.enabled, "message": r.message_in(p.messages), "origin": format!("{}:{}", r.origin.path, r.origin.line),
                })
            })
            .collect();
        return Ok(serde_json::to_string_pretty(&items).unwrap_or_default() + "\n");
    }
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rules {
        let off = if r.enabled { "" } else { " (off)" };
        let _ = writeln!(
            out,
            "{:width$}  {:14}  {:7}  {}{off}",
            r.id,
            r.category.as_str(),
            r.severity.as_str(),
            one_line(r, p.messages)
        );
    }
    match p.messages {
        MessageLang::En => writeln!(
            out,
            "{} rules ({} language pack); `transaudit rule ID` explains one",
            rules.len(),
            p.lang
        ),
        MessageLang::Fr => writeln!(
            out,
            "{} règles (jeu de règles `{}`) ; `transaudit rule ID` en explique une",
            rules.len(),
            p.lang
        ),
    }
    .ok();
    Ok(out)
}

fn one_line(r: &Rule, lang: MessageLang) -> String {
    let m = r
        .message_in(lang)
        .replace("« {match} »", "…")
        .replace("“{match}”", "…")
        .replace("{match}", "…")
        .replace("{fix}", "…");
    m.trim_end_matches([':', ' ']).to_owned()
}

/// The page printed by `transaudit rule ID`.
pub fn explain_rule(
    id: &str,
    lang: Option<&str>,
    messages: Option<MessageLang>,
    config_path: Option<&Path>,
) -> Result<String, Vec<Error>> {
    let mut p = profile(lang, messages, config_path)?;
    let Some((index, rule)) = p.rules.find(id) else {
        let near: Vec<&str> = p
            .rules
            .rules()
            .iter()
            .map(|r| r.id.as_str())
            .filter(|r| r.starts_with(id.split('/').next().unwrap_or(id)))
            .take(10)
            .collect();
        let hint = if near.is_empty() {
            String::new()
        } else {
            format!("; did you mean one of: {}", near.join(", "))
        };
        return Err(vec![Error::Usage(format!(
            "no rule `{id}`{hint} (`transaudit rules` lists them)"
        ))]);
    };
    let lang = p.messages;
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", rule.id);
    let _ = writeln!(
        out,
        "{} {}    {} {}    {} {}",
        lang.pick("category:", "catégorie :"),
        rule.category,
        lang.pick("severity:", "gravité :"),
        rule.severity,
        lang.pick("kind:", "type :"),
        rule.kind
    );
    let _ = writeln!(
        out,
        "{} {}:{}\n",
        lang.pick("defined in:", "défini dans :"),
        rule.origin.path,
        rule.origin.line
    );
    let _ = writeln!(out, "{}\n", rule.explanation_in(p.messages));
    let policy = &rule.examples.policy;
    if *policy != crate::config::Policy::default() {
        let _ = writeln!(
            out,
            "Examples run with this [policy]: {}\n",
            format!(
                "disclosure = \"{:?}\", byline = \"{:?}\", source = \"{:?}\"",
                policy.disclosure, policy.byline, policy.source
            )
            .to_lowercase()
        );
    }
    let _ = writeln!(out, "{}", lang.pick("Reports:", "Signale :"));
    for ex in &rule.examples.fire {
        let fix = ex
            .fix
            .as_ref()
            .map(|f| format!("  → “{f}”"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  ✗ {}\n      {}{}{}{fix}",
            ex.text.trim_end(),
            lang.pick("finds “", "trouve « "),
            ex.matched,
            lang.pick("”", " »")
        );
    }
    let _ = writeln!(
        out,
        "{}",
        lang.pick("Stays quiet on:", "Ne signale rien sur :")
    );
    for q in &rule.examples.quiet {
        let _ = writeln!(out, "  ✓ {}", q.trim_end());
    }
    // This profile's rule set is its own (built without a shared cache).
    let failures = match std::sync::Arc::get_mut(&mut p.rules) {
        Some(set) => examples::check_rule(set, index),
        None => Vec::new(),
    };
    if failures.is_empty() {
        let n = rule_examples(&p, index);
        match lang {
            MessageLang::En => {
                let _ = writeln!(out, "\nAll {n} examples pass.");
            }
            MessageLang::Fr => {
                let _ = writeln!(out, "\nLes {n} exemples passent.");
            }
        }
    } else {
        let _ = writeln!(out, "\nExamples that FAIL:");
        for f in failures {
            let _ = writeln!(out, "  {}", f.problem);
        }
    }
    Ok(out)
}

fn rule_examples(p: &Profile, index: usize) -> usize {
    let r = &p.rules.rules()[index];
    r.examples.fire.len() + r.examples.quiet.len()
}

/// `transaudit init`: writes the commented example config into the current
/// directory, refusing to overwrite one unless `force` (atomically either way).
pub fn init(force: bool) -> Result<String, Vec<Error>> {
    let path = Path::new(config::FILE_NAME);
    let io = |error: std::io::Error| {
        vec![Error::Io {
            path: config::FILE_NAME.to_owned(),
            error,
        }]
    };
    if path.exists() && !force {
        return Err(vec![Error::Usage(format!(
            "{} already exists; `transaudit init --force` overwrites it",
            config::FILE_NAME
        ))]);
    }
    if let Ok(m) = std::fs::symlink_metadata(path)
        && !m.file_type().is_file()
    {
        return Err(vec![Error::Usage(format!(
            "{} exists and is not a regular file; not overwritten",
            config::FILE_NAME
        ))]);
    }
    crate::fix::write_new(path, config::EXAMPLE.as_bytes()).map_err(io)?;
    Ok(format!(
        "wrote {}: every key is commented; see README.md §Configuration\n",
        config::FILE_NAME
    ))
}

/// `transaudit lsp`: serves the Language Server Protocol on standard input
/// and output until the client exits. The exit code is the protocol's: 0
/// after `shutdown` then `exit`, 1 otherwise.
pub fn lsp() -> u8 {
    if crate::lsp::run_stdio() { 0 } else { 1 }
}

/// `transaudit server`: serves until Ctrl-C or SIGTERM; an error (config,
/// rule files, a port in use) before serving.
pub fn server(args: &crate::cli::ServerArgs) -> Result<(), Vec<Error>> {
    let workers = args.workers.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
    });
    crate::server::run(&crate::server::ServerOptions {
        host: args.host.clone(),
        port: args.port,
        config: args.config.clone(),
        max_text_bytes: args.max_text_bytes,
        timeout: std::time::Duration::from_secs(args.timeout.max(1)),
        workers,
        max_waiting: args.max_waiting,
        max_connections: args.max_connections,
    })
}
