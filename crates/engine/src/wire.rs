//! The compact binary form in which a scored data set travels from the Web Worker that reads
//! it to the page (a transferable buffer: no copy, no JSON on the page's thread).
//!
//! Layout (little-endian): magic `RPW6`; each kept response with its metric values, written
//! as it is read (so the worker never holds the responses twice); then a trailer: kind
//! (0 accepted, 1 rejected), the file's identity (empty when the page works it out from the
//! parts the worker passes on) and size, the load report, the data set
//! (the numbers of responses, accounts and actions, then the accounts and the actions last);
//! last, the trailer's offset (u32). Accounts, actions and responses are decoded a batch at
//! a time, so that the page stays responsive while it takes in a large portfolio.

use chrono::{Datelike, NaiveDate};

use super::data::{Account, Action, ActionStatus, Dataset, Question, Response, Wave};
use super::model::{Aggregation, DiagramOrder, Dimension, Model, Scale, Target, TypeThresholds};
use super::model::{Role, N_METRICS};
use super::problem::{Code, LoadReport, Problem, Rejected, Severity};
use super::read::load_streaming;
use super::score::{score_respondent, MetricValues, Portfolio};

const MAGIC: &[u8; 4] = b"RPW6";

pub use crate::hash::{identity, Identity};

/// Reads, validates and scores a file; returns its wire form (accepted or rejected).
/// Responses are scored and encoded as they are read, and not kept otherwise.
pub fn read_and_encode(bytes: &[u8]) -> Vec<u8> {
    read_and_encode_identified(bytes, &identity(bytes))
}

/// As `read_and_encode`, for a file whose identity was worked out as it was read.
pub fn read_and_encode_identified(bytes: &[u8], id: &str) -> Vec<u8> {
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
    let mut trailer = w.0.len();
    match result {
        Ok((data, report, _)) => {
            w.u8(0);
            w.str(id);
            w.f64(bytes.len() as f64);
            w.report(&report);
            w.header(&data, count);
        }
        Err(Rejected(report)) => {
            w.0.truncate(MAGIC.len());
            trailer = MAGIC.len();
            w.u8(1);
            w.str(id);
            w.f64(bytes.len() as f64);
            w.report(&report);
        }
    }
    w.u32(trailer);
    w.0
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
        self.u8(match t {
            None => u8::MAX,
            Some(Target::Solution) => 10,
            Some(Target::Dimension(d)) => d as u8,
        });
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

/// What the worker sent, read step by step. The answer may stay outside this module's
/// memory (a JS buffer on the page): the decoder asks for byte ranges through `read`, a
/// window at a time, so the responses are never held twice.
pub struct Decoder {
    /// Next response's offset, and where the responses end (the trailer starts).
    pos: usize,
    end: usize,
    /// The trailer while accounts and actions are still to be taken in (they end it), and
    /// where the next one starts; then empty.
    trailer: Vec<u8>,
    trailer_pos: usize,
    /// Accounts, then actions, still to be taken in.
    left: [usize; 2],
    /// Room made for the accounts and actions (0), the responses (1), and their metric
    /// values (2): each in a step of its own, since getting memory for tens of thousands of
    /// accounts or a million responses takes tens of milliseconds on Chromium.
    reserved: [bool; 3],
    data: Dataset,
    respondents: Vec<MetricValues>,
    remaining: usize,
    /// Bytes read per window (grown when one response does not fit).
    window: usize,
}

/// The start of a worker's answer.
pub enum Opened {
    /// The file was accepted: take in the responses with `Decoder::step`.
    Accepted {
        identity: String,
        /// The size of the file read.
        file_bytes: f64,
        report: LoadReport,
        decoder: Box<Decoder>,
    },
    Rejected {
        identity: String,
        file_bytes: f64,
        report: LoadReport,
    },
}

fn corrupt() -> String {
    "The data reader's answer is damaged (internal error); please report it.".to_string()
}

/// Bytes read per window when taking responses in.
const WINDOW: usize = 4 << 20;

impl Decoder {
    /// Reads the head of an answer of `len` bytes: identity, report and (when accepted) the
    /// header. `read` returns the bytes of a range of the answer.
    pub fn open(
        len: usize,
        mut read: impl FnMut(std::ops::Range<usize>) -> Vec<u8>,
    ) -> Result<Opened, String> {
        if len < MAGIC.len() + 4 || read(0..MAGIC.len()) != MAGIC {
            return Err(corrupt());
        }
        let body = len - 4;
        let at: [u8; 4] = read(body..len).try_into().map_err(|_| corrupt())?;
        let trailer = u32::from_le_bytes(at) as usize;
        if !(MAGIC.len()..=body).contains(&trailer) {
            return Err(corrupt());
        }
        let tail = read(trailer..body);
        let mut c = Cursor { buf: &tail, pos: 0 };
        let kind = c.u8()?;
        let identity = c.str()?.to_string();
        let file_bytes = c.f64()?;
        let report = c.report()?;
        if kind == 1 {
            return Ok(Opened::Rejected {
                identity,
                file_bytes,
                report,
            });
        }
        let (data, remaining, left) = c.header()?;
        if remaining > (trailer - MAGIC.len()) / (N_METRICS * 8)
            || (left == [0, 0] && c.pos != tail.len())
        {
            return Err(corrupt());
        }
        let trailer_pos = c.pos;
        Ok(Opened::Accepted {
            identity,
            file_bytes,
            report,
            decoder: Box::new(Decoder {
                pos: MAGIC.len(),
                end: trailer,
                trailer: if left == [0, 0] { Vec::new() } else { tail },
                trailer_pos,
                left,
                reserved: [false; 3],
                data,
                respondents: Vec::new(),
                remaining,
                window: WINDOW,
            }),
        })
    }

    /// One step of taking the data in: room for the data (three steps), then up to `max`
    /// accounts, actions or responses; true when all are in.
    pub fn step(
        &mut self,
        max: usize,
        mut read: impl FnMut(std::ops::Range<usize>) -> Vec<u8>,
    ) -> Result<bool, String> {
        if !self.reserved[0] {
            self.reserved[0] = true;
            self.data.accounts.reserve_exact(self.left[0]);
            self.data.actions.reserve_exact(self.left[1]);
            return Ok(false);
        }
        if !self.reserved[1] {
            self.reserved[1] = true;
            self.data.responses.reserve_exact(self.remaining);
            return Ok(false);
        }
        if !self.reserved[2] {
            self.reserved[2] = true;
            self.respondents.reserve_exact(self.remaining);
            return Ok(false);
        }
        if self.left != [0, 0] {
            let mut c = Cursor {
                buf: &self.trailer,
                pos: self.trailer_pos,
            };
            let waves = self.data.waves.len();
            let mut budget = max.max(1);
            while budget > 0 && self.left != [0, 0] {
                if self.left[0] > 0 {
                    self.data.accounts.push(c.account(waves)?);
                    self.left[0] -= 1;
                } else {
                    // All accounts are in.
                    let accounts = self.data.accounts.len();
                    self.data.actions.push(c.action(accounts, waves)?);
                    self.left[1] -= 1;
                }
                budget -= 1;
            }
            self.trailer_pos = c.pos;
            if self.left == [0, 0] {
                if self.trailer_pos != self.trailer.len() {
                    return Err(corrupt());
                }
                self.trailer = Vec::new();
            }
            return Ok(self.left == [0, 0] && self.remaining == 0);
        }
        let mut want = max.min(self.remaining);
        let mut window = self.window;
        while want > 0 {
            let stop = self.end.min(self.pos.saturating_add(window));
            let bytes = read(self.pos..stop);
            let last_window = stop == self.end;
            let mut c = Cursor {
                buf: &bytes,
                pos: 0,
            };
            let mut got = 0;
            while got < want {
                let start = c.pos;
                match c.response() {
                    Ok((r, m)) => {
                        if r.wave >= self.data.waves.len() || r.account >= self.data.accounts.len()
                        {
                            return Err(corrupt());
                        }
                        self.data.responses.push(r);
                        self.respondents.push(m);
                        got += 1;
                    }
                    Err(e) if last_window => return Err(e),
                    Err(_) => {
                        c.pos = start; // this response runs past the window
                        break;
                    }
                }
            }
            if got == 0 {
                window = window.saturating_mul(2); // one response larger than the window
                continue;
            }
            self.pos += c.pos;
            self.remaining -= got;
            want -= got;
        }
        Ok(self.remaining == 0)
    }

    /// Reads `bytes` at a time (4 MB by default).
    pub fn set_window(&mut self, bytes: usize) {
        self.window = bytes.max(1);
    }

    /// The portfolio, once `step` has returned true.
    pub fn finish(self) -> Result<Portfolio, String> {
        if self.left != [0, 0] || self.remaining > 0 || self.pos != self.end {
            return Err(corrupt());
        }
        Ok(Portfolio::from_scored(self.data, self.respondents))
    }
}

/// Decodes a whole answer held in memory.
pub fn decode(buf: &[u8]) -> Result<Result<(Portfolio, LoadReport, String), LoadReport>, String> {
    let read = |r: std::ops::Range<usize>| buf.get(r).map(<[u8]>::to_vec).unwrap_or_default();
    match Decoder::open(buf.len(), read)? {
        Opened::Accepted {
            identity,
            report,
            mut decoder,
            ..
        } => {
            while !decoder.step(usize::MAX, read)? {}
            Ok(Ok((decoder.finish()?, report, identity)))
        }
        Opened::Rejected { report, .. } => Ok(Err(report)),
    }
}

/// Reads primitives from a byte slice.
struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn f64(&mut self) -> Result<f64, String> {
        let b = self.take(8)?;
        Ok(f64::from_le_bytes(b.try_into().map_err(|_| corrupt())?))
    }

    fn opt_f64(&mut self) -> Result<Option<f64>, String> {
        Ok(Some(self.f64()?).filter(|v| !v.is_nan()))
    }

    fn date(&mut self) -> Result<Option<NaiveDate>, String> {
        let b = self.take(4)?;
        let days = i32::from_le_bytes(b.try_into().map_err(|_| corrupt())?);
        if days == i32::MIN {
            return Ok(None);
        }
        NaiveDate::from_num_days_from_ce_opt(days)
            .map(Some)
            .ok_or_else(corrupt)
    }

    fn target(&mut self) -> Result<Option<Target>, String> {
        Ok(match self.u8()? {
            u8::MAX => None,
            10 => Some(Target::Solution),
            d => Some(Target::Dimension(
                *Dimension::ALL.get(d as usize).ok_or_else(corrupt)?,
            )),
        })
    }

    fn count(&mut self, min_bytes: usize) -> Result<usize, String> {
        let n = self.u32()?;
        // Each item takes at least `min_bytes`: a damaged count cannot ask for more.
        if n > (self.buf.len() - self.pos) / min_bytes.max(1) {
            return Err(corrupt());
        }
        Ok(n)
    }

    /// The header but its accounts and actions (which come last, taken in by
    /// `Decoder::step`): the data set without them and without responses, the number of
    /// responses, and the numbers of accounts and actions.
    fn header(&mut self) -> Result<(Dataset, usize, [usize; 2]), String> {
        let title = self.opt_str()?.map(str::to_string);
        let scale = Scale {
            min: self.f64()?,
            max: self.f64()?,
        };
        let model = self.model()?;
        let n = self.count(12)?;
        let mut waves = Vec::with_capacity(n);
        for _ in 0..n {
            waves.push(Wave {
                id: self.str()?.to_string(),
                label: self.str()?.to_string(),
                closed: self.date()?.ok_or_else(corrupt)?,
            });
        }
        let n = self.count(10)?;
        let mut questions = Vec::with_capacity(n);
        for _ in 0..n {
            questions.push(Question {
                id: self.str()?.to_string(),
                target: self.target()?.ok_or_else(corrupt)?,
                text: self.str()?.to_string(),
                reverse: self.u8()? != 0,
            });
        }
        let responses = self.u32()?;
        let n_accounts = self.u32()?;
        let n_actions = self.u32()?;
        // Each account takes at least 4 × 4 bytes and a u32 per wave; each action 31 bytes.
        let least = n_accounts
            .checked_mul(16 + 4 * waves.len())
            .and_then(|a| a.checked_add(n_actions.checked_mul(31)?));
        if least.is_none_or(|least| least > self.buf.len() - self.pos) {
            return Err(corrupt());
        }
        let data = Dataset {
            title,
            scale,
            waves,
            accounts: Vec::new(),
            questions,
            responses: Vec::new(),
            actions: Vec::new(),
            model,
        };
        Ok((data, responses, [n_accounts, n_actions]))
    }

    /// An action of a data set with `accounts` accounts and `waves` waves.
    fn action(&mut self, accounts: usize, waves: usize) -> Result<Action, String> {
        let a = Action {
            id: self.str()?.to_string(),
            account: self.u32()?,
            wave: self.u32()?,
            target: self.target()?,
            title: self.str()?.to_string(),
            owner: self.opt_str()?.map(str::to_string),
            due: self.date()?,
            status: *ActionStatus::ALL
                .get(self.u8()? as usize)
                .ok_or_else(corrupt)?,
            agreed_with_client: self.u8()? != 0,
            notes: self.opt_str()?.map(str::to_string),
        };
        if a.account >= accounts || a.wave >= waves {
            return Err(corrupt());
        }
        Ok(a)
    }

    fn account(&mut self, waves: usize) -> Result<Account, String> {
        Ok(Account {
            id: self.str()?.to_string(),
            name: self.str()?.to_string(),
            segment: self.opt_str()?.map(str::to_string),
            owner: self.opt_str()?.map(str::to_string),
            revenue: self.opt_f64()?,
            invited: (0..waves)
                .map(|_| Ok(self.opt_u32()?.map(|v| v as u32)))
                .collect::<Result<_, String>>()?,
        })
    }

    fn model(&mut self) -> Result<Model, String> {
        let mut f = |n| {
            (0..n)
                .map(|_| self.f64())
                .collect::<Result<Vec<f64>, String>>()
        };
        let level_weights = f(3)?.try_into().map_err(|_| corrupt())?;
        let role_weights = f(4)?.try_into().map_err(|_| corrupt())?;
        let bands = f(4)?.try_into().map_err(|_| corrupt())?;
        let [opponent_relationship, opponent_relationship_low, opponent_advocacy, stalker_value_for_money, stalker_commitment, ambivalent_gap, ambassador_relationship, ambassador_uniqueness, ambassador_advocacy] =
            f(9)?.try_into().map_err(|_| corrupt())?;
        let types = TypeThresholds {
            opponent_relationship,
            opponent_relationship_low,
            opponent_advocacy,
            stalker_value_for_money,
            stalker_commitment,
            ambivalent_gap,
            ambassador_relationship,
            ambassador_uniqueness,
            ambassador_advocacy,
        };
        let aggregation = *Aggregation::ALL
            .get(self.u8()? as usize)
            .ok_or_else(corrupt)?;
        let diagram = *DiagramOrder::ALL
            .get(self.u8()? as usize)
            .ok_or_else(corrupt)?;
        let n = self.count(4)?;
        let overridden = (0..n)
            .map(|_| Ok(self.str()?.to_string()))
            .collect::<Result<_, String>>()?;
        Ok(Model {
            level_weights,
            role_weights,
            aggregation,
            bands,
            types,
            diagram,
            overridden,
        })
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).ok_or_else(corrupt)?;
        let s = self.buf.get(self.pos..end).ok_or_else(corrupt)?;
        self.pos = end;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<usize, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn opt_u32(&mut self) -> Result<Option<usize>, String> {
        let v = self.u32()?;
        Ok((v != u32::MAX as usize).then_some(v))
    }

    fn take_bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.u32()?;
        self.take(n)
    }

    fn str(&mut self) -> Result<&'a str, String> {
        let b = self.take_bytes()?;
        std::str::from_utf8(b).map_err(|_| corrupt())
    }

    fn opt_str(&mut self) -> Result<Option<&'a str>, String> {
        Ok(match self.u8()? {
            0 => None,
            _ => Some(self.str()?),
        })
    }

    fn report(&mut self) -> Result<LoadReport, String> {
        let excluded_records = self.u32()?;
        let responses_read = self.u32()?;
        let n = self.u32()?;
        let mut problems = Vec::with_capacity(n.min(self.buf.len() / 8));
        for _ in 0..n {
            let severity = match self.u8()? {
                0 => Severity::Fatal,
                1 => Severity::Excluded,
                _ => Severity::Warning,
            };
            let pointer = self.str()?.to_string();
            let record = self.opt_str()?.map(str::to_string);
            let line = self.opt_u32()?;
            let column = self.opt_u32()?;
            let code = Code::from_id(self.str()?).ok_or_else(corrupt)?;
            let message = self.str()?.to_string();
            problems.push(Problem {
                severity,
                pointer,
                record,
                line,
                column,
                code,
                message,
            });
        }
        Ok(LoadReport {
            problems,
            excluded_records,
            responses_read,
        })
    }

    fn response(&mut self) -> Result<(Response, MetricValues), String> {
        let wave = self.u32()?;
        let account = self.u32()?;
        let record = self.u32()?;
        let role = *Role::ALL.get(self.u8()? as usize).ok_or_else(corrupt)?;
        let nps = Some(self.u8()?).filter(|&n| n <= 10);
        let respondent = self.str()?.to_string();
        let comment = self.opt_str()?.map(str::to_string);
        let raw = self.take(N_METRICS * 8)?;
        let mut m = [None; N_METRICS];
        for (slot, b) in m.iter_mut().zip(raw.chunks_exact(8)) {
            let v = f64::from_le_bytes(b.try_into().map_err(|_| corrupt())?);
            *slot = (!v.is_nan()).then_some(v);
        }
        let r = Response {
            wave,
            account,
            respondent,
            role,
            items: Vec::new(),
            nps,
            comment,
            record,
        };
        Ok((r, MetricValues::from(m)))
    }
}
