//! The emulated account: features, integration records, roles, users, access tokens and RESTlet
//! deployments, shaped like the NetSuite records an administrator edits. Scenarios are presets of
//! this model ([`AccountModel::preset`]); the verifier only reads it, so the three-step token flow
//! (request/authorize/access token) adds tokens here ([`super::flow`]).

use crate::Secret;
use crate::netsuite::AccountId;

use super::Scenario;
use super::demo;

/// Setup > Company > Enable Features, the switches TBA depends on.
#[allow(
    clippy::struct_excessive_bools,
    reason = "NetSuite's own independent checkboxes, one field each"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Features {
    /// SuiteCloud > Manage Authentication > Token-based Authentication.
    pub token_based_authentication: bool,
    /// SuiteCloud > SuiteTalk > REST Web Services.
    pub rest_web_services: bool,
    /// SuiteCloud > SuiteTalk > SOAP Web Services.
    pub soap_web_services: bool,
    /// SuiteCloud > SuiteScript > Server SuiteScript (RESTlets need it).
    pub server_suitescript: bool,
}

/// The State field of an integration record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegrationState {
    /// Requests are accepted.
    Enabled,
    /// Requests are refused (`consumer_key_refused`).
    Blocked,
    /// Auto-installed and awaiting an administrator (`consumer_key_refused`).
    WaitingForApproval,
}

/// Setup > Integration > Manage Integrations > (record).
#[derive(Debug, Clone)]
pub struct IntegrationRecord {
    /// Name shown in the Login Audit Trail as Token-based Application Name.
    pub name: String,
    /// Consumer key (a [`Secret`] too: support output shows only its last 4 characters).
    pub consumer_key: Secret,
    /// Consumer secret.
    pub consumer_secret: Secret,
    /// State.
    pub state: IntegrationState,
    /// The "Token-based Authentication" box.
    pub tba: bool,
    /// The "TBA: Authorization Flow" box (three-step flow).
    pub tba_authorization_flow: bool,
    /// Callback URL for the three-step flow.
    pub callback_url: Option<String>,
}

/// Setup > Users/Roles > Manage Roles > (role) and its permissions.
#[allow(
    clippy::struct_excessive_bools,
    reason = "one field per independent role permission"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Internal id.
    pub id: u32,
    /// Name.
    pub name: String,
    /// Inactive roles cannot log in (`permission_denied`).
    pub active: bool,
    /// Setup > Log in using Access Tokens.
    pub log_in_using_access_tokens: bool,
    /// Setup > User Access Tokens (also allows using tokens).
    pub user_access_tokens: bool,
    /// Setup > REST Web Services.
    pub rest_web_services: bool,
    /// Setup > SOAP Web Services.
    pub soap_web_services: bool,
    /// Reports > SuiteAnalytics Workbook (SuiteQL over REST needs it).
    pub suiteanalytics_workbook: bool,
    /// Record permissions by their NetSuite names, e.g. `Lists -> Employees`.
    pub record_permissions: Vec<String>,
    /// The "Web Services Only" restriction (RESTlets refuse such roles).
    pub web_services_only: bool,
    /// Setup > Log in using OAuth 2.0 Access Tokens (every Bearer request needs it).
    pub log_in_using_oauth2_access_tokens: bool,
}

impl Role {
    /// Whether the role may authenticate with a token at all.
    pub fn can_use_tokens(&self) -> bool {
        self.log_in_using_access_tokens || self.user_access_tokens
    }

    /// Whether the role holds a record permission.
    pub fn has_record_permission(&self, name: &str) -> bool {
        self.record_permissions.iter().any(|p| p == name)
    }
}

/// An employee (entity) with access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Internal id (the Entity ID of tokeninfo).
    pub id: u32,
    /// Name.
    pub name: String,
    /// Login email.
    pub email: String,
    /// Inactive entities cannot log in (`permission_denied`).
    pub active: bool,
    /// Locked after failed logins (`temporary_locked`).
    pub locked: bool,
    /// Role ids the user has been given.
    pub roles: Vec<u32>,
}

/// Setup > Users/Roles > Access Tokens > (token).
#[derive(Debug, Clone)]
pub struct AccessToken {
    /// Token name (Login Audit Trail: Token-based Access Token Name).
    pub name: String,
    /// Token id.
    pub id: Secret,
    /// Token secret.
    pub secret: Secret,
    /// Consumer key of the integration record it was issued for.
    pub consumer_key: Secret,
    /// User id.
    pub user: u32,
    /// Role id.
    pub role: u32,
    /// Inactive or revoked tokens are rejected (`token_rejected`).
    pub active: bool,
}

/// A deployed RESTlet script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestletDeployment {
    /// Script id (`customscript_…`).
    pub script_id: String,
    /// Script internal id (numeric form of `script=`).
    pub script_number: u32,
    /// Deployment id (`customdeploy_…`).
    pub deploy_id: String,
    /// Deployment internal id (numeric form of `deploy=`).
    pub deploy_number: u32,
    /// Status Released (else `SSS_INVALID_SCRIPTLET_ID`).
    pub released: bool,
}

impl RestletDeployment {
    /// Whether `script=` and `deploy=` (id or number) name this deployment.
    pub fn matches(&self, script: &str, deploy: &str) -> bool {
        (script == self.script_id || script == self.script_number.to_string())
            && (deploy == self.deploy_id || deploy == self.deploy_number.to_string())
    }
}

/// One emulated NetSuite account.
#[derive(Debug, Clone)]
pub struct AccountModel {
    /// Canonical account id (realm).
    pub account: AccountId,
    /// Company name (tokeninfo).
    pub company_name: String,
    /// Whether the datacenter lookup knows this account.
    pub known_to_lookup: bool,
    /// Enabled features.
    pub features: Features,
    /// Integration records.
    pub integrations: Vec<IntegrationRecord>,
    /// Roles.
    pub roles: Vec<Role>,
    /// Users.
    pub users: Vec<User>,
    /// Access tokens.
    pub tokens: Vec<AccessToken>,
    /// RESTlet deployments.
    pub restlets: Vec<RestletDeployment>,
    /// Concurrent requests allowed for the account (shared by SOAP, REST and RESTlets).
    pub concurrency_limit: usize,
    /// Slots held by other integrations (the Concurrency scenario fills them all).
    pub concurrency_used_elsewhere: usize,
    /// OAuth 2.0 client credentials: M2M grant per record and the certificate mappings.
    pub m2m: super::oauth2::M2mSetup,
    /// The legacy issuetoken path: passwords, 2FA roles, records with the endpoint box.
    pub issuetoken: super::issuetoken::IssueTokenSetup,
}

/// Callback URL of the demo integration record: any port on the loopback host.
pub const DEMO_CALLBACK: &str = "http://localhost:*";

/// Record permission the sample SuiteQL and metadata answers are about.
pub const EMPLOYEES_PERMISSION: &str = "Lists -> Employees";

impl AccountModel {
    /// An account with exactly one integration, user, role and token built from `credentials`.
    pub fn single(account: AccountId, credentials: &crate::netsuite::Credentials) -> AccountModel {
        let mut m = AccountModel {
            account,
            company_name: "Emulated Company (nstba demo)".into(),
            known_to_lookup: true,
            features: Features {
                token_based_authentication: true,
                rest_web_services: true,
                soap_web_services: true,
                server_suitescript: true,
            },
            integrations: vec![IntegrationRecord {
                name: "nstba demo integration".into(),
                consumer_key: credentials.consumer_key.clone(),
                consumer_secret: credentials.consumer_secret.clone(),
                state: IntegrationState::Enabled,
                tba: true,
                tba_authorization_flow: true,
                // Loopback callbacks, as `nstba token request` uses (allowed by NetSuite since 2020.1).
                callback_url: Some(DEMO_CALLBACK.into()),
            }],
            roles: vec![Role {
                id: 1001,
                name: "Integration (nstba demo)".into(),
                active: true,
                log_in_using_access_tokens: true,
                user_access_tokens: false,
                rest_web_services: true,
                soap_web_services: true,
                suiteanalytics_workbook: true,
                record_permissions: vec![EMPLOYEES_PERMISSION.into(), "Lists -> Customers".into()],
                web_services_only: false,
                log_in_using_oauth2_access_tokens: true,
            }],
            users: vec![User {
                id: 4242,
                name: "Demo Integration User".into(),
                email: "integration@example.com".into(),
                active: true,
                locked: false,
                roles: vec![1001],
            }],
            tokens: vec![AccessToken {
                name: "nstba demo token".into(),
                id: credentials.token_id.clone(),
                secret: credentials.token_secret.clone(),
                consumer_key: credentials.consumer_key.clone(),
                user: 4242,
                role: 1001,
                active: true,
            }],
            restlets: vec![RestletDeployment {
                script_id: demo::RESTLET_SCRIPT.into(),
                script_number: 42,
                deploy_id: demo::RESTLET_DEPLOY.into(),
                deploy_number: 1,
                released: true,
            }],
            concurrency_limit: 5,
            concurrency_used_elsewhere: 0,
            m2m: super::oauth2::M2mSetup::demo(&credentials.consumer_key, 4242, 1001),
            issuetoken: super::issuetoken::IssueTokenSetup::demo(&credentials.consumer_key, 4242),
        };
        // Two more roles for the issuetoken path, after the integration role (which stays the
        // user's first: the three-step flow's default role).
        let extra = super::issuetoken::IssueTokenSetup::demo_roles(&m.roles[0]);
        m.users[0].roles.extend(extra.iter().map(|r| r.id));
        m.roles.extend(extra);
        m
    }

    /// Adds the administrator of the demo account: its own integration record, role (with the
    /// Login Audit Trail), user and token ([`demo::admin_credentials`]), after the demo ones.
    pub fn add_admin(&mut self) {
        let c = demo::admin_credentials();
        let mut record = self.integrations[0].clone();
        record.name = "nstba admin tools".into();
        record.consumer_key = c.consumer_key.clone();
        record.consumer_secret = c.consumer_secret.clone();
        let mut role = self.roles[0].clone();
        role.id = demo::ADMIN_ROLE_ID;
        role.name = "Administrator".into();
        let mut user = self.users[0].clone();
        user.id = 4200;
        user.name = "Demo Administrator".into();
        user.email = "admin@example.com".into();
        user.roles = vec![demo::ADMIN_ROLE_ID];
        self.integrations.push(record);
        self.roles.push(role);
        self.users.push(user);
        self.tokens.push(AccessToken {
            name: "nstba admin token".into(),
            id: c.token_id,
            secret: c.token_secret,
            consumer_key: c.consumer_key,
            user: 4200,
            role: demo::ADMIN_ROLE_ID,
            active: true,
        });
    }

    /// The model a scenario starts from (the demo account and demo credentials, altered; the
    /// administrator's token is added untouched).
    pub fn preset(scenario: Scenario) -> AccountModel {
        let account = AccountId::parse(demo::ACCOUNT).expect("the demo account id is valid");
        AccountModel::preset_for(scenario, account, &demo::credentials())
    }

    /// [`AccountModel::preset`] for another account with its own credentials (the
    /// multi-account emulator: each account plays its own scenario).
    pub fn preset_for(
        scenario: Scenario,
        account: AccountId,
        credentials: &crate::netsuite::Credentials,
    ) -> AccountModel {
        let mut m = AccountModel::single(account, credentials);
        m.add_admin();
        match scenario {
            Scenario::Healthy
            | Scenario::ClockAhead
            | Scenario::M2mClockSkew
            | Scenario::AuthcodeRefreshExpired
            | Scenario::AuthcodeGrantNotTicked
            | Scenario::Maintenance
            | Scenario::Slow
            | Scenario::MalformedBody => {}
            Scenario::WrongConsumerSecret => {
                // The record was reset (or belongs to another account); the client kept the old secret.
                m.integrations[0].consumer_secret = Secret::new("ab".repeat(32));
            }
            Scenario::RevokedToken => m.tokens[0].active = false,
            Scenario::RoleWithoutRest => m.roles[0].rest_web_services = false,
            Scenario::RecordPermission => m.roles[0].record_permissions.clear(),
            Scenario::IntegrationBlocked => m.integrations[0].state = IntegrationState::Blocked,
            Scenario::FeatureDisabled => m.features.token_based_authentication = false,
            Scenario::Concurrency => m.concurrency_used_elsewhere = m.concurrency_limit,
            Scenario::AccountNotFound => {
                // NetSuite answers for *some* account, and it is not the demo one: nothing the
                // client holds exists there.
                m.account = AccountId::parse("7654321").expect("valid id");
                m.known_to_lookup = true;
                m.integrations.clear();
                m.tokens.clear();
            }
            Scenario::WebServicesOnlyRole => m.roles[0].web_services_only = true,
            Scenario::LockedUser => m.users[0].locked = true,
            Scenario::NoTokenLoginPermission => {
                m.roles[0].log_in_using_access_tokens = false;
                m.roles[0].user_access_tokens = false;
            }
            Scenario::AuthcodeNoCertificatePermission => m.m2m.certificate_managers.clear(),
            s if s.is_m2m() => super::oauth2::scenario::apply(s, &mut m),
            s if s.is_migrate() => super::oauth2::scenario::apply_migrate(s, &mut m),
            _ => {}
        }
        m
    }

    /// The integration record with this consumer key.
    pub fn integration(&self, consumer_key: &str) -> Option<&IntegrationRecord> {
        self.integrations
            .iter()
            .find(|i| i.consumer_key.expose() == consumer_key)
    }

    /// The token with this id.
    pub fn token(&self, id: &str) -> Option<&AccessToken> {
        self.tokens.iter().find(|t| t.id.expose() == id)
    }

    /// The role with this id.
    pub fn role(&self, id: u32) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// The user with this id.
    pub fn user(&self, id: u32) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_differ_from_healthy_where_they_should() {
        let healthy = AccountModel::preset(Scenario::Healthy);
        assert_eq!(healthy.account.realm(), demo::ACCOUNT);
        let creds = demo::credentials();
        assert!(healthy.integration(creds.consumer_key.expose()).is_some());
        assert!(healthy.token(creds.token_id.expose()).unwrap().active);
        assert!(!AccountModel::preset(Scenario::RevokedToken).tokens[0].active);
        assert!(
            AccountModel::preset(Scenario::AccountNotFound)
                .integration(creds.consumer_key.expose())
                .is_none()
        );
        // Secrets never show in Debug.
        let dbg = format!("{healthy:?}");
        assert!(!dbg.contains(creds.consumer_secret.expose()));
        assert!(!dbg.contains(creds.token_secret.expose()));
        assert!(!dbg.contains(creds.consumer_key.expose()));
        assert!(!dbg.contains(creds.token_id.expose()));
    }
}
