//! An improvement action as the user edits it, new ids, and the plans a data set starts with.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::data::{ActionStatus, Dataset};
use crate::date::iso_date;
use crate::model::Target;

/// Days after a wave closes by which the plan should be agreed with the client.
pub const PLAN_DAYS: u64 = 28;

/// One improvement-plan action, written as a `rapport/1` `actions` record (its dimension,
/// due date and status as their ids). Read typed: a value that is not one of them is an
/// error (an action the page wrote always has them right; a file from elsewhere is read as
/// an `ActionRecord` first, so that it is refused with the data file's codes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAction {
    pub id: String,
    pub account: String,
    pub wave: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Target>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::date::iso"
    )]
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
    #[serde(default)]
    pub agreed_with_client: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl PlanAction {
    /// Open or in progress, and past its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        matches!(self.status, ActionStatus::Open | ActionStatus::InProgress)
            && self.due.is_some_and(|d| d < today)
    }
}

/// An action as a plans file from elsewhere holds it: its dimension, due date and status as
/// written, before `merge_import` checks them with the data file's rules.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ActionRecord {
    pub id: String,
    pub account: String,
    pub wave: String,
    #[serde(default)]
    pub dimension: Option<String>,
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<String>,
    pub status: String,
    #[serde(default)]
    pub agreed_with_client: bool,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Which field of an `ActionRecord` is not what an action holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadField {
    Dimension,
    Due,
    Status,
}

impl ActionRecord {
    /// The action, or its first field (dimension, due date, status) that no action can hold.
    pub fn action(&self) -> Result<PlanAction, BadField> {
        let dimension = match self.dimension.as_deref() {
            Some(d) => Some(Target::from_id(d).ok_or(BadField::Dimension)?),
            None => None,
        };
        let due = match self.due.as_deref() {
            Some(d) => Some(iso_date(d).ok_or(BadField::Due)?),
            None => None,
        };
        Ok(PlanAction {
            id: self.id.clone(),
            account: self.account.clone(),
            wave: self.wave.clone(),
            dimension,
            title: self.title.clone(),
            owner: self.owner.clone(),
            due,
            status: ActionStatus::from_id(&self.status).ok_or(BadField::Status)?,
            agreed_with_client: self.agreed_with_client,
            notes: self.notes.clone(),
        })
    }

    /// Why the field `bad` is not what an action holds, in the typed reader's words.
    pub fn why(&self, bad: BadField) -> String {
        let text = |v: &Option<String>| v.as_deref().unwrap_or_default().to_string();
        match bad {
            BadField::Dimension => Target::unknown(&text(&self.dimension)),
            BadField::Due => crate::date::not_iso(&text(&self.due)),
            BadField::Status => ActionStatus::unknown(&self.status),
        }
    }
}

impl From<&PlanAction> for ActionRecord {
    fn from(a: &PlanAction) -> ActionRecord {
        ActionRecord {
            id: a.id.clone(),
            account: a.account.clone(),
            wave: a.wave.clone(),
            dimension: a.dimension.map(|t| t.id().to_string()),
            title: a.title.clone(),
            owner: a.owner.clone(),
            due: a.due.map(crate::date::iso_string),
            status: a.status.id().to_string(),
            agreed_with_client: a.agreed_with_client,
            notes: a.notes.clone(),
        }
    }
}

/// The plans of a data set as validated in it (the starting point before any edit).
pub fn plans_from_dataset(data: &Dataset) -> Vec<PlanAction> {
    data.actions
        .iter()
        .map(|a| PlanAction {
            id: a.id.clone(),
            account: data.accounts[a.account].id.clone(),
            wave: data.waves[a.wave].id.clone(),
            dimension: a.target,
            title: a.title.clone(),
            owner: a.owner.clone(),
            due: a.due,
            status: a.status,
            agreed_with_client: a.agreed_with_client,
            notes: a.notes.clone(),
        })
        .collect()
}

/// Default due date of a new action: the wave's close date plus four weeks.
pub fn default_due(closed: NaiveDate) -> NaiveDate {
    // Never past the last date a file can hold (`YYYY-MM-DD`: year 9999), so that every
    // action written reads again.
    closed
        .checked_add_days(Days::new(PLAN_DAYS))
        .filter(|d| d.year() <= 9999)
        .unwrap_or(closed)
}

/// A new action's due date: four weeks after the wave closed, or four weeks from today
/// when that is later (an action added to an older wave's plan is not overdue at once).
pub fn new_action_due(closed: NaiveDate, today: NaiveDate) -> NaiveDate {
    default_due(closed).max(default_due(today))
}

/// An id not used by any action yet.
pub fn new_action_id(actions: &[PlanAction], account: &str, wave: &str) -> String {
    tagged_action_id(actions, account, wave, "")
}

/// An id not used by any action yet, ending in `-{tag}` when a tag is given: each browser
/// tab tags its new actions with a random tag of its own, so two tabs adding an action to
/// the same plan at once never give both the same id.
pub fn tagged_action_id(actions: &[PlanAction], account: &str, wave: &str, tag: &str) -> String {
    let suffix = if tag.is_empty() {
        String::new()
    } else {
        format!("-{tag}")
    };
    (1..)
        .map(|n| format!("CIP-{account}-{wave}-{n}{suffix}"))
        .find(|id| actions.iter().all(|a| &a.id != id))
        .unwrap_or_default()
}
