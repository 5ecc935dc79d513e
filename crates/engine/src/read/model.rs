//! The `scale` and `model` sections: the scale's bounds and the model's overrides.

use serde_json::Value;

use super::fields::type_desc;
use super::fields::type_name;
use super::header::Reader;
use crate::model::{
    Aggregation, DiagramOrder, Goal, GoalScope, Measure, Model, Scale, TypeThresholds,
};
use crate::problem::{pointer_token, Code, Severity};

impl Reader {
    pub(super) fn scale(&mut self, v: Option<&Value>) -> Option<Scale> {
        let Some(v) = v else {
            return Some(Scale::default());
        };
        let Value::Object(o) = v else {
            self.fatal(
                "/scale",
                Code::BadScale,
                format!(
                    "`scale` must be an object like {{\"min\": 1, \"max\": 7}}, not {}.",
                    type_name(v)
                ),
            );
            return None;
        };
        let mut get = |key: &str| -> Option<i64> {
            match o.get(key) {
                Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
                Some(other) => {
                    self.fatal(
                        &format!("/scale/{key}"),
                        Code::BadScale,
                        format!(
                            "`scale.{key}` must be an integer, not {}.",
                            type_desc(other)
                        ),
                    );
                    None
                }
                None => {
                    self.fatal(
                        &format!("/scale/{key}"),
                        Code::BadScale,
                        format!("`scale.{key}` is required when `scale` is given."),
                    );
                    None
                }
            }
        };
        let (min, max) = (get("min"), get("max"));
        let (min, max) = (min?, max?);
        if min >= max {
            self.fatal(
                "/scale",
                Code::BadScale,
                format!("`scale.min` ({min}) must be less than `scale.max` ({max})."),
            );
            return None;
        }
        Some(Scale {
            min: min as f64,
            max: max as f64,
        })
    }

    pub(super) fn model(&mut self, v: Option<&Value>, scale: Scale) -> Option<Model> {
        let mut model = Model::defaults_for(scale);
        let Some(v) = v else {
            return Some(model);
        };
        let Value::Object(o) = v else {
            self.fatal(
                "/model",
                Code::BadModel,
                format!("`model` must be an object, not {}.", type_name(v)),
            );
            return None;
        };
        let before = self.problems.len();
        for (key, val) in o {
            let ptr = format!("/model/{}", pointer_token(key));
            if key == "targets" {
                model.targets = self.goals(val, &ptr, scale);
                if !model.targets.is_empty() {
                    model.overridden.push(key.clone());
                }
                continue;
            }
            if self.setting(&mut model, key, val, &ptr) {
                model.overridden.push(key.clone());
            }
        }
        // Weights that are all zero weigh nothing: every score would be blank.
        for (key, weights, what) in [
            ("level_weights", &model.level_weights[..], "CRQ"),
            ("role_weights", &model.role_weights[..], "every score"),
        ] {
            if weights.iter().all(|&w| w == 0.0) {
                self.fatal(
                    &format!("/model/{key}"),
                    Code::BadModel,
                    format!("`{key}` are all zero: {what} would weigh nothing. Give at least one a weight above 0."),
                );
            }
        }
        let failed = self.problems[before..]
            .iter()
            .any(|p| p.severity == Severity::Fatal);
        (!failed).then_some(model)
    }

    /// Reads one model setting into `model`; true when it overrides the default as a whole
    /// (a `types` threshold is noted on its own).
    fn setting(&mut self, model: &mut Model, key: &str, val: &Value, ptr: &str) -> bool {
        match key {
            "level_weights" => {
                const KEYS: [&str; 3] = ["service", "uniqueness", "relationship"];
                self.weights(val, ptr, &KEYS, &mut model.level_weights)
            }
            "role_weights" => {
                const KEYS: [&str; 4] = ["decision_maker", "influencer", "operational", "other"];
                self.weights(val, ptr, &KEYS, &mut model.role_weights)
            }
            "aggregation" => match val.as_str().and_then(Aggregation::from_id) {
                Some(a) => {
                    model.aggregation = a;
                    true
                }
                None => {
                    self.fatal(
                        ptr,
                        Code::BadModel,
                        "`aggregation` must be \"account\", \"respondent\" or \"revenue\".",
                    );
                    false
                }
            },
            "bands" => self.bands(val, ptr, &mut model.bands),
            "types" => {
                self.types(val, ptr, &mut model.types, &mut model.overridden);
                false
            }
            "diagram" => match val.as_str().and_then(DiagramOrder::from_id) {
                Some(order) => {
                    model.diagram = order;
                    true
                }
                None => {
                    self.fatal(
                        ptr,
                        Code::BadModel,
                        "`diagram` must be \"relationship_base\" or \"service_base\".",
                    );
                    false
                }
            },
            // Only shown with revenue: a wrong code is left out, not a reason to refuse the file.
            "currency" => match val.as_str() {
                Some(c) if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) => {
                    model.currency = Some(c.to_string());
                    true
                }
                _ => {
                    self.warn(
                        ptr,
                        Code::BadModel,
                        "`currency` must be a three-letter ISO 4217 code such as \"EUR\" or \"USD\"; revenue is shown without a currency.",
                    );
                    false
                }
            },
            _ => {
                self.warn(
                    ptr,
                    Code::UnknownKey,
                    format!("Unknown model setting `{key}` was ignored."),
                );
                false
            }
        }
    }

    /// The four bands' lower bounds into `into`, when `val` is four numbers in descending
    /// order (else the file is refused, and false returned).
    fn bands(&mut self, val: &Value, ptr: &str, into: &mut [f64; 4]) -> bool {
        let nums: Vec<f64> = val
            .as_array()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map_while(Value::as_f64)
            .collect();
        let ok = val.as_array().is_some_and(|a| a.len() == 4)
            && nums.len() == 4
            && nums.windows(2).all(|w| w[0] > w[1]);
        if ok {
            *into = [nums[0], nums[1], nums[2], nums[3]];
        } else {
            self.fatal(
                ptr,
                Code::BadModel,
                "`bands` must be four numbers in descending order (excellent, good, adequate, vulnerable).",
            );
        }
        ok
    }

    /// Weights by key into `into` (in the order of `keys`; keys not given keep their
    /// default). Nothing is changed, and false returned, when any weight is wrong.
    fn weights(&mut self, v: &Value, ptr: &str, keys: &[&str], into: &mut [f64]) -> bool {
        let Value::Object(o) = v else {
            self.fatal(
                ptr,
                Code::BadModel,
                format!("Weights must be an object with keys {}.", keys.join(", ")),
            );
            return false;
        };
        let mut out = vec![None; keys.len()];
        let mut ok = true;
        for (k, x) in o {
            let p = format!("{ptr}/{}", pointer_token(k));
            match (keys.iter().position(|key| key == k), x.as_f64()) {
                (Some(i), Some(w)) if w >= 0.0 && w.is_finite() => out[i] = Some(w),
                (Some(_), _) => {
                    ok = false;
                    self.fatal(
                        &p,
                        Code::BadModel,
                        format!("Weight `{k}` must be a number ≥ 0."),
                    );
                }
                (None, _) => {
                    ok = false;
                    self.fatal(
                        &p,
                        Code::BadModel,
                        format!("Unknown weight `{k}`; expected one of {}.", keys.join(", ")),
                    );
                }
            }
        }
        if ok {
            for (slot, w) in into.iter_mut().zip(out) {
                *slot = w.unwrap_or(*slot);
            }
        }
        ok
    }

    pub(super) fn types(
        &mut self,
        v: &Value,
        ptr: &str,
        t: &mut TypeThresholds,
        overridden: &mut Vec<String>,
    ) {
        let Value::Object(o) = v else {
            self.fatal(
                ptr,
                Code::BadModel,
                "`types` must be an object of thresholds.",
            );
            return;
        };
        for (k, x) in o {
            let p = format!("{ptr}/{}", pointer_token(k));
            let Some(x) = x.as_f64() else {
                self.fatal(
                    &p,
                    Code::BadModel,
                    format!("Threshold `{k}` must be a number."),
                );
                continue;
            };
            if !t.set(k, x) {
                self.fatal(&p, Code::BadModel, format!("Unknown type threshold `{k}`."));
                continue;
            }
            overridden.push(format!("types.{k}"));
        }
    }
}

impl Reader {
    /// The targets of `model.targets` that can be read; each that cannot is a located
    /// warning and left out (a wrong target is no reason to refuse the file). Their waves,
    /// accounts, segments and owners are checked against the file's in `goal_references`.
    pub(super) fn goals(&mut self, v: &Value, ptr: &str, scale: Scale) -> Vec<Goal> {
        let Value::Array(items) = v else {
            self.warn(
                ptr,
                Code::BadModel,
                format!(
                    "`targets` must be an array of targets like {{\"metric\": \"crq\", \"value\": 5.5}}, not {}; no target is used.",
                    type_name(v)
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (at, item) in items.iter().enumerate() {
            match goal(item, at, scale) {
                Ok(g) => out.push(g),
                Err((key, message)) => {
                    let p = if key.is_empty() {
                        format!("{ptr}/{at}")
                    } else {
                        format!("{ptr}/{at}/{key}")
                    };
                    self.warn(
                        &p,
                        Code::BadModel,
                        format!("{message} This target is left out."),
                    );
                }
            }
        }
        out
    }
}

impl Reader {
    /// Leaves out, each with a located warning, the targets whose wave, account, segment or
    /// owner the file does not have (they could never be met or missed).
    pub(super) fn goal_references(
        &mut self,
        ptr: &str,
        goals: &mut Vec<Goal>,
        waves: &[crate::data::Wave],
        accounts: &[crate::data::Account],
    ) {
        goals.retain(|g| {
            let wave_known = g
                .wave
                .as_ref()
                .is_none_or(|w| waves.iter().any(|x| &x.id == w));
            let (key, known) = match &g.scope {
                GoalScope::Portfolio => ("", true),
                GoalScope::Segment(s) => (
                    "segment",
                    accounts.iter().any(|a| a.segment.as_ref() == Some(s)),
                ),
                GoalScope::Owner(s) => (
                    "owner",
                    accounts.iter().any(|a| a.owner.as_ref() == Some(s)),
                ),
                GoalScope::Account(s) => ("account", accounts.iter().any(|a| &a.id == s)),
            };
            let (key, what) = if !wave_known {
                ("wave", g.wave.clone().unwrap_or_default())
            } else if !known {
                let id = match &g.scope {
                    GoalScope::Segment(s) | GoalScope::Owner(s) | GoalScope::Account(s) => {
                        s.clone()
                    }
                    GoalScope::Portfolio => String::new(),
                };
                (key, id)
            } else {
                return true;
            };
            let noun = if key == "wave" {
                "wave"
            } else if key == "account" {
                "account"
            } else {
                "account has this"
            };
            self.warn(
                format!("{ptr}/{}/{key}", g.at),
                Code::BadModel,
                if key == "wave" || key == "account" {
                    format!("No {noun} \"{what}\" in the data file: this target is left out.")
                } else {
                    format!("No {noun} {key} (\"{what}\"): this target is left out.")
                },
            );
            false
        });
    }
}

/// The `at`-th target of a list, or the key at fault (empty: the whole target) and why.
fn goal(item: &Value, at: usize, scale: Scale) -> Result<Goal, (&str, String)> {
    let Value::Object(o) = item else {
        return Err((
            "",
            format!("A target must be an object, not {}.", type_name(item)),
        ));
    };
    if let Some(k) = o
        .keys()
        .find(|k| !["metric", "value", "wave", "segment", "owner", "account"].contains(&k.as_str()))
    {
        return Err((k, format!("`{k}` is not a field of a target (metric, value, wave, and one of segment, owner or account).")));
    }
    let Some(measure) = o
        .get("metric")
        .and_then(Value::as_str)
        .and_then(Measure::from_id)
    else {
        return Err(("metric", "`metric` must be \"crq\", \"nps\", a level (\"service\", \"uniqueness\", \"relationship\"), a dimension id or \"solution\".".to_string()));
    };
    let (low, high) = measure.bounds(scale);
    let Some(value) = o
        .get("value")
        .and_then(Value::as_f64)
        .filter(|x| (low..=high).contains(x))
    else {
        return Err((
            "value",
            format!(
                "`value` must be a number from {low} to {high} for {}.",
                measure.label()
            ),
        ));
    };
    let text = |key: &str| o.get(key).map(|x| x.as_str().filter(|s| !s.is_empty()));
    let mut scopes = Vec::new();
    let mut malformed = None;
    for key in ["segment", "owner", "account"] {
        match text(key) {
            None => {}
            Some(Some(s)) => scopes.push((key, s.to_string())),
            Some(None) => malformed = Some(key),
        }
    }
    if let Some(key) = malformed.or(text("wave").and_then(|w| w.is_none().then_some("wave"))) {
        return Err((key, format!("`{key}` must be a non-empty string.")));
    }
    if scopes.len() > 1 {
        return Err((scopes[1].0, "A target is for the portfolio, or one segment, owner or account: give at most one of them.".to_string()));
    }
    let scope = match scopes.pop() {
        None => GoalScope::Portfolio,
        Some(("segment", s)) => GoalScope::Segment(s),
        Some(("owner", s)) => GoalScope::Owner(s),
        Some((_, s)) => GoalScope::Account(s),
    };
    Ok(Goal {
        measure,
        scope,
        wave: text("wave").flatten().map(str::to_string),
        value,
        at,
    })
}
