//! Key drivers (SPEC §2.7): how strongly each dimension goes with the NPS answer
//! (importance) against how well it scores (performance).

use leptos::prelude::*;

use super::components::{ChartSave, Panel};
use super::state::use_app;
use crate::chart::{nice_ticks, LinearScale};
use crate::format;

const W: f64 = 720.0;
const H: f64 = 420.0;

#[component]
pub fn DriversView() -> impl IntoView {
    let state = use_app();
    move || {
        let loaded = state.loaded.get()?;
        let scope = state.scope.get()?;
        let p = &loaded.portfolio;
        let drivers = p.key_drivers(scope.wave, &scope.filter);
        let usable: Vec<_> = drivers
            .iter()
            .filter_map(|d| Some((d.dimension, d.importance?, d.performance.mean?)))
            .collect();
        let wave = p.data.waves[scope.wave].label.clone();
        if usable.is_empty() {
            return Some(view! {
                <Panel title="Key drivers".to_string()>
                    <p class="empty" data-testid="drivers-empty">
                        {format!("Key drivers need at least 10 respondents with both a dimension score and an NPS answer in {wave} for this scope.")}
                    </p>
                </Panel>
            }.into_any());
        }
        let (pmin, pmax) = usable
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), u| (a.min(u.2), b.max(u.2)));
        let xt = nice_ticks(pmin, pmax, 5);
        let (imin, imax) = usable.iter().fold((f64::MAX, f64::MIN), |(a, b), u| {
            (a.min(u.1.r), b.max(u.1.r))
        });
        let yt = nice_ticks(imin.min(0.0), imax, 5);
        let (l, r, t, b) = (56.0, W - 20.0, 16.0, H - 44.0);
        let x = LinearScale::new((xt[0], *xt.last().unwrap_or(&xt[0])), (l, r));
        let y = LinearScale::new((yt[0], *yt.last().unwrap_or(&yt[0])), (b, t));
        let mean_perf = usable.iter().map(|u| u.2).sum::<f64>() / usable.len() as f64;
        let mut rs: Vec<f64> = usable.iter().map(|u| u.1.r).collect();
        crate::engine::sort::sort_by(&mut rs, f64::total_cmp);
        let median_r = rs[rs.len() / 2];
        let grid = yt
            .iter()
            .map(|&v| view! {
                <line x1=l x2=r y1=y.map(v) y2=y.map(v) class="tr-grid"></line>
                <text x=l - 6.0 y=y.map(v) + 4.0 text-anchor="end" class="tr-tick">{format!("{v:.1}")}</text>
            })
            .collect_view();
        let xgrid = xt
            .iter()
            .map(|&v| view! { <text x=x.map(v) y=b + 18.0 text-anchor="middle" class="tr-tick">{format!("{v:.1}")}</text> })
            .collect_view();
        let points = usable
            .iter()
            .map(|&(d, c, perf)| {
                let (px, py) = (x.map(perf), y.map(c.r));
                let f = |v| crate::format::fixed(v, 2);
                let label = format!(
                    "{}: importance r = {} (95% CI {} to {}, n = {}), performance {}",
                    d.label(), f(c.r), f(c.ci_low), f(c.ci_high), c.n, f(perf)
                );
                let priority = c.r >= median_r && perf < mean_perf;
                let aria = label.clone();
                view! {
                    <g class="drv-pt" class:drv-priority=priority tabindex="0" role="img" aria-label=aria data-testid=format!("driver-{}", d.id())>
                        <title>{label}</title>
                        <line x1=px x2=px y1=y.map(c.ci_low.max(yt[0])) y2=y.map(c.ci_high.min(*yt.last().unwrap_or(&1.0))) class="drv-ci"></line>
                        <circle cx=px cy=py r="6" class="drv-dot"></circle>
                        <text x=px + 9.0 y=py + 4.0 class="drv-label">{d.label()}</text>
                    </g>
                }
            })
            .collect_view();
        let rows = drivers
            .iter()
            .map(|d| view! {
                <tr>
                    <td>{d.dimension.label()}</td>
                    <td class="num">{d.importance.map_or("–".to_string(), |c| crate::format::fixed(c.r, 2))}</td>
                    <td class="num">{d.importance.map_or("–".to_string(), |c| format!("{} to {}", crate::format::fixed(c.ci_low, 2), crate::format::fixed(c.ci_high, 2)))}</td>
                    <td class="num">{d.importance.map_or(0, |c| c.n)}</td>
                    <td class="num">{format::score(d.performance.mean)}</td>
                </tr>
            })
            .collect_view();
        Some(view! {
            <div class="drv">
                <Panel title=format!("Key drivers — {wave}")>
                    <p class="muted">"Importance: Pearson correlation of each dimension with the NPS answer, over respondents who gave both (95% Fisher-z interval as a vertical bar). Performance: the dimension's score. Top left — important but below average — is where improvement pays most."</p>
                    <svg viewBox=format!("0 0 {W} {H}") class="drv-svg" role="group" aria-label="Key drivers: importance against performance" data-testid="drivers-chart">
                        <rect x=l y=t width=(x.map(mean_perf) - l).max(0.0) height=(y.map(median_r) - t).max(0.0) class="drv-quad"></rect>
                        <text x=l + 8.0 y=t + 16.0 class="drv-quad-label">"Fix first"</text>
                        {grid}
                        {xgrid}
                        <line x1=x.map(mean_perf) x2=x.map(mean_perf) y1=t y2=b class="drv-ref"></line>
                        <line x1=l x2=r y1=y.map(median_r) y2=y.map(median_r) class="drv-ref"></line>
                        <text x=(l + r) / 2.0 y=H - 6.0 text-anchor="middle" class="tr-tick">"Performance (mean score)"</text>
                        <text x=14.0 y=(t + b) / 2.0 text-anchor="middle" class="tr-tick" transform=format!("rotate(-90 14 {})", (t + b) / 2.0)>"Importance (r with NPS)"</text>
                        {points}
                    </svg>
                    <ChartSave title="Key drivers".to_string()/>
                </Panel>
                <Panel title="Table".to_string()>
                    <div class="tbl-scroll">
                        <table class="tbl">
                            <thead><tr><th>"Dimension"</th><th class="num">"r"</th><th class="num">"95% CI"</th><th class="num">"n"</th><th class="num">"Performance"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </Panel>
            </div>
        }.into_any())
    }
}
