//! The built-in rule files in packed form: read without parsing TOML.
//!
//! Why: parsing the ~800 KB of TOML of the French pack was a fifth of the
//! start-up of every run (a pre-commit hook or an editor pays it on each
//! call). `build.rs` parses each built-in file when the binary is built
//! ([`encode`] documents the format) and embeds the result; at run time this
//! module replays it to serde exactly as `toml`'s deserializer would, spans
//! included, so [`super::RuleSet::load`] compiles the same [`super::schema`]
//! values either way (the tests compare the two, rule by rule).

#[allow(dead_code)] // the encoder runs in build.rs and in the tests; the tags are read here
pub mod encode;

use encode::{ARRAY, BOOL, FLOAT, INT, STR, TABLE};
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;
use serde_spanned::de::SpannedDeserializer;
use std::fmt;

/// Why a packed file could not be read back: only a corrupt or mismatched
/// embedding (a bug), or a schema the packed values do not fit.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

/// Deserializes a `T` from a packed file: its node tree (the whole of
/// `tree`) and its string table.
pub fn from_parts<'de, T: de::Deserialize<'de>>(
    tree: &'de [u8],
    strings: &'de str,
) -> Result<T, Error> {
    let mut reader = Reader {
        bytes: tree,
        pos: 0,
        strings,
    };
    let value = T::deserialize(Node { r: &mut reader })?;
    if reader.pos != tree.len() {
        return Err(Error("trailing bytes after the packed table".into()));
    }
    Ok(value)
}

/// A cursor over the packed bytes.
struct Reader<'de> {
    bytes: &'de [u8],
    pos: usize,
    strings: &'de str,
}

impl<'de> Reader<'de> {
    fn take(&mut self, n: usize) -> Result<&'de [u8], Error> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| Error("packed data ends early".into()))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    fn varint(&mut self) -> Result<usize, Error> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return usize::try_from(n).map_err(|_| Error("varint out of range".into()));
            }
        }
        Err(Error("varint too long".into()))
    }

    fn eight(&mut self) -> Result<[u8; 8], Error> {
        let mut out = [0; 8];
        out.copy_from_slice(self.take(8)?);
        Ok(out)
    }

    /// A string of the table (no UTF-8 check: the table is a `str`).
    fn str(&mut self) -> Result<&'de str, Error> {
        let offset = self.varint()?;
        let len = self.varint()?;
        offset
            .checked_add(len)
            .and_then(|end| self.strings.get(offset..end))
            .ok_or_else(|| Error("string out of the table".into()))
    }

    /// A node's tag and span.
    fn header(&mut self) -> Result<(u8, usize, usize), Error> {
        Ok((self.byte()?, self.varint()?, self.varint()?))
    }
}

/// A node whose header is still to be read: what a `toml::Spanned` asks
/// for is known only here.
struct Node<'a, 'de> {
    r: &'a mut Reader<'de>,
}

/// A node's payload, its header read.
struct Body<'a, 'de> {
    r: &'a mut Reader<'de>,
    tag: u8,
}

impl<'de> de::Deserializer<'de> for Node<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let (tag, _, _) = self.r.header()?;
        Body { r: self.r, tag }.deserialize_any(v)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let (tag, start, end) = self.r.header()?;
        if serde_spanned::de::is_spanned(name) {
            // The span's start, its end, then the value: the protocol
            // `toml`'s own deserializer follows.
            v.visit_map(SpannedDeserializer::new(
                Body { r: self.r, tag },
                start..end,
            ))
        } else {
            Body { r: self.r, tag }.deserialize_struct(name, fields, v)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let (tag, _, _) = self.r.header()?;
        Body { r: self.r, tag }.deserialize_enum(name, variants, v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        // A value that is there is `Some` (TOML has no null).
        v.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier
        ignored_any
    }
}

impl<'de> de::Deserializer<'de> for Body<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.tag {
            STR => v.visit_borrowed_str(self.r.str()?),
            INT => v.visit_i64(i64::from_le_bytes(self.r.eight()?)),
            FLOAT => v.visit_f64(f64::from_bits(u64::from_le_bytes(self.r.eight()?))),
            BOOL => v.visit_bool(self.r.byte()? != 0),
            ARRAY => {
                let left = self.r.varint()?;
                v.visit_seq(Seq { r: self.r, left })
            }
            TABLE => {
                let left = self.r.varint()?;
                v.visit_map(Map { r: self.r, left })
            }
            other => Err(Error(format!("unknown node tag {other}"))),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        // TOML writes a unit variant as its name, as `toml` reads it.
        if self.tag != STR {
            return Err(Error("expected a string naming a variant".into()));
        }
        let name = BorrowedStrDeserializer::<Error>::new(self.r.str()?);
        v.visit_enum(name)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

/// The elements of an array node.
struct Seq<'a, 'de> {
    r: &'a mut Reader<'de>,
    left: usize,
}

impl<'de> SeqAccess<'de> for Seq<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(Node { r: self.r }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// The entries of a table node.
struct Map<'a, 'de> {
    r: &'a mut Reader<'de>,
    left: usize,
}

impl<'de> MapAccess<'de> for Map<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let key = BorrowedStrDeserializer::<Error>::new(self.r.str()?);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Node { r: self.r })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// A payload handed to `toml::Spanned` (through
/// [`serde_spanned::de::SpannedDeserializer`]) as the spanned value.
impl<'a, 'de> IntoDeserializer<'de, Error> for Body<'a, 'de> {
    type Deserializer = Body<'a, 'de>;

    fn into_deserializer(self) -> Body<'a, 'de> {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::schema::RawRuleFile;

    /// Every kind of TOML value, nested tables, arrays of tables, dotted
    /// keys and a policy's enums.
    const SAMPLE: &str = r#"
[[rule]]
id = "calque/x"
category = "calque"
severity = "info"
kind = "engine"
engine = "units"
message = "m {match}"
explanation = """
Several
lines."""
fr.message = "é"
fr.explanation = "è"
options = { n = -3, big = 9007199254740993, x = 1.5, on = true, list = ["a", "b"], nested = { deep = [{ k = 1 }, { k = 2 }] } }
examples.fire = [{ text = "a b", match = "a" }]
examples.quiet = ["c"]
examples.policy = { disclosure = "required", byline = "required" }

[[rule]]
id = "calque/y"
category = "calque"
severity = "warning"
kind = "pattern"
pattern = '\bx(y)\b'
group = 1
prefilter = ["x"]
exceptions = ['xz', 'xq']
message = "m"
explanation = "e"
examples.fire = [{ text = "xy", match = "y", fix = "z" }]
examples.quiet = ["x"]
"#;

    fn packed(text: &str) -> encode::Packed {
        encode::encode(text).expect("encodes")
    }

    #[test]
    fn reads_back_what_toml_reads() {
        let p = packed(SAMPLE);
        let a: RawRuleFile = from_parts(&p.tree, &p.strings).unwrap();
        let b: RawRuleFile = toml::from_str(SAMPLE).unwrap();
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        let a: toml::Table = from_parts(&p.tree, &p.strings).unwrap();
        let b: toml::Table = toml::from_str(SAMPLE).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn schema_errors_still_surface() {
        let p = packed("[[rule]]\nid = 3\n");
        let err = from_parts::<RawRuleFile>(&p.tree, &p.strings).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }

    #[test]
    fn truncated_data_is_an_error_not_a_panic() {
        let p = packed(SAMPLE);
        let tree = &p.tree;
        for cut in [0, 1, 7, tree.len() / 2, tree.len() - 1] {
            assert!(
                from_parts::<toml::Table>(&tree[..cut], &p.strings).is_err(),
                "{cut}"
            );
        }
        let mut longer = tree.clone();
        longer.push(0);
        assert!(from_parts::<toml::Table>(&longer, &p.strings).is_err());
        let mut cut = p.strings.len() / 2;
        while !p.strings.is_char_boundary(cut) {
            cut -= 1;
        }
        assert!(from_parts::<toml::Table>(tree, &p.strings[..cut]).is_err());
    }

    #[test]
    fn toml_errors_keep_their_span() {
        let err = encode::encode("a = 1\nb = [\n").unwrap_err();
        assert!(err.span().is_some());
    }
}
