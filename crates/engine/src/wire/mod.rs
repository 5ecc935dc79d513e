//! The compact binary form in which a scored data set travels from the Web Worker that reads
//! it to the page (a transferable buffer: no copy, no JSON on the page's thread).
//!
//! Layout (little-endian): magic `RPW6`; each kept response with its metric values, written
//! as it is read (so the worker never holds the responses twice); then a trailer: kind
//! (0 accepted, 1 rejected), the file's identity (empty when the page works it out from the
//! parts the worker passes on) and size, the load report, the data set
//! (the numbers of responses, accounts and actions, then the accounts and the actions last);
//! last, the trailer's offset (u32). Accounts, actions and responses are decoded a batch at
//! a time, so that the page stays responsive while it takes in a large portfolio.

mod cursor;
mod decode;
mod encode;
mod format;

pub use crate::hash::{identity, Identity};
pub use decode::{decode, goals_from_wire, Decoded, Decoder, Opened};
pub use encode::{
    encode, goals_to_wire, read_and_encode, read_and_encode_identified, read_and_encode_placed,
};
pub use format::Damaged;
