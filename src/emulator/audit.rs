//! The emulated Login Audit Trail: one entry per request to an authenticated route, with the
//! Detail value NetSuite would show in the UI (real NetSuite never tells the client; tests and the
//! demo read it from `GET /__nstba/audit-trail`).

/// One row of the emulated Login Audit Trail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    /// When (emulated clock, Unix seconds).
    pub unix_time: u64,
    /// `rest`, `restlet` or `soap`.
    pub interface: &'static str,
    /// Request path (no query).
    pub path: String,
    /// The LAT Detail value for a login failure (`InvalidSignature`, `token_rejected`, `NonceUsed`…);
    /// for a request that logged in but was then refused, the error code the client got
    /// (`USER_ERROR`, `INSUFFICIENT_PERMISSION`, `CONCURRENCY_LIMIT_EXCEEDED`…); `None` on success.
    pub detail: Option<String>,
    /// HTTP status sent.
    pub status: u16,
    /// Whether the request was served (2xx).
    pub success: bool,
    /// Emulator remark, e.g. a non-canonical realm that was accepted because NetSuite's strictness
    /// there is unverified.
    pub note: Option<String>,
    /// Token-based Application Name: the integration record the consumer key names, if any.
    pub app: Option<String>,
    /// Token-based Access Token Name: the token the request named, if it exists.
    pub token_name: Option<String>,
    /// The token's user (entity) name.
    pub user: Option<String>,
    /// The user's email address.
    pub email: Option<String>,
    /// The token's role name.
    pub role: Option<String>,
    /// The request's `User-Agent`.
    pub user_agent: Option<String>,
}

/// Who a request presented itself as: names looked up from the consumer key and token it sent
/// (OAuth header or SOAP token passport), as the Login Audit Trail shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Who {
    /// Integration record name.
    pub app: Option<String>,
    /// Token name.
    pub token_name: Option<String>,
    /// User name.
    pub user: Option<String>,
    /// User email.
    pub email: Option<String>,
    /// Role name.
    pub role: Option<String>,
}

impl Who {
    /// The names `consumer_key` and `token` stand for in `model` (unknown ones stay `None`).
    pub fn of(model: &super::model::AccountModel, consumer_key: &str, token: &str) -> Who {
        let app = model.integration(consumer_key).map(|i| i.name.clone());
        let t = model.token(token);
        let user = t.and_then(|t| model.user(t.user));
        Who {
            app,
            token_name: t.map(|t| t.name.clone()),
            user: user.map(|u| u.name.clone()),
            email: user.map(|u| u.email.clone()),
            role: t.and_then(|t| model.role(t.role)).map(|r| r.name.clone()),
        }
    }
}

/// Entries kept at most; older ones are dropped so a long-running emulator stays small.
pub const MAX_ENTRIES: usize = 10_000;
