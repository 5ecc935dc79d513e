//! Getting a file by URL, on the page's side: only from where the page may load it, and
//! given up only when the server falls silent. The reader downloads it (in its worker,
//! refusing a web page or a file too large: `rapport_engine::download`).

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::window;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

pub use crate::engine::download::{size, Failed, MAX_BYTES, SILENCE_MS};

/// The address to download, resolved against the page's, if the page may load from it:
/// this site or https, as its Content-Security-Policy says (`connect-src 'self' https:`).
/// The reader's worker downloads it, and a `<meta>` policy does not govern a worker: this
/// check (and `worker.js`'s own) keeps the rule, and says why an address is refused rather
/// than failing as if the server could not be reached.
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

/// Gives a download up (aborts its controller) when nothing has arrived for `SILENCE_MS`:
/// `heard` after each part restarts the wait, so a slow but live server is never cut off.
/// Stops watching when dropped.
pub struct Watchdog {
    last: Rc<Cell<f64>>,
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
        let check = {
            let last = last.clone();
            Closure::<dyn FnMut()>::new(move || {
                if now() - last.get() >= SILENCE_MS {
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
            interval,
            _check: check,
        }
    }

    pub fn heard(&self) {
        self.last.set(now());
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        window().clear_interval_with_handle(self.interval);
    }
}
