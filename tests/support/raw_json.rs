//! Raw slices of captured JSON: the byte range of a top-level member's value, so lists
//! assembled from captured objects carry the vendor's exact text.

use std::ops::Range;

/// Byte range of the raw value of top-level member `key` in the JSON object `text`, so
/// assembled lists carry the vendor's exact text (key order, number formatting).
pub(super) fn raw_member(text: &str, key: &str) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let ws = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let mut i = ws(0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = ws(i);
        let kend = value_end(b, i)?;
        let k: String = serde_json::from_str(text.get(i..kend)?).ok()?;
        i = ws(kend);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let vstart = ws(i + 1);
        let vend = value_end(b, vstart)?;
        if k == key {
            return Some(vstart..vend);
        }
        i = ws(vend);
        if b.get(i) != Some(&b',') {
            return None;
        }
        i += 1;
    }
}

/// End (exclusive) of the JSON value starting at `start`: strings and nesting aware.
fn value_end(b: &[u8], start: usize) -> Option<usize> {
    let (mut depth, mut in_str, mut esc) = (0usize, false, false);
    for (j, &c) in b.iter().enumerate().skip(start) {
        if in_str {
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == b'"' {
                in_str = false;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' | b',' if depth == 0 => return (j > start).then_some(j),
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            c if depth == 0 && c.is_ascii_whitespace() => return (j > start).then_some(j),
            _ => {}
        }
    }
    (depth == 0 && !in_str && b.len() > start).then_some(b.len())
}
