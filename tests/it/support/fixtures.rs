//! Fixture credentials shared by every test: the example values of Oracle's TBA signing walkthrough
//! (public, not anyone's secret), defined once. None may ever appear in any output or snapshot.

/// Consumer key.
pub const CK: &str = "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4";
/// Consumer secret.
pub const CS: &str = "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5";
/// Token id.
pub const TK: &str = "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc";
/// Token secret.
pub const TS: &str = "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295";
/// The sandbox account the stand-in servers answer for.
pub const ACCOUNT: &str = "1234567_SB1";

/// Asserts that none of the four fixture values occurs in `text`.
pub fn assert_no_secrets(text: &str) {
    for (name, v) in [
        ("consumer key", CK),
        ("consumer secret", CS),
        ("token id", TK),
        ("token secret", TS),
    ] {
        assert!(!text.contains(v), "{name} leaked into output:\n{text}");
    }
}
