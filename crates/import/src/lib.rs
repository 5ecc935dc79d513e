//! Survey exports into `rapport/1`: the CSV, TSV and Excel files that Qualtrics,
//! SurveyMonkey, Google Forms, Microsoft Forms, LimeSurvey and Typeform write.
//!
//! The steps: `table` reads the file into text cells (any encoding, delimiter or workbook);
//! `detect` recognises the tool, its header rows and its columns; `guess` proposes a
//! `profile` (what each column holds), which the user corrects; `build` writes the rows as a
//! `rapport/1` document, remembering each value's cell (`locate`); and the engine's one
//! validator reads that document, so imported data is held to exactly the rules, codes and
//! messages of a data file, with every problem placed at its cell (`Responses!H20`).

pub mod accounts;
pub mod answer;
pub mod build;
pub mod detect;
pub mod guess;
pub mod locate;
pub mod mapping;
pub mod merge;
pub mod profile;
pub mod table;
pub mod when;

use rapport_engine::{Dataset, LoadReport, Problem, Rejected};
use serde_json::Value;

pub use detect::Column;
pub use guess::guess;
pub use profile::{AccountList, ColumnMap, Field, Join, Profile, ScaleSpec, Tool, WaveSpec};
pub use table::{read_table, Table};

/// An imported export: the `rapport/1` document written from it, and that document as the
/// validator read it, with every problem placed in the export.
pub struct Imported {
    pub document: Value,
    pub data: Dataset,
    pub report: LoadReport,
}

fn rejected(problems: Vec<Problem>) -> Rejected {
    Rejected(LoadReport {
        problems,
        ..LoadReport::default()
    })
}

/// Imports the bytes of an export (and of an account list) with a profile.
pub fn import_bytes(
    export: &[u8],
    accounts: Option<&[u8]>,
    profile: &Profile,
) -> Result<Imported, Rejected> {
    import_bytes_into(None, export, accounts, profile)
}

/// As `import_bytes`; with `base` (a `rapport/1` document), the export is added to it as
/// new waves (see `merge`).
pub fn import_bytes_into(
    base: Option<&[u8]>,
    export: &[u8],
    accounts: Option<&[u8]>,
    profile: &Profile,
) -> Result<Imported, Rejected> {
    let export = read_table(export, profile.sheet.as_deref()).map_err(|p| rejected(vec![p]))?;
    let sheet = profile.accounts.as_ref().and_then(|a| a.sheet.as_deref());
    let list = match accounts {
        Some(b) => Some(read_table(b, sheet).map_err(|mut p| {
            p.message = format!("The account list: {}", p.message);
            rejected(vec![p])
        })?),
        None => None,
    };
    import(&export, list.as_ref(), profile, base)
}

/// Imports a table (and an account list) with a profile, into `base` when given: writes the
/// document, reads it with the engine's validator, and places every problem at its cell.
pub fn import(
    export: &Table,
    accounts: Option<&Table>,
    profile: &Profile,
    base: Option<&[u8]>,
) -> Result<Imported, Rejected> {
    let mut written = build::write(export, accounts, profile).map_err(rejected)?;
    if let Some(base) = base {
        written = merge::into(base, written).map_err(rejected)?;
    }
    let bytes = serde_json::to_vec(&written.document).unwrap_or_default();
    let placed = |report: LoadReport| {
        let mut report = written.map.relocate_all(report);
        let mut problems = written.problems.clone();
        problems.append(&mut report.problems);
        report.problems = problems;
        report
    };
    match rapport_engine::load(&bytes) {
        Ok((data, report)) => {
            let mut report = placed(report);
            report.excluded_records += written.excluded;
            report.responses_read += written.excluded;
            Ok(Imported {
                document: written.document,
                data,
                report,
            })
        }
        Err(Rejected(report)) => Err(Rejected(placed(report))),
    }
}
