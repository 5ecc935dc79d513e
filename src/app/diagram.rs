//! The CRQ level diagram (a pyramid of levels and dimension blocks) and its view with the
//! detail of a clicked block: answer distribution and trend.

use leptos::prelude::*;

use super::components::{ChangeBadge, ChartSave, Panel};
use super::state::use_app;
use super::trends::TrendChart;
use crate::chart::{pyramid_layout, trend_series, Block, Rect, Tier, TrendMetric};
use crate::engine::model::N_METRICS;
use crate::engine::score::histogram;
use crate::engine::{Band, Change, Estimate, Filter, Metric, Model, Target};
use crate::format;

const W: f64 = 720.0;
const H: f64 = 470.0;

/// What the diagram shows: scores of one scope in one wave, and of the wave before.
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramData {
    pub current: [Estimate; N_METRICS],
    pub previous: Option<[Estimate; N_METRICS]>,
    pub change: Option<[Change; N_METRICS]>,
    pub previous_label: Option<String>,
    /// Bands and thresholds; `diagram` is the order to draw (the Model view's switch applied).
    pub model: Model,
    /// The account team's predictions as the evidence module hands them to the account view:
    /// the wave's index, then a value per metric (NaN where it made none). Each is drawn as a
    /// marker on its block.
    pub team: Option<Vec<f64>>,
}

/// The team's prediction of a metric, when it made one.
fn team_of(d: &DiagramData, m: Metric) -> Option<f64> {
    d.team
        .as_ref()
        .and_then(|t| t.get(1 + m.index()).copied())
        .filter(|v| v.is_finite())
}

fn band_class(model: &Model, e: &Estimate) -> &'static str {
    e.mean.map_or("none", |m| model.band(m).id())
}

/// Tooltip text lines for a metric.
fn detail_lines(data: &DiagramData, m: Metric) -> Vec<String> {
    let e = &data.current[m.index()];
    let mut lines = vec![
        format!("{}: {}", m.label(), format::score(e.mean)),
        format!("{} · n = {}", format::interval(e), e.n),
    ];
    if let Some(b) = e.mean.map(|v| data.model.band(v)) {
        lines.push(format!("Band: {}", b.label()));
    }
    if let Some(t) = team_of(data, m) {
        lines.push(format!("Team's prediction: {}", format::score(Some(t))));
    }
    if let (Some(prev), Some(label)) = (&data.previous, &data.previous_label) {
        lines.push(format!("{label}: {}", format::score(prev[m.index()].mean)));
    }
    if let Some(c) = &data.change {
        lines.push(format!("Change: {}", format::change_text(&c[m.index()], 2)));
    }
    if e.is_small() && e.n > 0 {
        lines.push("Fewer than 5 respondents: indicative only.".to_string());
    }
    lines
}

/// The change of a metric as shown on the diagram: arrow, delta and `*` when significant.
fn change_mark(change: Option<Change>) -> String {
    change
        .and_then(|c| {
            c.delta.map(|dl| {
                let star = if c.significant { " *" } else { "" };
                format!(
                    "{} {}{star}",
                    format::arrow(Some(dl)),
                    format::delta(Some(dl), 2)
                )
            })
        })
        .unwrap_or_default()
}

/// A level's strip: its name, score and change.
fn tier_view(d: &DiagramData, t: &Tier, hover: RwSignal<Option<(Metric, Rect)>>) -> impl IntoView {
    let m = Metric::Level(t.level);
    let e = d.current[m.index()];
    let mark = change_mark(d.change.map(|c| c[m.index()]));
    let text = format!(
        "{} {}{}",
        t.level.label(),
        format::score(e.mean),
        if mark.is_empty() {
            String::new()
        } else {
            format!("  {mark}")
        }
    );
    let r = t.header;
    let label = detail_lines(d, m).join(". ");
    view! {
        <g
            class=format!("lvl lvl-{}", t.level.id())
            data-testid=format!("level-{}", t.level.id())
            data-value=format::raw(e.mean)
            tabindex="0"
            role="group"
            on:mouseenter=move |_| hover.set(Some((m, r)))
            on:mouseleave=move |_| hover.set(None)
            on:focus=move |_| hover.set(Some((m, r)))
            on:blur=move |_| hover.set(None)
        >
            <title>{label}</title>
            <rect x=r.x y=r.y width=r.w height=r.h rx="4" class=format!("lvl-bar band-fill-{}", band_class(&d.model, &e))></rect>
            <text x=r.x + 10.0 y=r.y + r.h / 2.0 + 5.0 class="lvl-text">{text}</text>
        </g>
    }
}

/// A dimension block (or Solution's strip): band colour, hatching when weak, score, n, change.
fn block_view(
    d: &DiagramData,
    b: &Block,
    hover: RwSignal<Option<(Metric, Rect)>>,
    selected: Signal<Option<Metric>>,
    on_select: Callback<Metric>,
) -> impl IntoView {
    let m = Metric::from(b.key);
    let e = d.current[m.index()];
    let band = band_class(&d.model, &e);
    let weak = e.mean.is_some_and(|v| d.model.band(v).is_weak());
    let r = b.rect;
    let id = b.key.id().to_string();
    let label = detail_lines(d, m).join(". ");
    let desc_id = format!("dg-desc-{id}");
    let desc_ref = desc_id.clone();
    let name = m.label();
    let arrow = change_mark(d.change.map(|c| c[m.index()]));
    let cx = r.center_x();
    // The team's prediction, a diamond at the end of the block's last line.
    let team = team_of(d, m).map(|t| view! {
        <tspan class="blk-team" data-testid="team-mark" data-value=format::raw(Some(t)) aria-hidden="true">{format!("  ◆ {}", format::score(Some(t)))}</tspan>
    });
    let body = if b.key == Target::Solution {
        view! {
            <text x=cx y=r.y + r.h / 2.0 + 5.0 text-anchor="middle" class="blk-name">
                {format!("{name} {}  {arrow}", format::score(e.mean))}
                {team}
            </text>
        }
        .into_any()
    } else {
        // Short blocks (Solution's parts) get a smaller score so nothing overlaps.
        let compact = r.h < 100.0;
        view! {
            <text x=cx y=r.y + if compact { 17.0 } else { 22.0 } text-anchor="middle" class="blk-name">{name}</text>
            <text x=cx y=r.y + r.h / 2.0 + if compact { 9.0 } else { 12.0 } text-anchor="middle" class="blk-score" class:blk-score-sm=compact>{format::score(e.mean)}</text>
            <text x=cx y=r.y + r.h - 12.0 text-anchor="middle" class="blk-meta">
                {format!("n={}  {arrow}", e.n)}
                {team}
            </text>
        }
        .into_any()
    };
    view! {
        <g
            class=format!("blk band-text-{band}")
            class:blk-small=e.is_small()
            class:blk-on=move || selected.get() == Some(m)
            data-testid=format!("dim-{id}")
            data-value=format::raw(e.mean)
            data-band=band
            tabindex="0"
            role="button"
            aria-describedby=desc_ref
            on:mouseenter=move |_| hover.set(Some((m, r)))
            on:mouseleave=move |_| hover.set(None)
            on:focus=move |_| hover.set(Some((m, r)))
            on:blur=move |_| hover.set(None)
            on:click=move |_| on_select.run(m)
            on:keydown=move |ev| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    on_select.run(m);
                }
            }
        >
            <title>{format!("{} {}", name, format::score(e.mean))}</title>
            <desc id=desc_id>{label}</desc>
            <rect x=r.x y=r.y width=r.w height=r.h rx="5" class=format!("blk-bg band-fill-{band}")></rect>
            {weak.then(|| view! { <rect x=r.x y=r.y width=r.w height=r.h rx="5" class="blk-hatch" fill="url(#rp-hatch)"></rect> })}
            {body}
        </g>
    }
}

/// The pyramid, its levels stacked as the data's `model.diagram` says. Blocks are
/// keyboard-focusable and read (and tab) from the base up; hover or focus shows the detail,
/// Enter or a click selects the block.
#[component]
pub fn LevelDiagram(
    #[prop(into)] data: Signal<Option<DiagramData>>,
    /// The selected block.
    #[prop(into)]
    selected: Signal<Option<Metric>>,
    on_select: Callback<Metric>,
) -> impl IntoView {
    let hover: RwSignal<Option<(Metric, Rect)>> = RwSignal::new(None);

    // Each level's strip, then its blocks, from the base up: the DOM (and so the keyboard
    // and screen-reader) order follows the model's reading from the foundation.
    let diagram = move || {
        let d = data.get()?;
        let order = d.model.diagram;
        let layout = pyramid_layout(W, H, order);
        let marks = layout
            .tiers
            .iter()
            .map(|t| {
                let blocks = layout
                    .blocks
                    .iter()
                    .filter(|b| b.key.level() == t.level)
                    .map(|b| block_view(&d, b, hover, selected, on_select))
                    .collect_view();
                view! { {tier_view(&d, t, hover)} {blocks} }
            })
            .collect_view();
        Some(view! {
            <svg
                viewBox=format!("0 0 {W} {H}")
                class="dg-svg"
                role="group"
                aria-label=format!("CRQ level diagram: {}", order.describe())
                data-testid="level-diagram"
                data-order=order.id()
            >
                <defs>
                    <pattern id="rp-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <line x1="0" y1="0" x2="0" y2="8" class="hatch-line"></line>
                    </pattern>
                </defs>
                {marks}
            </svg>
        })
    };

    let tooltip = move || {
        let (m, r) = hover.get()?;
        let d = data.get()?;
        let lines = detail_lines(&d, m);
        // Shifted by as much of its width as the point is across: inside the chart at either edge.
        let left = 100.0 * r.center_x() / W;
        let top = 100.0 * (r.y + r.h) / H;
        Some(view! {
            <div class="tip" role="tooltip" data-testid="diagram-tooltip" style:left=format!("{left:.2}%") style:top=format!("{top:.2}%")
                style:transform=format!("translate(-{left:.2}%, 6px)")>
                {lines.into_iter().map(|l| view! { <div>{l}</div> }).collect_view()}
            </div>
        })
    };

    view! {
        <div class="dg">
            {diagram}
            {tooltip}
            <BandLegend bands=Signal::derive(move || data.with(|d| d.as_ref().map(|d| d.model.bands)))/>
        </div>
    }
}

/// The band colours with their labels and thresholds.
#[component]
pub fn BandLegend(#[prop(into)] bands: Signal<Option<[f64; 4]>>) -> impl IntoView {
    move || {
        let b = bands.get()?;
        let b = b.map(|v| format::fixed(v, 2));
        let ranges = [
            format!("≥ {}", b[0]),
            format!("{}–{}", b[1], b[0]),
            format!("{}–{}", b[2], b[1]),
            format!("{}–{}", b[3], b[2]),
            format!("< {}", b[3]),
        ];
        Some(view! {
            <ul class="legend" aria-label="Bands">
                {Band::ALL
                    .iter()
                    .zip(ranges)
                    .map(|(band, range)| view! {
                        <li>
                            <span class=format!("sw band-{}", band.id()) class:sw-hatch=band.is_weak()></span>
                            {format!("{} {range}", band.label())}
                        </li>
                    })
                    .collect_view()}
                <li class="muted">"Hatched: weak bands. Faded: fewer than 5 respondents. * significant change."</li>
            </ul>
        })
    }
}

/// The diagram of the current scope, and the detail of the selected block.
#[component]
pub fn DiagramView() -> impl IntoView {
    let state = use_app();
    // The scope's scores and their change, as the state already holds them.
    let data = Memo::new(move |_| {
        let (loaded, scope, cur) = (
            state.loaded.get()?,
            state.scope.get()?,
            state.current.get()?,
        );
        let previous = state.previous.get();
        Some(DiagramData {
            current: cur.metrics,
            previous: previous.as_ref().map(|g| g.metrics),
            change: state.change.get().map(|c| c.metrics),
            previous_label: previous.map(|g| loaded.portfolio.data.waves[g.wave].label.clone()),
            team: None,
            model: crate::engine::Model {
                diagram: scope.diagram,
                ..loaded.portfolio.data.model.clone()
            },
        })
    });
    // Memos: views that read one part of the route re-render only when that part changes.
    let selected: Signal<Option<Metric>> = Memo::new(move |_| state.route.with(|r| r.block)).into();
    let on_select = Callback::new(move |m: Metric| state.toggle_block(m));
    let scope_text = move || {
        state.route.with(|r| {
            let mut parts = Vec::new();
            if let Some(s) = &r.segment {
                parts.push(format!("segment {s}"));
            }
            if let Some(o) = &r.owner {
                parts.push(format!("owner {o}"));
            }
            if let Some(role) = r.role {
                parts.push(format!("{} respondents", role.label().to_ascii_lowercase()));
            }
            if parts.is_empty() {
                "Whole portfolio".to_string()
            } else {
                parts.join(", ")
            }
        })
    };
    view! {
        <div class="dgv">
            <Panel title="CRQ level diagram".to_string() class="dgv-main">
                <p class="muted">{move || format!("{}. Click a block for its distribution and trend.", scope_text())}</p>
                <LevelDiagram data=data selected=selected on_select=on_select/>
                <ChartSave title="CRQ level diagram".to_string()/>
            </Panel>
            <BlockDetail filter=Signal::derive(move || state.scope.get().map(|s| s.filter))/>
        </div>
    }
}

/// Distribution and trend of the selected block within a filter.
#[component]
pub fn BlockDetail(#[prop(into)] filter: Signal<Option<Filter>>) -> impl IntoView {
    let state = use_app();
    let block = Memo::new(move |_| state.route.with(|r| r.block));
    move || {
        let Some(metric) = block.get() else {
            return view! {
                <Panel title="Detail".to_string() class="dgv-side">
                    <p class="muted">"Select a dimension block to see how respondents answered and how it moved over the waves."</p>
                </Panel>
            }
            .into_any();
        };
        let (Some(loaded), Some(scope), Some(filter)) =
            (state.loaded.get(), state.scope.get(), filter.get())
        else {
            return ().into_any();
        };
        let p = &loaded.portfolio;
        let values = p.respondent_values(scope.wave, &filter, metric);
        let hist = histogram(&values, p.data.scale);
        let max = hist.iter().map(|h| h.1).max().unwrap_or(0).max(1);
        // One account is scored over its respondents, so its trend has intervals.
        let aggregation = if filter.account.is_some() {
            crate::engine::Aggregation::Respondent
        } else {
            scope.aggregation
        };
        let groups = p.score_waves(&filter, aggregation);
        let series = trend_series(&groups, TrendMetric::Metric(metric));
        let bounds = TrendMetric::Metric(metric).bounds(p.data.scale);
        let change = state.change.get().map(|c| *c.metric(metric));
        let bars = hist
            .iter()
            .map(|&(point, count)| {
                let pct = 100.0 * count as f64 / max as f64;
                view! {
                    <div class="hist-row">
                        <span class="hist-k">{point}</span>
                        <span class="hist-bar" style:width=format!("{pct:.1}%")></span>
                        <span class="hist-n">{count}</span>
                    </div>
                }
            })
            .collect_view();
        let heading = format!(
            "How {} respondents scored it ({} wave)",
            values.len(),
            p.data.waves[scope.wave].label
        );
        let panel_title = format!("{} — detail", metric.label());
        let hist_label = format!("Distribution of {} scores", metric.label());
        let chart_title = format!("{} over the waves", metric.label());
        let series_name = metric.label().to_string();
        view! {
            <Panel title=panel_title class="dgv-side">
                <div data-testid="block-detail" data-block=metric.id()>
                    {change.map(|c| view! { <p>"Change since the previous wave: " <ChangeBadge change=c/></p> })}
                    <h3 class="sub">{heading}</h3>
                    <div class="hist" data-testid="distribution" role="img" aria-label=hist_label>{bars}</div>
                    <h3 class="sub">"Over the waves"</h3>
                    <TrendChart
                        data=loaded.clone()
                        series=vec![(series_name, series)]
                        bounds=bounds
                        decimals=2
                        title=chart_title
                        compact=true
                    />
                </div>
            </Panel>
        }
        .into_any()
    }
}
