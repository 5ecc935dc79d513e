//! Importing plans: new actions added, identical ones skipped, differing ones offered as
//! conflicts, and actions the data file would reject turned away with its codes.

use std::collections::HashSet;

use super::action::{ActionRecord, BadField, PlanAction};
use super::store;
use crate::data::{ActionStatus, Dataset};

/// An imported action whose id exists with different content.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub mine: PlanAction,
    pub theirs: PlanAction,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOutcome {
    pub merged: Vec<PlanAction>,
    pub added: usize,
    pub unchanged: usize,
    pub conflicts: Vec<Conflict>,
    /// Imported actions that were not taken, with the reason.
    pub rejected: Vec<(String, String)>,
}

/// The accounts and waves an imported action may refer to: the data set's, or (in the
/// import view's module, which has no data set) the lists of their ids the page sends.
pub trait KnownIds {
    fn has_account(&self, id: &str) -> bool;
    fn has_wave(&self, id: &str) -> bool;
}

impl KnownIds for Dataset {
    fn has_account(&self, id: &str) -> bool {
        self.account_index(id).is_some()
    }
    fn has_wave(&self, id: &str) -> bool {
        self.wave_index(id).is_some()
    }
}

/// Account and wave ids as sets.
#[derive(Clone, Debug, Default)]
pub struct IdLists {
    pub accounts: HashSet<String>,
    pub waves: HashSet<String>,
}

impl KnownIds for IdLists {
    fn has_account(&self, id: &str) -> bool {
        self.accounts.contains(id)
    }
    fn has_wave(&self, id: &str) -> bool {
        self.waves.contains(id)
    }
}

/// Merges imported actions into `mine`: new ids are added, identical ones skipped, and
/// differing ones returned as conflicts (mine stays until the user chooses).
pub fn merge_import(
    mine: &[PlanAction],
    imported: &[ActionRecord],
    data: &impl KnownIds,
) -> ImportOutcome {
    let mut out = ImportOutcome {
        merged: mine.to_vec(),
        ..ImportOutcome::default()
    };
    let mut seen = HashSet::new();
    for (i, a) in imported.iter().enumerate() {
        let a = match check(a, i, &mut seen, data) {
            Ok(a) => a,
            Err(why) => {
                out.rejected.push((a.id.clone(), why));
                continue;
            }
        };
        match store::find(&out.merged, &a.id, i).map(|m| &out.merged[m]) {
            None => {
                out.merged.push(a);
                out.added += 1;
            }
            Some(m) if *m == a => out.unchanged += 1,
            Some(m) => out.conflicts.push(Conflict {
                mine: m.clone(),
                theirs: a,
            }),
        }
    }
    out
}

/// The imported action at index `i`, or why it is not taken: the data file's rules for an
/// action (same codes and messages), so that an imported action is one the next load of an
/// exported data file keeps; then its account, wave and status. `seen`: the ids before it.
fn check<'a>(
    a: &'a ActionRecord,
    i: usize,
    seen: &mut HashSet<&'a str>,
    data: &impl KnownIds,
) -> Result<PlanAction, String> {
    let at = |field: &str, code: &str, message: String| {
        format!("/actions/{i}/{field}: [{code}] {message}")
    };
    if !seen.insert(a.id.as_str()) {
        let message = format!(
            "Action id \"{}\" is used twice; this one is left out.",
            a.id
        );
        return Err(at("id", "duplicate_id", message));
    }
    let action = a.action();
    match action {
        Err(BadField::Dimension) => {
            let d = a.dimension.as_deref().unwrap_or_default();
            let message = format!("\"{d}\" is not a CRQ dimension.");
            return Err(at("dimension", "unknown_dimension", message));
        }
        Err(BadField::Due) => {
            let due = a.due.as_deref().unwrap_or_default();
            let message = format!("`due` is \"{due}\"; write the date as YYYY-MM-DD.");
            return Err(at("due", "bad_date", message));
        }
        _ => {}
    }
    if !data.has_account(&a.account) {
        return Err(format!("unknown account \"{}\"", a.account));
    }
    if !data.has_wave(&a.wave) {
        return Err(format!("unknown wave \"{}\"", a.wave));
    }
    action.map_err(|_| ActionStatus::unknown(&a.status))
}
