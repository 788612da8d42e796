//! Paths of the NetSuite endpoints nstba calls, relative to the host each lives on.

/// Unauthenticated account lookup, on `rest.netsuite.com` (or `--base-url`).
pub const DATACENTER_URLS: &str = "/rest/datacenterurls";
/// The public origin of the account lookup.
pub const DATACENTER_ORIGIN: &str = "https://rest.netsuite.com";
/// REST: server time (login only, no record permission). On the REST host.
pub const REST_SERVER_TIME: &str = "/services/rest/system/v1/serverTime";
/// REST: record metadata catalog (needs record permissions). On the REST host.
pub const REST_METADATA_CATALOG: &str = "/services/rest/record/v1/metadata-catalog";
/// REST: SuiteQL (POST, `Prefer: transient`, JSON body `{"q": …}`). On the REST host.
pub const REST_SUITEQL: &str = "/services/rest/query/v1/suiteql";
/// RESTlet stack: who am I (company, role, entity). On the RESTlet host.
pub const TOKEN_INFO: &str = "/rest/tokeninfo";
/// RESTlet script endpoint (`?script=&deploy=`). On the RESTlet host.
pub const RESTLET: &str = "/app/site/hosting/restlet.nl";
/// Flow step one. On the RESTlet host.
pub const REQUEST_TOKEN: &str = "/rest/requesttoken";
/// Flow step three. On the RESTlet host.
pub const ACCESS_TOKEN: &str = "/rest/accesstoken";
/// Revoke a token (signed query `consumerKey`, `token`). On the RESTlet host.
pub const REVOKE_TOKEN: &str = "/rest/revoketoken";
/// Legacy NLAuth token issuance. On the RESTlet host.
pub const ISSUE_TOKEN: &str = "/rest/issuetoken";
/// Flow step two (browser). On the app host.
pub const AUTHORIZE_TOKEN: &str = "/app/login/secure/authorizetoken.nl";
/// SOAP endpoint. On the REST/SuiteTalk host.
pub const SOAP: &str = "/services/NetSuitePort_2025_2";
