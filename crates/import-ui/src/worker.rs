//! The importer's worker (`public/import-worker.js`, running crates/import's module): one
//! request per worker, the messages typed here and mirrored there.

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, Worker, WorkerOptions, WorkerType};

use rapport::app::browser::{get, set};
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
    /// `{wire, document, ms}`: the data reader's answer form, the rapport/1 JSON written
    /// (empty when the import was rejected), and the worker's time.
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

/// Asks the importer, in a worker of its own (ended once it has answered).
pub async fn ask(request: ToImporter<'_>) -> FromImporter {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let Ok(worker) = Worker::new_with_options("import-worker.js", &options) else {
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
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let _ = resolve.call1(&JsValue::NULL, &e.data());
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
