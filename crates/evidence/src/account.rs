//! The account view's evidence: its targets wave by wave and whether its voice was heard,
//! then the gaps between what the team predicted and what the client said (`inside`).

use leptos::prelude::*;
use rapport::app::components::Panel;
use rapport::app::state::use_app;
use rapport::engine::model::GoalScope;
use rapport::engine::summary::{coverage, goal_checks};
use rapport::format;

use crate::overview::{goal_score, p_label, verdict_class};

/// An account's targets wave by wave, and whether its voice was heard this wave.
#[component]
pub fn AccountEvidence() -> impl IntoView {
    let state = use_app();
    move || {
        let loaded = state.loaded.get()?;
        let scope = state.scope.get()?;
        let p = &loaded.portfolio;
        let (id, filter) = crate::data::account_scope(state, p, &scope)?;
        let goals = state.targets.get();
        let rows = (0..=scope.wave)
            .rev()
            .flat_map(|w| {
                goal_checks(p, &goals, w, &filter)
                    .into_iter()
                    .map(move |c| (w, c))
            })
            .map(|(w, c)| {
                let g = &goals[c.goal];
                view! {
                    <tr data-testid=format!("account-target-{w}-{}", c.goal) data-verdict=c.verdict.map_or("", |v| v.words())>
                        <th scope="row">{p_label(p, w)}</th>
                        <td>{g.measure.label()}</td>
                        <td class="num">{format::score(Some(g.value))}</td>
                        <td class=verdict_class(c.verdict)>{goal_score(g.measure, &c)}</td>
                    </tr>
                }
            })
            .collect_view();
        let has_goals = goals
            .iter()
            .any(|g| g.scope == GoalScope::Account(id.clone()));
        let c = coverage(p, scope.wave, &filter);
        let heard = if c.expected == 0 {
            "This account was not invited in this wave.".to_string()
        } else if !c.silent.is_empty() {
            "Silent: invited, and no valid response in this wave. Silence is a risk signal."
                .to_string()
        } else if !c.no_decision_maker.is_empty() {
            "Heard, but no decision maker answered in this wave.".to_string()
        } else {
            "Heard, with a decision maker among those who answered.".to_string()
        };
        // Not printed: the account's pack keeps to one page.
        Some(view! {
            <div class="evidence-grid no-print">
                <Panel title="Targets".to_string() class="ev-targets">
                    {if has_goals {
                        view! {
                            <div class="tbl-scroll">
                                <table class="tbl" data-testid="account-targets">
                                    <thead><tr><th>"Wave"</th><th>"Metric"</th><th class="num">"Target"</th><th>"Score against it"</th></tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }.into_any()
                    } else {
                        view! { <p class="muted" data-testid="account-targets-none">"No target is set for this account (the Model view sets them)."</p> }.into_any()
                    }}
                </Panel>
                <Panel title="Whose voice was heard".to_string() class="ev-coverage">
                    <p data-testid="account-heard">{heard}</p>
                </Panel>
            </div>
            <crate::inside::AccountGapsPanel/>
        })
    }
}
