//! `nstba cert generate` (a private key, mode 0600, and a self-signed certificate to upload to
//! NetSuite's M2M setup) and `nstba cert check` (what NetSuite would refuse, before anything is
//! sent). `cert list|upload|revoke` use NetSuite's certificate rotation API with a token obtained
//! from the M2M credentials themselves ([`super::cert_rotation`]).

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use nstba::Secret;
use nstba::netsuite::cert::checks::{self, Report, rfc3339};
use nstba::netsuite::cert::{Finding, KeyAlgorithm, MAX_DAYS, Severity, generate};

use super::CliError;

/// File names `cert generate` writes in `--out`.
pub const KEY_FILE: &str = "nstba-m2m-key.pem";
/// See [`KEY_FILE`].
pub const CERT_FILE: &str = "nstba-m2m-cert.pem";

/// `nstba cert …`.
#[derive(Debug, Clone, Subcommand)]
pub enum CertCommand {
    /// Generate a private key and a self-signed certificate for OAuth 2.0 client credentials.
    Generate(GenerateArgs),
    /// Check a private key (and its certificate) against what NetSuite accepts.
    Check(CheckArgs),
    /// List the integration record's certificates (the rotation API).
    List(ListArgs),
    /// Upload a new certificate, mapped to the credentials' own entity and role.
    Upload(UploadArgs),
    /// Revoke a certificate (never the one the credentials use, unless --force).
    Revoke(RevokeArgs),
}

/// Options shared by `cert list|upload|revoke`.
#[derive(Debug, Clone, Args)]
pub struct RotationOptions {
    /// Take the account id from this profile (the M2M values come from NETSUITE_CLIENT_ID,
    /// NETSUITE_CERTIFICATE_ID and NETSUITE_PRIVATE_KEY_FILE / NETSUITE_PRIVATE_KEY).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Where the calls go.
    #[command(flatten)]
    pub origin: super::origin::OriginArgs,
    /// Per-request timeout in seconds.
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 15.0,
        allow_negative_numbers = true
    )]
    pub timeout: f64,
}

/// `nstba cert list`.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Shared options.
    #[command(flatten)]
    pub options: RotationOptions,
}

/// `nstba cert upload FILE`.
#[derive(Debug, Clone, Args)]
pub struct UploadArgs {
    /// The certificate to upload (PEM or DER; never a file with a private key).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Role internal id to map it to (default: the role of the credentials' own token).
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub role: Option<String>,
    /// Entity internal id to map it to (default: the entity of the credentials' own token).
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub entity: Option<String>,
    /// Shared options.
    #[command(flatten)]
    pub options: RotationOptions,
}

/// `nstba cert revoke ID`.
#[derive(Debug, Clone, Args)]
pub struct RevokeArgs {
    /// The Certificate ID (may start with `-`).
    #[arg(value_name = "ID", allow_hyphen_values = true)]
    pub id: String,
    /// Revoke it even when it is the certificate these credentials sign with.
    #[arg(long)]
    pub force: bool,
    /// Shared options.
    #[command(flatten)]
    pub options: RotationOptions,
}

/// `nstba cert generate`.
#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// Key type: ec-p256 (default), ec-p384, ec-p521, rsa-3072, rsa-4096.
    #[arg(long, value_name = "ALG", default_value = "ec-p256")]
    pub algorithm: String,
    /// Certificate validity in days (at most 730: NetSuite's maximum is two years).
    #[arg(long, value_name = "N", default_value_t = MAX_DAYS)]
    pub days: u32,
    /// Directory to write nstba-m2m-key.pem and nstba-m2m-cert.pem into (never overwritten).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
}

/// `nstba cert check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The private key file (unencrypted PEM).
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// The certificate uploaded to NetSuite (PEM or DER).
    #[arg(long, value_name = "FILE")]
    pub cert: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs a `cert` subcommand.
pub fn run(cmd: &CertCommand) -> Result<(), CliError> {
    match cmd {
        CertCommand::Generate(a) => run_generate(a),
        CertCommand::Check(a) => run_check(a),
        CertCommand::List(a) => super::cert_rotation::list(a),
        CertCommand::Upload(a) => super::cert_rotation::upload(a),
        CertCommand::Revoke(a) => super::cert_rotation::revoke(a),
    }
}

fn run_generate(a: &GenerateArgs) -> Result<(), CliError> {
    let algorithm = KeyAlgorithm::parse(&a.algorithm).ok_or_else(|| {
        CliError::usage(format!(
            "--algorithm must be one of ec-p256, ec-p384, ec-p521, rsa-3072, rsa-4096 (got {:?}); NetSuite refuses RSA 2048",
            a.algorithm
        ))
    })?;
    if a.days == 0 || a.days > MAX_DAYS {
        return Err(CliError::usage(format!(
            "--days must be between 1 and {MAX_DAYS} (got {}): NetSuite's maximum certificate validity is two years and it silently shortens longer ones",
            a.days
        )));
    }
    if !a.out.is_dir() {
        return Err(CliError::usage(format!(
            "--out {} is not a directory",
            a.out.display()
        )));
    }
    let key_path = a.out.join(KEY_FILE);
    let cert_path = a.out.join(CERT_FILE);
    for p in [&key_path, &cert_path] {
        if p.exists() {
            return Err(CliError::usage(format!(
                "{} already exists; nstba never overwrites a key or certificate: move it away or choose another --out",
                p.display()
            )));
        }
    }
    let generated = generate(algorithm, a.days, time::OffsetDateTime::now_utc())
        .map_err(|e| CliError::internal(e.to_string()))?;
    write_new(&key_path, generated.key_pem.expose().as_bytes(), 0o600)?;
    write_new(&cert_path, generated.cert_pem.as_bytes(), 0o644)?;
    out!(
        "Private key:  {} (mode 0600; keep it here, never upload it)",
        key_path.display()
    );
    out!("Certificate:  {} (upload this one)", cert_path.display());
    out!(
        "Key:          {} (JWT alg {})",
        describe(algorithm),
        alg_of(algorithm)
    );
    out!(
        "Valid:        {} to {} ({} days)",
        rfc3339(generated.not_before),
        rfc3339(generated.not_after),
        a.days
    );
    out!();
    out!("Next: in NetSuite, Setup > Integration > Manage Authentication > OAuth 2.0 Client");
    out!("Credentials (M2M) Setup > Create New: choose the entity, role and application, upload");
    out!("the certificate, save, and copy the Certificate ID into NETSUITE_CERTIFICATE_ID.");
    Ok(())
}

fn describe(a: KeyAlgorithm) -> &'static str {
    match a {
        KeyAlgorithm::EcP256 => "EC P-256",
        KeyAlgorithm::EcP384 => "EC P-384",
        KeyAlgorithm::EcP521 => "EC P-521",
        KeyAlgorithm::Rsa3072 => "RSA 3072",
        KeyAlgorithm::Rsa4096 => "RSA 4096",
    }
}

fn alg_of(a: KeyAlgorithm) -> &'static str {
    match a {
        KeyAlgorithm::EcP256 => "ES256",
        KeyAlgorithm::EcP384 => "ES384",
        KeyAlgorithm::EcP521 => "ES512",
        KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096 => "PS256",
    }
}

/// Creates `path` (failing if it exists) with `mode` from the start, so the key is never
/// readable by others, even briefly.
fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), CliError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options
        .open(path)
        .map_err(|e| CliError::usage(format!("cannot create {}: {e}", path.display())))?;
    file.write_all(bytes)
        .and_then(|_| file.sync_all())
        .map_err(|e| CliError::internal(format!("cannot write {}: {e}", path.display())))
}

fn run_check(a: &CheckArgs) -> Result<(), CliError> {
    let key_text = std::fs::read_to_string(&a.key)
        .map_err(|e| CliError::usage(format!("--key {}: cannot read it ({e})", a.key.display())))?;
    let key = Secret::new(key_text);
    let cert = match &a.cert {
        Some(p) => Some(std::fs::read(p).map_err(|e| {
            CliError::usage(format!("--cert {}: cannot read it ({e})", p.display()))
        })?),
        None => None,
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut report = checks::check(&key, cert.as_deref(), now);
    if let Some(f) = key_file_mode(&a.key) {
        report.findings.insert(1.min(report.findings.len()), f);
    }
    if a.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| CliError::internal(format!("JSON: {e}")))?;
        out!("{json}");
    } else {
        print_text(&report);
    }
    if report.ok {
        Ok(())
    } else {
        Err(CliError::Problem(None))
    }
}

/// A warning when the key file is readable by group or others (unix only).
pub(super) fn key_file_mode(path: &Path) -> Option<Finding> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then(|| Finding {
            id: "key-file",
            severity: Severity::Warning,
            code: None,
            message: format!(
                "{} has mode {mode:04o}: other users can read the private key; run `chmod 600 {}`",
                path.display(),
                path.display()
            ),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

fn print_text(report: &Report) {
    print_findings(report);
    out!();
    out!(
        "{}",
        if report.ok {
            "NetSuite should accept this key and certificate."
        } else {
            "NetSuite would refuse this; fix the FAIL lines above."
        }
    );
}

/// One line per finding (`ok`, `WARN`, `FAIL`), to stdout.
pub(super) fn print_findings(report: &Report) {
    for f in &report.findings {
        let mark = match f.severity {
            Severity::Ok => "ok  ",
            Severity::Warning => "WARN",
            Severity::Error => "FAIL",
        };
        out!("{mark}  {:<16} {}", f.id, f.message);
    }
}
