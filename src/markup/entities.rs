//! HTML character references: the named entities an article actually uses
//! (all of HTML 4's Latin-1 set, typographic punctuation and spaces, a few
//! symbols) and every numeric one (`&#233;`, `&#xE9;`), decoded the way a
//! browser does (`&#146;` is Windows-1252's `’`, invalid code points are
//! U+FFFD). An unknown name is left as written: the `encoding/html-entity`
//! rule can then report it.

/// Names of U+00A0..=U+00FF, in code point order (HTML 4's Latin-1 set).
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// Other named references, by name.
const OTHERS: &[(&str, char)] = &[
    ("quot", '"'),
    ("amp", '&'),
    ("apos", '\''),
    ("lt", '<'),
    ("gt", '>'),
    ("OElig", 'Œ'),
    ("oelig", 'œ'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("Yuml", 'Ÿ'),
    ("fnof", 'ƒ'),
    ("circ", 'ˆ'),
    ("tilde", '˜'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("numsp", '\u{2007}'),
    ("puncsp", '\u{2008}'),
    ("thinsp", '\u{2009}'),
    ("hairsp", '\u{200A}'),
    ("ZeroWidthSpace", '\u{200B}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("lrm", '\u{200E}'),
    ("rlm", '\u{200F}'),
    ("hyphen", '\u{2010}'),
    ("dash", '\u{2010}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("bull", '•'),
    ("hellip", '…'),
    ("permil", '‰'),
    ("prime", '′'),
    ("Prime", '″'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("oline", '‾'),
    ("frasl", '⁄'),
    ("euro", '€'),
    ("trade", '™'),
    ("larr", '←'),
    ("rarr", '→'),
    ("uarr", '↑'),
    ("darr", '↓'),
    ("harr", '↔'),
    ("minus", '−'),
    ("infin", '∞'),
    ("asymp", '≈'),
    ("ne", '≠'),
    ("le", '≤'),
    ("ge", '≥'),
    ("NonBreakingSpace", '\u{A0}'),
    ("NewLine", '\n'),
    ("Tab", '\t'),
];

/// Windows-1252 meanings of `&#128;`..`&#159;` (the HTML standard's table).
const WINDOWS_1252: [(u32, char); 27] = [
    (0x80, '€'),
    (0x82, '‚'),
    (0x83, 'ƒ'),
    (0x84, '„'),
    (0x85, '…'),
    (0x86, '†'),
    (0x87, '‡'),
    (0x88, 'ˆ'),
    (0x89, '‰'),
    (0x8A, 'Š'),
    (0x8B, '‹'),
    (0x8C, 'Œ'),
    (0x8E, 'Ž'),
    (0x91, '‘'),
    (0x92, '’'),
    (0x93, '“'),
    (0x94, '”'),
    (0x95, '•'),
    (0x96, '–'),
    (0x97, '—'),
    (0x98, '˜'),
    (0x99, '™'),
    (0x9A, 'š'),
    (0x9B, '›'),
    (0x9C, 'œ'),
    (0x9E, 'ž'),
    (0x9F, 'Ÿ'),
];

/// The character a named reference stands for.
pub fn named(name: &str) -> Option<char> {
    if let Some(i) = LATIN1.iter().position(|n| *n == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    OTHERS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// The character a numeric reference stands for, as a browser decodes it.
fn numeric(value: Option<u32>) -> char {
    match value {
        Some(0) | None => '\u{FFFD}',
        Some(v @ 0x80..=0x9F) => WINDOWS_1252
            .iter()
            .find(|(k, _)| *k == v)
            .map_or_else(|| char::from_u32(v).unwrap_or('\u{FFFD}'), |(_, c)| *c),
        Some(v) => char::from_u32(v).unwrap_or('\u{FFFD}'),
    }
}

/// Decodes the character reference at the start of `s` (which starts with
/// `&`): the number of bytes it takes and the character. `None` when `s`
/// does not start with a reference this module knows (the `&` is then text).
/// Named references need their `;`; numeric ones may omit it, as in HTML.
pub fn decode_at(s: &str) -> Option<(usize, char)> {
    let rest = s.strip_prefix('&')?;
    if let Some(num) = rest.strip_prefix('#') {
        let (hex, digits_at) = match num.as_bytes().first() {
            Some(b'x' | b'X') => (true, 1),
            _ => (false, 0),
        };
        let digits = &num[digits_at..];
        let n = digits
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if n == 0 {
            return None;
        }
        let value = u32::from_str_radix(&digits[..n], if hex { 16 } else { 10 })
            .ok()
            .filter(|v| *v <= 0x10FFFF);
        let semi = usize::from(digits[n..].starts_with(';'));
        return Some((2 + digits_at + n + semi, numeric(value)));
    }
    let n = rest
        .bytes()
        .take(32)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    if n == 0 || !rest[n..].starts_with(';') {
        return None;
    }
    named(&rest[..n]).map(|c| (n + 2, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_numeric_references() {
        assert_eq!(decode_at("&eacute;t"), Some((8, 'é')));
        assert_eq!(decode_at("&nbsp;"), Some((6, '\u{A0}')));
        assert_eq!(decode_at("&laquo;"), Some((7, '«')));
        assert_eq!(decode_at("&raquo;"), Some((7, '»')));
        assert_eq!(decode_at("&rsquo;"), Some((7, '’')));
        assert_eq!(decode_at("&amp;"), Some((5, '&')));
        assert_eq!(decode_at("&yuml;"), Some((6, 'ÿ')));
        assert_eq!(decode_at("&#233;"), Some((6, 'é')));
        assert_eq!(decode_at("&#xE9;"), Some((6, 'é')));
        assert_eq!(
            decode_at("&#XE9"),
            Some((5, 'é')),
            "numeric `;` is optional"
        );
        assert_eq!(decode_at("&#146;"), Some((6, '’')), "Windows-1252 range");
        assert_eq!(decode_at("&#0;"), Some((4, '\u{FFFD}')));
        assert_eq!(decode_at("&#xD800;"), Some((8, '\u{FFFD}')));
        assert_eq!(decode_at("&#99999999999;"), Some((14, '\u{FFFD}')));
    }

    #[test]
    fn unknown_or_unterminated_references_stay_text() {
        assert_eq!(decode_at("&eacute"), None);
        assert_eq!(decode_at("&nosuch;"), None);
        assert_eq!(decode_at("& "), None);
        assert_eq!(decode_at("&#;"), None);
        assert_eq!(decode_at("&#x;"), None);
        assert_eq!(decode_at("&"), None);
        assert_eq!(decode_at("&é;"), None);
    }

    #[test]
    fn latin1_table_is_in_code_point_order() {
        assert_eq!(named("nbsp"), Some('\u{A0}'));
        assert_eq!(named("laquo"), Some('«'));
        assert_eq!(named("eacute"), Some('é'));
        assert_eq!(named("Eacute"), Some('É'));
        assert_eq!(named("szlig"), Some('ß'));
        assert_eq!(named("divide"), Some('÷'));
    }
}
