//! Plans saved in the browser: read action by action (an unreadable entry is kept as it was,
//! never written over) and merged per action with what another tab saved meanwhile.

use super::action::PlanAction;
use super::exchange::{member, plans_file};
pub use super::exchange::{SavedFile, Unusable, Why};
pub use super::json::{Json, SerdeJson};

/// A saved entry that could not be read, kept as its JSON text so it can be repaired or
/// exported, and written back as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// Where it stood: `/actions/3`.
    pub pointer: String,
    pub raw: String,
    pub reason: String,
}

/// What browser storage holds for one data set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Saved {
    pub actions: Vec<PlanAction>,
    pub unreadable: Vec<Unreadable>,
}

/// Reads the saved plans of the data set `identity`, action by action. `Err` when the text
/// as a whole is not such a plans file (the caller must keep it, not write over it).
pub fn read_saved(text: &str, identity: &str) -> Result<Saved, Unusable> {
    read_saved_with::<SerdeJson>(text, identity)
}

/// `read_saved` with the JSON parser `J`.
pub fn read_saved_with<J: Json>(text: &str, identity: &str) -> Result<Saved, Unusable> {
    let members = SavedFile::Plans.members::<J>(text, identity)?;
    let Some(list) = member::<J>(text, &members, "actions") else {
        return Ok(Saved::default());
    };
    let items = crate::read::items(list).ok_or_else(|| {
        SavedFile::Plans.unusable(Why::Member("the saved `actions` are not a list".into()))
    })?;
    let mut saved = Saved::default();
    for (i, span) in items.into_iter().enumerate() {
        let raw = &list[span];
        let problem = match J::read::<PlanAction>(raw) {
            Ok(a) if saved.actions.iter().any(|b| b.id == a.id) => {
                format!("a second action with the id \"{}\"", a.id)
            }
            Ok(a) => {
                saved.actions.push(a);
                continue;
            }
            Err(e) => e,
        };
        saved.unreadable.push(Unreadable {
            pointer: format!("/actions/{i}"),
            raw: raw.to_string(),
            reason: problem,
        });
    }
    Ok(saved)
}

/// The text to save: the `rapport-plans/1` file of `actions`, with every unreadable entry
/// written back after them exactly as it was read.
pub fn saved_text(
    identity: &str,
    title: Option<String>,
    actions: &[PlanAction],
    unreadable: &[Unreadable],
) -> String {
    saved_text_with::<SerdeJson>(identity, title, actions, unreadable)
}

/// `saved_text` with the JSON writer `J`.
pub fn saved_text_with<J: Json>(
    identity: &str,
    title: Option<String>,
    actions: &[PlanAction],
    unreadable: &[Unreadable],
) -> String {
    let head = J::write(&plans_file(identity, title, &[]));
    // `…,"actions":[]}`: the list is filled in place of its empty brackets, written in one
    // go (one call into the browser's JSON in the page, not one per action).
    let head = head.strip_suffix("[]}").unwrap_or(&head);
    let mut list = J::write(&actions);
    if list.pop() != Some(']') || !list.starts_with('[') {
        list = "[".to_string();
    }
    for u in unreadable {
        if list.len() > 1 {
            list.push(',');
        }
        list.push_str(&u.raw);
    }
    format!("{head}{list}]}}")
}

/// Three-way merge per action. `base` is what this tab last read or wrote, `mine` what it
/// shows now, `theirs` what storage holds now (perhaps with another tab's edits). What this
/// tab changed since `base` (edited, added, removed) wins for that action; everything else
/// is taken from `theirs`. An action removed here but edited there is kept (nothing is lost).
/// Order: this tab's, then actions new in `theirs` in their order.
pub fn merge_saved(
    base: &[PlanAction],
    mine: &[PlanAction],
    theirs: &[PlanAction],
) -> Vec<PlanAction> {
    let mut out = Vec::with_capacity(mine.len().max(theirs.len()));
    for (i, a) in mine.iter().enumerate() {
        let untouched = find(base, &a.id, i).is_some_and(|b| base[b] == *a);
        match (untouched, find(theirs, &a.id, i)) {
            // Unchanged here: theirs, edited or not; gone if they removed it.
            (true, Some(t)) => out.push(theirs[t].clone()),
            (true, None) => {}
            // Edited or added here.
            (false, _) => out.push(a.clone()),
        }
    }
    for (i, t) in theirs.iter().enumerate() {
        if find(mine, &t.id, i).is_some() {
            continue;
        }
        let removed_here_unchanged_there = find(base, &t.id, i).is_some_and(|b| base[b] == *t);
        if !removed_here_unchanged_there {
            out.push(t.clone());
        }
    }
    out
}

/// Where the action `id` stands in `list`, looked for first at `hint`: lists of one plan
/// mostly keep the same order, so a merge of 100,000 actions takes one pass, not 10^10
/// comparisons (a hash map would cost the page's module bytes it has not got to spare).
pub(crate) fn find(list: &[PlanAction], id: &str, hint: usize) -> Option<usize> {
    match list.get(hint) {
        Some(a) if a.id == id => Some(hint),
        _ => list.iter().position(|a| a.id == id),
    }
}
