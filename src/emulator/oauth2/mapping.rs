//! The emulated OAuth 2.0 client-credentials setup: which integration records allow the M2M
//! grant and with which scopes, and the certificate mappings of Setup > Integration > Manage
//! Authentication > OAuth 2.0 Client Credentials (M2M) Setup (certificate id → certificate,
//! entity, role, revoked). Certificates are read here with x509-parser, independently of the
//! client's `netsuite::cert` code.

use x509_parser::prelude::{FromDer as _, X509Certificate};

use crate::Secret;

/// The public key of a mapped certificate, as the verifier needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappedKey {
    /// EC on the curve with this OID (`1.2.840.10045.3.1.7` for P-256, …).
    Ec {
        /// Named-curve OID, dotted.
        curve_oid: String,
    },
    /// RSA (rsaEncryption or RSASSA-PSS SPKI).
    Rsa,
    /// Anything else (never verifies).
    Other(String),
}

/// One row of the M2M Setup list.
#[derive(Debug, Clone)]
pub struct CertificateMapping {
    /// Certificate ID NetSuite generated (the JWT `kid`).
    pub certificate_id: String,
    /// Client ID of the integration record it is mapped to.
    pub client_id: Secret,
    /// Entity (employee) internal id.
    pub entity: u32,
    /// Role internal id.
    pub role: u32,
    /// Key type from the certificate's SPKI.
    pub key: MappedKey,
    /// `subjectPublicKey` bits (EC point or DER `RSAPublicKey`).
    pub public_key: Vec<u8>,
    /// notBefore, Unix seconds.
    pub not_before: i64,
    /// notAfter, Unix seconds (NetSuite refuses expired certificates).
    pub not_after: i64,
    /// Revoked on the M2M Setup page or through the rotation API.
    pub revoked: bool,
}

impl CertificateMapping {
    /// A mapping from an uploaded certificate (PEM or DER), as the Setup popup creates it.
    pub fn from_certificate(
        certificate: &[u8],
        certificate_id: &str,
        client_id: &Secret,
        entity: u32,
        role: u32,
    ) -> Result<CertificateMapping, String> {
        let der = match pem::parse(certificate) {
            Ok(p) if p.tag() == "CERTIFICATE" => p.into_contents(),
            Ok(p) => return Err(format!("a {} block is not a certificate", p.tag())),
            Err(_) => certificate.to_vec(),
        };
        let (_, x509) = X509Certificate::from_der(&der).map_err(|e| e.to_string())?;
        let spki = x509.public_key();
        let alg = spki.algorithm.algorithm.to_id_string();
        let key = match alg.as_str() {
            "1.2.840.10045.2.1" => MappedKey::Ec {
                curve_oid: spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.as_oid().ok())
                    .map(|o| o.to_id_string())
                    .unwrap_or_default(),
            },
            "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => MappedKey::Rsa,
            other => MappedKey::Other(other.to_string()),
        };
        Ok(CertificateMapping {
            certificate_id: certificate_id.to_string(),
            client_id: client_id.clone(),
            entity,
            role,
            key,
            public_key: spki.subject_public_key.data.to_vec(),
            not_before: x509.validity().not_before.timestamp(),
            not_after: x509.validity().not_after.timestamp(),
            revoked: false,
        })
    }
}

/// The M2M side of an integration record (keyed by its client id = consumer key).
#[derive(Debug, Clone)]
pub struct M2mClient {
    /// Client ID (the record's consumer key).
    pub client_id: Secret,
    /// The "Client Credentials (Machine to Machine) Grant" box.
    pub client_credentials_grant: bool,
    /// Scope boxes ticked on the record: `restlets`, `rest_webservices`, `suite_analytics`.
    pub scopes: Vec<String>,
    /// The record's Application ID (first half of the access token's `aud[0]`).
    pub application_id: String,
}

/// Everything the token endpoint reads.
#[derive(Debug, Clone)]
pub struct M2mSetup {
    /// Setup > Company > Enable Features > SuiteCloud > OAuth 2.0.
    pub feature_enabled: bool,
    /// Records with their M2M settings.
    pub clients: Vec<M2mClient>,
    /// Certificate mappings.
    pub mappings: Vec<CertificateMapping>,
    /// Roles holding Manage own OAuth 2.0 Client Credentials certificates (the rotation API).
    pub certificate_managers: Vec<u32>,
}

/// Certificate ID of the demo mapping: 43 base64url characters starting with `-`, like real
/// ones (which break parsers that take a leading `-` for an option).
pub const DEMO_CERTIFICATE_ID: &str = "-nstbaDemoCertificateId_forM2Mtests-000000a";

/// Application ID of the demo integration record.
pub const DEMO_APPLICATION_ID: &str = "6D2E5C2A-7A3B-4C1D-9E8F-0A1B2C3D4E5F";

/// The demo M2M private key (EC P-256, fake, published in the repository on purpose).
pub fn demo_private_key() -> Secret {
    Secret::from(include_str!("demo_key.pem"))
}

impl M2mSetup {
    /// The demo: the record with client id `client_id` allows the M2M grant with both scopes,
    /// and the demo key's certificate (valid from a day ago for a year) is mapped to `entity`
    /// and `role`.
    pub fn demo(client_id: &Secret, entity: u32, role: u32) -> M2mSetup {
        let mappings = demo_certificate()
            .and_then(|pem| {
                CertificateMapping::from_certificate(
                    pem.as_bytes(),
                    DEMO_CERTIFICATE_ID,
                    client_id,
                    entity,
                    role,
                )
                .ok()
            })
            .into_iter()
            .collect();
        M2mSetup {
            feature_enabled: true,
            clients: vec![M2mClient {
                client_id: client_id.clone(),
                client_credentials_grant: true,
                scopes: vec!["rest_webservices".into(), "restlets".into()],
                application_id: DEMO_APPLICATION_ID.into(),
            }],
            mappings,
            certificate_managers: vec![role],
        }
    }

    /// The M2M settings of the record with this client id.
    pub fn client(&self, client_id: &str) -> Option<&M2mClient> {
        self.clients
            .iter()
            .find(|c| c.client_id.expose() == client_id)
    }

    /// The mapping with this certificate id for this client.
    pub fn mapping(&self, client_id: &str, certificate_id: &str) -> Option<&CertificateMapping> {
        self.mappings
            .iter()
            .find(|m| m.certificate_id == certificate_id && m.client_id.expose() == client_id)
    }
}

/// A self-signed certificate for the demo key, valid from a day ago for 365 days (real clock).
/// Made once per process: every scenario switch rebuilds the model, and signing a certificate
/// each time would slow the emulator (and every test that starts one) for nothing.
fn demo_certificate() -> Option<&'static str> {
    static PEM: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    PEM.get_or_init(make_demo_certificate).as_deref()
}

fn make_demo_certificate() -> Option<String> {
    let key = rcgen::KeyPair::from_pem(demo_private_key().expose()).ok()?;
    let now = time::OffsetDateTime::now_utc();
    let mut params = rcgen::CertificateParams::default();
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(364);
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(rcgen::DnType::CommonName, "nstba emulator demo");
    params.distinguished_name = dn;
    params.self_signed(&key).ok().map(|c| c.pem())
}
