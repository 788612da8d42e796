//! The token endpoint requests of the authorization code grant (reference §2.2, §2.3): the code
//! exchange, the refresh, and the revoke, each a form body plus, for a confidential client,
//! `Authorization: Basic base64(client_id:client_secret)` (RFC 7617). A public client has no
//! secret: it sends `client_id` in the form (what netsuite-cli does), or, as Oracle's mirror also
//! allows [U], an `Authorization: Basic` header holding only the client id. Bodies and headers are
//! [`Secret`]s: they carry the code, the verifier, the refresh token or the client secret.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::Secret;
use crate::netsuite::encode::percent_encode;

/// Path of the revoke endpoint on the account's `suitetalk.api.netsuite.com` host.
pub const REVOKE_PATH: &str = "/services/rest/auth/oauth2/v1/revoke";
/// `grant_type` of the code exchange.
pub const GRANT_CODE: &str = "authorization_code";
/// `grant_type` of a refresh.
pub const GRANT_REFRESH: &str = "refresh_token";

/// How a public client names itself ([U]: Oracle documents both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PublicStyle {
    /// `client_id` in the form, no `Authorization` header (default).
    #[default]
    Form,
    /// `Authorization: Basic base64(client_id:)`, nothing in the form.
    Header,
}

/// How the client authenticates at the token endpoint.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientAuth {
    /// The integration record's client id.
    pub client_id: Secret,
    /// The client secret of a confidential client; `None` for a public client.
    pub client_secret: Option<Secret>,
    /// How a public client sends its id.
    pub public_style: PublicStyle,
}

impl std::fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientAuth")
            .field("client_id", &"<redacted>")
            .field("confidential", &self.client_secret.is_some())
            .field("public_style", &self.public_style)
            .finish()
    }
}

/// A request for the token or revoke endpoint: its form body and `Authorization` header.
#[derive(Debug, Clone)]
pub struct GrantRequest {
    /// `application/x-www-form-urlencoded` body.
    pub body: Secret,
    /// `Authorization` header value, when the client authenticates with one.
    pub authorization: Option<Secret>,
}

impl ClientAuth {
    /// A public client (no secret).
    pub fn public(client_id: Secret) -> ClientAuth {
        ClientAuth {
            client_id,
            client_secret: None,
            public_style: PublicStyle::Form,
        }
    }

    /// True for a public client.
    pub fn is_public(&self) -> bool {
        self.client_secret.is_none()
    }

    /// The body of `fields` plus this client's authentication.
    fn request(&self, fields: &[(&str, &str)]) -> GrantRequest {
        let mut parts: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect();
        let authorization = match (&self.client_secret, self.public_style) {
            (Some(secret), _) => Some(basic(self.client_id.expose(), secret.expose())),
            (None, PublicStyle::Header) => Some(basic(self.client_id.expose(), "")),
            (None, PublicStyle::Form) => {
                parts.push(format!(
                    "client_id={}",
                    percent_encode(self.client_id.expose())
                ));
                None
            }
        };
        GrantRequest {
            body: Secret::new(parts.join("&")),
            authorization,
        }
    }

    /// Step two: redeems `code` (with the PKCE verifier and the same redirect URI as step one).
    pub fn exchange(&self, code: &Secret, redirect_uri: &str, verifier: &Secret) -> GrantRequest {
        self.request(&[
            ("code", code.expose()),
            ("redirect_uri", redirect_uri),
            ("grant_type", GRANT_CODE),
            ("code_verifier", verifier.expose()),
        ])
    }

    /// A refresh: a new access token (and, for a public client, a new refresh token).
    pub fn refresh(&self, refresh_token: &Secret) -> GrantRequest {
        self.request(&[
            ("grant_type", GRANT_REFRESH),
            ("refresh_token", refresh_token.expose()),
        ])
    }

    /// Revokes `token` (a refresh token, with its access tokens).
    pub fn revoke(&self, token: &Secret) -> GrantRequest {
        self.request(&[("token", token.expose())])
    }
}

/// `Basic base64(id:secret)`.
fn basic(id: &str, secret: &str) -> Secret {
    Secret::new(format!(
        "Basic {}",
        STANDARD.encode(format!("{id}:{secret}"))
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn confidential() -> ClientAuth {
        ClientAuth {
            client_id: Secret::from("cid"),
            client_secret: Some(Secret::from("csecret-0123456789")),
            public_style: PublicStyle::Form,
        }
    }

    #[test]
    fn public_exchange_puts_client_id_in_the_form() {
        let r = ClientAuth::public(Secret::from("cid")).exchange(
            &Secret::from("c0de"),
            "https://localhost:8899/callback",
            &Secret::from("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        );
        assert_eq!(
            r.body.expose(),
            "code=c0de&redirect_uri=https%3A%2F%2Flocalhost%3A8899%2Fcallback&grant_type=authorization_code\
             &code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&client_id=cid"
        );
        assert!(r.authorization.is_none());
        assert!(!format!("{r:?}").contains("c0de"));
    }

    #[test]
    fn confidential_clients_use_basic_auth() {
        let r = confidential().refresh(&Secret::from("rt.jwt"));
        assert_eq!(
            r.body.expose(),
            "grant_type=refresh_token&refresh_token=rt.jwt"
        );
        // base64("cid:csecret-0123456789")
        assert_eq!(
            r.authorization.unwrap().expose(),
            format!("Basic {}", STANDARD.encode("cid:csecret-0123456789"))
        );
        assert!(!format!("{:?}", confidential()).contains("csecret"));
        let rv = confidential().revoke(&Secret::from("rt"));
        assert_eq!(rv.body.expose(), "token=rt");
    }

    #[test]
    fn public_header_style_sends_only_the_client_id() {
        let mut a = ClientAuth::public(Secret::from("cid"));
        a.public_style = PublicStyle::Header;
        let r = a.refresh(&Secret::from("rt"));
        assert_eq!(r.body.expose(), "grant_type=refresh_token&refresh_token=rt");
        assert_eq!(
            r.authorization.unwrap().expose(),
            format!("Basic {}", STANDARD.encode("cid:"))
        );
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::tests::confidential;
    use super::*;

    /// A client without a secret is public, one with a secret is confidential.
    #[test]
    fn public_means_no_secret() {
        assert!(ClientAuth::public(Secret::from("cid")).is_public());
        assert!(!confidential().is_public());
    }

    /// `Debug` says which kind of client it is and how a public one names itself, and shows
    /// neither the client id nor the secret.
    #[test]
    fn debug_shows_the_kind_but_no_secret() {
        let d = format!("{:?}", confidential());
        assert!(d.contains("confidential: true"), "{d}");
        assert!(!d.contains("cid") && !d.contains("csecret"), "{d}");
        let mut p = ClientAuth::public(Secret::from("public-cid"));
        p.public_style = PublicStyle::Header;
        let d = format!("{p:?}");
        assert!(
            d.contains("confidential: false") && d.contains("Header"),
            "{d}"
        );
        assert!(!d.contains("public-cid"), "{d}");
    }

    /// A confidential client never puts its id in the form (it is in the Basic header), and a
    /// public client's revoke names it in the form.
    #[test]
    fn the_client_id_goes_in_exactly_one_place() {
        let r = confidential().exchange(
            &Secret::from("c0de"),
            "https://localhost:8899/callback",
            &Secret::from("v".repeat(43)),
        );
        assert!(
            !r.body.expose().contains("client_id"),
            "{}",
            r.body.expose()
        );
        assert!(r.authorization.is_some());
        let rv = ClientAuth::public(Secret::from("c i+d")).revoke(&Secret::from("rt"));
        assert_eq!(rv.body.expose(), "token=rt&client_id=c%20i%2Bd");
        assert!(rv.authorization.is_none());
    }
}
