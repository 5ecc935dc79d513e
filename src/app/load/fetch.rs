//! Getting a file by URL: only from where the page may load it, refused when too large
//! (counted as the bytes arrive) or when the address gives a web page, and given up only
//! when the server falls silent.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Blob, ReadableStreamDefaultReader, ReadableStreamReadResult};

use super::super::browser::fetch;
use leptos::prelude::window;

/// Files larger than this are refused: before they are read when their size is known,
/// otherwise as soon as the bytes that arrived pass it.
pub const MAX_BYTES: f64 = 512.0 * 1024.0 * 1024.0;

/// A download from which nothing has arrived for this long is given up.
pub const SILENCE_MS: f64 = 30_000.0;

pub fn size(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / 1024.0 / 1024.0)
    } else if bytes >= 1024.0 {
        format!("{:.0} KB", bytes / 1024.0)
    } else {
        format!("{bytes:.0} bytes")
    }
}

/// Why a file could not be had by URL (said in `Display`, the message the user reads).
#[derive(Clone, Debug, PartialEq)]
pub enum Failed {
    /// The text given is no address.
    NotAnAddress(String),
    /// An address the page may not load from (neither https nor this site).
    NotAllowed(String),
    /// The browser has no way to cancel a download.
    NoAbort,
    /// No answer: unreachable, or refused to this page (CORS).
    Unreachable,
    /// The server's status and its text.
    Status(u16, String),
    /// The server's own size of the file, over `MAX_BYTES`.
    TooLarge(f64),
    /// A web page (HTML) came instead.
    WebPage,
    /// The bytes that arrived passed `MAX_BYTES` (the server had said no size).
    PassedLimit,
    /// The bytes stopped coming, after this many.
    Interrupted(f64),
    /// Nothing arrived for `SILENCE_MS`.
    Silent,
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Failed::NotAnAddress(url) => write!(f, "“{url}” is not a web address."),
            Failed::NotAllowed(url) => write!(
                f,
                "Rapport loads data only from https addresses or from this site, and “{url}” is \
                 neither. Put the file on an https server that allows this page to read it \
                 (CORS), or download it and open it here."
            ),
            Failed::NoAbort => f.write_str("This browser cannot download files here."),
            Failed::Unreachable => f.write_str(
                "The server could not be reached, or it does not allow this page to read the \
                 file (CORS). Check the address, or download the file and open it here.",
            ),
            Failed::Status(code, text) => write!(
                f,
                "The server answered {code} {text}{}.",
                if *code == 404 {
                    " (no file at that address)"
                } else {
                    ""
                }
            ),
            Failed::TooLarge(len) => write!(
                f,
                "The file is {}; the limit is {}.",
                size(*len),
                size(MAX_BYTES)
            ),
            Failed::WebPage => f.write_str(
                "The address returned a web page (HTML), not a JSON data file. Use the direct \
                 link to the .json file.",
            ),
            Failed::PassedLimit => write!(
                f,
                "The download passed the limit of {} and was stopped (the server had not said \
                 how large the file is).",
                size(MAX_BYTES)
            ),
            Failed::Interrupted(received) => {
                write!(f, "The download was interrupted after {}.", size(*received))
            }
            Failed::Silent => write!(
                f,
                "Nothing arrived for {} seconds; the download was stopped. Try again, or \
                 download the file and open it here.",
                SILENCE_MS / 1000.0
            ),
        }
    }
}

/// The address to fetch, resolved against the page's, if the page may load from it: the
/// Content-Security-Policy allows this site and https (`connect-src 'self' https:`), and an
/// address it refuses would otherwise fail as if the server could not be reached.
pub fn allowed(url: &str) -> Result<String, Failed> {
    let page = window().location();
    let base = page.href().unwrap_or_default();
    let Ok(parsed) = web_sys::Url::new_with_base(url.trim(), &base) else {
        return Err(Failed::NotAnAddress(url.to_string()));
    };
    let same_site = page.origin().is_ok_and(|o| o == parsed.origin());
    if same_site || parsed.protocol() == "https:" {
        return Ok(parsed.href());
    }
    Err(Failed::NotAllowed(url.to_string()))
}

/// Gives a download up when nothing has arrived for `SILENCE_MS`: `heard` after the answer
/// and after each chunk restarts the wait, so a slow but live server is never cut off.
/// Stops watching when dropped.
pub struct Watchdog {
    last: Rc<Cell<f64>>,
    fired: Rc<Cell<bool>>,
    interval: i32,
    // Kept alive while the interval may call it; one closure for the whole download.
    _check: Closure<dyn FnMut()>,
}

fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

impl Watchdog {
    pub fn new(controller: AbortController) -> Self {
        let last = Rc::new(Cell::new(now()));
        let fired = Rc::new(Cell::new(false));
        let check = {
            let (last, fired) = (last.clone(), fired.clone());
            Closure::<dyn FnMut()>::new(move || {
                if !fired.get() && now() - last.get() >= SILENCE_MS {
                    fired.set(true);
                    controller.abort();
                }
            })
        };
        let interval = window()
            .set_interval_with_callback_and_timeout_and_arguments_0(
                check.as_ref().unchecked_ref(),
                1000,
            )
            .unwrap_or(0);
        Watchdog {
            last,
            fired,
            interval,
            _check: check,
        }
    }

    pub fn heard(&self) {
        self.last.set(now());
    }

    /// Whether the download was given up for silence.
    pub fn fired(&self) -> bool {
        self.fired.get()
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        window().clear_interval_with_handle(self.interval);
    }
}

/// Downloads `url` as a Blob. `progress` is told the bytes received so far after the answer
/// and after each chunk (the watchdog's `heard` and the status line's figure).
pub async fn fetch_bytes(
    url: &str,
    signal: Option<&web_sys::AbortSignal>,
    progress: &dyn Fn(f64),
) -> Result<Blob, Failed> {
    let response = fetch(url, signal).await.map_err(|_| Failed::Unreachable)?;
    progress(0.0);
    if !response.ok() {
        return Err(Failed::Status(response.status(), response.status_text()));
    }
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    // A compressed or chunked body may say nothing, or less than it expands to: this only
    // refuses early what is too large by its own account; the bytes are counted below.
    if let Some(len) = header("content-length").and_then(|l| l.trim().parse::<u64>().ok()) {
        let len = len as f64;
        if len > MAX_BYTES {
            return Err(Failed::TooLarge(len));
        }
    }
    if header("content-type").is_some_and(|t| t.contains("text/html")) {
        return Err(Failed::WebPage);
    }
    let Some(body) = response.body() else {
        return Blob::new().map_err(|_| Failed::Interrupted(0.0));
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let chunks = Array::new();
    let mut received = 0.0;
    loop {
        let read: ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(|_| Failed::Interrupted(received))?
            .unchecked_into();
        if read.get_done().unwrap_or(true) {
            break;
        }
        let chunk: Uint8Array = read.get_value().unchecked_into();
        if received == 0.0 && looks_like_html(&chunk.subarray(0, 64).to_vec()) {
            let _ = reader.cancel();
            return Err(Failed::WebPage);
        }
        received += f64::from(chunk.length());
        if received > MAX_BYTES {
            let _ = reader.cancel();
            return Err(Failed::PassedLimit);
        }
        chunks.push(&chunk);
        progress(received);
    }
    Blob::new_with_u8_array_sequence(&chunks).map_err(|_| Failed::Interrupted(received))
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
