//! The importer's worker (`public/import-worker.js`, running crates/import's module): one
//! request per worker, the messages typed here and mirrored there. An import goes to a
//! spare worker started while the view is open and warmed up first (`{glue, warm: n}`,
//! answered `{warmed: ms}`: `warm_up`).

use std::cell::{Cell, RefCell};

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageEvent, Worker, WorkerOptions, WorkerType};

use rapport::app::browser::{get, set, sleep, timing};
use rapport::app::module_url;
use rapport::import::{AccountList, Inspected, Profile};

/// The importer module's JavaScript glue (unhashed, as a worker's module must be).
const IMPORTER_GLUE: &str = "rapport-importer.js";

/// What the page asks the importer.
pub enum ToImporter<'a> {
    /// What an export holds, fitted to a saved profile when given. Answered `Json`.
    Inspect {
        export: &'a Blob,
        profile: Option<&'a Profile>,
    },
    /// What an account list holds, fitted to the profile's list when given. Answered `Json`.
    InspectAccounts {
        list: &'a Blob,
        mapping: Option<&'a AccountList>,
    },
    /// Import with a profile, into `base` (the data set on screen) when given. Answered
    /// `Imported`.
    Import {
        export: &'a Blob,
        accounts: Option<&'a Blob>,
        profile: &'a Profile,
        base: Option<&'a Blob>,
    },
}

/// What the importer answers.
pub enum FromImporter {
    /// `{json}`: `Inspected`, or `{"problems": [...]}`.
    Json(String),
    /// `{wire, document, ms, warmups}`: the data reader's answer form, the rapport/1 JSON
    /// written (empty when the import was rejected), and the worker's time (and how many
    /// warm-up imports it ran before, kept for the tests).
    Imported {
        wire: Uint8Array,
        document: Vec<u8>,
        ms: f64,
    },
    /// `{error}`.
    Failed(String),
}

impl ToImporter<'_> {
    fn to_js(&self) -> js_sys::Object {
        let m = js_sys::Object::new();
        set(&m, "glue", &JsValue::from_str(&module_url(IMPORTER_GLUE)));
        match self {
            ToImporter::Inspect { export, profile } => {
                set(&m, "inspect", export);
                if let Some(p) = profile {
                    set(&m, "profile", &json(p));
                }
            }
            ToImporter::InspectAccounts { list, mapping } => {
                set(&m, "inspectAccounts", list);
                if let Some(l) = mapping {
                    set(&m, "list", &json(l));
                }
            }
            ToImporter::Import {
                export,
                accounts,
                profile,
                base,
            } => {
                set(&m, "importExport", export);
                set(&m, "profile", &json(profile));
                if let Some(a) = accounts {
                    set(&m, "accounts", a);
                }
                if let Some(b) = base {
                    set(&m, "base", b);
                }
            }
        }
        m
    }
}

/// A value the importer is given as JSON.
fn json<T: serde::Serialize>(v: &T) -> JsValue {
    JsValue::from_str(&serde_json::to_string(v).unwrap_or_default())
}

impl FromImporter {
    fn from_js(m: &JsValue) -> FromImporter {
        if let Some(json) = get(m, "json").as_string() {
            return FromImporter::Json(json);
        }
        if let (Ok(wire), Ok(document)) = (
            get(m, "wire").dyn_into::<Uint8Array>(),
            get(m, "document").dyn_into::<Uint8Array>(),
        ) {
            timing("import_warmups", get(m, "warmups").as_f64().unwrap_or(0.0));
            return FromImporter::Imported {
                wire,
                document: document.to_vec(),
                ms: get(m, "ms").as_f64().unwrap_or(f64::NAN),
            };
        }
        FromImporter::Failed(
            get(m, "error")
                .as_string()
                .unwrap_or_else(|| "The importer answered something unexpected.".to_string()),
        )
    }
}

/// How many times a spare worker imports the made-up export before the user's import: the
/// browser then runs the optimised code for all of it (1.1 s → 0.7 s for 100,000 rows; each
/// warm-up import takes 10–40 ms).
const WARM_UPS: usize = 12;

/// How long after the view opens, or an import answers, the next spare is started: not in
/// the way of reading a dropped file or of drawing the preview.
const SPARE_AFTER_MS: i32 = 500;

/// A worker kept for the next import and warmed up (see `warm_up`), with its handlers (a
/// failed warm-up or a worker that could not load ends it: the import then starts afresh).
struct Spare {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static SPARE: RefCell<Option<Spare>> = const { RefCell::new(None) };
    /// Whether the view is open (a spare is started only then).
    static OPEN: Cell<bool> = const { Cell::new(false) };
}

/// A new worker for the importer.
fn start() -> Option<Worker> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    Worker::new_with_options("import-worker.js", &options).ok()
}

/// The warm-up's answer `{warmed}`: its time, or null when it failed (kept for `make bench`).
fn warmed(m: &JsValue) -> Option<Option<f64>> {
    let ms = get(m, "warmed");
    (!ms.is_undefined()).then(|| {
        timing("import_warm_ms", ms.as_f64().unwrap_or(f64::NAN));
        ms.as_f64()
    })
}

/// The view is open: a spare worker is started shortly.
pub fn open() {
    OPEN.with(|o| o.set(true));
    warm_up_soon();
}

/// The view is closed: the spare worker, if any, is ended.
pub fn stop() {
    OPEN.with(|o| o.set(false));
    end_spare();
}

fn end_spare() {
    if let Some(spare) = SPARE.with(|s| s.borrow_mut().take()) {
        spare.worker.set_onmessage(None);
        spare.worker.set_onerror(None);
        spare.worker.terminate();
    }
}

fn warm_up_soon() {
    after(SPARE_AFTER_MS, warm_up);
}

/// Runs `f` after `ms` milliseconds (a spare's handler ends it this way: not while it runs).
fn after(ms: i32, f: fn()) {
    wasm_bindgen_futures::spawn_local(async move {
        sleep(ms).await;
        f();
    });
}

/// Starts a worker for the next import, unless one is ready or the view is closed, and warms
/// its importer up (`{glue, warm: n}`) while the user looks at the mapping. Browsers
/// optimise WebAssembly code once it has run a while, and not a loop that is running: a
/// fresh worker would import a large export in its first, slow code from start to end.
fn warm_up() {
    if !OPEN.with(Cell::get) || SPARE.with(|s| s.borrow().is_some()) {
        return;
    }
    let Some(worker) = start() else {
        return;
    };
    let request = js_sys::Object::new();
    set(
        &request,
        "glue",
        &JsValue::from_str(&module_url(IMPORTER_GLUE)),
    );
    set(&request, "warm", &JsValue::from_f64(WARM_UPS as f64));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        if warmed(&e.data()) == Some(None) {
            after(0, end_spare);
        }
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_| after(0, end_spare));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    if worker.post_message(&request).is_ok() {
        SPARE.with(|s| {
            *s.borrow_mut() = Some(Spare {
                worker,
                _on_message: on_message,
                _on_error: on_error,
            })
        });
    } else {
        worker.terminate();
    }
}

/// Asks the importer, in a worker of its own (ended once it has answered): for an import, the
/// spare warmed up for it when there is one. Another spare is then started for the next.
pub async fn ask(request: ToImporter<'_>) -> FromImporter {
    let spare = match request {
        ToImporter::Import { .. } => SPARE.with(|s| s.borrow_mut().take()).map(|s| s.worker),
        _ => None,
    };
    let Some(worker) = spare.or_else(start) else {
        return FromImporter::Failed("No Web Worker could be started for the importer.".into());
    };
    let (mut resolve, mut reject) = (None, None);
    let promise = js_sys::Promise::new(&mut |yes, no| {
        resolve = Some(yes);
        reject = Some(no);
    });
    let (resolve, reject): (js_sys::Function, js_sys::Function) = (
        resolve.expect("the executor runs at once"),
        reject.expect("the executor runs at once"),
    );
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        // A spare's warm-up may still be answering (a failed one leaves the import to say
        // why: the worker answers it with the error).
        if warmed(&e.data()).is_none() {
            let _ = resolve.call1(&JsValue::NULL, &e.data());
        }
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let why = e.dyn_ref::<web_sys::ErrorEvent>().map_or_else(
            || "The importer could not be loaded.".to_string(),
            |e| format!("The importer failed: {}", e.message()),
        );
        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&why));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let answer = match worker.post_message(&request.to_js()) {
        Ok(()) => match JsFuture::from(promise).await {
            Ok(m) => FromImporter::from_js(&m),
            Err(e) => FromImporter::Failed(
                e.as_string()
                    .unwrap_or_else(|| "The importer failed.".to_string()),
            ),
        },
        Err(_) => FromImporter::Failed("The file could not be handed to the importer.".into()),
    };
    worker.terminate();
    drop((on_message, on_error));
    if matches!(answer, FromImporter::Imported { .. }) {
        warm_up_soon();
    }
    answer
}

/// An `Inspected` answer, or the problems that stopped it, as messages.
pub fn inspected(answer: FromImporter) -> Result<Inspected, Vec<String>> {
    match answer {
        FromImporter::Json(json) => match serde_json::from_str::<Inspected>(&json) {
            Ok(i) => Ok(i),
            Err(_) => {
                let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
                let messages: Vec<String> = v["problems"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|p| p["message"].as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                Err(if messages.is_empty() {
                    vec!["The importer answered something unexpected.".to_string()]
                } else {
                    messages
                })
            }
        },
        FromImporter::Imported { .. } => {
            Err(vec!["The importer answered something unexpected.".into()])
        }
        FromImporter::Failed(why) => Err(vec![why]),
    }
}
