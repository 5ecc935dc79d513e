//! The plan of one account: its actions, a page at a time, each editable in place.

use leptos::prelude::*;

use super::super::browser::{focus, settle, today};
use super::super::components::{ChangeBadge, Panel};
use super::super::state::use_app;
use super::files::PlanToolbar;
use super::store::{save_typed, update_plans, update_plans_typed};
use crate::engine::plan::{
    action_effect, default_due, iso_date, iso_string, new_action_due, tagged_action_id, PlanAction,
};
use crate::engine::{ActionStatus, Dimension, Target};

pub(super) fn target_options() -> Vec<(&'static str, &'static str)> {
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
        let mut added = String::new();
        update_plans(state, |p| {
            // A random tag, so that two tabs adding to one plan at once never share an id.
            let tag = format!("{:04x}", (js_sys::Math::random() * 65536.0) as u32);
            let id = tagged_action_id(p, &acc, &w, &tag);
            added = id.clone();
            p.push(PlanAction {
                id,
                account: acc.clone(),
                wave: w.clone(),
                dimension: None,
                title: "New action".to_string(),
                owner: None,
                due: Some(new_action_due(closed, today())),
                status: ActionStatus::Open,
                agreed_with_client: false,
                notes: None,
            });
        });
        focus_title(added);
    };
    // The action last removed and where it was, until undone or another is removed.
    let removed = RwSignal::new(None::<(usize, PlanAction)>);
    let undo = move |_| {
        if let Some((i, a)) = removed.get_untracked() {
            let id = a.id.clone();
            removed.set(None);
            update_plans(state, move |p| p.insert(i.min(p.len()), a));
            focus_title(id);
        }
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
                            <span>{format!("{} by {}: ", a.dimension.map(|t| crate::engine::Metric::from(t).label()).unwrap_or(""), p.data.waves[to].label)}<ChangeBadge change=c/></span>
                        }.into_any(),
                        None if a.dimension.is_none() => view! { <span class="muted">"no target dimension"</span> }.into_any(),
                        None => view! { <span class="muted">"no later wave yet"</span> }.into_any(),
                    };
                    view! {
                        <tr data-testid="earlier-action">
                            <td>{wave_label}</td>
                            <td>{a.title.clone()}</td>
                            <td>{a.status.label()}</td>
                            <td>{effect}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h3 class="sub">"Other waves — did the action work?"</h3>
                <div class="tbl-scroll">
                    <table class="tbl" data-testid="plan-history">
                        <thead><tr><th>"Wave"</th><th>"Action"</th><th>"Status"</th><th>"Change of the target in the next wave"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })
    };
    view! {
        <Panel title="Client Improvement Plan".to_string() class="acc-plan">
            <p class="muted">{move || wave.get().map(|(_, label, closed)| format!(
                "Plan for {label}: agree it with the client within four weeks of the wave closing ({}).",
                crate::format::date(default_due(closed))
            ))}</p>
            <div class="plan-list" data-testid="plan">
                <For each=move || ids.with(|ids| ids.iter().take(shown.get()).cloned().collect::<Vec<_>>()) key=|id| id.clone() let:id>
                    <ActionRow id=id removed=removed/>
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
                <span role="status" class="plan-undo">
                    {move || removed.with(|r| r.as_ref().map(|(_, a)| format!("Removed “{}”. ", a.title)))}
                    <button class="btn btn-quiet" id="plan-undo" data-testid="undo-remove"
                        hidden=move || removed.with(Option::is_none) on:click=undo>"Undo"</button>
                </span>
            </div>
            {earlier}
            <PlanToolbar/>
        </Panel>
    }
}

/// Focuses the title of this action (just added, or put back) once it is on the page.
fn focus_title(id: String) {
    settle(move || focus(Ok(document().get_element_by_id(&format!("act-{id}")))));
}

/// Actions of a plan shown at once; "Show 50 more" adds as many again (its label says 50).
pub(super) const PLAN_PAGE: usize = 50;

/// One editable action. Reads its action by id, so typing never re-creates the row.
#[component]
pub(super) fn ActionRow(
    id: String,
    removed: RwSignal<Option<(usize, PlanAction)>>,
) -> impl IntoView {
    let state = use_app();
    let key = id.clone();
    let action = Memo::new(move |_| {
        state
            .plans
            .with(|p| p.iter().find(|a| a.id == key).cloned())
    });
    let edit = {
        let id = id.clone();
        // Typing is saved once it pauses; a choice at once.
        move |typed: bool, f: Box<dyn FnOnce(&mut PlanAction)>| {
            let id = id.clone();
            let change = move |p: &mut Vec<PlanAction>| {
                if let Some(a) = p.iter_mut().find(|a| a.id == id) {
                    f(a);
                }
            };
            if typed {
                update_plans_typed(state, change)
            } else {
                update_plans(state, change)
            }
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
        // Typing is saved as it pauses, and at once when a field is left.
        <div class="act" data-testid="action" data-action=id.clone() on:focusout=move |_| save_typed(state)
            class:act-overdue=move || action.get().is_some_and(|a| a.is_overdue(today))>
            <input class="act-title" id=format!("act-{id}") aria-label="Action" data-testid="action-title" prop:value=field(|a| a.title.clone())
                on:input=move |ev| { let v = event_target_value(&ev); e1(true, Box::new(move |a| a.title = v)); }/>
            <label class="act-f"><span>"Targets"</span>
                <select data-testid="action-dimension" on:change=move |ev| { let v = event_target_value(&ev); e2(false, Box::new(move |a| a.dimension = Target::from_id(&v))); }>
                    <option value="" selected=move || action.get().is_some_and(|a| a.dimension.is_none())>"—"</option>
                    {target_options().into_iter().map(|(id, label)| view! {
                        <option value=id selected=move || action.get().is_some_and(|a| a.dimension.map(Target::id) == Some(id))>{label}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="act-f"><span>"Owner"</span>
                <input data-testid="action-owner" prop:value=field(|a| a.owner.clone().unwrap_or_default())
                    on:input=move |ev| { let v = event_target_value(&ev); e3(true, Box::new(move |a| a.owner = opt(v))); }/>
            </label>
            <label class="act-f"><span>"Due"</span>
                <input type="date" data-testid="action-due" prop:value=field(|a| a.due.map(iso_string).unwrap_or_default())
                    on:change=move |ev| { let v = event_target_value(&ev); e4(false, Box::new(move |a| a.due = iso_date(&v))); }/>
            </label>
            <label class="act-f"><span>"Status"</span>
                <select data-testid="action-status" on:change=move |ev| { let v = event_target_value(&ev); e5(false, Box::new(move |a| if let Some(s) = ActionStatus::from_id(&v) { a.status = s })); }>
                    {ActionStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.id() selected=move || action.get().is_some_and(|a| a.status == s)>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="act-f act-check">
                <input type="checkbox" data-testid="action-agreed" prop:checked=move || action.get().is_some_and(|a| a.agreed_with_client)
                    on:change=move |ev| { let v = event_target_checked(&ev); e6(false, Box::new(move |a| a.agreed_with_client = v)); }/>
                <span>"Agreed with client"</span>
            </label>
            <label class="act-f act-notes"><span>"Notes"</span>
                <textarea rows="2" placeholder="What was agreed, what happened" data-testid="action-notes" prop:value=field(|a| a.notes.clone().unwrap_or_default())
                    on:input=move |ev| { let v = event_target_value(&ev); e7(true, Box::new(move |a| a.notes = opt(v))); }></textarea>
            </label>
            <div class="act-btns no-print">
                <button class="btn btn-quiet" aria-label="Move up" data-testid="action-up" on:click=move |_| m1(true)>"↑"</button>
                <button class="btn btn-quiet" aria-label="Move down" data-testid="action-down" on:click=move |_| m2(false)>"↓"</button>
                <button class="btn btn-quiet" data-testid="action-remove" on:click=move |_| {
                    let id = rid.clone();
                    update_plans(state, move |p| {
                        if let Some(i) = p.iter().position(|a| a.id == id) {
                            removed.set(Some((i, p.remove(i))));
                        }
                    });
                    // Focus stays in the plan: on the way back.
                    settle(|| focus(Ok(document().get_element_by_id("plan-undo"))));
                }>"Remove"</button>
            </div>
            {move || action.get().is_some_and(|a| a.is_overdue(today)).then(|| view! { <span class="act-flag">"Overdue"</span> })}
        </div>
    }
}
