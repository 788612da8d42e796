//! What the command line answers for each item before the shared step runs
//! ([`nstba::migrate::steps`]): the flags, or on a terminal a question; and the words of a step
//! that waits for an answer.

use std::io::BufRead as _;

use nstba::migrate::state::{MigrationState, RecordChoice, Target};
use nstba::migrate::steps::{self, Decisions, Need};
use nstba::migrate::{Item, answer, keys};

use super::super::CliError;
use super::Ctx;

/// Asks (on a terminal) what the item needs before it runs, and returns the decisions.
pub fn decide(cx: &Ctx, st: &mut MigrationState, item: Item) -> Result<Decisions, CliError> {
    let a = &cx.args;
    let mut d = Decisions::default();
    match item {
        Item::Target if cx.interactive && a.target.is_none() => {
            let t = ask_choice(
                "Target: [m]2m (default) or [a]uthcode? ",
                answer::TARGET_WORDS,
                Target::M2m,
                answer::target,
            );
            st.set_target(t, nstba::profile::clock::now_unix());
        }
        Item::Record => {
            if cx.interactive && a.record.is_none() {
                st.record = ask_choice(
                    "Record: the [s]ame TBA record (default) or a separate one ([o]ther)? ",
                    answer::RECORD_WORDS,
                    RecordChoice::Same,
                    answer::record,
                );
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
                || steps::sandbox_migrated(cx.store.dir(), &st.account)
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
        if let Some(kept) = &f.kept {
            out!(
                "  {} exists and is kept (a saved profile may still sign with it): the new key has the name above.",
                kept.display()
            );
        }
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
    if let Err(why) = steps::check_certificate_id(&id) {
        out!("  Not a Certificate ID: {why}.");
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
    if !cx.interactive
        || !ask("Revoke the TBA token now? Integrations still using it stop at once. [y/N] ")
            .starts_with('y')
    {
        return false;
    }
    let typed = ask_raw(&format!(
        "Type the profile name ({}) to revoke its token: ",
        st.from
    ));
    if typed == st.from {
        return true;
    }
    out!(
        "  The name typed ({}) is not {}: nothing was revoked; the TBA token stays active.",
        nstba::redact::sanitize(&typed, 64),
        st.from
    );
    false
}

/// Asks `question` until the answer means one of the choices (`read`), saying which answers
/// count (`words`); the end of input takes `default`.
fn ask_choice<T: Copy>(
    question: &str,
    words: &str,
    default: T,
    read: impl Fn(&str) -> Option<T>,
) -> T {
    for _ in 0..10 {
        let Some(a) = read_answer(question) else {
            return default;
        };
        if let Some(v) = read(&a) {
            return v;
        }
        out!("  Not an answer: expected {words}.");
    }
    default
}

fn ask(question: &str) -> String {
    ask_raw(question).to_ascii_lowercase()
}

fn ask_raw(question: &str) -> String {
    read_answer(question).unwrap_or_default()
}

/// The answer typed (trimmed); `None` at the end of input.
fn read_answer(question: &str) -> Option<String> {
    super::super::out::stdout(format_args!("{question}"));
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim().to_string()),
    }
}
