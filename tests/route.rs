//! The URL query codec behind shareable links and back/forward.

use rapport::engine::{Aggregation, DiagramOrder, Role};
use rapport::route::{Route, View};

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
        metric: Some("trust".into()),
        compare: Some("segment".into()),
        series: Some("Energy,Telecom".into()),
        block: Some("solution".into()),
        aggregation: Some(Aggregation::Revenue),
        diagram: Some(DiagramOrder::ServiceBase),
        sort: Some("-crq".into()),
        data: Some("https://example.org/data.json?x=1&y=2".into()),
    };
    let q = r.to_query();
    assert!(q.starts_with("?data=https://example.org/data.json%3Fx%3D1%26y%3D2&view=account"));
    assert!(q.contains("segment=Financial+services+%26+co"));
    assert!(q.contains("&diagram=service_base&"));
    assert_eq!(Route::from_query(&q), r);
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
