//! Key drivers that predict: the NPS answer (or commitment) regressed on the dimension
//! scores of the respondents in scope who have all of them (README, "Figures beyond the
//! SPEC"). An association in this data, not a proven cause.

use crate::model::Dimension;
use crate::regression::{ols, Regression};
use crate::score::{Filter, Portfolio};

/// What a driver regression explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The 0–10 recommendation answer, on all ten dimensions.
    Nps,
    /// The commitment score, on the other nine dimensions.
    Commitment,
}

/// Residual degrees of freedom a driver regression needs at the least.
pub const MIN_DF: usize = 10;

/// A variance inflation factor from which predictors are called collinear.
pub const COLLINEAR_VIF: f64 = 5.0;

/// A driver regression: the fit and its predictors, in `Dimension::ALL` order.
#[derive(Clone, Debug, PartialEq)]
pub struct DriverRegression {
    pub outcome: Outcome,
    pub predictors: Vec<Dimension>,
    pub fit: Regression,
}

impl DriverRegression {
    /// Whether any predictor's VIF reaches `COLLINEAR_VIF`.
    pub fn collinear(&self) -> bool {
        self.fit.vif.iter().any(|&v| v >= COLLINEAR_VIF)
    }
}

/// The regression of `outcome` on the dimensions over the respondents of `wave` in scope
/// that answered all of them (and the outcome): None with fewer than `MIN_DF` residual
/// degrees of freedom, or when the fit is not defined.
pub fn driver_regression(
    p: &Portfolio,
    wave: usize,
    filter: &Filter,
    outcome: Outcome,
) -> Option<DriverRegression> {
    let predictors: Vec<Dimension> = Dimension::ALL
        .into_iter()
        .filter(|&d| outcome != Outcome::Commitment || d != Dimension::Commitment)
        .collect();
    let (mut y, mut rows) = (Vec::new(), Vec::new());
    for i in p.responses_in(wave, filter) {
        let values = &p.respondents[i];
        let target = match outcome {
            Outcome::Nps => p.response(i).nps.map(f64::from),
            Outcome::Commitment => values.get(Dimension::Commitment as usize),
        };
        let row: Option<Vec<f64>> = predictors.iter().map(|&d| values.get(d as usize)).collect();
        if let (Some(t), Some(row)) = (target, row) {
            y.push(t);
            rows.push(row);
        }
    }
    if y.len() < predictors.len() + 1 + MIN_DF {
        return None;
    }
    Some(DriverRegression {
        outcome,
        fit: ols(&y, &rows)?,
        predictors,
    })
}
