//! The app's view and filters as a URL query string, so links, reload and back/forward work.

use crate::engine::{Aggregation, DiagramOrder, Role};

/// The main views of the app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum View {
    #[default]
    Overview,
    Diagram,
    Trends,
    Account,
    Drivers,
    Settings,
}

impl View {
    pub const ALL: [View; 6] = [
        View::Overview,
        View::Diagram,
        View::Trends,
        View::Account,
        View::Drivers,
        View::Settings,
    ];

    pub fn id(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Diagram => "diagram",
            View::Trends => "trends",
            View::Account => "account",
            View::Drivers => "drivers",
            View::Settings => "settings",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Diagram => "CRQ diagram",
            View::Trends => "Trends",
            View::Account => "Account",
            View::Drivers => "Key drivers",
            View::Settings => "Model",
        }
    }

    pub fn from_id(id: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id() == id)
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
    /// Metric id of the trend chart (crq, a level, a dimension, solution, nps).
    pub metric: Option<String>,
    /// What the trend chart compares: segment, owner, role or account.
    pub compare: Option<String>,
    /// Comma-separated series keys picked for comparison (at most five).
    pub series: Option<String>,
    /// The diagram block whose detail is open.
    pub block: Option<String>,
    pub aggregation: Option<Aggregation>,
    /// The level diagram's order, when the user turned it from the data file's setting.
    pub diagram: Option<DiagramOrder>,
    /// Sort column of the accounts table, with a leading '-' for descending.
    pub sort: Option<String>,
    /// URL of the data set (`?data=`).
    pub data: Option<String>,
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
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
                "metric" => r.metric = Some(v),
                "compare" => r.compare = Some(v),
                "series" => r.series = Some(v),
                "block" => r.block = Some(v),
                "agg" => r.aggregation = Aggregation::from_id(&v),
                "diagram" => r.diagram = DiagramOrder::from_id(&v),
                "sort" => r.sort = Some(v),
                "data" => r.data = Some(v),
                _ => {}
            }
        }
        r
    }

    /// The query string for this route ("" for the default view), `data` first.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        if let Some(d) = &self.data {
            parts.push(("data", d.clone()));
        }
        if self.view != View::Overview {
            parts.push(("view", self.view.id().to_string()));
        }
        let opt = [
            ("wave", &self.wave),
            ("segment", &self.segment),
            ("owner", &self.owner),
        ];
        for (k, v) in opt {
            if let Some(v) = v {
                parts.push((k, v.clone()));
            }
        }
        if let Some(role) = self.role {
            parts.push(("role", role.id().to_string()));
        }
        let opt = [
            ("account", &self.account),
            ("metric", &self.metric),
            ("compare", &self.compare),
            ("series", &self.series),
            ("block", &self.block),
        ];
        for (k, v) in opt {
            if let Some(v) = v {
                parts.push((k, v.clone()));
            }
        }
        if let Some(a) = self.aggregation {
            parts.push(("agg", a.id().to_string()));
        }
        if let Some(d) = self.diagram {
            parts.push(("diagram", d.id().to_string()));
        }
        if let Some(s) = &self.sort {
            parts.push(("sort", s.clone()));
        }
        if parts.is_empty() {
            return String::new();
        }
        let body: Vec<String> = parts
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect();
        format!("?{}", body.join("&"))
    }
}
