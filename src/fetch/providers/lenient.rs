//! Lenient readers for the round-2 providers: text in any Unicode encoding a vendor
//! sends (AWS serves UTF-16 with a byte-order mark), lists whose odd records are
//! skipped instead of failing the payload, and epoch timestamps in seconds or
//! milliseconds.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::de::{DeserializeOwned, Deserializer};
use serde_json::Value;

use super::ParseError;
use crate::model::Timestamp;

/// The body as UTF-8 bytes, decoded by its byte-order mark: UTF-16BE (`FE FF`),
/// UTF-16LE (`FF FE`) or UTF-8 (`EF BB BF`, stripped). Without a mark the body is
/// taken as UTF-8, as it is. Unpaired UTF-16 surrogates become U+FFFD.
pub fn decode_text(body: &[u8]) -> Cow<'_, [u8]> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        let units = rest.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        Cow::Owned(text.into_bytes())
    };
    if let Some(rest) = body.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)
    } else if let Some(rest) = body.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)
    } else {
        Cow::Borrowed(body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body))
    }
}

/// Parse a JSON body into a `Value`, naming HTML and syntax errors plainly.
pub fn json_value(body: &[u8]) -> Result<Value, ParseError> {
    serde_json::from_slice(body).map_err(|e| ParseError::from_json(e, body))
}

/// The records of a JSON array that read as `T`; the others are skipped (one odd record
/// must not cost the rest of the payload).
pub fn records<T: DeserializeOwned>(rows: Vec<Value>) -> Vec<T> {
    rows.into_iter()
        .filter_map(|row| serde_json::from_value(row).ok())
        .collect()
}

/// Serde helper for a list field: elements that do not read as `T` are skipped, and a
/// value that is not an array at all reads as an empty list.
pub fn lenient_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value: Value = serde::Deserialize::deserialize(deserializer)?;
    Ok(match value {
        Value::Array(rows) => records(rows),
        _ => Vec::new(),
    })
}

/// Serde helper for a nested object: a value that does not read as `T` is `None`
/// instead of failing the record around it.
pub fn lenient_opt<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value: Value = serde::Deserialize::deserialize(deserializer)?;
    Ok(serde_json::from_value(value).ok())
}

/// Seconds since 1970 below this are before 2001-09-09; milliseconds start above
/// `MIN_MILLIS`. The two ranges do not overlap, so the unit is never a guess.
const MIN_SECONDS: f64 = 1.0e9;
const MAX_SECONDS: f64 = 1.0e10;
const MIN_MILLIS: f64 = 1.0e12;
const MAX_MILLIS: f64 = 1.0e13;

/// An epoch timestamp written as a number or a string, in seconds or milliseconds
/// (told apart by magnitude); anything outside 2001–2286 is `None`.
pub fn epoch(text: &str) -> Option<Timestamp> {
    let value: f64 = text.trim().parse().ok()?;
    let millis = if (MIN_SECONDS..MAX_SECONDS).contains(&value) {
        value * 1000.0
    } else if (MIN_MILLIS..MAX_MILLIS).contains(&value) {
        value
    } else {
        return None;
    };
    DateTime::<Utc>::from_timestamp_millis(millis.round() as i64)
}

/// Serde helper for an epoch field (string or number); unreadable values are `None`.
pub fn opt_epoch<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    Ok(super::time::opt_string(d)?.as_deref().and_then(epoch))
}

/// A short stable hash (FNV-1a, 64 bits) for ids derived from text.
pub fn text_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_marks() {
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("[1,\"é\"]".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(&*decode_text(&be), "[1,\"é\"]".as_bytes());
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{}".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(&*decode_text(&le), b"{}");
        assert_eq!(&*decode_text(b"\xEF\xBB\xBF[]"), b"[]");
        assert_eq!(&*decode_text(b"[]"), b"[]");
        // An odd trailing byte and a lone surrogate do not panic.
        assert_eq!(
            &*decode_text(b"\xFE\xFF\xD8\x00\x00"),
            "\u{FFFD}".as_bytes()
        );
    }

    #[test]
    fn epochs_in_either_unit() {
        let at = |t: &str| epoch(t).map(|t| t.to_rfc3339());
        let want = Some("2026-03-01T12:51:25+00:00".to_string());
        assert_eq!(at("1772369485"), want);
        assert_eq!(at("1772369485000"), want);
        assert_eq!(at(" 1772369485 "), want);
        for bad in ["", "0", "-5", "12", "1e20", "soon", "NaN"] {
            assert_eq!(epoch(bad), None, "{bad}");
        }
    }

    #[test]
    fn odd_records_are_skipped() {
        #[derive(serde::Deserialize)]
        struct Row {
            id: u32,
        }
        let rows: Vec<Row> = records(vec![
            serde_json::json!({"id": 1}),
            serde_json::json!("garbage"),
            serde_json::json!({"id": "x"}),
            serde_json::json!({"id": 3}),
        ]);
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 3]);
    }
}
