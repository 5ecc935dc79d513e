//! Placeholder view.

use leptos::prelude::*;

#[component]
pub fn TrendsView() -> impl IntoView {
    view! { <p class="empty">"Coming next."</p> }
}
