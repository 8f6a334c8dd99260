use polars::prelude::*;

use super::{attach, facts};
use crate::store::schema;

const MIN: i64 = 60_000;

/// An update as (key, status, created minute, display minute, promised minute).
type Update<'a> = (u64, &'a str, i64, Option<i64>, Option<i64>);

fn updates(rows: &[Update]) -> DataFrame {
    let minutes = |f: fn(&Update) -> Option<i64>| {
        Column::new(
            "x".into(),
            rows.iter()
                .map(|r| f(r).map(|m| m * MIN))
                .collect::<Vec<_>>(),
        )
    };
    DataFrame::new_infer_height(vec![
        Column::new(
            schema::INCIDENT_KEY.into(),
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        ),
        Column::new(
            schema::STATUS.into(),
            rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        ),
        minutes(|r| Some(r.2)).with_name(schema::CREATED_AT.into()),
        minutes(|r| r.3).with_name(schema::DISPLAY_AT.into()),
        minutes(|r| r.4).with_name(schema::PROMISED_BY.into()),
    ])
    .unwrap()
}

fn ints(frame: &DataFrame, name: &str) -> Vec<Option<i64>> {
    frame
        .column(name)
        .unwrap()
        .cast(&DataType::Int64)
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .collect()
}

fn flags(frame: &DataFrame, name: &str) -> Vec<bool> {
    frame
        .column(name)
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .map(|v| v.unwrap())
        .collect()
}

#[test]
fn silence_counts_only_gaps_opened_while_unresolved() {
    // investigating 0, identified 10, resolved 40, postmortem 1000: gaps 10 and 30 count,
    // the 960 minutes after "resolved" do not.
    let f = facts(
        &updates(&[
            (7, "investigating", 0, None, None),
            (7, "identified", 10, None, None),
            (7, "resolved", 40, None, None),
            (7, "postmortem", 1000, None, None),
        ]),
        None,
        10_000 * MIN,
    )
    .unwrap();
    assert_eq!(f.height(), 1);
    assert_eq!(ints(&f, "max_gap_open"), [Some(30 * MIN)]);
    assert_eq!(ints(&f, "first_update_ms"), [Some(0)]);
    assert_eq!(ints(&f, "last_update_ms"), [Some(1000 * MIN)]);
    assert_eq!(ints(&f, "postmortem_ms"), [Some(1000 * MIN)]);
    assert_eq!(ints(&f, "n_updates"), [Some(4)]);
    assert_eq!(flags(&f, "any_closed"), [true]);
    assert_eq!(flags(&f, "first_closed"), [false]);
}

#[test]
fn a_single_update_has_no_gap_and_a_retroactive_one_is_first_closed() {
    let f = facts(&updates(&[(1, "resolved", 5, None, None)]), None, 100 * MIN).unwrap();
    assert_eq!(ints(&f, "max_gap_open"), [None]);
    assert_eq!(flags(&f, "first_closed"), [true]);
}

#[test]
fn promises_are_kept_late_broken_or_not_yet_due() {
    // Incident 1: promised by 30, next at 34 (kept: within 5 min grace); promised by 60,
    // next at 90 (broken). Incident 2: last update promised by 500, and "now" is 200:
    // not due, not counted. Incident 3: promised by 50, nothing since, now 200: broken.
    let f = facts(
        &updates(&[
            (1, "investigating", 0, None, Some(30)),
            (1, "identified", 34, None, Some(60)),
            (1, "resolved", 90, None, None),
            (2, "investigating", 100, None, Some(500)),
            (3, "investigating", 20, None, Some(50)),
        ]),
        None,
        200 * MIN,
    )
    .unwrap();
    assert_eq!(ints(&f, "promises_made"), [Some(2), Some(0), Some(1)]);
    assert_eq!(ints(&f, "promises_kept"), [Some(1), Some(0), Some(0)]);
}

#[test]
fn a_lone_late_post_is_not_backfilled() {
    // Incident 1 shown 1441 minutes before it was posted (late), 2 exactly a day (not).
    let f = facts(
        &updates(&[
            (1, "resolved", 3000, Some(3000 - 1441), None),
            (2, "resolved", 3000, Some(3000 - 1440), None),
        ]),
        None,
        4000 * MIN,
    )
    .unwrap();
    assert_eq!(flags(&f, "backfilled"), [false, false]);
}

#[test]
fn an_import_burst_is_backfilled_even_where_the_window_cuts_it() {
    // Twelve incidents posted a minute apart from minute 10_000, each shown years
    // earlier: one import. Incident 99 posted late on its own a week later: not.
    let mut rows: Vec<Update> = (0..12)
        .map(|k| (k as u64, "resolved", 10_000 + k, Some(k), None))
        .collect();
    rows.push((99, "resolved", 20_080, Some(15_000), None));
    let f = facts(&updates(&rows), None, 30_000 * MIN).unwrap();
    let mut want = vec![true; 12];
    want.push(false);
    assert_eq!(flags(&f, "backfilled"), want);
    // A window starting mid-burst still sees the burst (found over the whole file).
    let f = facts(&updates(&rows), Some(10_006 * MIN), 30_000 * MIN).unwrap();
    assert_eq!(
        flags(&f, "backfilled"),
        [true, true, true, true, true, true, false]
    );
}

#[test]
fn open_display_is_the_earliest_shown_time_of_an_update_that_does_not_close() {
    // Incident 1: investigating shown at 5 (posted 60), resolved shown at 0 (posted 90):
    // the resolution's display time is the end, not a start. Incident 2: only a resolution.
    let f = facts(
        &updates(&[
            (1, "investigating", 60, Some(5), None),
            (1, "resolved", 90, Some(0), None),
            (2, "resolved", 200, Some(100), None),
        ]),
        None,
        1000 * MIN,
    )
    .unwrap();
    assert_eq!(ints(&f, "open_display_ms"), [Some(5 * MIN), None]);
}

#[test]
fn out_of_order_input_gives_the_stored_order_result() {
    let sorted = [
        (1, "investigating", 0, None, None),
        (1, "resolved", 50, None, None),
        (2, "investigating", 10, None, None),
        (2, "monitoring", 15, None, None),
        (2, "resolved", 70, None, None),
    ];
    let shuffled = [sorted[4], sorted[0], sorted[2], sorted[1], sorted[3]];
    let a = facts(&updates(&sorted), None, 100 * MIN).unwrap();
    let b = facts(&updates(&shuffled), None, 100 * MIN).unwrap();
    let by_key = |f: &DataFrame| f.sort([schema::INCIDENT_KEY], Default::default()).unwrap();
    assert!(by_key(&a).equals_missing(&by_key(&b)));
    assert_eq!(
        ints(&by_key(&b), "max_gap_open"),
        [Some(50 * MIN), Some(55 * MIN)]
    );
}

#[test]
fn updates_before_the_window_are_left_out() {
    let f = facts(
        &updates(&[
            (1, "investigating", 0, None, None),
            (1, "identified", 100, None, None),
            (1, "resolved", 130, None, None),
        ]),
        Some(50 * MIN),
        1000 * MIN,
    )
    .unwrap();
    assert_eq!(ints(&f, "n_updates"), [Some(2)]);
    assert_eq!(ints(&f, "first_update_ms"), [Some(100 * MIN)]);
    assert_eq!(ints(&f, "max_gap_open"), [Some(30 * MIN)]);
}

fn incidents(keys: &[Option<u64>]) -> DataFrame {
    DataFrame::new_infer_height(vec![
        Column::new(schema::INCIDENT_KEY.into(), keys.to_vec()),
        Column::new(
            schema::TITLE.into(),
            (0..keys.len())
                .map(|i| format!("row {i}"))
                .collect::<Vec<_>>(),
        ),
    ])
    .unwrap()
}

#[test]
fn attach_puts_each_incidents_facts_on_its_own_row() {
    let stream = updates(&[
        (1, "investigating", 0, None, None),
        (1, "resolved", 50, None, None),
        (2, "investigating", 10, None, None),
        (2, "resolved", 70, None, None),
    ]);
    // Incidents in another order than their updates; 3 has no updates, one has no key.
    let joined = attach(
        incidents(&[Some(2), Some(3), None, Some(1)]),
        Some(&stream),
        None,
        100 * MIN,
    )
    .unwrap();
    assert_eq!(joined.height(), 4);
    assert_eq!(
        ints(&joined, "first_update_ms"),
        [Some(10 * MIN), None, None, Some(0)]
    );
    assert_eq!(ints(&joined, "n_updates"), [Some(2), None, None, Some(2)]);
    assert_eq!(
        ints(&joined, "last_update_ms"),
        [Some(70 * MIN), None, None, Some(50 * MIN)]
    );
    // The incidents' own columns are kept as they were.
    let titles: Vec<_> = joined
        .column(schema::TITLE)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(
        titles,
        [Some("row 0"), Some("row 1"), Some("row 2"), Some("row 3")]
    );
}

#[test]
fn attach_without_an_update_file_gives_null_facts() {
    let joined = attach(incidents(&[Some(7)]), None, None, 100 * MIN).unwrap();
    assert_eq!(ints(&joined, "first_update_ms"), [None]);
    assert_eq!(ints(&joined, "promises_made"), [None]);
    assert_eq!(joined.column("backfilled").unwrap().null_count(), 1);
}
