//! `transaudit lsp` as an editor runs it: the binary over pipes. Malformed
//! frames (bad JSON, a missing or absurd `Content-Length`, a message that
//! is not JSON-RPC) are logged on stderr and skipped; the session goes on
//! and ends with exit code 0 after `shutdown` and `exit`.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn message(v: Value) -> Vec<u8> {
    frame(&v.to_string())
}

/// Reads one framed message from the server.
fn read(out: &mut impl BufRead) -> Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "server closed stdout"
        );
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    out.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn survives_malformed_frames_and_exits_cleanly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_transaudit"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start transaudit lsp");
    let mut stdin = child.stdin.take().unwrap();

    let mut input = Vec::new();
    input.extend(frame("{this is not json"));
    input.extend(b"X-No-Length: 1\r\n\r\n");
    input.extend(frame(r#"{"jsonrpc":"2.0","what":"no method, no id"}"#));
    input.extend(b"Content-Length: 99999999999\r\n\r\n");
    stdin.write_all(&input).unwrap();
    // The server skips the absurd length by reading that many bytes;
    // closing its input ends the skip and the session, without shutdown.
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "no shutdown: exit code 1");

    let mut child = Command::new(env!("CARGO_BIN_EXE_transaudit"))
        .args(["lsp", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start transaudit lsp");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut input = Vec::new();
    input.extend(frame("{this is not json"));
    input.extend(b"X-No-Length: 1\r\n\r\n");
    input.extend(frame(r#"{"jsonrpc":"2.0","what":"no method, no id"}"#));
    input.extend(message(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    ));
    input.extend(message(
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    ));
    input.extend(message(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": "file:///tmp/x.txt", "languageId": "plaintext",
                                    "version": 7, "text": "Lille,, Lens 😀\r\n"}}}),
    ));
    stdin.write_all(&input).unwrap();
    stdin.flush().unwrap();
    let init = read(&mut stdout);
    assert_eq!(init["id"], 1);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    let publish = read(&mut stdout);
    assert_eq!(publish["method"], "textDocument/publishDiagnostics");
    assert_eq!(publish["params"]["version"], 7);
    assert_eq!(
        publish["params"]["diagnostics"][0]["code"],
        "punctuation/doubled-comma"
    );
    let mut input = Vec::new();
    input.extend(frame("[]"));
    input.extend(message(
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    ));
    input.extend(message(json!({"jsonrpc": "2.0", "method": "exit"})));
    stdin.write_all(&input).unwrap();
    stdin.flush().unwrap();
    let shutdown = read(&mut stdout);
    assert_eq!(shutdown["id"], 2);
    assert_eq!(shutdown["result"], Value::Null);
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert!(stderr.contains("ignored a message"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
