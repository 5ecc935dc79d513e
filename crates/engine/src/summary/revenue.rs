//! Where the revenue of a wave's scored accounts sits: by band of their CRQ, and by
//! relationship type. The revenue "at risk" is that of opponents and stalkers, whatever their
//! band (a stalker in an adequate band is at risk all the same).

use crate::data::Account;
use crate::model::{Band, RelationshipType};
use crate::score::{AccountScores, GroupScores};

/// Revenue split over `N` classes (bands or types) in one wave: the accounts with a class,
/// by whether their revenue is known.
#[derive(Clone, Debug, PartialEq)]
pub struct RevenueSplit<const N: usize> {
    /// Revenue of the accounts in each class (by `Band as usize` or `RelationshipType as
    /// usize`).
    pub revenue: [f64; N],
    /// Accounts with a known revenue in each class.
    pub accounts: [usize; N],
    /// Revenue of all classed accounts with a known revenue.
    pub total: f64,
    /// Classed accounts whose revenue is not known.
    pub unknown: usize,
}

pub type RevenueByBand = RevenueSplit<{ Band::ALL.len() }>;
pub type RevenueByType = RevenueSplit<{ RelationshipType::ALL.len() }>;

impl<const N: usize> Default for RevenueSplit<N> {
    fn default() -> Self {
        RevenueSplit {
            revenue: [0.0; N],
            accounts: [0; N],
            total: 0.0,
            unknown: 0,
        }
    }
}

impl<const N: usize> RevenueSplit<N> {
    /// The revenue of `cur`'s accounts, each in the class `class` gives it (none: left out).
    fn of(
        cur: &GroupScores,
        accounts: &[Account],
        class: impl Fn(&AccountScores) -> Option<usize>,
    ) -> Self {
        let mut out = Self::default();
        for a in &cur.accounts {
            let Some(c) = class(a) else { continue };
            match accounts[a.account].revenue {
                Some(r) => {
                    out.revenue[c] += r;
                    out.accounts[c] += 1;
                    out.total += r;
                }
                None => out.unknown += 1,
            }
        }
        out
    }

    /// A class's share of the total, in percent (0 when there is no revenue).
    pub fn percent(&self, class: usize) -> f64 {
        if self.total > 0.0 {
            100.0 * self.revenue[class] / self.total
        } else {
            0.0
        }
    }

    /// `part` as a share of the total, when there is revenue at all.
    fn share(&self, part: f64) -> Option<f64> {
        (self.total > 0.0).then(|| part / self.total)
    }
}

impl RevenueByBand {
    /// Revenue in the weak bands (vulnerable and at risk).
    pub fn weak(&self) -> f64 {
        self.revenue[Band::Vulnerable as usize] + self.revenue[Band::AtRisk as usize]
    }

    /// The weak bands' share of the total, when there is revenue at all.
    pub fn weak_share(&self) -> Option<f64> {
        self.share(self.weak())
    }
}

impl RevenueByType {
    /// Revenue at risk: that of opponents and stalkers.
    pub fn at_risk(&self) -> f64 {
        self.revenue[RelationshipType::Opponent as usize]
            + self.revenue[RelationshipType::Stalker as usize]
    }

    /// The share of the total at risk, when there is revenue at all.
    pub fn at_risk_share(&self) -> Option<f64> {
        self.share(self.at_risk())
    }
}

/// Where the revenue of `cur`'s banded accounts sits.
pub fn revenue_by_band(cur: &GroupScores, accounts: &[Account]) -> RevenueByBand {
    RevenueSplit::of(cur, accounts, |a| a.band.map(|b| b as usize))
}

/// Where the revenue of `cur`'s typed accounts sits.
pub fn revenue_by_type(cur: &GroupScores, accounts: &[Account]) -> RevenueByType {
    RevenueSplit::of(cur, accounts, |a| a.kind().map(|k| k as usize))
}
