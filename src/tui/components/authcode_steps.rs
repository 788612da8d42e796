//! The words of the OAuth 2.0 authorization-code setup ("log in as a person"): one step per
//! NetSuite page, with the exact menu paths, the boxes to tick and the warnings at the moment
//! they matter (reference oauth2.md §2.1–2.5 and §3). Data only; [`super::authcode_setup`]
//! walks it.

/// What a step collects besides its checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Only a checklist.
    Checklist,
    /// The integration record: its checklist, the redirect URI (shown, copyable) and its port.
    Record,
    /// The account id, Client ID and (confidential clients) client secret.
    Client,
    /// The login itself, then the live test.
    Login,
    /// Switching the connection to M2M with the login (the core bootstrap), then its test.
    Bootstrap,
}

/// One step of the authorization-code setup.
pub type Step = super::oauth2_step::Step<StepKind>;

/// The steps, in order.
pub const STEPS: &[Step] = &[
    super::oauth2_step::enable_features(StepKind::Checklist),
    Step {
        title: "Create the integration record",
        path: "Setup > Integration > Manage Integrations > New",
        page: "/app/common/integration/integrapplist.nl",
        items: &[
            "State: Enabled",
            "OAuth 2.0: tick Authorization Code Grant",
            "Redirect URI: exactly the one shown below (F6 copies it)",
            "Public Client: tick it unless this machine can keep a client secret",
            "Scopes: tick REST Web Services and RESTlets (the ones you call)",
            "OAuth 2.0 Consent Policy: Always Ask, Ask First Time or Never Ask",
        ],
        warnings: &[
            "NetSuite compares the redirect URI character for character, port included, and refuses http://: nstba listens on https://localhost with a throwaway certificate.",
            "SOAP web services cannot use OAuth 2.0: only REST web services, RESTlets and SuiteAnalytics Connect can.",
        ],
        kind: StepKind::Record,
    },
    Step {
        title: "Client ID and secret",
        path: "shown once on the integration record's confirmation page, after Save",
        page: "",
        items: &[],
        warnings: &[
            "The Client ID and Client Secret are shown once, right after saving: copy them now. Reset Credentials issues new ones and breaks whoever used the old.",
            "Public client: no secret; each refresh token is single use, valid 48 h (Refresh Token Validity) and renewed by every run, for at most 168 h after the login (Maximum Time For Token Rotation).",
            "Confidential client: the secret is sent with every refresh; its refresh token lasts about 7 days and is not renewed: then log in again.",
        ],
        kind: StepKind::Client,
    },
    Step {
        title: "Prepare the role",
        path: "Setup > Users/Roles > Manage Roles > (the role) > Permissions > Setup",
        page: "/app/setup/rolelist.nl",
        items: &[
            "Log in using OAuth 2.0 Access Tokens",
            "REST Web Services",
            "The record permissions the integration needs",
            "Give the role to the employee who will log in (Access tab > Roles)",
        ],
        warnings: &[
            "Without Log in using OAuth 2.0 Access Tokens every call is refused with Invalid login, even after a good login; OAuth 2.0 Authorized Applications Management alone is not enough.",
        ],
        kind: StepKind::Checklist,
    },
    Step {
        title: "Log in",
        path: "your browser: NetSuite's sign-in, then its consent page (Allow)",
        page: "",
        items: &[],
        warnings: &[],
        kind: StepKind::Login,
    },
    Step {
        title: "Switch this connection to M2M (optional)",
        path: "no NetSuite page: the certificate rotation API, with the login's token",
        page: "",
        items: &[],
        warnings: &[
            "The integration record needs Client Credentials (Machine to Machine) Grant ticked too, and the role Manage own OAuth 2.0 Client Credentials certificates.",
            "The key stays in this program until you save (s on the results): then it goes to the secret store. At most 5 active certificates per record.",
        ],
        kind: StepKind::Bootstrap,
    },
];

/// What the switch does, before it runs.
pub const BOOTSTRAP_HELP: &str = "Unattended integrations should not depend on a person's login. Enter (or F3) generates an EC P-256 key and a certificate valid 730 days, uploads the certificate through the certificate rotation API mapped to the role and entity you logged in with, proves it with an M2M token request and then revokes the login's refresh token.";

/// The login step's index (0-based).
pub const LOGIN_STEP: usize = 4;

/// What the user is told before the browser opens.
pub const LOGIN_HELP: &str = "F3 starts the login: nstba listens on the redirect URI, opens the authorize address in your browser, you sign in as the person the integration acts for and click Allow.";

/// How a headless machine logs in.
pub const PASTE_HELP: &str = "No browser here? Open the address on any machine; when it ends on an error page at localhost, paste that page's address into the Pasted address field and press Enter.";

/// The start screen's choice that opens the authorization-code setup.
pub const START_CHOICE: &str = "Log in as a person (OAuth 2.0 authorization code)";
/// [`START_CHOICE`] on a small terminal.
pub const START_CHOICE_SHORT: &str = "OAuth 2.0 login as a person";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_step_is_where_login_step_says() {
        assert_eq!(STEPS[LOGIN_STEP].kind, StepKind::Login);
    }
}
