//! The HTTP routes and the limits a public service needs: a bounded body,
//! a deadline per request (body included, so a slow client cannot hold a
//! worker), and a bounded pool of linting threads with a bounded queue.
//!
//! Errors answer with LanguageTool's status codes and a plain-text reason:
//! 400 malformed request, 413 text too long, 408 body too slow, 503 busy or
//! out of time, 500 if linting failed (it is caught, never a crash).

use super::decode::{self, CheckRequest, DecodeError, Limits};
use super::{languagetool, lint, native, page};
use crate::check::Profile;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::{Instant, timeout_at};

/// What every request shares: the compiled profiles and the limits.
pub struct AppState {
    /// One profile per rule-pack language, compiled at start-up.
    pub profiles: Vec<(String, Arc<Profile>)>,
    /// Text size limit.
    pub limits: Limits,
    /// Largest request body read (form encoding can triple a text).
    pub max_body_bytes: usize,
    /// Deadline of a request, from its first byte of body to its answer.
    pub timeout: Duration,
    /// Permits to lint: the size of the linting pool.
    pub pool: Arc<Semaphore>,
    /// Requests waiting for a permit.
    pub waiting: AtomicUsize,
    /// Most requests allowed to wait; more are refused with 503.
    pub max_waiting: usize,
}

impl AppState {
    /// The rule-pack codes served.
    pub fn packs(&self) -> Vec<String> {
        self.profiles.iter().map(|(l, _)| l.clone()).collect()
    }

    fn profile(&self, pack: &str) -> Option<Arc<Profile>> {
        self.profiles
            .iter()
            .find(|(l, _)| l == pack)
            .map(|(_, p)| Arc::clone(p))
    }
}

/// The router: LanguageTool's `/v2` API, the page and its endpoint.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/v2/check", post(v2_check).get(v2_check))
        .route("/v2/languages", get(v2_languages))
        .route("/api/check", post(api_check))
        .fallback(not_found)
        .with_state(state)
}

/// A plain-text error answer.
fn error(status: StatusCode, reason: impl Into<String>) -> Response {
    let mut r = (status, format!("Error: {}\n", reason.into())).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn json<T: serde::Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(e) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot encode the answer: {e}"),
        ),
    }
}

fn decode_error(e: DecodeError) -> Response {
    match e {
        DecodeError::BadRequest(r) => error(StatusCode::BAD_REQUEST, r),
        DecodeError::TooLarge(r) => error(StatusCode::PAYLOAD_TOO_LARGE, r),
    }
}

async fn index() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, page::CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        page::PAGE,
    )
        .into_response()
}

async fn not_found(req: Request) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!(
            "no endpoint {}; transaudit serves GET / (the page), POST /v2/check, GET /v2/languages and POST /api/check",
            req.uri().path()
        ),
    )
}

async fn v2_languages(State(st): State<Arc<AppState>>) -> Response {
    json(&languagetool::languages(&st.packs()))
}

/// The request's content type, query string and body, read before the
/// deadline and within the size limit.
async fn read(
    st: &AppState,
    req: Request,
    deadline: Instant,
) -> Result<(Option<String>, Option<String>, Bytes), Response> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let query = req.uri().query().map(str::to_owned);
    let too_large = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the request body is larger than the {} bytes this server reads; check a shorter text",
                st.max_body_bytes
            ),
        )
    };
    // A body announced over the limit is refused before it is read.
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > st.max_body_bytes as u64) {
        return Err(too_large());
    }
    let body: Body = req.into_body();
    match timeout_at(deadline, axum::body::to_bytes(body, st.max_body_bytes)).await {
        Err(_) => Err(error(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the request body did not arrive within {} s",
                st.timeout.as_secs()
            ),
        )),
        Ok(Err(_)) => Err(too_large()),
        Ok(Ok(bytes)) => Ok((content_type, query, bytes)),
    }
}

async fn v2_check(State(st): State<Arc<AppState>>, req: Request) -> Response {
    let deadline = Instant::now() + st.timeout;
    let (content_type, query, body) = match read(&st, req, deadline).await {
        Ok(parts) => parts,
        Err(r) => return r,
    };
    let request =
        match decode::decode_check(content_type.as_deref(), query.as_deref(), &body, st.limits) {
            Ok(r) => r,
            Err(e) => return decode_error(e),
        };
    let Some(profile) = profile_for(&st, &request) else {
        return error(
            StatusCode::BAD_REQUEST,
            format!(
                "'{}' is not a language code this server knows; supported: {}, and auto",
                request.language.chars().take(20).collect::<String>(),
                st.packs().join(", ")
            ),
        );
    };
    run(&st, deadline, move || {
        let linted = lint::lint(&request, &profile);
        json(&languagetool::response(&request, &linted, &profile))
    })
    .await
}

async fn api_check(State(st): State<Arc<AppState>>, req: Request) -> Response {
    let deadline = Instant::now() + st.timeout;
    let (_, _, body) = match read(&st, req, deadline).await {
        Ok(parts) => parts,
        Err(r) => return r,
    };
    let request = match decode::decode_native(&body, st.limits) {
        Ok(r) => r,
        Err(e) => return decode_error(e),
    };
    let Some(profile) = profile_for(&st, &request) else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "no French rule pack loaded",
        );
    };
    run(&st, deadline, move || {
        let linted = lint::lint(&request, &profile);
        json(&native::response(&request, linted, &profile))
    })
    .await
}

fn profile_for(st: &AppState, req: &CheckRequest) -> Option<Arc<Profile>> {
    let packs = st.packs();
    let pack = languagetool::pack_for(&req.language, &packs)?;
    st.profile(pack)
}

/// Runs `work` on the blocking pool once a permit is free, before the
/// deadline. The permit goes with the work, so a check that outlives its
/// deadline still counts against the pool until it ends.
async fn run<F>(st: &AppState, deadline: Instant, work: F) -> Response
where
    F: FnOnce() -> Response + Send + 'static,
{
    let busy = || {
        error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy (too many requests waiting); try again in a moment",
        )
    };
    if st.waiting.fetch_add(1, Ordering::SeqCst) >= st.max_waiting {
        st.waiting.fetch_sub(1, Ordering::SeqCst);
        return busy();
    }
    let permit = timeout_at(deadline, Arc::clone(&st.pool).acquire_owned()).await;
    st.waiting.fetch_sub(1, Ordering::SeqCst);
    let permit = match permit {
        Ok(Ok(p)) => p,
        Ok(Err(_)) | Err(_) => return busy(),
    };
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    });
    match timeout_at(deadline, task).await {
        Ok(Ok(response)) => response,
        Ok(Err(_)) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "checking this text failed inside transaudit; please report it with the text",
        ),
        Err(_) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "checking took longer than the allowed {} ms",
                st.timeout.as_millis()
            ),
        ),
    }
}
