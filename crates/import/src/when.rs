//! Dates as survey exports write them, read as `YYYY-MM-DD`: ISO 8601 with or without a
//! time, `3/31/2024 10:00` (US) or `31/03/2024` and `31.03.2024` (day first), and Excel
//! serial numbers (days since 1899-12-30). Slashed dates are read month first unless a
//! column shows otherwise (a first part above 12).

use chrono::{Duration, NaiveDate};
use rapport_engine::date::{iso_date, iso_string};

/// The date a cell holds, slashed dates read month first.
pub fn date(text: &str) -> Option<String> {
    date_in(text, false)
}

/// Whether a column's slashed dates are written day first (one has a first part above 12).
pub fn day_first<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    texts.into_iter().any(|t| {
        let t = t.trim();
        (t.contains('/') || t.contains('.'))
            && t.split(['/', '.'])
                .next()
                .and_then(|p| p.parse::<u32>().ok())
                .is_some_and(|d| (13..=31).contains(&d))
    })
}

/// The date a cell holds, reading slashed dates day first when `day_first`.
pub fn date_in(text: &str, day_first: bool) -> Option<String> {
    let t = text.trim();
    let day = t.split([' ', 'T']).next().unwrap_or("");
    if let Some(d) = iso_date(day) {
        return Some(iso_string(d));
    }
    let parts: Vec<&str> = day.split(['/', '.']).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        let (y, a, b) = if parts[0].len() == 4 {
            (n[0], n[1], n[2])
        } else {
            let y = if n[2] < 100 { 2000 + n[2] } else { n[2] };
            if day_first || day.contains('.') {
                (y, n[1], n[0])
            } else {
                (y, n[0], n[1])
            }
        };
        return NaiveDate::from_ymd_opt(y as i32, a, b).map(iso_string);
    }
    // An Excel serial number (1900 date system), from 1954 to 2119.
    if let Ok(x) = t.parse::<f64>() {
        if (20_000.0..80_000.0).contains(&x) {
            let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
            return epoch
                .checked_add_signed(Duration::days(x.floor() as i64))
                .map(iso_string);
        }
    }
    None
}
