//! A profile: how one survey's export maps onto `rapport/1`. Guessed from the file, corrected
//! by the user, saved (in the browser, or as a small JSON file) so that the next wave of the
//! same survey imports in one step.

use serde::{Deserialize, Serialize};

/// The `format` of a profile file.
pub const PROFILE_FORMAT: &str = "rapport-import-profile/1";

/// The survey tool an export came from, as recognised from its header rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tool {
    /// Qualtrics: field names, question texts, and (in current exports) an ImportId row.
    Qualtrics,
    /// SurveyMonkey "expanded": question texts over sub-labels, fixed id columns first.
    SurveyMonkey,
    /// Google Forms (through Sheets): `Timestamp` first, grids as `Question [row]`.
    GoogleForms,
    /// Microsoft Forms: ID, Start time, Completion time, Email, Name, then the questions.
    MicrosoftForms,
    /// LimeSurvey: `id`, `submitdate`, … (codes) or `Response ID`, `Date submitted`, … (text).
    LimeSurvey,
    /// Typeform: `#` first, hidden fields, `Submit Date (UTC)`.
    Typeform,
    /// Any other table with one header row.
    #[default]
    Other,
}

impl Tool {
    /// The tool's name as people know it.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Qualtrics => "Qualtrics",
            Tool::SurveyMonkey => "SurveyMonkey",
            Tool::GoogleForms => "Google Forms",
            Tool::MicrosoftForms => "Microsoft Forms",
            Tool::LimeSurvey => "LimeSurvey",
            Tool::Typeform => "Typeform",
            Tool::Other => "a table with one header row",
        }
    }
}

/// What a column holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Not imported.
    #[default]
    Ignore,
    AccountId,
    AccountName,
    Segment,
    Owner,
    Revenue,
    /// People invited in the given wave (an account list's column).
    Invited(String),
    /// The account's e-mail or web domain (an account list's column, to join on).
    Domain,
    /// The respondent's e-mail address (its domain joins to the account list).
    Email,
    /// The respondent's (or the response's) id, unique within a wave.
    Respondent,
    /// The respondent's role, as text mapped through `Profile::roles`.
    Role,
    /// The wave's id.
    Wave,
    /// When the response was completed (the latest date of a wave is its close date).
    Date,
    /// "How likely are you to recommend…", 0–10.
    Nps,
    /// A rating of a dimension (or `solution`), reverse-keyed or not.
    Rating {
        dimension: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        reverse: bool,
    },
    /// An open comment.
    Comment,
    /// Whether the respondent finished: 0, false, no, partial or empty mean not finished.
    Finished,
    /// The survey tool's response type: previews, tests and spam are left out.
    Status,
}

/// One column of the file and what it holds. `column` is the column's key: its field name
/// where the export has one (`Q5_1`), else its header text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnMap {
    pub column: String,
    pub field: Field,
}

/// A wave the import writes: its id, label and close date (`YYYY-MM-DD`). A wave without a
/// close date takes the latest date of its responses (the `date` column).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WaveSpec {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<String>,
}

/// How responses find their account in a separate account list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Join {
    /// The response's account id column equals the list's account id.
    #[default]
    AccountId,
    /// The domain of the respondent's e-mail equals the list's domain column.
    EmailDomain,
}

/// A separate account list (an account master): its columns and how responses join it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountList {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub columns: Vec<ColumnMap>,
    #[serde(default)]
    pub join: Join,
}

/// The rating scale of the survey's answers.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScaleSpec {
    pub min: i64,
    pub max: i64,
}

impl Default for ScaleSpec {
    fn default() -> ScaleSpec {
        ScaleSpec { min: 1, max: 7 }
    }
}

/// How a survey tool's export becomes a `rapport/1` data file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Always `rapport-import-profile/1`.
    pub format: String,
    /// A name for people ("Key account survey (Qualtrics)").
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub tool: Tool,
    /// Header rows above the first response (Qualtrics 3, or 2 in legacy exports;
    /// SurveyMonkey 2; the others 1).
    pub header_rows: usize,
    /// The workbook sheet holding the responses (default: the first filled one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub scale: ScaleSpec,
    pub columns: Vec<ColumnMap>,
    /// Answer labels and the number each stands for, beyond what is read without help
    /// ("7 = excellent", "Strongly agree" on a 5- or 7-point scale). Matched ignoring case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<(String, f64)>,
    /// Role texts and the role each stands for (matched ignoring case); other texts are
    /// read by keyword (`director` → decision_maker, …), else `other`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<(String, String)>,
    /// The waves: the one wave of the whole file when no column gives it, or the labels
    /// and close dates of the waves a `wave` column names.
    #[serde(default)]
    pub waves: Vec<WaveSpec>,
    /// A separate account list, when the responses are joined to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accounts: Option<AccountList>,
    /// The data set's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Profile {
    /// The columns mapped to a field of this kind (the same kind of field: any `Rating`
    /// matches any `Rating`).
    pub fn columns_of<'a>(&'a self, kind: &'a Field) -> impl Iterator<Item = &'a ColumnMap> {
        self.columns
            .iter()
            .filter(move |c| std::mem::discriminant(&c.field) == std::mem::discriminant(kind))
    }

    /// The first column mapped to exactly this field.
    pub fn column(&self, field: &Field) -> Option<&str> {
        self.columns
            .iter()
            .find(|c| &c.field == field)
            .map(|c| c.column.as_str())
    }

    /// The number the profile itself gives the answer `text` (its `labels`, matched trimmed
    /// and ignoring case), before any rule.
    pub fn label(&self, text: &str) -> Option<f64> {
        entry(&self.labels, text).map(|k| self.labels[k].1)
    }

    /// The role the profile itself gives the role answer `text` (its `roles`, matched as
    /// `label`); an id that is no role is `Other`.
    pub fn role(&self, text: &str) -> Option<rapport_engine::Role> {
        entry(&self.roles, text).map(|k| {
            rapport_engine::Role::from_id(&self.roles[k].1).unwrap_or(rapport_engine::Role::Other)
        })
    }

    /// Whether the profile itself says how `text` is read (as a label, not by the rules).
    pub fn has_label(&self, text: &str) -> bool {
        self.label(text).is_some()
    }

    /// Reads the answer text `text` as `value` from now on (the user's correction of a
    /// guess); `None` takes the correction back, so the text is read as without help.
    pub fn set_label(&mut self, text: &str, value: Option<f64>) {
        if let Some(k) = entry(&self.labels, text) {
            self.labels.remove(k);
        }
        if let Some(v) = value {
            self.labels.push((text.trim().to_string(), v));
        }
    }

    /// Reads the role text `text` as `role` from now on.
    pub fn set_role(&mut self, text: &str, role: rapport_engine::Role) {
        let role = role.id().to_string();
        match entry(&self.roles, text) {
            Some(k) => self.roles[k].1 = role,
            None => self.roles.push((text.trim().to_string(), role)),
        }
    }

    /// The profile as a small JSON file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A profile read from its JSON file.
    pub fn from_json(text: &str) -> Result<Profile, String> {
        // The format first: a data file given as a profile is named as one, not reported by
        // the first field that does not fit.
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("This is not an import profile: {e}."))?;
        let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
        if format != PROFILE_FORMAT {
            return Err(format!(
                "This is not an import profile: its `format` is \"{format}\", not \"{PROFILE_FORMAT}\"."
            ));
        }
        serde_json::from_value(value)
            .map_err(|e| format!("This import profile cannot be read: {e}."))
    }
}

/// One column of an export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// 0-based position in the table.
    pub index: usize,
    /// The column's letters (`C`).
    pub letter: String,
    /// What a profile calls the column: unique in the table (a repeated header gets ` (2)`).
    pub key: String,
    /// The question text (with a grid's row or a sub-label), for people.
    pub label: String,
    /// Up to three different answers from the first responses.
    pub samples: Vec<String>,
    /// The column's different answers (labels such as "Strongly agree", role texts or codes),
    /// each with the number of rows giving it, matched ignoring case: up to `TEXTS` of them,
    /// in the order met. The import view shows them with how they are read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<(String, usize)>,
    /// The column holds more than `TEXTS` different answers (free text, names): the rows
    /// were counted only until the first one not listed was met.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub more_texts: bool,
}

/// How many different answer texts a column's `texts` holds.
pub const TEXTS: usize = 40;

/// Where `text` is in a list keyed by answer texts (`labels`, `roles`, a column's `texts`):
/// matched trimmed and ignoring ASCII case, as survey answers are compared throughout.
pub(crate) fn entry<T>(list: &[(String, T)], text: &str) -> Option<usize> {
    let t = text.trim();
    list.iter()
        .position(|(l, _)| l.trim().eq_ignore_ascii_case(t))
}

/// What the importer says of a file before it is imported: the tool and layout recognised,
/// the columns with sample answers, and the mapping to start from (guessed, or a saved
/// profile fitted to the file).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Inspected {
    /// Rows below the header rows that hold anything.
    pub rows: usize,
    pub columns: Vec<Column>,
    pub profile: Profile,
    /// The sheets of a workbook (empty for CSV and TSV).
    #[serde(default)]
    pub sheets: Vec<String>,
    /// For an account list: its first mapping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accounts: Option<AccountList>,
    /// What was assumed while reading (the encoding).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The fields a column of a survey export can hold, in the order the mapping step offers
/// them (each rated target twice: as asked, and reverse-keyed).
pub fn export_choices() -> Vec<Field> {
    let mut out = ACCOUNT_FIELDS.to_vec();
    out.extend([
        Field::Email,
        Field::Respondent,
        Field::Role,
        Field::Wave,
        Field::Date,
        Field::Nps,
    ]);
    for t in rapport_engine::Target::ALL {
        for reverse in [false, true] {
            out.push(Field::Rating {
                dimension: t.id().to_string(),
                reverse,
            });
        }
    }
    out.extend([Field::Comment, Field::Finished, Field::Status]);
    out
}

/// The fields a column of an account list can hold (`Invited("")`: the import's wave).
pub fn list_choices() -> Vec<Field> {
    let mut out = ACCOUNT_FIELDS.to_vec();
    out.extend([Field::Domain, Field::Invited(String::new())]);
    out
}

/// What both an export's and an account list's columns can hold: nothing, or an account's
/// id, name, segment, owner and revenue.
const ACCOUNT_FIELDS: [Field; 6] = [
    Field::Ignore,
    Field::AccountId,
    Field::AccountName,
    Field::Segment,
    Field::Owner,
    Field::Revenue,
];

impl Field {
    /// A short id for a form's `<option>` (`rating:trust:reverse`, `invited:2024`).
    pub fn id(&self) -> String {
        let plain = match self {
            Field::Ignore => "ignore",
            Field::AccountId => "account_id",
            Field::AccountName => "account_name",
            Field::Segment => "segment",
            Field::Owner => "owner",
            Field::Revenue => "revenue",
            Field::Domain => "domain",
            Field::Email => "email",
            Field::Respondent => "respondent",
            Field::Role => "role",
            Field::Wave => "wave",
            Field::Date => "date",
            Field::Nps => "nps",
            Field::Comment => "comment",
            Field::Finished => "finished",
            Field::Status => "status",
            Field::Invited(w) => return format!("invited:{w}"),
            Field::Rating { dimension, reverse } => {
                return format!(
                    "rating:{dimension}{}",
                    if *reverse { ":reverse" } else { "" }
                )
            }
        };
        plain.to_string()
    }

    /// The field of an `id`.
    pub fn from_id(id: &str) -> Option<Field> {
        if let Some(w) = id.strip_prefix("invited:") {
            return Some(Field::Invited(w.to_string()));
        }
        if let Some(r) = id.strip_prefix("rating:") {
            let (d, reverse) = match r.strip_suffix(":reverse") {
                Some(d) => (d, true),
                None => (r, false),
            };
            return rapport_engine::Target::from_id(d).map(|t| Field::Rating {
                dimension: t.id().to_string(),
                reverse,
            });
        }
        export_choices()
            .into_iter()
            .chain(list_choices())
            .find(|f| f.id() == id)
    }

    /// What the mapping step calls it.
    pub fn label(&self) -> String {
        match self {
            Field::Ignore => "Not imported".into(),
            Field::AccountId => "Account id".into(),
            Field::AccountName => "Account name".into(),
            Field::Segment => "Segment".into(),
            Field::Owner => "Account owner".into(),
            Field::Revenue => "Revenue".into(),
            Field::Domain => "Web or e-mail domain".into(),
            Field::Email => "Respondent's e-mail".into(),
            Field::Respondent => "Respondent id".into(),
            Field::Role => "Respondent's role".into(),
            Field::Wave => "Wave".into(),
            Field::Date => "Date completed".into(),
            Field::Nps => "NPS: likely to recommend (0–10)".into(),
            Field::Comment => "Comment".into(),
            Field::Finished => "Finished (yes/no)".into(),
            Field::Status => "Response type (previews, tests)".into(),
            Field::Invited(w) if w.is_empty() => "Invited (this wave)".into(),
            Field::Invited(w) => format!("Invited in {w}"),
            Field::Rating { dimension, reverse } => {
                let name = rapport_engine::Target::from_id(dimension)
                    .map_or(dimension.as_str(), |t| {
                        rapport_engine::Metric::from(t).label()
                    });
                if *reverse {
                    format!("{name} (reverse-keyed)")
                } else {
                    name.to_string()
                }
            }
        }
    }
}
