//! Fuzz target: any bytes through validation, scoring of every wave and the scores contract.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::engine::contract::scores_json;
use rapport::engine::{load, Filter, Portfolio};

fuzz_target!(|data: &[u8]| {
    if let Ok((dataset, report)) = load(data) {
        let p = Portfolio::new(dataset);
        let _ = scores_json(&p, &report);
        for w in 0..p.data.waves.len() {
            let _ = p.key_drivers(w, &Filter::all());
        }
    }
});
