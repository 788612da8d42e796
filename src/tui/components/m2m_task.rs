//! The M2M setup's background work, run by the runtime and answered with a message: generating
//! and writing the key (mode 0600) and certificate into a fresh directory, and the demo upload
//! through the rotation API. Every text shown is redacted by the rotation client; no secret is
//! in any `Debug`. (The live test is the connection test itself: `Command::StartChecks`.)

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::Secret;
use crate::authflow::cert_rotation::{RotationClient, RotationSettings};
use crate::netsuite::cert::{KeyAlgorithm, MAX_DAYS, checks::rfc3339};
use crate::tui::message::Message;

/// File names, as `nstba cert generate` writes them.
pub const KEY_FILE: &str = "nstba-m2m-key.pem";
/// See [`KEY_FILE`].
pub const CERT_FILE: &str = "nstba-m2m-cert.pem";

/// What the runtime is asked to do.
#[derive(Debug)]
pub enum M2mCommand {
    /// Generate a key and certificate into a new directory inside `dir`.
    Generate {
        /// Parent directory.
        dir: PathBuf,
    },
    /// Demo: upload `certificate_pem` with these (demo) credentials.
    Upload {
        /// Credentials that can use the rotation API.
        settings: Box<RotationSettings>,
        /// The certificate.
        certificate_pem: String,
    },
}

/// A generated key and certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The directory they were written to.
    pub dir: String,
    /// The key file's path.
    pub key_file: String,
    /// The certificate file's path (this one is uploaded).
    pub cert_file: String,
    /// The private key (for the live test; redacted in `Debug`).
    pub key: Secret,
    /// The certificate (for the demo upload).
    pub certificate_pem: String,
    /// `EC P-256 · ES256`.
    pub describe: String,
    /// Last day of validity (RFC 3339).
    pub not_after: String,
}

/// The answers.
#[derive(Debug, Clone)]
pub enum M2mEvent {
    /// The files, or why not.
    Generated(Result<Box<Generated>, String>),
    /// The new Certificate ID, or why not.
    Uploaded(Result<String, String>),
}

/// Runs one command and sends its answer.
pub async fn run(cmd: M2mCommand, tx: tokio::sync::mpsc::UnboundedSender<Message>) {
    let ev = match cmd {
        M2mCommand::Generate { dir } => {
            let r = tokio::task::spawn_blocking(move || generate(&dir))
                .await
                .unwrap_or_else(|e| Err(format!("key generation stopped: {e}")));
            M2mEvent::Generated(r.map(Box::new))
        }
        M2mCommand::Upload {
            settings,
            certificate_pem,
        } => M2mEvent::Uploaded(upload(*settings, &certificate_pem).await),
    };
    let _ = tx.send(Message::M2m(ev));
}

/// Writes a fresh EC P-256 key (0600) and a 730-day certificate into a new directory.
pub fn generate(parent: &Path) -> Result<Generated, String> {
    let g = crate::netsuite::cert::generate(
        KeyAlgorithm::EcP256,
        MAX_DAYS,
        time::OffsetDateTime::now_utc(),
    )
    .map_err(|e| format!("could not generate the key: {e}"))?;
    let dir = fresh_dir(parent)?;
    let key_path = dir.join(KEY_FILE);
    let cert_path = dir.join(CERT_FILE);
    write_new(&key_path, g.key_pem.expose().as_bytes(), 0o600)?;
    write_new(&cert_path, g.cert_pem.as_bytes(), 0o644)?;
    Ok(Generated {
        dir: dir.display().to_string(),
        key_file: key_path.display().to_string(),
        cert_file: cert_path.display().to_string(),
        key: g.key_pem.clone(),
        certificate_pem: g.cert_pem.clone(),
        describe: "EC P-256 · signs ES256".into(),
        not_after: rfc3339(g.not_after),
    })
}

/// `nstba-m2m`, else `nstba-m2m-2`, … (never an existing directory: nothing is overwritten).
fn fresh_dir(parent: &Path) -> Result<PathBuf, String> {
    for n in 1..100 {
        let name = if n == 1 {
            "nstba-m2m".to_string()
        } else {
            format!("nstba-m2m-{n}")
        };
        let dir = parent.join(name);
        let mut b = std::fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        match b.create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("cannot create {}: {e}", dir.display())),
        }
    }
    Err(format!(
        "{}: too many nstba-m2m directories; move old ones away",
        parent.display()
    ))
}

fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), String> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    o.open(path)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

pub(crate) async fn upload(settings: RotationSettings, pem: &str) -> Result<String, String> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let prepared = crate::netsuite::oauth2::rotation::prepare_upload(pem.as_bytes(), now)
        .map_err(|e| e.to_string())?;
    let mut c = RotationClient::new(settings).map_err(|e| e.to_string())?;
    let claims = c.authenticate().await.map_err(|e| e.to_string())?.clone();
    let (Some(role), Some(entity)) = (claims.role, claims.entity) else {
        return Err("the demo token names no role and entity".into());
    };
    c.upload(&prepared.pem, &role, &entity)
        .await
        .map(|info| info.certificate_id)
        .map_err(|e| e.to_string())
}
