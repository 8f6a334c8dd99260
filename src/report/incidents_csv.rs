//! `incidents.csv`: one row per incident, a million of them in a big store. Blocks of rows
//! are formatted on every core into byte buffers (no per-cell allocation) while this
//! thread writes the finished blocks in order, so formatting and writing overlap.
//! Cells follow `cells`: RFC 3339 UTC with `Z`, float minutes, empty for null, formulas
//! neutralized; quoting as the `csv` crate does (only fields with `,`, `"`, CR or LF).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use super::ReportError;
use super::cells::{flag, push_digits, push_number, push_time, rfc3339_millis, text_cow};
use crate::metrics::{IncidentRef, IncidentTable};
use crate::model::Timestamp;

pub const HEADER: &[&str] = &[
    "source_id",
    "vendor",
    "service",
    "incident_id",
    "title",
    "impact",
    "first_impact",
    "max_impact",
    "status",
    "created_at",
    "first_update_at",
    "resolved_at",
    "impact_start",
    "start_basis",
    "ttfc_min",
    "longest_silence_min",
    "ttr_min",
    "updates",
    "postmortem",
    "postmortem_delay_min",
    "retroactive",
    "backfilled",
    "promises_made",
    "promises_kept",
    "url",
    "closed_after",
    "closed_before",
];

/// Rows per block: big enough to amortize the hand-off, small enough to bound memory.
const BLOCK_ROWS: usize = 16_384;

pub fn write(table: &IncidentTable, out: &mut dyn std::io::Write) -> Result<(), ReportError> {
    let io = |e: std::io::Error| ReportError::Encode(e.to_string());
    let mut header = Line::new();
    for name in HEADER {
        header.text(name);
    }
    header.end();
    out.write_all(&header.bytes).map_err(io)?;

    let blocks = table.len().div_ceil(BLOCK_ROWS);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(blocks.max(1));
    let next_block = AtomicUsize::new(0);
    // Bounded: workers run at most a few blocks ahead of the writer. Written buffers go
    // back to the workers: fresh 5 MB buffers would each be new pages from the kernel.
    let (done, finished) = mpsc::sync_channel::<(usize, Vec<u8>)>(workers * 2);
    let (recycle, recycled) = mpsc::channel::<Vec<u8>>();
    let recycled = std::sync::Mutex::new(recycled);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let done = done.clone();
            let (next_block, recycled) = (&next_block, &recycled);
            scope.spawn(move || {
                let mut line = Line::new();
                loop {
                    let block = next_block.fetch_add(1, Ordering::Relaxed);
                    if block >= blocks {
                        break;
                    }
                    let start = block * BLOCK_ROWS;
                    let end = (start + BLOCK_ROWS).min(table.len());
                    let reused = recycled.lock().ok().and_then(|r| r.try_recv().ok());
                    line.bytes = reused.unwrap_or_default();
                    line.bytes.clear();
                    for i in start..end {
                        line.row(&table.row(i));
                    }
                    // The writer hung up (it failed): stop quietly, it reports the error.
                    if done.send((block, std::mem::take(&mut line.bytes))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        // Blocks arrive in any order; write them in order.
        let mut waiting: BTreeMap<usize, Vec<u8>> = BTreeMap::new();
        let mut next = 0;
        for (block, bytes) in finished.iter() {
            waiting.insert(block, bytes);
            while let Some(bytes) = waiting.remove(&next) {
                out.write_all(&bytes).map_err(io)?;
                let _ = recycle.send(bytes);
                next += 1;
            }
        }
        Ok(())
    })
}

/// One CSV line being built, field by field.
struct Line {
    bytes: Vec<u8>,
    /// No field written yet on this line (no comma before the next one).
    at_start: bool,
    scratch: String,
    /// The source, vendor and service cells of the previous row, and the names they are
    /// of: rows come grouped by source, so most rows reuse them as they are.
    source_cells: Vec<u8>,
    source_names: [String; 3],
}

impl Line {
    fn new() -> Self {
        Self {
            bytes: Vec::new(),
            at_start: true,
            scratch: String::new(),
            source_cells: Vec::new(),
            source_names: Default::default(),
        }
    }

    /// The source id, vendor and service cells, formatted once per source.
    fn source(&mut self, names: [&str; 3]) {
        if self.source_names == names {
            self.bytes.extend_from_slice(&self.source_cells);
            self.at_start = false;
            return;
        }
        let start = self.bytes.len();
        for name in names {
            self.text(name);
        }
        self.source_cells.clear();
        self.source_cells.extend_from_slice(&self.bytes[start..]);
        for (kept, name) in self.source_names.iter_mut().zip(names) {
            name.clone_into(kept);
        }
    }

    fn separator(&mut self) {
        if !std::mem::replace(&mut self.at_start, false) {
            self.bytes.push(b',');
        }
    }

    fn end(&mut self) {
        self.bytes.extend_from_slice(b"\r\n");
        self.at_start = true;
    }

    /// A raw field, quoted only when it must be.
    fn field(&mut self, value: &str) {
        self.separator();
        if value
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
        {
            self.bytes.push(b'"');
            for b in value.bytes() {
                if b == b'"' {
                    self.bytes.push(b'"');
                }
                self.bytes.push(b);
            }
            self.bytes.push(b'"');
        } else {
            self.bytes.extend_from_slice(value.as_bytes());
        }
    }

    /// Text from vendors or users: neutralized first (see `cells::text`).
    fn text(&mut self, value: &str) {
        // Most cells are printable ASCII with nothing to neutralize or quote: one pass,
        // without an early exit, so the compiler is free to vectorize it.
        let plain = value.bytes().fold(true, |plain, b| {
            plain & (b' '..=b'~').contains(&b) & (b != b',') & (b != b'"')
        });
        if plain && !value.starts_with(['=', '+', '-', '@']) {
            self.separator();
            self.bytes.extend_from_slice(value.as_bytes());
            return;
        }
        let clean = text_cow(value);
        self.field(&clean);
    }

    fn time(&mut self, value: Option<Timestamp>) {
        match value.and_then(|at| rfc3339_millis(at.timestamp_millis())) {
            Some(text) => {
                self.separator();
                self.bytes.extend_from_slice(&text);
            }
            None => {
                self.scratch.clear();
                push_time(&mut self.scratch, value);
                self.raw_scratch();
            }
        }
    }

    fn number(&mut self, value: Option<f64>) {
        self.scratch.clear();
        push_number(&mut self.scratch, value);
        self.raw_scratch();
    }

    /// The scratch cell, which never needs quoting (times and numbers).
    fn raw_scratch(&mut self) {
        self.separator();
        self.bytes.extend_from_slice(self.scratch.as_bytes());
    }

    fn count(&mut self, value: u32) {
        self.scratch.clear();
        push_digits(&mut self.scratch, u64::from(value));
        self.raw_scratch();
    }

    fn flag(&mut self, value: bool) {
        self.field(flag(value));
    }

    fn row(&mut self, r: &IncidentRef) {
        self.at_start = true;
        self.source([r.source_id, r.vendor, r.service]);
        for value in [
            r.incident_id,
            r.title,
            r.impact,
            r.first_impact,
            r.max_impact,
            r.status,
        ] {
            self.text(value);
        }
        for at in [
            Some(r.created_at),
            r.first_update_at,
            r.resolved_at,
            r.impact_start,
        ] {
            self.time(at);
        }
        self.field(r.start_basis.as_str());
        for value in [r.ttfc_min, r.longest_silence_min, r.ttr_min] {
            self.number(value);
        }
        self.count(r.updates);
        self.flag(r.postmortem);
        self.number(r.postmortem_delay_min);
        self.flag(r.retroactive);
        self.flag(r.backfilled);
        self.count(r.promises_made);
        self.count(r.promises_kept);
        self.text(r.url.unwrap_or(""));
        self.time(r.closed_after);
        self.time(r.closed_before);
        self.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::StartBasis;

    fn incident<'a>(source_id: &'a str, vendor: &'a str, title: &'a str) -> IncidentRef<'a> {
        IncidentRef {
            source_id,
            vendor,
            service: "Git",
            incident_id: "i1",
            title,
            impact: "minor",
            first_impact: "minor",
            max_impact: "major",
            status: "resolved",
            created_at: Timestamp::from_timestamp_millis(1_714_000_000_123).unwrap_or_default(),
            first_update_at: None,
            resolved_at: None,
            impact_start: None,
            start_basis: StartBasis::None,
            ttfc_min: Some(1.5),
            longest_silence_min: None,
            ttr_min: Some(60.0),
            updates: 3,
            postmortem: false,
            postmortem_delay_min: None,
            retroactive: true,
            backfilled: false,
            promises_made: 0,
            promises_kept: 0,
            url: Some("https://x.test/i1"),
            closed_after: None,
            closed_before: None,
        }
    }

    #[test]
    fn rows_reuse_source_cells_only_while_the_source_stays_the_same() {
        let mut line = Line::new();
        for row in [
            incident("a", "Vendor, Inc.", "=cmd"),
            incident("a", "Vendor, Inc.", "plain"),
            incident("b", "B", "x"),
            incident("a", "Vendor, Inc.", "y"),
        ] {
            line.row(&row);
        }
        let text = String::from_utf8(line.bytes).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        let rest = "minor,minor,major,resolved,2024-04-24T23:06:40.123Z,,,,none,1.5,,60,3,false,,true,false,0,0,https://x.test/i1,,";
        assert_eq!(lines[0], format!("a,\"Vendor, Inc.\",Git,i1,'=cmd,{rest}"));
        assert_eq!(lines[1], format!("a,\"Vendor, Inc.\",Git,i1,plain,{rest}"));
        assert_eq!(lines[2], format!("b,B,Git,i1,x,{rest}"));
        assert_eq!(lines[3], format!("a,\"Vendor, Inc.\",Git,i1,y,{rest}"));
    }
}
