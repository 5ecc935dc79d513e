//! Taking the reader's answer in, a step per task, and scoring what the first screen shows
//! before it is rendered.

use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use super::super::browser::yield_now;
use super::super::state::{Scope, Source};
use super::ticket::{is_latest, Stopped};
use super::worker::read_off_thread;
use crate::engine::problem::Code;
use crate::engine::wire::{Damaged, Decoder, Opened};
use crate::engine::{GroupScores, LoadReport, Portfolio, Problem, Severity};

/// A problem that stopped a load before the file could be read (network, worker, size).
pub fn load_failed(message: impl Into<String>) -> Problem {
    Problem::new(Severity::Fatal, "", Code::LoadFailed, message)
}

/// Responses taken in per task on the page (a few ms of work each).
const DECODE_BATCH: usize = 10_000;

/// What a file read gives: its identity and size, load report and portfolio.
pub struct Read {
    pub identity: String,
    pub file_bytes: f64,
    pub report: LoadReport,
    pub portfolio: Portfolio,
}

/// Reads a file in the worker (the sample, and an imported export's `wire`, come already
/// read) and takes the answer in, or the problems that make it unusable (or that a newer
/// load was asked for meanwhile).
pub async fn read_and_decode(
    blob: &Blob,
    source: &Source,
    ticket: u64,
    wire: Option<Uint8Array>,
) -> Result<Read, Stopped<Vec<Problem>>> {
    let internal = |e: String| vec![load_failed(e)];
    let damaged = |e: Damaged| vec![load_failed(e.to_string())];
    let (out, identified) = if let Some(wire) = wire {
        (wire, None)
    } else if *source == Source::Sample {
        let buf = JsFuture::from(blob.array_buffer())
            .await
            .map_err(|_| internal("The browser could not read the sample.".to_string()))?;
        (Uint8Array::new(&buf), None)
    } else {
        match read_off_thread(blob, ticket).await {
            Ok(read) => read,
            Err(Stopped::Superseded) => return Err(Stopped::Superseded),
            Err(Stopped::Failed(e)) => return Err(internal(e).into()),
        }
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
            Opened::Rejected { report, .. } => return Err(report.problems.into()),
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
    let mut accounts = Vec::new();
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
    Some(portfolio.group_from_accounts(wave, &scope.filter, scope.aggregation, accounts))
}
