//! Bands and relationship types, with the thresholds of the type rules (SPEC §2.4–2.5).

use serde::Serialize;

use super::metrics::Scale;

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
