//! Linear scales and "nice" tick values (Heckbert's algorithm).

/// Maps a domain interval linearly onto a pixel range (which may run backwards, as y does).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearScale {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl LinearScale {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> LinearScale {
        LinearScale { domain, range }
    }

    pub fn map(&self, x: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if d1 == d0 {
            return (r0 + r1) / 2.0;
        }
        r0 + (x - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// A "nice" number close to `x`: 1, 2, 5 or 10 times a power of ten.
fn nice_number(x: f64, round: bool) -> f64 {
    // An integer power of ten: `powi` (multiplications; exact up to 10^22 and one rounding
    // below 1), not `powf`, whose general power function is 1 KB of the page's gzip budget.
    let pow = 10f64.powi(x.log10().floor() as i32);
    let f = x / pow;
    let nf = if round {
        if f < 1.5 {
            1.0
        } else if f < 3.0 {
            2.0
        } else if f < 7.0 {
            5.0
        } else {
            10.0
        }
    } else if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nf * pow
}

/// Round tick values covering [min, max] with about `target` ticks. The first and last tick
/// enclose the interval, so a chart can use them as its domain.
pub fn nice_ticks(min: f64, max: f64, target: usize) -> Vec<f64> {
    if !min.is_finite() || !max.is_finite() {
        return Vec::new();
    }
    let (min, max) = if min <= max { (min, max) } else { (max, min) };
    let (min, max) = if max - min < 1e-12 {
        (min - 0.5, max + 0.5)
    } else {
        (min, max)
    };
    let range = nice_number(max - min, false);
    let step = nice_number(range / (target.max(2) - 1) as f64, true);
    let start = (min / step).floor() * step;
    let end = (max / step).ceil() * step;
    let n = ((end - start) / step).round() as usize;
    // Round to the step's decimals so ticks print cleanly (0.6, not 0.6000000000000001).
    let decimals = (-step.log10().floor()).max(0.0) as i32 + 1;
    let unit = 10f64.powi(decimals);
    (0..=n)
        .map(|i| ((start + i as f64 * step) * unit).round() / unit)
        .map(|v| if v == 0.0 { 0.0 } else { v })
        .collect()
}
