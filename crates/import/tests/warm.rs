//! The importer's warm-up export must go through every step of an import, or it warms
//! nothing: it is read whole, with no problem, and every dimension is scored.

use rapport_engine::{Dimension, Target};
use rapport_import::warm;

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
            answered > ROWS_WITH_ANSWERS,
            "{} answered {answered} times",
            d.id()
        );
    }
}

/// Each dimension's answer is missing in about 5% of the rows.
const ROWS_WITH_ANSWERS: usize = warm::ROWS * 8 / 10;
