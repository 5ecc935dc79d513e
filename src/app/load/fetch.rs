//! Getting a file by URL: refused when too large or when the address gives a web page.

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use super::super::browser::fetch;

/// Files larger than this are refused before they are read.
pub const MAX_BYTES: f64 = 512.0 * 1024.0 * 1024.0;

pub fn size(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / 1024.0 / 1024.0)
    } else if bytes >= 1024.0 {
        format!("{:.0} KB", bytes / 1024.0)
    } else {
        format!("{bytes:.0} bytes")
    }
}

pub async fn fetch_bytes(url: &str, signal: Option<&web_sys::AbortSignal>) -> Result<Blob, String> {
    let response = fetch(url, signal).await.map_err(|_| {
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
    let header = |name: &str| headers.get(name).ok().flatten();
    if let Some(len) = header("content-length").and_then(|l| l.trim().parse::<u64>().ok()) {
        let len = len as f64;
        if len > MAX_BYTES {
            return Err(format!(
                "The file is {}; the limit is {}.",
                size(len),
                size(MAX_BYTES)
            ));
        }
    }
    let content_type = header("content-type").unwrap_or_default();
    let promise = response
        .blob()
        .map_err(|_| "The download was interrupted.".to_string())?;
    let blob: Blob = JsFuture::from(promise)
        .await
        .map_err(|_| "The download was interrupted.".to_string())?
        .unchecked_into();
    let head = match blob.slice_with_i32_and_i32(0, 64) {
        Ok(first) => match JsFuture::from(first.array_buffer()).await {
            Ok(buf) => Uint8Array::new(&buf).to_vec(),
            Err(_) => Vec::new(),
        },
        Err(_) => Vec::new(),
    };
    if content_type.contains("text/html") || looks_like_html(&head) {
        return Err(
            "The address returned a web page (HTML), not a JSON data file. Use the direct link to the .json file."
                .to_string(),
        );
    }
    Ok(blob)
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
