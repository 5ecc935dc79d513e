//! Parsing and validation of `rapport/1` files: every problem gets a location, a code and a reason.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use std::borrow::Cow;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::json::{object_value, push_pair, DuplicateFlag, Json, JsonSeed, KeySeed};

use super::data::{Account, Action, ActionStatus, Dataset, Question, Response, Wave};
use super::model::{
    Aggregation, DiagramOrder, Dimension, Model, Role, Scale, Target, TypeThresholds,
};

use crate::problem::Code;
pub use crate::problem::{pointer_token, LoadReport, Problem, Rejected, Severity};

mod fast;
pub use fast::set_fast_path;

/// Reads a data file from raw bytes: the only entry point for untrusted input.
pub fn load(bytes: &[u8]) -> Result<(Dataset, LoadReport), Rejected> {
    load_with(bytes, |_, _| ()).map(|(data, _, report)| (data, report))
}

/// As `load`, calling `keep` on each response as it is accepted (while the file is still
/// being read), with the model it will be scored with; what `keep` returns is collected in
/// the order of `Dataset::responses`. `keep` may change the response (for example drop its
/// items once it has scored them, to save memory on very large files).
///
/// The file is read in one pass: each response is checked as soon as it is parsed and its
/// parsed form dropped, so memory holds the file and the kept data, never a tree of the
/// whole document. When a field the responses depend on (`waves`, `accounts`, `questions`,
/// `scale`, `model`) comes after `responses` in the file, the responses are read in a second
/// pass.
pub fn load_with<T>(
    bytes: &[u8],
    keep: impl FnMut(&mut Response, &Model) -> T,
) -> Result<(Dataset, Vec<T>, LoadReport), Rejected> {
    load_parts(bytes, keep).map(|(data, kept, report, _)| (data, kept, report))
}

/// As `load_with`, also returning the document without its responses (`"responses": []`):
/// loading that gives the same waves, accounts, questions, actions and model.
pub fn load_parts<T>(
    bytes: &[u8],
    mut keep: impl FnMut(&mut Response, &Model) -> T,
) -> Result<(Dataset, Vec<T>, LoadReport, Value), Rejected> {
    read_document(bytes, |x| x.map(|(r, m)| keep(r, m)), true)
}

/// The model of a `model` value (as `load` reads it; problems are not reported here).
pub fn read_model(v: Option<&Value>, scale: Scale) -> Option<Model> {
    Reader::default().model(v, scale)
}

/// Reads a file without keeping its responses: `Dataset::responses` is empty and `each` is
/// handed every accepted response as it is read (to encode it elsewhere, for instance).
/// `restart` is called before the responses are read, and again whenever they are read
/// anew (see `load_with`, or a repeated `responses` key): what `each` saw before no longer
/// counts.
pub fn load_streaming(
    bytes: &[u8],
    mut each: impl FnMut(&Response, &Model),
    mut restart: impl FnMut(),
) -> Result<(Dataset, LoadReport, Value), Rejected> {
    read_document(
        bytes,
        |x| {
            match x {
                Some((r, m)) => each(r, m),
                None => restart(),
            }
            None::<()>
        },
        false,
    )
    .map(|(data, _, report, doc)| (data, report, doc))
}

fn read_document<T>(
    bytes: &[u8],
    mut keep: impl FnMut(Option<(&mut Response, &Model)>) -> Option<T>,
    store: bool,
) -> Result<(Dataset, Vec<T>, LoadReport, Value), Rejected> {
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(p) => return Err(Rejected(LoadReport::one(*p))),
    };
    let mut pass = Pass::new(true, None, store);
    let doc = match pass.parse(text, &mut keep) {
        Ok(doc) => doc,
        Err(e) => return Err(Rejected(LoadReport::one(syntax_problem(text, &e)))),
    };
    let mut duplicates = Vec::new();
    if pass.flag.take() || pass.header_duplicates {
        match &doc {
            Top::Object(pairs) => {
                for (i, (k, v)) in pairs.iter().enumerate() {
                    let here = format!("/{}", pointer_token(k));
                    v.duplicates(&here, &mut duplicates);
                    if pairs[..i].iter().any(|(earlier, _)| earlier == k) {
                        duplicates.push(here);
                    }
                }
            }
            Top::Other(v) => v.duplicates("", &mut duplicates),
        }
    }
    let value = doc.to_value();
    let mut reader = Reader::default();
    reader
        .problems
        .extend(duplicates.into_iter().map(Problem::duplicate_key));
    let Some(header) = reader.header(&value) else {
        return Err(reader.rejected());
    };
    if !pass.streamed || pass.late {
        // The responses were read before all they depend on was known: read them again.
        let mut second = Pass::new(false, Some(ResponseStage::new(&header)), store);
        if let Err(e) = second.parse(text, &mut keep) {
            return Err(Rejected(LoadReport::one(syntax_problem(text, &e))));
        }
        pass.out = second.out;
    }
    let mut out = pass.out;
    let counts = out.counts();
    reader.problems.extend(out.problems);
    reader.excluded_records += out.excluded;
    let (data, report) = reader.finish(&value, header, out.responses, out.read, &counts);
    Ok((data, out.kept, report, value))
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
enum Top<'de> {
    Object(Vec<(Cow<'de, str>, Json<'de>)>),
    Other(Json<'de>),
}

impl Top<'_> {
    fn to_value(&self) -> Value {
        match self {
            Top::Object(pairs) => object_value(pairs),
            Top::Other(v) => v.to_value(),
        }
    }
}

/// Top-level fields the reading of responses depends on.
const RESPONSE_CONTEXT: [&str; 5] = ["waves", "accounts", "questions", "scale", "model"];

/// One pass over the document.
struct Pass<'de, T> {
    /// Whether this pass collects the top-level fields (the first), or only reads responses.
    collect: bool,
    flag: DuplicateFlag,
    /// A repeated key was met before the responses.
    header_duplicates: bool,
    /// What responses are read against; built when `responses` is reached, or given.
    stage: Option<ResponseStage>,
    /// Responses were checked during this pass.
    streamed: bool,
    /// A field in `RESPONSE_CONTEXT` came after `responses`.
    late: bool,
    /// Whether accepted responses are kept (or only handed to the caller).
    store: bool,
    out: ResponsesOut<'de, T>,
}

impl<'de, T> Pass<'de, T> {
    fn new(collect: bool, stage: Option<ResponseStage>, store: bool) -> Self {
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

    fn parse<F: FnMut(Option<(&mut Response, &Model)>) -> Option<T>>(
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
    fn top_key(&mut self, pairs: &[(Cow<'de, str>, Json<'de>)], responses_seen: bool, key: &str) {
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
    fn take_record<F: FnMut(Option<(&mut Response, &Model)>) -> Option<T>>(
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

struct TopSeed<'p, 'de, T, F> {
    pass: &'p mut Pass<'de, T>,
    keep: &'p mut F,
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
    fn flag(&self) -> &DuplicateFlag {
        &self.pass.flag
    }

    fn other(self, v: Json<'de>) -> Top<'de> {
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
fn header_so_far(pairs: &[(Cow<str>, Json)]) -> Option<Header> {
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

struct ResponsesSeed<'p, 'de, T, F> {
    pass: &'p mut Pass<'de, T>,
    keep: &'p mut F,
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
    fn flag(&self) -> &DuplicateFlag {
        &self.pass.flag
    }

    fn other(self, v: Json<'de>) -> Json<'de> {
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

/// Everything responses and actions are read against.
struct Header {
    title: Option<String>,
    scale: Scale,
    model: Model,
    waves: Vec<Wave>,
    wave_status: HashMap<String, WaveStatus>,
    accounts: Vec<Account>,
    questions: Vec<Question>,
}

/// Recognises what the bytes are before treating them as UTF-8 JSON.
fn decode(bytes: &[u8]) -> Result<&str, Box<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Box::new(Problem::fatal(
            "",
            Code::EmptyFile,
            "The file is empty: there is no JSON in it.",
        )));
    }
    let kind = if bytes.starts_with(b"\x1f\x8b") {
        Some(("gzip", "a gzip-compressed file; decompress it first"))
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some((
            "zip",
            "a ZIP archive (an .xlsx or .docx file is one too); export the data as rapport/1 JSON",
        ))
    } else if bytes.starts_with(b"%PDF") {
        Some(("pdf", "a PDF document, not JSON"))
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        Some(("utf16", "UTF-16 text; save it as UTF-8"))
    } else if bytes.len() >= 2 && (bytes[0] == 0 || bytes[1] == 0) {
        Some((
            "utf16",
            "UTF-16 text without a byte-order mark; save it as UTF-8",
        ))
    } else {
        None
    };
    if let Some((what, msg)) = kind {
        let code = match what {
            "utf16" => Code::NotUtf8,
            _ => Code::NotJson,
        };
        return Err(Box::new(Problem::fatal(
            "",
            code,
            format!("This is {msg}."),
        )));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let (line, column) = line_col(&bytes[..at]);
        Box::new(Problem {
            line: Some(line),
            column: Some(column),
            ..Problem::fatal(
                "",
                Code::NotUtf8,
                format!(
                    "The file is not UTF-8: byte 0x{:02X} at offset {at} is not valid UTF-8 \
                     (Latin-1 or Windows-1252 text?). Save the file as UTF-8.",
                    bytes[at]
                ),
            )
        })
    })
}

fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, column)
}

fn syntax_problem(text: &str, e: &serde_json::Error) -> Problem {
    let mut reason = e.to_string();
    // serde_json appends " at line L column C"; the location is given separately.
    if let Some(i) = reason.find(" at line ") {
        reason.truncate(i);
    }
    let hint = match reason.as_str() {
        r if r.starts_with("trailing comma") => " (JSON allows no comma before } or ])",
        r if r.starts_with("recursion limit") => " (the document is nested too deeply)",
        r if r.starts_with("EOF") => " (the file is truncated)",
        r if r.starts_with("expected value") && text.contains("NaN") => {
            " (JSON has no NaN, Infinity or comments)"
        }
        _ => "",
    };
    let mut p = Problem::fatal(
        "",
        Code::Syntax,
        format!("The file is not valid JSON: {reason}{hint}."),
    );
    p.line = Some(e.line());
    p.column = Some(e.column());
    p
}

fn type_name(v: &Value) -> &'static str {
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
struct RecordAt {
    list: &'static str,
    index: usize,
}

impl RecordAt {
    fn new(list: &'static str, index: usize) -> Self {
        RecordAt { list, index }
    }
}

impl std::fmt::Display for RecordAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "/{}/{}", self.list, self.index)
    }
}

/// Problems of one record, collected before deciding whether it is kept.
struct RecordCheck<'a> {
    record: RecordAt,
    problems: &'a mut Vec<Problem>,
    failed: bool,
}

impl<'a> RecordCheck<'a> {
    fn new(problems: &'a mut Vec<Problem>, record: RecordAt) -> Self {
        RecordCheck {
            record,
            problems,
            failed: false,
        }
    }

    fn exclude(&mut self, pointer: String, code: Code, message: impl Into<String>) {
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

    fn warn(&mut self, pointer: String, code: Code, message: impl Into<String>) {
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
    fn object<'v>(&mut self, v: &'v Value, what: &str) -> Option<&'v Map<String, Value>> {
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
    fn string(&mut self, obj: &Map<String, Value>, key: &str) -> Option<String> {
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
    fn opt_string(&mut self, obj: &Map<String, Value>, key: &str) -> Option<String> {
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

fn parse_date(s: &str) -> Option<NaiveDate> {
    // Strictly YYYY-MM-DD: "2024-3-31" or "31/03/2024" are ambiguous or non-standard.
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[derive(Default)]
struct Reader {
    problems: Vec<Problem>,
    excluded_records: usize,
}

const TOP_KEYS: [&str; 9] = [
    "format",
    "title",
    "scale",
    "waves",
    "accounts",
    "questions",
    "responses",
    "actions",
    "model",
];

impl Reader {
    fn fatal(&mut self, pointer: &str, code: Code, message: impl Into<String>) {
        self.problems.push(Problem::fatal(pointer, code, message));
    }

    fn warn(&mut self, pointer: impl Into<String>, code: Code, message: impl Into<String>) {
        self.problems.push(Problem {
            severity: Severity::Warning,
            pointer: pointer.into(),
            record: None,
            line: None,
            column: None,
            code,
            message: message.into(),
        });
    }

    fn rejected(self) -> Rejected {
        Rejected(self.report(0))
    }

    fn report(self, responses_read: usize) -> LoadReport {
        LoadReport {
            problems: self.problems,
            excluded_records: self.excluded_records,
            responses_read,
        }
    }

    /// The array at a required or optional top-level key; None (with a fatal problem) when wrong.
    fn top_array<'v>(
        &mut self,
        doc: &'v Map<String, Value>,
        key: &str,
        required: bool,
    ) -> Option<&'v [Value]> {
        match doc.get(key) {
            Some(Value::Array(a)) => Some(a),
            None if !required => Some(&[]),
            None => {
                self.fatal(
                    &format!("/{key}"),
                    Code::MissingField,
                    format!("The required top-level field `{key}` is missing."),
                );
                None
            }
            Some(v) => {
                self.fatal(
                    &format!("/{key}"),
                    Code::WrongType,
                    format!("`{key}` must be an array, not {}.", type_name(v)),
                );
                None
            }
        }
    }

    /// Checks everything the responses are read against (format, scale, model, waves,
    /// accounts, questions). None when the file is rejected (the problems say why).
    fn header(&mut self, doc: &Value) -> Option<Header> {
        let Value::Object(doc) = doc else {
            self.fatal(
                "",
                Code::NotAnObject,
                format!(
                    "The document must be a JSON object with \"format\": \"rapport/1\", not {}.",
                    type_name(doc)
                ),
            );
            return None;
        };
        match doc.get("format") {
            Some(Value::String(s)) if s == "rapport/1" => {}
            Some(Value::String(s)) => self.fatal(
                "/format",
                Code::WrongFormat,
                format!("`format` is \"{s}\"; this app reads \"rapport/1\"."),
            ),
            Some(v) => self.fatal(
                "/format",
                Code::WrongFormat,
                format!(
                    "`format` must be the string \"rapport/1\", not {}.",
                    type_name(v)
                ),
            ),
            None => self.fatal(
                "/format",
                Code::MissingField,
                "The required top-level field `format` is missing (it must be \"rapport/1\").",
            ),
        }
        for key in doc.keys() {
            if !TOP_KEYS.contains(&key.as_str()) {
                self.warn(
                    format!("/{}", pointer_token(key)),
                    Code::UnknownKey,
                    format!("Unknown top-level field `{key}` was ignored."),
                );
            }
        }
        let waves = self.top_array(doc, "waves", true);
        let accounts = self.top_array(doc, "accounts", true);
        let responses = self.top_array(doc, "responses", true);
        let questions = self.top_array(doc, "questions", false);
        let actions = self.top_array(doc, "actions", false);
        let scale = self.scale(doc.get("scale"));
        let title = match doc.get("title") {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) => None,
            Some(v) => {
                self.warn(
                    "/title",
                    Code::WrongType,
                    format!(
                        "`title` should be a string, not {}; it was ignored.",
                        type_name(v)
                    ),
                );
                None
            }
        };
        let (Some(waves), Some(accounts), Some(_), Some(questions), Some(_), Some(scale)) =
            (waves, accounts, responses, questions, actions, scale)
        else {
            return None;
        };
        let model = self.model(doc.get("model"), scale)?;
        if self.problems.iter().any(|p| p.severity == Severity::Fatal) {
            return None;
        }

        let (waves, wave_status) = self.waves(waves);
        if waves.is_empty() {
            self.fatal(
                "/waves",
                Code::NoWaves,
                if wave_status.is_empty() {
                    "`waves` is empty: at least one wave is required.".to_string()
                } else {
                    "No wave in `waves` is valid; see the problems listed above.".to_string()
                },
            );
            return None;
        }
        let accounts = self.accounts(accounts, &waves, &wave_status);
        let questions = self.questions(questions);
        Some(Header {
            title,
            scale,
            model,
            waves,
            wave_status,
            accounts,
            questions,
        })
    }

    /// A located warning for each account and wave with more valid responses than people
    /// invited: its response rate would be over 100%, so the `invited` count is likely wrong.
    fn more_than_invited(
        &mut self,
        doc: &Value,
        waves: &[Wave],
        accounts: &[Account],
        per_account_wave: &HashMap<(usize, usize), u64, FxBuild>,
    ) {
        let mut over: Vec<((usize, usize), u64, u32)> = per_account_wave
            .iter()
            .filter_map(|(&(a, w), &n)| {
                let invited = accounts[a].invited[w]?;
                (n > u64::from(invited)).then_some(((a, w), n, invited))
            })
            .collect();
        if over.is_empty() {
            return;
        }
        over.sort_unstable();
        // The account's place in the file: the first record with its id (the one kept).
        let raw = doc.get("accounts").and_then(Value::as_array);
        for ((a, w), n, invited) in over {
            let id = &accounts[a].id;
            let at = raw
                .and_then(|list| {
                    list.iter()
                        .position(|v| v.get("id").and_then(Value::as_str) == Some(id))
                })
                .unwrap_or(a);
            let wave = &waves[w].id;
            self.warn(
                format!("/accounts/{at}/invited/{}", pointer_token(wave)),
                Code::MoreThanInvited,
                format!(
                    "Account \"{id}\" has {n} responses in wave \"{wave}\" but {invited} invited: its response rate would be over 100%. Check `invited`."
                ),
            );
        }
    }

    /// Reads the actions and puts the data set together.
    fn finish(
        mut self,
        doc: &Value,
        header: Header,
        responses: Vec<Response>,
        responses_read: usize,
        per_account_wave: &HashMap<(usize, usize), u64, FxBuild>,
    ) -> (Dataset, LoadReport) {
        let raw_actions = doc
            .get("actions")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let Header {
            title,
            scale,
            model,
            waves,
            wave_status,
            accounts,
            questions,
        } = header;
        let actions = self.actions(raw_actions, &waves, &wave_status, &accounts);

        if model.aggregation == Aggregation::Revenue {
            let missing = accounts.iter().filter(|a| a.revenue.is_none()).count();
            let zero = accounts.iter().any(|a| a.revenue == Some(0.0));
            if zero && !accounts.iter().any(|a| a.revenue.is_some_and(|r| r > 0.0)) {
                self.warn(
                    "/model/aggregation",
                    Code::NothingToWeigh,
                    "Revenue-weighted aggregation, but every revenue given is 0: group scores are empty. Give revenues or choose another aggregation.",
                );
            }
            if missing > 0 {
                self.warn(
                    "/model/aggregation",
                    Code::RevenueMissing,
                    format!(
                        "Revenue-weighted aggregation: {missing} account(s) without revenue are left out of group scores."
                    ),
                );
            }
        }

        self.more_than_invited(doc, &waves, &accounts, per_account_wave);

        if !responses.is_empty() && !responses.iter().any(|r| model.role_weight(r.role) > 0.0) {
            self.warn(
                "/model/role_weights",
                Code::NothingToWeigh,
                "Every response comes from a role whose weight is 0: all scores are empty. Give those roles a weight above 0.",
            );
        }

        let dataset = Dataset {
            title,
            scale,
            waves,
            accounts,
            questions,
            responses,
            actions,
            model,
        };
        (dataset, self.report(responses_read))
    }

    fn scale(&mut self, v: Option<&Value>) -> Option<Scale> {
        let Some(v) = v else {
            return Some(Scale::default());
        };
        let Value::Object(o) = v else {
            self.fatal(
                "/scale",
                Code::BadScale,
                format!(
                    "`scale` must be an object like {{\"min\": 1, \"max\": 7}}, not {}.",
                    type_name(v)
                ),
            );
            return None;
        };
        let mut get = |key: &str| -> Option<i64> {
            match o.get(key) {
                Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
                Some(other) => {
                    self.fatal(
                        &format!("/scale/{key}"),
                        Code::BadScale,
                        format!(
                            "`scale.{key}` must be an integer, not {}.",
                            type_desc(other)
                        ),
                    );
                    None
                }
                None => {
                    self.fatal(
                        &format!("/scale/{key}"),
                        Code::BadScale,
                        format!("`scale.{key}` is required when `scale` is given."),
                    );
                    None
                }
            }
        };
        let (min, max) = (get("min"), get("max"));
        let (min, max) = (min?, max?);
        if min >= max {
            self.fatal(
                "/scale",
                Code::BadScale,
                format!("`scale.min` ({min}) must be less than `scale.max` ({max})."),
            );
            return None;
        }
        Some(Scale {
            min: min as f64,
            max: max as f64,
        })
    }

    fn model(&mut self, v: Option<&Value>, scale: Scale) -> Option<Model> {
        let mut model = Model::defaults_for(scale);
        let Some(v) = v else {
            return Some(model);
        };
        let Value::Object(o) = v else {
            self.fatal(
                "/model",
                Code::BadModel,
                format!("`model` must be an object, not {}.", type_name(v)),
            );
            return None;
        };
        let before = self.problems.len();
        for (key, val) in o {
            let ptr = format!("/model/{}", pointer_token(key));
            match key.as_str() {
                "level_weights" => {
                    if let Some(w) =
                        self.weights(val, &ptr, &["service", "uniqueness", "relationship"])
                    {
                        for (i, x) in w.into_iter().enumerate() {
                            if let Some(x) = x {
                                model.level_weights[i] = x;
                            }
                        }
                        model.overridden.push("level_weights".into());
                    }
                }
                "role_weights" => {
                    if let Some(w) = self.weights(
                        val,
                        &ptr,
                        &["decision_maker", "influencer", "operational", "other"],
                    ) {
                        for (i, x) in w.into_iter().enumerate() {
                            if let Some(x) = x {
                                model.role_weights[i] = x;
                            }
                        }
                        model.overridden.push("role_weights".into());
                    }
                }
                "aggregation" => match val.as_str().and_then(Aggregation::from_id) {
                    Some(a) => {
                        model.aggregation = a;
                        model.overridden.push("aggregation".into());
                    }
                    None => self.fatal(
                        &ptr,
                        Code::BadModel,
                        "`aggregation` must be \"account\", \"respondent\" or \"revenue\".",
                    ),
                },
                "bands" => {
                    let nums: Option<Vec<f64>> = val
                        .as_array()
                        .map(|a| a.iter().filter_map(Value::as_f64).collect());
                    match nums {
                        Some(n) if n.len() == 4 && val.as_array().is_some_and(|a| a.len() == 4) && n.windows(2).all(|w| w[0] > w[1]) => {
                            model.bands = [n[0], n[1], n[2], n[3]];
                            model.overridden.push("bands".into());
                        }
                        _ => self.fatal(
                            &ptr,
                            Code::BadModel,
                            "`bands` must be four numbers in descending order (excellent, good, adequate, vulnerable).",
                        ),
                    }
                }
                "types" => self.types(val, &ptr, &mut model.types, &mut model.overridden),
                "diagram" => match val.as_str().and_then(DiagramOrder::from_id) {
                    Some(order) => {
                        model.diagram = order;
                        model.overridden.push("diagram".into());
                    }
                    None => self.fatal(
                        &ptr,
                        Code::BadModel,
                        "`diagram` must be \"relationship_base\" or \"service_base\".",
                    ),
                },
                _ => self.warn(
                    ptr,
                    Code::UnknownKey,
                    format!("Unknown model setting `{key}` was ignored."),
                ),
            }
        }
        // Weights that are all zero weigh nothing: every score would be blank.
        for (key, weights, what) in [
            ("level_weights", &model.level_weights[..], "CRQ"),
            ("role_weights", &model.role_weights[..], "every score"),
        ] {
            if weights.iter().all(|&w| w == 0.0) {
                self.fatal(
                    &format!("/model/{key}"),
                    Code::BadModel,
                    format!("`{key}` are all zero: {what} would weigh nothing. Give at least one a weight above 0."),
                );
            }
        }
        let failed = self.problems[before..]
            .iter()
            .any(|p| p.severity == Severity::Fatal);
        (!failed).then_some(model)
    }

    fn weights(&mut self, v: &Value, ptr: &str, keys: &[&str]) -> Option<Vec<Option<f64>>> {
        let Value::Object(o) = v else {
            self.fatal(
                ptr,
                Code::BadModel,
                format!("Weights must be an object with keys {}.", keys.join(", ")),
            );
            return None;
        };
        let mut out = vec![None; keys.len()];
        let mut ok = true;
        for (k, x) in o {
            let p = format!("{ptr}/{}", pointer_token(k));
            match (keys.iter().position(|key| key == k), x.as_f64()) {
                (Some(i), Some(w)) if w >= 0.0 && w.is_finite() => out[i] = Some(w),
                (Some(_), _) => {
                    ok = false;
                    self.fatal(
                        &p,
                        Code::BadModel,
                        format!("Weight `{k}` must be a number ≥ 0."),
                    );
                }
                (None, _) => {
                    ok = false;
                    self.fatal(
                        &p,
                        Code::BadModel,
                        format!("Unknown weight `{k}`; expected one of {}.", keys.join(", ")),
                    );
                }
            }
        }
        ok.then_some(out)
    }

    fn types(
        &mut self,
        v: &Value,
        ptr: &str,
        t: &mut TypeThresholds,
        overridden: &mut Vec<String>,
    ) {
        let Value::Object(o) = v else {
            self.fatal(
                ptr,
                Code::BadModel,
                "`types` must be an object of thresholds.",
            );
            return;
        };
        for (k, x) in o {
            let p = format!("{ptr}/{}", pointer_token(k));
            let Some(x) = x.as_f64() else {
                self.fatal(
                    &p,
                    Code::BadModel,
                    format!("Threshold `{k}` must be a number."),
                );
                continue;
            };
            let slot = match k.as_str() {
                "opponent_relationship" => &mut t.opponent_relationship,
                "opponent_relationship_low" => &mut t.opponent_relationship_low,
                "opponent_advocacy" => &mut t.opponent_advocacy,
                "stalker_value_for_money" => &mut t.stalker_value_for_money,
                "stalker_commitment" => &mut t.stalker_commitment,
                "ambivalent_gap" => &mut t.ambivalent_gap,
                "ambassador_relationship" => &mut t.ambassador_relationship,
                "ambassador_uniqueness" => &mut t.ambassador_uniqueness,
                "ambassador_advocacy" => &mut t.ambassador_advocacy,
                _ => {
                    self.fatal(&p, Code::BadModel, format!("Unknown type threshold `{k}`."));
                    continue;
                }
            };
            *slot = x;
            overridden.push(format!("types.{k}"));
        }
    }

    /// Valid waves ordered by close date, and for each file position: Ok(index before sorting) or Err(reason).
    fn waves(&mut self, raw: &[Value]) -> (Vec<Wave>, HashMap<String, WaveStatus>) {
        let mut waves: Vec<Wave> = Vec::new();
        let mut status: HashMap<String, WaveStatus> = HashMap::new();
        for (i, v) in raw.iter().enumerate() {
            let rec = format!("/waves/{i}");
            let mut c = RecordCheck::new(&mut self.problems, RecordAt::new("waves", i));
            let Some(o) = c.object(v, "A wave") else {
                self.excluded_records += 1;
                continue;
            };
            let id = c.string(o, "id");
            let label = c.opt_string(o, "label");
            let closed = match o.get("closed") {
                Some(Value::String(s)) => match parse_date(s) {
                    Some(d) => Some(d),
                    None => {
                        c.exclude(
                            format!("{rec}/closed"),
                            Code::BadDate,
                            format!("`closed` is \"{s}\"; write the date as YYYY-MM-DD, e.g. 2024-03-31."),
                        );
                        None
                    }
                },
                Some(v) => {
                    c.exclude(
                        format!("{rec}/closed"),
                        Code::WrongType,
                        format!(
                            "`closed` must be a date string YYYY-MM-DD, not {}.",
                            type_name(v)
                        ),
                    );
                    None
                }
                None => {
                    c.exclude(
                        format!("{rec}/closed"),
                        Code::MissingField,
                        "`closed` (YYYY-MM-DD) is required: waves are ordered by it.",
                    );
                    None
                }
            };
            if let Some(id) = &id {
                if let Some(first) = status.get(id) {
                    let first = first.pointer.clone();
                    c.exclude(
                        format!("{rec}/id"),
                        Code::DuplicateId,
                        format!(
                            "Wave id \"{id}\" is already used by {first}; this wave is left out."
                        ),
                    );
                }
            }
            let failed = c.failed;
            match (id, closed, failed) {
                (Some(id), Some(closed), false) => {
                    status.insert(
                        id.clone(),
                        WaveStatus {
                            pointer: rec,
                            valid: true,
                        },
                    );
                    waves.push(Wave {
                        label: label.unwrap_or_else(|| id.clone()),
                        id,
                        closed,
                    });
                }
                (id, _, _) => {
                    self.excluded_records += 1;
                    if let Some(id) = id {
                        status.entry(id).or_insert(WaveStatus {
                            pointer: rec,
                            valid: false,
                        });
                    }
                }
            }
        }
        // Stable sort: waves closing on the same day keep their file order.
        waves.sort_by_key(|w| w.closed);
        (waves, status)
    }

    fn accounts(
        &mut self,
        raw: &[Value],
        waves: &[Wave],
        wave_status: &HashMap<String, WaveStatus>,
    ) -> Vec<Account> {
        let mut out: Vec<Account> = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        for (i, v) in raw.iter().enumerate() {
            let rec = format!("/accounts/{i}");
            let mut c = RecordCheck::new(&mut self.problems, RecordAt::new("accounts", i));
            let Some(o) = c.object(v, "An account") else {
                self.excluded_records += 1;
                continue;
            };
            let id = c.string(o, "id");
            if let Some(id) = &id {
                if let Some(first) = seen.get(id) {
                    c.exclude(
                        format!("{rec}/id"),
                        Code::DuplicateId,
                        format!("Account id \"{id}\" is already used by {first}; this account is left out."),
                    );
                }
            }
            let name = c.opt_string(o, "name");
            let segment = c.opt_string(o, "segment");
            let owner = c.opt_string(o, "owner");
            let revenue = match o.get("revenue") {
                None | Some(Value::Null) => None,
                Some(Value::Number(n)) if n.as_f64().is_some_and(|x| x >= 0.0) => n.as_f64(),
                Some(other) => {
                    c.warn(
                        format!("{rec}/revenue"),
                        Code::BadRevenue,
                        format!(
                            "`revenue` must be a number ≥ 0, not {}; it is treated as unknown.",
                            type_desc(other)
                        ),
                    );
                    None
                }
            };
            let mut invited = vec![None; waves.len()];
            match o.get("invited") {
                None | Some(Value::Null) => {}
                Some(Value::Object(m)) => {
                    for (wid, n) in m {
                        let p = format!("{rec}/invited/{}", pointer_token(wid));
                        let Some(wi) = waves.iter().position(|w| &w.id == wid) else {
                            let why = if wave_status.contains_key(wid) {
                                "a wave that was left out"
                            } else {
                                "no wave"
                            };
                            c.warn(
                                p,
                                Code::UnknownWave,
                                format!("`invited` names \"{wid}\", {why}; that count is ignored."),
                            );
                            continue;
                        };
                        match n.as_u64() {
                            Some(k) if k <= u32::MAX as u64 => invited[wi] = Some(k as u32),
                            _ if n.is_null() => {}
                            _ => c.warn(
                                p,
                                Code::BadInvited,
                                format!("Invited count must be a whole number ≥ 0, not {}; it is treated as unknown.", type_desc(n)),
                            ),
                        }
                    }
                }
                Some(other) => c.warn(
                    format!("{rec}/invited"),
                    Code::WrongType,
                    format!(
                        "`invited` must map wave ids to counts, not {}; it was ignored.",
                        type_name(other)
                    ),
                ),
            }
            if c.failed {
                self.excluded_records += 1;
                continue;
            }
            let Some(id) = id else { continue };
            seen.insert(id.clone(), rec);
            out.push(Account {
                name: name.unwrap_or_else(|| id.clone()),
                id,
                segment,
                owner,
                revenue,
                invited,
            });
        }
        out
    }

    fn questions(&mut self, raw: &[Value]) -> Vec<Question> {
        let mut out: Vec<Question> = Vec::new();
        let mut ids: HashSet<String> = HashSet::new();
        for (i, v) in raw.iter().enumerate() {
            let rec = format!("/questions/{i}");
            let mut c = RecordCheck::new(&mut self.problems, RecordAt::new("questions", i));
            let Some(o) = c.object(v, "A question") else {
                self.excluded_records += 1;
                continue;
            };
            let id = c.string(o, "id");
            if let Some(id) = &id {
                if Target::from_id(id).is_some() {
                    c.exclude(
                        format!("{rec}/id"),
                        Code::ReservedId,
                        format!(
                            "Question id \"{id}\" is a dimension id; give the question its own id."
                        ),
                    );
                } else if ids.contains(id) {
                    c.exclude(
                        format!("{rec}/id"),
                        Code::DuplicateId,
                        format!("Question id \"{id}\" is used twice; this one is left out."),
                    );
                }
            }
            let target = match o.get("dimension") {
                Some(Value::String(s)) => {
                    match Target::from_id(s) {
                        Some(t) => Some(t),
                        None => {
                            c.exclude(
                            format!("{rec}/dimension"),
                            Code::UnknownDimension,
                            format!("\"{s}\" is not a CRQ dimension (expected one of {}, or solution).", dimension_list()),
                        );
                            None
                        }
                    }
                }
                Some(v) => {
                    c.exclude(
                        format!("{rec}/dimension"),
                        Code::WrongType,
                        format!("`dimension` must be a string, not {}.", type_name(v)),
                    );
                    None
                }
                None => {
                    c.exclude(
                        format!("{rec}/dimension"),
                        Code::MissingField,
                        "`dimension` is required.",
                    );
                    None
                }
            };
            let text = c.opt_string(o, "text");
            let reverse = match o.get("reverse") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(v) => {
                    c.exclude(
                        format!("{rec}/reverse"),
                        Code::WrongType,
                        format!("`reverse` must be true or false, not {}.", type_name(v)),
                    );
                    false
                }
            };
            match (c.failed, id, target) {
                (false, Some(id), Some(target)) => {
                    ids.insert(id.clone());
                    out.push(Question {
                        text: text.unwrap_or_default(),
                        id,
                        target,
                        reverse,
                    });
                }
                _ => self.excluded_records += 1,
            }
        }
        out
    }

    fn actions(
        &mut self,
        raw: &[Value],
        waves: &[Wave],
        wave_status: &HashMap<String, WaveStatus>,
        accounts: &[Account],
    ) -> Vec<Action> {
        let mut out: Vec<Action> = Vec::new();
        let mut ids: HashSet<String> = HashSet::new();
        let account_index: HashMap<&str, usize, FxBuild> = accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let wave_index: HashMap<&str, usize, FxBuild> = waves
            .iter()
            .enumerate()
            .map(|(i, w)| (w.id.as_str(), i))
            .collect();
        for (i, v) in raw.iter().enumerate() {
            let rec = format!("/actions/{i}");
            let mut c = RecordCheck::new(&mut self.problems, RecordAt::new("actions", i));
            let Some(o) = c.object(v, "An action") else {
                self.excluded_records += 1;
                continue;
            };
            let id = c.string(o, "id");
            if let Some(id) = &id {
                if ids.contains(id) {
                    c.exclude(
                        format!("{rec}/id"),
                        Code::DuplicateId,
                        format!("Action id \"{id}\" is used twice; this one is left out."),
                    );
                }
            }
            let account = c.string(o, "account").and_then(|a| {
                let found = account_index.get(a.as_str()).copied();
                if found.is_none() {
                    c.exclude(
                        format!("{rec}/account"),
                        Code::UnknownAccount,
                        format!("Unknown account \"{a}\"."),
                    );
                }
                found
            });
            let wave = c.string(o, "wave").and_then(|w| {
                let found = wave_index.get(w.as_str()).copied();
                if found.is_none() {
                    let why = if wave_status.contains_key(&w) {
                        " (that wave was left out)"
                    } else {
                        ""
                    };
                    c.exclude(
                        format!("{rec}/wave"),
                        Code::UnknownWave,
                        format!("Unknown wave \"{w}\"{why}."),
                    );
                }
                found
            });
            let title = c.string(o, "title");
            let target = match o.get("dimension") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => {
                    let t = Target::from_id(s);
                    if t.is_none() {
                        c.exclude(
                            format!("{rec}/dimension"),
                            Code::UnknownDimension,
                            format!("\"{s}\" is not a CRQ dimension."),
                        );
                    }
                    t
                }
                Some(v) => {
                    c.exclude(
                        format!("{rec}/dimension"),
                        Code::WrongType,
                        format!("`dimension` must be a string, not {}.", type_name(v)),
                    );
                    None
                }
            };
            let owner = c.opt_string(o, "owner");
            let notes = c.opt_string(o, "notes");
            let due = match o.get("due") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => {
                    let d = parse_date(s);
                    if d.is_none() {
                        c.exclude(
                            format!("{rec}/due"),
                            Code::BadDate,
                            format!("`due` is \"{s}\"; write the date as YYYY-MM-DD."),
                        );
                    }
                    d
                }
                Some(v) => {
                    c.exclude(
                        format!("{rec}/due"),
                        Code::WrongType,
                        format!(
                            "`due` must be a date string YYYY-MM-DD, not {}.",
                            type_name(v)
                        ),
                    );
                    None
                }
            };
            let status = match o.get("status") {
                None | Some(Value::Null) => ActionStatus::Open,
                Some(Value::String(s)) => ActionStatus::from_id(s).unwrap_or_else(|| {
                    c.exclude(
                        format!("{rec}/status"),
                        Code::BadStatus,
                        format!("Status \"{s}\" is not one of open, in_progress, done, dropped."),
                    );
                    ActionStatus::Open
                }),
                Some(v) => {
                    c.exclude(
                        format!("{rec}/status"),
                        Code::WrongType,
                        format!("`status` must be a string, not {}.", type_name(v)),
                    );
                    ActionStatus::Open
                }
            };
            let agreed_with_client = match o.get("agreed_with_client") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(v) => {
                    c.exclude(
                        format!("{rec}/agreed_with_client"),
                        Code::WrongType,
                        format!(
                            "`agreed_with_client` must be true or false, not {}.",
                            type_name(v)
                        ),
                    );
                    false
                }
            };
            match (c.failed, id, account, wave, title) {
                (false, Some(id), Some(account), Some(wave), Some(title)) => {
                    ids.insert(id.clone());
                    out.push(Action {
                        id,
                        account,
                        wave,
                        target,
                        title,
                        owner,
                        due,
                        status,
                        agreed_with_client,
                        notes,
                    });
                }
                _ => self.excluded_records += 1,
            }
        }
        out
    }
}

struct WaveStatus {
    pointer: String,
    valid: bool,
}

fn dimension_list() -> String {
    Dimension::ALL.map(|d| d.id()).join(", ")
}

/// A value's type, quoting short strings so "numbers given as strings" are obvious.
fn type_desc(v: &Value) -> String {
    match v {
        Value::String(s) => string_desc(s).unwrap_or_else(|| "a string".to_string()),
        Value::Number(n) => format!("{n}"),
        other => type_name(other).to_string(),
    }
}

/// A short string quoted, noting when it holds a number.
fn string_desc(s: &str) -> Option<String> {
    (s.chars().count() <= 20).then(|| {
        if s.trim().parse::<f64>().is_ok() {
            format!("the string \"{s}\" (write numbers without quotes)")
        } else {
            format!("the string \"{s}\"")
        }
    })
}

/// FxHash (as in rustc): a fast hasher for the short ids of a data file. Not resistant to
/// crafted collisions, which could only slow down the reading of one's own file.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxBuild = std::hash::BuildHasherDefault<Fx>;

/// One response record as parsed: its known fields, without building a tree.
struct RawResponse<'de> {
    /// The record when it is not an object.
    not_object: Option<Json<'de>>,
    wave: Option<Json<'de>>,
    account: Option<Json<'de>>,
    respondent: Option<Json<'de>>,
    role: Option<Json<'de>>,
    nps: Option<Json<'de>>,
    comment: Option<Json<'de>>,
    /// `ratings` when it is not an object.
    ratings_other: Option<Json<'de>>,
    ratings_present: bool,
    /// The rating pairs, repeated keys included (a buffer reused from record to record).
    ratings: Vec<(Cow<'de, str>, Json<'de>)>,
    /// Pointers (below the record) of repeated keys.
    repeated: Vec<String>,
}

impl<'de> RawResponse<'de> {
    fn new(ratings: Vec<(Cow<'de, str>, Json<'de>)>) -> Self {
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
struct ResponseSeed<'f, 'de> {
    flag: &'f DuplicateFlag,
    buffer: Vec<(Cow<'de, str>, Json<'de>)>,
}

impl<'de> DeserializeSeed<'de> for ResponseSeed<'_, 'de> {
    type Value = RawResponse<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawResponse<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> ResponseSeed<'_, 'de> {
    fn flag(&self) -> &DuplicateFlag {
        self.flag
    }

    /// The record is not an object: kept as it is, for the message.
    fn other(self, v: Json<'de>) -> RawResponse<'de> {
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
struct RatingsSeed<'f, 'r, 'de> {
    flag: &'f DuplicateFlag,
    raw: &'r mut RawResponse<'de>,
}

impl<'de> DeserializeSeed<'de> for RatingsSeed<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> RatingsSeed<'_, '_, 'de> {
    fn flag(&self) -> &DuplicateFlag {
        self.flag
    }

    /// `ratings` is not an object: kept as it is, for the message.
    fn other(self, v: Json<'de>) {
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

/// What a response is checked against, taken from a valid header.
struct ResponseStage {
    scale: Scale,
    /// Rating keys (dimension ids, `solution`, question ids): what each measures and whether
    /// it is reverse-coded. Dimension ids win over a question of the same id.
    questions: HashMap<String, (Target, bool), FxBuild>,
    wave_index: HashMap<String, usize, FxBuild>,
    wave_ids: Vec<String>,
    /// Why a wave id from the file is not usable, for waves that were left out.
    left_out_waves: HashMap<String, String>,
    account_index: HashMap<String, usize, FxBuild>,
    model: Model,
}

impl ResponseStage {
    fn new(h: &Header) -> ResponseStage {
        ResponseStage {
            scale: h.scale,
            questions: h
                .questions
                .iter()
                .map(|q| (q.id.clone(), (q.target, q.reverse)))
                .chain(
                    Dimension::ALL
                        .map(|d| (d.id().to_string(), (Target::Dimension(d), false)))
                        .into_iter()
                        .chain([("solution".to_string(), (Target::Solution, false))]),
                )
                .collect(),
            wave_index: h
                .waves
                .iter()
                .enumerate()
                .map(|(i, w)| (w.id.clone(), i))
                .collect(),
            wave_ids: h.waves.iter().map(|w| w.id.clone()).collect(),
            left_out_waves: h
                .wave_status
                .iter()
                .filter(|(_, s)| !s.valid)
                .map(|(id, s)| (id.clone(), s.pointer.clone()))
                .collect(),
            account_index: h
                .accounts
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.clone(), i))
                .collect(),
            model: h.model.clone(),
        }
    }
}

/// A rating key with what it measures and whether it is reverse-coded (None: unknown key).
type KnownKey<'de> = (Cow<'de, str>, Option<(Target, bool)>);

/// The responses read so far, with their problems.
struct ResponsesOut<'de, T> {
    responses: Vec<Response>,
    kept: Vec<T>,
    problems: Vec<Problem>,
    excluded: usize,
    read: usize,
    /// First record of each (wave, respondent), to report repeats.
    first_at: HashMap<(usize, Cow<'de, str>), usize, FxBuild>,
    /// The rating keys of the last record, by position, with what they measure: records
    /// mostly list the same keys in the same order, so most keys are found here.
    last_keys: Vec<KnownKey<'de>>,
    /// The last wave and account found: records mostly come grouped by both.
    last_wave: Option<(Cow<'de, str>, usize)>,
    last_account: Option<(Cow<'de, str>, usize)>,
    /// The buffers of the last response, when it was handed on and not kept: the next one
    /// is made in them, without asking for memory again.
    spare: Spare,
    /// Valid responses per (account, wave), counted by runs (records mostly come grouped):
    /// the run under way, and the finished runs added up.
    run: Option<((usize, usize), u64)>,
    per_account_wave: HashMap<(usize, usize), u64, FxBuild>,
}

impl<T> ResponsesOut<'_, T> {
    fn count(&mut self, account: usize, wave: usize) {
        match &mut self.run {
            Some((group, n)) if *group == (account, wave) => *n += 1,
            run => {
                if let Some((group, n)) = run.replace(((account, wave), 1)) {
                    *self.per_account_wave.entry(group).or_default() += n;
                }
            }
        }
    }

    /// Valid responses per (account, wave).
    fn counts(&mut self) -> HashMap<(usize, usize), u64, FxBuild> {
        if let Some((group, n)) = self.run.take() {
            *self.per_account_wave.entry(group).or_default() += n;
        }
        std::mem::take(&mut self.per_account_wave)
    }
}

#[derive(Default)]
struct Spare {
    items: Vec<(Target, f64)>,
    respondent: String,
    comment: String,
}

/// `text` in `buffer` (emptied first).
fn into_buffer(mut buffer: String, text: &str) -> String {
    buffer.clear();
    buffer.push_str(text);
    buffer
}

impl<T> Default for ResponsesOut<'_, T> {
    fn default() -> Self {
        ResponsesOut {
            responses: Vec::new(),
            kept: Vec::new(),
            problems: Vec::new(),
            excluded: 0,
            read: 0,
            first_at: HashMap::default(),
            last_keys: Vec::new(),
            last_wave: None,
            last_account: None,
            spare: Spare::default(),
            run: None,
            per_account_wave: HashMap::default(),
        }
    }
}

/// A required, non-empty string field of a response (borrowed from the file).
fn json_string<'j, 'de>(
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

fn json_type_name(v: &Json) -> &'static str {
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
fn json_type_desc(v: &Json) -> String {
    match v {
        Json::String(s) => string_desc(s).unwrap_or_else(|| "a string".to_string()),
        Json::Number(n) => format!("{n}"),
        other => json_type_name(other).to_string(),
    }
}

/// Whether two (short) keys are the same: a byte loop beats a call to memcmp for them.
fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// What rating key `key`, at position `j` of its record, measures (and whether it is
/// reverse-coded), looked up in the keys of the last record first.
// `&Cow`, not `&str`: the key is cloned into the cache, and a borrowed one stays borrowed.
#[allow(clippy::ptr_arg)]
fn rating_key<'de>(
    stage: &ResponseStage,
    last: &mut Vec<KnownKey<'de>>,
    j: usize,
    key: &Cow<'de, str>,
) -> Option<(Target, bool)> {
    if let Some((k, found)) = last.get(j) {
        if same_key(k, key) {
            return *found;
        }
    }
    let found = stage.questions.get(&**key).copied();
    if j < last.len() {
        last[j] = (key.clone(), found);
    } else if j == last.len() {
        last.push((key.clone(), found));
    }
    found
}

/// `index[key]`, the last key found asked first.
// `&Cow`, not `&str`: the key is cloned into the cache, and a borrowed one stays borrowed.
#[allow(clippy::ptr_arg)]
fn index_of<'de>(
    index: &HashMap<String, usize, FxBuild>,
    last: &mut Option<(Cow<'de, str>, usize)>,
    key: &Cow<'de, str>,
) -> Option<usize> {
    if let Some((k, i)) = last {
        if same_key(k, key) {
            return Some(*i);
        }
    }
    let i = *index.get(&**key)?;
    *last = Some((key.clone(), i));
    Some(i)
}

/// Checks one response record; returns it when it is kept.
fn read_response<'de, T>(
    stage: &ResponseStage,
    out: &mut ResponsesOut<'de, T>,
    i: usize,
    raw: &RawResponse<'de>,
) -> Option<Response> {
    let rec = RecordAt::new("responses", i);
    out.problems.extend(
        raw.repeated
            .iter()
            .map(|suffix| Problem::duplicate_key(format!("{rec}{suffix}"))),
    );
    let mut c = RecordCheck::new(&mut out.problems, rec);
    if let Some(v) = &raw.not_object {
        let r = c.record.to_string();
        c.exclude(
            r,
            Code::WrongType,
            format!("A response must be an object, not {}.", json_type_name(v)),
        );
        out.excluded += 1;
        return None;
    };
    let wave = json_string(&mut c, raw.wave.as_ref(), "wave").and_then(|w| {
        match index_of(&stage.wave_index, &mut out.last_wave, w) {
            Some(i) => Some(i),
            None => {
                let why = match stage.left_out_waves.get(&**w) {
                    Some(pointer) => format!("wave \"{w}\" was left out (see {pointer})"),
                    None => format!("there is no wave \"{w}\" in `waves`"),
                };
                let p = format!("{}/wave", c.record);
                c.exclude(p, Code::UnknownWave, format!("Unknown wave: {why}."));
                None
            }
        }
    });
    let account =
        json_string(&mut c, raw.account.as_ref(), "account").and_then(|a| {
            match index_of(&stage.account_index, &mut out.last_account, a) {
                Some(i) => Some(i),
                None => {
                    let p = format!("{}/account", c.record);
                    c.exclude(
                        p,
                        Code::UnknownAccount,
                        format!(
                            "Unknown account: there is no valid account \"{a}\" in `accounts`."
                        ),
                    );
                    None
                }
            }
        });
    let respondent = json_string(&mut c, raw.respondent.as_ref(), "respondent");
    let role = match &raw.role {
        None | Some(Json::Null) => Role::Other,
        Some(Json::String(s)) => Role::from_id(s).unwrap_or_else(|| {
            let p = format!("{}/role", c.record);
            c.exclude(
                p,
                Code::UnknownRole,
                format!(
                    "Role \"{s}\" is not one of decision_maker, influencer, operational, other."
                ),
            );
            Role::Other
        }),
        Some(v) => {
            let p = format!("{}/role", c.record);
            c.exclude(
                p,
                Code::WrongType,
                format!("`role` must be a string, not {}.", json_type_name(v)),
            );
            Role::Other
        }
    };
    let scale = stage.scale;
    let mut items = std::mem::take(&mut out.spare.items);
    items.clear();
    match (&raw.ratings_other, raw.ratings_present) {
        (None, true) => {
            let r = &raw.ratings;
            let repeated_keys = !raw.repeated.is_empty();
            items.reserve_exact(r.len());
            let (mut direct_solution, mut solution_parts) = (false, false);
            for (j, (key, val)) in r.iter().enumerate() {
                if repeated_keys && r[j + 1..].iter().any(|(k, _)| k == key) {
                    continue; // the last value of a repeated key counts
                }
                let p = |c: &RecordCheck| format!("{}/ratings/{}", c.record, pointer_token(key));
                let Some((target, reverse)) = rating_key(stage, &mut out.last_keys, j, key) else {
                    let p = p(&c);
                    c.exclude(
                        p,
                        Code::UnknownRatingKey,
                        format!("Rating key \"{key}\" is neither a dimension id, `solution`, nor a valid question id."),
                    );
                    continue;
                };
                let x = match val {
                    Json::Null => continue,
                    Json::Number(n) => match n.as_f64() {
                        Some(x) if x >= scale.min && x <= scale.max => x,
                        _ => {
                            let p = p(&c);
                            c.exclude(
                                p,
                                Code::OutOfRange,
                                format!(
                                    "Rating {n} is outside the scale {}–{}.",
                                    scale.min, scale.max
                                ),
                            );
                            continue;
                        }
                    },
                    other => {
                        let p = p(&c);
                        c.exclude(
                            p,
                            Code::WrongType,
                            format!(
                                "A rating must be a number or null, not {}.",
                                json_type_desc(other)
                            ),
                        );
                        continue;
                    }
                };
                match target {
                    Target::Solution => direct_solution = true,
                    Target::Dimension(d) if d.is_solution_part() => solution_parts = true,
                    _ => {}
                }
                let x = if reverse {
                    scale.min + scale.max - x
                } else {
                    x
                };
                items.push((target, x));
            }
            if direct_solution && solution_parts {
                let p = format!("{}/ratings", c.record);
                c.exclude(
                    p,
                    Code::SolutionAndParts,
                    "The response rates `solution` directly and also innovation, leading_edge or value_for_money; rate one or the other.",
                );
            }
        }
        (Some(v), _) => {
            let p = format!("{}/ratings", c.record);
            c.exclude(
                p,
                Code::WrongType,
                format!("`ratings` must be an object, not {}.", json_type_name(v)),
            )
        }
        (None, false) => {
            let p = format!("{}/ratings", c.record);
            c.exclude(
                p,
                Code::MissingField,
                "`ratings` is required (use {} for a response that rates nothing).",
            )
        }
    }
    let nps = match &raw.nps {
        None | Some(Json::Null) => None,
        Some(Json::Number(n)) => match n.as_u64() {
            Some(k) if k <= 10 => Some(k as u8),
            _ => {
                let p = format!("{}/nps", c.record);
                c.exclude(
                    p,
                    Code::BadNps,
                    format!("`nps` is {n}; it must be a whole number from 0 to 10."),
                );
                None
            }
        },
        Some(v) => {
            let p = format!("{}/nps", c.record);
            c.exclude(
                p,
                Code::WrongType,
                format!(
                    "`nps` must be a whole number 0–10 or null, not {}.",
                    json_type_desc(v)
                ),
            );
            None
        }
    };
    let comment = match &raw.comment {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => Some(&**s),
        Some(v) => {
            let p = format!("{}/comment", c.record);
            c.warn(
                p,
                Code::WrongType,
                format!(
                    "`comment` should be a string, not {}; it was ignored.",
                    json_type_name(v)
                ),
            );
            None
        }
    };
    if let (Some(w), Some(r), false) = (wave, respondent, c.failed) {
        // Nothing has failed so far, so wave, account and respondent are all known: the
        // record is kept unless its respondent answered this wave before.
        let first = match out.first_at.entry((w, r.clone())) {
            Entry::Occupied(first) => Some(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(i);
                None
            }
        };
        if let Some(first) = first {
            let p = format!("{}/respondent", c.record);
            c.exclude(
                p,
                Code::DuplicateRespondent,
                format!(
                    "Respondent \"{r}\" already answered wave \"{}\" (see /responses/{first}); only the first response counts.",
                    stage.wave_ids[w]
                ),
            );
        }
    }
    match (c.failed, wave, account, respondent) {
        (false, Some(wave), Some(account), Some(respondent)) => Some(Response {
            wave,
            account,
            respondent: into_buffer(std::mem::take(&mut out.spare.respondent), respondent),
            role,
            items,
            nps,
            comment: comment.map(|c| into_buffer(std::mem::take(&mut out.spare.comment), c)),
            record: i,
        }),
        _ => {
            out.excluded += 1;
            None
        }
    }
}
