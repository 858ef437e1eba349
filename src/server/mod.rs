//! `transaudit server`: LanguageTool's HTTP API (`/v2/check`,
//! `/v2/languages`) and a web page (`/`) for editors, so the linter reaches
//! them through clients they already have (LanguageTool's browser
//! extensions and office add-ins, LTeX, `language_tool_python`) or a
//! browser alone.
//!
//! One module per concern: [`decode`] (requests, a pure function the fuzz
//! target runs), [`lint`] (the shared profile on one text),
//! [`languagetool`] and [`native`] (the two answer formats), [`offsets`]
//! (UTF-16), [`messages`] (English or French), [`handlers`] (routes and
//! limits), [`page`] (the HTML page). This file starts the runtime and
//! accepts connections.

pub mod decode;
pub mod handlers;
pub mod languagetool;
pub mod lint;
pub mod messages;
pub mod native;
pub mod offsets;
pub mod page;

use crate::check::{CheckOptions, build_profile};
use crate::config;
use crate::error::Error;
use crate::rules::builtin;
use handlers::AppState;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;
use tokio::sync::Semaphore;

/// How the server is started (`transaudit server --help`).
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Address to bind (loopback by default: expose it through a reverse
    /// proxy, see README).
    pub host: String,
    /// Port (0: any free port, printed at start).
    pub port: u16,
    /// Config file; else `.auditrc.toml` discovered from the current
    /// directory; else the defaults.
    pub config: Option<PathBuf>,
    /// Largest text accepted, in bytes.
    pub max_text_bytes: usize,
    /// Deadline of one request.
    pub timeout: Duration,
    /// Texts linted at once (the pool's size).
    pub workers: usize,
    /// Requests allowed to wait for the pool.
    pub max_waiting: usize,
    /// Connections served at once; more wait in the kernel's backlog.
    pub max_connections: usize,
}

/// How long a client may take to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds the state every request shares: one profile per rule pack,
/// compiled once.
pub fn state(opts: &ServerOptions) -> Result<Arc<AppState>, Vec<Error>> {
    let config = config::load_or_discover(opts.config.as_deref()).map_err(|e| vec![e])?;
    let mut profiles = Vec::new();
    for lang in builtin::languages() {
        let check = CheckOptions {
            lang: Some(lang.to_owned()),
            ..CheckOptions::default()
        };
        let profile = build_profile(config.clone(), &check)?;
        profiles.push((lang.to_owned(), Arc::new(profile)));
    }
    let max_text_bytes = opts.max_text_bytes.max(1);
    Ok(Arc::new(AppState {
        profiles,
        limits: decode::Limits { max_text_bytes },
        // Percent-encoding writes a byte as up to 3, plus the other fields.
        max_body_bytes: max_text_bytes.saturating_mul(3).saturating_add(64 << 10),
        timeout: opts.timeout,
        pool: Arc::new(Semaphore::new(opts.workers.max(1))),
        waiting: AtomicUsize::new(0),
        max_waiting: opts.max_waiting,
    }))
}

/// Runs the server until Ctrl-C (or SIGTERM).
pub fn run(opts: &ServerOptions) -> Result<(), Vec<Error>> {
    let state = state(opts)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(opts.workers.max(1) + 2)
        .build()
        .map_err(|e| vec![Error::Usage(format!("cannot start the async runtime: {e}"))])?;
    runtime.block_on(serve(state, opts))
}

async fn serve(state: Arc<AppState>, opts: &ServerOptions) -> Result<(), Vec<Error>> {
    let addr = format!("{}:{}", opts.host, opts.port);
    let listener = tokio::net::TcpListener::bind(&addr).await.map_err(|e| {
        vec![Error::Usage(format!(
            "cannot listen on {addr}: {e}; choose another --port or --host"
        ))]
    })?;
    let local: SocketAddr = listener
        .local_addr()
        .map_err(|e| vec![Error::Usage(format!("cannot read the bound address: {e}"))])?;
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "transaudit server listening on http://{local}/ (LanguageTool API at http://{local}/v2/, {} workers, texts up to {} bytes); Ctrl-C stops it",
            opts.workers, state.limits.max_text_bytes
        );
        let _ = out.flush();
    }
    let app = handlers::router(state);
    let connections = Arc::new(Semaphore::new(opts.max_connections.max(1)));
    let stop = shutdown_signal();
    tokio::pin!(stop);
    loop {
        let Ok(permit) = Arc::clone(&connections).acquire_owned().await else {
            break;
        };
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait, then go on.
                eprintln!("warning: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            let _ = conn.await;
        });
    }
    Ok(())
}

/// Ctrl-C, or SIGTERM on Unix (what `systemctl stop` and `docker stop`
/// send).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = ctrl_c => {},
            () = term => {},
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}
