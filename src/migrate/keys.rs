//! The key item's local part: a new key and self-signed certificate for the migration (EC P-256
//! by default, at most two years), written next to the progress file: the key with mode 0600,
//! the certificate as the file to upload.

use std::path::{Path, PathBuf};

use crate::netsuite::cert::generate::{self, KeyAlgorithm};

/// The files written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFiles {
    /// The private key (mode 0600).
    pub key: PathBuf,
    /// The certificate to upload.
    pub certificate: PathBuf,
    /// The certificate's last valid day (Unix seconds).
    pub not_after: i64,
}

/// Generates a key and certificate for the migration of `from` into `dir` (created if needed).
pub fn generate_for(
    dir: &Path,
    from: &str,
    algorithm: KeyAlgorithm,
    days: u32,
) -> Result<KeyFiles, String> {
    let g = generate::generate(algorithm, days, time::OffsetDateTime::now_utc())
        .map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let key_tmp = crate::profile::write_private_new(
        dir,
        &format!("{from}-key-"),
        g.key_pem.expose().as_bytes(),
    )
    .map_err(|e| format!("{}: {e}", dir.display()))?;
    let key = dir.join(format!("{from}-m2m-key.pem"));
    std::fs::rename(&key_tmp, &key).map_err(|e| format!("{}: {e}", key.display()))?;
    let certificate = dir.join(format!("{from}-m2m-certificate.pem"));
    std::fs::write(&certificate, g.cert_pem.as_bytes())
        .map_err(|e| format!("{}: {e}", certificate.display()))?;
    Ok(KeyFiles {
        key,
        certificate,
        not_after: g.not_after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_private_and_the_certificate_public() {
        let dir = tempfile::tempdir().unwrap();
        let f = generate_for(dir.path(), "acme", KeyAlgorithm::EcP256, 730).unwrap();
        let key = std::fs::read_to_string(&f.key).unwrap();
        assert!(key.contains("PRIVATE KEY"));
        let cert = std::fs::read_to_string(&f.certificate).unwrap();
        assert!(cert.contains("CERTIFICATE") && !cert.contains("PRIVATE"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&f.key).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
