//! Client Improvement Plans: actions as the user edits them (`action`), their JSON exchange
//! format (`exchange`), merging imports with conflicts (`import`), whether an action's target
//! improved in the next wave (`effect`), and saving them in the browser (`store`), with the
//! targets set in the app beside them (`targets`).

mod action;
mod effect;
mod exchange;
mod import;
mod json;
pub mod store;
pub mod targets;

pub use crate::date::{human_date, iso_date, iso_string};
pub use action::{
    default_due, new_action_due, new_action_id, plans_from_dataset, tagged_action_id, ActionRecord,
    BadField, PlanAction, PLAN_DAYS,
};
pub use effect::{
    accounts_without_plan, action_effect, effectiveness, in_filter, plan_effects, PlanEffect,
};
pub use exchange::{
    merge_into_data_file, parse_plans, plans_file, read_plans, read_plans_file, PlansError,
    PlansFile, PLANS_FORMAT,
};
pub use import::{merge_import, Conflict, IdLists, ImportOutcome, KnownIds};
