//! The `actions` list: the Client Improvement Plan as the data file gives it.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::deferred::Records;
use super::fields::{RecordAt, RecordCheck};
use super::header::{known_account, known_wave, Reader, WaveStatus};
use crate::data::{Account, Action, ActionStatus, Wave};
use crate::hash::FxBuild;
use crate::model::Target;
use crate::problem::Code;

/// What actions are checked against: the valid waves and accounts, by id.
struct Known<'h> {
    accounts: HashMap<&'h str, usize, FxBuild>,
    waves: HashMap<&'h str, usize, FxBuild>,
    wave_status: &'h HashMap<String, WaveStatus>,
}

impl Reader {
    pub(super) fn actions(
        &mut self,
        raw: &Records,
        waves: &[Wave],
        wave_status: &HashMap<String, WaveStatus>,
        accounts: &[Account],
    ) -> Vec<Action> {
        let known = Known {
            accounts: accounts
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.as_str(), i))
                .collect(),
            waves: waves
                .iter()
                .enumerate()
                .map(|(i, w)| (w.id.as_str(), i))
                .collect(),
            wave_status,
        };
        let mut out: Vec<Action> = Vec::new();
        let mut ids: HashSet<String> = HashSet::new();
        self.read_again |= !raw.each(&mut |i, v| {
            let mut c = RecordCheck::new(&mut self.problems, RecordAt::new("actions", i));
            let action = c
                .object(v, "An action")
                .and_then(|o| action(&mut c, o, &known, &ids));
            match action {
                Some(a) if !c.failed => {
                    ids.insert(a.id.clone());
                    out.push(a);
                }
                _ => self.excluded_records += 1,
            }
        });
        out
    }
}

/// One action record (None, or `c.failed`, when it is left out).
fn action(
    c: &mut RecordCheck,
    o: &Map<String, Value>,
    known: &Known,
    ids: &HashSet<String>,
) -> Option<Action> {
    let id = c.string("id", o.get("id"));
    if let Some(id) = id.filter(|id| ids.contains(*id)) {
        c.exclude(
            c.at("id"),
            Code::DuplicateId,
            format!("Action id \"{id}\" is used twice; this one is left out."),
        );
    }
    let account = known_account(c, o, |a| known.accounts.get(a).copied());
    let wave = known_wave(c, o, |w| known.waves.get(w).copied(), known.wave_status);
    let title = c.string("title", o.get("title"));
    let target = c.opt_name("dimension", o.get("dimension")).and_then(|s| {
        let t = Target::from_id(s);
        if t.is_none() {
            c.exclude(
                c.at("dimension"),
                Code::UnknownDimension,
                format!("\"{s}\" is not a CRQ dimension."),
            );
        }
        t
    });
    let text = |c: &mut RecordCheck, key: &str| c.opt_string(key, o.get(key)).map(str::to_string);
    let (owner, notes) = (text(c, "owner"), text(c, "notes"));
    let due = c.opt_date("due", o.get("due"), "");
    let status = c
        .opt_name("status", o.get("status"))
        .map_or(ActionStatus::Open, |s| {
            ActionStatus::from_id(s).unwrap_or_else(|| {
                c.exclude(
                    c.at("status"),
                    Code::BadStatus,
                    format!("Status \"{s}\" is not one of open, in_progress, done, dropped."),
                );
                ActionStatus::Open
            })
        });
    let agreed_with_client = c.opt_bool("agreed_with_client", o.get("agreed_with_client"));
    Some(Action {
        id: id?.to_string(),
        account: account?,
        wave: wave?,
        target,
        title: title?.to_string(),
        owner,
        due,
        status,
        agreed_with_client,
        notes,
    })
}
