//! The CRQ model: dimensions, levels, roles, and the overridable thresholds and weights (SPEC §2).
//! What is measured is in `metrics`; bands, types and their thresholds in `types`.

mod goals;
mod metrics;
mod types;

pub use goals::{Goal, GoalScope, Measure, TargetRecord, Verdict};
pub use metrics::{Dimension, Level, Metric, Scale, Target, N_METRICS, N_TARGETS};
pub use types::{Band, RelationshipType, TypeThresholds};

use serde::Serialize;

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
    /// The currency revenue is in: an ISO 4217 code such as "EUR" (none: no currency shown).
    pub currency: Option<String>,
    /// Targets for scores (`model.targets`), in file order, those that could be read.
    pub targets: Vec<Goal>,
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
            currency: None,
            targets: Vec::new(),
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
