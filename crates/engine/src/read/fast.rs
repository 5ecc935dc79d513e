//! A fast reader for the usual shape of a data file, and the one JSON scanner besides
//! serde_json: it also finds the parts of a plans file, of saved plans and of a data file
//! to write plans into (`members`, `items`).
//!
//! serde_json reads any JSON, at a price paid for every one of hundreds of thousands of
//! response records. This reads the top level and the response records by hand, for the plain
//! records almost every file is made of (each known key once, strings without escapes, whole
//! numbers), and hands everything else to serde: every header value, and any response record
//! that is not plain (serde reads it from its own slice, so its problems are found the usual
//! way). The long lists of records (`deferred`) are only skipped here, each record's text
//! kept for serde to read when it is checked. When anything at all goes wrong (a syntax
//! error, a nesting too deep to judge), the fast reading is dropped and serde reads the whole
//! document again, so that problems and their positions are always serde's (for a deferred
//! record, found when it is read: the document is then read again as trees). Tests and the
//! fuzzer compare both readers.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;

use serde::de::DeserializeSeed;

use super::deferred::DEFERRED;
use super::pass::{Pass, Top};
use super::record::{RawResponse, ResponseSeed};
use super::response::{same_key, ResponsesOut};
use super::tree::{DuplicateFlag, HeaderSeed, Json};
use crate::data::Response;
use crate::hash::key_bit;
use crate::model::Model;

thread_local! {
    static ENABLED: Cell<bool> = const { Cell::new(true) };
}

/// Turns the fast reader on or off for this thread (on unless turned off): tests and the
/// fuzzer read documents both ways and compare. Off, the top-level fields are also read as
/// `Json` trees rather than straight into `Value`s (`tree::ValueSeed`).
#[doc(hidden)]
pub fn set_fast_path(on: bool) {
    ENABLED.with(|e| e.set(on));
}

pub(super) fn enabled() -> bool {
    ENABLED.with(Cell::get)
}

/// Nesting deeper than this is left to serde, which has a limit of its own.
const MAX_DEPTH: usize = 64;

type Pair<'de> = (Cow<'de, str>, Json<'de>);

/// Reads the document as `Pass::parse` would with serde; `None` when it must be serde.
pub(super) fn parse<'de, T, F>(
    pass: &mut Pass<'de, T>,
    text: &'de str,
    keep: &mut F,
) -> Option<Top<'de>>
where
    F: FnMut(Option<(&mut Response, &Model)>) -> Option<T>,
{
    let mut s = Scanner {
        text,
        b: text.as_bytes(),
        pos: 0,
        max_depth: MAX_DEPTH,
    };
    s.ws();
    if !s.eat(b'{') {
        return None;
    }
    // The same steps as `TopSeed::visit_map`.
    let mut pairs: Vec<Pair<'de>> = Vec::new();
    let mut responses_seen = false;
    s.ws();
    if !s.eat(b'}') {
        loop {
            s.ws();
            let key = s.plain_string()?;
            s.colon()?;
            pass.top_key(&pairs, responses_seen, key);
            if key == "responses" {
                responses_seen = true;
                s.responses(pass, keep)?;
                if pass.collect {
                    pairs.push((Cow::Borrowed(key), Json::Array(Vec::new())));
                }
            } else if pass.collect {
                let texts = (pass.owned && DEFERRED.contains(&key))
                    .then(|| s.records())
                    .flatten();
                let value = match texts {
                    // Stands in as an empty array, as `responses` does.
                    Some(texts) => {
                        pass.deferred.push((key, texts));
                        Json::Array(Vec::new())
                    }
                    None => s.serde_value(&pass.flag, pass.owned)?,
                };
                pairs.push((Cow::Borrowed(key), value));
            } else {
                // A second pass: the first one has read (and checked) these already.
                s.skip_value()?;
            }
            if s.next_or_end(b'}')? {
                break;
            }
        }
    }
    s.ws();
    (s.pos == s.b.len()).then_some(Top::Object(pairs))
}

struct Scanner<'de> {
    text: &'de str,
    b: &'de [u8],
    pos: usize,
    /// Nesting deeper than this is not skipped (`MAX_DEPTH` when reading a data file).
    max_depth: usize,
}

impl<'de> Scanner<'de> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        self.pos += usize::from(hit);
        hit
    }

    /// `:` between a key and its value, with the whitespace around it.
    fn colon(&mut self) -> Option<()> {
        self.ws();
        let hit = self.eat(b':');
        self.ws();
        hit.then_some(())
    }

    /// After a member: `,` (false: another follows) or `close` (true: the end).
    fn next_or_end(&mut self, close: u8) -> Option<bool> {
        self.ws();
        if self.eat(b',') {
            Some(false)
        } else {
            self.eat(close).then_some(true)
        }
    }

    /// A string without escapes or control characters.
    fn plain_string(&mut self) -> Option<&'de str> {
        if !self.eat(b'"') {
            return None;
        }
        let start = self.pos;
        let rest = &self.b[start..];
        let n = rest
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
        if rest[n] != b'"' {
            return None;
        }
        self.pos = start + n + 1;
        // Quotes are ASCII, so both ends are character boundaries.
        Some(&self.text[start..start + n])
    }

    /// A plain value: a plain string, a whole number of up to 17 digits, true, false or null.
    fn scalar(&mut self) -> Option<Json<'de>> {
        match self.peek()? {
            b'"' => self.plain_string().map(|s| Json::String(Cow::Borrowed(s))),
            b'0'..=b'9' => {
                let start = self.pos;
                let mut n = 0u64;
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    if self.pos - start == 17 {
                        return None;
                    }
                    n = n * 10 + u64::from(d - b'0');
                    self.pos += 1;
                }
                let leading_zero = self.b[start] == b'0' && self.pos - start > 1;
                if leading_zero || matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
                    return None;
                }
                Some(Json::Number(n.into()))
            }
            b't' => self.literal(b"true", Json::Bool(true)),
            b'f' => self.literal(b"false", Json::Bool(false)),
            b'n' => self.literal(b"null", Json::Null),
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8], value: Json<'de>) -> Option<Json<'de>> {
        self.b[self.pos..].starts_with(word).then(|| {
            self.pos += word.len();
            value
        })
    }

    /// Moves past one value without judging it (serde judges it, or has already).
    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                let mut depth = 0;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => {
                            depth += 1;
                            if depth > self.max_depth {
                                return None;
                            }
                        }
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                let start = self.pos;
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b'}' | b']' | b' ' | b'\n' | b'\t' | b'\r')
                }) {
                    self.pos += 1;
                }
                (self.pos > start).then_some(())
            }
        }
    }

    // Byte by byte rather than with `position`: a skipped value is rare in a data file (the
    // plain records are read, not skipped), and the page, which finds the parts of its saved
    // plans with this, counts its bytes.
    fn skip_string(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            match *self.b.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                // Past the backslash and the character it escapes.
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
    }

    /// The text of each item of the array that comes next, or None (and nothing moved past)
    /// when it is not an array whose items can be skipped (`deferred`: each is judged when
    /// it is read).
    fn records(&mut self) -> Option<Vec<&'de str>> {
        let start = self.pos;
        let texts = self.items_here();
        if texts.is_none() {
            self.pos = start;
        }
        texts
    }

    /// Each item's text of the array here (`records`, which puts the cursor back on None).
    fn items_here(&mut self) -> Option<Vec<&'de str>> {
        let mut texts = Vec::new();
        if !self.eat(b'[') {
            return None;
        }
        self.ws();
        if self.eat(b']') {
            return Some(texts);
        }
        loop {
            self.ws();
            let at = self.pos;
            self.skip_value()?;
            texts.push(&self.text[at..self.pos]);
            if self.next_or_end(b']')? {
                return Some(texts);
            }
        }
    }

    /// The next value, read by serde from its own slice.
    fn serde_value(&mut self, flag: &DuplicateFlag, owned: bool) -> Option<Json<'de>> {
        let start = self.pos;
        self.skip_value()?;
        let mut de = serde_json::Deserializer::from_str(&self.text[start..self.pos]);
        let value = HeaderSeed { flag, owned }.deserialize(&mut de).ok()?;
        de.end().ok()?;
        Some(value)
    }

    /// The `responses` array, as `ResponsesSeed::visit_seq` reads it.
    fn responses<T, F>(&mut self, pass: &mut Pass<'de, T>, keep: &mut F) -> Option<()>
    where
        F: FnMut(Option<(&mut Response, &Model)>) -> Option<T>,
    {
        if !self.eat(b'[') {
            return None;
        }
        pass.out = ResponsesOut::default();
        // Room to note each respondent's first record at once (growing the table step by
        // step costs a tenth of the reading): a response takes 250 bytes or more in the
        // usual file, so this is about the number of records, or more room than needed.
        pass.out.first_at.reserve((self.b.len() - self.pos) / 256);
        keep(None);
        // Nothing to check them against yet: serde reads this pass.
        let model = pass.stage.as_ref()?.model.clone();
        let mut i = 0;
        let mut buffer = Vec::new();
        self.ws();
        if !self.eat(b']') {
            loop {
                self.ws();
                let raw = self.record(&pass.flag, buffer)?;
                buffer = pass.take_record(keep, &model, i, raw);
                i += 1;
                if self.next_or_end(b']')? {
                    break;
                }
            }
        }
        pass.out.read = i;
        pass.streamed = true;
        Some(())
    }

    /// One response record: read here when it is plain, else by serde from its own slice.
    fn record(&mut self, flag: &DuplicateFlag, buffer: Vec<Pair<'de>>) -> Option<RawResponse<'de>> {
        let start = self.pos;
        let mut raw = RawResponse::new(buffer);
        if self.plain_record(&mut raw, flag).is_some() {
            return Some(raw);
        }
        self.pos = start;
        let mut buffer = raw.ratings;
        buffer.clear();
        self.skip_value()?;
        let mut de = serde_json::Deserializer::from_str(&self.text[start..self.pos]);
        let raw = ResponseSeed { flag, buffer }.deserialize(&mut de).ok()?;
        de.end().ok()?;
        Some(raw)
    }

    /// A record of known keys, each once, with plain values (`None`: it is not plain).
    fn plain_record(&mut self, r: &mut RawResponse<'de>, flag: &DuplicateFlag) -> Option<()> {
        if !self.eat(b'{') {
            return None;
        }
        self.ws();
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            self.ws();
            let key = self.plain_string()?;
            self.colon()?;
            // Byte patterns: compared in place, without a call to memcmp per candidate.
            let slot = match key.as_bytes() {
                [b'w', b'a', b'v', b'e'] => &mut r.wave,
                [b'a', b'c', b'c', b'o', b'u', b'n', b't'] => &mut r.account,
                [b'r', b'e', b's', b'p', b'o', b'n', b'd', b'e', b'n', b't'] => &mut r.respondent,
                [b'r', b'o', b'l', b'e'] => &mut r.role,
                [b'n', b'p', b's'] => &mut r.nps,
                [b'c', b'o', b'm', b'm', b'e', b'n', b't'] => &mut r.comment,
                [b'r', b'a', b't', b'i', b'n', b'g', b's'] if !r.ratings_present => {
                    r.ratings_present = true;
                    self.ratings(r)?;
                    if self.next_or_end(b'}')? {
                        return Some(());
                    }
                    continue;
                }
                [b'r', b'a', b't', b'i', b'n', b'g', b's'] => return None,
                _ => {
                    // Not part of a response: checked, then ignored (as serde's reading does).
                    self.serde_value(flag, false)?;
                    if flag.take() {
                        return None;
                    }
                    if self.next_or_end(b'}')? {
                        return Some(());
                    }
                    continue;
                }
            };
            if slot.is_some() {
                return None;
            }
            *slot = Some(self.scalar()?);
            if self.next_or_end(b'}')? {
                return Some(());
            }
        }
    }

    /// `ratings`: plain pairs, no key twice (or a plain value that is not an object).
    fn ratings(&mut self, r: &mut RawResponse<'de>) -> Option<()> {
        if !self.eat(b'{') {
            r.ratings_other = Some(self.scalar()?);
            return Some(());
        }
        self.ws();
        if self.eat(b'}') {
            return Some(());
        }
        // A 64-bit filter on the keys, so that the usual check for a repeated key is cheap.
        let mut seen = 0u64;
        loop {
            self.ws();
            let key = self.plain_string()?;
            self.colon()?;
            let value = self.scalar()?;
            let bit = key_bit(key);
            if seen & bit != 0 && r.ratings.iter().any(|(k, _)| same_key(k, key)) {
                return None;
            }
            seen |= bit;
            r.ratings.push((Cow::Borrowed(key), value));
            if self.next_or_end(b'}')? {
                return Some(());
            }
        }
    }
}

/// Each member of a JSON object: its key's span (with the quotes) and its value's span.
pub(crate) type Members = Vec<(Range<usize>, Range<usize>)>;

/// A scanner of a text known to be JSON (serde_json has read it, or will), to find where its
/// parts are without building a tree (a plans file, saved plans, a data file to write plans
/// into): past the `open` bracket the text starts with, and whether the container is empty
/// (its `close` passed too). None when the text does not start with `open`.
fn span_scanner(text: &str, open: u8, close: u8) -> Option<(Scanner<'_>, bool)> {
    let mut s = Scanner {
        text,
        b: text.as_bytes(),
        pos: 0,
        max_depth: usize::MAX,
    };
    s.ws();
    if !s.eat(open) {
        return None;
    }
    s.ws();
    let empty = s.eat(close);
    Some((s, empty))
}

/// The members of the JSON object `text` starts with, and where its closing brace is; none
/// when it is not an object.
pub(crate) fn members(text: &str) -> Option<(Members, usize)> {
    let (mut s, empty) = span_scanner(text, b'{', b'}')?;
    let mut members = Vec::new();
    if empty {
        return Some((members, s.pos - 1));
    }
    loop {
        s.ws();
        if s.peek() != Some(b'"') {
            return None;
        }
        let key = s.pos;
        s.skip_string()?;
        let key = key..s.pos;
        s.colon()?;
        let value = s.pos;
        s.skip_value()?;
        members.push((key, value..s.pos));
        if s.next_or_end(b'}')? {
            return Some((members, s.pos - 1));
        }
    }
}

/// The items of the JSON array `text` starts with; none when it is not an array.
pub(crate) fn items(text: &str) -> Option<Vec<Range<usize>>> {
    let (mut s, empty) = span_scanner(text, b'[', b']')?;
    let mut items = Vec::new();
    if empty {
        return Some(items);
    }
    loop {
        s.ws();
        let start = s.pos;
        s.skip_value()?;
        items.push(start..s.pos);
        if s.next_or_end(b']')? {
            return Some(items);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{items, members};

    #[test]
    fn members_are_found_as_spans_past_escapes_brackets_and_deep_nesting() {
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let text = format!(
            " {{ \"a\\\"}}\" : \"x]}}\\\\\" ,\"b\":[1, {{\"c\": -2.5e3}}],\"d\":{deep}, \"e\":null }} "
        );
        let (m, close) = members(&text).expect("an object");
        let spans: Vec<(&str, &str)> = m
            .iter()
            .map(|(k, v)| (&text[k.clone()], &text[v.clone()]))
            .collect();
        assert_eq!(
            spans,
            [
                ("\"a\\\"}\"", "\"x]}\\\\\""),
                ("\"b\"", "[1, {\"c\": -2.5e3}]"),
                ("\"d\"", deep.as_str()),
                ("\"e\"", "null"),
            ]
        );
        assert_eq!(&text[close..], "} ");
        assert_eq!(members(" {} ").map(|(m, c)| (m.len(), c)), Some((0, 2)));
        assert_eq!(members("[1]"), None);
    }

    #[test]
    fn items_are_found_as_spans() {
        let text = "[ {\"id\": \"a,]\"} ,\n 3, \"\\\\\", [[]] ]";
        let spans: Vec<&str> = items(text)
            .expect("an array")
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(spans, ["{\"id\": \"a,]\"}", "3", "\"\\\\\"", "[[]]"]);
        assert_eq!(items(" [ ] ").map(|i| i.len()), Some(0));
        assert_eq!(items("{}"), None);
    }
}
