//! Client Improvement Plans in the app: editing per account and wave (`editor`), saving in
//! the browser keyed by the data set (`store`), export and import with conflicts (`files`),
//! and the overview summary and notices (`summary`).

mod editor;
mod files;
mod store;
mod summary;

pub use editor::PlanEditor;
pub use store::{follow_other_tabs, init_plans, update_plans};
pub use summary::{PlanNotice, PlanRepairNotice, PlanSummary};
