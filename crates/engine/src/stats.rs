//! Statistics of SPEC §2.4: weighted means with t intervals, NPS with the adjusted-Wald
//! interval, Welch and z tests for wave-over-wave change, Pearson with a Fisher-z interval.

use serde::Serialize;

/// 97.5th percentile of the standard normal, as SPEC §2.4 states it.
pub const Z_975: f64 = 1.959964;

/// Significance level of wave-over-wave tests.
pub const ALPHA: f64 = 0.05;

/// A mean with its 95% interval. `n` counts the units that entered it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Estimate {
    pub mean: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub n: usize,
    /// Standard error (None when n < 2).
    #[serde(skip)]
    pub se: Option<f64>,
    /// Effective sample size (Σω)²/Σω².
    #[serde(skip)]
    pub n_eff: f64,
}

impl Estimate {
    pub const EMPTY: Estimate = Estimate {
        mean: None,
        ci_low: None,
        ci_high: None,
        n: 0,
        se: None,
        n_eff: 0.0,
    };

    /// Fewer than five units: shown as indicative (SPEC §2.4).
    pub fn is_small(&self) -> bool {
        self.n < 5
    }
}

/// Two-sided 97.5% quantile of Student's t with `df` degrees of freedom.
///
/// The inverse CDF is iterative and costly; a portfolio asks for the same few degrees of
/// freedom thousands of times (one per account and metric), so answers are remembered.
pub fn t_quantile_975(df: f64) -> f64 {
    thread_local! {
        static CACHE: std::cell::RefCell<crate::hash::FxMap<u64, f64>> =
            std::cell::RefCell::new(crate::hash::FxMap::default());
    }
    CACHE.with(|cache| {
        if let Some(&q) = cache.borrow().get(&df.to_bits()) {
            return q;
        }
        let q = t_upper_025(df);
        let mut cache = cache.borrow_mut();
        if cache.len() >= 8192 {
            cache.clear();
        }
        cache.insert(df.to_bits(), q);
        q
    })
}

/// Two-sided p-value of a t statistic.
pub fn t_two_sided_p(t: f64, df: f64) -> Option<f64> {
    (df > 0.0 && t.is_finite()).then(|| (2.0 * t_sf(t.abs(), df)).min(1.0))
}

/// Two-sided p-value of a z statistic.
pub fn z_two_sided_p(z: f64) -> f64 {
    (2.0 * normal_sf(z.abs())).min(1.0)
}

/// Weighted mean of (value, weight) pairs with the SPEC §2.4 standard error and t interval.
/// Pairs with a non-positive weight do not enter (and are not counted in `n`).
///
/// Only the ratios of the weights matter, so they are divided by the largest first: sums of
/// revenues near `f64::MAX` cannot overflow, squares of weights of 1e200 or 1e-200 cannot
/// overflow or vanish, and equal weights of any size give exactly the result of weights 1.
pub fn weighted_mean(pairs: impl IntoIterator<Item = (f64, f64)>) -> Estimate {
    let mut pairs: Vec<(f64, f64)> = pairs
        .into_iter()
        .filter(|&(x, w)| w > 0.0 && x.is_finite() && w.is_finite())
        .collect();
    let n = pairs.len();
    if n == 0 {
        return Estimate::EMPTY;
    }
    let largest = pairs.iter().fold(0.0_f64, |m, &(_, w)| m.max(w));
    if largest != 1.0 {
        for (_, w) in &mut pairs {
            *w /= largest;
        }
    }
    let sw: f64 = pairs.iter().map(|&(_, w)| w).sum();
    let sw2: f64 = pairs.iter().map(|&(_, w)| w * w).sum();
    // Two passes with a correction term keep means of large, close values exact
    // (NIST StRD NumAcc4).
    let rough = pairs.iter().map(|&(x, w)| w * x).sum::<f64>() / sw;
    let correction = pairs.iter().map(|&(x, w)| w * (x - rough)).sum::<f64>() / sw;
    let mean = rough + correction;
    let n_eff = sw * sw / sw2;
    if n < 2 {
        return Estimate {
            mean: Some(mean),
            n,
            n_eff,
            ..Estimate::EMPTY
        };
    }
    let ss: f64 = pairs
        .iter()
        .map(|&(x, w)| w * w * (x - mean) * (x - mean))
        .sum();
    let se = ss.sqrt() / sw * (n as f64 / (n as f64 - 1.0)).sqrt();
    let (ci_low, ci_high) = if n_eff > 1.0 {
        let t = t_quantile_975(n_eff - 1.0);
        (Some(mean - t * se), Some(mean + t * se))
    } else {
        (None, None)
    };
    Estimate {
        mean: Some(mean),
        ci_low,
        ci_high,
        n,
        se: Some(se),
        n_eff,
    }
}

/// Plain (equal-weight) mean.
pub fn mean(values: impl IntoIterator<Item = f64>) -> Estimate {
    weighted_mean(values.into_iter().map(|x| (x, 1.0)))
}

/// Net Promoter Score with its adjusted-Wald interval.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Nps {
    pub score: Option<f64>,
    pub n: usize,
    pub promoters: usize,
    pub passives: usize,
    pub detractors: usize,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

impl Nps {
    /// Tallies 0–10 answers.
    pub fn from_answers(answers: impl IntoIterator<Item = u8>) -> Nps {
        let (mut p, mut pa, mut d) = (0, 0, 0);
        for a in answers {
            match a {
                9..=10 => p += 1,
                7..=8 => pa += 1,
                _ => d += 1,
            }
        }
        Nps::from_counts(p, pa, d)
    }

    pub fn from_counts(promoters: usize, passives: usize, detractors: usize) -> Nps {
        let n = promoters + passives + detractors;
        if n == 0 {
            return Nps::default();
        }
        let (c, se) = adjusted_wald(promoters, detractors, n);
        let score = 100.0 * (promoters as f64 - detractors as f64) / n as f64;
        Nps {
            score: Some(score),
            n,
            promoters,
            passives,
            detractors,
            ci_low: Some((100.0 * (c - Z_975 * se)).clamp(-100.0, 100.0)),
            ci_high: Some((100.0 * (c + Z_975 * se)).clamp(-100.0, 100.0)),
        }
    }

    /// The adjusted centre c = p' − d' and its standard error SE' (SPEC §2.4).
    pub fn adjusted(&self) -> Option<(f64, f64)> {
        (self.n > 0).then(|| adjusted_wald(self.promoters, self.detractors, self.n))
    }

    pub fn is_small(&self) -> bool {
        self.n < 5
    }
}

fn adjusted_wald(promoters: usize, detractors: usize, n: usize) -> (f64, f64) {
    let n1 = n as f64 + 3.0;
    let p = (promoters as f64 + 0.75) / n1;
    let d = (detractors as f64 + 0.75) / n1;
    let c = p - d;
    let se = ((p + d - c * c) / n1).sqrt();
    (c, se)
}

/// A wave-over-wave change and whether it is significant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Change {
    pub delta: Option<f64>,
    pub p: Option<f64>,
    pub significant: bool,
}

/// Welch test between two independent estimates (from, to).
pub fn welch(from: &Estimate, to: &Estimate) -> Change {
    let delta = match (from.mean, to.mean) {
        (Some(a), Some(b)) => Some(b - a),
        _ => return Change::default(),
    };
    let no_test = Change {
        delta,
        p: None,
        significant: false,
    };
    let (Some(se1), Some(se2)) = (from.se, to.se) else {
        return no_test;
    };
    if from.n < 2 || to.n < 2 {
        return no_test;
    }
    let v1 = se1 * se1;
    let v2 = se2 * se2;
    let se = (v1 + v2).sqrt();
    if se.is_nan() || se <= 0.0 {
        return no_test;
    }
    let df1 = from.n_eff - 1.0;
    let df2 = to.n_eff - 1.0;
    if df1 <= 0.0 || df2 <= 0.0 {
        return no_test;
    }
    let df = (v1 + v2).powi(2) / (v1 * v1 / df1 + v2 * v2 / df2);
    let t = delta.unwrap_or(0.0) / se;
    match t_two_sided_p(t, df) {
        Some(p) => Change {
            delta,
            p: Some(p),
            significant: p < ALPHA,
        },
        None => no_test,
    }
}

/// Welch t statistic and degrees of freedom, for reporting.
pub fn welch_t_df(from: &Estimate, to: &Estimate) -> Option<(f64, f64)> {
    let (a, b, se1, se2) = (from.mean?, to.mean?, from.se?, to.se?);
    let (v1, v2) = (se1 * se1, se2 * se2);
    let df = (v1 + v2).powi(2) / (v1 * v1 / (from.n_eff - 1.0) + v2 * v2 / (to.n_eff - 1.0));
    Some(((b - a) / (v1 + v2).sqrt(), df))
}

/// z test between two NPS values on the adjusted-Wald scale.
pub fn nps_change(from: &Nps, to: &Nps) -> Change {
    let delta = match (from.score, to.score) {
        (Some(a), Some(b)) => Some(b - a),
        _ => return Change::default(),
    };
    let no_test = Change {
        delta,
        p: None,
        significant: false,
    };
    if from.n < 2 || to.n < 2 {
        return no_test;
    }
    let (Some((c1, se1)), Some((c2, se2))) = (from.adjusted(), to.adjusted()) else {
        return no_test;
    };
    let se = (se1 * se1 + se2 * se2).sqrt();
    if se.is_nan() || se <= 0.0 {
        return no_test;
    }
    let p = z_two_sided_p((c2 - c1) / se);
    Change {
        delta,
        p: Some(p),
        significant: p < ALPHA,
    }
}

/// A Pearson correlation with its Fisher-z 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Correlation {
    pub r: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub n: usize,
}

/// Pearson correlation of paired values; None when n < `min_n` or a side does not vary.
pub fn pearson(pairs: &[(f64, f64)], min_n: usize) -> Option<Correlation> {
    let n = pairs.len();
    if n < min_n.max(4) {
        return None;
    }
    let nf = n as f64;
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / nf;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / nf;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    let r = (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0);
    // Fisher z; r = ±1 would give an infinite z, so the interval collapses onto r.
    let z = r.clamp(-0.999_999_999, 0.999_999_999).atanh();
    let half = Z_975 / (nf - 3.0).sqrt();
    Some(Correlation {
        r,
        ci_low: (z - half).tanh(),
        ci_high: (z + half).tanh(),
        n,
    })
}

// Student's t and the normal distribution, from the regularized incomplete beta and gamma
// functions (Lentz's continued fractions, as in Numerical Recipes §6.2 and §6.4). Checked in
// tests/stats.rs against exact forms, R and statrs (the crate they replace) to 1e-12.

const TINY: f64 = 1e-300;
const EPS: f64 = 1e-16;

/// ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms: relative error about 1e-15).
fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        return ln_gamma(x + 1.0) - x.ln();
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let a = C[1..]
        .iter()
        .enumerate()
        .fold(C[0], |a, (i, c)| a + c / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// A value kept away from zero (Lentz's method divides by it).
fn nonzero(v: f64) -> f64 {
    if v.abs() < TINY {
        TINY
    } else {
        v
    }
}

/// The continued fraction of the incomplete beta function.
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / nonzero(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=1000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / nonzero(1.0 + aa * d);
        c = nonzero(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / nonzero(1.0 + aa * d);
        c = nonzero(1.0 + aa / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function I_x(a, b).
fn beta_reg(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (-x).ln_1p()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, 1.0 - x) / b
    }
}

/// P(T > t) for Student's t with `df` degrees of freedom, t ≥ 0.
fn t_sf(t: f64, df: f64) -> f64 {
    0.5 * beta_reg(df / 2.0, 0.5, df / (df + t * t))
}

/// The t with P(T > t) = 2.5%: Newton's method from the Cornish-Fisher expansion (within
/// 1e-4 from df = 3, closer as df grows), kept inside a bracket that bisection narrows
/// whenever a step would leave it.
fn t_upper_025(df: f64) -> f64 {
    const P: f64 = 0.025;
    const Z: f64 = 1.959_963_984_540_054; // the normal's 97.5% quantile
    if df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    let (z3, z5, z7) = (Z.powi(3), Z.powi(5), Z.powi(7));
    let start = Z
        + (z3 + Z) / (4.0 * df)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * Z) / (96.0 * df * df)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * Z) / (384.0 * df.powi(3));
    // The density's constant factor, once.
    let c =
        (ln_gamma((df + 1.0) / 2.0) - ln_gamma(df / 2.0) - 0.5 * (df * std::f64::consts::PI).ln())
            .exp();
    let pdf = |t: f64| c * (-(df + 1.0) / 2.0 * (t * t / df).ln_1p()).exp();
    let (mut lo, mut hi) = (0.0, f64::INFINITY);
    let mut t = if start.is_finite() && start > 0.0 {
        start
    } else {
        1.0
    };
    for _ in 0..200 {
        let f = t_sf(t, df) - P;
        if f > 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        let newton = t + f / pdf(t);
        let next = if newton > lo && newton < hi {
            newton
        } else if hi.is_finite() {
            (lo + hi) / 2.0
        } else {
            2.0 * t
        };
        if !next.is_finite() {
            return next;
        }
        if (next - t).abs() <= 1e-15 * t {
            return next;
        }
        t = next;
    }
    t
}

/// P(Z > z) for the standard normal, z ≥ 0: Q(1/2, z²/2), the regularized upper incomplete
/// gamma function (a series below 1.5, a continued fraction above).
fn normal_sf(z: f64) -> f64 {
    let x = z * z / 2.0;
    let a = 0.5;
    let front = (-x + a * x.ln() - ln_gamma(a)).exp();
    if x < 1.5 {
        let (mut sum, mut term, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..1000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * EPS {
                break;
            }
        }
        0.5 * (1.0 - sum * front)
    } else {
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..=1000 {
            let i = f64::from(i);
            let an = -i * (i - a);
            b += 2.0;
            d = 1.0 / nonzero(an * d + b);
            c = nonzero(b + an / c);
            let step = d * c;
            h *= step;
            if (step - 1.0).abs() < EPS {
                break;
            }
        }
        0.5 * front * h
    }
}

#[doc(hidden)]
/// For tests: the distribution functions above.
pub mod dist {
    pub fn t_sf(t: f64, df: f64) -> f64 {
        super::t_sf(t, df)
    }
    pub fn normal_sf(z: f64) -> f64 {
        super::normal_sf(z)
    }
}
