//! Each survey tool's export shape, written from one sample of responses, imported with a
//! profile (the guessed one, corrected where a user would, saved and read back) and scored:
//! the scores must equal those of the same responses written directly as `rapport/1`.

mod common;

use common::*;
use rapport_engine::{Code, Severity};
use rapport_import::{guess, import_bytes, read_table, Field, Profile, Tool, WaveSpec};

fn s(x: impl ToString) -> String {
    x.to_string()
}

/// Guesses a profile from the export, lets `correct` change it, saves and reads it back.
fn profile(export: &[u8], correct: impl FnOnce(&mut Profile)) -> Profile {
    let table = read_table(export, None).expect("the export reads");
    let (mut p, _) = guess(&table);
    correct(&mut p);
    Profile::from_json(&p.to_json()).expect("the saved profile reads back")
}

fn field_of<'a>(p: &'a Profile, column: &str) -> &'a Field {
    &p.columns
        .iter()
        .find(|c| c.column == column)
        .unwrap_or_else(|| panic!("no column {column}"))
        .field
}

#[allow(dead_code)]
fn set(p: &mut Profile, column: &str, field: Field) {
    p.columns
        .iter_mut()
        .find(|c| c.column == column)
        .unwrap()
        .field = field;
}

fn rating(d: &str) -> Field {
    Field::Rating {
        dimension: d.to_string(),
        reverse: false,
    }
}

/// Imports and checks the scores against the direct file; returns the import's problems.
fn same_scores(
    export: &[u8],
    list: Option<&[u8]>,
    p: &Profile,
    direct_doc: serde_json::Value,
) -> Vec<rapport_engine::Problem> {
    let imported =
        import_bytes(export, list, p).unwrap_or_else(|r| panic!("rejected: {:#?}", r.0.problems));
    assert_eq!(scores(&imported.document), scores(&direct_doc));
    imported.report.problems
}

// ---------- Qualtrics: three header rows, numeric codes, a preview and an unfinished row.

fn qualtrics(s_: &Sample) -> Vec<Vec<String>> {
    let meta = [
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "LocationLatitude",
        "LocationLongitude",
        "DistributionChannel",
        "UserLanguage",
    ];
    let texts = [
        "Start Date",
        "End Date",
        "Response Type",
        "IP Address",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "Recorded Date",
        "Response ID",
        "Recipient Last Name",
        "Recipient First Name",
        "Recipient Email",
        "External Data Reference",
        "Location Latitude",
        "Location Longitude",
        "Distribution Channel",
        "User Language",
    ];
    let mut keys: Vec<String> = meta.iter().map(s).collect();
    let mut labels: Vec<String> = texts.iter().map(s).collect();
    let mut ids: Vec<String> = meta
        .iter()
        .map(|m| format!("{{\"ImportId\":\"{}\"}}", m.to_lowercase()))
        .collect();
    keys.push(s("Q1"));
    labels.push(s("What is your role?"));
    ids.push(s("{\"ImportId\":\"QID1\"}"));
    for (i, (_, text)) in DIMENSIONS.iter().enumerate() {
        keys.push(format!("Q5_{}", i + 1));
        labels.push(format!(
            "How would you rate Acme on each of the following? - {text}"
        ));
        ids.push(format!("{{\"ImportId\":\"QID5_{}\"}}", i + 1));
    }
    for (k, l) in [
        ("Q6", "How likely are you to recommend Acme to a colleague?"),
        ("Q7", "Anything else you would like to tell us?"),
        ("AccountID", "AccountID"),
    ] {
        keys.push(s(k));
        labels.push(s(l));
        ids.push(format!("{{\"ImportId\":\"{k}\"}}"));
    }
    let mut rows = vec![keys, labels, ids];
    let row = |r: &Resp, status: &str, finished: &str| {
        let mut v = vec![
            s("2025-03-01 09:00:00"),
            s("2025-03-28 17:45:10"),
            s(status),
            s("192.0.2.1"),
            s(if finished == "True" { "100" } else { "40" }),
            s("300"),
            s(finished),
            s("2025-03-28 17:45:11"),
            s(&r.respondent),
            s(""),
            s(""),
            s(""),
            s(""),
            s("52.1"),
            s("4.3"),
            s("anonymous"),
            s("EN"),
        ];
        v.push(s(ROLES[r.role].0));
        v.extend(r.ratings.iter().map(|x| cell(*x)));
        // The ends of the NPS scale as Qualtrics writes their choice text.
        v.push(match r.nps {
            Some(10) => s("10 - Extremely likely"),
            Some(0) => s("0 - Not at all likely"),
            Some(n) => s(n),
            None => s(""),
        });
        v.push(
            r.comment
                .clone()
                .map_or(s(""), |c| format!("{c}\nand a second line")),
        );
        v.push(s_.accounts[r.account].id.clone());
        v
    };
    for r in &s_.responses {
        rows.push(row(r, "IP Address", "True"));
    }
    // A preview and an unfinished response: left out, and counted.
    rows.push(row(&s_.responses[0], "Survey Preview", "True"));
    rows.push(row(&s_.responses[1], "IP Address", "False"));
    rows.push(vec![s(""); 3]);
    rows.push(vec![]);
    rows
}

#[test]
fn qualtrics_csv_with_three_header_rows() {
    let sample = sample(1, 12, 90, 1, 7, 1);
    let export = csv(&qualtrics(&sample), b',');
    let p = profile(&export, |p| {
        p.waves = vec![WaveSpec {
            id: s("2024"),
            label: None,
            closed: Some(s("2024-03-31")),
        }];
    });
    assert_eq!((p.tool, p.header_rows), (Tool::Qualtrics, 3));
    assert_eq!(field_of(&p, "Q5_4"), &rating("experience"));
    assert_eq!(field_of(&p, "Q6"), &Field::Nps);
    assert_eq!(field_of(&p, "Status"), &Field::Status);
    assert_eq!(field_of(&p, "Finished"), &Field::Finished);
    assert_eq!(field_of(&p, "AccountID"), &Field::AccountId);
    assert_eq!((p.scale.min, p.scale.max), (1, 7));
    let problems = same_scores(&export, None, &p, direct(&sample, Accounts::Ids, None));
    let codes: Vec<(Code, &str)> = problems
        .iter()
        .map(|p| (p.code, p.pointer.as_str()))
        .collect();
    // Rows 1–3 are headers, the 90 responses rows 4–93: the preview is row 94 (its Status in
    // column C), the unfinished response row 95 (Finished, column G).
    assert_eq!(
        codes,
        vec![(Code::TestResponse, "C94"), (Code::Unfinished, "G95")]
    );
    assert!(problems.iter().all(|p| p.severity == Severity::Excluded));
}

// ---------- Qualtrics legacy: two header rows, tab-separated UTF-16 (Qualtrics' TSV).

#[test]
fn qualtrics_legacy_tsv_in_utf16() {
    let sample = sample(2, 8, 40, 1, 7, 1);
    let mut rows = qualtrics(&sample);
    rows.remove(2); // No ImportId row.
    let text = String::from_utf8(csv(&rows, b'\t')).unwrap();
    let mut export = vec![0xFF, 0xFE];
    export.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let p = profile(&export, |p| {
        p.waves = vec![WaveSpec {
            id: s("2024"),
            label: Some(s("FY2024")),
            closed: Some(s("2024-03-31")),
        }];
    });
    assert_eq!((p.tool, p.header_rows), (Tool::Qualtrics, 2));
    let problems = same_scores(&export, None, &p, direct(&sample, Accounts::Ids, None));
    assert_eq!(
        problems
            .iter()
            .map(|p| p.pointer.as_str())
            .collect::<Vec<_>>(),
        ["C43", "G44"]
    );
}
