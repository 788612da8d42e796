//! The legacy `GET /rest/issuetoken` endpoint: an NLAuth login (email, password, role, and a TOTP
//! code for roles that require two-factor authentication) that issues an access token for that
//! user and role (reference §4.2; Oracle Help Center chapter_157017286140, section_1546447142).
//!
//! What is documented: values are RFC 3986-escaped; the record needs **TBA: IssueToken Endpoint**;
//! the role needs **User Access Tokens**; users issue tokens only for themselves; a 2FA role without
//! `nlauth_otp` gets "two-factor authentication is required" (`TWO_FA_REQD`); a TOTP code works
//! once (RFC 6238, 30 s steps). What is not [U]: the order of the checks, the Login Audit Trail
//! Detail of each refusal and the success body's keys. Following the emulator's principle, every
//! refusal answers the plain `INVALID_LOGIN_ATTEMPT` (except the documented `TWO_FA_REQD`); with
//! `--flow-errors specific` the body carries the Detail written to the audit trail. The Detail
//! values are the documented ones closest to each cause (`INVALID_LOGIN_CREDENTIALS`,
//! `INVALID_ROLE`, `permission_denied`, `consumer_key_refused`…), with a note naming the exact
//! cause. Success answers `{"tokenId":…,"tokenSecret":…}`, the one shape seen in public code.

use axum::http::{Method, StatusCode, header};
use percent_encoding::percent_decode_str;

use super::model::{AccessToken, IntegrationState, Role};
use super::options::FlowErrors;
use super::responses::{self, RestletFormat, restlet_error};
use super::server::{Outcome, Req, Shared};
use super::verify::Interface;
use crate::Secret;

/// Password of the demo user (`integration@example.com`) for the issuetoken path.
pub const DEMO_PASSWORD: &str = "nstba-demo-password";
/// The demo user's TOTP secret (RFC 6238's own test secret, so any authenticator app or
/// `oathtool --totp 3132333435363738393031323334353637383930` shows the codes).
pub const DEMO_TOTP_SECRET: &[u8] = b"12345678901234567890";
/// [`DEMO_TOTP_SECRET`] in base32, as authenticator apps take it.
pub const DEMO_TOTP_BASE32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/// Demo role that may issue tokens (User Access Tokens), no 2FA.
pub const DEMO_ISSUER_ROLE: u32 = 1002;
/// Demo role that requires two-factor authentication.
pub const DEMO_2FA_ROLE: u32 = 1003;

/// One user's NetSuite login for NLAuth.
#[derive(Debug, Clone)]
pub struct Login {
    /// User internal id.
    pub user: u32,
    /// Password.
    pub password: Secret,
    /// TOTP secret (raw bytes), when the user has set up 2FA.
    pub totp: Option<Secret>,
}

/// What the issuetoken path needs beyond the TBA model.
#[derive(Debug, Clone, Default)]
pub struct IssueTokenSetup {
    /// Logins by user.
    pub logins: Vec<Login>,
    /// Roles that require two-factor authentication.
    pub two_factor_roles: Vec<u32>,
    /// Consumer keys of the records with the TBA: IssueToken Endpoint box ticked.
    pub endpoint_records: Vec<Secret>,
    /// Highest TOTP step accepted per user: a code (or an older one) works once.
    pub used_steps: Vec<(u32, u64)>,
}

impl IssueTokenSetup {
    /// The demo: user 4242 with [`DEMO_PASSWORD`] and [`DEMO_TOTP_SECRET`], role 1003 requiring
    /// 2FA, the demo record with the endpoint box ticked.
    pub fn demo(consumer_key: &Secret, user: u32) -> IssueTokenSetup {
        IssueTokenSetup {
            logins: vec![Login {
                user,
                password: Secret::new(DEMO_PASSWORD.into()),
                totp: Some(Secret::new(
                    String::from_utf8_lossy(DEMO_TOTP_SECRET).into_owned(),
                )),
            }],
            two_factor_roles: vec![DEMO_2FA_ROLE],
            endpoint_records: vec![consumer_key.clone()],
            used_steps: Vec::new(),
        }
    }

    /// The demo's two extra roles: one that may issue tokens, one that also requires 2FA.
    pub fn demo_roles(template: &Role) -> Vec<Role> {
        let issuer = Role {
            id: DEMO_ISSUER_ROLE,
            name: "Token issuer (nstba demo)".into(),
            user_access_tokens: true,
            ..template.clone()
        };
        let admin = Role {
            id: DEMO_2FA_ROLE,
            name: "Administrator, 2FA required (nstba demo)".into(),
            ..issuer.clone()
        };
        vec![issuer, admin]
    }
}

/// The `nlauth_*` values of a request, percent-decoded with the emulator's own code.
#[derive(Debug, Default)]
struct NlAuthValues {
    account: String,
    email: String,
    password: String,
    role: String,
    otp: Option<String>,
}

/// Parses `NLAuth nlauth_account=…, nlauth_email=…, …` (comma-separated, any order).
fn parse_nlauth(raw: &str) -> Option<NlAuthValues> {
    let rest = raw.trim().strip_prefix("NLAuth ")?;
    let mut v = NlAuthValues::default();
    for part in rest.split(',') {
        let (k, val) = part.trim().split_once('=')?;
        let val = percent_decode_str(val.trim())
            .decode_utf8()
            .ok()?
            .into_owned();
        match k.trim() {
            "nlauth_account" => v.account = val,
            "nlauth_email" => v.email = val,
            "nlauth_signature" => v.password = val,
            "nlauth_role" => v.role = val,
            "nlauth_otp" => v.otp = Some(val),
            _ => {}
        }
    }
    Some(v)
}

/// A refusal: the Detail for the audit trail and a note with the exact cause.
struct Refusal {
    detail: &'static str,
    note: &'static str,
}

fn refused(detail: &'static str, note: &'static str) -> Refusal {
    Refusal { detail, note }
}

/// Handles `GET /rest/issuetoken`.
pub(crate) fn handle(shared: &Shared, req: &Req) -> Outcome {
    if req.method != Method::GET {
        return Outcome::plain(responses::with_body(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            "",
        ));
    }
    match issue(shared, req) {
        Ok((id, secret)) => Outcome::logged(
            responses::json_ok(&serde_json::json!({"tokenId": id, "tokenSecret": secret})),
            Interface::Restlet,
            None,
            Some("access token issued (issuetoken, NLAuth)".into()),
        ),
        Err(r) => {
            let specific = shared.options.flow_errors == FlowErrors::Specific;
            let response = if r.detail == "TWO_FA_REQD" {
                restlet_error(
                    StatusCode::UNAUTHORIZED,
                    RestletFormat::Json,
                    "TWO_FA_REQD",
                    "Two-factor authentication is required.",
                )
            } else if specific {
                restlet_error(
                    StatusCode::UNAUTHORIZED,
                    RestletFormat::Json,
                    r.detail,
                    r.note,
                )
            } else {
                responses::restlet_unauthorized(RestletFormat::Json)
            };
            Outcome::logged(
                response,
                Interface::Restlet,
                Some(r.detail),
                Some(r.note.into()),
            )
        }
    }
}

/// The checks, login first (an unknown user learns nothing about records), then the code, the
/// role, the record and the role's permission; on success a new token in the model.
fn issue(shared: &Shared, req: &Req) -> Result<(String, String), Refusal> {
    let raw = req.header(header::AUTHORIZATION).unwrap_or("");
    let v = parse_nlauth(raw).ok_or_else(|| {
        refused(
            "INVALID_LOGIN_CREDENTIALS",
            "no NLAuth header, or a malformed one",
        )
    })?;
    let now = shared.now().max(0) as u64;
    let mut state = shared.lock();
    let model = &mut state.model;
    if !v.account.eq_ignore_ascii_case(&model.account.realm()) {
        return Err(refused(
            "INVALID_ACCT",
            "nlauth_account is not this account",
        ));
    }
    if !model.features.token_based_authentication {
        return Err(refused(
            "FeatureDisabled",
            "Token-based Authentication is off",
        ));
    }
    let user = model
        .users
        .iter()
        .find(|u| u.email.eq_ignore_ascii_case(v.email.trim()))
        .cloned()
        .ok_or_else(|| refused("INVALID_LOGIN_CREDENTIALS", "no user with this email"))?;
    let login = model
        .issuetoken
        .logins
        .iter()
        .find(|l| l.user == user.id)
        .cloned()
        .filter(|l| l.password.expose() == v.password)
        .ok_or_else(|| refused("INVALID_LOGIN_CREDENTIALS", "wrong password"))?;
    if user.locked {
        return Err(refused(
            "temporary_locked",
            "the user is locked after failed logins",
        ));
    }
    if !user.active {
        return Err(refused(
            "permission_denied",
            "the user (entity) is inactive",
        ));
    }
    let role_id: u32 = v
        .role
        .trim()
        .parse()
        .map_err(|_| refused("INVALID_ROLE", "nlauth_role is not a role internal id"))?;
    if !user.roles.contains(&role_id) {
        return Err(refused(
            "INVALID_ROLE",
            "the role is not one of this user's roles (tokens are issued only for yourself)",
        ));
    }
    if model.issuetoken.two_factor_roles.contains(&role_id) {
        check_otp(&mut model.issuetoken, &login, v.otp.as_deref(), now)?;
    }
    let role = model
        .role(role_id)
        .cloned()
        .ok_or_else(|| refused("INVALID_ROLE", "no such role"))?;
    if !role.active {
        return Err(refused("permission_denied", "the role is inactive"));
    }
    let ck = req.query_param("consumerKey").unwrap_or_default();
    let record = model.integration(&ck).cloned().ok_or_else(|| {
        refused(
            "consumer_key_unknown",
            "no integration record with this consumerKey",
        )
    })?;
    if record.state != IntegrationState::Enabled {
        return Err(refused(
            "consumer_key_refused",
            "the integration record is blocked or waiting for approval",
        ));
    }
    if !record.tba
        || !model
            .issuetoken
            .endpoint_records
            .iter()
            .any(|k| k.expose() == ck)
    {
        return Err(refused(
            "consumer_key_refused",
            "the integration record does not have TBA: IssueToken Endpoint ticked",
        ));
    }
    if !role.user_access_tokens {
        return Err(refused(
            "permission_denied",
            "the role lacks the User Access Tokens permission",
        ));
    }
    let (id, secret) = (super::flow::hex64(), super::flow::hex64());
    let name = req
        .query_param("name")
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| format!("{} {}", record.name, user.name));
    model.tokens.push(AccessToken {
        name,
        id: Secret::new(id.clone()),
        secret: Secret::new(secret.clone()),
        consumer_key: record.consumer_key.clone(),
        user: user.id,
        role: role_id,
        active: true,
    });
    Ok((id, secret))
}

/// RFC 6238 (SHA-1, 6 digits, 30 s, one step of skew) against the emulated clock; a step is
/// accepted once per user, and never one older than the last accepted.
fn check_otp(
    setup: &mut IssueTokenSetup,
    login: &Login,
    code: Option<&str>,
    now: u64,
) -> Result<(), Refusal> {
    let code = code.ok_or_else(|| {
        refused(
            "TWO_FA_REQD",
            "the role requires 2FA and no nlauth_otp was sent",
        )
    })?;
    let secret = login.totp.as_ref().ok_or_else(|| {
        refused(
            "TWO_FA_REQD",
            "the user has not set up two-factor authentication",
        )
    })?;
    let step = totp(secret.expose().as_bytes())
        .check(code.trim(), now)
        .ok_or_else(|| {
            refused(
                "INVALID_LOGIN_CREDENTIALS",
                "wrong or expired one-time code",
            )
        })?;
    let last = setup.used_steps.iter_mut().find(|(u, _)| *u == login.user);
    match last {
        Some((_, used)) if *used >= step => Err(refused(
            "INVALID_LOGIN_CREDENTIALS",
            "one-time code already used (each code works once)",
        )),
        Some((_, used)) => {
            *used = step;
            Ok(())
        }
        None => {
            setup.used_steps.push((login.user, step));
            Ok(())
        }
    }
}

/// The TOTP parameters NetSuite's authenticator setup uses (RFC 6238 defaults).
pub fn totp(secret: &[u8]) -> totp_rs::Totp {
    totp_rs::Builder::new()
        .with_secret(secret.to_vec())
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .build_noncompliant()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1 rows (8 digits, secret "12345678901234567890").
    #[test]
    fn rfc6238_sha1_vectors() {
        let t = totp_rs::Builder::new()
            .with_secret(DEMO_TOTP_SECRET.to_vec())
            .with_digits(8)
            .with_step_duration(30)
            .with_skew(0)
            .build_noncompliant();
        for (time, code) in [
            (59u64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(t.generate(time).to_string(), code, "T={time}");
            assert!(t.check(code, time).is_some());
        }
    }

    #[test]
    fn the_printed_base32_secret_is_the_demo_secret() {
        let s = totp_rs::Secret::from(DEMO_TOTP_SECRET.to_vec());
        assert_eq!(s.to_base32(), DEMO_TOTP_BASE32);
    }

    #[test]
    fn a_code_works_once_and_never_an_older_one() {
        let mut setup = IssueTokenSetup::demo(&Secret::new("ck".into()), 7);
        let login = setup.logins[0].clone();
        let now = 1_700_000_000;
        let code = totp(DEMO_TOTP_SECRET).generate(now).to_string();
        assert!(check_otp(&mut setup, &login, Some(&code), now).is_ok());
        let again = check_otp(&mut setup, &login, Some(&code), now + 1).unwrap_err();
        assert!(again.note.contains("already used"));
        let older = totp(DEMO_TOTP_SECRET).generate(now - 30).to_string();
        assert!(check_otp(&mut setup, &login, Some(&older), now).is_err());
        let next = totp(DEMO_TOTP_SECRET).generate(now + 30).to_string();
        assert!(check_otp(&mut setup, &login, Some(&next), now + 30).is_ok());
        assert_eq!(
            check_otp(&mut setup, &login, None, now).unwrap_err().detail,
            "TWO_FA_REQD"
        );
        assert!(check_otp(&mut setup, &login, Some("000000"), now + 60).is_err());
    }

    #[test]
    fn nlauth_parsing_decodes_values_and_refuses_other_schemes() {
        let v = parse_nlauth(
            "NLAuth nlauth_account=123_SB1, nlauth_email=a%40b.com, nlauth_signature=p%2Cw%3D%20x, nlauth_role=3, nlauth_otp=123456",
        )
        .unwrap();
        assert_eq!(
            (v.account.as_str(), v.email.as_str()),
            ("123_SB1", "a@b.com")
        );
        assert_eq!(v.password, "p,w= x");
        assert_eq!(v.role, "3");
        assert_eq!(v.otp.as_deref(), Some("123456"));
        assert!(parse_nlauth("OAuth realm=\"x\"").is_none());
        // An unescaped comma in a password splits the header: the login must fail, as in NetSuite.
        let v = parse_nlauth("NLAuth nlauth_email=a@b.com, nlauth_signature=p,w, nlauth_role=3");
        assert!(v.is_none() || v.is_some_and(|v| v.password != "p,w"));
    }
}
