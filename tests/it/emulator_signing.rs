//! The emulator as an independent signature check: published vectors replayed byte-for-byte,
//! requests signed by Python's oauthlib, and a table of one-character changes to every piece of
//! signed material, each of which must be rejected.

use std::time::Duration;

use crate::support::emulator::*;
use nstba::emulator::model::{AccountModel, RestletDeployment};
use nstba::emulator::{Emulator, EmulatorConfig, EmulatorOptions, Scenario, demo};
use nstba::netsuite::encode::{parse_form, percent_encode};
use nstba::netsuite::oauth::{SignInput, sign};
use nstba::netsuite::{AccountId, Credentials};

fn vectors() -> Vec<serde_json::Value> {
    serde_json::from_str(include_str!("../data/tba-test-vectors.json")).unwrap()
}

fn s<'a>(v: &'a serde_json::Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("vector field {k}"))
}

/// An emulator holding one account with these credentials, its clock pinned to `timestamp`.
async fn vector_emulator(account: &str, v: &serde_json::Value, url: Option<&url::Url>) -> Emulator {
    let creds = Credentials::new(
        s(v, "consumer_key"),
        s(v, "consumer_secret"),
        s(v, "token"),
        s(v, "token_secret"),
    );
    let mut model = AccountModel::single(AccountId::parse(account).unwrap(), &creds);
    if let Some(url) = url {
        let q: Vec<(String, String)> = url.query().map(parse_form).unwrap_or_default();
        let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        if let (Some(script), Some(deploy)) = (get("script"), get("deploy")) {
            model.restlets = vec![RestletDeployment {
                script_id: script,
                script_number: 0,
                deploy_id: deploy,
                deploy_number: 0,
                released: true,
            }];
        }
    }
    Emulator::start_with(
        EmulatorConfig {
            latency: Some(Duration::ZERO),
            ..EmulatorConfig::default()
        },
        EmulatorOptions {
            fixed_clock: Some(s(v, "timestamp").parse().unwrap()),
            assume_https: true,
            model: Some(model),
            ..EmulatorOptions::default()
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn published_vectors_are_accepted_byte_for_byte() {
    let mut replayed = 0;
    for v in vectors() {
        match s(&v, "kind") {
            "oauth-header" => {
                let url = url::Url::parse(s(&v, "url")).unwrap();
                let served = [
                    SERVER_TIME,
                    "/services/rest/query/v1/suiteql",
                    "/app/site/hosting/restlet.nl",
                ];
                if !served.contains(&url.path()) {
                    continue;
                }
                let host = url.host_str().unwrap().to_string();
                let account = host.split('.').next().unwrap();
                let emu = vector_emulator(account, &v, Some(&url)).await;
                // The header is assembled from the vector's own signature: no project code involved.
                let realm = AccountId::parse(account).unwrap().realm();
                let auth = format!(
                    "OAuth realm=\"{realm}\", oauth_consumer_key=\"{}\", oauth_token=\"{}\", \
                     oauth_signature_method=\"HMAC-SHA256\", oauth_timestamp=\"{}\", oauth_nonce=\"{}\", \
                     oauth_version=\"1.0\", oauth_signature=\"{}\"",
                    s(&v, "consumer_key"),
                    s(&v, "token"),
                    s(&v, "timestamp"),
                    s(&v, "nonce"),
                    percent_encode(s(&v, "signature"))
                );
                let path_and_query = &s(&v, "url")[s(&v, "url").find(url.path()).unwrap()..];
                let method = reqwest::Method::from_bytes(s(&v, "method").as_bytes()).unwrap();
                let resp = http()
                    .request(method, format!("{}{path_and_query}", emu.base_url()))
                    .header("Host", &host)
                    .header("Authorization", auth)
                    .header("Prefer", "transient")
                    .header("Content-Type", "application/json")
                    .body(r#"{"q":"SELECT id FROM employee"}"#)
                    .send()
                    .await
                    .unwrap();
                let got = read(resp).await;
                assert_eq!(got.status, 200, "{}: {}", s(&v, "name"), got.body);
                assert_eq!(last_detail(&emu), None, "{}", s(&v, "name"));
                replayed += 1;
            }
            "soap-token-passport" => {
                let emu = vector_emulator(s(&v, "account"), &v, None).await;
                let envelope = format!(
                    "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
                     xmlns:m=\"urn:messages_2025_2.platform.webservices.netsuite.com\" \
                     xmlns:c=\"urn:core_2025_2.platform.webservices.netsuite.com\"><soapenv:Header>\
                     <m:tokenPassport><c:account>{}</c:account><c:consumerKey>{}</c:consumerKey>\
                     <c:token>{}</c:token><c:nonce>{}</c:nonce><c:timestamp>{}</c:timestamp>\
                     <c:signature algorithm=\"HMAC-SHA256\">{}</c:signature></m:tokenPassport>\
                     </soapenv:Header><soapenv:Body><m:getServerTime/></soapenv:Body></soapenv:Envelope>",
                    s(&v, "account"),
                    s(&v, "consumer_key"),
                    s(&v, "token"),
                    s(&v, "nonce"),
                    s(&v, "timestamp"),
                    s(&v, "signature")
                );
                let got = soap_raw(&emu, envelope).await;
                assert_eq!(got.status, 200, "{}: {}", s(&v, "name"), got.body);
                replayed += 1;
            }
            _ => {}
        }
    }
    assert!(replayed >= 8, "only {replayed} vectors replayed");
}

#[tokio::test]
#[cfg_attr(
    not(any(nstba_ci, nstba_oauthlib)),
    ignore = "needs python3 with oauthlib (pip install oauthlib==3.2.2), not found at build time"
)]
async fn requests_signed_by_python_oauthlib_are_accepted() {
    crate::support::prereq::require("python3 with oauthlib", crate::support::prereq::oauthlib());
    let emu = start(Scenario::Healthy).await;
    let c = demo::credentials();
    let cases: [(&str, String, Option<&str>); 4] = [
        ("GET", SERVER_TIME.to_string(), None),
        (
            "GET",
            format!("{RESTLET}&q=a%20b%2Fc%21%2A%27%28%29&empty="),
            None,
        ),
        (
            "POST",
            RESTLET.to_string(),
            Some("name=J%C3%BCrgen+M&x=1%2B1"),
        ),
        ("POST", SUITEQL.to_string(), None),
    ];
    // One Python run signs every case (starting Python is the slow part).
    let script = r#"
import sys, json
from oauthlib import oauth1
ck, cs, tk, ts, realm, cases = sys.argv[1:7]
client = oauth1.Client(ck, client_secret=cs, resource_owner_key=tk, resource_owner_secret=ts,
                       signature_method=oauth1.SIGNATURE_HMAC_SHA256, realm=realm)
for method, url, body in json.loads(cases):
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    _, h, _ = client.sign(url, http_method=method, body=body or None, headers=headers)
    print(h["Authorization"])
"#;
    let jobs: Vec<(String, String, String)> = cases
        .iter()
        .map(|(m, p, f)| {
            (
                m.to_string(),
                format!("{}{p}", emu.base_url()),
                f.unwrap_or("").to_string(),
            )
        })
        .collect();
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            script,
            c.consumer_key.expose(),
            c.consumer_secret.expose(),
            c.token_id.expose(),
            c.token_secret.expose(),
            demo::ACCOUNT,
            &serde_json::to_string(&jobs).unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let headers: Vec<&str> = stdout.lines().collect();
    assert_eq!(headers.len(), cases.len());
    for ((method, path, form), auth) in cases.iter().zip(headers) {
        let (body, ct) = match (form, path.contains("suiteql")) {
            (Some(f), _) => (Some(*f), Some("application/x-www-form-urlencoded")),
            (None, true) => (
                Some(r#"{"q":"SELECT id FROM employee"}"#),
                Some("application/json"),
            ),
            _ => (None, None),
        };
        let got = send_with_auth(&emu, method, path, auth, body, ct).await;
        assert_eq!(got.status, 200, "{method} {path}: {} / {auth}", got.body);
        assert_eq!(last_detail(&emu), None);
    }
    assert_eq!(emu.audit_trail().len(), cases.len());
}

/// Changes one character (the last) of `s`.
fn bump(s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let last = chars.last_mut().expect("non-empty");
    *last = match *last {
        'z' => 'y',
        'Z' => 'Y',
        '9' => '8',
        '=' => 'A',
        c if c.is_ascii_alphanumeric() => (c as u8 + 1) as char,
        _ => 'x',
    };
    chars.into_iter().collect()
}

fn header(fields: &[(String, String)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", percent_encode(v)))
        .collect();
    format!("OAuth {}", parts.join(", "))
}

#[tokio::test]
async fn a_one_character_change_anywhere_is_rejected() {
    let emu = start(Scenario::Healthy).await;
    let base = emu.base_url();
    let path = format!("{RESTLET}&custom=value");
    let c = demo::credentials();
    let sign_with = |method: &str, url: &str, cs: &str, ts: &str| {
        sign(&SignInput {
            method,
            url,
            form: &[],
            consumer_key: c.consumer_key.expose(),
            consumer_secret: cs,
            token: Some(c.token_id.expose()),
            token_secret: ts,
            realm: Some(demo::ACCOUNT),
            extra: &[],
            nonce: None,
            timestamp: None,
        })
        .unwrap()
    };
    let (cs, ts) = (c.consumer_secret.expose(), c.token_secret.expose());
    let url = format!("{base}{path}");

    // Sanity: the unmodified request passes.
    let good = sign_with("GET", &url, cs, ts);
    assert_eq!(
        send_with_auth(&emu, "GET", &path, &good.authorization, None, None)
            .await
            .status,
        200
    );

    // (label, Authorization header sent with GET {path}, expected Detail)
    let mut cases: Vec<(String, String, &str)> = vec![
        (
            "method".into(),
            sign_with("POST", &url, cs, ts).authorization,
            "InvalidSignature",
        ),
        (
            "path".into(),
            sign_with("GET", &url.replace("restlet.nl", "restlet.nm"), cs, ts).authorization,
            "InvalidSignature",
        ),
        (
            "host".into(),
            sign_with("GET", &url.replace("127.0.0.1", "127.0.0.2"), cs, ts).authorization,
            "InvalidSignature",
        ),
        (
            "consumer secret".into(),
            sign_with("GET", &url, &bump(cs), ts).authorization,
            "InvalidSignature",
        ),
        (
            "token secret".into(),
            sign_with("GET", &url, cs, &bump(ts)).authorization,
            "InvalidSignature",
        ),
    ];
    for (name, value) in [
        ("script", "customscript_nstba_demo"),
        ("deploy", "customdeploy_nstba_demo"),
        ("custom", "value"),
    ] {
        let q_name = url.replace(
            &format!("{name}={value}"),
            &format!("{}={value}", bump(name)),
        );
        let q_value = url.replace(
            &format!("{name}={value}"),
            &format!("{name}={}", bump(value)),
        );
        cases.push((
            format!("query name {name}"),
            sign_with("GET", &q_name, cs, ts).authorization,
            "InvalidSignature",
        ));
        cases.push((
            format!("query value {name}"),
            sign_with("GET", &q_value, cs, ts).authorization,
            "InvalidSignature",
        ));
    }
    // Each oauth parameter changed after signing.
    let fresh = sign_with("GET", &url, cs, ts);
    let fields = vec![
        ("realm".to_string(), demo::ACCOUNT.to_string()),
        (
            "oauth_consumer_key".into(),
            c.consumer_key.expose().to_string(),
        ),
        ("oauth_token".into(), c.token_id.expose().to_string()),
        ("oauth_signature_method".into(), "HMAC-SHA256".into()),
        ("oauth_timestamp".into(), fresh.timestamp.clone()),
        ("oauth_nonce".into(), fresh.nonce.clone()),
        ("oauth_version".into(), "1.0".into()),
        ("oauth_signature".into(), fresh.signature.clone()),
    ];
    for (i, expected) in [
        (1, "consumer_key_unknown"),
        (2, "token_rejected"),
        (3, "UnknownAlgorithm"),
        (4, "InvalidSignature"),
        (5, "InvalidSignature"),
        (6, "VersionRejected"),
        (7, "InvalidSignature"),
    ] {
        let mut f = fields.clone();
        f[i].1 = bump(&f[i].1);
        cases.push((format!("oauth param {}", f[i].0), header(&f), expected));
    }
    for (label, auth, expected) in &cases {
        let got = send_with_auth(&emu, "GET", &path, auth, None, None).await;
        assert_eq!(got.status, 401, "{label}: {}", got.body);
        assert_eq!(last_detail(&emu).as_deref(), Some(*expected), "{label}");
    }
    assert_eq!(cases.len(), 18);

    // The untouched header built the same way still passes (the table is not rejecting everything).
    let mut f = fields.clone();
    let again = sign_with("GET", &url, cs, ts);
    f[4].1 = again.timestamp.clone();
    f[5].1 = again.nonce.clone();
    f[7].1 = again.signature.clone();
    assert_eq!(
        send_with_auth(&emu, "GET", &path, &header(&f), None, None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn soap_one_character_changes_are_rejected() {
    let emu = start(Scenario::Healthy).await;
    let c = demo::credentials();
    let good = passport_envelope(&c, demo::ACCOUNT);
    assert_eq!(soap_raw(&emu, good).await.status, 200);
    let variants = [
        Credentials::new(
            bump(c.consumer_key.expose()),
            c.consumer_secret.expose(),
            c.token_id.expose(),
            c.token_secret.expose(),
        ),
        Credentials::new(
            c.consumer_key.expose(),
            bump(c.consumer_secret.expose()),
            c.token_id.expose(),
            c.token_secret.expose(),
        ),
        Credentials::new(
            c.consumer_key.expose(),
            c.consumer_secret.expose(),
            bump(c.token_id.expose()),
            c.token_secret.expose(),
        ),
        Credentials::new(
            c.consumer_key.expose(),
            c.consumer_secret.expose(),
            c.token_id.expose(),
            bump(c.token_secret.expose()),
        ),
    ];
    let expected = [
        "consumer_key_unknown",
        "InvalidSignature",
        "token_rejected",
        "InvalidSignature",
    ];
    for (creds, want) in variants.iter().zip(expected) {
        let got = soap_raw(&emu, passport_envelope(creds, demo::ACCOUNT)).await;
        assert_eq!(got.status, 500);
        assert_eq!(last_detail(&emu).as_deref(), Some(want));
    }
    // Tampering with the nonce, timestamp or account inside a signed passport.
    let signed_env = passport_envelope(&c, demo::ACCOUNT);
    let doc = roxmltree::Document::parse(&signed_env).unwrap();
    for field in ["nonce", "timestamp", "account", "signature"] {
        let node = doc
            .descendants()
            .find(|n| n.tag_name().name() == field)
            .unwrap();
        let value = node.text().unwrap();
        let tampered = signed_env.replace(&format!(">{value}<"), &format!(">{}<", bump(value)));
        let got = soap_raw(&emu, tampered).await;
        assert_eq!(got.status, 500, "{field}");
        assert_eq!(
            last_detail(&emu).as_deref(),
            Some("InvalidSignature"),
            "{field}"
        );
    }
}

#[tokio::test]
async fn nonce_and_timestamp_rules() {
    let emu = start(Scenario::Healthy).await;
    let c = demo::credentials();
    let url = format!("{}{SERVER_TIME}", emu.base_url());
    let now: i64 = nstba::netsuite::oauth::timestamp_now().parse().unwrap();
    let with = |nonce: &str, ts: String| {
        sign(&SignInput {
            method: "GET",
            url: &url,
            form: &[],
            consumer_key: c.consumer_key.expose(),
            consumer_secret: c.consumer_secret.expose(),
            token: Some(c.token_id.expose()),
            token_secret: c.token_secret.expose(),
            realm: Some(demo::ACCOUNT),
            extra: &[],
            nonce: Some(nonce),
            timestamp: Some(&ts),
        })
        .unwrap()
        .authorization
    };
    for (auth, want) in [
        (with("abcde", now.to_string()), Some("nonce_rejected")),
        (
            with("abcdef", (now - 400).to_string()),
            Some("InvalidTimestamp"),
        ),
        (
            with("abcdefg", (now + 400).to_string()),
            Some("InvalidTimestamp"),
        ),
        (with("abcdefgh", (now - 250).to_string()), None),
    ] {
        let got = send_with_auth(&emu, "GET", SERVER_TIME, &auth, None, None).await;
        assert_eq!(last_detail(&emu).as_deref(), want, "{}", got.body);
    }
}
