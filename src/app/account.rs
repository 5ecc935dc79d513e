//! Placeholder view.

use leptos::prelude::*;

#[component]
pub fn AccountView() -> impl IntoView {
    view! { <p class="empty">"Coming next."</p> }
}
