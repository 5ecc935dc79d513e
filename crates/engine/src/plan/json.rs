//! The JSON that saved plans are read from and written to, from whichever parser is at hand:
//! serde_json natively and in the lazily loaded modules (`SerdeJson`); the page's module
//! uses the browser's own `JSON` instead (it has no room for a parser of its own: serde_json
//! cost it about 8 KB gzip), through this trait.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Reading and writing one JSON text.
pub trait Json {
    /// `Err` with why, when `text` is not one JSON value.
    fn check(text: &str) -> Result<(), String>;
    /// `text` read as a `T`, or why it is not one (without a line and column: the caller
    /// says where the text stood).
    fn read<T: DeserializeOwned>(text: &str) -> Result<T, String>;
    /// `value` as compact JSON.
    fn write<T: Serialize>(value: &T) -> String;
}

/// serde_json.
pub struct SerdeJson;

impl Json for SerdeJson {
    fn check(text: &str) -> Result<(), String> {
        serde_json::from_str::<serde::de::IgnoredAny>(text)
            .map(|_| ())
            .map_err(|e| without_position(&e))
    }

    fn read<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        serde_json::from_str(text).map_err(|e| without_position(&e))
    }

    fn write<T: Serialize>(value: &T) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }
}

/// A serde_json error's message without "at line 1 column 40" (the pointer says where).
pub(crate) fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}
