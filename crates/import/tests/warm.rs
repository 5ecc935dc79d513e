//! The importer's warm-up export must go through every step of an import, or it warms
//! nothing: it is read whole, with no problem, every dimension answered, and the worker's
//! path (`import_to_wire`) gives an accepted wire form of all of it and the document.

use rapport_engine::wire::{decode, Decoded};
use rapport_engine::{Dimension, Target};
use rapport_import::warm;

/// Each dimension's answer is missing in about 5% of the rows: at least 80% are answered.
const MIN_ANSWERED: usize = warm::ROWS * 8 / 10;

#[test]
fn the_warm_up_export_imports_whole_with_no_problem() {
    let (csv, profile) = warm::export();
    let Ok(imported) = rapport_import::import_bytes(&csv, None, &profile) else {
        panic!("the warm-up export was refused");
    };
    assert!(
        imported.report.problems.is_empty(),
        "{:?}",
        imported.report.problems
    );
    assert_eq!(imported.report.responses_read, warm::ROWS);
    assert_eq!(imported.data.waves.len(), 2);
    assert_eq!(imported.data.accounts.len(), 60);
    let with_comment = imported
        .data
        .responses
        .iter()
        .filter(|r| r.comment.as_deref() == Some("Good, \"mostly\""))
        .count();
    assert!(with_comment > 100, "{with_comment} comments read");
    for d in Dimension::ALL {
        let answered = imported
            .data
            .responses
            .iter()
            .filter(|r| r.items.iter().any(|(t, _)| *t == Target::Dimension(d)))
            .count();
        assert!(
            answered > MIN_ANSWERED,
            "{} answered {answered} times",
            d.id()
        );
    }
}

#[test]
fn the_warm_up_export_goes_the_workers_way_to_a_wire_form() {
    let (csv, profile) = warm::export();
    let (wire, document) = rapport_import::import_to_wire(None, &csv, None, &profile);
    assert!(!document.is_empty(), "no document written");
    let Ok(Decoded::Accepted {
        portfolio, report, ..
    }) = decode(&wire)
    else {
        panic!("the wire form is not an accepted import");
    };
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.responses_read, warm::ROWS);
    assert_eq!(portfolio.data.accounts.len(), 60);
}
