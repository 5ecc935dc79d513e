//! Turns scores over waves into chart series, marking significant wave-over-wave changes.

use super::trend::{TrendPoint, TrendSeries};
use crate::engine::stats::{nps_change, welch};
use crate::engine::{GroupScores, Metric, Scale};

/// What a trend chart plots: a CRQ metric, or NPS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TrendMetric {
    Metric(Metric),
    Nps,
}

impl TrendMetric {
    pub fn id(self) -> &'static str {
        match self {
            TrendMetric::Metric(m) => m.id(),
            TrendMetric::Nps => "nps",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TrendMetric::Metric(m) => m.label(),
            TrendMetric::Nps => "NPS",
        }
    }

    pub fn from_id(id: &str) -> Option<TrendMetric> {
        if id == "nps" {
            Some(TrendMetric::Nps)
        } else {
            Metric::from_id(id).map(TrendMetric::Metric)
        }
    }

    /// The y range a chart may use: the rating scale, or −100..100.
    pub fn bounds(self, scale: Scale) -> (f64, f64) {
        match self {
            TrendMetric::Metric(_) => (scale.min, scale.max),
            TrendMetric::Nps => (-100.0, 100.0),
        }
    }

    pub fn decimals(self) -> usize {
        match self {
            TrendMetric::Metric(_) => 2,
            TrendMetric::Nps => 0,
        }
    }
}

/// One point per wave; a point is significant when its change from the previous defined
/// point is (Welch for means, the z test for NPS).
pub fn trend_series(groups: &[GroupScores], metric: TrendMetric) -> TrendSeries {
    let mut points = Vec::with_capacity(groups.len());
    let mut last: Option<&GroupScores> = None;
    for g in groups {
        let point = match metric {
            TrendMetric::Metric(m) => {
                let e = g.metric(m);
                e.mean.map(|value| TrendPoint {
                    value,
                    low: e.ci_low,
                    high: e.ci_high,
                    n: e.n,
                    significant: last.is_some_and(|p| welch(p.metric(m), e).significant),
                })
            }
            TrendMetric::Nps => g.nps.score.map(|value| TrendPoint {
                value,
                low: g.nps.ci_low,
                high: g.nps.ci_high,
                n: g.nps.n,
                significant: last.is_some_and(|p| nps_change(&p.nps, &g.nps).significant),
            }),
        };
        if point.is_some() {
            last = Some(g);
        }
        points.push(point);
    }
    TrendSeries { points }
}
