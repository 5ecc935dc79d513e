//! The JSON exchange format of plans: a plans file, or the data file with its actions, read
//! and written without a `serde_json::Value` (members are found as spans of the text).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::action::PlanAction;
use super::json::{without_position, Json, SerdeJson};
use crate::model::TargetRecord;

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

/// The whole data file with `actions` replaced by the current plans, and `model.targets` by
/// `targets` when given (the targets set in the app). Everything else is kept byte for byte
/// (the new members are written in place of the old, or added at the end).
pub fn merge_into_data_file(
    original: &[u8],
    actions: &[PlanAction],
    targets: Option<&[TargetRecord]>,
) -> Result<String, String> {
    let text = std::str::from_utf8(original.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(original))
        .map_err(|e| e.to_string())?;
    let changed = || "the data file is not the JSON object it was when opened".to_string();
    let list = serde_json::to_string_pretty(actions)
        .map_err(|e| e.to_string())?
        .replace('\n', "\n  ");
    let mut out = with_member(text, "actions", &list, "\n  ").ok_or_else(changed)?;
    if let Some(targets) = targets {
        let list = serde_json::to_string_pretty(targets)
            .map_err(|e| e.to_string())?
            .replace('\n', "\n    ");
        let (members, _) = top_level_members(&out).ok_or_else(changed)?;
        let model = member::<SerdeJson>(&out, &members, "model")
            .filter(|m| m.starts_with('{'))
            .unwrap_or("{}");
        let model = with_member(model, "targets", &list, "\n    ").ok_or_else(changed)?;
        out = with_member(&out, "model", &model, "\n  ").ok_or_else(changed)?;
    }
    // The file is read again from disk when exported: make sure it still is JSON.
    serde_json::from_str::<serde::de::IgnoredAny>(&out).map_err(|_| changed())?;
    Ok(out)
}

/// The JSON object `text` with its member `name` (each, if given twice) set to `value` (JSON
/// text), or with it added at the end (after `indent`); none when `text` is not an object.
fn with_member(text: &str, name: &str, value: &str, indent: &str) -> Option<String> {
    let (members, close) = top_level_members(text)?;
    let mut out = String::with_capacity(text.len() + value.len() + 16);
    let mut at = 0;
    let mut replaced = false;
    for (key, span) in members {
        if serde_json::from_str::<String>(&text[key]).ok().as_deref() == Some(name) {
            out.push_str(&text[at..span.start]);
            out.push_str(value);
            at = span.end;
            replaced = true;
        }
    }
    if !replaced {
        let end = text[..close].trim_end().len();
        out.push_str(&text[at..end]);
        if !text[..end].ends_with('{') {
            out.push(',');
        }
        out.push_str(&format!("{indent}\"{name}\": {value}"));
        if text[..end].ends_with('{') {
            // `{}` was empty: close it on a line of its own.
            out.push_str(&indent[..indent.len().saturating_sub(2)]);
        }
        at = end;
    }
    out.push_str(&text[at..]);
    Some(out)
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
pub(crate) fn member<'a, J: Json>(text: &'a str, members: &Members, name: &str) -> Option<&'a str> {
    members
        .iter()
        .rev()
        .find(|(k, _)| J::read::<String>(&text[k.clone()]).ok().as_deref() == Some(name))
        .map(|(_, v)| &text[v.clone()])
}

/// Reads a plans file (or a whole `rapport/1` file, taking its `actions`).
pub fn parse_plans(bytes: &[u8]) -> Result<Vec<PlanAction>, String> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| "The file is not UTF-8 text.".to_string())?;
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map_err(|e| format!("The file is not valid JSON: {e}."))?;
    let members = top_level_members(text).map(|(m, _)| m).unwrap_or_default();
    let format = member::<SerdeJson>(text, &members, "format")
        .and_then(|f| serde_json::from_str::<String>(f).ok())
        .unwrap_or_default();
    if format != PLANS_FORMAT && format != "rapport/1" {
        return Err(format!(
            "Expected a \"{PLANS_FORMAT}\" export or a \"rapport/1\" data file, found format \"{format}\"."
        ));
    }
    let Some(actions) = member::<SerdeJson>(text, &members, "actions") else {
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
