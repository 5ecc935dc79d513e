//! "Add as a new wave": an import written into the data set on screen. Its waves, actions,
//! model and earlier responses are kept as they are; the export's waves, questions and
//! responses are added, and its accounts added or (for `invited`) completed. A wave the
//! data set already has, a question id with another dimension, or another rating scale
//! would mix two surveys: each is refused with a reason.

use rapport_engine::{Code, Problem};
use serde_json::{Map, Value};

use crate::build::Written;

fn refused(message: String) -> Problem {
    Problem::fatal("", Code::BadModel, message)
}

fn list<'a>(doc: &'a mut Map<String, Value>, key: &str) -> &'a mut Vec<Value> {
    let v = doc
        .entry(key.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if !v.is_array() {
        *v = Value::Array(Vec::new());
    }
    match v {
        Value::Array(a) => a,
        _ => unreachable!("made an array above"),
    }
}

fn id(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str)
}

/// The scale of a document (`rapport/1`'s default is 1–7).
fn scale(doc: &Map<String, Value>) -> (f64, f64) {
    let s = doc.get("scale");
    let end = |k: &str, default: f64| {
        s.and_then(|s| s.get(k))
            .and_then(Value::as_f64)
            .unwrap_or(default)
    };
    (end("min", 1.0), end("max", 7.0))
}

/// Adds `written` to `base` (a `rapport/1` document, as bytes).
pub fn into<'a>(base: &[u8], mut written: Written<'a>) -> Result<Written<'a>, Vec<Problem>> {
    let Ok(Value::Object(mut doc)) = serde_json::from_slice::<Value>(base) else {
        return Err(vec![refused(
            "The data set on screen could not be read again to add the export to it.".into(),
        )]);
    };
    let new = std::mem::take(&mut written.header);
    let problems = conflicts(&mut doc, &new);
    let empty = Vec::new();
    let get = |k: &str| new.get(k).and_then(Value::as_array).unwrap_or(&empty);
    if !problems.is_empty() {
        return Err(problems);
    }
    list(&mut doc, "waves").extend(get("waves").iter().cloned());
    let questions = list(&mut doc, "questions");
    written.map.questions_from = questions.len();
    let mut kept = Vec::new();
    for (q, origin) in get("questions").iter().zip(&written.map.questions) {
        if !questions.iter().any(|x| id(x) == id(q)) {
            questions.push(q.clone());
            kept.push(*origin);
        }
    }
    written.map.questions = kept;
    // The data set's responses, as text, then the export's.
    let mut text = Vec::new();
    let base_responses = std::mem::take(list(&mut doc, "responses"));
    for r in &base_responses {
        if !text.is_empty() {
            text.extend_from_slice(b",\n");
        }
        let _ = serde_json::to_writer(&mut text, r);
    }
    written.map.responses_from = base_responses.len();
    if !text.is_empty() && !written.responses.is_empty() {
        text.extend_from_slice(b",\n");
    }
    text.append(&mut written.responses);
    written.responses = text;
    doc.remove("responses");
    let accounts = list(&mut doc, "accounts");
    let mut origins = Vec::new();
    for (a, (_, origin)) in get("accounts")
        .iter()
        .zip(std::mem::take(&mut written.map.accounts))
    {
        match accounts.iter().position(|x| id(x) == id(a)) {
            Some(i) => {
                if let (Value::Object(old), Value::Object(add)) = (&mut accounts[i], a) {
                    fill_in(old, add);
                }
            }
            None => {
                origins.push((accounts.len(), origin));
                accounts.push(a.clone());
            }
        }
    }
    written.map.accounts = origins;
    written.header = doc;
    Ok(written)
}

/// Why the export cannot be added to the data set `doc`: another scale, a wave it already
/// has, a question it has of another dimension.
fn conflicts(doc: &mut Map<String, Value>, new: &Map<String, Value>) -> Vec<Problem> {
    let empty = Vec::new();
    let get = |k: &str| new.get(k).and_then(Value::as_array).unwrap_or(&empty);
    let mut problems = Vec::new();
    if scale(doc) != scale(new) {
        let ((a, b), (c, d)) = (scale(doc), scale(new));
        problems.push(refused(format!(
            "The data set on screen is rated on {a}–{b}, this export on {c}–{d}: they cannot \
             be scored together. Import the export on its own, or set its scale to {a}–{b}."
        )));
    }
    for w in get("waves") {
        let w_id = id(w).unwrap_or("");
        if list(doc, "waves").iter().any(|x| id(x) == Some(w_id)) {
            problems.push(refused(format!(
                "The data set on screen already has a wave \"{w_id}\": give this export's wave \
                 another id, or import it on its own."
            )));
        }
    }
    for q in get("questions") {
        let q_id = id(q).unwrap_or("");
        let dimension = q.get("dimension");
        if let Some(old) = list(doc, "questions").iter().find(|x| id(x) == Some(q_id)) {
            if old.get("dimension") != dimension {
                problems.push(refused(format!(
                    "The data set on screen has a question \"{q_id}\" of another dimension: \
                     rename the column or map it to the same dimension."
                )));
            }
        }
    }
    problems
}

/// An account the data set has, filled in with what the export's record of it adds (the new
/// wave's `invited`, a revenue); nothing it has is changed.
fn fill_in(old: &mut Map<String, Value>, add: &Map<String, Value>) {
    for (k, v) in add {
        match (old.get_mut(k), v) {
            (Some(Value::Object(o)), Value::Object(more)) => {
                for (w, n) in more {
                    o.entry(w.clone()).or_insert_with(|| n.clone());
                }
            }
            (Some(_), _) => {}
            (None, v) => {
                old.insert(k.clone(), v.clone());
            }
        }
    }
}
