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

/// A what-if of the NPS regression: the dimension raised by `delta` for a group of
/// respondents, and what the fitted model says of their answers (README, "Figures beyond the
/// SPEC"). Each triple is (estimate, 95% low, 95% high), the bounds from the coefficient's
/// 95% interval. An association in this data, not a proven cause.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WhatIf {
    /// Respondents of the group with an NPS answer.
    pub n: usize,
    /// Change of each respondent's 0–10 answer: coefficient × delta.
    pub answer: (f64, f64, f64),
    /// Share of promoters now, and predicted, in percent.
    pub promoters_now: f64,
    pub promoters: (f64, f64, f64),
    /// NPS now, and predicted.
    pub nps_now: f64,
    pub nps: (f64, f64, f64),
}

/// Shares of promoters and of detractors (percent) of `answers` each moved by `shift`: an
/// answer a becomes a + m, or a + m + 1 with probability f, where m = ⌊shift⌋ and f = shift −
/// m, so that the expected shift is `shift` and each answer stays on the 0–10 scale's steps.
fn shifted_shares(answers: &[u8], shift: f64) -> (f64, f64) {
    let m = shift.floor();
    let f = shift - m;
    let (mut promoters, mut detractors) = (0.0, 0.0);
    for &a in answers {
        let moved = f64::from(a) + m;
        promoters += if moved >= 9.0 {
            1.0
        } else if moved == 8.0 {
            f
        } else {
            0.0
        };
        detractors += if moved <= 5.0 {
            1.0
        } else if moved == 6.0 {
            1.0 - f
        } else {
            0.0
        };
    }
    let n = answers.len() as f64;
    (100.0 * promoters / n, 100.0 * detractors / n)
}

/// The what-if of raising `dimension` by `delta` for the respondents of `wave` in `group`
/// with an NPS answer, under `fit` (an NPS regression): None when the dimension is not one
/// of its predictors or the group has no NPS answer.
pub fn what_if(
    p: &Portfolio,
    fit: &DriverRegression,
    wave: usize,
    group: &Filter,
    dimension: Dimension,
    delta: f64,
) -> Option<WhatIf> {
    let j = fit.predictors.iter().position(|&d| d == dimension)?;
    let c = fit.fit.coefficients.get(j + 1)?;
    let answers: Vec<u8> = p
        .responses_in(wave, group)
        .into_iter()
        .filter_map(|i| p.response(i).nps)
        .collect();
    if answers.is_empty() {
        return None;
    }
    let (lo, hi) = if delta >= 0.0 {
        (c.ci_low * delta, c.ci_high * delta)
    } else {
        (c.ci_high * delta, c.ci_low * delta)
    };
    let at = |shift| {
        let (pr, de) = shifted_shares(&answers, shift);
        (pr, pr - de)
    };
    let ((p0, n0), (pe, ne), (pl, nl), (ph, nh)) =
        (at(0.0), at(c.estimate * delta), at(lo), at(hi));
    Some(WhatIf {
        n: answers.len(),
        answer: (c.estimate * delta, lo, hi),
        promoters_now: p0,
        promoters: (pe, pl, ph),
        nps_now: n0,
        nps: (ne, nl, nh),
    })
}
