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

/// A word of at most 15 bytes as one number: its bytes, zero-padded, and
/// its length in the last byte, so that two words have the same key
/// exactly when they are equal. Why: a hash set of `&str` compares a
/// found word with its first occurrence, far back in the article (a
/// cache miss and a `memcmp` call per lookup, the main cost of the
/// per-article word sets of the lexicon and names engines); a set of
/// keys holds the word itself. `None` for longer words.
#[inline]
pub(crate) fn short_key(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut k = [0u8; 16];
    k[..b.len()].copy_from_slice(b);
    k[15] = b.len() as u8;
    Some(u128::from_le_bytes(k))
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
    // Latin-1 letters, the bulk of French accents, and the punctuation
    // French text is full of (no-break spaces, guillemets, curly quotes,
    // dashes) without table lookups: the exhaustive test
    // `fast_classes_agree_with_char_methods` checks every code point.
    let k = match cp {
        0xC0..=0xD6 | 0xD8..=0xDE => Kind::Upper,
        0xDF..=0xF6 | 0xF8..=0xFF => Kind::Lower,
        0x2019 | 0x2011 => Kind::Joiner,
        0x80..=0xBF => match cp {
            0xAA | 0xB5 | 0xBA => Kind::Lower,
            0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE => Kind::Digit,
            _ => Kind::Other,
        },
        GENERAL_PUNCTUATION_START..=GENERAL_PUNCTUATION_END => Kind::Other,
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

/// The General Punctuation block (U+2000–U+206F: spaces, dashes, curly
/// quotes, ellipsis): no character there is a letter or a digit.
const GENERAL_PUNCTUATION_START: u32 = 0x2000;
const GENERAL_PUNCTUATION_END: u32 = 0x206F;

/// Classes of the Latin-1 Supplement (U+0080–U+00FF) for the fast
/// character predicates below.
const L1_ALPHA: u8 = 1;
const L1_UPPER: u8 = 2;
const L1_LOWER: u8 = 4;
const L1_NUMERIC: u8 = 8;

/// [`L1_ALPHA`]… bits of each character U+0080–U+00FF (`ª`, `µ`, `º` are
/// lowercase letters; `²`, `³`, `¹`, `¼`, `½`, `¾` numeric; `×`, `÷` are not
/// letters).
const LATIN1: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut cp = 0x80;
    while cp <= 0xFF {
        t[cp - 0x80] = match cp {
            0xAA | 0xB5 | 0xBA => L1_ALPHA | L1_LOWER,
            0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE => L1_NUMERIC,
            0xC0..=0xD6 | 0xD8..=0xDE => L1_ALPHA | L1_UPPER,
            0xDF..=0xF6 | 0xF8..=0xFF => L1_ALPHA | L1_LOWER,
            _ => 0,
        };
        cp += 1;
    }
    t
};

/// Where a character's class can be told without the Unicode tables: the
/// [`LATIN1`] bits, `Some(0)` for the General Punctuation block, `None`
/// elsewhere (ASCII is left to the callers, whose `char` methods already
/// answer it without tables).
#[inline(always)]
fn fast_class(c: char) -> Option<u8> {
    let cp = u32::from(c);
    if (0x80..=0xFF).contains(&cp) {
        Some(LATIN1[(cp - 0x80) as usize])
    } else if (GENERAL_PUNCTUATION_START..=GENERAL_PUNCTUATION_END).contains(&cp) {
        Some(0)
    } else {
        None
    }
}

/// `c.is_alphabetic()` without the Unicode tables for ASCII, Latin-1 and
/// General Punctuation: why: the engines ask it of the character next to
/// every word, which in French is often a no-break space, an apostrophe
/// `’` or a guillemet, and the table search costs ~300 instructions.
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    fast_class(c).map_or_else(|| c.is_alphabetic(), |k| k & L1_ALPHA != 0)
}

/// `c.is_alphanumeric()`, fast as [`is_alphabetic`] (same reason).
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    fast_class(c).map_or_else(|| c.is_alphanumeric(), |k| k & (L1_ALPHA | L1_NUMERIC) != 0)
}

/// `c.is_uppercase()`, fast as [`is_alphabetic`] (same reason).
#[inline]
pub(crate) fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    fast_class(c).map_or_else(|| c.is_uppercase(), |k| k & L1_UPPER != 0)
}

/// The high bit of each byte of `w` that is an ASCII lowercase letter
/// (`a`–`z`), the others clear. Exact for each byte: with the high bit
/// cleared a byte `l` is at most 0x7F, so `l + 0x1F` cannot carry and
/// `0xFA - l` cannot borrow into the next byte; the first sum has its high
/// bit set when `l >= 0x61`, the difference when `l <= 0x7A`, and `!w`
/// drops the bytes that had the high bit (non-ASCII).
#[inline(always)]
fn lower_bytes(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let l = w & (ONES * 0x7F);
    (l + ONES * (0x80 - 0x61)) & (ONES * (0x80 + 0x7A) - l) & !w & HIGH
}

/// Number of ASCII lowercase letters starting at byte `i` of `b`, eight
/// bytes at a time (see [`lower_bytes`]): most of a French word is such a
/// run, and the tokenizer otherwise tests them one by one.
#[inline]
fn ascii_lower_run(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while let Some(chunk) = b.get(j..j + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let other = !lower_bytes(w) & 0x8080_8080_8080_8080;
        if other != 0 {
            return j - i + (other.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    j - i + b[j..].iter().take_while(|x| x.is_ascii_lowercase()).count()
}

/// Number of ASCII letters and digits starting at byte `i` of `b`: a
/// table read per byte (the names engine ends every capitalised word
/// with it).
#[inline]
pub(crate) fn ascii_alnum_run(b: &[u8], i: usize) -> usize {
    b.get(i..)
        .unwrap_or(&[])
        .iter()
        .take_while(|x| ASCII_ALNUM[usize::from(**x)])
        .count()
}

/// ASCII letters and digits (`u8::is_ascii_alphanumeric`), as a table.
const ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

/// The first byte at or after `from` marked in `marks`, if any. Eight
/// bytes are tested with one branch: the engines skip to rare bytes
/// (punctuation, brackets, quotation marks) over text where a branch per
/// byte was their main cost.
pub(crate) fn next_marked(marks: &[bool; 256], bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        if chunk
            .iter()
            .fold(false, |any, &b| any | marks[usize::from(b)])
        {
            break;
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    rest.iter()
        .position(|&b| marks[usize::from(b)])
        .map(|k| i + k)
}

/// The token starting at `start` with a character of class `first`, when
/// it is the common case: an ASCII letter, ASCII lowercase letters, then
/// an ASCII byte that ends a token (a space, a comma…) or the end of the
/// text. Its shape is then known without the general loop of [`tokens`]:
/// one character per byte, the rest lowercase, no digit, joiner or inner
/// capital. `None` for any other token.
#[inline(always)]
fn ascii_word(b: &[u8], start: usize, first: Kind) -> Option<Token> {
    if !matches!(first, Kind::Upper | Kind::Lower) || b[start] >= 0x80 {
        return None;
    }
    let end = start + 1 + ascii_lower_run(b, start + 1);
    if let Some(&x) = b.get(end)
        && (x >= 0x80 || ASCII_KIND[usize::from(x)] != Kind::Other)
    {
        return None;
    }
    Some(Token {
        range: start..end,
        chars: end - start,
        first_upper: first == Kind::Upper,
        first_lower: first == Kind::Lower,
        rest_lower: true,
        inner_upper: false,
        digit: false,
        alpha: true,
        joiner: false,
    })
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
        if let Some(t) = ascii_word(b, start, first) {
            i = t.range.end;
            return Some(t);
        }
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
            if b[i].is_ascii_lowercase() {
                let run = ascii_lower_run(b, i);
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
    #[test]
    fn short_keys_are_equal_exactly_for_equal_words() {
        let words = [
            "",
            "a",
            "a\0",
            "ab",
            "ba",
            "Zelensky",
            "Zelensky\0",
            "Zelenskyy",
            "éé",
            "é",
            "123456789012345",
            "12345678901234",
        ];
        for a in words {
            for b in words {
                assert_eq!(short_key(a) == short_key(b), a == b, "{a:?} {b:?}");
            }
        }
        assert!(short_key("1234567890123456").is_none());
        assert!(short_key("123456789012345").is_some());
    }

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
    fn random_texts_tokenize_as_the_document_tokenizer() {
        let pieces = [
            "a",
            "z",
            "é",
            "É",
            "Q",
            "7",
            "'",
            "’",
            "-",
            "\u{2011}",
            " ",
            "\u{a0}",
            "«",
            "»",
            "“",
            "ª",
            "²",
            "Ω",
            "ж",
            "中",
            "x\u{301}",
            ".",
            ",",
            "\n",
            "abcdefgh",
            "ijklmnop",
            "qrstuvwxyzab",
            "a-Q",
            "b’É",
            "xY",
            "Zelensky",
            "aujourd’hui",
            "12h30",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut s = String::new();
            let n = (seed % 24) as usize;
            for _ in 0..n {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let toks: Vec<Token> = tokens(&s).collect();
            let a: Vec<_> = toks.iter().map(|x| x.range.clone()).collect();
            let b: Vec<_> = words(&s).collect();
            assert_eq!(a, b, "{s:?}");
            for t in &toks {
                let w = &s[t.range.clone()];
                assert_eq!(t.chars, w.chars().count(), "{w:?}");
                let mut cs = w.chars();
                let first = cs.next().unwrap_or(' ');
                assert_eq!(t.first_upper, first.is_uppercase(), "{w:?}");
                assert_eq!(t.first_lower, first.is_lowercase(), "{w:?}");
                assert_eq!(t.rest_lower, cs.all(char::is_lowercase), "{w:?}");
                assert_eq!(t.digit, w.chars().any(char::is_numeric), "{w:?}");
                assert_eq!(t.alpha, w.chars().any(char::is_alphabetic), "{w:?}");
                assert_eq!(
                    t.joiner,
                    w.chars()
                        .any(|c| matches!(c, '\'' | '’' | '-' | '\u{2011}')),
                    "{w:?}"
                );
                // (a joiner between them does not matter: `a-Q`)
                let cs: Vec<char> = w
                    .chars()
                    .filter(|c| !matches!(c, '\'' | '’' | '-' | '\u{2011}'))
                    .collect();
                let inner = cs
                    .windows(2)
                    .any(|p| p[0].is_lowercase() && p[1].is_uppercase());
                assert_eq!(t.inner_upper, inner, "{w:?}");
            }
        }
    }

    #[test]
    fn fast_predicates_agree_with_char_methods() {
        for cp in 0..=0x10_FFFFu32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
        }
    }

    #[test]
    fn lower_runs_are_the_bytewise_runs() {
        let texts = [
            "abcdefghijklmnopqrstuvwxyz{`@AZaz",
            "Zelenskyqui, samediDésemparés le25 mars [these talks]des «x»",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé",
            "l’aujourd’hui porte-parole ÉTATS-UNIS Ωmega x\u{301}y \u{7f}\u{80}a",
        ];
        for t in texts {
            let b = t.as_bytes();
            for i in 0..b.len() {
                let want = b[i..].iter().take_while(|x| x.is_ascii_lowercase()).count();
                assert_eq!(ascii_lower_run(b, i), want, "{t:?} at {i}");
            }
        }
        // every byte value at every position of a chunk
        for v in 0..=255u8 {
            for pos in 0..9 {
                let mut b = vec![b'q'; 12];
                b[pos] = v;
                let want = b.iter().take_while(|x| x.is_ascii_lowercase()).count();
                assert_eq!(ascii_lower_run(&b, 0), want, "{v:#x} at {pos}");
            }
        }
    }

    #[test]
    fn next_marked_is_the_first_marked_byte() {
        let mut trigger = [false; 256];
        for b in [b'\n', b'.', b',', 0xC2, 0xE2] {
            trigger[usize::from(b)] = true;
        }
        let texts = [
            "Selon l’AFP, le président a dit.\nSuite «ici» et là",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "abcdefgh.ijklmnopqrstuvwxyz,",
            "",
            ".",
        ];
        for t in texts {
            let b = t.as_bytes();
            for from in 0..=b.len() {
                let want = b[from..]
                    .iter()
                    .position(|&x| trigger[usize::from(x)])
                    .map(|k| from + k);
                assert_eq!(next_marked(&trigger, b, from), want, "{t:?} {from}");
            }
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
