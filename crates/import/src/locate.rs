//! Where each value of the written `rapport/1` document came from in the export, so that a
//! problem the validator finds at `/responses/17/ratings/Q5_1` is reported at the cell the
//! user can open and fix (`Responses!H20`).

use rapport_engine::problem::pointer_token;
use rapport_engine::{LoadReport, Problem};

use crate::table::Table;

/// The row of one written record, and the column of each of its fields (keys as pointer
/// suffixes: `nps`, `ratings/Q5_1`, `invited/2024`).
#[derive(Clone, Debug, Default)]
pub struct Origin {
    pub row: usize,
    pub cells: Vec<(String, usize)>,
}

impl Origin {
    pub fn new(row: usize) -> Origin {
        Origin {
            row,
            cells: Vec::new(),
        }
    }

    /// Records that the field `key` (unescaped; a rating's key is escaped here) came from
    /// column `col`.
    pub fn at(&mut self, key: &str, col: usize) {
        let key = match key.strip_prefix("ratings/") {
            Some(q) => format!("ratings/{}", pointer_token(q)),
            None => key.to_string(),
        };
        self.cells.push((key, col));
    }
}

/// The column of the field a pointer's rest (`ratings/Q5_1`, `invited/2024`) names.
fn column(cells: &[(String, usize)], rest: &str) -> Option<usize> {
    cells
        .iter()
        .find(|(key, _)| {
            rest.strip_prefix(key.as_str())
                .is_some_and(|more| more.is_empty() || more.starts_with('/'))
        })
        .map(|(_, c)| *c)
}

/// The origins of a whole document.
#[derive(Default)]
pub struct SourceMap<'a> {
    pub export: Option<&'a Table>,
    pub accounts_table: Option<&'a Table>,
    /// The row of each written response, and the column its account came from (the account
    /// id, the name, or the e-mail whose domain was joined).
    pub responses: Vec<(usize, usize)>,
    /// The column of each other field of a response, the same for every row (keys as for
    /// `Origin`).
    pub response_cells: Vec<(String, usize)>,
    /// Each account's index in the document, and its origin.
    pub accounts: Vec<(usize, Origin)>,
    /// The header row and column of each written question.
    pub questions: Vec<(usize, usize)>,
    /// The document's index of the first response and question written from the export
    /// (not 0 when they were added to a data set's own).
    pub responses_from: usize,
    pub questions_from: usize,
}

impl SourceMap<'_> {
    /// The place in the export of a pointer into the written document, if it has one.
    pub fn place(&self, pointer: &str) -> Option<String> {
        let mut parts = pointer.splitn(4, '/').skip(1);
        let list = parts.next()?;
        let k: usize = parts.next()?.parse().ok()?;
        let rest = parts.next().map(|f| match parts.next() {
            Some(more) => format!("{f}/{more}"),
            None => f.to_string(),
        });
        let (table, origin) = match list {
            "responses" => {
                let table = self.export?;
                let &(row, account) = self.responses.get(k.checked_sub(self.responses_from)?)?;
                let col = match rest.as_deref() {
                    Some("account") => Some(account),
                    Some(rest) => column(&self.response_cells, rest),
                    None => None,
                };
                return Some(match col {
                    Some(c) => table.cell(row, c),
                    None => table.row(row),
                });
            }
            "accounts" => (
                self.accounts_table.or(self.export)?,
                self.accounts
                    .iter()
                    .find(|(i, _)| *i == k)
                    .map(|(_, o)| o)?,
            ),
            "questions" => {
                let (row, col) = *self.questions.get(k.checked_sub(self.questions_from)?)?;
                return Some(self.export?.cell(row, col));
            }
            _ => return None,
        };
        let col = rest.as_deref().and_then(|rest| column(&origin.cells, rest));
        Some(match col {
            Some(c) => table.cell(origin.row, c),
            None => table.row(origin.row),
        })
    }

    /// A problem found in the written document, placed in the export. A rating that is
    /// text gets a hint about labels.
    pub fn relocate(&self, mut p: Problem) -> Problem {
        if let Some(place) = self.place(&p.pointer) {
            if p.code == rapport_engine::Code::WrongType && p.pointer.contains("/ratings/") {
                p.message.push_str(
                    " The answer is neither a number nor a known label: correct the cell, or \
                     give the label its number in the profile's `labels` (in a downloaded \
                     profile, loaded back).",
                );
            }
            p.pointer = place;
            p.line = None;
            p.column = None;
        }
        if let Some(record) = p.record.take() {
            p.record = Some(self.place(&record).unwrap_or(record));
        }
        p
    }

    /// Every problem of a report placed in the export.
    pub fn relocate_all(&self, report: LoadReport) -> LoadReport {
        LoadReport {
            problems: report
                .problems
                .into_iter()
                .map(|p| self.relocate(p))
                .collect(),
            ..report
        }
    }
}
