//! Wave-over-wave trend charts: one metric with interval bands and significant changes
//! marked, compared across segments, owners, roles or accounts, and small multiples of all.

use std::sync::Arc;

use leptos::prelude::*;

use super::components::{ChartSave, Panel};
use super::state::{use_app, AppState, Loaded};
use crate::chart::{
    marked, series_colours, trend_geometry, trend_series, TrendMetric, TrendPoint, TrendSeries,
};
use crate::engine::model::Measure;
use crate::engine::summary::headline_target;
use crate::engine::{Dimension, Filter, GroupScores, Level, Metric, Role};
use crate::route::Compare;
use chrono::Datelike;

/// Metrics offered by the trend view, in reading order.
pub fn trend_metrics() -> Vec<TrendMetric> {
    let mut v = vec![TrendMetric::Metric(Metric::Crq), TrendMetric::Nps];
    v.extend(Level::ALL.map(|l| TrendMetric::Metric(Metric::Level(l))));
    v.extend(Dimension::ALL.map(|d| TrendMetric::Metric(Metric::Dimension(d))));
    v.push(TrendMetric::Metric(Metric::Solution));
    v
}

/// Arrow keys between a chart's points: the chart is one Tab stop (the point last reached has
/// `tabindex` 0, the others -1). ← → move along a series (its points are siblings), Home and
/// End to its ends, ↑ ↓ to the series above or below at the same wave (or its newest point).
/// Points carry their series' place (`data-r`) and their wave's (`data-c`).
fn chart_keys(ev: web_sys::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let Some(at) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let (Some(r), Some(c), Ok(Some(chart))) = (
        at.get_attribute("data-r")
            .and_then(|r| r.parse::<usize>().ok()),
        at.get_attribute("data-c"),
        at.closest("svg"),
    ) else {
        return;
    };
    let key = ev.key();
    let row = |r: usize| {
        chart
            .query_selector_all(&format!(".tr-pt[data-r=\"{r}\"]"))
            .ok()
    };
    let last = |r: usize| row(r).and_then(|p| p.item(p.length().wrapping_sub(1)));
    let next = match key.as_str() {
        "ArrowLeft" => at.previous_element_sibling().map(Into::into),
        "ArrowRight" => at.next_element_sibling().map(Into::into),
        "Home" => row(r).and_then(|p| p.item(0)),
        "End" => last(r),
        "ArrowUp" | "ArrowDown" => (if key == "ArrowUp" {
            r.checked_sub(1)
        } else {
            Some(r + 1)
        })
        .and_then(|r| {
            let same = format!(".tr-pt[data-r=\"{r}\"][data-c=\"{c}\"]");
            chart
                .query_selector(&same)
                .ok()
                .flatten()
                .map(Into::into)
                .or_else(|| last(r))
        }),
        _ => return,
    };
    ev.prevent_default();
    let next = next.and_then(|n| n.dyn_into::<web_sys::SvgElement>().ok());
    if let Some(next) = next.filter(|n| n.class_list().contains("tr-pt")) {
        let _ = at.set_attribute("tabindex", "-1");
        let _ = next.set_attribute("tabindex", "0");
        let _ = next.focus();
    }
}

fn fmt_value(v: f64, decimals: usize) -> String {
    if decimals == 0 {
        crate::format::signed(v, 0)
    } else {
        crate::format::fixed(v, decimals)
    }
}

/// A trend chart over waves. With fewer than two waves it says why there is no trend.
#[component]
pub fn TrendChart(
    /// The data on screen: its waves' labels and, for the time axis, their dates.
    data: Arc<Loaded>,
    /// (name, series) pairs; at most five are drawn.
    series: Vec<(String, TrendSeries)>,
    /// The colour (0–4) of each series, when it is not its place in `series`: a series keeps
    /// its colour while others are picked or dropped.
    #[prop(optional)]
    colours: Vec<usize>,
    bounds: (f64, f64),
    decimals: usize,
    title: String,
    #[prop(default = false)] compact: bool,
) -> impl IntoView {
    let waves = &data.portfolio.data.waves;
    if waves.len() < 2 {
        return view! {
            <div class="tr-none" data-testid="trend-chart" data-waves=waves.len()>
                <p>{format!("{title}: only one wave so far ({}). A trend needs at least two waves.", waves.first().map(|w| w.label.as_str()).unwrap_or_default())}</p>
            </div>
        }
        .into_any();
    }
    let (w, h) = if compact {
        (320.0, 180.0)
    } else {
        (960.0, 340.0)
    };
    let shown: Vec<(String, TrendSeries)> = series.into_iter().take(5).collect();
    let colour = move |i: usize| colours.get(i).copied().unwrap_or(i);
    let multi = shown.len() > 1;
    // An axis names the waves it has room for (waves closed close together are not written
    // over each other), and marks the newest point by point: a chart of 10,000 waves stays a
    // few hundred nodes (the line and band cover them all).
    let (label_room, mark_room) = if compact { (5, 24) } else { (14, 60) };
    let times: Vec<f64> = waves
        .iter()
        .map(|w| w.closed.num_days_from_ce() as f64)
        .collect();
    let g = trend_geometry(
        &times,
        &shown.iter().map(|s| s.1.clone()).collect::<Vec<_>>(),
        w,
        h,
        bounds,
        label_room,
    );
    let hover: RwSignal<Option<(f64, f64, String)>> = RwSignal::new(None);
    let grid = g
        .y_ticks
        .iter()
        .map(|&(v, y)| {
            view! {
                <line x1=g.plot_left x2=g.plot_right y1=y y2=y class="tr-grid"></line>
                <text x=g.plot_left - 6.0 y=y + 4.0 text-anchor="end" class="tr-tick">{fmt_value(v, if decimals == 0 { 0 } else { 1 })}</text>
            }
        })
        .collect_view();
    let marks_shown = marked(waves.len(), mark_room);
    // Each name is the wave and, below it, the month it closed.
    let xlabels = g
        .names
        .iter()
        .map(|&i| {
            let x = g.x_waves[i];
            view! {
                <text x=x y=g.plot_bottom + 16.0 text-anchor="middle" class="tr-tick">
                    <tspan>{waves[i].label.clone()}</tspan>
                    <tspan x=x dy="13" class="tr-date">{crate::format::month(waves[i].closed)}</tspan>
                </text>
            }
        })
        .collect_view();
    let note = (marks_shown.start > 0).then(|| {
        format!(
            "{} waves: the line covers them all; the newest {} are marked point by point.",
            waves.len(),
            marks_shown.len()
        )
    });
    // The chart's one Tab stop: the newest marked point of the first series that has one.
    let stop_at = g.series.iter().enumerate().find_map(|(place, sg)| {
        let newest = sg
            .points
            .iter()
            .rev()
            .find(|pt| marks_shown.contains(&pt.0));
        newest.map(|pt| (place, pt.0))
    });
    let marks = g
        .series
        .iter()
        .zip(&shown)
        .enumerate()
        .map(|(place, (sg, (name, _)))| {
            let i = colour(place);
            let points = sg
                .points
                .iter()
                .filter(|pt| marks_shown.contains(&pt.0))
                .map(|&(wave, x, y, p)| {
                    let stop = stop_at == Some((place, wave));
                    let ci = match (p.low, p.high) {
                        (Some(l), Some(hh)) => format!("95% CI {}–{}", fmt_value(l, decimals), fmt_value(hh, decimals)),
                        _ => "no interval".to_string(),
                    };
                    // A target's points (n = 0) are set, not measured.
                    let text = format!(
                        "{name}, {}: {}{}{}",
                        waves[wave].label,
                        fmt_value(p.value, decimals),
                        if p.n > 0 { format!(" ({ci}), n = {}", p.n) } else { String::new() },
                        if p.significant { "; significant change from the previous wave" } else { "" }
                    );
                    let (t1, t2, aria) = (text.clone(), text.clone(), text.clone());
                    view! {
                        <g
                            class="tr-pt"
                            tabindex=if stop { "0" } else { "-1" }
                            data-r=place
                            data-c=wave
                            role="img"
                            aria-label=aria
                            data-significant=p.significant.to_string()
                            on:mouseenter=move |_| hover.set(Some((x, y, t1.clone())))
                            on:mouseleave=move |_| hover.set(None)
                            on:focus=move |_| hover.set(Some((x, y, t2.clone())))
                            on:blur=move |_| hover.set(None)
                        >
                            <title>{text}</title>
                            {p.significant.then(|| view! { <circle cx=x cy=y r="9" class=format!("tr-sig s-{i}")></circle> })}
                            <circle cx=x cy=y r="4.5" class=format!("tr-dot s-{i}") class:tr-small={p.n < 5 && p.n > 0}></circle>
                        </g>
                    }
                })
                .collect_view();
            view! {
                <path d=sg.band.clone() class=format!("tr-band s-{i}")></path>
                <path d=sg.line.clone() class=format!("tr-line s-{i}") class:tr-goal={name == "Target"}></path>
                {points}
            }
        })
        .collect_view();
    let legend = (shown.len() > 1 || !compact).then(|| {
        view! {
            <ul class="legend tr-legend">
                {shown
                    .iter()
                    .enumerate()
                    .map(|(i, (name, _))| view! { <li><span class=format!("sw sw-line s-{}", colour(i))></span>{name.clone()}</li> })
                    .collect_view()}
                <li class="muted">"Shaded: 95% interval. Ringed point: significant change (p < 0.05). Arrow keys go point to point."</li>
                {note.clone().map(|n| view! { <li class="muted" data-testid="trend-thinned">{n}</li> })}
            </ul>
        }
    });
    let tooltip = move || {
        hover.get().map(|(x, y, text)| {
            view! {
                // Shifted by as much of its width as the point is across: inside the chart at either edge.
                <div class="tip" role="tooltip" style:left=format!("{:.2}%", 100.0 * x / w) style:top=format!("{:.2}%", 100.0 * (y + 10.0) / h)
                    style:transform=format!("translate(-{:.2}%, 6px)", 100.0 * x / w)>{text}</div>
            }
        })
    };
    view! {
        <figure class="tr" class:tr-compact=compact class:tr-multi=multi data-testid="trend-chart" data-waves=waves.len() data-series=shown.len() data-marked=marks_shown.len()>
            <div class="tr-wrap">
                <svg viewBox=format!("0 0 {w} {h}") class="tr-svg" role="group" aria-label=title.clone() on:keydown=chart_keys>
                    <title>{title.clone()}</title>
                    {grid}
                    <line x1=g.plot_left x2=g.plot_right y1=g.plot_bottom y2=g.plot_bottom class="tr-axis"></line>
                    {xlabels}
                    {marks}
                </svg>
                {tooltip}
            </div>
            {legend}
            <ChartSave title=title.clone()/>
        </figure>
    }
    .into_any()
}

/// Candidate series for a comparison: (key, label) pairs.
fn candidates(compare: Compare, data: &crate::engine::Dataset) -> Vec<(String, String)> {
    match compare {
        Compare::Segment => data
            .segments()
            .into_iter()
            .map(|s| (s.clone(), s))
            .collect(),
        Compare::Owner => data.owners().into_iter().map(|s| (s.clone(), s)).collect(),
        Compare::Role => Role::ALL
            .iter()
            .map(|r| (r.id().to_string(), r.label().to_string()))
            .collect(),
        Compare::Account => {
            let mut a: Vec<&crate::engine::Account> = data.accounts.iter().collect();
            crate::engine::sort::sort_by(&mut a, |x, y| {
                y.revenue
                    .unwrap_or(0.0)
                    .total_cmp(&x.revenue.unwrap_or(0.0))
            });
            a.into_iter()
                .map(|a| (a.id.clone(), a.name.clone()))
                .collect()
        }
    }
}

fn filter_for(base: &Filter, compare: Compare, key: &str, data: &crate::engine::Dataset) -> Filter {
    let mut f = base.clone();
    match compare {
        Compare::Segment => f.segment = Some(key.to_string()),
        Compare::Owner => f.owner = Some(key.to_string()),
        Compare::Role => f.role = Role::from_id(key),
        Compare::Account => f.account = data.account_index(key),
    }
    f
}

/// Trends of the current scope: one metric in detail with comparisons, and all metrics small.
#[component]
pub fn TrendsView() -> impl IntoView {
    let state = use_app();
    let metric = Memo::new(move |_| {
        state
            .route
            .with(|r| r.metric)
            .unwrap_or(TrendMetric::Metric(Metric::Crq))
    });
    let compare = Memo::new(move |_| state.route.with(|r| r.compare));
    // The scope in every wave, scored once for the main chart and the small multiples
    // (compared by pointer: a new scoring is always news).
    let waves = Memo::new_with_compare(
        move |_| {
            let (loaded, scope) = (state.loaded.get()?, state.scope.get()?);
            Some(Arc::new(
                loaded
                    .portfolio
                    .score_waves(&scope.filter, scope.aggregation),
            ))
        },
        |a, b| match (a, b) {
            (Some(Some(a)), Some(Some(b))) => !Arc::ptr_eq(a, b),
            (Some(None), Some(None)) => false,
            _ => true,
        },
    );
    let picked = Memo::new(move |_| {
        let loaded = state.loaded.get()?;
        let cmp = compare.get()?;
        let all = candidates(cmp, &loaded.portfolio.data);
        let chosen: Vec<String> = state.route.with(|r| {
            r.series
                .iter()
                .filter(|k| all.iter().any(|c| &c.0 == *k))
                .cloned()
                .collect()
        });
        let chosen = if chosen.is_empty() {
            all.iter()
                .take(if cmp == Compare::Account { 3 } else { 5 })
                .map(|c| c.0.clone())
                .collect()
        } else {
            chosen
        };
        Some((all, chosen))
    });

    let main_chart = main_chart(state, metric, compare, picked, waves);
    let picker = series_picker(state, compare, picked);
    let small_multiples = small_multiples(state, waves, metric);

    view! {
        <div class="trv">
            <Panel title="Wave-over-wave trend".to_string()>
                <div class="trv-controls">
                    <label class="flt">
                        <span>"Metric"</span>
                        <select data-testid="trend-metric" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            state.navigate(|r| r.metric = TrendMetric::from_id(&v));
                        }>
                            {trend_metrics()
                                .into_iter()
                                .map(|m| view! { <option value=m.id() selected=move || metric.get() == m>{m.label()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label class="flt">
                        <span>"Compare"</span>
                        <select data-testid="trend-compare" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            state.navigate(|r| {
                                r.compare = Compare::from_id(&v);
                                r.series = Vec::new();
                            });
                        }>
                            <option value="" selected=move || compare.get().is_none()>"Nothing (current scope)"</option>
                            {Compare::ALL
                                .into_iter()
                                .map(|c| view! { <option value=c.id() selected=move || compare.get() == Some(c)>{c.label()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                </div>
                {picker}
                {main_chart}
            </Panel>
            <h2 class="sec">"All metrics"</h2>
            <div class="sms">{small_multiples}</div>
        </div>
    }
}

/// Candidates of a comparison (key, label) and the keys picked.
type Picked = (Vec<(String, String)>, Vec<String>);

/// The series picked for comparison (at most five), when something is compared.
fn series_picker(
    state: AppState,
    compare: Memo<Option<Compare>>,
    picked: Memo<Option<Picked>>,
) -> impl IntoView {
    // What is typed in the filter box: candidates whose name holds it (ASCII case
    // aside) are shown, and the picked ones always.
    let needle = RwSignal::new(String::new());
    move || {
        compare.get()?;
        let (all, chosen) = picked.get()?;
        let find = (all.len() > 12).then(|| {
            view! {
                <input
                    type="search"
                    class="pick-find"
                    data-testid="series-find"
                    placeholder="Filter…"
                    aria-label="Filter the list"
                    prop:value=move || needle.get_untracked()
                    on:input=move |ev| needle.set(event_target_value(&ev).to_ascii_lowercase())
                />
            }
        });
        let boxes = all
            .into_iter()
            .map(|(key, label)| {
                let on = chosen.contains(&key);
                let full = chosen.len() >= 5 && !on;
                let chosen = chosen.clone();
                let text = label.to_ascii_lowercase();
                let hidden = move || !on && needle.with(|n| !text.contains(n.as_str()));
                view! {
                    <label class="pick" class:pick-off=full hidden=hidden>
                        <input
                            type="checkbox"
                            checked=on
                            disabled=full
                            on:change=move |_| {
                                let mut next = chosen.clone();
                                if on {
                                    next.retain(|k| k != &key);
                                } else {
                                    next.push(key.clone());
                                }
                                state.navigate(|r| r.series = next);
                            }
                        />
                        {label}
                    </label>
                }
            })
            .collect_view();
        Some(view! {
            <div class="picks" data-testid="series-picker">
                <span class="muted">"Compare up to five:"</span>
                {find}
                {boxes}
            </div>
        })
    }
}

/// Every metric of the scope over the waves, small; the one in the main chart marked.
fn small_multiples(
    state: AppState,
    waves: Memo<Option<Arc<Vec<GroupScores>>>>,
    metric: Memo<TrendMetric>,
) -> impl IntoView {
    move || {
        let loaded = state.loaded.get()?;
        let p = &loaded.portfolio;
        let groups = waves.get()?;
        Some(
            trend_metrics()
                .into_iter()
                .map(|m| {
                    let s = trend_series(&groups, m);
                    view! {
                        <div class="sm" class:sm-on=move || metric.get() == m>
                            <button class="link sm-title" on:click=move |_| state.navigate(|r| r.metric = Some(m))>{m.label()}</button>
                            <TrendChart
                                data=loaded.clone()
                                series=vec![(m.label().to_string(), s)]
                                bounds=m.bounds(p.data.scale)
                                decimals=m.decimals()
                                title=format!("{} over the waves", m.label())
                                compact=true
                            />
                        </div>
                    }
                })
                .collect_view(),
        )
    }
}

/// The chosen metric over the waves: for the scope, or for each series compared.
fn main_chart(
    state: AppState,
    metric: Memo<TrendMetric>,
    compare: Memo<Option<Compare>>,
    picked: Memo<Option<Picked>>,
    waves: Memo<Option<Arc<Vec<GroupScores>>>>,
) -> impl IntoView {
    move || {
        let loaded = state.loaded.get()?;
        let scope = state.scope.get()?;
        let p = &loaded.portfolio;
        let m = metric.get();
        // A series' colour follows from its place among all the candidates, not among
        // those picked (`series_colours`).
        let mut colours = Vec::new();
        let series: Vec<(String, TrendSeries)> = if let Some(cmp) = compare.get() {
            let (all, chosen) = picked.get()?;
            let places: Vec<usize> = chosen
                .iter()
                .filter_map(|k| all.iter().position(|c| &c.0 == k))
                .take(5)
                .collect();
            colours = series_colours(&places);
            places
                .iter()
                .map(|&at| {
                    let (k, label) = &all[at];
                    let f = filter_for(&scope.filter, cmp, k, &p.data);
                    (
                        label.clone(),
                        trend_series(&p.score_waves(&f, scope.aggregation), m),
                    )
                })
                .collect()
        } else {
            let mut series = vec![("Current scope".to_string(), trend_series(&waves.get()?, m))];
            // The scope's target in each wave (README, Targets), as a series of its own.
            let measure = match m {
                TrendMetric::Metric(x) => Measure::Metric(x),
                TrendMetric::Nps => Measure::Nps,
            };
            let points: Vec<_> = (0..p.data.waves.len())
                .map(|w| {
                    let value = state.targets.with(|g| {
                        Some(g[headline_target(p, g, w, &scope.filter, measure)?].value)
                    })?;
                    Some(TrendPoint {
                        value,
                        low: None,
                        high: None,
                        n: 0,
                        significant: false,
                    })
                })
                .collect();
            if points.iter().any(Option::is_some) {
                series.push(("Target".to_string(), TrendSeries { points }));
            }
            series
        };
        Some(view! {
            <TrendChart
                data=loaded.clone()
                series=series
                colours=colours
                bounds=m.bounds(p.data.scale)
                decimals=m.decimals()
                title=format!("{} over the waves", m.label())
            />
        })
    }
}
