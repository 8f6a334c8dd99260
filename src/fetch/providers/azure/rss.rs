//! Reading an RSS 2.0 document into plain channel and item fields, and turning an
//! item's escaped-HTML description into text. Elements are matched by local name, so
//! namespaces and unknown elements do not matter; anything outside `channel` is ignored.

use quick_xml::Reader;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::Event;

use super::super::ParseError;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Channel {
    pub title: Option<String>,
    pub link: Option<String>,
    pub last_build_date: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Item {
    pub guid: Option<String>,
    pub title: Option<String>,
    pub link: Option<String>,
    pub description: Option<String>,
    pub pub_date: Option<String>,
    pub categories: Vec<String>,
}

/// Parse an RSS document. `Ok` needs an `<rss>` or `<channel>` element; a document that
/// is not well-formed XML is an error naming the byte offset.
pub fn read_channel(text: &str) -> Result<Channel, ParseError> {
    let mut reader = Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut buffer = String::new();
    let mut channel = Channel::default();
    let mut item: Option<Item> = None;
    let mut seen_rss = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ParseError::Xml(format!("at byte {}: {e}", reader.error_position())))?;
        match event {
            Event::Start(start) => {
                let name = local_name(start.local_name().as_ref());
                seen_rss |= name == "rss" || name == "channel";
                if name == "item" && in_channel(&path) {
                    item = Some(Item::default());
                }
                path.push(name);
                buffer.clear();
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let value = buffer.trim().to_string();
                buffer.clear();
                if name == "item" {
                    channel.items.extend(item.take());
                } else if let Some(open) = item.as_mut() {
                    set_item_field(open, &name, value);
                } else if in_channel(&path) {
                    set_channel_field(&mut channel, &name, value);
                }
            }
            Event::Text(text) => buffer.push_str(&text.xml10_content().unwrap_or_default()),
            Event::CData(data) => buffer.push_str(&String::from_utf8_lossy(&data)),
            Event::GeneralRef(reference) => {
                if let Ok(Some(ch)) = reference.resolve_char_ref() {
                    buffer.push(ch);
                } else {
                    let name = String::from_utf8_lossy(&reference);
                    buffer.push_str(resolve_xml_entity(&name).unwrap_or(""));
                }
            }
            Event::Eof if path.is_empty() => break,
            Event::Eof => {
                return Err(ParseError::Xml(format!(
                    "the document ends inside <{}> (truncated?)",
                    path.join("><")
                )));
            }
            _ => {}
        }
    }
    if !seen_rss {
        return Err(ParseError::Shape(
            "expected an RSS feed (an <rss> document with a <channel>)".to_string(),
        ));
    }
    Ok(channel)
}

fn local_name(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw).to_ascii_lowercase()
}

/// Directly inside `<channel>` (the path ends with it).
fn in_channel(path: &[String]) -> bool {
    path.last().is_some_and(|n| n == "channel")
}

fn set_channel_field(channel: &mut Channel, name: &str, value: String) {
    let value = Some(value).filter(|v| !v.is_empty());
    match name {
        "title" => channel.title = value,
        "link" => channel.link = value,
        "lastbuilddate" => channel.last_build_date = value,
        _ => {}
    }
}

fn set_item_field(item: &mut Item, name: &str, value: String) {
    if value.is_empty() {
        return;
    }
    match name {
        "guid" => item.guid = Some(value),
        "title" => item.title = Some(value),
        "link" => item.link = Some(value),
        "description" => item.description = Some(value),
        "pubdate" => item.pub_date = Some(value),
        "category" => item.categories.push(value),
        _ => {}
    }
}

/// An RSS date (RFC 822/2822). Azure writes the zone as a literal `Z`, which RFC 2822
/// parsers reject, so a trailing ` Z`/` UT` is read as `+0000` first.
pub fn parse_rss_date(text: &str) -> Option<crate::model::Timestamp> {
    let text = text.trim();
    let normalized = ["Z", "UT"]
        .iter()
        .find_map(|zone| text.strip_suffix(zone).filter(|s| s.ends_with(' ')))
        .map_or_else(|| text.to_string(), |head| format!("{head}+0000"));
    // A weekday that does not match the date fails RFC 2822 parsing; the date decides.
    let without_weekday = normalized
        .split_once(", ")
        .map_or(normalized.as_str(), |(_, d)| d);
    chrono::DateTime::parse_from_rfc2822(&normalized)
        .or_else(|_| chrono::DateTime::parse_from_rfc2822(without_weekday))
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// Plain text from an HTML fragment: tags dropped, block ends as line breaks, entities
/// decoded (the common named ones and numeric ones; others are kept as written).
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let opens_tag = rest[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if rest.starts_with('<') && !opens_tag {
            out.push('<');
            rest = &rest[1..];
        } else if rest.starts_with('<') {
            let Some(end) = rest.find('>') else {
                out.push_str(rest);
                rest = "";
                break;
            };
            let tag = rest[1..end].trim_start_matches('/').to_ascii_lowercase();
            let name = tag.split([' ', '/']).next().unwrap_or("");
            if matches!(
                name,
                "p" | "br" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4"
            ) && !out.ends_with('\n')
            {
                out.push('\n');
            }
            rest = &rest[end + 1..];
        } else {
            let end = rest[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
                .map(|n| n + 1);
            match end.filter(|&e| rest[e..].starts_with(';')) {
                Some(e) => {
                    match entity(&rest[1..e]) {
                        Some(ch) => out.push(ch),
                        None => out.push_str(&rest[..=e]),
                    }
                    rest = &rest[e + 1..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    let lines: Vec<&str> = out
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "rsquo" | "lsquo" => '\'',
        "ldquo" | "rdquo" => '"',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_fragments_become_text() {
        assert_eq!(
            html_to_text(
                "<p><strong>Impact statement: </strong>Starting at 16:10 UTC,&nbsp;customers&rsquo; apps</p><p>Next &amp; last &#8212; &#x41;&unknown; 5 < 6</p>"
            ),
            "Impact statement: Starting at 16:10 UTC, customers' apps\nNext & last — A&unknown; 5 < 6"
        );
        assert_eq!(html_to_text("plain text"), "plain text");
        assert_eq!(html_to_text("a & b"), "a & b");
    }

    #[test]
    fn rss_dates_with_a_literal_z() {
        let at = |t: &str| parse_rss_date(t).map(|t| t.to_rfc3339());
        assert_eq!(
            at("Wed, 07 Sep 2022 16:10:40 Z").as_deref(),
            Some("2022-09-07T16:10:40+00:00")
        );
        assert_eq!(
            at("Sat, 20 Jul 2024 12:59:45 GMT").as_deref(),
            Some("2024-07-20T12:59:45+00:00")
        );
        assert_eq!(
            at("Sat, 21 Jul 2024 18:11:00 Z").as_deref(),
            Some("2024-07-21T18:11:00+00:00"),
            "a wrong weekday does not lose the date"
        );
        assert_eq!(at("yesterday"), None);
    }

    #[test]
    fn channel_items_and_errors() {
        let feed = "<?xml version=\"1.0\"?><rss><channel><title>T</title><lastBuildDate>D</lastBuildDate>\
            <item><guid isPermaLink=\"false\">g</guid><category>A</category><category>B</category>\
            <title>x &amp; y</title><description>&lt;p&gt;hi&lt;/p&gt;</description></item>\
            <item><title><![CDATA[cdata <b>title</b>]]></title></item></channel></rss>";
        let channel = read_channel(feed).expect("parses");
        assert_eq!(channel.last_build_date.as_deref(), Some("D"));
        assert_eq!(channel.items.len(), 2);
        assert_eq!(channel.items[0].title.as_deref(), Some("x & y"));
        assert_eq!(channel.items[0].description.as_deref(), Some("<p>hi</p>"));
        assert_eq!(channel.items[0].categories, ["A", "B"]);
        assert_eq!(
            channel.items[1].title.as_deref(),
            Some("cdata <b>title</b>")
        );
        assert!(matches!(
            read_channel("<rss><channel><item>"),
            Err(ParseError::Xml(_))
        ));
        assert!(matches!(
            read_channel("<feed></feed>"),
            Err(ParseError::Shape(_))
        ));
        assert!(matches!(
            read_channel("<rss><channel></item></channel></rss>"),
            Err(ParseError::Xml(_))
        ));
    }
}
