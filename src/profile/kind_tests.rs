//! The OAuth 2.0 profile kinds against a temporary store: round trips, the key-file mode check,
//! the refresh-token replacement, old TBA files, and that no secret reaches `profiles.toml`,
//! `Debug` or an error.

use std::path::Path;

use super::*;
use crate::Secret;
use crate::check::AuthKind;
use crate::netsuite::Credentials;

const CLIENT: &str = "client-id-5f1e0c9a8b7d6e5f4a3b2c1d0e9f8a7b";
const KEY: &str =
    "-----BEGIN PRIVATE KEY-----\nMIGHAgEAsecretkeybodyZZZZ\n-----END PRIVATE KEY-----\n";
const REFRESH: &str = "refresh-token-AAAA1111BBBB2222CCCC3333";
const CLIENT_SECRET: &str = "client-secret-DDDD4444EEEE5555";

fn store(dir: &Path) -> ProfileStore {
    ProfileStore::open(dir.to_path_buf())
        .unwrap()
        .with_secret_store(SecretStoreKind::File)
}

fn m2m_profile(key_file: Option<std::path::PathBuf>) -> Profile {
    let mut p = Profile::new("acme-m2m", "1234567_SB1");
    p.auth = ProfileAuth::M2m(M2mFacts {
        certificate_id: "-Abc_123".into(),
        scopes: vec![
            "restlets".into(),
            "rest_webservices".into(),
            "restlets".into(),
        ],
        key_file,
        certificate_file: None,
    });
    p
}

fn m2m_secrets(key: Option<&str>) -> ProfileSecrets {
    ProfileSecrets::M2m(M2mSecrets {
        client_id: Secret::from(CLIENT),
        private_key: key.map(Secret::from),
        certificate: None,
    })
}

fn authcode_profile() -> (Profile, ProfileSecrets) {
    let mut p = Profile::new("acme-login", "1234567");
    p.auth = ProfileAuth::Authcode(AuthcodeFacts {
        scopes: vec!["rest_webservices".into()],
        redirect_uri: "https://localhost:8443/callback".into(),
        refresh_issued_unix: Some(1_700_000_000),
        refresh_expires_unix: None,
        ..AuthcodeFacts::default()
    });
    let s = ProfileSecrets::Authcode(AuthcodeSecrets {
        client_id: Secret::from(CLIENT),
        client_secret: Some(Secret::from(CLIENT_SECRET)),
        refresh_token: Secret::from(REFRESH),
    });
    (p, s)
}

fn assert_no_secret(text: &str) {
    for s in [CLIENT, "secretkeybody", REFRESH, CLIENT_SECRET] {
        assert!(!text.contains(s), "{s} leaked into:\n{text}");
    }
}

#[test]
fn m2m_with_the_key_in_the_store_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    s.save_profile(&m2m_profile(None), &m2m_secrets(Some(KEY)))
        .unwrap();
    let p = s.get("acme-m2m").unwrap();
    assert_eq!(p.kind(), AuthKind::M2m);
    let f = p.auth.m2m().unwrap();
    assert_eq!(f.certificate_id, "-Abc_123");
    assert_eq!(f.scopes, ["restlets", "rest_webservices"], "deduplicated");
    let (_, creds) = s.load_m2m("acme-m2m").unwrap();
    assert_eq!(creds.private_key.expose(), KEY);
    assert_eq!(creds.client_id.expose(), CLIENT);
    assert_eq!(creds.certificate_id, "-Abc_123");
    let toml = std::fs::read_to_string(s.profiles_path()).unwrap();
    assert!(toml.contains("kind = \"m2m\""), "{toml}");
    assert_no_secret(&toml);
    assert_no_secret(&format!("{p:?} {creds:?} {:?}", s.load_secrets("acme-m2m")));
    // A TBA caller is told the kind instead of getting empty TBA values.
    let e = s.load_credentials("acme-m2m").unwrap_err().to_string();
    assert!(e.contains("OAuth 2.0 M2M") && e.contains("not TBA"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_key_file_must_be_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.pem");
    std::fs::write(&key, KEY).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let s = store(dir.path());
    let e = s
        .save_profile(&m2m_profile(Some(key.clone())), &m2m_secrets(None))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&key.display().to_string()) && e.contains("0644") && e.contains("0600"),
        "{e}"
    );
    assert!(s.list().unwrap().is_empty(), "nothing saved");

    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    s.save_profile(&m2m_profile(Some(key.clone())), &m2m_secrets(None))
        .unwrap();
    let (_, creds) = s.load_m2m("acme-m2m").unwrap();
    assert_eq!(creds.private_key.expose(), KEY);
    assert_eq!(creds.key_file.as_deref(), Some(key.as_path()));
    let secrets = std::fs::read_to_string(s.secrets_path()).unwrap();
    assert!(
        !secrets.contains("secretkeybody"),
        "the key stays in its file"
    );

    // Loosened after saving: every load checks again.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o640)).unwrap();
    let e = s.load_m2m("acme-m2m").unwrap_err().to_string();
    assert!(e.contains("0640") && e.contains("chmod 600"), "{e}");
}

#[test]
fn m2m_needs_exactly_one_key_source() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let e = s
        .save_profile(&m2m_profile(None), &m2m_secrets(None))
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("private key: it is empty"), "{e}");
    let e = s
        .save_profile(&m2m_profile(Some("/x.pem".into())), &m2m_secrets(Some(KEY)))
        .unwrap_err()
        .to_string();
    assert!(e.contains("keep one"), "{e}");
    let e = s
        .save_profile(
            &m2m_profile(None),
            &ProfileSecrets::Tba(Credentials::default()),
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("TBA secrets given for a OAuth 2.0 M2M"), "{e}");
}

#[test]
fn authcode_refresh_token_is_replaced_with_its_dates() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let (p, secrets) = authcode_profile();
    s.save_profile(&p, &secrets).unwrap();
    s.replace_refresh_token(
        "acme-login",
        &Secret::from("refresh-NEW-9999"),
        1_800_000_000,
        Some(1_800_604_800),
    )
    .unwrap();
    let (p, facts, sec) = s.load_authcode("acme-login").unwrap();
    assert_eq!(facts.refresh_issued_unix, Some(1_800_000_000));
    assert_eq!(facts.refresh_expires_unix, Some(1_800_604_800));
    assert_eq!(facts.redirect_uri, "https://localhost:8443/callback");
    assert_eq!(sec.refresh_token.expose(), "refresh-NEW-9999");
    assert_eq!(sec.client_secret.as_ref().unwrap().expose(), CLIENT_SECRET);
    assert_eq!(p.kind(), AuthKind::Authcode);
    let toml = std::fs::read_to_string(s.profiles_path()).unwrap();
    assert!(
        toml.contains("refresh_token_expires_at = 1800604800"),
        "{toml}"
    );
    assert!(!toml.contains("refresh-NEW"), "{toml}");
    assert_no_secret(&toml);

    let e = s
        .replace_refresh_token("acme-login", &Secret::from(" "), 1, None)
        .unwrap_err();
    assert!(e.to_string().contains("refresh token"), "{e}");
    s.save(
        &Profile::new("tba", "1234567"),
        &Credentials::new("a", "b", "c", "d"),
    )
    .unwrap();
    let e = s
        .replace_refresh_token("tba", &Secret::from("x"), 1, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("holds TBA credentials"), "{e}");
}

#[test]
fn a_profile_without_kind_is_tba_and_tba_records_are_written_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    s.save(
        &Profile::new("old", "1234567"),
        &Credentials::new("a", "b", "c", "d"),
    )
    .unwrap();
    let toml = std::fs::read_to_string(s.profiles_path()).unwrap();
    assert!(!toml.contains("kind"), "{toml}");
    let p = s.get("old").unwrap();
    assert_eq!(p.auth, ProfileAuth::Tba);
    let secrets = std::fs::read_to_string(s.secrets_path()).unwrap();
    assert!(!secrets.contains("client_id"), "{secrets}");
}

#[test]
fn bad_kinds_in_the_file_name_the_line() {
    let text = "[profiles.a]\naccount = \"1234567\"\nkind = \"saml\"\n";
    let e = parse_profiles(text.as_bytes()).unwrap_err().to_string();
    assert!(e.contains("line 3") && e.contains("\"saml\""), "{e}");
    let text = "[profiles.a]\naccount = \"1234567\"\nkind = \"m2m\"\n";
    let e = parse_profiles(text.as_bytes()).unwrap_err().to_string();
    assert!(e.contains("certificate_id"), "{e}");
    let text =
        "[profiles.a]\naccount = \"1234567\"\nkind = \"authcode\"\nscopes = [\"restlets\"]\n";
    let p = parse_profiles(text.as_bytes()).unwrap();
    assert_eq!(p[0].kind(), AuthKind::Authcode);
}

#[test]
fn json_and_debug_of_secrets_hide_them() {
    let (p, secrets) = authcode_profile();
    assert_no_secret(&format!("{p:?} {secrets:?} {:#?}", m2m_secrets(Some(KEY))));
    // Secret has no Serialize: the only JSON a secret can reach is through expose(), so check
    // the run's M2M credentials built from a profile are as opaque in Debug.
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    s.save_profile(&m2m_profile(None), &m2m_secrets(Some(KEY)))
        .unwrap();
    let (_, creds) = s.load_m2m("acme-m2m").unwrap();
    assert_no_secret(&format!(
        "{:?}",
        crate::check::auth::Credentials::M2m(creds)
    ));
}

#[test]
fn an_m2m_tests_settings_save_as_an_m2m_profile() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    let m = crate::netsuite::oauth2::M2mCredentials {
        client_id: Secret::from(CLIENT),
        certificate_id: "-kid".into(),
        private_key: Secret::from(KEY),
        key_file: Some("/nonexistent/generated-key.pem".into()),
        scopes: vec!["restlets".into()],
        certificate: Some(cert.as_bytes().to_vec()),
    };
    let mut settings = crate::check::Settings::new("1234567_SB1", m);
    settings.apis = vec![crate::check::Api::Restlet];
    s.save_settings("wizard", &settings).unwrap();
    let (p, c) = s.load_m2m("wizard").unwrap();
    assert_eq!(p.apis, [crate::check::Api::Restlet]);
    assert_eq!(c.private_key.expose(), KEY, "the key is kept in the store");
    assert_eq!(c.key_file, None, "the generated file is not relied on");
    assert_eq!(c.certificate.as_deref(), Some(cert.as_bytes()));
    assert_eq!(c.scopes, ["restlets"]);
    assert_no_secret(&std::fs::read_to_string(s.profiles_path()).unwrap());
}
