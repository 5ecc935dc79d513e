//! What the page asks of the browser while it loads and saves: yielding to it between
//! steps, timers, `fetch`, reading JS objects, and the loading figures `make bench` reads.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Lets the browser paint the status line before a long synchronous step.
pub async fn next_frame() {
    sleep(16).await;
}

/// Tries `done` once a frame until it succeeds, for up to a second: views render in steps,
/// so what it needs (a heading, a page tall enough to scroll) may come a few frames later.
pub fn settle(mut done: impl FnMut() -> bool + 'static) {
    leptos::task::spawn_local(async move {
        for _ in 0..60 {
            next_frame().await;
            if done() {
                return;
            }
        }
    });
}

/// Focuses the element found, if it was: whether it was.
pub fn focus(found: Result<Option<web_sys::Element>, JsValue>) -> bool {
    found
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|e| e.focus().is_ok())
}

/// Ends the current task, so the page can paint and answer input, and continues in a new
/// one as soon as it has. `scheduler.yield()` where the browser has it: unlike a zero
/// timeout, it is not held back 4 ms when repeated (a large file takes a hundred steps).
pub async fn yield_now() {
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
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// What a thread's cell holds, left in it (a `Cell`, not a `RefCell`: no borrow to fail).
pub fn peek<T: Clone>(
    cell: &'static std::thread::LocalKey<std::cell::Cell<Option<T>>>,
) -> Option<T> {
    let held = cell.take();
    cell.set(held.clone());
    held
}

/// `target[key] = value` on a JS object.
pub fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// `target[key]`, or `undefined`.
pub fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Records a loading figure (milliseconds) in `window.__rapportTimings`, for `make bench`:
/// `worker_ms` (parse, validate, score in the worker, once a download is in), `read_ms`
/// (including starting the worker, handing the file over and back, and a URL's download),
/// `accept_ms` (until the data is on screen).
pub fn timing(key: &str, ms: f64) {
    let w = window();
    let mut t = get(&w, "__rapportTimings");
    if !t.is_object() {
        t = js_sys::Object::new().into();
        set(w.unchecked_ref(), "__rapportTimings", &t);
    }
    set(t.unchecked_ref(), key, &JsValue::from_f64(ms));
}

/// `fetch(url)`, a GET that `signal` may stop.
pub async fn fetch(
    url: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<web_sys::Response, JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_signal(signal);
    let response = JsFuture::from(window().fetch_with_str_and_init(url, &init)).await?;
    Ok(response.unchecked_into())
}

/// Offers text as a file download.
pub fn download(filename: &str, text: &str, mime: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Today's date where the user is.
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

#[wasm_bindgen(inline_js = "export function import_module(url) { return import(url); }")]
extern "C" {
    /// `import(url)`: loads an ES module (a worker module's glue run on the page: the reader
    /// when no worker can run, the import view's module).
    pub fn import_module(url: &str) -> js_sys::Promise;
}

/// A JS error's message (without its "Error: ").
fn error_message(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default()
}

/// The browser's own `JSON`, for the plans the page reads from and writes to its storage
/// (see `engine::plan::store::Json`: a JSON parser of the page's own would not fit its size
/// budget). Values cross with serde-wasm-bindgen.
pub struct BrowserJson;

impl crate::engine::plan::store::Json for BrowserJson {
    fn check(text: &str) -> Result<(), String> {
        js_sys::JSON::parse(text).map(drop).map_err(error_message)
    }

    fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
        let value = js_sys::JSON::parse(text).map_err(error_message)?;
        serde_wasm_bindgen::from_value(value).map_err(|e| error_message(e.into()))
    }

    fn write<T: serde::Serialize>(value: &T) -> String {
        serde_wasm_bindgen::to_value(value)
            .ok()
            .and_then(|v| js_sys::JSON::stringify(&v).ok())
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    }
}

/// The browser's local storage, or why it cannot be used.
pub fn storage() -> Result<web_sys::Storage, String> {
    match window().local_storage() {
        Ok(Some(s)) => Ok(s),
        _ => {
            Err("Browser storage is turned off (private browsing or a privacy setting)".to_string())
        }
    }
}
