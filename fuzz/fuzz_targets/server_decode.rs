//! `transaudit server`'s request decoding on any bytes: LanguageTool's form
//! fields (query string and body, with any Content-Type), the `data`
//! annotation, and the page's JSON. It must refuse with a reason, never
//! panic; a decoded request must respect the size limit, and its
//! annotation segments must tile the text.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use transaudit::server::decode::{DecodeError, Limits, decode_check, decode_native};
use transaudit::server::offsets::ClientOffsets;

#[derive(Debug, Arbitrary)]
struct Input {
    content_type: Option<String>,
    query: Option<String>,
    body: Vec<u8>,
    spans: Vec<(u16, u16)>,
}

const LIMITS: Limits = Limits {
    max_text_bytes: 4096,
};

fuzz_target!(|input: Input| {
    match decode_check(
        input.content_type.as_deref(),
        input.query.as_deref(),
        &input.body,
        LIMITS,
    ) {
        Ok(req) => {
            assert!(req.text.len() <= LIMITS.max_text_bytes);
            let mut at = 0;
            for s in &req.segments {
                assert_eq!(s.plain.start, at);
                assert!(s.plain.end >= s.plain.start && s.original.end >= s.original.start);
                at = s.plain.end;
            }
            if !req.segments.is_empty() {
                assert_eq!(at, req.text.len());
            }
            // Any span of the text maps to client offsets without panicking.
            let map = ClientOffsets::new(&req.text, &req.segments);
            for &(a, b) in &input.spans {
                let (a, b) = (a as usize, b as usize);
                let _ = map.span(a.min(b), a.max(b));
            }
        }
        Err(DecodeError::BadRequest(r) | DecodeError::TooLarge(r)) => assert!(!r.is_empty()),
    }
    if let Ok(req) = decode_native(&input.body, LIMITS) {
        assert!(req.text.len() <= LIMITS.max_text_bytes);
    }
});
