//! "Import plans…": a plans file (or a data file's actions) read, checked with the data
//! file's rules and merged with the plans on screen. Here, in a module the page loads when
//! needed, rather than in the page's own (its size budget).

use js_sys::Uint8Array;
use rapport::engine::plan::{merge_import, parse_plans, IdLists, PlanAction};
use wasm_bindgen_futures::JsFuture;

/// What an import brings: the actions to add, the conflicts to resolve (the page's version
/// then the file's, one pair after the other) and the sentence to show.
pub struct Imported {
    pub added: Vec<PlanAction>,
    pub conflicts: Vec<PlanAction>,
    pub message: String,
}

/// Reads `file` and merges it with `mine` (the plans on screen), taking only actions for
/// these accounts and waves. The error is the sentence to show.
pub async fn import(
    file: web_sys::File,
    mine: Vec<PlanAction>,
    known: IdLists,
) -> Result<Imported, String> {
    let name = file.name();
    let bytes = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("“{name}” could not be read."))?;
    let imported = parse_plans(&Uint8Array::new(&bytes).to_vec())
        .map_err(|e| format!("“{name}” was not imported: {e}"))?;
    let mut out = merge_import(&mine, &imported, &known);
    let mut message = format!(
        "Imported “{name}”: {} new, {} unchanged, {} conflicting",
        out.added,
        out.unchanged,
        out.conflicts.len()
    );
    if !out.rejected.is_empty() {
        let why: Vec<String> = out
            .rejected
            .iter()
            .map(|(id, r)| format!("{id} ({r})"))
            .collect();
        message.push_str(&format!("; not taken: {}", why.join(", ")));
    }
    message.push('.');
    // `merged` is `mine` followed by the new actions.
    let added = out.merged.split_off(mine.len());
    let conflicts = out
        .conflicts
        .into_iter()
        .flat_map(|c| [c.mine, c.theirs])
        .collect();
    Ok(Imported {
        added,
        conflicts,
        message,
    })
}
