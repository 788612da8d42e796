//! What both browser logins (`nstba token request`, the TBA three-step flow, and `nstba login`,
//! the authorization code flow) do while the user is in the browser: read pasted addresses from
//! standard input, and stop on Ctrl-C.

use std::io::BufRead;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Lines typed or pasted on standard input, as they come. A detached thread: a blocking stdin
/// read cannot be cancelled, and the process ends when the command returns. A closed stdin (EOF)
/// closes the channel, leaving only the browser path.
pub fn stdin_lines() -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel(4);
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.blocking_send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// A token cancelled by Ctrl-C (call inside the runtime).
pub fn ctrl_c() -> CancellationToken {
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    cancel
}
