//! The xBRL-CSV report package: `<LEI>.<IND|CON>_<CC>_DORA010100_DORA_<ref-date>_<time>.zip`
//! holding one top-level folder with `META-INF/reportPackage.json`, `reports/report.json`,
//! `reports/parameters.csv`, `reports/FilingIndicators.csv` and one CSV per table.
//! Assembled in memory, checked (rule 808), then written with temp file + rename.

pub mod zip;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::file::Entity;
use super::preflight;
use super::problem::{Fix, Problem};
use super::tables::Table;
use super::tables::schema::{ALL_TEMPLATES, WRITTEN};
use crate::store::atomic;

/// The EBA taxonomy module planb writes (DORA 4.0).
pub const MODULE: &str = "DORA010100";
const REPORT_PACKAGE: &str = "https://xbrl.org/report-package/2023";
const XBRL_CSV: &str = "https://xbrl.org/2021/xbrl-csv";
const ENTRY_POINT: &str = "http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/mod/dora.json";

/// The package's file name; `DRAFT-` in front for a draft. Missing parts are spelt out
/// (`NO-LEI`) rather than invented, and only a draft can have them.
pub fn file_name(entity: &Entity, created: DateTime<Utc>, draft: bool) -> String {
    let part = |value: &str, missing: &str| {
        if value.is_empty() {
            missing.to_string()
        } else {
            value.to_string()
        }
    };
    let scope = if entity.consolidated.value() == "true" {
        "CON"
    } else {
        "IND"
    };
    format!(
        "{}{}.{scope}_{}_{MODULE}_DORA_{}_{}.zip",
        if draft { "DRAFT-" } else { "" },
        part(entity.lei.value(), "NO-LEI"),
        part(entity.country.value(), "NO-COUNTRY"),
        part(entity.ref_date.value(), "NO-REF-DATE"),
        created.format("%Y%m%d%H%M%S%3f"),
    )
}

/// The archive's files under the top-level folder `stem`, and any rule-808 problem.
pub fn entries(
    tables: &[Table],
    entity: &Entity,
    stem: &str,
    register: &Path,
) -> (Vec<zip::Entry>, Vec<Problem>) {
    let scope = if entity.consolidated.value() == "true" {
        "CON"
    } else {
        "IND"
    };
    let json = |value: serde_json::Value| {
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    };
    let mut files = vec![
        (
            "META-INF/reportPackage.json".to_string(),
            json(serde_json::json!({ "documentInfo": { "documentType": REPORT_PACKAGE } })),
        ),
        (
            "reports/report.json".to_string(),
            json(serde_json::json!({
                "documentInfo": { "documentType": XBRL_CSV, "extends": [ENTRY_POINT] }
            })),
        ),
        (
            "reports/parameters.csv".to_string(),
            csv(
                &["name", "value"],
                &[
                    vec![
                        "entityID".into(),
                        format!("rs:{}.{scope}", entity.lei.value()),
                    ],
                    vec!["refPeriod".into(), entity.ref_date.value().to_string()],
                    vec![
                        "baseCurrency".into(),
                        format!("iso4217:{}", entity.currency.value()),
                    ],
                    vec!["decimalsInteger".into(), "0".into()],
                    vec!["decimalsMonetary".into(), "-3".into()],
                ],
            ),
        ),
    ];
    let indicators: Vec<(String, bool)> = ALL_TEMPLATES
        .iter()
        .map(|t| (t.to_string(), WRITTEN.iter().any(|s| s.id == *t)))
        .collect();
    let indicator_rows: Vec<Vec<String>> = indicators
        .iter()
        .map(|(t, reported)| vec![t.clone(), reported.to_string()])
        .collect();
    files.push((
        "reports/FilingIndicators.csv".into(),
        csv(&["templateID", "reported"], &indicator_rows),
    ));
    let mut table_files = Vec::new();
    for table in tables {
        let header: Vec<&str> = table.schema.columns.iter().map(|c| c.code).collect();
        let rows: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.value.clone()).collect())
            .collect();
        table_files.push(table.schema.file_name());
        files.push((
            format!("reports/{}", table.schema.file_name()),
            csv(&header, &rows),
        ));
    }
    let fix = Fix {
        file: register.to_path_buf(),
        line: 0,
        action: "a planb bug: please report it".into(),
    };
    let problems = preflight::check_indicators(&indicators, &table_files, &fix);
    let entries = files
        .into_iter()
        .map(|(name, bytes)| zip::Entry {
            name: format!("{stem}/{name}"),
            bytes,
        })
        .collect();
    (entries, problems)
}

fn csv(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail; an empty file would fail the checks that read it.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row);
    }
    writer.into_inner().unwrap_or_default()
}

/// Writes each file into `dir` (created if missing) with temp file + rename, so a
/// reader never sees half a package.
pub fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    files
        .iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            atomic::write_file(&path, bytes).map(|()| path)
        })
        .collect()
}
