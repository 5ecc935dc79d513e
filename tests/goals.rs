//! Targets (`model.targets`): read, checked against the file's ids (each bad one located and
//! left out), and scores checked against them, with every figure worked out by hand. Trust
//! scores are account means of one rating per respondent with the 95% t interval (SPEC
//! §2.3): t(0.975, 2) = 4.30265272974946, t(0.975, 3) = 3.18244630528371 (from the t
//! distribution, as R's `qt`).

use rapport::engine::model::{GoalScope, Measure, Verdict};
use rapport::engine::summary::{furthest_below, goal_checks, GoalCheck};
use rapport::engine::{load, Dimension, Filter, Metric, Portfolio, Role, Severity};

fn fixture() -> (Portfolio, Vec<(String, String)>) {
    let bytes = std::fs::read("tests/fixtures/targets.json").unwrap();
    let (data, report) = load(&bytes).expect("accepted: bad targets are warnings");
    let warnings = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .map(|p| (p.pointer.clone(), p.message.clone()))
        .collect();
    (Portfolio::new(data), warnings)
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

/// The check of target `goal`, if it applies.
fn of(checks: &[GoalCheck], goal: usize) -> Option<&GoalCheck> {
    checks.iter().find(|c| c.goal == goal)
}

#[test]
fn bad_targets_are_located_warnings_and_left_out() {
    let (p, warnings) = fixture();
    let goals = &p.data.model.targets;
    assert_eq!(goals.len(), 5);
    assert_eq!(
        goals[0].measure,
        Measure::Metric(Metric::Dimension(Dimension::Trust))
    );
    assert_eq!(goals[0].scope, GoalScope::Account("A1".into()));
    assert_eq!(goals[3].wave.as_deref(), Some("w2"));
    assert_eq!(goals[4].measure, Measure::Nps);
    assert_eq!(goals[4].scope, GoalScope::Segment("X".into()));
    let pointers: Vec<&str> = warnings.iter().map(|w| w.0.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/model/targets/5/value",
            "/model/targets/7/metric",
            "/model/targets/8/owner",
            "/model/targets/6/account",
            "/model/targets/9/wave",
        ]
    );
    assert!(warnings[0].1.contains("from 1 to 7"), "{}", warnings[0].1);
    assert!(
        warnings[3].1.contains("No account \"A9\""),
        "{}",
        warnings[3].1
    );
    assert!(warnings.iter().all(|w| w.1.contains("left out")));
}

#[test]
fn scores_are_above_below_or_level_with_their_target_by_their_interval() {
    let (p, _) = fixture();
    let w1 = goal_checks(&p, &p.data.model.targets, 0, &Filter::all());
    assert_eq!(w1.iter().map(|c| c.goal).collect::<Vec<_>>(), [0, 1, 2, 4]);
    // A1: 2, 2, 2, 3: mean 2.25, s 0.5, SE 0.25; 2.25 ± 3.18245 × 0.25 = 1.45439 to 3.04561,
    // wholly below 4: below, gap −1.75.
    let a1 = of(&w1, 0).unwrap();
    assert!(close(a1.score, 2.25) && a1.n == 4, "{a1:?}");
    assert!(close(a1.ci_low, 1.4543884236790726) && close(a1.ci_high, 3.0456115763209274));
    assert_eq!(a1.verdict, Some(Verdict::Below));
    assert!(close(a1.gap, -1.75));
    // A2: 6, 6, 7, 7: mean 6.5, SE 0.288675; 5.58131 to 7.41869, wholly above 5: above.
    let a2 = of(&w1, 1).unwrap();
    assert!(close(a2.ci_low, 5.58130688448146) && close(a2.ci_high, 7.41869311551854));
    assert_eq!(a2.verdict, Some(Verdict::Above));
    assert!(close(a2.gap, 1.5));
    // A3: 5, 6, 7: mean 6, SE 0.57735; 6 ± 4.30265 × 0.57735 = 3.51586 to 8.48414 holds 5:
    // not distinguishable, although the point is 1 above.
    let a3 = of(&w1, 2).unwrap();
    assert!(close(a3.ci_low, 3.515_862_288_249_669) && close(a3.ci_high, 8.484_137_711_750_33));
    assert_eq!(a3.verdict, Some(Verdict::Level));
    assert!(close(a3.gap, 1.0));
    // Furthest below target: A1 only.
    assert_eq!(
        furthest_below(&p.data.model.targets, &w1)
            .iter()
            .map(|c| c.goal)
            .collect::<Vec<_>>(),
        [0]
    );
    // Wave 2: A1's target for w2 (7) replaces its target for every wave (4); A1 is now
    // 6, 6, 7, 7 (5.58 to 7.42, holds 7): level, gap −0.5. A2 and A3 did not answer.
    let w2 = goal_checks(&p, &p.data.model.targets, 1, &Filter::all());
    assert_eq!(w2.iter().map(|c| c.goal).collect::<Vec<_>>(), [1, 2, 3, 4]);
    let a1 = of(&w2, 3).unwrap();
    assert_eq!(a1.verdict, Some(Verdict::Level));
    assert!(close(a1.gap, -0.5));
    assert_eq!(of(&w2, 1).unwrap().score, None);
    assert_eq!(of(&w2, 1).unwrap().verdict, None);
    assert!(furthest_below(&p.data.model.targets, &w2)
        .iter()
        .any(|c| c.goal == 3));
}

#[test]
fn targets_follow_the_scope_on_screen() {
    let (p, _) = fixture();
    let goals = |f: Filter| -> Vec<usize> {
        goal_checks(&p, &p.data.model.targets, 0, &f)
            .iter()
            .map(|c| c.goal)
            .collect()
    };
    // Segment Y: A3's target; not segment X's.
    let y = Filter {
        segment: Some("Y".into()),
        ..Filter::all()
    };
    assert_eq!(goals(y), [2]);
    // Segment X: A1's, A2's and the segment's own.
    let x = Filter {
        segment: Some("X".into()),
        ..Filter::all()
    };
    assert_eq!(goals(x), [0, 1, 4]);
    // Owner Al: A2's and A3's; a segment's target is of another group.
    let al = Filter {
        owner: Some("Al".into()),
        ..Filter::all()
    };
    assert_eq!(goals(al), [1, 2]);
    // A role keeps every target and scores it of that role: no influencer answered.
    let influencers = Filter {
        role: Some(Role::Influencer),
        ..Filter::all()
    };
    let checks = goal_checks(&p, &p.data.model.targets, 0, &influencers);
    assert_eq!(checks.len(), 4);
    assert!(checks
        .iter()
        .all(|c| c.score.is_none() && c.verdict.is_none()));
}

/// The targets file saved in the browser for `goals` of the fixture.
fn saved(p: &Portfolio, goals: &[rapport::engine::model::Goal]) -> String {
    use rapport::engine::plan::store::{Json, SerdeJson};
    SerdeJson::write(&rapport::engine::plan::targets::targets_file(
        "id-1",
        p.data.title.as_deref(),
        goals,
    ))
}

#[test]
fn targets_set_in_the_app_are_saved_and_read_back_as_the_data_file_writes_them() {
    use rapport::engine::plan::store::SerdeJson;
    use rapport::engine::plan::targets::read_saved_targets;
    let (p, _) = fixture();
    let goals = &p.data.model.targets;
    let text = saved(&p, goals);
    // Written as the data file writes them: only the fields given.
    assert!(
        text.contains(r#"{"metric":"trust","value":4.0,"account":"A1"}"#),
        "{text}"
    );
    assert!(text.contains(r#"{"metric":"trust","value":7.0,"account":"A1","wave":"w2"}"#));
    assert!(text.starts_with(r#"{"format":"rapport-targets/1","dataset":"id-1""#));
    let back = read_saved_targets::<SerdeJson>(&text, "id-1", p.data.scale).unwrap();
    let strip = |g: &[rapport::engine::model::Goal]| -> Vec<_> {
        g.iter()
            .map(|g| (g.measure, g.scope.clone(), g.wave.clone(), g.value))
            .collect()
    };
    assert_eq!(strip(&back), strip(goals));
    // Another data set's, another format, or a target the data file could not hold: the
    // whole text is not used (the reader says which target and why, below).
    let err = read_saved_targets::<SerdeJson>(&text, "id-2", p.data.scale)
        .unwrap_err()
        .to_string();
    assert!(err.contains("another data set"), "{err}");
    let err = read_saved_targets::<SerdeJson>(
        &text.replace("targets/1", "plans/1"),
        "id-1",
        p.data.scale,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("rapport-targets/1"), "{err}");
    let bad = text.replace(r#""value":7.0"#, r#""value":8.0"#);
    let err = read_saved_targets::<SerdeJson>(&bad, "id-1", p.data.scale)
        .unwrap_err()
        .to_string();
    assert_eq!(err, "/targets/3 is not a target the data file could hold");
    let bad = text.replace(
        r#""account":"A1","wave""#,
        r#""segment":"X","account":"A1","wave""#,
    );
    assert!(read_saved_targets::<SerdeJson>(&bad, "id-1", p.data.scale).is_err());
    let bad = text.replace(r#""metric":"nps""#, r#""metric":"nps","colour":"red""#);
    let err = read_saved_targets::<SerdeJson>(&bad, "id-1", p.data.scale)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("/targets:") && err.contains("colour"),
        "{err}"
    );
    assert!(read_saved_targets::<SerdeJson>("{\"format\":", "id-1", p.data.scale).is_err());
    // Null is not absent (the data file's reader refuses it too).
    let bad = text.replace(r#""segment":"X""#, r#""segment":"X","wave":null"#);
    assert_ne!(bad, text);
    assert!(read_saved_targets::<SerdeJson>(&bad, "id-1", p.data.scale).is_err());
}

#[test]
fn saved_targets_are_read_as_the_data_file_reads_them_each_bad_one_located() {
    let (p, _) = fixture();
    let mut text = saved(&p, &p.data.model.targets);
    // A value off the scale, an account the file does not have, a wave it does not have.
    text = text
        .replace(r#""value":7.0"#, r#""value":8.0"#)
        .replace(
            r#""value":5.0,"account":"A3""#,
            r#""value":5.0,"account":"A4""#,
        )
        .replace(
            r#""metric":"nps","value":0.0,"segment":"X""#,
            r#""metric":"nps","value":0.0,"segment":"X","wave":"w3""#,
        );
    let (goals, problems) = rapport::engine::read::saved_targets(&text, "id-1", &p.data).unwrap();
    assert_eq!(goals.len(), 2);
    assert_eq!(
        goals.iter().map(|g| g.at).collect::<Vec<_>>(),
        [0, 1],
        "their places in the saved list"
    );
    let located: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.pointer.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(located[0].0, "/targets/3/value");
    assert!(located[0].1.contains("from 1 to 7"), "{}", located[0].1);
    assert_eq!(
        located[1],
        (
            "/targets/2/account",
            "No account \"A4\" in the data file: this target is left out."
        )
    );
    assert_eq!(located[2].0, "/targets/4/wave");
    assert_eq!(located.len(), 3);
    let err = rapport::engine::read::saved_targets(&text, "id-2", &p.data).unwrap_err();
    assert_eq!(err, "They belong to another data set.");
}

#[test]
fn the_data_file_exported_carries_the_targets_set_in_the_app() {
    use rapport::engine::plan::merge_into_data_file;
    let (p, _) = fixture();
    let goals = &p.data.model.targets[..2];
    let records: Vec<_> = goals.iter().map(|g| g.record()).collect();
    let read_back = |text: &str| {
        let (data, _) = load(text.as_bytes()).expect("still a data file");
        data.model
            .targets
            .iter()
            .map(|g| (g.measure, g.scope.clone(), g.value))
            .collect::<Vec<_>>()
    };
    let want = goals
        .iter()
        .map(|g| (g.measure, g.scope.clone(), g.value))
        .collect::<Vec<_>>();
    // Replacing the file's own targets, the rest of `model` kept.
    let fixture = std::fs::read_to_string("tests/fixtures/targets.json").unwrap();
    let with = fixture.replace(
        "\"model\": {\n",
        "\"model\": {\n  \"aggregation\": \"respondent\",\n",
    );
    let out = merge_into_data_file(with.as_bytes(), &[], Some(&records)).unwrap();
    assert_eq!(read_back(&out), want);
    assert!(out.contains("\"aggregation\": \"respondent\""));
    // Into a model without targets, an empty model, and a file without a model.
    let small = r#"{"format": "rapport/1", "waves": [{"id": "w1", "closed": "2024-03-31"}], "accounts": [{"id": "A1", "segment": "X"}, {"id": "A2"}], "responses": []}"#;
    for file in [
        small.replace(
            "\"responses\"",
            "\"model\": {\"aggregation\": \"account\"}, \"responses\"",
        ),
        small.replace("\"responses\"", "\"model\": {}, \"responses\""),
        small.replace("\"responses\"", "\"model\": {  }, \"responses\""),
        small.to_string(),
    ] {
        let out = merge_into_data_file(file.as_bytes(), &[], Some(&records)).unwrap();
        assert_eq!(read_back(&out), want, "{out}");
    }
    // No targets given: the file's are kept as they were.
    let out = merge_into_data_file(fixture.as_bytes(), &[], None).unwrap();
    assert!(out.contains("\"metric\": \"speed\""));
}
