//! Real statements that must give no start.
use super::*;

// ---- Real statements that must give None ----

// Next-update promise.
case!(
    no_next_update_promise,
    "/incident/storage/20008",
    "We will provide more information by Tuesday, 2020-11-17 14:00 US/Pacific.",
    "2020-11-17T20:19:33Z",
    "2020-11-17T20:19:31Z",
    None,
    None
);
// Resolution time.
case!(
    no_resolved_as_of,
    "hdknJ5aWh8KCAimNhTHe",
    "The issue with Apigee Hybrid, Apigee Edge Public Cloud, Apigee has been resolved for all affected users as of Tuesday, 2025-03-04 13:30 US/Pacific.",
    "2025-03-04T21:40:41Z",
    "2025-03-04T21:33:01Z",
    Some("2025-03-04T21:40:41Z"),
    None
);
// Mitigation time.
case!(
    no_mitigated_at,
    "5feV12qHeQoD3VdD8byK",
    "The issue with Google Cloud Dataflow is mitigated at 2024-05-08 19:47:27 PDT.",
    "2024-05-09T04:32:41Z",
    "2024-05-09T03:29:48Z",
    Some("2024-05-09T05:28:53Z"),
    None
);
// Recovery "starting": not a start of impact.
case!(
    no_recovery_starting,
    "/incident/bigquery/20001",
    "Mitigation efforts are in place and we are seeing error rates return to normal levels starting 2020-03-08 10:30 PST.",
    "2020-03-08T18:09:00Z",
    "2020-03-08T12:33:34Z",
    Some("2020-03-08T17:30:35Z"),
    None
);
case!(
    no_decreasing_starting,
    "/incident/zall/20003",
    "Error rates have been decreasing starting on Thursday, 2020-03-26 17:40 US/Pacific.",
    "2020-03-27T01:18:35Z",
    "2020-03-27T00:23:36Z",
    Some("2020-03-27T12:55:01Z"),
    None
);
case!(
    no_recovery_since,
    "smn1qtqvbsb6",
    "We mitigated this issue and have seen recovery since 1315 UTC. Next update in 15 mins.",
    "2022-10-05T13:59:52Z",
    "2022-10-05T13:19:52Z",
    Some("2022-10-05T17:41:24Z"),
    None
);
// Maintenance windows.
case!(
    no_cloudflare_maintenance,
    "qmspl5m34vg5",
    "We will be performing scheduled maintenance in LHR (London) datacenter on 2023-11-03 between 02:00 and 07:00 UTC.",
    "2023-10-30T08:00:26Z",
    "2023-10-30T08:00:26Z",
    None,
    None
);
case!(
    no_github_maintenance,
    "4gprpgmtct75",
    "<ul><li><strong>2011-01-24 19:14:00</strong> - We will be having scheduled maintenance tonight from 22:00 - 22:20 PST during which github.com may be unavailable for a short period of time.</li></ul>",
    "2018-12-05T11:26:34Z",
    "2011-01-24T19:14:00Z",
    Some("2011-01-24T19:14:00Z"),
    None
);
// Planned restoration work, posted 41 s after its stated time.
case!(
    no_restoration_start,
    "hm7491k53ppg",
    "Starting 11/06/2023 17:00 UTC, Cloudflare is initiating a restoration of Control Plane API and Product Services to primary HA datacenters in Portland.",
    "2023-11-06T17:00:41Z",
    "2023-11-02T11:54:59Z",
    None,
    None
);
// An estimate.
case!(
    no_expected_recovery,
    "hm7491k53ppg",
    "DEX Test Result data recovery expected around 15:00 UTC Nov 4th.",
    "2023-11-04T04:06:34Z",
    "2023-11-02T11:54:59Z",
    None,
    None
);
// No zone at all.
case!(
    no_zone,
    "gb88fzdxsgh7",
    "<ul><li><strong>2012-08-03 20:51:02</strong> - A small percentage of repositories were unavailable for approximately 10 minutes starting at 12:40pm due to a longer than normal fileserver failover.</li></ul>",
    "2018-12-05T11:29:31Z",
    "2012-08-03T20:51:02Z",
    Some("2012-08-03T20:51:02Z"),
    None
);
// A log-entry stamp, not a statement of when impact began.
case!(
    no_entry_stamp,
    "chq6jdw9x8t5",
    "2019-05-07 10:35 UTC - Due to a network hardware failure, some users are experiencing errors trying to access github.com.",
    "2019-05-07T18:37:22Z",
    "2019-05-07T10:35:14Z",
    Some("2019-05-07T10:35:14Z"),
    None
);
// 22:00 PDT Sept 24 is after the post (08:50Z = 01:50 PDT), and Sept 24 2020 was a Thursday.
case!(
    no_start_after_post,
    "/incident/developers-console/20006",
    "Description: We are experiencing an issue with Cloud Shell in asia-southeast1 beginning at Wednesday, 2020-09-24 22:00:00 US/Pacific.",
    "2020-09-24T08:50:12Z",
    "2020-09-24T08:50:11Z",
    Some("2020-09-25T03:03:00Z"),
    None
);
// Weekday and date disagree (2022-01-26 was a Wednesday): one of them is a typo.
case!(
    no_weekday_mismatch,
    "MqpDy4VdUKuQkw1GXPTo",
    "Description: We are experiencing an issue with Cloud SQL beginning at Tuesday, 2022-01-26 11:24 US/Pacific.",
    "2022-02-15T19:26:59Z",
    "2022-02-15T17:49:25Z",
    Some("2022-02-19T18:46:00Z"),
    None
);
// Year typo: a year before the incident, beyond the 30-day bound.
case!(
    no_year_typo,
    "JqefFhK5oa22EzFGhtg3",
    "(All Times US/Pacific)\n**Incident Start:** 23 May 2021 01:26\n**Incident End:** 23 May 2021 09:30",
    "2022-05-23T21:55:03Z",
    "2022-05-23T16:01:37Z",
    Some("2022-05-23T16:30:00Z"),
    None
);
// The start of a rollout, of an alert, of a reroute: not of impact.
case!(
    no_rollout_start,
    "Hko5cWSXxGSsxfiSpg4n",
    "From preliminary analysis, the root cause of the issue was a rollout that started on 21 February 2022 at 01:00 US/Pacific.",
    "2022-02-25T23:20:38Z",
    "2022-02-25T17:57:41Z",
    Some("2022-02-25T20:22:00Z"),
    None
);
case!(
    no_alert_time,
    "3BvH3LVGcupoYqV6F4Nw",
    "Google engineering teams were alerted to the issue via automated temperature and hardware unreachability telemetry starting at 16:39 US/Pacific.",
    "2026-07-18T00:22:37Z",
    "2026-07-16T03:30:59Z",
    Some("2026-07-16T12:25:00Z"),
    None
);
case!(
    no_detection_time,
    "huJFgyiNYPPypbw8PX9Y",
    "(All Times US/Pacific)\nGoogle engineers were alerted to the issue via customer support case on Thursday, 16 June 2022 at 04:15 and started an investigation.",
    "2022-06-24T21:47:40Z",
    "2022-06-16T16:27:22Z",
    Some("2022-06-16T18:33:00Z"),
    None
);
case!(
    no_change_time,
    "LuGcJVjNTeC5Sb9pSJ9o",
    "On 8 March 2022 at 10:05 PT, a change to the Traffic Director code that processes the configuration was updated.",
    "2022-03-15T23:23:16Z",
    "2022-03-08T20:36:16Z",
    Some("2022-03-08T20:42:00Z"),
    None
);
case!(
    no_reroute_time,
    "4Qvmd4q81VnA9RirCMqV",
    "Jobs already running in us-central1-b may have been stuck or delayed, but restarting the jobs would have automatically routed them to a healthy zone starting at 05:00 US/Pacific if the customer was using regional endpoints.",
    "2022-05-06T23:12:13Z",
    "2022-05-06T12:01:47Z",
    Some("2022-05-06T19:06:00Z"),
    None
);
