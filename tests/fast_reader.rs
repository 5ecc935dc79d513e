//! The fast reader of plain response records (read/fast.rs) must read every document
//! exactly as serde does: the same data, the same problems at the same places, the same
//! refusals. Each case is loaded both ways and compared.

use proptest::prelude::*;
use rapport::engine::generate::{generate, GenerateOptions, Rng};
use rapport::engine::read::set_fast_path;
use rapport::engine::wire::read_and_encode;
use rapport::engine::{load, Dataset, LoadReport, Rejected};

type Loaded = Result<(Dataset, LoadReport), Rejected>;

fn both(bytes: &[u8]) -> (Loaded, Loaded) {
    set_fast_path(false);
    let serde = load(bytes);
    set_fast_path(true);
    (load(bytes), serde)
}

#[track_caller]
fn same(text: &str) -> Loaded {
    let (fast, serde) = both(text.as_bytes());
    assert_eq!(fast, serde, "the readers differ on\n{text}");
    fast
}

const HEAD: &str = r#""format": "rapport/1", "waves": [{"id": "w1", "closed": "2024-03-31"}], "accounts": [{"id": "A", "name": "Alpha"}, {"id": "B", "name": "Beta"}]"#;

fn doc(records: &str) -> String {
    format!("{{{HEAD}, \"responses\": [{records}]}}")
}

const PLAIN: &str = r#"{"wave": "w1", "account": "A", "respondent": "r1", "role": "influencer", "nps": 9, "comment": "Fine", "ratings": {"trust": 5, "reliability": 4}}"#;

#[test]
fn plain_records_are_read_fast_and_the_same() {
    let (data, report) = same(&doc(PLAIN)).expect("accepted");
    assert_eq!(data.responses.len(), 1);
    assert_eq!(data.responses[0].nps, Some(9));
    assert_eq!(data.responses[0].comment.as_deref(), Some("Fine"));
    assert!(report.problems.is_empty());
}

#[test]
fn records_that_are_not_plain_are_read_the_same() {
    let records = [
        // Escapes in values and keys.
        r#"{"wave": "w1", "account": "A", "respondent": "r\u0031", "comment": "said \"no\"\n", "ratings": {"tr\u0075st": 5}}"#,
        r#"{"w\u0061ve": "w1", "account": "A", "respondent": "r1", "ratings": {}}"#,
        // Repeated keys: in the record, in ratings, inside an unknown key.
        r#"{"wave": "w1", "wave": "w1", "account": "A", "respondent": "r1", "ratings": {"trust": 5}}"#,
        r#"{"wave": "w1", "account": "A", "respondent": "r1", "ratings": {"trust": 5, "trust": 6}}"#,
        r#"{"wave": "w1", "account": "A", "respondent": "r1", "ratings": {"trust": 5}, "ratings": {"trust": 2}}"#,
        r#"{"wave": "w1", "account": "A", "respondent": "r1", "x": {"a": 1, "a": 2}, "ratings": {}}"#,
        // Unknown keys (ignored), repeated unknown keys (ignored too).
        r#"{"id": 7, "id": [1, {"b": null}], "wave": "w1", "account": "B", "respondent": "r2", "ratings": {"CC1": 3}}"#,
        // Numbers: decimals, exponents, negatives, large, zero.
        r#"{"wave": "w1", "account": "A", "respondent": "r3", "nps": 7.0, "ratings": {"trust": 4.5, "CC1": 1e0}}"#,
        r#"{"wave": "w1", "account": "A", "respondent": "r4", "nps": -1, "ratings": {"trust": -0}}"#,
        r#"{"wave": "w1", "account": "A", "respondent": "r5", "nps": 123456789012345678901, "ratings": {"trust": 0}}"#,
        r#"{"wave": "w1", "account": "A", "respondent": "r6", "nps": 12345678901234567, "ratings": {"trust": 10}}"#,
        // Wrong types.
        r#"{"wave": 1, "account": null, "respondent": true, "role": ["x"], "nps": "9", "comment": {}, "ratings": {"trust": "5"}}"#,
        r#"{"wave": "w1", "account": "A", "respondent": "r7", "ratings": null}"#,
        r#"{"wave": "w1", "account": "A", "respondent": "r8", "ratings": [5]}"#,
        r#"{"wave": "w1", "account": "A", "respondent": "r9", "ratings": "5"}"#,
        r#"{"wave": "w1", "account": "A", "respondent": "r10", "ratings": {"trust": [5], "CC1": {"v": 5}}}"#,
        // Not objects, empty objects, missing fields.
        r#""a response""#,
        "[1, 2]",
        "null",
        "17",
        "{}",
        r#"{"ratings": {}}"#,
        // Whitespace everywhere.
        "\n\t{ \"wave\" :\"w1\" ,\r\n\"account\":\t\"A\",\"respondent\" : \"r11\" , \"ratings\" : { \"trust\" : 5 , \"CC1\":null } }\n",
        // Non-ASCII text.
        r#"{"wave": "w1", "account": "A", "respondent": "Zoë", "comment": "très bien — 谢谢", "ratings": {"trust": 6}}"#,
        // A repeated respondent.
        r#"{"wave": "w1", "account": "A", "respondent": "r1", "ratings": {"trust": 5}}"#,
    ];
    let all = records.join(", ");
    let (data, report) = same(&doc(&format!("{PLAIN}, {all}"))).expect("accepted");
    // Records the fast reader hands to serde keep their problems (the comparison above
    // says they are serde's own); a few, to see that they were read at all.
    let at = |pointer: &str, code: &str| {
        report
            .problems
            .iter()
            .any(|p| p.pointer == pointer && p.code == code)
    };
    assert!(at("/responses/3/wave", "duplicate_key"));
    assert!(at("/responses/4/ratings/trust", "duplicate_key"));
    assert!(at("/responses/6/x/a", "duplicate_key"));
    assert!(at("/responses/12/ratings/trust", "wrong_type"));
    assert!(at("/responses/17", "wrong_type"));
    assert_eq!(
        data.responses.len(),
        2,
        "the plain record and the non-ASCII one"
    );
    assert!(report.excluded_records > 10);
    for r in records {
        assert!(same(&doc(r)).is_ok());
        assert!(same(&doc(&format!("{r}, {PLAIN}"))).is_ok());
    }
}

#[test]
fn syntax_errors_are_reported_the_same() {
    let cases = [
        doc(&format!("{PLAIN},")),
        doc(&format!("{PLAIN},,{PLAIN}")),
        doc(&PLAIN.replace("\"nps\": 9", "\"nps\" 9")),
        doc(&PLAIN.replace("\"nps\": 9", "\"nps\": 09")),
        doc(&PLAIN.replace("\"nps\": 9", "\"nps\": tru")),
        doc(&PLAIN.replace("\"nps\": 9", "\"nps\": truex")),
        doc(&PLAIN.replace("Fine", "Fi\nne")),
        doc(&PLAIN.replace("Fine", "Fi\\qne")),
        doc(&PLAIN.replace("}}", "}")),
        doc(&PLAIN.replace("}}", "}}}")),
        doc(&PLAIN.replace("{\"trust\"", "[\"trust\"")),
        doc(&PLAIN.replace("\"Fine\"", "\"Fine")),
        format!("{}x", doc(PLAIN)),
        format!("{} {{}}", doc(PLAIN)),
        doc(PLAIN)
            .replace("\"responses\": [", "\"responses\": [[")
            .replace("]}", "]}]"),
        format!("{{{HEAD}, \"responses\": [{PLAIN}], \"title\": \"T\",}}"),
        format!("{{{HEAD}, \"responses\": [{PLAIN}], \"title\": }}"),
        format!("{{{HEAD} \"responses\": [{PLAIN}]}}"),
        format!("{{{HEAD}, \"responses\": [{PLAIN}]"),
        format!("{{{HEAD}, \"responses\": [{PLAIN}"),
        format!("{{{HEAD}, \"responses\": [{}", &PLAIN[..40]),
        String::new(),
        "   ".to_string(),
        "[]".to_string(),
        "{".to_string(),
    ];
    for text in &cases {
        assert!(same(text).is_err(), "{text}");
    }
}

#[test]
fn document_shapes_are_read_the_same() {
    let deep = format!("{}1{}", "[".repeat(70), "]".repeat(70));
    let deeper = format!("{}1{}", "[".repeat(130), "]".repeat(130));
    let cases = [
        // The header after the responses (read twice), and responses given twice.
        format!("{{\"responses\": [{PLAIN}], {HEAD}}}"),
        format!("{{\"format\": \"rapport/1\", \"responses\": [{PLAIN}], \"waves\": [{{\"id\": \"w1\", \"closed\": \"2024-03-31\"}}], \"accounts\": [{{\"id\": \"A\", \"name\": \"Alpha\"}}]}}"),
        format!("{{{HEAD}, \"responses\": [{PLAIN}], \"responses\": []}}"),
        format!("{{{HEAD}, \"responses\": [], \"responses\": [{PLAIN}]}}"),
        // Responses that are not an array, or empty.
        format!("{{{HEAD}, \"responses\": {{}}}}"),
        format!("{{{HEAD}, \"responses\": null}}"),
        format!("{{{HEAD}, \"responses\": [ ]}}"),
        format!("{{{HEAD}}}"),
        // Repeated and escaped top-level keys.
        format!("{{{HEAD}, \"title\": \"a\", \"title\": \"b\", \"responses\": [{PLAIN}]}}"),
        format!("{{{HEAD}, \"respo\\u006eses\": [{PLAIN}]}}"),
        format!("{{{HEAD}, \"waves\": [], \"responses\": [{PLAIN}]}}"),
        // Repeated keys inside top-level fields, before and after the responses: they make
        // the fast reading read the document again as trees (as serde's always does), which
        // these check.
        format!("{{\"format\": \"rapport/1\", \"waves\": [{{\"id\": \"w1\", \"closed\": \"2024-03-31\"}}], \"accounts\": [{{\"id\": \"A\", \"name\": \"x\", \"name\": \"Alpha\"}}], \"responses\": [{PLAIN}]}}"),
        format!("{{{HEAD}, \"responses\": [{PLAIN}], \"extra\": {{\"a\": [{{\"b\": 1, \"b\": 2}}]}}}}"),
        // Numbers of every kind where the data set keeps them (an account's revenue, read
        // straight into a Value by the fast reading, from a tree by serde's).
        format!("{{\"format\": \"rapport/1\", \"waves\": [{{\"id\": \"w1\", \"closed\": \"2024-03-31\"}}], \"accounts\": [{{\"id\": \"A\", \"name\": \"Alpha\", \"revenue\": 1.0}}, {{\"id\": \"B\", \"name\": \"B\", \"revenue\": 1e2}}, {{\"id\": \"C\", \"name\": \"C\", \"revenue\": 12345678901234567890}}, {{\"id\": \"D\", \"name\": \"D\", \"revenue\": -9223372036854775809}}, {{\"id\": \"E\", \"name\": \"E\", \"revenue\": 0.1e-400}}, {{\"id\": \"F\", \"name\": \"F\", \"revenue\": -0}}, {{\"id\": \"G\", \"name\": \"G\", \"revenue\": 2.5e3}}], \"responses\": [{PLAIN}]}}"),
        // Deep nesting in the header and in a record.
        format!("{{{HEAD}, \"extra\": {deep}, \"responses\": [{PLAIN}]}}"),
        format!("{{{HEAD}, \"extra\": {deeper}, \"responses\": [{PLAIN}]}}"),
        doc(&PLAIN.replace("\"nps\": 9", &format!("\"x\": {deep}, \"nps\": 9"))),
        doc(&PLAIN.replace("\"nps\": 9", &format!("\"x\": {deeper}, \"nps\": 9"))),
        // A byte order mark, and other top-level values.
        format!("\u{feff}{}", doc(PLAIN)),
        "{}".to_string(),
        "\"text\"".to_string(),
        "[{}]".to_string(),
    ];
    for text in &cases {
        let _ = same(text);
    }
}

/// The long lists of records (actions, predictions, internal answers) are kept as each
/// record's text by the fast reading and read one record at a time when checked; a record
/// that is not what it seemed (a repeated key, a syntax error the skipping did not see)
/// makes it read the document again as serde's does.
#[test]
fn deferred_lists_are_read_the_same() {
    const ACTION: &str = r#"{"id": "x1", "account": "A", "wave": "w1", "title": "Call", "dimension": "trust", "due": "2024-06-30"}"#;
    const PREDICTION: &str = r#"{"wave": "w1", "account": "A", "respondent": "am", "role": "account_director", "ratings": {"trust": 5, "reliability": 6.5}, "nps": 7}"#;
    const INTERNAL: &str =
        r#"{"wave": "w1", "respondent": "E1", "department": "Sales", "answers": {"s1": 4}}"#;
    let with = |lists: &str| {
        format!("{{{HEAD}, \"responses\": [{PLAIN}], \"statements\": [{{\"id\": \"s1\", \"text\": \"We follow up\"}}], {lists}}}")
    };
    let cases = [
        format!("\"actions\": [{ACTION}, {ACTION}], \"predictions\": [{PREDICTION}, 3], \"internal\": [{INTERNAL}]"),
        format!("\"actions\": [ ], \"predictions\": [], \"internal\": [ {INTERNAL} ]"),
        // A repeated key inside a record, and a record twice over.
        format!("\"actions\": [{ACTION}], \"predictions\": [{}]", PREDICTION.replace("\"nps\": 7", "\"nps\": 7, \"role\": \"sales\"")),
        format!("\"actions\": [{}]", ACTION.replace("\"due\"", "\"title\": \"Again\", \"due\"")),
        format!("\"internal\": [{}]", INTERNAL.replace("{\"s1\": 4}", "{\"s1\": 4, \"s1\": 5}")),
        // Syntax the skipping passes over: serde's error, in either reading.
        format!("\"predictions\": [{}]", PREDICTION.replace("\"nps\": 7", "\"nps\": 7,")),
        format!("\"actions\": [{}]", ACTION.replace("\"x1\"", "\"x1\" \"x2\"")),
        format!("\"actions\": [{}]", ACTION.replace("2024-06-30\"", "2024-06-30\"]")),
        format!("\"predictions\": [{}]", PREDICTION.replace("7}", "1e400}")),
        format!("\"internal\": [{}]", INTERNAL.replace("Sales", "\\ud800")),
        // Lists that are not arrays of records, given twice, or cut short.
        "\"actions\": {}, \"predictions\": null, \"internal\": 3".to_string(),
        format!("\"predictions\": [{PREDICTION}], \"predictions\": []"),
        "\"actions\": [1,]".to_string(),
        "\"actions\": [,1]".to_string(),
        "\"actions\": [tru]".to_string(),
    ];
    for lists in &cases {
        let text = with(lists);
        let _ = same(&text);
        // The worker's reading, which keeps nothing and starts again when it reads again.
        set_fast_path(false);
        let serde = read_and_encode(text.as_bytes());
        set_fast_path(true);
        assert!(
            read_and_encode(text.as_bytes()) == serde,
            "the wire forms differ on\n{text}"
        );
    }
    // A file rejected for a field after its responses, with a repeated key inside an
    // action: the key is placed in the report either way.
    let text = with(&format!(
        "\"actions\": [{}], \"internal\": 3",
        ACTION.replace("\"due\"", "\"title\": \"Again\", \"due\"")
    ));
    let refused = same(&text).unwrap_err();
    assert!(
        refused
            .0
            .problems
            .iter()
            .any(|p| p.pointer == "/actions/0/title"),
        "{refused:?}"
    );
    // A file rejected for a field after its responses still reports a syntax error inside
    // a list first.
    let refused = same(&with(&format!(
        "\"actions\": [{}], \"internal\": 3",
        ACTION.replace('}', ",}")
    )))
    .unwrap_err();
    assert_eq!(refused.0.problems[0].code.id(), "syntax", "{refused:?}");
}

#[test]
fn generated_portfolios_are_read_the_same() {
    for (seed, accounts) in [(1, 12), (2, 40), (3, 7)] {
        let mut bytes = Vec::new();
        generate(
            GenerateOptions {
                accounts,
                waves: 3,
                seed,
                actions: true,
            },
            &mut bytes,
        )
        .unwrap();
        let (fast, serde) = both(&bytes);
        assert!(fast.is_ok());
        assert_eq!(fast, serde);
    }
    for path in [
        "public/data/sample.json",
        "tests/fixtures/small.json",
        "tests/fixtures/service-base.json",
        "tests/fixtures/hostile.json",
    ] {
        let bytes = std::fs::read(path).unwrap();
        let (fast, serde) = both(&bytes);
        assert_eq!(fast, serde, "{path}");
    }
}

/// Pieces of response records, plain and not, to build random documents from.
const KEYS: [&str; 10] = [
    "wave",
    "account",
    "respondent",
    "role",
    "nps",
    "comment",
    "ratings",
    "extra",
    "w\\u0061ve",
    "trust",
];
const VALUES: [&str; 16] = [
    "\"w1\"",
    "\"A\"",
    "\"B\"",
    "\"r1\"",
    "\"r2\"",
    "5",
    "10",
    "0",
    "7.5",
    "-3",
    "null",
    "true",
    "\"x\\\"y\"",
    "[1]",
    "{\"trust\": 4, \"CC1\": 2}",
    "{\"trust\": 4, \"trust\": 2}",
];
const SPACE: [&str; 4] = ["", " ", "\n", "\t "];

fn record(rng: &mut Rng) -> String {
    let n = rng.below(8);
    let mut parts = Vec::new();
    for _ in 0..n {
        let key = rng.pick(&KEYS);
        let value = if *key == "ratings" && rng.chance(0.7) {
            let pairs: Vec<String> = (0..rng.below(5))
                .map(|_| {
                    format!(
                        "\"{}\":{}{}",
                        rng.pick(&["trust", "CC1", "CC2", "solution", "innovation", "zz"]),
                        rng.pick(&SPACE),
                        rng.pick(&["1", "4", "7", "8", "null", "\"4\"", "4.0", "0"])
                    )
                })
                .collect();
            format!("{{{}}}", pairs.join(","))
        } else {
            rng.pick(&VALUES).to_string()
        };
        parts.push(format!(
            "{}\"{key}\"{}:{}{value}",
            rng.pick(&SPACE),
            rng.pick(&SPACE),
            rng.pick(&SPACE)
        ));
    }
    format!("{{{}}}", parts.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Random records of plain and awkward pieces, with or without one damaged byte.
    #[test]
    fn random_documents_are_read_the_same(seed in any::<u64>(), damage in any::<Option<(usize, u8)>>()) {
        let mut rng = Rng::new(seed);
        let records: Vec<String> = (0..1 + rng.below(6)).map(|_| record(&mut rng)).collect();
        let mut bytes = doc(&records.join(",")).into_bytes();
        if let Some((at, byte)) = damage {
            let at = at % bytes.len();
            match byte % 3 {
                0 => { bytes.remove(at); }
                1 => bytes.insert(at, b"{}[],:\"\\ 0a"[usize::from(byte) % 11]),
                _ => bytes[at] = b"{}[],:\"\\ 0a"[usize::from(byte) % 11],
            }
        }
        let (fast, serde) = both(&bytes);
        prop_assert_eq!(fast, serde, "{}", String::from_utf8_lossy(&bytes));
    }
}
