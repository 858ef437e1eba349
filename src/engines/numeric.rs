//! Numbers in running text, shared by the [`units`](super::units) and
//! [`numbers`](super::numbers) engines (not an engine itself).
//!
//! - [`parse_digits`] reads a digit token written the French way (`1 500`,
//!   `10,5`, `1 500,25`), the English way (`200,000`, `1.5`, `1,234.56`) or
//!   with dots as thousands separators (`4.048`, a style some French outlets
//!   use). A comma or a dot followed by exactly three digits is read as a
//!   thousands separator (`1,500` = 1500), except after a lone `0` (`0,125`).
//! - [`number_before`] finds the number that ends at a position: a digit
//!   token, or French number words (`cinquante-cinq`, `deux cent cinquante`,
//!   `vingt et un`, `quatre-vingt-dix`).
//! - [`round_sig`] and [`format_fr`] write a converted value with a sensible
//!   precision, a decimal comma and a thousands separator.
//!
//! Nothing here allocates except [`format_fr`]; everything slices on char
//! boundaries, so no input can make it panic.

/// A number found in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Number {
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
    /// Its value.
    pub value: f64,
    /// Significant digits as written (`55` → 2, `200` → 1, `1,50` → 3).
    pub sig: u32,
    /// Digits after the decimal separator (0 for an integer).
    pub decimals: u32,
    /// Written in words (`cinq`), not digits.
    pub spelled: bool,
}

/// A parsed digit token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Parsed {
    /// Its value.
    pub value: f64,
    /// Significant digits as written.
    pub sig: u32,
    /// Digits after the decimal separator.
    pub decimals: u32,
    /// The thousands separator used, if any (`' '` stands for every space).
    pub grouping: Option<char>,
    /// The decimal separator used, if any.
    pub decimal_sep: Option<char>,
}

/// Horizontal spaces that may sit between a number and its unit, or between
/// digit groups: space, tab, no-break space, narrow no-break space, thin space.
pub(crate) fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{A0}' | '\u{202F}' | '\u{2009}')
}

/// Offset of the first ASCII digit of `bytes` at or after `from`. Most
/// text has no digit: eight bytes are tested at once (SWAR, "determine if
/// a word has a byte between m and n", Bit Twiddling Hacks; exact for
/// each byte, so the lowest flagged byte is the first digit).
pub(crate) fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        let w = u64::from_le_bytes(b);
        let low = w & (ONES * 127);
        // Bytes strictly between 0x2F and 0x3A: '0'..='9'.
        let digits = (ONES * (127 + 0x3A) - low) & !w & (low + ONES * (127 - 0x2F)) & HIGH;
        if digits != 0 {
            return Some(i + (digits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(u8::is_ascii_digit)
        .map(|k| i + k)
}

/// The character just before byte `i` (which must be a char boundary).
pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// The character at byte `i` (which must be a char boundary).
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// Moves back from `pos` over horizontal spaces.
pub(crate) fn skip_hspace_back(text: &str, mut pos: usize) -> usize {
    while let Some(c) = char_before(text, pos) {
        if !is_hspace(c) {
            break;
        }
        pos -= c.len_utf8();
    }
    pos
}

/// Moves forward from `pos` over horizontal spaces.
pub(crate) fn skip_hspace(text: &str, mut pos: usize) -> usize {
    while let Some(c) = char_at(text, pos) {
        if !is_hspace(c) {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

/// The word (letters and inner hyphens) ending at `end`, or `None` when
/// the character before `end` is not a letter.
pub(crate) fn word_before(text: &str, end: usize) -> Option<std::ops::Range<usize>> {
    let mut start = end;
    loop {
        match char_before(text, start) {
            Some(c) if c.is_alphabetic() => start -= c.len_utf8(),
            // A hyphen counts only between two letters (we just read one).
            Some(c @ ('-' | '\u{2011}')) if start < end => {
                let j = start - c.len_utf8();
                if char_before(text, j).is_some_and(char::is_alphabetic) {
                    start = j;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    (start < end).then_some(start..end)
}

/// The word starting at `start` (letters and inner hyphens), or `None`.
pub(crate) fn word_at(text: &str, start: usize) -> Option<std::ops::Range<usize>> {
    let mut end = start;
    let mut last = start;
    for c in text.get(start..)?.chars() {
        if c.is_alphabetic() {
            end += c.len_utf8();
            last = end;
        } else if matches!(c, '-' | '\u{2011}') && end == last && end > start {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    (last > start).then_some(start..last)
}

/// Case-insensitive equality of a text word with a lowercase word.
pub(crate) fn eq_ci(word: &str, lower: &str) -> bool {
    word.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

/// Case-insensitive prefix test of a text word against a lowercase prefix.
pub(crate) fn starts_ci(word: &str, lower_prefix: &str) -> bool {
    let mut w = word.chars().flat_map(char::to_lowercase);
    lower_prefix.chars().all(|p| w.next() == Some(p))
}

const MAX_RUNS: usize = 8;

/// Parses a digit token (see the module documentation). Returns `None` for
/// tokens that are not one well-formed number (`2022 55`, `1,2,3`).
pub(crate) fn parse_digits(s: &str) -> Option<Parsed> {
    let mut runs: [&str; MAX_RUNS] = [""; MAX_RUNS];
    let mut seps: [char; MAX_RUNS] = [' '; MAX_RUNS];
    let mut n = 0;
    let mut run_start = 0;
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() {
            continue;
        }
        if n + 1 >= MAX_RUNS || i == run_start {
            return None;
        }
        let sep = if is_hspace(c) {
            ' '
        } else if c == ',' || c == '.' {
            c
        } else {
            return None;
        };
        runs[n] = &s[run_start..i];
        seps[n] = sep;
        n += 1;
        run_start = i + c.len_utf8();
    }
    if run_start >= s.len() {
        return None;
    }
    runs[n] = &s[run_start..];
    let k = n; // number of separators
    let runs = &runs[..=n];
    let seps = &seps[..k];
    // Is the last separator a decimal one?
    let decimal = k > 0 && {
        let last = seps[k - 1];
        let l = runs[k].len();
        last != ' '
            && (l != 3
                || (k == 1 && runs[0] == "0")
                || (k == 1 && runs[0].len() > 3)
                || (k >= 2 && seps[k - 2] != last))
    };
    let groups = if decimal { k - 1 } else { k };
    let grouping = if groups > 0 { Some(seps[0]) } else { None };
    if groups > 0 {
        if runs[0].len() > 3 || seps[..groups].iter().any(|&c| Some(c) != grouping) {
            return None;
        }
        if runs[1..=groups].iter().any(|r| r.len() != 3) {
            return None;
        }
        if decimal && Some(seps[k - 1]) == grouping {
            return None;
        }
    }
    let mut int: u64 = 0;
    for r in &runs[..=groups] {
        for b in r.bytes() {
            int = int.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        }
    }
    let (frac, decimals) = if decimal {
        let f = runs[k];
        if f.len() > 12 {
            return None;
        }
        let v: u64 = f.parse().ok()?;
        (v as f64 / 10f64.powi(f.len() as i32), f.len() as u32)
    } else {
        (0.0, 0)
    };
    // Significant digits: all digits without leading zeros; an integer's
    // trailing zeros are not significant (`200` → 1).
    let mut sig = 0u32;
    let mut seen_nonzero = false;
    let mut trailing_zeros = 0u32;
    for r in runs[..=groups].iter().chain(decimal.then_some(&runs[k])) {
        for b in r.bytes() {
            if b != b'0' {
                seen_nonzero = true;
                trailing_zeros = 0;
            } else if seen_nonzero {
                trailing_zeros += 1;
            }
            if seen_nonzero {
                sig += 1;
            }
        }
    }
    if !decimal {
        sig -= trailing_zeros;
    }
    Some(Parsed {
        value: int as f64 + frac,
        sig: sig.max(1),
        decimals,
        grouping,
        decimal_sep: decimal.then(|| seps[k - 1]),
    })
}

/// Start of the digit token that ends at `end` (digits, and separators that
/// sit between two digits), or `None` when no digit ends there.
pub(crate) fn digit_token_start(text: &str, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if end == 0 || end > bytes.len() || !bytes[end - 1].is_ascii_digit() {
        return None;
    }
    let mut i = end;
    loop {
        while i > 0 && bytes[i - 1].is_ascii_digit() {
            i -= 1;
        }
        // A separator between two digits?
        let Some(c) = char_before(text, i) else { break };
        if !(c == ',' || c == '.' || is_hspace(c)) {
            break;
        }
        let j = i - c.len_utf8();
        if j > 0 && bytes[j - 1].is_ascii_digit() {
            i = j;
        } else {
            break;
        }
    }
    Some(i)
}

/// The digit number ending at `end`: the longest well-formed suffix of the
/// digit token there (`en 2022 55` → `55`).
pub(crate) fn digits_before(text: &str, end: usize) -> Option<Number> {
    let mut start = digit_token_start(text, end)?;
    loop {
        let tok = &text[start..end];
        if let Some(p) = parse_digits(tok) {
            return Some(Number {
                start,
                end,
                value: p.value,
                sig: p.sig,
                decimals: p.decimals,
                spelled: false,
            });
        }
        // Drop the leading group and its separator.
        let cut = tok.char_indices().find(|&(_, c)| !c.is_ascii_digit())?;
        start += cut.0 + cut.1.len_utf8();
    }
}

/// Value of one French number word (lowercase), or `None`.
fn word_value(w: &str) -> Option<u64> {
    Some(match w {
        "zéro" => 0,
        "un" | "une" => 1,
        "deux" => 2,
        "trois" => 3,
        "quatre" => 4,
        "cinq" => 5,
        "six" => 6,
        "sept" => 7,
        "huit" => 8,
        "neuf" => 9,
        "dix" => 10,
        "onze" => 11,
        "douze" => 12,
        "treize" => 13,
        "quatorze" => 14,
        "quinze" => 15,
        "seize" => 16,
        "vingt" | "vingts" => 20,
        "trente" => 30,
        "quarante" => 40,
        "cinquante" => 50,
        "soixante" => 60,
        "septante" => 70,
        "huitante" | "octante" => 80,
        "nonante" => 90,
        "cent" | "cents" => 100,
        "mille" => 1000,
        _ => return None,
    })
}

/// Lowercases a short word into `buf` (no allocation once `buf` has grown).
fn lower_into<'a>(w: &str, buf: &'a mut String) -> &'a str {
    buf.clear();
    buf.extend(w.chars().flat_map(char::to_lowercase));
    buf.as_str()
}

/// The French number words ending at `end` (`cinquante-cinq`, `deux cent
/// cinquante`, `vingt et un`), read back word by word.
pub(crate) fn words_before(text: &str, end: usize) -> Option<Number> {
    let mut start = end;
    let mut words = 0;
    // The word read just before (to the right) starts with un/une/onze, so a
    // lone `et` may precede it (`vingt et un`).
    let mut et_allowed = false;
    let mut buf = String::new();
    let mut pos = end;
    while words < 8 {
        let Some(w) = word_before(text, pos) else {
            break;
        };
        let word = &text[w.clone()];
        if eq_ci(word, "et") {
            if !et_allowed {
                break;
            }
            et_allowed = false;
            start = w.start;
            pos = skip_hspace_back(text, w.start);
            continue;
        }
        let mut parts = word.split(['-', '\u{2011}']);
        let first = lower_into(parts.next().unwrap_or(""), &mut buf);
        if word_value(first).is_none() {
            break;
        }
        let first_is_unit = matches!(first, "un" | "une" | "onze");
        if !parts.all(|p| {
            let p = lower_into(p, &mut buf);
            p == "et" || word_value(p).is_some()
        }) {
            break;
        }
        start = w.start;
        words += 1;
        et_allowed = first_is_unit;
        pos = skip_hspace_back(text, w.start);
    }
    if words == 0 {
        return None;
    }
    // A lone `et` read last begins nothing: drop it.
    let mut s = start;
    if let Some(w) = word_at(text, s)
        && eq_ci(&text[w.clone()], "et")
    {
        s = skip_hspace(text, w.end);
    }
    let value = parse_words(&text[s..end])?;
    let mut sig = 0;
    let mut v = value;
    while v > 0 && v % 10 == 0 {
        v /= 10;
    }
    while v > 0 {
        sig += 1;
        v /= 10;
    }
    Some(Number {
        start: s,
        end,
        value: value as f64,
        sig: sig.max(1),
        decimals: 0,
        spelled: true,
    })
}

/// Value of a run of French number words.
fn parse_words(s: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut cur: u64 = 0;
    let mut any = false;
    let mut buf = String::new();
    for part in s.split(|c: char| c == '-' || c == '\u{2011}' || is_hspace(c)) {
        if part.is_empty() {
            continue;
        }
        let p = lower_into(part, &mut buf);
        if p == "et" {
            continue;
        }
        let v = word_value(p)?;
        any = true;
        match v {
            100 => cur = if cur == 0 { 100 } else { cur * 100 },
            1000 => {
                total += if cur == 0 { 1000 } else { cur * 1000 };
                cur = 0;
            }
            20 if cur % 100 == 4 => cur = cur - 4 + 80,
            _ => cur += v,
        }
    }
    any.then_some(total + cur)
}

/// The number (digits or words) ending at `end`.
pub(crate) fn number_before(text: &str, end: usize) -> Option<Number> {
    let n = digits_before(text, end).or_else(|| words_before(text, end))?;
    // A number glued to a word or an identifier (`F-35`, `B52`) is no quantity.
    match char_before(text, n.start) {
        Some(c) if c.is_alphanumeric() || c == '_' || c == '/' => None,
        Some('-' | '\u{2011}')
            if char_before(text, n.start - 1).is_some_and(char::is_alphabetic) =>
        {
            None
        }
        _ => Some(n),
    }
}

/// Rounds `x` to `sig` significant digits; returns the value and how many
/// decimals to print.
pub(crate) fn round_sig(x: f64, sig: u32) -> (f64, usize) {
    if x == 0.0 || !x.is_finite() {
        return (0.0, 0);
    }
    let mag = x.abs().log10().floor() as i32;
    let dec = sig as i32 - 1 - mag;
    let scale = 10f64.powi(dec);
    let r = (x * scale).round() / scale;
    // Rounding may carry into the next power of ten (99.6 → 100).
    (r, dec.max(0) as usize)
}

/// Writes `x` with `decimals` decimals the French way: decimal comma,
/// thousands grouped by `sep` from 1 000 up, trailing zero decimals dropped.
pub(crate) fn format_fr(x: f64, decimals: usize, sep: &str) -> String {
    let s = format!("{:.*}", decimals.min(12), x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (s.as_str(), ""),
    };
    let mut out = String::with_capacity(s.len() + 8);
    let negative = x < 0.0 && (int.bytes().any(|b| b != b'0') || !frac.is_empty());
    if negative {
        out.push('-');
    }
    let len = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && len >= 4 && (len - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<(f64, u32, u32)> {
        parse_digits(s).map(|p| (p.value, p.sig, p.decimals))
    }

    #[test]
    fn next_digit_is_the_first_digit() {
        let samples: [&[u8]; 6] = [
            b"",
            b"abc",
            b"le 14 juillet 1789",
            "é€£ 0 ».,/:9".as_bytes(),
            b"/////////////////:::::::::::::9",
            &[0xAF, 0xB0, 0xB9, 0xBA, 0x2F, 0x3A, 0x30],
        ];
        for s in samples {
            for from in 0..=s.len() {
                let want = s[from..]
                    .iter()
                    .position(u8::is_ascii_digit)
                    .map(|k| from + k);
                assert_eq!(next_digit(s, from), want, "{s:?} from {from}");
            }
        }
        assert_eq!(next_digit(b"abc", 9), None);
    }

    #[test]
    fn digit_tokens() {
        assert_eq!(p("55"), Some((55.0, 2, 0)));
        assert_eq!(p("200"), Some((200.0, 1, 0)));
        assert_eq!(p("1 500"), Some((1500.0, 2, 0)));
        assert_eq!(p("200\u{A0}000"), Some((200_000.0, 1, 0)));
        assert_eq!(p("10,5"), Some((10.5, 3, 1)));
        assert_eq!(p("1.5"), Some((1.5, 2, 1)));
        assert_eq!(p("200,000"), Some((200_000.0, 1, 0)));
        assert_eq!(p("1,000,000"), Some((1_000_000.0, 1, 0)));
        assert_eq!(p("4.048"), Some((4048.0, 4, 0)));
        assert_eq!(p("0,125"), Some((0.125, 3, 3)));
        assert_eq!(p("1234,567"), Some((1234.567, 7, 3)));
        assert_eq!(p("1,234.56"), Some((1234.56, 6, 2)));
        assert_eq!(p("1 234,5"), Some((1234.5, 5, 1)));
        assert_eq!(p("2022 55"), None);
        assert_eq!(p("1,2,3"), None);
        assert_eq!(p("1,234,5"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("99999999999999999999999"), None);
    }

    #[test]
    fn numbers_before_a_position() {
        let t = "en 2022 55 miles";
        let n = number_before(t, t.find(" miles").unwrap()).unwrap();
        assert_eq!((&t[n.start..n.end], n.value), ("55", 55.0));
        let t = "à cinquante-cinq miles";
        let n = number_before(t, t.find(" miles").unwrap()).unwrap();
        assert_eq!((&t[n.start..n.end], n.value), ("cinquante-cinq", 55.0));
        let t = "Deux cent cinquante pieds";
        let n = number_before(t, t.find(" pieds").unwrap()).unwrap();
        assert_eq!((n.start, n.value, n.sig), (0, 250.0, 2));
        let t = "vingt et un pieds";
        let n = number_before(t, t.find(" pieds").unwrap()).unwrap();
        assert_eq!((n.start, n.value), (0, 21.0));
        let t = "quatre-vingt-dix miles";
        assert_eq!(number_before(t, 16).unwrap().value, 90.0);
        let t = "et un pied";
        assert_eq!(number_before(t, 5).unwrap().value, 1.0);
        let t = "le F-35 pieds";
        assert!(number_before(t, 7).is_none());
        let t = "miles";
        assert!(number_before(t, 0).is_none());
        assert!(number_before("é", 2).is_none());
    }

    #[test]
    fn french_formatting() {
        assert_eq!(format_fr(88.51, 0, "\u{A0}"), "89");
        assert_eq!(format_fr(2414.0, 0, " "), "2 414");
        assert_eq!(format_fr(1.80, 1, " "), "1,8");
        assert_eq!(format_fr(8.0, 1, " "), "8");
        assert_eq!(format_fr(-0.2, 0, " "), "0");
        assert_eq!(format_fr(-40.0, 0, " "), "-40");
        assert_eq!(format_fr(1_234_567.0, 0, " "), "1 234 567");
        let (v, d) = round_sig(88.51392, 2);
        assert_eq!(format_fr(v, d, " "), "89");
        let (v, d) = round_sig(59_546.0, 2);
        assert_eq!(format_fr(v, d, " "), "60 000");
        let (v, d) = round_sig(0.9144, 2);
        assert_eq!(format_fr(v, d, " "), "0,91");
    }
}
