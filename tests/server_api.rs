//! `transaudit server`'s HTTP API, driven in-process through the axum
//! router: LanguageTool's answer shape, UTF-16 offsets on texts with
//! accents, emoji and `\r\n`, the `data` annotation, rule selection,
//! French messages, and the refusals (bad requests, too large, busy).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;
use transaudit::server::handlers::{AppState, router};
use transaudit::server::{ServerOptions, state};

fn options() -> ServerOptions {
    ServerOptions {
        host: "127.0.0.1".to_owned(),
        port: 0,
        config: None,
        max_text_bytes: 20_000,
        timeout: Duration::from_secs(20),
        workers: 2,
        max_waiting: 64,
        max_connections: 16,
    }
}

fn app_state(opts: &ServerOptions) -> Arc<AppState> {
    match state(opts) {
        Ok(s) => s,
        Err(e) => panic!("the default profile must build: {e:?}"),
    }
}

fn form(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

async fn send(st: &Arc<AppState>, req: Request<Body>) -> (StatusCode, String) {
    let resp = router(Arc::clone(st)).oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

async fn post_form(st: &Arc<AppState>, body: String) -> (StatusCode, String) {
    let req = Request::post("/v2/check")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    send(st, req).await
}

async fn check(st: &Arc<AppState>, pairs: &[(&str, &str)]) -> Value {
    let (status, body) = post_form(st, form(pairs)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// The UTF-16 slice `offset..offset+length` of `text`.
fn slice16(text: &str, offset: u64, length: u64) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[offset as usize..(offset + length) as usize]).unwrap()
}

/// An invented article: accents, an emoji and a character outside the BMP
/// before the residue, CRLF line ends.
const ARTICLE: &str = "Titre de l’article 😀\r\nLe ministre 𝔄 a parlé à Kyiv.Zelenskyqui a répondu hier.\r\nLa route fait 55 miles.\r\nLeave a Reply\r\n";

#[tokio::test]
async fn matches_line_up_in_utf16_with_emoji_and_crlf() {
    let st = app_state(&options());
    let v = check(&st, &[("language", "fr-FR"), ("text", ARTICLE)]).await;
    assert_eq!(v["software"]["name"], "transaudit");
    assert_eq!(v["language"]["code"], "fr-FR");
    assert_eq!(v["language"]["detectedLanguage"]["code"], "fr");
    let matches = v["matches"].as_array().unwrap();
    let flagged: Vec<String> = matches
        .iter()
        .map(|m| {
            slice16(
                ARTICLE,
                m["offset"].as_u64().unwrap(),
                m["length"].as_u64().unwrap(),
            )
        })
        .collect();
    for want in ["Zelenskyqui", "55 miles", "Leave a Reply"] {
        assert!(
            flagged.iter().any(|f| f == want),
            "{want} not flagged at its UTF-16 offsets: {flagged:?}"
        );
    }
    for m in matches {
        // Every match carries the fields LanguageTool clients read.
        for key in [
            "message",
            "shortMessage",
            "replacements",
            "context",
            "sentence",
            "type",
        ] {
            assert!(m.get(key).is_some(), "missing {key}: {m}");
        }
        assert!(m["rule"]["category"]["id"].is_string());
        assert!(m["rule"]["issueType"].is_string());
        // The context's own offsets point at the same text.
        let c = &m["context"];
        let in_context = slice16(
            c["text"].as_str().unwrap(),
            c["offset"].as_u64().unwrap(),
            c["length"].as_u64().unwrap(),
        );
        let in_text = slice16(
            ARTICLE,
            m["offset"].as_u64().unwrap(),
            m["length"].as_u64().unwrap(),
        );
        assert_eq!(in_context, in_text.replace(['\r', '\n'], " "));
    }
    let glued = matches
        .iter()
        .find(|m| m["rule"]["id"] == "glued-word/lost-space")
        .unwrap();
    assert_eq!(glued["replacements"][0]["value"], "Zelensky qui");
}

#[tokio::test]
async fn annotation_offsets_count_the_markup() {
    let st = app_state(&options());
    let data = r#"{"annotation":[{"markup":"<p>"},{"text":"Il a dit que "},{"markup":"<b>","interpretAs":""},{"text":"Zelenskyqui"},{"markup":"</b>"},{"text":" parle."},{"markup":"</p>","interpretAs":"\n\n"}]}"#;
    let v = check(&st, &[("language", "fr"), ("data", data)]).await;
    let m = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["rule"]["id"].as_str().unwrap().starts_with("glued-word"))
        .unwrap()
        .clone();
    // In the client's text: "<p>" (3) + "Il a dit que " (13) + "<b>" (3).
    assert_eq!(m["offset"], 19);
    assert_eq!(m["length"], 11);
}

#[tokio::test]
async fn rule_and_category_selection() {
    let st = app_state(&options());
    let has = |v: &Value, prefix: &str| {
        v["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["rule"]["id"].as_str().unwrap().starts_with(prefix))
    };
    let v = check(
        &st,
        &[
            ("language", "fr"),
            ("text", ARTICLE),
            ("disabledCategories", "GLUED_WORD"),
        ],
    )
    .await;
    assert!(!has(&v, "glued-word") && has(&v, "unit"));
    let v = check(
        &st,
        &[
            ("language", "fr"),
            ("text", ARTICLE),
            ("disabledRules", "unit"),
        ],
    )
    .await;
    assert!(!has(&v, "unit") && has(&v, "glued-word"));
    let v = check(
        &st,
        &[
            ("language", "fr"),
            ("text", ARTICLE),
            ("enabledOnly", "true"),
            ("enabledCategories", "unit"),
        ],
    )
    .await;
    assert!(has(&v, "unit"));
    assert!(
        v["matches"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["rule"]["category"]["id"] == "UNIT")
    );
}

#[tokio::test]
async fn mother_tongue_picks_the_language_of_names() {
    let st = app_state(&options());
    let fr = check(
        &st,
        &[
            ("language", "fr"),
            ("text", ARTICLE),
            ("motherTongue", "fr-FR"),
        ],
    )
    .await;
    let en = check(
        &st,
        &[
            ("language", "fr"),
            ("text", ARTICLE),
            ("motherTongue", "en-US"),
        ],
    )
    .await;
    let cat = |v: &Value| {
        v["matches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["rule"]["category"]["id"] == "GLUED_WORD")
            .unwrap()["rule"]["category"]["name"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(cat(&fr), "Mots collés");
    assert_eq!(cat(&en), "Glued words");
}

#[tokio::test]
async fn languages_list_french() {
    let st = app_state(&options());
    let (status, body) = send(
        &st,
        Request::get("/v2/languages").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let v: Value = serde_json::from_str(&body).unwrap();
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["longCode"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"fr") && codes.contains(&"fr-FR"));
}

#[tokio::test]
async fn get_with_query_string_works_too() {
    let st = app_state(&options());
    let uri = format!(
        "/v2/check?{}",
        form(&[("language", "auto"), ("text", "Zelenskyqui parle.")])
    );
    let (status, body) = send(&st, Request::get(uri).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("glued-word"));
}

#[tokio::test]
async fn bad_requests_get_400_with_a_reason() {
    let st = app_state(&options());
    let cases: Vec<(String, &str)> = vec![
        (form(&[("text", "x")]), "language"),
        (form(&[("language", "fr")]), "text"),
        (form(&[("language", "xx"), ("text", "x")]), "language code"),
        (
            form(&[("language", "fr"), ("text", "a"), ("data", "{}")]),
            "either",
        ),
        (
            form(&[("language", "fr"), ("data", "{not json")]),
            "annotation",
        ),
        (
            form(&[
                ("language", "fr"),
                ("data", r#"{"annotation":[{"text":"a","markup":"b"}]}"#),
            ]),
            "part 0",
        ),
        (
            form(&[("language", "fr"), ("text", "a"), ("enabledOnly", "maybe")]),
            "true or false",
        ),
        (form(&[("language", "fr"), ("text", "a\u{0}b")]), "NUL"),
        ("language=fr&text=%FF%FE".to_owned(), "UTF-8"),
        (
            "language=fr&text=ok".to_owned() + "&motherTongue=%C3",
            "UTF-8",
        ),
    ];
    for (body, reason) in cases {
        let (status, text) = post_form(&st, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {text}");
        assert!(text.contains(reason), "{body}: {text}");
    }
    let req = Request::post("/v2/check")
        .header("content-type", "multipart/form-data; boundary=x")
        .body(Body::from("--x--"))
        .unwrap();
    assert_eq!(send(&st, req).await.0, StatusCode::BAD_REQUEST);
    let (status, text) = send(&st, Request::get("/nope").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(text.contains("/v2/check"));
}

#[tokio::test]
async fn texts_over_the_limit_get_413() {
    let st = app_state(&ServerOptions {
        max_text_bytes: 100,
        ..options()
    });
    let (status, text) =
        post_form(&st, form(&[("language", "fr"), ("text", &"é".repeat(51))])).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(text.contains("100 bytes"));
    // A body far over the limit is refused before it is decoded.
    let (status, _) = post_form(&st, "a".repeat(1 << 20)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_full_queue_answers_503() {
    let st = app_state(&ServerOptions {
        max_waiting: 0,
        ..options()
    });
    let (status, text) = post_form(&st, form(&[("language", "fr"), ("text", "Bonjour.")])).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(text.contains("busy"));
}

#[tokio::test]
async fn native_endpoint_gives_findings_summary_and_density() {
    let st = app_state(&options());
    let body = serde_json::json!({"text": ARTICLE, "kind": "plain", "messages": "fr"}).to_string();
    let req = Request::post("/api/check")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap();
    let (status, text) = send(&st, req).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    let f = v["findings"].as_array().unwrap();
    let glued = f
        .iter()
        .find(|x| x["rule"] == "glued-word/lost-space")
        .unwrap();
    assert_eq!(
        slice16(
            ARTICLE,
            glued["start16"].as_u64().unwrap(),
            glued["end16"].as_u64().unwrap() - glued["start16"].as_u64().unwrap()
        ),
        "Zelenskyqui"
    );
    assert!(glued["fix"]["applicability"].is_string());
    assert!(!glued["explanation"].as_str().unwrap().is_empty());
    assert!(v["density"].as_f64().unwrap() > 0.0);
    assert!(
        v["summary"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "Mots collés")
    );
    let (status, page) = send(&st, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("/api/check") && !page.contains("http://") && !page.contains("https://"));
}
