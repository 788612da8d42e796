//! An access token's claims, decoded WITHOUT verifying the signature (nstba cannot: NetSuite signs
//! with its own keys). The point is diagnosis: which role, entity and application the certificate
//! mapping hit, which scopes were granted, when it expires (reference §1.4). Never panics.

use serde::Serialize;
use serde_json::Value;

use super::jws;
use crate::Secret;

/// What an access token says about itself (unverified).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct TokenClaims {
    /// Role internal id (`sub` = `<role>;<entity>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Entity internal id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// `sub` as sent, when it is not the two-part form (M2M tokens have a 5-part shape whose
    /// meaning is undocumented).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Integration Application ID (`aud[0]` = `<ApplicationID>;<account>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    /// Account id from `aud[0]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Client ID (`aud[1]`), a credential like the consumer key: never serialized.
    #[serde(skip)]
    pub client: Option<Secret>,
    /// Granted scopes.
    pub scope: Vec<String>,
    /// `exp`, Unix seconds.
    #[serde(rename = "expires", skip_serializing_if = "Option::is_none")]
    pub expires: Option<i64>,
    /// `iat`, Unix seconds.
    #[serde(rename = "issued", skip_serializing_if = "Option::is_none")]
    pub issued: Option<i64>,
    /// `iss` (normally `https://system.netsuite.com`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
}

/// Longest claim value kept (they are shown to the user).
const MAX_VALUE: usize = 200;

/// Decodes the payload of a JWT access token; `None` when it is not a JWS with a JSON object
/// payload.
pub fn decode_unverified(token: &Secret) -> Option<TokenClaims> {
    let parts = jws::decode(token.expose())?;
    let v: Value = serde_json::from_slice(&parts.payload).ok()?;
    let obj = v.as_object()?;
    let mut c = TokenClaims {
        scope: scopes(obj.get("scope")),
        expires: obj.get("exp").and_then(seconds),
        issued: obj.get("iat").and_then(seconds),
        issuer: obj.get("iss").and_then(Value::as_str).map(clean),
        ..TokenClaims::default()
    };
    if let Some(sub) = obj.get("sub").and_then(Value::as_str) {
        match sub.split(';').collect::<Vec<_>>().as_slice() {
            [role, entity] => {
                c.role = Some(clean(role));
                c.entity = Some(clean(entity));
            }
            _ => c.subject = Some(clean(sub)),
        }
    }
    let aud: Vec<&str> = match obj.get("aud") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if let Some((app, account)) = aud.first().and_then(|a| a.split_once(';')) {
        c.application = Some(clean(app));
        c.account = Some(clean(account));
    }
    c.client = aud.get(1).map(|s| Secret::new(s.to_string()));
    Some(c)
}

/// `scope` as an array of strings, or a comma/space-separated string.
fn scopes(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(clean).collect(),
        Some(Value::String(s)) => s
            .split([',', ' '])
            .filter(|x| !x.is_empty())
            .map(clean)
            .collect(),
        _ => vec![],
    }
}

/// Integer seconds from a number (fractions dropped) or a numeric string.
fn seconds(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .take(MAX_VALUE)
        .collect()
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    fn token(payload: &str) -> Secret {
        Secret::new(format!(
            "eyJhbGciOiJSUzI1NiJ9.{}.c2ln",
            URL_SAFE_NO_PAD.encode(payload)
        ))
    }

    #[test]
    fn oracle_sample_decodes() {
        let t = token(
            r#"{"sub":"3;-5","aud":["1C61CD58-044D-497A-AA29-7A3E9A9BB924;3829855","751a2830e09c6f47b00e486ec192934cd0efad12fdba5f4703841bd2b67d5357"],"scope":["restlets","rest_webservices"],"iss":"https://system.netsuite.com","oit":1769768894,"exp":1769772494,"iat":1769768894,"jti":"3829855.a-a.1a5ac9ee-"}"#,
        );
        let c = decode_unverified(&t).unwrap();
        assert_eq!(c.role.as_deref(), Some("3"));
        assert_eq!(c.entity.as_deref(), Some("-5"));
        assert_eq!(
            c.application.as_deref(),
            Some("1C61CD58-044D-497A-AA29-7A3E9A9BB924")
        );
        assert_eq!(c.account.as_deref(), Some("3829855"));
        assert_eq!(c.scope, ["restlets", "rest_webservices"]);
        assert_eq!(c.expires, Some(1769772494));
        let json = serde_json::to_string(&c).unwrap();
        assert!(
            !json.contains("751a2830"),
            "client id must not be serialized: {json}"
        );
        assert!(!format!("{c:?}").contains("751a2830"));
    }

    #[test]
    fn five_part_subject_is_kept_raw() {
        let c =
            decode_unverified(&token(r#"{"sub":"4030059;0;3;7;N","scope":"restlets"}"#)).unwrap();
        assert_eq!(c.role, None);
        assert_eq!(c.subject.as_deref(), Some("4030059;0;3;7;N"));
        assert_eq!(c.scope, ["restlets"]);
    }

    #[test]
    fn garbage_never_panics() {
        for t in [
            "",
            "x",
            "a.b.c",
            "e30.W10.",
            "e30.bnVsbA.",
            "....",
            "e30.eyJleHAiOjFlMzAwfQ.",
        ] {
            let _ = decode_unverified(&Secret::from(t));
        }
        let c = decode_unverified(&token(r#"{"exp":1e300,"iat":"12","sub":5,"aud":7}"#)).unwrap();
        assert_eq!(c.issued, Some(12));
        assert!(c.role.is_none());
    }
}

/// Requirements found missing by mutation testing (cargo-mutants, TESTING.md).
#[cfg(test)]
mod mutation_tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    fn token(payload: &str) -> Secret {
        Secret::new(format!("e30.{}.c2ln", URL_SAFE_NO_PAD.encode(payload)))
    }

    #[test]
    fn issuer_and_a_single_string_audience_are_read() {
        let c = decode_unverified(&token(
            r#"{"iss":"https://system.netsuite.com","aud":"APP-1;1234567_SB1","scope":"restlets, rest_webservices"}"#,
        ))
        .unwrap();
        assert_eq!(c.issuer.as_deref(), Some("https://system.netsuite.com"));
        assert_eq!(c.application.as_deref(), Some("APP-1"));
        assert_eq!(c.account.as_deref(), Some("1234567_SB1"));
        assert!(c.client.is_none());
        assert_eq!(c.scope, ["restlets", "rest_webservices"]);
    }
}
