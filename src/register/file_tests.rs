//! register.toml parsing: lines of values, absent keys, unknown keys, bad TOML.

use super::*;

#[test]
fn values_carry_their_lines() {
    let text = "[entity]\nlei = \"X\"\nref_date = 2025-12-31\n\n[[function]]\nid = \"F1\"\nrto_hours = 4\n\n[[provider]]\nname = \"AWS\"\n\n[[function]]\nid = \"F2\"\n";
    let file = parse(Path::new("r.toml"), text).expect("parses");
    let entity = file.entity.expect("entity");
    assert_eq!((entity.line, entity.lei.line), (1, 2));
    assert_eq!(entity.ref_date.value(), "2025-12-31");
    assert_eq!(file.functions.len(), 2, "arrays of tables may be split");
    assert_eq!((file.functions[0].line, file.functions[0].id.line), (5, 6));
    assert_eq!(file.functions[0].rto_hours.value(), "4");
    assert_eq!(file.functions[1].id.line, 13);
    assert_eq!(file.providers[0].line, 9);
    let absent = &file.functions[1].rto_hours;
    assert!(!absent.given && absent.line == 12 && absent.is_empty());
}

#[test]
fn unknown_keys_and_bad_toml_name_their_line() {
    let problems = parse(
        Path::new("r.toml"),
        "[[provider]]\nname = \"A\"\ncod = \"X\"\n",
    )
    .expect_err("unknown key");
    assert_eq!(problems[0].fix.line, 3, "{}", problems[0]);
    assert!(problems[0].message.contains("cod"), "{}", problems[0]);
    let problems =
        parse(Path::new("r.toml"), "[entity]\nlei = \"X\nname = 1\n").expect_err("bad string");
    assert_eq!(problems[0].fix.line, 2, "{}", problems[0]);
}
