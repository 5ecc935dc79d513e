//! The executive overview: headline numbers, relationship types and their movement,
//! the accounts that fell most, revenue in weak bands, and the sortable accounts table.

use std::collections::HashMap;

use leptos::prelude::*;

use super::components::{BandChip, ChangeBadge, Headline, Later, Panel, TypeChip};
use super::state::use_app;
use crate::engine::stats::welch;
use crate::engine::summary::{largest_falls, revenue_by_band, type_movement, TypeMovement};
use crate::engine::{AccountScores, Band, GroupScores, Metric, Portfolio, RelationshipType};
use crate::format;
use crate::route::SortKey;

/// The overview of the scope's latest (or chosen) wave.
#[component]
pub fn Overview() -> impl IntoView {
    let state = use_app();
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
                    <h2>{format!("{} — closed {}", wave.label, crate::engine::plan::human_date(wave.closed))}</h2>
                    <p class="muted">{format!("{since}. CRQ on the {}–{} scale, {agg_note}; * marks a significant change (p < 0.05).", p.data.scale.min, p.data.scale.max)}</p>
                </div>
                <div class="kpis">
                    <Headline
                        testid="headline-crq"
                        label="CRQ score"
                        text=format::score(crq.mean)
                        value=crq.mean
                        detail=format::interval(&crq)
                        change=change.as_ref().map(|c| *c.metric(Metric::Crq))
                        n_text=format!("{} accounts, {} responses", cur.n_accounts, cur.n_responses)
                        small=crq.is_small()
                    />
                    <Headline
                        testid="headline-nps"
                        label="Net Promoter Score"
                        text=format::nps(cur.nps.score)
                        value=cur.nps.score
                        detail=format::nps_interval(cur.nps.ci_low, cur.nps.ci_high)
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
                        <Fallers p=grid.0.clone() cur=grid.1.clone() prev=grid.2.clone()/>
                        <WeakRevenue p=grid.0.clone() cur=grid.1.clone()/>
                    </div>
                </Later>
                <Later defer=true>
                    <super::plans::PlanSummary/>
                </Later>
                <Later defer=true>
                    <AccountsTable p=loaded.clone() cur=cur.clone() prev=prev.clone()/>
                </Later>
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
                    <span class="mix-n">{format!("{c} ({:.0}%)", 100.0 * c as f64 / total as f64)}</span>
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
                        view! { <td class=class data-testid=format!("move-{}-{}", k1.id(), k2.id())>{c}</td> }
                    })
                    .collect_view();
                view! { <tr><th scope="row">{k1.label()}</th>{cells}</tr> }
            })
            .collect_view();
        view! {
            <p class="muted">{format!("{moved} account(s) changed type since the previous wave (rows: then, columns: now).")}</p>
            <table class="tbl mx" data-testid="type-movement">
                <thead><tr><th scope="col"><span class="visually-hidden">"Type then, by type now"</span></th>{header}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
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

/// The accounts whose CRQ fell most since the previous wave.
#[component]
fn Fallers(
    p: std::sync::Arc<super::state::Loaded>,
    cur: std::sync::Arc<GroupScores>,
    prev: Option<std::sync::Arc<GroupScores>>,
) -> impl IntoView {
    let state = use_app();
    let Some(prev) = prev else {
        return view! {
            <Panel title="Accounts that fell most".to_string()>
                <p class="muted">"This is the first wave: there is no earlier wave to compare with."</p>
            </Panel>
        }
        .into_any();
    };
    let falls = largest_falls(&cur, &prev, p.portfolio.data.accounts.len(), 5);
    let portfolio: &Portfolio = &p.portfolio;
    let rows = falls
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
        .collect_view();
    view! {
        <Panel title="Accounts that fell most".to_string()>
            <ol class="fall" data-testid="fallers">{rows}</ol>
            <p class="muted">"CRQ change since the previous wave; * significant (Welch, respondents as units)."</p>
        </Panel>
    }
    .into_any()
}

/// Revenue held by accounts in the weak bands.
#[component]
fn WeakRevenue(
    p: std::sync::Arc<super::state::Loaded>,
    cur: std::sync::Arc<GroupScores>,
) -> impl IntoView {
    let r = revenue_by_band(&cur, &p.portfolio.data.accounts);
    let (weak, share, unknown) = (r.weak(), r.weak_share(), r.unknown);
    let rows = Band::ALL
        .iter()
        .map(|&b| {
            let pct = r.percent(b);
            view! {
                <tr>
                    <td><BandChip band=Some(b)/></td>
                    <td class="num">{r.accounts[b as usize]}</td>
                    <td class="num">{format::money(r.revenue[b as usize])}</td>
                    <td class="bar-cell"><span class=format!("hbar band-{}", b.id()) style:width=format!("{pct:.1}%")></span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Panel title="Revenue in weak bands".to_string()>
            <p class="big" data-testid="weak-revenue" data-value=weak>
                {format::money(weak)}
                <span class="muted">{share.map(|s| format!(" · {:.0}% of surveyed revenue", s * 100.0))}</span>
            </p>
            <table class="tbl compact">
                <thead><tr><th>"Band"</th><th class="num">"Accounts"</th><th class="num">"Revenue"</th><th><span class="visually-hidden">"Share of revenue"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {(unknown > 0).then(|| view! { <p class="muted">{format!("{unknown} account(s) have no revenue in the data.")}</p> })}
        </Panel>
    }
}

/// Rows of the accounts table shown at first and added per "more".
const PAGE: usize = 100;
/// Portfolios with more accounts than this render the overview in two steps.
const LARGE: usize = 250;

/// One account of the table: its place in the group's scores, nothing copied.
#[derive(Clone, Copy)]
struct Row {
    /// Index into `GroupScores::accounts`.
    k: usize,
    /// CRQ in the previous wave, for the change (tested only for rows shown or exported).
    before: Option<crate::engine::Estimate>,
}

/// The table's rows with the data they point into.
struct Rows {
    p: std::sync::Arc<super::state::Loaded>,
    cur: std::sync::Arc<GroupScores>,
    rows: Vec<Row>,
}

impl Rows {
    fn scores(&self, r: &Row) -> &AccountScores {
        &self.cur.accounts[r.k]
    }

    fn account(&self, r: &Row) -> &crate::engine::Account {
        &self.p.portfolio.data.accounts[self.scores(r).account]
    }

    fn delta(&self, r: &Row) -> Option<f64> {
        Some(self.scores(r).metric(Metric::Crq).mean? - r.before?.mean?)
    }

    fn change(&self, r: &Row) -> crate::engine::Change {
        r.before
            .map(|b| welch(&b, self.scores(r).metric(Metric::Crq)))
            .unwrap_or_default()
    }
}

/// Table rows for accounts of the accounts table.
fn rows_view(state: super::state::AppState, all: &Rows, rows: &[Row]) -> impl IntoView {
    rows.iter()
        .map(|r| {
            let (acc, scores) = (all.account(r), all.scores(r));
            let crq = *scores.metric(Metric::Crq);
            let id = acc.id.clone();
            let id2 = acc.id.clone();
            let small = crq.is_small();
            view! {
                <tr
                    class="row-link"
                    class:row-small=small
                    data-testid="account-row"
                    data-account=acc.id.clone()
                    data-index=scores.account
                    on:click=move |_| state.open_account(&id)
                >
                    <td>
                        <button class="link" on:click=move |ev| {
                            ev.stop_propagation();
                            state.open_account(&id2);
                        }>{acc.name.clone()}</button>
                        <div class="muted small">{acc.owner.clone().unwrap_or_default()}</div>
                    </td>
                    <td>{acc.segment.clone().unwrap_or_default()}</td>
                    <td class="num" data-value=format::raw(crq.mean) title=format::interval(&crq)>
                        {format::score(crq.mean)}
                        {small.then(|| view! { <span class="muted small">{format!(" n={}", crq.n)}</span> })}
                    </td>
                    <td class="num"><ChangeBadge change=all.change(r)/></td>
                    <td class="num">{format::nps(scores.nps.score)}</td>
                    <td class="num">{acc.revenue.map(format::money).unwrap_or_else(|| "–".into())}</td>
                    <td><TypeChip kind=scores.kind()/></td>
                    <td><BandChip band=scores.band/></td>
                    <td class="num">{format::response_rate(scores.response_rate)}</td>
                </tr>
            }
        })
        .collect_view()
}

fn cmp_opt(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    // Missing values sort last in either direction handled by caller.
    match (a, b) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// Every account in scope; click a header to sort, a row to open the account.
#[component]
fn AccountsTable(
    p: std::sync::Arc<super::state::Loaded>,
    cur: std::sync::Arc<GroupScores>,
    prev: Option<std::sync::Arc<GroupScores>>,
) -> impl IntoView {
    let state = use_app();
    let large = p.portfolio.data.accounts.len() > LARGE;
    let before: HashMap<usize, &AccountScores> = prev
        .as_ref()
        .map(|g| g.accounts.iter().map(|a| (a.account, a)).collect())
        .unwrap_or_default();
    let rows: Vec<Row> = cur
        .accounts
        .iter()
        .enumerate()
        .map(|(k, a)| Row {
            k,
            before: before.get(&a.account).map(|b| *b.metric(Metric::Crq)),
        })
        .collect();
    let n_rows = rows.len();
    let rows = std::sync::Arc::new(Rows {
        p: p.clone(),
        cur: cur.clone(),
        rows,
    });
    let csv_rows = rows.clone();
    let shown = RwSignal::new(PAGE.min(n_rows));
    let wave_id = p.portfolio.data.waves[cur.wave].id.clone();
    let export_csv = move |_| {
        use crate::csv::{number_cell, text_cell, to_csv};
        let mut out = vec![[
            "account_id",
            "account",
            "segment",
            "owner",
            "crq",
            "crq_ci_low",
            "crq_ci_high",
            "crq_n",
            "crq_change",
            "crq_change_p",
            "nps",
            "revenue",
            "type",
            "band",
            "response_rate",
        ]
        .map(String::from)
        .to_vec()];
        for r in &csv_rows.rows {
            let (acc, scores) = (csv_rows.account(r), csv_rows.scores(r));
            let crq = scores.metric(Metric::Crq);
            let change = csv_rows.change(r);
            out.push(vec![
                text_cell(&acc.id),
                text_cell(&acc.name),
                text_cell(acc.segment.as_deref().unwrap_or_default()),
                text_cell(acc.owner.as_deref().unwrap_or_default()),
                number_cell(crq.mean),
                number_cell(crq.ci_low),
                number_cell(crq.ci_high),
                crq.n.to_string(),
                number_cell(change.delta),
                number_cell(change.p),
                number_cell(scores.nps.score),
                number_cell(acc.revenue),
                scores.kind().map_or("", |k| k.id()).to_string(),
                scores.band.map_or("", |b| b.id()).to_string(),
                number_cell(scores.response_rate),
            ]);
        }
        super::plans::download(
            &format!("rapport-accounts-{wave_id}.csv"),
            &to_csv(&out),
            "text/csv",
        );
    };
    // Only a change of sort order re-renders the table (not any change of the route).
    let sort = Memo::new(move |_| state.route.with(|r| r.sort));
    let table = move || {
        let sort = sort.get().unwrap_or_default();
        let (key, desc) = (sort.key, sort.descending);
        let all = &*rows;
        let limit = shown.get();
        // Each row's sort key worked out once (a comparison is then a look-up: at 44,000
        // accounts sorting took ~85 ms when comparisons looked the scores up).
        let text = |r: &Row| -> &str {
            let a = all.account(r);
            match key {
                SortKey::Segment => a.segment.as_deref().unwrap_or_default(),
                _ => &a.name,
            }
        };
        let number = |r: &Row| -> Option<f64> {
            let s = all.scores(r);
            match key {
                SortKey::Crq => s.metric(Metric::Crq).mean,
                SortKey::Change => all.delta(r),
                SortKey::Nps => s.nps.score,
                SortKey::Revenue => all.account(r).revenue,
                // Missing ranks first, as Option's order has it.
                SortKey::Type => Some(s.kind().map_or(-1.0, |k| f64::from(k as u8))),
                SortKey::Band => Some(s.band.map_or(-1.0, |b| f64::from(b as u8))),
                SortKey::Rate => s.response_rate,
                SortKey::Name | SortKey::Segment => None,
            }
        };
        let names: Vec<&str> = all
            .rows
            .iter()
            .map(|r| all.account(r).name.as_str())
            .collect();
        let texts: Vec<&str> = all.rows.iter().map(text).collect();
        let numbers: Vec<Option<f64>> = all.rows.iter().map(number).collect();
        let mut order: Vec<usize> = (0..all.rows.len()).collect();
        crate::engine::sort::sort_by(&mut order, |&x, &y| {
            let o = match key {
                SortKey::Name | SortKey::Segment => texts[x].cmp(texts[y]),
                _ => cmp_opt(numbers[x], numbers[y]),
            };
            let o = if desc { o.reverse() } else { o };
            o.then_with(|| names[x].cmp(names[y]))
        });
        let header = SortKey::ALL
        .into_iter()
        .map(|k| {
            let active = k == key;
            let next = sort.clicked(k);
            let aria = if active {
                if desc { "descending" } else { "ascending" }
            } else {
                "none"
            };
            view! {
                <th scope="col" aria-sort=aria class:num=k.is_numeric()>
                    <button
                        class="th-sort"
                        data-testid=format!("sort-{}", k.id())
                        on:click=move |_| state.navigate(|r| r.sort = Some(next))
                    >
                        {k.label()}
                        <span aria-hidden="true">{if active { if desc { " ▼" } else { " ▲" } } else { "" }}</span>
                    </button>
                </th>
            }
        })
        .collect_view();
        // Large portfolios page: the DOM holds at most `limit` rows. With many accounts the
        // second half of a page follows a frame later (each half is laid out on its own).
        let order: Vec<Row> = order.into_iter().take(limit).map(|i| all.rows[i]).collect();
        let split = if large {
            order.len().min(PAGE / 2)
        } else {
            order.len()
        };
        let rest = order[split..].to_vec();
        let first = rows_view(state, all, &order[..split]);
        let later = rows.clone();
        let body = view! {
            {first}
            <Later defer=large>{
                let (later, rest) = (later.clone(), rest.clone());
                move || rows_view(state, &later, &rest)
            }</Later>
        };
        view! {
            <table class="tbl accounts" data-testid="accounts-table">
                <thead><tr>{header}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        }
    };
    view! {
        <Panel title=format!("Accounts ({n_rows})") class="ov-table">
            <div class="tbl-scroll">{table}</div>
            <p class="muted">"Greyed rows rest on fewer than five respondents: read them as indicative."</p>
            <div class="pager no-print">
                <span class="muted">{move || format!("Showing {} of {n_rows}", shown.get())}</span>
                <Show when=move || { shown.get() < n_rows }>
                    <button class="btn btn-quiet" data-testid="more-rows" on:click=move |_| shown.update(|s| *s = (*s + PAGE).min(n_rows))>
                        {format!("Show {PAGE} more")}
                    </button>
                    {(n_rows <= 2000).then(|| view! {
                        <button class="btn btn-quiet" on:click=move |_| shown.set(n_rows)>"Show all"</button>
                    })}
                </Show>
                <button class="btn btn-quiet" data-testid="export-csv" on:click=export_csv>"Download CSV (all rows)"</button>
            </div>
        </Panel>
    }
}
