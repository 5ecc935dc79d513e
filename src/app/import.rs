//! The import view's place in the page. Its user interface (the mapping step for survey
//! exports) is a module of its own, crates/import-ui, loaded when the view first opens and
//! mounted here, so that the page's module stays within its size budget: the page gives it
//! what it needs (whether data is on screen, that data as a file, where to hand an import)
//! and puts what it imports on screen.

use std::cell::Cell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::browser::{get, next_frame, peek, set, BrowserJson};
use super::load::{load_imported, raw_blob, start_module};
use super::plans::update_plans;
use super::state::{use_app, AppState};
use crate::engine::plan::store::Json;
use crate::engine::plan::{plans_file, Conflict, PlanAction};
use crate::route::View;

/// The import view's module: its JavaScript glue (next to the page's, unhashed).
const IMPORT_UI_GLUE: &str = "rapport-import-ui.js";

thread_local! {
    /// The import view's module, once loaded.
    static MODULE: Cell<Option<JsValue>> = const { Cell::new(None) };
    /// A file dropped on the page, for the view to import when it mounts.
    static DROPPED: Cell<Option<web_sys::File>> = const { Cell::new(None) };
}

/// A survey export dropped on the page: to the import view.
pub fn pick(state: AppState, file: web_sys::File) {
    let mounted = peek(&MODULE);
    match mounted {
        Some(module) if state.route.with_untracked(|r| r.view == View::Import) => {
            call(&module, "rapport_import_pick", &[file.into()]);
        }
        _ => {
            DROPPED.set(Some(file));
            state.navigate(|r| r.view = View::Import);
        }
    }
}

/// Calls a function of the module: what it returns.
pub(super) fn call(module: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    let f: Result<js_sys::Function, _> = get(module, name).dyn_into();
    let args: js_sys::Array = args.iter().collect();
    f.ok()
        .and_then(|f| f.apply(&JsValue::NULL, &args).ok())
        .unwrap_or_default()
}

/// Downloads the data file on screen with its plans written in (the module does it).
pub fn export_with_plans(state: AppState) {
    export(state, "rapport_export_with_plans", "The data file");
}

/// Downloads the plans on screen as a plans file (the module lays it out to be read).
pub fn export_plans(state: AppState) {
    export(state, "rapport_export_plans", "The plans");
}

/// Has the module write a file of what is on screen (`host`) and offer it as a download.
fn export(state: AppState, function: &'static str, what: &'static str) {
    if state.loaded.with_untracked(Option::is_none) {
        return;
    }
    let host = host(state);
    spawn_local(async move {
        if let Err(e) = call_async(function, &[host.into()]).await {
            state
                .import_message
                .set(Some(format!("{what} could not be exported: {e}")));
        }
    });
}

/// Saves the chart `svg` as an image (SVG, or PNG when `png`) under its title and the scope
/// on screen: the import view's module writes it (the page's module stays within budget).
pub fn export_chart(state: AppState, svg: web_sys::Element, title: String, png: bool) {
    let scope = super::scope_words(state).unwrap_or_default();
    spawn_local(async move {
        let args = [svg.into(), title.into(), scope.into(), png.into()];
        if let Err(e) = call_async("rapport_export_chart", &args).await {
            state
                .import_message
                .set(Some(format!("The chart could not be saved: {e}")));
        }
    });
}

/// Calls an async function of the module (loaded if need be): what it resolves to, or the
/// reason it rejected with.
async fn call_async(name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let promise = call(&module().await?, name, args);
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&promise))
        .await
        .map_err(|e| e.as_string().unwrap_or_default())
}

/// Reads a plans file into the plans on screen (the module reads, checks and merges it):
/// the sentence to show either way.
pub fn import_plans(state: AppState, file: web_sys::File) {
    let Some(loaded) = state.loaded.get_untracked() else {
        return;
    };
    let host = host(state);
    let ids = |ids: Vec<&str>| {
        ids.into_iter()
            .map(JsValue::from_str)
            .collect::<js_sys::Array>()
    };
    let data = &loaded.portfolio.data;
    set(
        &host,
        "accounts",
        &ids(data.accounts.iter().map(|a| a.id.as_str()).collect()),
    );
    set(
        &host,
        "waves",
        &ids(data.waves.iter().map(|w| w.id.as_str()).collect()),
    );
    spawn_local(async move {
        let answer = match call_async("rapport_import_plans", &[file.into(), host.into()]).await {
            Ok(answer) => answer,
            Err(e) => return state.import_message.set(Some(e)),
        };
        let text = |key| get(&answer, key).as_string().unwrap_or_default();
        state.import_message.set(Some(text("message")));
        let conflicts = actions(&text("conflicts"));
        state.conflicts.set(
            conflicts
                .chunks_exact(2)
                .map(|c| Conflict {
                    mine: c[0].clone(),
                    theirs: c[1].clone(),
                })
                .collect(),
        );
        // Added to the plans as they are now (they may have been edited meanwhile).
        let added = actions(&text("added"));
        update_plans(state, |p| {
            let new: Vec<PlanAction> = {
                let have: crate::engine::hash::FxSet<&str> =
                    p.iter().map(|a| a.id.as_str()).collect();
                added
                    .into_iter()
                    .filter(|a| !have.contains(a.id.as_str()))
                    .collect()
            };
            p.extend(new);
        });
    });
}

/// A JSON array of actions (the module's answer; empty if it is not one).
fn actions(json: &str) -> Vec<PlanAction> {
    BrowserJson::read(json).unwrap_or_default()
}

/// The import view's module, loaded and started (once).
async fn module() -> Result<JsValue, String> {
    loaded_module(&MODULE, IMPORT_UI_GLUE, "The importer could not be loaded.").await
}

/// A module of the page's (by its glue's file name), loaded once into `cell`: its exports,
/// or `failed`. While it loads, `cell` holds the promise of it, which whoever asks meanwhile
/// waits for (the module is started once); a failure is tried again when next asked.
pub(super) async fn loaded_module(
    cell: &'static std::thread::LocalKey<Cell<Option<JsValue>>>,
    glue: &'static str,
    failed: &str,
) -> Result<JsValue, String> {
    let promise: js_sys::Promise = match peek(cell) {
        Some(p) if p.is_instance_of::<js_sys::Promise>() => p.unchecked_into(),
        Some(m) => return Ok(m),
        None => {
            let p = wasm_bindgen_futures::future_to_promise(async move {
                start_module(glue, &JsValue::UNDEFINED).await
            });
            cell.set(Some(p.clone().into()));
            p
        }
    };
    let waited: JsValue = promise.clone().into();
    let module = wasm_bindgen_futures::JsFuture::from(promise).await.ok();
    // Unless another load has started meanwhile (after a failure), this one's outcome stays.
    let now = cell.take();
    cell.set(if now.as_ref() == Some(&waited) {
        module.clone()
    } else {
        now
    });
    module.ok_or_else(|| failed.to_string())
}

/// What the import view is given: see `rapport_import_mount` in crates/import-ui.
fn host(state: AppState) -> js_sys::Object {
    let host = data_host(state, PlansBy::Json);
    if let Some(url) = state.route.with_untracked(|r| r.profile.clone()) {
        set(&host, "profileUrl", &JsValue::from_str(&url));
    }
    if let Some(file) = DROPPED.take() {
        set(&host, "file", &file);
    }
    host
}

/// How a module is given the plans on screen.
pub(super) enum PlansBy {
    /// As a plans file's JSON.
    Json,
    /// As word that they are those saved (`plansSaved`) when they are (see `plans_saved`),
    /// for the module to read itself; else as JSON.
    SavedWhenSo,
}

/// The data set on screen for a module: `{raw?, plans?, plansSaved?, targets?, reader?}`,
/// the file (none for the sample), its plans (none when no data is on screen: see
/// `PlansBy`), the targets saved for it and the page's compiled reader.
pub(super) fn data_host(state: AppState, plans_by: PlansBy) -> js_sys::Object {
    let host = js_sys::Object::new();
    if let Some(loaded) = state.loaded.get_untracked() {
        if let Some(raw) = raw_blob() {
            set(&host, "raw", &raw);
        }
        if matches!(plans_by, PlansBy::SavedWhenSo)
            && super::plans::plans_saved(state, &loaded.identity)
        {
            set(&host, "plansSaved", &JsValue::TRUE);
        } else {
            let plans = state.plans.with_untracked(|p| {
                plans_file(&loaded.identity, loaded.portfolio.data.title.clone(), p)
            });
            let plans = BrowserJson::write(&plans);
            set(&host, "plans", &JsValue::from_str(&plans));
        }
        if let Some(targets) = super::plans::saved_targets(state, &loaded.identity) {
            set(&host, "targets", &JsValue::from_str(&targets));
        }
    }
    if let Some(reader) = super::load::reader_promise() {
        set(&host, "reader", &reader);
    }
    host
}

/// The import view: the importer's module, mounted (once this view is on the page; it
/// replaces the "Loading" line). It hands an import back as a `rapport-imported` event:
/// `detail` is `{wire, document, name}`, the importer's answer, the rapport/1 document
/// written (a Blob) and the export's file name.
#[component]
pub fn ImportView() -> impl IntoView {
    let state = use_app();
    let imported = window_event_listener_untyped("rapport-imported", move |e| {
        // Sent only by the import view's module (the page's scripts are all its own: see
        // the Content-Security-Policy).
        let detail = get(&e, "detail");
        let name = get(&detail, "name").as_string().unwrap_or_default();
        load_imported(
            state,
            get(&detail, "wire").unchecked_into(),
            get(&detail, "document").unchecked_into(),
            name,
        );
        state.navigate(|r| {
            *r = crate::route::Route {
                view: View::Overview,
                ..Default::default()
            }
        });
    });
    spawn_local(async move {
        let module = module().await;
        next_frame().await;
        let Some(place) = document().get_element_by_id("import-host") else {
            return; // The view was left meanwhile.
        };
        match module {
            Ok(module) => {
                call(
                    &module,
                    "rapport_import_mount",
                    &[place.into(), host(state).into()],
                );
            }
            Err(e) => place.set_text_content(Some(&e)),
        }
    });
    on_cleanup(move || {
        imported.remove();
        if let Some(module) = peek(&MODULE) {
            call(&module, "rapport_import_unmount", &[]);
        }
    });
    view! {
        // A section: the views around are divs, which Leptos would patch this one into.
        <section id="import-host" class="empty" role="status" data-testid="import-host">"Loading the importer…"</section>
    }
}
