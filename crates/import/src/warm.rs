//! The importer's warm-up: a small export made up here, imported a few times in a worker that
//! waits for the user's import. Browsers run new WebAssembly code unoptimised until it proves
//! hot, and a function's loop is not swapped for the optimised code while it runs: an import
//! of 100,000 rows in a fresh worker spends its whole run in the first, slow code (1.1 s
//! against 0.7 s once warm, `make bench`). The export goes through every step of an import:
//! the CSV reader, the mapping, the document, the validator, the scores and the wire form.

use rapport_engine::generate::Rng;
use rapport_engine::Dimension;

use crate::profile::{ColumnMap, Field, Profile, ScaleSpec, Tool, WaveSpec, PROFILE_FORMAT};

/// Rows of the made-up export: enough for its loops to count as hot, few enough for one
/// import to take 10–40 ms in the browser's first, unoptimised code.
pub const ROWS: usize = 600;

/// The made-up export (two waves, 60 accounts, a rating per dimension, NPS, role, a quoted
/// comment, some answers missing) and the profile that maps it.
pub fn export() -> (Vec<u8>, Profile) {
    let mut rng = Rng::new(7);
    let mut csv = String::from("Wave,Account ID,Account name,Respondent,Role");
    for d in Dimension::ALL {
        csv.push(',');
        csv.push_str(d.label());
    }
    csv.push_str(",How likely are you to recommend us?,Comment\n");
    for i in 0..ROWS {
        let account = i % 60;
        let wave = if i < ROWS / 2 { "2025" } else { "2026" };
        let role = *rng.pick(&["Decision maker", "Influencer", "User", "IT manager"]);
        csv.push_str(&format!(
            "{wave},A{account:03},\"Account {account}, Ltd\",P{i},{role}"
        ));
        for _ in Dimension::ALL {
            csv.push(',');
            if !rng.chance(0.05) {
                csv.push_str(&(1 + rng.below(7)).to_string());
            }
        }
        let comment = if rng.chance(0.3) {
            "\"Good, \"\"mostly\"\"\""
        } else {
            ""
        };
        csv.push_str(&format!(",{},{comment}\n", rng.below(11)));
    }
    let mut columns = vec![
        map("Wave", Field::Wave),
        map("Account ID", Field::AccountId),
        map("Account name", Field::AccountName),
        map("Respondent", Field::Respondent),
        map("Role", Field::Role),
    ];
    columns.extend(Dimension::ALL.iter().map(|d| {
        map(
            d.label(),
            Field::Rating {
                dimension: d.id().to_string(),
                reverse: false,
            },
        )
    }));
    columns.push(map("How likely are you to recommend us?", Field::Nps));
    columns.push(map("Comment", Field::Comment));
    let wave = |id: &str, closed: &str| WaveSpec {
        id: id.to_string(),
        label: None,
        closed: Some(closed.to_string()),
    };
    let profile = Profile {
        format: PROFILE_FORMAT.to_string(),
        name: "warm-up".to_string(),
        tool: Tool::Other,
        header_rows: 1,
        scale: ScaleSpec { min: 1, max: 7 },
        columns,
        waves: vec![wave("2025", "2025-06-30"), wave("2026", "2026-06-30")],
        ..Profile::default()
    };
    (csv.into_bytes(), profile)
}

fn map(column: &str, field: Field) -> ColumnMap {
    ColumnMap {
        column: column.to_string(),
        field,
    }
}

/// Imports the made-up export `times` times, as the worker imports a user's (to the wire
/// form, keeping nothing).
pub fn warm(times: usize) {
    let (csv, profile) = export();
    for _ in 0..times {
        let _ = crate::import_to_wire(None, &csv, None, &profile);
    }
}
