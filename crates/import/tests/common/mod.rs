//! One set of survey responses written two ways: as each survey tool's export would hold
//! them, and directly as `rapport/1` (ratings keyed by dimension id, no questions). An
//! import of the export must score exactly as the direct file does.

#![allow(dead_code)]

use rapport_engine::contract::scores_json;
use rapport_engine::Portfolio;
use serde_json::{json, Value};

/// The ten dimensions in `Dimension::ALL` order, with the words a questionnaire uses.
pub const DIMENSIONS: [(&str, &str); 10] = [
    ("reliability", "Reliability: they keep their promises"),
    ("responsiveness", "Responsiveness"),
    ("customer_care", "Customer care"),
    ("experience", "Easy to do business with"),
    ("innovation", "Innovation"),
    ("leading_edge", "Leading edge"),
    ("value_for_money", "Value for money"),
    ("trust", "Trust"),
    ("commitment", "Commitment to us"),
    ("satisfaction", "Overall satisfaction"),
];

/// Job titles and the role each is read as.
pub const ROLES: [(&str, &str); 5] = [
    ("Chief Executive Officer", "decision_maker"),
    ("Procurement Director", "decision_maker"),
    ("Technical advisor", "influencer"),
    ("Operations analyst", "operational"),
    ("Intern", "other"),
];

pub struct Account {
    pub id: String,
    pub name: String,
    pub segment: &'static str,
    pub owner: &'static str,
    pub revenue: f64,
    pub domain: String,
}

pub struct Resp {
    pub account: usize,
    pub respondent: String,
    pub role: usize,
    pub wave: usize,
    /// Ratings on the sample's scale, in `DIMENSIONS` order; None = not answered.
    pub ratings: [Option<f64>; 10],
    pub nps: Option<u8>,
    pub comment: Option<String>,
}

pub struct Sample {
    pub min: i64,
    pub max: i64,
    pub accounts: Vec<Account>,
    pub responses: Vec<Resp>,
    /// Each wave's id and close date.
    pub waves: Vec<(&'static str, &'static str)>,
}

/// A small deterministic generator (an LCG), so that the samples need no crate.
pub struct Rng(u64);

impl Rng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// `n` responses over `accounts` accounts on the scale `min..=max`, in `waves` waves; each
/// account's responses together, accounts in order, so that the order of first appearance
/// is the accounts' order.
pub fn sample(seed: u64, accounts: usize, n: usize, min: i64, max: i64, waves: usize) -> Sample {
    let mut rng = Rng(seed);
    let names = [
        "Northwind",
        "Contoso",
        "Fabrikam",
        "Tailspin",
        "Litware",
        "Adatum",
        "Woodgrove",
        "Proseware",
        "Lucerne",
        "Wingtip",
        "Alpine",
        "Coho",
    ];
    let segments = ["Banking", "Telecom", "Retail"];
    let owners = ["Jane Roe", "Max Mustermann", "Aiko Tanaka"];
    let accs: Vec<Account> = (0..accounts)
        .map(|i| Account {
            id: format!("A{:03}", i + 1),
            name: format!("{} {}", names[i % names.len()], i + 1),
            segment: segments[i % 3],
            owner: owners[(i / 2) % 3],
            revenue: (250_000 + 125_000 * i) as f64,
            domain: format!("{}{}.example", names[i % names.len()].to_lowercase(), i + 1),
        })
        .collect();
    let span = (max - min) as u64 + 1;
    let mut responses = Vec::new();
    for k in 0..n {
        let account = k * accounts / n;
        let wave = (k + account) % waves;
        let lean = rng.below(3) as i64 - 1;
        let ratings = std::array::from_fn(|_| {
            if rng.below(20) == 0 {
                None
            } else {
                let x = min
                    + ((rng.below(span) as i64 + rng.below(span) as i64) / 2 + lean)
                        .clamp(0, max - min);
                Some(x as f64)
            }
        });
        responses.push(Resp {
            account,
            respondent: format!("R{:04}", k + 1),
            role: rng.below(5) as usize,
            wave,
            ratings,
            nps: (rng.below(12) != 0).then(|| rng.below(11) as u8),
            comment: (rng.below(4) == 0).then(|| format!("Comment {k}, with a comma")),
        });
    }
    let all = [
        ("2024", "2024-03-31"),
        ("2025", "2025-03-31"),
        ("2026", "2026-03-31"),
    ];
    Sample {
        min,
        max,
        accounts: accs,
        responses,
        waves: all[..waves].to_vec(),
    }
}

/// What the direct file says about each account.
#[derive(Clone, Copy, PartialEq)]
pub enum Accounts {
    /// Ids only, those with a response, in order of first appearance.
    Ids,
    /// Ids as the accounts' names.
    Names,
    /// Every account with name, segment, owner, revenue and `invited` per wave.
    Full,
}

/// The sample written directly as `rapport/1`: ratings by dimension id, no questions.
pub fn direct(s: &Sample, accounts: Accounts, invited: Option<u32>) -> Value {
    let id = |a: &Account| match accounts {
        Accounts::Names => a.name.clone(),
        _ => a.id.clone(),
    };
    let used = |i: usize| s.responses.iter().any(|r| r.account == i);
    let accs: Vec<Value> = s
        .accounts
        .iter()
        .enumerate()
        .filter(|(i, _)| accounts == Accounts::Full || used(*i))
        .map(|(_, a)| match accounts {
            Accounts::Full => {
                let mut v = json!({"id": a.id, "name": a.name, "segment": a.segment, "owner": a.owner, "revenue": a.revenue});
                if let Some(n) = invited {
                    v["invited"] = json!({ s.waves[0].0: n });
                }
                v
            }
            _ => json!({"id": id(a)}),
        })
        .collect();
    let responses: Vec<Value> = s
        .responses
        .iter()
        .map(|r| {
            let mut ratings = serde_json::Map::new();
            for (d, x) in DIMENSIONS.iter().zip(r.ratings) {
                ratings.insert(d.0.to_string(), x.map_or(Value::Null, |x| json!(x)));
            }
            let mut v = json!({
                "wave": s.waves[r.wave].0, "account": id(&s.accounts[r.account]),
                "respondent": r.respondent, "role": ROLES[r.role].1, "ratings": ratings,
            });
            if let Some(n) = r.nps {
                v["nps"] = json!(n);
            }
            v
        })
        .collect();
    json!({
        "format": "rapport/1",
        "scale": {"min": s.min, "max": s.max},
        "waves": s.waves.iter().map(|(id, closed)| json!({"id": id, "label": id, "closed": closed})).collect::<Vec<_>>(),
        "accounts": accs,
        "responses": responses,
    })
}

/// The scores of a document (every wave and change, not the problems).
pub fn scores(doc: &Value) -> Value {
    let bytes = serde_json::to_vec(doc).unwrap();
    let (data, report) = rapport_engine::load(&bytes).expect("the document loads");
    let mut s = scores_json(&Portfolio::new(data), &report);
    json!({"waves": s["waves"].take(), "changes": s["changes"].take()})
}

/// Rows written as CSV with a delimiter.
pub fn csv(rows: &[Vec<String>], delimiter: u8) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

/// Rows written as an xlsx workbook with one sheet: numbers as numbers, the cells named in
/// `dates` (row, column) as Excel dates.
pub fn xlsx(sheet: &str, rows: &[Vec<String>], dates: &[usize]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c16) = (r as u32, c as u16);
            if r > 0 && dates.contains(&c) {
                if let Ok(d) = rust_xlsxwriter::ExcelDateTime::parse_from_str(cell) {
                    ws.write_datetime_with_format(r, c16, &d, &date_format)
                        .unwrap();
                    continue;
                }
            }
            match cell.parse::<f64>() {
                Ok(x) if !cell.is_empty() && r > 0 => ws.write_number(r, c16, x).unwrap(),
                _ if cell.is_empty() => ws,
                _ => ws.write_string(r, c16, cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

/// A rating as text: the number, or `None` as an empty cell.
pub fn cell(x: Option<f64>) -> String {
    x.map_or(String::new(), |x| format!("{x}"))
}
