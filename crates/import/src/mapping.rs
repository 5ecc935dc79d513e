//! A profile's column keys found in a table: each mapped field with its column, and a
//! warning for each key the table lacks.

use rapport_engine::{Code, Problem};

use crate::detect::columns;
use crate::profile::{Column, ColumnMap, Field, Tool};
use crate::table::Table;

/// The fields of a profile with their columns in one table.
pub struct Mapped {
    pub columns: Vec<Column>,
    pub fields: Vec<(Field, usize)>,
    pub notes: Vec<Problem>,
}

impl Mapped {
    /// Finds each mapped column of `maps` in `table` by its key.
    pub fn new(table: &Table, tool: Tool, header_rows: usize, maps: &[ColumnMap]) -> Mapped {
        let columns = columns(table, tool, header_rows);
        let mut fields = Vec::new();
        let mut notes = Vec::new();
        for m in maps.iter().filter(|m| m.field != Field::Ignore) {
            match columns.iter().find(|c| c.key == m.column) {
                Some(c) => fields.push((m.field.clone(), c.index)),
                None => notes.push(Problem::warning(
                    "",
                    Code::MissingColumn,
                    format!(
                        "The mapping names a column `{}` that this file does not have; \
                         nothing was read for it.",
                        m.column
                    ),
                )),
            }
        }
        Mapped {
            columns,
            fields,
            notes,
        }
    }

    /// The column of the first field equal to `field`.
    pub fn col(&self, field: &Field) -> Option<usize> {
        self.fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| *c)
    }

    /// Every column mapped to `field`.
    pub fn cols<'a>(&'a self, field: &'a Field) -> impl Iterator<Item = usize> + 'a {
        self.fields
            .iter()
            .filter(move |(f, _)| f == field)
            .map(|(_, c)| *c)
    }
}
