//! Placeholder view.

use leptos::prelude::*;

#[component]
pub fn DriversView() -> impl IntoView {
    view! { <p class="empty">"Coming next."</p> }
}
