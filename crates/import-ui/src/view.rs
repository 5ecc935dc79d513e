//! The import view: files, the mapping, the wave and scale, the account list, profiles,
//! and the preview.

use leptos::ev;
use leptos::prelude::*;

use rapport::engine::Severity;
use rapport::import::profile::{export_choices, list_choices};
use rapport::import::{Column, ColumnMap, Field, Join, ScaleSpec, WaveSpec};

use crate::answers::AnswersAndRoles;
use crate::importer::use_importer;

/// A file input in a button; `pick` gets the file chosen.
fn file_button(
    label: &'static str,
    accept: &'static str,
    testid: &'static str,
    pick: impl Fn(web_sys::File) + 'static,
) -> impl IntoView {
    view! {
        <label class="btn">
            {label}
            <input
                type="file"
                accept=accept
                class="visually-hidden"
                data-testid=testid
                on:change=move |ev: ev::Event| {
                    let input: web_sys::HtmlInputElement = event_target(&ev);
                    if let Some(file) = input.files().and_then(|f| f.get(0)) {
                        pick(file);
                    }
                    input.set_value("");
                }
            />
        </label>
    }
}

/// Importing a survey export, step by step.
#[component]
pub fn ImportView() -> impl IntoView {
    let imp = use_importer();
    view! {
        <section class="imp" aria-labelledby="imp-title">
            <h2 id="imp-title">"Import a survey export"</h2>
            <p class="imp-lead">
                "A CSV, TSV or Excel export of Qualtrics, SurveyMonkey, Google Forms, Microsoft Forms, LimeSurvey, Typeform or any table with a row per response. It is read in this browser: the data never leaves your machine."
            </p>
            <Files/>
            <Messages/>
            <Show when=move || imp.inspected.with(Option::is_some)>
                <Mapping/>
                <WaveAndScale/>
                <AnswersAndRoles/>
                <AccountListMapping/>
                <ProfileControls/>
                <PreviewPanel/>
            </Show>
        </section>
    }
}

/// The export, the account list and the saved profiles.
#[component]
fn Files() -> impl IntoView {
    let imp = use_importer();
    let name =
        |s: RwSignal<Option<String>>| move || s.get().unwrap_or_else(|| "none chosen".to_string());
    let saved = move || {
        imp.saved
            .get()
            .into_iter()
            .map(|p| {
                let (use_it, forget) = (p.clone(), p.name.clone());
                view! {
                    <li>
                        <span>{p.name.clone()}</span>
                        <button class="btn btn-quiet" on:click=move |_| imp.choose(use_it.clone())>"Use"</button>
                        <button class="btn btn-quiet" on:click=move |_| imp.forget_profile(forget.clone())>"Forget"</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="imp-files">
            <div class="imp-file">
                <h3>"1. The survey export"</h3>
                {file_button("Choose export…", ".csv,.tsv,.txt,.xlsx,.xls,.ods", "import-export-input", move |f| imp.pick_export(f))}
                <span class="imp-name" data-testid="import-export-name">{name(imp.export_name)}</span>
            </div>
            <div class="imp-file">
                <h3>"Account list " <span class="muted">"(optional)"</span></h3>
                {file_button("Choose account list…", ".csv,.tsv,.txt,.xlsx,.xls,.ods", "import-list-input", move |f| imp.pick_list(f))}
                <span class="imp-name">{name(imp.list_name)}</span>
                <Show when=move || imp.list_name.with(Option::is_some)>
                    <button class="btn btn-quiet" on:click=move |_| imp.drop_list()>"Remove"</button>
                </Show>
            </div>
            <div class="imp-file">
                <h3>"Saved profiles"</h3>
                <Show when=move || !imp.saved.with(Vec::is_empty) fallback=|| view! { <p class="muted">"None yet: save the mapping below after your first import."</p> }>
                    <ul class="imp-saved" data-testid="import-saved">{saved}</ul>
                </Show>
                {file_button("Load profile file…", ".json,application/json", "import-profile-input", move |f| imp.choose_file(f))}
            </div>
        </div>
    }
}

/// Progress, errors and notes.
#[component]
fn Messages() -> impl IntoView {
    let imp = use_importer();
    view! {
        {move || imp.busy.get().map(|m| view! {
            <div class="busy" role="status"><span class="spinner" aria-hidden="true"></span>{m}</div>
        })}
        {move || {
            let errors = imp.errors.get();
            if errors.is_empty() {
                return None;
            }
            // Into sight once drawn: on a phone it falls below the file cards, out of the
            // screen where the file was chosen. Found by its class (the one `.fail` of the
            // view above the steps): a NodeRef and an Effect cost the view 1.5 KB gzip.
            request_animation_frame(|| {
                if let Ok(Some(el)) = document().query_selector(".imp .fail") {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    el.scroll_into_view_with_scroll_into_view_options(&options);
                }
            });
            Some(view! {
                <div class="fail" role="alert" data-testid="import-error">
                    <ul>{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                </div>
            })
        }}
        {move || imp.message.get().map(|m| view! { <p class="imp-note" role="status">{m}</p> })}
    }
}

/// A `<select>` of fields for one column.
fn field_select(
    choices: Vec<Field>,
    label: String,
    current: Signal<Field>,
    set: impl Fn(Field) + 'static,
) -> impl IntoView {
    view! {
        <select
            aria-label=label
            on:change=move |ev| {
                if let Some(f) = Field::from_id(&event_target_value(&ev)) {
                    set(f);
                }
            }
        >
            {choices
                .into_iter()
                .map(|f| {
                    let id = f.id();
                    let same = f.clone();
                    view! { <option value=id selected=move || current.get() == same>{f.label()}</option> }
                })
                .collect_view()}
        </select>
    }
}

/// The field a column is mapped to in a list of column maps.
fn field_of(maps: &[ColumnMap], key: &str) -> Field {
    maps.iter()
        .find(|m| m.column == key)
        .map_or(Field::Ignore, |m| m.field.clone())
}

fn set_field(maps: &mut Vec<ColumnMap>, key: &str, field: Field) {
    match maps.iter_mut().find(|m| m.column == key) {
        Some(m) => m.field = field,
        None => maps.push(ColumnMap {
            column: key.to_string(),
            field,
        }),
    }
}

/// A table of columns, each with its header, sample answers and field.
fn columns_table(
    columns: Vec<Column>,
    choices: Vec<Field>,
    testid: &'static str,
    current: impl Fn(&str) -> Field + Copy + Send + Sync + 'static,
    set: impl Fn(&str, Field) + Copy + 'static,
) -> impl IntoView {
    let rows = columns
        .into_iter()
        .map(|c| {
            let key = c.key.clone();
            let key2 = c.key.clone();
            let samples = c.samples.join(" · ");
            view! {
                <tr>
                    <td><code>{c.letter.clone()}</code></td>
                    <td class="imp-label">{c.label.clone()}{(c.key != c.label).then(|| view! { <div class="muted"><code>{c.key.clone()}</code></div> })}</td>
                    <td class="imp-samples">{samples}</td>
                    <td>{field_select(choices.clone(), format!("What column {} holds", c.letter), Signal::derive(move || current(&key)), move |f| set(&key2, f))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="imp-scroll">
            <table class="tbl imp-cols" data-testid=testid>
                <thead><tr><th>"Column"</th><th>"Header"</th><th>"Sample answers"</th><th>"Holds"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The export's columns and what each holds.
#[component]
fn Mapping() -> impl IntoView {
    let imp = use_importer();
    let summary = move || {
        imp.inspected.with(|i| {
            i.as_ref().map(|i| {
                let p = imp.profile.with(|p| (p.tool.name(), p.header_rows));
                let sheet = imp
                    .profile
                    .with(|p| p.sheet.clone())
                    .map_or(String::new(), |s| format!(", sheet “{s}”"));
                format!(
                    "Read as {} ({} header row{}{sheet}): {} response row{}, {} columns. Check what each column holds: the importer's guesses are filled in.",
                    p.0,
                    p.1,
                    if p.1 == 1 { "" } else { "s" },
                    i.rows,
                    if i.rows == 1 { "" } else { "s" },
                    i.columns.len()
                )
            })
        })
    };
    let notes = move || {
        imp.inspected
            .with(|i| i.as_ref().map(|i| i.notes.clone()).unwrap_or_default())
            .into_iter()
            .map(|n| view! { <p class="imp-note">{n}</p> })
            .collect_view()
    };
    let table = move || {
        let columns = imp
            .inspected
            .with(|i| i.as_ref().map(|i| i.columns.clone()).unwrap_or_default());
        columns_table(
            columns,
            export_choices(),
            "import-columns",
            move |key| imp.profile.with(|p| field_of(&p.columns, key)),
            move |key, f| imp.edit(|p| set_field(&mut p.columns, key, f)),
        )
    };
    // A workbook of several sheets: which one holds the responses (the first filled one
    // unless chosen).
    let sheets = move || {
        let names = imp
            .inspected
            .with(|i| i.as_ref().map(|i| i.sheets.clone()).unwrap_or_default());
        (names.len() > 1).then(|| {
            let current = imp.profile.with(|p| p.sheet.clone()).unwrap_or_default();
            view! {
                <label class="imp-field">
                    <span>"The responses are on the sheet"</span>
                    <select data-testid="import-sheet" on:change=move |ev| imp.pick_sheet(event_target_value(&ev))>
                        {names.into_iter().map(|n| {
                            let (on, label) = (n == current, n.clone());
                            view! { <option value=n selected=on>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
            }
        })
    };
    view! {
        <section class="imp-step">
            <h3>"2. What each column holds"</h3>
            <p data-testid="import-summary">{summary}</p>
            {sheets}
            {notes}
            {table}
        </section>
    }
}

/// A labelled input bound to a part of the profile.
fn text_input(
    label: &'static str,
    kind: &'static str,
    testid: &'static str,
    value: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label class="imp-field">
            <span>{label}</span>
            <input type=kind data-testid=testid prop:value=value on:change=move |ev| set(event_target_value(&ev))/>
        </label>
    }
}

/// The rating scale, and the wave when no column gives it.
#[component]
fn WaveAndScale() -> impl IntoView {
    let imp = use_importer();
    let wave_column = move || {
        imp.profile
            .with(|p| p.columns.iter().any(|c| c.field == Field::Wave))
    };
    let wave = move |f: fn(&WaveSpec) -> String| {
        move || {
            imp.profile
                .with(|p| p.waves.first().map(f).unwrap_or_default())
        }
    };
    let set_wave = move |f: fn(&mut WaveSpec, String)| {
        move |v: String| {
            imp.edit(|p| {
                if p.waves.is_empty() {
                    p.waves.push(WaveSpec::default());
                }
                f(&mut p.waves[0], v.trim().to_string());
            })
        }
    };
    let scale = move |max: bool| {
        move || {
            imp.profile
                .with(|p| if max { p.scale.max } else { p.scale.min }.to_string())
        }
    };
    let set_scale = move |max: bool| {
        move |v: String| {
            if let Ok(n) = v.trim().parse::<i64>() {
                imp.edit(|p| {
                    let ScaleSpec { min, max: top } = p.scale;
                    p.scale = if max {
                        ScaleSpec { min, max: n }
                    } else {
                        ScaleSpec { min: n, max: top }
                    };
                })
            }
        }
    };
    view! {
        <section class="imp-step">
            <h3>"3. Scale and wave"</h3>
            <div class="imp-row">
                {text_input("Lowest rating", "number", "import-scale-min", scale(false), set_scale(false))}
                {text_input("Highest rating", "number", "import-scale-max", scale(true), set_scale(true))}
            </div>
            <Show
                when=move || !wave_column()
                fallback=|| view! { <p class="muted">"The wave of each response comes from its column; each wave closes on its latest response date."</p> }
            >
                <div class="imp-row">
                    {text_input("Wave id", "text", "import-wave-id", wave(|w| w.id.clone()), set_wave(|w, v| w.id = v))}
                    {text_input("Wave label", "text", "import-wave-label", wave(|w| w.label.clone().unwrap_or_default()), set_wave(|w, v| w.label = (!v.is_empty()).then_some(v)))}
                    {text_input("Closed on", "date", "import-wave-closed", wave(|w| w.closed.clone().unwrap_or_default()), set_wave(|w, v| w.closed = (!v.is_empty()).then_some(v)))}
                </div>
            </Show>
        </section>
    }
}

/// The account list's columns and how responses join it.
#[component]
fn AccountListMapping() -> impl IntoView {
    let imp = use_importer();
    let has_list =
        move || imp.profile.with(|p| p.accounts.is_some()) && imp.list_name.with(Option::is_some);
    let join = move || {
        imp.profile
            .with(|p| p.accounts.as_ref().map(|a| a.join).unwrap_or_default())
    };
    let table = move || {
        columns_table(
            imp.list_columns.get(),
            list_choices(),
            "import-list-columns",
            move |key| {
                imp.profile.with(|p| {
                    p.accounts
                        .as_ref()
                        .map_or(Field::Ignore, |a| field_of(&a.columns, key))
                })
            },
            move |key, f| {
                imp.edit(|p| {
                    if let Some(a) = &mut p.accounts {
                        set_field(&mut a.columns, key, f);
                    }
                })
            },
        )
    };
    view! {
        <Show when=has_list>
            <section class="imp-step">
                <h3>"Account list"</h3>
                <label class="imp-field">
                    <span>"Responses find their account by"</span>
                    <select on:change=move |ev| {
                        let by = if event_target_value(&ev) == "domain" { Join::EmailDomain } else { Join::AccountId };
                        imp.edit(|p| if let Some(a) = &mut p.accounts { a.join = by; });
                    }>
                        <option value="id" selected=move || join() == Join::AccountId>"the account id"</option>
                        <option value="domain" selected=move || join() == Join::EmailDomain>"the respondent's e-mail domain"</option>
                    </select>
                </label>
                {table}
            </section>
        </Show>
    }
}

/// Naming, saving and downloading the mapping.
#[component]
fn ProfileControls() -> impl IntoView {
    let imp = use_importer();
    view! {
        <section class="imp-step">
            <h3>"5. Keep this mapping for the next wave"</h3>
            <div class="imp-row">
                {text_input("Profile name", "text", "import-profile-name", move || imp.profile.with(|p| p.name.clone()), move |v| imp.profile.update(|p| p.name = v))}
                <button class="btn" data-testid="import-save-profile" on:click=move |_| imp.save_profile()>"Save in this browser"</button>
                <button class="btn btn-quiet" data-testid="import-download-profile" on:click=move |_| imp.download_profile()>"Download profile"</button>
            </div>
        </section>
    }
}

/// Importing, what it gave, and opening it.
#[component]
fn PreviewPanel() -> impl IntoView {
    let imp = use_importer();
    let loaded = move || imp.loaded;
    let report = move || {
        imp.preview.get().map(|p| {
            let r = &p.report;
            let shown = 200.min(r.problems.len());
            let rows = r.problems[..shown]
                .iter()
                .map(|p| {
                    let kind = match p.severity {
                        Severity::Excluded => "left out",
                        Severity::Warning => "warning",
                        Severity::Fatal => "refused",
                    };
                    view! {
                        <tr>
                            <td>{kind}</td>
                            <td><code>{if p.pointer.is_empty() { "(mapping)".to_string() } else { p.pointer.clone() }}</code></td>
                            <td><code>{p.code.id()}</code></td>
                            <td>{p.message.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            let summary = if p.accepted {
                format!(
                    "{} response row{} read; {} record{} left out; {} warning{}.",
                    r.responses_read,
                    if r.responses_read == 1 { "" } else { "s" },
                    r.excluded_records,
                    if r.excluded_records == 1 { "" } else { "s" },
                    r.warnings().count(),
                    if r.warnings().count() == 1 { "" } else { "s" },
                )
            } else {
                "The import cannot be used as it stands:".to_string()
            };
            let more = r.problems.len() - shown;
            view! {
                <div class="imp-preview" data-testid="import-preview" data-accepted=p.accepted.to_string() data-excluded=r.excluded_records>
                    <p>{summary}</p>
                    {(!r.problems.is_empty()).then(|| view! {
                        <div class="imp-scroll">
                            <table class="tbl">
                                <thead><tr><th>"What"</th><th>"Where"</th><th>"Code"</th><th>"Why"</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    })}
                    {(more > 0).then(|| view! { <p class="muted">{format!("… and {more} more (all are listed in the load report once opened).")}</p> })}
                    {p.accepted.then(|| view! {
                        <div class="imp-row">
                            <button class="btn" data-testid="import-open" on:click=move |_| imp.open()>"Open in Rapport"</button>
                            <button class="btn btn-quiet" data-testid="import-download" on:click=move |_| imp.download_json()>"Download as rapport/1 JSON"</button>
                        </div>
                    })}
                </div>
            }
        })
    };
    view! {
        <section class="imp-step">
            <h3>"6. Import"</h3>
            <Show when=loaded>
                <label class="imp-check">
                    <input type="checkbox" data-testid="import-into" prop:checked=move || imp.into_current.get() on:change=move |ev| {
                        imp.into_current.set(event_target_checked(&ev));
                        imp.preview.set(None);
                    }/>
                    "Add to the data set on screen as a new wave (its earlier waves and plans are kept)"
                </label>
            </Show>
            <button class="btn" data-testid="import-run" on:click=move |_| imp.preview()>"Preview the import"</button>
            {report}
        </section>
    }
}
