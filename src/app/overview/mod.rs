//! The executive overview: headline numbers, relationship types and their movement,
//! the accounts that fell most, revenue in weak bands, and the accounts table (`accounts_table`).

use leptos::prelude::*;

mod accounts_table;

use accounts_table::AccountsTable;

use super::components::{BandChip, ChangeBadge, Headline, Later, Panel, TypeChip};
use super::state::use_app;
use crate::engine::model::{Measure, Verdict};
use crate::engine::summary::{
    headline_target, largest_falls, largest_rises, revenue_by_band, revenue_by_type, type_movement,
    Move, TypeMovement,
};
use crate::engine::{Band, GroupScores, Metric, Portfolio, RelationshipType};
use crate::format;
use crate::route::View;

/// The overview of the scope's latest (or chosen) wave.
#[component]
pub fn Overview() -> impl IntoView {
    let state = use_app();
    let only = Memo::new(move |_| state.route.with(|r| r.only.clone()));
    move || {
        let (Some(cur), Some(loaded)) = (state.current.get(), state.loaded.get()) else {
            return view! { <p class="empty">"No data."</p> }.into_any();
        };
        let prev = state.previous.get();
        let change = state.change.get();
        let p = &loaded.portfolio;
        let wave = &p.data.waves[cur.wave];
        if cur.n_responses == 0 {
            return view! {
                <div class="empty" data-testid="empty-state">
                    <h2>{format!("No responses in {} for these filters", wave.label)}</h2>
                    <p>"Choose another wave, or clear the filters."</p>
                </div>
            }
            .into_any();
        }
        let crq = *cur.metric(Metric::Crq);
        let prev_label = prev.as_ref().map(|g| p.data.waves[g.wave].label.clone());
        let since = prev_label.as_ref().map_or_else(
            || "First wave: nothing to compare with yet".to_string(),
            |l| format!("Change since {l}"),
        );
        // The target of the scope on screen, after a headline's interval (README, Targets).
        // Judged by the headline's own interval (as aggregated on screen), not scored again.
        let target = |m: Measure| {
            let s = state.scope.get()?;
            let value = state
                .targets
                .with(|g| Some(g[headline_target(p, g, cur.wave, &s.filter, m)?].value))?;
            let crq = cur.metric(Metric::Crq);
            let (low, high) = match m {
                Measure::Nps => (cur.nps.ci_low, cur.nps.ci_high),
                Measure::Metric(_) => (crq.ci_low, crq.ci_high),
            };
            Some(format!(
                " · target {}: {}",
                format::fixed(value, if m == Measure::Nps { 0 } else { 2 }),
                Verdict::of(low, high, value).map_or("too few responses to compare", |v| v.words())
            ))
        };
        let agg_note = match state.scope.get().map(|s| s.aggregation) {
            Some(crate::engine::Aggregation::Account) => "each account counts once",
            Some(crate::engine::Aggregation::Respondent) => "weighted by respondent",
            Some(crate::engine::Aggregation::Revenue) => "weighted by revenue",
            None => "",
        };
        let grid = (loaded.clone(), cur.clone(), prev.clone());
        let mix = type_movement(&cur, prev.as_deref(), p.data.accounts.len());
        view! {
            <div class="ov">
                <div class="ov-intro">
                    <h2>{format!("{} — closed {}", wave.label, format::date(wave.closed))}</h2>
                    <p class="muted">{format!("{since}. CRQ on the {}–{} scale, {agg_note}; * marks a significant change (p < 0.05).", p.data.scale.min, p.data.scale.max)}</p>
                    <a
                        class="link no-print ov-board"
                        data-testid="board-link"
                        href=move || state.href(|r| r.view = View::Board)
                        on:click=move |ev| state.follow(&ev, |r| r.view = View::Board)
                    >
                        "Board pack"
                    </a>
                </div>
                <div class="kpis">
                    <Headline
                        testid="headline-crq"
                        label="CRQ score"
                        text=format::score(crq.mean)
                        value=crq.mean
                        detail=format::interval(&crq) + &target(Measure::Metric(Metric::Crq)).unwrap_or_default()
                        change=change.as_ref().map(|c| *c.metric(Metric::Crq))
                        n_text=format!("{} accounts, {} responses", cur.n_accounts, cur.n_responses)
                        small=crq.is_small()
                    />
                    <Headline
                        testid="headline-nps"
                        label="Net Promoter Score"
                        text=format::nps(cur.nps.score)
                        value=cur.nps.score
                        detail=format::nps_interval(cur.nps.ci_low, cur.nps.ci_high) + &target(Measure::Nps).unwrap_or_default()
                        change=change.as_ref().map(|c| c.nps)
                        decimals=0
                        n_text=format!(
                            "{} answers: {} promoters, {} passives, {} detractors",
                            cur.nps.n,
                            cur.nps.promoters,
                            cur.nps.passives,
                            cur.nps.detractors,
                        )
                        small=cur.nps.is_small()
                    />
                    <Headline
                        testid="headline-response-rate"
                        label="Response rate"
                        text=format::response_rate(cur.response_rate)
                        value=cur.response_rate
                        detail=response_rate_detail(&cur, prev.as_deref())
                        n_text="of people invited, where the count is known".to_string()
                    />
                </div>
                // The rest follows in steps a frame apart, each a task of its own: the
                // summaries, then plans, then the table (so no step is a long task).
                <Later defer=true>
                    <div class="ov-grid">
                        <TypeMix mix=mix.clone()/>
                        <Movers p=grid.0.clone() cur=grid.1.clone() prev=grid.2.clone()/>
                        <RevenueAtRisk p=grid.0.clone() cur=grid.1.clone() prev=grid.2.clone()/>
                    </div>
                </Later>
                <Later defer=true>
                    <super::plans::PlanSummary/>
                </Later>
                <Later defer=true>
                    <super::evidence::Evidence/>
                </Later>
                <Later defer=true>{
                    let (p, cur, prev) = (loaded.clone(), cur.clone(), prev.clone());
                    move || {
                        // Read (not just tracked) so that the memo runs and follows the route.
                        let _ = only.get();
                        view! { <AccountsTable p=p.clone() cur=cur.clone() prev=prev.clone()/> }
                    }
                }</Later>
            </div>
        }
        .into_any()
    }
}

fn response_rate_detail(cur: &GroupScores, prev: Option<&GroupScores>) -> String {
    match (cur.response_rate, prev.and_then(|p| p.response_rate)) {
        (Some(c), Some(p)) => format!(
            "{} points since the previous wave",
            format::delta(Some((c - p) * 100.0), 0)
        ),
        (None, _) => "No invitation counts for this wave".to_string(),
        _ => "Typical B2B response rates: 26–50%".to_string(),
    }
}

/// Relationship-type mix, and how accounts moved between types since the previous wave.
#[component]
fn TypeMix(mix: TypeMovement) -> impl IntoView {
    let state = use_app();
    let total = mix.typed.max(1);
    let counts: Vec<(RelationshipType, usize)> = RelationshipType::ALL
        .iter()
        .map(|&k| (k, mix.counts[k as usize]))
        .collect();
    let bar = counts
        .iter()
        .filter(|(_, c)| *c > 0)
        .map(|&(k, c)| {
            let pct = 100.0 * c as f64 / total as f64;
            view! {
                <div class=format!("mix-seg type-{}", k.id()) style:width=format!("{pct:.2}%") title=format!("{}: {c}", k.label())>
                    {(pct >= 9.0).then(|| format!("{c}"))}
                </div>
            }
        })
        .collect_view();
    let legend = counts
        .iter()
        .map(|&(k, c)| {
            view! {
                <li data-testid=format!("type-count-{}", k.id()) data-value=c>
                    <TypeChip kind=Some(k)/>
                    <span class="mix-n">{format!("{c} ({})", format::share(c as f64 / total as f64))}</span>
                </li>
            }
        })
        .collect_view();
    let moved = mix.moved;
    let matrix = mix.moves.map(|m| {
        let header = RelationshipType::ALL
            .iter()
            .map(|k| view! { <th scope="col">{k.label()}</th> })
            .collect_view();
        let rows = RelationshipType::ALL
            .iter()
            .map(|&k1| {
                let cells = RelationshipType::ALL
                    .iter()
                    .map(|&k2| {
                        let c = m[k1 as usize][k2 as usize];
                        let class = if c == 0 {
                            "mx-zero"
                        } else if k1 == k2 {
                            "mx-same"
                        } else if (k2 as usize) < (k1 as usize) {
                            "mx-better"
                        } else {
                            "mx-worse"
                        };
                        // A count opens its accounts in the accounts table.
                        let only = format!("{}>{}", k1.id(), k2.id());
                        let go = only.clone();
                        let href = state.href(|r| r.only = Some(only));
                        view! {
                            <td class=class data-testid=format!("move-{}-{}", k1.id(), k2.id())>
                                {if c == 0 {
                                    c.into_any()
                                } else {
                                    view! { <a href=href on:click=move |ev| {
                                        state.follow(&ev, |r| r.only = Some(go.clone()));
                                        super::browser::settle(|| {
                                            let table = document().query_selector("[data-testid=accounts-table]");
                                            table.ok().flatten().map(|t| t.scroll_into_view()).is_some()
                                        });
                                    }>{c}</a> }.into_any()
                                }}
                            </td>
                        }
                    })
                    .collect_view();
                view! { <tr><th scope="row">{k1.label()}</th>{cells}</tr> }
            })
            .collect_view();
        view! {
            <p class="muted">{format!("{moved} account(s) changed type since the previous wave (rows: then, columns: now).")}</p>
            <div class="tbl-scroll">
                <table class="tbl mx" data-testid="type-movement">
                    <thead><tr><th scope="col"><span class="visually-hidden">"Type then, by type now"</span></th>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    view! {
        <Panel title="Relationship types".to_string() class="ov-types">
            <div class="mix" role="img" aria-label="Relationship type mix">{bar}</div>
            <ul class="mix-legend">{legend}</ul>
            {matrix}
        </Panel>
    }
}

/// The accounts whose CRQ fell most since the previous wave, and those that rose most.
#[component]
fn Movers(
    p: std::sync::Arc<super::state::Loaded>,
    cur: std::sync::Arc<GroupScores>,
    prev: Option<std::sync::Arc<GroupScores>>,
) -> impl IntoView {
    let state = use_app();
    let portfolio: &Portfolio = &p.portfolio;
    let n = portfolio.data.accounts.len();
    let list = |largest: fn(&GroupScores, &GroupScores, usize, usize) -> Vec<Move>| {
        // In the first wave there is nothing to compare with: both lists are empty.
        let moves = prev
            .as_deref()
            .map_or_else(Vec::new, |prev| largest(&cur, prev, n, 5));
        moves
            .into_iter()
            .map(|f| {
                let acc = &portfolio.data.accounts[f.account];
                let id = acc.id.clone();
                view! {
                    <li>
                        <button class="link" on:click=move |_| state.open_account(&id)>{acc.name.clone()}</button>
                        <ChangeBadge change=f.change/>
                    </li>
                }
            })
            .collect_view()
    };
    let (fell, rose) = (list(largest_falls), list(largest_rises));
    view! {
        <Panel title="Accounts that moved most".to_string()>
            <h3 class="pnl-sub">"Fell most"</h3>
            <ol class="fall" data-testid="fallers">{fell}</ol>
            <h3 class="pnl-sub">"Rose most"</h3>
            <ol class="fall" data-testid="risers">{rose}</ol>
            <p class="muted">
                {if prev.is_some() {
                    "CRQ change since the previous wave; * significant (Welch, respondents as units)."
                } else {
                    "First wave: nothing to compare with yet"
                }}
            </p>
        </Panel>
    }
}

/// The revenue at risk (opponents and stalkers, whatever their band) with its change since
/// the previous wave, and the revenue in the weak bands.
#[component]
fn RevenueAtRisk(
    p: std::sync::Arc<super::state::Loaded>,
    cur: std::sync::Arc<GroupScores>,
    prev: Option<std::sync::Arc<GroupScores>>,
) -> impl IntoView {
    let accounts = &p.portfolio.data.accounts;
    let r = revenue_by_band(&cur, accounts);
    let at_risk = revenue_by_type(&cur, accounts).at_risk();
    let risk_change = prev
        .as_deref()
        .map(|g| at_risk - revenue_by_type(g, accounts).at_risk());
    let (weak, share, unknown) = (r.weak(), r.weak_share(), r.unknown);
    let currency = p.portfolio.data.model.currency.clone();
    let money = move |v| format::money(v, currency.as_deref());
    let rows = Band::ALL
        .iter()
        .map(|&b| {
            let pct = r.percent(b as usize);
            view! {
                <tr>
                    <td><BandChip band=Some(b)/></td>
                    <td class="num">{r.accounts[b as usize]}</td>
                    <td class="num">{money(r.revenue[b as usize])}</td>
                    <td class="bar-cell"><span class=format!("hbar band-{}", b.id()) style:width=format!("{pct:.1}%")></span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Panel title="Revenue at risk".to_string()>
            <p class="big" data-testid="revenue-at-risk" data-value=at_risk>{money(at_risk)}</p>
            <p class="muted">
                "Opponents and stalkers, whatever their band"
                {risk_change.map(|d| view! {
                    "; "<span data-testid="revenue-at-risk-change" data-value=d>{if d < 0.0 { "−" } else if d > 0.0 { "+" } else { "±" }}{money(d.abs())}</span>" since the previous wave"
                })}
            </p>
            <p class="sub" data-testid="weak-revenue" data-value=weak>
                {money(weak)}
                <span class="muted">" in weak bands"{share.map(|s| format!(" · {} of surveyed revenue", format::share(s)))}</span>
            </p>
            <table class="tbl compact">
                <thead><tr><th>"Band"</th><th class="num">"Accounts"</th><th class="num">"Revenue"</th><th><span class="visually-hidden">"Share of revenue"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {(unknown > 0).then(|| view! { <p class="muted">{format!("{unknown} account(s) have no revenue in the data.")}</p> })}
        </Panel>
    }
}
