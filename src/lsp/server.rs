//! The server loop: the protocol's life cycle (`initialize`, `shutdown`,
//! `exit`), the open documents, and the requests. Synchronous and
//! single-threaded: linting an article takes milliseconds. Changes queued
//! while the server is busy are coalesced: documents are linted when the
//! queue is empty, or before a request needs their findings.
//!
//! Bad input never stops the server: a request it cannot read gets an
//! error response, a notification it cannot read a line on stderr.

use super::convert;
use super::documents::{OpenDocument, file_path};
use super::language::Lang;
use super::position::Encoding;
use super::profiles::ProfileCache;
use crate::check::{Profile, lint_document_in};
use crate::config;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crossbeam_channel::TryRecvError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{Position, Range};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `exit` after `shutdown`, as the protocol asks (exit code 0).
    Clean,
    /// `exit` without `shutdown`, or the client went away (exit code 1).
    Abrupt,
}

/// Serves one client on `connection` until it exits or disconnects.
pub fn serve(connection: &Connection) -> Ending {
    let Some(mut server) = initialize(connection) else {
        return Ending::Abrupt;
    };
    let mut shutting_down = false;
    loop {
        let message = match connection.receiver.try_recv() {
            Ok(m) => m,
            Err(TryRecvError::Empty) => {
                server.lint_dirty();
                match connection.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return Ending::Abrupt,
                }
            }
            Err(TryRecvError::Disconnected) => return Ending::Abrupt,
        };
        match message {
            Message::Request(req) if req.method == "shutdown" => {
                shutting_down = true;
                server.respond(Response::new_ok(req.id, Value::Null));
            }
            Message::Request(req) if shutting_down => server.respond(Response::new_err(
                req.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_owned(),
            )),
            Message::Request(req) => server.request(req),
            Message::Notification(n) if n.method == "exit" => {
                return if shutting_down {
                    Ending::Clean
                } else {
                    Ending::Abrupt
                };
            }
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {} // the server sends no requests
        }
    }
}

/// What the client said about itself in `initialize`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ClientSettings {
    /// The negotiated position encoding.
    pub encoding: Encoding,
    /// Whether the client offered it through clangd's `offsetEncoding`
    /// extension (older Neovim) rather than `general.positionEncodings`,
    /// so the answer must name it there too.
    pub legacy_offset_encoding: bool,
    /// The language of messages.
    pub lang: Lang,
    /// The workspace root (config discovery for documents with no file).
    pub root: Option<PathBuf>,
}

impl ClientSettings {
    /// Reads the `initialize` params leniently: a field of an unexpected
    /// shape is ignored, not an error.
    pub fn from_params(params: &Value) -> ClientSettings {
        let strings = |v: Option<&Value>| -> Option<Vec<String>> {
            v?.as_array().map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
        };
        let caps = params.get("capabilities");
        let general = strings(
            caps.and_then(|c| c.get("general"))
                .and_then(|g| g.get("positionEncodings")),
        );
        let legacy = strings(caps.and_then(|c| c.get("offsetEncoding")));
        let (encoding, legacy_offset_encoding) = match (&general, &legacy) {
            (Some(g), _) => (Encoding::negotiate(g), false),
            (None, Some(l)) => (Encoding::negotiate(l), true),
            (None, None) => (Encoding::Utf16, false),
        };
        let option = params
            .get("initializationOptions")
            .and_then(|o| o.get("messages"))
            .and_then(Value::as_str);
        let locale = params.get("locale").and_then(Value::as_str);
        let root = params
            .get("workspaceFolders")
            .and_then(|f| f.get(0))
            .and_then(|f| f.get("uri"))
            .or_else(|| params.get("rootUri"))
            .and_then(Value::as_str)
            .and_then(file_path)
            .or_else(|| {
                params
                    .get("rootPath")
                    .and_then(Value::as_str)
                    .map(PathBuf::from)
            });
        ClientSettings {
            encoding,
            legacy_offset_encoding,
            lang: Lang::choose(option, locale),
            root,
        }
    }

    /// The `initialize` result: what the server can do.
    pub fn initialize_result(&self) -> Value {
        let mut result = json!({
            "capabilities": {
                "positionEncoding": self.encoding.as_str(),
                "textDocumentSync": {
                    "openClose": true,
                    "change": 1,
                    "save": { "includeText": false },
                },
                "codeActionProvider": {
                    "codeActionKinds": ["quickfix", convert::FIX_ALL_KIND],
                },
                "hoverProvider": true,
            },
            "serverInfo": { "name": "transaudit", "version": env!("CARGO_PKG_VERSION") },
        });
        if self.legacy_offset_encoding
            && let Some(obj) = result.as_object_mut()
        {
            obj.insert("offsetEncoding".to_owned(), json!(self.encoding.as_str()));
        }
        result
    }
}

/// Waits for `initialize` (answering anything else with the protocol's
/// "not initialized" error) and answers it.
fn initialize(connection: &Connection) -> Option<Server> {
    loop {
        match connection.receiver.recv().ok()? {
            Message::Request(req) if req.method == "initialize" => {
                let settings = ClientSettings::from_params(&req.params);
                let result = settings.initialize_result();
                eprintln!(
                    "transaudit lsp: positions in {}, messages in {:?}",
                    settings.encoding.as_str(),
                    settings.lang
                );
                let server = Server::new(connection.sender.clone(), settings);
                server.respond(Response::new_ok(req.id, result));
                return Some(server);
            }
            Message::Request(req) => {
                let _ = connection.sender.send(Message::Response(Response::new_err(
                    req.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "send `initialize` first".to_owned(),
                )));
            }
            Message::Notification(n) if n.method == "exit" => return None,
            _ => {}
        }
    }
}

/// An open document and its last findings.
struct Entry {
    doc: OpenDocument,
    /// The findings of the current text and the profile that found them;
    /// `None` until linted (or when the configuration is broken).
    linted: Option<(Vec<Diagnostic>, Arc<Profile>)>,
}

/// The server's state between messages.
struct Server {
    sender: crossbeam_channel::Sender<Message>,
    settings: ClientSettings,
    docs: HashMap<String, Entry>,
    profiles: ProfileCache,
    /// Documents changed since they were last linted.
    dirty: BTreeSet<String>,
}

/// `textDocument` in the params of most requests and notifications. The
/// URI is kept as a string, exactly as the client wrote it.
#[derive(Deserialize)]
struct DocId {
    uri: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OpenedDoc {
    uri: String,
    #[serde(default)]
    language_id: String,
    #[serde(default)]
    version: i32,
    text: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DidOpen {
    text_document: OpenedDoc,
}

#[derive(Deserialize)]
struct VersionedDoc {
    uri: String,
    #[serde(default)]
    version: i32,
}

#[derive(Deserialize)]
struct Change {
    range: Option<Range>,
    text: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DidChange {
    text_document: VersionedDoc,
    content_changes: Vec<Change>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DidSave {
    text_document: DocId,
    text: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DidClose {
    text_document: DocId,
}

#[derive(Deserialize)]
struct FileEvent {
    uri: String,
}

#[derive(Deserialize)]
struct DidChangeWatchedFiles {
    changes: Vec<FileEvent>,
}

#[derive(Deserialize, Default)]
struct CodeActionContext {
    only: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CodeActionParams {
    text_document: DocId,
    range: Range,
    #[serde(default)]
    context: CodeActionContext,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HoverParams {
    text_document: DocId,
    position: Position,
}

/// Parses a message's params, or says why not.
fn params<T: for<'de> Deserialize<'de>>(method: &str, value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| format!("bad params for {method}: {e}"))
}

impl Server {
    fn new(sender: crossbeam_channel::Sender<Message>, settings: ClientSettings) -> Server {
        Server {
            sender,
            settings,
            docs: HashMap::new(),
            profiles: ProfileCache::default(),
            dirty: BTreeSet::new(),
        }
    }

    fn send(&self, m: Message) {
        if self.sender.send(m).is_err() {
            eprintln!("transaudit lsp: the client is gone; message dropped");
        }
    }

    fn respond(&self, r: Response) {
        self.send(Message::Response(r));
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )));
    }

    fn request(&mut self, req: Request) {
        let Request { id, method, params } = req;
        let result = match method.as_str() {
            "textDocument/codeAction" => self.code_action(&method, params),
            "textDocument/hover" => self.hover(&method, params),
            _ => {
                return self.respond(Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("transaudit lsp does not handle `{method}`"),
                ));
            }
        };
        self.respond(match result {
            Ok(value) => Response::new_ok(id, value),
            Err(why) => {
                eprintln!("transaudit lsp: {why}");
                Response::new_err(id, ErrorCode::InvalidParams as i32, why)
            }
        });
    }

    fn notification(&mut self, n: Notification) {
        let Notification { method, params } = n;
        let outcome = match method.as_str() {
            "textDocument/didOpen" => self.did_open(&method, params),
            "textDocument/didChange" => self.did_change(&method, params),
            "textDocument/didSave" => self.did_save(&method, params),
            "textDocument/didClose" => self.did_close(&method, params),
            "workspace/didChangeWatchedFiles" => self.watched_files(&method, params),
            _ => Ok(()), // `initialized`, `$/cancelRequest`, `$/setTrace`…
        };
        if let Err(why) = outcome {
            eprintln!("transaudit lsp: {why}");
        }
    }

    fn did_open(&mut self, method: &str, p: Value) -> Result<(), String> {
        let DidOpen { text_document: d } = params(method, p)?;
        let doc = OpenDocument::new(
            d.uri.clone(),
            &d.language_id,
            d.text,
            d.version,
            self.settings.encoding,
        );
        self.docs.insert(d.uri.clone(), Entry { doc, linted: None });
        self.dirty.insert(d.uri);
        Ok(())
    }

    fn did_change(&mut self, method: &str, p: Value) -> Result<(), String> {
        let change: DidChange = params(method, p)?;
        let uri = change.text_document.uri;
        let encoding = self.settings.encoding;
        let entry = self
            .docs
            .get_mut(&uri)
            .ok_or_else(|| format!("{method} for a document that is not open: {uri}"))?;
        for c in change.content_changes {
            entry.doc.apply_change(c.range, &c.text, encoding);
        }
        entry.doc.version = change.text_document.version;
        entry.linted = None;
        self.dirty.insert(uri);
        Ok(())
    }

    fn did_save(&mut self, method: &str, p: Value) -> Result<(), String> {
        let save: DidSave = params(method, p)?;
        let uri = save.text_document.uri;
        if is_config(&uri) {
            self.config_changed();
        }
        if let Some(entry) = self.docs.get_mut(&uri) {
            if let Some(text) = save.text {
                entry.doc.apply_change(None, &text, self.settings.encoding);
            }
            entry.linted = None;
            self.dirty.insert(uri);
        }
        Ok(())
    }

    fn did_close(&mut self, method: &str, p: Value) -> Result<(), String> {
        let close: DidClose = params(method, p)?;
        let uri = close.text_document.uri;
        self.dirty.remove(&uri);
        if self.docs.remove(&uri).is_some() {
            self.notify(
                "textDocument/publishDiagnostics",
                json!({ "uri": uri, "diagnostics": [] }),
            );
        }
        Ok(())
    }

    fn watched_files(&mut self, method: &str, p: Value) -> Result<(), String> {
        let events: DidChangeWatchedFiles = params(method, p)?;
        if events.changes.iter().any(|e| is_config(&e.uri)) {
            self.config_changed();
        }
        Ok(())
    }

    /// A configuration file changed: every profile is rebuilt on next use
    /// and every open document linted again.
    fn config_changed(&mut self) {
        self.profiles.clear();
        for (uri, entry) in &mut self.docs {
            entry.linted = None;
            self.dirty.insert(uri.clone());
        }
    }

    fn lint_dirty(&mut self) {
        while let Some(uri) = self.dirty.pop_first() {
            self.lint(&uri);
        }
    }

    /// Lints one document and publishes its diagnostics.
    fn lint(&mut self, uri: &str) {
        self.dirty.remove(uri);
        let Some(entry) = self.docs.get(uri) else {
            return;
        };
        let doc = &entry.doc;
        let dir = doc.path.as_ref().and_then(|p| p.parent());
        let config = ProfileCache::config_for(dir, self.settings.root.as_deref());
        let profile = self.profiles.get(config);
        let (diagnostics, linted) = match profile {
            Ok(profile) => {
                let findings = lint_text(doc, &profile, self.settings.lang);
                let lsp: Vec<lsp_types::Diagnostic> = findings
                    .iter()
                    .map(|d| convert::diagnostic(doc, d))
                    .collect();
                (lsp, Some((findings, profile)))
            }
            Err(reason) => (vec![convert::config_problem(&reason)], None),
        };
        let params = json!({
            "uri": doc.uri,
            "version": doc.version,
            "diagnostics": diagnostics,
        });
        if let Some(entry) = self.docs.get_mut(uri) {
            entry.linted = linted;
        }
        self.notify("textDocument/publishDiagnostics", params);
    }

    /// The open document at `uri`, linted, with its findings and profile.
    fn linted(&mut self, uri: &str) -> Result<(&Entry, &[Diagnostic], &Profile), String> {
        if self.docs.get(uri).is_some_and(|e| e.linted.is_none()) {
            self.lint(uri);
        }
        let entry = self
            .docs
            .get(uri)
            .ok_or_else(|| format!("no open document {uri}"))?;
        match &entry.linted {
            Some((findings, profile)) => Ok((entry, findings, profile)),
            None => Err(format!("{uri} could not be linted (see its diagnostics)")),
        }
    }

    fn code_action(&mut self, method: &str, p: Value) -> Result<Value, String> {
        let req: CodeActionParams = params(method, p)?;
        let lang = self.settings.lang;
        let Ok((entry, findings, _)) = self.linted(&req.text_document.uri) else {
            return Ok(json!([]));
        };
        let doc = &entry.doc;
        let start = doc.lines.offset(&doc.text, req.range.start);
        let end = doc.lines.offset(&doc.text, req.range.end).max(start);
        let actions = convert::code_actions(
            doc,
            findings,
            lang,
            &(start..end),
            req.context.only.as_deref(),
        );
        Ok(Value::Array(actions))
    }

    fn hover(&mut self, method: &str, p: Value) -> Result<Value, String> {
        let req: HoverParams = params(method, p)?;
        let lang = self.settings.lang;
        let Ok((entry, findings, profile)) = self.linted(&req.text_document.uri) else {
            return Ok(Value::Null);
        };
        let doc = &entry.doc;
        let offset = doc.lines.offset(&doc.text, req.position);
        Ok(convert::hover(doc, findings, profile, lang, offset).unwrap_or(Value::Null))
    }
}

/// Lints an open document's text as `check` lints a file of its kind. A
/// panic in a rule is caught and logged: the editor keeps its server.
fn lint_text(doc: &OpenDocument, profile: &Profile, lang: Lang) -> Vec<Diagnostic> {
    let path = doc
        .path
        .as_ref()
        .map_or_else(|| doc.uri.clone(), |p| p.display().to_string());
    let run = || {
        let document = Document::from_text_as(&doc.text, doc.kind);
        lint_document_in(&path, &document, profile, lang.into())
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(findings) => findings,
        Err(_) => {
            eprintln!(
                "transaudit lsp: linting {} failed (a bug: please report it)",
                doc.uri
            );
            Vec::new()
        }
    }
}

/// Is this URI a configuration file (`.auditrc.toml`)?
fn is_config(uri: &str) -> bool {
    file_path(uri).is_some_and(|p| p.file_name().is_some_and(|n| n == config::FILE_NAME))
}
