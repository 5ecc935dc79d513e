//! The first mapping of an export, guessed from its header texts and answers: which column
//! is the NPS question ("recommend"), which rate a CRQ dimension (by name), the accounts,
//! respondents, roles and dates; the rating scale from the answers; the roles from the
//! role answers; the wave from the latest date. The user corrects what is wrong.

use crate::answer::{self, ladder_points, leading_number, number};
use crate::detect::{columns, layout};
use crate::profile::{
    AccountList, Column, ColumnMap, Field, Join, Profile, ScaleSpec, Tool, WaveSpec, PROFILE_FORMAT,
};
use crate::table::Table;
use crate::when;

/// Words that name each CRQ dimension in a question, most specific first (the first match
/// wins: "trusted partner" is experience before "trust" is trust).
const DIMENSION_WORDS: &[(&str, &[&str])] = &[
    (
        "value_for_money",
        &[
            "value for money",
            "value-for-money",
            "worth the money",
            "price",
        ],
    ),
    (
        "leading_edge",
        &[
            "leading edge",
            "leading-edge",
            "cutting edge",
            "state of the art",
        ],
    ),
    ("innovation", &["innovat"]),
    (
        "experience",
        &[
            "easy to do business",
            "ease of doing business",
            "easy to work with",
            "trusted partner",
            "experience",
        ],
    ),
    ("customer_care", &["customer care", "care about", "caring"]),
    (
        "responsiveness",
        &[
            "responsive",
            "respond quickly",
            "speed of response",
            "timely",
        ],
    ),
    (
        "reliability",
        &[
            "reliab",
            "keep their promises",
            "keeps its promises",
            "dependab",
        ],
    ),
    ("trust", &["trust"]),
    ("commitment", &["commit", "loyal"]),
    ("satisfaction", &["satisf"]),
    ("solution", &["solution"]),
];

/// The dimension (or `solution`) a question's text names.
pub fn dimension(label: &str) -> Option<&'static str> {
    let l = label.to_lowercase().replace('_', " ");
    DIMENSION_WORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| l.contains(w)))
        .map(|(d, _)| *d)
}

/// Whether a question's text marks it as reverse-keyed: `(R)`, `[reversed]`, `reverse`.
fn reverse(label: &str) -> bool {
    let l = label.to_lowercase();
    l.contains("(r)") || l.contains("revers")
}

/// The columns each tool writes about the response itself, and what they hold.
const TOOL_COLUMNS: &[(&str, Field)] = &[
    ("responseid", Field::Respondent),
    ("response id", Field::Respondent),
    ("respondent id", Field::Respondent),
    ("id", Field::Respondent),
    ("#", Field::Respondent),
    ("finished", Field::Finished),
    ("submitdate", Field::Finished),
    ("response type", Field::Finished),
    ("status", Field::Status),
    ("enddate", Field::Date),
    ("end date", Field::Date),
    ("recordeddate", Field::Date),
    ("timestamp", Field::Date),
    ("completion time", Field::Date),
    ("date submitted", Field::Finished),
    ("submit date (utc)", Field::Date),
    ("recipientemail", Field::Email),
    ("email", Field::Email),
    ("email address", Field::Email),
    ("e-mail", Field::Email),
];

/// Whether a column's answers are mostly not numbers (names, ids, comments).
fn textual(c: &Column) -> bool {
    c.samples
        .iter()
        .filter(|s| {
            number(s).is_none() && leading_number(s).is_none() && ladder_points(s).is_none()
        })
        .count()
        * 2
        > c.samples.len()
}

/// What a column holds, guessed from its key, its text and its answers.
pub fn field(c: &Column) -> Field {
    let key = c.key.trim().to_lowercase();
    let label = c.label.trim().to_lowercase();
    let is = |names: &[&str]| names.iter().any(|n| key == *n || label == *n);
    let has = |words: &[&str]| words.iter().any(|w| label.contains(w) || key.contains(w));
    // A tool's own field names (`Status`) before its texts (`Response Type`).
    let tool_column = TOOL_COLUMNS
        .iter()
        .find(|(n, _)| key == *n)
        .or_else(|| TOOL_COLUMNS.iter().find(|(n, _)| label == *n));
    if let Some((_, f)) = tool_column {
        return f.clone();
    }
    if has(&["recommend", "net promoter"]) || is(&["nps"]) {
        return Field::Nps;
    }
    if has(&[
        "account id",
        "account_id",
        "accountid",
        "client id",
        "customer id",
        "company id",
        "account number",
    ]) || is(&["account", "account code"])
    {
        return Field::AccountId;
    }
    if has(&[
        "account name",
        "company",
        "organisation",
        "organization",
        "client name",
        "customer name",
    ]) || is(&["client", "customer"])
    {
        return Field::AccountName;
    }
    if is(&["segment", "industry", "sector", "market"]) {
        return Field::Segment;
    }
    if has(&["account owner", "account manager", "key account manager"]) || is(&["owner", "kam"]) {
        return Field::Owner;
    }
    if has(&["revenue", "turnover"]) {
        return Field::Revenue;
    }
    if has(&["role", "job title", "position", "function"]) {
        return Field::Role;
    }
    if is(&["wave", "survey wave", "period", "round"]) {
        return Field::Wave;
    }
    if has(&["respondent"]) {
        return Field::Respondent;
    }
    let comment_words = [
        "comment",
        "anything else",
        "anything to add",
        "remark",
        "feedback",
        "why",
        "suggest",
        "open-ended",
    ];
    if has(&comment_words) && (textual(c) || c.samples.is_empty()) {
        return Field::Comment;
    }
    if textual(c) {
        return Field::Ignore;
    }
    match dimension(&c.label).or_else(|| dimension(&c.key)) {
        Some(d) => Field::Rating {
            dimension: d.to_string(),
            reverse: reverse(&c.label),
        },
        None => Field::Ignore,
    }
}

/// The rating scale the answers of the rating columns are on: the labels' scale where they
/// are words, else the smallest of 1–5, 1–7, 1–10 or 0–10 holding every number.
pub fn scale(table: &Table, header_rows: usize, rating_columns: &[usize]) -> ScaleSpec {
    let (mut lo, mut hi, mut points) = (f64::INFINITY, f64::NEG_INFINITY, 0usize);
    for row in table.rows.iter().skip(header_rows) {
        for &i in rating_columns {
            let t = row.get(i).map_or("", str::trim);
            if let Some(x) = number(t).or_else(|| leading_number(t)) {
                lo = lo.min(x);
                hi = hi.max(x);
            } else if let Some(p) = ladder_points(t) {
                points = points.max(p);
            }
        }
    }
    // Words, and no number above their scale (`hi` is -inf when there is no number).
    if points > 0 && (hi <= points as f64 || hi.is_infinite()) {
        return ScaleSpec {
            min: 1,
            max: points as i64,
        };
    }
    let max = if hi <= 5.0 {
        5
    } else if hi <= 7.0 {
        7
    } else if hi <= 10.0 {
        10
    } else if hi.is_finite() {
        hi.ceil() as i64
    } else {
        7
    };
    let min = if lo < 1.0 && lo.is_finite() {
        lo.floor() as i64
    } else {
        1
    };
    ScaleSpec { min, max }
}

/// A whole first profile for a table: tool, header rows, each column's field, the scale, the
/// role answers' roles, and one wave closing on the latest response date.
pub fn guess(table: &Table) -> (Profile, Vec<Column>) {
    let (tool, header_rows) = layout(table);
    let cols = columns(table, tool, header_rows);
    let mut fields: Vec<Field> = cols.iter().map(field).collect();
    // One column per kind for everything but ratings and ignored columns; the first wins.
    for i in 0..fields.len() {
        let single = !matches!(
            fields[i],
            Field::Ignore | Field::Rating { .. } | Field::Comment
        );
        if single && fields[..i].contains(&fields[i]) {
            fields[i] = Field::Ignore;
        }
    }
    let ratings: Vec<usize> = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| matches!(f, Field::Rating { .. }))
        .map(|(i, _)| i)
        .collect();
    let scale = scale(table, header_rows, &ratings);
    let mut profile = Profile {
        format: PROFILE_FORMAT.to_string(),
        name: format!("{} export", tool.name()),
        tool,
        header_rows,
        sheet: table.sheet.clone(),
        scale,
        columns: cols
            .iter()
            .zip(&fields)
            .map(|(c, f)| ColumnMap {
                column: c.key.clone(),
                field: f.clone(),
            })
            .collect(),
        ..Profile::default()
    };
    if tool == Tool::Other {
        profile.name = "Survey export".to_string();
    }
    if let Some(i) = fields.iter().position(|f| *f == Field::Role) {
        let mut seen: Vec<String> = Vec::new();
        for row in table.rows.iter().skip(header_rows) {
            let t = row.get(i).map_or("", str::trim);
            if !t.is_empty() && !seen.iter().any(|s| s.eq_ignore_ascii_case(t)) {
                seen.push(t.to_string());
            }
        }
        profile.roles = seen
            .into_iter()
            .map(|t| {
                let r = answer::guess_role(&t).to_string();
                (t, r)
            })
            .collect();
    }
    if !fields.contains(&Field::Wave) {
        let date = fields.iter().position(|f| *f == Field::Date);
        profile.waves = vec![wave(table, header_rows, date)];
    }
    (profile, cols)
}

/// The one wave of an export without a wave column: it closes on the latest date of the
/// `date` column, and is named by that date's year ("wave-1" without dates).
pub fn wave(table: &Table, header_rows: usize, date: Option<usize>) -> WaveSpec {
    let latest = date.and_then(|i| {
        let texts = || {
            table
                .rows
                .iter()
                .skip(header_rows)
                .map(move |r| r.get(i).unwrap_or(""))
        };
        let day_first = when::day_first(texts());
        texts().filter_map(|t| when::date_in(t, day_first)).max()
    });
    let id = latest
        .as_ref()
        .map_or_else(|| "wave-1".to_string(), |d| d[..4].to_string());
    WaveSpec {
        label: Some(id.clone()),
        id,
        closed: latest,
    }
}

/// What a column of an account list holds, guessed from its header.
pub fn account_field(c: &Column) -> Field {
    let key = c.key.trim().to_lowercase();
    let is = |names: &[&str]| names.contains(&key.as_str());
    let has = |words: &[&str]| words.iter().any(|w| key.contains(w));
    if is(&["id", "account", "code", "account code"])
        || has(&[
            "account id",
            "account_id",
            "customer id",
            "client id",
            "company id",
            "account number",
        ])
    {
        Field::AccountId
    } else if is(&["name", "company", "client", "customer"])
        || has(&[
            "account name",
            "company name",
            "client name",
            "customer name",
            "organisation",
            "organization",
        ])
    {
        Field::AccountName
    } else if is(&["segment", "industry", "sector", "market"]) {
        Field::Segment
    } else if is(&["owner", "kam"])
        || has(&["account owner", "account manager", "key account manager"])
    {
        Field::Owner
    } else if has(&["revenue", "turnover", "sales"]) {
        Field::Revenue
    } else if has(&["domain", "website", "web site", "url", "e-mail", "email"]) {
        Field::Domain
    } else if has(&["invited"]) {
        // The import's wave (its id is filled in when the import is written).
        Field::Invited(String::new())
    } else {
        Field::Ignore
    }
}

/// The first mapping of an account list: one header row, each column guessed; joined on
/// the account id when the list has one, else on the e-mail domain.
pub fn account_list(table: &Table) -> (AccountList, Vec<Column>) {
    let cols = columns(table, Tool::Other, 1);
    let mut fields: Vec<Field> = cols.iter().map(account_field).collect();
    for i in 0..fields.len() {
        if fields[i] != Field::Ignore && fields[..i].contains(&fields[i]) {
            fields[i] = Field::Ignore;
        }
    }
    let join = if !fields.contains(&Field::AccountId) && fields.contains(&Field::Domain) {
        Join::EmailDomain
    } else {
        Join::AccountId
    };
    let list = AccountList {
        sheet: table.sheet.clone(),
        join,
        columns: cols
            .iter()
            .zip(fields)
            .map(|(c, field)| ColumnMap {
                column: c.key.clone(),
                field,
            })
            .collect(),
    };
    (list, cols)
}
