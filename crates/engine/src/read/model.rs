//! The `scale` and `model` sections: the scale's bounds and the model's overrides.

use serde_json::Value;

use super::fields::type_desc;
use super::fields::type_name;
use super::header::Reader;
use crate::model::{Aggregation, DiagramOrder, Model, Scale, TypeThresholds};
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
            match key.as_str() {
                "level_weights" => {
                    if let Some(w) =
                        self.weights(val, &ptr, &["service", "uniqueness", "relationship"])
                    {
                        for (i, x) in w.into_iter().enumerate() {
                            if let Some(x) = x {
                                model.level_weights[i] = x;
                            }
                        }
                        model.overridden.push("level_weights".into());
                    }
                }
                "role_weights" => {
                    if let Some(w) = self.weights(
                        val,
                        &ptr,
                        &["decision_maker", "influencer", "operational", "other"],
                    ) {
                        for (i, x) in w.into_iter().enumerate() {
                            if let Some(x) = x {
                                model.role_weights[i] = x;
                            }
                        }
                        model.overridden.push("role_weights".into());
                    }
                }
                "aggregation" => match val.as_str().and_then(Aggregation::from_id) {
                    Some(a) => {
                        model.aggregation = a;
                        model.overridden.push("aggregation".into());
                    }
                    None => self.fatal(
                        &ptr,
                        Code::BadModel,
                        "`aggregation` must be \"account\", \"respondent\" or \"revenue\".",
                    ),
                },
                "bands" => {
                    let nums: Option<Vec<f64>> = val
                        .as_array()
                        .map(|a| a.iter().filter_map(Value::as_f64).collect());
                    match nums {
                        Some(n) if n.len() == 4 && val.as_array().is_some_and(|a| a.len() == 4) && n.windows(2).all(|w| w[0] > w[1]) => {
                            model.bands = [n[0], n[1], n[2], n[3]];
                            model.overridden.push("bands".into());
                        }
                        _ => self.fatal(
                            &ptr,
                            Code::BadModel,
                            "`bands` must be four numbers in descending order (excellent, good, adequate, vulnerable).",
                        ),
                    }
                }
                "types" => self.types(val, &ptr, &mut model.types, &mut model.overridden),
                "diagram" => match val.as_str().and_then(DiagramOrder::from_id) {
                    Some(order) => {
                        model.diagram = order;
                        model.overridden.push("diagram".into());
                    }
                    None => self.fatal(
                        &ptr,
                        Code::BadModel,
                        "`diagram` must be \"relationship_base\" or \"service_base\".",
                    ),
                },
                _ => self.warn(
                    ptr,
                    Code::UnknownKey,
                    format!("Unknown model setting `{key}` was ignored."),
                ),
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

    pub(super) fn weights(
        &mut self,
        v: &Value,
        ptr: &str,
        keys: &[&str],
    ) -> Option<Vec<Option<f64>>> {
        let Value::Object(o) = v else {
            self.fatal(
                ptr,
                Code::BadModel,
                format!("Weights must be an object with keys {}.", keys.join(", ")),
            );
            return None;
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
        ok.then_some(out)
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
            let slot = match k.as_str() {
                "opponent_relationship" => &mut t.opponent_relationship,
                "opponent_relationship_low" => &mut t.opponent_relationship_low,
                "opponent_advocacy" => &mut t.opponent_advocacy,
                "stalker_value_for_money" => &mut t.stalker_value_for_money,
                "stalker_commitment" => &mut t.stalker_commitment,
                "ambivalent_gap" => &mut t.ambivalent_gap,
                "ambassador_relationship" => &mut t.ambassador_relationship,
                "ambassador_uniqueness" => &mut t.ambassador_uniqueness,
                "ambassador_advocacy" => &mut t.ambassador_advocacy,
                _ => {
                    self.fatal(&p, Code::BadModel, format!("Unknown type threshold `{k}`."));
                    continue;
                }
            };
            *slot = x;
            overridden.push(format!("types.{k}"));
        }
    }
}
