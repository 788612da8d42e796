//! Reads a SOAP request envelope (roxmltree, namespace-agnostic by local name, element text
//! trimmed: NetSweet's Ruby client sends the signature with a trailing newline and works).

/// The `tokenPassport` fields as sent (trimmed). Missing elements are `None`.
#[derive(Default, Clone, PartialEq, Eq)]
pub struct Passport {
    /// `account`.
    pub account: Option<String>,
    /// `consumerKey`.
    pub consumer_key: Option<String>,
    /// `token`.
    pub token: Option<String>,
    /// `nonce`.
    pub nonce: Option<String>,
    /// `timestamp`.
    pub timestamp: Option<String>,
    /// `signature` text.
    pub signature: Option<String>,
    /// `signature/@algorithm`.
    pub algorithm: Option<String>,
}

impl std::fmt::Debug for Passport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passport")
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

/// What the envelope holds.
#[derive(Debug, Clone, Default)]
pub struct SoapRequest {
    /// Local name of the first element in `Body` (the operation, e.g. `getServerTime`).
    pub operation: Option<String>,
    /// `tokenPassport` elements found in the header.
    pub passports: Vec<Passport>,
    /// Other credentials in the header (`applicationInfo`, `passport`, `ssoPassport`), which make
    /// NetSuite answer "Ambiguous authentication".
    pub other_credentials: Vec<String>,
}

/// The body is not a SOAP envelope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the request body is not a SOAP envelope: {0}")]
pub struct SoapParseError(pub String);

/// Parses an envelope.
pub fn parse(body: &str) -> Result<SoapRequest, SoapParseError> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(body, opts)
        .map_err(|e| SoapParseError(e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "Envelope" {
        return Err(SoapParseError("the root element is not Envelope".into()));
    }
    let mut req = SoapRequest::default();
    for part in root.children().filter(|n| n.is_element()) {
        match part.tag_name().name() {
            "Header" => {
                for h in part.children().filter(|n| n.is_element()) {
                    match h.tag_name().name() {
                        "tokenPassport" => req.passports.push(read_passport(h)),
                        name @ ("applicationInfo" | "passport" | "ssoPassport") => {
                            req.other_credentials.push(name.to_string())
                        }
                        _ => {}
                    }
                }
            }
            "Body" => {
                req.operation = part
                    .children()
                    .find(|n| n.is_element())
                    .map(|n| n.tag_name().name().to_string());
            }
            _ => {}
        }
    }
    Ok(req)
}

fn read_passport(node: roxmltree::Node<'_, '_>) -> Passport {
    let mut p = Passport::default();
    for c in node.children().filter(|n| n.is_element()) {
        let text = || Some(c.text().unwrap_or("").trim().to_string());
        match c.tag_name().name() {
            "account" => p.account = text(),
            "consumerKey" => p.consumer_key = text(),
            "token" => p.token = text(),
            "nonce" => p.nonce = text(),
            "timestamp" => p.timestamp = text(),
            "signature" => {
                p.signature = text();
                p.algorithm = c.attribute("algorithm").map(|a| a.trim().to_string());
            }
            _ => {}
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netsuite::soap::{PassportInput, sign_passport};

    #[test]
    fn reads_the_projects_envelope_and_trims() {
        let p = sign_passport(&PassportInput {
            account: "1234567_SB1",
            consumer_key: "ck",
            consumer_secret: "cs",
            token: "tk",
            token_secret: "ts",
            nonce: Some("abcdefgh"),
            timestamp: Some("1700000000"),
        })
        .unwrap();
        let env = p
            .get_server_time_envelope()
            .replace("</platformCore:signature>", "\n</platformCore:signature>");
        let req = parse(&env).unwrap();
        assert_eq!(req.operation.as_deref(), Some("getServerTime"));
        assert_eq!(req.passports.len(), 1);
        let got = &req.passports[0];
        assert_eq!(got.account.as_deref(), Some("1234567_SB1"));
        assert_eq!(got.signature.as_deref(), Some(p.signature.as_str()));
        assert_eq!(got.algorithm.as_deref(), Some("HMAC-SHA256"));
        assert!(req.other_credentials.is_empty());
    }

    #[test]
    fn rejects_non_envelopes_and_dtds() {
        assert!(parse("not xml").is_err());
        assert!(parse("<a/>").is_err());
        assert!(parse("<!DOCTYPE x [<!ENTITY a \"b\">]><Envelope/>").is_err());
    }
}
