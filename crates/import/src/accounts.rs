//! The accounts of an import: from a separate account list (id, name, segment, owner,
//! revenue, invited per wave), or from the export's own account columns; and the join of
//! responses to accounts by account id or by the domain of the respondent's e-mail.

use serde_json::{json, Map, Value};

use crate::answer::number;
use crate::locate::Origin;
use crate::mapping::Mapped;
use crate::profile::Field;
use crate::table::Table;

/// The accounts written, their origins, and (for a join by domain) each domain's account.
#[derive(Default)]
pub struct Accounts {
    pub list: Vec<Value>,
    pub origins: Vec<Origin>,
    pub domains: Vec<(String, String)>,
}

/// The domain of an e-mail address, a web address or a bare domain, lower case and without
/// `www.`: `Jane@Acme.com` → `acme.com`, `https://www.acme.com/about` → `acme.com`.
pub fn domain(text: &str) -> Option<String> {
    let t = text.trim().to_lowercase();
    let t = t.rsplit('@').next().unwrap_or("");
    let t = t.split("://").last().unwrap_or("");
    let t = t.split(['/', '?', '#']).next().unwrap_or("");
    let t = t.strip_prefix("www.").unwrap_or(t);
    (t.contains('.') && !t.contains(' ')).then(|| t.to_string())
}

/// A revenue as written in a sheet: `1200000`, `1,200,000`, `€ 1.200.000`, `1 200 000,50`.
/// Text that is no amount is kept as text (the validator reports it at its cell).
pub fn money(text: &str) -> Value {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, '$' | '€' | '£' | '¥' | ' ' | '\u{a0}' | '\''))
        .collect();
    let grouped = |sep: char, dec: char| {
        let (int, frac) = t.split_once(dec).unwrap_or((&t, ""));
        let groups: Vec<&str> = int.split(sep).collect();
        let ok = groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
            && frac.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| {
            format!(
                "{}.{}",
                groups.concat(),
                if frac.is_empty() { "0" } else { frac }
            )
        })
    };
    let plain = grouped(',', '.').or_else(|| grouped('.', ','));
    match number(plain.as_deref().unwrap_or(&t)) {
        Some(x) => number_value(x),
        None => Value::String(text.trim().to_string()),
    }
}

/// One account record from row `r`, with the attribute columns of `mapped`.
fn account(table: &Table, mapped: &Mapped, r: usize, id: &str) -> (Map<String, Value>, Origin) {
    let mut a = Map::new();
    let mut origin = Origin::new(r);
    a.insert("id".into(), json!(id));
    if let Some(c) = mapped.col(&Field::AccountId) {
        origin.at("id", c);
    }
    for (field, key) in [
        (Field::AccountName, "name"),
        (Field::Segment, "segment"),
        (Field::Owner, "owner"),
        (Field::Revenue, "revenue"),
    ] {
        let Some(c) = mapped.col(&field) else {
            continue;
        };
        let t = table.text(r, c).trim();
        if t.is_empty() {
            continue;
        }
        let v = if key == "revenue" { money(t) } else { json!(t) };
        a.insert(key.into(), v);
        origin.at(key, c);
    }
    let mut invited = Map::new();
    for (field, c) in &mapped.fields {
        if let Field::Invited(wave) = field {
            let t = table.text(r, *c).trim();
            if !t.is_empty() {
                invited.insert(wave.clone(), number(t).map_or(json!(t), number_value));
                origin.at(&format!("invited/{wave}"), *c);
            }
        }
    }
    if !invited.is_empty() {
        a.insert("invited".into(), Value::Object(invited));
    }
    (a, origin)
}

/// The accounts of a separate account list: one per row with an id (or a name, which is
/// then the id too).
pub fn from_list(table: &Table, mapped: &Mapped, header_rows: usize) -> Accounts {
    let mut out = Accounts::default();
    let id_col = mapped
        .col(&Field::AccountId)
        .or_else(|| mapped.col(&Field::AccountName));
    for r in header_rows..table.rows.len() {
        let id = id_col.map_or("", |c| table.text(r, c).trim());
        if id.is_empty() {
            continue;
        }
        let (a, origin) = account(table, mapped, r, id);
        if let Some(d) = mapped
            .col(&Field::Domain)
            .and_then(|c| domain(table.text(r, c)))
        {
            out.domains.push((d, id.to_string()));
        }
        out.list.push(Value::Object(a));
        out.origins.push(origin);
    }
    out
}

/// The accounts named by the responses themselves, in order of first appearance, with the
/// attributes of the first row that names each.
pub fn from_export(table: &Table, mapped: &Mapped, rows: &[(usize, String)]) -> Accounts {
    let mut out = Accounts::default();
    let mut seen = std::collections::HashSet::new();
    for (r, id) in rows {
        if !seen.insert(id.as_str()) {
            continue;
        }
        let (a, origin) = account(table, mapped, *r, id);
        out.list.push(Value::Object(a));
        out.origins.push(origin);
    }
    out
}

/// A whole number as an integer (the validator reads `nps` as a whole number), else a float.
pub fn number_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}
