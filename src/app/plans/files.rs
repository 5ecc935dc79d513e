//! Plans in and out as files: export (a plans file, or the data file with its actions),
//! import with conflicts to choose from, and the toolbar.

use leptos::prelude::*;

use super::super::import::{export_plans, export_with_plans};
use super::super::state::use_app;
use super::store::update_plans;
use crate::engine::plan::{iso_string, PlanAction};

/// Export and import controls, the import result, and any conflicts to resolve.
#[component]
pub fn PlanToolbar() -> impl IntoView {
    let state = use_app();
    view! {
        <div class="plan-tools no-print">
            <button class="btn btn-quiet" data-testid="export-plans" on:click=move |_| export_plans(state)>"Export plans"</button>
            <button class="btn btn-quiet" data-testid="export-data" on:click=move |_| export_with_plans(state)>"Export data file with plans"</button>
            <label class="btn btn-quiet">
                "Import plans…"
                <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="import-plans"
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        if let Some(f) = input.files().and_then(|f| f.get(0)) {
                            super::super::import::import_plans(state, f);
                        }
                        input.set_value("");
                    }/>
            </label>
        </div>
        {move || state.import_message.get().map(|m| view! { <p class="plan-msg" role="status" data-testid="import-message">{m}</p> })}
        {move || state.storage_kept.get().map(|kept| view! {
            <p class="muted no-print" data-testid="storage-kept" data-value=kept.to_string()>{if kept {
                "Plans are saved in this browser, which keeps them even when storage runs short."
            } else {
                "Plans are saved in this browser, which may clear them when storage runs short: export them to keep a copy."
            }}</p>
        })}
        <Conflicts/>
    }
}

pub(super) fn describe(a: &PlanAction) -> Vec<(&'static str, String)> {
    vec![
        ("Action", a.title.clone()),
        (
            "Targets",
            a.dimension.map(|t| t.id().to_string()).unwrap_or_default(),
        ),
        ("Owner", a.owner.clone().unwrap_or_default()),
        ("Due", a.due.map(iso_string).unwrap_or_default()),
        ("Status", a.status.id().to_string()),
        (
            "Agreed",
            if a.agreed_with_client { "yes" } else { "no" }.to_string(),
        ),
        ("Notes", a.notes.clone().unwrap_or_default()),
    ]
}

/// Each conflicting import shown with both versions; the user keeps one.
#[component]
pub(super) fn Conflicts() -> impl IntoView {
    let state = use_app();
    move || {
        let list = state.conflicts.get();
        (!list.is_empty()).then(|| {
            let items = list
                .into_iter()
                .map(|c| {
                    let id = c.mine.id.clone();
                    let (id1, id2) = (id.clone(), id.clone());
                    let theirs = c.theirs.clone();
                    let rows = describe(&c.mine)
                        .into_iter()
                        .zip(describe(&c.theirs))
                        .map(|((k, mine), (_, theirs))| {
                            let differs = mine != theirs;
                            view! { <tr class:cf-diff=differs><th scope="row">{k}</th><td>{mine}</td><td>{theirs}</td></tr> }
                        })
                        .collect_view();
                    view! {
                        <li class="cf" data-testid="conflict" data-action=id.clone()>
                            <table class="tbl compact">
                                <thead><tr><th scope="col">{id.clone()}</th><th scope="col">"In this browser"</th><th scope="col">"In the imported file"</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                            <div class="cf-actions">
                                <button class="btn btn-quiet" data-testid="keep-mine" on:click=move |_| {
                                    state.conflicts.update(|l| l.retain(|x| x.mine.id != id1));
                                }>"Keep mine"</button>
                                <button class="btn" data-testid="use-imported" on:click=move |_| {
                                    let t = theirs.clone();
                                    state.conflicts.update(|l| l.retain(|x| x.mine.id != id2));
                                    update_plans(state, |p| {
                                        if let Some(slot) = p.iter_mut().find(|a| a.id == t.id) {
                                            *slot = t;
                                        }
                                    });
                                }>"Use imported"</button>
                            </div>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="cfs" role="region" aria-label="Import conflicts">
                    <h3 class="sub">"The same action was edited in both places: choose which version to keep."</h3>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}
