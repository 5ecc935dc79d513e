//! Loading data: the bundled sample, a picked or dropped file, or a JSON URL. `ticket`
//! keeps the last load asked for the one that wins, `worker` reads the file off the page's
//! thread, `decode` takes the reader's answer in; `accept` puts it on screen.

pub mod decode;
mod fetch;
pub mod ticket;
mod worker;

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use super::browser::{self, next_frame, peek, timing, yield_now};
use super::state::{AppState, LoadFailure, Loaded, Scope, Source, Status, Warm};
use crate::engine::Problem;
pub use decode::load_failed;
use decode::{read_and_decode, score_in_steps, Given, Read, Unusable};
use ticket::{is_latest, new_ticket, set_download, Stopped};
use worker::warm_up;

pub use fetch::size;
use fetch::{Failed, MAX_BYTES};
pub use worker::{module_url, reader_promise, share_reader, start_module, Input};

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
    // (A worker ready for the next try.)
    warm_up();
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
async fn accept(state: AppState, given: Given, source: Source, ticket: u64) {
    let what = match &source {
        Source::Sample => "The bundled sample".to_string(),
        Source::File(n) | Source::Imported(n) => format!("The file “{n}”"),
        Source::Url(u) => format!("The data at {u}"),
    };
    // (A download says how far it got itself; the sample was named as it was asked for.)
    if let Given::Read(Input::File(file)) | Given::Answer(_, Some(file)) = &given {
        let reading = format!("Reading and scoring {}…", size(file.size()));
        state.status.set(Status::Busy(reading));
        next_frame().await;
    }
    let started = window().performance().map_or(0.0, |p| p.now());
    let Read {
        identity,
        file_bytes,
        report,
        portfolio,
        file,
    } = match read_and_decode(given, ticket).await {
        Ok(read) => read,
        // Also a failure that came after a newer load was asked for (a download aborted, a
        // read on the page): it is not this load's to show.
        Err(_) if !is_latest(ticket) => return,
        Err(Stopped::Failed(Unusable::Problems(problems))) => {
            return fail(
                state,
                format!("{what} could not be used; {}.", unchanged(state)),
                problems,
            )
        }
        Err(Stopped::Failed(Unusable::Download(reason))) => {
            return download_failed(state, &source, reason)
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
    // A worker ready for the next file, once the page is idle.
    warm_up();
    RAW.set(file);
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

/// Says why the file at an address (the sample's, a user's) could not be had.
fn download_failed(state: AppState, source: &Source, reason: Failed) {
    let url = match source {
        Source::Url(url) => url.as_str(),
        _ => Source::SAMPLE_JSON,
    };
    fail(
        state,
        format!("Could not load {url}; {}.", unchanged(state)),
        vec![load_failed(reason.to_string())],
    )
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
        let given = Given::Read(Input::File(file.into()));
        accept(state, given, Source::File(name), ticket).await;
    });
}

/// Loads a data set by URL: the reader downloads it (the bundled sample comes already
/// read: its wire form is fetched here). An address the page may not load from is
/// refused before anything is asked of it.
pub fn load_url(state: AppState, url: String, source: Source) {
    let ticket = new_ticket();
    if source == Source::Sample {
        spawn_local(async move {
            state
                .status
                .set(Status::Busy("Opening the sample…".to_string()));
            match sample_wire().await {
                Ok(wire) => accept(state, Given::Answer(wire, None), source, ticket).await,
                Err(_) if !is_latest(ticket) => {}
                Err(reason) => download_failed(state, &source, reason),
            }
        });
        return;
    }
    let address = match fetch::allowed(&url) {
        Ok(address) => address,
        Err(reason) => return download_failed(state, &Source::Url(url), reason),
    };
    let busy = move |so_far: &str| format!("Downloading {url}… {so_far}");
    state.status.set(Status::Busy(busy("")));
    let Ok(controller) = web_sys::AbortController::new() else {
        return download_failed(state, &source, fetch::Failed::NoAbort);
    };
    set_download(Some(controller.clone()));
    // Watches the download until all of it came (the reading may take longer than any
    // silence allowed).
    let watchdog = Cell::new(Some(fetch::Watchdog::new(controller.clone())));
    // The status line says how much has arrived, then that the file is being read.
    let heard = move |bytes: f64, all: bool| {
        let watching = watchdog.take();
        let status = if all {
            format!("Reading and scoring {}…", size(bytes))
        } else {
            watching.as_ref().map(fetch::Watchdog::heard);
            watchdog.set(watching);
            busy(&size(bytes))
        };
        state.status.set(Status::Busy(status));
    };
    let input = Input::Url {
        url: address,
        signal: controller.signal(),
        heard: Rc::new(heard),
    };
    spawn_local(async move {
        accept(state, Given::Read(input), source, ticket).await;
        if is_latest(ticket) {
            set_download(None);
        }
    });
}

/// The bundled sample's wire form (already read and scored).
pub async fn sample_wire() -> Result<Uint8Array, Failed> {
    let response = browser::fetch(Source::SAMPLE_WIRE, None)
        .await
        .map_err(|_| Failed::Unreachable)?;
    if !response.ok() {
        return Err(Failed::Status(response.status(), response.status_text()));
    }
    let buf = response
        .array_buffer()
        .map_err(|_| Failed::Interrupted(0.0))?;
    let buf = JsFuture::from(buf)
        .await
        .map_err(|_| Failed::Interrupted(0.0))?;
    Ok(Uint8Array::new(&buf))
}

/// Puts an imported survey on screen: `wire`, the importer's answer (read like the data
/// reader's), and `document`, the `rapport/1` file written from the export (the file on
/// screen from now on: exported with the plans, or added to by the next wave's import).
pub fn load_imported(state: AppState, wire: Uint8Array, document: Blob, name: String) {
    let ticket = new_ticket();
    let given = Given::Answer(wire, Some(document));
    spawn_local(accept(state, given, Source::Imported(name), ticket));
}
