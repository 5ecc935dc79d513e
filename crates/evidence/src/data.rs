//! The data set on screen, read again here: the page's file in the reader's worker (as the
//! page reads it), the bundled sample from its wire form. Kept per data set, so that the
//! panels' views and scopes come and go without reading it again. The targets in force are
//! read with it (those saved in the app, else the file's), as the page reads them.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rapport::app::load::decode::{read_and_decode, score_in_steps, Given, Unusable};
use rapport::app::load::ticket::{is_latest, new_ticket, Stopped};
use rapport::app::load::{sample_wire, Input};
use rapport::app::plans::saved_targets_text;
use rapport::app::state::{AppState, LoadFailure, Loaded, Scope, Source, Warm};
use web_sys::Blob;

thread_local! {
    /// The data set read, and the file it was read from (none: the sample).
    static READ: RefCell<Option<(Option<Blob>, Arc<Loaded>)>> = const { RefCell::new(None) };
    /// The file of the read under way (none: the sample), so that it is not started twice.
    static READING: RefCell<Option<Option<Blob>>> = const { RefCell::new(None) };
}

/// Puts the data set of `raw` (none: the sample) on the panels of `state`: at once when it
/// was read, else once it is.
pub fn show(state: AppState, raw: Option<Blob>) {
    if let Some(loaded) = READ.with(|r| {
        r.borrow()
            .as_ref()
            .filter(|(key, _)| *key == raw)
            .map(|(_, l)| l.clone())
    }) {
        if state
            .loaded
            .with_untracked(|l| !l.as_ref().is_some_and(|l| Arc::ptr_eq(l, &loaded)))
        {
            crate::targets::follow(state, &loaded, saved_targets_text(&loaded.identity));
            state.loaded.set(Some(loaded));
            crate::plans::read_again(state);
        }
        return;
    }
    if READING.with(|r| r.borrow().as_ref() == Some(&raw)) {
        return;
    }
    READING.with(|r| *r.borrow_mut() = Some(raw.clone()));
    state.loaded.set(None);
    state.failure.set(None);
    let ticket = new_ticket();
    spawn_local(async move {
        let read = read(raw.as_ref(), ticket).await;
        if !is_latest(ticket) {
            return; // Another data set came meanwhile.
        }
        READING.with(|r| r.borrow_mut().take());
        let Some(state) = crate::mounted_state() else {
            return;
        };
        match read {
            Ok(loaded) => {
                let loaded = Arc::new(loaded);
                READ.with(|r| *r.borrow_mut() = Some((raw, loaded.clone())));
                crate::targets::follow(state, &loaded, saved_targets_text(&loaded.identity));
                state.loaded.set(Some(loaded));
                crate::plans::read_again(state);
            }
            Err(e) => state.failure.set(Some(LoadFailure {
                title: format!("The evidence could not be worked out: {e}"),
                problems: Vec::new(),
            })),
        }
    });
}

/// Reads the file (the sample's wire form when none), and scores the scope on screen.
async fn read(raw: Option<&Blob>, ticket: u64) -> Result<Loaded, String> {
    // (Superseded: the caller finds that a newer read was asked for.)
    let problems = |s: Stopped<Unusable>| match s {
        Stopped::Failed(Unusable::Problems(p)) => {
            p.first().map_or_else(String::new, |p| p.message.clone())
        }
        // (A file is not downloaded.)
        Stopped::Failed(Unusable::Download(_)) | Stopped::Superseded => String::new(),
    };
    let (given, source) = match raw {
        Some(blob) => (
            Given::Read(Input::File(blob.clone())),
            Source::File(String::new()),
        ),
        None => {
            let again = |_| "The sample could not be read again.".to_string();
            let wire = sample_wire().await.map_err(again)?;
            (Given::Answer(wire, None), Source::Sample)
        }
    };
    let read = read_and_decode(given, ticket).await.map_err(problems)?;
    if !is_latest(ticket) {
        return Err(String::new()); // Another data set came meanwhile: not scored.
    }
    // The scores of the scope on screen, a part per task (as the page does): scored in the
    // first render, 100,000 responses took this fresh module 135 ms in one task.
    let portfolio = read.portfolio;
    let mut warm = None;
    if let Some(state) = crate::mounted_state() {
        let scope = state.route.with_untracked(|r| Scope::of(&portfolio, r));
        if let Some(current) = score_in_steps(&portfolio, &scope, 0).await {
            let previous = score_in_steps(&portfolio, &scope, 1).await;
            warm = Some(Warm {
                scope,
                current: Arc::new(current),
                previous: previous.map(Arc::new),
            });
        }
    }
    Ok(Loaded {
        portfolio,
        report: read.report,
        source,
        identity: read.identity,
        bytes: read.file_bytes as usize,
        warm,
    })
}

/// The account of the route (its id) and the scope of the filters narrowed to it, when the
/// data set has it: what the account view's panels show.
pub fn account_scope(
    state: AppState,
    p: &rapport::engine::Portfolio,
    scope: &rapport::app::state::Scope,
) -> Option<(String, rapport::engine::Filter)> {
    let id = state.route.with(|r| r.account.clone())?;
    let index = p.data.account_index(&id)?;
    let filter = rapport::engine::Filter {
        account: Some(index),
        ..scope.filter.clone()
    };
    Some((id, filter))
}
