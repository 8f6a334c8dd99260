//! incident.io status pages: the Statuspage-compatible `/api/v2` with fewer fields
//! (no `started_at`, `monitoring_at`, `resolved_at`, `shortlink`, incident components;
//! ULID ids; `incidents` may be null). The Statuspage parser already treats all of
//! those as optional and derives monitoring/resolved times from the updates; `started_at`
//! stays `None` because incident.io has no such field. No history endpoint, so no backfill.

use super::statuspage::{api_endpoints, parse_with};
use super::{Endpoint, ParseError, Provider};
use crate::model::{Platform, Snapshot};

pub struct Incidentio;

impl Provider for Incidentio {
    fn platform(&self) -> Platform {
        Platform::Incidentio
    }

    fn endpoints(&self, base_url: &str) -> Vec<Endpoint> {
        api_endpoints(base_url)
    }

    fn parse(&self, body: &[u8]) -> Result<Snapshot, ParseError> {
        parse_with(Platform::Incidentio, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_without_double_slash_and_no_start() {
        let body = br#"{"page":{"id":"01JMDK9XYNY6RXSED6SDWW50WY","url":"https://status.example.com/"},
            "incidents":[{"id":"01M3Q4RK1SM4EMK445GGPG7C0N","impact":"minor","status":"resolved",
              "created_at":"2026-09-29T17:52:52Z",
              "incident_updates":[{"id":"u1","status":"resolved","created_at":"2026-09-29T18:10:00Z"}]}]}"#;
        let snap = Incidentio.parse(body).expect("parses");
        assert_eq!(snap.platform, Platform::Incidentio);
        let incident = &snap.incidents[0];
        assert_eq!(
            incident.url.as_deref(),
            Some("https://status.example.com/incidents/01M3Q4RK1SM4EMK445GGPG7C0N")
        );
        assert_eq!(incident.started_at, None);
        assert_eq!(
            incident.resolved_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-09-29T18:10:00+00:00")
        );
        assert!(Incidentio.backfill().is_none());
    }
}
