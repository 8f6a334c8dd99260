//! Where planb will not send a request: link-local addresses (169.254.0.0/16,
//! fe80::/10) and cloud metadata services, by name or address, and any scheme but
//! http(s). One classification, used by the inventory check, before every request, in
//! the redirect policy and on every resolved address. Loopback and private ranges stay
//! allowed: intranet status pages and tests live there.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use reqwest::Url;

/// Why a URL, host or address is refused, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// Host names of cloud metadata services (compared without case or a trailing dot).
const METADATA_NAMES: &[&str] = &[
    "metadata",                     // Google Cloud, short form
    "metadata.google.internal",     // Google Cloud
    "metadata.goog",                // Google Cloud
    "instance-data",                // AWS
    "instance-data.ec2.internal",   // AWS
    "metadata.tencentyun.com",      // Tencent Cloud
    "metadata.packet.net",          // Equinix Metal
    "metadata.platformequinix.com", // Equinix Metal
];

/// Metadata services outside the link-local ranges.
const METADATA_V4: &[Ipv4Addr] = &[
    Ipv4Addr::new(100, 100, 100, 200), // Alibaba Cloud
];
const METADATA_V6: &[Ipv6Addr] = &[
    Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254), // AWS (IPv6 IMDS)
];

/// Why an address is refused, or `None` when planb may connect to it.
pub fn refused_ip(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refused_v4(v4),
        IpAddr::V6(v6) => {
            if METADATA_V6.contains(&v6) {
                return Some("a cloud metadata address");
            }
            if v6.segments()[0] & 0xffc0 == 0xfe80 {
                return Some(
                    "a link-local address (fe80::/10, where cloud metadata services answer)",
                );
            }
            // An IPv4 address inside IPv6 (::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d) is that address.
            let [a, b, c, d, e, f, g, h] = v6.segments();
            let embedded = match (a, b, c, d, e, f) {
                (0, 0, 0, 0, 0, 0xffff) | (0x64, 0xff9b, 0, 0, 0, 0) => Some(Ipv4Addr::new(
                    (g >> 8) as u8,
                    g as u8,
                    (h >> 8) as u8,
                    h as u8,
                )),
                _ => None,
            };
            embedded.and_then(refused_v4)
        }
    }
}

fn refused_v4(ip: Ipv4Addr) -> Option<&'static str> {
    if METADATA_V4.contains(&ip) {
        Some("a cloud metadata address")
    } else if ip.is_link_local() {
        Some("a link-local address (169.254.0.0/16, where cloud metadata services answer)")
    } else {
        None
    }
}

/// Whether a host name is a cloud metadata service's.
pub fn is_metadata_name(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    METADATA_NAMES
        .iter()
        .any(|name| name.eq_ignore_ascii_case(host))
}

/// Refuse a URL planb must not request: a scheme other than http(s), a metadata host
/// name, or a refused address written literally.
pub fn check_url(url: &Url) -> Result<(), Refused> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refused(format!(
            "`{}:` is not http(s): planb only fetches http(s) URLs",
            url.scheme()
        )));
    }
    // URL parsing has already normalized other spellings of an IPv4 address
    // (2852039166, 0xa9.0xfe.0xa9.0xfe) to dotted form; IPv6 comes in brackets.
    let Some(host) = url.host_str() else {
        return Err(Refused("the URL has no host".into()));
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => check_ip(ip),
        Err(_) if is_metadata_name(host) => {
            Err(Refused(format!("`{host}` is a cloud metadata service")))
        }
        Err(_) => Ok(()),
    }
}

/// `check_url` for text: `Ok(None)` when it is no URL at all (the caller says how to
/// write one), `Ok(Some(url))` when it may be fetched.
pub fn check_url_text(text: &str) -> Result<Option<Url>, Refused> {
    let Ok(url) = Url::parse(text.trim()) else {
        return Ok(None);
    };
    check_url(&url).map(|()| Some(url))
}

fn check_ip(ip: IpAddr) -> Result<(), Refused> {
    match refused_ip(ip) {
        Some(reason) => Err(Refused(format!("{ip} is {reason}"))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> bool {
        check_url(&Url::parse(text).expect("url")).is_err()
    }

    #[test]
    fn link_local_and_metadata_are_refused() {
        for text in [
            "http://169.254.169.254/latest/meta-data/",
            "http://169.254.0.1/",
            "https://169.254.255.255:8443/x",
            "http://[fe80::1]/",
            "http://[febf:ffff::1]/",
            "http://[::ffff:169.254.169.254]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://[fd00:ec2::254]/",
            "http://100.100.100.200/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://METADATA.google.internal./",
            "http://metadata/",
            "http://instance-data/latest/",
            // Other spellings of 169.254.169.254 that URL parsing normalizes.
            "http://2852039166/",
            "http://0xa9.0xfe.0xa9.0xfe/",
            "http://169.254.43518/",
            "file:///etc/passwd",
            "ftp://status.example.com/",
            "gopher://127.0.0.1/",
        ] {
            assert!(refused(text), "{text}");
        }
    }

    #[test]
    fn public_private_and_loopback_are_allowed() {
        for text in [
            "https://www.githubstatus.com",
            "HTTPS://WWW.GITHUBSTATUS.COM/",
            "http://127.0.0.1:8080/status",
            "http://[::1]:9000/",
            "http://10.0.0.5/",
            "http://192.168.1.10/",
            "http://172.16.0.1/",
            "http://100.64.0.1/",
            "http://[fd12:3456::1]/",
            "http://[fec0::1]/",
            "http://169.253.255.255/",
            "http://169.255.0.1/",
            "http://metadata.example.com/",
            "http://status.metadata.google.internal.example/",
        ] {
            assert!(!refused(text), "{text}");
        }
    }

    #[test]
    fn text_that_is_no_url_is_left_to_the_caller() {
        assert_eq!(check_url_text("status.example.com"), Ok(None));
        assert!(check_url_text("http://169.254.169.254").is_err());
        assert!(matches!(
            check_url_text(" https://x.io "),
            Ok(Some(url)) if url.as_str() == "https://x.io/"
        ));
    }
}
