//! The healthy emulator over loopback with a real client: every route accepts a correctly signed
//! request, rejections have NetSuite's exact shapes, replays are caught, `Date` is always present.

use crate::support::emulator::*;
use nstba::emulator::{Emulator, EmulatorConfig, EmulatorOptions, Scenario, demo};

#[tokio::test]
async fn every_route_accepts_a_correctly_signed_request() {
    let emu = start(Scenario::Healthy).await;

    let t = signed(&emu, "GET", SERVER_TIME, None, None).await;
    assert_eq!(t.status, 200, "{}", t.body);
    let server_time = t.json()["serverTime"].as_str().unwrap().to_string();
    assert!(
        server_time.ends_with(".000Z") && server_time.len() == 24,
        "{server_time}"
    );

    let m = signed(&emu, "GET", METADATA, None, None).await;
    assert_eq!(m.status, 200, "{}", m.body);
    assert!(
        m.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["name"] == "employee")
    );

    let q = signed(
        &emu,
        "POST",
        SUITEQL,
        Some(r#"{"q":"SELECT id, entityid FROM employee"}"#),
        Some("application/json"),
    )
    .await;
    assert_eq!(q.status, 200, "{}", q.body);
    let qj = q.json();
    assert_eq!(qj["count"], 2);
    assert_eq!(qj["hasMore"], true);
    assert_eq!(qj["items"].as_array().unwrap().len(), 2);

    let ti = signed(&emu, "GET", TOKENINFO, None, None).await;
    assert_eq!(ti.status, 200, "{}", ti.body);
    let tj = ti.json();
    assert_eq!(tj["companyId"], demo::ACCOUNT);
    assert!(tj["roleName"].is_string() && tj["roleId"].is_number() && tj["entityId"].is_number());

    let rg = signed(
        &emu,
        "GET",
        &format!("{RESTLET}&greeting=hi+there"),
        None,
        None,
    )
    .await;
    assert_eq!(rg.status, 200, "{}", rg.body);
    assert_eq!(rg.json()["parameters"]["greeting"], "hi there");

    let rp = signed(
        &emu,
        "POST",
        RESTLET,
        Some(r#"{"x":1}"#),
        Some("application/json"),
    )
    .await;
    assert_eq!(rp.status, 200, "{}", rp.body);
    assert_eq!(rp.json()["received"]["x"], 1);

    let s = soap(&emu).await;
    assert_eq!(s.status, 200, "{}", s.body);
    let doc = roxmltree::Document::parse(&s.body).unwrap();
    assert!(
        doc.descendants()
            .any(|n| n.tag_name().name() == "serverTime")
    );

    let trail = emu.audit_trail();
    assert_eq!(trail.len(), 7);
    assert!(
        trail
            .iter()
            .all(|e| e.success && e.detail.is_none() && e.status == 200)
    );
    let interfaces: Vec<&str> = trail.iter().map(|e| e.interface).collect();
    assert_eq!(
        interfaces,
        [
            "rest", "rest", "rest", "restlet", "restlet", "restlet", "soap"
        ]
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn replayed_header_is_nonce_used_on_every_interface() {
    let emu = start(Scenario::Healthy).await;
    for (path, detail) in [(SERVER_TIME, "NonceUsed"), (TOKENINFO, "nonce_used")] {
        let url = format!("{}{path}", emu.base_url());
        let auth = oauth_header("GET", &url, &demo::credentials(), Some(demo::ACCOUNT));
        let first = send_with_auth(&emu, "GET", path, &auth, None, None).await;
        assert_eq!(first.status, 200, "{}", first.body);
        let second = send_with_auth(&emu, "GET", path, &auth, None, None).await;
        assert_eq!(second.status, 401, "{}", second.body);
        assert_eq!(last_detail(&emu).as_deref(), Some(detail));
    }
    let envelope = passport_envelope(&demo::credentials(), demo::ACCOUNT);
    assert_eq!(soap_raw(&emu, envelope.clone()).await.status, 200);
    let again = soap_raw(&emu, envelope).await;
    assert_eq!(again.status, 500);
    assert_eq!(soap_fault(&again.body).0, "Invalid login attempt.");
    assert_eq!(last_detail(&emu).as_deref(), Some("NonceUsed"));
}

#[tokio::test]
async fn rest_401_has_netsuites_exact_shape_and_a_date_header() {
    let emu = start(Scenario::Healthy).await;
    let bad = send_with_auth(
        &emu,
        "GET",
        SERVER_TIME,
        "OAuth oauth_token=\"x\"",
        None,
        None,
    )
    .await;
    assert_eq!(bad.status, 401);
    assert_eq!(
        bad.header("www-authenticate"),
        Some(
            r#"OAuth realm="1234567_SB1", error="token_rejected", error_description="Invalid login attempt.""#
        )
    );
    let j = bad.json();
    assert_eq!(j["status"], 401);
    assert_eq!(j["title"], "Unauthorized");
    assert_eq!(j["o:errorDetails"][0]["o:errorCode"], "INVALID_LOGIN");
    assert!(
        j["o:errorDetails"][0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("Invalid login attempt.")
    );
    assert_eq!(
        last_detail(&emu).as_deref(),
        Some("MissingTokenPassportRequiredFields")
    );
    let date = bad.header("date").expect("Date header");
    assert_eq!(
        bad.headers.get_all("date").iter().count(),
        1,
        "one Date header only"
    );
    let parsed = httpdate::parse_http_date(date).expect("HTTP date");
    let skew = parsed
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .abs_diff(nstba::netsuite::oauth::timestamp_now().parse().unwrap());
    assert!(skew <= 2, "Date {date} is {skew}s off");

    // A duplicated parameter is parameter_rejected, with the very same response.
    let dup = send_with_auth(
        &emu,
        "GET",
        SERVER_TIME,
        "OAuth oauth_nonce=\"abcdefgh\", oauth_nonce=\"abcdefgh\"",
        None,
        None,
    )
    .await;
    assert_eq!(dup.status, 401);
    assert_eq!(dup.body, bad.body);
    assert_eq!(last_detail(&emu).as_deref(), Some("parameter_rejected"));
}

#[tokio::test]
async fn restlet_errors_follow_the_request_content_type() {
    let emu = start(Scenario::Healthy).await;
    let cases = [
        (
            None,
            r#"{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"Invalid login attempt."}}"#,
        ),
        (
            Some("application/xml"),
            "<error><code>INVALID_LOGIN_ATTEMPT</code><message>Invalid login attempt.</message></error>",
        ),
        (
            Some("text/plain"),
            "error code: INVALID_LOGIN_ATTEMPT error message: Invalid login attempt.",
        ),
    ];
    for (ct, expected) in cases {
        let got = send_with_auth(&emu, "GET", TOKENINFO, "Bearer nope", None, ct).await;
        assert_eq!(got.status, 401);
        assert_eq!(got.body, expected);
    }
    // Wrong script: authenticated, then SSS_INVALID_SCRIPTLET_ID.
    let wrong = signed(
        &emu,
        "GET",
        "/app/site/hosting/restlet.nl?script=customscript_other&deploy=1",
        None,
        None,
    )
    .await;
    assert_eq!(wrong.status, 400);
    assert_eq!(wrong.json()["error"]["code"], "SSS_INVALID_SCRIPTLET_ID");
    assert_eq!(
        last_detail(&emu).as_deref(),
        Some("SSS_INVALID_SCRIPTLET_ID")
    );
    // Numeric ids work too.
    let numeric = signed(
        &emu,
        "GET",
        "/app/site/hosting/restlet.nl?script=42&deploy=1",
        None,
        None,
    )
    .await;
    assert_eq!(numeric.status, 200, "{}", numeric.body);
}

#[tokio::test]
async fn realm_is_lenient_for_rest_but_noted_and_strict_for_soap() {
    // Lenient realm is an option now (default strict, see the emulator's fidelity principle).
    let emu = Emulator::start_with(
        EmulatorConfig::default(),
        EmulatorOptions {
            strict_realm: false,
            ..EmulatorOptions::default()
        },
    )
    .await
    .unwrap();
    let url = format!("{}{SERVER_TIME}", emu.base_url());
    let auth = oauth_header("GET", &url, &demo::credentials(), Some("1234567-sb1"));
    let got = send_with_auth(&emu, "GET", SERVER_TIME, &auth, None, None).await;
    assert_eq!(got.status, 200);
    let entry = last(&emu);
    assert!(entry.success);
    assert!(entry.note.unwrap().contains("1234567-sb1"));

    let lower = soap_raw(&emu, passport_envelope(&demo::credentials(), "1234567_sb1")).await;
    assert_eq!(lower.status, 500);
    assert_eq!(last_detail(&emu).as_deref(), Some("InvalidSignature"));
}

#[tokio::test]
async fn soap_ambiguous_authentication_and_trailing_newline() {
    let emu = start(Scenario::Healthy).await;
    let env = passport_envelope(&demo::credentials(), demo::ACCOUNT).replace(
        "<soapenv:Header>",
        "<soapenv:Header><platformMsgs:applicationInfo><platformMsgs:applicationId>X</platformMsgs:applicationId></platformMsgs:applicationInfo>",
    );
    let got = soap_raw(&emu, env).await;
    assert_eq!(got.status, 500);
    assert_eq!(
        soap_fault(&got.body),
        (
            "Ambiguous authentication".to_string(),
            "USER_ERROR".to_string()
        )
    );
    // Ruby's Base64.encode64 adds a newline to the signature; NetSuite (and we) trim it.
    let env = passport_envelope(&demo::credentials(), demo::ACCOUNT)
        .replace("</platformCore:signature>", "\n</platformCore:signature>");
    assert_eq!(soap_raw(&emu, env).await.status, 200);
    // The login failure fault.
    let creds = nstba::netsuite::Credentials::new(
        demo::credentials().consumer_key.expose(),
        "00".repeat(32),
        demo::credentials().token_id.expose(),
        demo::credentials().token_secret.expose(),
    );
    let bad = soap_raw(&emu, passport_envelope(&creds, demo::ACCOUNT)).await;
    assert_eq!(bad.status, 500);
    assert!(
        bad.body
            .contains("<faultcode>soapenv:Server.userException</faultcode>")
    );
    assert!(bad.body.contains("invalidCredentialsFault"));
    assert_eq!(
        soap_fault(&bad.body),
        (
            "Invalid login attempt.".to_string(),
            "USER_ERROR".to_string()
        )
    );
    assert_eq!(last_detail(&emu).as_deref(), Some("InvalidSignature"));
}

#[tokio::test]
async fn datacenter_lookup() {
    let emu = start(Scenario::Healthy).await;
    let get = |q: &'static str| {
        let url = format!("{}/rest/datacenterurls?{q}", emu.base_url());
        async move { read(http().get(url).send().await.unwrap()).await }
    };
    let ok = get("account=1234567_SB1").await;
    assert_eq!(ok.status, 200);
    let j = ok.json();
    assert_eq!(
        j["restDomain"],
        "https://1234567-sb1.restlets.api.netsuite.com"
    );
    assert_eq!(
        j["webservicesDomain"],
        "https://1234567-sb1.suitetalk.api.netsuite.com"
    );
    assert_eq!(j["systemDomain"], "https://1234567-sb1.app.netsuite.com");
    assert!(ok.header("date").is_some());

    let hyphen = get("account=1234567-sb1").await;
    assert_eq!(
        (hyphen.status, hyphen.body.as_str()),
        (400, "Company Id is invalid")
    );
    assert_eq!(get("").await.status, 400);

    let unknown = get("account=7777777").await;
    assert_eq!(unknown.status, 200);
    assert_eq!(
        unknown.json()["systemDomain"],
        "https://system.netsuite.com"
    );

    emu.set_scenario(Scenario::AccountNotFound);
    let gone = get("account=1234567_SB1").await;
    assert_eq!(gone.json()["restDomain"], "https://rest.netsuite.com");
    // The lookup is not a login: nothing in the audit trail.
    assert!(emu.audit_trail().is_empty());
}

#[tokio::test]
async fn debug_endpoints_switch_scenarios_and_show_the_trail() {
    let emu = start(Scenario::Healthy).await;
    let base = emu.base_url();
    let put = read(
        http()
            .put(format!("{base}/__nstba/scenario/revoked-token"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(put.status, 200);
    assert_eq!(emu.scenario(), Scenario::RevokedToken);
    let got = read(
        http()
            .get(format!("{base}/__nstba/scenario"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(got.json()["scenario"], "revoked-token");
    let nope = read(
        http()
            .put(format!("{base}/__nstba/scenario/nope"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(nope.status, 404);
    assert!(nope.body.contains("wrong-consumer-secret"));

    assert_eq!(
        signed(&emu, "GET", SERVER_TIME, None, None).await.status,
        401
    );
    let trail = read(
        http()
            .get(format!("{base}/__nstba/audit-trail"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let j = trail.json();
    assert_eq!(j[0]["detail"], "token_rejected");
    assert_eq!(j[0]["interface"], "rest");
    assert_eq!(j[0]["status"], 401);
    assert_eq!(j[0]["success"], false);
    assert_eq!(j[0]["path"], SERVER_TIME);
    // Secrets never appear in the trail.
    let c = demo::credentials();
    for s in [c.consumer_secret.expose(), c.token_secret.expose()] {
        assert!(!trail.body.contains(s));
    }
}

#[tokio::test]
async fn form_bodies_are_signed_json_bodies_are_not() {
    let emu = start(Scenario::Healthy).await;
    let url = format!("{}{RESTLET}", emu.base_url());
    let c = demo::credentials();
    let sign_form = |form: &[(String, String)]| {
        nstba::netsuite::oauth::sign(&nstba::netsuite::oauth::SignInput {
            method: "POST",
            url: &url,
            form,
            consumer_key: c.consumer_key.expose(),
            consumer_secret: c.consumer_secret.expose(),
            token: Some(c.token_id.expose()),
            token_secret: c.token_secret.expose(),
            realm: Some(demo::ACCOUNT),
            extra: &[],
            nonce: None,
            timestamp: None,
        })
        .unwrap()
        .authorization
    };
    let form = vec![("a".to_string(), "b c".to_string())];
    let ct = Some("application/x-www-form-urlencoded");
    // Signed with the form parameters: accepted.
    let ok = send_with_auth(&emu, "POST", RESTLET, &sign_form(&form), Some("a=b+c"), ct).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    // The same form body, signed without it: InvalidSignature.
    let bad = send_with_auth(&emu, "POST", RESTLET, &sign_form(&[]), Some("a=b+c"), ct).await;
    assert_eq!(bad.status, 401);
    assert_eq!(last_detail(&emu).as_deref(), Some("InvalidSignature"));
    // A JSON body is never signed: signing it as if it were form data fails.
    let json_signed = send_with_auth(
        &emu,
        "POST",
        RESTLET,
        &sign_form(&form),
        Some("a=b+c"),
        Some("application/json"),
    )
    .await;
    assert_eq!(json_signed.status, 401);
}
