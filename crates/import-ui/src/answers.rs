//! The import view's answers-and-roles step: each answer of the rating and NPS columns that
//! is written as words, with the number it is read as, and each answer of the role column,
//! with its role; guessed from the file, corrected here, kept in the profile.

use leptos::ev;
use leptos::prelude::*;

use rapport::engine::Role;
use rapport::import::answer::{self, Answer};
use rapport::import::{Field, TEXTS};

use crate::importer::use_importer;
use crate::importer::Importer;

/// The note under a list of answers when a column has more of them than it lists.
fn more_note(more: bool) -> Option<impl IntoView> {
    more.then(|| {
        view! {
            <p class="muted">{format!("A column has more than {TEXTS} different answers: the first {TEXTS} are listed, counted up to where the list was full (hence “+”); the others are read by the same rules (a saved profile can name more).")}</p>
        }
    })
}

/// A list of answers under its heading: each answer, the times it is given, and `heads`.
fn texts_table(
    title: &'static str,
    lead: &'static str,
    testid: &'static str,
    heads: &'static [&'static str],
    rows: impl IntoView,
    more: bool,
) -> impl IntoView {
    let heads = heads.iter().map(|h| view! { <th>{*h}</th> }).collect_view();
    view! {
        <h4>{title}</h4>
        <p class="muted">{lead}</p>
        <div class="imp-scroll">
            <table class="tbl imp-texts" data-testid=testid>
                <thead><tr><th>"Answer"</th><th class="num">"Times given"</th>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {more_note(more)}
    }
}

/// How many times an answer is given: at least that, when its column was not counted to
/// the end.
fn times(n: usize, more: bool) -> String {
    if more {
        format!("{n}+")
    } else {
        n.to_string()
    }
}

/// The number an answer is read as, as the number input shows it: written by JavaScript's
/// Number (Rust's float formatting would add 10 KB to the module); empty when none.
fn shown(a: &Answer) -> String {
    match a {
        Answer::Number(x) => js_sys::Number::from(*x)
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// One answer written as words, with the number it is read as: guessed (a number in it, a
/// scale's label), not answered, not read, or set here.
fn label_row(imp: Importer, text: String, rows: String) -> impl IntoView {
    let t = text.clone();
    // How the text is read, and whether the profile itself says so.
    let read = Memo::new(move |_| imp.profile.with(|p| (answer::read(&t, p), p.has_label(&t))));
    let how = move || match read.get() {
        (_, true) => "as you set it",
        (Answer::Number(_), false) => "guessed",
        (Answer::Blank, false) => "not answered",
        (Answer::Text(_), false) => "not read: each is left out and listed",
    };
    let t = text.clone();
    let set = move |ev: ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        // The value as a number (NaN when empty): no float parser in the module.
        let n = input.value_as_number();
        imp.edit(|p| p.set_label(&t, n.is_finite().then_some(n)));
        // Emptied, a guess stays what it was: show it again (the memo has not changed).
        input.set_value(&shown(&read.get_untracked().0));
    };
    let label = format!("The number “{text}” stands for");
    view! {
        <tr>
            <td class="imp-label">{text}</td>
            <td class="num">{rows}</td>
            <td><input type="number" step="any" class="imp-num" aria-label=label prop:value=move || shown(&read.get().0) on:change=set/></td>
            <td class="muted" class:imp-bad=move || matches!(read.get(), (Answer::Text(_), false))>{how}</td>
        </tr>
    }
}

/// One answer of the role column, with the role it is read as (by keyword, or set here).
fn role_row(imp: Importer, text: String, rows: String) -> impl IntoView {
    let t = text.clone();
    let current = Memo::new(move |_| imp.profile.with(|p| answer::role(&t, p)));
    let t = text.clone();
    let set = move |ev: ev::Event| {
        if let Some(role) = Role::from_id(&event_target_value(&ev)) {
            imp.edit(|p| p.set_role(&t, role));
        }
    };
    let label = format!("The role “{text}” stands for");
    // The options' `selected` property (not the attribute, which a select once changed by
    // hand no longer follows), set as the profile changes.
    let options = Role::ALL
        .into_iter()
        .map(|r| view! { <option value=r.id() prop:selected=move || current.get() == r.id()>{r.label()}</option> })
        .collect_view();
    view! {
        <tr>
            <td class="imp-label">{text}</td>
            <td class="num">{rows}</td>
            <td><select aria-label=label on:change=set>{options}</select></td>
        </tr>
    }
}

/// How the answers of the rating and NPS columns are read, and the role each answer of the
/// role column stands for: guessed from the file, corrected here, and kept in the profile.
#[component]
pub fn AnswersAndRoles() -> impl IntoView {
    let imp = use_importer();
    let texts = move |wanted: fn(&Field) -> bool, words: bool| {
        imp.inspected.with(|i| {
            i.as_ref()
                .map(|i| imp.profile.with(|p| i.texts_of(p, wanted, words)))
                .unwrap_or_default()
        })
    };
    let labels =
        Memo::new(move |_| texts(|f| matches!(f, Field::Rating { .. } | Field::Nps), true));
    let roles = Memo::new(move |_| texts(|f| *f == Field::Role, false));
    let labels_table = move || {
        let (list, more) = labels.get();
        (!list.is_empty()).then(|| {
            let rows = list
                .into_iter()
                .map(|(t, n)| label_row(imp, t, times(n, more)))
                .collect_view();
            texts_table(
                "Answers written as words",
                "Each answer of the rating and NPS columns that is not a plain number, and the number it is read as. Change a number to correct the guess; empty it to take your change back.",
                "import-labels",
                &["Read as", "How"],
                rows,
                more,
            )
        })
    };
    let roles_table = move || {
        let (list, more) = roles.get();
        (!list.is_empty()).then(|| {
            let rows = list
                .into_iter()
                .map(|(t, n)| role_row(imp, t, times(n, more)))
                .collect_view();
            texts_table(
                "Roles",
                "Each answer of the role column and the role it is read as (by keyword: “director” is a decision maker, “analyst” operational).",
                "import-roles",
                &["Role"],
                rows,
                more,
            )
        })
    };
    view! {
        <Show when=move || labels.with(|l| !l.0.is_empty()) || roles.with(|r| !r.0.is_empty())>
            <section class="imp-step" data-testid="import-answers">
                <h3>"4. Answers and roles"</h3>
                {labels_table}
                {roles_table}
            </section>
        </Show>
    }
}
