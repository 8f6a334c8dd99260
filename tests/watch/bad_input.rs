//! Bad input is exit 2 with a message, and nothing written: not even the store directory.

use std::process::Command;

use super::{PLANB, Temp};

fn watch(data: &Temp, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(PLANB)
        .arg("--data")
        .arg(&data.0)
        .arg("watch")
        .args(args)
        .output()
        .expect("run planb watch");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_flags_addresses_urls_and_inventories_are_refused_before_anything_is_written() {
    let inventory = Temp::new("inv.csv");
    std::fs::write(
        &inventory.0,
        "service,status_url,platform\nJira Software,http://127.0.0.1:9/jira,statuspage\n",
    )
    .expect("inventory");
    let inv = inventory.0.to_str().expect("utf-8 path");
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let busy = busy.local_addr().expect("addr").to_string();
    let missing = Temp::new("missing.csv");
    let broken = Temp::new("broken.csv");
    std::fs::write(
        &broken.0,
        "service,status_url,platform\nJira,http://127.0.0.1:9/j,statuspgae\n",
    )
    .expect("broken inventory");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--inventory", inv, "--listen", "nowhere"], "--listen"),
        (vec!["--inventory", inv, "--listen", &busy], "--listen"),
        (
            vec!["--inventory", inv, "--webhook", "ftp://127.0.0.1/x"],
            "only http and https",
        ),
        (
            vec!["--inventory", inv, "--webhook", "not a url"],
            "not a URL",
        ),
        (
            vec!["--inventory", inv, "--interval", "0s"],
            "between 1s and 24h",
        ),
        (
            vec!["--inventory", inv, "--interval", "soon"],
            "not a duration",
        ),
        (
            vec!["--inventory", missing.0.to_str().expect("path")],
            "cannot read",
        ),
        (
            vec!["--inventory", broken.0.to_str().expect("path")],
            "platform",
        ),
        (vec![], "--inventory"),
    ];
    for (args, expected) in cases {
        let data = Temp::new("bad");
        let (code, stderr) = watch(&data, &args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!data.0.exists(), "{args:?} wrote {}", data.0.display());
    }
}
