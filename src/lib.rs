//! Rapport: Customer Relationship Quality (CRQ) and NPS scoring for B2B key accounts.

pub mod chart;
pub mod csv;
pub use rapport_engine as engine;
/// The import profile's types (the page's mapping step); the readers run in the importer's
/// own module.
pub use rapport_import as import;
pub mod format;
pub mod route;

#[cfg(target_arch = "wasm32")]
pub mod app;
