//! Client Improvement Plans in the app: editing per account and wave, saving in the browser
//! (keyed by the data set), export and import with conflicts, and the overview summary.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::components::{ChangeBadge, Panel};
use super::state::{use_app, AppState, Loaded};
use crate::engine::plan::store::{merge_saved, read_saved, saved_text, Saved, Unreadable};
use crate::engine::plan::{
    accounts_without_plan, action_effect, default_due, effectiveness, human_date, iso_string,
    merge_import, merge_into_data_file, parse_plans, plans_file, plans_from_dataset,
    tagged_action_id, PlanAction, PLAN_DAYS,
};
use crate::engine::{ActionStatus, Dimension};

fn storage_key(identity: &str) -> String {
    format!("rapport:plans:{identity}")
}

/// Where saved plans that could not be read at all are put aside before anything is saved
/// (one key per such text, by its hash: putting the same text aside twice keeps one copy).
fn unreadable_key(identity: &str, text_hash: &str) -> String {
    format!("rapport:plans-unreadable:{identity}:{text_hash}")
}

fn storage() -> Result<web_sys::Storage, String> {
    match window().local_storage() {
        Ok(Some(s)) => Ok(s),
        _ => {
            Err("Browser storage is turned off (private browsing or a privacy setting)".to_string())
        }
    }
}

/// What this tab knows of the plans saved in the browser for the data set on screen.
#[derive(Default)]
struct SavedState {
    identity: String,
    /// The actions as this tab last read or wrote them: the base of the per-action merge
    /// with what another tab saved meanwhile.
    base: Vec<PlanAction>,
    /// False when what is saved could not be read nor put aside: nothing is written over it.
    writable: bool,
    /// Saved entries that could not be read (kept in storage as they were), to download.
    unreadable: Vec<Unreadable>,
}

/// Records what could not be read of the saved plans and says so in a notice (none: clears).
fn note_unreadable(state: AppState, unreadable: Vec<Unreadable>) {
    let message = unreadable.first().map(|first| {
        let n = unreadable.len();
        let what = if first.pointer.is_empty() {
            "The plans saved in this browser could not be read".to_string()
        } else if n == 1 {
            "One saved plan action could not be read".to_string()
        } else {
            format!("{n} saved plan actions could not be read")
        };
        let place = if first.pointer.is_empty() {
            "reason"
        } else {
            first.pointer.as_str()
        };
        format!(
            "{what} ({place}: {}). The rest is shown; it is kept in this browser as it was.",
            first.reason
        )
    });
    SAVED.with(|s| s.borrow_mut().unreadable = unreadable);
    state.plan_unreadable.set(message);
}

thread_local! {
    static SAVED: std::cell::RefCell<SavedState> = std::cell::RefCell::new(SavedState::default());
}

/// The browser's saved plans of the data set `identity`: `Ok(None)` when nothing is saved,
/// `Err` (with why) when storage could not be asked.
fn read_storage(identity: &str) -> Result<Option<String>, String> {
    storage()?
        .get_item(&storage_key(identity))
        .map_err(|_| "The browser refused to read its storage".to_string())
}

/// What is saved for a data set, read action by action; nothing saved is the file's own
/// actions. A text that cannot be read at all is put aside (under its own key) first, so
/// that saving never writes over it; `Err` when even that failed.
fn saved_plans(state: AppState, loaded: &Loaded, text: Option<String>) -> Result<Saved, String> {
    let Some(text) = text else {
        return Ok(Saved {
            actions: plans_from_dataset(&loaded.portfolio.data),
            unreadable: Vec::new(),
        });
    };
    match read_saved(&text, &loaded.identity) {
        Ok(saved) => Ok(saved),
        Err(why) => {
            let mut hash = crate::engine::wire::Identity::default();
            hash.update(text.as_bytes());
            let key = unreadable_key(&loaded.identity, &hash.finish());
            storage()
                .and_then(|s| {
                    s.set_item(&key, &text)
                        .map_err(|_| "it could not be put aside".to_string())
                })
                .map_err(|e| format!("The saved plans could not be read ({why}) and {e}"))?;
            note_unreadable(
                state,
                vec![Unreadable {
                    pointer: String::new(),
                    raw: text,
                    reason: why,
                }],
            );
            Ok(Saved {
                actions: plans_from_dataset(&loaded.portfolio.data),
                unreadable: Vec::new(),
            })
        }
    }
}

/// Plans for a newly loaded data set: the browser's saved edits of this very data set, or
/// else the file's own actions. Another data set's edits are never used. Saved actions that
/// cannot be read are kept as they are and shown in a notice.
pub fn init_plans(state: AppState, loaded: &Loaded) {
    state.conflicts.set(Vec::new());
    state.import_message.set(None);
    state.plan_notice.set(None);
    note_unreadable(state, Vec::new());
    let read = match read_storage(&loaded.identity) {
        // No storage at all: saving will say so when there is something to save.
        Err(_) if storage().is_err() => Ok(None),
        other => other,
    };
    let saved = read.and_then(|text| saved_plans(state, loaded, text));
    let (actions, writable) = match saved {
        Ok(saved) => {
            if !saved.unreadable.is_empty() {
                note_unreadable(state, saved.unreadable);
            }
            (saved.actions, true)
        }
        Err(why) => {
            state.plan_notice.set(Some(format!(
                "{why}: it is left untouched, and changes made now are not saved. Export the plans to keep them."
            )));
            (plans_from_dataset(&loaded.portfolio.data), false)
        }
    };
    SAVED.with(|s| {
        let mut s = s.borrow_mut();
        s.identity = loaded.identity.clone();
        s.base = actions.clone();
        s.writable = writable;
    });
    state.plans.set(actions);
}

/// Saves the plans of the loaded data set, merged per action with what another tab saved
/// meanwhile; a failure is shown at once, with the way out.
pub fn save_plans(state: AppState) {
    let Some(loaded) = state.loaded.get_untracked() else {
        return;
    };
    let identity = loaded.identity.clone();
    if !SAVED.with(|s| s.borrow().writable && s.borrow().identity == identity) {
        return;
    }
    let theirs = read_storage(&identity).and_then(|text| saved_plans(state, &loaded, text));
    let result = theirs.and_then(|theirs| {
        let merged = merged_with(state, &theirs.actions);
        let title = loaded.portfolio.data.title.clone();
        let text = saved_text(&identity, title, &merged, &theirs.unreadable);
        storage()?
            .set_item(&storage_key(&identity), &text)
            .map_err(|e| {
                let name = js_sys::Reflect::get(&e, &"name".into())
                    .ok()
                    .and_then(|n| n.as_string())
                    .unwrap_or_default();
                if name.contains("Quota") {
                    "Browser storage is full".to_string()
                } else {
                    format!("The browser refused to store the plans ({name})")
                }
            })?;
        SAVED.with(|s| s.borrow_mut().base = merged.clone());
        if state.plans.with_untracked(|mine| *mine != merged) {
            state.plans.set(merged);
        }
        if !theirs.unreadable.is_empty() {
            note_unreadable(state, theirs.unreadable);
        }
        Ok(())
    });
    state.plan_notice.set(result.err().map(|why| {
        format!("{why}: your plan changes are on screen but will be lost when the page is closed. Export the plans to keep them.")
    }));
}

/// The plans on screen merged per action with `theirs` (what storage holds now), over the
/// base this tab last read or wrote.
fn merged_with(state: AppState, theirs: &[PlanAction]) -> Vec<PlanAction> {
    SAVED.with(|s| {
        state
            .plans
            .with_untracked(|mine| merge_saved(&s.borrow().base, mine, theirs))
    })
}

/// Takes in what another tab saved for the data set on screen (the `storage` event): its
/// edits appear here, merged per action with this tab's.
pub fn follow_other_tabs(state: AppState) {
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        let Some(loaded) = state.loaded.get_untracked() else {
            return;
        };
        if ev.key().as_deref() != Some(storage_key(&loaded.identity).as_str())
            || !SAVED.with(|s| s.borrow().identity == loaded.identity)
        {
            return;
        }
        let Ok(theirs) = saved_plans(state, &loaded, ev.new_value()) else {
            return;
        };
        let merged = merged_with(state, &theirs.actions);
        SAVED.with(|s| s.borrow_mut().base = theirs.actions);
        if !theirs.unreadable.is_empty() {
            note_unreadable(state, theirs.unreadable);
        }
        if state.plans.with_untracked(|mine| *mine != merged) {
            state.plans.set(merged);
        }
    });
    // The listener lives as long as the page.
    std::mem::forget(handle);
}

/// Changes the plans and saves them.
pub fn update_plans(state: AppState, edit: impl FnOnce(&mut Vec<PlanAction>)) {
    state.plans.update(edit);
    save_plans(state);
}

/// Offers text as a file download.
pub fn download(filename: &str, text: &str, mime: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Today's date where the user is.
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

fn export_plans(state: AppState) {
    let Some(loaded) = state.loaded.get_untracked() else {
        return;
    };
    let file = state
        .plans
        .with_untracked(|p| plans_file(&loaded.identity, loaded.portfolio.data.title.clone(), p));
    let text = serde_json::to_string_pretty(&file).unwrap_or_default();
    download("rapport-plans.json", &text, "application/json");
}

fn export_data_file(state: AppState) {
    if state.loaded.with_untracked(Option::is_none) {
        return;
    }
    leptos::task::spawn_local(async move {
        let result = match super::load::raw_file().await {
            Ok(raw) => state
                .plans
                .with_untracked(|p| merge_into_data_file(&raw, p)),
            Err(e) => Err(e),
        };
        match result {
            Ok(text) => download("rapport-data-with-plans.json", &text, "application/json"),
            Err(e) => state
                .import_message
                .set(Some(format!("The data file could not be exported: {e}"))),
        }
    });
}

fn import_plans(state: AppState, file: web_sys::File) {
    let name = file.name();
    leptos::task::spawn_local(async move {
        let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buf) => js_sys::Uint8Array::new(&buf).to_vec(),
            Err(_) => {
                state
                    .import_message
                    .set(Some(format!("“{name}” could not be read.")));
                return;
            }
        };
        let Some(loaded) = state.loaded.get_untracked() else {
            return;
        };
        match parse_plans(&bytes) {
            Err(e) => state
                .import_message
                .set(Some(format!("“{name}” was not imported: {e}"))),
            Ok(imported) => {
                let out = state
                    .plans
                    .with_untracked(|mine| merge_import(mine, &imported, &loaded.portfolio.data));
                let mut msg = format!(
                    "Imported “{name}”: {} new, {} unchanged, {} conflicting",
                    out.added,
                    out.unchanged,
                    out.conflicts.len()
                );
                if !out.rejected.is_empty() {
                    let why: Vec<String> = out
                        .rejected
                        .iter()
                        .map(|(id, r)| format!("{id} ({r})"))
                        .collect();
                    msg.push_str(&format!("; not taken: {}", why.join(", ")));
                }
                msg.push('.');
                state.import_message.set(Some(msg));
                state.conflicts.set(out.conflicts);
                update_plans(state, |p| *p = out.merged);
            }
        }
    });
}

/// Export and import controls, the import result, and any conflicts to resolve.
#[component]
pub fn PlanToolbar() -> impl IntoView {
    let state = use_app();
    view! {
        <div class="plan-tools no-print">
            <button class="btn btn-quiet" data-testid="export-plans" on:click=move |_| export_plans(state)>"Export plans"</button>
            <button class="btn btn-quiet" data-testid="export-data" on:click=move |_| export_data_file(state)>"Export data file with plans"</button>
            <label class="btn btn-quiet">
                "Import plans…"
                <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="import-plans"
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        if let Some(f) = input.files().and_then(|f| f.get(0)) {
                            import_plans(state, f);
                        }
                        input.set_value("");
                    }/>
            </label>
        </div>
        {move || state.import_message.get().map(|m| view! { <p class="plan-msg" role="status" data-testid="import-message">{m}</p> })}
        <Conflicts/>
    }
}

fn describe(a: &PlanAction) -> Vec<(&'static str, String)> {
    vec![
        ("Action", a.title.clone()),
        ("Targets", a.dimension.clone().unwrap_or_default()),
        ("Owner", a.owner.clone().unwrap_or_default()),
        ("Due", a.due.clone().unwrap_or_default()),
        ("Status", a.status.clone()),
        (
            "Agreed",
            if a.agreed_with_client { "yes" } else { "no" }.to_string(),
        ),
        ("Notes", a.notes.clone().unwrap_or_default()),
    ]
}

/// Each conflicting import shown with both versions; the user keeps one.
#[component]
fn Conflicts() -> impl IntoView {
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

fn target_options() -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<(&'static str, &'static str)> =
        Dimension::ALL.iter().map(|d| (d.id(), d.label())).collect();
    v.insert(7, ("solution", "Solution"));
    v
}

/// The account's plan for one wave: add, edit, reorder, remove; earlier actions with their effect.
#[component]
pub fn PlanEditor(account: String) -> impl IntoView {
    let state = use_app();
    let account_id = account.clone();
    let wave = Memo::new(move |_| {
        let loaded = state.loaded.get()?;
        let s = state.scope.get()?;
        let w = &loaded.portfolio.data.waves[s.wave];
        Some((w.id.clone(), w.label.clone(), w.closed))
    });
    let acc = account_id.clone();
    let ids = Memo::new(move |_| {
        let Some((w, _, _)) = wave.get() else {
            return Vec::new();
        };
        state.plans.with(|p| {
            p.iter()
                .filter(|a| a.account == acc && a.wave == w)
                .map(|a| a.id.clone())
                .collect::<Vec<_>>()
        })
    });
    // Long plans are shown a page at a time: every row is a live editor.
    let shown = RwSignal::new(PLAN_PAGE);
    let acc = account_id.clone();
    let add = move |_| {
        let Some((w, _, closed)) = wave.get_untracked() else {
            return;
        };
        // The new action is the last: show it when it is at most a page beyond the rows on
        // screen (not by rendering a long plan whole).
        let last = ids.with_untracked(Vec::len) + 1;
        shown.update(|n| {
            if last <= *n + PLAN_PAGE {
                *n = (*n).max(last)
            }
        });
        let acc = acc.clone();
        update_plans(state, |p| {
            // A random tag, so that two tabs adding to one plan at once never share an id.
            let tag = format!("{:04x}", (js_sys::Math::random() * 65536.0) as u32);
            let id = tagged_action_id(p, &acc, &w, &tag);
            p.push(PlanAction {
                id,
                account: acc.clone(),
                wave: w.clone(),
                dimension: None,
                title: "New action".to_string(),
                owner: None,
                due: Some(iso_string(default_due(closed))),
                status: "open".to_string(),
                agreed_with_client: false,
                notes: None,
            });
        });
    };
    let acc = account_id.clone();
    let earlier = move || {
        let loaded = state.loaded.get()?;
        let (w, _, _) = wave.get()?;
        let p = &loaded.portfolio;
        let list: Vec<PlanAction> = state.plans.with(|pl| {
            pl.iter()
                .filter(|a| a.account == acc && a.wave != w)
                .cloned()
                .collect()
        });
        (!list.is_empty()).then(|| {
            let rows = list
                .into_iter()
                .map(|a| {
                    let wave_label = p.data.wave_index(&a.wave).map(|i| p.data.waves[i].label.clone()).unwrap_or_default();
                    let effect = match action_effect(p, &a) {
                        Some((_, to, c)) => view! {
                            <span>{format!("{} by {}: ", a.target().map(|t| match t {
                                crate::engine::Target::Dimension(d) => d.label(),
                                crate::engine::Target::Solution => "Solution",
                            }).unwrap_or(""), p.data.waves[to].label)}<ChangeBadge change=c/></span>
                        }.into_any(),
                        None if a.target().is_none() => view! { <span class="muted">"no target dimension"</span> }.into_any(),
                        None => view! { <span class="muted">"no later wave yet"</span> }.into_any(),
                    };
                    view! {
                        <tr data-testid="earlier-action">
                            <td>{wave_label}</td>
                            <td>{a.title.clone()}</td>
                            <td>{a.status().label()}</td>
                            <td>{effect}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h3 class="sub">"Other waves — did the action work?"</h3>
                <table class="tbl" data-testid="plan-history">
                    <thead><tr><th>"Wave"</th><th>"Action"</th><th>"Status"</th><th>"Change of the target in the next wave"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    view! {
        <Panel title="Client Improvement Plan".to_string() class="acc-plan">
            <p class="muted">{move || wave.get().map(|(_, label, closed)| format!(
                "Plan for {label}: agree it with the client within four weeks of the wave closing ({}).",
                human_date(default_due(closed))
            ))}</p>
            <div class="plan-list" data-testid="plan">
                <For each=move || ids.with(|ids| ids.iter().take(shown.get()).cloned().collect::<Vec<_>>()) key=|id| id.clone() let:id>
                    <ActionRow id=id/>
                </For>
                {move || ids.get().is_empty().then(|| view! { <p class="muted">"No actions in this wave's plan yet."</p> })}
                // Always there, hidden when all are shown: cheaper for the page's module than
                // a button made and unmade.
                <button class="btn btn-quiet" data-testid="plan-more"
                    hidden=move || ids.with(Vec::len) <= shown.get()
                    on:click=move |_| shown.update(|n| *n += PLAN_PAGE)>
                    "Show 50 more"
                </button>
            </div>
            <div class="plan-tools no-print">
                <button class="btn" data-testid="add-action" on:click=add>"Add action"</button>
            </div>
            {earlier}
            <PlanToolbar/>
        </Panel>
    }
}

/// Actions of a plan shown at once; "Show 50 more" adds as many again (its label says 50).
const PLAN_PAGE: usize = 50;

/// One editable action. Reads its action by id, so typing never re-creates the row.
#[component]
fn ActionRow(id: String) -> impl IntoView {
    let state = use_app();
    let key = id.clone();
    let action = Memo::new(move |_| {
        state
            .plans
            .with(|p| p.iter().find(|a| a.id == key).cloned())
    });
    let edit = {
        let id = id.clone();
        move |f: Box<dyn FnOnce(&mut PlanAction)>| {
            let id = id.clone();
            update_plans(state, move |p| {
                if let Some(a) = p.iter_mut().find(|a| a.id == id) {
                    f(a);
                }
            });
        }
    };
    let field = move |get: fn(&PlanAction) -> String| {
        move || action.get().map(|a| get(&a)).unwrap_or_default()
    };
    let opt = |s: String| (!s.trim().is_empty()).then_some(s);
    let mv = {
        let id = id.clone();
        move |up: bool| {
            let id = id.clone();
            update_plans(state, move |p| {
                let Some(i) = p.iter().position(|a| a.id == id) else {
                    return;
                };
                let (acc, wave) = (p[i].account.clone(), p[i].wave.clone());
                let same: Vec<usize> = p
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.account == acc && a.wave == wave)
                    .map(|(j, _)| j)
                    .collect();
                let Some(k) = same.iter().position(|&j| j == i) else {
                    return;
                };
                let other = if up {
                    k.checked_sub(1)
                } else {
                    (k + 1 < same.len()).then_some(k + 1)
                };
                if let Some(o) = other {
                    p.swap(i, same[o]);
                }
            });
        }
    };
    let (e1, e2, e3, e4, e5, e6, e7) = (
        edit.clone(),
        edit.clone(),
        edit.clone(),
        edit.clone(),
        edit.clone(),
        edit.clone(),
        edit.clone(),
    );
    let (m1, m2) = (mv.clone(), mv.clone());
    let rid = id.clone();
    let today = today();
    view! {
        <div class="act" data-testid="action" data-action=id.clone()
            class:act-overdue=move || action.get().is_some_and(|a| a.is_overdue(today))>
            <input class="act-title" aria-label="Action" data-testid="action-title" prop:value=field(|a| a.title.clone())
                on:change=move |ev| { let v = event_target_value(&ev); e1(Box::new(move |a| a.title = v)); }/>
            <label class="act-f"><span>"Targets"</span>
                <select data-testid="action-dimension" on:change=move |ev| { let v = event_target_value(&ev); e2(Box::new(move |a| a.dimension = opt(v))); }>
                    <option value="" selected=move || action.get().is_some_and(|a| a.dimension.is_none())>"—"</option>
                    {target_options().into_iter().map(|(id, label)| view! {
                        <option value=id selected=move || action.get().is_some_and(|a| a.dimension.as_deref() == Some(id))>{label}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="act-f"><span>"Owner"</span>
                <input data-testid="action-owner" prop:value=field(|a| a.owner.clone().unwrap_or_default())
                    on:change=move |ev| { let v = event_target_value(&ev); e3(Box::new(move |a| a.owner = opt(v))); }/>
            </label>
            <label class="act-f"><span>"Due"</span>
                <input type="date" data-testid="action-due" prop:value=field(|a| a.due.clone().unwrap_or_default())
                    on:change=move |ev| { let v = event_target_value(&ev); e4(Box::new(move |a| a.due = opt(v))); }/>
            </label>
            <label class="act-f"><span>"Status"</span>
                <select data-testid="action-status" on:change=move |ev| { let v = event_target_value(&ev); e5(Box::new(move |a| a.status = v)); }>
                    {ActionStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.id() selected=move || action.get().is_some_and(|a| a.status() == s)>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="act-f act-check">
                <input type="checkbox" data-testid="action-agreed" prop:checked=move || action.get().is_some_and(|a| a.agreed_with_client)
                    on:change=move |ev| { let v = event_target_checked(&ev); e6(Box::new(move |a| a.agreed_with_client = v)); }/>
                <span>"Agreed with client"</span>
            </label>
            <label class="act-f act-notes"><span>"Notes"</span>
                <textarea rows="2" data-testid="action-notes" prop:value=field(|a| a.notes.clone().unwrap_or_default())
                    on:change=move |ev| { let v = event_target_value(&ev); e7(Box::new(move |a| a.notes = opt(v))); }></textarea>
            </label>
            <div class="act-btns no-print">
                <button class="btn btn-quiet" aria-label="Move up" data-testid="action-up" on:click=move |_| m1(true)>"↑"</button>
                <button class="btn btn-quiet" aria-label="Move down" data-testid="action-down" on:click=move |_| m2(false)>"↓"</button>
                <button class="btn btn-quiet" data-testid="action-remove" on:click=move |_| {
                    let id = rid.clone();
                    update_plans(state, move |p| p.retain(|a| a.id != id));
                }>"Remove"</button>
            </div>
            {move || action.get().is_some_and(|a| a.is_overdue(today)).then(|| view! { <span class="act-flag">"Overdue"</span> })}
        </div>
    }
}

/// Overview panel: overdue actions, accounts without a plan, and whether done actions worked.
#[component]
pub fn PlanSummary() -> impl IntoView {
    let state = use_app();
    let effect = plan_effect(state);
    move || {
        let loaded = state.loaded.get()?;
        let scope = state.scope.get()?;
        let p = &loaded.portfolio;
        let today = today();
        let plans = state.plans.get();
        let overdue: Vec<&PlanAction> = plans.iter().filter(|a| a.is_overdue(today)).collect();
        let wave = &p.data.waves[scope.wave];
        let deadline = default_due(wave.closed);
        let missing = if today > deadline {
            accounts_without_plan(p, scope.wave, &plans)
        } else {
            Vec::new()
        };
        // (Worked out apart: it depends on the plans, not on the scope.)
        let (improved, judged) = effect.get().unwrap_or_default();
        let pending = effect.with(Option::is_none);
        let link = move |id: String, name: String| {
            view! { <button class="link" on:click=move |_| state.open_account(&id)>{name}</button> }
        };
        let overdue_list = overdue
            .iter()
            .take(5)
            .map(|a| {
                let name = p.account_index(&a.account).map(|i| p.data.accounts[i].name.clone()).unwrap_or_else(|| a.account.clone());
                view! { <li>{link(a.account.clone(), name)}{format!(" — {} (due {})", a.title, a.due.clone().unwrap_or_default())}</li> }
            })
            .collect_view();
        let missing_list = missing
            .iter()
            .take(6)
            .map(|&i| view! { <li>{link(p.data.accounts[i].id.clone(), p.data.accounts[i].name.clone())}</li> })
            .collect_view();
        let n_overdue = overdue.len();
        let n_missing = missing.len();
        let missing_text = format!(
            " account(s) surveyed in {} with no plan {PLAN_DAYS} days after it closed",
            wave.label
        );
        let due_text = (today <= deadline).then(|| {
            format!(
                "Plans for {} are due by {}.",
                wave.label,
                human_date(deadline)
            )
        });
        let effect_big = if pending {
            "…".to_string()
        } else if judged > 0 {
            format!("{:.0}%", 100.0 * improved as f64 / judged as f64)
        } else {
            "–".to_string()
        };
        let effect_text = format!(" of done actions ({improved} of {judged}) saw their target dimension improve significantly by the next wave");
        Some(view! {
            <Panel title="Improvement plans".to_string() class="ov-plans">
                <div class="plan-kpis">
                    <div data-testid="overdue-actions" data-value=n_overdue>
                        <span class="big">{n_overdue}</span>" overdue action(s)"
                    </div>
                    <div data-testid="accounts-without-plan" data-value=n_missing>
                        <span class="big">{n_missing}</span>
                        {missing_text}
                    </div>
                    <div data-testid="plan-effect" data-value=improved data-judged=judged aria-busy=pending.to_string()>
                        <span class="big">{effect_big}</span>
                        {effect_text}
                    </div>
                </div>
                {(n_overdue > 0).then(|| view! { <h3 class="sub">"Overdue"</h3><ul class="plan-ul">{overdue_list}</ul> })}
                {(n_missing > 0).then(|| view! { <h3 class="sub">"No plan yet"</h3><ul class="plan-ul">{missing_list}</ul> })}
                {due_text.map(|t| view! { <p class="muted">{t}</p> })}
            </Panel>
        })
    }
}

/// Done actions judged per task when many are (each scores its account in two waves).
const EFFECT_STEP: usize = 2_000;

/// How many done actions saw their target improve, of how many judged (`effectiveness`),
/// worked out again when the data or the plans change: at once for a few thousand actions
/// (from the first render on), otherwise a part per task (none while it runs).
fn plan_effect(state: AppState) -> Signal<Option<(usize, usize)>> {
    let is_done = |a: &&PlanAction| a.status() == ActionStatus::Done;
    // With few done actions, the answer (effectiveness keeps to the done ones itself).
    let at_once = move |loaded: &Loaded| {
        state.plans.with(|plans| {
            (plans.iter().filter(is_done).count() <= EFFECT_STEP)
                .then(|| effectiveness(&loaded.portfolio, plans))
        })
    };
    let initial = match state.loaded.get_untracked() {
        Some(loaded) => untrack(|| at_once(&loaded)),
        None => Some((0, 0)),
    };
    let effect = RwSignal::new(initial);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        generation.update_value(|g| *g += 1);
        let Some(loaded) = state.loaded.get() else {
            effect.set(Some((0, 0)));
            return;
        };
        if let Some(now) = at_once(&loaded) {
            // (The first run finds what the first render had: nothing to re-render.)
            if effect.get_untracked() != Some(now) {
                effect.set(Some(now));
            }
            return;
        }
        if effect.get_untracked().is_some() {
            effect.set(None);
        }
        let done: Vec<PlanAction> = state
            .plans
            .with(|plans| plans.iter().filter(is_done).cloned().collect());
        let mine = generation.get_value();
        leptos::task::spawn_local(async move {
            let mut total = (0, 0);
            for part in done.chunks(EFFECT_STEP) {
                super::browser::yield_now().await;
                if generation.try_get_value() != Some(mine) {
                    return; // Other data or plans meanwhile.
                }
                let (improved, judged) = effectiveness(&loaded.portfolio, part);
                total = (total.0 + improved, total.1 + judged);
            }
            if generation.try_get_value() == Some(mine) {
                let _ = effect.try_set(Some(total));
            }
        });
    });
    effect.into()
}

/// Saved plan actions that could not be read: kept in the browser as they were, and
/// downloadable to repair.
#[component]
pub fn PlanRepairNotice() -> impl IntoView {
    let state = use_app();
    let download_them = move |_| {
        let text: Vec<String> = SAVED.with(|s| {
            s.borrow()
                .unreadable
                .iter()
                .map(|u| format!("{} ({}):\n{}\n", u.pointer, u.reason, u.raw))
                .collect()
        });
        download(
            "rapport-unreadable-plans.txt",
            &text.join("\n"),
            "text/plain",
        );
    };
    move || {
        state.plan_unreadable.get().map(|text| view! {
            <div class="fail" role="status" data-testid="plans-unreadable">
                <p>{text}</p>
                <div class="fail-actions">
                    <button class="btn btn-quiet" on:click=download_them>"Download it to repair"</button>
                </div>
            </div>
        })
    }
}

/// A storage failure, shown at once over every view, with the way out.
#[component]
pub fn PlanNotice() -> impl IntoView {
    let state = use_app();
    move || {
        state.plan_notice.get().map(|msg| view! {
            <div class="fail" role="alert" data-testid="storage-error">
                <strong>"Plan changes are not saved in this browser."</strong>
                <p>{msg}</p>
                <div class="fail-actions">
                    <button class="btn" on:click=move |_| export_plans(state)>"Export plans now"</button>
                    <button class="btn btn-quiet" on:click=move |_| save_plans(state)>"Try saving again"</button>
                </div>
            </div>
        })
    }
}
