//! Ordinary least squares with an intercept: coefficients with standard errors, t, p and 95%
//! intervals, R² and adjusted R², and each predictor's variance inflation factor (README,
//! "Figures beyond the SPEC"). Key drivers that predict (issue 15) regress the NPS answer, or
//! commitment, on the dimension scores.
//!
//! Written here rather than with a linear-algebra crate: the one matrix to invert has at
//! most eleven rows (the predictors), which a few lines of Gauss–Jordan elimination with
//! partial pivoting do exactly enough; a crate for it would outweigh the rest of the engine.

use serde::Serialize;

use crate::stats::{t_quantile_975, t_two_sided_p};

/// One coefficient of a fitted model.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Coefficient {
    pub estimate: f64,
    pub se: f64,
    pub t: f64,
    pub p: Option<f64>,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// A least-squares fit of y on the predictors, with an intercept.
#[derive(Clone, Debug, PartialEq)]
pub struct Regression {
    /// The intercept first, then one per predictor, in the order given.
    pub coefficients: Vec<Coefficient>,
    pub r2: f64,
    pub adj_r2: f64,
    /// Observations used.
    pub n: usize,
    /// Residual degrees of freedom, n − k − 1.
    pub df: usize,
    /// Residual standard error.
    pub sigma: f64,
    /// Each predictor's variance inflation factor 1 / (1 − R²ⱼ).
    pub vif: Vec<f64>,
}

/// Fits y on `rows` (each observation's predictors, all of one length k). None when there
/// are no more observations than coefficients, y does not vary, the fit is exact, or a
/// predictor is constant or an exact combination of the others.
pub fn ols(y: &[f64], rows: &[Vec<f64>]) -> Option<Regression> {
    let n = y.len();
    let k = rows.first().map_or(0, Vec::len);
    if n != rows.len() || n <= k + 1 || rows.iter().any(|r| r.len() != k) {
        return None;
    }
    let nf = n as f64;
    let y_mean = y.iter().sum::<f64>() / nf;
    let x_mean: Vec<f64> = (0..k)
        .map(|j| rows.iter().map(|r| r[j]).sum::<f64>() / nf)
        .collect();
    // Centred cross products: S = Σ (x − x̄)(x − x̄)ᵀ and s = Σ (x − x̄)(y − ȳ).
    let mut s = vec![vec![0.0; k]; k];
    let mut sy = vec![0.0; k];
    for (r, &yi) in rows.iter().zip(y) {
        for a in 0..k {
            let da = r[a] - x_mean[a];
            sy[a] += da * (yi - y_mean);
            for b in 0..k {
                s[a][b] += da * (r[b] - x_mean[b]);
            }
        }
    }
    let inv = invert(&s)?;
    let beta: Vec<f64> = (0..k)
        .map(|a| (0..k).map(|b| inv[a][b] * sy[b]).sum())
        .collect();
    let intercept = y_mean - (0..k).map(|j| beta[j] * x_mean[j]).sum::<f64>();
    let (mut rss, mut tss) = (0.0, 0.0);
    for (r, &yi) in rows.iter().zip(y) {
        let fit = intercept + (0..k).map(|j| beta[j] * r[j]).sum::<f64>();
        rss += (yi - fit).powi(2);
        tss += (yi - y_mean).powi(2);
    }
    // No variation, or an essentially perfect fit (no residual error to test against: R's
    // lm warns of it).
    if tss <= 0.0 || rss <= tss * 1e-15 {
        return None;
    }
    let df = n - k - 1;
    let sigma2 = rss / df as f64;
    let q = t_quantile_975(df as f64);
    let coefficient = |estimate: f64, variance: f64| {
        let se = (sigma2 * variance).sqrt();
        let t = estimate / se;
        Coefficient {
            estimate,
            se,
            t,
            p: t_two_sided_p(t, df as f64),
            ci_low: estimate - q * se,
            ci_high: estimate + q * se,
        }
    };
    // Var(intercept) = σ² (1/n + x̄ᵀ S⁻¹ x̄); Var(βⱼ) = σ² (S⁻¹)ⱼⱼ.
    let quad: f64 = (0..k)
        .map(|a| {
            (0..k)
                .map(|b| x_mean[a] * inv[a][b] * x_mean[b])
                .sum::<f64>()
        })
        .sum();
    let mut coefficients = vec![coefficient(intercept, 1.0 / nf + quad)];
    coefficients.extend((0..k).map(|j| coefficient(beta[j], inv[j][j])));
    let r2 = 1.0 - rss / tss;
    Some(Regression {
        coefficients,
        r2,
        adj_r2: 1.0 - (1.0 - r2) * (nf - 1.0) / df as f64,
        n,
        df,
        sigma: sigma2.sqrt(),
        // The diagonal of the inverse correlation matrix: Sⱼⱼ (S⁻¹)ⱼⱼ.
        vif: (0..k).map(|j| s[j][j] * inv[j][j]).collect(),
    })
}

/// The inverse of a symmetric matrix by Gauss–Jordan elimination with partial pivoting;
/// None when it is singular (a pivot vanishes relative to the matrix's scale).
fn invert(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let k = m.len();
    let scale = m.iter().flatten().fold(0.0_f64, |a, &b| a.max(b.abs()));
    let mut a: Vec<Vec<f64>> = m.to_vec();
    let mut inv: Vec<Vec<f64>> = (0..k)
        .map(|i| (0..k).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    for col in 0..k {
        let pivot = (col..k).max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))?;
        if a[pivot][col].abs() <= scale * 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        inv.swap(col, pivot);
        let d = a[col][col];
        for j in 0..k {
            a[col][j] /= d;
            inv[col][j] /= d;
        }
        for row in 0..k {
            if row != col {
                let f = a[row][col];
                if f != 0.0 {
                    for j in 0..k {
                        a[row][j] -= f * a[col][j];
                        inv[row][j] -= f * inv[col][j];
                    }
                }
            }
        }
    }
    Some(inv)
}
