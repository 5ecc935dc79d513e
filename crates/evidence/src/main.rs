//! The evidence module: the key drivers view (correlations, the regression that predicts,
//! and a what-if) and the overview's money and evidence (revenue by type and band with their
//! change, coverage with its trend, improved types, whether plans work). A WebAssembly
//! module of its own, loaded by the page when those views open and mounted into them, so that
//! the page's module stays within its size budget.
//!
//! It keeps a state of its own (`AppState`, so that the page's components and scopes work
//! here unchanged): the page hands it the route, the plans and the data set on screen (as a
//! file: it reads it again, in the reader's worker, once per data set); its links go through
//! the page's history (`go`).

#[cfg(target_arch = "wasm32")]
mod account;
#[cfg(target_arch = "wasm32")]
mod data;
#[cfg(target_arch = "wasm32")]
mod drivers;
#[cfg(target_arch = "wasm32")]
mod inside;
#[cfg(target_arch = "wasm32")]
mod overview;
#[cfg(target_arch = "wasm32")]
mod plans;
#[cfg(target_arch = "wasm32")]
mod settings;
#[cfg(target_arch = "wasm32")]
mod targets;

#[cfg(target_arch = "wasm32")]
pub use wasm::*;

#[cfg(target_arch = "wasm32")]
mod wasm {
    use std::cell::RefCell;

    use leptos::prelude::*;
    use rapport::app::browser::get;
    use rapport::app::state::AppState;
    use rapport::route::{Route, View};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// The mounted panels: where, their state, and the mount (unmounted when dropped).
    struct Mounted {
        place: web_sys::HtmlElement,
        state: AppState,
        _handle: Box<dyn std::any::Any>,
    }

    thread_local! {
        static MOUNTED: RefCell<Option<Mounted>> = const { RefCell::new(None) };
        /// The route the page gave last (as its query): a change to another comes from here.
        static PAGE_ROUTE: RefCell<String> = const { RefCell::new(String::new()) };
    }

    /// Shows the panels of the page's route in `place` (mounting them there if they are not
    /// yet). `host`: `{query, plans?, plansSaved?, raw?, reader?}`: the page's route as its
    /// address's query, the plans on screen (a plans file's JSON, or word that they are the
    /// saved ones: see plans.rs), the data set on screen as a file (a Blob; none for the
    /// bundled sample) and the page's compiled reader. Called again whenever any of them
    /// changes.
    #[wasm_bindgen]
    pub fn rapport_evidence_show(place: web_sys::HtmlElement, host: JsValue) {
        let route = Route::from_query(&get(&host, "query").as_string().unwrap_or_default());
        PAGE_ROUTE.with(|r| *r.borrow_mut() = route.to_query());
        let raw: Option<web_sys::Blob> = get(&host, "raw").dyn_into().ok();
        // The page's compiled reader, so that it is downloaded and compiled once.
        if let Ok(reader) = get(&host, "reader").dyn_into::<js_sys::Promise>() {
            rapport::app::load::share_reader(reader);
        }
        let same = MOUNTED.with(|m| m.borrow().as_ref().is_some_and(|m| m.place == place));
        if !same {
            rapport_evidence_unmount();
            place.set_text_content(None);
            let _ = place.remove_attribute("role");
            place.set_class_name("evidence");
            let state = std::rc::Rc::new(std::cell::Cell::new(None));
            let s = state.clone();
            let r = route.clone();
            let handle = leptos::mount::mount_to(place.clone(), move || {
                let state = AppState::new(r);
                provide_context(state);
                s.set(Some(state));
                // Targets saved in the Model view (here, or in another tab): in force here.
                let saved = window_event_listener(leptos::ev::storage, move |ev| {
                    let Some(loaded) = state.loaded.get_untracked() else {
                        return;
                    };
                    let key = rapport::engine::plan::targets::storage_key(&loaded.identity);
                    if ev.key().as_deref() == Some(key.as_str()) {
                        crate::targets::follow(state, &loaded, ev.new_value());
                    }
                });
                on_cleanup(move || saved.remove());
                // The page's components navigate by changing the route: here that route is
                // the module's copy, so a change made here goes to the page's history (which
                // the page follows), but not one the page made.
                Effect::new(move |_| {
                    let query = state.route.with(Route::to_query);
                    if PAGE_ROUTE.with(|r| *r.borrow() != query) {
                        PAGE_ROUTE.with(|r| *r.borrow_mut() = query.clone());
                        let path = window().location().pathname().unwrap_or_default();
                        follow(&format!(
                            "{path}{}",
                            if query.is_empty() { "?" } else { &query }
                        ));
                    }
                });
                view! { <Evidence/> }
            });
            let Some(state) = state.get() else { return };
            MOUNTED.with(|m| {
                *m.borrow_mut() = Some(Mounted {
                    place,
                    state,
                    _handle: Box::new(handle),
                })
            });
        }
        let Some(state) = MOUNTED.with(|m| m.borrow().as_ref().map(|m| m.state)) else {
            return;
        };
        if state.route.with_untracked(|r| *r != route) {
            state.route.set(route);
        }
        crate::data::show(state, raw);
        crate::plans::given(state, &host);
    }

    /// The targets of a saved targets file (`text`) of the data set `identity` on the scale
    /// `min`–`max`, read and checked for the page (which has no JSON parser): their wire
    /// form (a Uint8Array), or why they cannot be used (a string: returned, not thrown, so
    /// that the page's plain call gets it).
    #[wasm_bindgen]
    pub fn rapport_evidence_targets(text: &str, identity: &str, min: f64, max: f64) -> JsValue {
        let scale = rapport::engine::model::Scale { min, max };
        match crate::targets::read(text, identity, scale) {
            Ok(goals) => {
                js_sys::Uint8Array::from(rapport::engine::wire::goals_to_wire(&goals).as_slice())
                    .into()
            }
            Err(why) => JsValue::from_str(&why),
        }
    }

    /// Takes the panels away (the page's view closed).
    #[wasm_bindgen]
    pub fn rapport_evidence_unmount() {
        MOUNTED.with(|m| m.borrow_mut().take());
        crate::plans::forget();
    }

    /// The state of the mounted panels, if any (for a read that ends after a remount).
    pub fn mounted_state() -> Option<AppState> {
        MOUNTED.with(|m| m.borrow().as_ref().map(|m| m.state))
    }

    /// Follows one of this module's links on the page on a plain click: the page's history
    /// gets the address and its route follows (its `popstate` listener reads the address).
    /// The page then shows the top of the new view, or the element `at` (a CSS selector),
    /// once it is rendered.
    pub fn go(ev: &web_sys::MouseEvent, href: &str, at: Option<&'static str>) {
        if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        ev.prevent_default();
        let w = window();
        if let Ok(h) = w.history() {
            let _ = h.replace_state(&w.scroll_y().unwrap_or(0.0).into(), "");
        }
        follow(href);
        match at {
            None => w.scroll_to_with_x_and_y(0.0, 0.0),
            Some(selector) => rapport::app::browser::settle(move || {
                let found = document().query_selector(selector).ok().flatten();
                found.map(|e| e.scroll_into_view()).is_some()
            }),
        }
    }

    /// Puts `href` on the page's history and has the page follow it (its `popstate`
    /// listener reads the address).
    fn follow(href: &str) {
        let w = window();
        if let Ok(h) = w.history() {
            let _ = h.push_state_with_url(&JsValue::NULL, "", Some(href));
        }
        if let Ok(e) = web_sys::PopStateEvent::new("popstate") {
            let _ = w.dispatch_event(&e);
        }
    }

    /// The panels of the route's view, once the data set is read.
    #[component]
    fn Evidence() -> impl IntoView {
        let state = rapport::app::state::use_app();
        // The view only: a change of filter leaves the panels in place (they follow it).
        let which = Memo::new(move |_| state.route.with(|r| r.view));
        move || {
            if let Some(f) = state.failure.get() {
                return view! { <p class="empty" role="alert" data-testid="evidence-failed">{f.title}</p> }
                    .into_any();
            }
            if state.loaded.with(Option::is_none) {
                return view! {
                    <p class="empty" role="status" data-testid="evidence-loading">"Working out the evidence…"</p>
                }
                .into_any();
            }
            match which.get() {
                View::Drivers => view! { <crate::drivers::DriversView/> }.into_any(),
                View::Account => view! { <crate::account::AccountEvidence/> }.into_any(),
                View::Settings => view! { <crate::settings::SettingsView/> }.into_any(),
                View::Inside => view! { <crate::inside::InsideView/> }.into_any(),
                _ => view! { <crate::overview::OverviewEvidence/> }.into_any(),
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rapport-evidence is the app's evidence panels: a WebAssembly module built by `trunk build` (see README).");
}
