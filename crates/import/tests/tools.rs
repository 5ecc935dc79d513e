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
    if let Some(d) = difference(
        &scores(&doc_of(&imported.document)),
        &scores(&direct_doc),
        "",
    ) {
        panic!("the imported scores differ from the direct file's: {d}");
    }
    imported.report.problems
}

/// A written document read back.
fn doc_of(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("the importer writes JSON")
}

/// The first place two JSON values differ, with both values there.
fn difference(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value::{Array, Object};
    match (a, b) {
        (Object(x), Object(y)) if x.len() == y.len() => {
            x.iter().find_map(|(k, v)| match y.get(k) {
                Some(w) => difference(v, w, &format!("{at}/{k}")),
                None => Some(format!("{at}/{k}: only in the import")),
            })
        }
        (Array(x), Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| difference(v, w, &format!("{at}/{i}"))),
        _ if a == b => None,
        _ => Some(format!("{at}: import {a}, direct {b}")),
    }
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

/// The one wave most exports here are named by the user: 2024, closed on 31 March.
fn wave_2024() -> Vec<WaveSpec> {
    vec![WaveSpec {
        id: s("2024"),
        label: None,
        closed: Some(s("2024-03-31")),
    }]
}

#[test]
fn qualtrics_csv_with_three_header_rows() {
    let sample = sample(1, 12, 90, 1, 7, 1);
    let export = csv(&qualtrics(&sample), b',');
    let p = profile(&export, |p| {
        p.waves = wave_2024();
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

// ---------- SurveyMonkey "expanded" xlsx: question texts over sub-labels, answers as text.

const AGREE7: [&str; 7] = [
    "Strongly disagree",
    "Disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Agree",
    "Strongly agree",
];

#[test]
fn surveymonkey_xlsx_with_two_header_rows_and_answer_text() {
    let sample = sample(3, 10, 70, 1, 7, 1);
    let fixed = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ];
    let mut top: Vec<String> = fixed.iter().map(s).collect();
    let mut sub = vec![s(""); fixed.len()];
    top.push(s("What is your role?"));
    sub.push(s("Response"));
    top.push(s(""));
    sub.push(s("Other (please specify)"));
    for (i, (_, text)) in DIMENSIONS.iter().enumerate() {
        top.push(if i == 0 {
            s("How much do you agree with the following about Acme?")
        } else {
            s("")
        });
        sub.push(s(text));
    }
    top.push(s(
        "How likely is it that you would recommend Acme to a friend or colleague?",
    ));
    sub.push(s("Response"));
    let mut rows = vec![top, sub];
    for r in &sample.responses {
        let mut v = vec![
            s(&r.respondent),
            s("431"),
            s("2025-03-02 10:00:00"),
            s("2025-03-30 11:00:00"),
            s("198.51.100.7"),
            s(""),
            s(""),
            s(""),
            s(&sample.accounts[r.account].id),
        ];
        v.push(s(ROLES[r.role].0));
        v.push(s(""));
        v.extend(
            r.ratings
                .iter()
                .map(|x| x.map_or(s(""), |x| s(AGREE7[x as usize - 1]))),
        );
        v.push(r.nps.map_or(s(""), s));
        rows.push(v);
    }
    rows.push(vec![s("")]);
    let export = xlsx("Sheet", &rows, &[2, 3]);
    let p = profile(&export, |p| {
        // SurveyMonkey's custom data holds the account id: the user says so.
        set(p, "Custom Data 1", Field::AccountId);
        p.waves[0].id = s("2024");
    });
    assert_eq!(
        (p.tool, p.header_rows, p.scale.max),
        (Tool::SurveyMonkey, 2, 7)
    );
    assert_eq!(
        field_of(
            &p,
            "How much do you agree with the following about Acme? | Trust"
        ),
        &rating("trust")
    );
    assert_eq!(field_of(&p, "What is your role?"), &Field::Role);
    assert_eq!(
        field_of(&p, "What is your role? | Other (please specify)"),
        &Field::Ignore
    );
    // The wave closes on the latest End Date (an Excel date in the workbook).
    assert_eq!(p.waves[0].closed.as_deref(), Some("2025-03-30"));
    let problems = same_scores(&export, None, &p, direct(&sample, Accounts::Ids, None));
    assert_eq!(problems, []);
}

// ---------- Google Forms CSV, joined to an account list on the e-mail domain.

#[test]
fn google_forms_csv_joined_to_an_account_list_by_email_domain() {
    let sample = sample(4, 9, 60, 1, 7, 1);
    let mut rows = vec![vec![s("Timestamp"), s("Email address"), s("Your role")]];
    rows[0].extend(
        DIMENSIONS
            .iter()
            .map(|(_, t)| format!("Please rate Acme [{t}]")),
    );
    rows[0].push(s("How likely are you to recommend Acme to a colleague?"));
    rows[0].push(s("Why? (optional)"));
    for (k, r) in sample.responses.iter().enumerate() {
        let a = &sample.accounts[r.account];
        let mut v = vec![
            format!("3/{}/2025 14:05:12", 1 + k % 28),
            format!("person{k}@{}", a.domain.to_uppercase()),
            s(ROLES[r.role].0),
        ];
        // Grid answers as Google writes a labelled scale's ends: "7 = excellent", "1 = poor".
        v.extend(r.ratings.iter().map(|x| match x {
            Some(7.0) => s("7 = excellent"),
            Some(1.0) => s("1 = poor"),
            _ => cell(*x),
        }));
        v.push(r.nps.map_or(s(""), s));
        v.push(r.comment.clone().unwrap_or_default());
        rows.push(v);
    }
    let export = csv(&rows, b',');
    let mut list = vec![vec![
        s("Account ID"),
        s("Account name"),
        s("Segment"),
        s("Account owner"),
        s("Revenue"),
        s("Website"),
        s("Invited"),
    ]];
    for a in &sample.accounts {
        list.push(vec![
            a.id.clone(),
            a.name.clone(),
            s(a.segment),
            s(a.owner),
            format!("{:.2}", a.revenue),
            format!("https://www.{}/", a.domain),
            s("12"),
        ]);
    }
    let list = csv(&list, b',');
    let p = profile(&export, |p| {
        p.waves[0].id = s("2024");
        p.accounts = Some(rapport_import::AccountList {
            sheet: None,
            join: rapport_import::Join::EmailDomain,
            columns: [
                ("Account ID", Field::AccountId),
                ("Account name", Field::AccountName),
                ("Segment", Field::Segment),
                ("Account owner", Field::Owner),
                ("Revenue", Field::Revenue),
                ("Website", Field::Domain),
                ("Invited", Field::Invited(s("2024"))),
            ]
            .into_iter()
            .map(|(c, f)| rapport_import::ColumnMap {
                column: s(c),
                field: f,
            })
            .collect(),
        });
    });
    assert_eq!((p.tool, p.header_rows), (Tool::GoogleForms, 1));
    assert_eq!(field_of(&p, "Timestamp"), &Field::Date);
    assert_eq!(field_of(&p, "Email address"), &Field::Email);
    assert_eq!(field_of(&p, "Why? (optional)"), &Field::Comment);
    assert_eq!(p.waves[0].closed.as_deref(), Some("2025-03-28"));
    let problems = same_scores(
        &export,
        Some(&list),
        &p,
        direct(&sample, Accounts::Full, Some(12)),
    );
    assert_eq!(problems, []);
}

// ---------- Microsoft Forms xlsx: Likert statements one column each, five points, in words.

const AGREE5: [&str; 5] = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
];

#[test]
fn microsoft_forms_xlsx_on_a_five_point_scale_in_words() {
    let sample = sample(5, 7, 45, 1, 5, 1);
    let mut rows = vec![[
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Company ID",
        "Job role",
    ]
    .map(s)
    .to_vec()];
    rows[0].extend(DIMENSIONS.iter().map(|(_, t)| s(t)));
    rows[0].push(s("How likely are you to recommend us?"));
    for (k, r) in sample.responses.iter().enumerate() {
        let mut v = vec![
            s(k + 1),
            s("2025-02-03 08:00:00"),
            format!("2025-02-{:02} 08:30:00", 3 + k % 20),
            s("anonymous"),
            s(""),
            sample.accounts[r.account].id.clone(),
            s(ROLES[r.role].0),
        ];
        v.extend(
            r.ratings
                .iter()
                .map(|x| x.map_or(s(""), |x| s(AGREE5[x as usize - 1]))),
        );
        v.push(r.nps.map_or(s(""), s));
        rows.push(v);
    }
    // Respondents are numbered by the form, not named: the direct file uses the same ids.
    let mut sample = sample;
    for (k, r) in sample.responses.iter_mut().enumerate() {
        r.respondent = s(k + 1);
    }
    rows.push(vec![]);
    rows.push(vec![s(""), s("")]);
    let export = xlsx("Form1", &rows, &[1, 2]);
    let p = profile(&export, |p| p.waves[0].id = s("2024"));
    assert_eq!(
        (p.tool, p.scale.min, p.scale.max),
        (Tool::MicrosoftForms, 1, 5)
    );
    assert_eq!(field_of(&p, "Company ID"), &Field::AccountId);
    assert_eq!(field_of(&p, "Completion time"), &Field::Date);
    assert_eq!(p.waves[0].closed.as_deref(), Some("2025-02-22"));
    assert_eq!(
        same_scores(&export, None, &p, direct(&sample, Accounts::Ids, None)),
        []
    );
}

// ---------- LimeSurvey: semicolons, a BOM, codes as headers, an unfinished response.

#[test]
fn limesurvey_csv_with_codes_semicolons_and_a_bom() {
    let sample = sample(6, 6, 40, 1, 10, 1);
    let mut rows = vec![[
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "account",
        "role",
    ]
    .map(s)
    .to_vec()];
    rows[0].extend((1..=10).map(|i| format!("CRQ[SQ{i:03}]")));
    rows[0].push(s("NPS"));
    for r in &sample.responses {
        let mut v = vec![
            s(&r.respondent),
            s("2025-03-15 10:00:00"),
            s("3"),
            s("en"),
            s("12345"),
            sample.accounts[r.account].id.clone(),
            s(ROLES[r.role].0),
        ];
        // Decimal commas, as a German-locale export writes them.
        v.extend(
            r.ratings
                .iter()
                .map(|x| x.map_or(s(""), |x| format!("{x},0"))),
        );
        v.push(r.nps.map_or(s(""), s));
        rows.push(v);
    }
    let mut unfinished = rows[1].clone();
    unfinished[0] = s("R9999");
    unfinished[1] = s("");
    rows.push(unfinished);
    let mut export = b"\xEF\xBB\xBF".to_vec();
    export.extend(csv(&rows, b';'));
    let p = profile(&export, |p| {
        // Codes name no dimension: the user maps each sub-question.
        for (i, (d, _)) in DIMENSIONS.iter().enumerate() {
            set(p, &format!("CRQ[SQ{:03}]", i + 1), rating(d));
        }
        p.scale = rapport_import::ScaleSpec { min: 1, max: 10 };
        p.waves = wave_2024();
    });
    assert_eq!((p.tool, p.header_rows), (Tool::LimeSurvey, 1));
    assert_eq!(field_of(&p, "submitdate"), &Field::Finished);
    assert_eq!(field_of(&p, "NPS"), &Field::Nps);
    let problems = same_scores(&export, None, &p, direct(&sample, Accounts::Ids, None));
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].code, problems[0].pointer.as_str()),
        (Code::Unfinished, "B42")
    );
}

// ---------- Typeform: `#` ids, hidden fields, partial responses, a repeated column name.

#[test]
fn typeform_csv_with_hidden_fields_and_repeated_column_names() {
    let sample = sample(7, 8, 50, 1, 10, 1);
    let mut rows = vec![vec![s("#"), s("What is your role?")]];
    rows[0].extend(
        DIMENSIONS
            .iter()
            .map(|(_, t)| format!("How do you rate us on {}?", t.to_lowercase())),
    );
    rows[0].extend(
        [
            "How likely are you to recommend us to a colleague?",
            "Anything to add?",
            "Anything to add?",
            "account",
            "Response Type",
            "Start Date (UTC)",
            "Stage Date (UTC)",
            "Submit Date (UTC)",
            "Network ID",
            "Tags",
        ]
        .map(s),
    );
    for r in &sample.responses {
        let mut v = vec![s(&r.respondent), s(ROLES[r.role].0)];
        v.extend(r.ratings.iter().map(|x| cell(*x)));
        v.push(r.nps.map_or(s(""), s));
        v.extend([
            r.comment.clone().unwrap_or_default(),
            s(""),
            sample.accounts[r.account].id.clone(),
            s("completed"),
            s("2025-01-10 10:00:00"),
            s(""),
            s("2025-01-10 10:04:00"),
            s("a1b2c3"),
            s(""),
        ]);
        rows.push(v);
    }
    let mut partial = rows[1].clone();
    partial[0] = s("R9999");
    let n = partial.len();
    partial[n - 6] = s("partial");
    rows.push(partial);
    let export = csv(&rows, b',');
    let p = profile(&export, |p| p.waves[0].id = s("2024"));
    assert_eq!((p.tool, p.scale.min, p.scale.max), (Tool::Typeform, 1, 10));
    assert_eq!(field_of(&p, "#"), &Field::Respondent);
    assert_eq!(field_of(&p, "account"), &Field::AccountId);
    assert_eq!(field_of(&p, "Anything to add? (2)"), &Field::Comment);
    let problems = same_scores(&export, None, &p, direct(&sample, Accounts::Ids, None));
    assert_eq!(
        problems
            .iter()
            .map(|p| (p.code, p.pointer.as_str()))
            .collect::<Vec<_>>(),
        [(Code::Unfinished, "Q52")]
    );
}

// ---------- Any table from Excel on Windows: Windows-1252, semicolons, two waves in a
// column, accounts with segment, owner and a revenue in the local format.

#[test]
fn excel_csv_in_windows_1252_with_two_waves_and_account_columns() {
    let mut sample = sample(8, 9, 80, 1, 7, 2);
    for a in &mut sample.accounts {
        a.name = format!("Société {}", a.id);
    }
    let mut rows = vec![[
        "Wave",
        "Account ID",
        "Account name",
        "Segment",
        "Account owner",
        "Revenue",
        "Respondent",
        "Role",
    ]
    .map(s)
    .to_vec()];
    rows[0].extend(DIMENSIONS.iter().map(|(_, t)| s(t)));
    rows[0].push(s("Would you recommend us? (0-10)"));
    for r in &sample.responses {
        let a = &sample.accounts[r.account];
        let revenue = format!(
            "{}.{:03}.{:03},00",
            a.revenue as u64 / 1_000_000,
            a.revenue as u64 / 1000 % 1000,
            a.revenue as u64 % 1000
        )
        .trim_start_matches("0.")
        .to_string();
        let mut v = vec![
            s(sample.waves[r.wave].0),
            a.id.clone(),
            a.name.clone(),
            s(a.segment),
            s(a.owner),
            revenue,
            s(&r.respondent),
            s(ROLES[r.role].0),
        ];
        v.extend(r.ratings.iter().map(|x| cell(*x)));
        v.push(r.nps.map_or(s(""), s));
        rows.push(v);
    }
    let text = String::from_utf8(csv(&rows, b';')).unwrap();
    let (export, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    let p = profile(&export, |p| {
        p.waves = sample
            .waves
            .iter()
            .map(|(id, closed)| WaveSpec {
                id: s(id),
                label: None,
                closed: Some(s(closed)),
            })
            .collect();
    });
    assert_eq!(field_of(&p, "Wave"), &Field::Wave);
    assert_eq!(field_of(&p, "Revenue"), &Field::Revenue);
    let imported = import_bytes(&export, None, &p).unwrap();
    assert!(imported
        .data
        .accounts
        .iter()
        .any(|a| a.name == "Société A001"));
    let mut direct_doc = direct(&sample, Accounts::Ids, None);
    direct_doc["accounts"] = serde_json::json!(sample.accounts.iter().map(|a| serde_json::json!({"id": a.id, "name": a.name, "segment": a.segment, "owner": a.owner, "revenue": a.revenue})).collect::<Vec<_>>());
    let problems = same_scores(&export, None, &p, direct_doc);
    // The encoding was assumed, and said so.
    assert_eq!(
        problems
            .iter()
            .map(|p| (p.code, p.severity))
            .collect::<Vec<_>>(),
        [(Code::NotUtf8, Severity::Warning)]
    );
}

// ---------- The next wave, added to the data set on screen.

#[test]
fn the_next_wave_is_added_to_the_data_set_with_its_plans_kept() {
    let sample = sample(9, 10, 120, 1, 7, 2);
    let rows = qualtrics(&sample);
    // One export per wave, the same survey.
    let export_of = |wave: usize| {
        let mut r: Vec<Vec<String>> = rows[..3].to_vec();
        r.extend(
            rows[3..3 + sample.responses.len()]
                .iter()
                .zip(&sample.responses)
                .filter(|(_, x)| x.wave == wave)
                .map(|(row, _)| row.clone()),
        );
        csv(&r, b',')
    };
    let (first, second) = (export_of(0), export_of(1));
    let p = profile(&first, |p| {
        p.waves = wave_2024();
    });
    let mut base = doc_of(&import_bytes(&first, None, &p).unwrap().document);
    base["actions"] = serde_json::json!([{"id": "ACT-1", "account": "A001", "wave": "2024", "dimension": "trust", "title": "Quarterly review", "status": "open"}]);
    let base = serde_json::to_vec(&base).unwrap();
    // The saved profile, with the next wave's name: one step.
    let mut next = p.clone();
    next.waves = vec![WaveSpec {
        id: s("2025"),
        label: None,
        closed: Some(s("2025-03-31")),
    }];
    let merged = rapport_import::import_bytes_into(Some(&base), &second, None, &next).unwrap();
    assert_eq!(merged.data.waves.len(), 2);
    assert_eq!(merged.data.actions.len(), 1);
    assert_eq!(
        doc_of(&merged.document)["actions"][0]["title"],
        "Quarterly review"
    );
    let mut direct_doc = direct(&sample, Accounts::Ids, None);
    direct_doc["actions"] = doc_of(&merged.document)["actions"].clone();
    if let Some(d) = difference(&scores(&doc_of(&merged.document)), &scores(&direct_doc), "") {
        panic!("the merged scores differ from the direct file's: {d}");
    }
    // The same wave again, or another scale, would mix two surveys.
    let again = rapport_import::import_bytes_into(Some(&base), &second, None, &p)
        .err()
        .unwrap();
    assert!(again.0.problems[0]
        .message
        .contains("already has a wave \"2024\""));
    let mut five = next.clone();
    five.scale = rapport_import::ScaleSpec { min: 1, max: 5 };
    let scale = rapport_import::import_bytes_into(Some(&base), &second, None, &five)
        .err()
        .unwrap();
    assert!(scale.0.problems[0]
        .message
        .contains("rated on 1–7, this export on 1–5"));
}

#[test]
fn an_account_list_is_mapped_by_its_headers() {
    let list = csv(
        &[
            [
                "Account ID",
                "Company name",
                "Industry",
                "Key account manager",
                "Revenue 2024",
                "Website",
                "Invited",
            ]
            .map(s)
            .to_vec(),
            ["A1", "Acme", "Retail", "Jane", "100", "acme.example", "4"]
                .map(s)
                .to_vec(),
        ],
        b',',
    );
    let (l, _) = rapport_import::guess::account_list(&read_table(&list, None).unwrap());
    let fields: Vec<Field> = l.columns.iter().map(|c| c.field.clone()).collect();
    assert_eq!(
        fields,
        [
            Field::AccountId,
            Field::AccountName,
            Field::Segment,
            Field::Owner,
            Field::Revenue,
            Field::Domain,
            Field::Invited(s(""))
        ]
    );
    assert_eq!(l.join, rapport_import::Join::AccountId);
}

/// What the browser's importer answers (the reader's wire form, each response scored as it
/// is read) is the import: the same report, cells and all, and the same scores.
#[test]
fn the_wire_answer_is_the_import() {
    use rapport_engine::wire::{decode, identity, Decoded};
    let sample = sample(10, 9, 70, 1, 7, 1);
    let export = csv(&qualtrics(&sample), b',');
    let p = profile(&export, |p| {
        p.waves = wave_2024();
    });
    let imported = import_bytes(&export, None, &p).unwrap();
    let (wire, document) = rapport_import::import_to_wire(None, &export, None, &p);
    assert_eq!(document, imported.document);
    match decode(&wire).unwrap() {
        Decoded::Accepted {
            portfolio,
            report,
            identity: id,
        } => {
            assert_eq!(report, imported.report);
            assert_eq!(id, identity(&document));
            let direct = rapport_engine::Portfolio::new(imported.data);
            let from_wire = rapport_engine::contract::scores_json(&portfolio, &report);
            let from_import = rapport_engine::contract::scores_json(&direct, &imported.report);
            assert!(difference(&from_wire, &from_import, "").is_none());
        }
        Decoded::Rejected(r) => panic!("rejected: {:?}", r.problems),
    }
    // Refused: the answer says why, and there is no document.
    let (wire, document) = rapport_import::import_to_wire(None, b"", None, &p);
    assert!(document.is_empty());
    match decode(&wire).unwrap() {
        Decoded::Rejected(r) => assert_eq!(r.problems[0].code, Code::EmptyFile),
        Decoded::Accepted { .. } => panic!("an empty file was accepted"),
    }
}
