//! SOAP web services sign differently: a `tokenPassport` header whose signature covers
//! `account&consumerKey&tokenId&nonce&timestamp` (the account IS signed, unlike REST's realm).

use super::encode::percent_encode;
use super::oauth::{SignError, hmac_sha256_base64, nonce_and_timestamp, signing_key};

/// The SOAP API version nstba speaks (the last endpoint Oracle plans to ship).
pub const SOAP_VERSION: &str = "2025_2";

/// Inputs for one token passport. Secrets are borrowed.
#[derive(Clone, Copy)]
pub struct PassportInput<'a> {
    /// Canonical account id (`1234567_SB1`).
    pub account: &'a str,
    /// Consumer key.
    pub consumer_key: &'a str,
    /// Consumer secret.
    pub consumer_secret: &'a str,
    /// Token id.
    pub token: &'a str,
    /// Token secret.
    pub token_secret: &'a str,
    /// Fixed nonce, else fresh.
    pub nonce: Option<&'a str>,
    /// Fixed timestamp, else now.
    pub timestamp: Option<&'a str>,
}

impl std::fmt::Debug for PassportInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassportInput")
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

/// A signed token passport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenPassport {
    /// Account as placed in the passport.
    pub account: String,
    /// Consumer key.
    pub consumer_key: String,
    /// Token id.
    pub token: String,
    /// Nonce used.
    pub nonce: String,
    /// Timestamp used.
    pub timestamp: String,
    /// The signed string `account&ck&token&nonce&ts`.
    pub base_string: String,
    /// Base64 HMAC-SHA256 signature.
    pub signature: String,
}

/// The SOAP base string (each piece rawurlencoded, a no-op for ordinary values).
pub fn passport_base_string(
    account: &str,
    consumer_key: &str,
    token: &str,
    nonce: &str,
    timestamp: &str,
) -> String {
    [account, consumer_key, token, nonce, timestamp]
        .iter()
        .map(|p| percent_encode(p))
        .collect::<Vec<_>>()
        .join("&")
}

/// Signs a token passport.
pub fn sign_passport(input: &PassportInput<'_>) -> Result<TokenPassport, SignError> {
    // The same rules as the OAuth header: one validator, so `sign` and `sign --soap` agree.
    let (nonce, timestamp) = nonce_and_timestamp(input.nonce, input.timestamp)?;
    let base_string = passport_base_string(
        input.account,
        input.consumer_key,
        input.token,
        &nonce,
        &timestamp,
    );
    let key = zeroize::Zeroizing::new(signing_key(input.consumer_secret, input.token_secret));
    let signature = hmac_sha256_base64(&key, &base_string);
    Ok(TokenPassport {
        account: input.account.to_string(),
        consumer_key: input.consumer_key.to_string(),
        token: input.token.to_string(),
        nonce,
        timestamp,
        base_string,
        signature,
    })
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl TokenPassport {
    /// The `<platformMsgs:tokenPassport>` element (messages namespace, children in core).
    pub fn to_xml(&self) -> String {
        format!(
            "<platformMsgs:tokenPassport>\
<platformCore:account>{}</platformCore:account>\
<platformCore:consumerKey>{}</platformCore:consumerKey>\
<platformCore:token>{}</platformCore:token>\
<platformCore:nonce>{}</platformCore:nonce>\
<platformCore:timestamp>{}</platformCore:timestamp>\
<platformCore:signature algorithm=\"HMAC-SHA256\">{}</platformCore:signature>\
</platformMsgs:tokenPassport>",
            xml_escape(&self.account),
            xml_escape(&self.consumer_key),
            xml_escape(&self.token),
            xml_escape(&self.nonce),
            xml_escape(&self.timestamp),
            xml_escape(&self.signature),
        )
    }

    /// A complete `getServerTime` envelope carrying this passport.
    pub fn get_server_time_envelope(&self) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
xmlns:platformMsgs=\"urn:messages_{v}.platform.webservices.netsuite.com\" \
xmlns:platformCore=\"urn:core_{v}.platform.webservices.netsuite.com\">\
<soapenv:Header>{}</soapenv:Header>\
<soapenv:Body><platformMsgs:getServerTime/></soapenv:Body>\
</soapenv:Envelope>",
            self.to_xml(),
            v = SOAP_VERSION
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_names_the_account_and_hides_the_secrets() {
        let input = PassportInput {
            account: "1234567_SB1",
            consumer_key: "ck-value",
            consumer_secret: "cs-value",
            token: "tk-value",
            token_secret: "ts-value",
            nonce: None,
            timestamp: None,
        };
        let d = format!("{input:?}");
        assert_eq!(d, r#"PassportInput { account: "1234567_SB1", .. }"#);
    }

    #[test]
    fn oracle_passport_vector() {
        let p = sign_passport(&PassportInput {
            account: "123456",
            consumer_key: "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
            consumer_secret: "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5",
            token: "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
            token_secret: "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295",
            nonce: Some("fjaLirsIcCGVZWzBX0pg"),
            timestamp: Some("1508242306"),
        })
        .unwrap();
        assert_eq!(p.signature, "tIcC5zyKUmycB5Ml/cNxOHDusw03Y5KPQiXVNUHHp4U=");
        let xml = p.to_xml();
        assert!(xml.contains("<platformCore:account>123456</platformCore:account>"));
        assert!(
            xml.contains("algorithm=\"HMAC-SHA256\">tIcC5zyKUmycB5Ml/cNxOHDusw03Y5KPQiXVNUHHp4U=<")
        );
        assert!(roxmltree::Document::parse(&p.get_server_time_envelope()).is_ok());
    }
}
