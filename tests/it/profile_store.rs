//! The profile store against the file system: round trips, secret placement, and files that are
//! truncated, binary or hand-mangled (clear error naming file and line, bytes untouched, no save
//! over them).

use std::path::Path;
use std::time::{Duration, Instant};

use nstba::check::{Api, Confidence, Diagnosis, Hosts, Report, Severity};
use nstba::netsuite::Credentials;
use nstba::profile::{Profile, ProfileError, ProfileStore, SecretStoreKind};

const CK: &str = "ck11111111111111111111111111111111111111111111111111111111119a01";
const CS: &str = "cs22222222222222222222222222222222222222222222222222222222229b02";
const TK: &str = "tk33333333333333333333333333333333333333333333333333333333339c03";
const TS: &str = "ts44444444444444444444444444444444444444444444444444444444449d04";

fn creds() -> Credentials {
    Credentials::new(CK, CS, TK, TS)
}

fn file_store(dir: &Path) -> ProfileStore {
    ProfileStore::open(dir.to_path_buf())
        .unwrap()
        .with_secret_store(SecretStoreKind::File)
}

fn report(ok: bool, code: Option<&str>) -> Report {
    Report {
        account: "1234567_SB1".into(),
        environment: "sandbox".into(),
        hosts: Hosts::default(),
        ok,
        cancelled: false,
        checks: vec![],
        diagnoses: code
            .map(|c| Diagnosis {
                code: c.parse().unwrap(),
                severity: Severity::Error,
                confidence: Confidence::Likely,
                title: "NetSuite refused the login".into(),
                cause: "c".into(),
                detail: None,
                causes: vec![],
                fix: vec![],
                evidence: "e".into(),
            })
            .into_iter()
            .collect(),
    }
}

#[test]
fn save_get_list_record_remove_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = file_store(dir.path());
    assert!(store.list().unwrap().is_empty());
    assert_eq!(store.last_used(), None);

    let mut p = Profile::new("acme-sb1", " 1234567-sb1 ");
    p.apis = vec![Api::Rest, Api::Soap];
    p.notes = "ACME, ticket 42".into();
    p.sandbox_refreshed = Some("2026-03-01".into());
    let outcome = store.save_at(&p, &creds(), 1_773_100_800).unwrap();
    let warning = outcome.warning.expect("first file save warns");
    assert!(warning.contains("secrets.toml") && warning.contains("0600"));
    assert!(warning.contains("NSTBA_SECRET_STORE=file"), "{warning}");
    // Second save: the warning was recorded as shown.
    store
        .save(&Profile::new("other", "7654321"), &creds())
        .map(|o| assert_eq!(o.warning, None))
        .unwrap();

    let got = store.get("acme-sb1").unwrap();
    assert_eq!(got.account, "1234567_SB1");
    assert_eq!(got.environment, "sandbox");
    assert_eq!(got.apis, vec![Api::Rest, Api::Soap]);
    assert_eq!(got.notes, "ACME, ticket 42");
    assert_eq!(got.sandbox_refreshed.as_deref(), Some("2026-03-01"));
    assert_eq!(got.saved_at_unix, Some(1_773_100_800));
    assert_eq!(store.load_credentials("acme-sb1").unwrap(), creds());
    let names: Vec<String> = store.list().unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["acme-sb1", "other"]);

    store
        .record_test_at("acme-sb1", &report(true, None), 100)
        .unwrap();
    store
        .record_test_at("acme-sb1", &report(false, Some("invalid-login")), 200)
        .unwrap();
    let got = store.get("acme-sb1").unwrap();
    let t = got.last_test.unwrap();
    assert!(!t.ok);
    assert_eq!(t.at_unix, 200);
    assert_eq!(t.first_code.map(|c| c.as_str()), Some("invalid-login"));
    assert_eq!(t.summary, "NetSuite refused the login");
    assert_eq!(got.last_ok_unix, Some(100));

    store.set_last_used("acme-sb1").unwrap();
    assert_eq!(store.last_used().as_deref(), Some("acme-sb1"));
    assert!(matches!(
        store.set_last_used("ghost"),
        Err(ProfileError::NotFound(_))
    ));

    store.remove("acme-sb1").unwrap();
    assert!(matches!(
        store.get("acme-sb1"),
        Err(ProfileError::NotFound(_))
    ));
    assert_eq!(store.last_used(), None);
    let secrets = std::fs::read_to_string(store.secrets_path()).unwrap();
    assert!(
        !secrets.contains("acme-sb1"),
        "secrets of a removed profile remain"
    );
    assert!(secrets.contains("[profiles.other]"));
}

#[test]
fn save_validates_name_account_date_and_empty_values() {
    let dir = tempfile::tempdir().unwrap();
    let store = file_store(dir.path());
    let e = store
        .save(&Profile::new("no spaces", "1234567"), &creds())
        .unwrap_err()
        .to_string();
    assert!(e.contains("1 to 64 characters"), "{e}");
    let e = store
        .save(&Profile::new("x", "someone@example.com"), &creds())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("account:"), "{e}");
    let mut p = Profile::new("x", "1234567_SB1");
    p.sandbox_refreshed = Some("01/03/2026".into());
    let e = store.save(&p, &creds()).unwrap_err().to_string();
    assert!(e.contains("YYYY-MM-DD"), "{e}");
    let e = store
        .save(
            &Profile::new("x", "1234567"),
            &Credentials::new(CK, CS, " ", TS),
        )
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("token id:"), "{e}");
    assert!(
        !dir.path().join("profiles.toml").exists(),
        "nothing written"
    );
}

#[test]
fn secrets_never_reach_profiles_toml_and_the_secret_file_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let store = file_store(dir.path());
    store.save(&Profile::new("a", "1234567"), &creds()).unwrap();
    let profiles = std::fs::read_to_string(store.profiles_path()).unwrap();
    for s in [CK, CS, TK, TS] {
        assert!(!profiles.contains(s));
    }
    let secrets = std::fs::read_to_string(store.secrets_path()).unwrap();
    for s in [CK, CS, TK, TS] {
        assert!(secrets.contains(s));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(store.secrets_path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn forced_keyring_works_or_fails_fast_with_a_keychain_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProfileStore::open(dir.path().to_path_buf())
        .unwrap()
        .with_secret_store(SecretStoreKind::Keyring);
    let name = format!("nstba-test-{}", std::process::id());
    let started = Instant::now();
    match store.save(&Profile::new(name.as_str(), "1234567"), &creds()) {
        Ok(outcome) => {
            // A real keychain: the secrets round-trip and are deleted with the profile.
            assert_eq!(outcome.warning, None);
            assert_eq!(store.load_credentials(&name).unwrap(), creds());
            assert_eq!(
                store.secret_store_of(&name).unwrap(),
                SecretStoreKind::Keyring
            );
            assert!(!store.secrets_path().exists());
            store.remove(&name).unwrap();
        }
        Err(ProfileError::Keychain(why)) => {
            for s in [CK, CS, TK, TS] {
                assert!(!why.contains(s));
            }
            assert!(!store.profiles_path().exists(), "no record without secrets");
        }
        Err(other) => panic!("unexpected error: {other}"),
    }
    assert!(started.elapsed() < Duration::from_secs(8));
}

#[test]
#[cfg_attr(
    not(any(nstba_ci, nstba_keychain)),
    ignore = "needs an OS keychain (a Secret Service on the D-Bus session), none found at build time"
)]
fn keychain_holds_the_secrets_and_returns_them() {
    crate::support::prereq::require("an OS keychain", crate::support::prereq::keychain());
    let dir = tempfile::tempdir().unwrap();
    let store = ProfileStore::open(dir.path().to_path_buf())
        .unwrap()
        .with_secret_store(SecretStoreKind::Keyring);
    let name = format!("nstba-round-trip-{}", std::process::id());
    let outcome = store
        .save(&Profile::new(name.as_str(), "1234567"), &creds())
        .expect("saved to the keychain");
    assert_eq!(outcome.warning, None);
    assert_eq!(store.load_credentials(&name).unwrap(), creds());
    assert_eq!(
        store.secret_store_of(&name).unwrap(),
        SecretStoreKind::Keyring
    );
    assert!(
        !store.secrets_path().exists(),
        "no secret file when the keychain holds the secrets"
    );
    store.remove(&name).unwrap();
}

/// Writes `bytes` as profiles.toml and checks every operation: a clear error naming the file and
/// `line`, and the bytes untouched afterwards.
fn assert_refused(bytes: &[u8], line: usize, hint: &str) {
    let dir = tempfile::tempdir().unwrap();
    let store = file_store(dir.path());
    let path = store.profiles_path();
    std::fs::write(&path, bytes).unwrap();

    let e = store.list().unwrap_err();
    let msg = e.to_string();
    assert!(
        matches!(e, ProfileError::Corrupt { line: l, .. } if l == line),
        "expected line {line}: {msg}"
    );
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains(&format!("line {line}")), "{msg}");
    assert!(msg.contains(hint), "expected {hint:?} in: {msg}");

    let save = store.save(&Profile::new("new", "1234567"), &creds());
    assert!(matches!(save, Err(ProfileError::Corrupt { .. })));
    assert!(store.get("new").is_err());
    assert!(store.remove("acme").is_err());
    assert!(store.set_last_used("acme").is_err());
    assert!(store.record_test("acme", &report(true, None)).is_err());
    assert_eq!(store.last_used(), None);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "file was modified");
    assert!(
        !store.secrets_path().exists(),
        "secrets were written although the profile file is unreadable"
    );
}

fn valid_file() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let store = file_store(dir.path());
    let mut p = Profile::new("acme", "1234567_SB1");
    p.notes = "a note that is long enough to cut in the middle".into();
    store.save(&p, &creds()).unwrap();
    store.record_test("acme", &report(true, None)).unwrap();
    std::fs::read(store.profiles_path()).unwrap()
}

#[test]
fn truncated_file_is_refused_and_kept() {
    let full = valid_file();
    let text = String::from_utf8(full.clone()).unwrap();
    let cut = text.find("long enough").unwrap();
    let line = text[..cut].matches('\n').count() + 1;
    assert_refused(&full[..cut], line, "");
}

#[test]
fn binary_file_is_refused_and_kept() {
    let mut bytes = b"# nstba profiles\n\n[profiles.acme]\n".to_vec();
    bytes.extend_from_slice(&[0x00, 0x9f, 0x92, 0x96, 0xff, 0x00, 0x01]);
    assert_refused(&bytes, 4, "not a text file");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[0u8; 32]);
    assert_refused(&png, 1, "not a text file");
}

#[test]
fn hand_mangled_files_name_the_line() {
    let cases: &[(&str, usize, &str)] = &[
        // A number where a string belongs.
        ("[profiles.acme]\naccount = 1234567\n", 2, "string"),
        // Not an account id.
        (
            "[profiles.acme]\nsecret_store = \"file\"\naccount = \"acme corp\"\n",
            3,
            "account id",
        ),
        // An interface nstba does not know.
        (
            "[profiles.acme]\naccount = \"1234567\"\napis = [\"rest\", \"graphql\"]\n",
            3,
            "graphql",
        ),
        // A date that does not exist.
        (
            "[profiles.acme]\naccount = \"1234567\"\n\nsandbox_refreshed = \"2026-02-30\"\n",
            4,
            "YYYY-MM-DD",
        ),
        // A name that breaks the naming rule.
        (
            "\n[profiles.\"has space\"]\naccount = \"1234567\"\n",
            2,
            "1 to 64",
        ),
        // The same key twice.
        (
            "[profiles.acme]\naccount = \"1234567\"\naccount = \"7654321\"\n",
            3,
            "",
        ),
        // Unclosed string.
        (
            "[profiles.acme]\naccount = \"1234567\nnotes = \"x\"\n",
            2,
            "",
        ),
        // Missing the account altogether.
        ("[profiles.acme]\nnotes = \"x\"\n", 1, "account"),
        // Unknown secret store.
        (
            "[profiles.acme]\naccount = \"1234567\"\nsecret_store = \"vault\"\n",
            3,
            "secret_store",
        ),
    ];
    for (text, line, hint) in cases {
        assert_refused(text.as_bytes(), *line, hint);
    }
}

#[test]
fn corrupt_secrets_file_is_refused_kept_and_never_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let store = file_store(dir.path());
    store
        .save(&Profile::new("acme", "1234567"), &creds())
        .unwrap();
    let path = store.secrets_path();
    let mut bytes = std::fs::read(&path).unwrap();
    let cut = bytes.len() - 20; // inside the token secret's quoted value
    bytes.truncate(cut);
    std::fs::write(&path, &bytes).unwrap();

    let e = store.load_credentials("acme").unwrap_err().to_string();
    assert!(e.contains("secrets.toml") && e.contains("line"), "{e}");
    for s in [CK, CS, TK, TS] {
        assert!(!e.contains(&s[..20]), "error quotes a secret: {e}");
    }
    let e = store
        .save(&Profile::new("second", "1234567"), &creds())
        .unwrap_err();
    assert!(matches!(e, ProfileError::Corrupt { .. }), "{e}");
    assert!(store.remove("acme").is_err());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "secrets file modified"
    );
    assert!(
        store.get("second").is_err(),
        "profile saved without secrets"
    );
}

#[test]
fn concurrent_saves_lose_no_profile() {
    let dir = tempfile::tempdir().unwrap();
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let store = file_store(dir.path());
            std::thread::spawn(move || {
                store
                    .save(&Profile::new(format!("p{i}"), "1234567"), &creds())
                    .unwrap();
                store
                    .record_test(&format!("p{i}"), &report(true, None))
                    .unwrap();
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let store = file_store(dir.path());
    let profiles = store.list().unwrap();
    assert_eq!(profiles.len(), 8);
    for p in &profiles {
        assert!(p.last_test.as_ref().is_some_and(|t| t.ok), "{}", p.name);
        assert_eq!(store.load_credentials(&p.name).unwrap(), creds());
    }
}

#[test]
fn resaving_keeps_notes_and_forgets_results_only_when_values_change() {
    let dir = tempfile::tempdir().unwrap();
    let store = file_store(dir.path());
    let mut settings = nstba::check::Settings::new("1234567-sb1", creds());
    settings.apis = vec![Api::Soap];
    store.save_settings("acme", &settings).unwrap();
    store
        .save_merged("acme", "1234567_SB1", &creds(), |p| p.notes = "kept".into())
        .unwrap();
    store
        .record_test_at("acme", &report(true, None), 50)
        .unwrap();

    // Same values again (as the wizard does after a passing test): history and notes stay.
    store.save_settings("acme", &settings).unwrap();
    let p = store.get("acme").unwrap();
    assert_eq!(p.account, "1234567_SB1");
    assert_eq!(p.apis, vec![Api::Soap]);
    assert_eq!(p.notes, "kept");
    assert_eq!(p.last_ok_unix, Some(50));
    assert!(p.last_test.is_some());

    // A new token: the old results described other credentials.
    settings.credentials =
        Credentials::new(CK, CS, "tk-new-0000000000", "ts-new-0000000000").into();
    store.save_settings("acme", &settings).unwrap();
    let p = store.get("acme").unwrap();
    assert_eq!(p.notes, "kept");
    assert_eq!(p.last_ok_unix, None);
    assert!(p.last_test.is_none());
    assert_eq!(
        store.load_credentials("acme").unwrap().token_id.expose(),
        "tk-new-0000000000"
    );
}
