//! Helpers of the lexicon engines (`glued-word`, `untranslated`): a fast
//! word tokenizer giving the same tokens as [`crate::document::words`] (runs
//! of letters and digits with single inner apostrophes and hyphens), with an
//! ASCII fast path and the shape of each token computed on the way, so that
//! engines can reject most tokens without looking at them again; and a
//! small fast hasher for per-article sets and caches.

use std::hash::Hasher;
use std::ops::Range;

/// A small, fast hasher (FxHash-style) for per-article sets of words: the
/// standard SipHash costs more than the rest of an engine.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut v = [0u8; 8];
            v.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(v));
        }
        for &b in chunks.remainder() {
            self.write_u8(b);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// [`Fx`] over a whole byte string, length included.
pub fn fx_hash(bytes: &[u8]) -> u64 {
    let mut h = Fx::default();
    h.write(bytes);
    h.write_u64(bytes.len() as u64);
    h.finish()
}

/// One token and its shape.
#[derive(Debug, Clone, Default)]
pub struct Token {
    /// Byte range in the scanned text.
    pub range: Range<usize>,
    /// Number of characters (letters, digits and joiners).
    pub chars: usize,
    /// The first character is an uppercase letter.
    pub first_upper: bool,
    /// The first character is a lowercase letter.
    pub first_lower: bool,
    /// Every character after the first is a lowercase letter.
    pub rest_lower: bool,
    /// A lowercase letter is directly followed by an uppercase one.
    pub inner_upper: bool,
    /// Holds a digit.
    pub digit: bool,
    /// Holds a letter.
    pub alpha: bool,
    /// Holds an apostrophe or a hyphen.
    pub joiner: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Upper,
    Lower,
    OtherAlpha,
    Digit,
    Joiner,
    Other,
}

/// Class of each ASCII byte.
const ASCII_KIND: [Kind; 128] = {
    let mut t = [Kind::Other; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = match i as u8 {
            b'a'..=b'z' => Kind::Lower,
            b'A'..=b'Z' => Kind::Upper,
            b'0'..=b'9' => Kind::Digit,
            b'\'' | b'-' => Kind::Joiner,
            _ => Kind::Other,
        };
        i += 1;
    }
    t
};

/// The class and byte length of the character starting at `i` (a char
/// boundary of valid UTF-8).
#[inline(always)]
fn kind_at(b: &[u8], i: usize) -> (Kind, usize) {
    let x = b[i];
    if x < 0x80 {
        return (ASCII_KIND[x as usize], 1);
    }
    let byte = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    let (cp, len) = if x < 0xE0 {
        ((u32::from(x & 0x1F) << 6) | byte(1), 2)
    } else if x < 0xF0 {
        ((u32::from(x & 0x0F) << 12) | (byte(1) << 6) | byte(2), 3)
    } else {
        (
            (u32::from(x & 0x07) << 18) | (byte(1) << 12) | (byte(2) << 6) | byte(3),
            4,
        )
    };
    // Latin-1 letters, the bulk of French accents, without table lookups.
    let k = match cp {
        0xC0..=0xD6 | 0xD8..=0xDE => Kind::Upper,
        0xDF..=0xF6 | 0xF8..=0xFF => Kind::Lower,
        0x2019 | 0x2011 => Kind::Joiner,
        _ => match char::from_u32(cp) {
            Some(c) if c.is_lowercase() => Kind::Lower,
            Some(c) if c.is_uppercase() => Kind::Upper,
            Some(c) if c.is_alphabetic() => Kind::OtherAlpha,
            Some(c) if c.is_numeric() => Kind::Digit,
            _ => Kind::Other,
        },
    };
    (k, len)
}

/// Iterates the tokens of `text` with their shape.
pub fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let n = text.len();
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // find the start of a token
        let (first, len) = loop {
            if i >= n {
                return None;
            }
            let (k, len) = kind_at(b, i);
            if !matches!(k, Kind::Joiner | Kind::Other) {
                break (k, len);
            }
            i += len;
        };
        let start = i;
        let mut t = Token {
            first_upper: first == Kind::Upper,
            first_lower: first == Kind::Lower,
            rest_lower: true,
            digit: first == Kind::Digit,
            alpha: first != Kind::Digit,
            chars: 1,
            ..Token::default()
        };
        let mut end = i + len;
        i = end;
        let mut prev = first;
        let mut pending_joiner = false;
        while i < n {
            // fast path: a run of ASCII lowercase letters
            let run = b[i..].iter().take_while(|x| x.is_ascii_lowercase()).count();
            if run > 0 {
                if pending_joiner {
                    t.joiner = true;
                    t.rest_lower = false;
                    t.chars += 1;
                    pending_joiner = false;
                }
                t.chars += run;
                t.alpha = true;
                prev = Kind::Lower;
                i += run;
                end = i;
                continue;
            }
            let (k, len) = kind_at(b, i);
            match k {
                Kind::Other => break,
                Kind::Joiner => {
                    if pending_joiner {
                        break;
                    }
                    pending_joiner = true;
                    i += len;
                    continue;
                }
                _ => {}
            }
            if pending_joiner {
                t.joiner = true;
                t.rest_lower = false;
                t.chars += 1;
                pending_joiner = false;
            }
            t.chars += 1;
            match k {
                Kind::Lower => t.alpha = true,
                Kind::Upper => {
                    t.alpha = true;
                    t.rest_lower = false;
                    if prev == Kind::Lower {
                        t.inner_upper = true;
                    }
                }
                Kind::OtherAlpha => {
                    t.alpha = true;
                    t.rest_lower = false;
                }
                _ => {
                    t.digit = true;
                    t.rest_lower = false;
                }
            }
            prev = k;
            i += len;
            end = i;
        }
        // a trailing joiner is not part of the token
        i = end;
        t.range = start..end;
        Some(t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::words;

    #[test]
    fn same_tokens_as_the_document_tokenizer() {
        for t in [
            "L’aujourd’hui porte-parole, COVID-19 - fin'",
            "Zelenskyqui, samediDésemparés le25 mars [these talks]des «x»",
            "a--b 'x' ‑y‑ ÉTATS-UNIS Ωmega 12h30 x\u{301}y",
            "",
            "'",
            "-a-",
        ] {
            let a: Vec<_> = tokens(t).map(|x| x.range).collect();
            let b: Vec<_> = words(t).collect();
            assert_eq!(a, b, "{t:?}");
        }
    }

    #[test]
    fn fast_classes_agree_with_char_methods() {
        for cp in 0..0x3_0000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = c.to_string();
            let (k, len) = kind_at(s.as_bytes(), 0);
            assert_eq!(len, c.len_utf8());
            let want = if c == '\'' || c == '-' || c == '’' || c == '\u{2011}' {
                Kind::Joiner
            } else if c.is_lowercase() {
                Kind::Lower
            } else if c.is_uppercase() {
                Kind::Upper
            } else if c.is_alphabetic() {
                Kind::OtherAlpha
            } else if c.is_numeric() {
                Kind::Digit
            } else {
                Kind::Other
            };
            assert!(k == want, "{c:?}");
            // letters and digits are exactly what `words` keeps
            assert_eq!(
                matches!(
                    k,
                    Kind::Lower | Kind::Upper | Kind::OtherAlpha | Kind::Digit
                ),
                c.is_alphanumeric(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn shapes() {
        let t: Vec<Token> = tokens("Zelenskyqui samediDésemparés le25 porte-parole Été").collect();
        assert!(t[0].first_upper && t[0].rest_lower && t[0].chars == 11);
        assert!(t[1].first_lower && t[1].inner_upper && !t[1].rest_lower);
        assert!(t[2].digit && t[2].alpha);
        assert!(t[3].joiner && !t[3].rest_lower);
        assert!(t[4].first_upper && t[4].rest_lower && t[4].chars == 3);
    }
}
