//! One respondent's scores (SPEC §2.1): dimensions, Solution, levels and CRQ.

use crate::model::{Dimension, Level, Metric, Model, Target, N_METRICS, N_TARGETS};

/// Every metric of one respondent, indexed by `Metric::index`. Stored as plain numbers with
/// NaN for "not defined" (half the size of `Option<f64>`: this is kept per response).
#[derive(Clone, Copy, Debug)]
pub struct MetricValues([f64; N_METRICS]);

impl MetricValues {
    /// The value of metric `m` (`Metric::index`), when defined.
    pub fn get(&self, m: usize) -> Option<f64> {
        self.0.get(m).copied().filter(|x| !x.is_nan())
    }

    /// All values, in `Metric::index` order.
    pub fn to_options(&self) -> [Option<f64>; N_METRICS] {
        std::array::from_fn(|m| self.get(m))
    }
}

impl From<[Option<f64>; N_METRICS]> for MetricValues {
    fn from(values: [Option<f64>; N_METRICS]) -> Self {
        MetricValues(values.map(|v| v.unwrap_or(f64::NAN)))
    }
}

/// Equal when every metric is defined in both with the same value, or in neither.
impl PartialEq for MetricValues {
    fn eq(&self, other: &Self) -> bool {
        self.to_options() == other.to_options()
    }
}

pub(super) fn mean_of(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for v in values {
        sum += v;
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}

/// Mean of the present parts when at least half of them (rounded up) are present.
fn level_mean(parts: &[Option<f64>]) -> Option<f64> {
    let present = parts.iter().flatten().count();
    (present >= parts.len().div_ceil(2))
        .then(|| mean_of(parts.iter().flatten().copied()))
        .flatten()
}

/// Scores one respondent (SPEC §2.1). Items are already reverse-coded.
pub fn score_respondent(items: &[(Target, f64)], model: &Model) -> MetricValues {
    let mut sum = [0.0f64; N_TARGETS];
    let mut count = [0usize; N_TARGETS];
    for &(target, x) in items {
        let i = target.index();
        sum[i] += x;
        count[i] += 1;
    }
    let mut m = [None; N_METRICS];
    for i in 0..N_TARGETS {
        if count[i] > 0 {
            m[i] = Some(sum[i] / count[i] as f64);
        }
    }
    let answered = m;
    let dim = |d: Dimension| answered[d as usize];
    let solution = Metric::Solution.index();
    if m[solution].is_none() {
        m[solution] = mean_of(
            [
                Dimension::Innovation,
                Dimension::LeadingEdge,
                Dimension::ValueForMoney,
            ]
            .into_iter()
            .filter_map(dim),
        );
    }
    let service = level_mean(&[
        dim(Dimension::Reliability),
        dim(Dimension::Responsiveness),
        dim(Dimension::CustomerCare),
    ]);
    let uniqueness = level_mean(&[dim(Dimension::Experience), m[solution]]);
    let relationship = level_mean(&[
        dim(Dimension::Trust),
        dim(Dimension::Commitment),
        dim(Dimension::Satisfaction),
    ]);
    let levels = [service, uniqueness, relationship];
    for l in Level::ALL {
        m[Metric::Level(l).index()] = levels[l as usize];
    }
    // CRQ: weighted mean of the levels that are defined, when at least two are. The weights
    // are divided by the largest (only ratios matter), so huge weights cannot overflow.
    let (mut defined, mut sw, mut swx) = (0, 0.0, 0.0);
    let largest = model.level_weights.iter().fold(0.0_f64, |m, &w| m.max(w));
    for (v, w) in levels.iter().zip(model.level_weights) {
        let w = w / largest;
        if let Some(v) = v {
            defined += 1;
            sw += w;
            swx += v * w;
        }
    }
    if defined >= 2 && sw > 0.0 {
        m[Metric::Crq.index()] = Some(swx / sw);
    }
    MetricValues::from(m)
}
