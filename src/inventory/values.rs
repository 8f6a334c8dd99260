//! Plain field values that need no catalog: a status URL, a number of hours.

/// An http(s) URL without spaces; the scheme in any case (RFC 3986 §3.1), kept lower-case.
pub fn status_url(text: &str) -> Option<String> {
    let value = text.trim();
    let (scheme, rest) = value.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let ok = matches!(scheme.as_str(), "http" | "https")
        && !rest.is_empty()
        && !value.contains(char::is_whitespace);
    ok.then(|| format!("{scheme}://{rest}"))
}

/// Hours as a finite, non-negative number.
pub fn hours(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|h| h.is_finite() && *h >= 0.0)
}
