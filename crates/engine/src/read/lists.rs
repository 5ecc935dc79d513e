//! The `waves`, `accounts` and `questions` lists.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::fields::{type_desc, type_name, RecordAt, RecordCheck};
use super::header::{Reader, WaveStatus};
use crate::data::{Account, Question, Wave};
use crate::model::{Dimension, Target};
use crate::problem::{pointer_token, Code};

impl Reader {
    /// Valid waves ordered by close date, and the status of each wave id in the file.
    pub(super) fn waves(&mut self, raw: &[Value]) -> (Vec<Wave>, HashMap<String, WaveStatus>) {
        let mut waves: Vec<Wave> = Vec::new();
        let mut status: HashMap<String, WaveStatus> = HashMap::new();
        for (i, v) in raw.iter().enumerate() {
            let mut c = RecordCheck::new(&mut self.problems, RecordAt::new("waves", i));
            let Some(o) = c.object(v, "A wave") else {
                self.excluded_records += 1;
                continue;
            };
            let id = c.string("id", o.get("id"));
            let label = c.opt_string("label", o.get("label"));
            let closed = c.date(
                "closed",
                o.get("closed"),
                ", e.g. 2024-03-31",
                "`closed` (YYYY-MM-DD) is required: waves are ordered by it.",
            );
            if let Some((id, first)) = id.and_then(|id| Some((id, status.get(id)?.pointer.clone())))
            {
                c.exclude(
                    c.at("id"),
                    Code::DuplicateId,
                    format!("Wave id \"{id}\" is already used by {first}; this wave is left out."),
                );
            }
            let valid = !c.failed && closed.is_some();
            let pointer = c.record.to_string();
            if let (true, Some(id), Some(closed)) = (valid, id, closed) {
                status.insert(id.to_string(), WaveStatus { pointer, valid });
                waves.push(Wave {
                    label: label.unwrap_or(id).to_string(),
                    id: id.to_string(),
                    closed,
                });
            } else {
                self.excluded_records += 1;
                if let Some(id) = id {
                    status.entry(id.to_string()).or_insert(WaveStatus {
                        pointer,
                        valid: false,
                    });
                }
            }
        }
        // Stable sort: waves closing on the same day keep their file order.
        waves.sort_by_key(|w| w.closed);
        (waves, status)
    }

    pub(super) fn accounts(
        &mut self,
        raw: &[Value],
        waves: &[Wave],
        wave_status: &HashMap<String, WaveStatus>,
    ) -> Vec<Account> {
        let mut out: Vec<Account> = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        for (i, v) in raw.iter().enumerate() {
            let mut c = RecordCheck::new(&mut self.problems, RecordAt::new("accounts", i));
            let Some(o) = c.object(v, "An account") else {
                self.excluded_records += 1;
                continue;
            };
            let id = c.string("id", o.get("id"));
            if let Some((id, first)) = id.and_then(|id| Some((id, seen.get(id)?))) {
                c.exclude(
                    c.at("id"),
                    Code::DuplicateId,
                    format!(
                        "Account id \"{id}\" is already used by {first}; this account is left out."
                    ),
                );
            }
            let mut text = |key: &str| c.opt_string(key, o.get(key)).map(str::to_string);
            let (name, segment, owner) = (text("name"), text("segment"), text("owner"));
            let revenue = match o.get("revenue") {
                None | Some(Value::Null) => None,
                Some(Value::Number(n)) if n.as_f64().is_some_and(|x| x >= 0.0) => n.as_f64(),
                Some(other) => {
                    c.warn(
                        c.at("revenue"),
                        Code::BadRevenue,
                        format!(
                            "`revenue` must be a number ≥ 0, not {}; it is treated as unknown.",
                            type_desc(other)
                        ),
                    );
                    None
                }
            };
            let invited = invited(&mut c, o.get("invited"), waves, wave_status);
            match (c.failed, id) {
                (false, Some(id)) => {
                    seen.insert(id.to_string(), c.record.to_string());
                    out.push(Account {
                        name: name.unwrap_or_else(|| id.to_string()),
                        id: id.to_string(),
                        segment,
                        owner,
                        revenue,
                        invited,
                    });
                }
                (true, _) => self.excluded_records += 1,
                (false, None) => {}
            }
        }
        out
    }

    pub(super) fn questions(&mut self, raw: &[Value]) -> Vec<Question> {
        let mut out: Vec<Question> = Vec::new();
        let mut ids: HashSet<String> = HashSet::new();
        for (i, v) in raw.iter().enumerate() {
            let mut c = RecordCheck::new(&mut self.problems, RecordAt::new("questions", i));
            let Some(o) = c.object(v, "A question") else {
                self.excluded_records += 1;
                continue;
            };
            let id = c.string("id", o.get("id"));
            if let Some(id) = id {
                if Target::from_id(id).is_some() {
                    c.exclude(
                        c.at("id"),
                        Code::ReservedId,
                        format!(
                            "Question id \"{id}\" is a dimension id; give the question its own id."
                        ),
                    );
                } else if ids.contains(id) {
                    c.exclude(
                        c.at("id"),
                        Code::DuplicateId,
                        format!("Question id \"{id}\" is used twice; this one is left out."),
                    );
                }
            }
            let target = c.name("dimension", o.get("dimension")).and_then(|s| {
                let t = Target::from_id(s);
                if t.is_none() {
                    c.exclude(
                        c.at("dimension"),
                        Code::UnknownDimension,
                        format!(
                            "\"{s}\" is not a CRQ dimension (expected one of {}, or solution).",
                            dimension_list()
                        ),
                    );
                }
                t
            });
            let text = c.opt_string("text", o.get("text"));
            let reverse = c.opt_bool("reverse", o.get("reverse"));
            match (c.failed, id, target) {
                (false, Some(id), Some(target)) => {
                    ids.insert(id.to_string());
                    out.push(Question {
                        text: text.unwrap_or_default().to_string(),
                        id: id.to_string(),
                        target,
                        reverse,
                    });
                }
                _ => self.excluded_records += 1,
            }
        }
        out
    }
}

/// An account's `invited` counts by wave (None where not given or not usable).
fn invited(
    c: &mut RecordCheck,
    v: Option<&Value>,
    waves: &[Wave],
    wave_status: &HashMap<String, WaveStatus>,
) -> Vec<Option<u32>> {
    let mut invited = vec![None; waves.len()];
    let m = match v {
        None | Some(Value::Null) => return invited,
        Some(Value::Object(m)) => m,
        Some(other) => {
            c.warn(
                c.at("invited"),
                Code::WrongType,
                format!(
                    "`invited` must map wave ids to counts, not {}; it was ignored.",
                    type_name(other)
                ),
            );
            return invited;
        }
    };
    for (wid, n) in m {
        // (Written out only for a problem.)
        let p = || format!("{}/invited/{}", c.record, pointer_token(wid));
        let Some(wi) = waves.iter().position(|w| &w.id == wid) else {
            let why = if wave_status.contains_key(wid) {
                "a wave that was left out"
            } else {
                "no wave"
            };
            c.warn(
                p(),
                Code::UnknownWave,
                format!("`invited` names \"{wid}\", {why}; that count is ignored."),
            );
            continue;
        };
        match n.as_u64() {
            Some(k) if k <= u32::MAX as u64 => invited[wi] = Some(k as u32),
            _ if n.is_null() => {}
            _ => c.warn(
                p(),
                Code::BadInvited,
                format!(
                    "Invited count must be a whole number ≥ 0, not {}; it is treated as unknown.",
                    type_desc(n)
                ),
            ),
        }
    }
    invited
}

pub(super) fn dimension_list() -> String {
    Dimension::ALL.map(|d| d.id()).join(", ")
}
