//! The targets set in the app (in the Model view, which the evidence module draws), saved in
//! this browser beside the plans: read at each load, and again whenever they are saved (here
//! or in another tab), in place of the data file's `model.targets`.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::super::browser::BrowserJson;
use super::super::import::call;
use super::super::state::{AppState, Loaded};
use crate::app::browser::storage;
use crate::engine::model::Goal;
use crate::engine::plan::store::Json;
use crate::engine::plan::targets::{storage_key, targets_file};
use crate::engine::wire::goals_from_wire;

/// The targets in force for a newly loaded data set.
pub fn init_targets(state: AppState, loaded: &Loaded) {
    follow_targets(state, loaded, saved_text(&loaded.identity));
}

/// The saved targets text of the data set `identity`, if any.
pub fn saved_text(identity: &str) -> Option<String> {
    storage().ok()?.get_item(&storage_key(identity)).ok()?
}

/// The targets of the saved text `saved` (none: the data file's) put in force. The
/// evidence module reads and checks it (the page's module has no JSON parser, for its size
/// budget: a parser of targets cost it 4 KB gzip), and hands back the targets in their wire
/// form; meanwhile no target is shown rather than the file's. Only the answer about the
/// latest text asked is taken (a reset meanwhile wins over a slow answer).
fn follow_targets(state: AppState, loaded: &Loaded, saved: Option<String>) {
    let n = ASKED.get().wrapping_add(1);
    ASKED.set(n);
    let Some(text) = saved else {
        return set_targets(state, loaded, None);
    };
    state.targets.set(Vec::new());
    state.targets_notice.set(None);
    let identity = loaded.identity.clone();
    let scale = loaded.portfolio.data.scale;
    leptos::task::spawn_local(async move {
        let m = super::super::evidence::module().await;
        let read = m.and_then(|m| {
            let args = [
                JsValue::from(text),
                identity.as_str().into(),
                scale.min.into(),
                scale.max.into(),
            ];
            // The wire form of the targets, or why the saved text cannot be used.
            let wire: js_sys::Uint8Array = call(&m, "rapport_evidence_targets", &args)
                .dyn_into()
                .map_err(|why| why.as_string().unwrap_or_default())?;
            goals_from_wire(&wire.to_vec()).map_err(|_| String::new())
        });
        match state.loaded.get_untracked() {
            Some(loaded) if ASKED.get() == n && loaded.identity == identity => {
                set_targets(state, &loaded, Some(read))
            }
            _ => {} // Asked again meanwhile, or another data set came.
        }
    });
}

thread_local! {
    /// The number of the latest saved text asked about (`follow_targets`).
    static ASKED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Puts in force the targets `read` from the saved text (none saved: the data file's), or,
/// when they cannot be used, the data file's with a notice saying why.
pub fn set_targets(state: AppState, loaded: &Loaded, read: Option<Result<Vec<Goal>, String>>) {
    let file = || loaded.portfolio.data.model.targets.clone();
    let (goals, notice) = match read {
        None => (file(), None),
        Some(Ok(goals)) => (goals, None),
        Some(Err(why)) => (file(), Some(why)),
    };
    state.targets.set(goals);
    state.targets_notice.set(notice);
}

/// Takes in the targets saved in another tab, or by the Model view here (the `storage`
/// event of their key): true when `key` is theirs.
pub(super) fn follow_saved(
    state: AppState,
    loaded: &Loaded,
    key: &str,
    saved: Option<String>,
) -> bool {
    let theirs = key == storage_key(&loaded.identity);
    if theirs {
        follow_targets(state, loaded, saved);
    }
    theirs
}

/// The saved targets file in force (none: the data file's targets are), for the data file
/// exported with the plans.
pub fn saved_targets(state: AppState, identity: &str) -> Option<String> {
    if state.targets_notice.with_untracked(Option::is_some) {
        return None;
    }
    saved_text(identity)
}

/// Saves `goals` (none: clears them) as the targets set in the app for the data set on
/// screen, and has the page and the panels follow them: a `storage` event here, as another
/// tab gets. `Err` with why, when the browser would not keep them (they are in force on
/// screen all the same, until the page is closed).
pub fn save_targets(loaded: &Loaded, goals: Option<&[Goal]>) -> Result<(), String> {
    let key = storage_key(&loaded.identity);
    let text = goals.map(|g| {
        let title = loaded.portfolio.data.title.as_deref();
        BrowserJson::write(&targets_file(&loaded.identity, title, g))
    });
    let saved = storage().and_then(|s| {
        match &text {
            Some(t) => s.set_item(&key, t),
            None => s.remove_item(&key),
        }
        .map_err(|_| "the browser would not store them (storage full or turned off)".to_string())
    });
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(&key));
    init.set_new_value(text.as_deref());
    if let Ok(ev) = web_sys::StorageEvent::new_with_event_init_dict("storage", &init) {
        let _ = window().dispatch_event(&ev);
    }
    saved
}
