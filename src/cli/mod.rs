//! The command line: clap definitions (the stable contract of DESIGN.md) and exit codes.
//! Each command lives in its own file and only calls the library's core.

// Every print goes through `out!`/`err!` (a closed pipe must not panic).
#![deny(clippy::print_stdout, clippy::print_stderr)]

#[macro_use]
mod out;
mod error;

pub mod audit;
pub mod auth_env;
pub mod browser_wait;
pub mod cert;
pub mod cert_rotation;
#[cfg(feature = "emulator")]
pub mod emulator;
pub mod env;
pub mod explain;
#[cfg(feature = "tui")]
pub mod launch;
pub mod login;
mod login_bootstrap;
pub mod migrate;
pub mod origin;
pub mod profile;
mod profile_authcode;
mod profile_oauth2;
pub mod report;
mod report_many;
pub mod sign;
pub mod test;
pub mod test_many;
mod test_table;
pub mod token;
mod token_issue;

use clap::{Args, Parser, Subcommand};

pub use error::{CliError, outcome};

/// nstba: set up NetSuite Token-Based Authentication and find out why it fails.
#[derive(Debug, Parser)]
#[command(name = "nstba", version, about, long_about = None)]
pub struct Cli {
    /// Run the wizard against the built-in NetSuite emulator with demo credentials.
    #[arg(long)]
    pub demo: bool,

    /// With --demo: delay every answer of the demo emulator by this many milliseconds.
    #[arg(long, value_name = "MS", requires = "demo")]
    pub latency_ms: Option<u64>,

    /// Open the wizard on this saved profile.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// What to do (no command: the interactive wizard).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Test credentials against NetSuite (or an emulator) and diagnose failures.
    Test(TestArgs),
    /// Print the OAuth Authorization header NetSuite expects for a request.
    Sign(sign::SignArgs),
    /// Explain a Login Audit Trail Detail value or a NetSuite error message.
    Explain(ExplainArgs),
    /// Manage saved profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Run the test and print a Markdown support report with secrets reduced to 4 characters.
    Report(report::ReportArgs),
    /// Run the built-in NetSuite emulator in the foreground.
    #[cfg(feature = "emulator")]
    Emulator(EmulatorArgs),
    /// Get a new access token with the three-step authorization flow, or revoke one.
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// Generate or check the key and certificate for OAuth 2.0 client credentials (M2M).
    #[command(subcommand)]
    Cert(cert::CertCommand),
    /// List recent refused token logins from the Login Audit Trail (read with a working profile).
    Audit(audit::AuditArgs),
    /// Move a working TBA connection to OAuth 2.0, guided item by item (resumable).
    Migrate(migrate::MigrateArgs),
    /// Log in with OAuth 2.0 authorization code + PKCE (a person's login; refresh token saved).
    Login(login::LoginArgs),
}

/// Options shared by `test` and `report`.
#[derive(Debug, Clone, Args)]
pub struct TestOptions {
    /// Saved profile to test (environment variables override its fields one by one); repeat it
    /// to test several profiles at once.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
    /// Test every saved profile at once.
    #[arg(long)]
    pub all_profiles: bool,
    /// With several profiles: most tests at once across accounts (tests of one account run one
    /// after another).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Per-request timeout in seconds.
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 15.0,
        allow_negative_numbers = true
    )]
    pub timeout: f64,
    /// Send every NetSuite call, account lookup included, to this origin (emulator, proxy).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Allow a cleartext http:// --base-url to a host that is not loopback (credentials readable
    /// on the network).
    #[arg(long)]
    pub allow_insecure_http: bool,
    /// Interfaces to probe: rest, soap, restlet (comma-separated).
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "rest"
    )]
    pub api: Vec<String>,
    /// Auth kind to test: tba, m2m or authcode (default: the profile's, else the kind whose
    /// NETSUITE_* variables are set).
    #[arg(long, value_name = "KIND")]
    pub auth: Option<String>,
    /// The Login Audit Trail "Detail" value of the refused login (e.g. InvalidSignature), if
    /// known: the diagnosis then names that exact cause.
    #[arg(long, value_name = "VALUE")]
    pub detail: Option<String>,
    /// After a refused login, read the failing integration's recent Login Audit Trail rows with
    /// this other, working profile (it needs permission to view the Login Audit Trail).
    #[arg(long, value_name = "ADMIN")]
    pub audit_profile: Option<String>,
    /// Most requests in flight at once for one account, 1 to 3 (1: one after another; NetSuite's
    /// concurrency limit is shared with the account's own integrations).
    #[arg(
        long,
        value_name = "N",
        default_value_t = nstba::check::run::MAX_IN_FLIGHT,
        value_parser = clap::builder::TypedValueParser::map(
            clap::value_parser!(u8).range(1..=3),
            usize::from
        )
    )]
    pub in_flight: usize,
}

impl TestOptions {
    /// The one profile named (several profiles are [`test_many`]'s).
    pub fn profile(&self) -> Option<&str> {
        match self.profiles.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// `nstba test`.
#[derive(Debug, Clone, Args)]
pub struct TestArgs {
    /// Print the stable JSON report instead of text.
    #[arg(long)]
    pub json: bool,
    /// Shared options.
    #[command(flatten)]
    pub options: TestOptions,
}

/// `nstba explain`.
#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// A Login Audit Trail Detail value (e.g. InvalidSignature) or an error message (quote it).
    #[arg(required = true, num_args = 1.., value_name = "CODE|MESSAGE")]
    pub query: Vec<String>,
}

/// `nstba profile …`.
#[derive(Debug, Clone, Subcommand)]
pub enum ProfileCommand {
    /// List saved profiles.
    List,
    /// Show one profile (never its secrets).
    Show {
        /// Profile name.
        name: String,
    },
    /// Delete a profile and its stored secrets.
    Remove {
        /// Profile name.
        name: String,
    },
    /// Save the credentials found in the NETSUITE_* environment variables under NAME.
    Save {
        /// Profile name.
        name: String,
        /// Auth kind to save: tba or m2m (default: the kind whose NETSUITE_* variables are set).
        #[arg(long, value_name = "KIND")]
        auth: Option<String>,
        /// Free-text notes (customer, ticket, owner).
        #[arg(long, value_name = "TEXT")]
        notes: Option<String>,
        /// Interfaces the integration uses: rest, soap, restlet (comma-separated).
        #[arg(long, value_name = "LIST", value_delimiter = ',')]
        api: Vec<String>,
        /// The date the sandbox was last refreshed (YYYY-MM-DD); a refresh deletes its tokens.
        #[arg(long, value_name = "YYYY-MM-DD")]
        sandbox_refreshed: Option<String>,
    },
}

/// `nstba emulator`.
#[cfg(feature = "emulator")]
#[derive(Debug, Clone, Args)]
pub struct EmulatorArgs {
    /// Address to listen on (default: 127.0.0.1 with a port chosen by the OS).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// Scenario to play: the setup fault the emulator reproduces (an unknown name lists them
    /// all).
    #[arg(long, value_name = "NAME", default_value = "healthy")]
    pub scenario: String,
    /// What the three-step flow endpoints say when they refuse: `generic` (INVALID_LOGIN_ATTEMPT,
    /// as real captures show) or `specific` (the exact Login Audit Trail code).
    #[arg(long, value_name = "MODE", default_value = "generic")]
    pub flow_errors: String,
    /// REST/RESTlet realm checking: `strict` (missing or lowercase realm refused) or `lenient`.
    #[arg(long, value_name = "MODE", default_value = "strict")]
    pub realm: String,
    /// Play one of the smaller answer shapes seen in public captures (repeatable), e.g.
    /// `slow-401-concurrency`, `restlet-403`, `suiteql-403`.
    #[arg(long, value_name = "NAME")]
    pub shape: Vec<String>,
    /// Delay every answer by this many milliseconds (a real NetSuite takes 200–1,000 ms).
    #[arg(long, value_name = "MS")]
    pub latency_ms: Option<u64>,
    /// Serve this account too, playing SCENARIO (default healthy), with its own credentials
    /// (repeatable: many accounts on one origin; the banner prints each one's credentials).
    #[arg(long = "account", value_name = "ID[=SCENARIO]")]
    pub accounts: Vec<String>,
}

/// Runs the parsed command line. The caller turns the error into the exit status
/// ([`CliError::exit_code`]).
pub fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Some(Command::Sign(args)) => sign::run(&args),
        Some(Command::Test(args)) => match test_many::wanted(&args.options) {
            Some(names) => test_many::run(&args, &names?),
            None => test::run(&args),
        },
        Some(Command::Explain(args)) => explain::run(&args),
        Some(Command::Profile(cmd)) => profile::run(&cmd),
        Some(Command::Report(args)) => report::run(&args),
        #[cfg(feature = "emulator")]
        Some(Command::Emulator(args)) => emulator::run(&args),
        Some(Command::Token(cmd)) => token::run(&cmd),
        Some(Command::Cert(cmd)) => cert::run(&cmd),
        Some(Command::Audit(args)) => audit::run(&args),
        Some(Command::Migrate(args)) => migrate::run(&args),
        Some(Command::Login(args)) => login::run(&args),
        #[cfg(feature = "tui")]
        None => launch::run(cli.demo.then_some(cli.latency_ms), cli.profile.as_deref()),
        #[cfg(not(feature = "tui"))]
        None => Err(CliError::usage(
            "this nstba was built without the wizard (cargo feature `tui`); see `nstba --help`",
        )),
    }
}
