//! Portfolio summaries (type movement, largest falls, revenue by band) on hand-made scores,
//! with every expected figure worked out by hand.

use rapport::engine::model::N_METRICS;
use rapport::engine::stats::{welch, Estimate, Nps};
use rapport::engine::summary::{largest_falls, revenue_by_band, type_movement};
use rapport::engine::{
    Account, AccountScores, Band, GroupScores, Metric, RelationshipType, TypeVerdict,
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
    let order: Vec<(usize, f64)> = falls.iter().map(|f| (f.account, f.fall)).collect();
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
}

#[test]
fn revenue_by_band_sums_known_revenue_and_counts_the_unknown() {
    let accounts = vec![
        account("a", Some(100.0)),
        account("b", Some(50.0)),
        account("c", None),
        account("d", Some(30.0)),
        account("e", Some(20.0)),
        account("f", Some(999.0)),
    ];
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
    assert_eq!(r.percent(Band::Excellent), 50.0);

    let none = revenue_by_band(&group(0, vec![]), &accounts);
    assert_eq!(none.weak_share(), None);
    assert_eq!(none.percent(Band::Good), 0.0);
}
