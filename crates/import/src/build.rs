//! An export and its mapping written as a `rapport/1` document: one response per row, one
//! question per rating column, the accounts and the waves, and where each value came from.
//! Nothing is judged here that the validator judges: a rating that is not a number is
//! written as the text it is, and the validator reports it (at its cell). Only what has no
//! place in the document is reported here: preview, test and unfinished responses, rows
//! without an account, and a mapping that lacks what every response needs.

use std::collections::HashMap;

use rapport_engine::{Code, Dimension, Problem, Severity};
use serde_json::{json, Map, Value};

use crate::accounts::{self, domain, Accounts};
use crate::answer::{self, Answer};
use crate::locate::{Origin, SourceMap};
use crate::mapping::Mapped;
use crate::profile::{Field, Join, Profile, Tool};
use crate::table::Table;
use crate::when;

/// The document written from an export, with where its values came from and what was left
/// out before it was written. The responses are written as JSON text as they are read (a
/// tree of 100,000 responses would cost more than reading them).
pub struct Written<'a> {
    /// Everything but the responses: format, title, scale, waves, accounts, questions, and
    /// (once added to a data set) its actions and model.
    pub header: Map<String, Value>,
    /// The responses, each a JSON object, separated by `,\n`.
    pub responses: Vec<u8>,
    pub map: SourceMap<'a>,
    pub problems: Vec<Problem>,
    /// Rows left out here (previews, tests, unfinished, no account).
    pub excluded: usize,
}

impl Written<'_> {
    /// The whole `rapport/1` document: the header's fields, then the responses, one a line.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.responses.len() + 4096);
        out.push(b'{');
        for (k, v) in &self.header {
            if k == "responses" {
                continue;
            }
            let _ = serde_json::to_writer(&mut out, k);
            out.push(b':');
            let _ = serde_json::to_writer_pretty(&mut out, v);
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(b"\"responses\": [\n");
        out.extend_from_slice(&self.responses);
        out.extend_from_slice(b"\n]}\n");
        out
    }
}

/// One response as it is written.
struct ResponseOut<'a> {
    wave: &'a str,
    account: &'a str,
    respondent: &'a str,
    role: Option<&'static str>,
    ratings: &'a [(&'a str, Answer)],
    nps: Option<Answer>,
    comment: Option<String>,
}

/// An answer as JSON: not answered is `null`, a whole number an integer (the validator reads
/// `nps` as a whole number), text stays text (the validator reports it).
impl serde::Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::Blank => s.serialize_unit(),
            Answer::Number(x) if x.fract() == 0.0 && x.abs() < 9e15 => s.serialize_i64(*x as i64),
            Answer::Number(x) => s.serialize_f64(*x),
            Answer::Text(t) => s.serialize_str(t),
        }
    }
}

impl serde::Serialize for ResponseOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("wave", self.wave)?;
        m.serialize_entry("account", self.account)?;
        m.serialize_entry("respondent", self.respondent)?;
        if let Some(role) = self.role {
            m.serialize_entry("role", role)?;
        }
        m.serialize_entry("ratings", &Ratings(self.ratings))?;
        if let Some(nps) = &self.nps {
            m.serialize_entry("nps", nps)?;
        }
        if let Some(c) = &self.comment {
            m.serialize_entry("comment", c)?;
        }
        m.end()
    }
}

struct Ratings<'a>(&'a [(&'a str, Answer)]);

impl serde::Serialize for Ratings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

fn missing(message: impl Into<String>) -> Problem {
    Problem::fatal("", Code::MissingColumn, message)
}

/// What every response needs and the mapping lacks, each as a fatal problem.
fn lacks(m: &Mapped, list: Option<(&Mapped, Join)>, profile: &Profile) -> Vec<Problem> {
    let mut out = Vec::new();
    let has = |m: &Mapped, f: Field| m.col(&f).is_some();
    let by_domain = matches!(list, Some((_, Join::EmailDomain)));
    if !by_domain && !has(m, Field::AccountId) && !has(m, Field::AccountName) {
        out.push(missing(
            "The mapping has no account column: map a column to account id or account name \
             (or join an account list on the respondents' e-mail domain).",
        ));
    }
    let rated = m
        .fields
        .iter()
        .any(|(f, _)| matches!(f, Field::Rating { .. } | Field::Nps));
    if !rated {
        out.push(missing(
            "The mapping has no rating column: map at least one column to a CRQ dimension \
             or to NPS.",
        ));
    }
    for (f, c) in &m.fields {
        if let Field::Rating { dimension, .. } = f {
            if dimension != "solution" && Dimension::from_id(dimension).is_none() {
                out.push(Problem::fatal(
                    "",
                    Code::UnknownDimension,
                    format!(
                        "Column `{}` is mapped to \"{dimension}\", which is neither a CRQ \
                         dimension nor `solution`.",
                        m.columns[*c].key
                    ),
                ));
            }
        }
    }
    if !has(m, Field::Wave) && profile.waves.is_empty() {
        out.push(missing(
            "No wave: name the wave these responses belong to (with its close date), or map \
             the column that gives it.",
        ));
    }
    match list {
        Some((l, Join::AccountId)) if !has(l, Field::AccountId) && !has(l, Field::AccountName) => {
            out.push(missing(
                "The account list's mapping has no account id column.",
            ))
        }
        Some((l, Join::EmailDomain)) => {
            if !has(l, Field::Domain) {
                out.push(missing(
                    "The account list's mapping has no domain column to join the respondents' \
                     e-mail addresses on.",
                ));
            }
            if !has(m, Field::Email) {
                out.push(missing(
                    "The mapping has no e-mail column to join the account list on.",
                ));
            }
        }
        _ => {}
    }
    out
}

/// The question id of a rating column: its key, unless that is a dimension id.
fn question_id(key: &str) -> String {
    if key == "solution" || Dimension::from_id(key).is_some() {
        format!("q_{key}")
    } else {
        key.to_string()
    }
}

/// Writes the document. Fatal problems (the mapping lacks something) reject it.
pub fn write<'a>(
    export: &'a Table,
    list: Option<&'a Table>,
    profile: &Profile,
) -> Result<Written<'a>, Vec<Problem>> {
    let m = Mapped::new(export, profile.tool, profile.header_rows, &profile.columns);
    let mut lm = match (list, &profile.accounts) {
        (Some(t), Some(l)) => Some((Mapped::new(t, Tool::Other, 1, &l.columns), l.join)),
        (Some(t), None) => Some((Mapped::new(t, Tool::Other, 1, &[]), Join::AccountId)),
        _ => None,
    };
    // `invited` with no wave named is the import's (first) wave.
    if let (Some((l, _)), Some(w)) = (&mut lm, profile.waves.first()) {
        for (f, _) in &mut l.fields {
            if *f == Field::Invited(String::new()) {
                *f = Field::Invited(w.id.clone());
            }
        }
    }
    let fatal = lacks(&m, lm.as_ref().map(|(l, j)| (l, *j)), profile);
    if !fatal.is_empty() {
        return Err(fatal);
    }
    let mut problems = export.notes.clone();
    problems.extend(m.notes.iter().cloned());
    let mut map = SourceMap {
        export: Some(export),
        accounts_table: list,
        ..SourceMap::default()
    };
    let mut questions = Vec::new();
    let mut qids = Vec::new();
    for (f, c) in &m.fields {
        if let Field::Rating { dimension, reverse } = f {
            let col = &m.columns[*c];
            let id = question_id(&col.key);
            questions.push(
                json!({"id": id, "dimension": dimension, "text": col.label, "reverse": reverse}),
            );
            map.questions.push((0, *c));
            qids.push((*c, id));
        }
    }
    let mut accounts = match (&lm, list) {
        (Some((l, _)), Some(t)) => {
            problems.extend(l.notes.iter().cloned());
            accounts::from_list(t, l, 1)
        }
        _ => Accounts::default(),
    };
    let rows = Rows {
        table: export,
        m: &m,
        profile,
        qids: &qids,
        domains: &accounts.domains,
        at: Cols::of(&m),
    };
    let read = rows.read(&mut problems);
    map.responses = read.origins;
    map.response_cells = rows.cells();
    if list.is_none() {
        accounts = accounts::from_export(export, &m, &read.accounts);
    }
    map.accounts = accounts.origins.into_iter().enumerate().collect();
    let waves = waves(profile, &read.waves)?;
    let mut doc = Map::new();
    doc.insert("format".into(), json!("rapport/1"));
    if let Some(t) = &profile.title {
        doc.insert("title".into(), json!(t));
    }
    doc.insert(
        "scale".into(),
        json!({"min": profile.scale.min, "max": profile.scale.max}),
    );
    doc.insert("waves".into(), Value::Array(waves));
    doc.insert("accounts".into(), Value::Array(accounts.list));
    doc.insert("questions".into(), Value::Array(questions));
    Ok(Written {
        header: doc,
        responses: read.text,
        map,
        problems,
        excluded: read.excluded,
    })
}

/// The waves written: those of the profile, then those the rows name; a wave without a close
/// date closes on the latest date of its responses.
fn waves(profile: &Profile, seen: &[(String, Option<String>)]) -> Result<Vec<Value>, Vec<Problem>> {
    let mut out = Vec::new();
    let mut fatal = Vec::new();
    let mut ids: Vec<&str> = profile.waves.iter().map(|w| w.id.as_str()).collect();
    ids.extend(
        seen.iter()
            .map(|(id, _)| id.as_str())
            .filter(|id| !profile.waves.iter().any(|w| w.id == *id)),
    );
    for id in ids {
        let spec = profile.waves.iter().find(|w| w.id == id);
        let latest = seen
            .iter()
            .find(|(w, _)| w == id)
            .and_then(|(_, d)| d.clone());
        let closed = spec.and_then(|w| w.closed.clone()).or(latest);
        let label = spec
            .and_then(|w| w.label.clone())
            .unwrap_or_else(|| id.to_string());
        match closed {
            Some(c) => out.push(json!({"id": id, "label": label, "closed": c})),
            None => fatal.push(missing(format!(
                "Wave \"{id}\" has no close date: give it one in the mapping, or map the column \
                 with each response's date."
            ))),
        }
    }
    if fatal.is_empty() {
        Ok(out)
    } else {
        Err(fatal)
    }
}

/// The response rows of an export, read with their mapping.
struct Rows<'a> {
    table: &'a Table,
    m: &'a Mapped,
    profile: &'a Profile,
    qids: &'a [(usize, String)],
    domains: &'a [(String, String)],
    at: Cols,
}

/// The columns of the fields a row is read by, looked up once (not in every row).
struct Cols {
    account_id: Option<usize>,
    account_name: Option<usize>,
    email: Option<usize>,
    wave: Option<usize>,
    date: Option<usize>,
    respondent: Option<usize>,
    role: Option<usize>,
    nps: Option<usize>,
    status: Vec<usize>,
    finished: Vec<usize>,
    comments: Vec<usize>,
}

impl Cols {
    fn of(m: &Mapped) -> Cols {
        Cols {
            account_id: m.col(&Field::AccountId),
            account_name: m.col(&Field::AccountName),
            email: m.col(&Field::Email),
            wave: m.col(&Field::Wave),
            date: m.col(&Field::Date),
            respondent: m.col(&Field::Respondent),
            role: m.col(&Field::Role),
            nps: m.col(&Field::Nps),
            status: m.cols(&Field::Status).collect(),
            finished: m.cols(&Field::Finished).collect(),
            comments: m.cols(&Field::Comment).collect(),
        }
    }
}

/// What the rows gave.
#[derive(Default)]
struct Read {
    /// The responses written, `,\n` between them.
    text: Vec<u8>,
    /// The row of each, and the column of its account.
    origins: Vec<(usize, usize)>,
    /// The row and account id of each response written.
    accounts: Vec<(usize, String)>,
    /// Each wave named, with the latest response date seen in it.
    waves: Vec<(String, Option<String>)>,
    excluded: usize,
}

impl Read {
    /// A response of `wave` completed on `date`: the wave is named, its latest date kept.
    fn saw_wave(&mut self, wave: &str, date: Option<String>) {
        match self.waves.iter_mut().find(|(w, _)| w == wave) {
            Some((_, latest)) => {
                if date > *latest {
                    *latest = date;
                }
            }
            None => self.waves.push((wave.to_string(), date)),
        }
    }
}

impl<'a> Rows<'a> {
    fn excluded(&self, r: usize, c: usize, code: Code, message: String) -> Problem {
        Problem {
            record: Some(self.table.row(r)),
            ..Problem::new(Severity::Excluded, self.table.cell(r, c), code, message)
        }
    }

    /// Why a row is left out before it is written (a preview, a test, unfinished).
    fn left_out(&self, r: usize) -> Option<Problem> {
        let t = self.table;
        if let Some(&c) = self
            .at
            .status
            .iter()
            .find(|&&c| answer::test_response(t.text(r, c)))
        {
            let what = t.text(r, c).trim();
            return Some(self.excluded(
                r,
                c,
                Code::TestResponse,
                format!(
                "A survey preview, test or spam response (\"{what}\"), not a real one: left out."
            ),
            ));
        }
        if let Some(&c) = self
            .at
            .finished
            .iter()
            .find(|&&c| !answer::finished(t.text(r, c)))
        {
            let what = t.text(r, c).trim();
            let shown = if what.is_empty() {
                "empty".to_string()
            } else {
                format!("\"{what}\"")
            };
            return Some(self.excluded(
                r,
                c,
                Code::Unfinished,
                format!(
                    "The respondent did not finish the survey (`{}` is {shown}): left out.",
                    self.m.columns[c].key
                ),
            ));
        }
        None
    }

    /// The account of row `r`, with the column it came from; None when the row names none.
    fn account(&self, r: usize) -> Option<(String, usize)> {
        let t = self.table;
        for c in [self.at.account_id, self.at.account_name]
            .into_iter()
            .flatten()
        {
            let v = t.text(r, c).trim();
            if !v.is_empty() {
                return Some((v.to_string(), c));
            }
        }
        let c = self.at.email?;
        let d = domain(t.text(r, c))?;
        let id = self
            .domains
            .iter()
            .find(|(x, _)| *x == d)
            .map_or(d, |(_, id)| id.clone());
        Some((id, c))
    }

    fn read(&self, problems: &mut Vec<Problem>) -> Read {
        let t = self.table;
        let mut out = Read::default();
        // About twice the table's text once written as JSON: room made once.
        let cells: usize = t.rows.iter().map(|r| r.text_len()).sum();
        out.text.reserve(cells * 2 + 100 * t.rows.len());
        out.origins.reserve(t.rows.len());
        out.accounts.reserve(t.rows.len());
        let mut ratings: Vec<(&str, Answer)> = Vec::with_capacity(self.qids.len());
        // Each role text is read once (there are a few, in every row).
        let mut roles: HashMap<&str, &'static str> = HashMap::new();
        let day_first = self.at.date.is_some_and(|c| {
            when::day_first((self.profile.header_rows..t.rows.len()).map(|r| t.text(r, c)))
        });
        for r in self.profile.header_rows..t.rows.len() {
            if t.rows[r].iter().all(|c| c.trim().is_empty()) {
                continue; // An empty row (trailing rows of a sheet): no response in it.
            }
            if let Some(p) = self.left_out(r) {
                problems.push(p);
                out.excluded += 1;
                continue;
            }
            let Some((account, account_col)) = self.account(r) else {
                problems.push(self.no_account(r));
                out.excluded += 1;
                continue;
            };
            let wave = match self.at.wave {
                Some(c) => t.text(r, c).trim(),
                None => self.profile.waves[0].id.as_str(),
            };
            let date = self
                .at
                .date
                .and_then(|c| when::date_in(t.text(r, c), day_first));
            out.saw_wave(wave, date);
            let numbered;
            let respondent = match self.at.respondent {
                Some(c) if !t.text(r, c).trim().is_empty() => t.text(r, c).trim(),
                _ => {
                    numbered = format!("row-{}", r + 1);
                    numbered.as_str()
                }
            };
            let role = self.role(r, &mut roles);
            ratings.clear();
            ratings.extend(
                self.qids
                    .iter()
                    .map(|(c, id)| (id.as_str(), answer::read(t.text(r, *c), self.profile))),
            );
            let nps = self
                .at
                .nps
                .map(|c| answer::read(t.text(r, c), self.profile))
                .filter(|a| *a != Answer::Blank);
            let response = ResponseOut {
                wave,
                account: &account,
                respondent,
                role,
                ratings: &ratings,
                nps,
                comment: self.comment(r),
            };
            if !out.origins.is_empty() {
                out.text.extend_from_slice(b",\n");
            }
            let _ = serde_json::to_writer(&mut out.text, &response);
            out.origins.push((r, account_col));
            out.accounts.push((r, account));
        }
        out
    }

    /// Why row `r` is left out when it names no account.
    fn no_account(&self, r: usize) -> Problem {
        let c = self.at.account_id.or(self.at.account_name).unwrap_or(0);
        self.excluded(
            r,
            c,
            Code::MissingField,
            "The row names no account: \
        its account cell is empty, so the response cannot be given to an account."
                .into(),
        )
    }

    /// The role of row `r`'s respondent, each role text read once (`roles`: those read).
    fn role(&self, r: usize, roles: &mut HashMap<&'a str, &'static str>) -> Option<&'static str> {
        let s = self.at.role.map(|c| self.table.text(r, c))?;
        if s.trim().is_empty() {
            return None;
        }
        Some(
            *roles
                .entry(s)
                .or_insert_with(|| answer::role(s, self.profile)),
        )
    }

    /// Row `r`'s comments, one a line.
    fn comment(&self, r: usize) -> Option<String> {
        let comments: Vec<&str> = self
            .at
            .comments
            .iter()
            .map(|&c| self.table.text(r, c).trim())
            .filter(|s| !s.is_empty())
            .collect();
        (!comments.is_empty()).then(|| comments.join("\n"))
    }

    /// The column of each field of a response but its account (the same for every row).
    fn cells(&self) -> Vec<(String, usize)> {
        let mut origin = Origin::new(0);
        for (f, key) in [
            (Field::Wave, "wave"),
            (Field::Respondent, "respondent"),
            (Field::Role, "role"),
            (Field::Nps, "nps"),
        ] {
            if let Some(c) = self.m.col(&f) {
                origin.at(key, c);
            }
        }
        for (c, id) in self.qids {
            origin.at(&format!("ratings/{id}"), *c);
        }
        origin.cells
    }
}
