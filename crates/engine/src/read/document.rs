//! One pass of serde over a document: the top-level fields collected (as `Value`s, or as
//! borrowed trees: `Pass::owned`), and the `responses` array read record by record (each
//! checked and handed on as soon as it is parsed, never kept as a tree). The fast reader
//! (`fast`) makes the same pass by hand.

use std::borrow::Cow;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::fast;
use super::pass::{Pass, Top};
use super::record::ResponseSeed;
use super::response::ResponsesOut;
use super::tree::{to_other, DuplicateFlag, HeaderSeed, Json, KeySeed};
use crate::data::Response;
use crate::model::Model;

/// One pass over `text`: by the fast reader when it can, else by serde.
pub(super) fn parse<'de, T, F: FnMut(Option<(&mut Response, &Model)>) -> Option<T>>(
    pass: &mut Pass<'de, T>,
    text: &'de str,
    keep: &mut F,
) -> Result<Top<'de>, serde_json::Error> {
    if fast::enabled() {
        if let Some(top) = fast::parse(pass, text, keep) {
            return Ok(top);
        }
        // Something the fast reader leaves to serde: start again from a clean pass.
        let stage = if pass.collect {
            None
        } else {
            pass.stage.take()
        };
        *pass = Pass::new(pass.collect, stage, pass.store, pass.owned);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let top = TopSeed { pass, keep }.deserialize(&mut de)?;
    de.end()?;
    Ok(top)
}

pub(super) struct TopSeed<'p, 'de, T, F> {
    pub(super) pass: &'p mut Pass<'de, T>,
    pub(super) keep: &'p mut F,
}

impl<'de, T, F: FnMut(Option<(&mut Response, &Model)>) -> Option<T>> DeserializeSeed<'de>
    for TopSeed<'_, 'de, T, F>
{
    type Value = Top<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Top<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T, F> TopSeed<'_, 'de, T, F> {
    pub(super) fn flag(&self) -> &DuplicateFlag {
        &self.pass.flag
    }

    pub(super) fn other(self, v: Json<'de>) -> Top<'de> {
        Top::Other(v)
    }
}

impl<'de, T, F: FnMut(Option<(&mut Response, &Model)>) -> Option<T>> Visitor<'de>
    for TopSeed<'_, 'de, T, F>
{
    type Value = Top<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON document")
    }

    to_other!(Top<'de>, visit_seq: SeqAccess);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<'de>, A::Error> {
        let pass = self.pass;
        let mut pairs: Vec<(Cow<'de, str>, Json<'de>)> = Vec::new();
        let mut responses_seen = false;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            pass.top_key(&pairs, responses_seen, &key);
            if key == "responses" {
                responses_seen = true;
                let value = map.next_value_seed(ResponsesSeed {
                    pass: &mut *pass,
                    keep: &mut *self.keep,
                })?;
                if pass.collect {
                    pairs.push((key, value));
                }
            } else if pass.collect {
                let value = map.next_value_seed(HeaderSeed {
                    flag: &pass.flag,
                    owned: pass.owned,
                })?;
                pairs.push((key, value));
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Top::Object(pairs))
    }
}

pub(super) struct ResponsesSeed<'p, 'de, T, F> {
    pub(super) pass: &'p mut Pass<'de, T>,
    pub(super) keep: &'p mut F,
}

impl<'de, T, F: FnMut(Option<(&mut Response, &Model)>) -> Option<T>> DeserializeSeed<'de>
    for ResponsesSeed<'_, 'de, T, F>
{
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T, F> ResponsesSeed<'_, 'de, T, F> {
    pub(super) fn flag(&self) -> &DuplicateFlag {
        &self.pass.flag
    }

    pub(super) fn other(self, v: Json<'de>) -> Json<'de> {
        v
    }
}

impl<'de, T, F: FnMut(Option<(&mut Response, &Model)>) -> Option<T>> Visitor<'de>
    for ResponsesSeed<'_, 'de, T, F>
{
    type Value = Json<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("the responses")
    }

    to_other!(Json<'de>, visit_map: MapAccess);

    /// Checks each response as it is parsed (or skips them all when there is nothing yet
    /// to check them against).
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let pass = self.pass;
        pass.out = ResponsesOut::default();
        (self.keep)(None);
        let Some(stage) = &pass.stage else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            pass.streamed = false;
            return Ok(Json::Array(Vec::new()));
        };
        let model = stage.model.clone();
        let mut i = 0;
        let mut buffer = Vec::new();
        while let Some(raw) = seq.next_element_seed(ResponseSeed {
            flag: &pass.flag,
            buffer,
        })? {
            buffer = pass.take_record(self.keep, &model, i, raw);
            i += 1;
        }
        pass.out.read = i;
        pass.streamed = true;
        Ok(Json::Array(Vec::new()))
    }
}
