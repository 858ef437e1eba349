//! The `.auditrc.toml` parser on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use transaudit::config::Config;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(Path::new("fuzz/.auditrc.toml"), text) {
        Ok(config) => {
            for sel in config.select.iter().chain(&config.ignore) {
                // Late validation errors point into the text.
                let e = config.error_at(sel.span.clone(), "x".into());
                let _ = e.render(false);
            }
        }
        Err(e) => {
            let _ = e.line();
            let _ = e.render(false);
        }
    }
});
