//! The one vocabulary of field checks: a value's type in words, and the problems of a
//! record collected before it is kept or left out.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::tree::Json;
use crate::problem::{pointer_token, Code, Problem, Severity};

pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Where a record is, `/{list}/{index}`: written out only for a problem (responses are
/// checked by the hundred thousand, almost all without one).
#[derive(Clone, Copy)]
pub(super) struct RecordAt {
    pub(super) list: &'static str,
    pub(super) index: usize,
}

impl RecordAt {
    pub(super) fn new(list: &'static str, index: usize) -> Self {
        RecordAt { list, index }
    }
}

impl std::fmt::Display for RecordAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "/{}/{}", self.list, self.index)
    }
}

/// Problems of one record, collected before deciding whether it is kept.
pub(super) struct RecordCheck<'a> {
    pub(super) record: RecordAt,
    pub(super) problems: &'a mut Vec<Problem>,
    pub(super) failed: bool,
}

impl<'a> RecordCheck<'a> {
    pub(super) fn new(problems: &'a mut Vec<Problem>, record: RecordAt) -> Self {
        RecordCheck {
            record,
            problems,
            failed: false,
        }
    }

    pub(super) fn exclude(&mut self, pointer: String, code: Code, message: impl Into<String>) {
        self.failed = true;
        self.problems.push(Problem {
            severity: Severity::Excluded,
            pointer,
            record: Some(self.record.to_string()),
            line: None,
            column: None,
            code,
            message: message.into(),
        });
    }

    pub(super) fn warn(&mut self, pointer: String, code: Code, message: impl Into<String>) {
        self.problems.push(Problem {
            severity: Severity::Warning,
            pointer,
            record: None,
            line: None,
            column: None,
            code,
            message: message.into(),
        });
    }

    /// The record as an object; records a problem and returns None when it is not one.
    pub(super) fn object<'v>(
        &mut self,
        v: &'v Value,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(o) => Some(o),
            _ => {
                self.exclude(
                    self.record.to_string(),
                    Code::WrongType,
                    format!("{what} must be an object, not {}.", type_name(v)),
                );
                None
            }
        }
    }

    /// A required string field; records a problem and returns None when absent or not a string.
    pub(super) fn string(&mut self, obj: &Map<String, Value>, key: &str) -> Option<String> {
        let ptr = format!("{}/{}", self.record, pointer_token(key));
        match obj.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::String(_)) => {
                self.exclude(ptr, Code::MissingField, format!("`{key}` is empty."));
                None
            }
            Some(v) => {
                self.exclude(
                    ptr,
                    Code::WrongType,
                    format!("`{key}` must be a string, not {}.", type_name(v)),
                );
                None
            }
            None => {
                self.exclude(ptr, Code::MissingField, format!("`{key}` is required."));
                None
            }
        }
    }

    /// An optional string field.
    pub(super) fn opt_string(&mut self, obj: &Map<String, Value>, key: &str) -> Option<String> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(v) => {
                self.warn(
                    format!("{}/{}", self.record, pointer_token(key)),
                    Code::WrongType,
                    format!(
                        "`{key}` should be a string, not {}; it was ignored.",
                        type_name(v)
                    ),
                );
                None
            }
        }
    }
}

/// A value's type, quoting short strings so "numbers given as strings" are obvious.
pub(super) fn type_desc(v: &Value) -> String {
    match v {
        Value::String(s) => string_desc(s).unwrap_or_else(|| "a string".to_string()),
        Value::Number(n) => format!("{n}"),
        other => type_name(other).to_string(),
    }
}

/// A short string quoted, noting when it holds a number.
pub(super) fn string_desc(s: &str) -> Option<String> {
    (s.chars().count() <= 20).then(|| {
        if s.trim().parse::<f64>().is_ok() {
            format!("the string \"{s}\" (write numbers without quotes)")
        } else {
            format!("the string \"{s}\"")
        }
    })
}

/// A required, non-empty string field of a response (borrowed from the file).
pub(super) fn json_string<'j, 'de>(
    c: &mut RecordCheck,
    value: Option<&'j Json<'de>>,
    key: &str,
) -> Option<&'j Cow<'de, str>> {
    let ptr = || format!("{}/{key}", c.record);
    match value {
        Some(Json::String(s)) if !s.trim().is_empty() => Some(s),
        Some(Json::String(_)) => {
            let p = ptr();
            c.exclude(p, Code::MissingField, format!("`{key}` is empty."));
            None
        }
        Some(v) => {
            let p = ptr();
            c.exclude(
                p,
                Code::WrongType,
                format!("`{key}` must be a string, not {}.", json_type_name(v)),
            );
            None
        }
        None => {
            let p = ptr();
            c.exclude(p, Code::MissingField, format!("`{key}` is required."));
            None
        }
    }
}

pub(super) fn json_type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// A value's type, quoting short strings so "numbers given as strings" are obvious.
pub(super) fn json_type_desc(v: &Json) -> String {
    match v {
        Json::String(s) => string_desc(s).unwrap_or_else(|| "a string".to_string()),
        Json::Number(n) => format!("{n}"),
        other => json_type_name(other).to_string(),
    }
}
