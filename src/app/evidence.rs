//! Where the evidence module's panels go: the key drivers view, and the foot of the
//! overview (revenue by type and band, coverage, improved types, whether plans work). Its
//! module, crates/evidence, is loaded when one of them first opens (the page's module stays
//! within its size budget), reads the data set on screen again, and follows the route and
//! the plans: the page tells it whenever they change (the plans as JSON only when they are
//! not those saved: see `import::data_host`).

use std::cell::Cell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use super::browser::{peek, set};
use super::import::{call, data_host, loaded_module, PlansBy};
use super::state::use_app;

thread_local! {
    /// The evidence module, once loaded (the promise of it while it loads).
    static MODULE: Cell<Option<JsValue>> = const { Cell::new(None) };
}

/// The evidence module, loaded the first time it is asked for (by the panels, or for the
/// targets saved in the app).
pub(super) async fn module() -> Result<JsValue, String> {
    loaded_module(
        &MODULE,
        "rapport-evidence.js",
        "The evidence could not be loaded.",
    )
    .await
}

#[component]
pub fn Evidence() -> impl IntoView {
    let state = use_app();
    let place = NodeRef::<leptos::html::Section>::new();
    // The view this host is part of: a route of another is the view being left.
    let view = state.route.with_untracked(|r| r.view);
    Effect::new(move |_| {
        let (query, here) = state.route.with(|r| (r.to_query(), r.view == view));
        if !here {
            return;
        }
        state.plans.track();
        let (Some(el), true) = (place.get(), state.loaded.with(Option::is_some)) else {
            return;
        };
        let host = data_host(state, PlansBy::SavedWhenSo);
        set(&host, "query", &JsValue::from_str(&query));
        spawn_local(async move {
            match module().await {
                Ok(m) => {
                    call(&m, "rapport_evidence_show", &[el.into(), host.into()]);
                }
                Err(e) => el.set_text_content(Some(&e)),
            }
        });
    });
    on_cleanup(|| {
        if let Some(m) = peek(&MODULE) {
            call(&m, "rapport_evidence_unmount", &[]);
        }
    });
    // A section: the views around are divs, which Leptos would patch this one into, with
    // the module's nodes in it.
    view! { <section node_ref=place class="empty" role="status" data-testid="evidence">"Loading…"</section> }
}
