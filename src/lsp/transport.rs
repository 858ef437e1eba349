//! JSON-RPC over standard input and output, framed with `Content-Length`
//! headers. `lsp-server` has a stdio transport, but it stops reading at the
//! first malformed message; an editor's language server must survive a
//! bad frame, so this reader logs it on stderr and reads on. Writing uses
//! `lsp-server`'s own framing.

use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

/// Largest message read (larger ones are skipped with a log line): a
/// document of 64 MiB is no article, and reading it would hold the editor.
pub const MAX_MESSAGE_BYTES: usize = 64 << 20;

/// A connection over this process's standard input and output, and the
/// writer thread (join it after dropping the connection: it writes what is
/// still queued). The reader thread is left to end with the process: it
/// may be blocked on a client that never closes its end.
pub fn stdio() -> (Connection, JoinHandle<()>) {
    let (to_server, from_client) = crossbeam_channel::bounded::<Message>(16);
    let (to_client, from_server) = crossbeam_channel::bounded::<Message>(16);
    std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        loop {
            match read_message(&mut input) {
                Ok(Some(Frame::Message(m))) => {
                    let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
                    if to_server.send(m).is_err() || exit {
                        break;
                    }
                }
                Ok(Some(Frame::Bad(why))) => eprintln!("transaudit lsp: ignored a message: {why}"),
                Ok(None) => break,
                Err(e) => {
                    eprintln!("transaudit lsp: cannot read standard input: {e}");
                    break;
                }
            }
        }
    });
    let writer = std::thread::spawn(move || {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        for m in from_server {
            if let Err(e) = m.write(&mut out).and_then(|()| out.flush()) {
                eprintln!("transaudit lsp: cannot write to standard output: {e}");
                break;
            }
        }
    });
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        writer,
    )
}

/// What one frame held.
#[derive(Debug)]
pub enum Frame {
    /// A JSON-RPC message.
    Message(Message),
    /// A frame that is not one, and why (the stream goes on after it).
    Bad(String),
}

/// Reads one frame: `Ok(None)` at the end of the input; `Err` only when
/// the input itself fails.
pub fn read_message(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut bad_header: Option<String> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        let mut raw = Vec::new();
        if input.read_until(b'\n', &mut raw)? == 0 {
            return Ok(None);
        }
        match String::from_utf8(raw) {
            Ok(s) => line.push_str(&s),
            Err(_) => {
                bad_header = Some("a header line is not UTF-8".to_owned());
                continue;
            }
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue; // blank lines between frames
        }
        saw_header = true;
        let Some((name, value)) = line.split_once(':') else {
            bad_header = Some(format!("header line without a colon: {:?}", cut(line)));
            continue;
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            match value.trim().parse::<usize>() {
                Ok(n) => length = Some(n),
                Err(_) => bad_header = Some(format!("bad Content-Length: {:?}", cut(value))),
            }
        }
    }
    let Some(length) = length else {
        return Ok(Some(Frame::Bad(
            bad_header.unwrap_or_else(|| "no Content-Length header".to_owned()),
        )));
    };
    if length > MAX_MESSAGE_BYTES {
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(Frame::Bad(format!(
            "message of {length} bytes is over the {MAX_MESSAGE_BYTES}-byte limit"
        ))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    if let Some(why) = bad_header {
        return Ok(Some(Frame::Bad(why)));
    }
    Ok(Some(match serde_json::from_slice::<Message>(&body) {
        Ok(m) => Frame::Message(m),
        Err(e) => Frame::Bad(format!("not a JSON-RPC message: {e}")),
    }))
}

fn cut(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_frames_are_skipped_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let stream = format!(
            "{}{}Content-Length: zz\r\n\r\n{}X-Nothing\r\n\r\n{}",
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":1}"#),
            frame(good),
            frame(good)
        );
        let mut input = io::Cursor::new(stream.into_bytes());
        let mut kinds = Vec::new();
        while let Ok(Some(f)) = read_message(&mut input) {
            kinds.push(matches!(f, Frame::Message(_)));
        }
        // Bad JSON, a response without a result, a bad length (whose body
        // is then read as headers), a frame without a length, then a good
        // message.
        assert_eq!(kinds.first(), Some(&false));
        assert_eq!(kinds.last(), Some(&true));
    }

    #[test]
    fn truncated_input_is_an_error_not_a_panic() {
        let mut input = io::Cursor::new(b"Content-Length: 100\r\n\r\n{}".to_vec());
        assert!(read_message(&mut input).is_err());
    }
}
