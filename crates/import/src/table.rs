//! A survey export as a table of text cells: CSV or TSV (any of `,` `;` tab, UTF-8 with or
//! without a BOM, UTF-16 with a BOM, or Windows-1252) read with `csv`, and workbooks (xlsx,
//! xls, xlsb, ods) read with `calamine`. Every cell keeps its place, so every problem found
//! later can name it as a spreadsheet does (`C17`, `Responses!C17`).

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use rapport_engine::{Code, Problem};

/// The rows of one sheet or text file, every cell as text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// The sheet's name for a workbook; None for CSV and TSV.
    pub sheet: Option<String>,
    /// The rows as the file has them, from its first row (row 1).
    pub rows: Vec<Row>,
    /// Where row 1 and column A of `rows` sit in the sheet (a workbook's used range may start
    /// further down or right); (0, 0) for text files.
    pub origin: (usize, usize),
    /// What was assumed while reading (the encoding, the delimiter), as warnings.
    pub notes: Vec<Problem>,
    /// All the sheets of a workbook (empty for CSV and TSV).
    pub sheets: Vec<String>,
}

/// One row's cells, held in one string (an export of 100,000 rows and 30 columns would
/// otherwise be three million allocations).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    text: String,
    /// Where each cell ends in `text` (each starts where the one before ends).
    ends: Vec<u32>,
}

impl Row {
    /// A row of these cells.
    pub fn new<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> Row {
        let mut row = Row::default();
        for c in cells {
            row.text.push_str(c.as_ref());
            row.ends.push(row.text.len() as u32);
        }
        row
    }

    /// The text of cell `i`.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }

    /// The bytes of all its cells.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cells in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

impl Table {
    /// The spreadsheet name of a cell, `C17` or `Sheet1!C17` (`row` and `col` 0-based in `rows`).
    pub fn cell(&self, row: usize, col: usize) -> String {
        let name = format!(
            "{}{}",
            column_letter(col + self.origin.1),
            row + self.origin.0 + 1
        );
        self.in_sheet(name)
    }

    /// The spreadsheet name of a whole row, `row 17` or `Sheet1!row 17`.
    pub fn row(&self, row: usize) -> String {
        self.in_sheet(format!("row {}", row + self.origin.0 + 1))
    }

    fn in_sheet(&self, place: String) -> String {
        match &self.sheet {
            Some(s) => format!("{s}!{place}"),
            None => place,
        }
    }

    /// The text of a cell ("" beyond the end of a short row).
    pub fn text(&self, row: usize, col: usize) -> &str {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or("")
    }

    /// The number of columns of the widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Row::len).max().unwrap_or(0)
    }
}

/// A column's letters as spreadsheets write them: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letter(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

fn not_a_table(message: impl Into<String>) -> Problem {
    Problem::fatal("", Code::NotATable, message)
}

/// Reads a CSV, TSV or workbook file. `sheet` picks a workbook's sheet by name (default: the
/// first sheet with any cell filled).
pub fn read_table(bytes: &[u8], sheet: Option<&str>) -> Result<Table, Problem> {
    if bytes.is_empty() {
        return Err(Problem::fatal(
            "",
            Code::EmptyFile,
            "The file is empty (0 bytes): there is no table in it.",
        ));
    }
    let workbook = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0");
    let table = if workbook {
        read_workbook(bytes, sheet)?
    } else {
        read_text(bytes)?
    };
    if table
        .rows
        .iter()
        .all(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        let what = match &table.sheet {
            Some(s) => format!("The sheet `{s}` has no filled cells"),
            None => "The file has no filled cells".to_string(),
        };
        return Err(Problem::fatal(
            "",
            Code::EmptyFile,
            format!("{what}: there are no responses to import."),
        ));
    }
    Ok(table)
}

fn read_workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Table, Problem> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        not_a_table(format!(
            "This looks like a spreadsheet (xlsx, xls or ods), but it cannot be read: {e}."
        ))
    })?;
    let names = book.sheet_names();
    let wanted: Vec<String> = match sheet {
        Some(s) if names.iter().any(|n| n == s) => vec![s.to_string()],
        Some(s) => {
            return Err(Problem::fatal(
                "",
                Code::MissingColumn,
                format!(
                    "The workbook has no sheet `{s}`; its sheets are: {}.",
                    names.join(", ")
                ),
            ))
        }
        None => names.clone(),
    };
    let mut first_empty = None;
    for name in wanted {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| not_a_table(format!("The sheet `{name}` cannot be read: {e}.")))?;
        let rows: Vec<Row> = range
            .rows()
            .map(|r| Row::new(r.iter().map(cell_text)))
            .collect();
        let table = Table {
            sheet: Some(name),
            origin: range
                .start()
                .map_or((0, 0), |(r, c)| (r as usize, c as usize)),
            rows,
            notes: Vec::new(),
            sheets: names.clone(),
        };
        if table.rows.iter().any(|r| r.iter().any(|c| !c.is_empty())) {
            return Ok(table);
        }
        first_empty.get_or_insert(table);
    }
    Ok(first_empty.unwrap_or_default())
}

/// A workbook cell as the text a CSV export of it would hold: whole numbers without `.0`,
/// dates and times as ISO 8601 (Excel's serial numbers converted, 1900 or 1904 system).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if d.is_datetime() => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            _ => number_text(d.as_f64()),
        },
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// The text of a CSV or TSV file, whatever its encoding.
fn decode(bytes: &[u8]) -> Result<(String, Option<Problem>), Problem> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        // UTF-8, UTF-16LE or UTF-16BE with a byte-order mark ("Unicode text" from Excel).
        let (text, _, _) = encoding.decode(bytes);
        return Ok((text.into_owned(), None));
    }
    if bytes.starts_with(b"\x1f\x8b") || bytes.starts_with(b"%PDF") || bytes.contains(&0) {
        return Err(not_a_table(
            "This is not a CSV, TSV or spreadsheet file (it holds binary data): export the \
             survey's responses as CSV or Excel.",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok((t.to_string(), None)),
        Err(e) => {
            let at = e.valid_up_to();
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let note = Problem::warning(
                "",
                Code::NotUtf8,
                format!(
                    "The file is not UTF-8 (byte 0x{:02X} at offset {at}): it was read as \
                     Windows-1252, the encoding Excel uses for CSV on Windows.",
                    bytes[at]
                ),
            );
            Ok((text.into_owned(), Some(note)))
        }
    }
}

fn read_text(bytes: &[u8]) -> Result<Table, Problem> {
    let (text, note) = decode(bytes)?;
    let start = text.trim_start();
    if start.starts_with('{') || start.starts_with('[') {
        return Err(not_a_table(
            "This is a JSON file, not a survey export: open a rapport/1 data file with \
             Open file, or export the survey's responses as CSV or Excel.",
        ));
    }
    let delimiter = delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| not_a_table(format!("The CSV cannot be read: {e}.")))?;
        rows.push(Row::new(record.iter()));
    }
    Ok(Table {
        sheet: None,
        rows,
        origin: (0, 0),
        notes: note.into_iter().collect(),
        sheets: Vec::new(),
    })
}

/// The delimiter of a text table: of comma, semicolon and tab, the one that splits the first
/// rows into the same number of fields (more than one), the most fields on a tie.
fn delimiter(text: &str) -> u8 {
    let mut best = (0usize, 0usize, b',');
    for d in [b',', b';', b'\t'] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(text.as_bytes());
        let widths: Vec<usize> = reader
            .records()
            .take(20)
            .filter_map(Result::ok)
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .map(|r| r.len())
            .collect();
        let Some(&first) = widths.first() else {
            continue;
        };
        if first < 2 {
            continue;
        }
        let same = widths.iter().filter(|&&w| w == first).count();
        if (same, first) > (best.0, best.1) {
            best = (same, first, d);
        }
    }
    best.2
}
