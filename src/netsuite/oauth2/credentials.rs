//! What an OAuth 2.0 client-credentials (M2M) integration holds: the integration record's Client
//! ID, the Certificate ID NetSuite generated for the mapping, the private key whose certificate
//! was uploaded, the scopes, and optionally that certificate (for the local checks). The key is a
//! [`Secret`]; `Debug` never shows it (nor the client id, redacted like a TBA consumer key).

use std::path::PathBuf;

use crate::Secret;

/// Environment variable: the integration record's Client ID.
pub const CLIENT_ID_ENV: &str = "NETSUITE_CLIENT_ID";
/// Environment variable: the Certificate ID of the M2M mapping (the JWT `kid`).
pub const CERTIFICATE_ID_ENV: &str = "NETSUITE_CERTIFICATE_ID";
/// Environment variable: path to the unencrypted PEM private key.
pub const PRIVATE_KEY_FILE_ENV: &str = "NETSUITE_PRIVATE_KEY_FILE";
/// Environment variable: the PEM private key text itself.
pub const PRIVATE_KEY_ENV: &str = "NETSUITE_PRIVATE_KEY";
/// Environment variable: comma-separated scopes.
pub const SCOPES_ENV: &str = "NETSUITE_SCOPES";
/// Environment variable: the uploaded certificate's PEM file (optional, for the local checks).
pub const CERTIFICATE_FILE_ENV: &str = "NETSUITE_CERTIFICATE_FILE";

/// Every M2M variable (an M2M kind is "set" when any of the first three is).
pub const M2M_ENV: [&str; 6] = [
    CLIENT_ID_ENV,
    CERTIFICATE_ID_ENV,
    PRIVATE_KEY_FILE_ENV,
    PRIVATE_KEY_ENV,
    SCOPES_ENV,
    CERTIFICATE_FILE_ENV,
];

/// Scopes used when none are given.
pub const DEFAULT_SCOPES: [&str; 2] = ["rest_webservices", "restlets"];

/// The REST web services scope (also what the certificate rotation API needs).
pub const SCOPE_REST: &str = "rest_webservices";
/// The RESTlets scope.
pub const SCOPE_RESTLETS: &str = "restlets";

/// M2M credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct M2mCredentials {
    /// Integration record Client ID (the JWT `iss`; the TBA screens call it the consumer key).
    pub client_id: Secret,
    /// Certificate ID from the M2M setup list (the JWT `kid`; may start with `-`).
    pub certificate_id: String,
    /// The private key, PEM text.
    pub private_key: Secret,
    /// Where the key was read from, when it came from a file (for messages; never its content).
    pub key_file: Option<PathBuf>,
    /// Scopes requested (`rest_webservices`, `restlets`, `suite_analytics`).
    pub scopes: Vec<String>,
    /// The uploaded certificate (PEM or DER), when known: enables expiry and key-match checks.
    pub certificate: Option<Vec<u8>>,
}

impl Default for M2mCredentials {
    fn default() -> M2mCredentials {
        M2mCredentials {
            client_id: Secret::default(),
            certificate_id: String::new(),
            private_key: Secret::default(),
            key_file: None,
            scopes: default_scopes(),
            certificate: None,
        }
    }
}

impl std::fmt::Debug for M2mCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("M2mCredentials")
            .field("client_id", &"<redacted>")
            .field("certificate_id", &self.certificate_id)
            .field("private_key", &"<redacted>")
            .field("key_file", &self.key_file)
            .field("scopes", &self.scopes)
            .field("certificate", &self.certificate.as_ref().map(Vec::len))
            .finish()
    }
}

/// [`DEFAULT_SCOPES`] as owned strings.
pub fn default_scopes() -> Vec<String> {
    DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect()
}

/// Parses a scope list (`rest_webservices,restlets`; spaces also separate). Empty → the default.
pub fn parse_scopes(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in text
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    }
    if out.is_empty() {
        default_scopes()
    } else {
        out
    }
}

impl M2mCredentials {
    /// Credentials from the four values (no certificate, default scopes when `scopes` is empty).
    pub fn new(
        client_id: impl Into<String>,
        certificate_id: impl Into<String>,
        private_key: Secret,
        scopes: &[&str],
    ) -> M2mCredentials {
        M2mCredentials {
            client_id: Secret::new(client_id.into()),
            certificate_id: certificate_id.into(),
            private_key,
            scopes: parse_scopes(&scopes.join(",")),
            ..M2mCredentials::default()
        }
    }

    /// True when the scopes include `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_key_and_client_id() {
        let c = M2mCredentials::new(
            "client-id-0123456789",
            "-kid",
            Secret::from("-----BEGIN PRIVATE KEY-----\nMIGHAgEAsecretbody\n"),
            &[],
        );
        let d = format!("{c:?}");
        assert!(!d.contains("client-id-0123456789"), "{d}");
        assert!(!d.contains("secretbody"), "{d}");
        assert!(d.contains("-kid"));
        assert_eq!(c.scopes, ["rest_webservices", "restlets"]);
    }

    #[test]
    fn scopes_parse_commas_spaces_and_duplicates() {
        assert_eq!(
            parse_scopes(" restlets, rest_webservices restlets"),
            ["restlets", "rest_webservices"]
        );
        assert_eq!(parse_scopes(" , "), default_scopes());
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;

    /// `has_scope` is an exact membership test.
    #[test]
    fn has_scope_is_exact_membership() {
        let c = M2mCredentials::new("cid", "kid", Secret::from("k"), &[SCOPE_REST]);
        assert!(c.has_scope(SCOPE_REST));
        assert!(!c.has_scope(SCOPE_RESTLETS));
        assert!(!c.has_scope("rest"));
    }

    /// Credentials start with the default scopes and no certificate.
    #[test]
    fn defaults_are_the_default_scopes_and_no_certificate() {
        let d = M2mCredentials::default();
        assert_eq!(d.scopes, DEFAULT_SCOPES);
        assert_eq!(d.certificate, None);
        assert!(d.certificate_id.is_empty() && d.private_key.expose().is_empty());
    }

    /// `Debug` shows the certificate's size, never its bytes or the key.
    #[test]
    fn debug_shows_the_certificate_size_only() {
        let mut c = M2mCredentials::new("cid-0123456789", "kid", Secret::from("key-material"), &[]);
        c.certificate = Some(b"certificate-bytes".to_vec());
        let d = format!("{c:?}");
        assert!(d.contains("certificate: Some(17)"), "{d}");
        assert!(
            !d.contains("key-material") && !d.contains("cid-0123456789"),
            "{d}"
        );
    }
}
