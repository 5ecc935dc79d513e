//! Reading the wire form's parts: numbers, strings and dates, then the header, the
//! accounts, actions, model, report and responses, each from a byte slice.

use chrono::NaiveDate;

use super::format::Damaged;
use crate::data::{Account, Action, ActionStatus, Dataset, Question, Response, Wave};
#[cfg(feature = "inside")]
use crate::data::{Inside, InternalAnswer, Prediction, Statement};
use crate::model::{
    Aggregation, DiagramOrder, Goal, GoalScope, Measure, Metric, Model, Role, Scale, Target,
};
use crate::model::{TypeThresholds, N_METRICS};
use crate::problem::{Code, LoadReport, Problem, Severity};
use crate::score::MetricValues;

/// Reads primitives from a byte slice.
pub(super) struct Cursor<'a> {
    pub(super) buf: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn f64(&mut self) -> Result<f64, Damaged> {
        let b = self.take(8)?;
        Ok(f64::from_le_bytes(b.try_into().map_err(|_| Damaged)?))
    }

    pub(super) fn opt_f64(&mut self) -> Result<Option<f64>, Damaged> {
        Ok(Some(self.f64()?).filter(|v| !v.is_nan()))
    }

    pub(super) fn date(&mut self) -> Result<Option<NaiveDate>, Damaged> {
        let b = self.take(4)?;
        let days = i32::from_le_bytes(b.try_into().map_err(|_| Damaged)?);
        if days == i32::MIN {
            return Ok(None);
        }
        NaiveDate::from_num_days_from_ce_opt(days)
            .map(Some)
            .ok_or(Damaged)
    }

    pub(super) fn target(&mut self) -> Result<Option<Target>, Damaged> {
        Ok(match self.u8()? {
            u8::MAX => None,
            i => Some(*Target::ALL.get(i as usize).ok_or(Damaged)?),
        })
    }

    pub(super) fn count(&mut self, min_bytes: usize) -> Result<usize, Damaged> {
        let n = self.u32()?;
        // Each item takes at least `min_bytes`: a damaged count cannot ask for more.
        if n > (self.buf.len() - self.pos) / min_bytes.max(1) {
            return Err(Damaged);
        }
        Ok(n)
    }

    /// The header but its accounts and actions (which come last, taken in by
    /// `Decoder::step`): the data set without them and without responses, the number of
    /// responses, and the numbers of accounts and actions.
    pub(super) fn header(&mut self) -> Result<(Dataset, usize, [usize; 2]), Damaged> {
        let title = self.opt_str()?.map(str::to_string);
        let scale = Scale {
            min: self.f64()?,
            max: self.f64()?,
        };
        let model = self.model()?;
        let n = self.count(12)?;
        let mut waves = Vec::with_capacity(n);
        for _ in 0..n {
            waves.push(Wave {
                id: self.str()?.to_string(),
                label: self.str()?.to_string(),
                closed: self.date()?.ok_or(Damaged)?,
            });
        }
        let n = self.count(10)?;
        let mut questions = Vec::with_capacity(n);
        for _ in 0..n {
            questions.push(Question {
                id: self.str()?.to_string(),
                target: self.target()?.ok_or(Damaged)?,
                text: self.str()?.to_string(),
                reverse: self.u8()? != 0,
            });
        }
        #[cfg(feature = "inside")]
        let inside = self.inside(waves.len())?;
        #[cfg(not(feature = "inside"))]
        self.take_bytes()?; // The inside view: not kept here.
        let responses = self.u32()?;
        let n_accounts = self.u32()?;
        let n_actions = self.u32()?;
        #[cfg(feature = "inside")]
        if inside.predictions.iter().any(|p| p.account >= n_accounts) {
            return Err(Damaged);
        }
        // Each account takes at least 4 × 4 bytes and a u32 per wave; each action 31 bytes.
        let least = n_accounts
            .checked_mul(16 + 4 * waves.len())
            .and_then(|a| a.checked_add(n_actions.checked_mul(31)?));
        if least.is_none_or(|least| least > self.buf.len() - self.pos) {
            return Err(Damaged);
        }
        let data = Dataset {
            title,
            scale,
            waves,
            accounts: Vec::new(),
            questions,
            responses: Vec::new(),
            actions: Vec::new(),
            model,
            #[cfg(feature = "inside")]
            inside,
        };
        Ok((data, responses, [n_accounts, n_actions]))
    }

    /// The inside view (statements, predictions, internal answers) of a data set with
    /// `waves` waves (their accounts are checked against the count of accounts, next): a
    /// section of its own (skipped without the `inside` feature: the page's module; empty
    /// from an encoder without it).
    #[cfg(feature = "inside")]
    pub(super) fn inside(&mut self, waves: usize) -> Result<Inside, Damaged> {
        let section = self.take_bytes()?;
        if section.is_empty() {
            return Ok(Inside::default());
        }
        let mut c = Cursor {
            buf: section,
            pos: 0,
        };
        let inside = c.inside_section(waves)?;
        if c.pos != section.len() {
            return Err(Damaged);
        }
        Ok(inside)
    }

    #[cfg(feature = "inside")]
    pub(super) fn inside_section(&mut self, waves: usize) -> Result<Inside, Damaged> {
        let n = self.count(12)?;
        let mut statements = Vec::with_capacity(n);
        for _ in 0..n {
            statements.push(Statement {
                id: self.str()?.to_string(),
                text: self.str()?.to_string(),
                theme: self.opt_str()?.map(str::to_string),
            });
        }
        let n = self.count(21)?;
        let mut predictions = Vec::with_capacity(n);
        for _ in 0..n {
            let wave = self.u32()?;
            let account = self.u32()?;
            let respondent = self.str()?.to_string();
            let role = self.str()?.to_string();
            let k = self.count(9)?;
            let ratings = (0..k)
                .map(|_| Ok((self.target()?.ok_or(Damaged)?, self.f64()?)))
                .collect::<Result<Vec<_>, Damaged>>()?;
            let nps = match self.u8()? {
                u8::MAX => None,
                n if n <= 10 => Some(n),
                _ => return Err(Damaged),
            };
            if wave >= waves {
                return Err(Damaged);
            }
            predictions.push(Prediction {
                wave,
                account,
                respondent,
                role,
                ratings,
                nps,
            });
        }
        let n = self.count(13)?;
        let mut internal = Vec::with_capacity(n);
        for _ in 0..n {
            let wave = self.u32()?;
            let respondent = self.str()?.to_string();
            let department = self.opt_str()?.map(str::to_string);
            let k = self.count(5)?;
            let answers = (0..k)
                .map(|_| {
                    let s = self.u32()?;
                    let a = self.u8()?;
                    (s < statements.len() && (1..=5).contains(&a))
                        .then_some((s, a))
                        .ok_or(Damaged)
                })
                .collect::<Result<Vec<_>, Damaged>>()?;
            if wave >= waves {
                return Err(Damaged);
            }
            internal.push(InternalAnswer {
                wave,
                respondent,
                department,
                answers,
            });
        }
        Ok(Inside {
            predictions,
            statements,
            internal,
        })
    }

    /// An action of a data set with `accounts` accounts and `waves` waves.
    pub(super) fn action(&mut self, accounts: usize, waves: usize) -> Result<Action, Damaged> {
        let a = Action {
            id: self.str()?.to_string(),
            account: self.u32()?,
            wave: self.u32()?,
            target: self.target()?,
            title: self.str()?.to_string(),
            owner: self.opt_str()?.map(str::to_string),
            due: self.date()?,
            status: *ActionStatus::ALL.get(self.u8()? as usize).ok_or(Damaged)?,
            agreed_with_client: self.u8()? != 0,
            notes: self.opt_str()?.map(str::to_string),
        };
        if a.account >= accounts || a.wave >= waves {
            return Err(Damaged);
        }
        Ok(a)
    }

    pub(super) fn account(&mut self, waves: usize) -> Result<Account, Damaged> {
        Ok(Account {
            id: self.str()?.to_string(),
            name: self.str()?.to_string(),
            segment: self.opt_str()?.map(str::to_string),
            owner: self.opt_str()?.map(str::to_string),
            revenue: self.opt_f64()?,
            invited: (0..waves)
                .map(|_| Ok(self.opt_u32()?.map(|v| v as u32)))
                .collect::<Result<_, Damaged>>()?,
        })
    }

    pub(super) fn model(&mut self) -> Result<Model, Damaged> {
        let mut f = |n| {
            (0..n)
                .map(|_| self.f64())
                .collect::<Result<Vec<f64>, Damaged>>()
        };
        let level_weights = f(3)?.try_into().map_err(|_| Damaged)?;
        let role_weights = f(4)?.try_into().map_err(|_| Damaged)?;
        let bands = f(4)?.try_into().map_err(|_| Damaged)?;
        let types = TypeThresholds::from_values(f(9)?.try_into().map_err(|_| Damaged)?);
        let aggregation = *Aggregation::ALL.get(self.u8()? as usize).ok_or(Damaged)?;
        let diagram = *DiagramOrder::ALL.get(self.u8()? as usize).ok_or(Damaged)?;
        let n = self.count(4)?;
        let overridden = (0..n)
            .map(|_| Ok(self.str()?.to_string()))
            .collect::<Result<_, Damaged>>()?;
        let currency = self.opt_str()?.map(str::to_string);
        let targets = self.goals()?;
        Ok(Model {
            targets,
            level_weights,
            role_weights,
            aggregation,
            bands,
            types,
            diagram,
            overridden,
            currency,
        })
    }

    /// Targets (`Model::targets`, or those set in the app: `goals_from_wire`).
    pub(super) fn goals(&mut self) -> Result<Vec<Goal>, Damaged> {
        let n = self.count(12)?;
        let mut targets = Vec::with_capacity(n);
        for _ in 0..n {
            let measure = match self.u8()? as usize {
                N_METRICS => Measure::Nps,
                i => Measure::Metric(*Metric::all().get(i).ok_or(Damaged)?),
            };
            let kind = self.u8()?;
            let id = self.opt_str()?.map(str::to_string);
            let scope = match (kind, id) {
                (0, None) => GoalScope::Portfolio,
                (1, Some(s)) => GoalScope::Segment(s),
                (2, Some(s)) => GoalScope::Owner(s),
                (3, Some(s)) => GoalScope::Account(s),
                _ => return Err(Damaged),
            };
            targets.push(Goal {
                measure,
                scope,
                wave: self.opt_str()?.map(str::to_string),
                value: self.f64()?,
                at: self.u32()?,
            });
        }
        Ok(targets)
    }

    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], Damaged> {
        let end = self.pos.checked_add(n).ok_or(Damaged)?;
        let s = self.buf.get(self.pos..end).ok_or(Damaged)?;
        self.pos = end;
        Ok(s)
    }

    pub(super) fn u8(&mut self) -> Result<u8, Damaged> {
        Ok(self.take(1)?[0])
    }

    pub(super) fn u32(&mut self) -> Result<usize, Damaged> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    pub(super) fn opt_u32(&mut self) -> Result<Option<usize>, Damaged> {
        let v = self.u32()?;
        Ok((v != u32::MAX as usize).then_some(v))
    }

    pub(super) fn take_bytes(&mut self) -> Result<&'a [u8], Damaged> {
        let n = self.u32()?;
        self.take(n)
    }

    pub(super) fn str(&mut self) -> Result<&'a str, Damaged> {
        let b = self.take_bytes()?;
        std::str::from_utf8(b).map_err(|_| Damaged)
    }

    pub(super) fn opt_str(&mut self) -> Result<Option<&'a str>, Damaged> {
        Ok(match self.u8()? {
            0 => None,
            _ => Some(self.str()?),
        })
    }

    pub(super) fn report(&mut self) -> Result<LoadReport, Damaged> {
        let excluded_records = self.u32()?;
        let responses_read = self.u32()?;
        let n = self.u32()?;
        let mut problems = Vec::with_capacity(n.min(self.buf.len() / 8));
        for _ in 0..n {
            let severity = match self.u8()? {
                0 => Severity::Fatal,
                1 => Severity::Excluded,
                _ => Severity::Warning,
            };
            let pointer = self.str()?.to_string();
            let record = self.opt_str()?.map(str::to_string);
            let line = self.opt_u32()?;
            let column = self.opt_u32()?;
            let code = Code::from_id(self.str()?).ok_or(Damaged)?;
            let message = self.str()?.to_string();
            problems.push(Problem {
                severity,
                pointer,
                record,
                line,
                column,
                code,
                message,
            });
        }
        Ok(LoadReport {
            problems,
            excluded_records,
            responses_read,
        })
    }

    pub(super) fn response(&mut self) -> Result<(Response, MetricValues), Damaged> {
        let wave = self.u32()?;
        let account = self.u32()?;
        let record = self.u32()?;
        let role = *Role::ALL.get(self.u8()? as usize).ok_or(Damaged)?;
        let nps = Some(self.u8()?).filter(|&n| n <= 10);
        let respondent = self.str()?.to_string();
        let comment = self.opt_str()?.map(str::to_string);
        let raw = self.take(N_METRICS * 8)?;
        let mut m = [None; N_METRICS];
        for (slot, b) in m.iter_mut().zip(raw.chunks_exact(8)) {
            let v = f64::from_le_bytes(b.try_into().map_err(|_| Damaged)?);
            *slot = (!v.is_nan()).then_some(v);
        }
        let r = Response {
            wave,
            account,
            respondent,
            role,
            items: Vec::new(),
            nps,
            comment,
            record,
        };
        Ok((r, MetricValues::from(m)))
    }
}
