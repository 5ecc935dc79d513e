//! Native engine benchmark: `cargo bench --bench engine -- FILE...` prints a table of
//! medians per stage (parse + validate, scoring, a filter change, the scores contract).

use std::time::{Duration, Instant};

use rapport::engine::contract::scores_json;
use rapport::engine::{load, Filter, Portfolio};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        times.push(t.elapsed());
        last = Some(out);
    }
    (median(times), last.expect("at least one run"))
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let files: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if files.is_empty() {
        // `cargo test --all-targets` runs this without files: nothing to measure.
        eprintln!("usage: cargo bench --bench engine -- FILE... (or `make bench`)");
        return;
    }
    println!(
        "| file | MB | responses | load (parse+validate) | score respondents | overview scores | filter change | contract |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for path in files {
        let bytes = std::fs::read(&path).expect("readable file");
        let runs = if bytes.len() > 100_000_000 { 3 } else { 5 };
        let (t_load, loaded) = time(runs, || load(&bytes).expect("accepted file"));
        let (data, report) = loaded;
        let n = data.responses.len();
        let (t_new, portfolio) = time(runs, || Portfolio::new(data.clone()));
        let latest = portfolio.latest_wave();
        let all = Filter::default();
        let overview = |f: &Filter| {
            let c = portfolio.score_group(latest, f);
            let p = portfolio.score_group(latest.saturating_sub(1), f);
            Portfolio::change(&p, &c)
        };
        let (t_overview, _) = time(runs, || overview(&all));
        let segment = portfolio.data.segments().into_iter().next();
        let filtered = Filter {
            segment,
            ..Filter::default()
        };
        let (t_filter, _) = time(runs, || overview(&filtered));
        let (t_contract, _) = time(runs.min(3), || scores_json(&portfolio, &report));
        println!(
            "| {path} | {:.1} | {n} | {} | {} | {} | {} | {} |",
            bytes.len() as f64 / 1e6,
            ms(t_load),
            ms(t_new),
            ms(t_overview),
            ms(t_filter),
            ms(t_contract),
        );
    }
}
