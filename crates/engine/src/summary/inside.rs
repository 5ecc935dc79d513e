//! The inside view (README, "The inside view"; issue 16): the account team's predictions
//! against its clients' answers (the perception gap, blind spots, each owner's calibration),
//! and the obstacles survey's shares of agreement with their change.

use serde::Serialize;

use crate::data::Prediction;
use crate::model::{Band, Model, Target};
use crate::score::{Filter, Portfolio};
use crate::stats::{mean, z_two_sided_p, Estimate, Z_975};

/// How a gap reads (README, "The inside view").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// The team believes it strong, the client rates it weak, and the client's whole 95%
    /// interval is below the team's prediction.
    BlindSpot,
    /// Both rate it weak: the team already knows.
    KnownWeakness,
    /// The client rates it strong, the team did not, and the client's whole interval is
    /// above the team's prediction.
    UndervaluedStrength,
}

impl GapKind {
    /// As the contract writes it.
    pub fn id(self) -> &'static str {
        match self {
            GapKind::BlindSpot => "blind_spot",
            GapKind::KnownWeakness => "known_weakness",
            GapKind::UndervaluedStrength => "undervalued_strength",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GapKind::BlindSpot => "Blind spot",
            GapKind::KnownWeakness => "Known weakness",
            GapKind::UndervaluedStrength => "Undervalued strength",
        }
    }
}

/// The client's estimate against the team's predictions of it (a dimension's score, or the
/// NPS answer).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Versus {
    /// The client's score (its respondents as units, of the role in scope) with its 95%
    /// interval.
    pub client: Estimate,
    /// The mean of the team's predictions, and how many predicted it.
    pub team: f64,
    pub team_n: usize,
    /// client − team, with the client's interval moved by the team's mean (the team's
    /// mean is the reference, not a sample).
    pub gap: f64,
    pub gap_low: Option<f64>,
    pub gap_high: Option<f64>,
}

impl Versus {
    /// `client` against the predictions `said`; none when either is missing.
    fn of(client: Estimate, said: &[f64]) -> Option<Versus> {
        let c = client.mean?;
        if said.is_empty() {
            return None;
        }
        let team = said.iter().sum::<f64>() / said.len() as f64;
        Some(Versus {
            client,
            team,
            team_n: said.len(),
            gap: c - team,
            gap_low: client.ci_low.map(|l| l - team),
            gap_high: client.ci_high.map(|h| h - team),
        })
    }
}

/// One dimension (or Solution) of one account in one wave: the client's score against the
/// team's prediction, and what it reads as.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    pub target: Target,
    pub vs: Versus,
    pub kind: Option<GapKind>,
}

/// An account's perception gaps in a wave (only the dimensions both predicted and rated).
#[derive(Clone, Debug, PartialEq)]
pub struct AccountGaps {
    /// Index into `Dataset::accounts`.
    pub account: usize,
    pub gaps: Vec<Gap>,
    /// The NPS answer (0–10): the clients' mean with its interval against the team's mean
    /// prediction, when both are given.
    pub nps: Option<Versus>,
}

/// Whether `score` is strong (Good band or above) or weak (Vulnerable or At risk).
fn strong(model: &Model, score: f64) -> bool {
    matches!(model.band(score), Band::Excellent | Band::Good)
}

fn weak(model: &Model, score: f64) -> bool {
    matches!(model.band(score), Band::Vulnerable | Band::AtRisk)
}

/// What a gap reads as: the client's interval [`low`, `high`] around `client`, against the
/// team's mean prediction `team`.
pub fn gap_kind(model: &Model, client: f64, low: f64, high: f64, team: f64) -> Option<GapKind> {
    if strong(model, team) && weak(model, client) && high < team {
        Some(GapKind::BlindSpot)
    } else if weak(model, team) && weak(model, client) {
        Some(GapKind::KnownWeakness)
    } else if strong(model, client) && !strong(model, team) && low > team {
        Some(GapKind::UndervaluedStrength)
    } else {
        None
    }
}

/// The perception gaps of every account in the scope of `filter` with a prediction in
/// `wave`, in the order of the accounts.
pub fn perception_gaps(p: &Portfolio, wave: usize, filter: &Filter) -> Vec<AccountGaps> {
    let data = &p.data;
    // The wave's predictions by account, in the order of the accounts (one pass).
    let mut by_account: std::collections::BTreeMap<usize, Vec<&Prediction>> = Default::default();
    for x in data.inside.predictions.iter().filter(|x| x.wave == wave) {
        if filter.admits_account(data, x.account) {
            by_account.entry(x.account).or_default().push(x);
        }
    }
    let mut out = Vec::new();
    for (a, predictions) in by_account {
        let group = Filter {
            account: Some(a),
            role: filter.role,
            ..Filter::all()
        };
        // The account's own scores (its responses of the wave, through the index).
        let scores = p.score_group_accounts(wave, &group, a..a + 1);
        let Some(scores) = scores.first() else {
            continue; // Not heard in this wave: nothing to compare with.
        };
        let gaps = Target::ALL
            .iter()
            .filter_map(|&t| {
                let said: Vec<f64> = predictions
                    .iter()
                    .filter_map(|x| x.ratings.iter().find(|r| r.0 == t).map(|r| r.1))
                    .collect();
                let vs = Versus::of(scores.metrics[t.index()], &said)?;
                let (c, team) = (vs.client.mean?, vs.team);
                let kind = match (vs.client.ci_low, vs.client.ci_high) {
                    (Some(l), Some(h)) => gap_kind(&data.model, c, l, h, team),
                    // Without an interval (one respondent) only agreement on a weakness
                    // can be read.
                    _ => (weak(&data.model, team) && weak(&data.model, c))
                        .then_some(GapKind::KnownWeakness),
                };
                Some(Gap {
                    target: t,
                    vs,
                    kind,
                })
            })
            .collect();
        let said: Vec<f64> = predictions
            .iter()
            .filter_map(|x| x.nps.map(f64::from))
            .collect();
        let answers = p
            .responses_in(wave, &group)
            .into_iter()
            .filter_map(|i| data.responses[i].nps.map(f64::from));
        out.push(AccountGaps {
            account: a,
            gaps,
            nps: Versus::of(mean(answers), &said),
        });
    }
    out
}

/// An owner's calibration in a wave: how far the team's predictions were from its clients'
/// scores, over every dimension of every account of theirs predicted and rated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calibration {
    pub owner: String,
    /// Mean of |client − team| over the (account, dimension) pairs.
    pub mean_abs_gap: f64,
    /// The pairs counted, and the accounts they came from.
    pub n: usize,
    pub accounts: usize,
    pub blind_spots: usize,
}

/// Each owner's calibration among `gaps` (of one wave), by owner name.
pub fn calibration(p: &Portfolio, gaps: &[AccountGaps]) -> Vec<Calibration> {
    let mut owners: Vec<&String> = gaps
        .iter()
        .filter_map(|g| p.data.accounts[g.account].owner.as_ref())
        .collect();
    owners.sort();
    owners.dedup();
    owners
        .into_iter()
        .filter_map(|o| {
            let mine: Vec<&AccountGaps> = gaps
                .iter()
                .filter(|g| p.data.accounts[g.account].owner.as_ref() == Some(o))
                .filter(|g| !g.gaps.is_empty())
                .collect();
            let all: Vec<&Gap> = mine.iter().flat_map(|g| &g.gaps).collect();
            (!all.is_empty()).then(|| Calibration {
                owner: o.clone(),
                mean_abs_gap: all.iter().map(|g| g.vs.gap.abs()).sum::<f64>() / all.len() as f64,
                n: all.len(),
                accounts: mine.len(),
                blind_spots: all
                    .iter()
                    .filter(|g| g.kind == Some(GapKind::BlindSpot))
                    .count(),
            })
        })
        .collect()
}

/// One statement of the obstacles survey in a wave.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementShares {
    /// Index into `Inside::statements`.
    pub statement: usize,
    /// Staff who answered it.
    pub n: usize,
    /// How many answered 1 (completely disagree) … 5 (completely agree).
    pub counts: [usize; 5],
    /// Share agreeing (4 or 5) of those who answered.
    pub agree: Option<f64>,
    /// The change of `agree` since the wave before, when both have answers.
    pub change: Option<ShareChange>,
}

/// The difference of two proportions (now − before) with the two-sample test R's
/// `prop.test(…, correct = FALSE)` makes: the pooled z test (its X-squared is z²) and the
/// unpooled 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ShareChange {
    pub delta: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub z: Option<f64>,
    pub p: Option<f64>,
    pub significant: bool,
}

/// The change from x₁ of n₁ to x₂ of n₂ (README, "The inside view").
pub fn share_change(x1: usize, n1: usize, x2: usize, n2: usize) -> Option<ShareChange> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let (p1, p2) = (x1 as f64 / n1f, x2 as f64 / n2f);
    let delta = p2 - p1;
    let se = (p1 * (1.0 - p1) / n1f + p2 * (1.0 - p2) / n2f).sqrt();
    let pooled = (x1 + x2) as f64 / (n1f + n2f);
    let se0 = (pooled * (1.0 - pooled) * (1.0 / n1f + 1.0 / n2f)).sqrt();
    let z = (se0 > 0.0).then(|| delta / se0);
    let p = z.map(z_two_sided_p);
    Some(ShareChange {
        delta,
        ci_low: delta - Z_975 * se,
        ci_high: delta + Z_975 * se,
        z,
        p,
        significant: p.is_some_and(|p| p < crate::stats::ALPHA),
    })
}

/// The obstacles survey in `wave`, of the staff of `department` (none: everyone), statement
/// by statement in the file's order, with the change of agreement since the wave before.
pub fn obstacles(p: &Portfolio, wave: usize, department: Option<&str>) -> Vec<StatementShares> {
    let inside = &p.data.inside;
    let counts = |w: usize, s: usize| {
        let mut c = [0usize; 5];
        for a in &inside.internal {
            if a.wave != w || department.is_some_and(|d| a.department.as_deref() != Some(d)) {
                continue;
            }
            if let Some(&(_, n)) = a.answers.iter().find(|x| x.0 == s) {
                c[usize::from(n) - 1] += 1;
            }
        }
        c
    };
    (0..inside.statements.len())
        .map(|s| {
            let now = counts(wave, s);
            let n: usize = now.iter().sum();
            let agreeing = now[3] + now[4];
            let change = wave.checked_sub(1).and_then(|w| {
                let before = counts(w, s);
                share_change(before[3] + before[4], before.iter().sum(), agreeing, n)
            });
            StatementShares {
                statement: s,
                n,
                counts: now,
                agree: (n > 0).then(|| agreeing as f64 / n as f64),
                change,
            }
        })
        .collect()
}
