//! `nstba test --auth m2m` end to end against the emulator: a healthy run passes through the
//! environment variables alone; every M2M scenario gives its expected first diagnosis and writes
//! its Login Audit Trail Detail; the private key, the assertion and the access token never appear
//! in any output or JSON (checked with the real values the emulator saw).

use std::process::Output;
use std::time::Duration;

use nstba::emulator::oauth2::{DEMO_CERTIFICATE_ID, demo_private_key};
use nstba::emulator::{Emulator, Scenario, demo};
use serde_json::Value;

use crate::support::cli;
use crate::support::emulator::start;

const TOKEN_PATH: &str = "/services/rest/auth/oauth2/v1/token";

/// `nstba test --auth m2m --json` with only the M2M variables set (key text in the environment).
fn command(emu: &Emulator, key_file: Option<&std::path::Path>, apis: &str) -> assert_cmd::Command {
    let mut cmd = cli::nstba();
    cmd.args([
        "test",
        "--json",
        "--base-url",
        &emu.base_url(),
        "--api",
        apis,
    ])
    .env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
    .env(
        "NETSUITE_CLIENT_ID",
        demo::credentials().consumer_key.expose(),
    )
    .env("NETSUITE_CERTIFICATE_ID", DEMO_CERTIFICATE_ID)
    .timeout(Duration::from_secs(30));
    match key_file {
        Some(p) => cmd.env("NETSUITE_PRIVATE_KEY_FILE", p),
        None => cmd.env("NETSUITE_PRIVATE_KEY", demo_private_key().expose()),
    };
    cmd
}

async fn run(mut cmd: assert_cmd::Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn status<'a>(v: &'a Value, id: &str) -> &'a str {
    v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .and_then(|c| c["status"].as_str())
        .unwrap_or("absent")
}

/// No private key line, no client id, nothing token- or assertion-shaped in `text`.
fn assert_clean(text: &str) {
    let key = demo_private_key();
    for line in key.expose().lines().filter(|l| !l.starts_with("-----")) {
        assert!(!text.contains(line), "a private key line leaked:\n{text}");
    }
    assert!(
        !text.contains(demo::credentials().consumer_key.expose()),
        "client id leaked:\n{text}"
    );
    // Every JWT (assertion or access token) starts with a base64url JSON header.
    assert!(!text.contains("eyJ"), "a JWT leaked:\n{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthy_m2m_passes_end_to_end_with_environment_variables() {
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.pem");
    std::fs::write(&key, demo_private_key().expose()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    // No --auth: the M2M variables alone choose the kind.
    let mut cmd = command(&emu, Some(&key), "rest,restlet");
    cmd.env_remove("NETSUITE_PRIVATE_KEY");
    let o = run(cmd).await;
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    let v = json(&o);
    assert_eq!(v["auth"], "m2m");
    assert_eq!(v["ok"], true);
    for id in [
        "key",
        "token-request",
        "rest-login",
        "rest-records",
        "rest-suiteql",
        "restlet-tokeninfo",
    ] {
        assert_eq!(status(&v, id), "pass", "{id}: {out}");
    }
    assert_eq!(v["token"]["role"], "1001", "{out}");
    assert_eq!(v["token"]["entity"], "4242");
    assert_eq!(
        v["token"]["scope"],
        serde_json::json!(["rest_webservices", "restlets"])
    );
    assert!(v["token"]["expires"].as_i64().is_some());
    assert!(
        v.get("notices")
            .is_some_and(|n| n.as_array().unwrap().is_empty())
    );
    // One token request, then Bearer on every probe.
    let trail = emu.audit_trail();
    assert_eq!(
        trail.iter().filter(|e| e.path == TOKEN_PATH).count(),
        1,
        "{trail:?}"
    );
    assert!(trail.iter().all(|e| e.success), "{trail:?}");
    assert_clean(&out);
    assert_clean(&err);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tba_runs_carry_auth_and_the_retirement_notice_without_changing_ok() {
    let emu = start(Scenario::Healthy).await;
    let c = demo::credentials();
    let mut cmd = cli::nstba();
    cmd.args(["test", "--json", "--base-url", &emu.base_url()])
        .env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
        .env("NETSUITE_CONSUMER_KEY", c.consumer_key.expose())
        .env("NETSUITE_CONSUMER_SECRET", c.consumer_secret.expose())
        .env("NETSUITE_TOKEN_ID", c.token_id.expose())
        .env("NETSUITE_TOKEN_SECRET", c.token_secret.expose());
    let o = run(cmd).await;
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["auth"], "tba");
    assert_eq!(v["ok"], true);
    assert_eq!(v["notices"][0]["code"], "tba-retirement");
    assert!(v.get("token").is_none());
    assert_eq!(status(&v, "key"), "absent", "TBA reports list no key check");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_kinds_in_the_environment_is_a_usage_error_naming_auth() {
    let emu = start(Scenario::Healthy).await;
    let mut cmd = command(&emu, None, "rest");
    cmd.env("NETSUITE_CONSUMER_KEY", "x");
    let o = run(cmd).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--auth"));
    // --auth m2m settles it.
    let mut cmd = command(&emu, None, "rest");
    cmd.env("NETSUITE_CONSUMER_KEY", "x")
        .args(["--auth", "m2m"]);
    assert_eq!(run(cmd).await.status.code(), Some(0));
}

/// One scenario: its expected first diagnosis, a phrase of its first cause (if ranked), the Detail.
struct Case {
    scenario: Scenario,
    first: &'static str,
    cause: Option<&'static str>,
    detail: &'static str,
}

const CASES: &[Case] = &[
    Case {
        scenario: Scenario::M2mCertificateExpired,
        first: "token-request-refused",
        cause: Some("sandbox"),
        detail: "CertificateExpired",
    },
    Case {
        scenario: Scenario::M2mCertificateRevoked,
        first: "token-request-refused",
        cause: Some("sandbox"),
        detail: "CertificateRevoked",
    },
    Case {
        scenario: Scenario::M2mUnknownCertificate,
        first: "token-request-refused",
        cause: None,
        detail: "UnknownCertificate",
    },
    Case {
        scenario: Scenario::M2mMappingWiped,
        first: "token-request-refused",
        cause: Some("refresh clears"),
        detail: "UnknownCertificate",
    },
    Case {
        scenario: Scenario::M2mWrongClientId,
        first: "token-request-refused",
        cause: None,
        detail: "InvalidClient",
    },
    Case {
        scenario: Scenario::M2mGrantNotTicked,
        first: "token-request-refused",
        cause: None,
        detail: "ClientCredentialsGrantNotAllowed",
    },
    Case {
        scenario: Scenario::M2mRecordBlocked,
        first: "token-request-refused",
        cause: None,
        detail: "IntegrationBlocked",
    },
    Case {
        scenario: Scenario::M2mScopeMismatch,
        first: "scope-mismatch",
        cause: None,
        detail: "ScopeMismatched",
    },
    Case {
        scenario: Scenario::M2mNoOAuth2Permission,
        first: "invalid-login",
        cause: Some("Log in using OAuth 2.0 Access Tokens"),
        detail: "permission_denied",
    },
    Case {
        scenario: Scenario::M2mEntityInactive,
        first: "invalid-login",
        cause: Some("Log in using OAuth 2.0 Access Tokens"),
        detail: "EntityOrRoleDisabled",
    },
    Case {
        scenario: Scenario::M2mClockSkew,
        first: "token-request-refused",
        cause: Some("clock"),
        detail: "AssertionIssuedInFuture",
    },
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_m2m_scenario_gives_its_first_diagnosis_and_detail() {
    let emu = start(Scenario::Healthy).await;
    for case in CASES {
        emu.set_scenario(case.scenario);
        let before = emu.audit_trail().len();
        let o = run(command(&emu, None, "rest")).await;
        let out = String::from_utf8_lossy(&o.stdout).to_string();
        let name = case.scenario.name();
        assert_eq!(o.status.code(), Some(1), "{name}: {out}");
        let v = json(&o);
        let first = &v["diagnoses"][0];
        assert_eq!(first["code"], case.first, "{name}: {out}");
        if let Some(phrase) = case.cause {
            let text = first["causes"][0]["text"].as_str().unwrap_or_default();
            assert!(text.contains(phrase), "{name}: first cause {text:?}\n{out}");
        }
        let details: Vec<String> = emu
            .audit_trail()
            .into_iter()
            .skip(before)
            .filter_map(|e| e.detail)
            .collect();
        assert_eq!(
            details.first().map(String::as_str),
            Some(case.detail),
            "{name}: {details:?}"
        );
        assert_clean(&out);
        assert_clean(&String::from_utf8_lossy(&o.stderr));
        emu.set_scenario(Scenario::Healthy);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_local_certificate_stops_before_anything_is_sent() {
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    let start = time::OffsetDateTime::now_utc() - time::Duration::days(400);
    let g =
        nstba::netsuite::cert::generate(nstba::netsuite::cert::KeyAlgorithm::EcP256, 300, start)
            .unwrap();
    let cert = dir.path().join("cert.pem");
    std::fs::write(&cert, &g.cert_pem).unwrap();
    let mut cmd = command(&emu, None, "rest");
    cmd.env("NETSUITE_PRIVATE_KEY", g.key_pem.expose())
        .env("NETSUITE_CERTIFICATE_FILE", &cert);
    let o = run(cmd).await;
    let v = json(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(v["diagnoses"][0]["code"], "certificate-expired", "{v:#}");
    assert_eq!(status(&v, "token-request"), "skip");
    assert!(emu.audit_trail().is_empty(), "nothing was sent");
    let text = String::from_utf8_lossy(&o.stdout);
    for line in g
        .key_pem
        .expose()
        .lines()
        .filter(|l| !l.starts_with("-----"))
    {
        assert!(!text.contains(line));
    }
}

/// A server that echoes what it got: the assertion back in the token error, or (when it grants a
/// token) the `Authorization: Bearer` value in the REST login's 401 message.
fn echo(grant: bool) -> impl Fn(&crate::support::raw_http::Req) -> crate::support::raw_http::Reply {
    use crate::support::raw_http::json;
    move |r| {
        let body = String::from_utf8_lossy(&r.body).to_string();
        if r.path.starts_with(TOKEN_PATH) && !grant {
            let assertion = body.split("client_assertion=").nth(1).unwrap_or("");
            let msg = serde_json::json!({"error": "invalid_grant", "error_description": assertion});
            return json(400, &msg.to_string());
        }
        if r.path.starts_with(TOKEN_PATH) {
            return json(
                200,
                &format!(r#"{{"access_token":"{}","expires_in":3600}}"#, fake_token()),
            );
        }
        let auth = r
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let msg = serde_json::json!({"o:errorDetails":[{"detail": format!("Invalid login attempt. {auth}"), "o:errorCode":"INVALID_LOGIN"}]});
        json(401, &msg.to_string())
    }
}

fn fake_token() -> String {
    use base64::Engine as _;
    let b = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "{}.{}.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ",
        b.encode(r#"{"alg":"RS256"}"#),
        b.encode(r#"{"sub":"3;-5","scope":["rest_webservices"],"exp":4102444800}"#)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn echoed_assertions_and_tokens_are_redacted_everywhere() {
    use nstba::check::{Settings, run_checks_detailed};
    use nstba::netsuite::oauth2::M2mCredentials;
    for grant in [false, true] {
        let server = crate::support::raw_http::start(echo(grant)).await;
        let creds = M2mCredentials::new(
            demo::credentials().consumer_key.expose(),
            DEMO_CERTIFICATE_ID,
            demo_private_key(),
            &[],
        );
        let mut s = Settings::new(demo::ACCOUNT, creds);
        s.base_url = Some(server.base_url());
        s.timeout = Duration::from_secs(5);
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let (report, info) =
            run_checks_detailed(&s, tx, tokio_util::sync::CancellationToken::new()).await;
        let text = nstba::check::run_info::report_json(&report, &info).to_string();
        let debug = format!("{report:?}{info:?}{s:?}");
        let sent: Vec<String> = server
            .requests()
            .iter()
            .map(|r| String::from_utf8_lossy(&r.body).to_string())
            .collect();
        let assertion = sent
            .iter()
            .find_map(|b| b.split("client_assertion=").nth(1).map(str::to_string))
            .expect("a token request was sent");
        for out in [&text, &debug] {
            assert!(
                !out.contains(&assertion),
                "grant={grant}: the assertion leaked: {out}"
            );
            assert!(
                !out.contains(&fake_token()),
                "grant={grant}: the token leaked: {out}"
            );
            assert!(!out.contains("c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ"), "{out}");
            assert_clean(out);
        }
        assert!(!report.ok);
        if grant {
            // The decoded claims are shown, never the token.
            assert_eq!(
                info.token.as_ref().and_then(|t| t.role.as_deref()),
                Some("3")
            );
        }
    }
}
