//! The worker's wire form: what the page decodes equals what loading on the page gives.

use rapport::engine::wire::{read_and_encode, Decoded, Decoder, Opened};
use rapport::engine::{load, Portfolio};

fn decode_all(
    buf: &[u8],
    batch: usize,
) -> Result<(Portfolio, rapport::engine::LoadReport, String), String> {
    // Read through small windows of the buffer, as the page does from JS memory.
    let read = |r: std::ops::Range<usize>| buf.get(r).map(<[u8]>::to_vec).unwrap_or_default();
    match Decoder::open(buf.len(), read)? {
        Opened::Accepted {
            identity,
            report,
            mut decoder,
            ..
        } => {
            decoder.set_window(batch * 100); // windows that cut responses in two
            while !decoder.step(batch, read)? {}
            Ok((decoder.finish()?, report, identity))
        }
        Opened::Rejected { .. } => Err("rejected".into()),
    }
}

fn same_as_direct(path: &str) {
    let bytes = std::fs::read(path).unwrap();
    let (data, report) = load(&bytes).unwrap();
    let direct = Portfolio::new(data);
    let (via, via_report, identity) = decode_all(&read_and_encode(&bytes), 7).unwrap();
    assert_eq!(via_report, report, "{path}");
    assert_eq!(via.respondents, direct.respondents, "{path}");
    let mut expected = direct.data.clone();
    for r in &mut expected.responses {
        r.items.clear();
    }
    assert_eq!(via.data, expected, "{path}");
    assert_eq!(identity.len(), 16);
}

#[test]
fn the_sample_and_the_fixtures_arrive_unchanged() {
    same_as_direct("public/data/sample.json");
    same_as_direct("tests/fixtures/small.json");
    same_as_direct("tests/fixtures/service-base.json");
    same_as_direct("tests/fixtures/hostile.json");
    // The inside view: statements, predictions and internal answers (with bad ones left out).
    same_as_direct("tests/fixtures/inside.json");
}

#[test]
fn every_role_weighted_zero_is_warned_of_by_the_reader_too() {
    // Found by the fuzzer: the reader streams responses on without keeping them, and its
    // report left out the warning that no response carries weight.
    let path = "fuzz/corpus/load/streamed-role-weights-zero.json";
    let (_, report) = load(&std::fs::read(path).unwrap()).unwrap();
    assert!(report
        .problems
        .iter()
        .any(|p| p.pointer == "/model/role_weights" && p.code.id() == "nothing_to_weigh"));
    same_as_direct(path);
}

#[test]
fn a_model_with_every_override_arrives_unchanged() {
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read("tests/fixtures/small.json").unwrap()).unwrap();
    doc["model"] = serde_json::json!({
        "level_weights": {"service": 1, "uniqueness": 2, "relationship": 3.5},
        "role_weights": {"decision_maker": 2, "influencer": 1.5, "operational": 1, "other": 0.5},
        "aggregation": "respondent",
        "bands": [6, 5.25, 4.5, 3],
        "types": {"opponent_relationship": 3, "ambivalent_gap": 1.25, "ambassador_advocacy": 9},
        "currency": "EUR",
        "targets": [
            {"metric": "crq", "value": 5.5},
            {"metric": "nps", "value": 20, "wave": "w2"},
            {"metric": "trust", "value": 5, "account": "A"}
        ]
    });
    let bytes = serde_json::to_vec(&doc).unwrap();
    let (data, _) = load(&bytes).unwrap();
    assert_eq!(
        data.model.overridden.len(),
        9,
        "{:?}",
        data.model.overridden
    );
    let (via, _, _) = decode_all(&read_and_encode(&bytes), 3).unwrap();
    assert_eq!(via.data.model, data.model);
    assert_eq!(via.data.model.level_weights, [1.0, 2.0, 3.5]);
    assert_eq!(via.data.model.types.ambivalent_gap, 1.25);
    assert_eq!(via.data.model.targets.len(), 3);
    // The targets alone (set in the app: the evidence module hands them to the page so).
    let wire = rapport::engine::wire::goals_to_wire(&data.model.targets);
    assert_eq!(
        rapport::engine::wire::goals_from_wire(&wire).unwrap(),
        data.model.targets
    );
    assert!(rapport::engine::wire::goals_from_wire(&wire[..wire.len() - 1]).is_err());
}

#[test]
fn the_file_size_and_identity_arrive_with_the_answer() {
    let bytes = std::fs::read("tests/fixtures/small.json").unwrap();
    let buf = read_and_encode(&bytes);
    let read = |r: std::ops::Range<usize>| buf.get(r).map(<[u8]>::to_vec).unwrap_or_default();
    match Decoder::open(buf.len(), read).unwrap() {
        Opened::Accepted {
            identity,
            file_bytes,
            ..
        } => {
            assert_eq!(file_bytes, bytes.len() as f64);
            assert_eq!(identity, rapport::engine::wire::identity(&bytes));
        }
        Opened::Rejected { .. } => panic!("small.json is accepted"),
    }
    let bad = b"{\"format\": 1}";
    let buf = read_and_encode(bad);
    let read = |r: std::ops::Range<usize>| buf.get(r).map(<[u8]>::to_vec).unwrap_or_default();
    match Decoder::open(buf.len(), read).unwrap() {
        Opened::Rejected { file_bytes, .. } => assert_eq!(file_bytes, 13.0),
        Opened::Accepted { .. } => panic!("should be rejected"),
    }
}

/// The app opens on the sample in its scored wire form (so the page needs no JSON reader):
/// the shipped file must be exactly what the reader makes of the shipped sample.json.
#[test]
fn the_bundled_sample_wire_form_is_the_readers_answer_to_the_sample() {
    let json = std::fs::read("public/data/sample.json").unwrap();
    let wire = std::fs::read("public/data/sample.rpw").unwrap_or_default();
    assert!(
        wire == read_and_encode(&json),
        "public/data/sample.rpw is not the wire form of public/data/sample.json \
         (the sample or the wire format changed): run `make generate-sample`"
    );
}

#[test]
fn a_rejected_file_arrives_with_its_problems() {
    let bytes = br#"{"format": "rapport/2"}"#;
    let expected = load(bytes).unwrap_err().0;
    match rapport::engine::wire::decode(&read_and_encode(bytes)).unwrap() {
        Decoded::Rejected(report) => assert_eq!(report, expected),
        Decoded::Accepted { .. } => panic!("should be rejected"),
    }
}

#[test]
fn fnv1a_matches_the_published_test_vectors() {
    // From the FNV reference test suite: "" and "a" and "foobar".
    use rapport::engine::wire::identity;
    assert_eq!(identity(b""), "cbf29ce484222325");
    assert_eq!(identity(b"a"), "af63dc4c8601ec8c");
    assert_eq!(identity(b"foobar"), "85944171f73967e8");
}

#[test]
fn a_file_identified_part_by_part_as_it_is_read_has_its_identity_and_answer() {
    use rapport::engine::wire::{identity, read_and_encode_identified, Identity};
    let mut id = Identity::default();
    for part in [&b"foo"[..], b"", b"ba", b"r"] {
        id.update(part);
    }
    assert_eq!(id.finish(), "85944171f73967e8");
    let bytes = std::fs::read("tests/fixtures/small.json").unwrap();
    let mut id = Identity::default();
    for part in bytes.chunks(1000) {
        id.update(part);
    }
    let id = id.finish();
    assert_eq!(id, identity(&bytes));
    assert_eq!(
        read_and_encode_identified(&bytes, &id),
        read_and_encode(&bytes)
    );
}

#[test]
fn a_damaged_answer_is_an_error_not_a_panic() {
    let bytes = std::fs::read("tests/fixtures/small.json").unwrap();
    let buf = read_and_encode(&bytes);
    for cut in 0..buf.len() {
        assert!(decode_all(&buf[..cut], 3).is_err(), "cut at {cut}");
    }
    let mut longer = buf.clone();
    longer.push(0);
    assert!(decode_all(&longer, 3).is_err());
}

#[test]
fn responses_read_twice_are_sent_once() {
    // `waves` after `responses`: the reader goes over the responses a second time.
    let text = r#"{"responses": [
        {"wave": "w1", "account": "A", "respondent": "r1", "ratings": {"trust": 6, "reliability": 4}, "nps": 9},
        {"wave": "w1", "account": "A", "respondent": "r2", "ratings": {"trust": 2}}],
        "format": "rapport/1", "accounts": [{"id": "A"}], "waves": [{"id": "w1", "closed": "2024-03-31"}]}"#;
    let (data, report) = load(text.as_bytes()).unwrap();
    let direct = Portfolio::new(data);
    let (via, via_report, _) = decode_all(&read_and_encode(text.as_bytes()), 1).unwrap();
    assert_eq!(via.data.responses.len(), 2);
    assert_eq!(via.respondents, direct.respondents);
    assert_eq!(via_report, report);
}

/// Found by the fuzzer: a second `questions` after the responses makes the reader go over
/// them again, and this time none is accepted; the first reading must not linger.
#[test]
fn a_second_reading_that_keeps_nothing_sends_nothing() {
    let text = r#"{"format": "rapport/1", "waves": [{"id": "w1", "closed": "2024-03-31"}],
        "accounts": [{"id": "A"}],
        "questions": [{"id": "Q1", "dimension": "trust", "text": "t"}],
        "responses": [{"wave": "w1", "account": "A", "respondent": "r1", "ratings": {"Q1": 5}}],
        "questions": []}"#;
    let (data, report) = load(text.as_bytes()).unwrap();
    assert_eq!(
        data.responses.len(),
        0,
        "Q1 is unknown once the last `questions` counts"
    );
    let (via, via_report, _) = decode_all(&read_and_encode(text.as_bytes()), 1).unwrap();
    assert_eq!(via.data.responses.len(), 0);
    assert_eq!(via_report, report);
}

/// The importer's answer (a data set read whole, then encoded) is byte for byte the reader's
/// (responses encoded as they are read), accepted or rejected.
#[test]
fn a_data_set_read_whole_encodes_as_the_reader_answers() {
    use rapport::engine::wire::{encode, identity};
    for path in [
        "tests/fixtures/small.json",
        "tests/fixtures/hostile.json",
        "public/data/sample.json",
    ] {
        let bytes = std::fs::read(path).unwrap();
        let whole = encode(&load(&bytes), &identity(&bytes), bytes.len());
        assert!(whole == read_and_encode(&bytes), "{path}");
    }
    let bad = br#"{"format": "rapport/2"}"#;
    assert!(encode(&load(bad), &identity(bad), bad.len()) == read_and_encode(bad));
}
