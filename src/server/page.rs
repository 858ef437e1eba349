//! The web page served at `GET /`: one self-contained HTML file (style and
//! script inline, no CDN, no build step), compiled into the binary so the
//! server needs no files beside it.

/// The page (`src/server/page.html`).
pub const PAGE: &str = include_str!("page.html");

/// Its Content-Security-Policy: nothing loads from anywhere, scripts and
/// styles are the page's own inline ones, and it talks only to this server.
pub const CSP: &str = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
    connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
