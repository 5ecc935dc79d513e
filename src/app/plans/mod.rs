//! Client Improvement Plans in the app: editing per account and wave (`editor`), saving in
//! the browser keyed by the data set (`store`), export and import with conflicts (`files`),
//! the overview summary and notices (`summary`), and the targets set in the app, saved
//! beside them (`targets`).

mod editor;
mod files;
mod store;
mod summary;
mod targets;

pub use editor::PlanEditor;
pub use store::{follow_other_tabs, init_plans, plans_saved, read_saved_plans, update_plans};
pub use summary::{PlanNotice, PlanRepairNotice, PlanSummary};
pub use targets::saved_text as saved_targets_text;
pub use targets::{init_targets, save_targets, saved_targets, set_targets};
