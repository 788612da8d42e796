//! What an authorization-code integration holds once the user has logged in: the client id (and
//! secret, for a confidential client), the refresh token, the scopes, the redirect URI the record
//! has, the refresh token's validity, and who logged in (`company`, `role`, `entity` from the
//! callback). The secrets are [`Secret`]s; `Debug` shows none of them.

use crate::Secret;

use super::grant::{ClientAuth, PublicStyle};
use super::validity::RefreshValidity;

/// Environment variable: the client secret of a confidential client.
pub const CLIENT_SECRET_ENV: &str = "NETSUITE_CLIENT_SECRET";
/// The redirect URI's default port (register `https://localhost:8899/callback` on the record).
pub const DEFAULT_REDIRECT_PORT: u16 = 8899;

/// The default redirect URI for `port`.
pub fn redirect_uri_for(port: u16) -> String {
    format!("https://localhost:{port}/callback")
}

/// Authorization-code credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthCodeCredentials {
    /// Integration record Client ID.
    pub client_id: Secret,
    /// Client secret (confidential clients only).
    pub client_secret: Option<Secret>,
    /// The current refresh token.
    pub refresh_token: Secret,
    /// Scopes granted at login.
    pub scopes: Vec<String>,
    /// The redirect URI used at login.
    pub redirect_uri: String,
    /// The refresh token's validity.
    pub validity: RefreshValidity,
    /// `company` of the callback (the account logged in to).
    pub company: Option<String>,
    /// `role` of the callback.
    pub role: Option<String>,
    /// `entity` of the callback.
    pub entity: Option<String>,
    /// Where a rotated refresh token is saved (`None`: kept for this run only).
    pub store: Option<super::store::StoreHandle>,
}

impl std::fmt::Debug for AuthCodeCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthCodeCredentials")
            .field("client_id", &"<redacted>")
            .field("confidential", &self.client_secret.is_some())
            .field("refresh_token", &"<redacted>")
            .field("scopes", &self.scopes)
            .field("redirect_uri", &self.redirect_uri)
            .field("validity", &self.validity)
            .field("company", &self.company)
            .field("role", &self.role)
            .field("entity", &self.entity)
            .field("stored", &self.store.is_some())
            .finish()
    }
}

impl AuthCodeCredentials {
    /// How this client authenticates at the token endpoint.
    pub fn client_auth(&self) -> ClientAuth {
        ClientAuth {
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            public_style: PublicStyle::Form,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_every_secret() {
        let c = AuthCodeCredentials {
            client_id: Secret::from("client-id-0123456789"),
            client_secret: Some(Secret::from("client-secret-0123456789")),
            refresh_token: Secret::from("refresh-token-0123456789"),
            scopes: vec!["restlets".into()],
            redirect_uri: redirect_uri_for(DEFAULT_REDIRECT_PORT),
            validity: RefreshValidity::new(false, 0),
            company: Some("1234567".into()),
            role: Some("3".into()),
            entity: Some("4".into()),
            store: None,
        };
        let d = format!("{c:?} {:?}", c.client_auth());
        for s in [
            "client-id-0123456789",
            "client-secret-0123456789",
            "refresh-token-0123456789",
        ] {
            assert!(!d.contains(s), "{d}");
        }
        assert!(d.contains("https://localhost:8899/callback"));
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;

    fn credentials(secret: Option<&str>) -> AuthCodeCredentials {
        AuthCodeCredentials {
            client_id: Secret::from("client-id-0123456789"),
            client_secret: secret.map(Secret::from),
            refresh_token: Secret::from("refresh-token-0123456789"),
            scopes: vec!["restlets".into()],
            redirect_uri: redirect_uri_for(9000),
            validity: RefreshValidity::new(secret.is_none(), 0),
            company: None,
            role: None,
            entity: None,
            store: None,
        }
    }

    /// The token endpoint sees the credentials' own client: public without a secret (client id
    /// in the form), confidential with one (Basic header).
    #[test]
    fn client_auth_carries_the_client_id_and_secret() {
        let public = credentials(None).client_auth();
        assert!(public.is_public());
        assert_eq!(public.client_id.expose(), "client-id-0123456789");
        assert_eq!(public.public_style, PublicStyle::Form);
        let confidential = credentials(Some("client-secret-0123456789")).client_auth();
        assert_eq!(
            confidential.client_secret.as_ref().map(Secret::expose),
            Some("client-secret-0123456789")
        );
    }

    /// `Debug` says whether the client is confidential and whether a store is attached.
    #[test]
    fn debug_tells_confidential_and_stored() {
        let d = format!("{:?}", credentials(Some("s3cret-0123456789")));
        assert!(
            d.contains("confidential: true") && d.contains("stored: false"),
            "{d}"
        );
        assert!(d.contains("https://localhost:9000/callback"), "{d}");
    }
}
