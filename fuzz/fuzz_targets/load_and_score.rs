//! Fuzz target: any bytes through validation, scoring of every wave and the scores contract;
//! through the worker's wire form and back (which must agree with loading directly); and as
//! a (damaged) wire answer, which must be refused without a panic. The fast reader of plain
//! records and serde's reading must agree on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::engine::contract::scores_json;
use rapport::engine::read::set_fast_path;
use rapport::engine::wire::{decode, read_and_encode, Decoded};
use rapport::engine::{load, Filter, Portfolio};

fuzz_target!(|data: &[u8]| {
    set_fast_path(false);
    let serde = load(data);
    set_fast_path(true);
    let direct = load(data);
    assert_eq!(direct, serde);
    if let Ok((dataset, report)) = &direct {
        let p = Portfolio::new(dataset.clone());
        let _ = scores_json(&p, report);
        for w in 0..p.data.waves.len() {
            let _ = p.key_drivers(w, &Filter::all());
        }
        let via = decode(&read_and_encode(data)).expect("a wire answer decodes");
        let Decoded::Accepted {
            portfolio: q,
            report: via_report,
            ..
        } = via
        else {
            panic!("accepted both ways");
        };
        assert_eq!(&via_report, report);
        assert_eq!(q.respondents, p.respondents);
        assert_eq!(q.data.waves, p.data.waves);
        assert_eq!(q.data.accounts, p.data.accounts);
        assert_eq!(q.data.questions, p.data.questions);
        assert_eq!(q.data.actions, p.data.actions);
        assert_eq!(q.data.model, p.data.model);
        assert_eq!((&q.data.title, q.data.scale), (&p.data.title, p.data.scale));
    } else {
        assert!(matches!(
            decode(&read_and_encode(data)),
            Ok(Decoded::Rejected(_))
        ));
    }
    let _ = decode(data);
});
