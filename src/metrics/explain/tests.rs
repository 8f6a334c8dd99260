use super::*;

#[test]
fn minutes_read_to_the_second_with_hours_or_days_beside_long_ones() {
    assert_eq!(minutes(176.75), "176.75 min (2.9 h)");
    assert_eq!(minutes(13.0 + 11.671 / 60.0), "13.19 min");
    assert_eq!(minutes(3.0), "3 min");
    assert_eq!(minutes(3.0 * 1440.0), "4320 min (3.0 days)");
}

#[test]
fn times_are_utc_to_the_second() {
    let t = Timestamp::from_timestamp_millis(1_597_907_505_123).expect("time");
    assert_eq!(time(t), "2020-08-20T07:11:45Z");
}
