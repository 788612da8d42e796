//! The legacy issuetoken call, run by the runtime in its own task: one call to the core
//! ([`issue_token`]), its answer sent back as [`Message::IssueDone`]. The settings (with the
//! password) are dropped, and so wiped, as soon as the call returns.

use tokio::sync::mpsc::UnboundedSender;

use super::components::issue::IssueProblem;
use super::message::Message;
use crate::authflow::issuetoken::{IssueFailure, IssueSettings, issue_token};

/// Makes the call `id` and reports it.
pub async fn run(id: u64, settings: Box<IssueSettings>, tx: UnboundedSender<Message>) {
    let result = issue_token(&settings).await;
    drop(settings);
    let _ = tx.send(Message::IssueDone(id, result.map_err(|f| problem(&f))));
}

/// The failure as the overlay shows it. Its text is the core's, which redacts every secret
/// the call knew and sanitizes what the server sent.
pub fn problem(f: &IssueFailure) -> IssueProblem {
    IssueProblem {
        message: f.to_string(),
        code: f.code().map(str::to_string),
        two_factor: f.two_factor_required(),
        refused: matches!(f, IssueFailure::Issue(_)),
    }
}
