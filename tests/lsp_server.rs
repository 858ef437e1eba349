//! `transaudit lsp` driven in-process over an in-memory connection: the
//! life cycle, diagnostics on open/change/close, code actions whose edits
//! land right in UTF-16 (and UTF-8) with emoji and accents before the
//! finding, hover, messages in French, config discovery, and bad input.

use lsp_server::{Connection, Message, Notification, Request, RequestId, ResponseError};
use serde_json::{Value, json};
use std::time::Duration;
use transaudit::lsp::{Ending, serve};

/// A client talking to a server running on its own thread.
struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<Ending>>,
    next_id: i32,
    /// Notifications received while waiting for something else.
    notifications: Vec<Notification>,
}

impl Client {
    fn start() -> Client {
        let (client, server) = Connection::memory();
        let handle = std::thread::spawn(move || serve(&server));
        Client {
            conn: client,
            server: Some(handle),
            next_id: 0,
            notifications: Vec::new(),
        }
    }

    /// Starts a server and initializes it with these params.
    fn initialized(params: Value) -> (Client, Value) {
        let mut c = Client::start();
        let result = c
            .request("initialize", params)
            .result
            .expect("initialize result");
        c.notify("initialized", json!({}));
        (c, result)
    }

    fn send(&self, m: Message) {
        self.conn.sender.send(m).expect("server is listening");
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )));
    }

    fn request(&mut self, method: &str, params: Value) -> Reply {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Message::Request(Request::new(
            id.clone(),
            method.to_owned(),
            params,
        )));
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => {
                    return match r.response_result {
                        Ok(v) => Reply {
                            result: Some(v),
                            error: None,
                        },
                        Err(e) => Reply {
                            result: None,
                            error: Some(e),
                        },
                    };
                }
                Message::Notification(n) => self.notifications.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers within 30 s")
    }

    /// The next `publishDiagnostics` for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        if let Some(i) = self.notifications.iter().position(|n| is_publish(n, uri)) {
            return self.notifications.remove(i).params;
        }
        loop {
            match self.recv() {
                Message::Notification(n) if is_publish(&n, uri) => return n.params,
                Message::Notification(n) => self.notifications.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn shutdown(mut self) -> Ending {
        let r = self.request("shutdown", Value::Null);
        assert!(r.error.is_none());
        self.notify("exit", Value::Null);
        self.server
            .take()
            .expect("running")
            .join()
            .expect("no panic")
    }
}

/// A response, as the protocol has it: a result or an error.
struct Reply {
    result: Option<Value>,
    error: Option<ResponseError>,
}

fn is_publish(n: &Notification, uri: &str) -> bool {
    n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri
}

fn utf16() -> Value {
    json!({"capabilities": {}})
}

/// Applies LSP text edits (positions in `units`: 8 or 16) to `text`.
fn apply(text: &str, edits: &[Value], units: u8) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut n = 0;
        for (i, c) in text[start..].char_indices() {
            if n >= character {
                return start + i;
            }
            n += if units == 8 {
                c.len_utf8()
            } else {
                c.len_utf16()
            };
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (s, e, new) in spans {
        out.replace_range(s..e, &new);
    }
    out
}

const MD: &str = "# Le voyage 😀 du ministre\n\nLe 🚆 train de Lille,, Lens et Douaï est parti.\n\nLeave a Reply\n";
const URI: &str = "file:///nonexistent-transaudit-test/article.md";

#[test]
fn initialize_negotiates_utf16_by_default_and_utf8_when_offered() {
    let (c, result) = Client::initialized(utf16());
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(result["capabilities"]["hoverProvider"], true);
    assert_eq!(result["serverInfo"]["name"], "transaudit");
    assert_eq!(c.shutdown(), Ending::Clean);

    let (c, result) = Client::initialized(
        json!({"capabilities": {"general": {"positionEncodings": ["utf-16", "utf-8"]}}}),
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    assert!(result.get("offsetEncoding").is_none());
    assert_eq!(c.shutdown(), Ending::Clean);

    // clangd's extension, which older Neovim sends.
    let (c, result) = Client::initialized(json!({"capabilities": {"offsetEncoding": ["utf-32"]}}));
    assert_eq!(result["offsetEncoding"], "utf-32");
    assert_eq!(c.shutdown(), Ending::Clean);
}

#[test]
fn diagnostics_on_open_carry_rule_severity_source_and_utf16_range() {
    let (mut c, _) = Client::initialized(utf16());
    let p = c.open(URI, "markdown", MD);
    assert_eq!(p["version"], 1);
    let diags = p["diagnostics"].as_array().unwrap();
    let comma = diags
        .iter()
        .find(|d| d["code"] == "punctuation/doubled-comma")
        .expect("doubled comma reported");
    assert_eq!(comma["source"], "transaudit");
    assert_eq!(comma["severity"], 2);
    // "Le 🚆 train de Lille" is 20 UTF-16 units (the emoji counts 2).
    assert_eq!(comma["range"]["start"], json!({"line": 2, "character": 20}));
    assert_eq!(comma["range"]["end"], json!({"line": 2, "character": 22}));
    let chrome = diags
        .iter()
        .find(|d| d["code"] == "boilerplate/comment-form")
        .expect("comment form reported");
    assert_eq!(chrome["range"]["start"]["line"], 4);
    // The Markdown heading marker is not prose: nothing reported on `#`.
    assert!(
        diags
            .iter()
            .all(|d| d["range"]["start"] != json!({"line": 0, "character": 0}))
    );
    c.shutdown();
}

#[test]
fn code_action_edits_apply_to_the_right_text_in_utf16_and_utf8() {
    for (caps, units) in [
        (utf16(), 16),
        (
            json!({"capabilities": {"general": {"positionEncodings": ["utf-8"]}}}),
            8,
        ),
    ] {
        let (mut c, _) = Client::initialized(caps);
        let p = c.open(URI, "markdown", MD);
        let comma = p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "punctuation/doubled-comma")
            .cloned()
            .expect("doubled comma");
        let r = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": comma["range"],
                   "context": {"diagnostics": [comma]}}),
        );
        let actions = r.result.expect("actions");
        let fix = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["kind"] == "quickfix")
            .expect("a quick fix");
        assert_eq!(fix["isPreferred"], true, "the comma fix is safe");
        assert_eq!(fix["diagnostics"][0]["code"], "punctuation/doubled-comma");
        let edits = fix["edit"]["changes"][URI].as_array().unwrap();
        let fixed = apply(MD, edits, units);
        assert!(
            fixed.contains("Le 🚆 train de Lille, Lens et Douaï est parti."),
            "{fixed}"
        );
        c.shutdown();
    }
}

#[test]
fn unsafe_fixes_are_offered_but_not_preferred_and_fix_all_takes_safe_ones() {
    let (mut c, _) = Client::initialized(utf16());
    let text = "Il a parcouru 55 miles 😀 hier,, puis il est rentré .\n";
    let uri = "file:///nonexistent-transaudit-test/a.txt";
    let p = c.open(uri, "plaintext", text);
    let codes: Vec<&str> = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"unit/imperial"), "{codes:?}");
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}});
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}}),
    );
    let actions = r.result.unwrap();
    let actions = actions.as_array().unwrap();
    let miles = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "unit/imperial")
        .expect("unit fix offered");
    assert_eq!(miles["isPreferred"], false);
    let all = actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll.transaudit")
        .expect("fix-all action");
    let fixed = apply(text, all["edit"]["changes"][uri].as_array().unwrap(), 16);
    assert!(fixed.contains("hier, puis"), "{fixed}");
    assert!(
        fixed.contains("55 miles"),
        "unsafe fixes are not in fix-all: {fixed}"
    );
    // `only` filters by kind.
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": whole,
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let only = r.result.unwrap();
    assert!(
        only.as_array()
            .unwrap()
            .iter()
            .all(|a| a["kind"] == "source.fixAll.transaudit")
    );
    c.shutdown();
}

#[test]
fn change_relints_and_close_clears() {
    let (mut c, _) = Client::initialized(utf16());
    let p = c.open(URI, "markdown", MD);
    assert!(!p["diagnostics"].as_array().unwrap().is_empty());
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2},
               "contentChanges": [{"text": "Un article propre, écrit avec soin.\n"}]}),
    );
    let p = c.diagnostics(URI);
    assert_eq!(p["version"], 2);
    assert_eq!(p["diagnostics"], json!([]));
    // An incremental change (range in UTF-16 units) is applied too.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 17},
                                             "end": {"line": 0, "character": 18}},
                                   "text": ",,"}]}),
    );
    let p = c.diagnostics(URI);
    assert_eq!(p["version"], 3);
    assert_eq!(p["diagnostics"][0]["code"], "punctuation/doubled-comma");
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    let p = c.diagnostics(URI);
    assert_eq!(p["diagnostics"], json!([]));
    c.shutdown();
}

#[test]
fn hover_explains_the_rule_under_the_cursor() {
    let (mut c, _) = Client::initialized(utf16());
    c.open(URI, "markdown", MD);
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 21}}),
    );
    let hover = r.result.unwrap();
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("`punctuation/doubled-comma`"), "{text}");
    assert!(text.contains("How to fix"), "the explanation: {text}");
    assert!(text.contains("safe fix"), "{text}");
    assert_eq!(hover["range"]["start"], json!({"line": 2, "character": 20}));
    // Nowhere near a finding: null.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 3}}),
    );
    assert_eq!(r.result, Some(Value::Null));
    c.shutdown();
}

#[test]
fn html_and_plain_text_use_the_prose_extraction_of_check() {
    let (mut c, _) = Client::initialized(utf16());
    let html = "<p class=\"a,,b\">Les villes de Lille,, Lens.</p>\n";
    let p = c.open("file:///nonexistent-transaudit-test/a.html", "html", html);
    let diags = p["diagnostics"].as_array().unwrap();
    // The attribute is markup: one finding, in the text.
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": 0, "character": 35})
    );
    // The same text as plain text: the attribute is prose too.
    let p = c.open("untitled:Untitled-1", "plaintext", html);
    assert_eq!(p["diagnostics"].as_array().unwrap().len(), 2);
    c.shutdown();
}

#[test]
fn config_is_discovered_from_the_document_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let sub = dir.path().join("articles");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        dir.path().join(".auditrc.toml"),
        "[rules]\n\"punctuation/doubled-comma\" = \"off\"\n",
    )
    .unwrap();
    let uri = format!("file://{}/article.md", sub.display());
    let (mut c, _) = Client::initialized(utf16());
    let p = c.open(&uri, "markdown", MD);
    let codes: Vec<&str> = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(!codes.contains(&"punctuation/doubled-comma"), "{codes:?}");
    assert!(codes.contains(&"boilerplate/comment-form"), "{codes:?}");

    // A broken config is shown on the document, not a crash; saving the
    // config lints again.
    let config_uri = format!("file://{}/.auditrc.toml", dir.path().display());
    std::fs::write(dir.path().join(".auditrc.toml"), "no-such-key = 1\n").unwrap();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": config_uri}}),
    );
    let p = c.diagnostics(&uri);
    assert_eq!(p["diagnostics"][0]["code"], "config");
    assert!(
        p["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-key")
    );
    c.shutdown();
}

#[test]
fn french_messages_from_the_init_option_or_the_locale() {
    for params in [
        json!({"capabilities": {}, "initializationOptions": {"messages": "fr"}}),
        json!({"capabilities": {}, "locale": "fr-FR"}),
    ] {
        let (mut c, _) = Client::initialized(params);
        c.open(URI, "markdown", MD);
        let r = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI},
                   "range": {"start": {"line": 2, "character": 20}, "end": {"line": 2, "character": 22}},
                   "context": {"diagnostics": []}}),
        );
        let actions = r.result.unwrap();
        let title = actions[0]["title"].as_str().unwrap();
        assert!(title.starts_with("Remplacer « ,, » par « , »"), "{title}");
        c.shutdown();
    }
}

#[test]
fn bad_input_gets_errors_not_a_crash() {
    let mut c = Client::start();
    // Before initialize: refused with the protocol's error.
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r.error.map(|e| e.code), Some(-32002));
    c.request("initialize", utf16());
    // Bad params, unknown methods, unknown documents, positions far out.
    let r = c.request("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(r.error.map(|e| e.code), Some(-32602));
    let r = c.request("workspace/symbol", json!({}));
    assert_eq!(r.error.map(|e| e.code), Some(-32601));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nope"}}),
    );
    c.notify("textDocument/didOpen", json!([1, 2, 3]));
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nope"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r.result, Some(Value::Null));
    c.open(URI, "markdown", MD);
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI},
               "range": {"start": {"line": 4000000000u32, "character": 4000000000u32},
                         "end": {"line": 0, "character": 0}},
               "context": {}}),
    );
    assert!(r.result.is_some());
    // Still alive and linting.
    let p = c.open("file:///x/b.txt", "plaintext", "a,, b\n");
    assert_eq!(p["diagnostics"][0]["code"], "punctuation/doubled-comma");
    assert_eq!(c.shutdown(), Ending::Clean);
}

#[test]
fn french_rule_texts_fill_messages_and_hover_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join(".auditrc.toml"),
        "extend-rules = [\"house.toml\"]\nselect = [\"punctuation/test-\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("house.toml"),
        r#"[[rule]]
id = "punctuation/test-marker"
category = "punctuation"
severity = "warning"
kind = "phrase"
message = "marker “{match}”: write {fix}"
explanation = "A test rule that fires on the word XYZZY."
fr.message = "marqueur « {match} » : écrire {fix}"
fr.explanation = "Une règle d’essai qui signale le mot XYZZY."
phrases = ["XYZZY"]
replacement = "—"
applicability = "safe"
examples.fire = [{ text = "a XYZZY b", match = "XYZZY" }]
examples.quiet = ["a b"]
"#,
    )
    .unwrap();
    let uri = format!("file://{}/a.txt", dir.path().display());
    let hover_at = json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 4}});
    for (messages, message, explanation) in [
        (
            "fr",
            "marqueur « XYZZY » : écrire —",
            "Une règle d’essai qui signale le mot XYZZY.",
        ),
        (
            "en",
            "marker “XYZZY”: write —",
            "A test rule that fires on the word XYZZY.",
        ),
    ] {
        let (mut c, _) = Client::initialized(
            json!({"capabilities": {}, "initializationOptions": {"messages": messages}}),
        );
        let p = c.open(&uri, "plaintext", "Un XYZZY ici.\n");
        assert_eq!(p["diagnostics"][0]["message"], message);
        let hover = c
            .request("textDocument/hover", hover_at.clone())
            .result
            .unwrap();
        let text = hover["contents"]["value"].as_str().unwrap();
        assert!(text.contains(explanation), "{text}");
        c.shutdown();
    }
}
