//! What reading a file found: each problem with its code, severity, location and message,
//! and the report of a whole load. Every reader (the JSON validator, the wire decoder, the
//! page's own load failures, plan imports) speaks this one vocabulary.

use serde::{Serialize, Serializer};

/// Declares `Code`: one variant per problem code, with the id users see in reports.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $id:literal,)*) => {
        /// A problem's code: what kind of problem it is, stable across versions (users and
        /// scripts match on the id, as `unknown_account`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order (the wire form numbers them by this order).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The id users see, as `unknown_account`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Code::$variant => $id,)*
                }
            }
        }
    };
}

codes! {
    // The file as a whole (fatal).
    EmptyFile = "empty_file",
    NotUtf8 = "not_utf8",
    NotJson = "not_json",
    Syntax = "syntax",
    NotAnObject = "not_an_object",
    WrongFormat = "wrong_format",
    NoWaves = "no_waves",
    BadScale = "bad_scale",
    BadModel = "bad_model",
    /// The page could not get or read the file at all (network, worker, size).
    LoadFailed = "load_failed",
    // Fields and records.
    MissingField = "missing_field",
    WrongType = "wrong_type",
    DuplicateKey = "duplicate_key",
    UnknownKey = "unknown_key",
    DuplicateId = "duplicate_id",
    ReservedId = "reserved_id",
    BadDate = "bad_date",
    BadRevenue = "bad_revenue",
    BadInvited = "bad_invited",
    BadStatus = "bad_status",
    BadNps = "bad_nps",
    UnknownWave = "unknown_wave",
    UnknownAccount = "unknown_account",
    UnknownDimension = "unknown_dimension",
    UnknownRole = "unknown_role",
    UnknownRatingKey = "unknown_rating_key",
    OutOfRange = "out_of_range",
    SolutionAndParts = "solution_and_parts",
    DuplicateRespondent = "duplicate_respondent",
    // Warnings on the data set as a whole.
    MoreThanInvited = "more_than_invited",
    NothingToWeigh = "nothing_to_weigh",
    RevenueMissing = "revenue_missing",
    // Survey exports (the importer).
    /// The file is not a table the importer can read (JSON, a PDF, an empty sheet).
    NotATable = "not_a_table",
    /// The mapping lacks a column it needs (an account, a rating) or names one the file lacks.
    MissingColumn = "missing_column",
    /// A survey preview, test or spam response (the survey tool marks these): left out.
    TestResponse = "test_response",
    /// A response the respondent did not finish: left out.
    Unfinished = "unfinished",
    /// Half of a UTF-16 surrogate pair in a string escape (`\ud83d` alone): read as U+FFFD.
    LoneSurrogate = "lone_surrogate",
    /// An internal answer to a statement the file's `statements` do not have.
    UnknownStatement = "unknown_statement",
}

impl Code {
    /// The code with this id.
    pub fn from_id(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id() == id)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.id()
    }
}

/// Whether a problem rejects the file, excludes a record, or is only worth knowing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file cannot be used at all.
    Fatal,
    /// The record at `record` is left out of scoring.
    Excluded,
    /// Nothing is left out; the data was read with the stated assumption.
    Warning,
}

/// One problem found while reading a file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// JSON pointer (RFC 6901) to the offending value; "" is the whole document.
    pub pointer: String,
    /// The record that was left out, for `Excluded` problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// 1-based line and column, where known (syntax errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub code: Code,
    pub message: String,
}

impl Problem {
    /// A problem at `pointer` with no record, line or column.
    pub fn new(
        severity: Severity,
        pointer: impl Into<String>,
        code: Code,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            severity,
            pointer: pointer.into(),
            record: None,
            line: None,
            column: None,
            code,
            message: message.into(),
        }
    }

    /// A problem that rejects the file.
    pub fn fatal(pointer: impl Into<String>, code: Code, message: impl Into<String>) -> Problem {
        Problem::new(Severity::Fatal, pointer, code, message)
    }

    /// A problem worth knowing that leaves nothing out.
    pub fn warning(pointer: impl Into<String>, code: Code, message: impl Into<String>) -> Problem {
        Problem::new(Severity::Warning, pointer, code, message)
    }

    /// The warning for a key repeated in one object (`pointer` is the repeated key's).
    pub fn duplicate_key(pointer: String) -> Problem {
        let key = pointer
            .rsplit('/')
            .next()
            .unwrap_or("")
            .replace("~1", "/")
            .replace("~0", "~");
        Problem::warning(
            pointer,
            Code::DuplicateKey,
            format!("The key `{key}` appears twice in the same object; the last value was used and the earlier one ignored."),
        )
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = if self.pointer.is_empty() {
            "(document)"
        } else {
            &self.pointer
        };
        match (self.line, self.column) {
            (Some(l), Some(c)) => {
                write!(f, "{place} line {l}:{c}: [{}] {}", self.code, self.message)
            }
            _ => write!(f, "{place}: [{}] {}", self.code, self.message),
        }
    }
}

/// What happened to a file: every problem, and how many records were left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LoadReport {
    pub problems: Vec<Problem>,
    /// Number of records (waves, accounts, questions, responses, actions) left out.
    pub excluded_records: usize,
    /// Response records read from the file, valid or not.
    pub responses_read: usize,
}

impl LoadReport {
    /// A report of one problem (a file rejected before it could be read).
    pub fn one(p: Problem) -> LoadReport {
        LoadReport {
            problems: vec![p],
            ..LoadReport::default()
        }
    }

    pub fn is_rejected(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Fatal)
    }

    pub fn fatal(&self) -> impl Iterator<Item = &Problem> {
        self.of(Severity::Fatal)
    }

    pub fn excluded(&self) -> impl Iterator<Item = &Problem> {
        self.of(Severity::Excluded)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.of(Severity::Warning)
    }

    fn of(&self, severity: Severity) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(move |p| p.severity == severity)
    }

    /// The problems told by kind, as a report of thousands must be: one group per severity
    /// and code, what rejects the file first, then what was left out, then warnings, each
    /// in the order its first problem was found; in a group, the problems in file order.
    pub fn groups(&self) -> Vec<ProblemGroup> {
        let mut groups: Vec<ProblemGroup> = Vec::new();
        for (i, p) in self.problems.iter().enumerate() {
            let kind = (p.severity, p.code);
            match groups.iter_mut().find(|g| (g.severity, g.code) == kind) {
                Some(g) => g.members.push(i),
                None => groups.push(ProblemGroup {
                    severity: p.severity,
                    code: p.code,
                    members: vec![i],
                }),
            }
        }
        let rank = |s: Severity| match s {
            Severity::Fatal => 0,
            Severity::Excluded => 1,
            Severity::Warning => 2,
        };
        // A stable sort: the order of first finding stays within a severity.
        crate::sort::sort_by(&mut groups, |a, b| rank(a.severity).cmp(&rank(b.severity)));
        groups
    }
}

/// The problems of a report with one severity and code (`LoadReport::groups`).
#[derive(Clone, Debug, PartialEq)]
pub struct ProblemGroup {
    pub severity: Severity,
    pub code: Code,
    /// Indices into `LoadReport::problems`, ascending.
    pub members: Vec<usize>,
}

/// A file that could not be used, with every reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected(pub LoadReport);

/// Escapes one JSON pointer reference token (RFC 6901).
pub fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        for (i, c) in Code::ALL.iter().enumerate() {
            assert_eq!(Code::from_id(c.id()), Some(*c));
            assert!(Code::ALL[..i].iter().all(|d| d.id() != c.id()));
        }
        assert_eq!(Code::from_id("no_such_code"), None);
    }

    #[test]
    fn serialises_as_its_id() {
        let json = serde_json::to_string(&Code::UnknownAccount).unwrap();
        assert_eq!(json, "\"unknown_account\"");
    }

    #[test]
    fn groups_by_severity_then_first_finding() {
        let p = |s, c| Problem::new(s, "", c, "");
        let report = LoadReport {
            problems: vec![
                p(Severity::Warning, Code::UnknownKey),
                p(Severity::Excluded, Code::OutOfRange),
                p(Severity::Excluded, Code::UnknownWave),
                p(Severity::Warning, Code::UnknownKey),
                p(Severity::Excluded, Code::OutOfRange),
                p(Severity::Warning, Code::OutOfRange),
            ],
            ..LoadReport::default()
        };
        let groups: Vec<(Severity, Code, Vec<usize>)> = report
            .groups()
            .into_iter()
            .map(|g| (g.severity, g.code, g.members))
            .collect();
        assert_eq!(
            groups,
            vec![
                (Severity::Excluded, Code::OutOfRange, vec![1, 4]),
                (Severity::Excluded, Code::UnknownWave, vec![2]),
                (Severity::Warning, Code::UnknownKey, vec![0, 3]),
                (Severity::Warning, Code::OutOfRange, vec![5]),
            ]
        );
    }

    #[test]
    fn duplicate_key_names_the_unescaped_key() {
        let p = Problem::duplicate_key("/accounts/0/a~1b".into());
        assert!(p.message.starts_with("The key `a/b` appears twice"));
        assert_eq!(p.severity, Severity::Warning);
    }
}
