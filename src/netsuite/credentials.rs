//! The four TBA values an integration needs, held so they cannot leak by accident.

use crate::secret::Secret;

/// Consumer key/secret (from the integration record) and token id/secret (from the access token).
///
/// All four are [`Secret`]s: the key and token id are not enough to sign on their own, but
/// support reports still show only their last 4 characters.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    /// Integration record consumer key.
    pub consumer_key: Secret,
    /// Integration record consumer secret.
    pub consumer_secret: Secret,
    /// Access token id.
    pub token_id: Secret,
    /// Access token secret.
    pub token_secret: Secret,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials(<redacted>)")
    }
}

/// Names of the four credential fields, in the order NetSuite shows them, with the environment
/// variable each is read from.
pub const FIELDS: [(&str, &str); 4] = [
    ("consumer key", "NETSUITE_CONSUMER_KEY"),
    ("consumer secret", "NETSUITE_CONSUMER_SECRET"),
    ("token id", "NETSUITE_TOKEN_ID"),
    ("token secret", "NETSUITE_TOKEN_SECRET"),
];

/// Environment variable holding the account id.
pub const ACCOUNT_ENV: &str = "NETSUITE_ACCOUNT_ID";

impl Credentials {
    /// Builds credentials from four plain values.
    pub fn new(
        consumer_key: impl Into<String>,
        consumer_secret: impl Into<String>,
        token_id: impl Into<String>,
        token_secret: impl Into<String>,
    ) -> Self {
        Credentials {
            consumer_key: Secret::new(consumer_key.into()),
            consumer_secret: Secret::new(consumer_secret.into()),
            token_id: Secret::new(token_id.into()),
            token_secret: Secret::new(token_secret.into()),
        }
    }

    /// The four values in [`FIELDS`] order.
    pub fn fields(&self) -> [&Secret; 4] {
        [
            &self.consumer_key,
            &self.consumer_secret,
            &self.token_id,
            &self.token_secret,
        ]
    }

    /// The two values that can sign requests (for leak tests and redaction).
    pub fn signing_secrets(&self) -> [&Secret; 2] {
        [&self.consumer_secret, &self.token_secret]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let c = Credentials::new("ck-value", "cs-value", "tk-value", "ts-value");
        let d = format!("{c:?}");
        for v in ["ck-value", "cs-value", "tk-value", "ts-value"] {
            assert!(!d.contains(v));
        }
        // Still says what it is, so a log shows that credentials were there.
        assert_eq!(d, "Credentials(<redacted>)");
    }

    #[test]
    fn signing_secrets_are_the_consumer_secret_and_the_token_secret() {
        let c = Credentials::new("ck-value", "cs-value", "tk-value", "ts-value");
        let [a, b] = c.signing_secrets();
        assert!(std::ptr::eq(a, &c.consumer_secret));
        assert!(std::ptr::eq(b, &c.token_secret));
    }
}
