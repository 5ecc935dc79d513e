//! Plans saved in the browser: unreadable entries kept, never written over; two tabs merged
//! per action with unique ids.

use rapport::engine::plan::store::{merge_saved, read_saved, saved_text, Unreadable};
use rapport::engine::plan::{tagged_action_id, PlanAction};

fn action(id: &str, title: &str) -> PlanAction {
    PlanAction {
        id: id.into(),
        account: "A".into(),
        wave: "w1".into(),
        dimension: Some("responsiveness".into()),
        title: title.into(),
        owner: None,
        due: Some("2023-04-28".into()),
        status: "open".into(),
        agreed_with_client: false,
        notes: None,
    }
}

fn ids(actions: &[PlanAction]) -> Vec<&str> {
    actions.iter().map(|a| a.id.as_str()).collect()
}

const BAD: &str = r#"{"id":"X","account":"A","wave":"w1","title":"t","due":5,"status":"open"}"#;

fn stored(entries: &[&str]) -> String {
    format!(
        r#"{{"format":"rapport-plans/1","dataset":"abc","title":null,"actions":[{}]}}"#,
        entries.join(", ")
    )
}

#[test]
fn one_unreadable_action_keeps_every_other_and_its_own_text() {
    let good = serde_json::to_string(&action("G1", "Weekly review")).unwrap();
    let saved = read_saved(&stored(&[&good, BAD, "17"]), "abc").unwrap();
    assert_eq!(ids(&saved.actions), ["G1"]);
    assert_eq!(saved.unreadable.len(), 2);
    assert_eq!(saved.unreadable[0].pointer, "/actions/1");
    assert_eq!(saved.unreadable[0].raw, BAD);
    assert!(
        saved.unreadable[0].reason.contains("invalid type"),
        "{}",
        saved.unreadable[0].reason
    );
    assert_eq!(saved.unreadable[1].raw, "17");
}

#[test]
fn writing_back_keeps_unreadable_entries_byte_for_byte() {
    let unreadable = vec![Unreadable {
        pointer: "/actions/1".into(),
        raw: BAD.into(),
        reason: "due".into(),
    }];
    let text = saved_text(
        "abc",
        Some("Key accounts".into()),
        &[action("G1", "a"), action("G2", "b")],
        &unreadable,
    );
    assert!(text.contains(BAD), "{text}");
    let again = read_saved(&text, "abc").unwrap();
    assert_eq!(ids(&again.actions), ["G1", "G2"]);
    assert_eq!(again.unreadable.len(), 1);
    assert_eq!(again.unreadable[0].raw, BAD);
    assert_eq!(again.unreadable[0].pointer, "/actions/2");
}

#[test]
fn a_saved_text_that_is_not_a_plans_file_is_an_error_not_an_empty_plan() {
    assert!(read_saved("{\"format\":\"rapport-plans/1\",", "abc").is_err());
    assert!(read_saved("[]", "abc").is_err());
    assert!(read_saved(&stored(&[]), "other").is_err());
    assert!(read_saved(
        r#"{"format":"rapport-plans/1","dataset":"abc","actions":{}}"#,
        "abc"
    )
    .is_err());
    assert_eq!(read_saved(&stored(&[]), "abc").unwrap().actions, []);
}

#[test]
fn a_duplicate_saved_id_is_kept_aside_not_dropped() {
    let a = serde_json::to_string(&action("G1", "first")).unwrap();
    let b = serde_json::to_string(&action("G1", "second")).unwrap();
    let saved = read_saved(&stored(&[&a, &b]), "abc").unwrap();
    assert_eq!(saved.actions[0].title, "first");
    assert_eq!(saved.unreadable[0].raw, b);
}

#[test]
fn two_tabs_adding_at_once_both_keep_their_action() {
    // Both tabs started from [A]; tab 1 saved [A, X1]; tab 2 now saves [A, X2].
    let base = vec![action("A", "a")];
    let theirs = vec![action("A", "a"), action("X1", "from tab 1")];
    let mine = vec![action("A", "a"), action("X2", "from tab 2")];
    assert_eq!(ids(&merge_saved(&base, &mine, &theirs)), ["A", "X2", "X1"]);
}

#[test]
fn each_tab_wins_for_what_it_changed() {
    let base = vec![
        action("A", "a"),
        action("B", "b"),
        action("C", "c"),
        action("D", "d"),
    ];
    // Here: A edited, C removed, D removed. There: B edited, D edited.
    let mine = vec![action("A", "a here"), action("B", "b")];
    let theirs = vec![
        action("A", "a"),
        action("B", "b there"),
        action("C", "c"),
        action("D", "d there"),
    ];
    let merged = merge_saved(&base, &mine, &theirs);
    let titles: Vec<(&str, &str)> = merged
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();
    // C: removed here, untouched there: gone. D: removed here but edited there: kept.
    assert_eq!(
        titles,
        [("A", "a here"), ("B", "b there"), ("D", "d there")]
    );
    // Removed there, untouched here: gone.
    assert_eq!(ids(&merge_saved(&base, &base, &[action("A", "a")])), ["A"]);
}

#[test]
fn tabs_tag_their_new_ids_so_they_never_collide() {
    let existing = vec![action("CIP-A-w1-1-k3f9", "x")];
    assert_eq!(
        tagged_action_id(&existing, "A", "w1", "k3f9"),
        "CIP-A-w1-2-k3f9"
    );
    assert_eq!(
        tagged_action_id(&existing, "A", "w1", "q7zz"),
        "CIP-A-w1-1-q7zz"
    );
    assert_eq!(tagged_action_id(&[], "A", "w1", ""), "CIP-A-w1-1");
}
