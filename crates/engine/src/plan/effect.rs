//! Whether plans work: the change of an action's target by the next wave, accounts without
//! a plan, and the share of done actions whose target improved.

use super::action::PlanAction;
use crate::data::ActionStatus;
use crate::model::{Metric, Target};
use crate::score::{Filter, Portfolio};
use crate::stats::{welch, Change};

/// Did the action work? The change of its target dimension for its account from the
/// action's wave to the next one (respondents as units), when both waves have scores.
pub fn action_effect(p: &Portfolio, action: &PlanAction) -> Option<(usize, usize, Change)> {
    let account = p.account_index(&action.account)?;
    let from = p.data.wave_index(&action.wave)?;
    let to = from + 1;
    if to >= p.data.waves.len() {
        return None;
    }
    let metric = match action.target()? {
        Target::Dimension(d) => Metric::Dimension(d),
        Target::Solution => Metric::Solution,
    };
    let a = p.score_account_in(account, from, None)?;
    let b = p.score_account_in(account, to, None)?;
    let change = welch(a.metric(metric), b.metric(metric));
    change.delta.map(|_| (from, to, change))
}

/// Whether an action is for an account the filter admits (its segment, owner, or the
/// account itself; the respondent role does not apply to an account's plan).
pub fn in_filter(p: &Portfolio, filter: &Filter, action: &PlanAction) -> bool {
    p.account_index(&action.account)
        .is_some_and(|a| filter.admits_account(&p.data, a))
}

/// Accounts surveyed in a wave, within the filter (with a role, surveyed by that role),
/// that have no plan action for it.
pub fn accounts_without_plan(
    p: &Portfolio,
    wave: usize,
    actions: &[PlanAction],
    filter: &Filter,
) -> Vec<usize> {
    let wave_id = &p.data.waves[wave].id;
    let planned: crate::hash::FxSet<&str> = actions
        .iter()
        .filter(|x| &x.wave == wave_id)
        .map(|x| x.account.as_str())
        .collect();
    let mut surveyed = vec![false; p.data.accounts.len()];
    for r in p.responses_in(wave, filter) {
        surveyed[p.data.responses[r].account] = true;
    }
    (0..surveyed.len())
        .filter(|&a| surveyed[a] && !planned.contains(p.data.accounts[a].id.as_str()))
        .collect()
}

/// Of the done actions within the filter that can be judged (a target and a later wave),
/// how many saw their target improve significantly: (improved, judged).
pub fn effectiveness(p: &Portfolio, actions: &[PlanAction], filter: &Filter) -> (usize, usize) {
    let mut judged = 0;
    let mut improved = 0;
    for a in actions
        .iter()
        .filter(|a| a.status() == ActionStatus::Done && in_filter(p, filter, a))
    {
        if let Some((_, _, c)) = action_effect(p, a) {
            judged += 1;
            if c.significant && c.delta.is_some_and(|d| d > 0.0) {
                improved += 1;
            }
        }
    }
    (improved, judged)
}
