//! Markup out of the way: HTML tags and entities blanked to spaces of the same byte
//! length, so every byte offset in the plain text is the offset in the original and a
//! labelled field written as `<b>Start Time:</b> 14:05 UTC` reads as one line of words.

/// Tags that end a line (a paragraph, a list item, a table cell): a newline, then spaces.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "br",
    "li",
    "ul",
    "ol",
    "div",
    "tr",
    "td",
    "th",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "blockquote",
    "pre",
];

/// The longest tag or entity blanked: anything longer is left as text.
const MAX_TAG: usize = 300;
const MAX_ENTITY: usize = 10;

/// `text` with tags and entities replaced, byte for byte, by plain characters.
pub(crate) fn plain_text(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut i = 0;
    while i < bytes.len() {
        i = match bytes[i] {
            b'<' => blank_tag(&mut bytes, i),
            b'&' => blank_entity(&mut bytes, i),
            _ => i + 1,
        };
    }
    // Only whole characters were replaced, by ASCII: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// Blank the tag at `at` (if it is one); returns where scanning goes on.
fn blank_tag(bytes: &mut [u8], at: usize) -> usize {
    let name_from = at + 1 + usize::from(bytes.get(at + 1) == Some(&b'/'));
    if !bytes.get(name_from).is_some_and(u8::is_ascii_alphabetic) {
        return at + 1;
    }
    let Some(close) = bytes[at + 1..]
        .iter()
        .take(MAX_TAG)
        .position(|&b| b == b'>' || b == b'<')
        .map(|k| at + 1 + k)
        .filter(|&k| bytes[k] == b'>')
    else {
        return at + 1;
    };
    let name_len = bytes[name_from..close]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = String::from_utf8_lossy(&bytes[name_from..name_from + name_len]).to_lowercase();
    let block = BLOCK_TAGS.contains(&name.as_str());
    for b in &mut bytes[at..=close] {
        *b = b' ';
    }
    if block {
        bytes[at] = b'\n';
    }
    close + 1
}

/// Blank the entity at `at` (if it is one) to what it stands for, padded with spaces.
fn blank_entity(bytes: &mut [u8], at: usize) -> usize {
    let Some(end) = bytes[at + 1..]
        .iter()
        .take(MAX_ENTITY)
        .position(|&b| b == b';')
        .map(|k| at + 1 + k)
    else {
        return at + 1;
    };
    let name = &bytes[at + 1..end];
    if name.is_empty() || !name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'#') {
        return at + 1;
    }
    let stands_for = match name {
        b"amp" | b"#38" => b'&',
        b"quot" | b"#34" => b'"',
        b"apos" | b"#39" | b"rsquo" | b"lsquo" => b'\'',
        b"ndash" | b"mdash" | b"#8211" | b"#8212" => b'-',
        // Never `<` or `>`: a decoded bracket could look like a tag to a later reader.
        b"nbsp" | b"#160" | b"ensp" | b"emsp" | b"thinsp" | b"lt" | b"gt" => b' ',
        _ => return at + 1, // "AT&T;" is text
    };
    for b in &mut bytes[at..=end] {
        *b = b' ';
    }
    bytes[at] = stands_for;
    end + 1
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn tags_and_entities_keep_every_offset() {
        let text = "<p><b>Start Time:</b> 14:05&nbsp;UTC</p><li>é &amp; ü</li>";
        let plain = plain_text(text);
        assert_eq!(plain.len(), text.len());
        assert_eq!(plain.find("Start"), text.find("Start"));
        assert_eq!(plain.find("14:05"), text.find("14:05"));
        assert!(
            plain.contains("Start Time:     14:05      UTC"),
            "{plain:?}"
        );
        assert!(plain.starts_with('\n'), "a paragraph starts a line");
        assert!(plain.contains("é &     ü"), "{plain:?}");
    }

    #[test]
    fn text_that_only_looks_like_markup_stays() {
        for text in ["a < b and c > d", "5<6", "AT&T; x", "&", "<", "<b", "&#;"] {
            assert_eq!(plain_text(text), text);
        }
        assert_eq!(plain_text("x <3 y"), "x <3 y");
    }
}
