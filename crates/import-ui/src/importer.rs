//! The import in progress: choose the file (or one dropped on the page), check the mapping
//! the importer guessed (or a saved profile's), preview what it gives with every problem at
//! its cell, then hand it to the page to open, or to add to the data set on screen as a new
//! wave.

use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rapport::app::browser::{download, fetch, set, timing};
use rapport::engine::problem::Code;
use rapport::engine::wire::{Decoder, Opened};
use rapport::engine::{LoadReport, Problem};
use rapport::import::{Column, Inspected, Profile};
use wasm_bindgen::JsValue;
use web_sys::{Blob, File};

use crate::store;
use crate::worker::{ask, inspected, FromImporter, ToImporter};

/// What the page gives the import view.
pub struct Host {
    /// Whether a data set is on screen (to add the import to).
    pub loaded: bool,
    /// `?profile=`: a profile to use, by URL.
    pub profile_url: Option<String>,
    /// The data file on screen (none for the bundled sample, fetched by its URL).
    pub raw: Option<Blob>,
    /// Its plans, as a plans file's JSON.
    pub plans: Option<String>,
    /// The targets set in the app, as a targets file's JSON (none: the file's are in force).
    pub targets: Option<String>,
}

thread_local! {
    static HOST: std::cell::RefCell<Option<Host>> = const { std::cell::RefCell::new(None) };
}

/// The import in progress of the view (its context).
pub(crate) fn use_importer() -> Importer {
    expect_context::<Importer>()
}

/// What an import gave, before it is opened.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    pub report: LoadReport,
    /// Whether it can be opened (no fatal problem).
    pub accepted: bool,
}

/// The import in progress: its files, the mapping being edited, and what it gave.
#[derive(Clone, Copy)]
pub struct Importer {
    export: StoredValue<Option<File>, LocalStorage>,
    pub export_name: RwSignal<Option<String>>,
    list: StoredValue<Option<File>, LocalStorage>,
    pub list_name: RwSignal<Option<String>>,
    /// The export's columns and rows (from the importer).
    pub inspected: RwSignal<Option<Inspected>>,
    /// The account list's columns.
    pub list_columns: RwSignal<Vec<Column>>,
    /// The mapping being edited.
    pub profile: RwSignal<Profile>,
    /// A profile chosen (saved, a file, or `?profile=`) to fit the next export to.
    pub chosen: RwSignal<Option<Profile>>,
    pub saved: RwSignal<Vec<Profile>>,
    /// Add the import to the data set on screen as new waves.
    pub into_current: RwSignal<bool>,
    pub busy: RwSignal<Option<String>>,
    pub errors: RwSignal<Vec<String>>,
    pub message: RwSignal<Option<String>>,
    pub preview: RwSignal<Option<Preview>>,
    result: StoredValue<Option<(Uint8Array, Vec<u8>)>, LocalStorage>,
    /// Whether a data set is on screen.
    pub loaded: bool,
}

impl Importer {
    pub fn new(host: Host) -> Importer {
        let loaded = host.loaded;
        HOST.with(|h| *h.borrow_mut() = Some(host));
        Importer {
            export: StoredValue::new_local(None),
            export_name: RwSignal::new(None),
            list: StoredValue::new_local(None),
            list_name: RwSignal::new(None),
            inspected: RwSignal::new(None),
            list_columns: RwSignal::new(Vec::new()),
            profile: RwSignal::new(Profile::default()),
            chosen: RwSignal::new(None),
            saved: RwSignal::new(store::saved()),
            into_current: RwSignal::new(false),
            busy: RwSignal::new(None),
            errors: RwSignal::new(Vec::new()),
            message: RwSignal::new(None),
            preview: RwSignal::new(None),
            result: StoredValue::new_local(None),
            loaded,
        }
    }

    /// `?profile=`: the profile at that URL, fetched once the view is mounted (and its tasks
    /// can run).
    pub fn profile_url(self) -> Option<String> {
        HOST.with(|h| h.borrow().as_ref().and_then(|h| h.profile_url.clone()))
    }

    /// The mapping changed: what was previewed no longer holds.
    pub fn edit(self, change: impl FnOnce(&mut Profile)) {
        self.profile.update(change);
        self.forget_preview();
    }

    fn forget_preview(self) {
        self.preview.set(None);
        self.result.set_value(None);
    }

    /// A survey export to import (picked, or dropped anywhere on the page).
    pub fn pick_export(self, file: File) {
        // A sheet chosen in the last export is not this one's.
        self.chosen.update(|c| {
            if c.as_ref().is_some_and(|p| p.columns.is_empty()) {
                *c = None;
            }
        });
        self.export_name.set(Some(file.name()));
        self.export.set_value(Some(file));
        self.inspected.set(None);
        self.forget_preview();
        self.inspect();
    }

    /// Reads another sheet of the workbook, its columns guessed afresh.
    pub fn pick_sheet(self, sheet: String) {
        self.chosen.set(Some(Profile {
            format: rapport::import::PROFILE_FORMAT.to_string(),
            sheet: Some(sheet),
            ..Profile::default()
        }));
        self.forget_preview();
        self.inspect();
    }

    /// Reads the export's columns and its first mapping (the chosen profile fitted to it,
    /// or a guess).
    pub fn inspect(self) {
        let Some(file) = self.export.get_value() else {
            return;
        };
        let chosen = self.chosen.get_untracked();
        spawn_local(async move {
            self.busy.set(Some(format!("Reading “{}”…", file.name())));
            let answer = ask(ToImporter::Inspect {
                export: &file,
                profile: chosen.as_ref(),
            })
            .await;
            self.busy.set(None);
            match inspected(answer) {
                Ok(mut i) => {
                    self.errors.set(Vec::new());
                    let mut profile = std::mem::take(&mut i.profile);
                    if chosen.as_ref().is_none_or(|c| c.columns.is_empty()) {
                        // A guess: the user's corrections of answers and roles so far still
                        // hold (they are matched by their text), so a new file or sheet
                        // does not lose them.
                        self.profile
                            .with_untracked(|old| profile.keep_corrections(old));
                    }
                    // A list already chosen keeps its mapping.
                    profile.accounts = self.profile.with_untracked(|p| p.accounts.clone());
                    self.profile.set(profile);
                    self.inspected.set(Some(i));
                }
                Err(e) => {
                    self.inspected.set(None);
                    self.errors.set(e);
                }
            }
        });
    }

    /// An account list to join the responses to.
    pub fn pick_list(self, file: File) {
        self.list_name.set(Some(file.name()));
        self.list.set_value(Some(file.clone()));
        self.forget_preview();
        let mapping = self.profile.with_untracked(|p| p.accounts.clone());
        spawn_local(async move {
            self.busy.set(Some(format!("Reading “{}”…", file.name())));
            let answer = ask(ToImporter::InspectAccounts {
                list: &file,
                mapping: mapping.as_ref(),
            })
            .await;
            self.busy.set(None);
            match inspected(answer) {
                Ok(i) => {
                    self.errors.set(Vec::new());
                    self.profile.update(|p| p.accounts = i.accounts.clone());
                    self.list_columns.set(i.columns);
                }
                Err(e) => self.errors.set(e),
            }
        });
    }

    /// No account list: accounts come from the export's own columns.
    pub fn drop_list(self) {
        self.list.set_value(None);
        self.list_name.set(None);
        self.list_columns.set(Vec::new());
        self.edit(|p| p.accounts = None);
    }

    /// Uses a profile: the current export is read with it again.
    pub fn choose(self, profile: Profile) {
        self.message
            .set(Some(format!("Using the profile “{}”.", profile.name)));
        self.profile.set(profile.clone());
        self.chosen.set(Some(profile));
        self.forget_preview();
        self.inspect();
    }

    /// A profile from a file the user picked.
    pub fn choose_file(self, file: File) {
        spawn_local(async move {
            let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(t) => t.as_string().unwrap_or_default(),
                Err(_) => String::new(),
            };
            match Profile::from_json(&text) {
                Ok(p) => self.choose(p),
                Err(e) => self.errors.set(vec![format!("“{}”: {e}", file.name())]),
            }
        });
    }

    /// A profile given by `?profile=URL`.
    pub fn choose_url(self, url: String) {
        spawn_local(async move {
            let text = match fetch(&url, None).await {
                Ok(r) if r.ok() => match r.text() {
                    Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
                        .await
                        .ok()
                        .and_then(|t| t.as_string()),
                    Err(_) => None,
                },
                _ => None,
            };
            match text.map(|t| Profile::from_json(&t)) {
                Some(Ok(p)) => self.choose(p),
                Some(Err(e)) => self.errors.set(vec![format!("The profile at {url}: {e}")]),
                None => self.errors.set(vec![format!(
                    "The profile at {url} could not be downloaded."
                )]),
            }
        });
    }

    pub fn save_profile(self) {
        let profile = self.profile.get_untracked();
        match store::save(&profile) {
            Ok(list) => {
                self.saved.set(list);
                self.message.set(Some(format!(
                    "Saved the profile “{}” in this browser: the next wave of this survey imports with it in one step.",
                    profile.name
                )));
            }
            Err(e) => self.errors.set(vec![e]),
        }
    }

    pub fn forget_profile(self, name: String) {
        match store::remove(&name) {
            Ok(list) => self.saved.set(list),
            Err(e) => self.errors.set(vec![e]),
        }
    }

    pub fn download_profile(self) {
        let profile = self.profile.get_untracked();
        download(
            "rapport-import-profile.json",
            &profile.to_json(),
            "application/json",
        );
    }

    /// Imports with the mapping as it stands and shows what it gives.
    pub fn preview(self) {
        let Some(file) = self.export.get_value() else {
            return;
        };
        let list = self.list.get_value();
        let profile = self.profile.get_untracked();
        let into = self.into_current.get_untracked() && self.loaded;
        spawn_local(async move {
            self.busy.set(Some(format!("Importing “{}”…", file.name())));
            let base = if into {
                base().await.map(Some)
            } else {
                Ok(None)
            };
            let answer = match &base {
                Ok(base) => {
                    ask(ToImporter::Import {
                        export: &file,
                        accounts: list.as_ref().map(|f| f.as_ref()),
                        profile: &profile,
                        base: base.as_ref(),
                    })
                    .await
                }
                Err(e) => FromImporter::Failed(e.clone()),
            };
            self.busy.set(None);
            match answer {
                FromImporter::Imported { wire, document, ms } => {
                    // For `make bench`.
                    timing("import_ms", ms);
                    let (report, accepted) = report_of(&wire);
                    self.errors.set(Vec::new());
                    self.preview.set(Some(Preview { report, accepted }));
                    self.result.set_value(accepted.then_some((wire, document)));
                }
                FromImporter::Failed(why) => self.errors.set(vec![why]),
                FromImporter::Json(_) => self
                    .errors
                    .set(vec!["The importer answered something unexpected.".into()]),
            }
        });
    }

    /// Hands the previewed import to the page, to put on screen.
    pub fn open(self) {
        let Some((wire, document)) = self.result.get_value() else {
            return;
        };
        let name = self.export_name.get_untracked().unwrap_or_default();
        let detail = js_sys::Object::new();
        set(&detail, "wire", &wire);
        let parts = js_sys::Array::of1(&Uint8Array::from(document.as_slice()));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/json");
        match Blob::new_with_u8_array_sequence_and_options(&parts, &options) {
            Ok(blob) => set(&detail, "document", &blob),
            Err(_) => {
                self.errors.set(vec![
                    "The browser could not hold the imported data.".to_string()
                ]);
                return;
            }
        }
        set(&detail, "name", &JsValue::from_str(&name));
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&detail);
        let sent = web_sys::CustomEvent::new_with_event_init_dict("rapport-imported", &init)
            .ok()
            .and_then(|e| window().dispatch_event(&e).ok());
        if sent.is_none() {
            self.errors
                .set(vec!["The page could not take the import.".to_string()]);
        }
    }

    /// Downloads the previewed import as a rapport/1 data file (to host for shared links).
    pub fn download_json(self) {
        if let Some((_, document)) = self.result.get_value() {
            let name = self.export_name.get_untracked().unwrap_or_default();
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            download(
                &format!("{stem}.rapport.json"),
                &String::from_utf8_lossy(&document),
                "application/json",
            );
        }
    }
}

/// The data set on screen as a file, its plans written in as `actions` and the targets set
/// in the app as `model.targets` (to add a wave to).
async fn base() -> Result<Blob, String> {
    let (raw, plans, targets) = HOST.with(|h| {
        let h = h.borrow();
        let h = h.as_ref();
        (
            h.and_then(|h| h.raw.clone()),
            h.and_then(|h| h.plans.clone()),
            h.and_then(|h| h.targets.clone()),
        )
    });
    let text = crate::data_file::with_plans(raw, plans, targets).await?;
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    Blob::new_with_str_sequence(&parts)
        .map_err(|_| "The browser could not hold the data set on screen.".to_string())
}

/// The load report in an importer's answer, and whether the import was accepted.
fn report_of(wire: &Uint8Array) -> (LoadReport, bool) {
    let read = |r: std::ops::Range<usize>| wire.subarray(r.start as u32, r.end as u32).to_vec();
    match Decoder::open(wire.length() as usize, read) {
        Ok(Opened::Accepted { report, .. }) => (report, true),
        Ok(Opened::Rejected { report, .. }) => (report, false),
        Err(e) => (
            LoadReport::one(Problem::fatal("", Code::LoadFailed, e.to_string())),
            false,
        ),
    }
}
