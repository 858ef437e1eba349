//! `transaudit corpus` end to end on inputs made at test time: compressed
//! shards, order over many chunks, markup, a truncated stream.

use assert_cmd::Command;
use serde_json::Value;
use std::io::Write;

const CLEAN: &str = "Les élus ont adopté le projet à l’unanimité hier soir.";
const RESIDUE: &str = "Le randonneur a parcouru 55 miles. Leave a Reply. Le budget est de 200,000 euros. Zelenskyqui a répondu.";

/// `n` records alternating clean and residue texts, ids `r0`, `r1`, …
fn records(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        let text = if i % 2 == 0 { CLEAN } else { RESIDUE };
        let line = serde_json::json!({"id": format!("r{i}"), "text": text, "meta": {"n": i}});
        writeln!(out, "{line}").unwrap();
    }
    out
}

fn run(args: &[&str], dir: &std::path::Path) -> (Option<i32>, Vec<Value>, String) {
    let out = Command::cargo_bin("transaudit")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    let objects = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (
        out.status.code(),
        objects,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_in_order(objects: &[Value], n: usize) {
    assert_eq!(objects.len(), n);
    for (i, o) in objects.iter().enumerate() {
        assert_eq!(o["id"], format!("r{i}"), "{o}");
        assert_eq!(o["line"], i + 1);
        let expected = if i % 2 == 0 { "clean" } else { "reject" };
        assert_eq!(o["verdict"], expected, "{o}");
    }
}

#[test]
fn order_is_kept_across_chunks_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    // More records than one chunk holds (4,096).
    let n = 9_000;
    std::fs::write(dir.path().join("big.jsonl"), records(n)).unwrap();
    let (status, objects, _) = run(&["corpus", "big.jsonl"], dir.path());
    assert_eq!(status, Some(0));
    assert_in_order(&objects, n);
}

#[test]
fn gzip_and_zstd_shards_give_the_same_objects_as_plain() {
    let dir = tempfile::tempdir().unwrap();
    let plain = records(50);
    std::fs::write(dir.path().join("a.jsonl"), &plain).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&plain).unwrap();
    std::fs::write(dir.path().join("a.jsonl.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(
        dir.path().join("a.jsonl.zst"),
        zstd::encode_all(&plain[..], 3).unwrap(),
    )
    .unwrap();
    let (_, expected, _) = run(&["corpus", "a.jsonl"], dir.path());
    assert_in_order(&expected, 50);
    for name in ["a.jsonl.gz", "a.jsonl.zst"] {
        let (status, objects, stderr) = run(&["corpus", name], dir.path());
        assert_eq!(status, Some(0), "{name}: {stderr}");
        assert_eq!(objects, expected, "{name}");
    }
}

#[test]
fn a_truncated_shard_keeps_the_records_read_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&records(2_000)).unwrap();
    let mut bytes = gz.finish().unwrap();
    bytes.truncate(bytes.len() - 40);
    std::fs::write(dir.path().join("cut.jsonl.gz"), bytes).unwrap();
    let (status, objects, stderr) = run(&["corpus", "cut.jsonl.gz"], dir.path());
    assert_eq!(status, Some(2));
    assert!(stderr.contains("cut.jsonl.gz: cannot read"), "{stderr}");
    // Whatever was decompressed before the cut is still reported, in order.
    for (i, o) in objects.iter().enumerate() {
        assert_eq!(o["id"], format!("r{i}"));
    }
}

#[test]
fn a_missing_file_among_good_ones_exits_2_and_the_others_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.jsonl"), records(3)).unwrap();
    let (status, objects, stderr) = run(&["corpus", "nope.jsonl", "a.jsonl"], dir.path());
    assert_eq!(status, Some(2));
    assert!(stderr.contains("nope.jsonl"), "{stderr}");
    assert_in_order(&objects, 3);
}

#[test]
fn markdown_fields_are_linted_as_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# Titre\n\nLe randonneur a parcouru 55 miles, dit-on.\n\n```\nLeave a Reply\n```\n";
    let line = serde_json::json!({"id": 1, "text": text});
    std::fs::write(dir.path().join("md.jsonl"), format!("{line}\n")).unwrap();
    let (_, md, _) = run(&["corpus", "--markup", "md", "md.jsonl"], dir.path());
    let rules: Vec<&str> = md[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.iter().any(|r| r.starts_with("unit/")), "{rules:?}");
    // The code block is not prose in Markdown.
    assert!(
        !rules.iter().any(|r| r.starts_with("boilerplate/")),
        "{rules:?}"
    );
    let unit = md[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"].as_str().unwrap().starts_with("unit/"))
        .unwrap();
    let (s, e) = (
        unit["byte_start"].as_u64().unwrap() as usize,
        unit["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "55 miles");
}
