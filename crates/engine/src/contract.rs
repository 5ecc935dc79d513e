//! The `rapport-scores/1` contract (SPEC §3): what the command-line scorer prints.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::model::{
    Band, Dimension, GoalScope, Level, Measure, Metric, RelationshipType, Verdict, N_METRICS,
};
use super::plan::{plan_effects, plans_from_dataset, PlanAction};
use super::problem::{LoadReport, Severity};
use super::regression::Coefficient;
use super::score::{AccountScores, Filter, GroupScores, Portfolio};
use super::stats::{Change, Estimate, Nps};
#[cfg(feature = "inside")]
use super::summary::{
    calibration, obstacles, perception_gaps, Calibration, GapKind, ShareChange, Versus,
};
use super::summary::{
    coverage, driver_regression, goal_checks, largest_falls, largest_rises, revenue_by_band,
    revenue_by_type, types_improved, DriverRegression, Move, Outcome, RevenueSplit,
};

/// The perception gaps of the accounts in scope in `wave`, and each owner's calibration.
#[cfg(feature = "inside")]
fn perception_out<'a>(p: &'a Portfolio, wave: usize, filter: &Filter) -> PerceptionOut<'a> {
    let gaps = perception_gaps(p, wave, filter);
    let count = |k: GapKind| {
        gaps.iter()
            .flat_map(|a| &a.gaps)
            .filter(|g| g.kind == Some(k))
            .count()
    };
    PerceptionOut {
        blind_spots: count(GapKind::BlindSpot),
        undervalued_strengths: count(GapKind::UndervaluedStrength),
        owners: calibration(p, &gaps),
        accounts: gaps
            .iter()
            .map(|a| AccountGapsOut {
                account: &p.data.accounts[a.account].id,
                gaps: a
                    .gaps
                    .iter()
                    .map(|g| GapOut {
                        dimension: g.target.id(),
                        vs: g.vs.clone(),
                        kind: g.kind,
                    })
                    .collect(),
                nps: a.nps.clone(),
            })
            .collect(),
    }
}

/// How many accounts the lists of largest moves hold (as the overview shows).
const MOVES: usize = 5;

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
struct PortfolioOut<'a> {
    n_accounts: usize,
    n_responses: usize,
    response_rate: Option<f64>,
    crq: Estimate,
    levels: Ordered<Estimate>,
    dimensions: Ordered<Estimate>,
    nps: Nps,
    revenue: RevenueOut,
    coverage: CoverageOut<'a>,
    drivers_regression: DriversOut,
}

/// Key drivers that predict (README, "Figures beyond the SPEC").
#[derive(Serialize)]
struct DriversOut {
    nps: Option<RegressionOut>,
    commitment: Option<RegressionOut>,
}

#[derive(Serialize)]
struct RegressionOut {
    n: usize,
    r2: f64,
    adj_r2: f64,
    sigma: f64,
    coefficients: Ordered<Coefficient>,
    vif: Ordered<f64>,
    collinear: bool,
}

#[derive(Clone, Copy, Serialize)]
struct ClassOut {
    accounts: usize,
    revenue: f64,
}

/// Revenue by type and by band (README, "Revenue at risk").
#[derive(Serialize)]
struct RevenueOut {
    at_risk: f64,
    at_risk_share: Option<f64>,
    weak_bands: f64,
    by_type: Ordered<ClassOut>,
    by_band: Ordered<ClassOut>,
    /// Revenue of the typed accounts with a known revenue.
    total: f64,
    /// Typed accounts whose revenue is not known.
    accounts_without_revenue: usize,
}

/// Coverage (README, "Coverage").
#[derive(Serialize)]
struct CoverageOut<'a> {
    accounts_expected: usize,
    accounts_heard: usize,
    account_share: Option<f64>,
    revenue_expected: f64,
    revenue_heard: f64,
    revenue_share: Option<f64>,
    accounts_without_revenue: usize,
    silent: Vec<&'a str>,
    no_decision_maker: Vec<&'a str>,
}

#[derive(Serialize)]
struct MoveOut<'a> {
    account: &'a str,
    delta: f64,
    p: Option<f64>,
    significant: bool,
}

#[derive(Serialize)]
struct TypeStepOut<'a> {
    account: &'a str,
    from: &'static str,
    to: &'static str,
}

#[derive(Serialize)]
struct AtRiskChange {
    from: f64,
    to: f64,
    delta: f64,
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
struct FilterOut<'a> {
    segment: Option<&'a str>,
    owner: Option<&'a str>,
    role: Option<&'static str>,
}

#[derive(Serialize)]
struct WaveOut<'a> {
    wave: &'a str,
    portfolio: PortfolioOut<'a>,
    accounts: Vec<AccountOut<'a>>,
    targets: Vec<GoalOut<'a>>,
    /// The inside view (README, "The inside view"): the accounts' perception gaps and each
    /// owner's calibration, and the obstacles survey (of all staff).
    #[cfg(feature = "inside")]
    perception: PerceptionOut<'a>,
    #[cfg(feature = "inside")]
    obstacles: Vec<ObstacleOut<'a>>,
}

#[cfg(feature = "inside")]
#[derive(Serialize)]
struct PerceptionOut<'a> {
    accounts: Vec<AccountGapsOut<'a>>,
    owners: Vec<Calibration>,
    blind_spots: usize,
    undervalued_strengths: usize,
}

#[cfg(feature = "inside")]
#[derive(Serialize)]
struct AccountGapsOut<'a> {
    account: &'a str,
    gaps: Vec<GapOut>,
    nps: Option<Versus>,
}

#[cfg(feature = "inside")]
#[derive(Serialize)]
struct GapOut {
    dimension: &'static str,
    /// client, team, team_n, gap, gap_low, gap_high.
    #[serde(flatten)]
    vs: Versus,
    kind: Option<GapKind>,
}

#[cfg(feature = "inside")]
#[derive(Serialize)]
struct ObstacleOut<'a> {
    statement: &'a str,
    n: usize,
    /// Completely disagree … completely agree.
    counts: [usize; 5],
    agree: Option<f64>,
    change: Option<ShareChange>,
}

/// A target checked in a wave (README, "Targets").
#[derive(Serialize)]
struct GoalOut<'a> {
    metric: Measure,
    scope: &'a GoalScope,
    /// The wave the target is for; null: every wave.
    wave: Option<&'a str>,
    value: f64,
    score: Option<f64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    n: usize,
    verdict: Option<Verdict>,
    gap: Option<f64>,
}

#[derive(Serialize)]
struct ChangeOut<'a> {
    from: &'a str,
    to: &'a str,
    crq: Change,
    levels: Ordered<Change>,
    dimensions: Ordered<Change>,
    nps: Change,
    revenue_at_risk: AtRiskChange,
    rose_most: Vec<MoveOut<'a>>,
    fell_most: Vec<MoveOut<'a>>,
    type_improved: Vec<TypeStepOut<'a>>,
}

/// Do plans work (README, "Figures beyond the SPEC").
#[derive(Serialize)]
struct PlanEffectOut<'a> {
    from: &'a str,
    to: &'a str,
    target: &'static str,
    acted: Estimate,
    others: Estimate,
    difference: Change,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    actions: Vec<&'a str>,
}

#[derive(Serialize)]
struct ScoresOut<'a> {
    format: &'static str,
    excluded: Vec<ExcludedOut<'a>>,
    warnings: Vec<ExcludedOut<'a>>,
    /// The scope every number below is of (all nulls: the whole portfolio).
    filter: FilterOut<'a>,
    waves: Vec<WaveOut<'a>>,
    changes: Vec<ChangeOut<'a>>,
    plan_effects: Vec<PlanEffectOut<'a>>,
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

fn split_out<const N: usize>(r: &RevenueSplit<N>, ids: [&'static str; N]) -> Ordered<ClassOut> {
    Ordered(
        ids.iter()
            .enumerate()
            .map(|(i, &id)| {
                let c = ClassOut {
                    accounts: r.accounts[i],
                    revenue: r.revenue[i],
                };
                (id, c)
            })
            .collect(),
    )
}

fn revenue_out(p: &Portfolio, g: &GroupScores) -> RevenueOut {
    let by_type = revenue_by_type(g, &p.data.accounts);
    let by_band = revenue_by_band(g, &p.data.accounts);
    RevenueOut {
        at_risk: by_type.at_risk(),
        at_risk_share: by_type.at_risk_share(),
        weak_bands: by_band.weak(),
        by_type: split_out(&by_type, RelationshipType::ALL.map(RelationshipType::id)),
        by_band: split_out(&by_band, Band::ALL.map(Band::id)),
        total: by_type.total,
        accounts_without_revenue: by_type.unknown,
    }
}

fn ids<'a>(p: &'a Portfolio, accounts: &[usize]) -> Vec<&'a str> {
    accounts
        .iter()
        .map(|&a| p.data.accounts[a].id.as_str())
        .collect()
}

fn coverage_out<'a>(p: &'a Portfolio, wave: usize, filter: &Filter) -> CoverageOut<'a> {
    let c = coverage(p, wave, filter);
    CoverageOut {
        accounts_expected: c.expected,
        accounts_heard: c.heard,
        account_share: c.account_share(),
        revenue_expected: c.revenue_expected,
        revenue_heard: c.revenue_heard,
        revenue_share: c.revenue_share(),
        accounts_without_revenue: c.unknown_revenue,
        silent: ids(p, &c.silent),
        no_decision_maker: ids(p, &c.no_decision_maker),
    }
}

fn moves_out<'a>(p: &'a Portfolio, moves: Vec<Move>) -> Vec<MoveOut<'a>> {
    moves
        .into_iter()
        .map(|m| MoveOut {
            account: &p.data.accounts[m.account].id,
            delta: m.delta,
            p: m.change.p,
            significant: m.change.significant,
        })
        .collect()
}

/// The change from `before` to `now`, whose revenue at risk is `[from, to]` (as their waves'
/// output already has it).
fn change_out<'a>(
    p: &'a Portfolio,
    before: &GroupScores,
    now: &GroupScores,
    [from, to]: [f64; 2],
) -> ChangeOut<'a> {
    let c = Portfolio::change(before, now);
    let n = p.data.accounts.len();
    ChangeOut {
        from: &p.data.waves[c.from].id,
        to: &p.data.waves[c.to].id,
        crq: c.metrics[Metric::Crq.index()],
        levels: levels(&c.metrics),
        dimensions: dimensions(&c.metrics),
        nps: c.nps,
        revenue_at_risk: AtRiskChange {
            from,
            to,
            delta: to - from,
        },
        rose_most: moves_out(p, largest_rises(now, before, n, MOVES)),
        fell_most: moves_out(p, largest_falls(now, before, n, MOVES)),
        type_improved: types_improved(now, before, n)
            .into_iter()
            .map(|s| TypeStepOut {
                account: &p.data.accounts[s.account].id,
                from: s.from.id(),
                to: s.to.id(),
            })
            .collect(),
    }
}

fn plan_effects_out<'a>(
    p: &'a Portfolio,
    actions: &'a [PlanAction],
    filter: &Filter,
) -> Vec<PlanEffectOut<'a>> {
    plan_effects(p, actions, filter)
        .into_iter()
        .map(|e| PlanEffectOut {
            from: &p.data.waves[e.from].id,
            to: &p.data.waves[e.to].id,
            target: e.target.id(),
            acted: e.acted,
            others: e.others,
            difference: e.difference,
            ci_low: e.ci.map(|c| c.0),
            ci_high: e.ci.map(|c| c.1),
            actions: e.actions.iter().map(|&i| actions[i].id.as_str()).collect(),
        })
        .collect()
}

fn regression_out(r: DriverRegression) -> RegressionOut {
    let names = || r.predictors.iter().map(|d| d.id());
    RegressionOut {
        n: r.fit.n,
        r2: r.fit.r2,
        adj_r2: r.fit.adj_r2,
        sigma: r.fit.sigma,
        coefficients: Ordered(
            std::iter::once("intercept")
                .chain(names())
                .zip(r.fit.coefficients.iter().copied())
                .collect(),
        ),
        vif: Ordered(names().zip(r.fit.vif.iter().copied()).collect()),
        collinear: r.collinear(),
    }
}

fn portfolio_out<'a>(p: &'a Portfolio, g: &GroupScores, filter: &Filter) -> PortfolioOut<'a> {
    PortfolioOut {
        n_accounts: g.n_accounts,
        n_responses: g.n_responses,
        response_rate: g.response_rate,
        crq: g.metrics[Metric::Crq.index()],
        levels: levels(&g.metrics),
        dimensions: dimensions(&g.metrics),
        nps: g.nps,
        revenue: revenue_out(p, g),
        coverage: coverage_out(p, g.wave, filter),
        drivers_regression: DriversOut {
            nps: driver_regression(p, g.wave, filter, Outcome::Nps).map(regression_out),
            commitment: driver_regression(p, g.wave, filter, Outcome::Commitment)
                .map(regression_out),
        },
    }
}

/// The scores contract as a JSON value, for the whole portfolio.
pub fn scores_json(p: &Portfolio, report: &LoadReport) -> serde_json::Value {
    scores_json_of(p, report, &Filter::all())
}

/// The scores contract of the scope of `filter` (segment, owner, role): every portfolio
/// figure, account list and change is of that scope, as the app shows it under the same
/// filters.
pub fn scores_json_of(p: &Portfolio, report: &LoadReport, filter: &Filter) -> serde_json::Value {
    let groups: Vec<GroupScores> = (0..p.data.waves.len())
        .map(|w| p.score_group(w, filter))
        .collect();
    let actions = plans_from_dataset(&p.data);
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
    let waves: Vec<WaveOut> = groups
        .iter()
        .map(|g| WaveOut {
            wave: &p.data.waves[g.wave].id,
            portfolio: portfolio_out(p, g, filter),
            accounts: g.accounts.iter().map(|a| account_out(p, a)).collect(),
            targets: goal_checks(p, &p.data.model.targets, g.wave, filter)
                .into_iter()
                .map(|c| {
                    let goal = &p.data.model.targets[c.goal];
                    GoalOut {
                        metric: goal.measure,
                        scope: &goal.scope,
                        wave: goal.wave.as_deref(),
                        value: goal.value,
                        score: c.score,
                        ci_low: c.ci_low,
                        ci_high: c.ci_high,
                        n: c.n,
                        verdict: c.verdict,
                        gap: c.gap,
                    }
                })
                .collect(),
            #[cfg(feature = "inside")]
            perception: perception_out(p, g.wave, filter),
            #[cfg(feature = "inside")]
            obstacles: obstacles(p, g.wave, None)
                .into_iter()
                .map(|s| ObstacleOut {
                    statement: &p.data.inside.statements[s.statement].id,
                    n: s.n,
                    counts: s.counts,
                    agree: s.agree,
                    change: s.change,
                })
                .collect(),
        })
        .collect();
    let out = ScoresOut {
        format: "rapport-scores/1",
        excluded: problem_out(Severity::Excluded),
        warnings: problem_out(Severity::Warning),
        filter: FilterOut {
            segment: filter.segment.as_deref(),
            owner: filter.owner.as_deref(),
            role: filter.role.map(|r| r.id()),
        },
        changes: groups
            .windows(2)
            .zip(waves.windows(2))
            .map(|(pair, out)| {
                let risk = [&out[0], &out[1]].map(|w| w.portfolio.revenue.at_risk);
                change_out(p, &pair[0], &pair[1], risk)
            })
            .collect(),
        waves,
        plan_effects: plan_effects_out(p, &actions, filter),
    };
    serde_json::to_value(out).unwrap_or(serde_json::Value::Null)
}
