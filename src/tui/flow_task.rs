//! The runtime's background work for the automatic token: the three-step flow as a task that
//! reports by messages, the demo's simulated Allow, opening a browser, and the OSC 52 copy.

use std::io::{self, Write};
use std::time::Duration;

use tokio::sync::mpsc::{self, UnboundedSender};
use tokio_util::sync::CancellationToken;

use super::flow::{FlowId, FlowProblem, FlowRequest, FlowStarted, FlowToken};
use super::message::Message;
use crate::authflow::three_legged::{FlowClient, FlowFailure, FlowSettings};
use crate::netsuite::flow::FlowError;

/// Per-request timeout of the flow's HTTP calls.
const FLOW_REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// Runs the three-step authorization flow `id`: sends [`Message::FlowStarted`] once the consent
/// URL is known, then [`Message::FlowDone`]. Pasted redirect addresses arrive on `pasted`.
pub async fn run_flow(
    id: FlowId,
    request: FlowRequest,
    pasted: mpsc::Receiver<String>,
    cancel: CancellationToken,
    tx: UnboundedSender<Message>,
    wait: Duration,
) {
    let client = match FlowClient::new(FlowSettings {
        account: request.account,
        consumer_key: request.consumer_key,
        consumer_secret: request.consumer_secret,
        role: None,
        callback_port: request.callback_port,
        timeout: FLOW_REQUEST_TIMEOUT.min(wait),
        base_url: request.base_url,
    }) {
        Ok(c) => c,
        Err(e) => {
            let _ = tx.send(Message::FlowStarted(id, Err(problem(&e, None))));
            return;
        }
    };
    let pending = tokio::select! {
        _ = cancel.cancelled() => return,
        r = client.start() => match r {
            Ok(p) => p,
            Err(e) => {
                let _ = tx.send(Message::FlowStarted(id, Err(problem(&e, None))));
                return;
            }
        },
    };
    let port = pending.port();
    let opened = !request.demo && open_browser(&pending.authorize_url).is_ok();
    let _ = tx.send(Message::FlowStarted(
        id,
        Ok(FlowStarted {
            authorize_url: pending.authorize_url.clone(),
            callback_url: pending.callback_url.clone(),
            port,
            opened,
        }),
    ));
    let result = match pending.wait(wait, Some(pasted), &cancel).await {
        Ok(authorized) => client.finish(&pending, &authorized).await,
        Err(e) => Err(e),
    };
    if cancel.is_cancelled() {
        return;
    }
    let msg = result
        .map(|t| FlowToken {
            token_id: t.token_id,
            token_secret: t.token_secret,
        })
        .map_err(|e| problem(&e, Some(port)));
    let _ = tx.send(Message::FlowDone(id, msg));
}

/// A flow failure as the wizard shows it (no secrets: the failure's text never holds one).
fn problem(e: &FlowFailure, port: Option<u16>) -> FlowProblem {
    FlowProblem {
        message: e.to_string(),
        code: e.code().map(str::to_string),
        port,
        inconclusive: matches!(e, FlowFailure::Flow(FlowError::Inconclusive { .. })),
        cancelled: matches!(e, FlowFailure::Cancelled),
        denied: matches!(e, FlowFailure::Flow(FlowError::Denied)),
        timed_out: matches!(e, FlowFailure::TimedOut(_)),
    }
}

/// Asks the terminal to put `text` on the clipboard (OSC 52). Terminals that do not allow it
/// ignore the sequence; the wizard's notice says so.
pub(super) fn copy_osc52(text: &str) {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    let _ = write!(out, "\x1b]52;c;{b64}\x07");
    let _ = out.flush();
}

/// Demo: what a browser does when the user clicks Allow on the emulator's consent page (a GET of
/// the consent URL with `&decision=allow`, following the redirect to the callback server).
pub async fn simulate_allow(authorize_url: &str) -> Result<u16, String> {
    let client = reqwest::Client::builder()
        .timeout(FLOW_REQUEST_TIMEOUT)
        .build()
        .map_err(|e| e.to_string())?;
    let resp = client
        .get(format!("{authorize_url}&decision=allow"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    Ok(resp.status().as_u16())
}

/// Opens `url` in the user's browser (the `webbrowser` crate: the platform's opener, `$BROWSER`,
/// or a known browser), its output kept off the wizard's screen; why not, when it could not.
pub(super) fn open_browser(url: &str) -> Result<(), String> {
    webbrowser::open(url).map_err(|e| e.to_string())
}
