//! Whose voice a wave heard: the accounts expected to answer, those heard from, the silent
//! ones, and those where no decision maker answered; by count and by revenue.

use crate::model::Role;
use crate::score::{Filter, Portfolio};

/// Coverage of one wave within a scope (README, "Coverage").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    pub wave: usize,
    /// Accounts in scope expected in the wave: every listed account, except one whose
    /// invitation count for the wave is 0 and from which no one (of any role) answered.
    pub expected: usize,
    /// Expected accounts with at least one valid response in scope.
    pub heard: usize,
    /// Revenue of the expected accounts whose revenue is known.
    pub revenue_expected: f64,
    /// Revenue of the heard accounts whose revenue is known.
    pub revenue_heard: f64,
    /// Expected accounts whose revenue is not known (in neither revenue sum).
    pub unknown_revenue: usize,
    /// Expected accounts not heard from, in file order.
    pub silent: Vec<usize>,
    /// Heard accounts with no valid response from a decision maker in the wave (whatever the
    /// scope's role), in file order.
    pub no_decision_maker: Vec<usize>,
}

impl Coverage {
    /// Share of the expected revenue heard, when any expected revenue is known.
    pub fn revenue_share(&self) -> Option<f64> {
        (self.revenue_expected > 0.0).then(|| self.revenue_heard / self.revenue_expected)
    }

    /// Share of the expected accounts heard, when any account is expected.
    pub fn account_share(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.heard as f64 / self.expected as f64)
    }
}

/// The coverage of `wave` in the scope of `filter` (segment, owner, account, role).
pub fn coverage(p: &Portfolio, wave: usize, filter: &Filter) -> Coverage {
    let data = &p.data;
    let n = data.accounts.len();
    // One pass over the wave's responses in the scope's segment and owner, of every role:
    // who answered at all, who was heard in the scope's role, who had a decision maker.
    let (mut answered, mut heard, mut decision_maker) =
        (vec![false; n], vec![false; n], vec![false; n]);
    let any_role = Filter {
        role: None,
        ..filter.clone()
    };
    for i in p.responses_in(wave, &any_role) {
        let r = p.response(i);
        answered[r.account] = true;
        heard[r.account] |= filter.role.is_none_or(|role| r.role == role);
        decision_maker[r.account] |= r.role == Role::DecisionMaker;
    }
    let mut out = Coverage {
        wave,
        ..Coverage::default()
    };
    for (a, acc) in data.accounts.iter().enumerate() {
        let not_invited = acc.invited.get(wave).copied().flatten() == Some(0);
        if !filter.admits_account(data, a) || (not_invited && !answered[a]) {
            continue;
        }
        out.expected += 1;
        match acc.revenue {
            Some(r) => out.revenue_expected += r,
            None => out.unknown_revenue += 1,
        }
        if heard[a] {
            out.heard += 1;
            out.revenue_heard += acc.revenue.unwrap_or(0.0);
            if !decision_maker[a] {
                out.no_decision_maker.push(a);
            }
        } else {
            out.silent.push(a);
        }
    }
    out
}
