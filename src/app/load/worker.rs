//! The data reader's worker: its module (compiled once, handed to each worker), the one set
//! of messages the page and `public/worker.js` exchange, reading a file off the page's
//! thread (or on it, when no worker can run), and the spare worker started (and warmed up)
//! while the page is idle.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob, Worker, WorkerOptions, WorkerType};

use super::super::browser::{fetch, get, import_module, peek, set, sleep, timing};
use super::super::state::Source;
use super::fetch::Failed;
use super::ticket::{is_latest, set_reader, Stopped};
use crate::engine::wire::Identity;

/// The data reader: a module of its own (crates/reader), built by trunk next to the page's
/// (unhashed, as a worker's must be) and loaded only when a file is to be read.
const READER_GLUE: &str = "rapport-reader.js";
const READER_WASM: &str = "rapport-reader_bg.wasm";

thread_local! {
    /// A reader worker started ahead of the work, while the page was idle (warming up the
    /// reader's code meanwhile): the next file's.
    static SPARE: Cell<Option<Worker>> = const { Cell::new(None) };
    /// Whether a spare has warmed up the reader's code (the browser keeps what it optimised
    /// with the compiled module, which every worker shares).
    static WARMED: Cell<bool> = const { Cell::new(false) };
    /// Whether a spare is being started.
    static STARTING: Cell<bool> = const { Cell::new(false) };
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
    /// Download the file at this address straight into the reader's memory, passing each
    /// part on as it arrives (`Part`, then an empty one), and read it as `Read` does.
    /// Answered `Read`, `Download` or `Failed`.
    Fetch { url: &'a str },
    /// Fetch the file at this address and read it up to `reads` times, keeping nothing,
    /// until work comes (the spare's warm-up). Answered nothing.
    WarmUp { url: &'a str, reads: u32 },
}

/// What the worker tells the page.
pub enum FromWorker {
    /// `{ready: true}`: the reader module is running in the worker.
    Ready,
    /// `{part}`: the next part of the file being read (transferred); an empty one once the
    /// whole of a download is in (the reading starts).
    Part(Uint8Array),
    /// `{out, ms}`: the reader's answer (transferred) and the time the reading took.
    Read { out: Uint8Array, ms: f64 },
    /// `{download, n, text}`: the download failed (`Failed::parts`).
    Download(Failed),
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
            ToWorker::Read { blob } => set(&m, "blob", blob),
            ToWorker::Fetch { url } => set(&m, "url", &JsValue::from_str(url)),
            ToWorker::WarmUp { url, reads } => {
                set(&m, "url", &JsValue::from_str(url));
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
        if let Some(failed) = download_failure(m) {
            return FromWorker::Download(failed);
        }
        if get(m, "ready").is_truthy() {
            return FromWorker::Ready;
        }
        FromWorker::Failed(
            get(m, "error")
                .as_string()
                .unwrap_or_else(|| "the worker answered something unexpected".to_string()),
        )
    }
}

/// A download's failure as the reader gives it in the worker's message,
/// `{download, n, text}`.
fn download_failure(m: &JsValue) -> Option<Failed> {
    let kind = get(m, "download").as_f64()?;
    let n = get(m, "n").as_f64().unwrap_or(0.0);
    Failed::from_parts(
        kind as u8,
        n,
        get(m, "text").as_string().unwrap_or_default(),
    )
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

/// The next message of a worker (parts of a file excepted: they go to `part` as they
/// come), or why there is none. `stop_waiting` is given a function that ends the wait with an
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

/// Starts a data reader worker on the (compiled) reader module, gives it `work` at once (a
/// download starts while the module starts) and waits until it is ready.
async fn start_worker(work: Option<&ToWorker<'_>>) -> Result<Worker, String> {
    let module = reader_module().await?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options("worker.js", &options)
        .map_err(|_| "no Web Worker could be started".to_string())?;
    let start = ToWorker::Start {
        glue: module_url(READER_GLUE),
        module: &module,
    };
    if !start.post(&worker) || !work.is_none_or(|w| w.post(&worker)) {
        worker.terminate();
        return Err("the worker could not be given its work".to_string());
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

/// What the reader is given.
pub enum Input {
    /// A file (a picked one stays on disk).
    File(Blob),
    /// The address of one, downloaded by the reader. `signal` stops the download (the
    /// watchdog, a newer load); `heard` is told the bytes that came so far after each part,
    /// and whether all of them came.
    Url {
        url: String,
        signal: AbortSignal,
        heard: Rc<dyn Fn(f64, bool)>,
    },
}

/// Why the reader gave no answer: the download failed, or the reader did (words to show).
pub enum NotRead {
    /// The download failed (said as `Failed` says it).
    Download(Failed),
    /// The reader could not run, or failed: what went wrong.
    Reader(String),
}

/// The reader's answer: its wire form, the file's identity (when worked out here, from the
/// parts) and the file read, as a Blob (a download's put together from its parts).
pub struct Answer {
    pub out: Uint8Array,
    pub identity: Option<String>,
    pub blob: Option<Blob>,
}

/// What the page does with each part of a file as the reader takes it in: works out the
/// file's identity, keeps a download's parts (each as a Blob, put together at the end
/// without copying them again) and tells `heard` how much came.
struct Taken {
    id: Identity,
    buf: Vec<u8>,
    kept: Option<js_sys::Array>,
    /// The download's parts as one Blob, put together as soon as the last came (not in the
    /// task that takes the answer in: 10 ms at 1M responses).
    whole: Option<Blob>,
    received: f64,
    heard: Option<Rc<dyn Fn(f64, bool)>>,
    /// When `heard` was last told (page time, ms).
    told: f64,
}

impl Taken {
    fn new(input: &Input) -> Rc<RefCell<Taken>> {
        let heard = match input {
            Input::File(_) => None,
            Input::Url { heard, .. } => Some(heard.clone()),
        };
        Rc::new(RefCell::new(Taken {
            id: Identity::default(),
            buf: Vec::new(),
            kept: heard.as_ref().map(|_| js_sys::Array::new()),
            whole: None,
            received: 0.0,
            heard,
            told: f64::NEG_INFINITY,
        }))
    }

    /// A function for the parts (an empty one: the download is over).
    fn taker(this: &Rc<RefCell<Taken>>) -> impl FnMut(Uint8Array) + 'static {
        let this = this.clone();
        move |part| {
            let mut t = this.borrow_mut();
            let n = part.length();
            if n > 0 {
                let Taken { id, buf, kept, .. } = &mut *t;
                buf.resize(n as usize, 0);
                part.copy_to(buf);
                id.update(buf);
                if let Some(kept) = kept {
                    // (Should the browser make no Blob of it, the part itself is kept.)
                    let one = Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&part));
                    kept.push(&one.map_or_else(|_| part.into(), JsValue::from));
                }
                t.received += f64::from(n);
            } else if let Some(kept) = t.kept.take() {
                t.whole = Blob::new_with_blob_sequence(&kept).ok();
            }
            // Told at most every 100 ms, and when all came: each time the status line is
            // drawn again, on the page's core (which the download shares).
            let now = window().performance().map_or(0.0, |p| p.now());
            let tell = n == 0 || now - t.told >= 100.0;
            if tell {
                t.told = now;
            }
            let (heard, received) = (t.heard.clone().filter(|_| tell), t.received);
            drop(t);
            if let Some(heard) = heard {
                heard(received, n == 0);
            }
        }
    }

    /// The answer, with the file's identity and the file.
    /// (Should the browser make no Blob of a download's parts, it was not had whole: never
    /// a file on screen without its bytes, which would pass for the sample.)
    fn answer(
        this: &Rc<RefCell<Taken>>,
        input: &Input,
        out: Uint8Array,
    ) -> Result<Answer, NotRead> {
        let mut t = this.borrow_mut();
        let blob = match input {
            Input::File(blob) => blob.clone(),
            Input::Url { .. } => t
                .whole
                .take()
                .ok_or(NotRead::Download(Failed::Interrupted(t.received)))?,
        };
        Ok(Answer {
            out,
            identity: Some(std::mem::take(&mut t.id).finish()),
            blob: Some(blob),
        })
    }
}

/// A worker given `work`: the spare, already started, if there is one (else one started now).
async fn given_work(work: &ToWorker<'_>) -> Result<Worker, String> {
    if let Some(spare) = SPARE.take() {
        if work.post(&spare) {
            return Ok(spare);
        }
        spare.terminate();
    }
    start_worker(Some(work)).await
}

/// Reads, validates and scores a file, or downloads one and does so, in the worker (on
/// this thread if no worker can run): the reader's answer.
pub async fn read_off_thread(input: &Input, ticket: u64) -> Result<Answer, Stopped<NotRead>> {
    let performance = window().performance();
    let started = performance.as_ref().map_or(0.0, |p| p.now());
    let taken = Taken::new(input);
    // A Blob is handed over by reference: the worker reads the bytes itself, and passes
    // each part on for this thread to identify the file meanwhile (a download's parts are
    // also kept here, as the file on screen).
    let work = match input {
        Input::File(blob) => ToWorker::Read { blob },
        Input::Url { url, .. } => ToWorker::Fetch { url },
    };
    let out = match given_work(&work).await {
        Ok(worker) if !is_latest(ticket) => {
            worker.terminate();
            Err(Stopped::Superseded)
        }
        Ok(worker) => {
            let cancellable = |stop: js_sys::Function| {
                // The watchdog stops a download by its signal.
                if let Input::Url { signal, .. } = input {
                    signal.set_onabort(Some(&stop));
                    if signal.aborted() {
                        let _ = stop.call0(&JsValue::NULL);
                    }
                }
                set_reader(Some((worker.clone(), stop)));
            };
            let answer = answer(&worker, Taken::taker(&taken), cancellable).await;
            worker.terminate();
            if let Input::Url { signal, .. } = input {
                signal.set_onabort(None);
            }
            if !is_latest(ticket) {
                return Err(Stopped::Superseded);
            }
            set_reader(None);
            match answer {
                Ok(FromWorker::Read { out, ms }) => {
                    timing("worker_ms", ms);
                    // The ended worker's memory is being given back meanwhile.
                    // (The parts counted are the file's, read or downloaded.)
                    let pause = teardown_ms(taken.borrow().received);
                    if pause > 0 {
                        sleep(pause).await;
                    }
                    // The worker's buffer, transferred: used as it is (not copied).
                    Ok(Taken::answer(&taken, input, out)?)
                }
                Ok(FromWorker::Download(failed)) => Err(NotRead::Download(failed).into()),
                // Stopped by the watchdog (a newer load's stop was answered above).
                Err(_) if matches!(input, Input::Url { signal, .. } if signal.aborted()) => {
                    Err(NotRead::Download(Failed::Silent).into())
                }
                other => {
                    // The worker failed (out of memory?): try here.
                    let why = match other {
                        Ok(FromWorker::Failed(why)) | Err(why) => why,
                        Ok(_) => "the worker answered something unexpected".to_string(),
                    };
                    web_sys::console::warn_1(&JsValue::from_str(&why));
                    on_this_thread(input, why).await
                }
            }
        }
        Err(e) => {
            web_sys::console::warn_1(&JsValue::from_str(&format!(
                "Rapport: reading on the page ({e})"
            )));
            on_this_thread(input, e).await
        }
    };
    let now = performance.as_ref().map_or(0.0, |p| p.now());
    timing("read_ms", now - started);
    out
}

/// Reads a file with the reader module run on the page (when no worker can run). A
/// download is read in a worker only: without one, it fails with the worker's reason.
async fn on_this_thread(input: &Input, why: String) -> Result<Answer, Stopped<NotRead>> {
    let Input::File(blob) = input else {
        return Err(NotRead::Reader(format!(
            "It could not be read beside the page ({why}); download the file and open it \
             here."
        ))
        .into());
    };
    let failed = |_| NotRead::Reader("The data reader could not be started on this page.".into());
    let module = reader_module().await.map_err(NotRead::Reader)?;
    let init = js_sys::Object::new();
    set(&init, "module_or_path", &module);
    let glue = start_module(READER_GLUE, &init).await.map_err(failed)?;
    let read: js_sys::Function = get(&glue, "rapport_read_blob").dyn_into().map_err(failed)?;
    // No parts: the reader identifies the file itself.
    let answer = read.call1(&JsValue::NULL, blob).map_err(failed)?;
    let out = JsFuture::from(answer.unchecked_into::<js_sys::Promise>())
        .await
        .map_err(|e| {
            NotRead::Reader(
                e.as_string()
                    .unwrap_or_else(|| "The data reader failed.".to_string()),
            )
        })?;
    Ok(Answer {
        out: out.unchecked_into(),
        identity: None,
        blob: Some(blob.clone()),
    })
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

/// Once data is on screen (or a load failed), 200 ms later, gets a worker ready for the next
/// file, unless one is or is being started: downloads and compiles the reader's module,
/// starts it in a worker (so that a file, or a download, is begun the moment it is asked
/// for) and, the first time, reads the sample's JSON a few times in it, keeping nothing
/// (browsers run new WebAssembly code unoptimised at first, and optimise what proves hot;
/// this makes the first large file read at full speed, about a fifth faster on the
/// development machine). A file that comes meanwhile ends the warm-up, and is read in this
/// worker. (A file that comes before this
/// worker is ready is read in one of its own, the warm-up running beside it.)
pub fn warm_up() {
    if peek(&SPARE).is_some() || STARTING.replace(true) {
        return;
    }
    let start = Closure::once_into_js(move || {
        spawn_local(async move {
            // (The worker's address is next to the page's: the sample's resolves the same.)
            let warm = ToWorker::WarmUp {
                url: Source::SAMPLE_JSON,
                reads: WARM_UP_READS,
            };
            let first = !WARMED.get();
            let started = start_worker(first.then_some(&warm)).await;
            STARTING.set(false);
            // (Not started: tried again once the next data is on screen.)
            if let Ok(worker) = started {
                WARMED.set(true);
                SPARE.set(Some(worker));
                timing(
                    "spare_ready",
                    window().performance().map_or(0.0, |p| p.now()),
                );
            }
        });
    });
    let _ =
        window().set_timeout_with_callback_and_timeout_and_arguments_0(start.unchecked_ref(), 200);
}
