//! The worked example: demo inventory + the fictional register.toml + the demo store →
//! a package whose every table, header, key, foreign key and code list is checked here
//! from the CSVs read back out of the zip, plus evidence.csv against the metrics.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use super::{demo_inventory, fixture_register, planb, text};

/// Table → its rows as column code → value.
pub(super) type Tables = BTreeMap<String, Vec<HashMap<String, String>>>;

/// Columns per table (ITS 2024/2956 as in the reference), written down here.
pub(super) const COLUMNS: [(&str, usize); 10] = [
    ("B_01.01", 6),
    ("B_02.01", 5),
    ("B_02.02", 18),
    ("B_03.01", 2),
    ("B_03.02", 3),
    ("B_04.01", 2),
    ("B_05.01", 12),
    ("B_05.02", 7),
    ("B_06.01", 10),
    ("B_07.01", 12),
];

/// Primary keys: every column non-empty, the combination unique.
pub(super) const KEYS: [(&str, &[&str]); 10] = [
    ("B_01.01", &["c0010"]),
    ("B_02.01", &["c0010"]),
    (
        "B_02.02",
        &[
            "c0010", "c0020", "c0030", "c0050", "c0060", "c0130", "c0150", "c0160",
        ],
    ),
    ("B_03.01", &["c0010", "c0020"]),
    ("B_03.02", &["c0010", "c0020"]),
    ("B_04.01", &["c0010", "c0020"]),
    ("B_05.01", &["c0010"]),
    ("B_05.02", &["c0010", "c0020", "c0030", "c0050"]),
    ("B_06.01", &["c0010"]),
    ("B_07.01", &["c0010", "c0020", "c0040"]),
];

/// (table, column) → (parent table, parent column); empty values are checked by KEYS.
pub(super) const FOREIGN: [(&str, &str, &str, &str); 14] = [
    ("B_02.02", "c0010", "B_02.01", "c0010"),
    ("B_02.02", "c0020", "B_01.01", "c0010"),
    ("B_02.02", "c0030", "B_05.01", "c0010"),
    ("B_02.02", "c0050", "B_06.01", "c0010"),
    ("B_03.01", "c0010", "B_02.01", "c0010"),
    ("B_03.02", "c0010", "B_02.01", "c0010"),
    ("B_03.02", "c0020", "B_05.01", "c0010"),
    ("B_04.01", "c0010", "B_02.01", "c0010"),
    ("B_05.02", "c0010", "B_02.01", "c0010"),
    ("B_05.02", "c0030", "B_05.01", "c0010"),
    ("B_05.02", "c0060", "B_05.01", "c0010"),
    ("B_06.01", "c0040", "B_01.01", "c0010"),
    ("B_07.01", "c0010", "B_02.01", "c0010"),
    ("B_07.01", "c0020", "B_05.01", "c0010"),
];

pub(super) struct Written {
    zip_name: String,
    files: BTreeMap<String, Vec<u8>>,
    pub(super) evidence: String,
    pub(super) out: std::path::PathBuf,
    pub(super) store: planb::store::Store,
}

/// Runs the real binary once for all tests of this module.
pub(super) fn written() -> &'static Written {
    static WRITTEN: std::sync::OnceLock<Written> = std::sync::OnceLock::new();
    WRITTEN.get_or_init(|| {
        let store =
            planb::demo::store(&super::cli::process_dir("register-demo")).expect("demo store");
        let out = super::cli::process_dir("register-out").join("package");
        let output = planb(
            &[
                "register",
                "--inventory",
                demo_inventory().to_str().expect("utf-8"),
                "--register",
                fixture_register().to_str().expect("utf-8"),
                "--out",
                out.to_str().expect("utf-8"),
                "--window",
                "all",
            ],
            Some(store.root()),
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}\n{}",
            text(&output.stdout),
            text(&output.stderr)
        );
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .expect("out dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names.len(),
            2,
            "the package and evidence.csv, nothing else: {names:?}"
        );
        assert_eq!(names[1], "evidence.csv");
        let zip_name = names[0].clone();
        let mut archive =
            zip::ZipArchive::new(std::fs::File::open(out.join(&zip_name)).expect("zip"))
                .expect("a zip the zip crate reads");
        let mut files = BTreeMap::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            // The zip crate checks each entry's CRC-32 as it reads to the end.
            entry
                .read_to_end(&mut bytes)
                .expect("entry inflates with a matching CRC");
            files.insert(entry.name().expect("utf-8 name").to_string(), bytes);
        }
        let evidence = std::fs::read_to_string(out.join("evidence.csv")).expect("evidence");
        Written {
            zip_name,
            files,
            evidence,
            out,
            store,
        }
    })
}

fn stem() -> String {
    written().zip_name.trim_end_matches(".zip").to_string()
}

pub(super) fn file(name: &str) -> String {
    let path = format!("{}/{name}", stem());
    String::from_utf8(
        written()
            .files
            .get(&path)
            .unwrap_or_else(|| panic!("{path} in the zip"))
            .clone(),
    )
    .expect("utf-8")
}

pub(super) fn read_csv(content: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(content.as_bytes());
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

pub(super) fn tables() -> Tables {
    COLUMNS
        .iter()
        .map(|(id, _)| {
            let (header, rows) =
                read_csv(&file(&format!("reports/{}.csv", id.to_ascii_lowercase())));
            let rows = rows
                .into_iter()
                .map(|r| header.iter().cloned().zip(r).collect())
                .collect();
            (id.to_string(), rows)
        })
        .collect()
}

/// The fictional register.toml, read with the toml crate: provider name → its table.
pub(super) fn fixture_providers() -> HashMap<String, toml::Table> {
    let text = std::fs::read_to_string(fixture_register()).expect("fixture");
    let value: toml::Table = toml::from_str(&text).expect("fixture parses");
    value["provider"]
        .as_array()
        .expect("providers")
        .iter()
        .map(|p| {
            let t = p.as_table().expect("table").clone();
            (t["name"].as_str().expect("name").to_string(), t)
        })
        .collect()
}

pub(super) fn code_of(name: &str) -> String {
    fixture_providers()[name]["code"]
        .as_str()
        .expect("code")
        .to_string()
}

#[test]
fn the_package_is_named_and_laid_out_as_an_xbrl_report_package() {
    let name = &written().zip_name;
    let prefix = "PLNB00FICTBANK000029.IND_DE_DORA010100_DORA_2025-12-31_";
    let stamp = name
        .strip_prefix(prefix)
        .and_then(|s| s.strip_suffix(".zip"))
        .unwrap_or_else(|| panic!("{name}"));
    assert!(
        stamp.len() == 17 && stamp.chars().all(|c| c.is_ascii_digit()),
        "yyyyMMddHHmmssSSS: {stamp}"
    );
    let mut expected: Vec<String> = [
        "META-INF/reportPackage.json",
        "reports/report.json",
        "reports/parameters.csv",
        "reports/FilingIndicators.csv",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(
        COLUMNS
            .iter()
            .map(|(id, _)| format!("reports/{}.csv", id.to_ascii_lowercase())),
    )
    .map(|f| format!("{}/{f}", stem()))
    .collect();
    expected.sort();
    let found: Vec<String> = written().files.keys().cloned().collect();
    assert_eq!(
        found, expected,
        "one top-level folder named after the package, nothing else"
    );

    let package: serde_json::Value =
        serde_json::from_str(&file("META-INF/reportPackage.json")).expect("json");
    assert_eq!(
        package["documentInfo"]["documentType"],
        "https://xbrl.org/report-package/2023"
    );
    let report: serde_json::Value =
        serde_json::from_str(&file("reports/report.json")).expect("json");
    assert_eq!(
        report["documentInfo"]["documentType"],
        "https://xbrl.org/2021/xbrl-csv"
    );
    assert_eq!(
        report["documentInfo"]["extends"][0],
        "http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/mod/dora.json",
        "EBA technical check 505 needs report.json with the DORA 4.0 entry point"
    );
    let (header, rows) = read_csv(&file("reports/parameters.csv"));
    assert_eq!(header, ["name", "value"]);
    let params: HashMap<String, String> = rows
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(params["entityID"], "rs:PLNB00FICTBANK000029.IND");
    assert_eq!(params["refPeriod"], "2025-12-31");
    assert_eq!(params["baseCurrency"], "iso4217:EUR");
    assert_eq!(params["decimalsInteger"], "0");
    assert_eq!(params["decimalsMonetary"], "-3");
}

#[test]
fn filing_indicators_match_the_tables_present() {
    let (header, rows) = read_csv(&file("reports/FilingIndicators.csv"));
    assert_eq!(header, ["templateID", "reported"]);
    assert_eq!(rows.len(), 15, "every template of the module");
    for row in rows {
        let present = written().files.contains_key(&format!(
            "{}/reports/{}.csv",
            stem(),
            row[0].to_ascii_lowercase()
        ));
        assert_eq!(row[1] == "true", present, "rule 808 for {}", row[0]);
        assert!(row[1] == "true" || row[1] == "false");
    }
}

/// The zip is written once and renamed into place: no temporary file is left behind.
#[test]
fn nothing_but_the_package_and_evidence_is_left() {
    let names: Vec<_> = std::fs::read_dir(&written().out)
        .expect("dir")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.to_string_lossy().starts_with(".tmp-")),
        "{names:?}"
    );
    assert!(
        Path::new(&written().out)
            .join(&written().zip_name)
            .is_file()
    );
}
