//! Scoring (SPEC §2): respondent → account → group scores, bands, relationship types,
//! wave-over-wave changes and key drivers, for the whole portfolio or any subset.

use super::data::{Dataset, Response};
use super::model::{
    Aggregation, Band, Dimension, Level, Metric, Model, RelationshipType, Role, Target, N_METRICS,
    N_TARGETS,
};
use super::stats::{self, Change, Correlation, Estimate, Nps};

/// Every metric of one respondent, indexed by `Metric::index`. Stored as plain numbers with
/// NaN for "not defined" (half the size of `Option<f64>`: this is kept per response).
#[derive(Clone, Copy, Debug)]
pub struct MetricValues([f64; N_METRICS]);

impl MetricValues {
    /// The value of metric `m` (`Metric::index`), when defined.
    pub fn get(&self, m: usize) -> Option<f64> {
        self.0.get(m).copied().filter(|x| !x.is_nan())
    }

    /// All values, in `Metric::index` order.
    pub fn to_options(&self) -> [Option<f64>; N_METRICS] {
        std::array::from_fn(|m| self.get(m))
    }
}

impl From<[Option<f64>; N_METRICS]> for MetricValues {
    fn from(values: [Option<f64>; N_METRICS]) -> Self {
        MetricValues(values.map(|v| v.unwrap_or(f64::NAN)))
    }
}

/// Equal when every metric is defined in both with the same value, or in neither.
impl PartialEq for MetricValues {
    fn eq(&self, other: &Self) -> bool {
        self.to_options() == other.to_options()
    }
}

fn mean_of(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for v in values {
        sum += v;
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}

/// Mean of the present parts when at least half of them (rounded up) are present.
fn level_mean(parts: &[Option<f64>]) -> Option<f64> {
    let present = parts.iter().flatten().count();
    (present >= parts.len().div_ceil(2))
        .then(|| mean_of(parts.iter().flatten().copied()))
        .flatten()
}

/// Scores one respondent (SPEC §2.1). Items are already reverse-coded.
pub fn score_respondent(items: &[(Target, f64)], model: &Model) -> MetricValues {
    let mut sum = [0.0f64; N_TARGETS];
    let mut count = [0usize; N_TARGETS];
    for &(target, x) in items {
        let i = target.index();
        sum[i] += x;
        count[i] += 1;
    }
    let mut m = [None; N_METRICS];
    for i in 0..N_TARGETS {
        if count[i] > 0 {
            m[i] = Some(sum[i] / count[i] as f64);
        }
    }
    let answered = m;
    let dim = |d: Dimension| answered[d as usize];
    let solution = Metric::Solution.index();
    if m[solution].is_none() {
        m[solution] = mean_of(
            [
                Dimension::Innovation,
                Dimension::LeadingEdge,
                Dimension::ValueForMoney,
            ]
            .into_iter()
            .filter_map(dim),
        );
    }
    let service = level_mean(&[
        dim(Dimension::Reliability),
        dim(Dimension::Responsiveness),
        dim(Dimension::CustomerCare),
    ]);
    let uniqueness = level_mean(&[dim(Dimension::Experience), m[solution]]);
    let relationship = level_mean(&[
        dim(Dimension::Trust),
        dim(Dimension::Commitment),
        dim(Dimension::Satisfaction),
    ]);
    let levels = [service, uniqueness, relationship];
    for l in Level::ALL {
        m[Metric::Level(l).index()] = levels[l as usize];
    }
    // CRQ: weighted mean of the levels that are defined, when at least two are. The weights
    // are divided by the largest (only ratios matter), so huge weights cannot overflow.
    let (mut defined, mut sw, mut swx) = (0, 0.0, 0.0);
    let largest = model.level_weights.iter().fold(0.0_f64, |m, &w| m.max(w));
    for (v, w) in levels.iter().zip(model.level_weights) {
        let w = w / largest;
        if let Some(v) = v {
            defined += 1;
            sw += w;
            swx += v * w;
        }
    }
    if defined >= 2 && sw > 0.0 {
        m[Metric::Crq.index()] = Some(swx / sw);
    }
    MetricValues::from(m)
}

/// Which responses and accounts a score covers. `None` means "all".
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filter {
    pub segment: Option<String>,
    pub owner: Option<String>,
    pub role: Option<Role>,
    /// Index into `Dataset::accounts`.
    pub account: Option<usize>,
}

impl Filter {
    pub fn all() -> Filter {
        Filter::default()
    }

    pub fn account(index: usize) -> Filter {
        Filter {
            account: Some(index),
            ..Filter::default()
        }
    }

    fn admits_account(&self, data: &Dataset, a: usize) -> bool {
        let acc = &data.accounts[a];
        self.account.is_none_or(|x| x == a)
            && self
                .segment
                .as_ref()
                .is_none_or(|s| acc.segment.as_ref() == Some(s))
            && self
                .owner
                .as_ref()
                .is_none_or(|o| acc.owner.as_ref() == Some(o))
    }
}

/// How a condition compares its value with the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Below,
    AtLeast,
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Op::Below => "<",
            Op::AtLeast => "≥",
        })
    }
}

/// One condition of a relationship-type rule, with the number that was tested.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// What is tested, as people read it ("Relationship", "Advocacy").
    pub input: &'static str,
    pub value: Option<f64>,
    pub op: Op,
    pub threshold: f64,
}

impl Condition {
    fn new(input: &'static str, value: Option<f64>, op: Op, threshold: f64) -> Self {
        Condition {
            input,
            value,
            op,
            threshold,
        }
    }

    /// None when the input is missing.
    pub fn holds(&self) -> Option<bool> {
        let v = self.value?;
        Some(match self.op {
            Op::Below => v < self.threshold,
            Op::AtLeast => v >= self.threshold,
        })
    }
}

/// A rule of SPEC §2.5: it matches when every condition of any one clause holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub kind: RelationshipType,
    pub clauses: Vec<Vec<Condition>>,
    pub matched: bool,
}

/// A relationship type with the rules that were tried, in order, up to the one that matched.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeVerdict {
    pub kind: RelationshipType,
    pub rules: Vec<Rule>,
}

/// Classifies an account (SPEC §2.5) from its level and dimension scores and advocacy.
pub fn relationship_type(
    metrics: &[Estimate; N_METRICS],
    advocacy: Option<f64>,
    model: &Model,
) -> TypeVerdict {
    let t = &model.types;
    let get = |m: Metric| metrics[m.index()].mean;
    let rel = get(Metric::Level(Level::Relationship));
    let uniq = get(Metric::Level(Level::Uniqueness));
    let service = get(Metric::Level(Level::Service));
    let solution = get(Metric::Solution);
    let gap = match (solution, service) {
        (Some(a), Some(b)) => Some((a - b).abs()),
        _ => None,
    };
    let candidates = [
        (
            RelationshipType::Opponent,
            vec![
                vec![Condition::new(
                    "Relationship",
                    rel,
                    Op::Below,
                    t.opponent_relationship,
                )],
                vec![
                    Condition::new("Relationship", rel, Op::Below, t.opponent_relationship_low),
                    Condition::new("Advocacy", advocacy, Op::Below, t.opponent_advocacy),
                ],
            ],
        ),
        (
            RelationshipType::Stalker,
            vec![vec![
                Condition::new(
                    "Value for money",
                    get(Metric::Dimension(Dimension::ValueForMoney)),
                    Op::Below,
                    t.stalker_value_for_money,
                ),
                Condition::new(
                    "Commitment",
                    get(Metric::Dimension(Dimension::Commitment)),
                    Op::Below,
                    t.stalker_commitment,
                ),
            ]],
        ),
        (
            RelationshipType::Ambivalent,
            vec![vec![Condition::new(
                "|Solution − Service|",
                gap,
                Op::AtLeast,
                t.ambivalent_gap,
            )]],
        ),
        (
            RelationshipType::Ambassador,
            vec![vec![
                Condition::new("Relationship", rel, Op::AtLeast, t.ambassador_relationship),
                Condition::new("Uniqueness", uniq, Op::AtLeast, t.ambassador_uniqueness),
                Condition::new("Advocacy", advocacy, Op::AtLeast, t.ambassador_advocacy),
            ]],
        ),
    ];
    let mut rules = Vec::new();
    for (kind, clauses) in candidates {
        let matched = clauses
            .iter()
            .any(|c| c.iter().all(|cond| cond.holds() == Some(true)));
        rules.push(Rule {
            kind,
            clauses,
            matched,
        });
        if matched {
            return TypeVerdict { kind, rules };
        }
    }
    TypeVerdict {
        kind: RelationshipType::Rational,
        rules,
    }
}

/// Scores of one account in one wave.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountScores {
    /// Index into `Dataset::accounts`.
    pub account: usize,
    pub n_responses: usize,
    pub response_rate: Option<f64>,
    pub metrics: [Estimate; N_METRICS],
    pub nps: Nps,
    pub advocacy: Option<f64>,
    pub band: Option<Band>,
    pub verdict: Option<TypeVerdict>,
}

impl AccountScores {
    pub fn metric(&self, m: Metric) -> &Estimate {
        &self.metrics[m.index()]
    }

    pub fn kind(&self) -> Option<RelationshipType> {
        self.verdict.as_ref().map(|v| v.kind)
    }

    /// Change of every metric since `before`, the same account in wave `from` (this is
    /// wave `to`).
    pub fn change_since(&self, before: &AccountScores, from: usize, to: usize) -> GroupChange {
        GroupChange::between(
            from,
            to,
            (&before.metrics, &before.nps),
            (&self.metrics, &self.nps),
        )
    }
}

/// Scores of a group (portfolio, segment, owner, role, account) in one wave.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupScores {
    pub wave: usize,
    pub n_accounts: usize,
    pub n_responses: usize,
    pub response_rate: Option<f64>,
    pub metrics: [Estimate; N_METRICS],
    pub nps: Nps,
    /// Accounts in scope with at least one response, in data-file order.
    pub accounts: Vec<AccountScores>,
    /// Accounts in scope left out of revenue-weighted scores for lack of revenue.
    pub accounts_without_revenue: usize,
}

impl GroupScores {
    pub fn metric(&self, m: Metric) -> &Estimate {
        &self.metrics[m.index()]
    }
}

/// Changes of every metric and NPS between two waves of a group.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupChange {
    pub from: usize,
    pub to: usize,
    pub metrics: [Change; N_METRICS],
    pub nps: Change,
}

impl GroupChange {
    /// The change of each metric (Welch) and of NPS from one set of scores to another.
    pub fn between(
        from_wave: usize,
        to_wave: usize,
        from: (&[Estimate; N_METRICS], &Nps),
        to: (&[Estimate; N_METRICS], &Nps),
    ) -> GroupChange {
        GroupChange {
            from: from_wave,
            to: to_wave,
            metrics: std::array::from_fn(|m| stats::welch(&from.0[m], &to.0[m])),
            nps: stats::nps_change(from.1, to.1),
        }
    }

    pub fn metric(&self, m: Metric) -> &Change {
        &self.metrics[m.index()]
    }
}

/// A key driver: how a dimension relates to NPS answers, against how it performs.
#[derive(Clone, Debug, PartialEq)]
pub struct Driver {
    pub dimension: Dimension,
    pub importance: Option<Correlation>,
    pub performance: Estimate,
}

/// A validated data set with every respondent scored: the input to every view.
#[derive(Clone, Debug, PartialEq)]
pub struct Portfolio {
    pub data: Dataset,
    /// Metric values per response, parallel to `data.responses`.
    pub respondents: Vec<MetricValues>,
    /// Responses by wave, as indices into `data.responses`.
    by_wave: Vec<Vec<usize>>,
    /// Responses by wave and account (file order within an account): those of account `a`
    /// in wave `w` are `by_account[w].1[by_account[w].0[a]..by_account[w].0[a + 1]]`.
    by_account: Vec<(Vec<u32>, Vec<u32>)>,
    /// Account index by id.
    account_ids: std::collections::HashMap<String, usize>,
}

impl Portfolio {
    pub fn new(data: Dataset) -> Portfolio {
        let respondents = data
            .responses
            .iter()
            .map(|r| score_respondent(&r.items, &data.model))
            .collect();
        Portfolio::from_scored(data, respondents)
    }

    /// A portfolio from responses already scored (`respondents` parallel to
    /// `data.responses`); their items are no longer needed and may be empty.
    pub fn from_scored(data: Dataset, respondents: Vec<MetricValues>) -> Portfolio {
        assert_eq!(data.responses.len(), respondents.len());
        let mut by_wave = vec![Vec::new(); data.waves.len()];
        for (i, r) in data.responses.iter().enumerate() {
            by_wave[r.wave].push(i);
        }
        let n_accounts = data.accounts.len();
        let account_ids = data
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let by_account = by_wave
            .iter()
            .map(|list| {
                // Counting sort by account, stable, so file order is kept within an account.
                let mut offsets = vec![0u32; n_accounts + 1];
                for &i in list {
                    offsets[data.responses[i].account + 1] += 1;
                }
                for a in 0..n_accounts {
                    offsets[a + 1] += offsets[a];
                }
                let mut next = offsets.clone();
                let mut items = vec![0u32; list.len()];
                for &i in list {
                    let a = data.responses[i].account;
                    items[next[a] as usize] = i as u32;
                    next[a] += 1;
                }
                (offsets, items)
            })
            .collect();
        Portfolio {
            data,
            respondents,
            by_wave,
            by_account,
            account_ids,
        }
    }

    /// Index of the account with this id (a hash lookup, unlike `Dataset::account_index`).
    pub fn account_index(&self, id: &str) -> Option<usize> {
        self.account_ids.get(id).copied()
    }

    pub fn model(&self) -> &Model {
        &self.data.model
    }

    pub fn latest_wave(&self) -> usize {
        self.data.waves.len().saturating_sub(1)
    }

    /// Responses of a wave that pass the filter, as indices into `data.responses`.
    pub fn responses_in(&self, wave: usize, filter: &Filter) -> Vec<usize> {
        if let Some(a) = filter.account {
            let Some((offsets, items)) = self.by_account.get(wave) else {
                return Vec::new();
            };
            let (Some(&lo), Some(&hi)) = (offsets.get(a), offsets.get(a + 1)) else {
                return Vec::new();
            };
            return items[lo as usize..hi as usize]
                .iter()
                .map(|&i| i as usize)
                .filter(|&i| {
                    filter
                        .role
                        .is_none_or(|role| self.data.responses[i].role == role)
                        && filter.admits_account(&self.data, a)
                })
                .collect();
        }
        let Some(list) = self.by_wave.get(wave) else {
            return Vec::new();
        };
        list.iter()
            .copied()
            .filter(|&i| {
                let r = &self.data.responses[i];
                filter.role.is_none_or(|role| r.role == role)
                    && filter.admits_account(&self.data, r.account)
            })
            .collect()
    }

    pub fn response(&self, i: usize) -> &Response {
        &self.data.responses[i]
    }

    fn weight(&self, i: usize) -> f64 {
        self.data.model.role_weight(self.data.responses[i].role)
    }

    fn nps_of(&self, responses: &[usize]) -> Nps {
        Nps::from_answers(responses.iter().filter_map(|&i| self.data.responses[i].nps))
    }

    /// Scores of one account from its responses in scope.
    fn score_account(&self, account: usize, wave: usize, responses: &[usize]) -> AccountScores {
        let model = &self.data.model;
        let metrics: [Estimate; N_METRICS] = std::array::from_fn(|m| {
            stats::weighted_mean(
                responses
                    .iter()
                    .filter_map(|&i| self.respondents[i].get(m).map(|x| (x, self.weight(i)))),
            )
        });
        let nps = self.nps_of(responses);
        let advocacy = mean_of(
            responses
                .iter()
                .filter_map(|&i| self.data.responses[i].nps.map(f64::from)),
        );
        let crq = metrics[Metric::Crq.index()].mean;
        let band = crq.map(|c| model.band(c));
        let verdict = crq.map(|_| relationship_type(&metrics, advocacy, model));
        let response_rate = self.data.accounts[account].invited[wave]
            .filter(|&n| n > 0)
            .map(|n| responses.len() as f64 / n as f64);
        AccountScores {
            account,
            n_responses: responses.len(),
            response_rate,
            metrics,
            nps,
            advocacy,
            band,
            verdict,
        }
    }

    /// Scores a group in a wave: its accounts, and the group with the model's aggregation.
    pub fn score_group(&self, wave: usize, filter: &Filter) -> GroupScores {
        self.score_group_with(wave, filter, self.data.model.aggregation)
    }

    /// As `score_group`, with another aggregation mode (the settings panel switches it).
    pub fn score_group_with(
        &self,
        wave: usize,
        filter: &Filter,
        aggregation: Aggregation,
    ) -> GroupScores {
        let accounts = self.score_group_accounts(wave, filter, 0..self.data.accounts.len());
        self.group_from_accounts(wave, filter, aggregation, accounts)
    }

    /// The accounts of `range` (indexes into `Dataset::accounts`) in a group that have
    /// responses in scope, scored: `score_group_with` a part at a time, for a caller that
    /// spreads the work over several tasks (then `group_from_accounts`).
    pub fn score_group_accounts(
        &self,
        wave: usize,
        filter: &Filter,
        range: std::ops::Range<usize>,
    ) -> Vec<AccountScores> {
        range
            .filter(|&a| filter.admits_account(&self.data, a))
            .filter_map(|a| {
                let f = Filter {
                    role: filter.role,
                    ..Filter::account(a)
                };
                // Responses in file order within the account.
                let list = self.responses_in(wave, &f);
                (!list.is_empty()).then(|| self.score_account(a, wave, &list))
            })
            .collect()
    }

    /// A group's scores from all its scored accounts, in index order.
    pub fn group_from_accounts(
        &self,
        wave: usize,
        filter: &Filter,
        aggregation: Aggregation,
        accounts: Vec<AccountScores>,
    ) -> GroupScores {
        let responses = self.responses_in(wave, filter);
        let accounts_without_revenue = accounts
            .iter()
            .filter(|a| self.data.accounts[a.account].revenue.is_none())
            .count();
        let metrics: [Estimate; N_METRICS] = std::array::from_fn(|m| match aggregation {
            Aggregation::Account => stats::mean(accounts.iter().filter_map(|a| a.metrics[m].mean)),
            Aggregation::Revenue => stats::weighted_mean(accounts.iter().filter_map(|a| {
                let revenue = self.data.accounts[a.account].revenue?;
                a.metrics[m].mean.map(|x| (x, revenue))
            })),
            Aggregation::Respondent => stats::weighted_mean(
                responses
                    .iter()
                    .filter_map(|&i| self.respondents[i].get(m).map(|x| (x, self.weight(i)))),
            ),
        });

        // Response rate over the accounts in scope whose invited count for the wave is known.
        let (mut answered, mut invited) = (0usize, 0u64);
        for (a, acc) in self.data.accounts.iter().enumerate() {
            if !filter.admits_account(&self.data, a) {
                continue;
            }
            if let Some(n) = acc.invited[wave] {
                invited += u64::from(n);
                answered += accounts
                    .binary_search_by_key(&a, |s| s.account)
                    .map_or(0, |k| accounts[k].n_responses);
            }
        }
        GroupScores {
            wave,
            n_accounts: accounts.len(),
            n_responses: responses.len(),
            response_rate: (invited > 0).then(|| answered as f64 / invited as f64),
            metrics,
            nps: self.nps_of(&responses),
            accounts,
            accounts_without_revenue: if aggregation == Aggregation::Revenue {
                accounts_without_revenue
            } else {
                0
            },
        }
    }

    /// Scores one account in a wave (None when it has no response in scope).
    pub fn score_account_in(
        &self,
        account: usize,
        wave: usize,
        role: Option<Role>,
    ) -> Option<AccountScores> {
        let filter = Filter {
            role,
            ..Filter::account(account)
        };
        let responses = self.responses_in(wave, &filter);
        (!responses.is_empty()).then(|| self.score_account(account, wave, &responses))
    }

    /// Change of every metric between two group scores.
    pub fn change(from: &GroupScores, to: &GroupScores) -> GroupChange {
        GroupChange::between(
            from.wave,
            to.wave,
            (&from.metrics, &from.nps),
            (&to.metrics, &to.nps),
        )
    }

    /// Key drivers (SPEC §2.7) within a scope and wave.
    pub fn key_drivers(&self, wave: usize, filter: &Filter) -> Vec<Driver> {
        let responses = self.responses_in(wave, filter);
        let group = self.score_group(wave, filter);
        Dimension::ALL
            .into_iter()
            .map(|d| {
                let pairs: Vec<(f64, f64)> = responses
                    .iter()
                    .filter_map(|&i| {
                        let x = self.respondents[i].get(d as usize)?;
                        let y = self.data.responses[i].nps?;
                        Some((x, f64::from(y)))
                    })
                    .collect();
                Driver {
                    dimension: d,
                    importance: stats::pearson(&pairs, 10),
                    performance: group.metrics[d as usize],
                }
            })
            .collect()
    }
}

/// Counts of respondent scores by scale point (values rounded to the nearest point).
pub fn histogram(values: &[f64], scale: super::model::Scale) -> Vec<(i64, usize)> {
    let (lo, hi) = (scale.min.round() as i64, scale.max.round() as i64);
    let mut counts: Vec<(i64, usize)> = (lo..=hi).map(|p| (p, 0)).collect();
    for &v in values {
        let p = (v.round() as i64).clamp(lo, hi);
        counts[(p - lo) as usize].1 += 1;
    }
    counts
}

impl Portfolio {
    /// Respondent values of one metric in a scope (for distributions).
    pub fn respondent_values(&self, wave: usize, filter: &Filter, metric: Metric) -> Vec<f64> {
        self.responses_in(wave, filter)
            .into_iter()
            .filter_map(|i| self.respondents[i].get(metric.index()))
            .collect()
    }

    /// Group scores of a scope in every wave, in wave order.
    pub fn score_waves(&self, filter: &Filter, aggregation: Aggregation) -> Vec<GroupScores> {
        (0..self.data.waves.len())
            .map(|w| self.score_group_with(w, filter, aggregation))
            .collect()
    }
}
