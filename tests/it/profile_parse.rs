//! The pure readers behind the profile store (`parse_profiles`, `parse_secrets`, also the fuzz
//! targets' entry points): what they accept, how they refuse, and that a refusal of the secrets
//! file never quotes it. Crashes found by fuzzing are pinned here.

use nstba::check::Api;
use nstba::profile::{ProfileError, parse_profiles, parse_secrets};

#[test]
fn profiles_file_is_read_and_validated() {
    let text = br#"
last_used = "acme"
[profiles.acme]
account = "1234567-sb1"
apis = ["rest", "SOAP", "rest"]
notes = "ticket 42"
sandbox_refreshed = "2025-01-31"
secret_store = "file"
"#;
    let ps = parse_profiles(text).unwrap();
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].name, "acme");
    assert_eq!(ps[0].account, "1234567_SB1");
    assert_eq!(ps[0].environment, "sandbox");
    assert_eq!(ps[0].apis, vec![Api::Rest, Api::Soap]);
    assert!(parse_profiles(b"").unwrap().is_empty());
}

#[test]
fn profiles_file_errors_name_the_line() {
    let cases: [(&[u8], &str); 5] = [
        (b"[profiles.a]\naccount = \"nope\"\n", "line 2"),
        (
            b"[profiles.\"bad name\"]\naccount = \"1234567\"\n",
            "line 1",
        ),
        (
            b"[profiles.a]\naccount = \"1234567\"\napis = [\"ftp\"]\n",
            "line 3",
        ),
        (b"x = 1\n\xff\xfe", "line 2"),
        (b"a = 1\n\0", "NUL"),
    ];
    for (bytes, want) in cases {
        let e = parse_profiles(bytes).unwrap_err();
        assert!(matches!(e, ProfileError::Corrupt { .. }), "{e:?}");
        let shown = e.to_string();
        assert!(
            shown.contains("profiles.toml") && shown.contains(want),
            "{shown}"
        );
    }
}

#[test]
fn secrets_file_is_read_and_errors_never_quote_it() {
    let ok = b"[profiles.a]\nconsumer_key = \"ck\"\nconsumer_secret = \"cs\"\ntoken_id = \"tk\"\ntoken_secret = \"ts-very-secret\"\n";
    let map = parse_secrets(ok).unwrap();
    assert_eq!(map["a"].token_secret.expose(), "ts-very-secret");
    assert!(!format!("{map:?}").contains("ts-very-secret"));

    for bad in [
        &b"[profiles.a]\nconsumer_key = \"ck\"\nconsumer_secret = \"cs-very-secret\"\ntoken_id = 7\n"[..],
        b"[profiles.a]\nconsumer_key = \"ck-very-secret\" junk\n",
        b"[profiles]\na = \"cs-very-secret\"\n",
        b"\"cs-very-secret\" = \n",
    ] {
        let e = parse_secrets(bad).unwrap_err().to_string();
        assert!(e.contains("secrets.toml"), "{e}");
        assert!(!e.contains("very-secret"), "{e}");
    }
    let e = parse_secrets(b"[profiles.a]\nconsumer_key = \"x\"\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("missing field"), "{e}");
}
