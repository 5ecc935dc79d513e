//! The one date parser and the two ways dates are written: `YYYY-MM-DD` in files, strictly
//! ("2024-3-31" or "31/03/2024" are ambiguous or non-standard), and "5 Mar 2024" for people.

use chrono::{Datelike, NaiveDate};

/// A date written strictly `YYYY-MM-DD`, as in data files ("2024-3-31" is not one). Read
/// directly, so that the page's module does without chrono's format parser.
pub fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// A date as `YYYY-MM-DD` (what chrono's `%Y-%m-%d` gives, without its format machinery).
pub fn iso_string(d: NaiveDate) -> String {
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        format!("{:+05}-{:02}-{:02}", d.year(), d.month(), d.day())
    }
}

/// Why `s` is not a date of a file, as a plan's reader says it.
pub fn not_iso(s: &str) -> String {
    format!("\"{s}\" is not a date written YYYY-MM-DD")
}

/// An optional date as serde reads and writes it in files: `YYYY-MM-DD`, strictly
/// (`#[serde(with = "crate::date::iso")]`).
pub mod iso {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&super::iso_string(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) => super::iso_date(&s)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(super::not_iso(&s))),
            None => Ok(None),
        }
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date's month, "Mar 2024" (chrono's `%b %Y`): a trend axis's date line.
pub fn month_year(d: NaiveDate) -> String {
    format!("{} {}", MONTHS[d.month0() as usize], d.year())
}

/// A date as people read it, "5 Mar 2024" (chrono's `%-d %b %Y`).
pub fn human_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_read_them() {
        let d = NaiveDate::from_ymd_opt(2021, 8, 31).unwrap();
        assert_eq!(month_year(d), "Aug 2021");
        assert_eq!(human_date(d), "31 Aug 2021");
        assert_eq!(
            month_year(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()),
            "Jan 2020"
        );
    }
}
