//! Unit tests of `table`.

use super::*;
use crate::inventory::table_toml::read_toml;

#[test]
fn toml_positions_are_line_and_character_column() {
    let positions = Positions::new("ab\ncdé\nf");
    assert_eq!(positions.at(0), (1, 1));
    assert_eq!(positions.at(3), (2, 1));
    assert_eq!(positions.at(7), (2, 4));
    assert_eq!(positions.at(8), (3, 1));
    assert_eq!(positions.at(999), (3, 2));
}

#[test]
fn csv_headers_are_normalized_and_cells_positioned() {
    let table = read_csv(
        Path::new("x.csv"),
        "Service,Status URL,runs-on\r\nGitHub,,\"AWS;GCP\"\r\n",
    )
    .expect("reads");
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["service", "status_url", "runs_on"]);
    let mut row = table.rows[0].clone();
    assert_eq!((row.line, row.cells.iter().flatten().count()), (2, 2));
    assert_eq!(
        row.take(table.index("runs_on")),
        Some(Cell {
            value: "AWS;GCP".into(),
            line: 2,
            column: 3
        })
    );
}

#[test]
fn toml_arrays_join_and_wrong_shapes_fail() {
    let table = read_toml(
        Path::new("x.toml"),
        "[[service]]\nservice = \"Zoom\"\nruns_on = [\"AWS\", \"GCP\"]\n",
    )
    .expect("reads");
    let cell = table.rows[0]
        .clone()
        .take(table.index("runs_on"))
        .expect("runs_on");
    assert_eq!((cell.value.as_str(), cell.line), ("AWS;GCP", 3));
    let err = read_toml(Path::new("x.toml"), "service = \"Zoom\"\n").expect_err("not tables");
    assert!(
        err[0].message.contains("array of tables") && err[0].line == 1,
        "{err:?}"
    );
    let err = read_toml(
        Path::new("x.toml"),
        "[[service]]\nservice = \"Zoom\"\nruns_on = { a = 1 }\n",
    )
    .expect_err("inline table");
    assert_eq!(
        (err[0].line, err[0].column, err[0].field.as_str()),
        (3, Some(11), "runs_on"),
        "{err:?}"
    );
}
