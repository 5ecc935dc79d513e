//! CSV export with cells defanged against formula injection in spreadsheet programs.

/// One CSV cell: text that a spreadsheet would read as a formula (starting with `=`, `+`,
/// `-`, `@`, tab or carriage return) gets a leading apostrophe; cells with a comma, quote or
/// line break are quoted.
pub fn text_cell(s: &str) -> String {
    let defanged = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if defanged.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defanged.replace('"', "\"\""))
    } else {
        defanged
    }
}

/// A number cell (empty when missing). Numbers are written by us, so a minus sign is kept.
pub fn number_cell(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| format!("{v}"))
}

/// Joins rows of already-escaped cells into CSV text (CRLF line ends, as RFC 4180 says).
pub fn to_csv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}
