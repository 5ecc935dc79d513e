//! Plans kept in the browser: read at each load (an unreadable entry kept as it was), saved
//! after each edit, merged per action with what another tab saved.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::super::browser::{storage, BrowserJson};
use super::super::state::{AppState, Loaded};
use crate::engine::plan::store::{
    merge_saved, read_saved_with, saved_text_with, Saved, Unreadable,
};
use crate::engine::plan::{plans_from_dataset, PlanAction};

pub(super) fn storage_key(identity: &str) -> String {
    format!("rapport:plans:{identity}")
}

/// Where saved plans that could not be read at all are put aside before anything is saved
/// (one key per such text, by its hash: putting the same text aside twice keeps one copy).
pub(super) fn unreadable_key(identity: &str, text_hash: &str) -> String {
    format!("rapport:plans-unreadable:{identity}:{text_hash}")
}

/// What this tab knows of the plans saved in the browser for the data set on screen.
#[derive(Default)]
pub(super) struct SavedState {
    identity: String,
    /// The actions as this tab last read or wrote them: the base of the per-action merge
    /// with what another tab saved meanwhile.
    base: Vec<PlanAction>,
    /// The saved text they were read from or written as (none: nothing was saved).
    text: Option<String>,
    /// False when what is saved could not be read nor put aside: nothing is written over it.
    writable: bool,
    /// Saved entries that could not be read (kept in storage as they were), to download.
    unreadable: Vec<Unreadable>,
}

/// Records what could not be read of the saved plans and says so in a notice (none: clears).
pub(super) fn note_unreadable(state: AppState, unreadable: Vec<Unreadable>) {
    let message = unreadable.first().map(|first| {
        let n = unreadable.len();
        let what = if first.pointer.is_empty() {
            "The plans saved in this browser could not be read".to_string()
        } else if n == 1 {
            "One saved plan action could not be read".to_string()
        } else {
            format!("{n} saved plan actions could not be read")
        };
        let place = if first.pointer.is_empty() {
            "reason"
        } else {
            first.pointer.as_str()
        };
        format!(
            "{what} ({place}: {}). The rest is shown; it is kept in this browser as it was.",
            first.reason
        )
    });
    SAVED.with(|s| s.borrow_mut().unreadable = unreadable);
    state.plan_unreadable.set(message);
}

thread_local! {
    static SAVED: std::cell::RefCell<SavedState> = std::cell::RefCell::new(SavedState::default());
}

/// The browser's saved plans of the data set `identity`: `Ok(None)` when nothing is saved,
/// `Err` (with why) when storage could not be asked.
pub fn read_saved_plans(identity: &str) -> Result<Option<String>, String> {
    storage()?
        .get_item(&storage_key(identity))
        .map_err(|_| "The browser refused to read its storage".to_string())
}

/// What is saved for a data set, read action by action; nothing saved is the file's own
/// actions. A text that cannot be read at all is put aside (under its own key) first, so
/// that saving never writes over it; `Err` when even that failed.
pub(super) fn saved_plans(
    state: AppState,
    loaded: &Loaded,
    text: Option<String>,
) -> Result<Saved, String> {
    let Some(text) = text else {
        return Ok(Saved {
            actions: plans_from_dataset(&loaded.portfolio.data),
            unreadable: Vec::new(),
        });
    };
    match read_saved_with::<BrowserJson>(&text, &loaded.identity) {
        Ok(saved) => Ok(saved),
        Err(why) => {
            let mut hash = crate::engine::wire::Identity::default();
            hash.update(text.as_bytes());
            let key = unreadable_key(&loaded.identity, &hash.finish());
            storage()
                .and_then(|s| {
                    s.set_item(&key, &text)
                        .map_err(|_| "it could not be put aside".to_string())
                })
                .map_err(|e| format!("The saved plans could not be read ({why}) and {e}"))?;
            note_unreadable(
                state,
                vec![Unreadable {
                    pointer: String::new(),
                    raw: text,
                    reason: why.to_string(),
                }],
            );
            Ok(Saved {
                actions: plans_from_dataset(&loaded.portfolio.data),
                unreadable: Vec::new(),
            })
        }
    }
}

/// Plans for a newly loaded data set: the browser's saved edits of this very data set, or
/// else the file's own actions. Another data set's edits are never used. Saved actions that
/// cannot be read are kept as they are and shown in a notice. The targets saved beside them
/// likewise (`targets`).
pub fn init_plans(state: AppState, loaded: &Loaded) {
    super::init_targets(state, loaded);
    state.conflicts.set(Vec::new());
    state.import_message.set(None);
    state.plan_notice.set(None);
    note_unreadable(state, Vec::new());
    let read = match read_saved_plans(&loaded.identity) {
        // No storage at all: saving will say so when there is something to save.
        Err(_) if storage().is_err() => Ok(None),
        other => other,
    };
    let text = read.clone().ok().flatten();
    let saved = read.and_then(|text| saved_plans(state, loaded, text));
    let (actions, writable) = match saved {
        Ok(saved) => {
            if !saved.unreadable.is_empty() {
                note_unreadable(state, saved.unreadable);
            }
            (saved.actions, true)
        }
        Err(why) => {
            state.plan_notice.set(Some(format!(
                "{why}: it is left untouched, and changes made now are not saved. Export the plans to keep them."
            )));
            (plans_from_dataset(&loaded.portfolio.data), false)
        }
    };
    SAVED.with(|s| {
        let mut s = s.borrow_mut();
        s.identity = loaded.identity.clone();
        s.base = actions.clone();
        s.text = text;
        s.writable = writable;
    });
    state.plans.set(actions);
}

/// Whether the plans on screen are those saved in this browser for the data set `identity`
/// (or, none being saved, the file's own), and what is saved is still the text they were
/// read from or written as: a module can then read them itself, as `init_plans` did,
/// rather than be given them (5,124 actions written as JSON take 41–74 ms).
pub fn plans_saved(state: AppState, identity: &str) -> bool {
    // Storage (a text of about 1 MB at 5,124 actions) is read only when the rest holds.
    let text = SAVED.with(|s| {
        let s = s.borrow();
        (s.identity == identity && state.plans.with_untracked(|p| *p == s.base))
            .then(|| s.text.clone())
    });
    text.is_some_and(|text| read_saved_plans(identity).ok().flatten() == text)
}

/// Saves the plans of the loaded data set, merged per action with what another tab saved
/// meanwhile; a failure is shown at once, with the way out.
pub fn save_plans(state: AppState) {
    let Some(loaded) = state.loaded.get_untracked() else {
        return;
    };
    let identity = loaded.identity.clone();
    if !SAVED.with(|s| s.borrow().writable && s.borrow().identity == identity) {
        return;
    }
    let theirs = read_saved_plans(&identity).and_then(|text| saved_plans(state, &loaded, text));
    let result = theirs.and_then(|theirs| {
        let merged = merged_with(state, &theirs.actions);
        let title = loaded.portfolio.data.title.clone();
        let text = saved_text_with::<BrowserJson>(&identity, title, &merged, &theirs.unreadable);
        storage()?
            .set_item(&storage_key(&identity), &text)
            .map_err(|e| {
                let name = js_sys::Reflect::get(&e, &"name".into())
                    .ok()
                    .and_then(|n| n.as_string())
                    .unwrap_or_default();
                if name.contains("Quota") {
                    "Browser storage is full".to_string()
                } else {
                    format!("The browser refused to store the plans ({name})")
                }
            })?;
        SAVED.with(|s| {
            let mut s = s.borrow_mut();
            s.base = merged.clone();
            s.text = Some(text);
        });
        keep_storage(state);
        if state.plans.with_untracked(|mine| *mine != merged) {
            state.plans.set(merged);
        }
        if !theirs.unreadable.is_empty() {
            note_unreadable(state, theirs.unreadable);
        }
        Ok(())
    });
    state.plan_notice.set(result.err().map(|why| {
        format!("{why}: your plan changes are on screen but will be lost when the page is closed. Export the plans to keep them.")
    }));
}

/// The plans on screen merged per action with `theirs` (what storage holds now), over the
/// base this tab last read or wrote.
pub(super) fn merged_with(state: AppState, theirs: &[PlanAction]) -> Vec<PlanAction> {
    SAVED.with(|s| {
        state
            .plans
            .with_untracked(|mine| merge_saved(&s.borrow().base, mine, theirs))
    })
}

/// Takes in what another tab saved for the data set on screen (the `storage` event): its
/// edits appear here, merged per action with this tab's.
pub fn follow_other_tabs(state: AppState) {
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        let Some(loaded) = state.loaded.get_untracked() else {
            return;
        };
        // The targets set in the Model view (there or in another tab): in force here too.
        if super::targets::follow_saved(
            state,
            &loaded,
            &ev.key().unwrap_or_default(),
            ev.new_value(),
        ) {
            return;
        }
        if ev.key().as_deref() != Some(storage_key(&loaded.identity).as_str())
            || !SAVED.with(|s| s.borrow().identity == loaded.identity)
        {
            return;
        }
        let text = ev.new_value();
        let Ok(theirs) = saved_plans(state, &loaded, text.clone()) else {
            return;
        };
        let merged = merged_with(state, &theirs.actions);
        SAVED.with(|s| {
            let mut s = s.borrow_mut();
            s.base = theirs.actions;
            s.text = text;
        });
        if !theirs.unreadable.is_empty() {
            note_unreadable(state, theirs.unreadable);
        }
        if state.plans.with_untracked(|mine| *mine != merged) {
            state.plans.set(merged);
        }
    });
    // Typing not saved yet is saved when the page is hidden (closed, reloaded, left).
    let hidden = window_event_listener(leptos::ev::pagehide, move |_| save_typed(state));
    // The listeners live as long as the page.
    std::mem::forget((handle, hidden));
}

/// Changes the plans and saves them.
pub fn update_plans(state: AppState, edit: impl FnOnce(&mut Vec<PlanAction>)) {
    state.plans.update(edit);
    save_plans(state);
}

thread_local! {
    /// Whether the browser was asked to keep this site's storage.
    static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Typing not saved yet: its change's number (the last one is saved).
    static TYPED: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
}

/// Changes the plans now and saves them once typing pauses (half a second), or when the
/// field is left or the page hidden (`save_typed`), whichever comes first.
pub fn update_plans_typed(state: AppState, edit: impl FnOnce(&mut Vec<PlanAction>)) {
    state.plans.update(edit);
    let n = TYPED.get().map_or(0, |n| n.wrapping_add(1));
    TYPED.set(Some(n));
    set_timeout(
        move || {
            if TYPED.get() == Some(n) {
                save_typed(state);
            }
        },
        std::time::Duration::from_millis(500),
    );
}

/// Asks the browser, once, to keep this site's storage when storage runs short (plans would
/// otherwise be cleared with the cache), and notes whether it will.
fn keep_storage(state: AppState) {
    if ASKED.replace(true) {
        return;
    }
    let Ok(manager) = js_sys::Reflect::get(&window().navigator(), &"storage".into()) else {
        return;
    };
    let Ok(manager) = manager.dyn_into::<web_sys::StorageManager>() else {
        return; // Not offered (an older browser, or not a secure context).
    };
    // Asked when already kept, `persist` says so without asking the user (Storage
    // Standard, "persist()").
    let Ok(asked) = manager.persist() else {
        return;
    };
    leptos::task::spawn_local(async move {
        let kept = wasm_bindgen_futures::JsFuture::from(asked).await;
        state.storage_kept.set(kept.ok().and_then(|k| k.as_bool()));
    });
}

/// Saves what was typed and not saved yet.
pub fn save_typed(state: AppState) {
    if TYPED.take().is_some() {
        save_plans(state);
    }
}

/// The saved actions that could not be read, each with where it was and why, as text to
/// repair.
pub(super) fn unreadable_report() -> String {
    let text: Vec<String> = SAVED.with(|s| {
        s.borrow()
            .unreadable
            .iter()
            .map(|u| format!("{} ({}):\n{}\n", u.pointer, u.reason, u.raw))
            .collect()
    });
    text.join("\n")
}
