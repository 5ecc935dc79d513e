//! Getting a data file by URL: the limits, and what can go wrong said as the user reads it.
//! The reader downloads (in its worker, straight into its memory) and the page shows why a
//! download failed; a failure crosses between them as `Failed::parts`.

/// Files larger than this are refused: before they are read when their size is known,
/// otherwise as soon as the bytes that arrived pass it.
pub const MAX_BYTES: f64 = 512.0 * 1024.0 * 1024.0;

/// A download from which nothing has arrived for this long is given up.
pub const SILENCE_MS: f64 = 30_000.0;

/// A number of bytes as people read it: "512 bytes", "3 KB", "30.3 MB".
pub fn size(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / 1024.0 / 1024.0)
    } else if bytes >= 1024.0 {
        format!("{:.0} KB", bytes / 1024.0)
    } else {
        format!("{bytes:.0} bytes")
    }
}

/// Why a file could not be had by URL (said in `Display`, the message the user reads).
#[derive(Clone, Debug, PartialEq)]
pub enum Failed {
    /// The text given is no address.
    NotAnAddress(String),
    /// An address the page may not load from (neither https nor this site).
    NotAllowed(String),
    /// The browser has no way to cancel a download.
    NoAbort,
    /// No answer: unreachable, or refused to this page (CORS).
    Unreachable,
    /// The server's status and its text.
    Status(u16, String),
    /// The server's own size of the file, over `MAX_BYTES`.
    TooLarge(f64),
    /// A web page (HTML) came instead.
    WebPage,
    /// The bytes that arrived passed `MAX_BYTES` (the server had said no size).
    PassedLimit,
    /// The bytes stopped coming, after this many.
    Interrupted(f64),
    /// Nothing arrived for `SILENCE_MS`.
    Silent,
}

impl Failed {
    /// The failure as a kind, a number and a text, to cross from the reader's worker to the
    /// page (`from_parts` takes it back).
    pub fn parts(&self) -> (u8, f64, &str) {
        match self {
            Failed::NotAnAddress(url) => (0, 0.0, url),
            Failed::NotAllowed(url) => (1, 0.0, url),
            Failed::NoAbort => (2, 0.0, ""),
            Failed::Unreachable => (3, 0.0, ""),
            Failed::Status(code, text) => (4, f64::from(*code), text),
            Failed::TooLarge(len) => (5, *len, ""),
            Failed::WebPage => (6, 0.0, ""),
            Failed::PassedLimit => (7, 0.0, ""),
            Failed::Interrupted(received) => (8, *received, ""),
            Failed::Silent => (9, 0.0, ""),
        }
    }

    /// The failure `parts` gave, or none for a kind it never gives.
    pub fn from_parts(kind: u8, n: f64, text: String) -> Option<Failed> {
        Some(match kind {
            0 => Failed::NotAnAddress(text),
            1 => Failed::NotAllowed(text),
            2 => Failed::NoAbort,
            3 => Failed::Unreachable,
            4 => Failed::Status(n as u16, text),
            5 => Failed::TooLarge(n),
            6 => Failed::WebPage,
            7 => Failed::PassedLimit,
            8 => Failed::Interrupted(n),
            9 => Failed::Silent,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Failed::NotAnAddress(url) => write!(f, "“{url}” is not a web address."),
            Failed::NotAllowed(url) => write!(
                f,
                "Rapport loads data only from https addresses or from this site, and “{url}” is \
                 neither. Put the file on an https server that allows this page to read it \
                 (CORS), or download it and open it here."
            ),
            Failed::NoAbort => f.write_str("This browser cannot download files here."),
            Failed::Unreachable => f.write_str(
                "The server could not be reached, or it does not allow this page to read the \
                 file (CORS). Check the address, or download the file and open it here.",
            ),
            Failed::Status(code, text) => write!(
                f,
                "The server answered {code} {text}{}.",
                if *code == 404 {
                    " (no file at that address)"
                } else {
                    ""
                }
            ),
            Failed::TooLarge(len) => write!(
                f,
                "The file is {}; the limit is {}.",
                size(*len),
                size(MAX_BYTES)
            ),
            Failed::WebPage => f.write_str(
                "The address returned a web page (HTML), not a JSON data file. Use the direct \
                 link to the .json file.",
            ),
            Failed::PassedLimit => write!(
                f,
                "The download passed the limit of {} and was stopped (the server had not said \
                 how large the file is).",
                size(MAX_BYTES)
            ),
            Failed::Interrupted(received) => {
                write!(f, "The download was interrupted after {}.", size(*received))
            }
            Failed::Silent => write!(
                f,
                "Nothing arrived for {} seconds; the download was stopped. Try again, or \
                 download the file and open it here.",
                SILENCE_MS / 1000.0
            ),
        }
    }
}

/// Whether the first bytes of a download are a web page (a login page, an error page)
/// rather than data.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_crosses_to_the_page_unchanged() {
        for failed in [
            Failed::NotAnAddress("x y".into()),
            Failed::NotAllowed("http://a.example/d.json".into()),
            Failed::NoAbort,
            Failed::Unreachable,
            Failed::Status(404, "Not Found".into()),
            Failed::TooLarge(600.0 * 1024.0 * 1024.0),
            Failed::WebPage,
            Failed::PassedLimit,
            Failed::Interrupted(1536.0),
            Failed::Silent,
        ] {
            let (kind, n, text) = failed.parts();
            assert_eq!(
                Failed::from_parts(kind, n, text.to_string()),
                Some(failed.clone())
            );
        }
        assert_eq!(Failed::from_parts(10, 0.0, String::new()), None);
    }

    #[test]
    fn messages_name_sizes_as_people_read_them() {
        assert_eq!(size(2665.0), "3 KB");
        assert_eq!(size(512.0), "512 bytes");
        assert_eq!(
            Failed::Interrupted(31_726_945.0).to_string(),
            "The download was interrupted after 30.3 MB."
        );
        assert_eq!(
            Failed::Status(404, "Not Found".into()).to_string(),
            "The server answered 404 Not Found (no file at that address)."
        );
    }

    #[test]
    fn a_web_page_is_known_by_its_first_bytes() {
        assert!(looks_like_html(b"  \n<!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<HTML><body>"));
        assert!(!looks_like_html(br#"{"format": "rapport/1"}"#));
        assert!(!looks_like_html(b"<?xml version"));
    }
}
