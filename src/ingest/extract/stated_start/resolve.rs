//! From a start mention to a UTC instant, checked against the incident's own times:
//! dates left out come from the range end, an earlier written date, else the
//! incident's own days; a reading the incident's timeline contradicts gives `None`.

use chrono::{DateTime, TimeDelta, Utc};

use super::TextContext;
use super::clock_text::{self, DatePart, Mention, Scan, Zone};

/// A stated start may trail the post by this much (clock skew, rounding to the minute).
const TOLERANCE_MINUTES: i64 = 2;
/// Starts stated more than this long before the incident was opened are not believed.
const MAX_DAYS_BEFORE_CREATED: i64 = 30;

/// Resolve a start mention to UTC, checking it against the incident's own times.
pub(super) fn resolve_start(
    m: &Mention,
    range_end: Option<&Mention>,
    scan: &Scan,
    zone: Zone,
    ctx: &TextContext,
) -> Option<DateTime<Utc>> {
    let tolerance = TimeDelta::try_minutes(TOLERANCE_MINUTES)?;
    // Impact cannot start after resolution — unless the resolved time is junk
    // (GCP `end` before `created` happens in old records).
    let created_late = ctx.incident_created_at.checked_add_signed(tolerance)?;
    let resolved = ctx.incident_resolved_at.filter(|r| *r > created_late);
    let latest = resolved
        .map_or(ctx.posted_at, |r| r.min(ctx.posted_at))
        .checked_add_signed(tolerance)?;
    let earliest = ctx
        .incident_created_at
        .checked_sub_signed(TimeDelta::try_days(MAX_DAYS_BEFORE_CREATED)?)?;
    let (date, weekday, back_one_day) = start_date(m, range_end, scan);
    if let (DatePart::Full(d), Some(w)) = (date, weekday)
        && chrono::Datelike::weekday(&d) != w
    {
        return None; // "Tuesday, 2022-01-26" (a Wednesday): one of the two is a typo
    }
    let created_day = clock_text::local_date(ctx.incident_created_at, zone);
    let (lo, hi) = if date == DatePart::Unknown {
        // A bare time means the incident's own day(s), not a day weeks later.
        let two_days_on = created_day
            .succ_opt()
            .and_then(|d| d.succ_opt())
            .unwrap_or(created_day);
        let hi = clock_text::local_date(ctx.posted_at, zone).min(two_days_on);
        (
            created_day.pred_opt().unwrap_or(created_day),
            hi.succ_opt().unwrap_or(hi),
        )
    } else {
        (
            clock_text::local_date(earliest, zone),
            clock_text::local_date(latest, zone),
        )
    };
    let start = clock_text::date_options(date, weekday, lo, hi)
        .into_iter()
        .filter_map(|d| if back_one_day { d.pred_opt() } else { Some(d) })
        .filter_map(|d| clock_text::to_utc(d, m.hour, m.minute, zone))
        .filter(|t| *t >= earliest && *t <= latest)
        .min_by_key(|t| (*t - ctx.incident_created_at).abs())?;
    // A bare range ("between 23:40 UTC to 00:20 UTC") is read on the incident's own
    // day, like a bare time. If its end then falls after the post that states it, the
    // text contradicts the incident's timeline: no start. Moving the range to the day
    // before would fit the clock times but add a day to ttfc with no evidence.
    if let Some(minutes) = bare_range_minutes(m, range_end, date, zone) {
        let end = start.checked_add_signed(TimeDelta::try_minutes(minutes)?)?;
        if end > ctx.posted_at.checked_add_signed(tolerance)? {
            return None;
        }
    }
    Some(start)
}

/// Minutes from a bare start to its bare range end (across midnight when the end's
/// clock is earlier); `None` unless both are bare times in one zone.
fn bare_range_minutes(
    m: &Mention,
    range_end: Option<&Mention>,
    date: DatePart,
    zone: Zone,
) -> Option<i64> {
    let e = range_end.filter(|e| {
        e.date == DatePart::Unknown && date == DatePart::Unknown && e.zone.is_none_or(|z| z == zone)
    })?;
    Some((i64::from(e.hour * 60 + e.minute) - i64::from(m.hour * 60 + m.minute)).rem_euclid(1440))
}

/// The date a start mention refers to: its own; else its range end's (a day
/// earlier if the range crosses midnight); else the last date written before it.
fn start_date(
    m: &Mention,
    range_end: Option<&Mention>,
    scan: &Scan,
) -> (DatePart, Option<chrono::Weekday>, bool) {
    if m.date != DatePart::Unknown {
        return (m.date, m.weekday, false);
    }
    if let Some(e) = range_end.filter(|e| e.date != DatePart::Unknown) {
        return (e.date, None, (m.hour, m.minute) > (e.hour, e.minute));
    }
    match clock_text::context_date(scan, m.start) {
        Some(d) => (d, None, false),
        None => (DatePart::Unknown, m.weekday, false),
    }
}
