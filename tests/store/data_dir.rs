//! `--data` (or `PLANB_DATA`) that cannot be a store directory is bad input (exit 2),
//! said once, before anything is read or written.

use super::*;

#[test]
fn a_data_path_that_is_a_file_is_bad_input() {
    let dir = TempDir::new("data-file");
    let file = dir.join("not-a-dir");
    std::fs::write(&file, b"x").expect("write");
    let payload = fixture("statuspage/github-incidents-by-id/00km0kwpz23b.json");
    let payload = payload.to_str().expect("utf-8");
    for (data, args) in [
        (file.clone(), vec!["report"]),
        (file.clone(), vec!["import", payload]),
        (file.join("below"), vec!["report", "--format", "md"]),
    ] {
        let out = planb(&data, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&file.display().to_string())
                && stderr.contains("is a file")
                && stderr.contains("--data"),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
    assert_eq!(
        std::fs::read(&file).expect("read"),
        b"x",
        "the file is untouched"
    );
    // From the environment, the message names PLANB_DATA.
    let out = Command::new(PLANB)
        .args(["report", "--format", "md"])
        .env("PLANB_DATA", &file)
        .env("NO_COLOR", "1")
        .output()
        .expect("run planb");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("PLANB_DATA"), "{stderr}");
}
