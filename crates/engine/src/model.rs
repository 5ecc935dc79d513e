//! The CRQ model: dimensions, levels, roles, and the overridable thresholds and weights (SPEC §2).

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

/// Which level the CRQ level diagram draws at its base (`model.diagram`). The model is
/// described from the foundation up, Relationship first; some organisations present it
/// with Service at the base.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagramOrder {
    #[default]
    RelationshipBase,
    ServiceBase,
}

impl DiagramOrder {
    pub const ALL: [DiagramOrder; 2] = [DiagramOrder::RelationshipBase, DiagramOrder::ServiceBase];

    pub fn id(self) -> &'static str {
        match self {
            DiagramOrder::RelationshipBase => "relationship_base",
            DiagramOrder::ServiceBase => "service_base",
        }
    }

    pub fn from_id(id: &str) -> Option<DiagramOrder> {
        DiagramOrder::ALL.into_iter().find(|o| o.id() == id)
    }

    /// The levels from the base of the diagram to its top.
    pub fn bottom_up(self) -> [Level; 3] {
        match self {
            DiagramOrder::RelationshipBase => {
                [Level::Relationship, Level::Uniqueness, Level::Service]
            }
            DiagramOrder::ServiceBase => [Level::Service, Level::Uniqueness, Level::Relationship],
        }
    }

    /// How the diagram reads, for its text alternative: "Relationship at the base, …".
    pub fn describe(self) -> &'static str {
        match self {
            DiagramOrder::RelationshipBase => {
                "Relationship at the base, Uniqueness in the middle, Service on top"
            }
            DiagramOrder::ServiceBase => {
                "Service at the base, Uniqueness in the middle, Relationship on top"
            }
        }
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

/// A respondent's role at the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    DecisionMaker,
    Influencer,
    Operational,
    Other,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::DecisionMaker,
        Role::Influencer,
        Role::Operational,
        Role::Other,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Role::DecisionMaker => "decision_maker",
            Role::Influencer => "influencer",
            Role::Operational => "operational",
            Role::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::DecisionMaker => "Decision maker",
            Role::Influencer => "Influencer",
            Role::Operational => "Operational",
            Role::Other => "Other",
        }
    }

    pub fn from_id(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// How group scores (portfolio, segment, owner) combine accounts (SPEC §2.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    #[default]
    Account,
    Respondent,
    Revenue,
}

impl Aggregation {
    pub const ALL: [Aggregation; 3] = [
        Aggregation::Account,
        Aggregation::Respondent,
        Aggregation::Revenue,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Aggregation::Account => "account",
            Aggregation::Respondent => "respondent",
            Aggregation::Revenue => "revenue",
        }
    }

    pub fn from_id(id: &str) -> Option<Aggregation> {
        Aggregation::ALL.into_iter().find(|a| a.id() == id)
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

/// Score bands, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Excellent,
    Good,
    Adequate,
    Vulnerable,
    AtRisk,
}

impl Band {
    pub const ALL: [Band; 5] = [
        Band::Excellent,
        Band::Good,
        Band::Adequate,
        Band::Vulnerable,
        Band::AtRisk,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Band::Excellent => "excellent",
            Band::Good => "good",
            Band::Adequate => "adequate",
            Band::Vulnerable => "vulnerable",
            Band::AtRisk => "at_risk",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::Excellent => "Excellent",
            Band::Good => "Good",
            Band::Adequate => "Adequate",
            Band::Vulnerable => "Vulnerable",
            Band::AtRisk => "At risk",
        }
    }

    /// Vulnerable and at-risk accounts are the weak bands.
    pub fn is_weak(self) -> bool {
        matches!(self, Band::Vulnerable | Band::AtRisk)
    }
}

/// Relationship types (SPEC §2.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipType {
    Ambassador,
    Rational,
    Ambivalent,
    Stalker,
    Opponent,
}

impl RelationshipType {
    pub const ALL: [RelationshipType; 5] = [
        RelationshipType::Ambassador,
        RelationshipType::Rational,
        RelationshipType::Ambivalent,
        RelationshipType::Stalker,
        RelationshipType::Opponent,
    ];

    pub fn id(self) -> &'static str {
        match self {
            RelationshipType::Ambassador => "ambassador",
            RelationshipType::Rational => "rational",
            RelationshipType::Ambivalent => "ambivalent",
            RelationshipType::Stalker => "stalker",
            RelationshipType::Opponent => "opponent",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RelationshipType::Ambassador => "Ambassador",
            RelationshipType::Rational => "Rational",
            RelationshipType::Ambivalent => "Ambivalent",
            RelationshipType::Stalker => "Stalker",
            RelationshipType::Opponent => "Opponent",
        }
    }

    /// Opponents, stalkers and ambivalent accounts are the weak types.
    pub fn is_weak(self) -> bool {
        matches!(
            self,
            RelationshipType::Opponent | RelationshipType::Stalker | RelationshipType::Ambivalent
        )
    }
}

/// Thresholds of the relationship-type rules, as stated (1–7 scale unless overridden).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TypeThresholds {
    pub opponent_relationship: f64,
    pub opponent_relationship_low: f64,
    pub opponent_advocacy: f64,
    pub stalker_value_for_money: f64,
    pub stalker_commitment: f64,
    pub ambivalent_gap: f64,
    pub ambassador_relationship: f64,
    pub ambassador_uniqueness: f64,
    pub ambassador_advocacy: f64,
}

impl Default for TypeThresholds {
    fn default() -> Self {
        TypeThresholds {
            opponent_relationship: 3.5,
            opponent_relationship_low: 4.0,
            opponent_advocacy: 5.0,
            stalker_value_for_money: 4.0,
            stalker_commitment: 4.5,
            ambivalent_gap: 1.5,
            ambassador_relationship: 5.5,
            ambassador_uniqueness: 5.0,
            ambassador_advocacy: 8.5,
        }
    }
}

impl TypeThresholds {
    /// The thresholds' names as data files write them (`model.types`), in the order of
    /// `values`.
    pub const NAMES: [&'static str; 9] = [
        "opponent_relationship",
        "opponent_relationship_low",
        "opponent_advocacy",
        "stalker_value_for_money",
        "stalker_commitment",
        "ambivalent_gap",
        "ambassador_relationship",
        "ambassador_uniqueness",
        "ambassador_advocacy",
    ];

    /// The thresholds in the order of `NAMES`.
    pub fn values(&self) -> [f64; 9] {
        [
            self.opponent_relationship,
            self.opponent_relationship_low,
            self.opponent_advocacy,
            self.stalker_value_for_money,
            self.stalker_commitment,
            self.ambivalent_gap,
            self.ambassador_relationship,
            self.ambassador_uniqueness,
            self.ambassador_advocacy,
        ]
    }

    /// The thresholds from values in the order of `NAMES`.
    pub fn from_values(v: [f64; 9]) -> TypeThresholds {
        let [opponent_relationship, opponent_relationship_low, opponent_advocacy, stalker_value_for_money, stalker_commitment, ambivalent_gap, ambassador_relationship, ambassador_uniqueness, ambassador_advocacy] =
            v;
        TypeThresholds {
            opponent_relationship,
            opponent_relationship_low,
            opponent_advocacy,
            stalker_value_for_money,
            stalker_commitment,
            ambivalent_gap,
            ambassador_relationship,
            ambassador_uniqueness,
            ambassador_advocacy,
        }
    }

    /// Sets the threshold called `name`; false when there is none of that name.
    pub fn set(&mut self, name: &str, value: f64) -> bool {
        let Some(i) = Self::NAMES.iter().position(|n| *n == name) else {
            return false;
        };
        let mut v = self.values();
        v[i] = value;
        *self = Self::from_values(v);
        true
    }

    /// The defaults mapped onto `scale` (advocacy thresholds never map).
    pub fn defaults_for(scale: Scale) -> Self {
        let d = TypeThresholds::default();
        TypeThresholds {
            opponent_relationship: scale.map_threshold(d.opponent_relationship),
            opponent_relationship_low: scale.map_threshold(d.opponent_relationship_low),
            opponent_advocacy: d.opponent_advocacy,
            stalker_value_for_money: scale.map_threshold(d.stalker_value_for_money),
            stalker_commitment: scale.map_threshold(d.stalker_commitment),
            ambivalent_gap: scale.map_gap(d.ambivalent_gap),
            ambassador_relationship: scale.map_threshold(d.ambassador_relationship),
            ambassador_uniqueness: scale.map_threshold(d.ambassador_uniqueness),
            ambassador_advocacy: d.ambassador_advocacy,
        }
    }
}

/// The active scoring model: defaults mapped to the file's scale, then the file's overrides.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Model {
    /// Service, Uniqueness, Relationship.
    pub level_weights: [f64; 3],
    /// Decision maker, influencer, operational, other.
    pub role_weights: [f64; 4],
    pub aggregation: Aggregation,
    /// Lower bounds of excellent, good, adequate, vulnerable (descending).
    pub bands: [f64; 4],
    pub types: TypeThresholds,
    /// Which level the level diagram draws at its base.
    pub diagram: DiagramOrder,
    /// Which of the settings above came from the data file rather than the defaults.
    pub overridden: Vec<String>,
}

impl Model {
    pub fn defaults_for(scale: Scale) -> Self {
        Model {
            level_weights: [1.0; 3],
            role_weights: [1.0; 4],
            aggregation: Aggregation::Account,
            bands: [5.5, 5.0, 4.5, 4.0].map(|t| scale.map_threshold(t)),
            types: TypeThresholds::defaults_for(scale),
            diagram: DiagramOrder::default(),
            overridden: Vec::new(),
        }
    }

    pub fn role_weight(&self, role: Role) -> f64 {
        self.role_weights[role as usize]
    }

    pub fn band(&self, score: f64) -> Band {
        let [excellent, good, adequate, vulnerable] = self.bands;
        if score >= excellent {
            Band::Excellent
        } else if score >= good {
            Band::Good
        } else if score >= adequate {
            Band::Adequate
        } else if score >= vulnerable {
            Band::Vulnerable
        } else {
            Band::AtRisk
        }
    }
}

impl Default for Model {
    fn default() -> Self {
        Model::defaults_for(Scale::default())
    }
}
