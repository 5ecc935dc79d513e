//! Parsing and validation of `rapport/1` files: every problem gets a location, a code and a reason.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

use super::data::{Account, Action, ActionStatus, Dataset, Question, Response, Wave};
use super::model::{Aggregation, Dimension, Model, Role, Scale, Target, TypeThresholds};

/// Whether a problem rejects the file, excludes a record, or is only worth knowing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file cannot be used at all.
    Fatal,
    /// The record at `record` is left out of scoring.
    Excluded,
    /// Nothing is left out; the data was read with the stated assumption.
    Warning,
}

/// One problem found while reading a file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// JSON pointer (RFC 6901) to the offending value; "" is the whole document.
    pub pointer: String,
    /// The record that was left out, for `Excluded` problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// 1-based line and column, where known (syntax errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub code: &'static str,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = if self.pointer.is_empty() {
            "(document)".to_string()
        } else {
            self.pointer.clone()
        };
        match (self.line, self.column) {
            (Some(l), Some(c)) => {
                write!(f, "{place} line {l}:{c}: [{}] {}", self.code, self.message)
            }
            _ => write!(f, "{place}: [{}] {}", self.code, self.message),
        }
    }
}

/// What happened to a file: every problem, and how many records were left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LoadReport {
    pub problems: Vec<Problem>,
    /// Number of records (waves, accounts, questions, responses, actions) left out.
    pub excluded_records: usize,
    /// Response records read from the file, valid or not.
    pub responses_read: usize,
}

impl LoadReport {
    pub fn is_rejected(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Fatal)
    }

    pub fn fatal(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Fatal)
    }

    pub fn excluded(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Excluded)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }
}

/// Escapes one JSON pointer reference token.
pub fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A file that could not be used, with every reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected(pub LoadReport);

/// Reads a data file from raw bytes: the only entry point for untrusted input.
pub fn load(bytes: &[u8]) -> Result<(Dataset, LoadReport), Rejected> {
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(p) => return Err(Rejected(one_fatal(*p))),
    };
    let (doc, duplicates) = match super::json::parse_with_duplicates(text) {
        Ok(v) => v,
        Err(e) => {
            return Err(Rejected(one_fatal(syntax_problem(text, &e))));
        }
    };
    let mut reader = Reader::default();
    for pointer in duplicates {
        let key = pointer
            .rsplit('/')
            .next()
            .unwrap_or("")
            .replace("~1", "/")
            .replace("~0", "~");
        reader.warn(
            pointer,
            "duplicate_key",
            format!("The key `{key}` appears twice in the same object; the last value was used and the earlier one ignored."),
        );
    }
    reader.read(&doc)
}

fn one_fatal(p: Problem) -> LoadReport {
    LoadReport {
        problems: vec![p],
        ..LoadReport::default()
    }
}

fn fatal(pointer: &str, code: &'static str, message: impl Into<String>) -> Problem {
    Problem {
        severity: Severity::Fatal,
        pointer: pointer.to_string(),
        record: None,
        line: None,
        column: None,
        code,
        message: message.into(),
    }
}

/// Recognises what the bytes are before treating them as UTF-8 JSON.
fn decode(bytes: &[u8]) -> Result<&str, Box<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Box::new(fatal(
            "",
            "empty_file",
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
            "utf16" => "not_utf8",
            _ => "not_json",
        };
        return Err(Box::new(fatal("", code, format!("This is {msg}."))));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let (line, column) = line_col(&bytes[..at]);
        Box::new(Problem {
            line: Some(line),
            column: Some(column),
            ..fatal(
                "",
                "not_utf8",
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
    let mut p = fatal(
        "",
        "syntax",
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

/// Problems of one record, collected before deciding whether it is kept.
struct RecordCheck<'a> {
    record: String,
    problems: &'a mut Vec<Problem>,
    failed: bool,
}

impl<'a> RecordCheck<'a> {
    fn new(problems: &'a mut Vec<Problem>, record: String) -> Self {
        RecordCheck {
            record,
            problems,
            failed: false,
        }
    }

    fn exclude(&mut self, pointer: String, code: &'static str, message: impl Into<String>) {
        self.failed = true;
        self.problems.push(Problem {
            severity: Severity::Excluded,
            pointer,
            record: Some(self.record.clone()),
            line: None,
            column: None,
            code,
            message: message.into(),
        });
    }

    fn warn(&mut self, pointer: String, code: &'static str, message: impl Into<String>) {
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
                    self.record.clone(),
                    "wrong_type",
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
                self.exclude(ptr, "missing_field", format!("`{key}` is empty."));
                None
            }
            Some(v) => {
                self.exclude(
                    ptr,
                    "wrong_type",
                    format!("`{key}` must be a string, not {}.", type_name(v)),
                );
                None
            }
            None => {
                self.exclude(ptr, "missing_field", format!("`{key}` is required."));
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
                    "wrong_type",
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
    fn fatal(&mut self, pointer: &str, code: &'static str, message: impl Into<String>) {
        self.problems.push(fatal(pointer, code, message));
    }

    fn warn(&mut self, pointer: impl Into<String>, code: &'static str, message: impl Into<String>) {
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
                    "missing_field",
                    format!("The required top-level field `{key}` is missing."),
                );
                None
            }
            Some(v) => {
                self.fatal(
                    &format!("/{key}"),
                    "wrong_type",
                    format!("`{key}` must be an array, not {}.", type_name(v)),
                );
                None
            }
        }
    }

    fn read(mut self, doc: &Value) -> Result<(Dataset, LoadReport), Rejected> {
        let Value::Object(doc) = doc else {
            self.fatal(
                "",
                "not_an_object",
                format!(
                    "The document must be a JSON object with \"format\": \"rapport/1\", not {}.",
                    type_name(doc)
                ),
            );
            return Err(self.rejected());
        };
        match doc.get("format") {
            Some(Value::String(s)) if s == "rapport/1" => {}
            Some(Value::String(s)) => self.fatal(
                "/format",
                "wrong_format",
                format!("`format` is \"{s}\"; this app reads \"rapport/1\"."),
            ),
            Some(v) => self.fatal(
                "/format",
                "wrong_format",
                format!(
                    "`format` must be the string \"rapport/1\", not {}.",
                    type_name(v)
                ),
            ),
            None => self.fatal(
                "/format",
                "missing_field",
                "The required top-level field `format` is missing (it must be \"rapport/1\").",
            ),
        }
        for key in doc.keys() {
            if !TOP_KEYS.contains(&key.as_str()) {
                self.warn(
                    format!("/{}", pointer_token(key)),
                    "unknown_key",
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
                    "wrong_type",
                    format!(
                        "`title` should be a string, not {}; it was ignored.",
                        type_name(v)
                    ),
                );
                None
            }
        };
        let (
            Some(waves),
            Some(accounts),
            Some(responses),
            Some(questions),
            Some(actions),
            Some(scale),
        ) = (waves, accounts, responses, questions, actions, scale)
        else {
            return Err(self.rejected());
        };
        let Some(model) = self.model(doc.get("model"), scale) else {
            return Err(self.rejected());
        };
        if self.problems.iter().any(|p| p.severity == Severity::Fatal) {
            return Err(self.rejected());
        }

        let (waves, wave_status) = self.waves(waves);
        if waves.is_empty() {
            self.fatal(
                "/waves",
                "no_waves",
                if wave_status.is_empty() {
                    "`waves` is empty: at least one wave is required.".to_string()
                } else {
                    "No wave in `waves` is valid; see the problems listed above.".to_string()
                },
            );
            return Err(self.rejected());
        }
        let accounts = self.accounts(accounts, &waves, &wave_status);
        let questions = self.questions(questions);
        let responses_read = responses.len();
        let responses = self.responses(
            responses,
            &waves,
            &wave_status,
            &accounts,
            &questions,
            scale,
        );
        let actions = self.actions(actions, &waves, &wave_status, &accounts);

        if model.aggregation == Aggregation::Revenue {
            let missing = accounts.iter().filter(|a| a.revenue.is_none()).count();
            if missing > 0 {
                self.warn(
                    "/model/aggregation",
                    "revenue_missing",
                    format!(
                        "Revenue-weighted aggregation: {missing} account(s) without revenue are left out of group scores."
                    ),
                );
            }
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
        Ok((dataset, self.report(responses_read)))
    }

    fn scale(&mut self, v: Option<&Value>) -> Option<Scale> {
        let Some(v) = v else {
            return Some(Scale::default());
        };
        let Value::Object(o) = v else {
            self.fatal(
                "/scale",
                "bad_scale",
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
                        "bad_scale",
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
                        "bad_scale",
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
                "bad_scale",
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
                "bad_model",
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
                        "bad_model",
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
                            "bad_model",
                            "`bands` must be four numbers in descending order (excellent, good, adequate, vulnerable).",
                        ),
                    }
                }
                "types" => self.types(val, &ptr, &mut model.types, &mut model.overridden),
                _ => self.warn(
                    ptr,
                    "unknown_key",
                    format!("Unknown model setting `{key}` was ignored."),
                ),
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
                "bad_model",
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
                        "bad_model",
                        format!("Weight `{k}` must be a number ≥ 0."),
                    );
                }
                (None, _) => {
                    ok = false;
                    self.fatal(
                        &p,
                        "bad_model",
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
            self.fatal(ptr, "bad_model", "`types` must be an object of thresholds.");
            return;
        };
        for (k, x) in o {
            let p = format!("{ptr}/{}", pointer_token(k));
            let Some(x) = x.as_f64() else {
                self.fatal(
                    &p,
                    "bad_model",
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
                    self.fatal(&p, "bad_model", format!("Unknown type threshold `{k}`."));
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
            let mut c = RecordCheck::new(&mut self.problems, rec.clone());
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
                            "bad_date",
                            format!("`closed` is \"{s}\"; write the date as YYYY-MM-DD, e.g. 2024-03-31."),
                        );
                        None
                    }
                },
                Some(v) => {
                    c.exclude(
                        format!("{rec}/closed"),
                        "wrong_type",
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
                        "missing_field",
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
                        "duplicate_id",
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
            let mut c = RecordCheck::new(&mut self.problems, rec.clone());
            let Some(o) = c.object(v, "An account") else {
                self.excluded_records += 1;
                continue;
            };
            let id = c.string(o, "id");
            if let Some(id) = &id {
                if let Some(first) = seen.get(id) {
                    c.exclude(
                        format!("{rec}/id"),
                        "duplicate_id",
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
                        "bad_revenue",
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
                                "unknown_wave",
                                format!("`invited` names \"{wid}\", {why}; that count is ignored."),
                            );
                            continue;
                        };
                        match n.as_u64() {
                            Some(k) if k <= u32::MAX as u64 => invited[wi] = Some(k as u32),
                            _ if n.is_null() => {}
                            _ => c.warn(
                                p,
                                "bad_invited",
                                format!("Invited count must be a whole number ≥ 0, not {}; it is treated as unknown.", type_desc(n)),
                            ),
                        }
                    }
                }
                Some(other) => c.warn(
                    format!("{rec}/invited"),
                    "wrong_type",
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
            let mut c = RecordCheck::new(&mut self.problems, rec.clone());
            let Some(o) = c.object(v, "A question") else {
                self.excluded_records += 1;
                continue;
            };
            let id = c.string(o, "id");
            if let Some(id) = &id {
                if Target::from_id(id).is_some() {
                    c.exclude(
                        format!("{rec}/id"),
                        "reserved_id",
                        format!(
                            "Question id \"{id}\" is a dimension id; give the question its own id."
                        ),
                    );
                } else if ids.contains(id) {
                    c.exclude(
                        format!("{rec}/id"),
                        "duplicate_id",
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
                            "unknown_dimension",
                            format!("\"{s}\" is not a CRQ dimension (expected one of {}, or solution).", dimension_list()),
                        );
                            None
                        }
                    }
                }
                Some(v) => {
                    c.exclude(
                        format!("{rec}/dimension"),
                        "wrong_type",
                        format!("`dimension` must be a string, not {}.", type_name(v)),
                    );
                    None
                }
                None => {
                    c.exclude(
                        format!("{rec}/dimension"),
                        "missing_field",
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
                        "wrong_type",
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

    #[allow(clippy::too_many_arguments)]
    fn responses(
        &mut self,
        raw: &[Value],
        waves: &[Wave],
        wave_status: &HashMap<String, WaveStatus>,
        accounts: &[Account],
        questions: &[Question],
        scale: Scale,
    ) -> Vec<Response> {
        let questions: HashMap<&str, &Question> =
            questions.iter().map(|q| (q.id.as_str(), q)).collect();
        let wave_index: HashMap<&str, usize> = waves
            .iter()
            .enumerate()
            .map(|(i, w)| (w.id.as_str(), i))
            .collect();
        let account_index: HashMap<&str, usize> = accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut seen: HashSet<(usize, String)> = HashSet::new();
        let mut first_at: HashMap<(usize, String), usize> = HashMap::new();
        let mut out = Vec::with_capacity(raw.len());
        for (i, v) in raw.iter().enumerate() {
            let rec = format!("/responses/{i}");
            let mut c = RecordCheck::new(&mut self.problems, rec.clone());
            let Some(o) = c.object(v, "A response") else {
                self.excluded_records += 1;
                continue;
            };
            let wave = c
                .string(o, "wave")
                .and_then(|w| match wave_index.get(w.as_str()) {
                    Some(&i) => Some(i),
                    None => {
                        let why = match wave_status.get(&w) {
                            Some(s) if !s.valid => {
                                format!("wave \"{w}\" was left out (see {})", s.pointer)
                            }
                            _ => format!("there is no wave \"{w}\" in `waves`"),
                        };
                        c.exclude(
                            format!("{rec}/wave"),
                            "unknown_wave",
                            format!("Unknown wave: {why}."),
                        );
                        None
                    }
                });
            let account =
                c.string(o, "account")
                    .and_then(|a| match account_index.get(a.as_str()) {
                        Some(&i) => Some(i),
                        None => {
                            c.exclude(
                                format!("{rec}/account"),
                                "unknown_account",
                                format!(
                                "Unknown account: there is no valid account \"{a}\" in `accounts`."
                            ),
                            );
                            None
                        }
                    });
            let respondent = c.string(o, "respondent");
            let role = match o.get("role") {
                None | Some(Value::Null) => Role::Other,
                Some(Value::String(s)) => Role::from_id(s).unwrap_or_else(|| {
                    c.exclude(
                        format!("{rec}/role"),
                        "unknown_role",
                        format!("Role \"{s}\" is not one of decision_maker, influencer, operational, other."),
                    );
                    Role::Other
                }),
                Some(v) => {
                    c.exclude(format!("{rec}/role"), "wrong_type", format!("`role` must be a string, not {}.", type_name(v)));
                    Role::Other
                }
            };
            let mut items = Vec::new();
            match o.get("ratings") {
                Some(Value::Object(r)) => {
                    let (mut direct_solution, mut solution_parts) = (false, false);
                    for (key, val) in r {
                        let p = format!("{rec}/ratings/{}", pointer_token(key));
                        let (target, reverse) = match (
                            Target::from_id(key),
                            questions.get(key.as_str()),
                        ) {
                            (Some(t), _) => (t, false),
                            (None, Some(q)) => (q.target, q.reverse),
                            (None, None) => {
                                c.exclude(
                                    p,
                                    "unknown_rating_key",
                                    format!("Rating key \"{key}\" is neither a dimension id, `solution`, nor a valid question id."),
                                );
                                continue;
                            }
                        };
                        let x = match val {
                            Value::Null => continue,
                            Value::Number(n) => match n.as_f64() {
                                Some(x) if x >= scale.min && x <= scale.max => x,
                                _ => {
                                    c.exclude(
                                        p,
                                        "out_of_range",
                                        format!(
                                            "Rating {n} is outside the scale {}–{}.",
                                            scale.min, scale.max
                                        ),
                                    );
                                    continue;
                                }
                            },
                            other => {
                                c.exclude(
                                    p,
                                    "wrong_type",
                                    format!(
                                        "A rating must be a number or null, not {}.",
                                        type_desc(other)
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
                        c.exclude(
                            format!("{rec}/ratings"),
                            "solution_and_parts",
                            "The response rates `solution` directly and also innovation, leading_edge or value_for_money; rate one or the other.",
                        );
                    }
                }
                Some(v) => c.exclude(
                    format!("{rec}/ratings"),
                    "wrong_type",
                    format!("`ratings` must be an object, not {}.", type_name(v)),
                ),
                None => c.exclude(
                    format!("{rec}/ratings"),
                    "missing_field",
                    "`ratings` is required (use {} for a response that rates nothing).",
                ),
            }
            let nps = match o.get("nps") {
                None | Some(Value::Null) => None,
                Some(Value::Number(n)) => match n.as_u64() {
                    Some(k) if k <= 10 => Some(k as u8),
                    _ => {
                        c.exclude(
                            format!("{rec}/nps"),
                            "bad_nps",
                            format!("`nps` is {n}; it must be a whole number from 0 to 10."),
                        );
                        None
                    }
                },
                Some(v) => {
                    c.exclude(
                        format!("{rec}/nps"),
                        "wrong_type",
                        format!(
                            "`nps` must be a whole number 0–10 or null, not {}.",
                            type_desc(v)
                        ),
                    );
                    None
                }
            };
            let comment = c.opt_string(o, "comment");
            if let (Some(w), Some(r), false) = (wave, &respondent, c.failed) {
                let key = (w, r.clone());
                if seen.contains(&key) {
                    let first = first_at.get(&key).copied().unwrap_or(0);
                    c.exclude(
                        format!("{rec}/respondent"),
                        "duplicate_respondent",
                        format!("Respondent \"{r}\" already answered wave \"{}\" (see /responses/{first}); only the first response counts.", waves[w].id),
                    );
                }
            }
            match (c.failed, wave, account, respondent) {
                (false, Some(wave), Some(account), Some(respondent)) => {
                    seen.insert((wave, respondent.clone()));
                    first_at.insert((wave, respondent.clone()), i);
                    out.push(Response {
                        wave,
                        account,
                        respondent,
                        role,
                        items,
                        nps,
                        comment,
                        record: i,
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
        for (i, v) in raw.iter().enumerate() {
            let rec = format!("/actions/{i}");
            let mut c = RecordCheck::new(&mut self.problems, rec.clone());
            let Some(o) = c.object(v, "An action") else {
                self.excluded_records += 1;
                continue;
            };
            let id = c.string(o, "id");
            if let Some(id) = &id {
                if ids.contains(id) {
                    c.exclude(
                        format!("{rec}/id"),
                        "duplicate_id",
                        format!("Action id \"{id}\" is used twice; this one is left out."),
                    );
                }
            }
            let account = c.string(o, "account").and_then(|a| {
                let found = accounts.iter().position(|x| x.id == a);
                if found.is_none() {
                    c.exclude(
                        format!("{rec}/account"),
                        "unknown_account",
                        format!("Unknown account \"{a}\"."),
                    );
                }
                found
            });
            let wave = c.string(o, "wave").and_then(|w| {
                let found = waves.iter().position(|x| x.id == w);
                if found.is_none() {
                    let why = if wave_status.contains_key(&w) {
                        " (that wave was left out)"
                    } else {
                        ""
                    };
                    c.exclude(
                        format!("{rec}/wave"),
                        "unknown_wave",
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
                            "unknown_dimension",
                            format!("\"{s}\" is not a CRQ dimension."),
                        );
                    }
                    t
                }
                Some(v) => {
                    c.exclude(
                        format!("{rec}/dimension"),
                        "wrong_type",
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
                            "bad_date",
                            format!("`due` is \"{s}\"; write the date as YYYY-MM-DD."),
                        );
                    }
                    d
                }
                Some(v) => {
                    c.exclude(
                        format!("{rec}/due"),
                        "wrong_type",
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
                        "bad_status",
                        format!("Status \"{s}\" is not one of open, in_progress, done, dropped."),
                    );
                    ActionStatus::Open
                }),
                Some(v) => {
                    c.exclude(
                        format!("{rec}/status"),
                        "wrong_type",
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
                        "wrong_type",
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
        Value::String(s) if s.chars().count() <= 20 => {
            if s.trim().parse::<f64>().is_ok() {
                format!("the string \"{s}\" (write numbers without quotes)")
            } else {
                format!("the string \"{s}\"")
            }
        }
        Value::Number(n) => format!("{n}"),
        other => type_name(other).to_string(),
    }
}
