//! Loading data: the bundled sample, a picked or dropped file, or a JSON URL. `ticket`
//! keeps the last load asked for the one that wins, `worker` reads the file off the page's
//! thread, `decode` takes the reader's answer in; `accept` puts it on screen.

pub mod decode;
mod fetch;
pub mod ticket;
mod worker;

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::Blob;

use super::browser::{next_frame, peek, timing, yield_now};
use super::state::{AppState, LoadFailure, Loaded, Scope, Source, Status, Warm};
use crate::engine::Problem;
pub use decode::load_failed;
use decode::{read_and_decode, score_in_steps, Read};
use ticket::{is_latest, new_ticket, set_download, Stopped};
use worker::{stop_warm_up, warm_up};

pub use fetch::size;
use fetch::{fetch_bytes, MAX_BYTES};
pub use worker::{module_url, reader_promise, share_reader, start_module};

/// What is done each time new data is on screen.
pub type OnLoaded = fn(AppState, &Loaded);

thread_local! {
    /// The file on screen, as a Blob (a picked file stays on disk; a download in the
    /// browser's blob store), or none for the sample (fetched when needed): kept for
    /// "export the data file with the plans".
    static RAW: Cell<Option<Blob>> = const { Cell::new(None) };
    /// What to do once new data is on screen (set by the app: read its saved plans).
    static ON_LOADED: Cell<Option<OnLoaded>> = const { Cell::new(None) };
}

/// Sets what is done each time new data is on screen, once its first screen has rendered.
pub fn on_loaded(hook: OnLoaded) {
    ON_LOADED.with(|h| h.set(Some(hook)));
}

/// The file on screen, as a Blob; None for the bundled sample (its JSON is `SAMPLE_JSON`).
pub fn raw_blob() -> Option<Blob> {
    peek(&RAW)
}

fn fail(state: AppState, title: String, problems: Vec<Problem>) {
    state.status.set(Status::Idle);
    state.failure.set(Some(LoadFailure { title, problems }));
}

/// What a failed load leaves on screen, for its message.
fn unchanged(state: AppState) -> &'static str {
    if state.loaded.with_untracked(Option::is_none) {
        "nothing is loaded yet"
    } else {
        "the data on screen is unchanged"
    }
}

/// Validates and scores a file (in a worker); on success replaces the data on screen and
/// makes the address say where it came from. A load cancelled by a newer one stops quietly.
///
/// `wire` is the answer already read (a survey export's, which the importer read): then
/// `blob` is the `rapport/1` document written from it, kept as the file on screen.
async fn accept(
    state: AppState,
    blob: Blob,
    source: Source,
    ticket: u64,
    wire: Option<Uint8Array>,
) {
    stop_warm_up();
    state.status.set(Status::Busy(if source == Source::Sample {
        "Opening the sample…".to_string()
    } else {
        format!("Reading and scoring {}…", size(blob.size()))
    }));
    next_frame().await;
    let started = window().performance().map_or(0.0, |p| p.now());
    let what = match &source {
        Source::Sample => "The bundled sample".to_string(),
        Source::File(n) | Source::Imported(n) => format!("The file “{n}”"),
        Source::Url(u) => format!("The data at {u}"),
    };
    let Read {
        identity,
        file_bytes,
        report,
        portfolio,
    } = match read_and_decode(&blob, &source, ticket, wire).await {
        Ok(read) => read,
        // Also a failure that came after a newer load was asked for (a download aborted, a
        // read on the page): it is not this load's to show.
        Err(_) if !is_latest(ticket) => return,
        Err(Stopped::Failed(problems)) => {
            return fail(
                state,
                format!("{what} could not be used; {}.", unchanged(state)),
                problems,
            )
        }
        Err(Stopped::Superseded) => return,
    };
    // Score what the first screen shows, a part per task, before it is rendered.
    let scope = state.route.with_untracked(|r| Scope::of(&portfolio, r));
    let current = score_in_steps(&portfolio, &scope, 0).await.map(Arc::new);
    let previous = score_in_steps(&portfolio, &scope, 1).await.map(Arc::new);
    yield_now().await;
    if !is_latest(ticket) {
        return;
    }
    if source == Source::Sample {
        warm_up();
        RAW.set(None);
    } else {
        RAW.set(Some(blob));
    }
    let loaded = Loaded {
        identity,
        bytes: file_bytes as usize,
        portfolio,
        report,
        source,
        warm: current.map(|current| Warm {
            scope,
            current,
            previous,
        }),
    };
    state.failure.set(None);
    // No plans while the data changes (views of the old data re-render with nothing to
    // work out), then the new data's, once its first screen has rendered.
    state.plans.set(Vec::new());
    state.targets.set(Vec::new());
    let loaded = Arc::new(loaded);
    let address = match &loaded.source {
        Source::Url(url) => Some(url.clone()),
        Source::File(_) | Source::Sample | Source::Imported(_) => None,
    };
    state.loaded.set(Some(loaded.clone()));
    // The address changes only now that the load succeeded (a failed one leaves it as is).
    if state.route.with_untracked(|r| r.data != address) {
        state.navigate(|r| r.data = address);
    }
    // Problems are named in one line (`LoadNote`); the report opens when asked for.
    state.report_open.set(false);
    state.status.set(Status::Idle);
    yield_now().await;
    // (Unless other data has replaced it meanwhile.)
    if state
        .loaded
        .with_untracked(|l| l.as_ref().is_some_and(|l| Arc::ptr_eq(l, &loaded)))
    {
        if let Some(hook) = ON_LOADED.with(Cell::get) {
            hook(state, &loaded);
        }
    }
    let now = window().performance().map_or(0.0, |p| p.now());
    timing("accept_start", started);
    timing("accept_end", now);
    timing("accept_ms", now - started);
}

/// Reads a user's file (picked or dropped).
pub fn load_file(state: AppState, file: web_sys::File) {
    let name = file.name();
    let ticket = new_ticket();
    if file.size() > MAX_BYTES {
        fail(
            state,
            format!("The file “{name}” was not opened; {}.", unchanged(state)),
            vec![load_failed(format!(
                "It is {}; the limit is {}.",
                size(file.size()),
                size(MAX_BYTES)
            ))],
        );
        return;
    }
    spawn_local(async move {
        state.status.set(Status::Busy(format!(
            "Opening {name} ({})…",
            size(file.size())
        )));
        // The worker reads the file itself; a File is a Blob backed by the disk.
        accept(state, file.into(), Source::File(name), ticket, None).await;
    });
}

/// Fetches a data set by URL. `source` says how to describe it (the sample or a user URL).
/// An address the page may not load from is refused before anything is asked of it.
pub fn load_url(state: AppState, url: String, source: Source) {
    let ticket = new_ticket();
    let failed = move |url: &str, reason: fetch::Failed| {
        fail(
            state,
            format!("Could not load {url}; {}.", unchanged(state)),
            vec![load_failed(reason.to_string())],
        )
    };
    // The sample comes already read (its wire form).
    let address = if source == Source::Sample {
        Ok(Source::SAMPLE_WIRE.to_string())
    } else {
        fetch::allowed(&url)
    };
    let address = match address {
        Ok(address) => address,
        Err(reason) => return failed(&url, reason),
    };
    spawn_local(async move {
        let busy = |so_far: &str| Status::Busy(format!("Downloading {url}… {so_far}"));
        state.status.set(busy(""));
        let Ok(controller) = web_sys::AbortController::new() else {
            return failed(&url, fetch::Failed::NoAbort);
        };
        set_download(Some(controller.clone()));
        let watchdog = fetch::Watchdog::new(controller.clone());
        // The status line says how much has arrived (once something has, when its figure
        // changes).
        let shown = RefCell::new(String::new());
        let progress = |bytes: f64| {
            watchdog.heard();
            let figure = size(bytes);
            if bytes > 0.0 && *shown.borrow() != figure {
                state.status.set(busy(&figure));
                *shown.borrow_mut() = figure;
            }
        };
        let result = fetch_bytes(&address, Some(&controller.signal()), &progress).await;
        let silent = watchdog.fired();
        drop(watchdog);
        if !is_latest(ticket) {
            return;
        }
        set_download(None);
        let reason = match result {
            Ok(bytes) => return accept(state, bytes, source, ticket, None).await,
            Err(_) if silent => fetch::Failed::Silent,
            Err(reason) => reason,
        };
        failed(&url, reason);
    });
}

/// Puts an imported survey on screen: `wire`, the importer's answer (read like the data
/// reader's), and `document`, the `rapport/1` file written from the export (the file on
/// screen from now on: exported with the plans, or added to by the next wave's import).
pub fn load_imported(state: AppState, wire: Uint8Array, document: Blob, name: String) {
    let ticket = new_ticket();
    spawn_local(accept(
        state,
        document,
        Source::Imported(name),
        ticket,
        Some(wire),
    ));
}
