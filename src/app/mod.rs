//! The Leptos app: the page (`App`), the view the route names, and the board pack.

mod account;
pub mod browser;
pub mod components;
pub mod diagram;
pub(crate) mod evidence;
pub(crate) mod import;
pub mod load;
mod overview;
pub mod plans;
mod report;
mod shell;
pub mod state;
pub mod trends;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::route::{Route, View};
pub use load::module_url;
use load::{load_file, load_url};
use shell::{FilterBar, Header, Nav};
use state::{use_app, AppState, Source, Status};

fn location_query() -> String {
    window().location().search().unwrap_or_default()
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(Route::from_query(&location_query()));
    provide_context(state);

    // Address bar ← route: each change is a history entry; back/forward restores it, with
    // the place on the page (kept in the entry left by `navigate`; the app restores it, as
    // views render in steps after the browser would).
    let history = window().history().ok();
    if let Some(h) = &history {
        let _ = h.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    let h = history.clone();
    Effect::new(move |was: Option<(View, Option<String>)>| {
        let (query, page) = state
            .route
            .with(|r| (r.to_query(), (r.view, r.account.clone())));
        if let (Some(h), true) = (&h, query != location_query()) {
            let path = window().location().pathname().unwrap_or_default();
            let _ = h.push_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}")));
            // Another view or account opens at its top.
            if was.is_some_and(|w| w != page) {
                window().scroll_to_with_x_and_y(0.0, 0.0);
                if page.0 == View::Account {
                    browser::settle(|| {
                        browser::focus(document().query_selector("[data-testid=account-name]"))
                    });
                }
            }
        }
        page
    });
    plans::follow_other_tabs(state);
    load::on_loaded(plans::init_plans);
    let _ = window_event_listener(ev::popstate, move |ev| {
        state.route.set(Route::from_query(&location_query()));
        if let Some(y) = ev.state().as_f64() {
            browser::settle(move || {
                window().scroll_to_with_x_and_y(0.0, y);
                (window().scroll_y().unwrap_or(0.0) - y).abs() < 1.0
            });
        }
    });

    // Data ← `?data=`; the bundled sample when there is none.
    let data_param = Memo::new(move |_| state.route.with(|r| r.data.clone()));
    Effect::new(move |_| {
        let data = data_param.get();
        let current = state
            .loaded
            .with_untracked(|l| l.as_ref().map(|l| l.source.clone()));
        match data {
            Some(url) if current.as_ref() != Some(&Source::Url(url.clone())) => {
                load_url(state, url.clone(), Source::Url(url))
            }
            None if current.is_none() => {
                load_url(state, Source::SAMPLE_JSON.to_string(), Source::Sample)
            }
            _ => {}
        }
    });

    // Keep the tab title telling which data set is open.
    Effect::new(move |_| {
        let title = state.loaded.with(|l| {
            l.as_ref()
                .and_then(|l| l.portfolio.data.title.clone())
                .map_or_else(|| "Rapport".to_string(), |t| format!("{t} · Rapport"))
        });
        document().set_title(&title);
    });

    let dragging = RwSignal::new(false);
    let on_drop = move |ev: ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let file = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            // A survey export is imported; anything else is opened as a data file.
            let name = file.name().to_ascii_lowercase();
            let export = [".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods"]
                .iter()
                .any(|e| name.ends_with(e));
            if export {
                import::pick(state, file);
            } else {
                load_file(state, file);
            }
        }
    };

    // Every printed page names what it shows at its foot: print.css's `@page` margin box
    // reads `--scope` (a CSS string, set through the CSSOM, which the CSP allows).
    Effect::new(move |_| {
        let words = scope_words(state).unwrap_or_default();
        let quoted = format!("\"{}\"", words.replace(['"', '\\'], "'"));
        if let Some(root) = document().document_element() {
            let _ = root
                .unchecked_into::<web_sys::HtmlElement>()
                .style()
                .set_property("--scope", &quoted);
        }
    });
    view! {
        <div
            class="app"
            on:dragover=move |ev: ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |ev: ev::DragEvent| {
                if ev.related_target().is_none() {
                    dragging.set(false);
                }
            }
            on:drop=on_drop
        >
            // The first Tab stop: past the header, the tabs and the filters.
            <a class="skip" href="#main" on:click=|ev: ev::MouseEvent| {
                ev.prevent_default();
                browser::focus(document().query_selector("#main"));
            }>"Skip to the content"</a>
            <Header/>
            <Nav/>
            <FilterBar/>
            <main class="main" id="main" tabindex="-1">
                <plans::PlanNotice/>
                <plans::PlanRepairNotice/>
                <report::StatusLine/>
                <report::LoadNote/>
                <report::LoadReportPanel/>
                <MainView/>
            </main>
            <div class="drop" class:drop-on=move || dragging.get() aria-hidden="true">
                <p>"Drop a rapport/1 JSON file or a survey export (CSV, Excel)"</p>
            </div>
        </div>
    }
}

/// The view the route names.
#[component]
fn MainView() -> impl IntoView {
    let state = use_app();
    let view_id = Memo::new(move |_| state.route.with(|r| r.view));
    move || {
        if view_id.get() == View::Import {
            return view! { <import::ImportView/> }.into_any();
        }
        if state.loaded.with(|l| l.is_none()) {
            // A load that failed with nothing on screen says so above: nothing is loading.
            let failed =
                state.failure.with(Option::is_some) && state.status.with(|s| *s == Status::Idle);
            return view! { <p class="empty" data-testid="main-empty">{if failed { "No data is loaded." } else { "Loading the data…" }}</p> }.into_any();
        }
        match view_id.get() {
            View::Overview => view! { <overview::Overview/> }.into_any(),
            View::Diagram => view! { <diagram::DiagramView/> }.into_any(),
            View::Trends => view! { <trends::TrendsView/> }.into_any(),
            View::Account => view! { <account::AccountView/> }.into_any(),
            View::Drivers | View::Inside | View::Settings => {
                view! { <evidence::Evidence/> }.into_any()
            }
            View::Import => view! { <import::ImportView/> }.into_any(),
            View::Board => view! { <BoardPack/> }.into_any(),
        }
    }
}

/// The scope on screen in words: "Key accounts 2024 · FY2024 (closed 31 Mar 2024) · segment
/// Energy · all owners · all roles" (under a saved chart, at the foot of printed pages).
pub(crate) fn scope_words(state: AppState) -> Option<String> {
    let loaded = state.loaded.get()?;
    let wave = state.scope.with(|s| s.as_ref().map(|s| s.wave))?;
    let d = &loaded.portfolio.data;
    let (segment, owner, role) = state
        .route
        .with(|r| (r.segment.clone(), r.owner.clone(), r.role));
    Some(format!(
        "{} · {} (closed {}) · {} · {} · {}",
        d.title.as_deref().unwrap_or("Data set"),
        d.waves[wave].label,
        crate::format::date(d.waves[wave].closed),
        segment.map_or("all segments".into(), |s| format!("segment {s}")),
        owner.map_or("all owners".into(), |o| format!("owner {o}")),
        role.map_or("all roles".into(), |r| format!("{} respondents", r.label())),
    ))
}

/// The board pack: the overview (headlines, types, movers, revenue, plans), the CRQ diagram
/// and the trends of the scope on screen, each part starting a printed A4 page (every page
/// names the data set, wave and filters at its foot: `--scope`, set in `App`).
#[component]
fn BoardPack() -> impl IntoView {
    let part = |name: &'static str, body: AnyView| {
        view! {
            <section class="bp-part">
                <p class="bp-scope" data-testid="bp-scope">{name}</p>
                {body}
            </section>
        }
    };
    view! {
        <div class="board" data-testid="board-pack">
            <p class="no-print bp-intro">
                "Each part prints on pages of its own. "
                <button class="btn" data-testid="bp-print" on:click=|_| { let _ = window().print(); }>"Print…"</button>
            </p>
            {part("Overview", view! { <overview::Overview/> }.into_any())}
            {part("CRQ diagram", view! { <diagram::DiagramView/> }.into_any())}
            {part("Trends", view! { <trends::TrendsView/> }.into_any())}
        </div>
    }
}
