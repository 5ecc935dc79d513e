//! Statistics checked against published reference values (NIST StRD, R) and hand-worked examples.

use rapport::engine::stats::{
    mean, nps_change, pearson, t_quantile_975, weighted_mean, welch, welch_t_df, Nps,
};

fn close(actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "expected {expected}, got {actual} (tolerance {tol})"
    );
}

#[test]
fn nist_numacc1_mean_and_sd_are_exact() {
    // NIST StRD NumAcc1: certified mean 10000002, standard deviation 1.
    let e = mean([10000001.0, 10000003.0, 10000002.0]);
    close(e.mean.unwrap(), 10000002.0, 1e-15 * 1e7);
    let sd = e.se.unwrap() * (e.n as f64).sqrt();
    close(sd, 1.0, 1e-12);
}

#[test]
fn nist_numacc4_mean_and_sd_are_stable() {
    // NIST StRD NumAcc4: 10000000.2 then 500 pairs of 10000000.1, 10000000.3.
    // Certified mean 10000000.2, standard deviation 0.1.
    let mut xs = vec![10000000.2];
    for _ in 0..500 {
        xs.push(10000000.1);
        xs.push(10000000.3);
    }
    let e = mean(xs);
    assert_eq!(e.n, 1001);
    close(e.mean.unwrap(), 10000000.2, 1e-8);
    let sd = e.se.unwrap() * (e.n as f64).sqrt();
    close(sd, 0.1, 1e-8);
}

#[test]
fn students_t_quantile_matches_tables() {
    close(t_quantile_975(10.0), 2.228138851986274, 1e-12);
    close(t_quantile_975(1.0), 12.706204736174694, 1e-10);
}

#[test]
fn equal_weights_give_the_ordinary_t_interval() {
    // 1..=10: mean 5.5, sd 3.02765, se 0.957427, t(0.975, 9) = 2.262157.
    let e = mean((1..=10).map(f64::from));
    close(e.mean.unwrap(), 5.5, 1e-12);
    close(e.se.unwrap(), 0.9574271077563381, 1e-12);
    close(
        e.ci_low.unwrap(),
        5.5 - 2.2621571627409915 * 0.9574271077563381,
        1e-9,
    );
    close(
        e.ci_high.unwrap(),
        5.5 + 2.2621571627409915 * 0.9574271077563381,
        1e-9,
    );
}

#[test]
fn weighted_mean_uses_effective_n() {
    // x = 2, 4, 6 with weights 1, 1, 2 (worked by hand):
    // mean 18/4 = 4.5; Σω²(x−x̄)² = 6.25 + 0.25 + 9 = 15.5;
    // SE = √15.5 / 4 × √(3/2) = 1.2054563; n_eff = 16/6; t(0.975, 5/3) = 5.2422651.
    let e = weighted_mean([(2.0, 1.0), (4.0, 1.0), (6.0, 2.0)]);
    close(e.mean.unwrap(), 4.5, 1e-12);
    close(e.se.unwrap(), 1.2054563451241194, 1e-12);
    close(e.n_eff, 16.0 / 6.0, 1e-12);
    close(e.ci_low.unwrap(), -1.8193217644852018, 1e-9);
    close(e.ci_high.unwrap(), 10.819321764485203, 1e-9);
}

#[test]
fn only_ratios_of_weights_matter_however_large_or_small() {
    // Equal weights of any size give exactly the result of weights 1: weights of 1e200 used
    // to overflow Σω² and null every interval, 1e-200 to vanish, revenues of 1e308 to give NaN.
    let xs = [4.0, 5.5, 6.0, 3.5, 5.0, 6.5];
    let plain = weighted_mean(xs.map(|x| (x, 1.0)));
    assert!(plain.ci_low.is_some());
    for w in [1e200, 1e-200, 1e308, f64::MAX] {
        assert_eq!(weighted_mean(xs.map(|x| (x, w))), plain, "weights {w}");
    }
    // Revenues of 1e308 and 5e307 weigh 2 : 1, so the mean is (2 × 6 + 3) / 3 = 5.
    let huge = weighted_mean([(6.0, 1e308), (3.0, 5e307)]);
    let small = weighted_mean([(6.0, 2.0), (3.0, 1.0)]);
    close(huge.mean.unwrap(), 5.0, 1e-12);
    close(huge.se.unwrap(), small.se.unwrap(), 1e-12);
    close(huge.n_eff, 1.8, 1e-12);
    close(huge.ci_low.unwrap(), small.ci_low.unwrap(), 1e-9);
}

#[test]
fn zero_weights_do_not_count_and_one_unit_has_no_interval() {
    let e = weighted_mean([(3.0, 1.0), (7.0, 0.0)]);
    assert_eq!(e.n, 1);
    assert_eq!(e.mean, Some(3.0));
    assert_eq!((e.ci_low, e.ci_high, e.se), (None, None, None));
    assert_eq!(mean(Vec::<f64>::new()).mean, None);
}

#[test]
fn welch_matches_r_t_test() {
    // R: t.test(1:10, y = c(7:20)) → t = -5.4349, df = 21.982, p-value = 1.855e-05.
    let x = mean((1..=10).map(f64::from));
    let y = mean((7..=20).map(f64::from));
    let (t, df) = welch_t_df(&x, &y).unwrap();
    close(t, 5.4349297638940595, 1e-9); // sign: change from x to y is positive
    close(df, 21.982212340188998, 1e-9);
    let c = welch(&x, &y);
    close(c.delta.unwrap(), 13.5 - 5.5, 1e-12);
    close(c.p.unwrap(), 1.8552818325118112e-05, 1e-12);
    assert!(c.significant);
}

#[test]
fn welch_without_two_units_on_a_side_gives_delta_but_no_test() {
    let a = mean([4.0]);
    let b = mean([5.0, 6.0]);
    let c = welch(&a, &b);
    assert_eq!(c.delta, Some(1.5));
    assert_eq!(c.p, None);
    assert!(!c.significant);
}

#[test]
fn nps_adjusted_wald_worked_example() {
    // 6 promoters, 2 passives, 2 detractors: NPS = 40.
    // n' = 13, p' = 6.75/13, d' = 2.75/13, c = 4/13, SE' = √((9.5/13 − c²)/13) = 0.2212016
    // CI = 100 (c ± 1.959964 SE') = [−12.5856, 74.1240].
    let nps = Nps::from_answers([10, 9, 9, 10, 9, 9, 7, 8, 3, 6]);
    assert_eq!(
        (nps.promoters, nps.passives, nps.detractors, nps.n),
        (6, 2, 2, 10)
    );
    close(nps.score.unwrap(), 40.0, 1e-12);
    close(nps.ci_low.unwrap(), -12.585580310785332, 1e-9);
    close(nps.ci_high.unwrap(), 74.12404184924688, 1e-9);
}

#[test]
fn nps_all_promoters_has_a_real_interval_clipped_at_100() {
    let nps = Nps::from_answers([10; 20]);
    close(nps.score.unwrap(), 100.0, 1e-12);
    close(nps.ci_low.unwrap(), 69.68334388919072, 1e-9);
    assert_eq!(nps.ci_high, Some(100.0));
}

#[test]
fn nps_change_uses_the_z_test_on_adjusted_proportions() {
    // From (6 P, 2 Pa, 2 D) to (2 P, 2 Pa, 6 D): z = −1.96717, p = 0.049163.
    let a = Nps::from_counts(6, 2, 2);
    let b = Nps::from_counts(2, 2, 6);
    let c = nps_change(&a, &b);
    close(c.delta.unwrap(), -80.0, 1e-12);
    close(c.p.unwrap(), 0.0491633331903521, 1e-9);
    assert!(c.significant);
}

#[test]
fn pearson_with_fisher_interval() {
    let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
    let y = [2.0, 1.0, 4.0, 3.0, 7.0, 8.0, 6.0, 9.0, 10.0, 8.0];
    let pairs: Vec<(f64, f64)> = x.into_iter().zip(y).collect();
    let c = pearson(&pairs, 10).unwrap();
    close(c.r, 0.8939939194380749, 1e-12);
    close(c.ci_low, 0.6047970302580732, 1e-9);
    close(c.ci_high, 0.9748785502205978, 1e-9);
    assert!(pearson(&pairs[..9], 10).is_none(), "n < 10 gives no driver");
}

/// Student's t and the normal distribution (stats.rs computes them itself): against exact
/// forms where there are some, and otherwise against statrs 0.19 (the crate this replaced,
/// itself tested against R), to 1e-12 relative.
#[test]
fn distributions_match_exact_forms_and_statrs() {
    use rapport::engine::stats::dist::{normal_sf, t_sf};
    let t_quantile = |p: f64, df: f64| {
        assert_eq!(p, 0.025);
        t_quantile_975(df)
    };
    let rel = |a: f64, b: f64, what: &str| {
        assert!(
            ((a - b) / b).abs() <= 1e-12,
            "{what}: expected {b:e}, got {a:e}"
        );
    };
    // Exact forms: Cauchy (df 1) and df 2.
    rel(
        t_quantile(0.025, 1.0),
        (0.475 * std::f64::consts::PI).tan(),
        "qt 1",
    );
    rel(
        t_quantile(0.025, 2.0),
        0.95 * (2.0f64 / (4.0 * 0.975 * 0.025)).sqrt(),
        "qt 2",
    );
    rel(
        t_sf(0.5, 1.0),
        0.5 - 0.5f64.atan() / std::f64::consts::PI,
        "pt 1",
    );
    rel(t_sf(1.0, 2.0), 0.5 - 1.0 / (2.0 * 3.0f64.sqrt()), "pt 2");
    // statrs 0.19: (df, 97.5% quantile).
    for (df, q) in [
        (0.5, 164.557673480488),
        (1.0, 12.70620473617469),
        (1.5, 6.016663104427924),
        (2.0, 4.302652729749467),
        (2.5, 3.5746548420036848),
        (3.0, 3.1824463052837046),
        (4.0, 2.776445105197795),
        (5.0, 2.570581835636315),
        (7.3, 2.345066736547706),
        (10.0, 2.2281388519862744),
        (21.982212340188998, 2.0739703699159944),
        (30.0, 2.042272456301077),
        (100.0, 1.9839715185230007),
        (1000.0, 1.9623390808259427),
    ] {
        rel(t_quantile(0.025, df), q, &format!("qt {df}"));
    }
    // statrs 0.19: (t, df, P(T > t)).
    for (t, df, p) in [
        (0.0, 3.0, 0.5),
        (0.5, 1.0, 0.35241638234956674),
        (1.0, 2.0, 0.2113248654051864),
        (2.0, 5.0, 0.05096973941492925),
        (3.5, 7.3, 0.004671569264242798),
        (5.4349297638940595, 21.982212340188998, 9.276409162558482e-6),
        (10.0, 4.0, 0.00028100181135799654),
        (25.0, 30.0, 6.045911190644408e-22),
        (1.2, 0.5, 0.2796289630656822),
        (0.1, 1000.0, 0.46018218451190734),
    ] {
        if p == 0.5 {
            assert_eq!(t_sf(t, df), 0.5);
        } else {
            rel(t_sf(t, df), p, &format!("pt {t} {df}"));
        }
    }
    // The standard normal's upper tail, to 16 digits (R's pnorm(z, lower.tail = FALSE);
    // statrs is off in the 11th digit here). 1.959963984540054 is qnorm(0.975).
    for (z, p) in [
        (0.3, 0.382_088_577_811_047_4),
        (1.0, 0.158_655_253_931_457_05),
        (1.959_963_984_540_054, 0.025),
        (3.0, 1.349_898_031_630_094_6e-3),
        (5.0, 2.866_515_718_791_939e-7),
        (8.0, 6.220_960_574_271_785e-16),
    ] {
        rel(normal_sf(z), p, &format!("pnorm {z}"));
    }
    assert_eq!(normal_sf(0.0), 0.5);
    // Large df: the Cornish-Fisher expansion (three terms) is exact to double precision;
    // statrs loses digits here (1.9599809), the lnΓ differences here about 1e-11.
    let (z, v) = (1.959963984540054f64, 1e5f64);
    let cf = z
        + (z.powi(3) + z) / (4.0 * v)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * v * v)
        + (3.0 * z.powi(7) + 19.0 * z.powi(5) + 17.0 * z.powi(3) - 15.0 * z) / (384.0 * v.powi(3));
    assert!(((t_quantile(0.025, v) - cf) / cf).abs() < 1e-10);
    assert!(t_quantile(0.025, 0.0).is_nan());
}
