//! An improvement action as the user edits it, new ids, and the plans a data set starts with.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::data::{ActionStatus, Dataset};
use crate::date::{iso_date, iso_string};
use crate::model::Target;

/// Days after a wave closes by which the plan should be agreed with the client.
pub const PLAN_DAYS: u64 = 28;

/// One improvement-plan action, in the `rapport/1` `actions` record shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAction {
    pub id: String,
    pub account: String,
    pub wave: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    pub status: String,
    #[serde(default)]
    pub agreed_with_client: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl PlanAction {
    pub fn status(&self) -> ActionStatus {
        ActionStatus::from_id(&self.status).unwrap_or(ActionStatus::Open)
    }

    pub fn target(&self) -> Option<Target> {
        self.dimension.as_deref().and_then(Target::from_id)
    }

    pub fn due_date(&self) -> Option<NaiveDate> {
        self.due.as_deref().and_then(iso_date)
    }

    /// Open or in progress, and past its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        matches!(self.status(), ActionStatus::Open | ActionStatus::InProgress)
            && self.due_date().is_some_and(|d| d < today)
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
            dimension: a.target.map(|t| match t {
                Target::Dimension(d) => d.id().to_string(),
                Target::Solution => "solution".to_string(),
            }),
            title: a.title.clone(),
            owner: a.owner.clone(),
            due: a.due.map(iso_string),
            status: a.status.id().to_string(),
            agreed_with_client: a.agreed_with_client,
            notes: a.notes.clone(),
        })
        .collect()
}

/// Default due date of a new action: the wave's close date plus four weeks.
pub fn default_due(closed: NaiveDate) -> NaiveDate {
    closed
        .checked_add_days(Days::new(PLAN_DAYS))
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
