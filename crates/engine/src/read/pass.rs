//! A pass over a document, shared by both readers (serde's in `document`, the fast one in
//! `fast`): what the top level holds, what the responses are read against, and each
//! response record checked and handed on.

use std::borrow::Cow;

use serde_json::Value;

use super::deferred::Spans;
use super::header::{Header, Reader};
use super::record::RawResponse;
use super::response::{read_response, ResponseStage, ResponsesOut};
use super::tree::{into_object_value, object_value, DuplicateFlag, Json};
use crate::data::Response;
use crate::model::Model;

/// The top level of a document as read: its pairs, the `responses` array standing in as an
/// empty array (it was read record by record), or any other value.
pub(super) enum Top<'de> {
    Object(Vec<(Cow<'de, str>, Json<'de>)>),
    Other(Json<'de>),
}

impl Top<'_> {
    pub(super) fn into_value(self) -> Value {
        match self {
            Top::Object(pairs) => into_object_value(pairs),
            Top::Other(v) => v.into_value(),
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
    /// Whether top-level fields are read straight into `Value`s (`tree::ValueSeed`), and
    /// the long lists kept as text (`deferred`): the first reading; a document with a
    /// repeated key, or a deferred record that does not read, is read again without.
    pub(super) owned: bool,
    /// The lists (`deferred::DEFERRED`) the fast reader left as their records' text: read
    /// only with `owned` (a document read again has its lists as trees).
    pub(super) deferred: Spans<'de>,
    pub(super) out: ResponsesOut<'de, T>,
}

impl<'de, T> Pass<'de, T> {
    pub(super) fn new(
        collect: bool,
        stage: Option<ResponseStage>,
        store: bool,
        owned: bool,
    ) -> Self {
        Pass {
            collect,
            flag: DuplicateFlag::default(),
            header_duplicates: false,
            stage,
            streamed: false,
            late: false,
            store,
            owned,
            deferred: Vec::new(),
            out: ResponsesOut::default(),
        }
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
            self.out.weighed |= model.role_weight(r.role) > 0.0;
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
