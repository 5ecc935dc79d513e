//! The app's view and filters as a URL query string, so links, reload and back/forward work.

use crate::chart::TrendMetric;
use crate::engine::{Aggregation, DiagramOrder, Metric, Role};

/// The main views of the app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum View {
    #[default]
    Overview,
    Diagram,
    Trends,
    Account,
    Drivers,
    /// The inside view: the account teams' perception gap and the obstacles survey.
    Inside,
    Settings,
    /// Importing a survey export (reached from the header, not a tab).
    Import,
    /// The board pack: overview, diagram and trends, a part per printed page (reached from
    /// the overview, not a tab).
    Board,
}

impl View {
    /// The views of the data on screen, one tab each.
    pub const TABS: [View; 7] = [
        View::Overview,
        View::Diagram,
        View::Trends,
        View::Account,
        View::Drivers,
        View::Inside,
        View::Settings,
    ];
    pub const ALL: [View; 9] = [
        View::Overview,
        View::Diagram,
        View::Trends,
        View::Account,
        View::Drivers,
        View::Inside,
        View::Settings,
        View::Import,
        View::Board,
    ];

    pub fn id(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Diagram => "diagram",
            View::Trends => "trends",
            View::Account => "account",
            View::Drivers => "drivers",
            View::Inside => "inside",
            View::Settings => "settings",
            View::Import => "import",
            View::Board => "board",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Diagram => "CRQ diagram",
            View::Trends => "Trends",
            View::Account => "Account",
            View::Drivers => "Key drivers",
            View::Inside => "Inside view",
            View::Settings => "Model",
            View::Import => "Import survey export…",
            View::Board => "Board pack",
        }
    }

    pub fn from_id(id: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id() == id)
    }
}

/// What the trend chart compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Compare {
    Segment,
    Owner,
    Role,
    Account,
}

impl Compare {
    pub const ALL: [Compare; 4] = [
        Compare::Segment,
        Compare::Owner,
        Compare::Role,
        Compare::Account,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Compare::Segment => "segment",
            Compare::Owner => "owner",
            Compare::Role => "role",
            Compare::Account => "account",
        }
    }

    /// What is compared, as the picker says it.
    pub fn label(self) -> &'static str {
        match self {
            Compare::Segment => "Segments",
            Compare::Owner => "Owners",
            Compare::Role => "Respondent roles",
            Compare::Account => "Accounts",
        }
    }

    pub fn from_id(id: &str) -> Option<Compare> {
        Compare::ALL.into_iter().find(|c| c.id() == id)
    }
}

/// A column of the accounts table (what it can be sorted by).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    Name,
    Segment,
    Crq,
    Change,
    Nps,
    Revenue,
    Type,
    Band,
    Rate,
}

impl SortKey {
    /// The table's columns, in order.
    pub const ALL: [SortKey; 9] = [
        SortKey::Name,
        SortKey::Segment,
        SortKey::Crq,
        SortKey::Change,
        SortKey::Nps,
        SortKey::Revenue,
        SortKey::Type,
        SortKey::Band,
        SortKey::Rate,
    ];

    pub fn id(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Segment => "segment",
            SortKey::Crq => "crq",
            SortKey::Change => "change",
            SortKey::Nps => "nps",
            SortKey::Revenue => "revenue",
            SortKey::Type => "type",
            SortKey::Band => "band",
            SortKey::Rate => "rate",
        }
    }

    /// The column's heading.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "Account",
            SortKey::Segment => "Segment",
            SortKey::Crq => "CRQ",
            SortKey::Change => "Change",
            SortKey::Nps => "NPS",
            SortKey::Revenue => "Revenue",
            SortKey::Type => "Type",
            SortKey::Band => "Band",
            SortKey::Rate => "Response rate",
        }
    }

    /// Whether the column holds numbers (aligned right).
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            SortKey::Crq | SortKey::Change | SortKey::Nps | SortKey::Revenue | SortKey::Rate
        )
    }

    pub fn from_id(id: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// The order of the accounts table: a column, ascending or descending (`-crq` in the address).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for Sort {
    /// Largest revenue first.
    fn default() -> Sort {
        Sort {
            key: SortKey::Revenue,
            descending: true,
        }
    }
}

impl Sort {
    /// As the address writes it: the column's id, after a '-' when descending.
    pub fn id(self) -> String {
        let key = self.key.id();
        if self.descending {
            ["-", key].concat()
        } else {
            key.to_string()
        }
    }

    pub fn from_id(id: &str) -> Option<Sort> {
        let (descending, key) = match id.strip_prefix('-') {
            Some(key) => (true, key),
            None => (false, id),
        };
        Some(Sort {
            key: SortKey::from_id(key)?,
            descending,
        })
    }

    /// The order after a click on `key`'s heading: ascending, or descending when it was
    /// already sorted ascending by it.
    pub fn clicked(self, key: SortKey) -> Sort {
        Sort {
            key,
            descending: self.key == key && !self.descending,
        }
    }
}

/// Everything the address bar holds. Unknown or malformed parameters are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Route {
    pub view: View,
    /// Wave id; the latest wave when absent.
    pub wave: Option<String>,
    pub segment: Option<String>,
    pub owner: Option<String>,
    pub role: Option<Role>,
    /// Account id, for the account view.
    pub account: Option<String>,
    /// What the trend chart plots (CRQ when absent).
    pub metric: Option<TrendMetric>,
    /// What the trend chart compares (nothing when absent).
    pub compare: Option<Compare>,
    /// The series picked for comparison (at most five; `a,b` in the address).
    pub series: Vec<String>,
    /// The diagram block whose detail is open.
    pub block: Option<Metric>,
    pub aggregation: Option<Aggregation>,
    /// The level diagram's order, when the user turned it from the data file's setting.
    pub diagram: Option<DiagramOrder>,
    /// The accounts table's order (largest revenue first when absent).
    pub sort: Option<Sort>,
    /// The accounts table shows only the accounts of this relationship type or band (its id:
    /// the two sets of ids are disjoint).
    pub only: Option<String>,
    /// URL of the data set (`?data=`).
    pub data: Option<String>,
    /// URL of an import profile (`?profile=`, with the import view).
    pub profile: Option<String>,
}

/// Appends `s` percent-encoded (a space as '+'; `,` `:` `/` kept, so shared links stay
/// readable).
fn encode_into(out: &mut String, s: &str) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b','
            | b':'
            | b'/' => out.push(b as char),
            b' ' => out.push('+'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

impl Route {
    /// Parses `?a=b&c=d` (the leading '?' is optional).
    pub fn from_query(query: &str) -> Route {
        let mut r = Route::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let Some(v) = decode(v).filter(|v| !v.is_empty()) else {
                continue;
            };
            match k {
                "view" => r.view = View::from_id(&v).unwrap_or_default(),
                "wave" => r.wave = Some(v),
                "segment" => r.segment = Some(v),
                "owner" => r.owner = Some(v),
                "role" => r.role = Role::from_id(&v),
                "account" => r.account = Some(v),
                "metric" => r.metric = TrendMetric::from_id(&v),
                "compare" => r.compare = Compare::from_id(&v),
                "series" => r.series = v.split(',').map(str::to_string).collect(),
                "block" => r.block = Metric::from_id(&v),
                "agg" => r.aggregation = Aggregation::from_id(&v),
                "diagram" => r.diagram = DiagramOrder::from_id(&v),
                "sort" => r.sort = Sort::from_id(&v),
                "only" => r.only = Some(v),
                "data" => r.data = Some(v),
                "profile" => r.profile = Some(v),
                _ => {}
            }
        }
        r
    }

    /// The query string for this route ("" for the default view), `data` first.
    /// This route with an account's view open.
    pub fn open_account(&mut self, id: &str) {
        self.view = View::Account;
        self.account = Some(id.to_string());
    }

    pub fn to_query(&self) -> String {
        let series = self.series.join(",");
        let sort = self.sort.map(Sort::id);
        let fields = [
            ("data", self.data.as_deref()),
            (
                "view",
                (self.view != View::Overview).then(|| self.view.id()),
            ),
            ("wave", self.wave.as_deref()),
            ("segment", self.segment.as_deref()),
            ("owner", self.owner.as_deref()),
            ("role", self.role.map(Role::id)),
            ("account", self.account.as_deref()),
            ("metric", self.metric.map(TrendMetric::id)),
            ("compare", self.compare.map(Compare::id)),
            ("series", Some(series.as_str()).filter(|s| !s.is_empty())),
            ("block", self.block.map(Metric::id)),
            ("agg", self.aggregation.map(Aggregation::id)),
            ("diagram", self.diagram.map(DiagramOrder::id)),
            ("sort", sort.as_deref()),
            ("only", self.only.as_deref()),
            ("profile", self.profile.as_deref()),
        ];
        let mut out = String::new();
        for (key, value) in fields {
            if let Some(value) = value {
                out.push(if out.is_empty() { '?' } else { '&' });
                out.push_str(key);
                out.push('=');
                encode_into(&mut out, value);
            }
        }
        out
    }
}
