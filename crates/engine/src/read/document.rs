//! One pass of serde over a document: the top level collected as a borrowed tree, and the
//! `responses` array read record by record (each checked and handed on as soon as it is
//! parsed, never kept as a tree).

use std::borrow::Cow;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::fast;
use super::header::{Header, Reader};
use super::response::{read_response, ResponseStage, ResponsesOut};
use super::tree::{object_value, push_pair, DuplicateFlag, Json, JsonSeed, KeySeed};
use crate::data::Response;
use crate::model::Model;
use crate::problem::pointer_token;

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
            let v = JsonSeed(self.flag()).$extra(a)?;
            Ok(self.other(v))
        })*
    };
    (@scalars $ret:ty; $($name:ident($($arg:ident: $ty:ty),*)),*) => {
        $(fn $name<E: serde::de::Error>(self, $($arg: $ty),*) -> Result<$ret, E> {
            let v = JsonSeed(self.flag()).$name($($arg),*)?;
            Ok(self.other(v))
        })*
    };
}

/// The top level of a document as read: its pairs, the `responses` array standing in as an
/// empty array (it was read record by record), or any other value.
pub(super) enum Top<'de> {
    Object(Vec<(Cow<'de, str>, Json<'de>)>),
    Other(Json<'de>),
}

impl Top<'_> {
    pub(super) fn to_value(&self) -> Value {
        match self {
            Top::Object(pairs) => object_value(pairs),
            Top::Other(v) => v.to_value(),
        }
    }
}

/// Top-level fields the reading of responses depends on.
pub(super) const RESPONSE_CONTEXT: [&str; 5] = ["waves", "accounts", "questions", "scale", "model"];

/// One pass over the document.
pub(super) struct Pass<'de, T> {
    /// Whether this pass collects the top-level fields (the first), or only reads responses.
    pub(super) collect: bool,
    pub(super) flag: DuplicateFlag,
    /// A repeated key was met before the responses.
    pub(super) header_duplicates: bool,
    /// What responses are read against; built when `responses` is reached, or given.
    pub(super) stage: Option<ResponseStage>,
    /// Responses were checked during this pass.
    pub(super) streamed: bool,
    /// A field in `RESPONSE_CONTEXT` came after `responses`.
    pub(super) late: bool,
    /// Whether accepted responses are kept (or only handed to the caller).
    pub(super) store: bool,
    pub(super) out: ResponsesOut<'de, T>,
}

impl<'de, T> Pass<'de, T> {
    pub(super) fn new(collect: bool, stage: Option<ResponseStage>, store: bool) -> Self {
        Pass {
            collect,
            flag: DuplicateFlag::default(),
            header_duplicates: false,
            stage,
            streamed: false,
            late: false,
            store,
            out: ResponsesOut::default(),
        }
    }

    pub(super) fn parse<F: FnMut(Option<(&mut Response, &Model)>) -> Option<T>>(
        &mut self,
        text: &'de str,
        keep: &mut F,
    ) -> Result<Top<'de>, serde_json::Error> {
        if fast::enabled() {
            if let Some(top) = fast::parse(self, text, keep) {
                return Ok(top);
            }
            // Something the fast reader leaves to serde: start again from a clean pass.
            let stage = if self.collect {
                None
            } else {
                self.stage.take()
            };
            *self = Pass::new(self.collect, stage, self.store);
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let top = TopSeed { pass: self, keep }.deserialize(&mut de)?;
        de.end()?;
        Ok(top)
    }
}

impl<'de, T> Pass<'de, T> {
    /// Notes a top-level key before its value is read (the same steps for both readers): a
    /// repeated key; for `responses`, the header read so far to check them against; and a
    /// field they depend on that comes after them.
    pub(super) fn top_key(
        &mut self,
        pairs: &[(Cow<'de, str>, Json<'de>)],
        responses_seen: bool,
        key: &str,
    ) {
        if !self.collect {
            return;
        }
        if pairs.iter().any(|(k, _)| k == key) || (responses_seen && key == "responses") {
            self.header_duplicates = true;
        }
        if key == "responses" {
            self.header_duplicates |= self.flag.take();
            if self.stage.is_none() || responses_seen {
                self.stage = header_so_far(pairs).map(|h| ResponseStage::new(&h));
            }
        } else if responses_seen && RESPONSE_CONTEXT.contains(&key) {
            self.late = true;
        }
    }

    /// Checks one response record and hands it on; gives back its (emptied) ratings buffer.
    pub(super) fn take_record<F: FnMut(Option<(&mut Response, &Model)>) -> Option<T>>(
        &mut self,
        keep: &mut F,
        model: &Model,
        i: usize,
        raw: RawResponse<'de>,
    ) -> Vec<(Cow<'de, str>, Json<'de>)> {
        let stage = self
            .stage
            .as_ref()
            .expect("records are read against a stage");
        if let Some(mut r) = read_response(stage, &mut self.out, i, &raw) {
            self.out.count(r.account, r.wave);
            let kept = keep(Some((&mut r, model)));
            if self.store {
                self.out.kept.extend(kept);
                self.out.responses.push(r);
            } else {
                let spare = &mut self.out.spare;
                spare.items = r.items;
                spare.respondent = r.respondent;
                if let Some(c) = r.comment {
                    spare.comment = c;
                }
            }
        }
        let mut buffer = raw.ratings;
        buffer.clear();
        buffer
    }
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
                let value = map.next_value_seed(JsonSeed(&pass.flag))?;
                pairs.push((key, value));
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Top::Object(pairs))
    }
}

/// The header as far as it has been read, when it is enough to read responses against.
pub(super) fn header_so_far(pairs: &[(Cow<str>, Json)]) -> Option<Header> {
    let map = object_value(pairs);
    let has = |k: &str| map.get(k).is_some();
    if !(has("waves") && has("accounts")) {
        return None;
    }
    let mut value = map;
    if let Value::Object(o) = &mut value {
        o.insert("format".to_string(), Value::String("rapport/1".to_string()));
        o.insert("responses".to_string(), Value::Array(Vec::new()));
    }
    Reader::default().header(&value)
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

/// One response record as parsed: its known fields, without building a tree.
pub(super) struct RawResponse<'de> {
    /// The record when it is not an object.
    pub(super) not_object: Option<Json<'de>>,
    pub(super) wave: Option<Json<'de>>,
    pub(super) account: Option<Json<'de>>,
    pub(super) respondent: Option<Json<'de>>,
    pub(super) role: Option<Json<'de>>,
    pub(super) nps: Option<Json<'de>>,
    pub(super) comment: Option<Json<'de>>,
    /// `ratings` when it is not an object.
    pub(super) ratings_other: Option<Json<'de>>,
    pub(super) ratings_present: bool,
    /// The rating pairs, repeated keys included (a buffer reused from record to record).
    pub(super) ratings: Vec<(Cow<'de, str>, Json<'de>)>,
    /// Pointers (below the record) of repeated keys.
    pub(super) repeated: Vec<String>,
}

impl<'de> RawResponse<'de> {
    pub(super) fn new(ratings: Vec<(Cow<'de, str>, Json<'de>)>) -> Self {
        RawResponse {
            not_object: None,
            wave: None,
            account: None,
            respondent: None,
            role: None,
            nps: None,
            comment: None,
            ratings_other: None,
            ratings_present: false,
            ratings,
            repeated: Vec::new(),
        }
    }
}

/// Reads one response record into a `RawResponse`.
pub(super) struct ResponseSeed<'f, 'de> {
    pub(super) flag: &'f DuplicateFlag,
    pub(super) buffer: Vec<(Cow<'de, str>, Json<'de>)>,
}

impl<'de> DeserializeSeed<'de> for ResponseSeed<'_, 'de> {
    type Value = RawResponse<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawResponse<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> ResponseSeed<'_, 'de> {
    pub(super) fn flag(&self) -> &DuplicateFlag {
        self.flag
    }

    /// The record is not an object: kept as it is, for the message.
    pub(super) fn other(self, v: Json<'de>) -> RawResponse<'de> {
        RawResponse {
            not_object: Some(v),
            ..RawResponse::new(self.buffer)
        }
    }
}

impl<'de> Visitor<'de> for ResponseSeed<'_, 'de> {
    type Value = RawResponse<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a response")
    }

    to_other!(RawResponse<'de>, visit_seq: SeqAccess);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawResponse<'de>, A::Error> {
        let flag = self.flag;
        let mut r = RawResponse::new(self.buffer);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let slot = match &*key {
                "wave" => &mut r.wave,
                "account" => &mut r.account,
                "respondent" => &mut r.respondent,
                "role" => &mut r.role,
                "nps" => &mut r.nps,
                "comment" => &mut r.comment,
                "ratings" => {
                    if r.ratings_present {
                        r.repeated.push("/ratings".to_string());
                        r.ratings.clear();
                        r.ratings_other = None;
                    }
                    r.ratings_present = true;
                    map.next_value_seed(RatingsSeed { flag, raw: &mut r })?;
                    continue;
                }
                _ => {
                    // Not part of a response: read (for repeated keys inside) and ignore.
                    let value = map.next_value_seed(JsonSeed(flag))?;
                    if flag.take() {
                        value.duplicates(&format!("/{}", pointer_token(&key)), &mut r.repeated);
                    }
                    continue;
                }
            };
            let value = map.next_value_seed(JsonSeed(flag))?;
            if flag.take() {
                value.duplicates(&format!("/{key}"), &mut r.repeated);
            }
            if slot.replace(value).is_some() {
                r.repeated.push(format!("/{key}"));
            }
        }
        Ok(r)
    }
}

/// Reads `ratings` into the raw response's pairs (or keeps what it is when not an object).
pub(super) struct RatingsSeed<'f, 'r, 'de> {
    pub(super) flag: &'f DuplicateFlag,
    pub(super) raw: &'r mut RawResponse<'de>,
}

impl<'de> DeserializeSeed<'de> for RatingsSeed<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> RatingsSeed<'_, '_, 'de> {
    pub(super) fn flag(&self) -> &DuplicateFlag {
        self.flag
    }

    /// `ratings` is not an object: kept as it is, for the message.
    pub(super) fn other(self, v: Json<'de>) {
        self.raw.ratings_other = Some(v);
    }
}

impl<'de> Visitor<'de> for RatingsSeed<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("ratings")
    }

    to_other!((), visit_seq: SeqAccess);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = 0u64;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(JsonSeed(self.flag))?;
            let before = self.flag.take();
            push_pair(&mut self.raw.ratings, &mut seen, key, value, self.flag);
            if self.flag.take() {
                let key = &self.raw.ratings.last().expect("just pushed").0;
                self.raw
                    .repeated
                    .push(format!("/ratings/{}", pointer_token(key)));
            }
            if before {
                // A repeated key inside a rating's value (which is not a number anyway).
                let key = &self.raw.ratings.last().expect("just pushed").0;
                let mut inner = Vec::new();
                self.raw
                    .ratings
                    .last()
                    .expect("just pushed")
                    .1
                    .duplicates(&format!("/ratings/{}", pointer_token(key)), &mut inner);
                self.raw.repeated.extend(inner);
            }
        }
        Ok(())
    }
}
