//! The targets, set in the app (the Model view): each one's metric, whose score, wave and
//! value, changed in place and saved in this browser beside the plans (the page and these
//! panels follow at once, another tab when it is saved); added, removed, exported as a file,
//! or given back to the data file's. Saved targets that cannot be used are explained, each
//! one located, with the ways out.

use std::sync::Arc;

use leptos::prelude::*;
use rapport::app::browser::{download, focus, settle};
use rapport::app::components::Panel;
use rapport::app::plans::{save_targets, saved_targets_text, set_targets};
use rapport::app::state::{use_app, AppState, Loaded};
use rapport::engine::model::{Goal, GoalScope, Level, Measure, Metric, Scale, Target};
use rapport::engine::plan::store::SerdeJson;
use rapport::engine::plan::targets::{read_saved_targets, targets_file};
use rapport::engine::Dataset;

/// The targets of a saved targets file, or why they cannot be used as a whole.
pub fn read(text: &str, identity: &str, scale: Scale) -> Result<Vec<Goal>, String> {
    read_saved_targets::<SerdeJson>(text, identity, scale).map_err(|e| e.to_string())
}

/// Puts the targets of the saved text `saved` in force on these panels (none: the data
/// file's), as the page does.
pub fn follow(state: AppState, loaded: &Loaded, saved: Option<String>) {
    let scale = loaded.portfolio.data.scale;
    let read = saved.map(|t| read(&t, &loaded.identity, scale));
    set_targets(state, loaded, read);
}

/// What a target can be set on, in the order offered: CRQ, NPS, the levels, then the
/// dimensions and Solution.
fn measures() -> Vec<Measure> {
    let mut out = vec![Measure::Metric(Metric::Crq), Measure::Nps];
    out.extend(Level::ALL.map(|l| Measure::Metric(Metric::Level(l))));
    out.extend(Target::ALL.map(|t| Measure::Metric(Metric::from(t))));
    out
}

/// A scope as an option's value: `portfolio`, `segment:…`, `owner:…`, `account:…`.
fn scope_value(scope: &GoalScope) -> String {
    match scope {
        GoalScope::Portfolio => "portfolio".to_string(),
        GoalScope::Segment(s) => format!("segment:{s}"),
        GoalScope::Owner(o) => format!("owner:{o}"),
        GoalScope::Account(a) => format!("account:{a}"),
    }
}

fn scope_of(value: &str) -> GoalScope {
    match value.split_once(':') {
        Some(("segment", s)) => GoalScope::Segment(s.to_string()),
        Some(("owner", o)) => GoalScope::Owner(o.to_string()),
        Some(("account", a)) => GoalScope::Account(a.to_string()),
        _ => GoalScope::Portfolio,
    }
}

/// The bounds of a target of `measure` in this data set.
fn bounds(data: &Dataset, measure: Measure) -> (f64, f64) {
    measure.bounds(data.scale)
}

/// A first value for a target of `measure`: a little above where the scope on screen stands
/// now (the next tenth of a score; the next multiple of 5 of NPS), else the scale's middle.
fn first_value(state: AppState, loaded: &Loaded, measure: Measure) -> f64 {
    let (low, high) = bounds(&loaded.portfolio.data, measure);
    let now = state.current.get_untracked();
    let value = match measure {
        Measure::Nps => now
            .and_then(|c| c.nps.score)
            .map_or(0.0, |s| (s / 5.0).floor() * 5.0 + 5.0),
        Measure::Metric(m) => now
            .and_then(|c| c.metric(m).mean)
            .map_or((low + high) / 2.0, |s| ((s * 10.0).floor() + 1.0) / 10.0),
    };
    value.clamp(low, high)
}

/// Changes the targets in force and saves them; `Err` (shown) when the browser would not
/// keep them. The control that had the focus gets it back once the table is drawn again.
fn change(
    state: AppState,
    loaded: &Loaded,
    problem: RwSignal<Option<String>>,
    edit: impl FnOnce(&mut Vec<Goal>),
) {
    let mut goals = state.targets.get_untracked();
    edit(&mut goals);
    for (at, g) in goals.iter_mut().enumerate() {
        g.at = at;
    }
    let had_focus = document()
        .active_element()
        .map(|e| e.id())
        .filter(|id| !id.is_empty());
    problem.set(
        save_targets(loaded, Some(&goals))
            .err()
            .map(|why| format!("These targets are in force on this page but not saved: {why}. Export them to keep them.")),
    );
    if let Some(id) = had_focus {
        settle(move || focus(document().query_selector(&format!("#{id}"))));
    }
}

#[component]
pub fn TargetsEditor() -> impl IntoView {
    let state = use_app();
    let problem = RwSignal::new(None::<String>);
    move || {
        let loaded = state.loaded.get()?;
        let goals = state.targets.get();
        let notice = state.targets_notice.get();
        let saved = saved_targets_text(&loaded.identity);
        let in_app = saved.is_some() && notice.is_none();
        let rows = goals
            .iter()
            .enumerate()
            .map(|(i, g)| row(state, &loaded, problem, i, g))
            .collect_view();
        let (l1, l2, l3, l4) = (
            loaded.clone(),
            loaded.clone(),
            loaded.clone(),
            loaded.clone(),
        );
        let add = move |_| {
            let value = first_value(state, &l1, Measure::Metric(Metric::Crq));
            change(state, &l1, problem, |g| {
                g.push(Goal {
                    measure: Measure::Metric(Metric::Crq),
                    scope: GoalScope::Portfolio,
                    wave: None,
                    value,
                    at: 0,
                })
            });
            let n = state.targets.with_untracked(Vec::len);
            settle(move || focus(document().query_selector(&format!("#target-{}-metric", n - 1))));
        };
        let export = move |_| {
            let goals = state.targets.get_untracked();
            let file = targets_file(&l2.identity, l2.portfolio.data.title.as_deref(), &goals);
            let text = serde_json::to_string_pretty(&file).unwrap_or_default();
            download("rapport-targets.json", &text, "application/json");
        };
        let to_file = move |_| {
            problem.set(save_targets(&l3, None).err().map(|why| format!("The data file's targets are in force on this page, but the saved ones could not be cleared: {why}.")));
        };
        let origin = if in_app {
            "Set in this browser, saved beside the plans: they are used in place of the data file's targets (model.targets), and \"Export data file with plans\" writes them in."
        } else if notice.is_some() {
            "The data file's targets (model.targets) are in force: the targets saved in this browser cannot be used (below). A change here saves these in their place."
        } else {
            "From the data file (model.targets). A change here is saved in this browser, beside the plans, and used in their place."
        };
        let repair = saved.and_then(|text| repair(state, &l4, problem, text, notice.is_some()));
        let n = goals.len();
        Some(view! {
            <Panel title="Targets".to_string() class="ev-targets">
                <div id="targets" data-testid="targets-editor" data-origin=if in_app { "app" } else { "file" }>
                    <p class="muted" data-testid="targets-origin">{origin}</p>
                    {repair}
                    {move || problem.get().map(|p| view! { <p class="fail" role="alert" data-testid="targets-problem">{p}</p> })}
                    {if n == 0 {
                        view! { <p class="muted" data-testid="targets-empty">"No targets are set."</p> }.into_any()
                    } else {
                        view! {
                            <div class="tbl-scroll">
                                <table class="tbl compact tg-edit">
                                    <thead><tr><th scope="col">"Metric"</th><th scope="col">"Whose score"</th><th scope="col">"Wave"</th><th scope="col" class="num">"Target"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th></tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                    <div class="plan-tools">
                        <button class="btn" data-testid="target-add" on:click=add>"Add a target"</button>
                        <button class="btn btn-quiet" data-testid="targets-export" on:click=export>"Export targets"</button>
                        {in_app.then(|| view! { <button class="btn btn-quiet" data-testid="targets-to-file" on:click=to_file>"Use the data file's targets"</button> })}
                    </div>
                    <p class="muted small">"A target is judged by the score's 95% interval: above or below it only when the whole interval is. A target for one wave takes the place of the every-wave target of the same metric and score in that wave."</p>
                </div>
            </Panel>
        })
    }
}

/// Why the saved targets cannot be used, or which of them name what the data file does not
/// have, each located; with the ways out (keep the readable ones, download the text, the
/// data file's). None when there is nothing to say.
fn repair(
    state: AppState,
    loaded: &Arc<Loaded>,
    problem: RwSignal<Option<String>>,
    text: String,
    unusable: bool,
) -> Option<AnyView> {
    let read =
        rapport::engine::read::saved_targets(&text, &loaded.identity, &loaded.portfolio.data);
    let (readable, problems) = match read {
        Ok((goals, problems)) if !problems.is_empty() || unusable => (Some(goals), problems),
        Ok(_) => return None,
        Err(why) => (
            None,
            vec![rapport::engine::Problem::warning(
                "",
                rapport::engine::Code::BadModel,
                why,
            )],
        ),
    };
    let items = problems
        .iter()
        .map(|p| {
            let at = if p.pointer.is_empty() { String::new() } else { format!("{}: ", p.pointer) };
            view! { <li data-testid="targets-saved-problem" data-pointer=p.pointer.clone()>{at}{p.message.clone()}</li> }
        })
        .collect_view();
    let l = loaded.clone();
    let keep = readable.filter(|g| !g.is_empty()).map(|goals| {
        let n = goals.len();
        view! {
            <button class="btn" data-testid="targets-keep-readable" on:click=move |_| change(state, &l, problem, |g| *g = goals.clone())>
                {format!("Keep the {n} that can be used")}
            </button>
        }
    });
    let download_them = move |_| download("rapport-targets-saved.json", &text, "application/json");
    let title = if unusable {
        "The targets saved in this browser cannot be used as they are:"
    } else {
        "These saved targets name what the data file does not have, and are not checked:"
    };
    Some(
        view! {
            <div class="fail" role="status" data-testid="targets-saved-problems">
                <p>{title}</p>
                <ul>{items}</ul>
                <div class="fail-actions">
                    {keep}
                    <button class="btn btn-quiet" on:click=download_them>"Download them to repair"</button>
                </div>
            </div>
        }
        .into_any(),
    )
}

/// One target's row: its metric, whose score, wave and value, each changed in place.
fn row(
    state: AppState,
    loaded: &Arc<Loaded>,
    problem: RwSignal<Option<String>>,
    i: usize,
    g: &Goal,
) -> impl IntoView {
    let data = &loaded.portfolio.data;
    let measure_options = measures()
        .into_iter()
        .map(|m| view! { <option value=m.id() selected=m == g.measure>{m.label()}</option> })
        .collect_view();
    let current = scope_value(&g.scope);
    let option = |value: String, label: String| {
        let selected = value == current;
        view! { <option value=value selected=selected>{label}</option> }
    };
    let group = |label: &'static str, options: Vec<(String, String)>| {
        (!options.is_empty()).then(|| {
            let options = options
                .into_iter()
                .map(|(v, l)| option(v, l))
                .collect_view();
            view! { <optgroup label=label>{options}</optgroup> }
        })
    };
    let (segments, owners) = (data.segments(), data.owners());
    // A saved target may name what the file does not have (it is kept, never met or missed):
    // it is shown as it is, not as the first choice.
    let known = match &g.scope {
        GoalScope::Portfolio => true,
        GoalScope::Segment(s) => segments.contains(s),
        GoalScope::Owner(o) => owners.contains(o),
        GoalScope::Account(a) => data.accounts.iter().any(|x| &x.id == a),
    };
    let unknown = (!known).then(|| {
        let (_, id) = current.split_once(':').unwrap_or(("", ""));
        option(current.clone(), format!("{id} (not in the data file)"))
    });
    let scope_options = view! {
        {unknown}
        {option("portfolio".to_string(), "Portfolio".to_string())}
        {group("Segment", segments.into_iter().map(|s| (format!("segment:{s}"), format!("Segment {s}"))).collect())}
        {group("Owner", owners.into_iter().map(|o| (format!("owner:{o}"), format!("Owner {o}"))).collect())}
        {group("Account", data.accounts.iter().map(|a| (format!("account:{}", a.id), a.name.clone())).collect())}
    };
    let unknown_wave = g
        .wave
        .as_ref()
        .filter(|w| !data.waves.iter().any(|x| &x.id == *w))
        .map(|w| (w.clone(), format!("{w} (not in the data file)")));
    let wave_options = std::iter::once((String::new(), "Every wave".to_string()))
        .chain(unknown_wave)
        .chain(data.waves.iter().map(|w| (w.id.clone(), w.label.clone())))
        .map(|(id, label)| {
            let selected = g.wave.as_deref().unwrap_or("") == id;
            view! { <option value=id selected=selected>{label}</option> }
        })
        .collect_view();
    let (l1, l2, l3, l4, l5) = (
        loaded.clone(),
        loaded.clone(),
        loaded.clone(),
        loaded.clone(),
        loaded.clone(),
    );
    let (low, high) = bounds(data, g.measure);
    let n = i + 1;
    view! {
        <tr data-testid="target-row" data-index=i>
            <td>
                <label class="visually-hidden" for=format!("target-{i}-metric")>{format!("Target {n}: metric")}</label>
                <select id=format!("target-{i}-metric") data-testid="target-metric" on:change=move |ev| {
                    let Some(m) = Measure::from_id(&event_target_value(&ev)) else { return };
                    // Another measure: the value of the one before means nothing for it.
                    let value = first_value(state, &l1, m);
                    change(state, &l1, problem, |g| {
                        g[i].measure = m;
                        g[i].value = value;
                    });
                }>{measure_options}</select>
            </td>
            <td>
                <label class="visually-hidden" for=format!("target-{i}-scope")>{format!("Target {n}: whose score")}</label>
                <select id=format!("target-{i}-scope") data-testid="target-scope" on:change=move |ev| {
                    let scope = scope_of(&event_target_value(&ev));
                    change(state, &l2, problem, |g| g[i].scope = scope);
                }>{scope_options}</select>
            </td>
            <td>
                <label class="visually-hidden" for=format!("target-{i}-wave")>{format!("Target {n}: wave")}</label>
                <select id=format!("target-{i}-wave") data-testid="target-wave" on:change=move |ev| {
                    let wave = Some(event_target_value(&ev)).filter(|w| !w.is_empty());
                    change(state, &l3, problem, |g| g[i].wave = wave);
                }>{wave_options}</select>
            </td>
            <td class="num">
                <label class="visually-hidden" for=format!("target-{i}-value")>{format!("Target {n}: value")}</label>
                <input id=format!("target-{i}-value") data-testid="target-value" type="number" inputmode="decimal"
                    step=if g.measure == Measure::Nps { "1" } else { "0.1" } min=low max=high
                    value=format!("{}", g.value)
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        let measure = state.targets.with_untracked(|g| g[i].measure);
                        let (low, high) = bounds(&l4.portfolio.data, measure);
                        match text.trim().parse::<f64>().ok().filter(|v| (low..=high).contains(v)) {
                            Some(v) => change(state, &l4, problem, |g| g[i].value = v),
                            None => problem.set(Some(format!(
                                "Target {n} ({}) must be a number from {low} to {high}, not \"{text}\". It is unchanged.",
                                measure.label()
                            ))),
                        }
                    }/>
            </td>
            <td>
                <button class="btn btn-quiet" data-testid="target-remove" aria-label=format!("Remove target {n}")
                    on:click=move |_| {
                        change(state, &l5, problem, |g| {
                            g.remove(i);
                        });
                        let left = state.targets.with_untracked(Vec::len);
                        settle(move || {
                            let next = if left == 0 { "[data-testid=target-add]".to_string() } else { format!("#target-{}-metric", i.min(left - 1)) };
                            focus(document().query_selector(&next))
                        });
                    }>"Remove"</button>
            </td>
        </tr>
    }
}
