//! The `waves`, `accounts` and `questions` lists.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::fields::{type_desc, type_name, RecordAt, RecordCheck};
use super::header::{Reader, WaveStatus};
use crate::data::{Account, Question, Wave};
use crate::date::iso_date;
use crate::model::{Dimension, Target};
use crate::problem::{pointer_token, Code};

impl Reader {
    /// Valid waves ordered by close date, and for each file position: Ok(index before sorting) or Err(reason).
    pub(super) fn waves(&mut self, raw: &[Value]) -> (Vec<Wave>, HashMap<String, WaveStatus>) {
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
                Some(Value::String(s)) => match iso_date(s) {
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

    pub(super) fn accounts(
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

    pub(super) fn questions(&mut self, raw: &[Value]) -> Vec<Question> {
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
}

pub(super) fn dimension_list() -> String {
    Dimension::ALL.map(|d| d.id()).join(", ")
}
