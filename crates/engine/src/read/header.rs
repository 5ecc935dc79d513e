//! The header of a document: format, title, scale, model, waves, accounts and questions
//! (everything the responses are read against), and the data set put together at the end.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::deferred::{Records, Spans};
use super::fields::{type_name, RecordAt, RecordCheck};
use crate::data::{Account, Dataset, Question, Response, Wave};
use crate::hash::FxBuild;
use crate::model::{Aggregation, Model, Scale};
use crate::problem::{pointer_token, Code, LoadReport, Problem, Rejected, Severity};

/// Everything responses and actions are read against.
pub(super) struct Header {
    pub(super) title: Option<String>,
    pub(super) scale: Scale,
    pub(super) model: Model,
    pub(super) waves: Vec<Wave>,
    pub(super) wave_status: HashMap<String, WaveStatus>,
    pub(super) accounts: Vec<Account>,
    pub(super) questions: Vec<Question>,
}

#[derive(Default)]
pub(super) struct Reader {
    pub(super) problems: Vec<Problem>,
    pub(super) excluded_records: usize,
    /// A deferred record (`deferred`) was not what the fast reader took it for: the
    /// document must be read again.
    pub(super) read_again: bool,
}

pub(super) const TOP_KEYS: [&str; 12] = [
    "format",
    "title",
    "scale",
    "waves",
    "accounts",
    "questions",
    "responses",
    "actions",
    "model",
    "predictions",
    "statements",
    "internal",
];

impl Reader {
    pub(super) fn fatal(&mut self, pointer: &str, code: Code, message: impl Into<String>) {
        self.problems.push(Problem::fatal(pointer, code, message));
    }

    pub(super) fn warn(
        &mut self,
        pointer: impl Into<String>,
        code: Code,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem::warning(pointer, code, message));
    }

    pub(super) fn rejected(self) -> Rejected {
        Rejected(self.report(0))
    }

    pub(super) fn report(self, responses_read: usize) -> LoadReport {
        LoadReport {
            problems: self.problems,
            excluded_records: self.excluded_records,
            responses_read,
        }
    }

    /// The array at a required or optional top-level key; None (with a fatal problem) when wrong.
    pub(super) fn top_array<'v>(
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
    /// `format` must be "rapport/1"; unknown top-level fields are named.
    fn format_and_keys(&mut self, doc: &Map<String, Value>) {
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
    }

    pub(super) fn header(&mut self, doc: &Value) -> Option<Header> {
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
        self.format_and_keys(doc);
        let waves = self.top_array(doc, "waves", true);
        let accounts = self.top_array(doc, "accounts", true);
        let responses = self.top_array(doc, "responses", true);
        let questions = self.top_array(doc, "questions", false);
        let actions = self.top_array(doc, "actions", false);
        let inside = ["predictions", "statements", "internal"]
            .map(|key| self.top_array(doc, key, false).is_some());
        let scale = self.scale(doc.get("scale"));
        // The title is the document's own field: checked as a record's optional string.
        let title = RecordCheck::new(&mut self.problems, RecordAt::document())
            .opt_string("title", doc.get("title"))
            .map(str::to_string);
        let (Some(waves), Some(accounts), Some(_), Some(questions), Some(_), Some(scale), true) = (
            waves,
            accounts,
            responses,
            questions,
            actions,
            scale,
            inside.iter().all(|ok| *ok),
        ) else {
            return None;
        };
        let mut model = self.model(doc.get("model"), scale)?;
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
        self.goal_references("/model/targets", &mut model.targets, &waves, &accounts);
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
    pub(super) fn more_than_invited(
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

    /// Reads the actions and puts the data set together (the lists in `deferred` read from
    /// their records' text). None when the document must be read again (`read_again`).
    #[allow(clippy::too_many_arguments)] // (The parts of one reading, each used once.)
    pub(super) fn finish(
        mut self,
        doc: &Value,
        deferred: &Spans,
        header: Header,
        responses: Vec<Response>,
        responses_read: usize,
        per_account_wave: &HashMap<(usize, usize), u64, FxBuild>,
        weighed: bool,
    ) -> Option<(Dataset, LoadReport)> {
        let Header {
            title,
            scale,
            model,
            waves,
            wave_status,
            accounts,
            questions,
        } = header;
        let raw_actions = Records::of(doc, deferred, "actions");
        let actions = self.actions(&raw_actions, &waves, &wave_status, &accounts);
        #[cfg(feature = "inside")]
        let inside = self.inside(doc, deferred, scale, &waves, &wave_status, &accounts);
        if self.read_again {
            return None;
        }

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

        if !per_account_wave.is_empty() && !weighed {
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
            #[cfg(feature = "inside")]
            inside,
        };
        Some((dataset, self.report(responses_read)))
    }
}

pub(super) struct WaveStatus {
    pub(super) pointer: String,
    pub(super) valid: bool,
}

/// The wave a record names in its `wave` field, found by `find`: an unknown one leaves the
/// record out, saying so when that wave was given but left out itself (actions, predictions,
/// internal answers).
pub(super) fn known_wave(
    c: &mut RecordCheck,
    o: &Map<String, Value>,
    find: impl Fn(&str) -> Option<usize>,
    status: &HashMap<String, WaveStatus>,
) -> Option<usize> {
    let w = c.string("wave", o.get("wave"))?;
    let found = find(w);
    if found.is_none() {
        let why = if status.contains_key(w) {
            " (that wave was left out)"
        } else {
            ""
        };
        c.exclude(
            c.at("wave"),
            Code::UnknownWave,
            format!("Unknown wave \"{w}\"{why}."),
        );
    }
    found
}

/// The account a record names in its `account` field, found by `find`: an unknown one leaves
/// the record out.
pub(super) fn known_account(
    c: &mut RecordCheck,
    o: &Map<String, Value>,
    find: impl Fn(&str) -> Option<usize>,
) -> Option<usize> {
    let a = c.string("account", o.get("account"))?;
    let found = find(a);
    if found.is_none() {
        c.exclude(
            c.at("account"),
            Code::UnknownAccount,
            format!("Unknown account \"{a}\"."),
        );
    }
    found
}
