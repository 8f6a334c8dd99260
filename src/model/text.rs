//! Third-party text made safe: source ids usable as directory names, and vendor text
//! without control characters or escape sequences.

/// Longest source id: far below file-name limits, with room for the hash.
const MAX_ID_CHARS: usize = 100;

/// Stable identifier of a source, derived from its base URL: host (and path) slug, in
/// lowercase ASCII letters, digits, `.`, `-` and `_`, never empty and never starting with
/// a dot, dash or underscore (a hidden or option-like directory name). Ordinary URLs map
/// as they always did (`https://www.githubstatus.com` → `www.githubstatus.com`). When
/// the slug had to lose more than punctuation (non-ASCII letters, leading dots, excess
/// length, nothing left), a hash of the URL is appended, so different URLs stay apart.
/// Credentials in the URL (`user:secret@`) never become part of the id.
pub fn source_id_for(base_url: &str) -> String {
    let trimmed = base_url.trim_end_matches('/');
    let without_scheme = trimmed.split_once("://").map_or(trimmed, |(_, rest)| rest);
    let (authority, path) =
        without_scheme.split_at(without_scheme.find('/').unwrap_or(without_scheme.len()));
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let mut lossy = false;
    let mut id = String::with_capacity(host.len() + path.len());
    for ch in host.chars().chain(path.chars()) {
        match ch.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '.' | '-') => id.push(c),
            '/' => id.push('_'),
            ':' => id.push('-'),
            c if !c.is_ascii() => lossy = true,
            _ => {}
        }
    }
    let visible = id.trim_start_matches(['.', '-', '_']);
    lossy |= visible.len() != id.len() || visible.is_empty() || visible.len() > MAX_ID_CHARS;
    if !lossy {
        return id;
    }
    let kept = &visible[..visible.len().min(MAX_ID_CHARS)];
    let hash = fnv1a(trimmed.as_bytes()) as u32;
    if kept.is_empty() {
        format!("unnamed-{hash:08x}")
    } else {
        format!("{kept}-{hash:08x}")
    }
}

/// FNV-1a: a hash that never changes between runs or builds (it names directories).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Remove control characters and escape sequences from vendor text before it is shown.
pub fn sanitize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\u{1b}' {
            // Skip a CSI/OSC sequence: ESC, an introducer, then up to its terminator.
            if let Some(&next) = chars.peek() {
                chars.next();
                if next == '[' || next == ']' {
                    for c in chars.by_ref() {
                        if (next == '[' && ('@'..='~').contains(&c))
                            || (next == ']' && (c == '\u{7}' || c == '\u{9c}'))
                        {
                            break;
                        }
                    }
                }
            }
            continue;
        }
        // Newlines and tabs are layout; other controls and bidi overrides can spoof the screen.
        if ch == '\n' || ch == '\t' || !is_hidden_control(ch) {
            out.push(ch);
        }
    }
    out
}

/// A control character, a bidirectional mark, embedding, override or isolate, or an
/// invisible format character: never shown or written as vendor text. They reorder or hide
/// what a reader sees ("Trojan Source"), and make look-alike ids. Zero-width joiners
/// (U+200C, U+200D) stay: scripts and emoji need them.
pub fn is_hidden_control(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{061c}' // Arabic letter mark
                | '\u{180e}' // Mongolian vowel separator
                | '\u{200b}' // zero-width space
                | '\u{200e}' | '\u{200f}' // left-to-right, right-to-left marks
                | '\u{202a}'..='\u{202e}' // embeddings and overrides
                | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
                | '\u{2066}'..='\u{2069}' // isolates
                | '\u{206a}'..='\u{206f}' // deprecated format characters
                | '\u{feff}' // zero-width no-break space (a BOM inside text)
                | '\u{fff9}'..='\u{fffb}' // interlinear annotations
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_ids_are_path_safe() {
        assert_eq!(
            source_id_for("https://www.githubstatus.com/"),
            "www.githubstatus.com"
        );
        assert_eq!(
            source_id_for("http://127.0.0.1:8080/github"),
            "127.0.0.1-8080_github"
        );
        assert_eq!(source_id_for("https://x/../../etc"), "x_.._.._etc");
    }

    /// Ids already in stores do not change: what the inventories, catalog and tests use.
    #[test]
    fn ordinary_ids_are_unchanged() {
        for (url, id) in [
            ("https://www.githubstatus.com", "www.githubstatus.com"),
            ("https://status.openai.com/", "status.openai.com"),
            ("https://slack-status.com", "slack-status.com"),
            ("https://status.cloud.google.com", "status.cloud.google.com"),
            (
                "HTTPS://Status.Example.COM/Path/",
                "status.example.com_path",
            ),
            (
                "http://127.0.0.1:41234/statuspage",
                "127.0.0.1-41234_statuspage",
            ),
            ("https://example.com/status_page", "example.com_statuspage"),
        ] {
            assert_eq!(source_id_for(url), id, "{url}");
        }
    }

    fn assert_safe(id: &str, url: &str) {
        assert!(!id.is_empty(), "{url}: empty id");
        assert!(
            !id.starts_with(['.', '-', '_']),
            "{url}: `{id}` starts with a dot, dash or underscore"
        );
        assert!(id.len() <= 128, "{url}: `{id}` is {} bytes", id.len());
        assert!(
            id.bytes()
                .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_')),
            "{url}: `{id}` leaves the safe alphabet"
        );
    }

    #[test]
    fn odd_hosts_give_safe_distinct_ids() {
        let long = format!("https://{}.example/{}", "a".repeat(300), "b".repeat(5000));
        let urls = [
            "https://../hidden",
            "https://./hidden",
            "https://..",
            "https://.",
            "https://",
            "",
            "https://.hidden.example",
            "https://-dash.example",
            "https://_under.example",
            "https://статус.example",
            "https://stätus.example",
            "https://status.example:8443",
            "https://[::1]:8443/x",
            "https://user:secret@status.example",
            "https://@status.example",
            long.as_str(),
        ];
        let ids: Vec<String> = urls.iter().map(|u| source_id_for(u)).collect();
        for (id, url) in ids.iter().zip(urls) {
            assert_safe(id, url);
        }
        assert_eq!(
            ids[0],
            format!("hidden-{}", &ids[0][7..]),
            "the visible part is kept"
        );
        // Credentials never become part of a directory name.
        assert!(
            !ids[13].contains("secret") && !ids[13].contains("user"),
            "{}",
            ids[13]
        );
        assert!(ids[13].starts_with("status.example"), "{}", ids[13]);
        // Different URLs that lose different characters stay apart.
        assert_ne!(
            source_id_for("https://stätus.example"),
            source_id_for("https://stütus.example")
        );
        assert_ne!(
            source_id_for("https://../hidden"),
            source_id_for("https://hidden")
        );
        // The same URL always gives the same id (it names a directory of the store).
        assert_eq!(source_id_for("https://../hidden"), ids[0]);
    }

    #[test]
    fn sanitize_strips_escapes_and_controls() {
        let hostile = "ok\u{1b}[31mred\u{1b}[0m\u{1b}]0;title\u{7}\r\u{0}done\u{202e}";
        assert_eq!(sanitize_text(hostile), "okreddone");
        let invisible = "a\u{061c}b\u{200b}c\u{2066}d\u{feff}e\u{206a}f\u{fff9}g";
        assert_eq!(sanitize_text(invisible), "abcdefg");
        // Joiners are part of scripts and emoji.
        assert_eq!(
            sanitize_text("می\u{200c}خواهم 👩\u{200d}💻"),
            "می\u{200c}خواهم 👩\u{200d}💻"
        );
        assert_eq!(sanitize_text("line1\nline2"), "line1\nline2");
    }
}
