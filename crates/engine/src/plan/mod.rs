//! Client Improvement Plans: actions as the user edits them, their JSON exchange format,
//! merging imports with conflicts, and whether an action's target improved in the next wave.

use std::ops::Range;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

pub use crate::date::{human_date, iso_date, iso_string};

use crate::data::{ActionStatus, Dataset};
use crate::model::{Metric, Target};
use crate::score::Portfolio;
use crate::stats::{welch, Change};

pub mod store;

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

/// The exchange file of plans (`rapport-plans/1`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlansFile {
    pub format: String,
    /// Identity of the data set the plans belong to.
    pub dataset: String,
    #[serde(default)]
    pub title: Option<String>,
    pub actions: Vec<PlanAction>,
}

pub const PLANS_FORMAT: &str = "rapport-plans/1";

pub fn plans_file(identity: &str, title: Option<String>, actions: &[PlanAction]) -> PlansFile {
    PlansFile {
        format: PLANS_FORMAT.to_string(),
        dataset: identity.to_string(),
        title,
        actions: actions.to_vec(),
    }
}

/// The whole data file with `actions` replaced by the current plans. Everything else is kept
/// byte for byte (the new `actions` are written in place of the old, or added at the end).
pub fn merge_into_data_file(original: &[u8], actions: &[PlanAction]) -> Result<String, String> {
    let text = std::str::from_utf8(original.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(original))
        .map_err(|e| e.to_string())?;
    let changed = || "the data file is not the JSON object it was when opened".to_string();
    let (members, close) = top_level_members(text).ok_or_else(changed)?;
    let list = serde_json::to_string_pretty(actions)
        .map_err(|e| e.to_string())?
        .replace('\n', "\n  ");
    let mut out = String::with_capacity(text.len() + list.len() + 16);
    let mut at = 0;
    let mut replaced = false;
    for (key, value) in members {
        if serde_json::from_str::<String>(&text[key]).ok().as_deref() == Some("actions") {
            out.push_str(&text[at..value.start]);
            out.push_str(&list);
            at = value.end;
            replaced = true;
        }
    }
    if !replaced {
        // After the last member (there is one: `format`).
        let end = text[..close].trim_end().len();
        out.push_str(&text[at..end]);
        out.push_str(",\n  \"actions\": ");
        out.push_str(&list);
        at = end;
    }
    out.push_str(&text[at..]);
    // The file is read again from disk when exported: make sure it still is JSON.
    serde_json::from_str::<serde::de::IgnoredAny>(&out).map_err(|_| changed())?;
    Ok(out)
}

/// Each member of a JSON object: its key's span (with the quotes) and its value's span.
pub(crate) type Members = Vec<(Range<usize>, Range<usize>)>;

/// Spans in a JSON text that is known to be valid (checked with serde_json first, or after):
/// finds where members and items are without building a `serde_json::Value`.
pub(crate) struct Spans<'a>(pub(crate) &'a [u8]);

impl Spans<'_> {
    fn skip_ws(&self, mut i: usize) -> usize {
        while self.0.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    }

    /// The end of the string starting at `i` (a quote).
    fn string_end(&self, mut i: usize) -> Option<usize> {
        i += 1;
        loop {
            match self.0.get(i)? {
                b'\\' => i += 2,
                b'"' => return Some(i + 1),
                _ => i += 1,
            }
        }
    }

    /// The end of the value starting at `start`.
    fn value_end(&self, start: usize) -> Option<usize> {
        match *self.0.get(start)? {
            b'"' => self.string_end(start),
            b'{' | b'[' => {
                let (mut i, mut depth) = (start, 0usize);
                loop {
                    match *self.0.get(i)? {
                        b'"' => {
                            i = self.string_end(i)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(i + 1);
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => {
                let mut i = start;
                while self
                    .0
                    .get(i)
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
                {
                    i += 1;
                }
                Some(i)
            }
        }
    }

    /// Past the `open` bracket at `at` (after any whitespace): where the first element or
    /// the `close` bracket is, and whether it is the close (an empty container).
    fn enter(&self, at: usize, open: u8, close: u8) -> Option<(usize, bool)> {
        let i = self.skip_ws(at);
        if self.0.get(i) != Some(&open) {
            return None;
        }
        let i = self.skip_ws(i + 1);
        Some((i, self.0.get(i) == Some(&close)))
    }

    /// The members of the object starting at `at`, and where its closing brace is.
    fn members(&self, at: usize) -> Option<(Members, usize)> {
        let b = self.0;
        let mut members = Vec::new();
        let (mut i, empty) = self.enter(at, b'{', b'}')?;
        if empty {
            return Some((members, i));
        }
        loop {
            if b.get(i) != Some(&b'"') {
                return None;
            }
            let key_end = self.string_end(i)?;
            let key = i..key_end;
            i = self.skip_ws(key_end);
            if b.get(i) != Some(&b':') {
                return None;
            }
            let start = self.skip_ws(i + 1);
            let end = self.value_end(start)?;
            members.push((key, start..end));
            i = self.skip_ws(end);
            match b.get(i)? {
                b',' => i = self.skip_ws(i + 1),
                b'}' => return Some((members, i)),
                _ => return None,
            }
        }
    }

    /// The items of the array starting at `at`.
    pub(crate) fn items(&self, at: usize) -> Option<Vec<Range<usize>>> {
        let b = self.0;
        let mut items = Vec::new();
        let (mut i, empty) = self.enter(at, b'[', b']')?;
        if empty {
            return Some(items);
        }
        loop {
            let end = self.value_end(i)?;
            items.push(i..end);
            i = self.skip_ws(end);
            match b.get(i)? {
                b',' => i = self.skip_ws(i + 1),
                b']' => return Some(items),
                _ => return None,
            }
        }
    }
}

/// The members of the top-level JSON object in `text`, and where its closing brace is.
/// None if `text` is not an object.
pub(crate) fn top_level_members(text: &str) -> Option<(Members, usize)> {
    Spans(text.as_bytes()).members(0)
}

/// The value of the last top-level member named `name` (as serde_json keeps the last).
pub(crate) fn member<'a>(text: &'a str, members: &Members, name: &str) -> Option<&'a str> {
    members
        .iter()
        .rev()
        .find(|(k, _)| {
            serde_json::from_str::<String>(&text[k.clone()])
                .ok()
                .as_deref()
                == Some(name)
        })
        .map(|(_, v)| &text[v.clone()])
}

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

/// Reads a plans file (or a whole `rapport/1` file, taking its `actions`).
pub fn parse_plans(bytes: &[u8]) -> Result<Vec<PlanAction>, String> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| "The file is not UTF-8 text.".to_string())?;
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map_err(|e| format!("The file is not valid JSON: {e}."))?;
    let members = top_level_members(text).map(|(m, _)| m).unwrap_or_default();
    let format = member(text, &members, "format")
        .and_then(|f| serde_json::from_str::<String>(f).ok())
        .unwrap_or_default();
    if format != PLANS_FORMAT && format != "rapport/1" {
        return Err(format!(
            "Expected a \"{PLANS_FORMAT}\" export or a \"rapport/1\" data file, found format \"{format}\"."
        ));
    }
    let Some(actions) = member(text, &members, "actions") else {
        return Ok(Vec::new());
    };
    let items = Spans(actions.as_bytes())
        .items(0)
        .ok_or_else(|| "`actions` must be an array.".to_string())?;
    items
        .into_iter()
        .enumerate()
        .map(|(i, span)| {
            serde_json::from_str::<PlanAction>(&actions[span])
                .map_err(|e| format!("/actions/{i}: {}", without_position(&e)))
        })
        .collect()
}

/// A serde_json error's message without "at line 1 column 40" (the pointer says where).
pub(crate) fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}

/// Merges imported actions into `mine`: new ids are added, identical ones skipped, and
/// differing ones returned as conflicts (mine stays until the user chooses).
pub fn merge_import(mine: &[PlanAction], imported: &[PlanAction], data: &Dataset) -> ImportOutcome {
    let mut out = ImportOutcome {
        merged: mine.to_vec(),
        ..ImportOutcome::default()
    };
    let mut seen = std::collections::HashSet::new();
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
        if let Some(d) = a
            .dimension
            .as_deref()
            .filter(|d| Target::from_id(d).is_none())
        {
            out.rejected.push(at(
                "dimension",
                "unknown_dimension",
                format!("\"{d}\" is not a CRQ dimension."),
            ));
            continue;
        }
        if let Some(due) = a.due.as_deref().filter(|d| iso_date(d).is_none()) {
            out.rejected.push(at(
                "due",
                "bad_date",
                format!("`due` is \"{due}\"; write the date as YYYY-MM-DD."),
            ));
            continue;
        }
        if data.account_index(&a.account).is_none() {
            out.rejected
                .push((a.id.clone(), format!("unknown account \"{}\"", a.account)));
            continue;
        }
        if data.wave_index(&a.wave).is_none() {
            out.rejected
                .push((a.id.clone(), format!("unknown wave \"{}\"", a.wave)));
            continue;
        }
        if ActionStatus::from_id(&a.status).is_none() {
            out.rejected
                .push((a.id.clone(), format!("unknown status \"{}\"", a.status)));
            continue;
        }
        match store::find(&out.merged, &a.id, i).map(|m| &out.merged[m]) {
            None => {
                out.merged.push(a.clone());
                out.added += 1;
            }
            Some(m) if m == a => out.unchanged += 1,
            Some(m) => out.conflicts.push(Conflict {
                mine: m.clone(),
                theirs: a.clone(),
            }),
        }
    }
    out
}

/// Did the action work? The change of its target dimension for its account from the
/// action's wave to the next one (respondents as units), when both waves have scores.
pub fn action_effect(p: &Portfolio, action: &PlanAction) -> Option<(usize, usize, Change)> {
    let account = p.account_index(&action.account)?;
    let from = p.data.wave_index(&action.wave)?;
    let to = from + 1;
    if to >= p.data.waves.len() {
        return None;
    }
    let metric = match action.target()? {
        Target::Dimension(d) => Metric::Dimension(d),
        Target::Solution => Metric::Solution,
    };
    let a = p.score_account_in(account, from, None)?;
    let b = p.score_account_in(account, to, None)?;
    let change = welch(a.metric(metric), b.metric(metric));
    change.delta.map(|_| (from, to, change))
}

/// Accounts surveyed in a wave that have no plan action for it.
pub fn accounts_without_plan(p: &Portfolio, wave: usize, actions: &[PlanAction]) -> Vec<usize> {
    let wave_id = &p.data.waves[wave].id;
    let planned: std::collections::HashSet<&str> = actions
        .iter()
        .filter(|x| &x.wave == wave_id)
        .map(|x| x.account.as_str())
        .collect();
    let mut surveyed = vec![false; p.data.accounts.len()];
    for r in p.data.responses.iter().filter(|r| r.wave == wave) {
        surveyed[r.account] = true;
    }
    (0..surveyed.len())
        .filter(|&a| surveyed[a] && !planned.contains(p.data.accounts[a].id.as_str()))
        .collect()
}

/// Of the done actions that can be judged (a target and a later wave), how many saw their
/// target improve significantly: (improved, judged).
pub fn effectiveness(p: &Portfolio, actions: &[PlanAction]) -> (usize, usize) {
    let mut judged = 0;
    let mut improved = 0;
    for a in actions.iter().filter(|a| a.status() == ActionStatus::Done) {
        if let Some((_, _, c)) = action_effect(p, a) {
            judged += 1;
            if c.significant && c.delta.is_some_and(|d| d > 0.0) {
                improved += 1;
            }
        }
    }
    (improved, judged)
}
