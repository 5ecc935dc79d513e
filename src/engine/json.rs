//! Parsing JSON into `serde_json::Value` while noticing duplicate object keys, which
//! `serde_json` would otherwise resolve silently (the last value wins).

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::validate::pointer_token;

#[derive(Default)]
struct Context {
    path: RefCell<Vec<String>>,
    duplicates: RefCell<Vec<String>>,
}

impl Context {
    fn pointer(&self) -> String {
        self.path
            .borrow()
            .iter()
            .map(|t| format!("/{}", pointer_token(t)))
            .collect()
    }
}

#[derive(Clone, Copy)]
struct Seed<'a>(&'a Context);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
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
        loop {
            self.0.path.borrow_mut().push(out.len().to_string());
            let next = seq.next_element_seed(self);
            self.0.path.borrow_mut().pop();
            match next? {
                Some(v) => out.push(v),
                None => return Ok(Value::Array(out)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.0.path.borrow_mut().push(key.clone());
            let value = map.next_value_seed(self);
            if value.is_ok() && out.contains_key(&key) {
                let ptr = self.0.pointer();
                self.0.duplicates.borrow_mut().push(ptr);
            }
            self.0.path.borrow_mut().pop();
            out.insert(key, value?);
        }
        Ok(Value::Object(out))
    }
}

/// Parses a JSON document; also returns the JSON pointers of keys that occur twice in the
/// same object (the value kept is the last one, as in most JSON readers).
pub fn parse_with_duplicates(text: &str) -> Result<(Value, Vec<String>), serde_json::Error> {
    let ctx = Context::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed(&ctx).deserialize(&mut de)?;
    de.end()?;
    Ok((value, ctx.duplicates.into_inner()))
}
