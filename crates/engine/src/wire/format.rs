//! What both ends of the wire agree on: the magic that starts an answer, and the error of
//! an answer that cannot be read.

pub(super) const MAGIC: &[u8; 4] = b"RPW9";

/// An answer that cannot be decoded: the reader and the page disagree, or it was damaged on
/// the way. Never the user's file's fault (its problems travel inside the answer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Damaged;

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("The data reader's answer is damaged (internal error); please report it.")
    }
}

impl std::error::Error for Damaged {}

impl From<Damaged> for String {
    fn from(d: Damaged) -> String {
        d.to_string()
    }
}
