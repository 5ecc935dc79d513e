//! The one vocabulary of field checks. The header is checked as a `serde_json::Value` and
//! each response on the borrowed tree (`Json`); both are seen through `Field`, so a type is
//! named, a field found wrong, and its message written, in one place for both.

use chrono::NaiveDate;
use serde_json::{Map, Number, Value};

use super::tree::Json;
use crate::date::iso_date;
use crate::problem::{pointer_token, Code, Problem, Severity};

/// A JSON value of either tree, as the checks see it.
pub(super) enum Kind<'v> {
    Null,
    Bool(bool),
    Number(&'v Number),
    String(&'v str),
    Array,
    Object,
}

/// A JSON value the checks can look at.
pub(super) trait Field {
    fn kind(&self) -> Kind<'_>;
}

impl Field for Value {
    fn kind(&self) -> Kind<'_> {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(b) => Kind::Bool(*b),
            Value::Number(n) => Kind::Number(n),
            Value::String(s) => Kind::String(s),
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }
}

impl Field for Json<'_> {
    fn kind(&self) -> Kind<'_> {
        match self {
            Json::Null => Kind::Null,
            Json::Bool(b) => Kind::Bool(*b),
            Json::Number(n) => Kind::Number(n),
            Json::String(s) => Kind::String(s),
            Json::Array(_) => Kind::Array,
            Json::Object(_) => Kind::Object,
            Json::Owned(v) => v.kind(),
        }
    }
}

/// A value's type in words: "a string", "null".
pub(super) fn type_name(v: &impl Field) -> &'static str {
    match v.kind() {
        Kind::Null => "null",
        Kind::Bool(_) => "a boolean",
        Kind::Number(_) => "a number",
        Kind::String(_) => "a string",
        Kind::Array => "an array",
        Kind::Object => "an object",
    }
}

/// A value's type, quoting short strings so "numbers given as strings" are obvious.
pub(super) fn type_desc(v: &impl Field) -> String {
    match v.kind() {
        Kind::String(s) if s.chars().count() <= 20 => {
            if s.trim().parse::<f64>().is_ok() {
                format!("the string \"{s}\" (write numbers without quotes)")
            } else {
                format!("the string \"{s}\"")
            }
        }
        Kind::Number(n) => format!("{n}"),
        _ => type_name(v).to_string(),
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

    /// The document itself, for its own top-level fields (written as "").
    pub(super) fn document() -> Self {
        RecordAt { list: "", index: 0 }
    }
}

impl std::fmt::Display for RecordAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.list.is_empty() {
            return Ok(());
        }
        write!(f, "/{}/{}", self.list, self.index)
    }
}

/// Problems of one record, collected before deciding whether it is kept. Each check takes
/// the field's value (`None` when absent) and records what is wrong with it.
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

    /// The pointer of the record's field `key`.
    pub(super) fn at(&self, key: &str) -> String {
        format!("{}/{}", self.record, pointer_token(key))
    }

    /// Records a problem that leaves the record out.
    pub(super) fn exclude(&mut self, pointer: String, code: Code, message: impl Into<String>) {
        self.failed = true;
        self.problems.push(Problem {
            record: Some(self.record.to_string()),
            ..Problem::new(Severity::Excluded, pointer, code, message)
        });
    }

    /// Records a problem the record is kept with.
    pub(super) fn warn(&mut self, pointer: String, code: Code, message: impl Into<String>) {
        self.problems.push(Problem::warning(pointer, code, message));
    }

    /// Records that the record (`what`, as "A wave") is not an object.
    pub(super) fn not_object(&mut self, v: &impl Field, what: &str) {
        self.exclude(
            self.record.to_string(),
            Code::WrongType,
            format!("{what} must be an object, not {}.", type_name(v)),
        );
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
                self.not_object(v, what);
                None
            }
        }
    }

    /// A required, non-empty string.
    pub(super) fn string<'v>(&mut self, key: &str, v: Option<&'v impl Field>) -> Option<&'v str> {
        let problem = match v.map(Field::kind) {
            Some(Kind::String(s)) if !s.trim().is_empty() => return Some(s),
            Some(Kind::String(_)) => (Code::MissingField, format!("`{key}` is empty.")),
            Some(_) => (
                Code::WrongType,
                format!("`{key}` must be a string, not {}.", type_name(v?)),
            ),
            None => (Code::MissingField, format!("`{key}` is required.")),
        };
        self.exclude(self.at(key), problem.0, problem.1);
        None
    }

    /// An optional string: anything else is ignored, with a warning.
    pub(super) fn opt_string<'v>(
        &mut self,
        key: &str,
        v: Option<&'v impl Field>,
    ) -> Option<&'v str> {
        match v.map(Field::kind) {
            None | Some(Kind::Null) => None,
            Some(Kind::String(s)) => Some(s),
            Some(_) => {
                self.warn(
                    self.at(key),
                    Code::WrongType,
                    format!(
                        "`{key}` should be a string, not {}; it was ignored.",
                        type_name(v?)
                    ),
                );
                None
            }
        }
    }

    /// An optional string that names something (a dimension, a status, a role): anything
    /// else leaves the record out.
    pub(super) fn opt_name<'v>(&mut self, key: &str, v: Option<&'v impl Field>) -> Option<&'v str> {
        match v.map(Field::kind) {
            None | Some(Kind::Null) => None,
            Some(Kind::String(s)) => Some(s),
            Some(_) => {
                self.wrong_type(key, "must be a string", v?);
                None
            }
        }
    }

    /// A required string that names something: unlike `string`, an empty one is looked up
    /// (and not found) like any other.
    pub(super) fn name<'v>(&mut self, key: &str, v: Option<&'v impl Field>) -> Option<&'v str> {
        match v.map(Field::kind) {
            None => {
                self.exclude(
                    self.at(key),
                    Code::MissingField,
                    format!("`{key}` is required."),
                );
                None
            }
            Some(Kind::String(s)) => Some(s),
            Some(_) => {
                self.wrong_type(key, "must be a string", v?);
                None
            }
        }
    }

    /// An optional true or false (false when absent or wrong).
    pub(super) fn opt_bool(&mut self, key: &str, v: Option<&impl Field>) -> bool {
        match v.map(Field::kind) {
            None | Some(Kind::Null) => false,
            Some(Kind::Bool(b)) => b,
            Some(_) => {
                self.wrong_type(key, "must be true or false", v.expect("present"));
                false
            }
        }
    }

    /// An optional date, strictly `YYYY-MM-DD`; `example` follows the advice in the message.
    pub(super) fn opt_date(
        &mut self,
        key: &str,
        v: Option<&impl Field>,
        example: &str,
    ) -> Option<NaiveDate> {
        match v.map(Field::kind) {
            None | Some(Kind::Null) => None,
            Some(Kind::String(s)) => {
                let d = iso_date(s);
                if d.is_none() {
                    self.exclude(
                        self.at(key),
                        Code::BadDate,
                        format!("`{key}` is \"{s}\"; write the date as YYYY-MM-DD{example}."),
                    );
                }
                d
            }
            Some(_) => {
                self.wrong_type(key, "must be a date string YYYY-MM-DD", v?);
                None
            }
        }
    }

    /// A required date, strictly `YYYY-MM-DD` (`missing` says why it is required).
    pub(super) fn date(
        &mut self,
        key: &str,
        v: Option<&impl Field>,
        example: &str,
        missing: &str,
    ) -> Option<NaiveDate> {
        match v.map(Field::kind) {
            None => {
                self.exclude(self.at(key), Code::MissingField, missing);
                None
            }
            Some(Kind::Null) => {
                self.wrong_type(key, "must be a date string YYYY-MM-DD", v?);
                None
            }
            _ => self.opt_date(key, v, example),
        }
    }

    /// Leaves the record out because `key` has the wrong type: "`key` {rule}, not {type}."
    pub(super) fn wrong_type(&mut self, key: &str, rule: &str, v: &impl Field) {
        self.exclude(
            self.at(key),
            Code::WrongType,
            format!("`{key}` {rule}, not {}.", type_name(v)),
        );
    }
}
