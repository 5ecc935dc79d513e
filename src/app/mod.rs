//! The Leptos app: shell, loading controls, navigation, filters and views.

mod account;
pub mod browser;
pub mod components;
pub mod diagram;
mod drivers;
pub(crate) mod import;
mod load;
mod overview;
pub(crate) mod plans;
mod settings;
mod state;
pub mod trends;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::engine::Role;
use crate::route::{Route, View};
pub use load::module_url;
use load::{load_file, load_url};
use state::{use_app, AppState, Loaded, Source, Status};
use std::sync::Arc;

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
                <StatusLine/>
                <LoadNote/>
                <LoadReportPanel/>
                <MainView/>
            </main>
            <div class="drop" class:drop-on=move || dragging.get() aria-hidden="true">
                <p>"Drop a rapport/1 JSON file or a survey export (CSV, Excel)"</p>
            </div>
        </div>
    }
}

/// Title, data source and the ways to load data.
#[component]
fn Header() -> impl IntoView {
    let state = use_app();
    let url_input = RwSignal::new(String::new());
    let on_pick = move |ev: ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            load_file(state, file);
        }
        input.set_value("");
    };
    let on_url = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let url = url_input.get_untracked().trim().to_string();
        if !url.is_empty() {
            // The address takes the URL once its data is on screen (see `load::accept`).
            load_url(state, url.clone(), Source::Url(url));
        }
    };
    let title = move || {
        state.loaded.with(|l| {
            l.as_ref()
                .and_then(|l| l.portfolio.data.title.clone())
                .unwrap_or_else(|| "Customer relationship quality".to_string())
        })
    };
    let source = move || {
        state.loaded.with(|l| {
            l.as_ref().map(|l| {
                let sample = l.source == Source::Sample;
                view! {
                    <span class="src" class:src-sample=sample data-testid="data-source">
                        {if sample {
                            "Sample data: a generated portfolio, not real clients".to_string()
                        } else {
                            l.source.describe()
                        }}
                    </span>
                }
            })
        })
    };
    let problems = move || {
        state
            .loaded
            .with(|l| l.as_ref().map_or(0, |l| l.report.problems.len()))
    };
    view! {
        <header class="hd">
            <div class="hd-id">
                <span class="hd-brand">"Rapport"</span>
                <h1 class="hd-title">{title}</h1>
                {source}
            </div>
            <div class="hd-load">
                <label class="btn">
                    "Open file…"
                    <input
                        type="file"
                        accept=".json,application/json"
                        class="visually-hidden"
                        data-testid="file-input"
                        on:change=on_pick
                    />
                </label>
                <button
                    class="btn"
                    data-testid="import-button"
                    on:click=move |_| state.navigate(|r| r.view = View::Import)
                >
                    {View::Import.label()}
                </button>
                <form class="hd-url" on:submit=on_url>
                    <label class="visually-hidden" for="url-input">"Data URL"</label>
                    <input
                        id="url-input"
                        type="url"
                        placeholder="https://…/survey.json"
                        prop:value=move || url_input.get()
                        on:input=move |ev| url_input.set(event_target_value(&ev))
                    />
                    <button class="btn" type="submit">"Load URL"</button>
                </form>
                <button
                    class="btn btn-quiet"
                    data-testid="report-toggle"
                    aria-expanded=move || state.report_open.get().to_string()
                    on:click=move |_| state.report_open.update(|o| *o = !*o)
                >
                    {move || match problems() {
                        0 => "Load report: no problems".to_string(),
                        n => format!("Load report ({n})"),
                    }}
                </button>
            </div>
        </header>
    }
}

/// Tabs for the views.
#[component]
fn Nav() -> impl IntoView {
    let state = use_app();
    let current = Memo::new(move |_| state.route.with(|r| r.view));
    view! {
        <nav class="nav" aria-label="Views">
            {View::TABS
                .into_iter()
                .map(|v| {
                    view! {
                        <a
                            class="nav-tab"
                            class:nav-on=move || current.get() == v
                            aria-current=move || (current.get() == v).then_some("page")
                            data-testid=format!("nav-{}", v.id())
                            href=move || state.href(|r| r.view = v)
                            on:click=move |ev| state.follow(&ev, |r| r.view = v)
                        >
                            {v.label()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// Wave, segment, owner and role filters, kept in the URL.
#[component]
fn FilterBar() -> impl IntoView {
    let state = use_app();
    let options = Memo::new(move |_| {
        state.loaded.with(|l| {
            l.as_ref().map(|l| {
                let d = &l.portfolio.data;
                (
                    d.waves
                        .iter()
                        .map(|w| (w.id.clone(), w.label.clone()))
                        .collect::<Vec<_>>(),
                    d.segments(),
                    d.owners(),
                )
            })
        })
    });
    let wave_value = move || {
        state.scope.with(|s| {
            state.loaded.with(|l| match (s, l) {
                (Some(s), Some(l)) => l.portfolio.data.waves[s.wave].id.clone(),
                _ => String::new(),
            })
        })
    };
    let select = move |label: &'static str,
                       testid: &'static str,
                       items: Signal<Vec<(String, String)>>,
                       value: Signal<String>,
                       all: Option<&'static str>,
                       set: fn(&mut Route, Option<String>)| {
        view! {
            <label class="flt">
                <span>{label}</span>
                <select
                    data-testid=testid
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        state.navigate(|r| set(r, (!v.is_empty()).then_some(v)));
                    }
                >
                    {all.map(|a| view! { <option value="" selected=move || value.get().is_empty()>{a}</option> })}
                    {move || {
                        items
                            .get()
                            .into_iter()
                            .map(|(id, text)| {
                                let id2 = id.clone();
                                view! {
                                    <option value=id selected=move || value.get() == id2>
                                        {text}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        }
    };
    let waves = Signal::derive(move || options.get().map(|o| o.0).unwrap_or_default());
    let pairs = |v: Vec<String>| v.into_iter().map(|s| (s.clone(), s)).collect::<Vec<_>>();
    let segments = Signal::derive(move || options.get().map(|o| pairs(o.1)).unwrap_or_default());
    let owners = Signal::derive(move || options.get().map(|o| pairs(o.2)).unwrap_or_default());
    let roles = Signal::derive(move || {
        Role::ALL
            .iter()
            .map(|r| (r.id().to_string(), r.label().to_string()))
            .collect::<Vec<_>>()
    });
    let seg_value: Signal<String> =
        Memo::new(move |_| state.route.with(|r| r.segment.clone().unwrap_or_default())).into();
    let owner_value: Signal<String> =
        Memo::new(move |_| state.route.with(|r| r.owner.clone().unwrap_or_default())).into();
    let role_value: Signal<String> = Memo::new(move |_| {
        state
            .route
            .with(|r| r.role.map(|r| r.id().to_string()).unwrap_or_default())
    })
    .into();
    let filtered = move || {
        state
            .route
            .with(|r| r.segment.is_some() || r.owner.is_some() || r.role.is_some())
    };
    view! {
        <section class="flts" aria-label="Filters">
            {select("Wave", "filter-wave", waves, Signal::derive(wave_value), None, |r, v| r.wave = v)}
            {select("Segment", "filter-segment", segments, seg_value, Some("All segments"), |r, v| r.segment = v)}
            {select("Owner", "filter-owner", owners, owner_value, Some("All owners"), |r, v| r.owner = v)}
            {select(
                "Respondent role",
                "filter-role",
                roles,
                role_value,
                Some("All roles"),
                |r, v| r.role = v.as_deref().and_then(Role::from_id),
            )}
            <Show when=filtered>
                <button
                    class="btn btn-quiet"
                    on:click=move |_| {
                        state.navigate(|r| {
                            r.segment = None;
                            r.owner = None;
                            r.role = None;
                        })
                    }
                >
                    "Clear filters"
                </button>
            </Show>
            <CopyLink/>
        </section>
    }
}

/// Copies the address of what is on screen, and says what the link cannot carry: data
/// opened from a file or imported stays in this browser.
#[component]
fn CopyLink() -> impl IntoView {
    let state = use_app();
    let said = RwSignal::new(None::<String>);
    let copy = move |_| {
        let href = window().location().href().unwrap_or_default();
        let local = state.loaded.with_untracked(|l| {
            l.as_ref().and_then(|l| match &l.source {
                Source::File(name) | Source::Imported(name) => Some(name.clone()),
                Source::Sample | Source::Url(_) => None,
            })
        });
        let promise = window().navigator().clipboard().write_text(&href);
        leptos::task::spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            let mut msg = if copied {
                "Link copied.".to_string()
            } else {
                format!("Copy this link: {href}")
            };
            if let Some(name) = local {
                msg.push_str(&format!(
                    " It opens the view and filters, but not “{name}”: data opened from a file stays in this browser. To share it, put the data file (Plans: “Export data file with plans”) on a web server and share the link with ?data= its address."
                ));
            }
            said.set(Some(msg));
        });
    };
    view! {
        <button class="btn btn-quiet" data-testid="copy-link" on:click=copy>"Copy link"</button>
        <span class="flt-said" role="status" data-testid="copy-link-said">{move || said.get()}</span>
    }
}

/// A failed load names this many of its problems (the first found are the ones that count).
const FAILURE_LINES: usize = 20;

/// Progress while loading, and a failed load explained over the data still on screen.
#[component]
fn StatusLine() -> impl IntoView {
    let state = use_app();
    view! {
        {move || match state.status.get() {
            Status::Busy(msg) => {
                Some(
                    view! {
                        <div class="busy" role="status" data-testid="busy">
                            <span class="spinner" aria-hidden="true"></span>
                            {msg}
                        </div>
                    },
                )
            }
            Status::Idle => None,
        }}
        {move || {
            state
                .failure
                .get()
                .map(|f| {
                    let nothing_loaded = state.loaded.with(|l| l.is_none());
                    view! {
                        <div class="fail" role="alert" data-testid="load-error">
                            <strong>{f.title}</strong>
                            <ul>
                                {f
                                    .problems
                                    .iter()
                                    .take(FAILURE_LINES)
                                    .map(|p| view! { <li>{p.to_string()}</li> })
                                    .collect_view()}
                                {(f.problems.len() > FAILURE_LINES)
                                    .then(|| view! {
                                        <li>{format!("… and {} more.", f.problems.len() - FAILURE_LINES)}</li>
                                    })}
                            </ul>
                            <div class="fail-actions">
                                {nothing_loaded
                                    .then(|| {
                                        view! {
                                            <button
                                                class="btn"
                                                on:click=move |_| {
                                                    load_url(state, Source::SAMPLE_JSON.to_string(), Source::Sample);
                                                }
                                            >
                                                "Open the sample instead"
                                            </button>
                                        }
                                    })}
                                <button class="btn btn-quiet" on:click=move |_| state.failure.set(None)>
                                    "Dismiss"
                                </button>
                            </div>
                        </div>
                    }
                })
        }}
    }
}

/// One line after a load, when there is something to say: records left out or warnings
/// (the load report opens from here), and a newest wave that has no responses yet (the
/// newest wave with responses is shown unless the address names a wave).
#[component]
fn LoadNote() -> impl IntoView {
    let state = use_app();
    move || {
        let (problems, empty, misfit) = state.loaded.with(|l| {
            let l = l.as_ref()?;
            let r = &l.report;
            let p = &l.portfolio;
            let (shown, newest) = (p.latest_wave_with_responses(), p.latest_wave());
            let empty = (shown < newest && state.route.with(|r| r.wave.is_none())).then(|| {
                format!(
                    "{} has no responses yet: showing {}, the newest wave with responses.",
                    p.data.waves[newest].label, p.data.waves[shown].label
                )
            });
            // A link's filters this data set does not have (made for other data).
            let misfit = state.route.with(|r| {
                let d = &p.data;
                let missing = |what: &str, v: &Option<String>, has: &dyn Fn(&str) -> bool| {
                    v.as_deref()
                        .filter(|v| !has(v))
                        .map(|v| format!("{what} “{v}”"))
                };
                let found = [
                    missing("segment", &r.segment, &|v| {
                        d.accounts.iter().any(|a| a.segment.as_deref() == Some(v))
                    }),
                    missing("owner", &r.owner, &|v| {
                        d.accounts.iter().any(|a| a.owner.as_deref() == Some(v))
                    }),
                    missing("account", &r.account, &|v| d.account_index(v).is_some()),
                    missing("wave", &r.wave, &|v| d.wave_index(v).is_some()),
                ];
                let found: Vec<String> = found.into_iter().flatten().collect();
                (!found.is_empty()).then(|| {
                    format!(
                        "This data set has no {}: the link was made for other data. ",
                        found.join(", no ")
                    )
                })
            });
            let warnings = r.warnings().count();
            let problems = (!r.problems.is_empty() && !state.report_open.get()).then(|| {
                format!(
                    "{} record(s) left out of scoring, {warnings} warning(s) — ",
                    r.excluded_records
                )
            });
            Some((problems, empty, misfit))
        })?;
        (problems.is_some() || empty.is_some() || misfit.is_some()).then(|| {
            let misfit = misfit.map(|m| view! {
                <span class="ln">
                    {m}
                    <button class="link" data-testid="load-note-clear" on:click=move |_| state.navigate(|r| {
                        r.segment = None;
                        r.owner = None;
                        r.account = None;
                        r.wave = None;
                    })>"Show all of this data set"</button>
                </span>
            });
            view! {
                <p class="note load-note" role="status" data-testid="load-note">
                    {misfit}
                    {empty.map(|e| view! { <span class="ln">{e}</span> })}
                    {problems.map(|p| view! {
                        <span class="ln">
                            {p}
                            <button class="link" data-testid="load-note-report" on:click=move |_| state.report_open.set(true)>
                                "see the load report"
                            </button>
                        </span>
                    })}
                </p>
            }
        })
    }
}

/// Every problem found in the loaded file, with its location; can be reopened any time.
#[component]
fn LoadReportPanel() -> impl IntoView {
    let state = use_app();
    // A body per loaded file: its pages start over with each load.
    move || {
        let loaded = state.loaded.get().filter(|_| state.report_open.get())?;
        Some(view! { <LoadReportBody loaded/> })
    }
}

/// Rows a problem group shows at first, and how many more each "Show more" adds.
const GROUP_FIRST: usize = 5;
const GROUP_PAGE: usize = 100;

/// The load report of one file: its problems grouped by severity and code (the groups that
/// exclude records first), each group showing its first few and more on demand, so that a
/// file with 100,000 warnings opens at once.
#[component]
fn LoadReportBody(loaded: Arc<Loaded>) -> impl IntoView {
    let state = use_app();
    let l = &loaded;
    let r = &l.report;
    let summary = format!(
        "{} — {}. {} of {} responses are scored; {} record(s) were left out of scoring; {} warning(s).",
        l.source.describe(),
        load::size(l.bytes as f64),
        l.portfolio.data.responses.len(),
        r.responses_read,
        r.excluded_records,
        r.warnings().count(),
    );
    let excluded = r.excluded_records;
    let groups = r.groups();
    let any = !groups.is_empty();
    let table = groups
        .into_iter()
        .map(|group| {
            let (kind, class) = match group.severity {
                crate::engine::Severity::Excluded => ("excluded", "rp-excluded"),
                crate::engine::Severity::Warning => ("warning", "rp-warning"),
                crate::engine::Severity::Fatal => ("rejected", "rp-rejected"),
            };
            let count = group.members.len();
            let code = group.code.id();
            // Pages shown beyond the first rows. The group's button stays in place as they
            // grow, so the keyboard focus stays on it.
            let page = RwSignal::new(0usize);
            let shown = move || count.min(GROUP_FIRST + GROUP_PAGE * page.get());
            let loaded = loaded.clone();
            let rows = move || {
                group.members[..shown()]
                    .iter()
                    .map(|&i| {
                        let p = &loaded.report.problems[i];
                        view! {
                            <tr class="rp-row">
                                <td><code>{if p.pointer.is_empty() { "(document)".to_string() } else { p.pointer.clone() }}</code></td>
                                <td>{p.message.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            };
            let rest = move || count - shown();
            view! {
                <tbody class=class data-testid="rp-group" data-code=code data-count=count>
                    <tr class="rp-grp">
                        <th scope="rowgroup" colspan="2">
                            {format!("{count} {kind}{} · ", if kind == "warning" && count != 1 { "s" } else { "" })}<code>{code}</code>
                        </th>
                    </tr>
                    {rows}
                    <tr hidden=move || rest() == 0><td colspan="2">
                        <button class="link" data-testid="rp-more" on:click=move |_| page.update(|p| *p += 1)>
                            {move || format!("Show {} more ({} not shown)", rest().min(GROUP_PAGE), rest())}
                        </button>
                    </td></tr>
                </tbody>
            }
        })
        .collect_view();
    view! {
        <section class="rp" data-testid="load-report" data-excluded=excluded aria-label="Load report">
            <header class="rp-hd">
                <h2>"Load report"</h2>
                <button class="btn btn-quiet" on:click=move |_| state.report_open.set(false)>"Close"</button>
            </header>
            <p>{summary}</p>
            {any.then(|| view! {
                <div class="rp-scroll">
                    <table class="tbl">
                        <thead><tr><th>"Where"</th><th>"Why"</th></tr></thead>
                        {table}
                    </table>
                </div>
            })}
        </section>
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
            return view! { <p class="empty">"Loading the data…"</p> }.into_any();
        }
        match view_id.get() {
            View::Overview => view! { <overview::Overview/> }.into_any(),
            View::Diagram => view! { <diagram::DiagramView/> }.into_any(),
            View::Trends => view! { <trends::TrendsView/> }.into_any(),
            View::Account => view! { <account::AccountView/> }.into_any(),
            View::Drivers => view! { <drivers::DriversView/> }.into_any(),
            View::Settings => view! { <settings::SettingsView/> }.into_any(),
            View::Import => view! { <import::ImportView/> }.into_any(),
        }
    }
}
