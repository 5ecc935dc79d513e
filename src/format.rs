//! How numbers read on screen: scores to two decimals, NPS signed, rates as percentages.

use crate::engine::{Change, Estimate};

pub fn score(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"))
}

pub fn nps(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{v:+.0}"))
}

pub fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{:.0}%", v * 100.0))
}

/// A response rate. Over 100% the `invited` counts cannot be right, and it says so.
pub fn response_rate(v: Option<f64>) -> String {
    match v {
        Some(r) if r > 1.0 => format!("{} — over 100%: check `invited`", percent(v)),
        _ => percent(v),
    }
}

pub fn delta(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(
        || "–".to_string(),
        |v| {
            // A change that rounds to zero is shown as ±0, not as "-0" or "+0".
            if v.abs() < 0.5 * 10f64.powi(-(decimals as i32)) {
                format!("±{:.decimals$}", 0.0)
            } else {
                format!("{v:+.decimals$}")
            }
        },
    )
}

pub fn interval(e: &Estimate) -> String {
    match (e.ci_low, e.ci_high) {
        (Some(l), Some(h)) => format!("95% CI {l:.2}–{h:.2}"),
        _ => "no interval (n < 2)".to_string(),
    }
}

pub fn nps_interval(low: Option<f64>, high: Option<f64>) -> String {
    match (low, high) {
        (Some(l), Some(h)) => format!("95% CI {l:+.0} to {h:+.0}"),
        _ => "no interval".to_string(),
    }
}

pub fn p_value(p: Option<f64>) -> String {
    match p {
        Some(p) if p < 0.001 => "p < 0.001".to_string(),
        Some(p) => format!("p = {p:.3}"),
        None => "no test".to_string(),
    }
}

/// "▲ +0.21 (significant, p = 0.012)" style text for a change.
pub fn change_text(c: &Change, decimals: usize) -> String {
    match c.delta {
        None => "no earlier wave to compare".to_string(),
        Some(d) => {
            let sig = match c.p {
                None => "not tested: too few units".to_string(),
                Some(_) if c.significant => format!("significant, {}", p_value(c.p)),
                Some(_) => format!("not significant, {}", p_value(c.p)),
            };
            format!("{} {} ({sig})", arrow(Some(d)), delta(Some(d), decimals))
        }
    }
}

pub fn arrow(d: Option<f64>) -> &'static str {
    match d {
        Some(d) if d > 0.0 => "▲",
        Some(d) if d < 0.0 => "▼",
        Some(_) => "▶",
        None => "",
    }
}

/// Revenue in compact form: 1.2M, 350k.
pub fn money(v: f64) -> String {
    if v >= 1e9 {
        format!("{:.1}B", v / 1e9)
    } else if v >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if v >= 1e3 {
        format!("{:.0}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

/// Full precision for `data-value` test hooks ("" when undefined).
pub fn raw(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| format!("{v}"))
}
