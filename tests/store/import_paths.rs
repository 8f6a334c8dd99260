//! `planb import` given something that is neither a payload file nor a folder (a named
//! pipe, a socket, a device) says what it is and refuses it: no hang, nothing written.

use std::time::Instant;

use super::*;

/// `planb --data DATA ARGS`, killed if it has not finished within 30 s (a read from a
/// named pipe with no writer would block for ever).
fn planb_within_30s(data: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(PLANB)
        .arg("--data")
        .arg(data)
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run planb");
    let started = Instant::now();
    while child.try_wait().expect("poll").is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("planb {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[test]
fn a_named_pipe_is_refused_for_what_it_is() {
    let dir = TempDir::new("fifo");
    let data = dir.join("store");
    let pipe = dir.join("pipe.json");
    mkfifo(&pipe);
    let (code, stderr) = planb_within_30s(&data, &["import", pipe.to_str().expect("utf-8")]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("named pipe") && !stderr.contains("Not a directory"),
        "{stderr}"
    );
    // Inside a folder, beside a good payload: refused by name, and nothing is written.
    let folder = dir.join("payloads");
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::copy(
        fixture("statuspage/github-incidents-by-id/00km0kwpz23b.json"),
        folder.join("good.json"),
    )
    .expect("copy");
    mkfifo(&folder.join("stuck.json"));
    let (code, stderr) = planb_within_30s(&data, &["import", folder.to_str().expect("utf-8")]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("stuck.json") && stderr.contains("named pipe"),
        "{stderr}"
    );
    assert!(!data.join("manifest.json").exists(), "nothing was written");
}
