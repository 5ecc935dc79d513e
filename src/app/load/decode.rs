//! Taking the reader's answer in, a step per task, and scoring what the first screen shows
//! before it is rendered.

use js_sys::Uint8Array;
use web_sys::Blob;

use super::super::browser::yield_now;
use super::super::state::Scope;
use super::fetch::Failed;
use super::ticket::{is_latest, Stopped};
use super::worker::{read_off_thread, Input, NotRead};
use crate::engine::problem::Code;
use crate::engine::wire::{Damaged, Decoder, Opened};
use crate::engine::{GroupScores, LoadReport, Portfolio, Problem, Severity};

/// A problem that stopped a load before the file could be read (network, worker, size).
pub fn load_failed(message: impl Into<String>) -> Problem {
    Problem::new(Severity::Fatal, "", Code::LoadFailed, message)
}

/// Responses taken in per task on the page (a few ms of work each).
const DECODE_BATCH: usize = 10_000;

/// What a file read gives: its identity and size, load report and portfolio, and the
/// file read (none for the sample).
pub struct Read {
    pub identity: String,
    pub file_bytes: f64,
    pub report: LoadReport,
    pub portfolio: Portfolio,
    pub file: Option<Blob>,
}

/// What a load takes in.
pub enum Given {
    /// A file or an address, for the reader.
    Read(Input),
    /// The reader's answer already (the sample's wire form, an imported export's), and the
    /// file it was read from (none for the sample).
    Answer(Uint8Array, Option<Blob>),
}

/// Why a load gave no data set: its download failed, or the file's problems.
pub enum Unusable {
    /// The download failed (said as `Failed` says it).
    Download(Failed),
    /// What makes the file unusable, or why it could not be read.
    Problems(Vec<Problem>),
}

/// Reads a file in the worker, or downloads it there (the sample, and an imported export,
/// come already read) and takes the answer in; or why it cannot be (or that a newer load
/// was asked for meanwhile).
pub async fn read_and_decode(given: Given, ticket: u64) -> Result<Read, Stopped<Unusable>> {
    let damaged = |e: Damaged| Unusable::Problems(vec![load_failed(e.to_string())]);
    let (out, identified, file) = match given {
        Given::Answer(wire, file) => (wire, None, file),
        Given::Read(input) => match read_off_thread(&input, ticket).await {
            Ok(a) => (a.out, a.identity, a.blob),
            Err(Stopped::Superseded) => return Err(Stopped::Superseded),
            Err(Stopped::Failed(NotRead::Download(f))) => return Err(Unusable::Download(f).into()),
            Err(Stopped::Failed(NotRead::Reader(e))) => {
                return Err(Unusable::Problems(vec![load_failed(e)]).into())
            }
        },
    };
    // The answer stays in JS memory; the decoder copies it in a window at a time.
    let read = |r: std::ops::Range<usize>| out.subarray(r.start as u32, r.end as u32).to_vec();
    let (identity, file_bytes, report, mut decoder) =
        match Decoder::open(out.length() as usize, read).map_err(damaged)? {
            Opened::Accepted {
                identity,
                file_bytes,
                report,
                decoder,
            } => (identity, file_bytes, report, decoder),
            Opened::Rejected { report, .. } => {
                return Err(Unusable::Problems(report.problems).into())
            }
        };
    // Take the rest in a step per task (room for the responses, then accounts, actions and
    // responses by batches), letting the page breathe between them.
    loop {
        yield_now().await;
        if !is_latest(ticket) {
            return Err(Stopped::Superseded);
        }
        if decoder.step(DECODE_BATCH, read).map_err(damaged)? {
            break;
        }
    }
    let portfolio = decoder.finish().map_err(damaged)?;
    Ok(Read {
        identity: identified.unwrap_or(identity),
        file_bytes,
        report,
        portfolio,
        file,
    })
}

/// Accounts scored per task while a data set is taken in.
const SCORE_STEP: usize = 2_000;

/// `Scope::score`, `SCORE_STEP` accounts per task: a large portfolio does not block the page.
pub async fn score_in_steps(
    portfolio: &Portfolio,
    scope: &Scope,
    offset: usize,
) -> Option<GroupScores> {
    let wave = scope.wave.checked_sub(offset)?;
    let n = portfolio.data.accounts.len();
    // Room for all at once (growing it step by step copied up to 30 MB in one task); `n`
    // is the most there can be, and the room is given back below when a filter leaves out
    // most (a copy of what is kept, in the task that puts the group together).
    let mut accounts = Vec::with_capacity(n);
    let mut at = 0;
    loop {
        yield_now().await;
        if at >= n {
            break;
        }
        let end = (at + SCORE_STEP).min(n);
        accounts.extend(portfolio.score_group_accounts(wave, &scope.filter, at..end));
        at = end;
    }
    if accounts.len() < n / 2 {
        accounts.shrink_to_fit();
    }
    Some(portfolio.group_from_accounts(wave, &scope.filter, scope.aggregation, accounts))
}
