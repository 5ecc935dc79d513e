//! Chart geometry: projections, nice ticks, pyramid layout and trend paths, checked by hand.

use rapport::chart::{
    nice_ticks, pyramid_layout, trend_geometry, LinearScale, PyramidLayout, Rect, TrendPoint,
    TrendSeries,
};
use rapport::engine::{DiagramOrder, Dimension, Level, Target};

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

fn tier_levels(p: &PyramidLayout) -> Vec<Level> {
    p.tiers.iter().map(|t| t.level).collect()
}

fn block(p: &PyramidLayout, key: Target) -> Rect {
    p.blocks.iter().find(|b| b.key == key).unwrap().rect
}

#[test]
fn pyramid_puts_relationship_at_the_base_and_narrows_upwards() {
    let p = pyramid_layout(600.0, 420.0, DiagramOrder::default());
    assert_eq!(
        tier_levels(&p),
        [Level::Relationship, Level::Uniqueness, Level::Service]
    );
    // Three tiers of (420 − 2 × 6) / 3 = 136 with gaps of 6, the base at the bottom:
    // y = 420 − 136 = 284, 420 − 272 − 6 = 142, 420 − 408 − 12 = 0; widths 600, 516, 396.
    let (rel, uniq, service) = (&p.tiers[0], &p.tiers[1], &p.tiers[2]);
    assert_eq!(
        (rel.header.y, uniq.header.y, service.header.y),
        (284.0, 142.0, 0.0)
    );
    assert_eq!(
        (rel.area.w, uniq.area.w, service.area.w),
        (600.0, 516.0, 396.0)
    );
    assert_eq!(
        (rel.area.x, uniq.area.x, service.area.x),
        (0.0, 42.0, 102.0)
    );
    // Ten dimension blocks plus the Solution strip, none outside the viewBox.
    assert_eq!(p.blocks.len(), 11);
    for d in Dimension::ALL {
        assert!(p.blocks.iter().any(|b| b.key == Target::Dimension(d)));
    }
    for b in &p.blocks {
        assert!(b.rect.x >= 0.0 && b.rect.x + b.rect.w <= 600.0 + 1e-9);
        assert!(b.rect.y >= 0.0 && b.rect.y + b.rect.h <= 420.0 + 1e-9);
        // Every block lies inside its own level's tier.
        let tier = p.tiers.iter().find(|t| t.level == b.key.level()).unwrap();
        assert!(b.rect.y >= tier.area.y && b.rect.y + b.rect.h <= tier.area.y + tier.area.h + 1e-9);
    }
    // Trust sits in the widest (base) row, Reliability in the narrowest (top) row.
    assert_eq!(
        block(&p, Target::Dimension(Dimension::Trust)).y,
        284.0 + 28.0
    );
    assert_eq!(block(&p, Target::Dimension(Dimension::Reliability)).y, 28.0);
    let sol = block(&p, Target::Solution);
    let inn = block(&p, Target::Dimension(Dimension::Innovation));
    assert!(inn.y > sol.y, "Solution's parts sit under its strip");
}

#[test]
fn pyramid_reads_from_the_foundation_up() {
    let p = pyramid_layout(600.0, 420.0, DiagramOrder::RelationshipBase);
    let order: Vec<&str> = p.blocks.iter().map(|b| b.key.id()).collect();
    assert_eq!(
        order,
        [
            "trust",
            "commitment",
            "satisfaction",
            "experience",
            "solution",
            "innovation",
            "leading_edge",
            "value_for_money",
            "reliability",
            "responsiveness",
            "customer_care"
        ]
    );
}

#[test]
fn service_base_turns_the_pyramid_over() {
    let p = pyramid_layout(600.0, 420.0, DiagramOrder::ServiceBase);
    assert_eq!(
        tier_levels(&p),
        [Level::Service, Level::Uniqueness, Level::Relationship]
    );
    let (service, uniq, rel) = (&p.tiers[0], &p.tiers[1], &p.tiers[2]);
    assert_eq!(
        (service.header.y, uniq.header.y, rel.header.y),
        (284.0, 142.0, 0.0)
    );
    assert_eq!(
        (service.area.w, uniq.area.w, rel.area.w),
        (600.0, 516.0, 396.0)
    );
    assert_eq!(
        block(&p, Target::Dimension(Dimension::Reliability)).y,
        284.0 + 28.0
    );
    assert_eq!(block(&p, Target::Dimension(Dimension::Trust)).y, 28.0);
    assert_eq!(p.blocks[0].key, Target::Dimension(Dimension::Reliability));
    // The middle tier is the same in both orders.
    let other = pyramid_layout(600.0, 420.0, DiagramOrder::RelationshipBase);
    assert_eq!(p.tiers[1], other.tiers[1]);
}

#[test]
fn diagram_order_is_read_from_its_id() {
    assert_eq!(
        DiagramOrder::from_id("service_base"),
        Some(DiagramOrder::ServiceBase)
    );
    assert_eq!(
        DiagramOrder::from_id("relationship_base"),
        Some(DiagramOrder::RelationshipBase)
    );
    assert_eq!(DiagramOrder::from_id("upside_down"), None);
    assert_eq!(DiagramOrder::default(), DiagramOrder::RelationshipBase);
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
    let g = trend_geometry(
        &[0.0, 365.0, 730.0, 1095.0],
        &[s],
        400.0,
        200.0,
        (1.0, 7.0),
        12,
    );
    // Ticks 4.5..6.5 by 0.5; plot from y=160 (bottom, 40 for the wave and its date) to y=14
    // (top); waves a year apart from x = 48 + 20 to 384 − 20, three steps of 296/3.
    assert_eq!(g.y_ticks.first().unwrap().0, 4.5);
    assert_eq!(g.y_ticks.last().unwrap().0, 6.5);
    let expected = [68.0, 68.0 + 296.0 / 3.0, 68.0 + 592.0 / 3.0, 364.0];
    for (x, e) in g.x_waves.iter().zip(expected) {
        assert!((x - e).abs() < 1e-9, "{:?}", g.x_waves);
    }
    let line = &g.series[0].line;
    assert_eq!(
        line.matches('M').count(),
        2,
        "a gap starts a new segment: {line}"
    );
    assert_eq!(g.series[0].points.len(), 3);
    // Value 5.0 sits at 160 − (0.5/2) × 146 = 123.5.
    assert_eq!(g.series[0].points[0].2, 123.5);
    // Only the first run has two points, so one band polygon.
    assert_eq!(g.series[0].band.matches('Z').count(), 1);
}

#[test]
fn trend_domain_never_leaves_the_bounds() {
    let s = TrendSeries {
        points: vec![point(95.0, 60.0, 100.0), point(100.0, 70.0, 100.0)],
    };
    let g = trend_geometry(&[0.0, 365.0], &[s], 400.0, 200.0, (-100.0, 100.0), 12);
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

#[test]
fn trend_waves_are_spaced_by_their_dates() {
    let s = TrendSeries {
        points: vec![
            point(5.0, 4.5, 5.5),
            point(5.5, 5.0, 6.0),
            point(6.0, 5.5, 6.5),
        ],
    };
    // Closed 2020-01-31, 2021-08-31 (578 days, 19 months later), 2022-04-30 (242 days,
    // 8 months later): across 296 units, 296 × 578 / 820 and 296 × 242 / 820.
    let g = trend_geometry(
        &[737_455.0, 738_033.0, 738_275.0],
        std::slice::from_ref(&s),
        400.0,
        200.0,
        (1.0, 7.0),
        12,
    );
    assert_eq!(g.x_waves[0], 68.0);
    assert!((g.x_waves[1] - (68.0 + 296.0 * 578.0 / 820.0)).abs() < 1e-9);
    assert_eq!(g.x_waves[2], 364.0);
    // Waves all closed on one day: evenly spaced.
    let g = trend_geometry(
        &[5.0, 5.0, 5.0],
        std::slice::from_ref(&s),
        400.0,
        200.0,
        (1.0, 7.0),
        12,
    );
    assert_eq!(g.x_waves, vec![68.0, 216.0, 364.0]);
    // Two of four waves closed on one day: the second of them a quarter of an even step
    // (1/12 of the axis) after the first, the others in proportion to time: shares 0, 0.5,
    // 0.5 + 1/12 and 1 of 296 units.
    let s4 = TrendSeries {
        points: vec![None; 4],
    };
    let g = trend_geometry(&[0.0, 5.0, 5.0, 10.0], &[s4], 400.0, 200.0, (1.0, 7.0), 12);
    let expected = [0.0, 0.5, 0.5 + 1.0 / 12.0, 1.0].map(|a| 68.0 + a * 296.0);
    for (x, e) in g.x_waves.iter().zip(expected) {
        assert!((x - e).abs() < 1e-9, "{:?}", g.x_waves);
    }
    // Of the two closed on one day (25 units apart, under the 28 a name needs), the newer is named.
    assert_eq!(g.names, vec![0, 2, 3]);
}

#[test]
fn a_diverging_bar_centres_the_neutral_answers_and_scales_by_share() {
    use rapport::chart::diverging_bar;
    // 1, 2, 3, 2, 2 of 10 answers on a bar 400 wide: half the width (200) is all of them, so
    // 20 per answer. Left of the middle (200): 1 + 2 and half the 3 neutral = 4.5 answers, 90.
    let bar = diverging_bar([1, 2, 3, 2, 2], 400.0);
    let expect = [
        (110.0, 20.0),
        (130.0, 40.0),
        (170.0, 60.0),
        (230.0, 40.0),
        (270.0, 40.0),
    ];
    for (got, want) in bar.iter().zip(expect) {
        assert!(
            (got.0 - want.0).abs() < 1e-9 && (got.1 - want.1).abs() < 1e-9,
            "{bar:?}"
        );
    }
    // The neutral segment straddles the middle evenly.
    assert!((bar[2].0 + bar[2].1 / 2.0 - 200.0).abs() < 1e-9);
    // All agreeing: everything right of the middle; no answers: nothing drawn.
    assert_eq!(diverging_bar([0, 0, 0, 0, 4], 400.0)[4], (200.0, 200.0));
    assert!(diverging_bar([0; 5], 400.0)
        .iter()
        .all(|&(x, w)| x == 200.0 && w == 0.0));
}
