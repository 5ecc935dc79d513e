//! Scoring (SPEC §2): respondent → account → group scores, bands, relationship types,
//! wave-over-wave changes and key drivers, for the whole portfolio or any subset. One
//! respondent's scores are in `respondent`, the relationship-type rules in `types`.

mod respondent;
mod types;

use respondent::mean_of;
pub use respondent::{score_respondent, MetricValues};
pub use types::{relationship_type, Condition, Op, Rule, TypeVerdict};

use crate::data::{Dataset, Response};
use crate::model::{
    Aggregation, Band, Dimension, Metric, Model, RelationshipType, Role, N_METRICS,
};
use crate::stats::{self, Change, Correlation, Estimate, Nps};

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

    /// Whether the account is in the filter's segment and owner (and is its account).
    pub fn admits_account(&self, data: &Dataset, a: usize) -> bool {
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
    account_ids: crate::hash::FxMap<String, usize>,
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

    /// The newest wave with at least one response (the latest wave when none has any): what
    /// the app opens on, rather than a wave not answered yet.
    pub fn latest_wave_with_responses(&self) -> usize {
        self.by_wave
            .iter()
            .rposition(|w| !w.is_empty())
            .unwrap_or_else(|| self.latest_wave())
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
