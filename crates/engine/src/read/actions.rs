//! The `actions` list: the Client Improvement Plan as the data file gives it.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::fields::{type_name, RecordAt, RecordCheck};
use super::header::{Reader, WaveStatus};
use crate::data::{Account, Action, ActionStatus, Wave};
use crate::date::iso_date;
use crate::hash::FxBuild;
use crate::model::Target;
use crate::problem::Code;

impl Reader {
    pub(super) fn actions(
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
                    let d = iso_date(s);
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
