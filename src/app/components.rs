//! Small shared pieces: headline tiles, band and type chips, change badges.

use leptos::prelude::*;

use crate::engine::{Band, Change, RelationshipType};
use crate::format;

/// A headline number with its interval, change and sample size.
#[component]
pub fn Headline(
    /// `data-testid` of the number.
    testid: &'static str,
    label: &'static str,
    /// The number as shown.
    text: String,
    /// Full precision, for `data-value`.
    value: Option<f64>,
    /// Interval line, e.g. "95% CI 5.01–5.33".
    detail: String,
    /// Change since the previous wave, when there is one.
    #[prop(default = None)]
    change: Option<Change>,
    /// Decimals of the change.
    #[prop(default = 2)]
    decimals: usize,
    /// Units behind the number ("42 accounts").
    n_text: String,
    /// Fewer than five units: shown as indicative.
    #[prop(default = false)]
    small: bool,
) -> impl IntoView {
    view! {
        <div class="kpi" class:kpi-small=small>
            <div class="kpi-label">{label}</div>
            <div class="kpi-value" data-testid=testid data-value=format::raw(value)>
                {text}
            </div>
            <div class="kpi-detail">{detail}</div>
            {change.map(|c| view! { <ChangeBadge change=c decimals=decimals/> })}
            <div class="kpi-n">
                {n_text}
                {small.then_some(" · indicative (n < 5)")}
            </div>
        </div>
    }
}

/// ▲/▼ with the delta; bold and outlined when significant.
#[component]
pub fn ChangeBadge(change: Change, #[prop(default = 2)] decimals: usize) -> impl IntoView {
    let dir = match change.delta {
        Some(d) if d > 0.0 => "up",
        Some(d) if d < 0.0 => "down",
        _ => "flat",
    };
    let class = format!(
        "chg chg-{dir} {}",
        if change.significant {
            "chg-sig"
        } else {
            "chg-ns"
        }
    );
    let label = format::change_text(&change, decimals);
    let short = match change.delta {
        None => "–".to_string(),
        Some(d) => format!(
            "{} {}{}",
            format::arrow(Some(d)),
            format::delta(Some(d), decimals),
            if change.significant { " *" } else { "" }
        ),
    };
    view! {
        <span class=class title=label.clone() aria-label=label data-significant=change.significant.to_string()>
            {short}
        </span>
    }
}

#[component]
pub fn BandChip(band: Option<Band>) -> impl IntoView {
    match band {
        Some(b) => {
            view! { <span class=format!("chip band-{}", b.id())>{b.label()}</span> }.into_any()
        }
        None => view! { <span class="chip chip-none">"–"</span> }.into_any(),
    }
}

#[component]
pub fn TypeChip(kind: Option<RelationshipType>) -> impl IntoView {
    match kind {
        Some(k) => {
            view! { <span class=format!("chip type-{}", k.id())>{k.label()}</span> }.into_any()
        }
        None => view! { <span class="chip chip-none">"–"</span> }.into_any(),
    }
}

/// A panel with a heading.
#[component]
pub fn Panel(
    title: String,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <section class=format!("pnl {class}")>
            <h2 class="pnl-title">{title}</h2>
            {children()}
        </section>
    }
}

/// Renders its children after the next frame, in a task of their own, when `defer` is set: a
/// large view then reaches the screen in steps, and none is a long task for the page.
#[component]
pub fn Later(defer: bool, children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(!defer);
    if defer {
        // After the next frame, so the browser lays out and paints the first step on its own.
        request_animation_frame(move || {
            set_timeout(
                move || {
                    // Nothing to do when the view is gone by then.
                    let _ = ready.try_set(true);
                },
                std::time::Duration::ZERO,
            );
        });
    }
    move || ready.get().then(|| children())
}

/// "Save SVG · PNG" under a chart: the first SVG of the enclosing figure or panel, saved
/// with `title` and the scope on screen (see `import::export_chart`).
#[component]
pub fn ChartSave(title: String) -> impl IntoView {
    let state = super::state::use_app();
    // One handler for both buttons: the PNG one says so.
    let save = move |ev: web_sys::MouseEvent| {
        use wasm_bindgen::JsCast;
        let Some(button) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let png = button.has_attribute("data-png");
        let chart = button.closest("figure, .pnl").ok().flatten();
        if let Some(svg) = chart.and_then(|f| f.query_selector("svg").ok()?) {
            super::import::export_chart(state, svg, title.clone(), png);
        }
    };
    view! {
        <span class="chart-save no-print" on:click=save>
            "Save "
            <button class="link" data-testid="save-svg">"SVG"</button>
            " · "
            <button class="link" data-testid="save-png" data-png="">"PNG"</button>
        </span>
    }
}
