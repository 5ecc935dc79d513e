//! The import view's module: the mapping step for survey exports, a WebAssembly module of
//! its own that the page loads when the import view opens and mounts into it (the page's
//! own module stays within its size budget). What it needs of the page comes at mount as
//! a `Host`: whether data is on screen, the data set on screen as a file (to add a wave to),
//! and where to hand an import to be opened. The reading itself runs in the importer's
//! module, in a worker (`worker`); profiles are kept in the browser (`store`).

#[cfg(target_arch = "wasm32")]
mod answers;
#[cfg(target_arch = "wasm32")]
mod chart;
#[cfg(target_arch = "wasm32")]
mod data_file;
#[cfg(target_arch = "wasm32")]
mod importer;
#[cfg(target_arch = "wasm32")]
mod plans;
#[cfg(target_arch = "wasm32")]
mod store;
#[cfg(target_arch = "wasm32")]
mod view;
#[cfg(target_arch = "wasm32")]
mod worker;

#[cfg(target_arch = "wasm32")]
pub use wasm::*;

#[cfg(target_arch = "wasm32")]
mod wasm {
    use std::cell::RefCell;

    use leptos::prelude::*;
    use rapport::app::browser::get;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use crate::importer::{Host, Importer};

    thread_local! {
        /// The mounted view (unmounted when dropped) and its importer.
        static MOUNTED: RefCell<Option<(Box<dyn std::any::Any>, Importer)>> = const { RefCell::new(None) };
    }

    /// Mounts the import view into `parent`. `host`: `{raw?, plans?, targets?, profileUrl?,
    /// file?}`: the data file on screen (a Blob; none for the bundled sample), its plans (a
    /// plans file's JSON; none when no data is on screen) and the targets set in the app (a
    /// targets file's JSON; none when the file's are in force), to add a wave to; a profile's URL
    /// (`?profile=`); a file to import at once (dropped on the page). An import is handed back as a
    /// `rapport-imported` event on the window, `detail` `{wire, document, name}`.
    #[wasm_bindgen]
    pub fn rapport_import_mount(parent: web_sys::HtmlElement, host: JsValue) {
        rapport_import_unmount();
        let file: Option<web_sys::File> = get(&host, "file").dyn_into().ok();
        let importer = Importer::new(Host {
            loaded: get(&host, "plans").is_string(),
            profile_url: get(&host, "profileUrl").as_string(),
            raw: get(&host, "raw").dyn_into().ok(),
            plans: get(&host, "plans").as_string(),
            targets: get(&host, "targets").as_string(),
        });
        // The page's "Loading" line gives way to the view.
        parent.set_text_content(None);
        let _ = parent.remove_attribute("role");
        parent.set_class_name("");
        let handle = leptos::mount::mount_to(parent, move || {
            provide_context(importer);
            view! { <crate::view::ImportView/> }
        });
        MOUNTED.with(|m| *m.borrow_mut() = Some((Box::new(handle), importer)));
        // A worker for the import, warmed up while the user chooses and maps the file.
        crate::worker::open();
        // Now that the view's tasks can run (`mount_to` started their executor).
        if let Some(url) = importer.profile_url() {
            importer.choose_url(url);
        }
        if let Some(file) = file {
            importer.pick_export(file);
        }
    }

    /// Imports this file (one dropped on the page while the view is open).
    #[wasm_bindgen]
    pub fn rapport_import_pick(file: web_sys::File) {
        if let Some(importer) = MOUNTED.with(|m| m.borrow().as_ref().map(|(_, i)| *i)) {
            importer.pick_export(file);
        }
    }

    /// Downloads the data file on screen with its plans written in, and the targets set in
    /// the app. `host`: `{raw?, plans, targets?}` as for `rapport_import_mount`. Resolves when done, or rejects with the reason.
    #[wasm_bindgen]
    pub async fn rapport_export_with_plans(host: JsValue) -> Result<(), JsValue> {
        let raw = get(&host, "raw").dyn_into().ok();
        let plans = get(&host, "plans").as_string();
        let targets = get(&host, "targets").as_string();
        let text = crate::data_file::with_plans(raw, plans, targets)
            .await
            .map_err(|e| JsValue::from_str(&e))?;
        rapport::app::browser::download("rapport-data-with-plans.json", &text, "application/json");
        Ok(())
    }

    /// Downloads the plans on screen as a plans file, laid out to be read. `host`: `{plans}`
    /// as for `rapport_import_mount` (compact JSON: the page's module has no pretty printer,
    /// for its size budget).
    #[wasm_bindgen]
    pub async fn rapport_export_plans(host: JsValue) -> Result<(), JsValue> {
        let plans = get(&host, "plans").as_string().unwrap_or_default();
        let file = rapport::engine::plan::read_plans_file(plans.as_bytes())
            .map_err(|e| JsValue::from_str(&format!("the plans could not be written: {e}")))?;
        let text = serde_json::to_string_pretty(&file).unwrap_or_default();
        rapport::app::browser::download("rapport-plans.json", &text, "application/json");
        Ok(())
    }

    /// Imports a plans file into the plans on screen. `host`: `{plans, accounts, waves}`:
    /// the plans on screen (a plans file's JSON) and the data set's account and wave ids
    /// (arrays of strings). Resolves to `{added, conflicts, message}`: the actions to add
    /// and the versions to choose between, the page's then the file's for each (both as
    /// JSON arrays of actions), and the sentence to
    /// show; or rejects with the sentence.
    #[wasm_bindgen]
    pub async fn rapport_import_plans(
        file: web_sys::File,
        host: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ids = |key| -> std::collections::HashSet<String> {
            js_sys::Array::from(&get(&host, key))
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        };
        let known = rapport::engine::plan::IdLists {
            accounts: ids("accounts"),
            waves: ids("waves"),
        };
        let mine = get(&host, "plans").as_string().unwrap_or_default();
        let mine = rapport::engine::plan::read_plans(mine.as_bytes())
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        let out = crate::plans::import(file, mine, known)
            .await
            .map_err(|e| JsValue::from_str(&e))?;
        let answer = js_sys::Object::new();
        let added = serde_json::to_string(&out.added).unwrap_or_default();
        let conflicts = serde_json::to_string(&out.conflicts).unwrap_or_default();
        rapport::app::browser::set(&answer, "added", &JsValue::from_str(&added));
        rapport::app::browser::set(&answer, "conflicts", &JsValue::from_str(&conflicts));
        rapport::app::browser::set(&answer, "message", &JsValue::from_str(&out.message));
        Ok(answer.into())
    }

    /// Saves the chart `svg` (an SVG element on the page) as SVG, or as PNG when `png`,
    /// under its `title` and `scope` (data set, wave and its date, filters), in a file named
    /// after the title.
    #[wasm_bindgen]
    pub async fn rapport_export_chart(
        svg: web_sys::Element,
        title: String,
        scope: String,
        png: bool,
    ) -> Result<(), JsValue> {
        let name: String = title
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let (text, w, h) = crate::chart::svg_text(&svg, &title, &scope)?;
        if png {
            let blob = crate::chart::png(&text, w, h).await?;
            crate::chart::download_blob(&format!("{name}.png"), &blob)
        } else {
            rapport::app::browser::download(&format!("{name}.svg"), &text, "image/svg+xml");
            Ok(())
        }
    }

    /// Takes the view away (the page's import view closed).
    #[wasm_bindgen]
    pub fn rapport_import_unmount() {
        MOUNTED.with(|m| m.borrow_mut().take());
        crate::worker::stop();
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rapport-import-ui is the app's import view: a WebAssembly module built by `trunk build` (see README).");
}
