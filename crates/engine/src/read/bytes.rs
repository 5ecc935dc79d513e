//! What the bytes are before they are JSON: the BOM, files that are not text (gzip, ZIP,
//! PDF, UTF-16), invalid UTF-8 with its line and column, and serde's syntax errors in words.

use crate::problem::{Code, Problem};

/// The bytes after a UTF-8 byte-order mark, if they start with one.
pub(crate) fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Recognises what the bytes are before treating them as UTF-8 JSON.
pub(super) fn decode(bytes: &[u8]) -> Result<&str, Box<Problem>> {
    let bytes = without_bom(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Box::new(Problem::fatal(
            "",
            Code::EmptyFile,
            "The file is empty: there is no JSON in it.",
        )));
    }
    let kind = if bytes.starts_with(b"\x1f\x8b") {
        Some(("gzip", "a gzip-compressed file; decompress it first"))
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some((
            "zip",
            "a ZIP archive (an .xlsx or .docx file is one too); export the data as rapport/1 JSON",
        ))
    } else if bytes.starts_with(b"%PDF") {
        Some(("pdf", "a PDF document, not JSON"))
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        Some(("utf16", "UTF-16 text; save it as UTF-8"))
    } else if looks_utf16(bytes) {
        Some((
            "utf16",
            "UTF-16 text without a byte-order mark; save it as UTF-8",
        ))
    } else {
        None
    };
    if let Some((what, msg)) = kind {
        let code = match what {
            "utf16" => Code::NotUtf8,
            _ => Code::NotJson,
        };
        return Err(Box::new(Problem::fatal(
            "",
            code,
            format!("This is {msg}."),
        )));
    }
    // A NUL byte that is not UTF-16's: not text, and said where.
    if let Some(at) = memchr::memchr(0, bytes) {
        let (line, column) = line_col(&bytes[..at]);
        return Err(Box::new(Problem {
            line: Some(line),
            column: Some(column),
            ..Problem::fatal(
                "",
                Code::NotJson,
                format!(
                    "The file has a NUL byte (0x00) at offset {at}: JSON text has none (a binary \
                     or damaged file?)."
                ),
            )
        }));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let (line, column) = line_col(&bytes[..at]);
        Box::new(Problem {
            line: Some(line),
            column: Some(column),
            ..Problem::fatal(
                "",
                Code::NotUtf8,
                format!(
                    "The file is not UTF-8: byte 0x{:02X} at offset {at} is not valid UTF-8 \
                     (Latin-1 or Windows-1252 text?). Save the file as UTF-8.",
                    bytes[at]
                ),
            )
        })
    })
}

/// UTF-16 without a byte-order mark: in its first bytes, the NULs of ASCII characters at
/// every other byte (odd offsets for little-endian, even for big-endian) and none between.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64) & !1];
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (pairs, even, odd) = (head.len() / 2, zeros(0), zeros(1));
    pairs > 0 && ((odd * 4 >= pairs * 3 && even == 0) || (even * 4 >= pairs * 3 && odd == 0))
}

pub(super) fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, column)
}

pub(super) fn syntax_problem(text: &str, e: &serde_json::Error) -> Problem {
    let mut reason = e.to_string();
    // serde_json appends " at line L column C"; the location is given separately.
    if let Some(i) = reason.find(" at line ") {
        reason.truncate(i);
    }
    let hint = match reason.as_str() {
        r if r.starts_with("trailing comma") => " (JSON allows no comma before } or ])",
        r if r.starts_with("recursion limit") => " (the document is nested too deeply)",
        r if r.starts_with("EOF") => " (the file is truncated)",
        r if r.starts_with("expected value") && text.contains("NaN") => {
            " (JSON has no NaN, Infinity or comments)"
        }
        _ => "",
    };
    let mut p = Problem::fatal(
        "",
        Code::Syntax,
        format!("The file is not valid JSON: {reason}{hint}."),
    );
    p.line = Some(e.line());
    p.column = Some(e.column());
    p
}
