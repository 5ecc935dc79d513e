//! The data reader, a WebAssembly module of its own run in a Web Worker (`worker.js`): it
//! reads, validates and scores a file and returns the wire form the page decodes (see
//! `rapport_engine::wire`). Apart from the page's module, so the page loads none of the
//! reader (JSON parsing and validation): the bundled sample comes already in wire form, and
//! this module is fetched when a file is opened, or ahead of time once the page is idle.

/// Reads a file (as a stream, straight into this module's memory, so it is held once),
/// validates and scores it, and returns its wire form. The file's identity (see
/// `rapport_engine::wire::identity`) is worked out part by part as it is read, or, given
/// `parts`, left to whoever `parts` hands each part to (the page does it meanwhile, on a
/// core of its own) and left empty in the answer.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn rapport_read_blob(
    blob: web_sys::Blob,
    parts: Option<js_sys::Function>,
) -> Result<js_sys::Uint8Array, wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let changed = || wasm_bindgen::JsValue::from_str("the file changed while it was read");
    let size = blob.size() as usize;
    // Not zeroed first: each part is copied into the room left, then counted in.
    let mut bytes = Vec::<u8>::with_capacity(size);
    let mut id = rapport_engine::wire::Identity::default();
    let reader: web_sys::ReadableStreamDefaultReader = blob.stream().get_reader().unchecked_into();
    loop {
        let next: web_sys::ReadableStreamReadResult =
            JsFuture::from(reader.read()).await?.unchecked_into();
        if next.get_done().unwrap_or(true) {
            break;
        }
        let part: js_sys::Uint8Array = next.get_value().dyn_into().map_err(|_| changed())?;
        let n = part.length() as usize;
        let room = bytes
            .spare_capacity_mut()
            .get_mut(..n)
            .ok_or_else(changed)?;
        let copied = part.copy_to_uninit(room);
        match &parts {
            Some(parts) => {
                parts.call1(&wasm_bindgen::JsValue::NULL, &part)?;
            }
            None => id.update(copied),
        }
        // SAFETY: the `n` bytes after the initialised ones were just written.
        unsafe { bytes.set_len(bytes.len() + n) };
    }
    if bytes.len() != size {
        return Err(changed());
    }
    let id = if parts.is_some() {
        String::new()
    } else {
        id.finish()
    };
    let out = rapport_engine::wire::read_and_encode_identified(&bytes, &id);
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
