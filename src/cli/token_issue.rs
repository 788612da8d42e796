//! `nstba token issue`: the legacy issuetoken path (NLAuth: email, password, role, and a TOTP
//! code for 2FA roles). The password comes from `NETSUITE_PASSWORD` or a no-echo prompt, never a
//! flag, is never stored and is zeroized after the one call; the token goes where `token request`
//! puts it ([`super::token::deliver`]). Refusals print their ranked causes with fixes.

use std::io::IsTerminal as _;

use clap::Args;
use nstba::Secret;
use nstba::authflow::issuetoken::{IssueFailure, IssueSettings, issue_token};
use nstba::check::issue_causes;
use nstba::netsuite::issuetoken::NlAuth;

use super::test::{WIDTH, parse_timeout, wrap};
use super::token::{Delivery, consumer_inputs, deliver, preflight, runtime};
use super::{CliError, env};

/// `nstba token issue`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:\n  \
    NETSUITE_ACCOUNT_ID=1234567 NETSUITE_CONSUMER_KEY=… NETSUITE_CONSUMER_SECRET=… \\\n    \
    nstba token issue --email admin@example.com --role 3 --profile prod\n  \
    nstba token issue --email admin@example.com --role 3 --otp-prompt --print-secret\n\n\
    Legacy: the integration record needs TBA: IssueToken Endpoint and the role User Access Tokens.\n\
    Prefer `nstba token request` (three-step flow: no password handled by nstba, works with SSO).")]
pub struct IssueArgs {
    /// The NetSuite login email of the user the token is for (tokens are issued only to yourself).
    #[arg(long, value_name = "ADDRESS")]
    pub email: String,
    /// Internal id of the role the token is for (Setup > Users/Roles > Manage Roles).
    #[arg(long, value_name = "ID")]
    pub role: String,
    /// Name for the new token (shown at Setup > Users/Roles > Access Tokens).
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// Ask for the 6-digit one-time code before the call (roles that require 2FA). Without it,
    /// nstba asks when NetSuite answers that the role needs one (at a terminal), or reads
    /// NETSUITE_OTP.
    #[arg(long)]
    pub otp_prompt: bool,
    /// Save the new token (with the account and consumer key/secret) as this profile.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Print the token id and secret to stdout as export lines.
    #[arg(long)]
    pub print_secret: bool,
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

/// Runs `nstba token issue`.
pub fn issue(a: &IssueArgs) -> Result<(), CliError> {
    if a.profile.is_none() && !a.print_secret {
        return Err(CliError::usage(
            "nothing would keep the new token's secret (NetSuite shows it once): pass --profile NAME \
             to store it, or --print-secret to print it",
        ));
    }
    let timeout = parse_timeout(a.timeout)?;
    env::check_credential_text()?;
    let base_url = a.origin.base_url()?;
    let store = a.profile.as_deref().map(preflight).transpose()?;
    let (account, ck, cs) = consumer_inputs(a.profile.as_deref())?;
    let mut login = NlAuth {
        account: account.clone(),
        email: a.email.clone(),
        password: Secret::new(String::new()),
        role: a.role.clone(),
        otp: None,
    };
    // Shapes first: a typo in the email or role must not cost a failed (lockout-counted) login.
    login.password = Secret::new("x".into());
    login
        .validate()
        .map_err(|e| CliError::usage(e.to_string()))?;
    login.password = password(&a.email)?;
    login.otp = if a.otp_prompt {
        Some(otp_prompt()?)
    } else {
        env::var("NETSUITE_OTP").map(Secret::new)
    };
    let mut settings = IssueSettings {
        account: account.clone(),
        consumer_key: Secret::new(ck.clone()),
        consumer_secret: Secret::new(cs.clone()),
        login,
        token_name: a.name.clone(),
        timeout,
        base_url: base_url.clone(),
    };
    err!(
        "{}",
        wrap(
            &format!("Note: {}", issue_causes::texts().legacy),
            "",
            "      ",
            WIDTH
        )
    );
    let rt = runtime()?;
    let mut result = rt.block_on(issue_token(&settings));
    // NetSuite says which roles need 2FA only by refusing: ask once, at a terminal, and retry.
    if let Err(f) = &result
        && f.two_factor_required()
        && settings.login.otp.is_none()
        && std::io::stdin().is_terminal()
    {
        err!("This role requires two-factor authentication.");
        settings.login.otp = Some(otp_prompt()?);
        result = rt.block_on(issue_token(&settings));
    }
    let otp_sent = settings.login.otp.is_some();
    drop(settings);
    let issued = result.map_err(|f| explain(&f, otp_sent))?;
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

/// The password: `NETSUITE_PASSWORD`, else a no-echo prompt on the terminal.
fn password(email: &str) -> Result<Secret, CliError> {
    if let Ok(v) = std::env::var("NETSUITE_PASSWORD")
        && !v.is_empty()
    {
        return Ok(Secret::new(v));
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(
            "no password: set NETSUITE_PASSWORD, or run at a terminal to be asked (it is never a flag)",
        ));
    }
    let typed = zeroize::Zeroizing::new(
        rpassword::prompt_password(format!("NetSuite password for {}: ", email.trim()))
            .map_err(|e| CliError::usage(format!("cannot read the password: {e}")))?,
    );
    Ok(Secret::new(typed.to_string()))
}

/// The one-time code from a no-echo prompt.
fn otp_prompt() -> Result<Secret, CliError> {
    let typed = zeroize::Zeroizing::new(
        rpassword::prompt_password("One-time code (6 digits from the authenticator app): ")
            .map_err(|e| CliError::usage(format!("cannot read the one-time code: {e}")))?,
    );
    Ok(Secret::new(typed.trim().to_string()))
}

/// The refusal with its ranked causes (exit 1), or a usage error for bad input.
fn explain(f: &IssueFailure, otp_sent: bool) -> CliError {
    match f {
        IssueFailure::Account(_) | IssueFailure::Input(_) => return CliError::usage(f.to_string()),
        IssueFailure::Issue(_) => {
            let causes = issue_causes::ranked(f.code(), otp_sent);
            err!(
                "{}",
                if causes.len() == 1 {
                    "Cause:"
                } else {
                    "Possible causes, most likely first:"
                }
            );
            for (i, c) in causes.iter().enumerate() {
                err!(
                    "{}",
                    wrap(&c.text, &format!(" {:>2}. ", i + 1), "     ", WIDTH)
                );
                err!("{}", wrap(&c.fix, "     Fix: ", "          ", WIDTH));
            }
            if causes.len() > 1 {
                err!(
                    "{}",
                    wrap(
                        &format!(
                            "NetSuite did not say which. The Login Audit Trail does: {} (Detail column).",
                            nstba::check::text::texts().login_audit_trail().menu
                        ),
                        "",
                        "",
                        WIDTH
                    )
                );
            }
        }
        IssueFailure::Transport(_) | IssueFailure::Client(_) => {}
    }
    CliError::Problem(Some(f.to_string()))
}
