//! Targets for scores (`model.targets`; README, "Targets"): a value a metric or NPS should
//! reach, for the portfolio, a segment, an owner or an account, in every wave or in one.

use serde::{Deserialize, Serialize};

use super::{Metric, Scale};

/// What a target is set on: a metric (CRQ, a level, a dimension, solution) or NPS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Measure {
    Metric(Metric),
    Nps,
}

impl Measure {
    pub fn id(self) -> &'static str {
        match self {
            Measure::Metric(m) => m.id(),
            Measure::Nps => "nps",
        }
    }

    pub fn from_id(id: &str) -> Option<Measure> {
        if id == "nps" {
            return Some(Measure::Nps);
        }
        Metric::from_id(id).map(Measure::Metric)
    }

    pub fn label(self) -> &'static str {
        match self {
            Measure::Metric(m) => m.label(),
            Measure::Nps => "NPS",
        }
    }

    /// The values a target of it can take: the scale, or −100 to 100 for NPS.
    pub fn bounds(self, scale: Scale) -> (f64, f64) {
        match self {
            Measure::Nps => (-100.0, 100.0),
            Measure::Metric(_) => (scale.min, scale.max),
        }
    }
}

impl Serialize for Measure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// Whose score a target is for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum GoalScope {
    Portfolio,
    Segment(String),
    Owner(String),
    Account(String),
}

/// A target: `measure` should reach `value` for `scope`, in `wave` (a wave id) or in every
/// wave when none.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Goal {
    pub measure: Measure,
    pub scope: GoalScope,
    pub wave: Option<String>,
    pub value: f64,
    /// Its index in the file's `model.targets`, for messages.
    pub at: usize,
}

impl Goal {
    /// The target as the data file writes it.
    pub fn record(&self) -> TargetRecord {
        let (segment, owner, account) = match &self.scope {
            GoalScope::Portfolio => (None, None, None),
            GoalScope::Segment(s) => (Some(s.clone()), None, None),
            GoalScope::Owner(o) => (None, Some(o.clone()), None),
            GoalScope::Account(a) => (None, None, Some(a.clone())),
        };
        TargetRecord {
            metric: self.measure.id().to_string(),
            value: self.value,
            segment,
            owner,
            account,
            wave: self.wave.clone(),
        }
    }
}

/// A target as the data file writes it (an item of `model.targets`), and as the app saves
/// the targets set in it: `{"metric": "crq", "value": 5.5}`, with at most one of `segment`,
/// `owner` and `account` (none: the portfolio's), and `wave` (none: every wave's).
/// (A field given as null is refused, as the data file's reader refuses it: absent is not
/// null.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetRecord {
    pub metric: String,
    pub value: f64,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "given"
    )]
    pub segment: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "given"
    )]
    pub owner: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "given"
    )]
    pub account: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "given"
    )]
    pub wave: Option<String>,
}

/// A field that is there: a string (null is not one).
fn given<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    String::deserialize(d).map(Some)
}

impl TargetRecord {
    /// The target (number `at`), when the data file's reader would take it: a known metric,
    /// a value on its scale, at most one scope, no empty string. Whether its wave, segment,
    /// owner or account exist is not asked here. (The reader says why one is not taken:
    /// `read::saved_targets`.)
    pub fn goal(self, at: usize, scale: Scale) -> Option<Goal> {
        let measure = Measure::from_id(&self.metric)?;
        let (low, high) = measure.bounds(scale);
        let given = [self.segment, self.owner, self.account, self.wave.clone()];
        if !(low..=high).contains(&self.value)
            || given.iter().flatten().any(String::is_empty)
            || given[..3].iter().flatten().count() > 1
        {
            return None;
        }
        let [segment, owner, account, wave] = given;
        let scope = match (segment, owner, account) {
            (Some(s), _, _) => GoalScope::Segment(s),
            (_, Some(o), _) => GoalScope::Owner(o),
            (_, _, Some(a)) => GoalScope::Account(a),
            _ => GoalScope::Portfolio,
        };
        Some(Goal {
            measure,
            scope,
            wave,
            value: self.value,
            at,
        })
    }
}

/// Where a score stands against its target, given the score's 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The whole interval is above the target.
    Above,
    /// The whole interval is below the target.
    Below,
    /// The interval contains the target: not distinguishable from it.
    Level,
}

impl Verdict {
    /// The verdict of an estimate `mean` with 95% interval (`low`, `high`) against `target`:
    /// none without an interval.
    pub fn of(low: Option<f64>, high: Option<f64>, target: f64) -> Option<Verdict> {
        let (low, high) = (low?, high?);
        Some(if low > target {
            Verdict::Above
        } else if high < target {
            Verdict::Below
        } else {
            Verdict::Level
        })
    }

    pub fn words(self) -> &'static str {
        match self {
            Verdict::Above => "above target",
            Verdict::Below => "below target",
            Verdict::Level => "not distinguishable from target",
        }
    }
}
