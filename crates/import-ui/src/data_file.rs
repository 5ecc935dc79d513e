//! The data file on screen with its plans written in as `actions`: what "Export data file
//! with plans" downloads, and what the next wave's import is added to. Here, in a module
//! loaded when needed, rather than in the page's.

use js_sys::Uint8Array;
use rapport::app::browser::fetch;
use rapport::engine::plan::targets::TargetsList;
use rapport::engine::plan::{merge_into_data_file, read_plans};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// The bundled sample's JSON, relative to the page.
const SAMPLE_JSON: &str = "data/sample.json";

/// The data file (`raw`; the bundled sample's when none) with the plans of `plans` (a plans
/// file's JSON) written in, and the targets of `targets` (a targets file's JSON: those set
/// in the app) as its `model.targets`.
pub async fn with_plans(
    raw: Option<Blob>,
    plans: Option<String>,
    targets: Option<String>,
) -> Result<String, String> {
    let again = |_| "The data set on screen could not be read again.".to_string();
    let raw = match raw {
        Some(raw) => raw,
        None => {
            let r = fetch(SAMPLE_JSON, None).await.map_err(again)?;
            JsFuture::from(r.blob().map_err(again)?)
                .await
                .map_err(again)?
                .unchecked_into()
        }
    };
    let bytes = JsFuture::from(raw.array_buffer()).await.map_err(again)?;
    let bytes = Uint8Array::new(&bytes).to_vec();
    let plans = match plans {
        Some(p) => read_plans(p.as_bytes()).map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
    let targets = match targets {
        Some(t) => Some(
            serde_json::from_str::<TargetsList>(&t)
                .map_err(|e| format!("the targets set in the app could not be read ({e})"))?
                .targets,
        ),
        None => None,
    };
    merge_into_data_file(&bytes, &plans, targets.as_deref()).map_err(|e| e.to_string())
}
