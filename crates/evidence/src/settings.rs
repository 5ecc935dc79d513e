//! The active scoring model: weights, aggregation, bands and type thresholds, with which
//! values come from the data file; switching the aggregation mode and the diagram's order;
//! the targets (`targets`).

use leptos::prelude::*;

use rapport::app::components::Panel;
use rapport::app::state::{use_app, AppState};
use rapport::engine::model::TypeThresholds;
use rapport::engine::{Aggregation, Band, DiagramOrder, Level, Role};

#[component]
pub fn SettingsView() -> impl IntoView {
    let state = use_app();
    move || {
        let loaded = state.loaded.get()?;
        let m = loaded.portfolio.data.model.clone();
        let scale = loaded.portfolio.data.scale;
        let active = state.scope.get().map_or(m.aggregation, |s| s.aggregation);
        let from_file = |key: &str| {
            m.overridden
                .iter()
                .any(|o| o == key || o.starts_with(&format!("{key}.")))
        };
        let origin = |key: &str| {
            if from_file(key) {
                "from the data file"
            } else {
                "Rapport default"
            }
        };
        // Marks the option in force: the data file's, or Rapport's default.
        let whose = |key: &str| {
            if from_file(key) {
                " (the data file's setting)"
            } else {
                " (Rapport default)"
            }
        };
        let agg_options = aggregation_options(state, m.aggregation, active, whose("aggregation"));
        let order = state.scope.get().map_or(m.diagram, |s| s.diagram);
        let order_options = order_options(state, m.diagram, order, whose("diagram"));
        let level_rows = Level::ALL
            .iter()
            .map(|l| view! { <tr><td>{l.label()}</td><td class="num">{format!("{}", m.level_weights[*l as usize])}</td></tr> })
            .collect_view();
        let role_rows = Role::ALL
            .iter()
            .map(|r| view! { <tr><td>{r.label()}</td><td class="num">{format!("{}", m.role_weights[*r as usize])}</td></tr> })
            .collect_view();
        let band_rows = Band::ALL[..4]
            .iter()
            .zip(m.bands)
            .map(|(b, t)| view! { <tr><td><span class=format!("chip band-{}", b.id())>{b.label()}</span></td><td class="num">{format!("≥ {t:.2}")}</td></tr> })
            .collect_view();
        let type_rows = type_rules(&m.types)
            .into_iter()
            .map(|(k, rule)| view! { <tr><td>{k}</td><td>{rule}</td></tr> })
            .collect_view();
        Some(view! {
            <div class="set" data-testid="settings">
                <p class="note">
                    {format!("Rapport's own model: the questionnaire and thresholds of commercial CRQ assessments are not public, so every threshold and weight here is a default that a data file can override. Scale: {}–{}; thresholds stated on 1–7 are mapped onto it.", scale.min, scale.max)}
                </p>
                <Panel title="Aggregation of group scores".to_string()>
                    <div class="radios">{agg_options}</div>
                </Panel>
                <Panel title=format!("Level diagram ({})", origin("diagram"))>
                    <div class="radios">{order_options}</div>
                </Panel>
                <div class="set-grid">
                    <Panel title=format!("Level weights ({})", origin("level_weights"))>
                        <table class="tbl compact"><tbody>{level_rows}</tbody></table>
                        <p class="muted small">"CRQ is the weighted mean of the levels defined (at least 2 of 3)."</p>
                    </Panel>
                    <Panel title=format!("Role weights ({})", origin("role_weights"))>
                        <table class="tbl compact"><tbody>{role_rows}</tbody></table>
                    </Panel>
                    <Panel title=format!("Bands ({})", origin("bands"))>
                        <table class="tbl compact"><tbody>{band_rows}</tbody></table>
                        <p class="muted small">"Below the last threshold: at risk."</p>
                    </Panel>
                </div>
                <Panel title=format!("Relationship types ({}) — first rule that matches", origin("types"))>
                    <table class="tbl"><tbody>{type_rows}</tbody></table>
                    <p class="muted small">"Advocacy is the mean NPS answer (0–10). A rule whose inputs are missing does not match."</p>
                </Panel>
                <crate::targets::TargetsEditor/>
            </div>
        })
    }
}

/// The aggregation choices; `file` is the data file's (or the default), `whose` says so.
fn aggregation_options(
    state: AppState,
    file: Aggregation,
    active: Aggregation,
    whose: &'static str,
) -> impl IntoView {
    Aggregation::ALL
            .into_iter()
            .map(|a| {
                let text = match a {
                    Aggregation::Account => "Account: every account counts once (plain mean of account scores)",
                    Aggregation::Respondent => "Respondent: every respondent counts, weighted by role",
                    Aggregation::Revenue => "Revenue: accounts weighted by revenue (accounts without revenue left out)",
                };
                view! {
                    <label class="radio">
                        <input
                            type="radio"
                            name="aggregation"
                            data-testid=format!("agg-{}", a.id())
                            checked=a == active
                            on:change=move |_| state.navigate(|r| r.aggregation = (a != file).then_some(a))
                        />
                        {text}
                        {(a == file).then_some(whose)}
                    </label>
                }
            })
            .collect_view()
}

/// The level diagram's order; `file` is the data file's (or the default), `whose` says so.
fn order_options(
    state: AppState,
    file: DiagramOrder,
    order: DiagramOrder,
    whose: &'static str,
) -> impl IntoView {
    DiagramOrder::ALL
        .into_iter()
        .map(|o| {
            let text = match o {
                DiagramOrder::RelationshipBase => {
                    "Relationship at the base (the model's foundation), Service on top"
                }
                DiagramOrder::ServiceBase => "Service at the base, Relationship on top",
            };
            view! {
                <label class="radio">
                    <input
                        type="radio"
                        name="diagram"
                        data-testid=format!("diagram-{}", o.id())
                        checked=o == order
                        on:change=move |_| state.navigate(|r| r.diagram = (o != file).then_some(o))
                    />
                    {text}
                    {(o == file).then_some(whose)}
                </label>
            }
        })
        .collect_view()
}

/// Each relationship type's rule in words, with the thresholds in force, in the order tried.
fn type_rules(t: &TypeThresholds) -> [(&'static str, String); 5] {
    [
        (
            "Opponent",
            format!(
                "Relationship < {:.2}, or Relationship < {:.2} and advocacy < {:.1}",
                t.opponent_relationship, t.opponent_relationship_low, t.opponent_advocacy
            ),
        ),
        (
            "Stalker",
            format!(
                "Value for money < {:.2} and Commitment < {:.2}",
                t.stalker_value_for_money, t.stalker_commitment
            ),
        ),
        (
            "Ambivalent",
            format!("|Solution − Service| ≥ {:.2}", t.ambivalent_gap),
        ),
        (
            "Ambassador",
            format!(
                "Relationship ≥ {:.2}, Uniqueness ≥ {:.2} and advocacy ≥ {:.1}",
                t.ambassador_relationship, t.ambassador_uniqueness, t.ambassador_advocacy
            ),
        ),
        ("Rational", "everything else".to_string()),
    ]
}
