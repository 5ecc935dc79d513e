//! The data reader's worker: its module (compiled once, handed to each worker), the one set
//! of messages the page and `public/worker.js` exchange, reading a file off the page's
//! thread (or on it, when no worker can run), and the idle warm-up.

use std::cell::{Cell, RefCell};

use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, Worker, WorkerOptions, WorkerType};

use super::super::browser::{fetch, get, import_module, peek, set, sleep, timing};
use super::super::state::Source;
use super::fetch::fetch_bytes;
use super::ticket::{is_latest, set_reader, Stopped};
use crate::engine::wire::Identity;

/// The data reader: a module of its own (crates/reader), built by trunk next to the page's
/// (unhashed, as a worker's must be) and loaded only when a file is to be read.
const READER_GLUE: &str = "rapport-reader.js";
const READER_WASM: &str = "rapport-reader_bg.wasm";

thread_local! {
    /// The worker warming up the reader's code, while it runs (stopped when a file comes).
    static WARMING: Cell<Option<Worker>> = const { Cell::new(None) };
    /// The reader module, compiled once (on first need, or ahead of time while the page is
    /// idle) and handed to each worker.
    static READER: Cell<Option<js_sys::Promise>> = const { Cell::new(None) };
}

/// What the page tells the worker. `public/worker.js` mirrors this and `FromWorker`; no
/// other code builds or reads these messages.
pub enum ToWorker<'a> {
    /// First: the reader's JavaScript glue (a URL) and its compiled module. Answered
    /// `Ready`, or `Failed`.
    Start { glue: String, module: &'a JsValue },
    /// Read, validate and score this file (a Blob, handed over by reference), passing each
    /// part on as it is read (`Part`, for the page to identify the file meanwhile).
    /// Answered `Read`, or `Failed`.
    Read { blob: &'a Blob },
    /// Read this file `reads` times and keep nothing (the idle warm-up). Answered `Warmed`.
    WarmUp { blob: &'a Blob, reads: u32 },
}

/// What the worker tells the page.
pub enum FromWorker {
    /// `{ready: true}`: the reader module is running in the worker.
    Ready,
    /// `{part}`: the next part of the file being read (transferred).
    Part(Uint8Array),
    /// `{out, ms}`: the reader's answer (transferred) and the time it took.
    Read { out: Uint8Array, ms: f64 },
    /// `{warmed: true}`: the warm-up reads are done.
    Warmed,
    /// `{error}`: what went wrong.
    Failed(String),
}

impl ToWorker<'_> {
    fn to_js(&self) -> js_sys::Object {
        let m = js_sys::Object::new();
        match self {
            ToWorker::Start { glue, module } => {
                set(&m, "glue", &JsValue::from_str(glue));
                set(&m, "module", module);
            }
            ToWorker::Read { blob } => {
                set(&m, "blob", blob);
                set(&m, "parts", &JsValue::TRUE);
            }
            ToWorker::WarmUp { blob, reads } => {
                set(&m, "blob", blob);
                set(&m, "warm", &JsValue::from(*reads));
            }
        }
        m
    }

    /// Posts the message; false when the worker could not take it.
    fn post(&self, worker: &Worker) -> bool {
        worker.post_message(&self.to_js()).is_ok()
    }
}

impl FromWorker {
    fn from_js(m: &JsValue) -> FromWorker {
        if let Ok(part) = get(m, "part").dyn_into::<Uint8Array>() {
            return FromWorker::Part(part);
        }
        if let Ok(out) = get(m, "out").dyn_into::<Uint8Array>() {
            let ms = get(m, "ms").as_f64().unwrap_or(f64::NAN);
            return FromWorker::Read { out, ms };
        }
        if get(m, "ready").is_truthy() {
            return FromWorker::Ready;
        }
        if get(m, "warmed").is_truthy() {
            return FromWorker::Warmed;
        }
        FromWorker::Failed(
            get(m, "error")
                .as_string()
                .unwrap_or_else(|| "the worker answered something unexpected".to_string()),
        )
    }
}

/// The URL of one of the worker modules' files (the reader's, the importer's): next to this
/// module's JavaScript glue (where trunk puts them), with their version (a hash of their
/// files, written into the page by tools/csp.mjs) so that a cached reader or importer of
/// another build is never used.
pub fn module_url(file: &str) -> String {
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

/// The reader module being compiled or compiled, if it was asked for: for another of the
/// page's modules to share (the evidence module reads files too).
pub fn reader_promise() -> Option<js_sys::Promise> {
    peek(&READER)
}

/// Uses `compiled` (another module's `reader_promise`) as this module's reader, unless it
/// has one.
pub fn share_reader(compiled: js_sys::Promise) {
    let reader = READER.take();
    READER.set(Some(reader.unwrap_or(compiled)));
}

/// The reader module, compiled (once: later calls share it).
async fn reader_module() -> Result<JsValue, String> {
    let promise = READER.take().unwrap_or_else(|| {
        let url = module_url(READER_WASM);
        wasm_bindgen_futures::future_to_promise(async move {
            let response = fetch(&url, None)
                .await
                .map_err(|_| JsValue::from_str("the data reader could not be downloaded"))?;
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
    });
    READER.set(Some(promise.clone()));
    JsFuture::from(promise).await.map_err(|e| {
        // Not kept: the next file tries again.
        READER.set(None);
        e.as_string()
            .unwrap_or_else(|| "the data reader could not be compiled".to_string())
    })
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

/// The next message of a worker (parts of a file excepted: they go to `part` as they come),
/// or why there is none. `stop_waiting` is given a function that ends the wait with an
/// error (for a load that is cancelled).
async fn answer(
    worker: &Worker,
    mut part: impl FnMut(Uint8Array) + 'static,
    stop_waiting: impl FnOnce(js_sys::Function),
) -> Result<FromWorker, String> {
    // The executor runs at once (ECMAScript, "Promise ( executor )"): both are set on return.
    let none = || JsValue::UNDEFINED.unchecked_into::<js_sys::Function>();
    let (mut resolve, mut reject) = (none(), none());
    let promise = js_sys::Promise::new(&mut |yes, no| {
        resolve = yes;
        reject = no;
    });
    stop_waiting(reject.clone());
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            match FromWorker::from_js(&data) {
                FromWorker::Part(p) => part(p),
                _ => {
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
    match result {
        Ok(m) => Ok(FromWorker::from_js(&m)),
        Err(e) => Err(e
            .as_string()
            .unwrap_or_else(|| "the worker failed".to_string())),
    }
}

/// Starts a data reader worker on the (compiled) reader module, and waits until it is ready.
async fn start_worker() -> Result<Worker, String> {
    let module = reader_module().await?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options("worker.js", &options)
        .map_err(|_| "no Web Worker could be started".to_string())?;
    let start = ToWorker::Start {
        glue: module_url(READER_GLUE),
        module: &module,
    };
    if !start.post(&worker) {
        worker.terminate();
        return Err("the worker could not be given the module".to_string());
    }
    match answer(&worker, |_| {}, |_| {}).await {
        Ok(FromWorker::Ready) => Ok(worker),
        Ok(FromWorker::Failed(why)) | Err(why) => {
            worker.terminate();
            Err(why)
        }
        Ok(_) => {
            worker.terminate();
            Err("the worker answered something unexpected".to_string())
        }
    }
}

/// Stops the idle warm-up, if it runs (a file has come).
pub fn stop_warm_up() {
    if let Some(worker) = WARMING.take() {
        worker.terminate();
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
pub async fn read_off_thread(
    blob: &Blob,
    ticket: u64,
) -> Result<(Uint8Array, Option<String>), Stopped> {
    let performance = window().performance();
    let started = performance.as_ref().map_or(0.0, |p| p.now());
    let out = match start_worker().await {
        Ok(worker) if !is_latest(ticket) => {
            worker.terminate();
            Err(Stopped::Superseded)
        }
        Ok(worker) => {
            // A Blob is handed over by reference: the worker reads the bytes itself, and
            // passes each part on for this thread to identify the file meanwhile.
            let id = std::rc::Rc::new(RefCell::new((Identity::default(), Vec::new())));
            let answer = if (ToWorker::Read { blob }).post(&worker) {
                let id = id.clone();
                let on_part = move |part: Uint8Array| {
                    let (id, buf) = &mut *id.borrow_mut();
                    buf.resize(part.length() as usize, 0);
                    part.copy_to(buf);
                    id.update(buf);
                };
                let cancellable = |stop: js_sys::Function| set_reader(Some((worker.clone(), stop)));
                answer(&worker, on_part, cancellable).await
            } else {
                Err("the file could not be handed to the worker".to_string())
            };
            worker.terminate();
            if !is_latest(ticket) {
                return Err(Stopped::Superseded);
            }
            set_reader(None);
            match answer {
                Ok(FromWorker::Read { out, ms }) => {
                    timing("worker_ms", ms);
                    let id = id.borrow().0.finish();
                    // The ended worker's memory is being given back meanwhile.
                    let pause = teardown_ms(blob.size());
                    if pause > 0 {
                        sleep(pause).await;
                    }
                    // The worker's buffer, transferred: used as it is (not copied).
                    Ok((out, Some(id)))
                }
                other => {
                    // The worker failed (out of memory?): try here.
                    let why = match other {
                        Ok(FromWorker::Failed(why)) | Err(why) => why,
                        Ok(_) => "the worker answered something unexpected".to_string(),
                    };
                    web_sys::console::warn_1(&JsValue::from_str(&why));
                    Ok((on_this_thread(blob).await?, None))
                }
            }
        }
        Err(e) => {
            web_sys::console::warn_1(&JsValue::from_str(&format!(
                "Rapport: reading on the page ({e})"
            )));
            Ok((on_this_thread(blob).await?, None))
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
    let init = js_sys::Object::new();
    set(&init, "module_or_path", &module);
    let glue = start_module(READER_GLUE, &init).await.map_err(failed)?;
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

/// Loads a worker module's glue (by file name) on this page and starts it with `init` (its
/// compiled module, or nothing: the glue then fetches it): the glue's exports.
pub async fn start_module(glue_file: &str, init: &JsValue) -> Result<JsValue, JsValue> {
    let glue = JsFuture::from(import_module(&module_url(glue_file))).await?;
    let start: js_sys::Function = get(&glue, "default").dyn_into()?;
    JsFuture::from(
        start
            .call1(&JsValue::NULL, init)?
            .unchecked_into::<js_sys::Promise>(),
    )
    .await?;
    Ok(glue)
}

/// Times the sample is read to warm up the reader (about 14,000 responses in all).
const WARM_UP_READS: u32 = 10;

/// Once the sample is on screen and the page idle, gets the reader ready for the first
/// file: downloads and compiles its module, and reads the sample's JSON a few times in a
/// worker that answers nothing (browsers run new WebAssembly code unoptimised at first,
/// and optimise what proves hot; this makes the first large file read at full speed, about
/// a fifth faster on the development machine). A file that comes meanwhile stops it.
pub fn warm_up() {
    let start = Closure::once_into_js(move || {
        spawn_local(async move {
            let Ok(blob) = fetch_bytes(Source::SAMPLE_JSON, None, &|_| ()).await else {
                return;
            };
            let Ok(worker) = start_worker().await else {
                return;
            };
            let warm = ToWorker::WarmUp {
                blob: &blob,
                reads: WARM_UP_READS,
            };
            if !warm.post(&worker) {
                worker.terminate();
                return;
            }
            WARMING.set(Some(worker.clone()));
            let _ = answer(&worker, |_| {}, |_| {}).await;
            worker.terminate();
            WARMING.set(None);
        });
    });
    let _ =
        window().set_timeout_with_callback_and_timeout_and_arguments_0(start.unchecked_ref(), 200);
}
