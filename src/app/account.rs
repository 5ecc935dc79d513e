//! The account view for account teams: level diagram and trends of one account, its
//! relationship type with the reasons, respondents by role, comments, and its improvement plan.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::components::{BandChip, Headline, Panel, TypeChip};
use super::diagram::{BlockDetail, DiagramData, LevelDiagram};
use super::state::use_app;
use super::trends::TrendChart;
use crate::chart::{trend_series, TrendMetric};
use crate::engine::score::TypeVerdict;
use crate::engine::{Aggregation, Filter, Level, Metric, Portfolio, Role};
use crate::format;

/// Comments longer than this are shortened, with a control to show all.
const COMMENT_PREVIEW: usize = 280;

#[component]
pub fn AccountView() -> impl IntoView {
    let state = use_app();
    let index = Memo::new(move |_| {
        let loaded = state.loaded.get()?;
        let id = state.route.with(|r| r.account.clone())?;
        loaded.portfolio.data.account_index(&id)
    });
    move || match index.get() {
        Some(i) => view! { <AccountPage index=i/> }.into_any(),
        None => view! { <AccountPicker/> }.into_any(),
    }
}

/// Shown when no (or an unknown) account is chosen.
#[component]
fn AccountPicker() -> impl IntoView {
    let state = use_app();
    let unknown = state.route.with_untracked(|r| r.account.clone());
    let accounts = state.loaded.with_untracked(|l| {
        let mut v: Vec<(String, String)> = l
            .as_ref()
            .map(|l| {
                l.portfolio
                    .data
                    .accounts
                    .iter()
                    .map(|a| (a.id.clone(), a.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        crate::engine::sort::sort_by(&mut v, |a, b| a.1.cmp(&b.1));
        v
    });
    view! {
        <Panel title="Choose an account".to_string()>
            {unknown.map(|u| view! { <p class="fail-inline">{format!("There is no account “{u}” in this data set.")}</p> })}
            <label class="flt">
                <span>"Account"</span>
                <select data-testid="account-picker" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if !v.is_empty() {
                        state.open_account(&v);
                    }
                }>
                    <option value="">"Select an account…"</option>
                    {accounts.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </label>
            <p class="muted">"Or open one from the accounts table of the overview."</p>
        </Panel>
    }
}

fn go_back() {
    let state = use_app();
    let has_history = window()
        .history()
        .map(|h| h.length().unwrap_or(0) > 1)
        .unwrap_or(false);
    if has_history {
        let _ = window().history().and_then(|h| h.back());
    } else {
        state.navigate(|r| {
            r.view = crate::route::View::Overview;
            r.account = None;
        });
    }
}

#[component]
fn AccountPage(index: usize) -> impl IntoView {
    let state = use_app();
    // The team's predictions of this account (`DiagramData::team`), which the evidence
    // module reads and hands over as a `rapport-team` event: the page's module holds no
    // inside data.
    let team = RwSignal::new(None::<Vec<f64>>);
    let told = window_event_listener_untyped("rapport-team", move |e| {
        let t = super::browser::get(&e, "detail").dyn_into::<js_sys::Float64Array>();
        team.set(t.ok().map(|a| a.to_vec()));
    });
    on_cleanup(move || told.remove());
    let content = move || {
        let loaded = state.loaded.get()?;
        let scope = state.scope.get()?;
        let p: &Portfolio = &loaded.portfolio;
        let acc = p.data.accounts[index].clone();
        let wave = scope.wave;
        let role = scope.filter.role;
        let cur = p.score_account_in(index, wave, role);
        let prev = wave
            .checked_sub(1)
            .and_then(|w| p.score_account_in(index, w, role));
        let wave_label = p.data.waves[wave].label.clone();
        let prev_label = wave.checked_sub(1).map(|w| p.data.waves[w].label.clone());
        // Each piece of user text isolated (U+2068 … U+2069), so that a direction override
        // in one cannot reorder the rest of the line.
        let meta = [
            acc.segment
                .clone()
                .map(|s| format!("Segment: \u{2068}{s}\u{2069}")),
            acc.owner
                .clone()
                .map(|o| format!("Owner: \u{2068}{o}\u{2069}")),
            acc.revenue.map(|r| {
                format!(
                    "Revenue: {}",
                    format::money(r, p.data.model.currency.as_deref())
                )
            }),
            Some(format!("Id: \u{2068}{}\u{2069}", acc.id)),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");

        let header = view! {
            <div class="acc-hd">
                <button class="btn btn-quiet no-print" data-testid="back" on:click=move |_| go_back()>"← Back"</button>
                <div>
                    <h2 class="acc-name" tabindex="-1" data-testid="account-name">{acc.name.clone()}</h2>
                    <p class="muted">{meta}</p>
                </div>
                <button class="btn btn-quiet no-print" on:click=move |_| { let _ = window().print(); }>"Print pack"</button>
            </div>
        };

        let Some(cur) = cur else {
            return Some(view! {
                {header}
                <div class="empty" data-testid="empty-state">
                    <h2>{format!("No responses from this account in {wave_label}{}", role.map(|r| format!(" from {} respondents", r.label().to_ascii_lowercase())).unwrap_or_default())}</h2>
                    <p>"Choose another wave or role."</p>
                </div>
            }.into_any());
        };

        let crq = *cur.metric(Metric::Crq);
        let change = prev.as_ref().map(|pv| cur.change_since(pv, wave - 1, wave));
        let crq_change = change.as_ref().map(|c| *c.metric(Metric::Crq));
        let nps_chg = change.as_ref().map(|c| c.nps);
        let diagram = DiagramData {
            current: cur.metrics,
            previous: prev.as_ref().map(|pv| pv.metrics),
            change: change.map(|c| c.metrics),
            previous_label: prev_label,
            model: crate::engine::Model {
                diagram: scope.diagram,
                ..p.data.model.clone()
            },
            team: None,
        };
        let filter = Filter {
            role,
            ..Filter::account(index)
        };
        // One account is scored over its respondents, so its trend has intervals.
        let groups = p.score_waves(&filter, Aggregation::Respondent);
        let trend_charts = [
            TrendMetric::Metric(Metric::Crq),
            TrendMetric::Nps,
            TrendMetric::Metric(Metric::Level(Level::Service)),
            TrendMetric::Metric(Metric::Level(Level::Uniqueness)),
            TrendMetric::Metric(Metric::Level(Level::Relationship)),
        ]
        .into_iter()
        .map(|m| {
            view! {
                <div class="sm">
                    <div class="sm-title">{m.label()}</div>
                    <TrendChart
                        data=loaded.clone()
                        series=vec![(acc.name.clone(), trend_series(&groups, m))]
                        bounds=m.bounds(p.data.scale)
                        decimals=m.decimals()
                        title=format!("{} of {} over the waves", m.label(), acc.name)
                        compact=true
                    />
                </div>
            }
        })
        .collect_view();
        let data_sig = Signal::derive(move || {
            Some(DiagramData {
                team: team.get().filter(|t| t.first() == Some(&(wave as f64))),
                ..diagram.clone()
            })
        });
        let selected: Signal<Option<Metric>> =
            Memo::new(move |_| state.route.with(|r| r.block)).into();
        let on_select = Callback::new(move |m: Metric| state.toggle_block(m));
        let filter_sig = Signal::derive(move || {
            Some(Filter {
                role,
                ..Filter::account(index)
            })
        });

        Some(view! {
            {header}
            <div class="kpis">
                <Headline
                    testid="account-crq"
                    label="CRQ score"
                    text=format::score(crq.mean)
                    value=crq.mean
                    detail=format::interval(&crq)
                    change=crq_change
                    n_text=format!("{} responses in {wave_label}", cur.n_responses)
                    small=crq.is_small()
                />
                <Headline
                    testid="account-nps"
                    label="Net Promoter Score"
                    text=format::nps(cur.nps.score)
                    value=cur.nps.score
                    detail=format::nps_interval(cur.nps.ci_low, cur.nps.ci_high)
                    change=nps_chg
                    decimals=0
                    n_text=format!("{} answers; advocacy {}", cur.nps.n, cur.advocacy.map_or("–".to_string(), |a| format!("{a:.1} / 10")))
                    small=cur.nps.is_small()
                />
                <div class="kpi">
                    <div class="kpi-label">"Relationship type"</div>
                    <div class="kpi-type" data-testid="account-type" data-value=cur.kind().map(|k| k.id()).unwrap_or("")>
                        <TypeChip kind=cur.kind()/>
                        " "
                        <BandChip band=cur.band/>
                    </div>
                    {cur.verdict.clone().map(|v| view! { <TypeReasons verdict=v/> })}
                </div>
            </div>
            <div class="dgv">
                <Panel title=format!("CRQ level diagram — {wave_label}") class="dgv-main">
                    <LevelDiagram data=data_sig selected=selected on_select=on_select/>
                </Panel>
                <BlockDetail filter=filter_sig/>
            </div>
            <h2 class="sec">"Over the waves"</h2>
            <div class="sms">{trend_charts}</div>
            <super::evidence::Evidence/>
            <Respondents index=index wave=wave role=role/>
            <Comments index=index/>
            <super::plans::PlanEditor account=acc.id.clone()/>
        }.into_any())
    };
    view! { <div class="acc" data-testid="account-view">{content}</div> }
}

/// The rule that placed the account in its type, with the numbers, and the rules before it.
#[component]
fn TypeReasons(verdict: TypeVerdict) -> impl IntoView {
    let rules = verdict
        .rules
        .iter()
        .map(|rule| {
            let clauses = rule
                .clauses
                .iter()
                .map(|clause| {
                    clause
                        .iter()
                        .map(|c| {
                            let v = c.value.map_or("missing".to_string(), |v| format!("{v:.2}"));
                            let mark = match c.holds() {
                                Some(true) => "✓",
                                Some(false) => "✗",
                                None => "–",
                            };
                            format!("{} {v} {} {:.2} {mark}", c.input, c.op, c.threshold)
                        })
                        .collect::<Vec<_>>()
                        .join(" and ")
                })
                .collect::<Vec<_>>()
                .join(", or ");
            view! {
                <li class:why-hit=rule.matched>
                    <strong>{format!("{}: ", rule.kind.label())}</strong>
                    {if rule.matched { "matched — " } else { "not matched — " }}
                    {clauses}
                </li>
            }
        })
        .collect_view();
    let rational = (verdict.kind == crate::engine::RelationshipType::Rational).then_some(
        view! { <li class="why-hit"><strong>"Rational: "</strong>"no earlier rule matched."</li> },
    );
    view! {
        <details class="why" open>
            <summary>"Why this type"</summary>
            <ol data-testid="type-reasons">{rules}{rational}</ol>
            <p class="muted small">"Rules are tried in order; the first that matches decides. Thresholds are Rapport's defaults unless the data file sets its own (see Model)."</p>
        </details>
    }
}

/// Respondents of the account in the wave, grouped by role.
#[component]
fn Respondents(index: usize, wave: usize, role: Option<Role>) -> impl IntoView {
    let state = use_app();
    let loaded = state.loaded.get_untracked();
    let rows = loaded.as_ref().map(|l| {
        let p = &l.portfolio;
        let mut ids = p.responses_in(wave, &Filter { role, ..Filter::account(index) });
        crate::engine::sort::sort_by(&mut ids, |&a, &b| {
            let (ra, rb) = (p.response(a), p.response(b));
            ra.role.cmp(&rb.role).then_with(|| ra.respondent.cmp(&rb.respondent))
        });
        ids.into_iter()
            .map(|i| {
                let r = p.response(i);
                let m = &p.respondents[i];
                view! {
                    <tr>
                        <td>{r.role.label()}</td>
                        <td><code>{r.respondent.clone()}</code></td>
                        <td class="num">{format::score(m.get(Metric::Crq.index()))}</td>
                        <td class="num">{format::score(m.get(Metric::Level(Level::Service).index()))}</td>
                        <td class="num">{format::score(m.get(Metric::Level(Level::Uniqueness).index()))}</td>
                        <td class="num">{format::score(m.get(Metric::Level(Level::Relationship).index()))}</td>
                        <td class="num">{r.nps.map_or("–".to_string(), |n| n.to_string())}</td>
                    </tr>
                }
            })
            .collect_view()
    });
    view! {
        <Panel title="Respondents by role".to_string() class="acc-resp">
            <div class="tbl-scroll">
                <table class="tbl" data-testid="respondents">
                    <thead><tr><th>"Role"</th><th>"Respondent"</th><th class="num">"CRQ"</th><th class="num">"Service"</th><th class="num">"Uniqueness"</th><th class="num">"Relationship"</th><th class="num">"NPS answer"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Panel>
    }
}

/// Comments of the account, newest wave first, always rendered as text.
#[component]
fn Comments(index: usize) -> impl IntoView {
    let state = use_app();
    let loaded = state.loaded.get_untracked();
    let items = loaded.as_ref().map(|l| {
        let p = &l.portfolio;
        let mut list: Vec<(usize, Role, String)> = p
            .data
            .responses
            .iter()
            .filter(|r| r.account == index)
            .filter_map(|r| r.comment.clone().filter(|c| !c.trim().is_empty()).map(|c| (r.wave, r.role, c)))
            .collect();
        crate::engine::sort::sort_by(&mut list, |a, b| b.0.cmp(&a.0));
        let n = list.len();
        let views = list
            .into_iter()
            .map(|(w, role, text)| {
                let head = format!("{} · {}", p.data.waves[w].label, role.label());
                let long = text.chars().count() > COMMENT_PREVIEW;
                let body = if long {
                    let short: String = text.chars().take(COMMENT_PREVIEW).collect();
                    view! {
                        <details class="cm-more">
                            <summary>{format!("{short}… ")}<span class="link">"Show all"</span></summary>
                            <p class="cm-full">{text}</p>
                        </details>
                    }
                    .into_any()
                } else {
                    view! { <p>{text}</p> }.into_any()
                };
                view! { <li class="cm"><div class="muted small">{head}</div>{body}</li> }
            })
            .collect_view();
        (n, views)
    });
    let (n, views) = items.map_or((0, None), |(n, v)| (n, Some(v)));
    view! {
        <Panel title=format!("Comments ({n})") class="acc-comments">
            {(n == 0).then(|| view! { <p class="muted">"No comments from this account."</p> })}
            <ul class="cms" data-testid="comments" dir="auto">{views}</ul>
        </Panel>
    }
}
