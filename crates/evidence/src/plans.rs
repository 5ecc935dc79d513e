//! The plans on screen, for the panels. The page gives them as a plans file's JSON when
//! they differ from what is saved (edits not saved yet, or not savable); otherwise it says
//! so (`plansSaved`) and they are read here as the page read them: the browser's saved
//! plans of the data set, else the file's own actions. Writing 5,124 actions as JSON took
//! the page 41–74 ms, at each change of view or filter; here the saved text is read into
//! actions again only when it has changed.

use std::cell::RefCell;

use leptos::prelude::*;
use rapport::app::browser::get;
use rapport::app::plans::read_saved_plans;
use rapport::app::state::AppState;
use rapport::engine::plan::store::{read_saved_with, SerdeJson};
use rapport::engine::plan::{plans_from_dataset, read_plans};
use wasm_bindgen::JsValue;

/// What the saved plans were last read from: the data set and its saved text (none when
/// nothing is saved: the file's own actions).
#[derive(PartialEq)]
struct Read {
    identity: String,
    text: Option<String>,
}

thread_local! {
    /// The plans are the saved ones (none: given by the page), and what they were last read
    /// from.
    static SAVED: RefCell<Option<Option<Read>>> = const { RefCell::new(None) };
}

/// Takes the plans the page gives with `host` (see `data_host` in src/app/import.rs).
pub fn given(state: AppState, host: &JsValue) {
    if get(host, "plansSaved").is_truthy() {
        SAVED.with(|s| {
            s.borrow_mut().get_or_insert(None);
        });
        follow_saved(state);
        return;
    }
    SAVED.with(|s| s.borrow_mut().take());
    let plans = get(host, "plans")
        .as_string()
        .and_then(|p| read_plans(p.as_bytes()).ok())
        .unwrap_or_default();
    set(state, plans);
}

/// Reads the saved plans of the data set on the panels, when the plans are the saved ones
/// and what is saved has changed since last read (or the data set has).
pub fn follow_saved(state: AppState) {
    let Some(loaded) = state.loaded.get_untracked() else {
        return;
    };
    if SAVED.with(|s| s.borrow().is_none()) {
        return;
    }
    let text = read_saved_plans(&loaded.identity).ok().flatten();
    let read = Some(Read {
        identity: loaded.identity.clone(),
        text,
    });
    if SAVED.with(|s| s.borrow().as_ref() == Some(&read)) {
        return;
    }
    let actions = read
        .as_ref()
        .and_then(|r| read_saved_with::<SerdeJson>(r.text.as_deref()?, &r.identity).ok())
        .map_or_else(|| plans_from_dataset(&loaded.portfolio.data), |s| s.actions);
    SAVED.with(|s| *s.borrow_mut() = Some(read));
    set(state, actions);
}

/// Forgets what was read (the panels were taken away, with their state).
pub fn forget() {
    SAVED.with(|s| s.borrow_mut().take());
}

fn set(state: AppState, plans: Vec<rapport::engine::plan::PlanAction>) {
    if state.plans.with_untracked(|p| *p != plans) {
        state.plans.set(plans);
    }
}
