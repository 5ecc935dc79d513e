//! The plans on screen, for the panels. The page gives them as a plans file's JSON when
//! they differ from what is saved (edits not saved yet, or not savable); otherwise it says
//! so (`plansSaved`) and they are read here as the page read them: the browser's saved
//! plans of the data set, else the file's own actions. Writing 5,124 actions as JSON took
//! the page 41–74 ms, at each change of view or filter; here the saved text is read into
//! actions again only when it has changed.
//!
//! One difference remains possible: saved text that the browser's `JSON` reads but
//! serde_json does not (a lone surrogate escape, which only another program would write)
//! is the file's own actions here; the page reads it.

use std::cell::RefCell;

use leptos::prelude::*;
use rapport::app::browser::get;
use rapport::app::plans::read_saved_plans;
use rapport::app::state::AppState;
use rapport::engine::plan::store::read_saved;
use rapport::engine::plan::{plans_from_dataset, read_plans, PlanAction};
use wasm_bindgen::JsValue;

/// What the saved plans were last read from: the data set and its saved text (none when
/// nothing is saved: the file's own actions).
#[derive(PartialEq)]
struct SavedText {
    identity: String,
    text: Option<String>,
}

/// Where the panels' plans come from.
enum Source {
    /// The page gives them.
    Given,
    /// The saved ones, read here; from what, once read.
    Saved(Option<SavedText>),
}

thread_local! {
    static SOURCE: RefCell<Source> = const { RefCell::new(Source::Given) };
}

/// Takes the plans the page gives with `host` (see `data_host` in src/app/import.rs).
pub fn given(state: AppState, host: &JsValue) {
    if get(host, "plansSaved").is_truthy() {
        SOURCE.with(|s| {
            let mut s = s.borrow_mut();
            if matches!(*s, Source::Given) {
                *s = Source::Saved(None);
            }
        });
        read_again(state);
        return;
    }
    SOURCE.with(|s| *s.borrow_mut() = Source::Given);
    let plans = get(host, "plans")
        .as_string()
        .and_then(|p| read_plans(p.as_bytes()).ok())
        .unwrap_or_default();
    show(state, plans);
}

/// Reads the saved plans of the data set on the panels, when the plans are the saved ones
/// and what is saved has changed since last read (or the data set has).
pub fn read_again(state: AppState) {
    let Some(loaded) = state.loaded.get_untracked() else {
        return;
    };
    if SOURCE.with(|s| matches!(*s.borrow(), Source::Given)) {
        return;
    }
    let now = SavedText {
        identity: loaded.identity.clone(),
        text: read_saved_plans(&loaded.identity).ok().flatten(),
    };
    let same = SOURCE.with(|s| matches!(&*s.borrow(), Source::Saved(Some(last)) if *last == now));
    if same {
        return;
    }
    let actions = now
        .text
        .as_deref()
        .and_then(|text| read_saved(text, &now.identity).ok())
        .map_or_else(|| plans_from_dataset(&loaded.portfolio.data), |s| s.actions);
    SOURCE.with(|s| *s.borrow_mut() = Source::Saved(Some(now)));
    show(state, actions);
}

/// Forgets where the plans came from (the panels were taken away, with their state).
pub fn forget() {
    SOURCE.with(|s| *s.borrow_mut() = Source::Given);
}

/// Puts `plans` on the panels, unless they are there already.
fn show(state: AppState, plans: Vec<PlanAction>) {
    if state.plans.with_untracked(|p| *p != plans) {
        state.plans.set(plans);
    }
}
