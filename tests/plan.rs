//! Client Improvement Plans: defaults, merge with conflicts, export round trip, effect, and
//! saving in the browser (unreadable entries kept; two tabs merged per action).

use rapport::engine::plan::store::{merge_saved, read_saved, saved_text, Unreadable};
use rapport::engine::plan::tagged_action_id;
use rapport::engine::plan::{
    accounts_without_plan, action_effect, default_due, effectiveness, merge_import,
    merge_into_data_file, new_action_due, new_action_id, parse_plans, plans_file,
    plans_from_dataset, read_plans, read_plans_file, ActionRecord, PlanAction, PlansError,
};
use rapport::engine::{load, ActionStatus, Dimension, Filter, Metric, Portfolio, Role, Target};

const SMALL: &[u8] = include_bytes!("fixtures/small.json");

fn small() -> Portfolio {
    Portfolio::new(load(SMALL).unwrap().0)
}

fn action(id: &str, title: &str) -> PlanAction {
    PlanAction {
        id: id.into(),
        account: "A".into(),
        wave: "w1".into(),
        dimension: Some(Target::Dimension(Dimension::Responsiveness)),
        title: title.into(),
        owner: None,
        due: chrono::NaiveDate::from_ymd_opt(2023, 4, 28),
        status: ActionStatus::Open,
        agreed_with_client: false,
        notes: None,
    }
}

/// Actions as a plans file from elsewhere holds them.
fn records(actions: &[PlanAction]) -> Vec<ActionRecord> {
    actions.iter().map(ActionRecord::from).collect()
}

#[test]
fn plans_start_from_the_file_actions() {
    let p = small();
    let plans = plans_from_dataset(&p.data);
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].id, "ACT-1");
    assert_eq!(plans[0].wave, "w1");
    assert_eq!(plans[0].status, ActionStatus::Done);
}

#[test]
fn due_date_defaults_to_four_weeks_after_close() {
    let closed = chrono::NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
    assert_eq!(default_due(closed).to_string(), "2024-04-28");
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    // A new action for a wave that closed long ago: four weeks from today, not overdue.
    assert_eq!(
        new_action_due(closed, day(2026, 12, 3)).to_string(),
        "2026-12-31"
    );
    // Two days after the close: today's four weeks are later by two days.
    assert_eq!(
        new_action_due(day(2026, 12, 1), day(2026, 12, 3)).to_string(),
        "2026-12-31"
    );
    // Before the close (a wave still open): the wave's own date.
    assert_eq!(
        new_action_due(day(2027, 1, 10), day(2026, 12, 3)).to_string(),
        "2027-02-07"
    );
    // On the close day both agree.
    assert_eq!(new_action_due(closed, closed).to_string(), "2024-04-28");
}

#[test]
fn new_ids_never_collide() {
    let existing = vec![action("CIP-A-w1-1", "x")];
    assert_eq!(new_action_id(&existing, "A", "w1"), "CIP-A-w1-2");
}

#[test]
fn overdue_means_open_and_past_due() {
    let today = chrono::NaiveDate::from_ymd_opt(2023, 5, 1).unwrap();
    let mut a = action("X", "t");
    assert!(a.is_overdue(today));
    a.status = ActionStatus::Done;
    assert!(!a.is_overdue(today));
}

#[test]
fn import_adds_new_skips_identical_and_reports_conflicts() {
    let p = small();
    let mine = vec![action("X1", "Mine"), action("X2", "Same")];
    let mut bad = action("X4", "Bad");
    bad.account = "nope".into();
    let theirs = vec![
        action("X1", "Theirs"),
        action("X2", "Same"),
        action("X3", "New"),
        bad,
    ];
    let out = merge_import(&mine, &records(&theirs), &p.data);
    assert_eq!((out.added, out.unchanged, out.conflicts.len()), (1, 1, 1));
    assert_eq!(out.conflicts[0].mine.title, "Mine");
    assert_eq!(out.conflicts[0].theirs.title, "Theirs");
    assert_eq!(out.merged.len(), 3, "mine stays until the user chooses");
    assert_eq!(
        out.rejected,
        vec![("X4".to_string(), "unknown account \"nope\"".to_string())]
    );
}

#[test]
fn export_then_import_round_trips_identically() {
    let plans = vec![action("X1", "<b>not html</b>"), action("X2", "Two")];
    let file = plans_file("abc", Some("T".into()), &plans);
    let json = serde_json::to_string(&file).unwrap();
    assert_eq!(read_plans(json.as_bytes()).unwrap(), plans);
    assert_eq!(parse_plans(json.as_bytes()).unwrap(), records(&plans));
}

#[test]
fn whole_file_export_replaces_actions_and_still_loads() {
    let plans = vec![action("X1", "Merged")];
    let text = merge_into_data_file(SMALL, &plans, None).unwrap();
    let (data, _) = load(text.as_bytes()).unwrap();
    assert_eq!(data.actions.len(), 1);
    assert_eq!(data.actions[0].title, "Merged");
    assert_eq!(read_plans(text.as_bytes()).unwrap(), plans);
}

/// The plans written as they appear inside an exported data file (two-space indent).
fn actions_block(plans: &[PlanAction]) -> String {
    serde_json::to_string_pretty(plans)
        .unwrap()
        .replace('\n', "\n  ")
}

#[test]
fn whole_file_export_keeps_everything_else_byte_for_byte() {
    let plans = vec![action("X1", "Merged")];
    let block = actions_block(&plans);
    // Odd spacing, key order, number forms, an "actions" key inside another object and
    // braces inside strings: all kept; only the top-level `actions` value changes.
    let before = "{ \"format\":\"rapport/1\" ,\"title\": \"{not [a] \\\"brace}\",\n  \"x\": {\"actions\": [1, 2.50]},\n  \"actions\" : [ {\"id\": \"old\"} ] ,\n  \"revenue\": 1.50e3 }\n";
    let expected = format!(
        "{{ \"format\":\"rapport/1\" ,\"title\": \"{{not [a] \\\"brace}}\",\n  \"x\": {{\"actions\": [1, 2.50]}},\n  \"actions\" : {block} ,\n  \"revenue\": 1.50e3 }}\n"
    );
    assert_eq!(
        merge_into_data_file(before.as_bytes(), &plans, None).unwrap(),
        expected
    );
    // No `actions` yet: added after the last member.
    let before = "{\"format\": \"rapport/1\", \"n\": 7\n}";
    assert_eq!(
        merge_into_data_file(before.as_bytes(), &plans, None).unwrap(),
        format!("{{\"format\": \"rapport/1\", \"n\": 7,\n  \"actions\": {block}\n}}")
    );
}

#[test]
fn whole_file_export_of_a_file_that_is_no_longer_json_is_an_error() {
    let plans = vec![action("X1", "Merged")];
    for bad in [
        "",
        "[1, 2]",
        "{\"format\": \"rapport/1\", \"actions\": [",
        "{\"a\" 1}",
        "{\"a\": 1,}",
    ] {
        let err = merge_into_data_file(bad.as_bytes(), &plans, None).unwrap_err();
        assert!(
            err.to_string().contains("not the JSON object"),
            "{bad:?}: {err}"
        );
    }
}

#[test]
fn parse_says_which_action_is_wrong_and_why() {
    let text = r#"{"format": "rapport-plans/1", "dataset": "x", "actions": [
        {"id": "a", "account": "A", "wave": "w1", "title": "T", "status": "open"},
        {"id": "b", "account": "A", "wave": "w1", "status": "open"}
    ]}"#;
    assert_eq!(
        parse_plans(text.as_bytes()).unwrap_err().to_string(),
        "/actions/1: missing field `title`"
    );
    let text = r#"{"format": "rapport-plans/1", "actions": {"id": "a"}}"#;
    assert_eq!(
        parse_plans(text.as_bytes()).unwrap_err().to_string(),
        "`actions` must be an array."
    );
    // No actions: none. Strings with brackets and escapes inside actions are read as such.
    assert_eq!(parse_plans(br#"{"format": "rapport/1"}"#).unwrap(), vec![]);
    let text = r#"{"actions": [{"id": "a]\"}", "account": "A", "wave": "w1", "title": "[{\"x", "status": "done"}], "format": "rapport-plans/1"}"#;
    let got = parse_plans(text.as_bytes()).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id, "a]\"}");
    assert_eq!(got[0].title, "[{\"x");
    assert!(parse_plans(b"[1, 2]")
        .unwrap_err()
        .to_string()
        .contains("found format \"\""));
}

#[test]
fn parse_rejects_other_formats() {
    assert!(parse_plans(br#"{"format": "csv"}"#)
        .unwrap_err()
        .to_string()
        .contains("rapport-plans/1"));
    assert!(parse_plans(b"not json").is_err());
}

#[test]
fn effect_is_the_next_wave_change_of_the_target_for_the_account() {
    let p = small();
    // ACT-1 targets A's responsiveness in w1: r1 5, r2 4 → 4.5; in w2: r1 7, r9 5 → 6.
    let a = &plans_from_dataset(&p.data)[0];
    let (from, to, change) = action_effect(&p, a).unwrap();
    assert_eq!((from, to), (0, 1));
    assert!((change.delta.unwrap() - 1.5).abs() < 1e-12);
    // Welch: SE² = 0.25 + 1 → t = 1.5/√1.25 = 1.3416, df = 1.25² / (0.0625 + 1) = 1.4706.
    assert!(change.p.unwrap() > 0.05);
    assert_eq!(
        effectiveness(&p, std::slice::from_ref(a), &Filter::all()),
        (0, 1)
    );
    // Within a filter: A is in segment X and owned by Ann, so Y's or Bob's scope judges none.
    let seg = |s: &str| Filter {
        segment: Some(s.to_string()),
        ..Filter::all()
    };
    assert_eq!(
        effectiveness(&p, std::slice::from_ref(a), &seg("X")),
        (0, 1)
    );
    assert_eq!(
        effectiveness(&p, std::slice::from_ref(a), &seg("Y")),
        (0, 0)
    );
    let bob = Filter {
        owner: Some("Bob".to_string()),
        ..Filter::all()
    };
    assert_eq!(effectiveness(&p, std::slice::from_ref(a), &bob), (0, 0));
    let g = p.score_group(1, &Filter::account(0));
    assert!(
        (g.metric(Metric::Dimension(Dimension::Responsiveness))
            .mean
            .unwrap()
            - 6.0)
            .abs()
            < 1e-12
    );
}

#[test]
fn accounts_without_a_plan_for_a_wave() {
    let p = small();
    let plans = plans_from_dataset(&p.data);
    // In w1 A has ACT-1, B has none.
    let all = Filter::all();
    assert_eq!(accounts_without_plan(&p, 0, &plans, &all), vec![1]);
    assert_eq!(accounts_without_plan(&p, 1, &plans, &all), vec![0]);
    // Within a filter: B is segment Y, owner Bob; A (X, Ann) has no plan for w2.
    let f = |segment: Option<&str>, owner: Option<&str>| Filter {
        segment: segment.map(str::to_string),
        owner: owner.map(str::to_string),
        ..Filter::all()
    };
    assert_eq!(
        accounts_without_plan(&p, 0, &plans, &f(Some("Y"), None)),
        vec![1]
    );
    assert_eq!(
        accounts_without_plan(&p, 0, &plans, &f(Some("X"), None)),
        Vec::<usize>::new()
    );
    assert_eq!(
        accounts_without_plan(&p, 0, &plans, &f(None, Some("Ann"))),
        Vec::<usize>::new()
    );
    assert_eq!(
        accounts_without_plan(&p, 1, &plans, &f(None, Some("Bob"))),
        Vec::<usize>::new()
    );
    assert_eq!(
        accounts_without_plan(&p, 1, &plans, &f(None, Some("Ann"))),
        vec![0]
    );
    // With a role: surveyed by that role. In w1 B was answered by an influencer only.
    let role = |r: Role| Filter {
        role: Some(r),
        ..Filter::all()
    };
    assert_eq!(
        accounts_without_plan(&p, 0, &plans, &role(Role::Influencer)),
        vec![1]
    );
    assert_eq!(
        accounts_without_plan(&p, 0, &plans, &role(Role::DecisionMaker)),
        Vec::<usize>::new()
    );
}

#[test]
fn due_dates_read_directly_agree_with_chrono() {
    use chrono::NaiveDate;
    use rapport::engine::plan::iso_date;
    let cases = [
        "2024-03-31",
        "2024-02-29",
        "2023-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-04-31",
        "0000-01-01",
        "9999-12-31",
        "2024-3-31",
        "2024-03-1",
        "+2024-03-31",
        "2024/03/31",
        "2024-03-3a",
        "",
        "2024-03-31 ",
        " 2024-03-31",
        "12024-03-31",
    ];
    for s in cases {
        // Strictly YYYY-MM-DD (as data files): chrono's reading where that is the form,
        // nothing otherwise ("2024-3-31", "+2024-03-31" are left unread).
        let strict = s.len() == 10 && &s[4..5] == "-" && &s[7..8] == "-";
        let chrono = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(iso_date(s), chrono.filter(|_| strict), "{s:?}");
    }
    assert_eq!(iso_date("2024-03-31"), NaiveDate::from_ymd_opt(2024, 3, 31));
    assert_eq!(iso_date("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
    assert_eq!(iso_date("2023-02-29"), None);
    assert_eq!(iso_date("2024-3-31"), None);
}

#[test]
fn due_dates_written_directly_agree_with_chrono() {
    use chrono::NaiveDate;
    use rapport::engine::plan::iso_string;
    for (y, m, d) in [
        (2024, 3, 31),
        (1, 1, 1),
        (0, 12, 9),
        (9999, 12, 31),
        (10000, 1, 1),
        (-5, 6, 7),
    ] {
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(iso_string(date), date.format("%Y-%m-%d").to_string());
    }
    assert_eq!(
        iso_string(NaiveDate::from_ymd_opt(-5, 6, 7).unwrap()),
        "-0005-06-07"
    );
}

#[test]
fn dates_for_people_read_day_month_year() {
    use chrono::NaiveDate;
    use rapport::engine::plan::human_date;
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(human_date(d(2024, 3, 5)), "5 Mar 2024");
    assert_eq!(human_date(d(2023, 12, 31)), "31 Dec 2023");
    for m in 1..=12 {
        let date = d(2025, m, 9);
        assert_eq!(human_date(date), date.format("%-d %b %Y").to_string());
    }
}

#[test]
fn import_applies_the_data_file_rules_and_duplicates_are_the_file_s_problem() {
    let p = small();
    let mut bad_due = ActionRecord::from(&action("X1", "Bad due"));
    bad_due.due = Some("2024-13-45".into());
    let mut bad_dim = ActionRecord::from(&action("X2", "Bad dimension"));
    bad_dim.dimension = Some("bogus".into());
    let theirs = vec![
        bad_due,
        bad_dim,
        ActionRecord::from(&action("X3", "Good")),
        ActionRecord::from(&action("X3", "Twice")),
    ];
    let out = merge_import(&[], &theirs, &p.data);
    assert_eq!(
        out.rejected,
        vec![
            (
                "X1".to_string(),
                "/actions/0/due: [bad_date] `due` is \"2024-13-45\"; write the date as YYYY-MM-DD."
                    .to_string()
            ),
            (
                "X2".to_string(),
                "/actions/1/dimension: [unknown_dimension] \"bogus\" is not a CRQ dimension."
                    .to_string()
            ),
            (
                "X3".to_string(),
                "/actions/3/id: [duplicate_id] Action id \"X3\" is used twice; this one is left out."
                    .to_string()
            ),
        ]
    );
    assert!(
        out.conflicts.is_empty(),
        "a duplicate inside the file is no conflict"
    );
    assert_eq!(out.added, 1);
    // What was taken exports into a data file whose next load keeps every action.
    let text = merge_into_data_file(SMALL, &out.merged, None).unwrap();
    let (data, report) = load(text.as_bytes()).unwrap();
    assert_eq!(data.actions.len(), 1);
    assert!(report
        .problems
        .iter()
        .all(|p| !p.pointer.starts_with("/actions")));
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
fn a_saved_plans_text_that_cannot_be_used_says_why_in_the_words_shown_in_the_app() {
    use rapport::engine::plan::store::Why;
    let why = |text: &str, id: &str| read_saved(text, id).unwrap_err();
    let other = why(&stored(&[]), "other");
    assert_eq!(other.why, Why::OtherDataSet);
    assert_eq!(
        other.to_string(),
        "the saved plans belong to another data set"
    );
    assert_eq!(why("[]", "abc").why, Why::NotObject);
    assert_eq!(
        why("[]", "abc").to_string(),
        "the saved plans are not a JSON object"
    );
    let format = why(r#"{"format":"rapport-targets/1","dataset":"abc"}"#, "abc");
    assert_eq!(format.why, Why::OtherFormat);
    assert_eq!(
        format.to_string(),
        "the saved plans are not a \"rapport-plans/1\" file"
    );
    assert!(matches!(why("{", "abc").why, Why::NotJson(_)));
    assert!(why("{", "abc")
        .to_string()
        .starts_with("the saved plans are not valid JSON ("));
    assert_eq!(
        why(
            r#"{"format":"rapport-plans/1","dataset":"abc","actions":{}}"#,
            "abc"
        )
        .to_string(),
        "the saved `actions` are not a list"
    );
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

#[test]
fn a_merge_of_100_000_actions_keeps_each_side_s_change() {
    let base: Vec<PlanAction> = (0..100_000)
        .map(|i| action(&format!("X{i}"), "t"))
        .collect();
    let mut mine = base.clone();
    mine[50_000].title = "edited here".into();
    let mut theirs = base.clone();
    theirs[70_000].title = "edited there".into();
    theirs.push(action("NEW", "added there"));
    let merged = merge_saved(&base, &mine, &theirs);
    assert_eq!(merged.len(), 100_001);
    assert_eq!(merged[50_000].title, "edited here");
    assert_eq!(merged[70_000].title, "edited there");
    assert_eq!(merged[100_000].id, "NEW");
    // Importing the same plan again finds every action unchanged.
    let again = merge_import(&merged, &records(&merged), &small().data);
    assert_eq!(
        (again.unchanged, again.added, again.rejected.len()),
        (100_001, 0, 0)
    );
}

/// `tests/fixtures/plan-effect.json`, scored, and its actions.
fn plan_effect_fixture() -> (Portfolio, Vec<rapport::engine::plan::PlanAction>) {
    let bytes = std::fs::read("tests/fixtures/plan-effect.json").unwrap();
    let (data, report) = load(&bytes).expect("accepted");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let actions = rapport::engine::plan::plans_from_dataset(&data);
    (Portfolio::new(data), actions)
}

#[test]
fn plan_effect_is_a_difference_of_changes_with_welch_as_worked_by_hand() {
    use rapport::engine::plan::plan_effects;
    use rapport::engine::Target;
    let (p, actions) = plan_effect_fixture();
    let effects = plan_effects(&p, &actions, &Filter::all());
    // Two groups in wave order, then target order: responsiveness (P1–P3; P4 is open, P6 has
    // no later wave) and trust (P5).
    let targets: Vec<(Target, Vec<&str>)> = effects
        .iter()
        .map(|e| {
            (
                e.target,
                e.actions.iter().map(|&i| actions[i].id.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        targets,
        vec![
            (
                Target::Dimension(Dimension::Responsiveness),
                vec!["P1", "P2", "P3"]
            ),
            (Target::Dimension(Dimension::Trust), vec!["P5"]),
        ]
    );
    let e = &effects[0];
    assert_eq!((e.from, e.to), (0, 1));
    // Acted: A1 3→5, A2 4→5, A3 2→5: changes 2, 1, 3, mean 2, s² 1. Others (A4 with an open
    // action, A5–A7): 0, 1, 0, −1, mean 0, s² 2/3.
    assert_eq!((e.acted.mean, e.acted.n), (Some(2.0), 3));
    assert_eq!((e.others.mean, e.others.n), (Some(0.0), 4));
    // Difference 2, SE = √(1/3 + (2/3)/4) = √0.5, t = 2√2, Welch–Satterthwaite df =
    // 0.25 / ((1/3)²/2 + (1/6)²/3) = 27/7. p and t(0.975, 27/7) from the regularized
    // incomplete beta function at 30 digits (mpmath): p = 0.0494605591366289,
    // q = 2.81747375319997, so the interval is 2 ∓ q√0.5 = (0.00774520329718944,
    // 3.99225479670281): Welch's two-sample t test, the default of R's t.test.
    assert_eq!(e.difference.delta, Some(2.0));
    let p_value = e.difference.p.expect("a test");
    assert!(
        (p_value - 0.049_460_559_136_628_9).abs() < 1e-9,
        "{p_value}"
    );
    assert!(e.difference.significant);
    let (lo, hi) = e.ci.expect("an interval");
    assert!((lo - 0.007_745_203_297_189_44).abs() < 1e-8, "{lo}");
    assert!((hi - 3.992_254_796_702_81).abs() < 1e-8, "{hi}");
    // Trust: only A1 was scored on it in both waves (4→6): no accounts to compare with, so
    // no difference and no test.
    let t = &effects[1];
    assert_eq!((t.acted.mean, t.acted.n, t.others.n), (Some(2.0), 1, 0));
    assert_eq!(
        (t.difference.delta, t.difference.p, t.ci),
        (None, None, None)
    );
}

#[test]
fn plan_effect_follows_the_segment_and_is_in_the_contract() {
    use rapport::engine::plan::plan_effects;
    let (p, actions) = plan_effect_fixture();
    let x = Filter {
        segment: Some("X".into()),
        ..Filter::all()
    };
    // Segment X: A1 (+2) and A2 (+1) acted, A5 (+1) did not: difference 1.5 − 1 = 0.5, with
    // one account on the other side: no test.
    let e = &plan_effects(&p, &actions, &x)[0];
    assert_eq!((e.acted.mean, e.others.mean), (Some(1.5), Some(1.0)));
    assert_eq!((e.difference.delta, e.difference.p), (Some(0.5), None));
    assert_eq!(e.actions.len(), 2);

    let v = rapport::engine::contract::scores_json(&p, &rapport::engine::LoadReport::default());
    let e = &v["plan_effects"][0];
    assert_eq!(e["from"], "w1");
    assert_eq!(e["to"], "w2");
    assert_eq!(e["target"], "responsiveness");
    assert_eq!(e["difference"]["delta"], 2.0);
    assert_eq!(e["acted"]["n"], 3);
    assert_eq!(e["actions"], serde_json::json!(["P1", "P2", "P3"]));
    assert!((e["ci_low"].as_f64().unwrap() - 0.007_745_203_297_189_44).abs() < 1e-8);
}

#[test]
fn plan_effect_of_equal_changes_has_p_one_and_an_interval_about_zero() {
    use rapport::engine::plan::plan_effects;
    // The fixture with the others' ratings changed so that they change as the acted do:
    // A4 4→6, A5 5→6, A6 3→6, A7 4→6 (2, 1, 3, 2: mean 2, s² 2/3, as the acted 2, 1, 3 have
    // mean 2, s² 1). Difference 0, t 0, p 1; SE √0.5 and df 27/7 as before, so the interval is
    // 0 ∓ 2.81747375319997·√0.5.
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read("tests/fixtures/plan-effect.json").unwrap()).unwrap();
    for r in doc["responses"].as_array_mut().unwrap() {
        let new = match (r["wave"].as_str().unwrap(), r["account"].as_str().unwrap()) {
            ("w1", "A7") => 4,
            ("w2", "A4" | "A6" | "A7") => 6,
            _ => continue,
        };
        r["ratings"]["responsiveness"] = new.into();
    }
    let (data, _) = load(doc.to_string().as_bytes()).expect("accepted");
    let actions = plans_from_dataset(&data);
    let p = Portfolio::new(data);
    let e = &plan_effects(&p, &actions, &Filter::all())[0];
    assert_eq!((e.acted.mean, e.others.mean), (Some(2.0), Some(2.0)));
    assert_eq!(e.difference.delta, Some(0.0));
    assert!((e.difference.p.unwrap() - 1.0).abs() < 1e-12);
    assert!(!e.difference.significant);
    let (lo, hi) = e.ci.expect("an interval");
    assert!((hi - 1.992_254_796_702_81).abs() < 1e-8, "{hi}");
    assert!((lo + hi).abs() < 1e-12);
}

#[test]
fn an_action_is_written_with_the_ids_a_data_file_uses() {
    let mut a = action("X1", "Weekly review");
    a.status = ActionStatus::InProgress;
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        r#"{"id":"X1","account":"A","wave":"w1","dimension":"responsiveness","title":"Weekly review","due":"2023-04-28","status":"in_progress","agreed_with_client":false}"#
    );
    a.dimension = Some(Target::Solution);
    a.due = None;
    let text = serde_json::to_string(&a).unwrap();
    assert!(text.contains(r#""dimension":"solution""#), "{text}");
    assert!(!text.contains("due"), "{text}");
    assert_eq!(serde_json::from_str::<PlanAction>(&text).unwrap(), a);
}

#[test]
fn an_imported_action_with_an_unknown_status_is_not_taken() {
    let p = small();
    let mut odd = ActionRecord::from(&action("X1", "Odd status"));
    odd.status = "paused".into();
    let mut elsewhere = odd.clone();
    elsewhere.id = "X2".into();
    elsewhere.account = "nope".into();
    let out = merge_import(&[], &[odd, elsewhere], &p.data);
    // An unknown account is said before the status, as before actions were typed.
    assert_eq!(
        out.rejected,
        vec![
            ("X1".to_string(), "unknown status \"paused\"".to_string()),
            ("X2".to_string(), "unknown account \"nope\"".to_string()),
        ]
    );
    assert!(out.merged.is_empty());
}

#[test]
fn the_plans_file_on_screen_is_written_again_whole() {
    let plans = vec![action("X1", "One"), action("X2", "Two")];
    let file = plans_file("abc", Some("Key accounts".into()), &plans);
    let text = serde_json::to_string(&file).unwrap();
    assert_eq!(read_plans_file(text.as_bytes()).unwrap(), file);
    let untitled = plans_file("abc", None, &plans);
    let text = serde_json::to_string(&untitled).unwrap();
    assert_eq!(read_plans_file(text.as_bytes()).unwrap(), untitled);
}

#[test]
fn a_new_action_of_the_last_wave_a_file_can_hold_is_due_within_it_and_reads_again() {
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    // Four weeks later would be year 10000, which no file can hold.
    let due = new_action_due(day(9999, 12, 20), day(9999, 12, 20));
    assert_eq!(due, day(9999, 12, 20));
    let mut a = action("X1", "Late");
    a.due = Some(due);
    let text = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<PlanAction>(&text).unwrap(), a);
}

#[test]
fn a_saved_action_no_plan_can_hold_is_kept_aside_not_read_as_open() {
    // Each is an action the page never writes: kept as its text, with why, while the
    // others are read.
    let good = serde_json::to_string(&action("G1", "Weekly review")).unwrap();
    let odd = [
        (
            r#"{"id":"S","account":"A","wave":"w1","title":"t","status":"paused"}"#,
            "unknown status \"paused\"",
        ),
        (
            r#"{"id":"D","account":"A","wave":"w1","title":"t","dimension":"bogus","status":"open"}"#,
            "\"bogus\" is not a CRQ dimension",
        ),
        (
            r#"{"id":"T","account":"A","wave":"w1","title":"t","due":"28/04/2023","status":"open"}"#,
            "\"28/04/2023\" is not a date written YYYY-MM-DD",
        ),
    ];
    let mut entries = vec![good.as_str()];
    entries.extend(odd.iter().map(|(raw, _)| *raw));
    let saved = read_saved(&stored(&entries), "abc").unwrap();
    assert_eq!(ids(&saved.actions), ["G1"]);
    assert_eq!(saved.unreadable.len(), 3);
    for (i, (u, (raw, why))) in saved.unreadable.iter().zip(odd).enumerate() {
        assert_eq!(u.pointer, format!("/actions/{}", i + 1));
        assert_eq!(u.raw, raw);
        assert!(u.reason.contains(why), "{}", u.reason);
    }
}

#[test]
fn a_plans_file_the_app_did_not_write_is_read_as_records_and_says_where() {
    let text = r#"{"format": "rapport-plans/1", "actions": [
        {"id": "a", "account": "A", "wave": "w1", "title": "T", "status": "paused", "due": "soon"}
    ]}"#;
    let records = parse_plans(text.as_bytes()).unwrap();
    assert_eq!(records[0].status, "paused");
    assert_eq!(records[0].due.as_deref(), Some("soon"));
    // As the app's own plans, the same file is an error at the action.
    match read_plans(text.as_bytes()).unwrap_err() {
        PlansError::Action { index, why } => {
            assert_eq!(index, 0);
            assert_eq!(why, "\"soon\" is not a date written YYYY-MM-DD");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        parse_plans(b"\xff").unwrap_err().to_string(),
        "The file is not UTF-8 text."
    );
}
