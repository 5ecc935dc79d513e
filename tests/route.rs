//! The URL query codec behind shareable links and back/forward.

use rapport::chart::TrendMetric;
use rapport::engine::{Aggregation, DiagramOrder, Dimension, Metric, Role};
use rapport::route::{Compare, Route, Sort, SortKey, View};

#[test]
fn default_route_is_an_empty_query() {
    assert_eq!(Route::default().to_query(), "");
    assert_eq!(Route::from_query(""), Route::default());
}

#[test]
fn round_trip_keeps_every_field() {
    let r = Route {
        view: View::Account,
        wave: Some("FY 2024".into()),
        segment: Some("Financial services & co".into()),
        owner: Some("Jane Roe".into()),
        role: Some(Role::DecisionMaker),
        account: Some("A/001".into()),
        metric: Some(TrendMetric::Metric(Metric::Dimension(Dimension::Trust))),
        compare: Some(Compare::Segment),
        series: vec!["Energy".into(), "Telecom".into()],
        block: Some(Metric::Solution),
        aggregation: Some(Aggregation::Revenue),
        diagram: Some(DiagramOrder::ServiceBase),
        sort: Some(Sort {
            key: SortKey::Crq,
            descending: true,
        }),
        only: Some("at_risk".into()),
        data: Some("https://example.org/data.json?x=1&y=2".into()),
        profile: Some("https://example.org/qualtrics-profile.json".into()),
    };
    let q = r.to_query();
    assert!(q.starts_with("?data=https://example.org/data.json%3Fx%3D1%26y%3D2&view=account"));
    assert!(q.contains("segment=Financial+services+%26+co"));
    assert!(q.contains("&diagram=service_base&"));
    assert!(q.contains("&sort=-crq&only=at_risk&"));
    assert_eq!(Route::from_query(&q), r);
}

#[test]
fn the_import_view_takes_a_profile_by_url() {
    let r = Route::from_query("?view=import&profile=https://example.org/p.json");
    assert_eq!(r.view, View::Import);
    assert_eq!(r.profile.as_deref(), Some("https://example.org/p.json"));
    assert_eq!(
        r.to_query(),
        "?view=import&profile=https://example.org/p.json"
    );
    // Not a tab: the tabs are the views of the data on screen.
    assert!(!View::TABS.contains(&View::Import));
}

#[test]
fn malformed_parameters_are_ignored() {
    let r = Route::from_query(
        "?view=nonsense&role=ceo&wave=%ZZ&agg=median&diagram=flat&segment=Energy&x=1",
    );
    assert_eq!(r.view, View::Overview);
    assert_eq!(r.role, None);
    assert_eq!(r.wave, None);
    assert_eq!(r.aggregation, None);
    assert_eq!(r.diagram, None);
    assert_eq!(r.segment.as_deref(), Some("Energy"));
}

#[test]
fn non_ascii_values_survive() {
    let r = Route {
        owner: Some("Zoë Müller".into()),
        ..Route::default()
    };
    assert_eq!(
        Route::from_query(&r.to_query()).owner.as_deref(),
        Some("Zoë Müller")
    );
}

#[test]
fn typed_fields_are_parsed_once_and_unknown_values_ignored() {
    let r =
        Route::from_query("?metric=nps&compare=owner&series=Energy,Telecom&block=trust&sort=-rate");
    assert_eq!(r.metric, Some(TrendMetric::Nps));
    assert_eq!(r.compare, Some(Compare::Owner));
    assert_eq!(r.series, vec!["Energy".to_string(), "Telecom".to_string()]);
    assert_eq!(r.block, Some(Metric::Dimension(Dimension::Trust)));
    assert_eq!(
        r.sort,
        Some(Sort {
            key: SortKey::Rate,
            descending: true
        })
    );
    let bad = Route::from_query("?metric=height&compare=planet&block=nps&sort=-colour&series=");
    assert_eq!(bad.metric, None);
    assert_eq!(bad.compare, None);
    // NPS is a trend metric but not a block of the diagram.
    assert_eq!(bad.block, None);
    assert_eq!(bad.sort, None);
    assert!(bad.series.is_empty());
    assert_eq!(bad.to_query(), "");
}

#[test]
fn a_click_on_a_heading_sorts_ascending_then_descending() {
    // The default order is the largest revenue first.
    let s = Sort::default();
    assert_eq!(s.id(), "-revenue");
    assert_eq!(s.clicked(SortKey::Crq).id(), "crq");
    assert_eq!(s.clicked(SortKey::Crq).clicked(SortKey::Crq).id(), "-crq");
    assert_eq!(
        s.clicked(SortKey::Crq)
            .clicked(SortKey::Crq)
            .clicked(SortKey::Crq)
            .id(),
        "crq"
    );
    assert_eq!(s.clicked(SortKey::Revenue).id(), "revenue");
    assert_eq!(
        Sort::from_id("-crq").map(|s| s.clicked(SortKey::Name).id()),
        Some("name".into())
    );
}
