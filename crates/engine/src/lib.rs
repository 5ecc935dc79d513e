//! The pure scoring engine: data format, validation, scoring and statistics (no web crates).

pub mod contract;
pub mod data;
pub mod date;
pub mod download;
pub mod generate;
pub mod hash;
pub mod model;
pub mod plan;
pub mod problem;
pub mod read;
pub mod regression;
pub mod score;
pub mod sort;
pub mod stats;
pub mod summary;
pub mod wire;

pub use data::{
    Account, Action, ActionStatus, Dataset, Inside, InternalAnswer, Prediction, Question, Response,
    Statement, Wave,
};
pub use model::{
    Aggregation, Band, DiagramOrder, Dimension, Level, Metric, Model, RelationshipType, Role,
    Scale, Target,
};
pub use problem::{Code, LoadReport, Problem, ProblemGroup, Rejected, Severity};
pub use read::load;
pub use score::{AccountScores, Filter, GroupChange, GroupScores, Portfolio, TypeVerdict};
pub use stats::{Change, Estimate, Nps};
