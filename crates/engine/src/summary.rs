//! Portfolio summaries of one wave against the one before: how accounts moved between
//! relationship types, which accounts fell most, and where the revenue sits by band. The
//! overview maps these finished structs to markup.

use crate::data::Account;
use crate::model::{Band, Metric, RelationshipType};
use crate::score::{AccountScores, GroupScores};
use crate::stats::{welch, Change};

const TYPES: usize = RelationshipType::ALL.len();
const BANDS: usize = Band::ALL.len();

/// The relationship-type mix of a wave, and the movement between types since the wave
/// before (accounts typed in both).
#[derive(Clone, Debug, PartialEq)]
pub struct TypeMovement {
    /// Accounts of each type now (by `RelationshipType as usize`).
    pub counts: [usize; TYPES],
    /// Accounts with a type now.
    pub typed: usize,
    /// `moves[then][now]`: accounts typed `then` in the wave before and `now` in this one.
    /// None when there is no wave before.
    pub moves: Option<[[usize; TYPES]; TYPES]>,
    /// Accounts whose type changed.
    pub moved: usize,
}

/// The type of each account in a group's scores, by account index.
fn types_by_account(g: &GroupScores, n_accounts: usize) -> Vec<Option<RelationshipType>> {
    let mut out = vec![None; n_accounts];
    for a in &g.accounts {
        out[a.account] = a.kind();
    }
    out
}

/// The type mix of `cur`, and the moves since `prev`.
pub fn type_movement(
    cur: &GroupScores,
    prev: Option<&GroupScores>,
    n_accounts: usize,
) -> TypeMovement {
    let now = types_by_account(cur, n_accounts);
    let mut counts = [0; TYPES];
    for k in now.iter().flatten() {
        counts[*k as usize] += 1;
    }
    let mut moved = 0;
    let moves = prev.map(|prev| {
        let mut m = [[0; TYPES]; TYPES];
        for (then, now) in types_by_account(prev, n_accounts).into_iter().zip(&now) {
            if let (Some(k1), Some(k2)) = (then, now) {
                m[k1 as usize][*k2 as usize] += 1;
                moved += usize::from(k1 != *k2);
            }
        }
        m
    });
    TypeMovement {
        counts,
        typed: counts.iter().sum(),
        moves,
        moved,
    }
}

/// An account whose CRQ fell since the wave before.
#[derive(Clone, Debug, PartialEq)]
pub struct Fall {
    pub account: usize,
    /// CRQ now minus CRQ then (negative).
    pub fall: f64,
    /// The change with its Welch test (respondents as units).
    pub change: Change,
}

/// The `k` accounts whose CRQ fell most from `prev` to `cur`, largest fall first (of equal
/// falls, the first in `cur`'s order). The (costly) Welch test is made only for those.
pub fn largest_falls(
    cur: &GroupScores,
    prev: &GroupScores,
    n_accounts: usize,
    k: usize,
) -> Vec<Fall> {
    let mut before: Vec<Option<&AccountScores>> = vec![None; n_accounts];
    for b in &prev.accounts {
        before[b.account] = Some(b);
    }
    let mut falls: Vec<(f64, &AccountScores, &AccountScores)> = Vec::with_capacity(k + 1);
    for a in &cur.accounts {
        let Some(b) = before[a.account] else { continue };
        let (Some(now), Some(then)) = (a.metric(Metric::Crq).mean, b.metric(Metric::Crq).mean)
        else {
            continue;
        };
        let d = now - then;
        if d < 0.0 {
            let at = falls.partition_point(|f| f.0 <= d);
            if at < k {
                falls.insert(at, (d, b, a));
                falls.truncate(k);
            }
        }
    }
    falls
        .into_iter()
        .map(|(fall, b, a)| Fall {
            account: a.account,
            fall,
            change: welch(b.metric(Metric::Crq), a.metric(Metric::Crq)),
        })
        .collect()
}

/// Revenue by band in one wave: accounts with a band, split by whether their revenue is
/// known.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RevenueByBand {
    /// Revenue of the accounts in each band (by `Band as usize`).
    pub revenue: [f64; BANDS],
    /// Accounts with a known revenue in each band.
    pub accounts: [usize; BANDS],
    /// Revenue of all banded accounts with a known revenue.
    pub total: f64,
    /// Banded accounts whose revenue is not known.
    pub unknown: usize,
}

impl RevenueByBand {
    /// Revenue in the weak bands (vulnerable and at risk).
    pub fn weak(&self) -> f64 {
        self.revenue[Band::Vulnerable as usize] + self.revenue[Band::AtRisk as usize]
    }

    /// The weak bands' share of the total, when there is revenue at all.
    pub fn weak_share(&self) -> Option<f64> {
        (self.total > 0.0).then(|| self.weak() / self.total)
    }

    /// A band's share of the total, in percent (0 when there is no revenue).
    pub fn percent(&self, band: Band) -> f64 {
        if self.total > 0.0 {
            100.0 * self.revenue[band as usize] / self.total
        } else {
            0.0
        }
    }
}

/// Where the revenue of `cur`'s banded accounts sits.
pub fn revenue_by_band(cur: &GroupScores, accounts: &[Account]) -> RevenueByBand {
    let mut out = RevenueByBand::default();
    for a in &cur.accounts {
        let Some(band) = a.band else { continue };
        match accounts[a.account].revenue {
            Some(r) => {
                out.revenue[band as usize] += r;
                out.accounts[band as usize] += 1;
                out.total += r;
            }
            None => out.unknown += 1,
        }
    }
    out
}
