//! Writes a TOML file in the packed form that [`super`] reads back.
//!
//! Shared by `build.rs` (which packs the built-in rule files when the
//! binary is built) and the crate's tests (which check that reading the
//! packed form gives what parsing the TOML gives), so this file depends on
//! nothing but `serde` and `toml`.
//!
//! The format is a tree of nodes, each `tag, span start, span end,
//! payload`, where the span is the byte range `toml` gives the value in the
//! source text (what a `toml::Spanned` field receives):
//!
//! - [`STR`]: length, UTF-8 bytes;
//! - [`INT`]: 8 bytes, little-endian `i64`;
//! - [`FLOAT`]: 8 bytes, little-endian bits of an `f64`;
//! - [`BOOL`]: one byte, 0 or 1;
//! - [`ARRAY`]: count, then that many nodes;
//! - [`TABLE`]: count, then that many `key length, key bytes, node`, in
//!   the order of the source (the order `toml` hands them to serde).
//!
//! Lengths, counts and span offsets are unsigned LEB128 varints. The root is
//! the document's table, with the span `0..0`.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use toml::Spanned;

/// Tag of a string node.
pub const STR: u8 = 1;
/// Tag of an integer node.
pub const INT: u8 = 2;
/// Tag of a float node.
pub const FLOAT: u8 = 3;
/// Tag of a boolean node.
pub const BOOL: u8 = 4;
/// Tag of an array node.
pub const ARRAY: u8 = 5;
/// Tag of a table node.
pub const TABLE: u8 = 6;

/// Parses `text` as TOML and returns its packed form. Errors are `toml`'s
/// own, with the span of the offending text.
pub fn encode(text: &str) -> Result<Vec<u8>, toml::de::Error> {
    let root: Value = toml::from_str(text)?;
    let mut out = Vec::with_capacity(text.len());
    write_node(&mut out, 0..0, &root);
    Ok(out)
}

/// A TOML value as `toml`'s deserializer hands it over, every nested value
/// with its span.
enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Array(Vec<Spanned<Value>>),
    Table(Vec<(String, Spanned<Value>)>),
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Datetimes come as a table holding a plain string, which this
        // visitor refuses: no rule file needs one.
        f.write_str("a string, number, boolean, array or table (no datetime)")
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom("integer out of range"))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            entries.push((key, map.next_value()?));
        }
        Ok(Value::Table(entries))
    }
}

/// Appends `n` as an unsigned LEB128 varint.
fn write_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    write_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn write_node(out: &mut Vec<u8>, span: std::ops::Range<usize>, value: &Value) {
    let tag = match value {
        Value::Str(_) => STR,
        Value::Int(_) => INT,
        Value::Float(_) => FLOAT,
        Value::Bool(_) => BOOL,
        Value::Array(_) => ARRAY,
        Value::Table(_) => TABLE,
    };
    out.push(tag);
    write_varint(out, span.start as u64);
    write_varint(out, span.end as u64);
    match value {
        Value::Str(s) => write_str(out, s),
        Value::Int(i) => out.extend_from_slice(&i.to_le_bytes()),
        Value::Float(x) => out.extend_from_slice(&x.to_bits().to_le_bytes()),
        Value::Bool(b) => out.push(u8::from(*b)),
        Value::Array(items) => {
            write_varint(out, items.len() as u64);
            for item in items {
                write_node(out, item.span(), item.get_ref());
            }
        }
        Value::Table(entries) => {
            write_varint(out, entries.len() as u64);
            for (key, item) in entries {
                write_str(out, key);
                write_node(out, item.span(), item.get_ref());
            }
        }
    }
}
