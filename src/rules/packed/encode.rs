//! Writes a TOML file in the packed form that [`super`] reads back.
//!
//! Shared by `build.rs` (which packs the built-in rule files when the
//! binary is built) and the crate's tests (which check that reading the
//! packed form gives what parsing the TOML gives), so this file depends on
//! nothing but `serde` and `toml`.
//!
//! A packed file is two parts: a string table (every string and key, each
//! once, concatenated: embedded with `include_str!`, so it is checked as
//! UTF-8 when the binary is built, not at each run) and a tree of nodes,
//! each `tag, span start, span end, payload`, where the span is the byte
//! range `toml` gives the value in the source text (what a `toml::Spanned`
//! field receives). A string is written as its offset and length in the
//! table. Payloads:
//!
//! - [`STR`]: a string;
//! - [`INT`]: 8 bytes, little-endian `i64`;
//! - [`FLOAT`]: 8 bytes, little-endian bits of an `f64`;
//! - [`BOOL`]: one byte, 0 or 1;
//! - [`ARRAY`]: count, then that many nodes;
//! - [`TABLE`]: count, then that many `key string, node`, in the order of
//!   the source (the order `toml` hands them to serde).
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

/// A packed file: the node tree and its string table.
#[derive(Debug)]
pub struct Packed {
    /// The nodes, root first.
    pub tree: Vec<u8>,
    /// Every string the tree names, each once.
    pub strings: String,
}

/// Parses `text` as TOML and returns its packed form. Errors are `toml`'s
/// own, with the span of the offending text.
pub fn encode(text: &str) -> Result<Packed, toml::de::Error> {
    let root: Value = toml::from_str(text)?;
    let mut w = Writer {
        tree: Vec::with_capacity(text.len() / 4),
        strings: String::with_capacity(text.len()),
        seen: std::collections::HashMap::new(),
    };
    w.node(0..0, &root);
    Ok(Packed {
        tree: w.tree,
        strings: w.strings,
    })
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

/// Builds a packed file.
struct Writer {
    tree: Vec<u8>,
    strings: String,
    /// Offset of each string already in the table.
    seen: std::collections::HashMap<String, usize>,
}

impl Writer {
    /// Appends `n` as an unsigned LEB128 varint.
    fn varint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.tree.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.tree.push(n as u8);
    }

    /// Appends a string's offset and length in the table, adding it there
    /// the first time.
    fn str(&mut self, s: &str) {
        let offset = match self.seen.get(s) {
            Some(&o) => o,
            None => {
                let o = self.strings.len();
                self.strings.push_str(s);
                self.seen.insert(s.to_owned(), o);
                o
            }
        };
        self.varint(offset as u64);
        self.varint(s.len() as u64);
    }

    fn node(&mut self, span: std::ops::Range<usize>, value: &Value) {
        let tag = match value {
            Value::Str(_) => STR,
            Value::Int(_) => INT,
            Value::Float(_) => FLOAT,
            Value::Bool(_) => BOOL,
            Value::Array(_) => ARRAY,
            Value::Table(_) => TABLE,
        };
        self.tree.push(tag);
        self.varint(span.start as u64);
        self.varint(span.end as u64);
        match value {
            Value::Str(s) => self.str(s),
            Value::Int(i) => self.tree.extend_from_slice(&i.to_le_bytes()),
            Value::Float(x) => self.tree.extend_from_slice(&x.to_bits().to_le_bytes()),
            Value::Bool(b) => self.tree.push(u8::from(*b)),
            Value::Array(items) => {
                self.varint(items.len() as u64);
                for item in items {
                    self.node(item.span(), item.get_ref());
                }
            }
            Value::Table(entries) => {
                self.varint(entries.len() as u64);
                for (key, item) in entries {
                    self.str(key);
                    self.node(item.span(), item.get_ref());
                }
            }
        }
    }
}
