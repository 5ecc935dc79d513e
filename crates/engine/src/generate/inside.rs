//! The generated file's inside view: the obstacles survey's statements and staff answers,
//! and the account teams' predictions.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{profile, GenAccount, GenerateOptions, Rng};
use crate::model::Dimension;

/// The obstacles survey's statements (README, "The inside view"), with their themes.
const STATEMENTS: [(&str, &str, &str); 10] = [
    ("stalled", "My company suffers from customer programmes that get stalled, delayed or dropped before they fully deliver.", "execution"),
    ("silos", "Our organisation is siloed: cross-functional work for customers breaks down.", "structure"),
    ("numbers", "We focus on numbers more than on customers.", "culture"),
    ("voice", "What customers tell us rarely changes what we do.", "listening"),
    ("ownership", "Nobody owns the whole relationship with a key account.", "structure"),
    ("short_term", "Short-term targets win over long-term relationships.", "culture"),
    ("tools", "Our systems do not give a single view of the customer.", "tools"),
    ("leaders", "Senior leaders are rarely seen at key accounts.", "leadership"),
    ("recognition", "Good work for customers goes unrecognised.", "culture"),
    ("follow_up", "Survey results are not followed up with the customer.", "listening"),
];
const DEPARTMENTS: [&str; 5] = ["Sales", "Delivery", "Service", "Product", "Finance"];
const TEAM_ROLES: [&str; 3] = ["account_director", "delivery", "sales"];

/// The inside view, after `actions`: the statements, the account teams' predictions (about
/// half the accounts in each wave, by one to three team members, who overrate their clients
/// and less so each wave, with a blind spot here and there), and about 40 staff answers to
/// the obstacles survey per wave, drifting believably. A random stream of its own, so that
/// the rest of the file is what it was without it.
pub(super) fn inside(
    opts: GenerateOptions,
    accounts: &[GenAccount],
    wave_ids: &[String],
    out: &mut impl Write,
) -> io::Result<()> {
    let mut rng = Rng::new(opts.seed ^ 0x1d51_de00);
    let waves = wave_ids.len();
    let statements: Vec<Value> = STATEMENTS
        .iter()
        .map(|(id, text, theme)| json!({ "id": id, "text": text, "theme": theme }))
        .collect();
    write!(out, ",\"statements\":{}", Value::Array(statements))?;
    out.write_all(b",\"predictions\":[")?;
    let mut first = true;
    for (w, wid) in wave_ids.iter().enumerate() {
        for (ai, acc) in accounts.iter().enumerate() {
            if (ai + w) % 2 == 1 {
                continue;
            }
            let shift = acc.level + (acc.trend + 0.08) * (w as f64 - (waves as f64 - 1.0) / 2.0);
            let means = profile(acc.archetype).map(|m| m + shift);
            // The team's belief: a little too kind, less so as it learns; for some accounts
            // far too kind about one dimension (a blind spot).
            let bias = 0.7 - 0.15 * w as f64;
            let blind = (ai % 7 == 3).then(|| ai % Dimension::ALL.len());
            for role in &TEAM_ROLES[..1 + rng.below(3)] {
                let ratings: serde_json::Map<String, Value> = Dimension::ALL
                    .iter()
                    .enumerate()
                    .map(|(d, dim)| {
                        let extra = if blind == Some(d) { 1.8 } else { 0.0 };
                        let x = (means[d] + bias + extra + rng.normal() * 0.6)
                            .round()
                            .clamp(1.0, 7.0);
                        (dim.id().to_string(), json!(x))
                    })
                    .collect();
                let rel = (means[7] + means[8] + means[9]) / 3.0; // trust, commitment, satisfaction
                let nps = (1.7 * (rel + bias - 4.6) + 7.2 + rng.normal())
                    .round()
                    .clamp(0.0, 10.0);
                let p = json!({
                    "wave": wid,
                    "account": acc.id,
                    "respondent": format!("{}-{role}", acc.id),
                    "role": role,
                    "ratings": ratings,
                    "nps": nps as u8,
                });
                if !first {
                    out.write_all(b",")?;
                }
                first = false;
                out.write_all(b"\n")?;
                serde_json::to_writer(&mut *out, &p)?;
            }
        }
    }
    out.write_all(b"\n],\"internal\":[")?;
    // Each statement's mean answer (1–5) in the first wave and its drift per wave: silos and
    // stalled programmes ease as the programme takes hold; the focus on numbers grows.
    let drift = [-0.15, -0.2, 0.12, -0.1, 0.0, 0.08, -0.05, -0.12, 0.0, -0.18];
    let start = [3.6, 3.8, 3.3, 3.1, 3.4, 3.5, 3.9, 3.2, 3.0, 3.4];
    let staff = 46;
    let mut first = true;
    for (w, wid) in wave_ids.iter().enumerate() {
        for e in 0..staff {
            if !rng.chance(0.85) {
                continue;
            }
            let mood = rng.normal() * 0.4;
            let answers: serde_json::Map<String, Value> = STATEMENTS
                .iter()
                .enumerate()
                .map(|(s, (id, _, _))| {
                    let x = start[s] + drift[s] * w as f64 + mood + rng.normal() * 0.9;
                    (id.to_string(), json!(x.round().clamp(1.0, 5.0) as u8))
                })
                .collect();
            let a = json!({
                "wave": wid,
                "respondent": format!("E{:03}", e + 1),
                "department": DEPARTMENTS[e % DEPARTMENTS.len()],
                "answers": answers,
            });
            if !first {
                out.write_all(b",")?;
            }
            first = false;
            out.write_all(b"\n")?;
            serde_json::to_writer(&mut *out, &a)?;
        }
    }
    out.write_all(b"\n]")?;
    Ok(())
}
