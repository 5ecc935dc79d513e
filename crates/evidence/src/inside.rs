//! The inside view (issue 16; README, "The inside view"): the account teams' mirror of their
//! clients (perception gaps per dimension as a quadrant chart, blind spots, each owner's
//! calibration over the waves) and the obstacles survey (a diverging bar per statement, with
//! the change of agreement and its test), and an account's own gaps for the account view.

use leptos::prelude::*;

use rapport::app::browser::{focus, settle};
use rapport::app::components::{ChartSave, Panel};
use rapport::app::state::{use_app, AppState};
use rapport::chart::{diverging_bar, LinearScale};
use rapport::engine::model::{Metric, Target, N_METRICS};
use rapport::engine::summary::{
    calibration, obstacles, perception_gaps, AccountGaps, Calibration, Gap, GapKind,
    StatementShares,
};
use rapport::engine::Portfolio;
use rapport::format;
use rapport::route::View;

const W: f64 = 480.0;
const H: f64 = 400.0;

/// The five answers of the obstacles survey, disagreeing first.
const ANSWERS: [&str; 5] = [
    "Completely disagree",
    "Disagree",
    "Neutral",
    "Agree",
    "Completely agree",
];

fn kind_class(k: Option<GapKind>) -> &'static str {
    match k {
        Some(GapKind::BlindSpot) => "gap-chip gap-blind",
        Some(GapKind::KnownWeakness) => "gap-chip gap-known",
        Some(GapKind::UndervaluedStrength) => "gap-chip gap-under",
        None => "gap-chip",
    }
}

fn kind_id(k: Option<GapKind>) -> &'static str {
    k.map_or("", GapKind::id)
}

/// A gap in words: "client 3.20 (95% CI 2.52–3.88, 6 respondents) against the team's 5.50
/// (2 predictions): −2.30", the client's score marked indicative under five respondents.
fn gap_words(g: &Gap) -> String {
    format!(
        "client {} ({}, {} respondent{}{}) against the team's {} ({} prediction{}): {}",
        format::score(g.vs.client.mean),
        format::interval(&g.vs.client),
        g.vs.client.n,
        if g.vs.client.n == 1 { "" } else { "s" },
        if g.vs.client.is_small() {
            ", indicative"
        } else {
            ""
        },
        format::score(Some(g.vs.team)),
        g.vs.team_n,
        if g.vs.team_n == 1 { "" } else { "s" },
        format::signed(g.vs.gap, 2)
    )
}

/// A link to an account's view (through the page's history).
fn account_link(state: AppState, p: &Portfolio, a: usize) -> impl IntoView {
    let id = p.data.accounts[a].id.clone();
    let href = state.href(|r| r.open_account(&id));
    let h = href.clone();
    view! { <a href=href on:click=move |ev| crate::go(&ev, &h, None)>{p.data.accounts[a].name.clone()}</a> }
}

#[component]
pub fn InsideView() -> impl IntoView {
    view! {
        <div class="ins" data-testid="inside-view">
            <Perception/>
            <Obstacles/>
        </div>
    }
}

/// The perception gap of the scope: counts, the quadrant chart of one dimension, the blind
/// spots, and each owner's calibration wave by wave.
#[component]
fn Perception() -> impl IntoView {
    let state = use_app();
    let chosen = RwSignal::new(None::<Target>);
    // The wave's gaps and each wave's calibration up to it: worked out once per scope, not
    // again when another dimension is chosen.
    let gaps = Memo::new(move |_| {
        let (loaded, scope) = (state.loaded.get()?, state.scope.get()?);
        Some(perception_gaps(
            &loaded.portfolio,
            scope.wave,
            &scope.filter,
        ))
    });
    let per_wave = Memo::new(move |_| {
        let (loaded, scope) = (state.loaded.get()?, state.scope.get()?);
        let p = &loaded.portfolio;
        let now = gaps.get()?;
        Some(
            (0..scope.wave)
                .map(|w| calibration(p, &perception_gaps(p, w, &scope.filter)))
                .chain(std::iter::once(calibration(p, &now)))
                .collect::<Vec<_>>(),
        )
    });
    move || {
        let loaded = state.loaded.get()?;
        let scope = state.scope.get()?;
        let p = &loaded.portfolio;
        let wave = p.data.waves[scope.wave].label.clone();
        let gaps = gaps.get()?;
        if gaps.is_empty() {
            return Some(view! {
                <Panel title=format!("Perception gap — {wave}")>
                    <p class="muted" data-testid="perception-none">"No account in scope was both predicted by its team and heard from in this wave. The team's predictions are the data file's predictions (see README, The inside view)."</p>
                </Panel>
            }.into_any());
        }
        let all: Vec<(usize, &Gap)> = gaps
            .iter()
            .flat_map(|a| a.gaps.iter().map(move |g| (a.account, g)))
            .collect();
        let count = |k: GapKind| all.iter().filter(|(_, g)| g.kind == Some(k)).count();
        let (blind, under, known) = (
            count(GapKind::BlindSpot),
            count(GapKind::UndervaluedStrength),
            count(GapKind::KnownWeakness),
        );
        // The dimension shown: the user's, else the one with the most blind spots.
        let target = chosen.get().unwrap_or_else(|| {
            *Target::ALL
                .iter()
                .max_by_key(|t| {
                    (
                        all.iter()
                            .filter(|(_, g)| g.target == **t && g.kind == Some(GapKind::BlindSpot))
                            .count(),
                        std::cmp::Reverse(t.index()),
                    )
                })
                .unwrap_or(&Target::ALL[0])
        });
        let options = Target::ALL
            .iter()
            .map(|t| view! { <option value=t.id() selected=*t == target>{Metric::from(*t).label()}</option> })
            .collect_view();
        let scale = p.data.scale;
        let (l, r, t, b) = (52.0, W - 16.0, 12.0, H - 44.0);
        let x = LinearScale::new((scale.min, scale.max), (l, r));
        let y = LinearScale::new((scale.min, scale.max), (b, t));
        let [_, good, adequate, _] = p.data.model.bands;
        let ticks: Vec<f64> = (scale.min as i64..=scale.max as i64)
            .map(|v| v as f64)
            .collect();
        let grid = ticks
            .iter()
            .map(|&v| view! {
                <line x1=l x2=r y1=y.map(v) y2=y.map(v) class="tr-grid"></line>
                <text x=l - 6.0 y=y.map(v) + 4.0 text-anchor="end" class="tr-tick">{format!("{v:.0}")}</text>
                <text x=x.map(v) y=b + 18.0 text-anchor="middle" class="tr-tick">{format!("{v:.0}")}</text>
            })
            .collect_view();
        let label = Metric::from(target).label();
        // Left to right (the team's prediction, then the client's score): the order the arrow
        // keys go through them.
        let mut on: Vec<(usize, &Gap)> = gaps
            .iter()
            .filter_map(|a| {
                a.gaps
                    .iter()
                    .find(|g| g.target == target)
                    .map(|g| (a.account, g))
            })
            .collect();
        on.sort_by(|a, b| {
            a.1.vs.team.total_cmp(&b.1.vs.team).then(
                a.1.vs
                    .client
                    .mean
                    .unwrap_or(0.0)
                    .total_cmp(&b.1.vs.client.mean.unwrap_or(0.0)),
            )
        });
        let points = on
            .into_iter()
            .enumerate()
            .map(|(i, (a, g))| {
                let name = p.data.accounts[a].name.clone();
                let text = format!("{name}: {}{}", gap_words(g), g.kind.map_or(String::new(), |k| format!(" — {}", k.label())));
                let (cx, cy) = (x.map(g.vs.team), y.map(g.vs.client.mean.unwrap_or(g.vs.team)));
                let aria = text.clone();
                view! {
                    <g class=format!("quad-pt {}", kind_id(g.kind)) tabindex=if i == 0 { "0" } else { "-1" } role="img" aria-label=aria
                        on:keydown=quad_keys
                        data-testid="quad-pt" data-account=p.data.accounts[a].id.clone() data-kind=kind_id(g.kind)>
                        <title>{text}</title>
                        <circle cx=cx cy=cy r="6"></circle>
                    </g>
                }
            })
            .collect_view();
        let spots = all
            .iter()
            .filter(|(_, g)| g.kind == Some(GapKind::BlindSpot))
            .map(|&(a, g)| {
                let dim = Metric::from(g.target).label();
                view! {
                    <li data-testid="blind-spot" data-account=p.data.accounts[a].id.clone() data-dimension=g.target.id() data-gap=format::raw(Some(g.vs.gap))>
                        {account_link(state, p, a)}{format!(" — {dim}: {}", gap_words(g))}
                    </li>
                }
            })
            .collect_view();
        let calibration_rows = owners_over_waves(&per_wave.get()?);
        let waves_head = (0..=scope.wave)
            .map(|w| view! { <th scope="col" class="num">{p.data.waves[w].label.clone()}</th> })
            .collect_view();
        Some(view! {
            <Panel title=format!("Perception gap — {wave}") class="ins-gap">
                <p data-testid="perception-summary" data-accounts=gaps.len() data-blind=blind data-undervalued=under data-known=known>
                    {format!("Accounts predicted by their teams and heard from: {}. Blind spots: {blind} (the team believes a dimension strong, the client rates it weak, wholly below the team's view). Undervalued strengths: {under}. Weaknesses both see: {known}.", gaps.len())}
                </p>
                <label class="ins-pick">"Dimension "
                    <select data-testid="gap-dimension" on:change=move |ev| {
                        chosen.set(Target::from_id(&event_target_value(&ev)));
                        // The panel is drawn again: the focus stays on the select.
                        settle(|| focus(document().query_selector("[data-testid=gap-dimension]")));
                    }>{options}</select>
                </label>
                <svg viewBox=format!("0 0 {W} {H}") class="quad-svg" role="group" aria-label=format!("{label}: client score against the team's prediction, per account") data-testid="quadrant" data-dimension=target.id()>
                    <rect x=x.map(good) y=y.map(adequate) width=(r - x.map(good)).max(0.0) height=(b - y.map(adequate)).max(0.0) class="quad-blind"></rect>
                    <text x=r - 6.0 y=b - 8.0 text-anchor="end" class="drv-quad-label">"Blind spots"</text>
                    {grid}
                    <line x1=x.map(scale.min) y1=y.map(scale.min) x2=x.map(scale.max) y2=y.map(scale.max) class="drv-ref"></line>
                    <text x=(l + r) / 2.0 y=H - 6.0 text-anchor="middle" class="tr-tick">"The team's prediction"</text>
                    <text x=14.0 y=(t + b) / 2.0 text-anchor="middle" class="tr-tick" transform=format!("rotate(-90 14 {})", (t + b) / 2.0)>"The client's score"</text>
                    {points}
                </svg>
                <p class="muted small">"On the diagonal the team sees what the client sees; below it the team thinks better of itself than the client does. The shaded corner: strong in the team's eyes (Good or above), weak in the client's (Vulnerable or at risk)."</p>
                <ChartSave title=format!("Perception gap: {label}")/>
                <h3 class="ev-sub">{format!("Blind spots ({blind})")}</h3>
                {if blind == 0 {
                    view! { <p class="muted" data-testid="blind-spots-none">"None in scope."</p> }.into_any()
                } else {
                    view! { <ul class="ev-accounts" data-testid="blind-spots">{spots}</ul> }.into_any()
                }}
                <h3 class="ev-sub">"Each owner's calibration: mean absolute gap, wave by wave (lower is better)"</h3>
                <div class="tbl-scroll">
                    <table class="tbl compact" data-testid="calibration">
                        <thead><tr><th scope="col">"Owner"</th>{waves_head}<th scope="col" class="num">"Blind spots now"</th></tr></thead>
                        <tbody>{calibration_rows}</tbody>
                    </table>
                </div>
            </Panel>
        }.into_any())
    }
}

/// The mirror: per dimension, the client's score with its 95% interval (a dot on a bar) and
/// the team's prediction (a diamond) on the scale, blind spots marked. The table below holds
/// the same figures as text.
fn mirror(p: &Portfolio, gaps: &AccountGaps) -> impl IntoView + use<> {
    const MW: f64 = 560.0;
    const ROW: f64 = 22.0;
    let scale = p.data.scale;
    let (l, r) = (150.0, MW - 16.0);
    let x = LinearScale::new((scale.min, scale.max), (l, r));
    let h = ROW * gaps.gaps.len() as f64 + 26.0;
    let ticks = (scale.min as i64..=scale.max as i64)
        .map(|v| {
            let v = v as f64;
            view! {
                <line x1=x.map(v) x2=x.map(v) y1="0" y2=h - 20.0 class="tr-grid"></line>
                <text x=x.map(v) y=h - 6.0 text-anchor="middle" class="tr-tick">{format!("{v:.0}")}</text>
            }
        })
        .collect_view();
    let rows = gaps
        .gaps
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let y = ROW * i as f64 + ROW / 2.0;
            let c = g.vs.client.mean.unwrap_or(g.vs.team);
            let (lo, hi) = (g.vs.client.ci_low.unwrap_or(c), g.vs.client.ci_high.unwrap_or(c));
            let clamp = |v: f64| x.map(v.clamp(scale.min, scale.max));
            let (t, d) = (x.map(g.vs.team), 6.0);
            view! {
                <g class=format!("mirror-row {}", kind_id(g.kind)) data-testid="mirror-row" data-dimension=g.target.id()>
                    <text x=l - 8.0 y=y + 4.0 text-anchor="end" class="tr-tick">{Metric::from(g.target).label()}</text>
                    <line x1=clamp(lo) x2=clamp(hi) y1=y y2=y class="mirror-ci"></line>
                    <circle cx=clamp(c) cy=y r="5" class="mirror-client"></circle>
                    <path d=format!("M{t} {} L{} {y} L{t} {} L{} {y} Z", y - d, t + d, y + d, t - d) class="mirror-team"></path>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg viewBox=format!("0 0 {MW} {h}") class="mirror-svg" role="img" data-testid="mirror"
            aria-label="The client's score with its 95% interval (dot and bar) and the team's prediction (diamond), per dimension; the table below gives the figures">
            {ticks}
            {rows}
        </svg>
        <p class="muted small mirror-key">"● the client's score and its 95% interval · ◆ the team's prediction (also on the level diagram above)"</p>
    }
}

/// Arrow keys between the quadrant's points: the chart is one Tab stop (the point last
/// reached has `tabindex` 0, the others -1). → and ↓ go to the next point, ← and ↑ to the one
/// before, Home and End to the ends (as the trend charts do).
fn quad_keys(ev: web_sys::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let Some(at) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let siblings = |first: bool| {
        at.parent_element()
            .and_then(|svg| svg.query_selector_all(".quad-pt").ok())
            .and_then(|all| {
                all.item(if first {
                    0
                } else {
                    all.length().wrapping_sub(1)
                })
            })
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
    };
    let next = match ev.key().as_str() {
        "ArrowRight" | "ArrowDown" => at.next_element_sibling(),
        "ArrowLeft" | "ArrowUp" => at.previous_element_sibling(),
        "Home" => siblings(true),
        "End" => siblings(false),
        _ => return,
    };
    ev.prevent_default();
    let Some(next) = next.filter(|n| n.class_list().contains("quad-pt")) else {
        return;
    };
    let _ = at.set_attribute("tabindex", "-1");
    let _ = next.set_attribute("tabindex", "0");
    if let Ok(next) = next.dyn_into::<web_sys::SvgElement>() {
        let _ = next.focus();
    }
}

/// Each owner in scope: the mean absolute gap of each wave up to the one on screen (`per_wave`,
/// oldest first; blank when their team predicted nothing then), and the blind spots in it.
fn owners_over_waves(per_wave: &[Vec<Calibration>]) -> impl IntoView {
    let mut owners: Vec<String> = per_wave.iter().flatten().map(|c| c.owner.clone()).collect();
    owners.sort();
    owners.dedup();
    owners
        .into_iter()
        .map(|o| {
            let cells = per_wave
                .iter()
                .map(|cs| {
                    let c = cs.iter().find(|c| c.owner == o);
                    view! { <td class="num" data-value=format::raw(c.map(|c| c.mean_abs_gap))>{c.map_or("–".to_string(), |c| format!("{} ({} gaps)", format::fixed(c.mean_abs_gap, 2), c.n))}</td> }
                })
                .collect_view();
            let now = per_wave
                .last()
                .and_then(|cs| cs.iter().find(|c| c.owner == o))
                .map_or(0, |c| c.blind_spots);
            view! { <tr data-testid="calibration-row" data-owner=o.clone()><th scope="row">{o.clone()}</th>{cells}<td class="num">{now}</td></tr> }
        })
        .collect_view()
}

/// The obstacles survey in the wave: a diverging bar per statement (neutral centred), sorted
/// by agreement, with n and the change of agreement since the wave before; by department.
#[component]
fn Obstacles() -> impl IntoView {
    let state = use_app();
    let department = RwSignal::new(None::<String>);
    move || {
        let loaded = state.loaded.get()?;
        let scope = state.scope.get()?;
        let p = &loaded.portfolio;
        let inside = &p.data.inside;
        let wave = p.data.waves[scope.wave].label.clone();
        if inside.statements.is_empty() {
            return Some(view! {
                <Panel title=format!("Obstacles to customer centricity — {wave}")>
                    <p class="muted" data-testid="obstacles-none">"The data file has no obstacles survey: its statements and the staff's internal answers (see README, The inside view)."</p>
                </Panel>
            }.into_any());
        }
        let mut departments: Vec<String> = inside
            .internal
            .iter()
            .filter_map(|a| a.department.clone())
            .collect();
        departments.sort();
        departments.dedup();
        let dept = department.get();
        let options = departments
            .iter()
            .map(|d| view! { <option value=d.clone() selected=dept.as_deref() == Some(d.as_str())>{d.clone()}</option> })
            .collect_view();
        let mut shares = obstacles(p, scope.wave, dept.as_deref());
        shares.sort_by(|a, b| b.agree.unwrap_or(-1.0).total_cmp(&a.agree.unwrap_or(-1.0)));
        let before = scope
            .wave
            .checked_sub(1)
            .map(|w| p.data.waves[w].label.clone());
        let rows = shares
            .iter()
            .map(|s| statement_row(p, s, before.as_deref()))
            .collect_view();
        let legend = ANSWERS
            .iter()
            .enumerate()
            .map(|(i, a)| view! { <li><svg viewBox="0 0 12 12" class="ob-sw" aria-hidden="true"><rect width="12" height="12" class=format!("ob-{}", i + 1)></rect></svg>{*a}</li> })
            .collect_view();
        Some(view! {
            <Panel title=format!("Obstacles to customer centricity — {wave}") class="ins-ob">
                <label class="ins-pick">"Department "
                    <select data-testid="ob-department" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        department.set((!v.is_empty()).then_some(v));
                        settle(|| focus(document().query_selector("[data-testid=ob-department]")));
                    }>
                        <option value="" selected=dept.is_none()>"All departments"</option>
                        {options}
                    </select>
                </label>
                <ul class="ob-legend" aria-label="Answers">{legend}</ul>
                <ol class="ob-list" data-testid="obstacles">{rows}</ol>
                <p class="muted small">"Agreement: the share answering agree or completely agree. Its change since the wave before is tested with the two-proportion test (as R's prop.test without continuity correction); a change is marked only when p < 0.05."</p>
            </Panel>
        }.into_any())
    }
}

/// One statement: its text, its diverging bar, and its agreement with n and change.
fn statement_row(p: &Portfolio, s: &StatementShares, before: Option<&str>) -> impl IntoView {
    let st = &p.data.inside.statements[s.statement];
    const BW: f64 = 400.0;
    let mid = BW / 2.0;
    let segments = diverging_bar(s.counts, BW)
        .into_iter()
        .enumerate()
        .map(|(i, (x, w))| {
            view! { <rect x=x y="2" width=w height="16" class=format!("ob-{}", i + 1)><title>{format!("{}: {} of {}", ANSWERS[i], s.counts[i], s.n)}</title></rect> }
        })
        .collect_view();
    let change = s.change.map(|c| {
        let since = before.unwrap_or("the wave before");
        let mark = if c.significant { " (significant)" } else { "" };
        format!(
            " · {} pts since {since} (95% CI {} to {}; {}){mark}",
            format::signed(c.delta * 100.0, 0),
            format::signed(c.ci_low * 100.0, 0),
            format::signed(c.ci_high * 100.0, 0),
            format::p_value(c.p)
        )
    });
    let significant = s.change.is_some_and(|c| c.significant);
    let aria = format!("{}: {} agree of {}", st.text, format::percent(s.agree), s.n);
    view! {
        <li data-testid="obstacle" data-statement=st.id.clone() data-n=s.n data-agree=format::raw(s.agree) data-delta=format::raw(s.change.map(|c| c.delta)) class:ob-moved=significant>
            <p class="ob-text">{st.text.clone()}</p>
            <svg viewBox=format!("0 0 {BW} 20") class="ob-bar" role="img" aria-label=aria>
                {segments}
                <line x1=mid x2=mid y1="0" y2="20" class="ob-mid"></line>
            </svg>
            <p class="muted small">{format!("{} of {} agree", format::percent(s.agree), s.n)}{change}</p>
        </li>
    }
}

/// The team's prediction of each metric of the account on screen, as the account view's
/// level diagram takes it: the wave's index, then a value per metric (NaN where the team made
/// none, or the client was not heard); `None` when it predicted nothing. Held as bits, so that
/// an unchanged answer (NaN included) compares equal and is not sent again.
fn team_values(state: AppState) -> Option<Vec<u64>> {
    let loaded = state.loaded.get()?;
    let scope = state.scope.get()?;
    let p = &loaded.portfolio;
    let (_, filter) = crate::data::account_scope(state, p, &scope)?;
    let gaps = perception_gaps(p, scope.wave, &filter).into_iter().next()?;
    let mut team = [f64::NAN; N_METRICS + 1];
    team[0] = scope.wave as f64;
    for gap in &gaps.gaps {
        team[1 + Metric::from(gap.target).index()] = gap.vs.team;
    }
    Some(team.iter().map(|v| v.to_bits()).collect())
}

/// Hands the account view `team` (see `team_values`; `null` for none) as the `detail` of a
/// `rapport-team` event: the page's module holds no inside data, and draws the predictions as
/// markers on the account's level diagram.
fn tell_page(team: Option<&[u64]>) {
    let detail = team.map_or(wasm_bindgen::JsValue::NULL, |t| {
        let values: Vec<f64> = t.iter().map(|b| f64::from_bits(*b)).collect();
        js_sys::Float64Array::from(&values[..]).into()
    });
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict("rapport-team", &init) {
        let _ = window().dispatch_event(&e);
    }
}

/// An account's gaps in the wave on screen: the client's score and the team's prediction per
/// dimension side by side, the gap with its interval, and what it reads as. It tells the
/// account view the team's predictions whenever they change, and that there are none when it
/// goes (another view, a failed reading).
#[component]
pub fn AccountGapsPanel() -> impl IntoView {
    let state = use_app();
    let team = Memo::new(move |_| team_values(state));
    Effect::new(move |_| team.with(|t| tell_page(t.as_deref())));
    on_cleanup(|| tell_page(None));
    move || {
        let loaded = state.loaded.get()?;
        let scope = state.scope.get()?;
        let p = &loaded.portfolio;
        let (_, filter) = crate::data::account_scope(state, p, &scope)?;
        // Named: the pack prints this panel on a page of its own.
        let title = format!(
            "The team's view of {}",
            p.data.accounts[filter.account?].name
        );
        let gaps: Option<AccountGaps> = perception_gaps(p, scope.wave, &filter).into_iter().next();
        let Some(gaps) = gaps.filter(|g| !g.gaps.is_empty() || g.nps.is_some()) else {
            return Some(view! {
                <Panel title=title class="ev-mirror">
                    <p class="muted" data-testid="account-gaps-none">"The account team made no prediction for this account in this wave (or the client was not heard)."</p>
                </Panel>
            }.into_any());
        };
        let rows = gaps
            .gaps
            .iter()
            .map(|g| {
                let dim = Metric::from(g.target).label();
                view! {
                    <tr data-testid="account-gap" data-dimension=g.target.id() data-kind=kind_id(g.kind) data-gap=format::raw(Some(g.vs.gap))>
                        <th scope="row">{dim}</th>
                        <td class="num" class:small=g.vs.client.is_small()>{format!("{} ({}, n = {})", format::score(g.vs.client.mean), format::interval(&g.vs.client), g.vs.client.n)}</td>
                        <td class="num">{format!("{} (n = {})", format::score(Some(g.vs.team)), g.vs.team_n)}</td>
                        <td class="num">{format!("{} ({} to {})", format::signed(g.vs.gap, 2), g.vs.gap_low.map_or("–".into(), |v| format::signed(v, 2)), g.vs.gap_high.map_or("–".into(), |v| format::signed(v, 2)))}</td>
                        <td>{g.kind.map(|k| view! { <span class=kind_class(Some(k))>{k.label()}</span> })}</td>
                    </tr>
                }
            })
            .collect_view();
        let nps = gaps.nps.as_ref().map(|n| view! {
            <tr data-testid="account-gap" data-dimension="nps" data-kind="" data-gap=format::raw(Some(n.gap))>
                <th scope="row">"NPS answer (0–10)"</th>
                <td class="num">{format!("{} ({})", format::fixed(n.client.mean.unwrap_or(0.0), 1), format::interval(&n.client))}</td>
                <td class="num">{format!("{} (n = {})", format::fixed(n.team, 1), n.team_n)}</td>
                <td class="num">{format!("{} ({} to {})", format::signed(n.gap, 1), n.gap_low.map_or("–".into(), |v| format::signed(v, 1)), n.gap_high.map_or("–".into(), |v| format::signed(v, 1)))}</td>
                <td></td>
            </tr>
        });
        let blind = gaps
            .gaps
            .iter()
            .filter(|g| g.kind == Some(GapKind::BlindSpot))
            .count();
        let href = state.href(|r| r.view = View::Inside);
        let h = href.clone();
        let chart = mirror(p, &gaps);
        Some(view! {
            <Panel title=title class="ev-mirror">
                <p data-testid="account-blind" data-value=blind>{if blind == 0 {
                    "No blind spot shows: wherever the team believed a dimension strong, the client's score was not weak, or too few answered to tell.".to_string()
                } else {
                    let which: Vec<String> = gaps
                        .gaps
                        .iter()
                        .filter(|g| g.kind == Some(GapKind::BlindSpot))
                        .map(|g| format!("{} (client {}, team {})", Metric::from(g.target).label(), format::score(g.vs.client.mean), format::score(Some(g.vs.team))))
                        .collect();
                    format!("Blind spots, which the team believes strong and the client rates weak: {}.", which.join("; "))
                }}</p>
                {chart}
                <div class="tbl-scroll">
                    <table class="tbl compact" data-testid="account-gaps">
                        <thead><tr><th scope="col">"Dimension"</th><th scope="col" class="num">"Client (95% CI)"</th><th scope="col" class="num">"Team's prediction"</th><th scope="col" class="num">"Gap (95% CI)"</th><th scope="col">"Reading"</th></tr></thead>
                        <tbody>{rows}{nps}</tbody>
                    </table>
                </div>
                <p class="muted small">"Gap: the client's score less the team's mean prediction; its interval is the client's 95% interval, the team's mean taken as the reference. "
                    <span class="no-print"><a href=href on:click=move |ev| crate::go(&ev, &h, None)>"The portfolio's perception gap"</a>"."</span></p>
            </Panel>
        }.into_any())
    }
}
