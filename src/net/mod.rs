//! Network plumbing shared by the connection test, the token flows and the emulator: the
//! outgoing HTTP client ([`http`]: deadlines, capped bodies, classified transport failures) and the
//! small HTTP/1 server loop ([`http_server`]: the loopback callback server and the emulator).
//! Knows nothing of NetSuite's meaning of a request.

pub mod http;
pub mod http_server;
