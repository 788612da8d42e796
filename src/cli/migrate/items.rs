//! What the command line answers for each item before the shared step runs
//! ([`nstba::migrate::steps`]): the flags, or on a terminal a question; and the words of a step
//! that waits for an answer.

use std::io::BufRead as _;

use nstba::migrate::state::{MigrationState, RecordChoice, Target};
use nstba::migrate::steps::{self, Decisions, Need};
use nstba::migrate::{Item, keys};

use super::super::CliError;
use super::Ctx;

/// Asks (on a terminal) what the item needs before it runs, and returns the decisions.
pub fn decide(cx: &Ctx, st: &mut MigrationState, item: Item) -> Result<Decisions, CliError> {
    let a = &cx.args;
    let mut d = Decisions::default();
    match item {
        Item::Target
            if cx.interactive
                && a.target.is_none()
                && ask("Target: [m]2m (default) or [a]uthcode? ").starts_with('a') =>
        {
            st.set_target(Target::Authcode, nstba::profile::clock::now_unix());
        }
        Item::Record => {
            if cx.interactive
                && a.record.is_none()
                && ask("Record: the [s]ame TBA record (default) or a separate one ([o]ther)? ")
                    .starts_with('o')
            {
                st.record = RecordChoice::Separate;
            }
            d.confirmed = confirmed(
                cx,
                "Done: OAuth 2.0 boxes, grant and scopes ticked on the record?",
            );
        }
        Item::Role => {
            d.confirmed = confirmed(
                cx,
                "Done: the role has Log in using OAuth 2.0 Access Tokens?",
            );
        }
        Item::Key => key(cx, st)?,
        Item::Sandbox => {
            d.sandbox_done = a.sandbox_done
                || steps::is_sandbox(st)
                || steps::sandbox_migrated(cx.store.dir())
                || (cx.interactive && ask("Was a sandbox migrated first? [y/N] ").starts_with('y'));
        }
        Item::CutOver => {
            d.monitored_ok = a.monitored_ok
                || (cx.interactive
                    && ask(&format!(
                        "Did a monitored run of the integration on {} succeed? [y/N] ",
                        st.to
                    ))
                    .starts_with('y'));
            d.revoke = d.monitored_ok && revoke_confirmed(cx, st);
        }
        _ => {}
    }
    Ok(d)
}

/// The key item's local part: generate a key when asked (flag or terminal).
fn key(cx: &Ctx, st: &mut MigrationState) -> Result<(), CliError> {
    if st.key_file.is_some() {
        return Ok(());
    }
    if cx.args.generate_key
        || (cx.interactive && !ask("Generate a new key and certificate? [Y/n] ").starts_with('n'))
    {
        let f: keys::KeyFiles =
            steps::generate_key(cx.store.dir(), st).map_err(CliError::internal)?;
        out!(
            "  Key: {} (keep it private); certificate to upload: {}",
            f.key.display(),
            f.certificate.display()
        );
    }
    offer_login(cx, st);
    Ok(())
}

/// On a terminal, with no Certificate ID yet: upload with a saved login of this account?
fn offer_login(cx: &Ctx, st: &mut MigrationState) {
    if !cx.interactive || st.certificate_id.is_some() || st.upload_login.is_some() {
        return;
    }
    let logins = nstba::migrate::login::logins_for(&cx.store, &st.account);
    if let Some(login) = logins.first()
        && !ask(&format!(
            "Upload the certificate with the login {login} (rotation API)? [Y/n] "
        ))
        .starts_with('n')
    {
        st.upload_login = Some(login.clone());
    }
}

/// On a terminal, the Certificate ID the step waits for (typed after the upload).
pub fn certificate_id(cx: &Ctx, st: &mut MigrationState) -> bool {
    if !cx.interactive || st.key_file.is_none() {
        return false;
    }
    // As typed: a Certificate ID is case-sensitive.
    let id = ask_raw("Certificate ID shown after the upload: ");
    if id.is_empty() {
        return false;
    }
    st.certificate_id = Some(id);
    true
}

/// What to do so the step can go on.
pub fn waiting(need: &Need) -> String {
    match need {
        Need::Confirm => {
            "Do the step above in NetSuite, then confirm it (--yes, or answer y).".into()
        }
        Need::Key => {
            "Give the private key (--key FILE) or let nstba make one (--generate-key).".into()
        }
        Need::CertificateId(file) => format!(
            "Upload {} as the item says, then give the Certificate ID NetSuite shows (--certificate-id ID); or let an authorization-code login upload it (--upload-with LOGIN_PROFILE).",
            file.as_ref()
                .map_or("the certificate".into(), |p| p.display().to_string())
        ),
        Need::KeyItem => "The key item is not done yet.".into(),
    }
}

/// A NetSuite step the user must do: `--yes`, or a yes on the terminal.
fn confirmed(cx: &Ctx, question: &str) -> bool {
    cx.args.yes || (cx.interactive && ask(&format!("{question} [y/N] ")).starts_with('y'))
}

/// Revoking is offered, never done on its own, and asked twice.
fn revoke_confirmed(cx: &Ctx, st: &MigrationState) -> bool {
    if cx.args.revoke_tba {
        return cx.args.confirm_revoke.as_deref() == Some(st.from.as_str());
    }
    cx.interactive
        && ask("Revoke the TBA token now? Integrations still using it stop at once. [y/N] ")
            .starts_with('y')
        && ask(&format!(
            "Type the profile name ({}) to revoke its token: ",
            st.from
        )) == st.from.to_ascii_lowercase()
}

fn ask(question: &str) -> String {
    ask_raw(question).to_ascii_lowercase()
}

fn ask_raw(question: &str) -> String {
    super::super::out::stdout(format_args!("{question}"));
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    line.trim().to_string()
}
