//! Google Cloud: "beginning at <date> <time> <zone>" statements and incident reports.
use super::*;

// ---- Google Cloud: "beginning at/on <weekday>, <date> <time> <zone>" ----

// 01:25 PST (March 4 is before DST) = 09:25Z.
case!(
    gcp_apigee_beginning_at,
    "hdknJ5aWh8KCAimNhTHe",
    "Description: We are experiencing an issue with Apigee beginning at Tuesday, 2025-03-04 01:25 US/Pacific.",
    "2025-03-04T21:32:59Z",
    "2025-03-04T21:33:01Z",
    Some("2025-03-04T21:40:41Z"),
    Some("2025-03-04T09:25Z")
);
// 07:40 PDT = 14:40Z.
case!(
    gcp_storage_pdt,
    "/incident/storage/20005",
    "Description: We are experiencing an issue with Google Cloud Storage beginning at Saturday, 2020-10-24 07:40 PDT.",
    "2020-10-24T18:06:37Z",
    "2020-10-24T17:18:47Z",
    Some("2020-10-24T19:02:57Z"),
    Some("2020-10-24T14:40Z")
);
// 13:03 PDT = 20:03Z; "beginning in the ... region starting at" — the nearer cue wins.
case!(
    gcp_networking_starting_at,
    "/incident/cloud-networking/20010",
    "Description: We are experiencing an issue with Cloud Networking beginning in the southamerica-east1 region starting at Monday, 2020-10-19 13:03 PDT.",
    "2020-10-19T21:14:20Z",
    "2020-10-19T20:45:41Z",
    Some("2020-10-19T21:34:43Z"),
    Some("2020-10-19T20:03Z")
);
// 10:00 PST (December) = 18:00Z; the doubled zone "PST US/Pacific" is harmless.
case!(
    gcp_functions_pst_winter,
    "/incident/cloud-functions/19010",
    "Description: We are experiencing an issue with Cloud Functions beginning at Thursday, 2019-12-19 10:00 PST US/Pacific.",
    "2019-12-19T18:51:50Z",
    "2019-12-19T18:51:50Z",
    Some("2019-12-19T19:39:00Z"),
    Some("2019-12-19T18:00Z")
);
// "PST" written in August means Pacific daylight time: 19:50 PDT = 02:50Z next day
// (the same incident says "starting 2021-08-23 19:50 PT" elsewhere).
case!(
    gcp_pst_in_summer_is_pdt,
    "8DhiwfKvD987f5tJrj1G",
    "The impact is believed to have started at 2021-08-23 19:50 PST.",
    "2021-08-24T05:27:39Z",
    "2021-08-24T03:35:48Z",
    Some("2021-08-24T04:20:00Z"),
    Some("2021-08-24T02:50Z")
);
// 00:32:56 PST = 08:32Z (seconds dropped).
case!(
    gcp_seconds_pst,
    "46bP9UWxaLXHyCUQdjPR",
    "Summary: Google engineering are investigating issues with Cloud Networking, starting at 2022-02-10 00:32:56 PST",
    "2022-02-10T11:58:16Z",
    "2022-02-10T10:01:11Z",
    Some("2022-02-10T14:34:00Z"),
    Some("2022-02-10T08:32Z")
);
// 05:21 PST = 13:21Z.
case!(
    gcp_compute_seconds,
    "SjJ3FN51MAEJy7cZmoss",
    "We are experiencing an issue with Google Compute Engine beginning at Monday, 2021-12-13 05:21:05 PST.",
    "2021-12-13T14:48:37Z",
    "2021-12-13T14:16:00Z",
    Some("2021-12-14T00:59:00Z"),
    Some("2021-12-13T13:21Z")
);
// 08:06 PDT = 15:06Z, 21 minutes before the post.
case!(
    gcp_container_analysis,
    "sCsR34eVfCzGQMGssusu",
    "Description: We are experiencing an issue with Container Analysis API beginning at Wednesday, 2021-10-20 08:06:56 PDT",
    "2021-10-20T15:27:11Z",
    "2021-10-20T15:27:14Z",
    Some("2021-10-21T16:27:00Z"),
    Some("2021-10-20T15:06Z")
);
// "beginning <date> at <time>": 10:00 PDT = 17:00Z.
case!(
    gcp_date_at_time,
    "T8gmtofFSTGT5tbhyciF",
    "We experienced an inter-site communication issue with Google Cloud VMware Engine (GCVE) Stretched Cluster customers beginning Tuesday, 2026-07-14 at 10:00 PDT.",
    "2026-07-15T05:34:26Z",
    "2026-07-14T20:24:18Z",
    Some("2026-07-15T03:40:00Z"),
    Some("2026-07-14T17:00Z")
);
// "6 May 2022 at 01:30 PT": PDT, = 08:30Z.
case!(
    gcp_day_month_year_pt,
    "4Qvmd4q81VnA9RirCMqV",
    "Multiple Google Cloud services experienced issues in the us-central1 region beginning Friday, 6 May 2022 at 01:30 PT.",
    "2022-05-06T23:12:13Z",
    "2022-05-06T12:01:47Z",
    Some("2022-05-06T19:06:00Z"),
    Some("2022-05-06T08:30Z")
);
// Range with the zone only after its end: 04:36 PST = 12:36Z. GCP's `end` (14:35)
// is before `created` here, so it is ignored as a bound.
case!(
    gcp_between_date_comma,
    "41E5S3mkTGDfkZuJZH5k",
    "Between Friday, 2026-02-27, 04:36 and 06:45 PST, customers experienced increased error rates when accessing the Vertex Gemini API Global endpoint.",
    "2026-02-27T16:12:30Z",
    "2026-02-27T16:12:30Z",
    Some("2026-02-27T14:35:00Z"),
    Some("2026-02-27T12:36Z")
);
// 17:58 PDT on Sept 24 = 00:58Z Sept 25.
case!(
    gcp_since_url,
    "/incident/cloud-kms/20003",
    "Cloud KMS has been affected by the Google incident https://status.cloud.google.com/incident/zall/20010 since 2020-09-24 17:58 US/Pacific.",
    "2020-09-25T02:25:37Z",
    "2020-09-25T02:02:34Z",
    Some("2020-09-25T01:33:00Z"),
    Some("2020-09-25T00:58Z")
);
// "received a report ... as of" is a start: 00:57 PDT = 07:57Z.
case!(
    gcp_report_as_of,
    "/incident/compute/20008",
    "Description: We've received a report of an issue with Google Compute Engine as of Tuesday, 2020-07-28 00:57 US/Pacific.",
    "2020-07-28T10:27:03Z",
    "2020-07-28T09:29:00Z",
    Some("2020-07-28T12:30:41Z"),
    Some("2020-07-28T07:57Z")
);
// "As of <time>, we are experiencing": 14:30 PST = 22:30Z.
case!(
    gcp_as_of_experiencing,
    "eEsQrpyy4PEE14RG8aHf",
    "Description: As of Wednesday 2024-12-04 14:30 US/Pacific, we are experiencing elevated errors with BigQuery related to query and export jobs that access Google Drive.",
    "2024-12-05T00:40:17Z",
    "2024-12-05T00:40:19Z",
    Some("2024-12-05T02:28:34Z"),
    Some("2024-12-04T22:30Z")
);
// Date after the zone, ordinal day: "July 19th at 04:09 UTC" = 04:09Z.
case!(
    gcp_crowdstrike_ordinal,
    "DK3LfKowzJPpZq4Q9YqP",
    "Beginning July 19th at 04:09 UTC, Google Cloud detected some customer Windows VMs experiencing Blue Screen of Death (BSOD) and crash loops.",
    "2024-07-19T23:32:59Z",
    "2024-07-19T06:48:47Z",
    Some("2024-07-19T23:32:59Z"),
    Some("2024-07-19T04:09Z")
);
// 12:24 PDT = 19:24Z.
case!(
    gcp_first_began,
    "/incident/cloud-networking/20004",
    "The issue first began at 2020-03-27 12:24 US/Pacific.",
    "2020-03-27T21:00:00Z",
    "2020-03-27T20:28:16Z",
    Some("2020-03-27T21:15:45Z"),
    Some("2020-03-27T19:24Z")
);
// "Impact began <date>" without "at": 06:02 PST = 14:02Z.
case!(
    gcp_impact_began,
    "/incident/compute/20001",
    "Impact began Wednesday, 2020-01-29 06:02 US/Pacific.",
    "2020-01-29T16:44:27Z",
    "2020-01-29T15:35:09Z",
    Some("2020-01-30T00:26:16Z"),
    Some("2020-01-29T14:02Z")
);
// 08:15 PST = 16:15Z.
case!(
    gcp_delays_began_on,
    "/incident/google-stackdriver/20001",
    "Description: Delays began on Monday, 2020-01-13 08:15 US/Pacific and the backlog is currently ~5.5 hours.",
    "2020-01-13T20:34:27Z",
    "2020-01-13T20:34:27Z",
    Some("2020-01-14T02:50:44Z"),
    Some("2020-01-13T16:15Z")
);
// The vendor's typo "begining" still counts: 19:52 PDT = 02:52Z next day.
case!(
    gcp_begining_typo,
    "TSaW8RCnLss2ob5fM2t5",
    "Description: We are experiencing an issue impacting Google Cloud Storage in australia-southeast2 begining at 2021-08-23 19:52 US/Pacific.",
    "2021-08-24T05:20:16Z",
    "2021-08-24T05:20:16Z",
    Some("2021-08-24T05:31:46Z"),
    Some("2021-08-24T02:52Z")
);
// "failing, starting at": 23:00 PST Feb 4 = 07:00Z Feb 5.
case!(
    gcp_failing_starting_at,
    "/incident/cloud-firestore/20001",
    "Description: We've received a report that calls to Firestore using the native API from the us-central1 and asia-northeast1 regions were failing, starting at 2020-02-04 23:00 US/Pacific.",
    "2020-02-05T08:28:31Z",
    "2020-02-05T08:28:31Z",
    Some("2020-02-05T08:00:00Z"),
    Some("2020-02-05T07:00Z")
);
// "Starting <date> <time>, customers ... are experiencing": 16:41 PDT = 23:41Z.
case!(
    gcp_starting_sentence_start,
    "92DZXgeiWQUKG16qhPHt",
    "Description: Starting Wednesday, 2024-05-08 16:41 US/Pacific, customers making use of caching policies in their API proxies are experiencing issues with Apigee API Platform services.",
    "2024-05-09T04:40:20Z",
    "2024-05-09T00:29:20Z",
    Some("2024-05-09T10:44:07Z"),
    Some("2024-05-08T23:41Z")
);
// `end` before `created` (old GCP record) must not veto: 09:34 PDT = 16:34Z.
case!(
    gcp_from_to_junk_end,
    "/incident/support/20001",
    "We had experienced an issue with Google Support systems, from Tuesday, 2020-07-21 09:34 US/Pacific to Tuesday, 07/21/2020 10:53 US/Pacific, preventing customers from creating or updating Support cases.",
    "2020-07-21T18:29:12Z",
    "2020-07-21T18:29:12Z",
    Some("2020-07-21T10:53:00Z"),
    Some("2020-07-21T16:34Z")
);

// ---- Google Cloud incident reports (posted days later) ----

// Header zone applies to zone-less times: 13:54 PDT = 20:54Z.
case!(
    gcp_report_incident_start_header,
    "sPyYB214xAhqnoxNrrnW",
    "(All Times US/Pacific)\n**Incident Start:** 29 June 2022 13:54\n**Incident End:** 29 June 2022 15:59",
    "2022-06-30T18:13:17Z",
    "2022-06-29T22:14:46Z",
    Some("2022-06-29T22:59:00Z"),
    Some("2022-06-29T20:54Z")
);
// 00:13 PDT = 07:13Z.
case!(
    gcp_report_incident_start_pt,
    "drLHg29pR5QHUvr5buDq",
    "**Incident Start:** 23 June 2022 00:13 PT\n**Incident End:** 23 June 2022 06:36 PT",
    "2022-06-23T21:57:00Z",
    "2022-06-23T11:02:49Z",
    Some("2022-06-23T13:36:00Z"),
    Some("2022-06-23T07:13Z")
);
// "On <date>, at approximately <time>, X began experiencing": 06:00 PDT = 13:00Z.
case!(
    gcp_report_approximately_began,
    "fc7GCA6kAgnBihezUAkx",
    "On Tuesday, 14 June 2022, at approximately 06:00 US/Pacific, Google Cloud Networking in us-central1 began experiencing increased delays in applying administrative operations, impacting several downstream services.",
    "2022-06-28T18:27:16Z",
    "2022-06-15T00:09:03Z",
    Some("2022-06-15T00:43:00Z"),
    Some("2022-06-14T13:00Z")
);
// 09:35 PST (November 16 is after DST) = 17:35Z.
case!(
    gcp_report_on_date_at_pt,
    "6PM5mNd43NbMqjCZ5REh",
    "On Tuesday, 16 November 2021 at 09:35 PT, Google Cloud Networking experienced issues with the Google External Proxy Load Balancing (GCLB) service.",
    "2021-11-23T02:29:31Z",
    "2021-11-16T18:10:07Z",
    Some("2021-11-16T19:28:00Z"),
    Some("2021-11-16T17:35Z")
);
// Bare range in a report posted six days later: the incident's own day,
// 15:22 PDT May 16 = 22:22Z (not May 22, the posting day).
case!(
    gcp_report_bare_range_incident_day,
    "xVSEV3kVaJBmS7SZbnre",
    "- From 15:22 to 18:10 US/Pacific, some Apigee customers may have experienced network latencies, timeouts, or 500 errors in their runtimes.",
    "2024-05-22T16:44:37Z",
    "2024-05-16T23:24:05Z",
    Some("2024-05-17T01:10:00Z"),
    Some("2024-05-16T22:22Z")
);
// 06:20 PDT = 13:20Z; "until 08:32" is the end of the second phase.
case!(
    gcp_from_to_mid_sentence,
    "ETJGhvY9Xaktw7tgi8dF",
    "Cloud CDN, Cloud Load Balancing, Hybrid Connectivity and Virtual Private Cloud (VPC) customers experienced intermittent timeouts (500s) from 06:20 to 07:00 US/Pacific followed by elevated latency in europe-west2 until 08:32 US/Pacific for a total duration of 2 hours and 12 minutes.",
    "2024-08-12T19:19:19Z",
    "2024-08-12T14:19:49Z",
    Some("2024-08-12T15:32:00Z"),
    Some("2024-08-12T13:20Z")
);
// "US/ Pacific" (with a space); 22:20 PDT May 23 = 05:20Z May 24.
case!(
    gcp_between_spaced_zone,
    "ucDmnkU6HncGBiXCYFp4",
    "A small set of GCP customers were unable to create support cases between 22:20 and 23:00 US/ Pacific.",
    "2024-05-24T06:42:32Z",
    "2024-05-24T06:42:35Z",
    Some("2024-05-24T06:44:34Z"),
    Some("2024-05-24T05:20Z")
);
// Single-digit hour: 1:27 PDT = 08:27Z.
case!(
    gcp_single_digit_hour,
    "psbdfLBYU9GR3bNNq7HT",
    "* From 1:27 to 11:22 US/ Pacific, customers were able to login and view the UI, but were unable to create and run content (Actions/Evaluations/Sequences).",
    "2024-10-01T04:17:47Z",
    "2024-09-25T13:45:18Z",
    Some("2024-09-25T19:28:00Z"),
    Some("2024-09-25T08:27Z")
);
// Dated range across midnight: 23:05 PDT Oct 15 = 06:05Z Oct 16.
case!(
    gcp_dated_range_over_midnight,
    "RAGcW4N9jHRkrAjnX2v7",
    "On 15 October, 2024 23:05 to 16 October, 2024 02:49 US/Pacific, multiple Google Cloud products became unavailable in the us-west2-a zone / us-west2 region for a duration of 3 hours, 44 minutes.",
    "2024-10-18T18:28:05Z",
    "2024-10-16T08:48:19Z",
    Some("2024-10-16T09:49:00Z"),
    Some("2024-10-16T06:05Z")
);
// 23:43 PST Dec 18 = 07:43Z Dec 19; the report is itself the incident (created
// three weeks later), which the 30-day bound allows.
case!(
    gcp_report_weeks_later,
    "/incident/cloud-networking/20001",
    "On Wednesday, 18 December, 2019, from 23:43 to Thursday, 19 December, 2019 at 00:44 US/Pacific, access to Google products and services (including Google Cloud Platform) through ISPs in Bulgaria experienced severe congestion.",
    "2020-01-09T22:14:42Z",
    "2020-01-09T22:14:42Z",
    Some("2019-12-19T08:44:00Z"),
    Some("2019-12-19T07:43Z")
);
// The range start takes its date from the range end's trailing date: 16:46 PDT = 23:46Z.
case!(
    gcp_range_date_after,
    "hAHmS7WwWk83e4ZQ5XUi",
    "Additionally, between 16:46 to 20:00 US/Pacific on Monday, 10 June 2024, BigQuery experienced elevated errors across multiple APIs in the multiregion:us region.",
    "2024-06-26T22:08:25Z",
    "2024-06-11T01:36:37Z",
    Some("2024-06-11T03:09:07Z"),
    Some("2024-06-10T23:46Z")
);
// 12:34 PDT = 19:34Z; the resolution time in the same sentence is not taken.
case!(
    gcp_began_and_resolved,
    "1yphfNLPHEnwJcWqwxbu",
    "Issue began on 18 September 2024 at 12:34 US/Pacific and was completely resolved on 18 September 2024 at 15:30 US/Pacific.",
    "2024-09-23T14:11:42Z",
    "2024-09-18T21:57:07Z",
    Some("2024-09-18T22:30:00Z"),
    Some("2024-09-18T19:34Z")
);
// 04:20 PDT = 11:20Z.
case!(
    gcp_on_date_starting_at,
    "XwnegjADrYy2GHJphG2V",
    "On 7 September 2024 starting at 04:20 US/Pacific, several Google Cloud products experienced a service degradation of varying impact or were unavailable in asia-northeast1 region for a period of 1 hour 50 minutes.",
    "2024-09-13T13:44:30Z",
    "2024-09-07T13:11:15Z",
    Some("2024-09-07T13:10:00Z"),
    Some("2024-09-07T11:20Z")
);
// 10:29 PDT = 17:29Z.
case!(
    gcp_starting_on_date_at,
    "Hrepehs4bLtgxEefSzSw",
    "Starting on 4 June 2024 at 10:29 US/ Pacific, some customers attempting to connect to Cloud Shell may have encountered connectivity issues for a duration of 3 hours 46 minutes.",
    "2024-06-14T06:33:37Z",
    "2024-06-04T21:13:56Z",
    Some("2024-06-04T21:15:00Z"),
    Some("2024-06-04T17:29Z")
);
// Impact 13 days before the incident was opened (within 30): 14:08 PDT = 21:08Z.
case!(
    gcp_long_running_start,
    "2GcJSJ2mZp3xw91PbJ87",
    "Deployment of large models in Vertex AI Online Prediction failed in most of the regions for a duration of up to 13 days, 6 hours, 22 minutes starting on Tuesday, 22 October 2024 at 14:08 US/Pacific.",
    "2024-11-05T19:31:54Z",
    "2024-11-04T21:17:49Z",
    Some("2024-11-05T04:30:00Z"),
    Some("2024-10-22T21:08Z")
);
// 06:48 PDT = 13:48Z.
case!(
    gcp_report_beginning_at,
    "/incident/zall/20005",
    "On Wednesday 08 April, 2020 beginning at 06:48 US/Pacific, Google Cloud Identity and Access Management (IAM) experienced significantly elevated error rates for a duration of 54 minutes.",
    "2020-04-13T16:19:58Z",
    "2020-04-08T14:44:40Z",
    Some("2020-04-08T14:42:50Z"),
    Some("2020-04-08T13:48Z")
);
