//! Crash safety: a writer killed at random points never loses what the store held.

use super::*;

/// A payload folder that forces a rewrite of the GitHub source: 300 real incidents with
/// `updated_at` moved forward and one extra update each.
fn rewrite_payload(dir: &Path, round: usize) {
    let source = fixture("statuspage/github-incidents-by-id");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&source)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    std::fs::create_dir_all(dir).expect("payload dir");
    for path in files.iter().skip((round * 97) % 900).take(300) {
        let mut doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).expect("read")).expect("json");
        let stamp = format!("2030-01-01T00:{:02}:00.000Z", round % 60);
        let incident = &mut doc["incident"];
        incident["updated_at"] = stamp.clone().into();
        if let Some(updates) = incident["incident_updates"].as_array_mut() {
            updates.insert(0, serde_json::json!({"id": format!("crash{round}"), "status": "resolved", "body": "round", "created_at": stamp, "display_at": stamp, "updated_at": stamp}));
        }
        std::fs::write(
            dir.join(path.file_name().expect("name")),
            serde_json::to_vec(&doc).expect("json"),
        )
        .expect("write");
    }
}

#[test]
fn killing_a_writer_at_random_points_never_loses_incidents() {
    let data = TempDir::new("crash");
    let seed = [
        fixture("statuspage/github-incidents-by-id"),
        fixture("google-cloud/gcp-incidents-20250320T1848Z.json"),
    ];
    let out = planb(
        &data,
        &[
            "import",
            seed[0].to_str().expect("utf-8"),
            seed[1].to_str().expect("utf-8"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::at(&data);
    let mut held = ids_by_source(&store);
    assert_eq!(held["www.githubstatus.com"].len(), 1282);

    // Time a full run once, then kill runs at random points inside that span.
    let payload = data.with_extension("payload");
    rewrite_payload(&payload.join("0"), 0);
    let started = std::time::Instant::now();
    assert!(
        planb(
            &data,
            &["import", payload.join("0").to_str().expect("utf-8")]
        )
        .status
        .success()
    );
    let span = started.elapsed().max(Duration::from_millis(200));
    held = ids_by_source(&store);

    let rounds = 30;
    let mut killed = 0;
    for round in 1..=rounds {
        let dir = payload.join(round.to_string());
        rewrite_payload(&dir, round);
        let mut child = Command::new(PLANB)
            .arg("--data")
            .arg(&data)
            .args(["import", dir.to_str().expect("utf-8")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn writer");
        std::thread::sleep(span.mul_f64(fastrand::f64() * 1.1));
        if child.try_wait().expect("poll child").is_none() {
            killed += 1;
        }
        let _ = child.kill();
        let _ = child.wait();

        // Readers open the store as the killed writer left it.
        store.manifest().expect("manifest always parses");
        let now = ids_by_source(&store);
        for (source, ids) in &held {
            let kept = now
                .get(source)
                .unwrap_or_else(|| panic!("round {round}: source {source} vanished"));
            let lost: Vec<_> = ids.difference(kept).collect();
            assert!(lost.is_empty(), "round {round}: {source} lost {lost:?}");
        }
        held = now;
    }
    assert!(
        killed >= rounds / 3,
        "only {killed} of {rounds} runs were killed mid-way: the test did not test"
    );

    // The next writer recovers and cleans up after the crashes.
    drop(store.writer().expect("lock is free after the writer died"));
    let leftovers = recovery::staging_entries(&data);
    assert!(
        leftovers.is_empty(),
        "leftovers after recovery: {leftovers:?}"
    );
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&payload);
}
