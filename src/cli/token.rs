//! `nstba token request` (the three-step authorization flow: consent in a browser, token back on
//! a loopback callback) and `nstba token revoke`. Secrets come from the environment; the new
//! token's secret is only ever stored in a profile or, on request, printed to stdout.

use std::time::Duration;

use clap::{Args, Subcommand};
use nstba::Secret;
use nstba::authflow::three_legged::{FlowClient, FlowFailure, FlowSettings};
use nstba::check::Settings;
use nstba::check::catalogue;
use nstba::netsuite::Credentials;
use nstba::netsuite::flow::{FlowError, IssuedToken};
use nstba::profile::{self, ProfileStore};

use super::test::{WIDTH, parse_timeout, wrap};
use super::{CliError, env};

/// Per-request timeout of the flow's HTTP calls.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// `nstba token …`.
#[derive(Debug, Clone, Subcommand)]
pub enum TokenCommand {
    /// Get a new access token with the three-step authorization flow (consent in a browser).
    Request(RequestArgs),
    /// Revoke the token in NETSUITE_TOKEN_ID (signed /rest/revoketoken).
    Revoke(RevokeArgs),
    /// Legacy: issue a token with the user's email, password and role (/rest/issuetoken, NLAuth).
    Issue(super::token_issue::IssueArgs),
}

/// `nstba token request`.
#[derive(Debug, Clone, Args)]
pub struct RequestArgs {
    /// Role internal id to issue the token for.
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,
    /// Port of the loopback callback server (default: chosen by the OS; the integration record's
    /// Callback URL must allow it, e.g. http://localhost:PORT).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub callback_port: u16,
    /// Where the calls go.
    #[command(flatten)]
    pub origin: super::origin::OriginArgs,
    /// Do not try to open a browser; just print the URL.
    #[arg(long)]
    pub no_browser: bool,
    /// How long to wait for the consent (seconds).
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 300.0,
        allow_negative_numbers = true
    )]
    pub timeout: f64,
    /// Save the new token (with the account and consumer key/secret) as this profile; an existing
    /// profile also supplies whatever NETSUITE_ACCOUNT_ID/CONSUMER_KEY/CONSUMER_SECRET leave unset.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Print the token id and secret to stdout as NETSUITE_TOKEN_ID/NETSUITE_TOKEN_SECRET lines.
    #[arg(long)]
    pub print_secret: bool,
}

/// `nstba token revoke`.
#[derive(Debug, Clone, Args)]
pub struct RevokeArgs {
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

/// Dispatches `nstba token …`.
pub fn run(cmd: &TokenCommand) -> Result<(), CliError> {
    match cmd {
        TokenCommand::Request(a) => request(a),
        TokenCommand::Revoke(a) => revoke(a),
        TokenCommand::Issue(a) => super::token_issue::issue(a),
    }
}

fn required(name: &str) -> Result<String, CliError> {
    env::required(name)
}

pub(super) fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::internal(format!("cannot start the async runtime: {e}")))
}

/// Turns a flow failure into exit 1 with the fix printed to stderr.
fn explain_failure(f: &FlowFailure, callback_port: Option<u16>) -> CliError {
    if let FlowFailure::Account(e) = f {
        return CliError::usage(e.to_string());
    }
    let mut lines = Vec::new();
    match f.code() {
        Some("InvalidCallback") => {
            let port = callback_port
                .filter(|p| *p != 0)
                .map(|p| p.to_string())
                .unwrap_or_else(|| "PORT".into());
            lines.push(format!(
                "Fix: on the integration record (Setup > Integration > Manage Integrations > Edit), \
                 set Callback URL to http://localhost:{port} and run nstba token request \
                 --callback-port {port} (a fixed port: the OS picks a new one each run otherwise)."
            ))
        }
        Some("AuthorizationFlowRequired") => lines.push(
            "Fix: on the integration record (Setup > Integration > Manage Integrations > Edit), tick \
             TBA: Authorization Flow (under Token-based Authentication) and set a Callback URL, then save."
                .into(),
        ),
        _ => {}
    }
    if let Some(code) = f.code()
        && let Some(found) = catalogue::explain(code)
    {
        let e = found.entry;
        lines.push(format!("{}: {}", e.code, e.title));
        for (i, fix) in e.fixes.iter().enumerate() {
            lines.push(wrap(fix, &format!("  {}. ", i + 1), "     ", WIDTH));
        }
    }
    if let FlowFailure::Flow(FlowError::Inconclusive { .. }) = f {
        lines.push(format!(
            "NetSuite did not name a cause. Look at {} (Detail column) for this integration.",
            nstba::check::text::texts().login_audit_trail().menu
        ));
    }
    for l in lines {
        err!("{l}");
    }
    CliError::Problem(Some(f.to_string()))
}

/// Opens `url` in the user's browser (the `webbrowser` crate), if there is one; failure is silent
/// by design: the address is printed above it.
fn open_browser(url: &str) {
    let _ = webbrowser::open(url);
}

/// Account, consumer key and consumer secret: each `NETSUITE_*` variable wins; an existing
/// `--profile` fills the others (so a profile's token can be replaced with its own consumer).
pub(super) fn consumer_inputs(profile: Option<&str>) -> Result<(String, String, String), CliError> {
    let saved = profile.and_then(|name| {
        let store = ProfileStore::open_default().ok()?;
        let p = store.get(name).ok()?;
        Some((p.account, store.load_credentials(name).ok()))
    });
    let (saved_account, saved_creds) = match saved {
        Some((a, c)) => (Some(a), c),
        None => (None, None),
    };
    let pick = |name: &str, saved: Option<String>| -> Result<String, CliError> {
        match env::var(name).or(saved.filter(|v| !v.is_empty())) {
            Some(v) => Ok(v),
            None => required(name),
        }
    };
    let account = pick("NETSUITE_ACCOUNT_ID", saved_account)?;
    let ck = pick(
        "NETSUITE_CONSUMER_KEY",
        saved_creds
            .as_ref()
            .map(|c| c.consumer_key.expose().to_string()),
    )?;
    let cs = pick(
        "NETSUITE_CONSUMER_SECRET",
        saved_creds.map(|c| c.consumer_secret.expose().to_string()),
    )?;
    Ok((account, ck, cs))
}

fn request(a: &RequestArgs) -> Result<(), CliError> {
    if a.profile.is_none() && !a.print_secret {
        return Err(CliError::usage(
            "nothing would keep the new token's secret (NetSuite shows it once): pass --profile NAME \
             to store it, or --print-secret to print it",
        ));
    }
    let wait = parse_timeout(a.timeout)?;
    env::check_credential_text()?;
    let base_url = a.origin.base_url()?;
    // Everything that could stop the save is checked now: after step three NetSuite has issued
    // a live token whose secret it never shows again.
    let store = match &a.profile {
        Some(name) => Some(preflight(name)?),
        None => None,
    };
    let (account, ck, cs) = consumer_inputs(a.profile.as_deref())?;
    let client = FlowClient::new(FlowSettings {
        account: account.clone(),
        consumer_key: Secret::new(ck.clone()),
        consumer_secret: Secret::new(cs.clone()),
        role: a.role.clone(),
        callback_port: a.callback_port,
        timeout: REQUEST_TIMEOUT.min(wait),
        base_url: base_url.clone(),
    })
    .map_err(|e| explain_failure(&e, None))?;
    let rt = runtime()?;
    let issued = rt.block_on(async {
        let pending = client
            .start()
            .await
            .map_err(|e| explain_failure(&e, Some(a.callback_port)))?;
        // Progress goes to stderr; a closed stderr must not abort a flow the user is completing.
        err!("Open this address in a browser, sign in to NetSuite and click Allow:\n  {}",
            pending.authorize_url
        );
        err!("Waiting up to {} s for NetSuite to redirect to {} … (or paste the address the browser was sent to, then Enter)",
            wait.as_secs(),
            pending.callback_url
        );
        if !a.no_browser {
            open_browser(&pending.authorize_url);
        }
        let rx = super::browser_wait::stdin_lines();
        let cancel = super::browser_wait::ctrl_c();
        let authorized = pending
            .wait(wait, Some(rx), &cancel)
            .await
            .map_err(|e| explain_failure(&e, Some(pending.port())))?;
        client
            .finish(&pending, &authorized)
            .await
            .map_err(|e| explain_failure(&e, Some(pending.port())))
    })?;
    // The stderr warning came with --allow-insecure-http; stdout says it too.
    let insecure = a.origin.cleartext();
    deliver(
        &Delivery {
            profile: a.profile.as_deref(),
            store: store.as_ref(),
            print_secret: a.print_secret,
            insecure,
        },
        (account, ck, cs),
        &issued,
    )
}

/// Where a newly issued token goes: the profile (saved first), stdout on `--print-secret`.
pub(super) struct Delivery<'a> {
    /// `--profile NAME`.
    pub profile: Option<&'a str>,
    /// The store checked by [`preflight`] for that profile.
    pub store: Option<&'a ProfileStore>,
    /// `--print-secret`.
    pub print_secret: bool,
    /// The token crossed cleartext http.
    pub insecure: bool,
}

/// Keeps a token NetSuite will never show again: saves it to the profile (with the account and
/// consumer), prints it on request, and if neither worked writes it to a private file.
pub(super) fn deliver(
    d: &Delivery<'_>,
    (account, ck, cs): (String, String, String),
    issued: &IssuedToken,
) -> Result<(), CliError> {
    let insecure = d.insecure;
    // Kept first: a closed stdout ends the process at the first print, which must not lose the
    // secret NetSuite shows only once.
    let mut saved_as = None;
    if let (Some(name), Some(store)) = (d.profile, d.store) {
        let settings = Settings::new(
            account,
            Credentials::new(
                ck,
                cs,
                issued.token_id.expose(),
                issued.token_secret.expose(),
            ),
        );
        match store.save_settings(name, &settings) {
            Ok(outcome) => {
                if let Some(w) = outcome.warning {
                    err!("{w}");
                }
                saved_as = Some(name);
            }
            Err(e) => {
                let why = format!("the token was issued but not saved to profile {name:?}: {e}");
                return Err(keep_unsaved(&why, issued, Some(store.dir())));
            }
        }
    }
    if d.print_secret {
        err!(
            "warning: printing the token secret; keep it out of logs and shell history (NetSuite will not show it again)"
        );
        let lines = zeroize::Zeroizing::new(format!(
            "{}\n{}\n",
            export_line("NETSUITE_TOKEN_ID", issued.token_id.expose()),
            export_line("NETSUITE_TOKEN_SECRET", issued.token_secret.expose())
        ));
        if super::out::try_stdout(format_args!("{}", lines.as_str())).is_err() && saved_as.is_none()
        {
            let why = "the token was issued but could not be printed (stdout is closed)";
            return Err(keep_unsaved(why, issued, None));
        }
    }
    let shown_id = if d.print_secret {
        issued.token_id.expose().to_string()
    } else {
        issued.token_id.last4()
    };
    out!("Token ID: {shown_id}");
    out!(
        "Token secret: {}{}",
        issued.token_secret.last4(),
        if insecure {
            " (INSECURE: it crossed the network over cleartext http)"
        } else {
            ""
        }
    );
    if let Some(name) = saved_as {
        out!("Saved to profile {name:?}.");
    }
    Ok(())
}

/// Checks, before step one, that the token can be saved as profile `name`: a valid name, a
/// readable `profiles.toml`, a usable secret store (keychain or private `secrets.toml`) and a
/// writable configuration directory.
pub(super) fn preflight(name: &str) -> Result<ProfileStore, CliError> {
    profile::validate_name(name).map_err(|e| CliError::usage(e.to_string()))?;
    let store = ProfileStore::open_default().map_err(|e| CliError::usage(e.to_string()))?;
    store.check_can_save(name).map_err(|e| {
        CliError::usage(format!(
            "the new token could not be saved as profile {name:?}: {e}; fix that first (no token was requested)"
        ))
    })?;
    Ok(store)
}

/// The token could not be kept where asked (a failed save, a closed stdout): writes its id and
/// secret to a new private (0600) file (in `first`, else the current directory, else the temporary
/// directory) and says where; if even that fails, prints them once, clearly marked.
fn keep_unsaved(why: &str, issued: &IssuedToken, first: Option<&std::path::Path>) -> CliError {
    let body = zeroize::Zeroizing::new(format!(
        "# nstba: {why}.\n\
         # NetSuite will not show the secret again: save it (nstba profile save), then delete this file.\n{}\n{}\n",
        export_line("NETSUITE_TOKEN_ID", issued.token_id.expose()),
        export_line("NETSUITE_TOKEN_SECRET", issued.token_secret.expose())
    ));
    let dirs = [
        first.map(std::path::Path::to_path_buf),
        std::env::current_dir().ok(),
        Some(std::env::temp_dir()),
    ];
    for dir in dirs.into_iter().flatten() {
        if let Ok(path) = profile::write_private_new(&dir, "nstba-unsaved-token-", body.as_bytes())
        {
            return CliError::internal(format!(
                "{why}. Its id and secret are in {} (mode 0600): source it or save them with \
                 `nstba profile save`, then delete the file",
                path.display()
            ));
        }
    }
    err!("----- UNSAVED TOKEN: NetSuite will not show this secret again -----");
    err!(
        "{}",
        export_line("NETSUITE_TOKEN_ID", issued.token_id.expose())
    );
    err!(
        "{}",
        export_line("NETSUITE_TOKEN_SECRET", issued.token_secret.expose())
    );
    err!("----- end of unsaved token -----");
    CliError::internal(format!(
        "{why}; its id and secret were printed above (no file could be written)"
    ))
}

/// `export NAME='value'`: a line a shell can source whatever the value holds (single quotes,
/// with any `'` closed, escaped and reopened).
pub fn export_line(name: &str, value: &str) -> String {
    format!("export {name}='{}'", value.replace('\'', r"'\''"))
}

fn revoke(a: &RevokeArgs) -> Result<(), CliError> {
    let timeout = parse_timeout(a.timeout)?;
    let base_url = a.origin.base_url()?;
    let insecure = a.origin.cleartext();
    let account = required("NETSUITE_ACCOUNT_ID")?;
    let creds = env::credentials()?;
    let client = FlowClient::new(FlowSettings {
        account,
        consumer_key: creds.consumer_key.clone(),
        consumer_secret: creds.consumer_secret.clone(),
        role: None,
        callback_port: 0,
        timeout,
        base_url,
    })
    .map_err(|e| explain_failure(&e, None))?;
    runtime()?
        .block_on(client.revoke(&creds.token_id, &creds.token_secret))
        .map_err(|e| explain_failure(&e, None))?;
    out!(
        "Token {} revoked.{}",
        creds.token_id.last4(),
        if insecure {
            " (INSECURE: over cleartext http)"
        } else {
            ""
        }
    );
    Ok(())
}
