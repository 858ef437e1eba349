//! One compiled rule profile per configuration file, as `check` keeps them:
//! a document's configuration is the nearest `.auditrc.toml` from its
//! folder up ([`crate::config::discover`]), else the defaults. Compiling a
//! profile costs milliseconds, so each one is built once and kept until the
//! configuration file is saved again.

use crate::check::{CheckOptions, Profile, build_profile};
use crate::config::{self, Config};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A profile, or why the configuration that should give it cannot be used
/// (rendered without colour, ready to show in the editor).
pub type ProfileResult = Result<Arc<Profile>, String>;

/// The profiles built so far, by configuration path (`None`: the defaults).
#[derive(Default)]
pub struct ProfileCache {
    profiles: HashMap<Option<PathBuf>, ProfileResult>,
}

impl ProfileCache {
    /// The configuration file that applies to a document in `dir` (or, for
    /// a document with no folder, in `fallback`, the workspace root).
    pub fn config_for(dir: Option<&Path>, fallback: Option<&Path>) -> Option<PathBuf> {
        dir.or(fallback).and_then(config::discover)
    }

    /// The profile of the configuration at `config_path` (`None`: the
    /// defaults), built on first use.
    pub fn get(&mut self, config_path: Option<PathBuf>) -> ProfileResult {
        self.profiles
            .entry(config_path.clone())
            .or_insert_with(|| build(config_path.as_deref()))
            .clone()
    }

    /// Forgets every profile (a configuration file changed: the next lint
    /// reads it again).
    pub fn clear(&mut self) {
        self.profiles.clear();
    }
}

fn build(config_path: Option<&Path>) -> ProfileResult {
    let render = |errors: Vec<crate::error::Error>| {
        errors
            .iter()
            .map(|e| e.render(false).trim_end().to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let config = match config_path {
        Some(p) => Some(Config::load(p).map_err(|e| render(vec![e]))?),
        None => None,
    };
    build_profile(config, &CheckOptions::default())
        .map(Arc::new)
        .map_err(render)
}
