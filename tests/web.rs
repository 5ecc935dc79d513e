//! Component tests in a real browser (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use rapport::app::components::{ChangeBadge, Headline};
use rapport::engine::Change;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a view into a fresh element and returns that element.
fn mount<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let doc = document();
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), f).forget();
    host
}

fn query(host: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

#[wasm_bindgen_test]
fn headline_carries_its_test_hook_and_full_precision_value() {
    let host = mount(|| {
        view! {
            <Headline
                testid="headline-crq"
                label="CRQ score"
                text="5.51".to_string()
                value=Some(5.512345678)
                detail="95% CI 5.34–5.67".to_string()
                change=Some(Change { delta: Some(0.16), p: Some(0.01), significant: true })
                n_text="60 accounts".to_string()
            />
        }
    });
    let value = query(&host, "[data-testid=headline-crq]");
    assert_eq!(
        value.get_attribute("data-value").as_deref(),
        Some("5.512345678")
    );
    assert_eq!(value.text_content().as_deref(), Some("5.51"));
    let badge = query(&host, ".chg");
    assert_eq!(
        badge.get_attribute("data-significant").as_deref(),
        Some("true")
    );
    assert!(badge.text_content().unwrap().contains("+0.16 *"));
}

#[wasm_bindgen_test]
fn small_samples_are_marked_indicative() {
    let host = mount(|| {
        view! {
            <Headline
                testid="headline-nps"
                label="NPS"
                text="+50".to_string()
                value=Some(50.0)
                detail="".to_string()
                n_text="4 answers".to_string()
                small=true
            />
        }
    });
    assert!(query(&host, ".kpi").class_list().contains("kpi-small"));
    assert!(host.text_content().unwrap().contains("indicative (n < 5)"));
}

#[wasm_bindgen_test]
fn change_without_a_test_says_so() {
    let host = mount(
        || view! { <ChangeBadge change=Change { delta: Some(-0.3), p: None, significant: false }/> },
    );
    let badge = query(&host, ".chg");
    assert!(badge.class_list().contains("chg-down"));
    assert!(badge.get_attribute("title").unwrap().contains("not tested"));
}
