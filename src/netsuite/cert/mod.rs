//! Keys and certificates for OAuth 2.0 client credentials (M2M): loading a private key and
//! applying NetSuite's type/size rules ([`key`]), reading the certificate uploaded to NetSuite
//! ([`certificate`]), the local pre-flight checks ([`checks`]) and generating a fresh key with a
//! self-signed certificate ([`generate`]). All crypto goes through aws-lc-rs; RustCrypto's
//! `pkcs8`/`sec1`/`pkcs1` only *identify* key types (no OpenSSL is linked).

pub mod certificate;
pub mod checks;
pub mod generate;
pub mod key;
mod oid;
#[cfg(test)]
pub(crate) mod test_keys;

pub use certificate::{Certificate, CertificateError};
pub use checks::{Finding, Severity, check};
pub use generate::{GenerateError, Generated, KeyAlgorithm, MAX_DAYS, generate};
pub use key::{Curve, KeyError, KeyKind, SigningKey};
