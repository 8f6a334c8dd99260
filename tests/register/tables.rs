//! The tables read back from the package: headers, primary keys (805, 806), foreign
//! keys (807) both ways, every code list, and what planb filled in from its model.

use std::collections::HashSet;

use super::fixture_register;
use super::lei_ok;
use super::package::{
    COLUMNS, FOREIGN, KEYS, Tables, code_of, file, fixture_providers, read_csv, tables,
};

#[test]
fn every_table_has_its_headers_keys_and_parents() {
    let tables = tables();
    for (id, count) in COLUMNS {
        let (header, rows) = read_csv(&file(&format!("reports/{}.csv", id.to_ascii_lowercase())));
        let expected: Vec<String> = (1..=count).map(|i| format!("c{:04}", i * 10)).collect();
        assert_eq!(header, expected, "{id} headers");
        assert!(!rows.is_empty(), "{id} has rows");
        assert!(
            rows.iter().all(|r| r.len() == count),
            "{id}: every row has {count} cells"
        );
    }
    for (id, key) in KEYS {
        let mut seen = HashSet::new();
        for row in &tables[id] {
            let values: Vec<&str> = key.iter().map(|c| row[*c].as_str()).collect();
            assert!(
                values.iter().all(|v| !v.is_empty()),
                "805 in {id}: {values:?}"
            );
            assert!(seen.insert(values.clone()), "806 in {id}: {values:?}");
        }
    }
    for (table, column, parent, parent_column) in FOREIGN {
        let parents: HashSet<&str> = tables[parent]
            .iter()
            .map(|r| r[parent_column].as_str())
            .collect();
        for row in &tables[table] {
            let value = row[column].as_str();
            assert!(
                value.is_empty() || parents.contains(value),
                "807: {table}.{column} `{value}` not in {parent}"
            );
        }
    }
    // And the other way: no contract without its signing, provider and use rows, no
    // provider nobody refers to.
    let contracts: HashSet<&str> = tables["B_02.01"]
        .iter()
        .map(|r| r["c0010"].as_str())
        .collect();
    for (table, column) in [
        ("B_02.02", "c0010"),
        ("B_03.01", "c0010"),
        ("B_03.02", "c0010"),
        ("B_04.01", "c0010"),
        ("B_05.02", "c0010"),
    ] {
        let used: HashSet<&str> = tables[table].iter().map(|r| r[column].as_str()).collect();
        assert_eq!(used, contracts, "{table} covers every contract");
    }
    let referred: HashSet<&str> = tables["B_05.02"]
        .iter()
        .map(|r| r["c0030"].as_str())
        .collect();
    for row in &tables["B_05.01"] {
        assert!(
            referred.contains(row["c0010"].as_str()),
            "provider {} is in the supply chain",
            row["c0010"]
        );
    }
}

fn one_of(value: &str, allowed: &[&str], what: &str) {
    assert!(
        allowed.contains(&value),
        "{what}: `{value}` not in {allowed:?}"
    );
}

fn is_date(value: &str) -> bool {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok() && value.len() == 10
}

fn country(value: &str, what: &str) {
    let code = value
        .strip_prefix("eba_GA:")
        .unwrap_or_else(|| panic!("{what}: `{value}` is not an eba_GA member"));
    assert!(
        code == "qx2007" || ["AU", "DE", "IE", "US"].contains(&code),
        "{what}: `{value}`"
    );
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
        one_of(
            &row["c0020"],
            &["eba_CO:x1", "eba_CO:x2", "eba_CO:x3"],
            "contract type",
        );
        one_of(&row["c0040"], &["eba_CU:EUR"], "currency");
        assert!(
            row["c0050"].parse::<f64>().is_ok_and(|v| v >= 0.0),
            "amount {}",
            row["c0050"]
        );
    }
    for row in &tables["B_02.02"] {
        assert!(lei_ok(&row["c0020"]));
        one_of(&row["c0060"], &service_types, "B_02.02 service type");
        assert!(
            is_date(&row["c0070"]) && is_date(&row["c0080"]),
            "dates {} {}",
            row["c0070"],
            row["c0080"]
        );
        for c in ["c0120", "c0130", "c0150", "c0160"] {
            country(&row[c], &format!("B_02.02 {c}"));
        }
        one_of(&row["c0140"], &["true", "false"], "storage of data");
        one_of(
            &row["c0180"],
            &["eba_ZZ:x794", "eba_ZZ:x795", "eba_ZZ:x796", "eba_ZZ:x797"],
            "reliance",
        );
        assert!(row["c0100"].parse::<u32>().is_ok() && row["c0110"].parse::<u32>().is_ok());
    }
    for row in &tables["B_05.01"] {
        match row["c0020"].as_str() {
            "LEI" => assert!(
                lei_ok(&row["c0010"]),
                "LEI check digits of {}",
                row["c0010"]
            ),
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
        assert_eq!(
            row["c0060"].is_empty(),
            row["c0050"] == "1",
            "only rank 2 has a recipient"
        );
    }
    for row in &tables["B_06.01"] {
        assert!(
            row["c0010"].starts_with('F'),
            "function id {}",
            row["c0010"]
        );
        assert!(row["c0020"].starts_with("eba_TA:x"));
        one_of(&row["c0050"], &bt, "criticality");
        one_of(&row["c0100"], &impact, "impact");
        assert!(is_date(&row["c0070"]));
        assert!(row["c0080"].parse::<f64>().is_ok() && row["c0090"].parse::<f64>().is_ok());
    }
    for row in &tables["B_07.01"] {
        one_of(&row["c0040"], &service_types, "B_07.01 service type");
        one_of(
            &row["c0050"],
            &["eba_ZZ:x959", "eba_ZZ:x960", "eba_ZZ:x961", "eba_ZZ:x962"],
            "substitutability",
        );
        one_of(
            &row["c0060"],
            &["", "eba_ZZ:x963", "eba_ZZ:x964", "eba_ZZ:x965"],
            "reason",
        );
        one_of(&row["c0100"], &impact, "impact");
        one_of(&row["c0110"], &bt, "alternatives identified");
        assert_eq!(
            row["c0110"] == "eba_BT:x28",
            !row["c0120"].is_empty(),
            "alternatives named when identified"
        );
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
    assert_eq!(
        chain("Atlassian"),
        [
            (atlassian.clone(), "1".into(), String::new()),
            (aws.clone(), "2".into(), atlassian)
        ],
        "Jira & co run on AWS (stated)"
    );
    let mongodb = code_of("MongoDB");
    assert_eq!(
        chain("MongoDB"),
        [
            (mongodb.clone(), "1".into(), String::new()),
            (aws.clone(), "2".into(), mongodb)
        ],
        "runs_on = AWS in the inventory"
    );
    assert_eq!(
        chain("Okta").len(),
        1,
        "Okta's AWS hosting is unconfirmed: no rank-2 row"
    );

    let providers = fixture_providers();
    let amazon_parent = providers["Amazon"]["parent_code"].as_str().expect("parent");
    let aws_row = tables["B_05.01"]
        .iter()
        .find(|r| r["c0010"] == aws)
        .expect("AWS in B_05.01");
    assert_eq!(
        aws_row["c0110"], amazon_parent,
        "AWS's ultimate parent is Amazon's, from planb's host owner"
    );
    let atlassian_row = tables["B_05.01"]
        .iter()
        .find(|r| r["c0010"] == code_of("Atlassian"))
        .expect("row");
    assert_eq!(
        atlassian_row["c0110"],
        providers["Atlassian"]["parent_code"]
            .as_str()
            .expect("parent")
    );
    let text = std::fs::read_to_string(fixture_register()).expect("fixture");
    let fixture: toml::Table = toml::from_str(&text).expect("fixture parses");
    let cost = fixture["contract"]
        .as_array()
        .expect("contracts")
        .iter()
        .find(|c| c["provider"].as_str() == Some("Atlassian"))
        .and_then(|c| c["annual_cost"].as_integer())
        .expect("Atlassian's contract cost");
    assert_eq!(
        atlassian_row["c0100"],
        cost.to_string(),
        "the sum of its contracts' annual costs"
    );

    assert_eq!(tables["B_06.01"].len(), 25, "one function per capability");
    let function = |name: &str| {
        tables["B_06.01"]
            .iter()
            .find(|r| r["c0030"] == name)
            .expect("function")
            .clone()
    };
    assert_eq!(function("ticketing")["c0050"], "eba_BT:x28");
    assert_eq!(
        function("ticketing")["c0100"],
        "eba_ZZ:x793",
        "critical: high impact"
    );
    assert_eq!(function("design")["c0050"], "eba_BT:x29");

    let reliance = |provider: &str, function_name: &str| {
        let (code, id) = (code_of(provider), function(function_name)["c0010"].clone());
        tables["B_02.02"]
            .iter()
            .find(|r| r["c0030"] == code && r["c0050"] == id)
            .expect("use")["c0180"]
            .clone()
    };
    assert_eq!(
        reliance("Atlassian", "ticketing"),
        "eba_ZZ:x797",
        "no fallback: full reliance"
    );
    assert_eq!(
        reliance("Atlassian", "documentation"),
        "eba_ZZ:x796",
        "manual: material"
    );
    assert_eq!(
        reliance("Microsoft", "ci/cd"),
        "eba_ZZ:x795",
        "Bitbucket (another vendor) takes over: low"
    );
    assert_eq!(
        reliance("Twilio", "messaging/sms"),
        "eba_ZZ:x797",
        "SendGrid is Twilio too: full"
    );

    let assessment = |provider: &str| {
        let code = code_of(provider);
        tables["B_07.01"]
            .iter()
            .find(|r| r["c0020"] == code)
            .expect("assessment")
            .clone()
    };
    assert_eq!(assessment("Microsoft")["c0050"], "eba_ZZ:x962");
    assert_eq!(assessment("Microsoft")["c0120"], "Bitbucket Cloud");
    assert_eq!(assessment("Twilio")["c0050"], "eba_ZZ:x961");
    assert!(assessment("Twilio")["c0120"].contains("SendGrid"));
    assert_eq!(assessment("Stripe")["c0050"], "eba_ZZ:x960");
    assert_eq!(assessment("Stripe")["c0060"], "eba_ZZ:x963");
    assert_eq!(
        assessment("Snowflake")["c0040"],
        "eba_TA:S18",
        "service_type in the contract"
    );
    assert_eq!(
        assessment("Amazon")["c0040"],
        "eba_TA:S17",
        "cloud infrastructure: IaaS"
    );
}
