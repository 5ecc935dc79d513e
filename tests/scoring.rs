//! Scoring of SPEC §2 on a small fixture whose every number was worked out by hand
//! (tests/fixtures/small.json; the arithmetic is in the comments).

use rapport::engine::contract::scores_json;
use rapport::engine::score::{relationship_type, score_respondent};
use rapport::engine::{
    load, Aggregation, Band, Dimension, Estimate, Filter, Level, Metric, Model, Portfolio,
    RelationshipType, Role, Scale, Target,
};

const SMALL: &[u8] = include_bytes!("fixtures/small.json");

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, got {actual}"
    );
}

fn small() -> Portfolio {
    let (data, _) = load(SMALL).expect("fixture loads");
    Portfolio::new(data)
}

fn with_model(edit: impl Fn(&mut serde_json::Value)) -> Portfolio {
    let mut v: serde_json::Value = serde_json::from_slice(SMALL).unwrap();
    edit(&mut v);
    let (data, _) = load(v.to_string().as_bytes()).expect("fixture loads");
    Portfolio::new(data)
}

#[test]
fn waves_are_ordered_by_close_date_not_file_order() {
    let p = small();
    let ids: Vec<&str> = p.data.waves.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, ["w1", "w2"]);
}

#[test]
fn bad_records_are_excluded_and_listed() {
    let (data, report) = load(SMALL).unwrap();
    assert_eq!(data.responses.len(), 6);
    assert_eq!(report.excluded_records, 3);
    let codes: Vec<(&str, &str)> = report
        .excluded()
        .map(|p| (p.pointer.as_str(), p.code.id()))
        .collect();
    assert_eq!(
        codes,
        [
            ("/responses/4/account", "unknown_account"),
            ("/responses/5/respondent", "duplicate_respondent"),
            ("/responses/6/ratings/trust", "out_of_range"),
        ]
    );
}

#[test]
fn respondent_scores_follow_the_coverage_rules() {
    let p = small();
    let crq = |i: usize| p.respondents[i].get(Metric::Crq.index());
    let lvl = |i: usize, l: Level| p.respondents[i].get(Metric::Level(l).index());
    // r1: service (6+5+7)/3 = 6; solution (4+5+6)/3 = 5; uniqueness (5+5)/2 = 5;
    // relationship (6+5+7)/3 = 6; CRQ 17/3.
    close(crq(0).unwrap(), 17.0 / 3.0);
    close(p.respondents[0].get(Metric::Solution.index()).unwrap(), 5.0);
    // r2: customer care null → service (4+4)/2 = 4 (2 of 3 present);
    // trust = mean(4, reversed Q1 8−3 = 5) = 4.5; relationship (4.5+4)/2 = 4.25;
    // uniqueness (3+4)/2 = 3.5; CRQ 11.75/3.
    close(
        p.respondents[1].get(Dimension::Trust as usize).unwrap(),
        4.5,
    );
    close(lvl(1, Level::Service).unwrap(), 4.0);
    close(lvl(1, Level::Relationship).unwrap(), 4.25);
    close(crq(1).unwrap(), 47.0 / 12.0);
    // r3 rates one part of two levels: no level defined, no CRQ.
    assert_eq!(lvl(2, Level::Service), None);
    assert_eq!(crq(2), None);
    // r4: service 2.5, relationship 7/3, uniqueness missing → CRQ over 2 levels = 29/12.
    close(crq(3).unwrap(), 29.0 / 12.0);
}

#[test]
fn solution_rated_directly_wins_over_nothing_and_parts_average() {
    let model = Model::default();
    let m = score_respondent(&[(Target::Solution, 3.0)], &model);
    assert_eq!(m.get(Metric::Solution.index()), Some(3.0));
    let m = score_respondent(
        &[
            (Target::Dimension(Dimension::Innovation), 2.0),
            (Target::Dimension(Dimension::ValueForMoney), 5.0),
        ],
        &model,
    );
    assert_eq!(m.get(Metric::Solution.index()), Some(3.5));
    assert_eq!(m.get(Metric::Level(Level::Uniqueness).index()), Some(3.5));
}

#[test]
fn level_weights_weight_the_crq() {
    let model = Model {
        level_weights: [2.0, 1.0, 1.0],
        ..Model::default()
    };
    let items: Vec<(Target, f64)> = [
        (Dimension::Reliability, 6.0),
        (Dimension::Responsiveness, 6.0),
        (Dimension::Experience, 3.0),
        (Dimension::Trust, 4.0),
        (Dimension::Commitment, 4.0),
    ]
    .map(|(d, x)| (Target::Dimension(d), x))
    .to_vec();
    // (2×6 + 3 + 4) / 4 = 4.75
    close(
        score_respondent(&items, &model)
            .get(Metric::Crq.index())
            .unwrap(),
        4.75,
    );
}

#[test]
fn account_scores_and_portfolio_in_account_mode() {
    let p = small();
    let g = p.score_group(0, &Filter::all());
    assert_eq!((g.n_accounts, g.n_responses), (2, 4));
    let a = &g.accounts[0];
    // A: CRQ = (17/3 + 47/12)/2 = 115/24; SE = 1.75/2 = 0.875; t(0.975,1) = 12.7062047.
    close(a.metric(Metric::Crq).mean.unwrap(), 115.0 / 24.0);
    close(
        a.metric(Metric::Crq).ci_low.unwrap(),
        115.0 / 24.0 - 11.11792914415286,
    );
    close(a.response_rate.unwrap(), 0.5);
    close(a.advocacy.unwrap(), 7.5);
    assert_eq!(a.band, Some(Band::Adequate));
    assert_eq!(a.kind(), Some(RelationshipType::Rational));
    let b = &g.accounts[1];
    // B: only r4 has a CRQ (29/12) → n = 1, no interval; relationship 7/3 < 3.5 → opponent.
    close(b.metric(Metric::Crq).mean.unwrap(), 29.0 / 12.0);
    assert_eq!(b.metric(Metric::Crq).n, 1);
    assert_eq!(b.metric(Metric::Crq).ci_low, None);
    assert_eq!(b.band, Some(Band::AtRisk));
    assert_eq!(b.kind(), Some(RelationshipType::Opponent));
    // Portfolio: (115/24 + 58/24)/2 = 173/48; NPS answers 9, 6, 10, 3 → 2 P, 2 D → 0.
    close(g.metric(Metric::Crq).mean.unwrap(), 173.0 / 48.0);
    assert_eq!(g.metric(Metric::Crq).n, 2);
    close(g.nps.score.unwrap(), 0.0);
    // Response rate (2 + 2) / (4 + 2).
    close(g.response_rate.unwrap(), 4.0 / 6.0);
}

#[test]
fn respondent_and_revenue_aggregation() {
    let p = small();
    // Respondent mode: (17/3 + 47/12 + 29/12)/3 = 4.
    let g = p.score_group_with(0, &Filter::all(), Aggregation::Respondent);
    close(g.metric(Metric::Crq).mean.unwrap(), 4.0);
    assert_eq!(g.metric(Metric::Crq).n, 3);
    // Revenue mode: (115/24 × 100 + 29/12 × 300) / 400 = 28900/9600.
    let g = p.score_group_with(0, &Filter::all(), Aggregation::Revenue);
    close(g.metric(Metric::Crq).mean.unwrap(), 28900.0 / 9600.0);
}

#[test]
fn role_weights_weight_respondents_inside_an_account() {
    let p = with_model(|v| {
        v["model"] = serde_json::json!({ "role_weights": { "decision_maker": 2 } });
    });
    // A: (2 × 17/3 + 1 × 47/12) / 3 = 183/36.
    let a = p.score_account_in(0, 0, None).unwrap();
    close(a.metric(Metric::Crq).mean.unwrap(), 183.0 / 36.0);
}

#[test]
fn filters_select_segments_and_roles() {
    let p = small();
    let seg = Filter {
        segment: Some("Y".into()),
        ..Filter::all()
    };
    let g = p.score_group(0, &seg);
    assert_eq!((g.n_accounts, g.n_responses), (1, 2));
    close(g.metric(Metric::Crq).mean.unwrap(), 29.0 / 12.0);
    close(g.response_rate.unwrap(), 1.0);
    let dm = Filter {
        role: Some(Role::DecisionMaker),
        ..Filter::all()
    };
    let g = p.score_group(0, &dm);
    assert_eq!(g.n_responses, 1);
    close(g.metric(Metric::Crq).mean.unwrap(), 17.0 / 3.0);
}

#[test]
fn change_between_waves_without_enough_units_has_no_test() {
    let p = small();
    let g1 = p.score_group(0, &Filter::all());
    let g2 = p.score_group(1, &Filter::all());
    // w2: A only, CRQ (62/9 + 5)/2 = 107/18; response rate 2/4 (B's invitation unknown).
    close(g2.metric(Metric::Crq).mean.unwrap(), 107.0 / 18.0);
    close(g2.response_rate.unwrap(), 0.5);
    let c = Portfolio::change(&g1, &g2);
    close(
        c.metric(Metric::Crq).delta.unwrap(),
        107.0 / 18.0 - 173.0 / 48.0,
    );
    assert_eq!(c.metric(Metric::Crq).p, None);
    assert!(!c.metric(Metric::Crq).significant);
}

fn metrics(values: &[(Metric, f64)]) -> [Estimate; 15] {
    let mut m = [Estimate::EMPTY; 15];
    for &(k, v) in values {
        m[k.index()] = Estimate {
            mean: Some(v),
            n: 5,
            ..Estimate::EMPTY
        };
    }
    m
}

#[test]
fn relationship_types_follow_the_rules_in_order() {
    let model = Model::default();
    let rel = Metric::Level(Level::Relationship);
    let uniq = Metric::Level(Level::Uniqueness);
    let svc = Metric::Level(Level::Service);
    let vfm = Metric::Dimension(Dimension::ValueForMoney);
    let com = Metric::Dimension(Dimension::Commitment);
    let sol = Metric::Solution;
    let kind =
        |m: &[(Metric, f64)], adv: Option<f64>| relationship_type(&metrics(m), adv, &model).kind;
    use RelationshipType::*;
    assert_eq!(kind(&[(rel, 3.4)], None), Opponent);
    assert_eq!(kind(&[(rel, 3.9)], Some(4.9)), Opponent);
    // Missing advocacy: the second opponent clause cannot match.
    assert_eq!(kind(&[(rel, 3.9)], None), Rational);
    assert_eq!(kind(&[(rel, 5.0), (vfm, 3.9), (com, 4.4)], None), Stalker);
    assert_eq!(kind(&[(rel, 5.0), (vfm, 3.9), (com, 4.5)], None), Rational);
    assert_eq!(
        kind(&[(rel, 5.0), (sol, 4.0), (svc, 5.5)], None),
        Ambivalent
    );
    assert_eq!(
        kind(
            &[(rel, 5.5), (uniq, 5.0), (sol, 5.0), (svc, 5.5)],
            Some(8.5)
        ),
        Ambassador
    );
    assert_eq!(kind(&[(rel, 5.5), (uniq, 5.0)], Some(8.4)), Rational);
    // Opponent comes before stalker.
    assert_eq!(kind(&[(rel, 3.0), (vfm, 2.0), (com, 2.0)], None), Opponent);
}

#[test]
fn verdict_carries_the_numbers_that_placed_the_account() {
    let model = Model::default();
    let m = metrics(&[
        (Metric::Level(Level::Relationship), 5.0),
        (Metric::Dimension(Dimension::ValueForMoney), 3.5),
        (Metric::Dimension(Dimension::Commitment), 4.0),
    ]);
    let v = relationship_type(&m, Some(7.0), &model);
    assert_eq!(v.kind, RelationshipType::Stalker);
    assert_eq!(v.rules.len(), 2, "opponent tried, then stalker matched");
    let stalker = &v.rules[1];
    assert!(stalker.matched);
    assert_eq!(stalker.clauses[0][0].value, Some(3.5));
    assert_eq!(stalker.clauses[0][0].threshold, 4.0);
}

#[test]
fn thresholds_map_linearly_onto_another_scale() {
    // On 1–5: t' = 1 + (t − 1) × 4/6 → excellent 5.5 ↦ 4.0, at-risk bound 4.0 ↦ 3.0;
    // the ambivalent gap 1.5 ↦ 1.0; advocacy thresholds stay on 0–10.
    let model = Model::defaults_for(Scale { min: 1.0, max: 5.0 });
    close(model.bands[0], 4.0);
    close(model.bands[3], 3.0);
    close(model.types.ambivalent_gap, 1.0);
    close(model.types.ambassador_advocacy, 8.5);
    assert_eq!(model.band(3.99), Band::Good);
}

#[test]
fn model_overrides_are_used_as_given() {
    let p = with_model(|v| {
        v["scale"] = serde_json::json!({ "min": 0, "max": 10 });
        v["model"] = serde_json::json!({ "bands": [9, 8, 7, 6], "types": { "ambivalent_gap": 2 } });
    });
    assert_eq!(p.model().bands, [9.0, 8.0, 7.0, 6.0]);
    assert_eq!(p.model().types.ambivalent_gap, 2.0);
    // Not overridden: mapped from 1–7 to 0–10: 0 + (3.5 − 1) × 10/6.
    close(p.model().types.opponent_relationship, 25.0 / 6.0);
}

#[test]
fn scores_contract_has_the_spec_shape() {
    let (data, report) = load(SMALL).unwrap();
    let p = Portfolio::new(data);
    let v = scores_json(&p, &report);
    assert_eq!(v["format"], "rapport-scores/1");
    assert_eq!(v["excluded"].as_array().unwrap().len(), 3);
    assert_eq!(v["waves"][0]["wave"], "w1");
    let crq = &v["waves"][0]["portfolio"]["crq"];
    close(crq["mean"].as_f64().unwrap(), 173.0 / 48.0);
    assert_eq!(crq["n"], 2);
    assert_eq!(v["waves"][0]["accounts"][1]["type"], "opponent");
    assert_eq!(v["waves"][0]["accounts"][1]["band"], "at_risk");
    assert_eq!(v["waves"][0]["portfolio"]["nps"]["promoters"], 2);
    let dims: Vec<&String> = v["waves"][0]["portfolio"]["dimensions"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(dims.len(), 11);
    assert_eq!(v["changes"][0]["from"], "w1");
    assert_eq!(v["changes"][0]["crq"]["p"], serde_json::Value::Null);
}

#[test]
fn key_drivers_need_ten_respondents() {
    let p = small();
    let drivers = p.key_drivers(0, &Filter::all());
    assert_eq!(drivers.len(), 10);
    assert!(drivers.iter().all(|d| d.importance.is_none()));
}

#[test]
fn distribution_counts_respondents_by_scale_point() {
    let p = small();
    // Trust in w1: r1 6, r2 4.5 (rounds to 5), r4 2.
    let values = p.respondent_values(0, &Filter::all(), Metric::Dimension(Dimension::Trust));
    let h = rapport::engine::score::histogram(&values, p.data.scale);
    assert_eq!(
        h,
        vec![(1, 0), (2, 1), (3, 0), (4, 0), (5, 1), (6, 1), (7, 0)]
    );
}

#[test]
fn score_waves_gives_one_group_per_wave_in_order() {
    let p = small();
    let waves = p.score_waves(&Filter::all(), Aggregation::Account);
    assert_eq!(waves.iter().map(|g| g.wave).collect::<Vec<_>>(), [0, 1]);
    close(waves[1].metric(Metric::Crq).mean.unwrap(), 107.0 / 18.0);
}

#[test]
fn huge_or_tiny_equal_weights_give_exactly_the_result_of_weights_one() {
    let plain = small();
    let huge = with_model(|v| {
        v["model"] = serde_json::json!({
            "level_weights": { "service": 1e308, "uniqueness": 1e308, "relationship": 1e308 },
            "role_weights": { "decision_maker": 1e200, "influencer": 1e200, "operational": 1e200, "other": 1e200 }
        })
    });
    let tiny = with_model(|v| {
        v["model"] = serde_json::json!({
            "role_weights": { "decision_maker": 1e-200, "influencer": 1e-200, "operational": 1e-200, "other": 1e-200 }
        })
    });
    for wave in 0..2 {
        for agg in Aggregation::ALL {
            let expected = plain.score_group_with(wave, &Filter::all(), agg).metrics;
            assert_eq!(
                huge.score_group_with(wave, &Filter::all(), agg).metrics,
                expected
            );
            assert_eq!(
                tiny.score_group_with(wave, &Filter::all(), agg).metrics,
                expected
            );
        }
    }
}

#[test]
fn revenues_near_the_largest_double_weigh_without_overflow() {
    // Every account with a revenue of 1e308: revenue weighting is then the plain account mean.
    let p = with_model(|v| {
        for a in v["accounts"].as_array_mut().unwrap() {
            a["revenue"] = serde_json::json!(1e308);
        }
    });
    for wave in 0..2 {
        let by_revenue = p.score_group_with(wave, &Filter::all(), Aggregation::Revenue);
        let by_account = p.score_group_with(wave, &Filter::all(), Aggregation::Account);
        assert_eq!(by_revenue.metrics, by_account.metrics);
        assert!(by_revenue
            .metric(Metric::Crq)
            .mean
            .is_some_and(f64::is_finite));
    }
}

#[test]
fn the_newest_wave_with_responses_is_the_one_opened() {
    // small.json: w1, w2 with responses; a w3 added with none.
    let mut doc: serde_json::Value =
        serde_json::from_slice(include_bytes!("fixtures/small.json")).unwrap();
    let p = Portfolio::new(load(doc.to_string().as_bytes()).unwrap().0);
    assert_eq!(p.latest_wave_with_responses(), p.latest_wave());
    doc["waves"].as_array_mut().unwrap().push(serde_json::json!(
        {"id": "w3", "label": "Third", "closed": "2025-03-31"}
    ));
    let p = Portfolio::new(load(doc.to_string().as_bytes()).unwrap().0);
    assert_eq!(p.data.waves[p.latest_wave()].id, "w3");
    assert_eq!(p.data.waves[p.latest_wave_with_responses()].id, "w2");
}
