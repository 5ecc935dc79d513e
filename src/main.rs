//! The browser entry point: mounts the Rapport app.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // The same module also runs in the data reader's Web Worker, where there is no page.
    if web_sys::window().is_some() {
        leptos::mount::mount_to_body(rapport::app::App);
    }
}

/// Entry point of the data reader's Web Worker (`worker.js`): reads a file (in slices,
/// straight into this module's memory, so it is held once), validates and scores it, and
/// returns the wire form the page decodes (see `rapport::engine::wire`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn rapport_read_blob(
    blob: web_sys::Blob,
) -> Result<js_sys::Uint8Array, wasm_bindgen::JsValue> {
    const SLICE: usize = 16 << 20;
    let size = blob.size() as usize;
    let mut bytes = vec![0u8; size];
    let mut at = 0;
    while at < size {
        let end = (at + SLICE).min(size);
        let part = blob.slice_with_f64_and_f64(at as f64, end as f64)?;
        let buf = wasm_bindgen_futures::JsFuture::from(part.array_buffer()).await?;
        js_sys::Uint8Array::new(&buf).copy_to(&mut bytes[at..end]);
        at = end;
    }
    let out = rapport::engine::wire::read_and_encode(&bytes);
    drop(bytes);
    Ok(js_sys::Uint8Array::from(out.as_slice()))
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The Rapport app runs in the browser: build it with `trunk build` (see README). For the command-line scorer run `rapport-cli`.");
}
