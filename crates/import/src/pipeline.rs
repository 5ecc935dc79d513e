//! The importer's entry points: inspect an export (its columns and a first mapping), and
//! import it with a profile, on its own or into the data set on screen.

use rapport_engine::{Dataset, LoadReport, Problem, Rejected};

use crate::profile::{AccountList, Inspected, Profile};
use crate::table::{self, read_table, Table};
use crate::{build, guess, merge};
/// An imported export: the `rapport/1` document written from it, and that document as the
/// validator read it, with every problem placed in the export.
pub struct Imported {
    /// The `rapport/1` document, as the bytes of its JSON file.
    pub document: Vec<u8>,
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
    let (export, list) = tables(export, accounts, profile)?;
    import(&export, list.as_ref(), profile, base)
}

/// The export's table and the account list's.
fn tables(
    export: &[u8],
    accounts: Option<&[u8]>,
    profile: &Profile,
) -> Result<(Table, Option<Table>), Rejected> {
    let export = read_table(export, profile.sheet.as_deref()).map_err(|p| rejected(vec![p]))?;
    let sheet = profile.accounts.as_ref().and_then(|a| a.sheet.as_deref());
    let list = match accounts {
        Some(b) => Some(read_table(b, sheet).map_err(|mut p| {
            p.message = format!("The account list: {}", p.message);
            rejected(vec![p])
        })?),
        None => None,
    };
    Ok((export, list))
}

/// Imports a table (and an account list) with a profile, into `base` when given: writes the
/// document, reads it with the engine's validator, and places every problem at its cell.
pub fn import(
    export: &Table,
    accounts: Option<&Table>,
    profile: &Profile,
    base: Option<&[u8]>,
) -> Result<Imported, Rejected> {
    let written = written(export, accounts, profile, base)?;
    let bytes = written.to_bytes();
    match rapport_engine::load(&bytes) {
        Ok((data, report)) => Ok(Imported {
            document: bytes,
            data,
            report: placed(&written, report, true),
        }),
        Err(Rejected(report)) => Err(Rejected(placed(&written, report, false))),
    }
}

/// The document written from the export (added to `base` when given).
fn written<'a>(
    export: &'a Table,
    accounts: Option<&'a Table>,
    profile: &Profile,
    base: Option<&[u8]>,
) -> Result<build::Written<'a>, Rejected> {
    let mut written = build::write(export, accounts, profile).map_err(rejected)?;
    if let Some(base) = base {
        written = merge::into(base, written).map_err(rejected)?;
    }
    Ok(written)
}

/// The validator's report on the written document, placed in the export, after what was left
/// out before it was written (counted in, when the document was accepted).
fn placed(written: &build::Written, report: LoadReport, accepted: bool) -> LoadReport {
    let mut report = written.map.relocate_all(report);
    let mut problems = written.problems.clone();
    problems.append(&mut report.problems);
    report.problems = problems;
    if accepted {
        report.excluded_records += written.excluded;
        report.responses_read += written.excluded;
    }
    report
}

/// As `import_bytes_into`, answering in the data reader's wire form (each response scored
/// as it is read, as the reader does, and not kept), with the document written:
/// `(wire, document)`; the document is empty when the import was refused.
pub fn import_to_wire(
    base: Option<&[u8]>,
    export: &[u8],
    accounts: Option<&[u8]>,
    profile: &Profile,
) -> (Vec<u8>, Vec<u8>) {
    use rapport_engine::wire::{encode, identity, read_and_encode_placed};
    let refused = |r: Rejected| (encode(&Err(r), "", export.len()), Vec::new());
    let (export_table, list) = match tables(export, accounts, profile) {
        Ok(t) => t,
        Err(r) => return refused(r),
    };
    let written = match written(&export_table, list.as_ref(), profile, base) {
        Ok(w) => w,
        Err(r) => return refused(r),
    };
    let bytes = written.to_bytes();
    let id = identity(&bytes);
    let mut accepted = true;
    let wire = read_and_encode_placed(&bytes, &id, |report| {
        accepted = !report.is_rejected();
        placed(&written, report, accepted)
    });
    if accepted {
        (wire, bytes)
    } else {
        (wire, Vec::new())
    }
}

/// What the importer makes of an export before it is imported: its columns, and the mapping
/// to start from: `profile` fitted to the file (its columns found by key, the file's other
/// columns ignored), or a guess (of the profile's sheet, for a profile with no columns).
pub fn inspect(bytes: &[u8], profile: Option<&Profile>) -> Result<Inspected, Vec<Problem>> {
    let sheet = profile.and_then(|p| p.sheet.as_deref());
    let table = table::read_table(bytes, sheet).map_err(|p| vec![p])?;
    let (profile, mut columns) = match profile {
        // No profile, or one that only names the sheet to read (the view's sheet choice).
        None => guess::guess(&table),
        Some(p) if p.columns.is_empty() => {
            let (mut guessed, columns) = guess::guess(&table);
            guessed.sheet = table.sheet.clone();
            (guessed, columns)
        }
        Some(p) => {
            let columns = crate::detect::columns(&table, p.tool, p.header_rows);
            let mut fitted = p.clone();
            fitted.sheet = table.sheet.clone();
            fitted.columns = columns
                .iter()
                .map(|c| crate::ColumnMap {
                    column: c.key.clone(),
                    field: p
                        .columns
                        .iter()
                        .find(|m| m.column == c.key)
                        .map_or(crate::Field::Ignore, |m| m.field.clone()),
                })
                .collect();
            // The next wave of the same survey: its wave is this file's (by its dates), not
            // the wave the profile was saved with.
            let has_wave = fitted.columns.iter().any(|m| m.field == crate::Field::Wave);
            let date = fitted
                .columns
                .iter()
                .position(|m| m.field == crate::Field::Date);
            if !has_wave && date.is_some() {
                fitted.waves = vec![guess::wave(&table, fitted.header_rows, date)];
            }
            (fitted, columns)
        }
    };
    crate::detect::count_texts(&table, profile.header_rows, &mut columns);
    let rows = table
        .rows
        .iter()
        .skip(profile.header_rows)
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .count();
    Ok(Inspected {
        rows,
        columns,
        profile,
        sheets: table.sheets.clone(),
        accounts: None,
        notes: table.notes.iter().map(|p| p.message.clone()).collect(),
    })
}

/// As `inspect`, for an account list: its columns and first mapping (`list`, fitted, or a
/// guess) in `accounts`.
pub fn inspect_accounts(
    bytes: &[u8],
    list: Option<&AccountList>,
) -> Result<Inspected, Vec<Problem>> {
    let sheet = list.and_then(|l| l.sheet.as_deref());
    let table = table::read_table(bytes, sheet).map_err(|mut p| {
        p.message = format!("The account list: {}", p.message);
        vec![p]
    })?;
    let (mut guessed, columns) = guess::account_list(&table);
    if let Some(l) = list {
        guessed.join = l.join;
        for m in &mut guessed.columns {
            m.field = l
                .columns
                .iter()
                .find(|x| x.column == m.column)
                .map_or(crate::Field::Ignore, |x| x.field.clone());
        }
    }
    let rows = table.rows.len().saturating_sub(1);
    Ok(Inspected {
        rows,
        columns,
        accounts: Some(guessed),
        sheets: table.sheets.clone(),
        notes: table.notes.iter().map(|p| p.message.clone()).collect(),
        ..Inspected::default()
    })
}
