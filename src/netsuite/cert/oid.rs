//! The object identifiers that tell key types and curves apart.

use pkcs8::ObjectIdentifier;

/// rsaEncryption (PKCS#1).
pub const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-RSASSA-PSS: what `openssl genpkey -algorithm rsa-pss` writes; same key material.
pub const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
/// id-ecPublicKey.
pub const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// prime256v1 / secp256r1 (P-256).
pub const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// secp384r1 (P-384).
pub const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
/// secp521r1 (P-521).
pub const P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
/// secp256k1 (the Bitcoin curve; a common wrong pick).
pub const SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
/// Ed25519.
pub const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// DSA.
pub const DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");

/// A readable name for a curve OID NetSuite refuses (for the error message).
pub fn curve_name(oid: &ObjectIdentifier) -> String {
    if *oid == SECP256K1 {
        "secp256k1".to_string()
    } else {
        format!("curve OID {oid}")
    }
}

/// A readable name for a key-type OID nstba cannot use.
pub fn key_type_name(oid: &ObjectIdentifier) -> String {
    if *oid == ED25519 {
        "Ed25519".to_string()
    } else if *oid == DSA {
        "DSA".to_string()
    } else {
        format!("key type OID {oid}")
    }
}
