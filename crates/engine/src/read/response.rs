//! Checking one response record against the header, and collecting the accepted ones.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::fields::{type_desc, RecordAt, RecordCheck};
use super::header::Header;
use super::record::RawResponse;
use super::tree::Json;
use crate::data::Response;
use crate::hash::FxBuild;
use crate::model::{Dimension, Model, Role, Scale, Target};
use crate::problem::{pointer_token, Code, Problem};

/// What a response is checked against, taken from a valid header.
pub(super) struct ResponseStage {
    pub(super) scale: Scale,
    /// Rating keys (dimension ids, `solution`, question ids): what each measures and whether
    /// it is reverse-coded. Dimension ids win over a question of the same id.
    pub(super) questions: HashMap<String, (Target, bool), FxBuild>,
    pub(super) wave_index: HashMap<String, usize, FxBuild>,
    pub(super) wave_ids: Vec<String>,
    /// Why a wave id from the file is not usable, for waves that were left out.
    pub(super) left_out_waves: HashMap<String, String>,
    pub(super) account_index: HashMap<String, usize, FxBuild>,
    pub(super) model: Model,
}

impl ResponseStage {
    pub(super) fn new(h: &Header) -> ResponseStage {
        ResponseStage {
            scale: h.scale,
            questions: h
                .questions
                .iter()
                .map(|q| (q.id.clone(), (q.target, q.reverse)))
                .chain(
                    Dimension::ALL
                        .map(|d| (d.id().to_string(), (Target::Dimension(d), false)))
                        .into_iter()
                        .chain([("solution".to_string(), (Target::Solution, false))]),
                )
                .collect(),
            wave_index: h
                .waves
                .iter()
                .enumerate()
                .map(|(i, w)| (w.id.clone(), i))
                .collect(),
            wave_ids: h.waves.iter().map(|w| w.id.clone()).collect(),
            left_out_waves: h
                .wave_status
                .iter()
                .filter(|(_, s)| !s.valid)
                .map(|(id, s)| (id.clone(), s.pointer.clone()))
                .collect(),
            account_index: h
                .accounts
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.clone(), i))
                .collect(),
            model: h.model.clone(),
        }
    }
}

/// A rating key with what it measures and whether it is reverse-coded (None: unknown key).
pub(super) type KnownKey<'de> = (Cow<'de, str>, Option<(Target, bool)>);

/// The responses read so far, with their problems.
pub(super) struct ResponsesOut<'de, T> {
    pub(super) responses: Vec<Response>,
    pub(super) kept: Vec<T>,
    pub(super) problems: Vec<Problem>,
    pub(super) excluded: usize,
    pub(super) read: usize,
    /// First record of each (wave, respondent), to report repeats.
    pub(super) first_at: HashMap<(usize, Cow<'de, str>), usize, FxBuild>,
    /// The rating keys of the last record, by position, with what they measure: records
    /// mostly list the same keys in the same order, so most keys are found here.
    pub(super) last_keys: Vec<KnownKey<'de>>,
    /// The last wave and account found: records mostly come grouped by both.
    pub(super) last_wave: Option<(Cow<'de, str>, usize)>,
    pub(super) last_account: Option<(Cow<'de, str>, usize)>,
    /// The buffers of the last response, when it was handed on and not kept: the next one
    /// is made in them, without asking for memory again.
    pub(super) spare: Spare,
    /// Valid responses per (account, wave), counted by runs (records mostly come grouped):
    /// the run under way, and the finished runs added up.
    pub(super) run: Option<((usize, usize), u64)>,
    pub(super) per_account_wave: HashMap<(usize, usize), u64, FxBuild>,
    /// Some valid response comes from a role whose weight is above 0 (kept or streamed on:
    /// the check that scores are not all empty cannot look at stored responses).
    pub(super) weighed: bool,
}

impl<T> ResponsesOut<'_, T> {
    pub(super) fn count(&mut self, account: usize, wave: usize) {
        match &mut self.run {
            Some((group, n)) if *group == (account, wave) => *n += 1,
            run => {
                if let Some((group, n)) = run.replace(((account, wave), 1)) {
                    *self.per_account_wave.entry(group).or_default() += n;
                }
            }
        }
    }

    /// Valid responses per (account, wave).
    pub(super) fn counts(&mut self) -> HashMap<(usize, usize), u64, FxBuild> {
        if let Some((group, n)) = self.run.take() {
            *self.per_account_wave.entry(group).or_default() += n;
        }
        std::mem::take(&mut self.per_account_wave)
    }
}

#[derive(Default)]
pub(super) struct Spare {
    pub(super) items: Vec<(Target, f64)>,
    pub(super) respondent: String,
    pub(super) comment: String,
}

/// `text` in `buffer` (emptied first).
pub(super) fn into_buffer(mut buffer: String, text: &str) -> String {
    buffer.clear();
    buffer.push_str(text);
    buffer
}

impl<T> Default for ResponsesOut<'_, T> {
    fn default() -> Self {
        ResponsesOut {
            responses: Vec::new(),
            kept: Vec::new(),
            problems: Vec::new(),
            excluded: 0,
            read: 0,
            first_at: HashMap::default(),
            last_keys: Vec::new(),
            last_wave: None,
            last_account: None,
            spare: Spare::default(),
            run: None,
            per_account_wave: HashMap::default(),
            weighed: false,
        }
    }
}

/// Whether two (short) keys are the same: a byte loop beats a call to memcmp for them.
pub(super) fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// What rating key `key`, at position `j` of its record, measures (and whether it is
/// reverse-coded), looked up in the keys of the last record first.
// `&Cow`, not `&str`: the key is cloned into the cache, and a borrowed one stays borrowed.
#[allow(clippy::ptr_arg)]
pub(super) fn rating_key<'de>(
    stage: &ResponseStage,
    last: &mut Vec<KnownKey<'de>>,
    j: usize,
    key: &Cow<'de, str>,
) -> Option<(Target, bool)> {
    if let Some((k, found)) = last.get(j) {
        if same_key(k, key) {
            return *found;
        }
    }
    let found = stage.questions.get(&**key).copied();
    if j < last.len() {
        last[j] = (key.clone(), found);
    } else if j == last.len() {
        last.push((key.clone(), found));
    }
    found
}

/// `index[key]`, the last key found asked first.
// `&Cow`, not `&str`: the key is cloned into the cache, and a borrowed one stays borrowed.
#[allow(clippy::ptr_arg)]
pub(super) fn index_of<'de>(
    index: &HashMap<String, usize, FxBuild>,
    last: &mut Option<(Cow<'de, str>, usize)>,
    key: &Cow<'de, str>,
) -> Option<usize> {
    if let Some((k, i)) = last {
        if same_key(k, key) {
            return Some(*i);
        }
    }
    let i = *index.get(&**key)?;
    *last = Some((key.clone(), i));
    Some(i)
}

/// A required string of a response, as the file has it (borrowed when it has no escapes).
fn string<'j, 'de>(
    c: &mut RecordCheck,
    key: &str,
    v: Option<&'j Json<'de>>,
) -> Option<&'j Cow<'de, str>> {
    c.string(key, v)?;
    match v {
        Some(Json::String(s)) => Some(s),
        _ => None,
    }
}

/// Checks one response record; returns it when it is kept.
pub(super) fn read_response<'de, T>(
    stage: &ResponseStage,
    out: &mut ResponsesOut<'de, T>,
    i: usize,
    raw: &RawResponse<'de>,
) -> Option<Response> {
    let rec = RecordAt::new("responses", i);
    out.problems.extend(
        raw.repeated
            .iter()
            .map(|suffix| Problem::duplicate_key(format!("{rec}{suffix}"))),
    );
    let mut c = RecordCheck::new(&mut out.problems, rec);
    if let Some(v) = &raw.not_object {
        c.not_object(v, "A response");
        out.excluded += 1;
        return None;
    };
    let wave = string(&mut c, "wave", raw.wave.as_ref())
        .and_then(|w| find_wave(stage, &mut out.last_wave, &mut c, w));
    let account = string(&mut c, "account", raw.account.as_ref())
        .and_then(|a| find_account(stage, &mut out.last_account, &mut c, a));
    let respondent = string(&mut c, "respondent", raw.respondent.as_ref());
    let role = c.opt_name("role", raw.role.as_ref()).map_or(Role::Other, |s| {
        Role::from_id(s).unwrap_or_else(|| {
            c.exclude(
                c.at("role"),
                Code::UnknownRole,
                format!("Role \"{s}\" is not one of decision_maker, influencer, operational, other."),
            );
            Role::Other
        })
    });
    let mut items = std::mem::take(&mut out.spare.items);
    items.clear();
    ratings(stage, &mut out.last_keys, &mut c, raw, &mut items);
    let nps = nps(&mut c, raw.nps.as_ref());
    let comment = c.opt_string("comment", raw.comment.as_ref());
    if let (Some(w), Some(r), false) = (wave, respondent, c.failed) {
        // Nothing has failed so far, so wave, account and respondent are all known: the
        // record is kept unless its respondent answered this wave before.
        match out.first_at.entry((w, r.clone())) {
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
            Entry::Occupied(first) => c.exclude(
                c.at("respondent"),
                Code::DuplicateRespondent,
                format!(
                    "Respondent \"{r}\" already answered wave \"{}\" (see /responses/{}); only the first response counts.",
                    stage.wave_ids[w],
                    first.get()
                ),
            ),
        }
    }
    match (c.failed, wave, account, respondent) {
        (false, Some(wave), Some(account), Some(respondent)) => Some(Response {
            wave,
            account,
            respondent: into_buffer(std::mem::take(&mut out.spare.respondent), respondent),
            role,
            items,
            nps,
            comment: comment.map(|c| into_buffer(std::mem::take(&mut out.spare.comment), c)),
            record: i,
        }),
        _ => {
            out.excluded += 1;
            None
        }
    }
}

/// The record's ratings, checked against the scale and the known keys, into `items`
/// (reverse-coded where the question says so).
fn ratings<'de>(
    stage: &ResponseStage,
    last_keys: &mut Vec<KnownKey<'de>>,
    c: &mut RecordCheck,
    raw: &RawResponse<'de>,
    items: &mut Vec<(Target, f64)>,
) {
    match (&raw.ratings_other, raw.ratings_present) {
        (Some(v), _) => c.wrong_type("ratings", "must be an object", v),
        (None, false) => c.exclude(
            c.at("ratings"),
            Code::MissingField,
            "`ratings` is required (use {} for a response that rates nothing).",
        ),
        (None, true) => {
            let r = &raw.ratings;
            let repeated_keys = !raw.repeated.is_empty();
            items.reserve_exact(r.len());
            let (mut direct_solution, mut solution_parts) = (false, false);
            for (j, (key, val)) in r.iter().enumerate() {
                if repeated_keys && r[j + 1..].iter().any(|(k, _)| k == key) {
                    continue; // the last value of a repeated key counts
                }
                let Some((target, reverse)) = rating_key(stage, last_keys, j, key) else {
                    c.exclude(
                        format!("{}/ratings/{}", c.record, pointer_token(key)),
                        Code::UnknownRatingKey,
                        format!("Rating key \"{key}\" is neither a dimension id, `solution`, nor a valid question id."),
                    );
                    continue;
                };
                let Some(x) = rating(c, stage.scale, key, val) else {
                    continue;
                };
                match target {
                    Target::Solution => direct_solution = true,
                    Target::Dimension(d) if d.is_solution_part() => solution_parts = true,
                    _ => {}
                }
                let scale = stage.scale;
                items.push((
                    target,
                    if reverse {
                        scale.min + scale.max - x
                    } else {
                        x
                    },
                ));
            }
            if direct_solution && solution_parts {
                c.exclude(
                    c.at("ratings"),
                    Code::SolutionAndParts,
                    "The response rates `solution` directly and also innovation, leading_edge or value_for_money; rate one or the other.",
                );
            }
        }
    }
}

/// One rating's value: a number on the scale, or None (not answered, or a problem recorded).
fn rating(c: &mut RecordCheck, scale: Scale, key: &str, val: &Json) -> Option<f64> {
    let p = |c: &RecordCheck| format!("{}/ratings/{}", c.record, pointer_token(key));
    match val {
        Json::Null => None,
        Json::Number(n) => match n.as_f64() {
            Some(x) if x >= scale.min && x <= scale.max => Some(x),
            _ => {
                c.exclude(
                    p(c),
                    Code::OutOfRange,
                    format!(
                        "Rating {n} is outside the scale {}–{}.",
                        scale.min, scale.max
                    ),
                );
                None
            }
        },
        other => {
            c.exclude(
                p(c),
                Code::WrongType,
                format!(
                    "A rating must be a number or null, not {}.",
                    type_desc(other)
                ),
            );
            None
        }
    }
}

/// The Net Promoter answer, 0–10 (None when not given, or a problem recorded).
fn nps(c: &mut RecordCheck, v: Option<&Json>) -> Option<u8> {
    match v {
        None | Some(Json::Null) => None,
        Some(Json::Number(n)) => match n.as_u64() {
            Some(k) if k <= 10 => Some(k as u8),
            _ => {
                c.exclude(
                    c.at("nps"),
                    Code::BadNps,
                    format!("`nps` is {n}; it must be a whole number from 0 to 10."),
                );
                None
            }
        },
        Some(v) => {
            c.exclude(
                c.at("nps"),
                Code::WrongType,
                format!(
                    "`nps` must be a whole number 0–10 or null, not {}.",
                    type_desc(v)
                ),
            );
            None
        }
    }
}

/// The index of the response's wave (None, with the reason recorded, when unknown).
// `&Cow`, not `&str`: the key is cloned into the cache, and a borrowed one stays borrowed.
#[allow(clippy::ptr_arg)]
fn find_wave<'de>(
    stage: &ResponseStage,
    last: &mut Option<(Cow<'de, str>, usize)>,
    c: &mut RecordCheck,
    w: &Cow<'de, str>,
) -> Option<usize> {
    let found = index_of(&stage.wave_index, last, w);
    if found.is_none() {
        let why = match stage.left_out_waves.get(&**w) {
            Some(pointer) => format!("wave \"{w}\" was left out (see {pointer})"),
            None => format!("there is no wave \"{w}\" in `waves`"),
        };
        c.exclude(
            c.at("wave"),
            Code::UnknownWave,
            format!("Unknown wave: {why}."),
        );
    }
    found
}

/// The index of the response's account (None, with the reason recorded, when unknown).
// `&Cow`, not `&str`: the key is cloned into the cache, and a borrowed one stays borrowed.
#[allow(clippy::ptr_arg)]
fn find_account<'de>(
    stage: &ResponseStage,
    last: &mut Option<(Cow<'de, str>, usize)>,
    c: &mut RecordCheck,
    a: &Cow<'de, str>,
) -> Option<usize> {
    let found = index_of(&stage.account_index, last, a);
    if found.is_none() {
        c.exclude(
            c.at("account"),
            Code::UnknownAccount,
            format!("Unknown account: there is no valid account \"{a}\" in `accounts`."),
        );
    }
    found
}
