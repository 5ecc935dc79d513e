//! CSV cells are defanged against formula injection and quoted correctly.

use rapport::csv::{number_cell, text_cell, to_csv};

#[test]
fn formula_starts_are_defanged() {
    assert_eq!(
        text_cell("=HYPERLINK(\"http://x\")"),
        "\"'=HYPERLINK(\"\"http://x\"\")\""
    );
    assert_eq!(text_cell("+1"), "'+1");
    assert_eq!(text_cell("-2+3"), "'-2+3");
    assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(text_cell("\tx"), "'\tx");
    assert_eq!(text_cell("\rx"), "\"'\rx\"");
    assert_eq!(text_cell("Northwind"), "Northwind");
}

#[test]
fn commas_quotes_and_newlines_are_quoted() {
    assert_eq!(text_cell("a,b"), "\"a,b\"");
    assert_eq!(text_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(text_cell("two\nlines"), "\"two\nlines\"");
}

#[test]
fn numbers_keep_their_sign() {
    assert_eq!(number_cell(Some(-0.25)), "-0.25");
    assert_eq!(number_cell(None), "");
    assert_eq!(to_csv(&[vec!["a".into(), "1".into()]]), "a,1\r\n");
}
