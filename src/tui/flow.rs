//! The automatic token (three-step authorization flow) as the wizard sees it: what the runtime
//! needs to start it, what it reports back, and the pure explanation of a failure (the same
//! fixes `nstba token request` prints).

use crate::Secret;
use crate::check::catalogue;

/// Identifies one flow, so results of a cancelled one are ignored.
pub type FlowId = u64;

/// What the runtime needs to start the flow (from the wizard's fields).
pub struct FlowRequest {
    /// Account id as typed.
    pub account: String,
    /// Consumer key of the integration record.
    pub consumer_key: Secret,
    /// Consumer secret of the integration record.
    pub consumer_secret: Secret,
    /// Send every call to this origin (the demo emulator).
    pub base_url: Option<String>,
    /// Demo mode: no browser is opened (the simulate-Allow key completes the consent).
    pub demo: bool,
    /// The loopback port of the callback (fixed, so the integration record's Callback URL is set
    /// once; 0 lets the OS pick).
    pub callback_port: u16,
}

/// The callback port the wizard uses unless told otherwise: fixed, so the Callback URL on the
/// integration record stays right from one run to the next.
pub const DEFAULT_CALLBACK_PORT: u16 = 8765;

/// The Callback URL for `port`.
pub fn callback_url(port: u16) -> String {
    format!("http://localhost:{port}")
}

/// A plain-words reading of a connection failure, when the error chain names one.
pub fn network_hint(message: &str) -> Option<&'static str> {
    let m = message.to_ascii_lowercase();
    if m.contains("dns error")
        || m.contains("failed to lookup")
        || m.contains("name or service not known")
        || m.contains("no such host")
    {
        Some(
            "The host name does not resolve: check the account id (it names the host), this machine's network, VPN or DNS. The connection test (Esc, then finish the steps) checks DNS, TCP and TLS one by one.",
        )
    } else if m.contains("connection refused") {
        Some(
            "Nothing answered at that address: a proxy or firewall may block it, or (demo) the emulator stopped.",
        )
    } else if m.contains("timed out") || m.contains("timeout") {
        Some(
            "NetSuite did not answer in time: check the network, VPN or proxy, then press F3 again.",
        )
    } else if m.contains("address already in use") || m.contains("addrinuse") {
        Some(
            "The callback port is in use by another program: close it (or another nstba), then press F3 again.",
        )
    } else {
        None
    }
}

/// Step one done: where the browser goes and where NetSuite comes back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowStarted {
    /// The consent page to open.
    pub authorize_url: String,
    /// The loopback callback (`http://localhost:<port>`).
    pub callback_url: String,
    /// The callback server's port.
    pub port: u16,
    /// A browser opener was found and asked to open the URL.
    pub opened: bool,
}

/// Why the flow stopped, without secrets.
#[allow(
    clippy::struct_excessive_bools,
    reason = "to become one enum of kinds in the TUI rework (review §3)"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowProblem {
    /// The failure as one sentence.
    pub message: String,
    /// NetSuite's §5.5 code, when it gave one.
    pub code: Option<String>,
    /// The callback port, once known.
    pub port: Option<u16>,
    /// NetSuite answered without naming a cause.
    pub inconclusive: bool,
    /// The user cancelled (nothing to explain).
    pub cancelled: bool,
    /// Deny was clicked on the consent page.
    pub denied: bool,
    /// Nobody came back from the consent page in time.
    pub timed_out: bool,
}

/// The issued token. `Debug` is redacted by [`Secret`].
#[derive(Debug, Clone)]
pub struct FlowToken {
    /// Token id.
    pub token_id: Secret,
    /// Token secret.
    pub token_secret: Secret,
}

/// The cause's fix lines: the specific integration-record fixes, then the catalogue's entry for
/// the code (as `nstba token request` prints them).
pub fn fix_lines(p: &FlowProblem) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(hint) = network_hint(&p.message) {
        lines.push(hint.to_string());
    }
    match p.code.as_deref() {
        Some("InvalidCallback") => {
            let port = p
                .port
                .filter(|p| *p != 0)
                .map(|p| p.to_string())
                .unwrap_or_else(|| "PORT".into());
            lines.push(format!(
                "Fix: on the integration record (Setup > Integration > Manage Integrations > Edit), \
                 set Callback URL to http://localhost:{port} (the wizard always uses this port)."
            ));
        }
        Some("AuthorizationFlowRequired") => lines.push(
            "Fix: on the integration record (Setup > Integration > Manage Integrations > Edit), tick \
             TBA: Authorization Flow (under Token-based Authentication) and set a Callback URL, then save."
                .into(),
        ),
        _ => {}
    }
    if let Some(code) = p.code.as_deref()
        && let Some(found) = catalogue::explain(code)
    {
        let e = found.entry;
        lines.push(format!("{}: {}", e.code, e.title));
        for (i, fix) in e.fixes.iter().enumerate() {
            lines.push(format!("{}. {fix}", i + 1));
        }
    }
    if p.denied {
        lines.push(
            "The consent was refused (Deny). Press F3 again and click Allow, signed in as the user \
             and role the token is for."
                .into(),
        );
    }
    if p.timed_out {
        lines.push(
            "Press F3 again, open the address and click Allow. If the browser then shows an error \
             page at the localhost address (a browser on another machine), paste that page's address \
             into the field instead of waiting."
                .into(),
        );
    }
    if p.inconclusive {
        lines.push(
            "NetSuite did not name a cause. Look at Setup > Users/Roles > User Management > View \
             Login Audit Trail (Detail column) for this integration."
                .into(),
        );
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(code: &str) -> FlowProblem {
        FlowProblem {
            message: "refused".into(),
            code: Some(code.into()),
            port: Some(4711),
            inconclusive: false,
            cancelled: false,
            denied: false,
            timed_out: false,
        }
    }

    #[test]
    fn invalid_callback_names_the_port() {
        let l = fix_lines(&problem("InvalidCallback"));
        assert!(l[0].contains("http://localhost:4711"), "{l:?}");
    }

    #[test]
    fn deny_and_time_out_say_what_to_do() {
        let mut p = problem("x");
        p.code = None;
        p.denied = true;
        assert!(fix_lines(&p).iter().any(|l| l.contains("click Allow")));
        p.denied = false;
        p.timed_out = true;
        assert!(fix_lines(&p).iter().any(|l| l.contains("paste")));
    }

    #[test]
    fn flow_required_says_what_to_tick() {
        let l = fix_lines(&problem("AuthorizationFlowRequired"));
        assert!(l[0].contains("TBA: Authorization Flow"), "{l:?}");
    }
}
