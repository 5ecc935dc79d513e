//! The portfolio's plans on the overview, whether they work, and the notices about saving.

use leptos::prelude::*;

use super::super::browser::download;
use super::super::browser::today;
use super::super::components::Panel;
use super::super::import::export_plans;
use super::super::state::{use_app, AppState, Loaded};
use super::store::{save_plans, unreadable_report};
use crate::engine::plan::{
    accounts_without_plan, default_due, effectiveness, in_filter, iso_string, PlanAction, PLAN_DAYS,
};
use crate::engine::ActionStatus;

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
        let filter = &scope.filter;
        let overdue: Vec<&PlanAction> = plans
            .iter()
            .filter(|a| a.is_overdue(today) && in_filter(p, filter, a))
            .collect();
        let wave = &p.data.waves[scope.wave];
        let deadline = default_due(wave.closed);
        let missing = if today > deadline {
            accounts_without_plan(p, scope.wave, &plans, filter)
        } else {
            Vec::new()
        };
        // (Worked out apart: it depends on the plans and the filter, not the wave.)
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
                view! { <li>{link(a.account.clone(), name)}{format!(" — {} (due {})", a.title, a.due.map(iso_string).unwrap_or_default())}</li> }
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
                crate::format::date(deadline)
            )
        });
        let effect_big = if pending {
            "…".to_string()
        } else if judged > 0 {
            crate::format::share(improved as f64 / judged as f64)
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
                        " · "<a class="link no-print" href="#plans-work" data-testid="plan-effect-link">"which actions, and their effect"</a>
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
pub(super) const EFFECT_STEP: usize = 2_000;

/// How many done actions within the filter saw their target improve, of how many judged
/// (`effectiveness`), worked out again when the data, the plans or the filter change: at
/// once for a few thousand actions (from the first render on), otherwise a part per task
/// (none while it runs).
pub(super) fn plan_effect(state: AppState) -> Signal<Option<(usize, usize)>> {
    let is_done = |a: &&PlanAction| a.status == ActionStatus::Done;
    let filter = move || {
        state
            .scope
            .with(|s| s.as_ref().map(|s| s.filter.clone()))
            .unwrap_or_default()
    };
    // With few done actions, the answer (effectiveness keeps to the done ones itself).
    let at_once = move |loaded: &Loaded| {
        state.plans.with(|plans| {
            (plans.iter().filter(is_done).count() <= EFFECT_STEP)
                .then(|| effectiveness(&loaded.portfolio, plans, &filter()))
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
        let filter = filter();
        leptos::task::spawn_local(async move {
            let mut total = (0, 0);
            for part in done.chunks(EFFECT_STEP) {
                super::super::browser::yield_now().await;
                if generation.try_get_value() != Some(mine) {
                    return; // Other data or plans meanwhile.
                }
                let (improved, judged) = effectiveness(&loaded.portfolio, part, &filter);
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
        download(
            "rapport-unreadable-plans.txt",
            &unreadable_report(),
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
