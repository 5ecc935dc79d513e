//! Targets for scores (`model.targets`; README, "Targets"): a value a metric or NPS should
//! reach, for the portfolio, a segment, an owner or an account, in every wave or in one.

use serde::Serialize;

use super::Metric;

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
