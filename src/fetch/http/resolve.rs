//! Name resolution behind the guard: every address a host name resolves to is checked,
//! so a name pointing at 169.254.169.254 is refused before any connection is made.
//! Addresses that are refused are dropped; a name left with none fails with the reason.

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::guard::{Refused, is_metadata_name, refused_ip};

/// A boxed future of a lookup's addresses.
pub type LookupFuture = Pin<Box<dyn Future<Output = io::Result<Vec<IpAddr>>> + Send>>;

/// Turns a host name into addresses: the system resolver in use, a fixed table in tests.
pub trait Lookup: Send + Sync + 'static {
    fn lookup(&self, host: String) -> LookupFuture;
}

/// The operating system's resolver (getaddrinfo, off the async threads).
pub struct SystemLookup;

impl Lookup for SystemLookup {
    fn lookup(&self, host: String) -> LookupFuture {
        Box::pin(async move {
            let addrs = tokio::net::lookup_host((host.as_str(), 0)).await?;
            Ok(addrs.map(|a| a.ip()).collect())
        })
    }
}

/// The resolver reqwest is given: a `Lookup`, then the guard on what it returned.
pub(super) struct GuardedResolver {
    lookup: Arc<dyn Lookup>,
}

impl GuardedResolver {
    pub(super) fn new(lookup: Arc<dyn Lookup>) -> Self {
        Self { lookup }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let lookup = Arc::clone(&self.lookup);
        let host = name.as_str().to_string();
        Box::pin(async move {
            let allowed = guarded_lookup(lookup.as_ref(), host).await?;
            let addrs: Addrs = Box::new(allowed.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

/// The addresses of `host` planb may connect to; `Refused` when a metadata name or
/// when every address is refused.
pub async fn guarded_lookup(
    lookup: &dyn Lookup,
    host: String,
) -> Result<Vec<IpAddr>, Box<dyn std::error::Error + Send + Sync>> {
    if is_metadata_name(&host) {
        return Err(Box::new(Refused(format!(
            "`{host}` is a cloud metadata service"
        ))));
    }
    let found = lookup.lookup(host.clone()).await?;
    let (refused, allowed): (Vec<IpAddr>, Vec<IpAddr>) =
        found.into_iter().partition(|ip| refused_ip(*ip).is_some());
    match (refused.first(), allowed.is_empty()) {
        (Some(ip), true) => Err(Box::new(Refused(format!(
            "`{host}` resolves to {ip}, {}",
            refused_ip(*ip).unwrap_or("a refused address")
        )))),
        (Some(_), false) => {
            tracing::warn!(
                host,
                ?refused,
                "dropped refused addresses the name resolved to"
            );
            Ok(allowed)
        }
        (None, _) => Ok(allowed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A fixed table: no query leaves the process.
    struct Table(HashMap<&'static str, Vec<IpAddr>>);

    impl Lookup for Table {
        fn lookup(&self, host: String) -> LookupFuture {
            let found = self.0.get(host.as_str()).cloned();
            Box::pin(async move {
                found.ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such name"))
            })
        }
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    /// The refusal text, or `None` when the lookup failed otherwise or succeeded.
    async fn refusal(table: &Table, host: &str) -> Option<String> {
        let err = guarded_lookup(table, host.into()).await.err()?;
        err.downcast_ref::<Refused>().map(|r| r.0.clone())
    }

    #[tokio::test]
    async fn resolved_addresses_are_checked() {
        let table = Table(HashMap::from([
            ("evil.example", vec![ip("169.254.169.254")]),
            ("evil6.example", vec![ip("fe80::1"), ip("fd00:ec2::254")]),
            ("mixed.example", vec![ip("169.254.1.1"), ip("10.1.2.3")]),
            ("intranet.example", vec![ip("192.168.0.7"), ip("127.0.0.1")]),
        ]));
        let evil = refusal(&table, "evil.example").await.unwrap_or_default();
        assert!(
            evil.contains("169.254.169.254") && evil.contains("link-local"),
            "{evil}"
        );
        assert!(refusal(&table, "evil6.example").await.is_some());
        // Refused by name, before any lookup (the table does not know it).
        assert!(refusal(&table, "metadata.google.internal").await.is_some());
        assert_eq!(
            guarded_lookup(&table, "mixed.example".into()).await.ok(),
            Some(vec![ip("10.1.2.3")])
        );
        assert_eq!(
            guarded_lookup(&table, "intranet.example".into()).await.ok(),
            Some(vec![ip("192.168.0.7"), ip("127.0.0.1")])
        );
        assert!(
            guarded_lookup(&table, "unknown.example".into())
                .await
                .is_err()
        );
        assert_eq!(refusal(&table, "unknown.example").await, None);
    }
}
