//! Placeholder view.

use leptos::prelude::*;

#[component]
pub fn DiagramView() -> impl IntoView {
    view! { <p class="empty">"Coming next."</p> }
}
