//! Answers as survey tools write them, read as numbers: `6`, `5,5` (a decimal comma),
//! `10 - Extremely likely`, `7 = excellent`, `1 (Strongly disagree)`, and the words of the
//! usual agreement, satisfaction and quality scales ("Strongly agree" is 5 on a five-point
//! scale and 7 on a seven-point one). Roles are read from job titles.

use crate::profile::{entry, Column, Field, Inspected, Profile, ScaleSpec};

/// What an answer cell holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// Not answered: empty, `N/A`, "Don't know", or Qualtrics' `-99` (seen, not answered).
    Blank,
    Number(f64),
    /// Text that is no number and no known label.
    Text(String),
}

/// Answers that mean "not answered".
const BLANKS: &[&str] = &[
    "n/a",
    "na",
    "-99",
    "don't know",
    "dont know",
    "do not know",
    "not applicable",
    "prefer not to say",
    "prefer not to answer",
    "no answer",
    "-",
];

/// The labels of the usual rating scales, lowest first, matched ignoring case.
pub const LADDERS: &[&[&str]] = &[
    &[
        "strongly disagree",
        "disagree",
        "neither agree nor disagree",
        "agree",
        "strongly agree",
    ],
    &[
        "strongly disagree",
        "disagree",
        "somewhat disagree",
        "neither agree nor disagree",
        "somewhat agree",
        "agree",
        "strongly agree",
    ],
    &[
        "completely disagree",
        "disagree",
        "neutral",
        "agree",
        "completely agree",
    ],
    &[
        "very dissatisfied",
        "dissatisfied",
        "neither satisfied nor dissatisfied",
        "satisfied",
        "very satisfied",
    ],
    &[
        "very dissatisfied",
        "dissatisfied",
        "somewhat dissatisfied",
        "neither satisfied nor dissatisfied",
        "somewhat satisfied",
        "satisfied",
        "very satisfied",
    ],
    &["poor", "fair", "good", "very good", "excellent"],
    &["very poor", "poor", "fair", "good", "very good"],
];

/// A number written with a point or a decimal comma (`5,5`), nothing else around it.
pub fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    // Whole numbers of up to four digits (almost every answer) read directly: `str::parse`
    // for them was most of the time of importing 100,000 rows (measured: `make bench`).
    if t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        return Some(t.bytes().fold(0.0, |n, b| n * 10.0 + f64::from(b - b'0')));
    }
    let ok = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
    };
    if ok(t) {
        return t.parse::<f64>().ok().filter(|x| x.is_finite());
    }
    // One decimal comma and no point: 5,5.
    if t.matches(',').count() == 1 && !t.contains('.') {
        let dotted = t.replace(',', ".");
        if ok(&dotted) {
            return dotted.parse::<f64>().ok().filter(|x| x.is_finite());
        }
    }
    None
}

/// The number that starts a label: `10 - Extremely likely`, `7 = excellent`,
/// `1 (Strongly disagree)`, `4: Agree`, `5. Very good`.
pub fn leading_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(t.len());
    let (head, rest) = t.split_at(end);
    let head = head.trim_end_matches('.');
    let rest = rest.trim_start();
    let separated = rest.is_empty()
        || rest.starts_with(['-', '=', '(', ':', '–', '—'])
        || t[head.len()..].starts_with(". ");
    if head.is_empty() || !separated {
        return None;
    }
    number(head)
}

/// Where a label sits on a ladder of `points` labels (0-based), if it is one of them.
pub fn ladder_position(label: &str, points: usize) -> Option<usize> {
    // The ladders' words are ASCII: compared ignoring ASCII case, which keeps Unicode's case
    // tables out of the import view's module (it reads answers with this too).
    let l = label.trim();
    LADDERS
        .iter()
        .filter(|ladder| ladder.len() == points)
        .find_map(|ladder| ladder.iter().position(|x| x.eq_ignore_ascii_case(l)))
}

/// The number of points of the ladder a label belongs to (the shortest such ladder).
pub fn ladder_points(label: &str) -> Option<usize> {
    let l = label.trim();
    LADDERS
        .iter()
        .filter(|ladder| ladder.iter().any(|x| x.eq_ignore_ascii_case(l)))
        .map(|ladder| ladder.len())
        .min()
}

/// Reads an answer on `scale`, with the profile's own labels first.
pub fn read(text: &str, profile: &Profile) -> Answer {
    let t = text.trim();
    if t.is_empty() {
        return Answer::Blank;
    }
    // The profile's labels come first: a number set for "N/A" or `-99` is that number.
    if let Some(v) = profile.label(t) {
        return Answer::Number(v);
    }
    if t == "-99" {
        return Answer::Blank;
    }
    // Most answers are plain numbers: read them before anything that allocates.
    if let Some(x) = number(t) {
        return Answer::Number(x);
    }
    if BLANKS.iter().any(|b| b.eq_ignore_ascii_case(t)) {
        return Answer::Blank;
    }
    if let Some(x) = leading_number(t) {
        return Answer::Number(x);
    }
    let ScaleSpec { min, max } = profile.scale;
    let points = (max - min + 1).max(0) as usize;
    match ladder_position(t, points) {
        Some(i) => Answer::Number((min + i as i64) as f64),
        None => Answer::Text(t.to_string()),
    }
}

/// The role a job title or role answer stands for: the profile's own mapping first, then
/// by keyword, else `other`.
pub fn role(text: &str, profile: &Profile) -> &'static str {
    let t = text.trim();
    profile.role(t).map_or_else(|| guess_role(t), |r| r.id())
}

/// The role a text names, by keyword.
pub fn guess_role(text: &str) -> &'static str {
    // The keywords are ASCII (see `ladder_position`).
    let t = text.to_ascii_lowercase().replace(['-', '_'], " ");
    let any = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if any(&[
        "decision maker",
        "executive",
        "director",
        "chief",
        "ceo",
        "cfo",
        "cio",
        "cto",
        "coo",
        "c level",
        "vp",
        "vice president",
        "head of",
        "owner",
        "board",
        "partner",
        "procurement",
        "purchas",
    ]) {
        "decision_maker"
    } else if any(&[
        "influencer",
        "advisor",
        "adviser",
        "consultant",
        "specialist",
        "expert",
    ]) {
        "influencer"
    } else if any(&[
        "operational",
        "operations",
        "user",
        "staff",
        "engineer",
        "analyst",
        "coordinator",
        "technician",
        "team member",
        "employee",
        "manager",
    ]) {
        "operational"
    } else {
        "other"
    }
}

/// Whether a `finished` cell says the response was finished.
pub fn finished(text: &str) -> bool {
    let t = text.trim();
    ![
        "",
        "0",
        "false",
        "no",
        "n",
        "partial",
        "incomplete",
        "not finished",
        "unfinished",
    ]
    .iter()
    .any(|no| no.eq_ignore_ascii_case(t))
}

/// Whether `hay` holds `needle` (lower-case ASCII), ignoring ASCII case; without allocating
/// (it is asked of every row).
fn holds(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Whether a `status` cell marks a preview, test or spam response (Qualtrics writes the
/// text or its code: 1 preview, 2 test, 8 spam, 9 preview spam, 12 imported spam,
/// 17 offline preview).
pub fn test_response(text: &str) -> bool {
    let t = text.trim();
    holds(t, "preview")
        || holds(t, "test")
        || holds(t, "spam")
        || matches!(t, "1" | "2" | "8" | "9" | "12" | "17")
}

/// The user's corrections, kept as the profile's `labels` and `roles`.
impl Profile {
    /// Takes on the corrections of `old` (the profile of another file or sheet): its numbers
    /// for answers, and its roles that differ from what the keywords say (the others are
    /// guesses, made again for this file).
    pub fn keep_corrections(&mut self, old: &Profile) {
        for (t, v) in &old.labels {
            self.set_label(t, Some(*v));
        }
        for (t, _) in &old.roles {
            match old.role(t) {
                Some(role) if role.id() != guess_role(t.trim()) => self.set_role(t, role),
                _ => {}
            }
        }
    }
}

/// The answers to correct, as the import view lists them.
impl Inspected {
    /// The answers of the columns `profile` maps to a field `wanted` accepts (`words`:
    /// those that are not plain numbers only), each with the number of times it is given
    /// (answers met in several columns are one, matched ignoring case), and whether a
    /// column had more answers than it lists (its counts are then at least these).
    pub fn texts_of(
        &self,
        profile: &Profile,
        wanted: fn(&Field) -> bool,
        words: bool,
    ) -> (Vec<(String, usize)>, bool) {
        let mut out: Vec<(String, usize)> = Vec::new();
        let mut more = false;
        let mapped = |c: &&Column| {
            profile
                .columns
                .iter()
                .any(|m| m.column == c.key && wanted(&m.field))
        };
        for c in self.columns.iter().filter(mapped) {
            more |= c.more_texts;
            let texts = c.texts.iter();
            for (t, n) in texts.filter(|(t, _)| !words || number(t).is_none()) {
                match entry(&out, t) {
                    Some(k) => out[k].1 += n,
                    None => out.push((t.clone(), *n)),
                }
            }
        }
        (out, more)
    }
}
