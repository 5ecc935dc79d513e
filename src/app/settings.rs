//! Placeholder view.

use leptos::prelude::*;

#[component]
pub fn SettingsView() -> impl IntoView {
    view! { <p class="empty">"Coming next."</p> }
}
