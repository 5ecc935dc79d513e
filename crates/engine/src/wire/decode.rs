//! Reading the answer back, a step at a time so the page stays responsive.

use super::cursor::Cursor;
use super::format::{Damaged, MAGIC};
use crate::data::Dataset;
use crate::model::{Goal, N_METRICS};
use crate::problem::LoadReport;
use crate::score::{MetricValues, Portfolio};

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
    stage: Stage,
    data: Dataset,
    respondents: Vec<MetricValues>,
    remaining: usize,
    /// Bytes read per window (grown when one response does not fit).
    window: usize,
}

/// What the next `Decoder::step` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Make room for the accounts and actions, then for the responses, then for their
    /// metric values: each in a step of its own, since getting memory for tens of thousands
    /// of accounts or a million responses takes tens of milliseconds on Chromium.
    RoomForAccounts,
    RoomForResponses,
    RoomForScores,
    /// Take in accounts, then actions, from the trailer.
    Trailer,
    /// Take in responses, a window of the answer at a time.
    Responses,
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

/// Bytes read per window when taking responses in.
const WINDOW: usize = 4 << 20;

impl Decoder {
    /// Reads the head of an answer of `len` bytes: identity, report and (when accepted) the
    /// header. `read` returns the bytes of a range of the answer.
    pub fn open(
        len: usize,
        mut read: impl FnMut(std::ops::Range<usize>) -> Vec<u8>,
    ) -> Result<Opened, Damaged> {
        if len < MAGIC.len() + 4 || read(0..MAGIC.len()) != MAGIC {
            return Err(Damaged);
        }
        let body = len - 4;
        let at: [u8; 4] = read(body..len).try_into().map_err(|_| Damaged)?;
        let trailer = u32::from_le_bytes(at) as usize;
        if !(MAGIC.len()..=body).contains(&trailer) {
            return Err(Damaged);
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
            return Err(Damaged);
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
                stage: Stage::RoomForAccounts,
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
        read: impl FnMut(std::ops::Range<usize>) -> Vec<u8>,
    ) -> Result<bool, Damaged> {
        match self.stage {
            Stage::RoomForAccounts => {
                self.data.accounts.reserve_exact(self.left[0]);
                self.data.actions.reserve_exact(self.left[1]);
                self.stage = Stage::RoomForResponses;
            }
            Stage::RoomForResponses => {
                self.data.responses.reserve_exact(self.remaining);
                self.stage = Stage::RoomForScores;
            }
            Stage::RoomForScores => {
                self.respondents.reserve_exact(self.remaining);
                self.stage = if self.left == [0, 0] {
                    Stage::Responses
                } else {
                    Stage::Trailer
                };
            }
            Stage::Trailer => {
                self.step_trailer(max)?;
                if self.left == [0, 0] {
                    self.stage = Stage::Responses;
                    return Ok(self.remaining == 0);
                }
            }
            Stage::Responses => {
                self.step_responses(max, read)?;
                return Ok(self.remaining == 0);
            }
        }
        Ok(false)
    }

    /// Up to `max` accounts, then actions, from the trailer.
    fn step_trailer(&mut self, max: usize) -> Result<(), Damaged> {
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
                return Err(Damaged);
            }
            self.trailer = Vec::new();
        }
        Ok(())
    }

    /// Up to `max` responses, read a window of the answer at a time.
    fn step_responses(
        &mut self,
        max: usize,
        mut read: impl FnMut(std::ops::Range<usize>) -> Vec<u8>,
    ) -> Result<(), Damaged> {
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
                            return Err(Damaged);
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
        Ok(())
    }

    /// Reads `bytes` at a time (4 MB by default).
    pub fn set_window(&mut self, bytes: usize) {
        self.window = bytes.max(1);
    }

    /// The portfolio, once `step` has returned true.
    pub fn finish(self) -> Result<Portfolio, Damaged> {
        if self.left != [0, 0] || self.remaining > 0 || self.pos != self.end {
            return Err(Damaged);
        }
        Ok(Portfolio::from_scored(self.data, self.respondents))
    }
}

/// A whole answer, decoded.
#[derive(Debug)]
pub enum Decoded {
    Accepted {
        portfolio: Box<Portfolio>,
        report: LoadReport,
        identity: String,
    },
    Rejected(LoadReport),
}

/// Decodes a whole answer held in memory.
pub fn decode(buf: &[u8]) -> Result<Decoded, Damaged> {
    let read = |r: std::ops::Range<usize>| buf.get(r).map(<[u8]>::to_vec).unwrap_or_default();
    match Decoder::open(buf.len(), read)? {
        Opened::Accepted {
            identity,
            report,
            mut decoder,
            ..
        } => {
            while !decoder.step(usize::MAX, read)? {}
            Ok(Decoded::Accepted {
                portfolio: Box::new(decoder.finish()?),
                report,
                identity,
            })
        }
        Opened::Rejected { report, .. } => Ok(Decoded::Rejected(report)),
    }
}

/// Targets in their wire form (`goals_to_wire`): how the evidence module, which reads and
/// checks the targets set in the app, hands them to the page (which has no JSON parser).
pub fn goals_from_wire(buf: &[u8]) -> Result<Vec<Goal>, Damaged> {
    let mut c = Cursor { buf, pos: 0 };
    let goals = c.goals()?;
    if c.pos != buf.len() {
        return Err(Damaged);
    }
    Ok(goals)
}
