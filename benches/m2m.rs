//! OAuth 2.0 client-assertion signing: `cargo bench --bench m2m`. Numbers and machine in
//! BENCHMARKS.md. Keys are generated once, outside the measured code.

use std::sync::OnceLock;

use nstba::netsuite::cert::{self, KeyAlgorithm, SigningKey};
use nstba::netsuite::oauth2::assertion::{self, AssertionInput, ScopeForm};

fn main() {
    divan::main();
}

fn key(alg: KeyAlgorithm) -> SigningKey {
    let g = cert::generate(alg, 365, time::OffsetDateTime::now_utc()).expect("generate");
    SigningKey::from_pem(g.key_pem.expose()).expect("load")
}

fn es256() -> &'static SigningKey {
    static K: OnceLock<SigningKey> = OnceLock::new();
    K.get_or_init(|| key(KeyAlgorithm::EcP256))
}

fn ps256_3072() -> &'static SigningKey {
    static K: OnceLock<SigningKey> = OnceLock::new();
    K.get_or_init(|| key(KeyAlgorithm::Rsa3072))
}

fn sign(k: &SigningKey) -> usize {
    let scopes = ["rest_webservices".to_string(), "restlets".to_string()];
    let input = AssertionInput {
        client_id: "1c34e1f7e2b04d1e9f0a3b5c7d9e1f2a3b4c5d6e7f8091a2b3c4d5e6f708e3e2",
        certificate_id: "-QjavVtnzeAPA_QdffgnTh9yPy6LbSGOYqNeJqtbKgU",
        scopes: &scopes,
        token_url: "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token",
        now: 1_700_000_000,
        scope_form: ScopeForm::Array,
    };
    assertion::sign(divan::black_box(k), divan::black_box(&input))
        .expect("sign")
        .char_len()
}

/// A complete ES256 client assertion (header, claims, fresh jti, ECDSA P-256 signature).
#[divan::bench]
fn assertion_es256(b: divan::Bencher) {
    let k = es256();
    b.bench(|| sign(k));
}

/// The same with RSA-3072 and PS256.
#[divan::bench]
fn assertion_ps256_3072(b: divan::Bencher) {
    let k = ps256_3072();
    b.bench(|| sign(k));
}

/// Loading a PKCS#8 EC P-256 key from PEM (done once per token request by a stateless caller).
#[divan::bench]
fn load_key_es256(b: divan::Bencher) {
    let pem = cert::generate(KeyAlgorithm::EcP256, 365, time::OffsetDateTime::now_utc())
        .expect("generate")
        .key_pem;
    b.bench(|| SigningKey::from_pem(divan::black_box(pem.expose())).is_ok());
}
