//! Least squares checked against R's `lm` on a published data set: mtcars (Henderson and
//! Velleman, 1981; R's `datasets`), `lm(mpg ~ wt + hp, data = mtcars)`, whose summary is
//! printed in countless R tutorials:
//!
//! ```text
//!             Estimate Std. Error t value Pr(>|t|)
//! (Intercept) 37.22727    1.59879  23.285  < 2e-16
//! wt          -3.87783    0.63273  -6.129 1.12e-06
//! hp          -0.03177    0.00903  -3.519  0.00145
//! Residual standard error: 2.593 on 29 degrees of freedom
//! Multiple R-squared:  0.8268,  Adjusted R-squared:  0.8148
//! ```
//! and `car::vif` gives 1.766625 for both (1 / (1 − r²), r = cor(wt, hp) = 0.6587479).

use rapport::engine::regression::ols;

/// mtcars: (mpg, wt, hp) of the 32 cars, in R's order.
const MTCARS: [(f64, f64, f64); 32] = [
    (21.0, 2.62, 110.0),
    (21.0, 2.875, 110.0),
    (22.8, 2.32, 93.0),
    (21.4, 3.215, 110.0),
    (18.7, 3.44, 175.0),
    (18.1, 3.46, 105.0),
    (14.3, 3.57, 245.0),
    (24.4, 3.19, 62.0),
    (22.8, 3.15, 95.0),
    (19.2, 3.44, 123.0),
    (17.8, 3.44, 123.0),
    (16.4, 4.07, 180.0),
    (17.3, 3.73, 180.0),
    (15.2, 3.78, 180.0),
    (10.4, 5.25, 205.0),
    (10.4, 5.424, 215.0),
    (14.7, 5.345, 230.0),
    (32.4, 2.2, 66.0),
    (30.4, 1.615, 52.0),
    (33.9, 1.835, 65.0),
    (21.5, 2.465, 97.0),
    (15.5, 3.52, 150.0),
    (15.2, 3.435, 150.0),
    (13.3, 3.84, 245.0),
    (19.2, 3.845, 175.0),
    (27.3, 1.935, 66.0),
    (26.0, 2.14, 91.0),
    (30.4, 1.513, 113.0),
    (15.8, 3.17, 264.0),
    (19.7, 2.77, 175.0),
    (15.0, 3.57, 335.0),
    (21.4, 2.78, 109.0),
];

fn near(got: f64, want: f64, decimals: i32) -> bool {
    (got - want).abs() <= 0.5 * 10f64.powi(-decimals)
}

#[test]
fn least_squares_equals_r_lm_on_mtcars() {
    let y: Vec<f64> = MTCARS.iter().map(|c| c.0).collect();
    let x: Vec<Vec<f64>> = MTCARS.iter().map(|c| vec![c.1, c.2]).collect();
    let fit = ols(&y, &x).expect("a fit");
    assert_eq!((fit.n, fit.df), (32, 29));
    let want = [
        (37.22727, 1.59879, 23.285),
        (-3.87783, 0.63273, -6.129),
        (-0.03177, 0.00903, -3.519),
    ];
    for (c, (est, se, t)) in fit.coefficients.iter().zip(want) {
        // R prints 5 decimals (4 significant for hp), t to 3.
        assert!(near(c.estimate, est, 5), "{c:?}");
        assert!(near(c.se, se, 5), "{c:?}");
        assert!(near(c.t, t, 3), "{c:?}");
    }
    let p: Vec<f64> = fit.coefficients.iter().map(|c| c.p.unwrap()).collect();
    assert!(p[0] < 2e-16);
    assert!((p[1] - 1.12e-06).abs() < 0.005e-06, "{}", p[1]);
    assert!((p[2] - 0.00145).abs() < 0.000005, "{}", p[2]);
    assert!(near(fit.sigma, 2.593, 3));
    assert!(near(fit.r2, 0.8268, 4));
    assert!(near(fit.adj_r2, 0.8148, 4));
    for v in &fit.vif {
        assert!(near(*v, 1.766625, 6), "{v}");
    }
    // The interval is the estimate ∓ t(0.975, 29) SE, t(0.975, 29) = 2.045230.
    let wt = fit.coefficients[1];
    assert!(near((wt.ci_high - wt.ci_low) / (2.0 * wt.se), 2.045230, 6));
}

#[test]
fn no_fit_without_enough_observations_or_with_a_constant_or_collinear_predictor() {
    let y = [1.0, 2.0, 3.0, 5.0];
    assert!(ols(&y[..3], &[vec![1.0, 2.0], vec![2.0, 1.0], vec![3.0, 5.0]]).is_none());
    let constant: Vec<Vec<f64>> = (0..4).map(|i| vec![f64::from(i), 7.0]).collect();
    assert!(ols(&y, &constant).is_none());
    let twice: Vec<Vec<f64>> = (0..4)
        .map(|i| vec![f64::from(i), 2.0 * f64::from(i)])
        .collect();
    assert!(ols(&y, &twice).is_none());
    assert!(ols(
        &[3.0; 4],
        &(0..4).map(|i| vec![f64::from(i)]).collect::<Vec<_>>()
    )
    .is_none());
}

/// One respondent of `drivers_file`: the ten ratings and the NPS answer.
type Respondent = ([f64; 10], Option<f64>);

/// A data file of `n` respondents in one wave rating all ten dimensions directly (so a
/// dimension's score is its rating), with an NPS answer; respondent 0 skips trust and
/// respondent 1 gives no NPS answer. Returns the file and each respondent's (ratings, nps).
fn drivers_file(n: usize) -> (String, Vec<Respondent>) {
    use rapport::engine::Dimension;
    let mut seed: u64 = 7;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % 7 + 1
    };
    let (mut rows, mut responses) = (Vec::new(), Vec::new());
    for r in 0..n {
        let ratings: [f64; 10] = std::array::from_fn(|_| next() as f64);
        let nps = ((ratings[7] + ratings[8]) * 0.7 - 0.5 + (next() as f64) * 0.3)
            .clamp(0.0, 10.0)
            .round();
        let mut items: Vec<String> = Dimension::ALL
            .iter()
            .zip(ratings)
            .filter(|(d, _)| !(r == 0 && **d == Dimension::Trust))
            .map(|(d, v)| format!("\"{}\": {v}", d.id()))
            .collect();
        items.sort();
        let answer = (r != 1).then_some(nps);
        responses.push(format!(
            r#"{{"wave": "w", "account": "A", "respondent": "R{r}", "ratings": {{{}}}, "nps": {}}}"#,
            items.join(", "),
            answer.map_or("null".to_string(), |v| v.to_string())
        ));
        rows.push((ratings, answer));
    }
    let file = format!(
        r#"{{"format": "rapport/1", "waves": [{{"id": "w", "label": "W", "closed": "2025-01-31"}}],
            "accounts": [{{"id": "A", "name": "A"}}], "responses": [{}]}}"#,
        responses.join(",\n")
    );
    (file, rows)
}

#[test]
fn driver_regression_fits_the_complete_respondents_in_dimension_order() {
    use rapport::engine::summary::{driver_regression, Outcome};
    use rapport::engine::{load, Dimension, Filter, Portfolio};
    let (file, rows) = drivers_file(40);
    let (data, _) = load(file.as_bytes()).expect("accepted");
    let p = Portfolio::new(data);
    // NPS on all ten, without respondent 0 (no trust) and 1 (no answer): 38 rows.
    let (y, x): (Vec<f64>, Vec<Vec<f64>>) = rows
        .iter()
        .enumerate()
        .filter(|(r, row)| *r != 0 && row.1.is_some())
        .map(|(_, (ratings, nps))| (nps.unwrap(), ratings.to_vec()))
        .unzip();
    let nps = driver_regression(&p, 0, &Filter::all(), Outcome::Nps).expect("a fit");
    assert_eq!(nps.predictors, Dimension::ALL.to_vec());
    assert_eq!(nps.fit.n, 38);
    assert_eq!(Some(nps.fit), ols(&y, &x));
    // Commitment on the other nine, respondent 1 included (no NPS answer needed): 39 rows.
    let c = Dimension::Commitment as usize;
    let (y, x): (Vec<f64>, Vec<Vec<f64>>) = rows
        .iter()
        .skip(1)
        .map(|(ratings, _)| {
            let others = ratings
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != c)
                .map(|(_, v)| *v);
            (ratings[c], others.collect())
        })
        .unzip();
    let commitment = driver_regression(&p, 0, &Filter::all(), Outcome::Commitment).expect("a fit");
    assert_eq!(commitment.fit.n, 39);
    assert_eq!(Some(commitment.fit), ols(&y, &x));
    // Too few respondents for ten predictors and ten residual degrees of freedom: none.
    let (small, _) = drivers_file(20);
    let p = Portfolio::new(load(small.as_bytes()).unwrap().0);
    assert!(driver_regression(&p, 0, &Filter::all(), Outcome::Nps).is_none());
}
