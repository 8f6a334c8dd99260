//! `report.json`: the same tables as the CSV files, nested, for programs.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use super::{ReportError, write_streamed};
use crate::metrics::exposure::ExposureReport;
use crate::metrics::{CommunicationReport, WEIGHTING_POLICY};
use crate::model::is_hidden_control;

pub fn write(
    report: &CommunicationReport,
    exposure: Option<&ExposureReport>,
    dir: &Path,
) -> Result<PathBuf, ReportError> {
    let concentration: Vec<_> = exposure
        .map(|e| {
            e.concentration.iter().map(|c| serde_json::json!({
        "level": c.level.as_str(), "hhi": c.hhi, "n_eff": c.n_eff, "band": c.band.as_str(),
        "top_entity": c.top_entity, "top_share": c.top_share, "unknown_share": c.unknown_share,
    })).collect()
        })
        .unwrap_or_default();
    let exposure_rows: Vec<_> = exposure.map(|e| e.rows.iter().map(|r| serde_json::json!({
        "line": r.line, "service": r.service, "capability": r.capability, "criticality": r.criticality.as_str(),
        "vendor": r.vendor, "hosts": r.hosts_label(), "weight": r.weight, "fallback": r.fallback.label(),
        "spof": r.spof, "correlated_with": r.correlated_label(),
    })).collect()).unwrap_or_default();
    // Serialized straight to the file: a million incident rows never become a value tree.
    #[derive(Serialize)]
    struct Document<'a> {
        weighting_policy: &'static str,
        communication: &'a CommunicationReport,
        exposure: Vec<serde_json::Value>,
        concentration: Vec<serde_json::Value>,
    }
    let document = Document {
        weighting_policy: WEIGHTING_POLICY,
        communication: report,
        exposure: exposure_rows,
        concentration,
    };
    write_streamed(dir, "report.json", |out| {
        // A concrete buffer in front of the `dyn` sink: serde writes a few bytes at a
        // time, and each went through a virtual call.
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
        let mut serializer =
            serde_json::Serializer::with_formatter(&mut buffered, SafeFormatter::default());
        document
            .serialize(&mut serializer)
            .map_err(|e| ReportError::Encode(e.to_string()))?;
        std::io::Write::flush(&mut buffered).map_err(|e| ReportError::Encode(e.to_string()))
    })
}

/// Pretty JSON whose strings never carry a raw control, bidirectional or invisible format
/// character (`is_hidden_control`): each is written as a `\uXXXX` escape, so the value
/// stays exact (an id still matches the vendor's) while no viewer of the file reorders or
/// hides text because of it. serde_json escapes only C0 controls itself.
#[derive(Default)]
struct SafeFormatter(PrettyFormatter<'static>);

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // Printable ASCII, nearly every fragment, needs no look at its characters.
        if fragment.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (at, ch) in fragment.char_indices() {
            if is_hidden_control(ch) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                // Every hidden control is in the Basic Multilingual Plane: one escape.
                write!(writer, "\\u{:04x}", ch as u32)?;
                start = at + ch.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_escaped_and_the_value_kept() {
        let value = serde_json::json!({"id\u{202e}": ["a\u{202e}b\u{200b}c\u{7f}d é\n"]});
        let mut out = Vec::new();
        let mut serializer =
            serde_json::Serializer::with_formatter(&mut out, SafeFormatter::default());
        value.serialize(&mut serializer).expect("serialize");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            !text.chars().any(|c| is_hidden_control(c) && c != '\n'),
            "{text}"
        );
        assert!(text.contains("a\\u202eb\\u200bc\\u007fd é\\n"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back, value);
        // Same layout as serde_json's pretty printer.
        assert_eq!(
            text,
            serde_json::to_string_pretty(&value)
                .expect("pretty")
                .replace('\u{202e}', "\\u202e")
                .replace('\u{200b}', "\\u200b")
                .replace('\u{7f}', "\\u007f")
        );
    }
}
