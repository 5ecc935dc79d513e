//! Loading data: the bundled sample, a picked or dropped file, or a JSON URL.

use std::cell::RefCell;
use std::sync::Arc;

use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, Worker, WorkerOptions, WorkerType};

use super::state::{AppState, LoadFailure, Loaded, Scope, Source, Status, Warm};
use crate::engine::problem::Code;
use crate::engine::wire::{Damaged, Decoder, Identity, Opened};
use crate::engine::{Problem, Severity};

/// Files larger than this are refused before they are read.
pub const MAX_BYTES: f64 = 512.0 * 1024.0 * 1024.0;
/// A URL that has not answered by then is given up.
pub const URL_TIMEOUT_MS: i32 = 30_000;

/// The bundled sample, relative to the page so the app also works under a sub-path.
pub const SAMPLE_URL: &str = "data/sample.json";
/// The sample as the reader's answer (`rapport-cli wire`, checked by tests/wire.rs): opening
/// the app decodes it and needs neither the reader module nor a worker.
const SAMPLE_WIRE_URL: &str = "data/sample.rpw";
/// The data reader: a module of its own (src/bin/rapport-reader.rs), built by trunk next to
/// the page's (unhashed, as a worker's must be) and loaded only when a file is to be read.
const READER_GLUE: &str = "rapport-reader.js";
const READER_WASM: &str = "rapport-reader_bg.wasm";

fn problem(message: impl Into<String>) -> Problem {
    Problem {
        severity: Severity::Fatal,
        pointer: String::new(),
        record: None,
        line: None,
        column: None,
        code: Code::LoadFailed,
        message: message.into(),
    }
}

/// Lets the browser paint the status line before a long synchronous step.
async fn next_frame() {
    sleep(16).await;
}

/// Ends the current task, so the page can paint and answer input, and continues in a new
/// one as soon as it has. `scheduler.yield()` where the browser has it: unlike a zero
/// timeout, it is not held back 4 ms when repeated (a large file takes a hundred steps).
pub(crate) async fn yield_now() {
    let global = js_sys::global();
    let scheduler = js_sys::Reflect::get(&global, &JsValue::from_str("scheduler"))
        .ok()
        .filter(JsValue::is_object);
    let promise = scheduler.and_then(|s| {
        let f = js_sys::Reflect::get(&s, &JsValue::from_str("yield")).ok()?;
        let f = f.dyn_ref::<js_sys::Function>()?;
        f.call0(&s).ok()?.dyn_into::<js_sys::Promise>().ok()
    });
    match promise {
        Some(p) => {
            let _ = JsFuture::from(p).await;
        }
        None => sleep(0).await,
    }
}

/// Ends the current task, so the page can paint and answer input, and continues after `ms`.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
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

/// The load the user asked for last. Each load takes a ticket; a new one cancels the one
/// under way (its download is aborted, its worker ended) and a cancelled load never reaches
/// the screen, not even with an error: the last thing the user asked for wins.
#[derive(Default)]
struct Latest {
    ticket: u64,
    download: Option<web_sys::AbortController>,
    /// The worker reading for the latest load, and how to end the wait for its answer.
    reader: Option<(Worker, js_sys::Function)>,
}

/// Why a cancelled load stopped (never shown).
const SUPERSEDED: &str = "superseded by a newer load";

/// Starts a load: cancels the one under way and returns the new one's ticket.
fn new_ticket() -> u64 {
    LATEST.with(|l| {
        let mut l = l.borrow_mut();
        if let Some(download) = l.download.take() {
            download.abort();
        }
        if let Some((worker, stop_waiting)) = l.reader.take() {
            worker.terminate();
            let _ = stop_waiting.call1(&JsValue::NULL, &JsValue::from_str(SUPERSEDED));
        }
        l.ticket += 1;
        l.ticket
    })
}

/// Whether no load has been asked for since the one holding `ticket`.
fn is_latest(ticket: u64) -> bool {
    LATEST.with(|l| l.borrow().ticket == ticket)
}

thread_local! {
    /// The worker warming up the reader's code, while it runs (stopped when a file comes).
    static WARMING: RefCell<Option<Worker>> = const { RefCell::new(None) };
    /// The file on screen, as a Blob (a picked file stays on disk; a download in the
    /// browser's blob store), or none for the sample (fetched when needed): kept for
    /// "export the data file with the plans".
    static RAW: RefCell<Option<Blob>> = const { RefCell::new(None) };
    /// The reader module, compiled once (on first need, or ahead of time while the page is
    /// idle) and handed to each worker.
    static READER: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    static LATEST: RefCell<Latest> = RefCell::new(Latest::default());
}

/// The bytes of the file on screen.
pub async fn raw_file() -> Result<Vec<u8>, String> {
    let blob = match RAW.with(|r| r.borrow().clone()) {
        Some(blob) => blob,
        None => fetch_bytes(SAMPLE_URL, None).await?,
    };
    match JsFuture::from(blob.array_buffer()).await {
        Ok(buf) => Ok(Uint8Array::new(&buf).to_vec()),
        Err(_) => Err("the browser could not read the file again".to_string()),
    }
}

/// The URL of one of the reader's files: next to this module's JavaScript glue (where trunk
/// puts them), with the reader's version (a hash of its files, written into the page by
/// tools/csp.mjs) so that a cached reader of another build is never used.
fn reader_url(file: &str) -> String {
    let glue = IMPORT_META.with(ImportMeta::url);
    let version = document()
        .query_selector("meta[name=rapport-reader]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_default();
    let url =
        web_sys::Url::new_with_base(file, &glue).map_or_else(|_| file.to_string(), |u| u.href());
    if version.is_empty() {
        url
    } else {
        format!("{url}?v={version}")
    }
}

/// The reader module, compiled (once: later calls share it).
async fn reader_module() -> Result<JsValue, String> {
    let promise = READER.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| {
                let url = reader_url(READER_WASM);
                wasm_bindgen_futures::future_to_promise(async move {
                    let response = fetch(&url, None).await.map_err(|_| {
                        JsValue::from_str("the data reader could not be downloaded")
                    })?;
                    if !response.ok() {
                        return Err(JsValue::from_str(&format!(
                            "the data reader could not be downloaded ({} {})",
                            response.status(),
                            response.status_text()
                        )));
                    }
                    let buf = JsFuture::from(response.array_buffer()?).await?;
                    JsFuture::from(js_sys::WebAssembly::compile(&buf)).await
                })
            })
            .clone()
    });
    JsFuture::from(promise).await.map_err(|e| {
        // Not kept: the next file tries again.
        READER.with(|r| r.borrow_mut().take());
        e.as_string()
            .unwrap_or_else(|| "the data reader could not be compiled".to_string())
    })
}

#[wasm_bindgen(inline_js = "export function import_module(url) { return import(url); }")]
extern "C" {
    /// `import(url)`: loads an ES module (the reader's glue, when no worker can run).
    fn import_module(url: &str) -> js_sys::Promise;
}

#[wasm_bindgen]
extern "C" {
    type ImportMeta;

    #[wasm_bindgen(method, getter)]
    fn url(this: &ImportMeta) -> String;

    /// `import.meta` of this module's JavaScript glue: its URL is what the worker imports.
    #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
    static IMPORT_META: ImportMeta;
}

/// Responses taken in per task on the page (a few ms of work each).
const DECODE_BATCH: usize = 10_000;

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The next message (or error) of a worker.
async fn next_message(worker: &Worker) -> Result<JsValue, String> {
    answer(worker, |_| {}, |_| {}).await
}

/// The next message (or error) of a worker, handing the parts of a file it passes on
/// meanwhile (messages `{part}`) to `part` as they come. `stop_waiting` is given a function
/// that ends the wait with an error (for a load that is cancelled).
async fn answer(
    worker: &Worker,
    mut part: impl FnMut(Uint8Array) + 'static,
    stop_waiting: impl FnOnce(js_sys::Function),
) -> Result<JsValue, String> {
    let (mut resolve, mut reject) = (None, None);
    let promise = js_sys::Promise::new(&mut |yes, no| {
        resolve = Some(yes);
        reject = Some(no);
    });
    let (resolve, reject): (js_sys::Function, js_sys::Function) = (
        resolve.expect("the executor runs at once"),
        reject.expect("the executor runs at once"),
    );
    stop_waiting(reject.clone());
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            match get(&data, "part").dyn_into::<Uint8Array>() {
                Ok(p) => part(p),
                Err(_) => {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                }
            }
        });
    let on_error = Closure::once_into_js(move |e: web_sys::Event| {
        // A script that fails to load gives a plain Event; a thrown error an ErrorEvent.
        let why = e.dyn_ref::<web_sys::ErrorEvent>().map_or_else(
            || "the worker could not be loaded".to_string(),
            |e| e.message(),
        );
        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&why));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.unchecked_ref()));
    let result = JsFuture::from(promise).await;
    worker.set_onmessage(None);
    worker.set_onerror(None);
    drop(on_message);
    result.map_err(|e| {
        e.as_string()
            .unwrap_or_else(|| "the worker failed".to_string())
    })
}

/// Starts a data reader worker on the (compiled) reader module, and waits until it is ready.
async fn start_worker() -> Result<Worker, String> {
    let module = reader_module().await?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options("worker.js", &options)
        .map_err(|_| "no Web Worker could be started".to_string())?;
    let init = js_sys::Object::new();
    set(&init, "glue", &JsValue::from_str(&reader_url(READER_GLUE)));
    set(&init, "module", &module);
    if worker.post_message(&init).is_err() {
        worker.terminate();
        return Err("the worker could not be given the module".to_string());
    }
    match next_message(&worker).await {
        Ok(m) if get(&m, "ready").is_truthy() => Ok(worker),
        Ok(m) => {
            worker.terminate();
            Err(get(&m, "error").as_string().unwrap_or_default())
        }
        Err(e) => {
            worker.terminate();
            Err(e)
        }
    }
}

/// How long the page waits, after ending the worker that read a file of `file_bytes`,
/// before it takes the answer in. The browser gives back the worker's memory (the file and
/// the answer, 1.6 times the file) as the worker ends, and meanwhile the page stalls on its
/// own memory: about 60 ms for a file of 270 MB on the development machine, a task too long
/// (the answer is taken in by steps of a few milliseconds, each of which would wait). Idle
/// instead, the page stays responsive; twice the time measured, for files over 32 MB.
fn teardown_ms(file_bytes: f64) -> i32 {
    let mb = file_bytes / (1024.0 * 1024.0);
    if mb > 32.0 {
        (mb * 0.5).min(250.0) as i32
    } else {
        0
    }
}

/// Reads, validates and scores a file in the worker (on this thread if no worker can run):
/// the wire form of the result, and the file's identity when it was worked out here (while
/// the worker read the file: see `rapport_read_blob`) rather than in the answer.
async fn read_off_thread(blob: &Blob, ticket: u64) -> Result<(Uint8Array, Option<String>), String> {
    let performance = window().performance();
    let started = performance.as_ref().map_or(0.0, |p| p.now());
    let out = match start_worker().await {
        Ok(worker) if !is_latest(ticket) => {
            worker.terminate();
            Err(SUPERSEDED.to_string())
        }
        Ok(worker) => {
            // A Blob is handed over by reference: the worker reads the bytes itself, and
            // passes each part on for this thread to identify the file meanwhile.
            let msg = js_sys::Object::new();
            set(&msg, "blob", blob);
            set(&msg, "parts", &JsValue::TRUE);
            let id = std::rc::Rc::new(RefCell::new((Identity::default(), Vec::new())));
            let answer = match worker.post_message(&msg) {
                Ok(()) => {
                    let id = id.clone();
                    let on_part = move |part: Uint8Array| {
                        let (id, buf) = &mut *id.borrow_mut();
                        buf.resize(part.length() as usize, 0);
                        part.copy_to(buf);
                        id.update(buf);
                    };
                    let cancellable = |stop: js_sys::Function| {
                        LATEST.with(|l| l.borrow_mut().reader = Some((worker.clone(), stop)));
                    };
                    answer(&worker, on_part, cancellable).await
                }
                Err(_) => Err("the file could not be handed to the worker".to_string()),
            };
            worker.terminate();
            if !is_latest(ticket) {
                return Err(SUPERSEDED.to_string());
            }
            LATEST.with(|l| l.borrow_mut().reader = None);
            match answer {
                Ok(m) if get(&m, "out").is_object() => {
                    timing("worker_ms", get(&m, "ms").as_f64().unwrap_or(f64::NAN));
                    let id = id.borrow().0.finish();
                    // The ended worker's memory is being given back meanwhile.
                    let pause = teardown_ms(blob.size());
                    if pause > 0 {
                        sleep(pause).await;
                    }
                    // The worker's buffer, transferred: used as it is (not copied).
                    Ok((get(&m, "out").unchecked_into::<Uint8Array>(), Some(id)))
                }
                Ok(m) => {
                    // The worker failed (out of memory?): try here.
                    web_sys::console::warn_1(&get(&m, "error"));
                    on_this_thread(blob).await.map(|out| (out, None))
                }
                Err(e) => {
                    web_sys::console::warn_1(&JsValue::from_str(&e));
                    on_this_thread(blob).await.map(|out| (out, None))
                }
            }
        }
        Err(e) => {
            web_sys::console::warn_1(&JsValue::from_str(&format!(
                "Rapport: reading on the page ({e})"
            )));
            on_this_thread(blob).await.map(|out| (out, None))
        }
    };
    let now = performance.as_ref().map_or(0.0, |p| p.now());
    timing("read_ms", now - started);
    out
}

/// Reads a file with the reader module run on the page (when no worker can run).
async fn on_this_thread(blob: &Blob) -> Result<Uint8Array, String> {
    let failed = |_| "The data reader could not be started on this page.".to_string();
    let module = reader_module().await?;
    let glue = JsFuture::from(import_module(&reader_url(READER_GLUE)))
        .await
        .map_err(failed)?;
    let init = js_sys::Object::new();
    set(&init, "module_or_path", &module);
    let start: js_sys::Function = get(&glue, "default").dyn_into().map_err(failed)?;
    JsFuture::from(
        start
            .call1(&JsValue::NULL, &init)
            .map_err(failed)?
            .unchecked_into::<js_sys::Promise>(),
    )
    .await
    .map_err(failed)?;
    let read: js_sys::Function = get(&glue, "rapport_read_blob").dyn_into().map_err(failed)?;
    // No `parts`: the reader identifies the file itself.
    let answer = read.call1(&JsValue::NULL, blob).map_err(failed)?;
    let out = JsFuture::from(answer.unchecked_into::<js_sys::Promise>())
        .await
        .map_err(|e| {
            e.as_string()
                .unwrap_or_else(|| "The data reader failed.".to_string())
        })?;
    Ok(out.unchecked_into())
}

/// Records a loading figure (milliseconds) in `window.__rapportTimings`, for `make bench`:
/// `worker_ms` (parse, validate, score in the worker), `read_ms` (including starting the
/// worker and handing the file over and back), `accept_ms` (until the data is on screen).
fn timing(key: &str, ms: f64) {
    let w = window();
    let mut t = get(&w, "__rapportTimings");
    if !t.is_object() {
        t = js_sys::Object::new().into();
        set(w.unchecked_ref(), "__rapportTimings", &t);
    }
    set(t.unchecked_ref(), key, &JsValue::from_f64(ms));
}

/// What a file read gives: its identity and size, load report and portfolio.
struct Read {
    identity: String,
    file_bytes: f64,
    report: crate::engine::LoadReport,
    portfolio: crate::engine::Portfolio,
}

/// Reads a file in the worker (the sample comes already read) and takes the answer in, or
/// the problems that make it unusable.
async fn read_and_decode(blob: &Blob, source: &Source, ticket: u64) -> Result<Read, Vec<Problem>> {
    let internal = |e: String| vec![problem(e)];
    let damaged = |e: Damaged| vec![problem(e.to_string())];
    let (out, identified) = if *source == Source::Sample {
        let buf = JsFuture::from(blob.array_buffer())
            .await
            .map_err(|_| internal("The browser could not read the sample.".to_string()))?;
        (Uint8Array::new(&buf), None)
    } else {
        read_off_thread(blob, ticket).await.map_err(internal)?
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
            Opened::Rejected { report, .. } => return Err(report.problems),
        };
    // Take the rest in a step per task (room for the responses, then accounts, actions and
    // responses by batches), letting the page breathe between them.
    loop {
        yield_now().await;
        if !is_latest(ticket) {
            return Err(internal(SUPERSEDED.to_string()));
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
async fn score_in_steps(
    portfolio: &crate::engine::Portfolio,
    scope: &Scope,
    offset: usize,
) -> Option<crate::engine::GroupScores> {
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

/// Times the sample is read to warm up the reader (about 14,000 responses in all).
const WARM_UP_READS: u32 = 10;

/// Once the sample is on screen and the page idle, gets the reader ready for the first
/// file: downloads and compiles its module, and reads the sample's JSON a few times in a
/// worker that answers nothing (browsers run new WebAssembly code unoptimised at first,
/// and optimise what proves hot; this makes the first large file read at full speed, about
/// a fifth faster on the development machine). A file that comes meanwhile stops it.
fn warm_up() {
    let start = Closure::once_into_js(move || {
        spawn_local(async move {
            let Ok(blob) = fetch_bytes(SAMPLE_URL, None).await else {
                return;
            };
            let Ok(worker) = start_worker().await else {
                return;
            };
            let msg = js_sys::Object::new();
            set(&msg, "blob", &blob);
            set(&msg, "warm", &JsValue::from(WARM_UP_READS));
            if worker.post_message(&msg).is_err() {
                worker.terminate();
                return;
            }
            WARMING.with(|w| *w.borrow_mut() = Some(worker.clone()));
            let _ = next_message(&worker).await;
            worker.terminate();
            WARMING.with(|w| w.borrow_mut().take());
        });
    });
    let _ =
        window().set_timeout_with_callback_and_timeout_and_arguments_0(start.unchecked_ref(), 200);
}

/// Validates and scores a file (in a worker); on success replaces the data on screen and
/// makes the address say where it came from. A load cancelled by a newer one stops quietly.
async fn accept(state: AppState, blob: Blob, source: Source, ticket: u64) {
    if let Some(worker) = WARMING.with(|w| w.borrow_mut().take()) {
        worker.terminate();
    }
    state.status.set(Status::Busy(if source == Source::Sample {
        "Opening the sample…".to_string()
    } else {
        format!("Reading and scoring {}…", size(blob.size()))
    }));
    next_frame().await;
    let started = window().performance().map_or(0.0, |p| p.now());
    let what = match &source {
        Source::Sample => "The bundled sample".to_string(),
        Source::File(n) => format!("The file “{n}”"),
        Source::Url(u) => format!("The data at {u}"),
    };
    let Read {
        identity,
        file_bytes,
        report,
        portfolio,
    } = match read_and_decode(&blob, &source, ticket).await {
        Ok(read) => read,
        Err(_) if !is_latest(ticket) => return,
        Err(problems) => {
            return fail(
                state,
                format!("{what} could not be used; {}.", unchanged(state)),
                problems,
            )
        }
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
        RAW.with(|r| r.borrow_mut().take());
    } else {
        RAW.with(|r| *r.borrow_mut() = Some(blob));
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
    let has_problems = !loaded.report.problems.is_empty();
    state.failure.set(None);
    // No plans while the data changes (views of the old data re-render with nothing to
    // work out), then the new data's, once its first screen has rendered.
    state.plans.set(Vec::new());
    let loaded = Arc::new(loaded);
    let address = match &loaded.source {
        Source::Url(url) => Some(url.clone()),
        Source::File(_) | Source::Sample => None,
    };
    state.loaded.set(Some(loaded.clone()));
    // The address changes only now that the load succeeded (a failed one leaves it as is).
    if state.route.with_untracked(|r| r.data != address) {
        state.navigate(|r| r.data = address);
    }
    state.report_open.set(has_problems);
    state.status.set(Status::Idle);
    yield_now().await;
    // (Unless other data has replaced it meanwhile.)
    if state
        .loaded
        .with_untracked(|l| l.as_ref().is_some_and(|l| Arc::ptr_eq(l, &loaded)))
    {
        super::plans::init_plans(state, &loaded);
    }
    let now = window().performance().map_or(0.0, |p| p.now());
    timing("accept_start", started);
    timing("accept_end", now);
    timing("accept_ms", now - started);
}

pub fn size(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / 1024.0 / 1024.0)
    } else if bytes >= 1024.0 {
        format!("{:.0} KB", bytes / 1024.0)
    } else {
        format!("{bytes:.0} bytes")
    }
}

/// Reads a user's file (picked or dropped).
pub fn load_file(state: AppState, file: web_sys::File) {
    let name = file.name();
    let ticket = new_ticket();
    if file.size() > MAX_BYTES {
        fail(
            state,
            format!("The file “{name}” was not opened; {}.", unchanged(state)),
            vec![problem(format!(
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
        accept(state, file.into(), Source::File(name), ticket).await;
    });
}

/// Fetches a data set by URL. `source` says how to describe it (the sample or a user URL).
pub fn load_url(state: AppState, url: String, source: Source) {
    let ticket = new_ticket();
    spawn_local(async move {
        state
            .status
            .set(Status::Busy(format!("Downloading {url}…")));
        let controller = web_sys::AbortController::new().ok();
        LATEST.with(|l| l.borrow_mut().download = controller.clone());
        let signal = controller.as_ref().map(|c| c.signal());
        let timer = controller.clone().map(|c| {
            let abort = wasm_bindgen::closure::Closure::once_into_js(move || c.abort());
            window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    abort.unchecked_ref(),
                    URL_TIMEOUT_MS,
                )
                .unwrap_or(0)
        });
        // The sample comes already read (its wire form).
        let fetch = if source == Source::Sample {
            SAMPLE_WIRE_URL
        } else {
            &url
        };
        let result = fetch_bytes(fetch, signal.as_ref()).await;
        if let Some(t) = timer {
            window().clear_timeout_with_handle(t);
        }
        if !is_latest(ticket) {
            return;
        }
        LATEST.with(|l| l.borrow_mut().download = None);
        let timed_out = signal.as_ref().is_some_and(|s| s.aborted());
        match result {
            Ok(bytes) => accept(state, bytes, source, ticket).await,
            Err(reason) => {
                let reason = if timed_out {
                    format!(
                        "No answer within {} seconds; the request was stopped.",
                        URL_TIMEOUT_MS / 1000
                    )
                } else {
                    reason
                };
                fail(
                    state,
                    format!("Could not load {url}; {}.", unchanged(state)),
                    vec![problem(reason)],
                );
            }
        }
    });
}

/// `fetch(url)`, a GET that `signal` may stop.
async fn fetch(
    url: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<web_sys::Response, JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_signal(signal);
    let response = JsFuture::from(window().fetch_with_str_and_init(url, &init)).await?;
    Ok(response.unchecked_into())
}

async fn fetch_bytes(url: &str, signal: Option<&web_sys::AbortSignal>) -> Result<Blob, String> {
    let response = fetch(url, signal).await.map_err(|_| {
        "The server could not be reached, or it does not allow this page to read the file \
             (CORS). Check the address, or download the file and open it here."
            .to_string()
    })?;
    if !response.ok() {
        return Err(format!(
            "The server answered {} {}{}.",
            response.status(),
            response.status_text(),
            if response.status() == 404 {
                " (no file at that address)"
            } else {
                ""
            }
        ));
    }
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    if let Some(len) = header("content-length").and_then(|l| l.trim().parse::<u64>().ok()) {
        let len = len as f64;
        if len > MAX_BYTES {
            return Err(format!(
                "The file is {}; the limit is {}.",
                size(len),
                size(MAX_BYTES)
            ));
        }
    }
    let content_type = header("content-type").unwrap_or_default();
    let promise = response
        .blob()
        .map_err(|_| "The download was interrupted.".to_string())?;
    let blob: Blob = JsFuture::from(promise)
        .await
        .map_err(|_| "The download was interrupted.".to_string())?
        .unchecked_into();
    let head = match blob.slice_with_i32_and_i32(0, 64) {
        Ok(first) => match JsFuture::from(first.array_buffer()).await {
            Ok(buf) => Uint8Array::new(&buf).to_vec(),
            Err(_) => Vec::new(),
        },
        Err(_) => Vec::new(),
    };
    if content_type.contains("text/html") || looks_like_html(&head) {
        return Err(
            "The address returned a web page (HTML), not a JSON data file. Use the direct link to the .json file."
                .to_string(),
        );
    }
    Ok(blob)
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}
