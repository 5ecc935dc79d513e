//! The survey-export importer, a WebAssembly module of its own run in a Web Worker
//! (`public/import-worker.js`): the page loads none of it (CSV, workbook and encoding
//! readers) until a survey export is imported.

/// What the importer makes of an export (`profile`: a saved profile's JSON, to fit to the
/// file): `Inspected` as JSON, or `{"problems": [...]}` when the file cannot be read.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn rapport_inspect(bytes: &[u8], profile: Option<String>) -> String {
    let profile = match profile
        .map(|p| rapport_import::Profile::from_json(&p))
        .transpose()
    {
        Ok(p) => p,
        Err(why) => {
            return problems(&[rapport_engine::Problem::fatal(
                "",
                rapport_engine::Code::BadModel,
                why,
            )])
        }
    };
    answer(rapport_import::inspect(bytes, profile.as_ref()))
}

/// As `rapport_inspect`, for an account list (`list`: the profile's account list, as JSON).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn rapport_inspect_accounts(bytes: &[u8], list: Option<String>) -> String {
    let list = list.and_then(|l| serde_json::from_str::<rapport_import::AccountList>(&l).ok());
    answer(rapport_import::inspect_accounts(bytes, list.as_ref()))
}

/// Imports an export with a profile (JSON), with an account list, into `base` (the data set
/// on screen) when given: `[wire, document]`, the wire form the page decodes (as the data
/// reader's) and the `rapport/1` document written (empty when rejected). `name` is the
/// export's file name, whose identity is the document's.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn rapport_import(
    export: &[u8],
    accounts: Option<Vec<u8>>,
    profile: &str,
    base: Option<Vec<u8>>,
) -> js_sys::Array {
    let out = js_sys::Array::new();
    let (wire, document) = match rapport_import::Profile::from_json(profile) {
        Ok(p) => rapport_import::import_to_wire(base.as_deref(), export, accounts.as_deref(), &p),
        Err(why) => {
            let refused = rapport_engine::Rejected(rapport_engine::LoadReport::one(
                rapport_engine::Problem::fatal("", rapport_engine::Code::BadModel, why),
            ));
            (
                rapport_engine::wire::encode(&Err(refused), "", export.len()),
                Vec::new(),
            )
        }
    };
    out.push(&js_sys::Uint8Array::from(wire.as_slice()));
    out.push(&js_sys::Uint8Array::from(document.as_slice()));
    out
}

/// Imports a small made-up export `times` times, keeping nothing: the worker's warm-up
/// before the user's import (see `rapport_import::warm`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn rapport_warm(times: usize) {
    rapport_import::warm::warm(times);
}

#[cfg(target_arch = "wasm32")]
fn problems(list: &[rapport_engine::Problem]) -> String {
    serde_json::json!({ "problems": list }).to_string()
}

#[cfg(target_arch = "wasm32")]
fn answer(result: Result<rapport_import::Inspected, Vec<rapport_engine::Problem>>) -> String {
    match result {
        Ok(i) => serde_json::to_string(&i).unwrap_or_default(),
        Err(p) => problems(&p),
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rapport-importer is the app's survey-export importer: a WebAssembly module built by `trunk build` (see README). On the command line run `rapport-cli import`.");
}
