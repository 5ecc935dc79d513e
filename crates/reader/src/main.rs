//! The data reader, a WebAssembly module of its own run in a Web Worker (`worker.js`): it
//! reads, validates and scores a file and returns the wire form the page decodes (see
//! `rapport_engine::wire`). Apart from the page's module, so the page loads none of the
//! reader (JSON parsing and validation): the bundled sample comes already in wire form, and
//! this module is fetched when a file is opened, or ahead of time once the page is idle.

#[cfg(target_arch = "wasm32")]
mod web {
    use js_sys::{Function, Uint8Array};
    use rapport_engine::download::{looks_like_html, Failed, MAX_BYTES};
    use rapport_engine::wire::Identity;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{ReadableStream, ReadableStreamDefaultReader, ReadableStreamReadResult};

    /// How reading a stream of bytes ended early.
    enum Cut {
        /// The bytes that came are not the data (a web page, past the limit): said as a
        /// download's failure.
        Refused(Failed),
        /// The stream broke off after this many bytes.
        Broken(f64),
        /// `parts` threw.
        Other(JsValue),
    }

    /// Reads a stream into one buffer, handing each part to `parts` (the page) or counting
    /// it into `id`. With its size known (`expected`) the buffer is reserved whole and each
    /// part copied straight in, so the file is held once; otherwise the parts are kept
    /// aside (copies, in this worker's JavaScript memory) and put together once all came,
    /// so that the buffer is never grown by doubling (a WebAssembly memory never shrinks).
    /// A download's first part must not be a web page, and no stream may pass `MAX_BYTES`.
    async fn take_in(
        stream: ReadableStream,
        expected: Option<usize>,
        download: bool,
        parts: &Option<Function>,
        id: &mut Identity,
    ) -> Result<Vec<u8>, Cut> {
        let mut bytes = Vec::<u8>::with_capacity(expected.unwrap_or(0));
        let aside = js_sys::Array::new();
        let mut received = 0usize;
        let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
        loop {
            let next: ReadableStreamReadResult = JsFuture::from(reader.read())
                .await
                .map_err(|_| Cut::Broken(received as f64))?
                .unchecked_into();
            if next.get_done().unwrap_or(true) {
                break;
            }
            let part: Uint8Array = next
                .get_value()
                .dyn_into()
                .map_err(|_| Cut::Broken(received as f64))?;
            let n = part.length() as usize;
            if n == 0 {
                // (Nothing to take in: and an empty part tells the page a download is over.)
                continue;
            }
            if download && received == 0 && looks_like_html(&part.subarray(0, 64).to_vec()) {
                let _ = reader.cancel();
                return Err(Cut::Refused(Failed::WebPage));
            }
            if (received + n) as f64 > MAX_BYTES {
                let _ = reader.cancel();
                return Err(Cut::Refused(Failed::PassedLimit));
            }
            if expected.is_some() {
                take(&mut bytes, &part, parts.is_none().then_some(&mut *id));
            } else {
                aside.push(&part.slice(0, n as u32));
            }
            if let Some(parts) = parts {
                parts.call1(&JsValue::NULL, &part).map_err(Cut::Other)?;
            }
            received += n;
        }
        if expected.is_none() {
            bytes.reserve_exact(received);
            for part in aside.iter() {
                take(
                    &mut bytes,
                    &part.unchecked_into(),
                    parts.is_none().then_some(&mut *id),
                );
            }
        }
        Ok(bytes)
    }

    /// Copies a part onto the end of `bytes`, counting it into `id` when given.
    fn take(bytes: &mut Vec<u8>, part: &Uint8Array, id: Option<&mut Identity>) {
        let n = part.length() as usize;
        bytes.reserve(n);
        // Not zeroed first: the part is copied into the room left, then counted in.
        let copied = part.copy_to_uninit(&mut bytes.spare_capacity_mut()[..n]);
        if let Some(id) = id {
            id.update(copied);
        }
        // SAFETY: the `n` bytes after the initialised ones were just written.
        unsafe { bytes.set_len(bytes.len() + n) };
    }

    /// The answer for bytes read: their wire form, identified by `id` unless the page
    /// works it out from the parts it was handed.
    fn answer(bytes: Vec<u8>, parts: &Option<Function>, id: Identity) -> Uint8Array {
        let id = if parts.is_some() {
            String::new()
        } else {
            id.finish()
        };
        let out = rapport_engine::wire::read_and_encode_identified(&bytes, &id);
        drop(bytes);
        Uint8Array::from(out.as_slice())
    }

    /// A download's failure as the page takes it back (`{download, n, text}`; see
    /// `Failed::parts`).
    fn failure(failed: &Failed) -> JsValue {
        let (kind, n, text) = failed.parts();
        let o = js_sys::Object::new();
        for (key, value) in [
            ("download", JsValue::from(kind)),
            ("n", JsValue::from_f64(n)),
            ("text", JsValue::from_str(text)),
        ] {
            let _ = js_sys::Reflect::set(&o, &JsValue::from_str(key), &value);
        }
        o.into()
    }

    /// Reads a file (as a stream, straight into this module's memory, so it is held once),
    /// validates and scores it, and returns its wire form. The file's identity (see
    /// `rapport_engine::wire::identity`) is worked out part by part as it is read, or, given
    /// `parts`, left to whoever `parts` hands each part to (the page does it meanwhile, on a
    /// core of its own) and left empty in the answer.
    #[wasm_bindgen]
    pub async fn rapport_read_blob(
        blob: web_sys::Blob,
        parts: Option<Function>,
    ) -> Result<Uint8Array, JsValue> {
        let changed = || JsValue::from_str("the file changed while it was read");
        let size = blob.size() as usize;
        let mut id = Identity::default();
        let bytes = match take_in(blob.stream(), Some(size), false, &parts, &mut id).await {
            Ok(bytes) if bytes.len() == size => bytes,
            Err(Cut::Other(e)) => return Err(e),
            Ok(_) | Err(_) => return Err(changed()),
        };
        Ok(answer(bytes, &parts, id))
    }

    /// Reads a download as `rapport_read_blob` reads a file: `fetched` is the promise of
    /// `fetch` (begun by `worker.js` before this module started: the browser's own, which
    /// is all a download needs here; its body is read as a Blob's is), and the bytes go into
    /// this module's memory as they arrive. A download that cannot be had rejects with
    /// `{download, n, text}` (see `Failed::parts`).
    #[wasm_bindgen]
    pub async fn rapport_read_download(
        fetched: js_sys::Promise,
        parts: Option<Function>,
    ) -> Result<Uint8Array, JsValue> {
        let response: web_sys::Response = JsFuture::from(fetched)
            .await
            .map_err(|_| failure(&Failed::Unreachable))?
            .unchecked_into();
        if !response.ok() {
            return Err(failure(&Failed::Status(
                response.status(),
                response.status_text(),
            )));
        }
        let headers = response.headers();
        let header = |name: &str| headers.get(name).ok().flatten();
        // A compressed or chunked body may say nothing, or less than it expands to: this
        // refuses early only what is too large by its own account; the bytes are counted
        // as they come.
        let told = header("content-length").and_then(|l| l.trim().parse::<u64>().ok());
        if let Some(len) = told.filter(|len| *len as f64 > MAX_BYTES) {
            return Err(failure(&Failed::TooLarge(len as f64)));
        }
        // The size of what is read, when the length told is the body's own (not compressed).
        let expected = told
            .filter(|_| header("content-encoding").is_none())
            .map(|len| len as usize);
        if header("content-type").is_some_and(|t| t.contains("text/html")) {
            return Err(failure(&Failed::WebPage));
        }
        let mut id = Identity::default();
        let bytes = match response.body() {
            None => Vec::new(),
            Some(body) => match take_in(body, expected, true, &parts, &mut id).await {
                Ok(bytes) => bytes,
                Err(Cut::Refused(failed)) => return Err(failure(&failed)),
                Err(Cut::Broken(received)) => return Err(failure(&Failed::Interrupted(received))),
                Err(Cut::Other(e)) => return Err(e),
            },
        };
        // The page learns that the download is over before the reading starts.
        if let Some(parts) = &parts {
            parts.call1(&JsValue::NULL, &JsValue::NULL)?;
        }
        Ok(answer(bytes, &parts, id))
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rapport-reader is the app's data reader: a WebAssembly module built by `trunk build` (see README). For the command-line scorer run `rapport-cli`.");
}
