//! Deterministic generator of realistic `rapport/1` portfolios (sample data and benchmarks).

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use crate::model::{Dimension, Role};

mod inside;
use inside::inside;

/// SplitMix64: small, fast, and the same sequence on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(1e-300);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct GenerateOptions {
    pub accounts: usize,
    pub waves: usize,
    pub seed: u64,
    /// Add a few improvement-plan actions.
    pub actions: bool,
}

const SEGMENTS: [&str; 6] = [
    "Telecom",
    "Energy",
    "Financial services",
    "Manufacturing",
    "Healthcare",
    "Logistics",
];
const OWNERS: [&str; 8] = [
    "Jane Roe",
    "Marcus Lee",
    "Priya Nair",
    "Tom Becker",
    "Sofia Alves",
    "Kenji Watanabe",
    "Amara Okafor",
    "Lena Novak",
];
const NAME_A: [&str; 16] = [
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Adatum",
    "Proseware",
    "Woodgrove",
    "Lucerne",
    "Wingtip",
    "Alpine",
    "Fourth Coffee",
    "Blue Yonder",
    "Coho",
    "Margie's",
    "Trey",
];
const NAME_B: [&str; 8] = [
    "Telecom",
    "Energy",
    "Bank",
    "Industries",
    "Health",
    "Logistics",
    "Systems",
    "Group",
];

/// Questionnaire items: (id, dimension, text, reverse).
const QUESTIONS: [(&str, Dimension, &str, bool); 16] = [
    (
        "REL1",
        Dimension::Reliability,
        "They deliver what was agreed, on time",
        false,
    ),
    (
        "REL2",
        Dimension::Reliability,
        "We often have to chase them to fix errors",
        true,
    ),
    (
        "RSP1",
        Dimension::Responsiveness,
        "They respond quickly when we need them",
        false,
    ),
    (
        "CC1",
        Dimension::CustomerCare,
        "Their people care about our business",
        false,
    ),
    (
        "EXP1",
        Dimension::Experience,
        "They are easy to do business with",
        false,
    ),
    (
        "EXP2",
        Dimension::Experience,
        "We see them as a trusted partner",
        false,
    ),
    (
        "INN1",
        Dimension::Innovation,
        "They bring us new ideas",
        false,
    ),
    (
        "LE1",
        Dimension::LeadingEdge,
        "Their solutions are ahead of the market",
        false,
    ),
    (
        "VFM1",
        Dimension::ValueForMoney,
        "What we pay is fair for what we get",
        false,
    ),
    (
        "VFM2",
        Dimension::ValueForMoney,
        "They are expensive for what they deliver",
        true,
    ),
    ("T1", Dimension::Trust, "They keep their promises", false),
    (
        "T2",
        Dimension::Trust,
        "They act in our interest, not only theirs",
        false,
    ),
    (
        "COM1",
        Dimension::Commitment,
        "We want to keep working with them",
        false,
    ),
    (
        "COM2",
        Dimension::Commitment,
        "We would switch supplier for a small saving",
        true,
    ),
    (
        "SAT1",
        Dimension::Satisfaction,
        "Overall we are satisfied with them",
        false,
    ),
    (
        "SAT2",
        Dimension::Satisfaction,
        "They meet our expectations",
        false,
    ),
];

const PRAISE: [&str; 8] = [
    "Great account team, always one step ahead.",
    "Reliable delivery and honest communication.",
    "They understand our business better than any other supplier.",
    "Quick to respond, even at weekends.",
    "The new platform saved us real money this year.",
    "Our go-to partner for anything strategic.",
    "Very professional project management.",
    "Good people, good product.",
];
const CRITICISM: [&str; 10] = [
    "Slow on invoices and credit notes.",
    "Prices went up again without a clear reason.",
    "Too many changes in the account team.",
    "Support tickets take weeks to close.",
    "We hear about new features from competitors first.",
    "Good product, but hard to reach the right person.",
    "Delivery dates slipped twice this year.",
    "They sell, but they don't listen.",
    "Contract renewal felt like a negotiation with a wall.",
    "Onboarding of new sites was chaotic.",
];

#[derive(Clone, Copy)]
enum Archetype {
    Ambassador,
    Rational,
    Stalker,
    Ambivalent,
    Opponent,
}

/// Latent dimension means (1–7) of an archetype, in `Dimension::ALL` order.
fn profile(a: Archetype) -> [f64; 10] {
    match a {
        Archetype::Ambassador => [6.0, 5.9, 6.1, 5.9, 5.6, 5.6, 5.5, 6.1, 6.0, 6.1],
        Archetype::Rational => [5.3, 5.1, 5.2, 5.0, 4.6, 4.7, 4.8, 5.2, 5.0, 5.1],
        Archetype::Stalker => [5.0, 4.8, 4.8, 4.5, 4.3, 4.4, 3.1, 4.6, 3.7, 4.5],
        Archetype::Ambivalent => [6.3, 6.2, 6.2, 5.0, 3.9, 3.8, 4.0, 5.0, 4.9, 5.0],
        Archetype::Opponent => [4.2, 3.8, 3.9, 3.8, 3.9, 4.0, 3.9, 3.3, 3.2, 3.3],
    }
}

fn archetype(rng: &mut Rng) -> Archetype {
    let u = rng.unit();
    if u < 0.33 {
        Archetype::Ambassador
    } else if u < 0.84 {
        Archetype::Rational
    } else if u < 0.90 {
        Archetype::Stalker
    } else if u < 0.95 {
        Archetype::Ambivalent
    } else {
        Archetype::Opponent
    }
}

fn role(rng: &mut Rng) -> Role {
    let u = rng.unit();
    if u < 0.25 {
        Role::DecisionMaker
    } else if u < 0.55 {
        Role::Influencer
    } else if u < 0.9 {
        Role::Operational
    } else {
        Role::Other
    }
}

struct GenAccount {
    id: String,
    archetype: Archetype,
    level: f64,
    trend: f64,
    contacts: Vec<Role>,
    rate: f64,
}

/// Writes a generated portfolio as `rapport/1` JSON.
pub fn generate(opts: GenerateOptions, out: &mut impl Write) -> io::Result<()> {
    let mut rng = Rng::new(opts.seed);
    let waves = opts.waves.max(1);
    let last_year = 2026;
    let first_year = last_year + 1 - waves as i32;
    let wave_ids: Vec<String> = (0..waves)
        .map(|w| format!("{}", first_year + w as i32))
        .collect();
    let wave_json: Vec<Value> = wave_ids
        .iter()
        .map(|id| json!({ "id": id, "label": format!("FY{id}"), "closed": format!("{id}-03-31") }))
        .collect();

    let mut accounts = Vec::with_capacity(opts.accounts);
    let mut account_json = Vec::with_capacity(opts.accounts);
    for i in 0..opts.accounts {
        let id = format!("A{:03}", i + 1);
        let name = format!(
            "{} {}",
            NAME_A[i % NAME_A.len()],
            NAME_B[(i / NAME_A.len() + i) % NAME_B.len()]
        );
        let name = if i >= NAME_A.len() * NAME_B.len() {
            format!("{name} {}", i / (NAME_A.len() * NAME_B.len()) + 1)
        } else {
            name
        };
        let n_contacts = 8 + rng.below(13);
        let contacts: Vec<Role> = (0..n_contacts).map(|_| role(&mut rng)).collect();
        let rate = rng.range(0.25, 0.55);
        let revenue = (rng.normal() * 0.9 + 13.5).exp().round();
        let mut invited = Map::new();
        for w in &wave_ids {
            invited.insert(w.clone(), json!(n_contacts));
        }
        account_json.push(json!({
            "id": id,
            "name": name,
            "segment": rng.pick(&SEGMENTS),
            "owner": rng.pick(&OWNERS),
            "revenue": revenue,
            "invited": invited,
        }));
        accounts.push(GenAccount {
            id,
            archetype: archetype(&mut rng),
            level: rng.normal() * 0.25,
            // Some accounts improve, some decline, most drift a little.
            trend: rng.normal() * 0.22 + 0.03,
            contacts,
            rate,
        });
    }
    let questions: Vec<Value> = QUESTIONS
        .iter()
        .map(|(id, d, text, reverse)| json!({ "id": id, "dimension": d.id(), "text": text, "reverse": reverse }))
        .collect();

    // Targets as a programme sets them: CRQ and NPS for the portfolio, CRQ for a segment
    // (when an account has it) and for the first few accounts.
    let mut targets = vec![
        json!({ "metric": "crq", "value": 5.5 }),
        json!({ "metric": "nps", "value": 40 }),
    ];
    if account_json.iter().any(|a| a["segment"] == "Energy") {
        targets.push(json!({ "metric": "crq", "value": 5.4, "segment": "Energy" }));
    }
    for a in account_json.iter().take(8) {
        targets.push(json!({ "metric": "crq", "value": 5.6, "account": a["id"] }));
    }
    let model = json!({ "currency": "EUR", "targets": targets });
    write!(
        out,
        "{{\"format\":\"rapport/1\",\"title\":{},\"scale\":{{\"min\":1,\"max\":7}},\"model\":{},\"waves\":{},\"accounts\":{},\"questions\":{},\"responses\":[",
        json!(format!("Key accounts {}–{}", wave_ids[0], wave_ids[waves - 1])),
        model,
        Value::Array(wave_json),
        Value::Array(account_json),
        Value::Array(questions),
    )?;
    let mut first = true;
    let mut weakest: Vec<(usize, usize, Dimension)> = Vec::new();
    for (w, wid) in wave_ids.iter().enumerate() {
        for (ai, acc) in accounts.iter().enumerate() {
            // The whole portfolio improves a little each wave; accounts drift around that.
            let shift = acc.level + (acc.trend + 0.08) * (w as f64 - (waves as f64 - 1.0) / 2.0);
            let means = profile(acc.archetype).map(|m| m + shift);
            if w + 2 >= waves {
                let (di, _) =
                    means
                        .iter()
                        .enumerate()
                        .fold((0, f64::MAX), |b, (i, &m)| if m < b.1 { (i, m) } else { b });
                weakest.push((ai, w, Dimension::ALL[di]));
            }
            for (ci, &role) in acc.contacts.iter().enumerate() {
                if !rng.chance(acc.rate) {
                    continue;
                }
                let mood = rng.normal() * 0.45;
                let mut ratings = Map::new();
                let mut rel = Vec::new();
                for &(qid, d, _, reverse) in &QUESTIONS {
                    if rng.chance(0.04) {
                        continue; // not asked / skipped
                    }
                    if rng.chance(0.03) {
                        ratings.insert(qid.to_string(), Value::Null);
                        continue;
                    }
                    let latent = means[d as usize] + mood + rng.normal() * 0.8;
                    let x = latent.round().clamp(1.0, 7.0);
                    if matches!(
                        d,
                        Dimension::Trust | Dimension::Commitment | Dimension::Satisfaction
                    ) {
                        rel.push(x);
                    }
                    let stored = if reverse { 8.0 - x } else { x };
                    ratings.insert(qid.to_string(), json!(stored as i64));
                }
                let rel_mean = if rel.is_empty() {
                    means[8] + mood
                } else {
                    rel.iter().sum::<f64>() / rel.len() as f64
                };
                let nps = if rng.chance(0.06) {
                    Value::Null
                } else {
                    let n = (1.7 * (rel_mean - 4.6) + 7.2 + rng.normal() * 1.1)
                        .round()
                        .clamp(0.0, 10.0);
                    json!(n as i64)
                };
                let mut r = Map::new();
                r.insert("wave".into(), json!(wid));
                r.insert("account".into(), json!(acc.id));
                r.insert(
                    "respondent".into(),
                    json!(format!("{}-P{:02}", acc.id, ci + 1)),
                );
                r.insert("role".into(), json!(role.id()));
                r.insert("ratings".into(), Value::Object(ratings));
                r.insert("nps".into(), nps);
                if rng.chance(0.3) {
                    let text = if rel_mean >= 5.0 && !rng.chance(0.2) {
                        rng.pick(&PRAISE)
                    } else {
                        rng.pick(&CRITICISM)
                    };
                    r.insert("comment".into(), json!(text));
                }
                if !first {
                    out.write_all(b",")?;
                }
                first = false;
                out.write_all(b"\n")?;
                serde_json::to_writer(&mut *out, &Value::Object(r))?;
            }
        }
    }
    out.write_all(b"\n],\"actions\":[")?;
    if opts.actions {
        let statuses = ["done", "done", "in_progress", "open", "dropped"];
        let titles = [
            "Quarterly business review with the client's leadership",
            "Named service manager and weekly ticket review",
            "Joint innovation workshop",
            "Price and value review before renewal",
            "Executive sponsor meeting",
        ];
        let mut k = 0;
        for (ai, w, dim) in weakest.iter().copied() {
            let latest = w + 1 == waves;
            // Earlier wave: plans for the weak accounts and a few others; latest wave: most
            // accounts have agreed a plan, a few have not yet.
            let planned = if latest {
                ai % 6 != 0
            } else {
                ai % 5 == 0
                    || matches!(
                        accounts[ai].archetype,
                        Archetype::Stalker | Archetype::Opponent | Archetype::Ambivalent
                    )
            };
            if !planned {
                continue;
            }
            k += 1;
            let acc = &accounts[ai];
            let status = if latest {
                ["in_progress", "open", "done", "in_progress"][k % 4]
            } else {
                statuses[k % statuses.len()]
            };
            let action = json!({
                "id": format!("ACT-{k}"),
                "account": acc.id,
                "wave": wave_ids[w],
                "dimension": dim.id(),
                "title": titles[k % titles.len()],
                "owner": OWNERS[ai % OWNERS.len()],
                "due": format!("{}-04-28", wave_ids[w]),
                "status": status,
                "agreed_with_client": k % 3 != 0,
            });
            if k > 1 {
                out.write_all(b",")?;
            }
            out.write_all(b"\n")?;
            serde_json::to_writer(&mut *out, &action)?;
        }
    }
    out.write_all(b"\n]")?;
    inside(opts, &accounts, &wave_ids, out)?;
    out.write_all(b"}\n")?;
    Ok(())
}
