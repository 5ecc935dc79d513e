//! Whether plans work: the change of an action's target by the next wave, accounts without
//! a plan, and the share of done actions whose target improved.

use super::action::PlanAction;
use crate::data::ActionStatus;
use crate::model::{Metric, Target};
use crate::score::{AccountScores, Filter, Portfolio};
use crate::stats::{mean, t_quantile_975, welch, welch_t_df, Change, Estimate};

/// Did the action work? The change of its target dimension for its account from the
/// action's wave to the next one (respondents as units), when both waves have scores.
pub fn action_effect(p: &Portfolio, action: &PlanAction) -> Option<(usize, usize, Change)> {
    let account = p.account_index(&action.account)?;
    let from = p.data.wave_index(&action.wave)?;
    let to = from + 1;
    if to >= p.data.waves.len() {
        return None;
    }
    let metric = match action.dimension? {
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
        .filter(|a| a.status == ActionStatus::Done && in_filter(p, filter, a))
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

/// Do plans work, across accounts? For one target (a dimension or solution) and a wave with
/// a wave after it: the change of the target by the next wave in the accounts that acted on
/// it (a done action for it in that wave) against the change in comparable accounts that did
/// not, as a difference of mean changes with Welch's test (accounts as units; README,
/// "Figures beyond the SPEC").
#[derive(Clone, Debug, PartialEq)]
pub struct PlanEffect {
    pub from: usize,
    pub to: usize,
    pub target: Target,
    /// Mean change of the target in the accounts that acted (n = those accounts).
    pub acted: Estimate,
    /// Mean change in the other accounts scored on the target in both waves.
    pub others: Estimate,
    /// acted − others, with Welch's p and significance.
    pub difference: Change,
    /// The 95% interval of the difference (Welch–Satterthwaite df), when there is a test.
    pub ci: Option<(f64, f64)>,
    /// The done actions counted, as indices into `actions`.
    pub actions: Vec<usize>,
}

/// Every (wave, target) with at least one done action within the filter (segment, owner; an
/// action belongs to its account, not to a role) and a later wave: the plan effect, in wave
/// then target order. Each account's score in a wave is over all its respondents.
pub fn plan_effects(p: &Portfolio, actions: &[PlanAction], filter: &Filter) -> Vec<PlanEffect> {
    let mut groups: Vec<(usize, Target, Vec<usize>)> = Vec::new();
    for (i, a) in actions.iter().enumerate() {
        let (Some(target), Some(from)) = (a.dimension, p.data.wave_index(&a.wave)) else {
            continue;
        };
        if a.status != ActionStatus::Done
            || from + 1 >= p.data.waves.len()
            || !in_filter(p, filter, a)
        {
            continue;
        }
        match groups.iter_mut().find(|g| g.0 == from && g.1 == target) {
            Some(g) => g.2.push(i),
            None => groups.push((from, target, vec![i])),
        }
    }
    crate::sort::sort_by(&mut groups, |a, b| {
        (a.0, a.1.index()).cmp(&(b.0, b.1.index()))
    });
    // The account scores of each wave a group needs, worked out once (over all respondents:
    // an action belongs to its account, not to a role), by account index.
    let any_role = Filter {
        role: None,
        ..filter.clone()
    };
    let mut scored: Vec<Option<Vec<Option<AccountScores>>>> = vec![None; p.data.waves.len()];
    for &(from, _, _) in &groups {
        for w in [from, from + 1] {
            scored[w].get_or_insert_with(|| {
                let mut by_account = vec![None; p.data.accounts.len()];
                for a in p.score_group(w, &any_role).accounts {
                    let i = a.account;
                    by_account[i] = Some(a);
                }
                by_account
            });
        }
    }
    let at = |w: usize| scored[w].as_deref().unwrap_or_default();
    groups
        .into_iter()
        .map(|(from, target, done)| {
            let acted = done
                .iter()
                .filter_map(|&i| p.account_index(&actions[i].account))
                .collect();
            PlanEffect {
                actions: done,
                ..effect_of(at(from), at(from + 1), &acted, from, target)
            }
        })
        .collect()
}

/// The plan effect on `target` from the account scores of wave `from` (`before`) to the
/// next (`after`), `acted` being the accounts with a done action (its `actions` left empty).
fn effect_of(
    before: &[Option<AccountScores>],
    after: &[Option<AccountScores>],
    acted: &crate::hash::FxSet<usize>,
    from: usize,
    target: Target,
) -> PlanEffect {
    let metric = Metric::from(target);
    let (mut yes, mut no) = (Vec::new(), Vec::new());
    for (a, (then, now)) in before.iter().zip(after).enumerate() {
        let score = |s: &Option<AccountScores>| s.as_ref()?.metric(metric).mean;
        let (Some(before), Some(after)) = (score(then), score(now)) else {
            continue;
        };
        let list = if acted.contains(&a) {
            &mut yes
        } else {
            &mut no
        };
        list.push(after - before);
    }
    let (acted, others) = (mean(yes), mean(no));
    let difference = welch(&others, &acted);
    let ci = difference.p.and_then(|_| {
        let (_, df) = welch_t_df(&others, &acted)?;
        let d = difference.delta?;
        // The SE itself, not d / t (which is 0/0 when the two changes are equal).
        let se = (others.se?.powi(2) + acted.se?.powi(2)).sqrt();
        let half = t_quantile_975(df) * se;
        Some((d - half, d + half))
    });
    PlanEffect {
        from,
        to: from + 1,
        target,
        acted,
        others,
        difference,
        ci,
        actions: Vec::new(),
    }
}
