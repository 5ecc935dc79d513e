//! What the page says about loading: progress and failures (`StatusLine`), the line after a
//! load (`LoadNote`) and the load report (`LoadReportPanel`).

use std::sync::Arc;

use leptos::prelude::*;

use super::browser;
use super::load::{self, load_url};
use super::state::{use_app, Loaded, Source, Status};
use crate::engine::Severity;

/// A failed load names this many of its problems (the first found are the ones that count).
const FAILURE_LINES: usize = 20;

/// Progress while loading, and a failed load explained over the data still on screen.
#[component]
pub fn StatusLine() -> impl IntoView {
    let state = use_app();
    view! {
        {move || match state.status.get() {
            Status::Busy(msg) => {
                Some(
                    view! {
                        <div class="busy" role="status" data-testid="busy">
                            <span class="spinner" aria-hidden="true"></span>
                            {msg}
                        </div>
                    },
                )
            }
            Status::Idle => None,
        }}
        {move || {
            state
                .failure
                .get()
                .map(|f| {
                    let nothing_loaded = state.loaded.with(|l| l.is_none());
                    view! {
                        <div class="fail" role="alert" data-testid="load-error">
                            <strong>{f.title}</strong>
                            <ul>
                                {f
                                    .problems
                                    .iter()
                                    .take(FAILURE_LINES)
                                    .map(|p| view! { <li>{p.to_string()}</li> })
                                    .collect_view()}
                                {(f.problems.len() > FAILURE_LINES)
                                    .then(|| view! {
                                        <li>{format!("… and {} more.", f.problems.len() - FAILURE_LINES)}</li>
                                    })}
                            </ul>
                            <div class="fail-actions">
                                {nothing_loaded
                                    .then(|| {
                                        view! {
                                            <button
                                                class="btn"
                                                on:click=move |_| {
                                                    load_url(state, Source::SAMPLE_JSON.to_string(), Source::Sample);
                                                }
                                            >
                                                "Open the sample instead"
                                            </button>
                                        }
                                    })}
                                // With nothing loaded, the message is what the page has to say.
                                <button class="btn btn-quiet" hidden=move || state.loaded.with(Option::is_none) on:click=move |_| state.failure.set(None)>
                                    "Dismiss"
                                </button>
                            </div>
                        </div>
                    }
                })
        }}
    }
}

/// One line after a load, when there is something to say: records left out or warnings
/// (the load report opens from here), and a newest wave that has no responses yet (the
/// newest wave with responses is shown unless the address names a wave).
#[component]
pub fn LoadNote() -> impl IntoView {
    let state = use_app();
    move || {
        let (problems, empty, misfit) = state.loaded.with(|l| {
            let l = l.as_ref()?;
            let r = &l.report;
            let p = &l.portfolio;
            let (shown, newest) = (p.latest_wave_with_responses(), p.latest_wave());
            let empty = (shown < newest && state.route.with(|r| r.wave.is_none())).then(|| {
                format!(
                    "{} has no responses yet: showing {}, the newest wave with responses.",
                    p.data.waves[newest].label, p.data.waves[shown].label
                )
            });
            // A link's filters this data set does not have (made for other data).
            let misfit = state.route.with(|r| {
                let d = &p.data;
                let missing = |what: &str, v: &Option<String>, has: &dyn Fn(&str) -> bool| {
                    v.as_deref()
                        .filter(|v| !has(v))
                        .map(|v| format!("{what} “{v}”"))
                };
                let found = [
                    missing("segment", &r.segment, &|v| {
                        d.accounts.iter().any(|a| a.segment.as_deref() == Some(v))
                    }),
                    missing("owner", &r.owner, &|v| {
                        d.accounts.iter().any(|a| a.owner.as_deref() == Some(v))
                    }),
                    missing("account", &r.account, &|v| d.account_index(v).is_some()),
                    missing("wave", &r.wave, &|v| d.wave_index(v).is_some()),
                ];
                let found: Vec<String> = found.into_iter().flatten().collect();
                (!found.is_empty()).then(|| {
                    format!(
                        "This data set has no {}: the link was made for other data. ",
                        found.join(", no ")
                    )
                })
            });
            let warnings = r.warnings().count();
            let problems = (!r.problems.is_empty() && !state.report_open.get()).then(|| {
                format!(
                    "{} record(s) left out of scoring, {warnings} warning(s) — ",
                    r.excluded_records
                )
            });
            Some((problems, empty, misfit))
        })?;
        (problems.is_some() || empty.is_some() || misfit.is_some()).then(|| {
            let misfit = misfit.map(|m| view! {
                <span class="ln">
                    {m}
                    <button class="link" data-testid="load-note-clear" on:click=move |_| state.navigate(|r| {
                        r.segment = None;
                        r.owner = None;
                        r.account = None;
                        r.wave = None;
                    })>"Show all of this data set"</button>
                </span>
            });
            view! {
                <p class="note load-note" role="status" data-testid="load-note">
                    {misfit}
                    {empty.map(|e| view! { <span class="ln">{e}</span> })}
                    {problems.map(|p| view! {
                        <span class="ln">
                            {p}
                            <button class="link" data-testid="load-note-report" on:click=move |_| state.report_open.set(true)>
                                "see the load report"
                            </button>
                        </span>
                    })}
                </p>
            }
        })
    }
}

/// Every problem found in the loaded file, with its location; can be reopened any time.
#[component]
pub fn LoadReportPanel() -> impl IntoView {
    let state = use_app();
    // A body per loaded file: its pages start over with each load.
    move || {
        let loaded = state.loaded.get().filter(|_| state.report_open.get())?;
        Some(view! { <LoadReportBody loaded/> })
    }
}

/// Rows a problem group shows at first, and how many more each "Show more" adds.
const GROUP_FIRST: usize = 5;
const GROUP_PAGE: usize = 100;

/// The load report of one file: its problems grouped by severity and code (the groups that
/// exclude records first), each group showing its first few and more on demand, so that a
/// file with 100,000 warnings opens at once.
#[component]
fn LoadReportBody(loaded: Arc<Loaded>) -> impl IntoView {
    let state = use_app();
    let l = &loaded;
    let r = &l.report;
    let summary = format!(
        "{} — {}. {} of {} responses are scored; {} record(s) were left out of scoring; {} warning(s).",
        l.source.describe(),
        load::size(l.bytes as f64),
        l.portfolio.data.responses.len(),
        r.responses_read,
        r.excluded_records,
        r.warnings().count(),
    );
    let excluded = r.excluded_records;
    let groups = r.groups();
    let any = !groups.is_empty();
    let table = groups
        .into_iter()
        .map(|group| {
            let count = group.members.len();
            let (kind, class) = match group.severity {
                Severity::Excluded => ("excluded", "rp-excluded"),
                Severity::Warning if count == 1 => ("warning", "rp-warning"),
                Severity::Warning => ("warnings", "rp-warning"),
                Severity::Fatal => ("rejected", "rp-rejected"),
            };
            let code = group.code.id();
            // Pages shown beyond the first rows. The group's button stays in place as they
            // grow, so the keyboard focus stays on it.
            let page = RwSignal::new(0usize);
            let shown = move || count.min(GROUP_FIRST + GROUP_PAGE * page.get());
            let loaded = loaded.clone();
            let rows = move || {
                group.members[..shown()]
                    .iter()
                    .map(|&i| {
                        let p = &loaded.report.problems[i];
                        view! {
                            <tr class="rp-row">
                                <td><code>{if p.pointer.is_empty() { "(document)".to_string() } else { p.pointer.clone() }}</code></td>
                                <td>{p.message.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            };
            let rest = move || count - shown();
            view! {
                <tbody class=class data-testid="rp-group" data-code=code data-count=count>
                    <tr class="rp-grp">
                        <th scope="rowgroup" colspan="2" tabindex="-1">
                            {format!("{count} {kind} · ")}<code>{code}</code>
                        </th>
                    </tr>
                    {rows}
                    <tr hidden=move || rest() == 0><td colspan="2">
                        <button class="link" data-testid="rp-more" on:click=move |ev| {
                            page.update(|p| *p += 1);
                            // The last page leaves no button to stay on: the focus goes to
                            // the group's heading, not to the page.
                            if rest() == 0 {
                                let group = event_target::<web_sys::Element>(&ev).closest("tbody");
                                browser::focus(group.and_then(|g| g.map_or(Ok(None), |g| g.query_selector("th"))));
                            }
                        }>
                            {move || format!("Show {} more ({} not shown)", rest().min(GROUP_PAGE), rest())}
                        </button>
                    </td></tr>
                </tbody>
            }
        })
        .collect_view();
    view! {
        <section class="rp" data-testid="load-report" data-excluded=excluded aria-label="Load report">
            <header class="rp-hd">
                <h2>"Load report"</h2>
                <button class="btn btn-quiet" on:click=move |_| state.report_open.set(false)>"Close"</button>
            </header>
            <p>{summary}</p>
            {any.then(|| view! {
                <div class="rp-scroll">
                    <table class="tbl">
                        <thead><tr><th>"Where"</th><th>"Why"</th></tr></thead>
                        {table}
                    </table>
                </div>
            })}
        </section>
    }
}
