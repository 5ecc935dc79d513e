//! The accounts table: every account in scope, sortable by any column, paged, and
//! downloadable as CSV.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::browser::download;
use super::super::components::{BandChip, ChangeBadge, Later, Panel, TypeChip};
use super::super::state::{use_app, AppState, Loaded};
use crate::engine::stats::welch;
use crate::engine::{Account, AccountScores, Change, Estimate, GroupScores, Metric};
use crate::format;
use crate::route::{Sort, SortKey};

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
    before: Option<Estimate>,
}

/// The table's rows with the data they point into.
struct Rows {
    p: Arc<Loaded>,
    cur: Arc<GroupScores>,
    rows: Vec<Row>,
}

impl Rows {
    fn scores(&self, r: &Row) -> &AccountScores {
        &self.cur.accounts[r.k]
    }

    fn account(&self, r: &Row) -> &Account {
        &self.p.portfolio.data.accounts[self.scores(r).account]
    }

    fn delta(&self, r: &Row) -> Option<f64> {
        Some(self.scores(r).metric(Metric::Crq).mean? - r.before?.mean?)
    }

    fn change(&self, r: &Row) -> Change {
        r.before
            .map(|b| welch(&b, self.scores(r).metric(Metric::Crq)))
            .unwrap_or_default()
    }

    /// The table as CSV, every row in the group's order.
    fn csv(&self) -> String {
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
        for r in &self.rows {
            let (acc, scores) = (self.account(r), self.scores(r));
            let crq = scores.metric(Metric::Crq);
            let change = self.change(r);
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
        to_csv(&out)
    }

    /// The rows' positions in `sort`'s order (ties by name).
    fn order(&self, sort: Sort) -> Vec<usize> {
        let (key, desc) = (sort.key, sort.descending);
        // Each row's sort key worked out once (a comparison is then a look-up: at 44,000
        // accounts sorting took ~85 ms when comparisons looked the scores up).
        let text = |r: &Row| -> &str {
            let a = self.account(r);
            match key {
                SortKey::Segment => a.segment.as_deref().unwrap_or_default(),
                _ => &a.name,
            }
        };
        let number = |r: &Row| -> Option<f64> {
            let s = self.scores(r);
            match key {
                SortKey::Crq => s.metric(Metric::Crq).mean,
                SortKey::Change => self.delta(r),
                SortKey::Nps => s.nps.score,
                SortKey::Revenue => self.account(r).revenue,
                // Missing ranks first, as Option's order has it.
                SortKey::Type => Some(s.kind().map_or(-1.0, |k| f64::from(k as u8))),
                SortKey::Band => Some(s.band.map_or(-1.0, |b| f64::from(b as u8))),
                SortKey::Rate => s.response_rate,
                SortKey::Name | SortKey::Segment => None,
            }
        };
        let names: Vec<&str> = self
            .rows
            .iter()
            .map(|r| self.account(r).name.as_str())
            .collect();
        let texts: Vec<&str> = self.rows.iter().map(text).collect();
        let numbers: Vec<Option<f64>> = self.rows.iter().map(number).collect();
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        // Accounts without revenue sort last under a revenue sort, either way.
        let unknown_last = key == SortKey::Revenue;
        crate::engine::sort::sort_by(&mut order, |&x, &y| {
            let (ux, uy) = (numbers[x].is_none(), numbers[y].is_none());
            if unknown_last && ux != uy {
                return ux.cmp(&uy);
            }
            let o = match key {
                SortKey::Name | SortKey::Segment => texts[x].cmp(texts[y]),
                _ => cmp_opt(numbers[x], numbers[y]),
            };
            let o = if desc { o.reverse() } else { o };
            o.then_with(|| names[x].cmp(names[y]))
        });
        order
    }
}

/// The table's headings, each a button that sorts by its column.
fn sort_header(state: AppState, sort: Sort) -> impl IntoView {
    let (key, desc) = (sort.key, sort.descending);
    SortKey::ALL
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
        .collect_view()
}

/// Table rows for accounts of the accounts table.
fn rows_view(state: AppState, all: &Rows, rows: &[Row]) -> impl IntoView {
    let currency = state.loaded.with_untracked(|l| {
        l.as_ref()
            .and_then(|l| l.portfolio.data.model.currency.clone())
    });
    rows.iter()
        .map(|r| {
            let (acc, scores) = (all.account(r), all.scores(r));
            let crq = *scores.metric(Metric::Crq);
            let id = acc.id.clone();
            let (id2, id3) = (acc.id.clone(), acc.id.clone());
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
                        // A link (a new tab, a copied address); the row opens it too.
                        <a class="link" href=untrack(|| state.href(|r| r.open_account(&id3))) on:click=move |ev| {
                            ev.stop_propagation();
                            state.follow(&ev, |r| r.open_account(&id2));
                        }>{acc.name.clone()}</a>
                        <div class="muted small">{acc.owner.clone().unwrap_or_default()}</div>
                    </td>
                    <td>{acc.segment.clone().unwrap_or_default()}</td>
                    <td class="num" data-value=format::raw(crq.mean) title=format::interval(&crq)>
                        {format::score(crq.mean)}
                        {small.then(|| view! { <span class="muted small">{format!(" n={}", crq.n)}</span> })}
                    </td>
                    <td class="num"><ChangeBadge change=all.change(r)/></td>
                    <td class="num">{format::nps(scores.nps.score)}</td>
                    <td class="num">{acc.revenue.map_or_else(|| "–".into(), |r| format::money(r, currency.as_deref()))}</td>
                    <td><TypeChip kind=scores.kind()/></td>
                    <td><BandChip band=scores.band/></td>
                    <td class="num">{format::response_rate(scores.response_rate)}</td>
                </tr>
            }
        })
        .collect_view()
}

fn cmp_opt(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    // Missing after present; the caller reverses this for a descending sort (except under a
    // revenue sort, which keeps accounts without revenue last either way).
    match (a, b) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// Every account in scope; click a header to sort, a row to open the account.
#[component]
pub(super) fn AccountsTable(
    p: Arc<Loaded>,
    cur: Arc<GroupScores>,
    prev: Option<Arc<GroupScores>>,
) -> impl IntoView {
    let state = use_app();
    let large = p.portfolio.data.accounts.len() > LARGE;
    let before: crate::engine::hash::FxMap<usize, &AccountScores> = prev
        .as_ref()
        .map(|g| g.accounts.iter().map(|a| (a.account, a)).collect())
        .unwrap_or_default();
    // `?only=`: the accounts of one relationship type or band (the evidence's revenue
    // tables link here).
    let only = state.route.with_untracked(|r| r.only.clone());
    let rows: Vec<Row> = cur
        .accounts
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            let kind = |s: Option<&&AccountScores>| s.and_then(|s| s.kind()).map(|k| k.id());
            only.as_deref().is_none_or(|o| match o.split_once('>') {
                // A cell of the type movement: typed `from` in the wave before, `to` now.
                Some((from, to)) => {
                    kind(Some(a)) == Some(to) && kind(before.get(&a.account)) == Some(from)
                }
                None => kind(Some(a)) == Some(o) || a.band.map(|b| b.id()) == Some(o),
            })
        })
        .map(|(k, a)| Row {
            k,
            before: before.get(&a.account).map(|b| *b.metric(Metric::Crq)),
        })
        .collect();
    let n_rows = rows.len();
    let rows = Arc::new(Rows {
        p: p.clone(),
        cur: cur.clone(),
        rows,
    });
    let csv_rows = rows.clone();
    let shown = RwSignal::new(PAGE.min(n_rows));
    let wave_id = p.portfolio.data.waves[cur.wave].id.clone();
    let export_csv = move |_| {
        download(
            &format!("rapport-accounts-{wave_id}.csv"),
            &csv_rows.csv(),
            "text/csv",
        );
    };
    // Only a change of sort order re-renders the table (not any change of the route).
    let sort = Memo::new(move |_| state.route.with(|r| r.sort));
    let table = move || {
        let sort = sort.get().unwrap_or_default();
        let all = &*rows;
        let limit = shown.get();
        let order = all.order(sort);
        let header = sort_header(state, sort);
        // Large portfolios page: the DOM holds at most `limit` rows. With many accounts the
        // first quarter of a page is drawn with the sort (20 ms at 44,000 accounts), the
        // rest a frame later (each part laid out on its own).
        let order: Vec<Row> = order.into_iter().take(limit).map(|i| all.rows[i]).collect();
        let split = if large {
            order.len().min(PAGE / 4)
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
            {only.map(|o| view! {
                <p data-testid="accounts-only">
                    {format!("Only the accounts {} · ", match o.split_once('>') {
                        Some((from, to)) => format!("that moved from {from} to {to}"),
                        None => format!("typed or banded {}", o.replace('_', " ")),
                    })}
                    <button class="link" data-testid="accounts-all" on:click=move |_| state.navigate(|r| r.only = None)>"Show all"</button>
                </p>
            })}
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
