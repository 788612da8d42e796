//! `nstba migrate`'s flags, and how flags that change an earlier answer send the checklist back
//! to that item.

use std::path::PathBuf;

use clap::Args;
use nstba::migrate::Item;
use nstba::migrate::state::{MigrationState, RecordChoice, Target};

use super::super::CliError;

/// `nstba migrate` arguments.
#[allow(
    clippy::struct_excessive_bools,
    reason = "one flag per independent answer a script gives instead of a prompt"
)]
#[derive(Debug, Clone, Args)]
pub struct MigrateArgs {
    /// The saved TBA profile to move.
    #[arg(long, value_name = "TBA_PROFILE")]
    pub from: String,
    /// Name of the new OAuth 2.0 profile (default: FROM-m2m).
    #[arg(long, value_name = "NAME")]
    pub to: Option<String>,
    /// Only show where the migration stands.
    #[arg(long)]
    pub status: bool,
    /// Forget the saved progress and start again.
    #[arg(long)]
    pub restart: bool,
    /// Target: m2m (default, unattended) or authcode (acting as a person).
    #[arg(long, value_name = "KIND")]
    pub target: Option<String>,
    /// Integration record: same (the TBA record, OAuth 2.0 boxes ticked) or separate.
    #[arg(long, value_name = "same|separate")]
    pub record: Option<String>,
    /// Scopes for the new profile (comma list; default: those of the interfaces TBA works on).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub scopes: Vec<String>,
    /// Confirm the NetSuite steps of the record, role and upload items as done.
    #[arg(long)]
    pub yes: bool,
    /// Generate a new key and certificate to upload (EC P-256, 730 days).
    #[arg(long)]
    pub generate_key: bool,
    /// Use this private key (unencrypted PEM) instead.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// The certificate uploaded for that key (for the local checks).
    #[arg(long, value_name = "FILE")]
    pub certificate: Option<PathBuf>,
    /// The Certificate ID NetSuite showed for the mapping.
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub certificate_id: Option<String>,
    /// Upload the certificate through the rotation API with this authorization-code login
    /// profile (`nstba login --profile LOGIN_PROFILE` first); the certificate id comes back.
    #[arg(long, value_name = "LOGIN_PROFILE", conflicts_with = "certificate_id")]
    pub upload_with: Option<String>,
    /// Accept an OAuth 2.0 role other than the TBA token's (its internal id).
    #[arg(long, value_name = "ROLE_ID")]
    pub accept_role: Option<String>,
    /// Confirm a sandbox was migrated first (on a production account).
    #[arg(long)]
    pub sandbox_done: bool,
    /// Confirm a monitored run of the integration on the new profile succeeded.
    #[arg(long)]
    pub monitored_ok: bool,
    /// Revoke the TBA token at cut-over (needs --confirm-revoke with the profile name again).
    #[arg(long)]
    pub revoke_tba: bool,
    /// The TBA profile's name, typed again to confirm --revoke-tba.
    #[arg(long, value_name = "TBA_PROFILE")]
    pub confirm_revoke: Option<String>,
    /// Per-request timeout in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 15.0)]
    pub timeout: f64,
    /// Send every NetSuite call to this origin (emulator, proxy).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Allow a cleartext http:// --base-url to a host that is not loopback.
    #[arg(long)]
    pub allow_insecure_http: bool,
}

/// Flags that change an earlier answer send the checklist back to that item; a completed
/// migration is not reopened by a flag (`--restart` starts it again).
pub fn apply_flags(a: &MigrateArgs, st: &mut MigrationState, now: i64) -> Result<(), CliError> {
    check_inputs(a)?;
    let was_complete = st.complete();
    change(a, st, now)?;
    if was_complete && !st.complete() {
        return Err(CliError::usage(format!(
            "the migration of {} is complete (8 of 8 items done); a flag does not reopen it: nothing was changed. To migrate again with other answers, add --restart (the progress starts anew).",
            st.from
        )));
    }
    Ok(())
}

/// The local checks of what the flags name: the key file is there, the id looks like one.
fn check_inputs(a: &MigrateArgs) -> Result<(), CliError> {
    if let Some(k) = &a.key {
        match std::fs::read(k) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CliError::usage(format!(
                    "--key {}: the file does not exist",
                    k.display()
                )));
            }
            Err(e) => {
                return Err(CliError::usage(format!(
                    "--key {}: the file cannot be read ({e})",
                    k.display()
                )));
            }
        }
    }
    if let Some(id) = &a.certificate_id {
        nstba::migrate::steps::check_certificate_id(id)
            .map_err(|why| CliError::usage(format!("--certificate-id {id:?}: {why}")))?;
    }
    Ok(())
}

fn change(a: &MigrateArgs, st: &mut MigrationState, now: i64) -> Result<(), CliError> {
    if let Some(t) = &a.target {
        let t = match t.trim().to_ascii_lowercase().as_str() {
            "m2m" => Target::M2m,
            "authcode" => Target::Authcode,
            _ => {
                return Err(CliError::usage(format!(
                    "--target {t:?}: expected m2m or authcode"
                )));
            }
        };
        st.set_target(t, now);
    }
    if let Some(r) = &a.record {
        let r = match r.trim().to_ascii_lowercase().as_str() {
            "same" => RecordChoice::Same,
            "separate" => RecordChoice::Separate,
            _ => {
                return Err(CliError::usage(format!(
                    "--record {r:?}: expected same or separate"
                )));
            }
        };
        if r != st.record {
            st.record = r;
            st.reopen_from(Item::Record, now);
        }
    }
    if !a.scopes.is_empty() && a.scopes != st.scopes {
        st.scopes.clone_from(&a.scopes);
        st.reopen_from(Item::Record, now);
    }
    let key_changed = a.key.is_some() && a.key != st.key_file;
    let id_changed = a.certificate_id.is_some() && a.certificate_id != st.certificate_id;
    if let Some(k) = &a.key {
        st.key_file = Some(k.clone());
    }
    if let Some(c) = &a.certificate {
        st.certificate_file = Some(c.clone());
    }
    if let Some(id) = &a.certificate_id {
        st.certificate_id = Some(id.trim().to_string());
        // A typed id means the upload was done by hand.
        st.upload_login = None;
    }
    if a.accept_role.is_some() && a.accept_role != st.accepted_role {
        st.accepted_role.clone_from(&a.accept_role);
        st.reopen_from(Item::SideBySide, now);
    }
    if let Some(login) = &a.upload_with {
        nstba::profile::validate_name(login)
            .map_err(|e| CliError::usage(format!("--upload-with: {e}")))?;
        let changed = st.upload_login.as_deref() != Some(login.as_str());
        let key_open = st.item(Item::Key).status != nstba::migrate::Status::Done;
        if changed && key_open {
            // A typed id is replaced by the one the upload returns.
            st.certificate_id = None;
        }
        st.upload_login = Some(login.clone());
    }
    if key_changed || id_changed || a.generate_key {
        reopen_if_past(st, Item::Key, now);
    }
    Ok(())
}

fn reopen_if_past(st: &mut MigrationState, item: Item, now: i64) {
    if st.next().is_none_or(|n| n > item) {
        st.reopen_from(item, now);
    }
}
