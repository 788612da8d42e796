//! What a fresh user walking `nstba migrate` found, each pinned against the emulator: `--to`
//! never takes over a profile the migration did not make; revoking later works and a missing or
//! wrong confirmation is an error; a finished migration is not reopened by a flag; only a
//! sandbox of the same company counts for production; the prompts take whole words; the
//! authorization-code target without a login compares nothing; a generated key never replaces
//! an existing key file; printed commands keep `--base-url`; a missing key file, an unknown
//! upload login and a malformed certificate id are refused before anything is sent.

use std::path::Path;

use nstba::emulator::oauth2::DEMO_CERTIFICATE_ID;
use nstba::emulator::{Emulator, Scenario, demo};

use crate::migrate::{
    emulator, key_file, migrate, progress, run, status_of, store_with_demo, text,
};
use crate::support::cli::{self, NstbaEnv as _};

/// A second TBA profile `name` in `dir` (the demo's credentials).
pub(crate) async fn another_tba_profile(dir: &Path, name: &str) {
    let c = demo::credentials();
    let mut cmd = cli::nstba();
    cmd.with_store(dir)
        .with_creds(
            demo::ACCOUNT,
            [
                c.consumer_key.expose(),
                c.consumer_secret.expose(),
                c.token_id.expose(),
                c.token_secret.expose(),
            ],
        )
        .args(["profile", "save", name]);
    let o = run(cmd).await;
    assert!(o.status.success(), "{}", text(&o));
}

fn whole(key: &Path) -> Vec<String> {
    vec![
        "--yes".into(),
        "--key".into(),
        key.to_str().unwrap().into(),
        format!("--certificate-id={DEMO_CERTIFICATE_ID}"),
    ]
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// A store with the demo TBA profile whose migration ran to the end (monitored run confirmed),
/// and that run's output.
async fn completed(emu: &Emulator) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    store_with_demo(dir.path()).await;
    let key = key_file(dir.path());
    let mut args = whole(&key);
    args.push("--monitored-ok".into());
    let o = run(migrate(dir.path(), emu, &strs(&args))).await;
    (dir, o)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn to_never_takes_over_the_tba_profile_or_a_profile_the_migration_did_not_make() {
    let emu = emulator(Scenario::Healthy, false).await;
    let dir = tempfile::tempdir().unwrap();
    store_with_demo(dir.path()).await;
    another_tba_profile(dir.path(), "other").await;
    let key = key_file(dir.path());
    let o = run(migrate(dir.path(), &emu, &["--to", "demo"])).await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("--to demo") && out.contains("--from"), "{out}");
    assert!(!out.contains("[1/8]"), "nothing runs: {out}");
    let mut args = whole(&key);
    args.extend(["--to".into(), "other".into()]);
    let o = run(migrate(dir.path(), &emu, &strs(&args))).await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains("profile other") && out.contains("TBA") && out.contains("another name"),
        "{out}"
    );
    assert!(!out.contains("[1/8]"), "nothing runs: {out}");
    // The migration's own new profile may be written again (a resumed or repeated run).
    let o = run(migrate(dir.path(), &emu, &strs(&whole(&key)))).await;
    assert_eq!(o.status.code(), Some(1), "stops at cut-over: {}", text(&o));
    let o = run(migrate(dir.path(), &emu, &["--restart", "--yes"])).await;
    assert!(o.status.success(), "{}", text(&o));
    let mut args = whole(&key);
    args.push("--monitored-ok".into());
    let o = run(migrate(dir.path(), &emu, &strs(&args))).await;
    assert!(o.status.success(), "{}", text(&o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoking_later_works_and_a_missing_or_wrong_confirmation_is_an_error() {
    let emu = emulator(Scenario::Healthy, false).await;
    let (dir, o) = completed(&emu).await;
    assert!(
        text(&o).contains("The migration is complete"),
        "{}",
        text(&o)
    );
    let o = run(migrate(dir.path(), &emu, &["--revoke-tba"])).await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("--confirm-revoke demo"), "{out}");
    let o = run(migrate(
        dir.path(),
        &emu,
        &["--revoke-tba", "--confirm-revoke", "dmeo"],
    ))
    .await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("dmeo") && out.contains("demo"), "{out}");
    assert_eq!(progress(dir.path())["tba_revoked"].as_bool(), Some(false));
    let o = run(migrate(
        dir.path(),
        &emu,
        &["--revoke-tba", "--confirm-revoke", "demo"],
    ))
    .await;
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("revoked"), "{out}");
    assert_eq!(progress(dir.path())["tba_revoked"].as_bool(), Some(true));
    // It really was: the TBA profile no longer works, and its test says what replaces it.
    let o = test_demo(dir.path(), &emu).await;
    let out = flat(&text(&o));
    assert!(!o.status.success(), "{out}");
    assert!(out.contains("was revoked"), "{out}");
    assert!(out.contains("nstba test --profile demo-"), "{out}");
}

/// `text` with its line breaks and indentation as single spaces (the notices are wrapped).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `nstba test --profile demo` in `dir` against `emu`: its output.
async fn test_demo(dir: &Path, emu: &Emulator) -> std::process::Output {
    let mut cmd = cli::nstba();
    cmd.with_store(dir)
        .args(["test", "--profile", "demo", "--base-url", &emu.base_url()]);
    run(cmd).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tba_test_tells_where_the_profiles_migration_stands() {
    let emu = emulator(Scenario::Healthy, false).await;
    let base = emu.base_url();
    let dir = tempfile::tempdir().unwrap();
    store_with_demo(dir.path()).await;
    // No migration: the command names the profile, not a placeholder.
    let out = flat(&text(&test_demo(dir.path(), &emu).await));
    assert!(
        out.contains(&format!("`nstba migrate --from demo --base-url {base}`")),
        "{out}"
    );
    assert!(!out.contains("PROFILE"), "{out}");
    // Under way (stops before the cut-over): how far, and how to go on.
    let key = key_file(dir.path());
    let o = run(migrate(dir.path(), &emu, &strs(&whole(&key)))).await;
    assert_eq!(o.status.code(), Some(1), "stops at cut-over: {}", text(&o));
    let out = flat(&text(&test_demo(dir.path(), &emu).await));
    assert!(out.contains("7 of 8 items done"), "{out}");
    assert!(out.contains("is under way"), "{out}");
    // Done: the profile that replaces it, and the revocation command.
    let mut args = whole(&key);
    args.push("--monitored-ok".into());
    let o = run(migrate(dir.path(), &emu, &strs(&args))).await;
    assert!(o.status.success(), "{}", text(&o));
    let to = progress(dir.path())["to"].as_str().unwrap().to_string();
    let o = test_demo(dir.path(), &emu).await;
    let out = flat(&text(&o));
    assert!(o.status.success(), "{out}");
    assert!(out.contains(&format!("`{to}` replaces it")), "{out}");
    assert!(!out.contains("is being retired"), "{out}");
    assert!(out.contains("--revoke-tba --confirm-revoke demo"), "{out}");
    // The JSON carries the same notice under its stable code.
    let mut cmd = cli::nstba();
    cmd.with_store(dir.path())
        .args(["test", "--json", "--profile", "demo", "--base-url", &base]);
    let v: serde_json::Value = serde_json::from_slice(&run(cmd).await.stdout).unwrap();
    assert_eq!(v["notices"][0]["code"], "tba-retirement");
    assert!(
        v["notices"][0]["text"]
            .as_str()
            .unwrap()
            .contains(&format!("`{to}` replaces it")),
        "{v}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finished_migration_is_not_reopened_by_a_flag() {
    let emu = emulator(Scenario::Healthy, false).await;
    let (dir, o) = completed(&emu).await;
    assert!(o.status.success(), "{}", text(&o));
    for flags in [["--target", "authcode"], ["--record", "separate"]] {
        let o = run(migrate(dir.path(), &emu, &flags)).await;
        let out = text(&o);
        assert_eq!(o.status.code(), Some(2), "{flags:?}: {out}");
        assert!(
            out.contains("complete") && out.contains("--restart"),
            "{out}"
        );
        assert_eq!(status_of(dir.path(), "cut-over"), "done", "{out}");
        assert_eq!(status_of(dir.path(), "target"), "done", "{out}");
    }
}

#[test]
fn only_a_sandbox_of_the_same_company_counts_for_production() {
    use nstba::migrate::state::{self, MigrationState};
    let dir = tempfile::tempdir().unwrap();
    let mut other = MigrationState::new("globex-sb", "globex-sb-m2m", "7654321_SB1", 1);
    other.done(nstba::migrate::Item::SideBySide, "ok", 2);
    state::save(dir.path(), &other).unwrap();
    assert!(
        !nstba::migrate::steps::sandbox_migrated(dir.path(), "1234567"),
        "another company's sandbox counted"
    );
    assert!(nstba::migrate::steps::sandbox_migrated(
        dir.path(),
        "7654321"
    ));
    let mut same = MigrationState::new("acme-sb2", "acme-sb2-m2m", "1234567-sb2", 1);
    same.done(nstba::migrate::Item::SideBySide, "ok", 2);
    state::save(dir.path(), &same).unwrap();
    assert!(nstba::migrate::steps::sandbox_migrated(
        dir.path(),
        "1234567"
    ));
}

#[cfg(unix)]
#[test]
fn the_prompts_take_whole_words_and_ask_again_otherwise() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emu = rt.block_on(emulator(Scenario::Healthy, false));
    let dir = tempfile::tempdir().unwrap();
    rt.block_on(store_with_demo(dir.path()));
    let url = emu.base_url();
    let mut s = crate::tui_pty::Session::start_program(
        env!("CARGO_BIN_EXE_nstba"),
        &["migrate", "--from", "demo", "--base-url", &url],
        &[
            ("NSTBA_CONFIG_DIR", dir.path().to_str().unwrap()),
            ("NSTBA_SECRET_STORE", "file"),
            ("NETSUITE_CLIENT_ID", ""),
        ],
    );
    s.wait_for("[a]uthcode?");
    s.send(b"n\r");
    s.wait_for("expected m2m");
    s.send(b"m2m\r");
    s.wait_for("([o]ther)?");
    s.send(b"separate\r");
    s.wait_for("[y/N]");
    s.send(b"y\r");
    s.wait_for("migrate-client-id-missing");
    let _ = s.wait_exit();
    drop(emu);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authcode_without_a_login_says_only_that_the_login_is_needed() {
    let emu = emulator(Scenario::Healthy, false).await;
    let dir = tempfile::tempdir().unwrap();
    store_with_demo(dir.path()).await;
    let key = key_file(dir.path());
    let o = run(migrate(dir.path(), &emu, &strs(&whole(&key)))).await;
    assert!(text(&o).contains("role 1001 / 1001"), "{}", text(&o));
    let o = run(migrate(
        dir.path(),
        &emu,
        &["--yes", "--target", "authcode"],
    ))
    .await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("migrate-authcode-needs-login"), "{out}");
    assert!(!out.contains("OAuth 2.0: works"), "{out}");
    assert!(!out.contains("role 1001 /"), "{out}");
    assert!(
        progress(dir.path()).get("new_identity").is_none(),
        "the M2M run's identity stays for the login: {out}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_key_never_replaces_an_existing_key_file() {
    let emu = emulator(Scenario::Healthy, false).await;
    let dir = tempfile::tempdir().unwrap();
    store_with_demo(dir.path()).await;
    let o = run(migrate(dir.path(), &emu, &["--yes", "--generate-key"])).await;
    assert!(o.status.success(), "{}", text(&o));
    let first = progress(dir.path())["key_file"]
        .as_str()
        .unwrap()
        .to_string();
    let pem = std::fs::read_to_string(&first).unwrap();
    let id = format!("--certificate-id={DEMO_CERTIFICATE_ID}");
    let _ = run(migrate(dir.path(), &emu, &[&id])).await;
    let o = run(migrate(
        dir.path(),
        &emu,
        &["--restart", "--yes", "--generate-key"],
    ))
    .await;
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    let second = progress(dir.path())["key_file"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(first, second, "{out}");
    assert_eq!(std::fs::read_to_string(&first).unwrap(), pem, "{out}");
    assert!(out.contains(DEMO_CERTIFICATE_ID), "the earlier id: {out}");
    assert!(out.contains("kept"), "{out}");
}

/// Every `nstba …` command in backticks in `out` (wrapped lines joined).
fn commands(out: &str) -> Vec<String> {
    let flat: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.split('`')
        .skip(1)
        .step_by(2)
        .filter(|c| c.starts_with("nstba "))
        .map(str::to_string)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn printed_commands_keep_the_base_url() {
    let emu = emulator(Scenario::M2mCertificateRevoked, false).await;
    let dir = tempfile::tempdir().unwrap();
    store_with_demo(dir.path()).await;
    let key = key_file(dir.path());
    let o = run(migrate(dir.path(), &emu, &strs(&whole(&key)))).await;
    let out = text(&o);
    assert!(out.contains("migrate-certificate-not-mapped"), "{out}");
    let cmds = commands(&out);
    assert!(!cmds.is_empty(), "{out}");
    for c in cmds {
        assert!(c.contains(&format!("--base-url {}", emu.base_url())), "{c}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_key_an_unknown_login_and_a_malformed_id_are_refused_at_once() {
    let emu = emulator(Scenario::Healthy, false).await;
    let dir = tempfile::tempdir().unwrap();
    store_with_demo(dir.path()).await;
    let missing = dir.path().join("no-such-key.pem");
    let o = run(migrate(
        dir.path(),
        &emu,
        &["--key", missing.to_str().unwrap()],
    ))
    .await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains(missing.to_str().unwrap()) && out.contains("does not exist"),
        "{out}"
    );
    assert!(!out.contains("not PEM"), "{out}");
    let o = run(migrate(
        dir.path(),
        &emu,
        &["--upload-with", "NOSUCH", "--generate-key"],
    ))
    .await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("no profile named NOSUCH"), "{out}");
    assert!(!out.contains("[1/8]") && !out.contains("Key:"), "{out}");
    for bad in ["a b", "abc!"] {
        let o = run(migrate(dir.path(), &emu, &["--certificate-id", bad])).await;
        let out = text(&o);
        assert_eq!(o.status.code(), Some(2), "{bad}: {out}");
        assert!(
            out.contains("--certificate-id") && out.contains("base64url"),
            "{out}"
        );
        assert!(!out.contains("[1/8]"), "{out}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_file_gone_since_the_last_run_is_said_to_be_missing() {
    let emu = emulator(Scenario::Healthy, false).await;
    let dir = tempfile::tempdir().unwrap();
    store_with_demo(dir.path()).await;
    let key = key_file(dir.path());
    let o = run(migrate(
        dir.path(),
        &emu,
        &["--yes", "--key", key.to_str().unwrap()],
    ))
    .await;
    assert!(o.status.success(), "waits for the id: {}", text(&o));
    std::fs::remove_file(&key).unwrap();
    let id = format!("--certificate-id={DEMO_CERTIFICATE_ID}");
    let o = run(migrate(dir.path(), &emu, &[&id])).await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("migrate-key-problem") && out.contains("does not exist"),
        "{out}"
    );
    assert!(!out.contains("not PEM"), "{out}");
}
