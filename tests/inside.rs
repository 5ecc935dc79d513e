//! The inside view (issue 16): the account team's predictions against its clients' answers,
//! and the obstacles survey, read from `tests/fixtures/inside.json` (every bad record located
//! and left out) and worked by hand. Client scores are account means of one rating per
//! respondent (all decision makers) with the 95% t interval: t(0.975, 4) = 2.77644510519779
//! (R: `qt(0.975, 4)`). Default bands on 1–7: Good from 5.0, Vulnerable below 4.5.

use rapport::engine::summary::{calibration, obstacles, perception_gaps, share_change, GapKind};
use rapport::engine::{load, Dimension, Filter, Portfolio, Severity, Target};

const T4: f64 = 2.77644510519779;

fn fixture() -> (Portfolio, Vec<(String, String, String)>) {
    let bytes = std::fs::read("tests/fixtures/inside.json").unwrap();
    let (data, report) = load(&bytes).expect("accepted: bad records are left out");
    let problems = report
        .problems
        .iter()
        .filter(|p| p.severity != Severity::Fatal)
        .map(|p| {
            (
                p.pointer.clone(),
                p.code.id().to_string(),
                p.message.clone(),
            )
        })
        .collect();
    (Portfolio::new(data), problems)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn bad_predictions_statements_and_answers_are_located_and_left_out() {
    let (p, problems) = fixture();
    let inside = &p.data.inside;
    assert_eq!(inside.statements.len(), 2);
    assert_eq!(inside.predictions.len(), 5);
    assert_eq!(inside.internal.len(), 22);
    let located: Vec<(&str, &str)> = problems
        .iter()
        .map(|(p, c, _)| (p.as_str(), c.as_str()))
        .collect();
    for expected in [
        ("/statements/2/id", "duplicate_id"),
        ("/predictions/3/account", "unknown_account"),
        ("/predictions/4/ratings/trust", "out_of_range"),
        ("/predictions/5/ratings/speed", "unknown_rating_key"),
        ("/predictions/6/respondent", "duplicate_respondent"),
        ("/predictions/7/wave", "unknown_wave"),
        ("/internal/22/answers/s9", "unknown_statement"),
        ("/internal/23/answers/s1", "out_of_range"),
        ("/internal/24/wave", "unknown_wave"),
        ("/internal/25/respondent", "duplicate_respondent"),
    ] {
        assert!(located.contains(&expected), "{expected:?} in {located:?}");
    }
    assert_eq!(located.len(), 10, "{located:?}");
    let duplicate = &problems
        .iter()
        .find(|x| x.0 == "/predictions/6/respondent")
        .unwrap()
        .2;
    assert!(duplicate.contains("/predictions/0"), "{duplicate}");
}

#[test]
fn gaps_their_intervals_and_blind_spots_by_hand() {
    let (p, _) = fixture();
    let gaps = perception_gaps(&p, 0, &Filter::all());
    assert_eq!(
        gaps.iter().map(|g| g.account).collect::<Vec<_>>(),
        [0, 1, 3, 4]
    );
    // A1, trust: clients 2, 3, 3, 3, 4 (mean 3, sd √0.5); the team 6 and 5 (mean 5.5,
    // strong). Gap −2.5; interval 3 ± t·√0.5/√5 moved by −5.5. The client is weak and
    // wholly below the team: a blind spot.
    let half = T4 * 0.5f64.sqrt() / 5f64.sqrt();
    let trust = gaps[0]
        .gaps
        .iter()
        .find(|g| g.target == Target::Dimension(Dimension::Trust))
        .unwrap();
    assert!(close(trust.vs.team, 5.5) && trust.vs.team_n == 2);
    assert!(close(trust.vs.gap, -2.5));
    assert!(close(trust.vs.gap_low.unwrap(), -2.5 - half));
    assert!(close(trust.vs.gap_high.unwrap(), -2.5 + half));
    assert_eq!(trust.kind, Some(GapKind::BlindSpot));
    // A1, commitment: clients 6, 6, 7, 5, 6 (mean 6, strong); the team 4 and 4 (weak):
    // the client's interval 6 ± half is wholly above 4: an undervalued strength.
    let commitment = gaps[0]
        .gaps
        .iter()
        .find(|g| g.target == Target::Dimension(Dimension::Commitment))
        .unwrap();
    assert!(close(commitment.vs.gap, 2.0));
    assert_eq!(commitment.kind, Some(GapKind::UndervaluedStrength));
    assert_eq!(gaps[0].gaps.len(), 2, "only what both predicted and rated");
    // A1's NPS answer: clients 3, 5, 6, 7, 9 (mean 6, sd √5), the team 8 and 9.
    let nps = gaps[0].nps.as_ref().unwrap();
    assert!(close(nps.team, 8.5) && close(nps.gap, -2.5));
    assert!(close(
        nps.client.ci_low.unwrap(),
        6.0 - T4 * 5f64.sqrt() / 5f64.sqrt()
    ));
    // A2, trust: clients all 4 (no spread: the interval is the point), the team 4.2: both
    // weak, a known weakness.
    assert!(close(gaps[1].gaps[0].vs.gap, -0.2));
    assert_eq!(gaps[1].gaps[0].kind, Some(GapKind::KnownWeakness));
    assert!(gaps[1].nps.is_none(), "the team gave no NPS for A2");
    // A4, trust: one respondent (3), so no interval: only a weakness both see can be read
    // (the team's 4.2 is weak too).
    assert!(gaps[2].gaps[0].vs.gap_low.is_none());
    assert_eq!(gaps[2].gaps[0].kind, Some(GapKind::KnownWeakness));
    // A5, trust: clients 3 and 5 (mean 4, weak; interval 4 ± t(0.975, 1)·1 reaches far above
    // the team's strong 6): not distinguishable, so not a blind spot.
    assert!(close(gaps[3].gaps[0].vs.gap, -2.0));
    assert!(gaps[3].gaps[0].vs.gap_high.unwrap() > 0.0);
    assert_eq!(gaps[3].gaps[0].kind, None);
    // Filters: segment Y (A3 is not predicted) has A4 and A5 only; a role nobody answered
    // in has no client score.
    let y = Filter {
        segment: Some("Y".into()),
        ..Filter::all()
    };
    assert_eq!(
        perception_gaps(&p, 0, &y)
            .iter()
            .map(|g| g.account)
            .collect::<Vec<_>>(),
        [3, 4]
    );
    let influencers = Filter {
        role: Some(rapport::engine::Role::Influencer),
        ..Filter::all()
    };
    assert!(perception_gaps(&p, 0, &influencers).is_empty());
    // Wave 2 has no prediction.
    assert!(perception_gaps(&p, 1, &Filter::all()).is_empty());
}

#[test]
fn each_owner_calibration_is_the_mean_absolute_gap() {
    let (p, _) = fixture();
    let gaps = perception_gaps(&p, 0, &Filter::all());
    let owners = calibration(&p, &gaps);
    assert_eq!(owners.len(), 3);
    // Al: A2's trust, |−0.2|. Jo: A1's trust and commitment, (2.5 + 2) / 2.
    assert_eq!(owners[0].owner, "Al");
    assert!(close(owners[0].mean_abs_gap, 0.2));
    assert_eq!(
        (owners[0].n, owners[0].accounts, owners[0].blind_spots),
        (1, 1, 0)
    );
    assert_eq!(owners[1].owner, "Jo");
    assert!(close(owners[1].mean_abs_gap, 2.25));
    assert_eq!(
        (owners[1].n, owners[1].accounts, owners[1].blind_spots),
        (2, 1, 1)
    );
    // Mo: A4's |3 − 4.2| and A5's |4 − 6|.
    assert!(close(owners[2].mean_abs_gap, (1.2 + 2.0) / 2.0));
    assert_eq!(
        (owners[2].n, owners[2].accounts, owners[2].blind_spots),
        (2, 2, 0)
    );
}

#[test]
fn obstacle_shares_and_their_change_as_r_prop_test_without_correction() {
    let (p, _) = fixture();
    // Statement s1: wave 1 answers 1, 2, 2, 3, 3, 3, 4, 4, 5, 5 (4 of 10 agree); wave 2
    // 2, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5 (9 of 12).
    let w1 = obstacles(&p, 0, None);
    assert_eq!(w1[0].counts, [1, 2, 3, 2, 2]);
    assert!(close(w1[0].agree.unwrap(), 0.4));
    assert!(w1[0].change.is_none(), "no wave before");
    assert_eq!((w1[1].n, w1[1].counts), (3, [0, 0, 0, 0, 3]));
    let w2 = obstacles(&p, 1, None);
    assert_eq!(w2[0].counts, [0, 1, 2, 4, 5]);
    assert!(close(w2[0].agree.unwrap(), 0.75));
    // R: prop.test(c(9, 4), c(12, 10), correct = FALSE):
    //   X-squared = 2.7641, df = 1, p-value = 0.0964
    //   95 percent confidence interval: -0.04015101  0.74015101
    let c = w2[0].change.unwrap();
    assert!(close(c.delta, 0.35));
    assert!((c.z.unwrap().powi(2) - 2.764102564102563).abs() < 1e-9);
    assert!((c.p.unwrap() - 0.09640073576481413).abs() < 1e-6);
    assert!((c.ci_low - -0.04015100688240447).abs() < 1e-6);
    assert!((c.ci_high - 0.7401510068824044).abs() < 1e-6);
    assert!(!c.significant);
    assert_eq!(
        (w2[1].n, w2[1].agree),
        (0, None),
        "nobody answered s2 in wave 2"
    );
    assert!(w2[1].change.is_none());
    // Sales only: wave 1 answers 1, 2, 2, 3, 3 (0 of 5); wave 2 2, 3, 3, 4, 4, 4 (3 of 6).
    // R: prop.test(c(3, 0), c(6, 5), correct = FALSE): X-squared = 3.4375, p-value = 0.06373
    let sales = obstacles(&p, 1, Some("Sales"));
    let c = sales[0].change.unwrap();
    assert_eq!(sales[0].n, 6);
    assert!((c.z.unwrap().powi(2) - 3.4375).abs() < 1e-9);
    assert!((c.p.unwrap() - 0.06373206113252311).abs() < 1e-6);
    // No spread at all (everyone agreed both times): no test, the difference only.
    let same = share_change(5, 5, 6, 6).unwrap();
    assert_eq!((same.delta, same.z, same.p), (0.0, None, None));
}
