//! The overview's money and evidence (issue 15; README, "Figures beyond the SPEC"): where
//! the revenue sits by relationship type and by band, and how that moved; whose voice was
//! heard, wave by wave; the accounts whose type improved; and whether plans work. Each count
//! opens the list of its accounts, each account its view.

use leptos::prelude::*;
use rapport::app::components::Panel;
use rapport::app::state::{use_app, AppState};
use rapport::engine::model::{Band, Metric, RelationshipType};
use rapport::engine::model::{GoalScope, Measure, Verdict};
use rapport::engine::plan::{plan_effects, PlanEffect};
use rapport::engine::summary::{
    coverage, furthest_below, goal_checks, revenue_by_band, revenue_by_type, types_improved,
    GoalCheck, RevenueSplit,
};
use rapport::format;
use rapport::route::View;

/// What the targets and plans panels score groups of accounts for, worked out ahead of them.
#[derive(Clone, Copy)]
struct Worked {
    /// The targets checked in the wave on screen.
    checks: Memo<Vec<GoalCheck>>,
    /// The effects of the done actions.
    effects: Memo<Vec<PlanEffect>>,
}

/// The panels, each first built in a task of its own: at 100,000 responses the five built
/// in one task took 170 ms. What the targets and plans panels score (36–40 ms each there) is
/// worked out in a task before the one that builds them.
#[component]
pub fn OverviewEvidence() -> impl IntoView {
    let state = use_app();
    let checks = Memo::new(move |_| {
        let (Some(loaded), Some(scope)) = (state.loaded.get(), state.scope.get()) else {
            return Vec::new();
        };
        state
            .targets
            .with(|goals| goal_checks(&loaded.portfolio, goals, scope.wave, &scope.filter))
    });
    let effects = Memo::new(move |_| {
        let (Some(loaded), Some(scope)) = (state.loaded.get(), state.scope.get()) else {
            return Vec::new();
        };
        state
            .plans
            .with(|plans| plan_effects(&loaded.portfolio, plans, &scope.filter))
    });
    provide_context(Worked { checks, effects });
    let built = RwSignal::new(0);
    leptos::task::spawn_local(async move {
        // A task each: the targets' scores, then four panels, the plans' scores, the last.
        for step in 0..7 {
            rapport::app::browser::yield_now().await;
            let alive = match step {
                0 => checks.try_with_untracked(|_| ()),
                5 => effects.try_with_untracked(|_| ()),
                _ => built.try_update(|n| *n += 1),
            };
            if alive.is_none() {
                return; // The panels were taken away meanwhile.
            }
        }
    });
    // One closure type for the five (each kind of closure is code of its own).
    let after = |n, panel: fn() -> AnyView| {
        let shown = Memo::new(move |_| built.get() >= n);
        move || shown.get().then(panel)
    };
    view! {
        <div class="evidence-grid">
            {after(1, || view! { <Targets/> }.into_any())}
            {after(2, || view! { <RevenueSplits/> }.into_any())}
            {after(3, || view! { <CoveragePanel/> }.into_any())}
            {after(4, || view! { <TypesImproved/> }.into_any())}
            {after(5, || view! { <PlansWork/> }.into_any())}
        </div>
    }
}

/// A link to an account's view (through the page's history).
fn account_link(state: AppState, index: usize) -> impl IntoView {
    let (id, name) = state
        .loaded
        .with_untracked(|l| {
            l.as_ref().map(|l| {
                let a = &l.portfolio.data.accounts[index];
                (a.id.clone(), a.name.clone())
            })
        })
        .unwrap_or_default();
    let href = state.href(|r| r.open_account(&id));
    let to = href.clone();
    view! { <a href=href on:click=move |ev| crate::go(&ev, &to, None)>{name}</a> }
}

/// A list of accounts, each a link, under a summary that opens it.
fn account_list(state: AppState, label: String, accounts: Vec<usize>, testid: String) -> AnyView {
    if accounts.is_empty() {
        return view! { <p class="muted" data-testid=testid>{format!("{label}: none.")}</p> }
            .into_any();
    }
    let n = accounts.len();
    let items = accounts
        .into_iter()
        .map(|a| view! { <li>{account_link(state, a)}</li> })
        .collect_view();
    view! {
        <details class="ev-list" data-testid=testid data-count=n>
            <summary>{format!("{label}: {n}")}</summary>
            <ul class="ev-accounts">{items}</ul>
        </details>
    }
    .into_any()
}

/// Signed revenue: "+€1.2M", "−350K".
fn signed_money(v: f64, currency: Option<&str>) -> String {
    let sign = if v > 0.0 {
        "+"
    } else if v < 0.0 {
        "−"
    } else {
        ""
    };
    format!("{sign}{}", format::money(v.abs(), currency))
}

/// Revenue by relationship type and by band, now and its change since the wave before.
#[component]
fn RevenueSplits() -> impl IntoView {
    let state = use_app();
    move || {
        let loaded = state.loaded.get()?;
        let cur = state.current.get()?;
        let prev = state.previous.get();
        let p = &loaded.portfolio;
        let accounts = &p.data.accounts;
        let currency = p.data.model.currency.clone();
        let money = |v: f64| format::money(v, currency.as_deref());
        let by_type = revenue_by_type(&cur, accounts);
        let by_band = revenue_by_band(&cur, accounts);
        let was_type = prev.as_ref().map(|p| revenue_by_type(p, accounts));
        let was_band = prev.as_ref().map(|p| revenue_by_band(p, accounts));
        let since = prev
            .as_ref()
            .map(|p| format!("Change since {}", p_label(&loaded.portfolio, p.wave)));
        let table = |by_type: bool,
                     labels: Vec<(&'static str, &'static str)>,
                     now: &dyn Split,
                     was: Option<&dyn Split>| {
            let rows = labels
                .into_iter()
                .enumerate()
                .map(|(k, (label, class_id))| {
                    let revenue = now.revenue(k);
                    let change = was.map(|w| revenue - w.revenue(k));
                    let n = now.accounts(k);
                    let id = format!("{}-{class_id}", if by_type { "type" } else { "band" });
                    let only = class_id.to_string();
                    let href = state.href(|r| r.only = Some(only));
                    let to = href.clone();
                    view! {
                        <tr data-testid=format!("revenue-{id}") data-value=format::raw(Some(revenue))>
                            <th scope="row">
                                <a href=href on:click=move |ev| crate::go(&ev, &to, Some("[data-testid=accounts-table]"))
                                    title="Show these accounts in the accounts table">{label}</a>
                            </th>
                            <td class="num">{n}</td>
                            <td class="num">{money(revenue)}</td>
                            <td class="num">{format!("{:.0}%", now.percent(k))}</td>
                            {since.is_some().then(|| view! {
                                <td class="num" data-testid=format!("revenue-{id}-change") data-value=format::raw(change)>
                                    {change.map_or("–".to_string(), |c| signed_money(c, currency.as_deref()))}
                                </td>
                            })}
                        </tr>
                    }
                })
                .collect_view();
            let head = since.clone().map(|s| view! { <th class="num">{s}</th> });
            view! {
                <table class="tbl">
                    <thead><tr>
                        <th>{if by_type { "Relationship type" } else { "Band" }}</th>
                        <th class="num">"Accounts"</th><th class="num">"Revenue"</th><th class="num">"Share"</th>
                        {head}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        };
        let types = table(
            true,
            RelationshipType::ALL
                .iter()
                .map(|t| (t.label(), t.id()))
                .collect(),
            &by_type,
            was_type.as_ref().map(|w| w as &dyn Split),
        );
        let bands = table(
            false,
            Band::ALL.iter().map(|b| (b.label(), b.id())).collect(),
            &by_band,
            was_band.as_ref().map(|w| w as &dyn Split),
        );
        let at_risk = by_type.at_risk();
        let risk_change = was_type.as_ref().map(|w| at_risk - w.at_risk());
        let unknown = by_type.unknown;
        let headline = money(at_risk);
        let detail = format!(
            " at risk with opponents and stalkers ({}% of the revenue){}",
            by_type
                .at_risk_share()
                .map_or("–".to_string(), |s| format!("{:.0}", 100.0 * s)),
            risk_change.map_or(".".to_string(), |c| format!(
                ", {} since the wave before.",
                signed_money(c, currency.as_deref())
            ))
        );
        Some(view! {
            <Panel title="Revenue by relationship type and band".to_string() class="ev-revenue">
                <p data-testid="revenue-at-risk-detail" data-value=format::raw(Some(at_risk))>
                    <strong>{headline}</strong>
                    {detail}
                </p>
                <div class="tbl-scroll">{types}</div>
                <div class="tbl-scroll">{bands}</div>
                {(unknown > 0).then(|| view! {
                    <p class="muted">{format!("{unknown} scored accounts have no revenue in the data file and are not counted here.")}</p>
                })}
                <p class="muted no-print">"Choose a type or band to see its accounts in the accounts table."</p>
            </Panel>
        })
    }
}

/// What the tables read of a revenue split (by type or by band).
trait Split {
    fn revenue(&self, class: usize) -> f64;
    fn accounts(&self, class: usize) -> usize;
    fn percent(&self, class: usize) -> f64;
}

impl<const N: usize> Split for RevenueSplit<N> {
    fn revenue(&self, class: usize) -> f64 {
        self.revenue[class]
    }
    fn accounts(&self, class: usize) -> usize {
        self.accounts[class]
    }
    fn percent(&self, class: usize) -> f64 {
        RevenueSplit::percent(self, class)
    }
}

pub(crate) fn p_label(p: &rapport::engine::Portfolio, wave: usize) -> String {
    p.data.waves[wave].label.clone()
}

/// Coverage: whose voice was heard in the wave, its trend over the waves, and the silent
/// accounts and those without a decision maker answering.
#[component]
fn CoveragePanel() -> impl IntoView {
    let state = use_app();
    move || {
        let loaded = state.loaded.get()?;
        let scope = state.scope.get()?;
        let p = &loaded.portfolio;
        let currency = p.data.model.currency.clone();
        let money = |v: f64| format::money(v, currency.as_deref());
        let share = |s: Option<f64>| s.map_or("–".to_string(), |s| format!("{:.0}%", 100.0 * s));
        let waves: Vec<_> = (0..=scope.wave)
            .map(|w| coverage(p, w, &scope.filter))
            .collect();
        let now = waves.last()?.clone();
        let rows = waves
            .iter()
            .rev()
            .map(|c| view! {
                <tr data-testid=format!("coverage-wave-{}", c.wave)>
                    <th scope="row">{p_label(p, c.wave)}</th>
                    <td class="num">{format!("{} of {}", c.heard, c.expected)}</td>
                    <td class="num" data-value=format::raw(c.revenue_share())>{share(c.revenue_share())}</td>
                    <td class="num">{c.silent.len()}</td>
                    <td class="num">{c.no_decision_maker.len()}</td>
                </tr>
            })
            .collect_view();
        let headline = share(now.revenue_share());
        let detail = format!(
            " of the revenue heard in {} ({} of {}); {} of {} accounts answered.",
            p_label(p, now.wave),
            money(now.revenue_heard),
            money(now.revenue_expected),
            now.heard,
            now.expected
        );
        Some(view! {
            <Panel title="Coverage: whose voice was heard".to_string() class="ev-coverage">
                <p data-testid="coverage-revenue" data-value=format::raw(now.revenue_share())>
                    <strong>{headline}</strong>
                    {detail}
                </p>
                {(now.unknown_revenue > 0).then(|| view! {
                    <p class="muted">{format!("{} of the accounts expected have no revenue in the data file.", now.unknown_revenue)}</p>
                })}
                {account_list(state, "Silent accounts (invited, no valid response)".to_string(), now.silent.clone(), "coverage-silent".to_string())}
                {account_list(state, "Heard without a decision maker".to_string(), now.no_decision_maker.clone(), "coverage-no-dm".to_string())}
                <div class="tbl-scroll">
                    <table class="tbl" data-testid="coverage-trend">
                        <thead><tr><th>"Wave"</th><th class="num">"Accounts heard"</th><th class="num">"Revenue heard"</th><th class="num">"Silent"</th><th class="num">"No decision maker"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <p class="muted">"Silence is a risk signal: an account that does not answer may be worse off than one that complains."</p>
            </Panel>
        })
    }
}

/// The accounts whose relationship type improved since the wave before.
#[component]
fn TypesImproved() -> impl IntoView {
    let state = use_app();
    move || {
        let loaded = state.loaded.get()?;
        let cur = state.current.get()?;
        let prev = state.previous.get()?;
        let steps = types_improved(&cur, &prev, loaded.portfolio.data.accounts.len());
        let n = steps.len();
        let body = if steps.is_empty() {
            view! { <p class="muted">"No account's relationship type improved since the wave before."</p> }.into_any()
        } else {
            let items = steps
                .into_iter()
                .map(|s| view! {
                    <li>{account_link(state, s.account)}{format!(": {} → {}", s.from.label(), s.to.label())}</li>
                })
                .collect_view();
            view! { <ul class="ev-accounts">{items}</ul> }.into_any()
        };
        Some(view! {
            <Panel title="Relationships that improved".to_string() class="ev-improved">
                <div data-testid="types-improved" data-count=n>{body}</div>
            </Panel>
        })
    }
}

/// Whether plans work: for each dimension acted on (done actions), the next wave's change in
/// the accounts that acted against the others, with the actions counted.
#[component]
fn PlansWork() -> impl IntoView {
    let state = use_app();
    let worked = expect_context::<Worked>();
    move || {
        let loaded = state.loaded.get()?;
        let plans = state.plans.get();
        let p = &loaded.portfolio;
        let effects = worked.effects.get();
        let body = if effects.is_empty() {
            view! { <p class="muted">"No dimension has a done action followed by a wave yet: mark actions done in the account plans to see whether they work."</p> }.into_any()
        } else {
            effects
                .into_iter()
                .map(|e| {
                    let what = Metric::from(e.target).label().to_lowercase();
                    let f2 = |v: f64| format::fixed(v, 2);
                    let change = |v: Option<f64>| v.map_or("–".to_string(), |v| format::signed(v, 2));
                    let accounts = |n: usize| if n == 1 { "1 account".to_string() } else { format!("{n} accounts") };
                    let (from, to) = (p_label(p, e.from), p_label(p, e.to));
                    let sentence = match (e.difference.delta, e.ci) {
                        (Some(d), Some((lo, hi))) => format!(
                            "From {from} to {to}, the {} that acted on {what} changed it by {}, the {} that did not by {}: a difference of {} (95% CI {} to {}, {}).",
                            accounts(e.acted.n), change(e.acted.mean), accounts(e.others.n),
                            change(e.others.mean), format::signed(d, 2), f2(lo), f2(hi),
                            format::p_value(e.difference.p),
                        ),
                        _ => format!(
                            "From {from} to {to}: {} acted on {what} and {} did not, too few to compare (at least 2 on each side).",
                            accounts(e.acted.n), accounts(e.others.n),
                        ),
                    };
                    let actions = e
                        .actions
                        .iter()
                        .filter_map(|&i| plans.get(i))
                        .map(|a| {
                            let account = p.data.accounts.iter().position(|x| x.id == a.account);
                            view! {
                                <li>{a.title.clone()}" — "{account.map(|i| account_link(state, i))}</li>
                            }
                        })
                        .collect_view();
                    let n = e.actions.len();
                    view! {
                        <div class="ev-effect" data-testid=format!("plan-effect-{}", e.target.id()) data-value=format::raw(e.difference.delta)>
                            <p class:ev-significant=e.difference.significant>{sentence}</p>
                            <details class="ev-list">
                                <summary>{if n == 1 { "The done action counted".to_string() } else { format!("The {n} done actions counted") }}</summary>
                                <ul class="ev-accounts">{actions}</ul>
                            </details>
                        </div>
                    }
                })
                .collect_view()
                .into_any()
        };
        Some(view! {
            <Panel title="Do improvement plans work?".to_string() class="ev-plans">
                <span id="plans-work"></span>
                {body}
                <p class="muted">"Accounts as units, Welch's test. Accounts that acted chose to: an association, not a proven cause."</p>
            </Panel>
        })
    }
}

/// A score against its target in words, with the verdict marked: "5.51 (95% CI 5.34 to 5.67),
/// not distinguishable from target".
pub fn goal_score(measure: Measure, c: &GoalCheck) -> String {
    let f = |v: Option<f64>| match measure {
        Measure::Nps => format::nps(v),
        Measure::Metric(_) => format::score(v),
    };
    match c.verdict {
        Some(v) => format!(
            "{} (95% CI {} to {}), {}",
            f(c.score),
            f(c.ci_low),
            f(c.ci_high),
            v.words()
        ),
        None if c.score.is_some() => format!("{}: too few responses to compare", f(c.score)),
        None => "no score".to_string(),
    }
}

/// The class marking a verdict.
pub fn verdict_class(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Above) => "goal goal-above",
        Some(Verdict::Below) => "goal goal-below",
        Some(Verdict::Level) => "goal goal-level",
        None => "goal",
    }
}

/// The targets that apply to the scope on screen (those in force: set in the app, or the
/// data file's `model.targets`), each score against its target given its 95% interval, and
/// the accounts furthest below target.
#[component]
fn Targets() -> impl IntoView {
    let state = use_app();
    let worked = expect_context::<Worked>();
    move || {
        let loaded = state.loaded.get()?;
        let scope = state.scope.get()?;
        let p = &loaded.portfolio;
        let goals = state.targets.get();
        let set_them = view! {
            <a href=state.href(|r| r.view = View::Settings) data-testid="targets-edit"
                on:click=move |ev| crate::go(&ev, &state.href(|r| r.view = View::Settings), Some("#targets"))>
                "Set targets in the Model view"
            </a>
        };
        // Targets saved in this browser that cannot be used: said here, where they would show
        // (the Model view says what is wrong with each).
        let unusable = state.targets_notice.get().map(|why| view! {
            <p class="fail" role="status" data-testid="targets-unreadable">
                {format!("The targets saved in this browser are not used ({why}): the data file's are shown, and the saved ones are kept as they were. ")}
                <a href=state.href(|r| r.view = View::Settings)
                    on:click=move |ev| crate::go(&ev, &state.href(|r| r.view = View::Settings), Some("#targets"))>
                    "See what is wrong and mend them in the Model view"
                </a>"."
            </p>
        });
        if goals.is_empty() {
            return Some(view! {
                <Panel title="Targets".to_string() class="ev-targets">
                    {unusable}
                    <p class="muted" data-testid="targets-none">"No targets are set: a CRQ, NPS, level or dimension value for the portfolio, a segment, an owner or an account, in every wave or one. "{set_them}"."</p>
                </Panel>
            }
            .into_any());
        }
        let checks = worked.checks.get();
        let group_rows = checks
            .iter()
            .filter(|c| !matches!(goals[c.goal].scope, GoalScope::Account(_)))
            .map(|c| {
                let g = &goals[c.goal];
                let whose = match &g.scope {
                    GoalScope::Portfolio => "Portfolio".to_string(),
                    GoalScope::Segment(s) => format!("Segment {s}"),
                    GoalScope::Owner(o) => format!("Owner {o}"),
                    GoalScope::Account(a) => a.clone(),
                };
                let value = match g.measure {
                    Measure::Nps => format::nps(Some(g.value)),
                    Measure::Metric(_) => format::score(Some(g.value)),
                };
                view! {
                    <tr data-testid=format!("target-{}", c.goal) data-verdict=c.verdict.map_or("", |v| v.words()) data-value=format::raw(c.score)>
                        <th scope="row">{format!("{} · {whose}", g.measure.label())}</th>
                        <td class="num">{value}</td>
                        <td class=verdict_class(c.verdict)>{goal_score(g.measure, c)}</td>
                    </tr>
                }
            })
            .collect_view();
        let below = furthest_below(&goals, &checks);
        let n_accounts = checks
            .iter()
            .filter(|c| matches!(goals[c.goal].scope, GoalScope::Account(_)))
            .count();
        let below_rows = below
            .iter()
            .map(|c| {
                let g = &goals[c.goal];
                let index = match &g.scope {
                    GoalScope::Account(a) => p.data.accounts.iter().position(|x| &x.id == a),
                    _ => None,
                };
                view! {
                    <li data-testid="target-below" data-goal=c.goal data-gap=format::raw(c.gap)>
                        {index.map(|i| account_link(state, i))}
                        {format!(
                            ": {} {} against a target of {} ({})",
                            g.measure.label(),
                            format::signed(c.gap.unwrap_or(0.0), 2),
                            format::score(Some(g.value)),
                            c.verdict.map_or("too few responses to compare", |v| v.words())
                        )}
                    </li>
                }
            })
            .collect_view();
        let n_below = below.len();
        Some(view! {
            <Panel title=format!("Targets — {}", p_label(p, scope.wave)) class="ev-targets">
                {unusable}
                <div class="tbl-scroll">
                    <table class="tbl" data-testid="targets">
                        <thead><tr><th>"Target"</th><th class="num">"Value"</th><th>"Score against it"</th></tr></thead>
                        <tbody>{group_rows}</tbody>
                    </table>
                </div>
                <h3 class="ev-sub">{format!("Accounts furthest below target ({n_below} of {n_accounts} with a target)")}</h3>
                {if n_below == 0 {
                    view! { <p class="muted" data-testid="targets-below-none">"No account in scope is below its target."</p> }.into_any()
                } else {
                    view! { <ol class="ev-accounts" data-testid="targets-below">{below_rows}</ol> }.into_any()
                }}
                <p class="muted">"Above or below: the score's whole 95% interval is above or below the target; otherwise the two are not distinguishable with this many responses. "{set_them}"."</p>
            </Panel>
        }
        .into_any())
    }
}
