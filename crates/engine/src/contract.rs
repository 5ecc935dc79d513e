//! The `rapport-scores/1` contract (SPEC §3): what the command-line scorer prints.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::model::{Dimension, Level, Metric, N_METRICS};
use super::problem::{LoadReport, Severity};
use super::score::{AccountScores, Filter, GroupScores, Portfolio};
use super::stats::{Change, Estimate, Nps};

/// A map serialized in the given order (dimension order rather than alphabetical).
struct Ordered<T>(Vec<(&'static str, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

fn levels<T: Copy>(values: &[T; N_METRICS]) -> Ordered<T> {
    Ordered(
        Level::ALL
            .iter()
            .map(|&l| (l.id(), values[Metric::Level(l).index()]))
            .collect(),
    )
}

fn dimensions<T: Copy>(values: &[T; N_METRICS]) -> Ordered<T> {
    let mut v: Vec<(&'static str, T)> = Dimension::ALL
        .iter()
        .map(|&d| (d.id(), values[d as usize]))
        .collect();
    v.push(("solution", values[Metric::Solution.index()]));
    Ordered(v)
}

#[derive(Serialize)]
struct ExcludedOut<'a> {
    pointer: &'a str,
    record: Option<&'a str>,
    code: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct PortfolioOut {
    n_accounts: usize,
    n_responses: usize,
    response_rate: Option<f64>,
    crq: Estimate,
    levels: Ordered<Estimate>,
    dimensions: Ordered<Estimate>,
    nps: Nps,
}

#[derive(Serialize)]
struct AccountOut<'a> {
    account: &'a str,
    n_responses: usize,
    response_rate: Option<f64>,
    crq: Estimate,
    levels: Ordered<Estimate>,
    dimensions: Ordered<Estimate>,
    nps: Nps,
    advocacy: Option<f64>,
    band: Option<&'static str>,
    #[serde(rename = "type")]
    kind: Option<&'static str>,
}

#[derive(Serialize)]
struct WaveOut<'a> {
    wave: &'a str,
    portfolio: PortfolioOut,
    accounts: Vec<AccountOut<'a>>,
}

#[derive(Serialize)]
struct ChangeOut<'a> {
    from: &'a str,
    to: &'a str,
    crq: Change,
    levels: Ordered<Change>,
    dimensions: Ordered<Change>,
    nps: Change,
}

#[derive(Serialize)]
struct ScoresOut<'a> {
    format: &'static str,
    excluded: Vec<ExcludedOut<'a>>,
    warnings: Vec<ExcludedOut<'a>>,
    waves: Vec<WaveOut<'a>>,
    changes: Vec<ChangeOut<'a>>,
}

fn account_out<'a>(p: &'a Portfolio, a: &AccountScores) -> AccountOut<'a> {
    AccountOut {
        account: &p.data.accounts[a.account].id,
        n_responses: a.n_responses,
        response_rate: a.response_rate,
        crq: a.metrics[Metric::Crq.index()],
        levels: levels(&a.metrics),
        dimensions: dimensions(&a.metrics),
        nps: a.nps,
        advocacy: a.advocacy,
        band: a.band.map(|b| b.id()),
        kind: a.kind().map(|k| k.id()),
    }
}

fn portfolio_out(g: &GroupScores) -> PortfolioOut {
    PortfolioOut {
        n_accounts: g.n_accounts,
        n_responses: g.n_responses,
        response_rate: g.response_rate,
        crq: g.metrics[Metric::Crq.index()],
        levels: levels(&g.metrics),
        dimensions: dimensions(&g.metrics),
        nps: g.nps,
    }
}

/// The scores contract as a JSON value, for the whole portfolio.
pub fn scores_json(p: &Portfolio, report: &LoadReport) -> serde_json::Value {
    let groups: Vec<GroupScores> = (0..p.data.waves.len())
        .map(|w| p.score_group(w, &Filter::all()))
        .collect();
    let problem_out = |sev: Severity| {
        report
            .problems
            .iter()
            .filter(move |x| x.severity == sev)
            .map(|x| ExcludedOut {
                pointer: &x.pointer,
                record: x.record.as_deref(),
                code: x.code.id(),
                message: &x.message,
            })
            .collect::<Vec<_>>()
    };
    let out = ScoresOut {
        format: "rapport-scores/1",
        excluded: problem_out(Severity::Excluded),
        warnings: problem_out(Severity::Warning),
        waves: groups
            .iter()
            .map(|g| WaveOut {
                wave: &p.data.waves[g.wave].id,
                portfolio: portfolio_out(g),
                accounts: g.accounts.iter().map(|a| account_out(p, a)).collect(),
            })
            .collect(),
        changes: groups
            .windows(2)
            .map(|pair| {
                let c = Portfolio::change(&pair[0], &pair[1]);
                ChangeOut {
                    from: &p.data.waves[c.from].id,
                    to: &p.data.waves[c.to].id,
                    crq: c.metrics[Metric::Crq.index()],
                    levels: levels(&c.metrics),
                    dimensions: dimensions(&c.metrics),
                    nps: c.nps,
                }
            })
            .collect(),
    };
    serde_json::to_value(out).unwrap_or(serde_json::Value::Null)
}
