//! Signing throughput: `cargo bench --bench signing`. Numbers and machine in BENCHMARKS.md.

use nstba::netsuite::AccountId;
use nstba::netsuite::oauth::{self, SignInput};
use nstba::netsuite::soap::{self, PassportInput};

fn main() {
    divan::main();
}

const CK: &str = "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4";
const CS: &str = "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5";
const TK: &str = "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc";
const TS: &str = "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295";

fn input(url: &str, fixed: bool) -> SignInput<'_> {
    SignInput {
        method: "POST",
        url,
        form: &[],
        consumer_key: CK,
        consumer_secret: CS,
        token: Some(TK),
        token_secret: TS,
        realm: Some("123456"),
        extra: &[],
        nonce: fixed.then_some("fjaLirsIcCGVZWzBX0pg"),
        timestamp: fixed.then_some("1508242306"),
    }
}

/// A RESTlet call with four signed query parameters, fixed nonce/timestamp.
#[divan::bench]
fn oauth_header_fixed_nonce() -> String {
    let url = "https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1&customParam=someValue&testParam=someOtherValue";
    oauth::sign(divan::black_box(&input(url, true)))
        .unwrap()
        .authorization
}

/// The same with a fresh CSPRNG nonce and clock timestamp, as every real request does.
#[divan::bench]
fn oauth_header_fresh_nonce() -> String {
    let url = "https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1&customParam=someValue&testParam=someOtherValue";
    oauth::sign(divan::black_box(&input(url, false)))
        .unwrap()
        .authorization
}

/// SOAP token passport.
#[divan::bench]
fn soap_passport() -> String {
    soap::sign_passport(divan::black_box(&PassportInput {
        account: "123456",
        consumer_key: CK,
        consumer_secret: CS,
        token: TK,
        token_secret: TS,
        nonce: None,
        timestamp: None,
    }))
    .unwrap()
    .signature
}

/// Account id parsing from a pasted URL.
#[divan::bench]
fn account_id_from_url() -> String {
    AccountId::parse(divan::black_box(
        "https://1234567-sb1.app.netsuite.com/app/center/card.nl",
    ))
    .unwrap()
    .realm()
}
