//! The worked example: demo inventory + the fictional register.toml + the demo store →
//! a package whose every table, header, key, foreign key and code list is checked here
//! from the CSVs read back out of the zip, plus evidence.csv against the metrics.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use super::{demo_inventory, fixture_register, lei_ok, planb, temp_dir, text};

/// Table → its rows as column code → value.
type Tables = BTreeMap<String, Vec<HashMap<String, String>>>;

/// Columns per table (ITS 2024/2956 as in the reference), written down here.
const COLUMNS: [(&str, usize); 10] = [
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
const KEYS: [(&str, &[&str]); 10] = [
    ("B_01.01", &["c0010"]),
    ("B_02.01", &["c0010"]),
    ("B_02.02", &["c0010", "c0020", "c0030", "c0050", "c0060", "c0130", "c0150", "c0160"]),
    ("B_03.01", &["c0010", "c0020"]),
    ("B_03.02", &["c0010", "c0020"]),
    ("B_04.01", &["c0010", "c0020"]),
    ("B_05.01", &["c0010"]),
    ("B_05.02", &["c0010", "c0020", "c0030", "c0050"]),
    ("B_06.01", &["c0010"]),
    ("B_07.01", &["c0010", "c0020", "c0040"]),
];

/// (table, column) → (parent table, parent column); empty values are checked by KEYS.
const FOREIGN: [(&str, &str, &str, &str); 14] = [
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

struct Written {
    zip_name: String,
    files: BTreeMap<String, Vec<u8>>,
    evidence: String,
    out: std::path::PathBuf,
    store: planb::store::Store,
}

/// Runs the real binary once for all tests of this module.
fn written() -> &'static Written {
    static WRITTEN: std::sync::OnceLock<Written> = std::sync::OnceLock::new();
    WRITTEN.get_or_init(|| {
        let store = planb::demo::store(&temp_dir("store")).expect("demo store");
        let out = temp_dir("out").join("package");
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
        assert_eq!(output.status.code(), Some(0), "{}\n{}", text(&output.stdout), text(&output.stderr));
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .expect("out dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.len(), 2, "the package and evidence.csv, nothing else: {names:?}");
        assert_eq!(names[1], "evidence.csv");
        let zip_name = names[0].clone();
        let mut archive = zip::ZipArchive::new(std::fs::File::open(out.join(&zip_name)).expect("zip"))
            .expect("a zip the zip crate reads");
        let mut files = BTreeMap::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            // The zip crate checks each entry's CRC-32 as it reads to the end.
            entry.read_to_end(&mut bytes).expect("entry inflates with a matching CRC");
            files.insert(entry.name().expect("utf-8 name").to_string(), bytes);
        }
        let evidence = std::fs::read_to_string(out.join("evidence.csv")).expect("evidence");
        Written { zip_name, files, evidence, out, store }
    })
}

fn stem() -> String {
    written().zip_name.trim_end_matches(".zip").to_string()
}

fn file(name: &str) -> String {
    let path = format!("{}/{name}", stem());
    String::from_utf8(written().files.get(&path).unwrap_or_else(|| panic!("{path} in the zip")).clone())
        .expect("utf-8")
}

fn read_csv(content: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(content.as_bytes());
    let header = reader.headers().expect("header").iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.expect("record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn tables() -> Tables {
    COLUMNS
        .iter()
        .map(|(id, _)| {
            let (header, rows) = read_csv(&file(&format!("reports/{}.csv", id.to_ascii_lowercase())));
            let rows = rows
                .into_iter()
                .map(|r| header.iter().cloned().zip(r).collect())
                .collect();
            (id.to_string(), rows)
        })
        .collect()
}

/// The fictional register.toml, read with the toml crate: provider name → its table.
fn fixture_providers() -> HashMap<String, toml::Table> {
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

fn code_of(name: &str) -> String {
    fixture_providers()[name]["code"].as_str().expect("code").to_string()
}

#[test]
fn the_package_is_named_and_laid_out_as_an_xbrl_report_package() {
    let name = &written().zip_name;
    let prefix = "PLNB00FICTBANK000029.IND_DE_DORA010100_DORA_2025-12-31_";
    let stamp = name.strip_prefix(prefix).and_then(|s| s.strip_suffix(".zip")).unwrap_or_else(|| panic!("{name}"));
    assert!(stamp.len() == 17 && stamp.chars().all(|c| c.is_ascii_digit()), "yyyyMMddHHmmssSSS: {stamp}");
    let mut expected: Vec<String> = ["META-INF/reportPackage.json", "reports/report.json", "reports/parameters.csv", "reports/FilingIndicators.csv"]
        .iter()
        .map(|s| s.to_string())
        .chain(COLUMNS.iter().map(|(id, _)| format!("reports/{}.csv", id.to_ascii_lowercase())))
        .map(|f| format!("{}/{f}", stem()))
        .collect();
    expected.sort();
    let found: Vec<String> = written().files.keys().cloned().collect();
    assert_eq!(found, expected, "one top-level folder named after the package, nothing else");

    let package: serde_json::Value = serde_json::from_str(&file("META-INF/reportPackage.json")).expect("json");
    assert_eq!(package["documentInfo"]["documentType"], "https://xbrl.org/report-package/2023");
    let report: serde_json::Value = serde_json::from_str(&file("reports/report.json")).expect("json");
    assert_eq!(report["documentInfo"]["documentType"], "https://xbrl.org/2021/xbrl-csv");
    assert_eq!(
        report["documentInfo"]["extends"][0],
        "http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/mod/dora.json",
        "EBA technical check 505 needs report.json with the DORA 4.0 entry point"
    );
    let (header, rows) = read_csv(&file("reports/parameters.csv"));
    assert_eq!(header, ["name", "value"]);
    let params: HashMap<String, String> = rows.into_iter().map(|r| (r[0].clone(), r[1].clone())).collect();
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
        let present = written()
            .files
            .contains_key(&format!("{}/reports/{}.csv", stem(), row[0].to_ascii_lowercase()));
        assert_eq!(row[1] == "true", present, "rule 808 for {}", row[0]);
        assert!(row[1] == "true" || row[1] == "false");
    }
}

#[test]
fn every_table_has_its_headers_keys_and_parents() {
    let tables = tables();
    for (id, count) in COLUMNS {
        let (header, rows) = read_csv(&file(&format!("reports/{}.csv", id.to_ascii_lowercase())));
        let expected: Vec<String> = (1..=count).map(|i| format!("c{:04}", i * 10)).collect();
        assert_eq!(header, expected, "{id} headers");
        assert!(!rows.is_empty(), "{id} has rows");
        assert!(rows.iter().all(|r| r.len() == count), "{id}: every row has {count} cells");
    }
    for (id, key) in KEYS {
        let mut seen = HashSet::new();
        for row in &tables[id] {
            let values: Vec<&str> = key.iter().map(|c| row[*c].as_str()).collect();
            assert!(values.iter().all(|v| !v.is_empty()), "805 in {id}: {values:?}");
            assert!(seen.insert(values.clone()), "806 in {id}: {values:?}");
        }
    }
    for (table, column, parent, parent_column) in FOREIGN {
        let parents: HashSet<&str> = tables[parent].iter().map(|r| r[parent_column].as_str()).collect();
        for row in &tables[table] {
            let value = row[column].as_str();
            assert!(value.is_empty() || parents.contains(value), "807: {table}.{column} `{value}` not in {parent}");
        }
    }
    // And the other way: no contract without its signing, provider and use rows, no
    // provider nobody refers to.
    let contracts: HashSet<&str> = tables["B_02.01"].iter().map(|r| r["c0010"].as_str()).collect();
    for (table, column) in [("B_02.02", "c0010"), ("B_03.01", "c0010"), ("B_03.02", "c0010"), ("B_04.01", "c0010"), ("B_05.02", "c0010")] {
        let used: HashSet<&str> = tables[table].iter().map(|r| r[column].as_str()).collect();
        assert_eq!(used, contracts, "{table} covers every contract");
    }
    let referred: HashSet<&str> = tables["B_05.02"].iter().map(|r| r["c0030"].as_str()).collect();
    for row in &tables["B_05.01"] {
        assert!(referred.contains(row["c0010"].as_str()), "provider {} is in the supply chain", row["c0010"]);
    }
}

fn one_of(value: &str, allowed: &[&str], what: &str) {
    assert!(allowed.contains(&value), "{what}: `{value}` not in {allowed:?}");
}

fn is_date(value: &str) -> bool {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok() && value.len() == 10
}

fn country(value: &str, what: &str) {
    let code = value.strip_prefix("eba_GA:").unwrap_or_else(|| panic!("{what}: `{value}` is not an eba_GA member"));
    assert!(code == "qx2007" || ["AU", "DE", "IE", "US"].contains(&code), "{what}: `{value}`");
}

#[test]
fn every_cell_is_from_its_code_list() {
    let tables = tables();
    let bt = ["eba_BT:x28", "eba_BT:x29", "eba_BT:x21"];
    let impact = ["eba_ZZ:x791", "eba_ZZ:x792", "eba_ZZ:x793", "eba_ZZ:x799"];
    let service_types: Vec<String> = (1..=19).map(|i| format!("eba_TA:S{i:02}")).collect();
    let service_types: Vec<&str> = service_types.iter().map(String::as_str).collect();
    let entity = &tables["B_01.01"][0];
    assert!(lei_ok(&entity["c0010"]));
    country(&entity["c0030"], "B_01.01 c0030");
    assert!(entity["c0040"].starts_with("eba_CT:x"));
    assert!(is_date(&entity["c0060"]));
    for row in &tables["B_02.01"] {
        one_of(&row["c0020"], &["eba_CO:x1", "eba_CO:x2", "eba_CO:x3"], "contract type");
        one_of(&row["c0040"], &["eba_CU:EUR"], "currency");
        assert!(row["c0050"].parse::<f64>().is_ok_and(|v| v >= 0.0), "amount {}", row["c0050"]);
    }
    for row in &tables["B_02.02"] {
        assert!(lei_ok(&row["c0020"]));
        one_of(&row["c0060"], &service_types, "B_02.02 service type");
        assert!(is_date(&row["c0070"]) && is_date(&row["c0080"]), "dates {} {}", row["c0070"], row["c0080"]);
        for c in ["c0120", "c0130", "c0150", "c0160"] {
            country(&row[c], &format!("B_02.02 {c}"));
        }
        one_of(&row["c0140"], &["true", "false"], "storage of data");
        one_of(&row["c0180"], &["eba_ZZ:x794", "eba_ZZ:x795", "eba_ZZ:x796", "eba_ZZ:x797"], "reliance");
        assert!(row["c0100"].parse::<u32>().is_ok() && row["c0110"].parse::<u32>().is_ok());
    }
    for row in &tables["B_05.01"] {
        match row["c0020"].as_str() {
            "LEI" => assert!(lei_ok(&row["c0010"]), "LEI check digits of {}", row["c0010"]),
            other => one_of(other, &["US_CRN"], "code type"),
        }
        one_of(&row["c0070"], &["eba_CT:x212"], "type of person");
        country(&row["c0080"], "B_05.01 c0080");
        one_of(&row["c0090"], &["eba_CU:EUR"], "currency");
        if !row["c0110"].is_empty() {
            assert_eq!(row["c0120"], "LEI");
            assert!(lei_ok(&row["c0110"]), "parent LEI {}", row["c0110"]);
        }
    }
    for row in &tables["B_05.02"] {
        one_of(&row["c0020"], &service_types, "B_05.02 service type");
        one_of(&row["c0050"], &["1", "2"], "rank");
        assert_eq!(row["c0060"].is_empty(), row["c0050"] == "1", "only rank 2 has a recipient");
    }
    for row in &tables["B_06.01"] {
        assert!(row["c0010"].starts_with('F'), "function id {}", row["c0010"]);
        assert!(row["c0020"].starts_with("eba_TA:x"));
        one_of(&row["c0050"], &bt, "criticality");
        one_of(&row["c0100"], &impact, "impact");
        assert!(is_date(&row["c0070"]));
        assert!(row["c0080"].parse::<f64>().is_ok() && row["c0090"].parse::<f64>().is_ok());
    }
    for row in &tables["B_07.01"] {
        one_of(&row["c0040"], &service_types, "B_07.01 service type");
        one_of(&row["c0050"], &["eba_ZZ:x959", "eba_ZZ:x960", "eba_ZZ:x961", "eba_ZZ:x962"], "substitutability");
        one_of(&row["c0060"], &["", "eba_ZZ:x963", "eba_ZZ:x964", "eba_ZZ:x965"], "reason");
        one_of(&row["c0100"], &impact, "impact");
        one_of(&row["c0110"], &bt, "alternatives identified");
        assert_eq!(row["c0110"] == "eba_BT:x28", !row["c0120"].is_empty(), "alternatives named when identified");
    }
}

fn contract_of(tables: &Tables, provider: &str) -> String {
    let code = code_of(provider);
    tables["B_03.02"]
        .iter()
        .find(|r| r["c0020"] == code)
        .map(|r| r["c0010"].clone())
        .unwrap_or_else(|| panic!("a contract with {provider}"))
}

#[test]
fn planb_fills_parents_supply_chains_criticality_and_substitutability() {
    let tables = tables();
    let chain = |provider: &str| -> Vec<(String, String, String)> {
        let contract = contract_of(&tables, provider);
        tables["B_05.02"]
            .iter()
            .filter(|r| r["c0010"] == contract)
            .map(|r| (r["c0030"].clone(), r["c0050"].clone(), r["c0060"].clone()))
            .collect()
    };
    let (atlassian, aws) = (code_of("Atlassian"), code_of("AWS"));
    assert_eq!(chain("Atlassian"), [(atlassian.clone(), "1".into(), String::new()), (aws.clone(), "2".into(), atlassian)], "Jira & co run on AWS (stated)");
    let mongodb = code_of("MongoDB");
    assert_eq!(chain("MongoDB"), [(mongodb.clone(), "1".into(), String::new()), (aws.clone(), "2".into(), mongodb)], "runs_on = AWS in the inventory");
    assert_eq!(chain("Okta").len(), 1, "Okta's AWS hosting is unconfirmed: no rank-2 row");

    let providers = fixture_providers();
    let amazon_parent = providers["Amazon"]["parent_code"].as_str().expect("parent");
    let aws_row = tables["B_05.01"].iter().find(|r| r["c0010"] == aws).expect("AWS in B_05.01");
    assert_eq!(aws_row["c0110"], amazon_parent, "AWS's ultimate parent is Amazon's, from planb's host owner");
    let atlassian_row = tables["B_05.01"].iter().find(|r| r["c0010"] == code_of("Atlassian")).expect("row");
    assert_eq!(atlassian_row["c0110"], providers["Atlassian"]["parent_code"].as_str().expect("parent"));
    let text = std::fs::read_to_string(fixture_register()).expect("fixture");
    let fixture: toml::Table = toml::from_str(&text).expect("fixture parses");
    let cost = fixture["contract"]
        .as_array()
        .expect("contracts")
        .iter()
        .find(|c| c["provider"].as_str() == Some("Atlassian"))
        .and_then(|c| c["annual_cost"].as_integer())
        .expect("Atlassian's contract cost");
    assert_eq!(atlassian_row["c0100"], cost.to_string(), "the sum of its contracts' annual costs");

    assert_eq!(tables["B_06.01"].len(), 25, "one function per capability");
    let function = |name: &str| tables["B_06.01"].iter().find(|r| r["c0030"] == name).expect("function").clone();
    assert_eq!(function("ticketing")["c0050"], "eba_BT:x28");
    assert_eq!(function("ticketing")["c0100"], "eba_ZZ:x793", "critical: high impact");
    assert_eq!(function("design")["c0050"], "eba_BT:x29");

    let reliance = |provider: &str, function_name: &str| {
        let (code, id) = (code_of(provider), function(function_name)["c0010"].clone());
        tables["B_02.02"].iter().find(|r| r["c0030"] == code && r["c0050"] == id).expect("use")["c0180"].clone()
    };
    assert_eq!(reliance("Atlassian", "ticketing"), "eba_ZZ:x797", "no fallback: full reliance");
    assert_eq!(reliance("Atlassian", "documentation"), "eba_ZZ:x796", "manual: material");
    assert_eq!(reliance("Microsoft", "ci/cd"), "eba_ZZ:x795", "Bitbucket (another vendor) takes over: low");
    assert_eq!(reliance("Twilio", "messaging/sms"), "eba_ZZ:x797", "SendGrid is Twilio too: full");

    let assessment = |provider: &str| {
        let code = code_of(provider);
        tables["B_07.01"].iter().find(|r| r["c0020"] == code).expect("assessment").clone()
    };
    assert_eq!(assessment("Microsoft")["c0050"], "eba_ZZ:x962");
    assert_eq!(assessment("Microsoft")["c0120"], "Bitbucket Cloud");
    assert_eq!(assessment("Twilio")["c0050"], "eba_ZZ:x961");
    assert!(assessment("Twilio")["c0120"].contains("SendGrid"));
    assert_eq!(assessment("Stripe")["c0050"], "eba_ZZ:x960");
    assert_eq!(assessment("Stripe")["c0060"], "eba_ZZ:x963");
    assert_eq!(assessment("Snowflake")["c0040"], "eba_TA:S18", "service_type in the contract");
    assert_eq!(assessment("Amazon")["c0040"], "eba_TA:S17", "cloud infrastructure: IaaS");
}

#[test]
fn evidence_has_the_metrics_where_the_store_has_them_and_empty_cells_elsewhere() {
    let w = written();
    let (header, rows) = read_csv(&w.evidence);
    assert_eq!(header.len(), 18);
    assert_eq!(rows.len(), 25, "one row per inventory use");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}"));
    let github = rows.iter().find(|r| r[col("service")] == "GitHub").expect("GitHub");
    // The same metrics the library computes over the same store.
    let inventory = planb::inventory::load(&demo_inventory()).expect("inventory");
    let manifest = w.store.manifest().expect("manifest");
    let labels = planb::metrics::source_labels(&manifest, Some(&inventory));
    let only: Vec<String> = inventory.sources().into_iter().map(|s| s.source_id).collect();
    let report = planb::metrics::communication(&w.store, &labels, Some(&only), planb::metrics::Window::All, chrono::Utc::now(), planb::metrics::IncidentRows::Skip).expect("metrics");
    let microsoft = report.vendors.iter().find(|v| v.key == "Microsoft").expect("Microsoft stats");
    let p90_hours: f64 = github[col("ttr_p90_hours")].parse().expect("a number");
    assert!((p90_hours - microsoft.ttr_min.p90.expect("p90") / 60.0).abs() < 0.006);
    let p90_ttfc: f64 = github[col("ttfc_p90_min")].parse().expect("a number");
    assert!((p90_ttfc - microsoft.ttfc_min.p90.expect("p90")).abs() < 0.006);
    assert_eq!(github[col("ttr_n")], microsoft.ttr_min.n.to_string());
    assert_eq!(github[col("ctpp")], "Microsoft Ireland Operations (operates host Azure)");

    let jira = rows.iter().find(|r| r[col("service")] == "Jira Software").expect("Jira");
    for metric in ["incidents", "ttfc_n", "ttfc_p90_min", "ttr_n", "ttr_p90_hours", "ttr_p90_exceeds_function_rto"] {
        assert_eq!(jira[col(metric)], "", "no stored history for Atlassian: {metric} unknown, not 0");
    }
    assert!(jira[col("note")].contains("no stored status history"), "{}", jira[col("note")]);
    assert_eq!((jira[col("published_rto_hours")].as_str(), jira[col("function_rto_hours")].as_str()), ("6", "4"));
    assert_eq!(jira[col("published_rto_exceeds_function_rto")], "yes", "Atlassian publishes 6 h, the function needs 4 h");
    assert_eq!(jira[col("ctpp")], "Amazon Web Services EMEA (operates host AWS)");
    let okta = rows.iter().find(|r| r[col("service")] == "Okta").expect("Okta");
    assert!(okta[col("ctpp")].contains("hosting unconfirmed"), "{}", okta[col("ctpp")]);
    assert!(!w.out.join("problems.txt").exists(), "problems.txt only for a draft");
}

/// The zip is written once and renamed into place: no temporary file is left behind.
#[test]
fn nothing_but_the_package_and_evidence_is_left() {
    let names: Vec<_> = std::fs::read_dir(&written().out).expect("dir").map(|e| e.expect("e").file_name()).collect();
    assert!(names.iter().all(|n| !n.to_string_lossy().starts_with(".tmp-")), "{names:?}");
    assert!(Path::new(&written().out).join(&written().zip_name).is_file());
}
