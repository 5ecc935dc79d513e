//! The app state: one `Copy` value of signals, provided as context; views derive from it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::engine::model::Goal;
use crate::engine::plan::{Conflict, PlanAction};
use crate::engine::{
    Aggregation, DiagramOrder, Filter, GroupChange, GroupScores, LoadReport, Metric, Portfolio,
    Problem,
};
use crate::route::Route;

/// Where the data on screen came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Sample,
    File(String),
    Url(String),
    /// A survey export imported in the browser (its file name): the data on screen is the
    /// `rapport/1` document written from it.
    Imported(String),
}

impl Source {
    /// The bundled sample, relative to the page so the app also works under a sub-path.
    pub const SAMPLE_JSON: &'static str = "data/sample.json";
    /// The sample as the reader's answer (`rapport-cli wire`, checked by tests/wire.rs):
    /// opening the app decodes it and needs neither the reader module nor a worker.
    pub const SAMPLE_WIRE: &'static str = "data/sample.rpw";

    pub fn describe(&self) -> String {
        match self {
            Source::Sample => "Sample data (generated portfolio)".to_string(),
            Source::File(name) => format!("File: {name}"),
            Source::Url(url) => format!("URL: {url}"),
            Source::Imported(name) => format!("Imported: {name}"),
        }
    }
}

/// A scored data set with what happened while reading it.
#[derive(Debug, PartialEq)]
pub struct Loaded {
    pub portfolio: Portfolio,
    pub report: LoadReport,
    pub source: Source,
    /// FNV-1a hash of the file's bytes: keys browser storage to this data set.
    pub identity: String,
    pub bytes: usize,
    /// The group scores of the scope on screen when the data arrived, worked out while
    /// loading (a part per task) so that the first render of a large data set does not.
    pub warm: Option<Warm>,
}

/// Group scores computed ahead for one scope: the current wave and the one before.
#[derive(Debug, PartialEq)]
pub struct Warm {
    pub scope: Scope,
    pub current: Arc<GroupScores>,
    pub previous: Option<Arc<GroupScores>>,
}

/// A load that failed, shown over the data already on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadFailure {
    pub title: String,
    pub problems: Vec<Problem>,
}

/// Loading progress, for the status line.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Idle,
    Busy(String),
}

/// What the route resolves to against the data: the scope a view scores (wave, filter,
/// aggregation) and how the level diagram is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Scope {
    pub wave: usize,
    pub filter: Filter,
    pub aggregation: Aggregation,
    /// The route's switch, else the data file's `model.diagram`.
    pub diagram: DiagramOrder,
}

impl Scope {
    /// The scope a route asks for in a portfolio (the newest wave with responses unless one
    /// is chosen).
    pub fn of(portfolio: &Portfolio, r: &Route) -> Scope {
        let data = &portfolio.data;
        let wave = r
            .wave
            .as_deref()
            .and_then(|w| data.wave_index(w))
            .unwrap_or_else(|| portfolio.latest_wave_with_responses());
        Scope {
            wave,
            filter: Filter {
                segment: r.segment.clone(),
                owner: r.owner.clone(),
                role: r.role,
                account: None,
            },
            aggregation: r.aggregation.unwrap_or(data.model.aggregation),
            diagram: r.diagram.unwrap_or(data.model.diagram),
        }
    }

    /// Scores of this scope's wave (`offset` 0) or of the wave before it (1).
    pub fn score(&self, portfolio: &Portfolio, offset: usize) -> Option<GroupScores> {
        let wave = self.wave.checked_sub(offset)?;
        Some(portfolio.score_group_with(wave, &self.filter, self.aggregation))
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub loaded: RwSignal<Option<Arc<Loaded>>>,
    pub route: RwSignal<Route>,
    pub status: RwSignal<Status>,
    pub failure: RwSignal<Option<LoadFailure>>,
    pub report_open: RwSignal<bool>,
    /// Improvement-plan actions of the loaded data set, as edited (in display order).
    pub plans: RwSignal<Vec<PlanAction>>,
    /// Why plan edits could not be saved in the browser, when they could not.
    pub plan_notice: RwSignal<Option<String>>,
    /// What could not be read of the saved plans (kept in storage as it was), when anything.
    pub plan_unreadable: RwSignal<Option<String>>,
    /// Imported actions that differ from ours, waiting for the user's choice.
    pub conflicts: RwSignal<Vec<Conflict>>,
    /// What the last plan import did.
    pub import_message: RwSignal<Option<String>>,
    /// Whether the browser keeps this site's storage under pressure (asked at the first
    /// save of plans; unknown before, or where the browser cannot say).
    pub storage_kept: RwSignal<Option<bool>>,
    /// The targets in force: those set in the app and saved in this browser, else the data
    /// file's (`model.targets`).
    pub targets: RwSignal<Vec<Goal>>,
    /// Why the targets saved in this browser are not used, when they are not.
    pub targets_notice: RwSignal<Option<String>>,
    /// Scope of the current filters (account filter excluded: the account view adds it).
    pub scope: Memo<Option<Scope>>,
    /// Group scores of the scope, and of the previous wave, and the change between them.
    pub current: Memo<Option<Arc<GroupScores>>>,
    pub previous: Memo<Option<Arc<GroupScores>>>,
    pub change: Memo<Option<Arc<GroupChange>>>,
}

impl AppState {
    pub fn new(initial: Route) -> AppState {
        let loaded: RwSignal<Option<Arc<Loaded>>> = RwSignal::new(None);
        let route = RwSignal::new(initial);
        let scope = Memo::new(move |_| {
            let loaded = loaded.get()?;
            Some(route.with(|r| Scope::of(&loaded.portfolio, r)))
        });
        let group_at = move |offset: usize| {
            let loaded = loaded.get()?;
            let s = scope.get()?;
            if let Some(warm) = loaded.warm.as_ref().filter(|w| w.scope == s) {
                return match offset {
                    0 => Some(warm.current.clone()),
                    _ => warm.previous.clone(),
                };
            }
            s.score(&loaded.portfolio, offset).map(Arc::new)
        };
        let current = Memo::new(move |_| group_at(0));
        let previous = Memo::new(move |_| group_at(1));
        let change = Memo::new(move |_| {
            let (p, c) = (previous.get()?, current.get()?);
            Some(Arc::new(Portfolio::change(&p, &c)))
        });
        AppState {
            loaded,
            route,
            status: RwSignal::new(Status::Idle),
            failure: RwSignal::new(None),
            report_open: RwSignal::new(false),
            plans: RwSignal::new(Vec::new()),
            plan_notice: RwSignal::new(None),
            plan_unreadable: RwSignal::new(None),
            conflicts: RwSignal::new(Vec::new()),
            import_message: RwSignal::new(None),
            storage_kept: RwSignal::new(None),
            targets: RwSignal::new(Vec::new()),
            targets_notice: RwSignal::new(None),
            scope,
            current,
            previous,
            change,
        }
    }

    /// Changes the route (a new history entry is pushed by the URL sync).
    pub fn navigate(&self, edit: impl FnOnce(&mut Route)) {
        // Where the page is, kept in the entry being left, for Back (the app restores it):
        // taken now, before the view changes and the page's height with it.
        if let Ok(h) = window().history() {
            let _ = h.replace_state(&window().scroll_y().unwrap_or(0.0).into(), "");
        }
        self.route.update(edit);
    }

    /// Opens the detail of a diagram block, or closes it when it is already open.
    pub fn toggle_block(&self, block: Metric) {
        self.navigate(|r| r.block = (r.block != Some(block)).then_some(block));
    }

    /// The address of the route `edit` makes of the current one: a link's `href`, so that
    /// it can be opened in a new tab or copied.
    pub fn href(&self, edit: impl FnOnce(&mut Route)) -> String {
        let mut r = self.route.get();
        edit(&mut r);
        let query = r.to_query();
        let path = window().location().pathname().unwrap_or_default();
        format!("{path}{}", if query.is_empty() { "?" } else { &query })
    }

    /// Follows a link in place on a plain click (the `href` serves the others: a new tab or
    /// window, a download).
    pub fn follow(&self, ev: &web_sys::MouseEvent, edit: impl FnOnce(&mut Route)) {
        if ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
            ev.prevent_default();
            self.navigate(edit);
        }
    }

    pub fn open_account(&self, id: &str) {
        self.navigate(|r| r.open_account(id));
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
