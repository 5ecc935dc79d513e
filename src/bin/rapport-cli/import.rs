//! `rapport-cli import`: a survey export with a saved profile into a rapport/1 data file.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use rapport_import::{guess, import_bytes, read_table, Profile};

fn read(path: &str) -> Result<Vec<u8>, ExitCode> {
    std::fs::read(path).map_err(|e| {
        eprintln!("{path}: cannot read the file: {e}");
        ExitCode::from(1)
    })
}

fn write(output: Option<&str>, text: &str) -> ExitCode {
    let written = match output {
        Some(path) => std::fs::write(path, text),
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            out.write_all(text.as_bytes()).and_then(|()| out.flush())
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "rapport-cli import: cannot write {}: {e}",
                output.unwrap_or("the output")
            );
            ExitCode::from(1)
        }
    }
}

/// Runs `import` with its arguments; Err is a usage error.
pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let (mut profile, mut accounts, mut output, mut export, mut guessing) =
        (None, None, None, None, false);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--profile" => profile = Some(value("--profile")?),
            "--accounts" => accounts = Some(value("--accounts")?),
            "-o" | "--output" => output = Some(value("-o")?),
            "--guess" => guessing = true,
            a if a.starts_with('-') => return Err(format!("unknown option {a:?}")),
            a if export.is_none() => export = Some(a.to_string()),
            a => return Err(format!("one export at a time ({a:?} is a second)")),
        }
    }
    let export = export.ok_or("name the export to import")?;
    let bytes = match read(&export) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    if guessing {
        return Ok(match read_table(&bytes, None) {
            Ok(table) => write(output.as_deref(), &(guess(&table).0.to_json() + "\n")),
            Err(p) => {
                eprintln!("{export}: rejected:\n{export}: {:?}: {p}", p.severity);
                ExitCode::from(1)
            }
        });
    }
    let profile_path = profile.ok_or("give the import profile with --profile")?;
    let profile = match read(&profile_path) {
        Ok(b) => match Profile::from_json(&String::from_utf8_lossy(&b)) {
            Ok(p) => p,
            Err(msg) => {
                eprintln!("{profile_path}: {msg}");
                return Ok(ExitCode::from(1));
            }
        },
        Err(code) => return Ok(code),
    };
    let list = match accounts.as_deref().map(read).transpose() {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    Ok(match import_bytes(&bytes, list.as_deref(), &profile) {
        Ok(imported) => {
            for p in &imported.report.problems {
                eprintln!("{export}: {:?}: {p}", p.severity);
            }
            if imported.report.excluded_records > 0 {
                eprintln!(
                    "{export}: {} record(s) left out; each is listed above with its cell.",
                    imported.report.excluded_records
                );
            }
            write(
                output.as_deref(),
                &String::from_utf8_lossy(&imported.document),
            )
        }
        Err(rejected) => {
            eprintln!("{export}: rejected:");
            for p in &rejected.0.problems {
                eprintln!("{export}: {:?}: {p}", p.severity);
            }
            ExitCode::from(1)
        }
    })
}
