//! One response record as serde reads it: its known fields, without building a tree.

use std::borrow::Cow;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::tree::{push_pair, to_other, DuplicateFlag, Json, JsonSeed, KeySeed};
use crate::problem::pointer_token;

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
