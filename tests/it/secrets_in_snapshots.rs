//! No snapshot the project keeps (TUI screens, the JSON report, the Markdown support report) may
//! contain a credential used by any test: not the full value, not a 12-character piece of it.
//!
//! The fixture values are read from the test sources themselves (every `const CK|CS|TK|TS…: &str`),
//! plus the demo credentials and the literal secrets the TUI tests type, so a new fixture is covered
//! without editing this file.

use std::path::Path;

fn fixture_values() -> Vec<String> {
    let mut values = Vec::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files = vec![];
    walk(&dir, "rs", &mut files);
    for p in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        let text = std::fs::read_to_string(p).unwrap();
        for line in text.lines() {
            let l = line.trim_start().trim_start_matches("pub ");
            let is_credential = ["const CK", "const CS", "const TK", "const TS"]
                .iter()
                .any(|prefix| l.starts_with(prefix));
            if is_credential && let Some(start) = l.find('"') {
                let rest = &l[start + 1..];
                if let Some(end) = rest.find('"') {
                    values.push(rest[..end].to_string());
                }
            }
        }
    }
    let demo = nstba::emulator::demo::credentials();
    values.extend(demo.fields().iter().map(|s| s.expose().to_string()));
    values.extend([
        "hunter2secretvalue".to_string(),
        "tokensecret02".to_string(),
    ]);
    values.sort();
    values.dedup();
    values
}

/// Every file under `dir` (recursively) whose extension is `ext`.
fn walk(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, ext, out);
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
}

fn snapshot_files() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("tests"), "snap", &mut out);
    walk(&root.join("src"), "snap", &mut out);
    out
}

#[test]
fn no_snapshot_contains_a_fixture_credential() {
    let values = fixture_values();
    assert!(
        values.len() >= 10,
        "fixture scan found too few values: {values:?}"
    );
    let snaps = snapshot_files();
    assert!(
        snaps.len() >= 15,
        "expected the TUI, JSON and report snapshots"
    );
    for snap in &snaps {
        let text = std::fs::read_to_string(snap).unwrap();
        for v in &values {
            let chars: Vec<char> = v.chars().collect();
            let pieces: Vec<String> = if chars.len() >= 12 {
                chars.windows(12).map(|w| w.iter().collect()).collect()
            } else {
                vec![v.clone()]
            };
            for piece in pieces {
                assert!(
                    !text.contains(&piece),
                    "{} contains a piece of a fixture credential ({}…)",
                    snap.display(),
                    &piece[..4.min(piece.len())]
                );
            }
        }
    }
}
