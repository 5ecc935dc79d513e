//! Command-line scorer: prints the `rapport-scores/1` contract, or generates sample data.

#[cfg(not(target_arch = "wasm32"))]
mod import;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use rapport::engine::contract::scores_json_of;
use rapport::engine::generate::{generate, GenerateOptions};
use rapport::engine::model::Role;
use rapport::engine::{load, Filter, Portfolio};

const USAGE: &str = "usage:
  rapport-cli score FILE [--segment S] [--owner O] [--role R]
      Print the rapport-scores/1 JSON of a rapport/1 data file, of the whole portfolio or of
      the scope the filters name (as the app's filter bar; R is decision_maker, influencer,
      operational or other). Exit 0 when the file is accepted (excluded records are listed in
      the JSON and on stderr), 1 when it is rejected (every problem on stderr with its
      location) or no account is in the segment or owner named, 2 on usage errors.
  rapport-cli generate [--accounts N] [--waves W] [--seed S] [--no-actions] [-o FILE]
      Write a deterministic sample portfolio in rapport/1 format (default 60 accounts, 4 waves, seed 1).
  rapport-cli wire FILE OUT
      Write the scored wire form of a data file (what the app's reader gives the page): the
      app's bundled sample ships in this form, so that opening the app parses no JSON.
  rapport-cli import --profile PROFILE.json EXPORT [--accounts LIST] [-o FILE]
      Import a survey tool's export (CSV, TSV, XLSX) with a saved import profile and write it
      as a rapport/1 data file (default: standard output). EXPORT and LIST are CSV, TSV or
      Excel files; LIST is an account list. Exit codes and messages as for `score`, every
      problem placed at its cell (C17, Sheet1!C17).
  rapport-cli import --guess EXPORT [-o FILE]
      Write the profile guessed from an export: the starting point to correct and save.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("score") if args.len() >= 2 && !args[1].starts_with("--") => {
            match score_filter(&args[2..]) {
                Ok(filter) => score(&args[1], &filter),
                Err(msg) => {
                    eprintln!("rapport-cli score: {msg}\n{USAGE}");
                    ExitCode::from(2)
                }
            }
        }
        Some("generate") => match generate_cmd(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(msg) => {
                eprintln!("rapport-cli generate: {msg}\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("wire") if args.len() == 3 => wire(&args[1], &args[2]),
        #[cfg(not(target_arch = "wasm32"))]
        Some("import") => match import::run(&args[1..]) {
            Ok(code) => code,
            Err(msg) => {
                eprintln!("rapport-cli import: {msg}\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The scope of `score`: `--segment`, `--owner` and `--role`, each at most once.
fn score_filter(args: &[String]) -> Result<Filter, String> {
    let mut filter = Filter::all();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let slot_taken = match flag.as_str() {
            "--segment" => filter.segment.replace(value.clone()).is_some(),
            "--owner" => filter.owner.replace(value.clone()).is_some(),
            "--role" => {
                let role = Role::from_id(value).ok_or_else(|| {
                    format!(
                        "unknown role {value:?}: decision_maker, influencer, operational or other"
                    )
                })?;
                filter.role.replace(role).is_some()
            }
            _ => return Err(format!("unknown option {flag:?}")),
        };
        if slot_taken {
            return Err(format!("{flag} given twice"));
        }
    }
    Ok(filter)
}

/// Why no account is in the filter's segment or owner, naming the ones there are.
fn empty_scope(p: &Portfolio, filter: &Filter) -> Option<String> {
    let accounts = &p.data.accounts;
    if (0..accounts.len()).any(|a| filter.admits_account(&p.data, a)) {
        return None;
    }
    let known = |field: fn(&rapport::engine::Account) -> Option<&String>| {
        let mut v: Vec<&str> = accounts
            .iter()
            .filter_map(|a| field(a).map(String::as_str))
            .collect();
        v.sort_unstable();
        v.dedup();
        v.join(", ")
    };
    Some(format!(
        "no account is in this scope (segments: {}; owners: {})",
        known(|a| a.segment.as_ref()),
        known(|a| a.owner.as_ref())
    ))
}

fn score(path: &str, filter: &Filter) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: cannot read the file: {e}");
            return ExitCode::from(1);
        }
    };
    match load(&bytes) {
        Ok((data, report)) => {
            for p in report.problems.iter() {
                eprintln!("{path}: {:?}: {p}", p.severity);
            }
            if report.excluded_records > 0 {
                eprintln!(
                    "{path}: {} record(s) excluded from scoring; they are listed under \"excluded\".",
                    report.excluded_records
                );
            }
            let portfolio = Portfolio::new(data);
            if let Some(why) = empty_scope(&portfolio, filter) {
                eprintln!("{path}: {why}");
                return ExitCode::from(1);
            }
            let json = scores_json_of(&portfolio, &report, filter);
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            let written = serde_json::to_writer_pretty(&mut out, &json)
                .map_err(io::Error::other)
                .and_then(|()| writeln!(out))
                .and_then(|()| out.flush());
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("rapport-cli: cannot write the scores: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(rejected) => {
            eprintln!("{path}: rejected:");
            for p in rejected.0.problems.iter() {
                eprintln!("{path}: {:?}: {p}", p.severity);
            }
            ExitCode::from(1)
        }
    }
}

fn wire(path: &str, out: &str) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: cannot read the file: {e}");
            return ExitCode::from(1);
        }
    };
    if let Err(e) = std::fs::write(out, rapport::engine::wire::read_and_encode(&bytes)) {
        eprintln!("{out}: cannot write: {e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn generate_cmd(args: &[String]) -> Result<(), String> {
    let mut opts = GenerateOptions {
        accounts: 60,
        waves: 4,
        seed: 1,
        actions: true,
    };
    let mut output: Option<String> = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = |name: &str| -> Result<String, String> {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let number = |s: String, name: &str| -> Result<u64, String> {
            s.parse::<u64>()
                .map_err(|_| format!("{name} takes a whole number, not {s:?}"))
        };
        match flag.as_str() {
            "--accounts" => opts.accounts = number(value("--accounts")?, "--accounts")? as usize,
            "--waves" => opts.waves = number(value("--waves")?, "--waves")?.clamp(1, 50) as usize,
            "--seed" => opts.seed = number(value("--seed")?, "--seed")?,
            "--no-actions" => opts.actions = false,
            "-o" | "--output" => output = Some(value("-o")?),
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    let result = match output {
        Some(path) => std::fs::File::create(&path)
            .and_then(|f| {
                let mut w = BufWriter::new(f);
                generate(opts, &mut w)?;
                w.flush()
            })
            .map_err(|e| format!("cannot write {path}: {e}")),
        None => {
            let stdout = io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            generate(opts, &mut w)
                .and_then(|()| w.flush())
                .map_err(|e| e.to_string())
        }
    };
    result
}
