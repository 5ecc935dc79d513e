//! Relationship types (SPEC §2.5): the rules tried in order, each with the numbers it tested.

use crate::model::{Dimension, Level, Metric, Model, RelationshipType, N_METRICS};
use crate::stats::Estimate;

/// How a condition compares its value with the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Below,
    AtLeast,
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Op::Below => "<",
            Op::AtLeast => "≥",
        })
    }
}

/// One condition of a relationship-type rule, with the number that was tested.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// What is tested, as people read it ("Relationship", "Advocacy").
    pub input: &'static str,
    pub value: Option<f64>,
    pub op: Op,
    pub threshold: f64,
}

impl Condition {
    fn new(input: &'static str, value: Option<f64>, op: Op, threshold: f64) -> Self {
        Condition {
            input,
            value,
            op,
            threshold,
        }
    }

    /// None when the input is missing.
    pub fn holds(&self) -> Option<bool> {
        let v = self.value?;
        Some(match self.op {
            Op::Below => v < self.threshold,
            Op::AtLeast => v >= self.threshold,
        })
    }
}

/// A rule of SPEC §2.5: it matches when every condition of any one clause holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub kind: RelationshipType,
    pub clauses: Vec<Vec<Condition>>,
    pub matched: bool,
}

/// A relationship type with the rules that were tried, in order, up to the one that matched.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeVerdict {
    pub kind: RelationshipType,
    pub rules: Vec<Rule>,
}

/// Classifies an account (SPEC §2.5) from its level and dimension scores and advocacy.
pub fn relationship_type(
    metrics: &[Estimate; N_METRICS],
    advocacy: Option<f64>,
    model: &Model,
) -> TypeVerdict {
    let t = &model.types;
    let get = |m: Metric| metrics[m.index()].mean;
    let rel = get(Metric::Level(Level::Relationship));
    let uniq = get(Metric::Level(Level::Uniqueness));
    let service = get(Metric::Level(Level::Service));
    let solution = get(Metric::Solution);
    let gap = match (solution, service) {
        (Some(a), Some(b)) => Some((a - b).abs()),
        _ => None,
    };
    let candidates = [
        (
            RelationshipType::Opponent,
            vec![
                vec![Condition::new(
                    "Relationship",
                    rel,
                    Op::Below,
                    t.opponent_relationship,
                )],
                vec![
                    Condition::new("Relationship", rel, Op::Below, t.opponent_relationship_low),
                    Condition::new("Advocacy", advocacy, Op::Below, t.opponent_advocacy),
                ],
            ],
        ),
        (
            RelationshipType::Stalker,
            vec![vec![
                Condition::new(
                    "Value for money",
                    get(Metric::Dimension(Dimension::ValueForMoney)),
                    Op::Below,
                    t.stalker_value_for_money,
                ),
                Condition::new(
                    "Commitment",
                    get(Metric::Dimension(Dimension::Commitment)),
                    Op::Below,
                    t.stalker_commitment,
                ),
            ]],
        ),
        (
            RelationshipType::Ambivalent,
            vec![vec![Condition::new(
                "|Solution − Service|",
                gap,
                Op::AtLeast,
                t.ambivalent_gap,
            )]],
        ),
        (
            RelationshipType::Ambassador,
            vec![vec![
                Condition::new("Relationship", rel, Op::AtLeast, t.ambassador_relationship),
                Condition::new("Uniqueness", uniq, Op::AtLeast, t.ambassador_uniqueness),
                Condition::new("Advocacy", advocacy, Op::AtLeast, t.ambassador_advocacy),
            ]],
        ),
    ];
    let mut rules = Vec::new();
    for (kind, clauses) in candidates {
        let matched = clauses
            .iter()
            .any(|c| c.iter().all(|cond| cond.holds() == Some(true)));
        rules.push(Rule {
            kind,
            clauses,
            matched,
        });
        if matched {
            return TypeVerdict { kind, rules };
        }
    }
    TypeVerdict {
        kind: RelationshipType::Rational,
        rules,
    }
}
