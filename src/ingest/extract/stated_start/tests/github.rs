//! GitHub incidents and the GitHub history import.
use super::*;

// ---- GitHub and the GitHub history import ----

// 06:59Z, same day as the post.
case!(
    gh_between_to,
    "frdfpnnt85s8",
    "Between 06:59 UTC to 13:18 UTC GitHub customers experienced intermittent increased latency when using our git archive and raw file downloading capability.",
    "2023-09-05T14:19:40Z",
    "2023-09-05T06:59:25Z",
    Some("2023-09-05T14:19:40Z"),
    Some("2023-09-05T06:59Z")
);
// "17:39-18:12 UTC": a range, not a -18:12 offset; start 17:39Z.
case!(
    gh_dash_range,
    "gqx5l06jjxhp",
    "From 17:39-18:12 UTC GitHub was down in parts of North America, particularly the US East coast, and South America.",
    "2023-06-29T18:36:19Z",
    "2023-06-29T17:52:11Z",
    Some("2023-06-29T18:36:19Z"),
    Some("2023-06-29T17:39Z")
);
// 16:24Z.
case!(
    gh_dash_range_comma,
    "smdz34v7j8q0",
    "From 16:24-16:43 UTC, multiple GitHub services were down or degraded due to an outage in one of our primary databases.",
    "2023-09-05T17:01:49Z",
    "2023-09-05T16:30:39Z",
    Some("2023-09-05T17:01:49Z"),
    Some("2023-09-05T16:24Z")
);
// "as expected" is not a future estimate: 16:45Z, four hours before the incident opened.
case!(
    gh_as_expected_is_not_future,
    "sz8pjjhzcy3t",
    "From 16:45-20:01 UTC, OAuth App and GitHub App user auth tokens created with OAuth flow were not SAML authorized as expected.",
    "2023-08-11T20:44:37Z",
    "2023-08-11T20:44:34Z",
    Some("2023-08-11T21:41:56Z"),
    Some("2023-08-11T16:45Z")
);
// Posted at 01:31 on Apr 25: 20:30 UTC is the previous evening, 2023-04-24.
case!(
    gh_starting_at_previous_day,
    "rcnl10p4hywg",
    "Starting at 20:30 UTC, a small % of clients in West US are seeing connection resets or connection timeouts, leading to failed action downloads.",
    "2023-04-25T01:31:10Z",
    "2023-04-24T21:14:49Z",
    Some("2023-04-25T03:18:54Z"),
    Some("2023-04-24T20:30Z")
);
// Two ranges, glued "08:02UTC": the earliest, 08:02Z. resolved_at == created_at
// (imported), so it is not used as a bound.
case!(
    gh_two_ranges_glued_zone,
    "qb2vmff9bnf5",
    "Webhook deliveries were delayed or may have failed completely from 08:02UTC to 08:12UTC and again from 08:35UTC to 08:43UTC due to network connectivity problems",
    "2020-03-31T09:09:46Z",
    "2020-03-31T08:00:00Z",
    Some("2020-03-31T08:00:00Z"),
    Some("2020-03-31T08:02Z")
);
// Imported history (posted 2018): the bare time takes the date of the entry
// stamp written before it, 2016-08-19 00:18Z.
case!(
    gh_import_entry_date,
    "12m34s4gmx6c",
    "<ul><li><strong>2016-08-19 00:48:25</strong> - We are recovering from a brief network disruption. Webhook delivery was impacted from 00:18 UTC to 00:40 UTC.</li></ul>",
    "2018-12-05T11:43:00Z",
    "2016-08-19T00:48:25Z",
    Some("2016-08-19T00:48:25Z"),
    Some("2016-08-19T00:18Z")
);
// "around 5:45am PDT" with an impact word, on the 2012 entry date: 12:45Z.
case!(
    gh_import_around_am,
    "9xsmwp7kq2m1",
    "<ul><li><strong>2012-08-30 12:55:02</strong> - GitHub Pages experienced a brief degradation in service due to a large influx of traffic around 5:45am PDT. Service has been restored and we're monitoring the service closely.</li></ul>",
    "2018-12-05T11:29:55Z",
    "2012-08-30T12:55:02Z",
    Some("2012-08-30T12:55:02Z"),
    Some("2012-08-30T12:45Z")
);
// Range end carries the date (20 Sep) and crosses midnight: start 19 Sep 20:36Z.
case!(
    gh_range_end_dated_over_midnight,
    "zjchv3zvfg50",
    "Project data modified between 20:36 UTC and 20 Sep 00:06 UTC was partially restored.",
    "2023-09-20T04:01:50Z",
    "2023-09-19T20:57:46Z",
    Some("2023-09-20T04:28:09Z"),
    Some("2023-09-19T20:36Z")
);
