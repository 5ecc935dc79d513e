//! Tickets: the load the user asked for last wins. Each load takes a ticket; a new one
//! cancels the one under way (its download is aborted, its worker ended) and a cancelled
//! load never reaches the screen, not even with an error.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use web_sys::Worker;

/// The load the user asked for last, and what to stop when another is asked for.
#[derive(Default)]
struct Latest {
    ticket: u64,
    download: Option<web_sys::AbortController>,
    /// The worker reading for the latest load, and how to end the wait for its answer.
    reader: Option<(Worker, js_sys::Function)>,
}

/// Why a read gave no data set: a newer load was asked for (never shown), or what went
/// wrong (`E`: the words to show, or the problems of the file).
#[derive(Debug, PartialEq)]
pub enum Stopped<E = String> {
    Superseded,
    Failed(E),
}

impl<E> From<E> for Stopped<E> {
    fn from(e: E) -> Self {
        Stopped::Failed(e)
    }
}

thread_local! {
    static LATEST: RefCell<Latest> = RefCell::new(Latest::default());
}

/// Starts a load: cancels the one under way and returns the new one's ticket.
pub fn new_ticket() -> u64 {
    LATEST.with(|l| {
        let mut l = l.borrow_mut();
        if let Some(download) = l.download.take() {
            download.abort();
        }
        if let Some((worker, stop_waiting)) = l.reader.take() {
            worker.terminate();
            // The read then finds that it is no longer the latest (`Stopped::Superseded`).
            let _ = stop_waiting.call0(&JsValue::NULL);
        }
        l.ticket += 1;
        l.ticket
    })
}

/// Whether no load has been asked for since the one holding `ticket`.
pub fn is_latest(ticket: u64) -> bool {
    LATEST.with(|l| l.borrow().ticket == ticket)
}

/// The download of the latest load (aborted by a newer one), or none once it is done.
pub fn set_download(download: Option<web_sys::AbortController>) {
    LATEST.with(|l| l.borrow_mut().download = download);
}

/// The worker reading for the latest load and how to end the wait for its answer (ended
/// by a newer load), or none once it has answered.
pub fn set_reader(reader: Option<(Worker, js_sys::Function)>) {
    LATEST.with(|l| l.borrow_mut().reader = reader);
}
