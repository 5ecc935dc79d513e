//! Fuzz target: any bytes as an imported plans file (or a data file's actions) and as the
//! plans saved in the browser. Nothing panics; an import takes only actions the data file's
//! rules keep (written into the data file, they load with no action left out); saved plans
//! read again as they were written, the unreadable entries byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::engine::load;
use rapport::engine::plan::store::{read_saved, saved_text};
use rapport::engine::plan::{merge_import, merge_into_data_file, parse_plans, plans_from_dataset};

/// The hand-worked fixture: accounts A and B, waves w1 and w2, one action.
const SMALL: &[u8] = include_bytes!("../../tests/fixtures/small.json");

fuzz_target!(|data: &[u8]| {
    let (dataset, _) = load(SMALL).expect("the fixture loads");
    let mine = plans_from_dataset(&dataset);
    if let Ok(imported) = parse_plans(data) {
        let out = merge_import(&mine, &imported, &dataset);
        assert_eq!(
            &out.merged[..mine.len()],
            &mine[..],
            "mine are kept as they were"
        );
        assert_eq!(out.added, out.merged.len() - mine.len());
        assert_eq!(
            out.added + out.unchanged + out.conflicts.len() + out.rejected.len(),
            imported.len()
        );
        // What was taken is what the data file keeps.
        let file = merge_into_data_file(SMALL, &out.merged, None).expect("the fixture takes actions");
        let (again, report) = load(file.as_bytes()).expect("the data file with plans loads");
        assert_eq!(
            again.actions.len(),
            out.merged.len(),
            "{:?}",
            report.problems
        );
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(saved) = read_saved(text, "id") {
            let written = saved_text("id", None, &saved.actions, &saved.unreadable);
            let back = read_saved(&written, "id").expect("what is written reads again");
            assert_eq!(back.actions, saved.actions);
            let raw = |s: &rapport::engine::plan::store::Saved| {
                s.unreadable
                    .iter()
                    .map(|u| u.raw.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(raw(&back), raw(&saved));
        }
    }
});
