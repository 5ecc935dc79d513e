//! The JSON exchange format of plans: a plans file, or the data file with its actions, read
//! and written without a `serde_json::Value` (members are found as spans of the text, by
//! the data reader's scanner).

use serde::Serialize;

use super::action::{ActionRecord, PlanAction};
use super::json::{without_position, Json, SerdeJson};
use crate::model::TargetRecord;
use crate::read::{members as top_level_members, without_bom, Members};

/// The exchange file of plans (`rapport-plans/1`).
#[derive(Clone, Debug, PartialEq, Serialize)]
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

/// Why the data file on screen could not be written with its plans: read again, it is no
/// longer the UTF-8 JSON object it was when opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileChanged;

impl std::fmt::Display for FileChanged {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("the data file is not the JSON object it was when opened")
    }
}

/// The whole data file with `actions` replaced by the current plans, and `model.targets` by
/// `targets` when given (the targets set in the app). Everything else is kept byte for byte
/// (the new members are written in place of the old, or added at the end).
pub fn merge_into_data_file(
    original: &[u8],
    actions: &[PlanAction],
    targets: Option<&[TargetRecord]>,
) -> Result<String, FileChanged> {
    let text = std::str::from_utf8(without_bom(original)).map_err(|_| FileChanged)?;
    let list = pretty(actions, "\n  ");
    let mut out = with_member(text, "actions", &list, "\n  ").ok_or(FileChanged)?;
    if let Some(targets) = targets {
        let list = pretty(targets, "\n    ");
        let (members, _) = top_level_members(&out).ok_or(FileChanged)?;
        let model = member::<SerdeJson>(&out, &members, "model")
            .filter(|m| m.starts_with('{'))
            .unwrap_or("{}");
        let model = with_member(model, "targets", &list, "\n    ").ok_or(FileChanged)?;
        out = with_member(&out, "model", &model, "\n  ").ok_or(FileChanged)?;
    }
    // The file is read again from disk when exported: make sure it still is JSON.
    serde_json::from_str::<serde::de::IgnoredAny>(&out).map_err(|_| FileChanged)?;
    Ok(out)
}

/// `value` as indented JSON, its lines after the first starting with `indent`. Plans and
/// targets are plain records, which serde_json writes without fail (an empty text would fail
/// the check of the whole file all the same).
fn pretty<T: Serialize + ?Sized>(value: &T, indent: &str) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_default()
        .replace('\n', indent)
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

/// A file saved in the browser for one data set, beside the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SavedFile {
    /// Its plans (`rapport-plans/1`).
    Plans,
    /// The targets set in the app (`rapport-targets/1`).
    Targets,
}

/// Why a saved file cannot be used as a whole (the caller keeps it aside and never writes
/// over it). Written as a phrase that follows what the file is ("the saved plans …",
/// "they …" of targets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unusable {
    pub file: SavedFile,
    pub why: Why,
}

/// What is wrong with a saved file as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// Not one JSON value: the parser's message.
    NotJson(String),
    NotObject,
    /// Not a file of its kind (another format).
    OtherFormat,
    /// Another data set's.
    OtherDataSet,
    /// One of its members cannot be used, said whole (`/targets/3 is not a target…`).
    Member(String),
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let subject = match self.file {
            SavedFile::Plans => "the saved plans",
            SavedFile::Targets => "they",
        };
        let format = self.file.format();
        match &self.why {
            Why::NotJson(e) => write!(f, "{subject} are not valid JSON ({e})"),
            Why::NotObject => write!(f, "{subject} are not a JSON object"),
            Why::OtherFormat => write!(f, "{subject} are not a \"{format}\" file"),
            Why::OtherDataSet => write!(f, "{subject} belong to another data set"),
            Why::Member(m) => f.write_str(m),
        }
    }
}

impl SavedFile {
    /// The `format` such a file says it is.
    pub fn format(self) -> &'static str {
        match self {
            SavedFile::Plans => PLANS_FORMAT,
            SavedFile::Targets => crate::read::TARGETS_FORMAT,
        }
    }

    /// Why the file cannot be used, as `Unusable`.
    pub(crate) fn unusable(self, why: Why) -> Unusable {
        Unusable { file: self, why }
    }

    /// The members of `text`, a saved file of this kind for the data set `identity`, or why
    /// it is not one.
    pub(crate) fn members<J: Json>(self, text: &str, identity: &str) -> Result<Members, Unusable> {
        J::check(text).map_err(|e| self.unusable(Why::NotJson(e)))?;
        let members = top_level_members(text)
            .map(|(m, _)| m)
            .ok_or_else(|| self.unusable(Why::NotObject))?;
        let string =
            |name| member::<J>(text, &members, name).and_then(|v| J::read::<String>(v).ok());
        if string("format").as_deref() != Some(self.format()) {
            return Err(self.unusable(Why::OtherFormat));
        }
        if string("dataset").as_deref() != Some(identity) {
            return Err(self.unusable(Why::OtherDataSet));
        }
        Ok(members)
    }
}

/// The value of the last top-level member named `name` (as serde_json keeps the last).
pub(crate) fn member<'a, J: Json>(text: &'a str, members: &Members, name: &str) -> Option<&'a str> {
    members
        .iter()
        .rev()
        .find(|(k, _)| J::read::<String>(&text[k.clone()]).ok().as_deref() == Some(name))
        .map(|(_, v)| &text[v.clone()])
}

/// Why a plans file (or a data file's `actions`) cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlansError {
    NotUtf8,
    /// serde_json's message, with its line and column.
    NotJson(String),
    /// The `format` it says it is (empty when it says none).
    OtherFormat(String),
    ActionsNotList,
    /// The action at this index of `actions`, and why it is not one.
    Action {
        index: usize,
        why: String,
    },
}

impl std::fmt::Display for PlansError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            PlansError::NotUtf8 => f.write_str("The file is not UTF-8 text."),
            PlansError::NotJson(e) => write!(f, "The file is not valid JSON: {e}."),
            PlansError::OtherFormat(format) => write!(
                f,
                "Expected a \"{PLANS_FORMAT}\" export or a \"rapport/1\" data file, found format \"{format}\"."
            ),
            PlansError::ActionsNotList => f.write_str("`actions` must be an array."),
            PlansError::Action { index, why } => write!(f, "/actions/{index}: {why}"),
        }
    }
}

/// Reads a plans file the app wrote (the plans on screen, handed to a module): each action
/// typed, an action no plan can hold being an error. (Read as records first: one reader of
/// actions in a module rather than two saves the import view 2 KB gzip.)
pub fn read_plans(bytes: &[u8]) -> Result<Vec<PlanAction>, PlansError> {
    typed(parse_plans(bytes)?)
}

/// Reads a plans file the app wrote, whole: its data set and title as well as its actions.
pub fn read_plans_file(bytes: &[u8]) -> Result<PlansFile, PlansError> {
    let (text, members) = plans_text(bytes)?;
    let actions = typed(records(text, &members)?)?;
    let string = |name| {
        member::<SerdeJson>(text, &members, name)
            .and_then(|v| serde_json::from_str::<String>(v).ok())
    };
    Ok(plans_file(
        &string("dataset").unwrap_or_default(),
        string("title"),
        &actions,
    ))
}

/// Reads a plans file from elsewhere (or a whole `rapport/1` file, taking its `actions`):
/// each action as written, for `merge_import` to check.
pub fn parse_plans(bytes: &[u8]) -> Result<Vec<ActionRecord>, PlansError> {
    let (text, members) = plans_text(bytes)?;
    records(text, &members)
}

/// The text of a plans file (or a `rapport/1` file) and its top-level members, or why it is
/// not one.
fn plans_text(bytes: &[u8]) -> Result<(&str, Members), PlansError> {
    let text = std::str::from_utf8(without_bom(bytes)).map_err(|_| PlansError::NotUtf8)?;
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map_err(|e| PlansError::NotJson(e.to_string()))?;
    let members = top_level_members(text).map(|(m, _)| m).unwrap_or_default();
    let format = member::<SerdeJson>(text, &members, "format")
        .and_then(|f| serde_json::from_str::<String>(f).ok())
        .unwrap_or_default();
    if format != PLANS_FORMAT && format != "rapport/1" {
        return Err(PlansError::OtherFormat(format));
    }
    Ok((text, members))
}

/// The `actions` of a plans file's `text`, as written.
fn records(text: &str, members: &Members) -> Result<Vec<ActionRecord>, PlansError> {
    let Some(actions) = member::<SerdeJson>(text, members, "actions") else {
        return Ok(Vec::new());
    };
    let items = crate::read::items(actions).ok_or(PlansError::ActionsNotList)?;
    items
        .into_iter()
        .enumerate()
        .map(|(index, span)| {
            serde_json::from_str::<ActionRecord>(&actions[span]).map_err(|e| PlansError::Action {
                index,
                why: without_position(&e),
            })
        })
        .collect()
}

/// Records as actions, the first that no action can hold being an error at its index.
fn typed(records: Vec<ActionRecord>) -> Result<Vec<PlanAction>, PlansError> {
    records
        .iter()
        .enumerate()
        .map(|(index, r)| {
            r.action().map_err(|bad| PlansError::Action {
                index,
                why: r.why(bad),
            })
        })
        .collect()
}
