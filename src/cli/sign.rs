//! `nstba sign`: the Authorization header (or SOAP token passport) NetSuite expects for a request,
//! with `--explain` showing every intermediate value so users can diff their own client.

use clap::Args;
use nstba::netsuite::oauth::{self, SignInput};
use nstba::netsuite::soap::{self, PassportInput};
use nstba::netsuite::{AccountId, Credentials};

use super::{CliError, env};

/// `nstba sign` arguments. Credentials come from the `NETSUITE_*` environment variables.
#[derive(Debug, Clone, Args)]
#[command(after_help = SIGN_EXAMPLES)]
pub struct SignArgs {
    /// HTTP method (GET, POST, …).
    #[arg(long, value_name = "M", required_unless_present = "soap")]
    pub method: Option<String>,
    /// Full request URL, query included (query parameters are signed).
    #[arg(long, value_name = "URL", required_unless_present = "soap")]
    pub url: Option<String>,
    /// Fixed nonce (default: 24 random alphanumerics).
    #[arg(long, value_name = "N")]
    pub nonce: Option<String>,
    /// Fixed Unix timestamp in seconds (default: now).
    #[arg(long, value_name = "T")]
    pub timestamp: Option<String>,
    /// A form-body parameter `k=v` (application/x-www-form-urlencoded bodies are signed); repeatable.
    #[arg(long, value_name = "K=V")]
    pub form: Vec<String>,
    /// Also print the normalized URL, sorted parameters and base string (secrets masked).
    #[arg(long)]
    pub explain: bool,
    /// Print the SOAP tokenPassport element instead of an OAuth header.
    #[arg(long, conflicts_with = "form")]
    pub soap: bool,
    /// Sign for a cleartext http:// URL whose host is not loopback (the header would cross the
    /// network readable by anyone on the path).
    #[arg(long)]
    pub allow_insecure_http: bool,
}

/// Shown under `nstba sign --help`: `--explain` alone is not a request to sign, and clap's
/// "required arguments" error sends the user here.
const SIGN_EXAMPLES: &str = "\
Examples (the four NETSUITE_* credentials and NETSUITE_ACCOUNT_ID come from the environment):
  nstba sign --method GET \\
    --url 'https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/customer?limit=5'
  nstba sign --explain --method POST \\
    --url 'https://1234567.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=12&deploy=1'
  nstba sign --soap --explain

--explain prints the normalized URL, the sorted parameters and the base string (secrets masked),
so they can be compared line by line with what your own client computes.";

/// Runs `nstba sign`.
pub fn run(args: &SignArgs) -> Result<(), CliError> {
    let creds = env::trimmed(env::credentials()?);
    let account = resolve_account(args.url.as_deref())?;
    let insecure = match args.url.as_deref().map(|u| url::Url::parse(u.trim())) {
        Some(Ok(u)) => {
            super::test::check_cleartext("--url", &u, args.allow_insecure_http)?;
            super::test::is_cleartext(&u)
        }
        _ => false,
    };
    if let Some(n) = &args.nonce
        && n.len() < 6
    {
        err!(
            "nstba: note: nonce {n:?} is shorter than 6 characters; NetSuite rejects it (nonce_rejected)"
        );
    }
    if let Some(t) = &args.timestamp
        && t.len() >= 13
    {
        err!(
            "nstba: note: timestamp {t:?} looks like milliseconds; NetSuite wants seconds (InvalidTimestamp)"
        );
    }
    if args.soap {
        return sign_soap(args, &creds, &account);
    }
    let form = parse_form_args(&args.form)?;
    let method = args.method.as_deref().unwrap_or_default();
    let url = args.url.as_deref().unwrap_or_default();
    let realm = account.realm();
    let signed = oauth::sign(&SignInput {
        method,
        url,
        form: &form,
        consumer_key: creds.consumer_key.expose(),
        consumer_secret: creds.consumer_secret.expose(),
        token: Some(creds.token_id.expose()),
        token_secret: creds.token_secret.expose(),
        realm: Some(&realm),
        extra: &[],
        nonce: args.nonce.as_deref(),
        timestamp: args.timestamp.as_deref(),
    })
    .map_err(|e| CliError::usage(e.to_string()))?;
    out!("{}", signed.authorization);
    if args.explain {
        let p = &signed.parts;
        out!();
        out!("Method            {}", p.method);
        out!("URL               {url}");
        out!("Normalized URL    {}", p.normalized_url);
        out!("Realm             {realm}   (sent in the header, not signed)");
        out!("Nonce / timestamp {} / {}", signed.nonce, signed.timestamp);
        out!();
        out!("Signed parameters (percent-encoded, sorted by name then value):");
        for (k, v) in &p.params {
            out!("  {k}={v}");
        }
        out!();
        out!("Base string (METHOD & encoded URL & encoded parameters):");
        out!("  {}", p.base_string);
        out!();
        out!("Signing key       {}", masked_key(&creds));
        out!(
            "Signature         {}   (HMAC-SHA256, Base64; percent-encoded in the header)",
            signed.signature
        );
        if !form.is_empty() {
            out!();
            out!(
                "The form parameters are signed: send them as an application/x-www-form-urlencoded body."
            );
        }
        out!("JSON bodies are never signed; only query and form parameters are.");
        if insecure {
            out!("INSECURE: the URL is cleartext http:// (--allow-insecure-http).");
        }
    }
    Ok(())
}

fn sign_soap(args: &SignArgs, creds: &Credentials, account: &AccountId) -> Result<(), CliError> {
    let realm = account.realm();
    let passport = soap::sign_passport(&PassportInput {
        account: &realm,
        consumer_key: creds.consumer_key.expose(),
        consumer_secret: creds.consumer_secret.expose(),
        token: creds.token_id.expose(),
        token_secret: creds.token_secret.expose(),
        nonce: args.nonce.as_deref(),
        timestamp: args.timestamp.as_deref(),
    })
    .map_err(|e| CliError::usage(e.to_string()))?;
    out!("{}", passport.to_xml());
    if args.explain {
        out!();
        out!(
            "Account           {realm}   (signed; must be uppercase with _SB1, never 1234567-sb1)"
        );
        out!("Base string (account & consumer key & token & nonce & timestamp):");
        out!("  {}", passport.base_string);
        out!("Signing key       {}", masked_key(creds));
        out!(
            "Signature         {}   (HMAC-SHA256, Base64)",
            passport.signature
        );
        out!(
            "POST it to {}{} with SOAPAction: getServerTime",
            account.rest_base(),
            AccountId::soap_path()
        );
    }
    Ok(())
}

/// `NETSUITE_ACCOUNT_ID`, or the account in a NetSuite URL's host.
fn resolve_account(url: Option<&str>) -> Result<AccountId, CliError> {
    if let Some(raw) = env::account() {
        return AccountId::parse(&raw)
            .map_err(|e| CliError::usage(format!("NETSUITE_ACCOUNT_ID: {e}")));
    }
    url.and_then(|u| AccountId::parse(u).ok()).ok_or_else(|| {
        CliError::usage(
            "missing NETSUITE_ACCOUNT_ID: set it to your account id (e.g. 1234567 or 1234567_SB1; \
             Setup > Company > Company Information > Account ID); it gives the realm",
        )
    })
}

fn parse_form_args(items: &[String]) -> Result<Vec<(String, String)>, CliError> {
    items
        .iter()
        .map(|item| {
            item.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| {
                    CliError::usage(format!(
                        "--form {item:?}: expected name=value (e.g. --form grant_type=x)"
                    ))
                })
        })
        .collect()
}

fn masked_key(creds: &Credentials) -> String {
    format!(
        "<consumer secret, {} characters>&<token secret, {} characters>   (each percent-encoded)",
        creds.consumer_secret.char_len(),
        creds.token_secret.char_len()
    )
}
