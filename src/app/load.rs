//! Loading data: the bundled sample, a picked or dropped file, or a JSON URL.

use std::sync::Arc;

use gloo_net::http::Request;
use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::state::{AppState, LoadFailure, Loaded, Source, Status};
use crate::engine::{load, Portfolio, Problem, Severity};

/// Files larger than this are refused before they are read.
pub const MAX_BYTES: f64 = 512.0 * 1024.0 * 1024.0;
/// A URL that has not answered by then is given up.
pub const URL_TIMEOUT_MS: i32 = 30_000;

/// The bundled sample, relative to the page so the app also works under a sub-path.
pub const SAMPLE_URL: &str = "data/sample.json";

fn fnv1a(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn problem(message: impl Into<String>) -> Problem {
    Problem {
        severity: Severity::Fatal,
        pointer: String::new(),
        record: None,
        line: None,
        column: None,
        code: "load_failed",
        message: message.into(),
    }
}

/// Lets the browser paint the status line before a long synchronous step.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 16);
    });
    let _ = JsFuture::from(promise).await;
}

fn fail(state: AppState, title: String, problems: Vec<Problem>) {
    state.status.set(Status::Idle);
    state.failure.set(Some(LoadFailure { title, problems }));
}

/// Validates and scores bytes; on success replaces the data on screen.
async fn accept(state: AppState, bytes: Vec<u8>, source: Source) {
    state.status.set(Status::Busy(format!(
        "Reading and scoring {}…",
        size(bytes.len() as f64)
    )));
    next_frame().await;
    match load(&bytes) {
        Ok((data, report)) => {
            let loaded = Loaded {
                identity: fnv1a(&bytes),
                bytes: bytes.len(),
                portfolio: Portfolio::new(data),
                report,
                source,
                raw: bytes,
            };
            let has_problems = !loaded.report.problems.is_empty();
            state.failure.set(None);
            super::plans::init_plans(state, &loaded);
            state.loaded.set(Some(Arc::new(loaded)));
            state.report_open.set(has_problems);
            state.status.set(Status::Idle);
        }
        Err(rejected) => {
            let what = match &source {
                Source::Sample => "The bundled sample".to_string(),
                Source::File(n) => format!("The file “{n}”"),
                Source::Url(u) => format!("The data at {u}"),
            };
            fail(
                state,
                format!("{what} could not be used; the data on screen is unchanged."),
                rejected.0.problems,
            );
        }
    }
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
    if file.size() > MAX_BYTES {
        fail(
            state,
            format!("The file “{name}” was not opened; the data on screen is unchanged."),
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
        match JsFuture::from(file.array_buffer()).await {
            Ok(buf) => accept(state, Uint8Array::new(&buf).to_vec(), Source::File(name)).await,
            Err(_) => fail(
                state,
                format!("The file “{name}” could not be read; the data on screen is unchanged."),
                vec![problem(
                    "The browser refused to read the file (was it moved or deleted?).",
                )],
            ),
        }
    });
}

/// Fetches a data set by URL. `source` says how to describe it (the sample or a user URL).
pub fn load_url(state: AppState, url: String, source: Source) {
    spawn_local(async move {
        state
            .status
            .set(Status::Busy(format!("Downloading {url}…")));
        let controller = web_sys::AbortController::new().ok();
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
        let result = fetch_bytes(&url, signal.as_ref()).await;
        if let Some(t) = timer {
            window().clear_timeout_with_handle(t);
        }
        let timed_out = signal.as_ref().is_some_and(|s| s.aborted());
        match result {
            Ok(bytes) => accept(state, bytes, source).await,
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
                    format!("Could not load {url}; the data on screen is unchanged."),
                    vec![problem(reason)],
                );
            }
        }
    });
}

async fn fetch_bytes(url: &str, signal: Option<&web_sys::AbortSignal>) -> Result<Vec<u8>, String> {
    let response = Request::get(url)
        .abort_signal(signal)
        .send()
        .await
        .map_err(|_| {
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
    if let Some(len) = headers
        .get("content-length")
        .and_then(|l| l.parse::<f64>().ok())
    {
        if len > MAX_BYTES {
            return Err(format!(
                "The file is {}; the limit is {}.",
                size(len),
                size(MAX_BYTES)
            ));
        }
    }
    let content_type = headers.get("content-type").unwrap_or_default();
    let bytes = response
        .binary()
        .await
        .map_err(|_| "The download was interrupted.".to_string())?;
    if content_type.contains("text/html") || looks_like_html(&bytes) {
        return Err(
            "The address returned a web page (HTML), not a JSON data file. Use the direct link to the .json file."
                .to_string(),
        );
    }
    Ok(bytes)
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
