//! What is measured, and on what scale: the ten dimensions, Solution, the three levels and
//! CRQ, the order of their scores (`Metric::index`), and the rating scale.

use serde::Serialize;

/// The ten CRQ dimensions, in metric order (Service, Uniqueness, Relationship); the diagram
/// draws them from the foundation up as [`DiagramOrder`] says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Reliability,
    Responsiveness,
    CustomerCare,
    Experience,
    Innovation,
    LeadingEdge,
    ValueForMoney,
    Trust,
    Commitment,
    Satisfaction,
}

impl Dimension {
    pub const ALL: [Dimension; 10] = [
        Dimension::Reliability,
        Dimension::Responsiveness,
        Dimension::CustomerCare,
        Dimension::Experience,
        Dimension::Innovation,
        Dimension::LeadingEdge,
        Dimension::ValueForMoney,
        Dimension::Trust,
        Dimension::Commitment,
        Dimension::Satisfaction,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Dimension::Reliability => "reliability",
            Dimension::Responsiveness => "responsiveness",
            Dimension::CustomerCare => "customer_care",
            Dimension::Experience => "experience",
            Dimension::Innovation => "innovation",
            Dimension::LeadingEdge => "leading_edge",
            Dimension::ValueForMoney => "value_for_money",
            Dimension::Trust => "trust",
            Dimension::Commitment => "commitment",
            Dimension::Satisfaction => "satisfaction",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Dimension::Reliability => "Reliability",
            Dimension::Responsiveness => "Responsiveness",
            Dimension::CustomerCare => "Customer care",
            Dimension::Experience => "Experience",
            Dimension::Innovation => "Innovation",
            Dimension::LeadingEdge => "Leading edge",
            Dimension::ValueForMoney => "Value for money",
            Dimension::Trust => "Trust",
            Dimension::Commitment => "Commitment",
            Dimension::Satisfaction => "Satisfaction",
        }
    }

    pub fn from_id(id: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.id() == id)
    }

    pub fn level(self) -> Level {
        match self {
            Dimension::Reliability | Dimension::Responsiveness | Dimension::CustomerCare => {
                Level::Service
            }
            Dimension::Experience
            | Dimension::Innovation
            | Dimension::LeadingEdge
            | Dimension::ValueForMoney => Level::Uniqueness,
            Dimension::Trust | Dimension::Commitment | Dimension::Satisfaction => {
                Level::Relationship
            }
        }
    }

    /// True for the three parts of Solution.
    pub fn is_solution_part(self) -> bool {
        matches!(
            self,
            Dimension::Innovation | Dimension::LeadingEdge | Dimension::ValueForMoney
        )
    }
}

/// What a question or rating key measures: one dimension, or Solution as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Dimension(Dimension),
    Solution,
}

impl Target {
    /// Every target in index order: the ten dimensions, then Solution.
    pub const ALL: [Target; N_TARGETS] = {
        let mut out = [Target::Solution; N_TARGETS];
        let mut i = 0;
        while i < Dimension::ALL.len() {
            out[i] = Target::Dimension(Dimension::ALL[i]);
            i += 1;
        }
        out
    };

    pub fn from_id(id: &str) -> Option<Target> {
        if id == "solution" {
            Some(Target::Solution)
        } else {
            Dimension::from_id(id).map(Target::Dimension)
        }
    }

    pub fn id(self) -> &'static str {
        Metric::from(self).id()
    }

    /// Why `id` is no target, as a plan's reader says it.
    pub fn unknown(id: &str) -> String {
        format!("\"{id}\" is not a CRQ dimension")
    }

    /// Its index among the metrics (and among the rated targets: dimensions, then Solution).
    pub fn index(self) -> usize {
        Metric::from(self).index()
    }

    /// The level Solution or the dimension belongs to.
    pub fn level(self) -> Level {
        match self {
            Target::Dimension(d) => d.level(),
            Target::Solution => Level::Uniqueness,
        }
    }
}

/// Written as its id (`"responsiveness"`, `"solution"`), as data files write it.
impl Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Target::from_id(&id).ok_or_else(|| serde::de::Error::custom(Target::unknown(&id)))
    }
}

impl From<Target> for Metric {
    fn from(t: Target) -> Metric {
        match t {
            Target::Dimension(d) => Metric::Dimension(d),
            Target::Solution => Metric::Solution,
        }
    }
}

/// The three CRQ levels, in metric order (Service, Uniqueness, Relationship): the order of
/// scores and weights. The diagram's order from the base up is [`DiagramOrder::bottom_up`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Service,
    Uniqueness,
    Relationship,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Service, Level::Uniqueness, Level::Relationship];

    pub fn id(self) -> &'static str {
        match self {
            Level::Service => "service",
            Level::Uniqueness => "uniqueness",
            Level::Relationship => "relationship",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Service => "Service",
            Level::Uniqueness => "Uniqueness",
            Level::Relationship => "Relationship",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Every metric scored per respondent, account and group, in a fixed index order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    Dimension(Dimension),
    Solution,
    Level(Level),
    Crq,
}

/// Where each kind of metric sits in the index order: the ten dimensions, Solution, the
/// three levels, CRQ.
const SOLUTION_INDEX: usize = Dimension::ALL.len();

const FIRST_LEVEL_INDEX: usize = SOLUTION_INDEX + 1;

const CRQ_INDEX: usize = FIRST_LEVEL_INDEX + Level::ALL.len();

/// The targets a respondent rates (dimensions and Solution) come first.
pub const N_TARGETS: usize = SOLUTION_INDEX + 1;

pub const N_METRICS: usize = CRQ_INDEX + 1;

impl Metric {
    pub fn index(self) -> usize {
        match self {
            Metric::Dimension(d) => d as usize,
            Metric::Solution => SOLUTION_INDEX,
            Metric::Level(l) => FIRST_LEVEL_INDEX + l as usize,
            Metric::Crq => CRQ_INDEX,
        }
    }

    pub fn all() -> [Metric; N_METRICS] {
        let mut out = [Metric::Crq; N_METRICS];
        for d in Dimension::ALL {
            out[Metric::Dimension(d).index()] = Metric::Dimension(d);
        }
        out[SOLUTION_INDEX] = Metric::Solution;
        for l in Level::ALL {
            out[Metric::Level(l).index()] = Metric::Level(l);
        }
        out
    }

    pub fn id(self) -> &'static str {
        match self {
            Metric::Dimension(d) => d.id(),
            Metric::Solution => "solution",
            Metric::Level(l) => l.id(),
            Metric::Crq => "crq",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Metric::Dimension(d) => d.label(),
            Metric::Solution => "Solution",
            Metric::Level(l) => l.label(),
            Metric::Crq => "CRQ",
        }
    }

    pub fn from_id(id: &str) -> Option<Metric> {
        Metric::all().into_iter().find(|m| m.id() == id)
    }
}

/// The rating scale of a data file.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
}

impl Default for Scale {
    fn default() -> Self {
        Scale { min: 1.0, max: 7.0 }
    }
}

impl Scale {
    /// Maps a threshold stated on the 1–7 scale onto this scale (SPEC §2.5).
    pub fn map_threshold(self, t: f64) -> f64 {
        self.min + (t - 1.0) * (self.max - self.min) / 6.0
    }

    /// Maps a difference stated on the 1–7 scale onto this scale.
    pub fn map_gap(self, gap: f64) -> f64 {
        gap * (self.max - self.min) / 6.0
    }
}
