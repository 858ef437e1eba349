//! `transaudit lsp`: a language server over standard input and output, so
//! that VS Code, Neovim, Helix, Zed and any LSP client show transaudit's
//! findings as the editor writes, offer its fixes as code actions and
//! explain its rules on hover, with no plugin of its own.
//!
//! One module per concern: [`transport`] reads and writes JSON-RPC frames,
//! [`server`] runs the protocol, [`documents`] keeps the open texts,
//! [`position`] converts the linter's byte offsets to the client's
//! positions, [`profiles`] finds and caches each document's configuration,
//! [`convert`] turns findings into diagnostics, code actions and hovers,
//! and [`language`] picks the language they are written in.

pub mod convert;
pub mod documents;
pub mod language;
pub mod position;
pub mod profiles;
pub mod server;
pub mod transport;

pub use server::{ClientSettings, Ending, serve};

/// Runs the server on standard input and output until the client exits:
/// `true` when it ended as the protocol asks (`shutdown`, then `exit`).
pub fn run_stdio() -> bool {
    let (connection, writer) = transport::stdio();
    let ending = serve(&connection);
    drop(connection);
    let _ = writer.join();
    ending == Ending::Clean
}
