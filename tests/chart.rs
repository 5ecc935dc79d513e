//! Chart geometry: projections, nice ticks, pyramid layout and trend paths, checked by hand.

use rapport::chart::{
    nice_ticks, pyramid_layout, trend_geometry, BlockKey, LinearScale, TrendPoint, TrendSeries,
};
use rapport::engine::{Dimension, Level};

#[test]
fn linear_scale_maps_and_inverts_direction() {
    let s = LinearScale::new((1.0, 7.0), (300.0, 0.0));
    assert_eq!(s.map(1.0), 300.0);
    assert_eq!(s.map(7.0), 0.0);
    assert_eq!(s.map(4.0), 150.0);
}

#[test]
fn nice_ticks_are_round_and_enclose_the_data() {
    assert_eq!(nice_ticks(4.3, 5.9, 5), vec![4.0, 4.5, 5.0, 5.5, 6.0]);
    assert_eq!(
        nice_ticks(-12.0, 47.0, 5),
        vec![-20.0, 0.0, 20.0, 40.0, 60.0]
    );
    assert_eq!(nice_ticks(0.0, 1.0, 6), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    // A flat series still gets an axis.
    assert_eq!(
        nice_ticks(5.0, 5.0, 5),
        vec![4.4, 4.6, 4.8, 5.0, 5.2, 5.4, 5.6]
    );
    assert!(nice_ticks(f64::NAN, 1.0, 5).is_empty());
}

#[test]
fn pyramid_puts_service_at_the_base_and_narrows_upwards() {
    let p = pyramid_layout(600.0, 420.0);
    assert_eq!(
        p.tiers.iter().map(|t| t.level).collect::<Vec<_>>(),
        Level::ALL
    );
    let (service, uniq, rel) = (&p.tiers[0], &p.tiers[1], &p.tiers[2]);
    assert!(service.header.y > uniq.header.y && uniq.header.y > rel.header.y);
    assert!(service.area.w > uniq.area.w && uniq.area.w > rel.area.w);
    // Ten dimension blocks plus the Solution strip, none overlapping its neighbours in a row.
    assert_eq!(p.blocks.len(), 11);
    for d in Dimension::ALL {
        assert!(p.blocks.iter().any(|b| b.key == BlockKey::Dimension(d)));
    }
    for b in &p.blocks {
        assert!(b.rect.x >= 0.0 && b.rect.x + b.rect.w <= 600.0 + 1e-9);
        assert!(b.rect.y >= 0.0 && b.rect.y + b.rect.h <= 420.0 + 1e-9);
    }
    let sol = p
        .blocks
        .iter()
        .find(|b| b.key == BlockKey::Solution)
        .unwrap()
        .rect;
    let inn = p
        .blocks
        .iter()
        .find(|b| b.key == BlockKey::Dimension(Dimension::Innovation))
        .unwrap()
        .rect;
    assert!(inn.y > sol.y, "Solution's parts sit under its strip");
}

fn point(v: f64, lo: f64, hi: f64) -> Option<TrendPoint> {
    Some(TrendPoint {
        value: v,
        low: Some(lo),
        high: Some(hi),
        n: 10,
        significant: false,
    })
}

#[test]
fn trend_paths_break_at_missing_waves() {
    let s = TrendSeries {
        points: vec![
            point(5.0, 4.5, 5.5),
            point(5.5, 5.0, 6.0),
            None,
            point(6.0, 5.5, 6.5),
        ],
    };
    let g = trend_geometry(4, &[s], 400.0, 200.0, (1.0, 7.0));
    // Ticks 4.5..6.5 by 0.5; plot from y=170 (bottom) to y=14 (top);
    // waves from x = 48 + 20 to 384 − 20, three steps of 296/3.
    assert_eq!(g.y_ticks.first().unwrap().0, 4.5);
    assert_eq!(g.y_ticks.last().unwrap().0, 6.5);
    assert_eq!(
        g.x_waves,
        vec![68.0, 68.0 + 296.0 / 3.0, 68.0 + 592.0 / 3.0, 364.0]
    );
    let line = &g.series[0].line;
    assert_eq!(
        line.matches('M').count(),
        2,
        "a gap starts a new segment: {line}"
    );
    assert_eq!(g.series[0].points.len(), 3);
    // Value 5.0 sits at 170 − (0.5/2) × 156 = 131.
    assert_eq!(g.series[0].points[0].2, 131.0);
    // Only the first run has two points, so one band polygon.
    assert_eq!(g.series[0].band.matches('Z').count(), 1);
}

#[test]
fn trend_domain_never_leaves_the_bounds() {
    let s = TrendSeries {
        points: vec![point(95.0, 60.0, 100.0), point(100.0, 70.0, 100.0)],
    };
    let g = trend_geometry(2, &[s], 400.0, 200.0, (-100.0, 100.0));
    assert!(g.y_ticks.iter().all(|(v, _)| (-100.0..=100.0).contains(v)));
    assert_eq!(g.y_ticks.last().unwrap().0, 100.0);
}

#[test]
fn trend_series_marks_significant_changes() {
    use rapport::chart::{trend_series, TrendMetric};
    use rapport::engine::{load, Aggregation, Filter, Metric, Portfolio};
    let (data, _) = load(include_bytes!("fixtures/small.json")).unwrap();
    let p = Portfolio::new(data);
    let groups = p.score_waves(&Filter::all(), Aggregation::Account);
    let crq = trend_series(&groups, TrendMetric::Metric(Metric::Crq));
    assert_eq!(crq.points.len(), 2);
    assert!((crq.points[0].unwrap().value - 173.0 / 48.0).abs() < 1e-12);
    // Only one account in w2: no test, so not significant.
    assert!(!crq.points[1].unwrap().significant);
    let nps = trend_series(&groups, TrendMetric::Nps);
    // w1: 9, 6, 10, 3 → 0; w2: 10, 8 → +50.
    assert_eq!(nps.points[1].unwrap().value, 50.0);
    assert_eq!(TrendMetric::from_id("nps"), Some(TrendMetric::Nps));
    assert_eq!(
        TrendMetric::from_id("trust").map(|m| m.label()),
        Some("Trust")
    );
}
