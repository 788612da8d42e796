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
    /// The usual key file, which exists and was kept (a saved profile may still sign with it):
    /// the new key went to [`KeyFiles::key`] instead.
    pub kept: Option<PathBuf>,
}

/// The first free pair of names: `FROM-m2m-key.pem`, then `FROM-m2m-key-2.pem`, … An existing
/// key is never overwritten (a saved profile may point to it).
fn free_names(dir: &Path, from: &str) -> (PathBuf, PathBuf) {
    let mut n = 1u32;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let key = dir.join(format!("{from}-m2m-key{suffix}.pem"));
        let cert = dir.join(format!("{from}-m2m-certificate{suffix}.pem"));
        if (!key.exists() && !cert.exists()) || n == u32::MAX {
            return (key, cert);
        }
        n += 1;
    }
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
    let (key, certificate) = free_names(dir, from);
    let usual = dir.join(format!("{from}-m2m-key.pem"));
    let kept = (key != usual && usual.exists()).then_some(usual);
    std::fs::rename(&key_tmp, &key).map_err(|e| format!("{}: {e}", key.display()))?;
    std::fs::write(&certificate, g.cert_pem.as_bytes())
        .map_err(|e| format!("{}: {e}", certificate.display()))?;
    Ok(KeyFiles {
        key,
        certificate,
        not_after: g.not_after,
        kept,
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
        let again = generate_for(dir.path(), "acme", KeyAlgorithm::EcP256, 730).unwrap();
        assert_ne!(again.key, f.key);
        assert_eq!(again.kept.as_ref(), Some(&f.key));
        assert_eq!(std::fs::read_to_string(&f.key).unwrap(), key);
    }
}
