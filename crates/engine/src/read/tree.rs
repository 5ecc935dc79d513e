//! A borrowed JSON tree for reading data files fast: strings point into the input (no copy
//! unless they hold escapes), objects are small vectors of pairs, and keys that occur twice in
//! the same object are kept, so that validation can report them (serde_json's `Value` would
//! resolve them silently, the last value winning).

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::hash::key_bit;
use crate::problem::pointer_token;

/// One JSON value, borrowing from the text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    /// Pairs in document order, duplicates included.
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
    /// A value read straight into a `serde_json::Value` (`ValueSeed`: a top-level field of
    /// a document in which no key is repeated).
    Owned(Value),
}

impl<'a> Json<'a> {
    /// The same value as a `serde_json::Value` (repeated keys: the last one wins).
    pub fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.to_string()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(pairs) => object_value(pairs),
            Json::Owned(v) => v.clone(),
        }
    }

    /// As `to_value`, moving what is already a `Value` rather than copying it.
    pub fn into_value(self) -> Value {
        match self {
            Json::Owned(v) => v,
            other => other.to_value(),
        }
    }

    /// Appends the JSON pointer of every repeated key under this value (`base` is its own
    /// pointer), in document order.
    pub fn duplicates(&self, base: &str, out: &mut Vec<String>) {
        match self {
            Json::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    v.duplicates(&format!("{base}/{i}"), out);
                }
            }
            Json::Object(pairs) => {
                for (i, (k, v)) in pairs.iter().enumerate() {
                    let here = format!("{base}/{}", pointer_token(k));
                    v.duplicates(&here, out);
                    if pairs[..i].iter().any(|(earlier, _)| earlier == k) {
                        out.push(here);
                    }
                }
            }
            _ => {}
        }
    }
}

/// An object's pairs as a `serde_json::Value` (repeated keys: the last one wins), without
/// copying them into a `Json` first.
pub fn object_value(pairs: &[(Cow<'_, str>, Json<'_>)]) -> Value {
    let mut map = Map::new();
    for (k, v) in pairs {
        map.insert(k.to_string(), v.to_value());
    }
    Value::Object(map)
}

/// An object's pairs as a `serde_json::Value`, moving the values (see `Json::into_value`).
pub fn into_object_value(pairs: Vec<(Cow<'_, str>, Json<'_>)>) -> Value {
    let mut map = Map::new();
    for (k, v) in pairs {
        map.insert(k.into_owned(), v.into_value());
    }
    Value::Object(map)
}

/// Set when the parser meets a repeated key, so the (rare) search for where is only made then.
#[derive(Default)]
pub struct DuplicateFlag(Cell<bool>);

impl DuplicateFlag {
    /// Whether a repeated key was seen since the last call; clears the flag.
    pub fn take(&self) -> bool {
        self.0.replace(false)
    }
}

/// Reads one value as a `Json` tree.
#[derive(Clone, Copy)]
pub struct JsonSeed<'f>(pub &'f DuplicateFlag);

impl<'de> DeserializeSeed<'de> for JsonSeed<'_> {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

/// Reads one value straight into a `serde_json::Value`, noting a repeated key in the flag
/// (the value then holds the last one, as `Json::to_value` gives; where the key is, is
/// found by reading the document again as `Json`). Building a `Json` tree and then a
/// `Value` of it was a fifth of a read at 100k responses, for the top-level fields
/// (accounts, actions, predictions) that are checked as `Value`s.
#[derive(Clone, Copy)]
pub struct ValueSeed<'f>(pub &'f DuplicateFlag);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element_seed(self)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            if out.insert(key, value).is_some() {
                self.0 .0.set(true);
            }
        }
        Ok(Value::Object(out))
    }
}

/// Reads a top-level field's value: straight into a `Value` (`owned`), or as a `Json` tree.
#[derive(Clone, Copy)]
pub struct HeaderSeed<'f> {
    pub flag: &'f DuplicateFlag,
    pub owned: bool,
}

impl<'de> DeserializeSeed<'de> for HeaderSeed<'_> {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        if self.owned {
            ValueSeed(self.flag).deserialize(d).map(Json::Owned)
        } else {
            JsonSeed(self.flag).deserialize(d)
        }
    }
}

/// Object keys, borrowed when they have no escapes.
pub struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

/// Adds a pair to an object under construction, noting a repeated key. A 64-bit filter
/// on a hash of the key keeps the check cheap for the usual small objects.
pub fn push_pair<'de>(
    pairs: &mut Vec<(Cow<'de, str>, Json<'de>)>,
    seen: &mut u64,
    key: Cow<'de, str>,
    value: Json<'de>,
    flag: &DuplicateFlag,
) {
    let bit = key_bit(&key);
    if *seen & bit != 0 && pairs.iter().any(|(k, _)| *k == key) {
        flag.0.set(true);
    }
    *seen |= bit;
    pairs.push((key, value));
}

impl<'de> Visitor<'de> for JsonSeed<'_> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json<'de>, E> {
        Ok(Number::from_f64(v).map_or(Json::Null, Json::Number))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v.to_string())))
    }

    fn visit_string<E>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element_seed(self)? {
            out.push(v);
        }
        Ok(Json::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut pairs = Vec::with_capacity(8);
        let mut seen = 0u64;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(self)?;
            push_pair(&mut pairs, &mut seen, key, value, self.0);
        }
        Ok(Json::Object(pairs))
    }
}

/// Visitor methods for the JSON values a visitor has no use of: the value is read with
/// `JsonSeed` (so repeated keys inside are still noticed) and handed to the visitor's own
/// `other`. Each visitor using it has `flag()` and `other(value)`.
macro_rules! to_other {
    ($ret:ty $(, $extra:ident: $access:ident)*) => {
        to_other!(@scalars $ret;
            visit_bool(v: bool),
            visit_i64(v: i64),
            visit_u64(v: u64),
            visit_f64(v: f64),
            visit_borrowed_str(v: &'de str),
            visit_str(v: &str),
            visit_unit()
        );
        $(fn $extra<A: $access<'de>>(self, a: A) -> Result<$ret, A::Error> {
            let v = $crate::read::tree::JsonSeed(self.flag()).$extra(a)?;
            Ok(self.other(v))
        })*
    };
    (@scalars $ret:ty; $($name:ident($($arg:ident: $ty:ty),*)),*) => {
        $(fn $name<E: serde::de::Error>(self, $($arg: $ty),*) -> Result<$ret, E> {
            let v = $crate::read::tree::JsonSeed(self.flag()).$name($($arg),*)?;
            Ok(self.other(v))
        })*
    };
}
pub(super) use to_other;
