//! Portfolio summaries of one wave against the one before: how accounts moved between
//! relationship types, which accounts fell or rose most, where the revenue sits by band and
//! by type (`revenue`), and whose voice was heard (`coverage`). The overview maps these
//! finished structs to markup.

mod coverage;
mod drivers;
mod goals;
#[cfg(feature = "inside")]
mod inside;
mod revenue;

pub use coverage::{coverage, Coverage};
pub use drivers::{
    driver_regression, what_if, DriverRegression, Outcome, WhatIf, COLLINEAR_VIF, MIN_DF,
};
pub use goals::{furthest_below, goal_checks, headline_target, GoalCheck};
#[cfg(feature = "inside")]
pub use inside::{
    calibration, gap_kind, obstacles, perception_gaps, share_change, AccountGaps, Calibration, Gap,
    GapKind, ShareChange, StatementShares, Versus,
};
pub use revenue::{revenue_by_band, revenue_by_type, RevenueByBand, RevenueByType, RevenueSplit};

use crate::model::{Metric, RelationshipType};
use crate::score::{AccountScores, GroupScores};
use crate::stats::{welch, Change};

const TYPES: usize = RelationshipType::ALL.len();

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

/// One account's type in the wave before and now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeStep {
    pub account: usize,
    pub from: RelationshipType,
    pub to: RelationshipType,
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

/// The accounts typed in both `prev` and `cur` whose type is better now (earlier in
/// `RelationshipType::ALL`, which runs from ambassador to opponent): the largest step first,
/// then in `cur`'s order.
pub fn types_improved(cur: &GroupScores, prev: &GroupScores, n_accounts: usize) -> Vec<TypeStep> {
    let then = types_by_account(prev, n_accounts);
    let mut improved: Vec<TypeStep> = cur
        .accounts
        .iter()
        .filter_map(|a| {
            let (from, to) = (then[a.account]?, a.kind()?);
            (to < from).then_some(TypeStep {
                account: a.account,
                from,
                to,
            })
        })
        .collect();
    // Stable: of equal steps, `cur`'s order stays.
    crate::sort::sort_by(&mut improved, |a, b| {
        (b.from as usize - b.to as usize).cmp(&(a.from as usize - a.to as usize))
    });
    improved
}

/// An account whose CRQ fell or rose since the wave before.
#[derive(Clone, Debug, PartialEq)]
pub struct Move {
    pub account: usize,
    /// CRQ now minus CRQ then.
    pub delta: f64,
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
) -> Vec<Move> {
    largest_moves(cur, prev, n_accounts, k, -1.0)
}

/// The `k` accounts whose CRQ rose most from `prev` to `cur`, largest rise first, as
/// `largest_falls`.
pub fn largest_rises(
    cur: &GroupScores,
    prev: &GroupScores,
    n_accounts: usize,
    k: usize,
) -> Vec<Move> {
    largest_moves(cur, prev, n_accounts, k, 1.0)
}

/// The `k` largest moves in the direction `sign` (1 up, −1 down).
fn largest_moves(
    cur: &GroupScores,
    prev: &GroupScores,
    n_accounts: usize,
    k: usize,
    sign: f64,
) -> Vec<Move> {
    let mut before: Vec<Option<&AccountScores>> = vec![None; n_accounts];
    for b in &prev.accounts {
        before[b.account] = Some(b);
    }
    let mut moves: Vec<(f64, &AccountScores, &AccountScores)> = Vec::with_capacity(k + 1);
    for a in &cur.accounts {
        let Some(b) = before[a.account] else { continue };
        let (Some(now), Some(then)) = (a.metric(Metric::Crq).mean, b.metric(Metric::Crq).mean)
        else {
            continue;
        };
        // Sorted by the move against the direction: the largest move is the most negative.
        let key = -sign * (now - then);
        if key < 0.0 {
            let at = moves.partition_point(|m| m.0 <= key);
            if at < k {
                moves.insert(at, (key, b, a));
                moves.truncate(k);
            }
        }
    }
    moves
        .into_iter()
        .map(|(key, b, a)| Move {
            account: a.account,
            delta: -sign * key,
            change: welch(b.metric(Metric::Crq), a.metric(Metric::Crq)),
        })
        .collect()
}
