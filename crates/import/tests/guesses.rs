//! Each guess rule and answer reading on its own, with bad input: what a user's export holds
//! and what the importer makes of it.

use rapport_engine::{Code, Severity};
use rapport_import::answer::{self, leading_number, number, Answer};
use rapport_import::guess::{dimension, field};
use rapport_import::{
    guess, import_bytes, read_table, Column, Field, Profile, ScaleSpec, WaveSpec,
};

fn column(key: &str, label: &str, samples: &[&str]) -> Column {
    Column {
        index: 0,
        letter: "A".into(),
        key: key.into(),
        label: label.into(),
        samples: samples.iter().map(|s| s.to_string()).collect(),
        texts: Vec::new(),
        more_texts: false,
    }
}

fn on(min: i64, max: i64) -> Profile {
    Profile {
        scale: ScaleSpec { min, max },
        ..Profile::default()
    }
}

#[test]
fn the_nps_question_is_the_one_about_recommending() {
    for label in [
        "How likely are you to recommend Acme to a colleague?",
        "Would you RECOMMEND us?",
        "Net Promoter Score",
    ] {
        assert_eq!(
            field(&column("Q6", label, &["9", "10"])),
            Field::Nps,
            "{label}"
        );
    }
    assert_eq!(field(&column("NPS", "NPS", &["9"])), Field::Nps);
    assert_eq!(
        field(&column("Q7", "How likely are you to renew?", &["9"])),
        Field::Ignore
    );
}

#[test]
fn dimensions_are_found_by_their_names() {
    let cases = [
        ("Please rate [Reliability]", "reliability"),
        ("They keep their promises", "reliability"),
        ("How responsive are we?", "responsiveness"),
        ("Customer care", "customer_care"),
        ("Acme is easy to do business with", "experience"),
        ("Acme is a trusted partner", "experience"),
        ("Innovation", "innovation"),
        ("Their products are leading-edge", "leading_edge"),
        ("Value for money", "value_for_money"),
        ("I trust Acme", "trust"),
        ("We are committed to working with Acme", "commitment"),
        ("Overall, how satisfied are you?", "satisfaction"),
        ("The overall solution", "solution"),
    ];
    for (label, d) in cases {
        assert_eq!(dimension(label), Some(d), "{label}");
        let f = field(&column("Q5_1", label, &["5", "6"]));
        assert_eq!(
            f,
            Field::Rating {
                dimension: d.into(),
                reverse: false
            },
            "{label}"
        );
    }
    assert_eq!(dimension("Which country are you in?"), None);
    // A reverse-keyed question says so.
    let f = field(&column(
        "Q5_2",
        "They rarely keep their promises (R)",
        &["2"],
    ));
    assert_eq!(
        f,
        Field::Rating {
            dimension: "reliability".into(),
            reverse: true
        }
    );
    // A column of names is not a rating, whatever its header says.
    assert_eq!(
        field(&column(
            "Q9",
            "Trust: who do you trust most?",
            &["Jane", "Max"]
        )),
        Field::Ignore
    );
}

#[test]
fn likert_labels_become_numbers_on_five_seven_and_ten_point_scales() {
    assert_eq!(
        answer::read("Strongly agree", &on(1, 5)),
        Answer::Number(5.0)
    );
    assert_eq!(
        answer::read("neither agree nor disagree", &on(1, 5)),
        Answer::Number(3.0)
    );
    assert_eq!(
        answer::read("Strongly agree", &on(1, 7)),
        Answer::Number(7.0)
    );
    assert_eq!(
        answer::read("Somewhat disagree", &on(1, 7)),
        Answer::Number(3.0)
    );
    assert_eq!(
        answer::read("Very satisfied", &on(1, 5)),
        Answer::Number(5.0)
    );
    assert_eq!(answer::read("Excellent", &on(1, 5)), Answer::Number(5.0));
    // Labels that carry their number, on a ten-point scale (and 0–10 for NPS).
    assert_eq!(
        answer::read("10 - Extremely likely", &on(1, 10)),
        Answer::Number(10.0)
    );
    assert_eq!(
        answer::read("0 - Not at all likely", &on(0, 10)),
        Answer::Number(0.0)
    );
    assert_eq!(
        answer::read("7 = excellent", &on(1, 10)),
        Answer::Number(7.0)
    );
    assert_eq!(
        answer::read("1 (Strongly disagree)", &on(1, 7)),
        Answer::Number(1.0)
    );
    assert_eq!(answer::read("5,5", &on(1, 7)), Answer::Number(5.5));
    // Not answered.
    for blank in ["", "  ", "N/A", "Don't know", "-99"] {
        assert_eq!(answer::read(blank, &on(1, 7)), Answer::Blank, "{blank:?}");
    }
    // A word that is on no scale of this size stays text (the validator reports it).
    assert_eq!(
        answer::read("Somewhat agree", &on(1, 5)),
        Answer::Text("Somewhat agree".into())
    );
    assert_eq!(
        answer::read("Good-ish", &on(1, 7)),
        Answer::Text("Good-ish".into())
    );
    // The profile's own labels come first.
    let mut p = on(1, 7);
    p.labels = vec![("Top box".into(), 7.0)];
    assert_eq!(answer::read("top box", &p), Answer::Number(7.0));
    assert_eq!(
        (number("1e3"), number("12abc"), leading_number("2024 sales")),
        (Some(1000.0), None, None)
    );
}

#[test]
fn the_scale_is_detected_from_the_answers() {
    let csv = |rows: &str| read_table(rows.as_bytes(), None).unwrap();
    let scale = |t| {
        let (p, _) = guess(&t);
        (p.scale.min, p.scale.max)
    };
    assert_eq!(scale(csv("Account,Trust\nA,1\nB,5\n")), (1, 5));
    assert_eq!(scale(csv("Account,Trust\nA,2\nB,7\n")), (1, 7));
    assert_eq!(scale(csv("Account,Trust\nA,1\nB,9\n")), (1, 10));
    assert_eq!(scale(csv("Account,Trust\nA,0\nB,9\n")), (0, 10));
    assert_eq!(
        scale(csv("Account,Trust\nA,Agree\nB,Somewhat agree\n")),
        (1, 7)
    );
    assert_eq!(
        scale(csv("Account,Trust\nA,Agree\nB,Strongly agree\n")),
        (1, 5)
    );
}

#[test]
fn roles_are_read_from_job_titles() {
    let p = Profile::default();
    for (title, role) in [
        ("Chief Financial Officer", "decision_maker"),
        ("VP Procurement", "decision_maker"),
        ("Decision-maker", "decision_maker"),
        ("Technical advisor", "influencer"),
        ("Operations analyst", "operational"),
        ("Service manager", "operational"),
        ("Intern", "other"),
    ] {
        assert_eq!(answer::role(title, &p), role, "{title}");
    }
    let p = Profile {
        roles: vec![("Intern".into(), "influencer".into())],
        ..Profile::default()
    };
    assert_eq!(answer::role("intern", &p), "influencer");
}

fn profile_for(text: &str) -> Profile {
    let (mut p, _) = guess(&read_table(text.as_bytes(), None).unwrap());
    p.waves = vec![WaveSpec {
        id: "2025".into(),
        label: None,
        closed: Some("2025-03-31".into()),
    }];
    p
}

fn rejected(bytes: &[u8], p: &Profile) -> Vec<(Code, String)> {
    match import_bytes(bytes, None, p) {
        Ok(_) => panic!("accepted"),
        Err(r) => {
            r.0.problems
                .into_iter()
                .map(|p| (p.code, p.message))
                .collect()
        }
    }
}

#[test]
fn files_that_are_no_table_are_refused_with_a_reason() {
    let p = profile_for("Account,Trust\nA,5\n");
    let empty = rejected(b"", &p);
    assert_eq!(empty[0].0, Code::EmptyFile);
    assert!(empty[0].1.contains("0 bytes"));
    assert_eq!(rejected(b"\n\n ,, \n", &p)[0].0, Code::EmptyFile);
    let json = rejected(br#"{"format": "rapport/1"}"#, &p);
    assert_eq!(json[0].0, Code::NotATable);
    assert!(json[0].1.contains("Open file"));
    assert_eq!(rejected(b"%PDF-1.7\x00\x01", &p)[0].0, Code::NotATable);
    // A ZIP that is no workbook.
    assert_eq!(rejected(b"PK\x03\x04garbage", &p)[0].0, Code::NotATable);
}

#[test]
fn an_empty_sheet_is_refused() {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().set_name("Responses").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let p = profile_for("Account,Trust\nA,5\n");
    let problems = rejected(&bytes, &p);
    assert_eq!(problems[0].0, Code::EmptyFile);
    assert!(problems[0].1.contains("`Responses`"), "{}", problems[0].1);
}

#[test]
fn a_mapping_without_an_account_or_a_rating_says_what_is_missing() {
    let text = "Account,Trust,NPS\nA,5,9\n";
    let mut p = profile_for(text);
    p.columns.iter_mut().for_each(|c| c.field = Field::Ignore);
    let problems = rejected(text.as_bytes(), &p);
    assert_eq!(problems.len(), 2);
    assert!(problems.iter().all(|(c, _)| *c == Code::MissingColumn));
    assert!(problems[0].1.contains("no account column"));
    assert!(problems[1].1.contains("no rating column"));
    // No wave named and none in a column.
    let mut p = profile_for(text);
    p.waves.clear();
    assert!(rejected(text.as_bytes(), &p)[0].1.starts_with("No wave"));
    // A wave without a close date, and no dates to take it from.
    let mut p = profile_for(text);
    p.waves[0].closed = None;
    assert!(rejected(text.as_bytes(), &p)[0]
        .1
        .contains("has no close date"));
}

#[test]
fn bad_rows_are_left_out_at_their_cells_and_nothing_is_dropped_silently() {
    let text = "Account,Respondent,Trust,How likely to recommend?\n\
                A,r1,5,9\n\
                A,r2,9,10\n\
                ,r3,5,9\n\
                B,r1,Good-ish,9\n\
                A,r1,4,11\n\
                C,r5,4,7\n\
                \n\n";
    let mut p = profile_for(text);
    p.scale = ScaleSpec { min: 1, max: 7 };
    let imported = import_bytes(text.as_bytes(), None, &p).unwrap();
    let got: Vec<(Code, Severity, &str)> = imported
        .report
        .problems
        .iter()
        .map(|p| (p.code, p.severity, p.pointer.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Code::MissingField, Severity::Excluded, "A4"),
            (Code::OutOfRange, Severity::Excluded, "C3"),
            (Code::WrongType, Severity::Excluded, "C5"),
            (Code::BadNps, Severity::Excluded, "D6"),
        ]
    );
    assert_eq!(imported.report.excluded_records, 4);
    assert_eq!(imported.report.responses_read, 6);
    assert_eq!(imported.data.responses.len(), 2);
    let wrong = &imported.report.problems[2];
    assert_eq!(wrong.record.as_deref(), Some("row 5"));
    assert!(
        wrong.message.contains("\"Good-ish\"") && wrong.message.contains("labels"),
        "{}",
        wrong.message
    );
}

#[test]
fn a_profile_names_a_column_the_next_file_lacks() {
    let p = profile_for("Account,Trust,Comment\nA,5,ok\n");
    let imported = import_bytes(b"Account,Trust\nA,5\n", None, &p).unwrap();
    let w = &imported.report.problems[0];
    assert_eq!(
        (w.code, w.severity),
        (Code::MissingColumn, Severity::Warning)
    );
    assert!(w.message.contains("`Comment`"));
}

#[test]
fn a_profile_file_round_trips_and_a_wrong_file_is_refused() {
    let p = profile_for("Account,Trust\nA,5\n");
    assert_eq!(Profile::from_json(&p.to_json()).unwrap(), p);
    assert!(Profile::from_json("{\"format\": \"rapport/1\", \"header_rows\": 1, \"scale\": {\"min\":1,\"max\":7}, \"columns\": []}").unwrap_err().contains("rapport/1"));
    assert!(Profile::from_json("not json").is_err());
}

#[test]
fn cells_domains_and_amounts_are_read_as_a_spreadsheet_user_writes_them() {
    use rapport_import::accounts::{domain, money};
    use rapport_import::table::column_letter;
    let letters: Vec<String> = [0, 25, 26, 51, 701, 702].map(column_letter).to_vec();
    assert_eq!(letters, ["A", "Z", "AA", "AZ", "ZZ", "AAA"]);
    assert_eq!(domain("Jane.Roe@Acme.COM").as_deref(), Some("acme.com"));
    assert_eq!(
        domain("https://www.acme.com/about?x=1").as_deref(),
        Some("acme.com")
    );
    assert_eq!(domain("no domain here"), None);
    assert_eq!(money("1,200,000"), serde_json::json!(1200000));
    assert_eq!(money("€ 1.200.000,50"), serde_json::json!(1200000.5));
    assert_eq!(money("$250000"), serde_json::json!(250000));
    assert_eq!(money("12.5"), serde_json::json!(12.5));
    assert_eq!(
        money("about a million"),
        serde_json::json!("about a million")
    );
}

#[test]
fn dates_are_read_as_exports_write_them() {
    use rapport_import::when::{date, date_in, day_first};
    assert_eq!(date("2025-03-28 17:45:00").as_deref(), Some("2025-03-28"));
    assert_eq!(date("2025-03-28T17:45:00Z").as_deref(), Some("2025-03-28"));
    // Google Forms in the US: month first.
    assert_eq!(date("3/14/2025 9:15:02").as_deref(), Some("2025-03-14"));
    // A column with a first part above 12 is day first throughout.
    assert!(day_first(["14/03/2025", "02/03/2025"]));
    assert!(!day_first(["03/14/2025", "02/03/2025"]));
    assert_eq!(date_in("02/03/2025", true).as_deref(), Some("2025-03-02"));
    assert_eq!(date("28.03.2025").as_deref(), Some("2025-03-28"));
    // An Excel serial number in a CSV (45744 is 2025-03-28; the fraction is the time).
    assert_eq!(date("45744.74").as_deref(), Some("2025-03-28"));
    assert_eq!(date("not a date"), None);
    assert_eq!(date("2025-02-30"), None);
}

#[test]
fn a_data_file_given_as_a_profile_is_named_by_its_format() {
    let data = std::fs::read_to_string("../../tests/fixtures/small.json").unwrap();
    let why = Profile::from_json(&data).unwrap_err();
    assert!(why.contains("its `format` is \"rapport/1\""), "{why}");
}

#[test]
fn another_sheet_of_a_workbook_is_guessed_when_chosen() {
    // A cover sheet first, the responses on the second.
    let mut book = rust_xlsxwriter::Workbook::new();
    let cover = book.add_worksheet();
    cover.set_name("About").unwrap();
    cover.write(0, 0, "Exported 2026-11-30").unwrap();
    let ws = book.add_worksheet();
    ws.set_name("Responses").unwrap();
    for (r, row) in [
        ["Account", "Trust", "How likely are you to recommend us?"],
        ["A", "5", "9"],
        ["B", "6", "10"],
    ]
    .iter()
    .enumerate()
    {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => ws.write(r as u32, c as u16, n).unwrap(),
                Err(_) => ws.write(r as u32, c as u16, *cell).unwrap(),
            };
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    // Guessed: the first filled sheet, and both sheets named for the choice.
    let first = rapport_import::inspect(&bytes, None).unwrap();
    assert_eq!(first.sheets, vec!["About", "Responses"]);
    assert_eq!(first.profile.sheet.as_deref(), Some("About"));
    // A profile naming only the sheet: that sheet's columns, guessed.
    let only_sheet = Profile {
        format: rapport_import::PROFILE_FORMAT.to_string(),
        sheet: Some("Responses".to_string()),
        ..Profile::default()
    };
    let chosen = rapport_import::inspect(&bytes, Some(&only_sheet)).unwrap();
    assert_eq!(chosen.profile.sheet.as_deref(), Some("Responses"));
    assert_eq!(chosen.rows, 2);
    assert_eq!(chosen.columns.len(), 3);
    let fields: Vec<Field> = chosen
        .profile
        .columns
        .iter()
        .map(|c| c.field.clone())
        .collect();
    assert!(fields.contains(&Field::AccountId), "{fields:?}");
    assert!(fields.contains(&Field::Nps), "{fields:?}");
}

const ANSWERS: &str = "Account,Job,Q1,Q2,Recommend,Code\n\
                       A1,Director,Strongly agree,5,10 - Extremely likely,1\n\
                       A2,director,Agree,4,9,2\n\
                       A3,Analyst,strongly agree,Good-ish,8,1\n\
                       A4,Analyst,,n/a,7,3\n";

fn own(v: &[(&str, usize)]) -> Vec<(String, usize)> {
    v.iter().map(|(t, n)| (t.to_string(), *n)).collect()
}

/// Q1 and Q2 rate trust, Recommend is NPS, Job the role.
fn answers_profile() -> Profile {
    let map = |k: &str, field: Field| rapport_import::ColumnMap {
        column: k.into(),
        field,
    };
    let trust = || Field::Rating {
        dimension: "trust".into(),
        reverse: false,
    };
    Profile {
        format: rapport_import::PROFILE_FORMAT.into(),
        scale: ScaleSpec { min: 1, max: 5 },
        columns: vec![
            map("Q1", trust()),
            map("Q2", trust()),
            map("Recommend", Field::Nps),
            map("Job", Field::Role),
        ],
        ..Profile::default()
    }
}

/// Each column's different answers with their rows, one spelling for answers that differ
/// only in case, in the order met.
#[test]
fn each_columns_answers_are_counted_ignoring_case() {
    let inspected = rapport_import::inspect(ANSWERS.as_bytes(), None).unwrap();
    let texts = |key: &str| {
        let c = inspected.columns.iter().find(|c| c.key == key).unwrap();
        (c.texts.clone(), c.more_texts)
    };
    assert_eq!(
        texts("Job"),
        (own(&[("Director", 2), ("Analyst", 2)]), false)
    );
    assert_eq!(
        texts("Q1"),
        (own(&[("Strongly agree", 2), ("Agree", 1)]), false)
    );
    assert_eq!(
        texts("Q2"),
        (
            own(&[("5", 1), ("4", 1), ("Good-ish", 1), ("n/a", 1)]),
            false
        )
    );
    assert_eq!(texts("Code"), (own(&[("1", 2), ("2", 1), ("3", 1)]), false));
}

/// The view's lists: the words of the rating and NPS columns gathered over the columns
/// mapped to them (numbers are read without help), and every answer of the role column,
/// codes included (a role given as 1, 2, 3 must be correctable).
#[test]
fn the_answers_of_mapped_columns_are_gathered_for_the_view() {
    let inspected = rapport_import::inspect(ANSWERS.as_bytes(), None).unwrap();
    let mut profile = answers_profile();
    let rated = |f: &Field| matches!(f, Field::Rating { .. } | Field::Nps);
    assert_eq!(
        inspected.texts_of(&profile, rated, true),
        (
            own(&[
                ("Strongly agree", 2),
                ("Agree", 1),
                ("Good-ish", 1),
                ("n/a", 1),
                ("10 - Extremely likely", 1)
            ]),
            false
        )
    );
    assert_eq!(
        inspected.texts_of(&profile, |f| *f == Field::Role, false).0,
        own(&[("Director", 2), ("Analyst", 2)])
    );
    profile.columns[3].column = "Code".into();
    assert_eq!(
        inspected.texts_of(&profile, |f| *f == Field::Role, false).0,
        own(&[("1", 2), ("2", 1), ("3", 1)])
    );
}

/// A correction of a number: matched ignoring case, one entry per answer, first of all the
/// rules (a number set for "N/A" or -99 counts), and taken back.
#[test]
fn a_corrected_number_is_kept_in_the_profile_and_read_first() {
    let mut profile = answers_profile();
    // As guessed: a 5-point ladder, a leading number, not read, not answered.
    assert_eq!(
        answer::read("Strongly agree", &profile),
        Answer::Number(5.0)
    );
    assert_eq!(
        answer::read("10 - Extremely likely", &profile),
        Answer::Number(10.0)
    );
    assert_eq!(
        answer::read("Good-ish", &profile),
        Answer::Text("Good-ish".into())
    );
    assert_eq!(answer::read("n/a", &profile), Answer::Blank);
    profile.set_label("good-ish", Some(4.0));
    profile.set_label("Good-ish ", Some(3.5));
    assert_eq!(profile.labels, vec![("Good-ish".to_string(), 3.5)]);
    assert!(profile.has_label("GOOD-ISH"));
    assert_eq!(answer::read("Good-ish", &profile), Answer::Number(3.5));
    profile.set_label("N/A", Some(1.0));
    assert_eq!(answer::read("n/a", &profile), Answer::Number(1.0));
    profile.set_label("-99", Some(2.0));
    assert_eq!(answer::read("-99", &profile), Answer::Number(2.0));
    profile.set_label("Strongly agree", Some(4.0));
    assert_eq!(
        answer::read("strongly agree", &profile),
        Answer::Number(4.0)
    );
    profile.set_label("Strongly agree", None);
    assert_eq!(
        answer::read("Strongly agree", &profile),
        Answer::Number(5.0)
    );
    assert!(!profile.has_label("Strongly agree"));
    // The corrections travel in the profile file.
    let back = Profile::from_json(&profile.to_json()).unwrap();
    assert_eq!(back.labels, profile.labels);
}

/// A corrected role: matched ignoring case, one entry per answer, in the profile file.
#[test]
fn a_corrected_role_is_kept_in_the_profile() {
    use rapport_engine::Role;
    let mut profile = answers_profile();
    assert_eq!(answer::role("Analyst", &profile), "operational");
    assert_eq!(answer::role("2", &profile), "other");
    profile.set_role("analyst", Role::DecisionMaker);
    profile.set_role("Analyst", Role::Influencer);
    profile.set_role("2", Role::Operational);
    assert_eq!(
        profile.roles,
        vec![
            ("analyst".to_string(), "influencer".to_string()),
            ("2".to_string(), "operational".to_string())
        ]
    );
    assert_eq!(answer::role("ANALYST", &profile), "influencer");
    assert_eq!(answer::role(" 2 ", &profile), "operational");
    let back = Profile::from_json(&profile.to_json()).unwrap();
    assert_eq!(back.roles, profile.roles);
}

/// Corrections made for one file hold for the next file or sheet guessed: numbers, and roles
/// that differ from the keywords' guess (a guess of the old file is not carried over).
#[test]
fn corrections_are_kept_for_the_next_file_guessed() {
    use rapport_engine::Role;
    let mut old = answers_profile();
    old.roles = vec![
        ("Director".into(), "decision_maker".into()),
        ("Analyst".into(), "operational".into()),
    ];
    old.set_label("Good-ish", Some(5.0));
    old.set_role("Analyst", Role::DecisionMaker);
    let mut new = answers_profile();
    new.roles = vec![("analyst".into(), "operational".into())];
    new.keep_corrections(&old);
    assert_eq!(new.labels, vec![("Good-ish".to_string(), 5.0)]);
    assert_eq!(
        new.roles,
        vec![("analyst".to_string(), "decision_maker".to_string())]
    );
}

/// A column of free text (more different answers than the view lists) says so, and lists
/// the first ones.
#[test]
fn a_column_of_free_text_lists_its_first_answers_and_says_there_are_more() {
    let mut csv = String::from("Account,Comment\n");
    for i in 0..45 {
        csv.push_str(&format!("A1,remark {i}\n"));
    }
    let inspected = rapport_import::inspect(csv.as_bytes(), None).unwrap();
    let c = inspected
        .columns
        .iter()
        .find(|c| c.key == "Comment")
        .unwrap();
    assert_eq!(c.texts.len(), rapport_import::TEXTS);
    assert_eq!(c.texts[0], ("remark 0".to_string(), 1));
    assert_eq!(c.texts[39], ("remark 39".to_string(), 1));
    assert!(c.more_texts);
}
