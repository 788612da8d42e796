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
}

/// Entries kept at most; older ones are dropped so a long-running emulator stays small.
pub const MAX_ENTRIES: usize = 10_000;
