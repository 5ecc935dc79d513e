//! The page's shell around the views: the header (title, data source and the ways to load
//! data), the navigation, the filters (with finding an account and copying the link).

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::load::{load_file, load_url};
use super::state::{use_app, Source};
use crate::engine::Role;
use crate::route::{Route, View};

/// Title, data source and the ways to load data.
#[component]
pub(super) fn Header() -> impl IntoView {
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
    let menu = RwSignal::new(false);
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
            // On a phone the loading controls fold into a menu (see `.hd-menu` in app.css).
            <button
                class="btn btn-quiet hd-menu"
                data-testid="load-menu"
                aria-controls="hd-load"
                aria-expanded=move || menu.get().to_string()
                on:click=move |_| menu.update(|m| *m = !*m)
            >
                "Data"
            </button>
            <div class="hd-load" id="hd-load" class:hd-open=move || menu.get()>
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
                    hidden=move || state.loaded.with(Option::is_none)
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
pub(super) fn Nav() -> impl IntoView {
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
pub(super) fn FilterBar() -> impl IntoView {
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
            <AccountFind/>
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

/// Finds an account by name or id: a few letters typed, one picked from the browser's list
/// (or a whole name or id and Enter), and its page opens.
#[component]
fn AccountFind() -> impl IntoView {
    let state = use_app();
    // The list is made once the field is first used with a data set (the identity of the
    // last one it was used with): an option per account (4,400 at 100,000 responses) made
    // with each new data set was most of its first render's task.
    let used = RwSignal::new(None::<String>);
    // (id, name, "name (id)") of each account.
    let names = Memo::new(move |_| {
        let used = used.get();
        state.loaded.with(|l| {
            l.iter()
                .filter(|l| used.as_ref() == Some(&l.identity))
                .flat_map(|l| &l.portfolio.data.accounts)
                .map(|a| {
                    (
                        a.id.clone(),
                        a.name.clone(),
                        format!("{} ({})", a.name, a.id),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let missing = RwSignal::new(None::<String>);
    let open = move |ev: web_sys::Event| {
        let typed = event_target_value(&ev);
        let typed = typed.trim();
        let hit = names.with_untracked(|n| {
            n.iter()
                .find(|(id, name, text)| {
                    text == typed || id == typed || name.eq_ignore_ascii_case(typed)
                })
                .map(|(id, ..)| id.clone())
        });
        missing.set((hit.is_none() && !typed.is_empty()).then(|| typed.to_string()));
        if let Some(id) = hit {
            if let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                input.set_value("");
            }
            state.open_account(&id);
        }
    };
    view! {
        <label class="flt no-print">
            <span>"Find account"</span>
            <input
                type="search"
                list="account-names"
                data-testid="account-find"
                placeholder="Name or id"
                autocomplete="off"
                aria-invalid=move || missing.with(Option::is_some).to_string()
                on:change=open
                on:focus=move |_| used.set(state.loaded.with_untracked(|l| l.as_ref().map(|l| l.identity.clone())))
            />
        </label>
        <datalist id="account-names">
            {move || names.get().into_iter().map(|(.., text)| view! { <option value=text></option> }).collect_view()}
        </datalist>
        {move || missing.get().map(|m| view! { <span class="muted no-print" role="status" data-testid="account-find-none">{format!("No account “{m}”.")}</span> })}
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
