//! A minimal zip writer (PKWARE APPNOTE 6.3): deflated entries with CRC-32, a central
//! directory and its end record, UTF-8 names. Enough for an xBRL report package; no
//! zip64, so it refuses more than 65,535 entries or 4 GiB.

use std::io::Write;

use flate2::Compression;
use flate2::write::DeflateEncoder;

/// One file of the archive.
pub struct Entry {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// DOS date and time of an entry (local fields of the zip format, 2-second precision).
#[derive(Debug, Clone, Copy)]
pub struct DosTime {
    pub time: u16,
    pub date: u16,
}

impl DosTime {
    pub fn from(t: chrono::NaiveDateTime) -> Self {
        use chrono::{Datelike, Timelike};
        let year = t.year().clamp(1980, 2107) as u16;
        Self {
            time: ((t.hour() as u16) << 11) | ((t.minute() as u16) << 5) | (t.second() as u16 / 2),
            date: ((year - 1980) << 9) | ((t.month() as u16) << 5) | t.day() as u16,
        }
    }
}

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
/// Version 2.0: deflate.
const VERSION: u16 = 20;
/// General-purpose flag bit 11: names are UTF-8.
const UTF8_NAMES: u16 = 1 << 11;
const DEFLATE: u16 = 8;

/// The archive's bytes.
pub fn write(entries: &[Entry], when: DosTime) -> std::io::Result<Vec<u8>> {
    let too_big = |what: &str| std::io::Error::other(format!("zip without zip64: {what}"));
    let count = u16::try_from(entries.len()).map_err(|_| too_big("over 65,535 entries"))?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(&entry.bytes)?;
        let compressed = encoder.finish()?;
        let mut crc = flate2::Crc::new();
        crc.update(&entry.bytes);
        let offset = u32::try_from(out.len()).map_err(|_| too_big("over 4 GiB"))?;
        let size = u32::try_from(entry.bytes.len()).map_err(|_| too_big("an entry over 4 GiB"))?;
        let packed = u32::try_from(compressed.len()).map_err(|_| too_big("an entry over 4 GiB"))?;
        let name = entry.name.as_bytes();
        let name_len =
            u16::try_from(name.len()).map_err(|_| too_big("a name over 65,535 bytes"))?;
        // Fields shared by the local and the central header, from "version needed" on.
        let mut common = Vec::with_capacity(26);
        for v in [VERSION, UTF8_NAMES, DEFLATE, when.time, when.date] {
            common.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc.sum(), packed, size] {
            common.extend_from_slice(&v.to_le_bytes());
        }
        common.extend_from_slice(&name_len.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // extra field length

        out.extend_from_slice(&LOCAL_HEADER.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(name);
        out.extend_from_slice(&compressed);

        central.extend_from_slice(&CENTRAL_HEADER.to_le_bytes());
        central.extend_from_slice(&VERSION.to_le_bytes()); // version made by
        central.extend_from_slice(&common);
        for v in [0u16, 0, 0] {
            // comment length, disk number start, internal attributes
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let central_offset = u32::try_from(out.len()).map_err(|_| too_big("over 4 GiB"))?;
    let central_size = u32::try_from(central.len()).map_err(|_| too_big("over 4 GiB"))?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&END_OF_CENTRAL_DIRECTORY.to_le_bytes());
    for v in [0u16, 0, count, count] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dos_time_packs_fields() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 1, 31)
            .and_then(|d| d.and_hms_opt(13, 45, 58))
            .expect("time");
        let dos = DosTime::from(t);
        assert_eq!(dos.date, (46 << 9) | (1 << 5) | 31);
        assert_eq!(dos.time, (13 << 11) | (45 << 5) | 29);
    }

    #[test]
    fn archive_ends_with_its_directory() {
        let entries = [Entry {
            name: "a/b.csv".into(),
            bytes: b"c0010\nx\n".to_vec(),
        }];
        let bytes = write(&entries, DosTime { time: 0, date: 33 }).expect("zip");
        assert_eq!(&bytes[..4], &LOCAL_HEADER.to_le_bytes());
        let end = &bytes[bytes.len() - 22..];
        assert_eq!(&end[..4], &END_OF_CENTRAL_DIRECTORY.to_le_bytes());
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 1);
    }
}
