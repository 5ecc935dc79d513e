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

/// `rapport-cli score` of a file with options: its exit code, the JSON (Null if none) and
/// stderr.
fn score_with(args: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let out = cli().arg("score").args(args).output().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (
        out.status.code(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn coverage_is_in_the_contract_under_each_filter() {
    // Figures worked by hand in tests/summary.rs (the same fixture).
    let (code, v, _) = score_with(&["tests/fixtures/coverage.json"]);
    assert_eq!(code, Some(0));
    let c = &v["waves"][1]["portfolio"]["coverage"];
    assert_eq!(c["accounts_expected"], 4);
    assert_eq!(c["accounts_heard"], 3);
    assert_eq!(c["revenue_expected"], 325.0);
    assert_eq!(c["revenue_heard"], 125.0);
    assert_eq!(c["revenue_share"].as_f64(), Some(125.0 / 325.0));
    assert_eq!(c["silent"], serde_json::json!(["A4"]));
    assert_eq!(c["no_decision_maker"], serde_json::json!(["A1", "A3"]));
    assert_eq!(
        v["filter"],
        serde_json::json!({"segment": null, "owner": null, "role": null})
    );

    let (code, v, _) = score_with(&["tests/fixtures/coverage.json", "--segment", "X"]);
    assert_eq!(code, Some(0));
    assert_eq!(v["filter"]["segment"], "X");
    let c = &v["waves"][1]["portfolio"]["coverage"];
    assert_eq!(
        (
            c["accounts_expected"].as_u64(),
            c["accounts_heard"].as_u64()
        ),
        (Some(2), Some(2))
    );
    assert_eq!(c["no_decision_maker"], serde_json::json!(["A1"]));
    // The portfolio's own figures follow the filter too: segment X heard 2 responses in w2.
    assert_eq!(v["waves"][1]["portfolio"]["n_responses"], 2);

    let (_, v, _) = score_with(&["tests/fixtures/coverage.json", "--role", "operational"]);
    let c = &v["waves"][1]["portfolio"]["coverage"];
    assert_eq!(c["silent"], serde_json::json!(["A3", "A4", "A5"]));
    let (_, v, _) = score_with(&[
        "tests/fixtures/coverage.json",
        "--owner",
        "Al",
        "--role",
        "decision_maker",
    ]);
    let c = &v["waves"][0]["portfolio"]["coverage"];
    assert_eq!(c["silent"], serde_json::json!(["A3", "A5"]));
    assert_eq!(c["revenue_heard"], 200.0);
}

#[test]
fn score_refuses_bad_filters_and_names_an_empty_scope() {
    let f = "tests/fixtures/coverage.json";
    for args in [
        vec!["--segment", "X"],
        vec![f, "--segment"],
        vec![f, "--colour", "red"],
        vec![f, "--role", "boss"],
        vec![f, "--owner", "Al", "--owner", "Jo"],
    ] {
        let (code, v, err) = score_with(&args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(v.is_null());
        assert!(err.contains("usage:"), "{err}");
    }
    // Options without a file: the usage alone, not a complaint about the option's value.
    let (_, _, err) = score_with(&["--segment", "X"]);
    assert!(!err.contains("needs a value"), "{err}");
    let (code, v, err) = score_with(&[f, "--segment", "Z"]);
    assert_eq!(code, Some(1));
    assert!(v.is_null());
    assert!(
        err.contains("no account is in this scope (segments: X, Y; owners: Al, Jo)"),
        "{err}"
    );
}

#[test]
fn revenue_at_risk_and_movers_agree_with_the_contracts_own_account_rows() {
    // Worked out here from the input's revenues and the contract's per-account types and
    // CRQ means, not by the engine's summary code.
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read("public/data/sample.json").unwrap()).unwrap();
    let revenue = |id: &str| {
        data["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .and_then(|a| a["revenue"].as_f64())
    };
    let (code, v, _) = score_with(&["public/data/sample.json"]);
    assert_eq!(code, Some(0));
    let waves = v["waves"].as_array().unwrap();
    let at_risk = |w: &serde_json::Value| -> f64 {
        w["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["type"] == "opponent" || a["type"] == "stalker")
            .filter_map(|a| revenue(a["account"].as_str().unwrap()))
            .sum()
    };
    for w in waves {
        let got = w["portfolio"]["revenue"]["at_risk"].as_f64().unwrap();
        assert!((got - at_risk(w)).abs() < 1e-6, "{}", w["wave"]);
        let by_type = &w["portfolio"]["revenue"]["by_type"];
        let parts = by_type["opponent"]["revenue"].as_f64().unwrap()
            + by_type["stalker"]["revenue"].as_f64().unwrap();
        assert!((parts - got).abs() < 1e-6);
    }
    assert!(
        waves.iter().any(|w| at_risk(w) > 0.0),
        "the sample has accounts at risk"
    );
    for (i, c) in v["changes"].as_array().unwrap().iter().enumerate() {
        let (before, now) = (&waves[i], &waves[i + 1]);
        let r = &c["revenue_at_risk"];
        assert_eq!(r["from"].as_f64(), Some(at_risk(before)));
        assert_eq!(r["to"].as_f64(), Some(at_risk(now)));
        // Every account's CRQ change, largest rise first.
        let crq = |w: &serde_json::Value, id: &str| {
            w["accounts"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["account"] == id)
                .and_then(|a| a["crq"]["mean"].as_f64())
        };
        let mut deltas: Vec<(f64, String)> = now["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| {
                let id = a["account"].as_str().unwrap();
                Some((crq(now, id)? - crq(before, id)?, id.to_string()))
            })
            .collect();
        deltas.sort_by(|a, b| b.0.total_cmp(&a.0));
        let rose: Vec<(f64, String)> = deltas
            .iter()
            .filter(|d| d.0 > 0.0)
            .take(5)
            .cloned()
            .collect();
        let got: Vec<(f64, String)> = c["rose_most"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["delta"].as_f64().unwrap(),
                    m["account"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(got, rose);
        let fell = c["fell_most"].as_array().unwrap();
        let lowest = deltas.last().unwrap();
        assert_eq!(fell[0]["account"].as_str(), Some(lowest.1.as_str()));
        // A type step up names two types in the order ambassador … opponent.
        let order = [
            "ambassador",
            "rational",
            "ambivalent",
            "stalker",
            "opponent",
        ];
        for s in c["type_improved"].as_array().unwrap() {
            let at = |t: &serde_json::Value| order.iter().position(|o| t == o).unwrap();
            assert!(at(&s["to"]) < at(&s["from"]), "{s}");
        }
    }
}

#[test]
fn the_contract_checks_targets_of_the_scope() {
    // tests/fixtures/targets.json (figures worked by hand in tests/goals.rs).
    let (code, out, _) = score_with(&["tests/fixtures/targets.json"]);
    assert_eq!(code, Some(0));
    let w1 = out["waves"][0]["targets"].as_array().unwrap();
    assert_eq!(w1.len(), 4);
    assert_eq!(w1[0]["metric"], "trust");
    assert_eq!(
        w1[0]["scope"],
        serde_json::json!({"kind": "account", "id": "A1"})
    );
    assert_eq!(w1[0]["verdict"], "below");
    assert_eq!(w1[0]["gap"], -1.75);
    assert_eq!(w1[1]["verdict"], "above");
    assert_eq!(w1[2]["verdict"], "level");
    assert_eq!(
        w1[3]["scope"],
        serde_json::json!({"kind": "segment", "id": "X"})
    );
    // Wave 2: A1's target for w2 (7) in place of its target for every wave.
    let w2 = out["waves"][1]["targets"].as_array().unwrap();
    assert_eq!(w2[2]["wave"], "w2");
    assert_eq!(w2[2]["value"], 7.0);
    assert_eq!(w2[2]["verdict"], "level");
    // The bad targets are warnings with their pointers.
    let pointers: Vec<&str> = out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["pointer"].as_str())
        .filter(|p| p.starts_with("/model/targets/"))
        .collect();
    assert_eq!(pointers.len(), 5);
    // Under segment Y only A3's target applies.
    let (_, y, _) = score_with(&["tests/fixtures/targets.json", "--segment", "Y"]);
    let y1 = y["waves"][0]["targets"].as_array().unwrap();
    assert_eq!(y1.len(), 1);
    assert_eq!(y1[0]["scope"]["id"], "A3");
}
