//! One check per validation code (SPEC §1): where, which code, and that nothing is dropped silently.

use rapport::engine::read::load_streaming;
use rapport::engine::{load, DiagramOrder, LoadReport, Severity};
use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "format": "rapport/1",
        "waves": [{ "id": "w1", "closed": "2024-03-31" }],
        "accounts": [{ "id": "A", "name": "Alpha" }],
        "responses": [{ "wave": "w1", "account": "A", "respondent": "r1", "ratings": { "trust": 5 } }]
    })
}

fn rejected(bytes: &[u8]) -> LoadReport {
    match load(bytes) {
        Ok(_) => panic!("file should be rejected"),
        Err(r) => r.0,
    }
}

fn first_fatal(bytes: &[u8]) -> (String, &'static str, String) {
    let r = rejected(bytes);
    let p = r.fatal().next().expect("a fatal problem").clone();
    (p.pointer, p.code.id(), p.message)
}

/// Loads `base()` changed by `edit`, and returns the (pointer, code) of every problem of `severity`.
fn problems(edit: impl Fn(&mut Value), severity: Severity) -> Vec<(String, &'static str)> {
    let mut v = base();
    edit(&mut v);
    let (_, report) = load(v.to_string().as_bytes()).expect("accepted");
    report
        .problems
        .iter()
        .filter(|p| p.severity == severity)
        .map(|p| (p.pointer.clone(), p.code.id()))
        .collect()
}

fn excluded(edit: impl Fn(&mut Value)) -> Vec<(String, &'static str)> {
    problems(edit, Severity::Excluded)
}

fn response(extra: Value) -> Value {
    let mut r =
        json!({ "wave": "w1", "account": "A", "respondent": "r2", "ratings": { "trust": 4 } });
    for (k, v) in extra.as_object().unwrap() {
        r[k] = v.clone();
    }
    r
}

fn push_response(extra: Value) -> impl Fn(&mut Value) {
    move |v: &mut Value| {
        v["responses"]
            .as_array_mut()
            .unwrap()
            .push(response(extra.clone()))
    }
}

#[test]
fn empty_file() {
    assert_eq!(first_fatal(b"").1, "empty_file");
    assert_eq!(first_fatal(b"  \n ").1, "empty_file");
}

#[test]
fn binary_formats_are_named() {
    assert!(first_fatal(b"\x1f\x8b\x08\x00rest").2.contains("gzip"));
    assert!(first_fatal(b"PK\x03\x04rest").2.contains("xlsx"));
    assert!(first_fatal(b"%PDF-1.7").2.contains("PDF"));
}

#[test]
fn utf16_and_latin1_are_not_utf8() {
    let utf16: Vec<u8> = "\u{feff}{\"format\":1}"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let (_, code, msg) = first_fatal(&utf16);
    assert_eq!(code, "not_utf8");
    assert!(msg.contains("UTF-16"));
    let r = rejected(b"{\"title\": \"Caf\xe9\"}");
    let p = r.fatal().next().unwrap();
    assert_eq!(
        (p.code.id(), p.line, p.column),
        ("not_utf8", Some(1), Some(15))
    );
}

#[test]
fn utf16_without_a_bom_is_named_and_a_stray_nul_is_located() {
    let text = "{\"format\":\"rapport/1\"}";
    for bytes in [
        text.encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect::<Vec<u8>>(),
        text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
    ] {
        let (_, code, msg) = first_fatal(&bytes);
        assert_eq!(code, "not_utf8");
        assert!(
            msg.contains("UTF-16 text without a byte-order mark"),
            "{msg}"
        );
    }
    // A NUL inside UTF-8 text (and one at the start): not called UTF-16, and located.
    let r = rejected(b"{\"format\":\n  \"rap\x00port/1\"}");
    let p = r.fatal().next().unwrap();
    assert_eq!(
        (p.code.id(), p.line, p.column),
        ("not_json", Some(2), Some(7))
    );
    assert!(
        p.message.contains("NUL byte (0x00) at offset 17"),
        "{}",
        p.message
    );
    let r = rejected(b"\x00\x00\x00{}");
    let p = r.fatal().next().unwrap();
    assert_eq!(
        (p.code.id(), p.line, p.column),
        ("not_json", Some(1), Some(1))
    );
}

#[test]
fn utf8_bom_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(base().to_string().bytes());
    assert!(load(&bytes).is_ok());
}

#[test]
fn syntax_errors_have_line_and_column() {
    let r = rejected(b"{\n  \"format\": \"rapport/1\",\n  \"waves\": [1,],\n}");
    let p = r.fatal().next().unwrap();
    assert_eq!(p.code, "syntax");
    assert_eq!((p.line, p.column), (Some(3), Some(15)));
    assert!(p.message.contains("trailing comma"));
    let truncated = &base().to_string()[..40];
    assert!(first_fatal(truncated.as_bytes()).2.contains("truncated"));
    assert_eq!(first_fatal(b"{\"x\": NaN}").1, "syntax");
    assert_eq!(first_fatal(b"// comment\n{}").1, "syntax");
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_crash() {
    let deep = "[".repeat(100_000);
    let (_, code, msg) = first_fatal(deep.as_bytes());
    assert_eq!(code, "syntax");
    assert!(msg.contains("nested too deeply"));
}

#[test]
fn top_level_must_be_an_object() {
    assert_eq!(first_fatal(b"[1, 2]").1, "not_an_object");
    assert_eq!(first_fatal(b"42").1, "not_an_object");
}

#[test]
fn wrong_or_missing_format() {
    let mut v = base();
    v["format"] = json!("rapport/2");
    assert_eq!(first_fatal(v.to_string().as_bytes()).1, "wrong_format");
    v.as_object_mut().unwrap().remove("format");
    let (ptr, code, _) = first_fatal(v.to_string().as_bytes());
    assert_eq!((ptr.as_str(), code), ("/format", "missing_field"));
}

#[test]
fn missing_required_top_level_fields_are_all_listed() {
    let r = rejected(br#"{"format": "rapport/1", "waves": {}}"#);
    let found: Vec<(&str, &str)> = r
        .fatal()
        .map(|p| (p.pointer.as_str(), p.code.id()))
        .collect();
    assert_eq!(
        found,
        [
            ("/waves", "wrong_type"),
            ("/accounts", "missing_field"),
            ("/responses", "missing_field")
        ]
    );
}

#[test]
fn bad_scale_rejects() {
    let mut v = base();
    v["scale"] = json!({ "min": 7, "max": 1 });
    assert_eq!(first_fatal(v.to_string().as_bytes()).1, "bad_scale");
    v["scale"] = json!({ "min": 1.5, "max": 7 });
    assert_eq!(first_fatal(v.to_string().as_bytes()).0, "/scale/min");
}

#[test]
fn bad_model_rejects_with_its_pointer() {
    let mut v = base();
    v["model"] = json!({ "bands": [5, 6, 4, 3] });
    let (ptr, code, _) = first_fatal(v.to_string().as_bytes());
    assert_eq!((ptr.as_str(), code), ("/model/bands", "bad_model"));
    v["model"] = json!({ "role_weights": { "boss": 2 } });
    assert_eq!(
        first_fatal(v.to_string().as_bytes()).0,
        "/model/role_weights/boss"
    );
}

#[test]
fn diagram_order_is_a_model_setting_validated_like_the_others() {
    let mut v = base();
    let (data, report) = load(v.to_string().as_bytes()).unwrap();
    assert_eq!(data.model.diagram, DiagramOrder::RelationshipBase);
    assert!(report.problems.is_empty());
    v["model"] = json!({ "diagram": "service_base" });
    let (data, report) = load(v.to_string().as_bytes()).unwrap();
    assert_eq!(data.model.diagram, DiagramOrder::ServiceBase);
    assert_eq!(data.model.overridden, vec!["diagram".to_string()]);
    assert!(report.problems.is_empty());
    v["model"] = json!({ "diagram": "upside_down" });
    let (ptr, code, msg) = first_fatal(v.to_string().as_bytes());
    assert_eq!((ptr.as_str(), code), ("/model/diagram", "bad_model"));
    assert!(msg.contains("service_base"), "{msg}");
    v["model"] = json!({ "diagram": 1 });
    assert_eq!(first_fatal(v.to_string().as_bytes()).0, "/model/diagram");
}

#[test]
fn weights_that_are_all_zero_reject_the_model() {
    let mut v = base();
    v["model"] = json!({ "level_weights": { "service": 0, "uniqueness": 0, "relationship": 0 } });
    let (ptr, code, msg) = first_fatal(v.to_string().as_bytes());
    assert_eq!((ptr.as_str(), code), ("/model/level_weights", "bad_model"));
    assert!(msg.contains("all zero"), "{msg}");
    v["model"] = json!({ "role_weights": { "decision_maker": 0, "influencer": 0, "operational": 0, "other": 0 } });
    assert_eq!(
        first_fatal(v.to_string().as_bytes()).0,
        "/model/role_weights"
    );
    // One weight above zero is enough.
    v["model"] = json!({ "level_weights": { "service": 0, "uniqueness": 0, "relationship": 2 } });
    assert!(load(v.to_string().as_bytes()).is_ok());
}

#[test]
fn an_aggregation_with_nothing_to_weigh_is_a_warning() {
    // Every response is from a role weighted 0 ("other" is the default role).
    let found = problems(
        |v| v["model"] = json!({ "role_weights": { "other": 0 } }),
        Severity::Warning,
    );
    assert_eq!(
        found,
        [("/model/role_weights".to_string(), "nothing_to_weigh")]
    );
    // Revenue weighting where every revenue is 0.
    let found = problems(
        |v| {
            v["accounts"][0]["revenue"] = json!(0);
            v["model"] = json!({ "aggregation": "revenue" });
        },
        Severity::Warning,
    );
    assert_eq!(
        found,
        [("/model/aggregation".to_string(), "nothing_to_weigh")]
    );
}

#[test]
fn more_responses_than_invited_is_a_located_warning_in_both_readers() {
    let mut v = base();
    v["accounts"] = json!([
        { "id": "Z", "name": "Zeta", "invited": { "w1": 5 } },
        { "id": "A", "name": "Alpha", "invited": { "w1": 1 } }
    ]);
    v["responses"]
        .as_array_mut()
        .unwrap()
        .push(response(json!({})));
    let bytes = v.to_string();
    let expected = [("/accounts/1/invited/w1".to_string(), "more_than_invited")];
    let (_, report) = load(bytes.as_bytes()).unwrap();
    let warnings: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .map(|p| (p.pointer.clone(), p.code.id()))
        .collect();
    assert_eq!(warnings, expected);
    let message = &report.problems[0].message;
    assert!(
        message.contains("2 responses") && message.contains("1 invited"),
        "{message}"
    );
    // The worker's reader hands responses on without keeping them: the same warning.
    let (_, streamed, _) = load_streaming(bytes.as_bytes(), |_, _| {}, || {}).unwrap();
    assert_eq!(streamed.problems, report.problems);
    // As many as invited is fine.
    v["accounts"][1]["invited"]["w1"] = json!(2);
    assert!(load(v.to_string().as_bytes())
        .unwrap()
        .1
        .problems
        .is_empty());
}

#[test]
fn no_valid_wave_rejects() {
    let mut v = base();
    v["waves"] = json!([]);
    assert_eq!(first_fatal(v.to_string().as_bytes()).1, "no_waves");
    v["waves"] = json!([{ "id": "w1", "closed": "31/03/2024" }]);
    let r = rejected(v.to_string().as_bytes());
    assert_eq!(r.excluded().next().unwrap().code, "bad_date");
    assert_eq!(r.fatal().next().unwrap().code, "no_waves");
}

#[test]
fn bad_or_ambiguous_wave_dates_exclude_the_wave_and_say_so_in_its_responses() {
    let found = excluded(|v| {
        v["waves"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "id": "w0", "closed": "2024-02-30" }));
        v["responses"]
            .as_array_mut()
            .unwrap()
            .push(response(json!({ "wave": "w0" })));
    });
    assert_eq!(
        found,
        [
            ("/waves/1/closed".to_string(), "bad_date"),
            ("/responses/1/wave".to_string(), "unknown_wave")
        ]
    );
}

#[test]
fn duplicate_ids_keep_the_first() {
    let found = excluded(|v| {
        v["waves"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "id": "w1", "closed": "2025-03-31" }));
        v["accounts"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "id": "A" }));
    });
    assert_eq!(
        found,
        [
            ("/waves/1/id".to_string(), "duplicate_id"),
            ("/accounts/1/id".to_string(), "duplicate_id")
        ]
    );
}

#[test]
fn unknown_wave_and_account() {
    assert_eq!(
        excluded(push_response(json!({ "wave": "nope", "account": "B" }))),
        [
            ("/responses/1/wave".to_string(), "unknown_wave"),
            ("/responses/1/account".to_string(), "unknown_account")
        ]
    );
}

#[test]
fn out_of_range_and_string_ratings() {
    assert_eq!(
        excluded(push_response(
            json!({ "ratings": { "trust": 0, "commitment": "5" } })
        )),
        [
            ("/responses/1/ratings/commitment".to_string(), "wrong_type"),
            ("/responses/1/ratings/trust".to_string(), "out_of_range")
        ]
    );
    // Decimals inside the scale are valid ratings.
    assert!(excluded(push_response(json!({ "ratings": { "trust": 4.5 } }))).is_empty());
}

#[test]
fn bad_nps_answers() {
    for bad in [json!(11), json!(7.5), json!(-1)] {
        assert_eq!(
            excluded(push_response(json!({ "nps": bad }))),
            [("/responses/1/nps".to_string(), "bad_nps")]
        );
    }
    assert_eq!(
        excluded(push_response(json!({ "nps": "9" }))),
        [("/responses/1/nps".to_string(), "wrong_type")]
    );
}

#[test]
fn unknown_role_and_rating_key() {
    assert_eq!(
        excluded(push_response(
            json!({ "role": "ceo", "ratings": { "Q9": 3 } })
        )),
        [
            ("/responses/1/role".to_string(), "unknown_role"),
            ("/responses/1/ratings/Q9".to_string(), "unknown_rating_key")
        ]
    );
}

#[test]
fn solution_and_its_parts_in_one_response() {
    assert_eq!(
        excluded(push_response(
            json!({ "ratings": { "solution": 5, "innovation": 4 } })
        )),
        [("/responses/1/ratings".to_string(), "solution_and_parts")]
    );
}

#[test]
fn duplicate_respondent_in_a_wave_keeps_the_first_valid_one() {
    let mut v = base();
    v["responses"].as_array_mut().unwrap().push(response(
        json!({ "respondent": "r1", "ratings": { "trust": 2 } }),
    ));
    let (data, report) = load(v.to_string().as_bytes()).unwrap();
    assert_eq!(data.responses.len(), 1);
    assert_eq!(data.responses[0].items[0].1, 5.0);
    assert_eq!(
        report.excluded().next().unwrap().code,
        "duplicate_respondent"
    );
}

#[test]
fn question_problems() {
    let found = excluded(|v| {
        v["questions"] = json!([
            { "id": "trust", "dimension": "trust" },
            { "id": "Q1", "dimension": "loyalty" },
            { "id": "Q2", "dimension": "trust" },
            { "id": "Q2", "dimension": "trust" }
        ]);
    });
    assert_eq!(
        found,
        [
            ("/questions/0/id".to_string(), "reserved_id"),
            ("/questions/1/dimension".to_string(), "unknown_dimension"),
            ("/questions/3/id".to_string(), "duplicate_id")
        ]
    );
}

#[test]
fn action_problems() {
    let found = excluded(|v| {
        v["actions"] = json!([
            { "id": "X1", "account": "A", "wave": "w1", "title": "Fix it", "status": "later" },
            { "id": "X2", "account": "A", "wave": "w1", "title": "Fix it", "due": "2024-13-01" }
        ]);
    });
    assert_eq!(
        found,
        [
            ("/actions/0/status".to_string(), "bad_status"),
            ("/actions/1/due".to_string(), "bad_date")
        ]
    );
}

#[test]
fn warnings_keep_the_record() {
    let found = problems(
        |v| {
            v["extra"] = json!(1);
            v["accounts"][0]["revenue"] = json!(-5);
            v["accounts"][0]["invited"] = json!({ "w1": "ten", "w9": 3 });
            v["model"] = json!({ "aggregation": "revenue" });
        },
        Severity::Warning,
    );
    assert_eq!(
        found,
        [
            ("/extra".to_string(), "unknown_key"),
            ("/accounts/0/revenue".to_string(), "bad_revenue"),
            ("/accounts/0/invited/w1".to_string(), "bad_invited"),
            ("/accounts/0/invited/w9".to_string(), "unknown_wave"),
            ("/model/aggregation".to_string(), "revenue_missing")
        ]
    );
}

#[test]
fn pointers_escape_slash_and_tilde() {
    assert_eq!(
        excluded(push_response(json!({ "ratings": { "a/b~c": 3 } }))),
        [(
            "/responses/1/ratings/a~1b~0c".to_string(),
            "unknown_rating_key"
        )]
    );
}

#[test]
fn every_excluded_record_is_counted() {
    let mut v = base();
    for i in 0..5 {
        v["responses"].as_array_mut().unwrap().push(json!({ "wave": "w1", "account": "nope", "respondent": format!("x{i}"), "ratings": {} }));
    }
    v["responses"]
        .as_array_mut()
        .unwrap()
        .push(json!("not a record"));
    let (data, report) = load(v.to_string().as_bytes()).unwrap();
    assert_eq!(report.responses_read, 7);
    assert_eq!(data.responses.len() + report.excluded_records, 7);
}

#[test]
fn duplicate_keys_are_reported_with_their_pointer() {
    let text = r#"{"format": "rapport/1", "title": "a", "title": "b",
        "waves": [{"id": "w1", "closed": "2024-03-31"}], "accounts": [{"id": "A"}],
        "responses": [{"wave": "w1", "account": "A", "respondent": "r1", "ratings": {"trust": 5, "trust": 2}}]}"#;
    let (data, report) = load(text.as_bytes()).unwrap();
    let found: Vec<(&str, &str)> = report
        .warnings()
        .map(|p| (p.pointer.as_str(), p.code.id()))
        .collect();
    assert_eq!(
        found,
        [
            ("/title", "duplicate_key"),
            ("/responses/0/ratings/trust", "duplicate_key")
        ]
    );
    assert_eq!(data.title.as_deref(), Some("b"));
    assert_eq!(data.responses[0].items[0].1, 2.0);
}

/// A key repeated inside a top-level field, which is first read straight into a `Value`
/// (that keeps the last), is found and placed all the same: the document is read again to
/// say where. The responses are handed on once per reading, each time after a restart.
#[test]
fn a_key_repeated_inside_a_field_is_reported_at_its_pointer() {
    let text = r#"{"format": "rapport/1",
        "waves": [{"id": "w1", "closed": "2024-03-31"}],
        "accounts": [{"id": "A", "name": "Old", "segment": "Energy", "name": "Acme"}],
        "responses": [{"wave": "w1", "account": "A", "respondent": "r1", "ratings": {"trust": 5}}],
        "title": "T"}"#;
    let (data, report) = load(text.as_bytes()).unwrap();
    let found: Vec<(&str, &str)> = report
        .warnings()
        .map(|p| (p.pointer.as_str(), p.code.id()))
        .collect();
    assert_eq!(found, [("/accounts/0/name", "duplicate_key")]);
    assert_eq!(data.accounts[0].name, "Acme");
    assert_eq!(data.accounts[0].segment.as_deref(), Some("Energy"));
    assert_eq!(data.title.as_deref(), Some("T"));
    // Streamed: the one response is what counts after the last restart (the document is
    // read again to say where the key is).
    let (seen, restarts) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    let (streamed, _, _) = load_streaming(
        text.as_bytes(),
        |_, _| seen.set(seen.get() + 1),
        || {
            seen.set(0);
            restarts.set(restarts.get() + 1);
        },
    )
    .unwrap();
    assert_eq!(seen.get(), 1);
    assert!(
        restarts.get() >= 2,
        "read again: {} restarts",
        restarts.get()
    );
    assert_eq!(streamed.accounts[0].name, "Acme");
}

/// The long lists (actions, predictions, internal answers) are read one record at a time
/// by the fast reader; a key repeated inside one of their records is still found and
/// placed, and the record read as the tree gives it (the last value counts).
#[test]
fn a_key_repeated_inside_an_action_is_placed() {
    let text = r#"{"format": "rapport/1",
        "waves": [{"id": "w1", "closed": "2024-03-31"}],
        "accounts": [{"id": "A", "name": "Acme"}],
        "responses": [{"wave": "w1", "account": "A", "respondent": "r1", "ratings": {"trust": 5}}],
        "actions": [{"id": "x1", "account": "A", "wave": "w1", "title": "Call"},
                    {"id": "x2", "account": "A", "wave": "w1", "title": "Visit", "title": "Meet"}]}"#;
    let (data, report) = load(text.as_bytes()).unwrap();
    let found: Vec<(&str, &str)> = report
        .warnings()
        .map(|p| (p.pointer.as_str(), p.code.id()))
        .collect();
    assert_eq!(found, [("/actions/1/title", "duplicate_key")]);
    let titles: Vec<&str> = data.actions.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Call", "Meet"]);
}

#[test]
fn trailing_garbage_after_the_document_is_a_syntax_error() {
    let mut text = base().to_string();
    text.push_str(" {}");
    let r = rejected(text.as_bytes());
    assert_eq!(r.fatal().next().unwrap().code, "syntax");
}

/// Responses are checked while the file is read; when what they depend on comes after them
/// in the file, they are read again, with the same result as in the usual order.
#[test]
fn key_order_does_not_change_what_is_read() {
    let responses = r#""responses": [
        {"wave": "w1", "account": "A", "respondent": "r1", "ratings": {"Q1": 2, "trust": 6}},
        {"wave": "w1", "account": "B", "respondent": "r2", "ratings": {"trust": 9}},
        {"wave": "w0", "account": "A", "respondent": "r3", "ratings": {}}
    ]"#;
    let header = r#""format": "rapport/1", "scale": {"min": 1, "max": 7},
        "waves": [{"id": "w1", "closed": "2024-03-31"}], "accounts": [{"id": "A"}],
        "questions": [{"id": "Q1", "dimension": "trust", "text": "t", "reverse": true}]"#;
    let after = format!("{{{header}, {responses}}}");
    let before = format!("{{{responses}, {header}}}");
    let (d1, r1) = load(after.as_bytes()).unwrap();
    let (d2, r2) = load(before.as_bytes()).unwrap();
    assert_eq!(d1, d2);
    assert_eq!(r1, r2);
    assert_eq!(d1.responses.len(), 1);
    // Q1 is reverse-coded on the 1–7 scale: 2 → 6.
    assert_eq!(d1.responses[0].items, d2.responses[0].items);
    assert_eq!(d1.responses[0].items.len(), 2);
    assert!(d1.responses[0].items.iter().all(|&(_, x)| x == 6.0));
    let codes: Vec<&str> = r1.excluded().map(|p| p.code.id()).collect();
    assert_eq!(codes, ["unknown_account", "out_of_range", "unknown_wave"]);
}

#[test]
fn a_repeated_responses_key_keeps_the_last_array() {
    let text = r#"{"format": "rapport/1", "waves": [{"id": "w1", "closed": "2024-03-31"}],
        "accounts": [{"id": "A"}],
        "responses": [{"wave": "w1", "account": "A", "respondent": "r1", "ratings": {"trust": 5}}],
        "responses": [{"wave": "w1", "account": "A", "respondent": "r2", "ratings": {"trust": 3}},
                      {"wave": "w1", "account": "A", "respondent": "r3", "ratings": {"trust": 4}}]}"#;
    let (data, report) = load(text.as_bytes()).unwrap();
    let who: Vec<&str> = data
        .responses
        .iter()
        .map(|r| r.respondent.as_str())
        .collect();
    assert_eq!(who, ["r2", "r3"]);
    assert_eq!(report.responses_read, 2);
    let dup: Vec<&str> = report.warnings().map(|p| p.pointer.as_str()).collect();
    assert_eq!(dup, ["/responses"]);
}

/// Loads `text` (each way: kept and streamed, which must agree) and returns its report.
fn report_of(text: &str) -> LoadReport {
    let (data, report) = load(text.as_bytes()).expect("accepted");
    let (streamed, streamed_report, _) =
        load_streaming(text.as_bytes(), |_, _| (), || ()).expect("accepted streaming");
    assert_eq!(streamed_report, report);
    assert_eq!(streamed.accounts.len(), data.accounts.len());
    report
}

#[test]
fn a_lone_surrogate_is_replaced_and_warned_at_its_pointer() {
    // JSON.parse reads these; one in a comment must not reject the file.
    for (escape, hex) in [(r"\ud83d", "d83d"), (r"\udc00", "dc00")] {
        let text = format!(
            r#"{{"format":"rapport/1","waves":[{{"id":"w1","closed":"2024-03-31"}}],
"accounts":[{{"id":"A","name":"Alpha"}}],
"responses":[{{"wave":"w1","account":"A","respondent":"r1","ratings":{{"trust":5}}}},
{{"wave":"w1","account":"A","respondent":"r2","ratings":{{"trust":4}},"comment":"Great {escape} team"}}]}}"#
        );
        let (data, _) = load(text.as_bytes()).expect("accepted");
        assert_eq!(data.responses.len(), 2, "no response is left out");
        assert_eq!(
            data.responses[1].comment.as_deref(),
            Some("Great \u{FFFD} team")
        );
        let r = report_of(&text);
        assert_eq!(r.problems.len(), 1);
        let p = &r.problems[0];
        assert_eq!(
            (p.severity, p.code.id(), p.pointer.as_str()),
            (Severity::Warning, "lone_surrogate", "/responses/1/comment")
        );
        // Line 4, where the backslash is (after 90 characters).
        let column = text.lines().nth(3).unwrap().find('\\').unwrap() + 1;
        assert_eq!((p.line, p.column), (Some(4), Some(column)));
        assert!(p.message.contains(&format!("\\u{hex}")), "{}", p.message);
    }
    // A pair is a character, not a problem.
    let pair = base()
        .to_string()
        .replace(r#""name":"Alpha""#, r#""name":"Alpha \ud83d\ude00""#);
    let (data, report) = load(pair.as_bytes()).unwrap();
    assert_eq!(data.accounts[0].name, "Alpha 😀");
    assert!(report.problems.is_empty());
}

#[test]
fn a_number_beyond_a_double_is_out_of_range_where_it_is() {
    let with = |from: &str, to: &str| {
        let text = base().to_string();
        assert!(text.contains(from));
        text.replacen(from, to, 1)
    };
    // A rating: that response is left out, the others scored.
    let text = with(
        r#""responses":["#,
        r#""responses":[{"wave":"w1","account":"A","respondent":"r2","ratings":{"trust":1e400}},"#,
    );
    let (data, _) = load(text.as_bytes()).unwrap();
    assert_eq!(data.responses.len(), 1);
    let r = report_of(&text);
    let p = &r.problems[0];
    assert_eq!(
        (p.severity, p.code.id(), p.pointer.as_str()),
        (
            Severity::Excluded,
            "out_of_range",
            "/responses/0/ratings/trust"
        )
    );
    assert!(p.message.contains("1e400"), "{}", p.message);
    assert_eq!(r.excluded_records, 1);
    // A revenue: not taken as a number at all.
    let text = with(r#""name":"Alpha""#, r#""name":"Alpha","revenue":-2E+999"#);
    let (data, _) = load(text.as_bytes()).unwrap();
    assert_eq!(data.accounts[0].revenue, None);
    let p = &report_of(&text).problems[0];
    assert_eq!(
        (p.code.id(), p.pointer.as_str()),
        ("out_of_range", "/accounts/0/revenue")
    );
    assert!(p.message.contains("-2E+999"));
    // The scale: the file is rejected, saying why.
    let text = with(
        r#""format":"rapport/1""#,
        r#""format":"rapport/1","scale":{"min":1,"max":1e400}"#,
    );
    let r = rejected(text.as_bytes());
    let p = r.fatal().next().unwrap();
    assert_eq!(
        (p.code.id(), p.pointer.as_str()),
        ("out_of_range", "/scale/max")
    );
    assert!(p.message.contains("1e400"));
    // Where no field reads it, a warning still names it (and the key's own warning stays).
    let text = with(
        r#""format":"rapport/1""#,
        r#""format":"rapport/1","note":1e999"#,
    );
    let codes: Vec<_> = report_of(&text)
        .problems
        .iter()
        .map(|p| (p.code.id(), p.pointer.clone()))
        .collect();
    assert!(
        codes.contains(&("out_of_range", "/note".to_string())),
        "{codes:?}"
    );
    // A syntax error after a mended number keeps its true line and column (the `]` after
    // the trailing comma, as in the same text with `1` for `1e400`).
    let r = rejected(b"{\"a\": 1e400,\n \"b\": [1,]}");
    let p = r.fatal().next().unwrap();
    assert_eq!(
        (p.code.id(), p.line, p.column),
        ("syntax", Some(2), Some(10))
    );
}

#[test]
fn currency_is_an_iso_code_and_a_wrong_one_is_a_located_warning() {
    let mut v = base();
    v["model"] = json!({ "currency": "EUR" });
    let (data, report) = load(v.to_string().as_bytes()).unwrap();
    assert_eq!(data.model.currency.as_deref(), Some("EUR"));
    assert_eq!(data.model.overridden, vec!["currency".to_string()]);
    assert!(report.problems.is_empty());
    for wrong in [
        json!("eur"),
        json!("EURO"),
        json!("€"),
        json!(978),
        json!(null),
    ] {
        v["model"] = json!({ "currency": wrong });
        let (data, report) =
            load(v.to_string().as_bytes()).expect("kept: only the currency is left out");
        assert_eq!(data.model.currency, None, "{wrong}");
        let p = &report.problems[0];
        assert_eq!(
            (p.pointer.as_str(), p.code.id(), p.severity),
            ("/model/currency", "bad_model", Severity::Warning),
            "{wrong}"
        );
        assert!(p.message.contains("ISO 4217"), "{}", p.message);
    }
}
