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

mod diagram {
    use super::*;
    use rapport::app::diagram::{DiagramData, LevelDiagram};
    use rapport::engine::{Change, DiagramOrder, Estimate, Metric, Model};

    fn estimate(mean: f64, n: usize) -> Estimate {
        Estimate {
            mean: Some(mean),
            ci_low: Some(mean - 0.2),
            ci_high: Some(mean + 0.2),
            n,
            ..Estimate::EMPTY
        }
    }

    fn data() -> DiagramData {
        let mut current = [estimate(5.2, 40); 15];
        current[Metric::Dimension(rapport::engine::Dimension::Trust).index()] = estimate(5.8, 40);
        current[Metric::Dimension(rapport::engine::Dimension::ValueForMoney).index()] =
            estimate(3.7, 3);
        let mut change = [Change::default(); 15];
        change[Metric::Dimension(rapport::engine::Dimension::Trust).index()] = Change {
            delta: Some(0.4),
            p: Some(0.01),
            significant: true,
        };
        DiagramData {
            current,
            previous: Some([estimate(5.0, 40); 15]),
            change: Some(change),
            previous_label: Some("FY2024".into()),
            model: Model::default(),
            team: None,
        }
    }

    #[wasm_bindgen_test]
    fn the_teams_prediction_is_marked_on_the_blocks_it_was_made_for() {
        // The wave's index, then a value per metric: the team predicted Trust only.
        let mut team = vec![f64::NAN; rapport::engine::model::N_METRICS + 1];
        team[1 + Metric::Dimension(rapport::engine::Dimension::Trust).index()] = 6.0;
        let host = mount(move || {
            let d = DiagramData {
                team: Some(team),
                ..data()
            };
            view! { <LevelDiagram data=Signal::derive(move || Some(d.clone())) selected=Signal::derive(|| None::<Metric>) on_select=Callback::new(|_: Metric| {})/> }
        });
        let marks = host.query_selector_all("[data-testid=team-mark]").unwrap();
        assert_eq!(marks.length(), 1);
        let trust = query(&host, "[data-testid=dim-trust]");
        let mark = trust
            .query_selector("[data-testid=team-mark]")
            .unwrap()
            .expect("Trust's block has the team's marker");
        assert_eq!(mark.get_attribute("data-value").as_deref(), Some("6"));
        assert!(mark.text_content().unwrap().contains("◆ 6.00"));
        assert!(query(&host, "#dg-desc-trust")
            .text_content()
            .unwrap()
            .contains("Team's prediction: 6.00"));
        assert!(!query(&host, "#dg-desc-commitment")
            .text_content()
            .unwrap()
            .contains("Team"));
    }

    #[wasm_bindgen_test]
    fn blocks_are_coloured_by_band_and_marked_when_small() {
        let host = mount(|| {
            view! { <LevelDiagram data=Signal::derive(|| Some(data())) selected=Signal::derive(|| None::<Metric>) on_select=Callback::new(|_: Metric| {})/> }
        });
        let trust = query(&host, "[data-testid=dim-trust]");
        assert_eq!(
            trust.get_attribute("data-band").as_deref(),
            Some("excellent")
        );
        assert!(trust.text_content().unwrap().contains("+0.40 *"));
        let vfm = query(&host, "[data-testid=dim-value_for_money]");
        assert_eq!(vfm.get_attribute("data-band").as_deref(), Some("at_risk"));
        assert!(vfm.class_list().contains("blk-small"));
        assert!(
            vfm.query_selector(".blk-hatch").unwrap().is_some(),
            "weak bands are hatched, not only coloured"
        );
        for level in ["service", "uniqueness", "relationship"] {
            query(&host, &format!("[data-testid=level-{level}]"));
        }
        assert_eq!(
            host.query_selector_all("[data-testid^=dim-]")
                .unwrap()
                .length(),
            11
        );
    }

    /// The top of a level's strip, as drawn.
    fn strip_y(host: &web_sys::HtmlElement, level: &str) -> f64 {
        query(host, &format!("[data-testid=level-{level}] rect"))
            .get_attribute("y")
            .unwrap()
            .parse()
            .unwrap()
    }

    /// The `data-testid`s of the focusable marks in document (so Tab) order.
    fn tab_order(host: &web_sys::HtmlElement) -> Vec<String> {
        let marks = host.query_selector_all("[tabindex='0']").unwrap();
        (0..marks.length())
            .filter_map(|i| marks.item(i))
            .filter_map(|n| {
                n.unchecked_into::<web_sys::Element>()
                    .get_attribute("data-testid")
            })
            .collect()
    }

    #[wasm_bindgen_test]
    fn relationship_is_the_base_and_is_read_first() {
        let host = mount(|| {
            view! { <LevelDiagram data=Signal::derive(|| Some(data())) selected=Signal::derive(|| None::<Metric>) on_select=Callback::new(|_: Metric| {})/> }
        });
        let (rel, uniq, service) = (
            strip_y(&host, "relationship"),
            strip_y(&host, "uniqueness"),
            strip_y(&host, "service"),
        );
        assert!(rel > uniq && uniq > service, "{rel} {uniq} {service}");
        let order = tab_order(&host);
        assert_eq!(
            &order[..4],
            [
                "level-relationship",
                "dim-trust",
                "dim-commitment",
                "dim-satisfaction"
            ]
        );
        assert_eq!(order.last().map(String::as_str), Some("dim-customer_care"));
        let label = query(&host, "[data-testid=level-diagram]")
            .get_attribute("aria-label")
            .unwrap();
        assert!(label.contains("Relationship at the base"), "{label}");
    }

    /// Waits for a macrotask, so that the reactive updates scheduled by a signal are done.
    async fn settle() {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }

    #[wasm_bindgen_test]
    async fn service_base_turns_it_over_when_the_order_changes() {
        let shown = RwSignal::new(data());
        let host = mount(move || {
            view! { <LevelDiagram data=Signal::derive(move || Some(shown.get())) selected=Signal::derive(|| None::<Metric>) on_select=Callback::new(|_: Metric| {})/> }
        });
        assert!(strip_y(&host, "relationship") > strip_y(&host, "service"));
        shown.update(|d| d.model.diagram = DiagramOrder::ServiceBase);
        settle().await;
        assert!(strip_y(&host, "service") > strip_y(&host, "relationship"));
        assert_eq!(tab_order(&host)[..2], ["level-service", "dim-reliability"]);
        assert_eq!(
            query(&host, "[data-testid=level-diagram]")
                .get_attribute("data-order")
                .as_deref(),
            Some("service_base")
        );
    }

    #[wasm_bindgen_test]
    fn clicking_a_block_selects_it() {
        let picked = RwSignal::new(String::new());
        let host = mount(move || {
            view! { <LevelDiagram data=Signal::derive(|| Some(data())) selected=Signal::derive(|| None::<Metric>) on_select=Callback::new(move |m: Metric| picked.set(m.id().to_string()))/> }
        });
        let block: web_sys::HtmlElement =
            query(&host, "[data-testid=dim-commitment]").unchecked_into();
        block
            .dispatch_event(&web_sys::MouseEvent::new("click").unwrap())
            .unwrap();
        assert_eq!(picked.get_untracked(), "commitment");
    }
}

mod trend {
    use super::*;
    use rapport::app::state::{Loaded, Source};
    use rapport::app::trends::TrendChart;
    use rapport::chart::{TrendPoint, TrendSeries};
    use rapport::engine::Portfolio;
    use std::sync::Arc;

    /// Data on screen with `n` waves, a year apart (the charts take the waves from it).
    fn loaded(n: usize) -> Arc<Loaded> {
        let waves: Vec<String> = (1..=n)
            .map(|i| format!(r#"{{"id": "w{i}", "label": "FY{i}", "closed": "202{i}-03-31"}}"#))
            .collect();
        let doc = format!(
            r#"{{"format": "rapport/1", "waves": [{}], "accounts": [{{"id": "A"}}], "responses": []}}"#,
            waves.join(", ")
        );
        let (data, report) = rapport::engine::load(doc.as_bytes()).expect("a valid document");
        Arc::new(Loaded {
            portfolio: Portfolio::new(data),
            report,
            source: Source::Sample,
            identity: String::new(),
            bytes: doc.len(),
            warm: None,
        })
    }

    fn series(values: &[f64]) -> TrendSeries {
        TrendSeries {
            points: values
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    Some(TrendPoint {
                        value: v,
                        low: Some(v - 0.3),
                        high: Some(v + 0.3),
                        n: 20,
                        significant: i == 2,
                    })
                })
                .collect(),
        }
    }

    #[wasm_bindgen_test]
    fn draws_points_bands_and_marks_significant_changes() {
        let host = mount(|| {
            // The app around the chart (its Save buttons hand the chart to the app's export).
            provide_context(rapport::app::state::AppState::new(Default::default()));
            view! {
                <TrendChart
                    data=loaded(3)
                    series=vec![("A".into(), series(&[5.0, 5.1, 5.6])), ("B".into(), series(&[4.0, 4.2, 4.1]))]
                    bounds=(1.0, 7.0)
                    decimals=2
                    title="CRQ".into()
                />
            }
        });
        assert_eq!(host.query_selector_all(".tr-pt").unwrap().length(), 6);
        // Each wave named with the month it closed.
        assert_eq!(host.query_selector_all(".tr-date").unwrap().length(), 3);
        assert!(host.text_content().unwrap().contains("FY3Mar 2023"));
        assert_eq!(host.query_selector_all(".tr-sig").unwrap().length(), 2);
        assert_eq!(host.query_selector_all("path.tr-band").unwrap().length(), 2);
        assert_eq!(
            query(&host, "[data-testid=trend-chart]")
                .get_attribute("data-series")
                .as_deref(),
            Some("2")
        );
    }

    #[wasm_bindgen_test]
    fn one_wave_explains_instead_of_drawing() {
        let host = mount(|| {
            view! { <TrendChart data=loaded(1) series=vec![("A".into(), series(&[5.0]))] bounds=(1.0, 7.0) decimals=2 title="CRQ".into()/> }
        });
        assert!(host.query_selector("svg").unwrap().is_none());
        assert!(host.text_content().unwrap().contains("only one wave"));
    }
}

/// The page keeps plans with the browser's own JSON; what it writes is what serde_json
/// (the command line, the import view, earlier versions of the page) writes and reads.
mod browser_json {
    use rapport::app::browser::BrowserJson;
    use rapport::engine::plan::store::{
        read_saved, read_saved_with, saved_text, saved_text_with, Unreadable,
    };
    use rapport::engine::plan::PlanAction;
    use wasm_bindgen_test::*;

    fn actions() -> Vec<PlanAction> {
        let full = PlanAction {
            id: "CIP-A-w2-1".into(),
            account: "A".into(),
            wave: "w2".into(),
            dimension: Some(rapport::engine::Target::Dimension(
                rapport::engine::Dimension::Trust,
            )),
            title: "Quarterly \"review\" — ünïcode ✓".into(),
            owner: Some("Ann".into()),
            due: chrono::NaiveDate::from_ymd_opt(2024, 4, 28),
            status: rapport::engine::ActionStatus::InProgress,
            agreed_with_client: true,
            notes: Some("line one\nline two\t</script>".into()),
        };
        let bare = PlanAction {
            id: "CIP-B-w2-1".into(),
            account: "B".into(),
            wave: "w2".into(),
            dimension: None,
            title: "Call".into(),
            owner: None,
            due: None,
            status: rapport::engine::ActionStatus::Open,
            agreed_with_client: false,
            notes: None,
        };
        vec![full, bare]
    }

    #[wasm_bindgen_test]
    fn the_browser_writes_what_serde_json_writes() {
        let kept = vec![Unreadable {
            pointer: "/actions/2".into(),
            raw: "{\"id\": 7 }".into(),
            reason: "invalid type".into(),
        }];
        let title = Some("Key accounts 2024".to_string());
        let browser = saved_text_with::<BrowserJson>("abc", title.clone(), &actions(), &kept);
        assert_eq!(browser, saved_text("abc", title, &actions(), &kept));
        assert!(browser.ends_with(",{\"id\": 7 }]}"), "{browser}");
        // Read back by either, the unreadable entry byte for byte.
        for saved in [
            read_saved(&browser, "abc").unwrap(),
            read_saved_with::<BrowserJson>(&browser, "abc").unwrap(),
        ] {
            assert_eq!(saved.actions, actions());
            assert_eq!(saved.unreadable.len(), 1);
            assert_eq!(saved.unreadable[0].raw, "{\"id\": 7 }");
            assert_eq!(saved.unreadable[0].pointer, "/actions/2");
        }
        // Without a title serde_json writes `null`, the browser leaves it out: both read so.
        let untitled = saved_text("abc", None, &actions(), &[]);
        let read = read_saved_with::<BrowserJson>(&untitled, "abc").unwrap();
        assert_eq!(read.actions, actions());
        let untitled = saved_text_with::<BrowserJson>("abc", None, &[], &[]);
        assert_eq!(
            untitled,
            "{\"format\":\"rapport-plans/1\",\"dataset\":\"abc\",\"actions\":[]}"
        );
    }

    #[wasm_bindgen_test]
    fn the_browser_reads_a_bad_action_as_serde_json_does() {
        let text = "{\"format\":\"rapport-plans/1\",\"dataset\":\"abc\",\"actions\":[{\"id\":\"x\",\"wave\":\"w2\"},17]}";
        let browser = read_saved_with::<BrowserJson>(text, "abc").unwrap();
        let serde = read_saved(text, "abc").unwrap();
        assert_eq!(browser.actions, []);
        assert_eq!(browser.unreadable.len(), 2);
        assert_eq!(browser.unreadable[0].reason, "missing field `account`");
        assert_eq!(browser.unreadable[0].reason, serde.unreadable[0].reason);
        assert_eq!(browser.unreadable[1].raw, "17");
        // Not JSON, another format, another data set: errors, never an empty plan.
        assert!(read_saved_with::<BrowserJson>("{\"format\":", "abc").is_err());
        assert!(read_saved_with::<BrowserJson>("[]", "abc").is_err());
        assert!(read_saved_with::<BrowserJson>(text, "other").is_err());
    }
}
