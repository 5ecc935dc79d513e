//! Two things browsers' `JSON.parse` reads and serde_json refuses, so that one of them in one
//! value does not reject a whole file: a lone UTF-16 surrogate escape (`"\ud83d"`, half of an
//! emoji cut by a text limit) and a number beyond a double (`1e400`).
//!
//! Only a file serde has refused for one of these is mended (good files never pay for it):
//! each is rewritten in place with the same number of bytes, so every other position, and a
//! later syntax error's line and column, stay true. A lone surrogate becomes U+FFFD (as
//! `JSON.parse` then `TextEncoder` would make it) with a warning; a number beyond a double
//! becomes `-9e99`, which every numeric field refuses with its own code and severity (a
//! rating is out of range, a revenue is bad, a scale rejects the file), and that problem's
//! message is then given the number as written.

use crate::problem::{pointer_token, Code, Problem};

/// What was mended at a byte offset of the text.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Mend {
    /// A `\uXXXX` escape of a lone surrogate (its hex digits) is now `\uFFFD`.
    Surrogate(String),
    /// A number beyond a double (as written) is now `-9e99` and spaces.
    Overflow(String),
}

/// The number every overflowing one becomes: finite, negative and huge, so out of range
/// for every field that takes a number; five bytes, as the shortest overflowing number.
const STAND_IN: &str = "-9e99";

/// Whether serde's error is one that `mend` may mend.
pub(super) fn mendable(e: &serde_json::Error) -> bool {
    let m = e.to_string();
    [
        "lone leading surrogate",
        "unexpected end of hex escape",
        "number out of range",
    ]
    .iter()
    .any(|s| m.starts_with(s))
}

/// The text with every lone surrogate escape and overflowing number rewritten, and what was
/// mended where; None when there is nothing to mend.
pub(super) fn mend(text: &str) -> Option<(String, Vec<(usize, Mend)>)> {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut mends = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] != b'\\' {
                        i += 1;
                        continue;
                    }
                    let (unit, next) = (hex4(b, i + 2), hex4(b, i + 8));
                    match (b.get(i + 1), unit) {
                        (Some(b'u'), Some(0xD800..=0xDBFF))
                            if b.get(i + 6..i + 8) == Some(b"\\u")
                                && matches!(next, Some(0xDC00..=0xDFFF)) =>
                        {
                            i += 12; // A pair: a character beyond the BMP.
                        }
                        (Some(b'u'), Some(0xD800..=0xDFFF)) => {
                            mends.push((i, Mend::Surrogate(text[i + 2..i + 6].to_string())));
                            out[i + 2..i + 6].copy_from_slice(b"FFFD");
                            i += 6;
                        }
                        _ => i += 2,
                    }
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let n = b[i..]
                    .iter()
                    .position(|c| !matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .unwrap_or(b.len() - i);
                let token = &text[i..i + n];
                if token.parse::<f64>().is_ok_and(f64::is_infinite) && n >= STAND_IN.len() {
                    mends.push((i, Mend::Overflow(token.to_string())));
                    out[i..i + n].fill(b' ');
                    out[i..i + STAND_IN.len()].copy_from_slice(STAND_IN.as_bytes());
                }
                i += n;
            }
            _ => i += 1,
        }
    }
    // Only ASCII bytes were rewritten, with ASCII bytes.
    let mended = String::from_utf8(out).ok()?;
    (!mends.is_empty()).then_some((mended, mends))
}

/// The four hex digits at `at`, as a number.
fn hex4(b: &[u8], at: usize) -> Option<u32> {
    let digits = std::str::from_utf8(b.get(at..at + 4)?).ok()?;
    u32::from_str_radix(digits, 16).ok()
}

/// The JSON pointer of the value at each offset (ascending) of a well-formed document; the
/// offset of a mend inside a string is that string's value.
pub(super) fn pointers(text: &str, offsets: &[usize]) -> Vec<String> {
    /// Where the scan is: in an object under a key (None before its first), or in an array
    /// at an index.
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let b = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut found = Vec::with_capacity(offsets.len());
    let mut wanted = offsets.iter().copied().peekable();
    let mut expect_key = false;
    let mut i = 0;
    let here = |stack: &[Frame]| -> String {
        stack
            .iter()
            .map(|f| match f {
                Frame::Object(k) => format!("/{}", pointer_token(k.as_deref().unwrap_or(""))),
                Frame::Array(n) => format!("/{n}"),
            })
            .collect()
    };
    while i < b.len() && wanted.peek().is_some() {
        let start = i;
        match b[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expect_key = true;
                i += 1;
            }
            b'[' => {
                stack.push(Frame::Array(0));
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Array(n)) => *n += 1,
                    Some(Frame::Object(_)) => expect_key = true,
                    None => {}
                }
                i += 1;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                if expect_key {
                    expect_key = false;
                    let key = serde_json::from_str::<String>(&text[start..i.min(b.len())])
                        .unwrap_or_default();
                    if let Some(Frame::Object(k)) = stack.last_mut() {
                        *k = Some(key);
                    }
                }
            }
            _ => i += 1,
        }
        while wanted.peek().is_some_and(|&o| o < i) {
            wanted.next();
            found.push(here(&stack));
        }
    }
    found.resize(offsets.len(), String::new());
    found
}

/// The problems mending adds or rewrites in a finished report: a warning at each mended
/// surrogate, and each stand-in's problem told with the number as written (a warning where
/// no field refused it, as under a key that is not read).
pub(super) fn explain(problems: &mut Vec<Problem>, text: &str, mends: &[(usize, Mend)]) {
    let offsets: Vec<usize> = mends.iter().map(|(o, _)| *o).collect();
    let at = pointers(text, &offsets);
    for ((offset, mend), pointer) in mends.iter().zip(at) {
        let (line, column) = super::bytes::line_col(&text.as_bytes()[..*offset]);
        let located = |mut p: Problem| {
            p.line = Some(line);
            p.column = Some(column);
            p
        };
        match mend {
            Mend::Surrogate(hex) => problems.push(located(Problem::warning(
                pointer,
                Code::LoneSurrogate,
                format!(
                    "`\\u{hex}` is half of a UTF-16 surrogate pair without its other half (a \
                     character cut in two?); it is read as the replacement character �."
                ),
            ))),
            Mend::Overflow(number) => {
                let message =
                    format!("The number {number} is beyond the range of numbers (about ±1.8e308).");
                // The field's own problem with the stand-in (not a key's, which names it).
                let refused = problems.iter_mut().find(|p| {
                    p.pointer == pointer && !matches!(p.code, Code::UnknownKey | Code::DuplicateKey)
                });
                match refused {
                    Some(p) => {
                        p.code = Code::OutOfRange;
                        p.message = message;
                        p.line = Some(line);
                        p.column = Some(column);
                    }
                    None => problems.push(located(Problem::warning(
                        pointer,
                        Code::OutOfRange,
                        message,
                    ))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mends_lone_surrogates_in_place_and_keeps_pairs() {
        let text = r#"{"a":"x\ud83d y","b":"\ud83d\ude00","c":"\udc00","d":"\\ud800"}"#;
        let (mended, mends) = mend(text).unwrap();
        assert_eq!(mended.len(), text.len());
        assert_eq!(
            mended,
            r#"{"a":"x\uFFFD y","b":"\ud83d\ude00","c":"\uFFFD","d":"\\ud800"}"#
        );
        let (a, c) = (
            text.find(r"\ud83d ").unwrap(),
            text.find(r"\udc00").unwrap(),
        );
        assert_eq!(
            mends,
            vec![
                (a, Mend::Surrogate("d83d".into())),
                (c, Mend::Surrogate("dc00".into()))
            ]
        );
        assert_eq!(pointers(&mended, &[a, c]), vec!["/a", "/c"]);
        // A string after an empty object in an array is a value, not a key.
        let text = r#"[{}, "\ud800", {"k": ["\udfff"]}]"#;
        let (mended, mends) = mend(text).unwrap();
        let offsets: Vec<usize> = mends.iter().map(|m| m.0).collect();
        assert_eq!(pointers(&mended, &offsets), vec!["/1", "/2/k/0"]);
    }

    #[test]
    fn mends_numbers_beyond_a_double_only() {
        let text = r#"{"r":[1e400, -2E+999, 1e-400, 1.5, 18e307, 17976931348623157e292]}"#;
        let (mended, mends) = mend(text).unwrap();
        assert_eq!(
            mended,
            r#"{"r":[-9e99, -9e99  , 1e-400, 1.5, -9e99 , 17976931348623157e292]}"#
        );
        let offsets: Vec<usize> = mends.iter().map(|m| m.0).collect();
        assert_eq!(pointers(&mended, &offsets), vec!["/r/0", "/r/1", "/r/4"]);
        assert!(mend(r#"{"a":"1e400","b":-1.7976931348623157e308}"#).is_none());
    }

    #[test]
    fn pointers_follow_nesting_escaped_keys_and_indices() {
        let text = r#"{"x":{"a/b":[0,{"k~":[5,6]}]},"y":7}"#;
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(
            pointers(text, &[at("5"), at("6"), at("7")]),
            vec!["/x/a~1b/1/k~0/0", "/x/a~1b/1/k~0/1", "/y"]
        );
    }
}
