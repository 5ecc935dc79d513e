//! The inside view's lists (README, "The inside view"): `statements` of the obstacles survey,
//! the account team's `predictions` of its clients' answers, and the staff's `internal`
//! answers. Each record is checked as a response is (the same codes where they apply; a
//! record with a problem is left out and listed, at the field).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::deferred::{Records, Spans};
use super::fields::{type_desc, type_name, RecordAt, RecordCheck};
use super::header::{known_account, known_wave, Reader, WaveStatus};
use crate::data::{Account, Inside, InternalAnswer, Prediction, Statement, Wave};
use crate::hash::FxBuild;
use crate::model::{Scale, Target};
use crate::problem::{pointer_token, Code};

/// What the records are checked against.
struct Known<'h> {
    waves: &'h [Wave],
    wave_status: &'h HashMap<String, WaveStatus>,
    accounts: HashMap<&'h str, usize, FxBuild>,
    statements: HashMap<String, usize, FxBuild>,
    /// Statement ids given but left out (for the message of an answer to one).
    left_out: std::collections::HashSet<String, FxBuild>,
    scale: Scale,
}

impl Known<'_> {
    fn wave(&self, c: &mut RecordCheck, o: &Map<String, Value>) -> Option<usize> {
        known_wave(
            c,
            o,
            |w| self.waves.iter().position(|x| x.id == w),
            self.wave_status,
        )
    }
}

impl Reader {
    pub(super) fn inside(
        &mut self,
        doc: &Value,
        deferred: &Spans,
        scale: Scale,
        waves: &[Wave],
        wave_status: &HashMap<String, WaveStatus>,
        accounts: &[Account],
    ) -> Inside {
        let list = |key| {
            doc.get(key)
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice)
        };
        let statements = self.statements(list("statements"));
        let left_out = list("statements")
            .iter()
            .filter_map(|v| v.get("id")?.as_str())
            .filter(|id| !statements.iter().any(|s| s.id == *id))
            .map(str::to_string)
            .collect();
        let known = Known {
            waves,
            wave_status,
            accounts: accounts
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.as_str(), i))
                .collect(),
            statements: statements
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.clone(), i))
                .collect(),
            left_out,
            scale,
        };
        let predictions = self.predictions(&Records::of(doc, deferred, "predictions"), &known);
        let internal = self.internal(&Records::of(doc, deferred, "internal"), &known);
        Inside {
            predictions,
            statements,
            internal,
        }
    }

    fn statements(&mut self, raw: &[Value]) -> Vec<Statement> {
        let mut out: Vec<Statement> = Vec::new();
        for (i, v) in raw.iter().enumerate() {
            let mut c = RecordCheck::new(&mut self.problems, RecordAt::new("statements", i));
            let Some(o) = c.object(v, "A statement") else {
                self.excluded_records += 1;
                continue;
            };
            let id = c.string("id", o.get("id"));
            if let Some(id) = id.filter(|id| out.iter().any(|s| s.id == *id)) {
                c.exclude(
                    c.at("id"),
                    Code::DuplicateId,
                    format!("Statement id \"{id}\" is used twice; this one is left out."),
                );
            }
            let text = c.string("text", o.get("text"));
            let theme = c.opt_string("theme", o.get("theme")).map(str::to_string);
            match (id, text, c.failed) {
                (Some(id), Some(text), false) => out.push(Statement {
                    id: id.to_string(),
                    text: text.to_string(),
                    theme,
                }),
                _ => self.excluded_records += 1,
            }
        }
        out
    }

    fn predictions(&mut self, raw: &Records, known: &Known) -> Vec<Prediction> {
        let mut out = Vec::new();
        let mut seen: HashMap<(usize, usize, String), usize, FxBuild> = HashMap::default();
        self.read_again |= !raw.each(&mut |i, v| {
            let mut c = RecordCheck::new(&mut self.problems, RecordAt::new("predictions", i));
            let p = c
                .object(v, "A prediction")
                .and_then(|o| prediction(&mut c, o, known));
            let Some(p) = p.filter(|_| !c.failed) else {
                self.excluded_records += 1;
                return;
            };
            let key = (p.wave, p.account, p.respondent.clone());
            if let Some(first) = seen.get(&key) {
                c.exclude(
                    c.at("respondent"),
                    Code::DuplicateRespondent,
                    format!(
                        "Team member \"{}\" already predicted this account in wave \"{}\" (see /predictions/{first}); only the first counts.",
                        p.respondent, known.waves[p.wave].id
                    ),
                );
                self.excluded_records += 1;
                return;
            }
            seen.insert(key, i);
            out.push(p);
        });
        out
    }

    fn internal(&mut self, raw: &Records, known: &Known) -> Vec<InternalAnswer> {
        let mut out = Vec::new();
        let mut seen: HashMap<(usize, String), usize, FxBuild> = HashMap::default();
        self.read_again |= !raw.each(&mut |i, v| {
            let mut c = RecordCheck::new(&mut self.problems, RecordAt::new("internal", i));
            let a = c
                .object(v, "An internal answer")
                .and_then(|o| internal(&mut c, o, known));
            let Some(a) = a.filter(|_| !c.failed) else {
                self.excluded_records += 1;
                return;
            };
            let key = (a.wave, a.respondent.clone());
            if let Some(first) = seen.get(&key) {
                c.exclude(
                    c.at("respondent"),
                    Code::DuplicateRespondent,
                    format!(
                        "Respondent \"{}\" already answered wave \"{}\" (see /internal/{first}); only the first answer counts.",
                        a.respondent, known.waves[a.wave].id
                    ),
                );
                self.excluded_records += 1;
                return;
            }
            seen.insert(key, i);
            out.push(a);
        });
        out
    }
}

/// One prediction record (None, or `c.failed`, when it is left out).
fn prediction(c: &mut RecordCheck, o: &Map<String, Value>, known: &Known) -> Option<Prediction> {
    let wave = known.wave(c, o);
    let account = known_account(c, o, |a| known.accounts.get(a).copied());
    let respondent = c.string("respondent", o.get("respondent"));
    let role = c.string("role", o.get("role"));
    let mut ratings = Vec::new();
    match o.get("ratings") {
        None | Some(Value::Null) => {}
        Some(Value::Object(r)) => {
            for (key, val) in r {
                // (Written out only for a problem: checked for every rating of every record.)
                let at = || format!("{}/ratings/{}", c.record, pointer_token(key));
                let Some(target) = Target::from_id(key) else {
                    c.exclude(
                        at(),
                        Code::UnknownRatingKey,
                        format!("Rating key \"{key}\" is neither a dimension id nor `solution`."),
                    );
                    continue;
                };
                match val.as_f64() {
                    Some(x) if (known.scale.min..=known.scale.max).contains(&x) => {
                        ratings.push((target, x));
                    }
                    Some(x) => c.exclude(
                        at(),
                        Code::OutOfRange,
                        format!(
                            "Rating {x} is outside the scale {}–{}.",
                            known.scale.min, known.scale.max
                        ),
                    ),
                    None if val.is_null() => {}
                    None => c.exclude(
                        at(),
                        Code::WrongType,
                        format!("A rating must be a number, not {}.", type_desc(val)),
                    ),
                }
            }
        }
        Some(other) => c.exclude(
            c.at("ratings"),
            Code::WrongType,
            format!(
                "`ratings` must be an object of dimension ids to ratings, not {}.",
                type_name(other)
            ),
        ),
    }
    let nps = match o.get("nps") {
        None | Some(Value::Null) => None,
        Some(v) if !v.is_number() => {
            c.wrong_type("nps", "must be a whole number from 0 to 10", v);
            None
        }
        Some(v) => match v.as_u64().filter(|n| *n <= 10) {
            Some(n) => Some(n as u8),
            None => {
                c.exclude(
                    c.at("nps"),
                    Code::BadNps,
                    format!(
                        "`nps` is {}; it must be a whole number from 0 to 10.",
                        type_desc(v)
                    ),
                );
                None
            }
        },
    };
    if ratings.is_empty() && nps.is_none() && !c.failed {
        c.exclude(
            c.at("ratings"),
            Code::MissingField,
            "A prediction needs at least one rating or `nps`.",
        );
    }
    Some(Prediction {
        wave: wave?,
        account: account?,
        respondent: respondent?.to_string(),
        role: role?.to_string(),
        ratings,
        nps,
    })
}

/// One internal answer record (None, or `c.failed`, when it is left out).
fn internal(c: &mut RecordCheck, o: &Map<String, Value>, known: &Known) -> Option<InternalAnswer> {
    let wave = known.wave(c, o);
    let respondent = c.string("respondent", o.get("respondent"));
    let department = c
        .opt_string("department", o.get("department"))
        .map(str::to_string);
    let mut answers = Vec::new();
    match o.get("answers") {
        Some(Value::Object(a)) => {
            for (key, val) in a {
                // (Written out only for a problem, as a prediction's.)
                let at = || format!("{}/answers/{}", c.record, pointer_token(key));
                let Some(&s) = known.statements.get(key) else {
                    let why = if known.left_out.contains(key.as_str()) {
                        " (that statement was left out)"
                    } else {
                        ""
                    };
                    c.exclude(
                        at(),
                        Code::UnknownStatement,
                        format!("No statement \"{key}\" in `statements`{why}."),
                    );
                    continue;
                };
                match val.as_u64().filter(|n| (1..=5).contains(n)) {
                    Some(n) => answers.push((s, n as u8)),
                    None if val.is_null() => {}
                    None if !val.is_number() => c.exclude(
                        at(),
                        Code::WrongType,
                        format!(
                            "An answer must be a whole number from 1 to 5, not {}.",
                            type_desc(val)
                        ),
                    ),
                    None => c.exclude(
                        at(),
                        Code::OutOfRange,
                        format!(
                            "An answer is 1 (completely disagree) to 5 (completely agree), not {}.",
                            type_desc(val)
                        ),
                    ),
                }
            }
            if answers.is_empty() && !c.failed {
                c.exclude(
                    c.at("answers"),
                    Code::MissingField,
                    "No statement is answered.",
                );
            }
        }
        None => c.exclude(
            c.at("answers"),
            Code::MissingField,
            "`answers` is required.",
        ),
        Some(other) => c.exclude(
            c.at("answers"),
            Code::WrongType,
            format!(
                "`answers` must be an object of statement ids to answers (1–5), not {}.",
                type_name(other)
            ),
        ),
    }
    answers.sort_unstable();
    Some(InternalAnswer {
        wave: wave?,
        respondent: respondent?.to_string(),
        department,
        answers,
    })
}
