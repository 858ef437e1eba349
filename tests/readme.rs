//! The README's examples are checked (typos' trycmd idea, without the
//! dependency), so they cannot drift from what the binary prints again.
//!
//! A block is checked when the line before its opening fence is
//!
//! ```text
//! <!-- readme-check: ARGS -->
//! ```
//!
//! `transaudit ARGS` runs in the repository root (on `examples/`, with
//! `NO_COLOR=1`), and then:
//!
//! - a ```` ```json ```` block must equal one element of the JSON array
//!   printed (key order and layout do not matter);
//! - any other block must appear as consecutive lines of the output, where
//!   ` … ` (an ellipsis between spaces) in the README stands for any text
//!   on that line.

use assert_cmd::Command;

/// (ARGS, info string, block lines) of every marked block, in order.
fn marked_blocks(readme: &str) -> Vec<(String, String, Vec<String>)> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(args) = lines[i]
            .trim()
            .strip_prefix("<!-- readme-check:")
            .and_then(|r| r.strip_suffix("-->"))
        else {
            i += 1;
            continue;
        };
        let fence = lines.get(i + 1).copied().unwrap_or("");
        assert!(
            fence.starts_with("```"),
            "README line {}: a readme-check marker must be followed by a fenced block",
            i + 1
        );
        let info = fence.trim_start_matches('`').trim().to_owned();
        let mut block = Vec::new();
        let mut j = i + 2;
        while j < lines.len() && !lines[j].starts_with("```") {
            block.push(lines[j].to_owned());
            j += 1;
        }
        out.push((args.trim().to_owned(), info, block));
        i = j + 1;
    }
    out
}

/// Does the output line match the README line (` … ` = any text)?
fn line_matches(readme: &str, output: &str) -> bool {
    let pieces: Vec<&str> = readme.trim_end().split(" … ").collect();
    let output = output.trim_end();
    if pieces.len() == 1 {
        return output == pieces[0];
    }
    let Some(mut rest) = output.strip_prefix(pieces[0]) else {
        return false;
    };
    let last = pieces.len() - 1;
    for (k, piece) in pieces.iter().enumerate().skip(1) {
        if k == last {
            return rest.ends_with(piece) && rest.len() >= piece.len();
        }
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

fn run(args: &str) -> String {
    let out = Command::cargo_bin("transaudit")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args.split_whitespace())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "transaudit {args}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn readme_examples_match_the_binary() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let blocks = marked_blocks(&readme);
    assert!(blocks.len() >= 2, "the README's report examples are marked");
    for (args, info, block) in blocks {
        let output = run(&args);
        if info == "json" {
            let want: serde_json::Value = serde_json::from_str(&block.join("\n"))
                .unwrap_or_else(|e| panic!("README json block for `{args}`: {e}"));
            let got: Vec<serde_json::Value> = serde_json::from_str(&output).unwrap();
            assert!(
                got.contains(&want),
                "README json block for `{args}` is not in the output:\n{want:#}\n--- output:\n{output}"
            );
            continue;
        }
        let out_lines: Vec<&str> = output.lines().collect();
        let found = (0..out_lines.len().saturating_sub(block.len() - 1)).any(|start| {
            block
                .iter()
                .zip(&out_lines[start..])
                .all(|(want, got)| line_matches(want, got))
        });
        assert!(
            found,
            "README block for `transaudit {args}` does not match the output:\n{}\n--- output:\n{output}",
            block.join("\n")
        );
    }
}

#[test]
fn ellipsis_stands_for_any_text_on_the_line() {
    assert!(line_matches(
        "= why: This … (more)",
        "= why: This and that (more)"
    ));
    assert!(!line_matches("= why: This … (more)", "= why: That (more)"));
    assert!(line_matches("exact", "exact  "));
    assert!(!line_matches("exact", "exactly"));
}
