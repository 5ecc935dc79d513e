//! The data reader, a WebAssembly module of its own run in a Web Worker (`worker.js`): it
//! reads, validates and scores a file and returns the wire form the page decodes (see
//! `rapport_engine::wire`). Apart from the page's module, so the page loads none of the
//! reader (JSON parsing and validation): the bundled sample comes already in wire form, and
//! this module is fetched when a file is opened, or ahead of time once the page is idle.

/// Reads a file (in slices, straight into this module's memory, so it is held once),
/// validates and scores it, and returns its wire form.
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
    let out = rapport_engine::wire::read_and_encode(&bytes);
    drop(bytes);
    Ok(js_sys::Uint8Array::from(out.as_slice()))
}

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rapport-reader is the app's data reader: a WebAssembly module built by `trunk build` (see README). For the command-line scorer run `rapport-cli`.");
}
