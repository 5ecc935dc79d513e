//! Key drivers (SPEC §2.7): how strongly each dimension goes with the NPS answer
//! (importance) against how well it scores (performance); the regressions that predict the
//! NPS answer and commitment from the dimensions together, and a what-if on the first.

use leptos::prelude::*;

use rapport::app::components::{ChartSave, Panel};
use rapport::app::state::use_app;
use rapport::chart::{nice_ticks, LinearScale};
use rapport::engine::model::Dimension;
use rapport::engine::summary::{driver_regression, what_if, Outcome, COLLINEAR_VIF, MIN_DF};
use rapport::format;

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
        rapport::engine::sort::sort_by(&mut rs, f64::total_cmp);
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
                let f = |v| rapport::format::fixed(v, 2);
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
                    <td class="num">{d.importance.map_or("–".to_string(), |c| rapport::format::fixed(c.r, 2))}</td>
                    <td class="num">{d.importance.map_or("–".to_string(), |c| format!("{} to {}", rapport::format::fixed(c.ci_low, 2), rapport::format::fixed(c.ci_high, 2)))}</td>
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
                <Regressions/>
                <WhatIfPanel/>
            </div>
        }.into_any())
    }
}

/// The driver regressions of the scope (NPS answer, commitment): coefficients with their
/// intervals and p-values, fit, and the collinearity warning.
#[component]
fn Regressions() -> impl IntoView {
    let state = use_app();
    move || {
        let loaded = state.loaded.get()?;
        let scope = state.scope.get()?;
        let p = &loaded.portfolio;
        let f = |v: f64| format::fixed(v, 2);
        let panels = [Outcome::Nps, Outcome::Commitment]
            .into_iter()
            .map(|outcome| {
                let (title, id) = match outcome {
                    Outcome::Nps => ("What predicts the NPS answer", "nps"),
                    Outcome::Commitment => ("What predicts commitment", "commitment"),
                };
                let Some(r) = driver_regression(p, scope.wave, &scope.filter, outcome) else {
                    return view! {
                        <Panel title=title.to_string()>
                            <p class="empty" data-testid=format!("regression-{id}-empty")>
                                {format!("A regression on the dimensions needs at least {} more respondents than dimensions who answered all of them, in this wave and scope.", MIN_DF + 1)}
                            </p>
                        </Panel>
                    }
                    .into_any();
                };
                let rows = r
                    .predictors
                    .iter()
                    .zip(r.fit.coefficients.iter().skip(1))
                    .zip(&r.fit.vif)
                    .map(|((d, c), &vif)| view! {
                        <tr data-testid=format!("regression-{id}-{}", d.id()) data-value=format::raw(Some(c.estimate))
                            class:ev-significant={c.p.is_some_and(|p| p < 0.05)}>
                            <th scope="row">{d.label()}</th>
                            <td class="num">{f(c.estimate)}</td>
                            <td class="num">{f(c.se)}</td>
                            <td class="num">{format!("{} to {}", f(c.ci_low), f(c.ci_high))}</td>
                            <td class="num">{format::p_value(c.p)}</td>
                            <td class="num" class:ev-warn={vif >= COLLINEAR_VIF}>{format::fixed(vif, 1)}</td>
                        </tr>
                    })
                    .collect_view();
                let collinear: Vec<&str> = r
                    .predictors
                    .iter()
                    .zip(&r.fit.vif)
                    .filter(|(_, &v)| v >= COLLINEAR_VIF)
                    .map(|(d, _)| d.label())
                    .collect();
                let fit = &r.fit;
                let (n, r2) = (fit.n, format::raw(Some(fit.r2)));
                let summary = format!(
                    "Least squares over the {} respondents who answered every dimension: R² {} (adjusted {}), residual standard error {}.",
                    fit.n, f(fit.r2), f(fit.adj_r2), f(fit.sigma)
                );
                let warning = (!collinear.is_empty()).then(|| format!(
                    "Collinear: {} have a variance inflation factor of {COLLINEAR_VIF} or more. They move together, so their separate coefficients are unstable; read them as a group.",
                    collinear.join(", ")
                ));
                view! {
                    <Panel title=title.to_string()>
                        <p data-testid=format!("regression-{id}-fit") data-n=n data-r2=r2>{summary}</p>
                        {warning.map(|w| view! {
                            <p class="ev-warn" role="note" data-testid=format!("regression-{id}-collinear")>{w}</p>
                        })}
                        <div class="tbl-scroll">
                            <table class="tbl">
                                <thead><tr><th>"Dimension"</th><th class="num">"Coefficient"</th><th class="num">"SE"</th><th class="num">"95% CI"</th><th class="num">"p"</th><th class="num">"VIF"</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <p class="muted">"A coefficient is the change of the outcome with one point more on that dimension, the others held equal: an association in this data, not a proven cause."</p>
                    </Panel>
                }
                .into_any()
            })
            .collect_view();
        Some(view! { <div class="ev-two">{panels}</div> })
    }
}

/// What if a dimension rose by Δ for the scope or one of its accounts: the NPS regression's
/// prediction for their NPS answers, NPS and share of promoters.
#[component]
fn WhatIfPanel() -> impl IntoView {
    let state = use_app();
    // The dimension chosen; until then, the one with the largest coefficient.
    let chosen = RwSignal::new(None::<Dimension>);
    let delta = RwSignal::new(0.5_f64);
    let account = RwSignal::new(None::<usize>);
    move || {
        let loaded = state.loaded.get()?;
        let scope = state.scope.get()?;
        let p = &loaded.portfolio;
        let fit = driver_regression(p, scope.wave, &scope.filter, Outcome::Nps)?;
        let largest = fit
            .predictors
            .iter()
            .zip(fit.fit.coefficients.iter().skip(1))
            .max_by(|a, b| a.1.estimate.total_cmp(&b.1.estimate))
            .map_or(Dimension::Trust, |(&d, _)| d);
        let dimension = move || chosen.get().unwrap_or(largest);
        let cur = state.current.get()?;
        let options = cur
            .accounts
            .iter()
            .map(|a| {
                let name = p.data.accounts[a.account].name.clone();
                let i = a.account;
                view! { <option value=i.to_string() selected=move || account.get() == Some(i)>{name}</option> }
            })
            .collect_view();
        let dims = Dimension::ALL
            .iter()
            .map(|&d| view! { <option value=d.id() selected=move || dimension() == d>{d.label()}</option> })
            .collect_view();
        let f = |v: f64| format::fixed(v, 2);
        let f1 = |v: f64| format::fixed(v, 1);
        let result = move || {
            let loaded = state.loaded.get()?;
            let p = &loaded.portfolio;
            let group = rapport::engine::Filter {
                account: account.get(),
                ..scope.filter.clone()
            };
            let (d, dv) = (dimension(), delta.get());
            let who = account.get().map_or_else(
                || "this scope".to_string(),
                |a| p.data.accounts[a].name.clone(),
            );
            let Some(w) = what_if(p, &fit, scope.wave, &group, d, dv) else {
                return Some(view! { <p class="empty" data-testid="whatif-result">{format!("{who} has no NPS answer in this wave.")}</p> }.into_any());
            };
            Some(view! {
                <div data-testid="whatif-result" data-n=w.n
                    data-answer=format::raw(Some(w.answer.0))
                    data-nps=format::raw(Some(w.nps.0)) data-nps-low=format::raw(Some(w.nps.1)) data-nps-high=format::raw(Some(w.nps.2))
                    data-promoters=format::raw(Some(w.promoters.0))>
                    <p>
                        {format!("Raising {} by {} for {who} goes with a change of ", d.label().to_lowercase(), f(dv))}
                        <strong>{format!("{} points", format::signed(w.answer.0, 2))}</strong>
                        {format!(" in each NPS answer (95% CI {} to {}), over {} respondents:", f(w.answer.1), f(w.answer.2), w.n)}
                    </p>
                    <dl class="ev-whatif">
                        <dt>"NPS"</dt>
                        <dd>{format!("{} → {} (95% CI {} to {})", f1(w.nps_now), f1(w.nps.0), f1(w.nps.1), f1(w.nps.2))}</dd>
                        <dt>"Promoters"</dt>
                        <dd>{format!("{}% → {}% (95% CI {}% to {}%)", f1(w.promoters_now), f1(w.promoters.0), f1(w.promoters.1), f1(w.promoters.2))}</dd>
                    </dl>
                </div>
            }.into_any())
        };
        Some(view! {
            <Panel title="What if?".to_string() class="ev-whatif-panel">
                <div class="ev-controls">
                    <label>"Dimension "
                        <select data-testid="whatif-dimension" on:change=move |ev| {
                            if let Some(d) = Dimension::ALL.into_iter().find(|d| d.id() == event_target_value(&ev)) {
                                chosen.set(Some(d));
                            }
                        }>{dims}</select>
                    </label>
                    <label>"Raised by "
                        <input type="number" step="0.1" min="-6" max="6" inputmode="decimal" data-testid="whatif-delta"
                            prop:value=move || delta.get().to_string()
                            on:change=move |ev| {
                                if let Ok(v) = event_target_value(&ev).trim().replace(',', ".").parse::<f64>() {
                                    if v.is_finite() {
                                        delta.set(v);
                                    }
                                }
                            }/>
                        " points"
                    </label>
                    <label>"For "
                        <select data-testid="whatif-account" on:change=move |ev| account.set(event_target_value(&ev).parse().ok())>
                            <option value="" selected=move || account.get().is_none()>"this scope"</option>
                            {options}
                        </select>
                    </label>
                </div>
                <div aria-live="polite">{result}</div>
                <p class="muted">"From the regression above, fitted on this scope: each answer moves by the coefficient × the rise (on the 0–10 scale, in expectation), and promoters (9–10) and detractors (0–6) are counted again. It is an association in this data, not a proven cause: raising a dimension may not move NPS as much."</p>
            </Panel>
        })
    }
}
