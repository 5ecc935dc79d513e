//! Portfolio summaries (type movement, largest falls and rises, revenue by band and by type,
//! coverage) on hand-made scores and a hand-made data file, with every expected figure worked
//! out by hand.

use rapport::engine::model::Dimension;
use rapport::engine::model::{Role, N_METRICS};
use rapport::engine::regression::{Coefficient, Regression};
use rapport::engine::stats::{welch, Estimate, Nps};
use rapport::engine::summary::{
    coverage, largest_falls, largest_rises, revenue_by_band, revenue_by_type, type_movement,
    types_improved, what_if, Coverage, DriverRegression, Outcome, TypeStep,
};
use rapport::engine::{
    load, Account, AccountScores, Band, Filter, GroupScores, Metric, Portfolio, RelationshipType,
    TypeVerdict,
};

/// An account's scores with a CRQ mean (se 0.2 over 10 respondents), a band and a type.
fn acc(
    account: usize,
    crq: Option<f64>,
    band: Option<Band>,
    kind: Option<RelationshipType>,
) -> AccountScores {
    let mut metrics = [Estimate::default(); N_METRICS];
    metrics[Metric::Crq.index()] = Estimate {
        mean: crq,
        ci_low: None,
        ci_high: None,
        n: 10,
        se: Some(0.2),
        n_eff: 10.0,
    };
    AccountScores {
        account,
        n_responses: 10,
        response_rate: None,
        metrics,
        nps: Nps::default(),
        advocacy: None,
        band,
        verdict: kind.map(|kind| TypeVerdict {
            kind,
            rules: Vec::new(),
        }),
    }
}

fn group(wave: usize, accounts: Vec<AccountScores>) -> GroupScores {
    GroupScores {
        wave,
        n_accounts: accounts.len(),
        n_responses: 10 * accounts.len(),
        response_rate: None,
        metrics: [Estimate::default(); N_METRICS],
        nps: Nps::default(),
        accounts,
        accounts_without_revenue: 0,
    }
}

fn account(id: &str, revenue: Option<f64>) -> Account {
    Account {
        id: id.to_string(),
        name: id.to_string(),
        segment: None,
        owner: None,
        revenue,
        invited: Vec::new(),
    }
}

/// Six accounts: a 100, b 50, c (revenue unknown), d 30, e 20, f 999.
fn six_accounts() -> Vec<Account> {
    vec![
        account("a", Some(100.0)),
        account("b", Some(50.0)),
        account("c", None),
        account("d", Some(30.0)),
        account("e", Some(20.0)),
        account("f", Some(999.0)),
    ]
}

use RelationshipType::{Ambassador, Ambivalent, Opponent, Rational, Stalker};

#[test]
fn type_mix_and_moves_count_accounts_typed_in_both_waves() {
    // Then: 0 ambassador, 1 rational, 2 stalker, 3 (untyped), 4 opponent.
    // Now:  0 ambassador, 1 stalker, 2 rational, 3 opponent, 4 (absent), 5 ambivalent.
    let prev = group(
        0,
        vec![
            acc(0, Some(6.0), None, Some(Ambassador)),
            acc(1, Some(5.0), None, Some(Rational)),
            acc(2, Some(4.0), None, Some(Stalker)),
            acc(3, Some(4.0), None, None),
            acc(4, Some(3.0), None, Some(Opponent)),
        ],
    );
    let cur = group(
        1,
        vec![
            acc(0, Some(6.0), None, Some(Ambassador)),
            acc(1, Some(4.0), None, Some(Stalker)),
            acc(2, Some(5.0), None, Some(Rational)),
            acc(3, Some(3.0), None, Some(Opponent)),
            acc(5, Some(4.5), None, Some(Ambivalent)),
        ],
    );
    let t = type_movement(&cur, Some(&prev), 6);
    // Now, one account of each type (ambassador 0, stalker 1, rational 2, opponent 3,
    // ambivalent 5).
    assert_eq!(t.counts, [1, 1, 1, 1, 1]);
    assert_eq!(t.typed, 5);
    let m = t.moves.expect("a wave before");
    // Typed in both: 0 (amb→amb), 1 (rat→stalker), 2 (stalker→rat). Account 3 was untyped
    // then, 4 is absent now, 5 absent then: none of them is a move.
    assert_eq!(m[Ambassador as usize][Ambassador as usize], 1);
    assert_eq!(m[Rational as usize][Stalker as usize], 1);
    assert_eq!(m[Stalker as usize][Rational as usize], 1);
    assert_eq!(m.iter().flatten().sum::<usize>(), 3);
    assert_eq!(t.moved, 2);
    // Better now: only account 2 (stalker → rational); account 1 went the other way.
    assert_eq!(
        types_improved(&cur, &prev, 6),
        vec![TypeStep {
            account: 2,
            from: Stalker,
            to: Rational
        }]
    );

    let first = type_movement(&cur, None, 6);
    assert_eq!(first.moves, None);
    assert_eq!(first.moved, 0);
}

#[test]
fn largest_falls_rank_by_fall_and_test_only_those() {
    // CRQ then → now: a0 5.0→4.0 (−1.0), a1 5.0→5.5 (+0.5), a2 6.0→4.0 (−2.0),
    // a3 4.0→3.0 (−1.0, equal to a0: a0 comes first), a4 5.0→4.5 (−0.5), a5 new.
    let prev = group(
        0,
        vec![
            acc(0, Some(5.0), None, None),
            acc(1, Some(5.0), None, None),
            acc(2, Some(6.0), None, None),
            acc(3, Some(4.0), None, None),
            acc(4, Some(5.0), None, None),
        ],
    );
    let cur = group(
        1,
        vec![
            acc(0, Some(4.0), None, None),
            acc(1, Some(5.5), None, None),
            acc(2, Some(4.0), None, None),
            acc(3, Some(3.0), None, None),
            acc(4, Some(4.5), None, None),
            acc(5, Some(1.0), None, None),
        ],
    );
    let falls = largest_falls(&cur, &prev, 6, 3);
    let order: Vec<(usize, f64)> = falls.iter().map(|f| (f.account, f.delta)).collect();
    assert_eq!(order, vec![(2, -2.0), (0, -1.0), (3, -1.0)]);
    // The change carried is the Welch test of that account's two waves.
    assert_eq!(
        falls[0].change,
        welch(
            prev.accounts[2].metric(Metric::Crq),
            cur.accounts[2].metric(Metric::Crq)
        )
    );
    assert!(largest_falls(&cur, &prev, 6, 0).is_empty());
    assert_eq!(largest_falls(&prev, &prev, 6, 5), vec![]);
    // Only a1 rose (+0.5); a5 is new, so it has no move.
    let rises = largest_rises(&cur, &prev, 6, 3);
    assert_eq!(rises.len(), 1);
    assert_eq!((rises[0].account, rises[0].delta), (1, 0.5));
}

#[test]
fn largest_rises_rank_by_rise_keep_ties_in_order_and_improved_types_by_step() {
    // CRQ then → now: a0 4.0→5.0 (+1.0), a1 3.0→5.5 (+2.5), a2 4.0→5.0 (+1.0, after a0),
    // a3 5.0→4.0 (−1.0). Types then → now: a0 opponent → ambassador (4 steps up), a1 stalker
    // → ambivalent (1 up), a2 ambivalent → rational (1 up, after a1), a3 rational → stalker.
    let prev = group(
        0,
        vec![
            acc(0, Some(4.0), None, Some(Opponent)),
            acc(1, Some(3.0), None, Some(Stalker)),
            acc(2, Some(4.0), None, Some(Ambivalent)),
            acc(3, Some(5.0), None, Some(Rational)),
        ],
    );
    let cur = group(
        1,
        vec![
            acc(0, Some(5.0), None, Some(Ambassador)),
            acc(1, Some(5.5), None, Some(Ambivalent)),
            acc(2, Some(5.0), None, Some(Rational)),
            acc(3, Some(4.0), None, Some(Stalker)),
        ],
    );
    let rises: Vec<(usize, f64)> = largest_rises(&cur, &prev, 4, 2)
        .iter()
        .map(|m| (m.account, m.delta))
        .collect();
    assert_eq!(rises, vec![(1, 2.5), (0, 1.0)]);
    let steps: Vec<(usize, RelationshipType, RelationshipType)> = types_improved(&cur, &prev, 4)
        .iter()
        .map(|s| (s.account, s.from, s.to))
        .collect();
    assert_eq!(
        steps,
        vec![
            (0, Opponent, Ambassador),
            (1, Stalker, Ambivalent),
            (2, Ambivalent, Rational)
        ]
    );
}

#[test]
fn revenue_at_risk_is_opponents_and_stalkers_whatever_their_band() {
    let accounts = six_accounts();
    let cur = group(
        0,
        vec![
            acc(0, Some(6.0), Some(Band::Excellent), Some(Ambassador)),
            // A stalker in an adequate band: at risk, though not in a weak band.
            acc(1, Some(4.6), Some(Band::Adequate), Some(Stalker)),
            acc(2, Some(3.0), Some(Band::AtRisk), Some(Opponent)),
            acc(3, Some(3.0), Some(Band::AtRisk), Some(Opponent)),
            acc(4, Some(5.2), Some(Band::Good), Some(Rational)),
            acc(5, None, None, None), // no type: not counted at all
        ],
    );
    let t = revenue_by_type(&cur, &accounts);
    // Ambassador 100, rational 20, ambivalent 0, stalker 50, opponent 30 (c's unknown).
    assert_eq!(t.revenue, [100.0, 20.0, 0.0, 50.0, 30.0]);
    assert_eq!(t.accounts, [1, 1, 0, 1, 1]);
    assert_eq!((t.total, t.unknown), (200.0, 1));
    // At risk: stalker 50 + opponent 30 = 80 of 200; the weak bands hold only d's 30.
    assert_eq!(t.at_risk(), 80.0);
    assert_eq!(t.at_risk_share(), Some(0.4));
    assert_eq!(revenue_by_band(&cur, &accounts).weak(), 30.0);
    assert_eq!(t.percent(Stalker as usize), 25.0);
    assert_eq!(
        revenue_by_type(&group(0, vec![]), &accounts).at_risk_share(),
        None
    );
}

/// `tests/fixtures/coverage.json`, scored.
fn coverage_fixture() -> Portfolio {
    let bytes = std::fs::read("tests/fixtures/coverage.json").unwrap();
    let (data, report) = load(&bytes).expect("accepted");
    // R9 (unknown account A9) and R7 (trust 9 on a 1–7 scale) are left out.
    assert_eq!(report.excluded_records, 2);
    Portfolio::new(data)
}

/// A coverage's figures, with account ids for indices.
fn figures(
    p: &Portfolio,
    c: &Coverage,
) -> (usize, usize, f64, f64, usize, Vec<String>, Vec<String>) {
    let ids = |v: &[usize]| v.iter().map(|&a| p.data.accounts[a].id.clone()).collect();
    (
        c.expected,
        c.heard,
        c.revenue_expected,
        c.revenue_heard,
        c.unknown_revenue,
        ids(&c.silent),
        ids(&c.no_decision_maker),
    )
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn coverage_counts_expected_heard_silent_and_no_decision_maker_by_hand() {
    let p = coverage_fixture();
    // Wave 1: all five are expected (A3 and A5 have no count for w1: listed). Heard A1, A2,
    // A4; silent A3, A5. Revenue expected 100 + 50 + 200 + 25 = 375 (A3's unknown), heard
    // 100 + 50 + 200 = 350. A2 was heard from an influencer only.
    let c = coverage(&p, 0, &Filter::all());
    assert_eq!(
        figures(&p, &c),
        (5, 3, 375.0, 350.0, 1, s(&["A3", "A5"]), s(&["A2"]))
    );
    assert_eq!(c.account_share(), Some(0.6));
    assert_eq!(c.revenue_share(), Some(350.0 / 375.0));
    // Wave 2: A2 was not invited (0) and did not answer: not expected. A5 was not invited
    // either but answered: expected. A4's only response was left out (R7): silent. Expected
    // A1, A3, A4, A5; revenue 100 + 200 + 25 = 325, heard 100 + 25 = 125.
    let c = coverage(&p, 1, &Filter::all());
    assert_eq!(
        figures(&p, &c),
        (4, 3, 325.0, 125.0, 1, s(&["A4"]), s(&["A1", "A3"]))
    );
    assert_eq!(c.revenue_share(), Some(125.0 / 325.0));
}

#[test]
fn coverage_follows_segment_owner_and_role() {
    let p = coverage_fixture();
    let seg_x = Filter {
        segment: Some("X".into()),
        ..Filter::all()
    };
    // Segment X in wave 2: A1 and A5 expected (A2 not), both heard; A1 without a decision
    // maker.
    let c = coverage(&p, 1, &seg_x);
    assert_eq!(figures(&p, &c), (2, 2, 125.0, 125.0, 0, s(&[]), s(&["A1"])));
    assert_eq!(c.revenue_share(), Some(1.0));
    // Owner Al in wave 1: A3, A4, A5; heard A4 only; revenue 200 + 25, heard 200.
    let al = Filter {
        owner: Some("Al".into()),
        ..Filter::all()
    };
    let c = coverage(&p, 0, &al);
    assert_eq!(
        figures(&p, &c),
        (3, 1, 225.0, 200.0, 1, s(&["A3", "A5"]), s(&[]))
    );
    // Decision makers in wave 1: heard A1 and A4 (300 of 375); A2 is silent for them.
    let dm = Filter {
        role: Some(Role::DecisionMaker),
        ..Filter::all()
    };
    let c = coverage(&p, 0, &dm);
    assert_eq!(
        figures(&p, &c),
        (5, 2, 375.0, 300.0, 1, s(&["A2", "A3", "A5"]), s(&[]))
    );
    // Operational staff in wave 2: heard A1 only, which had no decision maker answering.
    let op = Filter {
        role: Some(Role::Operational),
        ..Filter::all()
    };
    let c = coverage(&p, 1, &op);
    assert_eq!(
        figures(&p, &c),
        (4, 1, 325.0, 100.0, 1, s(&["A3", "A4", "A5"]), s(&["A1"]))
    );
    // One account's view: A4 in wave 2 is expected and silent.
    let c = coverage(&p, 1, &Filter::account(3));
    assert_eq!(figures(&p, &c), (1, 0, 200.0, 0.0, 0, s(&["A4"]), s(&[])));
}

#[test]
fn revenue_by_band_sums_known_revenue_and_counts_the_unknown() {
    let accounts = six_accounts();
    let cur = group(
        0,
        vec![
            acc(0, Some(6.0), Some(Band::Excellent), None),
            acc(1, Some(3.0), Some(Band::Vulnerable), None),
            acc(2, Some(2.0), Some(Band::AtRisk), None),
            acc(3, Some(2.0), Some(Band::AtRisk), None),
            acc(4, Some(4.0), Some(Band::Adequate), None),
            acc(5, None, None, None), // no band: not counted at all
        ],
    );
    let r = revenue_by_band(&cur, &accounts);
    assert_eq!(r.revenue, [100.0, 0.0, 20.0, 50.0, 30.0]);
    assert_eq!(r.accounts, [1, 0, 1, 1, 1]);
    assert_eq!(r.total, 200.0);
    assert_eq!(r.unknown, 1);
    // Weak: vulnerable 50 + at risk 30 = 80 of 200.
    assert_eq!(r.weak(), 80.0);
    assert_eq!(r.weak_share(), Some(0.4));
    assert_eq!(r.percent(Band::Excellent as usize), 50.0);

    let none = revenue_by_band(&group(0, vec![]), &accounts);
    assert_eq!(none.weak_share(), None);
    assert_eq!(none.percent(Band::Good as usize), 0.0);
}

/// Six respondents in one wave, NPS answers 5, 6, 8 (account A1, segment X) and 9, 10, 3
/// (A2, segment Y).
fn what_if_fixture() -> Portfolio {
    let answers = [
        ("A1", 5),
        ("A1", 6),
        ("A1", 8),
        ("A2", 9),
        ("A2", 10),
        ("A2", 3),
    ];
    let responses: Vec<String> = answers
        .iter()
        .enumerate()
        .map(|(i, (a, nps))| {
            format!(
                r#"{{"wave":"w1","account":"{a}","respondent":"R{i}","ratings":{{"trust":4}},"nps":{nps}}}"#
            )
        })
        .collect();
    let json = format!(
        r#"{{"format":"rapport/1","waves":[{{"id":"w1","label":"Wave 1","closed":"2024-03-31"}}],
        "accounts":[{{"id":"A1","name":"One","segment":"X"}},{{"id":"A2","name":"Two","segment":"Y"}}],
        "responses":[{}]}}"#,
        responses.join(",")
    );
    let (data, _) = load(json.as_bytes()).expect("accepted");
    Portfolio::new(data)
}

/// An NPS fit on trust alone with coefficient 0.5 (95% interval 0.2 to 0.8).
fn trust_fit() -> DriverRegression {
    let c = |estimate, ci_low, ci_high| Coefficient {
        estimate,
        se: 0.1,
        t: 5.0,
        p: Some(0.001),
        ci_low,
        ci_high,
    };
    DriverRegression {
        outcome: Outcome::Nps,
        predictors: vec![Dimension::Trust],
        fit: Regression {
            coefficients: vec![c(6.0, 5.0, 7.0), c(0.5, 0.2, 0.8)],
            r2: 0.5,
            adj_r2: 0.4,
            n: 30,
            df: 28,
            sigma: 1.0,
            vif: vec![1.0],
        },
    }
}

fn close3(a: (f64, f64, f64), b: (f64, f64, f64)) {
    for (x, y) in [(a.0, b.0), (a.1, b.1), (a.2, b.2)] {
        assert!((x - y).abs() < 1e-9, "{a:?} != {b:?}");
    }
}

#[test]
fn what_if_moves_answers_by_the_coefficient_and_recounts_promoters_by_hand() {
    let p = what_if_fixture();
    let fit = trust_fit();
    // Trust + 1: each answer + 0.5 (0.2 to 0.8). Now 2 promoters (9, 10) and 3 detractors
    // (5, 6, 3) of 6: 33.3% and NPS −16.7. A shift s < 1 makes the 8 a promoter with
    // probability s and the 6 a passive with probability s: promoters (2 + s) / 6, detractors
    // (3 − s) / 6. s = 0.5: 41.67%, NPS 0; s = 0.2: 36.67%, NPS −10; s = 0.8: 46.67%, NPS 10.
    let w = what_if(&p, &fit, 0, &Filter::all(), Dimension::Trust, 1.0).unwrap();
    assert_eq!(w.n, 6);
    close3(w.answer, (0.5, 0.2, 0.8));
    assert!((w.promoters_now - 100.0 / 3.0).abs() < 1e-9);
    assert!((w.nps_now + 100.0 / 6.0).abs() < 1e-9);
    close3(w.promoters, (250.0 / 6.0, 220.0 / 6.0, 280.0 / 6.0));
    close3(w.nps, (0.0, -10.0, 10.0));
    // Trust + 3: shift 1.5: every answer + 1 (6, 7, 9, 10, 11, 4), then + 1 with probability
    // 0.5: promoters 3 of 6 (50%), detractors the 4 and half the 6 (25%): NPS 25.
    let w = what_if(&p, &fit, 0, &Filter::all(), Dimension::Trust, 3.0).unwrap();
    assert!((w.promoters.0 - 50.0).abs() < 1e-9 && (w.nps.0 - 25.0).abs() < 1e-9);
    // Trust − 1: shift −0.5 (−0.8 to −0.2): every answer − 1 (4, 5, 7, 8, 9, 2), then + 1
    // with probability 0.5: promoters 1.5 of 6 (25%), detractors 3 (50%): NPS −25.
    let w = what_if(&p, &fit, 0, &Filter::all(), Dimension::Trust, -1.0).unwrap();
    close3(w.answer, (-0.5, -0.8, -0.2));
    assert!((w.promoters.0 - 25.0).abs() < 1e-9 && (w.nps.0 + 25.0).abs() < 1e-9);
    assert!(w.promoters.1 <= w.promoters.0 && w.promoters.0 <= w.promoters.2);
    // Segment X alone (5, 6, 8), trust + 1: promoters 0.5 of 3 (16.67%), detractors 1.5
    // (50%): NPS −33.3, from −66.7.
    let x = Filter {
        segment: Some("X".into()),
        ..Filter::all()
    };
    let w = what_if(&p, &fit, 0, &x, Dimension::Trust, 1.0).unwrap();
    assert_eq!(w.n, 3);
    assert!((w.nps_now + 200.0 / 3.0).abs() < 1e-9);
    assert!((w.promoters.0 - 50.0 / 3.0).abs() < 1e-9 && (w.nps.0 + 100.0 / 3.0).abs() < 1e-9);
    // A dimension the fit does not have, or a group without NPS answers: no what-if.
    assert!(what_if(&p, &fit, 0, &Filter::all(), Dimension::Innovation, 1.0).is_none());
    let none = Filter {
        segment: Some("Z".into()),
        ..Filter::all()
    };
    assert!(what_if(&p, &fit, 0, &none, Dimension::Trust, 1.0).is_none());
}
