//! Property tests: bounds, intervals, and order independence on generated portfolios.

use proptest::prelude::*;
use rapport::engine::generate::{generate, GenerateOptions, Rng};
use rapport::engine::{load, Aggregation, Filter, Metric, Portfolio};

fn portfolio(seed: u64, accounts: usize, shuffle: Option<u64>) -> Portfolio {
    let mut bytes = Vec::new();
    generate(
        GenerateOptions {
            accounts,
            waves: 2,
            seed,
            actions: false,
        },
        &mut bytes,
    )
    .unwrap();
    if let Some(s) = shuffle {
        let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let responses = v["responses"].as_array_mut().unwrap();
        let mut rng = Rng::new(s);
        for i in (1..responses.len()).rev() {
            responses.swap(i, rng.below(i + 1));
        }
        bytes = v.to_string().into_bytes();
    }
    let (data, _) = load(&bytes).unwrap();
    Portfolio::new(data)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn scores_stay_on_the_scale_and_intervals_contain_their_point(seed in 0u64..1_000_000, accounts in 1usize..12) {
        let p = portfolio(seed, accounts, None);
        for w in 0..p.data.waves.len() {
            let g = p.score_group(w, &Filter::all());
            let estimates = g.metrics.iter().chain(g.accounts.iter().flat_map(|a| a.metrics.iter()));
            for e in estimates {
                if let Some(m) = e.mean {
                    prop_assert!((1.0 - 1e-9..=7.0 + 1e-9).contains(&m));
                }
                if let (Some(lo), Some(hi), Some(m)) = (e.ci_low, e.ci_high, e.mean) {
                    prop_assert!(lo <= m && m <= hi);
                }
            }
            // The adjusted-Wald interval is centred on the adjusted estimate 100 c, which at
            // very small n can lie away from the plain NPS (1 promoter: NPS 100, CI −48.5..98.5).
            let nps = [g.nps].into_iter().chain(g.accounts.iter().map(|a| a.nps));
            for n in nps {
                if let (Some(s), Some(lo), Some(hi), Some((c, _))) = (n.score, n.ci_low, n.ci_high, n.adjusted()) {
                    prop_assert!((-100.0..=100.0).contains(&s));
                    prop_assert!(-100.0 <= lo && lo <= 100.0 * c && 100.0 * c <= hi && hi <= 100.0);
                    if n.n >= 30 {
                        prop_assert!(lo <= s && s <= hi);
                    }
                }
            }
        }
    }

    #[test]
    fn shuffling_responses_changes_no_score(seed in 0u64..1_000_000, shuffle in 0u64..1_000) {
        let a = portfolio(seed, 6, None);
        let b = portfolio(seed, 6, Some(shuffle));
        for w in 0..2 {
            let (ga, gb) = (a.score_group(w, &Filter::all()), b.score_group(w, &Filter::all()));
            prop_assert_eq!(ga.n_responses, gb.n_responses);
            prop_assert_eq!(ga.nps, gb.nps);
            for m in Metric::all() {
                let (x, y) = (ga.metric(m), gb.metric(m));
                match (x.mean, y.mean) {
                    (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9),
                    (x, y) => prop_assert_eq!(x, y),
                }
                prop_assert_eq!(x.n, y.n);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// A group scored a few accounts at a time (as the page does over several tasks) is the
    /// group scored at once, for any split, filter and aggregation.
    #[test]
    fn groups_scored_in_parts_are_the_same(seed in 0u64..1000, step in 1usize..7, agg in 0usize..3, by_segment in any::<bool>()) {
        let p = portfolio(seed, 9, None);
        let aggregation = [Aggregation::Account, Aggregation::Respondent, Aggregation::Revenue][agg];
        let filter = Filter {
            segment: if by_segment { p.data.segments().into_iter().next() } else { None },
            ..Filter::default()
        };
        for wave in 0..p.data.waves.len() {
            let n = p.data.accounts.len();
            let mut accounts = Vec::new();
            for start in (0..n).step_by(step) {
                accounts.extend(p.score_group_accounts(wave, &filter, start..(start + step).min(n)));
            }
            let parts = p.group_from_accounts(wave, &filter, aggregation, accounts);
            prop_assert_eq!(parts, p.score_group_with(wave, &filter, aggregation));
        }
    }
}

proptest! {
    /// The app's one sort gives what the standard stable sort gives: same order, and items
    /// with equal keys kept in their first order.
    #[test]
    fn the_one_sort_is_the_standard_stable_sort(
        keys in proptest::collection::vec(0u8..6, 0..200),
        descending in any::<bool>(),
    ) {
        let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
        let cmp = |a: &(u8, usize), b: &(u8, usize)| {
            if descending { b.0.cmp(&a.0) } else { a.0.cmp(&b.0) }
        };
        let mut expected = items.clone();
        expected.sort_by(cmp);
        let mut got = items.clone();
        rapport::engine::sort::sort_by(&mut got, cmp);
        prop_assert_eq!(got, expected);
    }
}

#[test]
fn the_one_sort_sorts_by_hand_worked_cases() {
    use rapport::engine::sort::{sort, sort_by};
    let mut v = vec!["c", "a", "b"];
    sort(&mut v);
    assert_eq!(v, ["a", "b", "c"]);
    // Stable: equal first letters keep their order.
    let mut w = vec!["bx", "a", "by", "c", "bz", "a2"];
    sort_by(&mut w, |x, y| x[..1].cmp(&y[..1]));
    assert_eq!(w, ["a", "a2", "bx", "by", "bz", "c"]);
    let mut e: Vec<u8> = Vec::new();
    sort(&mut e);
    assert!(e.is_empty());
}
