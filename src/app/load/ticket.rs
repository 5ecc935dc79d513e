//! Tickets: the load the user asked for last wins. Each load takes a ticket; a new one
//! cancels the one under way (its download is aborted, its worker ended) and a cancelled
//! load never reaches the screen, not even with an error.

use std::cell::Cell;

use wasm_bindgen::JsValue;
use web_sys::Worker;

thread_local! {
    /// The ticket of the load the user asked for last.
    static TICKET: Cell<u64> = const { Cell::new(0) };
    /// Its download, aborted when another load is asked for.
    static DOWNLOAD: Cell<Option<web_sys::AbortController>> = const { Cell::new(None) };
    /// The worker reading for it and how to end the wait for its answer, both ended when
    /// another load is asked for.
    static READER: Cell<Option<(Worker, js_sys::Function)>> = const { Cell::new(None) };
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

/// Starts a load: cancels the one under way and returns the new one's ticket.
pub fn new_ticket() -> u64 {
    if let Some(download) = DOWNLOAD.take() {
        download.abort();
    }
    if let Some((worker, stop_waiting)) = READER.take() {
        worker.terminate();
        // The read then finds that it is no longer the latest (`Stopped::Superseded`).
        let _ = stop_waiting.call0(&JsValue::NULL);
    }
    let ticket = TICKET.get() + 1;
    TICKET.set(ticket);
    ticket
}

/// Whether no load has been asked for since the one holding `ticket`.
pub fn is_latest(ticket: u64) -> bool {
    TICKET.get() == ticket
}

/// The download of the latest load (aborted by a newer one), or none once it is done.
pub fn set_download(download: Option<web_sys::AbortController>) {
    DOWNLOAD.set(download);
}

/// The worker reading for the latest load and how to end the wait for its answer (ended
/// by a newer load), or none once it has answered.
pub fn set_reader(reader: Option<(Worker, js_sys::Function)>) {
    READER.set(reader);
}
