//! Survey exports into `rapport/1`: the CSV, TSV and Excel files that Qualtrics,
//! SurveyMonkey, Google Forms, Microsoft Forms, LimeSurvey and Typeform write.
//!
//! The steps: `table` reads the file into text cells (any encoding, delimiter or workbook);
//! `detect` recognises the tool, its header rows and its columns; `guess` proposes a
//! `profile` (what each column holds), which the user corrects; `build` writes the rows as a
//! `rapport/1` document, remembering each value's cell (`locate`); and the engine's one
//! validator reads that document, so imported data is held to exactly the rules, codes and
//! messages of a data file, with every problem placed at its cell (`Responses!H20`).

#[cfg(feature = "read")]
pub mod accounts;
/// Reading an answer or a role with a profile: also the import view's, which shows how each
/// answer text of the file is read.
pub mod answer;
#[cfg(feature = "read")]
pub mod build;
#[cfg(feature = "read")]
pub mod detect;
#[cfg(feature = "read")]
pub mod guess;
#[cfg(feature = "read")]
pub mod locate;
#[cfg(feature = "read")]
pub mod mapping;
#[cfg(feature = "read")]
pub mod merge;
#[cfg(feature = "read")]
mod pipeline;
pub mod profile;
#[cfg(feature = "read")]
pub mod table;
#[cfg(feature = "read")]
pub mod warm;
#[cfg(feature = "read")]
pub mod when;

#[cfg(feature = "read")]
pub use guess::guess;
#[cfg(feature = "read")]
pub use pipeline::{
    import, import_bytes, import_bytes_into, import_to_wire, inspect, inspect_accounts, Imported,
};
pub use profile::{
    AccountList, Column, ColumnMap, Field, Inspected, Join, Profile, ScaleSpec, Tool, WaveSpec,
    PROFILE_FORMAT, TEXTS,
};
#[cfg(feature = "read")]
pub use table::{read_table, Table};
