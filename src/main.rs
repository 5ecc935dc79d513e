//! The browser entry point: mounts the Rapport app.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // The same module also runs in the data reader's Web Worker, where there is no page.
    if web_sys::window().is_some() {
        leptos::mount::mount_to_body(rapport::app::App);
    }
}

/// Entry point of the data reader's Web Worker (`worker.js`): reads, validates and scores a
/// file and returns the wire form the page decodes (see `rapport::engine::wire`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn rapport_read_in_worker(bytes: js_sys::Uint8Array) -> js_sys::Uint8Array {
    let bytes = bytes.to_vec();
    let out = rapport::engine::wire::read_and_encode(&bytes);
    drop(bytes);
    js_sys::Uint8Array::from(out.as_slice())
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The Rapport app runs in the browser: build it with `trunk build` (see README). For the command-line scorer run `rapport-cli`.");
}
