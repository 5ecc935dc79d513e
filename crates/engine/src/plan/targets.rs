//! Targets set in the app, saved in the browser beside the plans (README, "Targets"): a
//! `rapport-targets/1` file of the data set, whose `targets` are written as the data file's
//! `model.targets` are. Saved, they take the place of the data file's.

use serde::Serialize;

use super::exchange::{member as member_of, SavedFile, Unusable, Why};
use super::json::Json;
use crate::model::{Goal, Scale, TargetRecord};

pub use crate::read::TARGETS_FORMAT;

/// Where the browser keeps the targets set for the data set `identity` (beside its plans,
/// `rapport:plans:…`).
pub fn storage_key(identity: &str) -> String {
    format!("rapport:targets:{identity}")
}

/// The targets of a targets file, as written (for the data file's `model.targets`).
#[derive(serde::Deserialize)]
pub struct TargetsList {
    pub targets: Vec<TargetRecord>,
}

/// The file of targets set in the app.
#[derive(Serialize)]
pub struct TargetsFile<'a> {
    pub format: &'static str,
    /// Identity of the data set the targets belong to.
    pub dataset: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    pub targets: Vec<TargetRecord>,
}

pub fn targets_file<'a>(
    identity: &'a str,
    title: Option<&'a str>,
    goals: &[Goal],
) -> TargetsFile<'a> {
    TargetsFile {
        format: TARGETS_FORMAT,
        dataset: identity,
        title,
        targets: goals.iter().map(Goal::record).collect(),
    }
}

/// The targets of a saved targets file of the data set `identity` (a scale of `scale`), or
/// why it cannot be used as a whole: not such a file, another data set's, or a target the
/// data file's reader would leave out (`read::saved_targets` says which and why).
pub fn read_saved_targets<J: Json>(
    text: &str,
    identity: &str,
    scale: Scale,
) -> Result<Vec<Goal>, Unusable> {
    let file = SavedFile::Targets;
    let members = file.members::<J>(text, identity)?;
    let member = |why: String| file.unusable(Why::Member(why));
    let list = member_of::<J>(text, &members, "targets")
        .ok_or_else(|| member("they have no `targets`".into()))?;
    let records =
        J::read::<Vec<TargetRecord>>(list).map_err(|e| member(format!("/targets: {e}")))?;
    records
        .into_iter()
        .enumerate()
        .map(|(at, r)| {
            r.goal(at, scale).ok_or_else(|| {
                member(format!(
                    "/targets/{at} is not a target the data file could hold"
                ))
            })
        })
        .collect()
}
