//! Writing the answer: each response as it is read and scored, then the trailer.

use chrono::{Datelike, NaiveDate};

use super::format::MAGIC;
#[cfg(feature = "inside")]
use crate::data::Inside;
use crate::data::{ActionStatus, Dataset, Response};
use crate::hash::identity;
use crate::model::{Aggregation, Goal, GoalScope, Measure, Model, Role, Target, N_METRICS};
use crate::problem::{LoadReport, Rejected, Severity};
use crate::read::load_streaming;
use crate::score::{score_respondent, MetricValues};

/// Reads, validates and scores a file; returns its wire form (accepted or rejected).
/// Responses are scored and encoded as they are read, and not kept otherwise.
pub fn read_and_encode(bytes: &[u8]) -> Vec<u8> {
    read_and_encode_identified(bytes, &identity(bytes))
}

/// As `read_and_encode`, for a file whose identity was worked out as it was read.
pub fn read_and_encode_identified(bytes: &[u8], id: &str) -> Vec<u8> {
    read_and_encode_placed(bytes, id, |report| report)
}

/// As `read_and_encode_identified`, with the report passed through `place` before it is
/// written (accepted or rejected): the importer places each problem in the export it wrote
/// the file from.
pub fn read_and_encode_placed(
    bytes: &[u8],
    id: &str,
    place: impl FnOnce(LoadReport) -> LoadReport,
) -> Vec<u8> {
    // About 170 bytes per response on the wire against about 270 in a typical file.
    let mut w = Writer(Vec::with_capacity(bytes.len() / 3 * 2 + 1024));
    w.0.extend_from_slice(MAGIC);
    let count = std::cell::Cell::new(0usize);
    let w = std::cell::RefCell::new(w);
    let result = load_streaming(
        bytes,
        |r, model| {
            w.borrow_mut()
                .response(r, &score_respondent(&r.items, model));
            count.set(count.get() + 1);
        },
        || {
            // The responses are read (again) from the first: start over.
            w.borrow_mut().0.truncate(MAGIC.len());
            count.set(0);
        },
    );
    let mut w = w.into_inner();
    let count = count.get();
    let result = match result {
        Ok((data, report, _)) => Ok((data, place(report))),
        Err(Rejected(report)) => Err(Rejected(place(report))),
    };
    w.trailer(result.as_ref().map(|(d, r)| (d, r)), count, id, bytes.len());
    w.0
}

/// Targets in their wire form (read by `goals_from_wire`).
pub fn goals_to_wire(goals: &[Goal]) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.goals(goals);
    w.0
}

/// The wire form of a data set already read, its responses kept (they are scored here):
/// what the survey-export importer answers, its problems placed in the export.
/// `file_bytes` is the size of the file it came from.
pub fn encode(
    result: &Result<(Dataset, LoadReport), Rejected>,
    id: &str,
    file_bytes: usize,
) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.0.extend_from_slice(MAGIC);
    let mut count = 0;
    if let Ok((data, _)) = result {
        for r in &data.responses {
            w.response(r, &score_respondent(&r.items, &data.model));
        }
        count = data.responses.len();
    }
    w.trailer(result.as_ref().map(|(d, r)| (d, r)), count, id, file_bytes);
    w.0
}

impl Writer {
    /// After the responses: the data set without them (or, rejected, only the report),
    /// then where this trailer starts.
    fn trailer(
        &mut self,
        result: Result<(&Dataset, &LoadReport), &Rejected>,
        count: usize,
        id: &str,
        file_bytes: usize,
    ) {
        let mut trailer = self.0.len();
        match result {
            Ok((data, report)) => {
                self.u8(0);
                self.str(id);
                self.f64(file_bytes as f64);
                self.report(report);
                self.header(data, count);
            }
            Err(Rejected(report)) => {
                self.0.truncate(MAGIC.len());
                trailer = MAGIC.len();
                self.u8(1);
                self.str(id);
                self.f64(file_bytes as f64);
                self.report(report);
            }
        }
        self.u32(trailer);
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    fn u32(&mut self, v: usize) {
        let v = u32::try_from(v).unwrap_or(u32::MAX);
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len());
        self.0.extend_from_slice(b);
    }

    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }

    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn opt_f64(&mut self, v: Option<f64>) {
        self.f64(v.unwrap_or(f64::NAN));
    }

    fn date(&mut self, d: Option<NaiveDate>) {
        let days = d.map_or(i32::MIN, |d| d.num_days_from_ce());
        self.0.extend_from_slice(&days.to_le_bytes());
    }

    fn target(&mut self, t: Option<Target>) {
        self.u8(t.map_or(u8::MAX, |t| t.index() as u8));
    }

    /// The inside view (statements, predictions, internal answers), as a section of its own
    /// that a decoder without the `inside` feature skips.
    #[cfg(feature = "inside")]
    fn inside(&mut self, inside: &Inside) {
        let mut w = Writer(Vec::new());
        w.inside_section(inside);
        self.bytes(&w.0);
    }

    #[cfg(feature = "inside")]
    fn inside_section(&mut self, inside: &Inside) {
        self.u32(inside.statements.len());
        for s in &inside.statements {
            self.str(&s.id);
            self.str(&s.text);
            self.opt_str(s.theme.as_deref());
        }
        self.u32(inside.predictions.len());
        for p in &inside.predictions {
            self.u32(p.wave);
            self.u32(p.account);
            self.str(&p.respondent);
            self.str(&p.role);
            self.u32(p.ratings.len());
            for (t, x) in &p.ratings {
                self.target(Some(*t));
                self.f64(*x);
            }
            self.u8(p.nps.unwrap_or(u8::MAX));
        }
        self.u32(inside.internal.len());
        for a in &inside.internal {
            self.u32(a.wave);
            self.str(&a.respondent);
            self.opt_str(a.department.as_deref());
            self.u32(a.answers.len());
            for (s, n) in &a.answers {
                self.u32(*s);
                self.u8(*n);
            }
        }
    }

    /// Everything of the data set but its responses.
    fn header(&mut self, data: &Dataset, responses: usize) {
        self.opt_str(data.title.as_deref());
        self.f64(data.scale.min);
        self.f64(data.scale.max);
        self.model(&data.model);
        self.u32(data.waves.len());
        for wave in &data.waves {
            self.str(&wave.id);
            self.str(&wave.label);
            self.date(Some(wave.closed));
        }
        self.u32(data.questions.len());
        for q in &data.questions {
            self.str(&q.id);
            self.target(Some(q.target));
            self.str(&q.text);
            self.u8(u8::from(q.reverse));
        }
        #[cfg(feature = "inside")]
        self.inside(&data.inside);
        #[cfg(not(feature = "inside"))]
        self.bytes(&[]);
        self.u32(responses);
        self.u32(data.accounts.len());
        self.u32(data.actions.len());
        for a in &data.accounts {
            self.str(&a.id);
            self.str(&a.name);
            self.opt_str(a.segment.as_deref());
            self.opt_str(a.owner.as_deref());
            self.opt_f64(a.revenue);
            for n in &a.invited {
                self.opt_u32(n.map(|n| n as usize));
            }
        }
        for a in &data.actions {
            self.str(&a.id);
            self.u32(a.account);
            self.u32(a.wave);
            self.target(a.target);
            self.str(&a.title);
            self.opt_str(a.owner.as_deref());
            self.date(a.due);
            self.u8(ActionStatus::ALL
                .iter()
                .position(|&x| x == a.status)
                .unwrap_or(0) as u8);
            self.u8(u8::from(a.agreed_with_client));
            self.opt_str(a.notes.as_deref());
        }
    }

    fn opt_u32(&mut self, v: Option<usize>) {
        self.u32(v.map_or(u32::MAX as usize, |v| v.min(u32::MAX as usize - 1)));
    }

    fn report(&mut self, report: &LoadReport) {
        self.u32(report.excluded_records);
        self.u32(report.responses_read);
        self.u32(report.problems.len());
        for p in &report.problems {
            self.u8(match p.severity {
                Severity::Fatal => 0,
                Severity::Excluded => 1,
                Severity::Warning => 2,
            });
            self.str(&p.pointer);
            self.opt_str(p.record.as_deref());
            self.opt_u32(p.line);
            self.opt_u32(p.column);
            self.str(p.code.id());
            self.str(&p.message);
        }
    }

    fn model(&mut self, m: &Model) {
        for v in m
            .level_weights
            .iter()
            .chain(&m.role_weights)
            .chain(&m.bands)
        {
            self.f64(*v);
        }
        let t = &m.types;
        for v in [
            t.opponent_relationship,
            t.opponent_relationship_low,
            t.opponent_advocacy,
            t.stalker_value_for_money,
            t.stalker_commitment,
            t.ambivalent_gap,
            t.ambassador_relationship,
            t.ambassador_uniqueness,
            t.ambassador_advocacy,
        ] {
            self.f64(v);
        }
        self.u8(Aggregation::ALL
            .iter()
            .position(|&a| a == m.aggregation)
            .unwrap_or(0) as u8);
        self.u8(m.diagram as u8);
        self.u32(m.overridden.len());
        for o in &m.overridden {
            self.str(o);
        }
        self.opt_str(m.currency.as_deref());
        self.goals(&m.targets);
    }

    fn goals(&mut self, goals: &[Goal]) {
        self.u32(goals.len());
        for g in goals {
            // The measure: a metric's index, or N_METRICS for NPS.
            self.u8(match g.measure {
                Measure::Metric(x) => x.index() as u8,
                Measure::Nps => N_METRICS as u8,
            });
            let (kind, id) = match &g.scope {
                GoalScope::Portfolio => (0, None),
                GoalScope::Segment(s) => (1, Some(s.as_str())),
                GoalScope::Owner(s) => (2, Some(s.as_str())),
                GoalScope::Account(s) => (3, Some(s.as_str())),
            };
            self.u8(kind);
            self.opt_str(id);
            self.opt_str(g.wave.as_deref());
            self.f64(g.value);
            self.u32(g.at);
        }
    }

    fn response(&mut self, r: &Response, m: &MetricValues) {
        self.u32(r.wave);
        self.u32(r.account);
        self.u32(r.record);
        self.u8(Role::ALL.iter().position(|&x| x == r.role).unwrap_or(3) as u8);
        self.u8(r.nps.unwrap_or(u8::MAX));
        self.str(&r.respondent);
        self.opt_str(r.comment.as_deref());
        // The metric values in one piece (a million responses are written).
        let mut values = [0u8; N_METRICS * 8];
        for (to, v) in values.chunks_exact_mut(8).zip(m.to_options()) {
            to.copy_from_slice(&v.unwrap_or(f64::NAN).to_le_bytes());
        }
        self.0.extend_from_slice(&values);
    }
}
