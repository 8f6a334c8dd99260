//! Calendar months as plain integers (year × 12 + month − 1), for per-month counts.

use chrono::Datelike;

use crate::model::Timestamp;

/// Months shown in the overview's sparkline.
pub const SPARK_MONTHS: usize = 12;

pub fn index(t: Timestamp) -> i32 {
    t.year() * 12 + t.month0() as i32
}

/// "2026-03".
pub fn label(index: i32) -> String {
    format!("{}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

/// "Mar" (or "2026" for January, so a long axis shows where years start).
pub fn short_label(index: i32) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = index.rem_euclid(12) as usize;
    if month == 0 {
        index.div_euclid(12).to_string()
    } else {
        NAMES[month].to_string()
    }
}

/// Counts per month for the `n` months ending with month `last`, oldest first.
pub fn counts(times: impl Iterator<Item = Timestamp>, last: i32, n: usize) -> Vec<u32> {
    let mut out = vec![0u32; n];
    let first = last - n as i32 + 1;
    for t in times {
        let m = index(t);
        if (first..=last).contains(&m) {
            out[(m - first) as usize] += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn counts_fall_in_their_month() {
        let at = |y, m, d| {
            chrono::Utc
                .with_ymd_and_hms(y, m, d, 12, 0, 0)
                .single()
                .unwrap_or_default()
        };
        let last = index(at(2026, 3, 1));
        let got = counts(
            [
                at(2026, 3, 31),
                at(2026, 1, 1),
                at(2025, 12, 31),
                at(2024, 1, 1),
            ]
            .into_iter(),
            last,
            3,
        );
        assert_eq!(got, vec![1, 0, 1]);
        assert_eq!(label(last), "2026-03");
        assert_eq!(short_label(index(at(2026, 1, 5))), "2026");
    }
}
