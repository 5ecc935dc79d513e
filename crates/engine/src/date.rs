//! The one date parser: dates in data and plan files are strictly `YYYY-MM-DD`.

use chrono::NaiveDate;

pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    // Strictly YYYY-MM-DD: "2024-3-31" or "31/03/2024" are ambiguous or non-standard.
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}
