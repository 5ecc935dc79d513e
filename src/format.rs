//! How numbers read on screen: scores to two decimals, NPS signed, rates as percentages,
//! revenue in its currency. In the browser digits, percentages, money and dates are written
//! as the reader's locale writes them (`Intl`); natively (tests, the command line) as in
//! English.

use chrono::NaiveDate;

use crate::engine::{Change, Estimate};

#[cfg(target_arch = "wasm32")]
mod locale {
    use std::cell::RefCell;

    use js_sys::{Array, Function, Intl, Object};
    use wasm_bindgen::JsValue;

    thread_local! {
        /// Formatters made so far, by what they were made for (making one takes ~50 µs).
        static MADE: RefCell<Vec<(String, Function)>> = const { RefCell::new(Vec::new()) };
    }

    /// `value` written by the browser's `Intl` formatter named `key` (a date formatter when
    /// `date`), made once with the `options` it gives (in the reader's locale).
    pub fn write(
        key: &str,
        date: bool,
        options: &dyn Fn() -> Vec<(&'static str, JsValue)>,
        value: &JsValue,
    ) -> String {
        let f = MADE.with(|m| {
            m.borrow()
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, f)| f.clone())
        });
        let f = f.unwrap_or_else(|| {
            let o = Object::new();
            for (k, v) in options() {
                let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
            }
            let f = if date {
                Intl::DateTimeFormat::new(&Array::new(), &o).format()
            } else {
                Intl::NumberFormat::new(&Array::new(), &o).format()
            };
            MADE.with(|m| m.borrow_mut().push((key.to_string(), f.clone())));
            f
        });
        f.call1(&JsValue::NULL, value)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    }

    pub fn number(v: f64, key: &str, options: &dyn Fn() -> Vec<(&'static str, JsValue)>) -> String {
        write(key, false, options, &JsValue::from_f64(v))
    }

    pub fn digits(v: f64, decimals: usize) -> String {
        number(v, &format!("{decimals}"), &|| {
            let d = JsValue::from_f64(decimals as f64);
            vec![
                ("minimumFractionDigits", d.clone()),
                ("maximumFractionDigits", d),
            ]
        })
    }
}

/// `v` with `decimals` digits after the point ("5.43"; "5,43" where the locale says so).
#[cfg(target_arch = "wasm32")]
pub fn fixed(v: f64, decimals: usize) -> String {
    locale::digits(v, decimals)
}

/// `v` with `decimals` digits after the point ("5.43"; "5,43" where the locale says so).
#[cfg(not(target_arch = "wasm32"))]
pub fn fixed(v: f64, decimals: usize) -> String {
    format!("{v:.decimals$}")
}

/// `v` with its sign, always: "+12", "-3.5" (as Rust's `{:+}`: -0.4 to no decimals is "-0").
pub fn signed(v: f64, decimals: usize) -> String {
    let sign = if v.is_sign_negative() { '-' } else { '+' };
    format!("{sign}{}", fixed(v.abs(), decimals))
}

pub fn score(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| fixed(v, 2))
}

pub fn nps(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| signed(v, 0))
}

pub fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), share)
}

/// A share as a whole percentage: "45%" ("45 %" where the locale says so).
#[cfg(target_arch = "wasm32")]
pub fn share(v: f64) -> String {
    use wasm_bindgen::JsValue;
    locale::number(v, "%", &|| {
        vec![
            ("style", "percent".into()),
            ("maximumFractionDigits", JsValue::from_f64(0.0)),
        ]
    })
}

/// A share as a whole percentage: "45%".
#[cfg(not(target_arch = "wasm32"))]
pub fn share(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// A date as the reader's locale writes it ("31 Mar 2026", "Mar 31, 2026").
#[cfg(target_arch = "wasm32")]
pub fn date(d: NaiveDate) -> String {
    dated(
        d,
        "date",
        &[("day", "numeric"), ("month", "short"), ("year", "numeric")],
    )
}

/// A wave's month on a time axis ("Mar 2026", "mars 2026").
#[cfg(target_arch = "wasm32")]
pub fn month(d: NaiveDate) -> String {
    dated(d, "month", &[("month", "short"), ("year", "numeric")])
}

#[cfg(target_arch = "wasm32")]
fn dated(d: NaiveDate, key: &str, options: &[(&'static str, &str)]) -> String {
    use chrono::Datelike;
    // Midnight local time of that day: the formatter, in local time too, keeps the day.
    let at =
        js_sys::Date::new_with_year_month_day(d.year() as u32, d.month0() as i32, d.day() as i32);
    locale::write(
        key,
        true,
        &|| options.iter().map(|&(k, v)| (k, v.into())).collect(),
        &at,
    )
}

#[cfg(not(target_arch = "wasm32"))]
pub fn date(d: NaiveDate) -> String {
    crate::engine::date::human_date(d)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn month(d: NaiveDate) -> String {
    crate::engine::date::month_year(d)
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
                format!("±{}", fixed(0.0, decimals))
            } else {
                signed(v, decimals)
            }
        },
    )
}

pub fn interval(e: &Estimate) -> String {
    match (e.ci_low, e.ci_high) {
        (Some(l), Some(h)) => format!("95% CI {}–{}", fixed(l, 2), fixed(h, 2)),
        _ => "no interval (n < 2)".to_string(),
    }
}

pub fn nps_interval(low: Option<f64>, high: Option<f64>) -> String {
    match (low, high) {
        (Some(l), Some(h)) => format!("95% CI {} to {}", signed(l, 0), signed(h, 0)),
        _ => "no interval".to_string(),
    }
}

pub fn p_value(p: Option<f64>) -> String {
    match p {
        Some(p) if p < 0.001 => format!("p < {}", fixed(0.001, 3)),
        Some(p) => format!("p = {}", fixed(p, 3)),
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

/// Revenue in compact form, in the data's currency (`model.currency`) where it names one:
/// "€1.2M", "1,2 Mio. €", "350K" (as the reader's locale writes it).
#[cfg(target_arch = "wasm32")]
pub fn money(v: f64, currency: Option<&str>) -> String {
    use wasm_bindgen::JsValue;
    let key = format!("¤{}", currency.unwrap_or_default());
    locale::number(v, &key, &|| {
        let mut options = vec![
            ("notation", JsValue::from("compact")),
            ("maximumFractionDigits", JsValue::from_f64(1.0)),
        ];
        if let Some(c) = currency {
            options.push(("style", "currency".into()));
            options.push(("currency", c.into()));
        }
        options
    })
}

/// Revenue in compact form: "EUR 1.2M", "350k".
#[cfg(not(target_arch = "wasm32"))]
pub fn money(v: f64, currency: Option<&str>) -> String {
    let amount = if v >= 1e9 {
        format!("{:.1}B", v / 1e9)
    } else if v >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if v >= 1e3 {
        format!("{:.0}k", v / 1e3)
    } else {
        format!("{v:.0}")
    };
    currency.map_or_else(|| amount.clone(), |c| format!("{c} {amount}"))
}

/// Full precision for `data-value` test hooks ("" when undefined).
pub fn raw(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| format!("{v}"))
}
