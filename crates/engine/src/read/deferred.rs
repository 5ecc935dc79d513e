//! Top-level lists of records read one record at a time, when they are checked (`actions`,
//! `predictions`, `internal`). The fast reader notes where each record's text is instead
//! of building a `Value` tree of the whole list: at 1M responses the file's 176,000
//! predictions held as trees took two fifths of the reader's memory (1,158 MB at its peak
//! natively, against 685 MB for the file without them). Each record is now a `Value` only
//! while it is checked.

use serde::de::DeserializeSeed;
use serde_json::Value;

use super::tree::{DuplicateFlag, ValueSeed};

/// The lists read this way (the inside view's only where they are checked: elsewhere they
/// are read, and judged, as before).
#[cfg(feature = "inside")]
pub(super) const DEFERRED: [&str; 3] = ["actions", "predictions", "internal"];
#[cfg(not(feature = "inside"))]
pub(super) const DEFERRED: [&str; 1] = ["actions"];

/// Each deferred list's records as text, by key, as the fast reader found them.
pub(super) type Spans<'de> = Vec<(&'de str, Vec<&'de str>)>;

/// A top-level list of records to check.
pub(super) enum Records<'a> {
    /// The list as read into the document (empty when it is not an array).
    Read(&'a [Value]),
    /// Each record's text, read when it is checked.
    Text(&'a [&'a str]),
}

/// Whether every deferred record reads as JSON without a repeated key (what a file
/// rejected for its header needs to know: else it is read again, and a syntax error in a
/// record is the problem reported).
pub(super) fn all_read(spans: &Spans) -> bool {
    spans
        .iter()
        .all(|(_, texts)| Records::Text(texts).each(&mut |_, _| {}))
}

impl<'a> Records<'a> {
    /// The list `key`: its records' text when the fast reader kept them, else the
    /// document's array.
    pub(super) fn of(doc: &'a Value, spans: &'a Spans<'a>, key: &str) -> Self {
        match spans.iter().rev().find(|(k, _)| *k == key) {
            Some((_, texts)) => Records::Text(texts),
            None => Records::Read(
                doc.get(key)
                    .and_then(Value::as_array)
                    .map_or(&[][..], Vec::as_slice),
            ),
        }
    }

    /// Calls `f` with each record and its index. False, having stopped, when a record's
    /// text holds a repeated key or is not JSON after all (the fast reader only found where
    /// it ends): the document is then read again with its lists as trees, which say where.
    pub(super) fn each(&self, f: &mut dyn FnMut(usize, &Value)) -> bool {
        match self {
            Records::Read(list) => {
                for (i, v) in list.iter().enumerate() {
                    f(i, v);
                }
                true
            }
            Records::Text(texts) => {
                let flag = DuplicateFlag::default();
                for (i, text) in texts.iter().enumerate() {
                    let mut de = serde_json::Deserializer::from_str(text);
                    let Ok(v) = ValueSeed(&flag).deserialize(&mut de) else {
                        return false;
                    };
                    if de.end().is_err() || flag.take() {
                        return false;
                    }
                    f(i, &v);
                }
                true
            }
        }
    }
}
