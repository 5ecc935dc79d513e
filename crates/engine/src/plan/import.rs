//! Importing plans: new actions added, identical ones skipped, differing ones offered as
//! conflicts, and actions the data file would reject turned away with its codes.

use std::collections::HashSet;

use super::action::{ActionRecord, BadField, PlanAction};
use super::store;
use crate::data::Dataset;

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
        // The data file's rules for an action (same codes and messages), so that an
        // imported action is one the next load of an exported data file keeps.
        let at = |field: &str, code: &str, message: String| {
            (
                a.id.clone(),
                format!("/actions/{i}/{field}: [{code}] {message}"),
            )
        };
        if !seen.insert(a.id.as_str()) {
            out.rejected.push(at(
                "id",
                "duplicate_id",
                format!(
                    "Action id \"{}\" is used twice; this one is left out.",
                    a.id
                ),
            ));
            continue;
        }
        let action = a.action();
        match action {
            Err(BadField::Dimension) => {
                let d = a.dimension.as_deref().unwrap_or_default();
                out.rejected.push(at(
                    "dimension",
                    "unknown_dimension",
                    format!("\"{d}\" is not a CRQ dimension."),
                ));
                continue;
            }
            Err(BadField::Due) => {
                let due = a.due.as_deref().unwrap_or_default();
                out.rejected.push(at(
                    "due",
                    "bad_date",
                    format!("`due` is \"{due}\"; write the date as YYYY-MM-DD."),
                ));
                continue;
            }
            _ => {}
        }
        if !data.has_account(&a.account) {
            out.rejected
                .push((a.id.clone(), format!("unknown account \"{}\"", a.account)));
            continue;
        }
        if !data.has_wave(&a.wave) {
            out.rejected
                .push((a.id.clone(), format!("unknown wave \"{}\"", a.wave)));
            continue;
        }
        let Ok(a) = action else {
            out.rejected
                .push((a.id.clone(), format!("unknown status \"{}\"", a.status)));
            continue;
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
