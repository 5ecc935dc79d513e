//! The command-line scorer on good and bad inputs: exit codes, located messages, never a panic.

use std::path::PathBuf;
use std::process::{Command, Output};

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rapport-cli"))
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rapport-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn score(name: &str, bytes: &[u8]) -> Output {
    let path = temp_file(name, bytes);
    cli().arg("score").arg(&path).output().unwrap()
}

fn assert_rejected(name: &str, bytes: &[u8], needle: &str) {
    let out = score(name, bytes);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
    assert!(
        out.stdout.is_empty(),
        "{name}: nothing on stdout when rejected"
    );
    assert!(
        stderr.contains(needle),
        "{name}: expected {needle:?} in {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{name} panicked: {stderr}");
}

#[test]
fn scores_the_fixture_and_lists_exclusions() {
    let out = cli()
        .args(["score", "tests/fixtures/small.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "rapport-scores/1");
    let crq = v["waves"][0]["portfolio"]["crq"]["mean"].as_f64().unwrap();
    assert!((crq - 173.0 / 48.0).abs() < 1e-12);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/responses/4/account"));
    assert!(stderr.contains("3 record(s) excluded"));
}

#[test]
fn every_bad_input_is_rejected_with_a_located_message() {
    let valid = std::fs::read("tests/fixtures/small.json").unwrap();
    assert_rejected("empty.json", b"", "empty");
    assert_rejected("truncated.json", &valid[..valid.len() / 2], "line");
    assert_rejected(
        "trailing.json",
        b"{\"format\": \"rapport/1\",}",
        "trailing comma",
    );
    assert_rejected(
        "deep.json",
        "[".repeat(50_000).as_bytes(),
        "nested too deeply",
    );
    assert_rejected("latin1.json", b"{\"title\": \"M\xfcller\"}", "not UTF-8");
    let utf16: Vec<u8> = String::from_utf8(valid.clone())
        .unwrap()
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    assert_rejected("utf16.json", &utf16, "UTF-16");
    assert_rejected("data.json.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip");
    assert_rejected(
        "array.json",
        b"[{\"format\": \"rapport/1\"}]",
        "not_an_object",
    );
    assert_rejected("format.json", b"{\"format\": \"csv\"}", "/format");
    let dup_waves = String::from_utf8(valid.clone())
        .unwrap()
        .replace("\"id\": \"w2\"", "\"id\": \"w1\"");
    let out = score("dupwaves.json", dup_waves.as_bytes());
    assert_eq!(
        out.status.code(),
        Some(0),
        "a duplicate wave is excluded, not fatal"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("/waves/1/id"));
    let bad_dates = String::from_utf8(valid)
        .unwrap()
        .replace("2023-03-31", "03/31/2023")
        .replace("2024-03-31", "2024-02-30");
    assert_rejected("dates.json", bad_dates.as_bytes(), "/waves/0/closed");
}

#[test]
fn a_bom_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read("tests/fixtures/small.json").unwrap());
    assert_eq!(score("bom.json", &bytes).status.code(), Some(0));
}

#[test]
fn a_missing_file_and_bad_usage() {
    let out = cli()
        .args(["score", "/nonexistent/x.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    assert_eq!(
        cli().arg("frobnicate").output().unwrap().status.code(),
        Some(2)
    );
}

#[test]
fn generate_is_deterministic_and_valid() {
    let run = |seed: &str| {
        cli()
            .args([
                "generate",
                "--accounts",
                "12",
                "--waves",
                "3",
                "--seed",
                seed,
            ])
            .output()
            .unwrap()
            .stdout
    };
    let a = run("7");
    assert_eq!(a, run("7"));
    assert_ne!(a, run("8"));
    let (data, report) = rapport::engine::load(&a).unwrap();
    assert_eq!(report.problems, vec![]);
    assert_eq!((data.accounts.len(), data.waves.len()), (12, 3));
}

/// `import`: a Qualtrics export with a guessed profile, every left-out row at its cell, and
/// the written file scores with `score`.
#[test]
fn import_writes_a_data_file_from_a_survey_export() {
    let export = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/qualtrics.csv"
    );
    let dir = temp_file("keep", b"").with_file_name("");
    let profile = dir.join("profile.json");
    let data = dir.join("imported.json");
    let out = cli()
        .args(["import", "--guess", export, "-o"])
        .arg(&profile)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&profile).unwrap();
    assert!(
        text.contains("\"tool\": \"qualtrics\"") && text.contains("\"closed\": \"2025-03-28\""),
        "{text}"
    );
    let out = cli()
        .args(["import", "--profile"])
        .arg(&profile)
        .arg(export)
        .arg("-o")
        .arg(&data)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The preview (row 6, Status in C), the unfinished response (row 7, Finished in E) and
    // the text answer (row 9, Responsiveness in K) are left out, each named at its cell.
    for needle in [
        "Excluded: C6: [test_response]",
        "Excluded: E7: [unfinished]",
        "Excluded: K9: [wrong_type]",
        "3 record(s) left out",
    ] {
        assert!(stderr.contains(needle), "{needle:?} in {stderr}");
    }
    let out = cli().arg("score").arg(&data).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let scores: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let portfolio = &scores["waves"][0]["portfolio"];
    // Four valid responses in three accounts; NPS: promoters 10 and 9, passive 8, detractor 6
    // (the left-out rows' answers do not count): 100 × (2 − 1) / 4 = 25.
    assert_eq!(
        (
            portfolio["n_responses"].as_u64(),
            portfolio["n_accounts"].as_u64()
        ),
        (Some(4), Some(3))
    );
    assert_eq!(portfolio["nps"]["score"].as_f64(), Some(25.0));
    // A1's trust: the mean of 6 and 5.
    assert_eq!(
        scores["waves"][0]["accounts"][0]["dimensions"]["trust"]["mean"].as_f64(),
        Some(5.5)
    );
}

#[test]
fn import_refuses_bad_usage_and_a_bad_profile() {
    let export = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/qualtrics.csv"
    );
    assert_eq!(
        cli()
            .args(["import", export])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    let bad = temp_file("bad-profile.json", b"{\"format\": \"rapport/1\"}");
    let out = cli()
        .args(["import", "--profile"])
        .arg(&bad)
        .arg(export)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an import profile"));
    let empty = temp_file("empty.csv", b"");
    let out = cli()
        .args(["import", "--guess"])
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[empty_file]"));
}
