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

    /// The profile as a small JSON file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A profile read from its JSON file.
    pub fn from_json(text: &str) -> Result<Profile, String> {
        let p: Profile = serde_json::from_str(text)
            .map_err(|e| format!("This is not an import profile: {e}."))?;
        if p.format != PROFILE_FORMAT {
            return Err(format!(
                "This is not an import profile: its `format` is \"{}\", not \"{PROFILE_FORMAT}\".",
                p.format
            ));
        }
        Ok(p)
    }
}
