//! Third-party text made safe: source ids usable as directory names, and vendor text
//! without control characters or escape sequences.

/// Stable identifier of a source, derived from its base URL: host (and path) slug.
pub fn source_id_for(base_url: &str) -> String {
    let without_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let trimmed = without_scheme.trim_end_matches('/');
    let mut id = String::with_capacity(trimmed.len());
    for ch in trimmed.chars() {
        match ch.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '.' | '-') => id.push(c),
            '/' => id.push('_'),
            ':' => id.push('-'),
            _ => {}
        }
    }
    // Never a name the file system treats specially ("", ".", "..").
    if id.chars().all(|c| c == '.') {
        format!("unnamed{id}").replace('.', "-")
    } else {
        id
    }
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

/// A control character or a bidirectional override: never shown as vendor text.
pub fn is_hidden_control(ch: char) -> bool {
    ch.is_control()
        || matches!(ch, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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

    #[test]
    fn sanitize_strips_escapes_and_controls() {
        let hostile = "ok\u{1b}[31mred\u{1b}[0m\u{1b}]0;title\u{7}\r\u{0}done\u{202e}";
        assert_eq!(sanitize_text(hostile), "okreddone");
        assert_eq!(sanitize_text("line1\nline2"), "line1\nline2");
    }
}
