//! Scores against their targets (`model.targets`; README, "Targets"): which targets apply
//! to a wave and a scope, each target's score with its 95% interval, and whether the score is
//! above, below or not distinguishable from the target.

use crate::model::{Goal, GoalScope, Measure, Verdict};
use crate::score::{Filter, Portfolio};

/// A target checked in one wave.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalCheck {
    /// Index into the targets checked (the data file's `model.targets`, or those the user
    /// set in the app).
    pub goal: usize,
    /// The score of the target's scope (of the role in scope), with its 95% interval.
    pub score: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub n: usize,
    /// None when the score has no interval (too few responses).
    pub verdict: Option<Verdict>,
    /// score − target.
    pub gap: Option<f64>,
}

/// The index of the account with id `id`.
fn account_index(p: &Portfolio, id: &str) -> Option<usize> {
    p.data.accounts.iter().position(|a| a.id == id)
}

/// Whether a target's scope lies within the scope on screen (segment, owner, account): the
/// portfolio's target only without a segment or owner chosen; a segment's (owner's) when no
/// other segment (owner) nor an owner (segment) is chosen; an account's when the account is
/// in scope.
fn within(p: &Portfolio, scope: &GoalScope, filter: &Filter) -> bool {
    match scope {
        GoalScope::Portfolio => {
            filter.segment.is_none() && filter.owner.is_none() && filter.account.is_none()
        }
        GoalScope::Segment(s) => {
            filter.owner.is_none()
                && filter.account.is_none()
                && filter.segment.as_ref().is_none_or(|f| f == s)
        }
        GoalScope::Owner(o) => {
            filter.segment.is_none()
                && filter.account.is_none()
                && filter.owner.as_ref().is_none_or(|f| f == o)
        }
        GoalScope::Account(a) => {
            account_index(p, a).is_some_and(|i| filter.admits_account(&p.data, i))
        }
    }
}

/// The targets that apply to `wave` within the scope of `filter`, each checked against the
/// score of its own scope (with the filter's role): a target for this wave replaces one for
/// every wave of the same measure and scope. In the order of `goals`.
pub fn goal_checks(p: &Portfolio, goals: &[Goal], wave: usize, filter: &Filter) -> Vec<GoalCheck> {
    checks_where(p, goals, wave, filter, |_| true)
}

/// The target of `measure` for the scope on screen itself in `wave` (an index into
/// `goals`), unchecked: what a headline judges by its own interval and a trend chart
/// draws.
pub fn headline_target(
    p: &Portfolio,
    goals: &[Goal],
    wave: usize,
    filter: &Filter,
    measure: Measure,
) -> Option<usize> {
    let on_screen = match (&filter.segment, &filter.owner) {
        (None, None) => GoalScope::Portfolio,
        (Some(s), None) => GoalScope::Segment(s.clone()),
        (None, Some(o)) => GoalScope::Owner(o.clone()),
        (Some(_), Some(_)) => return None,
    };
    applicable(p, goals, wave, filter, move |g| {
        g.measure == measure && g.scope == on_screen
    })
    .next()
}

fn checks_where(
    p: &Portfolio,
    goals: &[Goal],
    wave: usize,
    filter: &Filter,
    keep: impl Fn(&Goal) -> bool,
) -> Vec<GoalCheck> {
    applicable(p, goals, wave, filter, keep)
        .map(|i| check(p, &goals[i], wave, filter, i))
        .collect()
}

/// The indices of the targets that apply to `wave` within the scope of `filter` and `keep`.
fn applicable<'a>(
    p: &'a Portfolio,
    goals: &'a [Goal],
    wave: usize,
    filter: &'a Filter,
    keep: impl Fn(&Goal) -> bool + 'a,
) -> impl Iterator<Item = usize> + 'a {
    let wave_id = &p.data.waves[wave].id;
    goals
        .iter()
        .enumerate()
        .filter(move |(_, g)| match &g.wave {
            Some(w) => w == wave_id,
            // Replaced by a target of this wave for the same measure and scope.
            None => !goals.iter().any(|o| {
                o.wave.as_ref() == Some(wave_id) && o.measure == g.measure && o.scope == g.scope
            }),
        })
        .filter(move |(_, g)| keep(g) && within(p, &g.scope, filter))
        .map(|(i, _)| i)
}

/// Target `g` (number `i`) checked against the score of its own scope (with the filter's
/// role).
fn check(p: &Portfolio, g: &Goal, wave: usize, filter: &Filter, i: usize) -> GoalCheck {
    let mut group = Filter {
        role: filter.role,
        ..Filter::all()
    };
    match &g.scope {
        GoalScope::Portfolio => {}
        GoalScope::Segment(s) => group.segment = Some(s.clone()),
        GoalScope::Owner(o) => group.owner = Some(o.clone()),
        GoalScope::Account(a) => group.account = account_index(p, a),
    }
    let scores = p.score_group(wave, &group);
    // An account's own scores have its respondents as units (the group of one account has
    // one unit, and no interval).
    let (metrics, nps) = match (&g.scope, scores.accounts.first()) {
        (GoalScope::Account(_), Some(a)) => (&a.metrics, &a.nps),
        _ => (&scores.metrics, &scores.nps),
    };
    let (score, ci_low, ci_high, n) = match g.measure {
        Measure::Metric(m) => {
            let e = &metrics[m.index()];
            (e.mean, e.ci_low, e.ci_high, e.n)
        }
        Measure::Nps => (nps.score, nps.ci_low, nps.ci_high, nps.n),
    };
    GoalCheck {
        goal: i,
        score,
        ci_low,
        ci_high,
        n,
        verdict: score.and(Verdict::of(ci_low, ci_high, g.value)),
        gap: score.map(|s| s - g.value),
    }
}

/// The account targets of `checks` whose score is below target, furthest below first.
pub fn furthest_below(goals: &[Goal], checks: &[GoalCheck]) -> Vec<GoalCheck> {
    let mut below: Vec<GoalCheck> = checks
        .iter()
        .filter(|c| {
            matches!(goals[c.goal].scope, GoalScope::Account(_)) && c.gap.is_some_and(|g| g < 0.0)
        })
        .cloned()
        .collect();
    below.sort_by(|a, b| a.gap.unwrap_or(0.0).total_cmp(&b.gap.unwrap_or(0.0)));
    below
}
