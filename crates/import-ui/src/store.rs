//! Import profiles saved in this browser, by name, so that the next wave of the same survey
//! imports in one step.

use leptos::prelude::*;

use rapport::import::Profile;

const KEY: &str = "rapport:import-profiles";

fn storage() -> Result<web_sys::Storage, String> {
    match window().local_storage() {
        Ok(Some(s)) => Ok(s),
        _ => Err("Browser storage is turned off (private browsing or a privacy setting).".into()),
    }
}

/// What is saved, entry by entry (an entry that is no longer a profile is kept as it is,
/// never written over).
fn entries() -> Vec<serde_json::Value> {
    let text = storage()
        .ok()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_default()
}

/// The saved profiles (those that can be read; none when storage is off).
pub fn saved() -> Vec<Profile> {
    entries()
        .into_iter()
        .filter_map(|v| Profile::from_json(&v.to_string()).ok())
        .collect()
}

/// Writes the entries, but the one named `name`, and `add`; the saved profiles.
fn rewrite(name: &str, add: Option<&Profile>) -> Result<Vec<Profile>, String> {
    let mut list = entries();
    list.retain(|v| v["name"].as_str() != Some(name));
    list.extend(add.and_then(|p| serde_json::to_value(p).ok()));
    let text = serde_json::to_string(&list).unwrap_or_default();
    storage()?
        .set_item(KEY, &text)
        .map_err(|_| "The browser's storage is full: the profile was not saved.".to_string())?;
    Ok(saved())
}

/// Saves a profile under its name (replacing one of the same name); the saved profiles.
pub fn save(profile: &Profile) -> Result<Vec<Profile>, String> {
    rewrite(&profile.name, Some(profile))
}

/// Forgets the profile of this name; the saved profiles.
pub fn remove(name: &str) -> Result<Vec<Profile>, String> {
    rewrite(name, None)
}
