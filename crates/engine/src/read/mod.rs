//! Reading `rapport/1` files: bytes in, a `Dataset` and a `LoadReport` out. Every problem
//! gets a code, a location and a reason.
//!
//! The steps, each in its own module: `bytes` (encoding, sniffing, line:column), `document`
//! (one pass of serde over the document, responses read record by record; `fast` reads the
//! plain records by hand, and keeps the long lists of records as text: `deferred`), `tree`
//! (the borrowed JSON tree), `fields` (the one vocabulary of field checks and their
//! messages), `header`, `model`, `lists`, `actions` and `inside` (everything but the
//! responses), `response` (each response record).

use serde_json::Value;

use crate::data::{Dataset, Response};
use crate::model::{Model, Scale};
use crate::problem::{LoadReport, Rejected};

mod actions;
mod bytes;
mod deferred;
mod document;
mod fast;
mod fields;
mod header;
#[cfg(feature = "inside")]
mod inside;
mod lists;
mod mend;
mod model;
mod pass;
mod record;
mod response;
pub mod tree;

pub(crate) use bytes::without_bom;
pub use fast::set_fast_path;
pub(crate) use fast::{items, members, Members};

use crate::problem::{pointer_token, Problem};
use bytes::{decode, syntax_problem};
use header::Reader;
use pass::{Pass, Top};
use response::ResponseStage;

/// Reads a data file from raw bytes: the only entry point for untrusted input.
pub fn load(bytes: &[u8]) -> Result<(Dataset, LoadReport), Rejected> {
    load_with(bytes, |_, _| ()).map(|(data, _, report)| (data, report))
}

/// As `load`, calling `keep` on each response as it is accepted (while the file is still
/// being read), with the model it will be scored with; what `keep` returns is collected in
/// the order of `Dataset::responses`. `keep` may change the response (for example drop its
/// items once it has scored them, to save memory on very large files).
///
/// The file is read in one pass: each response is checked as soon as it is parsed and its
/// parsed form dropped, so memory holds the file and the kept data, never a tree of the
/// whole document. When a field the responses depend on (`waves`, `accounts`, `questions`,
/// `scale`, `model`) comes after `responses` in the file, the responses are read in a second
/// pass; a document with a repeated key outside the responses is read again from the start
/// (to say where the key is), as is one whose deferred records (`deferred`: actions,
/// predictions, internal answers, kept as text by the fast reader) turn out to hold a
/// repeated key or a syntax error.
pub fn load_with<T>(
    bytes: &[u8],
    keep: impl FnMut(&mut Response, &Model) -> T,
) -> Result<(Dataset, Vec<T>, LoadReport), Rejected> {
    load_parts(bytes, keep).map(|(data, kept, report, _)| (data, kept, report))
}

/// As `load_with`, also returning the document without its responses (`"responses": []`):
/// loading that gives the same waves, accounts, questions and model. Its deferred lists
/// (`deferred`: actions, predictions, internal answers) are empty when the fast reader kept
/// them as text.
pub fn load_parts<T>(
    bytes: &[u8],
    mut keep: impl FnMut(&mut Response, &Model) -> T,
) -> Result<(Dataset, Vec<T>, LoadReport, Value), Rejected> {
    read_document(bytes, |x| x.map(|(r, m)| keep(r, m)), true)
}

/// The model of a `model` value (as `load` reads it; problems are not reported here).
pub fn read_model(v: Option<&Value>, scale: Scale) -> Option<Model> {
    Reader::default().model(v, scale)
}

/// The format of a file of targets set in the app (`plan::targets`), saved beside the plans.
pub const TARGETS_FORMAT: &str = "rapport-targets/1";

/// The targets of a saved targets file (`plan::targets`) of the data set `identity`, read as
/// the data file's `model.targets` are: each target the reader would leave out is a located
/// warning (`/targets/2/value`) and left out. `Err` with why when the text as a whole is not
/// such a file of this data set.
pub fn saved_targets(
    text: &str,
    identity: &str,
    data: &Dataset,
) -> Result<(Vec<crate::model::Goal>, Vec<Problem>), String> {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| format!("They are not valid JSON ({e})."))?;
    let string = |key| doc.get(key).and_then(Value::as_str);
    if string("format") != Some(TARGETS_FORMAT) {
        return Err(format!("They are not a \"{TARGETS_FORMAT}\" file."));
    }
    if string("dataset") != Some(identity) {
        return Err("They belong to another data set.".to_string());
    }
    let mut reader = Reader::default();
    let mut goals = match doc.get("targets") {
        Some(list) => reader.goals(list, "/targets", data.scale),
        None => Vec::new(),
    };
    reader.goal_references("/targets", &mut goals, &data.waves, &data.accounts);
    Ok((goals, reader.problems))
}

/// Reads a file without keeping its responses: `Dataset::responses` is empty and `each` is
/// handed every accepted response as it is read (to encode it elsewhere, for instance).
/// `restart` is called before the responses are read, and again whenever they are read
/// anew (see `load_with`, a repeated `responses` key, or a document read again for a
/// repeated key or a bad deferred record): what `each` saw before no longer counts.
pub fn load_streaming(
    bytes: &[u8],
    mut each: impl FnMut(&Response, &Model),
    mut restart: impl FnMut(),
) -> Result<(Dataset, LoadReport, Value), Rejected> {
    read_document(
        bytes,
        |x| {
            match x {
                Some((r, m)) => each(r, m),
                None => restart(),
            }
            None::<()>
        },
        false,
    )
    .map(|(data, _, report, doc)| (data, report, doc))
}

pub(super) fn read_document<T>(
    bytes: &[u8],
    mut keep: impl FnMut(Option<(&mut Response, &Model)>) -> Option<T>,
    store: bool,
) -> Result<(Dataset, Vec<T>, LoadReport, Value), Rejected> {
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(p) => return Err(Rejected(LoadReport::one(*p))),
    };
    let syntax =
        |text: &str, e: &serde_json::Error| Rejected(LoadReport::one(syntax_problem(text, e)));
    match read_text(text, &mut keep, store) {
        Ok(read) => Ok(read),
        Err(Failure::Rejected(r)) => Err(r),
        Err(Failure::Syntax(e)) => {
            // What JSON.parse reads but serde refuses (lone surrogates, numbers beyond a
            // double) is mended and read again, each mend told in the report.
            let Some((mended, mends)) = mend::mendable(&e).then(|| mend::mend(text)).flatten()
            else {
                return Err(syntax(text, &e));
            };
            match read_text(&mended, &mut keep, store) {
                Ok(mut read) => {
                    mend::explain(&mut read.2.problems, &mended, &mends);
                    Ok(read)
                }
                Err(Failure::Rejected(mut r)) => {
                    mend::explain(&mut r.0.problems, &mended, &mends);
                    Err(r)
                }
                Err(Failure::Syntax(e)) => Err(syntax(&mended, &e)),
            }
        }
    }
}

/// Why a text was not read: a syntax error (which may be mendable), or a rejected file.
enum Failure {
    Syntax(serde_json::Error),
    Rejected(Rejected),
}

type Read<T> = (Dataset, Vec<T>, LoadReport, Value);

fn read_text<T>(
    text: &str,
    keep: &mut impl FnMut(Option<(&mut Response, &Model)>) -> Option<T>,
    store: bool,
) -> Result<Read<T>, Failure> {
    // Top-level fields are read straight into `Value`s and the long lists of records left
    // as text (`deferred`), but not with the fast reader off: tests and the fuzzer compare
    // the two readings. A document with a key repeated at the top level or inside a
    // top-level field is read again with them as `Json` trees, which say where.
    let owned = fast::enabled();
    match read_once(text, keep, store, owned)? {
        Some(read) => Ok(read),
        None => Ok(read_once(text, keep, store, false)?.expect("read as trees at once")),
    }
}

/// One reading of the text (`owned`: see `Pass::owned`); None when a deferred record was
/// not what the fast reader took it for, and the text must be read again without.
fn read_once<T>(
    text: &str,
    keep: &mut impl FnMut(Option<(&mut Response, &Model)>) -> Option<T>,
    store: bool,
    owned: bool,
) -> Result<Option<Read<T>>, Failure> {
    let mut pass = Pass::new(true, None, store, owned);
    let mut doc = document::parse(&mut pass, text, keep).map_err(Failure::Syntax)?;
    let mut repeated = pass.flag.take() || pass.header_duplicates;
    if repeated && owned {
        pass = Pass::new(true, None, store, false);
        doc = document::parse(&mut pass, text, keep).map_err(Failure::Syntax)?;
        repeated = pass.flag.take() || pass.header_duplicates;
    }
    let mut duplicates = Vec::new();
    if repeated {
        match &doc {
            Top::Object(pairs) => {
                for (i, (k, v)) in pairs.iter().enumerate() {
                    let here = format!("/{}", pointer_token(k));
                    v.duplicates(&here, &mut duplicates);
                    if pairs[..i].iter().any(|(earlier, _)| earlier == k) {
                        duplicates.push(here);
                    }
                }
            }
            Top::Other(v) => v.duplicates("", &mut duplicates),
        }
    }
    let value = doc.into_value();
    let mut reader = Reader::default();
    reader
        .problems
        .extend(duplicates.into_iter().map(Problem::duplicate_key));
    let Some(header) = reader.header(&value) else {
        if !deferred::all_read(&pass.deferred) {
            // A deferred record with a syntax error (which comes first) or a repeated key
            // (to be placed): read again as trees.
            return Ok(None);
        }
        return Err(Failure::Rejected(reader.rejected()));
    };
    if !pass.streamed || pass.late {
        // The responses were read before all they depend on was known: read them again.
        let mut second = Pass::new(false, Some(ResponseStage::new(&header)), store, false);
        document::parse(&mut second, text, keep).map_err(Failure::Syntax)?;
        pass.out = second.out;
    }
    let mut out = pass.out;
    let counts = out.counts();
    reader.problems.extend(out.problems);
    reader.excluded_records += out.excluded;
    let Some((data, report)) = reader.finish(
        &value,
        &pass.deferred,
        header,
        out.responses,
        out.read,
        &counts,
        out.weighed,
    ) else {
        return Ok(None);
    };
    Ok(Some((data, out.kept, report, value)))
}
