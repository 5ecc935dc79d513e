//! Which survey tool wrote a table, how many header rows it has, and its columns: each with
//! a key (a field name such as `Q5_1` where the export has one, else the header text), the
//! question text, and a few sample answers.

use crate::profile::{entry, Column, Tool, TEXTS};
use crate::table::{column_letter, Row, Table};

fn has(row: &Row, name: &str) -> bool {
    row.iter().any(|c| c.trim().eq_ignore_ascii_case(name))
}

/// The tool and the number of header rows of a table.
pub fn layout(table: &Table) -> (Tool, usize) {
    let empty = Row::default();
    let first = table.rows.first().unwrap_or(&empty);
    let row = |i: usize| table.rows.get(i).unwrap_or(&empty);
    if has(first, "ResponseId") || has(first, "ResponseID") || has(first, "V1") {
        let import_ids = row(2)
            .iter()
            .any(|c| c.trim_start().starts_with("{\"ImportId\""));
        return (Tool::Qualtrics, if import_ids { 3 } else { 2 });
    }
    if has(first, "Respondent ID") && has(first, "Collector ID") {
        return (Tool::SurveyMonkey, 2);
    }
    let head = first.get(0).map_or("", str::trim);
    if head.eq_ignore_ascii_case("Timestamp") {
        return (Tool::GoogleForms, 1);
    }
    if has(first, "Start time") && has(first, "Completion time") {
        return (Tool::MicrosoftForms, 1);
    }
    if (has(first, "id") && has(first, "submitdate"))
        || (has(first, "Response ID") && has(first, "Date submitted"))
    {
        return (Tool::LimeSurvey, 1);
    }
    if has(first, "Submit Date (UTC)") || (head == "#" && has(first, "Network ID")) {
        return (Tool::Typeform, 1);
    }
    (Tool::Other, 1)
}

/// The columns of a table with `header_rows` header rows written by `tool`.
pub fn columns(table: &Table, tool: Tool, header_rows: usize) -> Vec<Column> {
    // Columns empty in every row (a trailing delimiter, a sheet's blank right edge) are none.
    let width = (0..table.width())
        .rev()
        .find(|&i| {
            table
                .rows
                .iter()
                .any(|r| r.get(i).is_some_and(|c| !c.trim().is_empty()))
        })
        .map_or(0, |i| i + 1);
    let mut out: Vec<Column> = Vec::with_capacity(width);
    let mut question = String::new();
    for i in 0..width {
        let top = table.text(0, i).trim();
        let (key, label) = match (tool, header_rows) {
            (Tool::Qualtrics, n) if n >= 2 => {
                (top.to_string(), table.text(1, i).trim().to_string())
            }
            (Tool::SurveyMonkey, _) => {
                // The question text sits over its first sub-column only.
                if !top.is_empty() {
                    question = top.to_string();
                }
                let sub = table.text(1, i).trim();
                let whole = sub.is_empty()
                    || sub.eq_ignore_ascii_case("Response")
                    || sub.eq_ignore_ascii_case("Open-Ended Response");
                let text = if whole {
                    question.clone()
                } else {
                    format!("{question} | {sub}")
                };
                (text.clone(), text)
            }
            _ => (top.to_string(), top.to_string()),
        };
        let letter = column_letter(i + table.origin.1);
        let mut key = if key.is_empty() { letter.clone() } else { key };
        let base = key.clone();
        let mut n = 1;
        while out.iter().any(|c| c.key == key) {
            n += 1;
            key = format!("{base} ({n})");
        }
        let label = if label.is_empty() { key.clone() } else { label };
        let mut samples: Vec<String> = Vec::new();
        for r in table.rows.iter().skip(header_rows) {
            let v = r.get(i).map_or("", str::trim);
            if !v.is_empty() && !samples.iter().any(|s| s == v) {
                samples.push(v.to_string());
                if samples.len() == 3 {
                    break;
                }
            }
        }
        out.push(Column {
            index: i,
            letter,
            key,
            label,
            samples,
            texts: Vec::new(),
            more_texts: false,
        });
    }
    out
}

/// Fills in each column's answer texts (`Column::texts`): for the import view, which shows
/// how they are read; an import does not need them, and does not count them.
pub fn count_texts(table: &Table, header_rows: usize, columns: &mut [Column]) {
    for c in columns {
        (c.texts, c.more_texts) = texts(table, header_rows, c.index);
    }
}

/// The different answers of column `i`, with their counts (up to `TEXTS`; `true` when there
/// are more: the column is free text, and is not counted further).
fn texts(table: &Table, header_rows: usize, i: usize) -> (Vec<(String, usize)>, bool) {
    let mut out: Vec<(String, usize)> = Vec::new();
    for r in table.rows.iter().skip(header_rows) {
        let v = r.get(i).map_or("", str::trim);
        if v.is_empty() {
            continue;
        }
        match entry(&out, v) {
            Some(k) => out[k].1 += 1,
            None if out.len() == TEXTS => return (out, true),
            None => out.push((v.to_string(), 1)),
        }
    }
    (out, false)
}
