//! The typed, validated form of a `rapport/1` data file (SPEC §1).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{Model, Role, Scale, Target};

/// A survey wave. `Dataset::waves` is ordered by `closed`.
#[derive(Clone, Debug, PartialEq)]
pub struct Wave {
    pub id: String,
    pub label: String,
    pub closed: NaiveDate,
}

/// A key account.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub segment: Option<String>,
    pub owner: Option<String>,
    pub revenue: Option<f64>,
    /// People invited, indexed like `Dataset::waves`.
    pub invited: Vec<Option<u32>>,
}

/// A questionnaire item.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub id: String,
    pub target: Target,
    pub text: String,
    pub reverse: bool,
}

/// One valid response: one respondent in one wave.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Index into `Dataset::waves`.
    pub wave: usize,
    /// Index into `Dataset::accounts`.
    pub account: usize,
    pub respondent: String,
    pub role: Role,
    /// Answered items, already reverse-coded, with what each measures.
    pub items: Vec<(Target, f64)>,
    pub nps: Option<u8>,
    pub comment: Option<String>,
    /// Position in the file's `responses` array.
    pub record: usize,
}

/// Status of an improvement-plan action, written as its id (`"in_progress"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    Dropped,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 4] = [
        ActionStatus::Open,
        ActionStatus::InProgress,
        ActionStatus::Done,
        ActionStatus::Dropped,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Done => "Done",
            ActionStatus::Dropped => "Dropped",
        }
    }

    pub fn from_id(id: &str) -> Option<ActionStatus> {
        ActionStatus::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Why `id` is no status, as a plan's reader and a plans import say it.
    pub fn unknown(id: &str) -> String {
        format!("unknown status \"{id}\"")
    }
}

// By hand, as a string and its id, rather than derived: serde's enum machinery in the
// browser's deserializer costs the page about 0.7 KB gzip.
impl Serialize for ActionStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for ActionStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        ActionStatus::from_id(&id)
            .ok_or_else(|| serde::de::Error::custom(ActionStatus::unknown(&id)))
    }
}

/// An item of a Client Improvement Plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub id: String,
    pub account: usize,
    pub wave: usize,
    pub target: Option<Target>,
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
    pub agreed_with_client: bool,
    pub notes: Option<String>,
}

/// The inside view (README, "The inside view"; issue 16): what the account team predicted
/// its clients would answer, and the staff's answers to the obstacles survey.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inside {
    pub predictions: Vec<Prediction>,
    pub statements: Vec<Statement>,
    pub internal: Vec<InternalAnswer>,
}

/// A team member's prediction of how an account will rate its dimensions (and Solution) and
/// its NPS answer, in a wave.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// Index into `Dataset::waves`.
    pub wave: usize,
    /// Index into `Dataset::accounts`.
    pub account: usize,
    /// The team member's id.
    pub respondent: String,
    /// Their part in the team, as the file names it (`account_director`, `delivery`, …).
    pub role: String,
    /// Predicted ratings on the scale, with what each measures.
    pub ratings: Vec<(Target, f64)>,
    pub nps: Option<u8>,
}

/// A statement of the obstacles survey ("Our organisation is siloed …").
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub id: String,
    pub text: String,
    pub theme: Option<String>,
}

/// One member of staff's answers to the obstacles survey in a wave: for each statement
/// answered (an index into `Inside::statements`), 1 (completely disagree) to 5 (completely
/// agree).
#[derive(Clone, Debug, PartialEq)]
pub struct InternalAnswer {
    pub wave: usize,
    pub respondent: String,
    pub department: Option<String>,
    pub answers: Vec<(usize, u8)>,
}

/// A validated data set: only the records that passed validation.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub title: Option<String>,
    pub scale: Scale,
    pub waves: Vec<Wave>,
    pub accounts: Vec<Account>,
    pub questions: Vec<Question>,
    pub responses: Vec<Response>,
    pub actions: Vec<Action>,
    pub model: Model,
    /// The account team's predictions and the obstacles survey (empty when not given).
    #[cfg(feature = "inside")]
    pub inside: Inside,
}

impl Dataset {
    pub fn wave_index(&self, id: &str) -> Option<usize> {
        self.waves.iter().position(|w| w.id == id)
    }

    pub fn account_index(&self, id: &str) -> Option<usize> {
        self.accounts.iter().position(|a| a.id == id)
    }

    /// Distinct segments, sorted.
    pub fn segments(&self) -> Vec<String> {
        distinct(
            self.accounts
                .iter()
                .filter_map(|a| a.segment.as_deref())
                .collect(),
        )
    }

    /// Distinct account owners, sorted.
    pub fn owners(&self) -> Vec<String> {
        distinct(
            self.accounts
                .iter()
                .filter_map(|a| a.owner.as_deref())
                .collect(),
        )
    }
}

/// The distinct values, sorted. (Sorting every account's value took 26 ms of a task on
/// the page at 44,000 accounts; these are few, found first with a set of a type the page
/// has already.)
fn distinct(values: Vec<&str>) -> Vec<String> {
    let mut seen: crate::hash::FxSet<&str> = crate::hash::FxSet::default();
    let mut v: Vec<String> = Vec::new();
    for x in values {
        if seen.insert(x) {
            v.push(x.to_string());
        }
    }
    super::sort::sort(&mut v);
    v
}

#[cfg(test)]
mod tests {
    #[test]
    fn segments_and_owners_are_distinct_and_sorted() {
        let text = r#"{"format": "rapport/1", "waves": [{"id": "w1", "closed": "2024-03-31"}],
            "accounts": [
                {"id": "a", "name": "A", "segment": "Retail", "owner": "Lee"},
                {"id": "b", "name": "B", "owner": "Abe"},
                {"id": "c", "name": "C", "segment": "Energy"},
                {"id": "d", "name": "D", "segment": "Retail", "owner": "Lee"},
                {"id": "e", "name": "E", "segment": "energy", "owner": "Zoe"},
                {"id": "f", "name": "F", "segment": "Energy", "owner": "Abe"}],
            "responses": []}"#;
        let (data, _) = crate::read::load(text.as_bytes()).unwrap();
        assert_eq!(data.segments(), ["Energy", "Retail", "energy"]);
        assert_eq!(data.owners(), ["Abe", "Lee", "Zoe"]);
    }
}
