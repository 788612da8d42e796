//! The multi-account emulator (issue 17): each account answers with its own credentials and
//! scenario, whichever interface and auth kind the request uses, and requests no account claims
//! (the reachability probe) never spend an account's concurrency slots.

use std::time::Duration;

use nstba::check::{Api, Settings, run_checks};
use nstba::emulator::oauth2::{DEMO_CERTIFICATE_ID, demo_private_key};
use nstba::emulator::{AccountSpec, Emulator, EmulatorConfig, EmulatorOptions};
use nstba::netsuite::oauth2::M2mCredentials;
use tokio_util::sync::CancellationToken;

async fn emulator(specs: &[&str], latency: Duration) -> (Emulator, Vec<AccountSpec>) {
    let specs: Vec<AccountSpec> = specs
        .iter()
        .map(|s| AccountSpec::parse(s).unwrap())
        .collect();
    let config = EmulatorConfig {
        latency: Some(latency),
        ..EmulatorConfig::default()
    };
    let emu = Emulator::start_accounts(config, EmulatorOptions::default(), &specs)
        .await
        .expect("emulator starts");
    (emu, specs)
}

fn tba(spec: &AccountSpec, base: &str) -> Settings {
    let mut s = Settings::new(spec.account.realm(), spec.credentials());
    s.base_url = Some(base.to_string());
    s.apis = vec![Api::Rest, Api::Restlet, Api::Soap];
    s
}

fn m2m(spec: &AccountSpec, base: &str) -> Settings {
    let c = M2mCredentials::new(
        spec.credentials().consumer_key.expose(),
        DEMO_CERTIFICATE_ID,
        demo_private_key(),
        &[],
    );
    let mut s = Settings::new(spec.account.realm(), c);
    s.base_url = Some(base.to_string());
    s.apis = vec![Api::Rest, Api::Restlet];
    s
}

async fn code(s: &Settings) -> (bool, String) {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let r = run_checks(s, tx, CancellationToken::new()).await;
    let first = r
        .diagnoses
        .first()
        .map_or("-", |d| d.code.as_str())
        .to_string();
    (r.ok, first)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_account_plays_its_own_scenario_with_its_own_credentials() {
    let (emu, specs) = emulator(
        &[
            "1000001=healthy",
            "1000002_SB1=revoked-token",
            "1000003=healthy",
            "1000004=m2m-scope-mismatch",
        ],
        Duration::ZERO,
    )
    .await;
    let base = emu.base_url();
    assert_eq!(code(&tba(&specs[0], &base)).await, (true, "-".into()));
    assert!(!code(&tba(&specs[1], &base)).await.0);
    assert_eq!(code(&m2m(&specs[2], &base)).await, (true, "-".into()));
    assert!(!code(&m2m(&specs[3], &base)).await.0);
    // Another account's credentials are not this account's.
    let mut crossed = tba(&specs[0], &base);
    crossed.credentials = specs[2].credentials().into();
    assert!(!code(&crossed).await.0);
    // Each refusal is in its own account's audit trail.
    let trails = emu.audit_trails();
    assert!(trails[0][..5].iter().all(|e| e.success), "{:?}", trails[0]);
    assert!(
        trails[0][5..]
            .iter()
            .all(|e| e.detail.as_deref() == Some("consumer_key_unknown"))
    );
    assert!(
        trails[1]
            .iter()
            .any(|e| e.detail.as_deref() == Some("token_rejected"))
    );
    assert!(
        trails[3]
            .iter()
            .any(|e| e.detail.as_deref() == Some("ScopeMismatched"))
    );
}

/// Eight slow requests no account claims, back to back (as many runs' reachability probes
/// would be), and meanwhile a login of the first account while they are in flight: it is not refused for
/// concurrency (the first account's limit is 5). Seen failing when unrouted requests were
/// counted as the first account's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unrouted_requests_do_not_spend_an_accounts_concurrency() {
    let (emu, specs) = emulator(&["1000001", "1000002"], Duration::from_millis(600)).await;
    let base = emu.base_url();
    let client = reqwest::Client::new();
    let probes: Vec<_> = (0..8)
        .map(|_| {
            let (c, url) = (client.clone(), format!("{base}/"));
            // Back to back for longer than the run below takes.
            tokio::spawn(async move {
                let mut last = 0;
                for _ in 0..5 {
                    last = c.get(&url).send().await.map(|r| r.status().as_u16())?;
                }
                Ok::<u16, reqwest::Error>(last)
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let mut s = tba(&specs[0], &base);
    s.apis = vec![Api::Rest];
    let (ok, first) = code(&s).await;
    assert!(ok, "refused: {first}");
    for p in probes {
        assert_eq!(p.await.unwrap().unwrap(), 404);
    }
}
